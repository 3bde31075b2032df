/*
 * user.h — the people who log in (users), their roles and what those
 * roles may do (capabilities), and their passwords.
 *
 * Owns the tables app_user, user_role and user_point. Both front ends use
 * it: the CLI's `user` commands and the web server's login.
 *
 * Capabilities are letters, after Fossil's: a role is a named set of
 * them (the one table in user.c), a user holds the union of their
 * roles' letters, and every web page names the letters it needs
 * (web/pages.c) — checked in one place before the page runs.
 *
 * Passwords are kept as libsodium's Argon2id string (crypto_pwhash_str)
 * and never leave this module in any other form.
 *
 * Memory: struct lb_user is a plain value; nothing here allocates for the
 * caller. Rows handed to callbacks live until the callback returns.
 */
#ifndef LB_USER_H
#define LB_USER_H

#include <stdint.h>
#include "core/cli.h"
#include "core/db.h"

/* Capability letters. */
#define LB_CAP_HOME 'h'     /* Beranda */
#define LB_CAP_STOCK 's'    /* stock balances, ledgers, expiring lots */
#define LB_CAP_RCP 'r'      /* recipients, NIK masked */
#define LB_CAP_NIK 'n'      /* a recipient's full NIK (each showing audited) */
#define LB_CAP_ROUND 'v'    /* rounds: allocations, vouchers */
#define LB_CAP_REDEEM 'x'   /* the redemption log (penyalur: its points only) */
#define LB_CAP_REPORT 'p'   /* reports, as pages and downloads */
#define LB_CAP_USERS 'u'    /* add, disable users */
#define LB_CAP_KEYS 'k'     /* signing keys' status */
#define LB_CAP_AUDIT 'l'    /* the audit log */
#define LB_CAP_WRITE 'w'    /* any write at all (an auditor has none) */
#define LB_CAP_STOCKW 'g'   /* post stock: receive, move, adjust, reverse, count (gudang) */
#define LB_CAP_FLAG 'f'     /* report a recipient for field verification */
#define LB_CAP_DECIDE 'd'   /* decide field reports and see their photos (pendataan) */
#define LB_CAP_CLOSE 'c'    /* close a month for good (keuangan) */
#define LB_CAP_DATA 'e'     /* register, correct and change recipients, allocate rounds (pendataan) */

enum lb_role {
	LB_ROLE_ADMIN = 1 << 0,
	LB_ROLE_PENDATAAN = 1 << 1,
	LB_ROLE_GUDANG = 1 << 2,
	LB_ROLE_PENYALUR = 1 << 3,
	LB_ROLE_KEUANGAN = 1 << 4,
	LB_ROLE_AUDITOR = 1 << 5,
};
#define LB_ROLE_N 6

/* "admin" -> LB_ROLE_ADMIN; 0 for an unknown name. */
int lb_role_parse(const char *name);
/* The i-th role (0 .. LB_ROLE_N-1): its bit, name and capability letters. */
int lb_role_bit(int i);
const char *lb_role_name(int i);
const char *lb_role_caps(int i);
/* "admin, pendataan, gudang, penyalur, keuangan, auditor" for messages. */
const char *lb_role_list(void);
/* The union of the roles' letters, in the table's order, into out. */
void lb_caps_of_roles(int roles, char out[32]);
/* Does caps hold every letter of need? ("" needs nothing) */
int lb_caps_has(const char *caps, const char *need);

#define LB_USER_NAME_MAX 33
#define LB_USER_POINTS_MAX 16
#define LB_PASSWORD_MIN 8
#define LB_PASSWORD_MAX 256

struct lb_user {
	int64_t id;
	char name[LB_USER_NAME_MAX];
	int roles;          /* enum lb_role bits */
	char caps[32];      /* lb_caps_of_roles(roles) */
	int disabled;
	/* Points a penyalur is limited to (location ids); limited is set
	 * when the user reads the redemption log only through penyalur, so
	 * every read of it must be narrowed to these. */
	int64_t points[LB_USER_POINTS_MAX];
	int npoints;
	int limited;
};

