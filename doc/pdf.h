/*
 * pdf.h — drawing PDF documents for slips, reports and BAST: A4 pages,
 * UTF-8 text in DejaVu Sans (regular and bold, embedded), lines, rectangles,
 * a logo, QR module matrices, and an atomic save.
 *
 * This is the only interface to libharu: no other file includes hpdf.h.
 *
 * Geometry: points (1/72 inch; LB_PDF_MM converts millimetres), origin at the
 * TOP-left corner of the page, y growing downwards, so layouts read in the
 * order the page is read. Text drawn at a point sits on that baseline; text
 * boxes, rectangles, images and QR codes are placed by their top-left corner.
 *
 * Text is UTF-8. Control characters (tab, newline...) are drawn as spaces,
 * except that a newline breaks the line in a wrapping text box. Invalid UTF-8
 * is refused with LB_EINPUT.
 *
 * Errors: LB_EINPUT for bad arguments (including drawing before the first
 * page), LB_ESYS when libharu fails ("libharu error 0x1234"), when fonts are
 * missing or on I/O failure. A failed drawing call leaves the document usable,
 * but what it drew may be partial; callers normally give up the document.
 *
 * Memory: lb_pdf_new allocates the document, which the caller frees with
 * lb_pdf_free (whether or not it was saved). libharu keeps every page in
 * memory until the document is freed. Strings passed in are copied or used
 * before the call returns; nothing returned needs freeing.
 *
 * Fonts are read from /usr/share/fonts/truetype/dejavu (Debian package
 * fonts-dejavu-core), or from the directory in LUMBUNG_FONT_DIR if set.
 */
#ifndef LB_PDF_H
#define LB_PDF_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "core/sink.h"

typedef struct lb_pdf lb_pdf;

enum lb_pdf_orient { LB_PDF_PORTRAIT, LB_PDF_LANDSCAPE };
enum lb_pdf_font { LB_PDF_REGULAR, LB_PDF_BOLD };
enum lb_pdf_align { LB_PDF_LEFT, LB_PDF_RIGHT, LB_PDF_CENTER };
/* How text that is too long for its box is shown: cut to one line ending
 * in "…", or wrapped at spaces (then the last line that fits ends in "…"). */
enum lb_pdf_fit { LB_PDF_TRUNCATE, LB_PDF_WRAP };
/* Dashed lines mark where a slip is cut from the sheet. */
enum lb_pdf_dash { LB_PDF_SOLID, LB_PDF_DASHED };
enum lb_pdf_paint { LB_PDF_STROKE, LB_PDF_FILL };

#define LB_PDF_MM(mm) ((mm) * 72.0 / 25.4)

/* Start a document; title and author go into its properties and may be
 * NULL. LB_ESYS when a font is missing, naming the path and the package. */
int lb_pdf_new(lb_pdf **out, const char *title, const char *author, lb_err *e);
void lb_pdf_free(lb_pdf *p);

/* Add an A4 page (LB_PDF_PORTRAIT or LB_PDF_LANDSCAPE); later drawing goes
 * to it. */
int lb_pdf_add_page(lb_pdf *p, int orient, lb_err *e);
/* Add a page w x h points (F4 folio, 215 x 330 mm, is not among
 * libharu's sizes). */
int lb_pdf_add_page_size(lb_pdf *p, double w, double h, lb_err *e);
/* Pages added so far: the number of the current page. */
int lb_pdf_page_count(const lb_pdf *p);
/* Make page (1 = the first) the current page again, so later drawing goes
 * to it: a foot that counts the pages is drawn once they are all added.
 * LB_EINPUT when there is no such page. */
int lb_pdf_goto_page(lb_pdf *p, int page, lb_err *e);
/* Size of the current page in points; 0 before the first page. */
double lb_pdf_page_width(const lb_pdf *p);
double lb_pdf_page_height(const lb_pdf *p);

/* Distance between baselines of wrapped lines at a font size. */
double lb_pdf_leading(double size);

/* One line of text starting at x on the baseline y. Not fitted: see
 * lb_pdf_text_box for text that must stay inside a width. */
int lb_pdf_text(lb_pdf *p, double x, double y, int font, double size,
		const char *utf8, lb_err *e);

/* Width in points of utf8 as one line (control characters count as
 * spaces). */
