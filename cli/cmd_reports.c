/*
 * cmd_reports.c — finance's commands: reconcile, and report
 * distribution|stock|recipients|bast. Parses, calls reports/, prints
 * where the file went.
 */
#include <string.h>
#include <strings.h>

#include "cli/commands.h"
#include "core/date.h"
#include "core/output.h"
#include "core/money.h"
#include "core/settings.h"
#include "reports/bast.h"
#include "reports/opname.h"
#include "voucher/print.h"
#include "doc/rdoc.h"
#include "reports/realisation.h"
#include "reports/reconcile.h"
#include "reports/stockrecon.h"

/* --format, or the output file's extension when it names a format. */
static int report_format(const char *cmd, const char *format, const char *output, int allowed,
			 enum lb_fmt dflt, enum lb_fmt *fmt, lb_err *e)
{
	static const struct { const char *ext; enum lb_fmt f; } exts[] = {
		{ ".pdf", LB_FMT_PDF }, { ".xlsx", LB_FMT_XLSX }, { ".csv", LB_FMT_CSV },
		{ ".json", LB_FMT_JSON },
	};
	size_t n = output ? strlen(output) : 0;

	if (!format && output) {
		for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
			size_t k = strlen(exts[i].ext);

			if ((allowed & exts[i].f) && n > k && strcasecmp(output + n - k, exts[i].ext) == 0) {
				*fmt = exts[i].f;
				return LB_OK;
			}
		}
	}
	if (!format && !dflt)
		return lb_fail(e, LB_EINPUT, "%s: option '--format' is required (pdf, csv or xlsx)", cmd);
	return lb_fmt_parse(format, allowed, dflt, fmt, e);
}

/* The options every `report KIND` takes. */
struct report_args {
	const char *program, *period, *village, *format, *output;
	int period_num, excel, force;
	enum lb_fmt fmt;
};

static int report_parse(struct lb_ctx *ctx, const char *cmd, int argc, char **argv, int need_program,
			struct report_args *a)
{
	const struct lb_opt opts[] = {
		{ "program", 0, LB_OPT_STR, &a->program },
		{ "period", 0, LB_OPT_STR, &a->period },
		{ "village", 0, LB_OPT_STR, &a->village },
		{ "format", 0, LB_OPT_STR, &a->format },
		{ "output", 'o', LB_OPT_STR, &a->output },
		{ "excel", 0, LB_OPT_FLAG, &a->excel },
		{ "force", 0, LB_OPT_FLAG, &a->force },
		{ 0 },
	};
	int rc;

