/*
 * journal.c — posting movements. See journal.h for the rules.
 *
 * Every posting ends in post_one(), which inserts the row (its id the
 * previous id + 1, its hash over the previous hash and its content) and
 * then applies it to the balances. A repeated key shows up as the
 * INSERT's conflict on the unique key index, so the common case (a new
 * key) costs no separate lookup; nothing has been written at that point,
 * so "already posted" writes nothing.
 *
 * Balances go through the session's write-back cache (balance.c): a
 * million-row import changes them in memory and writes each once at
 * lb_journal_finish.
 *
 * The session's caches and chain tip are valid only inside the
 * transaction it was opened in, and a failed posting leaves them (and the
 * database) half-done: the caller then closes the session and rolls back.
 * The one-shot lb_journal_* functions do that with a savepoint.
 */
#include "inventory/journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/period.h"
#include "inventory/balance.h"
#include "inventory/cache.h"
#include "inventory/item.h"
#include "inventory/location.h"
#include "inventory/lot.h"
#include "inventory/names.h"
#include "inventory/qty.h"

/* Entries per lookup cache: plenty for any real ledger. */
#define CACHE_MAX 4096
struct loc_info {
	int64_t id;
	enum lb_loc_kind kind;
	char code[LB_CODE_MAX + 2];
};

struct item_info {
	int64_t id;
	int shelf_life_days;
	char code[LB_CODE_MAX + 1];
	char unit[LB_UNIT_LEN];
};

struct lot_info {
	int64_t id, item_id;
	int has_expiry;
	lb_day expiry;
	char code[LB_LOT_MAX + 1];
};

struct take {
	int64_t lot_id, qty;
};

/* A lot FEFO may take from. */
struct cand {
	int64_t lot_id, qty;
	char expiry[11]; /* "" when the lot does not expire */
};

/* A text parameter of the movement INSERT that keeps its value from row
 * to row (kind, day, operator, posted_at): bound again only when it
 * changes, which saves SQLite a copy per row in a bulk import. */
struct sticky {
	int set;
	char v[64];
};

/* Statements the session runs over and over, prepared once. */
enum { S_INSERT, NSTMT };

static const char *const stmt_sql[NSTMT] = {
	[S_INSERT] = "INSERT INTO movement(id, key, kind, day, item_id, lot_id, from_id, to_id, qty,"
		     " reason, note, ref, reverses, redemption_id, operator, posted_at, hash)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
		     " ON CONFLICT (key) WHERE key IS NOT NULL DO NOTHING",
};

#define NOPEN 16

struct lb_journal {
	lb_db *db;
	lb_stmt *st[NSTMT];
	int64_t last_id;
	unsigned char last_hash[LB_HASH_BYTES];
	char posted_at[21];
	struct loc_info supply, recipients, adjust;
	struct lb_cache locs, items, lots; /* by id */
	lb_balances *bal;                  /* balances, written back at finish */
	int open[NOPEN];                   /* periods found open */
	int nopen;
	lb_day day;                        /* the day last formatted into day_text */
	char day_text[11];
	struct take *takes;                /* the current FEFO plan */
	size_t ntakes, captakes;
	struct cand *cands;                /* its candidates */
	size_t ncands, capcands;
	struct sticky b_kind, b_day, b_operator, b_posted_at;
};

/* Which lots a removal may take. */
enum fefo_mode {
	FEFO_UNEXPIRED, /* moves, issues, write-offs other than kedaluwarsa */
	FEFO_EXPIRED,   /* write-offs with reason kedaluwarsa */
	FEFO_ALL,       /* stock count shortfalls */
};

/* How a removal is worded in messages: "cannot move ... from 'X'". */
struct verb {
	const char *verb; /* move, issue, write off */
	const char *prep; /* from, at */
};

enum { POST_OK, POST_SHORT, POST_DUP };

static const char *const reasons[] = { "rusak", "hilang", "kedaluwarsa", "lain" };

int lb_adjust_reason_check(const char *s, const char *what, lb_err *e)
{
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (s && strcmp(s, reasons[i]) == 0)
			return LB_OK;
	return lb_fail(e, LB_EINPUT, "%s '%s' is not a reason (choose rusak, hilang, kedaluwarsa or lain)",
		       what, s ? s : "");
}

/* ---- the chain ---- */

/* The canonical encoding, gathered in a buffer so that BLAKE2b is fed a
 * few large pieces rather than forty small ones. The bytes are exactly
 * those of lb_hash_str (text, then 0; NULL as 0xff, 0) and lb_hash_i64
 * (8 bytes big-endian) in turn; an optional integer is a tag byte (0
 * absent, 1 present) and, when present, the integer. */
struct enc {
	lb_hasher *h;
	size_t n;
	unsigned char buf[512];
};

static void enc_put(struct enc *x, const void *p, size_t n)
{
	if (x->n + n > sizeof x->buf) {
		lb_hash_update(x->h, x->buf, x->n);
		x->n = 0;
		if (n > sizeof x->buf) {
			lb_hash_update(x->h, p, n);
			return;
		}
	}
	memcpy(x->buf + x->n, p, n);
	x->n += n;
}

static void enc_str(struct enc *x, const char *s)
{
	static const unsigned char sep = 0, null = 0xff;

	if (s)
		enc_put(x, s, strlen(s));
	else
		enc_put(x, &null, 1);
	enc_put(x, &sep, 1);
}

static void enc_i64(struct enc *x, int64_t v)
{
	unsigned char b[8];
	uint64_t u = (uint64_t)v;

	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	enc_put(x, b, 8);
}

static void enc_opt(struct enc *x, int64_t v)
{
	unsigned char tag = v ? 1 : 0;

	enc_put(x, &tag, 1);
	if (v)
		enc_i64(x, v);
}

