/*
 * test_date_money.c — core/date.c and core/money.c: strict dates (no
 * 2026-02-30, leap years by the Gregorian rules), day arithmetic, periods,
 * Indonesian formats (15 Januari 2026, Rp1.234.500), rupiah as people
 * write them (300.000) and the limits that stop overflow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/localtime.h"
#include "core/money.h"

static lb_day day_ok(const char *s)
{
	lb_day d = 0;
	lb_err e = { 0 };

	if (lb_date_parse(s, "--date", &d, &e) != LB_OK)
		print_error("'%s' refused: %s\n", s, e.msg);
	assert_int_equal(lb_date_parse(s, "--date", &d, &e), LB_OK);
	return d;
}

static void day_bad(const char *s, const char *want)
{
	lb_day d = 12345;
	lb_err e = { 0 };

	assert_int_equal(lb_date_parse(s, "--date", &d, &e), LB_EINPUT);
	if (!strstr(e.msg, want))
		print_error("'%s': message '%s' lacks '%s'\n", s, e.msg, want);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(d, 12345);
}

static void test_dates_are_strict(void **state)
{
	(void)state;
	day_bad("2026-02-30", "--date '2026-02-30' is not a date: Februari 2026 has 28 days");
	day_bad("2023-02-29", "Februari 2023 has 28 days");
	day_bad("1900-02-29", "Februari 1900 has 28 days"); /* divisible by 100 */
	day_bad("2026-04-31", "April 2026 has 30 days");
	day_bad("2026-13-01", "there is no month 13");
	day_bad("2026-00-10", "there is no month 0");
	day_bad("2026-01-00", "Januari 2026 has 31 days");
	day_bad("2026-1-5", "write YYYY-MM-DD");
	day_bad("05-01-26", "'05-01-26' is ambiguous: a two-digit year could be 1926 or 2026; write the year in full");
	day_bad("31/06/2027", "'31/06/2027' is not a date: Juni 2027 has 30 days");
	day_bad("06/31/2027", "there is no month 31");
	day_bad("1955-06-05 25:00", "write YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY");
	day_bad("2026/01/05", "write YYYY-MM-DD");
	day_bad("2026-01-05 ", "write YYYY-MM-DD");
	day_bad("", "write YYYY-MM-DD");
	day_bad("1899-12-31", "year 1899 is out of range");
	(void)day_ok("2024-02-29"); /* divisible by 4 */
	(void)day_ok("2000-02-29"); /* divisible by 400 */
	(void)day_ok("2026-12-31");
}

/* Stored UTC shown in each of Indonesia's three zones, across midnight
 * and a month's and a year's end. */
static void test_local_time(void **state)
{
	struct lb_zone z;
	char out[32];

	(void)state;
	assert_int_equal(lb_zone_parse("Asia/Makassar", &z), 0);
	lb_time_local(&z, "2026-12-02T01:04:50Z", out);
	assert_string_equal(out, "2026-12-02 09:04 WITA");
	assert_int_equal(lb_zone_parse("Asia/Jakarta", &z), 0);
	lb_time_local(&z, "2026-12-31T17:30:00Z", out);
	assert_string_equal(out, "2027-01-01 00:30 WIB");
	assert_int_equal(lb_zone_parse("Asia/Jayapura", &z), 0);
	lb_time_local(&z, "2028-02-28T20:00:00Z", out);
	assert_string_equal(out, "2028-02-29 05:00 WIT");
	lb_time_local(&z, "not a time", out);
	assert_string_equal(out, "not a time");
	assert_int_equal(lb_zone_parse("Asia/Singapore", &z), -1);
}

/* The forms offices write, all the same day; and Excel serial numbers
 * in imported cells only. */
