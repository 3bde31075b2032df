/*
 * test_recipients_ops.c — the operations behind the recipient commands
 * (nik check, region import, recipient add, import, show, edit,
 * set-status, set-point, replace, screen, review, category add) on a
 * scratch database: refusals with their exact message and nothing
 * written, results, and the warnings the command line used to print
 * itself, now the operation's (import row warnings capped at 20 and then
 * counted).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/ops_world.h"

#include "recipients/import.h"
#include "recipients/recipient.h"
#include "recipients/region.h"
#include "recipients/screening.h"


static void write_file(struct world *w, const char *name, const char *text, char *path, size_t n)
{
	FILE *f;

	snprintf(path, n, "%s/%s", w->dir, name);
	assert_non_null(f = fopen(path, "w"));
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void count_bad(void *arg, int warning, const char *file, long row, const char *column,
		      const char *reason)
{
	struct world *w = arg;

	assert_false(warning); /* warnings go to the operation */
	w->bad_rows++;
}

static int setup(void **state)
{
	*state = ops_setup();
	return *state ? 0 : -1;
}

static struct lb_recipient_add_in person(const char *nik, const char *name)
{
	struct lb_recipient_add_in in = { { 0 }, NULL };

	in.r.nik = nik;
	in.r.name = name;
	in.r.village = "64.02.06.1001";
	in.r.category = "lansia";
	return in;
}

static void test_register(void **state)
{
	struct world *w = *state;
	struct lb_recipient_add_in in = person("6402064203550001", "Siti Aminah");
	struct lb_recipient_add_out out;

	must(lb_recipient_register(&w->op, &in, &out, &w->e), &w->e);
	assert_string_equal(out.recipient.name, "Siti Aminah");
	assert_string_equal(out.recipient.birth_date, "1955-03-02");
	assert_string_equal(out.village_name, "Jahab");
	assert_int_equal(out.added.duplicates, 0);
	assert_int_equal(w->op.nwarn, 0);

	/* The same NIK again: refused, nothing written. */
	in.r.name = "Siti lain";
	assert_int_equal(lb_recipient_register(&w->op, &in, &out, &w->e), LB_ERULE);
	assert_string_equal(w->e.msg, "recipient add: recipient add: that NIK is already registered, "
				      "to 'Siti Aminah' of village 64.02.06.1001 (status aktif)");
	assert_int_equal(count(w, "SELECT count(*) FROM recipient"), 1);

	/* Same name, birth date and village, another NIK from a district
	 * not in the data: registered, held, and two warnings. */
	in = person("6402074203550002", "Siti Aminah");
	must(lb_recipient_register(&w->op, &in, &out, &w->e), &w->e);
	assert_int_equal(out.added.duplicates, 1);
	assert_int_equal(w->op.nwarn, 2);
	assert_string_equal(w->op.warn[0],
			    "likely duplicate: same name, birth date and village as 1 earlier registration; "
			    "held out of allocations until reviewed ('lumbung recipient duplicates')");
	assert_string_equal(w->op.warn[1],
			    "the NIK's district 64.02.07 is not in the region data (registered anyway: "
			    "districts are split and renamed after NIKs are issued)");
}

