/*
 * test_voucher.c — vouchers: the serial bijection (in C and in the SQL
 * that creates vouchers), set-based creation, revoke and reissue, key
 * rotation, and every verdict lb_voucher_verify can give.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/meta.h"
#include "voucher/keys.h"
#include "voucher/payload.h"
#include "voucher/verify.h"
#include "voucher/voucher.h"

#define JAN 2026 * 12 /* period 2026-01 */
#define TODAY_JAN5 20458 /* days since 1970-01-01 of 2026-01-05 */

struct fx {
	char dir[256], db_path[300], key_path[300];
	lb_db *db;
	struct lb_signing_key key;
};

static void rm_dir(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static void exec(lb_db *db, const char *sql)
{
	lb_err e;

	if (lb_db_exec(db, sql, &e))
		fail_msg("%s", e.msg);
}

/* Four recipients in two villages, one program, four allocations. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct lb_key_row row;
	const char *t = getenv("TMPDIR");
	lb_err e;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/lumbung-voucher.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db_path, sizeof f->db_path, "%s/l.db", f->dir);
	snprintf(f->key_path, sizeof f->key_path, "%s/k.key", f->dir);
	if (lb_crypto_init(&e) || lb_db_open(f->db_path, LB_DB_CREATE, &f->db, &e) ||
	    lb_meta_init(f->db, "Dinas Sosial", "main", &e))
		return -1;
	exec(f->db,
	     "INSERT INTO region_province VALUES ('64', 'KALIMANTAN TIMUR');"
	     "INSERT INTO region_regency VALUES ('64.02', '64', 'KUTAI KARTANEGARA');"
	     "INSERT INTO region_district VALUES ('64.02.06', '64.02', 'Tenggarong');"
	     "INSERT INTO region_village VALUES ('64.02.06.1001', '64.02.06', 'Jahab'),"
	     " ('64.02.06.1002', '64.02.06', 'Loa Ipuh');"
	     "INSERT INTO item(code, name, unit, created_at) VALUES ('BERAS', 'Beras', 'kg', 'x');"
	     "INSERT INTO location(code, kind, name, village, created_at)"
	     " VALUES ('POS-1', 'point', 'Balai Desa', '64.02.06.1002', 'x');"
	     "INSERT INTO recipient(nik, name, sex, birth_date, village, category, token, created_at) VALUES"
	     " ('6402065505500001', 'Siti', 'P', '1950-05-15', '64.02.06.1001', 'lansia', '0123456789abcdef', 'x'),"
	     " ('6402061505500002', 'Budi', 'L', '1950-05-15', '64.02.06.1001', 'lansia', '1123456789abcdef', 'x'),"
	     " ('6402061505500003', 'Ani', 'P', '1950-05-15', '64.02.06.1002', 'lansia', '2123456789abcdef', 'x'),"
	     " ('6402061505500004', 'Joko', 'L', '1950-05-15', '64.02.06.1002', 'lansia', '3123456789abcdef', 'x');"
	     "INSERT INTO program(code, name, monthly_value, round_months, quota, funding, first_period,"
	     " last_period, created_at) VALUES ('SEMBAKO-2026', 'Sembako', 300000, 1, 100, 'APBD',"
	     " '2026-01', '2026-12', 'x');"
	     "INSERT INTO allocation(program_id, period, recipient_id, point_id, rank, created_at)"
	     " SELECT 1, '2026-01', id, (SELECT id FROM location WHERE code = 'POS-1'), id, 'x'"
	     " FROM recipient;");
	if (lb_signing_key_init(f->db, f->key_path, &row, &e) ||
	    lb_key_load(f->key_path, &f->key, &e))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	lb_key_wipe(&f->key);
	lb_db_close(f->db);
	rm_dir(f->dir);
	free(f);
	return 0;
}

/* The serial voucher id was given: drawn at random since issue 10, so
 * read from the database. */
static uint64_t sid(lb_db *db, int64_t id)
{
	char sql[96];
	int64_t v = -1;
	lb_err e;

	snprintf(sql, sizeof sql, "SELECT serial FROM voucher WHERE id = %lld", (long long)id);
	assert_int_equal(lb_db_int(db, sql, -1, &v, &e), LB_OK);
	assert_true(v >= 0);
	return (uint64_t)v;
}

static void test_serial_bijection(void **state)
{
	uint64_t s, prev = 0;
	int64_t id;

	(void)state;
	for (id = 1; id < 200000; id++) {
		s = lb_voucher_serial_of_id(id);
		assert_true(s <= LB_SERIAL_MAX);
		assert_int_equal(lb_voucher_id_of_serial(s), id);
		/* neighbours are far apart: nobody guesses the next slip */
		if (id > 1)
			assert_true(s > prev ? s - prev > 1000 : prev - s > 1000);
		prev = s;
	}
	for (id = (int64_t)LB_SERIAL_MAX; id > (int64_t)LB_SERIAL_MAX - 1000; id--)
		assert_int_equal(lb_voucher_id_of_serial(lb_voucher_serial_of_id(id)), id);
	/* every serial is some id's */
	for (s = 0; s < 1000; s++)
		assert_int_equal(lb_voucher_serial_of_id(lb_voucher_id_of_serial(s)), s);
}

/* The INSERT ... SELECT computes the serial in SQL: it must agree with C
 * for every id, up to 2^40 - 1, or lookups by serial would miss. */
static void test_serial_sql_matches_c(void **state)
{
	struct fx *f = *state;
	lb_err e;
	long created;
	int64_t bad;

	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, &created, &e), LB_OK);
	assert_int_equal(created, 4);
	/* ids far beyond: insert vouchers at chosen ids the same way */
	exec(f->db, "CREATE TEMP TABLE probe(n INTEGER)");
	exec(f->db, "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i * 3 + 1 FROM k WHERE i < 300000000000)"
		    " INSERT INTO probe SELECT i FROM k");
	exec(f->db, "INSERT INTO probe VALUES (1099511627775), (1099511627774), (549755813888)");
	{
		lb_stmt *st = lb_db_prepare(f->db,
			"SELECT n, ((((n * 637311 + ((n * 648055) & 1048575) * 1048576) & 1099511627775)"
			" | 387563577810) - (((n * 637311 + ((n * 648055) & 1048575) * 1048576)"
			" & 1099511627775) & 387563577810)) FROM probe", &e);
		int rows = 0;

		assert_non_null(st);
		while (lb_step(st, &e) == LB_ROW) {
			assert_int_equal((uint64_t)lb_col_int(st, 1),
					 lb_voucher_serial_of_id(lb_col_int(st, 0)));
			rows++;
		}
		assert_true(rows > 20);
	}
	/* New vouchers no longer follow the scheme (issue 10): their serials
	 * are drawn at random, distinct and within 40 bits. */
	assert_int_equal(lb_db_int(f->db,
				   "SELECT count(*) FROM voucher WHERE serial = ((((id * 637311 + ((id * 648055) & 1048575) * 1048576) & 1099511627775) | 387563577810) - (((id * 637311 + ((id * 648055) & 1048575) * 1048576) & 1099511627775) & 387563577810))",
				   -1, &bad, &e), LB_OK);
	assert_true(bad < 4);
	assert_int_equal(lb_db_int(f->db, "SELECT count(DISTINCT serial) FROM voucher WHERE serial BETWEEN 0 AND 1099511627775",
				   -1, &bad, &e), LB_OK);
	assert_int_equal(bad, 4);
	{
		struct lb_voucher v;
		int found;

		assert_int_equal(lb_voucher_by_serial(f->db, sid(f->db, 3), TODAY_JAN5, &v,
						      &found, &e), LB_OK);
		assert_int_equal(found, 1);
		assert_int_equal(v.id, 3);
	}
}

