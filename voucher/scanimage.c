/*
 * scanimage.c — images to grey pixels to QR texts. See scanimage.h.
 *
 * zbar needs raw grey pixels and cannot be trusted to decode JPEG itself
 * (its built-in path uses libjpeg's default error handler, which calls
 * exit() on a truncated file), so PNG and JPEG are decoded here with
 * libpng's simplified API and libjpeg with an error handler that returns.
 */
#include "voucher/scanimage.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jpeglib.h>
#include <png.h>
#include <zbar.h>

void lb_grey_free(struct lb_grey_image *g)
{
	if (!g)
		return;
	free(g->px);
	memset(g, 0, sizeof *g);
}

void lb_qr_found_free(struct lb_qr_found *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

const char *lb_image_kind(const unsigned char *d, size_t len)
{
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "jpeg";
	if (len >= 2 && d[0] == 'P' && (d[1] == '5' || d[1] == '6'))
		return "pnm";
	return NULL;
}

static int size_ok(unsigned long w, unsigned long h, const char *what, lb_err *e)
{
	if (w == 0 || h == 0)
		return lb_fail(e, LB_EINPUT, "image '%s' has no pixels", what);
	if (w > 1000000 || h > 1000000 || (size_t)w * h > LB_IMAGE_PIXELS_MAX)
		return lb_fail(e, LB_EINPUT, "image '%s' is too large (%lu x %lu pixels; at most %zu megapixels)",
			       what, w, h, LB_IMAGE_PIXELS_MAX >> 20);
	return LB_OK;
}

/* ---- PGM and PPM ---- */

/* The next header number: whitespace and # comments before it. */
static int pnm_number(const unsigned char *d, size_t len, size_t *i, unsigned long *v)
{
	unsigned long x = 0;
	size_t start;

	for (;;) {
		while (*i < len && (d[*i] == ' ' || d[*i] == '\t' || d[*i] == '\n' || d[*i] == '\r' ||
				    d[*i] == '\v' || d[*i] == '\f'))
			(*i)++;
		if (*i < len && d[*i] == '#') {
			while (*i < len && d[*i] != '\n' && d[*i] != '\r')
				(*i)++;
			continue;
		}
		break;
	}
	start = *i;
	while (*i < len && d[*i] >= '0' && d[*i] <= '9') {
		if (x > 100000000UL)
			return 0;
		x = x * 10 + (unsigned long)(d[*i] - '0');
		(*i)++;
	}
	if (*i == start)
		return 0;
	*v = x;
	return 1;
}

int lb_pnm_decode(const unsigned char *d, size_t len, const char *what, struct lb_grey_image *out,
		  lb_err *e)
{
	unsigned long w, h, maxval;
	size_t i = 2, npx, bps, spp, need;
	int rc;

	memset(out, 0, sizeof *out);
	if (len < 2 || d[0] != 'P' || (d[1] != '5' && d[1] != '6'))
		return lb_fail(e, LB_EINPUT, "image '%s' is not a binary PGM or PPM file", what);
	spp = d[1] == '6' ? 3 : 1;
	if (!pnm_number(d, len, &i, &w) || !pnm_number(d, len, &i, &h) || !pnm_number(d, len, &i, &maxval))
		return lb_fail(e, LB_EINPUT, "image '%s': its PGM/PPM header is damaged", what);
	if (maxval == 0 || maxval > 65535)
		return lb_fail(e, LB_EINPUT, "image '%s': its PGM/PPM maximum value %lu is out of range", what,
			       maxval);
	if ((rc = size_ok(w, h, what, e)))
		return rc;
	/* Exactly one whitespace byte ends the header. */
	if (i >= len || !(d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
		return lb_fail(e, LB_EINPUT, "image '%s': its PGM/PPM header is damaged", what);
	i++;
	npx = (size_t)w * h;
	bps = maxval > 255 ? 2 : 1;
	need = npx * spp * bps;
	if (len - i < need)
		return lb_fail(e, LB_EINPUT, "image '%s' is truncated (%zu bytes of pixels, %zu needed)", what,
			       len - i, need);
	if (!(out->px = malloc(npx)))
		return lb_oom(e);
	out->width = (unsigned)w;
	out->height = (unsigned)h;
	d += i;
	for (size_t p = 0; p < npx; p++) {
		unsigned long s[3];
		unsigned long y;

		for (size_t c = 0; c < spp; c++) {
			const unsigned char *q = d + (p * spp + c) * bps;
			s[c] = bps == 2 ? (unsigned long)q[0] << 8 | q[1] : q[0];
			if (s[c] > maxval)
				s[c] = maxval;
		}
		/* ITU-R BT.601 luma, in integers. */
		y = spp == 3 ? (s[0] * 299 + s[1] * 587 + s[2] * 114) / 1000 : s[0];
		out->px[p] = (unsigned char)(y * 255 / maxval);
	}
	return LB_OK;
}

/* ---- PNG ---- */

static int png_decode(const unsigned char *d, size_t len, const char *what, struct lb_grey_image *out,
		      lb_err *e)
{
	/* A transparent background is laid over white: a QR drawn on
	 * nothing is dark on light, as printed. */
	static const png_color white = { 255, 255, 255 };
	png_image img;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, d, len)) {
		rc = lb_fail(e, LB_EINPUT, "image '%s' is a damaged PNG file (%s)", what, img.message);
		png_image_free(&img);
		return rc;
	}
	if ((rc = size_ok(img.width, img.height, what, e))) {
		png_image_free(&img);
		return rc;
	}
	img.format = PNG_FORMAT_GRAY;
	if (!(out->px = malloc((size_t)img.width * img.height))) {
		png_image_free(&img);
		return lb_oom(e);
	}
	if (!png_image_finish_read(&img, &white, out->px, (png_int_32)img.width, NULL)) {
		rc = lb_fail(e, LB_EINPUT, "image '%s' is a damaged PNG file (%s)", what, img.message);
		png_image_free(&img);
		lb_grey_free(out);
		return rc;
	}
	out->width = img.width;
	out->height = img.height;
	png_image_free(&img);
	return LB_OK;
}

/* ---- JPEG ---- */

struct jpeg_fail {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
};

static void jpeg_fail_exit(j_common_ptr c)
{
	struct jpeg_fail *f = (struct jpeg_fail *)c->err;

	f->pub.format_message(c, f->msg);
	longjmp(f->jb, 1);
}

static void jpeg_quiet(j_common_ptr c)
{
	(void)c; /* warnings (a slightly damaged file) are not worth a line on stderr */
}

static int jpeg_decode(const unsigned char *d, size_t len, const char *what, struct lb_grey_image *out,
		       lb_err *e)
{
	struct jpeg_decompress_struct c;
	struct jpeg_fail f;
	/* volatile: read again after a longjmp out of libjpeg */
	unsigned char *volatile px = NULL;
	volatile int created = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (len > ULONG_MAX)
		return lb_fail(e, LB_EINPUT, "image '%s' is too large", what);
	memset(&c, 0, sizeof c);
	memset(&f, 0, sizeof f);
	c.err = jpeg_std_error(&f.pub);
	f.pub.error_exit = jpeg_fail_exit;
	f.pub.output_message = jpeg_quiet;
	if (setjmp(f.jb)) {
		rc = lb_fail(e, LB_EINPUT, "image '%s' is a damaged JPEG file (%s)", what, f.msg);
		goto done;
	}
	jpeg_create_decompress(&c);
	created = 1;
	/* Bound libjpeg's own buffers (progressive files keep every
	 * coefficient): a hostile file fails instead of eating memory. */
	c.mem->max_memory_to_use = 512L << 20;
	jpeg_mem_src(&c, d, (unsigned long)len);
	if (jpeg_read_header(&c, TRUE) != JPEG_HEADER_OK) {
		rc = lb_fail(e, LB_EINPUT, "image '%s' is a JPEG file without an image", what);
		goto done;
	}
	if ((rc = size_ok(c.image_width, c.image_height, what, e)))
		goto done;
	c.out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(&c);
	if (c.output_components != 1 || c.output_width != c.image_width || c.output_height != c.image_height) {
		rc = lb_fail(e, LB_EINPUT, "image '%s': this JPEG cannot be read as grey pixels", what);
		goto done;
	}
	if (!(px = malloc((size_t)c.output_width * c.output_height))) {
		rc = lb_oom(e);
		goto done;
	}
	while (c.output_scanline < c.output_height) {
		JSAMPROW row = px + (size_t)c.output_scanline * c.output_width;
		if (jpeg_read_scanlines(&c, &row, 1) != 1) {
			rc = lb_fail(e, LB_EINPUT, "image '%s' is a truncated JPEG file", what);
			goto done;
		}
	}
	out->width = c.output_width;
	out->height = c.output_height;
	out->px = px;
	/* libjpeg fills a truncated file with grey and warns: keep why, for
	 * when no code is found in it. */
	if (f.pub.num_warnings) {
		f.pub.format_message((j_common_ptr)&c, f.msg);
		snprintf(out->damage, sizeof out->damage, "%s", f.msg);
	}
	px = NULL;
	rc = LB_OK;
done:
	free(px);
	if (created)
		jpeg_destroy_decompress(&c); /* no finish_decompress: trailing junk is no reason to fail */
	return rc;
}

int lb_image_decode(const unsigned char *data, size_t len, const char *what, struct lb_grey_image *out,
		    lb_err *e)
{
	const char *kind = lb_image_kind(data, len);

	memset(out, 0, sizeof *out);
	if (!kind)
		return lb_fail(e, LB_EINPUT, "'%s' is not an image lumbung reads (PNG, JPEG, or binary PGM/PPM)",
			       what);
	if (strcmp(kind, "png") == 0)
		return png_decode(data, len, what, out, e);
	if (strcmp(kind, "jpeg") == 0)
		return jpeg_decode(data, len, what, out, e);
	return lb_pnm_decode(data, len, what, out, e);
}

/* ---- zbar ---- */

struct found_at {
	int y, x;
	size_t i; /* index into out->v: keeps equal positions in zbar's order */
};

static int by_position(const void *a, const void *b)
{
	const struct found_at *p = a, *q = b;

	if (p->y / 16 != q->y / 16) /* rows of codes, not exact pixels */
		return p->y < q->y ? -1 : 1;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

int lb_qr_scan(const struct lb_grey_image *g, struct lb_qr_found *out, lb_err *e)
{
	zbar_image_scanner_t *sc = NULL;
	zbar_image_t *img = NULL;
	const zbar_symbol_t *s;
	struct found_at *at = NULL;
	struct lb_qr_text *v = NULL;
	size_t n0 = out->n, n = 0, cap = 0;
	int rc = LB_OK;

	if (!(sc = zbar_image_scanner_create()) || !(img = zbar_image_create())) {
		rc = lb_oom(e);
		goto done;
	}
	/* Only QR: other symbologies would read noise in a photo as a
	 * barcode now and then. */
	if (zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0) ||
	    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)) {
		rc = lb_fail(e, LB_ESYS, "cannot set up the QR reader (zbar)");
		goto done;
	}
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, g->width, g->height);
	zbar_image_set_data(img, g->px, (unsigned long)g->width * g->height, NULL);
	if (zbar_scan_image(sc, img) < 0) {
		rc = lb_fail(e, LB_ESYS, "the QR reader (zbar) failed on an image");
		goto done;
	}
	for (s = zbar_image_first_symbol(img); s; s = zbar_symbol_next(s)) {
		const char *data = zbar_symbol_get_data(s);
		size_t len = zbar_symbol_get_data_length(s);

		if (zbar_symbol_get_type(s) != ZBAR_QRCODE || !data)
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct found_at *a = realloc(at, nc * sizeof *a);
			if (!a) {
				rc = lb_oom(e);
				goto done;
			}
			at = a;
			cap = nc;
		}
		at[n].y = zbar_symbol_get_loc_size(s) ? zbar_symbol_get_loc_y(s, 0) : 0;
		at[n].x = zbar_symbol_get_loc_size(s) ? zbar_symbol_get_loc_x(s, 0) : 0;
		at[n].i = n;
		n++;
		/* Copy now: zbar's data lives only as long as the image. */
		{
			struct lb_qr_text *nv = realloc(v, n * sizeof *nv);
			if (!nv) {
				rc = lb_oom(e);
				n--;
				goto done;
			}
			v = nv;
			if (!(v[n - 1].text = malloc(len + 1))) {
				rc = lb_oom(e);
				n--;
				goto done;
			}
			memcpy(v[n - 1].text, data, len);
			v[n - 1].text[len] = '\0';
			v[n - 1].len = len;
		}
	}
	if (n) {
		struct lb_qr_text *all = realloc(out->v, (n0 + n) * sizeof *all);
		if (!all) {
			rc = lb_oom(e);
			goto done;
		}
		out->v = all;
		qsort(at, n, sizeof *at, by_position);
		for (size_t k = 0; k < n; k++) {
			out->v[n0 + k] = v[at[k].i];
			v[at[k].i].text = NULL;
		}
		out->n = n0 + n;
	}
