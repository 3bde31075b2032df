/*
 * verify.h — lumbung verify: is the ledger what it claims to be?
 *
 * Checks, each independent of the others, in this order:
 *   1. the database file: PRAGMA integrity_check;
 *   2. the hash chain: every movement's hash is recomputed from the
 *      previous stored hash and the row's content, and ids run without
 *      gaps (a gap is a deleted row);
 *   3. balances: every stored balance equals the sum of the journal for
 *      its location and lot, and the journal has no sum the balance
 *      table lacks;
 *   4. double entry: every item's balances sum to zero, every id the
 *      journal and balances name exists (they have no foreign keys, for
 *      speed), each movement's lot is a lot of its item, and each balance
 *      row agrees with its lot and location;
 *   5. no warehouse or point holds a negative quantity;
 *   6. the journal, lots and counts are still protected: their
 *      append-only triggers exist, and those that keep items and
 *      locations from being deleted;
 *   7. the history tables (redemptions and undos, attempts, vouchers,
 *      revocations and reissues, allocations, period closes, signing
 *      keys, lots, packages, finance figures, recipients' status
 *      history, what went into field kits): every trigger that keeps
 *      them append-only exists, and each table agrees with history_log,
 *      the copy its triggers made of each row as it was inserted: a row
 *      changed, deleted or inserted with its trigger dropped, and an
 *      entry deleted from the log, are named.
 * Each failed check names the first entry that is wrong.
 *
 * Memory: the report is a caller-owned value.
 */
#ifndef LB_VERIFY_H
#define LB_VERIFY_H

#include <stdint.h>
#include "core/db.h"

#define LB_VERIFY_NCHECKS 7

struct lb_verify_check {
	const char *name;    /* "hash chain" */
	int ok;
	char msg[LB_ERR_MAX]; /* what was checked, or the first finding */
};

struct lb_verify_report {
	int64_t movements, balances;
	struct lb_verify_check checks[LB_VERIFY_NCHECKS];
};

/* LB_OK when every check passed; LB_ERULE with the first failed check's
 * finding in e; LB_ESYS when the checks themselves could not run. */
int lb_verify(lb_db *db, struct lb_verify_report *rep, lb_err *e);
/* The same; with journal_only, check 7 is skipped (for comparing the
 * cost of the history checks). */
int lb_verify_some(lb_db *db, int journal_only, struct lb_verify_report *rep, lb_err *e);

#endif