static void test_create_missing(void **state)
{
	struct fx *f = *state;
	struct lb_voucher v;
	long created;
	lb_err e;

	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, &created, &e), LB_OK);
	assert_int_equal(created, 4);
	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, &created, &e), LB_OK);
	assert_int_equal(created, 0);
	/* revoked: the allocation keeps its (void) voucher, gets no new one */
	assert_int_equal(lb_voucher_revoke(f->db, "", "x", "t", &v, &e), LB_EINPUT);
	{
		char s[LB_SERIAL_TEXT_SIZE];

		lb_serial_format(sid(f->db, 1), s, NULL);
		assert_int_equal(lb_voucher_revoke(f->db, s, "hilang", "tester", &v, &e), LB_OK);
		assert_int_equal(v.status, LB_VOUCHER_REVOKED);
		assert_int_equal(lb_voucher_revoke(f->db, s, "hilang", "tester", &v, &e), LB_ERULE);
		assert_non_null(strstr(e.msg, "already revoked"));
	}
	/* a new allocation and a cancelled one */
	exec(f->db, "INSERT INTO recipient(nik, name, sex, birth_date, village, category, token, created_at)"
		    " VALUES ('6402061505500005', 'Eko', 'L', '1950-05-15', '64.02.06.1002', 'lansia', '4123456789abcdef', 'x'),"
		    " ('6402061505500006', 'Rina', 'P', '1950-05-15', '64.02.06.1002', 'lansia', '5123456789abcdef', 'x');"
		    "INSERT INTO allocation(program_id, period, recipient_id, point_id, rank, status, created_at)"
		    " VALUES (1, '2026-01', 5, 4, 5, 'allocated', 'x'), (1, '2026-01', 6, 4, 6, 'cancelled', 'x')");
	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, &created, &e), LB_OK);
	assert_int_equal(created, 1);
	/* inside a caller's transaction it joins it */
	assert_int_equal(lb_db_begin(f->db, &e), LB_OK);
	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, &created, &e), LB_OK);
	assert_true(lb_db_in_tx(f->db));
	lb_db_rollback(f->db);
}

