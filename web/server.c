/*
 * server.c — libmicrohttpd glue: one request in, one lb_req built, the
 * registry's check and page run, one lb_resp out with the headers every
 * response carries. See server.h.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/db.h"
#include "web/dispatch.h"
#include "web/pages.h"

/* No inline script or style anywhere, nothing from elsewhere. */
#define CSP "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;" \
	    " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

#define TOO_BIG_UPLOAD "Berkas terlalu besar: unggahan paling besar 32 MB (foto kupon paling besar 12 MB)." \
	" Perkecil ukuran foto di pengaturan kamera, lalu kirim lagi.\n"

struct lb_server {
	struct MHD_Daemon *d;
	int tls;
	int quiet;
	char url[128];
	/* the database connections the workers take turns with */
	lb_db *pool[LB_WEB_DB_POOL];
	int free_[LB_WEB_DB_POOL];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char *cert, *key;
	sigset_t sigs;
	/* the writer (server.h): its connection, its queue, and the
	 * condition the waiting requests sleep on */
	lb_db *wdb;
	pthread_t writer;
	int writer_started;
	pthread_mutex_t wmu;
	pthread_cond_t wwake, wdone;
	struct lb_web_write *whead, *wtail;
	int wstop;
	/* the syncer: groups committed, waiting for their fsync */
	pthread_t syncer;
	int syncer_started;
	pthread_cond_t swake;
	struct lb_web_write *shead, *stail;
	int sstop;
	int wal_fd;
	char wal_path[4096];
};

/* The server and pooled connection of the request this thread runs
 * (libmicrohttpd's thread per connection), for lb_server_write. */
static __thread lb_server *cur_server;
static __thread int cur_slot = -1;

/* What one connection's request has gathered so far. */
struct conn_state {
	lb_buf body;
	int too_big;
	size_t max;     /* LB_WEB_BODY_MAX, or LB_WEB_UPLOAD_MAX for an upload page */
	int upload;     /* holds one of the LB_WEB_UPLOADS slots */
};

/* Upload bodies being received now. */
static int uploads;

