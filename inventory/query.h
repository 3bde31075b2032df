/*
 * query.h — read-only questions to the ledger: balances now (a lookup in
 * the balance table, whatever the journal's length) and as of a date (a
 * sum over the journal), the ledger of an item with running balance,
 * lots that expire soon, and movements by id.
 *
 * Each function calls fn once per row, in a stable order; a non-zero
 * return from fn stops the walk and is returned. Strings in a row are
 * valid only during that call.
 */
#ifndef LB_QUERY_H
#define LB_QUERY_H

#include <stdint.h>
#include "core/date.h"
#include "core/db.h"

/* 0 (or has_as_of = 0) means "any". Only warehouses and points have
 * balances worth showing; the outside accounts are left out. */
struct lb_balance_filter {
	int64_t location_id;
	int64_t item_id;
	int64_t lot_id;
	int has_as_of;
	lb_day as_of; /* balances at the end of this day */
};

struct lb_balance_row {
	const char *location;
	const char *item;
	const char *unit;
	const char *lot;
	const char *expiry; /* "" when the lot does not expire */
	int64_t qty;        /* base units, never 0 */
};

typedef int (*lb_balance_fn)(void *arg, const struct lb_balance_row *r, lb_err *e);
int lb_balance_each(lb_db *db, const struct lb_balance_filter *f, lb_balance_fn fn, void *arg, lb_err *e);

/* One movement, as the ledger and posting reports show it. */
struct lb_mv_row {
	int64_t id;
	const char *day, *kind, *item, *unit, *lot, *from, *to;
	const char *key, *ref, *reason, *note, *operator; /* "" when not set */
	int64_t qty;
	int64_t reverses, redemption_id; /* 0 when not set */
	int64_t delta;   /* ledger: the change at the location (or in all stock held) */
	int64_t running; /* ledger: the balance after this movement */
};

typedef int (*lb_mv_fn)(void *arg, const struct lb_mv_row *r, lb_err *e);

/* The history of an item in date order. With location_id, the movements
 * in and out of that location and its running balance; without, every
 * movement of the item and the running total held in warehouses and
 * points (moves between them change nothing). lot_id narrows to a lot. */
struct lb_ledger_filter {
	int64_t item_id; /* required */
	int64_t location_id;
	int64_t lot_id;
};
int lb_ledger_each(lb_db *db, const struct lb_ledger_filter *f, lb_mv_fn fn, void *arg, lb_err *e);

/* Movements first_id .. last_id in id order (delta and running are 0). */
int lb_movement_each(lb_db *db, int64_t first_id, int64_t last_id, lb_mv_fn fn, void *arg, lb_err *e);

/* Lots with stock in a warehouse or point that expire on or before
 * today + within days (those expired already included), soonest first. */
struct lb_expiring_row {
	const char *location, *item, *unit, *lot, *expiry;
	int64_t qty;
	int days_left; /* negative: expired that many days ago */
};
typedef int (*lb_expiring_fn)(void *arg, const struct lb_expiring_row *r, lb_err *e);
int lb_expiring_each(lb_db *db, lb_day today, int within, int64_t location_id, lb_expiring_fn fn, void *arg,
		     lb_err *e);

#endif
