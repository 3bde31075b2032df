/*
 * mask.c — masking long digit runs in messages and log lines. See mask.h.
 */
#include "mask.h"

#include <stddef.h>

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
