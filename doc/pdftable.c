/*
 * pdftable.c — paginated tables. See pdftable.h.
 *
 * Only the column layout is kept; rows go straight to the page. Everything
 * is drawn through doc/pdf.h, so this file never touches libharu.
 */
#include "pdftable.h"

#include "doc/pageplan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAD 2.5          /* between a cell's border and its text */
#define MAX_COLS 64
#define HEADER_GRAY 0.85
#define TOTAL_GRAY 0.92
/* A4 in points, as libharu sizes it: columns are checked before any page
 * of the table exists. */
#define A4_SHORT 595.276
#define A4_LONG 841.89

struct tcol {
	char *title;
	double x, w;
	int align;
	int nowrap;
};

struct lb_pdf_table {
	lb_pdf *p;
	struct tcol *cols;
	int ncols;
	struct lb_pdf_table_opts o;
	double left, width;
	double y, bottom; /* next row's top; lowest a row may reach */
	double header_h;
	int fresh; /* the table started this page and drew no row on it yet */
};

static const char *cell_text(const char *s)
{
	return s ? s : "";
}

static int header_row(lb_pdf_table *t, lb_err *e)
{
	int c, rc;

	if ((rc = lb_pdf_rect(t->p, t->left, t->y, t->width, t->header_h, LB_PDF_FILL,
			      HEADER_GRAY, e)))
		return rc;
	for (c = 0; c < t->ncols; c++) {
		struct tcol *col = &t->cols[c];

		if ((rc = lb_pdf_rect(t->p, col->x, t->y, col->w, t->header_h,
				      LB_PDF_STROKE, 0, e)) ||
		    (rc = lb_pdf_text_box(t->p, col->x + PAD, t->y + PAD, col->w - 2 * PAD,
					  t->header_h - 2 * PAD, LB_PDF_BOLD, t->o.font_size,
					  LB_PDF_CENTER, LB_PDF_WRAP, col->title, NULL, e)))
			return rc;
	}
	t->y += t->header_h;
	return LB_OK;
}

/* Begin a new page: the caller's title lines and, for rows, the column
 * header. */
static int new_page(lb_pdf_table *t, int with_header, lb_err *e)
{
	int rc;

	if ((rc = lb_pdf_add_page(t->p, t->o.orient, e)))
		return rc;
	t->y = t->o.margin;
	t->bottom = lb_pdf_page_height(t->p) - t->o.margin;
	if (t->o.header &&
	    (rc = t->o.header(t->p, lb_pdf_page_count(t->p), &t->y, t->o.ctx, e)))
		return rc;
	if (with_header && (rc = header_row(t, e)))
		return rc;
	t->fresh = 1;
	return LB_OK;
}

void lb_pdf_table_free(lb_pdf_table *t)
{
	int c;

	if (!t)
		return;
	for (c = 0; c < t->ncols; c++)
		free(t->cols[c].title);
	free(t->cols);
	free(t);
}

/* Check the options and columns and lay the columns out between the
 * margins of a page usable_w wide. Nothing is drawn. */
