/*
 * test_scanfile.c — the scanner file parser: line ends, BOM, blank lines,
 * timestamp columns in either order, quoting, headers and bad lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "voucher/scanfile.h"

#define P1 "LB1:6BFA-3C8 0QZ5$FG+UJ"
#define P2 "LB1:ABCDEFGH/IJ.KL*MN%OP"

struct got {
	size_t lineno;
	char scan[256];
	char when[LB_SCAN_WHEN_SIZE];
	const char *bad;
};

static int all(const char *data, size_t len, struct got *g, int max, struct lb_scanfile *sf)
{
	struct lb_scanline l;
	int n = 0;

	lb_scanfile_init(sf, data, len);
	while (lb_scanfile_next(sf, &l)) {
		assert_true(n < max);
		assert_true(l.scan >= data && l.scan + l.scan_len <= data + len);
		g[n].lineno = l.lineno;
		assert_true(l.scan_len < sizeof g[n].scan);
		memcpy(g[n].scan, l.scan, l.scan_len);
		g[n].scan[l.scan_len] = '\0';
		strcpy(g[n].when, l.when);
		g[n].bad = l.bad;
		n++;
	}
	return n;
}

static void test_plain_lines(void **state)
{
	static const char f[] = P1 "\n" P2 "\n";
	struct lb_scanfile sf;
	struct got g[4];
	(void)state;

	assert_int_equal(all(f, sizeof f - 1, g, 4, &sf), 2);
	assert_string_equal(g[0].scan, P1);
	assert_int_equal(g[0].lineno, 1);
	assert_string_equal(g[0].when, "");
	assert_null(g[0].bad);
	assert_string_equal(g[1].scan, P2);
	assert_int_equal(g[1].lineno, 2);
}

static void test_crlf_bom_blank(void **state)
{
	static const char f[] = "\xEF\xBB\xBF" P1 "\r\n\r\n   \r\n\t\r\n" P2 "\r\n\r\n";
	struct lb_scanfile sf;
	struct got g[4];
	(void)state;

	assert_int_equal(all(f, sizeof f - 1, g, 4, &sf), 2);
	assert_string_equal(g[0].scan, P1);
	assert_int_equal(g[0].lineno, 1);
	assert_string_equal(g[1].scan, P2);
	assert_int_equal(g[1].lineno, 5);
	assert_int_equal(sf.blank, 4);
	assert_int_equal(sf.header_skipped, 0);
}

static void test_lone_cr_and_no_final_newline(void **state)
{
	static const char f[] = P1 "\r" P2;
	struct lb_scanfile sf;
	struct got g[4];
	(void)state;

	assert_int_equal(all(f, sizeof f - 1, g, 4, &sf), 2);
	assert_string_equal(g[0].scan, P1);
	assert_string_equal(g[1].scan, P2);
	assert_int_equal(g[1].lineno, 2);
}

static void test_timestamp_columns(void **state)
{
	static const char f[] =
		"2026-01-15T09:12:03," P1 "\n"
		"2026-01-15 09:12\t" P2 "\n"
		P1 ";2026-01-16T10:00:00.123+08:00\n"
		"\"2026-01-17 07:00:59Z\",\"" P2 "\"\n"
		"2026-01-18 , " P1 " \n"
		"2026-01-19T23:59:59+0800;" P1 "\n";
	struct lb_scanfile sf;
	struct got g[8];
	(void)state;

	assert_int_equal(all(f, sizeof f - 1, g, 8, &sf), 6);
	assert_string_equal(g[0].scan, P1);
	assert_string_equal(g[0].when, "2026-01-15T09:12:03");
	assert_string_equal(g[1].scan, P2);
	assert_string_equal(g[1].when, "2026-01-15T09:12:00");
	assert_string_equal(g[2].scan, P1);
	assert_string_equal(g[2].when, "2026-01-16T10:00:00+08:00");
	assert_string_equal(g[3].scan, P2);
	assert_string_equal(g[3].when, "2026-01-17T07:00:59Z");
	assert_string_equal(g[4].scan, P1);
	assert_string_equal(g[4].when, "2026-01-18T00:00:00");
	assert_string_equal(g[5].when, "2026-01-19T23:59:59+08:00");
	for (int i = 0; i < 6; i++)
		assert_null(g[i].bad);
}

static void test_day_of_timestamp(void **state)
{
	struct lb_scanline l;
	static const char line[] = "2026-02-28T08:00:00," P1;
	(void)state;

	assert_int_equal(lb_scanline_parse(line, sizeof line - 1, 7, 0, &l), 1);
	assert_int_equal(l.has_time, 1);
	assert_int_equal(l.day, lb_day_from_ymd(2026, 2, 28));
	assert_int_equal(l.lineno, 7);
}

static void test_header_skipped(void **state)
{
	static const char f[] = "timestamp,code\r\n2026-01-15T09:12:03," P1 "\r\n";
	struct lb_scanfile sf;
	struct got g[4];
	(void)state;

	assert_int_equal(all(f, sizeof f - 1, g, 4, &sf), 1);
	assert_int_equal(sf.header_skipped, 1);
	assert_int_equal(g[0].lineno, 2);
	assert_string_equal(g[0].scan, P1);
}

static void test_header_only_first(void **state)
{
	static const char f[] = P1 "\ntime,code\n";
	struct lb_scanfile sf;
	struct got g[4];
	(void)state;

	assert_int_equal(all(f, sizeof f - 1, g, 4, &sf), 2);
	assert_int_equal(sf.header_skipped, 0);
	assert_non_null(g[1].bad);
	assert_int_equal(g[1].lineno, 2);
}

static void test_bad_lines(void **state)
{
	static const char f[] =
		"2026-01-15T09:12:03," P1 ",extra\n"   /* three columns */
		"2026-02-30T09:00:00," P1 "\n"         /* no such day */
		"2026-01-15T25:00:00," P1 "\n"         /* no such hour */
		"2026-01-15T09:12:03,\n"               /* no scan */
		"garbage," P1 "\n";                    /* no timestamp */
	struct lb_scanfile sf;
	struct got g[8];
	(void)state;

	assert_int_equal(all(f, sizeof f - 1, g, 8, &sf), 5);
	for (int i = 0; i < 5; i++) {
		assert_non_null(g[i].bad);
		assert_int_equal(g[i].lineno, (size_t)i + 1);
	}
	assert_string_equal(g[0].bad, "more than two columns: expected a scan, or a timestamp and a scan");
	assert_string_equal(g[3].bad, "a timestamp but no scan");
}

