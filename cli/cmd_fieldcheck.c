/*
 * cmd_fieldcheck.c — field verification on the command line: report a
 * recipient for review, list the reports, decide one
 * (recipients/fieldcheck.h). The same operations serve the web's
 * /penerima/tinjauan pages.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "cli/list.h"
#include "core/localtime.h"
#include "recipients/fieldcheck.h"
#include "recipients/nik.h"

static const struct lb_param flag_params[] = {
#define F(x) offsetof(struct lb_flag_in, x)
	{ "RECIPIENT", 0, LB_P_ARG, LB_P_REQUIRED, F(recipient), NULL, "Penerima (NIK atau nomor)" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "mampu|pindah|meninggal|tidak-ditemukan", "Alasan" },
	{ "note", 0, LB_P_STR, LB_P_REQUIRED, F(note), "TEXT", "Catatan" },
	{ "photo", 0, LB_P_STR, 0, F(photo_file), "FILE", NULL },
#undef F
	LB_PARAM_END,
};

/* A photo named on the command line, read whole, refused before
 * reading when it is larger than the module keeps. */
static int read_photo(struct lb_ctx *ctx, const char *path, char **data, size_t *len)
{
	struct stat st;
	FILE *f;

	*data = NULL;
	*len = 0;
	if (!(f = fopen(path, "rb")))
		return lb_fail(&ctx->err, LB_EINPUT, "recipient flag: cannot open photo '%s': %s", path,
			       strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return lb_fail(&ctx->err, LB_EINPUT, "recipient flag: photo '%s' is not a regular file", path);
	}
	if (st.st_size > LB_FIELDCHECK_PHOTO_MAX) {
		fclose(f);
		return lb_fail(&ctx->err, LB_EINPUT, "recipient flag: photo '%s' is %lld bytes: at most %d MB are kept",
			       path, (long long)st.st_size, LB_FIELDCHECK_PHOTO_MAX / (1024 * 1024));
	}
	if (!(*data = malloc((size_t)st.st_size + 1))) {
		fclose(f);
		return lb_oom(&ctx->err);
	}
	*len = fread(*data, 1, (size_t)st.st_size, f);
	if (ferror(f) || *len != (size_t)st.st_size) {
		fclose(f);
		free(*data);
		*data = NULL;
		return lb_fail(&ctx->err, LB_ESYS, "recipient flag: cannot read photo '%s'", path);
	}
	fclose(f);
	return LB_OK;
}

