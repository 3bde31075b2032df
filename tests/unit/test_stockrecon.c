/*
 * test_stockrecon.c — the month's stock reconciliation
 * (reports/stockrecon.h) on a scratch database whose journal is posted
 * through inventory/journal.h: opening stock from the month before,
 * receipts, moves, an issue, a write-off, a move reversed (counted as a
 * negative under its own kind, not as a receipt) and a move of the next
 * month (left out), checked per location and item against the formula
 * and the journal's own balance, narrowed to a village, and as a report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "inventory/journal.h"
#include "reports/stockrecon.h"
#include "world.h"

struct ids {
	int64_t beras, minyak, gd, pos, sup, move5;
};

static void post(struct w *w, int (*fn)(lb_db *, const void *, struct lb_post_result *, lb_err *),
		 const void *req, struct lb_post_result *res)
{
	lb_err e;

	w_ok(lb_db_begin(w->db, &e), &e);
	w_ok(fn(w->db, req, res, &e), &e);
	w_ok(lb_db_commit(w->db, &e), &e);
}

static int receive(lb_db *db, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_journal_receive(db, r, res, e);
}
static int move(lb_db *db, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_journal_move(db, r, res, e);
}
static int issue(lb_db *db, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_journal_issue(db, r, res, e);
}
static int adjust(lb_db *db, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_journal_adjust(db, r, res, e);
}
static int reverse(lb_db *db, const void *r, struct lb_post_result *res, lb_err *e)
{
	return lb_journal_reverse(db, r, res, e);
}

static void rcv(struct w *w, struct ids *d, int64_t item, const char *lot, int64_t qty, int64_t cost,
		lb_day expiry, lb_day day)
{
	struct lb_receive_req r = { 0 };
	struct lb_post_result res;

	r.item_id = item;
	r.to_id = d->gd;
	r.supplier_id = d->sup;
	r.qty = qty;
	r.lot = lot;
	r.has_expiry = 1;
	r.expiry = expiry;
	r.unit_cost = cost;
	r.day = day;
	r.operator = "gudang";
	post(w, receive, &r, &res);
}

static int64_t mv(struct w *w, struct ids *d, int64_t item, int64_t qty, lb_day day)
{
	struct lb_move_req r = { 0 };
	struct lb_post_result res;

	r.item_id = item;
	r.from_id = d->gd;
	r.to_id = d->pos;
	r.qty = qty;
	r.day = day;
	r.operator = "gudang";
	post(w, move, &r, &res);
	assert_int_equal(res.n, 1);
	return res.first_id;
}

static struct ids *g_ids;

static int group_setup(void **state)
{
	struct w *w = w_open("stockrecon", "2026-02-05");
	struct ids *d = calloc(1, sizeof *d);
	struct lb_issue_req is = { 0 };
	struct lb_adjust_req ad = { 0 };
	struct lb_reverse_req rv = { 0 };
	struct lb_post_result res;

	assert_non_null(d);
	d->beras = w_item(w, "BERAS", "Beras medium", "kg");
	d->minyak = w_item(w, "MINYAK", "Minyak goreng", "liter");
	d->gd = w_location(w, "GD-TGR", LB_LOC_WAREHOUSE, "Gudang Tenggarong", "64.02.06.1006");
	d->pos = w_location(w, "POS-JHB", LB_LOC_POINT, "Kantor Desa Jahab", "64.02.06.1001");
	d->sup = w_location(w, "SUP-BULOG", LB_LOC_SUPPLIER, "Perum BULOG", "");
	/* December: the opening stock */
	rcv(w, d, d->beras, "BRS-A", 100, 14000, lb_day_from_ymd(2026, 6, 30), lb_day_from_ymd(2025, 12, 10));
	/* January */
	rcv(w, d, d->beras, "BRS-B", 50, 15500, lb_day_from_ymd(2026, 12, 31), lb_day_from_ymd(2026, 1, 3));
	rcv(w, d, d->minyak, "MYK-A", 24, 18000, lb_day_from_ymd(2026, 10, 31), lb_day_from_ymd(2026, 1, 3));
	mv(w, d, d->beras, 40, lb_day_from_ymd(2026, 1, 5));
	d->move5 = mv(w, d, d->beras, 5, lb_day_from_ymd(2026, 1, 6));
	is.item_id = d->beras;
	is.from_id = d->pos;
	is.qty = 10;
	is.day = lb_day_from_ymd(2026, 1, 15);
	is.operator = "penyalur";
	post(w, issue, &is, &res);
	ad.item_id = d->beras;
	ad.at_id = d->pos;
	ad.qty = -2;
	ad.reason = "rusak";
	ad.day = lb_day_from_ymd(2026, 1, 20);
	ad.operator = "gudang";
	post(w, adjust, &ad, &res);
	rv.movement_id = d->move5;
	rv.reason = "salah kirim";
	rv.day = lb_day_from_ymd(2026, 1, 21);
	rv.operator = "gudang";
	post(w, reverse, &rv, &res);
	/* February: not January's */
	mv(w, d, d->beras, 10, lb_day_from_ymd(2026, 2, 2));
	*state = w;
	g_ids = d;
	return 0;
}

static int group_teardown(void **state)
{
	w_close(*state);
	free(g_ids);
	return 0;
}

struct got {
	int n;
	struct lb_stockrecon_row r[8];
	char loc[8][16], item[8][16], count_day[8][11];
};

