/*
 * user.c — users, roles, capabilities and passwords. See user.h.
 */
#include "web/user.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/op.h"
#include "core/text.h"
#include "inventory/location.h"

/*
 * The one table of roles and their capabilities. Every role reads the
 * Beranda; only roles with 'w' may write anything, so an auditor can
 * read everything and change nothing.
 */
static const struct {
	int bit;
	const char *name;
	const char *caps;
} roles[LB_ROLE_N] = {
	{ LB_ROLE_ADMIN, "admin", "hsrnvxpukwlgfdce" },
	{ LB_ROLE_PENDATAAN, "pendataan", "hrnvwfde" },
	{ LB_ROLE_GUDANG, "gudang", "hswg" },
	{ LB_ROLE_PENYALUR, "penyalur", "hxwf" },
	{ LB_ROLE_KEUANGAN, "keuangan", "hsrvxpwc" },
	{ LB_ROLE_AUDITOR, "auditor", "hsrvxpkl" },
};

/* Roles that read every point's redemptions; a penyalur without one of
 * them is limited to its own points. */
#define ALL_POINTS_ROLES (LB_ROLE_ADMIN | LB_ROLE_KEUANGAN | LB_ROLE_AUDITOR)

/* Moderate Argon2id parameters: 2 passes over 19 MiB (OWASP's minimum),
 * so that a small office server can take a few logins at once. */
#define PW_OPS 2
#define PW_MEM (19u * 1024u * 1024u)

int lb_role_parse(const char *name)
{
	for (int i = 0; i < LB_ROLE_N; i++)
		if (strcmp(name, roles[i].name) == 0)
			return roles[i].bit;
	return 0;
}

int lb_role_bit(int i) { return roles[i].bit; }
const char *lb_role_name(int i) { return roles[i].name; }
const char *lb_role_caps(int i) { return roles[i].caps; }

const char *lb_role_list(void)
{
	return "admin, pendataan, gudang, penyalur, keuangan, auditor";
}

void lb_caps_of_roles(int r, char out[32])
{
	size_t n = 0;
	out[0] = 0;
	for (int i = 0; i < LB_ROLE_N; i++) {
		if (!(r & roles[i].bit))
			continue;
		for (const char *c = roles[i].caps; *c; c++)
			if (!strchr(out, *c) && n < 31) {
				out[n++] = *c;
				out[n] = 0;
			}
	}
}

int lb_caps_has(const char *caps, const char *need)
{
	for (; *need; need++)
		if (!strchr(caps, *need))
			return 0;
	return 1;
}

int lb_pw_hash(const char *password, char out[128], lb_err *e)
{
	if (crypto_pwhash_str(out, password, strlen(password), PW_OPS, PW_MEM) != 0)
		return lb_fail(e, LB_ESYS, "cannot hash the password: out of memory");
	return LB_OK;
}

int lb_pw_verify(const char *stored, const char *password)
{
	return crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
}

int lb_user_name_check(const char *name, lb_err *e)
{
	size_t n = strlen(name);
	if (n == 0 || n >= LB_USER_NAME_MAX)
		return lb_fail(e, LB_EINPUT, "a user name has 1 to %d characters", LB_USER_NAME_MAX - 1);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return lb_fail(e, LB_EINPUT,
				       "user name '%s' is not valid: use a-z, 0-9, '.', '_' and '-', starting with a letter or digit",
				       name);
	}
	return LB_OK;
}

int lb_password_check(const char *pw, lb_err *e)
{
	size_t n = strlen(pw);
	if (n < LB_PASSWORD_MIN)
		return lb_fail(e, LB_EINPUT, "the password is too short: at least %d characters",
			       LB_PASSWORD_MIN);
	if (n > LB_PASSWORD_MAX)
		return lb_fail(e, LB_EINPUT, "the password is too long: at most %d bytes", LB_PASSWORD_MAX);
	if (!lb_utf8_valid(pw, n))
		return lb_fail(e, LB_EINPUT, "the password is not valid UTF-8");
	return LB_OK;
}

