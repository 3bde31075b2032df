/*
 * pdf.c — PDF drawing on top of libharu. See pdf.h.
 *
 * libharu reports failure through a callback rather than return values of
 * every call, so the callback records the first error number in the
 * document and each public function checks it once its drawing is done
 * (hcheck), turning it into LB_ESYS and clearing it so that the document
 * stays usable.
 *
 * libharu's coordinates start at the bottom-left; ours at the top-left.
 * Every conversion is a "ph(p) - y" right at the HPDF_* call.
 */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_objects.h> /* HPDF_Dict_*: an image is a dictionary */
#include <zlib.h>

#include "core/buf.h"

#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */
#define MAX_FONT_SIZE 300.0
#define QR_MAX_WIDTH 177 /* version 40 */

struct pdf_img {
	char *path;
	HPDF_Image img;
};

struct lb_pdf {
	HPDF_Doc doc;
	HPDF_Page page; /* NULL before the first page */
	int pages;
	/* Every page, so a foot that needs the page count ("Halaman i dari
	 * n") can be drawn once the document is complete. */
	HPDF_Page *all;
	int capall;
	HPDF_Font font[2];
	/* Vertical metrics of the regular face in em units, used for both
	 * faces so that regular and bold text on one row share a baseline. */
	double ascent, descent;
	/* Advance widths of ASCII in 1/1000 em, -1 until measured: almost all
	 * text is ASCII and measuring goes through libharu per code point. */
	double ascii_w[2][128];
	double ellipsis_w[2];
	HPDF_STATUS herr, hdetail; /* first libharu error since the last check */
	lb_buf scratch;            /* the NUL-terminated copy libharu draws */
	struct pdf_img *imgs;
	size_t nimgs, capimgs;
};

static void HPDF_STDCALL on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no,
				  void *user_data)
{
	lb_pdf *p = user_data;

	if (p && !p->herr) {
		p->herr = error_no;
		p->hdetail = detail_no;
	}
}

/* Turn a recorded libharu error into LB_ESYS naming what was being done. */
static int hcheck(lb_pdf *p, lb_err *e, const char *what)
{
	HPDF_STATUS no = p->herr, detail = p->hdetail;

	if (!no)
		return LB_OK;
	p->herr = 0;
	p->hdetail = 0;
	HPDF_ResetError(p->doc);
	return lb_fail(e, LB_ESYS, "cannot %s: libharu error 0x%04X (detail %u)",
		       what, (unsigned)no, (unsigned)detail);
}

/* A libharu call failed without the callback having run (some return NULL
 * quietly): still report it as libharu's failure. */
static int hfail(lb_pdf *p, lb_err *e, const char *what)
{
	if (!p->herr)
		return lb_fail(e, LB_ESYS, "cannot %s: libharu failed", what);
	return hcheck(p, e, what);
}

static double ph(const lb_pdf *p)
{
	return p->page ? HPDF_Page_GetHeight(p->page) : 0;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid:
 * overlong forms, surrogates and code points above U+10FFFF included, since
 * libharu would turn them into wrong glyphs rather than fail. */
static size_t u8len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return len;
}

static int check_utf8(const char *s, size_t n, const char *what, lb_err *e)
{
	size_t i = 0, k;

	while (i < n) {
		k = u8len((const unsigned char *)s + i, n - i);
		if (!k)
			return lb_fail(e, LB_EINPUT,
				       "cannot draw %s: it is not valid UTF-8 (at byte %zu)",
				       what, i + 1);
		i += k;
	}
	return LB_OK;
}

static int is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

static int check_font(int font, double size, lb_err *e)
{
	if (font != LB_PDF_REGULAR && font != LB_PDF_BOLD)
		return lb_fail(e, LB_EINPUT, "cannot draw text: font %d is neither regular nor bold", font);
	if (!(size > 0 && size <= MAX_FONT_SIZE))
		return lb_fail(e, LB_EINPUT, "cannot draw text: font size %g is outside 0..%g",
			       size, MAX_FONT_SIZE);
	return LB_OK;
}

static int check_page(const lb_pdf *p, const char *what, lb_err *e)
{
	if (!p->page)
		return lb_fail(e, LB_EINPUT, "cannot draw %s: the document has no page yet", what);
	return LB_OK;
}

static int bad_num(double v)
{
	return !isfinite(v);
}

/* Advance width of the one code point at s (k bytes) in 1/1000 em. */
static int cp_width(lb_pdf *p, int font, const char *s, size_t k, double *w, lb_err *e)
{
	unsigned char c = (unsigned char)s[0];
	HPDF_TextWidth tw;

	if (k == 1 && is_ctrl(c)) {
		s = " ";
		c = ' ';
	}
	if (k == 1 && p->ascii_w[font][c] >= 0) {
		*w = p->ascii_w[font][c];
		return LB_OK;
	}
	tw = HPDF_Font_TextWidth(p->font[font], (const HPDF_BYTE *)s, (HPDF_UINT)k);
	if (hcheck(p, e, "measure text"))
		return LB_ESYS;
	*w = tw.width;
	if (k == 1)
		p->ascii_w[font][c] = *w;
	return LB_OK;
}

/* Width of s[0..n) in 1/1000 em; s must be valid UTF-8. */
static int measure(lb_pdf *p, int font, const char *s, size_t n, double *w, lb_err *e)
{
	size_t i = 0, k;
	double cw;

	*w = 0;
	while (i < n) {
		k = u8len((const unsigned char *)s + i, n - i);
		if (cp_width(p, font, s + i, k, &cw, e))
			return LB_ESYS;
		*w += cw;
		i += k;
	}
	return LB_OK;
}

/* Drop trailing spaces (and control characters, which print as spaces). */
static size_t rtrim(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || is_ctrl((unsigned char)s[n - 1])))
		n--;
	return n;
}

