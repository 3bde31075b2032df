/*
 * import.h — stock movements in bulk from a CSV file (stock import).
 *
 * The file has a header row naming its columns, in any order:
 *
 *   type       receive, move or adjust                        (required)
 *   date       YYYY-MM-DD; empty: today
 *   from       move: the source; receive: the supplier (empty: @SUPPLY);
 *              adjust: the location, when stock leaves it (qty < 0)
 *   to         move and receive: the destination; adjust: the location,
 *              when stock is added (qty > 0)
 *   at         adjust: the location, either sign (optional column)
 *   item       item code                                      (required)
 *   qty        as on the command line: 12, "3 rak", "2.5 liter"; signed
 *              for adjust                                     (required)
 *   lot        receive: the lot code (required); move and adjust: the
 *              lot, or empty for earliest-expiry first
 *   expiry     receive: YYYY-MM-DD; empty: the item's shelf life or none
 *   unit_cost  receive: rupiah per base unit, 14000 or 14.000
 *   ref        receive and move: document reference
 *   id         a caller-chosen movement id: a row whose id was posted
 *              before is skipped (so a file can be imported again safely)
 *   reason     adjust: rusak, hilang, kedaluwarsa or lain
 *   note       free text (optional column)
 *
 * In ref and note, line breaks and tabs (a spreadsheet cell may hold
 * them) become single spaces.
 *
 * A cell that does not apply to the row's type must be empty (a filled
 * one usually means a shifted column). The import is all-or-nothing: a
 * bad row refuses the whole file with "file 'F', row N, column 'C': why"
 * (LB_EINPUT, or LB_ERULE for a rule such as not enough stock), every bad
 * row listed through the sink, and the caller rolls its transaction back;
 * or, with --skip-invalid, the good rows are posted and the bad ones go
 * to a rejects file (below).
 *
 * The file may be CSV (comma, semicolon or tab, UTF-8 or Windows-1252) or
 * XLSX, with the headings of docs/inventory.md (core/sheet.h); dates take
 * the forms of lb_date_parse_cell.
 *
 * Memory and speed: rows are streamed (core/csv.h), never held; items,
 * locations and lots are looked up once and cached in bounded maps; the
 * statements are prepared once. Peak memory does not grow with the file.
 *
 * Runs inside the caller's transaction (which, for a dry run, the caller
 * rolls back: every rule is still checked against the real stock).
 */
#ifndef LB_IMPORT_H
#define LB_IMPORT_H

#include <stdint.h>
#include "core/date.h"
#include "core/db.h"
#include "core/rows.h"

struct lb_import_result {
	long rows;         /* data rows read */
	long receipts, moves, adjusts; /* rows posted, by type */
	long already;      /* rows skipped because their id was posted before */
	long rejected;     /* bad rows left out (skip_invalid) */
	int64_t movements; /* movements written (a FEFO row may make several) */
};

struct lb_stock_import_opts {
	int skip_invalid;    /* post the good rows; needs rejects and a sink */
	const char *rejects; /* file for the bad rows (skip_invalid only) */
};

/* today is the date of rows without one; operator records who; o may be
 * NULL (all or nothing). With a sink, every bad row is reported through
 * it (column NULL, the reason naming file, row and column) and the
 * import goes on checking the rest before it fails; without one, the
 * first bad row fails it.
 *
 * With skip_invalid the good rows are posted and the bad ones written to
 * the rejects file (core/sheet.h: the row as it came, its reason in a
 * column `reject_reason`, since `reason` is the adjust reason). A bad
 * row may have posted half its movements before it failed, and a later
 * row may have relied on it (a move of stock a bad receive brought), so
 * the file is read again from a savepoint without the bad rows, until a
 * read finds no new one: each such row is reported and rejected too.
 * Standard input cannot be read twice and is refused. */
int lb_import_stock(lb_db *db, const char *path, lb_day today, const char *operator,
		    const struct lb_stock_import_opts *o, const struct lb_rows *sink,
		    struct lb_import_result *res, lb_err *e);

/* The columns and headings the import reads (core/sheet.h), *n of them:
 * for a front end that shows the cell a bad row's reason names. */
struct lb_sheet_col;
const struct lb_sheet_col *lb_import_stock_columns(size_t *n);

#endif
