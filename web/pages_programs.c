/*
 * pages_programs.c — aid programs and their packages: the list of
 * programs (`program list`), one program (`program show`: its packages
 * in force with their value against the program's, the rounds
 * allocated, the quotas), and the data staff's forms: add a program
 * (`program add`), set a package from a round (`program package`) and a
 * year's quota (`program quota`), each calling the command's operation.
 *
 * The package form has one row per item (item, quantity, optional
 * price) and builds from them the list the command line takes as
 * repeated `--item ITEM=QTY[@PRICE]`; the operation checks every row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/localtime.h"
#include "core/money.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "inventory/item.h"
#include "program/allocation.h"
#include "program/package.h"
#include "program/program.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

#define PACKAGE_PATH "/program/paket"
/* item rows the package form offers beyond those already set */
#define PACKAGE_ROWS 6

struct prg {
	struct lb_req *q;
	struct lb_resp *r;
	lb_rdoc *o;
	const struct lb_program *p;
	struct lb_zone zone;
};

/* ---- the list ---- */

static const struct lb_col list_cols[] = {
	{ "Kode", 0 }, { "Nama", 0 }, { "Nilai per bulan", 1 }, { "Bulan per putaran", 1 },
	{ "Kuota", 1 }, { "Mulai", 0 }, { "Sampai", 0 },
};

static int program_row(void *arg, const struct lb_program *p, lb_err *e)
{
	struct prg *c = arg;
	char money[32], first[24], last[24], quota[32], href[80], months[8];
	const char *vals[7], *hrefs[7] = { NULL };

	lb_html_rupiah(p->monthly_value, money);
	lb_period_format_id(p->first_period, first);
	lb_period_format_id(p->last_period, last);
	lb_html_int(p->quota, quota);
	snprintf(months, sizeof months, "%d", p->round_months);
	snprintf(href, sizeof href, "/program/lihat?kode=%s", p->code);
	vals[0] = p->code;
	vals[1] = p->name;
	vals[2] = money;
	vals[3] = months;
	vals[4] = quota;
	vals[5] = first;
	vals[6] = last;
	hrefs[0] = href;
	return lb_rdoc_cells_links(c->o, vals, hrefs, e);
}

int lb_pg_programs(struct lb_req *q, struct lb_resp *r)
{
	struct prg c = { q, r, NULL, NULL, { 0 } };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_begin(q, r, "Program")) ||
	    (lb_caps_has(q->user.caps, "ew") &&
	     (rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/program/tambah\">Tambah program</a> "
				  "<a href=\"" PACKAGE_PATH "\">Atur paket</a> <a href=\"/program/kuota\">Ubah kuota</a> "
				  "<a href=\"/alokasi\">Alokasikan putaran</a></p>", e))) ||
	    (rc = lb_rdoc_html_cards(&r->body, list_cols, 7, &c.o, e)))
		return rc;
	if ((rc = lb_program_list(q->db, program_row, &c, e))) {
		lb_rdoc_discard(c.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(c.o, e)))
		return rc;
	return lb_html_end(q, r);
}

/* ---- one program ---- */

/* A package's lines and its value against the program's value per
 * round, with the 5% rule of the operation (lb_package_departs). */
