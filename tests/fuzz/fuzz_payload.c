/*
 * fuzz_payload.c — libFuzzer target for the voucher QR decoder, the one
 * parser in lumbung that reads bytes a stranger printed.
 *
 * `make fuzz` runs it for FUZZ_SECONDS on a copy of
 * tests/fuzz/corpus/payload; `make check` replays those seeds through it
 * without libFuzzer.
 *
 * The seed corpus holds genuine payloads signed with the RFC 8032 test 1
 * key, so the fuzzer also walks the path where the signature verifies.
 * Besides not crashing, it holds the promises the headers make: a refusal
 * is LB_EINPUT worded "unreadable voucher QR: ...", an accepted text is the
 * one and only encoding of its bytes (re-encoding gives it back exactly),
 * its fields are within range, and the same holds for bare base45 and for
 * serials parsed from the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "voucher/base45.h"
#include "voucher/keys.h"
#include "voucher/payload.h"
#include "voucher/serial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* RFC 8032 section 7.1, test 1: the key the seed corpus is signed with. */
static const unsigned char seed[32] = {
	0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
	0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
	0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
};

static void fuzz_payload(const char *text, size_t size,
			 const unsigned char pk[32])
{
	struct lb_voucher_payload p;
	unsigned char sig[64], body[LB_PAYLOAD_BODY_MAX], raw[128];
	char again[LB_PAYLOAD_TEXT_MAX];
	size_t bodylen = 99, len = size, i;
	lb_err e;
	int rc;

	lb_err_clear(&e);
	rc = lb_payload_decode(text, size, &p, sig, body, &bodylen, &e);
	if (rc) {
		check(rc == LB_EINPUT && e.code == LB_EINPUT);
		check(strncmp(e.msg, "unreadable voucher QR: ", 23) == 0);
		check(bodylen == 0);
		return;
	}
	check(bodylen == LB_PAYLOAD_BODY_LEN && p.version == LB_PAYLOAD_VERSION);
	check(p.serial <= LB_SERIAL_MAX);
	check(strlen(p.program) >= 1 && strlen(p.program) <= 8);
	for (i = 0; p.program[i]; i++)
		check(p.program[i] > 0x20 && p.program[i] < 0x7f);

	/* Canonical: the bytes encode back to exactly the text given. */
	while (len && (text[len - 1] == '\r' || text[len - 1] == '\n' ||
		       text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	memcpy(raw, body, bodylen);
	memcpy(raw + bodylen, sig, 64);
	check(lb_base45_encode(raw, bodylen + 64, again, sizeof again, &e) == LB_OK);
	check(len == 4 + strlen(again));
	check(memcmp(text, LB_PAYLOAD_PREFIX, 4) == 0);
	check(memcmp(text + 4, again, len - 4) == 0);

	rc = lb_payload_verify(body, bodylen, sig, pk);
	check(rc == LB_OK || rc == LB_ERULE);
}

static void fuzz_base45(const char *text, size_t size)
{
	unsigned char out[256];
	char again[400];
	size_t n = 7;
	lb_err e;
	int rc;

	if (size > 384)
		size = 384;
	rc = lb_base45_decode(text, size, out, sizeof out, &n, &e);
	if (rc) {
		check(rc == LB_EINPUT && n == 0);
		return;
	}
	check(lb_base45_encode(out, n, again, sizeof again, &e) == LB_OK);
	check(strlen(again) == size && memcmp(again, text, size) == 0);
}

static void fuzz_serial(const char *text, size_t size)
{
	char buf[64], out[LB_SERIAL_TEXT_SIZE];
	uint64_t n = 1, m = 2;
	lb_err e;

	if (size >= sizeof buf)
		size = sizeof buf - 1;
	memcpy(buf, text, size);
	buf[size] = '\0';
	if (lb_serial_parse(buf, &n, &e)) {
		check(e.code == LB_EINPUT && n == 0);
		return;
	}
	check(n <= LB_SERIAL_MAX);
	check(lb_serial_format(n, out, &e) == LB_OK);
	check(lb_serial_parse(out, &m, &e) == LB_OK && m == n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char pk[32];
	static int ready;
	const char *text = (const char *)data;

	if (!ready) {
		unsigned char sk[64];

		check(lb_crypto_init(NULL) == LB_OK);
		check(crypto_sign_seed_keypair(pk, sk, seed) == 0);
		sodium_memzero(sk, sizeof sk);
		ready = 1;
	}
	fuzz_payload(text, size, pk);
	fuzz_base45(text, size);
	fuzz_serial(text, size);
	return 0;
}
