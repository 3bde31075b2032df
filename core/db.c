/*
 * db.c — the only file that talks to SQLite's C API for ordinary work.
 * See db.h for the contract.
 */
#include "db.h"
#include "file.h"
#include "hash.h"
#include "progress.h"
#include "schema.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

/* Long enough that a writer importing a large file does not make a
 * scanner at the same point fail; short enough that a stuck lock is
 * reported while someone is still at the keyboard. */
#define BUSY_TIMEOUT_MS 30000

struct cached {
	/* owned copy: most callers pass a literal, but some build their SQL
	 * in a buffer they free, and a long-lived connection (lumbung serve)
	 * would then compare against freed memory */
	char *sql;
	size_t len;
	uint64_t hash;
	sqlite3_stmt *st;
};

struct lb_db {
	sqlite3 *h;
	char *path;
	struct cached *cache;
	size_t ncache, capcache;
	int in_tx;
	int history_sealed; /* the history log has its hash column */
	int (*on_commit)(void *arg, lb_err *e); /* lb_db_on_commit */
	void *on_commit_arg;
};

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int lb_db_error(lb_db *db, int rc, const char *what, lb_err *e)
{
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	int prim = rc & 0xff;

	switch (prim) {
	case SQLITE_CONSTRAINT:
		return lb_fail(e, LB_ERULE, "%s: %s", what, msg);
	case SQLITE_FULL:
		return lb_fail(e, LB_ESYS, "%s: the disk or the database is full (%s)", what, msg);
	case SQLITE_NOTADB:
		return lb_fail(e, LB_EINPUT, "'%s' is not a lumbung database (not an SQLite file)",
			       db ? db->path : "?");
	case SQLITE_BUSY:
		return lb_fail(e, LB_ESYS, "%s: the database stayed locked by another process for %d s",
			       what, BUSY_TIMEOUT_MS / 1000);
	case SQLITE_READONLY:
		return lb_fail(e, LB_ESYS, "%s: the database is read-only here (%s)", what, msg);
	default:
		return lb_fail(e, LB_ESYS, "%s: %s", what, msg);
	}
}

static int exec_quiet(lb_db *db, const char *sql, lb_err *e)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return lb_db_error(db, rc, "database", e);
	return LB_OK;
}

int lb_db_exec(lb_db *db, const char *sql, lb_err *e)
{
	return exec_quiet(db, sql, e);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	d = strndup(path, (size_t)(slash - path));
	return d;
}

/* Say what is wrong with the path before SQLite gives a vaguer answer. */
static int check_path(const char *path, int flags, lb_err *e)
{
	struct stat st;
	char *dir = dir_of(path);
	int rc = LB_OK;

	if (!dir)
		return lb_oom(e);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rc = lb_fail(e, LB_EINPUT, "cannot %s database '%s': folder '%s' does not exist",
			     flags == LB_DB_CREATE ? "create" : "open", path, dir);
		goto done;
	}
	if (flags == LB_DB_CREATE) {
		if (stat(path, &st) == 0) {
			rc = lb_fail(e, LB_ERULE, "cannot create database '%s': it already exists", path);
			goto done;
		}
	} else if (stat(path, &st) != 0) {
		rc = lb_fail(e, LB_EINPUT, "no database at '%s': run 'lumbung init' to create one, or name another with -d",
			     path);
		goto done;
	} else if (!S_ISREG(st.st_mode)) {
		rc = lb_fail(e, LB_EINPUT, "'%s' is not a lumbung database (not a file)", path);
		goto done;
	} else if (st.st_size == 0) {
		rc = lb_fail(e, LB_EINPUT, "'%s' is not a lumbung database (an empty file)", path);
		goto done;
	}
	/* WAL needs to create PATH-wal and PATH-shm beside the database. */
	if (access(dir, W_OK) != 0) {
		rc = lb_fail(e, LB_ESYS, "cannot %s database '%s': folder '%s' is not writable (%s)",
			     flags == LB_DB_CREATE ? "create" : "open", path, dir, strerror(errno));
		goto done;
	}
done:
	free(dir);
	return rc;
}

static int read_app_id(lb_db *db, int64_t *appid, lb_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, "PRAGMA application_id", -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*appid = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_NOTADB)
		return lb_fail(e, LB_EINPUT, "'%s' is not a lumbung database (not an SQLite file)", db->path);
	if (rc != SQLITE_OK)
		return lb_db_error(db, rc, "cannot read database", e);
	return LB_OK;
}

