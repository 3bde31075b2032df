/*
 * count.h — stock counts (stock opname): what staff counted against what
 * the ledger says. The count is recorded (table stock_count), the
 * difference posted as 'count' movements against @ADJUST (reason
 * 'opname'), and the variance reported.
 *
 * A shortfall comes out earliest-expiry first over all the item's lots
 * there (or the counted lot), expired ones included. A surplus goes into
 * the counted lot, or into the only lot of the item held there; when
 * there are several or none, the count must name the lot (LB_EINPUT).
 *
 * Runs inside the caller's transaction and is atomic within it.
 * Memory: requests and results are caller-owned values.
 */
#ifndef LB_COUNT_H
#define LB_COUNT_H

#include <stdint.h>
#include "core/date.h"
#include "core/db.h"
#include "inventory/journal.h"

struct lb_count_req {
	int64_t item_id;
	int64_t at_id;   /* warehouse or point */
	int64_t lot_id;  /* 0: all lots of the item there */
	int64_t counted; /* base units, >= 0 */
	lb_day day;
	const char *operator;
	const char *reason;  /* why it differs (berita acara stock opname); NULL: not said */
};

struct lb_count_result {
	int64_t count_id;  /* the stock_count row */
	int64_t expected;  /* what the ledger said */
	int64_t variance;  /* counted - expected */
	struct lb_post_result post; /* the movements posted (n = 0 when none) */
};

int lb_count_post(lb_db *db, const struct lb_count_req *r, struct lb_count_result *res, lb_err *e);

#endif
