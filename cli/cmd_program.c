/*
 * cmd_program.c — programs, packages, allocation and the villages each
 * distribution point serves.
 *
 * NIKs in allocation lists go through lb_nik_mask unless --show-nik.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/date.h"
#include "core/localtime.h"
#include "core/money.h"
#include "core/output.h"
#include "inventory/serve.h"
#include "program/allocation.h"
#include "program/package.h"
#include "program/program.h"
#include "recipients/nik.h"
#include "voucher/serial.h"
#include "voucher/voucher.h" /* the serial column of allocation list */

/* Signed difference in tenths of a percent, rounded toward zero. */
static void percent_diff(int64_t value, int64_t expected, char *out, size_t n)
{
	int64_t pm = expected ? (value - expected) * 1000 / expected : 0;
	int64_t a = pm < 0 ? -pm : pm;

	snprintf(out, n, "%s%lld,%lld%%", pm < 0 ? "-" : pm > 0 ? "+" : "", (long long)(a / 10),
		 (long long)(a % 10));
}

static void print_package(FILE *f, const struct lb_program *p, const struct lb_package *pkg)
{
	char from[8], money[32], line[32], pct[24];
	int64_t value = lb_package_value(pkg), expected = p->monthly_value * p->round_months;

	lb_period_format(pkg->from_period, from);
	fprintf(f, "package from %s, per recipient per round:\n", from);
	for (size_t i = 0; i < pkg->n; i++) {
		const struct lb_package_line *l = &pkg->line[i];
		lb_money_format(l->price, money, sizeof money);
		lb_money_format(l->qty * l->price, line, sizeof line);
		fprintf(f, "  %-10s %7lld %-8s x %12s = %14s%s\n", l->item, (long long)l->qty, l->unit,
			money, line, l->price_from_lot ? "  (latest lot's cost)" : "");
	}
	lb_money_format(value, money, sizeof money);
	lb_money_format(expected, line, sizeof line);
	percent_diff(value, expected, pct, sizeof pct);
	fprintf(f, "  value %s; the program's value per round %s (%d month%s): %s\n", money, line,
		p->round_months, p->round_months == 1 ? "" : "s", pct);
}

static void warn_package(const struct lb_program *p, const struct lb_package *pkg)
{
	int64_t value = lb_package_value(pkg), expected = p->monthly_value * p->round_months;
	char money[32], want[32], pct[24];

	if (!lb_package_departs(value, expected))
		return;
	lb_money_format(value, money, sizeof money);
	lb_money_format(expected, want, sizeof want);
	percent_diff(value, expected, pct, sizeof pct);
	fprintf(stderr,
		"lumbung: warning: the package is worth %s, %s against the program's %s per round "
		"(more than 5%% off)\n",
		money, pct, want);
}

/* ---- program add, list, show, quota ---- */