/* Fit s[0..n) into limit (1/1000 em) on one line: *keep bytes of it, then
 * an ellipsis if *ell. When not even the ellipsis fits, nothing is kept. */
static int truncate_line(lb_pdf *p, int font, const char *s, size_t n, double limit,
			 size_t *keep, int *ell, double *width, lb_err *e)
{
	size_t i = 0, k, best = 0;
	double w = 0, cw, bestw = 0;

	if (measure(p, font, s, n, &w, e))
		return LB_ESYS;
	if (w <= limit) {
		*keep = n;
		*ell = 0;
		*width = w;
		return LB_OK;
	}
	*ell = p->ellipsis_w[font] <= limit;
	if (!*ell) {
		*keep = 0;
		*width = 0;
		return LB_OK;
	}
	w = 0;
	while (i < n) {
		k = u8len((const unsigned char *)s + i, n - i);
		if (cp_width(p, font, s + i, k, &cw, e))
			return LB_ESYS;
		if (w + cw + p->ellipsis_w[font] > limit)
			break;
		w += cw;
		i += k;
		best = i;
		bestw = w;
	}
	*keep = rtrim(s, best);
	if (*keep != best && measure(p, font, s, *keep, &bestw, e))
		return LB_ESYS;
	*width = bestw + p->ellipsis_w[font];
	return LB_OK;
}

/* One line of text at (x, baseline) in our coordinates. */
static int draw_run(lb_pdf *p, double x, double baseline, int font, double size,
		    const char *s, size_t n, int ell, lb_err *e)
{
	size_t i;

	lb_buf_reset(&p->scratch);
	if (lb_buf_add(&p->scratch, s, n, e))
		return LB_ESYS;
	if (ell && lb_buf_adds(&p->scratch, ELLIPSIS, e))
		return LB_ESYS;
	for (i = 0; i < p->scratch.len; i++)
		if (is_ctrl((unsigned char)p->scratch.data[i]))
			p->scratch.data[i] = ' ';
	if (!p->scratch.len)
		return LB_OK;
	HPDF_Page_BeginText(p->page);
	/* The font is part of the graphics state and outlives BT/ET, and
	 * setting it costs libharu more than the text does: a slip sets the
	 * same two fonts twenty times. */
	if (HPDF_Page_GetCurrentFont(p->page) != p->font[font] ||
	    HPDF_Page_GetCurrentFontSize(p->page) != (HPDF_REAL)size)
		HPDF_Page_SetFontAndSize(p->page, p->font[font], (HPDF_REAL)size);
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)(ph(p) - baseline),
			  p->scratch.data);
	HPDF_Page_EndText(p->page);
	return hcheck(p, e, "draw text");
}

double lb_pdf_leading(double size)
{
	return size * 1.2;
}

struct box {
	double x, y, w, h; /* h < 0: no height limit */
	int font, align, fit, draw;
	double size;
	int lines; /* lines laid out so far */
};

/* Place one finished line: count it and, when drawing, draw it aligned. */
static int emit(lb_pdf *p, struct box *b, const char *s, size_t n, int ell,
		double width, lb_err *e)
{
	double lead = lb_pdf_leading(b->size), x = b->x, base, pad, w;

	b->lines++;
	if (!b->draw)
		return LB_OK;
	w = width * b->size / 1000;
	if (b->align == LB_PDF_RIGHT)
		x += b->w - w;
	else if (b->align == LB_PDF_CENTER)
		x += (b->w - w) / 2;
	/* centre the glyphs' full height in the line's slot */
	pad = (lead - (p->ascent - p->descent) * b->size) / 2;
	base = b->y + (b->lines - 1) * lead + pad + p->ascent * b->size;
	return draw_run(p, x, base, b->font, b->size, s, n, ell, e);
}

/* Lay out (and when b->draw, draw) the text of a box. Wrapping is greedy:
 * break at the last space that fits, inside a word only when the word alone
 * is wider than the box. */
static int layout(lb_pdf *p, struct box *b, const char *s, lb_err *e)
{
	size_t n = strlen(s), pos = 0, i, k, end, next, brk, keep;
	double limit = b->w * 1000 / b->size, w, cw;
	int maxlines = INT_MAX, ell, soft;

	if (b->h >= 0) {
		double fit = floor(b->h / lb_pdf_leading(b->size) + 1e-9);
		maxlines = fit < 1 ? 1 : fit > INT_MAX ? INT_MAX : (int)fit;
	}
	if (b->fit == LB_PDF_TRUNCATE || maxlines == 1) {
		if (truncate_line(p, b->font, s, n, limit, &keep, &ell, &w, e))
			return LB_ESYS;
		return emit(p, b, s, keep, ell, w, e);
	}
	do {
		if (b->lines == maxlines - 1) {
			/* the last line that fits takes everything left */
			if (truncate_line(p, b->font, s + pos, rtrim(s + pos, n - pos),
					  limit, &keep, &ell, &w, e))
				return LB_ESYS;
			return emit(p, b, s + pos, keep, ell, w, e);
		}
		w = 0;
		brk = 0;
		soft = 0;
		for (i = pos; i < n && s[i] != '\n'; i += k) {
			k = u8len((const unsigned char *)s + i, n - i);
			if (cp_width(p, b->font, s + i, k, &cw, e))
				return LB_ESYS;
			if (w + cw > limit && i > pos && s[i] != ' ')
				break;
			if (s[i] == ' ')
				brk = i;
			w += cw;
		}
		if (i >= n || s[i] == '\n') {
			end = rtrim(s + pos, i - pos) + pos;
			next = i < n ? i + 1 : n;
		} else if (brk > pos) {
			end = rtrim(s + pos, brk - pos) + pos;
			next = brk;
			soft = 1;
		} else {
			end = i;
			next = i;
		}
		if (end != i && measure(p, b->font, s + pos, end - pos, &w, e))
			return LB_ESYS;
		if (emit(p, b, s + pos, end - pos, 0, w, e))
			return LB_ESYS;
		/* a soft break swallows the spaces it happened at */
		if (soft)
			while (next < n && s[next] == ' ')
				next++;
		pos = next;
	} while (pos < n);
	return LB_OK;
}

