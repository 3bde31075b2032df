/*
 * rdoc.c — one report in any of five formats. See rdoc.h.
 *
 * The document streams: a row is rendered when it is added and not kept
 * (the text table holds back its first rows to size the columns, as
 * core/output.c does; the PDF holds back a table's last few rows so the
 * signatures never stand alone on a page; libharu and libxlsxwriter keep
 * what they drew until the file is saved).
 */
#include "doc/rdoc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/file.h"
#include "core/money.h"
#include "core/settings.h"
#include "doc/office.h"
#include "doc/pageplan.h"
#include "doc/pdftable.h"
#include "doc/reporthtml.h"
#include "doc/xlsx.h"

#define MAX_SUB 8
#define MAX_COLS 32
#define FONT 8.0
#define TITLE_FONT 11.0
#define MARGIN LB_PDF_MM(15)

enum { SEC_NONE, SEC_TABLE, SEC_KV };

/* PDF: the last rows of a table are held back, with the totals and words
 * drawn after them, until the writer knows whether the signature block
 * fits below them: if it does not, some of them go to the next page with
 * it (doc/pageplan.h's rule), so no page carries signatures alone. A
 * few rows suffice: the rule moves as few as it can. */
#define HOLD_ROWS 3
#define MAX_HELD 16
enum { HELD_ROW, HELD_TOTAL, HELD_PARA };

struct held {
	int kind;
	int bold;      /* HELD_PARA */
	char *cell[MAX_COLS]; /* HELD_ROW, HELD_TOTAL: copies; the text of a HELD_PARA in cell[0] */
	int ncells;
};

struct lb_rdoc {
	struct lb_rdoc_opts o;
	char *subs[MAX_SUB];
	int nsub;
	int sub_break;   /* subtitles were cleared: CSV separates the next ones */

	/* text formats */
	FILE *f;
	struct lb_sink sink; /* where the document goes, when not o.out */
	int has_sink;
	lb_sink_w w;     /* text formats: writing into the sink */
	int writing;
	int nsections;
	int json_first;  /* no key written yet in the current JSON object */
	int json_rows;   /* rows written in the current JSON array */
	lb_out *out;     /* text table of the current section */
	struct lb_col tcols[MAX_COLS]; /* its columns: lb_out keeps the pointer */

	/* the current section */
	int sec;
	const struct lb_rcol *cols;
	int ncols;
	int vis[MAX_COLS]; /* the columns people see (for_people), in order */
	int nvis;
	const char *sec_key; /* the section's JSON key while it starts */
	char sec_title[256];
	int sec_pages;   /* PDF: pages the section's table has started */
	long sec_rows;   /* rows of the current table, totals not counted */
	const struct lb_office *office; /* kop on the first page; NULL: none */

	/* LB_DOC_LIST: the rows' writer (core/output.c); LB_DOC_RECORD: no
	 * field written yet */
	lb_out *list;
	int list_done;   /* the list was written out before a paragraph */
	int rec_first;

	/* HTML report: its human CSV in memory until lb_rdoc_close */
	int html_report;
	char *hmem;
	size_t hlen;

	/* PDF */
	lb_pdf *pdf;
	lb_pdf_table *table;
	/* own[i]: page i + 1 was started here (or by its tables), so its
	 * foot is ours to number; a caller drawing its own pages (the BAST)
	 * numbers them itself */
	unsigned char *own;
	size_t nown;
	struct held held[MAX_HELD]; /* rows, totals, paragraphs not yet drawn, in order */
	int nheld;
	double y;        /* next free y when no table is drawing */
	int need_page;   /* the next drawing starts a new page */

	/* XLSX */
	lb_xlsx *x;
	lb_xlsx_sheet *sheet;
	int row;
	int sheet_reuse; /* a page break opened the sheet the next section uses */
	char **sheet_names;
	int nsheets;
};

/* ---- formatting ---- */

void lb_rdoc_percent(int64_t bp, char *out, size_t n)
{
	const char *sign = bp < 0 ? "-" : "";
	uint64_t a = bp < 0 ? (uint64_t)0 - (uint64_t)bp : (uint64_t)bp;
	char whole[32];

	lb_int_format_id((int64_t)(a / 100), whole, sizeof whole);
	snprintf(out, n, "%s%s,%02u%%", sign, whole, (unsigned)(a % 100));
}

int64_t lb_rdoc_rate_bp(int64_t a, int64_t b)
{
	__int128 num;

	if (b <= 0)
		return 0;
	/* Amounts reach 10^15, so a × 10000 needs more than 64 bits. */
	num = (__int128)a * 10000 * 2 + b;
	if (num < 0)
		return -(int64_t)((-(__int128)a * 10000 * 2 + b) / ((__int128)b * 2));
	return (int64_t)(num / ((__int128)b * 2));
}

#define TABLE_TEXT_MAX 16 /* characters of a text cell in a text table */

/* s cut to max characters (code points), the last one "…", in buf. */
static const char *abbreviate(const char *s, char *buf, size_t n, int max)
{
	int chars = 0;
	size_t i, cut = 0;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (chars == max - 1)
				cut = i;
			chars++;
		}
	}
	if (chars <= max || cut + 4 > n)
		return s;
	snprintf(buf, n, "%.*s\xE2\x80\xA6", (int)cut, s);
	return buf;
}

/* A column's type without the LB_R_DATA flag. */
static int ty(int type)
{
	return type & ~(LB_R_DATA | LB_R_WIDE);
}

/* The text of a value for people (human) or scripts. */
static void render(int type, const struct lb_rval *v, int human, char *buf, size_t n,
		   const char **s)
{
	lb_day day;
	lb_err e;

	type = ty(type);
	*s = buf;
	buf[0] = 0;
	if (v->null)
		return;
	switch (type) {
	case LB_R_TEXT:
	case LB_R_CODE:
		*s = human && v->h ? v->h : v->s ? v->s : "";
		return;
	case LB_R_INT:
		if (human == 2)
			lb_int_format_id(v->n, buf, n);
		else
			snprintf(buf, n, "%lld", (long long)v->n);
		return;
	case LB_R_RUPIAH:
		if (human)
			lb_money_format(v->n, buf, n);
		else
			snprintf(buf, n, "%lld", (long long)v->n);
		return;
	case LB_R_DATE:
		if (!v->s || !v->s[0])
			return;
		if (human && lb_date_parse(v->s, "date", &day, &e) == LB_OK) {
			char id[32];

			lb_date_format_id(day, id);
			snprintf(buf, n, "%s", id);
		} else {
			*s = v->s;
		}
		return;
	case LB_R_PERCENT:
		if (human) {
			lb_rdoc_percent(v->n, buf, n);
		} else {
			uint64_t a = v->n < 0 ? (uint64_t)0 - (uint64_t)v->n : (uint64_t)v->n;

			snprintf(buf, n, "%s%llu.%02u", v->n < 0 ? "-" : "", (unsigned long long)(a / 100),
				 (unsigned)(a % 100));
		}
		return;
	}
}

/* Pages and tables for people leave out the columns only scripts need. */
static int for_people(const lb_rdoc *d)
{
	return d->o.fmt == LB_FMT_TABLE || d->o.fmt == LB_FMT_PDF || d->o.fmt == LB_FMT_XLSX;
}

static int numeric_type(int type)
{
	type = ty(type);
	return type == LB_R_INT || type == LB_R_RUPIAH || type == LB_R_PERCENT;
}

/* How people read figures in this format: 2 with digit grouping (PDF,
 * table), 1 without (human CSV), 0 for scripts. */
