/*
 * test_payload.c — the signed QR payload: exact bytes, round trip, and
 * that no change to a genuine text survives decoding and verification.
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

/* RFC 8032 section 7.1, test 1. */
static const unsigned char seed[32] = {
	0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
	0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
	0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
};

/* Computed independently (Python, the cryptography package's Ed25519 and
 * a separate base45) from docs/voucher-payload.md. */
static const char genuine[] =
	"LB1:G805E9O46%6A*RA000100R37TK404DYKHF40LRQ-OBWV45T6.793W6Q1L3I1G*T4"
	"-33CN5YCFDD.6E$+7V$5K+5.3V6S9:FBY723N9E-7-IVW3PDJVZI7YMNLSA3ADRKFZMKU"
	"6BTHE4TN";

static const unsigned char genuine_body[LB_PAYLOAD_BODY_LEN] = {
	0x01,                                           /* version */
	0x78, 0x49, 0xac, 0x30,                         /* key id */
	'B', 'P', 'N', 'T', 0, 0, 0, 0,                 /* program */
	0x01, 0x38,                                     /* 2026-01 = 312 */
	0x01, 0x23, 0x45, 0x67, 0x89,                   /* serial */
	0x8a, 0x1f, 0x00, 0xc3, 0xd2, 0x7e, 0x5b, 0x64, /* recipient ref */
	0x25, 0x37,                                     /* 2026-01-31 = 9527 */
};

static unsigned char pk[32], sk[64];

static int setup(void **state)
{
	(void)state;
	if (lb_crypto_init(NULL))
		return -1;
	return crypto_sign_seed_keypair(pk, sk, seed);
}

static void sample(struct lb_voucher_payload *p)
{
	static const unsigned char ref[8] = {
		0x8a, 0x1f, 0x00, 0xc3, 0xd2, 0x7e, 0x5b, 0x64,
	};

	memset(p, 0, sizeof *p);
	strcpy(p->program, "BPNT");
	p->period = 312;
	p->serial = UINT64_C(0x0123456789);
	memcpy(p->recipient_ref, ref, sizeof ref);
	p->last_day = 9527;
}

/* Decode then verify: LB_OK only for a genuine slip. */
static int check(const char *text, size_t len, const unsigned char *key)
{
	struct lb_voucher_payload p;
	unsigned char sig[64], body[LB_PAYLOAD_BODY_MAX];
	size_t bodylen;
	lb_err e;
	int rc;

	rc = lb_payload_decode(text, len, &p, sig, body, &bodylen, &e);
	if (rc) {
		assert_int_equal(rc, LB_EINPUT);
		assert_non_null(strstr(e.msg, "unreadable voucher QR: "));
		return rc;
	}
	rc = lb_payload_verify(body, bodylen, sig, key);
	assert_true(rc == LB_OK || rc == LB_ERULE);
	return rc;
}

static void test_known_answer(void **state)
{
	struct lb_voucher_payload p;
	char text[LB_PAYLOAD_TEXT_MAX];
	lb_err e;

	(void)state;
	assert_int_equal(lb_key_id(pk), 0x7849ac30);
	sample(&p);
	p.key_id = 0xdeadbeef; /* ignored: the key decides */
	p.version = 9;         /* ignored */
	lb_err_clear(&e);
	assert_int_equal(lb_payload_encode(&p, sk, text, sizeof text, &e), LB_OK);
	assert_string_equal(text, genuine);
	assert_int_equal(strlen(text), 145);
}

