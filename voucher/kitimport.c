/*
 * kitimport.c — bringing a field kit back: the read-only first look, the
 * log and the kit's tables checked, and every redemption re-judged here.
 * See kitimport.h.
 *
 * Uses SQLite's C API directly for a first, read-only and defensive look
 * at the kit file; everything else goes through core/db.h.
 */
#include "voucher/kitimport.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/date.h"
#include "core/meta.h"
#include "core/period.h"
#include "core/schema.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/lot.h"
#include "inventory/verify.h"
#include "voucher/kitcheck.h"
#include "voucher/kitrec.h"
#include "voucher/redeem.h"
#include "voucher/redemption.h"

/* ---- import: the first, read-only look ---- */

/* The kit's schema, compared line by line with this database's: a kit
 * made by this lumbung has exactly the same tables, indexes and
 * triggers, so any difference is a hand edit (a dropped trigger) or a
 * kit from another version. */
static const char schema_sql[] =
	"SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema"
	" WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";

struct schema_row {
	char *text; /* "type name tbl_name sql" */
};

static void schema_free(char **rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

static int schema_main(lb_db *db, char ***rows, size_t *n, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db, schema_sql, e);
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		lb_buf b;
		char **p;

		if (!(p = lb_kit_grow(*rows, &cap, *n, sizeof *p))) {
			rc = lb_oom(e);
			break;
		}
		*rows = p;
		lb_buf_init(&b);
		if (lb_buf_addf(&b, e, "%s %s %s %s", lb_col_text(st, 0), lb_col_text(st, 1), lb_col_text(st, 2),
				lb_col_text(st, 3))) {
			rc = LB_ESYS;
			break;
		}
		(*rows)[(*n)++] = lb_buf_detach(&b);
	}
	lb_stmt_free(st);
	if (rc != LB_DONE) {
		schema_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return rc;
	}
	return LB_OK;
}

static int raw_fail(sqlite3 *h, const char *path, int rc, lb_err *e)
{
	if ((rc & 0xff) == SQLITE_NOTADB)
		return lb_fail(e, LB_EINPUT, "'%s' is not a lumbung field kit (not an SQLite file)", path);
	if ((rc & 0xff) == SQLITE_CORRUPT)
		return lb_fail(e, LB_ERULE, "field kit '%s' is damaged (%s)", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
	return lb_fail(e, LB_ESYS, "cannot read field kit '%s': %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
}

static int raw_int(sqlite3 *h, const char *path, const char *sql, int64_t *out, lb_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);

	*out = 0;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? LB_OK : raw_fail(h, path, rc, e);
}

static int preflight(lb_db *db, const char *path, lb_err *e)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	char **want = NULL;
	size_t nwant = 0, i = 0;
	int64_t appid, version, mine;
	struct stat sb;
	int rc, src;

	if (stat(path, &sb) != 0)
		return lb_fail(e, LB_EINPUT, "cannot read field kit '%s': %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return lb_fail(e, LB_EINPUT, "'%s' is not a lumbung field kit (not a file)", path);
	if (sb.st_size == 0)
		return lb_fail(e, LB_EINPUT, "'%s' is not a lumbung field kit (an empty file)", path);
	if ((src = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK) {
		rc = raw_fail(h, path, src, e);
		goto done;
	}
	/* A stranger's file: no code from its schema runs here. */
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_extended_result_codes(h, 1);
	if ((rc = raw_int(h, path, "PRAGMA application_id", &appid, e)))
		goto done;
	if (appid != LB_APP_ID) {
		rc = lb_fail(e, LB_EINPUT, "'%s' is an SQLite database but not a lumbung field kit", path);
		goto done;
	}
	if ((rc = raw_int(h, path, "PRAGMA user_version", &version, e)) ||
	    (rc = lb_db_int(db, "PRAGMA user_version", 0, &mine, e)))
		goto done;
	if (version != mine) {
		rc = lb_fail(e, LB_ERULE,
			     "field kit '%s' has schema version %lld and this database %lld: import it with the lumbung that exported it",
			     path, (long long)version, (long long)mine);
		goto done;
	}
	if ((src = sqlite3_prepare_v2(h, "PRAGMA quick_check", -1, &st, NULL)) != SQLITE_OK ||
	    (src = sqlite3_step(st)) != SQLITE_ROW) {
		rc = raw_fail(h, path, src, e);
		goto done;
	}
	if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		rc = lb_fail(e, LB_ERULE, "field kit '%s' is damaged (%.200s)", path, sqlite3_column_text(st, 0));
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((src = sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'kind'", -1, &st, NULL)) != SQLITE_OK) {
		rc = raw_fail(h, path, src, e);
		goto done;
	}
	src = sqlite3_step(st);
	if (src != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), "kit") != 0) {
		rc = lb_fail(e, LB_EINPUT, "'%s' is a lumbung database but not a field kit", path);
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = schema_main(db, &want, &nwant, e)))
		goto done;
	if ((src = sqlite3_prepare_v2(h, schema_sql, -1, &st, NULL)) != SQLITE_OK) {
		rc = raw_fail(h, path, src, e);
		goto done;
	}
	rc = LB_OK;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		char got[8192];
		snprintf(got, sizeof got, "%s %s %s %s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
			 sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
		if (i >= nwant || strcmp(got, want[i]) != 0) {
			/* Name the first object that differs, by its type and name. */
			const char *w = i < nwant ? want[i] : "";
			char wt[32] = "", wn[128] = "";
			sscanf(w, "%31s %127s", wt, wn);
			if (i < nwant && strcmp(got, w) > 0)
				rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its %s '%s' is missing", path, wt, wn);
			else
				rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its %s '%.64s' is not lumbung's",
					     path, (const char *)sqlite3_column_text(st, 0),
					     (const char *)sqlite3_column_text(st, 1));
			goto done;
		}
		i++;
	}
	if (src != SQLITE_DONE) {
		rc = raw_fail(h, path, src, e);
		goto done;
	}
	if (i < nwant) {
		char wt[32] = "", wn[128] = "";
		sscanf(want[i], "%31s %127s", wt, wn);
		rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its %s '%s' is missing", path, wt, wn);
	}
done:
	sqlite3_finalize(st);
	sqlite3_close(h);
	schema_free(want, nwant);
	return rc;
}

/* ---- import: the log and the kit's tables ---- */

struct entry {
	int64_t seq;
	char at[32];
	unsigned char *cs;
	size_t n;
	unsigned char prev[LB_HASH_BYTES], hash[LB_HASH_BYTES];
	struct lb_kit_changes ch;
	/* Applied in this import: its attempts' signatures checked ahead
	 * (one per ch.att, in order), and the first one's number among all
	 * the import's attempts. */
	struct lb_sig_ahead *ahead;
	size_t first_job;
};

static void entries_free(struct entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].cs);
		free(v[i].ahead);
		lb_kit_changes_free(&v[i].ch);
	}
	free(v);
}

/* ---- signatures checked ahead ----
 *
 * Checking an Ed25519 signature costs as much as posting the package it
 * guards, and needs no database: a second thread checks the scans' QR
 * texts against this database's public keys (read once, before) while
 * this one posts, in the order the redemptions are applied, and each
 * redemption waits for its own. lb_voucher_verify_ahead still finds the
 * key in the database under the import's lock and uses the answer only
 * when that key is the one checked with. */
