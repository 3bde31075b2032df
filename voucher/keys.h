/*
 * keys.h — Ed25519 signing keys for vouchers: the key file, the key id,
 * and libsodium start-up.
 *
 * Key file (a small text file, mode 0600, never overwritten):
 *
 *	lumbung-signing-key v1
 *	key-id 1a2b3c4d
 *	secret-key <128 lower-case hex digits: libsodium's 64-byte secret key,
 *	            i.e. the 32-byte seed followed by the 32-byte public key>
 *
 * each line ending in "\n". The key id is the first 4 bytes, read
 * big-endian, of BLAKE2b-256 (crypto_generichash) of the 32-byte public
 * key, printed as 8 lower-case hex digits. Loading re-derives the key pair
 * from the seed and the id from the public key and refuses any mismatch.
 *
 * Memory: struct lb_signing_key is a caller-owned value holding a secret;
 * wipe it with lb_key_wipe when done. Nothing here allocates for the
 * caller.
 */
#ifndef LB_KEYS_H
#define LB_KEYS_H

#include <stdint.h>
#include "core/err.h"

#define LB_KEY_PUBLIC_BYTES 32
#define LB_KEY_SECRET_BYTES 64
/* 8 hex digits and a NUL. */
#define LB_KEY_ID_TEXT_SIZE 9

struct lb_signing_key {
	uint32_t id;
	unsigned char pk[LB_KEY_PUBLIC_BYTES];
	unsigned char sk[LB_KEY_SECRET_BYTES]; /* secret: lb_key_wipe */
};

/* Start libsodium. Idempotent and safe to call from anywhere before any
 * crypto; LB_ESYS if libsodium cannot start. */
int lb_crypto_init(lb_err *e);

/* The key id of a public key. Cannot fail with these fixed lengths; if
 * libsodium could not start it returns 0, which no key file will match. */
uint32_t lb_key_id(const unsigned char pk[LB_KEY_PUBLIC_BYTES]);

/* The print form of a key id: 8 lower-case hex digits. */
void lb_key_id_text(uint32_t id, char out[LB_KEY_ID_TEXT_SIZE]);

/* Write a new key file at path, mode 0600, atomically: the file appears
 * complete or not at all. LB_ERULE if path already exists (a key is never
 * replaced: slips signed with it would become unverifiable), LB_ESYS on
 * I/O failure. */
int lb_key_create(const char *path, lb_err *e);

/* Read and check the key file at path into *k. LB_EINPUT if it does not
 * exist or is malformed, LB_ERULE if group or others may read or write
 * it, LB_ESYS on I/O failure. On failure *k is wiped. */
int lb_key_load(const char *path, struct lb_signing_key *k, lb_err *e);

/* Zero the secret (and everything else) in *k. */
void lb_key_wipe(struct lb_signing_key *k);

#endif