	memset(a, 0, sizeof *a);
	if ((rc = lb_args(cmd, argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (need_program && (rc = lb_require(cmd, "--program", a->program, &ctx->err))) ||
	    (rc = lb_require(cmd, "--period", a->period, &ctx->err)) ||
	    (rc = lb_require(cmd, "-o", a->output, &ctx->err)) ||
	    (rc = lb_period_parse(a->period, "--period", &a->period_num, &ctx->err)) ||
	    (rc = report_format(cmd, a->format, a->output, LB_FMT_PDF | LB_FMT_CSV | LB_FMT_XLSX, 0,
				&a->fmt, &ctx->err)))
		return rc;
	return LB_OK;
}

static void report_opts(struct lb_ctx *ctx, const struct report_args *a, struct lb_rdoc_opts *o)
{
	lb_buf v;
	lb_err e;

	memset(o, 0, sizeof *o);
	o->fmt = a->fmt;
	o->path = a->output;
	o->out = ctx->out;
	/* CSV for Excel: asked for, or the office's setting */
	lb_buf_init(&v);
	o->excel = a->excel ||
		   (lb_setting_get(ctx->db, "office.csv_excel", &v, &e) == LB_OK && strcmp(v.data, "yes") == 0);
	lb_buf_release(&v);
	o->force = a->force;
}

static int cmd_report_stock(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_stockrecon_filter f = { 0 };
	struct lb_rdoc_opts o;
	struct report_args a;
	int rc;

	if ((rc = report_parse(ctx, "report stock", argc, argv, 0, &a)))
		return rc;
	f.period = a.period_num;
	f.village = a.village;
	report_opts(ctx, &a, &o);
	if ((rc = lb_stockrecon_report(ctx->db, &f, a.program, &o, &ctx->err)))
		return rc;
	fprintf(ctx->out, "stock reconciliation for %s written to '%s'\n", a.period, a.output);
	return LB_OK;
}

static int cmd_reconcile(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *program = NULL, *period = NULL, *format = NULL, *output = NULL, *list = NULL;
	int sql = 0, force = 0, period_num, which = LB_RL_EXCEPTIONS, rc;
	const struct lb_opt opts[] = {
		{ "program", 0, LB_OPT_STR, &program },
		{ "period", 0, LB_OPT_STR, &period },
		{ "format", 0, LB_OPT_STR, &format },
		{ "output", 'o', LB_OPT_STR, &output },
		{ "list", 0, LB_OPT_STR, &list },
		{ "sql", 0, LB_OPT_FLAG, &sql },
		{ "force", 0, LB_OPT_FLAG, &force },
		{ 0 },
	};
	struct lb_rdoc_opts o = { 0 };
	enum lb_fmt fmt;

	if ((rc = lb_args("reconcile", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("reconcile", "--program", program, &ctx->err)) ||
	    (rc = lb_require("reconcile", "--period", period, &ctx->err)) ||
	    (rc = lb_period_parse(period, "--period", &period_num, &ctx->err)) ||
	    (rc = report_format("reconcile", format, output,
				LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON | LB_FMT_PDF | LB_FMT_XLSX, LB_FMT_TABLE, &fmt,
				&ctx->err)))
		return rc;
	if (list && strcmp(list, "exceptions") == 0)
		which = LB_RL_EXCEPTIONS;
	else if (list && strcmp(list, "all") == 0)
		which = LB_RL_ALL;
	else if (list && strcmp(list, "none") == 0)
		which = LB_RL_NONE;
	else if (list)
		return lb_fail(&ctx->err, LB_EINPUT,
			       "reconcile: --list '%s' is not offered (choose exceptions, all or none)", list);
	if (sql) {
		struct lb_round round;
		lb_buf text;

		if ((rc = lb_round_find(ctx->db, program, period_num, &round, &ctx->err)))
			return rc;
		lb_buf_init(&text);
		if (!(rc = lb_recon_sql(&round, which, &text, &ctx->err)))
			fputs(text.data, ctx->out);
		lb_buf_release(&text);
		return rc;
	}
	o.fmt = fmt;
	o.path = output;
	o.force = force;
	o.out = ctx->out;
	/* scripts read the CSV and JSON as data; PDF and XLSX are paper
	 * for people, with amounts and dates as the other reports have them */
	o.plain = fmt != LB_FMT_PDF && fmt != LB_FMT_XLSX;
	if ((rc = lb_recon_report(ctx->db, program, period_num, which, &o, &ctx->err)))
		return rc;
	if (output)
		fprintf(ctx->out, "reconciliation of %s %s written to '%s'\n", program, period, output);
	return LB_OK;
}

typedef int (*report_fn)(lb_db *db, const char *program, int period, const char *village,
			 const struct lb_rdoc_opts *ro, lb_err *e);

static int run_report(struct lb_ctx *ctx, const char *cmd, const char *what, report_fn fn, int argc,
		      char **argv)
{
	struct lb_rdoc_opts o;
	struct report_args a;
	int rc;

	if ((rc = report_parse(ctx, cmd, argc, argv, 1, &a)))
		return rc;
	report_opts(ctx, &a, &o);
	if ((rc = fn(ctx->db, a.program, a.period_num, a.village, &o, &ctx->err)))
		return rc;
	fprintf(ctx->out, "%s for %s %s written to '%s'\n", what, a.program, a.period, a.output);
	return LB_OK;
}

static int cmd_report_distribution(struct lb_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "report distribution", "realisation report", lb_realisation_report, argc, argv);
}

static int cmd_report_recipients(struct lb_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "report recipients", "recipient list", lb_recipients_report, argc, argv);
}

static int cmd_report_bast(struct lb_ctx *ctx, int argc, char **argv)
{
	return run_report(ctx, "report bast", "BAST", lb_bast_report, argc, argv);
}

/* lumbung report opname --at LOC [--date D] -o FILE.pdf [--force] */
static int cmd_report_opname(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *at = NULL, *date = NULL, *output = NULL;
	int force = 0;
	const struct lb_opt opts[] = {
		{ "at", 0, LB_OPT_STR, &at },
		{ "date", 0, LB_OPT_STR, &date },
		{ "output", 'o', LB_OPT_STR, &output },
		{ "force", 0, LB_OPT_FLAG, &force },
		{ 0 },
	};
	lb_day day = 0;
	long rows;
	int rc;

	if ((rc = lb_args("report opname", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("report opname", "--at", at, &ctx->err)) ||
	    (rc = lb_require("report opname", "-o", output, &ctx->err)) ||
	    (date && (rc = lb_date_parse(date, "--date", &day, &ctx->err))) ||
	    (rc = lb_print_check_output(output, force, &ctx->err)) ||
	    (rc = lb_opname_report(ctx->db, at, day, output, force, &rows, &ctx->err)))
		return rc;
	fprintf(ctx->out, "berita acara stock opname of %s (%ld item%s) written to '%s'\n", at, rows,
		rows == 1 ? "" : "s", output);
	return LB_OK;
}

/* ---- finance figures ---- */

static int cmd_finance_pagu(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *program = NULL, *from = NULL, *amount = NULL, *ref = NULL;
	const struct lb_opt opts[] = {
		{ "program", 0, LB_OPT_STR, &program },
		{ "from", 0, LB_OPT_STR, &from },
		{ "amount", 0, LB_OPT_STR, &amount },
		{ "ref", 0, LB_OPT_STR, &ref },
		{ 0 },
	};
	char text[32];
	int64_t pagu;
	int period, rc;

	if ((rc = lb_args("finance pagu", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("finance pagu", "--program", program, &ctx->err)) ||
	    (rc = lb_require("finance pagu", "--from", from, &ctx->err)) ||
	    (rc = lb_require("finance pagu", "--amount", amount, &ctx->err)) ||
	    (rc = lb_period_parse(from, "--from", &period, &ctx->err)) ||
	    (rc = lb_money_parse(amount, "--amount", &pagu, &ctx->err)) ||
	    (rc = lb_pagu_set(ctx->db, program, period, pagu, ref, ctx->operator, &ctx->err)))
		return rc;
	lb_money_format(pagu, text, sizeof text);
	fprintf(ctx->out, "pagu of %s from %s: %s\n", program, from, text);
	return LB_OK;
}

static int cmd_finance_price(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *item = NULL, *from = NULL, *price = NULL, *source = NULL;
	const struct lb_opt opts[] = {
		{ "item", 0, LB_OPT_STR, &item },
		{ "from", 0, LB_OPT_STR, &from },
		{ "price", 0, LB_OPT_STR, &price },
		{ "source", 0, LB_OPT_STR, &source },
		{ 0 },
	};
	char text[32];
	int64_t p;
	int period, rc;

	if ((rc = lb_args("finance price", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("finance price", "--item", item, &ctx->err)) ||
	    (rc = lb_require("finance price", "--from", from, &ctx->err)) ||
	    (rc = lb_require("finance price", "--price", price, &ctx->err)) ||
	    (rc = lb_period_parse(from, "--from", &period, &ctx->err)) ||
	    (rc = lb_money_parse(price, "--price", &p, &ctx->err)) ||
	    (rc = lb_refprice_set(ctx->db, item, period, p, source, ctx->operator, &ctx->err)))
		return rc;
	lb_money_format(p, text, sizeof text);
	fprintf(ctx->out, "reference price of %s from %s: %s per base unit\n", item, from, text);
	return LB_OK;
}

static int cmd_finance_replacement(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *doc = NULL, *date = NULL;
	struct lb_strv pos = { 0 };
	const struct lb_opt opts[] = {
		{ "doc", 0, LB_OPT_STR, &doc },
		{ "date", 0, LB_OPT_STR, &date },
		{ 0 },
	};
	char today[11];
	int rc;

	if ((rc = lb_args("finance replacement", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("finance replacement", "--doc", doc, &ctx->err)))
		goto done;
	if (!date) {
		lb_date_format(lb_today(), today);
		date = today;
	}
	if ((rc = lb_replacement_doc_set(ctx->db, pos.v[0], doc, date, ctx->operator, &ctx->err)))
		goto done;
	fprintf(ctx->out, "replacement statement '%s' of %s recorded\n", doc, date);
done:
	lb_strv_free(&pos);
	return rc;
}

static int finance_row(void *arg, const struct lb_finance_row *r, lb_err *e)
{
	char amount[32];
	const char *cells[6];

	lb_money_format(r->amount, amount, sizeof amount);
	cells[0] = r->what;
	cells[1] = r->subject;
	cells[2] = r->from_period;
	cells[3] = amount;
	cells[4] = r->ref;
	cells[5] = r->operator;
	return lb_out_row(arg, cells, e);
}

static int cmd_finance_list(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = {
		{ "what", 0 }, { "program/item", 0 }, { "from", 0 }, { "amount", 1 }, { "ref", 0 },
		{ "operator", 0 },
	};
	const char *format = NULL;
	const struct lb_opt opts[] = { { "format", 0, LB_OPT_STR, &format }, { 0 } };
	enum lb_fmt fmt;
	lb_out *o;
	int rc;

	if ((rc = lb_args("finance list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt,
			       &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, fmt, cols, 6, &o, &ctx->err)))
		return rc;
	rc = lb_finance_each(ctx->db, finance_row, o, &ctx->err);
	if (lb_out_close(o, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	return rc;
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
	{ "report", "distribution", cmd_report_distribution, LB_CMD_DB,
	  "usage: lumbung report distribution --program P --period YYYY-MM [--village CODE]\n"
	  "                                   --format pdf|csv|xlsx -o FILE\n"
	  "\n"
	  "The monthly realisation report: the pagu, spent before this round, in it,\n"
	  "to date, what remains and the percentage; the physical target against\n"
	  "the packages handed over; the figures by district; and the exceptions:\n"
	  "packages not collected and the point holding them, recipients who\n"
	  "replaced another with their statement's number, lots issued above the\n"
	  "contracted or reference price. See 'lumbung finance'.\n"
	  "\n" REPORT_OPTS,
	  "the monthly realisation report for finance" },
	{ "report", "stock", cmd_report_stock, LB_CMD_DB,
	  "usage: lumbung report stock --period YYYY-MM [--program P] [--village CODE]\n"
	  "                            --format pdf|csv|xlsx -o FILE\n"
	  "\n"
	  "Stock reconciliation for the month, per location and item: opening +\n"
	  "received + moved in - moved out - issued - adjusted = closing, checked\n"
	  "against the journal (and, while the month is current and open, against\n"
	  "the balances), beside the last stock count and its variance. --village\n"
	  "keeps the locations in that village.\n"
	  "\n" REPORT_OPTS,
	  "stock reconciliation for a month" },
	{ "report", "recipients", cmd_report_recipients, LB_CMD_DB,
	  "usage: lumbung report recipients --program P --period YYYY-MM [--village CODE]\n"
	  "                                 --format pdf|csv|xlsx -o FILE\n"
	  "\n"
	  "Every recipient of the round by village and name (NIK masked), with the\n"
	  "slip, whether and when the package was handed over, to whom, and its value.\n"
	  "\n" REPORT_OPTS,
	  "recipients of a round and what they received" },
	{ "report", "bast", cmd_report_bast, LB_CMD_DB,
	  "usage: lumbung report bast --program P --period YYYY-MM [--village CODE]\n"
	  "                           --format pdf|csv|xlsx -o FILE\n"
	  "\n"
	  "Berita Acara Serah Terima per village: the recipients who received, what\n"
	  "and its value, the total in figures and words, and the signature blocks.\n"
	  "Without --village, one for each village where packages were handed over.\n"
	  "\n" REPORT_OPTS,
	  "handover statement (BAST) per village" },
	{ "report", "opname", cmd_report_opname, LB_CMD_DB,
	  "usage: lumbung report opname --at LOC [--date YYYY-MM-DD] -o FILE.pdf [--force]\n"
	  "\n"
	  "Berita Acara Stock Opname: the stock count at LOC on the day (default:\n"
	  "the last day it was counted), every item counted with the book quantity,\n"
	  "what was counted, the difference and why (stock count --reason), on the\n"
	  "office's paper with its number and signatories (office.stock.signers).\n"
	  "An existing FILE.pdf is refused unless --force.\n",
	  "berita acara stock opname of a count" },
	{ "finance", "pagu", cmd_finance_pagu, LB_CMD_DB,
	  "usage: lumbung finance pagu --program P --from YYYY-MM --amount RUPIAH [--ref DOC]\n"
	  "\n"
	  "Record a program's budget ceiling (pagu) for the year, in force from a\n"
	  "month on: the APBD figure from January, a revision (APBD-P) from a later\n"
	  "month. --ref names the budget document (DPA). Nothing is changed, and no\n"
	  "figure may start in a closed month, so closed months' reports stay as they\n"
	  "were. Without one the realisation report derives the pagu (quota x\n"
	  "monthly value x months) and says so.\n",
	  "record a program's budget ceiling (pagu)" },
	{ "finance", "price", cmd_finance_price, LB_CMD_DB,
	  "usage: lumbung finance price --item ITEM --from YYYY-MM --price RUPIAH [--source TEXT]\n"
	  "\n"
	  "Record an item's reference price per base unit (HPS, a regent's decree)\n"
	  "from a month on. The realisation report lists lots issued above it, as it\n"
	  "does those above the package's contracted price.\n",
	  "record an item's reference price" },
	{ "finance", "replacement", cmd_finance_replacement, LB_CMD_DB,
	  "usage: lumbung finance replacement NIK --doc NUMBER [--date YYYY-MM-DD]\n"
	  "\n"
	  "Record the number and date (default today) of the statement by which the\n"
	  "recipient with this NIK replaced another (see recipient replace); the\n"
	  "realisation report prints it beside the replacement.\n",
	  "record a replacement statement's number" },
	{ "finance", "list", cmd_finance_list, LB_CMD_DB,
	  "usage: lumbung finance list [--format table|csv|json]\n"
	  "\n"
	  "Every pagu and reference price recorded, with who recorded it.\n",
	  "list pagu and reference prices" },
	{ "reconcile", NULL, cmd_reconcile, LB_CMD_DB,
	  "usage: lumbung reconcile --program P --period YYYY-MM [--format table|csv|json]\n"
	  "                         [-o FILE] [--list exceptions|all|none] [--sql]\n"
	  "\n"
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
	  "reconcile a round: redemptions against allocations, value against budget" },
	{ 0 },
};
