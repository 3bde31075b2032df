/*
 * rows.c — an import operation's row sink. See rows.h.
 */
#include "core/rows.h"

#include "core/op.h"
#include "core/sheet.h"

static void op_row(void *arg, int warning, const char *file, long row, const char *column,
		   const char *reason)
{
	struct lb_rows_op *r = arg;

	if (!warning) {
		lb_rows_report(r->errors, 0, file, row, column, reason);
		return;
	}
	if (++r->warnings > LB_ROWS_WARN_SHOWN)
		return;
	lb_op_warn(r->op, "file '%s', row %ld%s%s: %s", file, row, column ? ", column " : "",
		   column ? column : "", reason);
}

int lb_rows_op_begin(struct lb_rows_op *r, struct lb_op *op, const struct lb_rows *errors,
		     const char *delimiter, lb_err *e)
{
	r->sink.fn = op_row;
	r->sink.arg = r;
	r->op = op;
	r->errors = errors;
	r->warnings = 0;
	return lb_sheet_delimiter_option(delimiter, e);
}

void lb_rows_op_end(struct lb_rows_op *r)
{
	if (r->warnings > LB_ROWS_WARN_SHOWN)
		lb_op_warn(r->op, "... and %ld more warnings like these", r->warnings - LB_ROWS_WARN_SHOWN);
}
