/*
 * test_migrations.c — every migration of core/schema.c applied to a
 * database at the version before it, holding representative rows of the
 * tables that version has: the version moves up by exactly one, the rows
 * are still there with the same values, the new tables' rules hold, and
 * migrating again (or opening again) changes nothing.
 *
 * A database at version N-1 is made the way the migration tests of the
 * binary make one: lb_db_open with $LUMBUNG_SCHEMA_TARGET set to N-1.
 * (tests/unit/world.h's struct w and helpers, without its region data.)
 * The rows are written with SQL, as a database of that release held them,
 * inside lb_db_begin/lb_db_commit so that, from version 6 on, the history
 * log's entries are sealed as the modules' own writes seal them.
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

#include "core/schema.h"
#include "world.h"


static void exec(lb_db *db, const char *sql)
{
	lb_err e;

	w_ok(lb_db_begin(db, &e), &e);
	lb_err_clear(&e);
	if (lb_db_exec(db, sql, &e) != LB_OK) {
		lb_db_rollback(db);
		fail_msg("%s: %s", sql, e.msg);
	}
	w_ok(lb_db_commit(db, &e), &e);
}

/* SQL the schema must refuse, with its message. Nothing stays written. */
static void refused(lb_db *db, const char *sql, const char *msg)
{
	lb_err e;

	lb_err_clear(&e);
	w_ok(lb_db_begin(db, &e), &e);
	if (lb_db_exec(db, sql, &e) == LB_OK) {
		lb_db_rollback(db);
		fail_msg("accepted: %s", sql);
	}
	lb_db_rollback(db);
	if (!strstr(e.msg, msg))
		fail_msg("%s: '%s' lacks '%s'", sql, e.msg, msg);
}

static int64_t version(lb_db *db)
{
	return w_num(db, "PRAGMA user_version");
}

/* What a migration could change: the schema's objects and their SQL, and
 * how many rows the tables the tests fill hold. */
static void fingerprint(lb_db *db, int64_t fp[3])
{
	fp[0] = w_num(db, "SELECT count(*) FROM sqlite_schema");
	fp[1] = w_num(db, "SELECT sum(length(sql)) FROM sqlite_schema");
	fp[2] = w_num(db, "SELECT (SELECT count(*) FROM item) * 1000000 + (SELECT count(*) FROM location) * 1000"
			" + (SELECT count(*) FROM lot)");
}

static struct w *open_at(int v)
{
	struct w *t = calloc(1, sizeof *t);
	char s[8];
	lb_err e;

