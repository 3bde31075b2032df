/*
 * query.c — ledger queries. See query.h.
 *
 * Filters pick one of a few fixed SQL texts rather than "(?1 = 0 OR
 * x = ?1)", because SQLite cannot use an index for such an OR: with a
 * million movements the difference is a lookup against a scan.
 */
#include "inventory/query.h"

#include <stdio.h>
#include <string.h>

#define BAL_SEL                                                                                   \
	"SELECT loc.code, i.code, i.unit, l.code, l.expiry, b.qty FROM balance b"                 \
	" JOIN location loc ON loc.id = b.location_id JOIN lot l ON l.id = b.lot_id"               \
	" JOIN item i ON i.id = b.item_id WHERE b.internal = 1 AND b.qty <> 0"
#define BAL_ORD " ORDER BY loc.code, i.code, l.expiry IS NULL, l.expiry, l.code"

/* Indexed by (location? 1) | (item? 2) | (lot? 4). */
static const char *const bal_sql[8] = {
	BAL_SEL BAL_ORD,
	BAL_SEL " AND b.location_id = ?1" BAL_ORD,
	BAL_SEL " AND b.item_id = ?2" BAL_ORD,
	BAL_SEL " AND b.location_id = ?1 AND b.item_id = ?2" BAL_ORD,
	BAL_SEL " AND b.lot_id = ?3" BAL_ORD,
	BAL_SEL " AND b.location_id = ?1 AND b.lot_id = ?3" BAL_ORD,
	BAL_SEL " AND b.item_id = ?2 AND b.lot_id = ?3" BAL_ORD,
	BAL_SEL " AND b.location_id = ?1 AND b.item_id = ?2 AND b.lot_id = ?3" BAL_ORD,
};

/* Each side of the journal summed per location, item and lot as it is
 * read (movement_to_leg / movement_from_leg, locations first): the
 * recipients' side of a million issues is never read, nor sorted. */
#define ASOF_LEG(LOC, S, w)                                                                       \
	" SELECT m." LOC ", m.lot_id, sum(" S "m.qty) FROM location x JOIN movement m ON m." LOC " = x.id" \
	" WHERE x.kind IN ('warehouse', 'point') AND m.day <= ?4" w                                 \
	" GROUP BY m." LOC ", m.item_id, m.lot_id"
#define ASOF(w)                                                                                   \
	"WITH j(loc, lot, q) AS (" ASOF_LEG("to_id", "", w) " UNION ALL" ASOF_LEG("from_id", "-", w) ")" \
	" SELECT loc.code, i.code, i.unit, l.code, l.expiry, SUM(j.q) FROM j"                     \
	" JOIN location loc ON loc.id = j.loc JOIN lot l ON l.id = j.lot JOIN item i ON i.id = l.item_id" \
	" WHERE loc.kind IN ('warehouse', 'point') AND (?1 = 0 OR j.loc = ?1) AND (?3 = 0 OR j.lot = ?3)" \
	" GROUP BY j.loc, j.lot HAVING SUM(j.q) <> 0" BAL_ORD

static const char asof_all[] = ASOF("");
static const char asof_item[] = ASOF(" AND m.item_id = ?2");

