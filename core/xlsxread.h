/*
 * xlsxread.h — reading the first worksheet of an Excel workbook (.xlsx), row
 * by row, with libzip and expat: Debian has no XLSX reader for C.
 *
 * What is read: the first sheet in workbook order (xl/workbook.xml and
 * its relationships), the shared strings, and the cell styles, to tell a
 * date cell from a number. Cells come out as text: a shared or inline
 * string as it is; a number as Excel stored it (6402061234567890, 1.5);
 * a date cell as YYYY-MM-DD (the 1900 and 1904 date systems); a formula
 * as its cached value; TRUE/FALSE; an error value as Excel shows it
 * (#N/A). Merged cells hold their value in the top-left cell only, as in
 * the file. Cells are placed by their reference (C7), so that a skipped
 * empty cell leaves an empty field.
 *
 * Limits, against damaged files and zip bombs (each refusal names the
 * file and the limit): the archive at most LB_XLSX_MAX_FILE bytes; an
 * entry at most LB_XLSX_MAX_ENTRY bytes uncompressed and, above 1 MiB, at
 * most LB_XLSX_MAX_RATIO times its compressed size (checked from the
 * directory before reading, and again while reading, since a directory
 * can lie); the shared strings at most LB_XLSX_MAX_STRINGS bytes in all
 * (they are held in memory); a cell at most LB_SHEET_MAX_CELL bytes; at
 * most 16,384 columns. The sheet itself is streamed: memory does not
 * grow with the number of rows.
 */
#ifndef LB_XLSXREAD_H
#define LB_XLSXREAD_H

#include <stddef.h>
#include "err.h"

#define LB_XLSX_MAX_FILE (1LL << 30)
#define LB_XLSX_MAX_ENTRY (4LL << 30)
#define LB_XLSX_MAX_RATIO 200
#define LB_XLSX_MAX_STRINGS (96LL << 20)
#define LB_XLSX_MAX_COLS 16384

/* lb_xlsxr_next's results, the values of LB_SHEET_ROW/EOF and
 * LB_CSV_ROW/EOF, so that core/sheet.c passes either reader's on. */
enum { LB_XLSXR_ROW = 100, LB_XLSXR_EOF = 101 };

typedef struct lb_xlsxr lb_xlsxr;

int lb_xlsxr_open(const char *path, long max_cell, lb_xlsxr **out, lb_err *e);
void lb_xlsxr_close(lb_xlsxr *x);
/* LB_XLSXR_ROW (a row with at least one non-empty cell), LB_XLSXR_EOF,
 * or LB_EINPUT naming the file and row. */
int lb_xlsxr_next(lb_xlsxr *x, lb_err *e);
size_t lb_xlsxr_nfields(const lb_xlsxr *x);
const char *lb_xlsxr_field(const lb_xlsxr *x, size_t i);
int lb_xlsxr_is_number(const lb_xlsxr *x, size_t i);
long lb_xlsxr_row(const lb_xlsxr *x);

/* An Excel serial day number (1900 system: 1 = 1900-01-01, with Excel's
 * phantom 1900-02-29) as YYYY-MM-DD; 0 when out of 1900..9999. */
int lb_xlsxr_serial_date(double serial, int date1904, char out[11]);

#endif
