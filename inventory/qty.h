/*
 * qty.h — quantities as people type them ("12", "3 rak", "2.5 liter"),
 * turned into an item's base unit exactly, with integer arithmetic only.
 *
 * An item counts in a base unit (kg, butir, kaleng) and may name packs
 * with exact factors (1 rak = 30 butir). A typed quantity is a number and
 * an optional unit, the base unit or a pack. A decimal part is accepted
 * with '.' or ',' only when the result is a whole number of base units
 * (2.5 liter = 2500 ml when the base is ml; 0.5 rak = 15 butir); anything
 * else is refused with a message that says how to write it.
 *
 * Indonesian groups thousands with '.', English marks decimals with it, so
 * "1.000" could be a thousand or one: such input is refused as ambiguous
 * rather than guessed. "1.000.000" (grouping) is refused the same way.
 *
 * Memory: nothing here allocates; lb_units is a fixed-size value.
 */
#ifndef LB_QTY_H
#define LB_QTY_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

#define LB_UNIT_LEN 24  /* bytes for a unit name, NUL included */
#define LB_PACKS_MAX 16 /* packs one item may name */

struct lb_unit {
	char name[LB_UNIT_LEN];
	int64_t factor; /* base units in one */
};

/* An item's units: its base unit and its packs. */
struct lb_units {
	char base[LB_UNIT_LEN];
	int npacks;
	struct lb_unit packs[LB_PACKS_MAX];
};

enum {
	LB_QTY_POSITIVE = 0, /* > 0: receipts, moves */
	LB_QTY_ZERO_OK = 1,  /* >= 0: a stock count may find nothing */
	LB_QTY_SIGNED = 2,   /* != 0, either sign: adjustments */
	/* Or'ed in when the item is unknown (a bad row's): only the number
	 * is judged, any unit accepted and any decimals taken as whole, so
	 * that the row's other problems are listed without guessing. */
	LB_QTY_ANY_UNIT = 8,
};

/* Parse s into base units. what names the field in messages ("--qty",
 * "column 'qty'"), item the item's code. LB_EINPUT on anything that is not
 * exactly a quantity of that item. */
int lb_qty_parse(const struct lb_units *u, const char *item, const char *s, const char *what,
		 int flags, int64_t *out, lb_err *e);

/* The factor of a unit name (the base unit is 1), case-insensitively;
 * 0 when the item has no such unit. */
int64_t lb_units_factor(const struct lb_units *u, const char *name);

/* "1.250 kg": Indonesian digit grouping and the unit. */
void lb_qty_format(int64_t v, const char *unit, char *out, size_t n);

/* A unit or pack name: a letter, then letters, digits, '_' or '-'. */
int lb_unit_name_check(const char *s, const char *what, lb_err *e);

#endif