static int check_box(const lb_pdf *p, double w, int font, double size, int fit,
		     const char *utf8, lb_err *e)
{
	if (check_font(font, size, e))
		return LB_EINPUT;
	if (fit != LB_PDF_TRUNCATE && fit != LB_PDF_WRAP)
		return lb_fail(e, LB_EINPUT, "cannot draw text: fit %d is neither truncate nor wrap", fit);
	if (bad_num(w) || w <= 0)
		return lb_fail(e, LB_EINPUT, "cannot draw text: box width %g is not positive", w);
	if (!utf8)
		return lb_fail(e, LB_EINPUT, "cannot draw text: no text given");
	return check_utf8(utf8, strlen(utf8), "text", e);
}

int lb_pdf_text_box(lb_pdf *p, double x, double y, double w, double h,
		    int font, double size, int align, int fit,
		    const char *utf8, double *used, lb_err *e)
{
	struct box b = { x, y, w, h < 0 ? 0 : h, font, align, fit, 1, size, 0 };
	int rc;

	if (check_page(p, "text", e) || check_box(p, w, font, size, fit, utf8, e))
		return LB_EINPUT;
	if (bad_num(x) || bad_num(y) || bad_num(h))
		return lb_fail(e, LB_EINPUT, "cannot draw text: the box is not a finite position");
	if (align != LB_PDF_LEFT && align != LB_PDF_RIGHT && align != LB_PDF_CENTER)
		return lb_fail(e, LB_EINPUT, "cannot draw text: alignment %d is unknown", align);
	if ((rc = layout(p, &b, utf8, e)))
		return rc;
	if (used)
		*used = b.lines * lb_pdf_leading(size);
	return LB_OK;
}

int lb_pdf_text_box_height(lb_pdf *p, double w, int font, double size,
			   int fit, const char *utf8, double *height, lb_err *e)
{
	struct box b = { 0, 0, w, -1, font, LB_PDF_LEFT, fit, 0, size, 0 };
	int rc;

	if (check_box(p, w, font, size, fit, utf8, e))
		return LB_EINPUT;
	if ((rc = layout(p, &b, utf8, e)))
		return rc;
	*height = b.lines * lb_pdf_leading(size);
	return LB_OK;
}

int lb_pdf_text(lb_pdf *p, double x, double y, int font, double size,
		const char *utf8, lb_err *e)
{
	if (check_page(p, "text", e) || check_font(font, size, e))
		return LB_EINPUT;
	if (bad_num(x) || bad_num(y))
		return lb_fail(e, LB_EINPUT, "cannot draw text: the position is not finite");
	if (!utf8)
		return lb_fail(e, LB_EINPUT, "cannot draw text: no text given");
	if (check_utf8(utf8, strlen(utf8), "text", e))
		return LB_EINPUT;
	return draw_run(p, x, y, font, size, utf8, strlen(utf8), 0, e);
}

int lb_pdf_text_width(lb_pdf *p, int font, double size, const char *utf8,
		      double *width, lb_err *e)
{
	double w;

	if (check_font(font, size, e))
		return LB_EINPUT;
	if (!utf8)
		return lb_fail(e, LB_EINPUT, "cannot measure text: no text given");
	if (check_utf8(utf8, strlen(utf8), "text", e))
		return LB_EINPUT;
	if (measure(p, font, utf8, strlen(utf8), &w, e))
		return LB_ESYS;
	*width = w * size / 1000;
	return LB_OK;
}

static int load_font(lb_pdf *p, int which, const char *dir, const char *file, lb_err *e)
{
	const char *name;
	lb_buf path;
	int rc = LB_OK;

	lb_buf_init(&path);
	if (lb_buf_addf(&path, e, "%s/%s", dir, file))
		return LB_ESYS;
	/* libharu would only say "file not found"; the package name is what
	 * the person installing lumbung needs. */
	if (access(path.data, R_OK)) {
		rc = lb_fail(e, LB_ESYS,
			     "cannot read font '%s' (%s): install the package fonts-dejavu-core",
			     path.data, strerror(errno));
		goto out;
	}
	name = HPDF_LoadTTFontFromFile(p->doc, path.data, HPDF_TRUE);
	if (!name) {
		rc = hfail(p, e, "load a font");
		lb_err_prefix(e, "font '%s'", path.data);
		goto out;
	}
	p->font[which] = HPDF_GetFont(p->doc, name, "UTF-8");
	if (!p->font[which]) {
		rc = hfail(p, e, "use a font with UTF-8 encoding");
		lb_err_prefix(e, "font '%s'", path.data);
	}
out:
	lb_buf_release(&path);
	return rc;
}

