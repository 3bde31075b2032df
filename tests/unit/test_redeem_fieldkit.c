/*
 * test_redeem_fieldkit.c — the field kit changeset checker, which reads
 * bytes brought back from the field before anything of them is applied:
 * what redeem writes passes with every value read back; an UPDATE, a
 * DELETE, another table, a patchset, wrong column counts, wrong types,
 * control characters, impossible dates and out-of-range numbers are each
 * refused with the reason; every truncation and many bit flips of a good
 * changeset are handled without a crash. Also: the column lists the
 * checker expects are the schema's, and the log's hash chain.
 *
 * Changesets are made with SQLite's session extension on an in-memory
 * database whose tables have the kit tables' names but no types, so that
 * bad values can be written on purpose.
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

#include <sqlite3.h>

#include "core/hash.h"
#include "voucher/kitexport.h"
#include "voucher/kitcheck.h"
#include "voucher/kitimport.h"
#include "voucher/redeem.h"

static const char tables[] =
	"CREATE TABLE redemption(id PRIMARY KEY, voucher_id, allocation_id, point_id, day, redeemed_at, operator,"
	" proxy_name, manual, override_reason, source, kit_id, kit_ref, manual_reason);"
	"CREATE TABLE redemption_undo(redemption_id PRIMARY KEY, reason, day, undone_at, operator, kit_id);"
	"CREATE TABLE redemption_attempt(id PRIMARY KEY, at, day, point_id, operator, serial, voucher_id,"
	" allocation_id, payload, outcome, detail, redemption_id, source, file, line, kit_id, kit_ref);"
	"CREATE TABLE movement(id PRIMARY KEY, key, kind, day, item_id, lot_id, from_id, to_id, qty, reason,"
	" note, ref, reverses, redemption_id, operator, posted_at, hash);"
	"CREATE TABLE meta(key PRIMARY KEY, value);"
	"CREATE TABLE voucher(id PRIMARY KEY, x);";

/* What redeem writes for one accepted scan, one refusal and an undo. */
static const char good[] =
	"INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'siti', 'Rahmat',"
	" 0, NULL, 'scan', NULL, NULL, NULL);"
	"INSERT INTO movement VALUES (21, NULL, 'issue', '2026-01-15', 1, 2, 7, 2, 10, NULL, NULL, NULL, NULL, 5,"
	" 'siti', '2026-01-15T02:03:04Z', zeroblob(32));"
	"INSERT INTO redemption_attempt VALUES (9, '2026-01-15T02:03:04Z', '2026-01-15', 7, 'siti', 'RG5Y-YP5D-S',"
	" 3, 3, 'LB1:ABC', 'accepted', 'redeemed voucher', 5, 'scan', NULL, NULL, NULL, NULL);"
	"INSERT INTO redemption_attempt VALUES (10, '2026-01-15T09:12:03', '2026-01-15', 7, 'siti', NULL,"
	" NULL, NULL, 'garbage\\x01', 'unreadable', 'cannot redeem: ...', NULL, 'file', 'scans.txt', 4, NULL, NULL);"
	"INSERT INTO redemption_undo VALUES (4, 'salah kupon', '2026-01-15', '2026-01-15T03:00:00Z', 'siti', NULL);"
	"INSERT INTO movement VALUES (22, NULL, 'reverse', '2026-01-15', 1, 2, 2, 7, 10, 'undo', NULL, NULL, 20,"
	" NULL, 'siti', '2026-01-15T03:00:00Z', zeroblob(32));";

static sqlite3 *mem(void)
{
	sqlite3 *h = NULL;

	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, tables, NULL, NULL, NULL), SQLITE_OK);
	return h;
}

/* Run sql under a session on every table and return its changeset (or
 * patchset); the caller sqlite3_free()s it. */
