/*
 * test_qr.c — QR symbols: a voucher payload always fits version 9 at
 * level Q, and the matrix has the shape the QR standard gives it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "voucher/base45.h"
#include "voucher/keys.h"
#include "voucher/payload.h"
#include "voucher/qr.h"

/* Finder patterns: 7x7 dark ring, light ring, dark 3x3 centre. */
static void assert_finder(const struct lb_qr *q, int x0, int y0)
{
	int x, y;

	for (y = 0; y < 7; y++)
		for (x = 0; x < 7; x++) {
			int ring = x == 0 || x == 6 || y == 0 || y == 6;
			int core = x >= 2 && x <= 4 && y >= 2 && y <= 4;

			assert_int_equal(q->modules[(y0 + y) * q->width + x0 + x],
					 ring || core);
		}
}

static void assert_shape(const struct lb_qr *q, int version)
{
	int i;

	assert_int_equal(q->version, version);
	assert_int_equal(q->width, 17 + 4 * version);
	assert_non_null(q->modules);
	for (i = 0; i < q->width * q->width; i++)
		assert_true(q->modules[i] == 0 || q->modules[i] == 1);
	assert_finder(q, 0, 0);
	assert_finder(q, q->width - 7, 0);
	assert_finder(q, 0, q->width - 7);
}

/* The largest payload any version may carry: a 49-byte body and its
 * 64-byte signature, as 4 + 170 = 174 characters. The symbol size depends
 * on the characters too: runs of digits go in the denser numeric mode, so
 * the worst case is text with (almost) no digits, which 0xff bytes give
 * ("FGW" repeated, then "U5"). */
static void test_full_size_payload_fits_version_9(void **state)
{
	unsigned char raw[LB_PAYLOAD_BODY_MAX + LB_PAYLOAD_SIG_LEN];
	char text[LB_PAYLOAD_TEXT_MAX];
	struct lb_qr q;
	lb_err e;
	int i, k, nine = 0;

	(void)state;
	assert_int_equal(lb_crypto_init(&e), LB_OK);
	memset(raw, 0xff, sizeof raw);
	memcpy(text, LB_PAYLOAD_PREFIX, 4);
	assert_int_equal(lb_base45_encode(raw, sizeof raw, text + 4,
					  sizeof text - 4, &e), LB_OK);
	assert_int_equal(strlen(text), 174);
	assert_int_equal(strlen(text) + 1, LB_PAYLOAD_TEXT_MAX);
	assert_int_equal(strspn(text + 4, "FGW"), 168);
	assert_string_equal(text + 172, "U5");
	assert_int_equal(lb_qr_encode(text, &q, &e), LB_OK);
	assert_shape(&q, 9);
	assert_int_equal(q.width, 53);
	lb_qr_free(&q);

	/* Signatures look random: so should the bytes here. */
	for (k = 0; k < 300; k++) {
		randombytes_buf(raw, sizeof raw);
		raw[0] = 1;
		assert_int_equal(lb_base45_encode(raw, sizeof raw, text + 4,
						  sizeof text - 4, &e), LB_OK);
		assert_int_equal(lb_qr_encode(text, &q, &e), LB_OK);
		assert_true(q.version <= 9);
		assert_int_equal(q.width, 17 + 4 * q.version);
		nine += q.version == 9;
		lb_qr_free(&q);
	}
	assert_true(nine > 0);

	/* All zero bytes are all digits: far smaller. */
	memset(raw, 0, sizeof raw);
	assert_int_equal(lb_base45_encode(raw, sizeof raw, text + 4,
					  sizeof text - 4, &e), LB_OK);
	for (i = 4; text[i]; i++)
		assert_int_equal(text[i], '0');
	assert_int_equal(lb_qr_encode(text, &q, &e), LB_OK);
	assert_shape(&q, 7);
	lb_qr_free(&q);
}

/* A real version 1 payload is smaller: version 8, 49 modules a side. */
static void test_genuine_payload(void **state)
{
	unsigned char seed[32], pk[32], sk[64];
	struct lb_voucher_payload p;
	char text[LB_PAYLOAD_TEXT_MAX];
	struct lb_qr q;
	lb_err e;

	(void)state;
	assert_int_equal(lb_crypto_init(&e), LB_OK);
	memset(seed, 0x5a, sizeof seed);
	assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
	memset(&p, 0, sizeof p);
	strcpy(p.program, "BPNT-KTM");
	p.period = 312;
	p.serial = (UINT64_C(1) << 40) - 1;
	memset(p.recipient_ref, 0xff, sizeof p.recipient_ref);
	p.last_day = 9527;
	assert_int_equal(lb_payload_encode(&p, sk, text, sizeof text, &e), LB_OK);
	assert_int_equal(strlen(text), 145);
	assert_int_equal(lb_qr_encode(text, &q, &e), LB_OK);
	assert_shape(&q, 8);
	assert_int_equal(q.width, 49);
	lb_qr_free(&q);
	assert_null(q.modules);
	assert_int_equal(q.width, 0);
	lb_qr_free(&q); /* twice is harmless */
	sodium_memzero(sk, sizeof sk);
}

static void test_small_text(void **state)
{
	struct lb_qr q;
	lb_err e;

	(void)state;
	assert_int_equal(lb_qr_encode("LB1:BB8", &q, &e), LB_OK);
	assert_shape(&q, 1);
	assert_int_equal(q.width, 21);
	lb_qr_free(&q);
}

static void test_too_big_refused(void **state)
{
	char text[2000];
	struct lb_qr q;
	lb_err e;

	(void)state;
	/* Version 10 at level Q holds 221 alphanumeric characters. */
	memset(text, 'A', 221);
	text[221] = '\0';
	assert_int_equal(lb_qr_encode(text, &q, &e), LB_OK);
	assert_shape(&q, 10);
	lb_qr_free(&q);
	text[221] = 'A';
	text[222] = '\0';
	lb_err_clear(&e);
	assert_int_equal(lb_qr_encode(text, &q, &e), LB_EINPUT);
	assert_string_equal(e.msg, "cannot make a QR code of 222 characters: it needs version 11, above the 10 a slip can print");
	assert_null(q.modules);
	assert_int_equal(q.width, 0);

	memset(text, 'A', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	assert_int_equal(lb_qr_encode(text, &q, &e), LB_EINPUT);
	assert_string_equal(e.msg, "cannot make a QR code of 1999 characters: it needs version 37, above the 10 a slip can print");

	assert_int_equal(lb_qr_encode("", &q, &e), LB_EINPUT);
	assert_string_equal(e.msg, "cannot make a QR code of empty text");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_size_payload_fits_version_9),
		cmocka_unit_test(test_genuine_payload),
		cmocka_unit_test(test_small_text),
		cmocka_unit_test(test_too_big_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
