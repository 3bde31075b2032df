/*
 * lot.c — lots. See lot.h.
 */
#include "inventory/lot.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"

#define LOT_COLS "SELECT id, item_id, code, expiry, unit_cost, supplier_id, received_on FROM lot"

static int fill(lb_stmt *st, struct lb_lot *l, lb_err *e)
{
	int rc;

	memset(l, 0, sizeof *l);
	l->id = lb_col_int(st, 0);
	l->item_id = lb_col_int(st, 1);
	snprintf(l->code, sizeof l->code, "%s", lb_col_text(st, 2));
	if (!lb_col_null(st, 3)) {
		l->has_expiry = 1;
		if ((rc = lb_date_parse(lb_col_text(st, 3), "stored expiry", &l->expiry, e)))
			return lb_fail(e, LB_ESYS, "lot %lld has a damaged expiry '%s'", (long long)l->id,
				       lb_col_text(st, 3));
	}
	l->unit_cost = lb_col_int(st, 4);
	l->supplier_id = lb_col_int(st, 5);
	if ((rc = lb_date_parse(lb_col_text(st, 6), "stored date", &l->received_on, e)))
		return lb_fail(e, LB_ESYS, "lot %lld has a damaged receipt date", (long long)l->id);
	return LB_OK;
}

static int one(lb_stmt *st, struct lb_lot *out, int rc, lb_err *e)
{
	if (rc != LB_ROW)
		return rc;
	rc = fill(st, out, e);
	lb_stmt_reset(st);
	return rc;
}

int lb_lot_find(lb_db *db, int64_t item_id, const char *item_code, const char *code,
		struct lb_lot *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, LOT_COLS " WHERE item_id = ?1 AND code = ?2", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, item_id);
	lb_bind_text(st, 2, code);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "unknown lot '%s' of '%s' (see 'lumbung stock balance --item %s')",
			       code, item_code, item_code);
	return one(st, out, rc, e);
}

int lb_lot_get(lb_db *db, int64_t id, struct lb_lot *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, LOT_COLS " WHERE id = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "no lot with id %lld", (long long)id);
	return one(st, out, rc, e);
}

int lb_lot_receive(lb_db *db, const struct lb_lot *l, const char *item_code, const char *ref,
		   struct lb_lot *out, int *created, lb_err *e)
{
	struct lb_lot old, want = *l;
	lb_stmt *st, *find;
	char d1[11], d2[11], day[11], m1[32], m2[32];
	int64_t id;
	int rc;

	*created = 0;
	if ((rc = lb_lot_code_check(want.code, "--lot", e)))
		return rc;
	if (!(find = lb_db_prepare(db, "SELECT id FROM lot WHERE item_id = ?1 AND code = ?2", e)) ||
	    !(st = lb_db_prepare(db, "INSERT INTO lot(item_id, code, expiry, unit_cost, supplier_id, ref, received_on)"
				     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", e)))
		return LB_ESYS;
	lb_bind_int(find, 1, want.item_id);
	lb_bind_text(find, 2, want.code);
	lb_bind_int(st, 1, want.item_id);
	lb_bind_text(st, 2, want.code);
	if (want.has_expiry) {
		lb_date_format(want.expiry, d1);
		lb_bind_text(st, 3, d1);
	}
	lb_bind_int(st, 4, want.unit_cost);
	if (want.supplier_id)
		lb_bind_int(st, 5, want.supplier_id);
	lb_bind_text(st, 6, ref && *ref ? ref : NULL);
	lb_date_format(want.received_on, day);
	lb_bind_text(st, 7, day);
	if ((rc = lb_db_insert_or_get(db, find, st, &id, created, e)))
		return rc;
	if (*created) {
		want.id = id;
		*out = want;
		return LB_OK;
	}
	/* A second truck of one lot: it must be the same lot. */
	if ((rc = lb_lot_get(db, id, &old, e)))
		return rc;
	if (old.has_expiry != want.has_expiry || (want.has_expiry && old.expiry != want.expiry)) {
		if (old.has_expiry)
			lb_date_format(old.expiry, d1);
		else
			snprintf(d1, sizeof d1, "none");
		if (want.has_expiry)
			lb_date_format(want.expiry, d2);
		else
			snprintf(d2, sizeof d2, "none");
		return lb_fail(e, LB_ERULE,
			       "lot '%s' of '%s' exists with expiry %s, not %s: a second receipt into a lot must match it (or use a new lot code)",
			       old.code, item_code, d1, d2);
	}
	if (old.unit_cost != want.unit_cost) {
		lb_money_format(old.unit_cost, m1, sizeof m1);
		lb_money_format(want.unit_cost, m2, sizeof m2);
		return lb_fail(e, LB_ERULE,
			       "lot '%s' of '%s' exists with unit cost %s, not %s: a second receipt into a lot must match it (or use a new lot code)",
			       old.code, item_code, m1, m2);
	}
	*out = old;
	return LB_OK;
}
