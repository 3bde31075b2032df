/*
 * serial.h — the voucher serial people read aloud, type and write down.
 *
 * A serial is a 40-bit number shown as 8 Crockford base32 symbols and one
 * check symbol: "XXXX-XXXX-C". The check symbol is from the same 32-symbol
 * alphabet (no punctuation to read out over a phone) and catches every
 * single-character substitution and every transposition of two characters,
 * adjacent or not, including with the check symbol itself. The scheme is
 * documented in docs/voucher-payload.md.
 *
 * Memory: pure functions; the caller owns every buffer. Nothing allocates.
 */
#ifndef LB_SERIAL_H
#define LB_SERIAL_H

#include <stdint.h>
#include "core/err.h"

#define LB_SERIAL_MAX ((UINT64_C(1) << 40) - 1)
/* "XXXX-XXXX-C" and its NUL. */
#define LB_SERIAL_TEXT_SIZE 12

/* Write n (0..LB_SERIAL_MAX) as "XXXX-XXXX-C" into out; LB_EINPUT when n
 * does not fit in 40 bits. */
int lb_serial_format(uint64_t n, char out[LB_SERIAL_TEXT_SIZE], lb_err *e);

/* Read a serial as a person typed it: any case, hyphens and spaces
 * anywhere or nowhere, O for 0 and I or L for 1. LB_EINPUT for a foreign
 * character, the wrong number of symbols, or a check symbol that does not
 * match (the message never reveals the expected one). */
int lb_serial_parse(const char *text, uint64_t *n, lb_err *e);

#endif
