/*
 * test_csv.c — core/csv.c through core/sheet.c, the reader every import
 * uses: semicolons and tabs, Windows-1252, bare quotes in names, aliases;
 * Excel's byte
 * order mark, CRLF, quoted commas, quotes and line breaks, a truncated
 * quote, an empty file, field counts against the header, and the header's
 * column mapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/sheet.h"

static char path[64];

static void write_file(const char *text, size_t n)
{
	FILE *f;

	snprintf(path, sizeof path, "/tmp/lumbung-tcsv.%ld", (long)getpid());
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static lb_sheet *open_text(const char *text)
{
	lb_sheet *c = NULL;
	lb_err e = { 0 };

	write_file(text, strlen(text));
	assert_int_equal(lb_sheet_open(path, NULL, &c, &e), LB_OK);
	return c;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static const struct lb_sheet_col cols[] = { { "type", 1, NULL }, { "qty", 1, NULL }, { "note", 0, NULL } };

static void test_bom_crlf_and_quotes(void **state)
{
	lb_sheet *c = open_text("\xEF\xBB\xBFtype,qty,note\r\n"
			      "move,1,\"a, b\"\r\n"
			      "move,2,\"she said \"\"ok\"\"\"\r\n"
			      "move,3,\"line one\r\nline two\"\r\n"
			      "move,4,\r\n");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_OK);
	assert_int_equal(idx[0], 0); /* the BOM is not part of "type" */
	assert_int_equal(idx[2], 2);
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
	assert_int_equal(lb_sheet_row(c), 2);
	assert_string_equal(lb_sheet_field(c, 2), "a, b");
	assert_string_equal(lb_sheet_field(c, 1), "1"); /* no stray \r */
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
	assert_string_equal(lb_sheet_field(c, 2), "she said \"ok\"");
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
	assert_string_equal(lb_sheet_field(c, 2), "line one\r\nline two");
	assert_int_equal(lb_sheet_row(c), 4); /* a quoted line break stays one row */
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
	assert_string_equal(lb_sheet_field(c, 2), "");
	assert_int_equal(lb_sheet_nfields(c), 3);
	assert_string_equal(lb_sheet_field(c, 7), ""); /* out of range is empty */
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_EOF);
	lb_sheet_close(c);
}

static void test_header_mapping(void **state)
{
	lb_sheet *c = open_text(" QTY ,Type\n5,move\n");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_OK);
	assert_int_equal(idx[0], 1); /* any order, any case, trimmed */
	assert_int_equal(idx[1], 0);
	assert_int_equal(idx[2], -1); /* optional and absent */
	lb_sheet_close(c);

	c = open_text("type,qty,colour\n");
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 1, column 3: unknown column 'colour' (the columns are: type, qty, note)"));
	lb_sheet_close(c);

	c = open_text("type,qty,type\n");
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "column 'type' appears twice"));
	lb_sheet_close(c);

	c = open_text("type,note\n");
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "missing column 'qty'"));
	lb_sheet_close(c);
}

static void test_empty_file(void **state)
{
	lb_sheet *c = open_text("");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "is empty: expected a header row"));
	lb_sheet_close(c);
}

static void test_truncated_quote(void **state)
{
	lb_sheet *c = open_text("type,qty,note\nmove,1,\"never closed\nmove,2,x\n");
	int idx[3], rc;
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_OK);
	rc = lb_sheet_next_row(c, &e);
	assert_int_equal(rc, LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 2: the file ends inside a quoted field (truncated?)"));
	lb_sheet_close(c);
}

