/*
 * test_stock_ops.c — the operations behind the inventory and core
 * commands (inventory/stock.h, item.h, location.h; core/period.h): each
 * refuses bad input with the message the command line shows and writes
 * nothing, and a success returns what the front ends print.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/db.h"
#include "core/hash.h"
#include "core/op.h"
#include "core/period.h"
#include "inventory/item.h"
#include "inventory/location.h"
#include "inventory/stock.h"

struct fx {
	char dir[64], path[96];
	lb_db *db;
	struct lb_op op;
};

static int64_t count_of(struct fx *f, const char *sql)
{
	int64_t n = -1;
	lb_err e;
	assert_int_equal(lb_db_int(f->db, sql, 0, &n, &e), LB_OK);
	return n;
}

/* Every table an operation here may write, summed: "nothing written"
 * means this does not move. */
static int64_t rows(struct fx *f)
{
	return count_of(f, "SELECT (SELECT count(*) FROM item) + (SELECT count(*) FROM item_pack)"
			   " + (SELECT count(*) FROM location) + (SELECT count(*) FROM lot)"
			   " + (SELECT count(*) FROM movement) + (SELECT count(*) FROM stock_count)"
			   " + (SELECT count(*) FROM period_close)");
}

static void ok(int rc, const lb_err *e)
{
	if (rc)
		fail_msg("unexpected failure %d: %s", rc, e->msg);
}

