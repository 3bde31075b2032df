/*
 * test_redeem.c — the redemption rules through the C API on a scratch
 * database: each outcome and its message, what a refusal leaves behind
 * (one attempt row, no stock moved), undo and redeem again, the rerun of a
 * scanner file line, manual serials, overrides, and the attempt log's
 * masking of digit runs that could be a NIK.
 *
 * The world: points P-A and P-B in two villages, stock at P-A only, three
 * recipients (two at P-A, one at P-B), program SEMBAKO-2026 with a package
 * of 10 kg BERAS and 2 liter MINYAK, January allocated; a signing key made
 * with the voucher module. Rows that other modules' commands would make
 * are inserted with SQL, the journal's through its API.
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

#include "core/hash.h"
#include "core/localtime.h"
#include "core/meta.h"
#include "core/period.h"
#include "inventory/journal.h"
#include "voucher/keys.h"
#include "voucher/redeem.h"
#include "voucher/voucher.h"

struct world {
	char dir[64], path[96], key[96];
	lb_db *db;
	struct lb_signing_key k;
	char text[3][LB_PAYLOAD_TEXT_MAX]; /* Siti (P-A), Budi (P-A), Dewi (P-B) */
	char serial[3][LB_SERIAL_TEXT_SIZE];
	int n;
};

static void ok(int rc, lb_err *e)
{
	if (rc != LB_OK)
		fail_msg("unexpected failure %d: %s", rc, e->msg);
}

static void exec(lb_db *db, const char *sql)
{
	lb_err e;
	ok(lb_db_exec(db, sql, &e), &e);
}

static int64_t num(lb_db *db, const char *sql)
{
	int64_t v;
	lb_err e;
	ok(lb_db_int(db, sql, -1, &v, &e), &e);
	return v;
}

static int collect(void *arg, const struct lb_voucher *v, const char *text, lb_err *e)
{
	struct world *w = arg;
	(void)e;
	assert_true(w->n < 3);
	snprintf(w->text[w->n], sizeof w->text[w->n], "%s", text);
	snprintf(w->serial[w->n], sizeof w->serial[w->n], "%s", v->serial_text);
	w->n++;
	return LB_OK;
}

