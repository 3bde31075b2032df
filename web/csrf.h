/*
 * csrf.h — the check every POST passes before anything runs (after
 * Fossil's cgi_csrf_safe): a hidden field csrf that matches the token
 * derived from the browser's own session (or, on the login form, its
 * pre-login cookie), and an Origin header naming this server.
 *
 * The token is a keyed BLAKE2b of a fixed label under the session token,
 * so it need not be stored, differs for every session, and gives nothing
 * away about the session's token. The check cannot be switched off.
 */
#ifndef LB_WEB_CSRF_H
#define LB_WEB_CSRF_H

#define LB_CSRF_HEX 64

/* The CSRF token of the session (64 hex digits) into out. */
void lb_csrf_token(const char *session_token, char out[LB_CSRF_HEX + 1]);
/* 1 when given is the token of session_token (compared in constant time). */
int lb_csrf_check(const char *session_token, const char *given);
/* 1 when origin is "http://HOST" ("https://" under TLS) for the request's
 * Host header; NULL or "null" never matches. */
int lb_origin_check(const char *origin, const char *host, int tls);

#endif
