/*
 * kitrec.h — what a field kit is (its identity in meta), and recording on
 * a kit: every transaction of redeem and redeem undo on a kit runs with
 * an SQLite session on redemption, redemption_undo, redemption_attempt
 * and movement, and appends its changeset to kit_log in the same
 * transaction: seq 1, 2, 3 ..., prev_hash the previous entry's hash (the
 * first: BLAKE2b-256("lumbung-kit-log-v1" 0, kit id 0, parent db id 0)),
 * hash = BLAKE2b-256(prev_hash || seq as 8 bytes big-endian || at 0 ||
 * changeset).
 *
 * Owns the table kit_log and kit_recipient (migration 4), and the meta
 * keys parent_db_id, kit_id, kit_point, kit_period and kit_exported_at
 * of a kit. docs/redemption.md describes kits for people.
 *
 * Memory: lb_kit_rec is owned by the caller and released with
 * lb_kit_rec_free (lb_kit_rec_finish frees it too).
 */
#ifndef LB_KITREC_H
#define LB_KITREC_H

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

/* A meta value into out (n bytes); "" when absent, LB_ESYS when absent
 * and required. */
int lb_kit_meta(lb_db *db, const char *key, char *out, size_t n, int required, lb_err *e);

#endif
