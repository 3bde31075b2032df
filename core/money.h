/*
 * money.h — whole rupiah and whole counts, parsed and printed exactly.
 *
 * Amounts are int64_t rupiah; there is no floating point anywhere near
 * money. Parsers refuse overflow, signs where none belong, fractions and
 * text, with LB_EINPUT naming the field. Nothing here allocates.
 */
#ifndef LB_MONEY_H
#define LB_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

/* The largest amount or quantity lumbung accepts: 10^15, far above any
 * real figure and far enough below INT64_MAX that sums of a few million
 * of them cannot overflow. */
#define LB_AMOUNT_MAX 1000000000000000LL

/* Rupiah as people write them: 300000, 300.000, Rp300.000, Rp 300.000.
 * Dots must group thousands (Indonesian style); a decimal part is refused
 * (amounts are whole rupiah). */
int lb_money_parse(const char *s, const char *what, int64_t *out, lb_err *e);

/* Rp1.234.500 (and -Rp1.234.500). out must hold 32 bytes. */
void lb_money_format(int64_t v, char *out, size_t n);

/* 1.234.500 — Indonesian digit grouping without the currency. */
void lb_int_format_id(int64_t v, char *out, size_t n);

/* A plain whole number within [min, max]: digits with an optional
 * leading '-' when min < 0. */
int lb_int_parse(const char *s, const char *what, int64_t min, int64_t max,
		 int64_t *out, lb_err *e);

/* Checked arithmetic for totals of money and quantities. Each figure is
 * within LB_AMOUNT_MAX, but a product of a quantity and a unit cost, or a
 * sum of many of them, can still pass INT64_MAX and wrap to a negative
 * figure nobody would notice on paper. On overflow: LB_ERULE with
 * "cannot add up WHAT: the sum is too large to count" (or "the product"),
 * *acc / *out unchanged. what names the figure, e.g. "the closing value
 * of 'BERAS' at 'GD-TGR'". */
int lb_sum_add(int64_t *acc, int64_t v, const char *what, lb_err *e);
int lb_sum_mul(int64_t a, int64_t b, int64_t *out, const char *what, lb_err *e);

#endif
