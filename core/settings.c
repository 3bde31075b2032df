/*
 * settings.c — the declared settings and their storage. See settings.h.
 */
#include "settings.h"

#include <stdio.h>
#include <string.h>

#include "meta.h"
#include "text.h"

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
	snprintf(key, sizeof key, "setting '%s'", name);
	if ((rc = lb_text_check(val, key, 1000, 0, e)))
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
