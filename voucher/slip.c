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
/* The smallest type on a slip: captions, the office and the program are
 * read by recipients too, and smaller print is not read at arm's length. */
#define LABEL_PT 8

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

/* The captions of the two boxes. The recipient's box is the wider one:
 * its caption is longer, and a thumbprint needs the room. */
#define SIGN_RECIPIENT "Tanda tangan / cap jempol penerima"
#define SIGN_OFFICER "Petugas (nama, paraf)"

static int sign_box(const struct pen *pn, double x, double y, double w, double h,
		    const char *label)
{
	int rc;

	if ((rc = lb_pdf_rect(pn->p, X(pn, x), Y(pn, y), L(pn, w), L(pn, h), LB_PDF_STROKE, 0.3,
			      pn->e)))
		return rc;
	return line(pn, x + 1, y + 0.6, w - 2, LB_PDF_REGULAR, LABEL_PT, LB_PDF_LEFT, label);
}

/* Office, title and program across the top; logo at the left if any; a
 * reissued slip's PENGGANTI mark and the serial it replaces at the right. */
static int header(const struct pen *pn, const struct lb_slip_doc *d, const struct lb_slip *s,
		  double width)
{
	double tx = 4, right = width - 4, low = width - 4; /* right ends: top two lines, third */
	char was[64];
	int rc;

	if (d->logo) {
		if ((rc = lb_pdf_image(pn->p, d->logo, X(pn, 4), Y(pn, 2.5), L(pn, 9.5), L(pn, 9.5),
				       pn->e)))
			return rc;
		tx = 15;
	}
	if (s->replaces && *s->replaces) {
		right = width - 38;
		/* the old serial, at 8 pt, is wider than the mark above it */
		low = width - 43;
		if ((rc = lb_pdf_rect(pn->p, X(pn, width - 37), Y(pn, 2.3), L(pn, 33), L(pn, 5.4), LB_PDF_STROKE,
				      0, pn->e)) ||
		    (rc = line(pn, width - 37, 2.9, 33, LB_PDF_BOLD, 10, LB_PDF_CENTER, "PENGGANTI")))
			return rc;
		snprintf(was, sizeof was, "mengganti %s", s->replaces);
		if ((rc = line(pn, width - 42, 8.4, 38, LB_PDF_REGULAR, LABEL_PT, LB_PDF_RIGHT, was)))
			return rc;
	}
	/* three lines between the top of the cell and the rule at 13.2 mm */
	if ((rc = line(pn, tx, 2.0, right - tx, LB_PDF_REGULAR, LABEL_PT, LB_PDF_LEFT, d->org)) ||
	    (rc = line(pn, tx, 5.3, right - tx, LB_PDF_BOLD, 9.5, LB_PDF_LEFT, "KUPON BANTUAN PANGAN")))
		return rc;
	if (d->program_name && *d->program_name &&
	    (rc = line(pn, tx, 9.4, low - tx, LB_PDF_REGULAR, LABEL_PT, LB_PDF_LEFT, d->program_name)))
		return rc;
	return lb_pdf_line(pn->p, X(pn, 4), Y(pn, 13.2), X(pn, width - 4), Y(pn, 13.2), 0.5 * pn->s,
			   LB_PDF_SOLID, pn->e);
}

struct field {
	const char *label, *value;
	int bold;
};

/* The package as lines that break only between items, so that a
 * quantity never stands apart from its unit: "Isi paket: A 10 kg, B 2
 * liter" in a box w points wide at size; *lines counts them. */
