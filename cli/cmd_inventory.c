/*
 * cmd_inventory.c — items, locations, stock and verify: parse the options,
 * call inventory/, print. Writes run in one transaction each, begun here
 * and committed only when the module succeeded; on any failure nothing is
 * written (main rolls back whatever is left open).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/list.h"
#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "core/sheet.h"
#include "core/text.h"
#include "inventory/count.h"
#include "inventory/import.h"
#include "inventory/item.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/lot.h"
#include "inventory/qty.h"
#include "inventory/query.h"
#include "inventory/stock.h"
#include "inventory/verify.h"

/* ---- helpers ---- */

static int day_opt(const char *s, const char *what, lb_day *out, lb_err *e)
{
	if (!s) {
		*out = lb_today();
		return LB_OK;
	}
	return lb_date_parse(s, what, out, e);
}

static int commit(struct lb_ctx *ctx, int rc)
{
	if (rc) {
		lb_db_rollback(ctx->db);
		return rc;
	}
	return lb_db_commit(ctx->db, &ctx->err);
}

static int lot_opt(struct lb_ctx *ctx, const struct lb_item *it, const char *code, int64_t *id)
{
	struct lb_lot lot;
	int rc;

	*id = 0;
	if (!code)
		return LB_OK;
	if ((rc = lb_lot_find(ctx->db, it->id, it->code, code, &lot, &ctx->err)))
		return rc;
	*id = lot.id;
	return LB_OK;
}

static void qty_text(int64_t v, const char *unit, char *out, size_t n)
{
	lb_qty_format(v, unit, out, n);
}

/* Print the movements a posting made (or found, for a repeated id). */
static int print_mv(void *arg, const struct lb_mv_row *r, lb_err *e)
{
	struct lb_ctx *ctx = arg;
	char q[64];

	qty_text(r->qty, r->unit, q, sizeof q);
	fprintf(ctx->out, "  movement %lld  %s  %s %s of %s, lot %s: %s -> %s%s%s%s\n", (long long)r->id, r->day,
		r->kind, q, r->item, r->lot, r->from, r->to, r->key[0] ? " (id " : "", r->key,
		r->key[0] ? ")" : "");
	return LB_OK;
}

static int report_post(struct lb_ctx *ctx, const char *done, const struct lb_post_result *res)
{
	if (res->already)
		fprintf(ctx->out, "already posted: this id was posted before, nothing changed\n");
	else
		fprintf(ctx->out, "%s\n", done);
	return lb_movement_each(ctx->db, res->first_id, res->first_id + res->n - 1, print_mv, ctx, &ctx->err);
}

/* ---- item ---- */

static int cmd_item_add(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *unit = NULL, *shelf = NULL;
	struct lb_strv packs = { 0 }, pos = { 0 };
	const struct lb_opt opts[] = {
		{ "name", 0, LB_OPT_STR, &name },
		{ "unit", 0, LB_OPT_STR, &unit },
		{ "pack", 0, LB_OPT_LIST, &packs },
		{ "shelf-life", 0, LB_OPT_STR, &shelf },
		{ 0 },
	};
	struct lb_item it;
	int64_t days;
	int rc;

	memset(&it, 0, sizeof it);
	if ((rc = lb_args("item add", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("item add", "--name", name, &ctx->err)) ||
	    (rc = lb_require("item add", "--unit", unit, &ctx->err)))
		goto done;
	if (strlen(pos.v[0]) > LB_CODE_MAX || strlen(name) > LB_NAME_MAX || strlen(unit) >= LB_UNIT_LEN) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "item add: the code, --name or --unit is too long");
		goto done;
	}
	snprintf(it.code, sizeof it.code, "%s", pos.v[0]);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.units.base, sizeof it.units.base, "%s", unit);
	if (shelf) {
		if ((rc = lb_int_parse(shelf, "--shelf-life", 1, 36500, &days, &ctx->err)))
			goto done;
		it.shelf_life_days = (int)days;
	}
	if (packs.n > LB_PACKS_MAX) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "item add: at most %d packs", LB_PACKS_MAX);
		goto done;
	}
	for (size_t i = 0; i < packs.n; i++)
		if ((rc = lb_pack_parse(packs.v[i], &it.units.packs[it.units.npacks++], &ctx->err)))
			goto done;
	if ((rc = lb_db_begin(ctx->db, &ctx->err)))
		goto done;
	if ((rc = commit(ctx, lb_item_add(ctx->db, &it, NULL, &ctx->err))))
		goto done;
	fprintf(ctx->out, "added item %s (%s), counted in %s", it.code, it.name, it.units.base);
	for (int i = 0; i < it.units.npacks; i++)
		fprintf(ctx->out, "%s1 %s = %lld %s", i ? ", " : "; ", it.units.packs[i].name,
			(long long)it.units.packs[i].factor, it.units.base);
	fputc('\n', ctx->out);
done:
	lb_strv_free(&packs);
	lb_strv_free(&pos);
	return rc;
}

struct list_ctx {
	lb_out *out;
	enum lb_fmt fmt;
};

