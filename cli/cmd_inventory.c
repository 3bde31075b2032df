/*
 * cmd_inventory.c — items, locations, stock and verify: each command
 * declares its parameters, calls its operation in inventory/ (which owns
 * the transaction: on any failure nothing is written) and prints the
 * result. No SQL and no transaction here.
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

static int print_movements(struct lb_ctx *ctx, const struct lb_post_result *res)
{
	return lb_movement_each(ctx->db, res->first_id, res->first_id + res->n - 1, print_mv, ctx, &ctx->err);
}

static int report_post(struct lb_ctx *ctx, const char *done, const struct lb_post_result *res)
{
	if (res->already)
		fprintf(ctx->out, "already posted: this id was posted before, nothing changed\n");
	else
		fprintf(ctx->out, "%s\n", done);
	return print_movements(ctx, res);
}

/* rc = operation(in, out) the way every command here runs one: in an
 * lb_op of the command's database and operator, its warnings shown on
 * stderr. (A macro because each operation has its own in/out types.) */
#define RUN_OP(ctx, rc, operation, in, out)                        \
	do {                                                       \
		struct lb_op op_;                                  \
		lb_op_init(&op_, (ctx)->db, (ctx)->operator);      \
		(rc) = operation(&op_, (in), (out), &(ctx)->err);  \
		lb_cli_warnings(&op_);                             \
		lb_op_release(&op_);                               \
	} while (0)

/* ---- item ---- */

#define F(x) offsetof(struct lb_item_in, x)
static const struct lb_param item_add_params[] = {
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, F(code), NULL, "Kode barang" },
	{ "name", 0, LB_P_STR, LB_P_REQUIRED, F(name), "NAME", "Nama barang" },
	{ "unit", 0, LB_P_STR, LB_P_REQUIRED, F(unit), "UNIT", "Satuan dasar" },
	{ "pack", 0, LB_P_LIST, 0, F(packs), "NAME=FACTOR", "Kemasan (mis. rak=30)" },
	{ "shelf-life", 0, LB_P_STR, 0, F(shelf_life), "DAYS", "Masa simpan (hari)" },
	LB_PARAM_END,
};
#undef F

static int run_item_add(struct lb_ctx *ctx, void *in)
{
	struct lb_item out;
	int rc;

	RUN_OP(ctx, rc, lb_item_create, in, &out);
	if (rc)
		return rc;
	fprintf(ctx->out, "added item %s (%s), counted in %s", out.code, out.name, out.units.base);
	for (int i = 0; i < out.units.npacks; i++)
		fprintf(ctx->out, "%s1 %s = %lld %s", i ? ", " : "; ", out.units.packs[i].name,
			(long long)out.units.packs[i].factor, out.units.base);
	fputc('\n', ctx->out);
	return LB_OK;
}

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
	return lb_rdoc_cells(arg, vals, e);
}

static int item_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
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

#define F(x) offsetof(struct lb_location_in, x)
static const struct lb_param location_add_params[] = {
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, F(code), NULL, "Kode lokasi" },
	{ "kind", 0, LB_P_STR, LB_P_REQUIRED, F(kind), "warehouse|point|supplier", "Jenis" },
	{ "name", 0, LB_P_STR, LB_P_REQUIRED, F(name), "NAME", "Nama" },
	{ "village", 0, LB_P_STR, 0, F(village), "CODE", "Kode desa" },
	LB_PARAM_END,
};
#undef F

static int run_location_add(struct lb_ctx *ctx, void *in)
{
	struct lb_location out;
	int rc;

	RUN_OP(ctx, rc, lb_location_create, in, &out);
	if (rc)
		return rc;
	fprintf(ctx->out, "added %s %s (%s)%s%s\n", lb_loc_kind_name(out.kind), out.code, out.name,
		out.village[0] ? " in village " : "", out.village);
	return LB_OK;
}

#define F(x) offsetof(struct lb_location_edit_in, x)
static const struct lb_param location_edit_params[] = {
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, F(code), NULL, "Kode lokasi" },
	{ "name", 0, LB_P_STR, 0, F(name), "NAME", "Nama" },
	{ "village", 0, LB_P_STR, 0, F(village), "CODE", "Kode desa" },
	LB_PARAM_END,
};
#undef F

