/*
 * allocation.c — allocating a round. See allocation.h.
 *
 * Set-based: the eligible recipients are ranked into a temporary table
 * in one INSERT ... SELECT ... ORDER BY (the rank is that table's rowid),
 * and the allocations and the waiting list are each one INSERT ... SELECT
 * from it, ordered by recipient so that the UNIQUE(program, period,
 * recipient) index grows at its end instead of at random places. A
 * million recipients is a few statements, not a million.
 */
#include "program/allocation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/period.h"
#include "inventory/serve.h"

static int exec1(lb_db *db, const char *sql, int64_t program_id, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);

	if (!st)
		return LB_ESYS;
	if (program_id)
		lb_bind_int(st, 1, program_id);
	return lb_step_done(st, e);
}

static int count1(lb_db *db, const char *sql, int64_t program_id, int64_t *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);

	*out = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, program_id);
	return lb_db_one_int64(st, 0, out, e);
}

static void drop_temps(lb_db *db)
{
	lb_err ignored;

	lb_db_exec(db,
		   "DROP TABLE IF EXISTS temp.alloc_cand;"
		   "DROP TABLE IF EXISTS temp.alloc_excluded;"
		   "DROP TABLE IF EXISTS temp.alloc_held;", &ignored);
	lb_point_map_drop(db);
}

static void fill_run(lb_stmt *st, void *arg)
{
	struct lb_alloc_summary *s = arg;

	s->already = 1;
	snprintf(s->run_at, sizeof s->run_at, "%s", lb_col_text(st, 0));
	snprintf(s->operator, sizeof s->operator, "%s", lb_col_text(st, 1));
	s->quota = lb_col_int(st, 2);
	s->eligible = lb_col_int(st, 3);
	s->allocated = lb_col_int(st, 4);
	s->waiting = lb_col_int(st, 5);
	s->first_id = lb_col_int(st, 6);
	s->last_id = lb_col_int(st, 7);
}

int lb_alloc_run_get(lb_db *db, const struct lb_program *p, int period,
		     struct lb_alloc_summary *s, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT run_at, operator, quota, eligible, allocated, waiting,"
		" coalesce(first_id, 0), coalesce(last_id, 0) FROM allocation_run"
		" WHERE program_id = ?1 AND period = ?2", e);
	char want[8];

	memset(s, 0, sizeof *s);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_period_format(period, want);
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, want);
	return lb_db_one(st, fill_run, s, found, e);
}

/* Refuse the round when an allocated recipient has nowhere to collect. */
static int check_points(lb_db *db, const struct lb_program *p, const char *period, int64_t quota,
			lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT r.village, coalesce(v.name, ''), count(*) FROM temp.alloc_cand c"
		" JOIN recipient r ON r.id = c.recipient_id"
		" LEFT JOIN region_village v ON v.code = r.village"
		" WHERE c.rank <= ?1 AND c.point_id IS NULL"
		" GROUP BY r.village ORDER BY 3 DESC, 1", e);
	char list[512] = "";
	int64_t total = 0, villages = 0;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, quota);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		total += lb_col_int(st, 2);
		if (villages++ < 5) {
			char one[160];
			snprintf(one, sizeof one, "%s%s %s (%lld)", list[0] ? ", " : "", lb_col_text(st, 0),
				 lb_col_text(st, 1), (long long)lb_col_int(st, 2));
			strncat(list, one, sizeof list - strlen(list) - 1);
		}
	}
	if (rc != LB_DONE)
		return rc;
	if (!total)
		return LB_OK;
	return lb_fail(e, LB_ERULE,
		       "cannot allocate %s %s: %lld recipient%s in %lld village%s no distribution point serves: %s%s; "
		       "name one with 'lumbung location serve POINT --village CODE' (or set one on the recipient)",
		       p->code, period, (long long)total, total == 1 ? "" : "s", (long long)villages,
		       villages == 1 ? "" : "s", list, villages > 5 ? ", ..." : "");
}

/* Packages per point of a round (see lb_alloc_plan), and what they need
 * against the stock at each point. */
struct counts;
static int count_point(struct counts *c, int64_t point_id, lb_err *e);
static int emit_plan(lb_db *db, const struct lb_package *pkg, struct counts *c,
		     int (*fn)(void *arg, const struct lb_alloc_need *n, lb_err *e), void *arg, lb_err *e);
