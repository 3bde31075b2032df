/*
 * names.h — what text the ledger accepts: codes of items, locations and
 * lots, caller-chosen movement ids (keys), names and notes.
 *
 * Codes are what people type on the command line and in CSV files, so
 * they are short and plain: no spaces, nothing a shell or a spreadsheet
 * would mangle. Codes starting with '@' are the ledger's own accounts
 * (@SUPPLY, @RECIPIENTS, @ADJUST) and cannot be made by hand. Free text
 * (names, notes, references) may hold anything printable, but no control
 * characters, which would break tables and CSV rows on their way out.
 *
 * Nothing here allocates.
 */
#ifndef LB_NAMES_H
#define LB_NAMES_H

#include <stddef.h>
#include "core/err.h"
#include "core/text.h"

#define LB_CODE_MAX 32  /* item and location codes */
#define LB_LOT_MAX 40   /* lot codes (as printed by suppliers) */
#define LB_KEY_MAX 64   /* movement ids */
#define LB_NAME_MAX 120 /* names */
#define LB_TEXT_MAX 500 /* notes, references, reasons */

/* Item and location codes: letters, digits, '.', '_', '-'. */
int lb_code_check(const char *s, const char *what, lb_err *e);

/* Lot codes: as codes, plus '/' (suppliers write LOT/2026/01). */
int lb_lot_code_check(const char *s, const char *what, lb_err *e);

/* Movement ids: printable ASCII without spaces, and no '#', which marks
 * the second and later parts of a split posting (KEY#2). */
int lb_key_check(const char *s, const char *what, lb_err *e);

/* Free text: lb_text_check, in core/text.h. */

#endif
