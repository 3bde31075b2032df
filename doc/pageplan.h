/*
 * pageplan.h — where a table's rows break across pages when what follows
 * the table (totals, the closing words, the signature blocks) must stand
 * on the same page as its last rows: auditors reject a signature page
 * detached from what it signs. Rows move to the next page rather than
 * leaving the signatures alone.
 *
 * Pure arithmetic on heights (points), so the rule is tested without
 * drawing. Memory: the caller owns every array.
 */
#ifndef LB_PAGEPLAN_H
#define LB_PAGEPLAN_H

#include <stddef.h>

/* Rows of heights h[0..n-1] go on pages: the first page has first points
 * for rows (below what precedes the table), every later page next points.
 * tail points must follow the last row on its page. per_page[i] receives
 * the rows of page i. Returns the number of pages (>= 1), or -1 when
 * max_pages is not enough or a row or the tail can never fit (a row
 * taller than next, or the tail with one row taller than next).
 * With n == 0 the tail goes on the first page if it fits there. */
int lb_page_plan(const double *h, size_t n, double first, double next, double tail, size_t *per_page,
		 int max_pages);

/* The words at the foot of page of pages: "Halaman 2 dari 5". Every
 * document numbers its pages with these, so they read the same on the BAST,
 * the handover lists and the reports. out gets at most n bytes. */
void lb_page_label(char *out, size_t n, int page, int pages);

#endif
