/*
 * idem.c — one-time keys for web forms. See idem.h.
 */
#include "idem.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/session.h"

/* Keys whose first request is running now. Small: at most one per
 * connection the server allows. */
#define INFLIGHT 256
/* How long a second request waits for the first to finish. */
#define WAIT_SECONDS 60

static struct {
	int64_t user_id;
	char key[LB_TOKEN_HEX + 1];
} inflight[INFLIGHT];
static int ninflight;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int64_t last_prune;

static int find_inflight(int64_t uid, const char *key)
{
	for (int i = 0; i < ninflight; i++)
		if (inflight[i].user_id == uid && strcmp(inflight[i].key, key) == 0)
			return i;
	return -1;
}

static void release(struct lb_req *q)
{
	int i;

	if (!q->idem_held)
		return;
	pthread_mutex_lock(&mu);
	if ((i = find_inflight(q->user.id, q->idem_key)) >= 0)
		inflight[i] = inflight[--ninflight];
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&mu);
	q->idem_held = 0;
}

/* The stored answer of (user, key) into r: 1 found, 0 not, -1 failed. */
static int lookup(struct lb_req *q, struct lb_resp *r)
{
	lb_stmt *st = lb_db_prepare(q->db, "SELECT status, type, location, body FROM web_idem"
					   " WHERE user_id = ? AND key = ? AND expires_at > ?", &q->err);
	int rc;

	if (!st)
		return -1;
	lb_bind_int(st, 1, q->user.id);
	lb_bind_text(st, 2, q->idem_key);
	lb_bind_int(st, 3, q->now);
	rc = lb_step(st, &q->err);
	if (rc == LB_DONE)
		return 0;
	if (rc != LB_ROW)
		return -1;
	lb_resp_release(r);
	lb_resp_init(r);
	r->status = (int)lb_col_int(st, 0);
	/* the type is one of the few literals pages use */
	r->type = strncmp(lb_col_text(st, 1), "text/html", 9) == 0 ? "text/html; charset=utf-8"
									: "text/plain; charset=utf-8";
	snprintf(r->location, sizeof r->location, "%s", lb_col_text(st, 2));
	rc = lb_buf_add(&r->body, lb_col_blob(st, 3), lb_col_bytes(st, 3), &q->err);
	lb_stmt_reset(st);
	return rc ? -1 : 1;
}

int lb_idem_begin(struct lb_req *q, struct lb_resp *r)
{
	const char *key = lb_form_get(&q->form, LB_IDEM_FIELD);
	struct timespec until;
	int found;

	q->idem_held = q->idem_stored = 0;
	if (!key || !lb_token_valid(key))
		return LB_IDEM_NOKEY;
	snprintf(q->idem_key, sizeof q->idem_key, "%s", key);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_SECONDS;
	pthread_mutex_lock(&mu);
	while (find_inflight(q->user.id, key) >= 0) {
		if (pthread_cond_timedwait(&cond, &mu, &until) == ETIMEDOUT) {
			pthread_mutex_unlock(&mu);
			return LB_IDEM_STILL_RUNNING;
		}
	}
	if (ninflight >= INFLIGHT) {
		pthread_mutex_unlock(&mu);
		return LB_IDEM_BUSY;
	}
	inflight[ninflight].user_id = q->user.id;
	snprintf(inflight[ninflight].key, sizeof inflight[0].key, "%s", key);
	ninflight++;
	q->idem_held = 1;
	pthread_mutex_unlock(&mu);

	found = lookup(q, r);
	if (found) {
		release(q);
		return found < 0 ? LB_IDEM_FAILED : LB_IDEM_ANSWERED;
	}
	return LB_IDEM_RUN;
}

int lb_idem_store(lb_db *db, int64_t user_id, const char *key, const char *path, int64_t now,
		  const struct lb_resp *r, lb_err *e)
{
	lb_stmt *st;
	int64_t last = __atomic_load_n(&last_prune, __ATOMIC_RELAXED);
	int rc;

	if (now - last >= 60 && __atomic_compare_exchange_n(&last_prune, &last, now, 0, __ATOMIC_RELAXED,
							     __ATOMIC_RELAXED)) {
		if (!(st = lb_db_prepare(db, "DELETE FROM web_idem WHERE expires_at <= ?", e)))
			return LB_ESYS;
		lb_bind_int(st, 1, now);
		if ((rc = lb_step_done(st, e)))
			return rc;
	}
	if (!(st = lb_db_prepare(db, "INSERT OR IGNORE INTO web_idem(user_id, key, path, created_at, expires_at,"
				     " status, type, location, body) VALUES (?,?,?,?,?,?,?,?,?)", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, user_id);
	lb_bind_text(st, 2, key);
	lb_bind_text(st, 3, path);
	lb_bind_int(st, 4, now);
	lb_bind_int(st, 5, now + LB_IDEM_SECONDS);
	lb_bind_int(st, 6, r->status);
	lb_bind_text(st, 7, r->type);
	lb_bind_text(st, 8, r->location);
	lb_bind_blob(st, 9, r->body.data ? r->body.data : "", r->body.len);
	return lb_step_done(st, e);
}

void lb_idem_end(struct lb_req *q, struct lb_resp *r)
{
	if (!q->idem_held)
		return;
	/* q->db is NULL after a write handed to the server's writer
	 * (web/server.h), which stores its answer itself */
	if (!q->idem_stored && q->db && r->status < 500 && r->fd < 0) {
		lb_err e;
		/* Its own small transaction: the page's is over. A failure
		 * here only loses the replay; the redeemer and the journal
		 * still refuse a second posting of the same thing. */
		if (lb_idem_store(q->db, q->user.id, q->idem_key, q->path, q->now, r, &e) == LB_OK)
			q->idem_stored = 1;
	}
	release(q);
}

int lb_idem_field(struct lb_resp *r, lb_err *e)
{
	char key[LB_TOKEN_HEX + 1];
	int rc;

	lb_token_new(key);
	if ((rc = lb_buf_adds(&r->body, "<input type=\"hidden\" name=\"" LB_IDEM_FIELD "\" value=\"", e)) ||
	    (rc = lb_buf_adds(&r->body, key, e)) || (rc = lb_buf_adds(&r->body, "\">", e)))
		return rc;
	return LB_OK;
}
