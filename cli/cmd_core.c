/*
 * cmd_core.c — commands about the database itself: init.
 */
#include <string.h>

#include "cli/commands.h"
#include "core/meta.h"
#include "core/schema.h"

static int cmd_init(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL;
	const struct lb_opt opts[] = {
		{ "org", 0, LB_OPT_STR, &org },
		{ 0 },
	};
	int rc;

	if ((rc = lb_args("init", argc, argv, opts, NULL, 0, 0, &ctx->err)))
		return rc;
	if (!org)
		org = "Dinas Sosial";
	if (!*org)
		return lb_fail(&ctx->err, LB_EINPUT, "init: --org must not be empty");
	if ((rc = lb_db_open(ctx->db_path, LB_DB_CREATE, &ctx->db, &ctx->err)))
		return rc;
	if ((rc = lb_meta_init(ctx->db, org, "main", &ctx->err)))
		return rc;
	fprintf(ctx->out, "created database '%s' (schema version %d) for %s\n", ctx->db_path,
		lb_schema_latest(), org);
	return LB_OK;
}

const struct lb_cmd lb_cmds_core[] = {
	{ "init", NULL, cmd_init, 0,
	  "usage: lumbung init [--org NAME]\n"
	  "\n"
	  "Create a new database (-d DB, $LUMBUNG_DB or ./lumbung.db). NAME is the\n"
	  "office printed on vouchers and reports (default: Dinas Sosial).\n",
	  "create a new database" },
	{ 0 },
};
