/*
 * pages_stock.c — stock: balances per location, item and lot (as
 * `lumbung stock balance`), an item's ledger with its running balance
 * (`stock ledger`) and the lots that expire soon (`stock expiring`);
 * and the warehouse's own forms, drawn from the commands' declarations
 * (web/form.h) and posted to the same operations: receiving goods.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "inventory/item.h"
#include "inventory/location.h"
#include "inventory/query.h"
#include "inventory/stock.h"
#include "web/form.h"
#include "web/session.h"
#include "web/html.h"
#include "web/pages.h"

struct stock {
	struct lb_req *q;
	struct lb_resp *r;
	lb_out *o;
	const char *chosen;
};

static void qty_unit(int64_t v, const char *unit, char out[64])
{
	char n[32];
	lb_int_format_id(v, n, sizeof n);
	snprintf(out, 64, "%s %s", n, unit);
}

static void day_id(const char *iso, char out[32])
{
	lb_day d;
	if (iso && *iso && lb_date_parse(iso, "day", &d, NULL) == LB_OK)
		lb_date_format_id(d, out);
	else
		snprintf(out, 32, "%s", iso ? iso : "");
}

static int loc_option(void *arg, const struct lb_location *l, lb_err *e)
{
	struct stock *s = arg;
	int rc;
	if (!lb_loc_internal(l->kind))
		return 0;
	if ((rc = lb_html_raw(s->r, "<option value=\"", e)) || (rc = lb_html_text(s->r, l->code, e)) ||
	    (rc = lb_html_raw(s->r, s->chosen && strcmp(s->chosen, l->code) == 0 ? "\" selected>" : "\">", e)) ||
	    (rc = lb_html_textf(s->r, e, "%s — %s", l->code, l->name)) || (rc = lb_html_raw(s->r, "</option>", e)))
		return rc;
	return 0;
}

/* The filter form: a location to narrow to, or all. */
static int loc_filter(struct stock *s, const char *action, const char *chosen, const char *extra_name,
		      const char *extra_value)
{
	lb_err *e = &s->q->err;
	int rc;

	s->chosen = chosen;
	if ((rc = lb_html_raw(s->r, "<form class=\"cari\" method=\"get\" action=\"", e)) ||
	    (rc = lb_html_text(s->r, action, e)) || (rc = lb_html_raw(s->r, "\">", e)))
		return rc;
	if (extra_name && ((rc = lb_html_raw(s->r, "<input type=\"hidden\" name=\"", e)) ||
			   (rc = lb_html_text(s->r, extra_name, e)) || (rc = lb_html_raw(s->r, "\" value=\"", e)) ||
			   (rc = lb_html_text(s->r, extra_value, e)) || (rc = lb_html_raw(s->r, "\">", e))))
		return rc;
	if ((rc = lb_html_raw(s->r, "<label>Lokasi<select name=\"lokasi\" data-kirim=\"1\"><option value=\"\">Semua lokasi</option>", e)) ||
	    (rc = lb_location_each(s->q->db, 0, loc_option, s, e)) ||
	    (rc = lb_html_raw(s->r, "</select></label><button type=\"submit\">Tampilkan</button></form>", e)))
		return rc;
	return LB_OK;
}

static int balance_row(void *arg, const struct lb_balance_row *b, lb_err *e)
{
	struct stock *s = arg;
	char qty[64], exp[32], href[160];
	const char *vals[5], *hrefs[5] = { NULL, NULL, NULL, NULL, NULL };

	qty_unit(b->qty, b->unit, qty);
	day_id(b->expiry, exp);
	vals[0] = b->location;
	vals[1] = b->item;
	vals[2] = b->lot;
	vals[3] = exp;
	vals[4] = qty;
	/* item codes are [A-Z0-9-] (inventory/item.c): safe in a query */
	snprintf(href, sizeof href, "/stok/buku?barang=%s&lokasi=%s", b->item, b->location);
	hrefs[1] = href;
	return lb_out_row_links(s->o, vals, hrefs, e);
}