int lb_pdf_new(lb_pdf **out, const char *title, const char *author, lb_err *e)
{
	const char *dir = getenv("LUMBUNG_FONT_DIR");
	lb_pdf *p;
	int f, c, rc;

	*out = NULL;
	if ((title && check_utf8(title, strlen(title), "the title", e)) ||
	    (author && check_utf8(author, strlen(author), "the author", e)))
		return LB_EINPUT;
	p = calloc(1, sizeof *p);
	if (!p)
		return lb_oom(e);
	lb_buf_init(&p->scratch);
	for (f = 0; f < 2; f++)
		for (c = 0; c < 128; c++)
			p->ascii_w[f][c] = -1;
	p->doc = HPDF_New(on_error, p);
	if (!p->doc) {
		free(p);
		return lb_fail(e, LB_ESYS, "cannot start a PDF document: libharu could not allocate it");
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	if ((rc = hcheck(p, e, "set up UTF-8 text in a PDF document")))
		goto fail;
	if (!dir || !*dir)
		dir = FONT_DIR;
	if ((rc = load_font(p, LB_PDF_REGULAR, dir, "DejaVuSans.ttf", e)) ||
	    (rc = load_font(p, LB_PDF_BOLD, dir, "DejaVuSans-Bold.ttf", e)))
		goto fail;
	p->ascent = HPDF_Font_GetAscent(p->font[LB_PDF_REGULAR]) / 1000.0;
	p->descent = HPDF_Font_GetDescent(p->font[LB_PDF_REGULAR]) / 1000.0;
	for (f = 0; f < 2; f++)
		if ((rc = measure(p, f, ELLIPSIS, strlen(ELLIPSIS), &p->ellipsis_w[f], e)))
			goto fail;
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "lumbung");
	if (title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title);
	if (author)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, author);
	if ((rc = hcheck(p, e, "set the PDF document's properties")))
		goto fail;
	*out = p;
	return LB_OK;
fail:
	lb_pdf_free(p);
	return rc;
}

void lb_pdf_free(lb_pdf *p)
{
	size_t i;

	if (!p)
		return;
	HPDF_Free(p->doc);
	for (i = 0; i < p->nimgs; i++)
		free(p->imgs[i].path);
	free(p->imgs);
	free(p->all);
	lb_buf_release(&p->scratch);
	free(p);
}

/* Make page, just added, the current one and remember it. */
static int page_added(lb_pdf *p, HPDF_Page page, lb_err *e)
{
	if (p->pages == p->capall) {
		int cap = p->capall ? p->capall * 2 : 16;
		HPDF_Page *all;

		if (cap <= p->capall || (size_t)cap > SIZE_MAX / sizeof *all ||
		    !(all = realloc(p->all, (size_t)cap * sizeof *all)))
			return lb_fail(e, LB_ESYS, "cannot add a page: out of memory");
		p->all = all;
		p->capall = cap;
	}
	p->all[p->pages++] = page;
	p->page = page;
	return LB_OK;
}

int lb_pdf_add_page(lb_pdf *p, int orient, lb_err *e)
{
	HPDF_Page page;

	if (orient != LB_PDF_PORTRAIT && orient != LB_PDF_LANDSCAPE)
		return lb_fail(e, LB_EINPUT, "cannot add a page: orientation %d is unknown", orient);
	page = HPDF_AddPage(p->doc);
	if (!page)
		return hfail(p, e, "add a page");
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4,
			  orient == LB_PDF_LANDSCAPE ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	if (hcheck(p, e, "set the page size"))
		return LB_ESYS;
	return page_added(p, page, e);
}

int lb_pdf_page_count(const lb_pdf *p)
{
	return p->pages;
}

int lb_pdf_goto_page(lb_pdf *p, int page, lb_err *e)
{
	if (page < 1 || page > p->pages)
		return lb_fail(e, LB_EINPUT, "cannot go to page %d of %d", page, p->pages);
	p->page = p->all[page - 1];
	return LB_OK;
}

double lb_pdf_page_width(const lb_pdf *p)
{
	return p->page ? HPDF_Page_GetWidth(p->page) : 0;
}

double lb_pdf_page_height(const lb_pdf *p)
{
	return ph(p);
}

int lb_pdf_line(lb_pdf *p, double x1, double y1, double x2, double y2,
		double width, int dash, lb_err *e)
{
	/* 3 pt on, 2 pt off reads as a cut line at any thickness we use */
#if HPDF_VERSION_ID >= 20400
	static const HPDF_REAL pattern[] = { 3, 2 };
#else
	static const HPDF_UINT16 pattern[] = { 3, 2 };
#endif
	double h = ph(p);

	if (check_page(p, "a line", e))
		return LB_EINPUT;
	if (bad_num(x1) || bad_num(y1) || bad_num(x2) || bad_num(y2) ||
	    bad_num(width) || width <= 0)
		return lb_fail(e, LB_EINPUT, "cannot draw a line: bad position or width %g", width);
	if (dash != LB_PDF_SOLID && dash != LB_PDF_DASHED)
		return lb_fail(e, LB_EINPUT, "cannot draw a line: dash style %d is unknown", dash);
	HPDF_Page_GSave(p->page);
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)width);
	if (dash == LB_PDF_DASHED)
		HPDF_Page_SetDash(p->page, pattern, 2, 0);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)(h - y1));
	HPDF_Page_LineTo(p->page, (HPDF_REAL)x2, (HPDF_REAL)(h - y2));
	HPDF_Page_Stroke(p->page);
	HPDF_Page_GRestore(p->page);
	return hcheck(p, e, "draw a line");
}

