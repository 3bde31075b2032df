/*
 * test_base45.c — RFC 9285 vectors and strict decoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "voucher/base45.h"

static void enc_is(const char *in, size_t n, const char *want)
{
	char out[64];
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_base45_encode((const unsigned char *)in, n, out,
					  sizeof out, &e), LB_OK);
	assert_string_equal(out, want);
	assert_int_equal(strlen(out), lb_base45_encoded_len(n));
}

static void dec_is(const char *in, const char *want, size_t wantlen)
{
	unsigned char out[64];
	size_t n = 99;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_base45_decode(in, strlen(in), out, sizeof out, &n,
					  &e), LB_OK);
	assert_int_equal(n, wantlen);
	assert_memory_equal(out, want, wantlen);
}

static void dec_fails(const char *in, const char *msg)
{
	unsigned char out[64];
	size_t n = 99;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_base45_decode(in, strlen(in), out, sizeof out, &n,
					  &e), LB_EINPUT);
	assert_int_equal(e.code, LB_EINPUT);
	assert_int_equal(n, 0);
	assert_string_equal(e.msg, msg);
}

static void test_rfc9285_vectors(void **state)
{
	(void)state;
	enc_is("AB", 2, "BB8");
	enc_is("Hello!!", 7, "%69 VD92EX0");
	enc_is("base-45", 7, "UJCLQE7W581");
	enc_is("ietf!", 5, "QED8WEX0");
	dec_is("BB8", "AB", 2);
	dec_is("%69 VD92EX0", "Hello!!", 7);
	dec_is("UJCLQE7W581", "base-45", 7);
	dec_is("QED8WEX0", "ietf!", 5);
	dec_is("", "", 0);
	enc_is("", 0, "");
}

static void test_edges(void **state)
{
	(void)state;
	dec_is("FGW", "\xff\xff", 2);  /* 65535, the largest triple */
	dec_is("U5", "\xff", 1);       /* 255, the largest pair */
	dec_is("00", "\x00", 1);
	dec_is("000", "\x00\x00", 2);
	enc_is("\xff\xff\xff", 3, "FGWU5");
}

static void test_invalid(void **state)
{
	(void)state;
	dec_fails("GGW", "invalid base45 text: the group 'GGW' at position 1 is worth 65536, above 65535");
	dec_fails(":::", "invalid base45 text: the group ':::' at position 1 is worth 91124, above 65535");
	dec_fails("BB8:::", "invalid base45 text: the group ':::' at position 4 is worth 91124, above 65535");
	dec_fails("V5", "invalid base45 text: the final pair 'V5' at position 1 is worth 256, above 255");
	dec_fails("BB8::", "invalid base45 text: the final pair '::' at position 4 is worth 2024, above 255");
	dec_fails("A", "invalid base45 text: the single character at position 1 is left over (length 1 is not a multiple of 3 or 3n+2)");
	dec_fails("BB8A", "invalid base45 text: the single character at position 4 is left over (length 4 is not a multiple of 3 or 3n+2)");
	dec_fails("BB8b", "invalid base45 text: the single character at position 4 is left over (length 4 is not a multiple of 3 or 3n+2)");
	dec_fails("bb8", "invalid base45 text: character 'b' at position 1 is not in the base45 alphabet");
	dec_fails("BB8BB#", "invalid base45 text: character '#' at position 6 is not in the base45 alphabet");
	dec_fails("B\n8", "invalid base45 text: byte 0x0a at position 2 is not in the base45 alphabet");
	dec_fails("B'8", "invalid base45 text: byte 0x27 at position 2 is not in the base45 alphabet");
	dec_fails("\xc3\xa9", "invalid base45 text: byte 0xc3 at position 1 is not in the base45 alphabet");
}

static void test_embedded_nul(void **state)
{
	unsigned char out[8];
	size_t n;
	lb_err e;

	(void)state;
	assert_int_equal(lb_base45_decode("B\0" "8", 3, out, sizeof out, &n, &e),
			 LB_EINPUT);
	assert_string_equal(e.msg, "invalid base45 text: byte 0x00 at position 2 is not in the base45 alphabet");
}

