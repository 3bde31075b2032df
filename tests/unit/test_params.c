/*
 * test_params.c — declared parameters (core/cli.c): the command line and
 * a form filling one input struct, the refusals the dispatcher makes for
 * every command from the declaration, and the generated synopsis.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/cli.h"

/* A command shaped like `stock receive` plus one of each other kind. */
struct in {
	const char *to, *item, *qty, *lot, *expiry, *unit_cost, *from, *ref, *date, *id, *note;
	const char *code;
	struct lb_strv packs, files;
	int dry;
};

#define F(x) offsetof(struct in, x)
/* The declaration of `stock receive` (cli/cmd_inventory.c), as it is. */
static const struct lb_param receive_params[] = {
	{ "to", 0, LB_P_STR, LB_P_REQUIRED, F(to), "LOC", "Ke gudang/titik" },
	{ "item", 0, LB_P_STR, LB_P_REQUIRED, F(item), "ITEM", "Barang" },
	{ "qty", 0, LB_P_STR, LB_P_REQUIRED, F(qty), "Q", "Jumlah" },
	{ "lot", 0, LB_P_STR, LB_P_REQUIRED, F(lot), "LOT", "Lot" },
	{ "expiry", 0, LB_P_STR, 0, F(expiry), "YYYY-MM-DD", "Kedaluwarsa" },
	{ "unit-cost", 0, LB_P_STR, LB_P_REQUIRED, F(unit_cost), "RUPIAH", "Harga satuan (Rp)" },
	{ "from", 0, LB_P_STR, 0, F(from), "SUPPLIER", "Dari pemasok" },
	{ "ref", 0, LB_P_STR, 0, F(ref), "DOC", "No. surat jalan" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
	{ "id", 0, LB_P_STR, 0, F(id), "KEY", NULL },
	{ "note", 0, LB_P_STR, 0, F(note), "TEXT", "Catatan" },
	LB_PARAM_END,
};

/* CODE, a list, a flag, the rest of the arguments. */
static const struct lb_param mixed_params[] = {
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, F(code), NULL, "Kode" },
	{ "name", 'n', LB_P_STR, LB_P_REQUIRED, F(item), "NAME", "Nama" },
	{ "pack", 0, LB_P_LIST, 0, F(packs), "NAME=FACTOR", "Kemasan" },
	{ "dry-run", 0, LB_P_FLAG, 0, F(dry), NULL, "Periksa saja" },
	{ "FILE", 0, LB_P_ARGS, 0, F(files), NULL, NULL },
	LB_PARAM_END,
};
#undef F

static const struct lb_cmd receive = {
	"stock", "receive", NULL, 0, "Receive goods.\n", "receive", receive_params, sizeof(struct in), NULL,
	NULL,
};
static const struct lb_cmd mixed = {
	"item", "add", NULL, 0, "", "add", mixed_params, sizeof(struct in), NULL, NULL,
};

/* Parse argv into a fresh struct; its lists are freed by done(). */
static int parse(const struct lb_cmd *c, struct in *in, lb_err *e, int argc, ...)
{
	char *argv[32];
	va_list ap;

	memset(in, 0, sizeof *in);
	memset(e, 0, sizeof *e);
	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	return lb_params_argv(c, c == &receive ? "stock receive" : "item add", argc, argv, in, e);
}

static void done(const struct lb_cmd *c, struct in *in)
{
	lb_params_release(c, in);
}

static void test_argv_fills_the_struct(void **state)
{
	struct in in;
	lb_err e;
	(void)state;

	assert_int_equal(parse(&receive, &in, &e, 11, "--to", "GD-TGR", "--item=BERAS", "--qty", "2 karung",
			       "--lot", "L1", "--unit-cost", "14.000", "--note", "-5"),
			 LB_OK);
	assert_string_equal(in.to, "GD-TGR");
	assert_string_equal(in.item, "BERAS");
	assert_string_equal(in.qty, "2 karung");
	assert_string_equal(in.lot, "L1");
	assert_string_equal(in.unit_cost, "14.000");
	assert_string_equal(in.note, "-5"); /* a negative number is a value */
	assert_null(in.expiry);
	assert_null(in.from);
	assert_null(in.id);
	done(&receive, &in);
}

