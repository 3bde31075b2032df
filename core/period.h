/*
 * period.h — closed accounting periods. Once a month is closed nothing can
 * be posted into it (LB_ERULE), so its reports never change. Every module
 * that writes dated records asks lb_period_check_open first.
 */
#ifndef LB_PERIOD_H
#define LB_PERIOD_H

#include "date.h"
#include "buf.h"
#include "db.h"
#include "op.h"

int lb_period_is_closed(lb_db *db, int period, int *closed, lb_err *e);

/* LB_OK, or LB_ERULE "period 2026-01 is closed: nothing more can be
 * posted into it" — what names the thing refused ("cannot receive"). */
int lb_period_check_open(lb_db *db, lb_day day, const char *what, lb_err *e);

/* Close a period for good. Refused (LB_ERULE) when it is already closed,
 * when it has not begun yet (today is before its first day), or when
 * field kits exported for it have not come back — unless force, which is
 * recorded in the closing row together with the kits that were open.
 * *open_kits is set to the number of such kits either way. */
int lb_period_close(lb_db *db, int period, int force, const char *operator,
		    int *open_kits, lb_err *e);

/* The office's close (issue 15), what `period close` does: the rules of
 * lb_period_close, and also refused (LB_ERULE) while the month has not
 * ended unless early with a reason (recorded), and while an earlier month
 * with records is still open. Without yes nothing is closed (LB_EINPUT)
 * but info says what the close would leave behind: the allocations of the
 * month's rounds not collected, and the field kits still out. */
struct lb_period_close_req {
	int force, yes, early;
	const char *reason;   /* with early */
	const char *operator;
};
struct lb_period_close_info {
	int open_kits;
	lb_buf kits;            /* "POS-A (exported 2026-01-10), ..." (five at most) */
	int64_t uncollected;
	lb_buf uncollected_by;  /* "SEMBAKO-2026: 3, ..." */
	int unconfirmed;        /* refused only for want of yes */
};
void lb_period_close_info_init(struct lb_period_close_info *info);
void lb_period_close_info_release(struct lb_period_close_info *info);

/* The operation `period close`: the month as typed (YYYY-MM), checked,
 * closed by the rules above in its own transaction. info (initialised
 * by the caller) is filled whether or not the close went through; a
 * close with --force over kits still out is warned of (core/op.h). */
struct lb_period_close_in {
	const char *period; /* YYYY-MM (required) */
	int yes, force, early;
	const char *reason; /* with early */
};
int lb_period_close_month(struct lb_op *op, const struct lb_period_close_in *in,
			  struct lb_period_close_info *info, lb_err *e);

#endif