void lb_movement_hash(const unsigned char prev[LB_HASH_BYTES], const struct lb_movement *m,
		      unsigned char out[LB_HASH_BYTES])
{
	lb_hasher h;
	struct enc x;

	x.h = &h;
	x.n = 0;
	lb_hash_start(&h);
	enc_put(&x, prev, LB_HASH_BYTES);
	/* A version tag: a later encoding can be told apart. */
	enc_str(&x, "lumbung.movement.1");
	enc_i64(&x, m->id);
	enc_str(&x, m->key);
	enc_str(&x, m->kind);
	enc_str(&x, m->day);
	enc_i64(&x, m->item_id);
	enc_i64(&x, m->lot_id);
	enc_i64(&x, m->from_id);
	enc_i64(&x, m->to_id);
	enc_i64(&x, m->qty);
	enc_str(&x, m->reason);
	enc_str(&x, m->note);
	enc_str(&x, m->ref);
	enc_opt(&x, m->reverses);
	enc_opt(&x, m->redemption_id);
	enc_str(&x, m->operator);
	enc_str(&x, m->posted_at);
	lb_hash_update(&h, x.buf, x.n);
	lb_hash_finish(&h, out);
}

/* ---- lookups by id, cached for the session ---- */

static int get_loc(lb_journal *j, int64_t id, struct loc_info *out, lb_err *e)
{
	struct loc_info *li = lb_cache_get(&j->locs, &id, sizeof id);
	struct lb_location loc;
	int rc;

	if (!li) {
		if ((rc = lb_location_get(j->db, id, &loc, e)))
			return rc;
		if (!(li = lb_cache_put(&j->locs, &id, sizeof id, e)))
			return LB_ESYS;
		li->id = id;
		li->kind = loc.kind;
		snprintf(li->code, sizeof li->code, "%s", loc.code);
	}
	*out = *li;
	return LB_OK;
}

static int get_item(lb_journal *j, int64_t id, struct item_info *out, lb_err *e)
{
	struct item_info *ii = lb_cache_get(&j->items, &id, sizeof id);
	lb_stmt *st;
	int rc;

	if (!ii) {
		st = lb_db_prepare(j->db, "SELECT code, unit, shelf_life_days FROM item WHERE id = ?1", e);
		if (!st)
			return LB_ESYS;
		lb_bind_int(st, 1, id);
		rc = lb_step(st, e);
		if (rc == LB_DONE)
			return lb_fail(e, LB_EINPUT, "no item with id %lld", (long long)id);
		if (rc != LB_ROW)
			return rc;
		if (!(ii = lb_cache_put(&j->items, &id, sizeof id, e))) {
			lb_stmt_reset(st);
			return LB_ESYS;
		}
		ii->id = id;
		snprintf(ii->code, sizeof ii->code, "%s", lb_col_text(st, 0));
		snprintf(ii->unit, sizeof ii->unit, "%s", lb_col_text(st, 1));
		ii->shelf_life_days = (int)lb_col_int(st, 2);
		lb_stmt_reset(st);
	}
	*out = *ii;
	return LB_OK;
}

static int get_lot(lb_journal *j, int64_t id, struct lot_info *out, lb_err *e)
{
	struct lot_info *li = lb_cache_get(&j->lots, &id, sizeof id);
	struct lb_lot lot;
	int rc;

	if (!li) {
		if ((rc = lb_lot_get(j->db, id, &lot, e)))
			return rc;
		if (!(li = lb_cache_put(&j->lots, &id, sizeof id, e)))
			return LB_ESYS;
		li->id = id;
		li->item_id = lot.item_id;
		li->has_expiry = lot.has_expiry;
		li->expiry = lot.expiry;
		snprintf(li->code, sizeof li->code, "%s", lot.code);
	}
	*out = *li;
	return LB_OK;
}

static const char *day_text(lb_journal *j, lb_day day)
{
	if (day != j->day || !j->day_text[0]) {
		lb_date_format(day, j->day_text);
		j->day = day;
	}
	return j->day_text;
}

/* ---- sessions ---- */

static int account(lb_journal *j, const char *code, struct loc_info *out, lb_err *e)
{
	struct lb_location loc;
	int rc = lb_location_find(j->db, code, &loc, e);

	if (rc)
		return lb_fail(e, LB_ESYS, "the ledger account %s is missing: the database is damaged", code);
	out->id = loc.id;
	out->kind = loc.kind;
	snprintf(out->code, sizeof out->code, "%s", loc.code);
	return LB_OK;
}

int lb_journal_open(lb_db *db, lb_journal **out, lb_err *e)
{
	lb_journal *j;
	lb_stmt *st;
	int rc;

	*out = NULL;
	if (!lb_db_in_tx(db))
		return lb_fail(e, LB_ESYS, "bug: the journal was used outside a transaction");
	if (!(j = calloc(1, sizeof *j)))
		return lb_oom(e);
	j->db = db;
	lb_cache_init(&j->locs, sizeof(struct loc_info), CACHE_MAX);
	lb_cache_init(&j->items, sizeof(struct item_info), CACHE_MAX);
	lb_cache_init(&j->lots, sizeof(struct lot_info), CACHE_MAX);
	lb_now_utc(j->posted_at);
	if ((rc = lb_bal_open(db, &j->bal, e)))
		goto fail;
	for (int i = 0; i < NSTMT; i++)
		if (!(j->st[i] = lb_db_prepare(db, stmt_sql[i], e))) {
			rc = LB_ESYS;
			goto fail;
		}
	st = lb_db_prepare(db, "SELECT id, hash FROM movement ORDER BY id DESC LIMIT 1", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		j->last_id = lb_col_int(st, 0);
		if (lb_col_bytes(st, 1) != LB_HASH_BYTES) {
			lb_stmt_reset(st);
			rc = lb_fail(e, LB_ESYS, "movement %lld has a damaged hash: run 'lumbung verify'",
				     (long long)j->last_id);
			goto fail;
		}
		memcpy(j->last_hash, lb_col_blob(st, 1), LB_HASH_BYTES);
		lb_stmt_reset(st);
	} else if (rc != LB_DONE) {
		goto fail;
	}
	if ((rc = account(j, LB_LOC_SUPPLY, &j->supply, e)) ||
	    (rc = account(j, LB_LOC_RECIPIENTS, &j->recipients, e)) ||
	    (rc = account(j, LB_LOC_ADJUST, &j->adjust, e)))
		goto fail;
	*out = j;
	return LB_OK;
fail:
	lb_journal_close(j);
	return rc;
}

int lb_journal_finish(lb_journal *j, lb_err *e)
{
	return lb_bal_flush(j->bal, e);
}

void lb_journal_close(lb_journal *j)
{
	if (!j)
		return;
	lb_cache_release(&j->locs);
	lb_cache_release(&j->items);
	lb_cache_release(&j->lots);
	lb_bal_close(j->bal);
	free(j->takes);
	free(j->cands);
	free(j);
}

