/*
 * package.c — package compositions and their value. See package.h.
 *
 * Items are read from the ledger's item and lot tables (migration 1)
 * read-only: a package names goods, it never moves them.
 */
#include "program/package.h"
#include "inventory/item.h"
#include "inventory/qty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"

int64_t lb_package_value(const struct lb_package *p)
{
	int64_t v = 0;

	for (size_t i = 0; i < p->n; i++)
		v += p->line[i].qty * p->line[i].price;
	return v;
}

int lb_package_departs(int64_t value, int64_t expected)
{
	int64_t diff = value > expected ? value - expected : expected - value;

	return diff * 100 > expected * 5;
}

int lb_package_item_split(const char *spec, char *item, char *qty, int64_t *price, lb_err *e)
{
	const char *eq = strchr(spec, '='), *at;
	size_t len;
	int rc;

	*price = -1;
	if (!eq || eq == spec)
		return lb_fail(e, LB_EINPUT, "--item '%.40s' is not ITEM=QTY (e.g. BERAS=10)", spec);
	len = (size_t)(eq - spec);
	if (len > 32)
		return lb_fail(e, LB_EINPUT, "--item '%.40s': the item code is too long", spec);
	memcpy(item, spec, len);
	item[len] = '\0';
	at = strchr(eq + 1, '@');
	len = at ? (size_t)(at - (eq + 1)) : strlen(eq + 1);
	if (len == 0 || len >= LB_PACKAGE_QTY_TEXT)
		return lb_fail(e, LB_EINPUT, "--item '%.40s' needs a quantity after '='", spec);
	memcpy(qty, eq + 1, len);
	qty[len] = '\0';
	if (at) {
		if ((rc = lb_money_parse(at + 1, "--item price", price, e))) {
			lb_err_prefix(e, "--item %s", item);
			return rc;
		}
		if (*price < 0 || *price > LB_PRICE_MAX)
			return lb_fail(e, LB_EINPUT, "--item %s: the price must be Rp0 to Rp%d per unit",
				       item, LB_PRICE_MAX);
	}
	return LB_OK;
}

int lb_package_item_parse(const char *spec, char *item, int64_t *qty, int64_t *price, lb_err *e)
{
	char num[LB_PACKAGE_QTY_TEXT];
	int rc;

	if ((rc = lb_package_item_split(spec, item, num, price, e)))
		return rc;
	if ((rc = lb_int_parse(num, "--item quantity", 1, LB_PACKAGE_QTY_MAX, qty, e))) {
		lb_err_prefix(e, "--item %s", item);
		return rc;
	}
	return LB_OK;
}

/* The item's id and base unit, and the latest lot's unit cost (-1 when it
 * has no lot). */
