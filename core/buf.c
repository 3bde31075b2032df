/*
 * buf.c — growable strings. See buf.h.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty[1];

void lb_buf_init(lb_buf *b)
{
	b->data = empty;
	b->len = 0;
	b->cap = 0;
}

void lb_buf_release(lb_buf *b)
{
	if (b->cap)
		free(b->data);
	lb_buf_init(b);
}

void lb_buf_reset(lb_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

int lb_buf_grow(lb_buf *b, size_t extra, lb_err *e)
{
	size_t need, cap;
	char *p;

	if (extra > (size_t)-1 / 2 - b->len)
		return lb_oom(e);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return LB_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->cap ? b->data : NULL, cap);
	if (!p)
		return lb_oom(e);
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return LB_OK;
}

int lb_buf_add(lb_buf *b, const void *p, size_t n, lb_err *e)
{
	if (lb_buf_grow(b, n, e))
		return LB_ESYS;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return LB_OK;
}

int lb_buf_adds(lb_buf *b, const char *s, lb_err *e)
{
	return lb_buf_add(b, s, strlen(s), e);
}

int lb_buf_addc(lb_buf *b, char c, lb_err *e)
{
	return lb_buf_add(b, &c, 1, e);
}

int lb_buf_vaddf(lb_buf *b, lb_err *e, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return lb_fail(e, LB_ESYS, "cannot format text");
	if (lb_buf_grow(b, (size_t)n, e))
		return LB_ESYS;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return LB_OK;
}

int lb_buf_addf(lb_buf *b, lb_err *e, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = lb_buf_vaddf(b, e, fmt, ap);
	va_end(ap);
	return rc;
}

char *lb_buf_detach(lb_buf *b)
{
	char *p;

	if (!b->cap) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
		return p;
	}
	p = b->data;
	lb_buf_init(b);
	return p;
}
