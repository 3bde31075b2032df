/*
 * dispatch.c — the command line's dispatcher: global options, finding
 * the command in the registry, help, opening the database, filling a
 * declared command's input from argv, running it, rolling back whatever
 * a failed command left open, and the one place that prints the error
 * and picks the exit status.
 *
 *   lumbung [-d DB] COMMAND [SUBCOMMAND] [OPTIONS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/date.h"
#include "core/hash.h"
#include "core/localtime.h"
#include "core/op.h"
#include "core/text.h"
#include "web/form.h"

#define LUMBUNG_VERSION "0.1.0"

/* A declared command's synopsis comes from its parameters. */
static void cmd_usage(const struct lb_cmd *c, FILE *f)
{
	if (c->params)
		lb_params_usage(c, f);
	else
		fputs(c->usage, f);
}

static int has_sub_in(const struct lb_cmd *group, const char *name)
{
	for (const struct lb_cmd *c = group; c->name; c++)
		if (c->sub && strcmp(c->name, name) == 0)
			return 1;
	return 0;
}

static void usage_all(FILE *f)
{
	const struct lb_cmd *const *groups = lb_registry();
	const char *last = "";

	fputs("usage: lumbung [-d DB] COMMAND [SUBCOMMAND] [OPTIONS]\n"
	      "\n"
	      "lumbung runs an in-kind food aid program: stock from warehouse to\n"
	      "distribution point, recipients and monthly allocations, signed QR\n"
	      "vouchers, redemption and finance's reconciliation.\n"
	      "\n"
	      "The database is -d DB, else $LUMBUNG_DB, else ./lumbung.db.\n"
	      "Exit status: 0 done, 1 system failure, 2 bad input, 3 refused by a rule.\n"
	      "\n"
	      "commands:\n", f);
	for (size_t g = 0; groups[g]; g++) {
		for (const struct lb_cmd *c = groups[g]; c->name; c++) {
			char words[64];
			if (c->flags & LB_CMD_TEST)
				continue;
			snprintf(words, sizeof words, "%s%s%s", c->name, c->sub ? " " : "",
				 c->sub ? c->sub : "");
			/* A blank line between command families; single-word
			 * commands of one group stay together. */
			if (*last && strcmp(last, c->name) != 0 &&
			    (c->sub || c == groups[g] || has_sub_in(groups[g], last)))
				fputc('\n', f);
			last = c->name;
			fprintf(f, "  %-22s %s\n", words, c->summary);
		}
	}
	fputs("\n'lumbung COMMAND --help' shows a command's options.\n", f);
}

static int has_subcommands(const char *name)
{
	const struct lb_cmd *const *groups = lb_registry();
	for (size_t g = 0; groups[g]; g++)
		for (const struct lb_cmd *c = groups[g]; c->name; c++)
			if (strcmp(c->name, name) == 0 && c->sub)
				return 1;
	return 0;
}

static int known(const char *name)
{
	const struct lb_cmd *const *groups = lb_registry();
	for (size_t g = 0; groups[g]; g++)
		for (const struct lb_cmd *c = groups[g]; c->name; c++)
			if (strcmp(c->name, name) == 0)
				return 1;
	return 0;
}

static void usage_of(FILE *f, const char *name)
{
	const struct lb_cmd *const *groups = lb_registry();
	int first = 1;
	for (size_t g = 0; groups[g]; g++)
		for (const struct lb_cmd *c = groups[g]; c->name; c++)
			if (strcmp(c->name, name) == 0) {
				if (!first)
					fputc('\n', f);
				first = 0;
				cmd_usage(c, f);
			}
}

/* Declared commands get their input struct filled from argv here, so
 * that an unknown option or a missing required one is refused the same
 * way for every command, before the command runs. */
static int run(const struct lb_cmd *c, const char *cmdname, struct lb_ctx *ctx, int argc, char **argv)
{
	void *in;
	int rc;

	if (!c->params)
		return c->fn(ctx, argc, argv);
	if (!(in = calloc(1, c->in_size ? c->in_size : 1)))
		return lb_oom(&ctx->err);
	rc = lb_params_argv(c, cmdname, argc, argv, in, &ctx->err);
	if (!rc)
		rc = c->run(ctx, in);
	lb_params_release(c, in);
	free(in);
	return rc;
}

void lb_cli_warnings(const struct lb_op *op)
{
	lb_cli_progress_clear();
	for (size_t i = 0; i < op->nwarn; i++)
		fprintf(stderr, "lumbung: warning: %s\n", op->warn[i]);
	if (op->dropped)
		fprintf(stderr, "lumbung: warning: ... and %zu more warnings\n", op->dropped);
}

