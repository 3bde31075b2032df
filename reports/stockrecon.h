/*
 * stockrecon.h — stock reconciliation for a month (rekonsiliasi
 * persediaan), per location and item:
 *
 *   opening + received + moved in − moved out − issued − adjusted = closing
 *
 * from the journal (table movement). A reversal counts under the kind of
 * the movement it reverses, as a negative: a reversed issue lowers
 * "issued", not raises "received". Stock counts' variances (kind 'count')
 * count as adjustments. The closing figure is checked against the
 * journal's own balance as of the month's last day (inventory/query.c,
 * code independent of the sums here), and — while the month is open and
 * nothing is dated after it — against the balance table; beside it stand
 * the last stock count on or before the month's end and its variance.
 *
 * Reads only rows dated up to the month's last day, so the report of a
 * closed month never changes.
 *
 * Memory: rows handed to the callback live until it returns; nothing here
 * allocates for the caller.
 */
#ifndef LB_STOCKRECON_H
#define LB_STOCKRECON_H

#include <stdint.h>

#include "core/db.h"
#include "doc/rdoc.h"

struct lb_stockrecon_row {
	int64_t location_id, item_id;
	const char *location, *location_name, *item, *item_name, *unit;
	int64_t opening, received, moved_in, moved_out, issued, adjusted, closing;
	int64_t journal;       /* the journal's balance at the month's end */
	int has_balance;       /* the month is the current one: */
	int64_t balance;       /* the balance table's figure */
	int64_t closing_value; /* rupiah: closing stock at its lots' unit costs */
	const char *count_day; /* "" when never counted by then */
	int64_t counted, expected, count_variance;
};

struct lb_stockrecon_filter {
	int period;           /* year*12 + month-1 */
	const char *village;  /* NULL: every location; else those in this village */
};

typedef int (*lb_stockrecon_fn)(void *arg, const struct lb_stockrecon_row *r, lb_err *e);

/* Every location (warehouse or point) and item with stock or movements by
 * the month's end, by location and item code. *checked_balance says
 * whether rows carry the balance table's figure. */
int lb_stockrecon_each(lb_db *db, const struct lb_stockrecon_filter *f, int *checked_balance,
		       lb_stockrecon_fn fn, void *arg, lb_err *e);

/* The report (`report stock`): rows as above, a totals row, and a line
 * saying whether every closing figure agreed. program_code may be NULL
 * (it only names the program in the title lines). */
int lb_stockrecon_report(lb_db *db, const struct lb_stockrecon_filter *f, const char *program_code,
			 const struct lb_rdoc_opts *ro, lb_err *e);

#endif
