/*
 * terbilang.h — an amount of rupiah in Indonesian words, as written under
 * the figures on slips, receipts and BAST ("terbilang: tiga ratus ribu
 * rupiah").
 *
 * Words are lower case and end in "rupiah"; the caller capitalises if a form
 * wants it. Every int64_t from 0 up to INT64_MAX is spelled (the scale goes
 * ribu, juta, miliar, triliun, kuadriliun, kuintiliun).
 *
 * Memory: the words are appended to a caller-owned lb_buf; nothing else is
 * allocated. On failure the buffer holds exactly what it held before.
 */
#ifndef LB_TERBILANG_H
#define LB_TERBILANG_H

#include <stdint.h>
#include "buf.h"

/* Append the words for rupiah to out. LB_EINPUT for a negative amount,
 * LB_ESYS when out of memory. */
int lb_terbilang(int64_t rupiah, lb_buf *out, lb_err *e);

#endif
