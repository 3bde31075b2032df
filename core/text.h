/*
 * text.h — what every text that enters lumbung must be: valid UTF-8,
 * without control characters, within a length. Option values, CSV and
 * XLSX cells, scanner lines and $LUMBUNG_OPERATOR all pass here before
 * they are stored, so that every output (JSON above all) stays valid.
 * Memory: nothing is allocated.
 */
#ifndef LB_TEXT_H
#define LB_TEXT_H

#include <stddef.h>

#include "err.h"
#include "mask.h"

/* The length of the valid UTF-8 prefix of s[0..n): n when all of it is
 * valid. Overlong forms, surrogates and code points past U+10FFFF are
 * invalid. */
size_t lb_utf8_valid_prefix(const char *s, size_t n);

/* 1 when s[0..n) is valid UTF-8. */
int lb_utf8_valid(const char *s, size_t n);

/* Free text of at most max bytes: valid UTF-8 and without control
 * characters; empty is refused when required. `what` names the field in
 * the message ("--note", "row 12, column 'name'"); the value itself is
 * never quoted, since it may hold a NIK. */
int lb_text_check(const char *s, const char *what, size_t max, int required, lb_err *e);

/* lb_digits_mask, the masking of NIKs in text, is core/mask.h's. */

#endif
