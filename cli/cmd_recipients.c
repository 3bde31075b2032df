/*
 * cmd_recipients.c — NIK checks, region data, recipients, screening lists,
 * likely-duplicate review and categories: declared parameters, the
 * operations of recipients/, and their rendering.
 *
 * Every NIK printed here goes through lb_nik_mask unless the command was
 * given --show-nik (UU PDP No. 27/2022); errors never contain one.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/list.h"
#include "core/date.h"
#include "core/localtime.h"
#include "core/op.h"
#include "core/output.h"
#include "inventory/serve.h"
#include "recipients/import.h"
#include "recipients/nik.h"
#include "recipients/recipient.h"
#include "recipients/region.h"
#include "core/rows.h"
#include "recipients/screening.h"

/* A bad row of an import, printed as it is found (the import's
 * warnings come back as the operation's). */
static void print_row_error(void *arg, int warning, const char *file, long row,
			    const char *column, const char *reason)
{
	lb_cli_progress_clear();
	fprintf(stderr, "lumbung: file '%s', row %ld%s%s: %s\n", file, row, column ? ", column " : "",
		column ? column : "", reason);
}

static const struct lb_rows row_errors = { print_row_error, NULL };

static void masked(const char *nik, int show, char out[LB_NIK_LEN + 1])
{
	if (show)
		snprintf(out, LB_NIK_LEN + 1, "%s", nik);
	else
		lb_nik_mask(nik, out);
}

/* ---- nik check ---- */

struct nik_args {
	struct lb_nik_check_in in;
	int show_nik;
};

static const struct lb_param nik_check_params[] = {
	{ "NIK", 0, LB_P_ARG, LB_P_REQUIRED, offsetof(struct nik_args, in.nik), NULL, "NIK" },
	{ "show-nik", 0, LB_P_FLAG, 0, offsetof(struct nik_args, show_nik), NULL, NULL },
	LB_PARAM_END,
};

/* What a NIK encodes, as fields of a record. */
static int nik_fields(lb_rdoc *d, const char *shown, const struct lb_nik_check_out *o, int have_db, lb_err *e)
{
	const struct lb_nik *n = &o->nik;
	const struct lb_nik_region *reg = &o->region;
	const char *unknown = have_db ? "(not in the region data)" : "";
	char born[32];
	int rc;

	lb_date_format_id(lb_day_from_ymd(n->birth_year, n->birth_month, n->birth_day), born);
	if ((rc = lb_rdoc_fieldf(d, "NIK", e, "%s: well-formed", shown)) ||
	    (rc = lb_rdoc_fieldf(d, "province", e, "%s %s", n->province,
				 reg->province_known ? reg->province : unknown)) ||
	    (rc = lb_rdoc_fieldf(d, "regency", e, "%s %s", n->regency, reg->regency_known ? reg->regency : unknown)) ||
	    (rc = lb_rdoc_fieldf(d, "district", e, "%s %s", n->district,
				 reg->district_known ? reg->district : unknown)) ||
	    (rc = lb_rdoc_fieldf(d, "born", e, "%s (%04d-%02d-%02d)", born, n->birth_year, n->birth_month,
				 n->birth_day)))
		return rc;
	return lb_rdoc_fieldf(d, "sex", e, "%c (%s)", n->sex, n->sex == 'L' ? "laki-laki" : "perempuan");
}

static int run_nik_check(struct lb_ctx *ctx, void *arg)
{
	const struct nik_args *a = arg;
	struct lb_nik_check_out o;
	char shown[LB_NIK_LEN + 1];
	struct lb_op op;
	FILE *probe;
	int rc, have_db = 0;

	/* Names come from the database when there is one; the shape check
	 * needs none, so a missing database is not an error here. */
	if ((probe = fopen(ctx->db_path, "rb")) != NULL) {
		fclose(probe);
		if ((rc = lb_db_open(ctx->db_path, LB_DB_EXISTING, &ctx->db, &ctx->err)))
			return rc;
		have_db = 1;
	}
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_nik_check(&op, &a->in, &o, &ctx->err);
	if (!rc) {
		lb_rdoc *d;

		masked(a->in.nik, a->show_nik, shown);
		/* labels padded to "province" and a space */
		if (!(rc = lb_cli_record(ctx, 9, 0, &d)))
			rc = lb_cli_record_end(ctx, d, nik_fields(d, shown, &o, have_db, &ctx->err));
		if (!rc && !have_db)
			lb_op_warn(&op, "no database at '%s': region names not looked up", ctx->db_path);
	}
	lb_cli_warnings(&op);
	lb_op_release(&op);
	return rc;
}

/* ---- region import ---- */

static const struct lb_param region_import_params[] = {
#define F(x) offsetof(struct lb_region_import_in, x)
	{ "FILE", 0, LB_P_ARGS, LB_P_REQUIRED, F(files), NULL, "Berkas wilayah" },
	{ "delimiter", 0, LB_P_STR, 0, F(delimiter), ",|;|tab", "Pemisah kolom" },
#undef F
	LB_PARAM_END,
};

static int run_region_import(struct lb_ctx *ctx, void *arg)
{
	struct lb_region_import_in *in = arg;
	struct lb_region_counts c;
	int rc;

	in->rows = &row_errors;
	LB_CLI_RUN_OP(ctx, rc, lb_region_load(LB_CLI_OP, in, &c, &ctx->err));
	if (rc)
		return rc;
	for (int l = 0; l < 4; l++)
		if (c.added[l] || c.updated[l] || c.unchanged[l])
			fprintf(ctx->out, "%-9s %6ld added, %ld updated, %ld unchanged\n",
				lb_region_level_name(l), c.added[l], c.updated[l], c.unchanged[l]);
	return LB_OK;
}

