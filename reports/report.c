/*
 * report.c — the report operations. See report.h.
 */
#include "reports/report.h"

#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/output.h"
#include "core/settings.h"
#include "reports/bast.h"
#include "reports/opname.h"
#include "reports/realisation.h"
#include "reports/reconcile.h"
#include "reports/stockrecon.h"
#include "voucher/print.h"

/* format, or the output file's extension when it names a format. */
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

/* The month and the writer's options of a `report KIND`. */
static int report_prepare(struct lb_op *op, const char *cmd, const struct lb_report_in *in, int *period,
			  struct lb_rdoc_opts *o, lb_err *e)
{
	enum lb_fmt fmt;
	lb_buf v;
	lb_err ignored;
	int rc;

	memset(o, 0, sizeof *o);
	if ((rc = lb_period_parse(in->period, "--period", period, e)) ||
	    (rc = report_format(cmd, in->format, in->output, LB_FMT_PDF | LB_FMT_CSV | LB_FMT_XLSX, 0, &fmt, e)))
		return rc;
	o->fmt = fmt;
	o->path = in->output;
	/* CSV for Excel: asked for, or the office's setting */
	lb_buf_init(&v);
	o->excel = in->excel || (lb_setting_get(op->db, "office.csv_excel", &v, &ignored) == LB_OK &&
				 strcmp(v.data, "yes") == 0);
	lb_buf_release(&v);
	o->force = in->force;
	return LB_OK;
}

typedef int (*round_report_fn)(lb_db *db, const char *program, int period, const char *village,
			       const struct lb_rdoc_opts *ro, lb_err *e);

static int round_report(struct lb_op *op, const char *cmd, const struct lb_report_in *in, round_report_fn fn,
			lb_err *e)
{
	struct lb_rdoc_opts o;
	int period, rc;

	if ((rc = report_prepare(op, cmd, in, &period, &o, e)))
		return rc;
	return fn(op->db, in->program, period, in->village, &o, e);
}

int lb_report_distribution(struct lb_op *op, const struct lb_report_in *in, lb_err *e)
{
	return round_report(op, "report distribution", in, lb_realisation_report, e);
}

int lb_report_recipients(struct lb_op *op, const struct lb_report_in *in, lb_err *e)
{
	return round_report(op, "report recipients", in, lb_recipients_report, e);
}

int lb_report_bast(struct lb_op *op, const struct lb_report_in *in, lb_err *e)
{
	return round_report(op, "report bast", in, lb_bast_report, e);
}

int lb_report_stock(struct lb_op *op, const struct lb_report_in *in, lb_err *e)
{
	struct lb_stockrecon_filter f = { 0 };
	struct lb_rdoc_opts o;
	int rc;

	if ((rc = report_prepare(op, "report stock", in, &f.period, &o, e)))
		return rc;
	f.village = in->village;
	return lb_stockrecon_report(op->db, &f, in->program, &o, e);
}

int lb_report_opname(struct lb_op *op, const struct lb_opname_in *in, struct lb_opname_out *out, lb_err *e)
{
	lb_day day = 0;
	int rc;

	out->rows = 0;
	if ((in->date && (rc = lb_date_parse(in->date, "--date", &day, e))) ||
	    (rc = lb_print_check_output(in->output, in->force, e)))
		return rc;
	return lb_opname_report(op->db, in->at, day, in->output, in->force, &out->rows, e);
}

int lb_report_reconcile(struct lb_op *op, const struct lb_reconcile_in *in, struct lb_reconcile_out *out,
			lb_err *e)
{
	struct lb_rdoc_opts o = { 0 };
	int period, which = LB_RL_EXCEPTIONS, rc;
	enum lb_fmt fmt;

	if ((rc = lb_period_parse(in->period, "--period", &period, e)) ||
	    (rc = report_format("reconcile", in->format, in->output,
				LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON | LB_FMT_PDF | LB_FMT_XLSX, LB_FMT_TABLE,
				&fmt, e)))
		return rc;
	if (in->list && strcmp(in->list, "exceptions") == 0)
		which = LB_RL_EXCEPTIONS;
	else if (in->list && strcmp(in->list, "all") == 0)
		which = LB_RL_ALL;
	else if (in->list && strcmp(in->list, "none") == 0)
		which = LB_RL_NONE;
	else if (in->list)
		return lb_fail(e, LB_EINPUT,
			       "reconcile: --list '%s' is not offered (choose exceptions, all or none)", in->list);
	if (in->sql) {
		struct lb_round round;

		if ((rc = lb_round_find(op->db, in->program, period, &round, e)))
			return rc;
		return lb_recon_sql(&round, which, &out->sql, e);
	}
	o.fmt = fmt;
	o.path = in->output;
	o.force = in->force;
	o.out = in->stream;
	/* scripts read the CSV and JSON as data; PDF and XLSX are paper
	 * for people, with amounts and dates as the other reports have them */
	o.plain = fmt != LB_FMT_PDF && fmt != LB_FMT_XLSX;
	return lb_recon_report(op->db, in->program, period, which, &o, e);
}
