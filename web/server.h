/*
 * server.h — `lumbung serve`: libmicrohttpd (Debian's, TLS through
 * GnuTLS) in front of the page registry (web/pages.c).
 *
 * Threads: a thread per connection (libmicrohttpd's), so a slow request
 * holds up nobody else's; each request takes one of LB_WEB_DB_POOL
 * database connections for as long as it runs (WAL: readers never wait
 * for a writer). Heavy pages (reports) may hold at most LB_WEB_HEAVY of
 * them at once (web/pages.c), so the others always serve light pages.
 *
 * The writer: one more thread with its own connection runs the writes
 * that pages hand it (lb_server_write; the scan page's), those that
 * arrive together in one transaction, each in its own savepoint. It
 * commits with synchronous=NORMAL and goes on with the next group at
 * once; the syncer thread makes the commits durable (one fdatasync of
 * the WAL for every group committed meanwhile) and only then lets their
 * requests answer: an answer never reports a write that is not on disk,
 * and the fsync no longer holds the write lock. A request gives its
 * pooled connection back while it waits, so a group can hold as many
 * requests as are waiting, and the writer's page cache stays warm
 * (docs/web.md, "How scans are written").
 * Limits: request bodies (LB_WEB_BODY_MAX), header memory per connection,
 * connections in all and per address, and idle time (a client that never
 * finishes its headers is dropped).
 *
 * Logging: one line per request on stderr (time, address, method, path
 * without the query, status, user). Paths never hold a NIK: a search by
 * NIK is a POST.
 *
 * Memory: lb_server_start allocates; lb_server_stop frees everything.
 */
#ifndef LB_WEB_SERVER_H
#define LB_WEB_SERVER_H

#include "core/err.h"

#define LB_WEB_BODY_MAX (64 * 1024)
/* Pages flagged LB_PG_UPLOAD (a photo of a slip, a field kit) take
 * bodies up to this, at most LB_WEB_UPLOADS of them being received at
 * once, so that uploads cannot take the server's memory. */
#define LB_WEB_UPLOAD_MAX (32 * 1024 * 1024)
#define LB_WEB_UPLOADS 4
#define LB_WEB_DB_POOL 6
#define LB_WEB_DB_CACHE_KIB 8192 /* SQLite page cache per connection */
#define LB_WEB_IDLE_SECONDS 10
#define LB_WEB_WRITE_GROUP 64 /* writes in one transaction, at most */

struct lb_server_opts {
	const char *db_path;
	const char *listen;   /* "ADDR:PORT" (IPv4, or [IPv6]:PORT); NULL: 127.0.0.1:8080 */
	const char *tls_cert; /* PEM files; both or neither */
	const char *tls_key;
	int quiet;            /* no request log */
};

typedef struct lb_server lb_server;

struct lb_req;
struct lb_db;

/*
 * A write for the writer thread. run is called on the writer's thread
 * with its connection, inside the group's transaction and inside a
 * savepoint of its own: LB_OK keeps what it wrote; LB_EINPUT or LB_ERULE
 * rolls back to the savepoint (this request wrote nothing, the others'
 * writes stay); LB_ESYS rolls back the whole group, and every request of
 * it gets LB_ESYS (nothing of the group is on disk, each may retry).
 * lb_server_write returns only after the group's commit is synced (or
 * its rollback): what run wrote is on disk when it returns LB_OK. run
 * may use arg's request (the caller waits), never the request's pooled
 * connection.
 */
struct lb_web_write {
	int (*run)(struct lb_db *db, void *arg, lb_err *e);
	void *arg;
	/* Optional, for writes that keep state across the group on the
	 * writer's thread (the scan page's redeemer): once per group for
	 * each distinct function, finish before the commit (LB_ESYS rolls
	 * the group back) and drop when the group is rolled back. */
	int (*finish)(struct lb_db *db, lb_err *e);
	void (*drop)(void);
	/* the writer's */
	int rc;
	int done;
	int committed; /* the first of a group: its transaction committed */
	lb_err err;
	struct lb_web_write *next;
};
/* Hand w to the writer and wait for its group's commit. q's pooled
 * connection is given back, and q->db is NULL from then on: the request
 * answers without the database (a request waiting for the same one-time
 * key may hold the last pooled connection until this one answers).
 * Returns run's status (or LB_ESYS), with q->err filled on failure. */
int lb_server_write(struct lb_req *q, struct lb_web_write *w);

/* Open the database connections, bind and start serving. SIGINT and
 * SIGTERM are blocked in the calling thread (and so in the workers) for
 * lb_server_wait to take. */
int lb_server_start(const struct lb_server_opts *o, lb_server **out, lb_err *e);
/* "http://127.0.0.1:8080/" (the port actually bound when 0 was asked). */
const char *lb_server_url(const lb_server *s);
/* Wait for SIGINT or SIGTERM. */
void lb_server_wait(lb_server *s);
/* Stop accepting, finish what runs, close the connections, free. */
void lb_server_stop(lb_server *s);

#endif
