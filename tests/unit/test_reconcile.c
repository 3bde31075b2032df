/*
 * test_reconcile.c — the reconciliation's rules and sums: how each
 * allocation is classed, which redemptions, movements, revocations and
 * attempts count for a round and which do not, and that the totals by
 * village, district and overall add up to what was handed over.
 *
 * The round is written with SQL straight into a fresh database (the rows
 * redeem, revoke and undo make), so that every corner — an undo after the
 * round, a manual reversal, a redemption dated later, a cancelled
 * allocation, a revocation after the close — is there on purpose.
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
#include "core/hash.h"
#include "core/meta.h"
#include "doc/rdoc.h"
#include "reports/reconcile.h"

#define OK(call) do { \
	lb_err_clear(&e); \
	if ((call) != LB_OK) \
		fail_msg("%s: %s", #call, e.msg); \
} while (0)

/* ---- rules without a database ---- */

static void test_classify(void **state)
{
	(void)state;
	/* a redemption in force decides, whatever else happened */
	assert_int_equal(lb_recon_classify(1, 0, 0, 0), LB_RC_REDEEMED);
	assert_int_equal(lb_recon_classify(1, 1, 0, 0), LB_RC_PROXY);
	assert_int_equal(lb_recon_classify(1, 0, 1, 1), LB_RC_REDEEMED);
	assert_int_equal(lb_recon_classify(1, 1, 0, 1), LB_RC_PROXY);
	/* then cancellation, then a revoked slip */
	assert_int_equal(lb_recon_classify(0, 0, 1, 1), LB_RC_CANCELLED);
	assert_int_equal(lb_recon_classify(0, 0, 0, 1), LB_RC_REVOKED);
	assert_int_equal(lb_recon_classify(0, 0, 0, 0), LB_RC_NOT_COLLECTED);
	assert_string_equal(lb_recon_class_key(LB_RC_PROXY), "redeemed_by_proxy");
	assert_string_equal(lb_recon_class_key(LB_RC_NOT_COLLECTED), "not_collected");
	assert_string_equal(lb_recon_class_label(LB_RC_REVOKED), "kupon dicabut");
}

static void test_reasons(void **state)
{
	(void)state;
	assert_int_equal(lb_recon_reason("forged"), LB_RR_FORGED);
	assert_int_equal(lb_recon_reason("unknown_key"), LB_RR_FORGED);
	assert_int_equal(lb_recon_reason("unreadable"), LB_RR_FORGED);
	assert_int_equal(lb_recon_reason("already_redeemed"), LB_RR_DUPLICATE);
	assert_int_equal(lb_recon_reason("wrong_program_or_period"), LB_RR_WRONG_PERIOD);
	assert_int_equal(lb_recon_reason("expired"), LB_RR_WRONG_PERIOD);
	assert_int_equal(lb_recon_reason("period_closed"), LB_RR_WRONG_PERIOD);
	assert_int_equal(lb_recon_reason("unknown_serial"), LB_RR_UNKNOWN_SERIAL);
	assert_int_equal(lb_recon_reason("conflict"), LB_RR_CONFLICT);
	assert_int_equal(lb_recon_reason("wrong_point"), LB_RR_OTHER);
	assert_int_equal(lb_recon_reason("no_stock"), LB_RR_OTHER);
	assert_int_equal(lb_recon_reason("accepted"), -1);
	assert_int_equal(lb_recon_reason("undone"), -1);
	assert_int_equal(lb_recon_reason(NULL), -1);
}

static void test_sums(void **state)
{
	struct lb_recon_sums a = { 0 }, b = { 0 };
	lb_err e;

	(void)state;
	assert_int_equal(lb_recon_add(&a, LB_RC_REDEEMED, 176000, 176000, &e), LB_OK);
	assert_int_equal(lb_recon_add(&a, LB_RC_PROXY, 191000, 176000, &e), LB_OK);
	assert_int_equal(lb_recon_add(&a, LB_RC_NOT_COLLECTED, 0, 176000, &e), LB_OK);
	/* a cancelled allocation is no package: no budget, not counted */
	assert_int_equal(lb_recon_add(&a, LB_RC_CANCELLED, 0, 176000, &e), LB_OK);
	assert_int_equal(lb_recon_add(&a, 99, 5, 5, &e), LB_OK); /* not a class: ignored */
	assert_int_equal(a.allocations, 3);
	assert_int_equal(lb_recon_redeemed(&a), 2);
	assert_int_equal(a.by_class[LB_RC_CANCELLED], 1);
	assert_int_equal(a.budget, 3 * 176000);
	assert_int_equal(a.issued_value, 367000);
	assert_int_equal(lb_recon_add(&b, LB_RC_REVOKED, 0, 176000, &e), LB_OK);
	assert_int_equal(lb_recon_merge(&b, &a, &e), LB_OK);
	assert_int_equal(b.allocations, 4);
	assert_int_equal(b.by_class[LB_RC_REVOKED], 1);
	assert_int_equal(b.budget, 4 * 176000);
	assert_int_equal(b.issued_value, 367000);
}