static void test_reissue(void **state)
{
	struct fx *f = *state;
	struct lb_voucher old, nv;
	char s[LB_SERIAL_TEXT_SIZE];
	int found;
	lb_err e;

	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, NULL, &e), LB_OK);
	lb_serial_format(sid(f->db, 2), s, NULL);
	assert_int_equal(lb_voucher_reissue(f->db, s, "", "t", TODAY_JAN5, &nv, &e), LB_EINPUT);
	assert_int_equal(lb_voucher_reissue(f->db, s, "rusak", "tester", TODAY_JAN5, &nv, &e), LB_OK);
	assert_int_equal(nv.status, LB_VOUCHER_VALID);
	assert_int_equal(nv.allocation_id, 2);
	assert_int_equal(nv.replaces_id, 2);
	assert_string_equal(nv.last_day, "2026-01-31");
	assert_int_equal(lb_voucher_by_serial(f->db, sid(f->db, 2), TODAY_JAN5, &old,
					      &found, &e), LB_OK);
	assert_int_equal(old.status, LB_VOUCHER_REISSUED);
	assert_string_equal(old.replaced_by_text, nv.serial_text);
	{
		char cur[LB_SERIAL_TEXT_SIZE];

		/* the allocation's current serial is the new one */
		assert_int_equal(lb_voucher_serial_of_allocation(f->db, 2, cur, &found, &e), LB_OK);
		assert_int_equal(found, 1);
		assert_string_equal(cur, nv.serial_text);
		assert_int_equal(lb_voucher_serial_of_allocation(f->db, 99, cur, &found, &e), LB_OK);
		assert_int_equal(found, 0);
	}
	assert_string_equal(old.revoke_reason, "rusak");
	/* twice: the old one is void */
	assert_int_equal(lb_voucher_reissue(f->db, s, "rusak", "tester", TODAY_JAN5, &nv, &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "already reissued as"));
	/* after the last day: expired, and not reissued */
	assert_int_equal(lb_voucher_by_serial(f->db, sid(f->db, 3), TODAY_JAN5 + 27,
					      &old, &found, &e), LB_OK);
	assert_int_equal(old.status, LB_VOUCHER_EXPIRED);
	lb_serial_format(sid(f->db, 3), s, NULL);
	assert_int_equal(lb_voucher_reissue(f->db, s, "hilang", "t", TODAY_JAN5 + 27, &nv, &e), LB_ERULE);
	/* the schema keeps vouchers and revocations as they are */
	assert_int_not_equal(lb_db_exec(f->db, "DELETE FROM voucher_revocation", &e), LB_OK);
	assert_int_not_equal(lb_db_exec(f->db, "UPDATE voucher SET last_day = '2027-01-01'", &e), LB_OK);
}