int lb_balance_each(lb_db *db, const struct lb_balance_filter *f, lb_balance_fn fn, void *arg, lb_err *e)
{
	const char *sql;
	struct lb_balance_row r;
	char asof[11];
	lb_stmt *st;
	int rc;

	if (f->has_as_of)
		sql = f->item_id ? asof_item : asof_all;
	else
		sql = bal_sql[(f->location_id ? 1 : 0) | (f->item_id ? 2 : 0) | (f->lot_id ? 4 : 0)];
	if (!(st = lb_db_prepare(db, sql, e)))
		return LB_ESYS;
	lb_bind_int(st, 1, f->location_id);
	lb_bind_int(st, 2, f->item_id);
	lb_bind_int(st, 3, f->lot_id);
	if (f->has_as_of) {
		lb_date_format(f->as_of, asof);
		lb_bind_text(st, 4, asof);
	}
	while ((rc = lb_step(st, e)) == LB_ROW) {
		r.location = lb_col_text(st, 0);
		r.item = lb_col_text(st, 1);
		r.unit = lb_col_text(st, 2);
		r.lot = lb_col_text(st, 3);
		r.expiry = lb_col_text(st, 4);
		r.qty = lb_col_int(st, 5);
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

#define MV_SEL                                                                                    \
	"SELECT m.id, m.day, m.kind, i.code, i.unit, l.code, f.code, t.code, m.key, m.ref, m.reason," \
	" m.note, m.operator, m.qty, m.reverses, m.redemption_id, m.from_id, m.to_id,"             \
	" f.kind IN ('warehouse', 'point'), t.kind IN ('warehouse', 'point')"                      \
	" FROM movement m JOIN item i ON i.id = m.item_id JOIN lot l ON l.id = m.lot_id"           \
	" JOIN location f ON f.id = m.from_id JOIN location t ON t.id = m.to_id"

static void mv_fill(lb_stmt *st, struct lb_mv_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = lb_col_int(st, 0);
	r->day = lb_col_text(st, 1);
	r->kind = lb_col_text(st, 2);
	r->item = lb_col_text(st, 3);
	r->unit = lb_col_text(st, 4);
	r->lot = lb_col_text(st, 5);
	r->from = lb_col_text(st, 6);
	r->to = lb_col_text(st, 7);
	r->key = lb_col_text(st, 8);
	r->ref = lb_col_text(st, 9);
	r->reason = lb_col_text(st, 10);
	r->note = lb_col_text(st, 11);
	r->operator = lb_col_text(st, 12);
	r->qty = lb_col_int(st, 13);
	r->reverses = lb_col_int(st, 14);
	r->redemption_id = lb_col_int(st, 15);
}

static const char *const ledger_sql[4] = {
	MV_SEL " WHERE m.item_id = ?1 ORDER BY m.day, m.id",
	MV_SEL " WHERE m.item_id = ?1 AND (m.from_id = ?2 OR m.to_id = ?2) ORDER BY m.day, m.id",
	MV_SEL " WHERE m.item_id = ?1 AND m.lot_id = ?3 ORDER BY m.day, m.id",
	MV_SEL " WHERE m.item_id = ?1 AND (m.from_id = ?2 OR m.to_id = ?2) AND m.lot_id = ?3 ORDER BY m.day, m.id",
};

int lb_ledger_each(lb_db *db, const struct lb_ledger_filter *f, lb_mv_fn fn, void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, ledger_sql[(f->location_id ? 1 : 0) | (f->lot_id ? 2 : 0)], e);
	struct lb_mv_row r;
	int64_t running = 0;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, f->item_id);
	lb_bind_int(st, 2, f->location_id);
	lb_bind_int(st, 3, f->lot_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t from = lb_col_int(st, 16), to = lb_col_int(st, 17);
		mv_fill(st, &r);
		if (f->location_id)
			r.delta = (to == f->location_id ? r.qty : 0) - (from == f->location_id ? r.qty : 0);
		else
			r.delta = (lb_col_int(st, 19) ? r.qty : 0) - (lb_col_int(st, 18) ? r.qty : 0);
		running += r.delta;
		r.running = running;
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_movement_each(lb_db *db, int64_t first_id, int64_t last_id, lb_mv_fn fn, void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, MV_SEL " WHERE m.id BETWEEN ?1 AND ?2 ORDER BY m.id", e);
	struct lb_mv_row r;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, first_id);
	lb_bind_int(st, 2, last_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		mv_fill(st, &r);
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_expiring_each(lb_db *db, lb_day today, int within, int64_t location_id, lb_expiring_fn fn, void *arg,
		     lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
				    "SELECT loc.code, i.code, i.unit, l.code, l.expiry, b.qty FROM balance b"
				    " JOIN location loc ON loc.id = b.location_id JOIN lot l ON l.id = b.lot_id"
				    " JOIN item i ON i.id = b.item_id"
				    " WHERE b.internal = 1 AND b.qty > 0 AND l.expiry IS NOT NULL AND l.expiry <= ?1"
				    " AND (?2 = 0 OR b.location_id = ?2)"
				    " ORDER BY l.expiry, loc.code, i.code, l.code", e);
	struct lb_expiring_row r;
	char limit[11];
	lb_day exp;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_date_format(today + within, limit);
	lb_bind_text(st, 1, limit);
	lb_bind_int(st, 2, location_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		r.location = lb_col_text(st, 0);
		r.item = lb_col_text(st, 1);
		r.unit = lb_col_text(st, 2);
		r.lot = lb_col_text(st, 3);
		r.expiry = lb_col_text(st, 4);
		r.qty = lb_col_int(st, 5);
		if (lb_date_parse(r.expiry, "stored expiry", &exp, e)) {
			lb_stmt_reset(st);
			return lb_fail(e, LB_ESYS, "lot '%s' has a damaged expiry '%s'", r.lot, r.expiry);
		}
		r.days_left = (int)(exp - today);
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}
