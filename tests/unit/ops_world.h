/*
 * ops_world.h — the scratch database the operation tests
 * (test_*_ops.c) share: one office's regions (province 64 down to the
 * villages 64.02.06.1001 Jahab and .1002 Loa Ipuh), the item BERAS, the
 * points TP-A (serving Jahab) and TP-B (no village), the warehouse GD-1,
 * and an operation context acting as "tester" on 2026-01-05.
 *
 * Memory: ops_setup allocates the world, ops_teardown frees it and
 * removes its folder.
 */
#ifndef LB_TEST_OPS_WORLD_H
#define LB_TEST_OPS_WORLD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/op.h"

struct world {
	char dir[64];
	char path[96];
	lb_db *db;
	struct lb_op op;
	lb_err e;
	long bad_rows; /* bad import rows reported to the front end's sink */
};

static void must(int rc, const lb_err *e)
{
	if (rc != LB_OK)
		fail_msg("status %d: %s", rc, e->msg);
}

/* The single integer a query yields. */
static int64_t count(struct world *w, const char *sql)
{
	int64_t n = -1;

	must(lb_db_int(w->db, sql, -1, &n, &w->e), &w->e);
	return n;
}

static struct world *ops_setup(void)
{
	struct world *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	setenv("LUMBUNG_TODAY", "2026-01-05", 1);
	if (lb_hash_init(&w->e))
		return NULL;
	strcpy(w->dir, "/tmp/lumbung-ops.XXXXXX");
	if (!mkdtemp(w->dir))
		return NULL;
	snprintf(w->path, sizeof w->path, "%s/t.db", w->dir);
	must(lb_db_open(w->path, LB_DB_CREATE, &w->db, &w->e), &w->e);
	must(lb_db_exec(w->db,
		"INSERT INTO region_province VALUES ('64', 'KALIMANTAN TIMUR');"
		"INSERT INTO region_regency VALUES ('64.02', '64', 'KUTAI KARTANEGARA');"
		"INSERT INTO region_district VALUES ('64.02.06', '64.02', 'Tenggarong');"
		"INSERT INTO region_village VALUES ('64.02.06.1001', '64.02.06', 'Jahab'),"
		" ('64.02.06.1002', '64.02.06', 'Loa Ipuh');"
		"INSERT INTO item(code, name, unit, created_at) VALUES ('BERAS', 'Beras', 'kg', 'x');"
		"INSERT INTO location(code, kind, name, village, created_at) VALUES"
		" ('TP-A', 'point', 'Titik A', '64.02.06.1001', 'x'),"
		" ('TP-B', 'point', 'Titik B', NULL, 'x'),"
		" ('GD-1', 'warehouse', 'Gudang', NULL, 'x');", &w->e), &w->e);
	lb_op_init(&w->op, w->db, "tester");
	lb_err_clear(&w->e);
	return w;
}

static int ops_teardown(void **state)
{
	struct world *w = *state;
	char cmd[128];

	if (!w)
		return 0;
	lb_op_release(&w->op);
	lb_db_close(w->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->dir);
	if (system(cmd) != 0)
		return -1;
	free(w);
	return 0;
}

#endif
