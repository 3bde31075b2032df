/*
 * period.c — closed periods. See period.h.
 */
#include "period.h"

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

int lb_period_close(lb_db *db, int period, int force, const char *operator,
		    int *open_kits, lb_err *e)
{
	char p[8], now[21];
	lb_buf kits, note;
	lb_stmt *st;
	int rc, closed;

	lb_buf_init(&kits);
	lb_buf_init(&note);
	lb_period_format(period, p);
	*open_kits = 0;
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
	if ((rc = count_open_kits(db, p, open_kits, &kits, e)))
		goto fail;
	if (*open_kits && !force) {
		rc = lb_fail(e, LB_ERULE,
			     "cannot close period %s: %d field kit%s exported for it %s not come back (%s%s); import %s first, or close with --force",
			     p, *open_kits, *open_kits == 1 ? "" : "s", *open_kits == 1 ? "has" : "have",
			     kits.data, *open_kits > 5 ? ", ..." : "", *open_kits == 1 ? "it" : "them");
		goto fail;
	}
	if (*open_kits && (rc = lb_buf_addf(&note, e, "closed with --force while %d field kit%s had not come back: %s",
					     *open_kits, *open_kits == 1 ? "" : "s", kits.data)))
		goto fail;
	if (!(st = lb_db_prepare(db,
		"INSERT INTO period_close(period, closed_at, operator, forced, note) VALUES (?1, ?2, ?3, ?4, ?5)", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_now_utc(now);
	lb_bind_text(st, 1, p);
	lb_bind_text(st, 2, now);
	lb_bind_text(st, 3, operator);
	lb_bind_int(st, 4, *open_kits ? 1 : 0);
	lb_bind_text(st, 5, note.len ? note.data : NULL);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	lb_buf_release(&kits);
	lb_buf_release(&note);
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	lb_buf_release(&kits);
	lb_buf_release(&note);
	return rc;
}