/* Two legal values whose sum passes INT64_MAX are refused, not wrapped,
 * and the sums stay as they were. */
static void test_sums_overflow(void **state)
{
	struct lb_recon_sums a = { 0 }, b = { 0 };
	lb_err e;

	(void)state;
	assert_int_equal(lb_recon_add(&a, LB_RC_REDEEMED, INT64_MAX / 2 + 1, 1, &e), LB_OK);
	assert_int_equal(lb_recon_add(&a, LB_RC_REDEEMED, INT64_MAX / 2 + 1, 1, &e), LB_ERULE);
	assert_string_equal(e.msg, "cannot add up the value of the goods handed over: the sum is too large to count");
	assert_int_equal(a.issued_value, INT64_MAX / 2 + 1);
	assert_int_equal(a.allocations, 1);
	assert_int_equal(lb_recon_add(&b, LB_RC_REDEEMED, INT64_MAX / 2 + 1, 1, &e), LB_OK);
	assert_int_equal(lb_recon_merge(&b, &a, &e), LB_ERULE);
	assert_int_equal(b.issued_value, INT64_MAX / 2 + 1);
	assert_int_equal(b.allocations, 1);
}

static void test_rates(void **state)
{
	char s[32];

	(void)state;
	assert_int_equal(lb_rdoc_rate_bp(2, 3), 6667);  /* 66,67% rounded half up */
	assert_int_equal(lb_rdoc_rate_bp(1, 3), 3333);
	assert_int_equal(lb_rdoc_rate_bp(4, 6), 6667);
	assert_int_equal(lb_rdoc_rate_bp(950000, 1000000), 9500);
	assert_int_equal(lb_rdoc_rate_bp(5, 0), 0);
	/* amounts near the limit do not overflow */
	assert_int_equal(lb_rdoc_rate_bp(1000000000000000LL, 1000000000000000LL), 10000);
	assert_int_equal(lb_rdoc_rate_bp(719000, 1056000), 6809);
	lb_rdoc_percent(6667, s, sizeof s);
	assert_string_equal(s, "66,67%");
	lb_rdoc_percent(10852, s, sizeof s);
	assert_string_equal(s, "108,52%");
	lb_rdoc_percent(500000, s, sizeof s);
	assert_string_equal(s, "5.000,00%");
	lb_rdoc_percent(-150, s, sizeof s);
	assert_string_equal(s, "-1,50%");
}

/* ---- a round in a database ---- */

static char dir[256], path[300];
static lb_db *db;

