/*
 * test_scanimage.c — QR codes from images: every format the decoder
 * takes (PGM, 16-bit PGM, PPM, PNG with and without transparency, JPEG),
 * several codes on one page in reading order, and the refusals: no QR, a
 * truncated JPEG (which must not end the process, as libjpeg's default
 * handler would), a header claiming a huge image, a GIF. The fixtures are
 * the seed corpus of tests/fuzz/fuzz_scanimage.c; run from the top folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "voucher/scanimage.h"

#define DIR "tests/fuzz/corpus/scanimage/"

static char *genuine(void)
{
	static char text[256];
	FILE *f = fopen("tests/fuzz/corpus/payload/genuine-bpnt", "rb");
	size_t n;

	assert_non_null(f);
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	text[n] = '\0';
	return text;
}

static void reads_one(const char *file)
{
	struct lb_qr_found f = { 0 };
	lb_err e;

	lb_err_clear(&e);
	if (lb_scanimage_read(file, &f, &e) != LB_OK)
		fail_msg("%s: %s", file, e.msg);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].text, genuine());
	assert_int_equal(f.v[0].len, strlen(genuine()));
	lb_qr_found_free(&f);
}

static void test_formats(void **state)
{
	(void)state;
	reads_one(DIR "qr.pgm");
	reads_one(DIR "qr16.pgm");
	reads_one(DIR "qr.ppm");
	reads_one(DIR "qr.png");
	reads_one(DIR "qr-rgba.png");
	reads_one(DIR "qr.jpg");
}

static void test_two_codes_in_reading_order(void **state)
{
	struct lb_qr_found f = { 0 };
	lb_err e;
	(void)state;

	assert_int_equal(lb_scanimage_read(DIR "two-qr.pgm", &f, &e), LB_OK);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.v[0].text, genuine());
	assert_string_equal(f.v[1].text, "SECOND");
	/* A second image appends. */
	assert_int_equal(lb_scanimage_read(DIR "qr.png", &f, &e), LB_OK);
	assert_int_equal(f.n, 3);
	lb_qr_found_free(&f);
	assert_int_equal(f.n, 0);
}

static void refused(const char *file, int code, const char *msg)
{
	struct lb_qr_found f = { 0 };
	lb_err e;

	lb_err_clear(&e);
	assert_int_equal(lb_scanimage_read(file, &f, &e), code);
	if (!strstr(e.msg, msg))
		fail_msg("%s: message '%s' lacks '%s'", file, e.msg, msg);
	assert_int_equal(f.n, 0);
	lb_qr_found_free(&f);
}

static void test_refusals(void **state)
{
	(void)state;
	refused(DIR "no-qr.pgm", LB_EINPUT, "image '" DIR "no-qr.pgm' holds no QR code that could be read");
	refused(DIR "truncated.jpg", LB_EINPUT, "holds no QR code that could be read (the file is damaged: ");
	refused(DIR "huge-header.pgm", LB_EINPUT, "too large");
	refused(DIR "not-an-image.gif", LB_EINPUT, "is not an image lumbung reads");
	refused(DIR "no-such-file.png", LB_EINPUT, "cannot read image");
	refused("tests", LB_EINPUT, "cannot read image 'tests'");
}

static void test_pnm_edges(void **state)
{
	struct lb_grey_image g;
	lb_err e;
	static const unsigned char two[] = "P5 2 1 15\n\x00\x0f";
	static const unsigned char rgb[] = "P6\n1 1\n255\n\xff\xff\xff";
	static const unsigned char shortpx[] = "P5 4 4 255\n\x00";
	static const unsigned char nows[] = "P5 1 1 255";
	(void)state;

	assert_int_equal(lb_pnm_decode(two, sizeof two - 1, "t", &g, &e), LB_OK);
	assert_int_equal(g.width, 2);
	assert_int_equal(g.px[0], 0);
	assert_int_equal(g.px[1], 255);
	lb_grey_free(&g);
	assert_int_equal(lb_pnm_decode(rgb, sizeof rgb - 1, "t", &g, &e), LB_OK);
	assert_int_equal(g.px[0], 255);
	lb_grey_free(&g);
	assert_int_equal(lb_pnm_decode(shortpx, sizeof shortpx - 1, "t", &g, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "truncated"));
	assert_null(g.px);
	assert_int_equal(lb_pnm_decode(nows, sizeof nows - 1, "t", &g, &e), LB_EINPUT);
	assert_int_equal(lb_pnm_decode((const unsigned char *)"P5 0 1 255\n", 11, "t", &g, &e), LB_EINPUT);
	assert_int_equal(lb_pnm_decode((const unsigned char *)"P5 1 1 0\n", 9, "t", &g, &e), LB_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_two_codes_in_reading_order),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_pnm_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
