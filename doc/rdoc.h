/*
 * rdoc.h — the one document model: everything lumbung shows or writes
 * for people or scripts — a list command's rows, a `show` command's
 * record, a report, a web page's table — is described once as a
 * document and rendered by one of its backends: an aligned text table,
 * CSV, JSON, HTML (web pages), PDF (through doc/pdf.h and
 * doc/pdftable.h) or XLSX (through doc/xlsx.h). The row writing and the
 * escaping of the text backends (table, CSV, JSON, HTML) live in
 * core/output.c, which nothing above doc/ calls to render on its own.
 *
 * A document has one of three shapes (lb_rdoc_opts.shape):
 *
 *   LB_DOC_REPORT (0)  title lines, then sections (below), then
 *                      paragraphs and signatures: the reports. As HTML
 *                      (a report's web page) it is the cells of its CSV
 *                      for people as paragraphs, headings and tables
 *                      (doc/reporthtml.h), appended at lb_rdoc_close;
 *   LB_DOC_LIST        one list of text columns (struct lb_col: name,
 *                      numeric) and its rows, streamed: the list
 *                      commands and the web pages' tables. Table: aligned
 *                      columns (a bounded number of rows held back to
 *                      size them, then streamed, so a list of a million
 *                      rows holds a few thousand); CSV: a header row and
 *                      RFC 4180 rows; JSON: a bare array of row objects;
 *                      HTML: a <table>. A paragraph after the rows is a
 *                      line under the text table ("(no stock)");
 *   LB_DOC_RECORD      one thing's fields (`voucher show`, `recipient
 *                      show`): "label value" lines, values lined up at
 *                      label_width (a ':' after the label with
 *                      label_colon), a field without a value left out; in
 *                      JSON one object whose keys are the labels with '_'
 *                      for ' ' (no value: null). Paragraphs are lines
 *                      between the fields (a history), left out of JSON.
 *
 * In a report a section is either a table (columns declared once, then
 * rows) or a list of labelled figures (kv: "Pagu anggaran |
 * Rp1.234.500"). Values are typed by their column, and each type has one
 * rendering per format:
 *
 *   type     PDF, table, human CSV      plain CSV, JSON    XLSX
 *   TEXT     as is                      as is              string
 *   CODE     as is                      as is              string (NIK, codes: every digit kept)
 *   INT      1.234 (PDF, table), 1234   1234               number
 *   RUPIAH   Rp1.234.500                1234500            number, "Rp"#,##0
 *   DATE     15 Januari 2026            2026-01-15         text 15 Januari 2026
 *   PERCENT  95,25%                     95.25              text 95,25%
 *
 * (PERCENT values are basis points: 9525 is 95,25%.) Text cells of CSV and
 * XLSX that begin with = + - @ are neutralised by core/output.c and
 * doc/xlsx.c; every text of HTML goes through lb_html_add. CSV writes
 * each section as a title row, a header row and
 * its rows, sections separated by an empty line; "human" CSV (reports for
 * people) formats amounts and dates as on paper, "plain" CSV (reconcile)
 * as JSON does. JSON is one object: each meta value as a key, each table
 * section an array of row objects under its key, each kv section an
 * object under its key.
 *
 * Files are written atomically: text formats into PATH.tmp.XXXXXX in the
 * target's folder and renamed at lb_rdoc_close, PDF and XLSX through their
 * writers' atomic save. A failure, or lb_rdoc_discard, leaves no file and
 * no temporary behind. Without a path, text formats go to the FILE given;
 * HTML is appended to the buffer given.
 *
 * Memory: lb_rdoc_open allocates the document; lb_rdoc_close and
 * lb_rdoc_discard free it whatever the outcome. Column definitions passed
 * to lb_rdoc_table or lb_rdoc_list must live until the next section
 * starts or the document closes (callers keep them static). Strings are
 * copied or written before a call returns.
 */
#ifndef LB_RDOC_H
#define LB_RDOC_H

#include <stdint.h>
#include <stdio.h>

#include "core/db.h"
#include "core/err.h"
#include "core/output.h"
#include "core/sink.h"
#include "doc/pdf.h"

enum lb_rtype { LB_R_TEXT, LB_R_CODE, LB_R_INT, LB_R_RUPIAH, LB_R_DATE, LB_R_PERCENT };
/* Or'd into a column's type: data for scripts (codes, English details,
 * timestamps) that CSV and JSON carry in full but pages and tables for
 * people (PDF, text table, XLSX) leave out, since their words stand in
 * other columns. */
#define LB_R_DATA 0x100
/* Or'd into a column's type: left out of the text table only, so that it
 * fits 120 columns; PDF, XLSX, CSV and JSON show it. */
#define LB_R_WIDE 0x200

