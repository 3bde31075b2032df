/*
 * meta.h — settings stored in the database itself (table meta): the
 * office's name, this database's random id, whether it is a field kit.
 * Memory: lb_meta_get fills a caller-owned lb_buf; lb_meta_info fills
 * an lb_db_info that lb_db_info_release frees.
 */
#ifndef LB_META_H
#define LB_META_H

#include "buf.h"
#include "db.h"

/* LB_OK with the value, or LB_OK with *found = 0 when the key is unset. */
int lb_meta_get(lb_db *db, const char *key, lb_buf *val, int *found, lb_err *e);
int lb_meta_set(lb_db *db, const char *key, const char *val, lb_err *e);

/* Set up a new database: org name, a random db_id, kind ("main"/"kit").
 * Runs in its own transaction. */
int lb_meta_init(lb_db *db, const char *org, const char *kind, lb_err *e);

/* What `lumbung info` shows: the office, the kind of database ("main"
 * or "kit") and its schema version. */
struct lb_db_info {
	lb_buf org, kind;
	int64_t schema_version;
};
int lb_meta_info(lb_db *db, struct lb_db_info *out, lb_err *e);
void lb_db_info_release(struct lb_db_info *info);

#endif
