/*
 * kitexport.h — field kit export: a small lumbung database for one
 * distribution point and one period (meta kind 'kit') holding only what
 * the point needs: the vouchers whose round covers the period and that
 * the point serves, their allocations, programs and packages, the
 * recipients' names, tokens and proxies (never the NIK: recipient.nik,
 * NOT NULL UNIQUE, holds the placeholder 'KIT:<10-digit id>:K', and
 * kit_recipient the masked NIK for display; birth date, address, phone,
 * KK and the proxy's NIK are left out), the region names of their
 * villages, every item and location, the public keys (no secret key),
 * the redemptions in force for those allocations, and the point's
 * unexpired stock, posted as receipts from a supplier location
 * KIT-OPENING so that the kit's journal and balances agree.
 *
 * Owns the table field_kit (migration 4). The main database records
 * which vouchers went into which kit (field_kit_voucher, migration 6),
 * which import checks every redemption against.
 */
#ifndef LB_KITEXPORT_H
#define LB_KITEXPORT_H

#include <stdint.h>

#include "core/db.h"
#include "voucher/kitrec.h"

/* ---- export ---- */

struct lb_kit_export_result {
	char kit_id[LB_KIT_ID_LEN + 1];
	long vouchers, recipients, lots, redemptions;
	int64_t movements; /* opening stock movements */
};

/* Write a kit for point (code) and period to path, which must not exist
 * (the file appears complete or not at all), and record it in field_kit.
 * LB_EINPUT: unknown point, path exists or its folder is missing;
 * LB_ERULE: the period is closed, or the point has no vouchers in it. */
int lb_kit_export(lb_db *db, const char *point, int period, const char *path, const char *operator,
		  struct lb_kit_export_result *out, lb_err *e);

#endif