int lb_pg_stock(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Lokasi", 0 }, { "Barang", 0 }, { "Lot", 0 }, { "Kedaluwarsa", 0 }, { "Saldo", 1 },
	};
	struct stock s = { q, r, NULL, NULL };
	struct lb_balance_filter f = { 0 };
	const char *loc = lb_form_get(&q->query, "lokasi");
	lb_err *e = &q->err;
	int rc;

	if (loc && *loc) {
		struct lb_location l;
		if ((rc = lb_location_find(q->db, loc, &l, e)))
			return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, "Lokasi itu tidak ada.");
		f.location_id = l.id;
	}
	if ((rc = lb_html_begin(q, r, "Stok")) ||
	    (rc = lb_html_raw(r, "<p><a href=\"/stok/kedaluwarsa\">Lot yang segera kedaluwarsa</a></p>", e)) ||
	    (rc = loc_filter(&s, "/stok", loc, NULL, NULL)) ||
	    (rc = lb_html_raw(r, "<h2>Saldo per lokasi, barang dan lot</h2>", e)) ||
	    (rc = lb_out_open_html(&r->body, cols, 5, &s.o, e)))
		return rc;
	if ((rc = lb_balance_each(q->db, &f, balance_row, &s, e))) {
		lb_out_close(s.o, NULL);
		return rc;
	}
	if ((rc = lb_out_close(s.o, e)))
		return rc;
	return lb_html_end(q, r);
}

static int ledger_row(void *arg, const struct lb_mv_row *m, lb_err *e)
{
	struct stock *s = arg;
	char day[32], delta[32], run[32];
	const char *vals[8];

	day_id(m->day, day);
	lb_int_format_id(m->delta, delta, sizeof delta);
	if (m->delta > 0)
		memmove(delta + 1, delta, strlen(delta) + 1), delta[0] = '+';
	lb_int_format_id(m->running, run, sizeof run);
	vals[0] = day;
	vals[1] = m->kind;
	vals[2] = m->lot;
	vals[3] = m->from;
	vals[4] = m->to;
	vals[5] = delta;
	vals[6] = run;
	vals[7] = m->note && *m->note ? m->note : m->reason;
	return lb_out_row(s->o, vals, e);
}

int lb_pg_stock_ledger(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Tanggal", 0 }, { "Jenis", 0 }, { "Lot", 0 }, { "Dari", 0 }, { "Ke", 0 },
		{ "Perubahan", 1 }, { "Saldo berjalan", 1 }, { "Catatan", 0 },
	};
	struct stock s = { q, r, NULL, NULL };
	struct lb_ledger_filter f = { 0 };
	struct lb_item it;
	const char *code = lb_form_get(&q->query, "barang");
	const char *loc = lb_form_get(&q->query, "lokasi");
	lb_err *e = &q->err;
	int rc;

	if (!code || !*code)
		return lb_web_why(q, lb_fail(e, LB_EINPUT, "choose an item (barang)"), LB_WE_INPUT,
				  "Barang belum dipilih: pilih barang dari daftar stok.");
	if ((rc = lb_item_find(q->db, code, &it, e)))
		return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, "Barang itu tidak ada di daftar barang.");
	f.item_id = it.id;
	if (loc && *loc) {
		struct lb_location l;
		if ((rc = lb_location_find(q->db, loc, &l, e)))
			return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, "Lokasi itu tidak ada.");
		f.location_id = l.id;
	}
	{
		char title[200];
		snprintf(title, sizeof title, "Buku stok %s (%s)", it.code, it.units.base);
		if ((rc = lb_html_begin(q, r, title)))
			return rc;
	}
	if ((rc = lb_html_raw(r, "<p>", e)) || (rc = lb_html_text(r, it.name, e)) ||
	    (rc = lb_html_raw(r, "</p>", e)) || (rc = loc_filter(&s, "/stok/buku", loc, "barang", it.code)) ||
	    (rc = lb_out_open_html(&r->body, cols, 8, &s.o, e)))
		return rc;
	if ((rc = lb_ledger_each(q->db, &f, ledger_row, &s, e))) {
		lb_out_close(s.o, NULL);
		return rc;
	}
	if ((rc = lb_out_close(s.o, e)))
		return rc;
	return lb_html_end(q, r);
}

