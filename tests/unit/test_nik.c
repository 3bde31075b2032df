/*
 * test_nik.c — NIK and KK checks: every refusal with its exact message,
 * the fields of a man's and a woman's NIK, centuries and leap years, masking.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "recipients/nik.h"

#define REF 2026 /* every test dates births as if it were 2026 */

static void bad_at(const char *text, int ref, const char *msg)
{
	struct lb_nik n;
	lb_err e;

	lb_err_clear(&e);
	memset(&n, 0x5a, sizeof n);
	assert_int_equal(lb_nik_parse_at(text, ref, &n, &e), LB_EINPUT);
	assert_int_equal(e.code, LB_EINPUT);
	assert_string_equal(e.msg, msg);
	/* personal data: the number itself never appears in the message */
	if (text && strlen(text) >= 8)
		assert_null(strstr(e.msg, text));
	/* a refusal leaves nothing half filled */
	assert_int_equal(n.sex, 0);
	assert_int_equal(n.birth_year, 0);
	assert_string_equal(n.district, "");
}

static void bad(const char *text, const char *msg)
{
	bad_at(text, REF, msg);
}

static void test_empty(void **state)
{
	bad("", "NIK is empty");
	bad(NULL, "NIK is empty");
}

static void test_length(void **state)
{
	bad("640206150587001",
	    "NIK must have 16 digits, this one has 15");
	bad("64020615058700123",
	    "NIK must have 16 digits, this one has 17");
	bad("6", "NIK must have 16 digits, this one has 1");
}

static void test_non_digits(void **state)
{
	bad("6402O61505870012",
	    "NIK must have only digits: position 5 is the letter 'O'");
	bad("640206150587001l",
	    "NIK must have only digits: position 16 is the letter 'l'");
	bad("6402 061505870012",
	    "NIK must have only digits: position 5 is a space");
	bad("6402-06-150587-0012",
	    "NIK must have only digits: position 5 is a hyphen");
	bad(" 6402061505870012",
	    "NIK must have only digits: position 1 is a space");
	bad("6402061505870012 ",
	    "NIK must have only digits: position 17 is a space");
	bad("6402061505870012\n",
	    "NIK must have only digits: position 17 is byte 0x0A");
	bad("6402.06.1505870012",
	    "NIK must have only digits: position 5 is a dot");
	bad("6402/061505870012",
	    "NIK must have only digits: position 5 is '/'");
	/* a full-width digit from a phone keyboard is not an ASCII digit */
	bad("6402\xef\xbc\x90" "61505870012",
	    "NIK must have only digits: position 5 is byte 0xEF");
	/* a stray character is reported even when the length is wrong too */
	bad("64A2", "NIK must have only digits: position 3 is the letter 'A'");
}

static void test_province(void **state)
{
	bad("0002061505870012",
	    "NIK province code 00 is not a province: province codes run 11 to 99");
	bad("1002061505870012",
	    "NIK province code 10 is not a province: province codes run 11 to 99");
	bad("0502061505870012",
	    "NIK province code 05 is not a province: province codes run 11 to 99");
	/* 11 and 99 pass on shape; whether 99 exists is the region data's call */
	assert_int_equal(lb_nik_parse_at("1102061505870012", REF, NULL, NULL),
			 LB_OK);
	assert_int_equal(lb_nik_parse_at("9902061505870012", REF, NULL, NULL),
			 LB_OK);
}

static void test_regency_district(void **state)
{
	bad("6400061505870012",
	    "NIK regency code 00 is not a regency: regency codes start at 01");
	bad("6402001505870012",
	    "NIK district code 00 is not a district: district codes start at 01");
}

static void test_day(void **state)
{
	bad("6402060005870012",
	    "NIK birth day 00 is not a day: men's days run 01 to 31, women's 41 to 71");
	bad("6402063205870012",
	    "NIK birth day 32 is not a day: men's days run 01 to 31, women's 41 to 71");
	bad("6402064005870012",
	    "NIK birth day 40 is not a day: men's days run 01 to 31, women's 41 to 71");
	bad("6402067205870012",
	    "NIK birth day 72 is not a day: women's days run 41 to 71");
	bad("6402069905870012",
	    "NIK birth day 99 is not a day: women's days run 41 to 71");
	assert_int_equal(lb_nik_parse_at("6402063105870012", REF, NULL, NULL),
			 LB_OK);
	assert_int_equal(lb_nik_parse_at("6402064105870012", REF, NULL, NULL),
			 LB_OK);
	assert_int_equal(lb_nik_parse_at("6402067105870012", REF, NULL, NULL),
			 LB_OK);
}

