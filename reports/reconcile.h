/*
 * reconcile.h — reconciliation of a program's round (rekonsiliasi
 * penyaluran): what was allocated against what was handed over, and the
 * value of the goods that left the points against the budget.
 *
 * Every allocation of the round falls in exactly one class:
 *
 *   redeemed            a redemption in force, made by the recipient
 *   redeemed_by_proxy   a redemption in force, collected by a proxy (wakil)
 *   revoked             not redeemed, and a slip of it was revoked (with or
 *                       without a reissued slip)
 *   not_collected       not redeemed, no slip revoked
 *   cancelled           not redeemed, the allocation was cancelled
 *
 * "In force" is as of the round's last day: a redemption dated by then and
 * not undone by then. Allocations (for the budget and the rate) are every
 * class but cancelled. Refused attempts dated within the round are listed
 * with their reason when they concern one of its allocations, or — with no
 * allocation known (a forged or unknown slip), or a slip of another round
 * — when they were made at one of its points.
 *
 * The value handed out is taken from the lots actually issued: the sum of
 * qty × lot.unit_cost over the 'issue' movements of the redemptions in
 * force, less any reversal of them, everything dated by the round's last
 * day. The budget is allocations × monthly value × round months.
 *
 * Only rows dated within the round are read (and revocations and slips,
 * which carry a timestamp, not a business day, up to when the round's last
 * month was closed), so the reconciliation of a closed round never
 * changes.
 *
 * The main statement is one join over the round's allocations in index
 * order (redemptions and the movements' value through covering indexes of
 * migration 5); villages are totalled as the rows stream past, and the
 * allocations not redeemed are noted in a temporary table for their
 * listing, so a million allocations take one pass and no sort.
 *
 * Memory: struct lb_recon owns its village and district arrays (free with
 * lb_recon_free). Rows handed to callbacks live until the callback
 * returns.
 */
#ifndef LB_RECONCILE_H
#define LB_RECONCILE_H

#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "doc/rdoc.h"

/* A program's round, as the reports need it. */
struct lb_round {
	int64_t program_id;
	char code[64];
	char name[128];
	char funding[8];          /* APBD, APBN */
	int64_t monthly_value;    /* rupiah per recipient per month */
	int round_months;
	int64_t quota;            /* for the round's year */
	int period;               /* the round's first month, year*12 + month-1 */
	char ps[8];               /* 2026-01 */
	char period_id[24];       /* Januari 2026 (with "– Maret 2026" for longer rounds) */
	char first_day[11];       /* the round's first and last day, YYYY-MM-DD */
	char last_day[11];
	int closed;               /* every month of the round is closed */
	char closed_at[21];       /* when its last month was closed (UTC), "" while open */
	int64_t allocations;      /* rows in allocation, cancelled included */
};

/* Find program's round starting in period: LB_EINPUT for an unknown
 * program or a month that starts none of its rounds, LB_ERULE when the
 * round has no allocations yet. */
int lb_round_find(lb_db *db, const char *program, int period, struct lb_round *out, lb_err *e);

enum lb_recon_class {
	LB_RC_REDEEMED,
	LB_RC_PROXY,
	LB_RC_NOT_COLLECTED,
	LB_RC_REVOKED,
	LB_RC_CANCELLED,
	LB_RC_N
};

/* The class of an allocation from the facts above (the rule in one place). */
int lb_recon_classify(int redeemed, int by_proxy, int cancelled, int revoked);
/* "redeemed", "redeemed_by_proxy", "not_collected", "revoked", "cancelled" */
const char *lb_recon_class_key(int cls);
/* What people read: "ditebus sendiri", "ditebus wakil", ... */
const char *lb_recon_class_label(int cls);

/* Refusal reasons, as finance groups them. */
enum lb_recon_reason {
	LB_RR_FORGED,         /* forged, unknown_key, unreadable */
	LB_RR_DUPLICATE,      /* already_redeemed */
	LB_RR_WRONG_PERIOD,   /* wrong_program_or_period, expired, period_closed */
	LB_RR_UNKNOWN_SERIAL, /* unknown_serial */
	LB_RR_CONFLICT,       /* conflict: redeemed here or on another field kit first */
	LB_RR_OTHER,          /* revoked, wrong_point, no_stock */
	LB_RR_N
};
/* The group of an attempt's outcome code; -1 for accepted, undone or an
 * unknown code. */
int lb_recon_reason(const char *outcome);
const char *lb_recon_reason_key(int reason);   /* "forged", "duplicate", ... */
const char *lb_recon_reason_label(int reason); /* "palsu/tidak terbaca", ... */

/* Counts and sums of a set of allocations (a village, a district, all). */
struct lb_recon_sums {
	int64_t allocations;      /* every class but cancelled */
	int64_t by_class[LB_RC_N];
	int64_t budget;           /* allocations × monthly value × months */
	int64_t issued_value;     /* rupiah, from the lots issued */
};

/* Count one allocation of class cls whose goods were worth value. The
 * rupiah sums are checked: LB_ERULE naming the figure that would pass
 * INT64_MAX, s then unchanged in that figure. */
