/*
 * scanimage.h — QR codes read from a photo or a scanned page
 * (`lumbung redeem --image FILE...`), with libzbar.
 *
 * zbar reads 8-bit grey pixels (its Y800 format); this module turns a file
 * into them:
 *   - PGM and PPM, binary (P5, P6), 8 or 16 bits: what `pdftoppm -gray`
 *     and `pdftoppm` write, and the simplest thing to make by hand;
 *   - PNG (screenshots, `pdftoppm -png`, scanners), through libpng's
 *     simplified reader;
 *   - JPEG (phone cameras, `pdftoppm -jpeg`), through libjpeg with an
 *     error handler that returns instead of exiting.
 * The format is told by the file's first bytes, never by its name.
 *
 * libpng and libjpeg are loaded at run time (dlopen of libpng16.so.16 and
 * libjpeg.so.62, the sonames Debian's libzbar0 and libhpdf already pull
 * in), because the build links only the libraries its pkg-config list
 * names; a missing library is a clear LB_ESYS naming the Debian package.
 *
 * Limits, so that a hostile or absurd file cannot exhaust memory: files
 * up to LB_IMAGE_FILE_MAX bytes, images up to LB_IMAGE_PIXELS_MAX pixels.
 *
 * Memory: lb_grey_image owns its pixels (lb_grey_free); lb_qr_found owns
 * its texts (lb_qr_found_free). Nothing else allocates for the caller.
 */
#ifndef LB_SCANIMAGE_H
#define LB_SCANIMAGE_H

#include <stddef.h>

#include "core/err.h"

#define LB_IMAGE_FILE_MAX ((size_t)256 << 20)    /* 256 MiB */
#define LB_IMAGE_PIXELS_MAX ((size_t)100 << 20)  /* about 100 megapixels */

struct lb_grey_image {
	unsigned width, height;
	unsigned char *px; /* width * height bytes, row by row, 0 black .. 255 white */
	char damage[128];  /* "" or what the decoder had to guess at (a truncated JPEG) */
};

void lb_grey_free(struct lb_grey_image *g);

/* Which decoder a file's first bytes call for: "pnm", "png", "jpeg", or
 * NULL when none. */
const char *lb_image_kind(const unsigned char *data, size_t len);

/* Decode len bytes of a PGM or PPM file (P5, P6) into grey pixels.
 * LB_EINPUT naming what is wrong; pure, no I/O (fuzzed). what names the
 * file in messages. */
int lb_pnm_decode(const unsigned char *data, size_t len, const char *what,
		  struct lb_grey_image *out, lb_err *e);

/* Decode an image in any of the formats above. LB_EINPUT for a file that
 * is not one (or is damaged), LB_ESYS when a decoder library is missing or
 * memory runs out. */
int lb_image_decode(const unsigned char *data, size_t len, const char *what,
		    struct lb_grey_image *out, lb_err *e);

/* The QR codes found in an image, top to bottom, then left to right. */
struct lb_qr_text {
	char *text; /* NUL-terminated; may hold other NULs (len says) */
	size_t len;
};
struct lb_qr_found {
	struct lb_qr_text *v;
	size_t n;
};

void lb_qr_found_free(struct lb_qr_found *f);

/* Every QR code zbar finds in g, appended to out. */
int lb_qr_scan(const struct lb_grey_image *g, struct lb_qr_found *out, lb_err *e);

/* Read the image file at path and find its QR codes. LB_EINPUT
 * "image 'PATH' holds no QR code zbar can read" when there are none, and
 * for a file that cannot be read as an image. */
int lb_scanimage_read(const char *path, struct lb_qr_found *out, lb_err *e);

#endif
