/*
 * test_realisation.c — the figures the realisation report needs that no
 * other table holds (reports/realisation.h), on a scratch database built
 * with module functions: the pagu recorded and revised from a later
 * month, the pagu derived without one (quota x monthly value x the months
 * the program runs that year), reference prices, replacement statements,
 * and each refusal with its message and nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reports/realisation.h"
#include "world.h"

static struct w *w;
static struct lb_program prog;

static int setup(void **state)
{
	(void)state;
	w = w_open("realisation", "2026-03-10");
	w_program(w, "SEMBAKO-2026", "176000", "2026-03", &prog);
	w_item(w, "BERAS", "Beras medium", "kg");
	w_recipient(w, "6402064203550001", "Siti Aminah", "64.02.06.1001", "lansia");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	w_close(w);
	return 0;
}

static int64_t budget_rows(void)
{
	return w_num(w->db, "SELECT count(*) FROM program_budget");
}

static void test_pagu_derived_then_recorded(void **state)
{
	int64_t pagu = -1;
	int derived = -1;
	char ref[64];
	lb_err e;

	(void)state;
	/* none recorded: 10 x Rp176.000 x March..December (10 months) */
	w_ok(lb_pagu_get(w->db, prog.id, 2026 * 12 + 2, &pagu, &derived, ref, sizeof ref, &e), &e);
	assert_int_equal(pagu, 10 * 176000 * 10);
	assert_int_equal(derived, 1);
	assert_string_equal(ref, "");
	/* APBD from January, APBD-P from August */
	w_ok(lb_pagu_set(w->db, "SEMBAKO-2026", 2026 * 12, 15000000, "DPA/2026/1", "keuangan", &e), &e);
	w_ok(lb_pagu_set(w->db, "SEMBAKO-2026", 2026 * 12 + 7, 18000000, "DPPA/2026/1", "keuangan", &e), &e);
	w_ok(lb_pagu_get(w->db, prog.id, 2026 * 12 + 6, &pagu, &derived, ref, sizeof ref, &e), &e);
	assert_int_equal(pagu, 15000000);
	assert_int_equal(derived, 0);
	assert_string_equal(ref, "DPA/2026/1");
	w_ok(lb_pagu_get(w->db, prog.id, 2026 * 12 + 7, &pagu, &derived, ref, sizeof ref, &e), &e);
	assert_int_equal(pagu, 18000000);
	assert_string_equal(ref, "DPPA/2026/1");
	/* a pagu belongs to its year: 2027 is derived (no month runs: 0) */
	w_ok(lb_pagu_get(w->db, prog.id, 2027 * 12, &pagu, &derived, ref, sizeof ref, &e), &e);
	assert_int_equal(pagu, 0);
	assert_int_equal(derived, 1);
}

static void test_pagu_refused(void **state)
{
	int64_t before = budget_rows();
	lb_err e;

	(void)state;
	assert_int_equal(lb_pagu_set(w->db, "SEMBAKO-2026", 2026 * 12, 1, NULL, "k", &e), LB_ERULE);
	assert_string_equal(e.msg, "the pagu of 'SEMBAKO-2026' from 2026-01 is recorded already:"
				   " a revision takes effect from a later month");
	assert_int_equal(lb_pagu_set(w->db, "NOPE", 2026 * 12, 1, NULL, "k", &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown program 'NOPE' (see 'lumbung program list')");
	assert_int_equal(lb_pagu_set(w->db, "SEMBAKO-2026", 2026 * 12 + 9, -1, NULL, "k", &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "cannot set the pagu of 'SEMBAKO-2026': the amount must be 0 to "));
	assert_int_equal(budget_rows(), before);
}

static void test_reference_price(void **state)
{
	lb_err e;

	(void)state;
	w_ok(lb_refprice_set(w->db, "beras", 2026 * 12, 15000, "SK Bupati 1/2026", "keuangan", &e), &e);
	assert_int_equal(w_num(w->db, "SELECT price FROM reference_price r JOIN item i ON i.id = r.item_id"
				      " WHERE i.code = 'BERAS' AND r.from_period = '2026-01'"), 15000);
	assert_int_equal(lb_refprice_set(w->db, "BERAS", 2026 * 12, 16000, NULL, "k", &e), LB_ERULE);
	assert_string_equal(e.msg, "the reference price of 'BERAS' from 2026-01 is recorded already:"
				   " a new price takes effect from a later month");
	assert_int_equal(lb_refprice_set(w->db, "GULA", 2026 * 12, 1, NULL, "k", &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown item 'GULA' (see 'lumbung item list')");
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM reference_price"), 1);
}

static void test_replacement_doc_refused(void **state)
{
	lb_err e;

	(void)state;
	assert_int_equal(lb_replacement_doc_set(w->db, "6402064203550009", "BA/1", "2026-03-01", "k", &e), LB_EINPUT);
	assert_string_equal(e.msg, "no recipient has that NIK");
	assert_int_equal(lb_replacement_doc_set(w->db, "6402064203550001", "BA/1", "2026-03-01", "k", &e), LB_EINPUT);
	assert_string_equal(e.msg, "recipient 1 replaced nobody: record the replacement first (lumbung recipient replace)");
	assert_int_equal(lb_replacement_doc_set(w->db, "6402064203550001", "", "2026-03-01", "k", &e), LB_EINPUT);
	assert_string_equal(e.msg, "a replacement statement needs its number (--doc)");
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM replacement_doc"), 0);
}

static int finance_fn(void *arg, const struct lb_finance_row *r, lb_err *e)
{
	char *out = arg;
	char s[128];

	(void)e;
	snprintf(s, sizeof s, "%s %s %s %lld %s;", r->what, r->subject, r->from_period, (long long)r->amount,
		 r->ref ? r->ref : "");
	strcat(out, s);
	return LB_OK;
}

static void test_finance_list(void **state)
{
	char out[512] = "";
	lb_err e;

	(void)state;
	w_ok(lb_finance_each(w->db, finance_fn, out, &e), &e);
	assert_string_equal(out, "pagu SEMBAKO-2026 2026-01 15000000 DPA/2026/1;"
				 "pagu SEMBAKO-2026 2026-08 18000000 DPPA/2026/1;"
				 "reference_price BERAS 2026-01 15000 SK Bupati 1/2026;");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pagu_derived_then_recorded),
		cmocka_unit_test(test_pagu_refused),
		cmocka_unit_test(test_reference_price),
		cmocka_unit_test(test_replacement_doc_refused),
		cmocka_unit_test(test_finance_list),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
