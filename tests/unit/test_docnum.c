/*
 * test_docnum.c — document numbers from the office's pattern, Roman
 * months and dates spelled out as a berita acara opens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/docnum.h"

static void test_roman(void **state)
{
	static const char *const want[] = { "I", "II", "III", "IV", "V", "VI",
					    "VII", "VIII", "IX", "X", "XI", "XII" };

	for (int m = 1; m <= 12; m++)
		assert_string_equal(lb_roman_month(m), want[m - 1]);
	assert_string_equal(lb_roman_month(0), "");
	assert_string_equal(lb_roman_month(13), "");
}

static void fmt(const char *pattern, int64_t seq, const char *want)
{
	struct lb_docnum_vars v = { .seq = seq, .program = "SEMBAKO", .village = "64.02.06.1002",
				    .location = "TP-LOAIPUH", .year = 2026, .month = 1 };
	lb_buf b;
	lb_err e;

	lb_buf_init(&b);
	assert_int_equal(lb_docnum_format(pattern, &v, &b, &e), LB_OK);
	assert_string_equal(b.data, want);
	lb_buf_release(&b);
}

static void test_format(void **state)
{
	fmt("{seq}/BAST-{program}/{bulan-romawi}/{tahun}", 7, "7/BAST-SEMBAKO/I/2026");
	fmt("{seq:3}/BAST/{desa}/{bulan}/{tahun}", 7, "007/BAST/64.02.06.1002/01/2026");
	fmt("BA-SO/{lokasi}/{seq:2}", 123, "BA-SO/TP-LOAIPUH/123");
	fmt("{seq}", 1, "1");
}

static void refused(const char *pattern, const char *msg)
{
	lb_err e;

	assert_int_equal(lb_docnum_check(pattern, &e), LB_EINPUT);
	assert_string_equal(e.msg, msg);
}

static void test_check(void **state)
{
	lb_err e;

	assert_int_equal(lb_docnum_check("{seq}/BAST-{program}/{bulan-romawi}/{tahun}", &e), LB_OK);
	refused("BAST/{tahun}", "number pattern 'BAST/{tahun}' has no {seq}: two documents would get the same number");
	refused("{seq}/{nomor}",
		"number pattern '{seq}/{nomor}': unknown token '{nomor}': use {seq}, {seq:N}, {program}, {bulan}, {bulan-romawi}, {tahun}, {desa} or {lokasi}");
	refused("{seq", "number pattern '{seq': '{' without '}'");
	refused("{seq:0}", "number pattern '{seq:0}': '{seq:0}' needs a width of 1 to 9 digits");
	refused("{seq:12}", "number pattern '{seq:12}': '{seq:12}' needs a width of 1 to 9 digits");
}

static void spelled(int y, int m, int d, const char *want)
{
	lb_buf b;
	lb_err e;

	lb_buf_init(&b);
	assert_int_equal(lb_date_spelled(lb_day_from_ymd(y, m, d), &b, &e), LB_OK);
	assert_string_equal(b.data, want);
	lb_buf_release(&b);
}

static void test_spelled(void **state)
{
	spelled(2026, 1, 15, "Kamis, tanggal lima belas bulan Januari tahun dua ribu dua puluh enam (15-01-2026)");
	spelled(2026, 2, 1, "Minggu, tanggal satu bulan Februari tahun dua ribu dua puluh enam (01-02-2026)");
	spelled(2028, 2, 29, "Selasa, tanggal dua puluh sembilan bulan Februari tahun dua ribu dua puluh delapan (29-02-2028)");
	spelled(2026, 12, 31, "Kamis, tanggal tiga puluh satu bulan Desember tahun dua ribu dua puluh enam (31-12-2026)");
	spelled(2026, 11, 11, "Rabu, tanggal sebelas bulan November tahun dua ribu dua puluh enam (11-11-2026)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roman),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_spelled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
