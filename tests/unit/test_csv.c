/*
 * test_csv.c — core/csv.c, the CSV reader every import uses: Excel's byte
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

#include "core/csv.h"

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

static lb_csv *open_text(const char *text)
{
	lb_csv *c = NULL;
	lb_err e = { 0 };

	write_file(text, strlen(text));
	assert_int_equal(lb_csv_open(path, &c, &e), LB_OK);
	return c;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static const struct lb_csv_col cols[] = { { "type", 1 }, { "qty", 1 }, { "note", 0 } };

static void test_bom_crlf_and_quotes(void **state)
{
	lb_csv *c = open_text("\xEF\xBB\xBFtype,qty,note\r\n"
			      "move,1,\"a, b\"\r\n"
			      "move,2,\"she said \"\"ok\"\"\"\r\n"
			      "move,3,\"line one\r\nline two\"\r\n"
			      "move,4,\r\n");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_OK);
	assert_int_equal(idx[0], 0); /* the BOM is not part of "type" */
	assert_int_equal(idx[2], 2);
	assert_int_equal(lb_csv_next_row(c, &e), LB_CSV_ROW);
	assert_int_equal(lb_csv_row(c), 2);
	assert_string_equal(lb_csv_field(c, 2), "a, b");
	assert_string_equal(lb_csv_field(c, 1), "1"); /* no stray \r */
	assert_int_equal(lb_csv_next_row(c, &e), LB_CSV_ROW);
	assert_string_equal(lb_csv_field(c, 2), "she said \"ok\"");
	assert_int_equal(lb_csv_next_row(c, &e), LB_CSV_ROW);
	assert_string_equal(lb_csv_field(c, 2), "line one\r\nline two");
	assert_int_equal(lb_csv_row(c), 4); /* a quoted line break stays one row */
	assert_int_equal(lb_csv_next_row(c, &e), LB_CSV_ROW);
	assert_string_equal(lb_csv_field(c, 2), "");
	assert_int_equal(lb_csv_nfields(c), 3);
	assert_string_equal(lb_csv_field(c, 7), ""); /* out of range is empty */
	assert_int_equal(lb_csv_next_row(c, &e), LB_CSV_EOF);
	lb_csv_close(c);
}

static void test_header_mapping(void **state)
{
	lb_csv *c = open_text(" QTY ,Type\n5,move\n");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_OK);
	assert_int_equal(idx[0], 1); /* any order, any case, trimmed */
	assert_int_equal(idx[1], 0);
	assert_int_equal(idx[2], -1); /* optional and absent */
	lb_csv_close(c);

	c = open_text("type,qty,colour\n");
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 1, column 3: unknown column 'colour' (the columns are: type, qty, note)"));
	lb_csv_close(c);

	c = open_text("type,qty,type\n");
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "column 'type' appears twice"));
	lb_csv_close(c);

	c = open_text("type,note\n");
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "missing column 'qty'"));
	lb_csv_close(c);
}

static void test_empty_file(void **state)
{
	lb_csv *c = open_text("");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "is empty: expected a header row"));
	lb_csv_close(c);
}

static void test_truncated_quote(void **state)
{
	lb_csv *c = open_text("type,qty,note\nmove,1,\"never closed\nmove,2,x\n");
	int idx[3], rc;
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_OK);
	rc = lb_csv_next_row(c, &e);
	assert_int_equal(rc, LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 2: the file ends inside a quoted field (truncated?)"));
	lb_csv_close(c);
}

static void test_text_after_a_quote(void **state)
{
	lb_csv *c = open_text("type,qty,note\nmove,1,\"a\"b\n");
	int idx[3], rc;
	lb_err e = { 0 };

	(void)state;
	/* The reader parses a whole chunk at a time, so the error may come
	 * with the header already; either way it names row 2. */
	rc = lb_csv_header(c, cols, 3, idx, &e);
	if (rc == LB_OK)
		rc = lb_csv_next_row(c, &e);
	lb_csv_close(c);
	assert_int_equal(rc, LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 2: malformed CSV"));
}

static void test_field_count(void **state)
{
	lb_csv *c = open_text("type,qty,note\nmove,1,x\nmove,2\nmove,3,x,extra\n");
	int idx[3];
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_OK);
	assert_int_equal(lb_csv_next_row(c, &e), LB_CSV_ROW);
	assert_int_equal(lb_csv_next_row(c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 3: 2 fields, but the header has 3"));
	assert_int_equal(lb_csv_next_row(c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 4: 4 fields, but the header has 3"));
	lb_csv_close(c);
}

static void test_long_file_streams(void **state)
{
	/* More than one 64 KiB read chunk, rows split across chunks. */
	size_t n = 200000, len = 0;
	char *text = malloc(n * 24 + 32);
	lb_csv *c = NULL;
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
	assert_int_equal(lb_csv_open(path, &c, &e), LB_OK);
	assert_int_equal(lb_csv_header(c, cols, 3, idx, &e), LB_OK);
	while ((rc = lb_csv_next_row(c, &e)) == LB_CSV_ROW) {
		rows++;
		sum += atol(lb_csv_field(c, 1));
	}
	assert_int_equal(rc, LB_CSV_EOF);
	assert_int_equal(rows, (long)n);
	assert_int_equal(lb_csv_row(c), (long)n + 1);
	assert_int_equal(sum, 599997); /* sum of i % 7 for i = 1..200000 */
	lb_csv_close(c);
}

static void test_missing_file(void **state)
{
	lb_csv *c = NULL;
	lb_err e = { 0 };

	(void)state;
	assert_int_equal(lb_csv_open("/nonexistent/x.csv", &c, &e), LB_EINPUT);
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
		cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
