/*
 * pages.c — the registry of pages and the one check before each runs.
 * See pages.h.
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "web/csrf.h"
#include "web/html.h"

/*
 * Every page: path, capability letters (core/user.h), methods, handler,
 * menu name. Paths match exactly; there are no patterns, so a path made
 * of dots and slashes names nothing.
 */
const struct lb_page lb_pages[] = {
	{ "/login", "", LB_PG_PUBLIC | LB_PG_GET | LB_PG_POST, lb_pg_login, NULL },
	{ "/logout", "", LB_PG_GET | LB_PG_POST, lb_pg_logout, NULL },
	{ "/static/lumbung.css", "", LB_PG_PUBLIC | LB_PG_GET, lb_pg_asset, NULL },
	{ "/static/lumbung.js", "", LB_PG_PUBLIC | LB_PG_GET, lb_pg_asset, NULL },
	{ "/", "h", LB_PG_GET, lb_pg_home, "Beranda" },
	{ "/stok", "s", LB_PG_GET, lb_pg_stock, "Stok" },
	{ "/stok/buku", "s", LB_PG_GET, lb_pg_stock_ledger, NULL },
	{ "/stok/kedaluwarsa", "s", LB_PG_GET, lb_pg_stock_expiring, NULL },
	/* POST: a search by NIK, so that the NIK never is in a URL */
	{ "/penerima", "r", LB_PG_GET | LB_PG_POST, lb_pg_recipients, "Penerima" },
	{ "/penerima/lihat", "r", LB_PG_GET, lb_pg_recipient, NULL },
	{ "/penerima/nik", "rn", LB_PG_POST, lb_pg_recipient_nik, NULL },
	{ "/ronde", "v", LB_PG_GET, lb_pg_rounds, "Ronde" },
	{ "/ronde/lihat", "v", LB_PG_GET, lb_pg_round, NULL },
	{ "/penebusan", "x", LB_PG_GET, lb_pg_redemptions, "Penebusan" },
	{ "/laporan", "p", LB_PG_GET, lb_pg_reports, "Laporan" },
	{ "/laporan/lihat", "p", LB_PG_GET | LB_PG_HEAVY, lb_pg_report, NULL },
	{ "/laporan/unduh", "p", LB_PG_GET | LB_PG_HEAVY, lb_pg_report_download, NULL },
	{ "/admin/pengguna", "l", LB_PG_GET, lb_pg_users, "Pengguna" },
	{ "/admin/pengguna/tambah", "uw", LB_PG_POST, lb_pg_user_add, NULL },
	{ "/admin/pengguna/nonaktif", "uw", LB_PG_POST, lb_pg_user_disable, NULL },
	{ "/admin/kunci", "k", LB_PG_GET, lb_pg_keys, "Kunci" },
	{ "/admin/audit", "l", LB_PG_GET, lb_pg_audit, "Audit" },
	{ NULL, NULL, 0, NULL, NULL },
};

/* Heavy pages running now. */
static int heavy;

const struct lb_page *lb_page_find(const char *path)
{
	for (const struct lb_page *p = lb_pages; p->path; p++)
		if (strcmp(p->path, path) == 0)
			return p;
	return NULL;
}

void lb_resp_init(struct lb_resp *r)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->type = "text/html; charset=utf-8";
	lb_buf_init(&r->body);
	r->fd = -1;
}

