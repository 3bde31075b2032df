/*
 * cli.h — command-line plumbing shared by every command: the command
 * registry's types, the context a command runs in, and option parsing.
 *
 * The registry (after Fossil's dispatch table): every command is one
 * lb_cmd entry, kept beside its front-end function in cli/cmd_*.c and
 * gathered by cli/registry.c into one list that the dispatcher
 * (cli/dispatch.c) and the web server read. An entry declares, as data,
 * its words, its web path, what it does (opens the database, writes,
 * exists only for tests) and its parameters: each names where its value
 * goes in the command's input struct, so that command-line arguments and
 * an HTML form fill the same struct, and the usage synopsis is generated
 * from the same declaration.
 *
 * A declared command's run function receives that filled struct, calls
 * its module's operation (core/op.h) and renders the result to ctx->out.
 * It never opens a transaction or runs SQL itself. On failure ctx->err
 * holds the message; the dispatcher prints it to stderr and exits with
 * the status.
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
typedef int (*lb_run_fn)(struct lb_ctx *ctx, void *in);

enum {
	LB_CMD_DB = 1,    /* open the database (which must exist) first */
	LB_CMD_WRITE = 2, /* may write: an operation that owns a transaction */
	LB_CMD_WEB = 4,   /* has a web page at .web */
	LB_CMD_TEST = 8,  /* exists for the tests: left out of `lumbung help` */
};

/* A declared parameter: an option (--name VALUE, a flag, a repeatable
 * list) or a positional argument. */
enum {
	LB_P_FLAG,  /* --name: int, set to 1 */
	LB_P_STR,   /* --name VALUE: const char *, once */
	LB_P_LIST,  /* --name VALUE ...: struct lb_strv, repeatable */
	LB_P_ARG,   /* the next positional argument: const char * */
	LB_P_ARGS,  /* every remaining positional argument: struct lb_strv */
};
enum { LB_P_REQUIRED = 1 };

struct lb_param {
	const char *name;   /* long name without dashes ("qty"); for ARG/ARGS the metavariable ("CODE") */
	char shortc;        /* 0, or 'o' for -o */
	unsigned char kind; /* LB_P_* */
	unsigned char flags;/* LB_P_REQUIRED */
	size_t offset;      /* offsetof(the command's input struct, field) */
	const char *meta;   /* the value's metavariable in the synopsis ("Q", "YYYY-MM-DD"); NULL: upper-cased name */
	const char *label;  /* its label on a web form, in Bahasa Indonesia (NULL: not on the form) */
};

/* A declared parameter list ends with an entry whose name is NULL. */
#define LB_PARAM_END { NULL, 0, 0, 0, 0, NULL, NULL }

struct lb_cmd {
	const char *name;    /* "stock" */
	const char *sub;     /* "receive", or NULL for a command without one */
	lb_cmd_fn fn;        /* unused: every command is declared (tests/e2e/t0020 checks it) */
	unsigned flags;      /* LB_CMD_* */
	const char *usage;   /* declared commands: the description under the generated synopsis;
				otherwise synopsis and options, man-page style */
	const char *summary; /* one line for `lumbung help` */
	/* declared commands */
	const struct lb_param *params; /* NULL: undeclared, fn parses argv */
	size_t in_size;      /* sizeof the input struct params fill */
	lb_run_fn run;       /* called with the filled struct */
	const char *web;     /* its web path when LB_CMD_WEB ("/stok/terima") */
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

/* Fill in (zeroed by the caller, of the command's in_size) from argv by
 * the command's declared parameters, with lb_args' messages, then check
 * the required ones in declaration order. */
int lb_params_argv(const struct lb_cmd *c, const char *cmdname, int argc, char **argv, void *in,
		   lb_err *e);

/* The same from a form: get(src, name, i) returns the i-th value of the
 * field called name, or NULL. A flag is set by any non-empty value other
 * than "0"; an empty text field counts as not given. Unknown fields are
 * the form's business (csrf, idem) and ignored. */
typedef const char *(*lb_param_get)(void *src, const char *name, size_t i);
int lb_params_form(const struct lb_cmd *c, const char *cmdname, lb_param_get get, void *src,
		   void *in, lb_err *e);

/* Free what lb_params_* allocated in in (the lists). */
void lb_params_release(const struct lb_cmd *c, void *in);

/* Write a declared command's usage: the synopsis generated from its
 * parameters, wrapped under its words, then its description. */
void lb_params_usage(const struct lb_cmd *c, FILE *f);

#endif
