/*
 * location.h — places stock can be (location): warehouses (gudang) and
 * distribution points (titik salur) hold it; suppliers and the ledger's
 * own outside accounts (@SUPPLY, @RECIPIENTS, @ADJUST) are where it comes
 * from and goes to, so that every movement is double-entry and each
 * item's balances over all locations sum to zero.
 *
 * Warehouses and points are "internal": their balances never go below
 * zero. Suppliers and the @ accounts are "external": their balances are
 * the mirror image (a supplier's is minus what it delivered).
 *
 * Writers run inside the caller's transaction; lb_location_create and
 * lb_location_change are the operations (core/op.h) behind `location add`
 * and `location edit`, which own theirs.
 *
 * Memory: lb_location is a fixed-size value the caller owns.
 */
#ifndef LB_LOCATION_H
#define LB_LOCATION_H

#include <stdint.h>
#include "core/db.h"
#include "core/op.h"
#include "inventory/names.h"

enum lb_loc_kind {
	LB_LOC_WAREHOUSE = 1,
	LB_LOC_POINT = 2,
	LB_LOC_SUPPLIER = 3,
	LB_LOC_EXTERNAL = 4, /* @SUPPLY, @RECIPIENTS, @ADJUST */
};

/* The ledger's own accounts, created with the schema. */
#define LB_LOC_SUPPLY "@SUPPLY"         /* receipts without a named supplier */
#define LB_LOC_RECIPIENTS "@RECIPIENTS" /* packages handed to recipients */
#define LB_LOC_ADJUST "@ADJUST"         /* write-offs, finds, count differences */

#define LB_VILLAGE_LEN 14 /* NN.NN.NN.NNNN */

struct lb_location {
	int64_t id;
	char code[LB_CODE_MAX + 2]; /* room for the @ accounts' codes */
	enum lb_loc_kind kind;
	char name[LB_NAME_MAX + 1];
	char village[LB_VILLAGE_LEN + 1]; /* "" when not set */
};

static inline int lb_loc_internal(enum lb_loc_kind k)
{
	return k == LB_LOC_WAREHOUSE || k == LB_LOC_POINT;
}

/* "warehouse" ↔ LB_LOC_WAREHOUSE ...; parse refuses "external" (the @
 * accounts are made by the schema, not by hand). */
int lb_loc_kind_parse(const char *s, enum lb_loc_kind *out, lb_err *e);
const char *lb_loc_kind_name(enum lb_loc_kind k);

/* A Kemendagri village code's shape: NN.NN.NN.NNNN. */
int lb_village_check_shape(const char *s, lb_err *e);

/* Add a location (loc->id is ignored; *id receives the new one, id may be
 * NULL). The village's shape is checked, and once region data has been
 * imported (a region_village table with rows), that it exists. */
int lb_location_add(lb_db *db, const struct lb_location *loc, int64_t *id, lb_err *e);

/* Correct a location's name or village (NULL keeps one; village ""
 * clears it), checked as lb_location_add checks them. The @ accounts
 * cannot be edited (LB_ERULE). out (may be NULL) receives the result. */
int lb_location_edit(lb_db *db, const char *code, const char *name, const char *village,
		     struct lb_location *out, lb_err *e);

/* The operation `location add`. */
struct lb_location_in {
	const char *code;    /* (required) */
	const char *kind;    /* warehouse, point, supplier (required) */
	const char *name;    /* (required) */
	const char *village; /* NN.NN.NN.NNNN, or NULL */
};
int lb_location_create(struct lb_op *op, const struct lb_location_in *in, struct lb_location *out,
		       lb_err *e);

/* The operation `location edit`: name or village (one at least; village
 * "" clears it). */
struct lb_location_edit_in {
	const char *code; /* (required) */
	const char *name, *village;
};
int lb_location_change(struct lb_op *op, const struct lb_location_edit_in *in, struct lb_location *out,
		       lb_err *e);

/* By code, case-insensitively (the @ accounts included): LB_OK, or
 * LB_EINPUT "unknown location 'X'". */
int lb_location_find(lb_db *db, const char *code, struct lb_location *out, lb_err *e);
int lb_location_get(lb_db *db, int64_t id, struct lb_location *out, lb_err *e);

/* Every location in code order, the @ accounts only when with_external.
 * fn's non-zero return stops and is returned. */
typedef int (*lb_location_fn)(void *arg, const struct lb_location *loc, lb_err *e);
int lb_location_each(lb_db *db, int with_external, lb_location_fn fn, void *arg, lb_err *e);

#endif