/* ---- recipient add ---- */

static void report_added(struct lb_ctx *ctx, const struct lb_recipient *r, const char *vname,
			 int show, const char *verb)
{
	char nik[LB_NIK_LEN + 1];

	masked(r->nik, show, nik);
	fprintf(ctx->out, "%s '%s' (%s), %s, village %s %s; token %s\n", verb, r->name, nik,
		r->category, r->village, vname, r->token);
	if (r->mismatch[0])
		fprintf(ctx->out, "recorded: the %s disagrees with the NIK (accepted with --accept-mismatch)\n",
			strcmp(r->mismatch, "sex") == 0 ? "sex" : strcmp(r->mismatch, "birth_date") == 0
									? "birth date"
									: "birth date and sex");
}

struct add_args {
	struct lb_recipient_add_in in;
	int show_nik;
};

static const struct lb_param recipient_add_params[] = {
#define F(x) offsetof(struct add_args, in.r.x)
	{ "nik", 0, LB_P_STR, LB_P_REQUIRED, F(nik), "NIK", "NIK" },
	{ "name", 0, LB_P_STR, LB_P_REQUIRED, F(name), "NAME", "Nama" },
	{ "village", 0, LB_P_STR, LB_P_REQUIRED, F(village), "CODE", "Desa/kelurahan (kode)" },
	{ "category", 0, LB_P_STR, LB_P_REQUIRED, F(category), "CAT", "Kategori" },
	{ "kk", 0, LB_P_STR, 0, F(kk), "N", "No. KK" },
	{ "sex", 0, LB_P_STR, 0, F(sex), "L|P", "Jenis kelamin" },
	{ "birth-date", 0, LB_P_STR, 0, F(birth_date), "YYYY-MM-DD", "Tanggal lahir" },
	{ "address", 0, LB_P_STR, 0, F(address), "TEXT", "Alamat" },
	{ "desil", 0, LB_P_STR, 0, F(desil), "N", "Desil" },
	{ "phone", 0, LB_P_STR, 0, F(phone), "N", "No. HP" },
	{ "proxy-name", 0, LB_P_STR, 0, F(proxy_name), "NAME", "Nama wakil" },
	{ "proxy-nik", 0, LB_P_STR, 0, F(proxy_nik), "NIK", "NIK wakil" },
	{ "point", 0, LB_P_STR, 0, offsetof(struct add_args, in.point), "CODE", "Titik salur" },
	{ "accept-mismatch", 0, LB_P_FLAG, 0, F(accept_mismatch), NULL, "Terima meski tidak cocok dengan NIK" },
	{ "show-nik", 0, LB_P_FLAG, 0, offsetof(struct add_args, show_nik), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_recipient_add(struct lb_ctx *ctx, void *arg)
{
	const struct add_args *a = arg;
	struct lb_recipient_add_out o;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_recipient_register(&op, &a->in, &o, &ctx->err);
	if (!rc)
		report_added(ctx, &o.recipient, o.village_name, a->show_nik, "registered");
	lb_cli_warnings(&op);
	lb_op_release(&op);
	return rc;
}

/* ---- recipient import ---- */

static const struct lb_param recipient_import_params[] = {
#define F(x) offsetof(struct lb_recipient_import_in, x)
	{ "FILE", 0, LB_P_ARG, LB_P_REQUIRED, F(file), NULL, "Berkas" },
	{ "dry-run", 0, LB_P_FLAG, 0, F(dry_run), NULL, "Periksa saja" },
	{ "skip-invalid", 0, LB_P_FLAG, 0, F(skip_invalid), NULL, "Lewati baris yang salah" },
	{ "rejects", 0, LB_P_STR, 0, F(rejects), "FILE", NULL },
	{ "accept-mismatch", 0, LB_P_FLAG, 0, F(accept_mismatch), NULL, "Terima meski tidak cocok dengan NIK" },
	{ "delimiter", 0, LB_P_STR, 0, F(delimiter), ",|;|tab", "Pemisah kolom" },
#undef F
	LB_PARAM_END,
};

static int run_recipient_import(struct lb_ctx *ctx, void *arg)
{
	struct lb_recipient_import_in *in = arg;
	struct lb_recipient_import_result res;
	int rc;

	in->rows = &row_errors;
	LB_CLI_RUN_OP(ctx, rc, lb_recipient_import_run(LB_CLI_OP, in, &res, &ctx->err));
	if (rc)
		return rc;
	fprintf(ctx->out, "%s %ld recipient%s from %ld row%s of '%s'%s\n",
		in->dry_run ? "would register" : "registered", res.imported,
		res.imported == 1 ? "" : "s", res.rows, res.rows == 1 ? "" : "s", in->file,
		in->dry_run ? " (dry run: nothing written)" : "");
	if (res.rejected)
		fprintf(ctx->out, "skipped %ld bad row%s, written with the reason to '%s'\n",
			res.rejected, res.rejected == 1 ? "" : "s", in->rejects);
	if (res.duplicates)
		fprintf(ctx->out,
			"flagged %ld likely duplicate%s (same name, birth date and village): held until "
			"reviewed, see 'lumbung recipient duplicates'\n",
			res.duplicates, res.duplicates == 1 ? "" : "s");
	if (res.hits)
		fprintf(ctx->out, "found %ld recipient%s on screening lists\n", res.hits,
			res.hits == 1 ? "" : "s");
	if (res.mismatches)
		fprintf(ctx->out, "recorded %ld NIK mismatch%s accepted with --accept-mismatch\n",
			res.mismatches, res.mismatches == 1 ? "" : "es");
	if (res.unknown_districts)
		fprintf(ctx->out, "%ld NIK%s with a district not in the region data (registered anyway)\n",
			res.unknown_districts, res.unknown_districts == 1 ? "" : "s");
	return LB_OK;
}

/* ---- recipient list ---- */

struct list_args {
	struct lb_recipient_filter f;
	const char *format;
	int show_nik;
};

static const struct lb_param recipient_list_params[] = {
#define F(x) offsetof(struct list_args, x)
	{ "name", 0, LB_P_STR, 0, F(f.name), "TEXT", "Nama mengandung" },
	{ "village", 0, LB_P_STR, 0, F(f.village), "CODE", "Desa/kelurahan (kode)" },
	{ "status", 0, LB_P_STR, 0, F(f.status), "S", "Status" },
	{ "category", 0, LB_P_STR, 0, F(f.category), "C", "Kategori" },
	{ "held", 0, LB_P_FLAG, 0, F(f.held), NULL, "Ditahan untuk pemeriksaan ganda" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
	{ "show-nik", 0, LB_P_FLAG, 0, F(show_nik), NULL, NULL },
#undef F
	LB_PARAM_END,
};

struct list_state {
	lb_rdoc *o;
	int show;
};

static int list_row(void *arg, const struct lb_recipient *r, lb_err *e)
{
	struct list_state *s = arg;
	char nik[LB_NIK_LEN + 1], desil[8] = "";
	const char *vals[8];

	masked(r->nik, s->show, nik);
	if (r->desil)
		snprintf(desil, sizeof desil, "%d", r->desil);
	vals[0] = nik;
	vals[1] = r->name;
	vals[2] = r->sex;
	vals[3] = r->birth_date;
	vals[4] = r->village;
	vals[5] = r->category;
	vals[6] = desil;
	vals[7] = r->status;
	return lb_rdoc_cells(s->o, vals, e);
}

static int recipient_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	const struct list_args *a = arg;
	struct list_state s = { out, a->show_nik };

	return lb_recipient_list(ctx->db, &a->f, list_row, &s, &ctx->err);
}

static const int list_formats = LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON;

static int run_recipient_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "nik", 0 },     { "name", 0 },     { "sex", 0 },   { "birth_date", 0 },
		{ "village", 0 }, { "category", 0 }, { "desil", 1 }, { "status", 0 },
	};
	const struct list_args *a = arg;
	enum lb_fmt fmt;
	int rc;

	/* the format is refused before the filter, as it always was */
	if ((rc = lb_fmt_parse(a->format, list_formats, LB_FMT_TABLE, &fmt, &ctx->err)) ||
	    (rc = lb_recipient_filter_check(ctx->db, &a->f, &ctx->err)))
		return rc;
	return lb_cli_list(ctx, a->format, list_formats, cols, 8, recipient_rows, arg);
}

