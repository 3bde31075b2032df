/*
 * pages_recipients.c — recipients: search by name, village or NIK, one
 * recipient's page (status history, allocations and redemptions), and
 * the full NIK for the roles that may see it.
 *
 * The NIK never travels in a URL: the search form posts, and a GET
 * whose q holds a long run of digits is refused. It is shown masked
 * (lb_nik_mask) everywhere; the full NIK only comes back from a POST to
 * /penerima/nik by a user with capability 'n', and each showing is
 * written to the audit log (naming the recipient by id, not by NIK).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "program/allocation.h"
#include "recipients/nik.h"
#include "recipients/recipient.h"
#include "recipients/region.h"
#include "web/html.h"
#include "web/pages.h"

/* Rows a search shows: enough to pick from, few enough for a phone. */
#define SEARCH_ROWS 50

struct rcp {
	struct lb_req *q;
	struct lb_resp *r;
	lb_rdoc *o;
	long n;
};

static int has_digit_run(const char *s, int run)
{
	int k = 0;
	for (; *s; s++) {
		k = (*s >= '0' && *s <= '9') ? k + 1 : 0;
		if (k >= run)
			return 1;
	}
	return 0;
}

static int found_row(void *arg, const struct lb_recipient *p, lb_err *e)
{
	struct rcp *c = arg;
	char masked[LB_NIK_LEN + 1], href[64];
	const char *vals[5], *hrefs[5] = { NULL };

	lb_nik_mask(p->nik, masked);
	snprintf(href, sizeof href, "/penerima/lihat?id=%lld", (long long)p->id);
	vals[0] = p->name;
	vals[1] = masked;
	vals[2] = p->village;
	vals[3] = p->category;
	vals[4] = p->status;
	hrefs[0] = href;
	c->n++;
	return lb_rdoc_cells_links(c->o, vals, hrefs, e);
}

/* The likely duplicates waiting for the data staff, counted. */
static int duplicates_link(struct lb_req *q, struct lb_resp *r)
{
	long n;
	int rc;

	if ((rc = lb_web_duplicates_open(q, &n)) ||
	    (rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/penerima/duplikat\" id=\"duplikat\">", &q->err)) ||
	    (rc = lb_html_textf(r, &q->err, "Kemungkinan data ganda (%ld menunggu)", n)))
		return rc;
	return lb_html_raw(r, "</a></p>", &q->err);
}

int lb_pg_recipients(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Nama", 0 }, { "NIK", 0 }, { "Desa", 0 }, { "Kategori", 0 }, { "Status", 0 },
	};
	struct rcp c = { q, r, NULL, 0 };
	int post = strcmp(q->method, "POST") == 0;
	const char *text = post ? lb_form_get(&q->form, "q") : lb_form_get(&q->query, "q");
	lb_err *e = &q->err;
	int rc;

	if (!post && text && has_digit_run(text, 6))
		return lb_fail(e, LB_EINPUT, "search by NIK with the search form, never in the address");
	if ((rc = lb_html_begin(q, r, "Penerima")) ||
	    (lb_caps_has(q->user.caps, "ew") &&
	     (rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/penerima/tambah\">Daftarkan penerima</a> "
				  "<a href=\"/penerima/ubah\">Perbaiki data</a> <a href=\"/penerima/status\">Ubah status</a> "
				  "<a href=\"/penerima/impor\">Impor CSV/XLSX</a> <a href=\"/penerima/saring\">Unggah daftar saring</a></p>",
				  &q->err))) ||
	    (lb_caps_has(q->user.caps, "ew") && (rc = duplicates_link(q, r))) ||
	    (rc = lb_html_raw(r, "<form class=\"cari\" method=\"post\" action=\"/penerima\">"
				 "<label>Nama, kode/nama desa, atau NIK<input name=\"q\" value=\"", e)) ||
	    (rc = lb_html_text(r, text && !has_digit_run(text, 6) ? text : "", e)) ||
	    (rc = lb_html_raw(r, "\" required maxlength=\"100\"></label>", e)) || (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<button type=\"submit\">Cari</button></form>"
				 "<p class=\"catatan\">Nama dicari dari awal (tanpa membedakan huruf besar/kecil); NIK harus lengkap 16 angka.</p>", e)))
		return rc;
	if (text && *text) {
		if ((rc = lb_rdoc_html_list(&r->body, cols, 5, &c.o, e)))
			return rc;
		if ((rc = lb_recipient_search(q->db, text, SEARCH_ROWS, found_row, &c, e))) {
			lb_rdoc_discard(c.o);
			return rc;
		}
		if ((rc = lb_rdoc_close(c.o, e)))
			return rc;
		if (c.n == SEARCH_ROWS && (rc = lb_html_raw(r, "<p class=\"catatan\">Ditampilkan 50 pertama; persempit pencarian.</p>", e)))
			return rc;
	}
	return lb_html_end(q, r);
}