static int human_level(const lb_rdoc *d)
{
	if (d->o.fmt == LB_FMT_JSON || (d->o.fmt == LB_FMT_CSV && d->o.plain))
		return 0;
	return d->o.fmt == LB_FMT_CSV ? 1 : 2;
}

/* ---- text output ---- */

/* CSV for people as Indonesian Excel opens it (o.excel): cells separated
 * by ';' (Excel in a locale whose decimal comma is ',' splits on ';'),
 * so a cell holding ';' is quoted too. */
static int excel_csv(const lb_rdoc *d)
{
	return d->o.fmt == LB_FMT_CSV && d->o.excel && !d->o.plain;
}

static void sep(lb_rdoc *d)
{
	fputc(excel_csv(d) ? ';' : ',', d->f);
}

static void cell(lb_rdoc *d, const char *s, int numeric)
{
	if (excel_csv(d) && strchr(s, ';') && !strpbrk(s, ",\"\n\r")) {
		fputc('"', d->f);
		if (!numeric && lb_csv_needs_neutralising(s))
			fputc('\'', d->f);
		fputs(s, d->f);
		fputc('"', d->f);
		return;
	}
	lb_csv_write_cell(d->f, s, numeric);
}

static int wfail(lb_rdoc *d, lb_err *e)
{
	return lb_fail(e, LB_ESYS, "cannot write '%s': %s", d->has_sink ? lb_sink_name(&d->sink) : "standard output",
		       errno ? strerror(errno) : "write failed");
}

static int open_text(lb_rdoc *d, lb_err *e)
{
	int rc;

	if (!d->has_sink) {
		d->f = d->o.out ? d->o.out : stdout;
		return LB_OK;
	}
	/* a report holding names and masked NIKs: private (0600), whole or
	 * not at all (core/file.h through the sink) */
	if ((rc = lb_sink_open(&d->w, &d->sink, e)))
		return rc;
	d->f = d->w.f;
	d->writing = 1;
	return LB_OK;
}

static int close_text(lb_rdoc *d, lb_err *e)
{
	int rc = LB_OK;

	if (!d->writing) {
		if (fflush(d->f) || ferror(d->f))
			rc = wfail(d, e);
		return rc;
	}
	d->writing = 0;
	d->f = NULL;
	return lb_sink_commit(&d->w, e);
}

static int end_text_section(lb_rdoc *d, lb_err *e)
{
	int rc = LB_OK;

	if (d->o.fmt == LB_FMT_TABLE && d->out) {
		rc = lb_out_close(d->out, e);
		d->out = NULL;
		if (!rc)
			fputc('\n', d->f);
	} else if (d->o.fmt == LB_FMT_JSON && d->sec == SEC_TABLE) {
		fputs(d->json_rows ? "\n  ]" : "]", d->f);
	} else if (d->o.fmt == LB_FMT_JSON && d->sec == SEC_KV) {
		fputs(d->json_rows ? "\n  }" : "}", d->f);
	}
	if (!rc && ferror(d->f))
		rc = wfail(d, e);
	return rc;
}

static void json_key(lb_rdoc *d, const char *key)
{
	fputs(d->json_first ? "\n  " : ",\n  ", d->f);
	d->json_first = 0;
	lb_json_write_string(d->f, key);
	fputs(": ", d->f);
}

static void json_value(lb_rdoc *d, int type, const struct lb_rval *v)
{
	char buf[64];
	const char *s;

	if (v->null) {
		fputs("null", d->f);
		return;
	}
	render(type, v, 0, buf, sizeof buf, &s);
	if (numeric_type(type))
		fputs(s, d->f);
	else
		lb_json_write_string(d->f, s);
}

/* CSV: a section starts with its title alone on a row. */
static void csv_title(lb_rdoc *d, const char *title)
{
	if (d->nsections++)
		fputs("\r\n", d->f);
	cell(d, title, 0);
	fputs("\r\n", d->f);
}

/* ---- PDF ---- */

static int page_head(lb_pdf *p, int page, double *y, void *ctx, lb_err *e)
{
	lb_rdoc *d = ctx;
	double w = lb_pdf_page_width(p) - 2 * MARGIN, used;
	char title[300];
	int rc;

	if (page > 0 && (size_t)page > d->nown) {
		unsigned char *own = realloc(d->own, (size_t)page);

		if (!own)
			return lb_oom(e);
		memset(own + d->nown, 0, (size_t)page - d->nown);
		d->own = own;
		d->nown = (size_t)page;
	}
	if (page > 0)
		d->own[page - 1] = 1;

	/* the office's kop opens the document */
	if (d->office && page == 1) {
		if ((rc = lb_office_kop(p, d->office, MARGIN, *y, w, &used, e)))
			return rc;
		*y += used + 4;
	}
	if ((rc = lb_pdf_text_box(p, MARGIN, *y, w, 16, LB_PDF_BOLD, TITLE_FONT, LB_PDF_CENTER,
				  LB_PDF_TRUNCATE, d->o.title ? d->o.title : "", &used, e)))
		return rc;
	*y += used;
	if (d->o.org && (rc = lb_pdf_text_box(p, MARGIN, *y, w, 12, LB_PDF_REGULAR, 9, LB_PDF_CENTER,
					      LB_PDF_TRUNCATE, d->o.org, &used, e)))
		return rc;
	*y += used + 6;
	for (int i = 0; i < d->nsub; i++) {
		if ((rc = lb_pdf_text_box(p, MARGIN, *y, w, 12, LB_PDF_REGULAR, 9, LB_PDF_LEFT,
					  LB_PDF_TRUNCATE, d->subs[i], &used, e)))
			return rc;
		*y += used;
	}
	*y += 6;
	/* A table that runs on says whose rows these are. */
	if (d->table || d->sec_pages) {
		snprintf(title, sizeof title, "%s%s", d->sec_title, d->sec_pages ? " (lanjutan)" : "");
		if (d->sec_title[0] &&
		    (rc = lb_pdf_text_box(p, MARGIN, *y, w, 14, LB_PDF_BOLD, 9.5, LB_PDF_LEFT,
					  LB_PDF_TRUNCATE, title, &used, e)))
			return rc;
		if (d->sec_title[0])
			*y += used + 3;
	}
	d->sec_pages++;
	return LB_OK;
}

/* A page started here rather than by a table: its title lines. */
static int pdf_new_page(lb_rdoc *d, lb_err *e)
{
	int rc, pages = d->sec_pages;

	if ((rc = lb_pdf_add_page(d->pdf, d->o.landscape ? LB_PDF_LANDSCAPE : LB_PDF_PORTRAIT, e)))
		return rc;
	d->y = MARGIN;
	d->sec_pages = 0; /* no "(lanjutan)": a section title follows */
	rc = page_head(d->pdf, lb_pdf_page_count(d->pdf), &d->y, d, e);
	d->sec_pages = pages;
	d->need_page = 0;
	return rc;
}

static double pdf_bottom(const lb_rdoc *d)
{
	return lb_pdf_page_height(d->pdf) - MARGIN;
}

/* pdf_space without drawing what is held: for the held words themselves. */
static int pdf_space_now(lb_rdoc *d, double height, double *y, lb_err *e)
{
	int rc;

	if (d->table && !d->need_page)
		return lb_pdf_table_space(d->table, height, y, e);
	if (d->need_page || !lb_pdf_page_count(d->pdf) || d->y + height > pdf_bottom(d)) {
		lb_pdf_table_free(d->table);
		d->table = NULL;
		if ((rc = pdf_new_page(d, e)))
			return rc;
	}
	*y = d->y;
	d->y += height;
	return LB_OK;
}

