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
#include "web/idem.h"

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
	/* issue 13, the distribution team: scan page, undo, handover photo,
	 * print jobs (status polled by the script), field kit upload */
	{ "/redeem", "xw", LB_PG_GET | LB_PG_POST | LB_PG_WRITE | LB_PG_UPLOAD, lb_pg_redeem, "Pindai" },
	{ "/redeem/batal", "xw", LB_PG_GET | LB_PG_POST | LB_PG_WRITE, lb_pg_redeem_undo, NULL },
	{ "/redeem/foto", "xn", LB_PG_GET, lb_pg_redeem_photo, NULL },
	{ "/cetak", "xw", LB_PG_GET, lb_pg_print, "Cetak" },
	{ "/cetak/mulai", "xw", LB_PG_POST | LB_PG_WRITE, lb_pg_print_job, NULL },
	{ "/cetak/status", "xw", LB_PG_GET, lb_pg_print_status, NULL },
	{ "/cetak/unduh", "xw", LB_PG_GET, lb_pg_print_file, NULL },
	{ "/kit", "xw", LB_PG_GET | LB_PG_POST | LB_PG_WRITE | LB_PG_UPLOAD, lb_pg_kit, "Kit" },
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

int lb_web_why(struct lb_req *q, int rc, int kind, const char *why)
{
	if (rc) {
		q->why_kind = kind;
		q->why = why;
	}
	return rc;
}

int lb_web_sees_point(const struct lb_req *q, const char *code, int64_t location_id)
{
	if (!q->user.limited)
		return 1;
	if (!code)
		return lb_user_may_see_point(&q->user, location_id);
	for (int i = 0; i < q->user.npoints; i++)
		if (strcmp(q->point_codes[i], code) == 0)
			return 1;
	return 0;
}

/* The codes of a penyalur's points, once per request: rows of the
 * redemption log and the reconciliation name points by code. */
static int load_point_codes(struct lb_req *q)
{
	struct lb_location l;
	int rc;

	for (int i = 0; i < q->user.npoints && i < LB_USER_POINTS_MAX; i++) {
		if ((rc = lb_location_get(q->db, q->user.points[i], &l, &q->err)))
			return rc;
		snprintf(q->point_codes[i], sizeof q->point_codes[i], "%s", l.code);
	}
	return LB_OK;
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
			lb_html_error(q, r, LB_WE_SYSTEM, "Server tidak dapat membaca basis data untuk memeriksa sesi Anda.",
				      q->err.msg);
			return;
		}
		if (found) {
			q->logged_in = 1;
			snprintf(q->token, sizeof q->token, "%s", cookie);
			if (q->user.limited && load_point_codes(q)) {
				lb_html_error(q, r, LB_WE_SYSTEM, "Server tidak dapat membaca titik salur Anda.",
					      q->err.msg);
				return;
			}
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
		lb_html_error(q, r, LB_WE_EXPIRED, NULL, NULL);
		return;
	}
	if (q->bad_body) {
		lb_html_error(q, r, LB_WE_BADFORM, NULL, NULL);
		return;
	}
	if (!p) {
		lb_html_error(q, r, LB_WE_NOTFOUND, "Alamat ini tidak ada di lumbung.", NULL);
		return;
	}
	if (!((is_get && (p->flags & LB_PG_GET)) || (is_post && (p->flags & LB_PG_POST)))) {
		lb_html_error(q, r, LB_WE_METHOD, NULL, NULL);
		return;
	}
	if (is_post) {
		if (!lb_origin_check(q->origin, q->host, q->tls)) {
			lb_html_error(q, r, LB_WE_TOKEN, NULL, NULL);
			return;
		}
		if (!q->token[0] || !lb_csrf_check(q->token, lb_form_get(&q->form, "csrf"))) {
			lb_html_error(q, r, LB_WE_TOKEN, NULL, NULL);
			return;
		}
	}
	if (q->logged_in && !lb_caps_has(q->user.caps, p->caps)) {
		lb_html_error(q, r, LB_WE_FORBIDDEN, NULL, NULL);
		return;
	}
	if (!q->logged_in && p->caps[0]) {
		lb_html_error(q, r, LB_WE_FORBIDDEN, NULL, NULL);
		return;
	}
	if (p->flags & LB_PG_HEAVY) {
		/* reports of a large round take seconds: keep the rest of the
		 * server's connections for everyone else */
		if (__atomic_add_fetch(&heavy, 1, __ATOMIC_ACQ_REL) > LB_WEB_HEAVY) {
			__atomic_sub_fetch(&heavy, 1, __ATOMIC_ACQ_REL);
			lb_html_error(q, r, LB_WE_BUSY, NULL, NULL);
			return;
		}
	}
	/* A writing page's POST runs once per form (web/idem.h). */
	if (is_post && (p->flags & LB_PG_WRITE) && lb_idem_begin(q, r) == LB_IDEM_ANSWERED) {
		if (p->flags & LB_PG_HEAVY)
			__atomic_sub_fetch(&heavy, 1, __ATOMIC_ACQ_REL);
		return;
	}
	lb_err_clear(&q->err);
	q->why_kind = 0;
	q->why = NULL;
	rc = p->fn(q, r);
	if (p->flags & LB_PG_HEAVY)
		__atomic_sub_fetch(&heavy, 1, __ATOMIC_ACQ_REL);
	if (q->db && lb_db_in_tx(q->db))
		lb_db_rollback(q->db); /* a page that failed half-way */
	if (rc) {
		int kind = q->why_kind ? q->why_kind
			   : rc == LB_EINPUT ? LB_WE_INPUT
			   : rc == LB_ERULE  ? LB_WE_RULE
					     : LB_WE_SYSTEM;
		lb_html_error(q, r, kind, q->why, q->err.msg);
	}
	lb_idem_end(q, r);
}