static int package_block(struct lb_req *q, struct lb_resp *r, const struct lb_program *p,
			 const struct lb_package *pkg)
{
	static const struct lb_col cols[] = {
		{ "Barang", 0 }, { "Jumlah", 1 }, { "Harga per satuan", 1 }, { "Nilai", 1 }, { "Harga dari", 0 },
	};
	int64_t value = lb_package_value(pkg), expected = p->monthly_value * p->round_months;
	char from[24], v[32], x[32], pct[24];
	lb_err *e = &q->err;
	lb_rdoc *o;
	int rc;

	lb_period_format_id(pkg->from_period, from);
	if ((rc = lb_html_raw(r, "<h3>", e)) || (rc = lb_html_textf(r, e, "Paket mulai %s", from)) ||
	    (rc = lb_html_raw(r, "</h3>", e)) || (rc = lb_rdoc_html_cards(&r->body, cols, 5, &o, e)))
		return rc;
	for (size_t i = 0; i < pkg->n; i++) {
		const struct lb_package_line *l = &pkg->line[i];
		char qty[48], n[32], price[32], line[32];
		const char *vals[5];
		lb_html_int(l->qty, n);
		snprintf(qty, sizeof qty, "%s %s", n, l->unit);
		lb_html_rupiah(l->price, price);
		lb_html_rupiah(l->qty * l->price, line);
		vals[0] = l->item;
		vals[1] = qty;
		vals[2] = price;
		vals[3] = line;
		vals[4] = l->price_from_lot ? "harga lot terakhir" : "harga kontrak";
		if ((rc = lb_rdoc_cells(o, vals, e))) {
			lb_rdoc_discard(o);
			return rc;
		}
	}
	if ((rc = lb_rdoc_close(o, e)))
		return rc;
	lb_html_rupiah(value, v);
	lb_html_rupiah(expected, x);
	lb_package_percent_diff(value, expected, pct, sizeof pct);
	if ((rc = lb_html_raw(r, lb_package_departs(value, expected) ? "<p class=\"kurang nilai-paket\">"
								      : "<p class=\"nilai-paket\">", e)) ||
	    (rc = lb_html_textf(r, e, "Nilai paket %s; nilai program per putaran %s (%d bulan): %s%s", v, x,
				p->round_months, pct,
				lb_package_departs(value, expected) ? " — berbeda lebih dari 5%." : ".")) ||
	    (rc = lb_html_raw(r, "</p>", e)))
		return rc;
	return LB_OK;
}

static int show_package(void *arg, const struct lb_package *pkg, lb_err *e)
{
	struct prg *c = arg;
	return package_block(c->q, c->r, c->p, pkg);
}

static int show_quota(void *arg, int year, int64_t quota, lb_err *e)
{
	struct prg *c = arg;
	char y[16], n[32];
	const char *vals[2] = { y, n };

	snprintf(y, sizeof y, "%d", year);
	lb_html_int(quota, n);
	return lb_rdoc_cells(c->o, vals, e);
}

static const struct lb_col run_cols[] = {
	{ "Putaran", 0 }, { "Dialokasikan", 1 }, { "Menunggu", 1 }, { "Waktu", 0 }, { "Petugas", 0 },
};

/* A UTC timestamp as the office reads it: "8 Januari 2026 pukul 09.30 WITA". */
static void local_time_id(const struct lb_zone *z, const char *utc, char out[64])
{
	char local[32], day[32];
	lb_day d;

	lb_time_local(z, utc, local);
	snprintf(day, sizeof day, "%.10s", local);
	if (strlen(local) >= 16 && lb_date_parse(day, "day", &d, NULL) == LB_OK) {
		lb_date_format_id(d, day);
		snprintf(out, 64, "%s pukul %.2s.%.2s%s", day, local + 11, local + 14, local + 16);
	} else {
		snprintf(out, 64, "%s", local);
	}
}

static int show_run(void *arg, const struct lb_alloc_run *ru, lb_err *e)
{
	struct prg *c = arg;
	char month[24] = "", at[64], alloc[32], wait[32], href[96];
	const char *vals[5], *hrefs[5] = { NULL };
	int per;

	if (lb_period_parse(ru->period, "period", &per, NULL) == LB_OK)
		lb_period_format_id(per, month);
	local_time_id(&c->zone, ru->run_at, at);
	lb_html_int(ru->allocated, alloc);
	lb_html_int(ru->waiting, wait);
	snprintf(href, sizeof href, "/ronde/lihat?program=%s&periode=%s", c->p->code, ru->period);
	vals[0] = month;
	vals[1] = alloc;
	vals[2] = wait;
	vals[3] = at;
	vals[4] = ru->operator;
	hrefs[0] = href;
	return lb_rdoc_cells_links(c->o, vals, hrefs, e);
}

