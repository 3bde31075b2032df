/*
 * cmd_program.c — programs, packages, allocation and the villages each
 * distribution point serves: declared parameters, the operations of
 * program/ (and inventory/serve.h), and their rendering.
 *
 * NIKs in allocation lists go through lb_nik_mask unless --show-nik.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/list.h"
#include "core/date.h"
#include "core/localtime.h"
#include "core/money.h"
#include "core/op.h"
#include "core/output.h"
#include "inventory/serve.h"
#include "program/allocation.h"
#include "program/package.h"
#include "program/program.h"
#include "recipients/nik.h"
#include "voucher/serial.h"
#include "voucher/voucher.h" /* the serial column of allocation list */

/* The package's lines and value, paragraphs of a record. */
static int print_package(lb_rdoc *d, const struct lb_program *p, const struct lb_package *pkg, lb_err *e)
{
	char from[8], money[32], line[32], pct[24];
	int64_t value = lb_package_value(pkg), expected = p->monthly_value * p->round_months;
	int rc;

	lb_period_format(pkg->from_period, from);
	if ((rc = lb_rdoc_paraf(d, e, "package from %s, per recipient per round:", from)))
		return rc;
	for (size_t i = 0; i < pkg->n; i++) {
		const struct lb_package_line *l = &pkg->line[i];
		lb_money_format(l->price, money, sizeof money);
		lb_money_format(l->qty * l->price, line, sizeof line);
		if ((rc = lb_rdoc_paraf(d, e, "  %-10s %7lld %-8s x %12s = %14s%s", l->item, (long long)l->qty,
					l->unit, money, line, l->price_from_lot ? "  (latest lot's cost)" : "")))
			return rc;
	}
	lb_money_format(value, money, sizeof money);
	lb_money_format(expected, line, sizeof line);
	lb_package_percent_diff(value, expected, pct, sizeof pct);
	return lb_rdoc_paraf(d, e, "  value %s; the program's value per round %s (%d month%s): %s", money, line,
			     p->round_months, p->round_months == 1 ? "" : "s", pct);
}

/* Labels of program show padded to "categories" and a space. */
#define LABEL_WIDTH 11

/* ---- program add, list, show, quota ---- */

static const struct lb_param program_add_params[] = {
#define F(x) offsetof(struct lb_program_in, x)
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, F(code), NULL, "Kode program" },
	{ "name", 0, LB_P_STR, LB_P_REQUIRED, F(name), "NAME", "Nama program" },
	{ "monthly-value", 0, LB_P_STR, LB_P_REQUIRED, F(monthly_value), "RUPIAH", "Nilai per bulan (Rp)" },
	{ "quota", 0, LB_P_STR, LB_P_REQUIRED, F(quota), "N", "Kuota per putaran" },
	{ "categories", 0, LB_P_STR, LB_P_REQUIRED, F(categories), "A,B", "Kategori" },
	{ "first", 0, LB_P_STR, LB_P_REQUIRED, F(first), "YYYY-MM", "Bulan pertama" },
	{ "last", 0, LB_P_STR, LB_P_REQUIRED, F(last), "YYYY-MM", "Bulan terakhir" },
	{ "funding", 0, LB_P_STR, 0, F(funding), "APBD|APBN", "Sumber dana" },
	{ "round-months", 0, LB_P_STR, 0, F(round_months), "N", "Bulan per putaran" },
	{ "exclude", 0, LB_P_STR, 0, F(exclude), "LIST,...", "Daftar yang dikecualikan" },
#undef F
	LB_PARAM_END,
};

static int run_program_add(struct lb_ctx *ctx, void *arg)
{
	struct lb_program p;
	struct lb_op op;
	char money[32], first[8], last[8];
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_program_create(&op, arg, &p, &ctx->err);
	if (!rc) {
		lb_money_format(p.monthly_value, money, sizeof money);
		lb_period_format(p.first_period, first);
		lb_period_format(p.last_period, last);
		fprintf(ctx->out, "program %s: %s a month for up to %lld recipients, rounds of %d month%s from %s to %s, %s; categories %s%s%s\n",
			p.code, money, (long long)p.quota, p.round_months, p.round_months == 1 ? "" : "s",
			first, last, p.funding, p.categories, p.excludes[0] ? "; excluding lists " : "",
			p.excludes);
	}
	lb_cli_warnings(&op);
	lb_op_release(&op);
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
	return lb_rdoc_cells(arg, vals, e);
}

static int program_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	return lb_program_list(ctx->db, list_program, out, &ctx->err);
}

