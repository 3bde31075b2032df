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

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_group_sep(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' || c == '_' || c == ':' || c == ',';
}

/* A date "YYYY-MM-DD" or a period "YYYY-MM" at s, not followed by a
 * digit: its length, else 0. */
static size_t date_len(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : !is_digit(s[i]))
			return 0;
	if (s[7] == '-' && is_digit(s[8]) && is_digit(s[9]) && !is_digit(s[10]))
		return 10;
	return is_digit(s[7]) ? 0 : 7;
}

/* Digits grouped by dots in thousands ("1.000.000.000"): a number as
 * people write amounts, not an id. */
static int thousands(const char *s, size_t from, size_t to)
{
	size_t group = 0, groups = 0;

	for (size_t k = from; k <= to; k++) {
		if (is_digit(s[k])) {
			group++;
			continue;
		}
		if (s[k] != '.' || group == 0 || (groups ? group != 3 : group > 3))
			return 0;
		groups++;
		group = 0;
	}
	return groups > 0 && group == 3;
}

void lb_digits_mask(char *s)
{
	size_t i = 0;

	while (s[i]) {
		size_t j, last, digits = 0, seps = 0, dl;

		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		if ((i == 0 || !is_digit(s[i - 1])) && (dl = date_len(s + i))) {
			i += dl;
			continue;
		}
		/* The run: digits, with at most two separators in a row
		 * between them; a date or period ends it. */
		for (j = i, last = i; s[j]; j++) {
			if (is_digit(s[j])) {
				if (j > i && !is_digit(s[j - 1]) && date_len(s + j))
					break;
				digits++;
				last = j;
				seps = 0;
			} else if (is_group_sep(s[j]) && seps < 2) {
				seps++;
			} else {
				break;
			}
		}
		if (digits >= 12 && !thousands(s, i, last)) {
			size_t seen = 0;
			for (size_t k = i; k <= last; k++) {
				if (!is_digit(s[k]))
					continue;
				if (seen >= 4 && seen < digits - 2)
					s[k] = '*';
				seen++;
			}
		}
		i = last + 1;
	}
}
