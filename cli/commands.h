/*
 * commands.h — the command tables, one per group (cli/cmd_*.c), the
 * registry that gathers them (registry.c; adding a group is one line
 * there) and the dispatcher that runs one (dispatch.c).
 */
#ifndef LB_COMMANDS_H
#define LB_COMMANDS_H

#include "core/cli.h"

extern const struct lb_cmd lb_cmds_core[];
extern const struct lb_cmd lb_cmds_inventory[];
extern const struct lb_cmd lb_cmds_recipients[];
extern const struct lb_cmd lb_cmds_fieldcheck[];
extern const struct lb_cmd lb_cmds_program[];
extern const struct lb_cmd lb_cmds_voucher[];
extern const struct lb_cmd lb_cmds_redeem[];
extern const struct lb_cmd lb_cmds_reports[];
extern const struct lb_cmd lb_cmds_web[];

/* The groups, NULL-terminated, in help order. */
const struct lb_cmd *const *lb_registry(void);
/* A command by its words (sub NULL: a command without one), or NULL. */
const struct lb_cmd *lb_registry_find(const char *name, const char *sub);
/* The declared command whose web page is path, or NULL. */
const struct lb_cmd *lb_registry_find_web(const char *path);

/* Run lumbung's command line: global options, lookup, help, the
 * database, the command, rollback of a failed one, the message and the
 * exit status. */
int lb_dispatch(int argc, char **argv);

/* Print an operation's warnings to stderr ("lumbung: warning: ..."). */
struct lb_op;
void lb_cli_warnings(const struct lb_op *op);

/* The frame of a run function whose output needs nothing of the lb_op:
 * rc = call, where call names the fresh lb_op as LB_CLI_OP, then its
 * warnings are shown and it is released. */
#define LB_CLI_RUN_OP(ctx, rc, call)                                                             \
	do {                                                                                     \
		struct lb_op lb_cli_op_;                                                         \
		lb_op_init(&lb_cli_op_, (ctx)->db, (ctx)->operator);                             \
		(rc) = (call);                                                                   \
		lb_cli_warnings(&lb_cli_op_);                                                    \
		lb_op_release(&lb_cli_op_);                                                      \
	} while (0)
#define LB_CLI_OP (&lb_cli_op_)

/* The progress line of long commands on stderr, when it is a terminal
 * (cli/progress.c). */
void lb_cli_progress_start(struct lb_ctx *ctx, const char *cmdname);
void lb_cli_progress_end(struct lb_ctx *ctx);
/* Clear the line before printing a message of one's own to stderr. */
void lb_cli_progress_clear(void);

#endif
