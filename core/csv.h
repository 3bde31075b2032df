/*
 * csv.h — reading CSV files as people really produce them, one row at a
 * time: RFC 4180 quoting (delimiters and line breaks inside quotes), CRLF,
 * a UTF-8 byte order mark from Excel, and what offices' files hold
 * besides:
 *  - the delimiter is a comma, a semicolon or a tab, whichever the header
 *    line has most of outside quotes (lb_csv_set_delimiter overrides);
 *  - a double quote inside a field that does not start with one is part
 *    of the field (the national region list writes Soka"an so); text
 *    after a closing quote is malformed;
 *  - a cell that is not valid UTF-8 is read as Windows-1252 and converted
 *    (iconv); one that is neither refuses the row;
 *  - spaces around an unquoted field are not part of it; blank lines are
 *    no rows.
 * Most callers want core/sheet.h, which reads XLSX too and maps headers.
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

/* Before the first lb_csv_next: the delimiter (',', ';' or '\t'; 0
 * detects it) and the longest cell in bytes (0: no limit). */
void lb_csv_set_delimiter(lb_csv *c, char delim);
void lb_csv_set_max_field(lb_csv *c, long max);
char lb_csv_delimiter(const lb_csv *c);
/* Has a cell been converted from Windows-1252 so far? */
int lb_csv_converted(const lb_csv *c);

#endif
