/*
 * bast.h — Berita Acara Serah Terima (BAST): the statement, one per
 * village, that the packages of a program's round were handed over. It
 * names the recipients who received (NIK masked), what each got and its
 * value, the total in figures and in words (terbilang), and has the
 * signature blocks of the one handing over (Yang Menyerahkan) and the one
 * receiving (Yang Menerima) with places for name, NIP and signature.
 *
 * The statement is dated with the last day packages were handed over in
 * the village within the round (15 Januari 2026, with its weekday), so
 * that printing it again later gives the same document; its number is
 * BAST/<program>/<YYYY-MM>/<village code>.
 *
 * Memory: nothing here allocates for the caller.
 */
#ifndef LB_BAST_H
#define LB_BAST_H

#include "core/date.h"
#include "core/db.h"
#include "doc/rdoc.h"

/* "Minggu" .. "Sabtu". */
const char *lb_bast_weekday(lb_day day);

/* The statement for village (its region code), or for every village of
 * the round with packages handed over when village is NULL, each on its
 * own pages (PDF) or sheet (XLSX). */
int lb_bast_report(lb_db *db, const char *program, int period, const char *village,
		   const struct lb_rdoc_opts *ro, lb_err *e);

/* The villages of the round where packages were handed over (those
 * lb_bast_report writes a statement for when village is NULL), by
 * district and code, with how many packages were handed over in each.
 * fn's non-zero return stops the walk and is returned. An unknown
 * program or round is LB_EINPUT, as for lb_bast_report; a round with no
 * handover calls fn never. */
struct lb_bast_village {
	const char *code, *name, *district;
	int64_t handed;
};
int lb_bast_villages(lb_db *db, const char *program, int period,
		     int (*fn)(void *arg, const struct lb_bast_village *v, lb_err *e), void *arg, lb_err *e);

#endif