static void test_buffers_too_small(void **state)
{
	unsigned char bin[2];
	char txt[4];
	size_t n;
	lb_err e;

	(void)state;
	assert_int_equal(lb_base45_encode((const unsigned char *)"AB", 2, txt,
					  3, &e), LB_EINPUT);
	assert_string_equal(e.msg, "cannot base45-encode 2 bytes: output buffer of 3 bytes is too small");
	assert_int_equal(lb_base45_encode((const unsigned char *)"AB", 2, txt,
					  4, &e), LB_OK);
	assert_string_equal(txt, "BB8");
	assert_int_equal(lb_base45_decode("BB8BB8", 6, bin, sizeof bin, &n, &e),
			 LB_EINPUT);
	assert_string_equal(e.msg, "cannot base45-decode 6 characters: 4 bytes of output needed, only 2 given");
	assert_int_equal(lb_base45_decode("BB8", 3, bin, sizeof bin, &n, &e),
			 LB_OK);
	assert_int_equal(n, 2);
}

/* Every triple and every pair: accepted exactly when in range, and then
 * re-encoded to the very same characters, so no two texts share bytes. */
static void test_exhaustive_canonical(void **state)
{
	static const char a[] = LB_BASE45_ALPHABET;
	unsigned char bin[2];
	char txt[4], back[4];
	size_t n;
	int i, j, k, rc, accepted = 0;
	lb_err e;

	(void)state;
	assert_int_equal(strlen(a), 45);
	for (i = 0; i < 45; i++)
		for (j = 0; j < 45; j++)
			for (k = 0; k < 45; k++) {
				unsigned v = (unsigned)(i + j * 45 + k * 2025);

				txt[0] = a[i];
				txt[1] = a[j];
				txt[2] = a[k];
				rc = lb_base45_decode(txt, 3, bin, 2, &n, &e);
				assert_int_equal(rc, v <= 65535 ? LB_OK : LB_EINPUT);
				if (rc)
					continue;
				accepted++;
				assert_int_equal(bin[0] * 256 + bin[1], v);
				assert_int_equal(lb_base45_encode(bin, 2, back,
								  sizeof back, &e), LB_OK);
				assert_memory_equal(back, txt, 3);
			}
	assert_int_equal(accepted, 65536);
	accepted = 0;
	for (i = 0; i < 45; i++)
		for (j = 0; j < 45; j++) {
			txt[0] = a[i];
			txt[1] = a[j];
			rc = lb_base45_decode(txt, 2, bin, 1, &n, &e);
			assert_int_equal(rc, i + j * 45 <= 255 ? LB_OK : LB_EINPUT);
			if (rc)
				continue;
			accepted++;
			assert_int_equal(bin[0], i + j * 45);
		}
	assert_int_equal(accepted, 256);
}

/* The payload decoder strips trailing spaces, which is only safe because
 * no valid text ends in one. */
static void test_never_ends_in_space(void **state)
{
	unsigned char bin[2];
	char txt[8];
	unsigned v;
	lb_err e;

	(void)state;
	for (v = 0; v <= 65535; v++) {
		bin[0] = (unsigned char)(v >> 8);
		bin[1] = (unsigned char)v;
		assert_int_equal(lb_base45_encode(bin, 2, txt, sizeof txt, &e), LB_OK);
		assert_true(txt[2] != ' ');
		assert_int_equal(lb_base45_encode(bin, 1, txt, sizeof txt, &e), LB_OK);
		assert_true(txt[1] != ' ');
	}
}

static void test_round_trip_lengths(void **state)
{
	unsigned char in[100], out[100];
	char txt[160];
	size_t len, n, i;
	lb_err e;

	(void)state;
	memset(in, 0, sizeof in);
	for (len = 0; len <= sizeof in; len++) {
		for (i = 0; i < len; i++)
			in[i] = (unsigned char)(i * 151 + len * 7);
		assert_int_equal(lb_base45_encode(in, len, txt, sizeof txt, &e), LB_OK);
		assert_int_equal(strlen(txt), lb_base45_encoded_len(len));
		assert_int_equal(lb_base45_decode(txt, strlen(txt), out, sizeof out,
						  &n, &e), LB_OK);
		assert_int_equal(n, len);
		if (len)
			assert_memory_equal(in, out, len);
	}
	assert_int_equal(lb_base45_encoded_len(113), 170);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc9285_vectors),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_buffers_too_small),
		cmocka_unit_test(test_exhaustive_canonical),
		cmocka_unit_test(test_never_ends_in_space),
		cmocka_unit_test(test_round_trip_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
