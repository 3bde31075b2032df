/*
 * ops_fixture.h — what the operation tests (test_*_ops.c) share: a
 * private temporary folder for the database and the files an operation
 * writes, an open database, an operation context acting as "tester",
 * and a count of rows to show that a refusal wrote nothing.
 *
 * Memory: ops_open allocates the fixture; ops_close frees it and removes
 * its folder.
 */
#ifndef OPS_FIXTURE_H
#define OPS_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "core/db.h"
#include "core/meta.h"
#include "core/op.h"

struct fx {
	char dir[256], db_path[300], out[320], key_path[300];
	lb_db *db;
	struct lb_op op;
};

/* A fresh database (office "Dinas Sosial", today 5 January 2026) with
 * seed run on it; NULL on any failure. */
static struct fx *ops_open(const char *tag, const char *seed)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *t = getenv("TMPDIR");
	lb_err e;

	if (!f)
		return NULL;
	snprintf(f->dir, sizeof f->dir, "%s/lumbung-%s.XXXXXX", t && *t ? t : "/tmp", tag);
	if (!mkdtemp(f->dir))
		return NULL;
	snprintf(f->db_path, sizeof f->db_path, "%s/l.db", f->dir);
	snprintf(f->key_path, sizeof f->key_path, "%s/k.key", f->dir);
	setenv("LUMBUNG_TODAY", "2026-01-05", 1);
	if (lb_db_open(f->db_path, LB_DB_CREATE, &f->db, &e) || lb_meta_init(f->db, "Dinas Sosial", "main", &e) ||
	    lb_db_exec(f->db, seed, &e))
		return NULL;
	lb_op_init(&f->op, f->db, "tester");
	return f;
}

static int ops_close(void **state)
{
	struct fx *f = *state;
	char cmd[512];

	lb_op_release(&f->op);
	lb_db_close(f->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", f->dir);
	free(f);
	return 0;
}

static int64_t count(lb_db *db, const char *sql)
{
	int64_t v = -1;
	lb_err e;

	assert_int_equal(lb_db_int(db, sql, -1, &v, &e), LB_OK);
	return v;
}

#endif