static lb_db *db_take(lb_server *s, int *slot)
{
	lb_db *db = NULL;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		for (int i = 0; i < LB_WEB_DB_POOL; i++)
			if (s->free_[i]) {
				s->free_[i] = 0;
				*slot = i;
				db = s->pool[i];
				break;
			}
		if (db)
			break;
		pthread_cond_wait(&s->cond, &s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	return db;
}

static void db_give(lb_server *s, int slot)
{
	pthread_mutex_lock(&s->lock);
	s->free_[slot] = 1;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

static void add_security_headers(struct MHD_Response *resp, int tls)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

/* A plain response when no page runs (body too large, undecodable). */
static enum MHD_Result plain(lb_server *s, struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	add_security_headers(resp, s->tls);
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct lb_req *q = cls;
	lb_err e;
	(void)kind;
	if (!value)
		value = "";
	if (lb_form_add(&q->query, key, strlen(key), value, strlen(value), &e)) {
		q->err.code = LB_EINPUT; /* noticed after the walk */
		return MHD_NO;
	}
	return MHD_YES;
}

static void log_line(lb_server *s, const struct lb_req *q, int status)
{
	char at[32];
	time_t t = (time_t)q->now;
	struct tm tm;

	if (s->quiet)
		return;
	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s %s %s %s %d %s\n", at, q->address, q->method, q->path, status,
		q->logged_in ? q->user.name : "-");
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload_data, size_t *upload_size,
			      void **con_cls)
{
	lb_server *s = cls;
	struct conn_state *st = *con_cls;
	struct lb_req q;
	struct lb_resp r;
	struct MHD_Response *resp;
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN + 1] = "?";
	const char *ctype;
	enum MHD_Result ret;
	int slot;
	(void)version;

	if (!st) {
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		const struct lb_page *pg = lb_page_find(url);
		size_t max = pg && (pg->flags & LB_PG_UPLOAD) ? LB_WEB_UPLOAD_MAX : LB_WEB_BODY_MAX;
		unsigned long long want = len ? strtoull(len, NULL, 10) : 0;
		int upload = 0;
		if (want > max)
			return plain(s, c, 413, max > LB_WEB_BODY_MAX ? TOO_BIG_UPLOAD : "Permintaan terlalu besar.\n");
		if (max > LB_WEB_BODY_MAX && (!len || want > LB_WEB_BODY_MAX)) {
			if (__atomic_add_fetch(&uploads, 1, __ATOMIC_ACQ_REL) > LB_WEB_UPLOADS) {
				__atomic_sub_fetch(&uploads, 1, __ATOMIC_ACQ_REL);
				return plain(s, c, 503, "Server sedang menerima unggahan lain. Coba lagi sebentar lagi.\n");
			}
			upload = 1;
		}
		if (!(st = calloc(1, sizeof *st))) {
			if (upload)
				__atomic_sub_fetch(&uploads, 1, __ATOMIC_ACQ_REL);
			return MHD_NO;
		}
		lb_buf_init(&st->body);
		st->max = upload ? max : LB_WEB_BODY_MAX;
		st->upload = upload;
		*con_cls = st;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!st->too_big) {
			lb_err e;
			if (st->body.len + *upload_size > st->max ||
			    lb_buf_add(&st->body, upload_data, *upload_size, &e))
				st->too_big = 1;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (st->too_big)
		return plain(s, c, 413, st->upload ? TOO_BIG_UPLOAD : "Permintaan terlalu besar.\n");

	memset(&q, 0, sizeof q);
	lb_form_init(&q.query);
	lb_form_init(&q.form);
	q.method = method;
	q.path = url;
	q.now = (int64_t)time(NULL);
	q.tls = s->tls;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr, sizeof addr);
	}
	q.address = addr;
	q.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	if (!q.host)
		q.host = "";
	q.origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	q.cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
	ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");

	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
	if (q.err.code) {
		lb_form_release(&q.query);
		log_line(s, &q, 400);
		return plain(s, c, 400, "Alamat halaman tidak dapat dibaca.\n");
	}
	if (strcmp(method, "POST") == 0 && st->body.len) {
		int rc = LB_OK;
		if (ctype && strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0)
			rc = lb_form_parse(st->body.data, st->body.len, &q.form, &q.err);
		else if (ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0) {
			const struct lb_page *pg = lb_page_find(url);
			rc = lb_multipart_parse_files(ctype, st->body.data, st->body.len, &q.form,
						      pg && (pg->flags & LB_PG_UPLOAD) ? LB_FORM_FILES : 0, &q.err);
		}
		else
			rc = LB_EINPUT;
		if (rc) {
			lb_form_release(&q.form);
			q.bad_body = 1;
		}
	}

	lb_resp_init(&r);
	cur_server = s;
	q.db = db_take(s, &slot);
	cur_slot = slot;
	lb_web_handle(&q, &r);
	if (cur_slot >= 0) /* lb_server_write gave it back already */
		db_give(s, cur_slot);
	cur_server = NULL;
	cur_slot = -1;
	q.db = NULL;
	log_line(s, &q, r.status);
	lb_form_release(&q.query);
	lb_form_release(&q.form);

	if (r.fd >= 0) {
		resp = MHD_create_response_from_fd64((uint64_t)r.fd_size, r.fd);
		if (resp)
			r.fd = -1; /* libmicrohttpd closes it */
	} else {
		size_t len = r.body.len;
		resp = MHD_create_response_from_buffer(len, lb_buf_detach(&r.body), MHD_RESPMEM_MUST_FREE);
	}
	if (!resp) {
		lb_resp_release(&r);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", r.type);
	MHD_add_response_header(resp, "Cache-Control", r.cache ? "max-age=3600" : "no-store");
	add_security_headers(resp, s->tls);
	if (r.location[0])
		MHD_add_response_header(resp, "Location", r.location);
	for (int i = 0; i < r.ncookies; i++)
		MHD_add_response_header(resp, "Set-Cookie", r.cookies[i]);
	if (r.filename[0]) {
		char cd[200];
		snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", r.filename);
		MHD_add_response_header(resp, "Content-Disposition", cd);
	}
	ret = MHD_queue_response(c, (unsigned)r.status, resp);
	MHD_destroy_response(resp);
	lb_resp_release(&r);
	return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct conn_state *st = *con_cls;
	(void)cls;
	(void)c;
	(void)toe;
	if (st) {
		if (st->upload)
			__atomic_sub_fetch(&uploads, 1, __ATOMIC_ACQ_REL);
		lb_buf_release(&st->body);
		free(st);
		*con_cls = NULL;
	}
}