static int package_text(lb_pdf *p, const char *package, double w, double size, char *out, size_t n,
			int *lines, lb_err *e)
{
	const char *item = package && *package ? package : "-";
	size_t len = 0;
	char cur[600];
	double tw;
	int rc;

	*lines = 1;
	snprintf(cur, sizeof cur, "Isi paket:");
	out[0] = 0;
	while (*item) {
		const char *end = strstr(item, ", ");
		size_t il = end ? (size_t)(end - item) : strlen(item);
		char try[700];

		snprintf(try, sizeof try, "%s %.*s%s", cur, (int)il, item, end ? "," : "");
		if ((rc = lb_pdf_text_width(p, LB_PDF_REGULAR, size, try, &tw, e)))
			return rc;
		if (tw > w && strcmp(cur, "Isi paket:") != 0 && cur[0]) {
			/* the line is full: the item starts the next one */
			len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s\n", cur);
			(*lines)++;
			snprintf(cur, sizeof cur, "%.*s%s", (int)il, item, end ? "," : "");
		} else {
			snprintf(cur, sizeof cur, "%s", try);
		}
		item = end ? end + 2 : item + il;
	}
	snprintf(out + len, len < n ? n - len : 0, "%s", cur);
	if (len >= n)
		return lb_fail(e, LB_EINPUT, "a package of %zu bytes is too long for a slip", strlen(package));
	/* an item wider than a whole line wraps inside itself */
	{
		double h;

		if ((rc = lb_pdf_text_box_height(p, w, LB_PDF_REGULAR, size, LB_PDF_WRAP, out, &h, e)))
			return rc;
		*lines = (int)(h / lb_pdf_leading(size) + 0.5);
	}
	return LB_OK;
}

/* Geometry of the two designs, in mm of the base cell. */
struct design {
	double x, vx, right, top, step, pt; /* fields */
	double pkg_bottom;                  /* the package ends above this */
	double notice_y, notice_x, notice_w;
	double box_y, box_h;
};

static const struct design land = { 4, 21, 67, 14.0, 3.3, 8, 54.2, 54.3, 4, 97, 61.6, 12.2 };
static const struct design port = { 6, 27, 99, 77.5, 4.3, 9, 124.2, 124.5, 6, 93, 133.6, 13.4 };

/* The rows of fields; place and when hold the combined texts. */
static int nfields(const struct lb_slip *s, struct field *f, char place[300], char when[80])
{
	int n = 0;

	if (s->district_name && *s->district_name)
		snprintf(place, 300, "%s, Kec. %s", or_dash(s->village_name), s->district_name);
	else
		snprintf(place, 300, "%s", or_dash(s->village_name));
	snprintf(when, 80, "s.d. %s", or_dash(s->valid_until));
	f[n++] = (struct field){ "Nama", or_dash(s->name), 1 };
	f[n++] = (struct field){ "NIK", or_dash(s->nik_masked), 0 };
	f[n++] = (struct field){ "Desa/Kel.", place, 0 };
	f[n++] = (struct field){ "Ambil di", or_dash(s->point_name), 0 };
	f[n++] = (struct field){ "Periode", or_dash(s->period_text), 0 };
	f[n++] = (struct field){ "Ambil", when, 1 };
	if (s->value_text && *s->value_text)
		f[n++] = (struct field){ "Nilai paket", s->value_text, 1 };
	if (s->proxy_name && *s->proxy_name)
		f[n++] = (struct field){ "Wakil", s->proxy_name, 1 };
	return n;
}

/* The labelled fields, one a row, then the whole package, then the
 * notices every slip carries. */
static int fields(struct lb_slip_doc *d, const struct pen *pn, const struct lb_slip *s, const struct design *g)
{
	struct field f[10];
	char place[300], when[80];
	int n = nfields(s, f, place, when), i, rc, lines;
	double y = g->top, size = g->pt * pn->s;
	char pkg[1200];

	for (i = 0; i < n; i++, y += g->step) {
		if ((rc = line(pn, g->x, y, g->vx - g->x, LB_PDF_REGULAR, g->pt, LB_PDF_LEFT, f[i].label)) ||
		    (rc = line(pn, g->vx, y, g->right - g->vx, f[i].bold ? LB_PDF_BOLD : LB_PDF_REGULAR, g->pt,
			       LB_PDF_LEFT, f[i].value)))
			return rc;
	}
	/* measuring is most of a slip's text work: once per run */
	if (d->pkg_size == size && strcmp(d->pkg_src, s->package ? s->package : "") == 0) {
		snprintf(pkg, sizeof pkg, "%s", d->pkg_text);
		lines = d->pkg_lines;
	} else {
		if ((rc = package_text(pn->p, s->package, L(pn, g->right - g->x), size, pkg, sizeof pkg, &lines,
				       pn->e)))
			return rc;
		snprintf(d->pkg_src, sizeof d->pkg_src, "%s", s->package ? s->package : "");
		snprintf(d->pkg_text, sizeof d->pkg_text, "%s", pkg);
		d->pkg_size = size;
		d->pkg_lines = lines;
	}
	if (Y(pn, y) + lines * lb_pdf_leading(size) > Y(pn, g->pkg_bottom) + 0.5)
		return lb_fail(pn->e, LB_EINPUT,
			       "the package does not fit a slip at this size (%d lines): print fewer slips a page",
			       lines);
	if ((rc = lb_pdf_text_box(pn->p, X(pn, g->x), Y(pn, y), L(pn, g->right - g->x),
				  lines * lb_pdf_leading(size) + 0.01, LB_PDF_REGULAR, size, LB_PDF_LEFT, LB_PDF_WRAP,
				  pkg, NULL, pn->e)))
		return rc;
	if ((rc = line(pn, g->notice_x, g->notice_y, g->notice_w, LB_PDF_BOLD, g->pt, LB_PDF_LEFT,
		       "Bawa kupon ini dan KTP saat mengambil paket.")))
		return rc;
	return line(pn, g->notice_x, g->notice_y + g->step * 0.97, g->notice_w, LB_PDF_REGULAR, g->pt,
		    LB_PDF_LEFT, "Gratis, tidak dipungut biaya, tidak untuk diperjualbelikan.");
}