int lb_pg_program(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col qcols[] = { { "Tahun", 0 }, { "Kuota per putaran", 1 } };
	const struct lb_col kv[] = { { "Data", 0 }, { "Isi", 0 } };
	struct lb_program_show_in in = { lb_form_get(&q->query, "kode") };
	struct lb_program_show_out o;
	struct prg c = { q, r, NULL, &o.program, { 0 } };
	const struct lb_program *p = &o.program;
	char money[32], first[24], last[24], quota[32], months[64], title[200], excl[300];
	struct lb_op op;
	lb_err *e = &q->err;
	int rc;

	if (!in.code || !*in.code)
		return lb_web_why(q, lb_fail(e, LB_EINPUT, "which program? (kode missing)"), LB_WE_INPUT,
				  "Program belum dipilih: pilih dari daftar Program.");
	lb_op_init(&op, q->db, q->user.name);
	rc = lb_program_show(&op, &in, &o, e);
	lb_op_release(&op);
	if (rc)
		return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, "Program itu tidak ada.");
	if ((rc = lb_zone_get(q->db, &c.zone, e)))
		return rc;
	lb_html_rupiah(p->monthly_value, money);
	lb_period_format_id(p->first_period, first);
	lb_period_format_id(p->last_period, last);
	lb_html_int(p->quota, quota);
	snprintf(months, sizeof months, "setiap %d bulan, %s sampai %s", p->round_months, first, last);
	snprintf(excl, sizeof excl, "%s%s%s%s", p->excludes[0] ? p->excludes : "tidak ada",
		 o.unscreened[0] ? " (belum disaring: " : "", o.unscreened, o.unscreened[0] ? ")" : "");
	snprintf(title, sizeof title, "%s — %s", p->code, p->name);
	if ((rc = lb_html_begin(q, r, title)))
		return rc;
	if (lb_caps_has(q->user.caps, "ew") &&
	    ((rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"" PACKAGE_PATH "?kode=", e)) || (rc = lb_html_text(r, p->code, e)) ||
	     (rc = lb_html_raw(r, "\">Atur paket</a> <a href=\"/program/kuota\">Ubah kuota</a> "
				  "<a href=\"/alokasi\">Alokasikan putaran</a></p>", e))))
		return rc;
	/* the values wrap on a phone (.lipat) */
	if ((rc = lb_html_raw(r, "<div class=\"lipat\">", e)) || (rc = lb_rdoc_html_list(&r->body, kv, 2, &c.o, e)))
		return rc;
	{
		char per[64];
		snprintf(per, sizeof per, "%s per penerima per bulan", money);
		const char *rows[][2] = {
			{ "Nama", p->name }, { "Nilai", per }, { "Putaran", months },
			{ "Kuota per putaran", quota }, { "Sumber dana", p->funding },
			{ "Kategori", p->categories }, { "Daftar yang dikecualikan", excl },
		};
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
			if ((rc = lb_rdoc_cells(c.o, rows[i], e))) {
				lb_rdoc_discard(c.o);
				return rc;
			}
	}
	if ((rc = lb_rdoc_close(c.o, e)) || (rc = lb_html_raw(r, "</div><h2>Kuota per tahun</h2>", e)) ||
	    (rc = lb_rdoc_html_list(&r->body, qcols, 2, &c.o, e)))
		return rc;
	if ((rc = lb_program_quota_each(q->db, p, show_quota, &c, e))) {
		lb_rdoc_discard(c.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(c.o, e)) || (rc = lb_html_raw(r, "<h2>Paket</h2>", e)) ||
	    (rc = lb_package_each(q->db, p, show_package, &c, e)) ||
	    (rc = lb_html_raw(r, "<h2>Putaran yang sudah dialokasikan</h2>", e)) ||
	    (rc = lb_rdoc_html_cards(&r->body, run_cols, 5, &c.o, e)))
		return rc;
	if ((rc = lb_alloc_runs(q->db, p, show_run, &c, e))) {
		lb_rdoc_discard(c.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(c.o, e)))
		return rc;
	return lb_html_end(q, r);
}