/* ---- posting ---- */

static lb_stmt *stmt(lb_journal *j, int which)
{
	lb_stmt_reset(j->st[which]);
	return j->st[which];
}

static void bind_sticky(lb_stmt *st, int i, struct sticky *s, const char *v)
{
	size_t len;

	if (v && s->set && strcmp(s->v, v) == 0)
		return;
	lb_bind_text(st, i, v);
	s->set = 0;
	if (v && (len = strlen(v)) < sizeof s->v) {
		memcpy(s->v, v, len + 1);
		s->set = 1;
	}
}

/* Insert m (id and posted_at are filled here) and apply it to the
 * balances. *why is POST_DUP when m's key had been posted (nothing was
 * written, LB_OK) and POST_SHORT when the source has less than m->qty
 * (LB_ERULE; the caller words the message and rolls back). */
static int post_one(lb_journal *j, struct lb_movement *m, int from_internal, int to_internal, int *why,
		    lb_err *e)
{
	unsigned char h[LB_HASH_BYTES];
	lb_stmt *st;
	int enough, rc;

	*why = POST_OK;
	/* The stock check comes before the INSERT: a refused posting must
	 * have written nothing, not even its own row. */
	if (from_internal) {
		if ((rc = lb_bal_has(j->bal, m->from_id, m->lot_id, m->item_id, m->qty, &enough, e)))
			return rc;
		if (!enough) {
			*why = POST_SHORT;
			return lb_fail(e, LB_ERULE, "not enough stock");
		}
	}
	m->id = j->last_id + 1;
	m->posted_at = j->posted_at;
	lb_movement_hash(j->last_hash, m, h);
	st = stmt(j, S_INSERT);
	lb_bind_int(st, 1, m->id);
	lb_bind_text(st, 2, m->key);
	bind_sticky(st, 3, &j->b_kind, m->kind);
	bind_sticky(st, 4, &j->b_day, m->day);
	lb_bind_int(st, 5, m->item_id);
	lb_bind_int(st, 6, m->lot_id);
	lb_bind_int(st, 7, m->from_id);
	lb_bind_int(st, 8, m->to_id);
	lb_bind_int(st, 9, m->qty);
	lb_bind_text(st, 10, m->reason);
	lb_bind_text(st, 11, m->note);
	lb_bind_text(st, 12, m->ref);
	if (m->reverses)
		lb_bind_int(st, 13, m->reverses);
	else
		lb_bind_null(st, 13);
	if (m->redemption_id)
		lb_bind_int(st, 14, m->redemption_id);
	else
		lb_bind_null(st, 14);
	bind_sticky(st, 15, &j->b_operator, m->operator);
	bind_sticky(st, 16, &j->b_posted_at, m->posted_at);
	lb_bind_blob(st, 17, h, sizeof h);
	if ((rc = lb_step_done(st, e)))
		return rc;
	if (m->key && lb_db_changes(j->db) == 0) {
		*why = POST_DUP;
		return LB_OK;
	}
	if (from_internal) {
		if ((rc = lb_bal_take(j->bal, m->from_id, m->lot_id, m->item_id, m->qty, e)))
			return rc;
	} else if ((rc = lb_bal_add(j->bal, m->from_id, m->lot_id, m->item_id, 0, -m->qty, e))) {
		return rc;
	}
	if ((rc = lb_bal_add(j->bal, m->to_id, m->lot_id, m->item_id, to_internal, m->qty, e)))
		return rc;
	j->last_id = m->id;
	memcpy(j->last_hash, h, sizeof h);
	return LB_OK;
}

static void res_init(struct lb_post_result *res)
{
	memset(res, 0, sizeof *res);
}

static int bad(struct lb_post_result *res, const char *field, int rc)
{
	res->field = field;
	return rc;
}

static void fmt_qty(int64_t v, const struct item_info *it, char *out, size_t n)
{
	lb_qty_format(v, it->unit, out, n);
}

/* Has key been posted? LB_OK with res->already set (and the parts
 * counted) when it has and was for the same kind, item and location;
 * LB_ERULE when it was used for something else; LB_OK with already = 0
 * when it is new. */
static int key_check(lb_journal *j, const char *key, const char *kind, int64_t item_id, int64_t loc_id,
		     struct lb_post_result *res, lb_err *e)
{
	lb_stmt *st;
	char part[LB_KEY_MAX + 24];
	int64_t id, item, from, to, qty;
	struct item_info it;
	char mkind[16];
	int rc;

	if (!key)
		return LB_OK;
	st = lb_db_prepare(j->db, "SELECT id, kind, item_id, from_id, to_id, qty FROM movement WHERE key = ?1", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, key);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	id = lb_col_int(st, 0);
	snprintf(mkind, sizeof mkind, "%s", lb_col_text(st, 1));
	item = lb_col_int(st, 2);
	from = lb_col_int(st, 3);
	to = lb_col_int(st, 4);
	qty = lb_col_int(st, 5);
	lb_stmt_reset(st);
	if (strcmp(mkind, kind) != 0 || item != item_id || (loc_id != from && loc_id != to)) {
		if ((rc = get_item(j, item, &it, e)))
			return rc;
		return bad(res, "id",
			   lb_fail(e, LB_ERULE,
				   "id '%s' was used already, by movement %lld (%s %s of '%s' elsewhere): choose a new id",
				   key, (long long)id, mkind[0] && strchr("aeiou", mkind[0]) ? "an" : "a", mkind, it.code));
	}
	res->already = 1;
	res->first_id = id;
	res->n = 1;
	res->qty = qty;
	/* The later parts of a split posting. */
	for (int k = 2;; k++) {
		snprintf(part, sizeof part, "%s#%d", key, k);
		st = lb_db_prepare(j->db, "SELECT qty FROM movement WHERE key = ?1", e);
		if (!st)
			return LB_ESYS;
		lb_bind_text(st, 1, part);
		rc = lb_step(st, e);
		if (rc == LB_DONE)
			break;
		if (rc != LB_ROW)
			return rc;
		res->n++;
		res->qty += lb_col_int(st, 0);
		lb_stmt_reset(st);
	}
	return LB_OK;
}

