/*
 * fieldkit.c — field kits: recording on a kit, the changeset checker,
 * export and import. See fieldkit.h.
 *
 * This file uses SQLite's C API directly for the session extension and for
 * a first, read-only and defensive look at a kit file handed to import;
 * everything else goes through core/db.h like the rest of lumbung.
 */
#include "voucher/fieldkit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/date.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/period.h"
#include "core/schema.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/lot.h"
#include "inventory/verify.h"
#include "recipients/nik.h"
#include "voucher/redeem.h"
#include "voucher/scanfile.h"
#include "voucher/serial.h"

/* ---- what a kit is ---- */

static int meta_str(lb_db *db, const char *key, char *out, size_t n, int required, lb_err *e)
{
	lb_buf b;
	int found, rc;

	lb_buf_init(&b);
	if ((rc = lb_meta_get(db, key, &b, &found, e))) {
		lb_buf_release(&b);
		return rc;
	}
	if (!found && required) {
		lb_buf_release(&b);
		return lb_fail(e, LB_ESYS, "this field kit lacks its %s: it is damaged", key);
	}
	snprintf(out, n, "%s", found ? b.data : "");
	lb_buf_release(&b);
	return LB_OK;
}

int lb_kit_info(lb_db *db, struct lb_kit_info *out, int *is_kit, lb_err *e)
{
	struct lb_location loc;
	char kind[16], period[16];
	int rc;

	memset(out, 0, sizeof *out);
	*is_kit = 0;
	if ((rc = meta_str(db, "kind", kind, sizeof kind, 0, e)))
		return rc;
	if (strcmp(kind, "kit") != 0)
		return LB_OK;
	if ((rc = meta_str(db, "kit_id", out->kit_id, sizeof out->kit_id, 1, e)) ||
	    (rc = meta_str(db, "parent_db_id", out->parent_db_id, sizeof out->parent_db_id, 1, e)) ||
	    (rc = meta_str(db, "kit_point", out->point, sizeof out->point, 1, e)) ||
	    (rc = meta_str(db, "kit_period", period, sizeof period, 1, e)) ||
	    (rc = meta_str(db, "kit_exported_at", out->exported_at, sizeof out->exported_at, 0, e)))
		return rc;
	if (lb_period_parse(period, "kit_period", &out->period, NULL))
		return lb_fail(e, LB_ESYS, "this field kit's period '%s' is damaged", period);
	if ((rc = lb_location_find(db, out->point, &loc, e)))
		return lb_fail(e, LB_ESYS, "this field kit's point '%s' is missing: it is damaged", out->point);
	out->point_id = loc.id;
	*is_kit = 1;
	return LB_OK;
}

/* ---- the chain ---- */

void lb_kit_genesis(const char *kit_id, const char *parent_db_id, unsigned char out[LB_HASH_BYTES])
{
	lb_hasher h;

	lb_hash_start(&h);
	lb_hash_str(&h, "lumbung-kit-log-v1");
	lb_hash_str(&h, kit_id);
	lb_hash_str(&h, parent_db_id);
	lb_hash_finish(&h, out);
}

void lb_kit_entry_hash(const unsigned char prev[LB_HASH_BYTES], int64_t seq, const char *at,
		       const void *changeset, size_t n, unsigned char out[LB_HASH_BYTES])
{
	lb_hasher h;

	lb_hash_start(&h);
	lb_hash_update(&h, prev, LB_HASH_BYTES);
	lb_hash_i64(&h, seq);
	lb_hash_str(&h, at);
	lb_hash_update(&h, changeset, n);
	lb_hash_finish(&h, out);
}

/* ---- recording ---- */

static const char *const recorded_tables[] = {
	"redemption", "redemption_undo", "redemption_attempt", "movement",
};

struct lb_kit_rec {
	sqlite3_session *s;
};

void lb_kit_rec_free(lb_kit_rec *r)
{
	if (!r)
		return;
	if (r->s)
		sqlite3session_delete(r->s);
	free(r);
}

int lb_kit_rec_start(lb_db *db, lb_kit_rec **out, lb_err *e)
{
	lb_kit_rec *r;
	int rc;

	*out = NULL;
	if (!lb_db_in_tx(db))
		return lb_fail(e, LB_ESYS, "bug: a field kit records only inside a transaction");
	if (!(r = calloc(1, sizeof *r)))
		return lb_oom(e);
	if ((rc = sqlite3session_create(lb_db_handle(db), "main", &r->s)) != SQLITE_OK) {
		free(r);
		return lb_db_error(db, rc, "cannot start recording on the field kit", e);
	}
	for (size_t i = 0; i < sizeof recorded_tables / sizeof recorded_tables[0]; i++) {
		if ((rc = sqlite3session_attach(r->s, recorded_tables[i])) != SQLITE_OK) {
			lb_kit_rec_free(r);
			return lb_db_error(db, rc, "cannot start recording on the field kit", e);
		}
	}
	*out = r;
	return LB_OK;
}

int lb_kit_rec_finish(lb_db *db, lb_kit_rec *r, lb_err *e)
{
	unsigned char prev[LB_HASH_BYTES], h[LB_HASH_BYTES];
	struct lb_kit_info ki;
	void *cs = NULL;
	int n = 0, is_kit, rc;
	int64_t seq = 1;
	char now[21];
	lb_stmt *st;

	if ((rc = sqlite3session_changeset(r->s, &n, &cs)) != SQLITE_OK) {
		lb_kit_rec_free(r);
		return lb_db_error(db, rc, "cannot read what was recorded on the field kit", e);
	}
	lb_kit_rec_free(r);
	if (n <= 0) {
		sqlite3_free(cs);
		return LB_OK;
	}
	if ((rc = lb_kit_info(db, &ki, &is_kit, e)))
		goto done;
	if (!is_kit) {
		rc = lb_fail(e, LB_ESYS, "bug: recording on a database that is not a field kit");
		goto done;
	}
	if (!(st = lb_db_prepare(db, "SELECT seq, hash FROM kit_log ORDER BY seq DESC LIMIT 1", e))) {
		rc = LB_ESYS;
		goto done;
	}
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		if (lb_col_bytes(st, 1) != LB_HASH_BYTES) {
			lb_stmt_reset(st);
			rc = lb_fail(e, LB_ESYS, "the field kit's log is damaged");
			goto done;
		}
		seq = lb_col_int(st, 0) + 1;
		memcpy(prev, lb_col_blob(st, 1), LB_HASH_BYTES);
		lb_stmt_reset(st);
	} else if (rc == LB_DONE) {
		lb_kit_genesis(ki.kit_id, ki.parent_db_id, prev);
	} else {
		goto done;
	}
	lb_now_utc(now);
	lb_kit_entry_hash(prev, seq, now, cs, (size_t)n, h);
	if (!(st = lb_db_prepare(db,
		"INSERT INTO kit_log(seq, at, changeset, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5)", e))) {
		rc = LB_ESYS;
		goto done;
	}
	lb_bind_int(st, 1, seq);
	lb_bind_text(st, 2, now);
	lb_bind_blob(st, 3, cs, (size_t)n);
	lb_bind_blob(st, 4, prev, sizeof prev);
	lb_bind_blob(st, 5, h, sizeof h);
	rc = lb_step_done(st, e);
done:
	sqlite3_free(cs);
	return rc;
}

/* ---- the changeset checker ---- */

const char *const lb_kit_cols_redemption[] = {
	"id", "voucher_id", "allocation_id", "point_id", "day", "redeemed_at", "operator", "proxy_name",
	"manual", "override_reason", "source", "kit_id", "kit_ref", NULL,
};
const char *const lb_kit_cols_undo[] = {
	"redemption_id", "reason", "day", "undone_at", "operator", "kit_id", NULL,
};
const char *const lb_kit_cols_attempt[] = {
	"id", "at", "day", "point_id", "operator", "serial", "voucher_id", "allocation_id", "payload",
	"outcome", "detail", "redemption_id", "source", "file", "line", "kit_id", "kit_ref", NULL,
};
const char *const lb_kit_cols_movement[] = {
	"id", "key", "kind", "day", "item_id", "lot_id", "from_id", "to_id", "qty", "reason", "note", "ref",
	"reverses", "redemption_id", "operator", "posted_at", "hash", NULL,
};