/* ---- add a program, a year's quota ---- */

static int program_option(void *arg, const struct lb_program *p, lb_err *e)
{
	lb_buf *b = arg;
	int rc;

	if ((rc = lb_buf_adds(b, "<option value=\"", e)) || (rc = lb_html_add(b, p->code, e)) ||
	    (rc = lb_buf_adds(b, "\">", e)) || (rc = lb_html_add(b, p->name, e)) || (rc = lb_buf_adds(b, "</option>", e)))
		return rc;
	return LB_OK;
}

/* The programs, for a code field (datalist dl-CODE). */
static int program_choices(struct lb_req *q, lb_buf *b)
{
	int rc;

	if ((rc = lb_buf_adds(b, "<datalist id=\"dl-CODE\">", &q->err)) ||
	    (rc = lb_program_list(q->db, program_option, b, &q->err)))
		return rc;
	return lb_buf_adds(b, "</datalist>", &q->err);
}

static int do_add(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_program p;
	char money[32];
	int rc;

	if ((rc = lb_program_create(op, in, &p, &q->err)))
		return rc;
	lb_html_rupiah(p.monthly_value, money);
	snprintf(done, n, "Program %s (%s) ditambahkan: %s per penerima per bulan, kuota %lld per putaran. "
		 "Atur paketnya sebelum mengalokasikan.", p.code, p.name, money, (long long)p.quota);
	return LB_OK;
}

static int do_quota(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_program_quota_out o;
	int rc;

	if ((rc = lb_program_quota_change(op, in, &o, &q->err)))
		return rc;
	snprintf(done, n, "Kuota %s tahun %d: %lld penerima per putaran.", o.program.code, o.year, (long long)o.quota);
	return LB_OK;
}

static const struct lb_web_op program_ops[] = {
	{ "/program/tambah", "Tambah program",
	  "Program bantuan baru: nilai paket per penerima per bulan, kuota per putaran, kategori penerima "
	  "(dipisah koma, misalnya lansia,disabilitas), bulan pertama dan terakhir (YYYY-MM), dan daftar "
	  "penyaringan yang dikecualikan.",
	  "Tambah program", do_add, NULL, NULL, NULL, "/program", "Daftar program" },
	{ "/program/kuota", "Ubah kuota program",
	  "Jumlah penerima per putaran untuk satu tahun. Tahun yang putarannya sudah dialokasikan tidak dapat diubah.",
	  "Simpan kuota", do_quota, NULL, program_choices, NULL, "/program", "Daftar program" },
};

int lb_pg_program_add(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &program_ops[0]); }
int lb_pg_program_quota(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &program_ops[1]); }

/* ---- the package ---- */

struct pkg_form {
	struct lb_req *q;
	struct lb_resp *r;
	const char *chosen;
};

static int item_option(void *arg, const struct lb_item *it, lb_err *e)
{
	struct pkg_form *f = arg;
	int rc;

	if ((rc = lb_html_raw(f->r, "<option value=\"", e)) || (rc = lb_html_text(f->r, it->code, e)) ||
	    (rc = lb_html_raw(f->r, f->chosen && strcmp(f->chosen, it->code) == 0 ? "\" selected>" : "\">", e)) ||
	    (rc = lb_html_textf(f->r, e, "%s (%s)", it->name, it->units.base)) || (rc = lb_html_raw(f->r, "</option>", e)))
		return rc;
	return LB_OK;
}

static int prog_option(void *arg, const struct lb_program *p, lb_err *e)
{
	struct pkg_form *f = arg;
	int rc;

	if ((rc = lb_html_raw(f->r, "<option value=\"", e)) || (rc = lb_html_text(f->r, p->code, e)) ||
	    (rc = lb_html_raw(f->r, f->chosen && strcmp(f->chosen, p->code) == 0 ? "\" selected>" : "\">", e)) ||
	    (rc = lb_html_textf(f->r, e, "%s — %s", p->code, p->name)) || (rc = lb_html_raw(f->r, "</option>", e)))
		return rc;
	return LB_OK;
}