static void test_month(void **state)
{
	bad("6402061500870012",
	    "NIK birth month 00 is not a month: months run 01 to 12");
	bad("6402061513870012",
	    "NIK birth month 13 is not a month: months run 01 to 12");
	bad("6402065599870012",
	    "NIK birth month 99 is not a month: months run 01 to 12");
}

static void test_dates_that_do_not_exist(void **state)
{
	bad("6402063104870012",
	    "NIK birth day 31 does not exist in April, which has 30 days");
	/* a woman's 71 is the 31st */
	bad("6402067104870012",
	    "NIK birth day 31 does not exist in April, which has 30 days");
	bad("6402063111870012",
	    "NIK birth day 31 does not exist in November, which has 30 days");
	bad("6402063002000012",
	    "NIK birth day 30 does not exist in February, which has 29 days that year");
}

static void test_leap_years(void **state)
{
	struct lb_nik n;
	lb_err e;

	lb_err_clear(&e);
	/* 29 February 2000: 2000 is a leap year (divisible by 400) */
	assert_int_equal(lb_nik_parse_at("6402062902000012", REF, &n, &e),
			 LB_OK);
	assert_int_equal(n.birth_year, 2000);
	assert_int_equal(n.birth_month, 2);
	assert_int_equal(n.birth_day, 29);
	assert_int_equal(lb_nik_parse_at("6402066902000012", REF, &n, &e),
			 LB_OK);
	assert_int_equal(n.sex, 'P');
	assert_int_equal(n.birth_day, 29);
	/* 29 February 2001 never was */
	bad("6402062902010012",
	    "NIK birth day 29 does not exist in February, which has 28 days that year");
	bad("6402066902010012",
	    "NIK birth day 29 does not exist in February, which has 28 days that year");
	/* 1988 was a leap year, 1900 was not: the century decides */
	assert_int_equal(lb_nik_parse_at("6402062902880012", REF, NULL, NULL),
			 LB_OK);
	bad_at("6402062902000012", 1999,
	       "NIK birth day 29 does not exist in February, which has 28 days that year");
}

static void test_serial(void **state)
{
	bad("6402061505870000",
	    "NIK serial number 0000 is not a serial: serials run 0001 to 9999");
}

static void test_first_failure_wins(void **state)
{
	/* province 00 and serial 0000: the province is reported */
	bad("0000000000000000",
	    "NIK province code 00 is not a province: province codes run 11 to 99");
}

static void test_male(void **state)
{
	struct lb_nik n;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_nik_parse_at("6402061505870012", REF, &n, &e),
			 LB_OK);
	assert_string_equal(n.province, "64");
	assert_string_equal(n.regency, "64.02");
	assert_string_equal(n.district, "64.02.06");
	assert_int_equal(n.sex, 'L');
	assert_int_equal(n.birth_year, 1987);
	assert_int_equal(n.birth_month, 5);
	assert_int_equal(n.birth_day, 15);
	assert_int_equal(n.serial, 12);
	assert_string_equal(e.msg, "");
}

static void test_female(void **state)
{
	struct lb_nik n;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_nik_parse_at("6472124108129999", REF, &n, &e),
			 LB_OK);
	assert_string_equal(n.province, "64");
	assert_string_equal(n.regency, "64.72");
	assert_string_equal(n.district, "64.72.12");
	assert_int_equal(n.sex, 'P');
	assert_int_equal(n.birth_year, 2012);
	assert_int_equal(n.birth_month, 8);
	assert_int_equal(n.birth_day, 1);
	assert_int_equal(n.serial, 9999);
}

