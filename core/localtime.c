/*
 * localtime.c — UTC to the office's fixed-offset zone. See localtime.h.
 */
#include "localtime.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "settings.h"

static const struct lb_zone zones[] = {
	{ "Asia/Jakarta", "WIB", 7 * 60 },
	{ "Asia/Makassar", "WITA", 8 * 60 },
	{ "Asia/Jayapura", "WIT", 9 * 60 },
};

int lb_zone_parse(const char *name, struct lb_zone *out)
{
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		if (strcmp(name, zones[i].name) == 0) {
			*out = zones[i];
			return 0;
		}
	return -1;
}

int lb_zone_get(lb_db *db, struct lb_zone *out, lb_err *e)
{
	lb_buf v;
	int rc;

	lb_buf_init(&v);
	rc = lb_setting_get(db, "timezone", &v, e);
	if (rc == LB_OK && lb_zone_parse(v.data, out))
		rc = lb_fail(e, LB_ESYS, "setting 'timezone' holds '%.40s', which is no zone", v.data);
	lb_buf_release(&v);
	return rc;
}

void lb_time_local(const struct lb_zone *z, const char *utc, char out[32])
{
	int y, mo, d, h, mi, ty, tm, td;
	long minutes;
	lb_day day;

	if (strlen(utc) < 17 || utc[4] != '-' || utc[7] != '-' || utc[10] != 'T' || utc[13] != ':' ||
	    strspn(utc, "0123456789") != 4 ||
	    sscanf(utc, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 ||
	    !lb_date_valid(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59) {
		snprintf(out, 32, "%s", utc);
		return;
	}
	minutes = (long)h * 60 + mi + z->offset_min;
	day = lb_day_from_ymd(y, mo, d) + (lb_day)(minutes / 1440);
	minutes %= 1440;
	lb_day_to_ymd(day, &ty, &tm, &td);
	snprintf(out, 32, "%04d-%02d-%02d %02ld:%02ld %s", ty % 10000, tm, td, minutes / 60,
		 minutes % 60, z->abbr);
}
