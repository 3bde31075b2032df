/*
 * balance.c — the write-back balance cache. See balance.h.
 *
 * An entry is "known" when its quantity is absolute (the row was read);
 * an entry only added to holds the session's change, and the row (if any)
 * the rest, which the flush adds with qty = qty + change. A warehouse's or
 * point's entry that may have no row yet is listed under its (location,
 * item), for lb_bal_lots; entries never move in memory until the cache is
 * flushed and emptied, which also empties the lists.
 */
#include "inventory/balance.h"

#include <stdlib.h>
#include <string.h>

#include "inventory/cache.h"

/* Balances held back before a flush: about 10 MB at most. A test build
 * may make it tiny to exercise the flushes. */
#ifndef BALANCE_CACHE_MAX
#define BALANCE_CACHE_MAX 65536
#endif
/* A balance may not grow past this (a guard against int64 overflow from
 * absurd inputs; one movement is at most LB_AMOUNT_MAX). */
#define BALANCE_MAX 4000000000000000000LL

struct bal_key {
	int64_t loc, lot;
};

/* One (location, lot) balance. Known: qty is the current quantity. Not
 * known (only added to so far): qty is this session's change, and the row
 * (if any) has the rest. */
struct bal {
	int64_t loc, lot;
	int64_t qty;
	int64_t item_id;
	struct bal *next;     /* in its (location, item) list of lots perhaps without a row */
	unsigned seen;        /* the lb_bal_lots pass that met it in the table */
	unsigned internal : 1;
	unsigned known : 1;
	unsigned has_row : 1; /* when known: the table has a row */
	unsigned dirty : 1;   /* the row is behind */
	unsigned listed : 1;  /* in a fresh list */
};

struct fresh_key {
	int64_t loc, item;
};

enum { S_BAL_GET, S_BAL_ADD, S_BAL_PUT, S_BAL_DEL, S_LOTS, NSTMT };

static const char *const stmt_sql[NSTMT] = {
	[S_BAL_GET] = "SELECT qty FROM balance WHERE location_id = ?1 AND lot_id = ?2",
	/* The guard turns an overflow (which SQLite would make a REAL)
	 * into no change, which the flush reports. */
	[S_BAL_ADD] = "INSERT INTO balance(location_id, lot_id, item_id, internal, qty) VALUES (?1, ?2, ?3, ?4, ?5)"
		      " ON CONFLICT (location_id, lot_id) DO UPDATE SET qty = qty + excluded.qty"
		      " WHERE abs(qty + excluded.qty) <= 4000000000000000000",
	[S_BAL_PUT] = "INSERT INTO balance(location_id, lot_id, item_id, internal, qty) VALUES (?1, ?2, ?3, ?4, ?5)"
		      " ON CONFLICT (location_id, lot_id) DO UPDATE SET qty = excluded.qty",
	[S_BAL_DEL] = "DELETE FROM balance WHERE location_id = ?1 AND lot_id = ?2",
	[S_LOTS] = "SELECT b.lot_id, b.qty, l.expiry FROM balance b JOIN lot l ON l.id = b.lot_id"
		   " WHERE b.location_id = ?1 AND b.item_id = ?2",
};

struct lb_balances {
	lb_db *db;
	lb_stmt *st[NSTMT];
	struct lb_cache bals;  /* struct bal by struct bal_key */
	struct lb_cache fresh; /* struct bal * list head by struct fresh_key */
	unsigned pass;
};

int lb_bal_open(lb_db *db, lb_balances **out, lb_err *e)
{
	lb_balances *b;

	*out = NULL;
	if (!(b = calloc(1, sizeof *b)))
		return lb_oom(e);
	b->db = db;
	lb_cache_init(&b->bals, sizeof(struct bal), BALANCE_CACHE_MAX);
	/* One more than the balances: it can never fill and drop a list
	 * on its own (each key has a balance entry). */
	lb_cache_init(&b->fresh, sizeof(struct bal *), BALANCE_CACHE_MAX + 1);
	for (int i = 0; i < NSTMT; i++)
		if (!(b->st[i] = lb_db_prepare(db, stmt_sql[i], e))) {
			lb_bal_close(b);
			return LB_ESYS;
		}
	*out = b;
	return LB_OK;
}

void lb_bal_close(lb_balances *b)
{
	if (!b)
		return;
	lb_cache_release(&b->bals);
	lb_cache_release(&b->fresh);
	free(b);
}


