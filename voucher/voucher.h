/*
 * voucher.h — vouchers: one signed slip (kupon) per allocation, its serial,
 * its status, and the two ways a slip ends early (revoke, reissue).
 *
 * Owns the tables voucher and voucher_revocation (migration 3) and the
 * signing_key table's rows (the public halves of the keys; the secret stays
 * in its key file, see keys.h).
 *
 * A voucher's serial is a bijection of its id: (id × K mod 2^40) xor C,
 * with K odd, so serials are unique by construction and consecutive
 * vouchers do not get consecutive-looking serials. The database stores it
 * too (UNIQUE), for lookups.
 *
 * The last day a voucher may be redeemed is the last day of its round:
 * the round starts in the allocation's period and lasts the program's
 * round_months months (January of a one-month program: 31 January).
 *
 * Memory: every struct here is a plain value with fixed-size fields that
 * the caller owns; nothing allocates for the caller.
 */
#ifndef LB_VOUCHER_H
#define LB_VOUCHER_H

#include <stdint.h>

#include "core/date.h"
#include "core/db.h"
#include "voucher/keys.h"
#include "voucher/payload.h"
#include "voucher/serial.h"

#define LB_VCH_CODE_MAX 64   /* program and location codes, NUL included */
#define LB_VCH_NAME_MAX 128  /* names, NUL included */
#define LB_VCH_REASON_MAX 256

enum lb_voucher_status {
	LB_VOUCHER_VALID = 0,   /* may be redeemed */
	LB_VOUCHER_EXPIRED,     /* its last day has passed */
	LB_VOUCHER_CANCELLED,   /* its allocation was cancelled */
	LB_VOUCHER_REVOKED,     /* void; no replacement */
	LB_VOUCHER_REISSUED,    /* void; replaced by the voucher replaced_by */
};

/* "valid", "expired", "cancelled", "revoked", "reissued". */
const char *lb_voucher_status_name(int status);

/* A voucher and what a person checking it needs to know. */
struct lb_voucher {
	int64_t id;
	uint64_t serial;
	char serial_text[LB_SERIAL_TEXT_SIZE];
	char last_day[11];                     /* YYYY-MM-DD */
	char created_at[21];
	int64_t replaces_id;                   /* 0: the first voucher of its allocation */
	char replaces_text[LB_SERIAL_TEXT_SIZE]; /* its serial, "" when none */

	int64_t allocation_id;
	char allocation_status[16];            /* allocated, cancelled */
	int64_t program_id;
	char program[LB_VCH_CODE_MAX];         /* the program's code */
	char program_name[LB_VCH_NAME_MAX];
	int period;                            /* year*12 + month-1 (date.h) */
	int64_t recipient_id;
	char recipient_name[LB_VCH_NAME_MAX];
	char recipient_token[17];              /* 16 hex: the QR's recipient reference */
	char nik_masked[17];                   /* lb_nik_mask: the NIK never leaves whole */
	char proxy_name[LB_VCH_NAME_MAX];      /* "" when none */
	char village[LB_VCH_CODE_MAX];         /* the recipient's village code */
	char village_name[LB_VCH_NAME_MAX];
	char district_name[LB_VCH_NAME_MAX];
	int64_t point_id;
	char point[LB_VCH_CODE_MAX];           /* where they collect: code and name */
	char point_name[LB_VCH_NAME_MAX];

	int status;                            /* enum lb_voucher_status, as of the day asked */
	char revoked_at[21];                   /* "" unless revoked or reissued */
	char revoked_by[64];
	char revoke_reason[LB_VCH_REASON_MAX];
	int64_t replaced_by_id;                /* reissued: the new voucher */
	uint64_t replaced_by_serial;
	char replaced_by_text[LB_SERIAL_TEXT_SIZE];

	int has_key;                           /* the key it was issued under is known: */
	uint32_t key_id;                       /*   that key */
	char key_revoked_at[21];               /* "" unless that key was revoked */
	char key_revoke_reason[LB_VCH_REASON_MAX];
};

/* The serial of voucher id (1..2^40-1) and back: the scheme of vouchers
 * made before migration 6, which keep their serials. New vouchers get a
 * serial drawn at random (libsodium), unique in the database. */
uint64_t lb_voucher_serial_of_id(int64_t id);
int64_t lb_voucher_id_of_serial(uint64_t serial);

