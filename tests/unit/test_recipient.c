/*
 * test_recipient.c — the rules of lb_recipient_check: sex and birth date
 * read from the NIK or checked against it, mismatches refused or recorded,
 * names and fields normalised or refused; never a NIK in a message; tokens.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/hash.h"
#include "recipients/recipient.h"

#define REF 2026
#define NIK_P "6402064203550001" /* a woman born 2 March 1955 */
#define NIK_L "6402061107480002" /* a man born 11 July 1948 */

static struct lb_recipient_in base(const char *nik)
{
	struct lb_recipient_in in = { 0 };

	in.nik = nik;
	in.name = "Siti Aminah";
	in.village = "64.02.06.1001";
	in.category = "lansia";
	return in;
}

/* Refused on column col with a message containing msg, and without the
 * NIK (or the proxy's) in it. */
static void refused(const struct lb_recipient_in *in, const char *col, const char *msg)
{
	struct lb_recipient r;
	const char *column = NULL;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_recipient_check(in, REF, &r, &column, &e), LB_EINPUT);
	assert_non_null(column);
	assert_string_equal(column, col);
	if (!strstr(e.msg, msg))
		fail_msg("message '%s' lacks '%s'", e.msg, msg);
	if (in->nik && strlen(in->nik) >= 8)
		assert_null(strstr(e.msg, in->nik));
	if (in->proxy_nik && strlen(in->proxy_nik) >= 8)
		assert_null(strstr(e.msg, in->proxy_nik));
}

static void accepted(const struct lb_recipient_in *in, struct lb_recipient *r)
{
	const char *column = NULL;
	lb_err e;

	lb_err_clear(&e);
	if (lb_recipient_check(in, REF, r, &column, &e) != LB_OK)
		fail_msg("refused (%s): %s", column ? column : "?", e.msg);
}

static void test_from_nik(void **state)
{
	struct lb_recipient_in in = base(NIK_P);
	struct lb_recipient r;

	accepted(&in, &r);
	assert_string_equal(r.sex, "P");
	assert_string_equal(r.birth_date, "1955-03-02");
	assert_string_equal(r.mismatch, "");
	assert_string_equal(r.status, "aktif");
	assert_int_equal(r.desil, 0);

	in = base(NIK_L);
	accepted(&in, &r);
	assert_string_equal(r.sex, "L");
	assert_string_equal(r.birth_date, "1948-07-11");
}

static void test_agreeing_fields(void **state)
{
	struct lb_recipient_in in = base(NIK_P);
	struct lb_recipient r;

	in.sex = "p";
	in.birth_date = "1955-03-02";
	accepted(&in, &r);
	assert_string_equal(r.sex, "P");
	assert_string_equal(r.mismatch, "");
	/* The NIK holds two digits of the year: 20 reads as 2020 in 2026,
	 * but a given date of 1920 agrees with it and settles the century. */
	in = base("6402061107200002");
	accepted(&in, &r);
	assert_string_equal(r.birth_date, "2020-07-11");
	in.birth_date = "1920-07-11";
	accepted(&in, &r);
	assert_string_equal(r.birth_date, "1920-07-11");
	assert_string_equal(r.mismatch, "");
}

static void test_mismatch_refused(void **state)
{
	struct lb_recipient_in in = base(NIK_P);

	in.birth_date = "1955-03-03";
	refused(&in, "birth_date", "birth date 1955-03-03 disagrees with the NIK (the day differs)");
	in.birth_date = "1955-04-02";
	refused(&in, "birth_date", "(the month differs)");
	in.birth_date = "1956-03-02";
	refused(&in, "birth_date", "(the year differs)");
	in.birth_date = NULL;
	in.sex = "L";
	refused(&in, "sex", "sex L disagrees with the NIK, which encodes a woman (P)");
	in = base(NIK_L);
	in.sex = "P";
	refused(&in, "sex", "which encodes a man (L)");
}

static void test_mismatch_recorded(void **state)
{
	struct lb_recipient_in in = base(NIK_P);
	struct lb_recipient r;

	in.accept_mismatch = 1;
	in.birth_date = "1955-03-03";
	accepted(&in, &r);
	assert_string_equal(r.mismatch, "birth_date");
	assert_string_equal(r.birth_date, "1955-03-03"); /* the papers win */
	in.birth_date = NULL;
	in.sex = "L";
	accepted(&in, &r);
	assert_string_equal(r.mismatch, "sex");
	assert_string_equal(r.sex, "L");
	in.birth_date = "1955-03-03";
	accepted(&in, &r);
	assert_string_equal(r.mismatch, "birth_date,sex");
}