static void test_round_trip(void **state)
{
	struct lb_voucher_payload p, q;
	unsigned char sig[64], body[LB_PAYLOAD_BODY_MAX];
	char text[LB_PAYLOAD_TEXT_MAX];
	size_t bodylen = 0;
	lb_err e;

	(void)state;
	assert_int_equal(lb_payload_decode(genuine, strlen(genuine), &q, sig,
					   body, &bodylen, &e), LB_OK);
	assert_int_equal(q.version, 1);
	assert_int_equal(q.key_id, 0x7849ac30);
	assert_string_equal(q.program, "BPNT");
	assert_int_equal(q.period, 312);
	assert_true(q.serial == UINT64_C(0x0123456789));
	assert_memory_equal(q.recipient_ref, "\x8a\x1f\x00\xc3\xd2\x7e\x5b\x64", 8);
	assert_int_equal(q.last_day, 9527);
	assert_int_equal(bodylen, LB_PAYLOAD_BODY_LEN);
	assert_memory_equal(body, genuine_body, sizeof genuine_body);
	assert_int_equal(lb_payload_verify(body, bodylen, sig, pk), LB_OK);

	/* Extremes of every field. */
	memset(&p, 0, sizeof p);
	strcpy(p.program, "~!ZZ-9/a");
	p.period = 65535;
	p.serial = (UINT64_C(1) << 40) - 1;
	memset(p.recipient_ref, 0xff, sizeof p.recipient_ref);
	p.last_day = 65535;
	assert_int_equal(lb_payload_encode(&p, sk, text, sizeof text, &e), LB_OK);
	assert_int_equal(lb_payload_decode(text, strlen(text), &q, sig, body,
					   &bodylen, &e), LB_OK);
	assert_string_equal(q.program, "~!ZZ-9/a");
	assert_int_equal(q.period, 65535);
	assert_true(q.serial == (UINT64_C(1) << 40) - 1);
	assert_memory_equal(q.recipient_ref, p.recipient_ref, 8);
	assert_int_equal(q.last_day, 65535);
	assert_int_equal(lb_payload_verify(body, bodylen, sig, pk), LB_OK);

	memset(&p, 0, sizeof p);
	strcpy(p.program, "A");
	assert_int_equal(lb_payload_encode(&p, sk, text, sizeof text, &e), LB_OK);
	assert_int_equal(lb_payload_decode(text, strlen(text), &q, sig, body,
					   &bodylen, &e), LB_OK);
	assert_string_equal(q.program, "A");
	assert_int_equal(q.period, 0);
	assert_true(q.serial == 0);
	assert_memory_equal(q.recipient_ref, "\0\0\0\0\0\0\0\0", 8);
	assert_int_equal(q.last_day, 0);
	assert_int_equal(lb_payload_verify(body, bodylen, sig, pk), LB_OK);
}

static void test_scanner_suffixes(void **state)
{
	char text[LB_PAYLOAD_TEXT_MAX + 8];

	(void)state;
	snprintf(text, sizeof text, "%s\r\n", genuine);
	assert_int_equal(check(text, strlen(text), pk), LB_OK);
	snprintf(text, sizeof text, "%s\n", genuine);
	assert_int_equal(check(text, strlen(text), pk), LB_OK);
	snprintf(text, sizeof text, "%s  \t\r", genuine);
	assert_int_equal(check(text, strlen(text), pk), LB_OK);
	/* Leading blanks are not something scanners add. */
	snprintf(text, sizeof text, " %s", genuine);
	assert_int_equal(check(text, strlen(text), pk), LB_EINPUT);
}

/* The heart of it: every single character of a genuine text, replaced by
 * every other character a QR alphanumeric code can hold, and by the
 * lower-case letters a careless re-typing might give. */
static void test_every_one_character_change_fails(void **state)
{
	static const char extra[] = "abcdefghijklmnopqrstuvwxyz\r\n\t#";
	static const char alpha[] = LB_BASE45_ALPHABET;
	char text[sizeof genuine];
	size_t i, c, n = strlen(genuine), changed = 0;

	(void)state;
	assert_int_equal(check(genuine, n, pk), LB_OK);
	for (i = 0; i < n; i++) {
		for (c = 0; c < sizeof alpha - 1 + sizeof extra - 1; c++) {
			char ch = c < sizeof alpha - 1 ? alpha[c]
						       : extra[c - (sizeof alpha - 1)];

			if (ch == genuine[i])
				continue;
			memcpy(text, genuine, sizeof text);
			text[i] = ch;
			assert_int_not_equal(check(text, n, pk), LB_OK);
			changed++;
		}
	}
	assert_int_equal(changed, n * (45 + 30 - 1));
}

static void test_wrong_key_fails(void **state)
{
	unsigned char pk2[32], sk2[64], seed2[32];

	(void)state;
	memcpy(seed2, seed, sizeof seed2);
	seed2[0] ^= 1;
	assert_int_equal(crypto_sign_seed_keypair(pk2, sk2, seed2), 0);
	assert_int_equal(check(genuine, strlen(genuine), pk2), LB_ERULE);
	sodium_memzero(sk2, sizeof sk2);
}

