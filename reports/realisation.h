/*
 * realisation.h — the monthly realisation report finance files (laporan
 * realisasi), and the figures it needs that no other table holds.
 *
 * The report (`report distribution`) gives, for a program's round:
 *   - money: the budget ceiling (pagu) for the year, spent before this
 *     round, in this round, to date, what remains and the percentage;
 *   - goods: the physical target (the quota, in packages) against the
 *     packages allocated and handed over, this round and to date;
 *   - by district: allocations, handed over, budget and value;
 *   - exceptions: packages not collected and the point holding them (with
 *     the point's stock of the package's items at the round's end),
 *     recipients who replaced another (with the number of the replacement
 *     statement), and lots issued above the contracted price of the
 *     package or the item's reference price.
 *
 * Spent is the value of the goods issued (qty x lot unit cost of 'issue'
 * movements of the program's redemptions, less reversals), dated up to the
 * round's last day; "before" covers the program's earlier rounds of the
 * same year.
 *
 * Owns the tables of migration 5: program_budget (pagu, with revisions
 * from a month on), reference_price (an item's reference price from a
 * month on) and replacement_doc (a replacement statement's number and
 * date). Rows are never changed; a revision is a new row; nothing dated in
 * a closed month is accepted, so closed months' reports stay as they were.
 * Without a pagu row the ceiling is derived: quota x monthly value x the
 * months the program runs in that year, and the report says so.
 *
 * Memory: nothing here allocates for the caller.
 */
#ifndef LB_REALISATION_H
#define LB_REALISATION_H

#include <stdint.h>

#include "core/db.h"
#include "doc/rdoc.h"

/* Record the pagu of a program from month from_period on (APBD, or its
 * revision APBD-P later in the year); ref is the budget document (DPA),
 * may be NULL. LB_EINPUT unknown program, bad amount; LB_ERULE a closed
 * month, or that month already has a pagu (revise from a later month). */
int lb_pagu_set(lb_db *db, const char *program, int from_period, int64_t pagu, const char *ref,
		const char *operator, lb_err *e);

/* The pagu in force for period: *derived is 1 when no row gives it. */
int lb_pagu_get(lb_db *db, int64_t program_id, int period, int64_t *pagu, int *derived,
		char *ref, size_t refsz, lb_err *e);

/* An item's reference price per base unit from month from_period on. */
int lb_refprice_set(lb_db *db, const char *item, int from_period, int64_t price,
		    const char *source, const char *operator, lb_err *e);

/* The number and date (YYYY-MM-DD) of the statement by which the
 * recipient with this NIK replaced another. LB_EINPUT: unknown NIK (never
 * quoted), or a recipient who replaced nobody; LB_ERULE: a closed month,
 * or a number recorded already. */
int lb_replacement_doc_set(lb_db *db, const char *nik, const char *doc_no, const char *day,
			   const char *operator, lb_err *e);

/* Each pagu and reference price recorded, for `finance list`. */
struct lb_finance_row {
	const char *what;   /* "pagu" or "reference_price" */
	const char *subject; /* program or item code */
	const char *from_period;
	int64_t amount;
	const char *ref;
	const char *recorded_at, *operator;
};
int lb_finance_each(lb_db *db, int (*fn)(void *arg, const struct lb_finance_row *r, lb_err *e),
		    void *arg, lb_err *e);

/* The report. */
int lb_realisation_report(lb_db *db, const char *program, int period, const char *village,
			  const struct lb_rdoc_opts *ro, lb_err *e);

#endif
