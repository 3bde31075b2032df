/*
 * hash.c — the one place the journal touches libsodium. See hash.h.
 */
#include "hash.h"

#include <sodium.h>
#include <string.h>

_Static_assert(sizeof(crypto_generichash_state) <= sizeof(((lb_hasher *)0)->state),
	       "lb_hasher too small for crypto_generichash_state");

int lb_hash_init(lb_err *e)
{
	if (sodium_init() < 0)
		return lb_fail(e, LB_ESYS, "cannot initialise libsodium");
	return LB_OK;
}

void lb_hash_start(lb_hasher *h)
{
	/* Cannot fail for an unkeyed 32-byte hash. */
	(void)crypto_generichash_init((crypto_generichash_state *)h->state, NULL, 0, LB_HASH_BYTES);
}

void lb_hash_update(lb_hasher *h, const void *p, size_t n)
{
	(void)crypto_generichash_update((crypto_generichash_state *)h->state, p, n);
}

void lb_hash_str(lb_hasher *h, const char *s)
{
	static const unsigned char sep = 0, null = 0xff;
	/* 0xff never occurs in UTF-8, so NULL and "" hash differently. */
	if (s)
		lb_hash_update(h, s, strlen(s));
	else
		lb_hash_update(h, &null, 1);
	lb_hash_update(h, &sep, 1);
}

void lb_hash_i64(lb_hasher *h, int64_t v)
{
	unsigned char b[8];
	uint64_t u = (uint64_t)v;
	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	lb_hash_update(h, b, 8);
}

void lb_hash_finish(lb_hasher *h, unsigned char out[LB_HASH_BYTES])
{
	(void)crypto_generichash_final((crypto_generichash_state *)h->state, out, LB_HASH_BYTES);
}

void lb_hash_hex(const unsigned char *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void lb_hash_history(const unsigned char prev[LB_HASH_BYTES], int64_t seq, const char *tbl,
		     const char *key, const char *row, unsigned char out[LB_HASH_BYTES])
{
	lb_hasher h;

	lb_hash_start(&h);
	lb_hash_update(&h, prev, LB_HASH_BYTES);
	lb_hash_i64(&h, seq);
	lb_hash_str(&h, tbl);
	lb_hash_str(&h, key);
	lb_hash_str(&h, row);
	lb_hash_finish(&h, out);
}