static void test_bad_fields(void **state)
{
	struct lb_recipient_in in = base(NIK_P);

	in.birth_date = "2026-02-30";
	refused(&in, "birth_date", "birth date");
	in.birth_date = "03-02-1955";
	refused(&in, "birth_date", "birth date");
	in = base("6402064203550051");
	in.birth_date = "2055-03-02";
	refused(&in, "birth_date", "birth date 2055-03-02 is in the future");
	in = base(NIK_P);
	in.sex = "W";
	refused(&in, "sex", "sex 'W' is neither L (laki-laki) nor P (perempuan)");
	in.sex = "Laki"; /* a man, as offices write it: the NIK says a woman */
	refused(&in, "sex", "sex L disagrees with the NIK, which encodes a woman (P)");
	in.sex = "L/P";
	refused(&in, "sex", "is neither");
	in = base("640206420355000");
	refused(&in, "nik", "NIK must have 16 digits, this one has 15");
	in = base("");
	refused(&in, "nik", "NIK is empty");
	in = base(NIK_P);
	in.kk = "640206010109";
	refused(&in, "kk", "KK must have 16 digits");
	in = base(NIK_P);
	in.name = "   ";
	refused(&in, "name", "name is empty");
	in.name = "Siti\x01";
	refused(&in, "name", "control character");
	in.name = "Siti \xC3\x28";
	refused(&in, "name", "not valid UTF-8");
	in.name = "Siti \xC0\xAF";
	refused(&in, "name", "not valid UTF-8"); /* overlong */
	in = base(NIK_P);
	in.village = "64.02.06.100";
	refused(&in, "village", "is not a village code");
	in.village = "64.02.06";
	refused(&in, "village", "is not a village code");
	in = base(NIK_P);
	in.category = "";
	refused(&in, "category", "category is empty");
	in = base(NIK_P);
	in.desil = "0";
	refused(&in, "desil", "desil");
	in.desil = "11";
	refused(&in, "desil", "desil");
	in.desil = "2a";
	refused(&in, "desil", "desil");
	in = base(NIK_P);
	in.phone = "0812";
	refused(&in, "phone", "phone number has 4 digits: expected 8 to 15");
	in.phone = "0812-5555-01O1";
	refused(&in, "phone", "only digits");
	in = base(NIK_P);
	in.proxy_name = "Rahmat";
	refused(&in, "proxy_nik", "a proxy (wakil) needs both a name and a NIK");
	in.proxy_name = NULL;
	in.proxy_nik = "6402061208800003";
	refused(&in, "proxy_name", "needs both");
	in.proxy_name = "Rahmat";
	in.proxy_nik = NIK_P;
	refused(&in, "proxy_nik", "the proxy's NIK is the recipient's own");
	in.proxy_nik = "6402061208800000";
	refused(&in, "proxy_nik", "proxy: NIK serial number 0000");
}

static void test_normalised(void **state)
{
	struct lb_recipient_in in = base(NIK_P);
	struct lb_recipient r;

	in.name = "  Siti \t Aminah\r\n binti  Ali ";
	in.address = " RT 03\nJl. Mulawarman ";
	in.phone = "+62 812-5555-0101";
	in.desil = "3";
	in.kk = "6402060101090001";
	in.name = "  Siti \t Aminah\r\n binti  Ali ";
	accepted(&in, &r);
	assert_string_equal(r.name, "Siti Aminah binti Ali");
	assert_string_equal(r.address, "RT 03 Jl. Mulawarman");
	assert_string_equal(r.phone, "+62 812-5555-0101");
	assert_int_equal(r.desil, 3);
	assert_string_equal(r.kk, "6402060101090001");
	in.name = "\xC3\x91oman Da\xC3\xA9ng"; /* Ñoman Daéng */
	accepted(&in, &r);
	assert_string_equal(r.name, "\xC3\x91oman Da\xC3\xA9ng");
}

static void test_person_key(void **state)
{
	struct lb_recipient_in in = base(NIK_P);
	struct lb_recipient a, b;
	int64_t k = lb_recipient_person_key("64.02.06.1001", "1955-03-02", "Siti Aminah");

	/* Case (ASCII, as NOCASE compares) and spacing do not matter... */
	assert_true(k >= 0);
	assert_true(lb_recipient_person_key("64.02.06.1001", "1955-03-02", "SITI AMINAH") == k);
	in.name = "  siti   AMINAH ";
	accepted(&in, &a);
	assert_true(a.person_key == k);
	in = base("6402064203550011");
	accepted(&in, &b);
	assert_true(b.person_key == a.person_key);
	/* ...village, birth date and every letter do. */
	assert_true(lb_recipient_person_key("64.02.06.1002", "1955-03-02", "Siti Aminah") != k);
	assert_true(lb_recipient_person_key("64.02.06.1001", "1955-03-03", "Siti Aminah") != k);
	assert_true(lb_recipient_person_key("64.02.06.1001", "1955-03-02", "Siti Aminar") != k);
	/* The parts are separated: moving text across them changes the key. */
	assert_true(lb_recipient_person_key("64.02.06.100", "11955-03-02", "Siti Aminah") != k);
}

static void test_statuses(void **state)
{
	assert_true(lb_status_valid("aktif"));
	assert_true(lb_status_valid("meninggal"));
	assert_true(lb_status_valid("pindah"));
	assert_true(lb_status_valid("mampu"));
	assert_true(lb_status_valid("nonaktif"));
	assert_false(lb_status_valid("Aktif"));
	assert_false(lb_status_valid(""));
	assert_false(lb_status_valid(NULL));
}

static int cmp_token(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_tokens(void **state)
{
	enum { N = 20000 };
	char (*t)[LB_TOKEN_LEN + 1] = malloc(N * sizeof *t);

	assert_non_null(t);
	for (int i = 0; i < N; i++) {
		lb_recipient_new_token(t[i]);
		assert_int_equal(strlen(t[i]), LB_TOKEN_LEN);
		assert_int_equal(strspn(t[i], "0123456789abcdef"), LB_TOKEN_LEN);
	}
	/* Drawn from a pool refilled 4 KiB at a time: no repeats across
	 * refills. */
	qsort(t, N, sizeof *t, cmp_token);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(t[i - 1], t[i]);
	free(t);
}

static int setup(void **state)
{
	lb_err e;

	setenv("LUMBUNG_TODAY", "2026-01-05", 1);
	return lb_hash_init(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_nik),
		cmocka_unit_test(test_agreeing_fields),
		cmocka_unit_test(test_mismatch_refused),
		cmocka_unit_test(test_mismatch_recorded),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_normalised),
		cmocka_unit_test(test_person_key),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_tokens),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