	assert_non_null(t);
	snprintf(t->dir, sizeof t->dir, "/tmp/lumbung-test-migr.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof t->path, "%s/t.db", t->dir);
	snprintf(s, sizeof s, "%d", v);
	setenv("LUMBUNG_SCHEMA_TARGET", s, 1);
	w_ok(lb_db_open(t->path, LB_DB_CREATE, &t->db, &e), &e);
	unsetenv("LUMBUNG_SCHEMA_TARGET");
	assert_int_equal(version(t->db), v);
	return t;
}


/* The rows of each version, cumulative: what a database at version v
 * held (only tables that exist at v). */
static void seed(lb_db *db, int v)
{
	if (v >= 1)
		exec(db,
		     "INSERT INTO meta VALUES ('org_name', 'Dinas Sosial'), ('kind', 'main');"
		     "INSERT INTO item(code, name, unit, shelf_life_days, created_at)"
		     " VALUES ('BERAS', 'Beras medium', 'kg', 365, '2026-01-01T00:00:00Z');"
		     "INSERT INTO item_pack VALUES (1, 'karung', 25);"
		     "INSERT INTO location(code, kind, name, village, created_at) VALUES"
		     " ('GD-TGR', 'warehouse', 'Gudang Tenggarong', NULL, '2026-01-01T00:00:00Z'),"
		     " ('POS-JHB', 'point', 'Kantor Desa Jahab', '64.02.06.1001', '2026-01-01T00:00:00Z');"
		     "INSERT INTO lot(item_id, code, expiry, unit_cost, supplier_id, ref, received_on)"
		     " VALUES (1, 'BRS-A', '2026-12-31', 14000, NULL, 'SJ/1', '2026-01-02');"
		     "INSERT INTO period_close(period, closed_at, operator) VALUES ('2025-12', '2026-01-01T00:00:00Z', 'keuangan');");
	if (v >= 2)
		exec(db,
		     "INSERT INTO region_province VALUES ('64', 'KALIMANTAN TIMUR');"
		     "INSERT INTO region_regency VALUES ('64.02', '64', 'KUTAI KARTANEGARA');"
		     "INSERT INTO region_district VALUES ('64.02.06', '64.02', 'Tenggarong');"
		     "INSERT INTO region_village VALUES ('64.02.06.1001', '64.02.06', 'Jahab');"
		     "INSERT INTO recipient(nik, name, sex, birth_date, village, category, token, created_at) VALUES"
		     " ('6402064203550001', 'Siti Aminah', 'P', '1955-03-02', '64.02.06.1001', 'lansia',"
		     "  '00000000000000a1', '2026-01-01T00:00:00Z');"
		     "INSERT INTO program(code, name, monthly_value, quota, funding, first_period, last_period, created_at)"
		     " VALUES ('SEMBAKO-2026', 'Sembako', 176000, 10, 'APBD', '2026-01', '2026-12', '2026-01-01T00:00:00Z');"
		     "INSERT INTO program_package VALUES (1, '2026-01', 1, 10, 14000);"
		     "INSERT INTO allocation(program_id, period, recipient_id, point_id, rank, created_at)"
		     " VALUES (1, '2026-01', 1, 5, 1, '2026-01-03T00:00:00Z');");
	if (v >= 3)
		exec(db,
		     "INSERT INTO signing_key(key_id, public_key, created_at)"
		     " VALUES (305419896, zeroblob(32), '2026-01-02T00:00:00Z');"
		     "INSERT INTO voucher(allocation_id, serial, last_day, created_at)"
		     " VALUES (1, 123456789, '2026-01-31', '2026-01-05T00:00:00Z');");
	if (v >= 5)
		exec(db, "INSERT INTO program_budget VALUES (1, '2026-01', 2112000, 'DPA/1', '2026-01-01T00:00:00Z', 'keuangan');");
}

/* The rows seed wrote are all there, with their values. */
static void rows_kept(lb_db *db, int v)
{
	assert_int_equal(w_num(db, "SELECT count(*) FROM item WHERE code = 'BERAS' AND name = 'Beras medium'"
				 " AND unit = 'kg' AND shelf_life_days = 365"), 1);
	assert_int_equal(w_num(db, "SELECT factor FROM item_pack WHERE item_id = 1 AND name = 'karung'"), 25);
	/* the ledger's own three accounts and the two made here */
	assert_int_equal(w_num(db, "SELECT count(*) FROM location"), 5);
	assert_int_equal(w_num(db, "SELECT count(*) FROM location WHERE code = 'POS-JHB' AND village = '64.02.06.1001'"), 1);
	assert_int_equal(w_num(db, "SELECT unit_cost FROM lot WHERE code = 'BRS-A' AND expiry = '2026-12-31'"), 14000);
	assert_int_equal(w_num(db, "SELECT count(*) FROM period_close WHERE period = '2025-12'"), 1);
	if (v >= 2) {
		assert_int_equal(w_num(db, "SELECT count(*) FROM recipient WHERE nik = '6402064203550001'"
					 " AND name = 'Siti Aminah' AND village = '64.02.06.1001'"), 1);
		assert_int_equal(w_num(db, "SELECT monthly_value FROM program WHERE code = 'SEMBAKO-2026'"), 176000);
		assert_int_equal(w_num(db, "SELECT qty * 1000000 + unit_price FROM program_package"), 10014000);
		assert_int_equal(w_num(db, "SELECT point_id FROM allocation WHERE recipient_id = 1"), 5);
	}
	if (v >= 3)
		assert_int_equal(w_num(db, "SELECT serial FROM voucher WHERE allocation_id = 1"), 123456789);
	if (v >= 5)
		assert_int_equal(w_num(db, "SELECT pagu FROM program_budget"), 2112000);
}

/* Migrate from n-1 to n; the version is n, the rows kept; migrating
 * again and opening again change nothing. The database is left open at n. */
static struct w *migrate(int n)
{
	struct w *t = open_at(n - 1);
	int64_t a[3], b[3];
	char s[8];
	lb_err e;