static int ncols(const char *const *cols)
{
	int n = 0;

	while (cols[n])
		n++;
	return n;
}

void lb_kit_changes_free(struct lb_kit_changes *c)
{
	free(c->red);
	free(c->undo);
	free(c->att);
	free(c->mov);
	memset(c, 0, sizeof *c);
}

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t nc;
	void *q;

	if (n < *cap)
		return p;
	nc = *cap ? *cap * 2 : 16;
	if (nc > SIZE_MAX / size)
		return NULL;
	if (!(q = realloc(p, nc * size)))
		return NULL;
	*cap = nc;
	return q;
}

/*
 * The changeset format (SQLite's ext/session/sqlite3session.c): for each
 * table a header — 'T', a varint column count, one byte per column (1
 * for a primary key column), the table's name and a NUL — then its
 * changes: an operation byte (SQLITE_INSERT 18, SQLITE_UPDATE 23,
 * SQLITE_DELETE 9), an "indirect" byte, and the old and/or new record,
 * each a value per column: a type byte (1 integer, 2 real: 8 bytes big-
 * endian; 3 text, 4 blob: a varint length and the bytes; 5 NULL; 0 "not
 * there", only in updates).
 *
 * It is parsed here, completely, before SQLite's own iterator sees it:
 * SQLite 3.40's sqlite3changeset_next() never returns on some truncated
 * input (a lone table header, "T\x02"), which a kit brought back from
 * the field must never be able to do to the office.
 */

#define MAX_COLS 64

struct cval {
	int type; /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL */
	int64_t i;
	const unsigned char *p;
	size_t n;
};

/* SQLite's varint: 7 bits a byte, high bit set on all but the last, the
 * ninth byte (if any) with all 8 bits. */
static int get_varint(const unsigned char *d, size_t n, size_t *i, uint64_t *out)
{
	uint64_t v = 0;

	for (int k = 0; k < 9; k++) {
		if (*i >= n)
			return 0;
		if (k == 8) {
			v = v << 8 | d[(*i)++];
			*out = v;
			return 1;
		}
		v = v << 7 | (d[*i] & 0x7f);
		if (!(d[(*i)++] & 0x80)) {
			*out = v;
			return 1;
		}
	}
	return 0;
}

/* One record of ncol values at d[*i], into v. */
static int get_record(const unsigned char *d, size_t n, size_t *i, int ncol, struct cval *v)
{
	for (int c = 0; c < ncol; c++) {
		uint64_t len;

		if (*i >= n)
			return 0;
		memset(&v[c], 0, sizeof v[c]);
		v[c].type = d[(*i)++];
		switch (v[c].type) {
		case SQLITE_INTEGER:
		case SQLITE_FLOAT:
			if (n - *i < 8)
				return 0;
			for (int k = 0; k < 8; k++)
				v[c].i = (int64_t)((uint64_t)v[c].i << 8 | d[*i + (size_t)k]);
			*i += 8;
			break;
		case SQLITE_TEXT:
		case SQLITE_BLOB:
			if (!get_varint(d, n, i, &len) || len > n - *i || len > INT_MAX)
				return 0;
			v[c].p = d + *i;
			v[c].n = (size_t)len;
			*i += (size_t)len;
			break;
		case SQLITE_NULL:
			break;
		default: /* 0, "not there", belongs to updates only */
			return 0;
		}
	}
	return 1;
}

/* Walk every change; fn sees each INSERT's values. A change that is not
 * an INSERT stops the walk with a message (it is never wanted here). */
typedef int (*insert_fn)(void *arg, long index, const char *table, int ncol, const unsigned char *pk,
			 const struct cval *v, lb_err *e);

static int walk_changeset(const unsigned char *d, size_t n, insert_fn fn, void *arg, long *count, lb_err *e)
{
	struct cval v[MAX_COLS];
	const unsigned char *pk = NULL;
	const char *table = NULL;
	uint64_t ncol = 0;
	size_t i = 0;
	long index = 0;
	int rc;

	*count = 0;
	if (n == 0)
		return lb_fail(e, LB_EINPUT, "an empty changeset");
	if (d[0] != 'T')
		return lb_fail(e, LB_EINPUT, "not a changeset (%s)", d[0] == 'P' ? "a patchset" : "no table header");
	while (i < n) {
		int op;

		if (d[i] == 'T') {
			const unsigned char *name, *nul;
			i++;
			if (!get_varint(d, n, &i, &ncol) || ncol < 1 || ncol > MAX_COLS || ncol > n - i)
				return lb_fail(e, LB_EINPUT, "the changeset is damaged: a table header at byte %zu", i);
			pk = d + i;
			i += (size_t)ncol;
			name = d + i;
			if (!(nul = memchr(name, '\0', n - i)) || nul == name)
				return lb_fail(e, LB_EINPUT, "the changeset is damaged: a table name at byte %zu", i);
			for (const unsigned char *q = name; q < nul; q++)
				if (*q < 0x21 || *q > 0x7e)
					return lb_fail(e, LB_EINPUT, "the changeset is damaged: a table name at byte %zu", i);
			table = (const char *)name;
			i = (size_t)(nul - d) + 1;
			continue;
		}
		op = d[i++];
		index++;
		if (i >= n || d[i] > 1)
			return lb_fail(e, LB_EINPUT, "the changeset is damaged: change %ld", index);
		i++;
		if (op != SQLITE_INSERT)
			return lb_fail(e, LB_EINPUT, "change %ld is %s on %.64s: a kit only ever inserts", index,
				       op == SQLITE_UPDATE ? "an UPDATE" : op == SQLITE_DELETE ? "a DELETE" : "not an INSERT",
				       table);
		if (!get_record(d, n, &i, (int)ncol, v))
			return lb_fail(e, LB_EINPUT, "the changeset is damaged: change %ld is cut short", index);
		if ((rc = fn(arg, index, table, (int)ncol, pk, v, e)))
			return rc;
	}
	if (index == 0)
		return lb_fail(e, LB_EINPUT, "a changeset without changes");
	*count = index;
	return LB_OK;
}

/* One change being read: for messages, and the value accessors. */
struct chg {
	const struct cval *v;
	const char *table;
	int ncol;
	long index;      /* 1-based change number in the changeset */
	lb_err *e;
};

static int bad(struct chg *c, int col, const char *const *cols, const char *why)
{
	return lb_fail(c->e, LB_EINPUT, "change %ld (%s.%s): %s", c->index, c->table, cols[col], why);
}

static int get_int(struct chg *c, const char *const *cols, int col, int64_t min, int64_t max, int nullable,
		   int64_t *out)
{
	const struct cval *v = &c->v[col];

	*out = 0;
	if (v->type == SQLITE_NULL) {
		if (!nullable)
			return bad(c, col, cols, "is missing");
		return LB_OK;
	}
	if (v->type != SQLITE_INTEGER)
		return bad(c, col, cols, "is not an integer");
	*out = v->i;
	if (*out < min || *out > max)
		return bad(c, col, cols, "is out of range");
	return LB_OK;
}

static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char b = s[i];
		size_t k;
		uint32_t cp;

		if (b < 0x80) {
			i++;
			continue;
		}
		if (b >= 0xC2 && b <= 0xDF) {
			k = 1;
			cp = b & 0x1F;
		} else if (b >= 0xE0 && b <= 0xEF) {
			k = 2;
			cp = b & 0x0F;
		} else if (b >= 0xF0 && b <= 0xF4) {
			k = 3;
			cp = b & 0x07;
		} else {
			return 0;
		}
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* Text of 1..max bytes (0..max when empty_ok), UTF-8, no control
 * characters; NULL gives "" and *present 0 when nullable. */
