/*
 * test_journal.c — the journal's C API as other modules call it (inside
 * their own transaction): issues by FEFO with a redemption id, atomic
 * refusals, idempotent keys, reversals, sessions, and the hash chain's
 * canonical encoding frozen against a known vector.
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

#include "core/db.h"
#include "core/hash.h"
#include "inventory/item.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/lot.h"
#include "inventory/query.h"
#include "inventory/verify.h"

struct fx {
	char dir[64], path[96];
	lb_db *db;
	int64_t beras, gd, pt, sup;
	lb_day d;
};

static int64_t count_sql(lb_db *db, const char *sql)
{
	int64_t n = -1;
	lb_err e;
	assert_int_equal(lb_db_int(db, sql, 0, &n, &e), LB_OK);
	return n;
}

static int64_t qty_at(struct fx *f, int64_t loc)
{
	char sql[128];
	lb_stmt *st;
	int64_t q = 0;
	lb_err e;

	snprintf(sql, sizeof sql, "SELECT coalesce(sum(qty), 0) FROM balance WHERE location_id = %lld",
		 (long long)loc);
	st = lb_db_prepare_once(f->db, sql, &e);
	assert_non_null(st);
	if (lb_step(st, &e) == LB_ROW)
		q = lb_col_int(st, 0);
	lb_stmt_free(st);
	return q;
}

static void receive(struct fx *f, const char *lot, int64_t qty, const char *expiry)
{
	struct lb_receive_req r = { 0 };
	struct lb_post_result res;
	lb_err e = { 0 };

	r.item_id = f->beras;
	r.to_id = f->gd;
	r.qty = qty;
	r.lot = lot;
	if (expiry) {
		r.has_expiry = 1;
		assert_int_equal(lb_date_parse(expiry, "expiry", &r.expiry, &e), LB_OK);
	}
	r.unit_cost = 14000;
	r.day = f->d;
	r.operator = "test";
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_journal_receive(f->db, &r, &res, &e), LB_OK);
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct lb_item it;
	struct lb_location loc;
	lb_err e = { 0 };

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/lumbung-tj.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	assert_int_equal(lb_hash_init(&e), LB_OK);
	assert_int_equal(lb_db_open(f->path, LB_DB_CREATE, &f->db, &e), LB_OK);
	assert_int_equal(lb_date_parse("2026-01-10", "day", &f->d, &e), LB_OK);
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "BERAS");
	snprintf(it.name, sizeof it.name, "Beras");
	snprintf(it.units.base, sizeof it.units.base, "kg");
	assert_int_equal(lb_item_add(f->db, &it, &f->beras, &e), LB_OK);
	memset(&loc, 0, sizeof loc);
	loc.kind = LB_LOC_WAREHOUSE;
	snprintf(loc.code, sizeof loc.code, "GD");
	snprintf(loc.name, sizeof loc.name, "Gudang");
	assert_int_equal(lb_location_add(f->db, &loc, &f->gd, &e), LB_OK);
	loc.kind = LB_LOC_POINT;
	snprintf(loc.code, sizeof loc.code, "PT");
	assert_int_equal(lb_location_add(f->db, &loc, &f->pt, &e), LB_OK);
	loc.kind = LB_LOC_SUPPLIER;
	snprintf(loc.code, sizeof loc.code, "SUP");
	assert_int_equal(lb_location_add(f->db, &loc, &f->sup, &e), LB_OK);
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[128];

	lb_db_close(f->db);
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void move_to_point(struct fx *f, int64_t qty)
{
	struct lb_move_req r = { 0 };
	struct lb_post_result res;
	lb_err e = { 0 };

	r.item_id = f->beras;
	r.from_id = f->gd;
	r.to_id = f->pt;
	r.qty = qty;
	r.day = f->d;
	r.operator = "test";
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_journal_move(f->db, &r, &res, &e), LB_OK);
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
}

static void test_outside_a_transaction(void **state)
{
	struct fx *f = *state;
	struct lb_issue_req q = { 0 };
	struct lb_post_result res;
	lb_err e = { 0 };

	q.item_id = f->beras;
	q.from_id = f->pt;
	q.qty = 1;
	q.day = f->d;
	q.operator = "test";
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_ESYS);
	assert_non_null(strstr(e.msg, "outside a transaction"));
}

static void test_issue_fefo_in_the_callers_transaction(void **state)
{
	struct fx *f = *state;
	struct lb_issue_req q = { 0 };
	struct lb_post_result res;
	lb_err e = { 0 };

	receive(f, "LATE", 10, "2026-12-31");
	receive(f, "SOON", 4, "2026-03-01");
	move_to_point(f, 14);
	assert_int_equal(qty_at(f, f->pt), 14);

	q.item_id = f->beras;
	q.from_id = f->pt;
	q.qty = 6;
	q.redemption_id = 42;
	q.day = f->d;
	q.key = "red-42";
	q.operator = "test";
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_OK);
	assert_int_equal(res.already, 0);
	assert_int_equal(res.n, 2); /* SOON first, then LATE */
	assert_int_equal(res.qty, 6);
	/* Visible inside the caller's transaction before it commits. */
	assert_int_equal(qty_at(f, f->pt), 8);
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM movement WHERE redemption_id = 42 AND kind = 'issue'"), 2);
	assert_int_equal(count_sql(f->db, "SELECT qty FROM movement WHERE key = 'red-42'"), 4);
	assert_int_equal(count_sql(f->db, "SELECT qty FROM movement WHERE key = 'red-42#2'"), 2);

	/* The same key again: nothing written, the same movements reported. */
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_OK);
	assert_int_equal(res.already, 1);
	assert_int_equal(res.n, 2);
	assert_int_equal(res.qty, 6);
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM movement"), 6);
}

