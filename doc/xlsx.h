/*
 * xlsx.h — Excel workbooks for the finance office: one sheet per table, a
 * bold frozen header row, text that stays text, numbers and rupiah amounts
 * that stay numbers.
 *
 * This is the only interface to libxlsxwriter: no other file includes
 * xlsxwriter.h.
 *
 * Conventions (see docs/reports-output.md):
 * - Text cells are always strings, never numbers or formulas, so a NIK like
 *   6402010101900001 or a code like 007 keeps every digit. Text that starts
 *   with = + - @, a tab or a carriage return (and is longer than that one
 *   character) is written with a leading apostrophe, "'=1+1", so that it
 *   cannot become a formula when someone edits the cell, re-saves the sheet
 *   as CSV or pastes it elsewhere.
 * - Whole numbers are numbers; at most 15 digits, what Excel holds exactly.
 * - Rupiah are numbers in the format "Rp"#,##0: Rp1,234,500 in an English
 *   Excel, Rp1.234.500 in an Indonesian one, and they still add up.
 * - Dates are text in Indonesian, "15 Januari 2026", as on paper.
 * - Rows and columns count from 0, as in libxlsxwriter (row 0 is Excel's
 *   row 1, column 0 its column A); error messages name cells as Excel does.
 *
 * Errors: LB_EINPUT for bad arguments (cell out of range, invalid UTF-8,
 * text over 32767 bytes, a bad sheet name or path), LB_ESYS when
 * libxlsxwriter fails, with its own description.
 *
 * Memory: lb_xlsx_open allocates the workbook; lb_xlsx_close writes it and
 * lb_xlsx_discard abandons it, and each frees everything, sheets included,
 * whatever the outcome. Sheet handles belong to their workbook. libxlsxwriter
 * keeps every cell in memory until the workbook is closed. Strings passed in
 * are copied before the call returns.
 */
#ifndef LB_XLSX_H
#define LB_XLSX_H

#include <stdint.h>
#include "core/err.h"
#include "core/sink.h"

typedef struct lb_xlsx lb_xlsx;
typedef struct lb_xlsx_sheet lb_xlsx_sheet;

/* Start a workbook that lb_xlsx_close will write into s (core/sink.h). For
 * a file a temporary file "PATH.tmp.XXXXXX" is created in path's directory
 * now, so a directory that is missing or not writable, or a name that is a
 * folder or a link, is reported here (LB_EINPUT), before any work. */
int lb_xlsx_open_sink(lb_xlsx **out, const struct lb_sink *s, lb_err *e);
/* lb_xlsx_open_sink into the file path, replacing an existing one (a
 * caller that must not replace one checks with lb_file_check first). */
int lb_xlsx_open(lb_xlsx **out, const char *path, lb_err *e);

/* Add a worksheet named name (at most 31 characters, none of []:*?/\,
 * unique in the workbook). */
int lb_xlsx_sheet_add(lb_xlsx *x, const char *name, lb_xlsx_sheet **out, lb_err *e);

/* The column titles of a table, in bold in row row from column 0, with the
 * rows above and including it frozen so they stay in view while scrolling,
 * and a filter on every column down to the last row written. */
int lb_xlsx_header(lb_xlsx_sheet *s, int row, const char *const *titles, int n,
		   lb_err *e);

int lb_xlsx_text(lb_xlsx_sheet *s, int row, int col, const char *utf8, lb_err *e);
/* The same in bold: title lines above a table, a "JUMLAH" label. */
int lb_xlsx_text_bold(lb_xlsx_sheet *s, int row, int col, const char *utf8, lb_err *e);
int lb_xlsx_int(lb_xlsx_sheet *s, int row, int col, int64_t v, lb_err *e);
int lb_xlsx_rupiah(lb_xlsx_sheet *s, int row, int col, int64_t rupiah, lb_err *e);
/* A calendar date as Indonesian text; LB_EINPUT for a day that does not
 * exist or a year outside 1900..9999. */
int lb_xlsx_date(lb_xlsx_sheet *s, int row, int col, int year, int month, int day,
		 lb_err *e);

/* Typed cells for reports people sort and sum (issue 15): a quantity as
 * a number in "#,##0"; basis points (9525) as the number 0.9525 in
 * "0.00%"; a calendar date as an Excel date in "d mmmm yyyy". */
int lb_xlsx_qty(lb_xlsx_sheet *s, int row, int col, int64_t v, lb_err *e);
int lb_xlsx_percent(lb_xlsx_sheet *s, int row, int col, int64_t bp, lb_err *e);
int lb_xlsx_day(lb_xlsx_sheet *s, int row, int col, int year, int month, int day, lb_err *e);
/* The data of the sheet's table ended at row: totals below it stay out of
 * the filter. The first call counts. */
void lb_xlsx_data_end(lb_xlsx_sheet *s, int row);

/* Width of columns first..last in characters of the default font. */
int lb_xlsx_col_width(lb_xlsx_sheet *s, int first, int last, double width, lb_err *e);

/* Write the workbook to its temporary file, flush it to disk and rename it
 * to the path given to lb_xlsx_open. On failure the temporary file is
 * removed and nothing appears under path. Frees x either way. */
int lb_xlsx_close(lb_xlsx *x, lb_err *e);

/* Abandon the workbook: nothing is written, the temporary file is removed,
 * x is freed. NULL is ignored. */
void lb_xlsx_discard(lb_xlsx *x);

#endif
