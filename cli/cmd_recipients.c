/*
 * cmd_recipients.c — NIK checks, region data, recipients, screening lists,
 * likely-duplicate review and categories.
 *
 * Every NIK printed here goes through lb_nik_mask unless the command was
 * given --show-nik (UU PDP No. 27/2022); errors never contain one.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/date.h"
#include "core/localtime.h"
#include "core/output.h"
#include "core/sheet.h"
#include "inventory/serve.h"
#include "recipients/import.h"
#include "recipients/nik.h"
#include "recipients/recipient.h"
#include "recipients/region.h"
#include "recipients/screening.h"

/* How many warnings a bulk command prints before it only counts them:
 * a million rows with an old district code must not bury the errors. */
#define WARN_SHOWN 20

struct sink_state {
	long errors, warnings;
};

static void print_row_problem(void *arg, int warning, const char *file, long row,
			      const char *column, const char *reason)
{
	struct sink_state *s = arg;

	lb_cli_progress_clear();
	if (warning) {
		if (++s->warnings > WARN_SHOWN)
			return;
		fprintf(stderr, "lumbung: warning: file '%s', row %ld%s%s: %s\n", file, row,
			column ? ", column " : "", column ? column : "", reason);
		return;
	}
	s->errors++;
	fprintf(stderr, "lumbung: file '%s', row %ld%s%s: %s\n", file, row, column ? ", column " : "",
		column ? column : "", reason);
}

static void warnings_tail(const struct sink_state *s)
{
	if (s->warnings > WARN_SHOWN)
		fprintf(stderr, "lumbung: warning: ... and %ld more warnings like these\n",
			s->warnings - WARN_SHOWN);
}

static void masked(const char *nik, int show, char out[LB_NIK_LEN + 1])
{
	if (show)
		snprintf(out, LB_NIK_LEN + 1, "%s", nik);
	else
		lb_nik_mask(nik, out);
}

/* ---- nik check ---- */