static void test_truncation_and_extension_fail(void **state)
{
	static const char alpha[] = LB_BASE45_ALPHABET;
	char text[sizeof genuine + 4];
	size_t i, c, n = strlen(genuine);

	(void)state;
	for (i = 0; i < n; i++)
		assert_int_equal(check(genuine, i, pk), LB_EINPUT);
	for (c = 0; c < sizeof alpha - 1; c++) {
		memcpy(text, genuine, n);
		text[n] = alpha[c];
		/* A trailing space is stripped like a scanner's: still genuine. */
		assert_int_equal(check(text, n + 1, pk),
				 alpha[c] == ' ' ? LB_OK : LB_EINPUT);
		text[n + 1] = alpha[c];
		assert_int_equal(check(text, n + 2, pk),
				 alpha[c] == ' ' ? LB_OK : LB_EINPUT);
		text[n + 2] = '0';
		assert_int_not_equal(check(text, n + 3, pk), LB_OK);
	}
}

/* A body a stranger made, with the genuine signature attached. */
static void forge(const unsigned char *raw, size_t n, char *out, size_t outsz)
{
	lb_err e;

	memcpy(out, LB_PAYLOAD_PREFIX, 4);
	assert_int_equal(lb_base45_encode(raw, n, out + 4, outsz - 4, &e), LB_OK);
}

static void decode_fails(const char *text, const char *msg)
{
	struct lb_voucher_payload p;
	unsigned char sig[64], body[LB_PAYLOAD_BODY_MAX];
	size_t bodylen = 9;
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_payload_decode(text, strlen(text), &p, sig, body,
					   &bodylen, &e), LB_EINPUT);
	assert_int_equal(bodylen, 0);
	assert_string_equal(e.msg, msg);
}