static void test_argv_unknown_option(void **state)
{
	struct in in;
	lb_err e;
	(void)state;

	assert_int_equal(parse(&receive, &in, &e, 2, "--qyt", "5"), LB_EINPUT);
	assert_string_equal(e.msg, "stock receive: unknown option '--qyt' (see 'lumbung stock receive --help')");
	assert_null(in.qty);
	assert_int_equal(parse(&mixed, &in, &e, 3, "C", "-x", "y"), LB_EINPUT);
	assert_string_equal(e.msg, "item add: unknown option '-x' (see 'lumbung item add --help')");
	done(&mixed, &in);
}

static void test_argv_missing_required_in_order(void **state)
{
	struct in in;
	lb_err e;
	(void)state;

	/* Several are missing: the first in declaration order is named,
	 * whatever order the others came in. */
	assert_int_equal(parse(&receive, &in, &e, 4, "--unit-cost", "1", "--qty", "5"), LB_EINPUT);
	assert_string_equal(e.msg, "stock receive: option '--to' is required (see 'lumbung stock receive --help')");
	assert_int_equal(parse(&receive, &in, &e, 6, "--lot", "L", "--to", "G", "--qty", "5"), LB_EINPUT);
	assert_string_equal(e.msg, "stock receive: option '--item' is required (see 'lumbung stock receive --help')");
	assert_int_equal(parse(&receive, &in, &e, 8, "--to", "G", "--item", "I", "--qty", "5", "--lot", "L"),
			 LB_EINPUT);
	assert_string_equal(e.msg,
			    "stock receive: option '--unit-cost' is required (see 'lumbung stock receive --help')");
	/* A value that is empty is given (the operation judges it). */
	assert_int_equal(parse(&receive, &in, &e, 10, "--to", "", "--item", "I", "--qty", "5", "--lot", "L",
			       "--unit-cost", "0"),
			 LB_OK);
	assert_string_equal(in.to, "");
}

static void test_argv_repeated_and_values(void **state)
{
	struct in in;
	lb_err e;
	(void)state;

	assert_int_equal(parse(&receive, &in, &e, 3, "--qty", "5", "--qty=6"), LB_EINPUT);
	assert_string_equal(e.msg, "stock receive: option '--qty' given twice");
	assert_int_equal(parse(&receive, &in, &e, 1, "--qty"), LB_EINPUT);
	assert_string_equal(e.msg, "stock receive: option '--qty' needs a value");
	assert_int_equal(parse(&mixed, &in, &e, 3, "C", "-n", "A"), LB_OK);
	assert_string_equal(in.item, "A");
	assert_int_equal(parse(&mixed, &in, &e, 5, "C", "-n", "A", "--name", "B"), LB_EINPUT);
	assert_string_equal(e.msg, "item add: option '--name' given twice");
	done(&mixed, &in);
}

static void test_argv_positionals_lists_flags(void **state)
{
	struct in in;
	lb_err e;
	(void)state;

	assert_int_equal(parse(&mixed, &in, &e, 9, "TELUR", "--pack", "rak=30", "a.csv", "--dry-run", "--name",
			       "Telur", "--pack=peti=360", "b.csv"),
			 LB_OK);
	assert_string_equal(in.code, "TELUR");
	assert_string_equal(in.item, "Telur");
	assert_int_equal(in.dry, 1);
	assert_int_equal(in.packs.n, 2);
	assert_string_equal(in.packs.v[0], "rak=30");
	assert_string_equal(in.packs.v[1], "peti=360");
	assert_int_equal(in.files.n, 2);
	assert_string_equal(in.files.v[0], "a.csv");
	assert_string_equal(in.files.v[1], "b.csv");
	done(&mixed, &in);

	/* "--" ends the options: what follows is an argument. */
	assert_int_equal(parse(&mixed, &in, &e, 5, "-n", "X", "--", "--dry-run", "-"), LB_OK);
	assert_string_equal(in.code, "--dry-run");
	assert_int_equal(in.dry, 0);
	assert_int_equal(in.files.n, 1);
	assert_string_equal(in.files.v[0], "-");
	done(&mixed, &in);

	assert_int_equal(parse(&mixed, &in, &e, 2, "-n", "X"), LB_EINPUT);
	assert_string_equal(e.msg, "item add: missing argument (see 'lumbung item add --help')");
	assert_null(in.code);
	done(&mixed, &in);

	assert_int_equal(parse(&mixed, &in, &e, 3, "C", "--dry-run=yes", "-n"), LB_EINPUT);
	assert_string_equal(e.msg, "item add: option '--dry-run' takes no value");
	done(&mixed, &in);

	/* A command without ARGS takes no more arguments than its ARGs. */
	assert_int_equal(parse(&receive, &in, &e, 1, "extra"), LB_EINPUT);
	assert_string_equal(e.msg, "stock receive: unexpected argument 'extra' (see 'lumbung stock receive --help')");
}

