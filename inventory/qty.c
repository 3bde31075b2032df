/*
 * qty.c — exact quantities. See qty.h.
 */
#include "inventory/qty.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/money.h"

/* Ten to the ninth is finer than any pack factor lumbung will meet, and
 * keeps 10^d and the products below inside int64_t. */
#define MAX_DECIMALS 9

int64_t lb_units_factor(const struct lb_units *u, const char *name)
{
	if (strcasecmp(name, u->base) == 0)
		return 1;
	for (int i = 0; i < u->npacks; i++)
		if (strcasecmp(name, u->packs[i].name) == 0)
			return u->packs[i].factor;
	return 0;
}

static void unit_list(const struct lb_units *u, char *out, size_t n)
{
	size_t len;

	snprintf(out, n, "%s", u->base);
	for (int i = 0; i < u->npacks; i++) {
		len = strlen(out);
		if (len + 2 < n)
			snprintf(out + len, n - len, ", %s", u->packs[i].name);
	}
}

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

void lb_qty_format(int64_t v, const char *unit, char *out, size_t n)
{
	char num[48];

	lb_int_format_id(v, num, sizeof num);
	snprintf(out, n, "%s %s", num, unit);
}

int lb_unit_name_check(const char *s, const char *what, lb_err *e)
{
	size_t len = strlen(s);

	if (len == 0)
		return lb_fail(e, LB_EINPUT, "%s is empty: name a unit such as kg, liter or butir", what);
	if (len >= LB_UNIT_LEN)
		return lb_fail(e, LB_EINPUT, "%s '%s' is too long (at most %d characters)", what, s,
			       LB_UNIT_LEN - 1);
	if (!isalpha((unsigned char)s[0]))
		return lb_fail(e, LB_EINPUT, "%s '%s' must start with a letter", what, s);
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return lb_fail(e, LB_EINPUT,
				       "%s '%s' may hold only letters, digits, '_' and '-'", what, s);
	return LB_OK;
}