/* A posting whose INSERT met its key: report what was posted then. */
static int already(lb_journal *j, const struct lb_movement *m, int64_t loc_id, struct lb_post_result *res,
		   lb_err *e)
{
	res_init(res);
	return key_check(j, m->key, m->kind, m->item_id, loc_id, res, e);
}

/* A retry must say "already posted" even when the posting would be
 * refused now (the stock has moved on, the lot has expired, the period
 * has closed): when a keyed posting fails for input or a rule before
 * writing anything, look the key up before giving the failure. */
static int settle(lb_journal *j, int64_t tip, const char *key, const char *kind, int64_t item_id, int64_t loc_id,
		  int rc, struct lb_post_result *res)
{
	struct lb_post_result was;
	lb_err ignore;

	if (rc == LB_OK || !key || (rc != LB_EINPUT && rc != LB_ERULE) || res->n > 0)
		return rc;
	res_init(&was);
	/* Only a movement posted before this call (at or below the tip it
	 * started from) counts: never one this failed call wrote. */
	if (key_check(j, key, kind, item_id, loc_id, &was, &ignore) == LB_OK && was.already && was.first_id <= tip) {
		*res = was;
		return LB_OK;
	}
	return rc;
}

static int key_ok(const char *key, struct lb_post_result *res, lb_err *e)
{
	int rc;

	if (key && (rc = lb_key_check(key, "id", e)))
		return bad(res, "id", rc);
	return LB_OK;
}

static int period_open(lb_journal *j, lb_day day, const char *what, struct lb_post_result *res, lb_err *e)
{
	int p = lb_period_of_day(day), rc;

	/* A posting dated after today (a receipt "on 2099-01-01") would
	 * sit in the balances of every later --as-of and of no real day. */
	if (day > lb_today()) {
		char d[11], t[11];
		lb_date_format(day, d);
		lb_date_format(lb_today(), t);
		return bad(res, "date", lb_fail(e, LB_EINPUT, "%s on %s: that is after today (%s)", what, d, t));
	}
	for (int i = 0; i < j->nopen; i++)
		if (j->open[i] == p)
			return LB_OK;
	if ((rc = lb_period_check_open(j->db, day, what, e)))
		return bad(res, "date", rc);
	/* Periods close in their own transaction, never inside ours. */
	if (j->nopen < NOPEN)
		j->open[j->nopen++] = p;
	return LB_OK;
}

static int qty_check(int64_t qty, const char *what, struct lb_post_result *res, lb_err *e)
{
	if (qty <= 0)
		return bad(res, "qty", lb_fail(e, LB_EINPUT, "%s: the quantity must be greater than zero", what));
	if (qty > LB_AMOUNT_MAX)
		return bad(res, "qty", lb_fail(e, LB_EINPUT, "%s: the quantity is too large", what));
	return LB_OK;
}

static int text_ok(const char *s, const char *what, const char *field, struct lb_post_result *res, lb_err *e)
{
	int rc;

	if (!s)
		return LB_OK;
	if ((rc = lb_text_check(s, what, LB_TEXT_MAX, 0, e)))
		return bad(res, field, rc);
	return LB_OK;
}

static int internal_loc(lb_journal *j, int64_t id, const char *what, const char *field, struct loc_info *out,
			struct lb_post_result *res, lb_err *e)
{
	int rc = get_loc(j, id, out, e);

	if (rc)
		return bad(res, field, rc);
	if (!lb_loc_internal(out->kind))
		return bad(res, field,
			   lb_fail(e, LB_EINPUT, "%s '%s': it is %s, not a warehouse or point", what, out->code,
				   out->kind == LB_LOC_SUPPLIER ? "a supplier" : "one of the ledger's own accounts"));
	return LB_OK;
}

static int lot_of_item(lb_journal *j, int64_t lot_id, const struct item_info *it, struct lot_info *out,
		       struct lb_post_result *res, lb_err *e)
{
	int rc = get_lot(j, lot_id, out, e);

	if (rc)
		return bad(res, "lot", rc);
	if (out->item_id != it->id)
		return bad(res, "lot", lb_fail(e, LB_EINPUT, "lot '%s' is not a lot of '%s'", out->code, it->code));
	return LB_OK;
}

static int push_take(lb_journal *j, int64_t lot_id, int64_t qty, lb_err *e)
{
	if (j->ntakes == j->captakes) {
		size_t cap = j->captakes ? j->captakes * 2 : 16;
		struct take *p = realloc(j->takes, cap * sizeof *p);
		if (!p)
			return lb_oom(e);
		j->takes = p;
		j->captakes = cap;
	}
	j->takes[j->ntakes++] = (struct take){ lot_id, qty };
	return LB_OK;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c;

	/* Earliest expiry first, lots that do not expire last, then the
	 * older lot: the same order every time. */
	if (!x->expiry[0] != !y->expiry[0])
		return x->expiry[0] ? -1 : 1;
	if ((c = strcmp(x->expiry, y->expiry)) != 0)
		return c;
	return x->lot_id < y->lot_id ? -1 : x->lot_id > y->lot_id;
}

/* May FEFO in this mode take a lot with this expiry ("" for none)? ISO
 * dates compare as text. */
static int fefo_allows(enum fefo_mode mode, const char *expiry, const char *day)
{
	int expired = expiry[0] && strcmp(expiry, day) < 0;

	return mode == FEFO_ALL || (mode == FEFO_EXPIRED) == expired;
}

static int push_cand(lb_journal *j, int64_t lot_id, int64_t qty, const char *expiry, lb_err *e)
{
	struct cand *c;

	if (j->ncands == j->capcands) {
		size_t cap = j->capcands ? j->capcands * 2 : 16;
		struct cand *p = realloc(j->cands, cap * sizeof *p);
		if (!p)
			return lb_oom(e);
		j->cands = p;
		j->capcands = cap;
	}
	c = &j->cands[j->ncands++];
	c->lot_id = lot_id;
	c->qty = qty;
	snprintf(c->expiry, sizeof c->expiry, "%s", expiry);
	return LB_OK;
}

struct plan {
	lb_journal *j;
	enum fefo_mode mode;
	const char *day;
};

