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

#endif
