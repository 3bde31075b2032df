/*
 * pages_stock.c — stock: balances per location, item and lot (as
 * `lumbung stock balance`), an item's ledger with its running balance
 * (`stock ledger`) and the lots that expire soon (`stock expiring`);
 * and the warehouse's own forms, drawn from the commands' declarations
 * (web/form.h) and posted to the same operations: receive, move, adjust,
 * count and reverse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "inventory/item.h"
#include "inventory/location.h"
#include "inventory/query.h"
#include "inventory/stock.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

struct stock {
	struct lb_req *q;
	struct lb_resp *r;
	lb_rdoc *o;
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
	return lb_rdoc_cells_links(s->o, vals, hrefs, e);
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
	    (lb_caps_has(q->user.caps, "gw") &&
	     (rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/stok/terima\">Terima barang</a> "
				  "<a href=\"/stok/pindah\">Pindahkan ke titik</a> <a href=\"/stok/sesuaikan\">Sesuaikan</a> "
				  "<a href=\"/stok/opname\">Lembar stock opname</a> <a href=\"/stok/hitung\">Hitung satu barang</a> <a href=\"/stok/batal\">Batalkan mutasi</a> "
				  "<a href=\"/stok/impor\">Impor CSV/XLSX</a></p>", e))) ||
	    (rc = lb_html_raw(r, "<p><a href=\"/stok/kedaluwarsa\">Lot yang segera kedaluwarsa</a></p>", e)) ||
	    (rc = loc_filter(&s, "/stok", loc, NULL, NULL)) ||
	    (rc = lb_html_raw(r, "<h2>Saldo per lokasi, barang dan lot</h2>", e)) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 5, &s.o, e)))
		return rc;
	if ((rc = lb_balance_each(q->db, &f, balance_row, &s, e))) {
		lb_rdoc_discard(s.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(s.o, e)))
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
	return lb_rdoc_cells(s->o, vals, e);
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
	    (rc = lb_rdoc_html_list(&r->body, cols, 8, &s.o, e)))
		return rc;
	if ((rc = lb_ledger_each(q->db, &f, ledger_row, &s, e))) {
		lb_rdoc_discard(s.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(s.o, e)))
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
	return lb_rdoc_cells(s->o, vals, e);
}

int lb_pg_expiring_table(struct lb_req *q, struct lb_resp *r, int within)
{
	static const struct lb_col cols[] = {
		{ "Lokasi", 0 }, { "Barang", 0 }, { "Lot", 0 }, { "Jumlah", 1 }, { "Kedaluwarsa", 0 }, { "Sisa", 0 },
	};
	struct stock s = { q, r, NULL, NULL };
	int rc;

	if ((rc = lb_rdoc_html_list(&r->body, cols, 6, &s.o, &q->err)))
		return rc;
	if ((rc = lb_expiring_each(q->db, lb_today(), within, 0, expiring_row, &s, &q->err))) {
		lb_rdoc_discard(s.o);
		return rc;
	}
	return lb_rdoc_close(s.o, &q->err);
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
	int suppliers; /* locations offered: suppliers (1) or warehouses and points (0) */
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
	if (l->suppliers ? loc->kind != LB_LOC_SUPPLIER : !lb_loc_internal(loc->kind))
		return LB_OK;
	if ((rc = lb_buf_adds(&l->b, "<option value=\"", e)) || (rc = lb_html_add(&l->b, loc->code, e)) ||
	    (rc = lb_buf_adds(&l->b, "\">", e)) || (rc = lb_html_add(&l->b, loc->name, e)) ||
	    (rc = lb_buf_adds(&l->b, "</option>", e)))
		return rc;
	return LB_OK;
}

/* The choices the stock forms offer: items, and for each location field
 * only the kinds its operation takes — goods come from a supplier
 * (receive's "from") into a warehouse or point; every other field is a
 * warehouse or a point. */
static int choices(struct lb_req *q, lb_buf *b, int from_supplier)
{
	struct lists l = { .q = q, .b = *b };
	static const char *const lists_of_locations[] = { "to", "from", "at" };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_buf_adds(&l.b, "<datalist id=\"dl-item\">", e)) || (rc = lb_item_each(q->db, item_choice, &l, e)) ||
	    (rc = lb_buf_adds(&l.b, "</datalist>", e)))
		goto out;
	for (size_t i = 0; i < 3; i++) {
		l.suppliers = from_supplier && strcmp(lists_of_locations[i], "from") == 0;
		if ((rc = lb_buf_addf(&l.b, e, "<datalist id=\"dl-%s\">", lists_of_locations[i])) ||
		    (rc = lb_location_each(q->db, 0, loc_choice, &l, e)) || (rc = lb_buf_adds(&l.b, "</datalist>", e)))
			goto out;
	}