/* A signed text for voucher id with this key, optionally changed. */
static void text_of(struct fx *f, int64_t id, const struct lb_signing_key *k,
		    void (*change)(struct lb_voucher_payload *), char out[LB_PAYLOAD_TEXT_MAX])
{
	struct lb_voucher v;
	struct lb_voucher_payload p;
	int found;
	lb_err e;

	assert_int_equal(lb_voucher_by_serial(f->db, sid(f->db, id), TODAY_JAN5, &v,
					      &found, &e), LB_OK);
	assert_int_equal(found, 1);
	assert_int_equal(lb_voucher_payload(&v, k->id, &p, &e), LB_OK);
	if (change)
		change(&p);
	assert_int_equal(lb_payload_encode(&p, k->sk, out, LB_PAYLOAD_TEXT_MAX, &e), LB_OK);
}

static void other_ref(struct lb_voucher_payload *p)
{
	p->recipient_ref[0] ^= 1;
}

static void other_serial(struct lb_voucher_payload *p)
{
	p->serial = lb_voucher_serial_of_id(999999);
}

static int verdict_of(struct fx *f, const char *text, lb_day today, struct lb_voucher_check *c)
{
	lb_err e;

	assert_int_equal(lb_voucher_verify(f->db, text, strlen(text), today, c, &e), LB_OK);
	return c->verdict;
}

