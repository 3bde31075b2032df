/*
 * money.c — exact rupiah. See money.h.
 */
#include "money.h"

#include <stdio.h>
#include <string.h>

int lb_int_parse(const char *s, const char *what, int64_t min, int64_t max,
		 int64_t *out, lb_err *e)
{
	const char *p = s;
	int neg = 0;
	int64_t v = 0;

	if (!s || !*s)
		return lb_fail(e, LB_EINPUT, "%s is empty: expected a whole number", what);
	if (*p == '-') {
		neg = 1;
		p++;
	} else if (*p == '+') {
		p++;
	}
	if (!*p)
		return lb_fail(e, LB_EINPUT, "%s '%s' is not a whole number", what, s);
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return lb_fail(e, LB_EINPUT, "%s '%s' is not a whole number", what, s);
		if (v > (LB_AMOUNT_MAX - (*p - '0')) / 10)
			return lb_fail(e, LB_EINPUT, "%s '%s' is too large (at most %lld)", what, s,
				       (long long)(max < LB_AMOUNT_MAX ? max : LB_AMOUNT_MAX));
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max) {
		if (min == 1 && v <= 0)
			return lb_fail(e, LB_EINPUT, "%s '%s' must be greater than zero", what, s);
		if (min == 0 && v < 0)
			return lb_fail(e, LB_EINPUT, "%s '%s' must not be negative", what, s);
		return lb_fail(e, LB_EINPUT, "%s '%s' is out of range (%lld to %lld)", what, s,
			       (long long)min, (long long)max);
	}
	*out = v;
	return LB_OK;
}

int lb_money_parse(const char *s, const char *what, int64_t *out, lb_err *e)
{
	const char *p = s;
	int64_t v = 0;
	int ndig = 0, group = -1; /* digits since the last dot; -1: no dot yet */

	if (!s || !*s)
		return lb_fail(e, LB_EINPUT, "%s is empty: expected an amount in rupiah", what);
	if ((p[0] == 'R' || p[0] == 'r') && (p[1] == 'p' || p[1] == 'P')) {
		p += 2;
		while (*p == ' ')
			p++;
	}
	if (*p == '-')
		return lb_fail(e, LB_EINPUT, "%s '%s' must not be negative", what, s);
	if (!*p)
		return lb_fail(e, LB_EINPUT, "%s '%s' is not an amount in rupiah", what, s);
	for (; *p; p++) {
		if (*p == '.') {
			/* A dot groups thousands: 1.234.500. */
			if (ndig == 0 || (group >= 0 && group != 3) || (group < 0 && ndig > 3))
				goto bad;
			group = 0;
			continue;
		}
		if (*p == ',')
			return lb_fail(e, LB_EINPUT, "%s '%s' has a fraction: amounts are whole rupiah", what, s);
		if (*p < '0' || *p > '9')
			goto bad;
		if (v > (LB_AMOUNT_MAX - (*p - '0')) / 10)
			return lb_fail(e, LB_EINPUT, "%s '%s' is too large (at most Rp1.000.000.000.000.000)", what, s);
		v = v * 10 + (*p - '0');
		ndig++;
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		goto bad;
	*out = v;
	return LB_OK;
bad:
	return lb_fail(e, LB_EINPUT, "%s '%s' is not an amount in rupiah (write 300000 or 300.000)", what, s);
}

void lb_int_format_id(int64_t v, char *out, size_t n)
{
	char tmp[32];
	char rev[48];
	size_t len, r = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)u);
	len = strlen(tmp);
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && i % 3 == 0)
			rev[r++] = '.';
		rev[r++] = tmp[len - 1 - i];
	}
	if (v < 0)
		rev[r++] = '-';
	for (size_t i = 0; i < r && i + 1 < n; i++)
		out[i] = rev[r - 1 - i];
	if (n)
		out[r < n ? r : n - 1] = '\0';
}

void lb_money_format(int64_t v, char *out, size_t n)
{
	char num[48];
	lb_int_format_id(v < 0 ? -v : v, num, sizeof num);
	snprintf(out, n, "%sRp%s", v < 0 ? "-" : "", num);
}

int lb_sum_add(int64_t *acc, int64_t v, const char *what, lb_err *e)
{
	int64_t r;

	if (__builtin_add_overflow(*acc, v, &r))
		return lb_fail(e, LB_ERULE, "cannot add up %s: the sum is too large to count", what);
	*acc = r;
	return LB_OK;
}

int lb_sum_mul(int64_t a, int64_t b, int64_t *out, const char *what, lb_err *e)
{
	int64_t r;

	if (__builtin_mul_overflow(a, b, &r))
		return lb_fail(e, LB_ERULE, "cannot add up %s: the product is too large to count", what);
	*out = r;
	return LB_OK;
}
