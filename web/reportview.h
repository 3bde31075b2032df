/*
 * reportview.h — a report shown as a page: the report writers' own
 * human CSV (doc/rdoc.c: title lines, then sections separated by a
 * blank line, each a title line, a header row and its rows) turned into
 * headings and tables through core/output.c's HTML backend, so the page
 * shows exactly the cells of the CSV download, every one escaped.
 */
#ifndef LB_WEB_REPORTVIEW_H
#define LB_WEB_REPORTVIEW_H

#include <stddef.h>
#include "core/buf.h"

/* Append the HTML of csv[0..len) to out. LB_OK or LB_ESYS (memory). */
int lb_reportview_html(const char *csv, size_t len, lb_buf *out, lb_err *e);

#endif
