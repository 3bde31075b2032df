/*
 * op.h — what every operation runs with: the database, who acts, the
 * office's today, and the warnings it collects for its front end.
 *
 * An operation is the one module function behind a user action (receive
 * stock, add a recipient, allocate a round, redeem a batch ...). Both
 * front ends call it: the command line (cli/cmd_*.c) and the web pages
 * (web/pages_*.c). It takes a struct of plain values, the ones a person
 * typed or chose, does its lookups, owns its transaction (begun and
 * committed inside, rolled back on any failure, so that on LB_EINPUT and
 * LB_ERULE nothing is written) and returns a status with a result struct.
 * It never prints: a warning (a fact the user should know, which does
 * not stop the action) is added with lb_op_warn and shown by the front
 * end, on stderr or on the page.
 *
 * Memory: the warnings are owned by the lb_op and freed by lb_op_release;
 * db and actor are borrowed.
 */
#ifndef LB_OP_H
#define LB_OP_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "db.h"
#include "err.h"

#define LB_OP_WARN_MAX 256 /* warnings kept; the rest are counted */

struct lb_op {
	lb_db *db;
	const char *actor; /* $LUMBUNG_OPERATOR on the command line, the login on the web */
	lb_day today;      /* the office's day when the operation started */
	char **warn;       /* warnings, oldest first */
	size_t nwarn;      /* kept in warn */
	size_t dropped;    /* beyond LB_OP_WARN_MAX */
	/* Audit: set by a front end that audits its writes (the web), with
	 * lb_op_audit. The first commit the operation makes — through
	 * lb_op_end or any module function it calls that commits its own
	 * transaction — appends one audit row (actor, address, action,
	 * subject, "ok") inside that transaction, so the write and its audit
	 * row land together or not at all. */
	const char *address; /* the client's address */
	char action[64];     /* "stock receive"; "" when not audited */
	char subject[160];   /* what it acted on; set by the operation (lb_op_subject); never a NIK */
	const char *subject_what;   /* lb_op_subject_id: subject is "what *subject_id" */
	const int64_t *subject_id;
	int audited;         /* its audit row is written */
};

/* Start an operation context for db and actor, today being lb_today(). */
void lb_op_init(struct lb_op *op, lb_db *db, const char *actor);
void lb_op_release(struct lb_op *op);

/* Add a warning (one line, English like every module message; the web
 * shows it under "Rincian teknis"). Out of memory drops it silently
 * rather than fail the action it only comments on. */
void lb_op_warn(struct lb_op *op, const char *fmt, ...) LB_PRINTF(2, 3);

/* Audit this operation's write as action (see above); lb_op_release
 * stops it. */
void lb_op_audit(struct lb_op *op, const char *action);

/* Name what the operation acted on, for the audit row. */
void lb_op_subject(struct lb_op *op, const char *fmt, ...) LB_PRINTF(2, 3);
/* The same, for a row the operation is about to insert inside a module
 * function that commits itself (a new recipient): "what *id", *id read
 * when the audit row is written, just before that commit. what and id
 * must live until then. */
void lb_op_subject_id(struct lb_op *op, const char *what, const int64_t *id);

/* Begin the operation's transaction; lb_op_end commits when rc is LB_OK
 * and rolls back otherwise, returning the final status. */
int lb_op_begin(struct lb_op *op, lb_err *e);
int lb_op_end(struct lb_op *op, int rc, lb_err *e);

#endif