static const char world[] =
	"INSERT INTO region_province VALUES ('64', 'KALIMANTAN TIMUR');"
	"INSERT INTO region_regency VALUES ('64.02', '64', 'KABUPATEN KUTAI KARTANEGARA');"
	"INSERT INTO region_district VALUES ('64.02.06', '64.02', 'Tenggarong'), ('64.02.02', '64.02', 'Loa Kulu');"
	"INSERT INTO region_village VALUES ('64.02.06.1001', '64.02.06', 'Jahab'),"
	" ('64.02.06.1002', '64.02.06', 'Loa Ipuh'), ('64.02.02.2001', '64.02.02', 'Jonggon Desa');"
	"INSERT INTO item(id, code, name, unit, created_at) VALUES"
	" (1, 'BERAS', 'Beras', 'kg', 't'), (2, 'MINYAK', 'Minyak', 'liter', 't');"
	"INSERT INTO lot(id, item_id, code, unit_cost, received_on) VALUES"
	" (1, 1, 'BRS-A', 14000, '2026-01-02'), (2, 1, 'BRS-B', 15500, '2026-01-02'), (3, 2, 'MYK-A', 18000, '2026-01-02');"
	"INSERT INTO location(id, code, kind, name, village, created_at) VALUES"
	" (4, 'POS-A', 'point', 'Pos A', '64.02.06.1001', 't'), (5, 'POS-B', 'point', 'Pos B', '64.02.02.2001', 't');"
	"INSERT INTO program(id, code, name, monthly_value, round_months, quota, funding, first_period, last_period, created_at)"
	" VALUES (1, 'P', 'Program P', 176000, 1, 10, 'APBD', '2026-01', '2026-12', 't');"
	/* recipients 1-3 and 8 in Jahab, 4, 5 and 9 in Loa Ipuh, 6 and 7 in Jonggon Desa */
	"INSERT INTO recipient(id, nik, name, sex, birth_date, village, category, token, created_at)"
	" SELECT n, printf('64020600000000%02d', n), 'R' || n, 'L', '1950-01-01',"
	"  CASE WHEN n IN (1, 2, 3, 8) THEN '64.02.06.1001' WHEN n IN (4, 5, 9) THEN '64.02.06.1002'"
	"  ELSE '64.02.02.2001' END, 'lansia', printf('%016x', n), 't'"
	" FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 9) SELECT n FROM s);"
	/* January: allocations 1-8 (8 cancelled) and 10; 9 is February's */
	"INSERT INTO allocation(id, program_id, period, recipient_id, point_id, rank, status, created_at)"
	" SELECT n, 1, '2026-01', n, CASE WHEN n IN (6, 7) THEN 5 ELSE 4 END, n,"
	"  CASE n WHEN 8 THEN 'cancelled' ELSE 'allocated' END, 't'"
	" FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 8) SELECT n FROM s);"
	"INSERT INTO allocation(id, program_id, period, recipient_id, point_id, rank, created_at) VALUES"
	" (9, 1, '2026-02', 1, 4, 1, 't'), (10, 1, '2026-01', 9, 4, 9, 't');"
	"INSERT INTO voucher(id, allocation_id, serial, last_day, replaces_id, created_at)"
	" SELECT n, n, n, '2026-01-31', NULL, '2026-01-05T00:00:00Z'"
	" FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 10) SELECT n FROM s);"
	/* 4's slip lost and reissued (voucher 11); 5's revoked, not reissued */
	"INSERT INTO voucher(id, allocation_id, serial, last_day, replaces_id, created_at) VALUES"
	" (11, 4, 11, '2026-01-31', 4, '2026-01-10T00:00:00Z');"
	"INSERT INTO voucher_revocation VALUES (4, 'hilang', '2026-01-10T00:00:00Z', 'op'),"
	" (5, 'rusak', '2026-01-11T00:00:00Z', 'op');"
	"INSERT INTO redemption(id, voucher_id, allocation_id, point_id, day, redeemed_at, operator, proxy_name, source) VALUES"
	" (1, 1, 1, 4, '2026-01-10', 't', 'op', NULL, 'scan'),"
	" (2, 2, 2, 4, '2026-01-11', 't', 'op', 'Wakil Dua', 'scan'),"
	" (3, 3, 3, 4, '2026-01-12', 't', 'op', NULL, 'scan');"
	/* 3 was the wrong slip: undone the same day, then redeemed again */
	"INSERT INTO redemption_undo VALUES (3, 'salah kupon', '2026-01-12', 't', 'op', NULL);"
	"INSERT INTO redemption(id, voucher_id, allocation_id, point_id, day, redeemed_at, operator, proxy_name, source) VALUES"
	" (4, 3, 3, 4, '2026-01-13', 't', 'op', NULL, 'scan'),"
	" (5, 6, 6, 5, '2026-01-20', 't', 'op', NULL, 'kit'),"
	" (6, 7, 7, 5, '2026-01-28', 't', 'op', NULL, 'scan'),"
	" (7, 11, 4, 4, '2026-01-15', 't', 'op', NULL, 'manual'),"
	" (8, 9, 9, 4, '2026-02-05', 't', 'op', NULL, 'scan'),"
	" (9, 5, 5, 4, '2026-02-03', 't', 'op', NULL, 'scan');"
	/* 6 undone only in February: in force at January's end */
	"INSERT INTO redemption_undo VALUES (6, 'salah orang', '2026-02-02', 't', 'op', NULL);"
	"INSERT INTO movement(id, kind, day, item_id, lot_id, from_id, to_id, qty, reverses, redemption_id, operator, posted_at, hash) VALUES"
	" (1, 'issue', '2026-01-10', 1, 1, 4, 2, 10, NULL, 1, 'op', 't', x'00'),"
	" (2, 'issue', '2026-01-10', 2, 3, 4, 2, 2, NULL, 1, 'op', 't', x'00'),"
	" (3, 'issue', '2026-01-11', 1, 1, 4, 2, 10, NULL, 2, 'op', 't', x'00'),"
	" (4, 'issue', '2026-01-11', 2, 3, 4, 2, 2, NULL, 2, 'op', 't', x'00'),"
	" (5, 'issue', '2026-01-12', 1, 1, 4, 2, 10, NULL, 3, 'op', 't', x'00'),"
	" (6, 'issue', '2026-01-12', 2, 3, 4, 2, 2, NULL, 3, 'op', 't', x'00'),"
	" (7, 'reverse', '2026-01-12', 1, 1, 2, 4, 10, 5, NULL, 'op', 't', x'00'),"
	" (8, 'reverse', '2026-01-12', 2, 3, 2, 4, 2, 6, NULL, 'op', 't', x'00'),"
	" (9, 'issue', '2026-01-13', 1, 2, 4, 2, 10, NULL, 4, 'op', 't', x'00'),"
	" (10, 'issue', '2026-01-13', 2, 3, 4, 2, 2, NULL, 4, 'op', 't', x'00'),"
	" (11, 'issue', '2026-01-20', 1, 2, 5, 2, 10, NULL, 5, 'op', 't', x'00'),"
	" (12, 'issue', '2026-01-20', 2, 3, 5, 2, 2, NULL, 5, 'op', 't', x'00'),"
	/* the minyak of 5 was never handed over: reversed by hand, no undo */
	" (13, 'reverse', '2026-01-25', 2, 3, 2, 5, 2, 12, NULL, 'op', 't', x'00'),"
	" (14, 'issue', '2026-01-28', 1, 1, 5, 2, 10, NULL, 6, 'op', 't', x'00'),"
	" (15, 'issue', '2026-01-28', 2, 3, 5, 2, 2, NULL, 6, 'op', 't', x'00'),"
	" (16, 'reverse', '2026-02-02', 1, 1, 2, 5, 10, 14, NULL, 'op', 't', x'00'),"
	" (17, 'reverse', '2026-02-02', 2, 3, 2, 5, 2, 15, NULL, 'op', 't', x'00'),"
	" (18, 'issue', '2026-01-15', 1, 1, 4, 2, 10, NULL, 7, 'op', 't', x'00'),"
	" (19, 'issue', '2026-01-15', 2, 3, 4, 2, 2, NULL, 7, 'op', 't', x'00'),"
	" (20, 'issue', '2026-02-05', 1, 1, 4, 2, 10, NULL, 8, 'op', 't', x'00'),"
	" (21, 'issue', '2026-02-03', 1, 1, 4, 2, 10, NULL, 9, 'op', 't', x'00');"
	"INSERT INTO redemption_attempt(id, at, day, point_id, operator, serial, voucher_id, allocation_id, payload, outcome, detail, redemption_id, source, kit_id, kit_ref) VALUES"
	" (1, 't', '2026-01-10', 4, 'op', 'S1', 1, 1, 'p', 'accepted', 'ok', 1, 'scan', NULL, NULL),"
	" (2, 't', '2026-01-10', 4, 'op', NULL, NULL, NULL, 'p', 'forged', 'palsu', NULL, 'scan', NULL, NULL),"
	" (3, 't', '2026-01-11', 4, 'op', 'S1', 1, 1, 'p', 'already_redeemed', 'dua kali', 1, 'scan', NULL, NULL),"
	" (4, 't', '2026-01-12', 4, 'op', 'S2', 2, 2, 'p', 'conflict', 'kit', 2, 'kit', 'k1', 1),"
	" (5, 't', '2026-01-13', 5, 'op', 'S?', NULL, NULL, 'p', 'unknown_serial', 'tidak dikenal', NULL, 'scan', NULL, NULL),"
	/* February's slip shown in January at one of January's points */
	" (6, 't', '2026-01-14', 4, 'op', 'S9', 9, 9, 'p', 'wrong_program_or_period', 'bulan lain', NULL, 'scan', NULL, NULL),"
	" (7, 't', '2026-02-01', 4, 'op', NULL, NULL, NULL, 'p', 'forged', 'palsu', NULL, 'scan', NULL, NULL),"
	" (8, 't', '2026-02-06', 4, 'op', 'S9', 9, 9, 'p', 'already_redeemed', 'dua kali', 8, 'scan', NULL, NULL),"
	" (9, 't', '2026-01-12', 4, 'op', 'S3', 3, 3, 'p', 'undone', 'undo', 3, 'undo', NULL, NULL);";

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	lb_err e;

	(void)state;
	snprintf(dir, sizeof dir, "%s/lb-recon-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (lb_hash_init(&e) || lb_db_open(path, LB_DB_CREATE, &db, &e) ||
	    lb_meta_init(db, "Dinas Sosial", "main", &e) || lb_db_exec(db, world, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char f[400];

	(void)state;
	lb_db_close(db);
	db = NULL;
	unlink(path);
	snprintf(f, sizeof f, "%s-wal", path);
	unlink(f);
	snprintf(f, sizeof f, "%s-shm", path);
	unlink(f);
	rmdir(dir);
	return 0;
}

static const struct lb_recon_area *area(const struct lb_recon_area *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	fail_msg("no area %s", code);
	return NULL;
}

struct seen {
	int n;
	int64_t ids[16];
	int cls[16];
};

static int see_attempt(void *arg, const struct lb_recon_attempt *a, lb_err *e)
{
	struct seen *s = arg;

	(void)e;
	if (s->n < 16)
		s->ids[s->n] = a->id;
	s->n++;
	return LB_OK;
}

static int see_alloc(void *arg, const struct lb_recon_alloc *a, lb_err *e)
{
	struct seen *s = arg;

	(void)e;
	if (s->n < 16) {
		s->ids[s->n] = a->id;
		s->cls[s->n] = a->cls;
	}
	s->n++;
	return LB_OK;
}

static void test_round(void **state)
{
	struct lb_round round;
	struct lb_recon r;
	struct seen att = { 0 };
	const struct lb_recon_area *v;
	lb_err e;

	(void)state;
	OK(lb_round_find(db, "P", 2026 * 12, &round, &e));
	assert_string_equal(round.first_day, "2026-01-01");
	assert_string_equal(round.last_day, "2026-01-31");
	assert_int_equal(round.quota, 10);
	assert_int_equal(round.closed, 0);
	OK(lb_recon_run(db, &round, &r, see_attempt, &att, &e));

	/* 1, 3 (redeemed again after an undo), 4 (reissued slip), 6 (a
	 * reversed item), 7 (undone only in February) in person, 2 by proxy;
	 * 5 revoked (its February redemption is after the round); 10 not
	 * collected; 8 cancelled */
	assert_int_equal(r.total.allocations, 8);
	assert_int_equal(r.total.by_class[LB_RC_REDEEMED], 5);
	assert_int_equal(r.total.by_class[LB_RC_PROXY], 1);
	assert_int_equal(r.total.by_class[LB_RC_REVOKED], 1);
	assert_int_equal(r.total.by_class[LB_RC_NOT_COLLECTED], 1);
	assert_int_equal(r.total.by_class[LB_RC_CANCELLED], 1);
	assert_int_equal(r.reissued, 1);
	assert_int_equal(r.total.budget, 8 * 176000);
	/* 1, 2, 4, 7: 10 x 14.000 + 2 x 18.000; 3: 10 x 15.500 + 2 x 18.000;
	 * 6: 10 x 15.500 (its minyak reversed) */
	assert_int_equal(r.total.issued_value, 4 * 176000 + 191000 + 155000);

	assert_int_equal(r.nvillages, 3);
	v = area(r.villages, r.nvillages, "64.02.06.1001");
	assert_string_equal(v->name, "Jahab");
	assert_string_equal(v->district_name, "Tenggarong");
	assert_int_equal(v->s.allocations, 3);
	assert_int_equal(lb_recon_redeemed(&v->s), 3);
	assert_int_equal(v->s.by_class[LB_RC_PROXY], 1);
	assert_int_equal(v->s.by_class[LB_RC_CANCELLED], 1);
	assert_int_equal(v->s.issued_value, 176000 * 2 + 191000);
	v = area(r.villages, r.nvillages, "64.02.06.1002");
	assert_int_equal(v->s.allocations, 3);
	assert_int_equal(v->s.by_class[LB_RC_REDEEMED], 1);
	assert_int_equal(v->s.by_class[LB_RC_REVOKED], 1);
	assert_int_equal(v->s.by_class[LB_RC_NOT_COLLECTED], 1);
	assert_int_equal(v->s.issued_value, 176000);
	v = area(r.villages, r.nvillages, "64.02.02.2001");
	assert_int_equal(v->s.allocations, 2);
	assert_int_equal(v->s.issued_value, 155000 + 176000);
	/* villages by district, districts their sums */
	assert_string_equal(r.villages[0].code, "64.02.02.2001");
	assert_int_equal(r.ndistricts, 2);
	assert_string_equal(r.districts[0].code, "64.02.02");
	assert_string_equal(r.districts[1].name, "Tenggarong");
	assert_int_equal(r.districts[1].s.allocations, 6);
	assert_int_equal(r.districts[1].s.issued_value, 176000 * 3 + 191000);
	assert_int_equal(r.districts[0].s.issued_value + r.districts[1].s.issued_value, r.total.issued_value);

	/* forged, duplicate, conflict, unknown serial, February's slip at a
	 * January point; not the accepted, the undo or February's */
	assert_int_equal(r.refused, 5);
	assert_int_equal(att.n, 5);
	assert_int_equal(att.ids[0], 2);
	assert_int_equal(att.ids[4], 6);
	assert_int_equal(r.by_reason[LB_RR_FORGED], 1);
	assert_int_equal(r.by_reason[LB_RR_DUPLICATE], 1);
	assert_int_equal(r.by_reason[LB_RR_CONFLICT], 1);
	assert_int_equal(r.by_reason[LB_RR_UNKNOWN_SERIAL], 1);
	assert_int_equal(r.by_reason[LB_RR_WRONG_PERIOD], 1);
	lb_recon_free(&r);
}

/* The same counts by another road: a GROUP BY over the same facts. */
static void test_against_group_by(void **state)
{
	struct lb_round round;
	struct lb_recon r;
	lb_stmt *st;
	lb_err e;
	int rc, rows = 0;

	(void)state;
	OK(lb_round_find(db, "P", 2026 * 12, &round, &e));
	OK(lb_recon_run(db, &round, &r, NULL, NULL, &e));
	st = lb_db_prepare_once(db,
		"SELECT r.village, count(*) FILTER (WHERE a.status = 'allocated' OR x.id IS NOT NULL),"
		" count(x.id)"
		" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
		" LEFT JOIN redemption x ON x.allocation_id = a.id AND x.day <= '2026-01-31'"
		"  AND x.id NOT IN (SELECT redemption_id FROM redemption_undo WHERE day <= '2026-01-31')"
		" WHERE a.program_id = 1 AND a.period = '2026-01' GROUP BY r.village ORDER BY 1", &e);
	assert_non_null(st);
	while ((rc = lb_step(st, &e)) == LB_ROW) {
		const struct lb_recon_area *v = area(r.villages, r.nvillages, lb_col_text(st, 0));

		assert_int_equal(v->s.allocations, lb_col_int(st, 1));
		assert_int_equal(lb_recon_redeemed(&v->s), lb_col_int(st, 2));
		rows++;
	}
	assert_int_equal(rc, LB_DONE);
	assert_int_equal(rows, 3);
	lb_stmt_free(st);
	lb_recon_free(&r);
}

static void test_listing(void **state)
{
	struct lb_round round;
	struct lb_recon r;
	struct seen s = { 0 };
	lb_err e;

	(void)state;
	OK(lb_round_find(db, "P", 2026 * 12, &round, &e));
	/* exceptions are what a run of the round found */
	assert_int_equal(lb_recon_each_alloc(db, &round, NULL, LB_RL_EXCEPTIONS, NULL, see_alloc, &s, &e),
			 LB_ESYS);
	OK(lb_recon_run(db, &round, &r, NULL, NULL, &e));
	OK(lb_recon_each_alloc(db, &round, &r, LB_RL_EXCEPTIONS, NULL, see_alloc, &s, &e));
	/* by village, then name: Jahab's R8, Loa Ipuh's R5 and R9 */
	assert_int_equal(s.n, 3);
	assert_int_equal(s.ids[0], 8);
	assert_int_equal(s.cls[0], LB_RC_CANCELLED);
	assert_int_equal(s.ids[1], 5);
	assert_int_equal(s.cls[1], LB_RC_REVOKED);
	assert_int_equal(s.ids[2], 10);
	assert_int_equal(s.cls[2], LB_RC_NOT_COLLECTED);
	memset(&s, 0, sizeof s);
	OK(lb_recon_each_alloc(db, &round, NULL, LB_RL_ALL, NULL, see_alloc, &s, &e));
	assert_int_equal(s.n, 9);
	memset(&s, 0, sizeof s);
	OK(lb_recon_each_alloc(db, &round, NULL, LB_RL_ALL_SORTED, "64.02.02.2001", see_alloc, &s, &e));
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], 6);
	assert_int_equal(s.cls[1], LB_RC_REDEEMED);
	/* a village's exceptions */
	memset(&s, 0, sizeof s);
	OK(lb_recon_each_alloc(db, &round, &r, LB_RL_EXCEPTIONS, "64.02.06.1002", see_alloc, &s, &e));
	assert_int_equal(s.n, 2);
	lb_recon_free(&r);
}