out:
	*b = l.b;
	return rc;
}

static int stock_choices(struct lb_req *q, lb_buf *b)
{
	return choices(q, b, 0);
}

static int receive_choices(struct lb_req *q, lb_buf *b)
{
	return choices(q, b, 1);
}

static int do_receive(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_receive_out out;
	char qty[64];
	int rc;

	if ((rc = lb_stock_receive(op, in, &out, &q->err)))
		return rc;
	qty_unit(out.qty, out.item.units.base, qty);
	if (out.post.already)
		snprintf(done, n, "Penerimaan ini sudah tercatat sebelumnya (formulir terkirim dua kali); tidak ada yang diubah.");
	else
		snprintf(done, n, "Diterima %s %s (%s) ke %s — %s.", qty, out.item.code, out.item.name, out.to.code,
			 out.to.name);
	return LB_OK;
}

static int do_move(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_move_out out;
	char qty[64];
	int rc;

	if ((rc = lb_stock_move(op, in, &out, &q->err)))
		return rc;
	qty_unit(out.qty, out.item.units.base, qty);
	if (out.post.already)
		snprintf(done, n, "Pemindahan ini sudah tercatat sebelumnya (formulir terkirim dua kali); tidak ada yang diubah.");
	else
		snprintf(done, n, "Dipindahkan %s %s dari %s ke %s (%d mutasi, lot kedaluwarsa terdekat lebih dulu).", qty,
			 out.item.code, out.from.code, out.to.code, out.post.n);
	return LB_OK;
}

static int do_adjust(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	const struct lb_adjust_in *a = in;
	struct lb_adjust_out out;
	char qty[64];
	int rc;

	if ((rc = lb_stock_adjust(op, in, &out, &q->err)))
		return rc;
	qty_unit(out.qty < 0 ? -out.qty : out.qty, out.item.units.base, qty);
	if (out.post.already)
		snprintf(done, n, "Penyesuaian ini sudah tercatat sebelumnya (formulir terkirim dua kali); tidak ada yang diubah.");
	else
		snprintf(done, n, "%s %s %s di %s (alasan: %s).", out.qty < 0 ? "Dihapus" : "Ditambahkan", qty,
			 out.item.code, out.at.code, a->reason);
	return LB_OK;
}

static int do_count(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_count_out out;
	char c[64], x[64], v[64];
	int rc;

	if ((rc = lb_stock_count(op, in, &out, &q->err)))
		return rc;
	qty_unit(out.counted, out.item.units.base, c);
	qty_unit(out.res.expected, out.item.units.base, x);
	qty_unit(out.res.variance < 0 ? -out.res.variance : out.res.variance, out.item.units.base, v);
	if (out.res.variance == 0)
		snprintf(done, n, "Hasil hitung %s di %s: %s, sama dengan buku.", out.item.code, out.at.code, c);
	else
		snprintf(done, n, "Hasil hitung %s di %s: %s; menurut buku %s; selisih %s%s dibukukan sebagai penyesuaian opname.",
			 out.item.code, out.at.code, c, x, out.res.variance < 0 ? "-" : "+", v);
	return LB_OK;
}

static int do_reverse(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_reverse_out out;
	int rc;

	if ((rc = lb_stock_reverse(op, in, &out, &q->err)))
		return rc;
	if (out.post.already)
		snprintf(done, n, "Pembatalan ini sudah tercatat sebelumnya (formulir terkirim dua kali); tidak ada yang diubah.");
	else
		snprintf(done, n, "Mutasi %lld dibatalkan dengan mutasi %lld yang membaliknya.", (long long)out.movement_id,
			 (long long)out.post.first_id);
	return LB_OK;
}