void lb_resp_release(struct lb_resp *r)
{
	lb_buf_release(&r->body);
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

void lb_resp_redirect(struct lb_resp *r, const char *path)
{
	r->status = 303;
	snprintf(r->location, sizeof r->location, "%s", path);
}

void lb_resp_cookie(struct lb_resp *r, const struct lb_req *q, const char *name, const char *value,
		    long max_age)
{
	if (r->ncookies >= LB_RESP_COOKIES)
		return;
	snprintf(r->cookies[r->ncookies++], sizeof r->cookies[0],
		 "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s", name, value, max_age,
		 q->tls ? "; Secure" : "");
}

static void refuse(struct lb_req *q, struct lb_resp *r, const char *detail)
{
	lb_html_error(q, r, 403, "Akses ditolak",
		      "Anda tidak berwenang membuka halaman ini atau permintaan tidak sah. "
		      "Muat ulang halaman lalu coba lagi, atau minta admin memberi peran yang sesuai.",
		      detail);
}

void lb_web_handle(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_page *p = lb_page_find(q->path);
	int is_post = strcmp(q->method, "POST") == 0;
	int is_get = strcmp(q->method, "GET") == 0 || strcmp(q->method, "HEAD") == 0;
	char cookie[LB_TOKEN_HEX + 2];
	int found = 0, rc;

	/* Who is asking: the session cookie, else the pre-login cookie
	 * (which only the login form's CSRF token uses). */
	q->logged_in = 0;
	q->token[0] = q->csrf[0] = 0;
	if (q->cookie && lb_cookie_get(q->cookie, LB_SESSION_COOKIE, cookie, sizeof cookie) &&
	    lb_token_valid(cookie)) {
		if ((rc = lb_session_lookup(q->db, cookie, q->now, &q->user, &found, &q->err))) {
			lb_html_error(q, r, 500, "Kesalahan server",
				      "Server tidak dapat membaca basis data. Coba lagi sebentar lagi; bila berulang, hubungi admin.",
				      NULL);
			return;
		}
		if (found) {
			q->logged_in = 1;
			snprintf(q->token, sizeof q->token, "%s", cookie);
		}
	}
	if (!q->logged_in && q->cookie && lb_cookie_get(q->cookie, LB_PRELOGIN_COOKIE, cookie, sizeof cookie) &&
	    lb_token_valid(cookie))
		snprintf(q->token, sizeof q->token, "%s", cookie);
	if (q->token[0])
		lb_csrf_token(q->token, q->csrf);

	/* Without a session nothing but the public pages answers, whatever
	 * the path or method: a GET goes to the login page, anything else is
	 * refused, before any page or method is looked at. */
	if (!(p && (p->flags & LB_PG_PUBLIC)) && !q->logged_in) {
		if (is_get) {
			lb_resp_redirect(r, "/login");
			return;
		}
		refuse(q, r, "belum masuk atau sesi sudah berakhir");
		return;
	}
	if (q->bad_body) {
		lb_html_error(q, r, 400, "Isian tidak dapat dibaca",
			      "Formulir yang dikirim rusak atau tidak dikenal. Muat ulang halaman lalu kirim lagi.", NULL);
		return;
	}
	if (!p) {
		lb_html_error(q, r, 404, "Halaman tidak ditemukan",
			      "Alamat ini tidak ada di lumbung. Periksa alamatnya atau pilih dari menu.", NULL);
		return;
	}
	if (!((is_get && (p->flags & LB_PG_GET)) || (is_post && (p->flags & LB_PG_POST)))) {
		lb_html_error(q, r, 405, "Cara permintaan tidak diterima",
			      "Halaman ini tidak menerima permintaan seperti itu. Buka halaman lewat menu.", NULL);
		return;
	}
	if (is_post) {
		if (!lb_origin_check(q->origin, q->host, q->tls)) {
			refuse(q, r, "asal permintaan (Origin) tidak cocok dengan server ini");
			return;
		}
		if (!q->token[0] || !lb_csrf_check(q->token, lb_form_get(&q->form, "csrf"))) {
			refuse(q, r, "token formulir (csrf) tidak ada atau tidak cocok");
			return;
		}
	}
	if (q->logged_in && !lb_caps_has(q->user.caps, p->caps)) {
		refuse(q, r, "peran Anda tidak mencakup halaman ini");
		return;
	}
	if (!q->logged_in && p->caps[0]) {
		refuse(q, r, NULL);
		return;
	}
	if (p->flags & LB_PG_HEAVY) {
		/* reports of a large round take seconds: keep the rest of the
		 * server's connections for everyone else */
		if (__atomic_add_fetch(&heavy, 1, __ATOMIC_ACQ_REL) > LB_WEB_HEAVY) {
			__atomic_sub_fetch(&heavy, 1, __ATOMIC_ACQ_REL);
			lb_html_error(q, r, 503, "Server sedang sibuk membuat laporan",
				      "Laporan lain sedang dibuat. Tunggu sebentar, lalu muat ulang halaman ini.", NULL);
			return;
		}
	}
	lb_err_clear(&q->err);
	rc = p->fn(q, r);
	if (p->flags & LB_PG_HEAVY)
		__atomic_sub_fetch(&heavy, 1, __ATOMIC_ACQ_REL);
	if (q->db && lb_db_in_tx(q->db))
		lb_db_rollback(q->db); /* a page that failed half-way */
	switch (rc) {
	case LB_OK:
		break;
	case LB_EINPUT:
		lb_html_error(q, r, 400, "Isian tidak dapat diproses",
			      "Periksa kembali isian atau alamat halaman, lalu coba lagi.", q->err.msg);
		break;
	case LB_ERULE:
		lb_html_error(q, r, 409, "Ditolak oleh aturan",
			      "Permintaan ini tidak sesuai aturan program. Periksa keterangan di bawah.", q->err.msg);
		break;
	default:
		lb_html_error(q, r, 500, "Kesalahan server",
			      "Server gagal menyelesaikan permintaan. Coba lagi; bila berulang, hubungi admin.",
			      q->err.msg);
		break;
	}
}
