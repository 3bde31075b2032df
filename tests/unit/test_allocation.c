/*
 * test_allocation.c — the allocation order on a scratch database through
 * the C API: lowest desil first and unknown last, then the oldest, then
 * the earliest registered; the quota cut and the waiting list; who is
 * left out; a second run; a recipient nobody serves; the point override.
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

#include "core/date.h"
#include "core/hash.h"
#include "inventory/serve.h"
#include "program/allocation.h"
#include "recipients/recipient.h"

struct world {
	char dir[64];
	char path[96];
	lb_db *db;
	struct lb_program p;
};

static void must(int rc, const lb_err *e)
{
	if (rc != LB_OK)
		fail_msg("status %d: %s", rc, e->msg);
}

static void exec(lb_db *db, const char *sql)
{
	lb_err e;

	lb_err_clear(&e);
	must(lb_db_exec(db, sql, &e), &e);
}

static void add(struct world *w, const char *nik, const char *name, const char *village,
		const char *category, const char *desil)
{
	struct lb_recipient_in in = { 0 };
	struct lb_recipient r;
	struct lb_recipient_added a;
	lb_err e;

	in.nik = nik;
	in.name = name;
	in.village = village;
	in.category = category;
	in.desil = desil;
	lb_err_clear(&e);
	must(lb_recipient_add(w->db, &in, NULL, &r, &a, &e), &e);
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	struct lb_program_in in = { 0 };
	const char *villages[] = { "64.02.06.1002" };
	long added, moved, same;
	lb_err e;

	if (!w)
		return -1;
	setenv("LUMBUNG_TODAY", "2026-01-05", 1);
	if (lb_hash_init(&e))
		return -1;
	strcpy(w->dir, "/tmp/lumbung-alloc.XXXXXX");
	if (!mkdtemp(w->dir))
		return -1;
	snprintf(w->path, sizeof w->path, "%s/t.db", w->dir);
	lb_err_clear(&e);
	must(lb_db_open(w->path, LB_DB_CREATE, &w->db, &e), &e);
	exec(w->db,
	     "INSERT INTO region_province VALUES ('64', 'KALIMANTAN TIMUR');"
	     "INSERT INTO region_regency VALUES ('64.02', '64', 'KUTAI KARTANEGARA');"
	     "INSERT INTO region_district VALUES ('64.02.06', '64.02', 'Tenggarong');"
	     "INSERT INTO region_village VALUES ('64.02.06.1001', '64.02.06', 'Jahab'),"
	     " ('64.02.06.1002', '64.02.06', 'Loa Ipuh'), ('64.02.06.1003', '64.02.06', 'Bukit Biru');"
	     "INSERT INTO item(code, name, unit, created_at) VALUES ('BERAS', 'Beras', 'kg', 'x');"
	     "INSERT INTO location(code, kind, name, village, created_at) VALUES"
	     " ('TP-A', 'point', 'A', '64.02.06.1001', 'x'), ('TP-B', 'point', 'B', NULL, 'x');");
	must(lb_point_serve(w->db, "TP-A", villages, 1, &added, &moved, &same, &e), &e);
	must(lb_category_add(w->db, "yatim-piatu", "Anak yatim piatu", &e), &e);

	/*                 NIK                  name    village          category     desil */
	add(w, "6402064203550001", "A-d2-1955", "64.02.06.1001", "lansia", "2");      /* id 1 */
	add(w, "6402061107480002", "B-d1-1948", "64.02.06.1001", "lansia", "1");      /* id 2 */
	add(w, "6402065708520004", "C-d1-1952", "64.02.06.1002", "disabilitas", "1"); /* id 3 */
	add(w, "6402060507150008", "D-none-2015", "64.02.06.1002", "anak", NULL);     /* id 4 */
	add(w, "6402061107480012", "E-d1-1948", "64.02.06.1001", "lansia", "1");      /* id 5: same day as B */
	add(w, "6402061203450037", "F-dead", "64.02.06.1001", "lansia", "1");         /* id 6 */
	add(w, "6402064203550011", "A-d2-1955", "64.02.06.1001", "lansia", "2");      /* id 7: held */
	add(w, "6402061005400047", "G-d10-1940", "64.02.06.1002", "lansia", "10");    /* id 8 */
	add(w, "6402062003510057", "H-other", "64.02.06.1001", "yatim-piatu", "1");   /* id 9 */
	must(lb_recipient_set_status(w->db, 6, "meninggal", "2026-01-01", "akta", "t", &e), &e);

	in.code = "SEMBAKO";
	in.name = "Sembako";
	in.monthly_value = "300000";
	in.quota = "5";
	in.categories = "lansia,disabilitas,anak";
	in.first = "2026-01";
	in.last = "2026-12";
	must(lb_program_add(w->db, &in, &w->p, NULL, &e), &e);
	exec(w->db, "INSERT INTO program_package(program_id, from_period, item_id, qty, unit_price)"
		    " VALUES (1, '2026-01', 1, 10, 30000)");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	char cmd[128];

	if (!w)
		return 0;
	lb_db_close(w->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->dir);
	if (system(cmd) != 0)
		return -1;
	free(w);
	return 0;
}

