/*
 * balance.h — the balance table (the quantity of each lot at each
 * location) as a posting session keeps it: a write-back cache, so that a
 * bulk import that changes one balance a thousand times writes it once.
 *
 * Internal to inventory/: journal.c is its only user (other modules read
 * the table through query.h or directly). Adding to a balance only
 * records the change in memory; taking from one reads its row once;
 * lb_bal_flush writes every changed balance back. Warehouses and points
 * have rows only for lots they hold: a lot this cache empties loses its
 * row at once, and one that arrives is listed in memory until the flush,
 * so that lb_bal_lots (FEFO's view) never misses a lot nor scans one that
 * is gone, however long the session.
 *
 * Valid only inside the transaction it was opened in. After a failed call
 * the cache may be half-applied: close it and roll back.
 *
 * Memory: lb_bal_open allocates, lb_bal_close frees; bounded (it writes
 * back and empties itself when full).
 */
#ifndef LB_BALANCE_H
#define LB_BALANCE_H

#include <stdint.h>
#include "core/db.h"

typedef struct lb_balances lb_balances;

int lb_bal_open(lb_db *db, lb_balances **out, lb_err *e);
/* Discards changes not flushed. */
void lb_bal_close(lb_balances *b);
/* Write every changed balance to the table. */
int lb_bal_flush(lb_balances *b, lb_err *e);

/* Does the warehouse or point loc hold qty of lot? Writes nothing. */
int lb_bal_has(lb_balances *b, int64_t loc, int64_t lot, int64_t item, int64_t qty, int *enough, lb_err *e);
/* Take qty that lb_bal_has has just found there. */
int lb_bal_take(lb_balances *b, int64_t loc, int64_t lot, int64_t item, int64_t qty, lb_err *e);
/* Add qty (negative for an outside account's mirror); LB_ERULE when the
 * balance would pass what lumbung can keep. */
int lb_bal_add(lb_balances *b, int64_t loc, int64_t lot, int64_t item, int internal, int64_t qty, lb_err *e);
/* The quantity of lot at loc now. */
int lb_bal_qty(lb_balances *b, int64_t loc, int64_t lot, int64_t item, int internal, int64_t *qty, lb_err *e);

/* Every lot of item that warehouse or point loc holds (quantity > 0), in
 * no particular order: fn(arg, lot, qty, expiry), expiry "YYYY-MM-DD", ""
 * for none, or NULL when unknown here (a lot that arrived in this session
 * and has no row yet: the caller looks it up). fn must not call lb_bal_*;
 * its non-zero return stops the walk and is returned. */
typedef int (*lb_bal_lot_fn)(void *arg, int64_t lot, int64_t qty, const char *expiry, lb_err *e);
int lb_bal_lots(lb_balances *b, int64_t loc, int64_t item, lb_bal_lot_fn fn, void *arg, lb_err *e);

#endif