int lb_pdf_rect(lb_pdf *p, double x, double y, double w, double h,
		int paint, double gray, lb_err *e)
{
	if (check_page(p, "a rectangle", e))
		return LB_EINPUT;
	if (bad_num(x) || bad_num(y) || bad_num(w) || bad_num(h) || w < 0 || h < 0)
		return lb_fail(e, LB_EINPUT, "cannot draw a rectangle: bad position or size %gx%g", w, h);
	if (bad_num(gray) || gray < 0 || gray > 1)
		return lb_fail(e, LB_EINPUT, "cannot draw a rectangle: gray %g is outside 0..1", gray);
	if (paint != LB_PDF_STROKE && paint != LB_PDF_FILL)
		return lb_fail(e, LB_EINPUT, "cannot draw a rectangle: paint %d is unknown", paint);
	/* colours and widths cannot change once a path is begun */
	HPDF_Page_GSave(p->page);
	if (paint == LB_PDF_FILL) {
		HPDF_Page_SetGrayFill(p->page, (HPDF_REAL)gray);
	} else {
		HPDF_Page_SetLineWidth(p->page, 0.5);
		HPDF_Page_SetGrayStroke(p->page, (HPDF_REAL)gray);
	}
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(ph(p) - y - h),
			    (HPDF_REAL)w, (HPDF_REAL)h);
	if (paint == LB_PDF_FILL)
		HPDF_Page_Fill(p->page);
	else
		HPDF_Page_Stroke(p->page);
	HPDF_Page_GRestore(p->page);
	return hcheck(p, e, "draw a rectangle");
}

#define LOGO_MAX_BYTES (16u << 20)
#define LOGO_MAX_SIDE 4000u

static uint32_t be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Where the inflated image data is in its rows: every row starts with a
 * filter byte 0..4, and there must be exactly as many rows as the header
 * says. */
struct png_rows {
	uint64_t rows, stride, col;
	int bad;
};

static void png_rows_feed(struct png_rows *r, const unsigned char *b, size_t n)
{
	uint64_t take;
	size_t i = 0;

	while (i < n && !r->bad) {
		if (!r->rows) {
			r->bad = 1; /* more data than pixels */
			return;
		}
		if (r->col == 0 && b[i] > 4)
			r->bad = 1;
		take = r->stride - r->col;
		if (take > n - i)
			take = n - i;
		r->col += take;
		i += (size_t)take;
		if (r->col == r->stride) {
			r->col = 0;
			r->rows--;
		}
	}
}

/* libharu 2.3.0 installs no recovery point for libpng, so any error libpng
 * raises while reading aborts the whole process (libharu issue #71). The
 * checks libpng makes on the way are therefore made here first: chunk
 * layout and CRCs, the header, and the compressed pixels inflating to
 * exactly the rows the header promises. */
static int check_png(const char *path, const unsigned char *d, size_t n, lb_err *e)
{
	/* bit i set: a bit depth of i is allowed, by colour type */
	static const uint32_t depths[7] = { 0x10116, 0, 0x10100, 0x116, 0x10100, 0, 0x10100 };
	unsigned char out[16384];
	int type = -1, bits = 0, chans = 0, seen_plte = 0, seen_idat = 0, idat_done = 0;
	int zrc = Z_OK, zinit = 0, rc = LB_OK, i;
	uint32_t len, w = 0, h = 0;
	struct png_rows rows;
	size_t at = 8;
	z_stream z;
	char ctype[5];

	memset(&z, 0, sizeof z);
	for (;;) {
		if (n - at < 12) {
			rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: it ends before its IEND chunk", path);
			goto out;
		}
		len = be32(d + at);
		memcpy(ctype, d + at + 4, 4);
		ctype[4] = '\0';
		for (i = 0; i < 4; i++)
			if (!((ctype[i] | 0x20) >= 'a' && (ctype[i] | 0x20) <= 'z'))
				len = UINT32_MAX;
		if (len > n - at - 12 || len > 0x7FFFFFFFu) {
			rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: it is cut off or has a bad chunk", path);
			goto out;
		}
		if ((uint32_t)crc32(0, d + at + 4, len + 4) != be32(d + at + 8 + len)) {
			rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: a chunk fails its CRC check", path);
			goto out;
		}
		if (at == 8 && strcmp(ctype, "IHDR")) {
			rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: it does not start with IHDR", path);
			goto out;
		}
		if (!strcmp(ctype, "IHDR")) {
			const unsigned char *c = d + at + 8;

			if (at != 8 || len != 13) {
				rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: bad IHDR chunk", path);
				goto out;
			}
			w = be32(c);
			h = be32(c + 4);
			bits = c[8];
			type = c[9];
			if (type > 6 || !depths[type] || bits > 16 || !(depths[type] >> bits & 1) ||
			    c[10] || c[11] || c[12] > 1 || !w || !h) {
				rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: bad IHDR values", path);
				goto out;
			}
			/* libharu 2.3.0 fails on every interlaced PNG */
			if (c[12]) {
				rc = lb_fail(e, LB_EINPUT, "logo '%s' is an interlaced PNG, which cannot be embedded; save it without interlacing",
					     path);
				goto out;
			}
			if (w > LOGO_MAX_SIDE || h > LOGO_MAX_SIDE) {
				rc = lb_fail(e, LB_EINPUT, "logo '%s' is %ux%u pixels; use one at most %u pixels on a side",
					     path, (unsigned)w, (unsigned)h, LOGO_MAX_SIDE);
				goto out;
			}
			chans = type == 2 ? 3 : type == 4 ? 2 : type == 6 ? 4 : 1;
			rows.rows = h;
			rows.stride = 1 + ((uint64_t)w * (uint64_t)(bits * chans) + 7) / 8;
			rows.col = 0;
			rows.bad = 0;
			if (inflateInit(&z) != Z_OK) {
				rc = lb_oom(e);
				goto out;
			}
			zinit = 1;
		} else if (!strcmp(ctype, "PLTE")) {
			if (seen_idat || len % 3 || len == 0 || len > 768) {
				rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: bad palette", path);
				goto out;
			}
			seen_plte = 1;
		} else if (!strcmp(ctype, "IDAT")) {
			if (idat_done || (type == 3 && !seen_plte)) {
				rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: misplaced image data", path);
				goto out;
			}
			seen_idat = 1;
			z.next_in = (unsigned char *)d + at + 8;
			z.avail_in = len;
			while (z.avail_in && zrc != Z_STREAM_END) {
				z.next_out = out;
				z.avail_out = sizeof out;
				zrc = inflate(&z, Z_NO_FLUSH);
				if (zrc != Z_OK && zrc != Z_STREAM_END) {
					rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: its image data does not decompress", path);
					goto out;
				}
				png_rows_feed(&rows, out, sizeof out - z.avail_out);
			}
		} else if (!strcmp(ctype, "IEND")) {
			break;
		} else {
			/* libpng refuses critical chunks it does not know */
			if (!(ctype[0] & 0x20)) {
				rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: unknown chunk %s", path, ctype);
				goto out;
			}
		}
		if (seen_idat && strcmp(ctype, "IDAT"))
			idat_done = 1;
		at += 12 + (size_t)len;
	}
	/* inflate may hold back output until asked once more */
	while (zinit && zrc == Z_OK) {
		z.next_out = out;
		z.avail_out = sizeof out;
		zrc = inflate(&z, Z_SYNC_FLUSH);
		png_rows_feed(&rows, out, sizeof out - z.avail_out);
		if (zrc == Z_OK && z.avail_out == sizeof out)
			break;
	}
	if (!seen_idat || zrc != Z_STREAM_END || rows.bad || rows.rows || rows.col)
		rc = lb_fail(e, LB_EINPUT, "logo '%s' is not a valid PNG file: its image data is damaged", path);
out:
	if (zinit)
		inflateEnd(&z);
	return rc;
}