/* What a reversal reverses, shown before its form is sent. */
static int show_movement(void *arg, const struct lb_mv_row *m, lb_err *e)
{
	lb_buf *b = arg;
	char qty[64], day[32];
	int rc;

	qty_unit(m->qty, m->unit, qty);
	day_id(m->day, day);
	if ((rc = lb_buf_adds(b, "<p class=\"catatan\">Yang akan dibatalkan: mutasi ", e)) ||
	    (rc = lb_buf_addf(b, e, "%lld", (long long)m->id)) || (rc = lb_buf_adds(b, ", ", e)) ||
	    (rc = lb_html_add(b, day, e)) || (rc = lb_buf_adds(b, ", ", e)) || (rc = lb_html_add(b, m->kind, e)) ||
	    (rc = lb_buf_adds(b, " ", e)) || (rc = lb_html_add(b, qty, e)) || (rc = lb_buf_adds(b, " ", e)) ||
	    (rc = lb_html_add(b, m->item, e)) || (rc = lb_buf_adds(b, " lot ", e)) || (rc = lb_html_add(b, m->lot, e)) ||
	    (rc = lb_buf_adds(b, ": ", e)) || (rc = lb_html_add(b, m->from, e)) || (rc = lb_buf_adds(b, " → ", e)) ||
	    (rc = lb_html_add(b, m->to, e)) || (rc = lb_buf_adds(b, ".</p>", e)))
		return rc;
	return LB_OK;
}

static int reverse_before(struct lb_req *q, lb_buf *b)
{
	const char *s = lb_form_get(&q->query, "mutasi");
	int64_t id;

	if (!s)
		s = lb_form_get(&q->form, "MOVEMENT_ID");
	if (!s || lb_int_parse(s, "mutasi", 1, INT64_MAX, &id, NULL) != LB_OK)
		return LB_OK;
	if (!lb_form_get(&q->form, "MOVEMENT_ID")) {
		int rc = lb_form_add(&q->form, "MOVEMENT_ID", 11, s, strlen(s), &q->err);
		if (rc)
			return rc;
	}
	return lb_movement_each(q->db, id, id, show_movement, b, &q->err);
}

static const struct lb_web_op stock_ops[] = {
	{ "/stok/terima", "Terima barang",
	  "Catat barang yang masuk dari pemasok. Jumlah boleh dalam satuan kemasan (misalnya \"3 karung\"). "
	  "Tanggal kedaluwarsa kosong: tanggal terima ditambah masa simpan barang.",
	  "Catat penerimaan", do_receive, NULL, receive_choices, NULL, "/stok", "Lihat stok" },
	{ "/stok/pindah", "Pindahkan stok",
	  "Kirim stok dari gudang ke titik salur (atau antar gudang). Tanpa lot, lot yang paling dekat "
	  "kedaluwarsa dikirim lebih dulu; lot yang sudah kedaluwarsa tidak pernah dikirim.",
	  "Catat pemindahan", do_move, NULL, stock_choices, NULL, "/stok", "Lihat stok" },
	{ "/stok/sesuaikan", "Sesuaikan stok",
	  "Hapus stok yang rusak, hilang atau kedaluwarsa (jumlah negatif, misalnya -5), atau tambahkan stok "
	  "yang ditemukan (jumlah positif, dengan lot).",
	  "Catat penyesuaian", do_adjust, NULL, stock_choices, NULL, "/stok", "Lihat stok" },
	{ "/stok/hitung", "Stock opname",
	  "Catat hasil hitung fisik satu barang di satu lokasi. Selisih dengan buku dibukukan sebagai "
	  "penyesuaian opname dan masuk berita acara stock opname.",
	  "Catat hasil hitung", do_count, NULL, stock_choices, NULL, "/stok", "Lihat stok" },
	{ "/stok/batal", "Batalkan mutasi",
	  "Batalkan mutasi yang salah dengan mutasi yang membaliknya. Mutasi lama tetap tercatat; satu mutasi "
	  "hanya dapat dibatalkan sekali.",
	  "Batalkan mutasi", do_reverse, reverse_before, NULL, NULL, "/stok", "Lihat stok" },
};

static int stock_op(struct lb_req *q, struct lb_resp *r, size_t i)
{
	return lb_web_op_page(q, r, &stock_ops[i]);
}

int lb_pg_stock_receive(struct lb_req *q, struct lb_resp *r) { return stock_op(q, r, 0); }
int lb_pg_stock_move(struct lb_req *q, struct lb_resp *r) { return stock_op(q, r, 1); }
int lb_pg_stock_adjust(struct lb_req *q, struct lb_resp *r) { return stock_op(q, r, 2); }
int lb_pg_stock_count(struct lb_req *q, struct lb_resp *r) { return stock_op(q, r, 3); }
int lb_pg_stock_reverse(struct lb_req *q, struct lb_resp *r) { return stock_op(q, r, 4); }

