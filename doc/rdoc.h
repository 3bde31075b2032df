/*
 * rdoc.h — one report, written in whichever format was asked for: an
 * aligned text table, CSV, JSON, PDF (through doc/pdf.h and
 * doc/pdftable.h) or XLSX (through doc/xlsx.h). The reports
 * (reconcile, realisation, stockrecon, bast) describe their content once —
 * title lines, then sections of typed rows — and this module renders it,
 * so that every format shows the same figures.
 *
 * A section is either a table (columns declared once, then rows) or a
 * list of labelled figures (kv: "Pagu anggaran | Rp1.234.500"). Values are
 * typed by their column, and each type has one rendering per format:
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
 * doc/xlsx.c. CSV writes each section as a title row, a header row and
 * its rows, sections separated by an empty line; "human" CSV (reports for
 * people) formats amounts and dates as on paper, "plain" CSV (reconcile)
 * as JSON does. JSON is one object: each meta value as a key, each table
 * section an array of row objects under its key, each kv section an
 * object under its key.
 *
 * Files are written atomically: text formats into PATH.tmp.XXXXXX in the
 * target's folder and renamed at lb_rdoc_close, PDF and XLSX through their
 * writers' atomic save. A failure, or lb_rdoc_discard, leaves no file and
 * no temporary behind. Without a path, text formats go to the FILE given.
 *
 * Memory: lb_rdoc_open allocates the document; lb_rdoc_close and
 * lb_rdoc_discard free it whatever the outcome. Column definitions passed
 * to lb_rdoc_table must live until the next section starts (reports keep
 * them static). Strings are copied or written before a call returns.
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
};

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
 * in CSV and XLSX, a line in tables. */
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
