/*
 * reporthtml.h — the HTML backend of a report document (doc/rdoc.h,
 * LB_FMT_HTML): the report's own human CSV (title lines, then sections
 * separated by a blank line, each a title line, a header row and its
 * rows) turned into headings and tables through core/output.c's HTML
 * rows, so a page shows exactly the cells of the CSV download, every one
 * escaped by lb_html_add. Only doc/rdoc.c calls it.
 *
 * Memory: the caller owns csv and out; rows of one section are held
 * while it is rendered (its numeric columns are those whose every
 * non-empty cell is a number).
 */
#ifndef LB_DOC_REPORTHTML_H
#define LB_DOC_REPORTHTML_H

#include <stddef.h>
#include "core/buf.h"
#include "core/err.h"

/* Append the HTML of csv[0..len) to out. LB_OK or LB_ESYS (memory). */
int lb_report_html(const char *csv, size_t len, lb_buf *out, lb_err *e);

#endif
