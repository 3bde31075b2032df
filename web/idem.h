/*
 * idem.h — one-time keys for web forms (table web_idem, migration 10):
 * a double click, a resubmitted form or a retried request posts once and
 * is shown the answer of the first.
 *
 * Every form carries a fresh random key in the hidden field idem (put
 * there by lb_html_csrf, so every form has it without asking). For a
 * page flagged LB_PG_WRITE, lb_web_handle (web/pages.c) calls
 * lb_idem_begin after the session, CSRF and capability checks:
 *   - a POST without a well-formed key is refused (nothing runs);
 *   - a key this user posted before: its stored answer is sent again,
 *     nothing runs;
 *   - a key being posted right now by another request (two clicks in
 *     flight): this request waits for that one and then gets its answer;
 *   - otherwise the page runs, and lb_idem_end stores its answer.
 * A page that writes in its own transaction can store the answer in that
 * same transaction (lb_idem_store, then q->idem_stored = 1): then the
 * write and the answer are on disk together or not at all, even if the
 * server dies in between. Answers of server failures (5xx) are not
 * stored: nothing was written, so a retry may run again.
 *
 * Keys are scoped by user and kept LB_IDEM_SECONDS; expired rows are
 * pruned as new ones come. In-flight keys are held in memory: one server
 * process per database (what `lumbung serve` is).
 *
 * Memory: nothing here allocates for the caller.
 */
#ifndef LB_WEB_IDEM_H
#define LB_WEB_IDEM_H

#include <stdint.h>
#include "core/db.h"
#include "web/pages.h"

#define LB_IDEM_SECONDS (24 * 3600)
#define LB_IDEM_FIELD "idem"

/* What lb_idem_begin found. The refusals are the dispatcher's to show
 * (web/dispatch.c): this module keeps keys and answers, not pages. */
enum {
	LB_IDEM_RUN = 0,           /* run the page; the key is held until lb_idem_end */
	LB_IDEM_ANSWERED,          /* r holds the first request's stored answer */
	LB_IDEM_NOKEY,             /* the form carries no well-formed key */
	LB_IDEM_STILL_RUNNING,     /* the same key's first request outlasted the wait */
	LB_IDEM_BUSY,              /* too many keys in flight */
	LB_IDEM_FAILED,            /* the stored answers could not be read (q->err) */
};

/* Before a writing page runs: one of the above. Only LB_IDEM_RUN holds
 * the key. */
int lb_idem_begin(struct lb_req *q, struct lb_resp *r);
/* After it ran: store r as the key's answer (unless stored already or a
 * server failure) and let waiting requests go. */
void lb_idem_end(struct lb_req *q, struct lb_resp *r);

/* Store an answer for (user_id, key) inside the caller's transaction. */
int lb_idem_store(lb_db *db, int64_t user_id, const char *key, const char *path, int64_t now,
		  const struct lb_resp *r, lb_err *e);

/* The hidden field with a fresh key, into r's body. */
int lb_idem_field(struct lb_resp *r, lb_err *e);

#endif
