/*
 * qr.c — QR symbols through libqrencode. See qr.h.
 */
#include "voucher/qr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

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