static void test_century(void **state)
{
	struct lb_nik n;

	/* yy up to the reference year's is this century, after it the last */
	assert_int_equal(lb_nik_parse_at("6402060101260001", REF, &n, NULL),
			 LB_OK);
	assert_int_equal(n.birth_year, 2026);
	assert_int_equal(lb_nik_parse_at("6402060101270001", REF, &n, NULL),
			 LB_OK);
	assert_int_equal(n.birth_year, 1927);
	assert_int_equal(lb_nik_parse_at("6402060101000001", REF, &n, NULL),
			 LB_OK);
	assert_int_equal(n.birth_year, 2000);
	assert_int_equal(lb_nik_parse_at("6402060101990001", REF, &n, NULL),
			 LB_OK);
	assert_int_equal(n.birth_year, 1999);
	assert_int_equal(lb_nik_parse_at("6402060101270001", 2030, &n, NULL),
			 LB_OK);
	assert_int_equal(n.birth_year, 2027);
}

static void test_ref_year(void **state)
{
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_nik_parse_at("6402061505870012", 26, NULL, &e),
			 LB_EINPUT);
	assert_string_equal(e.msg, "reference year 26 is not a four-digit year");
}

static void test_parse_with_clock(void **state)
{
	struct lb_nik n;
	lb_err e;

	lb_err_clear(&e);
	/* born 1987 whatever this year is, until 2087 */
	assert_int_equal(lb_nik_parse("6402061505870012", &n, &e), LB_OK);
	assert_int_equal(n.birth_year, 1987);
	assert_int_equal(lb_nik_parse("6402061505870000", &n, &e), LB_EINPUT);
}

static void test_null_err_is_fine(void **state)
{
	assert_int_equal(lb_nik_parse_at("64", REF, NULL, NULL), LB_EINPUT);
	assert_int_equal(lb_nik_check_kk("x", NULL), LB_EINPUT);
}

static void test_mask(void **state)
{
	char out[LB_NIK_LEN + 1];

	lb_nik_mask("6402061505870012", out);
	assert_string_equal(out, "6402**********12");
	lb_nik_mask("6472124108129999", out);
	assert_string_equal(out, "6472**********99");
	/* malformed values never come out whole */
	lb_nik_mask(NULL, out);
	assert_string_equal(out, "****************");
	lb_nik_mask("640206150587001", out);
	assert_string_equal(out, "****************");
	lb_nik_mask("64020615058700123", out);
	assert_string_equal(out, "****************");
	lb_nik_mask("", out);
	assert_string_equal(out, "****************");
	lb_nik_mask("64\n206150587001\x1b", out);
	assert_string_equal(out, "64*2**********1*");
}

static void test_kk(void **state)
{
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_nik_check_kk("6402060101200003", &e), LB_OK);
	/* only shape: a KK has no date or sex to check */
	assert_int_equal(lb_nik_check_kk("0000000000000000", &e), LB_OK);
	assert_int_equal(lb_nik_check_kk("", &e), LB_EINPUT);
	assert_string_equal(e.msg, "KK is empty");
	assert_int_equal(lb_nik_check_kk(NULL, &e), LB_EINPUT);
	assert_string_equal(e.msg, "KK is empty");
	assert_int_equal(lb_nik_check_kk("640206010120000", &e), LB_EINPUT);
	assert_string_equal(e.msg, "KK must have 16 digits, this one has 15");
	assert_int_equal(lb_nik_check_kk("64020601012000031", &e), LB_EINPUT);
	assert_string_equal(e.msg, "KK must have 16 digits, this one has 17");
	assert_int_equal(lb_nik_check_kk("640206010120000K", &e), LB_EINPUT);
	assert_string_equal(e.msg,
			    "KK must have only digits: position 16 is the letter 'K'");
	assert_int_equal(lb_nik_check_kk("6402 060101200003", &e), LB_EINPUT);
	assert_string_equal(e.msg,
			    "KK must have only digits: position 5 is a space");
	assert_int_equal(e.code, LB_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_non_digits),
		cmocka_unit_test(test_province),
		cmocka_unit_test(test_regency_district),
		cmocka_unit_test(test_day),
		cmocka_unit_test(test_month),
		cmocka_unit_test(test_dates_that_do_not_exist),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_serial),
		cmocka_unit_test(test_first_failure_wins),
		cmocka_unit_test(test_male),
		cmocka_unit_test(test_female),
		cmocka_unit_test(test_century),
		cmocka_unit_test(test_ref_year),
		cmocka_unit_test(test_parse_with_clock),
		cmocka_unit_test(test_null_err_is_fine),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_kk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
