/*
 * test_serial.c — readable serials: format, parse, and the check symbol
 * catching every single substitution and every transposition.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "voucher/serial.h"

static const char symbols[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void fmt_is(uint64_t n, const char *want)
{
	char out[LB_SERIAL_TEXT_SIZE];
	uint64_t back = 0;
	lb_err e;

	assert_int_equal(lb_serial_format(n, out, &e), LB_OK);
	assert_string_equal(out, want);
	assert_int_equal(lb_serial_parse(out, &back, &e), LB_OK);
	assert_true(back == n);
}

static void parse_is(const char *text, uint64_t want)
{
	uint64_t n = 0;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_serial_parse(text, &n, &e), LB_OK);
	assert_true(n == want);
}

static void parse_fails(const char *text, const char *msg)
{
	uint64_t n = 7;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_serial_parse(text, &n, &e), LB_EINPUT);
	assert_true(n == 0);
	assert_string_equal(e.msg, msg);
}

/* Values computed by an independent Python implementation of the scheme
 * in docs/voucher-payload.md. */
static void test_known_values(void **state)
{
	(void)state;
	fmt_is(0, "0000-0000-0");
	fmt_is(1, "0000-0001-2");
	fmt_is(2, "0000-0002-4");
	fmt_is(31, "0000-000Z-V");
	fmt_is(32, "0000-0010-4");
	fmt_is(UINT64_C(0x0123456789), "04HM-ASW9-5");
	fmt_is(UINT64_C(123456789012), "3JZ9-J6GM-Q");
	fmt_is(LB_SERIAL_MAX, "ZZZZ-ZZZZ-3");
}

static void test_too_big(void **state)
{
	char out[LB_SERIAL_TEXT_SIZE];
	lb_err e;

	(void)state;
	assert_int_equal(lb_serial_format(LB_SERIAL_MAX + 1, out, &e), LB_EINPUT);
	/* Issue 10: runs of 12 or more digits are masked in every message. */
	assert_string_equal(e.msg, "cannot format serial 1099*******76: serials are at most 1099*******75 (40 bits)");
}

static void test_round_trip(void **state)
{
	char out[LB_SERIAL_TEXT_SIZE];
	uint64_t n, back, x = 88172645463325252u;
	lb_err e;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		n = x & LB_SERIAL_MAX;
		assert_int_equal(lb_serial_format(n, out, &e), LB_OK);
		assert_int_equal(strlen(out), 11);
		assert_int_equal(lb_serial_parse(out, &back, &e), LB_OK);
		assert_true(back == n);
	}
}

static void test_typing_leniency(void **state)
{
	(void)state;
	parse_is("04HM-ASW9-5", UINT64_C(0x0123456789));
	parse_is("04hm-asw9-5", UINT64_C(0x0123456789));
	parse_is("04HMASW95", UINT64_C(0x0123456789));
	parse_is(" 04 HM--ASW9 - 5 ", UINT64_C(0x0123456789));
	parse_is("04HM-ASW9\t5", UINT64_C(0x0123456789));
	parse_is("O4HM-ASW9-5", UINT64_C(0x0123456789));
	parse_is("o4hm-asw9-5", UINT64_C(0x0123456789));
	parse_is("oooo-ooo1-2", 1);
	parse_is("0000-000I-2", 1);
	parse_is("0000-000i-2", 1);
	parse_is("0000-000L-2", 1);
	parse_is("0000-000l-2", 1);
	parse_is("3JZ9-J6GM-Q", UINT64_C(123456789012));
	parse_is("3jz9j6gmq", UINT64_C(123456789012));
}

static void test_rejects(void **state)
{
	(void)state;
	parse_fails("04HM-ASW9-6", "serial '04HM-ASW9-6' does not pass its check: a character is mistyped or two are swapped; copy it again from the slip");
	parse_fails("04HM-ASW9", "serial '04HM-ASW9' is too short: it has 8 letters and digits, a serial has 9, like 'ABCD-EFGH-J'");
	parse_fails("", "serial '' is too short: it has 0 letters and digits, a serial has 9, like 'ABCD-EFGH-J'");
	parse_fails("04HM-ASW9-55", "serial '04HM-ASW9-55' is too long: a serial has 9 letters and digits, like 'ABCD-EFGH-J'");
	parse_fails("04HM-ASU9-5", "serial '04HM-ASU9-5' is mistyped: 'U' at position 8 is never used in serials");
	parse_fails("04HM_ASW9-5", "serial '04HM_ASW9-5' is mistyped: character 5 is not a letter or digit of a serial");
	parse_fails("04HM-ASW9-5\n", "serial '04HM-ASW9-5?' is mistyped: character 12 is not a letter or digit of a serial");
	parse_fails("'04HM-ASW9-5", "serial '?04HM-ASW9-5' is mistyped: character 1 is not a letter or digit of a serial");
	parse_fails("0123456789012345678901234567890123456789012345",
		    "serial '0123**********************************89...' is too long: a serial has 9 letters and digits, like 'ABCD-EFGH-J'");
}

