/*
 * serve.h — which distribution point serves which village.
 *
 * Owns the table point_village. The rule, in one place: a village is
 * served by the point named for it with `location serve`, else by the
 * point created with that village (location.village; the lowest id when
 * several were). A recipient's own point (recipient.point_id) overrides
 * both; that choice is made by the callers (allocation), which use
 * lb_point_map_build for the whole village list at once.
 *
 * Memory: nothing here allocates for the caller.
 */
#ifndef LB_SERVE_H
#define LB_SERVE_H

#include <stdint.h>

#include "core/cli.h"
#include "core/db.h"
#include "core/op.h"

#define LB_LOCATION_CODE_MAX 33

struct lb_point {
	int64_t id;
	char code[LB_LOCATION_CODE_MAX];
	char name[128];
	char village[16]; /* "" when created without one */
};

/* A location of kind 'point' by code: LB_OK, or LB_EINPUT "unknown
 * location 'X'" / "'GD-TGR' is a warehouse, not a distribution point". */
int lb_point_find(lb_db *db, const char *code, struct lb_point *out, lb_err *e);
int lb_point_get(lb_db *db, int64_t id, struct lb_point *out, int *found, lb_err *e);

/* Make point_code serve each village (a village served by another point
 * moves to this one; *moved counts those). Unknown villages are
 * LB_EINPUT, nothing written. One transaction. */
int lb_point_serve(lb_db *db, const char *point_code, const char *const *villages, size_t n,
		   long *added, long *moved, long *unchanged, lb_err *e);

/* The point serving a village under the rule above; *found = 0 when none. */
int lb_point_for_village(lb_db *db, const char *village, struct lb_point *out, int *found,
			 lb_err *e);

/* Every village a point serves, by code. */
int lb_point_villages(lb_db *db, int64_t point_id,
		      int (*fn)(void *arg, const char *village, const char *name, int by_creation,
				lb_err *e),
		      void *arg, lb_err *e);

/* (Re)create temp.village_point(village TEXT PRIMARY KEY, point_id) for
 * every village some point serves, so that set-based SQL (allocation)
 * applies the same rule as lb_point_for_village. Call inside the caller's
 * transaction; lb_point_map_drop removes it. */
int lb_point_map_build(lb_db *db, lb_err *e);
void lb_point_map_drop(lb_db *db);

/* The operation behind `location serve` (core/op.h): make a point serve
 * the villages given (lb_point_serve, one transaction), or with none
 * only find the point, whose villages lb_point_villages then lists. */
struct lb_serve_in {
	const char *point;       /* code (required) */
	struct lb_strv villages; /* Kemendagri village codes; may be empty */
};
struct lb_serve_out {
	struct lb_point point;
	long added, moved, unchanged;
};
int lb_serve_villages(struct lb_op *op, const struct lb_serve_in *in, struct lb_serve_out *out,
		      lb_err *e);

#endif
