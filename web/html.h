/*
 * html.h — the frame every page shares (head, menu, footer), error pages,
 * and small pieces of markup. Every dynamic text goes through
 * lb_html_add (core/output.c), the one escaping function; the functions
 * here that take text escape it.
 *
 * Pages write into r->body; the functions return LB_OK or LB_ESYS (out
 * of memory, with q->err filled).
 */
#ifndef LB_WEB_HTML_H
#define LB_WEB_HTML_H

#include <stdint.h>
#include "web/pages.h"

/* Start a page: title (escaped) in <title> and <h1>, the menu of what
 * the user may open, who is logged in and a logout button. */
int lb_html_begin(struct lb_req *q, struct lb_resp *r, const char *title);
int lb_html_end(struct lb_req *q, struct lb_resp *r);

/* Escaped text; a printf-style line whose result is escaped as a whole. */
int lb_html_text(struct lb_resp *r, const char *s, lb_err *e);
int lb_html_textf(struct lb_resp *r, lb_err *e, const char *fmt, ...) LB_PRINTF(3, 4);
/* Markup we wrote ourselves (never user data). */
int lb_html_raw(struct lb_resp *r, const char *s, lb_err *e);
/* The hidden fields every form carries: csrf, and a fresh one-time key
 * idem (web/idem.h) that pages flagged LB_PG_WRITE require. */
int lb_html_csrf(struct lb_req *q, struct lb_resp *r);
/* Rp1.234.500 and 1.234 into out. */
void lb_html_rupiah(int64_t v, char out[32]);
void lb_html_int(int64_t v, char out[32]);

/*
 * Error pages. Each kind says in Bahasa Indonesia what went wrong and
 * what to do; why (Indonesian, NULL for the kind's own sentence) says
 * what went wrong more precisely. The module's English lb_err message,
 * when there is one, only follows as a small "Rincian teknis" line for
 * whoever the staff call: the people reading the page are never left
 * with English alone.
 */
enum lb_web_err {
	LB_WE_NOTFOUND = 1, /* 404: an address that names no page */
	LB_WE_NODATA,       /* 400: a round, recipient, item or point named in the query that does not exist */
	LB_WE_INPUT,        /* 400: an address or form the page cannot use */
	LB_WE_BADFORM,      /* 400: a body that could not be decoded */
	LB_WE_METHOD,       /* 405 */
	LB_WE_RULE,         /* 409: refused by a rule of the program */
	LB_WE_FORBIDDEN,    /* 403: the user's roles do not cover it */
	LB_WE_POINT,        /* 403: another point's figures (a penyalur) */
	LB_WE_TOKEN,        /* 403: the form's csrf token or Origin is wrong */
	LB_WE_EXPIRED,      /* 403: not logged in, or the session ended */
	LB_WE_TOOMANY,      /* 429: too many requests or attempts */
	LB_WE_BUSY,         /* 503: too many reports at once */
	LB_WE_SYSTEM,       /* 500: the server failed */
};

/* The status an error kind is sent with. */
int lb_html_error_status(int kind);
/* Replace r with the error page of kind (see above). */
void lb_html_error(struct lb_req *q, struct lb_resp *r, int kind, const char *why, const char *detail);

#endif