static int para_height(lb_rdoc *d, const char *text, int bold, double *h, lb_err *e)
{
	return lb_pdf_text_box_height(d->pdf, lb_rdoc_width(d), bold ? LB_PDF_BOLD : LB_PDF_REGULAR, 9, LB_PDF_WRAP,
				      text, h, e);
}

static int pdf_para(lb_rdoc *d, const char *text, int bold, lb_err *e)
{
	double h, y;
	int rc;

	if ((rc = para_height(d, text, bold, &h, e)) || (rc = pdf_space_now(d, h + 3, &y, e)))
		return rc;
	return lb_pdf_text_box(d->pdf, MARGIN, y, lb_rdoc_width(d), h, bold ? LB_PDF_BOLD : LB_PDF_REGULAR, 9,
			       LB_PDF_LEFT, LB_PDF_WRAP, text, NULL, e);
}

static void held_clear(struct held *h)
{
	for (int i = 0; i < h->ncells; i++)
		free(h->cell[i]);
	h->ncells = 0;
}

/* Draw the first n held items, in the order they came. */
static int draw_held(lb_rdoc *d, int n, lb_err *e)
{
	int rc = LB_OK;

	for (int i = 0; i < n && !rc; i++) {
		struct held *h = &d->held[i];

		if (h->kind == HELD_PARA)
			rc = pdf_para(d, h->cell[0], h->bold, e);
		else if (h->kind == HELD_TOTAL)
			rc = lb_pdf_table_total(d->table, (const char *const *)h->cell, e);
		else
			rc = lb_pdf_table_row(d->table, (const char *const *)h->cell, e);
	}
	if (rc)
		return rc;
	for (int i = 0; i < n; i++)
		held_clear(&d->held[i]);
	memmove(d->held, d->held + n, (size_t)(d->nheld - n) * sizeof *d->held);
	d->nheld -= n;
	return LB_OK;
}

static int flush_held(lb_rdoc *d, lb_err *e)
{
	return draw_held(d, d->nheld, e);
}

/* A row, total or paragraph after a table's rows: held back (see HOLD_ROWS)
 * and drawn when the next one pushes it out or when what follows is known. */
static int hold(lb_rdoc *d, int kind, const char *const *cells, int n, int bold, lb_err *e)
{
	struct held *h;
	int rows = 0, rc;

	if (!d->table || (kind == HELD_PARA && !d->nheld)) {
		if (kind == HELD_PARA)
			return pdf_para(d, cells[0], bold, e);
		return kind == HELD_TOTAL ? lb_pdf_table_total(d->table, cells, e)
					  : lb_pdf_table_row(d->table, cells, e);
	}
	/* rows after totals or words: a new run; what came before stays */
	if (kind == HELD_ROW && d->nheld && d->held[d->nheld - 1].kind != HELD_ROW && (rc = flush_held(d, e)))
		return rc;
	for (int i = 0; i < d->nheld; i++)
		rows += d->held[i].kind == HELD_ROW;
	if (kind == HELD_ROW && rows >= HOLD_ROWS && (rc = draw_held(d, 1, e)))
		return rc;
	if (d->nheld == MAX_HELD && (rc = flush_held(d, e)))
		return rc;
	h = &d->held[d->nheld];
	h->kind = kind;
	h->bold = bold;
	h->ncells = 0;
	for (int i = 0; i < n; i++) {
		if (!(h->cell[i] = strdup(cells[i] ? cells[i] : ""))) {
			held_clear(h);
			return lb_oom(e);
		}
		h->ncells++;
	}
	d->nheld++;
	return LB_OK;
}

/* Where free space begins, height points of it guaranteed, below all that
 * was held. */
static int pdf_space(lb_rdoc *d, double height, double *y, lb_err *e)
{
	int rc;

	if ((rc = flush_held(d, e)))
		return rc;
	return pdf_space_now(d, height, y, e);
}

/* What is held, placed so that tail more points (the signature block)
 * follow it on its page: the rows that fit with it stay on this page, the
 * last ones go with the tail to the next when it does not fit (one copy of
 * the rule: lb_page_plan). */
static int place_held(lb_rdoc *d, double tail, lb_err *e)
{
	double h[HOLD_ROWS];
	size_t per[2];
	int rows = 0, pages, rc;

	if (!d->table || !d->nheld)
		return flush_held(d, e);
	for (int i = 0; i < d->nheld; i++) {
		struct held *it = &d->held[i];
		double ih;

		if (it->kind == HELD_PARA) {
			if ((rc = para_height(d, it->cell[0], it->bold, &ih, e)))
				return rc;
			tail += ih + 3;
		} else if ((rc = lb_pdf_table_row_height(d->table, (const char *const *)it->cell,
							 it->kind == HELD_TOTAL, &ih, e))) {
			return rc;
		} else if (it->kind == HELD_ROW && rows < HOLD_ROWS && i == rows) {
			h[rows++] = ih;
		} else {
			tail += ih;
		}
	}
	/* A new page has less room than a whole page (its title lines), but
	 * the few held rows and a signature block need far less than either. */
	pages = lb_page_plan(h, (size_t)rows, pdf_bottom(d) - lb_pdf_table_y(d->table), lb_pdf_page_height(d->pdf),
			     tail, per, 2);
	if (pages < 2)
		return flush_held(d, e);
	if ((rc = draw_held(d, (int)per[0], e)) || (rc = lb_pdf_table_break(d->table, e)))
		return rc;
	return flush_held(d, e);
}

static int pdf_section(lb_rdoc *d, const char *title, const struct lb_pdf_col *pc, int ncols,
		       lb_err *e)
{
	struct lb_pdf_table_opts to;
	double y, used;
	int rc;

	/* The previous table ends here; the new section goes below it, or
	 * on a new page of its own (whose title lines must not call it a
	 * continuation of the old one). */
	if ((rc = flush_held(d, e)))
		return rc;
	if (d->table) {
		d->y = lb_pdf_table_y(d->table);
		lb_pdf_table_free(d->table);
		d->table = NULL;
	}
	d->sec_pages = 0;
	/* room for the title, the header row and a first row, or a new page */
	if ((rc = pdf_space(d, 52, &y, e)))
		return rc;
	snprintf(d->sec_title, sizeof d->sec_title, "%s", title ? title : "");
	d->sec_pages = 0;
	y += 4;
	if (title && (rc = lb_pdf_text_box(d->pdf, MARGIN, y, lb_rdoc_width(d), 14, LB_PDF_BOLD, 9.5,
					   LB_PDF_LEFT, LB_PDF_TRUNCATE, title, &used, e)))
		return rc;
	if (title)
		y += used + 3;
	d->sec_pages = 1; /* pages the table starts from here on continue it */
	memset(&to, 0, sizeof to);
	to.orient = d->o.landscape ? LB_PDF_LANDSCAPE : LB_PDF_PORTRAIT;
	to.font_size = FONT;
	to.margin = MARGIN;
	to.fit = LB_PDF_WRAP;
	to.header = page_head;
	to.ctx = d;
	to.start_y = y;
	return lb_pdf_table_new(&d->table, d->pdf, pc, ncols, &to, e);
}

static int pdf_table_section(lb_rdoc *d, const char *title, const struct lb_rcol *cols, int ncols,
			     lb_err *e)
{
	struct lb_pdf_col pc[MAX_COLS];

	for (int k = 0; k < d->nvis; k++) {
		int i = d->vis[k];

		pc[k].title = cols[i].title;
		pc[k].width = cols[i].width;
		pc[k].align = (numeric_type(cols[i].type) ? LB_PDF_RIGHT : LB_PDF_LEFT) |
			      (ty(cols[i].type) != LB_R_TEXT ? LB_PDF_KEEP : 0);
	}
	(void)ncols;
	return pdf_section(d, title, pc, d->nvis, e);
}

