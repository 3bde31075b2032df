/*
 * cmd_core.c — commands about the database itself: init.
 */
#include <string.h>

#include "cli/commands.h"
#include "core/localtime.h"
#include "core/meta.h"
#include "core/period.h"
#include "core/schema.h"
#include "core/settings.h"
#include "doc/office.h"

static int cmd_init(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *org = NULL, *tz = NULL;
	const struct lb_opt opts[] = {
		{ "org", 0, LB_OPT_STR, &org },
		{ "timezone", 0, LB_OPT_STR, &tz },
		{ 0 },
	};
	struct lb_zone zone;
	int rc;

	if ((rc = lb_args("init", argc, argv, opts, NULL, 0, 0, &ctx->err)))
		return rc;
	/* Checked before the database exists, so that a typo creates none. */
	if (tz && lb_zone_parse(tz, &zone))
		return lb_fail(&ctx->err, LB_EINPUT,
			       "init: --timezone '%.40s': give Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
			       tz);
	if (!org)
		org = "Dinas Sosial";
	if (!*org)
		return lb_fail(&ctx->err, LB_EINPUT, "init: --org must not be empty");
	if ((rc = lb_db_open(ctx->db_path, LB_DB_CREATE, &ctx->db, &ctx->err)))
		return rc;
	if ((rc = lb_meta_init(ctx->db, org, "main", &ctx->err)) ||
	    (tz && (rc = lb_setting_set(ctx->db, "timezone", tz, &ctx->err))))
		return rc;
	fprintf(ctx->out, "created database '%s' (schema version %d) for %s\n", ctx->db_path,
		lb_schema_latest(), org);
	return LB_OK;
}

static int cmd_info(struct lb_ctx *ctx, int argc, char **argv)
{
	const struct lb_opt opts[] = { { 0 } };
	lb_buf org, kind;
	int found, rc;
	int64_t version;

	if ((rc = lb_args("info", argc, argv, opts, NULL, 0, 0, &ctx->err)))
		return rc;
	lb_buf_init(&org);
	lb_buf_init(&kind);
	if ((rc = lb_meta_get(ctx->db, "org_name", &org, &found, &ctx->err)) ||
	    (rc = lb_meta_get(ctx->db, "kind", &kind, &found, &ctx->err)) ||
	    (rc = lb_db_int(ctx->db, "PRAGMA user_version", 0, &version, &ctx->err)))
		goto done;
	fprintf(ctx->out, "database:       %s\n", ctx->db_path);
	fprintf(ctx->out, "office:         %s\n", org.data);
	fprintf(ctx->out, "kind:           %s\n", kind.data);
	fprintf(ctx->out, "schema version: %lld\n", (long long)version);
done:
	lb_buf_release(&org);
	lb_buf_release(&kind);
	return rc;
}

