/*
 * journal.h — posting movements: the append-only, hash-chained journal
 * (table movement) and the balances it keeps current (table balance).
 *
 * A movement moves a quantity (base units, > 0) of one lot of one item
 * from one location to another. Every posting goes through here, so that
 * these rules hold everywhere:
 *
 *  - No internal balance (warehouse, point) goes below zero: a posting
 *    that would is refused with LB_ERULE and writes nothing.
 *  - Without a lot, stock leaves a location earliest-expiry first (FEFO;
 *    lots without expiry last), split over several movements when one lot
 *    is not enough. An expired lot (expiry before the movement's day) is
 *    never moved or issued; only an adjustment with reason 'kedaluwarsa'
 *    (or a stock count) takes it out.
 *  - A caller-chosen key makes a posting idempotent: posting the same key
 *    again writes nothing and reports res->already. The parts of a split
 *    posting get the keys KEY, KEY#2, KEY#3 ...
 *  - Nothing is updated or deleted: a mistake is undone by a reversing
 *    movement (lb_journal_reverse) that names the one it reverses; a
 *    movement can be reversed once.
 *  - Each movement's hash is BLAKE2b-256(previous movement's hash, or 32
 *    zero bytes for the first || canonical encoding of every other column),
 *    so that changing, inserting or deleting a row breaks the chain at
 *    that row (lumbung verify).
 *  - Nothing is posted into a closed period (LB_ERULE).
 *
 * TRANSACTIONS: the caller owns the transaction. Call these between
 * lb_db_begin and lb_db_commit (they refuse to run outside one, because the
 * chain's tip must not move under them). Each lb_journal_* call is atomic
 * inside it (a savepoint): on failure it has written nothing, and the
 * caller may go on or roll back. The redemption module, for example,
 * calls lb_journal_issue inside its own transaction, so that a package
 * leaves the point's stock if and only if the redemption is recorded.
 *
 * Bulk posting (stock import) opens an lb_journal session instead, which
 * keeps the chain's tip, lookups and changed balances in memory between
 * postings: call lb_journal_finish (which writes the balances back) before
 * committing, then lb_journal_close. After a failed lb_jnl_* call the
 * session must be closed and the transaction rolled back.
 *
 * Memory: requests and results are caller-owned values; strings in a
 * request are only read during the call. lb_journal_open allocates the
 * session, lb_journal_close frees it.
 */
#ifndef LB_JOURNAL_H
#define LB_JOURNAL_H

#include <stdint.h>
#include "core/date.h"
#include "core/db.h"
#include "core/hash.h"

/* What each posting function reports. */
struct lb_post_result {
	int already;       /* 1: the key had been posted before; nothing was written now */
	int n;             /* movements posted (or found, when already) */
	int64_t first_id;  /* their ids: first_id .. first_id + n - 1 */
	int64_t qty;       /* base units, over all n */
	const char *field; /* on failure: the input at fault ("qty", "lot", "date", "id",
			    * "expiry", "from", "to", "item", "reason"), or NULL */
};

/* Receive goods into a warehouse or point: makes the lot (or adds to an
 * existing lot of the same code, expiry and cost). Kind 'receive'. */
struct lb_receive_req {
	int64_t item_id;
	int64_t to_id;       /* warehouse or point */
	int64_t supplier_id; /* a supplier location; 0: @SUPPLY */
	int64_t qty;         /* base units, > 0 */
	const char *lot;     /* lot code, required */
	int has_expiry;      /* 0: the date plus the item's shelf life, or none */
	lb_day expiry;       /* not before day */
	int64_t unit_cost;   /* rupiah per base unit, >= 0 */
	const char *ref;     /* delivery note (surat jalan); may be NULL */
	const char *note;    /* may be NULL */
	lb_day day;          /* business date */
	const char *key;     /* idempotency key; may be NULL */
	const char *operator;
};

/* Move stock between two internal locations. Kind 'move'. */
struct lb_move_req {
	int64_t item_id;
	int64_t from_id, to_id; /* warehouses or points */
	int64_t qty;            /* base units, > 0 */
	int64_t lot_id;         /* 0: FEFO */
	const char *ref, *note; /* may be NULL */
	lb_day day;
	const char *key;
	const char *operator;
};

/* Hand goods to recipients: from a point (or warehouse) to @RECIPIENTS,
 * FEFO unless lot_id. Kind 'issue'. */