static int get_text(struct chg *c, const char *const *cols, int col, size_t max, int nullable, int empty_ok,
		    char *out, size_t outsz, int *present)
{
	const struct cval *v = &c->v[col];
	const unsigned char *s = v->p;
	size_t n = v->n;

	out[0] = '\0';
	if (present)
		*present = 0;
	if (v->type == SQLITE_NULL) {
		if (!nullable)
			return bad(c, col, cols, "is missing");
		return LB_OK;
	}
	if (v->type != SQLITE_TEXT)
		return bad(c, col, cols, "is not text");
	if (n == 0 && !empty_ok)
		return bad(c, col, cols, "is empty");
	if (n > max || n >= outsz)
		return bad(c, col, cols, "is too long");
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return bad(c, col, cols, "holds a control character");
	if (!utf8_ok(s, n))
		return bad(c, col, cols, "is not UTF-8");
	if (n)
		memcpy(out, s, n);
	out[n] = '\0';
	if (present)
		*present = 1;
	return LB_OK;
}

static int get_null(struct chg *c, const char *const *cols, int col)
{
	if (c->v[col].type != SQLITE_NULL)
		return bad(c, col, cols, "must be empty on a field kit");
	return LB_OK;
}

static int get_day(struct chg *c, const char *const *cols, int col, char out[11])
{
	lb_day d;
	int rc;

	if ((rc = get_text(c, cols, col, 10, 0, 0, out, 11, NULL)))
		return rc;
	if (lb_date_parse(out, "day", &d, NULL) != LB_OK)
		return bad(c, col, cols, "is not a date");
	return LB_OK;
}

static int get_time(struct chg *c, const char *const *cols, int col, char out[26])
{
	char when[LB_SCAN_WHEN_SIZE];
	lb_day d;
	int rc;

	if ((rc = get_text(c, cols, col, 25, 0, 0, out, 26, NULL)))
		return rc;
	if (!lb_scan_timestamp(out, strlen(out), &d, when))
		return bad(c, col, cols, "is not a timestamp");
	return LB_OK;
}

static int one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

static const char *const sources[] = { "scan", "file", "image", "manual", NULL };
static const char *const attempt_sources[] = { "scan", "file", "image", "manual", "undo", NULL };

#define ID_MAX INT64_C(1000000000000) /* far beyond any real table, far below overflow */

static int read_redemption(struct chg *c, struct lb_kit_redemption *r)
{
	const char *const *k = lb_kit_cols_redemption;
	int64_t manual;
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = get_int(c, k, 0, 1, ID_MAX, 0, &r->id)) || (rc = get_int(c, k, 1, 1, ID_MAX, 0, &r->voucher_id)) ||
	    (rc = get_int(c, k, 2, 1, ID_MAX, 0, &r->allocation_id)) ||
	    (rc = get_int(c, k, 3, 1, ID_MAX, 0, &r->point_id)) || (rc = get_day(c, k, 4, r->day)) ||
	    (rc = get_time(c, k, 5, r->redeemed_at)) ||
	    (rc = get_text(c, k, 6, LB_OPERATOR_MAX, 0, 0, r->operator, sizeof r->operator, NULL)) ||
	    (rc = get_text(c, k, 7, 127, 1, 0, r->proxy, sizeof r->proxy, &r->has_proxy)) ||
	    (rc = get_int(c, k, 8, 0, 1, 0, &manual)) ||
	    (rc = get_text(c, k, 9, LB_REASON_MAX, 1, 0, r->override_reason, sizeof r->override_reason,
			   &r->has_override)) ||
	    (rc = get_text(c, k, 10, 7, 0, 0, r->source, sizeof r->source, NULL)) || (rc = get_null(c, k, 11)) ||
	    (rc = get_null(c, k, 12)))
		return rc;
	r->manual = (int)manual;
	if (!one_of(r->source, sources))
		return bad(c, 10, k, "is not a source of a redemption made on a kit");
	if (r->manual != (strcmp(r->source, "manual") == 0))
		return bad(c, 8, k, "disagrees with the source");
	return LB_OK;
}

static int read_undo(struct chg *c, struct lb_kit_undo *u)
{
	const char *const *k = lb_kit_cols_undo;
	int rc;

	memset(u, 0, sizeof *u);
	if ((rc = get_int(c, k, 0, 1, ID_MAX, 0, &u->redemption_id)) ||
	    (rc = get_text(c, k, 1, LB_REASON_MAX, 0, 0, u->reason, sizeof u->reason, NULL)) ||
	    (rc = get_day(c, k, 2, u->day)) || (rc = get_time(c, k, 3, u->undone_at)) ||
	    (rc = get_text(c, k, 4, LB_OPERATOR_MAX, 0, 0, u->operator, sizeof u->operator, NULL)) ||
	    (rc = get_null(c, k, 5)))
		return rc;
	return LB_OK;
}

static int read_attempt(struct chg *c, struct lb_kit_attempt *a)
{
	const char *const *k = lb_kit_cols_attempt;
	char outcome[32];
	uint64_t serial;
	int rc;

	memset(a, 0, sizeof *a);
	if ((rc = get_int(c, k, 0, 1, ID_MAX, 0, &a->id)) || (rc = get_time(c, k, 1, a->at)) ||
	    (rc = get_day(c, k, 2, a->day)) || (rc = get_int(c, k, 3, 1, ID_MAX, 0, &a->point_id)) ||
	    (rc = get_text(c, k, 4, LB_OPERATOR_MAX, 0, 0, a->operator, sizeof a->operator, NULL)) ||
	    (rc = get_text(c, k, 5, 11, 1, 0, a->serial, sizeof a->serial, NULL)) ||
	    (rc = get_int(c, k, 6, 1, ID_MAX, 1, &a->voucher_id)) ||
	    (rc = get_int(c, k, 7, 1, ID_MAX, 1, &a->allocation_id)) ||
	    (rc = get_text(c, k, 8, LB_PAYLOAD_LOG_MAX, 0, 1, a->payload, sizeof a->payload, NULL)) ||
	    (rc = get_text(c, k, 9, 31, 0, 0, outcome, sizeof outcome, NULL)) ||
	    (rc = get_text(c, k, 10, sizeof a->detail - 1, 0, 0, a->detail, sizeof a->detail, NULL)) ||
	    (rc = get_int(c, k, 11, 1, ID_MAX, 1, &a->redemption_id)) ||
	    (rc = get_text(c, k, 12, 7, 0, 0, a->source, sizeof a->source, NULL)) ||
	    (rc = get_text(c, k, 13, 255, 1, 0, a->file, sizeof a->file, NULL)) ||
	    (rc = get_int(c, k, 14, 1, ID_MAX, 1, &a->line)) || (rc = get_null(c, k, 15)) ||
	    (rc = get_null(c, k, 16)))
		return rc;
	a->outcome = lb_outcome_parse(outcome);
	if (a->outcome < 0 || a->outcome == LB_OUT_CONFLICT)
		return bad(c, 9, k, "is not an outcome of a scan on a kit");
	if (!one_of(a->source, attempt_sources))
		return bad(c, 12, k, "is not a source of a scan on a kit");
	if (a->serial[0] && lb_serial_parse(a->serial, &serial, NULL) != LB_OK)
		return bad(c, 5, k, "is not a serial");
	if ((a->outcome == LB_OUT_ACCEPTED || a->outcome == LB_OUT_UNDONE) &&
	    (!a->redemption_id || !a->voucher_id || !a->allocation_id))
		return bad(c, 11, k, "is missing for an accepted scan or an undo");
	if ((a->outcome == LB_OUT_UNDONE) != (strcmp(a->source, "undo") == 0))
		return bad(c, 12, k, "disagrees with the outcome");
	return LB_OK;
}