static int cmd_program_add(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_program_in in = { 0 };
	struct lb_program p;
	char unscreened[256], money[32], first[8], last[8];
	const struct lb_opt opts[] = {
		{ "name", 0, LB_OPT_STR, &in.name },
		{ "monthly-value", 0, LB_OPT_STR, &in.monthly_value },
		{ "quota", 0, LB_OPT_STR, &in.quota },
		{ "categories", 0, LB_OPT_STR, &in.categories },
		{ "first", 0, LB_OPT_STR, &in.first },
		{ "last", 0, LB_OPT_STR, &in.last },
		{ "funding", 0, LB_OPT_STR, &in.funding },
		{ "round-months", 0, LB_OPT_STR, &in.round_months },
		{ "exclude", 0, LB_OPT_STR, &in.exclude },
		{ 0 },
	};
	int rc;

	if ((rc = lb_args("program add", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("program add", "--name", in.name, &ctx->err)) ||
	    (rc = lb_require("program add", "--monthly-value", in.monthly_value, &ctx->err)) ||
	    (rc = lb_require("program add", "--quota", in.quota, &ctx->err)) ||
	    (rc = lb_require("program add", "--categories", in.categories, &ctx->err)) ||
	    (rc = lb_require("program add", "--first", in.first, &ctx->err)) ||
	    (rc = lb_require("program add", "--last", in.last, &ctx->err)))
		goto out;
	in.code = pos.v[0];
	if ((rc = lb_program_add(ctx->db, &in, &p, unscreened, &ctx->err)))
		goto out;
	lb_money_format(p.monthly_value, money, sizeof money);
	lb_period_format(p.first_period, first);
	lb_period_format(p.last_period, last);
	fprintf(ctx->out, "program %s: %s a month for up to %lld recipients, rounds of %d month%s from %s to %s, %s; categories %s%s%s\n",
		p.code, money, (long long)p.quota, p.round_months, p.round_months == 1 ? "" : "s",
		first, last, p.funding, p.categories, p.excludes[0] ? "; excluding lists " : "",
		p.excludes);
	if (unscreened[0])
		fprintf(stderr,
			"lumbung: warning: list%s %s not screened yet: nobody is excluded by %s until 'lumbung recipient screen FILE --list NAME'\n",
			strchr(unscreened, ',') ? "s" : "", unscreened, strchr(unscreened, ',') ? "them" : "it");
out:
	lb_strv_free(&pos);
	return rc;
}

static int list_program(void *arg, const struct lb_program *p, lb_err *e)
{
	char money[32], first[8], last[8], quota[24], months[8];
	const char *vals[9];

	lb_money_format(p->monthly_value, money, sizeof money);
	lb_period_format(p->first_period, first);
	lb_period_format(p->last_period, last);
	snprintf(quota, sizeof quota, "%lld", (long long)p->quota);
	snprintf(months, sizeof months, "%d", p->round_months);
	vals[0] = p->code;
	vals[1] = p->name;
	vals[2] = money;
	vals[3] = months;
	vals[4] = quota;
	vals[5] = first;
	vals[6] = last;
	vals[7] = p->funding;
	vals[8] = p->categories;
	return lb_out_row(arg, vals, e);
}

static int cmd_program_list(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = {
		{ "program", 0 }, { "name", 0 },  { "monthly_value", 1 }, { "round_months", 1 },
		{ "quota", 1 },   { "first", 0 }, { "last", 0 },          { "funding", 0 },
		{ "categories", 0 },
	};
	const char *format = NULL;
	const struct lb_opt opts[] = { { "format", 0, LB_OPT_STR, &format }, { 0 } };
	enum lb_fmt fmt;
	lb_out *o;
	int rc;

	if ((rc = lb_args("program list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt,
			       &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, fmt, cols, 9, &o, &ctx->err)))
		return rc;
	if ((rc = lb_program_list(ctx->db, list_program, o, &ctx->err))) {
		lb_err keep = ctx->err;
		lb_out_close(o, &ctx->err);
		ctx->err = keep;
		return rc;
	}
	return lb_out_close(o, &ctx->err);
}

struct show_state {
	FILE *f;
	const struct lb_program *p;
};

static int show_package(void *arg, const struct lb_package *pkg, lb_err *e)
{
	struct show_state *s = arg;

	print_package(s->f, s->p, pkg);
	return LB_OK;
}

static int cmd_program_show(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_program p;
	struct show_state s;
	char money[32], first[8], last[8], unscreened[256];
	lb_stmt *st;
	struct lb_zone zone;
	FILE *f = ctx->out;
	int rc;

	if ((rc = lb_args("program show", argc, argv, NULL, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_program_find(ctx->db, pos.v[0], &p, &ctx->err)) ||
	    (rc = lb_program_unscreened(ctx->db, &p, unscreened, &ctx->err)))
		goto out;
	lb_money_format(p.monthly_value, money, sizeof money);
	lb_period_format(p.first_period, first);
	lb_period_format(p.last_period, last);
	fprintf(f, "program     %s\n", p.code);
	fprintf(f, "name        %s\n", p.name);
	fprintf(f, "value       %s per recipient per month\n", money);
	fprintf(f, "rounds      every %d month%s, %s to %s\n", p.round_months,
		p.round_months == 1 ? "" : "s", first, last);
	fprintf(f, "quota       %lld recipients per round", (long long)p.quota);
	if (!(st = lb_db_prepare(ctx->db,
			"SELECT year, quota FROM program_quota WHERE program_id = ?1 ORDER BY year",
			&ctx->err))) {
		rc = LB_ESYS;
		goto out;
	}
	lb_bind_int(st, 1, p.id);
	while ((rc = lb_step(st, &ctx->err)) == LB_ROW)
		fprintf(f, "; %lld in %lld", (long long)lb_col_int(st, 1), (long long)lb_col_int(st, 0));
	if (rc != LB_DONE)
		goto out;
	fputc('\n', f);
	fprintf(f, "funding     %s\n", p.funding);
	fprintf(f, "categories  %s\n", p.categories);
	fprintf(f, "excluding   %s%s%s%s\n", p.excludes[0] ? p.excludes : "no lists",
		unscreened[0] ? " (not screened yet: " : "", unscreened, unscreened[0] ? ")" : "");
	s.f = f;
	s.p = &p;
	if ((rc = lb_package_each(ctx->db, &p, show_package, &s, &ctx->err)) ||
	    (rc = lb_zone_get(ctx->db, &zone, &ctx->err)))
		goto out;
	if (!(st = lb_db_prepare(ctx->db,
			"SELECT period, allocated, waiting, run_at, operator FROM allocation_run"
			" WHERE program_id = ?1 ORDER BY period", &ctx->err))) {
		rc = LB_ESYS;
		goto out;
	}
	lb_bind_int(st, 1, p.id);
	while ((rc = lb_step(st, &ctx->err)) == LB_ROW) {
		char at[32];
		lb_time_local(&zone, lb_col_text(st, 3), at);
		fprintf(f, "allocated   %s: %lld recipients, %lld waiting (%s by %s)\n", lb_col_text(st, 0),
			(long long)lb_col_int(st, 1), (long long)lb_col_int(st, 2), at,
			lb_col_text(st, 4));
	}
	rc = rc == LB_DONE ? LB_OK : rc;
out:
	lb_strv_free(&pos);
	return rc;
}

static int cmd_program_quota(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 };
	struct lb_program p;
	const char *year = NULL, *quota = NULL;
	int64_t y, q;
	const struct lb_opt opts[] = {
		{ "year", 0, LB_OPT_STR, &year },
		{ "quota", 0, LB_OPT_STR, &quota },
		{ 0 },
	};
	int rc;

	if ((rc = lb_args("program quota", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("program quota", "--year", year, &ctx->err)) ||
	    (rc = lb_require("program quota", "--quota", quota, &ctx->err)) ||
	    (rc = lb_int_parse(year, "--year", 1900, 9999, &y, &ctx->err)) ||
	    (rc = lb_int_parse(quota, "--quota", 1, 100000000, &q, &ctx->err)) ||
	    (rc = lb_program_find(ctx->db, pos.v[0], &p, &ctx->err)) ||
	    (rc = lb_program_set_quota(ctx->db, &p, (int)y, q, &ctx->err)))
		goto out;
	fprintf(ctx->out, "%s: %lld recipients per round in %lld\n", p.code, (long long)q, (long long)y);
out:
	lb_strv_free(&pos);
	return rc;
}

/* ---- program package ---- */

static int cmd_program_package(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 }, items = { 0 };
	struct lb_program p;
	struct lb_package *pkg = NULL;
	const char *from = NULL;
	int period = -1, found, rc;
	const struct lb_opt opts[] = {
		{ "item", 0, LB_OPT_LIST, &items },
		{ "from", 0, LB_OPT_STR, &from },
		{ 0 },
	};

	if ((rc = lb_args("program package", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_program_find(ctx->db, pos.v[0], &p, &ctx->err)))
		goto out;
	if (from && (rc = lb_period_parse(from, "--from", &period, &ctx->err)))
		goto out;
	if (!(pkg = malloc(sizeof *pkg))) {
		rc = lb_oom(&ctx->err);
		goto out;
	}
	if (items.n == 0) {
		/* Without --item: show the package in force for --from (or the
		 * program's first round). */
		if ((rc = lb_package_for(ctx->db, &p, period < 0 ? p.first_period : period, pkg, &found,
					 &ctx->err)))
			goto out;
		if (!found) {
			rc = lb_fail(&ctx->err, LB_EINPUT,
				     "program package: %s has no package yet: set one with --item ITEM=QTY",
				     p.code);
			goto out;
		}
		print_package(ctx->out, &p, pkg);
		goto out;
	}
	if ((rc = lb_package_set(ctx->db, &p, items.v, items.n, period, pkg, &ctx->err)))
		goto out;
	print_package(ctx->out, &p, pkg);
	warn_package(&p, pkg);
out:
	free(pkg);
	lb_strv_free(&items);
	lb_strv_free(&pos);
	return rc;
}

/* ---- allocate ---- */

struct plan_state {
	lb_out *o;
	int64_t short_lines;
};

static int plan_row(void *arg, const struct lb_alloc_need *n, lb_err *e)
{
	struct plan_state *s = arg;
	char packages[24], need[32], stock[32], shortfall[32], qty[24];
	const char *vals[8];

	snprintf(packages, sizeof packages, "%lld", (long long)n->packages);
	snprintf(qty, sizeof qty, "%lld", (long long)n->qty);
	snprintf(need, sizeof need, "%lld", (long long)n->need);
	snprintf(stock, sizeof stock, "%lld", (long long)n->stock);
	snprintf(shortfall, sizeof shortfall, "%lld", (long long)n->shortfall);
	if (n->shortfall)
		s->short_lines++;
	vals[0] = n->point;
	vals[1] = packages;
	vals[2] = n->item;
	vals[3] = n->unit;
	vals[4] = need;
	vals[5] = stock;
	vals[6] = shortfall;
	vals[7] = n->point_name;
	return lb_out_row(s->o, vals, e);
}

static int print_plan(struct lb_ctx *ctx, const struct lb_program *p, int period, enum lb_fmt fmt)
{
	static const struct lb_col cols[] = {
		{ "point", 0 }, { "packages", 1 }, { "item", 0 },      { "unit", 0 },
		{ "need", 1 },  { "stock", 1 },    { "shortfall", 1 }, { "point_name", 0 },
	};
	struct plan_state s = { 0 };
	int rc;

	if ((rc = lb_out_open(ctx->out, fmt, cols, 8, &s.o, &ctx->err)))
		return rc;
	if ((rc = lb_alloc_plan(ctx->db, p, period, plan_row, &s, &ctx->err))) {
		lb_err keep = ctx->err;
		lb_out_close(s.o, &ctx->err);
		ctx->err = keep;
		return rc;
	}
	if ((rc = lb_out_close(s.o, &ctx->err)))
		return rc;
	if (s.short_lines)
		fprintf(stderr, "lumbung: warning: %lld point/item line%s short of stock: move stock there before distribution\n",
			(long long)s.short_lines, s.short_lines == 1 ? "" : "s");
	return LB_OK;
}

static int cmd_allocate(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_program p;
	struct lb_alloc_summary s;
	const char *program = NULL, *period_s = NULL, *format = NULL;
	char month[24];
	int period, rc;
	enum lb_fmt fmt;
	const struct lb_opt opts[] = {
		{ "program", 0, LB_OPT_STR, &program },
		{ "period", 0, LB_OPT_STR, &period_s },
		{ "format", 0, LB_OPT_STR, &format },
		{ 0 },
	};

	if ((rc = lb_args("allocate", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("allocate", "--program", program, &ctx->err)) ||
	    (rc = lb_require("allocate", "--period", period_s, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV, LB_FMT_TABLE, &fmt, &ctx->err)) ||
	    (rc = lb_period_parse(period_s, "--period", &period, &ctx->err)) ||
	    (rc = lb_program_find(ctx->db, program, &p, &ctx->err)) ||
	    (rc = lb_allocate(ctx->db, &p, period, ctx->operator, &s, &ctx->err)))
		return rc;
	lb_period_format_id(period, month);
	/* With --format csv stdout is the plan alone, for scripts; the
	 * summary goes to stderr. */
	{
		FILE *f = fmt == LB_FMT_CSV ? stderr : ctx->out;
		if (s.already) {
			struct lb_zone zone;
			char at[32];
			if ((rc = lb_zone_get(ctx->db, &zone, &ctx->err)))
				return rc;
			lb_time_local(&zone, s.run_at, at);
			fprintf(f, "%s %s (%s) was allocated already on %s by %s: %lld recipients, %lld waiting; nothing changed\n",
				p.code, period_s, month, at, s.operator, (long long)s.allocated,
				(long long)s.waiting);
		} else {
			fprintf(f, "allocated %s %s (%s): %lld recipient%s of %lld eligible, quota %lld; waiting list %lld\n",
				p.code, period_s, month, (long long)s.allocated, s.allocated == 1 ? "" : "s",
				(long long)s.eligible, (long long)s.quota, (long long)s.waiting);
			fprintf(f, "not eligible in its categories: %lld not aktif, %lld on excluded lists, %lld held for duplicate review\n",
				(long long)s.inactive, (long long)s.excluded, (long long)s.held);
		}
	}
	if (s.unscreened[0])
		fprintf(stderr, "lumbung: warning: excluded list%s %s never screened: it excludes nobody\n",
			strchr(s.unscreened, ',') ? "s" : "", s.unscreened);
	return print_plan(ctx, &p, period, fmt);
}

/* ---- allocation list ---- */

struct alist_state {
	lb_out *o;
	lb_db *db;
	int show;
};

static int alist_row(void *arg, const struct lb_alloc_row *a, lb_err *e)
{
	struct alist_state *s = arg;
	char id[24] = "", rank[24], nik[LB_NIK_LEN + 1], serial[LB_SERIAL_TEXT_SIZE] = "";
	const char *vals[10];
	int found, rc;

	if (a->id)
		snprintf(id, sizeof id, "%lld", (long long)a->id);
	if (a->id && (rc = lb_voucher_serial_of_allocation(s->db, a->id, serial, &found, e)))
		return rc;
	snprintf(rank, sizeof rank, "%lld", (long long)a->rank);
	if (s->show)
		snprintf(nik, sizeof nik, "%s", a->nik);
	else
		lb_nik_mask(a->nik, nik);
	vals[0] = id;
	vals[1] = rank;
	vals[2] = nik;
	vals[3] = a->name;
	vals[4] = a->village;
	vals[5] = a->point;
	vals[6] = a->category;
	vals[7] = a->status;
	vals[8] = serial;
	vals[9] = a->token;
	return lb_out_row(s->o, vals, e);
}

static int cmd_allocation_list(struct lb_ctx *ctx, int argc, char **argv)
{
	static const struct lb_col cols[] = {
		{ "allocation", 1 }, { "rank", 1 },     { "nik", 0 },    { "name", 0 },  { "village", 0 },
		{ "point", 0 },      { "category", 0 }, { "status", 0 }, { "serial", 0 }, { "token", 0 },
	};
	struct lb_program p;
	struct alist_state s = { 0 };
	struct lb_alloc_summary sum;
	const char *program = NULL, *period_s = NULL, *format = NULL;
	int period, waiting = 0, found, rc;
	enum lb_fmt fmt;
	const struct lb_opt opts[] = {
		{ "program", 0, LB_OPT_STR, &program },
		{ "period", 0, LB_OPT_STR, &period_s },
		{ "format", 0, LB_OPT_STR, &format },
		{ "waiting", 0, LB_OPT_FLAG, &waiting },
		{ "show-nik", 0, LB_OPT_FLAG, &s.show },
		{ 0 },
	};

	if ((rc = lb_args("allocation list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("allocation list", "--program", program, &ctx->err)) ||
	    (rc = lb_require("allocation list", "--period", period_s, &ctx->err)) ||
	    (rc = lb_fmt_parse(format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt,
			       &ctx->err)) ||
	    (rc = lb_period_parse(period_s, "--period", &period, &ctx->err)) ||
	    (rc = lb_program_find(ctx->db, program, &p, &ctx->err)) ||
	    (rc = lb_alloc_run_get(ctx->db, &p, period, &sum, &found, &ctx->err)))
		return rc;
	if (!found)
		return lb_fail(&ctx->err, LB_EINPUT,
			       "allocation list: %s %s has not been allocated (run 'lumbung allocate --program %s --period %s')",
			       p.code, period_s, p.code, period_s);
	s.db = ctx->db;
	if ((rc = lb_out_open(ctx->out, fmt, cols, 10, &s.o, &ctx->err)))
		return rc;
	if ((rc = lb_alloc_list(ctx->db, &p, period, waiting, alist_row, &s, &ctx->err))) {
		lb_err keep = ctx->err;
		lb_out_close(s.o, &ctx->err);
		ctx->err = keep;
		return rc;
	}
	return lb_out_close(s.o, &ctx->err);
}

/* ---- location serve ---- */

static int print_village(void *arg, const char *village, const char *name, int by_creation,
			 lb_err *e)
{
	FILE *f = arg;

	fprintf(f, "  %s %s%s\n", village, name, by_creation ? " (the point's own village)" : "");
	return LB_OK;
}

static int cmd_location_serve(struct lb_ctx *ctx, int argc, char **argv)
{
	struct lb_strv pos = { 0 }, villages = { 0 };
	struct lb_point pt;
	long added, moved, unchanged;
	const struct lb_opt opts[] = { { "village", 0, LB_OPT_LIST, &villages }, { 0 } };
	int rc;

	if ((rc = lb_args("location serve", argc, argv, opts, &pos, 1, -1, &ctx->err)))
		goto out;
	/* --village A B C: the values after the first are positionals. */
	for (size_t i = 1; i < pos.n; i++)
		if ((rc = lb_strv_push(&villages, pos.v[i], &ctx->err)))
			goto out;
	if ((rc = lb_point_find(ctx->db, pos.v[0], &pt, &ctx->err))) {
		lb_err_prefix(&ctx->err, "location serve");
		goto out;
	}
	if (villages.n) {
		if ((rc = lb_point_serve(ctx->db, pos.v[0], villages.v, villages.n, &added, &moved,
					 &unchanged, &ctx->err)))
			goto out;
		fprintf(ctx->out, "%s serves %zu more village%s: %ld added, %ld moved from another point, %ld unchanged\n",
			pt.code, villages.n, villages.n == 1 ? "" : "s", added, moved, unchanged);
	}
	fprintf(ctx->out, "%s %s serves:\n", pt.code, pt.name);
	rc = lb_point_villages(ctx->db, pt.id, print_village, ctx->out, &ctx->err);
out:
	lb_strv_free(&villages);
	lb_strv_free(&pos);
	return rc;
}

const struct lb_cmd lb_cmds_program[] = {
	{ "program", "add", cmd_program_add, LB_CMD_DB,
	  "usage: lumbung program add CODE --name NAME --monthly-value RUPIAH --quota N\n"
	  "         --categories A,B --first YYYY-MM --last YYYY-MM [--funding APBD|APBN]\n"
	  "         [--round-months N] [--exclude LIST,...]\n"
	  "\n"
	  "Add an aid program: the value of its package per recipient per month\n"
	  "(Rp300.000), how many recipients a round serves (--quota; see program\n"
	  "quota for other years), the eligible categories, the screening lists whose\n"
	  "recipients it excludes, and the months it runs. A round covers\n"
	  "--round-months months (default 1) from --first on.\n",
	  "add an aid program" },
	{ "program", "list", cmd_program_list, LB_CMD_DB,
	  "usage: lumbung program list [--format table|csv|json]\n",
	  "list programs" },
	{ "program", "show", cmd_program_show, LB_CMD_DB,
	  "usage: lumbung program show CODE\n"
	  "\n"
	  "A program with its packages, their value, and the rounds allocated.\n",
	  "show a program, its packages and rounds" },
	{ "program", "package", cmd_program_package, LB_CMD_DB,
	  "usage: lumbung program package CODE --item ITEM=QTY[@PRICE] [--item ...] [--from YYYY-MM]\n"
	  "       lumbung program package CODE [--from YYYY-MM]\n"
	  "\n"
	  "Set what one recipient gets per round, from round --from on (default: the\n"
	  "program's first): QTY in the item's base unit, PRICE the contracted rupiah\n"
	  "per base unit (default: the latest lot's unit cost). The package's value is\n"
	  "shown against the program's value per round, with a warning when it is\n"
	  "more than 5% off. Rounds already allocated keep their package. Without\n"
	  "--item, show the package in force.\n",
	  "set or show a program's package" },
	{ "program", "quota", cmd_program_quota, LB_CMD_DB,
	  "usage: lumbung program quota CODE --year YYYY --quota N\n"
	  "\n"
	  "Recipients per round in one year (820 in 2025, 649 from 2026, say),\n"
	  "instead of the quota the program was added with.\n",
	  "set a program's quota for a year" },
	{ "allocate", NULL, cmd_allocate, LB_CMD_DB,
	  "usage: lumbung allocate --program P --period YYYY-MM [--format table|csv]\n"
	  "\n"
	  "Allocate a round (YYYY-MM is its first month): one package for each\n"
	  "eligible recipient (aktif, in the program's categories, not on its\n"
	  "excluded lists, not held for duplicate review), at most the quota, in this\n"
	  "order: lowest desil first (unknown last), then the oldest, then the\n"
	  "earliest registered. The rest form the waiting list. Running it again\n"
	  "changes nothing and says so. Then, per distribution point, the packages\n"
	  "and the stock they need against the stock there. Refused (exit 3): a\n"
	  "period outside the program or not a round's first month, a closed\n"
	  "period, no package, allocated recipients whose village no point serves.\n",
	  "allocate a program's round" },
	{ "allocation", "list", cmd_allocation_list, LB_CMD_DB,
	  "usage: lumbung allocation list --program P --period YYYY-MM [--waiting]\n"
	  "         [--format table|csv|json] [--show-nik]\n"
	  "\n"
	  "A round's allocations in priority order (--waiting: its waiting list),\n"
	  "NIKs masked unless --show-nik.\n",
	  "list a round's allocations" },
	{ "location", "serve", cmd_location_serve, LB_CMD_DB,
	  "usage: lumbung location serve POINT [--village CODE...]\n"
	  "\n"
	  "Make a distribution point serve villages (one point per village: a\n"
	  "village served elsewhere moves here), then list the villages it serves.\n"
	  "A point created with --village serves that village unless it is named\n"
	  "for another point.\n",
	  "set the villages a distribution point serves" },
	{ 0 },
};
