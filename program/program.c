/*
 * program.c — aid programs. See program.h.
 */
#include "program/program.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/money.h"
#include "recipients/recipient.h"
#include "recipients/screening.h"

#define LIST_MAX 16 /* categories or lists one program names */

static int check_code(const char *code, lb_err *e)
{
	size_t len = strlen(code);

	if (len == 0 || len >= LB_PROGRAM_CODE_MAX)
		return lb_fail(e, LB_EINPUT, "program code must have 1 to %d characters",
			       LB_PROGRAM_CODE_MAX - 1);
	for (size_t i = 0; i < len; i++) {
		char c = code[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return lb_fail(e, LB_EINPUT,
				       "'%.40s' is not a program code (letters, digits, '-', '_' and '.')",
				       code);
	}
	return LB_OK;
}

/* Split "a, b,c" into trimmed words (into buf, pointers in words). */
static int split(const char *in, const char *what, char *buf, size_t bufsz, char **words,
		 size_t *n, lb_err *e)
{
	char *p, *save = NULL;

	*n = 0;
	if (strlen(in) >= bufsz)
		return lb_fail(e, LB_EINPUT, "%s is too long", what);
	strcpy(buf, in);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		size_t len;
		while (*p == ' ')
			p++;
		len = strlen(p);
		while (len && p[len - 1] == ' ')
			p[--len] = '\0';
		if (!*p)
			continue;
		if (*n == LIST_MAX)
			return lb_fail(e, LB_EINPUT, "%s names more than %d entries", what, LIST_MAX);
		for (size_t i = 0; i < *n; i++)
			if (strcmp(words[i], p) == 0)
				return lb_fail(e, LB_EINPUT, "%s names '%.40s' twice", what, p);
		words[(*n)++] = p;
	}
	if (*n == 0)
		return lb_fail(e, LB_EINPUT, "%s is empty", what);
	return LB_OK;
}

static void join(char *const *words, size_t n, char *out, size_t sz)
{
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strncat(out, ",", sz - strlen(out) - 1);
		strncat(out, words[i], sz - strlen(out) - 1);
	}
}

static int exec_bind(lb_db *db, const char *sql, int64_t id, const char *text, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	lb_bind_text(st, 2, text);
	return lb_step_done(st, e);
}

