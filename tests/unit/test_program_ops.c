/*
 * test_program_ops.c — the operations behind the program commands
 * (program add, quota, package, allocate, allocation list, location
 * serve) on a scratch database: each refuses bad input with its exact
 * message and writes nothing, each success fills its result, and the
 * warnings the command line prints come back as the operation's.
 * Also the one fetch-one-row helper (core/db.h) and the one rule of the
 * package in force (program/package.h).
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

#include "inventory/serve.h"
#include "program/allocation.h"
#include "program/package.h"
#include "program/program.h"
#include "recipients/recipient.h"


static void add(struct world *w, const char *nik, const char *name, const char *desil)
{
	struct lb_recipient_in in = { 0 };
	struct lb_recipient r;
	struct lb_recipient_added a;

	in.nik = nik;
	in.name = name;
	in.village = "64.02.06.1001";
	in.category = "lansia";
	in.desil = desil;
	must(lb_recipient_add(w->db, &in, NULL, &r, &a, &w->e), &w->e);
}

static int setup(void **state)
{
	struct world *w = ops_setup();

	if (!w)
		return -1;
	add(w, "6402064203550001", "Siti", "1");
	add(w, "6402061107480002", "Budi", "2");
	lb_err_clear(&w->e);
	*state = w;
	return 0;
}

static struct lb_program_in program_in(const char *code)
{
	struct lb_program_in in = { 0 };

	in.code = code;
	in.name = "Sembako daerah";
	in.monthly_value = "300000";
	in.quota = "1";
	in.categories = "lansia";
	in.first = "2026-01";
	in.last = "2026-12";
	return in;
}

static void create(struct world *w, struct lb_program *p)
{
	struct lb_program_in in = program_in("SEMBAKO");

	must(lb_program_create(&w->op, &in, p, &w->e), &w->e);
}

static void test_create_refuses_and_writes_nothing(void **state)
{
	struct world *w = *state;
	struct lb_program_in in = program_in("SEMBAKO");
	struct lb_program p;

	in.funding = "XYZ";
	assert_int_equal(lb_program_create(&w->op, &in, &p, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg, "program add: --funding 'XYZ' is neither APBD nor APBN");
	assert_int_equal(count(w, "SELECT count(*) FROM program"), 0);
	assert_int_equal(w->op.nwarn, 0);
}

static void test_create_warns_of_unscreened_lists(void **state)
{
	struct world *w = *state;
	struct lb_program_in in = program_in("SEMBAKO");
	struct lb_program p;

	in.exclude = "PKH,DTKS";
	must(lb_program_create(&w->op, &in, &p, &w->e), &w->e);
	assert_string_equal(p.code, "SEMBAKO");
	assert_int_equal(p.monthly_value, 300000);
	assert_string_equal(p.excludes, "PKH,DTKS");
	assert_int_equal(w->op.nwarn, 1);
	assert_string_equal(w->op.warn[0],
			    "lists DTKS,PKH not screened yet: nobody is excluded by them until "
			    "'lumbung recipient screen FILE --list NAME'");
}

static void test_quota_change(void **state)
{
	struct world *w = *state;
	struct lb_program p;
	struct lb_program_quota_in in = { "SEMBAKO", "20x6", "5" };
	struct lb_program_quota_out out;

	create(w, &p);
	assert_int_equal(lb_program_quota_change(&w->op, &in, &out, &w->e), LB_EINPUT);
	assert_non_null(strstr(w->e.msg, "--year"));
	in.year = "2026";
	in.code = "NOPE";
	assert_int_equal(lb_program_quota_change(&w->op, &in, &out, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg, "unknown program 'NOPE' (see 'lumbung program list')");
	assert_int_equal(count(w, "SELECT count(*) FROM program_quota"), 0);
	in.code = "SEMBAKO";
	must(lb_program_quota_change(&w->op, &in, &out, &w->e), &w->e);
	assert_int_equal(out.year, 2026);
	assert_int_equal(out.quota, 5);
	assert_int_equal(count(w, "SELECT quota FROM program_quota WHERE year = 2026"), 5);
}

static void test_package_compose(void **state)
{
	struct world *w = *state;
	struct lb_program p;
	struct lb_package_in in = { 0 };
	struct lb_package_out *out = malloc(sizeof *out);
	const char *bad[] = { "BERAS=10@abc" }, *items[] = { "BERAS=10@32000" };

	assert_non_null(out);
	create(w, &p);
	in.program = "SEMBAKO";
	assert_int_equal(lb_package_compose(&w->op, &in, out, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg,
			    "program package: SEMBAKO has no package yet: set one with --item ITEM=QTY");
	in.items.v = bad;
	in.items.n = 1;
	assert_int_equal(lb_package_compose(&w->op, &in, out, &w->e), LB_EINPUT);
	assert_int_equal(count(w, "SELECT count(*) FROM program_package"), 0);
	in.items.v = items;
	must(lb_package_compose(&w->op, &in, out, &w->e), &w->e);
	assert_int_equal(out->set, 1);
	assert_int_equal(out->package.n, 1);
	assert_int_equal(lb_package_value(&out->package), 320000);
	assert_int_equal(w->op.nwarn, 1);
	assert_string_equal(w->op.warn[0], "the package is worth Rp320.000, +6,6% against the "
					   "program's Rp300.000 per round (more than 5% off)");
	/* Shown again without items: the one in force, no new warning. */
	in.items.n = 0;
	in.from = "2026-06";
	must(lb_package_compose(&w->op, &in, out, &w->e), &w->e);
	assert_int_equal(out->set, 0);
	assert_int_equal(out->package.from_period, 2026 * 12);
	assert_int_equal(w->op.nwarn, 1);
	free(out);
}

