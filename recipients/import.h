/*
 * import.h — registering recipients in bulk from a CSV file (`recipient
 * import`), as village officers and the DTSEN extract deliver them.
 *
 * Columns (header row, any order, names case-insensitive; an unknown,
 * misspelt, repeated or missing column refuses the file):
 *   required: nik, kk, name, sex, birth_date, address, village, category, desil
 *   optional: phone, proxy_name, proxy_nik, point
 * Cells may be empty where recipient add's options are optional (kk, sex,
 * birth_date, address, desil, phone, proxy_*, point).
 *
 * All or nothing by default: every bad row is reported (row, column,
 * reason) through the sink and then nothing is written. With skip_invalid
 * the good rows are registered and the bad ones written to the rejects
 * file: the same columns plus `reason`, ready to fix and import again.
 * A NIK already registered, or on an earlier row of the file, is a bad
 * row; likely duplicates are registered and flagged for review.
 *
 * Memory: bounded by the longest row, plus 4 bytes per imported row (to
 * name the earlier row of a NIK repeated in the file); nothing is left
 * for the caller to free.
 */
#ifndef LB_RECIPIENT_IMPORT_H
#define LB_RECIPIENT_IMPORT_H

#include "core/db.h"
#include "core/op.h"
#include "core/rows.h"

struct lb_import_opts {
	int dry_run;          /* check and count everything, write nothing */
	int skip_invalid;     /* register the good rows; needs rejects */
	int accept_mismatch;  /* as recipient add --accept-mismatch, for every row */
	const char *rejects;  /* file for the bad rows (skip_invalid only) */
	const struct lb_rows *sink;
};

struct lb_recipient_import_result {
	long rows;              /* data rows read */
	long imported;          /* registered (dry run: would be) */
	long rejected;          /* bad rows */
	long duplicates;        /* likely duplicates flagged for review */
	long hits;              /* recipients found on screening lists */
	long mismatches;        /* registered with --accept-mismatch despite the NIK */
	long unknown_districts; /* NIKs whose district is not in the region data */
};

int lb_recipient_import(lb_db *db, const char *path, const struct lb_import_opts *o,
			struct lb_recipient_import_result *res, lb_err *e);

/* The columns and headings the import reads (core/sheet.h), *n of them:
 * for a front end that shows the cell a bad row's reason names. */
struct lb_sheet_col;
const struct lb_sheet_col *lb_recipient_import_columns(size_t *n);

/* `recipient import` (core/op.h): the file and options as typed; bad
 * rows go to rows as they are found, row warnings become the
 * operation's warnings (recipients/rows.h). */
struct lb_recipient_import_in {
	const char *file;
	int dry_run, skip_invalid, accept_mismatch;
	const char *rejects, *delimiter;
	const struct lb_rows *rows;
};
int lb_recipient_import_run(struct lb_op *op, const struct lb_recipient_import_in *in,
			    struct lb_recipient_import_result *out, lb_err *e);

#endif
