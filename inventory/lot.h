/*
 * lot.h — lots (lot): one delivery of one item, with its code (as the
 * supplier printed it), expiry date, unit cost in rupiah per base unit,
 * supplier and delivery note. A lot is made by its first receipt and
 * never changed; every movement names the lot it moves.
 *
 * Writers run inside the caller's transaction.
 *
 * Memory: lb_lot is a fixed-size value the caller owns.
 */
#ifndef LB_LOT_H
#define LB_LOT_H

#include <stdint.h>
#include "core/date.h"
#include "core/db.h"
#include "inventory/names.h"

struct lb_lot {
	int64_t id;
	int64_t item_id;
	char code[LB_LOT_MAX + 1];
	int has_expiry;       /* 0: the lot does not expire */
	lb_day expiry;        /* last day it may be handed out */
	int64_t unit_cost;    /* rupiah per base unit */
	int64_t supplier_id;  /* location id, 0 when unknown */
	lb_day received_on;
};

/* Is the lot expired on day? A lot may be handed out on its expiry day. */
static inline int lb_lot_expired(const struct lb_lot *l, lb_day day)
{
	return l->has_expiry && l->expiry < day;
}

/* The lot of an item by code, case-insensitively: LB_OK, or LB_EINPUT
 * "unknown lot 'X' of 'ITEM'" (item_code is for that message). */
int lb_lot_find(lb_db *db, int64_t item_id, const char *item_code, const char *code,
		struct lb_lot *out, lb_err *e);
int lb_lot_get(lb_db *db, int64_t id, struct lb_lot *out, lb_err *e);

/* For a receipt: the lot l->code of l->item_id, made from l when new
 * (*created = 1). An existing lot must have the same expiry and unit cost
 * (a second truck of one lot); otherwise LB_ERULE says what differs.
 * ref is the delivery note, kept with a new lot. out may be l. */
int lb_lot_receive(lb_db *db, const struct lb_lot *l, const char *item_code, const char *ref,
		   struct lb_lot *out, int *created, lb_err *e);

#endif
