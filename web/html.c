/*
 * html.c — the page frame, error pages and markup helpers. See html.h.
 */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/money.h"
#include "core/output.h"
#include "web/idem.h"

int lb_html_text(struct lb_resp *r, const char *s, lb_err *e)
{
	return lb_html_add(&r->body, s ? s : "", e);
}

int lb_html_textf(struct lb_resp *r, lb_err *e, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	return lb_html_add(&r->body, tmp, e);
}

int lb_html_raw(struct lb_resp *r, const char *s, lb_err *e)
{
	return lb_buf_adds(&r->body, s, e);
}

int lb_html_csrf(struct lb_req *q, struct lb_resp *r)
{
	int rc;
	if ((rc = lb_buf_adds(&r->body, "<input type=\"hidden\" name=\"csrf\" value=\"", &q->err)) ||
	    (rc = lb_html_add(&r->body, q->csrf, &q->err)) || (rc = lb_buf_adds(&r->body, "\">", &q->err)) ||
	    (rc = lb_idem_field(r, &q->err)))
		return rc;
	return LB_OK;
}

void lb_html_rupiah(int64_t v, char out[32])
{
	lb_money_format(v, out, 32);
}

void lb_html_int(int64_t v, char out[32])
{
	lb_int_format_id(v, out, 32);
}

int lb_html_begin(struct lb_req *q, struct lb_resp *r, const char *title)
{
	lb_buf *b = &r->body;
	lb_err *e = &q->err;
	int rc;

	r->type = "text/html; charset=utf-8";
	if ((rc = lb_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
				 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
				 "<title>", e)) ||
	    (rc = lb_html_add(b, title, e)) ||
	    (rc = lb_buf_adds(b, " — lumbung</title><link rel=\"stylesheet\" href=\"/static/lumbung.css\">"
				 "<script src=\"/static/lumbung.js\" defer></script></head><body>"
				 "<header><a class=\"merek\" href=\"/\">lumbung</a>", e)))
		return rc;
	if (q->logged_in) {
		if ((rc = lb_buf_adds(b, "<nav>", e)))
			return rc;
		for (const struct lb_page *p = lb_pages; p->path; p++) {
			if (!p->menu || !lb_caps_has(q->user.caps, p->caps))
				continue;
			if ((rc = lb_buf_adds(b, "<a href=\"", e)) || (rc = lb_html_add(b, p->path, e)) ||
			    (rc = lb_buf_adds(b, "\">", e)) || (rc = lb_html_add(b, p->menu, e)) ||
			    (rc = lb_buf_adds(b, "</a>", e)))
				return rc;
		}
		if ((rc = lb_buf_adds(b, "</nav><form class=\"keluar\" method=\"post\" action=\"/logout\">"
					 "<span class=\"pengguna\">", e)) ||
		    (rc = lb_html_add(b, q->user.name, e)) || (rc = lb_buf_adds(b, "</span>", e)) ||
		    (rc = lb_html_csrf(q, r)) ||
		    (rc = lb_buf_adds(b, "<button type=\"submit\">Keluar</button></form>", e)))
			return rc;
	}
	if ((rc = lb_buf_adds(b, "</header><main><h1>", e)) || (rc = lb_html_add(b, title, e)) ||
	    (rc = lb_buf_adds(b, "</h1>", e)))
		return rc;
	return LB_OK;
}

int lb_html_end(struct lb_req *q, struct lb_resp *r)
{
	return lb_buf_adds(&r->body, "</main><footer>lumbung — Dinas Sosial</footer></body></html>\n", &q->err);
}

/* Per kind: status, the page's title, what went wrong, what to do. The
 * titles are the ones staff already know from the first version. */