static void test_percent_diff(void **state)
{
	char s[24];

	(void)state;
	lb_package_percent_diff(320000, 300000, s, sizeof s);
	assert_string_equal(s, "+6,6%");
	lb_package_percent_diff(298500, 300000, s, sizeof s);
	assert_string_equal(s, "-0,5%");
	lb_package_percent_diff(5, 0, s, sizeof s);
	assert_string_equal(s, "0,0%");
}

static void test_allocate_and_list(void **state)
{
	struct world *w = *state;
	struct lb_program p;
	struct lb_allocate_in in = { "SEMBAKO", "2026-02" };
	struct lb_allocate_out out;
	struct lb_alloc_round_out round;

	create(w, &p);
	must(lb_db_exec(w->db, "INSERT INTO program_package(program_id, from_period, item_id, qty,"
			       " unit_price) VALUES (1, '2026-01', 1, 10, 30000)", &w->e), &w->e);
	assert_int_equal(lb_alloc_round(&w->op, &in, &round, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg, "allocation list: SEMBAKO 2026-02 has not been allocated "
				      "(run 'lumbung allocate --program SEMBAKO --period 2026-02')");
	in.period = "2026-13";
	assert_int_equal(lb_round_allocate(&w->op, &in, &out, &w->e), LB_EINPUT);
	assert_int_equal(count(w, "SELECT count(*) FROM allocation_run"), 0);
	in.period = "2026-02";
	must(lb_round_allocate(&w->op, &in, &out, &w->e), &w->e);
	assert_int_equal(out.period, 2026 * 12 + 1);
	assert_int_equal(out.summary.allocated, 1);
	assert_int_equal(out.summary.waiting, 1);
	assert_int_equal(out.nplan, 1);
	assert_string_equal(out.plan[0].point, "TP-A");
	assert_int_equal(out.plan[0].need, 10);
	assert_int_equal(out.plan[0].shortfall, 10);
	assert_int_equal(w->op.nwarn, 1);
	assert_string_equal(w->op.warn[0],
			    "1 point/item line short of stock: move stock there before distribution");
	lb_allocate_out_free(&out);
	must(lb_alloc_round(&w->op, &in, &round, &w->e), &w->e);
	assert_int_equal(round.run.allocated, 1);
	assert_string_equal(round.program.code, "SEMBAKO");
}

static void test_serve(void **state)
{
	struct world *w = *state;
	const char *v[] = { "64.02.06.1002" };
	struct lb_serve_in in = { "GD-1", { v, 1, 1 } };
	struct lb_serve_out out;

	assert_int_equal(lb_serve_villages(&w->op, &in, &out, &w->e), LB_EINPUT);
	assert_string_equal(w->e.msg,
			    "location serve: 'GD-1' is a warehouse, not a distribution point");
	assert_int_equal(count(w, "SELECT count(*) FROM point_village"), 0);
	in.point = "TP-A";
	must(lb_serve_villages(&w->op, &in, &out, &w->e), &w->e);
	assert_int_equal(out.added, 1);
	assert_int_equal(out.moved, 0);
	assert_string_equal(out.point.name, "Titik A");
	assert_int_equal(count(w, "SELECT count(*) FROM point_village"), 1);
}

static void fill_name(lb_stmt *st, void *out)
{
	snprintf(out, 32, "%s", lb_col_text(st, 0));
}

static void test_fetch_one_row(void **state)
{
	struct world *w = *state;
	char name[32] = "?";
	int64_t n;
	int found;
	lb_stmt *st;

	st = lb_db_prepare(w->db, "SELECT name FROM location WHERE code = ?1", &w->e);
	assert_non_null(st);
	lb_bind_text(st, 1, "TP-A");
	must(lb_db_one(st, fill_name, name, &found, &w->e), &w->e);
	assert_int_equal(found, 1);
	assert_string_equal(name, "Titik A");
	st = lb_db_prepare(w->db, "SELECT name FROM location WHERE code = ?1", &w->e);
	lb_bind_text(st, 1, "NONE");
	must(lb_db_one(st, fill_name, name, &found, &w->e), &w->e);
	assert_int_equal(found, 0);
	st = lb_db_prepare(w->db, "SELECT max(id) FROM program", &w->e);
	must(lb_db_one_int64(st, 42, &n, &w->e), &w->e);
	assert_int_equal(n, 42); /* NULL: the default */
	st = lb_db_prepare(w->db, "SELECT count(*) FROM recipient", &w->e);
	must(lb_db_one_int64(st, 42, &n, &w->e), &w->e);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_refuses_and_writes_nothing, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_create_warns_of_unscreened_lists, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_quota_change, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_package_compose, setup, ops_teardown),
		cmocka_unit_test(test_percent_diff),
		cmocka_unit_test_setup_teardown(test_allocate_and_list, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_serve, setup, ops_teardown),
		cmocka_unit_test_setup_teardown(test_fetch_one_row, setup, ops_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