struct sigs {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
	int started;
	int stop;            /* the import gave up: stop checking */
	size_t done;         /* jobs finished, in order */
	size_t njobs;
	struct entry *v;
	size_t from, to;     /* the entries applied */
	struct lb_key_row *keys;
	size_t nkeys;
};

static void *sig_worker(void *arg)
{
	struct sigs *g = arg;

	for (size_t i = g->from; i < g->to; i++) {
		const struct lb_kit_changes *c = &g->v[i].ch;
		for (size_t j = 0; j < c->natt; j++) {
			const struct lb_kit_attempt *a = &c->att[j];
			int stop;
			if (a->outcome == LB_OUT_ACCEPTED && a->redemption_id)
				lb_sig_check_ahead(a->payload, strlen(a->payload), g->keys, g->nkeys,
						   &g->v[i].ahead[j]);
			pthread_mutex_lock(&g->mu);
			g->done++;
			stop = g->stop;
			pthread_cond_broadcast(&g->cv);
			pthread_mutex_unlock(&g->mu);
			if (stop)
				return NULL;
		}
	}
	return NULL;
}

static int key_push(void *arg, const struct lb_key_row *k, lb_err *e)
{
	struct sigs *g = arg;
	struct lb_key_row *p = realloc(g->keys, (g->nkeys + 1) * sizeof *p);

	if (!p)
		return lb_oom(e);
	g->keys = p;
	g->keys[g->nkeys++] = *k;
	return 0;
}

/* Sort entries [from, to)'s rows as apply_entry reads them, then start
 * checking their scans' signatures. Without a thread every signature is
 * checked when its redemption is judged, as anywhere else. */
static int sigs_start(struct sigs *g, lb_db *db, struct entry *v, size_t from, size_t to, lb_err *e);
static void sigs_stop(struct sigs *g);
static const struct lb_sig_ahead *sig_wait(struct sigs *g, const struct entry *x, const struct lb_kit_attempt *a);

static int read_log(lb_db *kit, const char *path, struct entry **out, size_t *n, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(kit, "SELECT seq, at, changeset, prev_hash, hash FROM kit_log ORDER BY seq", e);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct entry *p, *x;

		if (!(p = lb_kit_grow(*out, &cap, *n, sizeof *p))) {
			rc = lb_oom(e);
			break;
		}
		*out = p;
		x = &p[*n];
		memset(x, 0, sizeof *x);
		x->seq = lb_col_int(st, 0);
		snprintf(x->at, sizeof x->at, "%s", lb_col_text(st, 1));
		x->n = lb_col_bytes(st, 2);
		if (lb_col_bytes(st, 3) != LB_HASH_BYTES || lb_col_bytes(st, 4) != LB_HASH_BYTES) {
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: log entry %lld has a malformed hash", path,
				     (long long)x->seq);
			break;
		}
		memcpy(x->prev, lb_col_blob(st, 3), LB_HASH_BYTES);
		memcpy(x->hash, lb_col_blob(st, 4), LB_HASH_BYTES);
		if (!(x->cs = malloc(x->n ? x->n : 1))) {
			rc = lb_oom(e);
			break;
		}
		if (x->n)
			memcpy(x->cs, lb_col_blob(st, 2), x->n);
		(*n)++;
	}
	lb_stmt_free(st);
	if (rc != LB_DONE) {
		entries_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	return LB_OK;
}

/* A row's content, exactly: each value's type and bytes. */
static void hash_value(lb_hasher *h, int type, int64_t i, const void *p, size_t n)
{
	unsigned char t = (unsigned char)type;

	lb_hash_update(h, &t, 1);
	if (type == SQLITE_INTEGER) {
		lb_hash_i64(h, i);
	} else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
		lb_hash_i64(h, (int64_t)n);
		lb_hash_update(h, p, n);
	}
}

struct rowsum {
	int64_t pk;
	unsigned char h[LB_HASH_BYTES];
};

/* qsort, which must not be given a NULL array even when it is empty. */
static void sort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}

static int by_pk(const void *a, const void *b)
{
	const struct rowsum *x = a, *y = b;

	return x->pk < y->pk ? -1 : x->pk > y->pk;
}

struct rowsums {
	struct rowsum *v;
	size_t n, cap;
};

static int rowsums_add(struct rowsums *s, int64_t pk, const unsigned char h[LB_HASH_BYTES], lb_err *e)
{
	struct rowsum *p = lb_kit_grow(s->v, &s->cap, s->n, sizeof *p);

	if (!p)
		return lb_oom(e);
	s->v = p;
	s->v[s->n].pk = pk;
	memcpy(s->v[s->n].h, h, LB_HASH_BYTES);
	s->n++;
	return LB_OK;
}

enum { T_RED, T_UNDO, T_ATT, T_MOV, NT };
static const char *const tnames[NT] = { "redemption", "redemption_undo", "redemption_attempt", "movement" };

/* The rows the log inserted, per table: (primary key, content hash). The
 * changesets passed lb_kit_changeset_check, so walking them again is safe. */
struct summing {
	struct rowsums *sums;
};

static int sum_insert(void *arg, long index, const char *table, int ncol, const unsigned char *pk,
		      const struct lb_kit_cval *v, lb_err *e)
{
	struct rowsums *sums = ((struct summing *)arg)->sums;
	unsigned char h[LB_HASH_BYTES];
	lb_hasher hs;
	int t;

	for (t = 0; t < NT && strcmp(table, tnames[t]) != 0; t++)
		;
	if (t == NT)
		return lb_fail(e, LB_ESYS, "bug: a checked changeset touches table %s", table);
	lb_hash_start(&hs);
	for (int c = 0; c < ncol; c++)
		hash_value(&hs, v[c].type, v[c].i, v[c].p, v[c].n);
	lb_hash_finish(&hs, h);
	return rowsums_add(&sums[t], v[0].i, h, e);
}

static int log_sums(const struct entry *v, size_t n, struct rowsums sums[NT], lb_err *e)
{
	struct summing sm = { sums };
	long count;
	int rc;

	for (size_t k = 0; k < n; k++)
		if ((rc = lb_kit_changeset_walk(v[k].cs, v[k].n, sum_insert, &sm, &count, e)))
			return rc;
	return LB_OK;
}

/* The same for the kit's own table rows with a key above after. */
static int table_sums(lb_db *kit, int t, int64_t after, struct rowsums *s, lb_err *e)
{
	char sql[160];
	lb_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s > ?1 ORDER BY 1", tnames[t],
		 t == T_UNDO ? "redemption_id" : "id");
	if (!(st = lb_db_prepare_once(kit, sql, e)))
		return LB_ESYS;
	lb_bind_int(st, 1, after);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		unsigned char h[LB_HASH_BYTES];
		lb_hasher hs;
		int nc = sqlite3_column_count(st);

		lb_hash_start(&hs);
		for (int c = 0; c < nc; c++) {
			int type = sqlite3_column_type(st, c);
			const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, c)
							    : sqlite3_column_blob(st, c);
			hash_value(&hs, type, sqlite3_column_int64(st, c), p, (size_t)sqlite3_column_bytes(st, c));
		}
		lb_hash_finish(&hs, h);
		if ((rc = rowsums_add(s, sqlite3_column_int64(st, 0), h, e)))
			break;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