static void *record(sqlite3 *h, const char *sql, int patch, int *n)
{
	sqlite3_session *s = NULL;
	void *p = NULL;
	char *err = NULL;

	assert_int_equal(sqlite3session_create(h, "main", &s), SQLITE_OK);
	assert_int_equal(sqlite3session_attach(s, NULL), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	if (patch)
		assert_int_equal(sqlite3session_patchset(s, n, &p), SQLITE_OK);
	else
		assert_int_equal(sqlite3session_changeset(s, n, &p), SQLITE_OK);
	sqlite3session_delete(s);
	return p;
}

static void check_fails(const char *setup, const char *sql, const char *why)
{
	sqlite3 *h = mem();
	struct lb_kit_changes c = { 0 };
	void *p;
	int n;
	lb_err e;

	if (setup)
		assert_int_equal(sqlite3_exec(h, setup, NULL, NULL, NULL), SQLITE_OK);
	p = record(h, sql, 0, &n);
	lb_err_clear(&e);
	assert_int_equal(lb_kit_changeset_check(p, (size_t)n, &c, &e), LB_EINPUT);
	if (!strstr(e.msg, why))
		fail_msg("for %s: message '%s' lacks '%s'", sql, e.msg, why);
	assert_int_equal(c.nred + c.nundo + c.natt + c.nmov, 0);
	lb_kit_changes_free(&c);
	sqlite3_free(p);
	sqlite3_close(h);
}

static void test_good(void **state)
{
	sqlite3 *h = mem();
	struct lb_kit_changes c = { 0 };
	void *p;
	int n;
	lb_err e;
	(void)state;

	p = record(h, good, 0, &n);
	assert_int_equal(lb_kit_changeset_check(p, (size_t)n, &c, &e), LB_OK);
	assert_int_equal(c.nred, 1);
	assert_int_equal(c.nundo, 1);
	assert_int_equal(c.natt, 2);
	assert_int_equal(c.nmov, 2);
	assert_int_equal(c.red[0].id, 5);
	assert_int_equal(c.red[0].point_id, 7);
	assert_string_equal(c.red[0].day, "2026-01-15");
	assert_string_equal(c.red[0].operator, "siti");
	assert_int_equal(c.red[0].has_proxy, 1);
	assert_string_equal(c.red[0].proxy, "Rahmat");
	assert_int_equal(c.red[0].has_override, 0);
	assert_string_equal(c.undo[0].reason, "salah kupon");
	for (size_t i = 0; i < c.natt; i++) {
		if (c.att[i].id == 9) {
			assert_int_equal(c.att[i].outcome, LB_OUT_ACCEPTED);
			assert_string_equal(c.att[i].serial, "RG5Y-YP5D-S");
			assert_int_equal(c.att[i].redemption_id, 5);
		} else {
			assert_int_equal(c.att[i].outcome, LB_OUT_UNREADABLE);
			assert_string_equal(c.att[i].file, "scans.txt");
			assert_int_equal(c.att[i].line, 4);
			assert_string_equal(c.att[i].serial, "");
		}
	}
	for (size_t i = 0; i < c.nmov; i++) {
		if (c.mov[i].id == 21) {
			assert_int_equal(c.mov[i].reverse, 0);
			assert_int_equal(c.mov[i].redemption_id, 5);
			assert_int_equal(c.mov[i].qty, 10);
		} else {
			assert_int_equal(c.mov[i].reverse, 1);
			assert_int_equal(c.mov[i].reverses, 20);
		}
	}
	/* A second call appends. */
	assert_int_equal(lb_kit_changeset_check(p, (size_t)n, &c, &e), LB_OK);
	assert_int_equal(c.natt, 4);
	lb_kit_changes_free(&c);
	sqlite3_free(p);
	sqlite3_close(h);
}

static const char one_attempt[] =
	"INSERT INTO redemption_attempt VALUES (1, '2026-01-15T02:03:04Z', '2026-01-15', 7, 'siti', NULL, NULL, NULL,"
	" 'x', 'unreadable', 'd', NULL, 'scan', NULL, NULL, NULL, NULL)";

static void test_not_inserts(void **state)
{
	(void)state;
	check_fails(one_attempt, "UPDATE redemption_attempt SET detail = 'e' WHERE id = 1", "a kit only ever inserts");
	check_fails(one_attempt, "DELETE FROM redemption_attempt WHERE id = 1", "is a DELETE on redemption_attempt");
	check_fails(NULL, "INSERT INTO meta VALUES ('kind', 'main')", "touches table 'meta'");
	check_fails(NULL, "INSERT INTO voucher VALUES (1, 2)", "touches table 'voucher'");
}

static void test_bad_values(void **state)
{
	(void)state;
	/* Each is the accepted redemption of `good` with one value wrong. */
	check_fails(NULL, "INSERT INTO redemption VALUES ('5', 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'siti',"
		    " NULL, 0, NULL, 'scan', NULL, NULL, NULL)", "(redemption.id): is not an integer");
	check_fails(NULL, "INSERT INTO redemption VALUES (0, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'siti',"
		    " NULL, 0, NULL, 'scan', NULL, NULL, NULL)", "(redemption.id): is out of range");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-02-30', '2026-01-15T02:03:04Z', 'siti',"
		    " NULL, 0, NULL, 'scan', NULL, NULL, NULL)", "(redemption.day): is not a date");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', 'yesterday', 'siti',"
		    " NULL, 0, NULL, 'scan', NULL, NULL, NULL)", "(redemption.redeemed_at): is not a timestamp");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'si' || char(10) || 'ti',"
		    " NULL, 0, NULL, 'scan', NULL, NULL, NULL)", "(redemption.operator): holds a control character");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', printf('%.100c', 'x'),"
		    " NULL, 0, NULL, 'scan', NULL, NULL, NULL)", "(redemption.operator): is too long");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'siti',"
		    " NULL, 0, NULL, 'kit', NULL, NULL, NULL)", "(redemption.source): is not a source");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'siti',"
		    " NULL, 0, NULL, 'scan', 'abc', NULL, NULL)", "(redemption.kit_id): must be empty on a field kit");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'siti',"
		    " NULL, 1, NULL, 'scan', NULL, NULL, NULL)", "(redemption.manual): disagrees with the source");
	/* Issue 10: a typed serial carries its reason, and only it. */
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'siti',"
		    " NULL, 1, NULL, 'manual', NULL, NULL, NULL)", "(redemption.manual_reason): must be given with a typed serial");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', 'siti',"
		    " NULL, 0, NULL, 'scan', NULL, NULL, 'sobek')", "(redemption.manual_reason): must be given with a typed serial");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', x'ff00',"
		    " NULL, 0, NULL, 'scan', NULL, NULL, NULL)", "(redemption.operator): is not text");
	check_fails(NULL, "INSERT INTO redemption VALUES (5, 3, 3, 7, '2026-01-15', '2026-01-15T02:03:04Z', CAST(x'c328' AS TEXT),"
		    " NULL, 0, NULL, 'scan', NULL, NULL, NULL)", "(redemption.operator): is not UTF-8");
	check_fails(NULL, "INSERT INTO redemption_attempt VALUES (1, '2026-01-15T02:03:04Z', '2026-01-15', 7, 'siti',"
		    " NULL, NULL, NULL, 'x', 'conflict', 'd', NULL, 'scan', NULL, NULL, NULL, NULL)",
		    "(redemption_attempt.outcome): is not an outcome of a scan on a kit");
	check_fails(NULL, "INSERT INTO redemption_attempt VALUES (1, '2026-01-15T02:03:04Z', '2026-01-15', 7, 'siti',"
		    " 'XXXX-XXXX-X', NULL, NULL, 'x', 'unreadable', 'd', NULL, 'scan', NULL, NULL, NULL, NULL)",
		    "(redemption_attempt.serial): is not a serial");
	check_fails(NULL, "INSERT INTO redemption_attempt VALUES (1, '2026-01-15T02:03:04Z', '2026-01-15', 7, 'siti',"
		    " NULL, NULL, NULL, 'x', 'accepted', 'd', NULL, 'scan', NULL, NULL, NULL, NULL)",
		    "is missing for an accepted scan");
	check_fails(NULL, "INSERT INTO movement VALUES (21, NULL, 'move', '2026-01-15', 1, 2, 7, 3, 10, NULL, NULL, NULL,"
		    " NULL, 5, 'siti', '2026-01-15T02:03:04Z', zeroblob(32))", "is not a movement redemption makes");
	check_fails(NULL, "INSERT INTO movement VALUES (21, NULL, 'issue', '2026-01-15', 1, 2, 7, 2, -10, NULL, NULL, NULL,"
		    " NULL, 5, 'siti', '2026-01-15T02:03:04Z', zeroblob(32))", "(movement.qty): is out of range");
	check_fails(NULL, "INSERT INTO movement VALUES (21, 'k', 'issue', '2026-01-15', 1, 2, 7, 2, 10, NULL, NULL, NULL,"
		    " NULL, 5, 'siti', '2026-01-15T02:03:04Z', zeroblob(32))", "(movement.key): must be empty");
	check_fails(NULL, "INSERT INTO movement VALUES (21, NULL, 'issue', '2026-01-15', 1, 2, 7, 2, 10, NULL, NULL, NULL,"
		    " NULL, NULL, 'siti', '2026-01-15T02:03:04Z', zeroblob(32))", "is an issue that serves no redemption");
	check_fails(NULL, "INSERT INTO movement VALUES (21, NULL, 'issue', '2026-01-15', 1, 2, 7, 2, 10, NULL, NULL, NULL,"
		    " NULL, 5, 'siti', '2026-01-15T02:03:04Z', zeroblob(31))", "(movement.hash): is not a hash");
	check_fails(NULL, "INSERT INTO redemption_undo VALUES (4, '', '2026-01-15', '2026-01-15T03:00:00Z', 'siti', NULL)",
		    "(redemption_undo.reason): is empty");
}

