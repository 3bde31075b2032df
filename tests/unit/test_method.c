/* Unit tests: the words and codes for how a package was redeemed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "voucher/method.h"

static void check(const char *source, int manual, int other, int proxy, const char *kit,
		  const char *words, const char *code)
{
	struct lb_redeem_method m = { source, manual, other, proxy, kit };
	char w[96], c[64];

	lb_redeem_method_words(&m, w, sizeof w);
	lb_redeem_method_code(&m, c, sizeof c);
	assert_string_equal(w, words);
	assert_string_equal(c, code);
}

static void test_methods(void **state)
{
	(void)state;
	check("scan", 0, 0, 0, NULL, "pindai QR", "qr");
	check("file", 0, 0, 0, NULL, "pindai QR", "qr");
	check("image", 0, 0, 0, NULL, "foto kupon", "photo");
	check("manual", 1, 0, 0, NULL, "ketik serial", "typed");
	check("manual", 1, 1, 0, NULL, "ketik serial, titik lain", "typed+other_point");
	check("scan", 0, 0, 1, NULL, "pindai QR, wakil", "qr+proxy");
	check("kit", 0, 0, 0, "ab12", "pindai QR, kit lapangan", "qr+kit");
	check("kit", 1, 1, 1, "ab12", "ketik serial, titik lain, wakil, kit lapangan",
	      "typed+other_point+proxy+kit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_methods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
