/*
 * test_bast.c — the handover statement (reports/bast.h): the weekday
 * names it dates itself with, and what it refuses on a round allocated
 * through the program modules but with nothing handed over yet: no
 * statement, no document number taken, no file left behind, and no
 * village listed for the web's BAST page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "reports/bast.h"
#include "world.h"

static struct w *w;

static void test_weekday(void **state)
{
	(void)state;
	/* 1 January 2026 was a Thursday */
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2026, 1, 1)), "Kamis");
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2026, 1, 15)), "Kamis");
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2026, 1, 16)), "Jumat");
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2026, 1, 17)), "Sabtu");
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2026, 1, 18)), "Minggu");
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2026, 1, 19)), "Senin");
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2026, 1, 20)), "Selasa");
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2026, 1, 21)), "Rabu");
	/* across a leap day */
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2028, 2, 29)), "Selasa");
	assert_string_equal(lb_bast_weekday(lb_day_from_ymd(2028, 3, 1)), "Rabu");
}

static void round_allocated(void)
{
	static const char *const specs[] = { "BERAS=10@14000" };
	struct lb_program p;

	w_item(w, "BERAS", "Beras medium", "kg");
	w_location(w, "POS-JHB", LB_LOC_POINT, "Kantor Desa Jahab", "64.02.06.1001");
	w_recipient(w, "6402064203550001", "Siti Aminah", "64.02.06.1001", "lansia");
	w_recipient(w, "6402061107480002", "Budi Santoso", "64.02.06.1001", "lansia");
	w_round(w, "SEMBAKO-2026", "140000", specs, 1, &p);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM allocation"), 2);
}

static int calls;

static int count_village(void *arg, const struct lb_bast_village *v, lb_err *e)
{
	(void)arg, (void)v, (void)e;
	calls++;
	return LB_OK;
}

static void test_nothing_handed_over(void **state)
{
	struct lb_rdoc_opts ro = { 0 };
	char path[160];
	lb_err e;

	(void)state;
	w = w_open("bast", "2026-01-20");
	round_allocated();
	snprintf(path, sizeof path, "%s/bast.pdf", w->dir);
	ro.fmt = LB_FMT_PDF;
	ro.path = path;
	assert_int_equal(lb_bast_report(w->db, "SEMBAKO-2026", 2026 * 12, NULL, &ro, &e), LB_ERULE);
	assert_string_equal(e.msg, "no package of SEMBAKO-2026 2026-01 has been handed over yet: no BAST to write");
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM doc_number"), 0);
	/* a village without allocations in the round is named */
	assert_int_equal(lb_bast_report(w->db, "SEMBAKO-2026", 2026 * 12, "64.02.06.1002", &ro, &e), LB_EINPUT);
	assert_string_equal(e.msg, "village '64.02.06.1002' has no allocations in SEMBAKO-2026 2026-01");
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM doc_number"), 0);
	/* the web's list of villages to give a BAST: none yet */
	calls = 0;
	assert_int_equal(lb_bast_villages(w->db, "SEMBAKO-2026", 2026 * 12, count_village, NULL, &e), LB_OK);
	assert_int_equal(calls, 0);
	assert_int_equal(lb_bast_villages(w->db, "TIDAK-ADA", 2026 * 12, count_village, NULL, &e), LB_EINPUT);
	assert_int_equal(calls, 0);
	w_close(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_nothing_handed_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