/* One item row: item, quantity in base units (or a pack: "2 karung"),
 * optional price per base unit. */
static int item_row(struct lb_req *q, struct lb_resp *r, int i, const char *item, const char *qty, const char *price)
{
	struct pkg_form f = { q, r, item };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<fieldset class=\"baris\"><label><span>Barang</span><select name=\"", e)) ||
	    (rc = lb_html_textf(r, e, "item_%d", i)) || (rc = lb_html_raw(r, "\"><option value=\"\">—</option>", e)) ||
	    (rc = lb_item_each(q->db, item_option, &f, e)) ||
	    (rc = lb_html_raw(r, "</select></label><label><span>Jumlah per penerima</span><input name=\"", e)) ||
	    (rc = lb_html_textf(r, e, "qty_%d", i)) || (rc = lb_html_raw(r, "\" value=\"", e)) ||
	    (rc = lb_html_text(r, qty ? qty : "", e)) ||
	    (rc = lb_html_raw(r, "\"></label><label><span>Harga per satuan (Rp, kosong: harga lot terakhir)</span><input name=\"", e)) ||
	    (rc = lb_html_textf(r, e, "price_%d", i)) || (rc = lb_html_raw(r, "\" value=\"", e)) ||
	    (rc = lb_html_text(r, price ? price : "", e)) || (rc = lb_html_raw(r, "\"></label></fieldset>", e)))
		return rc;
	return LB_OK;
}

/* Item row i as posted: 0 when all its fields are empty. */
static int posted_row(struct lb_req *q, int i, const char **it, const char **qt, const char **pr)
{
	char k[16];

	snprintf(k, sizeof k, "item_%d", i);
	*it = lb_form_get(&q->form, k);
	snprintf(k, sizeof k, "qty_%d", i);
	*qt = lb_form_get(&q->form, k);
	snprintf(k, sizeof k, "price_%d", i);
	*pr = lb_form_get(&q->form, k);
	return (*it && **it) || (*qt && **qt) || (*pr && **pr);
}

/* The form, its rows from what was posted, else from the package in
 * force when a program is named (?kode=). */
static int package_form(struct lb_req *q, struct lb_resp *r, const char *code, const struct lb_package *now,
			int posted)
{
	struct pkg_form f = { q, r, code };
	const struct lb_form *src = posted ? &q->form : &q->query;
	const char *from = lb_form_get(src, "from");
	lb_err *e = &q->err;
	int rows = 0, rc;

	if ((rc = lb_html_raw(r, "<p>Isi satu baris per barang: jumlah dalam satuan dasarnya per penerima per putaran, "
				 "dan harga kontrak per satuan (bila kosong, harga lot terakhir barang itu). Paket berlaku "
				 "mulai putaran yang dipilih sampai paket berikutnya; putaran yang sudah dialokasikan "
				 "tetap dengan paketnya.</p><form method=\"post\" class=\"op\" action=\"" PACKAGE_PATH "\">", e)) ||
	    (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<label><span>Program <span class=\"req\">*</span></span><select name=\"CODE\" required>"
				 "<option value=\"\">— pilih —</option>", e)) ||
	    (rc = lb_program_list(q->db, prog_option, &f, e)) ||
	    (rc = lb_html_raw(r, "</select></label><label><span>Mulai putaran (YYYY-MM; kosong: putaran pertama)</span>"
				 "<input name=\"from\" placeholder=\"2026-01\" value=\"", e)) ||
	    (rc = lb_html_text(r, from ? from : "", e)) || (rc = lb_html_raw(r, "\"></label>", e)))
		return rc;
	if (posted) {
		for (int i = 1; i <= LB_PACKAGE_MAX; i++) {
			const char *it, *qt, *pr;
			if (posted_row(q, i, &it, &qt, &pr) && (rc = item_row(q, r, ++rows, it, qt, pr)))
				return rc;
		}
	} else if (now) {
		for (size_t i = 0; i < now->n; i++) {
			char qt[32], pr[32];
			snprintf(qt, sizeof qt, "%lld", (long long)now->line[i].qty);
			snprintf(pr, sizeof pr, "%lld", (long long)now->line[i].price);
			if ((rc = item_row(q, r, ++rows, now->line[i].item, qt, now->line[i].price_from_lot ? "" : pr)))
				return rc;
		}
	}
	for (int k = 0; k < PACKAGE_ROWS && rows < LB_PACKAGE_MAX; k++)
		if ((rc = item_row(q, r, ++rows, NULL, NULL, NULL)))
			return rc;
	return lb_html_raw(r, "<button type=\"submit\">Simpan paket</button></form>", e);
}