static void test_edit_status_point(void **state)
{
	struct world *w = *state;
	struct lb_recipient_add_in add = person("6402064203550001", "Siti Aminah");
	struct lb_recipient_add_out added;
	struct lb_recipient_edit_in edit = { "6402064203550001", NULL, NULL, NULL, NULL };
	struct lb_recipient_edit_out edited;
	struct lb_recipient_point_in pt = { "Siti", NULL, 0 };
	struct lb_recipient_status_in st = { "Siti", "meninggal", "2026-01-02", "akta kematian" };
	struct lb_recipient r;

	must(lb_recipient_register(&w->op, &add, &added, &w->e), &w->e);
	assert_int_equal(lb_recipient_correct(&w->op, &edit, &edited, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg, "recipient edit: give --name, --address, --phone or --point "
				      "(see 'lumbung recipient edit --help')");
	edit.phone = "0812-1111-2222";
	must(lb_recipient_correct(&w->op, &edit, &edited, &w->e), &w->e);
	assert_int_equal(edited.changed, 1);
	assert_int_equal(count(w, "SELECT count(*) FROM recipient_edit"), 1);

	assert_int_equal(lb_recipient_point_change(&w->op, &pt, &r, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg, "recipient set-point: give --point CODE, or --clear to use "
				      "the point serving the village");
	pt.point = "TP-X";
	assert_int_equal(lb_recipient_point_change(&w->op, &pt, &r, &w->e), LB_EINPUT);
	assert_int_equal(count(w, "SELECT count(*) FROM recipient WHERE point_id IS NOT NULL"), 0);
	pt.point = "TP-B";
	must(lb_recipient_point_change(&w->op, &pt, &r, &w->e), &w->e);
	assert_int_equal(count(w, "SELECT count(*) FROM recipient r JOIN location l"
				  " ON l.id = r.point_id WHERE l.code = 'TP-B'"), 1);

	must(lb_recipient_status_change(&w->op, &st, &r, &w->e), &w->e);
	assert_string_equal(r.status, "aktif"); /* as it was */
	assert_int_equal(lb_recipient_status_change(&w->op, &st, &r, &w->e), LB_ERULE);
	assert_int_equal(count(w, "SELECT count(*) FROM recipient_status"), 1);
}

static void test_show(void **state)
{
	struct world *w = *state;
	struct lb_recipient_add_in add = person("6402064203550001", "Siti Aminah");
	struct lb_recipient_add_out added;
	struct lb_recipient_show_in in = { NULL, NULL };
	struct lb_recipient_show_out out;
	struct lb_recipient_replace_in rep = { 0 };
	struct lb_recipient_replace_out replaced;

	must(lb_recipient_register(&w->op, &add, &added, &w->e), &w->e);
	assert_int_equal(lb_recipient_show(&w->op, &in, &out, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg, "recipient show: give a NIK, an id, a name or --token TOKEN "
				      "(see 'lumbung recipient show --help')");
	in.token = "0123456789abcdef";
	assert_int_equal(lb_recipient_show(&w->op, &in, &out, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg, "recipient show: no recipient has token '0123456789abcdef'");

	rep.old = "Siti";
	rep.by.nik = "6402061107480002";
	rep.by.name = "Budi Santoso";
	rep.reason = "pindah ke Samarinda";
	rep.status = "pindah";
	must(lb_recipient_substitute(&w->op, &rep, &replaced, &w->e), &w->e);
	assert_string_equal(replaced.day, "2026-01-05"); /* today */
	assert_string_equal(replaced.old.name, "Siti Aminah");
	assert_string_equal(replaced.recipient.village, "64.02.06.1001"); /* the old one's */
	assert_string_equal(replaced.village_name, "Jahab");

	in.token = NULL;
	in.who = "Siti";
	must(lb_recipient_show(&w->op, &in, &out, &w->e), &w->e);
	assert_string_equal(out.village_name, "Jahab");
	assert_int_equal(out.point_own, 0);
	assert_int_equal(out.point_found, 1);
	assert_string_equal(out.point.code, "TP-A");
	assert_int_equal(out.has_replaces, 0);
	assert_int_equal(out.has_replaced_by, 1);
	assert_string_equal(out.replaced_by.name, "Budi Santoso");
	in.who = "Budi";
	must(lb_recipient_show(&w->op, &in, &out, &w->e), &w->e);
	assert_int_equal(out.has_replaces, 1);
	assert_string_equal(out.replaces.name, "Siti Aminah");
	assert_int_equal(w->op.nwarn, 0);
}

static void test_review_and_category(void **state)
{
	struct world *w = *state;
	struct lb_recipient_add_in add = person("6402064203550001", "Siti Aminah");
	struct lb_recipient_add_out added;
	struct lb_recipient_review_in rv = { "6402064203550011", "distinct", "dua orang", NULL };
	struct lb_recipient_review_out out;
	struct lb_category_in cat = { "Yatim", "Anak yatim" };

	must(lb_recipient_register(&w->op, &add, &added, &w->e), &w->e);
	add = person("6402064203550011", "Siti Aminah");
	must(lb_recipient_register(&w->op, &add, &added, &w->e), &w->e);
	must(lb_recipient_review(&w->op, &rv, &out, &w->e), &w->e);
	assert_int_equal(out.closed, 1);
	assert_int_equal(count(w, "SELECT count(*) FROM duplicate_flag WHERE state = 'distinct'"), 1);

	assert_int_equal(lb_category_create(&w->op, &cat, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg, "category add: 'Yatim' is not a category code (lower-case "
				      "letters, digits, '-' and '_')");
	assert_int_equal(count(w, "SELECT count(*) FROM category WHERE name = 'Anak yatim'"), 0);
	cat.code = "yatim";
	must(lb_category_create(&w->op, &cat, &w->e), &w->e);
	assert_int_equal(count(w, "SELECT count(*) FROM category WHERE code = 'yatim'"), 1);
}

static void test_nik_check(void **state)
{
	struct world *w = *state;
	struct lb_nik_check_in in = { "6402074203550002" };
	struct lb_nik_check_out out;
	struct lb_op none;

	lb_op_init(&none, NULL, "tester");
	must(lb_nik_check(&none, &in, &out, &w->e), &w->e);
	assert_string_equal(out.nik.district, "64.02.07");
	assert_int_equal(out.nik.birth_year, 1955);
	assert_int_equal(out.region.province_known, 0);
	assert_int_equal(none.nwarn, 0);
	lb_op_release(&none);

	must(lb_nik_check(&w->op, &in, &out, &w->e), &w->e);
	assert_int_equal(out.region.regency_known, 1);
	assert_string_equal(out.region.regency, "KUTAI KARTANEGARA");
	assert_int_equal(w->op.nwarn, 1);
	assert_string_equal(w->op.warn[0],
			    "district 64.02.07 is not in the region data; the NIK may still be real "
			    "(districts are split and renamed after NIKs are issued)");
	in.nik = "6402074203";
	assert_int_equal(lb_nik_check(&w->op, &in, &out, &w->e), LB_EINPUT);
}

/* 25 rows from a district not in the data: 20 row warnings, then a count. */
static void test_import_warnings(void **state)
{
	struct world *w = *state;
	struct lb_rows errors = { count_bad, w };
	struct lb_recipient_import_in in = { 0 };
	struct lb_recipient_import_result res;
	char csv[4096], path[160];
	size_t len;

	len = (size_t)snprintf(csv, sizeof csv,
			       "nik,kk,name,sex,birth_date,address,village,category,desil\n");
	for (int i = 1; i <= 25; i++)
		len += (size_t)snprintf(csv + len, sizeof csv - len,
					"64020742035500%02d,,Orang %c,,,,64.02.06.1001,lansia,\n", i,
					'A' + i);
	write_file(w, "r.csv", csv, path, sizeof path);
	in.file = path;
	in.rows = &errors;
	in.delimiter = "pipe";
	assert_int_equal(lb_recipient_import_run(&w->op, &in, &res, &w->e), LB_EINPUT);
	assert_int_equal(count(w, "SELECT count(*) FROM recipient"), 0);
	in.delimiter = NULL;
	must(lb_recipient_import_run(&w->op, &in, &res, &w->e), &w->e);
	assert_int_equal(res.imported, 25);
	assert_int_equal(res.unknown_districts, 25);
	assert_int_equal(w->bad_rows, 0);
	assert_int_equal(w->op.nwarn, 21);
	assert_int_equal(w->op.dropped, 0);
	{
		char want[512];
		snprintf(want, sizeof want,
			 "file '%s', row 2, column nik: the NIK's district 64.02.07 is not in the region "
			 "data (registered anyway: districts are split and renamed after NIKs are issued)",
			 path);
		assert_string_equal(w->op.warn[0], want);
	}
	assert_string_equal(w->op.warn[20], "... and 5 more warnings like these");
}

/* A bad row goes to the front end's sink, nothing is written. */
static void test_region_and_screen_rows(void **state)
{
	struct world *w = *state;
	struct lb_rows errors = { count_bad, w };
	const char *files[1];
	struct lb_region_import_in rin = { { files, 1, 1 }, NULL, &errors };
	struct lb_region_counts counts;
	struct lb_screen_in sin = { 0 };
	struct lb_screen_out sout;
	char path[160];

	write_file(w, "v.csv", "code,district_code,name\n64.02.06.1003,64.02.06,Bukit Biru\n"
			       "64.02.09.1001,64.02.09,Entah\n", path, sizeof path);
	files[0] = path;
	assert_int_equal(lb_region_load(&w->op, &rin, &counts, &w->e), LB_EINPUT);
	assert_int_equal(w->bad_rows, 1);
	assert_int_equal(count(w, "SELECT count(*) FROM region_village"), 2);
	write_file(w, "v.csv", "code,district_code,name\n64.02.06.1003,64.02.06,Bukit Biru\n", path,
		   sizeof path);
	must(lb_region_load(&w->op, &rin, &counts, &w->e), &w->e);
	assert_int_equal(counts.added[LB_REGION_VILLAGE], 1);

	write_file(w, "pkh.csv", "nik\n6402064203550001\n12345\n", path, sizeof path);
	sin.file = path;
	sin.list = "pkh";
	sin.rows = &errors;
	w->bad_rows = 0;
	assert_int_equal(lb_screen_run(&w->op, &sin, &sout, &w->e), LB_EINPUT);
	assert_int_equal(w->bad_rows, 1);
	assert_int_equal(count(w, "SELECT count(*) FROM screening_list"), 0);
	sin.list = "no spaces";
	assert_int_equal(lb_screen_run(&w->op, &sin, &sout, &w->e), LB_EINPUT);
	assert_non_null(strstr(w->e.msg, "recipient screen: --list: "));
	write_file(w, "pkh.csv", "nik\n6402064203550001\n", path, sizeof path);
	sin.list = "pkh";
	must(lb_screen_run(&w->op, &sin, &sout, &w->e), &w->e);
	assert_string_equal(sout.list, "PKH");
	assert_int_equal(sout.result.entries, 1);
	assert_int_equal(w->op.nwarn, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_edit_status_point, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_show, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_review_and_category, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_nik_check, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_import_warnings, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_region_and_screen_rows, setup, ops_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
