/*
 * commands.h — the command tables, one per group (cli/cmd_*.c). main.c
 * dispatches on them; adding a group means one line there.
 */
#ifndef LB_COMMANDS_H
#define LB_COMMANDS_H

#include "core/cli.h"

extern const struct lb_cmd lb_cmds_core[];
extern const struct lb_cmd lb_cmds_inventory[];
extern const struct lb_cmd lb_cmds_recipients[];
extern const struct lb_cmd lb_cmds_program[];
extern const struct lb_cmd lb_cmds_voucher[];
extern const struct lb_cmd lb_cmds_redeem[];
extern const struct lb_cmd lb_cmds_reports[];
extern const struct lb_cmd lb_cmds_web[];

/* The progress line of long commands on stderr, when it is a terminal
 * (cli/progress.c). */
void lb_cli_progress_start(struct lb_ctx *ctx, const char *cmdname);
void lb_cli_progress_end(struct lb_ctx *ctx);
/* Clear the line before printing a message of one's own to stderr. */
void lb_cli_progress_clear(void);

#endif
