/*
 * csv.h — reading CSV files as people really produce them, one row at a
 * time, on top of libcsv (RFC 4180 quoting, commas and line breaks inside
 * quotes, CRLF, a UTF-8 byte order mark from Excel). Only core/csv.c calls
 * libcsv.
 *
 * Rows are numbered as a spreadsheet shows them when the file has no blank
 * lines: the header is row 1. Memory stays bounded by the read chunk and
 * the longest row, whatever the file's size, so that a million-row import
 * runs in a few megabytes.
 *
 * Memory: lb_csv_open allocates the reader; lb_csv_close frees it. Field
 * pointers stay valid until the next lb_csv_next.
 */
#ifndef LB_CSV_H
#define LB_CSV_H

#include <stddef.h>
#include "err.h"

typedef struct lb_csv lb_csv;

enum { LB_CSV_ROW = 100, LB_CSV_EOF = 101 };

/* path "-" reads standard input. A missing or unreadable file is LB_EINPUT. */
int lb_csv_open(const char *path, lb_csv **out, lb_err *e);
void lb_csv_close(lb_csv *c);
const char *lb_csv_path(const lb_csv *c);

/* LB_CSV_ROW, LB_CSV_EOF, or an error (malformed or truncated quoting is
 * LB_EINPUT naming the file and row). */
int lb_csv_next(lb_csv *c, lb_err *e);
size_t lb_csv_nfields(const lb_csv *c);
const char *lb_csv_field(const lb_csv *c, int i); /* "" when i is out of range */
long lb_csv_row(const lb_csv *c);

struct lb_csv_col {
	const char *name;
	int required;
};

/* Read the header row and find each column; idx[k] becomes the position
 * of cols[k] or -1 if an optional column is absent. Names compare case-
 * insensitively after trimming. An empty file, a missing required column,
 * an unknown (misspelt) or repeated column is LB_EINPUT. Afterwards every
 * row must have as many fields as the header (checked by
 * lb_csv_next_row). */
int lb_csv_header(lb_csv *c, const struct lb_csv_col *cols, size_t ncols, int *idx, lb_err *e);

/* lb_csv_next, plus the field-count check against the header. */
int lb_csv_next_row(lb_csv *c, lb_err *e);

#endif
