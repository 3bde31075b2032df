/*
 * init.h — creating a new database (`lumbung init`): the schema, the
 * office's name, this database's id and kind (meta.h) and, when given,
 * its time zone (settings.h). The time zone is checked before the file
 * is made, so that a typo creates nothing.
 *
 * Memory: the opened database is handed to the caller, who closes it.
 */
#ifndef LB_INIT_H
#define LB_INIT_H

#include "db.h"

struct lb_init_in {
	const char *org;      /* NULL: "Dinas Sosial"; "" is refused */
	const char *timezone; /* Asia/Jakarta, Asia/Makassar, Asia/Jayapura; NULL: the default (WITA) */
};
struct lb_init_out {
	const char *org;    /* the name stored (in->org or the default) */
	int schema_version;
};
int lb_init_db(const char *path, const struct lb_init_in *in, lb_db **db, struct lb_init_out *out,
	       lb_err *e);

#endif
