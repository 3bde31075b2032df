/*
 * auditlog.h — the audit log as people ask for it: the `audit` command's
 * operation (and the web's Audit page): a checked query of the log
 * (core/audit.h), its times in the office's zone when asked.
 *
 * Memory: rows handed to callbacks live until the callback returns.
 */
#ifndef LB_AUDITLOG_H
#define LB_AUDITLOG_H

#include "core/audit.h"
#include "core/localtime.h"
#include "core/op.h"

/* As typed: --user, --action, --limit (a positive number); local asks
 * for times in the office's zone (a table for people) rather than UTC. */
struct lb_audit_in {
	const char *user, *action, *limit;
	int local;
};
/* The checked query: lb_audit_query refuses a bad limit (LB_EINPUT) and
 * reads the office's zone before anything is written. */
struct lb_audit_query {
	struct lb_audit_filter f;
	int local;
	struct lb_zone z;
};
int lb_audit_query(struct lb_op *op, const struct lb_audit_in *in, struct lb_audit_query *q, lb_err *e);
/* The rows of q, newest first, at in local time when q->local. */
int lb_audit_list(struct lb_op *op, const struct lb_audit_query *q,
		  int (*fn)(void *arg, const struct lb_audit_row *r, lb_err *e), void *arg, lb_err *e);

#endif