/* ---- recipient show ---- */

/* What recipient show writes to (a record document), and the office's
 * zone for its times. */
struct show_to {
	lb_rdoc *d;
	struct lb_zone z;
};

static int show_history(void *arg, const struct lb_status_change *c, lb_err *e)
{
	struct show_to *s = arg;
	char at[32];

	lb_time_local(&s->z, c->recorded_at, at);
	return lb_rdoc_paraf(s->d, e, "  %s  %-9s  %s (by %s, recorded %s)", c->day, c->status, c->reason,
			     c->operator, at);
}

static int show_edit(void *arg, const char *field, const char *old_value, const char *new_value,
		     const char *edited_at, const char *operator, lb_err *e)
{
	struct show_to *s = arg;
	char at[32];

	lb_time_local(&s->z, edited_at, at);
	return lb_rdoc_paraf(s->d, e, "  %.10s  edited    %s: '%s' -> '%s' (by %s, recorded %s)", at, field,
			     old_value, new_value, operator, at);
}

static int show_hit(void *arg, const char *list, const char *found_at, lb_err *e)
{
	struct show_to *s = arg;
	char at[32];

	lb_time_local(&s->z, found_at, at);
	return lb_rdoc_paraf(s->d, e, "  on list %s (found %s)", list, at);
}

struct dup_show {
	lb_rdoc *d;
	int64_t self;
	int show;
	const struct lb_zone *z;
};

static int show_dup(void *arg, const struct lb_dup_flag *d, lb_err *e)
{
	struct dup_show *s = arg;
	const struct lb_recipient *o = d->held.id == s->self ? &d->other : &d->held;
	char nik[LB_NIK_LEN + 1], at[32];
	int rc;

	masked(o->nik, s->show, nik);
	lb_time_local(s->z, o->created_at, at);
	if ((rc = lb_rdoc_paraf(s->d, e, "  likely duplicate of '%s' (%s, registered %s): %s%s", o->name, nik, at,
				d->state, d->state[0] == 'o' && d->held.id == s->self ? ", held" : "")))
		return rc;
	if (d->note[0])
		return lb_rdoc_paraf(s->d, e, "    reviewed by %s: %s", d->reviewer, d->note);
	return LB_OK;
}

struct show_args {
	struct lb_recipient_show_in in;
	int show_nik;
};

static const struct lb_param recipient_show_params[] = {
#define F(x) offsetof(struct show_args, x)
	{ "NIK|ID|NAME", 0, LB_P_ARG, 0, F(in.who), NULL, "NIK, id atau nama" },
	{ "token", 0, LB_P_STR, 0, F(in.token), "TOKEN", "Token" },
	{ "show-nik", 0, LB_P_FLAG, 0, F(show_nik), NULL, NULL },
#undef F
	LB_PARAM_END,
};

