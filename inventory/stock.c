/*
 * stock.c — the stock operations. See stock.h.
 */
#include "stock.h"

#include <string.h>

#include "core/money.h"
#include "inventory/qty.h"

/* The messages name the fields as the command line spells them: the
 * web page shows them under "Rincian teknis" beside its own words. */
int lb_stock_receive(struct lb_op *op, const struct lb_receive_in *in, struct lb_receive_out *out,
		     lb_err *e)
{
	struct lb_receive_req r = { 0 };
	struct lb_location sup;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_item_find(op->db, in->item, &out->item, e)) ||
	    (rc = lb_qty_parse(&out->item.units, out->item.code, in->qty, "--qty", LB_QTY_POSITIVE, &r.qty,
			       e)) ||
	    (rc = lb_money_parse(in->unit_cost, "--unit-cost", &r.unit_cost, e)) ||
	    (rc = lb_location_find(op->db, in->to, &out->to, e)))
		return rc;
	r.day = op->today;
	if (in->date && (rc = lb_date_parse(in->date, "--date", &r.day, e)))
		return rc;
	if (in->expiry) {
		if ((rc = lb_date_parse(in->expiry, "--expiry", &r.expiry, e)))
			return rc;
		r.has_expiry = 1;
	}
	if (in->from) {
		if ((rc = lb_location_find(op->db, in->from, &sup, e)))
			return rc;
		r.supplier_id = sup.id;
	}
	r.item_id = out->item.id;
	r.to_id = out->to.id;
	r.lot = in->lot;
	r.ref = in->ref;
	r.note = in->note;
	r.key = in->id;
	r.operator = op->actor;
	lb_op_subject(op, "%s lot %s to %s", out->item.code, in->lot, out->to.code);
	if ((rc = lb_op_begin(op, e)))
		return rc;
	rc = lb_op_end(op, lb_journal_receive(op->db, &r, &out->post, e), e);
	out->qty = r.qty;
	return rc;
}
