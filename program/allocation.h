/*
 * allocation.h — monthly allocations: who gets a program's package in a
 * round, who waits, and what stock each distribution point needs for it.
 *
 * Owns the tables allocation, allocation_run and allocation_wait.
 *
 * Eligible for a round: status aktif, category among the program's, no
 * hit on any of the program's excluded screening lists, not held for
 * likely-duplicate review. Priority order (rank 1 first):
 *   1. lowest desil first (the poorest); an unknown desil comes last,
 *   2. then the oldest (earliest birth date),
 *   3. then the earliest registered (recipient id).
 * The first `quota` of them are allocated, the rest go on the waiting
 * list in the same order. A recipient collects at their own point if one
 * is set, else at the point serving their village (inventory/serve.h).
 * An allocated recipient whose village no point serves refuses the whole
 * round (LB_ERULE, naming the villages): nobody is skipped silently, and
 * nobody lower in the order takes their place by accident of paperwork.
 *
 * Memory: nothing here allocates for the caller; rows are handed to
 * callbacks and live until the callback returns.
 */
#ifndef LB_ALLOCATION_H
#define LB_ALLOCATION_H

#include <stdint.h>

#include "core/db.h"
#include "core/op.h"
#include "program/package.h"
#include "program/program.h"

struct lb_alloc_summary {
	int already;              /* allocated before: nothing changed */
	int64_t quota;            /* in force for the round */
	int64_t eligible, allocated, waiting;
	/* In the program's categories but not eligible, each counted once
	 * in this order: */
	int64_t inactive;         /* status other than aktif */
	int64_t excluded;         /* on an excluded screening list */
	int64_t held;             /* held for likely-duplicate review */
	char run_at[21];
	char operator[64];
	char unscreened[256];     /* excluded lists never screened: excluding nobody */
	int64_t first_id, last_id; /* the round's allocation ids; 0 when none */
};

/*
 * Allocate a program's round (period: its first month) in one
 * transaction. Refused with LB_ERULE, nothing written: a period outside
 * the program or not a round's first month, a closed period, no package
 * for the round, allocated recipients without a distribution point. A
 * round allocated before is LB_OK with s->already set and s filled from
 * that run.
 */
int lb_allocate(lb_db *db, const struct lb_program *p, int period, const char *operator,
		struct lb_alloc_summary *s, lb_err *e);

/* The run of a round: *found = 0 when it was never allocated. */
int lb_alloc_run_get(lb_db *db, const struct lb_program *p, int period,
		     struct lb_alloc_summary *s, int *found, lb_err *e);

/* One distribution point and one package item of a round. */
struct lb_alloc_need {
	int64_t point_id;
	char point[33];
	char point_name[128];
	int64_t packages;   /* allocations collected there */
	char item[33];
	char unit[24];
	int64_t qty;        /* per package */
	int64_t need;       /* qty × packages */
	int64_t stock;      /* the item's balance at the point now */
	int64_t shortfall;  /* need - stock when positive, else 0 */
};

/* Per point (by code) and item: what the round's allocations need there
 * against the stock there. */
int lb_alloc_plan(lb_db *db, const struct lb_program *p, int period,
		  int (*fn)(void *arg, const struct lb_alloc_need *n, lb_err *e), void *arg,
		  lb_err *e);

/*
 * What lb_allocate would do now, writing nothing: the same checks and
 * refusals, the same ranking on one snapshot of the database (a read
 * transaction: no write lock is held), s filled as a run would fill it
 * (first_id, last_id 0), and fn handed the plan a run would leave, per
 * point and item against the stock there. A round allocated before is
 * LB_OK with s->already set, s and the plan from that run. The figures
 * may be stale by the time a run follows: the run recomputes them.
 */
int lb_allocate_preview(lb_db *db, const struct lb_program *p, int period,
			struct lb_alloc_summary *s,
			int (*fn)(void *arg, const struct lb_alloc_need *n, lb_err *e), void *arg,
			lb_err *e);

/* One allocation (or waiting-list entry) with what a list or a voucher
 * prints. The NIK is here for --show-nik; print it through lb_nik_mask. */
struct lb_alloc_row {
	int64_t id;              /* allocation id; 0 for the waiting list */
	int64_t program_id;
	char period[8];
	int64_t rank;
	int64_t recipient_id;
	char token[17];          /* the recipient's reference for paper */
	char nik[17];
	char name[128];
	char village[16];
	char village_name[128];
	int64_t point_id;        /* 0 on the waiting list */
	char point[33];
	char category[33];
	char status[16];         /* allocated, cancelled; "waiting" on the list */
	char proxy_name[128];
};

/* The round's allocations by rank, or (waiting) its waiting list. */
int lb_alloc_list(lb_db *db, const struct lb_program *p, int period, int waiting,
		  int (*fn)(void *arg, const struct lb_alloc_row *r, lb_err *e), void *arg,
		  lb_err *e);

/* A recipient's allocations, newest round first, each with the
 * redemption in force for it (for the web's recipient page). Strings
 * are "" when not set; the row lives until fn returns. */
struct lb_recipient_alloc {
	int64_t id;
	const char *program, *period, *point, *status;
	const char *redeemed_day, *redeemed_point, *proxy; /* "" when not redeemed */
};
int lb_alloc_of_recipient(lb_db *db, int64_t recipient_id,
			  int (*fn)(void *arg, const struct lb_recipient_alloc *r, lb_err *e), void *arg,
			  lb_err *e);

/* One allocation by id, for modules that refer to it (vouchers). */
int lb_alloc_get(lb_db *db, int64_t id, struct lb_alloc_row *out, int *found, lb_err *e);

/* Every allocated round of a program, by period (program show). */
struct lb_alloc_run {
	char period[8];
	int64_t allocated, waiting;
	char run_at[21];
	char operator[64];
};
int lb_alloc_runs(lb_db *db, const struct lb_program *p,
		  int (*fn)(void *arg, const struct lb_alloc_run *r, lb_err *e), void *arg, lb_err *e);

/* ---- operations (core/op.h) ---- */

/* A round named as typed: program code and YYYY-MM; dry_run: only
 * preview it (lb_allocate_preview). */
struct lb_allocate_in {
	const char *program, *period;
	int dry_run;
};
struct lb_allocate_out {
	struct lb_program program;
	int period;
	int dry_run;                /* a preview: nothing was written */
	struct lb_alloc_summary summary;
	struct lb_alloc_need *plan; /* per point and item, by point code; lb_allocate_out_free */
	size_t nplan;
};
/* `allocate`: lb_allocate (its own transaction), then the round's plan
 * against the stock at each point; with in->dry_run, lb_allocate_preview
 * instead (nothing written). Warnings: excluded lists never screened,
 * point/item lines short of stock. */
int lb_round_allocate(struct lb_op *op, const struct lb_allocate_in *in, struct lb_allocate_out *out,
		      lb_err *e);
void lb_allocate_out_free(struct lb_allocate_out *out);

/* A round that has been allocated (LB_EINPUT when it has not), for
 * listing it with lb_alloc_list. */
struct lb_alloc_round_out {
	struct lb_program program;
	int period;
	struct lb_alloc_summary run;
};
int lb_alloc_round(struct lb_op *op, const struct lb_allocate_in *in, struct lb_alloc_round_out *out,
		   lb_err *e);

#endif