static void counts_free(struct counts *c);

/* A preview (dry) runs every step of a real run on the same snapshot but
 * writes nothing; plan_fn then receives the plan the real run would
 * leave. */
struct dry {
	int (*fn)(void *arg, const struct lb_alloc_need *n, lb_err *e);
	void *arg;
};

static int allocate_tx(lb_db *db, const struct lb_program *p, int period, const char *want,
		       const char *operator, const struct dry *dry, struct lb_alloc_summary *s,
		       lb_err *e);

int lb_allocate_preview(lb_db *db, const struct lb_program *p, int period,
			struct lb_alloc_summary *s,
			int (*fn)(void *arg, const struct lb_alloc_need *n, lb_err *e), void *arg,
			lb_err *e)
{
	struct dry dry = { fn, arg };
	char want[8];
	int rc;

	memset(s, 0, sizeof *s);
	lb_period_format(period, want);
	if ((rc = lb_program_round_check(p, period, e))) {
		lb_err_prefix(e, "cannot allocate %s %s", p->code, want);
		return rc;
	}
	return allocate_tx(db, p, period, want, "", &dry, s, e);
}

int lb_allocate(lb_db *db, const struct lb_program *p, int period, const char *operator,
		struct lb_alloc_summary *s, lb_err *e)
{
	char want[8];
	int rc;

	memset(s, 0, sizeof *s);
	lb_period_format(period, want);
	if ((rc = lb_program_round_check(p, period, e))) {
		lb_err_prefix(e, "cannot allocate %s %s", p->code, want);
		return rc;
	}
	/* Foreign keys are not checked while allocating: every program,
	 * recipient and point id inserted comes from a SELECT over those
	 * very tables in this transaction, and checking a million of them
	 * again costs a third of the run. (The pragma only takes effect
	 * outside a transaction; it is restored on every way out.) */
	if ((rc = lb_db_exec(db, "PRAGMA foreign_keys=OFF", e)))
		return rc;
	rc = allocate_tx(db, p, period, want, operator, NULL, s, e);
	{
		lb_err ignored;
		if (lb_db_exec(db, "PRAGMA foreign_keys=ON", &ignored) && rc == LB_OK)
			rc = lb_fail(e, LB_ESYS, "cannot turn foreign keys back on");
	}
	return rc;
}

/* Who in the program's categories was left out, and why. CROSS JOIN
 * keeps the small sets outside: the planner, knowing nothing of temp
 * tables, would otherwise scan every recipient. */
static int left_out(lb_db *db, const struct lb_program *p, struct lb_alloc_summary *s, lb_err *e)
{
	int rc;

	if ((rc = count1(db,
			"SELECT count(*) FROM recipient r INDEXED BY recipient_inactive"
			" WHERE r.status <> 'aktif'"
			" AND r.category IN (SELECT category FROM program_category WHERE program_id = ?1)",
			p->id, &s->inactive, e)) ||
	    (rc = count1(db,
			"SELECT count(*) FROM temp.alloc_excluded x CROSS JOIN recipient r ON r.id = x.id"
			" WHERE r.status = 'aktif'"
			" AND r.category IN (SELECT category FROM program_category WHERE program_id = ?1)",
			p->id, &s->excluded, e)))
		return rc;
	return count1(db,
		      "SELECT count(*) FROM temp.alloc_held x CROSS JOIN recipient r ON r.id = x.id"
		      " WHERE r.status = 'aktif'"
		      " AND r.category IN (SELECT category FROM program_category WHERE program_id = ?1)",
		      p->id, &s->held, e);
}

/* The rest of a preview, from the ranked candidates: what the inserts
 * would write (the first quota ranks allocated, the others waiting),
 * who is left out, and the plan from the candidates' points. */
static int preview_rest(lb_db *db, const struct lb_program *p, const struct lb_package *pkg,
			int64_t quota, const struct dry *dry, struct lb_alloc_summary *s, lb_err *e);