static int run_program_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "program", 0 }, { "name", 0 },  { "monthly_value", 1 }, { "round_months", 1 },
		{ "quota", 1 },   { "first", 0 }, { "last", 0 },          { "funding", 0 },
		{ "categories", 0 },
	};
	const struct lb_list_in *in = arg;

	return lb_cli_list(ctx, in->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, cols, 9,
			   program_rows, NULL);
}

struct show_state {
	lb_rdoc *d;
	const struct lb_program *p;
	struct lb_zone zone;
};

static int show_quota(void *arg, int year, int64_t quota, lb_err *e)
{
	return lb_buf_addf(arg, e, "; %lld in %d", (long long)quota, year);
}

static int show_package(void *arg, const struct lb_package *pkg, lb_err *e)
{
	struct show_state *s = arg;

	return print_package(s->d, s->p, pkg, e);
}

static int show_run(void *arg, const struct lb_alloc_run *r, lb_err *e)
{
	struct show_state *s = arg;
	char at[32];

	lb_time_local(&s->zone, r->run_at, at);
	return lb_rdoc_fieldf(s->d, "allocated", e, "%s: %lld recipients, %lld waiting (%s by %s)", r->period,
			      (long long)r->allocated, (long long)r->waiting, at, r->operator);
}

static const struct lb_param program_show_params[] = {
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, offsetof(struct lb_program_show_in, code), NULL, "Kode program" },
	LB_PARAM_END,
};

static int show_program(struct lb_ctx *ctx, const struct lb_program_show_out *o, struct show_state *s)
{
	const struct lb_program *p = &o->program;
	char money[32], first[8], last[8];
	lb_err *e = &ctx->err;
	lb_buf quota;
	int rc;

	lb_money_format(p->monthly_value, money, sizeof money);
	lb_period_format(p->first_period, first);
	lb_period_format(p->last_period, last);
	lb_buf_init(&quota);
	if (!(rc = lb_buf_addf(&quota, e, "%lld recipients per round", (long long)p->quota)))
		rc = lb_program_quota_each(ctx->db, p, show_quota, &quota, e);
	if (rc || (rc = lb_rdoc_field(s->d, "program", p->code, e)) || (rc = lb_rdoc_field(s->d, "name", p->name, e)) ||
	    (rc = lb_rdoc_fieldf(s->d, "value", e, "%s per recipient per month", money)) ||
	    (rc = lb_rdoc_fieldf(s->d, "rounds", e, "every %d month%s, %s to %s", p->round_months,
				 p->round_months == 1 ? "" : "s", first, last)) ||
	    (rc = lb_rdoc_field(s->d, "quota", quota.data, e)) || (rc = lb_rdoc_field(s->d, "funding", p->funding, e)) ||
	    (rc = lb_rdoc_field(s->d, "categories", p->categories, e)) ||
	    (rc = lb_rdoc_fieldf(s->d, "excluding", e, "%s%s%s%s", p->excludes[0] ? p->excludes : "no lists",
				 o->unscreened[0] ? " (not screened yet: " : "", o->unscreened,
				 o->unscreened[0] ? ")" : ""))) {
		lb_buf_release(&quota);
		return rc;
	}
	lb_buf_release(&quota);
	if ((rc = lb_package_each(ctx->db, p, show_package, s, e)) || (rc = lb_zone_get(ctx->db, &s->zone, e)))
		return rc;
	return lb_alloc_runs(ctx->db, p, show_run, s, e);
}

static int run_program_show(struct lb_ctx *ctx, void *arg)
{
	struct lb_program_show_out o;
	struct show_state s = { NULL, &o.program, { 0 } };
	int rc;

	LB_CLI_RUN_OP(ctx, rc, lb_program_show(LB_CLI_OP, arg, &o, &ctx->err));
	if (rc || (rc = lb_cli_record(ctx, LABEL_WIDTH, 0, &s.d)))
		return rc;
	return lb_cli_record_end(ctx, s.d, show_program(ctx, &o, &s));
}

static const struct lb_param program_quota_params[] = {
#define F(x) offsetof(struct lb_program_quota_in, x)
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, F(code), NULL, "Kode program" },
	{ "year", 0, LB_P_STR, LB_P_REQUIRED, F(year), "YYYY", "Tahun" },
	{ "quota", 0, LB_P_STR, LB_P_REQUIRED, F(quota), "N", "Kuota per putaran" },
#undef F
	LB_PARAM_END,
};

