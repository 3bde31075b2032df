/*
 * base45.h — RFC 9285 base45, the text form of the signed voucher payload.
 *
 * base45 uses exactly the 45 characters of the QR alphanumeric mode, so a
 * QR code carries 11 bits per 2 characters instead of 8 bits per byte.
 * Decoding is strict: every accepted text is the one and only encoding of
 * its bytes, so a changed character can never decode to the same bytes.
 *
 * Memory: pure functions; the caller owns every buffer and gives its size.
 * Nothing here allocates.
 */
#ifndef LB_BASE45_H
#define LB_BASE45_H

#include <stddef.h>
#include "core/err.h"

/* The alphabet, in value order 0..44. */
#define LB_BASE45_ALPHABET "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

/* Characters base45 makes of n bytes (without the terminating NUL). */
size_t lb_base45_encoded_len(size_t n);

/* Encode n bytes of in into out as a NUL-terminated string.
 * outsz must be at least lb_base45_encoded_len(n) + 1; LB_EINPUT otherwise. */
int lb_base45_encode(const unsigned char *in, size_t n, char *out,
		     size_t outsz, lb_err *e);

/* Decode len characters of in (no NUL needed) into out (outsz bytes) and
 * set *outlen. LB_EINPUT, naming the 1-based character position, for a
 * character outside the alphabet, a group of three above 65535, a final
 * pair above 255, a single dangling character, or too small an out. */
int lb_base45_decode(const char *in, size_t len, unsigned char *out,
		     size_t outsz, size_t *outlen, lb_err *e);

#endif
