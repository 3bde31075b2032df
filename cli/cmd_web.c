/*
 * cmd_web.c — `lumbung serve`, the `user` commands and `lumbung audit`.
 *
 * Passwords are read from the terminal (echo off, asked twice) or, with
 * --password-stdin, from the first line of standard input; never from
 * the command line, where other users of the machine could see them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/commands.h"
#include "core/audit.h"
#include "core/localtime.h"
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

static int cmd_user_add(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 }, roles = { 0 }, points = { 0 };
	int from_stdin = 0, rc;
	char pw[LB_PASSWORD_MAX + 2];
	const struct lb_opt opts[] = {
		{ "role", 0, LB_OPT_LIST, &roles },
		{ "point", 0, LB_OPT_LIST, &points },
		{ "password-stdin", 0, LB_OPT_FLAG, &from_stdin },
		{ NULL, 0, 0, NULL },
	};

	if ((rc = lb_args("user add", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto done;
	if (roles.n == 0) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "user add: option '--role' is required (%s)", lb_role_list());
		goto done;
	}
	if ((rc = lb_user_name_check(pos.v[0], &ctx->err)) || (rc = get_password(from_stdin, pw, sizeof pw, &ctx->err)))
		goto done;
	rc = lb_user_add(ctx->db, pos.v[0], roles.v, (int)roles.n, points.v, (int)points.n, pw, ctx->operator,
			 "cli", &ctx->err);
	sodium_memzero(pw, sizeof pw);
	if (!rc)
		fprintf(ctx->out, "user %s added\n", pos.v[0]);
done:
	lb_strv_free(&pos);
	lb_strv_free(&roles);
	lb_strv_free(&points);
	return rc;
}

static int cmd_user_passwd(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	int from_stdin = 0, rc;
	char pw[LB_PASSWORD_MAX + 2];
	const struct lb_opt opts[] = {
		{ "password-stdin", 0, LB_OPT_FLAG, &from_stdin },
		{ NULL, 0, 0, NULL },
	};

	if ((rc = lb_args("user passwd", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto done;
	if ((rc = get_password(from_stdin, pw, sizeof pw, &ctx->err)))
		goto done;
	rc = lb_user_passwd(ctx->db, pos.v[0], pw, ctx->operator, "cli", &ctx->err);
	sodium_memzero(pw, sizeof pw);
	if (!rc)
		fprintf(ctx->out, "password of %s changed; their sessions ended\n", pos.v[0]);
done:
	lb_strv_free(&pos);
	return rc;
}

static int cmd_user_disable(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	int rc;
	const struct lb_opt opts[] = { { NULL, 0, 0, NULL } };

	if ((rc = lb_args("user disable", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto done;
	rc = lb_user_disable(ctx->db, pos.v[0], ctx->operator, "cli", &ctx->err);
	if (!rc)
		fprintf(ctx->out, "user %s disabled; their sessions ended\n", pos.v[0]);
done:
	lb_strv_free(&pos);
	return rc;
}

static int user_row(void *arg, const struct lb_user_row *r, lb_err *e)
{
	const char *vals[4] = { r->name, r->roles, r->points, r->disabled ? "disabled" : "active" };
	return lb_out_row(arg, vals, e);
}

static int cmd_user_list(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = {
		{ "user", 0 }, { "roles", 0 }, { "points", 0 }, { "state", 0 },
	};
	const char *format = NULL;
	enum lb_fmt fmt;
	lb_out *o = NULL;
	int rc;
	const struct lb_opt opts[] = {
		{ "format", 0, LB_OPT_STR, &format },
		{ NULL, 0, 0, NULL },
	};

	if ((rc = lb_args("user list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt, &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, fmt, cols, 4, &o, &ctx->err)))
		return rc;
	rc = lb_user_each(ctx->db, user_row, o, &ctx->err);
	if (!rc)
		return lb_out_close(o, &ctx->err);
	lb_out_close(o, NULL);
	return rc;
}

struct audit_state {
	lb_out *o;
	int local; /* a table for people: local times; csv and json keep UTC */
	struct lb_zone z;
};

static int audit_row(void *arg, const struct lb_audit_row *r, lb_err *e)
{
	struct audit_state *s = arg;
	char at[32];
	const char *vals[6] = { at, r->user, r->address, r->action, r->subject, r->result };

	if (s->local)
		lb_time_local(&s->z, r->at, at);
	else
		snprintf(at, sizeof at, "%s", r->at);
	return lb_out_row(s->o, vals, e);
}