static int run_program_quota(struct lb_ctx *ctx, void *arg)
{
	struct lb_program_quota_out o;
	int rc;

	LB_CLI_RUN_OP(ctx, rc, lb_program_quota_change(LB_CLI_OP, arg, &o, &ctx->err));
	if (rc)
		return rc;
	fprintf(ctx->out, "%s: %lld recipients per round in %d\n", o.program.code, (long long)o.quota,
		o.year);
	return LB_OK;
}

/* ---- program package ---- */

static const struct lb_param program_package_params[] = {
#define F(x) offsetof(struct lb_package_in, x)
	{ "CODE", 0, LB_P_ARG, LB_P_REQUIRED, F(program), NULL, "Kode program" },
	{ "item", 0, LB_P_LIST, 0, F(items), "ITEM=QTY[@PRICE]", "Barang=jumlah[@harga]" },
	{ "from", 0, LB_P_STR, 0, F(from), "YYYY-MM", "Mulai putaran" },
#undef F
	LB_PARAM_END,
};

static int run_program_package(struct lb_ctx *ctx, void *arg)
{
	struct lb_package_out *o = malloc(sizeof *o);
	struct lb_op op;
	int rc;

	if (!o)
		return lb_oom(&ctx->err);
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_package_compose(&op, arg, o, &ctx->err);
	if (!rc) {
		lb_rdoc *d;

		if (!(rc = lb_cli_record(ctx, LABEL_WIDTH, 0, &d)))
			rc = lb_cli_record_end(ctx, d, print_package(d, &o->program, &o->package, &ctx->err));
	}
	lb_cli_warnings(&op);
	lb_op_release(&op);
	free(o);
	return rc;
}

/* ---- allocate ---- */

/* The operation's input and how to show its plan. */
struct allocate_args {
	struct lb_allocate_in in;
	const char *format;
};

static const struct lb_param allocate_params[] = {
#define F(x) offsetof(struct allocate_args, x)
	{ "program", 0, LB_P_STR, LB_P_REQUIRED, F(in.program), "P", "Program" },
	{ "period", 0, LB_P_STR, LB_P_REQUIRED, F(in.period), "YYYY-MM", "Putaran (bulan pertama)" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv", NULL },
	{ "dry-run", 0, LB_P_FLAG, 0, F(in.dry_run), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int plan_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	const struct lb_allocate_out *o = arg;
	int rc;

	for (size_t i = 0; i < o->nplan; i++) {
		const struct lb_alloc_need *n = &o->plan[i];
		char packages[24], need[32], stock[32], shortfall[32], qty[24];
		const char *vals[8];

		snprintf(packages, sizeof packages, "%lld", (long long)n->packages);
		snprintf(qty, sizeof qty, "%lld", (long long)n->qty);
		snprintf(need, sizeof need, "%lld", (long long)n->need);
		snprintf(stock, sizeof stock, "%lld", (long long)n->stock);
		snprintf(shortfall, sizeof shortfall, "%lld", (long long)n->shortfall);
		vals[0] = n->point;
		vals[1] = packages;
		vals[2] = n->item;
		vals[3] = n->unit;
		vals[4] = need;
		vals[5] = stock;
		vals[6] = shortfall;
		vals[7] = n->point_name;
		if ((rc = lb_rdoc_cells(out, vals, &ctx->err)))
			return rc;
	}
	return LB_OK;
}

static int print_summary(struct lb_ctx *ctx, FILE *f, const struct allocate_args *a,
			 const struct lb_allocate_out *o)
{
	const struct lb_alloc_summary *s = &o->summary;
	char month[24];

	lb_period_format_id(o->period, month);
	if (s->already) {
		struct lb_zone zone;
		char at[32];
		int rc;
		if ((rc = lb_zone_get(ctx->db, &zone, &ctx->err)))
			return rc;
		lb_time_local(&zone, s->run_at, at);
		fprintf(f, "%s %s (%s) was allocated already on %s by %s: %lld recipients, %lld waiting; nothing changed\n",
			o->program.code, a->in.period, month, at, s->operator, (long long)s->allocated,
			(long long)s->waiting);
		return LB_OK;
	}
	fprintf(f, "%s %s %s (%s): %lld recipient%s of %lld eligible, quota %lld; waiting list %lld\n",
		o->dry_run ? "would allocate" : "allocated", o->program.code, a->in.period, month,
		(long long)s->allocated,
		s->allocated == 1 ? "" : "s", (long long)s->eligible, (long long)s->quota,
		(long long)s->waiting);
	fprintf(f, "not eligible in its categories: %lld not aktif, %lld on excluded lists, %lld held for duplicate review\n",
		(long long)s->inactive, (long long)s->excluded, (long long)s->held);
	if (o->dry_run)
		fprintf(f, "dry run: nothing written\n");
	return LB_OK;
}

static int run_allocate(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "point", 0 }, { "packages", 1 }, { "item", 0 },      { "unit", 0 },
		{ "need", 1 },  { "stock", 1 },    { "shortfall", 1 }, { "point_name", 0 },
	};
	const struct allocate_args *a = arg;
	struct lb_allocate_out o;
	struct lb_op op;
	enum lb_fmt fmt;
	int rc;

	if ((rc = lb_fmt_parse(a->format, LB_FMT_TABLE | LB_FMT_CSV, LB_FMT_TABLE, &fmt, &ctx->err)))
		return rc;
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_round_allocate(&op, &a->in, &o, &ctx->err);
	/* With --format csv stdout is the plan alone, for scripts; the
	 * summary goes to stderr, before the warnings. */
	if (!rc)
		rc = print_summary(ctx, fmt == LB_FMT_CSV ? stderr : ctx->out, a, &o);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (!rc)
		rc = lb_cli_list(ctx, a->format, LB_FMT_TABLE | LB_FMT_CSV, cols, 8, plan_rows, &o);
	lb_allocate_out_free(&o);
	return rc;
}