/* What went wrong, in Bahasa Indonesia, from the operation's message. */
static const char *package_why(const char *msg)
{
	static const struct {
		const char *has, *why;
	} whys[] = {
		{ "unknown program", "Program itu tidak ada: pilih dari daftar." },
		{ "unknown item", "Barang itu tidak dikenal: pilih barang dari daftar." },
		{ "--item quantity", "Jumlah barang harus bilangan bulat lebih dari 0, paling banyak 1.000.000 per penerima." },
		{ "per package", "Jumlah barang paling banyak 1.000.000 satuan per penerima." },
		{ "needs a quantity", "Setiap barang yang dipilih perlu jumlahnya." },
		{ "is not ITEM=QTY", "Setiap baris perlu barang dan jumlahnya." },
		{ "price", "Harga harus angka rupiah dari Rp0 sampai Rp1.000.000.000 per satuan." },
		{ "named twice", "Satu barang hanya boleh ada di satu baris." },
		{ "no price for", "Barang itu belum punya harga: tulis harga kontraknya, atau terima lotnya dulu." },
		{ "at least one", "Isi paling sedikit satu barang." },
		{ "--from", "Bulan mulai harus bulan pertama sebuah putaran dalam masa program (YYYY-MM)." },
		{ "allocated for", "Putaran itu sudah dialokasikan: paketnya tidak dapat diubah. Atur paket mulai putaran berikutnya." },
	};
	for (size_t i = 0; i < sizeof whys / sizeof whys[0]; i++)
		if (strstr(msg, whys[i].has))
			return whys[i].why;
	return NULL;
}

/* The rows posted as the command line's list: "ITEM=QTY[@PRICE]" each
 * (specs holds the text; in->items points into it). */
static int package_specs(struct lb_req *q, struct lb_package_in *in, char (*specs)[160], lb_err *e)
{
	size_t n = 0;
	int rc;

	for (int i = 1; i <= LB_PACKAGE_MAX; i++) {
		const char *it, *qt, *pr;
		if (!posted_row(q, i, &it, &qt, &pr))
			continue;
		snprintf(specs[n], 160, "%.40s=%.40s%s%.40s", it ? it : "", qt ? qt : "", pr && *pr ? "@" : "",
			 pr && *pr ? pr : "");
		if ((rc = lb_strv_push(&in->items, specs[n], e)))
			return rc;
		n++;
	}
	if (!n)
		return lb_fail(e, LB_EINPUT, "program package: give at least one --item ITEM=QTY");
	return LB_OK;
}