struct seen {
	char order[512];
	char points[256];
};

static int collect(void *arg, const struct lb_alloc_row *r, lb_err *e)
{
	struct seen *s = arg;

	strcat(s->order, r->name);
	strcat(s->order, " ");
	strcat(s->points, r->point[0] ? r->point : "-");
	strcat(s->points, " ");
	return LB_OK;
}

static int plan_line(void *arg, const struct lb_alloc_need *n, lb_err *e)
{
	char *out = arg;
	size_t len = strlen(out);

	snprintf(out + len, 256 - len, "%s %lld %s %lld/%lld/%lld;", n->point, (long long)n->packages, n->item,
		 (long long)n->need, (long long)n->stock, (long long)n->shortfall);
	return LB_OK;
}

/* Before the round is allocated: the preview says what test_order's run
 * then does, and writes nothing. */
static void test_preview(void **state)
{
	struct world *w = *state;
	struct lb_alloc_summary s;
	char plan[256] = "";
	int64_t n;
	lb_err e;

	lb_err_clear(&e);
	must(lb_allocate_preview(w->db, &w->p, 2026 * 12, &s, plan_line, plan, &e), &e);
	assert_false(s.already);
	assert_int_equal(s.quota, 5);
	assert_int_equal(s.eligible, 6);
	assert_int_equal(s.allocated, 5);
	assert_int_equal(s.waiting, 1);
	assert_int_equal(s.inactive, 1);
	assert_int_equal(s.excluded, 0);
	assert_int_equal(s.held, 1);
	assert_int_equal(s.first_id, 0);
	assert_string_equal(plan, "TP-A 5 BERAS 50/0/50;");
	assert_false(lb_db_in_tx(w->db));
	must(lb_db_int(w->db, "SELECT (SELECT count(*) FROM allocation) + (SELECT count(*) FROM allocation_wait)"
			      " + (SELECT count(*) FROM allocation_run)", 0, &n, &e), &e);
	assert_int_equal(n, 0);
}

static void test_order(void **state)
{
	struct world *w = *state;
	struct lb_alloc_summary s;
	struct seen al = { "", "" }, wt = { "", "" };
	lb_err e;

	/* F is dead, the second A is held for review, H's category is not
	 * the program's. */
	lb_err_clear(&e);
	must(lb_allocate(w->db, &w->p, 2026 * 12, "t", &s, &e), &e);
	assert_false(s.already);
	assert_int_equal(s.quota, 5);
	assert_int_equal(s.eligible, 6);
	assert_int_equal(s.allocated, 5);
	assert_int_equal(s.waiting, 1);
	assert_int_equal(s.inactive, 1);
	assert_int_equal(s.excluded, 0);
	assert_int_equal(s.held, 1);
	must(lb_alloc_list(w->db, &w->p, 2026 * 12, 0, collect, &al, &e), &e);
	must(lb_alloc_list(w->db, &w->p, 2026 * 12, 1, collect, &wt, &e), &e);
	/* desil 1: B and E born the same day (B registered first), then C;
	 * desil 2: A; desil 10: G; unknown desil last: D. */
	assert_string_equal(al.order, "B-d1-1948 E-d1-1948 C-d1-1952 A-d2-1955 G-d10-1940 ");
	assert_string_equal(wt.order, "D-none-2015 ");
	assert_string_equal(al.points, "TP-A TP-A TP-A TP-A TP-A ");
	assert_string_equal(wt.points, "- ");
}

