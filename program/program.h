/*
 * program.h — aid programs: value per recipient per month, rounds of one
 * or more months, eligible categories, excluding screening lists, a
 * quota per round that may differ by year, funding source, and the
 * periods it runs.
 *
 * Owns the tables program, program_category, program_exclude and
 * program_quota. Periods are held as ints (year*12 + month-1, see
 * core/date.h) and stored as YYYY-MM.
 *
 * Memory: struct lb_program is a plain value; nothing here allocates for
 * the caller.
 */
#ifndef LB_PROGRAM_H
#define LB_PROGRAM_H

#include <stdint.h>

#include "core/db.h"
#include "core/op.h"

#define LB_PROGRAM_CODE_MAX 33

struct lb_program {
	int64_t id;
	char code[LB_PROGRAM_CODE_MAX];
	char name[128];
	int64_t monthly_value; /* rupiah per recipient per month */
	int round_months;      /* a round covers this many months */
	int64_t quota;         /* recipients per round, unless program_quota says otherwise */
	char funding[5];       /* APBD or APBN */
	int first_period, last_period;
	char created_at[21];
	char categories[256];  /* "anak,disabilitas,lansia": sorted */
	char excludes[256];    /* "PKH,SEMBAKO", "" when none */
};

/* As typed on the command line: NULL is "not given". categories and
 * exclude are comma-separated lists. */
struct lb_program_in {
	const char *code, *name, *monthly_value, *quota, *categories, *first, *last;
	const char *funding, *round_months, *exclude;
};

/* Add a program (one transaction). Bad fields and unknown categories are
 * LB_EINPUT; a code in use is LB_ERULE. Excluded lists not screened yet
 * are accepted (they exclude nobody until then) and named, comma-
 * separated, in unscreened (may be NULL, 256 bytes) so the caller can
 * warn. */
int lb_program_add(lb_db *db, const struct lb_program_in *in, struct lb_program *out,
		   char *unscreened, lb_err *e);

/* By code: LB_OK, or LB_EINPUT "unknown program 'X'". */
int lb_program_find(lb_db *db, const char *code, struct lb_program *out, lb_err *e);
int lb_program_get(lb_db *db, int64_t id, struct lb_program *out, int *found, lb_err *e);

int lb_program_list(lb_db *db, int (*fn)(void *arg, const struct lb_program *p, lb_err *e),
		    void *arg, lb_err *e);

/* The quota in force for a year: program_quota's, else program.quota. */
int lb_program_quota(lb_db *db, const struct lb_program *p, int year, int64_t *quota, lb_err *e);
/* Set the quota for one year (820 for 2025, 649 for 2026). */
int lb_program_set_quota(lb_db *db, const struct lb_program *p, int year, int64_t quota,
			 lb_err *e);

/*
 * Is period the first month of one of the program's rounds? LB_OK, or
 * LB_ERULE: outside first..last, or not a round's first month (the
 * message names the nearest round starts). Pure.
 */
int lb_program_round_check(const struct lb_program *p, int period, lb_err *e);

/* Excluded lists that have not been screened yet, comma-separated in
 * out (256 bytes); "" when all have. */
int lb_program_unscreened(lb_db *db, const struct lb_program *p, char *out, lb_err *e);

/* ---- operations (core/op.h): what `program add`, `program show` and
 * `program quota` do, for the command line and the web alike ---- */

/* Add a program from its fields as typed (lb_program_add, one
 * transaction). Excluded lists never screened are accepted with a
 * warning: they exclude nobody until screened. */
int lb_program_create(struct lb_op *op, const struct lb_program_in *in, struct lb_program *out,
		      lb_err *e);

/* A program by code with its excluded lists not screened yet (256
 * bytes, "" when all have). Reads only. */
struct lb_program_show_in {
	const char *code;
};
struct lb_program_show_out {
	struct lb_program program;
	char unscreened[256];
};
int lb_program_show(struct lb_op *op, const struct lb_program_show_in *in,
		    struct lb_program_show_out *out, lb_err *e);

/* The quotas set for single years (program quota), by year. */
int lb_program_quota_each(lb_db *db, const struct lb_program *p,
			  int (*fn)(void *arg, int year, int64_t quota, lb_err *e), void *arg,
			  lb_err *e);

/* Set a program's quota for one year, year and quota as typed. */
struct lb_program_quota_in {
	const char *code, *year, *quota;
};
struct lb_program_quota_out {
	struct lb_program program;
	int year;
	int64_t quota;
};
int lb_program_quota_change(struct lb_op *op, const struct lb_program_quota_in *in,
			    struct lb_program_quota_out *out, lb_err *e);

#endif