/* ---- allocation list ---- */

struct alist_args {
	struct lb_allocate_in in;
	int waiting, show_nik;
	const char *format;
};

static const struct lb_param alist_params[] = {
#define F(x) offsetof(struct alist_args, x)
	{ "program", 0, LB_P_STR, LB_P_REQUIRED, F(in.program), "P", "Program" },
	{ "period", 0, LB_P_STR, LB_P_REQUIRED, F(in.period), "YYYY-MM", "Putaran" },
	{ "waiting", 0, LB_P_FLAG, 0, F(waiting), NULL, "Daftar tunggu" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
	{ "show-nik", 0, LB_P_FLAG, 0, F(show_nik), NULL, NULL },
#undef F
	LB_PARAM_END,
};

struct alist_state {
	const struct alist_args *a;
	const struct lb_alloc_round_out *round;
	lb_rdoc *o;
	lb_db *db;
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
	if (s->a->show_nik)
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
	return lb_rdoc_cells(s->o, vals, e);
}

static int alist_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct alist_state *s = arg;

	s->o = out;
	s->db = ctx->db;
	return lb_alloc_list(ctx->db, &s->round->program, s->round->period, s->a->waiting, alist_row,
			     s, &ctx->err);
}

static int run_allocation_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "allocation", 1 }, { "rank", 1 },     { "nik", 0 },    { "name", 0 },  { "village", 0 },
		{ "point", 0 },      { "category", 0 }, { "status", 0 }, { "serial", 0 }, { "token", 0 },
	};
	const struct alist_args *a = arg;
	struct lb_alloc_round_out round;
	struct alist_state s = { a, &round, NULL, NULL };
	enum lb_fmt fmt;
	int rc;

	if ((rc = lb_fmt_parse(a->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt,
			       &ctx->err)))
		return rc;
	LB_CLI_RUN_OP(ctx, rc, lb_alloc_round(LB_CLI_OP, &a->in, &round, &ctx->err));
	if (rc)
		return rc;
	return lb_cli_list(ctx, a->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, cols, 10,
			   alist_rows, &s);
}

/* ---- location serve ---- */

/* --village A B C: the values after the first are positionals, which
 * join the list. */
struct serve_args {
	struct lb_serve_in in;
	struct lb_strv more;
};