int lb_recon_add(struct lb_recon_sums *s, int cls, int64_t value, int64_t package_budget, lb_err *e);
int lb_recon_merge(struct lb_recon_sums *into, const struct lb_recon_sums *s, lb_err *e);
int64_t lb_recon_redeemed(const struct lb_recon_sums *s); /* both redeemed classes */

struct lb_recon_area {
	char code[24];            /* village or district code */
	char name[128];
	char district[24];        /* villages: their district's code */
	char district_name[128];
	struct lb_recon_sums s;
};

struct lb_recon {
	struct lb_round round;
	struct lb_recon_sums total;
	int64_t reissued;         /* allocations with a reissued slip (any class) */
	int64_t package_budget;   /* monthly value × months: one package's budget */
	struct lb_recon_area *villages; /* by district, then village code */
	size_t nvillages;
	struct lb_recon_area *districts;
	size_t ndistricts;
	int exceptions;           /* the run collected the allocations not redeemed */
	int64_t refused;          /* refused attempts of the round */
	int64_t by_reason[LB_RR_N];
};

/* One allocation as listed. */
struct lb_recon_alloc {
	int64_t id;
	const char *name;
	char nik_masked[17];
	const char *village, *village_name;
	const char *point, *point_name;
	char serial[12];          /* the latest slip's serial, "" when none */
	int cls;
	const char *day;          /* redemption day, "" when not redeemed */
	const char *proxy;        /* "" unless by proxy */
	int64_t value;
	int reissued;             /* a slip was reissued */
	char method[64];          /* redeemed: how (voucher/method.h), in words; "" otherwise */
	char method_code[48];     /*   and as a code */
};

/* One refused attempt as listed. */
struct lb_recon_attempt {
	int64_t id;
	const char *day, *at, *point, *serial, *outcome, *detail, *source, *kit_id;
	int reason;
	int64_t allocation_id;    /* 0 when none was known */
	char at_local[32];        /* at in the office's zone ("2026-01-13 09:00 WITA") */
};

/* A late entry of the round: a redemption of one of its allocations,
 * dated within it, loaded from a scanner file more than a day after the
 * scanner's time (LB_LATE_ENTRY_DAYS, voucher/redemption.h). Both times
 * in the office's zone ("2026-01-13 09:00 WITA"), and as stored (UTC)
 * for scripts. */
struct lb_recon_late {
	int64_t redemption_id;
	const char *day, *point, *name, *operator;
	char serial[16];
	char scanned[32], entered[32];     /* local */
	const char *scanned_utc, *entered_utc;
	int64_t hours_late;                /* whole hours from scan to entry */
	int undone;                        /* undone by the round's last day */
};
/* Each late entry of the round (of one village's recipients when village
 * is not NULL), oldest redemption first. */
int lb_recon_each_late(lb_db *db, const struct lb_round *round, const char *village,
		       int (*fn)(void *arg, const struct lb_recon_late *l, lb_err *e), void *arg, lb_err *e);

/* The totals, villages and districts (and, with on_attempt, each refused
 * attempt) of the round, in one read snapshot when the caller holds one. */
int lb_recon_run(lb_db *db, const struct lb_round *round, struct lb_recon *out,
		 int (*on_attempt)(void *arg, const struct lb_recon_attempt *a, lb_err *e), void *arg,
		 lb_err *e);
void lb_recon_free(struct lb_recon *r);

enum lb_recon_list {
	LB_RL_NONE,
	LB_RL_EXCEPTIONS,  /* every allocation not redeemed, by village and name */
	LB_RL_ALL,         /* every allocation, in allocation order */
	LB_RL_ALL_SORTED,  /* every allocation, by village and name */
};

/* List allocations of the round (village: only recipients of it; NULL
 * all). LB_RL_EXCEPTIONS lists those the run of the same round (run)
 * found not redeemed, which it kept in a temporary table (temp.recon_exc)
 * of this connection; the others need no run (NULL). */
int lb_recon_each_alloc(lb_db *db, const struct lb_round *round, const struct lb_recon *run,
			int which, const char *village,
			int (*fn)(void *arg, const struct lb_recon_alloc *a, lb_err *e), void *arg,
			lb_err *e);

/* The `reconcile` command's output: totals, districts, villages, the
 * allocations per list, refused attempts. */
int lb_recon_report(lb_db *db, const char *program, int period, int list,
		    const struct lb_rdoc_opts *ro, lb_err *e);

/* `report recipients`: every allocation of the round (of one village, or
 * all), by village and name, with its class, date, proxy and value. */
int lb_recipients_report(lb_db *db, const char *program, int period, const char *village,
			 const struct lb_rdoc_opts *ro, lb_err *e);

/* The statements the reconciliation runs, with this round's values in
 * place of the parameters, ready for the sqlite3 shell: so an auditor (or
 * the benchmark) can run the same joins with another tool. list (enum
 * lb_recon_list) picks the listing statement, as for lb_recon_report. */
int lb_recon_sql(const struct lb_round *round, int list, lb_buf *out, lb_err *e);

/* Begin and end the read snapshot the reports take their figures from. */
int lb_report_snapshot(lb_db *db, lb_err *e);
void lb_report_snapshot_end(lb_db *db);

#endif
