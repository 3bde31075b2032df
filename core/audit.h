/*
 * audit.h — who did what: an append-only log of every write made through
 * the web or the user commands, and every login, accepted or refused.
 *
 * Owns the table audit (triggers refuse any change to a row once
 * written). A subject never holds a NIK: callers name a recipient by id
 * or token.
 *
 * Memory: rows handed to callbacks live until the callback returns.
 */
#ifndef LB_AUDIT_H
#define LB_AUDIT_H

#include <stdint.h>
#include "core/db.h"
#include "core/localtime.h"

/* Append one row (in the caller's transaction when it holds one). Texts
 * are cut at 200 bytes; result is "ok" or why it was refused. */
int lb_audit_add(lb_db *db, const char *user, const char *address, const char *action,
		 const char *subject, const char *result, lb_err *e);

struct lb_audit_row {
	int64_t id;
	const char *at, *user, *address, *action, *subject, *result;
};
struct lb_audit_filter {
	const char *user;   /* NULL: anyone */
	const char *action; /* NULL: any */
	long limit;         /* 0: no limit */
};
/* Newest first. fn's non-zero return stops and is returned. */
int lb_audit_each(lb_db *db, const struct lb_audit_filter *f,
		  int (*fn)(void *arg, const struct lb_audit_row *r, lb_err *e), void *arg, lb_err *e);

#endif
