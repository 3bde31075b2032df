/*
 * output.h — rows for people (aligned tables) and for scripts (CSV, JSON),
 * with their escaping, in one place.
 *
 * A command declares its columns once and then writes rows of text
 * values; numeric columns are right-aligned in tables and unquoted in JSON.
 * CSV follows RFC 4180 and neutralises text cells that a spreadsheet would
 * run as a formula (= + - @ at the start get a leading apostrophe), so that
 * a recipient's name can never become a formula in finance's Excel.
 *
 * Tables buffer a bounded number of rows to size the columns, then stream.
 *
 * Memory: lb_out_open allocates; lb_out_close flushes and frees.
 */
#ifndef LB_OUTPUT_H
#define LB_OUTPUT_H

#include <stdio.h>
#include "err.h"

enum lb_fmt { LB_FMT_TABLE = 1, LB_FMT_CSV = 2, LB_FMT_JSON = 4, LB_FMT_PDF = 8, LB_FMT_XLSX = 16, LB_FMT_HTML = 32 };

/* Parse --format; allowed is a mask of the formats the command offers.
 * NULL gives dflt. */
int lb_fmt_parse(const char *s, int allowed, enum lb_fmt dflt, enum lb_fmt *out, lb_err *e);

struct lb_col {
	const char *name;
	int numeric;
};

typedef struct lb_out lb_out;

int lb_out_open(FILE *f, enum lb_fmt fmt, const struct lb_col *cols, int ncols,
		lb_out **out, lb_err *e);
/* vals has ncols entries; NULL is an empty cell (null in JSON). */
int lb_out_row(lb_out *o, const char *const *vals, lb_err *e);
int lb_out_close(lb_out *o, lb_err *e);

/* HTML: the same rows as a <table> appended to b (the web pages), every
 * text escaped by lb_html_add. Numeric columns get class "n" (right
 * aligned by the style sheet). lb_out_row_links adds, for each cell whose
 * href is not NULL, a link to it (escaped as well). */
struct lb_buf;
int lb_out_open_html(struct lb_buf *b, const struct lb_col *cols, int ncols, lb_out **out, lb_err *e);
int lb_out_row_links(lb_out *o, const char *const *vals, const char *const *hrefs, lb_err *e);

/* The one HTML escaping function: s appended to b with & < > " ' as
 * entities, so that text is text inside an element and inside a quoted
 * attribute. */
int lb_html_add(struct lb_buf *b, const char *s, lb_err *e);

/* A record: one thing's fields, for `show` commands. A table is one
 * "label: value" line per field, the values lined up after the longest
 * label declared (so a record cut short — a slip that is not genuine —
 * lines up as the full one does); JSON is one object whose keys are the
 * labels with '_' for ' '. A NULL value leaves its line out of a table
 * and is null in JSON. Only LB_FMT_TABLE and LB_FMT_JSON. */
struct lb_field {
	const char *label;
	const char *value;
};
int lb_out_record(FILE *f, enum lb_fmt fmt, const struct lb_field *fields, int n, lb_err *e);

/* Escaping helpers, shared with the report writers. */
int lb_csv_needs_neutralising(const char *s);
void lb_csv_write_cell(FILE *f, const char *s, int numeric);
void lb_json_write_string(FILE *f, const char *s);

#endif
