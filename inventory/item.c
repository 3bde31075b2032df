/*
 * item.c — items and packs. See item.h.
 */
#include "inventory/item.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/money.h"

/* Shelf life: a hundred years is longer than any food keeps. */
#define SHELF_LIFE_MAX 36500

int lb_pack_parse(const char *s, struct lb_unit *out, lb_err *e)
{
	const char *eq = strchr(s, '=');
	char name[LB_UNIT_LEN + 8], what[64];
	size_t len;
	int rc;

	if (!eq)
		return lb_fail(e, LB_EINPUT, "--pack '%s' is not NAME=FACTOR (e.g. rak=30)", s);
	len = (size_t)(eq - s);
	if (len >= sizeof name)
		return lb_fail(e, LB_EINPUT, "--pack '%s': the pack name is too long (at most %d characters)",
			       s, LB_UNIT_LEN - 1);
	memcpy(name, s, len);
	name[len] = '\0';
	if ((rc = lb_unit_name_check(name, "--pack name", e)))
		return rc;
	snprintf(what, sizeof what, "--pack %s", name);
	if ((rc = lb_int_parse(eq + 1, what, 1, LB_AMOUNT_MAX, &out->factor, e)))
		return rc;
	snprintf(out->name, sizeof out->name, "%s", name);
	return LB_OK;
}

static int check_item(const struct lb_item *it, lb_err *e)
{
	const struct lb_units *u = &it->units;
	int rc;

	if ((rc = lb_code_check(it->code, "item code", e)) ||
	    (rc = lb_text_check(it->name, "--name", LB_NAME_MAX, 1, e)) ||
	    (rc = lb_unit_name_check(u->base, "--unit", e)))
		return rc;
	if (it->shelf_life_days < 0 || it->shelf_life_days > SHELF_LIFE_MAX)
		return lb_fail(e, LB_EINPUT, "--shelf-life %d is out of range (1 to %d days)",
			       it->shelf_life_days, SHELF_LIFE_MAX);
	if (u->npacks < 0 || u->npacks > LB_PACKS_MAX)
		return lb_fail(e, LB_EINPUT, "too many packs (at most %d)", LB_PACKS_MAX);
	for (int i = 0; i < u->npacks; i++) {
		if ((rc = lb_unit_name_check(u->packs[i].name, "--pack name", e)))
			return rc;
		if (u->packs[i].factor < 1 || u->packs[i].factor > LB_AMOUNT_MAX)
			return lb_fail(e, LB_EINPUT, "--pack %s: the factor must be a whole number from 1",
				       u->packs[i].name);
		if (strcasecmp(u->packs[i].name, u->base) == 0)
			return lb_fail(e, LB_EINPUT, "--pack %s: that is the base unit already", u->packs[i].name);
		for (int j = 0; j < i; j++)
			if (strcasecmp(u->packs[i].name, u->packs[j].name) == 0)
				return lb_fail(e, LB_EINPUT, "--pack %s is given twice", u->packs[i].name);
	}
	return LB_OK;
}

int lb_item_add(lb_db *db, const struct lb_item *it, int64_t *id, lb_err *e)
{
	lb_stmt *st, *find;
	int64_t newid;
	char now[21];
	int rc, inserted;

	if ((rc = check_item(it, e)))
		return rc;
	lb_now_utc(now);
	if (!(find = lb_db_prepare(db, "SELECT id FROM item WHERE code = ?1", e)) ||
	    !(st = lb_db_prepare(db,
				 "INSERT INTO item(code, name, unit, shelf_life_days, created_at)"
				 " VALUES (?1, ?2, ?3, ?4, ?5)", e)))
		return LB_ESYS;
	lb_bind_text(find, 1, it->code);
	lb_bind_text(st, 1, it->code);
	lb_bind_text(st, 2, it->name);
	lb_bind_text(st, 3, it->units.base);
	if (it->shelf_life_days > 0)
		lb_bind_int(st, 4, it->shelf_life_days);
	lb_bind_text(st, 5, now);
	if ((rc = lb_db_insert_or_get(db, find, st, &newid, &inserted, e)))
		return rc;
	if (!inserted) {
		struct lb_item old;
		if ((rc = lb_item_get(db, newid, &old, e)))
			return rc;
		return lb_fail(e, LB_ERULE, "cannot add item '%s': item '%s' exists already", it->code, old.code);
	}
	st = lb_db_prepare(db, "INSERT INTO item_pack(item_id, name, factor) VALUES (?1, ?2, ?3)", e);
	if (!st)
		return LB_ESYS;
	for (int i = 0; i < it->units.npacks; i++) {
		lb_stmt_reset(st);
		lb_bind_int(st, 1, newid);
		lb_bind_text(st, 2, it->units.packs[i].name);
		lb_bind_int(st, 3, it->units.packs[i].factor);
		if ((rc = lb_step_done(st, e)))
			return rc;
	}
	if (id)
		*id = newid;
	return LB_OK;
}