int lb_qty_parse(const struct lb_units *u, const char *item, const char *s, const char *what,
		 int flags, int64_t *out, lb_err *e)
{
	const char *p = s, *num_start, *unit, *end;
	char units[256], unitname[LB_UNIT_LEN], bound[48];
	int neg = 0, idig = 0, d = 0;
	int64_t ip = 0, frac = 0, pow10 = 1, factor, g, fr, pr, n, v;
	char sep = 0;
	int any = flags & LB_QTY_ANY_UNIT;

	flags &= ~LB_QTY_ANY_UNIT;
	if (!s)
		s = p = "";
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return lb_fail(e, LB_EINPUT, "%s is empty: write a quantity such as 12 or '3 %s'", what,
			       u->npacks ? u->packs[0].name : u->base);
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	num_start = p;
	for (; *p >= '0' && *p <= '9'; p++, idig++) {
		if (ip > (LB_AMOUNT_MAX - (*p - '0')) / 10)
			goto too_large;
		ip = ip * 10 + (*p - '0');
	}
	if (idig == 0)
		goto not_qty;
	if (*p == '.' || *p == ',') {
		sep = *p++;
		for (; *p >= '0' && *p <= '9'; p++, d++) {
			if (d == MAX_DECIMALS)
				return lb_fail(e, LB_EINPUT, "%s '%s' has more than %d decimals", what, s,
					       MAX_DECIMALS);
			frac = frac * 10 + (*p - '0');
			pow10 *= 10;
		}
		if (d == 0)
			goto not_qty;
		if (*p == '.' || *p == ',')
			return lb_fail(e, LB_EINPUT,
				       "%s '%s' groups digits with '%c': write the number without separators (1000000, not 1.000.000)",
				       what, s, sep);
		/* "1.500": fifteen hundred in Indonesian, one and a half in
		 * English. A leading 0 or more than three digits before the
		 * separator cannot be grouping, so those are decimals. */
		if (d == 3 && idig <= 3 && num_start[0] != '0') {
			const char *f = num_start + idig + 1;
			int keep = 3;
			char dec[16];
			while (keep > 0 && f[keep - 1] == '0')
				keep--;
			if (keep)
				snprintf(dec, sizeof dec, "%.*s%c%.*s", idig, num_start, sep, keep, f);
			else
				snprintf(dec, sizeof dec, "%.*s", idig, num_start);
			return lb_fail(e, LB_EINPUT,
				       "%s '%s' is ambiguous: '%c' may group thousands or mark a decimal; write %.*s%.3s for the whole number, or %s for the decimal",
				       what, s, sep, idig, num_start, f, dec);
		}
	}
	while (*p == ' ' || *p == '\t')
		p++;
	unit = p;
	end = unit + strlen(unit);
	while (end > unit && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == unit) {
		factor = 1;
		memcpy(unitname, u->base, sizeof unitname);
	} else {
		size_t len = (size_t)(end - unit);
		if (len >= sizeof unitname || !isalpha((unsigned char)unit[0]))
			goto not_qty;
		memcpy(unitname, unit, len);
		unitname[len] = '\0';
		factor = any ? 1 : lb_units_factor(u, unitname);
		if (factor == 0) {
			unit_list(u, units, sizeof units);
			return lb_fail(e, LB_EINPUT, "%s '%s': '%s' is not a unit of '%s' (its units: %s)",
				       what, s, unitname, item, units);
		}
	}
	if (any)
		factor = pow10; /* whatever the unit, the decimals may come out whole */
	if (ip > (INT64_MAX - frac) / pow10)
		goto too_large;
	n = ip * pow10 + frac;
	/* n / 10^d units of factor base units each: whole only when 10^d,
	 * after cancelling what it shares with the factor, divides n. */
	g = gcd64(factor, pow10);
	fr = factor / g;
	pr = pow10 / g;
	if (n % pr != 0) {
		if (factor == 1)
			return lb_fail(e, LB_EINPUT,
				       "%s '%s' is not a whole number of %s: '%s' is counted in whole %s (write a whole number, or define the item with a finer base unit, e.g. --unit gram --pack kg=1000)",
				       what, s, u->base, item, u->base);
		return lb_fail(e, LB_EINPUT,
			       "%s '%s' is not a whole number of %s (1 %s = %lld %s): '%s' is counted in whole %s, so write a quantity that comes to whole %s",
			       what, s, u->base, unitname, (long long)factor, u->base, item, u->base,
			       u->base);
	}
	n /= pr;
	if (n > LB_AMOUNT_MAX / fr)
		goto too_large;
	v = n * fr;
	if (v == 0) {
		if (flags == LB_QTY_ZERO_OK)
			goto done;
		if (flags == LB_QTY_SIGNED)
			return lb_fail(e, LB_EINPUT, "%s '%s' is zero: an adjustment of nothing changes nothing",
				       what, s);
		return lb_fail(e, LB_EINPUT, "%s '%s' must be greater than zero", what, s);
	}
	if (neg) {
		if (flags == LB_QTY_ZERO_OK)
			return lb_fail(e, LB_EINPUT, "%s '%s' must not be negative", what, s);
		if (flags == LB_QTY_POSITIVE)
			return lb_fail(e, LB_EINPUT, "%s '%s' must be greater than zero", what, s);
		v = -v;
	}
done:
	*out = v;
	return LB_OK;
not_qty:
	if (any)
		return lb_fail(e, LB_EINPUT, "%s '%s' is not a quantity: write a number, optionally with a unit",
			       what, s);
	unit_list(u, units, sizeof units);
	return lb_fail(e, LB_EINPUT,
		       "%s '%s' is not a quantity: write a number, optionally with a unit of '%s' (%s)",
		       what, s, item, units);
too_large:
	lb_qty_format(LB_AMOUNT_MAX, u->base, bound, sizeof bound);
	return lb_fail(e, LB_EINPUT, "%s '%s' is too large (at most %s)", what, s, bound);
}