static int cmd_audit(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = {
		{ "at", 0 }, { "user", 0 }, { "address", 0 }, { "action", 0 }, { "subject", 0 }, { "result", 0 },
	};
	const char *format = NULL, *user = NULL, *action = NULL, *limit = NULL;
	struct lb_audit_filter f = { 0 };
	struct audit_state st = { 0 };
	enum lb_fmt fmt;
	lb_out *o = NULL;
	int rc;
	const struct lb_opt opts[] = {
		{ "user", 0, LB_OPT_STR, &user },
		{ "action", 0, LB_OPT_STR, &action },
		{ "limit", 0, LB_OPT_STR, &limit },
		{ "format", 0, LB_OPT_STR, &format },
		{ NULL, 0, 0, NULL },
	};

	if ((rc = lb_args("audit", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt, &ctx->err)))
		return rc;
	f.user = user;
	f.action = action;
	if (limit) {
		char *end;
		errno = 0;
		f.limit = strtol(limit, &end, 10);
		if (!*limit || *end || errno || f.limit <= 0)
			return lb_fail(&ctx->err, LB_EINPUT, "audit: --limit '%s' is not a positive number", limit);
	}
	if ((rc = lb_zone_get(ctx->db, &st.z, &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, fmt, cols, 6, &o, &ctx->err)))
		return rc;
	st.o = o;
	st.local = fmt == LB_FMT_TABLE;
	rc = lb_audit_each(ctx->db, &f, audit_row, &st, &ctx->err);
	if (!rc)
		return lb_out_close(o, &ctx->err);
	lb_out_close(o, NULL);
	return rc;
}

static int cmd_serve(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_server_opts o = { 0 };
	lb_server *s;
	int rc, quiet = 0;
	const struct lb_opt opts[] = {
		{ "listen", 0, LB_OPT_STR, &o.listen },
		{ "tls-cert", 0, LB_OPT_STR, &o.tls_cert },
		{ "tls-key", 0, LB_OPT_STR, &o.tls_key },
		{ "quiet", 0, LB_OPT_FLAG, &quiet },
		{ NULL, 0, 0, NULL },
	};

	if ((rc = lb_args("serve", argc, argv, opts, NULL, 0, 0, &ctx->err)))
		return rc;
	o.db_path = ctx->db_path;
	o.quiet = quiet;
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
	{ "serve", NULL, cmd_serve, LB_CMD_DB,
	  "usage: lumbung serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE] [--quiet]\n"
	  "\n"
	  "Serve the web interface (Bahasa Indonesia) on ADDR:PORT, by default\n"
	  "127.0.0.1:8080 (port 0: any free port), until SIGINT or SIGTERM. Prints\n"
	  "the address it serves. With --tls-cert and --tls-key (PEM) it serves\n"
	  "HTTPS, which phones need for their cameras. People log in as the users\n"
	  "made with 'lumbung user add'. One line per request goes to stderr\n"
	  "unless --quiet. See docs/web.md.\n",
	  "serve the web interface" },
	{ "user", "add", cmd_user_add, LB_CMD_DB,
	  "usage: lumbung user add NAME --role ROLE [--role ROLE ...] [--point CODE ...] [--password-stdin]\n"
	  "\n"
	  "Add a user who logs in to the web interface. Roles: admin (users, keys),\n"
	  "pendataan (recipients, allocations), gudang (stock), penyalur (slips and\n"
	  "handover at the points named with --point), keuangan (reconciliation,\n"
	  "reports), auditor (reads everything, writes nothing). The password (at\n"
	  "least 8 characters) is asked twice on the terminal, or read from the\n"
	  "first line of standard input with --password-stdin; it is kept only as\n"
	  "an Argon2id hash.\n",
	  "add a user of the web interface" },
	{ "user", "list", cmd_user_list, LB_CMD_DB,
	  "usage: lumbung user list [--format table|csv|json]\n"
	  "\n"
	  "List the users, their roles, points and whether they are disabled.\n",
	  "list users and their roles" },
	{ "user", "passwd", cmd_user_passwd, LB_CMD_DB,
	  "usage: lumbung user passwd NAME [--password-stdin]\n"
	  "\n"
	  "Set a new password for NAME (asked on the terminal, or read from standard\n"
	  "input with --password-stdin). Every session of NAME ends.\n",
	  "change a user's password" },
	{ "user", "disable", cmd_user_disable, LB_CMD_DB,
	  "usage: lumbung user disable NAME\n"
	  "\n"
	  "Disable NAME: they can no longer log in and every session of theirs ends\n"
	  "at once. Users are never deleted: the audit log names them.\n",
	  "disable a user" },
	{ "audit", NULL, cmd_audit, LB_CMD_DB,
	  "usage: lumbung audit [--user NAME] [--action ACTION] [--limit N] [--format table|csv|json]\n"
	  "\n"
	  "List the audit log, newest first: every login (accepted or refused) and\n"
	  "every write made through the web interface or the user commands, with\n"
	  "who, when (UTC), from which address, what and the result.\n",
	  "list the audit log" },
	{ NULL, NULL, NULL, 0, NULL, NULL },
};
