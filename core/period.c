/*
 * period.c — closed periods. See period.h.
 */
#include "period.h"


#include <string.h>

int lb_period_is_closed(lb_db *db, int period, int *closed, lb_err *e)
{
	char p[8];
	lb_stmt *st = lb_db_prepare(db, "SELECT 1 FROM period_close WHERE period = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_period_format(period, p);
	lb_bind_text(st, 1, p);
	rc = lb_step(st, e);
	if (rc != LB_ROW && rc != LB_DONE)
		return rc;
	*closed = rc == LB_ROW;
	lb_stmt_reset(st);
	return LB_OK;
}

int lb_period_check_open(lb_db *db, lb_day day, const char *what, lb_err *e)
{
	int closed, rc;
	int period = lb_period_of_day(day);
	char p[8], d[11];

	if ((rc = lb_period_is_closed(db, period, &closed, e)))
		return rc;
	if (closed) {
		lb_period_format(period, p);
		lb_date_format(day, d);
		return lb_fail(e, LB_ERULE, "%s on %s: period %s is closed, nothing more can be posted into it",
			       what, d, p);
	}
	return LB_OK;
}

/* Field kits are a later migration's table; a database without it has
 * no kits out. */
static int count_open_kits(lb_db *db, const char *period, int *n, lb_buf *list, lb_err *e)
{
	int64_t has;
	lb_stmt *st;
	int rc;

	*n = 0;
	if ((rc = lb_db_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'field_kit'",
			    0, &has, e)))
		return rc;
	if (!has)
		return LB_OK;
	st = lb_db_prepare_once(db,
		"SELECT l.code, k.exported_at FROM field_kit k JOIN location l ON l.id = k.point_id"
		" WHERE k.period = ?1 AND k.returned_at IS NULL ORDER BY l.code", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, period);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (*n < 5 && (rc = lb_buf_addf(list, e, "%s%s (exported %.10s)", *n ? ", " : "",
						lb_col_text(st, 0), lb_col_text(st, 1))))
			break;
		(*n)++;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

/* What the round(s) of the month leave uncollected: allocations not
 * cancelled with no redemption in force, per program. */
static int count_uncollected(lb_db *db, const char *period, struct lb_period_close_info *info, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db,
		"SELECT p.code, count(*) FROM allocation a JOIN program p ON p.id = a.program_id"
		" WHERE a.period = ?1 AND a.status = 'allocated'"
		"  AND NOT EXISTS (SELECT 1 FROM redemption x WHERE x.allocation_id = a.id"
		"   AND NOT EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = x.id))"
		" GROUP BY p.code ORDER BY p.code", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, period);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		info->uncollected += lb_col_int(st, 1);
		if ((rc = lb_buf_addf(&info->uncollected_by, e, "%s%s: %lld", info->uncollected_by.len ? ", " : "",
				      lb_col_text(st, 0), (long long)lb_col_int(st, 1))))
			break;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

/* The first month before period that holds records and is not closed;
 * 0 when there is none. Records begin with the first movement or round. */
static int earlier_open(lb_db *db, int period, int *open, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db,
		"SELECT min(m) FROM (SELECT min(substr(day, 1, 7)) AS m FROM movement"
		" UNION ALL SELECT min(period) FROM allocation)", e);
	int first = 0, rc, closed;

	*open = 0;
	if (!st)
		return LB_ESYS;
	if ((rc = lb_step(st, e)) != LB_ROW) {
		lb_stmt_free(st);
		return rc == LB_DONE ? LB_OK : rc;
	}
	if (!lb_col_null(st, 0) && lb_period_parse(lb_col_text(st, 0), "period", &first, NULL) != LB_OK)
		first = 0;
	lb_stmt_free(st);
	for (int m = first ? first : period; m < period; m++) {
		if ((rc = lb_period_is_closed(db, m, &closed, e)))
			return rc;
		if (!closed) {
			*open = m;
			return LB_OK;
		}
	}
	return LB_OK;
}

void lb_period_close_info_init(struct lb_period_close_info *info)
{
	memset(info, 0, sizeof *info);
	lb_buf_init(&info->kits);
	lb_buf_init(&info->uncollected_by);
}

void lb_period_close_info_release(struct lb_period_close_info *info)
{
	lb_buf_release(&info->kits);
	lb_buf_release(&info->uncollected_by);
}

/* checked: the rules of lb_period_close_month (month ended, earlier months
 * closed, confirmation); without, those of lb_period_close. */
static int do_close(lb_db *db, int period, const struct lb_period_close_req *req,
		    struct lb_period_close_info *info, int checked, struct lb_op *op, lb_err *e)
{
	char p[8], now[21];
	lb_buf note;
	lb_stmt *st;
	int rc, closed, open_kits;