	seed(t->db, n - 1);
	w_ok(lb_db_migrate(t->db, n, &e), &e);
	assert_int_equal(version(t->db), n);
	rows_kept(t->db, n - 1);
	fingerprint(t->db, a);
	w_ok(lb_db_migrate(t->db, n, &e), &e);
	assert_int_equal(version(t->db), n);
	fingerprint(t->db, b);
	assert_memory_equal(a, b, sizeof a);
	/* Opening runs the migrations missing: none. */
	lb_db_close(t->db);
	snprintf(s, sizeof s, "%d", n);
	setenv("LUMBUNG_SCHEMA_TARGET", s, 1);
	w_ok(lb_db_open(t->path, LB_DB_EXISTING, &t->db, &e), &e);
	unsetenv("LUMBUNG_SCHEMA_TARGET");
	assert_int_equal(version(t->db), n);
	fingerprint(t->db, b);
	assert_memory_equal(a, b, sizeof a);
	rows_kept(t->db, n - 1);
	return t;
}

static void test_m1_core_inventory(void **state)
{
	struct w *t = open_at(1);
	int64_t a[3], b[3];
	lb_err e;

	(void)state;
	/* the ledger's outside accounts come with the schema */
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM location WHERE kind = 'external'"
				    " AND code IN ('@SUPPLY', '@RECIPIENTS', '@ADJUST')"), 3);
	seed(t->db, 1);
	fingerprint(t->db, a);
	w_ok(lb_db_migrate(t->db, 1, &e), &e);
	fingerprint(t->db, b);
	assert_memory_equal(a, b, sizeof a);
	rows_kept(t->db, 1);
	refused(t->db, "DELETE FROM item", "items are never deleted: the journal refers to them");
	refused(t->db, "DELETE FROM location WHERE code = 'GD-TGR'", "locations are never deleted");
	refused(t->db, "UPDATE lot SET unit_cost = 1", "lots are never changed");
	refused(t->db, "UPDATE period_close SET operator = 'x'", "a closed period stays closed");
	refused(t->db, "INSERT INTO item(code, name, unit, created_at) VALUES ('beras', 'x', 'kg', 'x')",
		"UNIQUE constraint failed: item.code");
	refused(t->db, "INSERT INTO item_pack VALUES (1, 'sak', 0)", "CHECK constraint failed");
	w_close(t);
}

static void test_m2_recipients_programs(void **state)
{
	struct w *t = migrate(2);

	(void)state;
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM category WHERE code IN ('lansia', 'disabilitas')"), 2);
	refused(t->db, "INSERT INTO recipient(nik, name, sex, birth_date, village, category, token, created_at)"
		       " VALUES ('640206420355000', 'x', 'P', '1955-03-02', '64.02.06.1001', 'lansia', '00000000000000a2', 'x')",
		"CHECK constraint failed");
	refused(t->db, "INSERT INTO program(code, name, monthly_value, quota, funding, first_period, last_period, created_at)"
		       " VALUES ('P', 'x', 1, 1, 'APBD', '2026-12', '2026-01', 'x')",
		"CHECK constraint failed");
	/* a recipient in a village the region data lacks */
	refused(t->db, "INSERT INTO recipient(nik, name, sex, birth_date, village, category, token, created_at)"
		       " VALUES ('6402064203550002', 'x', 'P', '1955-03-02', '64.02.06.9999', 'lansia', '00000000000000a2', 'x')",
		"FOREIGN KEY constraint failed");
	w_close(t);
}

