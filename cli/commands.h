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

#endif