static int cmd_nik_check(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_nik n;
	struct lb_nik_region reg = { 0 };
	int show = 0, rc, have_db = 0, y, m, d;
	const struct lb_opt opts[] = { { "show-nik", 0, LB_OPT_FLAG, &show }, { 0 } };
	char shown[LB_NIK_LEN + 1], born[32];
	FILE *probe;

	if ((rc = lb_args("nik check", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto out;
	lb_day_to_ymd(lb_today(), &y, &m, &d);
	if ((rc = lb_nik_parse_at(pos.v[0], y, &n, &ctx->err)))
		goto out;
	/* Names come from the database when there is one; the shape check
	 * needs none, so a missing database is not an error here. */
	if ((probe = fopen(ctx->db_path, "rb")) != NULL) {
		fclose(probe);
		if ((rc = lb_db_open(ctx->db_path, LB_DB_EXISTING, &ctx->db, &ctx->err)))
			goto out;
		if ((rc = lb_region_of_nik(ctx->db, &n, &reg, &ctx->err)))
			goto out;
		have_db = 1;
	}
	masked(pos.v[0], show, shown);
	lb_date_format_id(lb_day_from_ymd(n.birth_year, n.birth_month, n.birth_day), born);
	fprintf(ctx->out, "NIK       %s: well-formed\n", shown);
	fprintf(ctx->out, "province  %s %s\n", n.province,
		reg.province_known ? reg.province : have_db ? "(not in the region data)" : "");
	fprintf(ctx->out, "regency   %s %s\n", n.regency,
		reg.regency_known ? reg.regency : have_db ? "(not in the region data)" : "");
	fprintf(ctx->out, "district  %s %s\n", n.district,
		reg.district_known ? reg.district : have_db ? "(not in the region data)" : "");
	fprintf(ctx->out, "born      %s (%04d-%02d-%02d)\n", born, n.birth_year, n.birth_month,
		n.birth_day);
	fprintf(ctx->out, "sex       %c (%s)\n", n.sex, n.sex == 'L' ? "laki-laki" : "perempuan");
	if (!have_db)
		fprintf(stderr, "lumbung: warning: no database at '%s': region names not looked up\n",
			ctx->db_path);
	else if (!reg.district_known)
		fprintf(stderr,
			"lumbung: warning: district %s is not in the region data; the NIK may still be real "
			"(districts are split and renamed after NIKs are issued)\n",
			n.district);
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- region import ---- */

static int cmd_region_import(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_region_counts c;
	struct sink_state s = { 0 };
	struct lb_rows sink = { print_row_problem, &s };
	const char *delim = NULL;
	const struct lb_opt opts[] = { { "delimiter", 0, LB_OPT_STR, &delim }, { 0 } };
	int rc;

	if ((rc = lb_args("region import", argc, argv, opts, &pos, 1, -1, &ctx->err)) ||
	    (rc = lb_sheet_delimiter_option(delim, &ctx->err)))
		goto out;
	if ((rc = lb_region_import(ctx->db, pos.v, pos.n, &sink, &c, &ctx->err)))
		goto out;
	for (int l = 0; l < 4; l++)
		if (c.added[l] || c.updated[l] || c.unchanged[l])
			fprintf(ctx->out, "%-9s %6ld added, %ld updated, %ld unchanged\n",
				lb_region_level_name(l), c.added[l], c.updated[l], c.unchanged[l]);
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- recipient add ---- */

static void report_added(struct lb_ctx *ctx, const struct lb_recipient *r,
			 const struct lb_recipient_added *a, int show, const char *verb)
{
	char nik[LB_NIK_LEN + 1], vname[LB_REGION_NAME_MAX];
	int found;
	lb_err ignored;

	masked(r->nik, show, nik);
	if (lb_region_name(ctx->db, LB_REGION_VILLAGE, r->village, vname, &found, &ignored))
		vname[0] = '\0';
	fprintf(ctx->out, "%s '%s' (%s), %s, village %s %s; token %s\n", verb, r->name, nik,
		r->category, r->village, vname, r->token);
	if (r->mismatch[0])
		fprintf(ctx->out, "recorded: the %s disagrees with the NIK (accepted with --accept-mismatch)\n",
			strcmp(r->mismatch, "sex") == 0 ? "sex" : strcmp(r->mismatch, "birth_date") == 0
									? "birth date"
									: "birth date and sex");
	if (a->duplicates)
		fprintf(stderr,
			"lumbung: warning: likely duplicate: same name, birth date and village as %ld earlier "
			"registration%s; held out of allocations until reviewed ('lumbung recipient duplicates')\n",
			a->duplicates, a->duplicates == 1 ? "" : "s");
	if (a->hits)
		fprintf(stderr, "lumbung: warning: on %ld screening list%s (see 'lumbung recipient show')\n",
			a->hits, a->hits == 1 ? "" : "s");
}

static void warn_district(struct lb_ctx *ctx, const char *nik)
{
	struct lb_nik n;
	struct lb_nik_region reg;
	lb_err ignored;

	if (lb_nik_parse_at(nik, lb_recipient_ref_year(), &n, &ignored) ||
	    lb_region_of_nik(ctx->db, &n, &reg, &ignored))
		return;
	if (!reg.district_known)
		fprintf(stderr,
			"lumbung: warning: the NIK's district %s is not in the region data (registered "
			"anyway: districts are split and renamed after NIKs are issued)\n",
			n.district);
}

static int cmd_recipient_add(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_recipient_in in = { 0 };
	struct lb_recipient r;
	struct lb_recipient_added a;
	const char *point = NULL;
	int show = 0, rc;
	const struct lb_opt opts[] = {
		{ "nik", 0, LB_OPT_STR, &in.nik },
		{ "kk", 0, LB_OPT_STR, &in.kk },
		{ "name", 0, LB_OPT_STR, &in.name },
		{ "sex", 0, LB_OPT_STR, &in.sex },
		{ "birth-date", 0, LB_OPT_STR, &in.birth_date },
		{ "address", 0, LB_OPT_STR, &in.address },
		{ "village", 0, LB_OPT_STR, &in.village },
		{ "category", 0, LB_OPT_STR, &in.category },
		{ "desil", 0, LB_OPT_STR, &in.desil },
		{ "phone", 0, LB_OPT_STR, &in.phone },
		{ "proxy-name", 0, LB_OPT_STR, &in.proxy_name },
		{ "proxy-nik", 0, LB_OPT_STR, &in.proxy_nik },
		{ "point", 0, LB_OPT_STR, &point },
		{ "accept-mismatch", 0, LB_OPT_FLAG, &in.accept_mismatch },
		{ "show-nik", 0, LB_OPT_FLAG, &show },
		{ 0 },
	};

	if ((rc = lb_args("recipient add", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("recipient add", "--nik", in.nik, &ctx->err)) ||
	    (rc = lb_require("recipient add", "--name", in.name, &ctx->err)) ||
	    (rc = lb_require("recipient add", "--village", in.village, &ctx->err)) ||
	    (rc = lb_require("recipient add", "--category", in.category, &ctx->err)))
		return rc;
	if ((rc = lb_recipient_add(ctx->db, &in, point, &r, &a, &ctx->err))) {
		lb_err_prefix(&ctx->err, "recipient add");
		return rc;
	}
	report_added(ctx, &r, &a, show, "registered");
	warn_district(ctx, r.nik);
	return LB_OK;
}

/* ---- recipient import ---- */

static int cmd_recipient_import(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_import_opts o = { 0 };
	struct lb_recipient_import_result res;
	const char *delim = NULL;
	struct sink_state s = { 0 };
	struct lb_rows sink = { print_row_problem, &s };
	const struct lb_opt opts[] = {
		{ "dry-run", 0, LB_OPT_FLAG, &o.dry_run },
		{ "skip-invalid", 0, LB_OPT_FLAG, &o.skip_invalid },
		{ "rejects", 0, LB_OPT_STR, &o.rejects },
		{ "accept-mismatch", 0, LB_OPT_FLAG, &o.accept_mismatch },
		{ "delimiter", 0, LB_OPT_STR, &delim },
		{ 0 },
	};
	int rc;

	o.sink = &sink;
	if ((rc = lb_args("recipient import", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_sheet_delimiter_option(delim, &ctx->err)))
		goto out;
	rc = lb_recipient_import(ctx->db, pos.v[0], &o, &res, &ctx->err);
	warnings_tail(&s);
	if (rc)
		goto out;
	fprintf(ctx->out, "%s %ld recipient%s from %ld row%s of '%s'%s\n",
		o.dry_run ? "would register" : "registered", res.imported,
		res.imported == 1 ? "" : "s", res.rows, res.rows == 1 ? "" : "s", pos.v[0],
		o.dry_run ? " (dry run: nothing written)" : "");
	if (res.rejected)
		fprintf(ctx->out, "skipped %ld bad row%s, written with the reason to '%s'\n",
			res.rejected, res.rejected == 1 ? "" : "s", o.rejects);
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
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- recipient list ---- */

static const struct lb_col list_cols[] = {
	{ "nik", 0 },     { "name", 0 },     { "sex", 0 },   { "birth_date", 0 },
	{ "village", 0 }, { "category", 0 }, { "desil", 1 }, { "status", 0 },
};

struct list_state {
	lb_out *o;
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
	return lb_out_row(s->o, vals, e);
}

static int cmd_recipient_list(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_recipient_filter f = { 0 };
	struct list_state s = { 0 };
	const char *format = NULL;
	enum lb_fmt fmt;
	int rc;
	const struct lb_opt opts[] = {
		{ "village", 0, LB_OPT_STR, &f.village },
		{ "status", 0, LB_OPT_STR, &f.status },
		{ "category", 0, LB_OPT_STR, &f.category },
		{ "name", 0, LB_OPT_STR, &f.name },
		{ "held", 0, LB_OPT_FLAG, &f.held },
		{ "format", 0, LB_OPT_STR, &format },
		{ "show-nik", 0, LB_OPT_FLAG, &s.show },
		{ 0 },
	};

	if ((rc = lb_args("recipient list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt,
			       &ctx->err)))
		return rc;
	if (f.status && !lb_status_valid(f.status))
		return lb_fail(&ctx->err, LB_EINPUT, "recipient list: unknown status '%.40s' (the statuses are: %s)",
			       f.status, lb_status_list());
	if (f.village && (rc = lb_region_check_village(ctx->db, f.village, &ctx->err)))
		return rc;
	if (f.category && (rc = lb_category_check(ctx->db, f.category, &ctx->err)))
		return rc;
	if ((rc = lb_out_open(ctx->out, fmt, list_cols, 8, &s.o, &ctx->err)))
		return rc;
	rc = lb_recipient_list(ctx->db, &f, list_row, &s, &ctx->err);
	if (rc) {
		lb_err keep = ctx->err;
		lb_out_close(s.o, &ctx->err);
		ctx->err = keep;
		return rc;
	}
	return lb_out_close(s.o, &ctx->err);
}

/* ---- recipient show ---- */

/* What recipient show prints to, and the office's zone for its times. */
struct show_to {
	FILE *f;
	struct lb_zone z;
};

static int show_history(void *arg, const struct lb_status_change *c, lb_err *e)
{
	struct show_to *s = arg;
	char at[32];

	lb_time_local(&s->z, c->recorded_at, at);
	fprintf(s->f, "  %s  %-9s  %s (by %s, recorded %s)\n", c->day, c->status, c->reason,
		c->operator, at);
	return LB_OK;
}

static int show_edit(void *arg, const char *field, const char *old_value, const char *new_value,
		     const char *edited_at, const char *operator, lb_err *e)
{
	struct show_to *s = arg;
	char at[32];

	lb_time_local(&s->z, edited_at, at);
	fprintf(s->f, "  %.10s  edited    %s: '%s' -> '%s' (by %s, recorded %s)\n", at, field,
		old_value, new_value, operator, at);
	return LB_OK;
}

static int show_hit(void *arg, const char *list, const char *found_at, lb_err *e)
{
	struct show_to *s = arg;
	char at[32];

	lb_time_local(&s->z, found_at, at);
	fprintf(s->f, "  on list %s (found %s)\n", list, at);
	return LB_OK;
}

struct dup_show {
	FILE *f;
	int64_t self;
	int show;
	const struct lb_zone *z;
};

static int show_dup(void *arg, const struct lb_dup_flag *d, lb_err *e)
{
	struct dup_show *s = arg;
	const struct lb_recipient *o = d->held.id == s->self ? &d->other : &d->held;
	char nik[LB_NIK_LEN + 1], at[32];

	masked(o->nik, s->show, nik);
	lb_time_local(s->z, o->created_at, at);
	fprintf(s->f, "  likely duplicate of '%s' (%s, registered %s): %s%s\n", o->name, nik,
		at, d->state, d->state[0] == 'o' && d->held.id == s->self ? ", held" : "");
	if (d->note[0])
		fprintf(s->f, "    reviewed by %s: %s\n", d->reviewer, d->note);
	return LB_OK;
}

static int cmd_recipient_show(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_recipient r, other;
	struct lb_point pt;
	const char *token = NULL;
	int show = 0, rc, found;
	char nik[LB_NIK_LEN + 1], name[LB_REGION_NAME_MAX], at[32];
	struct show_to to = { ctx->out, { 0 } };
	const struct lb_opt opts[] = {
		{ "token", 0, LB_OPT_STR, &token },
		{ "show-nik", 0, LB_OPT_FLAG, &show },
		{ 0 },
	};
	FILE *f = ctx->out;

	if ((rc = lb_args("recipient show", argc, argv, opts, &pos, 0, 1, &ctx->err)) ||
	    (rc = lb_zone_get(ctx->db, &to.z, &ctx->err)))
		goto out;
	if (!token == !pos.n) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "recipient show: give a NIK, an id, a name or --token TOKEN (see 'lumbung recipient show --help')");
		goto out;
	}
	if (token) {
		if ((rc = lb_recipient_by_token(ctx->db, token, &r, &found, &ctx->err)))
			goto out;
		if (!found) {
			rc = lb_fail(&ctx->err, LB_EINPUT, "recipient show: no recipient has token '%.20s'",
				     token);
			goto out;
		}
	} else if ((rc = lb_recipient_find(ctx->db, pos.v[0], "recipient show", &r, &ctx->err))) {
		goto out;
	}
	masked(r.nik, show, nik);
	fprintf(f, "name        %s\n", r.name);
	fprintf(f, "NIK         %s\n", nik);
	if (r.kk[0]) {
		char kk[LB_NIK_LEN + 1];
		masked(r.kk, show, kk);
		fprintf(f, "KK          %s\n", kk);
	}
	fprintf(f, "token       %s\n", r.token);
	fprintf(f, "sex         %s\n", r.sex);
	fprintf(f, "birth date  %s\n", r.birth_date);
	if (r.mismatch[0])
		fprintf(f, "mismatch    %s disagrees with the NIK (accepted)\n", r.mismatch);
	if ((rc = lb_region_name(ctx->db, LB_REGION_VILLAGE, r.village, name, &found, &ctx->err)))
		goto out;
	fprintf(f, "village     %s %s\n", r.village, name);
	if (r.address[0])
		fprintf(f, "address     %s\n", r.address);
	fprintf(f, "category    %s\n", r.category);
	if (r.desil)
		fprintf(f, "desil       %d\n", r.desil);
	if (r.phone[0])
		fprintf(f, "phone       %s\n", r.phone);
	if (r.proxy_name[0]) {
		char pn[LB_NIK_LEN + 1];
		masked(r.proxy_nik, show, pn);
		fprintf(f, "proxy       %s (%s)\n", r.proxy_name, pn);
	}
	if (r.point_id) {
		if ((rc = lb_point_get(ctx->db, r.point_id, &pt, &found, &ctx->err)))
			goto out;
		fprintf(f, "point       %s %s (set on the recipient)\n", pt.code, pt.name);
	} else {
		if ((rc = lb_point_for_village(ctx->db, r.village, &pt, &found, &ctx->err)))
			goto out;
		if (found)
			fprintf(f, "point       %s %s (serves the village)\n", pt.code, pt.name);
		else
			fprintf(f, "point       none: no distribution point serves village %s\n", r.village);
	}
	fprintf(f, "status      %s\n", r.status);
	lb_time_local(&to.z, r.created_at, at);
	fprintf(f, "registered  %s\n", at);
	if (r.replaces_id) {
		if ((rc = lb_recipient_get(ctx->db, r.replaces_id, &other, &found, &ctx->err)))
			goto out;
		masked(other.nik, show, nik);
		fprintf(f, "replaces    '%s' (%s)\n", other.name, nik);
	}
	{
		lb_stmt *st = lb_db_prepare(ctx->db, "SELECT id FROM recipient WHERE replaces_id = ?1",
					    &ctx->err);
		if (!st) {
			rc = LB_ESYS;
			goto out;
		}
		lb_bind_int(st, 1, r.id);
		rc = lb_step(st, &ctx->err);
		if (rc == LB_ROW) {
			int64_t id = lb_col_int(st, 0);
			lb_stmt_reset(st);
			if ((rc = lb_recipient_get(ctx->db, id, &other, &found, &ctx->err)))
				goto out;
			masked(other.nik, show, nik);
			fprintf(f, "replaced by '%s' (%s)\n", other.name, nik);
		} else if (rc != LB_DONE) {
			goto out;
		}
	}
	fprintf(f, "history:\n  %.10s  %-9s  registered\n", at, "aktif");
	if ((rc = lb_recipient_history(ctx->db, r.id, show_history, &to, &ctx->err)) ||
	    (rc = lb_recipient_edits(ctx->db, r.id, show_edit, &to, &ctx->err)) ||
	    (rc = lb_screen_hits_of(ctx->db, r.id, show_hit, &to, &ctx->err)))
		goto out;
	{
		struct dup_show ds = { f, r.id, show, &to.z };
		rc = lb_dup_list(ctx->db, 0, r.id, show_dup, &ds, &ctx->err);
	}
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- set-status, set-point ---- */

static int cmd_recipient_set_status(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_recipient r;
	const char *status = NULL, *day = NULL, *reason = NULL;
	const struct lb_opt opts[] = {
		{ "status", 0, LB_OPT_STR, &status },
		{ "date", 0, LB_OPT_STR, &day },
		{ "reason", 0, LB_OPT_STR, &reason },
		{ 0 },
	};
	int rc;

	if ((rc = lb_args("recipient set-status", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("recipient set-status", "--status", status, &ctx->err)) ||
	    (rc = lb_require("recipient set-status", "--date", day, &ctx->err)) ||
	    (rc = lb_require("recipient set-status", "--reason", reason, &ctx->err)))
		goto out;
	if ((rc = lb_recipient_find(ctx->db, pos.v[0], "recipient set-status", &r, &ctx->err)))
		goto out;
	if ((rc = lb_recipient_set_status(ctx->db, r.id, status, day, reason, ctx->operator,
					  &ctx->err))) {
		lb_err_prefix(&ctx->err, "recipient");
		goto out;
	}
	fprintf(ctx->out, "'%s': %s -> %s from %s\n", r.name, r.status, status, day);
out:
	lb_strv_free(&pos);
	return rc;
}

static int cmd_recipient_set_point(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_recipient r;
	const char *point = NULL;
	int clear = 0, rc;
	const struct lb_opt opts[] = {
		{ "point", 0, LB_OPT_STR, &point },
		{ "clear", 0, LB_OPT_FLAG, &clear },
		{ 0 },
	};

	if ((rc = lb_args("recipient set-point", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto out;
	if (!point == !clear) {
		rc = lb_fail(&ctx->err, LB_EINPUT,
			     "recipient set-point: give --point CODE, or --clear to use the point serving the village");
		goto out;
	}
	if ((rc = lb_recipient_find(ctx->db, pos.v[0], "recipient set-point", &r, &ctx->err)) ||
	    (rc = lb_recipient_set_point(ctx->db, r.id, point, &ctx->err)))
		goto out;
	if (point)
		fprintf(ctx->out, "'%s' collects at %s\n", r.name, point);
	else
		fprintf(ctx->out, "'%s' collects at the point serving village %s\n", r.name, r.village);
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- edit ---- */

static int cmd_recipient_edit(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_recipient_change c = { 0 };
	struct lb_recipient r;
	const struct lb_opt opts[] = {
		{ "name", 0, LB_OPT_STR, &c.name },
		{ "address", 0, LB_OPT_STR, &c.address },
		{ "phone", 0, LB_OPT_STR, &c.phone },
		{ "point", 0, LB_OPT_STR, &c.point },
		{ 0 },
	};
	int rc, changed = 0;

	if ((rc = lb_args("recipient edit", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto out;
	if (!c.name && !c.address && !c.phone && !c.point) {
		rc = lb_fail(&ctx->err, LB_EINPUT,
			     "recipient edit: give --name, --address, --phone or --point (see 'lumbung recipient edit --help')");
		goto out;
	}
	if ((rc = lb_recipient_find(ctx->db, pos.v[0], "recipient edit", &r, &ctx->err)) ||
	    (rc = lb_recipient_edit(ctx->db, r.id, &c, ctx->operator, &changed, &ctx->err))) {
		lb_err_prefix(&ctx->err, "recipient edit");
		goto out;
	}
	if (changed)
		fprintf(ctx->out, "edited '%s': %d field%s changed, kept in the history\n",
			c.name ? c.name : r.name, changed, changed == 1 ? "" : "s");
	else
		fprintf(ctx->out, "'%s': nothing to change\n", r.name);
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- replace ---- */

static int cmd_recipient_replace(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_recipient_in in = { 0 };
	struct lb_recipient old, nr;
	struct lb_recipient_added a;
	const char *reason = NULL, *status = NULL, *day = NULL;
	char today[11];
	int show = 0, rc;
	const struct lb_opt opts[] = {
		{ "by", 0, LB_OPT_STR, &in.nik },
		{ "reason", 0, LB_OPT_STR, &reason },
		{ "status", 0, LB_OPT_STR, &status },
		{ "date", 0, LB_OPT_STR, &day },
		{ "kk", 0, LB_OPT_STR, &in.kk },
		{ "name", 0, LB_OPT_STR, &in.name },
		{ "sex", 0, LB_OPT_STR, &in.sex },
		{ "birth-date", 0, LB_OPT_STR, &in.birth_date },
		{ "address", 0, LB_OPT_STR, &in.address },
		{ "village", 0, LB_OPT_STR, &in.village },
		{ "category", 0, LB_OPT_STR, &in.category },
		{ "desil", 0, LB_OPT_STR, &in.desil },
		{ "phone", 0, LB_OPT_STR, &in.phone },
		{ "proxy-name", 0, LB_OPT_STR, &in.proxy_name },
		{ "proxy-nik", 0, LB_OPT_STR, &in.proxy_nik },
		{ "accept-mismatch", 0, LB_OPT_FLAG, &in.accept_mismatch },
		{ "show-nik", 0, LB_OPT_FLAG, &show },
		{ 0 },
	};

	if ((rc = lb_args("recipient replace", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("recipient replace", "--by", in.nik, &ctx->err)) ||
	    (rc = lb_require("recipient replace", "--reason", reason, &ctx->err)))
		goto out;
	if (!day) {
		lb_date_format(lb_today(), today);
		day = today;
	}
	if ((rc = lb_recipient_find(ctx->db, pos.v[0], "recipient replace", &old, &ctx->err)))
		goto out;
	if ((rc = lb_recipient_replace(ctx->db, old.id, &in, status, day, reason, ctx->operator, &nr,
				       &a, &ctx->err))) {
		lb_err_prefix(&ctx->err, "recipient");
		goto out;
	}
	fprintf(ctx->out, "'%s' ends (%s from %s)\n", old.name,
		strcmp(old.status, "aktif") == 0 || status ? (status ? status : "nonaktif") : old.status,
		day);
	report_added(ctx, &nr, &a, show, "replaced by");
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- screening ---- */

static int cmd_recipient_screen(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_screen_result res;
	struct sink_state s = { 0 };
	struct lb_rows sink = { print_row_problem, &s };
	const char *list = NULL, *status = NULL, *day = NULL, *delim = NULL, *rejects = NULL;
	char name[LB_LIST_NAME_MAX];
	int skip = 0;
	const struct lb_opt opts[] = {
		{ "list", 0, LB_OPT_STR, &list },
		{ "skip-invalid", 0, LB_OPT_FLAG, &skip },
		{ "rejects", 0, LB_OPT_STR, &rejects },
		{ "set-status", 0, LB_OPT_STR, &status },
		{ "date", 0, LB_OPT_STR, &day },
		{ "delimiter", 0, LB_OPT_STR, &delim },
		{ 0 },
	};
	int rc;

	if ((rc = lb_args("recipient screen", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_sheet_delimiter_option(delim, &ctx->err)) ||
	    (rc = lb_require("recipient screen", "--list", list, &ctx->err)))
		goto out;
	if ((rc = lb_screen_list_name(list, name, &ctx->err))) {
		lb_err_prefix(&ctx->err, "recipient screen: --list");
		goto out;
	}
	if ((rc = lb_sheet_rejects_check("recipient screen", skip, rejects, pos.v[0], &ctx->err)) ||
	    (rc = lb_screen_import(ctx->db, pos.v[0], name, status, day, ctx->operator, rejects,
				   &sink, &res, &ctx->err)))
		goto out;
	fprintf(ctx->out, "list %s: %ld NIK%s; %ld recipient%s on it (%ld new, %ld no longer on it)\n",
		name, res.entries, res.entries == 1 ? "" : "s", res.hits, res.hits == 1 ? "" : "s",
		res.new_hits, res.dropped);
	if (status)
		fprintf(ctx->out, "status %s from %s for %ld recipient%s\n", status, day, res.changed,
			res.changed == 1 ? "" : "s");
	if (res.rejected)
		fprintf(ctx->out, "skipped %ld bad row%s, written with the reason to '%s'\n",
			res.rejected, res.rejected == 1 ? "" : "s", rejects);
out:
	lb_strv_free(&pos);
	return rc;
}

struct lists_state {
	lb_out *o;
	struct lb_zone z;
	int local; /* a table for people: local times; csv and json keep UTC */
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
	return lb_out_row(s->o, vals, e);
}

static int cmd_recipient_lists(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = {
		{ "list", 0 }, { "niks", 1 }, { "recipients", 1 }, { "imported_at", 0 },
		{ "operator", 0 }, { "source", 0 },
	};
	const char *format = NULL;
	const struct lb_opt opts[] = { { "format", 0, LB_OPT_STR, &format }, { 0 } };
	enum lb_fmt fmt;
	struct lists_state s = { 0 };
	int rc;

	if ((rc = lb_args("recipient lists", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt,
			       &ctx->err)) ||
	    (rc = lb_zone_get(ctx->db, &s.z, &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, fmt, cols, 6, &s.o, &ctx->err)))
		return rc;
	s.local = fmt == LB_FMT_TABLE;
	if ((rc = lb_screen_lists(ctx->db, list_lists, &s, &ctx->err))) {
		lb_err keep = ctx->err;
		lb_out_close(s.o, &ctx->err);
		ctx->err = keep;
		return rc;
	}
	return lb_out_close(s.o, &ctx->err);
}

/* ---- likely duplicates ---- */

struct dup_state {
	lb_out *o;
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
	return lb_out_row(s->o, vals, e);
}

static int cmd_recipient_duplicates(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = {
		{ "flag", 1 },    { "state", 0 },     { "held_nik", 0 },
		{ "held_name", 0 }, { "birth_date", 0 }, { "village", 0 },
		{ "other_nik", 0 }, { "other_name", 0 }, { "note", 0 },
	};
	struct dup_state s = { 0 };
	const char *format = NULL;
	int all = 0, rc;
	const struct lb_opt opts[] = {
		{ "all", 0, LB_OPT_FLAG, &all },
		{ "format", 0, LB_OPT_STR, &format },
		{ "show-nik", 0, LB_OPT_FLAG, &s.show },
		{ 0 },
	};
	enum lb_fmt fmt;

	if ((rc = lb_args("recipient duplicates", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt,
			       &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, fmt, cols, 9, &s.o, &ctx->err)))
		return rc;
	if ((rc = lb_dup_list(ctx->db, !all, 0, dup_row, &s, &ctx->err))) {
		lb_err keep = ctx->err;
		lb_out_close(s.o, &ctx->err);
		ctx->err = keep;
		return rc;
	}
	return lb_out_close(s.o, &ctx->err);
}

static int cmd_recipient_review(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_recipient r;
	const char *verdict = NULL, *reason = NULL, *day = NULL;
	char today[11];
	long closed;
	const struct lb_opt opts[] = {
		{ "verdict", 0, LB_OPT_STR, &verdict },
		{ "reason", 0, LB_OPT_STR, &reason },
		{ "date", 0, LB_OPT_STR, &day },
		{ 0 },
	};
	int rc;

	if ((rc = lb_args("recipient review", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("recipient review", "--verdict", verdict, &ctx->err)) ||
	    (rc = lb_require("recipient review", "--reason", reason, &ctx->err)))
		goto out;
	if (!day) {
		lb_date_format(lb_today(), today);
		day = today;
	}
	if ((rc = lb_recipient_find(ctx->db, pos.v[0], "recipient review", &r, &ctx->err)))
		goto out;
	if ((rc = lb_dup_review(ctx->db, r.id, verdict, day, reason, ctx->operator, &closed,
				&ctx->err))) {
		lb_err_prefix(&ctx->err, "recipient");
		goto out;
	}
	if (verdict[1] == 'u')
		fprintf(ctx->out, "'%s': registered twice; %ld flag%s closed, this registration is nonaktif\n",
			r.name, closed, closed == 1 ? "" : "s");
	else
		fprintf(ctx->out, "'%s': a different person; %ld flag%s closed, no longer held\n", r.name,
			closed, closed == 1 ? "" : "s");
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- categories ---- */

static int cmd_category_add(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	const char *name = NULL;
	const struct lb_opt opts[] = { { "name", 0, LB_OPT_STR, &name }, { 0 } };
	int rc;

	if ((rc = lb_args("category add", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("category add", "--name", name, &ctx->err)) ||
	    (rc = lb_category_add(ctx->db, pos.v[0], name, &ctx->err)))
		goto out;
	fprintf(ctx->out, "category %s added\n", pos.v[0]);
out:
	lb_strv_free(&pos);
	return rc;
}

static int cat_row(void *arg, const char *code, const char *name, lb_err *e)
{
	const char *vals[2] = { code, name };

	return lb_out_row(arg, vals, e);
}

static int cmd_category_list(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = { { "category", 0 }, { "name", 0 } };
	const char *format = NULL;
	const struct lb_opt opts[] = { { "format", 0, LB_OPT_STR, &format }, { 0 } };
	enum lb_fmt fmt;
	lb_out *o;
	int rc;

	if ((rc = lb_args("category list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt,
			       &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, fmt, cols, 2, &o, &ctx->err)))
		return rc;
	if ((rc = lb_category_list(ctx->db, cat_row, o, &ctx->err))) {
		lb_err keep = ctx->err;
		lb_out_close(o, &ctx->err);
		ctx->err = keep;
		return rc;
	}
	return lb_out_close(o, &ctx->err);
}

const struct lb_cmd lb_cmds_recipients[] = {
	{ "nik", "check", cmd_nik_check, 0,
	  "usage: lumbung nik check NIK [--show-nik]\n"
	  "\n"
	  "Check a NIK's shape and say what it encodes: province, regency and\n"
	  "district (named from the region data when a database is there), birth\n"
	  "date and sex. Exit 0 when well-formed (a district missing from the\n"
	  "region data is only a warning), 2 with the reason when malformed.\n"
	  "The NIK is printed masked unless --show-nik.\n",
	  "check a NIK and say what it encodes" },
	{ "region", "import", cmd_region_import, LB_CMD_DB,
	  "usage: lumbung region import FILE... [--delimiter ,|;|tab]\n"
	  "\n"
	  "Load or refresh region data (data/wilayah/*.csv, ODbL). Each file is\n"
	  "recognised by its header: code,name (provinces), code,province_code,name\n"
	  "(regencies), code,regency_code,name (districts), code,district_code,name\n"
	  "(villages). All files are applied in one transaction, provinces first;\n"
	  "any bad row is listed and nothing is written. Importing again changes\n"
	  "only what differs. Files may be CSV (comma, semicolon or tab, detected\n"
	  "from the header) or XLSX (the first sheet).\n",
	  "load region data (provinces to villages)" },
	{ "recipient", "add", cmd_recipient_add, LB_CMD_DB,
	  "usage: lumbung recipient add --nik NIK --name NAME --village CODE --category CAT\n"
	  "         [--kk N] [--sex L|P] [--birth-date YYYY-MM-DD] [--address TEXT]\n"
	  "         [--desil N] [--phone N] [--proxy-name NAME --proxy-nik NIK]\n"
	  "         [--point CODE] [--accept-mismatch] [--show-nik]\n"
	  "\n"
	  "Register a recipient. Sex and birth date default to what the NIK encodes;\n"
	  "given ones that disagree with it are refused as a likely typo unless\n"
	  "--accept-mismatch, which records the disagreement. A NIK already\n"
	  "registered is refused (exit 3). The same name and birth date in the same\n"
	  "village under another NIK is registered but held for review (see\n"
	  "recipient duplicates). --point sets the distribution point instead of the\n"
	  "one serving the village.\n",
	  "register a recipient" },
	{ "recipient", "import", cmd_recipient_import, LB_CMD_DB,
	  "usage: lumbung recipient import FILE [--dry-run] [--skip-invalid --rejects FILE]\n"
	  "         [--accept-mismatch] [--delimiter ,|;|tab]\n"
	  "\n"
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
	  "register recipients from a CSV file" },
	{ "recipient", "list", cmd_recipient_list, LB_CMD_DB,
	  "usage: lumbung recipient list [--name TEXT] [--village CODE] [--status S]\n"
	  "         [--category C] [--held] [--format table|csv|json] [--show-nik]\n"
	  "\n"
	  "List recipients in registration order, NIKs masked unless --show-nik.\n"
	  "--name lists those whose name contains TEXT (case ignored). --held lists\n"
	  "those held for duplicate review.\n",
	  "list recipients" },
	{ "recipient", "show", cmd_recipient_show, LB_CMD_DB,
	  "usage: lumbung recipient show NIK|ID|NAME [--show-nik]\n"
	  "       lumbung recipient show --token TOKEN [--show-nik]\n"
	  "\n"
	  "Everything about one recipient: details, collection point, status history,\n"
	  "edits, screening hits, likely duplicates and replacement. A name shows the\n"
	  "one recipient it matches (exactly, or as part of one name); several are\n"
	  "listed (name, village, birth date, id) to choose from.\n",
	  "show one recipient and their history" },
	{ "recipient", "edit", cmd_recipient_edit, LB_CMD_DB,
	  "usage: lumbung recipient edit NIK|ID|NAME [--name NAME] [--address TEXT]\n"
	  "         [--phone N] [--point CODE]\n"
	  "\n"
	  "Correct a recipient's name, address, phone or collection point. An empty\n"
	  "value clears the field (--point '': the point serving the village). Each\n"
	  "change is kept with its old value, time and operator, and shown by\n"
	  "recipient show.\n",
	  "correct a recipient's name, address, phone or point" },
	{ "recipient", "set-status", cmd_recipient_set_status, LB_CMD_DB,
	  "usage: lumbung recipient set-status NIK --status S --date YYYY-MM-DD --reason TEXT\n"
	  "\n"
	  "Change a recipient's status (aktif, meninggal, pindah, mampu, nonaktif).\n"
	  "The history keeps the date, reason and operator of every change.\n",
	  "change a recipient's status" },
	{ "recipient", "set-point", cmd_recipient_set_point, LB_CMD_DB,
	  "usage: lumbung recipient set-point NIK --point CODE | --clear\n"
	  "\n"
	  "Make a recipient collect at another distribution point than the one\n"
	  "serving their village, or (--clear) at that one again.\n",
	  "set where a recipient collects" },
	{ "recipient", "replace", cmd_recipient_replace, LB_CMD_DB,
	  "usage: lumbung recipient replace OLD_NIK --by NEW_NIK --reason TEXT\n"
	  "         [--status S] [--date YYYY-MM-DD] [--name NAME ...add's options]\n"
	  "\n"
	  "Replacement (penggantian) in one step: the old recipient ends (status\n"
	  "nonaktif, or --status meninggal|pindah|mampu) and the new one starts,\n"
	  "linked to the one replaced. The new NIK may be registered already (and\n"
	  "aktif); otherwise give its details as for recipient add (village and\n"
	  "category default to the old recipient's). --date defaults to today.\n",
	  "replace a recipient by another" },
	{ "recipient", "screen", cmd_recipient_screen, LB_CMD_DB,
	  "usage: lumbung recipient screen FILE.csv --list NAME [--set-status S --date YYYY-MM-DD]\n"
	  "                                [--skip-invalid --rejects FILE]\n"
	  "\n"
	  "Screen recipients against a list of NIKs (CSV with the column nik, and\n"
	  "optionally name and note): PKH, SEMBAKO, a death register, civil servants.\n"
	  "Every recipient on it is flagged; programs may exclude lists by name. A\n"
	  "list screened again under the same name is replaced. --set-status also\n"
	  "gives the recipients found that status (meninggal for a death register).\n"
	  "A malformed NIK in the file refuses it, with every bad row listed, unless\n"
	  "--skip-invalid, which screens against the good rows and writes the bad\n"
	  "ones, with a reason column, to --rejects FILE.\n",
	  "flag recipients found on another list" },
	{ "recipient", "lists", cmd_recipient_lists, LB_CMD_DB,
	  "usage: lumbung recipient lists [--format table|csv|json]\n"
	  "\n"
	  "The screening lists: NIKs on each and recipients found on it.\n",
	  "list the screening lists" },
	{ "recipient", "duplicates", cmd_recipient_duplicates, LB_CMD_DB,
	  "usage: lumbung recipient duplicates [--all] [--format table|csv|json] [--show-nik]\n"
	  "\n"
	  "Likely duplicates awaiting review (--all: reviewed ones too): the later\n"
	  "registration is held out of allocations until 'recipient review'.\n",
	  "list likely duplicates" },
	{ "recipient", "review", cmd_recipient_review, LB_CMD_DB,
	  "usage: lumbung recipient review NIK --verdict distinct|duplicate --reason TEXT\n"
	  "         [--date YYYY-MM-DD]\n"
	  "\n"
	  "Clear the likely-duplicate flags holding a recipient after checking.\n"
	  "distinct: two different people, the recipient is no longer held.\n"
	  "duplicate: one person registered twice, this later registration\n"
	  "becomes nonaktif with the reason.\n",
	  "clear a likely-duplicate flag after review" },
	{ "category", "add", cmd_category_add, LB_CMD_DB,
	  "usage: lumbung category add CODE --name NAME\n"
	  "\n"
	  "Add a recipient category (lower-case code). lansia, disabilitas and anak\n"
	  "come with every database.\n",
	  "add a recipient category" },
	{ "category", "list", cmd_category_list, LB_CMD_DB,
	  "usage: lumbung category list [--format table|csv|json]\n",
	  "list recipient categories" },
	{ 0 },
};