static void test_malformed_messages(void **state)
{
	unsigned char raw[LB_PAYLOAD_BODY_MAX + 64 + 2];
	unsigned char sig[64], body[LB_PAYLOAD_BODY_MAX];
	struct lb_voucher_payload p;
	char text[300];
	size_t bodylen;
	lb_err e;

	(void)state;
	decode_fails("", "unreadable voucher QR: it does not start with 'LB1:', so it is not a lumbung voucher");
	decode_fails("\r\n", "unreadable voucher QR: it does not start with 'LB1:', so it is not a lumbung voucher");
	decode_fails("https://example.com/", "unreadable voucher QR: it does not start with 'LB1:', so it is not a lumbung voucher");
	decode_fails("lb1:G805", "unreadable voucher QR: it does not start with 'LB1:', so it is not a lumbung voucher");
	decode_fails("LB1:", "unreadable voucher QR: it is too short");
	decode_fails("LB1:GGW", "unreadable voucher QR: invalid base45 text: the group 'GGW' at position 1 is worth 65536, above 65535");
	decode_fails("LB1:g80", "unreadable voucher QR: invalid base45 text: character 'g' at position 1 is not in the base45 alphabet");

	/* Genuine bytes, re-wrapped: each field check in turn. */
	assert_int_equal(lb_payload_decode(genuine, strlen(genuine), &p, sig,
					   body, &bodylen, &e), LB_OK);
	memcpy(raw, body, 30);
	memcpy(raw + 30, sig, 64);

	raw[0] = 2;
	forge(raw, 94, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: payload version 2 is unknown to this lumbung (it reads version 1)");
	raw[0] = 0;
	forge(raw, 94, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: payload version 0 is unknown to this lumbung (it reads version 1)");
	raw[0] = 1;

	forge(raw, 93, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: it has the wrong length for a version 1 payload");
	raw[94] = 0;
	forge(raw, 95, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: it has the wrong length for a version 1 payload");
	forge(raw, 64, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: it is too short");
	memset(raw + 94, 0, sizeof raw - 94);
	forge(raw, sizeof raw, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: it is too long");

	raw[9] = 'X'; /* "BPNTX": padding fine, still well-formed */
	forge(raw, 94, text, sizeof text);
	assert_int_equal(lb_payload_decode(text, strlen(text), &p, sig, body,
					   &bodylen, &e), LB_OK);
	assert_string_equal(p.program, "BPNTX");
	assert_int_equal(lb_payload_verify(body, bodylen, sig, pk), LB_ERULE);
	raw[9] = 0;
	raw[10] = 'X'; /* "BPNT\0X" */
	forge(raw, 94, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: the program code is not padded with zero bytes");
	raw[10] = 0;
	raw[7] = ' ';
	forge(raw, 94, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: the program code is not printable ASCII");
	raw[7] = 0x80;
	forge(raw, 94, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: the program code is not printable ASCII");
	memset(raw + 5, 0, 8);
	forge(raw, 94, text, sizeof text);
	decode_fails(text, "unreadable voucher QR: the program code is empty");
	memcpy(raw + 5, "ABCDEFGH", 8); /* full width, no padding at all */
	forge(raw, 94, text, sizeof text);
	assert_int_equal(lb_payload_decode(text, strlen(text), &p, sig, body,
					   &bodylen, &e), LB_OK);
	assert_string_equal(p.program, "ABCDEFGH");

	/* A NUL inside is not the end of the text. */
	memcpy(text, genuine, sizeof genuine);
	text[50] = '\0';
	assert_int_equal(check(text, strlen(genuine), pk), LB_EINPUT);
}

static void test_encode_refusals(void **state)
{
	struct lb_voucher_payload p;
	char text[LB_PAYLOAD_TEXT_MAX];
	lb_err e;

	(void)state;
	sample(&p);
	p.program[0] = '\0';
	assert_int_equal(lb_payload_encode(&p, sk, text, sizeof text, &e), LB_EINPUT);
	assert_string_equal(e.msg, "cannot sign voucher 4886718345: the program code must be 1 to 8 characters");
	memset(p.program, 'A', sizeof p.program); /* 9, unterminated */
	assert_int_equal(lb_payload_encode(&p, sk, text, sizeof text, &e), LB_EINPUT);
	assert_string_equal(e.msg, "cannot sign voucher 4886718345: the program code must be 1 to 8 characters");
	strcpy(p.program, "PKH BRS");
	assert_int_equal(lb_payload_encode(&p, sk, text, sizeof text, &e), LB_EINPUT);
	assert_string_equal(e.msg, "cannot sign voucher 4886718345: program code 'PKH BRS' must be printable ASCII without spaces");
	sample(&p);
	p.serial = UINT64_C(1) << 40;
	assert_int_equal(lb_payload_encode(&p, sk, text, sizeof text, &e), LB_EINPUT);
	/* Issue 10: runs of 12 or more digits are masked in every message. */
	assert_string_equal(e.msg, "cannot sign voucher 1099*******76: serials are at most 40 bits");
	sample(&p);
	assert_int_equal(lb_payload_encode(&p, sk, text, 145, &e), LB_EINPUT);
	assert_string_equal(e.msg, "cannot sign voucher 4886718345: output buffer of 145 bytes is too small");
	assert_int_equal(lb_payload_encode(&p, sk, text, 146, &e), LB_OK);
	assert_string_equal(text, genuine);
}

static void test_signature_domain(void **state)
{
	struct lb_voucher_payload p;
	unsigned char sig[64], body[LB_PAYLOAD_BODY_MAX];
	unsigned char msg[19 + LB_PAYLOAD_BODY_LEN];
	size_t bodylen;
	lb_err e;

	(void)state;
	assert_int_equal(lb_payload_decode(genuine, strlen(genuine), &p, sig,
					   body, &bodylen, &e), LB_OK);
	/* The bare body is not what was signed... */
	assert_int_not_equal(crypto_sign_verify_detached(sig, body, bodylen, pk), 0);
	/* ...the domain and its NUL followed by the body is. */
	memcpy(msg, "lumbung-voucher-v1", 19);
	memcpy(msg + 19, body, bodylen);
	assert_int_equal(crypto_sign_verify_detached(sig, msg, sizeof msg, pk), 0);
	assert_int_equal(lb_payload_verify(body, LB_PAYLOAD_BODY_MAX + 1, sig, pk),
			 LB_ERULE);
	assert_int_equal(lb_payload_verify(body, bodylen - 1, sig, pk), LB_ERULE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_scanner_suffixes),
		cmocka_unit_test(test_every_one_character_change_fails),
		cmocka_unit_test(test_wrong_key_fails),
		cmocka_unit_test(test_truncation_and_extension_fail),
		cmocka_unit_test(test_malformed_messages),
		cmocka_unit_test(test_encode_refusals),
		cmocka_unit_test(test_signature_domain),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