static lb_stmt *stmt(lb_balances *bs, int which)
{
	lb_stmt_reset(bs->st[which]);
	return bs->st[which];
}

static int bal_write(void *arg, const void *key, size_t klen, void *val, lb_err *e)
{
	lb_balances *bs = arg;
	struct bal *b = val;
	lb_stmt *st;
	int rc;

	(void)key;
	(void)klen;
	b->listed = 0;
	b->next = NULL;
	if (!b->dirty)
		return LB_OK;
	if (!b->known) {
		st = stmt(bs, S_BAL_ADD);
		lb_bind_int(st, 1, b->loc);
		lb_bind_int(st, 2, b->lot);
		lb_bind_int(st, 3, b->item_id);
		lb_bind_int(st, 4, b->internal);
		lb_bind_int(st, 5, b->qty);
		if ((rc = lb_step_done(st, e)))
			return rc;
		if (lb_db_changes(bs->db) != 1)
			return lb_fail(e, LB_ERULE, "a balance would exceed the largest quantity lumbung keeps");
		b->qty = 0; /* the row has it now */
		b->dirty = 0;
		return LB_OK;
	}
	if (b->internal && b->qty == 0) {
		/* Emptied: no row (a warehouse or point lists only what it
		 * holds). */
		if (b->has_row) {
			st = stmt(bs, S_BAL_DEL);
			lb_bind_int(st, 1, b->loc);
			lb_bind_int(st, 2, b->lot);
			if ((rc = lb_step_done(st, e)))
				return rc;
		}
		b->has_row = 0;
	} else {
		st = stmt(bs, S_BAL_PUT);
		lb_bind_int(st, 1, b->loc);
		lb_bind_int(st, 2, b->lot);
		lb_bind_int(st, 3, b->item_id);
		lb_bind_int(st, 4, b->internal);
		lb_bind_int(st, 5, b->qty);
		if ((rc = lb_step_done(st, e)))
			return rc;
		b->has_row = 1;
	}
	b->dirty = 0;
	return LB_OK;
}

/* Write every changed balance. Afterwards every lot a warehouse or point
 * holds has its row, so the lists of lots without one are emptied. */
int lb_bal_flush(lb_balances *bs, lb_err *e)
{
	int rc = lb_cache_each(&bs->bals, bal_write, bs, e);

	if (rc == LB_OK)
		lb_cache_clear(&bs->fresh);
	return rc;
}

/* The session's entry for (loc, lot), made (as an unknown base with no
 * change yet) on first use: no database access. The pointer stays valid
 * until the entries are flushed and dropped, which only bal_entry does. */
static int bal_entry(lb_balances *bs, int64_t loc, int64_t lot, int64_t item, int internal, struct bal **out,
		     lb_err *e)
{
	struct bal_key k = { loc, lot };
	struct bal *b = lb_cache_get(&bs->bals, &k, sizeof k);
	int rc;

	if (!b) {
		if (lb_cache_full(&bs->bals)) {
			if ((rc = lb_bal_flush(bs, e)))
				return rc;
			lb_cache_clear(&bs->bals);
		}
		if (!(b = lb_cache_put(&bs->bals, &k, sizeof k, e)))
			return LB_ESYS;
		b->loc = loc;
		b->lot = lot;
		b->item_id = item;
		b->internal = internal;
	}
	*out = b;
	return LB_OK;
}

/* Make b's quantity absolute: read the row's value under the change. */
static int bal_know(lb_balances *bs, struct bal *b, lb_err *e)
{
	lb_stmt *st;
	int rc;

	if (b->known)
		return LB_OK;
	st = stmt(bs, S_BAL_GET);
	lb_bind_int(st, 1, b->loc);
	lb_bind_int(st, 2, b->lot);
	rc = lb_step(st, e);
	if (rc != LB_ROW && rc != LB_DONE)
		return rc;
	b->has_row = rc == LB_ROW;
	if (b->has_row)
		b->qty += lb_col_int(st, 0);
	lb_stmt_reset(st);
	b->known = 1;
	return LB_OK;
}

/* Does the warehouse or point hold qty of lot? Reads nothing but the
 * balance, writes nothing (so a refusal leaves no trace). */