/* The recipient's fields, their history after them. */
static int show_recipient(struct lb_ctx *ctx, const struct lb_recipient_show_out *o, struct show_to *to,
			  int show)
{
	const struct lb_recipient *r = &o->recipient;
	lb_rdoc *d = to->d;
	lb_err *e = &ctx->err;
	char nik[LB_NIK_LEN + 1], kk[LB_NIK_LEN + 1], pn[LB_NIK_LEN + 1], at[32], desil[16];
	int rc;

	masked(r->nik, show, nik);
	kk[0] = pn[0] = 0;
	if (r->kk[0])
		masked(r->kk, show, kk);
	if (r->proxy_name[0])
		masked(r->proxy_nik, show, pn);
	snprintf(desil, sizeof desil, "%d", r->desil);
	lb_time_local(&to->z, r->created_at, at);
	if ((rc = lb_rdoc_field(d, "name", r->name, e)) || (rc = lb_rdoc_field(d, "NIK", nik, e)) ||
	    (rc = lb_rdoc_field(d, "KK", r->kk[0] ? kk : NULL, e)) ||
	    (rc = lb_rdoc_field(d, "token", r->token, e)) || (rc = lb_rdoc_field(d, "sex", r->sex, e)) ||
	    (rc = lb_rdoc_field(d, "birth date", r->birth_date, e)))
		return rc;
	if (r->mismatch[0] &&
	    (rc = lb_rdoc_fieldf(d, "mismatch", e, "%s disagrees with the NIK (accepted)", r->mismatch)))
		return rc;
	if ((rc = lb_rdoc_fieldf(d, "village", e, "%s %s", r->village, o->village_name)) ||
	    (rc = lb_rdoc_field(d, "address", r->address[0] ? r->address : NULL, e)) ||
	    (rc = lb_rdoc_field(d, "category", r->category, e)) ||
	    (rc = lb_rdoc_field(d, "desil", r->desil ? desil : NULL, e)) ||
	    (rc = lb_rdoc_field(d, "phone", r->phone[0] ? r->phone : NULL, e)))
		return rc;
	if (r->proxy_name[0] && (rc = lb_rdoc_fieldf(d, "proxy", e, "%s (%s)", r->proxy_name, pn)))
		return rc;
	if (o->point_own)
		rc = lb_rdoc_fieldf(d, "point", e, "%s %s (set on the recipient)", o->point.code, o->point.name);
	else if (o->point_found)
		rc = lb_rdoc_fieldf(d, "point", e, "%s %s (serves the village)", o->point.code, o->point.name);
	else
		rc = lb_rdoc_fieldf(d, "point", e, "none: no distribution point serves village %s", r->village);
	if (rc || (rc = lb_rdoc_field(d, "status", r->status, e)) || (rc = lb_rdoc_field(d, "registered", at, e)))
		return rc;
	if (o->has_replaces) {
		masked(o->replaces.nik, show, nik);
		if ((rc = lb_rdoc_fieldf(d, "replaces", e, "'%s' (%s)", o->replaces.name, nik)))
			return rc;
	}
	if (o->has_replaced_by) {
		masked(o->replaced_by.nik, show, nik);
		if ((rc = lb_rdoc_fieldf(d, "replaced by", e, "'%s' (%s)", o->replaced_by.name, nik)))
			return rc;
	}
	if ((rc = lb_rdoc_para(d, "history:", 0, e)) ||
	    (rc = lb_rdoc_paraf(d, e, "  %.10s  %-9s  registered", at, "aktif")) ||
	    (rc = lb_recipient_history(ctx->db, r->id, show_history, to, e)) ||
	    (rc = lb_recipient_edits(ctx->db, r->id, show_edit, to, e)) ||
	    (rc = lb_screen_hits_of(ctx->db, r->id, show_hit, to, e)))
		return rc;
	{
		struct dup_show ds = { d, r->id, show, &to->z };
		return lb_dup_list(ctx->db, 0, r->id, show_dup, &ds, e);
	}
}

static int run_recipient_show(struct lb_ctx *ctx, void *arg)
{
	const struct show_args *a = arg;
	struct lb_recipient_show_out o;
	struct show_to to = { NULL, { 0 } };
	int rc;

	if ((rc = lb_zone_get(ctx->db, &to.z, &ctx->err)))
		return rc;
	LB_CLI_RUN_OP(ctx, rc, lb_recipient_show(LB_CLI_OP, &a->in, &o, &ctx->err));
	/* labels padded to "replaced by" */
	if (rc || (rc = lb_cli_record(ctx, 11, 0, &to.d)))
		return rc;
	return lb_cli_record_end(ctx, to.d, show_recipient(ctx, &o, &to, a->show_nik));
}

/* ---- set-status, set-point ---- */

static const struct lb_param set_status_params[] = {
#define F(x) offsetof(struct lb_recipient_status_in, x)
	{ "NIK", 0, LB_P_ARG, LB_P_REQUIRED, F(who), NULL, "NIK, id atau nama" },
	{ "status", 0, LB_P_STR, LB_P_REQUIRED, F(status), "S", "Status baru" },
	{ "date", 0, LB_P_STR, LB_P_REQUIRED, F(date), "YYYY-MM-DD", "Berlaku sejak" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "TEXT", "Alasan" },
#undef F
	LB_PARAM_END,
};