/* A form: name=value pairs, a name may repeat. */
struct form {
	const char *const *kv; /* name, value, name, value ..., NULL */
};

static const char *form_get(void *src, const char *name, size_t i)
{
	const struct form *f = src;
	for (size_t k = 0; f->kv[k]; k += 2)
		if (strcmp(f->kv[k], name) == 0 && i-- == 0)
			return f->kv[k + 1];
	return NULL;
}

static void test_form(void **state)
{
	static const char *const ok[] = { "csrf", "t0k3n", "CODE", "TELUR", "name", "Telur", "pack", "rak=30",
					  "pack", "", "pack", "peti=360", "dry-run", "0", NULL };
	static const char *const on[] = { "CODE", "T", "name", "N", "dry-run", "1", NULL };
	static const char *const nocode[] = { "CODE", "", "name", "N", NULL };
	static const char *const noname[] = { "CODE", "T", "name", "", NULL };
	struct form f = { ok };
	struct in in;
	lb_err e = { 0 };
	(void)state;

	memset(&in, 0, sizeof in);
	assert_int_equal(lb_params_form(&mixed, "item add", form_get, &f, &in, &e), LB_OK);
	assert_string_equal(in.code, "TELUR");
	assert_string_equal(in.item, "Telur");
	assert_int_equal(in.packs.n, 2); /* the empty field is not a value */
	assert_string_equal(in.packs.v[1], "peti=360");
	assert_int_equal(in.dry, 0); /* "0" is an unticked box */
	done(&mixed, &in);

	memset(&in, 0, sizeof in);
	f.kv = on;
	assert_int_equal(lb_params_form(&mixed, "item add", form_get, &f, &in, &e), LB_OK);
	assert_int_equal(in.dry, 1);
	done(&mixed, &in);

	/* A required argument left empty is named by its label. */
	memset(&in, 0, sizeof in);
	f.kv = nocode;
	assert_int_equal(lb_params_form(&mixed, "item add", form_get, &f, &in, &e), LB_EINPUT);
	assert_string_equal(e.msg, "item add: Kode is required");
	done(&mixed, &in);

	/* An empty text field counts as not given. */
	memset(&in, 0, sizeof in);
	f.kv = noname;
	assert_int_equal(lb_params_form(&mixed, "item add", form_get, &f, &in, &e), LB_EINPUT);
	assert_string_equal(e.msg, "item add: option '-n' is required (see 'lumbung item add --help')");
	assert_null(in.item);
	done(&mixed, &in);
}

static char *usage_of(const struct lb_cmd *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	lb_params_usage(c, f);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void test_usage_wraps_like_stock_receive_help(void **state)
{
	char *text;
	(void)state;

	/* Exactly what `lumbung stock receive --help` prints above its
	 * description: no line past 79 columns, continuation lines under
	 * the first option. */
	text = usage_of(&receive);
	assert_string_equal(text,
			    "usage: lumbung stock receive --to LOC --item ITEM --qty Q --lot LOT\n"
			    "                             [--expiry YYYY-MM-DD] --unit-cost RUPIAH\n"
			    "                             [--from SUPPLIER] [--ref DOC] [--date YYYY-MM-DD]\n"
			    "                             [--id KEY] [--note TEXT]\n"
			    "\n"
			    "Receive goods.\n");
	free(text);

	/* Short letters, lists, flags, arguments; no description, no blank line. */
	text = usage_of(&mixed);
	assert_string_equal(text, "usage: lumbung item add CODE -n NAME [--pack NAME=FACTOR ...] [--dry-run]\n"
				  "                        [FILE ...]\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_fills_the_struct),
		cmocka_unit_test(test_argv_unknown_option),
		cmocka_unit_test(test_argv_missing_required_in_order),
		cmocka_unit_test(test_argv_repeated_and_values),
		cmocka_unit_test(test_argv_positionals_lists_flags),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_usage_wraps_like_stock_receive_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