static int expiring_row(void *arg, const struct lb_expiring_row *x, lb_err *e)
{
	struct stock *s = arg;
	char qty[64], when[32], left[32];
	const char *vals[6];

	if (!lb_web_sees_point(s->q, x->location, 0))
		return 0; /* the Beranda of a penyalur: their points' lots only */
	qty_unit(x->qty, x->unit, qty);
	day_id(x->expiry, when);
	if (x->days_left < 0)
		snprintf(left, sizeof left, "lewat %d hari", -x->days_left);
	else
		snprintf(left, sizeof left, "%d hari lagi", x->days_left);
	vals[0] = x->location;
	vals[1] = x->item;
	vals[2] = x->lot;
	vals[3] = qty;
	vals[4] = when;
	vals[5] = left;
	return lb_out_row(s->o, vals, e);
}

int lb_pg_expiring_table(struct lb_req *q, struct lb_resp *r, int within)
{
	static const struct lb_col cols[] = {
		{ "Lokasi", 0 }, { "Barang", 0 }, { "Lot", 0 }, { "Jumlah", 1 }, { "Kedaluwarsa", 0 }, { "Sisa", 0 },
	};
	struct stock s = { q, r, NULL, NULL };
	int rc;

	if ((rc = lb_out_open_html(&r->body, cols, 6, &s.o, &q->err)))
		return rc;
	if ((rc = lb_expiring_each(q->db, lb_today(), within, 0, expiring_row, &s, &q->err))) {
		lb_out_close(s.o, NULL);
		return rc;
	}
	return lb_out_close(s.o, &q->err);
}

int lb_pg_stock_expiring(struct lb_req *q, struct lb_resp *r)
{
	const char *days = lb_form_get(&q->query, "hari");
	int64_t within = 30;
	lb_err *e = &q->err;
	int rc;

	if (days && *days && (rc = lb_int_parse(days, "hari", 0, 3650, &within, e)))
		return rc;
	if ((rc = lb_html_begin(q, r, "Lot yang segera kedaluwarsa")) ||
	    (rc = lb_html_textf(r, e, "Lot dengan stok yang kedaluwarsa dalam %lld hari (yang sudah lewat juga).",
				(long long)within)) ||
	    (rc = lb_pg_expiring_table(q, r, (int)within)))
		return rc;
	return lb_html_end(q, r);
}

/* ---- receiving goods (gudang) ---- */

struct lists {
	struct lb_req *q;
	lb_buf b;
};

static int item_choice(void *arg, const struct lb_item *it, lb_err *e)
{
	struct lists *l = arg;
	int rc;
	if ((rc = lb_buf_adds(&l->b, "<option value=\"", e)) || (rc = lb_html_add(&l->b, it->code, e)) ||
	    (rc = lb_buf_adds(&l->b, "\">", e)) || (rc = lb_html_add(&l->b, it->name, e)) ||
	    (rc = lb_buf_adds(&l->b, " (", e)) || (rc = lb_html_add(&l->b, it->units.base, e)) ||
	    (rc = lb_buf_adds(&l->b, ")</option>", e)))
		return rc;
	return LB_OK;
}

static int loc_choice(void *arg, const struct lb_location *loc, lb_err *e)
{
	struct lists *l = arg;
	int rc;
	if ((rc = lb_buf_adds(&l->b, "<option value=\"", e)) || (rc = lb_html_add(&l->b, loc->code, e)) ||
	    (rc = lb_buf_adds(&l->b, "\">", e)) || (rc = lb_html_add(&l->b, loc->name, e)) ||
	    (rc = lb_buf_adds(&l->b, "</option>", e)))
		return rc;
	return LB_OK;
}

