/*
 * serial.c — readable voucher serials. See serial.h.
 *
 * Check symbol: treat each symbol value as an element of GF(32) (modulus
 * x^5 + x^2 + 1, where x generates all 31 non-zero elements) and choose
 * the check c so that sum(s[i] * x^(8-i)) over all nine symbols is zero,
 * i.e. c = sum over the eight data symbols of s[i] * x^(8-i). Every
 * position has a different non-zero weight, so changing one symbol
 * changes the sum by a non-zero amount, and swapping two different
 * symbols a, b at positions i, j changes it by (a + b)(x^i + x^j), a
 * product of non-zeros. Crockford's own mod-37 check needs five extra
 * symbols (*~$=U) that are awkward to say and type; this does not.
 */
#include "voucher/serial.h"

#include <stddef.h>

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define DATA_SYMBOLS 8
#define ALL_SYMBOLS 9
/* Quote at most this much of what someone typed back at them. */
#define QUOTE_MAX 40

static unsigned gf32_mul(unsigned a, unsigned b)
{
	unsigned r = 0;

	while (b) {
		if (b & 1)
			r ^= a;
		b >>= 1;
		a <<= 1;
		if (a & 0x20)
			a ^= 0x25;
	}
	return r;
}

/* Weight of position i (0 = leftmost data symbol, 8 = check symbol). */
static unsigned weight(int i)
{
	unsigned w = 1;
	int k;

	for (k = 0; k < ALL_SYMBOLS - 1 - i; k++)
		w = gf32_mul(w, 2);
	return w;
}

static unsigned check_of(const unsigned s[DATA_SYMBOLS])
{
	unsigned c = 0;
	int i;

	for (i = 0; i < DATA_SYMBOLS; i++)
		c ^= gf32_mul(s[i], weight(i));
	return c;
}

int lb_serial_format(uint64_t n, char out[LB_SERIAL_TEXT_SIZE], lb_err *e)
{
	unsigned s[DATA_SYMBOLS];
	int i, o = 0;

	if (n > LB_SERIAL_MAX)
		return lb_fail(e, LB_EINPUT,
			       "cannot format serial %llu: serials are at most %llu (40 bits)",
			       (unsigned long long)n,
			       (unsigned long long)LB_SERIAL_MAX);
	for (i = DATA_SYMBOLS - 1; i >= 0; i--) {
		s[i] = (unsigned)(n & 31);
		n >>= 5;
	}
	for (i = 0; i < DATA_SYMBOLS; i++) {
		if (i == 4)
			out[o++] = '-';
		out[o++] = alphabet[s[i]];
	}
	out[o++] = '-';
	out[o++] = alphabet[check_of(s)];
	out[o] = '\0';
	return LB_OK;
}

/* Value of a typed character, -1 if it is not a symbol, -2 for U. */
static int symbol_value(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		c = (unsigned char)(c - 'a' + 'A');
	if (c >= '0' && c <= '9')
		return c - '0';
	switch (c) {
	case 'O': return 0;
	case 'I': case 'L': return 1;
	case 'U': return -2;
	default: break;
	}
	if (c >= 'A' && c <= 'Z') {
		int v;
		for (v = 10; v < 32; v++)
			if (alphabet[v] == (char)c)
				return v;
	}
	return -1;
}

/* A printable, bounded copy of what was typed, for error messages. */
static void quote(const char *text, char out[QUOTE_MAX + 4])
{
	size_t i;

	for (i = 0; text[i] && i < QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)text[i];
		out[i] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
	}
	if (text[i]) {
		out[i++] = '.';
		out[i++] = '.';
		out[i++] = '.';
	}
	out[i] = '\0';
}

int lb_serial_parse(const char *text, uint64_t *n, lb_err *e)
{
	unsigned s[ALL_SYMBOLS];
	char q[QUOTE_MAX + 4];
	uint64_t v = 0;
	size_t i, pos = 0;
	int count = 0, k;

	*n = 0;
	quote(text, q);
	for (i = 0; text[i]; i++) {
		unsigned char c = (unsigned char)text[i];
		int d;

		if (c == '-' || c == ' ' || c == '\t')
			continue;
		d = symbol_value(c);
		pos = i + 1;
		if (d == -2)
			return lb_fail(e, LB_EINPUT,
				       "serial '%s' is mistyped: 'U' at position %zu is never used in serials",
				       q, pos);
		if (d < 0)
			return lb_fail(e, LB_EINPUT,
				       "serial '%s' is mistyped: character %zu is not a letter or digit of a serial",
				       q, pos);
		if (count == ALL_SYMBOLS)
			return lb_fail(e, LB_EINPUT,
				       "serial '%s' is too long: a serial has 9 letters and digits, like 'ABCD-EFGH-J'",
				       q);
		s[count++] = (unsigned)d;
	}
	if (count < ALL_SYMBOLS)
		return lb_fail(e, LB_EINPUT,
			       "serial '%s' is too short: it has %d letters and digits, a serial has 9, like 'ABCD-EFGH-J'",
			       q, count);
	if (check_of(s) != s[DATA_SYMBOLS])
		return lb_fail(e, LB_EINPUT,
			       "serial '%s' does not pass its check: a character is mistyped or two are swapped; copy it again from the slip",
			       q);
	for (k = 0; k < DATA_SYMBOLS; k++)
		v = v << 5 | s[k];
	*n = v;
	return LB_OK;
}