/* ---- the stock count sheet (stock opname) ---- */

struct sheet {
	struct lb_req *q;
	struct lb_resp *r;
	const char *at;
	/* the book quantity per item at the place, summed over its lots */
	char item[LB_CODE_MAX + 2];
	int64_t book;
	struct book { char item[LB_CODE_MAX + 2]; int64_t qty; } *books;
	size_t nbooks, cap;
};

static int book_row(void *arg, const struct lb_balance_row *b, lb_err *e)
{
	struct sheet *s = arg;
	if (s->nbooks && strcmp(s->books[s->nbooks - 1].item, b->item) == 0) {
		s->books[s->nbooks - 1].qty += b->qty;
		return LB_OK;
	}
	if (s->nbooks == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 32;
		struct book *v = realloc(s->books, cap * sizeof *v);
		if (!v)
			return lb_oom(e);
		s->books = v;
		s->cap = cap;
	}
	snprintf(s->books[s->nbooks].item, sizeof s->books[0].item, "%s", b->item);
	s->books[s->nbooks++].qty = b->qty;
	return LB_OK;
}

static int64_t book_of(const struct sheet *s, const char *item)
{
	for (size_t i = 0; i < s->nbooks; i++)
		if (strcmp(s->books[i].item, item) == 0)
			return s->books[i].qty;
	return 0;
}

static int sheet_row(void *arg, const struct lb_item *it, lb_err *e)
{
	struct sheet *s = arg;
	struct lb_resp *r = s->r;
	char book[64], name[LB_CODE_MAX + 16];
	const char *typed;
	int rc;

	qty_unit(book_of(s, it->code), it->units.base, book);
	snprintf(name, sizeof name, "hitung:%s", it->code);
	typed = lb_form_get(&s->q->form, name);
	if ((rc = lb_html_raw(r, "<tr><td>", e)) || (rc = lb_html_text(r, it->code, e)) ||
	    (rc = lb_html_raw(r, "</td><td class=\"teks\">", e)) || (rc = lb_html_text(r, it->name, e)) ||
	    (rc = lb_html_raw(r, "</td><td class=\"n\">", e)) || (rc = lb_html_text(r, book, e)) ||
	    (rc = lb_html_raw(r, "</td><td><input inputmode=\"decimal\" size=\"8\" name=\"", e)) ||
	    (rc = lb_html_text(r, name, e)) || (rc = lb_html_raw(r, "\" value=\"", e)) ||
	    (rc = lb_html_text(r, typed ? typed : "", e)) || (rc = lb_html_raw(r, "\"></td><td><input size=\"12\" name=\"sebab:", e)) ||
	    (rc = lb_html_text(r, it->code, e)) || (rc = lb_html_raw(r, "\" value=\"", e)))
		return rc;
	snprintf(name, sizeof name, "sebab:%s", it->code);
	typed = lb_form_get(&s->q->form, name);
	if ((rc = lb_html_text(r, typed ? typed : "", e)) || (rc = lb_html_raw(r, "\"></td></tr>", e)))
		return rc;
	return LB_OK;
}

