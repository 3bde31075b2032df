/*
 * method.c — how a package was redeemed, in words and as a code. See
 * method.h.
 */
#include "voucher/method.h"

#include <stdio.h>
#include <string.h>

/* A slip read on a kit keeps its kind (typed or scanned) in `manual`;
 * only an office photo is source 'image'. */
static int kind_of(const struct lb_redeem_method *m)
{
	if (m->manual || (m->source && strcmp(m->source, "manual") == 0))
		return 2;
	if (m->source && strcmp(m->source, "image") == 0)
		return 1;
	return 0;
}

void lb_redeem_method_words(const struct lb_redeem_method *m, char *out, size_t size)
{
	static const char *const words[] = { "pindai QR", "foto kupon", "ketik serial" };

	snprintf(out, size, "%s%s%s%s", words[kind_of(m)], m->other_point ? ", titik lain" : "",
		 m->proxy ? ", wakil" : "", m->kit_id ? ", kit lapangan" : "");
}

void lb_redeem_method_code(const struct lb_redeem_method *m, char *out, size_t size)
{
	static const char *const codes[] = { "qr", "photo", "typed" };

	snprintf(out, size, "%s%s%s%s", codes[kind_of(m)], m->other_point ? "+other_point" : "",
		 m->proxy ? "+proxy" : "", m->kit_id ? "+kit" : "");
}
