/*
 * server.h — `lumbung serve`: libmicrohttpd (Debian's, TLS through
 * GnuTLS) in front of the page registry (web/pages.c).
 *
 * Threads: a thread per connection (libmicrohttpd's), so a slow request
 * holds up nobody else's; each request takes one of LB_WEB_DB_POOL
 * database connections for as long as it runs (WAL: readers never wait
 * for a writer). Heavy pages (reports) may hold at most LB_WEB_HEAVY of
 * them at once (web/pages.c), so the others always serve light pages.
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

struct lb_server_opts {
	const char *db_path;
	const char *listen;   /* "ADDR:PORT" (IPv4, or [IPv6]:PORT); NULL: 127.0.0.1:8080 */
	const char *tls_cert; /* PEM files; both or neither */
	const char *tls_key;
	int quiet;            /* no request log */
};

typedef struct lb_server lb_server;

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
