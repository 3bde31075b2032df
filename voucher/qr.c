/*
 * qr.c — QR symbols through libqrencode. See qr.h.
 *
 * Why a fixed mask: libqrencode picks the best of the eight data masks by
 * drawing and scoring all of them, which is 95% of its time (214 us a
 * payload here, against 11 us with one mask) and most of a print run's
 * CPU. Every mask gives a valid symbol; scoring only steers away from
 * patterns that make some readers stumble, and our payloads are base45
 * text that looks random, so one fixed mask serves them as well — the
 * acceptance tests read every slip with zbar and ZXing to prove it.
 * QRcode_encodeMask is exported by libqrencode 4 but declared only in its
 * internal header, so it is declared here; a libqrencode without it fails
 * at link time, not at run time. Text outside QR's alphanumeric set (never
 * a payload), or with long runs of digits that a numeric segment would
 * pack tighter, still goes through the public, splitting and scoring path.
 */
#include "voucher/qr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

/* libqrencode 4's qrencode_inner.h; see above. */
extern QRcode *QRcode_encodeMask(QRinput *input, int mask);

/* The data mask payloads use (ISO/IEC 18004 mask pattern 2: columns). */
#define FIXED_MASK 2

/* Text that one alphanumeric segment encodes as small as libqrencode's
 * own split would: only QR alphanumeric characters, and no run of digits
 * long enough (6 or more) that a numeric segment would be denser. */
static int fits_one_alnum_segment(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (!strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", *s))
			return 0;
		digits = *s >= '0' && *s <= '9' ? digits + 1 : 0;
		if (digits >= 6)
			return 0;
	}
	return 1;
}

static QRcode *encode_fixed(const char *text)
{
	QRinput *in = QRinput_new2(0, QR_ECLEVEL_Q);
	QRcode *c = NULL;
	size_t n = strlen(text);

	if (!in)
		return NULL;
	if (n <= 4296 && QRinput_append(in, QR_MODE_AN, (int)n, (const unsigned char *)text) == 0)
		c = QRcode_encodeMask(in, FIXED_MASK);
	else if (n > 4296)
		errno = ERANGE;
	QRinput_free(in);
	return c;
}

void lb_qr_free(struct lb_qr *q)
{
	free(q->modules);
	q->modules = NULL;
	q->width = 0;
	q->version = 0;
}

int lb_qr_encode(const char *text, struct lb_qr *out, lb_err *e)
{
	QRcode *c;
	size_t n, i;

	memset(out, 0, sizeof *out);
	if (!text[0])
		return lb_fail(e, LB_EINPUT, "cannot make a QR code of empty text");
	/* Version 0 lets libqrencode pick the smallest symbol; the hint
	 * QR_MODE_8 only rules out Kanji, and libqrencode still splits the
	 * text into numeric, alphanumeric and byte segments. */
	errno = 0;
	if (fits_one_alnum_segment(text))
		c = encode_fixed(text);
	else
		c = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
	if (!c) {
		if (errno == ENOMEM)
			return lb_oom(e);
		if (errno == ERANGE)
			return lb_fail(e, LB_EINPUT,
				       "cannot make a QR code of %zu characters: too long for any QR symbol at level Q",
				       strlen(text));
		return lb_fail(e, LB_ESYS, "cannot make a QR code of %zu characters: libqrencode failed",
			       strlen(text));
	}
	if (c->version < 1 || c->width != 17 + 4 * c->version) {
		QRcode_free(c);
		return lb_fail(e, LB_ESYS, "cannot make a QR code of %zu characters: libqrencode returned a malformed symbol",
			       strlen(text));
	}
	if (c->version > LB_QR_VERSION_MAX) {
		int v = c->version;

		QRcode_free(c);
		return lb_fail(e, LB_EINPUT,
			       "cannot make a QR code of %zu characters: it needs version %d, above the %d a slip can print",
			       strlen(text), v, LB_QR_VERSION_MAX);
	}
	n = (size_t)c->width * (size_t)c->width;
	out->modules = malloc(n);
	if (!out->modules) {
		QRcode_free(c);
		return lb_oom(e);
	}
	/* libqrencode packs flags in the upper bits; bit 0 is dark. */
	for (i = 0; i < n; i++)
		out->modules[i] = c->data[i] & 1;
	out->version = c->version;
	out->width = c->width;
	QRcode_free(c);
	return LB_OK;
}
