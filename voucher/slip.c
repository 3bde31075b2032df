/*
 * slip.c — slip layout. See slip.h.
 *
 * Two designs, both in millimetres of a base cell and scaled as a whole:
 * landscape (105 × 74.25 mm: text on the left, QR on the right) for 8 and
 * 2 per page, portrait (105 × 148.5 mm: QR on top, text below) for 4 and
 * 1 per page. The 2 and 1 per page cells are exactly twice the base
 * cells, so each design is drawn at scale 1 or 2 and nothing is laid out
 * twice.
 */
#include "voucher/slip.h"

#include <stdio.h>
#include <string.h>

#define A4_W LB_PDF_MM(210.0)
#define A4_H LB_PDF_MM(297.0)
/* The standard's quiet zone; the white margin a scanner needs. */
#define QR_QUIET 4

int lb_slip_per_page_valid(int n)
{
	return n == 1 || n == 2 || n == 4 || n == 8;
}

static void grid(int per_page, int *cols, int *rows)
{
	switch (per_page) {
	case 1: *cols = 1; *rows = 1; break;
	case 2: *cols = 1; *rows = 2; break;
	case 4: *cols = 2; *rows = 2; break;
	default: *cols = 2; *rows = 4; break;
	}
}

void lb_slip_cell(int per_page, int i, double *x, double *y, double *w, double *h)
{
	int cols, rows;

	grid(per_page, &cols, &rows);
	*w = A4_W / cols;
	*h = A4_H / rows;
	*x = (i % cols) * *w;
	*y = (i / cols) * *h;
}

int lb_slip_doc_init(struct lb_slip_doc *d, lb_pdf *pdf, int per_page, const char *org,
		     const char *program_name, const char *logo, lb_err *e)
{
	memset(d, 0, sizeof *d);
	if (!lb_slip_per_page_valid(per_page))
		return lb_fail(e, LB_EINPUT, "cannot lay out %d slips a page: choose 1, 2, 4 or 8",
			       per_page);
	d->pdf = pdf;
	d->per_page = per_page;
	d->org = org ? org : "";
	d->program_name = program_name;
	d->logo = logo && *logo ? logo : NULL;
	d->cell = per_page;
	return LB_OK;
}

void lb_slip_break(struct lb_slip_doc *d)
{
	d->cell = d->per_page;
}

/* Drawing context of one slip: its cell's corner and scale. */
struct pen {
	lb_pdf *p;
	double x0, y0, s;
	lb_err *e;
};

static double X(const struct pen *pn, double mm)
{
	return pn->x0 + LB_PDF_MM(mm * pn->s);
}

static double Y(const struct pen *pn, double mm)
{
	return pn->y0 + LB_PDF_MM(mm * pn->s);
}