static int load_packs(lb_db *db, struct lb_item *it, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
				    "SELECT name, factor FROM item_pack WHERE item_id = ?1 ORDER BY factor, name", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, it->id);
	it->units.npacks = 0;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_unit *p;
		if (it->units.npacks == LB_PACKS_MAX)
			continue; /* more than add allows: keep the first */
		p = &it->units.packs[it->units.npacks++];
		snprintf(p->name, sizeof p->name, "%s", lb_col_text(st, 0));
		p->factor = lb_col_int(st, 1);
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static void fill(lb_stmt *st, struct lb_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = lb_col_int(st, 0);
	snprintf(it->code, sizeof it->code, "%s", lb_col_text(st, 1));
	snprintf(it->name, sizeof it->name, "%s", lb_col_text(st, 2));
	snprintf(it->units.base, sizeof it->units.base, "%s", lb_col_text(st, 3));
	it->shelf_life_days = (int)lb_col_int(st, 4);
}

#define ITEM_COLS "SELECT id, code, name, unit, shelf_life_days FROM item"

int lb_item_find(lb_db *db, const char *code, struct lb_item *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, ITEM_COLS " WHERE code = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "unknown item '%s' (see 'lumbung item list')", code);
	if (rc != LB_ROW)
		return rc;
	fill(st, out);
	lb_stmt_reset(st);
	return load_packs(db, out, e);
}

int lb_item_get(lb_db *db, int64_t id, struct lb_item *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, ITEM_COLS " WHERE id = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "no item with id %lld", (long long)id);
	if (rc != LB_ROW)
		return rc;
	fill(st, out);
	lb_stmt_reset(st);
	return load_packs(db, out, e);
}

int lb_item_each(lb_db *db, lb_item_fn fn, void *arg, lb_err *e)
{
	/* Uncached: load_packs uses another cached statement while this one
	 * is still stepping. */
	lb_stmt *st = lb_db_prepare_once(db, ITEM_COLS " ORDER BY code", e);
	struct lb_item it;
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		fill(st, &it);
		if ((rc = load_packs(db, &it, e)) || (rc = fn(arg, &it, e)))
			break;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_item_create(struct lb_op *op, const struct lb_item_in *in, struct lb_item *it, lb_err *e)
{
	int64_t days;
	int rc;

	memset(it, 0, sizeof *it);
	if (strlen(in->code) > LB_CODE_MAX || strlen(in->name) > LB_NAME_MAX || strlen(in->unit) >= LB_UNIT_LEN)
		return lb_fail(e, LB_EINPUT, "item add: the code, --name or --unit is too long");
	snprintf(it->code, sizeof it->code, "%s", in->code);
	snprintf(it->name, sizeof it->name, "%s", in->name);
	snprintf(it->units.base, sizeof it->units.base, "%s", in->unit);
	if (in->shelf_life) {
		if ((rc = lb_int_parse(in->shelf_life, "--shelf-life", 1, SHELF_LIFE_MAX, &days, e)))
			return rc;
		it->shelf_life_days = (int)days;
	}
	if (in->packs.n > LB_PACKS_MAX)
		return lb_fail(e, LB_EINPUT, "item add: at most %d packs", LB_PACKS_MAX);
	for (size_t i = 0; i < in->packs.n; i++)
		if ((rc = lb_pack_parse(in->packs.v[i], &it->units.packs[it->units.npacks++], e)))
			return rc;
	if ((rc = lb_op_begin(op, e)))
		return rc;
	return lb_op_end(op, lb_item_add(op->db, it, &it->id, e), e);
}