static void test_shapes(void **state)
{
	struct lb_kit_changes c = { 0 };
	sqlite3 *h = mem();
	void *p;
	int n;
	lb_err e;
	(void)state;

	/* Another table of the same name with other columns. */
	assert_int_equal(sqlite3_exec(h, "DROP TABLE redemption_undo; CREATE TABLE redemption_undo(a PRIMARY KEY, b)",
				      NULL, NULL, NULL), SQLITE_OK);
	p = record(h, "INSERT INTO redemption_undo VALUES (1, 2)", 0, &n);
	assert_int_equal(lb_kit_changeset_check(p, (size_t)n, &c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "table redemption_undo has 2 columns"));
	sqlite3_free(p);
	/* A primary key elsewhere than the first column. */
	assert_int_equal(sqlite3_exec(h, "DROP TABLE redemption_undo; CREATE TABLE redemption_undo(redemption_id,"
				      " reason PRIMARY KEY, day, undone_at, operator, kit_id)", NULL, NULL, NULL), SQLITE_OK);
	p = record(h, "INSERT INTO redemption_undo VALUES (1, 'r', '2026-01-15', '2026-01-15T03:00:00Z', 'siti', NULL)",
		   0, &n);
	assert_int_equal(lb_kit_changeset_check(p, (size_t)n, &c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "primary key is not the first column"));
	sqlite3_free(p);
	/* A patchset, and nothing at all. */
	p = record(h, one_attempt, 1, &n);
	assert_int_equal(lb_kit_changeset_check(p, (size_t)n, &c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "not a changeset"));
	sqlite3_free(p);
	assert_int_equal(lb_kit_changeset_check("", 0, &c, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "empty"));
	assert_int_equal(lb_kit_changeset_check("T", 1, &c, &e), LB_EINPUT);
	assert_int_equal(c.nred + c.nundo + c.natt + c.nmov, 0);
	lb_kit_changes_free(&c);
	sqlite3_close(h);
}