static int sheet_page(struct lb_req *q, struct lb_resp *r, const char *at, int failed)
{
	struct sheet s = { .q = q, .r = r, .at = at };
	struct stock st = { q, r, NULL, NULL };
	struct lb_balance_filter f = { 0 };
	struct lb_location l;
	lb_err detail = q->err, *e = &q->err;
	int rc;

	if (failed)
		r->status = lb_html_error_status(failed == LB_ERULE ? LB_WE_RULE : LB_WE_INPUT);
	if ((rc = lb_html_begin(q, r, "Lembar stock opname")))
		return rc;
	if (failed && ((rc = lb_html_raw(r, "<div class=\"galat\"><p class=\"apa\"><b>Apa yang terjadi:</b> Lembar ini "
					    "belum dapat dibukukan; tidak ada yang dicatat.</p><p class=\"saran\"><b>Yang dapat "
					    "Anda lakukan:</b> perbaiki baris yang disebut di bawah, lalu kirim lagi.</p></div>"
					    "<p class=\"rinci\">Rincian teknis (untuk admin): ", e)) ||
		       (rc = lb_html_text(r, detail.msg, e)) || (rc = lb_html_raw(r, "</p>", e))))
		return rc;
	if ((rc = lb_html_raw(r, "<p>Hitung fisik setiap barang di satu lokasi, isi jumlahnya (boleh dalam satuan "
				 "kemasan), lalu kirim sekali. Barang yang tidak dihitung dibiarkan kosong. Selisih dengan "
				 "buku dibukukan sebagai penyesuaian opname, semuanya sekaligus.</p>", e)) ||
	    (rc = loc_filter(&st, "/stok/opname", at, NULL, NULL)))
		return rc;
	if (!at || !*at)
		return lb_html_end(q, r);
	if ((rc = lb_location_find(q->db, at, &l, e)))
		return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, "Lokasi itu tidak ada.");
	f.location_id = l.id;
	if ((rc = lb_balance_each(q->db, &f, book_row, &s, e)))
		goto out;
	if ((rc = lb_html_raw(r, "<form method=\"post\" class=\"lembar\" action=\"/stok/opname\">", e)) ||
	    (rc = lb_html_csrf(q, r)) || (rc = lb_html_raw(r, "<input type=\"hidden\" name=\"lokasi\" value=\"", e)) ||
	    (rc = lb_html_text(r, l.code, e)) ||
	    (rc = lb_html_raw(r, "\"><label><span>Tanggal hitung</span><input type=\"date\" name=\"date\" value=\"", e)) ||
	    (rc = lb_html_text(r, lb_form_get(&q->form, "date") ? lb_form_get(&q->form, "date") : "", e)) ||
	    (rc = lb_html_raw(r, "\"></label><div class=\"tbl\"><table><thead><tr><th>Kode</th><th>Barang</th>"
				 "<th class=\"n\">Menurut buku</th><th>Hasil hitung</th><th>Sebab selisih</th></tr></thead><tbody>", e)) ||
	    (rc = lb_item_each(q->db, sheet_row, &s, e)) ||
	    (rc = lb_html_raw(r, "</tbody></table></div><button type=\"submit\">Bukukan hasil hitung</button></form>", e)))
		goto out;
	rc = lb_html_end(q, r);
out:
	free(s.books);
	return rc;
}

int lb_pg_stock_sheet(struct lb_req *q, struct lb_resp *r)
{
	struct lb_count_line *lines = NULL;
	struct lb_count_sheet_in in = { 0 };
	struct lb_count_sheet_out out;
	struct lb_op op;
	char done[256];
	size_t n = 0;
	int rc;

	if (strcmp(q->method, "POST") != 0)
		return sheet_page(q, r, lb_form_get(&q->query, "lokasi"), 0);
	in.at = lb_form_get(&q->form, "lokasi");
	in.date = lb_form_get(&q->form, "date");
	if (in.date && !*in.date)
		in.date = NULL;
	if (!(lines = calloc(q->form.n ? q->form.n : 1, sizeof *lines)))
		return lb_oom(&q->err);
	/* one line per item field the sheet sent, in the sheet's order */
	for (size_t i = 0; i < q->form.n; i++) {
		char name[LB_CODE_MAX + 16];
		if (strncmp(q->form.v[i].name, "hitung:", 7) != 0)
			continue;
		lines[n].item = q->form.v[i].name + 7;
		lines[n].counted = q->form.v[i].value;
		snprintf(name, sizeof name, "sebab:%s", lines[n].item);
		lines[n].reason = lb_form_get(&q->form, name);
		n++;
	}
	in.lines = lines;
	in.n = n;
	lb_op_init(&op, q->db, q->user.name);
	op.address = q->address;
	lb_op_audit(&op, "stock count");
	rc = lb_stock_count_sheet(&op, &in, &out, &q->err);
	lb_op_release(&op);
	free(lines);
	if (rc == LB_EINPUT || rc == LB_ERULE)
		return sheet_page(q, r, in.at, rc);
	if (rc)
		return rc;
	snprintf(done, sizeof done, "Hasil hitung %zu barang di %s dibukukan; %zu berselisih dengan buku.", out.counted,
		 out.at.code, out.differ);
	if ((rc = lb_html_begin(q, r, "Stock opname dibukukan")) || (rc = lb_html_raw(r, "<p class=\"berhasil\">", &q->err)) ||
	    (rc = lb_html_text(r, done, &q->err)) ||
	    (rc = lb_html_raw(r, "</p><p><a href=\"/stok\">Lihat stok</a> · <a href=\"/laporan\">Berita acara stock opname "
				 "(Laporan)</a></p>", &q->err)))
		return rc;
	return lb_html_end(q, r);
}