static int pdf_kv_section(lb_rdoc *d, const char *title, lb_err *e)
{
	static const struct lb_pdf_col pc[] = {
		{ "Uraian", 0, LB_PDF_LEFT },
		{ "Nilai", 150, LB_PDF_RIGHT | LB_PDF_KEEP },
	};

	return pdf_section(d, title, pc, 2, e);
}

/* ---- XLSX ---- */

/* A new sheet named after name (or "Laporan") with the document's title
 * lines, then title in bold when given. */
static int xlsx_sheet(lb_rdoc *d, const char *sheet, const char *title, lb_err *e)
{
	char name[32], try[40];
	size_t n = 0;
	const char *s = sheet && *sheet ? sheet : "Laporan";
	char **names;
	int rc;

	/* Excel: at most 31 characters, none of []:*?/\ ; cut at a whole
	 * UTF-8 character. */
	while (*s && n < 31) {
		size_t len = 1;
		unsigned char c = (unsigned char)*s;

		if (c >= 0xF0)
			len = 4;
		else if (c >= 0xE0)
			len = 3;
		else if (c >= 0xC0)
			len = 2;
		if (n + len > 31)
			break;
		for (size_t i = 0; i < len && s[i]; i++) {
			/* a forbidden character goes; no double spaces */
			if (strchr("[]:*?/\\", s[i]))
				continue;
			if (s[i] == ' ' && (n == 0 || name[n - 1] == ' '))
				continue;
			name[n++] = s[i];
		}
		s += len;
	}
	name[n] = 0;
	/* a cut name ends at a whole word, without a dangling comma */
	if (*s) {
		char *sp = strrchr(name, ' ');

		if (sp && sp > name + 10)
			*sp = 0;
	}
	n = strlen(name);
	while (n && (name[n - 1] == ' ' || name[n - 1] == ','))
		name[--n] = 0;
	snprintf(try, sizeof try, "%s", name);
	for (int k = 2;; k++) {
		int dup = 0;

		for (int i = 0; i < d->nsheets; i++)
			if (strcasecmp(d->sheet_names[i], try) == 0)
				dup = 1;
		if (!dup)
			break;
		snprintf(try, sizeof try, "%.*s %d", 27, name, k);
	}
	names = realloc(d->sheet_names, (size_t)(d->nsheets + 1) * sizeof *names);
	if (!names)
		return lb_oom(e);
	d->sheet_names = names;
	if (!(names[d->nsheets] = strdup(try)))
		return lb_oom(e);
	d->nsheets++;
	if ((rc = lb_xlsx_sheet_add(d->x, try, &d->sheet, e)))
		return rc;
	d->row = 0;
	if ((rc = lb_xlsx_text_bold(d->sheet, d->row++, 0, d->o.title ? d->o.title : "", e)))
		return rc;
	if (d->o.org && (rc = lb_xlsx_text(d->sheet, d->row++, 0, d->o.org, e)))
		return rc;
	for (int i = 0; i < d->nsub; i++)
		if ((rc = lb_xlsx_text(d->sheet, d->row++, 0, d->subs[i], e)))
			return rc;
	d->row++;
	if (title && *title && (rc = lb_xlsx_text_bold(d->sheet, d->row++, 0, title, e)))
		return rc;
	return LB_OK;
}

/* Short sheet names chosen for the sections, by their JSON key: a title
 * cut at Excel's 31 characters reads badly. */
static const char *sheet_name(const char *key, const char *title)
{
	static const char *const names[][2] = {
		{ "budget", "Anggaran" },
		{ "physical", "Fisik" },
		{ "by_district", "Per kecamatan" },
		{ "by_village", "Per desa" },
		{ "not_collected_by_point", "Tidak diambil per titik" },
		{ "not_collected", "Tidak mengambil" },
		{ "replaced", "Penerima pengganti" },
		{ "above_price", "Harga di atas kontrak" },
		{ "totals", "Jumlah" },
		{ "allocations", "Alokasi" },
		{ "refused_attempts", "Percobaan ditolak" },
		{ "stock", "Persediaan" },
		{ "recipients", "Penerima" },
	};

	for (size_t i = 0; key && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(key, names[i][0]) == 0)
			return names[i][1];
	return title;
}

/* A section's sheet: the one a page break opened for it, else a new one. */
static int xlsx_section(lb_rdoc *d, const char *title, lb_err *e)
{
	if (d->sheet_reuse) {
		d->sheet_reuse = 0;
		if (d->row)
			d->row++;
		return title && *title ? lb_xlsx_text_bold(d->sheet, d->row++, 0, title, e) : LB_OK;
	}
	return xlsx_sheet(d, sheet_name(d->sec_key, title), title, e);
}

static double xlsx_width(int type)
{
	switch (type) {
	case LB_R_CODE: return 20;
	case LB_R_INT: return 12;
	case LB_R_RUPIAH: return 18;
	case LB_R_DATE: return 18;
	case LB_R_PERCENT: return 10;
	}
	return 30;
}

static int xlsx_cell(lb_rdoc *d, int col, int type, const struct lb_rval *v, int bold, lb_err *e)
{
	char buf[64];
	const char *s;

	if (v->null)
		return LB_OK;
	switch (type) {
	case LB_R_INT:
		return lb_xlsx_qty(d->sheet, d->row, col, v->n, e);
	case LB_R_RUPIAH:
		return lb_xlsx_rupiah(d->sheet, d->row, col, v->n, e);
	case LB_R_PERCENT:
		return lb_xlsx_percent(d->sheet, d->row, col, v->n, e);
	case LB_R_DATE: {
		lb_day day;
		int y, m, dd;

		/* a date people can sort: an Excel date, not text */
		if (v->s && v->s[0] && lb_date_parse(v->s, "date", &day, NULL) == LB_OK) {
			lb_day_to_ymd(day, &y, &m, &dd);
			return lb_xlsx_day(d->sheet, d->row, col, y, m, dd, e);
		}
		return LB_OK;
	}
	default:
		render(type, v, 2, buf, sizeof buf, &s);
		return bold ? lb_xlsx_text_bold(d->sheet, d->row, col, s, e)
			    : lb_xlsx_text(d->sheet, d->row, col, s, e);
	}
}

/* ---- the document ---- */