static void test_verdicts(void **state)
{
	struct fx *f = *state;
	struct lb_voucher_check c;
	struct lb_signing_key stranger;
	char text[LB_PAYLOAD_TEXT_MAX], bad[LB_PAYLOAD_TEXT_MAX + 8], s[LB_SERIAL_TEXT_SIZE];
	char stranger_path[400];
	lb_err e;

	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, NULL, &e), LB_OK);
	text_of(f, 3, &f->key, NULL, text);
	assert_int_equal(verdict_of(f, text, TODAY_JAN5, &c), LB_VERDICT_GENUINE);
	assert_int_equal(c.from_qr, 1);
	assert_int_equal(c.v.id, 3);
	assert_string_equal(c.v.recipient_name, "Ani");
	assert_string_equal(c.v.nik_masked, "6402**********03");
	assert_string_equal(c.v.village_name, "Loa Ipuh");
	assert_string_equal(c.v.point, "POS-1");
	assert_int_equal(c.v.status, LB_VOUCHER_VALID);
	assert_int_equal(lb_verdict_exit(c.verdict), 0);
	/* as a scanner sends it */
	snprintf(bad, sizeof bad, "%s\r\n", text);
	assert_int_equal(verdict_of(f, bad, TODAY_JAN5, &c), LB_VERDICT_GENUINE);
	/* expired is still genuine: the status says the rest */
	assert_int_equal(verdict_of(f, text, TODAY_JAN5 + 40, &c), LB_VERDICT_GENUINE);
	assert_int_equal(c.v.status, LB_VOUCHER_EXPIRED);

	/* one character changed: unreadable or forged, never genuine */
	for (size_t i = 4; i < strlen(text); i++) {
		strcpy(bad, text);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		verdict_of(f, bad, TODAY_JAN5, &c);
		assert_true(c.verdict == LB_VERDICT_UNREADABLE || c.verdict == LB_VERDICT_FORGED ||
			    c.verdict == LB_VERDICT_UNKNOWN_KEY);
		assert_int_not_equal(lb_verdict_exit(c.verdict), 0);
	}
	strcpy(bad, text);
	bad[strlen(bad) - 10] = bad[strlen(bad) - 10] == '0' ? '1' : '0'; /* inside the signature */
	if (verdict_of(f, bad, TODAY_JAN5, &c) != LB_VERDICT_UNREADABLE)
		assert_int_equal(c.verdict, LB_VERDICT_FORGED);

	assert_int_equal(verdict_of(f, "hello", TODAY_JAN5, &c), LB_VERDICT_UNREADABLE);
	assert_int_equal(lb_verdict_exit(c.verdict), 2);
	assert_int_equal(verdict_of(f, "LB1:!!", TODAY_JAN5, &c), LB_VERDICT_UNREADABLE);
	assert_int_equal(verdict_of(f, "", TODAY_JAN5, &c), LB_VERDICT_UNREADABLE);

	/* a key this database never had */
	snprintf(stranger_path, sizeof stranger_path, "%s/stranger.key", f->dir);
	assert_int_equal(lb_key_create(stranger_path, &e), LB_OK);
	assert_int_equal(lb_key_load(stranger_path, &stranger, &e), LB_OK);
	text_of(f, 3, &stranger, NULL, text);
	assert_int_equal(verdict_of(f, text, TODAY_JAN5, &c), LB_VERDICT_UNKNOWN_KEY);
	assert_int_equal(lb_verdict_exit(c.verdict), 3);
	lb_key_wipe(&stranger);

	/* our key, but no such voucher, or not what the voucher says */
	text_of(f, 3, &f->key, other_serial, text);
	assert_int_equal(verdict_of(f, text, TODAY_JAN5, &c), LB_VERDICT_UNKNOWN_SERIAL);
	text_of(f, 3, &f->key, other_ref, text);
	assert_int_equal(verdict_of(f, text, TODAY_JAN5, &c), LB_VERDICT_MISMATCH);
	assert_int_equal(lb_verdict_exit(c.verdict), 3);

	/* typed serials */
	lb_serial_format(sid(f->db, 4), s, NULL);
	assert_int_equal(verdict_of(f, s, TODAY_JAN5, &c), LB_VERDICT_GENUINE);
	assert_int_equal(c.from_qr, 0);
	assert_string_equal(c.v.recipient_name, "Joko");
	lb_serial_format(lb_voucher_serial_of_id(77), s, NULL);
	assert_int_equal(verdict_of(f, s, TODAY_JAN5, &c), LB_VERDICT_UNKNOWN_SERIAL);
	strcpy(bad, s);
	bad[0] = bad[0] == 'A' ? 'B' : 'A';
	assert_int_equal(verdict_of(f, bad, TODAY_JAN5, &c), LB_VERDICT_UNREADABLE);
}

struct keys {
	struct lb_key_row v[4];
	size_t n;
};

static int key_push(void *arg, const struct lb_key_row *k, lb_err *e)
{
	struct keys *ks = arg;

	(void)e;
	assert_true(ks->n < 4);
	ks->v[ks->n++] = *k;
	return 0;
}

/* A signature checked ahead (field import's second thread) stands in for
 * the check only for the very text it was made for, under the very key
 * the database holds: a wrong answer handed in never makes a forged slip
 * genuine. */
