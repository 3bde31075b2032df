/*
 * stock.c — the stock operations. See stock.h.
 */
#include "stock.h"

#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/sheet.h"
#include "core/text.h"
#include "inventory/lot.h"
#include "inventory/qty.h"

/* A date as typed, or the operation's today when none was. */
static int day_or_today(const struct lb_op *op, const char *s, const char *what, lb_day *out, lb_err *e)
{
	if (!s) {
		*out = op->today;
		return LB_OK;
	}
	return lb_date_parse(s, what, out, e);
}

/* The lot of an item by code; NULL leaves *id 0 (any lot). */
static int lot_of(const struct lb_op *op, const struct lb_item *it, const char *code, int64_t *id, lb_err *e)
{
	struct lb_lot lot;
	int rc;

	*id = 0;
	if (!code)
		return LB_OK;
	if ((rc = lb_lot_find(op->db, it->id, it->code, code, &lot, e)))
		return rc;
	*id = lot.id;
	return LB_OK;
}

/* What a posting about one item typed, looked up in the order its
 * messages have always come: the item, the quantity in its units, the
 * place (and the destination of a move), the lot, the date. */
struct typed {
	const char *item, *qty, *qty_what;
	int qty_flags;
	const char *at, *to, *lot, *date;
};
struct found {
	struct lb_item *item;
	int64_t *qty;
	struct lb_location *at, *to; /* to: only when typed */
	int64_t *lot_id;
	lb_day *day;
};

static int look_up(const struct lb_op *op, const struct typed *t, const struct found *f, lb_err *e)
{
	int rc;

	if ((rc = lb_item_find(op->db, t->item, f->item, e)) ||
	    (rc = lb_qty_parse(&f->item->units, f->item->code, t->qty, t->qty_what, t->qty_flags, f->qty, e)) ||
	    (rc = lb_location_find(op->db, t->at, f->at, e)) ||
	    (t->to && (rc = lb_location_find(op->db, t->to, f->to, e))) ||
	    (rc = lot_of(op, f->item, t->lot, f->lot_id, e)))
		return rc;
	return day_or_today(op, t->date, "--date", f->day, e);
}

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
	if ((rc = day_or_today(op, in->date, "--date", &r.day, e)))
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

int lb_stock_move(struct lb_op *op, const struct lb_move_in *in, struct lb_move_out *out, lb_err *e)
{
	struct lb_move_req r = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = look_up(op,
			  &(struct typed){ in->item, in->qty, "--qty", LB_QTY_POSITIVE, in->from, in->to, in->lot,
					   in->date },
			  &(struct found){ &out->item, &r.qty, &out->from, &out->to, &r.lot_id, &r.day }, e)))
		return rc;
	r.item_id = out->item.id;
	r.from_id = out->from.id;
	r.to_id = out->to.id;
	r.ref = in->ref;
	r.note = in->note;
	r.key = in->id;
	r.operator = op->actor;
	if ((rc = lb_op_begin(op, e)))
		return rc;
	out->qty = r.qty;
	rc = lb_journal_move(op->db, &r, &out->post, e);
	lb_op_subject(op, "movement %lld: %s %s to %s", (long long)out->post.first_id, out->item.code, out->from.code,
		      out->to.code);
	return lb_op_end(op, rc, e);
}

int lb_stock_adjust(struct lb_op *op, const struct lb_adjust_in *in, struct lb_adjust_out *out,
		    lb_err *e)
{
	struct lb_adjust_req r = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_adjust_reason_check(in->reason, "--reason", e)) ||
	    (rc = look_up(op,
			  &(struct typed){ in->item, in->qty, "--qty", LB_QTY_SIGNED, in->at, NULL, in->lot, in->date },
			  &(struct found){ &out->item, &r.qty, &out->at, NULL, &r.lot_id, &r.day }, e)))
		return rc;
	r.item_id = out->item.id;
	r.at_id = out->at.id;
	r.reason = in->reason;
	r.note = in->note;
	r.key = in->id;
	r.operator = op->actor;
	if ((rc = lb_op_begin(op, e)))
		return rc;
	out->qty = r.qty;
	rc = lb_journal_adjust(op->db, &r, &out->post, e);
	lb_op_subject(op, "movement %lld: %s at %s (%s)", (long long)out->post.first_id, out->item.code, out->at.code,
		      in->reason);
	return lb_op_end(op, rc, e);
}

int lb_stock_count(struct lb_op *op, const struct lb_count_in *in, struct lb_count_out *out, lb_err *e)
{
	struct lb_count_req r = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = look_up(op,
			  &(struct typed){ in->item, in->counted, "--counted", LB_QTY_ZERO_OK, in->at, NULL, in->lot,
					   in->date },
			  &(struct found){ &out->item, &r.counted, &out->at, NULL, &r.lot_id, &r.day }, e)) ||
	    (in->reason && (rc = lb_text_check(in->reason, "--reason", 200, 0, e))))
		return rc;
	r.item_id = out->item.id;
	r.at_id = out->at.id;
	r.operator = op->actor;
	r.reason = in->reason;
	if ((rc = lb_op_begin(op, e)))
		return rc;
	out->counted = r.counted;
	rc = lb_count_post(op->db, &r, &out->res, e);
	lb_op_subject(op, "count %lld: %s at %s", (long long)out->res.count_id, out->item.code, out->at.code);
	return lb_op_end(op, rc, e);
}