done:
	for (size_t k = 0; k < n; k++)
		free(v[k].text);
	free(v);
	free(at);
	if (img)
		zbar_image_destroy(img);
	if (sc)
		zbar_image_scanner_destroy(sc);
	return rc;
}

static int read_all(const char *path, unsigned char **data, size_t *len, lb_err *e)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	unsigned char *p;
	int rc = LB_OK;

	*data = NULL;
	*len = 0;
	if (!f)
		return lb_fail(e, errno == ENOENT || errno == EACCES || errno == EISDIR ? LB_EINPUT : LB_ESYS,
			       "cannot read image '%s': %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0) {
		rc = lb_fail(e, LB_ESYS, "cannot read image '%s': %s", path, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = lb_fail(e, LB_EINPUT, "cannot read image '%s': not a file", path);
		goto done;
	}
	if ((uintmax_t)st.st_size > LB_IMAGE_FILE_MAX) {
		rc = lb_fail(e, LB_EINPUT, "image '%s' is too large (%jd bytes; at most %zu MiB)", path,
			     (intmax_t)st.st_size, LB_IMAGE_FILE_MAX >> 20);
		goto done;
	}
	if (st.st_size == 0) {
		rc = lb_fail(e, LB_EINPUT, "image '%s' is empty", path);
		goto done;
	}
	if (!(p = malloc((size_t)st.st_size))) {
		rc = lb_oom(e);
		goto done;
	}
	if (fread(p, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(p);
		rc = lb_fail(e, LB_ESYS, "cannot read image '%s': %s", path,
			     ferror(f) ? strerror(errno) : "it shrank while being read");
		goto done;
	}
	*data = p;
	*len = (size_t)st.st_size;
done:
	fclose(f);
	return rc;
}

int lb_scanimage_read(const char *path, struct lb_qr_found *out, lb_err *e)
{
	struct lb_grey_image g;
	unsigned char *data;
	size_t len, before = out->n;
	int rc;

	if ((rc = read_all(path, &data, &len, e)))
		return rc;
	rc = lb_image_decode(data, len, path, &g, e);
	free(data);
	if (rc)
		return rc;
	rc = lb_qr_scan(&g, out, e);
	if (rc == LB_OK && out->n == before) {
		if (g.damage[0])
			rc = lb_fail(e, LB_EINPUT, "image '%s' holds no QR code that could be read (the file is damaged: %s)",
				     path, g.damage);
		else
			rc = lb_fail(e, LB_EINPUT, "image '%s' holds no QR code that could be read", path);
	}
	lb_grey_free(&g);
	return rc;
}