static void test_m3_vouchers(void **state)
{
	struct w *t = migrate(3);

	(void)state;
	exec(t->db, "INSERT INTO signing_key(key_id, public_key, created_at) VALUES (1, randomblob(32), 'x');"
		    "INSERT INTO voucher(allocation_id, serial, last_day, created_at) VALUES (1, 42, '2026-01-31', 'x');");
	/* one signing key at a time */
	refused(t->db, "INSERT INTO signing_key(key_id, public_key, created_at) VALUES (2, randomblob(32), 'x')",
		"UNIQUE constraint failed");
	refused(t->db, "UPDATE voucher SET last_day = '2026-02-28'", "vouchers are never changed: revoke and reissue");
	refused(t->db, "DELETE FROM voucher", "vouchers are never deleted: revoke them");
	refused(t->db, "DELETE FROM signing_key", "signing keys are never deleted");
	refused(t->db, "INSERT INTO voucher(allocation_id, serial, last_day, created_at) VALUES (1, 42, '2026-01-31', 'x')",
		"UNIQUE constraint failed: voucher.serial");
	w_close(t);
}

static void test_m4_redemption(void **state)
{
	struct w *t = open_at(3);
	int64_t before;
	lb_err e;

	(void)state;
	seed(t->db, 3);
	before = w_num(t->db, "SELECT count(*) FROM sqlite_schema");
	w_ok(lb_db_migrate(t->db, 4, &e), &e);
	assert_int_equal(version(t->db), 4);
	rows_kept(t->db, 3);
	assert_true(w_num(t->db, "SELECT count(*) FROM sqlite_schema") > before);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
				    " ('redemption', 'redemption_undo', 'redeemed', 'redemption_attempt',"
				    "  'field_kit', 'field_kit_import', 'kit_log', 'kit_recipient')"), 8);
	/* nothing redeemed by the migration itself */
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM redemption"), 0);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM redeemed"), 0);
	w_close(t);
	t = migrate(4);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM redemption_attempt"), 0);
	w_close(t);
}

static void test_m5_reports(void **state)
{
	struct w *t = migrate(5);

	(void)state;
	exec(t->db, "INSERT INTO program_budget VALUES (1, '2026-01', 2112000, 'DPA/1', 'x', 'keuangan');"
		    "INSERT INTO reference_price VALUES (1, '2026-01', 15000, 'SK Bupati', 'x', 'keuangan');");
	refused(t->db, "UPDATE program_budget SET pagu = 1", "a pagu is revised by a new row from a later month");
	refused(t->db, "DELETE FROM program_budget", "a pagu is revised by a new row from a later month");
	refused(t->db, "UPDATE reference_price SET price = 1", "a reference price is revised by a new row from a later month");
	refused(t->db, "INSERT INTO program_budget VALUES (1, '2026-02', -1, NULL, 'x', 'k')", "CHECK constraint failed");
	refused(t->db, "INSERT INTO program_budget VALUES (1, '2026-01', 5, NULL, 'x', 'k')", "UNIQUE constraint failed");
	w_close(t);
}

static void test_m6_trust(void **state)
{
	struct w *t = migrate(6);

	(void)state;
	/* a voucher made before gets the key that was signing when it was made */
	assert_int_equal(w_num(t->db, "SELECT key_id FROM voucher WHERE serial = 123456789"), 305419896);
	/* the history log holds the rows already there, sealed by the
	 * migration's own commit */
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'voucher'"), 1);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'allocation'"), 1);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'lot'"), 1);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'signing_key'"), 1);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'program_package'"), 1);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'program_budget'"), 1);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'period_close'"), 1);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log"), 7);
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE hash IS NULL"), 0);
	assert_int_equal(w_num(t->db, "SELECT max(seq) FROM history_log"), 7);
	refused(t->db, "UPDATE voucher SET last_day = '2026-02-28'", "vouchers are never changed: revoke and reissue");
	refused(t->db, "DELETE FROM history_log", "the history log is append-only");
	refused(t->db, "UPDATE history_log SET row = '[]' WHERE seq = 1", "the history log is append-only");
	refused(t->db, "DELETE FROM allocation", "allocations are never deleted: cancel them");
	refused(t->db, "UPDATE allocation SET point_id = 4", "an allocation only ever changes its status");
	refused(t->db, "UPDATE recipient SET nik = '6402064203550009'", "a NIK is never changed: register the person anew");
	refused(t->db, "UPDATE program_package SET qty = 11", "a package is revised by a new row from a later round");
	/* a new row is logged and sealed at commit */
	exec(t->db, "INSERT INTO lot(item_id, code, unit_cost, received_on) VALUES (1, 'BRS-B', 15500, '2026-01-03')");
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'lot' AND hash IS NOT NULL"), 2);
	w_close(t);
}