/* The program code as a QR payload carries it (1..8 printable ASCII
 * characters): the code itself when it fits, else its first four and last
 * four characters ("SEMBAKO-2026" -> "SEMB2026"); a byte outside 0x21..0x7e
 * becomes '_'. The serial, not this tag, identifies a voucher; the tag lets
 * a reader tell programs apart and is checked against the voucher's. */
void lb_voucher_program_tag(const char *code, char out[LB_PAYLOAD_PROGRAM_MAX + 1]);

/* A program as vouchers need it. */
struct lb_voucher_program {
	int64_t id;
	char code[LB_VCH_CODE_MAX];
	char name[LB_VCH_NAME_MAX];
	int round_months;
	int first_period, last_period;        /* year*12 + month-1 */
};

/* Look up a program by code: LB_EINPUT "unknown program 'X'" when there is
 * none. */
int lb_voucher_program(lb_db *db, const char *code, struct lb_voucher_program *out, lb_err *e);

/* Check that period is one of the program's rounds (within first..last and
 * a whole number of rounds after first): LB_EINPUT naming the rounds
 * otherwise. Then LB_ERULE when the round has no allocations yet (pointing
 * at `lumbung allocate`). *count receives the allocations (may be NULL). */
int lb_voucher_check_round(lb_db *db, const struct lb_voucher_program *p, int period,
			   long *count, lb_err *e);

/* The last day of the round of program p that starts in period. */
lb_day lb_voucher_last_day(const struct lb_voucher_program *p, int period);

/*
 * Give every allocation of the program's round that has no voucher yet its
 * voucher, with one INSERT ... SELECT. Idempotent: a second call creates
 * none. An allocation whose voucher was revoked has a voucher and gets no
 * new one here (that is what reissue is for), and a cancelled allocation
 * gets none. Runs inside the caller's transaction when there is one (so
 * `allocate` can call it), else in its own. period is year*12 + month-1
 * (lb_period_parse). *created (may be NULL): how many were made.
 */
int lb_voucher_create_missing(lb_db *db, int64_t program_id, int period, long *created,
			      lb_err *e);

/* Look up a voucher by serial, with its status as of today. LB_OK with
 * *found 0 or 1. */
int lb_voucher_by_serial(lb_db *db, uint64_t serial, lb_day today, struct lb_voucher *out,
			 int *found, lb_err *e);

/* Parse a typed serial and look it up: LB_EINPUT for a malformed serial or
 * one no voucher has ("no voucher has serial X"). */
int lb_voucher_find(lb_db *db, const char *serial_text, lb_day today, struct lb_voucher *out,
		    lb_err *e);

/* The serial of an allocation's current voucher (the one not revoked), for
 * `allocation list`: *found 0 when it has none (not printed yet, or
 * revoked without reissue). A listing of many allocations is better served
 * by the same join in its own query:
 *   LEFT JOIN voucher v ON v.allocation_id = a.id AND NOT EXISTS
 *     (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id)
 * and lb_serial_format(v.serial). */
int lb_voucher_serial_of_allocation(lb_db *db, int64_t allocation_id,
				    char out[LB_SERIAL_TEXT_SIZE], int *found, lb_err *e);

/*
 * Revoke the voucher with this serial (its slip becomes void), recording
 * the reason, time and operator, in one transaction. LB_ERULE when it is
 * already revoked or reissued.
 */
int lb_voucher_revoke(lb_db *db, const char *serial_text, const char *reason,
		      const char *operator, struct lb_voucher *out, lb_err *e);

/*
 * A lost or damaged slip: revoke the voucher and create its replacement
 * for the same allocation and last day, in one transaction. *out receives
 * the new voucher. LB_ERULE when the voucher is already revoked or
 * reissued, its allocation cancelled, or its last day past (today).
 */
int lb_voucher_reissue(lb_db *db, const char *serial_text, const char *reason,
		       const char *operator, lb_day today, struct lb_voucher *out, lb_err *e);

/* Signing keys (the public halves in signing_key). */
struct lb_key_row {
	uint32_t key_id;
	unsigned char pk[LB_KEY_PUBLIC_BYTES];
	char created_at[21];
	char retired_at[21];                   /* "" for the key that signs */
	char revoked_at[21];                   /* "" unless revoked (compromised) */
	char revoke_reason[256];
	int lost;                              /* its file was lost (key rotate --lost) */
};