/* The choices the receive form offers (items, locations, suppliers)
 * and a fresh posting key: the journal posts a key once, so a double
 * click or a form sent again records the receipt once. */
static int receive_extra(struct lb_req *q, lb_buf *b)
{
	struct lists l = { .q = q };
	char key[LB_TOKEN_HEX + 1]; /* 128 bits of it are plenty for a posting key */
	lb_err *e = &q->err;
	int rc;

	lb_buf_init(&l.b);
	lb_token_new(key);
	if ((rc = lb_buf_adds(&l.b, "<datalist id=\"dl-item\">", e)) ||
	    (rc = lb_item_each(q->db, item_choice, &l, e)) ||
	    (rc = lb_buf_adds(&l.b, "</datalist><datalist id=\"dl-to\">", e)) ||
	    (rc = lb_location_each(q->db, 0, loc_choice, &l, e)) ||
	    (rc = lb_buf_adds(&l.b, "</datalist><datalist id=\"dl-from\">", e)) ||
	    (rc = lb_location_each(q->db, 0, loc_choice, &l, e)) ||
	    (rc = lb_buf_adds(&l.b, "</datalist><input type=\"hidden\" name=\"id\" value=\"web-", e)) ||
	    (rc = lb_buf_add(&l.b, key, 32, e)) || (rc = lb_buf_adds(&l.b, "\">", e))) {
		lb_buf_release(&l.b);
		return rc;
	}
	*b = l.b;
	return LB_OK;
}

int lb_pg_stock_receive(struct lb_req *q, struct lb_resp *r)
{
	static const char intro[] =
		"Catat barang yang masuk dari pemasok. Jumlah boleh dalam satuan kemasan (misalnya "
		"\"3 karung\"). Tanggal kedaluwarsa kosong: tanggal terima ditambah masa simpan barang.";
	const struct lb_cmd *c = lb_web_command("/stok/terima");
	struct lb_receive_in in;
	struct lb_receive_out out;
	struct lb_op op;
	lb_buf extra;
	char q1[64], msg[512];
	int rc;

	if (!c)
		return lb_fail(&q->err, LB_ESYS, "no declared command for /stok/terima");
	if ((rc = receive_extra(q, &extra)))
		return rc;
	if (strcmp(q->method, "POST") != 0) {
		rc = lb_web_form_page(q, r, c, "Terima barang", intro, "Catat penerimaan", extra.data, 0);
		lb_buf_release(&extra);
		return rc;
	}
	memset(&in, 0, sizeof in);
	lb_web_op(q, c, &op);
	rc = lb_web_fill(q, c, &in);
	if (!rc)
		rc = lb_stock_receive(&op, &in, &out, &q->err);
	lb_op_release(&op);
	lb_params_release(c, &in);
	if (rc == LB_EINPUT || rc == LB_ERULE) {
		/* the form again, with what was typed and a fresh key */
		rc = lb_web_form_page(q, r, c, "Terima barang", intro, "Catat penerimaan", extra.data, rc);
		lb_buf_release(&extra);
		return rc;
	}
	lb_buf_release(&extra);
	if (rc)
		return rc;
	qty_unit(out.qty, out.item.units.base, q1);
	if (out.post.already)
		snprintf(msg, sizeof msg, "Penerimaan ini sudah tercatat sebelumnya (formulir terkirim dua kali); tidak ada yang diubah.");
	else
		snprintf(msg, sizeof msg, "Diterima %s %s (%s) ke %s — %s.", q1, out.item.code, out.item.name,
			 out.to.code, out.to.name);
	if ((rc = lb_html_begin(q, r, "Penerimaan dicatat")) || (rc = lb_html_raw(r, "<p class=\"berhasil\">", &q->err)) ||
	    (rc = lb_html_text(r, msg, &q->err)) ||
	    (rc = lb_html_raw(r, "</p><p><a href=\"/stok/terima\">Terima barang lagi</a> · "
				 "<a href=\"/stok\">Lihat stok</a></p>", &q->err)))
		return rc;
	return lb_html_end(q, r);
}
