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
/* The hidden field every form carries. */
int lb_html_csrf(struct lb_req *q, struct lb_resp *r);
/* Rp1.234.500 and 1.234 into out. */
void lb_html_rupiah(int64_t v, char out[32]);
void lb_html_int(int64_t v, char out[32]);

/* Replace r with an error page: status, what went wrong and what to do
 * (Bahasa Indonesia), and detail (the module's message) when not NULL. */
void lb_html_error(struct lb_req *q, struct lb_resp *r, int status, const char *what, const char *todo,
		   const char *detail);

#endif
