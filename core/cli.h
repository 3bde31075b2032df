/*
 * cli.h — command-line plumbing shared by every command: the command
 * registry's types, the context a command runs in, and option parsing.
 *
 * Commands live in cli/cmd_*.c, each group exporting a table of lb_cmd
 * terminated by an entry with name NULL; cli/main.c lists the tables.
 * A command parses its options with lb_args, calls its module, prints to
 * ctx->out, and returns a status; on failure ctx->err holds the message
 * and main prints it to stderr and exits with the status.
 */
#ifndef LB_CLI_H
#define LB_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "db.h"
#include "err.h"

struct lb_ctx {
	const char *db_path;  /* -d, $LUMBUNG_DB, ./lumbung.db */
	lb_db *db;            /* open when the command has LB_CMD_DB */
	const char *operator; /* who acts: $LUMBUNG_OPERATOR, $USER */
	FILE *out;            /* stdout */
	lb_err err;
};

typedef int (*lb_cmd_fn)(struct lb_ctx *ctx, int argc, char **argv);

enum {
	LB_CMD_DB = 1, /* open the database (which must exist) first */
};

struct lb_cmd {
	const char *name;    /* "stock" */
	const char *sub;     /* "receive", or NULL for a command without one */
	lb_cmd_fn fn;
	unsigned flags;
	const char *usage;   /* synopsis and options, man-page style */
	const char *summary; /* one line for `lumbung help` */
};

/* A growable list of strings that point into argv (not owned). */
struct lb_strv {
	const char **v;
	size_t n, cap;
};
void lb_strv_free(struct lb_strv *s);
int lb_strv_push(struct lb_strv *s, const char *p, lb_err *e);

enum { LB_OPT_FLAG, LB_OPT_STR, LB_OPT_LIST };

struct lb_opt {
	const char *name; /* long name without dashes: "qty" for --qty */
	char shortc;      /* 0, or 'o' for -o */
	int kind;         /* FLAG: int *target; STR: const char **; LIST: struct lb_strv * */
	void *target;
};

/* Parse argv[0..argc) (argv[0] is the first argument after the command
 * words). --name VALUE, --name=VALUE, -o VALUE; "--" ends options.
 * Positionals go to pos (may be NULL when the command takes none); their
 * count must be within [minpos, maxpos] (maxpos -1: no limit). An unknown
 * option, a missing value, a repeated single option or a wrong number of
 * positionals is LB_EINPUT. cmdname names the command in messages. */
int lb_args(const char *cmdname, int argc, char **argv, const struct lb_opt *opts,
	    struct lb_strv *pos, int minpos, int maxpos, lb_err *e);

/* Does argv hold --help (before any "--")? */
int lb_args_want_help(int argc, char **argv);



/* LB_EINPUT "cmd: option '--opt' is required" when val is NULL. */
int lb_require(const char *cmdname, const char *opt, const char *val, lb_err *e);

#endif
