/*
 * cmd_reports.c — finance's commands: reconcile, report
 * distribution|stock|recipients|bast|opname and finance
 * pagu|price|replacement|list. Declares their parameters, calls the
 * operations of reports/report.c and reports/finance.c, prints where the
 * file went.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/list.h"
#include "core/money.h"
#include "core/op.h"
#include "core/output.h"
#include "reports/finance.h"
#include "reports/realisation.h"
#include "reports/report.h"

/* ---- reports ---- */

/* The parameters every `report KIND` of a round takes; report stock's
 * --program is optional. */
#define REPORT_PARAMS(program_flags) \
	{ "program", 0, LB_P_STR, program_flags, F(program), "P", "Program" }, \
	{ "period", 0, LB_P_STR, LB_P_REQUIRED, F(period), "YYYY-MM", "Periode" }, \
	{ "village", 0, LB_P_STR, 0, F(village), "CODE", "Desa" }, \
	{ "format", 0, LB_P_STR, 0, F(format), "pdf|csv|xlsx", "Format" }, \
	{ "output", 'o', LB_P_STR, LB_P_REQUIRED, F(output), "FILE", NULL }, \
	{ "excel", 0, LB_P_FLAG, 0, F(excel), NULL, "CSV untuk Excel" }, \
	{ "force", 0, LB_P_FLAG, 0, F(force), NULL, NULL }, \
	LB_PARAM_END

#define F(x) offsetof(struct lb_report_in, x)
static const struct lb_param round_report_params[] = { REPORT_PARAMS(LB_P_REQUIRED) };
static const struct lb_param stock_report_params[] = { REPORT_PARAMS(0) };
#undef F

typedef int (*report_op)(struct lb_op *op, const struct lb_report_in *in, lb_err *e);