static void test_text_after_a_quote(void **state)
{
	lb_sheet *c = open_text("type,qty,note\nmove,1,\"a\"b\n");
	int idx[3], rc;
	lb_err e = { 0 };

	(void)state;
	/* The reader parses a whole chunk at a time, so the error may come
	 * with the header already; either way it names row 2. */
	rc = lb_sheet_header(c, cols, 3, idx, &e);
	if (rc == LB_OK)
		rc = lb_sheet_next_row(c, &e);
	lb_sheet_close(c);
	assert_int_equal(rc, LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 2: malformed CSV"));
}

static void test_field_count(void **state)
{
	lb_sheet *c = open_text("type,qty,note\nmove,1,x\nmove,2\nmove,3,x,extra\n");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_OK);
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
	assert_int_equal(lb_sheet_next_row(c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 3: 2 fields, but the header has 3"));
	assert_int_equal(lb_sheet_next_row(c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 4: 4 fields, but the header has 3"));
	lb_sheet_close(c);
}

static void test_long_file_streams(void **state)
{
	/* More than one 64 KiB read chunk, rows split across chunks. */
	size_t n = 200000, len = 0;
	char *text = malloc(n * 24 + 32);
	lb_sheet *c = NULL;
	int idx[3], rc;
	long rows = 0, sum = 0;
	lb_err e = { 0 };

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text, "type,qty,note\r\n");
	for (size_t i = 1; i <= n; i++)
		len += (size_t)sprintf(text + len, "move,%zu,\"x,%zu\"\r\n", i % 7, i);
	write_file(text, len);
	free(text);
	assert_int_equal(lb_sheet_open(path, NULL, &c, &e), LB_OK);
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_OK);
	while ((rc = lb_sheet_next_row(c, &e)) == LB_SHEET_ROW) {
		rows++;
		sum += atol(lb_sheet_field(c, 1));
	}
	assert_int_equal(rc, LB_SHEET_EOF);
	assert_int_equal(rows, (long)n);
	assert_int_equal(lb_sheet_row(c), (long)n + 1);
	assert_int_equal(sum, 599997); /* sum of i % 7 for i = 1..200000 */
	lb_sheet_close(c);
}


static void test_delimiters(void **state)
{
	static const char *const texts[] = {
		"type;qty;note\nmove;1;\"a; b\"\n",
		"type\tqty\tnote\nmove\t1\ta; b\n",
		"\xEF\xBB\xBFtype,qty,note\r\nmove,1,a; b\r\n",
	};
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		lb_sheet *c = open_text(texts[i]);
		assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_OK);
		assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
		assert_string_equal(lb_sheet_field(c, idx[1]), "1");
		assert_string_equal(lb_sheet_field(c, idx[2]), "a; b");
		lb_sheet_close(c);
	}
}

static void test_forced_delimiter(void **state)
{
	struct lb_sheet_opts o = { ';' };
	lb_sheet *c = NULL;
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	/* A comma majority, but the operator says semicolon. */
	write_file("type;qty;note\nmove;1;a,b,c,d\n", 29);
	assert_int_equal(lb_sheet_open(path, &o, &c, &e), LB_OK);
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_OK);
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
	assert_string_equal(lb_sheet_field(c, 2), "a,b,c,d");
	lb_sheet_close(c);
	/* A semicolon file read as commas names the cure. */
	o.delimiter = ',';
	write_file("type;qty;note\n", 14);
	assert_int_equal(lb_sheet_open(path, &o, &c, &e), LB_OK);
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "the header was not split into columns; give --delimiter ';'"));
	lb_sheet_close(c);
}

static void test_bare_quote_and_1252(void **state)
{
	lb_sheet *c = open_text("type,qty,note\nmove,1,Soka\"an\nmove,2,DO \x96 Loa\nmove,3,\x81\n");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_sheet_header(c, cols, 3, idx, &e), LB_OK);
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
	assert_string_equal(lb_sheet_field(c, 2), "Soka\"an");
	assert_int_equal(lb_sheet_next_row(c, &e), LB_SHEET_ROW);
	assert_string_equal(lb_sheet_field(c, 2), "DO \xE2\x80\x93 Loa"); /* en dash */
	assert_int_equal(lb_sheet_next_row(c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 4: text that is neither UTF-8 nor Windows-1252"));
	lb_sheet_close(c);
}

static void test_aliases(void **state)
{
	static const struct lb_sheet_col acols[] = {
		{ "name", 1, "Nama|Nama Lengkap" }, { "kk", 1, "No KK|Nomor KK" },
		{ "village", 0, "Desa/Kelurahan" },
	};
	lb_sheet *c = open_text("No;NAMA LENGKAP;No. KK;desa / kelurahan;reason\n");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_sheet_header(c, acols, 3, idx, &e), LB_OK);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 2);
	assert_int_equal(idx[2], 3);
	assert_int_equal(lb_sheet_width(c), 5);
	lb_sheet_close(c);
}

static void test_missing_file(void **state)
{
	lb_sheet *c = NULL;
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_sheet_open("/nonexistent/x.csv", NULL, &c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "cannot read '/nonexistent/x.csv'"));
	assert_null(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_bom_crlf_and_quotes, teardown),
		cmocka_unit_test_teardown(test_header_mapping, teardown),
		cmocka_unit_test_teardown(test_empty_file, teardown),
		cmocka_unit_test_teardown(test_truncated_quote, teardown),
		cmocka_unit_test_teardown(test_text_after_a_quote, teardown),
		cmocka_unit_test_teardown(test_field_count, teardown),
		cmocka_unit_test_teardown(test_long_file_streams, teardown),
		cmocka_unit_test_teardown(test_delimiters, teardown),
		cmocka_unit_test_teardown(test_forced_delimiter, teardown),
		cmocka_unit_test_teardown(test_bare_quote_and_1252, teardown),
		cmocka_unit_test_teardown(test_aliases, teardown),
		cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