int lb_slip_package_lines(lb_pdf *pdf, int per_page, const char *package, int has_proxy, int *lines,
			  int *room, lb_err *e)
{
	const struct design *g = per_page == 8 || per_page == 2 ? &land : &port;
	double s = per_page <= 2 ? 2 : 1, size = g->pt * s, top;
	struct lb_slip sl = { 0 };
	struct field f[10];
	char pkg[1200], place[300], when[80];
	int rc;

	sl.value_text = "x";
	sl.proxy_name = has_proxy ? "x" : NULL;
	top = g->top + nfields(&sl, f, place, when) * g->step;
	if ((rc = package_text(pdf, package, LB_PDF_MM((g->right - g->x) * s), size, pkg, sizeof pkg, lines, e)))
		return rc;
	*room = (int)((LB_PDF_MM((g->pkg_bottom - top) * s) + 0.5) / lb_pdf_leading(size));
	return LB_OK;
}

static int qr(const struct pen *pn, const struct lb_slip *s, double x, double y, double size)
{
	return lb_pdf_qr_image(pn->p, X(pn, x), Y(pn, y), L(pn, size), s->qr_width, s->qr, QR_QUIET,
			       pn->e);
}

/* 105 × 74.25 mm: fields left, QR right, notices and signature boxes along
 * the foot. The QR keeps its 32 mm. */
static int landscape(const struct pen *pn, struct lb_slip_doc *d, const struct lb_slip *s)
{
	int rc;

	if ((rc = header(pn, d, s, 105)) ||
	    (rc = qr(pn, s, 69, 14.2, 32)) ||
	    (rc = line(pn, 66, 46.3, 38, LB_PDF_REGULAR, LABEL_PT, LB_PDF_CENTER, "No. kupon")) ||
	    (rc = line(pn, 66, 49.3, 38, LB_PDF_BOLD, 9.5, LB_PDF_CENTER, s->serial_text)) ||
	    (rc = fields(d, pn, s, &land)) ||
	    (rc = sign_box(pn, 4, land.box_y, 57, land.box_h, SIGN_RECIPIENT)) ||
	    (rc = sign_box(pn, 63, land.box_y, 38, land.box_h, SIGN_OFFICER)))
		return rc;
	return LB_OK;
}

/* 105 × 148.5 mm: QR on top, fields under it, signature boxes at the foot. */
static int portrait(const struct pen *pn, struct lb_slip_doc *d, const struct lb_slip *s)
{
	int rc;

	if ((rc = header(pn, d, s, 105)) ||
	    (rc = qr(pn, s, 27.5, 15.5, 50)) ||
	    (rc = line(pn, 4, 66.0, 97, LB_PDF_REGULAR, LABEL_PT, LB_PDF_CENTER, "No. kupon")) ||
	    (rc = line(pn, 4, 69.4, 97, LB_PDF_BOLD, 13, LB_PDF_CENTER, s->serial_text)) ||
	    (rc = fields(d, pn, s, &port)) ||
	    (rc = sign_box(pn, 6, port.box_y, 55, port.box_h, SIGN_RECIPIENT)) ||
	    (rc = sign_box(pn, 63, port.box_y, 36, port.box_h, SIGN_OFFICER)))
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
