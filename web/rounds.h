/*
 * rounds.h — which rounds exist, for the pages: every program's rounds
 * that have allocations, found through the program and reconciliation
 * modules (program_round_check, lb_round_find), never by SQL here.
 */
#ifndef LB_WEB_ROUNDS_H
#define LB_WEB_ROUNDS_H

#include "core/db.h"
#include "program/program.h"
#include "reports/reconcile.h"

/* Each round with allocations, newest first per program; with
 * only_current, only the round covering the month of today. fn's non-zero
 * return stops and is returned. */
int lb_web_rounds_each(lb_db *db, int only_current,
		       int (*fn)(void *arg, const struct lb_program *p, const struct lb_round *r, lb_err *e),
		       void *arg, lb_err *e);

/* Parse "PROGRAM" and "2026-01" from a query into a round: LB_EINPUT
 * when either is missing or names no round with allocations. */
int lb_web_round_arg(lb_db *db, const char *program, const char *period, struct lb_program *p,
		     struct lb_round *r, lb_err *e);

/* What the error page says when a round named in the address is not
 * there (lb_web_why). */
#define LB_WEB_ROUND_WHY "Program atau ronde itu tidak ada, atau belum dipilih."

#endif