static int run_recipient_set_status(struct lb_ctx *ctx, void *arg)
{
	const struct lb_recipient_status_in *in = arg;
	struct lb_recipient r;
	int rc;

	LB_CLI_RUN_OP(ctx, rc, lb_recipient_status_change(LB_CLI_OP, in, &r, &ctx->err));
	if (rc)
		return rc;
	fprintf(ctx->out, "'%s': %s -> %s from %s\n", r.name, r.status, in->status, in->date);
	return LB_OK;
}

static const struct lb_param set_point_params[] = {
#define F(x) offsetof(struct lb_recipient_point_in, x)
	{ "NIK", 0, LB_P_ARG, LB_P_REQUIRED, F(who), NULL, "NIK, id atau nama" },
	{ "point", 0, LB_P_STR, 0, F(point), "CODE", "Titik salur" },
	{ "clear", 0, LB_P_FLAG, 0, F(clear), NULL, "Kembali ke titik desanya" },
#undef F
	LB_PARAM_END,
};

static int run_recipient_set_point(struct lb_ctx *ctx, void *arg)
{
	const struct lb_recipient_point_in *in = arg;
	struct lb_recipient r;
	int rc;

	LB_CLI_RUN_OP(ctx, rc, lb_recipient_point_change(LB_CLI_OP, in, &r, &ctx->err));
	if (rc)
		return rc;
	if (in->point)
		fprintf(ctx->out, "'%s' collects at %s\n", r.name, in->point);
	else
		fprintf(ctx->out, "'%s' collects at the point serving village %s\n", r.name, r.village);
	return LB_OK;
}

/* ---- edit ---- */

static const struct lb_param recipient_edit_params[] = {
#define F(x) offsetof(struct lb_recipient_edit_in, x)
	{ "NIK|ID|NAME", 0, LB_P_ARG, LB_P_REQUIRED, F(who), NULL, "NIK, id atau nama" },
	{ "name", 0, LB_P_STR, 0, F(name), "NAME", "Nama" },
	{ "address", 0, LB_P_STR, 0, F(address), "TEXT", "Alamat" },
	{ "phone", 0, LB_P_STR, 0, F(phone), "N", "No. HP" },
	{ "point", 0, LB_P_STR, 0, F(point), "CODE", "Titik salur" },
#undef F
	LB_PARAM_END,
};

static int run_recipient_edit(struct lb_ctx *ctx, void *arg)
{
	const struct lb_recipient_edit_in *in = arg;
	struct lb_recipient_edit_out o;
	int rc;

	LB_CLI_RUN_OP(ctx, rc, lb_recipient_correct(LB_CLI_OP, in, &o, &ctx->err));
	if (rc)
		return rc;
	if (o.changed)
		fprintf(ctx->out, "edited '%s': %d field%s changed, kept in the history\n",
			in->name ? in->name : o.recipient.name, o.changed, o.changed == 1 ? "" : "s");
	else
		fprintf(ctx->out, "'%s': nothing to change\n", o.recipient.name);
	return LB_OK;
}

/* ---- replace ---- */

struct replace_args {
	struct lb_recipient_replace_in in;
	int show_nik;
};