static int define(lb_pdf_table *t, const struct lb_pdf_col *cols, double usable_w, lb_err *e)
{
	double sum = 0, lead = lb_pdf_leading(t->o.font_size), h, x;
	int c, flex = -1, rc;

	for (c = 0; c < t->ncols; c++) {
		double w = cols[c].width;

		if (!isfinite(w) || w < 0)
			return lb_fail(e, LB_EINPUT, "table column %d has width %g; expected points > 0, or 0 for the rest",
				       c + 1, w);
		if (w == 0 && flex >= 0)
			return lb_fail(e, LB_EINPUT, "table columns %d and %d both ask for the rest of the width; only one may",
				       flex + 1, c + 1);
		if (w == 0)
			flex = c;
		int al = cols[c].align & ~LB_PDF_KEEP;

		if (al != LB_PDF_LEFT && al != LB_PDF_RIGHT && al != LB_PDF_CENTER)
			return lb_fail(e, LB_EINPUT, "table column %d has unknown alignment %d",
				       c + 1, cols[c].align);
		sum += w;
	}
	if (sum > usable_w + 0.01 || (flex >= 0 && usable_w - sum < 2 * PAD + t->o.font_size))
		return lb_fail(e, LB_EINPUT,
			       "table columns need %.0f pt but only %.0f pt fit between the margins; narrow them or use landscape",
			       flex >= 0 ? sum + 2 * PAD + t->o.font_size : sum, usable_w);
	x = t->left = t->o.margin;
	t->header_h = lead + 2 * PAD;
	for (c = 0; c < t->ncols; c++) {
		struct tcol *col = &t->cols[c];

		col->w = c == flex ? usable_w - sum : cols[c].width;
		if (col->w <= 2 * PAD)
			return lb_fail(e, LB_EINPUT, "table column %d is %.1f pt wide; it needs more than %.0f pt for its padding",
				       c + 1, col->w, 2 * PAD);
		col->x = x;
		col->align = cols[c].align & ~LB_PDF_KEEP;
		col->nowrap = (cols[c].align & LB_PDF_KEEP) != 0;
		col->title = strdup(cell_text(cols[c].title));
		if (!col->title)
			return lb_oom(e);
		x += col->w;
		if ((rc = lb_pdf_text_box_height(t->p, col->w - 2 * PAD, LB_PDF_BOLD,
						 t->o.font_size, LB_PDF_WRAP, col->title, &h, e))) {
			lb_err_prefix(e, "table column %d title", c + 1);
			return rc;
		}
		if (h + 2 * PAD > t->header_h)
			t->header_h = h + 2 * PAD;
	}
	t->width = x - t->left;
	return LB_OK;
}

int lb_pdf_table_new(lb_pdf_table **out, lb_pdf *p, const struct lb_pdf_col *cols,
		     int ncols, const struct lb_pdf_table_opts *opts, lb_err *e)
{
	static const struct lb_pdf_table_opts defaults;
	lb_pdf_table *t;
	double usable;
	int rc;

	*out = NULL;
	if (ncols < 1 || ncols > MAX_COLS || !cols)
		return lb_fail(e, LB_EINPUT, "a table needs 1..%d columns, not %d", MAX_COLS, ncols);
	t = calloc(1, sizeof *t);
	if (!t)
		return lb_oom(e);
	t->cols = calloc((size_t)ncols, sizeof *t->cols);
	if (!t->cols) {
		free(t);
		return lb_oom(e);
	}
	t->ncols = ncols;
	t->p = p;
	t->o = opts ? *opts : defaults;
	if (t->o.font_size == 0)
		t->o.font_size = 9;
	if (t->o.margin == 0)
		t->o.margin = LB_PDF_MM(15);
	rc = LB_EINPUT;
	if (t->o.orient != LB_PDF_PORTRAIT && t->o.orient != LB_PDF_LANDSCAPE) {
		lb_fail(e, rc, "a table's orientation %d is unknown", t->o.orient);
		goto fail;
	}
	if (t->o.fit != LB_PDF_TRUNCATE && t->o.fit != LB_PDF_WRAP) {
		lb_fail(e, rc, "a table's fit %d is neither truncate nor wrap", t->o.fit);
		goto fail;
	}
	if (!isfinite(t->o.font_size) || t->o.font_size < 4 || t->o.font_size > 72) {
		lb_fail(e, rc, "a table's font size %g is outside 4..72", t->o.font_size);
		goto fail;
	}
	if (!isfinite(t->o.margin) || t->o.margin < 0 || t->o.margin > LB_PDF_MM(50)) {
		lb_fail(e, rc, "a table's margin %g pt is outside 0..%.0f", t->o.margin, LB_PDF_MM(50));
		goto fail;
	}
	if (!isfinite(t->o.start_y) || t->o.start_y < 0) {
		lb_fail(e, rc, "a table cannot start at y %g", t->o.start_y);
		goto fail;
	}
	if (t->o.start_y > 0 && !lb_pdf_page_count(p)) {
		lb_fail(e, rc, "a table cannot start on the current page: the document has no page yet");
		goto fail;
	}
	usable = (t->o.orient == LB_PDF_LANDSCAPE ? A4_LONG : A4_SHORT) - 2 * t->o.margin;
	if (t->o.start_y > 0)
		usable = fmin(usable, lb_pdf_page_width(p) - 2 * t->o.margin);
	if ((rc = define(t, cols, usable, e)))
		goto fail;
	if (t->o.start_y > 0) {
		t->y = t->o.start_y;
		t->bottom = lb_pdf_page_height(p) - t->o.margin;
		if ((rc = header_row(t, e)))
			goto fail;
	} else if ((rc = new_page(t, 1, e))) {
		goto fail;
	}
	*out = t;
	return LB_OK;
fail:
	lb_pdf_table_free(t);
	return rc;
}

