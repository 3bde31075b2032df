/*
 * cmd_inventory.c — items, locations and stock commands (placeholder
 * until the inventory module lands).
 */
#include "cli/commands.h"

const struct lb_cmd lb_cmds_inventory[] = {
	{ 0 },
};