static const struct lb_param recipient_replace_params[] = {
#define F(x) offsetof(struct replace_args, in.x)
	{ "OLD_NIK", 0, LB_P_ARG, LB_P_REQUIRED, F(old), NULL, "NIK lama" },
	{ "by", 0, LB_P_STR, LB_P_REQUIRED, F(by.nik), "NEW_NIK", "NIK pengganti" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "TEXT", "Alasan" },
	{ "status", 0, LB_P_STR, 0, F(status), "S", "Status akhir" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
	{ "name", 0, LB_P_STR, 0, F(by.name), "NAME", "Nama" },
	{ "kk", 0, LB_P_STR, 0, F(by.kk), "N", "No. KK" },
	{ "sex", 0, LB_P_STR, 0, F(by.sex), "L|P", "Jenis kelamin" },
	{ "birth-date", 0, LB_P_STR, 0, F(by.birth_date), "YYYY-MM-DD", "Tanggal lahir" },
	{ "address", 0, LB_P_STR, 0, F(by.address), "TEXT", "Alamat" },
	{ "village", 0, LB_P_STR, 0, F(by.village), "CODE", "Desa/kelurahan (kode)" },
	{ "category", 0, LB_P_STR, 0, F(by.category), "CAT", "Kategori" },
	{ "desil", 0, LB_P_STR, 0, F(by.desil), "N", "Desil" },
	{ "phone", 0, LB_P_STR, 0, F(by.phone), "N", "No. HP" },
	{ "proxy-name", 0, LB_P_STR, 0, F(by.proxy_name), "NAME", "Nama wakil" },
	{ "proxy-nik", 0, LB_P_STR, 0, F(by.proxy_nik), "NIK", "NIK wakil" },
	{ "accept-mismatch", 0, LB_P_FLAG, 0, F(by.accept_mismatch), NULL, "Terima meski tidak cocok dengan NIK" },
	{ "show-nik", 0, LB_P_FLAG, 0, offsetof(struct replace_args, show_nik), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_recipient_replace(struct lb_ctx *ctx, void *arg)
{
	const struct replace_args *a = arg;
	struct lb_recipient_replace_out o;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_recipient_substitute(&op, &a->in, &o, &ctx->err);
	if (!rc) {
		fprintf(ctx->out, "'%s' ends (%s from %s)\n", o.old.name,
			strcmp(o.old.status, "aktif") == 0 || a->in.status
				? (a->in.status ? a->in.status : "nonaktif")
				: o.old.status,
			o.day);
		report_added(ctx, &o.recipient, o.village_name, a->show_nik, "replaced by");
	}
	lb_cli_warnings(&op);
	lb_op_release(&op);
	return rc;
}

/* ---- screening ---- */

static const struct lb_param screen_params[] = {
#define F(x) offsetof(struct lb_screen_in, x)
	{ "FILE.csv", 0, LB_P_ARG, LB_P_REQUIRED, F(file), NULL, "Berkas daftar" },
	{ "list", 0, LB_P_STR, LB_P_REQUIRED, F(list), "NAME", "Nama daftar" },
	{ "set-status", 0, LB_P_STR, 0, F(set_status), "S", "Ubah status menjadi" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
	{ "dry-run", 0, LB_P_FLAG, 0, F(dry_run), NULL, "Periksa saja" },
	{ "skip-invalid", 0, LB_P_FLAG, 0, F(skip_invalid), NULL, "Lewati baris yang salah" },
	{ "rejects", 0, LB_P_STR, 0, F(rejects), "FILE", NULL },
	{ "delimiter", 0, LB_P_STR, 0, F(delimiter), ",|;|tab", "Pemisah kolom" },
#undef F
	LB_PARAM_END,
};

static int run_recipient_screen(struct lb_ctx *ctx, void *arg)
{
	struct lb_screen_in *in = arg;
	struct lb_screen_out o;
	const struct lb_screen_result *res = &o.result;
	int rc;

	in->rows = &row_errors;
	LB_CLI_RUN_OP(ctx, rc, lb_screen_run(LB_CLI_OP, in, &o, &ctx->err));
	if (rc)
		return rc;
	fprintf(ctx->out, "list %s: %ld NIK%s; %ld recipient%s on it (%ld new, %ld no longer on it)%s\n",
		o.list, res->entries, res->entries == 1 ? "" : "s", res->hits, res->hits == 1 ? "" : "s",
		res->new_hits, res->dropped, in->dry_run ? " (dry run: nothing written)" : "");
	if (in->set_status)
		fprintf(ctx->out, "status %s from %s %s %ld recipient%s\n", in->set_status, in->date,
			in->dry_run ? "would be given to" : "for", res->changed, res->changed == 1 ? "" : "s");
	if (res->rejected)
		fprintf(ctx->out, "skipped %ld bad row%s, written with the reason to '%s'\n",
			res->rejected, res->rejected == 1 ? "" : "s", in->rejects);
	return LB_OK;
}

struct lists_state {
	struct lb_zone z;
	int local; /* a table for people: local times; csv and json keep UTC */
	lb_rdoc *o;
};

static int list_lists(void *arg, const struct lb_screen_list_info *l, lb_err *e)
{
	struct lists_state *s = arg;
	char entries[24], hits[24], at[32];
	const char *vals[6];

	snprintf(entries, sizeof entries, "%ld", l->entries);
	snprintf(hits, sizeof hits, "%ld", l->hits);
	if (s->local)
		lb_time_local(&s->z, l->imported_at, at);
	else
		snprintf(at, sizeof at, "%s", l->imported_at);
	vals[0] = l->name;
	vals[1] = entries;
	vals[2] = hits;
	vals[3] = at;
	vals[4] = l->operator;
	vals[5] = l->source;
	return lb_rdoc_cells(s->o, vals, e);
}

static int lists_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct lists_state *s = arg;

	s->o = out;
	return lb_screen_lists(ctx->db, list_lists, s, &ctx->err);
}

static int run_recipient_lists(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "list", 0 }, { "niks", 1 }, { "recipients", 1 }, { "imported_at", 0 },
		{ "operator", 0 }, { "source", 0 },
	};
	const struct lb_list_in *in = arg;
	struct lists_state s = { 0 };
	enum lb_fmt fmt;
	int rc;

	if ((rc = lb_fmt_parse(in->format, list_formats, LB_FMT_TABLE, &fmt, &ctx->err)) ||
	    (rc = lb_zone_get(ctx->db, &s.z, &ctx->err)))
		return rc;
	s.local = fmt == LB_FMT_TABLE;
	return lb_cli_list(ctx, in->format, list_formats, cols, 6, lists_rows, &s);
}

/* ---- likely duplicates ---- */

struct dup_args {
	int all;
	const char *format;
	int show_nik;
};

static const struct lb_param duplicates_params[] = {
#define F(x) offsetof(struct dup_args, x)
	{ "all", 0, LB_P_FLAG, 0, F(all), NULL, "Termasuk yang sudah diperiksa" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
	{ "show-nik", 0, LB_P_FLAG, 0, F(show_nik), NULL, NULL },
#undef F
	LB_PARAM_END,
};

struct dup_state {
	lb_rdoc *o;
	int show;
};

static int dup_row(void *arg, const struct lb_dup_flag *d, lb_err *e)
{
	struct dup_state *s = arg;
	char id[24], nik[LB_NIK_LEN + 1], onik[LB_NIK_LEN + 1];
	const char *vals[9];

	snprintf(id, sizeof id, "%lld", (long long)d->id);
	masked(d->held.nik, s->show, nik);
	masked(d->other.nik, s->show, onik);
	vals[0] = id;
	vals[1] = d->state;
	vals[2] = nik;
	vals[3] = d->held.name;
	vals[4] = d->held.birth_date;
	vals[5] = d->held.village;
	vals[6] = onik;
	vals[7] = d->other.name;
	vals[8] = d->note;
	return lb_rdoc_cells(s->o, vals, e);
}

static int dup_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	const struct dup_args *a = arg;
	struct dup_state s = { out, a->show_nik };

	return lb_dup_list(ctx->db, !a->all, 0, dup_row, &s, &ctx->err);
}

static int run_recipient_duplicates(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "flag", 1 },    { "state", 0 },     { "held_nik", 0 },
		{ "held_name", 0 }, { "birth_date", 0 }, { "village", 0 },
		{ "other_nik", 0 }, { "other_name", 0 }, { "note", 0 },
	};
	const struct dup_args *a = arg;

	return lb_cli_list(ctx, a->format, list_formats, cols, 9, dup_rows, arg);
}

