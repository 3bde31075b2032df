/*
 * hash.h — BLAKE2b-256 (libsodium's crypto_generichash) for the journal's
 * hash chain and other tamper evidence. lb_hash_init must have succeeded
 * once (it calls sodium_init) before any other call.
 */
#ifndef LB_HASH_H
#define LB_HASH_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

#define LB_HASH_BYTES 32

typedef struct lb_hasher {
	/* libsodium's state is 384 bytes, 64-byte aligned; kept opaque here
	 * so headers need not include sodium.h. */
	_Alignas(64) unsigned char state[384];
} lb_hasher;

int lb_hash_init(lb_err *e);
void lb_hash_start(lb_hasher *h);
void lb_hash_update(lb_hasher *h, const void *p, size_t n);
void lb_hash_str(lb_hasher *h, const char *s); /* the bytes and a 0 separator */
void lb_hash_i64(lb_hasher *h, int64_t v);     /* 8 bytes big-endian */
void lb_hash_finish(lb_hasher *h, unsigned char out[LB_HASH_BYTES]);
/* One entry of the history log's chain (core/schema.c, m6_trust):
 * BLAKE2b over the previous entry's hash (32 zero bytes for the first),
 * then seq, tbl, key (as text) and row. */
void lb_hash_history(const unsigned char prev[LB_HASH_BYTES], int64_t seq, const char *tbl,
		     const char *key, const char *row, unsigned char out[LB_HASH_BYTES]);
void lb_hash_hex(const unsigned char *p, size_t n, char *out); /* out: 2n+1 */

#endif
