/*
 * localtime.h — times shown in the office's time zone.
 *
 * Stored times stay UTC ("2026-12-02T01:04:50Z", lb_now_utc); whatever
 * people read is local: the setting `timezone` (core/settings.h) is one
 * of Indonesia's three zones, each a fixed offset without daylight
 * saving, so no tzdata is needed: Asia/Jakarta +7 (WIB), Asia/Makassar
 * +8 (WITA), Asia/Jayapura +9 (WIT).
 *
 * Memory: nothing allocates; outputs are caller-owned arrays.
 */
#ifndef LB_LOCALTIME_H
#define LB_LOCALTIME_H

#include "db.h"

struct lb_zone {
	const char *name; /* Asia/Makassar */
	const char *abbr; /* WITA */
	int offset_min;   /* 480 */
};

/* The zone of a name; -1 when it is none of the three. */
int lb_zone_parse(const char *name, struct lb_zone *out);
/* The office's zone from the settings (the default when unset). */
int lb_zone_get(lb_db *db, struct lb_zone *out, lb_err *e);

/* A stored UTC time (YYYY-MM-DDTHH:MM[:SS]Z) as the office reads it:
 * "2026-12-02 09:04 WITA". Text that is not such a time is copied as it
 * is, so that a damaged value still shows. */
void lb_time_local(const struct lb_zone *z, const char *utc, char out[32]);

#endif