static const struct lb_param review_params[] = {
#define F(x) offsetof(struct lb_recipient_review_in, x)
	{ "NIK", 0, LB_P_ARG, LB_P_REQUIRED, F(who), NULL, "NIK, id atau nama" },
	{ "verdict", 0, LB_P_STR, LB_P_REQUIRED, F(verdict), "distinct|duplicate", "Keputusan" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "TEXT", "Alasan" },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", "Tanggal" },
#undef F
	LB_PARAM_END,
};

static int run_recipient_review(struct lb_ctx *ctx, void *arg)
{
	const struct lb_recipient_review_in *in = arg;
	struct lb_recipient_review_out o;
	int rc;

	LB_CLI_RUN_OP(ctx, rc, lb_recipient_review(LB_CLI_OP, in, &o, &ctx->err));
	if (rc)
		return rc;
	if (in->verdict[1] == 'u')
		fprintf(ctx->out, "'%s': registered twice; %ld flag%s closed, this registration is nonaktif\n",
			o.recipient.name, o.closed, o.closed == 1 ? "" : "s");
	else
		fprintf(ctx->out, "'%s': a different person; %ld flag%s closed, no longer held\n",
			o.recipient.name, o.closed, o.closed == 1 ? "" : "s");
	return LB_OK;
}

/* ---- categories ---- */

static const struct lb_param category_add_params[] = {
#define F(x) offsetof(struct lb_category_in, x)
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, F(code), NULL, "Kode kategori" },
	{ "name", 0, LB_P_STR, LB_P_REQUIRED, F(name), "NAME", "Nama" },
#undef F
	LB_PARAM_END,
};

static int run_category_add(struct lb_ctx *ctx, void *arg)
{
	const struct lb_category_in *in = arg;
	int rc;

	LB_CLI_RUN_OP(ctx, rc, lb_category_create(LB_CLI_OP, in, &ctx->err));
	if (rc)
		return rc;
	fprintf(ctx->out, "category %s added\n", in->code);
	return LB_OK;
}

static int cat_row(void *arg, const char *code, const char *name, lb_err *e)
{
	const char *vals[2] = { code, name };

	return lb_rdoc_cells(arg, vals, e);
}

static int category_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	return lb_category_list(ctx->db, cat_row, out, &ctx->err);
}

static int run_category_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = { { "category", 0 }, { "name", 0 } };
	const struct lb_list_in *in = arg;

	return lb_cli_list(ctx, in->format, list_formats, cols, 2, category_rows, NULL);
}

