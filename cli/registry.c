/*
 * registry.c — the one list of lumbung's commands. Each group's entries
 * sit beside their functions in cli/cmd_*.c (as Fossil keeps a command's
 * declaration by its function); this is where the groups are gathered,
 * in the order `lumbung help` lists them. The dispatcher (dispatch.c)
 * and the web server read the list only through lb_registry_*.
 */
#include <string.h>

#include "cli/commands.h"

static const struct lb_cmd *const groups[] = {
	lb_cmds_core,
	lb_cmds_inventory,
	lb_cmds_recipients,
	lb_cmds_fieldcheck,
	lb_cmds_program,
	lb_cmds_voucher,
	lb_cmds_redeem,
	lb_cmds_reports,
	lb_cmds_web,
	NULL,
};

const struct lb_cmd *const *lb_registry(void)
{
	return groups;
}

const struct lb_cmd *lb_registry_find(const char *name, const char *sub)
{
	for (size_t g = 0; groups[g]; g++)
		for (const struct lb_cmd *c = groups[g]; c->name; c++)
			if (strcmp(c->name, name) == 0 &&
			    (sub ? c->sub && strcmp(c->sub, sub) == 0 : !c->sub))
				return c;
	return NULL;
}

const struct lb_cmd *lb_registry_find_web(const char *path)
{
	for (size_t g = 0; groups[g]; g++)
		for (const struct lb_cmd *c = groups[g]; c->name; c++)
			if ((c->flags & LB_CMD_WEB) && c->web && strcmp(c->web, path) == 0)
				return c;
	return NULL;
}
