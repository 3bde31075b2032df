/*
 * server.c — libmicrohttpd glue: one request in, one lb_req built, the
 * registry's check and page run, one lb_resp out with the headers every
 * response carries. See server.h.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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
};

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
	q.db = db_take(s, &slot);
	lb_web_handle(&q, &r);
	db_give(s, slot);
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
	if (v6)
		flags |= MHD_USE_IPv6;
	/* The workers inherit this mask: only lb_server_wait takes these. */
	sigemptyset(&s->sigs);
	sigaddset(&s->sigs, SIGINT);
	sigaddset(&s->sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &s->sigs, NULL);
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
	if (s->d)
		MHD_stop_daemon(s->d);
	for (int i = 0; i < LB_WEB_DB_POOL; i++)
		lb_db_close(s->pool[i]);
	free(s->cert);
	free(s->key);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s);
}