const struct lb_cmd lb_cmds_recipients[] = {
	{ "nik", "check", NULL, 0,
	  "Check a NIK's shape and say what it encodes: province, regency and\n"
	  "district (named from the region data when a database is there), birth\n"
	  "date and sex. Exit 0 when well-formed (a district missing from the\n"
	  "region data is only a warning), 2 with the reason when malformed.\n"
	  "The NIK is printed masked unless --show-nik.\n",
	  "check a NIK and say what it encodes",
	  nik_check_params, sizeof(struct nik_args), run_nik_check },
	{ "region", "import", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Load or refresh region data (data/wilayah/*.csv, ODbL). Each file is\n"
	  "recognised by its header: code,name (provinces), code,province_code,name\n"
	  "(regencies), code,regency_code,name (districts), code,district_code,name\n"
	  "(villages). All files are applied in one transaction, provinces first;\n"
	  "any bad row is listed and nothing is written. Importing again changes\n"
	  "only what differs. Files may be CSV (comma, semicolon or tab, detected\n"
	  "from the header) or XLSX (the first sheet).\n",
	  "load region data (provinces to villages)",
	  region_import_params, sizeof(struct lb_region_import_in), run_region_import },
	{ "recipient", "add", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Register a recipient. Sex and birth date default to what the NIK encodes;\n"
	  "given ones that disagree with it are refused as a likely typo unless\n"
	  "--accept-mismatch, which records the disagreement. A NIK already\n"
	  "registered is refused (exit 3). The same name and birth date in the same\n"
	  "village under another NIK is registered but held for review (see\n"
	  "recipient duplicates). --point sets the distribution point instead of the\n"
	  "one serving the village.\n",
	  "register a recipient",
	  recipient_add_params, sizeof(struct add_args), run_recipient_add, "/penerima/tambah" },
	{ "recipient", "import", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Register recipients from a CSV file with a header row. Columns: nik, kk,\n"
	  "name, sex, birth_date, address, village, category, desil (all required,\n"
	  "cells may be empty where add's options are optional), and optionally\n"
	  "phone, proxy_name, proxy_nik, point. A missing, unknown or repeated column\n"
	  "refuses the file. All or nothing: every bad row is listed (row, column,\n"
	  "reason) and nothing is written, unless --skip-invalid, which registers the\n"
	  "good rows and writes the bad ones, with a reason column, to --rejects FILE.\n"
	  "A NIK already registered or repeated in the file is a bad row. --dry-run\n"
	  "checks and counts without writing.\n"
	  "\n"
	  "FILE may be CSV (comma, semicolon or tab, detected from the header;\n"
	  "UTF-8 or Windows-1252) or XLSX (the first sheet). Headings may be the\n"
	  "Indonesian ones (Nama, No KK, Jenis Kelamin, Tgl Lahir, Desa/Kelurahan,\n"
	  "Kategori, No HP ...; docs/recipients.md lists them), dates YYYY-MM-DD,\n"
	  "DD/MM/YYYY or DD-MM-YYYY, the village a code or a name (with an optional\n"
	  "kecamatan column). A rejects file, corrected, imports as it is.\n",
	  "register recipients from a CSV file",
	  recipient_import_params, sizeof(struct lb_recipient_import_in), run_recipient_import,
	  "/penerima/impor" },
	{ "recipient", "list", NULL, LB_CMD_DB,
	  "List recipients in registration order, NIKs masked unless --show-nik.\n"
	  "--name lists those whose name contains TEXT (case ignored). --held lists\n"
	  "those held for duplicate review.\n",
	  "list recipients",
	  recipient_list_params, sizeof(struct list_args), run_recipient_list },
	{ "recipient", "show", NULL, LB_CMD_DB,
	  "Everything about one recipient: details, collection point, status history,\n"
	  "edits, screening hits, likely duplicates and replacement. A name shows the\n"
	  "one recipient it matches (exactly, or as part of one name); several are\n"
	  "listed (name, village, birth date, id) to choose from.\n",
	  "show one recipient and their history",
	  recipient_show_params, sizeof(struct show_args), run_recipient_show },
	{ "recipient", "edit", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Correct a recipient's name, address, phone or collection point. An empty\n"
	  "value clears the field (--point '': the point serving the village). Each\n"
	  "change is kept with its old value, time and operator, and shown by\n"
	  "recipient show.\n",
	  "correct a recipient's name, address, phone or point",
	  recipient_edit_params, sizeof(struct lb_recipient_edit_in), run_recipient_edit,
	  "/penerima/ubah" },
	{ "recipient", "set-status", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Change a recipient's status (aktif, meninggal, pindah, mampu, nonaktif).\n"
	  "The history keeps the date, reason and operator of every change.\n",
	  "change a recipient's status",
	  set_status_params, sizeof(struct lb_recipient_status_in), run_recipient_set_status,
	  "/penerima/status" },
	{ "recipient", "set-point", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Make a recipient collect at another distribution point than the one\n"
	  "serving their village, or (--clear) at that one again. Give one of\n"
	  "--point and --clear.\n",
	  "set where a recipient collects",
	  set_point_params, sizeof(struct lb_recipient_point_in), run_recipient_set_point,
	  "/penerima/titik" },
	{ "recipient", "replace", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Replacement (penggantian) in one step: the old recipient ends (status\n"
	  "nonaktif, or --status meninggal|pindah|mampu) and the new one starts,\n"
	  "linked to the one replaced. The new NIK may be registered already (and\n"
	  "aktif); otherwise give its details as for recipient add (village and\n"
	  "category default to the old recipient's). --date defaults to today.\n",
	  "replace a recipient by another",
	  recipient_replace_params, sizeof(struct replace_args), run_recipient_replace,
	  "/penerima/ganti" },
	{ "recipient", "screen", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Screen recipients against a list of NIKs (CSV with the column nik, and\n"
	  "optionally name and note): PKH, SEMBAKO, a death register, civil servants.\n"
	  "Every recipient on it is flagged; programs may exclude lists by name. A\n"
	  "list screened again under the same name is replaced. --set-status also\n"
	  "gives the recipients found that status (meninggal for a death register).\n"
	  "A malformed NIK in the file refuses it, with every bad row listed, unless\n"
	  "--skip-invalid, which screens against the good rows and writes the bad\n"
	  "ones, with a reason column, to --rejects FILE. --dry-run checks every row\n"
	  "and counts the recipients that would be found, writing nothing.\n",
	  "flag recipients found on another list",
	  screen_params, sizeof(struct lb_screen_in), run_recipient_screen, "/penerima/saring" },
	{ "recipient", "lists", NULL, LB_CMD_DB,
	  "The screening lists: NIKs on each and recipients found on it.\n",
	  "list the screening lists",
	  lb_list_params, sizeof(struct lb_list_in), run_recipient_lists },
	{ "recipient", "duplicates", NULL, LB_CMD_DB,
	  "Likely duplicates awaiting review (--all: reviewed ones too): the later\n"
	  "registration is held out of allocations until 'recipient review'.\n",
	  "list likely duplicates",
	  duplicates_params, sizeof(struct dup_args), run_recipient_duplicates },
	{ "recipient", "review", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Clear the likely-duplicate flags holding a recipient after checking.\n"
	  "distinct: two different people, the recipient is no longer held.\n"
	  "duplicate: one person registered twice, this later registration\n"
	  "becomes nonaktif with the reason.\n",
	  "clear a likely-duplicate flag after review",
	  review_params, sizeof(struct lb_recipient_review_in), run_recipient_review,
	  "/penerima/periksa" },
	{ "category", "add", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Add a recipient category (lower-case code). lansia, disabilitas and anak\n"
	  "come with every database.\n",
	  "add a recipient category",
	  category_add_params, sizeof(struct lb_category_in), run_category_add, "/kategori/tambah" },
	{ "category", "list", NULL, LB_CMD_DB, "", "list recipient categories",
	  lb_list_params, sizeof(struct lb_list_in), run_category_list },
	{ 0 },
};
