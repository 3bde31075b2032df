/*
 * test_qty.c — quantities as typed ("3 rak", "2.5 liter", "12") into
 * base units, exactly: packs, decimals that come to whole base units,
 * the Indonesian/English separator ambiguity, signs, overflow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/money.h"
#include "inventory/qty.h"

static const struct lb_units eggs = { "butir", 1, { { "rak", 30 } } };
static const struct lb_units rice = { "kg", 2, { { "karung", 25 }, { "karung50", 50 } } };
static const struct lb_units oil = { "ml", 2, { { "liter", 1000 }, { "dus", 12000 } } };

static int64_t ok(const struct lb_units *u, const char *s, int flags)
{
	lb_err e = { 0 };
	int64_t v = -999;
	int rc = lb_qty_parse(u, "X", s, "--qty", flags, &v, &e);

	if (rc != LB_OK)
		print_error("'%s' refused: %s\n", s, e.msg);
	assert_int_equal(rc, LB_OK);
	return v;
}

/* Refused with LB_EINPUT and a message holding want. */
static void bad(const struct lb_units *u, const char *s, int flags, const char *want)
{
	lb_err e = { 0 };
	int64_t v = 12345;
	int rc = lb_qty_parse(u, "X", s, "--qty", flags, &v, &e);

	if (rc != LB_EINPUT || !strstr(e.msg, want))
		print_error("'%s': rc %d, message '%s', wanted '%s'\n", s, rc, e.msg, want);
	assert_int_equal(rc, LB_EINPUT);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(v, 12345); /* untouched on failure */
}

static void test_whole_and_packs(void **state)
{
	(void)state;
	assert_int_equal(ok(&eggs, "12", LB_QTY_POSITIVE), 12);
	assert_int_equal(ok(&eggs, "3 rak", LB_QTY_POSITIVE), 90);
	assert_int_equal(ok(&eggs, "3rak", LB_QTY_POSITIVE), 90);
	assert_int_equal(ok(&eggs, "  3   RAK  ", LB_QTY_POSITIVE), 90);
	assert_int_equal(ok(&eggs, "7 butir", LB_QTY_POSITIVE), 7);
	assert_int_equal(ok(&rice, "328 karung", LB_QTY_POSITIVE), 8200);
	assert_int_equal(ok(&rice, "2 karung50", LB_QTY_POSITIVE), 100);
	assert_int_equal(ok(&oil, "1 dus", LB_QTY_POSITIVE), 12000);
	assert_int_equal(ok(&eggs, "+4", LB_QTY_POSITIVE), 4);
}

static void test_exact_decimals(void **state)
{
	(void)state;
	assert_int_equal(ok(&oil, "2.5 liter", LB_QTY_POSITIVE), 2500);
	assert_int_equal(ok(&oil, "2,5 liter", LB_QTY_POSITIVE), 2500);
	assert_int_equal(ok(&oil, "0.001 liter", LB_QTY_POSITIVE), 1);
	assert_int_equal(ok(&eggs, "0.5 rak", LB_QTY_POSITIVE), 15);
	assert_int_equal(ok(&eggs, "0.1 rak", LB_QTY_POSITIVE), 3);
	assert_int_equal(ok(&rice, "2.0 kg", LB_QTY_POSITIVE), 2);
	assert_int_equal(ok(&rice, "0.04 karung", LB_QTY_POSITIVE), 1);
}

static void test_fractions_refused_with_a_way_out(void **state)
{
	(void)state;
	bad(&rice, "2.5 kg", LB_QTY_POSITIVE, "is not a whole number of kg");
	bad(&rice, "2.5", LB_QTY_POSITIVE, "finer base unit");
	bad(&eggs, "0.05 rak", LB_QTY_POSITIVE, "1 rak = 30 butir");
	bad(&oil, "0.0005 liter", LB_QTY_POSITIVE, "not a whole number of ml");
	bad(&oil, "0.1234567891 liter", LB_QTY_POSITIVE, "more than 9 decimals");
	bad(&eggs, "2.50", LB_QTY_POSITIVE, "not a whole number of butir");
}

static void test_grouping_is_ambiguous(void **state)
{
	(void)state;
	bad(&rice, "1.000", LB_QTY_POSITIVE, "ambiguous");
	bad(&rice, "1.000", LB_QTY_POSITIVE, "write 1000 for the whole number, or 1 for the decimal");
	bad(&rice, "1.500 kg", LB_QTY_POSITIVE, "write 1500 for the whole number, or 1.5 for the decimal");
	bad(&rice, "1,000", LB_QTY_POSITIVE, "ambiguous");
	bad(&rice, "12.250", LB_QTY_POSITIVE, "12250");
	bad(&rice, "1.000.000", LB_QTY_POSITIVE, "without separators");
	bad(&rice, "1.000,5", LB_QTY_POSITIVE, "without separators");
	/* Not grouping: a leading zero, or more than three digits before. */
	assert_int_equal(ok(&oil, "0.500 liter", LB_QTY_POSITIVE), 500);
	assert_int_equal(ok(&oil, "1234.500 liter", LB_QTY_POSITIVE), 1234500);
	assert_int_equal(ok(&oil, "1.5 liter", LB_QTY_POSITIVE), 1500);
	assert_int_equal(ok(&oil, "1.25 liter", LB_QTY_POSITIVE), 1250);
}

