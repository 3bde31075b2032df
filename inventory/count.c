/*
 * count.c — stock counts. See count.h.
 */
#include "inventory/count.h"

#include <string.h>

#include "core/money.h"
#include "core/period.h"
#include "inventory/item.h"
#include "inventory/location.h"
#include "inventory/lot.h"

static int expected_qty(lb_db *db, const struct lb_count_req *r, int64_t *out, lb_err *e)
{
	lb_stmt *st;
	int rc;

	if (r->lot_id) {
		st = lb_db_prepare(db, "SELECT qty FROM balance WHERE location_id = ?1 AND lot_id = ?2", e);
		if (!st)
			return LB_ESYS;
		lb_bind_int(st, 1, r->at_id);
		lb_bind_int(st, 2, r->lot_id);
	} else {
		st = lb_db_prepare(db, "SELECT SUM(qty) FROM balance WHERE location_id = ?1 AND item_id = ?2", e);
		if (!st)
			return LB_ESYS;
		lb_bind_int(st, 1, r->at_id);
		lb_bind_int(st, 2, r->item_id);
	}
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*out = lb_col_int(st, 0);
		lb_stmt_reset(st);
		return LB_OK;
	}
	*out = 0;
	return rc == LB_DONE ? LB_OK : rc;
}

/* A surplus without a named lot goes into the only lot of the item held
 * at this location; otherwise the count must say which. */
static int only_lot(lb_db *db, const struct lb_count_req *r, const struct lb_item *it,
		    const struct lb_location *at, int64_t *lot, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT lot_id FROM balance WHERE location_id = ?1 AND item_id = ?2 LIMIT 2", e);
	int n = 0, rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, r->at_id);
	lb_bind_int(st, 2, r->item_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		*lot = lb_col_int(st, 0);
		n++;
	}
	if (rc != LB_DONE)
		return rc;
	if (n != 1)
		return lb_fail(e, LB_EINPUT,
			       "stock count: more '%s' at '%s' than the ledger says, and %s: name the lot the extra stock belongs to (--lot)",
			       it->code, at->code,
			       n ? "it holds several lots of it" : "it holds none of it now");
	return LB_OK;
}

static int count_in(lb_db *db, const struct lb_count_req *r, struct lb_count_result *res, lb_err *e)
{
	struct lb_item it;
	struct lb_location at;
	struct lb_lot lot;
	lb_journal *j = NULL;
	lb_stmt *st;
	char day[11], now[21];
	int64_t lot_id = r->lot_id;
	int rc;

	if (r->counted < 0 || r->counted > LB_AMOUNT_MAX)
		return lb_fail(e, LB_EINPUT, "stock count: the counted quantity is out of range");
	if ((rc = lb_item_get(db, r->item_id, &it, e)) || (rc = lb_location_get(db, r->at_id, &at, e)))
		return rc;
	if (!lb_loc_internal(at.kind))
		return lb_fail(e, LB_EINPUT, "cannot count stock at '%s': it is not a warehouse or point", at.code);
	if (lot_id) {
		if ((rc = lb_lot_get(db, lot_id, &lot, e)))
			return rc;
		if (lot.item_id != it.id)
			return lb_fail(e, LB_EINPUT, "lot '%s' is not a lot of '%s'", lot.code, it.code);
	}
	if ((rc = lb_period_check_open(db, r->day, "cannot record a stock count", e)))
		return rc;
	if ((rc = expected_qty(db, r, &res->expected, e)))
		return rc;
	res->variance = r->counted - res->expected;
	if (res->variance > 0 && !lot_id && (rc = only_lot(db, r, &it, &at, &lot_id, e)))
		return rc;
	lb_date_format(r->day, day);
	lb_now_utc(now);
	st = lb_db_prepare(db, "INSERT INTO stock_count(day, location_id, item_id, lot_id, counted, expected, operator, posted_at)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, day);
	lb_bind_int(st, 2, at.id);
	lb_bind_int(st, 3, it.id);
	if (r->lot_id)
		lb_bind_int(st, 4, r->lot_id);
	lb_bind_int(st, 5, r->counted);
	lb_bind_int(st, 6, res->expected);
	lb_bind_text(st, 7, r->operator);
	lb_bind_text(st, 8, now);
	if ((rc = lb_step_done(st, e)))
		return rc;
	res->count_id = lb_db_last_id(db);
	if (r->reason && *r->reason) {
		if (!(st = lb_db_prepare(db, "INSERT INTO stock_count_reason(count_id, reason) VALUES (?1, ?2)", e)))
			return LB_ESYS;
		lb_bind_int(st, 1, res->count_id);
		lb_bind_text(st, 2, r->reason);
		if ((rc = lb_step_done(st, e)))
			return rc;
	}
	if (res->variance == 0)
		return LB_OK;
	if ((rc = lb_journal_open(db, &j, e)))
		return rc;
	rc = lb_jnl_count_diff(j, it.id, at.id, lot_id, res->variance, r->day, NULL, r->operator, &res->post, e);
	if (rc == LB_OK)
		rc = lb_journal_finish(j, e);
	lb_journal_close(j);
	return rc;
}

int lb_count_post(lb_db *db, const struct lb_count_req *r, struct lb_count_result *res, lb_err *e)
{
	int rc;

	memset(res, 0, sizeof *res);
	if (!lb_db_in_tx(db))
		return lb_fail(e, LB_ESYS, "bug: a stock count was posted outside a transaction");
	if ((rc = lb_db_exec(db, "SAVEPOINT lb_count", e)))
		return rc;
	rc = count_in(db, r, res, e);
	if (rc) {
		lb_err ignore;
		lb_db_exec(db, "ROLLBACK TO lb_count", &ignore);
		lb_db_exec(db, "RELEASE lb_count", &ignore);
		return rc;
	}
	return lb_db_exec(db, "RELEASE lb_count", e);
}
