/*
 * namefold.h — the form of a name in which two spellings of one person
 * compare equal, for finding likely duplicates ("BAHARUDDIN" and
 * "H. Baharuddin", "Hj. NURHAYATI" and "Nurhayati").
 *
 * Folding: ASCII letters lowered; every character that is not a letter
 * or digit (spaces, dots, commas, apostrophes, hyphens) separates words;
 * words that are titles, honorifics or degrees are dropped; the remaining
 * words are joined with single spaces. Bytes of other scripts (UTF-8
 * above 0x7F) are kept as they are. The dropped words, as they read after
 * folding (docs/recipients.md lists them): h, hj, haji, hajjah, hajah,
 * drs, dra, dr, ir, prof, spd, spdi, se, sh, ssos, skm, skep, st, sag,
 * amd, amk, mpd, msi, mm, mh, bin, binti, bpk, bapak, ibu, almarhum,
 * alm, almh. A name made only of such words folds to itself lowered, so
 * that it is never empty.
 */
#ifndef LB_NAMEFOLD_H
#define LB_NAMEFOLD_H

#include <stddef.h>

/* out has room for n bytes (n > 0); the fold is never longer than name. */
void lb_name_fold(const char *name, char *out, size_t n);

#endif