	lb_buf_init(&note);
	lb_period_format(period, p);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_period_is_closed(db, period, &closed, e)))
		goto fail;
	if (closed) {
		rc = lb_fail(e, LB_ERULE, "cannot close period %s: it is already closed", p);
		goto fail;
	}
	if (lb_period_first_day(period) > lb_today()) {
		rc = lb_fail(e, LB_ERULE, "cannot close period %s: it has not begun yet", p);
		goto fail;
	}
	if (checked && lb_period_last_day(period) >= lb_today()) {
		char last[32];

		lb_date_format_id(lb_period_last_day(period), last);
		if (!req->early) {
			rc = lb_fail(e, LB_ERULE,
				     "cannot close period %s: it has not ended (its last day is %s); to close it early give --early --reason TEXT",
				     p, last);
			goto fail;
		}
		if (!req->reason || !req->reason[0]) {
			rc = lb_fail(e, LB_EINPUT, "period close %s --early: say why with --reason TEXT", p);
			goto fail;
		}
	}
	if (checked) {
		int before;

		if ((rc = earlier_open(db, period, &before, e)))
			goto fail;
		if (before) {
			char b[8];

			lb_period_format(before, b);
			rc = lb_fail(e, LB_ERULE, "cannot close period %s: period %s before it is still open; close it first",
				     p, b);
			goto fail;
		}
	}
	if ((rc = count_open_kits(db, p, &open_kits, &info->kits, e)) ||
	    (rc = count_uncollected(db, p, info, e)))
		goto fail;
	info->open_kits = open_kits;
	if (open_kits && !req->force) {
		rc = lb_fail(e, LB_ERULE,
			     "cannot close period %s: %d field kit%s exported for it %s not come back (%s%s); import %s first, or close with --force",
			     p, open_kits, open_kits == 1 ? "" : "s", open_kits == 1 ? "has" : "have",
			     info->kits.data, open_kits > 5 ? ", ..." : "", open_kits == 1 ? "it" : "them");
		goto fail;
	}
	if (checked && !req->yes) {
		info->unconfirmed = 1;
		rc = lb_fail(e, LB_EINPUT, "period %s was not closed: closing is for good; confirm with --yes", p);
		goto fail;
	}
	if (open_kits && (rc = lb_buf_addf(&note, e, "closed with --force while %d field kit%s had not come back: %s",
					     open_kits, open_kits == 1 ? "" : "s", info->kits.data)))
		goto fail;
	if (checked && req->early && lb_period_last_day(period) >= lb_today() &&
	    (rc = lb_buf_addf(&note, e, "%sclosed early: %s", note.len ? "; " : "", req->reason)))
		goto fail;
	if (!(st = lb_db_prepare(db,
		"INSERT INTO period_close(period, closed_at, operator, forced, note) VALUES (?1, ?2, ?3, ?4, ?5)", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_now_utc(now);
	lb_bind_text(st, 1, p);
	lb_bind_text(st, 2, now);
	lb_bind_text(st, 3, req->operator);
	lb_bind_int(st, 4, open_kits ? 1 : 0);
	lb_bind_text(st, 5, note.len ? note.data : NULL);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	/* named for the front end's audit row, written at the commit below */
	if (op)
		lb_op_subject(op, "period %s", p);
	lb_buf_release(&note);
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	lb_buf_release(&note);
	return rc;
}

int lb_period_close(lb_db *db, int period, int force, const char *operator,
		    int *open_kits, lb_err *e)
{
	struct lb_period_close_req req = { .force = force, .yes = 1, .operator = operator };
	struct lb_period_close_info info;
	int rc;

	lb_period_close_info_init(&info);
	rc = do_close(db, period, &req, &info, 0, NULL, e);
	*open_kits = info.open_kits;
	lb_period_close_info_release(&info);
	return rc;
}

int lb_period_close_month(struct lb_op *op, const struct lb_period_close_in *in,
			  struct lb_period_close_info *info, lb_err *e)
{
	struct lb_period_close_req req = {
		.force = in->force, .yes = in->yes, .early = in->early, .reason = in->reason, .operator = op->actor,
	};
	int period, rc;

	if ((rc = lb_period_parse(in->period, "period", &period, e)))
		return rc;
	if (in->reason && !in->early)
		return lb_fail(e, LB_EINPUT, "period close: --reason goes with --early");
	/* do_close owns its transaction (lb_period_close shares it). */
	if ((rc = do_close(op->db, period, &req, info, 1, op, e)))
		return rc;
	if (info->open_kits)
		lb_op_warn(op, "period %s closed with --force while %d field kit%s had not come back; this is recorded",
			   in->period, info->open_kits, info->open_kits == 1 ? "" : "s");
	return LB_OK;
}