/* key revoke: mark key key_id (8 hex digits, as `key list` shows it)
 * compromised. From then on every slip it signed is refused until
 * reissued (lb_voucher_reissue_key). LB_EINPUT: malformed id, empty
 * reason; LB_ERULE: not one of this database's keys, revoked already. */
int lb_signing_key_revoke(lb_db *db, const char *key_id_text, const char *reason, const char *operator,
			  struct lb_key_row *out, lb_err *e);

/* voucher reissue --key: every open voucher (not redeemed, revoked,
 * replaced, cancelled or expired) of a program's round issued under key
 * key_id_text is reissued under the current key, in one transaction.
 * LB_ERULE when the current key is that key (rotate first). *n: how many. */
int lb_voucher_reissue_key(lb_db *db, const char *key_id_text, int64_t program_id, int period,
			   const char *reason, const char *operator, lb_day today, long *n, lb_err *e);

/* key rotate --lost: the key file is gone. A new key is made at path
 * (which must not exist) and signs from now on; the old key is retired
 * and the loss recorded with note. Its slips stay valid: revoke it too
 * when the file may have been copied. */
int lb_signing_key_rotate_lost(lb_db *db, const char *path, const char *note, const char *operator,
			       struct lb_key_row *old, struct lb_key_row *out, lb_err *e);

/* The public key with this id, retired or not: *found 0 or 1. */
int lb_signing_key_get(lb_db *db, uint32_t key_id, struct lb_key_row *out, int *found,
		       lb_err *e);
/* The key that signs now: *found 0 when there is none (key init). */
int lb_signing_key_active(lb_db *db, struct lb_key_row *out, int *found, lb_err *e);
/* Every key, oldest first. fn returns non-zero to stop. */
int lb_signing_key_list(lb_db *db, int (*fn)(void *arg, const struct lb_key_row *k, lb_err *e),
			void *arg, lb_err *e);
/* Record a new public key as the one that signs, retiring the current one
 * if any; inside the caller's transaction. LB_ERULE when a key with the
 * same id exists already (one chance in 2^32: make another). */
int lb_signing_key_add(lb_db *db, const struct lb_signing_key *k, lb_err *e);

/*
 * Check that the loaded secret key k is this database's signing key:
 * LB_ERULE when its public key is not in the database ("key file 'path'
 * holds key X, which this database does not know: ...") or it is retired.
 * path names the file in messages.
 */
int lb_signing_key_usable(lb_db *db, const struct lb_signing_key *k, const char *path, lb_err *e);

/* Where the signing key file is: opt when given, else $LUMBUNG_KEY, else
 * the database's default place, $XDG_CONFIG_HOME/lumbung/DBID.key (or
 * ~/.config/lumbung/DBID.key), when *is_default is set. out is the
 * caller's lb_buf, reset first. For the CLI and `lumbung serve` alike. */
struct lb_buf;
int lb_signing_key_path(lb_db *db, const char *opt, struct lb_buf *out, int *is_default, lb_err *e);

/*
 * `key init`: write a new key file at path (mode 0600, never over an
 * existing file) and record its public key as the one that signs. LB_ERULE
 * when the database already has a signing key (use rotate) or the file
 * exists. On failure the database is unchanged and a file this call made
 * is removed again. *out receives the new key's row.
 */
int lb_signing_key_init(lb_db *db, const char *path, struct lb_key_row *out, lb_err *e);

/*
 * `key rotate`: the key file at path must hold the current signing key. A
 * new key is made, the old file is kept beside it as archive (path with
 * ".retired-<old key id>" appended, mode 0600: it can still be destroyed
 * by hand), the new key takes its place at path, and the database retires
 * the old key (kept for checking) and records the new one, all or nothing.
 * archive (archsz bytes) receives the old file's new name.
 */
int lb_signing_key_rotate(lb_db *db, const char *path, struct lb_key_row *old,
			  struct lb_key_row *out, char *archive, size_t archsz, lb_err *e);

/* Fill the QR payload of voucher v for signing. */
int lb_voucher_payload(const struct lb_voucher *v, uint32_t key_id, struct lb_voucher_payload *p,
		       lb_err *e);

/* The recipient reference (8 bytes) from a 16-hex token: LB_EINPUT if the
 * token is malformed. */
int lb_voucher_ref_of_token(const char *token, unsigned char ref[LB_PAYLOAD_REF_LEN], lb_err *e);

#endif