static int run_report(struct lb_ctx *ctx, const struct lb_report_in *in, report_op fn, const char *what)
{
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = fn(&op, in, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	if (in->program && what)
		fprintf(ctx->out, "%s for %s %s written to '%s'\n", what, in->program, in->period, in->output);
	return LB_OK;
}

static int run_report_distribution(struct lb_ctx *ctx, void *in)
{
	return run_report(ctx, in, lb_report_distribution, "realisation report");
}

static int run_report_recipients(struct lb_ctx *ctx, void *in)
{
	return run_report(ctx, in, lb_report_recipients, "recipient list");
}

static int run_report_bast(struct lb_ctx *ctx, void *in)
{
	return run_report(ctx, in, lb_report_bast, "BAST");
}

static int run_report_stock(struct lb_ctx *ctx, void *arg)
{
	const struct lb_report_in *in = arg;
	int rc;

	if ((rc = run_report(ctx, in, lb_report_stock, NULL)))
		return rc;
	fprintf(ctx->out, "stock reconciliation for %s written to '%s'\n", in->period, in->output);
	return LB_OK;
}

static const struct lb_param opname_params[] = {
#define F(x) offsetof(struct lb_opname_in, x)
	{ "at", 0, LB_P_STR, LB_P_REQUIRED, F(at), "LOC", "Lokasi" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
	{ "output", 'o', LB_P_STR, LB_P_REQUIRED, F(output), "FILE.pdf", NULL },
	{ "force", 0, LB_P_FLAG, 0, F(force), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_report_opname(struct lb_ctx *ctx, void *arg)
{
	const struct lb_opname_in *in = arg;
	struct lb_opname_out out;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_report_opname(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	fprintf(ctx->out, "berita acara stock opname of %s (%ld item%s) written to '%s'\n", in->at, out.rows,
		out.rows == 1 ? "" : "s", in->output);
	return LB_OK;
}

static const struct lb_param reconcile_params[] = {
#define F(x) offsetof(struct lb_reconcile_in, x)
	{ "program", 0, LB_P_STR, LB_P_REQUIRED, F(program), "P", "Program" },
	{ "period", 0, LB_P_STR, LB_P_REQUIRED, F(period), "YYYY-MM", "Periode" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", "Format" },
	{ "output", 'o', LB_P_STR, 0, F(output), "FILE", NULL },
	{ "list", 0, LB_P_STR, 0, F(list), "exceptions|all|none", "Daftar" },
	{ "sql", 0, LB_P_FLAG, 0, F(sql), NULL, NULL },
	{ "force", 0, LB_P_FLAG, 0, F(force), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_reconcile(struct lb_ctx *ctx, void *arg)
{
	struct lb_reconcile_in *in = arg;
	struct lb_reconcile_out out;
	struct lb_op op;
	int rc;

	in->stream = ctx->out;
	lb_buf_init(&out.sql);
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_report_reconcile(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (!rc && in->sql)
		fputs(out.sql.data, ctx->out);
	else if (!rc && in->output)
		fprintf(ctx->out, "reconciliation of %s %s written to '%s'\n", in->program, in->period, in->output);
	lb_buf_release(&out.sql);
	return rc;
}

/* ---- finance figures ---- */

static const struct lb_param pagu_params[] = {
#define F(x) offsetof(struct lb_pagu_in, x)
	{ "program", 0, LB_P_STR, LB_P_REQUIRED, F(program), "P", "Program" },
	{ "from", 0, LB_P_STR, LB_P_REQUIRED, F(from), "YYYY-MM", "Berlaku mulai" },
	{ "amount", 0, LB_P_STR, LB_P_REQUIRED, F(amount), "RUPIAH", "Pagu (Rp)" },
	{ "ref", 0, LB_P_STR, 0, F(ref), "DOC", "No. DPA" },
#undef F
	LB_PARAM_END,
};

static int run_finance_pagu(struct lb_ctx *ctx, void *arg)
{
	const struct lb_pagu_in *in = arg;
	struct lb_amount_out out;
	struct lb_op op;
	char text[32];
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_finance_pagu(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	lb_money_format(out.amount, text, sizeof text);
	fprintf(ctx->out, "pagu of %s from %s: %s\n", in->program, in->from, text);
	return LB_OK;
}

static const struct lb_param price_params[] = {
#define F(x) offsetof(struct lb_refprice_in, x)
	{ "item", 0, LB_P_STR, LB_P_REQUIRED, F(item), "ITEM", "Barang" },
	{ "from", 0, LB_P_STR, LB_P_REQUIRED, F(from), "YYYY-MM", "Berlaku mulai" },
	{ "price", 0, LB_P_STR, LB_P_REQUIRED, F(price), "RUPIAH", "Harga acuan (Rp)" },
	{ "source", 0, LB_P_STR, 0, F(source), "TEXT", "Sumber" },
#undef F
	LB_PARAM_END,
};

static int run_finance_price(struct lb_ctx *ctx, void *arg)
{
	const struct lb_refprice_in *in = arg;
	struct lb_amount_out out;
	struct lb_op op;
	char text[32];
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_finance_price(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	lb_money_format(out.amount, text, sizeof text);
	fprintf(ctx->out, "reference price of %s from %s: %s per base unit\n", in->item, in->from, text);
	return LB_OK;
}

static const struct lb_param replacement_params[] = {
#define F(x) offsetof(struct lb_replacement_in, x)
	{ "NIK", 0, LB_P_ARG, LB_P_REQUIRED, F(nik), NULL, "NIK" },
	{ "doc", 0, LB_P_STR, LB_P_REQUIRED, F(doc), "NUMBER", "No. surat pernyataan" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
#undef F
	LB_PARAM_END,
};

static int run_finance_replacement(struct lb_ctx *ctx, void *arg)
{
	const struct lb_replacement_in *in = arg;
	struct lb_replacement_out out;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_finance_replacement(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	fprintf(ctx->out, "replacement statement '%s' of %s recorded\n", in->doc, out.day);
	return LB_OK;
}

struct finance_rows {
	lb_rdoc *out;
	int json; /* amounts as numbers (JSON), not as people read them */
};

static int finance_row(void *arg, const struct lb_finance_row *r, lb_err *e)
{
	const struct finance_rows *f = arg;
	char amount[32];
	const char *cells[6];

	if (f->json)
		snprintf(amount, sizeof amount, "%lld", (long long)r->amount);
	else
		lb_money_format(r->amount, amount, sizeof amount);
	cells[0] = r->what;
	cells[1] = r->subject;
	cells[2] = r->from_period;
	cells[3] = amount;
	cells[4] = r->ref;
	cells[5] = r->operator;
	return lb_rdoc_cells(f->out, cells, e);
}

static int finance_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct finance_rows f = { out, *(const int *)arg };
	return lb_finance_each(ctx->db, finance_row, &f, &ctx->err);
}

static int run_finance_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "what", 0 }, { "program/item", 0 }, { "from", 0 }, { "amount", 1 }, { "ref", 0 },
		{ "operator", 0 },
	};
	const struct lb_list_in *in = arg;
	/* "amount" is a number in JSON: Rp1.500.000 there would not parse */
	int json = in->format && strcmp(in->format, "json") == 0;

	return lb_cli_list(ctx, in->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, cols, 6, finance_rows, &json);
}

#define REPORT_OPTS \
	"  --program P       the program (its code)\n" \
	"  --period YYYY-MM  the month (for a program: the round's first month)\n" \
	"  --village CODE    only this village (region code, 64.02.06.2001)\n" \
	"  --format F        pdf, csv or xlsx (default: from the file's extension)\n" \
	"  --excel           CSV as Indonesian Excel opens it: BOM, ';' between cells\n" \
	"                    (also with setting office.csv_excel yes)\n" \
	"  -o FILE           where to write it; written whole or not at all\n"

const struct lb_cmd lb_cmds_reports[] = {
	{ "report", "distribution", NULL, LB_CMD_DB | LB_CMD_WEB,
	  "The monthly realisation report: the pagu, spent before this round, in it,\n"
	  "to date, what remains and the percentage; the physical target against\n"
	  "the packages handed over; the figures by district; and the exceptions:\n"
	  "packages not collected and the point holding them, recipients who\n"
	  "replaced another with their statement's number, lots issued above the\n"
	  "contracted or reference price. See 'lumbung finance'.\n"
	  "\n" REPORT_OPTS,
	  "the monthly realisation report for finance",
	  round_report_params, sizeof(struct lb_report_in), run_report_distribution, "/laporan/realisasi" },
	{ "report", "stock", NULL, LB_CMD_DB | LB_CMD_WEB,
	  "Stock reconciliation for the month, per location and item: opening +\n"
	  "received + moved in - moved out - issued - adjusted = closing, checked\n"
	  "against the journal (and, while the month is current and open, against\n"
	  "the balances), beside the last stock count and its variance. --village\n"
	  "keeps the locations in that village.\n"
	  "\n" REPORT_OPTS,
	  "stock reconciliation for a month",
	  stock_report_params, sizeof(struct lb_report_in), run_report_stock, "/laporan/stok" },
	{ "report", "recipients", NULL, LB_CMD_DB | LB_CMD_WEB,
	  "Every recipient of the round by village and name (NIK masked), with the\n"
	  "slip, whether and when the package was handed over, to whom, and its value.\n"
	  "\n" REPORT_OPTS,
	  "recipients of a round and what they received",
	  round_report_params, sizeof(struct lb_report_in), run_report_recipients, "/laporan/penerima" },
	{ "report", "bast", NULL, LB_CMD_DB | LB_CMD_WEB,
	  "Berita Acara Serah Terima per village: the recipients who received, what\n"
	  "and its value, the total in figures and words, and the signature blocks.\n"
	  "Without --village, one for each village where packages were handed over.\n"
	  "\n" REPORT_OPTS,
	  "handover statement (BAST) per village",
	  round_report_params, sizeof(struct lb_report_in), run_report_bast, "/laporan/bast" },
	{ "report", "opname", NULL, LB_CMD_DB,
	  "Berita Acara Stock Opname: the stock count at LOC on the day (default:\n"
	  "the last day it was counted), every item counted with the book quantity,\n"
	  "what was counted, the difference and why (stock count --reason), on the\n"
	  "office's paper with its number and signatories (office.stock.signers).\n"
	  "An existing FILE.pdf is refused unless --force.\n",
	  "berita acara stock opname of a count",
	  opname_params, sizeof(struct lb_opname_in), run_report_opname },
	{ "finance", "pagu", NULL, LB_CMD_DB | LB_CMD_WEB | LB_CMD_WRITE,
	  "Record a program's budget ceiling (pagu) for the year, in force from a\n"
	  "month on: the APBD figure from January, a revision (APBD-P) from a later\n"
	  "month. --ref names the budget document (DPA). Nothing is changed, and no\n"
	  "figure may start in a closed month, so closed months' reports stay as they\n"
	  "were. Without one the realisation report derives the pagu (quota x\n"
	  "monthly value x months) and says so.\n",
	  "record a program's budget ceiling (pagu)",
	  pagu_params, sizeof(struct lb_pagu_in), run_finance_pagu, "/keuangan/pagu" },
	{ "finance", "price", NULL, LB_CMD_DB | LB_CMD_WEB | LB_CMD_WRITE,
	  "Record an item's reference price per base unit (HPS, a regent's decree)\n"
	  "from a month on. The realisation report lists lots issued above it, as it\n"
	  "does those above the package's contracted price.\n",
	  "record an item's reference price",
	  price_params, sizeof(struct lb_refprice_in), run_finance_price, "/keuangan/harga" },
	{ "finance", "replacement", NULL, LB_CMD_DB | LB_CMD_WEB | LB_CMD_WRITE,
	  "Record the number and date (default today) of the statement by which the\n"
	  "recipient with this NIK replaced another (see recipient replace); the\n"
	  "realisation report prints it beside the replacement.\n",
	  "record a replacement statement's number",
	  replacement_params, sizeof(struct lb_replacement_in), run_finance_replacement, "/keuangan/pengganti" },
	{ "finance", "list", NULL, LB_CMD_DB | LB_CMD_WEB,
	  "Every pagu and reference price recorded, with who recorded it.\n",
	  "list pagu and reference prices",
	  lb_list_params, sizeof(struct lb_list_in), run_finance_list, "/keuangan/anggaran" },
	{ "reconcile", NULL, NULL, LB_CMD_DB | LB_CMD_WEB,
	  "Reconcile a program's round: every allocation classed as redeemed (by the\n"
	  "recipient or by a proxy), not collected, revoked (its slip revoked, with\n"
	  "or without a reissue) or cancelled; refused attempts with their reason\n"
	  "(forged, duplicate, wrong period, unknown serial, field-kit conflict);\n"
	  "totals overall, by district and by village; the value of the goods\n"
	  "handed out, from the unit costs of the lots issued, against the budget\n"
	  "(allocations x monthly value x round months) and the quota.\n"
	  "\n"
	  "  --list L   which allocations to list one by one: exceptions (those not\n"
	  "             redeemed; the default), all, or none\n"
	  "  --sql      print the statements the totals come from, with this round's\n"
	  "             values filled in, to run in the sqlite3 shell instead\n"
	  "  -o FILE    write to FILE (whole or not at all) instead of standard output\n"
	  "\n"
	  "Figures are as of the round's last day, from rows dated within it, so the\n"
	  "reconciliation of a closed round never changes. JSON holds the totals\n"
	  "(allocations, redeemed, redeemed_by_proxy, not_collected, revoked,\n"
	  "refused_attempts, conflicts, budget_rupiah, issued_value_rupiah, ...),\n"
	  "by_district, by_village, allocations and refused_attempts.\n",
	  "reconcile a round: redemptions against allocations, value against budget",
	  reconcile_params, sizeof(struct lb_reconcile_in), run_reconcile, "/laporan/rekonsiliasi" },
	{ 0 },
};
