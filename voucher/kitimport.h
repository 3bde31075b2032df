/*
 * kitimport.h — field kit import: a kit's tables are evidence, never
 * truth.
 *
 * Import checks the whole kit before anything is applied and applies
 * nothing when a check fails (LB_EINPUT: not a lumbung kit; LB_ERULE:
 * from another database, for another point or period than exported, log
 * broken or edited, a changeset that is not what redeem writes, kit
 * tables that disagree with the log, a broken kit journal). Changesets
 * are never given to sqlite3changeset_apply: each is parsed and checked
 * by lb_kit_changeset_check (voucher/kitcheck.h), and every redemption
 * is judged again here by the redeemer (voucher/redeem.h) with the rules
 * of a scan at the office on that day, and posted with this database's
 * package, so this journal's hash chain stays its own. A redemption that
 * fails is recorded as a conflict with its reason and posts nothing.
 * An import remembers how far it got (field_kit.last_seq, head_hash):
 * importing the same kit again changes nothing.
 *
 * Owns the table field_kit_import (migration 4).
 */
#ifndef LB_KITIMPORT_H
#define LB_KITIMPORT_H

#include <stdint.h>

#include "core/db.h"
#include "voucher/kitrec.h"

/* ---- import ---- */

struct lb_kit_import_result {
	char kit_id[LB_KIT_ID_LEN + 1];
	char point[64];
	char period[8];
	int already;            /* nothing new since the last import */
	char returned_at[21];   /* first import */
	int64_t from_seq, to_seq;
	long redemptions, conflicts, undos, attempts;
	long movements;         /* posted into this journal */
	long skipped;           /* movements of conflicts, not posted */
};

/* Check the kit at path and bring what is new in it into db, in one
 * transaction (see above). */
int lb_kit_import(lb_db *db, const char *path, const char *operator, struct lb_kit_import_result *out,
		  lb_err *e);

#endif