static void test_a_refusal_leaves_the_callers_transaction_usable(void **state)
{
	struct fx *f = *state;
	struct lb_issue_req q = { 0 };
	struct lb_post_result res;
	lb_err e = { 0 };
	int64_t before;

	receive(f, "L1", 5, NULL);
	move_to_point(f, 5);
	before = count_sql(f->db, "SELECT count(*) FROM movement");

	q.item_id = f->beras;
	q.from_id = f->pt;
	q.day = f->d;
	q.operator = "test";
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	q.qty = 3;
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_OK);
	q.qty = 50; /* more than is left */
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "cannot issue 50 kg of 'BERAS' from 'PT': only 2 kg there (unexpired)"));
	assert_string_equal(res.field, "qty");
	q.qty = 2; /* the transaction goes on */
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_OK);
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM movement"), before + 2);
	assert_int_equal(qty_at(f, f->pt), 0);
}

static void test_expired_stock_is_never_issued(void **state)
{
	struct fx *f = *state;
	struct lb_issue_req q = { 0 };
	struct lb_post_result res;
	lb_err e = { 0 };

	receive(f, "OLD", 5, "2026-01-10"); /* good through today */
	move_to_point(f, 5);
	q.item_id = f->beras;
	q.from_id = f->pt;
	q.qty = 1;
	q.day = f->d + 1; /* tomorrow it has expired */
	q.operator = "test";
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "only 0 kg there (unexpired)"));
	q.day = f->d; /* on its expiry day it may still go */
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_OK);
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
}

static void test_reverse_once(void **state)
{
	struct fx *f = *state;
	struct lb_issue_req q = { 0 };
	struct lb_reverse_req r = { 0 };
	struct lb_post_result res;
	lb_err e = { 0 };
	int64_t issued;

	receive(f, "L1", 5, NULL);
	move_to_point(f, 5);
	q.item_id = f->beras;
	q.from_id = f->pt;
	q.qty = 5;
	q.redemption_id = 7;
	q.day = f->d;
	q.operator = "test";
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_journal_issue(f->db, &q, &res, &e), LB_OK);
	issued = res.first_id;
	r.movement_id = issued;
	r.reason = "undo of redemption 7";
	r.day = f->d;
	r.operator = "test";
	assert_int_equal(lb_journal_reverse(f->db, &r, &res, &e), LB_OK);
	assert_int_equal(res.n, 1);
	assert_int_equal(qty_at(f, f->pt), 5);
	assert_int_equal(lb_journal_reverse(f->db, &r, &res, &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "it was reversed already"));
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM movement WHERE kind = 'reverse'"), 1);
}

