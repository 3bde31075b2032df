/*
 * html.c — the page frame, error pages and markup helpers. See html.h.
 */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/money.h"
#include "core/output.h"

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
	    (rc = lb_html_add(&r->body, q->csrf, &q->err)) || (rc = lb_buf_adds(&r->body, "\">", &q->err)))
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

void lb_html_error(struct lb_req *q, struct lb_resp *r, int status, const char *what, const char *todo,
		   const char *detail)
{
	lb_err e2 = { 0 };
	int rc;

	if (r->fd >= 0) {
		/* a download that failed before it was sent */
		lb_resp_release(r);
		lb_resp_init(r);
	}
	lb_buf_reset(&r->body);
	r->ncookies = r->ncookies; /* cookies already set (a logout) still go out */
	r->location[0] = 0;
	r->status = status;
	rc = lb_html_begin(q, r, what);
	if (!rc)
		rc = lb_buf_adds(&r->body, "<div class=\"galat\"><p>", &e2);
	if (!rc)
		rc = lb_html_add(&r->body, todo, &e2);
	if (!rc)
		rc = lb_buf_adds(&r->body, "</p>", &e2);
	if (!rc && detail && *detail) {
		rc = lb_buf_adds(&r->body, "<p class=\"rinci\">Keterangan: ", &e2);
		if (!rc)
			rc = lb_html_add(&r->body, detail, &e2);
		if (!rc)
			rc = lb_buf_adds(&r->body, "</p>", &e2);
	}
	if (!rc)
		rc = lb_buf_adds(&r->body, "<p><a href=\"/\">Kembali ke Beranda</a></p></div>", &e2);
	if (!rc)
		rc = lb_html_end(q, r);
	if (rc) {
		lb_buf_reset(&r->body);
		r->type = "text/plain; charset=utf-8";
		(void)lb_buf_adds(&r->body, "Terjadi kesalahan pada server.\n", &e2);
	}
}
