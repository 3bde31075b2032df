/*
 * screening.h — checking recipients against other lists of NIKs: the
 * recipients of PKH or Program Sembako, the death register, civil
 * servants. These are the findings auditors (BPK) report most.
 *
 * Owns the tables screening_list, screening_entry and screening_hit. A
 * list is a snapshot: screening again under the same name replaces its
 * entries and its hits (a hit still on the list keeps its first date).
 * Entries are kept so that recipients registered later are screened too
 * (lb_screen_recipients, called by add and import). They are personal
 * data like recipient.nik: no message made here contains one.
 *
 * Memory: nothing here allocates for the caller.
 */
#ifndef LB_SCREENING_H
#define LB_SCREENING_H

#include <stdint.h>

#include "core/db.h"
#include "core/op.h"
#include "core/rows.h"

#define LB_LIST_NAME_MAX 33

/* A list name: 1-32 letters, digits, '-' or '_'; stored upper-case.
 * LB_OK with out filled, or LB_EINPUT. */
int lb_screen_list_name(const char *in, char out[LB_LIST_NAME_MAX], lb_err *e);

struct lb_screen_result {
	long rows;      /* data rows read */
	long entries;   /* distinct NIKs on the list */
	long hits;      /* recipients on it */
	long new_hits;  /* of those, not on the previous version of the list */
	long dropped;   /* hits of the previous version no longer on it */
	long changed;   /* statuses set with set_status */
	long rejected;  /* bad rows left out (rejects) */
};

/*
 * Read FILE.csv (a header with the column nik, optionally name and note)
 * as list `list`, flag every recipient on it and, when set_status is not
 * NULL, give those recipients that status (day, reason "on screening list
 * NAME") unless they have it already. Malformed NIKs are reported per row
 * through sink and nothing is written (LB_EINPUT). One transaction.
 * With rejects (the CLI's --skip-invalid --rejects FILE) the bad rows are
 * left out and written to that file with their reason (core/sheet.h), and
 * the good ones make the list.
 */
int lb_screen_import(lb_db *db, const char *path, const char *list, const char *set_status,
		     const char *day, const char *operator, const char *rejects,
		     const struct lb_rows *sink, struct lb_screen_result *res, lb_err *e);

/* The columns and headings a list file may have (core/sheet.h), *n of
 * them: for a front end that shows the cell a bad row's reason names. */
struct lb_sheet_col;
const struct lb_sheet_col *lb_screen_columns(size_t *n);

/* Record hits for recipients with id >= from_id against every list
 * (inside the caller's transaction). *hits: new hits. */
int lb_screen_recipients(lb_db *db, int64_t from_id, long *hits, lb_err *e);

/* Does a list of that name exist? */
int lb_screen_list_exists(lb_db *db, const char *list, int *exists, lb_err *e);

/* The lists a recipient is on, in name order. */
int lb_screen_hits_of(lb_db *db, int64_t recipient_id,
		      int (*fn)(void *arg, const char *list, const char *found_at, lb_err *e),
		      void *arg, lb_err *e);

struct lb_screen_list_info {
	char name[LB_LIST_NAME_MAX];
	char source[256];
	long entries, hits;
	char imported_at[21];
	char operator[64];
};
int lb_screen_lists(lb_db *db, int (*fn)(void *arg, const struct lb_screen_list_info *l, lb_err *e),
		    void *arg, lb_err *e);

/* `recipient screen` (core/op.h): the file and options as typed; bad
 * rows are reported through rows as they are found. */
struct lb_screen_in {
	const char *file, *list;
	int skip_invalid;
	/* check and count everything (hits, new, dropped, statuses that
	 * would change), write nothing; with bad rows the counts are the
	 * good rows' and the result is still LB_EINPUT */
	int dry_run;
	const char *rejects, *set_status, *date, *delimiter;
	const struct lb_rows *rows;
};
struct lb_screen_out {
	char list[LB_LIST_NAME_MAX]; /* the name as stored */
	struct lb_screen_result result;
};
int lb_screen_run(struct lb_op *op, const struct lb_screen_in *in, struct lb_screen_out *out,
		  lb_err *e);

#endif