/* ---- the writer ---- */

static int exec_sp(lb_db *db, const char *sql, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);
	return st ? lb_step_done(st, e) : LB_ESYS;
}

/* Put first..last at the end of a queue (the writer's or the syncer's). */
static void append(struct lb_web_write **head, struct lb_web_write **tail, struct lb_web_write *first,
		   struct lb_web_write *last)
{
	if (*tail)
		(*tail)->next = first;
	else
		*head = first;
	*tail = last;
}

/* Has a write before w in list the same finish (or drop) function? */
static int seen_before(const struct lb_web_write *list, const struct lb_web_write *w, int drop)
{
	for (const struct lb_web_write *p = list; p != w; p = p->next)
		if (drop ? p->drop == w->drop : p->finish == w->finish)
			return 1;
	return 0;
}

/* One group: one transaction, a savepoint per write, one commit. */
static void write_group(lb_server *s, struct lb_web_write *list)
{
	lb_err e;
	int rc;

	lb_err_clear(&e);
	if ((rc = lb_db_begin(s->wdb, &e)) == LB_OK) {
		for (struct lb_web_write *w = list; w && !rc; w = w->next) {
			int wrc;
			lb_err_clear(&w->err);
			if ((rc = exec_sp(s->wdb, "SAVEPOINT lb_web_write", &e)))
				break;
			wrc = w->run(s->wdb, w->arg, &w->err);
			if (wrc == LB_ESYS) {
				rc = wrc;
				e = w->err;
				break;
			}
			if (wrc && (rc = exec_sp(s->wdb, "ROLLBACK TO lb_web_write", &e)))
				break;
			if ((rc = exec_sp(s->wdb, "RELEASE lb_web_write", &e)))
				break;
			w->rc = wrc;
		}
		for (struct lb_web_write *w = list; w && !rc; w = w->next)
			if (w->finish && !seen_before(list, w, 0))
				rc = w->finish(s->wdb, &e);
		if (!rc && (rc = lb_db_commit(s->wdb, &e)) == LB_OK)
			list->committed = 1;
		else if (rc)
			lb_db_rollback(s->wdb);
	}
	if (rc) {
		/* nothing of the group is on disk */
		for (struct lb_web_write *w = list; w; w = w->next) {
			if (w->drop && !seen_before(list, w, 1))
				w->drop();
			w->rc = LB_ESYS;
			w->err = e;
		}
	}
}

static void *writer_main(void *arg)
{
	lb_server *s = arg;

	pthread_mutex_lock(&s->wmu);
	for (;;) {
		struct lb_web_write *list, *end;
		int n = 1;

		while (!s->whead && !s->wstop)
			pthread_cond_wait(&s->wwake, &s->wmu);
		if (!s->whead)
			break;
		list = end = s->whead;
		while (end->next && n < LB_WEB_WRITE_GROUP) {
			end = end->next;
			n++;
		}
		s->whead = end->next;
		if (!s->whead)
			s->wtail = NULL;
		end->next = NULL;
		pthread_mutex_unlock(&s->wmu);
		write_group(s, list);
		pthread_mutex_lock(&s->wmu);
		if (!list->committed) {
			/* rolled back: nothing to wait for */
			for (struct lb_web_write *w = list; w; w = w->next)
				w->done = 1;
			pthread_cond_broadcast(&s->wdone);
		} else {
			append(&s->shead, &s->stail, list, end);
			pthread_cond_signal(&s->swake);
		}
	}
	pthread_mutex_unlock(&s->wmu);
	return NULL;
}

