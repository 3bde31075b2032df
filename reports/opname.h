/*
 * opname.h — Berita Acara Stock Opname: the statement of a stock count at
 * one location on one day, as offices file it. Every item counted there
 * that day, with the book quantity, what was counted, the difference and
 * why (stock count --reason), in packs and base units; the kop, a number
 * from office.number.opname, the date spelled out, and the signatories of
 * office.stock.signers kept on the page of the table's last rows.
 *
 * Memory: nothing here allocates for the caller.
 */
#ifndef LB_OPNAME_H
#define LB_OPNAME_H

#include "core/date.h"
#include "core/db.h"

/* Write the PDF to path (private, whole: core/file.h; an existing file
 * only with force) for the counts at location (its code) on day, or on
 * the last day it was counted when day is 0. LB_EINPUT for an unknown
 * location or no count there (that day). *rows receives the lines. */
int lb_opname_report(lb_db *db, const char *location, lb_day day, const char *path, int force, long *rows,
		     lb_err *e);

#endif
