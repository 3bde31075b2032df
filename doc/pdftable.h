/*
 * pdftable.h — tables that run over as many PDF pages as they need: the
 * realisation lists, stock reports and BAST attachments.
 *
 * A table is streamed: each row is drawn when it is added and then
 * forgotten, so a table of 100 000 recipients holds no more of our memory
 * than one of 10 (libharu still keeps the pages until the document is freed).
 * When a row does not fit on the page, a new page is started: the caller's
 * page-header callback draws the title lines and the column header row is
 * repeated. Page numbers wait for the whole document: lb_pdf_number_pages.
 *
 * Cells are UTF-8 (NULL is an empty cell). With LB_PDF_WRAP a row grows to
 * the tallest cell, lines breaking between words; a word wider than its
 * column (a code) makes the cell's text smaller rather than break; a cell
 * taller than a whole page is cut with "…". With LB_PDF_TRUNCATE every row
 * is one line.
 *
 * Memory: lb_pdf_table_new copies the column definitions (titles included);
 * the caller frees the table with lb_pdf_table_free. The table draws into the
 * caller's lb_pdf, which it does not own and which must outlive it.
 */
#ifndef LB_PDFTABLE_H
#define LB_PDFTABLE_H

#include "core/err.h"
#include "doc/pdf.h"

typedef struct lb_pdf_table lb_pdf_table;

struct lb_pdf_col {
	const char *title;
	double width; /* points; 0 for the one column that takes what is left */
	int align;    /* enum lb_pdf_align, for the cells (titles are centred),
		       * or'd with LB_PDF_KEEP for figures and codes */
};

/* With a column's align: its cells are one line, drawn smaller rather
 * than wrapped or cut ("Rp29.648.000", "TP-BAKUNGAN"). A cell given
 * newlines breaks there and only there, each line kept whole ("24.600
 * butir" over "(820 rak)"). */
#define LB_PDF_KEEP 0x100

/* Draws the title lines of a new page starting at *y (the top margin) and
 * moves *y below them, where the column header row will go. page is the
 * page's number in the document. Returns LB_OK or fails with e filled, which
 * fails the row being added. */
typedef int (*lb_pdf_page_fn)(lb_pdf *p, int page, double *y, void *ctx, lb_err *e);

struct lb_pdf_table_opts {
	int orient;            /* enum lb_pdf_orient of the pages it starts */
	double font_size;      /* 0: 9 pt */
	double margin;         /* page margin in points; 0: 15 mm */
	int fit;               /* enum lb_pdf_fit for the cells */
	lb_pdf_page_fn header; /* may be NULL */
	void *ctx;             /* passed to header */
	/* > 0: begin on the current page at this y (below what the caller
	 * drew there), without calling header; 0: begin on a new page. */
	double start_y;
};

/* Define the table and draw its header row, on a new page unless
 * opts->start_y says otherwise. opts may be NULL for the defaults. LB_EINPUT
 * when the columns do not fit between the margins. */
int lb_pdf_table_new(lb_pdf_table **out, lb_pdf *p, const struct lb_pdf_col *cols,
		     int ncols, const struct lb_pdf_table_opts *opts, lb_err *e);

/* Draw a row of ncols cells, starting a new page first if it does not fit. */
int lb_pdf_table_row(lb_pdf_table *t, const char *const *cells, lb_err *e);

/* The same in bold on a shaded background: the "JUMLAH" row. */
int lb_pdf_table_total(lb_pdf_table *t, const char *const *cells, lb_err *e);

/* The height the row of cells would take (total: drawn as by
 * lb_pdf_table_total), without drawing it: a writer holding rows back to
 * keep them with what follows the table (doc/pageplan.h) plans with it. */
int lb_pdf_table_row_height(lb_pdf_table *t, const char *const *cells, int total, double *h, lb_err *e);

/* Start a new page now, with its title lines and the column header: the
 * rows that follow continue the table there. */
int lb_pdf_table_break(lb_pdf_table *t, lb_err *e);

/* Make sure height points are free below the table on the current page
 * (starting a new page, with its title lines and foot but no column header,
 * if not) and return in *y where the free space begins: for totals and
 * signature blocks that must not be split from each other. */
int lb_pdf_table_space(lb_pdf_table *t, double height, double *y, lb_err *e);

/* Where the next row would go on the current page. */
double lb_pdf_table_y(const lb_pdf_table *t);

void lb_pdf_table_free(lb_pdf_table *t);

/* Write "Halaman i dari n" (doc/pageplan.h's words) at the foot of
 * the pages of p, centred in the bottom margin of a table drawn with this
 * margin and font size (0: the table defaults): every page, or with which
 * those pages i whose which[i - 1] is set (i <= nwhich), the others
 * numbering themselves. Called once, when the document is complete,
 * since only then is n known. */
int lb_pdf_number_pages(lb_pdf *p, double margin, double font_size, const unsigned char *which, size_t nwhich,
			lb_err *e);

#endif
