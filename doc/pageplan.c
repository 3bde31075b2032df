/*
 * pageplan.c — rows and the tail that must stay with them. See pageplan.h.
 */
#include "doc/pageplan.h"

#include <stdio.h>

int lb_page_plan(const double *h, size_t n, double first, double next, double tail, size_t *per_page,
		 int max_pages)
{
	double avail = first;
	size_t i = 0;
	int pages = 0;

	for (size_t k = 0; k < n; k++)
		if (h[k] > next)
			return -1;
	if (n && h[n - 1] + tail > next)
		return -1;
	if (!n && tail > first && tail > next)
		return -1;
	for (;;) {
		double used = 0, rest = 0;
		size_t take = 0;

		if (pages == max_pages)
			return -1;
		for (size_t k = i; k < n; k++)
			rest += h[k];
		/* everything left, and the tail, fits: the last page */
		if (rest + tail <= avail) {
			per_page[pages++] = n - i;
			return pages;
		}
		/* as many rows as fit ... */
		while (i + take < n && used + h[i + take] <= avail)
			used += h[i + take++];
		/* ... but never all of them: the last rows go with the tail */
		if (i + take == n && take)
			take--;
		/* an empty statement whose tail does not fit its first page */
		per_page[pages++] = take;
		i += take;
		avail = next;
	}
}

void lb_page_label(char *out, size_t n, int page, int pages)
{
	snprintf(out, n, "Halaman %d dari %d", page, pages);
}