/* A lot the location holds: a candidate when the mode allows it. */
static int plan_lot(void *arg, int64_t lot, int64_t qty, const char *expiry, lb_err *e)
{
	struct plan *p = arg;
	char exp[11] = "";
	struct lot_info li;
	int rc;

	if (!expiry) {
		if ((rc = get_lot(p->j, lot, &li, e)))
			return rc;
		if (li.has_expiry)
			lb_date_format(li.expiry, exp);
		expiry = exp;
	}
	if (!fefo_allows(p->mode, expiry, p->day))
		return LB_OK;
	return push_cand(p->j, lot, qty, expiry, e);
}

/* Plan a FEFO removal of want from loc: fills j->takes. *avail is what
 * the mode allows taking (at least want when the plan is complete). */
static int plan_fefo(lb_journal *j, int64_t item_id, int64_t loc_id, const char *day, enum fefo_mode mode,
		     int64_t want, int64_t *avail, lb_err *e)
{
	struct plan p = { j, mode, day };
	int64_t got = 0, total = 0;
	int rc;

	*avail = 0;
	j->ntakes = 0;
	j->ncands = 0;
	if ((rc = lb_bal_lots(j->bal, loc_id, item_id, plan_lot, &p, e)))
		return rc;
	if (j->ncands > 1)
		qsort(j->cands, j->ncands, sizeof *j->cands, cand_cmp);
	for (size_t i = 0; i < j->ncands; i++) {
		const struct cand *c = &j->cands[i];
		total += c->qty;
		if (got < want) {
			int64_t t = c->qty < want - got ? c->qty : want - got;
			if ((rc = push_take(j, c->lot_id, t, e)))
				return rc;
			got += t;
		}
	}
	*avail = total;
	return LB_OK;
}

/* Post j->takes as movements like tmpl, keyed KEY, KEY#2, ... */
static int post_takes(lb_journal *j, const struct lb_movement *tmpl, int to_internal, int64_t loc_id,
		      struct lb_post_result *res, int *why, lb_err *e)
{
	char part[LB_KEY_MAX + 24];
	int rc;

	for (size_t i = 0; i < j->ntakes; i++) {
		struct lb_movement m = *tmpl;
		m.lot_id = j->takes[i].lot_id;
		m.qty = j->takes[i].qty;
		if (tmpl->key && i > 0) {
			snprintf(part, sizeof part, "%s#%zu", tmpl->key, i + 1);
			m.key = part;
		}
		if ((rc = post_one(j, &m, 1, to_internal, why, e)))
			return rc;
		if (*why == POST_DUP) /* only the first part can meet its key */
			return already(j, tmpl, loc_id, res, e);
		if (i == 0)
			res->first_id = m.id;
		res->n++;
		res->qty += m.qty;
	}
	return LB_OK;
}

/* Take tmpl->qty of an item out of an internal location: from one lot
 * (lot != NULL) or by FEFO over the lots mode allows. */
static int take_out(lb_journal *j, const struct lb_movement *tmpl, const struct item_info *it,
		    const struct loc_info *from, int to_internal, const struct lot_info *lot,
		    enum fefo_mode mode, lb_day day, const struct verb *v, struct lb_post_result *res, lb_err *e)
{
	char q1[48], q2[48], d[11] = "";
	int64_t avail = 0;
	int why, rc;

	j->ntakes = 0;
	if (lot) {
		int expired = lot->has_expiry && lot->expiry < day;
		/* Messages only below: nothing is formatted on the way through. */
		if (lot->has_expiry && ((mode == FEFO_UNEXPIRED && expired) || (mode == FEFO_EXPIRED && !expired)))
			lb_date_format(lot->expiry, d);
		if (mode == FEFO_UNEXPIRED && expired)
			return bad(res, "lot",
				   lb_fail(e, LB_ERULE,
					   "cannot %s lot '%s' of '%s' %s '%s': it expired on %s (write it off with 'stock adjust --reason kedaluwarsa')",
					   v->verb, lot->code, it->code, v->prep, from->code, d));
		if (mode == FEFO_EXPIRED && !expired) {
			if (lot->has_expiry)
				return bad(res, "lot",
					   lb_fail(e, LB_ERULE,
						   "cannot write off lot '%s' of '%s' as kedaluwarsa: it is good until %s (choose another reason)",
						   lot->code, it->code, d));
			return bad(res, "lot",
				   lb_fail(e, LB_ERULE,
					   "cannot write off lot '%s' of '%s' as kedaluwarsa: it does not expire (choose another reason)",
					   lot->code, it->code));
		}
		if ((rc = push_take(j, lot->id, tmpl->qty, e)))
			return rc;
		rc = post_takes(j, tmpl, to_internal, from->id, res, &why, e);
		if (rc && why == POST_SHORT) {
			if ((rc = lb_bal_qty(j->bal, from->id, lot->id, it->id, 1, &avail, e)))
				return rc;
			fmt_qty(tmpl->qty, it, q1, sizeof q1);
			fmt_qty(avail, it, q2, sizeof q2);
			return bad(res, "qty",
				   lb_fail(e, LB_ERULE, "cannot %s %s of '%s' lot '%s' %s '%s': only %s there",
					   v->verb, q1, it->code, lot->code, v->prep, from->code, q2));
		}
		return rc;
	}
	if ((rc = plan_fefo(j, it->id, from->id, tmpl->day, mode, tmpl->qty, &avail, e)))
		return rc;
	if (avail < tmpl->qty) {
		fmt_qty(tmpl->qty, it, q1, sizeof q1);
		fmt_qty(avail, it, q2, sizeof q2);
		return bad(res, "qty",
			   lb_fail(e, LB_ERULE, "cannot %s %s of '%s' %s '%s': only %s there (%s)", v->verb, q1,
				   it->code, v->prep, from->code, q2,
				   mode == FEFO_UNEXPIRED ? "unexpired"
				   : mode == FEFO_EXPIRED ? "in expired lots"
							  : "in all lots"));
	}
	rc = post_takes(j, tmpl, to_internal, from->id, res, &why, e);
	if (rc && why == POST_SHORT) /* we have just read those balances */
		return lb_fail(e, LB_ESYS, "bug: a FEFO plan for '%s' at '%s' did not hold", it->code, from->code);
	return rc;
}