static const struct lb_param serve_params[] = {
#define F(x) offsetof(struct serve_args, x)
	{ "POINT", 0, LB_P_ARG, LB_P_REQUIRED, F(in.point), NULL, "Titik salur" },
	{ "village", 0, LB_P_LIST, 0, F(in.villages), "CODE", "Desa/kelurahan (kode)" },
	{ "CODE", 0, LB_P_ARGS, 0, F(more), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int print_village(void *arg, const char *village, const char *name, int by_creation,
			 lb_err *e)
{
	return lb_rdoc_paraf(arg, e, "  %s %s%s", village, name, by_creation ? " (the point's own village)" : "");
}

static int run_location_serve(struct lb_ctx *ctx, void *arg)
{
	struct serve_args *a = arg;
	struct lb_serve_out o;
	lb_rdoc *d;
	size_t n;
	int rc;

	for (size_t i = 0; i < a->more.n; i++)
		if ((rc = lb_strv_push(&a->in.villages, a->more.v[i], &ctx->err)))
			return rc;
	n = a->in.villages.n;
	LB_CLI_RUN_OP(ctx, rc, lb_serve_villages(LB_CLI_OP, &a->in, &o, &ctx->err));
	if (rc || (rc = lb_cli_record(ctx, LABEL_WIDTH, 0, &d)))
		return rc;
	if (n)
		rc = lb_rdoc_paraf(d, &ctx->err,
				   "%s serves %zu more village%s: %ld added, %ld moved from another point, %ld unchanged",
				   o.point.code, n, n == 1 ? "" : "s", o.added, o.moved, o.unchanged);
	if (!rc)
		rc = lb_rdoc_paraf(d, &ctx->err, "%s %s serves:", o.point.code, o.point.name);
	if (!rc)
		rc = lb_point_villages(ctx->db, o.point.id, print_village, d, &ctx->err);
	return lb_cli_record_end(ctx, d, rc);
}

const struct lb_cmd lb_cmds_program[] = {
	{ "program", "add", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Add an aid program: the value of its package per recipient per month\n"
	  "(Rp300.000), how many recipients a round serves (--quota; see program\n"
	  "quota for other years), the eligible categories, the screening lists whose\n"
	  "recipients it excludes, and the months it runs. A round covers\n"
	  "--round-months months (default 1) from --first on.\n",
	  "add an aid program",
	  program_add_params, sizeof(struct lb_program_in), run_program_add, "/program/tambah" },
	{ "program", "list", NULL, LB_CMD_DB, "", "list programs",
	  lb_list_params, sizeof(struct lb_list_in), run_program_list },
	{ "program", "show", NULL, LB_CMD_DB,
	  "A program with its packages, their value, and the rounds allocated.\n",
	  "show a program, its packages and rounds",
	  program_show_params, sizeof(struct lb_program_show_in), run_program_show },
	{ "program", "package", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Set what one recipient gets per round, from round --from on (default: the\n"
	  "program's first): QTY in the item's base unit, PRICE the contracted rupiah\n"
	  "per base unit (default: the latest lot's unit cost). The package's value is\n"
	  "shown against the program's value per round, with a warning when it is\n"
	  "more than 5% off. Rounds already allocated keep their package. Without\n"
	  "--item, show the package in force.\n",
	  "set or show a program's package",
	  program_package_params, sizeof(struct lb_package_in), run_program_package, "/program/paket" },
	{ "program", "quota", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Recipients per round in one year (820 in 2025, 649 from 2026, say),\n"
	  "instead of the quota the program was added with.\n",
	  "set a program's quota for a year",
	  program_quota_params, sizeof(struct lb_program_quota_in), run_program_quota, "/program/kuota" },
	{ "allocate", NULL, NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Allocate a round (YYYY-MM is its first month): one package for each\n"
	  "eligible recipient (aktif, in the program's categories, not on its\n"
	  "excluded lists, not held for duplicate review), at most the quota, in this\n"
	  "order: lowest desil first (unknown last), then the oldest, then the\n"
	  "earliest registered. The rest form the waiting list. Running it again\n"
	  "changes nothing and says so. Then, per distribution point, the packages\n"
	  "and the stock they need against the stock there. Refused (exit 3): a\n"
	  "period outside the program or not a round's first month, a closed\n"
	  "period, no package, allocated recipients whose village no point serves.\n"
	  "--dry-run says what it would do, refusals and plan included, and writes\n"
	  "nothing.\n",
	  "allocate a program's round",
	  allocate_params, sizeof(struct allocate_args), run_allocate, "/alokasi" },
	{ "allocation", "list", NULL, LB_CMD_DB,
	  "A round's allocations in priority order (--waiting: its waiting list),\n"
	  "NIKs masked unless --show-nik.\n",
	  "list a round's allocations",
	  alist_params, sizeof(struct alist_args), run_allocation_list },
	{ "location", "serve", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Make a distribution point serve villages (one point per village: a\n"
	  "village served elsewhere moves here), then list the villages it serves.\n"
	  "A point created with --village serves that village unless it is named\n"
	  "for another point. --village A B C names several.\n",
	  "set the villages a distribution point serves",
	  serve_params, sizeof(struct serve_args), run_location_serve, "/lokasi/layani" },
	{ 0 },
};