static void test_office_date_forms(void **state)
{
	lb_day want = lb_day_from_ymd(1955, 6, 5), d = 0;
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(day_ok("05/06/1955"), want);
	assert_int_equal(day_ok("5/6/1955"), want);
	assert_int_equal(day_ok("05-06-1955"), want);
	assert_int_equal(day_ok("1955-06-05 00:00:00"), want);
	assert_int_equal(day_ok("1955-06-05T00:00"), want);
	assert_int_equal(day_ok("30/06/2027"), lb_day_from_ymd(2027, 6, 30));
	assert_int_equal(lb_date_parse_cell("20245", "birth date", &d, &e), LB_OK);
	assert_int_equal(d, want);
	assert_int_equal(lb_date_parse_cell("20245.0", "birth date", &d, &e), LB_OK);
	assert_int_equal(d, want);
	assert_int_equal(lb_date_parse("20245", "--expiry", &d, &e), LB_EINPUT);
	assert_int_equal(lb_date_from_serial(60, 0, &d), -1); /* 1900-02-29 never was */
	assert_int_equal(lb_date_from_serial(61, 0, &d), 0);
	assert_int_equal(d, lb_day_from_ymd(1900, 3, 1));
	assert_int_equal(lb_date_from_serial(1, 0, &d), 0);
	assert_int_equal(d, lb_day_from_ymd(1900, 1, 1));
	assert_int_equal(lb_date_from_serial(0, 1, &d), -1);
	assert_int_equal(lb_date_from_serial(1, 1, &d), 0);
	assert_int_equal(d, lb_day_from_ymd(1904, 1, 2));
}

static void test_day_arithmetic(void **state)
{
	char out[32];
	int y, m, d;

	(void)state;
	assert_int_equal(day_ok("1970-01-01"), 0);
	assert_int_equal(day_ok("2026-02-01") - day_ok("2026-01-31"), 1);
	assert_int_equal(day_ok("2024-03-01") - day_ok("2024-02-28"), 2);
	assert_int_equal(day_ok("2027-01-01") - day_ok("2026-01-01"), 365);
	assert_int_equal(day_ok("2025-01-01") - day_ok("2024-01-01"), 366);
	for (lb_day x = day_ok("1999-12-25"); x < day_ok("2001-01-10"); x++) {
		lb_day_to_ymd(x, &y, &m, &d);
		assert_int_equal(lb_day_from_ymd(y, m, d), x);
		assert_true(lb_date_valid(y, m, d));
	}
	lb_date_format(day_ok("2026-01-15"), out);
	assert_string_equal(out, "2026-01-15");
	lb_date_format_id(day_ok("2026-01-15"), out);
	assert_string_equal(out, "15 Januari 2026");
	lb_date_format_id(day_ok("2024-02-29"), out);
	assert_string_equal(out, "29 Februari 2024");
}

static void test_periods(void **state)
{
	int p = 0;
	char out[24];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_period_parse("2024-02", "--period", &p, &e), LB_OK);
	assert_int_equal(lb_period_last_day(p) - lb_period_first_day(p), 28);
	lb_period_format(p, out);
	assert_string_equal(out, "2024-02");
	lb_period_format_id(p, out);
	assert_string_equal(out, "Februari 2024");
	assert_int_equal(lb_period_of_day(day_ok("2024-02-29")), p);
	assert_int_equal(lb_period_parse("2024-13", "--period", &p, &e), LB_EINPUT);
	assert_int_equal(lb_period_parse("2024-2", "--period", &p, &e), LB_EINPUT);
	assert_int_equal(lb_period_parse("2024-02-01", "--period", &p, &e), LB_EINPUT);
}

static int64_t money_ok(const char *s)
{
	int64_t v = -1;
	lb_err e = { 0 };

	if (lb_money_parse(s, "--unit-cost", &v, &e) != LB_OK)
		print_error("'%s' refused: %s\n", s, e.msg);
	assert_int_equal(lb_money_parse(s, "--unit-cost", &v, &e), LB_OK);
	return v;
}

static void money_bad(const char *s, const char *want)
{
	int64_t v = 777;
	lb_err e = { 0 };

	assert_int_equal(lb_money_parse(s, "--unit-cost", &v, &e), LB_EINPUT);
	if (!strstr(e.msg, want))
		print_error("'%s': message '%s' lacks '%s'\n", s, e.msg, want);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(v, 777);
}