int lb_program_add(lb_db *db, const struct lb_program_in *in, struct lb_program *out,
		   char *unscreened, lb_err *e)
{
	char catbuf[256], exbuf[256], lists[LIST_MAX][LB_LIST_NAME_MAX];
	char *cats[LIST_MAX], *ex[LIST_MAX];
	size_t ncats = 0, nex = 0;
	int64_t v;
	lb_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (unscreened)
		unscreened[0] = '\0';
	if ((rc = check_code(in->code, e)))
		return rc;
	snprintf(out->code, sizeof out->code, "%s", in->code);
	if (!in->name || !in->name[0] || strlen(in->name) >= sizeof out->name)
		return lb_fail(e, LB_EINPUT, "program add: --name must have 1 to %zu bytes",
			       sizeof out->name - 1);
	snprintf(out->name, sizeof out->name, "%s", in->name);
	if ((rc = lb_money_parse(in->monthly_value, "--monthly-value", &out->monthly_value, e)))
		return rc;
	if (out->monthly_value <= 0)
		return lb_fail(e, LB_EINPUT, "program add: --monthly-value must be more than Rp0");
	if (out->monthly_value > 1000000000)
		return lb_fail(e, LB_EINPUT, "program add: --monthly-value above Rp1.000.000.000 is not a monthly package");
	if ((rc = lb_int_parse(in->quota, "--quota", 1, 100000000, &out->quota, e)))
		return rc;
	out->round_months = 1;
	if (in->round_months) {
		if ((rc = lb_int_parse(in->round_months, "--round-months", 1, 12, &v, e)))
			return rc;
		out->round_months = (int)v;
	}
	snprintf(out->funding, sizeof out->funding, "APBD");
	if (in->funding) {
		if (strcasecmp(in->funding, "APBD") && strcasecmp(in->funding, "APBN"))
			return lb_fail(e, LB_EINPUT, "program add: --funding '%.20s' is neither APBD nor APBN",
				       in->funding);
		snprintf(out->funding, sizeof out->funding, "%s",
			 strcasecmp(in->funding, "APBD") == 0 ? "APBD" : "APBN");
	}
	if ((rc = lb_period_parse(in->first, "--first", &out->first_period, e)) ||
	    (rc = lb_period_parse(in->last, "--last", &out->last_period, e)))
		return rc;
	if (out->last_period < out->first_period)
		return lb_fail(e, LB_EINPUT, "program add: --last %s is before --first %s", in->last,
			       in->first);
	if ((rc = split(in->categories, "--categories", catbuf, sizeof catbuf, cats, &ncats, e)))
		return rc;
	for (size_t i = 0; i < ncats; i++)
		if ((rc = lb_category_check(db, cats[i], e)))
			return rc;
	join(cats, ncats, out->categories, sizeof out->categories);
	if (in->exclude) {
		if ((rc = split(in->exclude, "--exclude", exbuf, sizeof exbuf, ex, &nex, e)))
			return rc;
		for (size_t i = 0; i < nex; i++) {
			if ((rc = lb_screen_list_name(ex[i], lists[i], e))) {
				lb_err_prefix(e, "program add: --exclude");
				return rc;
			}
			ex[i] = lists[i];
		}
		join(ex, nex, out->excludes, sizeof out->excludes);
	}
	lb_now_utc(out->created_at);

	if ((rc = lb_db_begin(db, e)))
		return rc;
	if (!(st = lb_db_prepare(db,
			"INSERT INTO program(code, name, monthly_value, round_months, quota, funding,"
			" first_period, last_period, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
			" ON CONFLICT(code) DO NOTHING", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	{
		char first[8], last[8];
		lb_period_format(out->first_period, first);
		lb_period_format(out->last_period, last);
		lb_bind_text(st, 1, out->code);
		lb_bind_text(st, 2, out->name);
		lb_bind_int(st, 3, out->monthly_value);
		lb_bind_int(st, 4, out->round_months);
		lb_bind_int(st, 5, out->quota);
		lb_bind_text(st, 6, out->funding);
		lb_bind_text(st, 7, first);
		lb_bind_text(st, 8, last);
		lb_bind_text(st, 9, out->created_at);
	}
	if ((rc = lb_step_done(st, e)))
		goto fail;
	if (lb_db_changes(db) == 0) {
		rc = lb_fail(e, LB_ERULE, "program add: program '%s' exists already", out->code);
		goto fail;
	}
	out->id = lb_db_last_id(db);
	for (size_t i = 0; i < ncats; i++)
		if ((rc = exec_bind(db, "INSERT INTO program_category(program_id, category) VALUES (?1, ?2)",
				    out->id, cats[i], e)))
			goto fail;
	for (size_t i = 0; i < nex; i++)
		if ((rc = exec_bind(db, "INSERT INTO program_exclude(program_id, list) VALUES (?1, ?2)",
				    out->id, ex[i], e)))
			goto fail;
	if ((rc = lb_db_commit(db, e)))
		return rc;
	if (unscreened)
		return lb_program_unscreened(db, out, unscreened, e);
	return LB_OK;
fail:
	lb_db_rollback(db);
	return rc;
}

#define PROGRAM_COLS                                                                       \
	"p.id, p.code, p.name, p.monthly_value, p.round_months, p.quota, p.funding,"            \
	" p.first_period, p.last_period, p.created_at,"                                          \
	" coalesce((SELECT group_concat(category, ',') FROM"                                     \
	"   (SELECT category FROM program_category WHERE program_id = p.id ORDER BY category)), ''),"  \
	" coalesce((SELECT group_concat(list, ',') FROM"                                         \
	"   (SELECT list FROM program_exclude WHERE program_id = p.id ORDER BY list)), '')"

static void fill(lb_stmt *st, struct lb_program *p)
{
	memset(p, 0, sizeof *p);
	p->id = lb_col_int(st, 0);
	snprintf(p->code, sizeof p->code, "%s", lb_col_text(st, 1));
	snprintf(p->name, sizeof p->name, "%s", lb_col_text(st, 2));
	p->monthly_value = lb_col_int(st, 3);
	p->round_months = (int)lb_col_int(st, 4);
	p->quota = lb_col_int(st, 5);
	snprintf(p->funding, sizeof p->funding, "%s", lb_col_text(st, 6));
	/* Stored by lb_program_add, so they parse. */
	lb_period_parse(lb_col_text(st, 7), "first_period", &p->first_period, NULL);
	lb_period_parse(lb_col_text(st, 8), "last_period", &p->last_period, NULL);
	snprintf(p->created_at, sizeof p->created_at, "%s", lb_col_text(st, 9));
	snprintf(p->categories, sizeof p->categories, "%s", lb_col_text(st, 10));
	snprintf(p->excludes, sizeof p->excludes, "%s", lb_col_text(st, 11));
}

static void fill_one(lb_stmt *st, void *p)
{
	fill(st, p);
}

int lb_program_find(lb_db *db, const char *code, struct lb_program *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT " PROGRAM_COLS " FROM program p WHERE p.code = ?1", e);
	int found, rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	if ((rc = lb_db_one(st, fill_one, out, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_EINPUT, "unknown program '%.40s' (see 'lumbung program list')", code);
	return LB_OK;
}

int lb_program_get(lb_db *db, int64_t id, struct lb_program *out, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT " PROGRAM_COLS " FROM program p WHERE p.id = ?1", e);

	memset(out, 0, sizeof *out);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	return lb_db_one(st, fill_one, out, found, e);
}

int lb_program_list(lb_db *db, int (*fn)(void *arg, const struct lb_program *p, lb_err *e),
		    void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT " PROGRAM_COLS " FROM program p ORDER BY p.code", e);
	struct lb_program p;
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		fill(st, &p);
		if ((rc = fn(arg, &p, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_program_quota(lb_db *db, const struct lb_program *p, int year, int64_t *quota, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT quota FROM program_quota WHERE program_id = ?1 AND year = ?2", e);

	*quota = p->quota;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, p->id);
	lb_bind_int(st, 2, year);
	return lb_db_one_int64(st, p->quota, quota, e);
}

int lb_program_set_quota(lb_db *db, const struct lb_program *p, int year, int64_t quota,
			 lb_err *e)
{
	lb_stmt *st;
	int64_t runs;
	int rc;
	char from[8];

	if (year < p->first_period / 12 || year > p->last_period / 12)
		return lb_fail(e, LB_EINPUT, "program quota: %s does not run in %d", p->code, year);
	if (quota < 1 || quota > 100000000)
		return lb_fail(e, LB_EINPUT, "program quota: the quota must be 1 to 100000000");
	if ((rc = lb_db_begin(db, e)))
		return rc;
	/* Rounds already allocated that year were sized by the old quota. */
	snprintf(from, sizeof from, "%04d-", year);
	if (!(st = lb_db_prepare(db,
			"SELECT count(*) FROM allocation_run WHERE program_id = ?1 AND substr(period, 1, 5) = ?2",
			e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, from);
	if ((rc = lb_db_one_int64(st, 0, &runs, e)))
		goto fail;
	if (runs) {
		rc = lb_fail(e, LB_ERULE,
			     "program quota: %s has %lld round%s of %d allocated already; their quota stays",
			     p->code, (long long)runs, runs == 1 ? "" : "s", year);
		goto fail;
	}
	if (!(st = lb_db_prepare(db,
			"INSERT INTO program_quota(program_id, year, quota) VALUES (?1, ?2, ?3)"
			" ON CONFLICT(program_id, year) DO UPDATE SET quota = excluded.quota", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, p->id);
	lb_bind_int(st, 2, year);
	lb_bind_int(st, 3, quota);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

int lb_program_round_check(const struct lb_program *p, int period, lb_err *e)
{
	char want[8], first[8], last[8], before[8], after[8];
	int offset;

	lb_period_format(period, want);
	lb_period_format(p->first_period, first);
	lb_period_format(p->last_period, last);
	if (period < p->first_period || period > p->last_period)
		return lb_fail(e, LB_ERULE, "program %s runs from %s to %s: %s is outside it", p->code,
			       first, last, want);
	offset = (period - p->first_period) % p->round_months;
	if (offset) {
		lb_period_format(period - offset, before);
		lb_period_format(period - offset + p->round_months, after);
		if (period - offset + p->round_months > p->last_period)
			return lb_fail(e, LB_ERULE,
				       "%s is not the first month of a round of %s (rounds of %d months; this one starts %s)",
				       want, p->code, p->round_months, before);
		return lb_fail(e, LB_ERULE,
			       "%s is not the first month of a round of %s (rounds of %d months; the nearest start %s and %s)",
			       want, p->code, p->round_months, before, after);
	}
	return LB_OK;
}

int lb_program_unscreened(lb_db *db, const struct lb_program *p, char *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT list FROM program_exclude x WHERE program_id = ?1"
		" AND NOT EXISTS (SELECT 1 FROM screening_list l WHERE l.name = x.list) ORDER BY list", e);
	int rc;

	out[0] = '\0';
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, p->id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (out[0])
			strncat(out, ",", 255 - strlen(out));
		strncat(out, lb_col_text(st, 0), 255 - strlen(out));
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* ---- operations ---- */

int lb_program_create(struct lb_op *op, const struct lb_program_in *in, struct lb_program *out,
		      lb_err *e)
{
	char unscreened[256];
	int rc, many;

	lb_op_subject(op, "program %s", in->code ? in->code : "");
	if ((rc = lb_program_add(op->db, in, out, unscreened, e)))
		return rc;
	many = strchr(unscreened, ',') != NULL;
	if (unscreened[0])
		lb_op_warn(op,
			   "list%s %s not screened yet: nobody is excluded by %s until 'lumbung recipient screen FILE --list NAME'",
			   many ? "s" : "", unscreened, many ? "them" : "it");
	return LB_OK;
}

int lb_program_show(struct lb_op *op, const struct lb_program_show_in *in,
		    struct lb_program_show_out *out, lb_err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_program_find(op->db, in->code, &out->program, e)))
		return rc;
	return lb_program_unscreened(op->db, &out->program, out->unscreened, e);
}

int lb_program_quota_each(lb_db *db, const struct lb_program *p,
			  int (*fn)(void *arg, int year, int64_t quota, lb_err *e), void *arg,
			  lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT year, quota FROM program_quota WHERE program_id = ?1 ORDER BY year", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, p->id);
	while ((rc = lb_step(st, e)) == LB_ROW)
		if ((rc = fn(arg, (int)lb_col_int(st, 0), lb_col_int(st, 1), e))) {
			lb_stmt_reset(st);
			return rc;
		}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_program_quota_change(struct lb_op *op, const struct lb_program_quota_in *in,
			    struct lb_program_quota_out *out, lb_err *e)
{
	int64_t y;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_int_parse(in->year, "--year", 1900, 9999, &y, e)) ||
	    (rc = lb_int_parse(in->quota, "--quota", 1, 100000000, &out->quota, e)) ||
	    (rc = lb_program_find(op->db, in->code, &out->program, e)))
		return rc;
	out->year = (int)y;
	lb_op_subject(op, "program %s quota %d", out->program.code, out->year);
	return lb_program_set_quota(op->db, &out->program, out->year, out->quota, e);
}