/* The nine symbols of a formatted serial, hyphens dropped. */
static void symbols_of(uint64_t n, char s[10])
{
	char out[LB_SERIAL_TEXT_SIZE];
	lb_err e;
	int i, k = 0;

	assert_int_equal(lb_serial_format(n, out, &e), LB_OK);
	for (i = 0; out[i]; i++)
		if (out[i] != '-')
			s[k++] = out[i];
	s[k] = '\0';
	assert_int_equal(k, 9);
}

static const uint64_t samples[] = {
	0, 1, 31, UINT64_C(0x0123456789), UINT64_C(123456789012),
	UINT64_C(0xA5A5A5A5A5), LB_SERIAL_MAX,
};

static void test_every_substitution_caught(void **state)
{
	char s[10], t[10];
	uint64_t n;
	size_t k;
	int i, c, tried = 0;
	lb_err e;

	(void)state;
	for (k = 0; k < sizeof samples / sizeof samples[0]; k++) {
		symbols_of(samples[k], s);
		for (i = 0; i < 9; i++)
			for (c = 0; c < 32; c++) {
				if (symbols[c] == s[i])
					continue;
				memcpy(t, s, sizeof t);
				t[i] = symbols[c];
				assert_int_equal(lb_serial_parse(t, &n, &e), LB_EINPUT);
				assert_non_null(strstr(e.msg, "does not pass its check"));
				tried++;
			}
	}
	assert_int_equal(tried, 7 * 9 * 31);
}

static void test_every_transposition_caught(void **state)
{
	char s[10], t[10], tmp;
	uint64_t n;
	size_t k;
	int i, j, adjacent = 0;
	lb_err e;

	(void)state;
	for (k = 0; k < sizeof samples / sizeof samples[0]; k++) {
		symbols_of(samples[k], s);
		for (i = 0; i < 9; i++)
			for (j = i + 1; j < 9; j++) {
				if (s[i] == s[j])
					continue;
				memcpy(t, s, sizeof t);
				tmp = t[i];
				t[i] = t[j];
				t[j] = tmp;
				assert_int_equal(lb_serial_parse(t, &n, &e), LB_EINPUT);
				if (j == i + 1)
					adjacent++;
			}
	}
	/* Sample 0x0123456789 alone has 8 adjacent pairs of different
	 * symbols; make sure the loop really exercised something. */
	assert_true(adjacent >= 8);
}

/* Exhaustive over every pair of different symbols at every adjacent
 * pair of data positions, and every last data symbol against its check
 * symbol: not only the symbols the samples happen to contain. */
static void test_all_adjacent_pairs(void **state)
{
	const uint64_t base = UINT64_C(0x0123456789);
	char s[10], tmp;
	uint64_t n;
	int i, a, b, tried = 0;
	lb_err e;

	(void)state;
	for (i = 0; i < 7; i++) {
		int shift = 5 * (6 - i); /* bit position of data symbol i+1 */
		for (a = 0; a < 32; a++)
			for (b = 0; b < 32; b++) {
				uint64_t v = base;

				if (a == b)
					continue;
				v &= ~(UINT64_C(0x3ff) << shift);
				v |= ((uint64_t)a << 5 | (uint64_t)b) << shift;
				symbols_of(v, s);
				assert_int_equal(s[i], symbols[a]);
				assert_int_equal(s[i + 1], symbols[b]);
				tmp = s[i];
				s[i] = s[i + 1];
				s[i + 1] = tmp;
				assert_int_equal(lb_serial_parse(s, &n, &e), LB_EINPUT);
				tried++;
			}
	}
	assert_int_equal(tried, 7 * 32 * 31);
	for (a = 0; a < 32; a++) {
		symbols_of((base & ~UINT64_C(31)) | (uint64_t)a, s);
		if (s[7] == s[8])
			continue;
		tmp = s[7];
		s[7] = s[8];
		s[8] = tmp;
		assert_int_equal(lb_serial_parse(s, &n, &e), LB_EINPUT);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_typing_leniency),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_every_substitution_caught),
		cmocka_unit_test(test_every_transposition_caught),
		cmocka_unit_test(test_all_adjacent_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
