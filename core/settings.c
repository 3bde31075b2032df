/*
 * settings.c — the declared settings and their storage. See settings.h.
 */
#include "settings.h"

#include <stdio.h>
#include <string.h>

#include "meta.h"

/* Indonesia has three time zones and no daylight saving, so the three
 * names are all a setting needs and no tzdata is read. */
static int check_timezone(const char *name, const char *val, lb_err *e)
{
	static const char *const zones[] = { "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura" };

	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		if (strcmp(val, zones[i]) == 0)
			return LB_OK;
	return lb_fail(e, LB_EINPUT,
		       "setting '%s': '%s' is not an Indonesian time zone: use Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
		       name, val);
}

const struct lb_setting_def lb_settings[] = {
	/* time (issue 14) */
	{ "timezone", "Asia/Makassar",
	  "the office's time zone for every time shown or printed: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)",
	  check_timezone },

	/* office documents (issue 15) */

	{ 0 },
};

const struct lb_setting_def *lb_setting_find(const char *name)
{
	for (const struct lb_setting_def *d = lb_settings; d->name; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

static int valid_text(const char *name, const char *val, lb_err *e)
{
	const unsigned char *p = (const unsigned char *)val;

	/* Control characters would break a printed line or a JSON value;
	 * the UTF-8 itself is checked by the byte patterns below. */
	while (*p) {
		int n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3
			: (*p & 0xf8) == 0xf0 ? 4 : 0;
		if (*p < 0x20 || *p == 0x7f)
			return lb_fail(e, LB_EINPUT, "setting '%s': control characters are not allowed", name);
		if (n == 0 || (n == 2 && *p < 0xc2))
			return lb_fail(e, LB_EINPUT, "setting '%s': the value is not valid UTF-8", name);
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return lb_fail(e, LB_EINPUT, "setting '%s': the value is not valid UTF-8", name);
		p += n;
	}
	if (strlen(val) > 1000)
		return lb_fail(e, LB_EINPUT, "setting '%s': longer than 1000 bytes", name);
	return LB_OK;
}

int lb_setting_get(lb_db *db, const char *name, lb_buf *val, lb_err *e)
{
	const struct lb_setting_def *d = lb_setting_find(name);
	char key[128];
	int found, rc;

	if (!d)
		return lb_fail(e, LB_EINPUT, "unknown setting '%s': 'lumbung settings' lists them", name);
	snprintf(key, sizeof key, "setting.%s", name);
	if ((rc = lb_meta_get(db, key, val, &found, e)))
		return rc;
	if (!found || !val->len) {
		lb_buf_reset(val);
		return lb_buf_adds(val, d->deflt, e);
	}
	return LB_OK;
}

int lb_setting_set(lb_db *db, const char *name, const char *val, lb_err *e)
{
	const struct lb_setting_def *d = lb_setting_find(name);
	char key[128];
	int rc;

	if (!d)
		return lb_fail(e, LB_EINPUT, "unknown setting '%s': 'lumbung settings' lists them", name);
	if ((rc = valid_text(name, val, e)))
		return rc;
	if (*val && d->check && (rc = d->check(name, val, e)))
		return rc;
	snprintf(key, sizeof key, "setting.%s", name);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_meta_set(db, key, val, e))) {
		lb_db_rollback(db);
		return rc;
	}
	return lb_db_commit(db, e);
}
