/*
 * location.c — warehouses, points, suppliers. See location.h.
 */
#include "inventory/location.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"

static const char *const kind_names[] = {
	[LB_LOC_WAREHOUSE] = "warehouse",
	[LB_LOC_POINT] = "point",
	[LB_LOC_SUPPLIER] = "supplier",
	[LB_LOC_EXTERNAL] = "external",
};

int lb_loc_kind_parse(const char *s, enum lb_loc_kind *out, lb_err *e)
{
	for (int k = LB_LOC_WAREHOUSE; k <= LB_LOC_SUPPLIER; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum lb_loc_kind)k;
			return LB_OK;
		}
	return lb_fail(e, LB_EINPUT, "--kind '%s' is not a kind of location (choose warehouse, point or supplier)", s);
}

const char *lb_loc_kind_name(enum lb_loc_kind k)
{
	return k >= LB_LOC_WAREHOUSE && k <= LB_LOC_EXTERNAL ? kind_names[k] : "?";
}

static enum lb_loc_kind kind_of(const char *s)
{
	for (int k = LB_LOC_WAREHOUSE; k <= LB_LOC_EXTERNAL; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return (enum lb_loc_kind)k;
	return LB_LOC_EXTERNAL;
}

int lb_village_check_shape(const char *s, lb_err *e)
{
	/* 64.02.06.2001: province, regency, district, village. */
	static const char shape[] = "NN.NN.NN.NNNN";

	if (strlen(s) != sizeof shape - 1)
		goto bad;
	for (size_t i = 0; i < sizeof shape - 1; i++) {
		if (shape[i] == '.' ? s[i] != '.' : (s[i] < '0' || s[i] > '9'))
			goto bad;
	}
	return LB_OK;
bad:
	return lb_fail(e, LB_EINPUT,
		       "--village '%s' is not a village code: write the Kemendagri code as NN.NN.NN.NNNN (e.g. 64.02.06.2001)",
		       s);
}

/* The region tables come with a later migration and are filled by
 * `region import`; before that only the shape can be checked. Ask
 * sqlite_master first so this works at any schema version. */
static int village_exists(lb_db *db, const char *code, lb_err *e)
{
	int64_t have = 0;
	lb_stmt *st;
	int rc;

	if ((rc = lb_db_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'region_village'",
			    0, &have, e)))
		return rc;
	if (!have)
		return LB_OK;
	st = lb_db_prepare_once(db, "SELECT EXISTS(SELECT 1 FROM region_village),"
				" EXISTS(SELECT 1 FROM region_village WHERE code = ?1)", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		if (lb_col_int(st, 0) && !lb_col_int(st, 1))
			rc = lb_fail(e, LB_EINPUT,
				     "--village '%s' is not in the region data (see 'lumbung region list' or data/wilayah/villages.csv)",
				     code);
		else
			rc = LB_OK;
	} else if (rc == LB_DONE) {
		rc = LB_OK;
	}
	lb_stmt_free(st);
	return rc;
}

int lb_location_add(lb_db *db, const struct lb_location *loc, int64_t *id, lb_err *e)
{
	lb_stmt *st, *find;
	int64_t newid;
	char now[21];
	int rc, inserted;

	if ((rc = lb_code_check(loc->code, "location code", e)) ||
	    (rc = lb_text_check(loc->name, "--name", LB_NAME_MAX, 1, e)))
		return rc;
	if (loc->kind < LB_LOC_WAREHOUSE || loc->kind > LB_LOC_SUPPLIER)
		return lb_fail(e, LB_EINPUT, "location '%s': choose warehouse, point or supplier", loc->code);
	if (loc->village[0] &&
	    ((rc = lb_village_check_shape(loc->village, e)) || (rc = village_exists(db, loc->village, e))))
		return rc;
	lb_now_utc(now);
	if (!(find = lb_db_prepare(db, "SELECT id FROM location WHERE code = ?1", e)) ||
	    !(st = lb_db_prepare(db, "INSERT INTO location(code, kind, name, village, created_at)"
				     " VALUES (?1, ?2, ?3, ?4, ?5)", e)))
		return LB_ESYS;
	lb_bind_text(find, 1, loc->code);
	lb_bind_text(st, 1, loc->code);
	lb_bind_text(st, 2, kind_names[loc->kind]);
	lb_bind_text(st, 3, loc->name);
	lb_bind_text(st, 4, loc->village[0] ? loc->village : NULL);
	lb_bind_text(st, 5, now);
	if ((rc = lb_db_insert_or_get(db, find, st, &newid, &inserted, e)))
		return rc;
	if (!inserted) {
		struct lb_location old;
		if ((rc = lb_location_get(db, newid, &old, e)))
			return rc;
		return lb_fail(e, LB_ERULE, "cannot add location '%s': location '%s' exists already", loc->code,
			       old.code);
	}
	if (id)
		*id = newid;
	return LB_OK;
}

