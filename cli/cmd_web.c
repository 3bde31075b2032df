/*
 * cmd_web.c — `lumbung serve`, the `user` commands and `lumbung audit`.
 *
 * Passwords are read from the terminal (echo off, asked twice) or, with
 * --password-stdin, from the first line of standard input; never from
 * the command line, where other users of the machine could see them.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/commands.h"
#include "cli/list.h"
#include "core/audit.h"
#include "core/auditlog.h"
#include "core/op.h"
#include "core/output.h"
#include "web/user.h"
#include "web/server.h"

/* One line from f into buf (n bytes), without its newline. */
static int read_line(FILE *f, char *buf, size_t n, lb_err *e)
{
	size_t len;
	if (!fgets(buf, (int)n, f))
		return lb_fail(e, LB_EINPUT, "no password given on standard input");
	len = strlen(buf);
	if (len == n - 1 && buf[len - 1] != '\n')
		return lb_fail(e, LB_EINPUT, "the password is too long: at most %d bytes", LB_PASSWORD_MAX);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = 0;
	return LB_OK;
}

static int ask_tty(const char *prompt, char *buf, size_t n, lb_err *e)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	int rc;

	if (!tty)
		return lb_fail(e, LB_EINPUT, "no terminal to ask for the password: use --password-stdin");
	fputs(prompt, tty);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	rc = read_line(tty, buf, n, e);
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	return rc;
}

static int get_password(int from_stdin, char *buf, size_t n, lb_err *e)
{
	char again[LB_PASSWORD_MAX + 2];
	int rc;

	if (from_stdin)
		return read_line(stdin, buf, n, e);
	if ((rc = ask_tty("Kata sandi: ", buf, n, e)) || (rc = ask_tty("Ulangi kata sandi: ", again, sizeof again, e)))
		return rc;
	rc = strcmp(buf, again) == 0 ? LB_OK : lb_fail(e, LB_EINPUT, "the two passwords differ");
	sodium_memzero(again, sizeof again);
	return rc;
}

/* ---- user ---- */

struct user_add_args {
	struct lb_user_add_in in;
	int password_stdin;
};

