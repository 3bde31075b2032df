/*
 * names.c — checks on codes, keys and text. See names.h.
 */
#include "inventory/names.h"

#include <ctype.h>
#include <string.h>

static int code_like(const char *s, const char *what, size_t max, const char *extra, lb_err *e)
{
	size_t len = strlen(s);

	if (len == 0)
		return lb_fail(e, LB_EINPUT, "%s is empty", what);
	if (s[0] == '@')
		return lb_fail(e, LB_EINPUT,
			       "%s '%s': codes starting with '@' are reserved for the ledger's own accounts",
			       what, s);
	if (len > max)
		return lb_fail(e, LB_EINPUT, "%s '%.60s' is too long (at most %zu characters)", what, s, max);
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-' &&
		    !(extra && strchr(extra, *p)))
			return lb_fail(e, LB_EINPUT,
				       "%s '%s' may hold only letters, digits, '.', '_', '-'%s (found '%c')",
				       what, s, extra ? " and '/'" : "", isprint((unsigned char)*p) ? *p : '?');
	return LB_OK;
}

int lb_code_check(const char *s, const char *what, lb_err *e)
{
	return code_like(s, what, LB_CODE_MAX, NULL, e);
}

int lb_lot_code_check(const char *s, const char *what, lb_err *e)
{
	return code_like(s, what, LB_LOT_MAX, "/", e);
}

int lb_key_check(const char *s, const char *what, lb_err *e)
{
	size_t len = strlen(s);

	if (len == 0)
		return lb_fail(e, LB_EINPUT, "%s is empty", what);
	if (len > LB_KEY_MAX)
		return lb_fail(e, LB_EINPUT, "%s '%.70s' is too long (at most %d characters)", what, s,
			       LB_KEY_MAX);
	for (const char *p = s; *p; p++) {
		if (*p == '#')
			return lb_fail(e, LB_EINPUT,
				       "%s '%s' must not contain '#' (lumbung numbers the parts of a split movement KEY#2, KEY#3)",
				       what, s);
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return lb_fail(e, LB_EINPUT, "%s '%s' may hold only printable characters without spaces",
				       what, s);
	}
	return LB_OK;
}
