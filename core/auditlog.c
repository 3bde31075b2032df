/*
 * auditlog.c — the audit command's operation. See auditlog.h.
 */
#include "core/auditlog.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int lb_audit_query(struct lb_op *op, const struct lb_audit_in *in, struct lb_audit_query *q, lb_err *e)
{
	memset(q, 0, sizeof *q);
	q->f.user = in->user;
	q->f.action = in->action;
	q->local = in->local;
	if (in->limit) {
		char *end;
		errno = 0;
		q->f.limit = strtol(in->limit, &end, 10);
		if (!*in->limit || *end || errno || q->f.limit <= 0)
			return lb_fail(e, LB_EINPUT, "audit: --limit '%s' is not a positive number", in->limit);
	}
	return lb_zone_get(op->db, &q->z, e);
}

struct local_rows {
	const struct lb_audit_query *q;
	int (*fn)(void *arg, const struct lb_audit_row *r, lb_err *e);
	void *arg;
};

static int local_row(void *arg, const struct lb_audit_row *r, lb_err *e)
{
	struct local_rows *l = arg;
	struct lb_audit_row copy = *r;
	char at[32];

	lb_time_local(&l->q->z, r->at, at);
	copy.at = at;
	return l->fn(l->arg, &copy, e);
}

int lb_audit_list(struct lb_op *op, const struct lb_audit_query *q,
		  int (*fn)(void *arg, const struct lb_audit_row *r, lb_err *e), void *arg, lb_err *e)
{
	struct local_rows l = { q, fn, arg };

	if (!q->local)
		return lb_audit_each(op->db, &q->f, fn, arg, e);
	return lb_audit_each(op->db, &q->f, local_row, &l, e);
}