static void test_session_writes_balances_at_finish(void **state)
{
	struct fx *f = *state;
	struct lb_move_req r = { 0 };
	struct lb_post_result res;
	struct lb_verify_report rep;
	lb_journal *j;
	lb_err e = { 0 };

	receive(f, "L1", 100, NULL);
	r.item_id = f->beras;
	r.from_id = f->gd;
	r.to_id = f->pt;
	r.qty = 1;
	r.day = f->d;
	r.operator = "test";
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_journal_open(f->db, &j, &e), LB_OK);
	for (int i = 0; i < 40; i++)
		assert_int_equal(lb_jnl_move(j, &r, &res, &e), LB_OK);
	r.qty = 61;
	assert_int_equal(lb_jnl_move(j, &r, &res, &e), LB_ERULE); /* the session sees its own postings */
	lb_journal_close(j);
	lb_db_rollback(f->db); /* after a failure: close and roll back */
	assert_int_equal(qty_at(f, f->pt), 0);

	r.qty = 1;
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_journal_open(f->db, &j, &e), LB_OK);
	for (int i = 0; i < 40; i++)
		assert_int_equal(lb_jnl_move(j, &r, &res, &e), LB_OK);
	assert_int_equal(lb_journal_finish(j, &e), LB_OK);
	lb_journal_close(j);
	assert_int_equal(lb_db_commit(f->db, &e), LB_OK);
	assert_int_equal(qty_at(f, f->pt), 40);
	assert_int_equal(qty_at(f, f->gd), 60);
	assert_int_equal(lb_verify(f->db, &rep, &e), LB_OK);
	assert_int_equal(rep.movements, 41);
}

static void test_hash_vector(void **state)
{
	/* Frozen: changing the encoding would make every existing journal
	 * fail verify. Recomputed independently from docs/inventory.md. */
	struct lb_movement a = { 1, "rcv-1", "receive", "2026-01-02", 1, 1, 4, 5, 8200, NULL, NULL,
				 "SJ/BULOG/2026/0012", 0, 0, "petugas", "2026-01-02T01:00:00Z" };
	struct lb_movement b = { 2, NULL, "issue", "2026-01-15", 1, 1, 5, 2, 10, NULL, "x", NULL, 0, 77,
				 "petugas", "2026-01-15T03:00:00Z" };
	unsigned char zero[LB_HASH_BYTES] = { 0 }, h1[LB_HASH_BYTES], h2[LB_HASH_BYTES];
	char hex[2 * LB_HASH_BYTES + 1];

	(void)state;
	lb_movement_hash(zero, &a, h1);
	lb_hash_hex(h1, sizeof h1, hex);
	assert_string_equal(hex, "28a6a7d0b67c92fbe6f7226e046621dc585fcf5cc4ba7a3f304340bdf4fd1c23");
	lb_movement_hash(h1, &b, h2);
	lb_hash_hex(h2, sizeof h2, hex);
	assert_string_equal(hex, "f90093956dfd17d22edc4a7b7a9eff5441f6fe402e60e72b31daea3193c5b0c1");
	/* NULL and "" differ; so does any field. */
	a.key = "";
	lb_movement_hash(zero, &a, h2);
	assert_memory_not_equal(h1, h2, sizeof h1);
	a.key = "rcv-1";
	a.qty = 8201;
	lb_movement_hash(zero, &a, h2);
	assert_memory_not_equal(h1, h2, sizeof h1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_outside_a_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_issue_fefo_in_the_callers_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_refusal_leaves_the_callers_transaction_usable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_stock_is_never_issued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverse_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_writes_balances_at_finish, setup, teardown),
		cmocka_unit_test(test_hash_vector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