int lb_pdf_text_width(lb_pdf *p, int font, double size, const char *utf8,
		      double *width, lb_err *e);

/* Text inside the box whose top-left corner is (x, y), w wide and h high,
 * each line aligned with align (enum lb_pdf_align), fitted with fit (enum
 * lb_pdf_fit). At least one line is drawn even when h is smaller than a
 * line. *used (may be NULL) receives the height of the lines drawn. */
int lb_pdf_text_box(lb_pdf *p, double x, double y, double w, double h,
		    int font, double size, int align, int fit,
		    const char *utf8, double *used, lb_err *e);

/* The height lb_pdf_text_box would use for utf8 in a box w wide with no
 * height limit: what a table row needs. Draws nothing; needs no page. */
int lb_pdf_text_box_height(lb_pdf *p, double w, int font, double size,
			   int fit, const char *utf8, double *height,
			   lb_err *e);

/* A straight black line width points thick, solid or dashed (enum
 * lb_pdf_dash). */
int lb_pdf_line(lb_pdf *p, double x1, double y1, double x2, double y2,
		double width, int dash, lb_err *e);

/* A rectangle: with LB_PDF_STROKE a 0.5 pt outline in gray, with
 * LB_PDF_FILL filled with gray (0 black .. 1 white). */
int lb_pdf_rect(lb_pdf *p, double x, double y, double w, double h,
		int paint, double gray, lb_err *e);

/* The PNG or JPEG image at path, scaled to fit the box (x, y, w, h) keeping
 * its proportions and centred in it. Each file is read and embedded once per
 * document however often it is drawn. LB_EINPUT when the file cannot be read
 * or is not a PNG or JPEG (told apart by content, not by name). */
int lb_pdf_image(lb_pdf *p, const char *path, double x, double y,
		 double w, double h, lb_err *e);

/* The same for an image held in memory (the office's logo kept in the
 * database); name identifies it in messages and in the per-document
 * cache. */
int lb_pdf_image_mem(lb_pdf *p, const char *name, const void *data, size_t n, double x, double y,
		     double w, double h, lb_err *e);
/* LB_OK when data is a PNG or JPEG lb_pdf_image_mem can draw (checked
 * before it is stored), LB_EINPUT naming name otherwise. */
int lb_pdf_image_check(const void *data, size_t n, const char *name, lb_err *e);

/* A QR symbol: modules is width * width bytes, row-major from the top-left,
 * 1 for a dark module and 0 for a light one (anything else is LB_EINPUT:
 * libqrencode output must be masked with & 1 first). Drawn as a white square
 * size points wide whose top-left corner is (x, y), holding the modules
 * inside a light border quiet modules wide (the standard asks for 4). */
int lb_pdf_qr(lb_pdf *p, double x, double y, double size, int width,
	      const unsigned char *modules, int quiet, lb_err *e);

/* The same QR symbol as lb_pdf_qr, drawn as one 1-bit image mask (one
 * pixel per module) on the white quiet-zone square instead of a rectangle
 * per run of modules: a fraction of the bytes and of the time, which
 * matters when a run prints 100,000 slips, and as sharp at any resolution
 * (readers do not smooth image masks). Same arguments and errors as
 * lb_pdf_qr. */
int lb_pdf_qr_image(lb_pdf *p, double x, double y, double size, int width,
		    const unsigned char *modules, int quiet, lb_err *e);

/* Write the document into s (core/sink.h): a file is written whole,
 * private and atomically (core/file.h), a buffer or descriptor gets the
 * bytes. LB_EINPUT when a file's directory does not exist or cannot be
 * written, or its name is a folder or a link; LB_ESYS on other I/O
 * failures. The document stays usable and must still be freed. */
int lb_pdf_write(lb_pdf *p, const struct lb_sink *s, lb_err *e);

/* The document's bytes into f, an open stream the caller commits or
 * discards (several files of a print run made visible together); name
 * is for messages. */
int lb_pdf_write_to(lb_pdf *p, FILE *f, const char *name, lb_err *e);

/* lb_pdf_write to the file path, replacing an existing one (a caller
 * that must not replace one checks with lb_file_check before the work). */
int lb_pdf_save(lb_pdf *p, const char *path, lb_err *e);

#endif