static int run_location_edit(struct lb_ctx *ctx, void *in)
{
	struct lb_location out;
	int rc;

	RUN_OP(ctx, rc, lb_location_change, in, &out);
	if (rc)
		return rc;
	fprintf(ctx->out, "%s %s is now '%s'%s%s\n", lb_loc_kind_name(out.kind), out.code, out.name,
		out.village[0] ? " in village " : "", out.village);
	return LB_OK;
}

struct location_list_in {
	int all;
	const char *format;
};

static const struct lb_param location_list_params[] = {
	{ "all", 0, LB_P_FLAG, 0, offsetof(struct location_list_in, all), NULL, "Termasuk akun buku besar" },
	{ "format", 0, LB_P_STR, 0, offsetof(struct location_list_in, format), "table|csv|json", NULL },
	LB_PARAM_END,
};

static int location_row(void *arg, const struct lb_location *loc, lb_err *e)
{
	const char *vals[] = { loc->code, lb_loc_kind_name(loc->kind), loc->name,
			       loc->village[0] ? loc->village : NULL };
	return lb_rdoc_cells(arg, vals, e);
}

static int location_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	const struct location_list_in *in = arg;
	return lb_location_each(ctx->db, in->all, location_row, out, &ctx->err);
}

static int run_location_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = { { "code", 0 }, { "kind", 0 }, { "name", 0 }, { "village", 0 } };
	const struct location_list_in *in = arg;

	return lb_cli_list(ctx, in->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, cols, 4, location_rows,
			   arg);
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

static int run_stock_receive(struct lb_ctx *ctx, void *in)
{
	struct lb_receive_out out;
	char q[64], done[256];
	int rc;

	RUN_OP(ctx, rc, lb_stock_receive, in, &out);
	if (rc)
		return rc;
	qty_text(out.qty, out.item.units.base, q, sizeof q);
	snprintf(done, sizeof done, "received %s of %s into %s", q, out.item.code, out.to.code);
	return report_post(ctx, done, &out.post);
}

