/*
 * serve.c — villages served by distribution points. See serve.h.
 */
#include "inventory/serve.h"

#include <stdio.h>
#include <string.h>

static void fill(lb_stmt *st, struct lb_point *p)
{
	p->id = lb_col_int(st, 0);
	snprintf(p->code, sizeof p->code, "%s", lb_col_text(st, 1));
	snprintf(p->name, sizeof p->name, "%s", lb_col_text(st, 2));
	snprintf(p->village, sizeof p->village, "%s", lb_col_text(st, 3));
}

static void fill_one(lb_stmt *st, void *p)
{
	fill(st, p);
}

int lb_point_find(lb_db *db, const char *code, struct lb_point *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT id, code, name, village, kind FROM location WHERE code = ?1", e);
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "unknown location '%.40s'", code);
	if (rc != LB_ROW)
		return rc;
	if (strcmp(lb_col_text(st, 4), "point") != 0) {
		rc = lb_fail(e, LB_EINPUT, "'%.40s' is a%s %s, not a distribution point", code,
			     lb_col_text(st, 4)[0] == 'e' ? "n" : "", lb_col_text(st, 4));
		lb_stmt_reset(st);
		return rc;
	}
	fill(st, out);
	lb_stmt_reset(st);
	return LB_OK;
}

int lb_point_get(lb_db *db, int64_t id, struct lb_point *out, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT id, code, name, village FROM location WHERE id = ?1 AND kind = 'point'", e);

	memset(out, 0, sizeof *out);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	return lb_db_one(st, fill_one, out, found, e);
}

int lb_point_serve(lb_db *db, const char *point_code, const char *const *villages, size_t n,
		   long *added, long *moved, long *unchanged, lb_err *e)
{
	struct lb_point p;
	lb_stmt *st;
	int rc;

	*added = *moved = *unchanged = 0;
	if ((rc = lb_point_find(db, point_code, &p, e)))
		return rc;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!(st = lb_db_prepare(db, "SELECT 1 FROM region_village WHERE code = ?1", e))) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_text(st, 1, villages[i]);
		rc = lb_step(st, e);
		lb_stmt_reset(st);
		if (rc == LB_DONE) {
			rc = lb_fail(e, LB_EINPUT,
				     "location serve: unknown village code '%.40s' (not in the region data)",
				     villages[i]);
			goto fail;
		}
		if (rc != LB_ROW)
			goto fail;
		if (!(st = lb_db_prepare(db, "SELECT point_id FROM point_village WHERE village = ?1", e))) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_text(st, 1, villages[i]);
		rc = lb_step(st, e);
		if (rc == LB_ROW) {
			int same = lb_col_int(st, 0) == p.id;
			lb_stmt_reset(st);
			if (same) {
				(*unchanged)++;
				continue;
			}
			(*moved)++;
		} else if (rc == LB_DONE) {
			(*added)++;
		} else {
			goto fail;
		}
		if (!(st = lb_db_prepare(db,
				"INSERT INTO point_village(village, point_id) VALUES (?1, ?2)"
				" ON CONFLICT(village) DO UPDATE SET point_id = excluded.point_id", e))) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_text(st, 1, villages[i]);
		lb_bind_int(st, 2, p.id);
		if ((rc = lb_step_done(st, e)))
			goto fail;
	}
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	*added = *moved = *unchanged = 0;
	return rc;
}

/* The rule of serve.h as SQL: an explicit row first, else the lowest-id
 * point created with that village. */
int lb_point_for_village(lb_db *db, const char *village, struct lb_point *out, int *found,
			 lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT l.id, l.code, l.name, l.village FROM location l"
		" WHERE l.id = coalesce("
		"  (SELECT point_id FROM point_village WHERE village = ?1),"
		"  (SELECT min(id) FROM location WHERE kind = 'point' AND village = ?1))", e);

	memset(out, 0, sizeof *out);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, village);
	return lb_db_one(st, fill_one, out, found, e);
}

int lb_point_villages(lb_db *db, int64_t point_id,
		      int (*fn)(void *arg, const char *village, const char *name, int by_creation,
				lb_err *e),
		      void *arg, lb_err *e)
{
	/* Villages named with `location serve`, and the point's own village
	 * when no other point was named for it. */
	lb_stmt *st = lb_db_prepare(db,
		"SELECT pv.village, coalesce(v.name, ''), 0 FROM point_village pv"
		"  LEFT JOIN region_village v ON v.code = pv.village WHERE pv.point_id = ?1"
		" UNION ALL"
		" SELECT l.village, coalesce(v.name, ''), 1 FROM location l"
		"  LEFT JOIN region_village v ON v.code = l.village"
		"  WHERE l.id = ?1 AND l.village IS NOT NULL"
		"  AND NOT EXISTS (SELECT 1 FROM point_village WHERE village = l.village)"
		"  AND l.id = (SELECT min(id) FROM location WHERE kind = 'point' AND village = l.village)"
		" ORDER BY 1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, point_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = fn(arg, lb_col_text(st, 0), lb_col_text(st, 1), (int)lb_col_int(st, 2), e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_point_map_build(lb_db *db, lb_err *e)
{
	int rc;

	lb_point_map_drop(db);
	if ((rc = lb_db_exec(db,
			"CREATE TEMP TABLE village_point(village TEXT PRIMARY KEY, point_id INTEGER NOT NULL)"
			" WITHOUT ROWID", e)))
		return rc;
	return lb_db_exec(db,
		"INSERT INTO temp.village_point(village, point_id)"
		" SELECT village, point_id FROM point_village"
		" UNION ALL"
		" SELECT village, min(id) FROM location"
		"  WHERE kind = 'point' AND village IS NOT NULL"
		"  AND village NOT IN (SELECT village FROM point_village)"
		"  GROUP BY village", e);
}

void lb_point_map_drop(lb_db *db)
{
	lb_err ignored;

	lb_db_exec(db, "DROP TABLE IF EXISTS temp.village_point", &ignored);
}

int lb_serve_villages(struct lb_op *op, const struct lb_serve_in *in, struct lb_serve_out *out,
		      lb_err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_point_find(op->db, in->point, &out->point, e))) {
		lb_err_prefix(e, "location serve");
		return rc;
	}
	if (!in->villages.n)
		return LB_OK;
	return lb_point_serve(op->db, in->point, in->villages.v, in->villages.n, &out->added,
			      &out->moved, &out->unchanged, e);
}