static int item_lookup(lb_db *db, const char *code, struct lb_package_line *l, int64_t *lot_cost,
		       lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT i.id, i.code, i.unit, (SELECT unit_cost FROM lot WHERE item_id = i.id"
		"  ORDER BY received_on DESC, id DESC LIMIT 1)"
		" FROM item i WHERE i.code = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "--item: unknown item '%.40s'", code);
	if (rc != LB_ROW)
		return rc;
	l->item_id = lb_col_int(st, 0);
	snprintf(l->item, sizeof l->item, "%s", lb_col_text(st, 1));
	snprintf(l->unit, sizeof l->unit, "%s", lb_col_text(st, 2));
	*lot_cost = lb_col_null(st, 3) ? -1 : lb_col_int(st, 3);
	lb_stmt_reset(st);
	return LB_OK;
}

int lb_package_set(lb_db *db, const struct lb_program *p, const char *const *specs, size_t n,
		   int from_period, struct lb_package *out, lb_err *e)
{
	char from[8];
	lb_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return lb_fail(e, LB_EINPUT, "program package: give at least one --item ITEM=QTY");
	if (n > LB_PACKAGE_MAX)
		return lb_fail(e, LB_EINPUT, "program package: at most %d items", LB_PACKAGE_MAX);
	if (from_period < 0)
		from_period = p->first_period;
	if ((rc = lb_program_round_check(p, from_period, e))) {
		lb_err_prefix(e, "program package: --from");
		return rc;
	}
	out->from_period = from_period;
	lb_period_format(from_period, from);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct lb_package_line *l = &out->line[i];
		struct lb_item it;
		char code[33], qty[LB_PACKAGE_QTY_TEXT];
		int64_t price, lot_cost = -1;

		/* The quantity may name one of the item's packs ("1 rak"), as
		 * everywhere a quantity is asked for. */
		if ((rc = lb_package_item_split(specs[i], code, qty, &price, e)) ||
		    (rc = item_lookup(db, code, l, &lot_cost, e)) ||
		    (rc = lb_item_find(db, code, &it, e)))
			goto fail;
		if ((rc = lb_qty_parse(&it.units, it.code, qty, "--item quantity", LB_QTY_POSITIVE,
				       &l->qty, e))) {
			lb_err_prefix(e, "--item %s", code);
			goto fail;
		}
		if (l->qty > LB_PACKAGE_QTY_MAX) {
			rc = lb_fail(e, LB_EINPUT, "--item %s: at most %d %s per package", code,
				     LB_PACKAGE_QTY_MAX, l->unit);
			goto fail;
		}
		for (size_t j = 0; j < i; j++)
			if (out->line[j].item_id == l->item_id) {
				rc = lb_fail(e, LB_EINPUT, "program package: item '%s' is named twice",
					     l->item);
				goto fail;
			}
		if (price < 0) {
			if (lot_cost < 0) {
				rc = lb_fail(e, LB_EINPUT,
					     "program package: no price for '%s': give its contracted price as --item %s=%lld@PRICE (rupiah per %s), or receive a lot of it first",
					     l->item, l->item, (long long)l->qty, l->unit);
				goto fail;
			}
			price = lot_cost;
			l->price_from_lot = 1;
		}
		l->price = price;
		out->n++;
	}
	/* Rounds already allocated keep the package they were sized with. */
	if (!(st = lb_db_prepare(db,
			"SELECT min(period) FROM allocation_run WHERE program_id = ?1 AND period >= ?2", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, from);
	if ((rc = lb_step(st, e)) != LB_ROW)
		goto fail;
	if (!lb_col_null(st, 0)) {
		rc = lb_fail(e, LB_ERULE,
			     "program package: %s is allocated for %s already: a package cannot change under an allocated round; set it --from a later round",
			     p->code, lb_col_text(st, 0));
		lb_stmt_reset(st);
		goto fail;
	}
	lb_stmt_reset(st);
	if (!(st = lb_db_prepare(db,
			"DELETE FROM program_package WHERE program_id = ?1 AND from_period = ?2", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, from);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	for (size_t i = 0; i < out->n; i++) {
		if (!(st = lb_db_prepare(db,
				"INSERT INTO program_package(program_id, from_period, item_id, qty, unit_price)"
				" VALUES (?1, ?2, ?3, ?4, ?5)", e))) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_int(st, 1, p->id);
		lb_bind_text(st, 2, from);
		lb_bind_int(st, 3, out->line[i].item_id);
		lb_bind_int(st, 4, out->line[i].qty);
		lb_bind_int(st, 5, out->line[i].price);
		if ((rc = lb_step_done(st, e)))
			goto fail;
	}
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

#define LINE_SQL                                                                 \
	"SELECT pp.from_period, i.id, i.code, i.unit, pp.qty, pp.unit_price"      \
	" FROM program_package pp JOIN item i ON i.id = pp.item_id"

static void add_line(lb_stmt *st, struct lb_package *pkg)
{
	struct lb_package_line *l;

	if (pkg->n == LB_PACKAGE_MAX)
		return; /* lb_package_set never stores more */
	l = &pkg->line[pkg->n++];
	memset(l, 0, sizeof *l);
	l->item_id = lb_col_int(st, 1);
	snprintf(l->item, sizeof l->item, "%s", lb_col_text(st, 2));
	snprintf(l->unit, sizeof l->unit, "%s", lb_col_text(st, 3));
	l->qty = lb_col_int(st, 4);
	l->price = lb_col_int(st, 5);
}

int lb_package_for(lb_db *db, const struct lb_program *p, int period, struct lb_package *out,
		   int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		LINE_SQL " WHERE pp.program_id = ?1 AND " LB_PACKAGE_IN_FORCE " ORDER BY i.code", e);
	char want[8];
	int rc;

	memset(out, 0, sizeof *out);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_period_format(period, want);
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, want);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (!*found)
			lb_period_parse(lb_col_text(st, 0), "from_period", &out->from_period, NULL);
		*found = 1;
		add_line(st, out);
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_package_each(lb_db *db, const struct lb_program *p,
		    int (*fn)(void *arg, const struct lb_package *pkg, lb_err *e), void *arg,
		    lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		LINE_SQL " WHERE pp.program_id = ?1 ORDER BY pp.from_period, i.code", e);
	struct lb_package *pkg;
	char cur[8] = "";
	int rc;

	if (!st)
		return LB_ESYS;
	if (!(pkg = calloc(1, sizeof *pkg)))
		return lb_oom(e);
	lb_bind_int(st, 1, p->id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (strcmp(cur, lb_col_text(st, 0)) != 0) {
			if (cur[0] && (rc = fn(arg, pkg, e))) {
				lb_stmt_reset(st);
				free(pkg);
				return rc;
			}
			snprintf(cur, sizeof cur, "%s", lb_col_text(st, 0));
			memset(pkg, 0, sizeof *pkg);
			lb_period_parse(cur, "from_period", &pkg->from_period, NULL);
		}
		add_line(st, pkg);
	}
	if (rc == LB_DONE)
		rc = cur[0] ? fn(arg, pkg, e) : LB_OK;
	free(pkg);
	return rc;
}

void lb_package_percent_diff(int64_t value, int64_t expected, char *out, size_t n)
{
	int64_t pm = expected ? (value - expected) * 1000 / expected : 0;
	int64_t a = pm < 0 ? -pm : pm;

	snprintf(out, n, "%s%lld,%lld%%", pm < 0 ? "-" : pm > 0 ? "+" : "", (long long)(a / 10),
		 (long long)(a % 10));
}

int lb_package_compose(struct lb_op *op, const struct lb_package_in *in, struct lb_package_out *out,
		       lb_err *e)
{
	const struct lb_program *p = &out->program;
	int64_t value, expected;
	char money[32], want[32], pct[24], from[8];
	int period = -1, found, rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_program_find(op->db, in->program, &out->program, e)) ||
	    (in->from && (rc = lb_period_parse(in->from, "--from", &period, e))))
		return rc;
	if (in->items.n == 0) {
		if ((rc = lb_package_for(op->db, p, period < 0 ? p->first_period : period, &out->package,
					 &found, e)))
			return rc;
		if (!found)
			return lb_fail(e, LB_EINPUT,
				       "program package: %s has no package yet: set one with --item ITEM=QTY",
				       p->code);
		return LB_OK;
	}
	lb_period_format(period < 0 ? p->first_period : period, from);
	lb_op_subject(op, "program %s package from %s", p->code, from);
	if ((rc = lb_package_set(op->db, p, in->items.v, in->items.n, period, &out->package, e)))
		return rc;
	out->set = 1;
	value = lb_package_value(&out->package);
	expected = p->monthly_value * p->round_months;
	if (lb_package_departs(value, expected)) {
		lb_money_format(value, money, sizeof money);
		lb_money_format(expected, want, sizeof want);
		lb_package_percent_diff(value, expected, pct, sizeof pct);
		lb_op_warn(op, "the package is worth %s, %s against the program's %s per round (more than 5%% off)",
			   money, pct, want);
	}
	return LB_OK;
}
