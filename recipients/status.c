/*
 * status.c — a recipient's statuses. See status.h.
 */
#include "recipients/status.h"

#include <stddef.h>
#include <string.h>

static const char *const statuses[] = { "aktif", "meninggal", "pindah", "mampu", "nonaktif" };

int lb_status_valid(const char *s)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (s && strcmp(s, statuses[i]) == 0)
			return 1;
	return 0;
}

const char *lb_status_list(void)
{
	return "aktif, meninggal, pindah, mampu, nonaktif";
}