static int history_row(void *arg, const struct lb_status_change *s, lb_err *e)
{
	struct rcp *c = arg;
	char day[32];
	lb_day d;
	const char *vals[4];

	if (lb_date_parse(s->day, "day", &d, NULL) == LB_OK)
		lb_date_format_id(d, day);
	else
		snprintf(day, sizeof day, "%s", s->day);
	vals[0] = day;
	vals[1] = s->status;
	vals[2] = s->reason;
	vals[3] = s->operator;
	return lb_rdoc_cells(c->o, vals, e);
}

static int alloc_row(void *arg, const struct lb_recipient_alloc *a, lb_err *e)
{
	struct rcp *c = arg;
	char day[32] = "", per[24] = "";
	const char *vals[6];
	lb_day d;
	int p;

	if (a->redeemed_day[0] && lb_date_parse(a->redeemed_day, "day", &d, NULL) == LB_OK)
		lb_date_format_id(d, day);
	if (lb_period_parse(a->period, "period", &p, NULL) == LB_OK)
		lb_period_format_id(p, per);
	vals[0] = a->program;
	vals[1] = per;
	vals[2] = a->point;
	vals[3] = strcmp(a->status, "cancelled") == 0 ? "dibatalkan" : a->redeemed_day[0] ? "ditebus" : "belum diambil";
	vals[4] = day;
	vals[5] = a->proxy[0] ? a->proxy : (a->redeemed_day[0] ? "sendiri" : "");
	return lb_rdoc_cells(c->o, vals, e);
}