static void test_rupiah_as_written(void **state)
{
	(void)state;
	assert_int_equal(money_ok("300000"), 300000);
	assert_int_equal(money_ok("300.000"), 300000);
	assert_int_equal(money_ok("Rp300.000"), 300000);
	assert_int_equal(money_ok("Rp 300.000"), 300000);
	assert_int_equal(money_ok("rp1.234.500"), 1234500);
	assert_int_equal(money_ok("0"), 0);
	assert_int_equal(money_ok("999"), 999);
	assert_int_equal(money_ok("1.000.000.000.000.000"), LB_AMOUNT_MAX);
	money_bad("1.000.000.000.000.001", "too large");
	money_bad("99999999999999999999", "too large");
	money_bad("300,50", "has a fraction: amounts are whole rupiah");
	money_bad("300.00", "is not an amount in rupiah");
	money_bad("3.00.000", "is not an amount in rupiah");
	money_bad("1234.500", "is not an amount in rupiah");
	money_bad(".500", "is not an amount in rupiah");
	money_bad("300.", "is not an amount in rupiah");
	money_bad("-5", "must not be negative");
	money_bad("Rp-5", "must not be negative");
	money_bad("murah", "is not an amount in rupiah");
	money_bad("Rp", "is not an amount in rupiah");
	money_bad("", "is empty");
}

static void test_rupiah_printed(void **state)
{
	char out[48];

	(void)state;
	lb_money_format(1234500, out, sizeof out);
	assert_string_equal(out, "Rp1.234.500");
	lb_money_format(0, out, sizeof out);
	assert_string_equal(out, "Rp0");
	lb_money_format(999, out, sizeof out);
	assert_string_equal(out, "Rp999");
	lb_money_format(1000, out, sizeof out);
	assert_string_equal(out, "Rp1.000");
	lb_money_format(-1234500, out, sizeof out);
	assert_string_equal(out, "-Rp1.234.500");
	lb_int_format_id(INT64_MAX, out, sizeof out);
	assert_string_equal(out, "9.223.372.036.854.775.807");
	lb_int_format_id(INT64_MIN, out, sizeof out);
	assert_string_equal(out, "-9.223.372.036.854.775.808");
}

static void test_whole_numbers(void **state)
{
	int64_t v = 0;
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_int_parse("12", "--days", 1, 100, &v, &e), LB_OK);
	assert_int_equal(v, 12);
	assert_int_equal(lb_int_parse("-3", "--n", -5, 5, &v, &e), LB_OK);
	assert_int_equal(v, -3);
	assert_int_equal(lb_int_parse("0", "--days", 1, 100, &v, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "must be greater than zero"));
	assert_int_equal(lb_int_parse("101", "--days", 1, 100, &v, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "out of range (1 to 100)"));
	assert_int_equal(lb_int_parse("12a", "--days", 1, 100, &v, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "is not a whole number"));
	assert_int_equal(lb_int_parse("99999999999999999999", "--days", 1, INT64_MAX, &v, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "too large"));
	assert_int_equal(lb_int_parse("", "--days", 1, 100, &v, &e), LB_EINPUT);
	assert_int_equal(lb_int_parse("-", "--days", -5, 100, &v, &e), LB_EINPUT);
}

/* lb_today is the office's day from UTC plus the zone's offset, whatever
 * TZ says; LUMBUNG_NOW stands in for the clock. */
static void test_office_day(void **state)
{
	(void)state;
	unsetenv("LUMBUNG_TODAY");
	setenv("TZ", "UTC", 1);
	setenv("LUMBUNG_NOW", "2026-12-31T16:00:00Z", 1);
	lb_today_set_offset(8 * 60);
	assert_int_equal(lb_today(), lb_day_from_ymd(2027, 1, 1));
	lb_today_set_offset(7 * 60);
	assert_int_equal(lb_today(), lb_day_from_ymd(2026, 12, 31));
	setenv("LUMBUNG_NOW", "2026-12-31T16:59:59Z", 1);
	assert_int_equal(lb_today(), lb_day_from_ymd(2026, 12, 31));
	setenv("LUMBUNG_NOW", "2026-12-31T17:00:00Z", 1);
	assert_int_equal(lb_today(), lb_day_from_ymd(2027, 1, 1));
	{
		char now[21];
		lb_now_utc(now);
		assert_string_equal(now, "2026-12-31T17:00:00Z");
	}
	unsetenv("LUMBUNG_NOW");
	lb_today_set_offset(8 * 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_are_strict),
		cmocka_unit_test(test_office_date_forms),
		cmocka_unit_test(test_local_time),
		cmocka_unit_test(test_office_day),
		cmocka_unit_test(test_day_arithmetic),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_rupiah_as_written),
		cmocka_unit_test(test_rupiah_printed),
		cmocka_unit_test(test_whole_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