/* fdatasync the database's WAL, where the writer's commits are (it
 * commits with synchronous=NORMAL: written, not yet synced). Any
 * descriptor of the file will do: the kernel syncs the file. Opened
 * again if the file was replaced. */
static int sync_wal(lb_server *s, lb_err *e)
{
	struct stat a, b;

	if (s->wal_fd >= 0 && (fstat(s->wal_fd, &a) != 0 || stat(s->wal_path, &b) != 0 || a.st_ino != b.st_ino ||
			       a.st_dev != b.st_dev)) {
		close(s->wal_fd);
		s->wal_fd = -1;
	}
	if (s->wal_fd < 0 && (s->wal_fd = open(s->wal_path, O_RDONLY | O_CLOEXEC)) < 0)
		return lb_fail(e, LB_ESYS, "cannot open '%s' to sync it: %s", s->wal_path, strerror(errno));
	if (fdatasync(s->wal_fd) != 0)
		return lb_fail(e, LB_ESYS, "cannot sync '%s': %s", s->wal_path, strerror(errno));
	return LB_OK;
}

/* The syncer: one fdatasync for every group committed meanwhile, then
 * their requests may answer. The writer goes on with the next group
 * during the fsync: that overlap is what the syncer is for. */
static void *syncer_main(void *arg)
{
	lb_server *s = arg;

	pthread_mutex_lock(&s->wmu);
	for (;;) {
		struct lb_web_write *list;
		lb_err e;
		int rc;

		while (!s->shead && !s->sstop)
			pthread_cond_wait(&s->swake, &s->wmu);
		if (!s->shead)
			break;
		list = s->shead;
		s->shead = s->stail = NULL;
		pthread_mutex_unlock(&s->wmu);
		lb_err_clear(&e);
		rc = sync_wal(s, &e);
		pthread_mutex_lock(&s->wmu);
		for (struct lb_web_write *w = list, *next; w; w = next) {
			next = w->next;
			if (rc) {
				/* committed, but not known to be on disk: no
				 * answer may say it is */
				w->rc = LB_ESYS;
				w->err = e;
			}
			w->done = 1;
		}
		pthread_cond_broadcast(&s->wdone);
	}
	pthread_mutex_unlock(&s->wmu);
	return NULL;
}

int lb_server_write(struct lb_req *q, struct lb_web_write *w)
{
	lb_server *s = cur_server;

	if (!s || cur_slot < 0)
		return lb_fail(&q->err, LB_ESYS, "bug: a write handed to the writer outside a request");
	w->rc = LB_OK;
	w->done = 0;
	w->committed = 0;
	w->next = NULL;
	/* Nothing of this request's is open on its connection: another
	 * request may have it while this one waits. */
	if (lb_db_in_tx(q->db))
		lb_db_rollback(q->db);
	db_give(s, cur_slot);
	cur_slot = -1;
	q->db = NULL;
	pthread_mutex_lock(&s->wmu);
	append(&s->whead, &s->wtail, w, w);
	pthread_cond_signal(&s->wwake);
	while (!w->done)
		pthread_cond_wait(&s->wdone, &s->wmu);
	pthread_mutex_unlock(&s->wmu);
	/* No connection is taken again: requests waiting for this one's
	 * one-time key (web/idem.c) may hold all of the pool. (run may
	 * have pointed q->db at the writer's.) */
	q->db = NULL;
	if (w->rc)
		q->err = w->err;
	return w->rc;
}

static int read_file(const char *path, char **out, lb_err *e)
{
	FILE *f = fopen(path, "rb");
	lb_buf b;
	char chunk[4096];
	size_t n;
	int rc = LB_OK;

	if (!f)
		return lb_fail(e, LB_EINPUT, "cannot read '%s': %s", path, strerror(errno));
	lb_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if ((rc = lb_buf_add(&b, chunk, n, e)))
			break;
	if (!rc && ferror(f))
		rc = lb_fail(e, LB_ESYS, "cannot read '%s'", path);
	fclose(f);
	if (rc) {
		lb_buf_release(&b);
		return rc;
	}
	*out = lb_buf_detach(&b);
	return LB_OK;
}