static void test_sig_ahead(void **state)
{
	struct fx *f = *state;
	struct lb_voucher_check c;
	struct lb_sig_ahead a, lie;
	struct keys ks = { 0 };
	char text[LB_PAYLOAD_TEXT_MAX], forged[LB_PAYLOAD_TEXT_MAX];
	lb_err e;

	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, NULL, &e), LB_OK);
	assert_int_equal(lb_signing_key_list(f->db, key_push, &ks, &e), LB_OK);
	assert_int_equal(ks.n, 1);
	text_of(f, 3, &f->key, NULL, text);
	lb_sig_check_ahead(text, strlen(text), ks.v, ks.n, &a);
	assert_int_equal(a.checked, 1);
	assert_int_equal(a.rc, LB_OK);
	assert_int_equal(lb_voucher_verify_ahead(f->db, text, strlen(text), TODAY_JAN5, &a, &c, &e), LB_OK);
	assert_int_equal(c.verdict, LB_VERDICT_GENUINE);

	/* our key's id, a signature that does not match: forged, whether it
	 * is checked ahead or not */
	strcpy(forged, text);
	for (size_t i = strlen(forged) - 10;; i--) {
		forged[i] = forged[i] == '0' ? '1' : '0';
		lb_sig_check_ahead(forged, strlen(forged), ks.v, ks.n, &lie);
		if (lie.checked)
			break;
		strcpy(forged, text);
	}
	assert_int_equal(lie.rc, LB_ERULE);
	assert_int_equal(lb_voucher_verify_ahead(f->db, forged, strlen(forged), TODAY_JAN5, &lie, &c, &e), LB_OK);
	assert_int_equal(c.verdict, LB_VERDICT_FORGED);
	/* the genuine text's answer handed in for the forged one: ignored */
	assert_int_equal(lb_voucher_verify_ahead(f->db, forged, strlen(forged), TODAY_JAN5, &a, &c, &e), LB_OK);
	assert_int_equal(c.verdict, LB_VERDICT_FORGED);
	/* an answer for the forged text claiming good, under another public
	 * key than the database holds for that id: ignored */
	lie.rc = LB_OK;
	lie.pk[0] ^= 1;
	assert_int_equal(lb_voucher_verify_ahead(f->db, forged, strlen(forged), TODAY_JAN5, &lie, &c, &e), LB_OK);
	assert_int_equal(c.verdict, LB_VERDICT_FORGED);
	/* no key of that id among those given: not checked ahead */
	lb_sig_check_ahead(text, strlen(text), ks.v, 0, &lie);
	assert_int_equal(lie.checked, 0);
}

static void test_rotate_keeps_old_slips(void **state)
{
	struct fx *f = *state;
	struct lb_voucher_check c;
	struct lb_key_row old, cur;
	struct lb_signing_key k2;
	char text[LB_PAYLOAD_TEXT_MAX], archive[600];
	int found;
	lb_err e;

	assert_int_equal(lb_voucher_create_missing(f->db, 1, JAN, NULL, &e), LB_OK);
	text_of(f, 1, &f->key, NULL, text);
	assert_int_equal(lb_signing_key_rotate(f->db, f->key_path, &old, &cur, archive, sizeof archive,
					       &e), LB_OK);
	assert_int_equal(old.key_id, f->key.id);
	assert_true(old.retired_at[0] != '\0');
	assert_int_not_equal(cur.key_id, f->key.id);
	assert_int_equal(access(archive, F_OK), 0);
	/* the old slip still checks */
	assert_int_equal(verdict_of(f, text, TODAY_JAN5, &c), LB_VERDICT_GENUINE);
	/* the old key no longer signs; the new one does */
	assert_int_equal(lb_signing_key_usable(f->db, &f->key, "old", &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "retired"));
	assert_int_equal(lb_key_load(f->key_path, &k2, &e), LB_OK);
	assert_int_equal(k2.id, cur.key_id);
	assert_int_equal(lb_signing_key_usable(f->db, &k2, f->key_path, &e), LB_OK);
	text_of(f, 1, &k2, NULL, text);
	assert_int_equal(verdict_of(f, text, TODAY_JAN5, &c), LB_VERDICT_GENUINE);
	lb_key_wipe(&k2);
	assert_int_equal(lb_signing_key_active(f->db, &old, &found, &e), LB_OK);
	assert_int_equal(old.key_id, cur.key_id);
	/* init refuses once a key exists */
	assert_int_equal(lb_signing_key_init(f->db, archive, &cur, &e), LB_ERULE);
}

static void test_program_tag(void **state)
{
	char t[LB_PAYLOAD_PROGRAM_MAX + 1];

	(void)state;
	lb_voucher_program_tag("BPNT", t);
	assert_string_equal(t, "BPNT");
	lb_voucher_program_tag("SEMBAKO-2026", t);
	assert_string_equal(t, "SEMB2026");
	lb_voucher_program_tag("A B", t);
	assert_string_equal(t, "A_B");
	lb_voucher_program_tag("", t);
	assert_string_equal(t, "_");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serial_bijection),
		cmocka_unit_test(test_program_tag),
		cmocka_unit_test_setup_teardown(test_serial_sql_matches_c, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reissue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sig_ahead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate_keeps_old_slips, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
