/*
 * method.h — how a package was redeemed ("Cara" on the BAST and in every
 * count of redemptions): QR scanned, a photo of the slip, a typed serial,
 * at another point than the allocation's, by a proxy, from a field kit.
 * A typed serial proves less than a verified signature, so every place
 * that counts redemptions shows the difference. One definition here,
 * read from the redemption row's own columns, so no two reports
 * disagree. Memory: writes into caller-owned buffers.
 */
#ifndef LB_METHOD_H
#define LB_METHOD_H

#include <stddef.h>

struct lb_redeem_method {
	const char *source;  /* redemption.source: scan, file, image, manual, kit */
	int manual;          /* redemption.manual: a typed serial */
	int other_point;     /* override_reason IS NOT NULL */
	int proxy;           /* proxy_name IS NOT NULL */
	const char *kit_id;  /* redemption.kit_id, or NULL */
};

/* Words for Indonesian paper: "pindai QR", "foto kupon", "ketik serial",
 * followed by ", titik lain", ", wakil", ", kit lapangan" as they apply. */
void lb_redeem_method_words(const struct lb_redeem_method *m, char *out, size_t size);

/* A stable code for CSV and JSON: "qr", "photo" or "typed", followed by
 * "+other_point", "+proxy", "+kit" as they apply. */
void lb_redeem_method_code(const struct lb_redeem_method *m, char *out, size_t size);

#endif