static int item_row(void *arg, const struct lb_item *it, lb_err *e)
{
	char packs[512] = "", shelf[16] = "";

	for (int i = 0; i < it->units.npacks; i++) {
		size_t len = strlen(packs);
		snprintf(packs + len, sizeof packs - len, "%s%s=%lld", i ? " " : "", it->units.packs[i].name,
			 (long long)it->units.packs[i].factor);
	}
	if (it->shelf_life_days)
		snprintf(shelf, sizeof shelf, "%d", it->shelf_life_days);
	const char *vals[] = { it->code, it->name, it->units.base, packs, shelf[0] ? shelf : NULL };
	return lb_out_row(arg, vals, e);
}

static int item_rows(struct lb_ctx *ctx, lb_out *out, void *arg)
{
	return lb_item_each(ctx->db, item_row, out, &ctx->err);
}

static int run_item_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "code", 0 }, { "name", 0 }, { "unit", 0 }, { "packs", 0 }, { "shelf_life_days", 1 },
	};
	const struct lb_list_in *in = arg;

	return lb_cli_list(ctx, in->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, cols, 5, item_rows,
			   NULL);
}

/* ---- location ---- */

static int cmd_location_add(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *kind = NULL, *name = NULL, *village = NULL;
	struct lb_strv pos = { 0 };
	const struct lb_opt opts[] = {
		{ "kind", 0, LB_OPT_STR, &kind },
		{ "name", 0, LB_OPT_STR, &name },
		{ "village", 0, LB_OPT_STR, &village },
		{ 0 },
	};
	struct lb_location loc;
	int rc;

	memset(&loc, 0, sizeof loc);
	if ((rc = lb_args("location add", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("location add", "--kind", kind, &ctx->err)) ||
	    (rc = lb_require("location add", "--name", name, &ctx->err)) ||
	    (rc = lb_loc_kind_parse(kind, &loc.kind, &ctx->err)))
		goto done;
	if (strlen(pos.v[0]) > LB_CODE_MAX + 1 || strlen(name) > LB_NAME_MAX) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "location add: the code or --name is too long");
		goto done;
	}
	if (village && (rc = lb_village_check_shape(village, &ctx->err)))
		goto done;
	snprintf(loc.code, sizeof loc.code, "%s", pos.v[0]);
	snprintf(loc.name, sizeof loc.name, "%s", name);
	if (village)
		snprintf(loc.village, sizeof loc.village, "%s", village);
	if ((rc = lb_db_begin(ctx->db, &ctx->err)) ||
	    (rc = commit(ctx, lb_location_add(ctx->db, &loc, NULL, &ctx->err))))
		goto done;
	fprintf(ctx->out, "added %s %s (%s)%s%s\n", lb_loc_kind_name(loc.kind), loc.code, loc.name,
		village ? " in village " : "", village ? village : "");
done:
	lb_strv_free(&pos);
	return rc;
}

