/*
 * init.c — a new database. See init.h.
 */
#include "init.h"

#include "localtime.h"
#include "meta.h"
#include "schema.h"
#include "settings.h"

int lb_init_db(const char *path, const struct lb_init_in *in, lb_db **db, struct lb_init_out *out,
	       lb_err *e)
{
	struct lb_zone zone;
	int rc;

	out->org = in->org ? in->org : "Dinas Sosial";
	out->schema_version = lb_schema_latest();
	if (in->timezone && lb_zone_parse(in->timezone, &zone))
		return lb_fail(e, LB_EINPUT,
			       "init: --timezone '%.40s': give Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
			       in->timezone);
	if (!*out->org)
		return lb_fail(e, LB_EINPUT, "init: --org must not be empty");
	if ((rc = lb_db_open(path, LB_DB_CREATE, db, e)) || (rc = lb_meta_init(*db, out->org, "main", e)))
		return rc;
	return in->timezone ? lb_setting_set(*db, "timezone", in->timezone, e) : LB_OK;
}
