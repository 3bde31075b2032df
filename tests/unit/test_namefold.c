/*
 * test_namefold.c — recipients/namefold.c: names that are one person fold
 * alike (case, spaces, punctuation, titles, honorifics, degrees, bin and
 * binti), names that are not stay apart, and the duplicate key follows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "recipients/namefold.h"
#include "recipients/recipient.h"

static void folds(const char *name, const char *want)
{
	char out[128];

	lb_name_fold(name, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_fold(void **state)
{
	(void)state;
	folds("BAHARUDDIN", "baharuddin");
	folds("H. Baharuddin", "baharuddin");
	folds("Hj. NURHAYATI", "nurhayati");
	folds("Hajjah  Nurhayati ", "nurhayati");
	folds("Drs. H. Muhammad Yusuf, S.Pd., M.Si", "muhammad yusuf");
	folds("Ir. Andi Mappiare S.E.", "andi mappiare");
	folds("Ahmad bin Abdullah", "ahmad abdullah");
	folds("Siti binti Hasan", "siti hasan");
	folds("La Ode Muh. Ali", "la ode muh ali");
	folds("Ni'mah", "ni mah");
	folds("Dg. Ñoman", "dg Ñoman");
	folds("Haji", "haji"); /* nothing but a title: kept */
	folds("", "");
}

static void test_key(void **state)
{
	const char *v = "64.02.06.1001", *d = "1955-03-02";

	(void)state;
	assert_true(lb_recipient_person_key(v, d, "BAHARUDDIN") ==
		    lb_recipient_person_key(v, d, "H. Baharuddin"));
	assert_true(lb_recipient_person_key(v, d, "Hj. NURHAYATI") ==
		    lb_recipient_person_key(v, d, "Nurhayati"));
	assert_true(lb_recipient_person_key(v, d, "Nurhayati") !=
		    lb_recipient_person_key(v, d, "Nurhayani"));
	assert_true(lb_recipient_person_key(v, d, "Nurhayati") !=
		    lb_recipient_person_key("64.02.06.1002", d, "Nurhayati"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