static int allocate_tx(lb_db *db, const struct lb_program *p, int period, const char *want,
		       const char *operator, const struct dry *dry, struct lb_alloc_summary *s,
		       lb_err *e)
{
	struct lb_package pkg;
	char now[21];
	int closed, found, rc;
	int64_t quota;
	lb_stmt *st;

	/* A preview reads one snapshot (a deferred transaction: it holds no
	 * write lock, so nobody waits for it) and only makes temp tables. */
	if ((rc = dry ? lb_db_exec(db, "BEGIN", e) : lb_db_begin(db, e)))
		return rc;
	/* Under the write lock: a second run, here or elsewhere, sees the
	 * first one's row and changes nothing. */
	if ((rc = lb_alloc_run_get(db, p, period, s, &found, e)))
		goto fail;
	if (found) {
		lb_db_rollback(db);
		if (dry && (rc = lb_alloc_plan(db, p, period, dry->fn, dry->arg, e)))
			return rc;
		return lb_program_unscreened(db, p, s->unscreened, e);
	}
	if ((rc = lb_period_is_closed(db, period, &closed, e)))
		goto fail;
	if (closed) {
		rc = lb_fail(e, LB_ERULE, "cannot allocate %s %s: period %s is closed", p->code, want,
			     want);
		goto fail;
	}
	if ((rc = lb_package_for(db, p, period, &pkg, &found, e)))
		goto fail;
	if (!found) {
		rc = lb_fail(e, LB_ERULE,
			     "cannot allocate %s %s: the program has no package for that round; set one with "
			     "'lumbung program package %s --item ITEM=QTY ...'",
			     p->code, want, p->code);
		goto fail;
	}
	if ((rc = lb_program_quota(db, p, period / 12, &quota, e)) ||
	    (rc = lb_program_unscreened(db, p, s->unscreened, e)))
		goto fail;
	s->quota = quota;
	lb_now_utc(now);
	snprintf(s->run_at, sizeof s->run_at, "%s", now);
	snprintf(s->operator, sizeof s->operator, "%s", operator);

	/* Who is out, as small sets: probing them per recipient is cheaper
	 * than correlated subqueries into the screening and flag tables. */
	drop_temps(db);
	if ((rc = lb_point_map_build(db, e)) ||
	    (rc = lb_db_exec(db,
			"CREATE TEMP TABLE alloc_excluded(id INTEGER PRIMARY KEY);"
			"CREATE TEMP TABLE alloc_held(id INTEGER PRIMARY KEY);"
			"CREATE TEMP TABLE alloc_cand(rank INTEGER PRIMARY KEY, recipient_id INTEGER NOT NULL,"
			" point_id INTEGER);", e)) ||
	    (rc = exec1(db,
			"INSERT OR IGNORE INTO temp.alloc_excluded(id) SELECT h.recipient_id"
			" FROM screening_hit h JOIN program_exclude x ON x.list = h.list"
			" WHERE x.program_id = ?1", p->id, e)) ||
	    (rc = exec1(db,
			"INSERT OR IGNORE INTO temp.alloc_held(id) SELECT recipient_id FROM duplicate_flag"
			" WHERE state = 'open' AND recipient_id NOT IN (SELECT id FROM temp.alloc_excluded)",
			0, e)))
		goto fail;
	/* The priority order of allocation.h; rank = rowid = 1, 2, 3 ...
	 * The recipient_priority index holds exactly this order (the same
	 * expression, see core/schema.c) and every column read here, so
	 * there is no sort and no table access. */
	if ((rc = exec1(db,
			"INSERT INTO temp.alloc_cand(recipient_id, point_id)"
			" SELECT r.id, coalesce(r.point_id, vp.point_id) FROM recipient r INDEXED BY recipient_priority"
			" LEFT JOIN temp.village_point vp ON vp.village = r.village"
			" WHERE r.status = 'aktif'"
			" AND r.category IN (SELECT category FROM program_category WHERE program_id = ?1)"
			" AND r.id NOT IN (SELECT id FROM temp.alloc_excluded)"
			" AND r.id NOT IN (SELECT id FROM temp.alloc_held)"
			" ORDER BY coalesce(r.desil, 11) * 100000000"
			"  + CAST(replace(r.birth_date, '-', '') AS INTEGER), r.id", p->id, e)))
		goto fail;
	if ((rc = lb_db_int(db, "SELECT max(rank) FROM temp.alloc_cand", 0, &s->eligible, e)))
		goto fail;
	if ((rc = check_points(db, p, want, quota, e)))
		goto fail;
	if (dry) {
		rc = preview_rest(db, p, &pkg, quota, dry, s, e);
		lb_db_rollback(db);
		drop_temps(db);
		return rc;
	}
	if ((rc = lb_db_int(db, "SELECT max(id) FROM allocation", 0, &s->first_id, e)))
		goto fail;
	s->first_id++;
	/* created_at stays NULL: the run's run_at says when. Only the
	 * columns that vary go through the sort. */
	if (!(st = lb_db_prepare(db,
			"INSERT INTO allocation(program_id, period, recipient_id, point_id, rank)"
			" SELECT ?1, ?2, recipient_id, point_id, rank FROM"
			" (SELECT recipient_id, point_id, rank FROM temp.alloc_cand"
			"  WHERE rank <= ?3 ORDER BY recipient_id)", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, want);
	lb_bind_int(st, 3, quota);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	s->allocated = lb_db_changes(db);
	s->last_id = s->allocated ? lb_db_last_id(db) : 0;
	if (!s->allocated)
		s->first_id = 0;
	if (!(st = lb_db_prepare(db,
			"INSERT INTO allocation_wait(program_id, period, recipient_id, rank)"
			" SELECT ?1, ?2, recipient_id, rank FROM temp.alloc_cand"
			" WHERE rank > ?3 ORDER BY recipient_id", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, want);
	lb_bind_int(st, 3, quota);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	s->waiting = lb_db_changes(db);
	if ((rc = left_out(db, p, s, e)))
		goto fail;
	if (!(st = lb_db_prepare(db,
			"INSERT INTO allocation_run(program_id, period, run_at, operator, quota, eligible,"
			" allocated, waiting, first_id, last_id)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, 0), nullif(?10, 0))", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, want);
	lb_bind_text(st, 3, now);
	lb_bind_text(st, 4, operator);
	lb_bind_int(st, 5, quota);
	lb_bind_int(st, 6, s->eligible);
	lb_bind_int(st, 7, s->allocated);
	lb_bind_int(st, 8, s->waiting);
	lb_bind_int(st, 9, s->first_id);
	lb_bind_int(st, 10, s->last_id);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	drop_temps(db);
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	drop_temps(db);
	return rc;
}

/* Packages per point, counted while reading the round's rows once: the
 * points are a few dozen, so a sorted array beats letting SQLite sort a
 * million rows for a GROUP BY. */
struct point_count {
	int64_t point_id, n;
	char code[33];
	char name[128];
};

struct counts {
	struct point_count *v;
	size_t n, cap;
};

static int count_point(struct counts *c, int64_t point_id, lb_err *e)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->v[mid].point_id < point_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n && c->v[lo].point_id == point_id) {
		c->v[lo].n++;
		return LB_OK;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct point_count *p = realloc(c->v, cap * sizeof *p);
		if (!p)
			return lb_oom(e);
		c->v = p;
		c->cap = cap;
	}
	memmove(c->v + lo + 1, c->v + lo, (c->n - lo) * sizeof *c->v);
	memset(&c->v[lo], 0, sizeof c->v[lo]);
	c->v[lo].point_id = point_id;
	c->v[lo].n = 1;
	c->n++;
	return LB_OK;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct point_count *)a)->code, ((const struct point_count *)b)->code);
}

static void counts_free(struct counts *c)
{
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

/* Name the counted points, sort them by code, and hand fn each point's
 * need of each package item against the stock there now. */
static int emit_plan(lb_db *db, const struct lb_package *pkg, struct counts *c,
		     int (*fn)(void *arg, const struct lb_alloc_need *n, lb_err *e), void *arg, lb_err *e)
{
	struct lb_alloc_need n;
	lb_stmt *st, *bal;
	int rc;

	for (size_t i = 0; i < c->n; i++) {
		if (!(st = lb_db_prepare(db, "SELECT code, name FROM location WHERE id = ?1", e)))
			return LB_ESYS;
		lb_bind_int(st, 1, c->v[i].point_id);
		if ((rc = lb_step(st, e)) != LB_ROW) {
			if (rc == LB_DONE)
				rc = lb_fail(e, LB_ESYS, "allocation plan: point %lld is gone",
					     (long long)c->v[i].point_id);
			return rc;
		}
		snprintf(c->v[i].code, sizeof c->v[i].code, "%s", lb_col_text(st, 0));
		snprintf(c->v[i].name, sizeof c->v[i].name, "%s", lb_col_text(st, 1));
		lb_stmt_reset(st);
	}
	if (c->n)
		qsort(c->v, c->n, sizeof *c->v, by_code);
	for (size_t i = 0; i < c->n; i++) {
		memset(&n, 0, sizeof n);
		n.point_id = c->v[i].point_id;
		snprintf(n.point, sizeof n.point, "%s", c->v[i].code);
		snprintf(n.point_name, sizeof n.point_name, "%s", c->v[i].name);
		n.packages = c->v[i].n;
		for (size_t k = 0; k < pkg->n; k++) {
			if (!(bal = lb_db_prepare(db,
					"SELECT coalesce(sum(qty), 0) FROM balance"
					" WHERE item_id = ?1 AND location_id = ?2", e)))
				return LB_ESYS;
			lb_bind_int(bal, 1, pkg->line[k].item_id);
			lb_bind_int(bal, 2, n.point_id);
			if ((rc = lb_db_one_int64(bal, 0, &n.stock, e)))
				return rc;
			snprintf(n.item, sizeof n.item, "%s", pkg->line[k].item);
			snprintf(n.unit, sizeof n.unit, "%s", pkg->line[k].unit);
			n.qty = pkg->line[k].qty;
			n.need = n.qty * n.packages;
			n.shortfall = n.need > n.stock ? n.need - n.stock : 0;
			if ((rc = fn(arg, &n, e)))
				return rc;
		}
	}
	return LB_OK;
}

/* Count each point's packages over the rows of a query whose first
 * column is the point id. */
static int count_points(lb_stmt *st, struct counts *c, lb_err *e)
{
	int rc;

	while ((rc = lb_step(st, e)) == LB_ROW)
		if ((rc = count_point(c, lb_col_int(st, 0), e))) {
			lb_stmt_reset(st);
			return rc;
		}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_alloc_plan(lb_db *db, const struct lb_program *p, int period,
		  int (*fn)(void *arg, const struct lb_alloc_need *n, lb_err *e), void *arg,
		  lb_err *e)
{
	struct lb_package pkg;
	struct lb_alloc_summary run;
	struct counts c = { 0 };
	lb_stmt *st;
	char want[8];
	int found, rc;

	if ((rc = lb_package_for(db, p, period, &pkg, &found, e)) ||
	    (rc = lb_alloc_run_get(db, p, period, &run, &found, e)))
		return rc;
	if (!found || !run.first_id)
		return LB_OK;
	lb_period_format(period, want);
	/* The round's rows are the id range its run recorded (schema.c): one
	 * sequential pass over them, and no index to keep up while
	 * allocating. */
	if (!(st = lb_db_prepare(db,
			"SELECT point_id FROM allocation WHERE id BETWEEN ?3 AND ?4"
			" AND program_id = ?1 AND period = ?2 AND status = 'allocated'", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, want);
	lb_bind_int(st, 3, run.first_id);
	lb_bind_int(st, 4, run.last_id);
	if (!(rc = count_points(st, &c, e)))
		rc = emit_plan(db, &pkg, &c, fn, arg, e);
	counts_free(&c);
	return rc;
}

static int preview_rest(lb_db *db, const struct lb_program *p, const struct lb_package *pkg,
			int64_t quota, const struct dry *dry, struct lb_alloc_summary *s, lb_err *e)
{
	struct counts c = { 0 };
	lb_stmt *st;
	int rc;

	/* exactly the rows the two INSERTs of a real run would write */
	s->allocated = s->eligible < quota ? s->eligible : quota;
	if (s->allocated < 0)
		s->allocated = 0;
	s->waiting = s->eligible - s->allocated;
	if ((rc = left_out(db, p, s, e)))
		return rc;
	/* rank is the candidates' rowid: a range scan, in rank order */
	if (!(st = lb_db_prepare(db, "SELECT point_id FROM temp.alloc_cand WHERE rank <= ?1", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, quota);
	if (!(rc = count_points(st, &c, e)))
		rc = emit_plan(db, pkg, &c, dry->fn, dry->arg, e);
	counts_free(&c);
	return rc;
}

static void fill_row(lb_stmt *st, struct lb_alloc_row *a);

static void fill_one(lb_stmt *st, void *a)
{
	fill_row(st, a);
}

static void fill_row(lb_stmt *st, struct lb_alloc_row *a)
{
	memset(a, 0, sizeof *a);
	a->id = lb_col_int(st, 0);
	a->program_id = lb_col_int(st, 1);
	snprintf(a->period, sizeof a->period, "%s", lb_col_text(st, 2));
	a->rank = lb_col_int(st, 3);
	a->recipient_id = lb_col_int(st, 4);
	snprintf(a->token, sizeof a->token, "%s", lb_col_text(st, 5));
	snprintf(a->nik, sizeof a->nik, "%s", lb_col_text(st, 6));
	snprintf(a->name, sizeof a->name, "%s", lb_col_text(st, 7));
	snprintf(a->village, sizeof a->village, "%s", lb_col_text(st, 8));
	snprintf(a->village_name, sizeof a->village_name, "%s", lb_col_text(st, 9));
	a->point_id = lb_col_int(st, 10);
	snprintf(a->point, sizeof a->point, "%s", lb_col_text(st, 11));
	snprintf(a->category, sizeof a->category, "%s", lb_col_text(st, 12));
	snprintf(a->status, sizeof a->status, "%s", lb_col_text(st, 13));
	snprintf(a->proxy_name, sizeof a->proxy_name, "%s", lb_col_text(st, 14));
}

int lb_alloc_list(lb_db *db, const struct lb_program *p, int period, int waiting,
		  int (*fn)(void *arg, const struct lb_alloc_row *r, lb_err *e), void *arg,
		  lb_err *e)
{
	static const char alloc_sql[] =
		"SELECT a.id, a.program_id, a.period, a.rank, r.id, r.token, r.nik, r.name, r.village,"
		" coalesce(v.name, ''), a.point_id, l.code, r.category, a.status, coalesce(r.proxy_name, '')"
		" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
		" JOIN location l ON l.id = a.point_id"
		" LEFT JOIN region_village v ON v.code = r.village"
		" WHERE a.program_id = ?1 AND a.period = ?2 ORDER BY a.rank";
	static const char wait_sql[] =
		"SELECT 0, w.program_id, w.period, w.rank, r.id, r.token, r.nik, r.name, r.village,"
		" coalesce(v.name, ''), 0, '', r.category, 'waiting', coalesce(r.proxy_name, '')"
		" FROM allocation_wait w JOIN recipient r ON r.id = w.recipient_id"
		" LEFT JOIN region_village v ON v.code = r.village"
		" WHERE w.program_id = ?1 AND w.period = ?2 ORDER BY w.rank";
	lb_stmt *st = lb_db_prepare_once(db, waiting ? wait_sql : alloc_sql, e);
	struct lb_alloc_row a;
	char want[8];
	int rc;

	if (!st)
		return LB_ESYS;
	lb_period_format(period, want);
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, want);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		fill_row(st, &a);
		if ((rc = fn(arg, &a, e)))
			break;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_alloc_get(lb_db *db, int64_t id, struct lb_alloc_row *out, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT a.id, a.program_id, a.period, a.rank, r.id, r.token, r.nik, r.name, r.village,"
		" coalesce(v.name, ''), a.point_id, l.code, r.category, a.status, coalesce(r.proxy_name, '')"
		" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
		" JOIN location l ON l.id = a.point_id"
		" LEFT JOIN region_village v ON v.code = r.village"
		" WHERE a.id = ?1", e);
	
	memset(out, 0, sizeof *out);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	return lb_db_one(st, fill_one, out, found, e);
}

int lb_alloc_of_recipient(lb_db *db, int64_t recipient_id,
			  int (*fn)(void *arg, const struct lb_recipient_alloc *r, lb_err *e), void *arg,
			  lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT a.id, p.code, a.period, l.code, a.status, coalesce(rd.day, ''), coalesce(rl.code, ''),"
		" coalesce(rd.proxy_name, '')"
		" FROM allocation a JOIN program p ON p.id = a.program_id JOIN location l ON l.id = a.point_id"
		" LEFT JOIN redeemed x ON x.allocation_id = a.id LEFT JOIN redemption rd ON rd.id = x.redemption_id"
		" LEFT JOIN location rl ON rl.id = rd.point_id"
		" WHERE a.recipient_id = ? ORDER BY a.period DESC, p.code", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, recipient_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_recipient_alloc r = {
			.id = lb_col_int(st, 0),
			.program = lb_col_text(st, 1),
			.period = lb_col_text(st, 2),
			.point = lb_col_text(st, 3),
			.status = lb_col_text(st, 4),
			.redeemed_day = lb_col_text(st, 5),
			.redeemed_point = lb_col_text(st, 6),
			.proxy = lb_col_text(st, 7),
		};
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_alloc_runs(lb_db *db, const struct lb_program *p,
		  int (*fn)(void *arg, const struct lb_alloc_run *r, lb_err *e), void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT period, allocated, waiting, run_at, operator FROM allocation_run"
		" WHERE program_id = ?1 ORDER BY period", e);
	struct lb_alloc_run r;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, p->id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		memset(&r, 0, sizeof r);
		snprintf(r.period, sizeof r.period, "%s", lb_col_text(st, 0));
		r.allocated = lb_col_int(st, 1);
		r.waiting = lb_col_int(st, 2);
		snprintf(r.run_at, sizeof r.run_at, "%s", lb_col_text(st, 3));
		snprintf(r.operator, sizeof r.operator, "%s", lb_col_text(st, 4));
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* ---- operations ---- */

struct plan_collect {
	struct lb_alloc_need *v;
	size_t n, cap;
	int64_t short_lines;
};

static int collect_need(void *arg, const struct lb_alloc_need *n, lb_err *e)
{
	struct plan_collect *c = arg;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct lb_alloc_need *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return lb_oom(e);
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = *n;
	if (n->shortfall)
		c->short_lines++;
	return LB_OK;
}

int lb_round_allocate(struct lb_op *op, const struct lb_allocate_in *in, struct lb_allocate_out *out,
		      lb_err *e)
{
	struct plan_collect c = { 0 };
	char month[8];
	int rc;

	memset(out, 0, sizeof *out);
	out->dry_run = in->dry_run;
	if ((rc = lb_period_parse(in->period, "--period", &out->period, e)) ||
	    (rc = lb_program_find(op->db, in->program, &out->program, e)))
		return rc;
	lb_period_format(out->period, month);
	lb_op_subject(op, "%s %s", out->program.code, month);
	if (in->dry_run)
		rc = lb_allocate_preview(op->db, &out->program, out->period, &out->summary, collect_need, &c, e);
	else if (!(rc = lb_allocate(op->db, &out->program, out->period, op->actor, &out->summary, e)))
		rc = lb_alloc_plan(op->db, &out->program, out->period, collect_need, &c, e);
	if (rc) {
		free(c.v);
		return rc;
	}
	if (out->summary.unscreened[0])
		lb_op_warn(op, "excluded list%s %s never screened: it excludes nobody",
			   strchr(out->summary.unscreened, ',') ? "s" : "", out->summary.unscreened);
	out->plan = c.v;
	out->nplan = c.n;
	if (c.short_lines)
		lb_op_warn(op, "%lld point/item line%s short of stock: move stock there before distribution",
			   (long long)c.short_lines, c.short_lines == 1 ? "" : "s");
	return LB_OK;
}

void lb_allocate_out_free(struct lb_allocate_out *out)
{
	free(out->plan);
	out->plan = NULL;
	out->nplan = 0;
}

int lb_alloc_round(struct lb_op *op, const struct lb_allocate_in *in, struct lb_alloc_round_out *out,
		   lb_err *e)
{
	int found, rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_period_parse(in->period, "--period", &out->period, e)) ||
	    (rc = lb_program_find(op->db, in->program, &out->program, e)) ||
	    (rc = lb_alloc_run_get(op->db, &out->program, out->period, &out->run, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_EINPUT,
			       "allocation list: %s %s has not been allocated (run 'lumbung allocate --program %s --period %s')",
			       out->program.code, in->period, out->program.code, in->period);
	return LB_OK;
}