int lb_bal_has(lb_balances *bs, int64_t loc, int64_t lot, int64_t item, int64_t qty, int *enough, lb_err *e)
{
	struct bal *b;
	int rc;

	*enough = 0;
	if ((rc = bal_entry(bs, loc, lot, item, 1, &b, e)) || (rc = bal_know(bs, b, e)))
		return rc;
	*enough = b->qty >= qty;
	return LB_OK;
}

/* Take qty off a warehouse's or point's balance, which bal_has has just
 * found holds it. */
int lb_bal_take(lb_balances *bs, int64_t loc, int64_t lot, int64_t item, int64_t qty, lb_err *e)
{
	struct bal *b;
	lb_stmt *st;
	int rc;

	if ((rc = bal_entry(bs, loc, lot, item, 1, &b, e)) || (rc = bal_know(bs, b, e)))
		return rc;
	if (b->qty < qty)
		return lb_fail(e, LB_ESYS, "bug: a balance changed between its check and its posting");
	b->qty -= qty;
	b->dirty = 1;
	if (b->qty == 0 && b->has_row) {
		/* At once, not at the flush: FEFO must not keep meeting a
		 * lot that is gone. */
		st = stmt(bs, S_BAL_DEL);
		lb_bind_int(st, 1, loc);
		lb_bind_int(st, 2, lot);
		if ((rc = lb_step_done(st, e)))
			return rc;
		b->has_row = 0;
		b->dirty = 0;
	}
	return LB_OK;
}

/* Add qty (negative for an outside account's mirror) to a balance. */
int lb_bal_add(lb_balances *bs, int64_t loc, int64_t lot, int64_t item, int internal, int64_t qty, lb_err *e)
{
	struct bal *b;
	int rc = bal_entry(bs, loc, lot, item, internal, &b, e);

	if (rc)
		return rc;
	if (b->qty + qty > BALANCE_MAX || b->qty + qty < -BALANCE_MAX)
		return lb_fail(e, LB_ERULE, "a balance would exceed the largest quantity lumbung keeps");
	b->qty += qty;
	b->dirty = 1;
	if (internal && !b->listed && (!b->known || !b->has_row)) {
		/* Perhaps no row yet: list it for FEFO under its location
		 * and item (entries do not move until they are dropped, and
		 * the list is dropped with them). */
		struct fresh_key fk = { loc, item };
		struct bal **head = lb_cache_get(&bs->fresh, &fk, sizeof fk);
		if (!head && !(head = lb_cache_put(&bs->fresh, &fk, sizeof fk, e)))
			return LB_ESYS;
		b->next = *head;
		*head = b;
		b->listed = 1;
	}
	return LB_OK;
}

/* The quantity of lot at loc now, for messages. */
int lb_bal_qty(lb_balances *bs, int64_t loc, int64_t lot, int64_t item, int internal, int64_t *qty, lb_err *e)
{
	struct bal *b;
	int rc;

	*qty = 0;
	if ((rc = bal_entry(bs, loc, lot, item, internal, &b, e)) || (rc = bal_know(bs, b, e)))
		return rc;
	*qty = b->qty;
	return LB_OK;
}

int lb_bal_lots(lb_balances *bs, int64_t loc, int64_t item, lb_bal_lot_fn fn, void *arg, lb_err *e)
{
	lb_stmt *st = stmt(bs, S_LOTS);
	struct fresh_key fk = { loc, item };
	struct bal **head;
	unsigned pass = ++bs->pass;
	int rc;

	lb_bind_int(st, 1, loc);
	lb_bind_int(st, 2, item);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct bal_key k = { loc, lb_col_int(st, 0) };
		struct bal *b = lb_cache_get(&bs->bals, &k, sizeof k);
		int64_t q = lb_col_int(st, 1);
		int frc;

		/* The row's quantity may be stale: the entry knows better. */
		if (b) {
			q = b->known ? b->qty : q + b->qty;
			b->seen = pass;
		}
		if (q > 0 && (frc = fn(arg, k.lot, q, lb_col_text(st, 2), e))) {
			lb_stmt_reset(st);
			return frc;
		}
	}
	lb_stmt_reset(st);
	if (rc != LB_DONE)
		return rc;
	/* Lots that arrived in the session and may have no row yet (those
	 * the table listed are marked seen). */
	if ((head = lb_cache_get(&bs->fresh, &fk, sizeof fk)))
		for (struct bal *b = *head; b; b = b->next)
			if (b->seen != pass && b->qty > 0 && (rc = fn(arg, b->lot, b->qty, NULL, e)))
				return rc;
	return LB_OK;
}
