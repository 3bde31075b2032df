/*
 * test_pageplan.c — the signature blocks stay on the page of the table's
 * last rows; rows move rather than the signatures standing alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "doc/pageplan.h"

static void rows(double *h, size_t n, double v)
{
	for (size_t i = 0; i < n; i++)
		h[i] = v;
}

/* Everything on one page. */
static void test_one_page(void **state)
{
	double h[5];
	size_t pp[4];

	rows(h, 3, 10);
	assert_int_equal(lb_page_plan(h, 3, 100, 200, 50, pp, 4), 1);
	assert_int_equal(pp[0], 3);
}

/* The table ends exactly at the foot of page 1: the tail does not fit
 * below it, so the last row moves to page 2 with the tail. */
static void test_table_ends_at_bottom(void **state)
{
	double h[10];
	size_t pp[4];

	rows(h, 10, 10);
	assert_int_equal(lb_page_plan(h, 10, 100, 200, 50, pp, 4), 2);
	assert_int_equal(pp[0], 9);
	assert_int_equal(pp[1], 1);
}

/* Rows and tail fit exactly: no move. */
static void test_exact_fit(void **state)
{
	double h[5];
	size_t pp[4];

	rows(h, 5, 10);
	assert_int_equal(lb_page_plan(h, 5, 100, 200, 50, pp, 4), 1);
	assert_int_equal(pp[0], 5);
}

/* Three pages: 10 on the first, 20 on the second, the rest and the tail on
 * the third; the last page always has rows. */
static void test_three_pages(void **state)
{
	double h[35];
	size_t pp[4];

	rows(h, 35, 10);
	assert_int_equal(lb_page_plan(h, 35, 100, 200, 50, pp, 4), 3);
	assert_int_equal(pp[0], 10);
	assert_int_equal(pp[1], 20);
	assert_int_equal(pp[2], 5);
	assert_true(pp[2] > 0);
}

/* Second page full to the bottom: rows move to a third. */
static void test_second_page_full(void **state)
{
	double h[30];
	size_t pp[4];

	rows(h, 30, 10);
	assert_int_equal(lb_page_plan(h, 30, 100, 200, 50, pp, 4), 3);
	assert_int_equal(pp[0], 10);
	assert_int_equal(pp[1], 19);
	assert_int_equal(pp[2], 1);
}

/* Rows of different heights. */
static void test_mixed_heights(void **state)
{
	double h[4] = { 30, 30, 30, 30 };
	size_t pp[4];

	assert_int_equal(lb_page_plan(h, 4, 100, 200, 20, pp, 4), 2);
	assert_int_equal(pp[0], 3);
	assert_int_equal(pp[1], 1);
}

static void test_no_rows(void **state)
{
	size_t pp[2];

	assert_int_equal(lb_page_plan(NULL, 0, 100, 200, 50, pp, 2), 1);
	assert_int_equal(pp[0], 0);
	assert_int_equal(lb_page_plan(NULL, 0, 40, 200, 50, pp, 2), 2);
	assert_int_equal(pp[0], 0);
	assert_int_equal(pp[1], 0);
}

static void test_impossible(void **state)
{
	double h[2] = { 10, 250 };
	size_t pp[8];

	assert_int_equal(lb_page_plan(h, 2, 100, 200, 50, pp, 8), -1);
	h[1] = 10;
	assert_int_equal(lb_page_plan(h, 2, 100, 200, 195, pp, 8), -1);
	rows(h, 2, 10);
	assert_int_equal(lb_page_plan(h, 2, 5, 15, 5, pp, 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_page),
		cmocka_unit_test(test_table_ends_at_bottom),
		cmocka_unit_test(test_exact_fit),
		cmocka_unit_test(test_three_pages),
		cmocka_unit_test(test_second_page_full),
		cmocka_unit_test(test_mixed_heights),
		cmocka_unit_test(test_no_rows),
		cmocka_unit_test(test_impossible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