static void test_nul_and_long(void **state)
{
	static char f[LB_SCANLINE_MAX + 64];
	static const char withnul[] = "LB1:AB\0CD\n";
	struct lb_scanfile sf;
	struct lb_scanline l;
	(void)state;

	lb_scanfile_init(&sf, withnul, sizeof withnul - 1);
	assert_int_equal(lb_scanfile_next(&sf, &l), 1);
	assert_string_equal(l.bad, "holds a NUL byte: not a scan");
	assert_int_equal(lb_scanfile_next(&sf, &l), 0);

	memset(f, 'A', sizeof f);
	lb_scanfile_init(&sf, f, sizeof f);
	assert_int_equal(lb_scanfile_next(&sf, &l), 1);
	assert_string_equal(l.bad, "longer than 4096 bytes: not a scan");
	assert_int_equal(lb_scanfile_next(&sf, &l), 0);
}

static void test_timestamp_forms(void **state)
{
	lb_day d;
	char w[LB_SCAN_WHEN_SIZE];
	static const char *const good[] = {
		"2026-01-15", "2026-01-15T09:12", "2026-01-15t09:12:03", "2026-01-15 09:12:03.5",
		"2026-01-15T09:12:03,250", "2026-01-15T09:12:03-03:30", "2024-02-29T00:00:00Z",
	};
	static const char *const bad[] = {
		"", "2026-1-15", "2026-01-15T", "2026-01-15T9:12", "2026-01-15T09:60",
		"2026-01-15T09:12:03.", "2026-01-15T09:12:03+8", "2026-01-15T09:12:03+15:00",
		"2025-02-29", "2026-01-15X09:12", "2026-01-15T09:12:03Zjunk", "1899-12-31",
	};
	(void)state;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(lb_scan_timestamp(good[i], strlen(good[i]), &d, w), 1);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(lb_scan_timestamp(bad[i], strlen(bad[i]), &d, w), 0);
}

static void test_empty(void **state)
{
	struct lb_scanfile sf;
	struct lb_scanline l;
	(void)state;

	lb_scanfile_init(&sf, "", 0);
	assert_int_equal(lb_scanfile_next(&sf, &l), 0);
	lb_scanfile_init(&sf, "\xEF\xBB\xBF", 3);
	assert_int_equal(lb_scanfile_next(&sf, &l), 0);
	lb_scanfile_init(&sf, "\r\n\n\r", 4);
	assert_int_equal(lb_scanfile_next(&sf, &l), 0);
	assert_int_equal(sf.blank, 3);
}

static void test_serial_line(void **state)
{
	static const char f[] = "  k7q2-m9xd-5  \n";
	struct lb_scanfile sf;
	struct got g[2];
	(void)state;

	assert_int_equal(all(f, sizeof f - 1, g, 2, &sf), 1);
	assert_string_equal(g[0].scan, "k7q2-m9xd-5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lines),
		cmocka_unit_test(test_crlf_bom_blank),
		cmocka_unit_test(test_lone_cr_and_no_final_newline),
		cmocka_unit_test(test_timestamp_columns),
		cmocka_unit_test(test_day_of_timestamp),
		cmocka_unit_test(test_header_skipped),
		cmocka_unit_test(test_header_only_first),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_nul_and_long),
		cmocka_unit_test(test_timestamp_forms),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_serial_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
