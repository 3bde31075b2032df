/*
 * fieldkit.h — offline field kits: a small lumbung database for one
 * distribution point and one period, redeemed on with no network and
 * brought back into the main database.
 *
 * Owns the tables field_kit, field_kit_import, kit_log and kit_recipient
 * (migration 4), and the meta keys parent_db_id, kit_id, kit_point,
 * kit_period and kit_exported_at of a kit. docs/redemption.md describes
 * kits for people.
 *
 * Export (lb_kit_export) writes a kit with lumbung's own schema (meta kind
 * 'kit') holding only what the point needs: the vouchers whose round
 * covers the period and that the point serves, their allocations,
 * programs and packages, the recipients' names, tokens and proxies (never
 * the NIK: recipient.nik, NOT NULL UNIQUE, holds the placeholder
 * 'KIT:<10-digit id>:K', and kit_recipient the masked NIK for display;
 * birth date, address, phone, KK and the proxy's NIK are left out), the
 * region names of their villages, every item and location, the public
 * keys (no secret key), the redemptions in force for those allocations,
 * and the point's unexpired stock, posted as receipts from a supplier
 * location KIT-OPENING so that the kit's journal and balances agree.
 *
 * Recording: on a kit, every transaction of redeem and redeem undo runs
 * with an SQLite session on redemption, redemption_undo,
 * redemption_attempt and movement, and appends its changeset to kit_log
 * in the same transaction: seq 1, 2, 3 ..., prev_hash the previous
 * entry's hash (the first: BLAKE2b-256("lumbung-kit-log-v1" 0, kit id 0,
 * parent db id 0)), hash = BLAKE2b-256(prev_hash || seq as 8 bytes
 * big-endian || at 0 || changeset).
 *
 * Import (lb_kit_import) checks the whole kit before anything is applied
 * and applies nothing when a check fails (LB_EINPUT: not a lumbung kit;
 * LB_ERULE: from another database, for another point or period than
 * exported, log broken or edited, a changeset that is not what redeem
 * writes, kit tables that disagree with the log, a broken kit journal).
 * Changesets are never given to sqlite3changeset_apply: each is parsed
 * and checked by lb_kit_changeset_check (fuzzed), and its rows are
 * re-validated against this database and posted through the journal's
 * API, so this journal's hash chain stays its own. A redemption whose
 * allocation was redeemed here first (at the office, or from another
 * kit) is recorded as a conflict and its movements are not posted. An
 * import remembers how far it got (field_kit.last_seq, head_hash):
 * importing the same kit again changes nothing.
 *
 * Memory: lb_kit_rec and lb_kit_changes are owned by the caller and
 * released with lb_kit_rec_free and lb_kit_changes_free; results are
 * caller-owned values.
 */
#ifndef LB_FIELDKIT_H
#define LB_FIELDKIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/hash.h"

#define LB_KIT_ID_LEN 32 /* hex digits */

/* ---- what a kit is ---- */

struct lb_kit_info {
	char kit_id[LB_KIT_ID_LEN + 1];
	char parent_db_id[LB_KIT_ID_LEN + 1];
	char point[64];     /* code */
	int64_t point_id;
	int period;         /* year*12 + month-1 */
	char exported_at[21];
};

/* Is db a field kit (meta kind 'kit')? When it is, *out from its meta;
 * LB_ESYS when its meta is incomplete. */
int lb_kit_info(lb_db *db, struct lb_kit_info *out, int *is_kit, lb_err *e);

/* ---- recording on a kit ---- */

typedef struct lb_kit_rec lb_kit_rec;

/* Start recording inside the caller's open transaction, before any of
 * its changes. */
int lb_kit_rec_start(lb_db *db, lb_kit_rec **out, lb_err *e);
/* Append what was recorded to kit_log (nothing when nothing changed),
 * still inside the transaction; frees r in every case. */
int lb_kit_rec_finish(lb_db *db, lb_kit_rec *r, lb_err *e);
void lb_kit_rec_free(lb_kit_rec *r);

/* The chain: the first prev_hash, and an entry's hash. */
void lb_kit_genesis(const char *kit_id, const char *parent_db_id, unsigned char out[LB_HASH_BYTES]);
void lb_kit_entry_hash(const unsigned char prev[LB_HASH_BYTES], int64_t seq, const char *at,
		       const void *changeset, size_t n, unsigned char out[LB_HASH_BYTES]);

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

/* ---- the changeset checker ---- */

struct lb_kit_redemption {
	int64_t id, voucher_id, allocation_id, point_id;
	char day[11];
	char redeemed_at[26];
	char operator[65];
	int has_proxy;
	char proxy[128];
	int manual;
	int has_override;
	char override_reason[256];
	char source[8];
};

struct lb_kit_undo {
	int64_t redemption_id;
	char reason[256];
	char day[11];
	char undone_at[26];
	char operator[65];
};

struct lb_kit_attempt {
	int64_t id;
	char at[26];
	char day[11];
	int64_t point_id;
	char operator[65];
	char serial[12];        /* "" when NULL */
	int64_t voucher_id, allocation_id, redemption_id; /* 0 when NULL */
	char payload[513];
	int outcome;            /* enum lb_outcome */
	char detail[1024];
	char source[8];
	char file[256];         /* "" when NULL */
	int64_t line;           /* 0 when NULL */
};

struct lb_kit_movement {
	int64_t id;
	int reverse;            /* 0: kind 'issue'; 1: kind 'reverse' */
	char day[11];
	int64_t item_id, lot_id, from_id, to_id, qty;
	char reason[501];       /* "" when NULL */
	int64_t reverses, redemption_id; /* 0 when NULL */
	char operator[65];
	char posted_at[26];
};

struct lb_kit_changes {
	struct lb_kit_redemption *red;
	size_t nred, capred;
	struct lb_kit_undo *undo;
	size_t nundo, capundo;
	struct lb_kit_attempt *att;
	size_t natt, capatt;
	struct lb_kit_movement *mov;
	size_t nmov, capmov;
};

void lb_kit_changes_free(struct lb_kit_changes *c);

/* The columns of the four tables, in the order a changeset carries them;
 * the import compares them with the database's (PRAGMA table_info). */
extern const char *const lb_kit_cols_redemption[];
extern const char *const lb_kit_cols_undo[];
extern const char *const lb_kit_cols_attempt[];
extern const char *const lb_kit_cols_movement[];

/*
 * Check n bytes as one kit log changeset and append its rows to out.
 * LB_EINPUT naming the first problem: not a changeset (or a patchset),
 * a change that is not an INSERT, a table other than the four, a wrong
 * column count or primary key, a value of the wrong type, a text too long
 * or with control characters, a date, time, code or number out of range.
 * Needs no database and touches none; on failure out keeps only the rows
 * of earlier calls.
 */
int lb_kit_changeset_check(const void *data, size_t n, struct lb_kit_changes *out, lb_err *e);

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