static int read_movement(struct chg *c, struct lb_kit_movement *m)
{
	const char *const *k = lb_kit_cols_movement;
	char kind[16];
	int rc;

	memset(m, 0, sizeof *m);
	if ((rc = get_int(c, k, 0, 1, ID_MAX, 0, &m->id)) || (rc = get_null(c, k, 1)) ||
	    (rc = get_text(c, k, 2, 15, 0, 0, kind, sizeof kind, NULL)) || (rc = get_day(c, k, 3, m->day)) ||
	    (rc = get_int(c, k, 4, 1, ID_MAX, 0, &m->item_id)) || (rc = get_int(c, k, 5, 1, ID_MAX, 0, &m->lot_id)) ||
	    (rc = get_int(c, k, 6, 1, ID_MAX, 0, &m->from_id)) || (rc = get_int(c, k, 7, 1, ID_MAX, 0, &m->to_id)) ||
	    (rc = get_int(c, k, 8, 1, LB_AMOUNT_MAX, 0, &m->qty)) ||
	    (rc = get_text(c, k, 9, 500, 1, 0, m->reason, sizeof m->reason, NULL)) || (rc = get_null(c, k, 10)) ||
	    (rc = get_null(c, k, 11)) || (rc = get_int(c, k, 12, 1, ID_MAX, 1, &m->reverses)) ||
	    (rc = get_int(c, k, 13, 1, ID_MAX, 1, &m->redemption_id)) ||
	    (rc = get_text(c, k, 14, LB_OPERATOR_MAX, 0, 0, m->operator, sizeof m->operator, NULL)) ||
	    (rc = get_time(c, k, 15, m->posted_at)))
		return rc;
	if (c->v[16].type != SQLITE_BLOB || c->v[16].n != LB_HASH_BYTES)
		return bad(c, 16, k, "is not a hash");
	if (m->from_id == m->to_id)
		return bad(c, 7, k, "equals the source");
	if (strcmp(kind, "issue") == 0) {
		if (!m->redemption_id || m->reverses || m->reason[0])
			return bad(c, 2, k, "is an issue that serves no redemption");
	} else if (strcmp(kind, "reverse") == 0) {
		m->reverse = 1;
		if (!m->reverses || m->redemption_id || !m->reason[0])
			return bad(c, 2, k, "is a reversal that reverses nothing");
	} else {
		return bad(c, 2, k, "is not a movement redemption makes (issue or reverse)");
	}
	return LB_OK;
}

struct checking {
	struct lb_kit_changes *out;
};

static int check_insert(void *arg, long index, const char *table, int ncol, const unsigned char *pk,
			const struct cval *v, lb_err *e)
{
	struct lb_kit_changes *out = ((struct checking *)arg)->out;
	struct chg c = { v, table, ncol, index, e };
	int rc;

	if (!pk[0])
		return lb_fail(e, LB_EINPUT, "change %ld: its primary key is not the first column", index);
	for (int i = 1; i < ncol; i++)
		if (pk[i])
			return lb_fail(e, LB_EINPUT, "change %ld: its primary key is not the first column", index);
	if (strcmp(table, "redemption") == 0) {
		struct lb_kit_redemption *p;
		if (ncol != ncols(lb_kit_cols_redemption))
			goto columns;
		if (!(p = grow(out->red, &out->capred, out->nred, sizeof *p)))
			return lb_oom(e);
		out->red = p;
		if ((rc = read_redemption(&c, &out->red[out->nred])))
			return rc;
		out->nred++;
	} else if (strcmp(table, "redemption_undo") == 0) {
		struct lb_kit_undo *p;
		if (ncol != ncols(lb_kit_cols_undo))
			goto columns;
		if (!(p = grow(out->undo, &out->capundo, out->nundo, sizeof *p)))
			return lb_oom(e);
		out->undo = p;
		if ((rc = read_undo(&c, &out->undo[out->nundo])))
			return rc;
		out->nundo++;
	} else if (strcmp(table, "redemption_attempt") == 0) {
		struct lb_kit_attempt *p;
		if (ncol != ncols(lb_kit_cols_attempt))
			goto columns;
		if (!(p = grow(out->att, &out->capatt, out->natt, sizeof *p)))
			return lb_oom(e);
		out->att = p;
		if ((rc = read_attempt(&c, &out->att[out->natt])))
			return rc;
		out->natt++;
	} else if (strcmp(table, "movement") == 0) {
		struct lb_kit_movement *p;
		if (ncol != ncols(lb_kit_cols_movement))
			goto columns;
		if (!(p = grow(out->mov, &out->capmov, out->nmov, sizeof *p)))
			return lb_oom(e);
		out->mov = p;
		if ((rc = read_movement(&c, &out->mov[out->nmov])))
			return rc;
		out->nmov++;
	} else {
		return lb_fail(e, LB_EINPUT, "change %ld touches table '%.64s', which redemption never writes", index,
			       table);
	}
	return LB_OK;
columns:
	return lb_fail(e, LB_EINPUT, "change %ld: table %s has %d columns, not the ones lumbung writes", index, table,
		       ncol);
}

int lb_kit_changeset_check(const void *data, size_t n, struct lb_kit_changes *out, lb_err *e)
{
	struct checking ck = { out };
	sqlite3_changeset_iter *it = NULL;
	size_t nred = out->nred, nundo = out->nundo, natt = out->natt, nmov = out->nmov;
	long count = 0, again = 0;
	int rc, src;

	if (n > INT_MAX)
		return lb_fail(e, LB_EINPUT, "a changeset too large");
	if ((rc = walk_changeset(data, n, check_insert, &ck, &count, e)))
		goto fail;
	/* Well formed to the last byte: now SQLite's own reader must see the
	 * same changes. */
	if ((src = sqlite3changeset_start(&it, (int)n, (void *)data)) != SQLITE_OK) {
		rc = lb_fail(e, LB_EINPUT, "not a changeset (%s)", sqlite3_errstr(src));
		goto fail;
	}
	while ((src = sqlite3changeset_next(it)) == SQLITE_ROW)
		again++;
	src = src == SQLITE_DONE ? sqlite3changeset_finalize(it) : (sqlite3changeset_finalize(it), src);
	if (src != SQLITE_OK || again != count) {
		rc = lb_fail(e, LB_EINPUT, "the changeset is damaged (SQLite reads %ld changes of %ld)", again, count);
		goto fail;
	}
	return LB_OK;
fail:
	out->nred = nred;
	out->nundo = nundo;
	out->natt = natt;
	out->nmov = nmov;
	return rc;
}

/* ---- export ---- */

/* The kit's copy of what the point needs, read from the main database
 * attached as src, in an order that satisfies every foreign key. ?1 is
 * the point's id, ?2 the period (YYYY-MM), ?3 its first day. The
 * allocations are those at the point with a voucher whose round covers
 * the period. */
