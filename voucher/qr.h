/*
 * qr.h — QR symbols for voucher slips; the only place lumbung uses
 * libqrencode.
 *
 * lb_qr_encode turns text into a module matrix at error-correction level
 * Q (about 25% of the symbol may be smudged or torn and still read) and
 * refuses anything needing a symbol above version 10, because the slips
 * print a fixed-size code and larger versions get too dense for cheap
 * phone cameras. A voucher payload (payload.h) always gives version 9 or
 * below.
 *
 * Memory: lb_qr_encode allocates out->modules; lb_qr_free releases it and
 * may be called on a zeroed or already freed struct lb_qr.
 */
#ifndef LB_QR_H
#define LB_QR_H

#include "core/err.h"

#define LB_QR_VERSION_MAX 10

struct lb_qr {
	int version;            /* 1..LB_QR_VERSION_MAX */
	int width;              /* modules per side: 17 + 4 * version */
	unsigned char *modules; /* width*width, row by row; 1 = dark, 0 = light */
};

/* Encode text (case-sensitive; upper-case base45 text uses the compact
 * alphanumeric mode). LB_EINPUT if it needs more than version 10 or is
 * empty, LB_ESYS when out of memory. On failure out is zeroed. */
int lb_qr_encode(const char *text, struct lb_qr *out, lb_err *e);

void lb_qr_free(struct lb_qr *q);

#endif
