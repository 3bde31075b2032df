/*
 * dispatch.c — the one check before a page runs. See dispatch.h.
 */
#include "web/dispatch.h"

#include <stdio.h>
#include <string.h>

#include "web/csrf.h"
#include "web/html.h"
#include "web/idem.h"

/* Heavy pages running now. */
static int heavy;

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
	if (is_post && (p->flags & LB_PG_WRITE) && (rc = lb_idem_begin(q, r)) != LB_IDEM_RUN) {
		if (rc == LB_IDEM_NOKEY)
			lb_html_error(q, r, LB_WE_INPUT,
				      "Formulir ini tidak membawa kunci sekali pakai (formulir lama atau tidak lengkap). "
				      "Muat ulang halaman, lalu kirim lagi.", NULL);
		else if (rc == LB_IDEM_STILL_RUNNING)
			lb_html_error(q, r, LB_WE_BUSY,
				      "Formulir yang sama masih diproses dari kiriman sebelumnya. "
				      "Tunggu sebentar lalu periksa hasilnya di menu Penebusan.", NULL);
		else if (rc == LB_IDEM_BUSY)
			lb_html_error(q, r, LB_WE_BUSY, NULL, NULL);
		else if (rc == LB_IDEM_FAILED)
			lb_html_error(q, r, LB_WE_SYSTEM, "Server tidak dapat membaca basis data.", q->err.msg);
		if (p->flags & LB_PG_HEAVY)
			__atomic_sub_fetch(&heavy, 1, __ATOMIC_ACQ_REL);
		return;
	}
	lb_err_clear(&q->err);
	q->why_kind = 0;
	q->why = NULL;
	rc = p->fn(q, r);
	/* no page leaves its audit hook on a pooled connection */
	if (q->db)
		lb_db_on_commit(q->db, NULL, NULL);
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
