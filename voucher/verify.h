/*
 * verify.h — is this slip genuine, and what is it for? The one entry point
 * for everything that checks a slip: `voucher show`, redemption at the
 * distribution point, field kits.
 *
 * Input is what a person or scanner gives: the text of a slip's QR code
 * ("LB1:..." as scanned, trailing CR/LF/tab/space ignored) or a serial typed
 * from the slip ("04HM-ASW9-5", forgiving about case, hyphens and spaces;
 * see serial.h).
 *
 * For a QR text, in order:
 *   1. decode it (payload.h)              -> else LB_VERDICT_UNREADABLE
 *   2. find the public key by its key id  -> else LB_VERDICT_UNKNOWN_KEY
 *      (retired keys count: slips they signed stay good)
 *   3. check the Ed25519 signature        -> else LB_VERDICT_FORGED
 *   4. find the voucher by serial         -> else LB_VERDICT_UNKNOWN_SERIAL
 *   5. compare program tag, period, recipient reference and last day with
 *      the voucher                         -> else LB_VERDICT_MISMATCH
 *   -> LB_VERDICT_GENUINE
 * A typed serial has no signature: it is UNREADABLE when malformed (or its
 * check symbol fails), UNKNOWN_SERIAL when no voucher has it, else GENUINE
 * with from_qr = 0 — the person at the table must then check the slip by
 * eye (name, masked NIK), which is why the voucher's details come back.
 *
 * GENUINE says the slip is authentic, not that it may be redeemed: look at
 * v.status (valid, expired, cancelled, revoked, reissued) for that.
 *
 * Pure of printing: nothing is written to the database or any stream.
 *
 * Memory: struct lb_voucher_check is a caller-owned value; nothing
 * allocates for the caller.
 */
#ifndef LB_VOUCHER_VERIFY_H
#define LB_VOUCHER_VERIFY_H

#include <stddef.h>

#include "core/date.h"
#include "core/db.h"
#include "core/hash.h"
#include "voucher/payload.h"
#include "voucher/voucher.h"

enum lb_verdict {
	LB_VERDICT_GENUINE = 0,
	LB_VERDICT_UNREADABLE,     /* neither a voucher QR text nor a serial */
	LB_VERDICT_UNKNOWN_KEY,    /* signed with a key this database does not know */
	LB_VERDICT_FORGED,         /* the signature does not match: made up or altered */
	LB_VERDICT_UNKNOWN_SERIAL, /* authentic form, but no voucher here has that serial */
	LB_VERDICT_MISMATCH,       /* signed by our key, but says something other than the voucher,
				    * or signed with an older key than the voucher was issued under */
	LB_VERDICT_KEY_REVOKED,    /* signed with (or issued under) a revoked key: reissue it */
};

/* "genuine", "unreadable", "unknown key", "forged", "unknown serial",
 * "mismatch". */
const char *lb_verdict_name(int verdict);

/* The exit status `voucher show` gives a verdict: 0 genuine, 2 unreadable,
 * 3 anything readable that is not genuine. */
int lb_verdict_exit(int verdict);

struct lb_voucher_check {
	int verdict;                    /* enum lb_verdict */
	int from_qr;                    /* 1: a QR text (signature checked); 0: a typed serial */
	char why[LB_ERR_MAX];           /* not genuine: one line for people, never a NIK */
	/* Read from the input (from_qr and not unreadable): */
	struct lb_voucher_payload payload;
	/* Known whenever the input was readable: */
	uint64_t serial;
	char serial_text[LB_SERIAL_TEXT_SIZE];
	/* GENUINE or MISMATCH: the voucher in the database — its allocation,
	 * recipient, point, program, period, last day and status as of the
	 * day given. */
	struct lb_voucher v;
};

/*
 * Check len bytes of text (any bytes; no NUL needed) against the database
 * as of day today (for expiry). LB_OK whatever the verdict, which is in
 * out->verdict; LB_ESYS only when the database or libsodium fails.
 */
int lb_voucher_verify(lb_db *db, const char *text, size_t len, lb_day today,
		      struct lb_voucher_check *out, lb_err *e);

/*
 * A QR text's signature checked ahead, away from the database (on another
 * thread while the caller posts, as `field import` does): step 3 alone,
 * under the public key the caller gave for the text's key id. It stands
 * in for step 3 of lb_voucher_verify_ahead only when the key the database
 * holds for that id then is byte for byte the one checked with; every
 * other step is taken there as always.
 */
struct lb_sig_ahead {
	int checked;                        /* 1: rc below is lb_payload_verify's */
	unsigned char text[LB_HASH_BYTES];  /* of the text checked: used for that text only */
	uint32_t key_id;
	unsigned char pk[LB_KEY_PUBLIC_BYTES];
	int rc;                             /* LB_OK, LB_ERULE (forged) or LB_ESYS */
};
/* keys: the database's public keys, read before (lb_signing_key_list).
 * Touches no database; safe on any thread. */
void lb_sig_check_ahead(const char *text, size_t len, const struct lb_key_row *keys, size_t nkeys,
			struct lb_sig_ahead *out);
/* lb_voucher_verify with a signature checked ahead (NULL: none). */
int lb_voucher_verify_ahead(lb_db *db, const char *text, size_t len, lb_day today,
			    const struct lb_sig_ahead *ahead, struct lb_voucher_check *out, lb_err *e);

#endif