int lb_rdoc_open(lb_rdoc **out, const struct lb_rdoc_opts *o, lb_err *e)
{
	struct lb_sink sink = o->sink ? *o->sink : lb_sink_file(o->path, o->force);
	int has_sink = o->sink || o->path;
	int rc = LB_OK;
	lb_rdoc *d;

	*out = NULL;
	/* Before any work: never through a link, never a folder, never an
	 * existing file without --force (core/file.h). */
	if (has_sink && (rc = lb_sink_check(&sink, e)))
		return rc;
	if (!(d = calloc(1, sizeof *d)))
		return lb_oom(e);
	d->o = *o;
	d->o.sink = NULL; /* the caller's may not outlive the call: our copy */
	d->sink = sink;
	d->has_sink = has_sink;
	d->json_first = 1;
	d->rec_first = 1;
	if (o->shape == LB_DOC_RECORD && o->fmt != LB_FMT_TABLE && o->fmt != LB_FMT_JSON)
		rc = lb_fail(e, LB_EINPUT, "a record is written as a table or JSON only");
	else if (o->shape == LB_DOC_LIST && o->fmt != LB_FMT_TABLE && o->fmt != LB_FMT_CSV &&
		 o->fmt != LB_FMT_JSON && o->fmt != LB_FMT_HTML)
		rc = lb_fail(e, LB_EINPUT, "a list is written as a table, CSV, JSON or HTML only");
	else if (o->fmt == LB_FMT_HTML && (o->shape == LB_DOC_RECORD || !o->html))
		rc = lb_fail(e, LB_EINPUT, "HTML is written for a list or a report into a page");
	if (rc) {
		free(d);
		return rc;
	}
	if (o->fmt == LB_FMT_HTML && o->shape == LB_DOC_REPORT) {
		/* a report's page shows the cells of its CSV for people,
		 * written here and turned into HTML at lb_rdoc_close */
		if (!(d->f = open_memstream(&d->hmem, &d->hlen))) {
			free(d);
			return lb_oom(e);
		}
		d->html_report = 1;
		d->o.fmt = LB_FMT_CSV;
		d->o.plain = 0;
		d->o.excel = 0;
		o = &d->o;
	}
	switch (o->fmt) {
	case LB_FMT_HTML:
		break;
	case LB_FMT_TABLE:
	case LB_FMT_CSV:
	case LB_FMT_JSON:
		if (!d->f && (rc = open_text(d, e)))
			break;
		if (o->shape == LB_DOC_RECORD) {
			if (o->fmt == LB_FMT_JSON)
				fputc('{', d->f);
		} else if (o->shape == LB_DOC_LIST) {
			/* a list is its rows: no title lines */
		} else if (o->fmt == LB_FMT_JSON) {
			fputc('{', d->f);
		} else if (o->fmt == LB_FMT_TABLE || !o->plain) {
			/* people see whose report it is; scripts get data only */
			if (o->fmt == LB_FMT_CSV) {
				/* a BOM tells Excel the file is UTF-8 */
				if (excel_csv(d))
					fputs("\xEF\xBB\xBF", d->f);
				cell(d, o->title ? o->title : "", 0);
				fputs("\r\n", d->f);
				if (o->org) {
					cell(d, o->org, 0);
					fputs("\r\n", d->f);
				}
				d->nsections++;
			} else {
				fprintf(d->f, "%s\n", o->title ? o->title : "");
				if (o->org)
					fprintf(d->f, "%s\n", o->org);
			}
		}
		break;
	case LB_FMT_PDF:
		if (!has_sink) {
			rc = lb_fail(e, LB_EINPUT, "a PDF needs an output file (-o FILE)");
			break;
		}
		/* Refuse an unwritable file now, not after the work: the
		 * same temporary file the save will make. */
		if ((rc = open_text(d, e)))
			break;
		lb_sink_abort(&d->w);
		d->writing = 0;
		d->f = NULL;
		rc = lb_pdf_new(&d->pdf, o->title, o->org, e);
		break;
	case LB_FMT_XLSX:
		if (!has_sink) {
			rc = lb_fail(e, LB_EINPUT, "an XLSX workbook needs an output file (-o FILE)");
			break;
		}
		rc = lb_xlsx_open_sink(&d->x, &d->sink, e);
		break;
	default:
		rc = lb_fail(e, LB_EINPUT, "unknown report format %d", o->fmt);
	}
	if (rc) {
		lb_rdoc_discard(d);
		return rc;
	}
	*out = d;
	return LB_OK;
}

int lb_rdoc_subtitle(lb_rdoc *d, const char *line, lb_err *e)
{
	if (d->nsub == MAX_SUB)
		return lb_fail(e, LB_EINPUT, "a report has at most %d subtitle lines", MAX_SUB);
	if (!(d->subs[d->nsub] = strdup(line)))
		return lb_oom(e);
	d->nsub++;
	if (d->f && d->o.fmt == LB_FMT_TABLE) {
		fputs(line, d->f);
		fputc('\n', d->f);
	} else if (d->f && d->o.fmt == LB_FMT_CSV && !d->o.plain) {
		if (d->sub_break && d->nsections)
			fputs("\r\n", d->f);
		d->sub_break = 0;
		cell(d, line, 0);
		fputs("\r\n", d->f);
	}
	return LB_OK;
}

void lb_rdoc_clear_subtitles(lb_rdoc *d)
{
	for (int i = 0; i < d->nsub; i++)
		free(d->subs[i]);
	d->nsub = 0;
	d->sub_break = 1;
}

int lb_rdoc_meta(lb_rdoc *d, const char *key, int type, struct lb_rval v, lb_err *e)
{
	if (d->o.fmt != LB_FMT_JSON)
		return LB_OK;
	if (d->sec)
		return lb_fail(e, LB_EINPUT, "report meta '%s' must come before the sections", key);
	json_key(d, key);
	json_value(d, type, &v);
	return ferror(d->f) ? wfail(d, e) : LB_OK;
}

/* An empty table says so ("nihil"), as offices write, rather than
 * ending in a header with nothing under it; data formats stay empty. */
static int nihil(lb_rdoc *d, lb_err *e)
{
	const char *cells[MAX_COLS] = { 0 };
	int rc = LB_OK;

	if (d->sec != SEC_TABLE || d->sec_rows || human_level(d) == 0)
		return LB_OK;
	int n = for_people(d) ? d->nvis : d->ncols;

	for (int i = 0; i < n; i++)
		cells[i] = "";
	cells[n > 1 ? 1 : 0] = "nihil";
	switch (d->o.fmt) {
	case LB_FMT_TABLE:
		rc = lb_out_row(d->out, cells, e);
		break;
	case LB_FMT_CSV:
		for (int i = 0; i < n; i++) {
			if (i)
				sep(d);
			cell(d, cells[i], 0);
		}
		fputs("\r\n", d->f);
		break;
	case LB_FMT_PDF:
		if (d->table)
			rc = hold(d, HELD_ROW, cells, d->nvis, 0, e);
		break;
	case LB_FMT_XLSX:
		rc = lb_xlsx_text(d->sheet, d->row++, n > 1 ? 1 : 0, "nihil", e);
		break;
	}
	d->sec_rows = 1;
	return rc;
}

static int end_section(lb_rdoc *d, lb_err *e)
{
	int rc = LB_OK;

	if ((rc = nihil(d, e)))
		return rc;
	if (d->f)
		rc = end_text_section(d, e);
	d->sec = SEC_NONE;
	d->json_rows = 0;
	return rc;
}

int lb_rdoc_table(lb_rdoc *d, const char *key, const char *title, const struct lb_rcol *cols,
		  int ncols, lb_err *e)
{
	int rc;

	d->sec_key = key;
	if (ncols < 1 || ncols > MAX_COLS)
		return lb_fail(e, LB_EINPUT, "a report table needs 1..%d columns", MAX_COLS);
	if ((rc = end_section(d, e)))
		return rc;
	d->sec = SEC_TABLE;
	d->sec_rows = 0;
	d->cols = cols;
	d->ncols = ncols;
	d->nvis = 0;
	for (int i = 0; i < ncols; i++)
		if ((!for_people(d) || !(cols[i].type & LB_R_DATA)) &&
		    !(d->o.fmt == LB_FMT_TABLE && (cols[i].type & LB_R_WIDE)))
			d->vis[d->nvis++] = i;
	switch (d->o.fmt) {
	case LB_FMT_TABLE:
		for (int k = 0; k < d->nvis; k++) {
			d->tcols[k].name = cols[d->vis[k]].title;
			d->tcols[k].numeric = numeric_type(cols[d->vis[k]].type);
		}
		fprintf(d->f, "%s\n", title);
		rc = lb_out_open(d->f, LB_FMT_TABLE, d->tcols, d->nvis, &d->out, e);
		break;
	case LB_FMT_CSV:
		csv_title(d, title);
		for (int i = 0; i < ncols; i++) {
			if (i)
				sep(d);
			cell(d, d->o.plain ? cols[i].key : cols[i].title, 0);
		}
		fputs("\r\n", d->f);
		break;
	case LB_FMT_JSON:
		json_key(d, key);
		fputc('[', d->f);
		break;
	case LB_FMT_PDF:
		rc = pdf_table_section(d, title, cols, ncols, e);
		break;
	case LB_FMT_XLSX: {
		const char *titles[MAX_COLS];

		if ((rc = xlsx_section(d, title, e)))
			break;
		for (int k = 0; k < d->nvis; k++) {
			titles[k] = cols[d->vis[k]].title;
			if ((rc = lb_xlsx_col_width(d->sheet, k, k, xlsx_width(ty(cols[d->vis[k]].type)), e)))
				return rc;
		}
		rc = lb_xlsx_header(d->sheet, d->row++, titles, d->nvis, e);
		break;
	}
	}
	if (!rc && d->f && ferror(d->f))
		rc = wfail(d, e);
	return rc;
}