static void test_m7_office_data(void **state)
{
	struct w *t = migrate(7);

	(void)state;
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'region_village_name'"), 1);
	exec(t->db, "INSERT INTO recipient_edit(recipient_id, field, old_value, new_value, edited_at, operator)"
		    " VALUES (1, 'phone', NULL, '081234', 'x', 'pendataan')");
	assert_int_equal(w_num(t->db, "SELECT count(*) FROM recipient_edit WHERE recipient_id = 1"), 1);
	refused(t->db, "INSERT INTO recipient_edit(recipient_id, field, edited_at, operator) VALUES (99, 'phone', 'x', 'p')",
		"FOREIGN KEY constraint failed");
	w_close(t);
}

static void test_m8_office_paper(void **state)
{
	struct w *t = migrate(8);

	(void)state;
	exec(t->db, "INSERT INTO doc_number(doc, year, seq, subject, number, issued_at)"
		    " VALUES ('bast', 2026, 1, 'SEMBAKO-2026/2026-01/64.02.06.1001', '001/BAST/2026', 'x')");
	refused(t->db, "INSERT INTO doc_number(doc, year, seq, subject, number, issued_at)"
		       " VALUES ('bast', 2026, 1, 'other', '001/BAST/2026', 'x')",
		"UNIQUE constraint failed: doc_number.doc, doc_number.year, doc_number.seq");
	refused(t->db, "INSERT INTO doc_number(doc, year, seq, subject, number, issued_at)"
		       " VALUES ('bast', 2026, 2, 'SEMBAKO-2026/2026-01/64.02.06.1001', '002/BAST/2026', 'x')",
		"UNIQUE constraint failed: doc_number.doc, doc_number.subject");
	refused(t->db, "UPDATE doc_number SET number = 'x'", "a document number is given once");
	refused(t->db, "DELETE FROM doc_number", "a document number is never taken back");
	refused(t->db, "INSERT INTO office_logo VALUES (2, 'png', x'00', 'x', 'admin')", "CHECK constraint failed");
	w_close(t);
}

static void test_m9_web(void **state)
{
	struct w *t = migrate(9);

	(void)state;
	assert_int_equal(version(t->db), 9);
	exec(t->db, "INSERT INTO app_user(name, pw_hash, created_at, changed_at) VALUES ('Admin', 'h', 'x', 'x');"
		    "INSERT INTO user_role VALUES (1, 'admin');"
		    "INSERT INTO audit(at, user, address, action, subject, result) VALUES ('x', 'admin', 'cli', 'user.add', 'admin', 'ok')");
	refused(t->db, "INSERT INTO app_user(name, pw_hash, created_at, changed_at) VALUES ('admin', 'h', 'x', 'x')",
		"UNIQUE constraint failed: app_user.name");
	refused(t->db, "INSERT INTO user_role VALUES (1, 'bupati')", "CHECK constraint failed");
	refused(t->db, "UPDATE audit SET result = 'x'", "the audit log is never changed");
	refused(t->db, "DELETE FROM audit", "the audit log is never changed");
	w_close(t);
}

static void test_m10_web_scan(void **state)
{
	struct w *t = migrate(10);
	lb_err e;

	(void)state;
	/* the rows' own rules, without building a redemption to point at */
	w_ok(lb_db_exec(t->db, "PRAGMA foreign_keys=OFF", &e), &e);
	exec(t->db, "INSERT INTO redemption_handover(redemption_id, proxy_relation, lat, lon, accuracy_m)"
		    " VALUES (1, 'anak', -0.4, 117.1, 20)");
	refused(t->db, "INSERT INTO redemption_handover(redemption_id, lat) VALUES (2, -0.4)", "CHECK constraint failed");
	refused(t->db, "INSERT INTO redemption_handover(redemption_id, lat, lon) VALUES (3, -91, 0)",
		"CHECK constraint failed");
	refused(t->db, "INSERT INTO redemption_handover(redemption_id, photo_type) VALUES (4, 'image/png')",
		"CHECK constraint failed");
	refused(t->db, "UPDATE redemption_handover SET proxy_relation = 'x'", "a handover record is never changed");
	refused(t->db, "DELETE FROM redemption_handover", "a handover record is never deleted");
	w_close(t);
}

