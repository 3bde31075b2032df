/*
 * test_program.c — program rules without a database: which months start
 * a round, a package's value and the 5% rule at its exact edges, and the
 * ITEM=QTY[@PRICE] syntax.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "program/package.h"
#include "program/program.h"

static int period(const char *s)
{
	int p = -1;
	assert_int_equal(lb_period_parse(s, "p", &p, NULL), LB_OK);
	return p;
}

static struct lb_program prog(const char *first, const char *last, int round)
{
	struct lb_program p;

	memset(&p, 0, sizeof p);
	strcpy(p.code, "SEMBAKO");
	p.first_period = period(first);
	p.last_period = period(last);
	p.round_months = round;
	p.monthly_value = 300000;
	p.quota = 820;
	return p;
}

static void round_ok(const struct lb_program *p, const char *when)
{
	lb_err e;

	lb_err_clear(&e);
	if (lb_program_round_check(p, period(when), &e) != LB_OK)
		fail_msg("%s refused: %s", when, e.msg);
}

static void round_bad(const struct lb_program *p, const char *when, const char *msg)
{
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_program_round_check(p, period(when), &e), LB_ERULE);
	assert_string_equal(e.msg, msg);
}

static void test_rounds(void **state)
{
	struct lb_program m = prog("2026-01", "2026-12", 1);
	struct lb_program bim = prog("2025-11", "2026-10", 2);

	round_ok(&m, "2026-01");
	round_ok(&m, "2026-07");
	round_ok(&m, "2026-12");
	round_bad(&m, "2025-12", "program SEMBAKO runs from 2026-01 to 2026-12: 2025-12 is outside it");
	round_bad(&m, "2027-01", "program SEMBAKO runs from 2026-01 to 2026-12: 2027-01 is outside it");

	/* Rounds of two months from November: Nov, Jan, Mar, ... across the
	 * year's end. */
	round_ok(&bim, "2025-11");
	round_ok(&bim, "2026-01");
	round_ok(&bim, "2026-09");
	round_bad(&bim, "2025-12",
		  "2025-12 is not the first month of a round of SEMBAKO (rounds of 2 months; the nearest start 2025-11 and 2026-01)");
	/* The last month, in the middle of a round that started before it. */
	round_bad(&bim, "2026-10",
		  "2026-10 is not the first month of a round of SEMBAKO (rounds of 2 months; this one starts 2026-09)");
}

static void test_value(void **state)
{
	struct lb_package pkg;

	memset(&pkg, 0, sizeof pkg);
	assert_int_equal(lb_package_value(&pkg), 0);
	pkg.n = 4;
	pkg.line[0].qty = 10, pkg.line[0].price = 14000; /* beras, kg */
	pkg.line[1].qty = 2, pkg.line[1].price = 18000;  /* minyak, liter */
	pkg.line[2].qty = 30, pkg.line[2].price = 2000;  /* telur, butir */
	pkg.line[3].qty = 5, pkg.line[3].price = 12000;  /* ikan, kaleng */
	assert_int_equal(lb_package_value(&pkg), 296000);
	/* The largest package the limits allow still sums exactly. */
	pkg.n = LB_PACKAGE_MAX;
	for (size_t i = 0; i < LB_PACKAGE_MAX; i++) {
		pkg.line[i].qty = LB_PACKAGE_QTY_MAX;
		pkg.line[i].price = LB_PRICE_MAX;
	}
	assert_true(lb_package_value(&pkg) == (int64_t)LB_PACKAGE_MAX * LB_PACKAGE_QTY_MAX * LB_PRICE_MAX);
}

static void test_departs(void **state)
{
	/* Rp300.000 a month: 5% is Rp15.000 either way, and exactly 5% is
	 * still within. */
	assert_false(lb_package_departs(300000, 300000));
	assert_false(lb_package_departs(296000, 300000));
	assert_false(lb_package_departs(315000, 300000));
	assert_true(lb_package_departs(315001, 300000));
	assert_false(lb_package_departs(285000, 300000));
	assert_true(lb_package_departs(284999, 300000));
	/* A round of two months is worth Rp600.000. */
	assert_false(lb_package_departs(592000, 600000));
	assert_true(lb_package_departs(296000, 600000));
	assert_true(lb_package_departs(0, 300000));
}

static void parse_ok(const char *spec, const char *item, int64_t qty, int64_t price)
{
	char it[33];
	int64_t q, p;
	lb_err e;

	lb_err_clear(&e);
	if (lb_package_item_parse(spec, it, &q, &p, &e) != LB_OK)
		fail_msg("'%s' refused: %s", spec, e.msg);
	assert_string_equal(it, item);
	assert_int_equal(q, qty);
	assert_int_equal(p, price);
}

static void parse_bad(const char *spec, const char *msg)
{
	char it[33];
	int64_t q, p;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_package_item_parse(spec, it, &q, &p, &e), LB_EINPUT);
	if (!strstr(e.msg, msg))
		fail_msg("'%s': message '%s' lacks '%s'", spec, e.msg, msg);
}

static void test_item_syntax(void **state)
{
	parse_ok("BERAS=10", "BERAS", 10, -1);
	parse_ok("BERAS=10@14000", "BERAS", 10, 14000);
	parse_ok("MINYAK=2@Rp18.000", "MINYAK", 2, 18000);
	parse_ok("TELUR=30@0", "TELUR", 30, 0);
	parse_bad("BERAS", "is not ITEM=QTY");
	parse_bad("=10", "is not ITEM=QTY");
	parse_bad("BERAS=", "needs a quantity");
	parse_bad("BERAS=@14000", "needs a quantity");
	parse_bad("BERAS=0", "--item BERAS");
	parse_bad("BERAS=-1", "--item BERAS");
	parse_bad("BERAS=2.5", "--item BERAS");
	parse_bad("BERAS=1000001", "--item BERAS");
	parse_bad("BERAS=10@", "--item BERAS");
	parse_bad("BERAS=10@14.000,50", "--item BERAS");
	parse_bad("BERAS=10@1000000001", "the price must be");
	parse_bad("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG=1", "too long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rounds),
		cmocka_unit_test(test_value),
		cmocka_unit_test(test_departs),
		cmocka_unit_test(test_item_syntax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