/* Damage: every truncation and single-byte flip is either refused or
 * (when the damage lands in a value and leaves it valid) read; never a
 * crash, never a half-filled result on refusal. */
static void test_damage(void **state)
{
	sqlite3 *h = mem();
	unsigned char *p, *q;
	int n, refused = 0;
	lb_err e;
	(void)state;

	p = record(h, good, 0, &n);
	assert_non_null(q = malloc((size_t)n));
	for (int len = 0; len < n; len++) {
		struct lb_kit_changes c = { 0 };
		memcpy(q, p, (size_t)len);
		if (lb_kit_changeset_check(q, (size_t)len, &c, &e) != LB_OK) {
			refused++;
			assert_int_equal(c.nred + c.nundo + c.natt + c.nmov, 0);
		}
		lb_kit_changes_free(&c);
	}
	/* Only a cut between two changes, or after a table's header, leaves
	 * a (shorter) changeset: 6 changes in 4 tables. */
	if (refused < n - 10)
		fail_msg("%d of %d truncations accepted", n - refused, n);
	for (int i = 0; i < n; i++) {
		for (int bit = 0; bit < 8; bit++) {
			struct lb_kit_changes c = { 0 };
			int rc;
			memcpy(q, p, (size_t)n);
			q[i] ^= (unsigned char)(1 << bit);
			rc = lb_kit_changeset_check(q, (size_t)n, &c, &e);
			assert_true(rc == LB_OK || rc == LB_EINPUT);
			if (rc)
				assert_int_equal(c.nred + c.nundo + c.natt + c.nmov, 0);
			lb_kit_changes_free(&c);
		}
	}
	free(q);
	sqlite3_free(p);
	sqlite3_close(h);
}

