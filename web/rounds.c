/*
 * rounds.c — finding rounds for the pages. See rounds.h.
 */
#include "rounds.h"

#include <string.h>

#include "core/date.h"

struct walk {
	lb_db *db;
	int only_current;
	int (*fn)(void *arg, const struct lb_program *p, const struct lb_round *r, lb_err *e);
	void *arg;
};

static int program_rounds(void *arg, const struct lb_program *p, lb_err *e)
{
	struct walk *w = arg;
	int now = lb_period_of_day(lb_today());
	int last = p->last_period && p->last_period < now ? p->last_period : now;
	int step = p->round_months > 0 ? p->round_months : 1;
	int rc;

	for (int per = last; per >= p->first_period; per--) {
		struct lb_round r;
		lb_err e2;
		if (lb_program_round_check(p, per, &e2) != LB_OK)
			continue;
		if (w->only_current && per + step <= now)
			break;
		rc = lb_round_find(w->db, p->code, per, &r, &e2);
		if (rc == LB_ESYS) {
			*e = e2;
			return rc;
		}
		if (rc == LB_OK && (rc = w->fn(w->arg, p, &r, e)))
			return rc;
		if (w->only_current)
			break;
	}
	return LB_OK;
}

int lb_web_rounds_each(lb_db *db, int only_current,
		       int (*fn)(void *arg, const struct lb_program *p, const struct lb_round *r, lb_err *e),
		       void *arg, lb_err *e)
{
	struct walk w = { db, only_current, fn, arg };
	return lb_program_list(db, program_rounds, &w, e);
}

int lb_web_round_arg(lb_db *db, const char *program, const char *period, struct lb_program *p,
		     struct lb_round *r, lb_err *e)
{
	int per, rc;

	if (!program || !*program || !period || !*period)
		return lb_fail(e, LB_EINPUT, "choose a program and a round");
	if ((rc = lb_program_find(db, program, p, e)) || (rc = lb_period_parse(period, "round", &per, e)))
		return rc;
	rc = lb_round_find(db, program, per, r, e);
	return rc == LB_ERULE ? LB_EINPUT : rc;
}