static int cmd_period_close(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_period_close_req req = { 0 };
	struct lb_period_close_info info;
	const char *reason = NULL;
	int period, rc;
	struct lb_strv pos = { 0 };
	const struct lb_opt opts[] = {
		{ "force", 0, LB_OPT_FLAG, &req.force },
		{ "yes", 0, LB_OPT_FLAG, &req.yes },
		{ "early", 0, LB_OPT_FLAG, &req.early },
		{ "reason", 0, LB_OPT_STR, &reason },
		{ 0 },
	};

	lb_period_close_info_init(&info);
	if ((rc = lb_args("period close", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto done;
	if ((rc = lb_period_parse(pos.v[0], "period", &period, &ctx->err)))
		goto done;
	if (reason && !req.early) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "period close: --reason goes with --early");
		goto done;
	}
	req.reason = reason;
	req.operator = ctx->operator;
	rc = lb_period_close_ask(ctx->db, period, &req, &info, &ctx->err);
	/* what closing leaves behind, whether or not it was confirmed */
	if (!rc || info.unconfirmed) {
		fprintf(ctx->out, "period %s: %lld package%s not collected%s%s%s\n", pos.v[0],
			(long long)info.uncollected, info.uncollected == 1 ? "" : "s", info.uncollected ? " (" : "",
			info.uncollected_by.data, info.uncollected ? ")" : "");
		fprintf(ctx->out, "period %s: %d field kit%s out%s%s\n", pos.v[0], info.open_kits,
			info.open_kits == 1 ? "" : "s", info.open_kits ? ": " : "", info.kits.data);
	}
	if (rc)
		goto done;
	if (info.open_kits)
		fprintf(stderr, "lumbung: warning: period %s closed with --force while %d field kit%s had not come back; this is recorded\n",
			pos.v[0], info.open_kits, info.open_kits == 1 ? "" : "s");
	fprintf(ctx->out, "period %s is closed: nothing more can be posted into it\n", pos.v[0]);
done:
	lb_period_close_info_release(&info);
	lb_strv_free(&pos);
	return rc;
}

static int cmd_backup(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	const struct lb_opt opts[] = { { 0 } };
	int rc;

	if ((rc = lb_args("backup", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto done;
	if ((rc = lb_db_backup(ctx->db, pos.v[0], &ctx->err)))
		goto done;
	fprintf(ctx->out, "backup of '%s' written to '%s'\n", ctx->db_path, pos.v[0]);
done:
	lb_strv_free(&pos);
	return rc;
}

/* lumbung settings            list every setting with its value
 * lumbung settings NAME       show one
 * lumbung settings NAME VALUE set one ("" resets it to the default) */
static int cmd_settings(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	const struct lb_opt opts[] = { { 0 } };
	lb_buf val;
	int rc;

	lb_buf_init(&val);
	if ((rc = lb_args("settings", argc, argv, opts, &pos, 0, 2, &ctx->err)))
		goto done;
	if (pos.n == 2) {
		if ((rc = lb_setting_set(ctx->db, pos.v[0], pos.v[1], &ctx->err)) ||
		    (rc = lb_setting_get(ctx->db, pos.v[0], &val, &ctx->err)))
			goto done;
		fprintf(ctx->out, "%s = %s\n", pos.v[0], val.data);
	} else if (pos.n == 1) {
		if ((rc = lb_setting_get(ctx->db, pos.v[0], &val, &ctx->err)))
			goto done;
		fprintf(ctx->out, "%s\n", val.data);
	} else {
		for (const struct lb_setting_def *d = lb_settings; d->name; d++) {
			if ((rc = lb_setting_get(ctx->db, d->name, &val, &ctx->err)))
				goto done;
			fprintf(ctx->out, "%-28s %s\n%-28s   %s\n", d->name, val.data, "", d->help);
		}
	}
done:
	lb_buf_release(&val);
	lb_strv_free(&pos);
	return rc;
}

/* lumbung settings-logo FILE: the kop's logo is an image, not a line
 * of text, so it has a command of its own; "" removes it. */
static int cmd_settings_logo(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	const struct lb_opt opts[] = { { 0 } };
	int rc;

	if ((rc = lb_args("settings-logo", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_office_logo_set(ctx->db, pos.v[0], ctx->operator, &ctx->err)))
		goto done;
	if (pos.v[0][0])
		fprintf(ctx->out, "logo of the kop surat set from '%s'\n", pos.v[0]);
	else
		fprintf(ctx->out, "logo of the kop surat removed\n");
done:
	lb_strv_free(&pos);
	return rc;
}

const struct lb_cmd lb_cmds_core[] = {
	{ "init", NULL, cmd_init, 0,
	  "usage: lumbung init [--org NAME] [--timezone ZONE]\n"
	  "\n"
	  "Create a new database (-d DB, $LUMBUNG_DB or ./lumbung.db). NAME is the\n"
	  "office printed on vouchers and reports (default: Dinas Sosial). ZONE is\n"
	  "the office's time zone for every time shown: Asia/Jakarta (WIB),\n"
	  "Asia/Makassar (WITA, the default) or Asia/Jayapura (WIT); change it later\n"
	  "with 'lumbung settings timezone ZONE'. Times are stored in UTC.\n",
	  "create a new database" },
	{ "info", NULL, cmd_info, LB_CMD_DB,
	  "usage: lumbung info\n"
	  "\n"
	  "Show the database in use: its office, kind (main database or field kit)\n"
	  "and schema version. Opening it brings an older schema up to date.\n",
	  "show which database is in use" },
	{ "period", "close", cmd_period_close, LB_CMD_DB,
	  "usage: lumbung period close YYYY-MM --yes [--force] [--early --reason TEXT]\n"
	  "\n"
	  "Close a month for good: afterwards nothing can be posted into it (exit 3)\n"
	  "and its reports never change. Shows the packages of the month's rounds\n"
	  "not collected and the field kits still out; without --yes it stops there\n"
	  "(exit 2) and closes nothing. Refused while field kits exported for the\n"
	  "month have not come back, unless --force, which is recorded with the\n"
	  "kits that were still out; while the month has not ended, unless --early\n"
	  "--reason TEXT (recorded); and while an earlier month is still open.\n",
	  "close a month for good" },
	{ "backup", NULL, cmd_backup, LB_CMD_DB,
	  "usage: lumbung backup FILE\n"
	  "\n"
	  "Write a consistent copy of the database to FILE with SQLite's online\n"
	  "backup API; safe while others use the database. FILE is written under a\n"
	  "temporary name and renamed, so it is never half-written.\n",
	  "copy the database safely while it is in use" },
	{ "settings", NULL, cmd_settings, LB_CMD_DB,
	  "usage: lumbung settings [NAME [VALUE]]\n"
	  "\n"
	  "Without arguments, list every setting with its value and what it is for.\n"
	  "With NAME, print its value; with NAME VALUE, set it (an empty VALUE\n"
	  "resets it to the default). Settings are kept in the database.\n",
	  "show or change the office's settings" },
	{ "settings-logo", NULL, cmd_settings_logo, LB_CMD_DB,
	  "usage: lumbung settings-logo FILE\n"
	  "\n"
	  "Keep the PNG or JPEG image in FILE in the database as the logo of the kop\n"
	  "surat on every document (at most 2 MB). An empty FILE (\"\") removes it.\n",
	  "set the logo of the kop surat" },
	{ 0 },
};