int lb_pg_program_package(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command(PACKAGE_PATH);
	char (*specs)[160] = NULL;
	struct lb_package_in in;
	struct lb_package_out *out = NULL;
	struct lb_op op;
	lb_err *e = &q->err;
	int rc, failed = 0;

	if (!c)
		return lb_fail(e, LB_ESYS, "no declared command for " PACKAGE_PATH);
	memset(&in, 0, sizeof in);
	if (!(out = calloc(1, sizeof *out)) || !(specs = calloc(LB_PACKAGE_MAX, sizeof *specs))) {
		free(out);
		return lb_oom(e);
	}
	lb_web_op(q, c, &op);
	if (strcmp(q->method, "POST") == 0) {
		in.program = lb_form_get(&q->form, "CODE");
		in.from = lb_form_get(&q->form, "from");
		if (in.from && !*in.from)
			in.from = NULL;
		if (!in.program || !*in.program)
			rc = lb_fail(e, LB_EINPUT, "unknown program ''");
		else if (!(rc = package_specs(q, &in, specs, e)))
			rc = lb_package_compose(&op, &in, out, e);
		if (rc == LB_OK) {
			char msg[200], from[24];
			lb_period_format_id(out->package.from_period, from);
			snprintf(msg, sizeof msg, "Paket %s mulai %s disimpan.", out->program.code, from);
			if ((rc = lb_html_begin(q, r, "Atur paket program")) || (rc = lb_html_raw(r, "<p class=\"berhasil\">", e)) ||
			    (rc = lb_html_text(r, msg, e)) || (rc = lb_html_raw(r, "</p>", e)) ||
			    (rc = package_block(q, r, &out->program, &out->package)))
				goto done;
			for (size_t i = 0; i < op.nwarn; i++)
				if ((rc = lb_html_raw(r, "<p class=\"rinci\">Rincian teknis (untuk admin): ", e)) ||
				    (rc = lb_html_text(r, op.warn[i], e)) || (rc = lb_html_raw(r, "</p>", e)))
					goto done;
			if ((rc = lb_html_raw(r, "<p><a href=\"/program/lihat?kode=", e)) ||
			    (rc = lb_html_text(r, out->program.code, e)) ||
			    (rc = lb_html_raw(r, "\">Lihat program</a> · <a href=\"" PACKAGE_PATH "\">Atur paket lain</a></p>", e)))
				goto done;
			rc = lb_html_end(q, r);
			goto done;
		}
		if (rc != LB_EINPUT && rc != LB_ERULE)
			goto done;
		failed = rc;
	}
	{
		lb_err detail = q->err;
		const char *code = failed ? lb_form_get(&q->form, "CODE") : lb_form_get(&q->query, "kode");
		struct lb_package now;
		int have = 0;
		if (!failed && code && *code) {
			struct lb_program p;
			if ((rc = lb_program_find(q->db, code, &p, e)) == LB_OK)
				rc = lb_package_for(q->db, &p, p.last_period, &now, &have, e);
			if (rc == LB_EINPUT) {
				/* an unknown ?kode= just draws the empty form */
				rc = LB_OK;
				code = NULL;
			}
			if (rc)
				goto done;
		}
		if (failed)
			r->status = lb_html_error_status(failed == LB_ERULE ? LB_WE_RULE : LB_WE_INPUT);
		if ((rc = lb_html_begin(q, r, "Atur paket program")))
			goto done;
		if (failed) {
			const char *why = package_why(detail.msg);
			if ((rc = lb_html_raw(r, "<div class=\"galat\"><p class=\"apa\"><b>Apa yang terjadi:</b> ", e)) ||
			    (rc = lb_html_text(r, why ? why : "Isian formulir belum benar; tidak ada yang dicatat.", e)) ||
			    (rc = lb_html_raw(r, "</p><p class=\"saran\"><b>Yang dapat Anda lakukan:</b> periksa isian di bawah, "
						 "perbaiki, lalu kirim lagi. Tidak ada yang dicatat.</p></div><p class=\"rinci\">"
						 "Rincian teknis (untuk admin): ", e)) ||
			    (rc = lb_html_text(r, detail.msg, e)) || (rc = lb_html_raw(r, "</p>", e)))
				goto done;
		}
		if ((rc = package_form(q, r, code, have ? &now : NULL, failed != 0)))
			goto done;
		rc = lb_html_end(q, r);
	}
done:
	lb_op_release(&op);
	lb_strv_free(&in.items);
	free(specs);
	free(out);
	return rc;
}