static int cmd_location_edit(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *village = NULL;
	struct lb_strv pos = { 0 };
	const struct lb_opt opts[] = {
		{ "name", 0, LB_OPT_STR, &name },
		{ "village", 0, LB_OPT_STR, &village },
		{ 0 },
	};
	struct lb_location loc;
	int rc;

	if ((rc = lb_args("location edit", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto done;
	if (!name && !village) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "location edit: give --name or --village (see 'lumbung location edit --help')");
		goto done;
	}
	if ((rc = lb_db_begin(ctx->db, &ctx->err)) ||
	    (rc = commit(ctx, lb_location_edit(ctx->db, pos.v[0], name, village, &loc, &ctx->err)))) {
		lb_err_prefix(&ctx->err, "location edit");
		goto done;
	}
	fprintf(ctx->out, "%s %s is now '%s'%s%s\n", lb_loc_kind_name(loc.kind), loc.code, loc.name,
		loc.village[0] ? " in village " : "", loc.village);
done:
	lb_strv_free(&pos);
	return rc;
}

static int location_row(void *arg, const struct lb_location *loc, lb_err *e)
{
	struct list_ctx *lc = arg;
	const char *vals[] = { loc->code, lb_loc_kind_name(loc->kind), loc->name,
			       loc->village[0] ? loc->village : NULL };
	return lb_out_row(lc->out, vals, e);
}

static int cmd_location_list(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = { { "code", 0 }, { "kind", 0 }, { "name", 0 }, { "village", 0 } };
	const char *format = NULL;
	int all = 0;
	const struct lb_opt opts[] = {
		{ "format", 0, LB_OPT_STR, &format },
		{ "all", 0, LB_OPT_FLAG, &all },
		{ 0 },
	};
	struct list_ctx lc = { 0 };
	int rc;

	if ((rc = lb_args("location list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &lc.fmt, &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, lc.fmt, cols, 4, &lc.out, &ctx->err)))
		return rc;
	rc = lb_location_each(ctx->db, all, location_row, &lc, &ctx->err);
	if (lb_out_close(lc.out, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	return rc;
}

/* ---- stock: posting ---- */

/* Declared: the dispatcher (or a web form) fills struct lb_receive_in
 * from these; the operation does the rest (inventory/stock.h). */
static const struct lb_param receive_params[] = {
#define F(x) offsetof(struct lb_receive_in, x)
	{ "to", 0, LB_P_STR, LB_P_REQUIRED, F(to), "LOC", "Ke gudang/titik" },
	{ "item", 0, LB_P_STR, LB_P_REQUIRED, F(item), "ITEM", "Barang" },
	{ "qty", 0, LB_P_STR, LB_P_REQUIRED, F(qty), "Q", "Jumlah" },
	{ "lot", 0, LB_P_STR, LB_P_REQUIRED, F(lot), "LOT", "Lot" },
	{ "expiry", 0, LB_P_STR, 0, F(expiry), "YYYY-MM-DD", "Kedaluwarsa" },
	{ "unit-cost", 0, LB_P_STR, LB_P_REQUIRED, F(unit_cost), "RUPIAH", "Harga satuan (Rp)" },
	{ "from", 0, LB_P_STR, 0, F(from), "SUPPLIER", "Dari pemasok" },
	{ "ref", 0, LB_P_STR, 0, F(ref), "DOC", "No. surat jalan" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
	{ "id", 0, LB_P_STR, 0, F(id), "KEY", NULL },
	{ "note", 0, LB_P_STR, 0, F(note), "TEXT", "Catatan" },
#undef F
	LB_PARAM_END,
};

static int run_stock_receive(struct lb_ctx *ctx, void *arg)
{
	struct lb_receive_out out;
	struct lb_op op;
	char q[64], done[256];
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_stock_receive(&op, arg, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	qty_text(out.qty, out.item.units.base, q, sizeof q);
	snprintf(done, sizeof done, "received %s of %s into %s", q, out.item.code, out.to.code);
	return report_post(ctx, done, &out.post);
}

static int cmd_stock_move(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *item = NULL, *qty = NULL, *lot = NULL;
	const char *date = NULL, *id = NULL, *ref = NULL, *note = NULL;
	const struct lb_opt opts[] = {
		{ "from", 0, LB_OPT_STR, &from }, { "to", 0, LB_OPT_STR, &to },
		{ "item", 0, LB_OPT_STR, &item }, { "qty", 0, LB_OPT_STR, &qty },
		{ "lot", 0, LB_OPT_STR, &lot },   { "date", 0, LB_OPT_STR, &date },
		{ "id", 0, LB_OPT_STR, &id },     { "ref", 0, LB_OPT_STR, &ref },
		{ "note", 0, LB_OPT_STR, &note }, { 0 },
	};
	const char *cmd = "stock move";
	struct lb_move_req r = { 0 };
	struct lb_post_result res;
	struct lb_item it;
	struct lb_location f, t;
	char q[64], done[256];
	int rc;

	if ((rc = lb_args(cmd, argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require(cmd, "--from", from, &ctx->err)) || (rc = lb_require(cmd, "--to", to, &ctx->err)) ||
	    (rc = lb_require(cmd, "--item", item, &ctx->err)) || (rc = lb_require(cmd, "--qty", qty, &ctx->err)))
		return rc;
	if ((rc = lb_item_find(ctx->db, item, &it, &ctx->err)) ||
	    (rc = lb_qty_parse(&it.units, it.code, qty, "--qty", LB_QTY_POSITIVE, &r.qty, &ctx->err)) ||
	    (rc = lb_location_find(ctx->db, from, &f, &ctx->err)) ||
	    (rc = lb_location_find(ctx->db, to, &t, &ctx->err)) ||
	    (rc = lot_opt(ctx, &it, lot, &r.lot_id)) || (rc = day_opt(date, "--date", &r.day, &ctx->err)))
		return rc;
	r.item_id = it.id;
	r.from_id = f.id;
	r.to_id = t.id;
	r.ref = ref;
	r.note = note;
	r.key = id;
	r.operator = ctx->operator;
	if ((rc = lb_db_begin(ctx->db, &ctx->err)) ||
	    (rc = commit(ctx, lb_journal_move(ctx->db, &r, &res, &ctx->err))))
		return rc;
	qty_text(r.qty, it.units.base, q, sizeof q);
	snprintf(done, sizeof done, "moved %s of %s from %s to %s", q, it.code, f.code, t.code);
	return report_post(ctx, done, &res);
}

static int cmd_stock_adjust(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *at = NULL, *item = NULL, *qty = NULL, *reason = NULL, *lot = NULL;
	const char *note = NULL, *date = NULL, *id = NULL;
	const struct lb_opt opts[] = {
		{ "at", 0, LB_OPT_STR, &at },         { "item", 0, LB_OPT_STR, &item },
		{ "qty", 0, LB_OPT_STR, &qty },       { "reason", 0, LB_OPT_STR, &reason },
		{ "lot", 0, LB_OPT_STR, &lot },       { "note", 0, LB_OPT_STR, &note },
		{ "date", 0, LB_OPT_STR, &date },     { "id", 0, LB_OPT_STR, &id },
		{ 0 },
	};
	const char *cmd = "stock adjust";
	struct lb_adjust_req r = { 0 };
	struct lb_post_result res;
	struct lb_item it;
	struct lb_location loc;
	char q[64], done[256];
	int rc;

	if ((rc = lb_args(cmd, argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require(cmd, "--at", at, &ctx->err)) || (rc = lb_require(cmd, "--item", item, &ctx->err)) ||
	    (rc = lb_require(cmd, "--qty", qty, &ctx->err)) ||
	    (rc = lb_require(cmd, "--reason", reason, &ctx->err)) ||
	    (rc = lb_adjust_reason_check(reason, "--reason", &ctx->err)))
		return rc;
	if ((rc = lb_item_find(ctx->db, item, &it, &ctx->err)) ||
	    (rc = lb_qty_parse(&it.units, it.code, qty, "--qty", LB_QTY_SIGNED, &r.qty, &ctx->err)) ||
	    (rc = lb_location_find(ctx->db, at, &loc, &ctx->err)) ||
	    (rc = lot_opt(ctx, &it, lot, &r.lot_id)) || (rc = day_opt(date, "--date", &r.day, &ctx->err)))
		return rc;
	r.item_id = it.id;
	r.at_id = loc.id;
	r.reason = reason;
	r.note = note;
	r.key = id;
	r.operator = ctx->operator;
	if ((rc = lb_db_begin(ctx->db, &ctx->err)) ||
	    (rc = commit(ctx, lb_journal_adjust(ctx->db, &r, &res, &ctx->err))))
		return rc;
	qty_text(r.qty < 0 ? -r.qty : r.qty, it.units.base, q, sizeof q);
	snprintf(done, sizeof done, "%s %s of %s at %s (%s)", r.qty < 0 ? "wrote off" : "added", q, it.code,
		 loc.code, reason);
	return report_post(ctx, done, &res);
}

static int cmd_stock_count(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *at = NULL, *item = NULL, *counted = NULL, *lot = NULL, *date = NULL, *reason = NULL;
	const struct lb_opt opts[] = {
		{ "at", 0, LB_OPT_STR, &at },           { "item", 0, LB_OPT_STR, &item },
		{ "counted", 0, LB_OPT_STR, &counted }, { "lot", 0, LB_OPT_STR, &lot },
		{ "date", 0, LB_OPT_STR, &date },       { "reason", 0, LB_OPT_STR, &reason },
		{ 0 },
	};
	const char *cmd = "stock count";
	struct lb_count_req r = { 0 };
	struct lb_count_result res;
	struct lb_item it;
	struct lb_location loc;
	char q1[64], q2[64], q3[64], sign[2] = "";
	int rc;

	if ((rc = lb_args(cmd, argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require(cmd, "--at", at, &ctx->err)) || (rc = lb_require(cmd, "--item", item, &ctx->err)) ||
	    (rc = lb_require(cmd, "--counted", counted, &ctx->err)))
		return rc;
	if ((rc = lb_item_find(ctx->db, item, &it, &ctx->err)) ||
	    (rc = lb_qty_parse(&it.units, it.code, counted, "--counted", LB_QTY_ZERO_OK, &r.counted, &ctx->err)) ||
	    (rc = lb_location_find(ctx->db, at, &loc, &ctx->err)) ||
	    (rc = lot_opt(ctx, &it, lot, &r.lot_id)) || (rc = day_opt(date, "--date", &r.day, &ctx->err)))
		return rc;
	if (reason && (rc = lb_text_check(reason, "--reason", 200, 0, &ctx->err)))
		return rc;
	r.item_id = it.id;
	r.at_id = loc.id;
	r.operator = ctx->operator;
	r.reason = reason;
	if ((rc = lb_db_begin(ctx->db, &ctx->err)) ||
	    (rc = commit(ctx, lb_count_post(ctx->db, &r, &res, &ctx->err))))
		return rc;
	qty_text(r.counted, it.units.base, q1, sizeof q1);
	qty_text(res.expected, it.units.base, q2, sizeof q2);
	qty_text(res.variance < 0 ? -res.variance : res.variance, it.units.base, q3, sizeof q3);
	if (res.variance > 0)
		sign[0] = '+';
	else if (res.variance < 0)
		sign[0] = '-';
	fprintf(ctx->out, "counted %s of %s%s%s at %s; the ledger said %s; variance %s%s\n", q1, it.code,
		lot ? " lot " : "", lot ? lot : "", loc.code, q2, sign, q3);
	if (res.post.n == 0)
		return LB_OK;
	fprintf(ctx->out, "posted the difference:\n");
	return lb_movement_each(ctx->db, res.post.first_id, res.post.first_id + res.post.n - 1, print_mv, ctx,
				&ctx->err);
}

static int cmd_stock_reverse(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL, *date = NULL, *id = NULL;
	struct lb_strv pos = { 0 };
	const struct lb_opt opts[] = {
		{ "reason", 0, LB_OPT_STR, &reason },
		{ "date", 0, LB_OPT_STR, &date },
		{ "id", 0, LB_OPT_STR, &id },
		{ 0 },
	};
	const char *cmd = "stock reverse";
	struct lb_reverse_req r = { 0 };
	struct lb_post_result res;
	char done[128];
	int rc;

	if ((rc = lb_args(cmd, argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require(cmd, "--reason", reason, &ctx->err)) ||
	    (rc = lb_int_parse(pos.v[0], "MOVEMENT_ID", 1, INT64_MAX, &r.movement_id, &ctx->err)) ||
	    (rc = day_opt(date, "--date", &r.day, &ctx->err)))
		goto done;
	r.reason = reason;
	r.key = id;
	r.operator = ctx->operator;
	if ((rc = lb_db_begin(ctx->db, &ctx->err)) ||
	    (rc = commit(ctx, lb_journal_reverse(ctx->db, &r, &res, &ctx->err))))
		goto done;
	snprintf(done, sizeof done, "reversed movement %lld", (long long)r.movement_id);
	rc = report_post(ctx, done, &res);
done:
	lb_strv_free(&pos);
	return rc;
}

/* Each bad row of a stock import, as it is found. */
static void print_stock_problem(void *arg, int warning, const char *file, long row,
				const char *column, const char *reason)
{
	lb_cli_progress_clear();
	fprintf(stderr, "lumbung: %s\n", reason);
}

static int cmd_stock_import(struct lb_ctx *ctx, int argc, char **argv)
{
	const struct lb_rows sink = { print_stock_problem, NULL };
	int dry = 0;
	struct lb_strv pos = { 0 };
	const char *delim = NULL;
	struct lb_stock_import_opts o = { 0 };
	const struct lb_opt opts[] = { { "dry-run", 0, LB_OPT_FLAG, &dry },
				       { "skip-invalid", 0, LB_OPT_FLAG, &o.skip_invalid },
				       { "rejects", 0, LB_OPT_STR, &o.rejects },
				       { "delimiter", 0, LB_OPT_STR, &delim }, { 0 } };
	struct lb_import_result res;
	char n1[32], n2[32], n3[32], n4[32], n5[32];
	int rc;

	if ((rc = lb_args("stock import", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_sheet_delimiter_option(delim, &ctx->err)))
		goto done;
	if ((rc = lb_db_begin(ctx->db, &ctx->err)))
		goto done;
	rc = lb_import_stock(ctx->db, pos.v[0], lb_today(), ctx->operator, &o, &sink, &res, &ctx->err);
	if (rc || dry) {
		/* A dry run has checked every row against the real stock
		 * inside the transaction; now it leaves no trace. */
		lb_db_rollback(ctx->db);
		if (rc)
			goto done;
	} else if ((rc = lb_db_commit(ctx->db, &ctx->err))) {
		goto done;
	}
	lb_int_format_id(res.rows, n1, sizeof n1);
	lb_int_format_id(res.receipts, n2, sizeof n2);
	lb_int_format_id(res.moves, n3, sizeof n3);
	lb_int_format_id(res.adjusts, n4, sizeof n4);
	lb_int_format_id(res.movements, n5, sizeof n5);
	fprintf(ctx->out, "%s '%s': %s rows (%s receive, %s move, %s adjust), %s movements%s\n",
		dry ? "checked" : "imported", pos.v[0], n1, n2, n3, n4, n5,
		dry ? " would be posted (dry run: nothing was written)" : " posted");
	if (res.already) {
		lb_int_format_id(res.already, n1, sizeof n1);
		fprintf(ctx->out, "%s rows had an id posted before and were skipped\n", n1);
	}
	if (res.rejected) {
		lb_int_format_id(res.rejected, n1, sizeof n1);
		fprintf(ctx->out, "skipped %s bad row%s, written with the reason to '%s'\n", n1,
			res.rejected == 1 ? "" : "s", o.rejects);
	}
done:
	lb_strv_free(&pos);
	return rc;
}

/* ---- stock: questions ---- */

struct bal_ctx {
	lb_out *out;
	enum lb_fmt fmt;
	long rows;
};

static int balance_row(void *arg, const struct lb_balance_row *r, lb_err *e)
{
	struct bal_ctx *bc = arg;
	char q[64];

	bc->rows++;
	if (bc->fmt == LB_FMT_TABLE) {
		qty_text(r->qty, r->unit, q, sizeof q);
		const char *vals[] = { r->location, r->item, r->lot, r->expiry[0] ? r->expiry : "-", q };
		return lb_out_row(bc->out, vals, e);
	}
	snprintf(q, sizeof q, "%lld", (long long)r->qty);
	const char *vals[] = { r->location, r->item, r->lot, r->expiry, q, r->unit };
	return lb_out_row(bc->out, vals, e);
}

static int cmd_stock_balance(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col tcols[] = {
		{ "location", 0 }, { "item", 0 }, { "lot", 0 }, { "expiry", 0 }, { "quantity", 1 },
	};
	static const struct lb_col dcols[] = {
		{ "location", 0 }, { "item", 0 }, { "lot", 0 }, { "expiry", 0 }, { "quantity", 1 }, { "unit", 0 },
	};
	const char *at = NULL, *item = NULL, *lot = NULL, *asof = NULL, *format = NULL;
	const struct lb_opt opts[] = {
		{ "at", 0, LB_OPT_STR, &at },       { "item", 0, LB_OPT_STR, &item },
		{ "lot", 0, LB_OPT_STR, &lot },     { "as-of", 0, LB_OPT_STR, &asof },
		{ "format", 0, LB_OPT_STR, &format }, { 0 },
	};
	struct lb_balance_filter f = { 0 };
	struct bal_ctx bc = { 0 };
	struct lb_item it;
	struct lb_location loc;
	int rc;

	if ((rc = lb_args("stock balance", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &bc.fmt, &ctx->err)))
		return rc;
	if (lot && !item)
		return lb_fail(&ctx->err, LB_EINPUT, "stock balance: --lot needs --item (lot codes belong to an item)");
	if (at) {
		if ((rc = lb_location_find(ctx->db, at, &loc, &ctx->err)))
			return rc;
		f.location_id = loc.id;
	}
	if (item) {
		if ((rc = lb_item_find(ctx->db, item, &it, &ctx->err)) || (rc = lot_opt(ctx, &it, lot, &f.lot_id)))
			return rc;
		f.item_id = it.id;
	}
	if (asof) {
		if ((rc = lb_date_parse(asof, "--as-of", &f.as_of, &ctx->err)))
			return rc;
		f.has_as_of = 1;
	}
	if ((rc = lb_out_open(ctx->out, bc.fmt, bc.fmt == LB_FMT_TABLE ? tcols : dcols,
			      bc.fmt == LB_FMT_TABLE ? 5 : 6, &bc.out, &ctx->err)))
		return rc;
	rc = lb_balance_each(ctx->db, &f, balance_row, &bc, &ctx->err);
	if (lb_out_close(bc.out, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	if (!rc && bc.fmt == LB_FMT_TABLE && bc.rows == 0)
		fprintf(ctx->out, "(no stock)\n");
	return rc;
}

static int ledger_row(void *arg, const struct lb_mv_row *r, lb_err *e)
{
	struct bal_ctx *bc = arg;
	char id[24], q[64], d[64], b[64];
	const char *why = r->reason[0] ? r->reason : r->ref;

	snprintf(id, sizeof id, "%lld", (long long)r->id);
	if (bc->fmt == LB_FMT_TABLE) {
		qty_text(r->qty, r->unit, q, sizeof q);
		lb_int_format_id(r->delta, b, sizeof b);
		snprintf(d, sizeof d, "%s%s", r->delta > 0 ? "+" : "", b);
		qty_text(r->running, r->unit, b, sizeof b);
		const char *vals[] = { id, r->day, r->kind, r->lot, r->from, r->to, q, d, b, r->key, why };
		return lb_out_row(bc->out, vals, e);
	}
	snprintf(q, sizeof q, "%lld", (long long)r->qty);
	snprintf(d, sizeof d, "%lld", (long long)r->delta);
	snprintf(b, sizeof b, "%lld", (long long)r->running);
	char rev[24] = "";
	if (r->reverses)
		snprintf(rev, sizeof rev, "%lld", (long long)r->reverses);
	const char *vals[] = { id, r->day, r->kind, r->lot, r->from, r->to, q, d, b, r->unit,
			       r->key, r->ref, r->reason, r->note, rev, r->operator };
	return lb_out_row(bc->out, vals, e);
}

static int cmd_stock_ledger(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col tcols[] = {
		{ "movement", 1 }, { "date", 0 }, { "kind", 0 }, { "lot", 0 }, { "from", 0 }, { "to", 0 },
		{ "quantity", 1 }, { "change", 1 }, { "balance", 1 }, { "id", 0 }, { "reason/ref", 0 },
	};
	static const struct lb_col dcols[] = {
		{ "movement", 1 }, { "date", 0 }, { "kind", 0 }, { "lot", 0 }, { "from", 0 }, { "to", 0 },
		{ "quantity", 1 }, { "change", 1 }, { "balance", 1 }, { "unit", 0 }, { "id", 0 }, { "ref", 0 },
		{ "reason", 0 }, { "note", 0 }, { "reverses", 1 }, { "operator", 0 },
	};
	const char *at = NULL, *item = NULL, *lot = NULL, *format = NULL;
	const struct lb_opt opts[] = {
		{ "at", 0, LB_OPT_STR, &at },     { "item", 0, LB_OPT_STR, &item },
		{ "lot", 0, LB_OPT_STR, &lot },   { "format", 0, LB_OPT_STR, &format },
		{ 0 },
	};
	struct lb_ledger_filter f = { 0 };
	struct bal_ctx bc = { 0 };
	struct lb_item it;
	struct lb_location loc;
	int rc;

	if ((rc = lb_args("stock ledger", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("stock ledger", "--item", item, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &bc.fmt, &ctx->err)) ||
	    (rc = lb_item_find(ctx->db, item, &it, &ctx->err)) || (rc = lot_opt(ctx, &it, lot, &f.lot_id)))
		return rc;
	f.item_id = it.id;
	if (at) {
		if ((rc = lb_location_find(ctx->db, at, &loc, &ctx->err)))
			return rc;
		f.location_id = loc.id;
	}
	if ((rc = lb_out_open(ctx->out, bc.fmt, bc.fmt == LB_FMT_TABLE ? tcols : dcols,
			      bc.fmt == LB_FMT_TABLE ? 11 : 16, &bc.out, &ctx->err)))
		return rc;
	rc = lb_ledger_each(ctx->db, &f, ledger_row, &bc, &ctx->err);
	if (lb_out_close(bc.out, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	return rc;
}

static int expiring_row(void *arg, const struct lb_expiring_row *r, lb_err *e)
{
	struct bal_ctx *bc = arg;
	char q[64], days[24];

	snprintf(days, sizeof days, "%d", r->days_left);
	if (bc->fmt == LB_FMT_TABLE)
		qty_text(r->qty, r->unit, q, sizeof q);
	else
		snprintf(q, sizeof q, "%lld", (long long)r->qty);
	const char *vals[] = { r->location, r->item, r->lot, r->expiry, days, q, r->unit };
	bc->rows++;
	return lb_out_row(bc->out, vals, e);
}

static int cmd_stock_expiring(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col tcols[] = {
		{ "location", 0 }, { "item", 0 }, { "lot", 0 }, { "expiry", 0 }, { "days_left", 1 }, { "quantity", 1 },
	};
	static const struct lb_col dcols[] = {
		{ "location", 0 }, { "item", 0 }, { "lot", 0 }, { "expiry", 0 }, { "days_left", 1 },
		{ "quantity", 1 }, { "unit", 0 },
	};
	const char *within = NULL, *at = NULL, *format = NULL;
	const struct lb_opt opts[] = {
		{ "within", 0, LB_OPT_STR, &within },
		{ "at", 0, LB_OPT_STR, &at },
		{ "format", 0, LB_OPT_STR, &format },
		{ 0 },
	};
	struct bal_ctx bc = { 0 };
	struct lb_location loc;
	int64_t days = 30, loc_id = 0;
	int rc;

	if ((rc = lb_args("stock expiring", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &bc.fmt, &ctx->err)))
		return rc;
	if (within && (rc = lb_int_parse(within, "--within", 0, 36500, &days, &ctx->err)))
		return rc;
	if (at) {
		if ((rc = lb_location_find(ctx->db, at, &loc, &ctx->err)))
			return rc;
		loc_id = loc.id;
	}
	if ((rc = lb_out_open(ctx->out, bc.fmt, bc.fmt == LB_FMT_TABLE ? tcols : dcols,
			      bc.fmt == LB_FMT_TABLE ? 6 : 7, &bc.out, &ctx->err)))
		return rc;
	rc = lb_expiring_each(ctx->db, lb_today(), (int)days, loc_id, expiring_row, &bc, &ctx->err);
	if (lb_out_close(bc.out, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	if (!rc && bc.fmt == LB_FMT_TABLE && bc.rows == 0)
		fprintf(ctx->out, "(nothing expires within %lld days)\n", (long long)days);
	return rc;
}

/* ---- verify ---- */

static int cmd_verify(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_verify_report rep;
	int journal_only = 0, rc;
	const struct lb_opt opts[] = { { "journal-only", 0, LB_OPT_FLAG, &journal_only }, { 0 } };

	if ((rc = lb_args("verify", argc, argv, opts, NULL, 0, 0, &ctx->err)))
		return rc;
	rc = lb_verify_some(ctx->db, journal_only, &rep, &ctx->err);
	if (rc == LB_ESYS)
		return rc;
	for (int i = 0; i < LB_VERIFY_NCHECKS; i++)
		fprintf(ctx->out, "%-4s  %-18s %s\n", rep.checks[i].ok ? "ok" : "FAIL", rep.checks[i].name,
			rep.checks[i].msg);
	if (rc == LB_OK)
		fprintf(ctx->out, "the ledger verifies\n");
	return rc;
}

#define QTY_HELP                                                                                  \
	"Quantities are in the item's base unit or name a pack: 12, \"3 rak\",\n"                  \
	"\"2.5 liter\" (a decimal only when it comes to whole base units).\n"

const struct lb_cmd lb_cmds_inventory[] = {
	{ "item", "add", cmd_item_add, LB_CMD_DB,
	  "usage: lumbung item add CODE --name NAME --unit UNIT [--pack NAME=FACTOR ...]\n"
	  "                        [--shelf-life DAYS]\n"
	  "\n"
	  "Add an item counted in UNIT (kg, liter, butir, kaleng). Each --pack names\n"
	  "a larger unit with an exact factor (rak=30: a rak is 30 butir). With\n"
	  "--shelf-life, a receipt without --expiry expires DAYS after its date.\n",
	  "add an item (goods) and its pack units" },
	{ "item", "list", NULL, LB_CMD_DB, "", "list items",
	  lb_list_params, sizeof(struct lb_list_in), run_item_list },
	{ "location", "add", cmd_location_add, LB_CMD_DB,
	  "usage: lumbung location add CODE --kind warehouse|point|supplier --name NAME\n"
	  "                            [--village CODE]\n"
	  "\n"
	  "Add a warehouse (gudang), distribution point (titik salur) or supplier.\n"
	  "--village is the Kemendagri code NN.NN.NN.NNNN; once region data has been\n"
	  "imported it must exist there. Codes starting with '@' are reserved.\n",
	  "add a warehouse, distribution point or supplier" },
	{ "location", "edit", cmd_location_edit, LB_CMD_DB,
	  "usage: lumbung location edit CODE [--name NAME] [--village CODE]\n"
	  "\n"
	  "Correct a location's name or village (--village '' clears it), checked as\n"
	  "location add checks them. Its code, kind and stock stay as they are.\n",
	  "correct a location's name or village" },
	{ "location", "list", cmd_location_list, LB_CMD_DB,
	  "usage: lumbung location list [--all] [--format table|csv|json]\n"
	  "\n"
	  "--all also lists the ledger's own accounts (@SUPPLY, @RECIPIENTS, @ADJUST).\n",
	  "list locations" },
	{ "stock", "receive", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Receive goods into a warehouse or point, making lot LOT (or adding to it\n"
	  "when it exists with the same expiry and cost). --expiry defaults to the\n"
	  "date plus the item's shelf life; it may not be before the date.\n"
	  "--unit-cost is rupiah per base unit (14000 or 14.000). --id KEY makes the\n"
	  "posting safe to repeat: the same KEY again changes nothing.\n"
	  "\n" QTY_HELP,
	  "receive goods from a supplier",
	  receive_params, sizeof(struct lb_receive_in), run_stock_receive, "/stok/terima" },
	{ "stock", "move", cmd_stock_move, LB_CMD_DB,
	  "usage: lumbung stock move --from LOC --to LOC --item ITEM --qty Q [--lot LOT]\n"
	  "                          [--date YYYY-MM-DD] [--id KEY] [--ref DOC] [--note TEXT]\n"
	  "\n"
	  "Move stock between warehouses and points. Without --lot the earliest-\n"
	  "expiring lots go first (FEFO), split over several movements (KEY, KEY#2 ...)\n"
	  "when needed; expired lots never move. Not enough stock is refused (exit 3).\n"
	  "\n" QTY_HELP,
	  "move stock between warehouses and points" },
	{ "stock", "adjust", cmd_stock_adjust, LB_CMD_DB,
	  "usage: lumbung stock adjust --at LOC --item ITEM --qty SIGNED_Q\n"
	  "                            --reason rusak|hilang|kedaluwarsa|lain [--lot LOT]\n"
	  "                            [--note TEXT] [--date YYYY-MM-DD] [--id KEY]\n"
	  "\n"
	  "Correct stock: a negative --qty writes off (damaged, lost, expired, other),\n"
	  "a positive one adds stock found (then --lot is required). Without --lot a\n"
	  "write-off takes the earliest-expiring unexpired lots; with reason\n"
	  "kedaluwarsa it takes expired lots only.\n",
	  "write off or add stock, with a reason" },
	{ "stock", "count", cmd_stock_count, LB_CMD_DB,
	  "usage: lumbung stock count --at LOC --item ITEM --counted Q [--lot LOT] [--reason TEXT]\n"
	  "                           [--date YYYY-MM-DD]\n"
	  "\n"
	  "Record a stock count (stock opname): the difference from the ledger is\n"
	  "posted as an adjustment (reason opname) and the variance reported.\n"
	  "--reason says why it differs (rusak, susut); the berita acara stock\n"
	  "opname ('lumbung report opname') states it.\n",
	  "record a stock count and post the variance" },
	{ "stock", "balance", cmd_stock_balance, LB_CMD_DB,
	  "usage: lumbung stock balance [--at LOC] [--item ITEM [--lot LOT]]\n"
	  "                             [--as-of YYYY-MM-DD] [--format table|csv|json]\n"
	  "\n"
	  "Stock held in warehouses and points, per location, item and lot. CSV and\n"
	  "JSON give plain base-unit quantities with a unit column.\n",
	  "stock on hand by location, item and lot" },
	{ "stock", "ledger", cmd_stock_ledger, LB_CMD_DB,
	  "usage: lumbung stock ledger --item ITEM [--at LOC] [--lot LOT]\n"
	  "                            [--format table|csv|json]\n"
	  "\n"
	  "The item's movements in date order with a running balance: at LOC, or\n"
	  "over all warehouses and points.\n",
	  "history of an item with running balance" },
	{ "stock", "expiring", cmd_stock_expiring, LB_CMD_DB,
	  "usage: lumbung stock expiring [--within DAYS] [--at LOC] [--format table|csv|json]\n"
	  "\n"
	  "Lots in stock that expire within DAYS (default 30), expired ones included.\n",
	  "lots that expire soon" },
	{ "stock", "import", cmd_stock_import, LB_CMD_DB,
	  "usage: lumbung stock import FILE [--dry-run] [--skip-invalid --rejects FILE]\n"
	  "                                 [--delimiter ,|;|tab]\n"
	  "\n"
	  "Post receipts, moves and adjustments from a CSV or XLSX file, all or\n"
	  "nothing: every bad row is listed and nothing is written, unless\n"
	  "--skip-invalid, which posts the good rows and writes the bad ones, with\n"
	  "a reject_reason column, to --rejects FILE; corrected, it imports as it is.\n"
	  "Columns: type (receive, move, adjust), date, from, to, item, qty, lot,\n"
	  "expiry, unit_cost, ref, id, reason (and optionally at, note); empty\n"
	  "cells where a column does not apply. --dry-run checks every row, stock\n"
	  "rules included, and writes nothing. See docs/inventory.md.\n",
	  "post movements in bulk from a CSV file" },
	{ "stock", "reverse", cmd_stock_reverse, LB_CMD_DB,
	  "usage: lumbung stock reverse MOVEMENT_ID --reason TEXT [--date YYYY-MM-DD]\n"
	  "                             [--id KEY]\n"
	  "\n"
	  "Undo a movement by posting its mirror image. A movement is reversed at\n"
	  "most once; a reversal is not reversed (post the movement again).\n",
	  "undo a movement with a reversing one" },
	{ "verify", NULL, cmd_verify, LB_CMD_DB,
	  "usage: lumbung verify [--journal-only]\n"
	  "\n"
	  "Recompute the journal's hash chain, compare every balance with the\n"
	  "journal, check double entry and the database file, and compare every\n"
	  "history table (redemptions, attempts, vouchers, revocations,\n"
	  "allocations, period closes, keys, lots, packages, finance figures,\n"
	  "status history) with its history log, naming a missing trigger or the\n"
	  "first row changed, deleted or inserted behind its trigger's back\n"
	  "(--journal-only skips this). Exit 0 only when everything checks;\n"
	  "otherwise exit 3 naming the first wrong entry.\n",
	  "check the ledger's hash chain, balances and file" },
	{ 0 },
};