/* How a cell's text is fitted: a kept cell (figure, code) breaks only at
 * the newlines it was given, so one without any stays on one line. */
static int cell_fit(const lb_pdf_table *t, int c, const char *cell)
{
	if (!t->cols[c].nowrap)
		return t->o.fit;
	return cell && strchr(cell, '\n') ? LB_PDF_WRAP : LB_PDF_TRUNCATE;
}

/* The size at which a cell's pieces fit its column whole: for a kept
 * cell its lines, for a wrapping one its words, so that a code or figure
 * inside text ("(MINYAK)") is drawn smaller rather than broken. The
 * table's size unless the widest piece needs less. */
static int fit_size(lb_pdf_table *t, int c, int font, const char *text, double *size, lb_err *e)
{
	const char *cut = t->cols[c].nowrap ? "\n" : " \n";
	double room = (t->cols[c].w - 2 * PAD) * 0.97, widest = 0, tw;
	char piece[256];
	int rc;

	*size = t->o.font_size;
	/* cut with "…" anyway */
	if (!t->cols[c].nowrap && t->o.fit != LB_PDF_WRAP)
		return LB_OK;
	/* most text fits on its first line: nothing to look at word by word */
	if (!t->cols[c].nowrap) {
		if ((rc = lb_pdf_text_width(t->p, font, *size, text, &tw, e)))
			return rc;
		if (tw <= room)
			return LB_OK;
	}
	for (const char *p = text;;) {
		size_t n = strcspn(p, cut);

		/* a piece longer than the buffer is measured by its start: it
		 * is far wider than any column anyway */
		snprintf(piece, sizeof piece, "%.*s", (int)(n < sizeof piece ? n : sizeof piece - 1), p);
		if ((rc = lb_pdf_text_width(t->p, font, *size, piece, &tw, e)))
			return rc;
		if (tw > widest)
			widest = tw;
		if (!p[n])
			break;
		p += n + 1;
	}
	if (widest > room)
		*size = *size * room / widest;
	return LB_OK;
}

/* The height a row of cells takes when drawn in font, before any cut to
 * the page. */
static int row_height(lb_pdf_table *t, const char *const *cells, int font, double *out, lb_err *e)
{
	double h = 0, ch;
	int c, rc;

	if (!cells)
		return lb_fail(e, LB_EINPUT, "cannot add a table row: no cells given");
	for (c = 0; c < t->ncols; c++) {
		double size = t->o.font_size;

		/* a figure or code keeps each of its lines whole, text its words */
		if ((rc = fit_size(t, c, font, cell_text(cells[c]), &size, e)))
			return rc;
		rc = lb_pdf_text_box_height(t->p, t->cols[c].w - 2 * PAD, font, size, cell_fit(t, c, cells[c]),
					    cell_text(cells[c]), &ch, e);
		if (rc) {
			lb_err_prefix(e, "table column %d", c + 1);
			return rc;
		}
		h = fmax(h, ch);
	}
	*out = h + 2 * PAD;
	return LB_OK;
}

