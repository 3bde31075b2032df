/*
 * kitrec.c — what a field kit is, and the recording of a kit's
 * transactions in its hash-chained log. See kitrec.h.
 *
 * Uses SQLite's session extension directly (lb_db_handle): the only way
 * to capture a transaction's inserts as a changeset.
 */
#include "voucher/kitrec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/date.h"
#include "core/meta.h"
#include "core/period.h"
#include "inventory/location.h"

/* ---- what a kit is ---- */

int lb_kit_meta(lb_db *db, const char *key, char *out, size_t n, int required, lb_err *e)
{
	lb_buf b;
	int found, rc;

	lb_buf_init(&b);
	if ((rc = lb_meta_get(db, key, &b, &found, e))) {
		lb_buf_release(&b);
		return rc;
	}
	if (!found && required) {
		lb_buf_release(&b);
		return lb_fail(e, LB_ESYS, "this field kit lacks its %s: it is damaged", key);
	}
	snprintf(out, n, "%s", found ? b.data : "");
	lb_buf_release(&b);
	return LB_OK;
}

int lb_kit_info(lb_db *db, struct lb_kit_info *out, int *is_kit, lb_err *e)
{
	struct lb_location loc;
	char kind[16], period[16];
	int rc;

	memset(out, 0, sizeof *out);
	*is_kit = 0;
	if ((rc = lb_kit_meta(db, "kind", kind, sizeof kind, 0, e)))
		return rc;
	if (strcmp(kind, "kit") != 0)
		return LB_OK;
	if ((rc = lb_kit_meta(db, "kit_id", out->kit_id, sizeof out->kit_id, 1, e)) ||
	    (rc = lb_kit_meta(db, "parent_db_id", out->parent_db_id, sizeof out->parent_db_id, 1, e)) ||
	    (rc = lb_kit_meta(db, "kit_point", out->point, sizeof out->point, 1, e)) ||
	    (rc = lb_kit_meta(db, "kit_period", period, sizeof period, 1, e)) ||
	    (rc = lb_kit_meta(db, "kit_exported_at", out->exported_at, sizeof out->exported_at, 0, e)))
		return rc;
	if (lb_period_parse(period, "kit_period", &out->period, NULL))
		return lb_fail(e, LB_ESYS, "this field kit's period '%s' is damaged", period);
	if ((rc = lb_location_find(db, out->point, &loc, e)))
		return lb_fail(e, LB_ESYS, "this field kit's point '%s' is missing: it is damaged", out->point);
	out->point_id = loc.id;
	*is_kit = 1;
	return LB_OK;
}

/* ---- the chain ---- */

void lb_kit_genesis(const char *kit_id, const char *parent_db_id, unsigned char out[LB_HASH_BYTES])
{
	lb_hasher h;

	lb_hash_start(&h);
	lb_hash_str(&h, "lumbung-kit-log-v1");
	lb_hash_str(&h, kit_id);
	lb_hash_str(&h, parent_db_id);
	lb_hash_finish(&h, out);
}

void lb_kit_entry_hash(const unsigned char prev[LB_HASH_BYTES], int64_t seq, const char *at,
		       const void *changeset, size_t n, unsigned char out[LB_HASH_BYTES])
{
	lb_hasher h;

	lb_hash_start(&h);
	lb_hash_update(&h, prev, LB_HASH_BYTES);
	lb_hash_i64(&h, seq);
	lb_hash_str(&h, at);
	lb_hash_update(&h, changeset, n);
	lb_hash_finish(&h, out);
}

/* ---- recording ---- */

static const char *const recorded_tables[] = {
	"redemption", "redemption_undo", "redemption_attempt", "movement",
};

struct lb_kit_rec {
	sqlite3_session *s;
};

void lb_kit_rec_free(lb_kit_rec *r)
{
	if (!r)
		return;
	if (r->s)
		sqlite3session_delete(r->s);
	free(r);
}

int lb_kit_rec_start(lb_db *db, lb_kit_rec **out, lb_err *e)
{
	lb_kit_rec *r;
	int rc;

	*out = NULL;
	if (!lb_db_in_tx(db))
		return lb_fail(e, LB_ESYS, "bug: a field kit records only inside a transaction");
	if (!(r = calloc(1, sizeof *r)))
		return lb_oom(e);
	if ((rc = sqlite3session_create(lb_db_handle(db), "main", &r->s)) != SQLITE_OK) {
		free(r);
		return lb_db_error(db, rc, "cannot start recording on the field kit", e);
	}
	for (size_t i = 0; i < sizeof recorded_tables / sizeof recorded_tables[0]; i++) {
		if ((rc = sqlite3session_attach(r->s, recorded_tables[i])) != SQLITE_OK) {
			lb_kit_rec_free(r);
			return lb_db_error(db, rc, "cannot start recording on the field kit", e);
		}
	}
	*out = r;
	return LB_OK;
}

int lb_kit_rec_finish(lb_db *db, lb_kit_rec *r, lb_err *e)
{
	unsigned char prev[LB_HASH_BYTES], h[LB_HASH_BYTES];
	struct lb_kit_info ki;
	void *cs = NULL;
	int n = 0, is_kit, rc;
	int64_t seq = 1;
	char now[21];
	lb_stmt *st;

	if ((rc = sqlite3session_changeset(r->s, &n, &cs)) != SQLITE_OK) {
		lb_kit_rec_free(r);
		return lb_db_error(db, rc, "cannot read what was recorded on the field kit", e);
	}
	lb_kit_rec_free(r);
	if (n <= 0) {
		sqlite3_free(cs);
		return LB_OK;
	}
	if ((rc = lb_kit_info(db, &ki, &is_kit, e)))
		goto done;
	if (!is_kit) {
		rc = lb_fail(e, LB_ESYS, "bug: recording on a database that is not a field kit");
		goto done;
	}
	if (!(st = lb_db_prepare(db, "SELECT seq, hash FROM kit_log ORDER BY seq DESC LIMIT 1", e))) {
		rc = LB_ESYS;
		goto done;
	}
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		if (lb_col_bytes(st, 1) != LB_HASH_BYTES) {
			lb_stmt_reset(st);
			rc = lb_fail(e, LB_ESYS, "the field kit's log is damaged");
			goto done;
		}
		seq = lb_col_int(st, 0) + 1;
		memcpy(prev, lb_col_blob(st, 1), LB_HASH_BYTES);
		lb_stmt_reset(st);
	} else if (rc == LB_DONE) {
		lb_kit_genesis(ki.kit_id, ki.parent_db_id, prev);
	} else {
		goto done;
	}
	lb_now_utc(now);
	lb_kit_entry_hash(prev, seq, now, cs, (size_t)n, h);
	if (!(st = lb_db_prepare(db,
		"INSERT INTO kit_log(seq, at, changeset, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5)", e))) {
		rc = LB_ESYS;
		goto done;
	}
	lb_bind_int(st, 1, seq);
	lb_bind_text(st, 2, now);
	lb_bind_blob(st, 3, cs, (size_t)n);
	lb_bind_blob(st, 4, prev, sizeof prev);
	lb_bind_blob(st, 5, h, sizeof h);
	rc = lb_step_done(st, e);
done:
	sqlite3_free(cs);
	return rc;
}

