/*
 * session.h — login sessions and the limits on guessing passwords.
 *
 * A session is a random 256-bit token, sent to the browser as 64 hex
 * digits in an HttpOnly, SameSite=Strict cookie and stored only as its
 * BLAKE2b hash with an expiry (table web_session), so that a copy of the
 * database logs nobody in. Logout deletes the row; disabling a user or
 * changing their password deletes all of theirs (web/user.c).
 *
 * Failed logins are kept for LB_LOGIN_WINDOW seconds (table login_fail);
 * past LB_LOGIN_MAX_USER for a name or LB_LOGIN_MAX_ADDR from an address
 * a login is refused without looking at the password.
 *
 * Memory: nothing here allocates for the caller.
 */
#ifndef LB_WEB_SESSION_H
#define LB_WEB_SESSION_H

#include <stdint.h>
#include "core/db.h"
#include "web/user.h"

#define LB_SESSION_COOKIE "lumbung_sesi"
#define LB_PRELOGIN_COOKIE "lumbung_pra" /* ties the login form's CSRF token to a browser */
#define LB_SESSION_SECONDS (10 * 3600)  /* a working day */
#define LB_TOKEN_HEX 64

#define LB_LOGIN_WINDOW 900
#define LB_LOGIN_MAX_USER 5
#define LB_LOGIN_MAX_ADDR 30

/* A new random token as 64 lowercase hex digits. */
void lb_token_new(char out[LB_TOKEN_HEX + 1]);
/* Is s exactly 64 lowercase hex digits? */
int lb_token_valid(const char *s);

/* Start a session for user_id; token receives the cookie's value. */
int lb_session_create(lb_db *db, int64_t user_id, const char *address, int64_t now,
		      char token[LB_TOKEN_HEX + 1], lb_err *e);
/* The user of a live session: *found 1 with u filled when token names a
 * session that has not expired and whose user is not disabled. */
int lb_session_lookup(lb_db *db, const char *token, int64_t now, struct lb_user *u, int *found,
		      lb_err *e);
/* End the session (logout); an unknown token is not an error. */
int lb_session_end(lb_db *db, const char *token, lb_err *e);

/* Failed logins in the window for the name and for the address. */
int lb_login_failures(lb_db *db, const char *user, const char *address, int64_t now, int *by_user,
		      int *by_address, lb_err *e);
/* Record a failed login, pruning rows older than the window. */
int lb_login_failed(lb_db *db, const char *user, const char *address, int64_t now, lb_err *e);

#endif
