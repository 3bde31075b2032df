/*
 * slips.c — the slip operations. See slips.h.
 */
#include "voucher/slips.h"

#include <stdio.h>
#include <string.h>

#include "core/cli.h"
#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "voucher/handover.h"
#include "voucher/signing.h"

int lb_slips_print(struct lb_op *op, const struct lb_slips_print_in *in, struct lb_slips_print_out *out,
		   lb_err *e)
{
	struct lb_print_opts po;
	struct lb_signing_key k;
	int64_t n;
	int rc;

	memset(&po, 0, sizeof po);
	memset(out, 0, sizeof *out);
	if (in->village && in->district)
		return lb_fail(e, LB_EINPUT, "voucher print: give --village or --district, not both");
	po.program = in->program;
	po.village = in->village;
	po.district = in->district;
	po.serial = in->serial;
	po.logo = in->logo;
	po.output = in->output;
	po.force = in->force;
	po.per_page = 8;
	po.max_slips = LB_PRINT_MAX_SLIPS;
	po.threads = 0;
	if ((rc = lb_period_parse(in->period, "--period", &po.period, e)))
		return rc;
	if (in->per_page) {
		if ((rc = lb_int_parse(in->per_page, "--per-page", 1, 8, &n, e)))
			return rc;
		if (n != 1 && n != 2 && n != 4 && n != 8)
			return lb_fail(e, LB_EINPUT, "--per-page must be 1, 2, 4 or 8, not %lld", (long long)n);
		po.per_page = (int)n;
	}
	if (in->max_slips) {
		if ((rc = lb_int_parse(in->max_slips, "--max-slips", 1, 1000000, &n, e)))
			return rc;
		po.max_slips = (long)n;
	}
	if (in->threads) {
		if ((rc = lb_int_parse(in->threads, "--threads", 1, 16, &n, e)))
			return rc;
		po.threads = (int)n;
	}
	out->per_page = po.per_page;
	if ((rc = lb_key_open_signing(op, in->key, &k, e)))
		return rc;
	rc = lb_print_run(op->db, &k, &po, &out->res, e);
	lb_key_wipe(&k);
	return rc;
}

/* The second form: a round's open slips of a revoked (or retired) key,
 * under the current key. */
static int reissue_round(struct lb_op *op, const struct lb_slips_reissue_in *in, struct lb_slips_reissue_out *out,
			 lb_err *e)
{
	struct lb_voucher_program p;
	const char *reason = in->reason;
	char why[96];
	int per, rc;

	if ((rc = lb_require("voucher reissue", "--program", in->program, e)) ||
	    (rc = lb_require("voucher reissue", "--period", in->period, e)) ||
	    (rc = lb_period_parse(in->period, "--period", &per, e)) ||
	    (rc = lb_voucher_program(op->db, in->program, &p, e)))
		return rc;
	snprintf(out->program, sizeof out->program, "%s", p.code);
	if (!reason) {
		snprintf(why, sizeof why, "key %.8s revoked", in->key);
		reason = why;
	}
	return lb_voucher_reissue_key(op->db, in->key, p.id, per, reason, op->actor, op->today, &out->n, e);
}

int lb_slips_reissue(struct lb_op *op, const struct lb_slips_reissue_in *in, struct lb_slips_reissue_out *out,
		     lb_err *e)
{
	struct lb_signing_key k;
	int rc, have_key = 0;

	memset(out, 0, sizeof *out);
	memset(&k, 0, sizeof k);
	if (!in->serial) {
		if (in->output || in->logo)
			return lb_fail(e, LB_EINPUT,
				       "voucher reissue: -o and --logo go with a SERIAL; print a round with 'voucher print'");
		if ((rc = lb_require("voucher reissue", "--key", in->key, e)))
			return rc;
		return reissue_round(op, in, out, e);
	}
	if (in->program || in->period)
		return lb_fail(e, LB_EINPUT,
			       "voucher reissue: --program and --period go with --key KEYID, not with a SERIAL");
	if ((rc = lb_require("voucher reissue", "--reason", in->reason, e)))
		return rc;
	if (in->output) {
		/* Everything that can refuse is checked before anything is
		 * written: the key, the logo and the output's folder. */
		if ((rc = lb_key_open_signing(op, in->key, &k, e)))
			return rc;
		have_key = 1;
		if ((rc = lb_print_check_output(in->output, in->force, e)) || (rc = lb_print_check_logo(in->logo, e)))
			goto done;
	}
	if ((rc = lb_voucher_reissue(op->db, in->serial, in->reason, op->actor, op->today, &out->v, e)))
		goto done;
	out->reissued = 1;
	if (in->output && !(rc = lb_print_one(op->db, &k, &out->v, in->logo, in->output, in->force, e)))
		out->printed = 1;
done:
	if (have_key)
		lb_key_wipe(&k);
	return rc;
}

int lb_slips_revoke(struct lb_op *op, const struct lb_slips_revoke_in *in, struct lb_slips_revoke_out *out,
		    lb_err *e)
{
	return lb_voucher_revoke(op->db, in->serial, in->reason, op->actor, &out->v, e);
}

int lb_slips_show(struct lb_op *op, const struct lb_slips_show_in *in, struct lb_slips_show_out *out, lb_err *e)
{
	int rc;

	if ((rc = lb_voucher_verify(op->db, in->text, strlen(in->text), op->today, &out->c, e)))
		return rc;
	if (out->c.verdict == LB_VERDICT_UNREADABLE)
		return lb_fail(e, LB_EINPUT, "%s", out->c.why);
	return LB_OK;
}

int lb_slips_list(struct lb_op *op, const struct lb_slips_list_in *in, struct lb_slips_list_out *out, lb_err *e)
{
	struct lb_handover_opts ho;
	enum lb_fmt f;
	int rc;

	memset(&ho, 0, sizeof ho);
	out->rows = 0;
	if ((rc = lb_fmt_parse(in->format, LB_FMT_PDF | LB_FMT_CSV, LB_FMT_PDF, &f, e)) ||
	    (rc = lb_period_parse(in->period, "--period", &ho.period, e)))
		return rc;
	ho.program = in->program;
	ho.village = in->village;
	ho.district = in->district;
	ho.point = in->point;
	ho.output = in->output;
	ho.force = in->force;
	ho.csv = f == LB_FMT_CSV;
	return lb_handover_write(op->db, &ho, &out->rows, e);
}
