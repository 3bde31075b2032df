/*
 * pages_login.c — /login, /logout and the embedded assets.
 *
 * Logging in: the form's CSRF token comes from a pre-login cookie set by
 * GET /login, so that even the login form cannot be posted from another
 * site. A failed login is recorded (login_fail and the audit log) and
 * slowed; past the limits (web/session.h) a login is refused without
 * looking at the password. Hashing is Argon2id over 19 MiB, so logins
 * are taken one at a time: memory stays bounded whatever the load.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/output.h"
#include "recipients/recipient.h"
#include "web/assets.h"
#include "web/csrf.h"
#include "web/html.h"
#include "web/pages.h"

static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;

static int login_form(struct lb_req *q, struct lb_resp *r, const char *user, const char *msg)
{
	int rc;
	lb_err *e = &q->err;

	if ((rc = lb_html_begin(q, r, "Masuk")) ||
	    (rc = lb_html_raw(r, "<div class=\"masuk\">", e)))
		return rc;
	if (msg && ((rc = lb_html_raw(r, "<p class=\"galat\">", e)) || (rc = lb_html_text(r, msg, e)) ||
		    (rc = lb_html_raw(r, "</p>", e))))
		return rc;
	if ((rc = lb_html_raw(r, "<form method=\"post\" action=\"/login\">"
				 "<label>Nama pengguna<input name=\"user\" autocomplete=\"username\" required value=\"", e)) ||
	    (rc = lb_html_text(r, user ? user : "", e)) ||
	    (rc = lb_html_raw(r, "\"></label><label>Kata sandi<input name=\"password\" type=\"password\""
				 " autocomplete=\"current-password\" required></label>", e)) ||
	    (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<button type=\"submit\">Masuk</button></form>"
				 "<p class=\"catatan\">Lupa kata sandi? Minta admin kantor mengganti kata sandi Anda.</p></div>", e)) ||
	    (rc = lb_html_end(q, r)))
		return rc;
	return LB_OK;
}

/* The name as typed, fit for the audit log: cut, and any long run of
 * digits masked (someone may type a NIK into the name box). */
static void typed_name(const char *s, char out[LB_USER_NAME_MAX + 8])
{
	snprintf(out, LB_USER_NAME_MAX + 8, "%s", s ? s : "");
	lb_mask_numbers(out);
}

int lb_pg_login(struct lb_req *q, struct lb_resp *r)
{
	const char *user, *pw;
	char name[LB_USER_NAME_MAX + 8], token[LB_TOKEN_HEX + 1];
	struct lb_user u;
	int by_user = 0, by_addr = 0, ok = 0, rc;

	if (strcmp(q->method, "POST") != 0) {
		if (q->logged_in) {
			lb_resp_redirect(r, "/");
			return LB_OK;
		}
		if (!q->token[0]) {
			lb_token_new(q->token);
			lb_csrf_token(q->token, q->csrf);
			lb_resp_cookie(r, q, LB_PRELOGIN_COOKIE, q->token, 3600);
		}
		return login_form(q, r, NULL, NULL);
	}
	user = lb_form_get(&q->form, "user");
	pw = lb_form_get(&q->form, "password");
	if (!user || !pw || !*user || !*pw) {
		r->status = 400;
		return login_form(q, r, user, "Isi nama pengguna dan kata sandi.");
	}
	typed_name(user, name);
	if ((rc = lb_login_failures(q->db, name, q->address, q->now, &by_user, &by_addr, &q->err)))
		return rc;
	if (by_user >= LB_LOGIN_MAX_USER || by_addr >= LB_LOGIN_MAX_ADDR) {
		if ((rc = lb_audit_add(q->db, name, q->address, "login", "", "refused: too many failed logins", &q->err)))
			return rc;
		r->status = 429;
		return login_form(q, r, user,
				  "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit lalu coba lagi, "
				  "atau minta admin memeriksa akun Anda.");
	}
	pthread_mutex_lock(&hash_lock);
	rc = lb_user_login(q->db, name, pw, &u, &ok, &q->err);
	pthread_mutex_unlock(&hash_lock);
	if (rc)
		return rc;
	if (!ok) {
		struct timespec ts;
		if ((rc = lb_db_begin(q->db, &q->err)))
			return rc;
		if ((rc = lb_login_failed(q->db, name, q->address, q->now, &q->err)) ||
		    (rc = lb_audit_add(q->db, name, q->address, "login", "", "refused: wrong name or password", &q->err)) ||
		    (rc = lb_db_commit(q->db, &q->err))) {
			lb_db_rollback(q->db);
			return rc;
		}
		/* slow guessing down: 0.25 s more for each recent failure */
		ts.tv_sec = 0;
		ts.tv_nsec = 250000000L * (by_user < 3 ? by_user + 1 : 4);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec = ts.tv_nsec / 1000000000L;
			ts.tv_nsec %= 1000000000L;
		}
		nanosleep(&ts, NULL);
		r->status = 401;
		return login_form(q, r, user, "Nama pengguna atau kata sandi salah.");
	}
	if ((rc = lb_db_begin(q->db, &q->err)))
		return rc;
	if ((rc = lb_session_create(q->db, u.id, q->address, q->now, token, &q->err)) ||
	    (rc = lb_audit_add(q->db, u.name, q->address, "login", "", "ok", &q->err)) ||
	    (rc = lb_db_commit(q->db, &q->err))) {
		lb_db_rollback(q->db);
		return rc;
	}
	lb_resp_cookie(r, q, LB_SESSION_COOKIE, token, LB_SESSION_SECONDS);
	lb_resp_cookie(r, q, LB_PRELOGIN_COOKIE, "", 0);
	lb_resp_redirect(r, "/");
	return LB_OK;
}

int lb_pg_logout(struct lb_req *q, struct lb_resp *r)
{
	int rc;

	if (strcmp(q->method, "POST") != 0) {
		/* a link must not log anyone out: ask with a form */
		if ((rc = lb_html_begin(q, r, "Keluar")) ||
		    (rc = lb_html_raw(r, "<form class=\"isian\" method=\"post\" action=\"/logout\">", &q->err)) ||
		    (rc = lb_html_csrf(q, r)) ||
		    (rc = lb_html_raw(r, "<button type=\"submit\">Keluar dari lumbung</button></form>", &q->err)) ||
		    (rc = lb_html_end(q, r)))
			return rc;
		return LB_OK;
	}
	if ((rc = lb_db_begin(q->db, &q->err)))
		return rc;
	if ((rc = lb_session_end(q->db, q->token, &q->err)) ||
	    (rc = lb_audit_add(q->db, q->user.name, q->address, "logout", "", "ok", &q->err)) ||
	    (rc = lb_db_commit(q->db, &q->err))) {
		lb_db_rollback(q->db);
		return rc;
	}
	lb_resp_cookie(r, q, LB_SESSION_COOKIE, "", 0);
	lb_resp_redirect(r, "/login");
	return LB_OK;
}

int lb_pg_asset(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_asset *a = lb_asset_find(q->path + strlen("/static/"));

	if (!a)
		return lb_fail(&q->err, LB_EINPUT, "no such file");
	r->type = a->type;
	r->cache = 1;
	return lb_buf_adds(&r->body, a->data, &q->err);
}
