/*
 * kitcheck.h — the field kit changeset checker: a kit's log is a list of
 * SQLite session changesets, read here by our own parser (never by
 * sqlite3changeset_apply) and checked value by value, so that a kit
 * brought back from the field can neither crash nor hang the office.
 * Fuzzed by tests/fuzz/fuzz_fieldkit.c.
 *
 * Memory: lb_kit_changes is owned by the caller and released with
 * lb_kit_changes_free.
 */
#ifndef LB_KITCHECK_H
#define LB_KITCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"

/* ---- the changeset checker ---- */

struct lb_kit_redemption {
	int64_t id, voucher_id, allocation_id, point_id;
	char day[11];
	char redeemed_at[26];
	char operator[65];
	int has_proxy;
	char proxy[128];
	int manual;
	int has_override;
	char override_reason[256];
	char source[8];
	int has_manual_reason;
	char manual_reason[256];
};

struct lb_kit_undo {
	int64_t redemption_id;
	char reason[256];
	char day[11];
	char undone_at[26];
	char operator[65];
};

struct lb_kit_attempt {
	int64_t id;
	char at[26];
	char day[11];
	int64_t point_id;
	char operator[65];
	char serial[12];        /* "" when NULL */
	int64_t voucher_id, allocation_id, redemption_id; /* 0 when NULL */
	char payload[513];
	int outcome;            /* enum lb_outcome */
	char detail[1024];
	char source[8];
	char file[256];         /* "" when NULL */
	int64_t line;           /* 0 when NULL */
};

struct lb_kit_movement {
	int64_t id;
	int reverse;            /* 0: kind 'issue'; 1: kind 'reverse' */
	char day[11];
	int64_t item_id, lot_id, from_id, to_id, qty;
	char reason[501];       /* "" when NULL */
	int64_t reverses, redemption_id; /* 0 when NULL */
	char operator[65];
	char posted_at[26];
};

struct lb_kit_changes {
	struct lb_kit_redemption *red;
	size_t nred, capred;
	struct lb_kit_undo *undo;
	size_t nundo, capundo;
	struct lb_kit_attempt *att;
	size_t natt, capatt;
	struct lb_kit_movement *mov;
	size_t nmov, capmov;
};

void lb_kit_changes_free(struct lb_kit_changes *c);

/* The columns of the four tables, in the order a changeset carries them;
 * the import compares them with the database's (PRAGMA table_info). */
extern const char *const lb_kit_cols_redemption[];
extern const char *const lb_kit_cols_undo[];
extern const char *const lb_kit_cols_attempt[];
extern const char *const lb_kit_cols_movement[];

/*
 * Check n bytes as one kit log changeset and append its rows to out.
 * LB_EINPUT naming the first problem: not a changeset (or a patchset),
 * a change that is not an INSERT, a table other than the four, a wrong
 * column count or primary key, a value of the wrong type, a text too long
 * or with control characters, a date, time, code or number out of range.
 * Needs no database and touches none; on failure out keeps only the rows
 * of earlier calls.
 */
int lb_kit_changeset_check(const void *data, size_t n, struct lb_kit_changes *out, lb_err *e);

/* One value of a change: SQLITE_INTEGER (i), SQLITE_FLOAT, SQLITE_TEXT
 * or SQLITE_BLOB (p, n, pointing into the changeset), SQLITE_NULL. */
#define LB_KIT_MAX_COLS 64
struct lb_kit_cval {
	int type;
	int64_t i;
	const unsigned char *p;
	size_t n;
};

/* Walk every change of a changeset; fn sees each INSERT's values (index
 * 1-based). A change that is not an INSERT, or a damaged changeset,
 * stops the walk with LB_EINPUT; fn's non-zero return stops it too.
 * *count: the changes walked. */
typedef int (*lb_kit_insert_fn)(void *arg, long index, const char *table, int ncol, const unsigned char *pk,
				const struct lb_kit_cval *v, lb_err *e);
int lb_kit_changeset_walk(const unsigned char *d, size_t n, lb_kit_insert_fn fn, void *arg, long *count, lb_err *e);

/* Grow an array p of *cap elements of size bytes so that it holds n + 1:
 * the new array (p itself when it has room), NULL when out of memory (p
 * untouched). */
void *lb_kit_grow(void *p, size_t *cap, size_t n, size_t size);

#endif