static void test_again(void **state)
{
	struct world *w = *state;
	struct lb_alloc_summary s;
	int64_t n;
	lb_err e;

	lb_err_clear(&e);
	must(lb_allocate(w->db, &w->p, 2026 * 12, "t", &s, &e), &e);
	assert_true(s.already);
	assert_int_equal(s.allocated, 5);
	must(lb_db_int(w->db, "SELECT count(*) FROM allocation", 0, &n, &e), &e);
	assert_int_equal(n, 5);
}

static void test_unserved(void **state)
{
	struct world *w = *state;
	struct lb_alloc_summary s;
	int64_t n;
	lb_err e;

	/* Someone first in line in a village no point serves. */
	add(w, "6402064101300067", "I-d1-1930", "64.02.06.1003", "lansia", "1");
	lb_err_clear(&e);
	assert_int_equal(lb_allocate(w->db, &w->p, 2026 * 12 + 1, "t", &s, &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "1 recipient in 1 village no distribution point serves: 64.02.06.1003 Bukit Biru (1)"));
	must(lb_db_int(w->db, "SELECT count(*) FROM allocation WHERE period = '2026-02'", 0, &n, &e), &e);
	assert_int_equal(n, 0);
	/* Their own point settles it. */
	must(lb_recipient_set_point(w->db, 10, "TP-B", &e), &e);
	must(lb_allocate(w->db, &w->p, 2026 * 12 + 1, "t", &s, &e), &e);
	assert_int_equal(s.allocated, 5);
	assert_int_equal(s.waiting, 2);
	must(lb_db_int(w->db,
		       "SELECT rank FROM allocation a JOIN location l ON l.id = a.point_id"
		       " WHERE a.period = '2026-02' AND a.recipient_id = 10 AND l.code = 'TP-B'", 0, &n, &e), &e);
	assert_int_equal(n, 1);
}

static void test_refusals(void **state)
{
	struct world *w = *state;
	struct lb_alloc_summary s;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_allocate(w->db, &w->p, 2027 * 12, "t", &s, &e), LB_ERULE);
	assert_string_equal(e.msg, "cannot allocate SEMBAKO 2027-01: program SEMBAKO runs from 2026-01 to 2026-12: 2027-01 is outside it");
	exec(w->db, "INSERT INTO period_close(period, closed_at, operator) VALUES ('2026-05', 'x', 't')");
	assert_int_equal(lb_allocate(w->db, &w->p, 2026 * 12 + 4, "t", &s, &e), LB_ERULE);
	assert_string_equal(e.msg, "cannot allocate SEMBAKO 2026-05: period 2026-05 is closed");
	/* a preview is refused alike */
	assert_int_equal(lb_allocate_preview(w->db, &w->p, 2026 * 12 + 4, &s, plan_line, NULL, &e), LB_ERULE);
	assert_string_equal(e.msg, "cannot allocate SEMBAKO 2026-05: period 2026-05 is closed");
	assert_int_equal(lb_allocate_preview(w->db, &w->p, 2027 * 12, &s, plan_line, NULL, &e), LB_ERULE);
	assert_string_equal(e.msg, "cannot allocate SEMBAKO 2027-01: program SEMBAKO runs from 2026-01 to 2026-12: 2027-01 is outside it");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_preview),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_again),
		cmocka_unit_test(test_unserved),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