/* Late entries (issue 10): when a scanner file's redemption was entered. */
static void test_m11_trust_late(void **state)
{
	struct w *t = migrate(11);
	int64_t n;
	lb_err e;

	(void)state;
	w_ok(lb_db_exec(t->db, "PRAGMA foreign_keys=OFF", &e), &e);
	exec(t->db, "INSERT INTO redemption_entry VALUES (1, '2026-01-13T01:00:00Z', '2026-01-20T02:00:00Z')");
	w_ok(lb_db_int(t->db, "SELECT count(*) FROM history_log WHERE tbl = 'redemption_entry'", 0, &n, &e), &e);
	assert_int_equal(n, 1);
	refused(t->db, "UPDATE redemption_entry SET entered_at = 'x'", "when a redemption was entered never changes");
	refused(t->db, "DELETE FROM redemption_entry", "when a redemption was entered never changes");
	w_close(t);
}

/* Field verification (recipients/fieldcheck.c): reports and decisions
 * are history, copied into the history log. */
static void test_m12_field_check(void **state)
{
	struct w *t = migrate(12);
	int64_t n;
	lb_err e;

	(void)state;
	assert_int_equal(version(t->db), lb_schema_latest());
	exec(t->db, "INSERT INTO field_check(recipient_id, reason, note, flagged_at, flagged_by)"
		    " VALUES (1, 'mampu', 'rumah baru', 'x', 'penyalur');"
		    "INSERT INTO field_check_decision VALUES (1, 'diterima', 'dicek', 'x', 'pendataan')");
	w_ok(lb_db_int(t->db, "SELECT count(*) FROM history_log WHERE tbl IN ('field_check', 'field_check_decision')", 0,
		       &n, &e), &e);
	assert_int_equal(n, 2);
	refused(t->db, "INSERT INTO field_check(recipient_id, reason, note, flagged_at, flagged_by)"
		       " VALUES (1, 'kaya', 'x', 'x', 'x')", "CHECK constraint failed");
	refused(t->db, "INSERT INTO field_check(recipient_id, reason, note, photo, flagged_at, flagged_by)"
		       " VALUES (1, 'pindah', 'x', x'ff', 'x', 'x')", "CHECK constraint failed");
	refused(t->db, "INSERT INTO field_check_decision VALUES (1, 'ditolak', 'x', 'x', 'x')",
		"UNIQUE constraint failed");
	refused(t->db, "UPDATE field_check SET reason = 'meninggal'", "a field report is history");
	refused(t->db, "DELETE FROM field_check_decision", "a decision on a field report is history");
	w_close(t);
}

/* A database newer than this build is refused, not touched. */
static void test_newer_refused(void **state)
{
	struct w *t = open_at(lb_schema_latest());
	char sql[64];
	lb_err e;

	(void)state;
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", lb_schema_latest() + 1);
	w_ok(lb_db_exec(t->db, sql, &e), &e);
	assert_int_equal(lb_db_migrate(t->db, lb_schema_latest(), &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "newer than this lumbung knows"));
	assert_int_equal(version(t->db), lb_schema_latest() + 1);
	w_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_m1_core_inventory),
		cmocka_unit_test(test_m2_recipients_programs),
		cmocka_unit_test(test_m3_vouchers),
		cmocka_unit_test(test_m4_redemption),
		cmocka_unit_test(test_m5_reports),
		cmocka_unit_test(test_m6_trust),
		cmocka_unit_test(test_m7_office_data),
		cmocka_unit_test(test_m8_office_paper),
		cmocka_unit_test(test_m9_web),
		cmocka_unit_test(test_m10_web_scan),
		cmocka_unit_test(test_m11_trust_late),
		cmocka_unit_test(test_m12_field_check),
		cmocka_unit_test(test_newer_refused),
	};
	lb_err e;

	if (lb_hash_init(&e) != LB_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