/* The whole file, for checking and then for libharu, so both see the same
 * bytes. */
static int read_logo(const char *path, lb_buf *b, lb_err *e)
{
	char chunk[16384];
	size_t got;
	FILE *f;
	int err;

	f = fopen(path, "rb");
	if (!f)
		return lb_fail(e, LB_EINPUT, "cannot read logo '%s': %s", path, strerror(errno));
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len + got > LOGO_MAX_BYTES) {
			fclose(f);
			return lb_fail(e, LB_EINPUT, "logo '%s' is larger than %u MB", path,
				       LOGO_MAX_BYTES >> 20);
		}
		if (lb_buf_add(b, chunk, got, e)) {
			fclose(f);
			return LB_ESYS;
		}
	}
	err = ferror(f) ? errno : 0;
	fclose(f);
	if (err)
		return lb_fail(e, LB_EINPUT, "cannot read logo '%s': %s", path, strerror(err));
	return LB_OK;
}

/* The image in d (n bytes) known as name, loaded once per document.
 * Images in lumbung's papers are the office's logo, so the messages call
 * it that. */
static int load_image_mem(lb_pdf *p, const char *name, const unsigned char *d, size_t n,
			  HPDF_Image *out, lb_err *e)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	struct pdf_img *grown;
	HPDF_Image img;
	size_t i;
	int is_png, rc;

	for (i = 0; i < p->nimgs; i++) {
		if (!strcmp(p->imgs[i].path, name)) {
			*out = p->imgs[i].img;
			return LB_OK;
		}
	}
	/* libharu trusts the caller about the format; tell by content */
	is_png = n >= 8 && !memcmp(d, png, 8);
	if (!is_png && !(n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF))
		return lb_fail(e, LB_EINPUT, "logo '%s' is not a PNG or JPEG file", name);
	if (is_png && (rc = check_png(name, d, n, e)))
		return rc;
	if (p->nimgs == p->capimgs) {
		size_t cap = p->capimgs ? p->capimgs * 2 : 4;

		grown = realloc(p->imgs, cap * sizeof *grown);
		if (!grown)
			return lb_oom(e);
		p->imgs = grown;
		p->capimgs = cap;
	}
	p->imgs[p->nimgs].path = strdup(name);
	if (!p->imgs[p->nimgs].path)
		return lb_oom(e);
	/* libharu copies the bytes into the document */
	img = is_png ? HPDF_LoadPngImageFromMem(p->doc, d, (HPDF_UINT)n)
		     : HPDF_LoadJpegImageFromMem(p->doc, d, (HPDF_UINT)n);
	if (!img || p->herr) {
		free(p->imgs[p->nimgs].path);
		hfail(p, e, is_png ? "read it as PNG" : "read it as JPEG");
		lb_err_prefix(e, "logo '%s'", name);
		/* a damaged file is the caller's to replace */
		if (e)
			e->code = LB_EINPUT;
		return LB_EINPUT;
	}
	p->imgs[p->nimgs++].img = img;
	*out = img;
	return LB_OK;
}

/* The image at path, loaded once per document. */
static int load_image(lb_pdf *p, const char *path, HPDF_Image *out, lb_err *e)
{
	lb_buf b;
	int rc;

	for (size_t i = 0; i < p->nimgs; i++) {
		if (!strcmp(p->imgs[i].path, path)) {
			*out = p->imgs[i].img;
			return LB_OK;
		}
	}
	lb_buf_init(&b);
	if (!(rc = read_logo(path, &b, e)))
		rc = load_image_mem(p, path, (const unsigned char *)b.data, b.len, out, e);
	lb_buf_release(&b);
	return rc;
}

static int draw_image(lb_pdf *p, const char *name, HPDF_Image img, double x, double y, double w,
		      double h, lb_err *e)
{
	double iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img), s, dw, dh;

	if (iw <= 0 || ih <= 0)
		return lb_fail(e, LB_EINPUT, "logo '%s' has no pixels", name);
	s = fmin(w / iw, h / ih);
	dw = iw * s;
	dh = ih * s;
	HPDF_Page_DrawImage(p->page, img, (HPDF_REAL)(x + (w - dw) / 2),
			    (HPDF_REAL)(ph(p) - y - (h - dh) / 2 - dh),
			    (HPDF_REAL)dw, (HPDF_REAL)dh);
	return hcheck(p, e, "draw a logo");
}

