/*
 * progress.h — how long work tells the command line how far it has got,
 * without printing anything itself (modules never print).
 *
 * A module given a struct lb_progress calls lb_progress_tick now and then
 * with what it is doing, how much is done and the total (0 when not
 * known; done -1 when only "still busy" is known). The CLI's callback
 * (cli/progress.c) draws one line on stderr, and only when stderr is a
 * terminal, so scripts and tests see the same output as without it.
 *
 * Two ways in that need no change to the module doing the work:
 *  - core/sheet.h: lb_sheet_set_progress reports the rows read by every
 *    import (recipients, stock, region data, screening lists);
 *  - core/db.h: lb_db_set_progress reports "still busy" from inside long
 *    SQL statements (allocation, printing, verify, reports).
 */
#ifndef LB_PROGRESS_H
#define LB_PROGRESS_H

struct lb_progress {
	void (*fn)(void *arg, const char *what, long long done, long long total);
	void *arg;
};

static inline void lb_progress_tick(const struct lb_progress *p, const char *what, long long done,
				    long long total)
{
	if (p && p->fn)
		p->fn(p->arg, what, done, total);
}

#endif
