/*
 * fuzz_scanimage.c — libFuzzer target for the image decoders behind
 * `redeem --image`: the PGM/PPM parser (ours), and libpng and libjpeg as
 * lumbung drives them (their error paths must return, never exit), then
 * zbar on whatever decodes. Seeds: tests/fuzz/corpus/scanimage.
 *
 * Promises checked: a refusal is LB_EINPUT (or LB_ESYS for memory) with a
 * message and no pixels; a decoded image has its stated size within the
 * limits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voucher/scanimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lb_grey_image g;
	struct lb_qr_found f = { 0 };
	lb_err e;
	int rc;

	lb_err_clear(&e);
	rc = lb_image_decode(data, size, "fuzz", &g, &e);
	if (rc) {
		check(rc == LB_EINPUT || rc == LB_ESYS);
		check(e.msg[0] != '\0' && g.px == NULL);
		return 0;
	}
	check(g.px && g.width > 0 && g.height > 0);
	check((size_t)g.width * g.height <= LB_IMAGE_PIXELS_MAX);
	/* zbar is slow on big pictures; small ones are where the bugs are. */
	if ((size_t)g.width * g.height <= 512 * 512) {
		check(lb_qr_scan(&g, &f, &e) == LB_OK);
		for (size_t i = 0; i < f.n; i++)
			check(f.v[i].text != NULL && f.v[i].text[f.v[i].len] == '\0');
		lb_qr_found_free(&f);
	}
	lb_grey_free(&g);
	return 0;
}