/* SQLite's memory statistics take a global mutex on every allocation
 * (a few per row of an import: 4% of a million-row import's time), and
 * lumbung never reads them. Only possible before SQLite initialises: the
 * first lb_db_open, before any thread, does it; later calls are no-ops. */
static void no_memstatus(void)
{
	static int done;

	if (!done) {
		done = 1;
		/* SQLITE_MISUSE when SQLite is already initialised (a test
		 * that opened a database itself): then the statistics stay. */
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
}

/* Create path empty with mode 0600 unless something is there. */
static void private_file(const char *path)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0)
		close(fd);
}

/* See db.h. Bring db up to version target in one IMMEDIATE transaction. A
 * database newer than this build is refused (LB_EINPUT) rather than
 * risked. */
int lb_db_migrate(lb_db *db, int target, lb_err *e)
{
	int64_t version;
	int rc;
	char sql[64];

	if ((rc = lb_db_int(db, "PRAGMA user_version", 0, &version, e)))
		return rc;
	if (version > lb_schema_latest())
		return lb_fail(e, LB_EINPUT,
			       "database '%s' has schema version %lld, newer than this lumbung knows (%d): use a newer lumbung",
			       lb_db_path(db), (long long)version, lb_schema_latest());
	if (version >= target)
		return LB_OK;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	/* Read again under the write lock: another process may have
	 * migrated while we waited for it. */
	if ((rc = lb_db_int(db, "PRAGMA user_version", 0, &version, e)))
		goto fail;
	for (int v = (int)version; v < target; v++) {
		if ((rc = lb_db_exec(db, lb_schema_migration(v + 1), e))) {
			lb_err_prefix(e, "cannot migrate database to version %d", v + 1);
			goto fail;
		}
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", target);
	if ((rc = lb_db_exec(db, sql, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

int lb_db_open(const char *path, int flags, lb_db **out, lb_err *e)
{
	lb_db *db;
	int rc, sflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int64_t appid = 0;

	*out = NULL;
	if ((rc = check_path(path, flags, e)))
		return rc;
	if (flags == LB_DB_CREATE) {
		sflags |= SQLITE_OPEN_CREATE;
		/* A database holds every NIK, KK, address and phone: it is
		 * born private (0600). SQLite takes an empty file as a new
		 * database, and its -wal and -shm files copy the mode. */
		private_file(path);
	}
	db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		free(db);
		return lb_oom(e);
	}
	no_memstatus();
	rc = sqlite3_open_v2(path, &db->h, sflags, NULL);
	if (rc != SQLITE_OK) {
		lb_fail(e, LB_ESYS, "cannot open database '%s': %s", path,
			db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if ((rc = sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS)) != SQLITE_OK) {
		lb_db_error(db, rc, "cannot set the busy timeout", e);
		goto fail;
	}
	/* Reading application_id is the first touch of the file: it is where
	 * a text file or a truncated database shows itself. */
	if ((rc = read_app_id(db, &appid, e)))
		goto fail_rc;
	if (flags == LB_DB_CREATE) {
		if (exec_quiet(db, "PRAGMA journal_mode=WAL", e) ||
		    exec_quiet(db, "PRAGMA application_id=1279413831", e)) /* LB_APP_ID */
			goto fail;
	} else if (appid != LB_APP_ID) {
		lb_fail(e, LB_EINPUT, "'%s' is an SQLite database but not a lumbung one", path);
		goto fail;
	}
	/* FULL: NORMAL in WAL mode can lose the last commits on power loss. */
	if (exec_quiet(db, "PRAGMA synchronous=FULL", e) ||
	    exec_quiet(db, "PRAGMA foreign_keys=ON", e) ||
	    exec_quiet(db, "PRAGMA cache_size=-16384", e) || /* 16 MiB: bounded memory */
	    exec_quiet(db, "PRAGMA journal_size_limit=67108864", e))
		goto fail;
	if (flags != LB_DB_CREATE) {
		/* A database made elsewhere may have lost WAL mode (a copy
		 * made with a tool that resets it); keep the promise. */
		if (exec_quiet(db, "PRAGMA journal_mode=WAL", e))
			goto fail;
	}
	if ((rc = lb_db_migrate(db, lb_schema_target(), e)))
		goto fail_rc;
	/* Fault tests cap the database's size to see every writer fail
	 * cleanly on a full disk; nothing else sets this. */
	{
		const char *cap = getenv("LUMBUNG_MAX_PAGES");
		if (cap && *cap && (rc = lb_db_set_max_pages(db, atoll(cap), e)))
			goto fail_rc;
	}
	*out = db;
	return LB_OK;
fail:
	rc = e ? e->code : LB_ESYS;
	if (rc == LB_OK)
		rc = LB_ESYS;
fail_rc:
	lb_db_close(db);
	return rc;
}

void lb_db_close(lb_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
	}
	free(db->cache);
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

const char *lb_db_path(const lb_db *db)
{
	return db->path;
}

int lb_db_begin(lb_db *db, lb_err *e)
{
	int rc = exec_quiet(db, "BEGIN IMMEDIATE", e);
	if (rc == LB_OK)
		db->in_tx = 1;
	return rc;
}

/* Seal the history log's new entries (core/schema.c, m6_trust): hash
 * each entry without one, in seq order, chained to the one before. A
 * database without the log (a test's, or one not migrated yet) has
 * nothing to seal; the check is repeated until the log exists, since the
 * migration that makes it commits through here. */
int lb_db_seal_history(lb_db *db, lb_err *e)
{
	lb_stmt *st, *prev, *upd;
	unsigned char h[LB_HASH_BYTES] = { 0 };
	int have = 0, rc;

	if (!db->history_sealed) {
		int64_t n;

		if ((rc = lb_db_int(db, "SELECT count(*) FROM pragma_table_info('history_log') WHERE name = 'hash'",
				    0, &n, e)))
			return rc;
		if (!n)
			return LB_OK;
		db->history_sealed = 1;
	}
	if (!(st = lb_db_prepare(db, "SELECT seq, tbl, CAST(key AS TEXT), row FROM history_log WHERE hash IS NULL ORDER BY seq", e)) ||
	    !(prev = lb_db_prepare(db, "SELECT hash FROM history_log WHERE seq < ?1 ORDER BY seq DESC LIMIT 1", e)) ||
	    !(upd = lb_db_prepare(db, "UPDATE history_log SET hash = ?2 WHERE seq = ?1", e)))
		return LB_ESYS;
	have = 0;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t seq = lb_col_int(st, 0);

		if (!have) {
			lb_bind_int(prev, 1, seq);
			if ((rc = lb_step(prev, e)) == LB_ROW) {
				if (lb_col_bytes(prev, 0) == LB_HASH_BYTES)
					memcpy(h, lb_col_blob(prev, 0), LB_HASH_BYTES);
				lb_stmt_reset(prev);
			} else if (rc != LB_DONE)
				break;
			have = 1;
		}
		lb_hash_history(h, seq, lb_col_text(st, 1), lb_col_text(st, 2), lb_col_text(st, 3), h);
		lb_bind_int(upd, 1, seq);
		lb_bind_blob(upd, 2, h, LB_HASH_BYTES);
		if ((rc = lb_step_done(upd, e)))
			break;
	}
	lb_stmt_reset(st);
	return rc == LB_DONE ? LB_OK : rc;
}

void lb_db_on_commit(lb_db *db, int (*fn)(void *arg, lb_err *e), void *arg)
{
	db->on_commit = fn;
	db->on_commit_arg = arg;
}

int lb_db_commit(lb_db *db, lb_err *e)
{
	int rc = db->on_commit ? db->on_commit(db->on_commit_arg, e) : LB_OK;

	if (!rc)
		rc = lb_db_seal_history(db, e);

	if (rc) {
		lb_db_rollback(db);
		return rc;
	}
	rc = exec_quiet(db, "COMMIT", e);
	if (rc == LB_OK)
		db->in_tx = 0;
	else
		lb_db_rollback(db);
	return rc;
}

void lb_db_rollback(lb_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

int lb_db_in_tx(lb_db *db)
{
	return !sqlite3_get_autocommit(db->h);
}

static sqlite3_stmt *prepare(lb_db *db, const char *sql, lb_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		/* Our SQL is fixed text: a failure here is a bug or a damaged
		 * schema, and the SQL is what a maintainer needs to see. */
		lb_fail(e, LB_ESYS, "cannot prepare SQL (%s): %.300s", sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	return st;
}

lb_stmt *lb_db_prepare(lb_db *db, const char *sql, lb_err *e)
{
	size_t len = strlen(sql);
	uint64_t h = fnv1a(sql, len);
	sqlite3_stmt *st;

	for (size_t i = 0; i < db->ncache; i++) {
		struct cached *c = &db->cache[i];
		if (c->hash == h && c->len == len && memcmp(c->sql, sql, len) == 0) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			return c->st;
		}
	}
	if (!(st = prepare(db, sql, e)))
		return NULL;
	if (db->ncache == db->capcache) {
		size_t cap = db->capcache ? db->capcache * 2 : 32;
		struct cached *p = realloc(db->cache, cap * sizeof *p);
		if (!p) {
			sqlite3_finalize(st);
			lb_oom(e);
			return NULL;
		}
		db->cache = p;
		db->capcache = cap;
	}
	{
		char *copy = malloc(len + 1);
		if (!copy) {
			sqlite3_finalize(st);
			lb_oom(e);
			return NULL;
		}
		memcpy(copy, sql, len + 1);
		db->cache[db->ncache++] = (struct cached){ copy, len, h, st };
	}
	return st;
}

lb_stmt *lb_db_prepare_once(lb_db *db, const char *sql, lb_err *e)
{
	return prepare(db, sql, e);
}

void lb_stmt_free(lb_stmt *st)
{
	sqlite3_finalize(st);
}

void lb_bind_int(lb_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(st, i, v);
}

void lb_bind_text(lb_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void lb_bind_blob(lb_stmt *st, int i, const void *p, size_t n)
{
	if (n > INT_MAX)
		n = INT_MAX; /* never happens: our blobs are hashes and keys */
	sqlite3_bind_blob(st, i, p, (int)n, SQLITE_TRANSIENT);
}

void lb_bind_null(lb_stmt *st, int i)
{
	sqlite3_bind_null(st, i);
}

int lb_step(lb_stmt *st, lb_err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return LB_ROW;
	if (rc == SQLITE_DONE)
		return LB_DONE;
	{
		sqlite3 *h = sqlite3_db_handle(st);
		lb_db tmp = { .h = h, .path = (char *)sqlite3_db_filename(h, "main") };
		int r = lb_db_error(&tmp, rc, "database", e);
		sqlite3_reset(st);
		return r;
	}
}

int lb_step_done(lb_stmt *st, lb_err *e)
{
	int rc;

	while ((rc = lb_step(st, e)) == LB_ROW)
		;
	if (rc != LB_DONE)
		return rc;
	sqlite3_reset(st);
	return LB_OK;
}

void lb_stmt_reset(lb_stmt *st)
{
	sqlite3_reset(st);
}

int64_t lb_col_int(lb_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

const char *lb_col_text(lb_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

int lb_col_null(lb_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

const void *lb_col_blob(lb_stmt *st, int i)
{
	return sqlite3_column_blob(st, i);
}

size_t lb_col_bytes(lb_stmt *st, int i)
{
	return (size_t)sqlite3_column_bytes(st, i);
}

int64_t lb_db_last_id(lb_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int64_t lb_db_changes(lb_db *db)
{
	return sqlite3_changes64(db->h);
}

int lb_db_one(lb_stmt *st, void (*fill)(lb_stmt *st, void *out), void *out, int *found, lb_err *e)
{
	int rc, dummy;

	if (!found)
		found = &dummy;
	*found = 0;
	if (!st)
		return LB_ESYS;
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		fill(st, out);
		*found = 1;
		sqlite3_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_db_one_int64(lb_stmt *st, int64_t dflt, int64_t *out, lb_err *e)
{
	int rc;

	*out = dflt;
	if (!st)
		return LB_ESYS;
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		if (!lb_col_null(st, 0))
			*out = lb_col_int(st, 0);
		sqlite3_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_db_int(lb_db *db, const char *sql, int64_t dflt, int64_t *out, lb_err *e)
{
	return lb_db_one_int64(lb_db_prepare(db, sql, e), dflt, out, e);
}

int lb_db_insert_or_get(lb_db *db, lb_stmt *find, lb_stmt *insert, int64_t *id, int *inserted,
			lb_err *e)
{
	int rc = lb_step(find, e);

	*id = 0;
	*inserted = 0;
	if (rc == LB_ROW) {
		*id = lb_col_int(find, 0);
		lb_stmt_reset(find);
		lb_stmt_reset(insert);
		return LB_OK;
	}
	lb_stmt_reset(find);
	if (rc != LB_DONE) {
		lb_stmt_reset(insert);
		return rc;
	}
	if ((rc = lb_step_done(insert, e)))
		return rc;
	*id = lb_db_last_id(db);
	*inserted = 1;
	return LB_OK;
}

int lb_db_integrity(lb_db *db, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db, "PRAGMA integrity_check", e);
	int rc;

	if (!st)
		return LB_ESYS;
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		const char *r = lb_col_text(st, 0);
		if (strcmp(r, "ok") != 0)
			rc = lb_fail(e, LB_ERULE, "integrity check failed: %s", r);
		else
			rc = LB_OK;
	} else if (rc == LB_DONE) {
		rc = lb_fail(e, LB_ESYS, "integrity check returned nothing");
	}
	lb_stmt_free(st);
	return rc;
}

int lb_db_backup(lb_db *db, const char *dest, lb_err *e)
{
	sqlite3 *to = NULL;
	sqlite3_backup *bk;
	char *tmp;
	size_t n = strlen(dest) + 16;
	int rc, ret = LB_OK;
	struct stat st;
	char *dir = dir_of(dest);

	if (!dir)
		return lb_oom(e);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		ret = lb_fail(e, LB_EINPUT, "cannot write backup '%s': folder '%s' does not exist", dest, dir);
		free(dir);
		return ret;
	}
	free(dir);
	if (!(tmp = malloc(n)))
		return lb_oom(e);
	snprintf(tmp, n, "%s.tmp%ld", dest, (long)getpid());
	unlink(tmp);
	private_file(tmp); /* a backup is the whole database: 0600 */
	rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		ret = lb_fail(e, LB_EINPUT, "cannot write backup '%s': %s", dest,
			      to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
		goto done;
	}
	bk = sqlite3_backup_init(to, "main", db->h, "main");
	if (!bk) {
		ret = lb_fail(e, LB_ESYS, "cannot start backup to '%s': %s", dest, sqlite3_errmsg(to));
		goto done;
	}
	/* Copy in steps so that writers elsewhere are not blocked for long;
	 * a write in between restarts the copy, which SQLite handles. */
	do {
		rc = sqlite3_backup_step(bk, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		ret = lb_fail(e, LB_ESYS, "backup to '%s' failed: %s", dest, sqlite3_errstr(rc));
		goto done;
	}
	/* The copy keeps WAL mode from the source; fold it into one file so
	 * the backup is a single self-contained file. */
	if (sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		ret = lb_fail(e, LB_ESYS, "backup to '%s' failed: %s", dest, sqlite3_errmsg(to));
		goto done;
	}
	if (sqlite3_close(to) != SQLITE_OK) {
		to = NULL;
		ret = lb_fail(e, LB_ESYS, "backup to '%s' failed on close", dest);
		goto done;
	}
	to = NULL;
	/* the caller checked dest against --force before the work */
	if ((ret = lb_file_place(tmp, dest, 1, e)))
		lb_err_prefix(e, "cannot put backup in place");
done:
	if (to)
		sqlite3_close(to);
	if (ret != LB_OK)
		unlink(tmp);
	free(tmp);
	return ret;
}

int lb_db_set_max_pages(lb_db *db, int64_t pages, lb_err *e)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count=%lld", (long long)pages);
	return exec_quiet(db, sql, e);
}

struct sqlite3 *lb_db_handle(lb_db *db)
{
	return db->h;
}

/* ---- progress (core/progress.h) ---- */

static const struct lb_progress *db_progress;
static const char *db_progress_what;

static int on_progress(void *arg)
{
	lb_progress_tick(db_progress, db_progress_what, -1, 0);
	return 0; /* never interrupts */
}

void lb_db_set_progress(lb_db *db, const struct lb_progress *p, const char *what)
{
	db_progress = p;
	db_progress_what = what;
	sqlite3_progress_handler(db->h, p ? 1000000 : 0, p ? on_progress : NULL, NULL);
}