static int parse_listen(const char *s, struct sockaddr_storage *ss, int *v6, lb_err *e)
{
	char host[64];
	const char *colon;
	char *end;
	long port;
	size_t hl;

	memset(ss, 0, sizeof *ss);
	*v6 = 0;
	if (s[0] == '[') {
		const char *rb = strchr(s, ']');
		if (!rb || rb[1] != ':')
			return lb_fail(e, LB_EINPUT, "--listen '%s': use ADDR:PORT or [IPv6]:PORT", s);
		hl = (size_t)(rb - s - 1);
		colon = rb + 1;
		*v6 = 1;
		if (hl >= sizeof host)
			return lb_fail(e, LB_EINPUT, "--listen '%s': address too long", s);
		memcpy(host, s + 1, hl);
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return lb_fail(e, LB_EINPUT, "--listen '%s': use ADDR:PORT, e.g. 0.0.0.0:8080", s);
		hl = (size_t)(colon - s);
		if (hl >= sizeof host)
			return lb_fail(e, LB_EINPUT, "--listen '%s': address too long", s);
		memcpy(host, s, hl);
	}
	host[hl] = 0;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port < 0 || port > 65535)
		return lb_fail(e, LB_EINPUT, "--listen '%s': the port must be 0-65535", s);
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			return lb_fail(e, LB_EINPUT, "--listen '%s': '%s' is not an IPv6 address", s, host);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			return lb_fail(e, LB_EINPUT, "--listen '%s': '%s' is not an IPv4 address", s, host);
	}
	return LB_OK;
}