static int collect(void *arg, const struct lb_stockrecon_row *r, lb_err *e)
{
	struct got *g = arg;

	(void)e;
	assert_true(g->n < 8);
	g->r[g->n] = *r;
	snprintf(g->loc[g->n], sizeof g->loc[g->n], "%s", r->location);
	snprintf(g->item[g->n], sizeof g->item[g->n], "%s", r->item);
	snprintf(g->count_day[g->n], sizeof g->count_day[g->n], "%s", r->count_day);
	g->n++;
	return LB_OK;
}

static void expect_row(const struct got *g, int i, const char *loc, const char *item, int64_t opening,
		       int64_t received, int64_t moved_in, int64_t moved_out, int64_t issued,
		       int64_t adjusted, int64_t closing, int64_t value)
{
	const struct lb_stockrecon_row *r = &g->r[i];

	assert_string_equal(g->loc[i], loc);
	assert_string_equal(g->item[i], item);
	assert_int_equal(r->opening, opening);
	assert_int_equal(r->received, received);
	assert_int_equal(r->moved_in, moved_in);
	assert_int_equal(r->moved_out, moved_out);
	assert_int_equal(r->issued, issued);
	assert_int_equal(r->adjusted, adjusted);
	assert_int_equal(r->closing, closing);
	assert_int_equal(r->journal, closing);
	assert_int_equal(r->closing_value, value);
	assert_int_equal(r->opening + r->received + r->moved_in - r->moved_out - r->issued - r->adjusted,
			 r->closing);
}

static void test_january(void **state)
{
	struct w *w = *state;
	struct lb_stockrecon_filter f = { 2026 * 12 + 0, NULL };
	struct got g = { 0 };
	int checked = -1;
	lb_err e;

	w_ok(lb_stockrecon_each(w->db, &f, &checked, collect, &g, &e), &e);
	/* a movement is dated after January: the balance table is not January's */
	assert_int_equal(checked, 0);
	assert_int_equal(g.n, 3);
	/* GD: 100 from December, 50 received, 40 + 5 - 5 moved out (the
	 * reversal lowers "moved out", it is no receipt) */
	expect_row(&g, 0, "GD-TGR", "BERAS", 100, 50, 0, 40, 0, 0, 110, 60 * 14000 + 50 * 15500);
	expect_row(&g, 1, "GD-TGR", "MINYAK", 0, 24, 0, 0, 0, 0, 24, 24 * 18000);
	/* POS: 40 + 5 - 5 in, 10 issued, 2 written off */
	expect_row(&g, 2, "POS-JHB", "BERAS", 0, 0, 40, 0, 10, 2, 28, 28 * 14000);
	assert_string_equal(g.count_day[2], "");
}

static void test_december_and_village(void **state)
{
	struct w *w = *state;
	struct lb_stockrecon_filter dec = { 2025 * 12 + 11, NULL };
	struct lb_stockrecon_filter jhb = { 2026 * 12 + 0, "64.02.06.1001" };
	struct got g = { 0 };
	int checked;
	lb_err e;

	w_ok(lb_stockrecon_each(w->db, &dec, &checked, collect, &g, &e), &e);
	assert_int_equal(g.n, 1);
	expect_row(&g, 0, "GD-TGR", "BERAS", 0, 100, 0, 0, 0, 0, 100, 100 * 14000);
	memset(&g, 0, sizeof g);
	w_ok(lb_stockrecon_each(w->db, &jhb, &checked, collect, &g, &e), &e);
	assert_int_equal(g.n, 1);
	expect_row(&g, 0, "POS-JHB", "BERAS", 0, 0, 40, 0, 10, 2, 28, 28 * 14000);
}

/* February is the current month with nothing after it: the closing
 * figures are checked against the balance table too. */
static void test_february_balance(void **state)
{
	struct w *w = *state;
	struct lb_stockrecon_filter feb = { 2026 * 12 + 1, NULL };
	struct got g = { 0 };
	int checked = -1;
	lb_err e;

	w_ok(lb_stockrecon_each(w->db, &feb, &checked, collect, &g, &e), &e);
	assert_int_equal(checked, 1);
	assert_int_equal(g.n, 3);
	expect_row(&g, 0, "GD-TGR", "BERAS", 110, 0, 0, 10, 0, 0, 100, 50 * 14000 + 50 * 15500);
	assert_int_equal(g.r[0].has_balance, 1);
	assert_int_equal(g.r[0].balance, 100);
	expect_row(&g, 2, "POS-JHB", "BERAS", 28, 0, 10, 0, 0, 0, 38, 38 * 14000);
	assert_int_equal(g.r[2].balance, 38);
}

static void test_report_json(void **state)
{
	struct w *w = *state;
	struct lb_stockrecon_filter f = { 2026 * 12 + 0, NULL };
	struct lb_rdoc_opts ro = { 0 };
	char path[160];
	const char *j;
	lb_err e;

	snprintf(path, sizeof path, "%s/stock.json", w->dir);
	ro.fmt = LB_FMT_JSON;
	ro.path = path;
	ro.title = "Rekonsiliasi persediaan";
	ro.org = "Dinas Sosial";
	w_ok(lb_stockrecon_report(w->db, &f, NULL, &ro, &e), &e);
	j = w_read(path);
	assert_non_null(strstr(j, "\"closing\": 110"));
	assert_non_null(strstr(j, "\"closing\": 28"));
	assert_non_null(strstr(j, "\"issued\": 10"));
	/* an existing file is not replaced without force */
	assert_int_equal(lb_stockrecon_report(w->db, &f, NULL, &ro, &e), LB_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_january),
		cmocka_unit_test(test_december_and_village),
		cmocka_unit_test(test_february_balance),
		cmocka_unit_test(test_report_json),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
