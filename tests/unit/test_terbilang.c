/*
 * test_terbilang.c — Indonesian number words for rupiah amounts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/terbilang.h"

struct want {
	int64_t rupiah;
	const char *words;
};

static const struct want table[] = {
	{ 0, "nol rupiah" },
	{ 1, "satu rupiah" },
	{ 9, "sembilan rupiah" },
	{ 10, "sepuluh rupiah" },
	{ 11, "sebelas rupiah" },
	{ 12, "dua belas rupiah" },
	{ 19, "sembilan belas rupiah" },
	{ 20, "dua puluh rupiah" },
	{ 21, "dua puluh satu rupiah" },
	{ 99, "sembilan puluh sembilan rupiah" },
	{ 100, "seratus rupiah" },
	{ 101, "seratus satu rupiah" },
	{ 110, "seratus sepuluh rupiah" },
	{ 111, "seratus sebelas rupiah" },
	{ 200, "dua ratus rupiah" },
	{ 999, "sembilan ratus sembilan puluh sembilan rupiah" },
	{ 1000, "seribu rupiah" },
	{ 1001, "seribu satu rupiah" },
	{ 1100, "seribu seratus rupiah" },
	{ 2000, "dua ribu rupiah" },
	{ 10000, "sepuluh ribu rupiah" },
	{ 11000, "sebelas ribu rupiah" },
	{ 100000, "seratus ribu rupiah" },
	{ 101000, "seratus satu ribu rupiah" },
	{ 300000, "tiga ratus ribu rupiah" },
	{ 1000000, "satu juta rupiah" },
	{ 1001000, "satu juta seribu rupiah" },
	{ 1234500, "satu juta dua ratus tiga puluh empat ribu lima ratus rupiah" },
	{ 246000000, "dua ratus empat puluh enam juta rupiah" },
	{ 1000000000, "satu miliar rupiah" },
	{ 1000000001, "satu miliar satu rupiah" },
	{ 1000000000000, "satu triliun rupiah" },
	{ 999999999999999,
	  "sembilan ratus sembilan puluh sembilan triliun "
	  "sembilan ratus sembilan puluh sembilan miliar "
	  "sembilan ratus sembilan puluh sembilan juta "
	  "sembilan ratus sembilan puluh sembilan ribu "
	  "sembilan ratus sembilan puluh sembilan rupiah" },
	{ 1000000000000000, "satu kuadriliun rupiah" },
	{ INT64_MAX,
	  "sembilan kuintiliun dua ratus dua puluh tiga kuadriliun "
	  "tiga ratus tujuh puluh dua triliun tiga puluh enam miliar "
	  "delapan ratus lima puluh empat juta tujuh ratus tujuh puluh lima ribu "
	  "delapan ratus tujuh rupiah" },
};

static void test_table(void **state)
{
	size_t i;
	lb_err e;
	lb_buf b;

	lb_buf_init(&b);
	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		lb_buf_reset(&b);
		lb_err_clear(&e);
		assert_int_equal(lb_terbilang(table[i].rupiah, &b, &e), LB_OK);
		assert_string_equal(b.data, table[i].words);
	}
	lb_buf_release(&b);
}

/* Slips write "Terbilang: " first and then the words. */
static void test_appends(void **state)
{
	lb_err e;
	lb_buf b;

	lb_buf_init(&b);
	assert_int_equal(lb_buf_adds(&b, "Terbilang: ", &e), LB_OK);
	assert_int_equal(lb_terbilang(11000, &b, &e), LB_OK);
	assert_string_equal(b.data, "Terbilang: sebelas ribu rupiah");
	lb_buf_reset(&b);
	assert_int_equal(lb_buf_adds(&b, "(", &e), LB_OK);
	assert_int_equal(lb_terbilang(5, &b, &e), LB_OK);
	assert_string_equal(b.data, "(lima rupiah");
	lb_buf_release(&b);
}

static void test_negative(void **state)
{
	lb_err e;
	lb_buf b;

	lb_buf_init(&b);
	assert_int_equal(lb_buf_adds(&b, "x", &e), LB_OK);
	lb_err_clear(&e);
	assert_int_equal(lb_terbilang(-1, &b, &e), LB_EINPUT);
	assert_int_equal(e.code, LB_EINPUT);
	assert_non_null(strstr(e.msg, "negative"));
	assert_string_equal(b.data, "x");
	assert_int_equal(lb_terbilang(INT64_MIN, &b, &e), LB_EINPUT);
	assert_string_equal(b.data, "x");
	lb_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_negative),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