static void test_bad_rounds(void **state)
{
	struct lb_round round;
	lb_err e;

	(void)state;
	assert_int_equal(lb_round_find(db, "NOPE", 2026 * 12, &round, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "unknown program 'NOPE'"));
	assert_int_equal(lb_round_find(db, "P", 2025 * 12 + 11, &round, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "has no round in 2025-12"));
	/* a round of the program with nothing allocated */
	assert_int_equal(lb_round_find(db, "P", 2026 * 12 + 2, &round, &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "no allocations for 2026-03"));
}

/* A slip revoked after the round was closed does not change it; before
 * the close it would. */
static void test_closed_round_stays(void **state)
{
	struct lb_round round;
	struct lb_recon before, after;
	lb_err e;

	(void)state;
	OK(lb_db_exec(db, "INSERT INTO period_close VALUES ('2026-01', '2026-02-01T00:00:00Z', 'op', 0, NULL);"
			  "INSERT INTO voucher_revocation VALUES (10, 'hilang', '2026-02-05T00:00:00Z', 'op');", &e));
	OK(lb_round_find(db, "P", 2026 * 12, &round, &e));
	assert_int_equal(round.closed, 1);
	assert_string_equal(round.closed_at, "2026-02-01T00:00:00Z");
	OK(lb_recon_run(db, &round, &after, NULL, NULL, &e));
	assert_int_equal(after.total.by_class[LB_RC_NOT_COLLECTED], 1);
	assert_int_equal(after.total.by_class[LB_RC_REVOKED], 1);
	/* the same database as if the close had not happened */
	round.closed = 0;
	round.closed_at[0] = 0;
	OK(lb_recon_run(db, &round, &before, NULL, NULL, &e));
	assert_int_equal(before.total.by_class[LB_RC_NOT_COLLECTED], 0);
	assert_int_equal(before.total.by_class[LB_RC_REVOKED], 2);
	lb_recon_free(&before);
	lb_recon_free(&after);
}

static void test_sql_text(void **state)
{
	struct lb_round round;
	lb_buf sql;
	lb_err e;

	(void)state;
	OK(lb_round_find(db, "P", 2026 * 12, &round, &e));
	lb_buf_init(&sql);
	OK(lb_recon_sql(&round, LB_RL_EXCEPTIONS, &sql, &e));
	/* every parameter filled in, the statements ready for the shell */
	assert_null(strstr(sql.data, "?1"));
	assert_null(strstr(sql.data, "?3"));
	assert_non_null(strstr(sql.data, "a.program_id = 1 AND a.period = '2026-01'"));
	assert_non_null(strstr(sql.data, "x.day <= '2026-01-31'"));
	OK(lb_db_exec(db, sql.data, &e));
	lb_buf_release(&sql);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_sums),
		cmocka_unit_test(test_sums_overflow),
		cmocka_unit_test(test_rates),
		cmocka_unit_test_setup_teardown(test_round, setup, teardown),
		cmocka_unit_test_setup_teardown(test_against_group_by, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_round_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_text, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