int lb_jnl_receive(lb_journal *j, const struct lb_receive_req *r, struct lb_post_result *res, lb_err *e)
{
	struct item_info it;
	struct loc_info to, sup;
	struct lb_lot want, lot;
	struct lb_movement m = { 0 };
	char exp[11];
	const char *day;
	int created, why, rc;

	res_init(res);
	if ((rc = key_ok(r->key, res, e)) || (rc = qty_check(r->qty, "cannot receive", res, e)))
		return rc;
	if (r->unit_cost < 0 || r->unit_cost > LB_AMOUNT_MAX)
		return bad(res, "unit_cost", lb_fail(e, LB_EINPUT, "cannot receive: the unit cost is out of range"));
	if ((rc = get_item(j, r->item_id, &it, e)))
		return bad(res, "item", rc);
	if ((rc = internal_loc(j, r->to_id, "cannot receive into", "to", &to, res, e)))
		return rc;
	/* Before anything is written, lots included: a retry with a
	 * posted key must change nothing. */
	if ((rc = key_check(j, r->key, "receive", it.id, to.id, res, e)) || res->already)
		return rc;
	if (r->supplier_id) {
		if ((rc = get_loc(j, r->supplier_id, &sup, e)))
			return bad(res, "from", rc);
		if (sup.kind != LB_LOC_SUPPLIER)
			return bad(res, "from", lb_fail(e, LB_EINPUT, "cannot receive from '%s': it is not a supplier",
							sup.code));
	} else {
		sup = j->supply;
	}
	if (!r->lot)
		return bad(res, "lot", lb_fail(e, LB_EINPUT, "cannot receive: a receipt needs a lot code"));
	if ((rc = lb_lot_code_check(r->lot, "lot", e)))
		return bad(res, "lot", rc);
	if ((rc = text_ok(r->ref, "ref", "ref", res, e)) || (rc = text_ok(r->note, "note", "note", res, e)))
		return rc;
	if ((rc = period_open(j, r->day, "cannot receive", res, e)))
		return rc;
	memset(&want, 0, sizeof want);
	want.item_id = it.id;
	snprintf(want.code, sizeof want.code, "%s", r->lot);
	if (r->has_expiry) {
		want.has_expiry = 1;
		want.expiry = r->expiry;
	} else if (it.shelf_life_days > 0) {
		want.has_expiry = 1;
		want.expiry = r->day + it.shelf_life_days;
	}
	day = day_text(j, r->day);
	if (want.has_expiry && want.expiry < r->day) {
		lb_date_format(want.expiry, exp);
		return bad(res, "expiry",
			   lb_fail(e, LB_EINPUT, "cannot receive lot '%s' of '%s': expiry %s is before the receipt date %s",
				   r->lot, it.code, exp, day));
	}
	want.unit_cost = r->unit_cost;
	want.supplier_id = sup.kind == LB_LOC_SUPPLIER ? sup.id : 0;
	want.received_on = r->day;
	if ((rc = lb_lot_receive(j->db, &want, it.code, r->ref, &lot, &created, e)))
		return bad(res, "lot", rc);
	m.key = r->key;
	m.kind = "receive";
	m.day = day;
	m.item_id = it.id;
	m.lot_id = lot.id;
	m.from_id = sup.id;
	m.to_id = to.id;
	m.qty = r->qty;
	m.note = r->note;
	m.ref = r->ref;
	m.operator = r->operator;
	if ((rc = post_one(j, &m, 0, 1, &why, e)))
		return bad(res, "qty", rc);
	if (why == POST_DUP)
		return already(j, &m, to.id, res, e);
	res->n = 1;
	res->first_id = m.id;
	res->qty = m.qty;
	return LB_OK;
}

static int move(lb_journal *j, const struct lb_move_req *r, struct lb_post_result *res, lb_err *e)
{
	static const struct verb v = { "move", "from" };
	struct item_info it;
	struct loc_info from, to;
	struct lot_info lot;
	struct lb_movement m = { 0 };
	int rc;

	if ((rc = key_ok(r->key, res, e)) || (rc = qty_check(r->qty, "cannot move", res, e)))
		return rc;
	if ((rc = get_item(j, r->item_id, &it, e)))
		return bad(res, "item", rc);
	if ((rc = internal_loc(j, r->from_id, "cannot move from", "from", &from, res, e)) ||
	    (rc = internal_loc(j, r->to_id, "cannot move to", "to", &to, res, e)))
		return rc;
	if (from.id == to.id)
		return bad(res, "to", lb_fail(e, LB_EINPUT, "cannot move from '%s' to itself", from.code));
	if (r->lot_id && (rc = lot_of_item(j, r->lot_id, &it, &lot, res, e)))
		return rc;
	if ((rc = text_ok(r->ref, "ref", "ref", res, e)) || (rc = text_ok(r->note, "note", "note", res, e)))
		return rc;
	if ((rc = period_open(j, r->day, "cannot move", res, e)))
		return rc;
	m.key = r->key;
	m.kind = "move";
	m.day = day_text(j, r->day);
	m.item_id = it.id;
	m.from_id = from.id;
	m.to_id = to.id;
	m.qty = r->qty;
	m.ref = r->ref;
	m.note = r->note;
	m.operator = r->operator;
	return take_out(j, &m, &it, &from, 1, r->lot_id ? &lot : NULL, FEFO_UNEXPIRED, r->day, &v, res, e);
}

int lb_jnl_move(lb_journal *j, const struct lb_move_req *r, struct lb_post_result *res, lb_err *e)
{
	int64_t tip = j->last_id;

	res_init(res);
	return settle(j, tip, r->key, "move", r->item_id, r->from_id, move(j, r, res, e), res);
}

static int issue(lb_journal *j, const struct lb_issue_req *r, struct lb_post_result *res, lb_err *e)
{
	static const struct verb v = { "issue", "from" };
	struct item_info it;
	struct loc_info from;
	struct lot_info lot;
	struct lb_movement m = { 0 };
	int rc;

	if ((rc = key_ok(r->key, res, e)) || (rc = qty_check(r->qty, "cannot issue", res, e)))
		return rc;
	if ((rc = get_item(j, r->item_id, &it, e)))
		return bad(res, "item", rc);
	if ((rc = internal_loc(j, r->from_id, "cannot issue from", "from", &from, res, e)))
		return rc;
	if (r->lot_id && (rc = lot_of_item(j, r->lot_id, &it, &lot, res, e)))
		return rc;
	if ((rc = text_ok(r->note, "note", "note", res, e)))
		return rc;
	if ((rc = period_open(j, r->day, "cannot issue", res, e)))
		return rc;
	m.key = r->key;
	m.kind = "issue";
	m.day = day_text(j, r->day);
	m.item_id = it.id;
	m.from_id = from.id;
	m.to_id = j->recipients.id;
	m.qty = r->qty;
	m.note = r->note;
	m.redemption_id = r->redemption_id;
	m.operator = r->operator;
	return take_out(j, &m, &it, &from, 0, r->lot_id ? &lot : NULL, FEFO_UNEXPIRED, r->day, &v, res, e);
}

