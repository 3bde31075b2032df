/*
 * test_cli_output.c — option parsing (core/cli.c) and the output formats
 * with their escaping (core/output.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cli.h"
#include "core/output.h"

static void test_args_values_and_flags(void **state)
{
	char *argv[] = { "--to", "GD-TGR", "--qty=3 rak", "--dry-run", "file.csv", "--item", "A",
			 "--item", "B", "-o", "out.pdf", "-5" };
	const char *to = NULL, *qty = NULL, *o = NULL;
	int dry = 0;
	struct lb_strv items = { 0 }, pos = { 0 };
	const struct lb_opt opts[] = {
		{ "to", 0, LB_OPT_STR, &to },   { "qty", 0, LB_OPT_STR, &qty },
		{ "dry-run", 0, LB_OPT_FLAG, &dry }, { "item", 0, LB_OPT_LIST, &items },
		{ "output", 'o', LB_OPT_STR, &o }, { 0 },
	};
	lb_err e = { 0 };
	(void)state;

	assert_int_equal(lb_args("x", 12, argv, opts, &pos, 0, -1, &e), LB_OK);
	assert_string_equal(to, "GD-TGR");
	assert_string_equal(qty, "3 rak");
	assert_int_equal(dry, 1);
	assert_int_equal(items.n, 2);
	assert_string_equal(items.v[1], "B");
	assert_string_equal(o, "out.pdf");
	assert_int_equal(pos.n, 2);
	assert_string_equal(pos.v[0], "file.csv");
	assert_string_equal(pos.v[1], "-5"); /* a negative number is a value */
	lb_strv_free(&items);
	lb_strv_free(&pos);
}

static void test_args_errors(void **state)
{
	const char *to = NULL;
	int flag = 0;
	const struct lb_opt opts[] = { { "to", 0, LB_OPT_STR, &to }, { "f", 0, LB_OPT_FLAG, &flag }, { 0 } };
	lb_err e = { 0 };
	char *a1[] = { "--tx", "A" };
	char *a2[] = { "--to" };
	char *a3[] = { "--to", "A", "--to", "B" };
	char *a4[] = { "--f=1" };
	char *a5[] = { "x", "y" };
	(void)state;

	assert_int_equal(lb_args("stock move", 2, a1, opts, NULL, 0, 0, &e), LB_EINPUT);
	assert_string_equal(e.msg, "stock move: unknown option '--tx' (see 'lumbung stock move --help')");
	to = NULL;
	assert_int_equal(lb_args("c", 1, a2, opts, NULL, 0, 0, &e), LB_EINPUT);
	assert_string_equal(e.msg, "c: option '--to' needs a value");
	to = NULL;
	assert_int_equal(lb_args("c", 4, a3, opts, NULL, 0, 0, &e), LB_EINPUT);
	assert_string_equal(e.msg, "c: option '--to' given twice");
	assert_int_equal(lb_args("c", 1, a4, opts, NULL, 0, 0, &e), LB_EINPUT);
	assert_string_equal(e.msg, "c: option '--f' takes no value");
	assert_int_equal(lb_args("c", 2, a5, opts, NULL, 0, 1, &e), LB_EINPUT);
	assert_string_equal(e.msg, "c: unexpected argument 'y' (see 'lumbung c --help')");
	assert_int_equal(lb_args("c", 0, a5, opts, NULL, 1, 1, &e), LB_EINPUT);
	assert_string_equal(e.msg, "c: missing argument (see 'lumbung c --help')");
}

/* Render rows in a format into a string. */
static char *render(enum lb_fmt fmt, const char *const *rows, int nrows)
{
	static const struct lb_col cols[] = { { "name", 0 }, { "qty", 1 } };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	lb_out *o;
	lb_err e = { 0 };

	assert_non_null(f);
	assert_int_equal(lb_out_open(f, fmt, cols, 2, &o, &e), LB_OK);
	for (int r = 0; r < nrows; r++)
		assert_int_equal(lb_out_row(o, &rows[2 * r], &e), LB_OK);
	assert_int_equal(lb_out_close(o, &e), LB_OK);
	fclose(f);
	return buf;
}

static void test_output_formats(void **state)
{
	const char *rows[] = { "Siti Aminah", "12", "=HYPERLINK(\"x\")", "-3", "Budi, S.Pd", "1.250" };
	char *s;
	(void)state;

	s = render(LB_FMT_CSV, rows, 3);
	assert_string_equal(s, "name,qty\r\n"
			       "Siti Aminah,12\r\n"
			       "\"'=HYPERLINK(\"\"x\"\")\",-3\r\n"
			       "\"Budi, S.Pd\",1.250\r\n");
	free(s);
	s = render(LB_FMT_TABLE, rows, 3);
	assert_string_equal(s, "name               qty\n"
			       "Siti Aminah         12\n"
			       "=HYPERLINK(\"x\")     -3\n"
			       "Budi, S.Pd       1.250\n");
	free(s);
	s = render(LB_FMT_JSON, rows, 1);
	assert_string_equal(s, "[\n {\"name\": \"Siti Aminah\", \"qty\": 12}\n]\n");
	free(s);
	s = render(LB_FMT_JSON, rows, 0);
	assert_string_equal(s, "[]\n");
	free(s);
}

static void test_fmt_parse(void **state)
{
	enum lb_fmt f;
	lb_err e = { 0 };
	(void)state;

	assert_int_equal(lb_fmt_parse(NULL, LB_FMT_TABLE | LB_FMT_CSV, LB_FMT_TABLE, &f, &e), LB_OK);
	assert_int_equal(f, LB_FMT_TABLE);
	assert_int_equal(lb_fmt_parse("csv", LB_FMT_TABLE | LB_FMT_CSV, LB_FMT_TABLE, &f, &e), LB_OK);
	assert_int_equal(f, LB_FMT_CSV);
	assert_int_equal(lb_fmt_parse("xml", LB_FMT_TABLE | LB_FMT_CSV, LB_FMT_TABLE, &f, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--format 'xml' is not offered here (choose table, csv)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args_values_and_flags),
		cmocka_unit_test(test_args_errors),
		cmocka_unit_test(test_output_formats),
		cmocka_unit_test(test_fmt_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