static int point_id(lb_db *db, const char *code, int64_t *id, lb_err *e)
{
	struct lb_location l;
	int rc = lb_location_find(db, code, &l, e);

	if (rc)
		return rc;
	if (l.kind != LB_LOC_POINT)
		return lb_fail(e, LB_EINPUT, "'%s' is not a distribution point", code);
	*id = l.id;
	return LB_OK;
}

int lb_user_add(lb_db *db, const char *name, const char *const *rl, int nroles,
		const char *const *points, int npoints, const char *password, const char *by,
		const char *address, lb_err *e)
{
	char hash[128], now[21];
	int bits = 0, rc, found;
	int64_t uid, pids[LB_USER_POINTS_MAX];
	struct lb_user u;
	lb_stmt *st;

	if ((rc = lb_user_name_check(name, e)))
		return rc;
	if (nroles == 0)
		return lb_fail(e, LB_EINPUT, "user '%s' needs at least one --role (%s)", name,
			       lb_role_list());
	for (int i = 0; i < nroles; i++) {
		int b = lb_role_parse(rl[i]);
		if (!b)
			return lb_fail(e, LB_EINPUT, "unknown role '%s' (the roles are: %s)", rl[i],
				       lb_role_list());
		bits |= b;
	}
	if ((bits & LB_ROLE_PENYALUR) && npoints == 0)
		return lb_fail(e, LB_EINPUT, "a penyalur acts for named points: give --point CODE");
	if (!(bits & LB_ROLE_PENYALUR) && npoints > 0)
		return lb_fail(e, LB_EINPUT, "--point is only for the penyalur role");
	if (npoints > LB_USER_POINTS_MAX)
		return lb_fail(e, LB_EINPUT, "at most %d points per user", LB_USER_POINTS_MAX);
	if ((rc = lb_password_check(password, e)))
		return rc;
	if ((rc = lb_user_by_name(db, name, &u, &found, e)))
		return rc;
	if (found)
		return lb_fail(e, LB_ERULE, "user '%s' exists already", name);
	for (int i = 0; i < npoints; i++)
		if ((rc = point_id(db, points[i], &pids[i], e)))
			return rc;
	if ((rc = lb_pw_hash(password, hash, e)))
		return rc;
	lb_now_utc(now);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if (!(st = lb_db_prepare(db, "INSERT INTO app_user(name, pw_hash, created_at, changed_at) VALUES (?,?,?,?)", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, name);
	lb_bind_text(st, 2, hash);
	lb_bind_text(st, 3, now);
	lb_bind_text(st, 4, now);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	uid = lb_db_last_id(db);
	for (int i = 0; i < LB_ROLE_N; i++) {
		if (!(bits & roles[i].bit))
			continue;
		if (!(st = lb_db_prepare(db, "INSERT INTO user_role(user_id, role) VALUES (?,?)", e))) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_int(st, 1, uid);
		lb_bind_text(st, 2, roles[i].name);
		if ((rc = lb_step_done(st, e)))
			goto fail;
	}
	for (int i = 0; i < npoints; i++) {
		if (!(st = lb_db_prepare(db, "INSERT OR IGNORE INTO user_point(user_id, location_id) VALUES (?,?)", e))) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_int(st, 1, uid);
		lb_bind_int(st, 2, pids[i]);
		if ((rc = lb_step_done(st, e)))
			goto fail;
	}
	if ((rc = lb_audit_add(db, by, address, "user.add", name, "ok", e)))
		goto fail;
	if ((rc = lb_db_commit(db, e)))
		goto fail;
	sodium_memzero(hash, sizeof hash);
	return LB_OK;
fail:
	lb_db_rollback(db);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

static int end_sessions(lb_db *db, int64_t uid, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "DELETE FROM web_session WHERE user_id = ?", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, uid);
	return lb_step_done(st, e);
}

/* Change a user's row (a new hash, or disabled), end their sessions and
 * audit it, in one transaction. */
static int change(lb_db *db, const struct lb_user *u, const char *hash, const char *action, const char *by,
		  const char *address, lb_err *e)
{
	char now[21];
	lb_stmt *st;
	int rc;

	lb_now_utc(now);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	st = hash ? lb_db_prepare(db, "UPDATE app_user SET pw_hash = ?1, changed_at = ?2 WHERE id = ?3", e)
		  : lb_db_prepare(db, "UPDATE app_user SET disabled = 1, changed_at = ?2 WHERE id = ?3", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	if (hash)
		lb_bind_text(st, 1, hash);
	lb_bind_text(st, 2, now);
	lb_bind_int(st, 3, u->id);
	if ((rc = lb_step_done(st, e)) || (rc = end_sessions(db, u->id, e)) ||
	    (rc = lb_audit_add(db, by, address, action, u->name, "ok", e)) || (rc = lb_db_commit(db, e)))
		goto fail;
	return LB_OK;
fail:
	lb_db_rollback(db);
	return rc;
}

int lb_user_passwd(lb_db *db, const char *name, const char *password, const char *by,
		   const char *address, lb_err *e)
{
	char hash[128];
	struct lb_user u;
	int found, rc;

	if ((rc = lb_password_check(password, e)))
		return rc;
	if ((rc = lb_user_by_name(db, name, &u, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_EINPUT, "no user is named '%s'", name);
	if ((rc = lb_pw_hash(password, hash, e)))
		return rc;
	rc = change(db, &u, hash, "user.passwd", by, address, e);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int lb_user_disable(lb_db *db, const char *name, const char *by, const char *address, lb_err *e)
{
	struct lb_user u;
	int found, rc;

	if ((rc = lb_user_by_name(db, name, &u, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_EINPUT, "no user is named '%s'", name);
	if (u.disabled)
		return lb_fail(e, LB_ERULE, "user '%s' is disabled already", u.name);
	return change(db, &u, NULL, "user.disable", by, address, e);
}

static int load(lb_db *db, lb_stmt *st, struct lb_user *out, int *found, char *pw, lb_err *e)
{
	int rc = lb_step(st, e);

	memset(out, 0, sizeof *out);
	*found = 0;
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	out->id = lb_col_int(st, 0);
	snprintf(out->name, sizeof out->name, "%s", lb_col_text(st, 1));
	out->disabled = (int)lb_col_int(st, 2);
	if (pw)
		snprintf(pw, 128, "%s", lb_col_text(st, 3));
	lb_stmt_reset(st);
	*found = 1;

	if (!(st = lb_db_prepare(db, "SELECT role FROM user_role WHERE user_id = ?", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, out->id);
	while ((rc = lb_step(st, e)) == LB_ROW)
		out->roles |= lb_role_parse(lb_col_text(st, 0));
	if (rc != LB_DONE)
		return rc;
	lb_caps_of_roles(out->roles, out->caps);
	if (!(st = lb_db_prepare(db, "SELECT location_id FROM user_point WHERE user_id = ? ORDER BY location_id", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, out->id);
	while ((rc = lb_step(st, e)) == LB_ROW)
		if (out->npoints < LB_USER_POINTS_MAX)
			out->points[out->npoints++] = lb_col_int(st, 0);
	if (rc != LB_DONE)
		return rc;
	out->limited = (out->roles & LB_ROLE_PENYALUR) && !(out->roles & ALL_POINTS_ROLES);
	return LB_OK;
}

int lb_user_get(lb_db *db, int64_t id, struct lb_user *out, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT id, name, disabled, pw_hash FROM app_user WHERE id = ?", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	return load(db, st, out, found, NULL, e);
}

int lb_user_by_name(lb_db *db, const char *name, struct lb_user *out, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT id, name, disabled, pw_hash FROM app_user WHERE name = ?", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, name);
	return load(db, st, out, found, NULL, e);
}

int lb_user_login(lb_db *db, const char *name, const char *password, struct lb_user *out,
		  int *ok, lb_err *e)
{
	/* A hash of a password nobody has, verified when the name is
	 * unknown so that an unknown name takes as long as a wrong password. */
	static char dummy[128];
	static int have_dummy;
	char stored[128] = "";
	int found, rc;
	lb_stmt *st = lb_db_prepare(db, "SELECT id, name, disabled, pw_hash FROM app_user WHERE name = ?", e);

	*ok = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, name);
	if ((rc = load(db, st, out, &found, stored, e)))
		return rc;
	if (!found) {
		if (!__atomic_load_n(&have_dummy, __ATOMIC_ACQUIRE)) {
			char tmp[128];
			if (lb_pw_hash("lumbung: no such user", tmp, e) == LB_OK) {
				memcpy(dummy, tmp, sizeof dummy);
				__atomic_store_n(&have_dummy, 1, __ATOMIC_RELEASE);
			}
		}
		if (__atomic_load_n(&have_dummy, __ATOMIC_ACQUIRE))
			(void)lb_pw_verify(dummy, password);
		return LB_OK;
	}
	if (lb_pw_verify(stored, password) && !out->disabled)
		*ok = 1;
	sodium_memzero(stored, sizeof stored);
	return LB_OK;
}

int lb_user_may_see_point(const struct lb_user *u, int64_t location_id)
{
	if (!u->limited)
		return 1;
	for (int i = 0; i < u->npoints; i++)
		if (u->points[i] == location_id)
			return 1;
	return 0;
}

int lb_user_each(lb_db *db, int (*fn)(void *arg, const struct lb_user_row *r, lb_err *e), void *arg,
		 lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT u.id, u.name, u.disabled, u.created_at,"
		" (SELECT group_concat(role, ',') FROM (SELECT role FROM user_role WHERE user_id = u.id ORDER BY CASE role"
		"   WHEN 'admin' THEN 1 WHEN 'pendataan' THEN 2 WHEN 'gudang' THEN 3 WHEN 'penyalur' THEN 4"
		"   WHEN 'keuangan' THEN 5 ELSE 6 END)),"
		" (SELECT group_concat(code, ',') FROM (SELECT l.code FROM user_point p JOIN location l ON l.id = p.location_id"
		"   WHERE p.user_id = u.id ORDER BY l.code))"
		" FROM app_user u ORDER BY u.name", e);
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_user_row r = {
			.id = lb_col_int(st, 0),
			.name = lb_col_text(st, 1),
			.disabled = (int)lb_col_int(st, 2),
			.created_at = lb_col_text(st, 3),
			.roles = lb_col_text(st, 4),
			.points = lb_col_text(st, 5),
		};
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* ---- operations ---- */

int lb_user_add_check(const struct lb_user_add_in *in, lb_err *e)
{
	if (in->roles.n == 0)
		return lb_fail(e, LB_EINPUT, "user add: option '--role' is required (%s)", lb_role_list());
	return lb_user_name_check(in->name, e);
}

int lb_user_create(struct lb_op *op, const struct lb_user_add_in *in, lb_err *e)
{
	int rc;

	if ((rc = lb_user_add_check(in, e)))
		return rc;
	return lb_user_add(op->db, in->name, in->roles.v, (int)in->roles.n, in->points.v, (int)in->points.n,
			   in->password, op->actor, in->address, e);
}

int lb_user_set_password(struct lb_op *op, const struct lb_user_passwd_in *in, lb_err *e)
{
	return lb_user_passwd(op->db, in->name, in->password, op->actor, in->address, e);
}

int lb_user_deactivate(struct lb_op *op, const struct lb_user_disable_in *in, lb_err *e)
{
	return lb_user_disable(op->db, in->name, op->actor, in->address, e);
}
