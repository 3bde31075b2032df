/*
 * meta.c — the meta table. See meta.h.
 */
#include "meta.h"

#include <sodium.h>

#include "hash.h"

int lb_meta_get(lb_db *db, const char *key, lb_buf *val, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT value FROM meta WHERE key = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, key);
	rc = lb_step(st, e);
	*found = 0;
	lb_buf_reset(val);
	if (rc == LB_ROW) {
		*found = 1;
		rc = lb_buf_adds(val, lb_col_text(st, 0), e);
		lb_stmt_reset(st);
		return rc;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_meta_set(lb_db *db, const char *key, const char *val, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"INSERT INTO meta(key, value) VALUES (?1, ?2)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, key);
	lb_bind_text(st, 2, val);
	return lb_step_done(st, e);
}

int lb_meta_init(lb_db *db, const char *org, const char *kind, lb_err *e)
{
	unsigned char id[16];
	char hex[33];
	int rc;

	/* A random id, so a field kit can prove which database it came from
	 * without revealing anything about it. */
	randombytes_buf(id, sizeof id);
	lb_hash_hex(id, sizeof id, hex);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_meta_set(db, "org_name", org, e)) ||
	    (rc = lb_meta_set(db, "db_id", hex, e)) ||
	    (rc = lb_meta_set(db, "kind", kind, e))) {
		lb_db_rollback(db);
		return rc;
	}
	return lb_db_commit(db, e);
}

int lb_meta_info(lb_db *db, struct lb_db_info *out, lb_err *e)
{
	int found, rc;

	lb_buf_init(&out->org);
	lb_buf_init(&out->kind);
	out->schema_version = 0;
	if ((rc = lb_meta_get(db, "org_name", &out->org, &found, e)) ||
	    (rc = lb_meta_get(db, "kind", &out->kind, &found, e)))
		return rc;
	return lb_db_int(db, "PRAGMA user_version", 0, &out->schema_version, e);
}

void lb_db_info_release(struct lb_db_info *info)
{
	lb_buf_release(&info->org);
	lb_buf_release(&info->kind);
}