static int detail(struct lb_req *q, struct lb_resp *r, const struct lb_recipient *p, int full_nik)
{
	static const struct lb_col hcols[] = { { "Tanggal", 0 }, { "Status", 0 }, { "Alasan", 0 }, { "Petugas", 0 } };
	static const struct lb_col acols[] = {
		{ "Program", 0 }, { "Ronde", 0 }, { "Titik salur", 0 }, { "Keadaan", 0 }, { "Tanggal tebus", 0 }, { "Diambil oleh", 0 },
	};
	struct rcp c = { q, r, NULL, 0 };
	char masked[LB_NIK_LEN + 1], kk[LB_NIK_LEN + 1] = "", village[LB_REGION_NAME_MAX] = "", born[32];
	char id[32], desil[8];
	int found, rc;
	lb_err *e = &q->err;
	lb_day d;
	const struct lb_col kv[] = { { "Data", 0 }, { "Isi", 0 } };
	lb_rdoc *o;

	lb_nik_mask(p->nik, masked);
	if (p->kk[0])
		lb_nik_mask(p->kk, kk);
	if ((rc = lb_region_name(q->db, LB_REGION_VILLAGE, p->village, village, &found, e)))
		return rc;
	if (lb_date_parse(p->birth_date, "birth", &d, NULL) == LB_OK)
		lb_date_format_id(d, born);
	else
		snprintf(born, sizeof born, "%s", p->birth_date);
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(desil, sizeof desil, "%d", p->desil);
	/* the title holds the name only: never a NIK */
	if ((rc = lb_html_begin(q, r, p->name)) || (rc = lb_rdoc_html_list(&r->body, kv, 2, &o, e)))
		return rc;
	{
		char vil[LB_REGION_NAME_MAX + 32];
		snprintf(vil, sizeof vil, "%s (%s)", village, p->village);
		const char *rows[][2] = {
			{ "NIK", full_nik ? p->nik : masked },
			{ "No. KK", kk },
			{ "Jenis kelamin", strcmp(p->sex, "L") == 0 ? "Laki-laki" : "Perempuan" },
			{ "Tanggal lahir", born },
			{ "Alamat", p->address },
			{ "Desa", vil },
			{ "Kategori", p->category },
			{ "Desil", p->desil ? desil : "" },
			{ "Wakil", p->proxy_name },
			{ "Status", p->status },
			{ "Token", p->token },
		};
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
			if ((rc = lb_rdoc_cells(o, rows[i], e))) {
				lb_rdoc_discard(o);
				return rc;
			}
		if ((rc = lb_rdoc_close(o, e)))
			return rc;
	}
	if (!full_nik && lb_caps_has(q->user.caps, "n")) {
		if ((rc = lb_html_raw(r, "<form class=\"isian\" method=\"post\" action=\"/penerima/nik\">"
					 "<input type=\"hidden\" name=\"id\" value=\"", e)) ||
		    (rc = lb_html_text(r, id, e)) || (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_csrf(q, r)) ||
		    (rc = lb_html_raw(r, "<button type=\"submit\">Tampilkan NIK lengkap</button>"
					 "<span class=\"catatan\">Setiap penampilan NIK dicatat di log audit.</span></form>", e)))
			return rc;
	}
	if (full_nik && (rc = lb_html_raw(r, "<p class=\"catatan\">NIK lengkap ditampilkan dan dicatat di log audit.</p>", e)))
		return rc;
	if (strcmp(p->status, "aktif") == 0 && lb_caps_has(q->user.caps, "fw") &&
	    ((rc = lb_html_raw(r, "<p><a href=\"/penerima/tinjau?id=", e)) || (rc = lb_html_text(r, id, e)) ||
	     (rc = lb_html_raw(r, "\">Laporkan untuk verifikasi lapangan</a></p>", e))))
		return rc;
	if ((rc = lb_html_raw(r, "<h2>Riwayat status</h2>", e)) || (rc = lb_rdoc_html_list(&r->body, hcols, 4, &c.o, e)))
		return rc;
	if ((rc = lb_recipient_history(q->db, p->id, history_row, &c, e))) {
		lb_rdoc_discard(c.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(c.o, e)) || (rc = lb_html_raw(r, "<h2>Alokasi dan penebusan</h2>", e)) ||
	    (rc = lb_rdoc_html_list(&r->body, acols, 6, &c.o, e)))
		return rc;
	if ((rc = lb_alloc_of_recipient(q->db, p->id, alloc_row, &c, e))) {
		lb_rdoc_discard(c.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(c.o, e)))
		return rc;
	return lb_html_end(q, r);
}

static int recipient_arg(struct lb_req *q, const char *s, struct lb_recipient *p)
{
	int64_t id;
	int found, rc;

	if (!s || !*s)
		return lb_fail(&q->err, LB_EINPUT, "which recipient? (id missing)");
	if ((rc = lb_int_parse(s, "id", 1, INT64_MAX, &id, &q->err)))
		return rc;
	if ((rc = lb_recipient_get(q->db, id, p, &found, &q->err)))
		return rc;
	if (!found)
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "no recipient has id %lld", (long long)id), LB_WE_NODATA,
				  "Penerima itu tidak ada di daftar penerima.");
	return LB_OK;
}

int lb_pg_recipient(struct lb_req *q, struct lb_resp *r)
{
	struct lb_recipient p;
	int rc;

	if ((rc = recipient_arg(q, lb_form_get(&q->query, "id"), &p)))
		return rc;
	return detail(q, r, &p, 0);
}

int lb_pg_recipient_nik(struct lb_req *q, struct lb_resp *r)
{
	struct lb_recipient p;
	char subject[64];
	int rc;

	if ((rc = recipient_arg(q, lb_form_get(&q->form, "id"), &p)))
		return rc;
	snprintf(subject, sizeof subject, "recipient %lld", (long long)p.id);
	if ((rc = lb_audit_add(q->db, q->user.name, q->address, "nik.show", subject, "ok", &q->err)))
		return rc;
	return detail(q, r, &p, 1);
}