int lb_server_start(const struct lb_server_opts *o, lb_server **out, lb_err *e)
{
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	char host[INET6_ADDRSTRLEN + 1];
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
			 MHD_USE_ERROR_LOG;
	lb_server *s;
	int v6, rc;

	*out = NULL;
	if (!!o->tls_cert != !!o->tls_key)
		return lb_fail(e, LB_EINPUT, "serve: give both --tls-cert and --tls-key, or neither");
	if ((rc = parse_listen(o->listen ? o->listen : "127.0.0.1:8080", &ss, &v6, e)))
		return rc;
	if (o->tls_cert && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return lb_fail(e, LB_ESYS, "serve: this libmicrohttpd was built without TLS");
	if (!(s = calloc(1, sizeof *s)))
		return lb_oom(e);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	pthread_mutex_init(&s->wmu, NULL);
	pthread_cond_init(&s->wwake, NULL);
	pthread_cond_init(&s->wdone, NULL);
	pthread_cond_init(&s->swake, NULL);
	s->wal_fd = -1;
	s->quiet = o->quiet;
	if (o->tls_cert) {
		if ((rc = read_file(o->tls_cert, &s->cert, e)) || (rc = read_file(o->tls_key, &s->key, e)))
			goto fail;
		s->tls = 1;
		flags |= MHD_USE_TLS;
	}
	for (int i = 0; i < LB_WEB_DB_POOL; i++) {
		char pragma[64];
		if ((rc = lb_db_open(o->db_path, LB_DB_EXISTING, &s->pool[i], e)))
			goto fail;
		/* bounded memory: the pool's caches together stay well under
		 * what a small office server can spare */
		snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", LB_WEB_DB_CACHE_KIB);
		if ((rc = lb_db_exec(s->pool[i], pragma, e)))
			goto fail;
		/* the redeemer asks for this when it opens, which SQLite
		 * refuses inside the scan page's transaction unless it is so
		 * already (web/pages_redeem.c) */
		if ((rc = lb_db_exec(s->pool[i], "PRAGMA temp_store=MEMORY", e)))
			goto fail;
		s->free_[i] = 1;
	}
	if ((rc = lb_db_open(o->db_path, LB_DB_EXISTING, &s->wdb, e)))
		goto fail;
	{
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", LB_WEB_DB_CACHE_KIB);
		/* Its commits are synced by the syncer before anyone is told
		 * (server.h), not inside COMMIT, which holds the write lock. */
		if ((rc = lb_db_exec(s->wdb, pragma, e)) || (rc = lb_db_exec(s->wdb, "PRAGMA temp_store=MEMORY", e)) ||
		    (rc = lb_db_exec(s->wdb, "PRAGMA synchronous=NORMAL", e)))
			goto fail;
	}
	if (snprintf(s->wal_path, sizeof s->wal_path, "%s-wal", o->db_path) >= (int)sizeof s->wal_path) {
		rc = lb_fail(e, LB_EINPUT, "serve: the database's path is too long");
		goto fail;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	/* The workers inherit this mask: only lb_server_wait takes these. */
	sigemptyset(&s->sigs);
	sigaddset(&s->sigs, SIGINT);
	sigaddset(&s->sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &s->sigs, NULL);
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
		rc = lb_fail(e, LB_ESYS, "serve: cannot start the writer thread");
		goto fail;
	}
	s->writer_started = 1;
	if (pthread_create(&s->syncer, NULL, syncer_main, s) != 0) {
		rc = lb_fail(e, LB_ESYS, "serve: cannot start the syncing thread");
		goto fail;
	}
	s->syncer_started = 1;
	signal(SIGPIPE, SIG_IGN);
	if (s->tls)
		s->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
					MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
					MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
					MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)128,
					MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LB_WEB_IDLE_SECONDS,
					MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
					MHD_OPTION_NOTIFY_COMPLETED, completed, s,
					MHD_OPTION_HTTPS_MEM_CERT, s->cert, MHD_OPTION_HTTPS_MEM_KEY, s->key,
					MHD_OPTION_END);
	else
		s->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
					MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
					MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
					MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)128,
					MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)LB_WEB_IDLE_SECONDS,
					MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
					MHD_OPTION_NOTIFY_COMPLETED, completed, s,
					MHD_OPTION_END);
	if (!s->d) {
		rc = lb_fail(e, LB_ESYS, "serve: cannot listen on %s (in use, or not an address of this machine)",
			     o->listen ? o->listen : "127.0.0.1:8080");
		goto fail;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
	snprintf(s->url, sizeof s->url, "%s://%s%s%s:%u/", s->tls ? "https" : "http", v6 ? "[" : "", host,
		 v6 ? "]" : "", info ? (unsigned)info->port : 0u);
	*out = s;
	return LB_OK;
fail:
	lb_server_stop(s);
	return rc;
}

const char *lb_server_url(const lb_server *s)
{
	return s->url;
}

void lb_server_wait(lb_server *s)
{
	int sig;
	sigwait(&s->sigs, &sig);
}

void lb_server_stop(lb_server *s)
{
	if (!s)
		return;
	/* the requests under way finish first; their writes need the writer */
	if (s->d)
		MHD_stop_daemon(s->d);
	if (s->writer_started) {
		pthread_mutex_lock(&s->wmu);
		s->wstop = 1;
		pthread_cond_signal(&s->wwake);
		pthread_mutex_unlock(&s->wmu);
		pthread_join(s->writer, NULL);
	}
	if (s->syncer_started) {
		pthread_mutex_lock(&s->wmu);
		s->sstop = 1;
		pthread_cond_signal(&s->swake);
		pthread_mutex_unlock(&s->wmu);
		pthread_join(s->syncer, NULL);
	}
	if (s->wal_fd >= 0)
		close(s->wal_fd);
	lb_db_close(s->wdb);
	for (int i = 0; i < LB_WEB_DB_POOL; i++)
		lb_db_close(s->pool[i]);
	free(s->cert);
	free(s->key);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->wmu);
	pthread_cond_destroy(&s->wwake);
	pthread_cond_destroy(&s->wdone);
	pthread_cond_destroy(&s->swake);
	free(s);
}