int lb_stock_count_sheet(struct lb_op *op, const struct lb_count_sheet_in *in, struct lb_count_sheet_out *out,
			 lb_err *e)
{
	struct lb_count_req *reqs;
	struct lb_count_result res;
	struct lb_item it;
	lb_day day;
	size_t k = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_location_find(op->db, in->at, &out->at, e)) ||
	    (rc = day_or_today(op, in->date, "--date", &day, e)))
		return rc;
	if (!(reqs = calloc(in->n ? in->n : 1, sizeof *reqs)))
		return lb_oom(e);
	/* Every line is checked before anything is posted. */
	for (size_t i = 0; i < in->n; i++) {
		const struct lb_count_line *l = &in->lines[i];
		if (!l->counted || !*l->counted)
			continue;
		if ((rc = lb_item_find(op->db, l->item, &it, e)) ||
		    (rc = lb_qty_parse(&it.units, it.code, l->counted, "counted", LB_QTY_ZERO_OK, &reqs[k].counted, e)) ||
		    (l->reason && *l->reason && (rc = lb_text_check(l->reason, "reason", 200, 0, e)))) {
			lb_err_prefix(e, "line %zu (%s)", i + 1, l->item ? l->item : "");
			free(reqs);
			return rc;
		}
		reqs[k].item_id = it.id;
		reqs[k].at_id = out->at.id;
		reqs[k].day = day;
		reqs[k].operator = op->actor;
		reqs[k].reason = l->reason && *l->reason ? l->reason : NULL;
		k++;
	}
	if (!k) {
		free(reqs);
		return lb_fail(e, LB_EINPUT, "nothing counted: fill in at least one item's count");
	}
	lb_op_subject(op, "%zu items at %s", k, out->at.code);
	if ((rc = lb_op_begin(op, e))) {
		free(reqs);
		return rc;
	}
	for (size_t i = 0; i < k && !rc; i++) {
		rc = lb_count_post(op->db, &reqs[i], &res, e);
		if (!rc && res.variance)
			out->differ++;
	}
	out->counted = rc ? 0 : k;
	free(reqs);
	return lb_op_end(op, rc, e);
}

int lb_stock_reverse(struct lb_op *op, const struct lb_reverse_in *in, struct lb_reverse_out *out,
		     lb_err *e)
{
	struct lb_reverse_req r = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_int_parse(in->movement, "MOVEMENT_ID", 1, INT64_MAX, &r.movement_id, e)) ||
	    (rc = day_or_today(op, in->date, "--date", &r.day, e)))
		return rc;
	r.reason = in->reason;
	r.key = in->id;
	r.operator = op->actor;
	out->movement_id = r.movement_id;
	if ((rc = lb_op_begin(op, e)))
		return rc;
	rc = lb_journal_reverse(op->db, &r, &out->post, e);
	lb_op_subject(op, "movement %lld reversed by %lld", (long long)r.movement_id, (long long)out->post.first_id);
	return lb_op_end(op, rc, e);
}

int lb_stock_import(struct lb_op *op, const struct lb_stock_import_in *in, struct lb_import_result *out,
		    lb_err *e)
{
	struct lb_stock_import_opts o = { in->skip_invalid, in->rejects };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_sheet_delimiter_option(in->delimiter, e)) || (rc = lb_op_begin(op, e)))
		return rc;
	rc = lb_import_stock(op->db, in->file, op->today, op->actor, &o, in->sink, out, e);
	/* A dry run has checked every row against the real stock inside
	 * the transaction; now it leaves no trace. */
	if (in->dry_run && rc == LB_OK) {
		lb_db_rollback(op->db);
		return LB_OK;
	}
	return lb_op_end(op, rc, e);
}

int lb_stock_balance_filter(struct lb_op *op, const struct lb_balance_in *in,
			    struct lb_balance_filter *f, lb_err *e)
{
	struct lb_item it;
	struct lb_location loc;
	int rc;

	memset(f, 0, sizeof *f);
	if (in->lot && !in->item)
		return lb_fail(e, LB_EINPUT, "stock balance: --lot needs --item (lot codes belong to an item)");
	if (in->at) {
		if ((rc = lb_location_find(op->db, in->at, &loc, e)))
			return rc;
		f->location_id = loc.id;
	}
	if (in->item) {
		if ((rc = lb_item_find(op->db, in->item, &it, e)) || (rc = lot_of(op, &it, in->lot, &f->lot_id, e)))
			return rc;
		f->item_id = it.id;
	}
	if (in->as_of) {
		if ((rc = lb_date_parse(in->as_of, "--as-of", &f->as_of, e)))
			return rc;
		f->has_as_of = 1;
	}
	return LB_OK;
}

int lb_stock_ledger_filter(struct lb_op *op, const struct lb_ledger_in *in, struct lb_ledger_filter *f,
			   lb_err *e)
{
	struct lb_item it;
	struct lb_location loc;
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = lb_item_find(op->db, in->item, &it, e)) || (rc = lot_of(op, &it, in->lot, &f->lot_id, e)))
		return rc;
	f->item_id = it.id;
	if (in->at) {
		if ((rc = lb_location_find(op->db, in->at, &loc, e)))
			return rc;
		f->location_id = loc.id;
	}
	return LB_OK;
}

int lb_stock_expiring_filter(struct lb_op *op, const struct lb_expiring_in *in,
			     struct lb_expiring_filter *f, lb_err *e)
{
	struct lb_location loc;
	int64_t days = 30;
	int rc;

	memset(f, 0, sizeof *f);
	if (in->within && (rc = lb_int_parse(in->within, "--within", 0, 36500, &days, e)))
		return rc;
	if (in->at) {
		if ((rc = lb_location_find(op->db, in->at, &loc, e)))
			return rc;
		f->location_id = loc.id;
	}
	f->today = op->today;
	f->within = (int)days;
	return LB_OK;
}