/* Compare the kit's tables with what its log says they should hold. */
static int tables_match_log(lb_db *kit, const char *path, const struct entry *v, size_t n, int64_t opening_red,
			    int64_t opening_mov, lb_err *e)
{
	struct rowsums lg[NT], tb[NT];
	int rc = LB_OK;

	memset(lg, 0, sizeof lg);
	memset(tb, 0, sizeof tb);
	if ((rc = log_sums(v, n, lg, e)))
		goto done;
	for (int t = 0; t < NT; t++) {
		int64_t after = t == T_RED ? opening_red : t == T_MOV ? opening_mov : 0;

		if ((rc = table_sums(kit, t, after, &tb[t], e)))
			goto done;
		sort(lg[t].v, lg[t].n, sizeof *lg[t].v, by_pk);
		for (size_t i = 0; i < lg[t].n; i++) {
			if (i + 1 < lg[t].n && lg[t].v[i].pk == lg[t].v[i + 1].pk) {
				rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its log inserts %s row %lld twice",
					     path, tnames[t], (long long)lg[t].v[i].pk);
				goto done;
			}
		}
		for (size_t i = 0; i < lg[t].n || i < tb[t].n; i++) {
			if (i >= lg[t].n) {
				rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: %s row %lld is not in its log", path,
					     tnames[t], (long long)tb[t].v[i].pk);
				goto done;
			}
			if (i >= tb[t].n || tb[t].v[i].pk != lg[t].v[i].pk) {
				rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: %s row %lld of its log is missing",
					     path, tnames[t], (long long)lg[t].v[i].pk);
				goto done;
			}
			if (memcmp(tb[t].v[i].h, lg[t].v[i].h, LB_HASH_BYTES) != 0) {
				rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: %s row %lld differs from its log",
					     path, tnames[t], (long long)lg[t].v[i].pk);
				goto done;
			}
		}
	}
done:
	for (int t = 0; t < NT; t++) {
		free(lg[t].v);
		free(tb[t].v);
	}
	return rc;
}

/* ---- import: applying ---- */

struct kit_row {
	int64_t point_id;
	char period[8];
	char parent_db_id[LB_KIT_ID_LEN + 1];
	int64_t opening_movements, opening_redemptions, last_seq;
	unsigned char opening_hash[LB_HASH_BYTES], head_hash[LB_HASH_BYTES];
	int has_head;
	char returned_at[21];
	char point[64];
	char exported_at[21];
};

static int read_kit_row(lb_db *db, const char *kit_id, struct kit_row *k, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT k.point_id, k.period, k.parent_db_id, k.opening_movements, k.opening_hash, k.opening_redemptions,"
		" k.last_seq, k.head_hash, coalesce(k.returned_at, ''), l.code, coalesce(k.export_day, substr(k.exported_at, 1, 10))"
		" FROM field_kit k JOIN location l ON l.id = k.point_id WHERE k.kit_id = ?1", e);
	int rc;

	memset(k, 0, sizeof *k);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, kit_id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	k->point_id = lb_col_int(st, 0);
	snprintf(k->period, sizeof k->period, "%s", lb_col_text(st, 1));
	snprintf(k->parent_db_id, sizeof k->parent_db_id, "%s", lb_col_text(st, 2));
	k->opening_movements = lb_col_int(st, 3);
	if (lb_col_bytes(st, 4) == LB_HASH_BYTES)
		memcpy(k->opening_hash, lb_col_blob(st, 4), LB_HASH_BYTES);
	k->opening_redemptions = lb_col_int(st, 5);
	k->last_seq = lb_col_int(st, 6);
	if (lb_col_bytes(st, 7) == LB_HASH_BYTES) {
		memcpy(k->head_hash, lb_col_blob(st, 7), LB_HASH_BYTES);
		k->has_head = 1;
	}
	snprintf(k->returned_at, sizeof k->returned_at, "%s", lb_col_text(st, 8));
	snprintf(k->point, sizeof k->point, "%s", lb_col_text(st, 9));
	snprintf(k->exported_at, sizeof k->exported_at, "%s", lb_col_text(st, 10));
	lb_stmt_reset(st);
	*found = 1;
	return LB_OK;
}

/* What became of each kit redemption here. */
struct red_map {
	int64_t kit_id;     /* its id on the kit */
	int64_t main_id;    /* accepted: the redemption made here */
	int conflict;
	int64_t winner;     /* conflict: the redemption in force here, or 0 */
	int undone;         /* undone on the kit in this import */
	char why[600];      /* conflict: why */
};

struct imp {
	lb_db *db, *kit;
	const char *path;
	const char *kit_id;
	const char *operator;
	struct kit_row k;
	int64_t recipients_id;
	struct red_map *map;
	size_t nmap, capmap;
	struct lb_kit_import_result *out;
	lb_err *e;
	lb_redeemer *red;   /* judges each redemption again, in our transaction */
	int map_unsorted;   /* map is not in kit_id order: find_map looks at each */
	struct { int64_t kit_lot, item, main_lot; } lots[16]; /* main_lot's answers */
	size_t nlots;
	/* The entry being applied: its accepted attempts and its issues,
	 * sorted by the redemption they serve. */
	const struct lb_kit_attempt **acc;
	size_t nacc;
	const struct lb_kit_movement **iss;
	size_t niss;
	lb_day exported;    /* the kit's export day */
	const struct entry *entry; /* the entry being applied */
	struct sigs *sigs;
};

