/*
 * kitcheck.c — the field kit changeset checker: our own reader of
 * SQLite's changeset format and the checks of every value a kit brings
 * back. See kitcheck.h.
 */
#include "voucher/kitcheck.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/date.h"
#include "core/hash.h"
#include "core/money.h"
#include "voucher/redemption.h"
#include "voucher/scanfile.h"
#include "voucher/serial.h"

/* ---- the changeset checker ---- */

const char *const lb_kit_cols_redemption[] = {
	"id", "voucher_id", "allocation_id", "point_id", "day", "redeemed_at", "operator", "proxy_name",
	"manual", "override_reason", "source", "kit_id", "kit_ref", "manual_reason", NULL,
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

void *lb_kit_grow(void *p, size_t *cap, size_t n, size_t size)
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

#define MAX_COLS LB_KIT_MAX_COLS

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
static int get_record(const unsigned char *d, size_t n, size_t *i, int ncol, struct lb_kit_cval *v)
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

int lb_kit_changeset_walk(const unsigned char *d, size_t n, lb_kit_insert_fn fn, void *arg, long *count, lb_err *e)
{
	struct lb_kit_cval v[MAX_COLS];
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
	const struct lb_kit_cval *v;
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
	const struct lb_kit_cval *v = &c->v[col];

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
	const struct lb_kit_cval *v = &c->v[col];
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
	    (rc = get_null(c, k, 12)) ||
	    (rc = get_text(c, k, 13, LB_REASON_MAX, 1, 0, r->manual_reason, sizeof r->manual_reason,
			   &r->has_manual_reason)))
		return rc;
	r->manual = (int)manual;
	if (!one_of(r->source, sources))
		return bad(c, 10, k, "is not a source of a redemption made on a kit");
	if (r->manual != (strcmp(r->source, "manual") == 0))
		return bad(c, 8, k, "disagrees with the source");
	if (r->manual != r->has_manual_reason)
		return bad(c, 13, k, "must be given with a typed serial, and only then");
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
			const struct lb_kit_cval *v, lb_err *e)
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
		if (!(p = lb_kit_grow(out->red, &out->capred, out->nred, sizeof *p)))
			return lb_oom(e);
		out->red = p;
		if ((rc = read_redemption(&c, &out->red[out->nred])))
			return rc;
		out->nred++;
	} else if (strcmp(table, "redemption_undo") == 0) {
		struct lb_kit_undo *p;
		if (ncol != ncols(lb_kit_cols_undo))
			goto columns;
		if (!(p = lb_kit_grow(out->undo, &out->capundo, out->nundo, sizeof *p)))
			return lb_oom(e);
		out->undo = p;
		if ((rc = read_undo(&c, &out->undo[out->nundo])))
			return rc;
		out->nundo++;
	} else if (strcmp(table, "redemption_attempt") == 0) {
		struct lb_kit_attempt *p;
		if (ncol != ncols(lb_kit_cols_attempt))
			goto columns;
		if (!(p = lb_kit_grow(out->att, &out->capatt, out->natt, sizeof *p)))
			return lb_oom(e);
		out->att = p;
		if ((rc = read_attempt(&c, &out->att[out->natt])))
			return rc;
		out->natt++;
	} else if (strcmp(table, "movement") == 0) {
		struct lb_kit_movement *p;
		if (ncol != ncols(lb_kit_cols_movement))
			goto columns;
		if (!(p = lb_kit_grow(out->mov, &out->capmov, out->nmov, sizeof *p)))
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
	if ((rc = lb_kit_changeset_walk(data, n, check_insert, &ck, &count, e)))
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