int lb_jnl_issue(lb_journal *j, const struct lb_issue_req *r, struct lb_post_result *res, lb_err *e)
{
	int64_t tip = j->last_id;

	res_init(res);
	return settle(j, tip, r->key, "issue", r->item_id, r->from_id, issue(j, r, res, e), res);
}

/* Shared by adjustments and counts: kind, reason and how a shortfall
 * chooses its lots differ. */
static int adjust(lb_journal *j, const char *kind, const char *reason, enum fefo_mode mode, int64_t item_id,
		  int64_t at_id, int64_t lot_id, int64_t qty, const char *note, lb_day day, const char *key,
		  const char *operator, struct lb_post_result *res, lb_err *e)
{
	static const struct verb v = { "write off", "at" };
	struct item_info it;
	struct loc_info at;
	struct lot_info lot;
	struct lb_movement m = { 0 };
	int why, rc;

	if ((rc = key_ok(key, res, e)))
		return rc;
	if (qty == 0)
		return bad(res, "qty", lb_fail(e, LB_EINPUT, "cannot adjust: an adjustment of zero changes nothing"));
	if (qty < -LB_AMOUNT_MAX || qty > LB_AMOUNT_MAX)
		return bad(res, "qty", lb_fail(e, LB_EINPUT, "cannot adjust: the quantity is too large"));
	if ((rc = get_item(j, item_id, &it, e)))
		return bad(res, "item", rc);
	if ((rc = internal_loc(j, at_id, "cannot adjust stock at", "at", &at, res, e)))
		return rc;
	if (lot_id && (rc = lot_of_item(j, lot_id, &it, &lot, res, e)))
		return rc;
	if ((rc = text_ok(note, "note", "note", res, e)))
		return rc;
	if ((rc = period_open(j, day, "cannot adjust", res, e)))
		return rc;
	m.key = key;
	m.kind = kind;
	m.day = day_text(j, day);
	m.item_id = it.id;
	m.reason = reason;
	m.note = note;
	m.operator = operator;
	if (qty < 0) {
		m.from_id = at.id;
		m.to_id = j->adjust.id;
		m.qty = -qty;
		return take_out(j, &m, &it, &at, 0, lot_id ? &lot : NULL, mode, day, &v, res, e);
	}
	if (!lot_id)
		return bad(res, "lot",
			   lb_fail(e, LB_EINPUT, "cannot add stock of '%s' at '%s' without naming its lot (--lot)",
				   it.code, at.code));
	m.from_id = j->adjust.id;
	m.to_id = at.id;
	m.lot_id = lot.id;
	m.qty = qty;
	if ((rc = post_one(j, &m, 0, 1, &why, e)))
		return bad(res, "qty", rc);
	if (why == POST_DUP)
		return already(j, &m, at.id, res, e);
	res->n = 1;
	res->first_id = m.id;
	res->qty = m.qty;
	return LB_OK;
}

int lb_jnl_adjust(lb_journal *j, const struct lb_adjust_req *r, struct lb_post_result *res, lb_err *e)
{
	int64_t tip = j->last_id;
	int expired_only;
	int rc;

	res_init(res);
	if ((rc = lb_adjust_reason_check(r->reason, "reason", e)))
		return bad(res, "reason", rc);
	expired_only = strcmp(r->reason, "kedaluwarsa") == 0;
	if (expired_only && r->qty > 0)
		return bad(res, "qty",
			   lb_fail(e, LB_EINPUT,
				   "cannot adjust: reason 'kedaluwarsa' writes expired stock off, so the quantity must be negative"));
	rc = adjust(j, "adjust", r->reason, expired_only ? FEFO_EXPIRED : FEFO_UNEXPIRED, r->item_id, r->at_id,
		    r->lot_id, r->qty, r->note, r->day, r->key, r->operator, res, e);
	return settle(j, tip, r->key, "adjust", r->item_id, r->at_id, rc, res);
}

int lb_jnl_count_diff(lb_journal *j, int64_t item_id, int64_t at_id, int64_t lot_id, int64_t diff,
		      lb_day day, const char *key, const char *operator, struct lb_post_result *res,
		      lb_err *e)
{
	int64_t tip = j->last_id;
	int rc;

	res_init(res);
	rc = adjust(j, "count", "opname", FEFO_ALL, item_id, at_id, lot_id, diff, NULL, day, key, operator, res, e);
	return settle(j, tip, key, "count", item_id, at_id, rc, res);
}

static int reverse(lb_journal *j, const struct lb_reverse_req *r, int64_t *item_id, int64_t *loc_id,
		   struct lb_post_result *res, lb_err *e)
{
	struct lb_movement m = { 0 };
	struct item_info it;
	struct loc_info from, to;
	struct lot_info lot;
	char okind[16], oday[11], q1[48], q2[48];
	int64_t lot_id, from_id, to_id, qty, have;
	lb_day od;
	lb_stmt *st;
	int why, rc;

