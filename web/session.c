/*
 * session.c — sessions and login limits. See session.h.
 */
#include "session.h"

#include <sodium.h>
#include <string.h>

void lb_token_new(char out[LB_TOKEN_HEX + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, LB_TOKEN_HEX + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

int lb_token_valid(const char *s)
{
	size_t i;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == LB_TOKEN_HEX;
}

static void token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

int lb_session_create(lb_db *db, int64_t user_id, const char *address, int64_t now,
		      char token[LB_TOKEN_HEX + 1], lb_err *e)
{
	unsigned char h[32];
	lb_stmt *st;
	int rc;

	lb_token_new(token);
	token_hash(token, h);
	if (!(st = lb_db_prepare(db, "DELETE FROM web_session WHERE expires_at <= ?", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, now);
	if ((rc = lb_step_done(st, e)))
		return rc;
	if (!(st = lb_db_prepare(db, "INSERT INTO web_session(token_hash, user_id, created_at, expires_at, address)"
				     " VALUES (?,?,?,?,?)", e)))
		return LB_ESYS;
	lb_bind_blob(st, 1, h, sizeof h);
	lb_bind_int(st, 2, user_id);
	lb_bind_int(st, 3, now);
	lb_bind_int(st, 4, now + LB_SESSION_SECONDS);
	lb_bind_text(st, 5, address);
	return lb_step_done(st, e);
}

int lb_session_lookup(lb_db *db, const char *token, int64_t now, struct lb_user *u, int *found,
		      lb_err *e)
{
	unsigned char h[32];
	lb_stmt *st;
	int64_t uid;
	int rc;

	*found = 0;
	if (!lb_token_valid(token))
		return LB_OK;
	token_hash(token, h);
	if (!(st = lb_db_prepare(db, "SELECT user_id FROM web_session WHERE token_hash = ? AND expires_at > ?", e)))
		return LB_ESYS;
	lb_bind_blob(st, 1, h, sizeof h);
	lb_bind_int(st, 2, now);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	uid = lb_col_int(st, 0);
	lb_stmt_reset(st);
	if ((rc = lb_user_get(db, uid, u, found, e)))
		return rc;
	if (*found && u->disabled)
		*found = 0;
	return LB_OK;
}

int lb_session_end(lb_db *db, const char *token, lb_err *e)
{
	unsigned char h[32];
	lb_stmt *st;

	if (!lb_token_valid(token))
		return LB_OK;
	token_hash(token, h);
	if (!(st = lb_db_prepare(db, "DELETE FROM web_session WHERE token_hash = ?", e)))
		return LB_ESYS;
	lb_bind_blob(st, 1, h, sizeof h);
	return lb_step_done(st, e);
}

int lb_login_failures(lb_db *db, const char *user, const char *address, int64_t now, int *by_user,
		      int *by_address, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT (SELECT count(*) FROM login_fail WHERE user = ?1 AND at > ?3),"
		" (SELECT count(*) FROM login_fail WHERE address = ?2 AND at > ?3)", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, user);
	lb_bind_text(st, 2, address);
	lb_bind_int(st, 3, now - LB_LOGIN_WINDOW);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? LB_ESYS : rc;
	*by_user = (int)lb_col_int(st, 0);
	*by_address = (int)lb_col_int(st, 1);
	lb_stmt_reset(st);
	return LB_OK;
}

int lb_login_failed(lb_db *db, const char *user, const char *address, int64_t now, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "DELETE FROM login_fail WHERE at <= ?", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, now - LB_LOGIN_WINDOW);
	if ((rc = lb_step_done(st, e)))
		return rc;
	if (!(st = lb_db_prepare(db, "INSERT INTO login_fail(at, user, address) VALUES (?,?,?)", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, now);
	lb_bind_text(st, 2, user);
	lb_bind_text(st, 3, address);
	return lb_step_done(st, e);
}