static const struct lb_param move_params[] = {
#define F(x) offsetof(struct lb_move_in, x)
	{ "from", 0, LB_P_STR, LB_P_REQUIRED, F(from), "LOC", "Dari gudang/titik" },
	{ "to", 0, LB_P_STR, LB_P_REQUIRED, F(to), "LOC", "Ke gudang/titik" },
	{ "item", 0, LB_P_STR, LB_P_REQUIRED, F(item), "ITEM", "Barang" },
	{ "qty", 0, LB_P_STR, LB_P_REQUIRED, F(qty), "Q", "Jumlah" },
	{ "lot", 0, LB_P_STR, 0, F(lot), "LOT", "Lot" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
	{ "id", 0, LB_P_STR, 0, F(id), "KEY", NULL },
	{ "ref", 0, LB_P_STR, 0, F(ref), "DOC", "No. dokumen" },
	{ "note", 0, LB_P_STR, 0, F(note), "TEXT", "Catatan" },
#undef F
	LB_PARAM_END,
};

static int run_stock_move(struct lb_ctx *ctx, void *in)
{
	struct lb_move_out out;
	char q[64], done[256];
	int rc;

	RUN_OP(ctx, rc, lb_stock_move, in, &out);
	if (rc)
		return rc;
	qty_text(out.qty, out.item.units.base, q, sizeof q);
	snprintf(done, sizeof done, "moved %s of %s from %s to %s", q, out.item.code, out.from.code, out.to.code);
	return report_post(ctx, done, &out.post);
}

static const struct lb_param adjust_params[] = {
#define F(x) offsetof(struct lb_adjust_in, x)
	{ "at", 0, LB_P_STR, LB_P_REQUIRED, F(at), "LOC", "Gudang/titik" },
	{ "item", 0, LB_P_STR, LB_P_REQUIRED, F(item), "ITEM", "Barang" },
	{ "qty", 0, LB_P_STR, LB_P_REQUIRED, F(qty), "SIGNED_Q", "Jumlah (negatif: dihapus)" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "rusak|hilang|kedaluwarsa|lain", "Alasan" },
	{ "lot", 0, LB_P_STR, 0, F(lot), "LOT", "Lot" },
	{ "note", 0, LB_P_STR, 0, F(note), "TEXT", "Catatan" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
	{ "id", 0, LB_P_STR, 0, F(id), "KEY", NULL },
#undef F
	LB_PARAM_END,
};

static int run_stock_adjust(struct lb_ctx *ctx, void *arg)
{
	const struct lb_adjust_in *in = arg;
	struct lb_adjust_out out;
	char q[64], done[256];
	int rc;

	RUN_OP(ctx, rc, lb_stock_adjust, in, &out);
	if (rc)
		return rc;
	qty_text(out.qty < 0 ? -out.qty : out.qty, out.item.units.base, q, sizeof q);
	snprintf(done, sizeof done, "%s %s of %s at %s (%s)", out.qty < 0 ? "wrote off" : "added", q,
		 out.item.code, out.at.code, in->reason);
	return report_post(ctx, done, &out.post);
}

static const struct lb_param count_params[] = {
#define F(x) offsetof(struct lb_count_in, x)
	{ "at", 0, LB_P_STR, LB_P_REQUIRED, F(at), "LOC", "Gudang/titik" },
	{ "item", 0, LB_P_STR, LB_P_REQUIRED, F(item), "ITEM", "Barang" },
	{ "counted", 0, LB_P_STR, LB_P_REQUIRED, F(counted), "Q", "Jumlah terhitung" },
	{ "lot", 0, LB_P_STR, 0, F(lot), "LOT", "Lot" },
	{ "reason", 0, LB_P_STR, 0, F(reason), "TEXT", "Sebab selisih" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
#undef F
	LB_PARAM_END,
};

static int run_stock_count(struct lb_ctx *ctx, void *arg)
{
	const struct lb_count_in *in = arg;
	struct lb_count_out out;
	const struct lb_count_result *res = &out.res;
	const char *base = out.item.units.base;
	char q1[64], q2[64], q3[64], sign[2] = "";
	int rc;

	RUN_OP(ctx, rc, lb_stock_count, in, &out);
	if (rc)
		return rc;
	qty_text(out.counted, base, q1, sizeof q1);
	qty_text(res->expected, base, q2, sizeof q2);
	qty_text(res->variance < 0 ? -res->variance : res->variance, base, q3, sizeof q3);
	if (res->variance > 0)
		sign[0] = '+';
	else if (res->variance < 0)
		sign[0] = '-';
	fprintf(ctx->out, "counted %s of %s%s%s at %s; the ledger said %s; variance %s%s\n", q1, out.item.code,
		in->lot ? " lot " : "", in->lot ? in->lot : "", out.at.code, q2, sign, q3);
	if (res->post.n == 0)
		return LB_OK;
	fprintf(ctx->out, "posted the difference:\n");
	return print_movements(ctx, &res->post);
}

static const struct lb_param reverse_params[] = {
#define F(x) offsetof(struct lb_reverse_in, x)
	{ "MOVEMENT_ID", 0, LB_P_ARG, LB_P_REQUIRED, F(movement), NULL, "No. mutasi" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "TEXT", "Alasan" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
	{ "id", 0, LB_P_STR, 0, F(id), "KEY", NULL },
#undef F
	LB_PARAM_END,
};

static int run_stock_reverse(struct lb_ctx *ctx, void *in)
{
	struct lb_reverse_out out;
	char done[128];
	int rc;

	RUN_OP(ctx, rc, lb_stock_reverse, in, &out);
	if (rc)
		return rc;
	snprintf(done, sizeof done, "reversed movement %lld", (long long)out.movement_id);
	return report_post(ctx, done, &out.post);
}

/* Each bad row of a stock import, as it is found. */
static void print_stock_problem(void *arg, int warning, const char *file, long row,
				const char *column, const char *reason)
{
	lb_cli_progress_clear();
	fprintf(stderr, "lumbung: %s\n", reason);
}

static const struct lb_param import_params[] = {
#define F(x) offsetof(struct lb_stock_import_in, x)
	{ "FILE", 0, LB_P_ARG, LB_P_REQUIRED, F(file), NULL, NULL },
	{ "dry-run", 0, LB_P_FLAG, 0, F(dry_run), NULL, "Periksa saja" },
	{ "skip-invalid", 0, LB_P_FLAG, 0, F(skip_invalid), NULL, NULL },
	{ "rejects", 0, LB_P_STR, 0, F(rejects), "FILE", NULL },
	{ "delimiter", 0, LB_P_STR, 0, F(delimiter), ",|;|tab", "Pemisah kolom" },
#undef F
	LB_PARAM_END,
};

static int run_stock_import(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_rows sink = { print_stock_problem, NULL };
	struct lb_stock_import_in *in = arg;
	struct lb_import_result out;
	char n1[32], n2[32], n3[32], n4[32], n5[32];
	int rc, dry = in->dry_run;

	in->sink = &sink;
	RUN_OP(ctx, rc, lb_stock_import, in, &out);
	if (rc)
		return rc;
	lb_int_format_id(out.rows, n1, sizeof n1);
	lb_int_format_id(out.receipts, n2, sizeof n2);
	lb_int_format_id(out.moves, n3, sizeof n3);
	lb_int_format_id(out.adjusts, n4, sizeof n4);
	lb_int_format_id(out.movements, n5, sizeof n5);
	fprintf(ctx->out, "%s '%s': %s rows (%s receive, %s move, %s adjust), %s movements%s\n",
		dry ? "checked" : "imported", in->file, n1, n2, n3, n4, n5,
		dry ? " would be posted (dry run: nothing was written)" : " posted");
	if (out.already) {
		lb_int_format_id(out.already, n1, sizeof n1);
		fprintf(ctx->out, "%s rows had an id posted before and were skipped\n", n1);
	}
	if (out.rejected) {
		lb_int_format_id(out.rejected, n1, sizeof n1);
		fprintf(ctx->out, "skipped %s bad row%s, written with the reason to '%s'\n", n1,
			out.rejected == 1 ? "" : "s", in->rejects);
	}
	return LB_OK;
}

/* ---- stock: questions ---- */

/* Table output shows quantities in words with their unit ("2 karung
 * 5 kg"); CSV and JSON plain base units with a unit column. */
struct rows_ctx {
	enum lb_fmt fmt;
	long rows;
	lb_rdoc *out;
	const void *filter;
};

static int parse_fmt(struct lb_ctx *ctx, const char *format, struct rows_ctx *rc)
{
	return lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &rc->fmt, &ctx->err);
}

static int balance_row(void *arg, const struct lb_balance_row *r, lb_err *e)
{
	struct rows_ctx *bc = arg;
	char q[64];

	bc->rows++;
	if (bc->fmt == LB_FMT_TABLE) {
		qty_text(r->qty, r->unit, q, sizeof q);
		const char *vals[] = { r->location, r->item, r->lot, r->expiry[0] ? r->expiry : "-", q };
		return lb_rdoc_cells(bc->out, vals, e);
	}
	snprintf(q, sizeof q, "%lld", (long long)r->qty);
	const char *vals[] = { r->location, r->item, r->lot, r->expiry, q, r->unit };
	return lb_rdoc_cells(bc->out, vals, e);
}

static int balance_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct rows_ctx *bc = arg;
	int rc;

	bc->out = out;
	if ((rc = lb_balance_each(ctx->db, bc->filter, balance_row, bc, &ctx->err)))
		return rc;
	/* an empty table says so under its header */
	return bc->rows ? LB_OK : lb_rdoc_para(out, "(no stock)", 0, &ctx->err);
}

static const struct lb_param balance_params[] = {
#define F(x) offsetof(struct lb_balance_in, x)
	{ "at", 0, LB_P_STR, 0, F(at), "LOC", "Gudang/titik" },
	{ "item", 0, LB_P_STR, 0, F(item), "ITEM", "Barang" },
	{ "lot", 0, LB_P_STR, 0, F(lot), "LOT", "Lot" },
	{ "as-of", 0, LB_P_STR, 0, F(as_of), "YYYY-MM-DD", "Per tanggal" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
#undef F
	LB_PARAM_END,
};

static int run_stock_balance(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col tcols[] = {
		{ "location", 0 }, { "item", 0 }, { "lot", 0 }, { "expiry", 0 }, { "quantity", 1 },
	};
	static const struct lb_col dcols[] = {
		{ "location", 0 }, { "item", 0 }, { "lot", 0 }, { "expiry", 0 }, { "quantity", 1 }, { "unit", 0 },
	};
	const struct lb_balance_in *in = arg;
	struct lb_balance_filter f;
	struct rows_ctx bc = { 0 };
	struct lb_op op;
	int rc, table;

	if ((rc = parse_fmt(ctx, in->format, &bc)))
		return rc;
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_stock_balance_filter(&op, in, &f, &ctx->err);
	lb_op_release(&op);
	if (rc)
		return rc;
	bc.filter = &f;
	table = bc.fmt == LB_FMT_TABLE;
	return lb_cli_list(ctx, in->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, table ? tcols : dcols,
			   table ? 5 : 6, balance_rows, &bc);
}

static int ledger_row(void *arg, const struct lb_mv_row *r, lb_err *e)
{
	struct rows_ctx *bc = arg;
	char id[24], q[64], d[64], b[64];
	const char *why = r->reason[0] ? r->reason : r->ref;

	snprintf(id, sizeof id, "%lld", (long long)r->id);
	if (bc->fmt == LB_FMT_TABLE) {
		qty_text(r->qty, r->unit, q, sizeof q);
		lb_int_format_id(r->delta, b, sizeof b);
		snprintf(d, sizeof d, "%s%s", r->delta > 0 ? "+" : "", b);
		qty_text(r->running, r->unit, b, sizeof b);
		const char *vals[] = { id, r->day, r->kind, r->lot, r->from, r->to, q, d, b, r->key, why };
		return lb_rdoc_cells(bc->out, vals, e);
	}
	snprintf(q, sizeof q, "%lld", (long long)r->qty);
	snprintf(d, sizeof d, "%lld", (long long)r->delta);
	snprintf(b, sizeof b, "%lld", (long long)r->running);
	char rev[24] = "";
	if (r->reverses)
		snprintf(rev, sizeof rev, "%lld", (long long)r->reverses);
	const char *vals[] = { id, r->day, r->kind, r->lot, r->from, r->to, q, d, b, r->unit,
			       r->key, r->ref, r->reason, r->note, rev, r->operator };
	return lb_rdoc_cells(bc->out, vals, e);
}

static int ledger_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct rows_ctx *bc = arg;
	bc->out = out;
	return lb_ledger_each(ctx->db, bc->filter, ledger_row, bc, &ctx->err);
}

static const struct lb_param ledger_params[] = {
#define F(x) offsetof(struct lb_ledger_in, x)
	{ "item", 0, LB_P_STR, LB_P_REQUIRED, F(item), "ITEM", "Barang" },
	{ "at", 0, LB_P_STR, 0, F(at), "LOC", "Gudang/titik" },
	{ "lot", 0, LB_P_STR, 0, F(lot), "LOT", "Lot" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
#undef F
	LB_PARAM_END,
};

static int run_stock_ledger(struct lb_ctx *ctx, void *arg)
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
	const struct lb_ledger_in *in = arg;
	struct lb_ledger_filter f;
	struct rows_ctx bc = { 0 };
	struct lb_op op;
	int rc, table;

	if ((rc = parse_fmt(ctx, in->format, &bc)))
		return rc;
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_stock_ledger_filter(&op, in, &f, &ctx->err);
	lb_op_release(&op);
	if (rc)
		return rc;
	bc.filter = &f;
	table = bc.fmt == LB_FMT_TABLE;
	return lb_cli_list(ctx, in->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, table ? tcols : dcols,
			   table ? 11 : 16, ledger_rows, &bc);
}

static int expiring_row(void *arg, const struct lb_expiring_row *r, lb_err *e)
{
	struct rows_ctx *bc = arg;
	char q[64], days[24];

	snprintf(days, sizeof days, "%d", r->days_left);
	if (bc->fmt == LB_FMT_TABLE)
		qty_text(r->qty, r->unit, q, sizeof q);
	else
		snprintf(q, sizeof q, "%lld", (long long)r->qty);
	const char *vals[] = { r->location, r->item, r->lot, r->expiry, days, q, r->unit };
	bc->rows++;
	return lb_rdoc_cells(bc->out, vals, e);
}

static int expiring_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct rows_ctx *bc = arg;
	const struct lb_expiring_filter *f = bc->filter;
	int rc;

	bc->out = out;
	if ((rc = lb_expiring_each(ctx->db, f->today, f->within, f->location_id, expiring_row, bc, &ctx->err)))
		return rc;
	return bc->rows ? LB_OK : lb_rdoc_paraf(out, &ctx->err, "(nothing expires within %d days)", f->within);
}

static const struct lb_param expiring_params[] = {
#define F(x) offsetof(struct lb_expiring_in, x)
	{ "within", 0, LB_P_STR, 0, F(within), "DAYS", "Dalam (hari)" },
	{ "at", 0, LB_P_STR, 0, F(at), "LOC", "Gudang/titik" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
#undef F
	LB_PARAM_END,
};

static int run_stock_expiring(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col tcols[] = {
		{ "location", 0 }, { "item", 0 }, { "lot", 0 }, { "expiry", 0 }, { "days_left", 1 }, { "quantity", 1 },
	};
	static const struct lb_col dcols[] = {
		{ "location", 0 }, { "item", 0 }, { "lot", 0 }, { "expiry", 0 }, { "days_left", 1 },
		{ "quantity", 1 }, { "unit", 0 },
	};
	const struct lb_expiring_in *in = arg;
	struct lb_expiring_filter f;
	struct rows_ctx bc = { 0 };
	struct lb_op op;
	int rc, table;

	if ((rc = parse_fmt(ctx, in->format, &bc)))
		return rc;
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_stock_expiring_filter(&op, in, &f, &ctx->err);
	lb_op_release(&op);
	if (rc)
		return rc;
	bc.filter = &f;
	table = bc.fmt == LB_FMT_TABLE;
	return lb_cli_list(ctx, in->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, table ? tcols : dcols,
			   table ? 6 : 7, expiring_rows, &bc);
}

/* ---- verify ---- */

struct verify_in {
	int journal_only;
};

static const struct lb_param verify_params[] = {
	{ "journal-only", 0, LB_P_FLAG, 0, offsetof(struct verify_in, journal_only), NULL, NULL },
	LB_PARAM_END,
};

static int run_verify(struct lb_ctx *ctx, void *arg)
{
	const struct verify_in *in = arg;
	struct lb_verify_report rep;
	lb_rdoc *d;
	lb_err e;
	int rc, wr;

	rc = lb_verify_some(ctx->db, in->journal_only, &rep, &ctx->err);
	if (rc == LB_ESYS || (wr = lb_cli_record(ctx, 0, 0, &d)))
		return rc == LB_ESYS ? rc : wr;
	/* a line per check: its verdict, its name, what it found */
	for (int i = 0; i < LB_VERIFY_NCHECKS && !wr; i++)
		wr = lb_rdoc_paraf(d, &e, "%-4s  %-18s %s", rep.checks[i].ok ? "ok" : "FAIL", rep.checks[i].name,
				   rep.checks[i].msg);
	if (!wr && rc == LB_OK)
		wr = lb_rdoc_para(d, "the ledger verifies", 0, &e);
	/* a failed check's message stands unless the writing failed */
	if (wr)
		ctx->err = e;
	if ((wr = lb_cli_record_end(ctx, d, wr)))
		return wr;
	return rc;
}

#define QTY_HELP                                                                                  \
	"Quantities are in the item's base unit or name a pack: 12, \"3 rak\",\n"                  \
	"\"2.5 liter\" (a decimal only when it comes to whole base units).\n"

const struct lb_cmd lb_cmds_inventory[] = {
	{ "item", "add", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Add an item counted in UNIT (kg, liter, butir, kaleng). Each --pack names\n"
	  "a larger unit with an exact factor (rak=30: a rak is 30 butir). With\n"
	  "--shelf-life, a receipt without --expiry expires DAYS after its date.\n",
	  "add an item (goods) and its pack units",
	  item_add_params, sizeof(struct lb_item_in), run_item_add },
	{ "item", "list", NULL, LB_CMD_DB, "", "list items",
	  lb_list_params, sizeof(struct lb_list_in), run_item_list },
	{ "location", "add", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Add a warehouse (gudang), distribution point (titik salur) or supplier.\n"
	  "--village is the Kemendagri code NN.NN.NN.NNNN; once region data has been\n"
	  "imported it must exist there. Codes starting with '@' are reserved.\n",
	  "add a warehouse, distribution point or supplier",
	  location_add_params, sizeof(struct lb_location_in), run_location_add },
	{ "location", "edit", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Correct a location's name or village (--village '' clears it), checked as\n"
	  "location add checks them. Its code, kind and stock stay as they are.\n",
	  "correct a location's name or village",
	  location_edit_params, sizeof(struct lb_location_edit_in), run_location_edit },
	{ "location", "list", NULL, LB_CMD_DB,
	  "--all also lists the ledger's own accounts (@SUPPLY, @RECIPIENTS, @ADJUST).\n",
	  "list locations",
	  location_list_params, sizeof(struct location_list_in), run_location_list },
	{ "stock", "receive", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Receive goods into a warehouse or point, making lot LOT (or adding to it\n"
	  "when it exists with the same expiry and cost). --expiry defaults to the\n"
	  "date plus the item's shelf life; it may not be before the date.\n"
	  "--unit-cost is rupiah per base unit (14000 or 14.000). --id KEY makes the\n"
	  "posting safe to repeat: the same KEY again changes nothing.\n"
	  "\n" QTY_HELP,
	  "receive goods from a supplier",
	  receive_params, sizeof(struct lb_receive_in), run_stock_receive, "/stok/terima" },
	{ "stock", "move", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Move stock between warehouses and points. Without --lot the earliest-\n"
	  "expiring lots go first (FEFO), split over several movements (KEY, KEY#2 ...)\n"
	  "when needed; expired lots never move. Not enough stock is refused (exit 3).\n"
	  "\n" QTY_HELP,
	  "move stock between warehouses and points",
	  move_params, sizeof(struct lb_move_in), run_stock_move, "/stok/pindah" },
	{ "stock", "adjust", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Correct stock: a negative --qty writes off (damaged, lost, expired, other),\n"
	  "a positive one adds stock found (then --lot is required). Without --lot a\n"
	  "write-off takes the earliest-expiring unexpired lots; with reason\n"
	  "kedaluwarsa it takes expired lots only.\n",
	  "write off or add stock, with a reason",
	  adjust_params, sizeof(struct lb_adjust_in), run_stock_adjust, "/stok/sesuaikan" },
	{ "stock", "count", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Record a stock count (stock opname): the difference from the ledger is\n"
	  "posted as an adjustment (reason opname) and the variance reported.\n"
	  "--reason says why it differs (rusak, susut); the berita acara stock\n"
	  "opname ('lumbung report opname') states it.\n",
	  "record a stock count and post the variance",
	  count_params, sizeof(struct lb_count_in), run_stock_count, "/stok/hitung" },
	{ "stock", "balance", NULL, LB_CMD_DB,
	  "Stock held in warehouses and points, per location, item and lot. CSV and\n"
	  "JSON give plain base-unit quantities with a unit column.\n",
	  "stock on hand by location, item and lot",
	  balance_params, sizeof(struct lb_balance_in), run_stock_balance },
	{ "stock", "ledger", NULL, LB_CMD_DB,
	  "The item's movements in date order with a running balance: at LOC, or\n"
	  "over all warehouses and points.\n",
	  "history of an item with running balance",
	  ledger_params, sizeof(struct lb_ledger_in), run_stock_ledger },
	{ "stock", "expiring", NULL, LB_CMD_DB,
	  "Lots in stock that expire within DAYS (default 30), expired ones included.\n",
	  "lots that expire soon",
	  expiring_params, sizeof(struct lb_expiring_in), run_stock_expiring },
	{ "stock", "import", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Post receipts, moves and adjustments from a CSV or XLSX file, all or\n"
	  "nothing: every bad row is listed and nothing is written, unless\n"
	  "--skip-invalid, which posts the good rows and writes the bad ones, with\n"
	  "a reject_reason column, to --rejects FILE; corrected, it imports as it is.\n"
	  "Columns: type (receive, move, adjust), date, from, to, item, qty, lot,\n"
	  "expiry, unit_cost, ref, id, reason (and optionally at, note); empty\n"
	  "cells where a column does not apply. --dry-run checks every row, stock\n"
	  "rules included, and writes nothing. See docs/inventory.md.\n",
	  "post movements in bulk from a CSV file",
	  import_params, sizeof(struct lb_stock_import_in), run_stock_import, "/stok/impor" },
	{ "stock", "reverse", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Undo a movement by posting its mirror image. A movement is reversed at\n"
	  "most once; a reversal is not reversed (post the movement again).\n",
	  "undo a movement with a reversing one",
	  reverse_params, sizeof(struct lb_reverse_in), run_stock_reverse, "/stok/batal" },
	{ "verify", NULL, NULL, LB_CMD_DB,
	  "Recompute the journal's hash chain, compare every balance with the\n"
	  "journal, check double entry and the database file, and compare every\n"
	  "history table (redemptions, attempts, vouchers, revocations,\n"
	  "allocations, period closes, keys, lots, packages, finance figures,\n"
	  "status history) with its history log, naming a missing trigger or the\n"
	  "first row changed, deleted or inserted behind its trigger's back\n"
	  "(--journal-only skips this). Exit 0 only when everything checks;\n"
	  "otherwise exit 3 naming the first wrong entry.\n",
	  "check the ledger's hash chain, balances and file",
	  verify_params, sizeof(struct verify_in), run_verify },
	{ 0 },
};
