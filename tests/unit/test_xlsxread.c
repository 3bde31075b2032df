/*
 * test_xlsxread.c — core/xlsxread.c through core/sheet.c: a workbook made
 * here with libxlsxwriter (shared strings, numbers, a date cell, a
 * formula, a gap between cells and an empty row), and one made by hand
 * (tests/fuzz/corpus/xlsx: namespace prefixes, the 1904 date system, a
 * custom date format, rich text with a phonetic run, an error value, a
 * boolean, a sheet found through its relationship). Also the Excel damage
 * checks of recipients/nik.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <xlsxwriter.h>

#include "core/sheet.h"
#include "recipients/nik.h"

static char path[64];

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_written_by_libxlsxwriter(void **state)
{
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *datef;
	lxw_datetime dt = { 2027, 6, 30, 0, 0, 0 };
	lb_sheet *s = NULL;
	lb_err e = { 0 };

	(void)state;
	snprintf(path, sizeof path, "/tmp/lumbung-txlsx.%ld.xlsx", (long)getpid());
	assert_non_null(wb = workbook_new(path));
	ws = workbook_add_worksheet(wb, "Satu");
	workbook_add_worksheet(wb, "Dua");
	datef = workbook_add_format(wb);
	format_set_num_format(datef, "d mmmm yyyy");
	worksheet_write_string(ws, 0, 0, "Barang", NULL);
	worksheet_write_string(ws, 0, 2, "Jumlah", NULL);
	worksheet_write_string(ws, 2, 0, "BERAS", NULL);
	worksheet_write_number(ws, 2, 2, 12.5, NULL);
	worksheet_write_datetime(ws, 2, 3, &dt, datef);
	worksheet_write_formula_num(ws, 3, 0, "=1+1", NULL, 2);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	assert_int_equal(lb_sheet_open(path, NULL, &s, &e), LB_OK);
	assert_true(lb_sheet_is_xlsx(s));
	assert_int_equal(lb_sheet_next(s, &e), LB_SHEET_ROW);
	assert_int_equal(lb_sheet_row(s), 1);
	assert_string_equal(lb_sheet_field(s, 0), "Barang");
	assert_string_equal(lb_sheet_field(s, 1), ""); /* a gap */
	assert_string_equal(lb_sheet_field(s, 2), "Jumlah");
	assert_int_equal(lb_sheet_next(s, &e), LB_SHEET_ROW);
	assert_int_equal(lb_sheet_row(s), 3); /* the empty row 2 is no row */
	assert_string_equal(lb_sheet_field(s, 2), "12.5");
	assert_true(lb_sheet_is_number(s, 2));
	assert_false(lb_sheet_is_number(s, 0));
	assert_string_equal(lb_sheet_field(s, 3), "2027-06-30"); /* a date cell */
	assert_false(lb_sheet_is_number(s, 3));
	assert_int_equal(lb_sheet_next(s, &e), LB_SHEET_ROW);
	assert_string_equal(lb_sheet_field(s, 0), "2"); /* a formula's cached value */
	assert_int_equal(lb_sheet_next(s, &e), LB_SHEET_EOF);
	lb_sheet_close(s);
}

static void test_made_by_hand(void **state)
{
	char hand[512];
	const char *f = __FILE__;
	lb_sheet *s = NULL;
	lb_err e = { 0 };

	(void)state;
	snprintf(hand, sizeof hand, "%.*s../fuzz/corpus/xlsx/hand-1904-prefixes.xlsx",
		 (int)(strrchr(f, '/') ? strrchr(f, '/') - f + 1 : 0), f);
	assert_int_equal(lb_sheet_open(hand, NULL, &s, &e), LB_OK);
	assert_int_equal(lb_sheet_next(s, &e), LB_SHEET_ROW);
	assert_string_equal(lb_sheet_field(s, 0), "NIK");
	assert_string_equal(lb_sheet_field(s, 1), "Nama"); /* rich text, no phonetic run */
	assert_string_equal(lb_sheet_field(s, 3), "Catatan");
	assert_int_equal(lb_sheet_next(s, &e), LB_SHEET_ROW);
	assert_int_equal(lb_sheet_row(s), 3);
	assert_string_equal(lb_sheet_field(s, 0), "6402064203550001");
	assert_string_equal(lb_sheet_field(s, 1), "Soka\"an & Ja'an");
	assert_string_equal(lb_sheet_field(s, 2), "1955-06-03"); /* 1904 system */
	assert_string_equal(lb_sheet_field(s, 3), "#N/A");
	assert_string_equal(lb_sheet_field(s, 4), "TRUE");
	assert_int_equal(lb_sheet_next(s, &e), LB_SHEET_ROW);
	assert_int_equal(lb_sheet_nfields(s), 27);
	assert_string_equal(lb_sheet_field(s, 26), "6.40206E+15");
	assert_true(lb_sheet_is_number(s, 26));
	assert_int_equal(lb_sheet_next(s, &e), LB_SHEET_EOF); /* merge cells are not rows */
	lb_sheet_close(s);
}

static void damaged(const char *s, int is_number, const char *want)
{
	lb_err e = { 0 };

	assert_int_equal(lb_nik_excel_damage(s, is_number, "NIK", &e), 1);
	if (!strstr(e.msg, want))
		print_error("'%s': '%s' lacks '%s'\n", s, e.msg, want);
	assert_non_null(strstr(e.msg, want));
	assert_non_null(strstr(e.msg, "Excel turned the column into numbers: format it as Text"));
}

static void test_excel_damage(void **state)
{
	lb_err e = { 0 };

	(void)state;
	damaged("6.40206E+15", 0, "NIK is in scientific notation");
	damaged("6,40206E+15", 0, "NIK is in scientific notation");
	damaged("6402064203550001.0", 0, "NIK ends in \".0\"");
	damaged("640206420355000", 0, "NIK must have 16 digits, this one has 15");
	damaged("6402064203550000", 1, "NIK is a number in the workbook");
	assert_int_equal(lb_nik_excel_damage("6402064203550001", 0, "NIK", &e), 0);
	assert_int_equal(lb_nik_excel_damage("64020642035500", 0, "NIK", &e), 0); /* a typo */
	assert_int_equal(lb_phone_excel_damage("81234567890", 1, &e), 1);
	assert_non_null(strstr(e.msg, "phone number lost its leading 0"));
	assert_int_equal(lb_phone_excel_damage("081234567890", 0, &e), 0);
	assert_int_equal(lb_phone_excel_damage("+6281234567890", 0, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_written_by_libxlsxwriter, teardown),
		cmocka_unit_test(test_made_by_hand),
		cmocka_unit_test(test_excel_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
