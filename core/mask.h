/*
 * mask.h — keeping a NIK, KK or phone number out of every message and log
 * line. Apart from text.h so that err.c, which masks every message it
 * records, depends on nothing that depends on it.
 *
 * Memory: works in place; nothing is allocated.
 */
#ifndef LB_MASK_H
#define LB_MASK_H

/* Mask, in place, every run of 12 or more digits in s, whatever single
 * or double separators (space, tab, - . / _ : ,) group them: the first 4
 * and the last 2 digits stay, the others become a star.
 * A NIK (16 digits), a KK or a phone number never reaches a message or a
 * log line whole. A date at the start of a run (YYYY-MM-DD) is left
 * alone, so that "2026-01-15 09:12:03" stays readable. */
void lb_digits_mask(char *s);

#endif