int lb_dispatch(int argc, char **argv)
{
	struct lb_ctx ctx = { 0 };
	const struct lb_cmd *cmd;
	const char *name, *sub = NULL;
	int i = 1, rc;
	char cmdname[64];

	lb_web_set_registry(lb_registry_find_web);
	ctx.out = stdout;
	ctx.db_path = getenv("LUMBUNG_DB");
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = "lumbung.db";
	ctx.operator = getenv("LUMBUNG_OPERATOR");
	if (!ctx.operator || !*ctx.operator)
		ctx.operator = getenv("USER");
	if (!ctx.operator || !*ctx.operator)
		ctx.operator = "operator";
	/* Stored with every movement and redemption: valid UTF-8, no
	 * control characters, at most 64 bytes (issue 10). */
	if (lb_text_check(ctx.operator, "$LUMBUNG_OPERATOR (or $USER)", 64, 1, &ctx.err)) {
		fprintf(stderr, "lumbung: %s\n", ctx.err.msg);
		return LB_EINPUT;
	}

	while (i < argc && argv[i][0] == '-') {
		if ((strcmp(argv[i], "-d") == 0 || strcmp(argv[i], "--db") == 0) && i + 1 < argc) {
			ctx.db_path = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			ctx.db_path = argv[i] + 5;
			i++;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage_all(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("lumbung %s\n", LUMBUNG_VERSION);
			return 0;
		} else {
			fprintf(stderr, "lumbung: unknown option '%s' (see 'lumbung help')\n", argv[i]);
			return LB_EINPUT;
		}
	}
	if (i >= argc) {
		usage_all(stderr);
		return LB_EINPUT;
	}
	name = argv[i++];
	if (strcmp(name, "help") == 0) {
		if (i < argc && known(argv[i])) {
			usage_of(stdout, argv[i]);
			return 0;
		}
		if (i < argc) {
			fprintf(stderr, "lumbung: unknown command '%s' (see 'lumbung help')\n", argv[i]);
			return LB_EINPUT;
		}
		usage_all(stdout);
		return 0;
	}
	if (!known(name)) {
		fprintf(stderr, "lumbung: unknown command '%s' (see 'lumbung help')\n", name);
		return LB_EINPUT;
	}
	if (i < argc && argv[i][0] != '-' && has_subcommands(name) && lb_registry_find(name, argv[i]))
		sub = argv[i++];
	cmd = lb_registry_find(name, sub);
	if (!cmd) {
		if (i < argc && strcmp(argv[i], "--help") == 0) {
			usage_of(stdout, name);
			return 0;
		}
		if (i < argc && argv[i][0] != '-')
			fprintf(stderr, "lumbung: unknown subcommand '%s %s' (see 'lumbung %s --help')\n",
				name, argv[i], name);
		else
			fprintf(stderr, "lumbung: '%s' needs a subcommand (see 'lumbung %s --help')\n",
				name, name);
		return LB_EINPUT;
	}
	if (lb_args_want_help(argc - i, argv + i)) {
		cmd_usage(cmd, stdout);
		return 0;
	}
	snprintf(cmdname, sizeof cmdname, "%s%s%s", name, sub ? " " : "", sub ? sub : "");
	if (lb_hash_init(&ctx.err)) {
		fprintf(stderr, "lumbung: %s\n", ctx.err.msg);
		return LB_ESYS;
	}
	if (cmd->flags & LB_CMD_DB) {
		struct lb_zone z;
		lb_err ignored;
		if ((rc = lb_db_open(ctx.db_path, LB_DB_EXISTING, &ctx.db, &ctx.err))) {
			fprintf(stderr, "lumbung: %s\n", ctx.err.msg);
			return rc;
		}
		/* The office's day for every lb_today of the command, read
		 * once. A damaged setting keeps the default (WITA) rather than
		 * refuse every command, `settings` among them, which repairs it. */
		if (lb_zone_get(ctx.db, &z, &ignored) == LB_OK)
			lb_today_set_offset(z.offset_min);
	}
	lb_cli_progress_start(&ctx, cmdname);
	rc = run(cmd, cmdname, &ctx, argc - i, argv + i);
	lb_cli_progress_end(&ctx);
	if (ctx.db && lb_db_in_tx(ctx.db))
		lb_db_rollback(ctx.db); /* a command that failed half-way */
	lb_db_close(ctx.db);
	if (fflush(stdout) != 0 && rc == LB_OK) {
		lb_fail(&ctx.err, LB_ESYS, "cannot write to standard output");
		rc = LB_ESYS;
	}
	if (rc != LB_OK) {
		if (!ctx.err.msg[0])
			snprintf(ctx.err.msg, sizeof ctx.err.msg, "%s failed", cmdname);
		fprintf(stderr, "lumbung: %s\n", ctx.err.msg);
	}
	return rc;
}
