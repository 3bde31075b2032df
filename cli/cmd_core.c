/*
 * cmd_core.c — commands about the database itself: init, info, period
 * close, backup and the office's settings. Each declares its parameters,
 * calls its operation in core/ (or doc/office.h for the logo) and
 * prints the result; no SQL here.
 */
#include <stddef.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/list.h"
#include "core/init.h"
#include "core/meta.h"
#include "core/op.h"
#include "core/period.h"
#include "core/settings.h"
#include "doc/office.h"

/* The one positional FILE of backup and settings-logo. */
struct file_in {
	const char *file;
};

static const struct lb_param file_params[] = {
	{ "FILE", 0, LB_P_ARG, LB_P_REQUIRED, offsetof(struct file_in, file), NULL, "Berkas" },
	LB_PARAM_END,
};

static const struct lb_param no_params[] = { LB_PARAM_END };

#define F(x) offsetof(struct lb_init_in, x)
static const struct lb_param init_params[] = {
	{ "org", 0, LB_P_STR, 0, F(org), "NAME", "Nama kantor" },
	{ "timezone", 0, LB_P_STR, 0, F(timezone), "ZONE", "Zona waktu" },
	LB_PARAM_END,
};
#undef F

static int run_init(struct lb_ctx *ctx, void *in)
{
	struct lb_init_out out;
	int rc;

	if ((rc = lb_init_db(ctx->db_path, in, &ctx->db, &out, &ctx->err)))
		return rc;
	fprintf(ctx->out, "created database '%s' (schema version %d) for %s\n", ctx->db_path,
		out.schema_version, out.org);
	return LB_OK;
}

static int run_info(struct lb_ctx *ctx, void *in)
{
	struct lb_db_info info;
	char version[24];
	int rc;

	if (!(rc = lb_meta_info(ctx->db, &info, &ctx->err))) {
		const struct lb_field fl[] = {
			{ "database", ctx->db_path }, { "office", info.org.data }, { "kind", info.kind.data },
			{ "schema version", version },
		};

		snprintf(version, sizeof version, "%lld", (long long)info.schema_version);
		rc = lb_rdoc_record(ctx->out, LB_FMT_TABLE, fl, 4, &ctx->err);
	}
	lb_db_info_release(&info);
	return rc;
}

#define F(x) offsetof(struct lb_period_close_in, x)
static const struct lb_param period_close_params[] = {
	{ "YYYY-MM", 0, LB_P_ARG, LB_P_REQUIRED, F(period), NULL, "Bulan (YYYY-MM)" },
	{ "yes", 0, LB_P_FLAG, 0, F(yes), NULL, "Ya, tutup untuk selamanya" },
	{ "force", 0, LB_P_FLAG, 0, F(force), NULL, "Tutup walau kit lapangan belum kembali" },
	{ "early", 0, LB_P_FLAG, 0, F(early), NULL, "Tutup sebelum bulan berakhir" },
	{ "reason", 0, LB_P_STR, 0, F(reason), "TEXT", "Alasan" },
	LB_PARAM_END,
};
#undef F

static int run_period_close(struct lb_ctx *ctx, void *arg)
{
	const struct lb_period_close_in *in = arg;
	struct lb_period_close_info info;
	struct lb_op op;
	int rc;

	lb_period_close_info_init(&info);
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_period_close_month(&op, in, &info, &ctx->err);
	/* what closing leaves behind, whether or not it was confirmed */
	if (!rc || info.unconfirmed) {
		fprintf(ctx->out, "period %s: %lld package%s not collected%s%s%s\n", in->period,
			(long long)info.uncollected, info.uncollected == 1 ? "" : "s", info.uncollected ? " (" : "",
			info.uncollected_by.data, info.uncollected ? ")" : "");
		fprintf(ctx->out, "period %s: %d field kit%s out%s%s\n", in->period, info.open_kits,
			info.open_kits == 1 ? "" : "s", info.open_kits ? ": " : "", info.kits.data);
	}
	fflush(ctx->out);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (!rc)
		fprintf(ctx->out, "period %s is closed: nothing more can be posted into it\n", in->period);
	lb_period_close_info_release(&info);
	return rc;
}

static int run_backup(struct lb_ctx *ctx, void *arg)
{
	const struct file_in *in = arg;
	int rc;

	if ((rc = lb_db_backup(ctx->db, in->file, &ctx->err)))
		return rc;
	fprintf(ctx->out, "backup of '%s' written to '%s'\n", ctx->db_path, in->file);
	return LB_OK;
}

/* lumbung settings            list every setting with its value
 * lumbung settings NAME       show one
 * lumbung settings NAME VALUE set one ("" resets it to the default) */
#define F(x) offsetof(struct lb_settings_in, x)
static const struct lb_param settings_params[] = {
	{ "NAME", 0, LB_P_ARG, 0, F(name), NULL, "Nama" },
	{ "VALUE", 0, LB_P_ARG, 0, F(value), NULL, "Nilai" },
	LB_PARAM_END,
};
#undef F