static double L(const struct pen *pn, double mm)
{
	return LB_PDF_MM(mm * pn->s);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* One line of text in a box whose top is at y mm, cut with "…" to fit. */
static int line(const struct pen *pn, double x, double y, double w, int font, double pt,
		int align, const char *text)
{
	double size = pt * pn->s;

	return lb_pdf_text_box(pn->p, X(pn, x), Y(pn, y), L(pn, w), lb_pdf_leading(size), font,
			       size, align, LB_PDF_TRUNCATE, text, NULL, pn->e);
}

static int sign_box(const struct pen *pn, double x, double y, double w, double h,
		    const char *label)
{
	int rc;

	if ((rc = lb_pdf_rect(pn->p, X(pn, x), Y(pn, y), L(pn, w), L(pn, h), LB_PDF_STROKE, 0.3,
			      pn->e)))
		return rc;
	return line(pn, x + 1, y + 0.6, w - 2, LB_PDF_REGULAR, 5.2, LB_PDF_LEFT, label);
}

/* Office, title and program across the top; logo at the left if any. */
static int header(const struct pen *pn, const struct lb_slip_doc *d, double width)
{
	double tx = 4;
	int rc;

	if (d->logo) {
		if ((rc = lb_pdf_image(pn->p, d->logo, X(pn, 4), Y(pn, 3.5), L(pn, 10.5), L(pn, 10.5),
				       pn->e)))
			return rc;
		tx = 16;
	}
	if ((rc = line(pn, tx, 3.2, width - 4 - tx, LB_PDF_REGULAR, 6.3, LB_PDF_LEFT, d->org)) ||
	    (rc = line(pn, tx, 6.3, width - 4 - tx, LB_PDF_BOLD, 10, LB_PDF_LEFT,
		       "KUPON BANTUAN PANGAN")))
		return rc;
	if (d->program_name && *d->program_name &&
	    (rc = line(pn, tx, 11.2, width - 4 - tx, LB_PDF_REGULAR, 6, LB_PDF_LEFT, d->program_name)))
		return rc;
	return lb_pdf_line(pn->p, X(pn, 4), Y(pn, 15.6), X(pn, width - 4), Y(pn, 15.6), 0.5 * pn->s,
			   LB_PDF_SOLID, pn->e);
}

struct field {
	const char *label, *value;
	int bold;
};

/* The labelled fields, one a row, from top (mm) with step between rows;
 * the package wraps over up to two lines at the end. */
static int fields(const struct pen *pn, const struct lb_slip *s, double x, double vx,
		  double right, double top, double step, double pt)
{
	struct field f[8];
	int n = 0, i, rc;
	double y = top, size;

	f[n++] = (struct field){ "Nama", or_dash(s->name), 1 };
	f[n++] = (struct field){ "NIK", or_dash(s->nik_masked), 0 };
	f[n++] = (struct field){ "Desa/Kel.", or_dash(s->village_name), 0 };
	f[n++] = (struct field){ "Kecamatan", or_dash(s->district_name), 0 };
	f[n++] = (struct field){ "Periode", or_dash(s->period_text), 1 };
	f[n++] = (struct field){ "Berlaku s.d.", or_dash(s->valid_until), 1 };
	f[n++] = (struct field){ "Tempat ambil", or_dash(s->point_name), 0 };
	if (s->proxy_name && *s->proxy_name)
		f[n++] = (struct field){ "Wakil", s->proxy_name, 1 };
	for (i = 0; i < n; i++, y += step) {
		if ((rc = line(pn, x, y, vx - x, LB_PDF_REGULAR, pt * 0.9, LB_PDF_LEFT, f[i].label)) ||
		    (rc = line(pn, vx, y, right - vx, f[i].bold ? LB_PDF_BOLD : LB_PDF_REGULAR, pt,
			       LB_PDF_LEFT, f[i].value)))
			return rc;
	}
	if ((rc = line(pn, x, y, vx - x, LB_PDF_REGULAR, pt * 0.9, LB_PDF_LEFT, "Isi paket")))
		return rc;
	size = pt * 0.9 * pn->s;
	return lb_pdf_text_box(pn->p, X(pn, vx), Y(pn, y), L(pn, right - vx),
			       2 * lb_pdf_leading(size) + 0.01, LB_PDF_REGULAR, size, LB_PDF_LEFT,
			       LB_PDF_WRAP, or_dash(s->package), NULL, pn->e);
}

static int qr(const struct pen *pn, const struct lb_slip *s, double x, double y, double size)
{
	return lb_pdf_qr_image(pn->p, X(pn, x), Y(pn, y), L(pn, size), s->qr_width, s->qr, QR_QUIET,
			       pn->e);
}

/* 105 × 74.25 mm: fields left, QR right, signature boxes along the foot. */
static int landscape(const struct pen *pn, const struct lb_slip_doc *d, const struct lb_slip *s)
{
	int rc;

	if ((rc = header(pn, d, 105)) ||
	    (rc = qr(pn, s, 69, 17, 32)) ||
	    (rc = line(pn, 69, 49.6, 32, LB_PDF_REGULAR, 5.5, LB_PDF_CENTER, "No. kupon")) ||
	    (rc = line(pn, 66, 52.2, 38, LB_PDF_BOLD, 9.5, LB_PDF_CENTER, s->serial_text)) ||
	    (rc = fields(pn, s, 4, 21.5, 68, 17.2, 3.55, 7)) ||
	    (rc = sign_box(pn, 4, 57.5, 46, 13, "Tanda tangan / cap jempol penerima")) ||
	    (rc = sign_box(pn, 52, 57.5, 49, 13, "Petugas (nama dan tanda tangan)")))
		return rc;
	return LB_OK;
}

/* 105 × 148.5 mm: QR on top, fields under it, signature boxes at the foot. */
static int portrait(const struct pen *pn, const struct lb_slip_doc *d, const struct lb_slip *s)
{
	int rc;

	if ((rc = header(pn, d, 105)) ||
	    (rc = qr(pn, s, 27.5, 18.5, 50)) ||
	    (rc = line(pn, 4, 69.5, 97, LB_PDF_REGULAR, 6.5, LB_PDF_CENTER, "No. kupon")) ||
	    (rc = line(pn, 4, 72.8, 97, LB_PDF_BOLD, 13, LB_PDF_CENTER, s->serial_text)) ||
	    (rc = fields(pn, s, 6, 27, 99, 81, 4.5, 8.3)) ||
	    (rc = sign_box(pn, 6, 129, 45, 15.5, "Tanda tangan / cap jempol penerima")) ||
	    (rc = sign_box(pn, 54, 129, 45, 15.5, "Petugas (nama dan tanda tangan)")))
		return rc;
	return LB_OK;
}

/* A new sheet with its cut lines between the cells. */
static int new_sheet(struct lb_slip_doc *d, lb_err *e)
{
	int cols, rows, i, rc;

	if ((rc = lb_pdf_add_page(d->pdf, LB_PDF_PORTRAIT, e)))
		return rc;
	grid(d->per_page, &cols, &rows);
	for (i = 1; i < cols; i++)
		if ((rc = lb_pdf_line(d->pdf, A4_W * i / cols, 0, A4_W * i / cols, A4_H, 0.4,
				      LB_PDF_DASHED, e)))
			return rc;
	for (i = 1; i < rows; i++)
		if ((rc = lb_pdf_line(d->pdf, 0, A4_H * i / rows, A4_W, A4_H * i / rows, 0.4,
				      LB_PDF_DASHED, e)))
			return rc;
	d->cell = 0;
	d->started = 1;
	d->pages++;
	return LB_OK;
}

int lb_slip_add(struct lb_slip_doc *d, const char *village, const struct lb_slip *s, lb_err *e)
{
	struct pen pn;
	double w, h;
	int rc;

	if (!village)
		village = "";
	if (d->cell >= d->per_page || !d->started || strcmp(village, d->group) != 0) {
		if ((rc = new_sheet(d, e)))
			return rc;
		snprintf(d->group, sizeof d->group, "%s", village);
	}
	lb_slip_cell(d->per_page, d->cell, &pn.x0, &pn.y0, &w, &h);
	pn.p = d->pdf;
	pn.e = e;
	pn.s = d->per_page <= 2 ? 2 : 1;
	rc = d->per_page == 8 || d->per_page == 2 ? landscape(&pn, d, s) : portrait(&pn, d, s);
	if (rc)
		return rc;
	d->cell++;
	d->slips++;
	return LB_OK;
}