static void receive(lb_db *db, const char *item, const char *lot, int64_t qty, const char *expiry)
{
	struct lb_receive_req q = { 0 };
	struct lb_post_result r;
	char sql[160];
	lb_err e;

	snprintf(sql, sizeof sql, "SELECT id FROM item WHERE code = '%s'", item);
	q.item_id = num(db, sql);
	q.to_id = num(db, "SELECT id FROM location WHERE code = 'P-A'");
	q.qty = qty;
	q.lot = lot;
	q.has_expiry = 1;
	ok(lb_date_parse(expiry, "expiry", &q.expiry, &e), &e);
	q.unit_cost = 1000;
	q.day = lb_day_from_ymd(2026, 1, 2);
	q.operator = "gudang";
	ok(lb_db_begin(db, &e), &e);
	ok(lb_journal_receive(db, &q, &r, &e), &e);
	ok(lb_db_commit(db, &e), &e);
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	struct lb_key_row kr;
	long made;
	lb_err e;

	assert_non_null(w);
	setenv("LUMBUNG_TODAY", "2026-01-15", 1);
	snprintf(w->dir, sizeof w->dir, "/tmp/lumbung-test-redeem.XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	snprintf(w->path, sizeof w->path, "%s/t.db", w->dir);
	snprintf(w->key, sizeof w->key, "%s/signing.key", w->dir);
	ok(lb_hash_init(&e), &e);
	ok(lb_db_open(w->path, LB_DB_CREATE, &w->db, &e), &e);
	ok(lb_meta_init(w->db, "Dinas Sosial", "main", &e), &e);
	exec(w->db,
	     "INSERT INTO region_province VALUES ('64', 'KALIMANTAN TIMUR');"
	     "INSERT INTO region_regency VALUES ('64.02', '64', 'KUTAI KARTANEGARA');"
	     "INSERT INTO region_district VALUES ('64.02.06', '64.02', 'Tenggarong');"
	     "INSERT INTO region_village VALUES ('64.02.06.1001', '64.02.06', 'Jahab'),"
	     " ('64.02.06.1002', '64.02.06', 'Loa Ipuh');"
	     "INSERT INTO item(code, name, unit, created_at) VALUES"
	     " ('BERAS', 'Beras', 'kg', '2026-01-01T00:00:00Z'), ('MINYAK', 'Minyak', 'liter', '2026-01-01T00:00:00Z');"
	     "INSERT INTO location(code, kind, name, village, created_at) VALUES"
	     " ('P-A', 'point', 'Pos A', '64.02.06.1001', '2026-01-01T00:00:00Z'),"
	     " ('P-B', 'point', 'Pos B', '64.02.06.1002', '2026-01-01T00:00:00Z'),"
	     " ('GD', 'warehouse', 'Gudang', NULL, '2026-01-01T00:00:00Z');"
	     "INSERT INTO recipient(nik, name, sex, birth_date, village, category, token, created_at) VALUES"
	     " ('6402064203550001', 'Siti Aminah', 'P', '1955-03-02', '64.02.06.1001', 'lansia', '00000000000000a1', '2026-01-01T00:00:00Z'),"
	     " ('6402061107480002', 'Budi Santoso', 'L', '1948-07-11', '64.02.06.1001', 'lansia', '00000000000000b2', '2026-01-01T00:00:00Z'),"
	     " ('6402066512490006', 'Dewi Lestari', 'P', '1949-12-25', '64.02.06.1002', 'lansia', '00000000000000c3', '2026-01-01T00:00:00Z');"
	     "INSERT INTO program(code, name, monthly_value, quota, funding, first_period, last_period, created_at)"
	     " VALUES ('SEMBAKO-2026', 'Sembako', 300000, 10, 'APBD', '2026-01', '2026-12', '2026-01-01T00:00:00Z');"
	     "INSERT INTO program_package SELECT 1, '2026-01', id, CASE code WHEN 'BERAS' THEN 10 ELSE 2 END, 1000 FROM item;"
	     "INSERT INTO allocation(program_id, period, recipient_id, point_id, rank, created_at)"
	     " SELECT 1, '2026-01', r.id, l.id, r.id, '2026-01-01T00:00:00Z' FROM recipient r"
	     " JOIN location l ON l.village = r.village ORDER BY r.id;");
	ok(lb_voucher_create_missing(w->db, 1, 2026 * 12, &made, &e), &e);
	assert_int_equal(made, 3);
	ok(lb_signing_key_init(w->db, w->key, &kr, &e), &e);
	ok(lb_key_load(w->key, &w->k, &e), &e);
	ok(lb_redeem_payloads(w->db, "SEMBAKO-2026", 2026 * 12, NULL, &w->k, collect, w, &e), &e);
	assert_int_equal(w->n, 3);
	/* Enough for one package and a bit: the second is short of BERAS. */
	receive(w->db, "BERAS", "B-LATE", 8, "2026-12-31");
	receive(w->db, "BERAS", "B-SOON", 6, "2026-03-31");
	receive(w->db, "MINYAK", "M-1", 10, "2026-10-31");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	char cmd[160];

	lb_db_close(w->db);
	lb_key_wipe(&w->k);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", w->dir);
	free(w);
	return 0;
}

static void scan(struct world *w, const struct lb_redeem_opts *o, const char *text, struct lb_redeem_result *res)
{
	struct lb_scan s = { 0 };
	lb_redeemer *r;
	lb_err e;

	s.text = text;
	s.len = strlen(text);
	ok(lb_redeemer_open(w->db, o, &r, &e), &e);
	ok(lb_redeem_scan(r, &s, res, &e), &e);
	ok(lb_redeemer_commit(r, &e), &e);
	lb_redeemer_close(r);
}

static const struct lb_redeem_opts at_a = { .point = "P-A", .operator = "siti", .source = "scan" };
static const struct lb_redeem_opts at_b = { .point = "P-B", .operator = "budi", .source = "scan" };

static int64_t stock_at_a(lb_db *db)
{
	return num(db, "SELECT coalesce(sum(qty), 0) FROM balance b JOIN location l ON l.id = b.location_id"
		       " WHERE l.code = 'P-A'");
}

static void test_flow(void **state)
{
	struct world *w = *state;
	struct lb_redeem_result res;
	char want[256], forged[LB_PAYLOAD_TEXT_MAX];
	int64_t before, attempts;
	struct lb_undo_result u;
	lb_err e;

	/* Accepted: the package leaves P-A, earliest expiry first. */
	before = stock_at_a(w->db);
	scan(w, &at_a, w->text[0], &res);
	assert_int_equal(res.outcome, LB_OUT_ACCEPTED);
	assert_string_equal(res.name, "Siti Aminah");
	assert_string_equal(res.nik_masked, "6402**********01");
	assert_int_equal(res.nitems, 2);
	assert_string_equal(res.items[0].text, "10 kg BERAS");
	assert_int_equal(stock_at_a(w->db), before - 12);
	assert_int_equal(num(w->db, "SELECT sum(m.qty) FROM movement m JOIN lot l ON l.id = m.lot_id"
				   " WHERE m.kind = 'issue' AND l.code = 'B-SOON'"), 6);
	assert_int_equal(num(w->db, "SELECT count(*) FROM movement WHERE redemption_id = 1"), 3);

	/* Again: refused, naming day, point and operator; nothing moves. */
	before = stock_at_a(w->db);
	attempts = num(w->db, "SELECT count(*) FROM redemption_attempt");
	scan(w, &at_a, w->text[0], &res);
	assert_int_equal(res.outcome, LB_OUT_ALREADY_REDEEMED);
	snprintf(want, sizeof want, "cannot redeem voucher '%s': already redeemed on 2026-01-15 at P-A by siti",
		 w->serial[0]);
	assert_string_equal(res.detail, want);
	assert_int_equal(stock_at_a(w->db), before);
	assert_int_equal(num(w->db, "SELECT count(*) FROM redemption_attempt"), attempts + 1);
	assert_int_equal(num(w->db, "SELECT count(*) FROM redemption"), 1);

	/* Not enough BERAS for Budi: refused, logged, stock untouched. */
	scan(w, &at_a, w->text[1], &res);
	assert_int_equal(res.outcome, LB_OUT_NO_STOCK);
	assert_non_null(strstr(res.detail, "not enough stock: cannot issue 10 kg of 'BERAS' from 'P-A': only 4 kg there"));
	assert_int_equal(stock_at_a(w->db), before);
	assert_int_equal(num(w->db, "SELECT count(*) FROM redemption"), 1);
	assert_int_equal(num(w->db, "SELECT count(*) FROM redemption_attempt WHERE outcome = 'no_stock'"), 1);

	/* Dewi's slip at the wrong point, then with an override. */
	scan(w, &at_a, w->text[2], &res);
	assert_int_equal(res.outcome, LB_OUT_WRONG_POINT);
	assert_non_null(strstr(res.detail, "it belongs to P-B (Pos B), not P-A"));
	{
		struct lb_redeem_opts o = at_b;
		scan(w, &o, w->text[2], &res);
		assert_int_equal(res.outcome, LB_OUT_NO_STOCK); /* P-B holds nothing */
	}

	/* A changed character: forged. */
	snprintf(forged, sizeof forged, "%s", w->text[2]);
	forged[40] = forged[40] == 'A' ? 'B' : 'A';
	scan(w, &at_b, forged, &res);
	assert_true(res.outcome == LB_OUT_FORGED || res.outcome == LB_OUT_UNREADABLE);

	/* Truncated: unreadable, and the log keeps it as scanned. */
	snprintf(forged, sizeof forged, "%.60s", w->text[2]);
	scan(w, &at_b, forged, &res);
	assert_int_equal(res.outcome, LB_OUT_UNREADABLE);

	/* A typed serial: only with --manual. */
	scan(w, &at_a, w->serial[0], &res);
	assert_int_equal(res.outcome, LB_OUT_UNREADABLE);
	assert_non_null(strstr(res.detail, "--manual"));

	/* Undo, then the slip can be redeemed again (and is marked manual
	 * when its serial is typed). */
	ok(lb_redeem_undo(w->db, w->serial[0], "wrong slip scanned for Siti", "siti", lb_today(), &u, &e), &e);
	assert_int_equal(u.reversed, 3);
	assert_int_equal(num(w->db, "SELECT count(*) FROM redeemed"), 0);
	assert_int_equal(num(w->db, "SELECT count(*) FROM redemption_attempt WHERE outcome = 'undone'"), 1);
	assert_int_equal(lb_redeem_undo(w->db, w->serial[0], "again", "siti", lb_today(), &u, &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "it is not redeemed"));
	{
		struct lb_redeem_opts o = at_a;
		o.manual = 1;
		o.manual_reason = "kupon sobek";
		scan(w, &o, w->serial[0], &res);
		assert_int_equal(res.outcome, LB_OUT_ACCEPTED);
		assert_int_equal(res.manual, 1);
		assert_int_equal(num(w->db, "SELECT manual FROM redemption ORDER BY id DESC LIMIT 1"), 1);
		assert_int_equal(num(w->db, "SELECT source = 'manual' FROM redemption ORDER BY id DESC LIMIT 1"), 1);
	}
	/* Every attempt is there, and the journal still verifies. */
	assert_int_equal(num(w->db, "SELECT count(*) FROM redemption_attempt WHERE outcome = 'accepted'"), 2);
}

static void test_revoked_expired_closed(void **state)
{
	struct world *w = *state;
	struct lb_redeem_result res;
	struct lb_voucher v;
	int closed_kits;
	lb_err e;

	/* Expired: after the last day. */
	setenv("LUMBUNG_TODAY", "2026-02-01", 1);
	scan(w, &at_b, w->text[2], &res);
	assert_int_equal(res.outcome, LB_OUT_EXPIRED);
	assert_non_null(strstr(res.detail, "it expired on 2026-01-31"));
	setenv("LUMBUNG_TODAY", "2026-01-15", 1);

	/* Revoked. */
	/* At 23:30 UTC on the 14th: the 15th in the office (WITA). */
	setenv("LUMBUNG_NOW", "2026-01-14T23:30:00Z", 1);
	ok(lb_voucher_revoke(w->db, w->serial[2], "hilang", "kantor", &v, &e), &e);
	unsetenv("LUMBUNG_NOW");
	scan(w, &at_b, w->text[2], &res);
	assert_int_equal(res.outcome, LB_OUT_REVOKED);
	assert_non_null(strstr(res.detail, "it was revoked on 2026-01-15 07:30 WITA (hilang)"));

	/* A closed period: Budi's slip (still not redeemed) is refused. */
	setenv("LUMBUNG_TODAY", "2026-02-10", 1);
	ok(lb_period_close(w->db, 2026 * 12, 0, "keuangan", &closed_kits, &e), &e);
	setenv("LUMBUNG_TODAY", "2026-01-20", 1);
	scan(w, &at_a, w->text[1], &res);
	assert_int_equal(res.outcome, LB_OUT_PERIOD_CLOSED);
	setenv("LUMBUNG_TODAY", "2026-01-15", 1);
}

static void file_scan(struct world *w, const struct lb_redeem_opts *o, int who, size_t line,
		      struct lb_redeem_result *res)
{
	struct lb_scan s = { 0 };
	lb_redeemer *r;
	lb_err e;

	s.text = w->text[who];
	s.len = strlen(w->text[who]);
	s.line = line;
	ok(lb_redeemer_open(w->db, o, &r, &e), &e);
	ok(lb_redeem_scan(r, &s, res, &e), &e);
	ok(lb_redeemer_commit(r, &e), &e);
	lb_redeemer_close(r);
}

static void test_rerun_of_a_file_line(void **state)
{
	struct world *w = *state;
	struct lb_redeem_opts o = at_a;
	struct lb_redeem_result res;
	int64_t attempts, stock;

	o.source = "file";
	o.file = "/some/where/scans.txt";
	/* First run: line 7 (Siti) is accepted, line 8 (Budi) lacks BERAS. */
	file_scan(w, &o, 0, 7, &res);
	assert_int_equal(res.outcome, LB_OUT_ACCEPTED);
	assert_int_equal(res.rerun, 0);
	file_scan(w, &o, 1, 8, &res);
	assert_int_equal(res.outcome, LB_OUT_NO_STOCK);
	attempts = num(w->db, "SELECT count(*) FROM redemption_attempt");
	stock = stock_at_a(w->db);
	/* The same file again, even from another folder: nothing written. */
	o.file = "/elsewhere/scans.txt";
	file_scan(w, &o, 0, 7, &res);
	assert_int_equal(res.rerun, 1);
	assert_int_equal(res.outcome, LB_OUT_ACCEPTED);
	assert_string_equal(res.name, "Siti Aminah");
	file_scan(w, &o, 1, 8, &res);
	assert_int_equal(res.rerun, 2);
	assert_int_equal(res.outcome, LB_OUT_NO_STOCK);
	assert_int_equal(num(w->db, "SELECT count(*) FROM redemption_attempt"), attempts);
	assert_int_equal(stock_at_a(w->db), stock);
	/* The same slip on another line is a new attempt: already redeemed. */
	file_scan(w, &o, 0, 9, &res);
	assert_int_equal(res.rerun, 0);
	assert_int_equal(res.outcome, LB_OUT_ALREADY_REDEEMED);
	assert_int_equal(num(w->db, "SELECT count(*) FROM redemption_attempt"), attempts + 1);
}

static void test_payload_log(void **state)
{
	char out[LB_PAYLOAD_LOG_MAX + 1], big[2000];
	(void)state;

	lb_redeem_payload_log("LB1:AB C", 8, out);
	assert_string_equal(out, "LB1:AB C");
	lb_redeem_payload_log("nik 6402064203550001 typed", 26, out);
	assert_string_equal(out, "nik 6402**********01 typed");
	lb_redeem_payload_log("12345678901234567890", 20, out);
	assert_string_equal(out, "1234**************90");
	lb_redeem_payload_log("6402 0642-0355.0001", 19, out); /* grouped */
	assert_string_equal(out, "6402 ****-****.**01");
	/* Issue 10: a double space no longer ends a group (it did). */
	lb_redeem_payload_log("12 34  5678901234567890", 23, out);
	assert_string_equal(out, "12 34  **************90");
	/* Issue 10: 12 digits or more, however grouped, are masked (15
	 * digits were kept before). */
	lb_redeem_payload_log("123456789012345", 15, out);
	assert_string_equal(out, "1234*********45");
	lb_redeem_payload_log("6402/0642/0355/0001", 19, out);
	assert_string_equal(out, "6402/****/****/**01");
	lb_redeem_payload_log("6402  0642__0355:,0001", 22, out);
	assert_string_equal(out, "6402  ****__****:,**01");
	lb_redeem_payload_log("hp 081234567890", 15, out);
	assert_string_equal(out, "hp 0812******90");
	lb_redeem_payload_log("12345678901", 11, out); /* 11 digits: kept */
	assert_string_equal(out, "12345678901");
	lb_redeem_payload_log("2026-01-15 09:12:03", 19, out); /* a timestamp is not a NIK */
	assert_string_equal(out, "2026-01-15 09:12:03");
	lb_redeem_payload_log("2026-12: 2027-01 1.000.000.000.000.000", 38, out); /* periods, an amount */
	assert_string_equal(out, "2026-12: 2027-01 1.000.000.000.000.000");
	lb_redeem_payload_log("a\r\n\x01\\\xff", 6, out);
	assert_string_equal(out, "a\\x0d\\x0a\\x01\\x5c\\xff");
	memset(big, 'x', sizeof big);
	lb_redeem_payload_log(big, sizeof big, out);
	assert_int_equal(strlen(out), LB_PAYLOAD_LOG_MAX);
}

static void test_outcome_codes(void **state)
{
	(void)state;
	for (int i = 0; i < LB_OUT_COUNT; i++)
		assert_int_equal(lb_outcome_parse(lb_outcome_code(i)), i);
	assert_int_equal(lb_outcome_parse("nonsense"), -1);
	assert_null(lb_outcome_code(LB_OUT_COUNT));
	assert_string_equal(lb_outcome_code(LB_OUT_WRONG_PROGRAM_OR_PERIOD), "wrong_program_or_period");
}

static void test_bad_options(void **state)
{
	struct world *w = *state;
	struct lb_redeem_opts o = at_a;
	lb_redeemer *r = NULL;
	lb_err e;

	o.point = "GD";
	assert_int_equal(lb_redeemer_open(w->db, &o, &r, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "'GD' is not a distribution point"));
	o.point = "NOWHERE";
	assert_int_equal(lb_redeemer_open(w->db, &o, &r, &e), LB_EINPUT);
	o.point = "P-A";
	o.operator = "";
	assert_int_equal(lb_redeemer_open(w->db, &o, &r, &e), LB_EINPUT);
	o.operator = "a\nb";
	assert_int_equal(lb_redeemer_open(w->db, &o, &r, &e), LB_EINPUT);
	assert_null(r);
}

/* Times in the attempt log as people read them: UTC converted, a
 * scanner's zone converted, a scanner's time without a zone the office's
 * already; anything else shown as it is. */
static void test_scan_time_local(void **state)
{
	struct lb_zone wita, wib;
	char out[32];

	(void)state;
	assert_int_equal(lb_zone_parse("Asia/Makassar", &wita), 0);
	assert_int_equal(lb_zone_parse("Asia/Jakarta", &wib), 0);
	lb_scan_time_local(&wita, "2026-01-13T09:00:00", out);
	assert_string_equal(out, "2026-01-13 09:00 WITA");
	lb_scan_time_local(&wita, "2026-01-14T02:30:00Z", out);
	assert_string_equal(out, "2026-01-14 10:30 WITA");
	lb_scan_time_local(&wita, "2026-01-14T23:30:00Z", out);
	assert_string_equal(out, "2026-01-15 07:30 WITA");
	lb_scan_time_local(&wita, "2026-01-13T23:30:00+07:00", out);
	assert_string_equal(out, "2026-01-14 00:30 WITA");
	lb_scan_time_local(&wita, "2026-01-01T00:30:00+09:00", out);
	assert_string_equal(out, "2025-12-31 23:30 WITA");
	lb_scan_time_local(&wib, "2026-03-01T06:15:00-01:00", out);
	assert_string_equal(out, "2026-03-01 14:15 WIB");
	lb_scan_time_local(&wita, "yesterday", out);
	assert_string_equal(out, "yesterday");
	lb_scan_time_local(&wita, "2026-02-30T09:00:00", out);
	assert_string_equal(out, "2026-02-30T09:00:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payload_log),
		cmocka_unit_test(test_outcome_codes),
		cmocka_unit_test(test_scan_time_local),
		cmocka_unit_test_setup_teardown(test_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoked_expired_closed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rerun_of_a_file_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