/* Argon2id hash of password (crypto_pwhash_str, moderate parameters so
 * that a server can afford them); out holds at least 128 bytes. */
int lb_pw_hash(const char *password, char out[128], lb_err *e);
/* 1 when password matches stored, 0 otherwise. */
int lb_pw_verify(const char *stored, const char *password);

/* Login names: 1-32 of a-z 0-9 . _ - starting with a letter or digit. */
int lb_user_name_check(const char *name, lb_err *e);
/* Password rules: LB_PASSWORD_MIN..MAX bytes of valid UTF-8. */
int lb_password_check(const char *pw, lb_err *e);

/*
 * Add a user with roles and (for penyalur) point codes, in one
 * transaction with its audit row (by, address: who did it and from
 * where). A name taken is LB_ERULE; an unknown role or point, a penyalur
 * without points or points for a user who is not penyalur, LB_EINPUT.
 */
int lb_user_add(lb_db *db, const char *name, const char *const *roles, int nroles,
		const char *const *points, int npoints, const char *password, const char *by,
		const char *address, lb_err *e);
/* A new password; ends every session of the user. */
int lb_user_passwd(lb_db *db, const char *name, const char *password, const char *by,
		   const char *address, lb_err *e);
/* Disable; ends every session. Disabling a disabled user is LB_ERULE. */
int lb_user_disable(lb_db *db, const char *name, const char *by, const char *address, lb_err *e);

/* Load a user by id or name: *found 0 or 1. */
int lb_user_get(lb_db *db, int64_t id, struct lb_user *out, int *found, lb_err *e);
int lb_user_by_name(lb_db *db, const char *name, struct lb_user *out, int *found, lb_err *e);

/* Check a login: *ok 1 when the user exists, is enabled and the password
 * matches (out filled); 0 otherwise. An unknown name costs a hash too, so
 * timing does not tell which names exist. */
int lb_user_login(lb_db *db, const char *name, const char *password, struct lb_user *out,
		  int *ok, lb_err *e);

/* Is the point (location id) one of the user's? Users not limited to
 * points may see every point. */
int lb_user_may_see_point(const struct lb_user *u, int64_t location_id);

struct lb_user_row {
	int64_t id;
	const char *name;
	const char *roles;   /* "admin,gudang" */
	const char *points;  /* "POS-A,POS-B" or "" */
	int disabled;
	const char *created_at;
};
int lb_user_each(lb_db *db, int (*fn)(void *arg, const struct lb_user_row *r, lb_err *e), void *arg,
		 lb_err *e);

/* ---- operations (core/op.h): what `user add|passwd|disable` and the
 * admin pages do. The password comes from the front end (asked on the
 * terminal, read from stdin, or a form field); address says from where
 * ("cli", or the client's address), for the audit row. ---- */
struct lb_op;

struct lb_user_add_in {
	const char *name;
	struct lb_strv roles;  /* role names, at least one */
	struct lb_strv points; /* point codes (penyalur only) */
	const char *password;
	const char *address;
};
/* What can be refused before a password is asked for: no role, a bad
 * name. lb_user_create checks it again. */
int lb_user_add_check(const struct lb_user_add_in *in, lb_err *e);
/* `user add`: lb_user_add by op->actor. */
int lb_user_create(struct lb_op *op, const struct lb_user_add_in *in, lb_err *e);

struct lb_user_passwd_in {
	const char *name;
	const char *password;
	const char *address;
};
/* `user passwd`: lb_user_passwd by op->actor. */
int lb_user_set_password(struct lb_op *op, const struct lb_user_passwd_in *in, lb_err *e);

struct lb_user_disable_in {
	const char *name;
	const char *address;
};
/* `user disable`: lb_user_disable by op->actor. */
int lb_user_deactivate(struct lb_op *op, const struct lb_user_disable_in *in, lb_err *e);

#endif
