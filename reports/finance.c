/*
 * finance.c — finance's figures as typed. See finance.h.
 */
#include "reports/finance.h"

#include "core/date.h"
#include "core/money.h"
#include "reports/realisation.h"

int lb_finance_pagu(struct lb_op *op, const struct lb_pagu_in *in, struct lb_amount_out *out, lb_err *e)
{
	int period, rc;

	out->amount = 0;
	if ((rc = lb_period_parse(in->from, "--from", &period, e)) ||
	    (rc = lb_money_parse(in->amount, "--amount", &out->amount, e)))
		return rc;
	return lb_pagu_set(op->db, in->program, period, out->amount, in->ref, op->actor, e);
}

int lb_finance_price(struct lb_op *op, const struct lb_refprice_in *in, struct lb_amount_out *out, lb_err *e)
{
	int period, rc;

	out->amount = 0;
	if ((rc = lb_period_parse(in->from, "--from", &period, e)) ||
	    (rc = lb_money_parse(in->price, "--price", &out->amount, e)))
		return rc;
	return lb_refprice_set(op->db, in->item, period, out->amount, in->source, op->actor, e);
}

int lb_finance_replacement(struct lb_op *op, const struct lb_replacement_in *in, struct lb_replacement_out *out,
			   lb_err *e)
{
	/* a typed date goes whole to the check, never cut to fit */
	out->date[0] = '\0';
	if (!in->date)
		lb_date_format(op->today, out->date);
	out->day = in->date ? in->date : out->date;
	return lb_replacement_doc_set(op->db, in->nik, in->doc, out->day, op->actor, e);
}
