/*
 * output.h — the row backend of the one document model (doc/rdoc.h):
 * rows for people (aligned tables, HTML tables) and for scripts (CSV,
 * JSON), with their escaping, in one place. Commands and pages render
 * through a document (lb_rdoc_open, lb_rdoc_list, lb_rdoc_cells), which
 * writes its lists here; core/ itself and the report writers use the
 * escaping functions below.
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

#include <stddef.h>
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
 * text escaped by lb_html_add. This is the HTML backend of a document's
 * list (lb_rdoc_html_list gives the same bytes); pages written before the
 * one model may still call lb_out_open_html, lb_out_row_links and
 * lb_html_add directly, with lb_out_row and lb_out_close, until they move
 * to lb_rdoc_html_list. Numeric columns get class "n" (right
 * aligned by the style sheet). lb_out_row_links adds, for each cell whose
 * href is not NULL, a link to it (escaped as well). */
struct lb_buf;
int lb_out_open_html(struct lb_buf *b, const struct lb_col *cols, int ncols, lb_out **out, lb_err *e);
/* The same table, read on a phone as one card per row (class "susun" in
 * the style sheet): each cell also carries its column's name
 * (data-judul), shown before its value when the columns stack. */
int lb_out_open_html_cards(struct lb_buf *b, const struct lb_col *cols, int ncols, lb_out **out, lb_err *e);
int lb_out_row_links(lb_out *o, const char *const *vals, const char *const *hrefs, lb_err *e);

/* The one HTML escaping function: s appended to b with & < > " ' as
 * entities, so that text is text inside an element and inside a quoted
 * attribute. */
int lb_html_add(struct lb_buf *b, const char *s, lb_err *e);

/* Display width: UTF-8 code points, so names with accents line up. */
size_t lb_out_width(const char *s);

/* Escaping helpers, shared with the report writers. */
int lb_csv_needs_neutralising(const char *s);
void lb_csv_write_cell(FILE *f, const char *s, int numeric);
void lb_json_write_string(FILE *f, const char *s);

#endif
