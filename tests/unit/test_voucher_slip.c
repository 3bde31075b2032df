/*
 * test_voucher_slip.c — slip sheets: the cell grid of each --per-page,
 * every village starting on a new sheet, full sheets turning over, and a
 * slip of made-up data drawn (with a long name, a proxy and a UTF-8 name)
 * at every size and saved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/pdf.h"
#include "voucher/qr.h"
#include "voucher/slip.h"

static struct lb_qr qr;

static int setup(void **state)
{
	lb_err e;

	(void)state;
	return lb_qr_encode("LB1:TEST", &qr, &e) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_qr_free(&qr);
	return 0;
}

static struct lb_slip slip(const char *name, const char *proxy)
{
	struct lb_slip s;

	memset(&s, 0, sizeof s);
	s.name = name;
	s.nik_masked = "6402**********12";
	s.village_name = "Loa Ipuh";
	s.district_name = "Tenggarong";
	s.point_name = "Balai Desa Loa Ipuh";
	s.proxy_name = proxy;
	s.period_text = "Januari 2026";
	s.valid_until = "31 Januari 2026";
	s.serial_text = "04HM-ASW9-5";
	s.package = "Beras 10 kg, Minyak goreng 2 liter, Telur ayam 30 butir, Ikan kaleng 3 kaleng";
	s.qr_width = qr.width;
	s.qr = qr.modules;
	return s;
}

static void near(double a, double b)
{
	assert_true(fabs(a - b) < 0.01);
}

static void test_cells(void **state)
{
	double x, y, w, h;

	(void)state;
	lb_slip_cell(8, 0, &x, &y, &w, &h);
	near(x, 0);
	near(y, 0);
	near(w, LB_PDF_MM(105));
	near(h, LB_PDF_MM(74.25));
	lb_slip_cell(8, 7, &x, &y, &w, &h);
	near(x, LB_PDF_MM(105));
	near(y, LB_PDF_MM(222.75));
	lb_slip_cell(4, 2, &x, &y, &w, &h);
	near(x, 0);
	near(y, LB_PDF_MM(148.5));
	near(h, LB_PDF_MM(148.5));
	lb_slip_cell(2, 1, &x, &y, &w, &h);
	near(y, LB_PDF_MM(148.5));
	near(w, LB_PDF_MM(210));
	lb_slip_cell(1, 0, &x, &y, &w, &h);
	near(h, LB_PDF_MM(297));
	assert_true(lb_slip_per_page_valid(8));
	assert_false(lb_slip_per_page_valid(3));
	assert_false(lb_slip_per_page_valid(0));
}

/* Villages A (3 slips), B (9), C (1): a sheet each for A and C, two for B
 * at 8 a sheet; at 1 a sheet, one sheet a slip. */
static long sheets_for(int per_page)
{
	struct lb_slip_doc d;
	struct lb_slip s = slip("Siti", NULL);
	lb_pdf *p;
	lb_err e;
	long pages;
	int i;

	assert_int_equal(lb_pdf_new(&p, NULL, NULL, &e), LB_OK);
	assert_int_equal(lb_slip_doc_init(&d, p, per_page, "Dinas Sosial", "Sembako", NULL, &e), LB_OK);
	for (i = 0; i < 3; i++)
		assert_int_equal(lb_slip_add(&d, "64.02.06.1001", &s, &e), LB_OK);
	for (i = 0; i < 9; i++)
		assert_int_equal(lb_slip_add(&d, "64.02.06.1002", &s, &e), LB_OK);
	assert_int_equal(lb_slip_add(&d, "64.02.07.1001", &s, &e), LB_OK);
	assert_int_equal(d.slips, 13);
	assert_int_equal(lb_pdf_page_count(p), d.pages);
	pages = d.pages;
	lb_pdf_free(p);
	return pages;
}

static void test_villages_start_new_sheets(void **state)
{
	(void)state;
	assert_int_equal(sheets_for(8), 4);
	assert_int_equal(sheets_for(4), 1 + 3 + 1);
	assert_int_equal(sheets_for(2), 2 + 5 + 1);
	assert_int_equal(sheets_for(1), 13);
}

static void test_break_and_bad_per_page(void **state)
{
	struct lb_slip_doc d;
	struct lb_slip s = slip("Siti", NULL);
	lb_pdf *p;
	lb_err e;

	(void)state;
	assert_int_equal(lb_pdf_new(&p, NULL, NULL, &e), LB_OK);
	assert_int_equal(lb_slip_doc_init(&d, p, 3, "x", NULL, NULL, &e), LB_EINPUT);
	assert_int_equal(lb_slip_doc_init(&d, p, 8, "x", NULL, NULL, &e), LB_OK);
	assert_int_equal(lb_slip_add(&d, "A", &s, &e), LB_OK);
	assert_int_equal(lb_slip_add(&d, "A", &s, &e), LB_OK);
	assert_int_equal(d.pages, 1);
	lb_slip_break(&d);
	assert_int_equal(lb_slip_add(&d, "A", &s, &e), LB_OK);
	assert_int_equal(d.pages, 2);
	lb_pdf_free(p);
}

static void test_draw_every_size(void **state)
{
	static const int sizes[] = { 1, 2, 4, 8 };
	struct lb_slip_doc d;
	struct lb_slip a = slip("Muhammad Abdurrahman bin Haji Syamsuddin Noor Kartanegara", "Rahmawati"),
		       b = slip("Ñoño Ḍewi Śaraswati", ""), c = slip(NULL, NULL);
	const char *t = getenv("TMPDIR");
	char path[300];
	lb_pdf *p;
	lb_err e;
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "%s/lumbung-slip-%d.pdf", t && *t ? t : "/tmp", (int)getpid());
	assert_int_equal(lb_pdf_new(&p, "Kupon", "Dinas Sosial", &e), LB_OK);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		assert_int_equal(lb_slip_doc_init(&d, p, sizes[i], "Dinas Sosial Kabupaten Kutai Kartanegara",
						  "Bantuan Sembako Daerah", NULL, &e), LB_OK);
		assert_int_equal(lb_slip_add(&d, "V", &a, &e), LB_OK);
		assert_int_equal(lb_slip_add(&d, "V", &b, &e), LB_OK);
		assert_int_equal(lb_slip_add(&d, "V", &c, &e), LB_OK);
	}
	/* a logo that is not an image is refused, not drawn */
	assert_int_equal(lb_slip_doc_init(&d, p, 8, "x", NULL, "/etc/hostname", &e), LB_OK);
	assert_int_equal(lb_slip_add(&d, "V", &a, &e), LB_EINPUT);
	assert_int_equal(lb_pdf_save(p, path, &e), LB_OK);
	assert_int_equal(access(path, R_OK), 0);
	unlink(path);
	lb_pdf_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_villages_start_new_sheets),
		cmocka_unit_test(test_break_and_bad_per_page),
		cmocka_unit_test(test_draw_every_size),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