int lb_pdf_image_mem(lb_pdf *p, const char *name, const void *data, size_t n, double x, double y,
		     double w, double h, lb_err *e)
{
	HPDF_Image img = NULL;
	int rc;

	if (check_page(p, "a logo", e))
		return LB_EINPUT;
	if (bad_num(x) || bad_num(y) || bad_num(w) || bad_num(h) || w <= 0 || h <= 0)
		return lb_fail(e, LB_EINPUT, "cannot draw logo '%s': bad position or size %gx%g", name, w, h);
	if ((rc = load_image_mem(p, name, data, n, &img, e)))
		return rc;
	return draw_image(p, name, img, x, y, w, h, e);
}

int lb_pdf_image_check(const void *data, size_t n, const char *name, lb_err *e)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	const unsigned char *d = data;

	if (n >= 8 && !memcmp(d, png, 8))
		return check_png(name, d, n, e);
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return LB_OK;
	return lb_fail(e, LB_EINPUT, "logo '%s' is not a PNG or JPEG file", name);
}

int lb_pdf_add_page_size(lb_pdf *p, double w, double h, lb_err *e)
{
	HPDF_Page page;

	if (bad_num(w) || bad_num(h) || w < 72 || h < 72 || w > 14400 || h > 14400)
		return lb_fail(e, LB_EINPUT, "cannot add a page of %gx%g points", w, h);
	page = HPDF_AddPage(p->doc);
	if (!page)
		return hfail(p, e, "add a page");
	HPDF_Page_SetWidth(page, (HPDF_REAL)w);
	HPDF_Page_SetHeight(page, (HPDF_REAL)h);
	if (hcheck(p, e, "set the page size"))
		return LB_ESYS;
	return page_added(p, page, e);
}

int lb_pdf_image(lb_pdf *p, const char *path, double x, double y,
		 double w, double h, lb_err *e)
{
	HPDF_Image img = NULL;
	int rc;

	if (check_page(p, "a logo", e))
		return LB_EINPUT;
	if (!path)
		return lb_fail(e, LB_EINPUT, "cannot draw a logo: no file given");
	if (bad_num(x) || bad_num(y) || bad_num(w) || bad_num(h) || w <= 0 || h <= 0)
		return lb_fail(e, LB_EINPUT, "cannot draw logo '%s': bad position or size %gx%g",
			       path, w, h);
	if ((rc = load_image(p, path, &img, e)))
		return rc;
	return draw_image(p, path, img, x, y, w, h, e);
}

int lb_pdf_qr(lb_pdf *p, double x, double y, double size, int width,
	      const unsigned char *modules, int quiet, lb_err *e)
{
	double m, top = ph(p) - y;
	int r, c, c0, dark = 0;

	if (check_page(p, "a QR code", e))
		return LB_EINPUT;
	if (width < 1 || width > QR_MAX_WIDTH || !modules)
		return lb_fail(e, LB_EINPUT, "cannot draw a QR code %d modules wide: expected 1..%d",
			       width, QR_MAX_WIDTH);
	if (quiet < 0 || quiet > 16)
		return lb_fail(e, LB_EINPUT, "cannot draw a QR code: quiet zone of %d modules is outside 0..16",
			       quiet);
	if (bad_num(x) || bad_num(y) || bad_num(size) || size <= 0)
		return lb_fail(e, LB_EINPUT, "cannot draw a QR code: bad position or size %g", size);
	for (r = 0; r < width * width; r++)
		if (modules[r] > 1)
			return lb_fail(e, LB_EINPUT,
				       "cannot draw a QR code: module at row %d column %d is %u, expected 0 or 1",
				       r / width + 1, r % width + 1, modules[r]);
	m = size / (width + 2 * quiet);
	HPDF_Page_GSave(p->page);
	/* the quiet zone must be light even on a shaded background */
	HPDF_Page_SetGrayFill(p->page, 1);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(top - size),
			    (HPDF_REAL)size, (HPDF_REAL)size);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetGrayFill(p->page, 0);
	/* one rectangle per horizontal run, all filled as one path: far fewer
	 * operators than one per module, and no seams inside a run */
	for (r = 0; r < width; r++) {
		for (c = 0; c < width; c++) {
			if (!modules[r * width + c])
				continue;
			for (c0 = c; c < width && modules[r * width + c]; c++)
				;
			HPDF_Page_Rectangle(p->page, (HPDF_REAL)(x + (quiet + c0) * m),
					    (HPDF_REAL)(top - (quiet + r + 1) * m),
					    (HPDF_REAL)((c - c0) * m), (HPDF_REAL)m);
			dark = 1;
		}
	}
	if (dark)
		HPDF_Page_Fill(p->page);
	HPDF_Page_GRestore(p->page);
	return hcheck(p, e, "draw a QR code");
}

