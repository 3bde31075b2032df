/*
 * item.h — goods (item) and their pack units (item_pack).
 *
 * An item is counted in a base unit (kg, liter, butir, kaleng); every
 * quantity of it in the ledger is a whole number of that unit. Packs name
 * larger units with exact factors (rak = 30 butir, karung = 25 kg) so that
 * staff can type what they count in. Items are never changed once they
 * have movements: the journal's quantities mean what the unit meant.
 *
 * Writers run inside the caller's transaction (lb_db_begin ... commit);
 * lb_item_create is the operation (core/op.h) behind `item add`, which
 * owns its transaction.
 *
 * Memory: lb_item is a fixed-size value the caller owns; nothing here
 * keeps a pointer to it.
 */
#ifndef LB_ITEM_H
#define LB_ITEM_H

#include <stdint.h>
#include "core/cli.h"
#include "core/db.h"
#include "core/op.h"
#include "inventory/names.h"
#include "inventory/qty.h"

struct lb_item {
	int64_t id;
	char code[LB_CODE_MAX + 1];
	char name[LB_NAME_MAX + 1];
	int shelf_life_days;   /* 0: not set */
	struct lb_units units; /* base unit and packs */
};

/* "rak=30" → name rak, factor 30. */
int lb_pack_parse(const char *s, struct lb_unit *out, lb_err *e);

/* Add an item with its packs (it->id is ignored; *id receives the new
 * one, id may be NULL). A code in use is LB_ERULE; bad fields LB_EINPUT. */
int lb_item_add(lb_db *db, const struct lb_item *it, int64_t *id, lb_err *e);

/* The operation `item add`: what was typed, checked and stored. */
struct lb_item_in {
	const char *code;       /* (required) */
	const char *name;       /* (required) */
	const char *unit;       /* the base unit (required) */
	struct lb_strv packs;   /* "NAME=FACTOR" each */
	const char *shelf_life; /* days, or NULL */
};
int lb_item_create(struct lb_op *op, const struct lb_item_in *in, struct lb_item *out, lb_err *e);

/* By code, case-insensitively: LB_OK, or LB_EINPUT "unknown item 'X'". */
int lb_item_find(lb_db *db, const char *code, struct lb_item *out, lb_err *e);
int lb_item_get(lb_db *db, int64_t id, struct lb_item *out, lb_err *e);

/* Every item in code order; fn's non-zero return stops and is returned. */
typedef int (*lb_item_fn)(void *arg, const struct lb_item *it, lb_err *e);
int lb_item_each(lb_db *db, lb_item_fn fn, void *arg, lb_err *e);

#endif
