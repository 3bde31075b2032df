/*
 * op.c — the operation context. See op.h.
 */
#include "op.h"

#include "audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lb_op_init(struct lb_op *op, lb_db *db, const char *actor)
{
	memset(op, 0, sizeof *op);
	op->db = db;
	op->actor = actor;
	op->today = lb_today();
}

void lb_op_release(struct lb_op *op)
{
	if (op->action[0] && op->db)
		lb_db_on_commit(op->db, NULL, NULL);
	for (size_t i = 0; i < op->nwarn; i++)
		free(op->warn[i]);
	free(op->warn);
	op->warn = NULL;
	op->nwarn = op->dropped = 0;
}

void lb_op_warn(struct lb_op *op, const char *fmt, ...)
{
	char line[LB_ERR_MAX], **v;
	va_list ap;

	if (op->nwarn >= LB_OP_WARN_MAX) {
		op->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (!(v = realloc(op->warn, (op->nwarn + 1) * sizeof *v)))
		return;
	op->warn = v;
	if ((v[op->nwarn] = strdup(line)))
		op->nwarn++;
}

void lb_op_subject(struct lb_op *op, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(op->subject, sizeof op->subject, fmt, ap);
	va_end(ap);
	op->subject_id = NULL;
}

void lb_op_subject_id(struct lb_op *op, const char *what, const int64_t *id)
{
	op->subject_what = what;
	op->subject_id = id;
}

static int write_audit(void *arg, lb_err *e)
{
	struct lb_op *op = arg;
	int rc;

	if (op->audited)
		return LB_OK;
	if (op->subject_id)
		snprintf(op->subject, sizeof op->subject, "%s %lld", op->subject_what, (long long)*op->subject_id);
	rc = lb_audit_add(op->db, op->actor, op->address ? op->address : "", op->action, op->subject, "ok", e);
	if (!rc)
		op->audited = 1;
	return rc;
}

void lb_op_audit(struct lb_op *op, const char *action)
{
	snprintf(op->action, sizeof op->action, "%s", action);
	lb_db_on_commit(op->db, write_audit, op);
}

int lb_op_begin(struct lb_op *op, lb_err *e)
{
	return lb_db_begin(op->db, e);
}

int lb_op_end(struct lb_op *op, int rc, lb_err *e)
{
	if (rc) {
		lb_db_rollback(op->db);
		return rc;
	}
	return lb_db_commit(op->db, e);
}
