/*
 * db.h — the thin SQLite wrapper. Only core/db.c calls sqlite3_* directly;
 * modules see lb_db and lb_stmt and get lumbung errors back.
 *
 * Opening sets what every connection needs: WAL with synchronous=FULL,
 * foreign keys on, a busy timeout so that two processes wait for each other
 * instead of failing, and the schema brought up to date (core/schema.c).
 *
 * Statements: lb_db_prepare caches prepared statements by SQL text, so a
 * hot loop that calls it every time pays for the prepare once. A cached
 * statement is reset and its bindings cleared on every lb_db_prepare, and
 * belongs to the connection: never finalize it. A prepare failure is a bug
 * (the SQL is ours), reported as LB_ESYS with the SQL in the message.
 *
 * Memory: lb_db_open allocates the lb_db; lb_db_close frees it and every
 * cached statement. Text returned by lb_col_text lives until the next
 * step/reset of that statement.
 */
#ifndef LB_DB_H
#define LB_DB_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

typedef struct lb_db lb_db;
typedef struct sqlite3_stmt lb_stmt;

/* The value of PRAGMA application_id in every lumbung database ("LBNG"). */
#define LB_APP_ID 0x4c424e47

enum {
	LB_DB_EXISTING = 0, /* open a database that exists and is lumbung's */
	LB_DB_CREATE = 1,   /* create it (lumbung init); refuse if it exists */
};

/* lb_step results besides errors (which are LB_ESYS/LB_ERULE). */
enum { LB_ROW = 100, LB_DONE = 101 };

int lb_db_open(const char *path, int flags, lb_db **out, lb_err *e);
void lb_db_close(lb_db *db);
const char *lb_db_path(const lb_db *db);

/* Run SQL without parameters (schema, pragmas). */
int lb_db_exec(lb_db *db, const char *sql, lb_err *e);

/* Transactions. begin is BEGIN IMMEDIATE: the write lock is taken at once
 * (waiting up to the busy timeout), so a transaction never fails half-way
 * because another writer came first. rollback never fails visibly. */
int lb_db_begin(lb_db *db, lb_err *e);
/* Hash the history log's entries written so far in this transaction
 * (lb_db_commit does it before COMMIT; verify, run inside a caller's
 * open transaction, does it first, since those entries are the
 * transaction's own). A database without the log has nothing to seal. */
int lb_db_seal_history(lb_db *db, lb_err *e);
int lb_db_commit(lb_db *db, lb_err *e);
void lb_db_rollback(lb_db *db);
/* Call fn inside the transaction just before each commit, until set to
 * NULL; its failure rolls the transaction back. An operation run from the
 * web writes its audit row this way (core/op.h), so that the row lands
 * with the write whichever module function commits it. */
void lb_db_on_commit(lb_db *db, int (*fn)(void *arg, lb_err *e), void *arg);
int lb_db_in_tx(lb_db *db);

lb_stmt *lb_db_prepare(lb_db *db, const char *sql, lb_err *e);
/* An uncached statement for one-off queries; free with lb_stmt_free. */
lb_stmt *lb_db_prepare_once(lb_db *db, const char *sql, lb_err *e);
void lb_stmt_free(lb_stmt *st);

/* Bind by 1-based index. Text is copied by SQLite (SQLITE_TRANSIENT);
 * NULL text binds SQL NULL. Bind failures are bugs and surface at step. */
void lb_bind_int(lb_stmt *st, int i, int64_t v);
void lb_bind_text(lb_stmt *st, int i, const char *s);
void lb_bind_blob(lb_stmt *st, int i, const void *p, size_t n);
void lb_bind_null(lb_stmt *st, int i);

/* LB_ROW, LB_DONE, or an error status with e filled: a constraint that the
 * schema enforces (a trigger's RAISE, UNIQUE, CHECK) is LB_ERULE; anything
 * else (I/O, disk full, corruption) is LB_ESYS. */
int lb_step(lb_stmt *st, lb_err *e);
/* Step a statement that returns no rows (or whose rows do not matter) and
 * reset it. LB_OK or an error. */
int lb_step_done(lb_stmt *st, lb_err *e);
void lb_stmt_reset(lb_stmt *st);

int64_t lb_col_int(lb_stmt *st, int i);
const char *lb_col_text(lb_stmt *st, int i); /* "" for NULL */
int lb_col_null(lb_stmt *st, int i);
const void *lb_col_blob(lb_stmt *st, int i);
size_t lb_col_bytes(lb_stmt *st, int i);

int64_t lb_db_last_id(lb_db *db);
int64_t lb_db_changes(lb_db *db);

/* Run one query that yields a single integer (or nothing: *out = dflt). */
int lb_db_int(lb_db *db, const char *sql, int64_t dflt, int64_t *out, lb_err *e);

/* Exists-then-insert, the one copy of that pattern: find is a prepared
 * SELECT whose first column is the id of the row the insert would
 * duplicate, insert the prepared INSERT, both bound by the caller. When
 * find yields a row, *id is its id, *inserted 0 and nothing is written
 * (the caller decides whether that is a refusal or a reuse); otherwise
 * insert runs, *id is the new row's id and *inserted 1. Both statements
 * are left reset. */
int lb_db_insert_or_get(lb_db *db, lb_stmt *find, lb_stmt *insert, int64_t *id, int *inserted,
			lb_err *e);

/* Fetch-one-row: step a bound statement that yields at most one row.
 * lb_db_one calls fill(st, out) on the row and sets *found (may be NULL
 * when a missing row is not the caller's concern), then resets; no row
 * is LB_OK with *found 0. lb_db_one_int64 reads column 0 of the row into
 * *out, or dflt when there is no row or it is NULL. */
int lb_db_one(lb_stmt *st, void (*fill)(lb_stmt *st, void *out), void *out, int *found, lb_err *e);
int lb_db_one_int64(lb_stmt *st, int64_t dflt, int64_t *out, lb_err *e);

/* Bring db up to schema version target (core/schema.h) in one IMMEDIATE
 * transaction; opening does it to the latest. A database newer than this
 * build is LB_EINPUT. */
int lb_db_migrate(lb_db *db, int target, lb_err *e);

/* PRAGMA integrity_check: LB_OK, or LB_ERULE with the first problem. */
int lb_db_integrity(lb_db *db, lb_err *e);

/* A consistent copy with SQLite's online backup API, safe while other
 * processes use the database. Writes to a temporary name and renames. */
int lb_db_backup(lb_db *db, const char *dest, lb_err *e);

/* Cap the database's size (PRAGMA max_page_count) — for fault tests. */
int lb_db_set_max_pages(lb_db *db, int64_t pages, lb_err *e);

/* The underlying sqlite3 handle, for the few modules that use an SQLite
 * extension API directly (the session extension in field kits). */
struct sqlite3 *lb_db_handle(lb_db *db);

/* Turn an SQLite result code from such an API into a lumbung error. */
int lb_db_error(lb_db *db, int rc, const char *what, lb_err *e);

/* Call p (core/progress.h) with done = -1 every few million SQLite steps
 * while a statement runs, so that the CLI can show a long command is
 * alive. NULL stops it. p must outlive its use. */
struct lb_progress;
void lb_db_set_progress(lb_db *db, const struct lb_progress *p, const char *what);

#endif