static int add_row(lb_rdoc *d, const struct lb_rval *vals, int total, lb_err *e)
{
	char bufs[MAX_COLS][64];
	const char *cells[MAX_COLS];
	int human = human_level(d), rc = LB_OK;

	if (d->sec != SEC_TABLE)
		return lb_fail(e, LB_EINPUT, "a report row needs a table section first");
	switch (d->o.fmt) {
	case LB_FMT_TABLE:
		for (int k = 0; k < d->nvis; k++) {
			render(d->cols[d->vis[k]].type, &vals[d->vis[k]], human, bufs[k], sizeof bufs[k], &cells[k]);
			/* a table fits 120 columns: long text is abbreviated
			 * here, CSV and JSON carry it whole */
			if (ty(d->cols[d->vis[k]].type) == LB_R_TEXT && cells[k] != bufs[k])
				cells[k] = abbreviate(cells[k], bufs[k], sizeof bufs[k], TABLE_TEXT_MAX);
			/* and dates are short: 15-01-2026 */
			if (ty(d->cols[d->vis[k]].type) == LB_R_DATE && !vals[d->vis[k]].null && vals[d->vis[k]].s &&
			    strlen(vals[d->vis[k]].s) == 10) {
				const char *v = vals[d->vis[k]].s;

				snprintf(bufs[k], sizeof bufs[k], "%.2s-%.2s-%.4s", v + 8, v + 5, v);
				cells[k] = bufs[k];
			}
		}
		rc = lb_out_row(d->out, cells, e);
		break;
	case LB_FMT_CSV:
		for (int i = 0; i < d->ncols; i++) {
			render(d->cols[i].type, &vals[i], human, bufs[i], sizeof bufs[i], &cells[i]);
			if (i)
				sep(d);
			cell(d, cells[i], ty(d->cols[i].type) != LB_R_TEXT &&
							      ty(d->cols[i].type) != LB_R_CODE);
		}
		fputs("\r\n", d->f);
		break;
	case LB_FMT_JSON:
		if (total)
			break;
		fputs(d->json_rows++ ? ",\n    {" : "\n    {", d->f);
		for (int i = 0; i < d->ncols; i++) {
			if (i)
				fputs(", ", d->f);
			lb_json_write_string(d->f, d->cols[i].key);
			fputs(": ", d->f);
			json_value(d, d->cols[i].type, &vals[i]);
		}
		fputc('}', d->f);
		break;
	case LB_FMT_PDF:
		if (d->need_page) {
			/* a page break between rows of one table */
			rc = lb_fail(e, LB_EINPUT, "a page break must come before a section");
			break;
		}
		for (int k = 0; k < d->nvis; k++) {
			const struct lb_rval *v = &vals[d->vis[k]];

			render(d->cols[d->vis[k]].type, v, human, bufs[k], sizeof bufs[k], &cells[k]);
			/* a figure's words for the page: with its packs */
			if (numeric_type(d->cols[d->vis[k]].type) && v->h && !v->null)
				cells[k] = v->h;
		}
		rc = hold(d, total ? HELD_TOTAL : HELD_ROW, cells, d->nvis, 0, e);
		break;
	case LB_FMT_XLSX:
		if (total)
			lb_xlsx_data_end(d->sheet, d->row - 1);
		for (int k = 0; k < d->nvis && !rc; k++)
			rc = xlsx_cell(d, k, ty(d->cols[d->vis[k]].type), &vals[d->vis[k]], total, e);
		d->row++;
		break;
	}
	if (!rc && d->f && ferror(d->f))
		rc = wfail(d, e);
	return rc;
}

int lb_rdoc_row(lb_rdoc *d, const struct lb_rval *vals, lb_err *e)
{
	d->sec_rows++;
	return add_row(d, vals, 0, e);
}

int lb_rdoc_total(lb_rdoc *d, const struct lb_rval *vals, lb_err *e)
{
	return add_row(d, vals, 1, e);
}

int lb_rdoc_kv(lb_rdoc *d, const char *key, const char *title, lb_err *e)
{
	d->sec_key = key;
	static const struct lb_col kvcols[] = { { "Uraian", 0 }, { "Nilai", 1 } };
	int rc;

	if ((rc = end_section(d, e)))
		return rc;
	d->sec = SEC_KV;
	d->cols = NULL;
	d->ncols = 2;
	switch (d->o.fmt) {
	case LB_FMT_TABLE:
		fprintf(d->f, "%s\n", title);
		rc = lb_out_open(d->f, LB_FMT_TABLE, kvcols, 2, &d->out, e);
		break;
	case LB_FMT_CSV:
		csv_title(d, title);
		fputs(d->o.plain ? "key,value\r\n" : "Uraian,Nilai\r\n", d->f);
		break;
	case LB_FMT_JSON:
		json_key(d, key);
		fputc('{', d->f);
		break;
	case LB_FMT_PDF:
		rc = pdf_kv_section(d, title, e);
		break;
	case LB_FMT_XLSX: {
		static const char *const titles[] = { "Uraian", "Nilai" };

		if ((rc = xlsx_section(d, title, e)) ||
		    (rc = lb_xlsx_col_width(d->sheet, 0, 0, 50, e)) ||
		    (rc = lb_xlsx_col_width(d->sheet, 1, 1, 20, e)))
			break;
		rc = lb_xlsx_header(d->sheet, d->row++, titles, 2, e);
		break;
	}
	}
	if (!rc && d->f && ferror(d->f))
		rc = wfail(d, e);
	return rc;
}

int lb_rdoc_kv_add(lb_rdoc *d, const char *key, const char *label, int type, struct lb_rval v,
		   lb_err *e)
{
	char buf[64];
	const char *s, *cells[2];
	int rc = LB_OK;

	if (d->sec != SEC_KV)
		return lb_fail(e, LB_EINPUT, "a report figure needs a kv section first");
	render(type, &v, human_level(d), buf, sizeof buf, &s);
	cells[0] = label;
	cells[1] = s;
	switch (d->o.fmt) {
	case LB_FMT_TABLE:
		rc = lb_out_row(d->out, cells, e);
		break;
	case LB_FMT_CSV:
		cell(d, d->o.plain ? key : label, 0);
		sep(d);
		cell(d, s, type != LB_R_TEXT && type != LB_R_CODE);
		fputs("\r\n", d->f);
		break;
	case LB_FMT_JSON:
		fputs(d->json_rows++ ? ",\n    " : "\n    ", d->f);
		lb_json_write_string(d->f, key);
		fputs(": ", d->f);
		json_value(d, type, &v);
		break;
	case LB_FMT_PDF:
		rc = hold(d, HELD_ROW, cells, 2, 0, e);
		break;
	case LB_FMT_XLSX:
		if (!(rc = lb_xlsx_text(d->sheet, d->row, 0, label, e)))
			rc = xlsx_cell(d, 1, type, &v, 0, e);
		d->row++;
		break;
	}
	if (!rc && d->f && ferror(d->f))
		rc = wfail(d, e);
	return rc;
}

