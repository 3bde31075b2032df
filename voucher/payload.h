/*
 * payload.h — the signed voucher payload carried by a slip's QR code.
 *
 * Text form:  "LB1:" base45( body || Ed25519 signature )
 * Signature:  Ed25519 (libsodium, detached) over the 19 bytes
 *             "lumbung-voucher-v1" 0x00, followed by the body.
 * Body, version 1, 30 bytes, every integer big-endian:
 *
 *	offset size  field
 *	 0     1     format version, 0x01
 *	 1     4     key id of the signing key (see keys.h)
 *	 5     8     program code: 1..8 ASCII 0x21..0x7e, left-aligned,
 *	             padded with 0x00
 *	13     2     period: months since 2000-01 (year-2000)*12 + month-1
 *	15     5     serial number, 40 bits (serial.h prints it)
 *	20     8     recipient reference: an opaque token the database keeps
 *	             per recipient (never the NIK or anything derived from it)
 *	28     2     last valid day: days since 2000-01-01 (0 = 1 Jan 2000)
 *
 * so a QR text is 4 + 141 = 145 characters. docs/voucher-payload.md has
 * the full specification. A body is never longer than LB_PAYLOAD_BODY_MAX
 * (49) bytes in any version, so a QR text never exceeds 174 characters and
 * fits a version 9 QR symbol at error-correction level Q.
 *
 * Memory: pure functions on caller-owned buffers; nothing allocates.
 */
#ifndef LB_PAYLOAD_H
#define LB_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

#define LB_PAYLOAD_PREFIX "LB1:"
#define LB_PAYLOAD_DOMAIN "lumbung-voucher-v1" /* and its NUL */
#define LB_PAYLOAD_VERSION 1
#define LB_PAYLOAD_BODY_LEN 30 /* version 1 */
#define LB_PAYLOAD_BODY_MAX 49 /* any version */
#define LB_PAYLOAD_SIG_LEN 64
#define LB_PAYLOAD_PROGRAM_MAX 8
#define LB_PAYLOAD_REF_LEN 8
/* Room for the longest text of any version and its NUL: 4 + 170 + 1. */
#define LB_PAYLOAD_TEXT_MAX 175

struct lb_voucher_payload {
	unsigned version;  /* set by decode; encode writes LB_PAYLOAD_VERSION */
	uint32_t key_id;   /* set by decode; encode takes it from sk */
	char program[LB_PAYLOAD_PROGRAM_MAX + 1]; /* NUL-terminated */
	uint16_t period;   /* months since 2000-01 */
	uint64_t serial;   /* 0..LB_SERIAL_MAX */
	unsigned char recipient_ref[LB_PAYLOAD_REF_LEN];
	uint16_t last_day; /* days since 2000-01-01, last day it may be redeemed */
};

/* Sign *p with sk (libsodium's 64-byte secret key: seed || public key)
 * and write the NUL-terminated QR text into out (outsz >=
 * LB_PAYLOAD_TEXT_MAX is always enough). LB_EINPUT for a program code
 * that is empty, longer than 8 or not printable ASCII, a serial above 40
 * bits, or too small an out; LB_ESYS if signing fails. */
int lb_payload_encode(const struct lb_voucher_payload *p,
		      const unsigned char sk[64], char *out, size_t outsz,
		      lb_err *e);

/* Parse len bytes of a scanned QR text (any bytes at all; trailing CR, LF,
 * tab and space are ignored) into *p, the signature and the signed body.
 * No cryptography: check the result with lb_payload_verify, using the
 * public key whose id is p->key_id. LB_EINPUT "unreadable voucher QR: ..."
 * for anything malformed: wrong prefix, bad base45, wrong length, unknown
 * version, invalid program code. */
int lb_payload_decode(const char *text, size_t len,
		      struct lb_voucher_payload *p, unsigned char sig[64],
		      unsigned char body[LB_PAYLOAD_BODY_MAX], size_t *bodylen,
		      lb_err *e);

/* LB_OK if sig is pk's signature of body, LB_ERULE if not (a forged or
 * damaged slip, or another key: the caller says which slip), LB_ESYS if
 * libsodium cannot start. */
int lb_payload_verify(const unsigned char *body, size_t bodylen,
		      const unsigned char sig[64], const unsigned char pk[32]);

#endif