static const char *const copy_sql[] = {
	"CREATE TEMP TABLE kit_alloc(id INTEGER PRIMARY KEY)",
	"INSERT INTO kit_alloc SELECT DISTINCT a.id FROM src.allocation a JOIN src.voucher v ON v.allocation_id = a.id"
	" WHERE a.point_id = ?1 AND a.period <= ?2 AND v.last_day >= ?3",
	"CREATE TEMP TABLE kit_village(code TEXT PRIMARY KEY)",
	"INSERT INTO kit_village SELECT DISTINCT r.village FROM src.recipient r JOIN src.allocation a ON a.recipient_id = r.id"
	" WHERE a.id IN (SELECT id FROM kit_alloc)",
	"INSERT INTO main.region_province SELECT * FROM src.region_province WHERE code IN (SELECT d.province_code"
	" FROM src.region_regency d JOIN src.region_district x ON x.regency_code = d.code JOIN src.region_village v"
	" ON v.district_code = x.code WHERE v.code IN (SELECT code FROM kit_village))",
	"INSERT INTO main.region_regency SELECT * FROM src.region_regency WHERE code IN (SELECT x.regency_code"
	" FROM src.region_district x JOIN src.region_village v ON v.district_code = x.code"
	" WHERE v.code IN (SELECT code FROM kit_village))",
	"INSERT INTO main.region_district SELECT * FROM src.region_district WHERE code IN (SELECT v.district_code"
	" FROM src.region_village v WHERE v.code IN (SELECT code FROM kit_village))",
	"INSERT INTO main.region_village SELECT * FROM src.region_village WHERE code IN (SELECT code FROM kit_village)",
	"INSERT OR IGNORE INTO main.category SELECT * FROM src.category",
	"INSERT INTO main.item SELECT * FROM src.item",
	"INSERT INTO main.item_pack SELECT * FROM src.item_pack",
	"INSERT INTO main.location SELECT * FROM src.location WHERE code NOT IN (SELECT code FROM main.location)",
	"INSERT INTO main.program SELECT * FROM src.program WHERE id IN"
	" (SELECT program_id FROM src.allocation WHERE id IN (SELECT id FROM kit_alloc))",
	"INSERT INTO main.program_package SELECT * FROM src.program_package WHERE program_id IN (SELECT id FROM main.program)",
	/* Recipients without their personal data: see fieldkit.h. */
	"INSERT INTO main.recipient(id, nik, kk, name, sex, birth_date, address, village, category, desil, phone,"
	" proxy_name, proxy_nik, point_id, status, token, mismatch_accepted, created_at, replaces_id)"
	" SELECT id, printf('KIT:%010d:K', id), NULL, name, sex, '1900-01-01', NULL, village, category, NULL, NULL,"
	" proxy_name, NULL, point_id, status, token, NULL, created_at, NULL FROM src.recipient"
	" WHERE id IN (SELECT recipient_id FROM src.allocation WHERE id IN (SELECT id FROM kit_alloc))",
	"INSERT INTO main.kit_recipient SELECT id, substr(nik, 1, 4) || '**********' || substr(nik, 15, 2)"
	" FROM src.recipient WHERE id IN (SELECT id FROM main.recipient)",
	"INSERT INTO main.allocation SELECT * FROM src.allocation WHERE id IN (SELECT id FROM kit_alloc)",
	"INSERT INTO main.signing_key SELECT * FROM src.signing_key",
	"INSERT INTO main.voucher SELECT * FROM src.voucher WHERE allocation_id IN (SELECT id FROM kit_alloc) ORDER BY id",
	"INSERT INTO main.voucher_revocation SELECT * FROM src.voucher_revocation WHERE voucher_id IN (SELECT id FROM main.voucher)",
	/* The redemptions in force, so the kit refuses a slip redeemed at
	 * the office already and says where. */
	"INSERT INTO main.redemption SELECT r.* FROM src.redemption r JOIN src.redeemed d ON d.redemption_id = r.id"
	" WHERE d.allocation_id IN (SELECT id FROM kit_alloc) ORDER BY r.id",
};

#define KIT_OPENING "KIT-OPENING"

static int exec_bound(lb_db *db, const char *sql, int64_t point, const char *period, const char *first, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db, sql, e);
	int rc, n = 0;

	if (!st)
		return LB_ESYS;
	n = sqlite3_bind_parameter_count(st);
	if (n >= 1)
		lb_bind_int(st, 1, point);
	if (n >= 2)
		lb_bind_text(st, 2, period);
	if (n >= 3)
		lb_bind_text(st, 3, first);
	rc = lb_step_done(st, e);
	lb_stmt_free(st);
	if (rc)
		lb_err_prefix(e, "cannot copy into the field kit");
	return rc;
}

static int count_of(lb_db *db, const char *sql, long *n, lb_err *e)
{
	int64_t v;
	int rc = lb_db_int(db, sql, 0, &v, e);

	*n = (long)v;
	return rc;
}

/* Post the point's unexpired stock into the kit as receipts from
 * KIT-OPENING, read from src. */
