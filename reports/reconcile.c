/*
 * reconcile.c — reconciliation of a round. See reconcile.h.
 *
 * Parameters of every statement here: ?1 program id, ?2 the round's first
 * month (allocation.period), ?3 the round's last day, ?4 its first day,
 * ?5 a village (listings only), ?6 when the round's last month was closed
 * (UTC timestamp; NULL while it is open). lb_recon_sql substitutes them to
 * give the auditor the same statements.
 *
 * Revocations and vouchers carry a timestamp, not a business day, so they
 * count up to the moment the round was closed: a slip revoked after the
 * close (which nothing stops) does not change the closed round's figures.
 * The comparison is strict because timestamps are to the second: anything
 * recorded from the closing second on is after the close, so the set that
 * counts can never grow once the round is closed.
 */
#include "reports/reconcile.h"

#include "doc/office.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/localtime.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/period.h"
#include "core/text.h"
#include "program/program.h"
#include "recipients/nik.h"
#include "voucher/method.h"
#include "voucher/redemption.h"
#include "voucher/serial.h"

/* The redemption in force at the round's end. */
#define IN_FORCE                                                                                  \
	" LEFT JOIN redemption x ON x.allocation_id = a.id AND x.day <= ?3"                         \
	"  AND NOT EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = x.id AND u.day <= ?3)"

/* What the goods of a redemption cost, from the lots issued. */
#define VALUE                                                                                     \
	"(SELECT coalesce(sum(m.qty * l.unit_cost), 0) FROM movement m JOIN lot l ON l.id = m.lot_id" \
	" WHERE m.redemption_id = x.id AND m.kind = 'issue' AND m.day <= ?3)"

#define REVOKED                                                                                   \
	"EXISTS (SELECT 1 FROM voucher v JOIN voucher_revocation vr ON vr.voucher_id = v.id"       \
	" WHERE v.allocation_id = a.id AND (?6 IS NULL OR vr.revoked_at < ?6))"

#define REISSUED                                                                                  \
	"EXISTS (SELECT 1 FROM voucher v WHERE v.allocation_id = a.id AND v.replaces_id IS NOT NULL" \
	" AND (?6 IS NULL OR v.created_at < ?6))"

/* The main statement: one row per allocation (a second one only if two
 * redemptions were in force at once, which the stream ignores). Status
 * and revocation are looked up only for the few not redeemed. */
static const char main_sql[] =
	"SELECT a.id, r.village, x.id, x.proxy_name IS NOT NULL,"
	" CASE WHEN x.id IS NULL THEN (SELECT s.status = 'cancelled' FROM allocation s WHERE s.id = a.id) END,"
	" CASE WHEN x.id IS NULL THEN " REVOKED " END,"
	" CASE WHEN x.id IS NOT NULL THEN " VALUE " END"
	" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
	IN_FORCE
	" WHERE a.program_id = ?1 AND a.period = ?2";

/* The allocations not redeemed, which the listing of exceptions fetches
 * whole: collected while the main statement streams past them, so that
 * the listing is a join on a few thousand ids, not a second pass over a
 * million allocations. */
static const char exc_create_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS recon_exc(id INTEGER PRIMARY KEY)";
static const char exc_clear_sql[] = "DELETE FROM temp.recon_exc";
static const char exc_add_sql[] = "INSERT INTO temp.recon_exc(id) VALUES (?1)";
/* The same set found again, for the sqlite3 shell (lb_recon_sql), which
 * cannot collect it from the stream. */
static const char exc_fill_sql[] =
	"INSERT INTO temp.recon_exc(id) SELECT a.id FROM allocation a"
	" WHERE a.program_id = ?1 AND a.period = ?2"
	"  AND NOT EXISTS (SELECT 1 FROM redemption x WHERE x.allocation_id = a.id AND x.day <= ?3"
	"   AND NOT EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = x.id AND u.day <= ?3))";

/* Reversals of issues of redemptions in force: few, found through the
 * partial index on movement.reverses ("> 0" lets the planner range over
 * it; CROSS JOIN keeps it the outer loop, which without statistics the
 * planner would not choose). */
static const char reversal_sql[] =
	"SELECT x.allocation_id, sum(rv.qty * l.unit_cost)"
	" FROM movement rv"
	" CROSS JOIN movement m ON m.id = rv.reverses AND m.kind = 'issue' AND m.day <= ?3"
	" CROSS JOIN redemption x ON x.id = m.redemption_id AND x.day <= ?3"
	" CROSS JOIN allocation a ON a.id = x.allocation_id AND a.program_id = ?1 AND a.period = ?2"
	" JOIN lot l ON l.id = rv.lot_id"
	" WHERE rv.reverses > 0 AND rv.day <= ?3"
	"  AND NOT EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = x.id AND u.day <= ?3)"
	" GROUP BY x.allocation_id ORDER BY x.allocation_id";

/* Reissued slips are few: range over the index of voucher.replaces_id. */
static const char reissued_sql[] =
	"SELECT count(DISTINCT v.allocation_id) FROM voucher v"
	" CROSS JOIN allocation a ON a.id = v.allocation_id AND a.program_id = ?1 AND a.period = ?2"
	" WHERE v.replaces_id > 0 AND (?6 IS NULL OR v.created_at < ?6)";

#define REFUSED_OUTCOMES                                                                          \
	"('unreadable', 'forged', 'unknown_key', 'unknown_serial', 'revoked', 'expired',"           \
	" 'period_closed', 'wrong_point', 'already_redeemed', 'no_stock',"                          \
	" 'wrong_program_or_period', 'conflict')"

/* Refused attempts within the round: those about its allocations, and
 * those at its points about no allocation or another round's. */
static const char attempts_sql[] =
	"SELECT t.id, t.day, t.at, l.code, coalesce(t.serial, ''), t.outcome, t.detail, t.source,"
	" coalesce(t.kit_id, ''), coalesce(t.allocation_id, 0)"
	" FROM redemption_attempt t JOIN location l ON l.id = t.point_id"
	" WHERE t.outcome IN " REFUSED_OUTCOMES
	"  AND t.day BETWEEN ?4 AND ?3"
	"  AND CASE WHEN t.allocation_id IS NOT NULL AND t.outcome <> 'wrong_program_or_period'"
	"   THEN EXISTS (SELECT 1 FROM allocation a WHERE a.id = t.allocation_id"
	"                AND a.program_id = ?1 AND a.period = ?2)"
	"   ELSE EXISTS (SELECT 1 FROM allocation a WHERE a.program_id = ?1 AND a.period = ?2"
	"                AND a.point_id = t.point_id) END"
	" ORDER BY t.id";

/* Late entries (voucher/redemption.h): redemptions of the round dated
 * within it whose entry here came more than a day after the scan. Few:
 * range over redemption_entry, which only scanner-file scans have. */
static const char late_sql[] =
	"SELECT x.id, x.day, l.code, v.serial, rc.name, x.operator, e.scanned_utc, e.entered_at,"
	" CAST((julianday(e.entered_at) - julianday(e.scanned_utc)) * 24 AS INTEGER),"
	" EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = x.id AND u.day <= ?3)"
	" FROM redemption_entry e"
	" CROSS JOIN redemption x ON x.id = e.redemption_id"
	" JOIN allocation a ON a.id = x.allocation_id"
	" JOIN voucher v ON v.id = x.voucher_id"
	" JOIN recipient rc ON rc.id = a.recipient_id"
	" JOIN location l ON l.id = x.point_id"
	" WHERE a.program_id = ?1 AND a.period = ?2 AND x.day BETWEEN ?4 AND ?3 AND (?5 IS NULL OR rc.village = ?5)"
	" AND " LB_LATE_ENTRY_SQL
	" ORDER BY x.id";

