/*
 * base45.c — RFC 9285 base45. See base45.h.
 *
 * Two bytes a, b make n = a*256 + b, written as three characters c d e
 * with n = c + d*45 + e*45*45; a last single byte is written as two.
 * Because n <= 65535 makes e <= 32 ('W'), a valid text never ends in a
 * space, which lets the payload decoder strip a scanner's trailing blanks.
 */
#include "voucher/base45.h"

#include <stdint.h>

static const char alphabet[] = LB_BASE45_ALPHABET;

/* Value of c in the alphabet, or -1. Written out rather than searched so
 * that the decoder does a bounded amount of work on any byte. */
static int value_of(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	switch (c) {
	case ' ': return 36;
	case '$': return 37;
	case '%': return 38;
	case '*': return 39;
	case '+': return 40;
	case '-': return 41;
	case '.': return 42;
	case '/': return 43;
	case ':': return 44;
	default: return -1;
	}
}

size_t lb_base45_encoded_len(size_t n)
{
	return n / 2 * 3 + n % 2 * 2;
}

int lb_base45_encode(const unsigned char *in, size_t n, char *out,
		     size_t outsz, lb_err *e)
{
	size_t i, o = 0;
	unsigned v;

	if (n > (SIZE_MAX - 1) / 3 * 2 || outsz < lb_base45_encoded_len(n) + 1)
		return lb_fail(e, LB_EINPUT,
			       "cannot base45-encode %zu bytes: output buffer of %zu bytes is too small",
			       n, outsz);
	for (i = 0; i + 1 < n; i += 2) {
		v = (unsigned)in[i] * 256u + in[i + 1];
		out[o++] = alphabet[v % 45];
		out[o++] = alphabet[v / 45 % 45];
		out[o++] = alphabet[v / 2025];
	}
	if (n % 2) {
		v = in[n - 1];
		out[o++] = alphabet[v % 45];
		out[o++] = alphabet[v / 45];
	}
	out[o] = '\0';
	return LB_OK;
}

static int bad_char(lb_err *e, unsigned char c, size_t pos)
{
	if (c >= 0x20 && c < 0x7f && c != '\'')
		return lb_fail(e, LB_EINPUT,
			       "invalid base45 text: character '%c' at position %zu is not in the base45 alphabet",
			       c, pos);
	return lb_fail(e, LB_EINPUT,
		       "invalid base45 text: byte 0x%02x at position %zu is not in the base45 alphabet",
		       c, pos);
}

int lb_base45_decode(const char *in, size_t len, unsigned char *out,
		     size_t outsz, size_t *outlen, lb_err *e)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i, o = 0, need;
	int d[3], k, group;
	uint32_t v;

	*outlen = 0;
	if (len % 3 == 1)
		return lb_fail(e, LB_EINPUT,
			       "invalid base45 text: the single character at position %zu is left over (length %zu is not a multiple of 3 or 3n+2)",
			       len, len);
	need = len / 3 * 2 + (len % 3 ? 1 : 0);
	if (need > outsz)
		return lb_fail(e, LB_EINPUT,
			       "cannot base45-decode %zu characters: %zu bytes of output needed, only %zu given",
			       len, need, outsz);
	for (i = 0; i < len; i += (size_t)group) {
		group = len - i >= 3 ? 3 : 2;
		for (k = 0; k < group; k++) {
			d[k] = value_of(s[i + (size_t)k]);
			if (d[k] < 0)
				return bad_char(e, s[i + (size_t)k],
						i + (size_t)k + 1);
		}
		v = (uint32_t)d[0] + (uint32_t)d[1] * 45u;
		if (group == 3) {
			v += (uint32_t)d[2] * 2025u;
			if (v > 65535u)
				return lb_fail(e, LB_EINPUT,
					       "invalid base45 text: the group '%c%c%c' at position %zu is worth %u, above 65535",
					       s[i], s[i + 1], s[i + 2], i + 1,
					       (unsigned)v);
			out[o++] = (unsigned char)(v >> 8);
			out[o++] = (unsigned char)(v & 0xff);
		} else {
			if (v > 255u)
				return lb_fail(e, LB_EINPUT,
					       "invalid base45 text: the final pair '%c%c' at position %zu is worth %u, above 255",
					       s[i], s[i + 1], i + 1,
					       (unsigned)v);
			out[o++] = (unsigned char)v;
		}
	}
	*outlen = o;
	return LB_OK;
}
