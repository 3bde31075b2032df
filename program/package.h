/*
 * package.h — what one recipient gets per round of a program: items and
 * quantities in base units, with the contracted unit price of each, so
 * that the package's value can be set against the program's value.
 *
 * Owns the table program_package. A composition applies from a round
 * (from_period) until the next composition; it can change between rounds
 * but never under rounds already allocated.
 *
 * Prices: `--item BERAS=10@14000` gives the contracted price per base
 * unit; without @PRICE the latest lot's unit cost of the item is taken.
 * The price is stored with the line, so a package's value never moves.
 *
 * Memory: struct lb_package is a plain value.
 */
#ifndef LB_PACKAGE_H
#define LB_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/cli.h"
#include "core/db.h"
#include "core/op.h"
#include "program/program.h"

#define LB_PACKAGE_MAX 32          /* items in one package */
#define LB_PACKAGE_QTY_MAX 1000000 /* base units of one item per recipient */
#define LB_PRICE_MAX 1000000000    /* rupiah per base unit */

struct lb_package_line {
	int64_t item_id;
	char item[33];   /* code */
	char unit[24];   /* base unit */
	int64_t qty;     /* base units per recipient per round */
	int64_t price;   /* rupiah per base unit */
	int price_from_lot; /* the price is the latest lot's cost, not a contract's */
};

struct lb_package {
	int from_period;
	size_t n;
	struct lb_package_line line[LB_PACKAGE_MAX];
};

/* Sum of qty × price. Bounded by the limits above, so it cannot overflow. */
int64_t lb_package_value(const struct lb_package *p);

/* Does value depart from expected by more than 5%? Exact integer
 * arithmetic: |value - expected| × 100 > 5 × expected. */
int lb_package_departs(int64_t value, int64_t expected);

/* Bytes for the quantity text of an --item spec. */
#define LB_PACKAGE_QTY_TEXT 32

/* Split "ITEM=QTY" or "ITEM=QTY@PRICE" into the item code (33 bytes), the
 * quantity as written (LB_PACKAGE_QTY_TEXT bytes: "10", "1 rak") and the
 * price (-1 when none is given). LB_OK or LB_EINPUT. */
int lb_package_item_split(const char *spec, char *item, char *qty, int64_t *price, lb_err *e);

/* lb_package_item_split with a quantity in base units only ("10"). */
int lb_package_item_parse(const char *spec, char *item, int64_t *qty, int64_t *price, lb_err *e);

/*
 * Set the composition from a round on (from_period < 0: the program's
 * first period). specs are "ITEM=QTY[@PRICE]". Replaces a composition
 * set before for that same round. Unknown items, bad quantities, an item
 * twice, an item without a price anywhere are LB_EINPUT; a round that is
 * not the program's, or rounds at or after it already allocated, are
 * LB_ERULE. One transaction. out receives the package as stored.
 */
int lb_package_set(lb_db *db, const struct lb_program *p, const char *const *specs, size_t n,
		   int from_period, struct lb_package *out, lb_err *e);

/* The one rule of the package in force for a round: the composition
 * with the latest from_period at or before it. As an SQL condition for
 * queries that join program_package as pp, with the program's id bound
 * at ?1 and the round (YYYY-MM) at ?2; lb_package_for and every query
 * that needs the round's package (slips, realisation) use it. */
#define LB_PACKAGE_IN_FORCE                                                                 \
	"pp.from_period = (SELECT max(from_period) FROM program_package"                    \
	" WHERE program_id = ?1 AND from_period <= ?2)"

/* The composition in force for a round: *found = 0 when none is set
 * from that round or before. */
int lb_package_for(lb_db *db, const struct lb_program *p, int period, struct lb_package *out,
		   int *found, lb_err *e);

/* Every composition of a program, oldest first. */
int lb_package_each(lb_db *db, const struct lb_program *p,
		    int (*fn)(void *arg, const struct lb_package *pkg, lb_err *e), void *arg,
		    lb_err *e);

/* value against expected as a signed difference in tenths of a percent,
 * rounded toward zero, Indonesian style: "+6,6%", "-0,5%", "0,0%". */
void lb_package_percent_diff(int64_t value, int64_t expected, char *out, size_t n);

/* ---- the operation behind `program package` (core/op.h) ---- */

struct lb_package_in {
	const char *program;    /* code (required) */
	struct lb_strv items;   /* "ITEM=QTY[@PRICE]"; none: show the package in force */
	const char *from;       /* YYYY-MM; NULL: the program's first round */
};
struct lb_package_out {
	struct lb_program program;
	struct lb_package package; /* as stored, or in force for the round */
	int set;                   /* 1: items were given and stored */
};
/* Set the composition from a round (lb_package_set, one transaction),
 * warning when its value is more than 5% off the program's value per
 * round; or, without items, find the one in force for that round (none
 * is LB_EINPUT). */
int lb_package_compose(struct lb_op *op, const struct lb_package_in *in, struct lb_package_out *out,
		       lb_err *e);

#endif
