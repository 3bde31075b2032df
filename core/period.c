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
