/*
 * text.c — UTF-8 and control-character checks. See text.h.
 */
#include "text.h"

#include <string.h>

size_t lb_utf8_valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (i + len > n)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, UTF-16 surrogates and past U+10FFFF. */
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return i;
		i += len;
	}
	return n;
}

int lb_utf8_valid(const char *s, size_t n)
{
	return lb_utf8_valid_prefix(s, n) == n;
}

int lb_text_check(const char *s, const char *what, size_t max, int required, lb_err *e)
{
	size_t len = strlen(s), ok;

	if (len == 0 && required)
		return lb_fail(e, LB_EINPUT, "%s is empty", what);
	if (len > max)
		return lb_fail(e, LB_EINPUT, "%s is too long (%zu bytes, at most %zu)", what, len, max);
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return lb_fail(e, LB_EINPUT, "%s must not contain control characters (line breaks, tabs)",
				       what);
	if ((ok = lb_utf8_valid_prefix(s, len)) != len)
		return lb_fail(e, LB_EINPUT,
			       "%s is not valid UTF-8 (byte %zu): save the text as UTF-8 (it may be Windows-1252)",
			       what, ok + 1);
	return LB_OK;
}