static int opening_stock(lb_db *kit, int64_t point_id, lb_day today, const char *kit_id, const char *operator,
			 long *lots, lb_err *e)
{
	struct lb_location sup = { 0 };
	int64_t sup_id = 0;
	char day[11], ref[48];
	lb_stmt *st;
	int rc;

	*lots = 0;
	if ((rc = lb_location_find(kit, KIT_OPENING, &sup, NULL)) == LB_OK) {
		if (sup.kind != LB_LOC_SUPPLIER)
			return lb_fail(e, LB_ERULE, "cannot export a field kit: location '%s' exists and is not a supplier",
				       KIT_OPENING);
		sup_id = sup.id;
	} else {
		snprintf(sup.code, sizeof sup.code, "%s", KIT_OPENING);
		sup.kind = LB_LOC_SUPPLIER;
		snprintf(sup.name, sizeof sup.name, "Stok awal kit lapangan");
		if ((rc = lb_location_add(kit, &sup, &sup_id, e)))
			return rc;
	}
	lb_date_format(today, day);
	snprintf(ref, sizeof ref, "KIT-%.8s", kit_id);
	st = lb_db_prepare_once(kit,
		"SELECT b.item_id, b.qty, l.code, l.expiry, l.unit_cost FROM src.balance b JOIN src.lot l ON l.id = b.lot_id"
		" WHERE b.location_id = ?1 AND b.qty > 0 AND (l.expiry IS NULL OR l.expiry >= ?2) ORDER BY l.id", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, point_id);
	lb_bind_text(st, 2, day);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_receive_req q = { 0 };
		struct lb_post_result pr;
		char code[64];

		snprintf(code, sizeof code, "%s", lb_col_text(st, 2));
		q.item_id = lb_col_int(st, 0);
		q.to_id = point_id;
		q.supplier_id = sup_id;
		q.qty = lb_col_int(st, 1);
		q.lot = code;
		if (!lb_col_null(st, 3)) {
			q.has_expiry = 1;
			if (lb_date_parse(lb_col_text(st, 3), "expiry", &q.expiry, e)) {
				rc = LB_ESYS;
				break;
			}
		}
		q.unit_cost = lb_col_int(st, 4);
		q.ref = ref;
		q.note = "opening stock of a field kit";
		q.day = today;
		q.operator = operator;
		if ((rc = lb_journal_receive(kit, &q, &pr, e))) {
			lb_err_prefix(e, "cannot post the field kit's opening stock");
			break;
		}
		(*lots)++;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

static void unlink_db(const char *path)
{
	char p[PATH_MAX + 8];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}


/* The rounds running in period at this point may not have been printed
 * yet; their vouchers are issued by the first command that needs them
 * (as voucher print and list do), so a kit can go out before the slips. */
static int issue_round_vouchers(lb_db *db, int64_t point_id, int period, lb_err *e)
{
	char per[8];
	lb_stmt *st;
	int rc;

	lb_period_format(period, per);
	st = lb_db_prepare_once(db,
		"SELECT DISTINCT a.program_id, a.period, p.round_months FROM allocation a"
		" JOIN program p ON p.id = a.program_id"
		" WHERE a.point_id = ?1 AND a.period <= ?2 AND a.status = 'allocated'", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, point_id);
	lb_bind_text(st, 2, per);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int start;

		if ((rc = lb_period_parse(lb_col_text(st, 1), "allocation period", &start, e)))
			break;
		if (start + (int)lb_col_int(st, 2) <= period)
			continue; /* a round that ended before this period */
		if ((rc = lb_voucher_create_missing(db, lb_col_int(st, 0), start, NULL, e)))
			break;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_kit_export(lb_db *db, const char *point, int period, const char *path, const char *operator,
		  struct lb_kit_export_result *out, lb_err *e)
{
	struct lb_location pt;
	unsigned char id[16], opening[LB_HASH_BYTES];
	char per[8], first[11], now[21], tmp[PATH_MAX], org[256], db_id[LB_KIT_ID_LEN + 1];
	lb_db *kit = NULL;
	lb_stmt *st;
	struct stat sb;
	int closed, rc, attached = 0, renamed = 0;
	long vouchers;
	int64_t nmov = 0, maxred = 0;
	lb_day today = lb_today();

	memset(out, 0, sizeof *out);
	memset(opening, 0, sizeof opening);
	if (!path || !*path)
		return lb_fail(e, LB_EINPUT, "field export: -o KIT.db is required");
	if (stat(path, &sb) == 0)
		return lb_fail(e, LB_EINPUT, "field export: '%s' exists already: choose a new file name", path);
	if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return lb_fail(e, LB_EINPUT, "field export: the path '%s' is too long", path);
	if ((rc = lb_location_find(db, point, &pt, e)))
		return rc;
	if (pt.kind != LB_LOC_POINT)
		return lb_fail(e, LB_EINPUT, "field export: '%s' is not a distribution point", pt.code);
	lb_period_format(period, per);
	lb_date_format(lb_period_first_day(period), first);
	if ((rc = lb_period_is_closed(db, period, &closed, e)))
		return rc;
	if (closed)
		return lb_fail(e, LB_ERULE, "cannot export a field kit for %s: period %s is closed", pt.code, per);
	if ((rc = meta_str(db, "db_id", db_id, sizeof db_id, 1, e)) ||
	    (rc = meta_str(db, "org_name", org, sizeof org, 0, e)))
		return rc;
	{
		char kind[16];
		if ((rc = meta_str(db, "kind", kind, sizeof kind, 0, e)))
			return rc;
		if (strcmp(kind, "kit") == 0)
			return lb_fail(e, LB_EINPUT, "field export: this database is itself a field kit");
	}
	if ((rc = issue_round_vouchers(db, pt.id, period, e)))
		return rc;
	st = lb_db_prepare(db,
		"SELECT count(*) FROM voucher v JOIN allocation a ON a.id = v.allocation_id"
		" WHERE a.point_id = ?1 AND a.period <= ?2 AND v.last_day >= ?3", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, pt.id);
	lb_bind_text(st, 2, per);
	lb_bind_text(st, 3, first);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? LB_ESYS : rc;
	vouchers = (long)lb_col_int(st, 0);
	lb_stmt_reset(st);
	if (vouchers == 0)
		return lb_fail(e, LB_ERULE,
			       "cannot export a field kit for %s %s: it has no vouchers for that period (allocate, then print the slips)",
			       pt.code, per);

	randombytes_buf(id, sizeof id);
	lb_hash_hex(id, sizeof id, out->kit_id);
	unlink_db(tmp);
	if ((rc = lb_db_open(tmp, LB_DB_CREATE, &kit, e)))
		return rc;
	if ((rc = lb_meta_init(kit, org[0] ? org : "Dinas Sosial", "kit", e)))
		goto fail;
	st = lb_db_prepare_once(kit, "ATTACH DATABASE ?1 AS src", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, lb_db_path(db));
	rc = lb_step_done(st, e);
	lb_stmt_free(st);
	if (rc)
		goto fail;
	attached = 1;
	/* Deferred: one read snapshot of the main database for the whole
	 * copy, without holding its write lock. */
	if ((rc = lb_db_exec(kit, "BEGIN", e)))
		goto fail;
	lb_now_utc(now);
	if ((rc = lb_meta_set(kit, "parent_db_id", db_id, e)) || (rc = lb_meta_set(kit, "kit_id", out->kit_id, e)) ||
	    (rc = lb_meta_set(kit, "kit_point", pt.code, e)) || (rc = lb_meta_set(kit, "kit_period", per, e)) ||
	    (rc = lb_meta_set(kit, "kit_exported_at", now, e)))
		goto fail;
	for (size_t i = 0; i < sizeof copy_sql / sizeof copy_sql[0]; i++)
		if ((rc = exec_bound(kit, copy_sql[i], pt.id, per, first, e)))
			goto fail;
	if ((rc = opening_stock(kit, pt.id, today, out->kit_id, operator, &out->lots, e)))
		goto fail;
	if ((rc = count_of(kit, "SELECT count(*) FROM main.voucher", &out->vouchers, e)) ||
	    (rc = count_of(kit, "SELECT count(*) FROM main.recipient", &out->recipients, e)) ||
	    (rc = count_of(kit, "SELECT count(*) FROM main.redemption", &out->redemptions, e)) ||
	    (rc = lb_db_int(kit, "SELECT coalesce(max(id), 0) FROM main.redemption", 0, &maxred, e)))
		goto fail;
	st = lb_db_prepare_once(kit, "SELECT id, hash FROM main.movement ORDER BY id DESC LIMIT 1", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	rc = lb_step(st, e);
	if (rc == LB_ROW && lb_col_bytes(st, 1) == LB_HASH_BYTES) {
		nmov = lb_col_int(st, 0);
		memcpy(opening, lb_col_blob(st, 1), LB_HASH_BYTES);
		rc = LB_OK;
	} else if (rc == LB_DONE) {
		rc = LB_OK;
	} else if (rc == LB_ROW) {
		rc = lb_fail(e, LB_ESYS, "the field kit's opening stock has a damaged hash");
	}
	lb_stmt_free(st);
	if (rc)
		goto fail;
	out->movements = nmov;
	if ((rc = lb_db_commit(kit, e)))
		goto fail;
	if ((rc = lb_db_exec(kit, "DETACH DATABASE src", e)))
		goto fail;
	attached = 0;
	lb_db_close(kit); /* checkpoints: the kit is one file again */
	kit = NULL;
	if (stat(path, &sb) == 0) {
		rc = lb_fail(e, LB_EINPUT, "field export: '%s' appeared while the kit was written: choose a new file name",
			     path);
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		rc = lb_fail(e, LB_ESYS, "cannot write field kit '%s': %s", path, strerror(errno));
		goto fail;
	}
	renamed = 1;

	if ((rc = lb_db_begin(db, e)))
		goto fail;
	st = lb_db_prepare(db,
		"INSERT INTO field_kit(kit_id, point_id, period, parent_db_id, exported_at, operator, path, vouchers,"
		" opening_movements, opening_hash, opening_redemptions) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", e);
	if (!st) {
		lb_db_rollback(db);
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, out->kit_id);
	lb_bind_int(st, 2, pt.id);
	lb_bind_text(st, 3, per);
	lb_bind_text(st, 4, db_id);
	lb_bind_text(st, 5, now);
	lb_bind_text(st, 6, operator);
	lb_bind_text(st, 7, path);
	lb_bind_int(st, 8, out->vouchers);
	lb_bind_int(st, 9, nmov);
	lb_bind_blob(st, 10, opening, sizeof opening);
	lb_bind_int(st, 11, maxred);
	if ((rc = lb_step_done(st, e))) {
		lb_db_rollback(db);
		goto fail;
	}
	if ((rc = lb_db_commit(db, e)))
		goto fail;
	return LB_OK;
fail:
	if (kit) {
		lb_db_rollback(kit);
		if (attached) {
			lb_err ignore;
			lb_db_exec(kit, "DETACH DATABASE src", &ignore);
		}
		lb_db_close(kit);
	}
	unlink_db(tmp);
	if (renamed)
		unlink_db(path);
	return rc;
}

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

		if (!(p = grow(*rows, &cap, *n, sizeof *p))) {
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
};

static void entries_free(struct entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].cs);
		lb_kit_changes_free(&v[i].ch);
	}
	free(v);
}

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

		if (!(p = grow(*out, &cap, *n, sizeof *p))) {
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
	struct rowsum *p = grow(s->v, &s->cap, s->n, sizeof *p);

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
		      const struct cval *v, lb_err *e)
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
		if ((rc = walk_changeset(v[k].cs, v[k].n, sum_insert, &sm, &count, e)))
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
};