struct lb_issue_req {
	int64_t item_id;
	int64_t from_id;
	int64_t qty;           /* base units, > 0 */
	int64_t lot_id;        /* 0: FEFO */
	int64_t redemption_id; /* the redemption served; 0: none */
	const char *note;
	lb_day day;
	const char *key;
	const char *operator;
};

/* Correct stock at one location against @ADJUST. Kind 'adjust'.
 * qty < 0 writes off (FEFO over unexpired lots; with reason 'kedaluwarsa'
 * over expired lots only); qty > 0 adds stock found, and needs lot_id. */
struct lb_adjust_req {
	int64_t item_id;
	int64_t at_id;      /* warehouse or point */
	int64_t qty;        /* signed base units, != 0 */
	int64_t lot_id;     /* 0: FEFO for a write-off */
	const char *reason; /* rusak, hilang, kedaluwarsa, lain */
	const char *note;
	lb_day day;
	const char *key;
	const char *operator;
};

/* Undo a movement by posting its mirror image (kind 'reverse', reverses =
 * the movement). Refused for a reversal and for a movement reversed
 * already, and when the stock has moved on so that the reversal would
 * make a balance negative. Expiry does not stop a reversal. */
struct lb_reverse_req {
	int64_t movement_id;
	const char *reason; /* why, required: kept in the reversal's reason */
	lb_day day;         /* not before the reversed movement's day */
	const char *key;
	const char *operator;
};

/* The valid adjustment reasons, for checking and for help texts. */
int lb_adjust_reason_check(const char *s, const char *what, lb_err *e);

int lb_journal_receive(lb_db *db, const struct lb_receive_req *r, struct lb_post_result *res, lb_err *e);
int lb_journal_move(lb_db *db, const struct lb_move_req *r, struct lb_post_result *res, lb_err *e);
int lb_journal_issue(lb_db *db, const struct lb_issue_req *r, struct lb_post_result *res, lb_err *e);
int lb_journal_adjust(lb_db *db, const struct lb_adjust_req *r, struct lb_post_result *res, lb_err *e);
int lb_journal_reverse(lb_db *db, const struct lb_reverse_req *r, struct lb_post_result *res, lb_err *e);

/* Bulk posting sessions (see above). */
typedef struct lb_journal lb_journal;
int lb_journal_open(lb_db *db, lb_journal **out, lb_err *e);
/* Write the session's balances to the balance table. Until then, only the
 * session's own postings see them. */
int lb_journal_finish(lb_journal *j, lb_err *e);
/* Free the session (without finishing it: after a failure). */
void lb_journal_close(lb_journal *j);
int lb_jnl_receive(lb_journal *j, const struct lb_receive_req *r, struct lb_post_result *res, lb_err *e);
int lb_jnl_move(lb_journal *j, const struct lb_move_req *r, struct lb_post_result *res, lb_err *e);
int lb_jnl_issue(lb_journal *j, const struct lb_issue_req *r, struct lb_post_result *res, lb_err *e);
int lb_jnl_adjust(lb_journal *j, const struct lb_adjust_req *r, struct lb_post_result *res, lb_err *e);
int lb_jnl_reverse(lb_journal *j, const struct lb_reverse_req *r, struct lb_post_result *res, lb_err *e);

/* For stock counts (count.c): post diff (counted - expected, != 0) at
 * at_id as kind 'count', reason 'opname'. A shortfall comes out earliest-
 * expiry first over all lots, expired ones included (the count says they
 * are gone); a surplus goes into lot_id, which must then be set. */
int lb_jnl_count_diff(lb_journal *j, int64_t item_id, int64_t at_id, int64_t lot_id, int64_t diff,
		      lb_day day, const char *key, const char *operator, struct lb_post_result *res,
		      lb_err *e);

/* One stored movement: the columns the hash covers. Text is NULL for SQL
 * NULL; reverses and redemption_id are 0 for NULL. */
struct lb_movement {
	int64_t id;
	const char *key;
	const char *kind;
	const char *day;       /* YYYY-MM-DD */
	int64_t item_id, lot_id, from_id, to_id, qty;
	const char *reason, *note, *ref;
	int64_t reverses, redemption_id;
	const char *operator;
	const char *posted_at; /* UTC, 2026-01-15T08:30:00Z */
};

/* The chain: out = BLAKE2b-256(prev || encoding of m). */
void lb_movement_hash(const unsigned char prev[LB_HASH_BYTES], const struct lb_movement *m,
		      unsigned char out[LB_HASH_BYTES]);

#endif
