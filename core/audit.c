/*
 * audit.c — the audit log. See audit.h.
 */
#include "audit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

static void cut(char *dst, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len >= n)
		len = n - 1;
	/* do not cut inside a UTF-8 sequence */
	while (len > 0 && s && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	if (len)
		memcpy(dst, s, len);
	dst[len] = 0;
}

int lb_audit_add(lb_db *db, const char *user, const char *address, const char *action,
		 const char *subject, const char *result, lb_err *e)
{
	char at[21], u[201], a[201], ac[201], su[201], r[201];
	lb_stmt *st = lb_db_prepare(db,
		"INSERT INTO audit(at, user, address, action, subject, result) VALUES (?,?,?,?,?,?)", e);

	if (!st)
		return LB_ESYS;
	lb_now_utc(at);
	cut(u, sizeof u, user);
	cut(a, sizeof a, address);
	cut(ac, sizeof ac, action);
	cut(su, sizeof su, subject);
	cut(r, sizeof r, result);
	lb_bind_text(st, 1, at);
	lb_bind_text(st, 2, u);
	lb_bind_text(st, 3, a);
	lb_bind_text(st, 4, ac);
	lb_bind_text(st, 5, su);
	lb_bind_text(st, 6, r);
	return lb_step_done(st, e);
}

int lb_audit_each(lb_db *db, const struct lb_audit_filter *f,
		  int (*fn)(void *arg, const struct lb_audit_row *r, lb_err *e), void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT id, at, user, address, action, subject, result FROM audit"
		" WHERE (?1 IS NULL OR user = ?1) AND (?2 IS NULL OR action = ?2)"
		" ORDER BY id DESC LIMIT ?3", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, f && f->user && *f->user ? f->user : NULL);
	lb_bind_text(st, 2, f && f->action && *f->action ? f->action : NULL);
	lb_bind_int(st, 3, f && f->limit > 0 ? f->limit : -1);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_audit_row r = {
			.id = lb_col_int(st, 0),
			.at = lb_col_text(st, 1),
			.user = lb_col_text(st, 2),
			.address = lb_col_text(st, 3),
			.action = lb_col_text(st, 4),
			.subject = lb_col_text(st, 5),
			.result = lb_col_text(st, 6),
		};
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	lb_stmt_reset(st);
	return rc == LB_DONE ? LB_OK : rc;
}