/* ---- lists and records ---- */

int lb_rdoc_list(lb_rdoc *d, const struct lb_col *cols, int ncols, lb_err *e)
{
	if (d->o.shape != LB_DOC_LIST || d->list || d->list_done)
		return lb_fail(e, LB_EINPUT, "a list document holds one list");
	if (d->o.fmt == LB_FMT_HTML)
		return d->o.cards ? lb_out_open_html_cards(d->o.html, cols, ncols, &d->list, e)
				  : lb_out_open_html(d->o.html, cols, ncols, &d->list, e);
	return lb_out_open(d->f, d->o.fmt, cols, ncols, &d->list, e);
}

int lb_rdoc_cells(lb_rdoc *d, const char *const *vals, lb_err *e)
{
	if (!d->list)
		return lb_fail(e, LB_EINPUT, "a row needs its list started first");
	return lb_out_row(d->list, vals, e);
}

int lb_rdoc_cells_links(lb_rdoc *d, const char *const *vals, const char *const *hrefs, lb_err *e)
{
	if (!d->list)
		return lb_fail(e, LB_EINPUT, "a row needs its list started first");
	return lb_out_row_links(d->list, vals, hrefs, e);
}

static int html_list(lb_buf *b, const struct lb_col *cols, int ncols, int cards, lb_rdoc **out, lb_err *e)
{
	struct lb_rdoc_opts o = { .fmt = LB_FMT_HTML, .shape = LB_DOC_LIST, .html = b, .cards = cards };
	int rc;

	if ((rc = lb_rdoc_open(out, &o, e)))
		return rc;
	if ((rc = lb_rdoc_list(*out, cols, ncols, e))) {
		lb_rdoc_discard(*out);
		*out = NULL;
	}
	return rc;
}

int lb_rdoc_html_list(lb_buf *b, const struct lb_col *cols, int ncols, lb_rdoc **out, lb_err *e)
{
	return html_list(b, cols, ncols, 0, out, e);
}

int lb_rdoc_html_cards(lb_buf *b, const struct lb_col *cols, int ncols, lb_rdoc **out, lb_err *e)
{
	return html_list(b, cols, ncols, 1, out, e);
}

/* The list's rows written out (the text table's held ones too); e NULL
 * when an earlier failure is what the caller reports. */
static int end_list(lb_rdoc *d, lb_err *e)
{
	int rc;

	if (!d->list)
		return LB_OK;
	rc = lb_out_close(d->list, e);
	d->list = NULL;
	d->list_done = 1;
	return rc;
}

int lb_rdoc_field(lb_rdoc *d, const char *label, const char *value, lb_err *e)
{
	char key[64];

	if (d->o.shape != LB_DOC_RECORD)
		return lb_fail(e, LB_EINPUT, "a field belongs to a record");
	if (d->o.fmt == LB_FMT_TABLE) {
		int colon = d->o.label_colon ? 1 : 0;
		size_t w = lb_out_width(label) + (size_t)colon;
		int pad = (size_t)d->o.label_width > w ? d->o.label_width - (int)w : 0;

		if (!value)
			return LB_OK;
		fprintf(d->f, "%s%s%*s %s\n", label, colon ? ":" : "", pad, "", value);
	} else {
		if (!d->rec_first)
			fputs(", ", d->f);
		d->rec_first = 0;
		snprintf(key, sizeof key, "%s", label);
		for (char *p = key; *p; p++)
			if (*p == ' ')
				*p = '_';
		lb_json_write_string(d->f, key);
		fputs(": ", d->f);
		if (value)
			lb_json_write_string(d->f, value);
		else
			fputs("null", d->f);
	}
	return ferror(d->f) ? lb_fail(e, LB_ESYS, "cannot write output") : LB_OK;
}

/* A field (label) or a paragraph (label NULL) of fmt's text. */
static int vtext(lb_rdoc *d, const char *label, lb_err *e, const char *fmt, va_list ap)
{
	lb_buf b;
	int rc;

	lb_buf_init(&b);
	if (!(rc = lb_buf_vaddf(&b, e, fmt, ap)))
		rc = label ? lb_rdoc_field(d, label, b.data, e) : lb_rdoc_para(d, b.data, 0, e);
	lb_buf_release(&b);
	return rc;
}

int lb_rdoc_fieldf(lb_rdoc *d, const char *label, lb_err *e, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vtext(d, label, e, fmt, ap);
	va_end(ap);
	return rc;
}

int lb_rdoc_paraf(lb_rdoc *d, lb_err *e, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vtext(d, NULL, e, fmt, ap);
	va_end(ap);
	return rc;
}

int lb_rdoc_record(FILE *f, enum lb_fmt fmt, const struct lb_field *fields, int n, lb_err *e)
{
	struct lb_rdoc_opts o = { .fmt = (int)fmt, .out = f, .shape = LB_DOC_RECORD, .label_colon = 1 };
	lb_rdoc *d;
	int rc = LB_OK;

	for (int i = 0; i < n; i++)
		if ((int)lb_out_width(fields[i].label) + 1 > o.label_width)
			o.label_width = (int)lb_out_width(fields[i].label) + 1;
	if ((rc = lb_rdoc_open(&d, &o, e)))
		return rc;
	for (int i = 0; i < n && !rc; i++)
		rc = lb_rdoc_field(d, fields[i].label, fields[i].value, e);
	if (rc) {
		lb_rdoc_discard(d);
		return rc;
	}
	return lb_rdoc_close(d, e);
}

/* A paragraph of a list or a record: a line of the text table (a list's
 * rows written out first), nothing elsewhere. */
static int shape_para(lb_rdoc *d, const char *text, lb_err *e)
{
	int rc;

	if (d->o.fmt != LB_FMT_TABLE)
		return LB_OK;
	if ((rc = end_list(d, e)))
		return rc;
	fputs(text, d->f);
	fputc('\n', d->f);
	return ferror(d->f) ? lb_fail(e, LB_ESYS, "cannot write output") : LB_OK;
}

int lb_rdoc_para(lb_rdoc *d, const char *text, int bold, lb_err *e)
{
	int rc = LB_OK;

	if (d->o.shape != LB_DOC_REPORT)
		return shape_para(d, text, e);
	switch (d->o.fmt) {
	case LB_FMT_TABLE:
		if ((rc = end_section(d, e)))
			return rc;
		fprintf(d->f, "%s\n", text);
		break;
	case LB_FMT_CSV:
		d->nsections++;
		cell(d, text, 0);
		fputs("\r\n", d->f);
		break;
	case LB_FMT_JSON:
		return LB_OK;
	case LB_FMT_PDF:
		/* after held rows: held too, since it goes before the signatures */
		rc = hold(d, HELD_PARA, &text, 1, bold, e);
		break;
	case LB_FMT_XLSX:
		if (!d->sheet && (rc = xlsx_sheet(d, NULL, NULL, e)))
			return rc;
		rc = bold ? lb_xlsx_text_bold(d->sheet, d->row++, 0, text, e)
			  : lb_xlsx_text(d->sheet, d->row++, 0, text, e);
		break;
	}
	if (!rc && d->f && ferror(d->f))
		rc = wfail(d, e);
	return rc;
}