/* ---- the round ---- */

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int lb_round_find(lb_db *db, const char *program, int period, struct lb_round *out, lb_err *e)
{
	lb_stmt *st;
	struct lb_program prog;
	int first, last, rc, closed;
	char fp[8], lp[8], tmp[24];

	memset(out, 0, sizeof *out);
	if ((rc = lb_program_find(db, program, &prog, e)))
		return rc;
	out->program_id = prog.id;
	copy(out->code, sizeof out->code, prog.code);
	copy(out->name, sizeof out->name, prog.name);
	copy(out->funding, sizeof out->funding, prog.funding);
	out->monthly_value = prog.monthly_value;
	out->round_months = prog.round_months;
	out->quota = prog.quota;
	if (out->round_months < 1)
		out->round_months = 1;
	first = prog.first_period;
	last = prog.last_period;
	lb_period_format(first, fp);
	lb_period_format(last, lp);
	out->period = period;
	lb_period_format(period, out->ps);
	if (period < first || period > last)
		return lb_fail(e, LB_EINPUT, "program '%s' has no round in %s: its rounds run from %s to %s",
			       out->code, out->ps, fp, lp);
	if ((period - first) % out->round_months)
		return lb_fail(e, LB_EINPUT,
			       "program '%s' has no round starting in %s: its rounds of %d months start in %s and every %d months after",
			       out->code, out->ps, out->round_months, fp, out->round_months);
	lb_date_format(lb_period_first_day(period), out->first_day);
	lb_date_format(lb_period_last_day(period + out->round_months - 1), out->last_day);
	lb_period_format_id(period, out->period_id);
	if (out->round_months > 1) {
		lb_period_format_id(period + out->round_months - 1, tmp);
		snprintf(out->period_id + strlen(out->period_id), sizeof out->period_id - strlen(out->period_id),
			 " - %s", tmp);
	}

	/* a year's own quota replaces the program's */
	if (!(st = lb_db_prepare(db, "SELECT quota FROM program_quota WHERE program_id = ?1 AND year = ?2", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, out->program_id);
	lb_bind_int(st, 2, period / 12);
	rc = lb_step(st, e);
	if (rc == LB_ROW)
		out->quota = lb_col_int(st, 0);
	else if (rc != LB_DONE)
		return rc;
	lb_stmt_reset(st);

	if (!(st = lb_db_prepare(db, "SELECT count(*) FROM allocation WHERE program_id = ?1 AND period = ?2", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, out->program_id);
	lb_bind_text(st, 2, out->ps);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot count allocations") : rc;
	out->allocations = lb_col_int(st, 0);
	lb_stmt_reset(st);
	if (!out->allocations)
		return lb_fail(e, LB_ERULE,
			       "program '%s' has no allocations for %s: nothing to report (run 'lumbung allocate --program %s --period %s' first)",
			       out->code, out->ps, out->code, out->ps);

	out->closed = 1;
	for (int p = period; p < period + out->round_months; p++) {
		if ((rc = lb_period_is_closed(db, p, &closed, e)))
			return rc;
		if (!closed)
			out->closed = 0;
	}
	if (out->closed) {
		lb_period_format(period + out->round_months - 1, lp);
		if (!(st = lb_db_prepare(db, "SELECT closed_at FROM period_close WHERE period = ?1", e)))
			return LB_ESYS;
		lb_bind_text(st, 1, lp);
		if ((rc = lb_step(st, e)) == LB_ROW)
			copy(out->closed_at, sizeof out->closed_at, lb_col_text(st, 0));
		lb_stmt_reset(st);
		if (rc != LB_ROW && rc != LB_DONE)
			return rc;
	}
	return LB_OK;
}

static void bind_round(lb_stmt *st, const struct lb_round *r)
{
	lb_bind_int(st, 1, r->program_id);
	lb_bind_text(st, 2, r->ps);
	lb_bind_text(st, 3, r->last_day);
	lb_bind_text(st, 6, r->closed_at[0] ? r->closed_at : NULL);
}

int lb_report_snapshot(lb_db *db, lb_err *e)
{
	/* A deferred transaction that only reads: in WAL mode every
	 * statement in it sees the same snapshot, so totals and lists agree
	 * even while points keep redeeming. */
	return lb_db_exec(db, "BEGIN DEFERRED", e);
}

void lb_report_snapshot_end(lb_db *db)
{
	lb_err e;

	if (lb_db_in_tx(db))
		(void)lb_db_exec(db, "COMMIT", &e);
}

/* ---- classes and reasons ---- */

int lb_recon_classify(int redeemed, int by_proxy, int cancelled, int revoked)
{
	if (redeemed)
		return by_proxy ? LB_RC_PROXY : LB_RC_REDEEMED;
	if (cancelled)
		return LB_RC_CANCELLED;
	return revoked ? LB_RC_REVOKED : LB_RC_NOT_COLLECTED;
}

static const char *const class_keys[LB_RC_N] = {
	"redeemed", "redeemed_by_proxy", "not_collected", "revoked", "cancelled",
};
static const char *const class_labels[LB_RC_N] = {
	"ditebus sendiri", "ditebus wakil", "tidak diambil", "kupon dicabut", "dibatalkan",
};

const char *lb_recon_class_key(int cls)
{
	return cls >= 0 && cls < LB_RC_N ? class_keys[cls] : "?";
}

const char *lb_recon_class_label(int cls)
{
	return cls >= 0 && cls < LB_RC_N ? class_labels[cls] : "?";
}

int lb_recon_reason(const char *o)
{
	static const struct { const char *outcome; int reason; } map[] = {
		{ "forged", LB_RR_FORGED },
		{ "unknown_key", LB_RR_FORGED },
		{ "unreadable", LB_RR_FORGED },
		{ "already_redeemed", LB_RR_DUPLICATE },
		{ "wrong_program_or_period", LB_RR_WRONG_PERIOD },
		{ "expired", LB_RR_WRONG_PERIOD },
		{ "period_closed", LB_RR_WRONG_PERIOD },
		{ "unknown_serial", LB_RR_UNKNOWN_SERIAL },
		{ "conflict", LB_RR_CONFLICT },
		{ "revoked", LB_RR_OTHER },
		{ "wrong_point", LB_RR_OTHER },
		{ "no_stock", LB_RR_OTHER },
	};

	for (size_t i = 0; o && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(o, map[i].outcome) == 0)
			return map[i].reason;
	return -1;
}

static const char *const reason_keys[LB_RR_N] = {
	"forged", "duplicate", "wrong_period", "unknown_serial", "conflict", "other",
};
static const char *const reason_labels[LB_RR_N] = {
	"palsu/tidak terbaca", "sudah ditebus (ganda)", "salah program/periode",
	"nomor kupon tidak dikenal", "konflik kit lapangan", "lainnya",
};

const char *lb_recon_reason_key(int r)
{
	return r >= 0 && r < LB_RR_N ? reason_keys[r] : "?";
}

const char *lb_recon_reason_label(int r)
{
	return r >= 0 && r < LB_RR_N ? reason_labels[r] : "?";
}

int lb_recon_add(struct lb_recon_sums *s, int cls, int64_t value, int64_t package_budget, lb_err *e)
{
	int64_t budget = s->budget, issued = s->issued_value;
	int rc;

	if (cls < 0 || cls >= LB_RC_N)
		return LB_OK;
	/* both sums first, so a refusal leaves s as it was */
	if ((cls != LB_RC_CANCELLED &&
	     (rc = lb_sum_add(&budget, package_budget, "the round's budget", e))) ||
	    (rc = lb_sum_add(&issued, value, "the value of the goods handed over", e)))
		return rc;
	s->by_class[cls]++;
	if (cls != LB_RC_CANCELLED)
		s->allocations++;
	s->budget = budget;
	s->issued_value = issued;
	return LB_OK;
}

int lb_recon_merge(struct lb_recon_sums *into, const struct lb_recon_sums *s, lb_err *e)
{
	int64_t budget = into->budget, issued = into->issued_value;
	int rc;

	if ((rc = lb_sum_add(&budget, s->budget, "the round's budget", e)) ||
	    (rc = lb_sum_add(&issued, s->issued_value, "the value of the goods handed over", e)))
		return rc;
	into->allocations += s->allocations;
	for (int i = 0; i < LB_RC_N; i++)
		into->by_class[i] += s->by_class[i];
	into->budget = budget;
	into->issued_value = issued;
	return LB_OK;
}

int64_t lb_recon_redeemed(const struct lb_recon_sums *s)
{
	return s->by_class[LB_RC_REDEEMED] + s->by_class[LB_RC_PROXY];
}

/* ---- reversals: allocation id → value taken back ---- */

struct reversals {
	int64_t (*v)[2];
	size_t n, cap;
};

static int load_reversals(lb_db *db, const struct lb_round *r, struct reversals *rv, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, reversal_sql, e);
	int rc;

	if (!st)
		return LB_ESYS;
	bind_round(st, r);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (rv->n == rv->cap) {
			size_t cap = rv->cap ? rv->cap * 2 : 16;
			int64_t (*v)[2] = realloc(rv->v, cap * sizeof *v);

			if (!v) {
				lb_stmt_reset(st);
				return lb_oom(e);
			}
			rv->v = v;
			rv->cap = cap;
		}
		rv->v[rv->n][0] = lb_col_int(st, 0);
		rv->v[rv->n][1] = lb_col_int(st, 1);
		rv->n++;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int64_t reversed(const struct reversals *rv, int64_t allocation_id)
{
	size_t lo = 0, hi = rv->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (rv->v[mid][0] == allocation_id)
			return rv->v[mid][1];
		if (rv->v[mid][0] < allocation_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* ---- villages: a small open-addressing table by code ---- */

struct areas {
	struct lb_recon_area *v;
	size_t n, cap;
	int32_t *slot;   /* index into v, or -1 */
	size_t nslots;   /* a power of two, at least twice n */
	int32_t last;    /* the previous row's village: rows come in runs */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int areas_grow(struct areas *a, lb_err *e)
{
	size_t ns = a->nslots ? a->nslots * 2 : 256;
	int32_t *slot = malloc(ns * sizeof *slot);

	if (!slot)
		return lb_oom(e);
	for (size_t i = 0; i < ns; i++)
		slot[i] = -1;
	for (size_t i = 0; i < a->n; i++) {
		size_t k = hash_str(a->v[i].code) & (ns - 1);

		while (slot[k] >= 0)
			k = (k + 1) & (ns - 1);
		slot[k] = (int32_t)i;
	}
	free(a->slot);
	a->slot = slot;
	a->nslots = ns;
	return LB_OK;
}

static int area_of(struct areas *a, const char *code, struct lb_recon_area **out, lb_err *e)
{
	size_t k;
	int rc;

	if (a->last >= 0 && strcmp(a->v[a->last].code, code) == 0) {
		*out = &a->v[a->last];
		return LB_OK;
	}
	if ((a->n + 1) * 2 > a->nslots && (rc = areas_grow(a, e)))
		return rc;
	for (k = hash_str(code) & (a->nslots - 1); a->slot[k] >= 0; k = (k + 1) & (a->nslots - 1)) {
		if (strcmp(a->v[a->slot[k]].code, code) == 0) {
			a->last = a->slot[k];
			*out = &a->v[a->last];
			return LB_OK;
		}
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		struct lb_recon_area *v = realloc(a->v, cap * sizeof *v);

		if (!v)
			return lb_oom(e);
		a->v = v;
		a->cap = cap;
	}
	memset(&a->v[a->n], 0, sizeof a->v[a->n]);
	copy(a->v[a->n].code, sizeof a->v[a->n].code, code);
	a->slot[k] = (int32_t)a->n;
	a->last = (int32_t)a->n;
	*out = &a->v[a->n++];
	return LB_OK;
}

static int cmp_area(const void *x, const void *y)
{
	const struct lb_recon_area *a = x, *b = y;
	int c = strcmp(a->district, b->district);

	return c ? c : strcmp(a->code, b->code);
}

/* Names from the region tables, then districts from their villages. */
static int name_areas(lb_db *db, struct lb_recon *r, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT v.name, v.district_code, coalesce(d.name, '') FROM region_village v"
		" LEFT JOIN region_district d ON d.code = v.district_code WHERE v.code = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	for (size_t i = 0; i < r->nvillages; i++) {
		struct lb_recon_area *v = &r->villages[i];

		lb_bind_text(st, 1, v->code);
		rc = lb_step(st, e);
		if (rc == LB_ROW) {
			copy(v->name, sizeof v->name, lb_col_text(st, 0));
			copy(v->district, sizeof v->district, lb_col_text(st, 1));
			copy(v->district_name, sizeof v->district_name, lb_col_text(st, 2));
		} else if (rc != LB_DONE) {
			return rc;
		}
		lb_stmt_reset(st);
	}
	if (r->nvillages)
		qsort(r->villages, r->nvillages, sizeof *r->villages, cmp_area);
	for (size_t i = 0; i < r->nvillages; i++) {
		const struct lb_recon_area *v = &r->villages[i];
		struct lb_recon_area *d;

		if (!r->ndistricts || strcmp(r->districts[r->ndistricts - 1].code, v->district) != 0) {
			d = realloc(r->districts, (r->ndistricts + 1) * sizeof *d);
			if (!d)
				return lb_oom(e);
			r->districts = d;
			d = &r->districts[r->ndistricts++];
			memset(d, 0, sizeof *d);
			copy(d->code, sizeof d->code, v->district);
			copy(d->name, sizeof d->name, v->district_name);
		}
		if ((rc = lb_recon_merge(&r->districts[r->ndistricts - 1].s, &v->s, e)))
			return rc;
	}
	return LB_OK;
}

/* ---- the run ---- */

static int stream(lb_db *db, const struct lb_round *round, const struct reversals *rv,
		  struct lb_recon *out, struct areas *ar, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, main_sql, e);
	int64_t prev = 0;
	int rc;

	if (!st)
		return LB_ESYS;
	bind_round(st, round);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t id = lb_col_int(st, 0), value = 0;
		int redeemed = !lb_col_null(st, 2), cls;
		struct lb_recon_area *v = NULL;

		/* two redemptions in force at once cannot be made by redeem,
		 * but a backdated one could look so: count the allocation once */
		if (id == prev)
			continue;
		prev = id;
		if (redeemed)
			value = lb_col_int(st, 6) - (rv->n ? reversed(rv, id) : 0);
		cls = lb_recon_classify(redeemed, (int)lb_col_int(st, 3), (int)lb_col_int(st, 4),
					(int)lb_col_int(st, 5));
		if ((rc = area_of(ar, lb_col_text(st, 1), &v, e))) {
			lb_stmt_reset(st);
			return rc;
		}
		if ((rc = lb_recon_add(&v->s, cls, value, out->package_budget, e))) {
			lb_stmt_reset(st);
			return rc;
		}
		if (!redeemed) {
			lb_stmt *ins = lb_db_prepare(db, exc_add_sql, e);

			if (!ins) {
				lb_stmt_reset(st);
				return LB_ESYS;
			}
			lb_bind_int(ins, 1, id);
			if ((rc = lb_step_done(ins, e))) {
				lb_stmt_reset(st);
				return rc;
			}
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int count_reissued(lb_db *db, const struct lb_round *round, int64_t *n, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, reissued_sql, e);
	int rc;

	if (!st)
		return LB_ESYS;
	bind_round(st, round);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot count reissued slips") : rc;
	*n = lb_col_int(st, 0);
	lb_stmt_reset(st);
	return LB_OK;
}

/* Refused attempts of the round; counted into out when it is not NULL. */
static int each_attempt(lb_db *db, const struct lb_round *round, struct lb_recon *out,
			int (*fn)(void *arg, const struct lb_recon_attempt *a, lb_err *e), void *arg,
			lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, attempts_sql, e);
	struct lb_recon_attempt a;
	struct lb_zone z;
	char detail[LB_ERR_MAX];
	int rc;

	if (!st)
		return LB_ESYS;
	if ((rc = lb_zone_get(db, &z, e)))
		return rc;
	bind_round(st, round);
	lb_bind_text(st, 4, round->first_day);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		a.id = lb_col_int(st, 0);
		a.day = lb_col_text(st, 1);
		a.at = lb_col_text(st, 2);
		a.point = lb_col_text(st, 3);
		a.serial = lb_col_text(st, 4);
		a.outcome = lb_col_text(st, 5);
		/* masked again on the way out: a row written before the mask,
		 * or by a kit, may hold a NIK */
		snprintf(detail, sizeof detail, "%s", lb_col_text(st, 6));
		lb_digits_mask(detail);
		a.detail = detail;
		a.source = lb_col_text(st, 7);
		a.kit_id = lb_col_text(st, 8);
		a.allocation_id = lb_col_int(st, 9);
		lb_scan_time_local(&z, a.at, a.at_local);
		a.reason = lb_recon_reason(a.outcome);
		if (a.reason < 0)
			a.reason = LB_RR_OTHER;
		if (out) {
			out->refused++;
			out->by_reason[a.reason]++;
		}
		if (fn && (rc = fn(arg, &a, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_recon_each_late(lb_db *db, const struct lb_round *round, const char *village,
		       int (*fn)(void *arg, const struct lb_recon_late *l, lb_err *e), void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, late_sql, e);
	struct lb_recon_late l;
	struct lb_zone z;
	int rc;

	if (!st)
		return LB_ESYS;
	if ((rc = lb_zone_get(db, &z, e)))
		return rc;
	bind_round(st, round);
	lb_bind_text(st, 4, round->first_day);
	lb_bind_text(st, 5, village);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		memset(&l, 0, sizeof l);
		l.redemption_id = lb_col_int(st, 0);
		l.day = lb_col_text(st, 1);
		l.point = lb_col_text(st, 2);
		if (lb_serial_format((uint64_t)lb_col_int(st, 3), l.serial, e)) {
			lb_stmt_reset(st);
			return lb_fail(e, LB_ESYS, "the voucher of redemption %lld has a serial above 40 bits",
				       (long long)l.redemption_id);
		}
		l.name = lb_col_text(st, 4);
		l.operator = lb_col_text(st, 5);
		l.scanned_utc = lb_col_text(st, 6);
		l.entered_utc = lb_col_text(st, 7);
		lb_time_local(&z, l.scanned_utc, l.scanned);
		lb_time_local(&z, l.entered_utc, l.entered);
		l.hours_late = lb_col_int(st, 8);
		l.undone = lb_col_int(st, 9) != 0;
		if ((rc = fn(arg, &l, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_recon_run(lb_db *db, const struct lb_round *round, struct lb_recon *out,
		 int (*on_attempt)(void *arg, const struct lb_recon_attempt *a, lb_err *e), void *arg,
		 lb_err *e)
{
	struct reversals rv = { 0 };
	struct areas ar = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	out->round = *round;
	if ((rc = lb_sum_mul(round->monthly_value, round->round_months, &out->package_budget,
			     "one package's budget", e)))
		return rc;
	ar.last = -1;
	if ((rc = lb_db_exec(db, exc_create_sql, e)) || (rc = lb_db_exec(db, exc_clear_sql, e)) ||
	    (rc = load_reversals(db, round, &rv, e)) ||
	    (rc = stream(db, round, &rv, out, &ar, e)))
		goto out;
	out->exceptions = 1;
	out->villages = ar.v;
	out->nvillages = ar.n;
	ar.v = NULL;
	if ((rc = name_areas(db, out, e)))
		goto out;
	for (size_t i = 0; i < out->nvillages; i++)
		if ((rc = lb_recon_merge(&out->total, &out->villages[i].s, e)))
			goto out;
	if ((rc = count_reissued(db, round, &out->reissued, e)) ||
	    (rc = each_attempt(db, round, out, on_attempt, arg, e)))
		goto out;
out:
	free(rv.v);
	free(ar.v);
	free(ar.slot);
	if (rc)
		lb_recon_free(out);
	return rc;
}

void lb_recon_free(struct lb_recon *r)
{
	free(r->villages);
	free(r->districts);
	r->villages = r->districts = NULL;
	r->nvillages = r->ndistricts = 0;
}

/* ---- listing allocations ---- */

/* The listing statement for which (enum lb_recon_list) and village. */
static int alloc_sql(int which, int village, lb_buf *sql, lb_err *e)
{
	int rc;

	/* Exceptions are the ids lb_recon_run collected: a few thousand rows
	 * out of a million are fetched whole, by their primary key. */
	if ((rc = lb_buf_adds(sql,
		"SELECT a.id, r.name, r.nik, r.village, coalesce(rv.name, ''), p.code, p.name,"
		" (SELECT v.serial FROM voucher v WHERE v.allocation_id = a.id"
		"   AND (?6 IS NULL OR v.created_at < ?6) ORDER BY v.id DESC LIMIT 1),", e)) ||
	    (rc = lb_buf_adds(sql, which == LB_RL_EXCEPTIONS ?
		" NULL, '', '', a.status = 'cancelled', " REVOKED ", " REISSUED ", 0, NULL, 0, 0, NULL"
		" FROM temp.recon_exc c CROSS JOIN allocation a ON a.id = c.id"
		" JOIN recipient r ON r.id = a.recipient_id"
		" LEFT JOIN region_village rv ON rv.code = r.village"
		" JOIN location p ON p.id = a.point_id"
		" WHERE a.program_id = ?1 AND a.period = ?2" :
		" x.id, coalesce(x.day, ''), coalesce(x.proxy_name, ''), a.status = 'cancelled',"
		" " REVOKED ", " REISSUED ","
		" CASE WHEN x.id IS NOT NULL THEN " VALUE " END,"
		" x.source, coalesce(x.manual, 0), x.override_reason IS NOT NULL, x.kit_id"
		" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
		" LEFT JOIN region_village rv ON rv.code = r.village"
		" JOIN location p ON p.id = a.point_id"
		IN_FORCE
		" WHERE a.program_id = ?1 AND a.period = ?2", e)) ||
	    (village && (rc = lb_buf_adds(sql, " AND r.village = ?5", e))) ||
	    (which != LB_RL_ALL &&
	     (rc = lb_buf_adds(sql, " ORDER BY r.village, r.name COLLATE NOCASE, a.id", e))))
		return rc;
	return LB_OK;
}

int lb_recon_each_alloc(lb_db *db, const struct lb_round *round, const struct lb_recon *run,
			int which, const char *village,
			int (*fn)(void *arg, const struct lb_recon_alloc *a, lb_err *e), void *arg,
			lb_err *e)
{
	struct reversals rv = { 0 };
	struct lb_recon_alloc a;
	lb_buf sql;
	lb_stmt *st = NULL;
	int64_t prev = 0;
	int rc;

	lb_buf_init(&sql);
	if (which == LB_RL_NONE)
		return LB_OK;
	if (which == LB_RL_EXCEPTIONS && (!run || !run->exceptions || run->round.program_id != round->program_id ||
					  run->round.period != round->period))
		return lb_fail(e, LB_ESYS, "listing exceptions needs the run of the same round first");
	if ((rc = alloc_sql(which, village != NULL, &sql, e)))
		goto out;
	if ((rc = load_reversals(db, round, &rv, e)))
		goto out;
	if (!(st = lb_db_prepare(db, sql.data, e))) {
		rc = LB_ESYS;
		goto out;
	}
	bind_round(st, round);
	if (village)
		lb_bind_text(st, 5, village);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int redeemed = !lb_col_null(st, 8);

		memset(&a, 0, sizeof a);
		a.id = lb_col_int(st, 0);
		if (a.id == prev)
			continue;
		prev = a.id;
		a.name = lb_col_text(st, 1);
		lb_nik_mask(lb_col_text(st, 2), a.nik_masked);
		a.village = lb_col_text(st, 3);
		a.village_name = lb_col_text(st, 4);
		a.point = lb_col_text(st, 5);
		a.point_name = lb_col_text(st, 6);
		if (!lb_col_null(st, 7) && lb_serial_format((uint64_t)lb_col_int(st, 7), a.serial, e)) {
			lb_stmt_reset(st);
			rc = lb_fail(e, LB_ESYS, "a voucher of allocation %lld has a serial above 40 bits",
				     (long long)a.id);
			goto out;
		}
		a.day = lb_col_text(st, 9);
		a.proxy = lb_col_text(st, 10);
		a.cls = lb_recon_classify(redeemed, a.proxy[0] != 0, (int)lb_col_int(st, 11),
					  (int)lb_col_int(st, 12));
		a.reissued = (int)lb_col_int(st, 13);
		if (redeemed) {
			struct lb_redeem_method m = { 0 };
			a.value = lb_col_int(st, 14) - (rv.n ? reversed(&rv, a.id) : 0);
			m.source = lb_col_text(st, 15);
			m.manual = (int)lb_col_int(st, 16);
			m.other_point = (int)lb_col_int(st, 17);
			m.proxy = a.proxy[0] != 0;
			m.kit_id = lb_col_null(st, 18) ? NULL : lb_col_text(st, 18);
			lb_redeem_method_words(&m, a.method, sizeof a.method);
			lb_redeem_method_code(&m, a.method_code, sizeof a.method_code);
		}
		if ((rc = fn(arg, &a, e))) {
			lb_stmt_reset(st);
			goto out;
		}
	}
	rc = rc == LB_DONE ? LB_OK : rc;
out:
	free(rv.v);
	lb_buf_release(&sql);
	return rc;
}

/* ---- the statements, for the sqlite3 shell ---- */

static int substitute(const char *sql, const struct lb_round *r, lb_buf *out, lb_err *e)
{
	char id[24];
	int rc;

	snprintf(id, sizeof id, "%lld", (long long)r->program_id);
	for (const char *p = sql; *p; p++) {
		const char *val = NULL;

		if (p[0] == '?' && p[1] >= '1' && p[1] <= '6' && p[1] != '5') {
			switch (p[1]) {
			case '1': val = id; break;
			case '2': val = r->ps; break;
			case '3': val = r->last_day; break;
			case '4': val = r->first_day; break;
			case '6': val = r->closed_at[0] ? r->closed_at : NULL; break;
			}
			/* our own values: digits, dashes, colons, safe to quote */
			if ((rc = p[1] == '1' ? lb_buf_adds(out, val, e)
				: val ? lb_buf_addf(out, e, "'%s'", val) : lb_buf_adds(out, "NULL", e)))
				return rc;
			p++;
			continue;
		}
		if ((rc = lb_buf_addc(out, *p, e)))
			return rc;
	}
	return lb_buf_adds(out, ";\n", e);
}

int lb_recon_sql(const struct lb_round *r, int list, lb_buf *out, lb_err *e)
{
	lb_buf sql;
	int rc;

	lb_buf_init(&sql);
	if ((rc = lb_buf_adds(out, "-- lumbung reconcile: the statements it runs, in order\n"
				   "PRAGMA cache_size=-16384; -- as lumbung opens every database\n"
				   "BEGIN; -- one snapshot\n", e)) ||
	    (rc = substitute(reversal_sql, r, out, e)) ||
	    (rc = substitute(main_sql, r, out, e)) ||
	    (rc = substitute(reissued_sql, r, out, e)) ||
	    (rc = substitute(attempts_sql, r, out, e)))
		goto out;
	if (list == LB_RL_EXCEPTIONS &&
	    ((rc = lb_buf_addf(out, e, "%s;\n%s;\n-- (lumbung collects these ids as the main statement streams)\n",
			       exc_create_sql, exc_clear_sql)) ||
	     (rc = substitute(exc_fill_sql, r, out, e))))
		goto out;
	if (list != LB_RL_NONE &&
	    ((rc = alloc_sql(list, 0, &sql, e)) || (rc = substitute(reversal_sql, r, out, e)) ||
	     (rc = substitute(sql.data, r, out, e))))
		goto out;
	rc = substitute(attempts_sql, r, out, e);
	if (!rc)
		rc = lb_buf_adds(out, "COMMIT;\n", e);
out:
	lb_buf_release(&sql);
	return rc;
}

/* ---- the report ---- */

/* "Periode: Januari 2026 (1 Januari 2026 s.d. 31 Januari 2026), ditutup":
 * a line of its own, so that a text table stays within 120 columns. */
static int period_line(lb_rdoc *d, const struct lb_round *round, lb_err *e)
{
	char first[32], last[32], line[200];
	lb_day a, b;

	if (lb_date_parse(round->first_day, "day", &a, e) || lb_date_parse(round->last_day, "day", &b, e))
		return lb_fail(e, LB_ESYS, "round %s has damaged days", round->code);
	lb_date_format_id(a, first);
	lb_date_format_id(b, last);
	snprintf(line, sizeof line, "Periode: %s (%s s.d. %s)%s", round->period_id, first, last,
		 round->closed ? ", ditutup" : "");
	return lb_rdoc_subtitle(d, line, e);
}

static const struct lb_rcol area_cols[] = {
	{ "Kode", "code", LB_R_CODE, 0 },
	{ "Nama", "name", LB_R_TEXT, 0 },
	{ "Kecamatan", "district", LB_R_TEXT | LB_R_DATA, 0 },
	{ "Alokasi", "allocations", LB_R_INT, 0 },
	{ "Ditebus", "redeemed", LB_R_INT, 0 },
	{ "Wakil", "redeemed_by_proxy", LB_R_INT, 0 },
	{ "Tdk ambil", "not_collected", LB_R_INT, 0 },
	{ "Dicabut", "revoked", LB_R_INT, 0 },
	{ "Batal", "cancelled", LB_R_INT | LB_R_DATA, 0 },
	{ "Tebus %", "redemption_rate", LB_R_PERCENT, 0 },
	{ "Anggaran", "budget_rupiah", LB_R_RUPIAH, 0 },
	{ "Disalurkan", "issued_value_rupiah", LB_R_RUPIAH, 0 },
};
#define NAREA ((int)(sizeof area_cols / sizeof area_cols[0]))

static const struct lb_rcol alloc_cols[] = {
	{ "Alokasi", "allocation", LB_R_INT | LB_R_DATA, 0 },
	{ "Nama", "name", LB_R_TEXT, 0 },
	{ "NIK", "nik", LB_R_CODE, 0 },
	{ "Desa", "village", LB_R_CODE | LB_R_WIDE, 0 },
	{ "Titik salur", "point", LB_R_CODE, 0 },
	{ "No. kupon", "serial", LB_R_CODE, 0 },
	{ "Status", "class", LB_R_CODE | LB_R_DATA, 0 },
	{ "Keterangan", "class_label", LB_R_TEXT, 0 },
	{ "Ulang", "reissued", LB_R_INT | LB_R_WIDE, 0 },
	{ "Tanggal", "day", LB_R_DATE, 0 },
	/* the proxy's name is left out of the text table (its 120 columns):
	 * Cara says "wakil" there, and the other formats name the proxy */
	{ "Wakil", "proxy", LB_R_TEXT | LB_R_WIDE, 0 },
	{ "Nilai", "value_rupiah", LB_R_RUPIAH, 0 },
	{ "Cara", "method", LB_R_TEXT, 0 },
};
#define NALLOC ((int)(sizeof alloc_cols / sizeof alloc_cols[0]))

static const struct lb_rcol attempt_cols[] = {
	{ "Percobaan", "attempt", LB_R_INT, 0 },
	{ "Tanggal", "day", LB_R_DATE, 0 },
	{ "Waktu", "at", LB_R_TEXT | LB_R_DATA, 0 },
	{ "Titik salur", "point", LB_R_CODE, 0 },
	{ "No. kupon", "serial", LB_R_CODE, 0 },
	{ "Hasil", "outcome", LB_R_CODE | LB_R_DATA, 0 },
	{ "Alasan", "reason", LB_R_CODE | LB_R_DATA, 0 },
	{ "Keterangan", "reason_label", LB_R_TEXT, 0 },
	{ "Rincian", "detail", LB_R_TEXT | LB_R_DATA, 0 },
	{ "Sumber", "source", LB_R_CODE | LB_R_DATA, 0 },
	{ "Kit lapangan", "kit_id", LB_R_CODE | LB_R_DATA, 0 },
	{ "Alokasi", "allocation", LB_R_INT, 0 },
};
#define NATTEMPT ((int)(sizeof attempt_cols / sizeof attempt_cols[0]))

/* Late entries: both times in the office's zone for people, as stored
 * (UTC) for scripts. */
static const struct lb_rcol late_cols[] = {
	{ "Penebusan", "redemption", LB_R_INT | LB_R_DATA, 0 },
	{ "Tanggal", "day", LB_R_DATE, 0 },
	{ "Titik salur", "point", LB_R_CODE, 0 },
	{ "No. kupon", "serial", LB_R_CODE, 0 },
	{ "Nama", "name", LB_R_TEXT, 0 },
	/* codes, not words: a text table keeps them whole */
	{ "Waktu pindai", "scanned_at", LB_R_CODE, 104 },
	{ "Dicatat", "entered_at", LB_R_CODE, 104 },
	{ "Jam terlambat", "hours_late", LB_R_INT, 0 },
	{ "Petugas", "operator", LB_R_TEXT | LB_R_WIDE, 0 },
	{ "Dibatalkan", "undone", LB_R_INT | LB_R_DATA, 0 },
};
#define NLATE ((int)(sizeof late_cols / sizeof late_cols[0]))

static int late_row(void *arg, const struct lb_recon_late *l, lb_err *e)
{
	struct lb_rval v[NLATE] = {
		LB_RV_N(l->redemption_id),
		LB_RV_S(l->day),
		LB_RV_S(l->point),
		LB_RV_S(l->serial),
		LB_RV_S(l->name),
		LB_RV_SH(l->scanned_utc, l->scanned),
		LB_RV_SH(l->entered_utc, l->entered),
		LB_RV_N(l->hours_late),
		LB_RV_S(l->operator),
		LB_RV_N(l->undone),
	};

	return lb_rdoc_row(arg, v, e);
}

static int area_row(lb_rdoc *d, const struct lb_recon_area *a, int is_village, lb_err *e)
{
	const struct lb_recon_sums *s = &a->s;
	struct lb_rval v[NAREA] = {
		LB_RV_S(a->code),
		LB_RV_S(a->name),
		is_village ? LB_RV_S(a->district_name) : LB_RV_S(a->name),
		LB_RV_N(s->allocations),
		LB_RV_N(lb_recon_redeemed(s)),
		LB_RV_N(s->by_class[LB_RC_PROXY]),
		LB_RV_N(s->by_class[LB_RC_NOT_COLLECTED]),
		LB_RV_N(s->by_class[LB_RC_REVOKED]),
		LB_RV_N(s->by_class[LB_RC_CANCELLED]),
		LB_RV_N(lb_rdoc_rate_bp(lb_recon_redeemed(s), s->allocations)),
		LB_RV_N(s->budget),
		LB_RV_N(s->issued_value),
	};

	return lb_rdoc_row(d, v, e);
}

static int alloc_row(void *arg, const struct lb_recon_alloc *a, lb_err *e)
{
	int redeemed = a->cls == LB_RC_REDEEMED || a->cls == LB_RC_PROXY;
	struct lb_rval v[NALLOC] = {
		LB_RV_N(a->id),
		LB_RV_S(a->name),
		LB_RV_S(a->nik_masked),
		LB_RV_S(a->village),
		LB_RV_S(a->point),
		a->serial[0] ? LB_RV_S(a->serial) : LB_RV_NULL,
		LB_RV_S(lb_recon_class_key(a->cls)),
		LB_RV_S(lb_recon_class_label(a->cls)),
		LB_RV_N(a->reissued),
		redeemed ? LB_RV_S(a->day) : LB_RV_NULL,
		a->proxy[0] ? LB_RV_S(a->proxy) : LB_RV_NULL,
		LB_RV_N(a->value),
		/* words for people, the code for scripts */
		a->method_code[0] ? LB_RV_SH(a->method_code, a->method) : LB_RV_NULL,
	};

	return lb_rdoc_row(arg, v, e);
}

/* Attempts are listed after the totals they are counted in, so the run
 * counts them first and the listing reads them again. */
static int each_attempt(lb_db *db, const struct lb_round *round, struct lb_recon *out,
			int (*fn)(void *arg, const struct lb_recon_attempt *a, lb_err *e), void *arg,
			lb_err *e);

/* People (the page, PDF, table, human CSV) read the time in the
 * office's zone, the outcome in the scan page's words, the reason and
 * the source in words; the redeemer's English detail is for scripts
 * (JSON and plain CSV keep codes, UTC and the detail as stored). */
static int attempt_row(void *arg, const struct lb_recon_attempt *a, lb_err *e)
{
	struct lb_redeem_method m = { .source = a->source, .kit_id = a->kit_id[0] ? a->kit_id : NULL };
	char source[64];
	struct lb_rval v[NATTEMPT] = {
		LB_RV_N(a->id),
		LB_RV_S(a->day),
		LB_RV_SH(a->at, a->at_local),
		LB_RV_S(a->point),
		a->serial[0] ? LB_RV_S(a->serial) : LB_RV_NULL,
		LB_RV_SH(a->outcome, lb_outcome_words(lb_outcome_parse(a->outcome))),
		LB_RV_SH(lb_recon_reason_key(a->reason), lb_recon_reason_label(a->reason)),
		LB_RV_S(lb_recon_reason_label(a->reason)),
		LB_RV_SH(a->detail, ""),
		LB_RV_SH(a->source, source),
		a->kit_id[0] ? LB_RV_S(a->kit_id) : LB_RV_NULL,
		a->allocation_id ? LB_RV_N(a->allocation_id) : LB_RV_NULL,
	};

	lb_redeem_method_words(&m, source, sizeof source);
	return lb_rdoc_row(arg, v, e);
}

static int totals(lb_rdoc *d, const struct lb_recon *r, lb_err *e)
{
	const struct lb_recon_sums *s = &r->total;
	int64_t redeemed = lb_recon_redeemed(s);
	int rc;

#define KV(key, label, type, val) \
	if ((rc = lb_rdoc_kv_add(d, key, label, type, LB_RV_N(val), e))) \
		return rc
	if ((rc = lb_rdoc_kv(d, "totals", "Jumlah", e)))
		return rc;
	KV("allocations", "Alokasi (paket)", LB_R_INT, s->allocations);
	KV("quota", "Kuota", LB_R_INT, r->round.quota);
	KV("quota_rate", "Alokasi terhadap kuota", LB_R_PERCENT, lb_rdoc_rate_bp(s->allocations, r->round.quota));
	KV("redeemed", "Ditebus", LB_R_INT, redeemed);
	KV("redeemed_in_person", "  oleh penerima sendiri", LB_R_INT, s->by_class[LB_RC_REDEEMED]);
	KV("redeemed_by_proxy", "  oleh wakil", LB_R_INT, s->by_class[LB_RC_PROXY]);
	KV("not_collected", "Tidak diambil", LB_R_INT, s->by_class[LB_RC_NOT_COLLECTED]);
	KV("revoked", "Kupon dicabut, tidak ditebus", LB_R_INT, s->by_class[LB_RC_REVOKED]);
	KV("reissued", "Kupon diterbitkan ulang", LB_R_INT, r->reissued);
	KV("cancelled", "Alokasi dibatalkan", LB_R_INT, s->by_class[LB_RC_CANCELLED]);
	KV("redemption_rate", "Tingkat penebusan", LB_R_PERCENT, lb_rdoc_rate_bp(redeemed, s->allocations));
	KV("refused_attempts", "Percobaan ditolak", LB_R_INT, r->refused);
	KV("forged", "  palsu/tidak terbaca", LB_R_INT, r->by_reason[LB_RR_FORGED]);
	KV("duplicates", "  sudah ditebus (ganda)", LB_R_INT, r->by_reason[LB_RR_DUPLICATE]);
	KV("wrong_period", "  salah program/periode", LB_R_INT, r->by_reason[LB_RR_WRONG_PERIOD]);
	KV("unknown_serial", "  nomor kupon tidak dikenal", LB_R_INT, r->by_reason[LB_RR_UNKNOWN_SERIAL]);
	KV("conflicts", "  konflik kit lapangan", LB_R_INT, r->by_reason[LB_RR_CONFLICT]);
	KV("other_refusals", "  lainnya", LB_R_INT, r->by_reason[LB_RR_OTHER]);
	KV("monthly_value_rupiah", "Nilai bantuan per bulan", LB_R_RUPIAH, r->round.monthly_value);
	KV("round_months", "Bulan per putaran", LB_R_INT, r->round.round_months);
	KV("budget_rupiah", "Anggaran (alokasi x nilai x bulan)", LB_R_RUPIAH, s->budget);
	KV("issued_value_rupiah", "Nilai barang disalurkan (biaya lot)", LB_R_RUPIAH, s->issued_value);
	KV("remaining_rupiah", "Sisa anggaran", LB_R_RUPIAH, s->budget - s->issued_value);
	KV("spent_rate", "Realisasi terhadap anggaran", LB_R_PERCENT, lb_rdoc_rate_bp(s->issued_value, s->budget));
#undef KV
	return LB_OK;
}

/*
 * A PDF lays a table's columns out by their widths in points, and the
 * tables above leave them 0 (the text table, CSV, JSON and XLSX size
 * themselves). For paper each column gets a width by its type and the
 * first column of words takes the rest of the line, so a column added to
 * a table later is laid out the same way without a width of its own.
 */
#define PAPER_COLS 32

static const struct lb_rcol *paper_cols(const struct lb_rdoc_opts *o, const struct lb_rcol *cols, int n,
					struct lb_rcol out[PAPER_COLS])
{
	int rest = 0;

	if (o->fmt != LB_FMT_PDF || n > PAPER_COLS)
		return cols;
	for (int i = 0; i < n; i++) {
		out[i] = cols[i];
		if (cols[i].width > 0)
			continue;
		switch (cols[i].type & 0xff) {
		case LB_R_TEXT:
			out[i].width = !rest && !(cols[i].type & LB_R_DATA) ? 0 : 84;
			rest = rest || out[i].width == 0;
			break;
		case LB_R_CODE:
			out[i].width = 76;
			break;
		case LB_R_RUPIAH:
			out[i].width = 74;
			break;
		case LB_R_DATE:
			out[i].width = 64;
			break;
		default: /* counts and percentages */
			out[i].width = 44;
			break;
		}
		/* a heading is never broken inside a word ("Percobaan") */
		if (out[i].width > 0) {
			double fit = 5.2 * (double)strlen(cols[i].title) + 8;
			if (out[i].width < fit)
				out[i].width = fit;
		}
	}
	return out;
}

int lb_recon_report(lb_db *db, const char *program, int period, int list,
		    const struct lb_rdoc_opts *ro, lb_err *e)
{
	struct lb_rcol pa[PAPER_COLS], pl[PAPER_COLS], pt[PAPER_COLS], pe[PAPER_COLS];
	const struct lb_rcol *acols = paper_cols(ro, area_cols, NAREA, pa);
	const struct lb_rcol *lcols = paper_cols(ro, alloc_cols, NALLOC, pl);
	const struct lb_rcol *tcols = paper_cols(ro, attempt_cols, NATTEMPT, pt);
	struct lb_rdoc_opts o = *ro;
	struct lb_round round;
	struct lb_recon r = { 0 };
	lb_rdoc *d = NULL;
	lb_buf org;
	char line[512];
	int found, rc;

	lb_buf_init(&org);
	if ((rc = lb_report_snapshot(db, e)))
		return rc;
	if ((rc = lb_round_find(db, program, period, &round, e)) ||
	    (rc = lb_meta_get(db, "org_name", &org, &found, e)))
		goto out;
	o.title = "REKONSILIASI PENYALURAN BANTUAN";
	o.org = org.data;
	o.landscape = 1;
	if ((rc = lb_rdoc_open(&d, &o, e)) ||
	    (rc = lb_recon_run(db, &round, &r, NULL, NULL, e)))
		goto out;
	snprintf(line, sizeof line, "Program: %s (%s)", round.name, round.code);
	if ((rc = lb_rdoc_meta(d, "program", LB_R_TEXT, LB_RV_S(round.code), e)) ||
	    (rc = lb_rdoc_meta(d, "period", LB_R_TEXT, LB_RV_S(round.ps), e)) ||
	    (rc = lb_rdoc_meta(d, "first_day", LB_R_TEXT, LB_RV_S(round.first_day), e)) ||
	    (rc = lb_rdoc_meta(d, "last_day", LB_R_TEXT, LB_RV_S(round.last_day), e)) ||
	    (rc = lb_rdoc_meta(d, "closed", LB_R_INT, LB_RV_N(round.closed), e)) ||
	    (rc = lb_rdoc_subtitle(d, line, e)) || (rc = period_line(d, &round, e)) ||
	    (rc = totals(d, &r, e)))
		goto out;
	if ((rc = lb_rdoc_table(d, "by_district", "Per kecamatan", acols, NAREA, e)))
		goto out;
	for (size_t i = 0; i < r.ndistricts; i++)
		if ((rc = area_row(d, &r.districts[i], 0, e)))
			goto out;
	if ((rc = lb_rdoc_table(d, "by_village", "Per desa/kelurahan", acols, NAREA, e)))
		goto out;
	for (size_t i = 0; i < r.nvillages; i++)
		if ((rc = area_row(d, &r.villages[i], 1, e)))
			goto out;
	if (list != LB_RL_NONE &&
	    ((rc = lb_rdoc_table(d, "allocations",
				 list == LB_RL_EXCEPTIONS ? "Alokasi yang tidak ditebus" : "Semua alokasi",
				 lcols, NALLOC, e)) ||
	     (rc = lb_recon_each_alloc(db, &round, &r, list, NULL, alloc_row, d, e))))
		goto out;
	if ((rc = lb_rdoc_table(d, "refused_attempts", "Percobaan penukaran yang ditolak", tcols,
				NATTEMPT, e)))
		goto out;
	/* the same statement as the count, in the same snapshot */
	if ((rc = each_attempt(db, &round, NULL, attempt_row, d, e)))
		goto out;
	if ((rc = lb_rdoc_table(d, "late_entries", "Penyerahan yang dicatat terlambat (lebih dari 1 hari setelah dipindai)",
				paper_cols(ro, late_cols, NLATE, pe), NLATE, e)) ||
	    (rc = lb_recon_each_late(db, &round, NULL, late_row, d, e)))
		goto out;
	rc = lb_rdoc_close(d, e);
	d = NULL;
out:
	lb_rdoc_discard(d);
	lb_recon_free(&r);
	lb_buf_release(&org);
	lb_report_snapshot_end(db);
	return rc;
}

/* ---- the recipients report ---- */

static const struct lb_rcol rcp_cols[] = {
	{ "No", "no", LB_R_INT, 28 },
	{ "Nama penerima", "name", LB_R_TEXT, 0 },
	{ "NIK", "nik", LB_R_CODE, 80 },
	{ "Desa/kelurahan", "village_name", LB_R_TEXT, 84 },
	{ "Kode desa", "village", LB_R_CODE, 66 },
	{ "Titik salur", "point", LB_R_CODE, 60 },
	{ "No. kupon", "serial", LB_R_CODE, 68 },
	{ "Status", "status", LB_R_TEXT, 70 },
	{ "Tanggal terima", "day", LB_R_DATE, 62 },
	{ "Wakil", "proxy", LB_R_TEXT, 80 },
	{ "Nilai", "value_rupiah", LB_R_RUPIAH, 60 },
	{ "Cara", "method", LB_R_TEXT, 64 },
};
#define NRCP ((int)(sizeof rcp_cols / sizeof rcp_cols[0]))

struct rcp {
	lb_rdoc *d;
	int64_t n, value, redeemed;
};

static int rcp_row(void *arg, const struct lb_recon_alloc *a, lb_err *e)
{
	struct rcp *c = arg;
	int redeemed = a->cls == LB_RC_REDEEMED || a->cls == LB_RC_PROXY;
	struct lb_rval v[NRCP] = {
		LB_RV_N(++c->n),
		LB_RV_S(a->name),
		LB_RV_S(a->nik_masked),
		LB_RV_S(a->village_name),
		LB_RV_S(a->village),
		LB_RV_S(a->point),
		a->serial[0] ? LB_RV_S(a->serial) : LB_RV_NULL,
		LB_RV_S(lb_recon_class_label(a->cls)),
		redeemed ? LB_RV_S(a->day) : LB_RV_NULL,
		a->proxy[0] ? LB_RV_S(a->proxy) : LB_RV_NULL,
		LB_RV_N(a->value),
		a->method[0] ? LB_RV_S(a->method) : LB_RV_NULL,
	};
	int rc;

	if ((rc = lb_sum_add(&c->value, a->value, "the value of the goods handed over", e)))
		return rc;
	c->redeemed += redeemed;
	return lb_rdoc_row(c->d, v, e);
}

int lb_recipients_report(lb_db *db, const char *program, int period, const char *village,
			 const struct lb_rdoc_opts *ro, lb_err *e)
{
	struct lb_rdoc_opts o = *ro;
	struct lb_round round;
	struct rcp c = { 0 };
	char line[512], cnt[64];
	lb_buf org;
	struct lb_office office;
	int found, rc;

	lb_buf_init(&org);
	memset(&office, 0, sizeof office);
	lb_buf_init(&office.logo);
	if ((rc = lb_report_snapshot(db, e)))
		return rc;
	if ((rc = lb_round_find(db, program, period, &round, e)) ||
	    (rc = lb_meta_get(db, "org_name", &org, &found, e)))
		goto out;
	if (village) {
		lb_stmt *st = lb_db_prepare(db,
			"SELECT 1 FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
			" WHERE a.program_id = ?1 AND a.period = ?2 AND r.village = ?5 LIMIT 1", e);

		if (!st) {
			rc = LB_ESYS;
			goto out;
		}
		bind_round(st, &round);
		lb_bind_text(st, 5, village);
		rc = lb_step(st, e);
		lb_stmt_reset(st);
		if (rc == LB_DONE) {
			rc = lb_fail(e, LB_EINPUT, "village '%s' has no allocations in %s %s", village,
				     round.code, round.ps);
			goto out;
		}
		if (rc != LB_ROW)
			goto out;
	}
	o.title = "DAFTAR PENERIMA DAN STATUS PENYALURAN";
	o.org = org.data;
	o.landscape = 1;
	if ((rc = lb_office_load(db, &office, e)) || (rc = lb_rdoc_open(&c.d, &o, e)))
		goto out;
	lb_rdoc_office(c.d, &office);
	snprintf(line, sizeof line, "Program: %s (%s)    Periode: %s%s%s", round.name, round.code, round.period_id,
		 village ? "    Desa/Kelurahan: " : "", village ? village : "");
	if ((rc = lb_rdoc_meta(c.d, "program", LB_R_TEXT, LB_RV_S(round.code), e)) ||
	    (rc = lb_rdoc_meta(c.d, "period", LB_R_TEXT, LB_RV_S(round.ps), e)) ||
	    (rc = lb_rdoc_subtitle(c.d, line, e)) ||
	    (rc = lb_rdoc_table(c.d, "recipients", "Penerima", rcp_cols, NRCP, e)) ||
	    (rc = lb_recon_each_alloc(db, &round, NULL, LB_RL_ALL_SORTED, village, rcp_row, &c, e)))
		goto out;
	snprintf(cnt, sizeof cnt, "%lld diserahkan", (long long)c.redeemed);
	{
		struct lb_rval t[NRCP] = {
			LB_RV_NULL, LB_RV_S("JUMLAH"), LB_RV_NULL, LB_RV_NULL, LB_RV_NULL, LB_RV_NULL,
			LB_RV_NULL, LB_RV_S(cnt), LB_RV_NULL, LB_RV_NULL, LB_RV_N(c.value), LB_RV_NULL,
		};

		if ((rc = lb_rdoc_total(c.d, t, e)) ||
		    (rc = lb_office_report_sign(db, c.d, &office, "office.report.signers", e)))
			goto out;
	}
	rc = lb_rdoc_close(c.d, e);
	c.d = NULL;
out:
	lb_rdoc_discard(c.d);
	lb_buf_release(&org);
	lb_office_release(&office);
	lb_report_snapshot_end(db);
	return rc;
}