static int read_kit_row(lb_db *db, const char *kit_id, struct kit_row *k, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT k.point_id, k.period, k.parent_db_id, k.opening_movements, k.opening_hash, k.opening_redemptions,"
		" k.last_seq, k.head_hash, coalesce(k.returned_at, ''), l.code"
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
};

static struct red_map *find_map(struct imp *im, int64_t kit_red)
{
	for (size_t i = 0; i < im->nmap; i++)
		if (im->map[i].kit_id == kit_red)
			return &im->map[i];
	return NULL;
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

static int apply_redemption(struct imp *im, const struct lb_kit_redemption *r)
{
	struct main_voucher mv;
	struct lb_redemption_info in;
	struct red_map *m, *p;
	lb_day day;
	int found, closed, rc;
	lb_stmt *st;

	if (find_map(im, r->id) || r->id <= im->k.opening_redemptions)
		return tampered(im, "redemption %lld appears twice", (long long)r->id);
	if (r->point_id != im->k.point_id)
		return tampered(im, "redemption %lld is at another point than the kit's", (long long)r->id);
	if ((rc = main_voucher(im, r->voucher_id, &mv, &found)))
		return rc;
	if (!found || mv.allocation_id != r->allocation_id)
		return tampered(im, "redemption %lld names a voucher and allocation this database does not have together",
				(long long)r->id);
	if (mv.point_id != im->k.point_id && !r->has_override)
		return tampered(im, "redemption %lld is of another point's voucher without an override", (long long)r->id);
	if (!(p = grow(im->map, &im->capmap, im->nmap, sizeof *p)))
		return lb_oom(im->e);
	im->map = p;
	m = &im->map[im->nmap++];
	memset(m, 0, sizeof *m);
	m->kit_id = r->id;
	if ((rc = lb_redemption_in_force(im->db, r->allocation_id, &in, &found, im->e)))
		return rc;
	if (lb_date_parse(r->day, "day", &day, im->e))
		return LB_ESYS;
	if ((rc = lb_period_is_closed(im->db, lb_period_of_day(day), &closed, im->e)))
		return rc;
	if (found) {
		m->conflict = 1;
		m->winner = in.id;
		snprintf(m->why, sizeof m->why, "redeemed on field kit %.8s on %s by %s, but already redeemed on %s at %s by %s%s%.8s%s",
			 im->kit_id, r->day, r->operator, in.day, in.point, in.operator, in.kit_id[0] ? " (field kit " : "",
			 in.kit_id, in.kit_id[0] ? ")" : "");
	} else if (mv.revoked || mv.replaced || mv.cancelled) {
		m->conflict = 1;
		snprintf(m->why, sizeof m->why, "redeemed on field kit %.8s on %s by %s, but the voucher was %s here%s%.10s",
			 im->kit_id, r->day, r->operator,
			 mv.replaced ? "replaced" : mv.revoked ? "revoked" : "cancelled with its allocation",
			 mv.revoked_at[0] ? " on " : "", mv.revoked_at);
	} else if (closed) {
		m->conflict = 1;
		snprintf(m->why, sizeof m->why, "redeemed on field kit %.8s on %s by %s, but period %.7s is closed here",
			 im->kit_id, r->day, r->operator, r->day);
	}
	if (m->conflict) {
		im->out->conflicts++;
		return LB_OK;
	}
	st = lb_db_prepare(im->db,
		"INSERT INTO redemption(voucher_id, allocation_id, point_id, day, redeemed_at, operator, proxy_name,"
		" manual, override_reason, source, kit_id, kit_ref)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'kit', ?10, ?11)", im->e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, r->voucher_id);
	lb_bind_int(st, 2, r->allocation_id);
	lb_bind_int(st, 3, r->point_id);
	lb_bind_text(st, 4, r->day);
	lb_bind_text(st, 5, r->redeemed_at);
	lb_bind_text(st, 6, r->operator);
	lb_bind_text(st, 7, r->has_proxy ? r->proxy : NULL);
	lb_bind_int(st, 8, r->manual);
	lb_bind_text(st, 9, r->has_override ? r->override_reason : NULL);
	lb_bind_text(st, 10, im->kit_id);
	lb_bind_int(st, 11, r->id);
	if ((rc = lb_step_done(st, im->e)))
		return rc;
	m->main_id = lb_db_last_id(im->db);
	im->out->redemptions++;
	return LB_OK;
}

static int kit_lot_code(struct imp *im, int64_t lot_id, int64_t item_id, char *code, size_t n, int *found)
{
	lb_stmt *st = lb_db_prepare(im->kit, "SELECT code FROM lot WHERE id = ?1 AND item_id = ?2", im->e);
	int rc;

	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, lot_id);
	lb_bind_int(st, 2, item_id);
	rc = lb_step(st, im->e);
	if (rc == LB_ROW) {
		snprintf(code, n, "%s", lb_col_text(st, 0));
		*found = 1;
		lb_stmt_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int apply_issue(struct imp *im, const struct lb_kit_movement *m)
{
	struct red_map *rm = find_map(im, m->redemption_id);
	struct lb_issue_req q = { 0 };
	struct lb_post_result pr;
	struct lb_lot lot;
	char code[64], key[96], note[64];
	lb_err first;
	int found, rc;

	if (!rm)
		return tampered(im, "movement %lld serves no redemption of its log", (long long)m->id);
	if (m->from_id != im->k.point_id || m->to_id != im->recipients_id)
		return tampered(im, "movement %lld is not a handover from the kit's point", (long long)m->id);
	if (rm->conflict) {
		im->out->skipped++;
		return LB_OK;
	}
	if ((rc = kit_lot_code(im, m->lot_id, m->item_id, code, sizeof code, &found)))
		return rc;
	if (!found)
		return tampered(im, "movement %lld names a lot the kit does not have", (long long)m->id);
	snprintf(key, sizeof key, "kit:%s:%lld", im->kit_id, (long long)m->id);
	snprintf(note, sizeof note, "field kit %.8s", im->kit_id);
	q.item_id = m->item_id;
	q.from_id = im->k.point_id;
	q.qty = m->qty;
	q.redemption_id = rm->main_id;
	q.note = note;
	q.key = key;
	q.operator = m->operator;
	if (lb_date_parse(m->day, "day", &q.day, im->e))
		return LB_ESYS;
	/* The lot the kit handed out, when it is still here; else earliest
	 * expiry first, like any issue. */
	if (lb_lot_find(im->db, m->item_id, "", code, &lot, NULL) == LB_OK)
		q.lot_id = lot.id;
	rc = lb_journal_issue(im->db, &q, &pr, &first);
	if (rc == LB_ERULE && q.lot_id) {
		q.lot_id = 0;
		rc = lb_journal_issue(im->db, &q, &pr, im->e);
	} else if (rc) {
		*im->e = first;
	}
	if (rc == LB_ERULE) {
		lb_err_prefix(im->e, "cannot import field kit '%s' (receive or move the stock to %s first)", im->path,
			      im->k.point);
		return rc;
	}
	if (rc)
		return rc;
	im->out->movements += pr.n;
	return LB_OK;
}

static int apply_undo(struct imp *im, const struct lb_kit_undo *u)
{
	struct red_map *rm = NULL;
	int64_t main_id, *ids = NULL;
	size_t n = 0, cap = 0;
	char why[LB_TEXT_MAX + 1];
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
	st = lb_db_prepare(im->db,
		"SELECT m.id FROM movement m WHERE m.redemption_id = ?1 AND m.kind = 'issue'"
		" AND NOT EXISTS (SELECT 1 FROM movement x WHERE x.reverses = m.id) ORDER BY m.id", im->e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, main_id);
	while ((rc = lb_step(st, im->e)) == LB_ROW) {
		int64_t *p = grow(ids, &cap, n, sizeof *p);
		if (!p) {
			lb_stmt_reset(st);
			free(ids);
			return lb_oom(im->e);
		}
		ids = p;
		ids[n++] = lb_col_int(st, 0);
	}
	if (rc != LB_DONE) {
		free(ids);
		return rc;
	}
	snprintf(why, sizeof why, "undo of redemption %lld on field kit %.8s: %.400s", (long long)main_id, im->kit_id,
		 u->reason);
	for (size_t i = 0; i < n; i++) {
		struct lb_reverse_req q = { 0 };
		struct lb_post_result pr;
		char key[96];

		snprintf(key, sizeof key, "kit:%s:r%lld", im->kit_id, (long long)ids[i]);
		q.movement_id = ids[i];
		q.reason = why;
		q.key = key;
		q.operator = u->operator;
		if (lb_date_parse(u->day, "day", &q.day, im->e)) {
			free(ids);
			return LB_ESYS;
		}
		if ((rc = lb_journal_reverse(im->db, &q, &pr, im->e))) {
			free(ids);
			lb_err_prefix(im->e, "cannot import field kit '%s'", im->path);
			return rc;
		}
		im->out->movements += pr.n;
	}
	free(ids);
	st = lb_db_prepare(im->db,
		"INSERT INTO redemption_undo(redemption_id, reason, day, undone_at, operator, kit_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", im->e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, main_id);
	lb_bind_text(st, 2, u->reason);
	lb_bind_text(st, 3, u->day);
	lb_bind_text(st, 4, u->undone_at);
	lb_bind_text(st, 5, u->operator);
	lb_bind_text(st, 6, im->kit_id);
	if ((rc = lb_step_done(st, im->e)))
		return rc;
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
	int outcome = a->outcome, found, rc;
	int64_t red = 0;
	char detail[1400];
	lb_stmt *st;

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
	st = lb_db_prepare(im->db,
		"INSERT INTO redemption_attempt(at, day, point_id, operator, serial, voucher_id, allocation_id, payload,"
		" outcome, detail, redemption_id, source, file, line, kit_id, kit_ref)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'kit', ?12, ?13, ?14, ?15)", im->e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, a->at);
	lb_bind_text(st, 2, a->day);
	lb_bind_int(st, 3, a->point_id);
	lb_bind_text(st, 4, a->operator);
	lb_bind_text(st, 5, a->serial[0] ? a->serial : NULL);
	if (a->voucher_id)
		lb_bind_int(st, 6, a->voucher_id);
	if (a->allocation_id)
		lb_bind_int(st, 7, a->allocation_id);
	lb_bind_text(st, 8, a->payload);
	lb_bind_text(st, 9, lb_outcome_code(outcome));
	lb_bind_text(st, 10, detail);
	if (red)
		lb_bind_int(st, 11, red);
	lb_bind_text(st, 12, a->file[0] ? a->file : NULL);
	if (a->line)
		lb_bind_int(st, 13, a->line);
	lb_bind_text(st, 14, im->kit_id);
	lb_bind_int(st, 15, a->id);
	if ((rc = lb_step_done(st, im->e)))
		return rc;
	im->out->attempts++;
	return LB_OK;
}

static int apply_entry(struct imp *im, struct entry *x, const struct entry *all, size_t nall)
{
	struct lb_kit_changes *c = &x->ch;
	int rc;

	sort(c->red, c->nred, sizeof *c->red, by_red_id);
	sort(c->mov, c->nmov, sizeof *c->mov, by_mov_id);
	sort(c->undo, c->nundo, sizeof *c->undo, by_undo_id);
	sort(c->att, c->natt, sizeof *c->att, by_att_id);
	for (size_t i = 0; i < c->nred; i++)
		if ((rc = apply_redemption(im, &c->red[i])))
			return rc;
	for (size_t i = 0; i < c->nmov; i++)
		if (!c->mov[i].reverse && (rc = apply_issue(im, &c->mov[i])))
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
	struct lb_verify_report rep;
	int is_kit, found, rc;
	int64_t last_seq;
	lb_stmt *st;

	memset(out, 0, sizeof *out);
	memset(&im, 0, sizeof im);
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
	if ((rc = meta_str(db, "db_id", db_id, sizeof db_id, 1, e)))
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
	if (lb_verify(kit, &rep, e) != LB_OK) {
		char msg[LB_ERR_MAX];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: %s", path, msg);
		goto done;
	}
	/* The log: contiguous, chained, each changeset what redeem writes. */
	if ((rc = read_log(kit, path, &v, &n, e)))
		goto done;
	lb_kit_genesis(ki.kit_id, ki.parent_db_id, prev);
	for (size_t i = 0; i < n; i++) {
		if (v[i].seq != (int64_t)i + 1) {
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its log has a gap before entry %lld", path,
				     (long long)v[i].seq);
			goto done;
		}
		lb_kit_entry_hash(prev, v[i].seq, v[i].at, v[i].cs, v[i].n, h);
		if (memcmp(prev, v[i].prev, LB_HASH_BYTES) != 0 || memcmp(h, v[i].hash, LB_HASH_BYTES) != 0) {
			rc = lb_fail(e, LB_ERULE, "field kit '%s' was edited by hand: its log entry %lld does not match its hash",
				     path, (long long)v[i].seq);
			goto done;
		}
		memcpy(prev, h, LB_HASH_BYTES);
		if ((rc = lb_kit_changeset_check(v[i].cs, v[i].n, &v[i].ch, e))) {
			char msg[LB_ERR_MAX];
			snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
			rc = lb_fail(e, LB_ERULE, "field kit '%s': log entry %lld is not what lumbung writes: %s", path,
				     (long long)v[i].seq, msg);
			goto done;
		}
	}
	if ((rc = tables_match_log(kit, path, v, n, k.opening_redemptions, k.opening_movements, e)))
		goto done;
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

	/* Everything checks: apply under the write lock. */
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
	st = lb_db_prepare_once(db, "SELECT kit_ref, id FROM redemption WHERE kit_id = ?1", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, ki.kit_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct red_map *p = grow(im.map, &im.capmap, im.nmap, sizeof *p);
		if (!p) {
			rc = lb_oom(e);
			break;
		}
		im.map = p;
		memset(&im.map[im.nmap], 0, sizeof *im.map);
		im.map[im.nmap].kit_id = lb_col_int(st, 0);
		im.map[im.nmap].main_id = lb_col_int(st, 1);
		im.nmap++;
	}
	lb_stmt_free(st);
	if (rc != LB_DONE)
		goto fail;
	/* ... and earlier imports' conflicts, from their attempts. */
	for (int64_t s = 0; s < k.last_seq; s++)
		for (size_t i = 0; i < v[s].ch.nred; i++)
			if (!find_map(&im, v[s].ch.red[i].id)) {
				struct red_map *p = grow(im.map, &im.capmap, im.nmap, sizeof *p);
				if (!p) {
					rc = lb_oom(e);
					goto fail;
				}
				im.map = p;
				memset(&im.map[im.nmap], 0, sizeof *im.map);
				im.map[im.nmap].kit_id = v[s].ch.red[i].id;
				im.map[im.nmap].conflict = 1;
				snprintf(im.map[im.nmap].why, sizeof im.map[im.nmap].why, "a conflict of an earlier import");
				im.nmap++;
			}
	for (size_t i = (size_t)k.last_seq; i < n; i++)
		if ((rc = apply_entry(&im, &v[i], v, n)))
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
	if ((rc = lb_db_commit(db, e)))
		goto done;
	if (!out->returned_at[0])
		snprintf(out->returned_at, sizeof out->returned_at, "%s", now);
	goto done;
fail:
	lb_db_rollback(db);
done:
	free(im.map);
	entries_free(v, n);
	lb_db_close(kit);
	return rc;
}