static int add_row(lb_pdf_table *t, const char *const *cells, int font, lb_err *e)
{
	double h, lead = lb_pdf_leading(t->o.font_size);
	int c, rc;

	if ((rc = row_height(t, cells, font, &h, e)))
		return rc;
	if (t->y + h > t->bottom && !t->fresh && (rc = new_page(t, 1, e)))
		return rc;
	/* taller than a whole page: show what fits, ending in "…" */
	if (t->y + h > t->bottom)
		h = fmax(t->bottom - t->y, lead + 2 * PAD);
	if (font == LB_PDF_BOLD &&
	    (rc = lb_pdf_rect(t->p, t->left, t->y, t->width, h, LB_PDF_FILL, TOTAL_GRAY, e)))
		return rc;
	for (c = 0; c < t->ncols; c++) {
		struct tcol *col = &t->cols[c];
		double size = t->o.font_size;

		/* never broken: drawn smaller when a piece is too wide */
		if ((rc = fit_size(t, c, font, cell_text(cells[c]), &size, e)))
			return rc;
		if ((rc = lb_pdf_rect(t->p, col->x, t->y, col->w, h, LB_PDF_STROKE, 0, e)) ||
		    (rc = lb_pdf_text_box(t->p, col->x + PAD, t->y + PAD, col->w - 2 * PAD,
					  h - 2 * PAD, font, size, col->align, cell_fit(t, c, cells[c]),
					  cell_text(cells[c]), NULL, e))) {
			lb_err_prefix(e, "table column %d", c + 1);
			return rc;
		}
	}
	t->y += h;
	t->fresh = 0;
	return LB_OK;
}

int lb_pdf_table_row(lb_pdf_table *t, const char *const *cells, lb_err *e)
{
	return add_row(t, cells, LB_PDF_REGULAR, e);
}

int lb_pdf_table_total(lb_pdf_table *t, const char *const *cells, lb_err *e)
{
	return add_row(t, cells, LB_PDF_BOLD, e);
}

int lb_pdf_table_row_height(lb_pdf_table *t, const char *const *cells, int total, double *h, lb_err *e)
{
	return row_height(t, cells, total ? LB_PDF_BOLD : LB_PDF_REGULAR, h, e);
}

int lb_pdf_table_break(lb_pdf_table *t, lb_err *e)
{
	return new_page(t, 1, e);
}

int lb_pdf_table_space(lb_pdf_table *t, double height, double *y, lb_err *e)
{
	int rc;

	if (!isfinite(height) || height < 0)
		return lb_fail(e, LB_EINPUT, "cannot reserve %g pt below a table", height);
	if (t->y + height > t->bottom && (rc = new_page(t, 0, e)))
		return rc;
	*y = t->y;
	t->y += height;
	t->fresh = 0;
	return LB_OK;
}

double lb_pdf_table_y(const lb_pdf_table *t)
{
	return t->y;
}

int lb_pdf_number_pages(lb_pdf *p, double margin, double font_size, const unsigned char *which, size_t nwhich,
			lb_err *e)
{
	int pages = lb_pdf_page_count(p), rc;
	double lead;
	char text[64];

	if (margin <= 0)
		margin = LB_PDF_MM(15);
	if (font_size <= 0)
		font_size = 9;
	lead = lb_pdf_leading(font_size);
	for (int i = 1; i <= pages; i++) {
		if (which && ((size_t)i > nwhich || !which[i - 1]))
			continue;
		lb_page_label(text, sizeof text, i, pages);
		if ((rc = lb_pdf_goto_page(p, i, e)) ||
		    (rc = lb_pdf_text_box(p, margin, lb_pdf_page_height(p) - margin / 2 - lead / 2,
					  lb_pdf_page_width(p) - 2 * margin, lead, LB_PDF_REGULAR, font_size,
					  LB_PDF_CENTER, LB_PDF_TRUNCATE, text, NULL, e)))
			return rc;
	}
	return LB_OK;
}