static void test_signs_and_zero(void **state)
{
	(void)state;
	bad(&rice, "0", LB_QTY_POSITIVE, "must be greater than zero");
	bad(&rice, "0 karung", LB_QTY_POSITIVE, "must be greater than zero");
	bad(&rice, "-5", LB_QTY_POSITIVE, "must be greater than zero");
	assert_int_equal(ok(&rice, "0", LB_QTY_ZERO_OK), 0);
	assert_int_equal(ok(&rice, "0.0", LB_QTY_ZERO_OK), 0);
	bad(&rice, "-1", LB_QTY_ZERO_OK, "must not be negative");
	assert_int_equal(ok(&rice, "-5", LB_QTY_SIGNED), -5);
	assert_int_equal(ok(&eggs, "-0.5 rak", LB_QTY_SIGNED), -15);
	assert_int_equal(ok(&rice, "+2 karung", LB_QTY_SIGNED), 50);
	bad(&rice, "0", LB_QTY_SIGNED, "zero");
}

static void test_text_and_units(void **state)
{
	(void)state;
	bad(&rice, "", LB_QTY_POSITIVE, "is empty");
	bad(&rice, "   ", LB_QTY_POSITIVE, "is empty");
	bad(&rice, "abc", LB_QTY_POSITIVE, "is not a quantity");
	bad(&rice, "five kg", LB_QTY_POSITIVE, "is not a quantity");
	bad(&rice, "5.", LB_QTY_POSITIVE, "is not a quantity");
	bad(&rice, ".5", LB_QTY_POSITIVE, "is not a quantity");
	bad(&rice, "5 3", LB_QTY_POSITIVE, "is not a quantity");
	bad(&rice, "12kg5", LB_QTY_POSITIVE, "is not a unit of 'X'");
	bad(&rice, "5 kilo", LB_QTY_POSITIVE, "its units: kg, karung, karung50");
	bad(&rice, "5 karung 2", LB_QTY_POSITIVE, "is not a unit");
}

static void test_overflow(void **state)
{
	(void)state;
	assert_int_equal(ok(&rice, "1000000000000000", LB_QTY_POSITIVE), LB_AMOUNT_MAX);
	bad(&rice, "1000000000000001", LB_QTY_POSITIVE, "too large (at most 1.000.000.000.000.000 kg)");
	bad(&rice, "99999999999999999999999", LB_QTY_POSITIVE, "too large");
	bad(&rice, "999999999999999 karung", LB_QTY_POSITIVE, "too large");
	bad(&oil, "999999999999.999999999 dus", LB_QTY_POSITIVE, "too large");
	bad(&rice, "-1000000000000001", LB_QTY_SIGNED, "too large");
}

static void test_format(void **state)
{
	char out[64];

	(void)state;
	lb_qty_format(1250, "kg", out, sizeof out);
	assert_string_equal(out, "1.250 kg");
	lb_qty_format(7, "butir", out, sizeof out);
	assert_string_equal(out, "7 butir");
	lb_qty_format(-1234567, "ml", out, sizeof out);
	assert_string_equal(out, "-1.234.567 ml");
	lb_qty_format(LB_AMOUNT_MAX, "kg", out, sizeof out);
	assert_string_equal(out, "1.000.000.000.000.000 kg");
}

static void test_unit_names(void **state)
{
	lb_err e;

	(void)state;
	assert_int_equal(lb_unit_name_check("kg", "--unit", &e), LB_OK);
	assert_int_equal(lb_unit_name_check("karung_25", "--unit", &e), LB_OK);
	assert_int_equal(lb_unit_name_check("", "--unit", &e), LB_EINPUT);
	assert_int_equal(lb_unit_name_check("25kg", "--unit", &e), LB_EINPUT);
	assert_int_equal(lb_unit_name_check("k g", "--unit", &e), LB_EINPUT);
	assert_int_equal(lb_unit_name_check("abcdefghijklmnopqrstuvwxyz", "--unit", &e), LB_EINPUT);
	assert_int_equal(lb_units_factor(&eggs, "RAK"), 30);
	assert_int_equal(lb_units_factor(&eggs, "Butir"), 1);
	assert_int_equal(lb_units_factor(&eggs, "dus"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_and_packs),
		cmocka_unit_test(test_exact_decimals),
		cmocka_unit_test(test_fractions_refused_with_a_way_out),
		cmocka_unit_test(test_grouping_is_ambiguous),
		cmocka_unit_test(test_signs_and_zero),
		cmocka_unit_test(test_text_and_units),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_unit_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