int lb_location_edit(lb_db *db, const char *code, const char *name, const char *village,
		     struct lb_location *out, lb_err *e)
{
	struct lb_location loc;
	lb_stmt *st;
	int rc;

	if ((rc = lb_location_find(db, code, &loc, e)))
		return rc;
	if (!lb_loc_internal(loc.kind) && loc.kind != LB_LOC_SUPPLIER)
		return lb_fail(e, LB_ERULE, "location '%s' is one of the ledger's own accounts: it cannot be edited",
			       loc.code);
	if (name && (rc = lb_text_check(name, "--name", LB_NAME_MAX, 1, e)))
		return rc;
	if (village && *village &&
	    ((rc = lb_village_check_shape(village, e)) || (rc = village_exists(db, village, e))))
		return rc;
	if (name)
		snprintf(loc.name, sizeof loc.name, "%s", name);
	if (village)
		snprintf(loc.village, sizeof loc.village, "%s", village);
	if (!(st = lb_db_prepare(db, "UPDATE location SET name = ?2, village = ?3 WHERE id = ?1", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, loc.id);
	lb_bind_text(st, 2, loc.name);
	lb_bind_text(st, 3, loc.village[0] ? loc.village : NULL);
	if ((rc = lb_step_done(st, e)))
		return rc;
	if (out)
		*out = loc;
	return LB_OK;
}

#define LOC_COLS "SELECT id, code, kind, name, village FROM location"

static void fill(lb_stmt *st, struct lb_location *loc)
{
	memset(loc, 0, sizeof *loc);
	loc->id = lb_col_int(st, 0);
	snprintf(loc->code, sizeof loc->code, "%s", lb_col_text(st, 1));
	loc->kind = kind_of(lb_col_text(st, 2));
	snprintf(loc->name, sizeof loc->name, "%s", lb_col_text(st, 3));
	snprintf(loc->village, sizeof loc->village, "%s", lb_col_text(st, 4));
}

static int one(lb_stmt *st, struct lb_location *out, int rc)
{
	if (rc == LB_ROW) {
		fill(st, out);
		lb_stmt_reset(st);
		return LB_OK;
	}
	return rc;
}

int lb_location_find(lb_db *db, const char *code, struct lb_location *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, LOC_COLS " WHERE code = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "unknown location '%s' (see 'lumbung location list')", code);
	return one(st, out, rc);
}

int lb_location_get(lb_db *db, int64_t id, struct lb_location *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, LOC_COLS " WHERE id = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "no location with id %lld", (long long)id);
	return one(st, out, rc);
}

int lb_location_each(lb_db *db, int with_external, lb_location_fn fn, void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, LOC_COLS " WHERE ?1 OR kind <> 'external' ORDER BY code", e);
	struct lb_location loc;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, with_external != 0);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		fill(st, &loc);
		if ((rc = fn(arg, &loc, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_location_create(struct lb_op *op, const struct lb_location_in *in, struct lb_location *loc,
		       lb_err *e)
{
	int rc;

	memset(loc, 0, sizeof *loc);
	if ((rc = lb_loc_kind_parse(in->kind, &loc->kind, e)))
		return rc;
	if (strlen(in->code) > LB_CODE_MAX + 1 || strlen(in->name) > LB_NAME_MAX)
		return lb_fail(e, LB_EINPUT, "location add: the code or --name is too long");
	if (in->village && (rc = lb_village_check_shape(in->village, e)))
		return rc;
	snprintf(loc->code, sizeof loc->code, "%s", in->code);
	snprintf(loc->name, sizeof loc->name, "%s", in->name);
	if (in->village)
		snprintf(loc->village, sizeof loc->village, "%s", in->village);
	if ((rc = lb_op_begin(op, e)))
		return rc;
	return lb_op_end(op, lb_location_add(op->db, loc, &loc->id, e), e);
}

int lb_location_change(struct lb_op *op, const struct lb_location_edit_in *in, struct lb_location *out,
		       lb_err *e)
{
	int rc;

	if (!in->name && !in->village)
		return lb_fail(e, LB_EINPUT,
			       "location edit: give --name or --village (see 'lumbung location edit --help')");
	if (!(rc = lb_op_begin(op, e)))
		rc = lb_op_end(op, lb_location_edit(op->db, in->code, in->name, in->village, out, e), e);
	if (rc)
		lb_err_prefix(e, "location edit");
	return rc;
}