static const struct {
	int kind, status;
	const char *title, *what, *todo;
} errors[] = {
	{ LB_WE_NOTFOUND, 404, "Halaman tidak ditemukan",
	  "Alamat ini tidak ada di lumbung.",
	  "Periksa alamatnya, atau buka kembali lewat menu lalu pilih dari daftar." },
	/* 400, not 404: the page exists, what the address asks of it does not */
	{ LB_WE_NODATA, 400, "Data tidak ditemukan",
	  "Data yang diminta (ronde, penerima, barang, titik salur atau laporan) tidak ada di lumbung.",
	  "Buka kembali lewat menu lalu pilih dari daftar; tautan yang disimpan mungkin sudah tidak berlaku." },
	{ LB_WE_INPUT, 400, "Isian tidak dapat diproses",
	  "Isian atau alamat halaman tidak lengkap atau tidak sesuai bentuk yang diminta.",
	  "Periksa kembali isian Anda, lalu coba lagi. Bila membuka dari tautan, buka kembali lewat menu." },
	{ LB_WE_BADFORM, 400, "Isian tidak dapat dibaca",
	  "Formulir yang dikirim rusak atau tidak dikenal oleh server.",
	  "Muat ulang halaman, isi kembali formulirnya, lalu kirim lagi." },
	{ LB_WE_METHOD, 405, "Cara permintaan tidak diterima",
	  "Halaman ini tidak menerima permintaan seperti itu.",
	  "Buka halaman lewat menu, jangan lewat alamat yang diketik atau disimpan." },
	{ LB_WE_RULE, 409, "Ditolak oleh aturan",
	  "Permintaan ini tidak sesuai aturan program, sehingga tidak ada yang diubah.",
	  "Periksa data yang bersangkutan; bila menurut Anda aturan itu keliru diterapkan, hubungi admin atau keuangan." },
	{ LB_WE_FORBIDDEN, 403, "Akses ditolak",
	  "Peran Anda tidak mencakup halaman atau tindakan ini, sehingga tidak ada yang diubah.",
	  "Pilih halaman dari menu Anda, atau minta admin memberi peran yang sesuai." },
	{ LB_WE_POINT, 403, "Akses ditolak",
	  "Anda hanya dapat melihat data titik salur Anda sendiri.",
	  "Pilih titik salur Anda dari daftar. Bila Anda kini bertugas di titik lain, minta admin menambahkannya." },
	{ LB_WE_TOKEN, 403, "Akses ditolak",
	  "Permintaan tidak sah: formulir ini kedaluwarsa atau tidak dikirim dari halaman lumbung, sehingga tidak ada yang diubah.",
	  "Muat ulang halaman, lalu kirim formulirnya lagi dari halaman itu." },
	{ LB_WE_EXPIRED, 403, "Akses ditolak",
	  "Anda belum masuk, atau sesi Anda sudah berakhir, sehingga tidak ada yang diubah.",
	  "Masuk kembali lewat halaman Masuk, lalu ulangi langkah Anda." },
	{ LB_WE_TOOMANY, 429, "Terlalu banyak permintaan",
	  "Terlalu banyak permintaan atau percobaan dalam waktu singkat.",
	  "Tunggu beberapa menit, lalu coba lagi." },
	{ LB_WE_BUSY, 503, "Server sedang sibuk membuat laporan",
	  "Laporan lain sedang dibuat, dan server membuat paling banyak dua sekaligus.",
	  "Tunggu sebentar, lalu muat ulang halaman ini." },
	{ LB_WE_SYSTEM, 500, "Kesalahan server",
	  "Server gagal menyelesaikan permintaan ini; tidak ada yang diubah.",
	  "Coba lagi sebentar lagi. Bila berulang, hubungi admin dan sebutkan waktu kejadiannya." },
};
#define NERRORS (sizeof errors / sizeof errors[0])

static size_t error_index(int kind)
{
	for (size_t i = 0; i < NERRORS; i++)
		if (errors[i].kind == kind)
			return i;
	return NERRORS - 1; /* an unknown kind is the server's own failure */
}

int lb_html_error_status(int kind)
{
	return errors[error_index(kind)].status;
}

void lb_html_error(struct lb_req *q, struct lb_resp *r, int kind, const char *why, const char *detail)
{
	size_t k = error_index(kind);
	lb_buf *b = &r->body;
	lb_err e2 = { 0 };
	int rc;

	if (r->fd >= 0) {
		/* a download that failed before it was sent */
		lb_resp_release(r);
		lb_resp_init(r);
	}
	lb_buf_reset(b);
	/* cookies already set (a logout) still go out */
	r->location[0] = 0;
	r->filename[0] = 0;
	r->status = errors[k].status;
	rc = lb_html_begin(q, r, errors[k].title);
	if (!rc)
		rc = lb_buf_adds(b, "<div class=\"galat\"><p class=\"apa\"><b>Apa yang terjadi:</b> ", &e2);
	if (!rc)
		rc = lb_html_add(b, why && *why ? why : errors[k].what, &e2);
	if (!rc)
		rc = lb_buf_adds(b, "</p><p class=\"saran\"><b>Yang dapat Anda lakukan:</b> ", &e2);
	if (!rc)
		rc = lb_html_add(b, errors[k].todo, &e2);
	if (!rc)
		rc = lb_buf_adds(b, "</p>", &e2);
	if (!rc && (kind == LB_WE_EXPIRED || !q->logged_in))
		rc = lb_buf_adds(b, "<p><a href=\"/login\">Masuk</a></p>", &e2);
	else if (!rc)
		rc = lb_buf_adds(b, "<p><a href=\"/\">Kembali ke Beranda</a></p>", &e2);
	if (!rc)
		rc = lb_buf_adds(b, "</div>", &e2);
	if (!rc && detail && *detail) {
		/* for the admin the staff call: secondary, after the way out */
		rc = lb_buf_adds(b, "<p class=\"rinci\">Rincian teknis (untuk admin): ", &e2);
		if (!rc)
			rc = lb_html_add(b, detail, &e2);
		if (!rc)
			rc = lb_buf_adds(b, "</p>", &e2);
	}
	if (!rc)
		rc = lb_html_end(q, r);
	if (rc) {
		lb_buf_reset(b);
		r->type = "text/plain; charset=utf-8";
		(void)lb_buf_adds(b, "Terjadi kesalahan pada server. Coba lagi sebentar lagi.\n", &e2);
	}
}
