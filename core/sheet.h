/*
 * sheet.h — one row source for every import: a CSV file (core/csv.h) or
 * the first worksheet of an XLSX workbook (core/xlsxread.h), read the same way,
 * one row at a time, with the header row mapped to the importer's columns.
 *
 * A file is read as XLSX when it starts like a zip archive (PK\3\4),
 * whatever its name; otherwise as CSV. Rows are numbered as the
 * spreadsheet shows them (the header is row 1; an XLSX row keeps its own
 * number even after blank rows). Blank rows are no rows.
 *
 * Limits, the same for both formats (a file past one is refused naming
 * it): a cell of at most LB_SHEET_MAX_CELL bytes, at most
 * LB_SHEET_MAX_ROWS rows; XLSX adds its own (core/xlsxread.h).
 *
 * Headers: each column has a name and a list of aliases, the headings
 * offices use for it ("Nama", "No KK", "Desa/Kelurahan"). Headings compare
 * folded: letters and digits only, case ignored ("No. KK" = "no kk" =
 * "NOKK"). A heading `reason` (the column lumbung adds to a rejects file)
 * and `No` (a row number Excel lists start with) are ignored, so that a
 * corrected rejects file imports as it is.
 *
 * Memory: lb_sheet_open allocates, lb_sheet_close frees. Field pointers
 * stay valid until the next lb_sheet_next.
 */
#ifndef LB_SHEET_H
#define LB_SHEET_H

#include <stddef.h>
#include <stdio.h>
#include "err.h"

#define LB_SHEET_MAX_CELL 65536L
#define LB_SHEET_MAX_ROWS 10000000L

enum { LB_SHEET_ROW = 100, LB_SHEET_EOF = 101 };

typedef struct lb_sheet lb_sheet;

struct lb_sheet_opts {
	char delimiter; /* CSV: ',', ';' or '\t'; 0 detects it from the header */
};

/* path "-" reads standard input (CSV only). o may be NULL: then the
 * delimiter is the one set with lb_sheet_set_default_delimiter (the
 * CLI's --delimiter, for every file of the command), or detected. */
void lb_sheet_set_default_delimiter(char delim);
/* Report the rows read by every sheet opened afterwards, every few
 * thousand rows (core/progress.h); NULL stops it. */
struct lb_progress;
void lb_sheet_set_progress(const struct lb_progress *p);
/* The CLI's --delimiter: ",", ";", "tab" (or a tab), "comma",
 * "semicolon"; NULL leaves detection on. Sets the default above. */
int lb_sheet_delimiter_option(const char *s, lb_err *e);
int lb_sheet_open(const char *path, const struct lb_sheet_opts *o, lb_sheet **out, lb_err *e);
void lb_sheet_close(lb_sheet *s);
const char *lb_sheet_path(const lb_sheet *s);
int lb_sheet_is_xlsx(const lb_sheet *s);

/* LB_SHEET_ROW, LB_SHEET_EOF, or LB_EINPUT naming the file and row. */
int lb_sheet_next(lb_sheet *s, lb_err *e);
size_t lb_sheet_nfields(const lb_sheet *s);
const char *lb_sheet_field(const lb_sheet *s, int i); /* "" when i is out of range */
/* Was cell i a number in the workbook (XLSX only; 0 for CSV)? */
int lb_sheet_is_number(const lb_sheet *s, int i);
long lb_sheet_row(const lb_sheet *s);

struct lb_sheet_col {
	const char *name;    /* as written in documentation and messages */
	int required;
	const char *aliases; /* other headings, separated by '|'; may be NULL */
};

/* Read the header row and find each column; idx[k] becomes the position
 * of cols[k] or -1 if an optional column is absent. An empty file, a
 * missing required column, an unknown or repeated column is LB_EINPUT.
 * Afterwards lb_sheet_next_row checks each row's width against it. */
int lb_sheet_header(lb_sheet *s, const struct lb_sheet_col *cols, size_t ncols, int *idx,
		    lb_err *e);
/* Fields in the header row, ignored columns included. */
size_t lb_sheet_width(const lb_sheet *s);

/* lb_sheet_next, plus the field-count check against the header (a CSV
 * row must have as many fields as the header; an XLSX row no value right
 * of it). */
int lb_sheet_next_row(lb_sheet *s, lb_err *e);
/* The same check without reading: NULL when the row fits, else why. */
const char *lb_sheet_width_problem(lb_sheet *s, char *buf, size_t n);

/* Rejects files (--rejects): the bad rows as they came, padded to the
 * header's width, with the reason last, in a column `reason` (or
 * `reject_reason` for an importer whose own columns include `reason`,
 * as stock import's adjust reason). A heading of either name that is no
 * column of the importer is ignored by lb_sheet_header and left out of
 * a new rejects file, so that a corrected rejects file imports as it is,
 * again and again. The file is CSV (comma, CRLF) whatever the input.
 *
 * lb_sheet_rejects_open: right after lb_sheet_header, creates path and
 * writes the header row. lb_sheet_reject: the current row and its
 * reason. The caller checks the FILE for write errors and closes it. */
int lb_sheet_rejects_open(lb_sheet *s, const char *path, FILE **out, lb_err *e);
void lb_sheet_reject(FILE *f, const lb_sheet *s, const char *reason);
/* Are a and b one file (a rejects file must not overwrite its input)? */
int lb_sheet_same_file(const char *a, const char *b);
/* The options' rule, the same for every import (cmd names it in the
 * message): --skip-invalid and --rejects FILE go together, and FILE is
 * not the file being imported (path). */
int lb_sheet_rejects_check(const char *cmd, int skip_invalid, const char *rejects,
			   const char *path, lb_err *e);

/* Every problem of a row in one line (a message, a rejects reason):
 * appends "col: msg" to reason, after "; " when reason already holds a
 * problem; col may be NULL (the row as a whole). Cut at n bytes, never
 * past them. */
void lb_sheet_join(char *reason, size_t n, const char *col, const char *msg);

/* Fold a heading or a word for comparison: ASCII letters lowered, digits
 * kept, everything else dropped. out has room for n bytes. */
void lb_sheet_fold(const char *s, char *out, size_t n);

#endif