	if ((rc = key_ok(r->key, res, e)))
		return rc;
	if (!r->reason || !*r->reason)
		return bad(res, "reason", lb_fail(e, LB_EINPUT, "cannot reverse movement %lld: say why (--reason)",
						  (long long)r->movement_id));
	if ((rc = text_ok(r->reason, "--reason", "reason", res, e)))
		return rc;
	st = lb_db_prepare(j->db, "SELECT kind, day, item_id, lot_id, from_id, to_id, qty FROM movement WHERE id = ?1", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, r->movement_id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return bad(res, "movement", lb_fail(e, LB_EINPUT, "cannot reverse movement %lld: there is no such movement",
						    (long long)r->movement_id));
	if (rc != LB_ROW)
		return rc;
	snprintf(okind, sizeof okind, "%s", lb_col_text(st, 0));
	snprintf(oday, sizeof oday, "%s", lb_col_text(st, 1));
	*item_id = lb_col_int(st, 2);
	lot_id = lb_col_int(st, 3);
	from_id = lb_col_int(st, 4);
	to_id = lb_col_int(st, 5);
	qty = lb_col_int(st, 6);
	lb_stmt_reset(st);
	*loc_id = to_id;
	if (strcmp(okind, "reverse") == 0)
		return bad(res, "movement",
			   lb_fail(e, LB_ERULE, "cannot reverse movement %lld: it is itself a reversal (post the original movement again instead)",
				   (long long)r->movement_id));
	st = lb_db_prepare(j->db, "SELECT id FROM movement WHERE reverses = ?1", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, r->movement_id);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		int64_t by = lb_col_int(st, 0);
		lb_stmt_reset(st);
		return bad(res, "movement", lb_fail(e, LB_ERULE, "cannot reverse movement %lld: it was reversed already, by movement %lld",
						    (long long)r->movement_id, (long long)by));
	}
	if (rc != LB_DONE)
		return rc;
	if (lb_date_parse(oday, "stored date", &od, e))
		return lb_fail(e, LB_ESYS, "movement %lld has a damaged date", (long long)r->movement_id);
	if (r->day < od)
		return bad(res, "date", lb_fail(e, LB_EINPUT, "cannot reverse movement %lld with a date before its own (%s)",
						(long long)r->movement_id, oday));
	if ((rc = period_open(j, r->day, "cannot reverse", res, e)))
		return rc;
	if ((rc = get_item(j, *item_id, &it, e)) || (rc = get_loc(j, to_id, &from, e)) ||
	    (rc = get_loc(j, from_id, &to, e)) || (rc = get_lot(j, lot_id, &lot, e)))
		return rc;
	m.key = r->key;
	m.kind = "reverse";
	m.day = day_text(j, r->day);
	m.item_id = *item_id;
	m.lot_id = lot_id;
	m.from_id = from.id;
	m.to_id = to.id;
	m.qty = qty;
	m.reason = r->reason;
	m.reverses = r->movement_id;
	m.operator = r->operator;
	rc = post_one(j, &m, lb_loc_internal(from.kind), lb_loc_internal(to.kind), &why, e);
	if (rc && why == POST_SHORT) {
		if ((rc = lb_bal_qty(j->bal, from.id, lot_id, *item_id, 1, &have, e)))
			return rc;
		fmt_qty(qty, &it, q1, sizeof q1);
		fmt_qty(have, &it, q2, sizeof q2);
		return bad(res, "movement",
			   lb_fail(e, LB_ERULE,
				   "cannot reverse movement %lld: it would take %s of '%s' lot '%s' back out of '%s', where only %s is left (the stock has moved on: reverse the later movements first)",
				   (long long)r->movement_id, q1, it.code, lot.code, from.code, q2));
	}
	if (rc)
		return rc;
	if (why == POST_DUP)
		return already(j, &m, to_id, res, e);
	res->n = 1;
	res->first_id = m.id;
	res->qty = qty;
	return LB_OK;
}

int lb_jnl_reverse(lb_journal *j, const struct lb_reverse_req *r, struct lb_post_result *res, lb_err *e)
{
	int64_t item_id = 0, loc_id = 0, tip = j->last_id;
	int rc;

	res_init(res);
	rc = reverse(j, r, &item_id, &loc_id, res, e);
	return settle(j, tip, r->key, "reverse", item_id, loc_id, rc, res);
}

/* ---- one-shot posting inside the caller's transaction ---- */

typedef int (*jnl_fn)(lb_journal *j, const void *req, struct lb_post_result *res, lb_err *e);

static int w_receive(lb_journal *j, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_jnl_receive(j, r, res, e);
}

static int w_move(lb_journal *j, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_jnl_move(j, r, res, e);
}

static int w_issue(lb_journal *j, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_jnl_issue(j, r, res, e);
}

static int w_adjust(lb_journal *j, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_jnl_adjust(j, r, res, e);
}

static int w_reverse(lb_journal *j, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_jnl_reverse(j, r, res, e);
}

static int one_shot(lb_db *db, jnl_fn fn, const void *req, struct lb_post_result *res, lb_err *e)
{
	struct lb_post_result local;
	lb_journal *j;
	int rc;

	if (!res)
		res = &local;
	res_init(res);
	if (!lb_db_in_tx(db))
		return lb_fail(e, LB_ESYS, "bug: the journal was used outside a transaction");
	/* A savepoint makes the call atomic inside the caller's transaction:
	 * a posting that fails half-way leaves nothing behind. */
	if ((rc = lb_db_exec(db, "SAVEPOINT lb_journal", e)))
		return rc;
	if ((rc = lb_journal_open(db, &j, e)) == LB_OK) {
		if ((rc = fn(j, req, res, e)) == LB_OK)
			rc = lb_journal_finish(j, e);
		lb_journal_close(j);
	}
	if (rc) {
		lb_err ignore;
		lb_db_exec(db, "ROLLBACK TO lb_journal", &ignore);
		lb_db_exec(db, "RELEASE lb_journal", &ignore);
		return rc;
	}
	return lb_db_exec(db, "RELEASE lb_journal", e);
}

int lb_journal_receive(lb_db *db, const struct lb_receive_req *r, struct lb_post_result *res, lb_err *e)
{
	return one_shot(db, w_receive, r, res, e);
}

int lb_journal_move(lb_db *db, const struct lb_move_req *r, struct lb_post_result *res, lb_err *e)
{
	return one_shot(db, w_move, r, res, e);
}

int lb_journal_issue(lb_db *db, const struct lb_issue_req *r, struct lb_post_result *res, lb_err *e)
{
	return one_shot(db, w_issue, r, res, e);
}

int lb_journal_adjust(lb_db *db, const struct lb_adjust_req *r, struct lb_post_result *res, lb_err *e)
{
	return one_shot(db, w_adjust, r, res, e);
}

int lb_journal_reverse(lb_db *db, const struct lb_reverse_req *r, struct lb_post_result *res, lb_err *e)
{
	return one_shot(db, w_reverse, r, res, e);
}
