/*
 * rows.h — how bulk imports (region data, recipients, screening lists)
 * report each bad row without printing anything themselves.
 *
 * An import calls sink->fn once per problem it finds: the file, the row
 * as a spreadsheet numbers it (the header is row 1), the column (or NULL
 * when the row as a whole is wrong) and the reason. Refusals and warnings
 * go through the same call, told apart by `warning`. The CLI decides what
 * to print; tests collect them. A reason never contains a NIK: it names
 * the row instead (UU PDP No. 27/2022).
 *
 * Memory: the strings passed to fn live only for the call.
 */
#ifndef LB_ROWS_H
#define LB_ROWS_H

#include "core/err.h"

struct lb_rows {
	void (*fn)(void *arg, int warning, const char *file, long row,
		   const char *column, const char *reason);
	void *arg;
};

/* Report through sink when it has a function; otherwise do nothing. */
static inline void lb_rows_report(const struct lb_rows *sink, int warning, const char *file,
				  long row, const char *column, const char *reason)
{
	if (sink && sink->fn)
		sink->fn(sink->arg, warning, file, row, column, reason);
}

/* An import operation's own sink (core/op.h): a bad row goes on to the
 * front end's sink (`errors`, may be NULL), printed or shown as it is
 * found; a warning becomes one of the operation's warnings, the first
 * LB_ROWS_WARN_SHOWN of them, then lb_rows_op_end counts the rest, so
 * that a million rows with an old district code do not bury the errors.
 * Warnings read "file 'F', row N, column C: reason". */
#define LB_ROWS_WARN_SHOWN 20
struct lb_op;
struct lb_rows_op {
	struct lb_rows sink; /* hand &sink to the import */
	struct lb_op *op;
	const struct lb_rows *errors;
	long warnings;
};
/* Start: also sets the import's --delimiter as typed (NULL: detect,
 * core/sheet.h), which is refused with LB_EINPUT before anything is read. */
int lb_rows_op_begin(struct lb_rows_op *r, struct lb_op *op, const struct lb_rows *errors,
		     const char *delimiter, lb_err *e);
void lb_rows_op_end(struct lb_rows_op *r);

#endif