static struct red_map *find_map(struct imp *im, int64_t kit_red)
{
	/* Kit ids come in increasing order (the kit's log is in order), so
	 * the map is usually sorted: halve it; else look at each. */
	if (im->map_unsorted) {
		for (size_t i = 0; i < im->nmap; i++)
			if (im->map[i].kit_id == kit_red)
				return &im->map[i];
		return NULL;
	}
	for (size_t lo = 0, hi = im->nmap; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		if (im->map[mid].kit_id == kit_red)
			return &im->map[mid];
		if (im->map[mid].kit_id < kit_red)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Append a map entry for kit redemption kit_red (zeroed). */
static struct red_map *add_map(struct imp *im, int64_t kit_red)
{
	struct red_map *p = lb_kit_grow(im->map, &im->capmap, im->nmap, sizeof *p);

	if (!p)
		return NULL;
	im->map = p;
	if (im->nmap && im->map[im->nmap - 1].kit_id >= kit_red)
		im->map_unsorted = 1;
	p = &im->map[im->nmap++];
	memset(p, 0, sizeof *p);
	p->kit_id = kit_red;
	return p;
}

static int tampered(struct imp *im, const char *fmt, ...) LB_PRINTF(2, 3);

static int tampered(struct imp *im, const char *fmt, ...)
{
	char msg[LB_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return lb_fail(im->e, LB_ERULE, "field kit '%s' was edited by hand: %s", im->path, msg);
}

static int by_red_id(const void *a, const void *b)
{
	const struct lb_kit_redemption *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int by_mov_id(const void *a, const void *b)
{
	const struct lb_kit_movement *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int by_undo_id(const void *a, const void *b)
{
	const struct lb_kit_undo *x = a, *y = b;
	return x->redemption_id < y->redemption_id ? -1 : x->redemption_id > y->redemption_id;
}

static int by_acc_red(const void *a, const void *b)
{
	const struct lb_kit_attempt *x = *(const struct lb_kit_attempt *const *)a;
	const struct lb_kit_attempt *y = *(const struct lb_kit_attempt *const *)b;
	return x->redemption_id != y->redemption_id ? (x->redemption_id < y->redemption_id ? -1 : 1)
						    : (x->id < y->id ? -1 : x->id > y->id);
}

/* By redemption, then by id: a redemption's issues in the kit's order. */
static int by_iss_red(const void *a, const void *b)
{
	const struct lb_kit_movement *x = *(const struct lb_kit_movement *const *)a;
	const struct lb_kit_movement *y = *(const struct lb_kit_movement *const *)b;
	return x->redemption_id != y->redemption_id ? (x->redemption_id < y->redemption_id ? -1 : 1)
						    : (x->id < y->id ? -1 : x->id > y->id);
}

static int by_att_id(const void *a, const void *b)
{
	const struct lb_kit_attempt *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

struct main_voucher {
	int64_t allocation_id, point_id;
	int cancelled, revoked, replaced;
	char revoked_at[21];
};

static int main_voucher(struct imp *im, int64_t id, struct main_voucher *mv, int *found)
{
	lb_stmt *st = lb_db_prepare(im->db,
		"SELECT v.allocation_id, a.point_id, a.status <> 'allocated',"
		" EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id),"
		" EXISTS (SELECT 1 FROM voucher n WHERE n.replaces_id = v.id),"
		" coalesce((SELECT revoked_at FROM voucher_revocation x WHERE x.voucher_id = v.id), '')"
		" FROM voucher v JOIN allocation a ON a.id = v.allocation_id WHERE v.id = ?1", im->e);
	int rc;

	memset(mv, 0, sizeof *mv);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	rc = lb_step(st, im->e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	mv->allocation_id = lb_col_int(st, 0);
	mv->point_id = lb_col_int(st, 1);
	mv->cancelled = lb_col_int(st, 2) != 0;
	mv->revoked = lb_col_int(st, 3) != 0;
	mv->replaced = lb_col_int(st, 4) != 0;
	snprintf(mv->revoked_at, sizeof mv->revoked_at, "%s", lb_col_text(st, 5));
	lb_stmt_reset(st);
	*found = 1;
	return LB_OK;
}

/* The scan the kit accepted for its redemption kit_red, from the same
 * log entry; NULL when its log has none. */
static const struct lb_kit_attempt *accepted_scan(const struct imp *im, int64_t kit_red)
{
	for (size_t lo = 0, hi = im->nacc; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		if (im->acc[mid]->redemption_id == kit_red)
			return im->acc[mid];
		if (im->acc[mid]->redemption_id < kit_red)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The first of the entry's issues serving kit_red (im->niss when none). */
static size_t first_issue(const struct imp *im, int64_t kit_red)
{
	size_t lo = 0, hi = im->niss;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (im->iss[mid]->redemption_id < kit_red)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The lot of this database that a kit's lot stands for: the same code of
 * the same item (the kit's lot ids are its own); 0 when there is none. */
static int main_lot(struct imp *im, int64_t kit_lot, int64_t item_id, int64_t *out)
{
	lb_stmt *st;
	struct lb_lot lot;
	char code[64];
	int rc;

	*out = 0;
	/* A kit hands out a few lots thousands of times. */
	for (size_t i = 0; i < im->nlots; i++)
		if (im->lots[i].kit_lot == kit_lot && im->lots[i].item == item_id) {
			*out = im->lots[i].main_lot;
			return LB_OK;
		}
	st = lb_db_prepare(im->kit, "SELECT code FROM lot WHERE id = ?1 AND item_id = ?2", im->e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, kit_lot);
	lb_bind_int(st, 2, item_id);
	rc = lb_step(st, im->e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	snprintf(code, sizeof code, "%s", lb_col_text(st, 0));
	lb_stmt_reset(st);
	if (lb_lot_find(im->db, item_id, "", code, &lot, NULL) == LB_OK)
		*out = lot.id;
	if (im->nlots < sizeof im->lots / sizeof im->lots[0]) {
		im->lots[im->nlots].kit_lot = kit_lot;
		im->lots[im->nlots].item = item_id;
		im->lots[im->nlots].main_lot = *out;
		im->nlots++;
	}
	return LB_OK;
}

static int apply_redemption(struct imp *im, const struct lb_kit_redemption *r, const struct lb_kit_changes *c)
{
	struct main_voucher mv;
	struct lb_kit_claim k = { 0 };
	struct lb_redeem_take *takes = NULL;
	struct lb_redeem_result *res;
	const struct lb_kit_attempt *scan;
	struct red_map *m;
	size_t nt = 0, first;
	int found, rc;

	(void)c;
	if (find_map(im, r->id) || r->id <= im->k.opening_redemptions)
		return tampered(im, "redemption %lld appears twice", (long long)r->id);
	if (r->point_id != im->k.point_id)
		return tampered(im, "redemption %lld is at another point than the kit's", (long long)r->id);
	if ((rc = main_voucher(im, r->voucher_id, &mv, &found)))
		return rc;
	if (!found || mv.allocation_id != r->allocation_id)
		return tampered(im, "redemption %lld names a voucher and allocation this database does not have together",
				(long long)r->id);
	if (!(m = add_map(im, r->id)))
		return lb_oom(im->e);
	if (!(res = malloc(sizeof *res)))
		return lb_oom(im->e);
	/* Judged again here, as a scan at the office on the kit's day. */
	if (!(scan = accepted_scan(im, r->id))) {
		m->conflict = 1;
		snprintf(m->why, sizeof m->why, "redeemed on field kit %.8s on %s by %s, but its log holds no scan of it",
			 im->kit_id, r->day, r->operator);
		goto conflict;
	}
	first = first_issue(im, r->id);
	for (size_t i = first; i < im->niss && im->iss[i]->redemption_id == r->id; i++)
		nt++;
	if (nt && !(takes = calloc(nt, sizeof *takes))) {
		free(res);
		return lb_oom(im->e);
	}
	nt = 0;
	for (size_t i = first; i < im->niss && im->iss[i]->redemption_id == r->id; i++) {
		const struct lb_kit_movement *km = im->iss[i];
		takes[nt].item_id = km->item_id;
		takes[nt].qty = km->qty;
		if ((rc = main_lot(im, km->lot_id, km->item_id, &takes[nt].lot_id)))
			goto done;
		nt++;
	}
	k.payload = scan->payload;
	k.len = strlen(scan->payload);
	k.sig = sig_wait(im->sigs, im->entry, scan);
	if (lb_date_parse(r->day, "day", &k.day, im->e)) {
		rc = LB_ESYS;
		goto done;
	}
	k.at = r->redeemed_at;
	k.operator = r->operator;
	k.proxy = r->has_proxy ? r->proxy : NULL;
	k.manual = r->manual;
	k.manual_reason = r->has_manual_reason ? r->manual_reason : NULL;
	k.override_reason = r->has_override ? r->override_reason : NULL;
	k.voucher_id = r->voucher_id;
	k.allocation_id = r->allocation_id;
	k.kit_id = im->kit_id;
	k.kit_ref = r->id;
	k.exported = im->exported;
	k.takes = takes;
	k.ntakes = nt;
	rc = lb_redeem_kit_claim(im->red, &k, res, im->e);
	if (rc == LB_ERULE) {
		/* This database's stock at the point is short: the office's
		 * to put right, not the kit's fault. */
		snprintf(im->e->msg, sizeof im->e->msg, "cannot import field kit '%s' (receive or move the stock to %s first): %s",
			 im->path, im->k.point, res->detail);
		goto done;
	}
	if (rc)
		goto done;
	if (res->outcome == LB_OUT_ACCEPTED) {
		m->main_id = res->redemption_id;
		im->out->redemptions++;
		im->out->movements += res->movements;
		goto done;
	}
	m->conflict = 1;
	if (res->outcome == LB_OUT_ALREADY_REDEEMED)
		m->winner = res->redemption_id;
	{
		const char *why = strstr(res->detail, "': ");
		why = why ? why + 3 : res->detail;
		snprintf(m->why, sizeof m->why, "redeemed on field kit %.8s on %s by %s, but %s", im->kit_id, r->day,
			 r->operator, why);
	}
conflict:
	im->out->conflicts++;
	rc = LB_OK;
done:
	free(takes);
	free(res);
	return rc;
}

/* A kit's issue: evidence of what the kit handed out, checked to belong
 * to one of its redemptions; never posted as such (the redemption,
 * judged again, posted this database's package). */
static int check_issue(struct imp *im, const struct lb_kit_movement *m)
{
	struct red_map *rm = find_map(im, m->redemption_id);

	if (!rm)
		return tampered(im, "movement %lld serves no redemption of its log", (long long)m->id);
	if (m->from_id != im->k.point_id || m->to_id != im->recipients_id)
		return tampered(im, "movement %lld is not a handover from the kit's point", (long long)m->id);
	if (rm->conflict)
		im->out->skipped++;
	return LB_OK;
}

static int apply_undo(struct imp *im, const struct lb_kit_undo *u)
{
	struct red_map *rm = NULL;
	struct lb_undo_new un = { 0 };
	char why[LB_TEXT_MAX + 1], prefix[64];
	int64_t main_id;
	long moved = 0;
	lb_stmt *st;
	int rc;

	if (u->redemption_id <= im->k.opening_redemptions) {
		main_id = u->redemption_id; /* copied from here at export */
	} else {
		if (!(rm = find_map(im, u->redemption_id)))
			return tampered(im, "it undoes redemption %lld, which its log never made", (long long)u->redemption_id);
		if (rm->undone)
			return tampered(im, "redemption %lld is undone twice", (long long)u->redemption_id);
		rm->undone = 1;
		if (rm->conflict) {
			im->out->undos++;
			return LB_OK; /* nothing of it was posted here */
		}
		main_id = rm->main_id;
	}
	/* Still in force here? (It may have been undone at the office.) */
	st = lb_db_prepare(im->db, "SELECT 1 FROM redeemed WHERE redemption_id = ?1", im->e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, main_id);
	rc = lb_step(st, im->e);
	if (rc == LB_DONE) {
		im->out->undos++;
		return LB_OK;
	}
	if (rc != LB_ROW)
		return rc;
	lb_stmt_reset(st);
	/* The redeemer's journal session holds balances in memory: write
	 * them back before reversing through the journal directly. */
	if ((rc = lb_redeemer_commit(im->red, im->e)))
		return rc;
	snprintf(why, sizeof why, "undo of redemption %lld on field kit %.8s: %.400s", (long long)main_id, im->kit_id,
		 u->reason);
	snprintf(prefix, sizeof prefix, "kit:%s:", im->kit_id);
	un.redemption_id = main_id;
	un.reason = u->reason;
	un.why = why;
	if (lb_date_parse(u->day, "day", &un.day, im->e))
		return LB_ESYS;
	un.at = u->undone_at;
	un.operator = u->operator;
	un.kit_id = im->kit_id;
	un.key_prefix = prefix;
	if ((rc = lb_redemption_undo_write(im->db, &un, &moved, im->e))) {
		lb_err_prefix(im->e, "cannot import field kit '%s'", im->path);
		return rc;
	}
	im->out->movements += moved;
	im->out->undos++;
	return LB_OK;
}

static int exists_id(lb_db *db, const char *sql, int64_t id, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);
	int rc;

	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*found = 1;
		lb_stmt_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int apply_attempt(struct imp *im, const struct lb_kit_attempt *a)
{
	struct lb_attempt_new na = { 0 };
	int outcome = a->outcome, found, rc;
	int64_t red = 0;
	char detail[1400];

	snprintf(detail, sizeof detail, "%s", a->detail);
	if (a->point_id != im->k.point_id)
		return tampered(im, "attempt %lld is at another point than the kit's", (long long)a->id);
	if (a->voucher_id) {
		if ((rc = exists_id(im->db, "SELECT 1 FROM voucher WHERE id = ?1", a->voucher_id, &found, im->e)))
			return rc;
		if (!found)
			return tampered(im, "attempt %lld names a voucher this database does not have", (long long)a->id);
	}
	if (a->allocation_id) {
		if ((rc = exists_id(im->db, "SELECT 1 FROM allocation WHERE id = ?1", a->allocation_id, &found, im->e)))
			return rc;
		if (!found)
			return tampered(im, "attempt %lld names an allocation this database does not have", (long long)a->id);
	}
	if (a->redemption_id) {
		if (a->redemption_id <= im->k.opening_redemptions) {
			red = a->redemption_id;
		} else {
			struct red_map *rm = find_map(im, a->redemption_id);
			if (!rm)
				return tampered(im, "attempt %lld names a redemption its log never made", (long long)a->id);
			if (!rm->conflict) {
				red = rm->main_id;
			} else if (outcome == LB_OUT_ACCEPTED) {
				/* Here it is what it is: a conflict, not a handover. */
				outcome = LB_OUT_CONFLICT;
				red = rm->winner;
				snprintf(detail, sizeof detail, "cannot redeem voucher '%s': %s", a->serial, rm->why);
			} else {
				red = rm->winner;
				if (outcome == LB_OUT_UNDONE)
					snprintf(detail, sizeof detail, "%s (not applied here: that redemption was a conflict)",
						 a->detail);
			}
		}
	}
	na.at = a->at;
	na.day = a->day;
	na.point_id = a->point_id;
	na.operator = a->operator;
	na.serial = a->serial;
	na.voucher_id = a->voucher_id;
	na.allocation_id = a->allocation_id;
	na.payload = a->payload;
	na.outcome = outcome;
	na.detail = detail;
	na.redemption_id = red;
	na.source = "kit";
	na.file = a->file[0] ? a->file : NULL;
	na.line = a->line;
	na.kit_id = im->kit_id;
	na.kit_ref = a->id;
	if ((rc = lb_attempt_insert(im->db, &na, NULL, im->e)))
		return rc;
	im->out->attempts++;
	return LB_OK;
}

static int apply_entry(struct imp *im, struct entry *x, const struct entry *all, size_t nall)
{
	struct lb_kit_changes *c = &x->ch;
	int rc;

	/* Sorted by sigs_start. Each redemption's scan and issues, found by
	 * halving. */
	im->entry = x;
	free(im->acc);
	free(im->iss);
	im->nacc = im->niss = 0;
	im->acc = malloc((c->natt + 1) * sizeof *im->acc);
	im->iss = malloc((c->nmov + 1) * sizeof *im->iss);
	if (!im->acc || !im->iss)
		return lb_oom(im->e);
	for (size_t i = 0; i < c->natt; i++)
		if (c->att[i].outcome == LB_OUT_ACCEPTED && c->att[i].redemption_id)
			im->acc[im->nacc++] = &c->att[i];
	for (size_t i = 0; i < c->nmov; i++)
		if (!c->mov[i].reverse)
			im->iss[im->niss++] = &c->mov[i];
	sort(im->acc, im->nacc, sizeof *im->acc, by_acc_red);
	sort(im->iss, im->niss, sizeof *im->iss, by_iss_red);
	for (size_t i = 0; i < c->nred; i++)
		if ((rc = apply_redemption(im, &c->red[i], c)))
			return rc;
	for (size_t i = 0; i < c->nmov; i++)
		if (!c->mov[i].reverse && (rc = check_issue(im, &c->mov[i])))
			return rc;
	for (size_t i = 0; i < c->nundo; i++)
		if ((rc = apply_undo(im, &c->undo[i])))
			return rc;
	/* A reversal on the kit must reverse an issue of a redemption its
	 * log undid; this database posts its own reversals above. */
	for (size_t i = 0; i < c->nmov; i++) {
		const struct lb_kit_movement *m = &c->mov[i];
		const struct lb_kit_movement *orig = NULL;
		const struct red_map *rm;

		if (!m->reverse)
			continue;
		for (size_t k = 0; k < nall && !orig; k++)
			for (size_t j = 0; j < all[k].ch.nmov && !orig; j++)
				if (all[k].ch.mov[j].id == m->reverses && !all[k].ch.mov[j].reverse)
					orig = &all[k].ch.mov[j];
		if (!orig || !(rm = find_map(im, orig->redemption_id)) || !rm->undone)
			return tampered(im, "movement %lld reverses something no undo of its log explains", (long long)m->id);
		if (rm->conflict)
			im->out->skipped++;
	}
	for (size_t i = 0; i < c->natt; i++)
		if ((rc = apply_attempt(im, &c->att[i])))
			return rc;
	return LB_OK;
}

static int sigs_start(struct sigs *g, lb_db *db, struct entry *v, size_t from, size_t to, lb_err *e)
{
	size_t jobs = 0;
	int rc;

	for (size_t i = 0; i < to; i++) {
		struct lb_kit_changes *c = &v[i].ch;
		sort(c->red, c->nred, sizeof *c->red, by_red_id);
		sort(c->mov, c->nmov, sizeof *c->mov, by_mov_id);
		sort(c->undo, c->nundo, sizeof *c->undo, by_undo_id);
		sort(c->att, c->natt, sizeof *c->att, by_att_id);
		if (i < from)
			continue;
		if (!(v[i].ahead = calloc(c->natt + 1, sizeof *v[i].ahead)))
			return lb_oom(e);
		v[i].first_job = jobs;
		jobs += c->natt;
	}
	if ((rc = lb_signing_key_list(db, key_push, g, e)))
		return rc;
	g->v = v;
	g->from = from;
	g->to = to;
	g->njobs = jobs;
	if (pthread_mutex_init(&g->mu, NULL) != 0)
		return LB_OK;
	if (pthread_cond_init(&g->cv, NULL) != 0) {
		pthread_mutex_destroy(&g->mu);
		return LB_OK;
	}
	if (pthread_create(&g->th, NULL, sig_worker, g) != 0) {
		pthread_cond_destroy(&g->cv);
		pthread_mutex_destroy(&g->mu);
		return LB_OK;
	}
	g->started = 1;
	return LB_OK;
}

static void sigs_stop(struct sigs *g)
{
	if (g->started) {
		pthread_mutex_lock(&g->mu);
		g->stop = 1;
		pthread_mutex_unlock(&g->mu);
		pthread_join(g->th, NULL);
		pthread_cond_destroy(&g->cv);
		pthread_mutex_destroy(&g->mu);
		g->started = 0;
	}
	free(g->keys);
	g->keys = NULL;
	g->nkeys = 0;
}

/* The signature of attempt a of entry x as checked ahead, once checked;
 * NULL when it is not being checked ahead. */
static const struct lb_sig_ahead *sig_wait(struct sigs *g, const struct entry *x, const struct lb_kit_attempt *a)
{
	size_t j, job;

	if (!g || !g->started || !x || !x->ahead || a < x->ch.att || a >= x->ch.att + x->ch.natt)
		return NULL;
	j = (size_t)(a - x->ch.att);
	job = x->first_job + j;
	pthread_mutex_lock(&g->mu);
	while (g->done <= job)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
	return &x->ahead[j];
}

static int columns_match(lb_db *db, const char *table, const char *const *cols, lb_err *e)
{
	char sql[96];
	lb_stmt *st;
	int i = 0, rc;

	snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
	if (!(st = lb_db_prepare_once(db, sql, e)))
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (!cols[i] || strcmp(cols[i], lb_col_text(st, 0)) != 0) {
			lb_stmt_free(st);
			return lb_fail(e, LB_ESYS, "bug: field kit import does not know this schema's table %s", table);
		}
		i++;
	}
	lb_stmt_free(st);
	if (rc != LB_DONE)
		return rc;
	if (cols[i])
		return lb_fail(e, LB_ESYS, "bug: field kit import does not know this schema's table %s", table);
	return LB_OK;
}

/* ---- the kit's own checks, beside the posting ----
 *
 * Verifying the kit's file (integrity, journal chain, history) and
 * comparing its tables with its log read only the kit, on a connection
 * of their own, while this thread judges and posts inside the import's
 * transaction, which is committed only once they passed. Whatever they
 * find is reported before anything this thread found after starting
 * them, as when they ran first. */
struct kitchk {
	pthread_t th;
	int started, joined;
	lb_db *kit;          /* the thread's own connection */
	const char *path;
	const struct entry *v;
	size_t n;
	int64_t opening_red, opening_mov;
	int rc;
	lb_err e;
};

static int kit_checks(lb_db *kit, const char *path, const struct entry *v, size_t n, int64_t opening_red,
		      int64_t opening_mov, lb_err *e)
{
	struct lb_verify_report rep;

	if (lb_verify(kit, &rep, e) != LB_OK) {
		char msg[LB_ERR_MAX];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		return lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: %s", path, msg);
	}
	return tables_match_log(kit, path, v, n, opening_red, opening_mov, e);
}

static void *kitchk_run(void *arg)
{
	struct kitchk *k = arg;

	k->rc = kit_checks(k->kit, k->path, k->v, k->n, k->opening_red, k->opening_mov, &k->e);
	return NULL;
}

/* Start the checks on a thread; without one, run them here. */
static int kitchk_start(struct kitchk *k, const char *path, const struct entry *v, size_t n, int64_t opening_red,
			int64_t opening_mov, lb_err *e)
{
	int rc;

	k->path = path;
	k->v = v;
	k->n = n;
	k->opening_red = opening_red;
	k->opening_mov = opening_mov;
	if ((rc = lb_db_open(path, LB_DB_EXISTING, &k->kit, e)))
		return rc;
	if (pthread_create(&k->th, NULL, kitchk_run, k) == 0) {
		k->started = 1;
		return LB_OK;
	}
	k->joined = 1;
	k->rc = kit_checks(k->kit, path, v, n, opening_red, opening_mov, &k->e);
	if (k->rc && e)
		*e = k->e;
	return k->rc;
}

/* Wait for the checks: their failure, or rc. */
static int kitchk_join(struct kitchk *k, int rc, lb_err *e)
{
	if (k->started && !k->joined)
		pthread_join(k->th, NULL);
	k->joined = 1;
	if (k->started && k->rc) {
		if (e)
			*e = k->e;
		return k->rc;
	}
	return rc;
}

static void kitchk_close(struct kitchk *k)
{
	lb_db_close(k->kit);
	k->kit = NULL;
}

int lb_kit_import(lb_db *db, const char *path, const char *operator, struct lb_kit_import_result *out, lb_err *e)
{
	struct lb_kit_info ki;
	struct kit_row k;
	struct imp im;
	struct entry *v = NULL;
	size_t n = 0;
	lb_db *kit = NULL;
	char db_id[LB_KIT_ID_LEN + 1], now[21];
	unsigned char prev[LB_HASH_BYTES], h[LB_HASH_BYTES];
	struct sigs g;
	struct kitchk kc;
	int64_t cache_was = 0;
	int is_kit, found, rc, cache_set = 0;
	int64_t last_seq;
	lb_stmt *st;

	memset(out, 0, sizeof *out);
	memset(&im, 0, sizeof im);
	memset(&g, 0, sizeof g);
	memset(&kc, 0, sizeof kc);
	if ((rc = columns_match(db, "redemption", lb_kit_cols_redemption, e)) ||
	    (rc = columns_match(db, "redemption_undo", lb_kit_cols_undo, e)) ||
	    (rc = columns_match(db, "redemption_attempt", lb_kit_cols_attempt, e)) ||
	    (rc = columns_match(db, "movement", lb_kit_cols_movement, e)))
		return rc;
	if ((rc = lb_kit_info(db, &ki, &is_kit, e)))
		return rc;
	if (is_kit)
		return lb_fail(e, LB_EINPUT, "field import: this database is itself a field kit: import into the main database");
	if ((rc = preflight(db, path, e)))
		return rc;
	if ((rc = lb_db_open(path, LB_DB_EXISTING, &kit, e)))
		return rc;
	if ((rc = lb_kit_info(kit, &ki, &is_kit, e))) {
		rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its identity in meta is incomplete", path);
		goto done;
	}
	snprintf(out->kit_id, sizeof out->kit_id, "%s", ki.kit_id);
	if ((rc = lb_kit_meta(db, "db_id", db_id, sizeof db_id, 1, e)))
		goto done;
	if (strcmp(ki.parent_db_id, db_id) != 0) {
		rc = lb_fail(e, LB_ERULE, "field kit '%s' was exported from another database (%.8s), not from this one (%.8s)",
			     path, ki.parent_db_id, db_id);
		goto done;
	}
	if ((rc = read_kit_row(db, ki.kit_id, &k, &found, e)))
		goto done;
	if (!found) {
		rc = lb_fail(e, LB_ERULE, "field kit '%s' (kit %.8s) was not exported from this database", path, ki.kit_id);
		goto done;
	}
	snprintf(out->point, sizeof out->point, "%s", k.point);
	snprintf(out->period, sizeof out->period, "%s", k.period);
	{
		char per[8];
		lb_period_format(ki.period, per);
		if (k.point_id != ki.point_id || strcmp(per, k.period) != 0) {
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: it says %s %s, but was exported for %s %s",
				     path, ki.point, per, k.point, k.period);
			goto done;
		}
	}
	/* Its journal: the opening stock exactly as exported, the chain
	 * and balances intact. */
	{
		int64_t mid = 0;
		st = lb_db_prepare_once(kit, "SELECT hash FROM movement WHERE id = ?1", e);
		if (!st) {
			rc = LB_ESYS;
			goto done;
		}
		lb_bind_int(st, 1, k.opening_movements);
		rc = lb_step(st, e);
		if (rc == LB_ROW && lb_col_bytes(st, 0) == LB_HASH_BYTES &&
		    memcmp(lb_col_blob(st, 0), k.opening_hash, LB_HASH_BYTES) == 0)
			mid = 1;
		lb_stmt_free(st);
		if (rc != LB_ROW && rc != LB_DONE)
			goto done;
		if (k.opening_movements && !mid) {
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its opening stock is not what was exported",
				     path);
			goto done;
		}
	}
	/* The log: contiguous, chained, each changeset what redeem writes. */
	if ((rc = read_log(kit, path, &v, &n, e)))
		goto log_bad;
	lb_kit_genesis(ki.kit_id, ki.parent_db_id, prev);
	for (size_t i = 0; i < n; i++) {
		if (v[i].seq != (int64_t)i + 1) {
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its log has a gap before entry %lld", path,
				     (long long)v[i].seq);
			goto log_bad;
		}
		lb_kit_entry_hash(prev, v[i].seq, v[i].at, v[i].cs, v[i].n, h);
		if (memcmp(prev, v[i].prev, LB_HASH_BYTES) != 0 || memcmp(h, v[i].hash, LB_HASH_BYTES) != 0) {
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its log entry %lld does not match its hash",
				     path, (long long)v[i].seq);
			goto log_bad;
		}
		memcpy(prev, h, LB_HASH_BYTES);
		if ((rc = lb_kit_changeset_check(v[i].cs, v[i].n, &v[i].ch, e))) {
			char msg[LB_ERR_MAX];
			snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
			rc = lb_fail(e, LB_ERULE, "field kit '%s': log entry %lld is not what lumbung writes: %s", path,
				     (long long)v[i].seq, msg);
			goto log_bad;
		}
	}
	/* The log is what lumbung writes. From here on the kit's file and
	 * tables are checked against it, and its scans' signatures, on other
	 * threads, beside the checks below and the posting. */
	if ((rc = kitchk_start(&kc, path, v, n, k.opening_redemptions, k.opening_movements, e)))
		goto done;
	if ((rc = sigs_start(&g, db, v, k.last_seq < (int64_t)n ? (size_t)k.last_seq : n, n, e)))
		goto done;
	im.sigs = &g;
	/* Opening redemptions: copies of this database's. */
	st = lb_db_prepare_once(kit, "SELECT id, voucher_id, allocation_id FROM redemption WHERE id <= ?1", e);
	if (!st) {
		rc = LB_ESYS;
		goto done;
	}
	lb_bind_int(st, 1, k.opening_redemptions);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		lb_stmt *q = lb_db_prepare(db, "SELECT voucher_id, allocation_id FROM redemption WHERE id = ?1", e);
		int ok = 0, r2;
		if (!q) {
			rc = LB_ESYS;
			break;
		}
		lb_bind_int(q, 1, lb_col_int(st, 0));
		r2 = lb_step(q, e);
		if (r2 == LB_ROW)
			ok = lb_col_int(q, 0) == lb_col_int(st, 1) && lb_col_int(q, 1) == lb_col_int(st, 2);
		lb_stmt_reset(q);
		if (r2 != LB_ROW && r2 != LB_DONE) {
			rc = r2;
			break;
		}
		if (!ok) {
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its redemption %lld is not this database's",
				     path, (long long)lb_col_int(st, 0));
			break;
		}
	}
	lb_stmt_free(st);
	if (rc != LB_DONE)
		goto done;
	rc = LB_OK;

	/* Everything checks: apply under the write lock, each redemption
	 * judged again by a redeemer at the kit's point. */
	{
		struct lb_redeem_opts ro = { 0 };
		char day[11];
		ro.point = k.point;
		ro.operator = operator;
		ro.source = "kit";
		ro.caller_tx = 1;
		/* No has_period: a kit carries every slip whose round covers
		 * its period (a November slip valid into December); which ones
		 * is field_kit_voucher's to say. */
		snprintf(day, sizeof day, "%.10s", k.exported_at);
		if (lb_date_parse(day, "exported", &im.exported, e)) {
			rc = lb_fail(e, LB_ESYS, "field kit %.8s: its export record is damaged", ki.kit_id);
			goto done;
		}
		if ((rc = lb_redeemer_open(db, &ro, &im.red, e)))
			goto done;
	}
	/* The whole import is one transaction: with the usual 16 MiB of
	 * page cache, 10,000 redemptions spill the pages they change to the
	 * WAL and write them again and again (90 MB written for 25 MB of
	 * database). A larger cache for this connection, for this command. */
	if ((rc = lb_db_int(db, "PRAGMA cache_size", -16384, &cache_was, e)) ||
	    (rc = lb_db_exec(db, "PRAGMA cache_size=-131072", e)))
		goto done;
	cache_set = 1;
	if ((rc = lb_db_begin(db, e)))
		goto done;
	last_seq = k.last_seq;
	if ((rc = read_kit_row(db, ki.kit_id, &k, &found, e)))
		goto fail;
	/* Another import of this kit got the lock first. When it brought the
	 * whole log in, this one has nothing left to do and says so below
	 * (after the same checks of the head); otherwise what was checked is
	 * stale. */
	if (k.last_seq != last_seq && !((int64_t)n == k.last_seq && k.returned_at[0])) {
		rc = lb_fail(e, LB_ERULE, "field kit '%s' was being imported by someone else just now: run the import again",
			     path);
		goto fail;
	}
	if ((int64_t)n < k.last_seq) {
		rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its log has %zu entries, %lld were imported before",
			     path, n, (long long)k.last_seq);
		goto fail;
	}
	if (k.last_seq > 0 && (!k.has_head || memcmp(v[k.last_seq - 1].hash, k.head_hash, LB_HASH_BYTES) != 0)) {
		rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its log differs from what was imported before",
			     path);
		goto fail;
	}
	snprintf(out->returned_at, sizeof out->returned_at, "%s", k.returned_at);
	out->from_seq = k.last_seq + 1;
	out->to_seq = (int64_t)n;
	if ((int64_t)n == k.last_seq && k.returned_at[0]) {
		out->already = 1;
		lb_db_rollback(db);
		rc = LB_OK;
		goto done;
	}
	im.db = db;
	im.kit = kit;
	im.path = path;
	im.kit_id = ki.kit_id;
	im.operator = operator;
	im.k = k;
	im.out = out;
	im.e = e;
	{
		struct lb_location rcp;
		if ((rc = lb_location_find(db, LB_LOC_RECIPIENTS, &rcp, e)))
			goto fail;
		im.recipients_id = rcp.id;
	}
	/* Earlier imports' redemptions, for undos and attempts that name
	 * them in the new entries. */
	st = lb_db_prepare_once(db, "SELECT kit_ref, id FROM redemption WHERE kit_id = ?1 ORDER BY kit_ref", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, ki.kit_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct red_map *p = add_map(&im, lb_col_int(st, 0));
		if (!p) {
			rc = lb_oom(e);
			break;
		}
		p->main_id = lb_col_int(st, 1);
	}
	lb_stmt_free(st);
	if (rc != LB_DONE)
		goto fail;
	/* ... and earlier imports' conflicts, from their attempts. */
	for (int64_t s = 0; s < k.last_seq; s++)
		for (size_t i = 0; i < v[s].ch.nred; i++)
			if (!find_map(&im, v[s].ch.red[i].id)) {
				struct red_map *p = add_map(&im, v[s].ch.red[i].id);
				if (!p) {
					rc = lb_oom(e);
					goto fail;
				}
				p->conflict = 1;
				snprintf(p->why, sizeof p->why, "a conflict of an earlier import");
			}
	for (size_t i = (size_t)k.last_seq; i < n; i++)
		if ((rc = apply_entry(&im, &v[i], v, n)))
			goto fail;
	if ((rc = lb_redeemer_commit(im.red, e)))
		goto fail;
	lb_now_utc(now);
	st = lb_db_prepare(db,
		"UPDATE field_kit SET returned_at = coalesce(returned_at, ?2), last_seq = ?3, head_hash = ?4 WHERE kit_id = ?1",
		e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, ki.kit_id);
	lb_bind_text(st, 2, now);
	lb_bind_int(st, 3, (int64_t)n);
	if (n)
		lb_bind_blob(st, 4, v[n - 1].hash, LB_HASH_BYTES);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	st = lb_db_prepare(db,
		"INSERT INTO field_kit_import(kit_id, imported_at, operator, from_seq, to_seq, redemptions, conflicts, undos,"
		" attempts, movements) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, ki.kit_id);
	lb_bind_text(st, 2, now);
	lb_bind_text(st, 3, operator);
	lb_bind_int(st, 4, out->from_seq);
	lb_bind_int(st, 5, out->to_seq);
	lb_bind_int(st, 6, out->redemptions);
	lb_bind_int(st, 7, out->conflicts);
	lb_bind_int(st, 8, out->undos);
	lb_bind_int(st, 9, out->attempts);
	lb_bind_int(st, 10, out->movements);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	if ((rc = kitchk_join(&kc, LB_OK, e)))
		goto fail;
	if ((rc = lb_db_commit(db, e)))
		goto done;
	if (!out->returned_at[0])
		snprintf(out->returned_at, sizeof out->returned_at, "%s", now);
	goto done;
log_bad:
	/* The kit's file was checked before its log, and its findings come
	 * first. */
	{
		struct lb_verify_report rep;
		lb_err ve;
		if (lb_verify(kit, &rep, &ve) != LB_OK)
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: %s", path, ve.msg);
	}
	goto done;
fail:
	lb_db_rollback(db);
done:
	if (cache_set) {
		char sql[48];
		snprintf(sql, sizeof sql, "PRAGMA cache_size=%lld", (long long)cache_was);
		(void)lb_db_exec(db, sql, NULL); /* a cache size: nothing lost if it fails */
	}
	rc = kitchk_join(&kc, rc, e);
	kitchk_close(&kc);
	sigs_stop(&g);
	lb_redeemer_close(im.red);
	free(im.acc);
	free(im.iss);
	free(im.map);
	entries_free(v, n);
	lb_db_close(kit);
	return rc;
}