struct lb_rcol {
	const char *title; /* for people: PDF, XLSX, table, human CSV */
	const char *key;   /* for scripts: JSON, plain CSV */
	int type;          /* enum lb_rtype */
	double width;      /* PDF points; 0 for the one column taking the rest */
};

/* One cell: s for TEXT, CODE and DATE (YYYY-MM-DD), n for the numbers.
 * null: an empty cell (null in JSON). */
struct lb_rval {
	const char *s;
	int64_t n;
	int null;
	const char *h;  /* for people (PDF, table, XLSX, human CSV): shown
			 * instead of s ("Beras medium (BERAS)" for BERAS);
			 * JSON and plain CSV keep s; for a figure, the
			 * PDF page alone shows h ("24.600 butir\n(820
			 * rak)", each line kept whole), every other format
			 * the number n */
};

#define LB_RV_S(str) ((struct lb_rval){ .s = (str) })
#define LB_RV_N(num) ((struct lb_rval){ .n = (num) })
#define LB_RV_NULL ((struct lb_rval){ .null = 1 })
#define LB_RV_SH(str, human) ((struct lb_rval){ .s = (str), .h = (human) })

struct lb_rdoc_opts {
	int fmt;             /* enum lb_fmt */
	const char *path;    /* NULL: text formats to out; PDF and XLSX need one */
	FILE *out;           /* where text goes without a path */
	int plain;           /* CSV with plain numbers and ISO dates */
	int landscape;       /* PDF pages */
	const char *title;   /* first title line (bold), also the document's title */
	const char *org;     /* the office, second title line */
	int excel;           /* human CSV as Indonesian Excel opens it: BOM, ';' */
	int force;           /* path may name an existing file, which is replaced */
	const struct lb_sink *sink; /* instead of path: a file, a buffer or a
				     * descriptor (core/sink.h); read by
				     * lb_rdoc_open, which keeps a copy */
	int shape;           /* LB_DOC_REPORT (0), LB_DOC_LIST, LB_DOC_RECORD */
	struct lb_buf *html; /* LB_FMT_HTML: the page the list or report is appended to */
	int label_width;     /* LB_DOC_RECORD: the column values start at, less one */
	int label_colon;     /* LB_DOC_RECORD: "label:" rather than "label" */
	int cards;           /* LB_DOC_LIST in HTML: a card per row on a phone */
};

enum { LB_DOC_REPORT = 0, LB_DOC_LIST, LB_DOC_RECORD };

typedef struct lb_rdoc lb_rdoc;

/* Start a document. A path that cannot be written is LB_EINPUT here,
 * before any work. */
int lb_rdoc_open(lb_rdoc **out, const struct lb_rdoc_opts *o, lb_err *e);

/* A line under the title on every PDF page, above the tables elsewhere
 * ("Program: ...   Periode: Januari 2026"). Before the first section, or
 * before lb_rdoc_page_break, which starts a page with the lines set then. */
int lb_rdoc_subtitle(lb_rdoc *d, const char *line, lb_err *e);
/* Forget the subtitle lines (before setting new ones for a new page). */
void lb_rdoc_clear_subtitles(lb_rdoc *d);

/* A top-level JSON value (the report's program, period...); only JSON
 * shows it, the subtitle lines say it for people. type LB_R_TEXT or
 * LB_R_INT. */
int lb_rdoc_meta(lb_rdoc *d, const char *key, int type, struct lb_rval v, lb_err *e);

/* Start a table section: key names it in JSON, title for people. */
int lb_rdoc_table(lb_rdoc *d, const char *key, const char *title, const struct lb_rcol *cols,
		  int ncols, lb_err *e);
int lb_rdoc_row(lb_rdoc *d, const struct lb_rval *vals, lb_err *e);
/* A table left without rows shows "nihil" for people (PDF, XLSX, text,
 * human CSV) when the next section starts or the document closes. */
/* A totals row (bold in PDF and XLSX); JSON leaves it out, since the
 * report gives its totals in a kv section. */
int lb_rdoc_total(lb_rdoc *d, const struct lb_rval *vals, lb_err *e);

/* Start a kv section, then add its figures one by one. */
int lb_rdoc_kv(lb_rdoc *d, const char *key, const char *title, lb_err *e);
int lb_rdoc_kv_add(lb_rdoc *d, const char *key, const char *label, int type, struct lb_rval v,
		   lb_err *e);

/* A paragraph of text for people (not in JSON): wrapped in PDF, one cell
 * in CSV and XLSX, a line in tables. In a list, a line under the text
 * table (CSV, JSON and HTML leave it out); in a record, a line between
 * the fields. */
int lb_rdoc_para(lb_rdoc *d, const char *text, int bold, lb_err *e);