/* The checker's idea of each table is the schema's. */
static void test_columns_are_the_schema(void **state)
{
	static const struct {
		const char *table;
		const char *const *cols;
	} t[] = {
		{ "redemption", lb_kit_cols_redemption },
		{ "redemption_undo", lb_kit_cols_undo },
		{ "redemption_attempt", lb_kit_cols_attempt },
		{ "movement", lb_kit_cols_movement },
	};
	char dir[] = "/tmp/lumbung-test-kit.XXXXXX", path[64], sql[96], cmd[96];
	lb_db *db;
	lb_err e;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/s.db", dir);
	assert_int_equal(lb_hash_init(&e), LB_OK);
	assert_int_equal(lb_db_open(path, LB_DB_CREATE, &db, &e), LB_OK);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		lb_stmt *st;
		int k = 0;
		snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid", t[i].table);
		assert_non_null(st = lb_db_prepare_once(db, sql, &e));
		while (lb_step(st, &e) == LB_ROW) {
			assert_non_null(t[i].cols[k]);
			assert_string_equal(t[i].cols[k], lb_col_text(st, 0));
			k++;
		}
		assert_null(t[i].cols[k]);
		lb_stmt_free(st);
	}
	lb_db_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_chain(void **state)
{
	unsigned char g1[LB_HASH_BYTES], g2[LB_HASH_BYTES], h1[LB_HASH_BYTES], h2[LB_HASH_BYTES];
	lb_err e;
	(void)state;

	assert_int_equal(lb_hash_init(&e), LB_OK);
	lb_kit_genesis("aa", "bb", g1);
	lb_kit_genesis("aa", "bc", g2);
	assert_memory_not_equal(g1, g2, LB_HASH_BYTES);
	lb_kit_entry_hash(g1, 1, "2026-01-15T00:00:00Z", "T\x01", 2, h1);
	lb_kit_entry_hash(g1, 2, "2026-01-15T00:00:00Z", "T\x01", 2, h2);
	assert_memory_not_equal(h1, h2, LB_HASH_BYTES);
	lb_kit_entry_hash(g1, 1, "2026-01-15T00:00:00Z", "T\x02", 2, h2);
	assert_memory_not_equal(h1, h2, LB_HASH_BYTES);
	lb_kit_entry_hash(g1, 1, "2026-01-15T00:00:00Z", "T\x01", 2, h2);
	assert_memory_equal(h1, h2, LB_HASH_BYTES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_not_inserts),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_columns_are_the_schema),
		cmocka_unit_test(test_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