static const struct lb_param user_add_params[] = {
#define F(x) offsetof(struct user_add_args, x)
	{ "NAME", 0, LB_P_ARG, LB_P_REQUIRED, F(in.name), NULL, "Nama pengguna" },
	/* required, but checked by lb_user_add_check, whose message lists the roles */
	{ "role", 0, LB_P_LIST, 0, F(in.roles), "ROLE", "Peran" },
	{ "point", 0, LB_P_LIST, 0, F(in.points), "CODE", "Titik salur" },
	{ "password-stdin", 0, LB_P_FLAG, 0, F(password_stdin), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_user_add(struct lb_ctx *ctx, void *arg)
{
	struct user_add_args *a = arg;
	char pw[LB_PASSWORD_MAX + 2];
	struct lb_op op;
	int rc;

	/* refuse what can be refused before asking for a password */
	if ((rc = lb_user_add_check(&a->in, &ctx->err)) ||
	    (rc = get_password(a->password_stdin, pw, sizeof pw, &ctx->err)))
		return rc;
	a->in.password = pw;
	a->in.address = "cli";
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_user_create(&op, &a->in, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	sodium_memzero(pw, sizeof pw);
	a->in.password = NULL;
	if (!rc)
		fprintf(ctx->out, "user %s added\n", a->in.name);
	return rc;
}

struct user_passwd_args {
	struct lb_user_passwd_in in;
	int password_stdin;
};

static const struct lb_param user_passwd_params[] = {
#define F(x) offsetof(struct user_passwd_args, x)
	{ "NAME", 0, LB_P_ARG, LB_P_REQUIRED, F(in.name), NULL, "Nama pengguna" },
	{ "password-stdin", 0, LB_P_FLAG, 0, F(password_stdin), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_user_passwd(struct lb_ctx *ctx, void *arg)
{
	struct user_passwd_args *a = arg;
	char pw[LB_PASSWORD_MAX + 2];
	struct lb_op op;
	int rc;

	if ((rc = get_password(a->password_stdin, pw, sizeof pw, &ctx->err)))
		return rc;
	a->in.password = pw;
	a->in.address = "cli";
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_user_set_password(&op, &a->in, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	sodium_memzero(pw, sizeof pw);
	a->in.password = NULL;
	if (!rc)
		fprintf(ctx->out, "password of %s changed; their sessions ended\n", a->in.name);
	return rc;
}

static const struct lb_param user_disable_params[] = {
	{ "NAME", 0, LB_P_ARG, LB_P_REQUIRED, offsetof(struct lb_user_disable_in, name), NULL, "Nama pengguna" },
	LB_PARAM_END,
};

static int run_user_disable(struct lb_ctx *ctx, void *arg)
{
	struct lb_user_disable_in *in = arg;
	struct lb_op op;
	int rc;

	in->address = "cli";
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_user_deactivate(&op, in, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (!rc)
		fprintf(ctx->out, "user %s disabled; their sessions ended\n", in->name);
	return rc;
}

static int user_row(void *arg, const struct lb_user_row *r, lb_err *e)
{
	const char *vals[4] = { r->name, r->roles, r->points, r->disabled ? "disabled" : "active" };
	return lb_rdoc_cells(arg, vals, e);
}

static int user_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	return lb_user_each(ctx->db, user_row, out, &ctx->err);
}

static int run_user_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "user", 0 }, { "roles", 0 }, { "points", 0 }, { "state", 0 },
	};
	const struct lb_list_in *in = arg;

	return lb_cli_list(ctx, in->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, cols, 4, user_rows, NULL);
}

/* ---- audit ---- */

struct audit_args {
	struct lb_audit_in in;
	const char *format;
};

static const struct lb_param audit_params[] = {
#define F(x) offsetof(struct audit_args, x)
	{ "user", 0, LB_P_STR, 0, F(in.user), "NAME", "Pengguna" },
	{ "action", 0, LB_P_STR, 0, F(in.action), "ACTION", "Tindakan" },
	{ "limit", 0, LB_P_STR, 0, F(in.limit), "N", "Paling banyak" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
#undef F
	LB_PARAM_END,
};

struct audit_list {
	struct lb_op op;
	struct lb_audit_query q;
};

static int audit_row(void *arg, const struct lb_audit_row *r, lb_err *e)
{
	const char *vals[6] = { r->at, r->user, r->address, r->action, r->subject, r->result };
	return lb_rdoc_cells(arg, vals, e);
}

static int audit_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct audit_list *l = arg;
	return lb_audit_list(&l->op, &l->q, audit_row, out, &ctx->err);
}

static int run_audit(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "at", 0 }, { "user", 0 }, { "address", 0 }, { "action", 0 }, { "subject", 0 }, { "result", 0 },
	};
	const int allowed = LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON;
	struct audit_args *a = arg;
	struct audit_list l;
	enum lb_fmt fmt;
	int rc;

	if ((rc = lb_fmt_parse(a->format, allowed, LB_FMT_TABLE, &fmt, &ctx->err)))
		return rc;
	/* a table for people: local times; csv and json keep UTC */
	a->in.local = fmt == LB_FMT_TABLE;
	lb_op_init(&l.op, ctx->db, ctx->operator);
	if (!(rc = lb_audit_query(&l.op, &a->in, &l.q, &ctx->err)))
		rc = lb_cli_list(ctx, a->format, allowed, cols, 6, audit_rows, &l);
	lb_cli_warnings(&l.op);
	lb_op_release(&l.op);
	return rc;
}

/* ---- serve ---- */

struct serve_args {
	const char *listen, *tls_cert, *tls_key;
	int quiet;
};

static const struct lb_param serve_params[] = {
#define F(x) offsetof(struct serve_args, x)
	{ "listen", 0, LB_P_STR, 0, F(listen), "ADDR:PORT", NULL },
	{ "tls-cert", 0, LB_P_STR, 0, F(tls_cert), "FILE", NULL },
	{ "tls-key", 0, LB_P_STR, 0, F(tls_key), "FILE", NULL },
	{ "quiet", 0, LB_P_FLAG, 0, F(quiet), NULL, NULL },
#undef F
	LB_PARAM_END,
};

/* The web server is the other front end: no operation of its own. */
static int run_serve(struct lb_ctx *ctx, void *arg)
{
	const struct serve_args *a = arg;
	struct lb_server_opts o = { 0 };
	lb_server *s;
	int rc;

	o.listen = a->listen;
	o.tls_cert = a->tls_cert;
	o.tls_key = a->tls_key;
	o.db_path = ctx->db_path;
	o.quiet = a->quiet;
	/* the database must exist and be lumbung's before anyone connects */
	lb_db_close(ctx->db);
	ctx->db = NULL;
	if ((rc = lb_server_start(&o, &s, &ctx->err)))
		return rc;
	fprintf(ctx->out, "lumbung: serving %s on %s (stop with Ctrl-C)\n", lb_server_url(s), ctx->db_path);
	fflush(ctx->out);
	lb_server_wait(s);
	fprintf(stderr, "lumbung: stopping\n");
	lb_server_stop(s);
	fprintf(ctx->out, "lumbung: stopped\n");
	return LB_OK;
}

const struct lb_cmd lb_cmds_web[] = {
	{ "serve", NULL, NULL, LB_CMD_DB,
	  "Serve the web interface (Bahasa Indonesia) on ADDR:PORT, by default\n"
	  "127.0.0.1:8080 (port 0: any free port), until SIGINT or SIGTERM. Prints\n"
	  "the address it serves. With --tls-cert and --tls-key (PEM) it serves\n"
	  "HTTPS, which phones need for their cameras. People log in as the users\n"
	  "made with 'lumbung user add'. One line per request goes to stderr\n"
	  "unless --quiet. See docs/web.md.\n",
	  "serve the web interface",
	  serve_params, sizeof(struct serve_args), run_serve },
	{ "user", "add", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Add a user who logs in to the web interface. Roles: admin (users, keys),\n"
	  "pendataan (recipients, allocations), gudang (stock), penyalur (slips and\n"
	  "handover at the points named with --point), keuangan (reconciliation,\n"
	  "reports), auditor (reads everything, writes nothing). At least one\n"
	  "--role. The password (at least 8 characters) is asked twice on the\n"
	  "terminal, or read from the first line of standard input with\n"
	  "--password-stdin; it is kept only as an Argon2id hash.\n",
	  "add a user of the web interface",
	  user_add_params, sizeof(struct user_add_args), run_user_add, "/admin/pengguna/tambah" },
	{ "user", "list", NULL, LB_CMD_DB,
	  "List the users, their roles, points and whether they are disabled.\n",
	  "list users and their roles",
	  lb_list_params, sizeof(struct lb_list_in), run_user_list },
	{ "user", "passwd", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Set a new password for NAME (asked on the terminal, or read from standard\n"
	  "input with --password-stdin). Every session of NAME ends.\n",
	  "change a user's password",
	  user_passwd_params, sizeof(struct user_passwd_args), run_user_passwd },
	{ "user", "disable", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Disable NAME: they can no longer log in and every session of theirs ends\n"
	  "at once. Users are never deleted: the audit log names them.\n",
	  "disable a user",
	  user_disable_params, sizeof(struct lb_user_disable_in), run_user_disable, "/admin/pengguna/nonaktif" },
	{ "audit", NULL, NULL, LB_CMD_DB | LB_CMD_WEB,
	  "List the audit log, newest first: every login (accepted or refused) and\n"
	  "every write made through the web interface or the user commands, with\n"
	  "who, when (UTC), from which address, what and the result.\n",
	  "list the audit log",
	  audit_params, sizeof(struct audit_args), run_audit, "/admin/audit" },
	{ 0 },
};