int lb_pdf_qr_image(lb_pdf *p, double x, double y, double size, int width,
		    const unsigned char *modules, int quiet, lb_err *e)
{
	unsigned char *bits;
	HPDF_Image img;
	size_t side, cols, stride, r, c, col;
	double m, top = ph(p) - y;
	int i;

	if (check_page(p, "a QR code", e))
		return LB_EINPUT;
	if (width < 1 || width > QR_MAX_WIDTH || !modules)
		return lb_fail(e, LB_EINPUT, "cannot draw a QR code %d modules wide: expected 1..%d",
			       width, QR_MAX_WIDTH);
	if (quiet < 0 || quiet > 16)
		return lb_fail(e, LB_EINPUT, "cannot draw a QR code: quiet zone of %d modules is outside 0..16",
			       quiet);
	if (bad_num(x) || bad_num(y) || bad_num(size) || size <= 0)
		return lb_fail(e, LB_EINPUT, "cannot draw a QR code: bad position or size %g", size);
	for (i = 0; i < width * width; i++)
		if (modules[i] > 1)
			return lb_fail(e, LB_EINPUT,
				       "cannot draw a QR code: module at row %d column %d is %u, expected 0 or 1",
				       i / width + 1, i % width + 1, modules[i]);
	/* A 1-bit stencil mask (/ImageMask): its 0 bits are painted in the
	 * fill colour, its 1 bits leave the page alone. Readers scale masks
	 * without smoothing, so modules keep sharp edges at any resolution,
	 * where a grey image would be blurred by bilinear upscaling.
	 *
	 * libharu 2.3.0 turns 1-bit raw images into CCITT G4 through a
	 * global buffer (not thread-safe; print runs draw in several
	 * threads) and leaks them unless the document is saved. So the bits
	 * go in as an 8-bit image one byte per 8 pixels wide, and the
	 * dictionary is then told what they are: that is the same bytes PDF
	 * expects of a 1-bit image whose rows are padded to whole bytes,
	 * which the width, a multiple of 8, makes exact. */
	side = (size_t)width + 2 * (size_t)quiet;
	cols = (side + 7) & ~(size_t)7;
	stride = cols / 8;
	bits = malloc(stride * side);
	if (!bits)
		return lb_oom(e);
	memset(bits, 0xFF, stride * side);
	for (r = 0; r < (size_t)width; r++) {
		for (c = 0; c < (size_t)width; c++) {
			if (!modules[r * (size_t)width + c])
				continue;
			col = c + (size_t)quiet;
			bits[(r + (size_t)quiet) * stride + col / 8] &= (unsigned char)~(0x80u >> (col % 8));
		}
	}
	img = HPDF_LoadRawImageFromMem(p->doc, bits, (HPDF_UINT)stride, (HPDF_UINT)side,
				       HPDF_CS_DEVICE_GRAY, 8);
	free(bits);
	if (!img || p->herr)
		return hfail(p, e, "make a QR code image");
	/* A QR code's bits look random to deflate, which would win a few
	 * bytes at the cost of a compressor set up (256 KB cleared) per
	 * slip: a tenth of a print run's time. */
	img->filter = HPDF_STREAM_FILTER_NONE;
	/* An image mask has no colour space (PDF 32000-1, 8.9.6.2). */
	if (HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)cols) != HPDF_OK ||
	    HPDF_Dict_AddNumber(img, "BitsPerComponent", 1) != HPDF_OK ||
	    HPDF_Dict_RemoveElement(img, "ColorSpace") != HPDF_OK ||
	    HPDF_Dict_AddBoolean(img, "ImageMask", HPDF_TRUE) != HPDF_OK)
		return hfail(p, e, "make a QR code image mask");
	m = size / (double)side;
	HPDF_Page_GSave(p->page);
	/* the quiet zone must be light even on a shaded background */
	HPDF_Page_SetGrayFill(p->page, 1);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(top - size),
			    (HPDF_REAL)size, (HPDF_REAL)size);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetGrayFill(p->page, 0);
	HPDF_Page_DrawImage(p->page, img, (HPDF_REAL)x, (HPDF_REAL)(top - size),
			    (HPDF_REAL)(m * (double)cols), (HPDF_REAL)size);
	HPDF_Page_GRestore(p->page);
	return hcheck(p, e, "draw a QR code");
}

int lb_pdf_write_to(lb_pdf *p, FILE *f, const char *name, lb_err *e)
{
	unsigned char chunk[16384];
	HPDF_UINT32 got;
	HPDF_STATUS st;
	int rc;

	if (!p->pages)
		return lb_fail(e, LB_EINPUT, "cannot save PDF '%s': it has no pages", name);
	/* Through libharu's memory stream rather than HPDF_SaveToFile, so
	 * that the bytes go where we say and every write is checked. */
	HPDF_SaveToStream(p->doc);
	HPDF_ResetStream(p->doc);
	if ((rc = hcheck(p, e, "lay out the PDF file")))
		goto out;
	do {
		got = sizeof chunk;
		st = HPDF_ReadFromStream(p->doc, chunk, &got);
		if (st != HPDF_OK && st != HPDF_STREAM_EOF) {
			rc = hfail(p, e, "read the laid out PDF file");
			goto out;
		}
		if (got && fwrite(chunk, 1, got, f) != got) {
			rc = lb_fail(e, LB_ESYS, "cannot write PDF '%s': %s", name, strerror(errno));
			goto out;
		}
	} while (st != HPDF_STREAM_EOF);
out:
	p->herr = 0; /* the end of the stream is reported as an error too */
	HPDF_ResetError(p->doc);
	return rc;
}

int lb_pdf_write(lb_pdf *p, const struct lb_sink *s, lb_err *e)
{
	lb_sink_w w;
	int rc;

	if (s->kind == LB_SINK_FILE && (!s->path || !*s->path))
		return lb_fail(e, LB_EINPUT, "cannot save a PDF: no file name given");
	if (!p->pages)
		return lb_fail(e, LB_EINPUT, "cannot save PDF '%s': it has no pages", lb_sink_name(s));
	/* private (0600), whole or not at all, never through a link:
	 * core/file.h, through the sink */
	if ((rc = lb_sink_open(&w, s, e)))
		return rc;
	if ((rc = lb_pdf_write_to(p, w.f, lb_sink_name(s), e))) {
		lb_sink_abort(&w);
		return rc;
	}
	return lb_sink_commit(&w, e);
}

int lb_pdf_save(lb_pdf *p, const char *path, lb_err *e)
{
	struct lb_sink s = lb_sink_file(path, 1);

	return lb_pdf_write(p, &s, e);
}
