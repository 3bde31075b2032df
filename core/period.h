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

#endif
