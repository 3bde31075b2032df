/*
 * err.c — filling lb_err values. See err.h.
 */
#include "err.h"
#include "mask.h"

#include <stdio.h>
#include <string.h>

int lb_vfail(lb_err *e, int code, const char *fmt, va_list ap)
{
	if (e) {
		e->code = code;
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		/* Whatever a caller quoted, a NIK never leaves in a message. */
		lb_digits_mask(e->msg);
	}
	return code;
}

int lb_fail(lb_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lb_vfail(e, code, fmt, ap);
	va_end(ap);
	return code;
}

int lb_err_prefix(lb_err *e, const char *fmt, ...)
{
	char head[LB_ERR_MAX], old[LB_ERR_MAX];
	va_list ap;

	if (!e)
		return LB_OK;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	snprintf(e->msg, sizeof e->msg, "%s: %s", head, old);
	lb_digits_mask(e->msg);
	return e->code;
}

void lb_err_clear(lb_err *e)
{
	if (e) {
		e->code = LB_OK;
		e->msg[0] = '\0';
	}
}

int lb_oom(lb_err *e)
{
	return lb_fail(e, LB_ESYS, "out of memory");
}