static int run_settings(struct lb_ctx *ctx, void *arg)
{
	const struct lb_settings_in *in = arg;
	struct lb_op op;
	lb_rdoc *doc;
	lb_buf val;
	int rc = LB_OK;

	lb_buf_init(&val);
	lb_op_init(&op, ctx->db, ctx->operator);
	/* names padded to 28 columns, each setting's help under its value */
	if (in->name)
		rc = lb_settings_apply(&op, in, &val, &ctx->err);
	if (!rc && !(rc = lb_cli_record(ctx, 28, 0, &doc))) {
		int wr = LB_OK;

		if (in->name && in->value)
			wr = lb_rdoc_paraf(doc, &ctx->err, "%s = %s", in->name, val.data);
		else if (in->name)
			wr = lb_rdoc_para(doc, val.data, 0, &ctx->err);
		for (const struct lb_setting_def *d = lb_settings; !in->name && d->name && !wr; d++)
			if (!(wr = lb_setting_get(ctx->db, d->name, &val, &ctx->err)) &&
			    !(wr = lb_rdoc_field(doc, d->name, val.data, &ctx->err)))
				wr = lb_rdoc_paraf(doc, &ctx->err, "%-28s   %s", "", d->help);
		rc = lb_cli_record_end(ctx, doc, wr);
	}
	lb_cli_warnings(&op);
	lb_op_release(&op);
	lb_buf_release(&val);
	return rc;
}

/* lumbung settings-logo FILE: the kop's logo is an image, not a line
 * of text, so it has a command of its own; "" removes it. */
static int run_settings_logo(struct lb_ctx *ctx, void *arg)
{
	const struct file_in *in = arg;
	int rc;

	if ((rc = lb_office_logo_set(ctx->db, in->file, ctx->operator, &ctx->err)))
		return rc;
	if (in->file[0])
		fprintf(ctx->out, "logo of the kop surat set from '%s'\n", in->file);
	else
		fprintf(ctx->out, "logo of the kop surat removed\n");
	return LB_OK;
}

const struct lb_cmd lb_cmds_core[] = {
	{ "init", NULL, NULL, LB_CMD_WRITE,
	  "Create a new database (-d DB, $LUMBUNG_DB or ./lumbung.db). NAME is the\n"
	  "office printed on vouchers and reports (default: Dinas Sosial). ZONE is\n"
	  "the office's time zone for every time shown: Asia/Jakarta (WIB),\n"
	  "Asia/Makassar (WITA, the default) or Asia/Jayapura (WIT); change it later\n"
	  "with 'lumbung settings timezone ZONE'. Times are stored in UTC.\n",
	  "create a new database",
	  init_params, sizeof(struct lb_init_in), run_init },
	{ "info", NULL, NULL, LB_CMD_DB,
	  "Show the database in use: its office, kind (main database or field kit)\n"
	  "and schema version. Opening it brings an older schema up to date.\n",
	  "show which database is in use",
	  no_params, 0, run_info },
	{ "period", "close", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Close a month for good: afterwards nothing can be posted into it (exit 3)\n"
	  "and its reports never change. Shows the packages of the month's rounds\n"
	  "not collected and the field kits still out; without --yes it stops there\n"
	  "(exit 2) and closes nothing. Refused while field kits exported for the\n"
	  "month have not come back, unless --force, which is recorded with the\n"
	  "kits that were still out; while the month has not ended, unless --early\n"
	  "--reason TEXT (recorded); and while an earlier month is still open.\n",
	  "close a month for good",
	  period_close_params, sizeof(struct lb_period_close_in), run_period_close, "/keuangan/tutup-bulan" },
	{ "backup", NULL, NULL, LB_CMD_DB | LB_CMD_WEB,
	  "Write a consistent copy of the database to FILE with SQLite's online\n"
	  "backup API; safe while others use the database. FILE is written under a\n"
	  "temporary name and renamed, so it is never half-written.\n",
	  "copy the database safely while it is in use",
	  file_params, sizeof(struct file_in), run_backup, "/admin/cadangan" },
	{ "settings", NULL, NULL, LB_CMD_DB | LB_CMD_WEB | LB_CMD_WRITE,
	  "Without arguments, list every setting with its value and what it is for.\n"
	  "With NAME, print its value; with NAME VALUE, set it (an empty VALUE\n"
	  "resets it to the default). Settings are kept in the database.\n",
	  "show or change the office's settings",
	  settings_params, sizeof(struct lb_settings_in), run_settings, "/admin/pengaturan" },
	{ "settings-logo", NULL, NULL, LB_CMD_DB | LB_CMD_WEB | LB_CMD_WRITE,
	  "Keep the PNG or JPEG image in FILE in the database as the logo of the kop\n"
	  "surat on every document (at most 2 MB). An empty FILE (\"\") removes it.\n",
	  "set the logo of the kop surat",
	  file_params, sizeof(struct file_in), run_settings_logo, "/admin/pengaturan/logo" },
	{ 0 },
};