int lb_rdoc_space(lb_rdoc *d, double height, lb_pdf **pdf, double *y, lb_err *e)
{
	*pdf = NULL;
	*y = 0;
	if (d->o.fmt != LB_FMT_PDF)
		return LB_OK;
	*pdf = d->pdf;
	return pdf_space(d, height, y, e);
}

void lb_rdoc_office(lb_rdoc *d, const struct lb_office *o)
{
	d->office = o;
}

int lb_rdoc_signatures(lb_rdoc *d, const int *roles, int n, const char *village, const char *place_date,
		       lb_err *e)
{
	double y, used;
	lb_pdf *pdf;
	int rc;

	if (!d->office || n <= 0)
		return LB_OK;
	if (d->o.fmt != LB_FMT_PDF) {
		if (d->o.fmt == LB_FMT_JSON)
			return LB_OK;
		if ((rc = lb_rdoc_para(d, place_date, 0, e)))
			return rc;
		for (int i = 0; i < n; i++) {
			const struct lb_signer *s = &d->office->signer[roles[i]];
			char line[400];

			snprintf(line, sizeof line, "%s%s: %s%s%s", i >= 2 ? "Mengetahui, " : "", s->jabatan,
				 s->name[0] ? s->name : "..........", s->nip[0] ? ", NIP. " : "", s->nip);
			if ((rc = lb_rdoc_para(d, line, 0, e)))
				return rc;
		}
		return LB_OK;
	}
	/* an empty last table says nihil above the signatures, and the
	 * signatures take the last rows with them if they need a new page */
	if ((rc = nihil(d, e)) || (rc = place_held(d, lb_office_sign_roles_height(n) + 10, e)) ||
	    (rc = lb_rdoc_space(d, lb_office_sign_roles_height(n) + 10, &pdf, &y, e)))
		return rc;
	return lb_office_sign_roles(pdf, d->office, MARGIN, y + 10, lb_rdoc_width(d), roles, NULL, n, village,
				    place_date, &used, e);
}

lb_pdf *lb_rdoc_pdf(lb_rdoc *d)
{
	return d->o.fmt == LB_FMT_PDF ? d->pdf : NULL;
}

double lb_rdoc_margin(const lb_rdoc *d)
{
	return MARGIN;
}

double lb_rdoc_width(const lb_rdoc *d)
{
	double w = d->pdf && lb_pdf_page_count(d->pdf) ? lb_pdf_page_width(d->pdf)
						       : d->o.landscape ? 841.89 : 595.276;

	return w - 2 * MARGIN;
}

int lb_rdoc_page_break(lb_rdoc *d, const char *sheet, lb_err *e)
{
	int rc;

	if ((rc = end_section(d, e)))
		return rc;
	if (d->o.fmt == LB_FMT_PDF && (rc = flush_held(d, e)))
		return rc;
	if (d->o.fmt == LB_FMT_PDF && lb_pdf_page_count(d->pdf)) {
		lb_pdf_table_free(d->table);
		d->table = NULL;
		d->need_page = 1;
	}
	if (d->o.fmt == LB_FMT_XLSX) {
		if ((rc = xlsx_sheet(d, sheet, NULL, e)))
			return rc;
		d->sheet_reuse = 1;
	}
	return LB_OK;
}

static void free_doc(lb_rdoc *d)
{
	if (d->html_report && d->f)
		fclose(d->f);
	free(d->hmem);
	lb_rdoc_clear_subtitles(d);
	for (int i = 0; i < d->nheld; i++)
		held_clear(&d->held[i]);
	lb_pdf_table_free(d->table);
	lb_pdf_free(d->pdf);
	free(d->own);
	for (int i = 0; i < d->nsheets; i++)
		free(d->sheet_names[i]);
	free(d->sheet_names);
	free(d);
}

/* Closing a list or a record: its last bytes, then the sink; on a write
 * failure the message the list and record writers always gave. */
static int close_shape(lb_rdoc *d, lb_err *e)
{
	int rc = end_list(d, e);

	if (d->o.fmt == LB_FMT_HTML) {
		free_doc(d);
		return rc;
	}
	if (!rc && d->o.shape == LB_DOC_RECORD && d->o.fmt == LB_FMT_JSON)
		fputs("}\n", d->f);
	if (!rc && (fflush(d->f) != 0 || ferror(d->f)))
		rc = lb_fail(e, LB_ESYS, "cannot write output");
	if (rc) {
		lb_rdoc_discard(d);
		return rc;
	}
	rc = close_text(d, e);
	free_doc(d);
	return rc;
}

/* An HTML report: its CSV for people as headings and tables
 * (doc/reporthtml.h) appended to the page. */
static int html_finish(lb_rdoc *d, lb_err *e)
{
	int rc = fclose(d->f) ? lb_fail(e, LB_ESYS, "cannot make the report: out of memory") : LB_OK;

	d->f = NULL;
	if (!rc)
		rc = lb_report_html(d->hmem ? d->hmem : "", d->hlen, d->o.html, e);
	return rc;
}

int lb_rdoc_close(lb_rdoc *d, lb_err *e)
{
	int rc = LB_OK;

	if (d->o.shape != LB_DOC_REPORT)
		return close_shape(d, e);
	switch (d->o.fmt) {
	case LB_FMT_TABLE:
	case LB_FMT_CSV:
	case LB_FMT_JSON:
		rc = end_section(d, e);
		if (!rc && d->o.fmt == LB_FMT_JSON)
			fputs(d->json_first ? "}\n" : "\n}\n", d->f);
		if (rc) {
			lb_rdoc_discard(d);
			return rc;
		}
		rc = close_text(d, e);
		if (!rc && d->html_report)
			rc = html_finish(d, e);
		break;
	case LB_FMT_PDF:
		if ((rc = nihil(d, e)) || (rc = flush_held(d, e)))
			break;
		if (!lb_pdf_page_count(d->pdf) && (rc = pdf_new_page(d, e)))
			break;
		/* the same place and size as the tables' rows would have */
		if (d->nown && (rc = lb_pdf_number_pages(d->pdf, MARGIN, FONT, d->own, d->nown, e)))
			break;
		rc = lb_pdf_write(d->pdf, &d->sink, e);
		break;
	case LB_FMT_XLSX:
		if ((rc = nihil(d, e))) {
			lb_xlsx_discard(d->x);
			break;
		}
		if (!d->nsheets && (rc = xlsx_sheet(d, NULL, NULL, e))) {
			lb_xlsx_discard(d->x);
			break;
		}
		rc = lb_xlsx_close(d->x, e);
		break;
	}
	d->x = NULL;
	free_doc(d);
	return rc;
}

void lb_rdoc_discard(lb_rdoc *d)
{
	if (!d)
		return;
	if (d->out)
		lb_out_close(d->out, NULL);
	/* the rows so far stay written, as the list writer always left them */
	end_list(d, NULL);
	if (d->writing)
		lb_sink_abort(&d->w);
	lb_xlsx_discard(d->x);
	free_doc(d);
}

int lb_office_report_sign(lb_db *db, lb_rdoc *d, const struct lb_office *o, const char *setting, lb_err *e)
{
	char place_date[200], day[32];
	int roles[4], n, rc;
	lb_buf v;

	lb_buf_init(&v);
	if ((rc = lb_setting_get(db, setting, &v, e))) {
		lb_buf_release(&v);
		return rc;
	}
	n = lb_office_roles(v.data, roles, 4);
	lb_buf_release(&v);
	/* dated the day it is printed: the day it is signed */
	lb_date_format_id(lb_today(), day);
	snprintf(place_date, sizeof place_date, "%s%s%s", o->place, o->place[0] ? ", " : "", day);
	return lb_rdoc_signatures(d, roles, n, NULL, place_date, e);
}