static void receive(struct fx *f, const char *qty, const char *lot, const char *cost)
{
	struct lb_receive_in in = { .to = "GD", .item = "BERAS", .qty = qty, .lot = lot, .unit_cost = cost,
				    .date = "2026-01-10", .expiry = "2026-12-31" };
	struct lb_receive_out out;
	lb_err e = { 0 };

	ok(lb_stock_receive(&f->op, &in, &out, &e), &e);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct lb_item_in item = { .code = "BERAS", .name = "Beras", .unit = "kg" };
	struct lb_location_in gd = { .code = "GD", .kind = "warehouse", .name = "Gudang" };
	struct lb_location_in pt = { .code = "PT", .kind = "point", .name = "Titik" };
	struct lb_item it;
	struct lb_location loc;
	lb_err e = { 0 };

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/lumbung-tso.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	assert_int_equal(lb_hash_init(&e), LB_OK);
	assert_int_equal(lb_db_open(f->path, LB_DB_CREATE, &f->db, &e), LB_OK);
	lb_op_init(&f->op, f->db, "test");
	ok(lb_item_create(&f->op, &item, &it, &e), &e);
	ok(lb_location_create(&f->op, &gd, &loc, &e), &e);
	ok(lb_location_create(&f->op, &pt, &loc, &e), &e);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[128];

	lb_op_release(&f->op);
	lb_db_close(f->db);
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s/i.csv", f->dir);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void test_item_create(void **state)
{
	struct fx *f = *state;
	const char *packs[] = { "rak=30", "peti=360" };
	struct lb_item_in in = { .code = "TELUR", .name = "Telur", .unit = "butir",
				 .packs = { packs, 2, 2 }, .shelf_life = "20" };
	struct lb_item_in dup = { .code = "beras", .name = "Beras lagi", .unit = "kg" };
	const char *bad_packs[] = { "rak" };
	struct lb_item_in bad = { .code = "X", .name = "X", .unit = "kg", .packs = { bad_packs, 1, 1 } };
	struct lb_item out;
	lb_err e = { 0 };
	int64_t before;

	ok(lb_item_create(&f->op, &in, &out, &e), &e);
	assert_true(out.id > 0);
	assert_string_equal(out.code, "TELUR");
	assert_int_equal(out.shelf_life_days, 20);
	assert_int_equal(out.units.npacks, 2);
	assert_string_equal(out.units.packs[1].name, "peti");
	assert_int_equal(out.units.packs[1].factor, 360);

	before = rows(f);
	/* exists-then-insert: refused, naming the code as stored */
	assert_int_equal(lb_item_create(&f->op, &dup, &out, &e), LB_ERULE);
	assert_string_equal(e.msg, "cannot add item 'beras': item 'BERAS' exists already");
	assert_int_equal(lb_item_create(&f->op, &bad, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--pack 'rak' is not NAME=FACTOR (e.g. rak=30)");
	bad.packs.n = 0;
	bad.shelf_life = "0";
	assert_int_equal(lb_item_create(&f->op, &bad, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--shelf-life '0' must be greater than zero");
	assert_int_equal(rows(f), before);
}

static void test_location_create_and_change(void **state)
{
	struct fx *f = *state;
	struct lb_location_in bad = { .code = "GD2", .kind = "gudang", .name = "Gudang 2" };
	struct lb_location_in dup = { .code = "gd", .kind = "warehouse", .name = "Gudang" };
	struct lb_location_edit_in none = { .code = "GD" };
	struct lb_location_edit_in at = { .code = "@ADJUST", .name = "Koreksi" };
	struct lb_location_edit_in rename = { .code = "pt", .name = "Titik Salur Desa" };
	struct lb_location out;
	lb_err e = { 0 };
	int64_t before = rows(f);

	assert_int_equal(lb_location_create(&f->op, &bad, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg,
			    "--kind 'gudang' is not a kind of location (choose warehouse, point or supplier)");
	assert_int_equal(lb_location_create(&f->op, &dup, &out, &e), LB_ERULE);
	assert_string_equal(e.msg, "cannot add location 'gd': location 'GD' exists already");
	assert_int_equal(lb_location_change(&f->op, &none, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "location edit: give --name or --village (see 'lumbung location edit --help')");
	assert_int_equal(lb_location_change(&f->op, &at, &out, &e), LB_ERULE);
	assert_true(strncmp(e.msg, "location edit: ", 15) == 0);
	assert_int_equal(rows(f), before);

	ok(lb_location_change(&f->op, &rename, &out, &e), &e);
	assert_string_equal(out.code, "PT");
	assert_string_equal(out.name, "Titik Salur Desa");
	assert_int_equal(out.kind, LB_LOC_POINT);
}

static void test_move(void **state)
{
	struct fx *f = *state;
	struct lb_move_in in = { .from = "GD", .to = "PT", .item = "BERAS", .qty = "30", .date = "2026-01-11",
				 .id = "MV-1" };
	struct lb_move_out out;
	lb_err e = { 0 };
	int64_t before;

	receive(f, "50", "L1", "14000");
	ok(lb_stock_move(&f->op, &in, &out, &e), &e);
	assert_string_equal(out.item.code, "BERAS");
	assert_string_equal(out.from.code, "GD");
	assert_string_equal(out.to.code, "PT");
	assert_int_equal(out.qty, 30);
	assert_int_equal(out.post.n, 1);
	assert_int_equal(out.post.already, 0);

	/* the same id again: found, nothing new */
	before = rows(f);
	ok(lb_stock_move(&f->op, &in, &out, &e), &e);
	assert_int_equal(out.post.already, 1);
	assert_int_equal(rows(f), before);

	in.id = NULL;
	in.qty = "21";
	assert_int_equal(lb_stock_move(&f->op, &in, &out, &e), LB_ERULE);
	assert_string_equal(e.msg, "cannot move 21 kg of 'BERAS' from 'GD': only 20 kg there (unexpired)");
	in.item = "GULA";
	assert_int_equal(lb_stock_move(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown item 'GULA' (see 'lumbung item list')");
	in.item = "BERAS";
	in.qty = "0";
	assert_int_equal(lb_stock_move(&f->op, &in, &out, &e), LB_EINPUT);
	in.qty = "1";
	in.to = "NOWHERE";
	assert_int_equal(lb_stock_move(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown location 'NOWHERE' (see 'lumbung location list')");
	in.to = "PT";
	in.date = "2026-02-30";
	assert_int_equal(lb_stock_move(&f->op, &in, &out, &e), LB_EINPUT);
	assert_int_equal(rows(f), before);
}

static void test_adjust_count_reverse(void **state)
{
	struct fx *f = *state;
	struct lb_adjust_in adj = { .at = "GD", .item = "BERAS", .qty = "-5", .reason = "busuk",
				    .date = "2026-01-12" };
	struct lb_count_in cnt = { .at = "GD", .item = "BERAS", .counted = "40", .date = "2026-01-13",
				   .reason = "susut" };
	struct lb_reverse_in rev = { .movement = "abc", .reason = "salah ketik", .date = "2026-01-14" };
	struct lb_adjust_out aout;
	struct lb_count_out cout;
	struct lb_reverse_out rout;
	lb_err e = { 0 };
	int64_t before;

	receive(f, "50", "L1", "14000");
	before = rows(f);
	assert_int_equal(lb_stock_adjust(&f->op, &adj, &aout, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--reason 'busuk' is not a reason (choose rusak, hilang, kedaluwarsa or lain)");
	assert_int_equal(lb_stock_reverse(&f->op, &rev, &rout, &e), LB_EINPUT);
	assert_string_equal(e.msg, "MOVEMENT_ID 'abc' is not a whole number");
	assert_int_equal(rows(f), before);

	adj.reason = "rusak";
	ok(lb_stock_adjust(&f->op, &adj, &aout, &e), &e);
	assert_int_equal(aout.qty, -5);
	assert_string_equal(aout.at.code, "GD");
	assert_int_equal(aout.post.n, 1);

	ok(lb_stock_count(&f->op, &cnt, &cout, &e), &e);
	assert_int_equal(cout.counted, 40);
	assert_int_equal(cout.res.expected, 45);
	assert_int_equal(cout.res.variance, -5);
	assert_int_equal(cout.res.post.n, 1);

	rev.movement = "3"; /* the write-off */
	ok(lb_stock_reverse(&f->op, &rev, &rout, &e), &e);
	assert_int_equal(rout.movement_id, 3);
	assert_int_equal(rout.post.n, 1);
	assert_int_equal(count_of(f, "SELECT sum(qty) FROM balance JOIN location ON location.id = location_id"
				     " WHERE location.code = 'GD'"),
			 45);
}

static void test_lot_second_truck(void **state)
{
	struct fx *f = *state;
	struct lb_receive_in in = { .to = "GD", .item = "BERAS", .qty = "10", .lot = "l1", .unit_cost = "15000",
				    .date = "2026-01-11", .expiry = "2026-12-31" };
	struct lb_receive_out out;
	lb_err e = { 0 };
	int64_t before;

	receive(f, "50", "L1", "14000");
	before = rows(f);
	assert_int_equal(lb_stock_receive(&f->op, &in, &out, &e), LB_ERULE);
	assert_string_equal(e.msg, "lot 'L1' of 'BERAS' exists with unit cost Rp14.000, not Rp15.000: a second"
				   " receipt into a lot must match it (or use a new lot code)");
	assert_int_equal(rows(f), before);

	/* the same lot again: one more movement into the same lot */
	in.unit_cost = "14000";
	ok(lb_stock_receive(&f->op, &in, &out, &e), &e);
	assert_int_equal(count_of(f, "SELECT count(*) FROM lot"), 1);
	assert_int_equal(rows(f), before + 1);
}

static void test_questions(void **state)
{
	struct fx *f = *state;
	struct lb_balance_in bal = { .lot = "L1" };
	struct lb_ledger_in led = { .item = "BERAS", .lot = "L9" };
	struct lb_expiring_in exp = { .within = "7", .at = "PT" };
	struct lb_balance_filter bf;
	struct lb_ledger_filter lf;
	struct lb_expiring_filter ef;
	lb_err e = { 0 };

	receive(f, "50", "L1", "14000");
	assert_int_equal(lb_stock_balance_filter(&f->op, &bal, &bf, &e), LB_EINPUT);
	assert_string_equal(e.msg, "stock balance: --lot needs --item (lot codes belong to an item)");
	bal.item = "beras";
	bal.as_of = "2026-01-31";
	ok(lb_stock_balance_filter(&f->op, &bal, &bf, &e), &e);
	assert_true(bf.item_id > 0 && bf.lot_id > 0 && bf.has_as_of);
	assert_int_equal(bf.location_id, 0);

	assert_int_equal(lb_stock_ledger_filter(&f->op, &led, &lf, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown lot 'L9' of 'BERAS' (see 'lumbung stock balance --item BERAS')");

	ok(lb_stock_expiring_filter(&f->op, &exp, &ef, &e), &e);
	assert_int_equal(ef.within, 7);
	assert_true(ef.location_id > 0);
	assert_int_equal(ef.today, f->op.today);
	exp.within = "36501";
	assert_int_equal(lb_stock_expiring_filter(&f->op, &exp, &ef, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--within '36501' is out of range (0 to 36500)");
}

static void test_import_dry_run(void **state)
{
	struct fx *f = *state;
	char path[128];
	struct lb_stock_import_in in = { .file = path, .dry_run = 1 };
	struct lb_import_result out;
	lb_err e = { 0 };
	FILE *fp;
	int64_t before = rows(f);

	snprintf(path, sizeof path, "%s/i.csv", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("type,date,to,item,qty,lot,expiry,unit_cost\n"
	      "receive,2026-01-10,GD,BERAS,20,L5,2026-12-31,14000\n", fp);
	assert_int_equal(fclose(fp), 0);

	ok(lb_stock_import(&f->op, &in, &out, &e), &e);
	assert_int_equal(out.rows, 1);
	assert_int_equal(out.receipts, 1);
	assert_int_equal(out.movements, 1);
	assert_int_equal(rows(f), before); /* a dry run leaves no trace */
	assert_false(lb_db_in_tx(f->db));

	in.dry_run = 0;
	ok(lb_stock_import(&f->op, &in, &out, &e), &e);
	assert_int_equal(rows(f), before + 2); /* the lot and its movement */
}

static void test_period_close_refusals(void **state)
{
	struct fx *f = *state;
	struct lb_period_close_in in = { .period = "2026-13", .yes = 1 };
	struct lb_period_close_info info;
	lb_err e = { 0 };
	int64_t before = rows(f);

	lb_period_close_info_init(&info);
	assert_int_equal(lb_period_close_month(&f->op, &in, &info, &e), LB_EINPUT);
	in.period = "2026-01";
	in.reason = "audit";
	assert_int_equal(lb_period_close_month(&f->op, &in, &info, &e), LB_EINPUT);
	assert_string_equal(e.msg, "period close: --reason goes with --early");
	in.reason = NULL;
	in.yes = 0;
	assert_int_equal(lb_period_close_month(&f->op, &in, &info, &e), LB_EINPUT);
	assert_string_equal(e.msg, "period 2026-01 was not closed: closing is for good; confirm with --yes");
	assert_int_equal(info.unconfirmed, 1);
	assert_int_equal(info.open_kits, 0);
	assert_int_equal(f->op.nwarn, 0);
	assert_int_equal(rows(f), before);

	in.yes = 1;
	ok(lb_period_close_month(&f->op, &in, &info, &e), &e);
	assert_int_equal(rows(f), before + 1);
	assert_int_equal(f->op.nwarn, 0); /* no kits out: nothing to warn of */
	lb_period_close_info_release(&info);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_item_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_location_create_and_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adjust_count_reverse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lot_second_truck, setup, teardown),
		cmocka_unit_test_setup_teardown(test_questions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_close_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