static int run_flag(struct lb_ctx *ctx, void *arg)
{
	struct lb_flag_in *in = arg;
	struct lb_flag_out out;
	struct lb_op op;
	char *photo = NULL;
	int rc;

	if (in->photo_file && (rc = read_photo(ctx, in->photo_file, &photo, &in->photo_len)))
		return rc;
	in->photo = photo;
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_fieldcheck_flag(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	free(photo);
	if (rc) {
		lb_err_prefix(&ctx->err, "recipient flag");
		return rc;
	}
	fprintf(ctx->out, "report %lld: recipient %lld (%s) to review: %s\n", (long long)out.id,
		(long long)out.recipient_id, out.name, lb_fieldcheck_reason_label(in->reason));
	return LB_OK;
}

static const struct lb_param decide_params[] = {
#define F(x) offsetof(struct lb_decide_in, x)
	{ "REPORT", 0, LB_P_ARG, LB_P_REQUIRED, F(report), NULL, NULL },
	{ "accept", 0, LB_P_FLAG, 0, F(accept), NULL, NULL },
	{ "reject", 0, LB_P_FLAG, 0, F(reject), NULL, NULL },
	{ "note", 0, LB_P_STR, LB_P_REQUIRED, F(note), "TEXT", NULL },
#undef F
	LB_PARAM_END,
};

static int run_decide(struct lb_ctx *ctx, void *arg)
{
	const struct lb_decide_in *in = arg;
	struct lb_decide_out out;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_fieldcheck_decide(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc) {
		lb_err_prefix(&ctx->err, "recipient decide");
		return rc;
	}
	fprintf(ctx->out, "report %lld %s: recipient %lld (%s) is %s\n", (long long)out.id,
		in->accept ? "accepted" : "rejected", (long long)out.recipient_id, out.name, out.status);
	return LB_OK;
}

struct flags_args {
	int all, show_nik;
	const char *format;
};

static const struct lb_param flags_params[] = {
#define F(x) offsetof(struct flags_args, x)
	{ "all", 0, LB_P_FLAG, 0, F(all), NULL, NULL },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
	{ "show-nik", 0, LB_P_FLAG, 0, F(show_nik), NULL, NULL },
#undef F
	LB_PARAM_END,
};

struct flags_list {
	const struct flags_args *a;
	struct lb_zone z;
	lb_rdoc *out;
};

static int flag_row(void *arg, const struct lb_fieldcheck_row *r, lb_err *e)
{
	struct flags_list *l = arg;
	char id[24], rid[24], nik[LB_NIK_LEN + 1], at[32], dat[32];
	const char *vals[11];

	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(rid, sizeof rid, "%lld", (long long)r->recipient_id);
	if (l->a->show_nik)
		snprintf(nik, sizeof nik, "%s", r->nik);
	else
		lb_nik_mask(r->nik, nik);
	lb_time_local(&l->z, r->flagged_at, at);
	lb_time_local(&l->z, r->decided_at, dat);
	vals[0] = id;
	vals[1] = rid;
	vals[2] = nik;
	vals[3] = r->name;
	vals[4] = r->reason;
	vals[5] = r->note;
	vals[6] = at;
	vals[7] = r->flagged_by;
	vals[8] = r->has_photo ? "yes" : "no";
	vals[9] = r->decision[0] ? r->decision : "waiting";
	vals[10] = r->decided_by[0] ? r->decided_by : NULL;
	return lb_rdoc_cells(l->out, vals, e);
}

static int flags_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct flags_list *l = arg;
	l->out = out;
	return lb_fieldcheck_each(ctx->db, l->a->all, flag_row, l, &ctx->err);
}

static int run_flags(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "report", 1 }, { "recipient", 1 }, { "nik", 0 }, { "name", 0 }, { "reason", 0 }, { "note", 0 },
		{ "reported_at", 0 }, { "reported_by", 0 }, { "photo", 0 }, { "decision", 0 }, { "decided_by", 0 },
	};
	struct flags_list l = { .a = arg };
	int rc;

	if ((rc = lb_zone_get(ctx->db, &l.z, &ctx->err)))
		return rc;
	return lb_cli_list(ctx, l.a->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, cols, 11, flags_rows, &l);
}

const struct lb_cmd lb_cmds_fieldcheck[] = {
	{ "recipient", "flag", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Report a recipient for review (verifikasi lapangan): sudah mampu, pindah,\n"
	  "meninggal or tidak ditemukan, with what was seen and, optionally, a photo\n"
	  "(JPEG or PNG, at most 2 MB). The data staff decide with 'recipient decide';\n"
	  "until then the recipient's status stays. One report waits per recipient.\n",
	  "report a recipient for review (field verification)",
	  flag_params, sizeof(struct lb_flag_in), run_flag, "/penerima/tinjau" },
	{ "recipient", "flags", NULL, LB_CMD_DB,
	  "Field reports waiting for a decision (--all: decided ones too), NIKs\n"
	  "masked unless --show-nik.\n",
	  "list field verification reports",
	  flags_params, sizeof(struct flags_args), run_flags },
	{ "recipient", "decide", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Decide a field report. --accept: the report is right and the recipient's\n"
	  "status changes (mampu, pindah, meninggal; nonaktif when not found), with\n"
	  "the report named in the status history. --reject: the status stays.\n"
	  "Both are kept, with the note, time and operator.\n",
	  "decide a field verification report",
	  decide_params, sizeof(struct lb_decide_in), run_decide, "/penerima/tinjauan/putus" },
	{ 0 },
};