/* PDF: make sure height points are free below what was drawn (starting a
 * new page if not), and return the document and where the space begins,
 * for drawing that must stay together (signature blocks). *pdf is NULL
 * for other formats, and nothing is done. */
int lb_rdoc_space(lb_rdoc *d, double height, lb_pdf **pdf, double *y, lb_err *e);
/* The office's kop on the first PDF page, and the signatories that
 * lb_rdoc_signatures draws; o must outlive the document. */
struct lb_office;
void lb_rdoc_office(lb_rdoc *d, const struct lb_office *o);
/* "place, date" and the signature blocks of roles (enum in
 * doc/office.h) below what was drawn, kept together on one page; a
 * line each in text formats, nothing in JSON or without an office. */
int lb_rdoc_signatures(lb_rdoc *d, const int *roles, int n, const char *village, const char *place_date,
		       lb_err *e);

/* The report's "place, date" (today) and the signature blocks of the
 * roles listed in setting ("office.report.signers"), at the end of d.
 * Kept here rather than in office.c so that the office's paper stays
 * below the report writer (no include cycle). */
int lb_office_report_sign(lb_db *db, lb_rdoc *d, const struct lb_office *o, const char *setting,
			  lb_err *e);

/* PDF: the document itself, for a report that lays out its own pages
 * (the BAST) and lets lb_rdoc_close save them; NULL for other formats. */
lb_pdf *lb_rdoc_pdf(lb_rdoc *d);
/* PDF: left margin and usable width of the page. */
double lb_rdoc_margin(const lb_rdoc *d);
double lb_rdoc_width(const lb_rdoc *d);

/* PDF: what follows starts on a new page (BAST: one per village), with
 * the subtitle lines set now. XLSX: what follows goes to a new sheet named
 * sheet, which the next section uses too. Others: nothing. */
int lb_rdoc_page_break(lb_rdoc *d, const char *sheet, lb_err *e);

/* ---- LB_DOC_LIST ---- */

/* Start the list (once, before its rows). A table, CSV and JSON go to
 * the document's file or FILE, HTML to opts.html. */
int lb_rdoc_list(lb_rdoc *d, const struct lb_col *cols, int ncols, lb_err *e);
/* One row of text cells, one per column; NULL is an empty cell (null in
 * JSON). Numeric columns are right-aligned in tables, unquoted in JSON,
 * never neutralised in CSV. */
int lb_rdoc_cells(lb_rdoc *d, const char *const *vals, lb_err *e);
/* HTML: the row with, for each cell whose href is not NULL, a link to it
 * (escaped too). Refused for other formats. */
int lb_rdoc_cells_links(lb_rdoc *d, const char *const *vals, const char *const *hrefs, lb_err *e);
/* A web page's table: an HTML list document appended to b, its list
 * started with cols. Close it with lb_rdoc_close. */
int lb_rdoc_html_list(struct lb_buf *b, const struct lb_col *cols, int ncols, lb_rdoc **out, lb_err *e);
/* The same, for a table whose rows must be told apart on a phone: one
 * card per row there, each value under its column's name
 * (lb_out_open_html_cards). */
int lb_rdoc_html_cards(struct lb_buf *b, const struct lb_col *cols, int ncols, lb_rdoc **out, lb_err *e);

/* ---- LB_DOC_RECORD ---- */

struct lb_field {
	const char *label;
	const char *value;
};
/* One field; value NULL: left out of the table, null in JSON. */
int lb_rdoc_field(lb_rdoc *d, const char *label, const char *value, lb_err *e);
/* lb_rdoc_field and lb_rdoc_para with the text formatted as printf does. */
int lb_rdoc_fieldf(lb_rdoc *d, const char *label, lb_err *e, const char *fmt, ...) LB_PRINTF(4, 5);
int lb_rdoc_paraf(lb_rdoc *d, lb_err *e, const char *fmt, ...) LB_PRINTF(3, 4);
/* A whole record at once to f (`voucher show`), its values lined up
 * after the longest label declared, ':' after each label, so that a
 * record cut short — a slip that is not genuine — lines up as the full
 * one does. LB_FMT_TABLE or LB_FMT_JSON only. */
int lb_rdoc_record(FILE *f, enum lb_fmt fmt, const struct lb_field *fields, int n, lb_err *e);

/* Finish: write and rename the file (or flush out). Frees d. */
int lb_rdoc_close(lb_rdoc *d, lb_err *e);
/* Give up: nothing is written, temporaries are removed. Frees d; NULL is
 * ignored. */
void lb_rdoc_discard(lb_rdoc *d);

/* Formatting shared with the reports: basis points as "95,25%", and the
 * rate a / b in basis points (0 when b is 0), rounded half up. */
void lb_rdoc_percent(int64_t bp, char *out, size_t n);
int64_t lb_rdoc_rate_bp(int64_t a, int64_t b);

#endif
