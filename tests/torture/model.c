/*
 * model.c — model-based random testing of the ledger, allocation,
 * redemption and field kits.
 *
 * A seeded generator drives the library under the CLI (the same calls
 * the commands make) through receipts, moves, issues, adjustments, stock
 * counts, reversals, allocations, voucher revocations, redemptions and
 * their undos, period closes, a key rotation, and field kits exported,
 * redeemed on offline and imported back. About one operation in six is
 * bad on purpose: an overdrawn move, an expired lot, an unknown item or
 * location, a reused id, a closed period, a lot code that disagrees with
 * its lot, a slip for another point, program or round, a slip redeemed
 * twice, an undo of nothing.
 *
 * Beside it runs a model written separately and simply: plain arrays of
 * lots with a quantity per location, a list of movements, vouchers and
 * redemptions, and the rules as the headers state them (FEFO by expiry
 * then lot, expiry on the day, idempotent ids, reversals once, nothing
 * into a closed period, the redemption rules in their order). No SQL and
 * no library code except lb_day arithmetic. For every operation the model
 * predicts the status (or the redemption outcome), the movements posted
 * (how many, from which id, how much), and afterwards the balances of
 * every (location, item) the operation touched are read back and
 * compared. Every CHECK_EVERY operations and at the end a full check
 * compares every stored balance with the model, sums each item's
 * balances (zero), looks for a negative warehouse or point, counts the
 * movements and redemptions, and runs lumbung verify (hash chain,
 * balances against the journal, double entry).
 *
 * Journal operations are batched into transactions of 1..64 (each call
 * atomic inside by its savepoint); the rest run in their own, as the
 * commands do.
 *
 * On a failure the seed and the operation are printed, and the run is
 * repeated from the same start on prefixes of the operations (binary
 * search, a full check at the end of each) to find the shortest prefix
 * that fails. Reproduce with
 *   LUMBUNG=./lumbung LUMBUNG_TORTURE_SEED=S LUMBUNG_TORTURE_SEEDS=1
 *   LUMBUNG_TORTURE_PLAN=P LUMBUNG_TORTURE_OPS=N build/torture/model
 * (PLAN, the length the run was planned for, sets how fast its calendar
 * moves; the failure message prints the whole line.)
 *
 * Sizes: make check runs 3 seeds of 1,500 operations; LUMBUNG_TORTURE=1
 * (make torture) runs one seed of 1,000,000 on one database and 10 more
 * seeds of 5,000. LUMBUNG_TORTURE_SEED, _OPS, _SEEDS, _PLAN and _CHECK
 * override.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/date.h"
#include "core/db.h"
#include "core/hash.h"
#include "core/period.h"
#include "inventory/count.h"
#include "inventory/item.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/verify.h"
#include "program/allocation.h"
#include "program/program.h"
#include "voucher/kitexport.h"
#include "voucher/kitcheck.h"
#include "voucher/kitimport.h"
#include "voucher/keys.h"
#include "voucher/redeem.h"
#include "voucher/voucher.h"
#include "tests/torture/common.h"

/* ---- the world, as the model names it ---- */

enum { I_BERAS, I_MINYAK, I_TELUR, NITEM };
enum { L_GDA, L_GDB, L_P1, L_P2, L_P3, L_SUP, L_SUPPLY, L_RECIP, L_ADJUST, NLOC };
enum { P_SEMBAKO, P_PKH, NPROG };

static const char *const item_code[NITEM] = { "BERAS", "MINYAK", "TELUR" };
static const int item_shelf[NITEM] = { 365, 0, 21 };
static const char *const loc_code[NLOC] = { "GD-A", "GD-B", "POS-1", "POS-2", "POS-3", "SUP-1",
					    "@SUPPLY", "@RECIPIENTS", "@ADJUST" };
static const char *const prog_code[NPROG] = { "SEMBAKO", "PKH" };
static const int prog_round[NPROG] = { 1, 2 };
/* Package lines, in the order the library issues them (item code). */
static const int64_t prog_pkg[NPROG][NITEM] = { { 10, 4, 30 }, { 6, 0, 0 } };

#define BAD_ID 987654321
#define FIRST_PERIOD (2026 * 12)
#define LAST_PERIOD (2027 * 12 + 11)
#define NPERIOD (LAST_PERIOD - FIRST_PERIOD + 1)
/* The months a run's calendar may reach, for closing: 2025-01 (backdated
 * postings) to 2029-12. */
#define CAL_FIRST (2025 * 12)
#define NCAL 60

static int internal(int l)
{
	return l >= 0 && l <= L_P3;
}

/* ---- days, computed here rather than borrowed (civil from days) ---- */

static int period_of(lb_day d)
{
	int64_t z = (int64_t)d + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	if (m <= 2)
		y++;
	return (int)(y * 12 + m - 1);
}

static lb_day first_day(int period)
{
	int64_t y = period / 12, m = period % 12 + 1;
	int64_t yy = m <= 2 ? y - 1 : y, era = (yy >= 0 ? yy : yy - 399) / 400, yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (lb_day)(era * 146097 + doe - 719468);
}

static lb_day last_day(int period)
{
	return first_day(period + 1) - 1;
}

/* ---- the model ---- */

enum { K_RECEIVE = 1, K_MOVE, K_ISSUE, K_ADJUST, K_COUNT, K_REVERSE };

struct mlot {
	int item;
	char code[16];
	int has_exp;
	lb_day exp;
	int64_t cost;
	int64_t q[NLOC];
	unsigned live; /* bit per location: in that location's live list */
};

struct mmov {
	lb_day day;
	unsigned char kind, item, from, to;
	int32_t lot;       /* index */
	int64_t qty;
	int32_t reversed;  /* 1 + index of the reversal, or 0 */
	int32_t red;       /* 1 + index of the redemption served, or 0 */
};

struct mkey {
	unsigned char used, kind, item, from, to;
	int32_t first;     /* movement index */
	int32_t n;
	int64_t qty;
};

struct mvch {
	int64_t id;
	int prog, period, point;
	lb_day last;
	int revoked;
	int red;           /* 1 + index of the redemption in force, or 0 */
	char serial[LB_SERIAL_TEXT_SIZE];
	char text[LB_PAYLOAD_TEXT_MAX];
};

#define RED_MOVS 64

struct mred {
	int vch;
	lb_day day;
	int undone;
	int nmov;
	int32_t mov[RED_MOVS];
};

struct ilist {
	int32_t *v;
	size_t n, cap;
};

/* A field kit: what it was given and what happened on it. */
struct take {
	int32_t lot;
	int64_t qty;
};

struct kop {
	int undo;          /* 0: an accepted redemption, 1: an undo */
	int vch;
	lb_day day;
	int copied;        /* undo: of a redemption copied at export (main index in red) */
	int red;           /* undo of a copied one: 1 + main redemption index */
	int kred;          /* undo of a kit one: its kop index */
	int ntake;
	struct take take[RED_MOVS];
	int undone;
};

struct mkit {
	int open;          /* exported and not yet imported successfully */
	int imported;      /* imported once: a second import changes nothing */
	int point, period;
	char path[300];
	int64_t *kq;       /* per lot: the kit's stock at its point */
	size_t nkq;
	int *vin;          /* per voucher: on the kit */
	int *kred;         /* per voucher: 1 + kop index of the kit redemption in force; -1 copied; 0 none */
	int *krevoked;     /* per voucher: revoked as the kit knows */
	size_t nv;
	struct kop *ops;
	size_t nops, capops;
	long exports, imports;
};

struct model {
	struct mlot *lots;
	size_t nlots, caplots;
	struct ilist live[NLOC][NITEM];
	struct mmov *movs;
	size_t nmovs, capmovs;
	struct mkey *keys;
	size_t nkeys, capkeys;
	struct mvch *v;
	size_t nv, capv;
	struct mred *red;
	size_t nred, capred;
	unsigned char closed[NCAL];
	unsigned char allocated[NPROG][NPERIOD];
	int nrcp, nlansia;
	int rcp_point_counts[3];
	struct mkit kit;
};

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 64;
	p = realloc(p, *cap * size);
	if (!p)
		tt_die("out of memory");
	return p;
}

static void live_add(struct model *m, int loc, int lot)
{
	struct ilist *l = &m->live[loc][m->lots[lot].item];

	if (m->lots[lot].live & (1u << loc))
		return;
	l->v = grow(l->v, &l->cap, l->n, sizeof *l->v);
	l->v[l->n++] = lot;
	m->lots[lot].live |= 1u << loc;
}

/* Drop lots that are gone from a live list. */
static void live_compact(struct model *m, int loc, int item)
{
	struct ilist *l = &m->live[loc][item];
	size_t k = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct mlot *lt = &m->lots[l->v[i]];
		if (lt->q[loc] != 0)
			l->v[k++] = l->v[i];
		else
			lt->live &= ~(1u << loc);
	}
	l->n = k;
}

static int lot_expired(const struct mlot *l, lb_day day)
{
	return l->has_exp && l->exp < day;
}

/* Post one movement in the model; returns its index. */
static int32_t post(struct model *m, int kind, int item, int lot, int from, int to, int64_t qty, lb_day day, int red)
{
	struct mmov *mv;

	m->movs = grow(m->movs, &m->capmovs, m->nmovs, sizeof *m->movs);
	mv = &m->movs[m->nmovs];
	memset(mv, 0, sizeof *mv);
	mv->day = day;
	mv->kind = (unsigned char)kind;
	mv->item = (unsigned char)item;
	mv->from = (unsigned char)from;
	mv->to = (unsigned char)to;
	mv->lot = lot;
	mv->qty = qty;
	mv->red = red;
	m->lots[lot].q[from] -= qty;
	m->lots[lot].q[to] += qty;
	if (internal(to))
		live_add(m, to, lot);
	return (int32_t)m->nmovs++;
}

enum fefo_mode { F_UNEXPIRED, F_EXPIRED, F_ALL };

static const struct mlot *cand_lots;

static int cand_cmp(const void *a, const void *b)
{
	const struct mlot *x = &cand_lots[*(const int32_t *)a], *y = &cand_lots[*(const int32_t *)b];

	if (x->has_exp != y->has_exp)
		return x->has_exp ? -1 : 1;
	if (x->has_exp && x->exp != y->exp)
		return x->exp < y->exp ? -1 : 1;
	return *(const int32_t *)a < *(const int32_t *)b ? -1 : *(const int32_t *)a > *(const int32_t *)b;
}

/* The last FEFO plan (fefo with out NULL writes here). */
static struct take *plan;
static size_t capplan;

/* Plan taking want of item from loc, earliest expiry first over the lots
 * mode allows, into out (at most maxout parts), or into plan when out is
 * NULL. Returns what those lots hold in all. */
static int64_t fefo(struct model *m, int item, int loc, lb_day day, int mode, int64_t want, struct take *out,
		    int *nout, int maxout)
{
	static int32_t *c;
	static size_t capc;
	struct ilist *l;
	int64_t avail = 0, got = 0;
	size_t n = 0;

	live_compact(m, loc, item);
	l = &m->live[loc][item];
	c = grow(c, &capc, l->n + 1, sizeof *c);
	for (size_t i = 0; i < l->n; i++) {
		const struct mlot *lt = &m->lots[l->v[i]];
		int exp = lot_expired(lt, day);
		if (lt->q[loc] <= 0)
			continue;
		if (mode == F_ALL || (mode == F_EXPIRED) == exp)
			c[n++] = l->v[i];
	}
	cand_lots = m->lots;
	qsort(c, n, sizeof *c, cand_cmp);
	if (!out) {
		plan = grow(plan, &capplan, n + 1, sizeof *plan);
		out = plan;
		maxout = (int)n + 1;
	}
	*nout = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t q = m->lots[c[i]].q[loc];
		avail += q;
		if (got < want && *nout < maxout) {
			int64_t t = q < want - got ? q : want - got;
			out[*nout].lot = c[i];
			out[*nout].qty = t;
			(*nout)++;
			got += t;
		}
	}
	return avail;
}

static int closed(const struct model *m, lb_day day)
{
	int p = period_of(day) - CAL_FIRST;

	return p >= 0 && p < NCAL && m->closed[p];
}

/* ---- operations ---- */

enum optype {
	O_RECEIVE, O_MOVE, O_ISSUE, O_ADJUST, O_COUNT, O_REVERSE,
	O_REDEEM, O_UNDO, O_REVOKE, O_ALLOCATE, O_CLOSE, O_ROTATE,
	O_KIT_EXPORT, O_KIT_REDEEM, O_KIT_UNDO, O_KIT_IMPORT, NOPTYPE
};

static const char *const op_name[NOPTYPE] = {
	"receive", "move", "issue", "adjust", "count", "reverse", "redeem", "undo", "revoke", "allocate",
	"close", "rotate", "kit-export", "kit-redeem", "kit-undo", "kit-import",
};

/* Redemption variants. */
enum { R_OWN, R_OTHER_POINT, R_OVERRIDE, R_SERIAL, R_MANUAL, R_WRONG_PROG, R_WRONG_PERIOD, R_DAMAGED };

struct op {
	int type;
	lb_day day;
	int item, loc, loc2, sup; /* model indices; -1: an id that does not exist */
	int64_t qty;
	int lot;                  /* lot index; -1 none; -2 an id that does not exist */
	char lotcode[24];
	int has_exp;
	lb_day exp;
	int64_t cost;
	int key;                  /* -1 none */
	const char *reason;
	int64_t mov;              /* reverse: movement id */
	int vch;                  /* voucher index */
	int variant;
	int prog, period;
	int damage;               /* R_DAMAGED: the character position changed */
};

struct expect {
	int rc;
	int already;
	int n;
	int64_t first;            /* movement id */
	int64_t qty;
	int outcome;
	int64_t red_id;
	long a, b, c, d;          /* kit import: redemptions, conflicts, undos, movements */
	int touched[16][2];
	int ntouched;
};

static void touch(struct expect *x, int loc, int item)
{
	if (!internal(loc) || item < 0)
		return;
	for (int i = 0; i < x->ntouched; i++)
		if (x->touched[i][0] == loc && x->touched[i][1] == item)
			return;
	if (x->ntouched < 16) {
		x->touched[x->ntouched][0] = loc;
		x->touched[x->ntouched][1] = item;
		x->ntouched++;
	}
}

static int key_matches(const struct model *m, int key, int kind, int item, int loc)
{
	const struct mkey *k = &m->keys[key];
	const struct mmov *mv = &m->movs[k->first];

	return k->kind == kind && mv->item == item && (mv->from == loc || mv->to == loc);
}

static int key_used(const struct model *m, int key)
{
	return key >= 0 && (size_t)key < m->nkeys && m->keys[key].used;
}

static void key_record(struct model *m, int key, int kind, int32_t first, int n, int64_t qty)
{
	if (key < 0)
		return;
	m->keys = grow(m->keys, &m->capkeys, (size_t)key, sizeof *m->keys);
	while (m->nkeys <= (size_t)key)
		memset(&m->keys[m->nkeys++], 0, sizeof *m->keys);
	m->keys[key].used = 1;
	m->keys[key].kind = (unsigned char)kind;
	m->keys[key].first = first;
	m->keys[key].n = n;
	m->keys[key].qty = qty;
}

static void expect_already(const struct model *m, int key, struct expect *x)
{
	const struct mkey *k = &m->keys[key];

	x->rc = LB_OK;
	x->already = 1;
	x->n = k->n;
	x->first = k->first + 1;
	x->qty = k->qty;
}

/* A failed keyed posting whose key was posted before for the same kind,
 * item and location reports that posting instead (journal.h: a retry says
 * "already posted" even when it would be refused now). */
static void settle(const struct model *m, const struct op *o, int kind, int item, int loc, struct expect *x)
{
	if (x->rc != LB_EINPUT && x->rc != LB_ERULE)
		return;
	if (key_used(m, o->key) && item >= 0 && key_matches(m, o->key, kind, item, loc))
		expect_already(m, o->key, x);
}

/* Post takes as movements of one keyed operation. */
static void post_takes(struct model *m, const struct op *o, int kind, int item, int from, int to, const struct take *t,
		       int n, int red, struct expect *x)
{
	x->rc = LB_OK;
	x->n = n;
	x->first = (int64_t)m->nmovs + 1;
	x->qty = 0;
	for (int i = 0; i < n; i++) {
		post(m, kind, item, t[i].lot, from, to, t[i].qty, o->day, red);
		x->qty += t[i].qty;
	}
	key_record(m, o->key, kind, (int32_t)(x->first - 1), n, x->qty);
	touch(x, from, item);
	touch(x, to, item);
}

static int find_lot(const struct model *m, int item, const char *code)
{
	for (size_t i = m->nlots; i-- > 0;)
		if (m->lots[i].item == item && strcasecmp(m->lots[i].code, code) == 0)
			return (int)i;
	return -1;
}

static void m_receive(struct model *m, const struct op *o, struct expect *x)
{
	int to = o->loc, lot;
	int has_exp = o->has_exp;
	lb_day exp = o->exp;

	x->rc = LB_EINPUT;
	if (o->qty <= 0 || o->cost < 0 || o->item < 0 || !internal(to))
		return;
	if (key_used(m, o->key)) {
		if (key_matches(m, o->key, K_RECEIVE, o->item, to))
			expect_already(m, o->key, x);
		else
			x->rc = LB_ERULE;
		return;
	}
	if (o->sup != L_SUPPLY && o->sup != L_SUP)
		return; /* not a supplier */
	if (closed(m, o->day)) {
		x->rc = LB_ERULE;
		return;
	}
	if (!has_exp && item_shelf[o->item]) {
		has_exp = 1;
		exp = o->day + item_shelf[o->item];
	}
	if (has_exp && exp < o->day)
		return;
	lot = find_lot(m, o->item, o->lotcode);
	if (lot >= 0) {
		const struct mlot *l = &m->lots[lot];
		if (l->has_exp != has_exp || (has_exp && l->exp != exp) || l->cost != o->cost) {
			x->rc = LB_ERULE;
			return;
		}
	} else {
		struct mlot *l;
		m->lots = grow(m->lots, &m->caplots, m->nlots, sizeof *m->lots);
		l = &m->lots[m->nlots];
		memset(l, 0, sizeof *l);
		l->item = o->item;
		snprintf(l->code, sizeof l->code, "%s", o->lotcode);
		l->has_exp = has_exp;
		l->exp = exp;
		l->cost = o->cost;
		lot = (int)m->nlots++;
	}
	{
		struct take t = { lot, o->qty };
		post_takes(m, o, K_RECEIVE, o->item, o->sup, to, &t, 1, 0, x);
	}
}

/* Taking out of an internal location: moves, issues, write-offs. */
static void take_out(struct model *m, const struct op *o, int kind, int item, int from, int to, int mode, int64_t qty,
		     int red, struct expect *x)
{
	struct take one, *t = &one;
	int n = 0;

	if (o->lot >= 0) {
		const struct mlot *l = &m->lots[o->lot];
		int exp = lot_expired(l, o->day);
		if ((mode == F_UNEXPIRED && exp) || (mode == F_EXPIRED && !exp) || l->q[from] < qty) {
			x->rc = LB_ERULE;
			return;
		}
		one.lot = o->lot;
		one.qty = qty;
		n = 1;
	} else if (fefo(m, item, from, o->day, mode, qty, NULL, &n, 0) < qty) {
		x->rc = LB_ERULE;
		return;
	} else {
		t = plan;
	}
	if (key_used(m, o->key)) {
		/* The INSERT meets the key. */
		if (key_matches(m, o->key, kind, item, from))
			expect_already(m, o->key, x);
		else
			x->rc = LB_ERULE;
		return;
	}
	post_takes(m, o, kind, item, from, to, t, n, red, x);
}

/* lot given: it must exist and be a lot of the item. */
static int lot_ok(const struct model *m, const struct op *o)
{
	return o->lot == -1 || (o->lot >= 0 && m->lots[o->lot].item == o->item);
}

static void m_move(struct model *m, const struct op *o, struct expect *x)
{
	x->rc = LB_EINPUT;
	if (o->qty <= 0 || o->item < 0 || !internal(o->loc) || !internal(o->loc2) || o->loc == o->loc2 ||
	    !lot_ok(m, o))
		goto done;
	if (closed(m, o->day)) {
		x->rc = LB_ERULE;
		goto done;
	}
	take_out(m, o, K_MOVE, o->item, o->loc, o->loc2, F_UNEXPIRED, o->qty, 0, x);
done:
	settle(m, o, K_MOVE, o->item, o->loc, x);
}

static void m_issue(struct model *m, const struct op *o, struct expect *x)
{
	x->rc = LB_EINPUT;
	if (o->qty <= 0 || o->item < 0 || !internal(o->loc) || !lot_ok(m, o))
		goto done;
	if (closed(m, o->day)) {
		x->rc = LB_ERULE;
		goto done;
	}
	take_out(m, o, K_ISSUE, o->item, o->loc, L_RECIP, F_UNEXPIRED, o->qty, 0, x);
done:
	settle(m, o, K_ISSUE, o->item, o->loc, x);
}

static int reason_ok(const char *r)
{
	return r && (!strcmp(r, "rusak") || !strcmp(r, "hilang") || !strcmp(r, "kedaluwarsa") || !strcmp(r, "lain"));
}

static void m_adjust(struct model *m, const struct op *o, struct expect *x)
{
	int expired_only = o->reason && strcmp(o->reason, "kedaluwarsa") == 0;

	x->rc = LB_EINPUT;
	if (!reason_ok(o->reason) || (expired_only && o->qty > 0))
		return; /* before the retry check */
	if (o->qty == 0 || o->item < 0 || !internal(o->loc) || !lot_ok(m, o))
		goto done;
	if (closed(m, o->day)) {
		x->rc = LB_ERULE;
		goto done;
	}
	if (o->qty < 0) {
		take_out(m, o, K_ADJUST, o->item, o->loc, L_ADJUST, expired_only ? F_EXPIRED : F_UNEXPIRED, -o->qty, 0, x);
	} else if (o->lot < 0) {
		goto done;
	} else if (key_used(m, o->key)) {
		if (key_matches(m, o->key, K_ADJUST, o->item, o->loc))
			expect_already(m, o->key, x);
		else
			x->rc = LB_ERULE;
	} else {
		struct take t = { o->lot, o->qty };
		post_takes(m, o, K_ADJUST, o->item, L_ADJUST, o->loc, &t, 1, 0, x);
	}
done:
	settle(m, o, K_ADJUST, o->item, o->loc, x);
}

static void m_count(struct model *m, const struct op *o, struct expect *x)
{
	int64_t expected = 0, var;
	int lot = o->lot;

	x->rc = LB_EINPUT;
	if (o->qty < 0 || o->item < 0 || !internal(o->loc) || !lot_ok(m, o))
		return;
	if (closed(m, o->day)) {
		x->rc = LB_ERULE;
		return;
	}
	live_compact(m, o->loc, o->item);
	if (lot >= 0) {
		expected = m->lots[lot].q[o->loc];
	} else {
		const struct ilist *l = &m->live[o->loc][o->item];
		for (size_t i = 0; i < l->n; i++)
			expected += m->lots[l->v[i]].q[o->loc];
	}
	var = o->qty - expected;
	x->qty = expected; /* compared with the count's expected */
	if (var > 0 && lot < 0) {
		const struct ilist *l = &m->live[o->loc][o->item];
		if (l->n != 1)
			return;
		lot = l->v[0];
	}
	x->rc = LB_OK;
	x->n = 0;
	x->first = 0;
	touch(x, o->loc, o->item);
	if (var == 0)
		return;
	if (var < 0) {
		struct take one, *t = &one;
		int n = 0;
		if (lot >= 0) {
			one.lot = lot;
			one.qty = -var;
			n = 1;
		} else {
			fefo(m, o->item, o->loc, o->day, F_ALL, -var, NULL, &n, 0);
			t = plan;
		}
		x->first = (int64_t)m->nmovs + 1;
		x->n = n;
		for (int i = 0; i < n; i++)
			post(m, K_COUNT, o->item, t[i].lot, o->loc, L_ADJUST, t[i].qty, o->day, 0);
	} else {
		x->first = (int64_t)m->nmovs + 1;
		x->n = 1;
		post(m, K_COUNT, o->item, lot, L_ADJUST, o->loc, var, o->day, 0);
	}
	x->qty = expected;
}

static void m_reverse(struct model *m, const struct op *o, struct expect *x)
{
	struct mmov *orig;
	int item = -1, loc = -1;

	x->rc = LB_EINPUT;
	if (o->mov < 1 || (size_t)o->mov > m->nmovs)
		goto done;
	orig = &m->movs[o->mov - 1];
	item = orig->item;
	loc = orig->to;
	if (orig->kind == K_REVERSE || orig->reversed) {
		x->rc = LB_ERULE;
		goto done;
	}
	if (o->day < orig->day)
		goto done;
	if (closed(m, o->day) || (internal(orig->to) && m->lots[orig->lot].q[orig->to] < orig->qty)) {
		x->rc = LB_ERULE;
		goto done;
	}
	if (key_used(m, o->key)) {
		if (key_matches(m, o->key, K_REVERSE, item, loc))
			expect_already(m, o->key, x);
		else
			x->rc = LB_ERULE;
		goto done;
	}
	{
		struct take t = { orig->lot, orig->qty };
		int32_t i = (int32_t)(o->mov - 1);
		post_takes(m, o, K_REVERSE, item, orig->to, orig->from, &t, 1, 0, x);
		m->movs[i].reversed = (int32_t)m->nmovs;
	}
done:
	settle(m, o, K_REVERSE, item, loc, x);
}

/* ---- vouchers and redemption ---- */

static void undo_red(struct model *m, int r, lb_day day, struct expect *x)
{
	struct mred *rd = &m->red[r];

	for (int i = 0; i < rd->nmov; i++) {
		struct mmov *mv = &m->movs[rd->mov[i]];
		if (mv->reversed)
			continue;
		{
			int32_t idx = rd->mov[i];
			int32_t rv = post(m, K_REVERSE, mv->item, mv->lot, L_RECIP, mv->from, mv->qty, day, 0);
			m->movs[idx].reversed = rv + 1;
			touch(x, m->movs[idx].from, m->movs[idx].item);
			x->n++;
		}
	}
	rd->undone = 1;
	m->v[rd->vch].red = 0;
}

/* A new redemption in force for voucher vch, issuing its package from
 * point by the takes given per item (or FEFO when t is NULL). */
static int new_red(struct model *m, int vch, lb_day day)
{
	struct mred *rd;

	m->red = grow(m->red, &m->capred, m->nred, sizeof *m->red);
	rd = &m->red[m->nred];
	memset(rd, 0, sizeof *rd);
	rd->vch = vch;
	rd->day = day;
	m->v[vch].red = (int)m->nred + 1;
	return (int)m->nred++;
}

static void red_post(struct model *m, int r, int item, int lot, int point, int64_t qty, lb_day day)
{
	struct mred *rd = &m->red[r];
	int32_t i = post(m, K_ISSUE, item, lot, point, L_RECIP, qty, day, r + 1);

	if (rd->nmov >= RED_MOVS)
		tt_die("model: a redemption of more than %d movements", RED_MOVS);
	rd->mov[rd->nmov++] = i;
}

static int64_t unexpired(struct model *m, int item, int loc, lb_day day)
{
	struct take t[1];
	int n;

	return fefo(m, item, loc, day, F_UNEXPIRED, 0, t, &n, 0);
}

static void m_redeem(struct model *m, const struct op *o, struct expect *x)
{
	const struct mvch *v = &m->v[o->vch];
	int point = o->loc, r;

	x->rc = LB_OK;
	x->n = 0;
	if (o->variant == R_DAMAGED) {
		x->outcome = -1; /* any refusal: unreadable, forged or unknown key */
		return;
	}
	if (o->variant == R_SERIAL) {
		x->outcome = LB_OUT_UNREADABLE;
		return;
	}
	if ((o->variant == R_WRONG_PROG && o->prog != v->prog) || (o->variant == R_WRONG_PERIOD && o->period != v->period)) {
		x->outcome = LB_OUT_WRONG_PROGRAM_OR_PERIOD;
		return;
	}
	if (v->revoked) {
		x->outcome = LB_OUT_REVOKED;
		return;
	}
	if (v->red) {
		x->outcome = LB_OUT_ALREADY_REDEEMED;
		x->red_id = v->red;
		return;
	}
	if (o->day < first_day(v->period)) {
		x->outcome = LB_OUT_WRONG_PROGRAM_OR_PERIOD;
		return;
	}
	if (o->day > v->last) {
		x->outcome = LB_OUT_EXPIRED;
		return;
	}
	if (closed(m, o->day)) {
		x->outcome = LB_OUT_PERIOD_CLOSED;
		return;
	}
	if (v->point != point && o->variant != R_OVERRIDE) {
		x->outcome = LB_OUT_WRONG_POINT;
		return;
	}
	for (int i = 0; i < NITEM; i++)
		if (prog_pkg[v->prog][i] && unexpired(m, i, point, o->day) < prog_pkg[v->prog][i]) {
			x->outcome = LB_OUT_NO_STOCK;
			return;
		}
	x->outcome = LB_OUT_ACCEPTED;
	r = new_red(m, o->vch, o->day);
	x->red_id = r + 1;
	x->first = (int64_t)m->nmovs + 1;
	for (int i = 0; i < NITEM; i++) {
		int n;
		if (!prog_pkg[v->prog][i])
			continue;
		fefo(m, i, point, o->day, F_UNEXPIRED, prog_pkg[v->prog][i], NULL, &n, 0);
		for (int k = 0; k < n; k++)
			red_post(m, r, i, plan[k].lot, point, plan[k].qty, o->day);
		touch(x, point, i);
	}
	x->n = (int)((int64_t)m->nmovs + 1 - x->first);
}

static void m_undo(struct model *m, const struct op *o, struct expect *x)
{
	struct mvch *v = &m->v[o->vch];

	x->n = 0;
	if (!v->red) {
		x->rc = LB_ERULE;
		return;
	}
	if (closed(m, o->day)) {
		x->rc = LB_ERULE;
		return;
	}
	if (o->day < m->red[v->red - 1].day) {
		x->rc = LB_EINPUT;
		return;
	}
	x->rc = LB_OK;
	x->first = (int64_t)m->nmovs + 1;
	undo_red(m, v->red - 1, o->day, x);
}

static void m_revoke(struct model *m, const struct op *o, struct expect *x)
{
	struct mvch *v = &m->v[o->vch];

	x->rc = v->revoked ? LB_ERULE : LB_OK;
	v->revoked = 1;
}

static void m_allocate(struct model *m, const struct op *o, struct expect *x)
{
	int p = o->period - FIRST_PERIOD;

	x->rc = LB_ERULE;
	if (p < 0 || p >= NPERIOD || (o->period - FIRST_PERIOD) % prog_round[o->prog])
		return;
	if (m->allocated[o->prog][p]) {
		x->rc = LB_OK;
		x->already = 1;
		return;
	}
	if (closed(m, first_day(o->period)))
		return;
	x->rc = LB_OK;
	x->n = o->prog == P_PKH ? m->nlansia : m->nrcp; /* vouchers to be made */
	m->allocated[o->prog][p] = 1;
}

static int kit_open_for(const struct model *m, int period)
{
	return m->kit.open && m->kit.period == period;
}

static void m_close(struct model *m, const struct op *o, struct expect *x, lb_day today)
{
	int p = o->period - CAL_FIRST;

	x->rc = LB_ERULE;
	if (p < 0 || p >= NCAL)
		tt_die("model: close of %04d-%02d, outside the calendar", o->period / 12, o->period % 12 + 1);
	if (m->closed[p] || first_day(o->period) > today || kit_open_for(m, o->period))
		return;
	x->rc = LB_OK;
	m->closed[p] = 1;
}

/* ---- field kits ---- */

/* The vouchers a kit for point and period carries: the point's, of a
 * round that has begun by then and not ended before. */
static int kit_carries(const struct model *m, int vch, int point, int period)
{
	const struct mvch *v = &m->v[vch];

	return v->point == point && v->period <= period && v->last >= first_day(period);
}

static void m_kit_export(struct model *m, const struct op *o, struct expect *x, lb_day today)
{
	struct mkit *k = &m->kit;
	int any = 0;

	x->rc = LB_ERULE;
	if (closed(m, first_day(o->period)))
		return;
	for (size_t i = 0; i < m->nv && !any; i++)
		any = kit_carries(m, (int)i, o->loc, o->period);
	if (!any)
		return;
	x->rc = LB_OK;
	k->open = 1;
	k->imported = 0;
	k->point = o->loc;
	k->period = o->period;
	k->exports++;
	k->nops = 0;
	free(k->kq);
	free(k->vin);
	free(k->kred);
	free(k->krevoked);
	k->nkq = m->nlots;
	k->nv = m->nv;
	k->kq = calloc(k->nkq + 1, sizeof *k->kq);
	k->vin = calloc(k->nv + 1, sizeof *k->vin);
	k->kred = calloc(k->nv + 1, sizeof *k->kred);
	k->krevoked = calloc(k->nv + 1, sizeof *k->krevoked);
	if (!k->kq || !k->vin || !k->kred || !k->krevoked)
		tt_die("out of memory");
	for (size_t i = 0; i < m->nlots; i++) {
		const struct mlot *l = &m->lots[i];
		if (l->q[o->loc] > 0 && (!l->has_exp || l->exp >= today))
			k->kq[i] = l->q[o->loc];
	}
	for (size_t i = 0; i < m->nv; i++) {
		if (!kit_carries(m, (int)i, o->loc, o->period))
			continue;
		k->vin[i] = 1;
		k->krevoked[i] = m->v[i].revoked;
		k->kred[i] = m->v[i].red ? -m->v[i].red : 0; /* negative: copied, main index */
	}
}

static int64_t kit_unexpired(const struct mkit *k, const struct model *m, int item, lb_day day)
{
	int64_t n = 0;

	for (size_t i = 0; i < k->nkq; i++)
		if (k->kq[i] > 0 && m->lots[i].item == item && !lot_expired(&m->lots[i], day))
			n += k->kq[i];
	return n;
}

static void m_kit_redeem(struct model *m, const struct op *o, struct expect *x)
{
	struct mkit *k = &m->kit;
	const struct mvch *v = &m->v[o->vch];
	struct kop *kp;

	x->rc = LB_OK;
	if ((size_t)o->vch >= k->nv || !k->vin[o->vch]) {
		x->outcome = v->period != k->period ? LB_OUT_WRONG_PROGRAM_OR_PERIOD : LB_OUT_WRONG_POINT;
		return;
	}
	if (k->krevoked[o->vch]) {
		x->outcome = LB_OUT_REVOKED;
		return;
	}
	if (k->kred[o->vch]) {
		x->outcome = LB_OUT_ALREADY_REDEEMED;
		return;
	}
	if (o->day < first_day(v->period)) {
		x->outcome = LB_OUT_WRONG_PROGRAM_OR_PERIOD;
		return;
	}
	if (o->day > v->last) {
		x->outcome = LB_OUT_EXPIRED;
		return;
	}
	for (int i = 0; i < NITEM; i++)
		if (prog_pkg[v->prog][i] && kit_unexpired(k, m, i, o->day) < prog_pkg[v->prog][i]) {
			x->outcome = LB_OUT_NO_STOCK;
			return;
		}
	x->outcome = LB_OUT_ACCEPTED;
	k->ops = grow(k->ops, &k->capops, k->nops, sizeof *k->ops);
	kp = &k->ops[k->nops];
	memset(kp, 0, sizeof *kp);
	kp->vch = o->vch;
	kp->day = o->day;
	/* The kit's FEFO: its lots were made in the main database's lot
	 * order, so expiry then main lot index. */
	for (int i = 0; i < NITEM; i++) {
		int64_t want = prog_pkg[v->prog][i];
		while (want > 0) {
			int best = -1;
			for (size_t l = 0; l < k->nkq; l++) {
				const struct mlot *lt = &m->lots[l];
				if (k->kq[l] <= 0 || lt->item != i || lot_expired(lt, o->day))
					continue;
				if (best < 0 || (lt->has_exp && !m->lots[best].has_exp) ||
				    (lt->has_exp && m->lots[best].has_exp && lt->exp < m->lots[best].exp))
					best = (int)l;
			}
			if (best < 0)
				tt_die("model: kit stock vanished");
			{
				int64_t t = k->kq[best] < want ? k->kq[best] : want;
				k->kq[best] -= t;
				want -= t;
				if (kp->ntake >= RED_MOVS)
					tt_die("model: a kit redemption of too many lots");
				kp->take[kp->ntake].lot = best;
				kp->take[kp->ntake].qty = t;
				kp->ntake++;
			}
		}
	}
	k->kred[o->vch] = (int)k->nops + 1;
	k->nops++;
}

static void m_kit_undo(struct model *m, const struct op *o, struct expect *x)
{
	struct mkit *k = &m->kit;
	struct kop *kp;
	int cur;

	if ((size_t)o->vch >= k->nv || !k->vin[o->vch]) {
		x->rc = LB_EINPUT; /* no such voucher on the kit */
		return;
	}
	cur = k->kred[o->vch];
	if (!cur) {
		x->rc = LB_ERULE;
		return;
	}
	if (o->day < (cur > 0 ? k->ops[cur - 1].day : m->red[-cur - 1].day)) {
		x->rc = LB_EINPUT;
		return;
	}
	x->rc = LB_OK;
	k->ops = grow(k->ops, &k->capops, k->nops, sizeof *k->ops);
	kp = &k->ops[k->nops];
	memset(kp, 0, sizeof *kp);
	kp->undo = 1;
	kp->vch = o->vch;
	kp->day = o->day;
	if (cur > 0) {
		struct kop *r = &k->ops[cur - 1];
		kp->kred = cur - 1;
		r->undone = 1;
		for (int i = 0; i < r->ntake; i++)
			k->kq[r->take[i].lot] += r->take[i].qty;
	} else {
		kp->copied = 1;
		kp->red = -cur;
	}
	k->kred[o->vch] = 0;
	k->nops++;
}

/* The import: all or nothing, so it is worked out on a copy of what it
 * changes and applied only when it would succeed. */
static void m_kit_import(struct model *m, const struct op *o, struct expect *x)
{
	struct mkit *k = &m->kit;
	size_t nmovs0 = m->nmovs, nred0 = m->nred, nlots = m->nlots;
	int64_t *saveq = NULL;
	struct mmov *savemov = NULL;
	int *vred = NULL, *kmain = NULL, *undone = NULL;
	int *conflict = NULL;
	size_t i;

	x->rc = LB_OK;
	if (k->imported && !k->open) {
		x->already = 1;
		return;
	}
	/* Save what may change: quantities, movement flags, redemptions. */
	saveq = malloc((nlots + 1) * NLOC * sizeof *saveq);
	savemov = malloc((nmovs0 + 1) * sizeof *savemov);
	vred = malloc((m->nv + 1) * sizeof *vred);
	kmain = calloc(k->nops + 1, sizeof *kmain);
	conflict = calloc(k->nops + 1, sizeof *conflict);
	undone = malloc((nred0 + 1) * sizeof *undone);
	if (!saveq || !savemov || !vred || !kmain || !conflict || !undone)
		tt_die("out of memory");
	for (i = 0; i < nred0; i++)
		undone[i] = m->red[i].undone;
	for (i = 0; i < nlots; i++)
		memcpy(&saveq[i * NLOC], m->lots[i].q, sizeof m->lots[i].q);
	memcpy(savemov, m->movs, nmovs0 * sizeof *savemov);
	for (i = 0; i < m->nv; i++)
		vred[i] = m->v[i].red;
	x->a = x->b = x->c = x->d = 0;
	for (i = 0; i < k->nops && x->rc == LB_OK; i++) {
		struct kop *kp = &k->ops[i];
		struct mvch *v = &m->v[kp->vch];
		if (getenv("LUMBUNG_TORTURE_DEBUG"))
			tt_note("kit op %zu: %s %s day %d takes %d copied %d red %d kred %d; main red %d revoked %d; d %ld, movements %zu",
				i, kp->undo ? "undo" : "redeem", v->serial, (int)kp->day, kp->ntake, kp->copied, kp->red,
				kp->kred, v->red, v->revoked, x->d, m->nmovs);
		if (!kp->undo) {
			int r;
			if (v->red || v->revoked || closed(m, kp->day)) {
				conflict[i] = 1;
				x->b++;
				continue;
			}
			r = new_red(m, kp->vch, kp->day);
			kmain[i] = r + 1;
			x->a++;
			for (int t = 0; t < kp->ntake && x->rc == LB_OK; t++) {
				const struct take *tk = &kp->take[t];
				const struct mlot *l = &m->lots[tk->lot];
				int item = l->item;
				if (getenv("LUMBUNG_TORTURE_DEBUG"))
					tt_note("  take lot %d qty %lld: main has %lld, expired %d", tk->lot + 1,
						(long long)tk->qty, (long long)l->q[k->point], lot_expired(l, kp->day));
				if (l->q[k->point] >= tk->qty && !lot_expired(l, kp->day)) {
					red_post(m, r, item, tk->lot, k->point, tk->qty, kp->day);
					x->d++;
				} else {
					int n;
					if (fefo(m, item, k->point, kp->day, F_UNEXPIRED, tk->qty, NULL, &n, 0) < tk->qty) {
						x->rc = LB_ERULE;
						break;
					}
					for (int j = 0; j < n; j++)
						red_post(m, r, item, plan[j].lot, k->point, plan[j].qty, kp->day);
					x->d += n;
				}
				touch(x, k->point, item);
			}
		} else {
			int r;
			x->c++;
			if (!kp->copied) {
				if (conflict[kp->kred])
					continue;
				r = kmain[kp->kred] - 1;
			} else {
				r = kp->red - 1;
			}
			if (m->red[r].undone || m->v[m->red[r].vch].red != r + 1)
				continue; /* undone at the office already */
			if (closed(m, kp->day)) {
				x->rc = LB_ERULE;
				break;
			}
			{
				long before = (long)m->nmovs;
				struct expect t = { 0 };
				undo_red(m, r, kp->day, &t);
				for (int j = 0; j < t.ntouched; j++)
					touch(x, t.touched[j][0], t.touched[j][1]);
				x->d += (long)m->nmovs - before;
			}
		}
	}
	if (x->rc != LB_OK) {
		/* Nothing of it: put everything back. */
		for (i = 0; i < nlots; i++) {
			memcpy(m->lots[i].q, &saveq[i * NLOC], sizeof m->lots[i].q);
			/* FEFO may have dropped a lot it emptied from its list. */
			for (int l = 0; l <= L_P3; l++)
				if (m->lots[i].q[l] > 0)
					live_add(m, l, (int)i);
		}
		memcpy(m->movs, savemov, nmovs0 * sizeof *savemov);
		m->nmovs = nmovs0;
		m->nred = nred0;
		for (i = 0; i < nred0; i++)
			m->red[i].undone = undone[i];
		for (i = 0; i < m->nv; i++)
			m->v[i].red = vred[i];
		x->ntouched = 0;
	} else {
		k->open = 0;
		k->imported = 1;
		k->imports++;
	}
	(void)o;
	free(saveq);
	free(savemov);
	free(vred);
	free(kmain);
	free(conflict);
	free(undone);
}

/* ---- the program under test ---- */

struct prog {
	lb_db *db;
	lb_db *kit;           /* the open kit's database while it is used */
	int64_t item_id[NITEM];
	int64_t loc_id[NLOC];
	struct lb_signing_key key;
	char key_path[256];
	char dir[256];
	int in_tx, batch, batch_want;
};

static char fail_msg[4096];

static int failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fail_msg, sizeof fail_msg, fmt, ap);
	va_end(ap);
	return -1;
}

static int64_t item_id(const struct prog *p, int item)
{
	return item < 0 ? BAD_ID : p->item_id[item];
}

static int64_t loc_id(const struct prog *p, int loc)
{
	return loc < 0 ? BAD_ID : p->loc_id[loc];
}

static int64_t lot_id(int lot)
{
	return lot == -2 ? BAD_ID : lot < 0 ? 0 : lot + 1;
}

static void key_text(int key, char *out, size_t n)
{
	if (key < 0)
		out[0] = '\0';
	else
		snprintf(out, n, "t%d", key);
}

static int commit(struct prog *p)
{
	lb_err e = { 0 };

	if (!p->in_tx)
		return 0;
	p->in_tx = 0;
	if (lb_db_commit(p->db, &e))
		return failf("commit failed: %s", e.msg);
	return 0;
}

static int begin(struct prog *p, struct tt_rng *rng)
{
	lb_err e = { 0 };

	if (p->in_tx)
		return 0;
	if (lb_db_begin(p->db, &e))
		return failf("begin failed: %s", e.msg);
	p->in_tx = 1;
	p->batch = 0;
	p->batch_want = (int)tt_range(rng, 1, 64);
	return 0;
}

static int cmp_post(const char *what, int rc, const lb_err *e, const struct lb_post_result *res, const struct expect *x)
{
	if (rc != x->rc)
		return failf("%s: status %d, the model expected %d (%s)", what, rc, x->rc, rc ? e->msg : "done");
	if (rc)
		return 0;
	if (res->already != x->already || res->n != x->n || res->first_id != x->first || res->qty != x->qty)
		return failf("%s: posted already=%d n=%d first=%lld qty=%lld, the model expected already=%d n=%d first=%lld qty=%lld",
			     what, res->already, res->n, (long long)res->first_id, (long long)res->qty, x->already, x->n,
			     (long long)x->first, (long long)x->qty);
	return 0;
}

static int do_journal(struct prog *p, const struct op *o, const struct expect *x)
{
	struct lb_post_result res;
	lb_err e = { 0 };
	char key[32];
	int rc = LB_ESYS;

	key_text(o->key, key, sizeof key);
	memset(&res, 0, sizeof res);
	switch (o->type) {
	case O_RECEIVE: {
		struct lb_receive_req r = { 0 };
		r.item_id = item_id(p, o->item);
		r.to_id = loc_id(p, o->loc);
		r.supplier_id = o->sup == L_SUPPLY ? 0 : loc_id(p, o->sup);
		r.qty = o->qty;
		r.lot = o->lotcode;
		r.has_expiry = o->has_exp;
		r.expiry = o->exp;
		r.unit_cost = o->cost;
		r.ref = "SJ-torture";
		r.day = o->day;
		r.key = o->key >= 0 ? key : NULL;
		r.operator = "torture";
		rc = lb_journal_receive(p->db, &r, &res, &e);
		break;
	}
	case O_MOVE: {
		struct lb_move_req r = { 0 };
		r.item_id = item_id(p, o->item);
		r.from_id = loc_id(p, o->loc);
		r.to_id = loc_id(p, o->loc2);
		r.qty = o->qty;
		r.lot_id = lot_id(o->lot);
		r.day = o->day;
		r.key = o->key >= 0 ? key : NULL;
		r.operator = "torture";
		rc = lb_journal_move(p->db, &r, &res, &e);
		break;
	}
	case O_ISSUE: {
		struct lb_issue_req r = { 0 };
		r.item_id = item_id(p, o->item);
		r.from_id = loc_id(p, o->loc);
		r.qty = o->qty;
		r.lot_id = lot_id(o->lot);
		r.day = o->day;
		r.key = o->key >= 0 ? key : NULL;
		r.operator = "torture";
		rc = lb_journal_issue(p->db, &r, &res, &e);
		break;
	}
	case O_ADJUST: {
		struct lb_adjust_req r = { 0 };
		r.item_id = item_id(p, o->item);
		r.at_id = loc_id(p, o->loc);
		r.qty = o->qty;
		r.lot_id = lot_id(o->lot);
		r.reason = o->reason;
		r.day = o->day;
		r.key = o->key >= 0 ? key : NULL;
		r.operator = "torture";
		rc = lb_journal_adjust(p->db, &r, &res, &e);
		break;
	}
	case O_REVERSE: {
		struct lb_reverse_req r = { 0 };
		r.movement_id = o->mov;
		r.reason = "salah catat";
		r.day = o->day;
		r.key = o->key >= 0 ? key : NULL;
		r.operator = "torture";
		rc = lb_journal_reverse(p->db, &r, &res, &e);
		break;
	}
	case O_COUNT: {
		struct lb_count_req r = { 0 };
		struct lb_count_result cr;
		r.item_id = item_id(p, o->item);
		r.at_id = loc_id(p, o->loc);
		r.lot_id = lot_id(o->lot);
		r.counted = o->qty;
		r.day = o->day;
		r.operator = "torture";
		rc = lb_count_post(p->db, &r, &cr, &e);
		if (rc != x->rc)
			return failf("count: status %d, the model expected %d (%s)", rc, x->rc, rc ? e.msg : "done");
		if (rc == LB_OK && (cr.expected != x->qty || cr.post.n != x->n || (x->n && cr.post.first_id != x->first)))
			return failf("count: expected %lld, posted %d from %lld; the model said %lld, %d from %lld",
				     (long long)cr.expected, cr.post.n, (long long)cr.post.first_id, (long long)x->qty, x->n,
				     (long long)x->first);
		return 0;
	}
	default:
		break;
	}
	if (rc && getenv("LUMBUNG_TORTURE_DEBUG"))
		tt_note("%s refused: %s", op_name[o->type], e.msg);
	return cmp_post(op_name[o->type], rc, &e, &res, x);
}

static int redeem_on(struct prog *p, lb_db *db, const struct model *m, const struct op *o, const struct expect *x)
{
	const struct mvch *v = &m->v[o->vch];
	struct lb_redeem_opts ro = { 0 };
	struct lb_redeem_result res;
	struct lb_scan s = { 0 };
	lb_redeemer *r = NULL;
	char text[LB_PAYLOAD_TEXT_MAX];
	lb_err e = { 0 };
	int rc;

	(void)p;
	ro.point = loc_code[o->loc];
	ro.operator = "torture";
	ro.source = "scan";
	if (o->variant == R_OVERRIDE)
		ro.override_reason = "pindah domisili";
	if (o->variant == R_MANUAL)
		ro.manual = 1, ro.manual_reason = "kupon sobek";
	if (o->variant == R_WRONG_PROG)
		ro.program = prog_code[o->prog];
	if (o->variant == R_WRONG_PERIOD) {
		ro.has_period = 1;
		ro.period = o->period;
	}
	snprintf(text, sizeof text, "%s", o->variant == R_SERIAL || o->variant == R_MANUAL ? v->serial : v->text);
	if (o->variant == R_DAMAGED) {
		static const char alpha[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
		size_t at = (size_t)o->damage % strlen(text);
		char c = alpha[(size_t)(o->damage / 175) % 45];
		if (c == text[at])
			c = c == '0' ? '1' : '0';
		text[at] = c;
	}
	s.text = text;
	s.len = strlen(text);
	if ((rc = lb_redeemer_open(db, &ro, &r, &e)))
		return failf("redeemer_open: %s", e.msg);
	rc = lb_redeem_scan(r, &s, &res, &e);
	if (rc == LB_OK)
		rc = lb_redeemer_commit(r, &e);
	lb_redeemer_close(r);
	if (rc)
		return failf("redeem: status %d (%s)", rc, e.msg);
	if (x->outcome < 0) {
		if (res.outcome == LB_OUT_ACCEPTED)
			return failf("redeem: a damaged slip was accepted: %s", text);
		return 0;
	}
	if (res.outcome != x->outcome)
		return failf("redeem %s: outcome %s, the model expected %s (%s)", v->serial, lb_outcome_code(res.outcome),
			     lb_outcome_code(x->outcome), res.detail);
	if (db == p->db && (x->outcome == LB_OUT_ACCEPTED || x->outcome == LB_OUT_ALREADY_REDEEMED) &&
	    res.redemption_id != x->red_id)
		return failf("redeem %s: redemption %lld, the model expected %lld", v->serial,
			     (long long)res.redemption_id, (long long)x->red_id);
	return 0;
}

static int do_undo(lb_db *db, const struct model *m, const struct op *o, const struct expect *x)
{
	struct lb_undo_result u;
	lb_err e = { 0 };
	int rc = lb_redeem_undo(db, m->v[o->vch].serial, "salah serah", "torture", o->day, &u, &e);

	if (rc != x->rc)
		return failf("undo %s: status %d, the model expected %d (%s)", m->v[o->vch].serial, rc, x->rc,
			     rc ? e.msg : "done");
	if (rc == LB_OK && db && u.reversed != x->n && x->n >= 0)
		return failf("undo %s: %d movements reversed, the model expected %d", m->v[o->vch].serial, u.reversed, x->n);
	return 0;
}

struct vcol {
	struct model *m;
	int prog, period;
	long n;
	int bad;
	char why[256];
};

static int collect(void *arg, const struct lb_voucher *v, const char *text, lb_err *e)
{
	struct vcol *c = arg;
	struct model *m = c->m;
	struct mvch *mv;
	char last[11];
	int point = -1;

	(void)e;
	for (int l = L_P1; l <= L_P3; l++)
		if (strcmp(v->point, loc_code[l]) == 0)
			point = l;
	lb_date_format(last_day(c->period + prog_round[c->prog] - 1), last);
	if (point < 0 || strcmp(v->last_day, last) != 0 || v->period != c->period) {
		snprintf(c->why, sizeof c->why, "voucher %s: point %s, last day %s, period %d; expected a point, %s, %d",
			 v->serial_text, v->point, v->last_day, v->period, last, c->period);
		c->bad = 1;
		return 0;
	}
	m->v = grow(m->v, &m->capv, m->nv, sizeof *m->v);
	mv = &m->v[m->nv++];
	memset(mv, 0, sizeof *mv);
	mv->id = v->id;
	mv->prog = c->prog;
	mv->period = c->period;
	mv->point = point;
	mv->last = last_day(c->period + prog_round[c->prog] - 1);
	snprintf(mv->serial, sizeof mv->serial, "%s", v->serial_text);
	snprintf(mv->text, sizeof mv->text, "%s", text);
	c->n++;
	return 0;
}

static int do_allocate(struct prog *p, struct model *m, const struct op *o, const struct expect *x)
{
	struct lb_program pr;
	struct lb_alloc_summary s;
	struct vcol c = { 0 };
	long created = 0;
	lb_err e = { 0 };
	int rc;

	if ((rc = lb_program_find(p->db, prog_code[o->prog], &pr, &e)))
		return failf("program find: %s", e.msg);
	rc = lb_allocate(p->db, &pr, o->period, "torture", &s, &e);
	if (rc != x->rc || (rc == LB_OK && s.already != x->already))
		return failf("allocate %s %d: status %d already %d, the model expected %d already %d (%s)",
			     prog_code[o->prog], o->period, rc, s.already, x->rc, x->already, rc ? e.msg : "done");
	if (rc || x->already)
		return 0;
	if (s.allocated != x->n)
		return failf("allocate: %lld allocated, the model expected %d", (long long)s.allocated, x->n);
	if ((rc = lb_voucher_create_missing(p->db, pr.id, o->period, &created, &e)) || created != x->n)
		return failf("voucher creation: status %d, %ld made, the model expected %d (%s)", rc, created, x->n,
			     rc ? e.msg : "");
	c.m = m;
	c.prog = o->prog;
	c.period = o->period;
	if ((rc = lb_redeem_payloads(p->db, prog_code[o->prog], o->period, NULL, &p->key, collect, &c, &e)))
		return failf("payloads: %s", e.msg);
	if (c.bad)
		return failf("%s", c.why);
	if (c.n != x->n)
		return failf("payloads: %ld vouchers, the model expected %d", c.n, x->n);
	return 0;
}

static int do_kit_export(struct prog *p, struct model *m, const struct op *o, const struct expect *x)
{
	struct lb_kit_export_result res;
	lb_err e = { 0 };
	int rc;

	snprintf(m->kit.path, sizeof m->kit.path, "%s/kit-%ld.db", p->dir, m->kit.exports + (x->rc == LB_OK ? 0 : 1000000));
	tt_rm_db(m->kit.path);
	rc = lb_kit_export(p->db, loc_code[o->loc], o->period, m->kit.path, "torture", &res, &e);
	if (rc != x->rc)
		return failf("kit export %s %d: status %d, the model expected %d (%s)", loc_code[o->loc], o->period, rc,
			     x->rc, rc ? e.msg : "done");
	if (rc)
		return 0;
	if ((rc = lb_db_open(m->kit.path, LB_DB_EXISTING, &p->kit, &e)))
		return failf("cannot open the kit: %s", e.msg);
	return 0;
}

static int do_kit_import(struct prog *p, struct model *m, const struct op *o, const struct expect *x)
{
	struct lb_kit_import_result res;
	lb_err e = { 0 };
	int rc;

	(void)o;
	lb_db_close(p->kit);
	p->kit = NULL;
	rc = lb_kit_import(p->db, m->kit.path, "torture", &res, &e);
	if (rc != x->rc)
		return failf("kit import: status %d, the model expected %d (%s)", rc, x->rc, rc ? e.msg : "done");
	if (rc == LB_OK && (res.already != x->already ||
			    (!x->already && (res.redemptions != x->a || res.conflicts != x->b || res.undos != x->c ||
					     res.movements != x->d))))
		return failf("kit import: already %d, %ld redemptions, %ld conflicts, %ld undos, %ld movements; the model expected %d, %ld, %ld, %ld, %ld",
			     res.already, res.redemptions, res.conflicts, res.undos, res.movements, x->already, x->a, x->b,
			     x->c, x->d);
	if (m->kit.open) {
		/* Refused: the kit stays out, to be imported once there is stock. */
		if ((rc = lb_db_open(m->kit.path, LB_DB_EXISTING, &p->kit, &e)))
			return failf("cannot open the kit again: %s", e.msg);
	}
	return 0;
}

/* The balances of (loc, item) in the database against the model. */
static int check_balance(struct prog *p, struct model *m, int loc, int item)
{
	lb_stmt *st;
	lb_err e = { 0 };
	int64_t nrows = 0, nmodel = 0;
	int rc;

	st = lb_db_prepare(p->db, "SELECT lot_id, qty FROM balance WHERE location_id = ?1 AND item_id = ?2 AND qty <> 0", &e);
	if (!st)
		return failf("%s", e.msg);
	lb_bind_int(st, 1, p->loc_id[loc]);
	lb_bind_int(st, 2, p->item_id[item]);
	while ((rc = lb_step(st, &e)) == LB_ROW) {
		int64_t lot = lb_col_int(st, 0), q = lb_col_int(st, 1);
		nrows++;
		if (lot < 1 || (size_t)lot > m->nlots || m->lots[lot - 1].q[loc] != q) {
			int64_t want = lot >= 1 && (size_t)lot <= m->nlots ? m->lots[lot - 1].q[loc] : 0;
			lb_stmt_reset(st);
			return failf("balance of %s lot %lld at %s: %lld stored, the model says %lld", item_code[item],
				     (long long)lot, loc_code[loc], (long long)q, (long long)want);
		}
	}
	if (rc != LB_DONE)
		return failf("%s", e.msg);
	live_compact(m, loc, item);
	if (internal(loc)) {
		nmodel = (int64_t)m->live[loc][item].n;
	} else {
		for (size_t i = 0; i < m->nlots; i++)
			nmodel += m->lots[i].item == item && m->lots[i].q[loc] != 0;
	}
	if (nmodel != nrows) {
		char list[1024] = "";
		size_t len = 0;
		for (size_t i = 0; i < m->nlots && len < sizeof list - 40; i++)
			if (m->lots[i].item == item && m->lots[i].q[loc] != 0)
				len += (size_t)snprintf(list + len, sizeof list - len, " %zu:%lld", i + 1,
							(long long)m->lots[i].q[loc]);
		st = lb_db_prepare(p->db, "SELECT lot_id, qty FROM balance WHERE location_id = ?1 AND item_id = ?2 AND qty <> 0", &e);
		lb_bind_int(st, 1, p->loc_id[loc]);
		lb_bind_int(st, 2, p->item_id[item]);
		len += (size_t)snprintf(list + len, sizeof list - len, "; stored");
		while (lb_step(st, &e) == LB_ROW && len < sizeof list - 40)
			len += (size_t)snprintf(list + len, sizeof list - len, " %lld:%lld", (long long)lb_col_int(st, 0),
						(long long)lb_col_int(st, 1));
		return failf("balance of %s at %s: %lld lots stored, the model has %lld (model%s)", item_code[item],
			     loc_code[loc], (long long)nrows, (long long)nmodel, list);
	}
	return 0;
}

/* Everything: every balance, the sums, the counts, and verify. */
static int full_check(struct prog *p, struct model *m, long *verifies)
{
	struct lb_verify_report rep;
	lb_err e = { 0 };
	int64_t n;

	if (commit(p))
		return -1;
	for (int l = 0; l < NLOC; l++)
		for (int i = 0; i < NITEM; i++)
			if (check_balance(p, m, l, i))
				return -1;
	for (size_t i = 0; i < m->nlots; i++) {
		int64_t s = 0;
		for (int l = 0; l < NLOC; l++) {
			s += m->lots[i].q[l];
			if (internal(l) && m->lots[i].q[l] < 0)
				return failf("model: lot %zu is negative at %s", i + 1, loc_code[l]);
		}
		if (s != 0)
			return failf("model: lot %zu sums to %lld", i + 1, (long long)s);
	}
	if (lb_db_int(p->db, "SELECT count(*) FROM (SELECT item_id FROM balance GROUP BY item_id HAVING sum(qty) <> 0)", 0,
		      &n, &e) || n != 0)
		return failf("an item's balances do not sum to zero (%lld items) %s", (long long)n, e.msg);
	if (lb_db_int(p->db, "SELECT count(*) FROM balance WHERE internal AND qty < 0", 0, &n, &e) || n != 0)
		return failf("%lld negative warehouse or point balances %s", (long long)n, e.msg);
	if (lb_db_int(p->db, "SELECT count(*) FROM movement", 0, &n, &e) || n != (int64_t)m->nmovs)
		return failf("%lld movements stored, the model has %zu %s", (long long)n, m->nmovs, e.msg);
	if (lb_db_int(p->db, "SELECT count(*) FROM redemption", 0, &n, &e) || n != (int64_t)m->nred)
		return failf("%lld redemptions stored, the model has %zu %s", (long long)n, m->nred, e.msg);
	{
		int64_t inforce = 0;
		for (size_t i = 0; i < m->nv; i++)
			inforce += m->v[i].red != 0;
		if (lb_db_int(p->db, "SELECT count(*) FROM redeemed", 0, &n, &e) || n != inforce)
			return failf("%lld redemptions in force, the model has %lld %s", (long long)n, (long long)inforce, e.msg);
	}
	if (lb_verify(p->db, &rep, &e))
		return failf("verify: %s", e.msg);
	(*verifies)++;
	return 0;
}

/* ---- the generator ---- */

struct gen {
	struct tt_rng rng;
	lb_day today;
	long ops_per_day, day_left;
	int nkeys;
	int lotseq[NITEM];
	int rotated;
	int last_alloc_period;
	long stat[NOPTYPE][2]; /* done, refused */
	long outcomes[LB_OUT_COUNT];
};

static int pick_internal(struct tt_rng *r)
{
	return (int)tt_below(r, 5);
}

static int pick_point(struct tt_rng *r)
{
	return L_P1 + (int)tt_below(r, 3);
}

static int pick_key(struct gen *g)
{
	if (tt_chance(&g->rng, 60))
		return -1;
	if (g->nkeys && tt_chance(&g->rng, 12))
		return (int)tt_below(&g->rng, (uint64_t)g->nkeys); /* a retry, or a clash */
	return g->nkeys++;
}

static lb_day pick_day(struct gen *g)
{
	if (tt_chance(&g->rng, 85))
		return g->today;
	return g->today - (lb_day)tt_range(&g->rng, 1, 45);
}

/* A lot of item somewhere, preferring ones held at loc. */
static int pick_lot(struct gen *g, struct model *m, int item, int loc)
{
	struct ilist *l = &m->live[loc][item];

	if (l->n && tt_chance(&g->rng, 85))
		return l->v[tt_below(&g->rng, l->n)];
	if (m->nlots && tt_chance(&g->rng, 70)) {
		int lot = (int)(m->nlots - 1 - tt_below(&g->rng, m->nlots < 50 ? m->nlots : 50));
		return lot;
	}
	return -1;
}

static int64_t held(struct model *m, int item, int loc)
{
	struct take t[1];
	int n;

	return fefo(m, item, loc, 0, F_ALL, 0, t, &n, 0);
}

/* An internal location holding item in a lot that mode allows today,
 * or -1. */
static int pick_holder(struct gen *g, struct model *m, int item, int mode)
{
	int cand[5], n = 0;

	for (int l = 0; l <= L_P3; l++) {
		struct take t[1];
		int k;
		if (fefo(m, item, l, g->today, mode, 0, t, &k, 0) > 0)
			cand[n++] = l;
	}
	return n ? cand[tt_below(&g->rng, (uint64_t)n)] : -1;
}

static void gen_receive(struct gen *g, struct model *m, struct op *o)
{
	struct tt_rng *r = &g->rng;
	int reuse;

	o->item = (int)tt_below(r, NITEM);
	o->loc = tt_chance(r, 80) ? (int)tt_below(r, 2) : pick_point(r);
	o->sup = tt_chance(r, 50) ? L_SUP : L_SUPPLY;
	o->qty = o->item == I_TELUR ? tt_range(r, 30, 900) : tt_range(r, 20, 600);
	o->cost = 1000 + 500 * (int64_t)o->item;
	o->lot = -1;
	reuse = m->nlots && tt_chance(r, 25);
	if (reuse) {
		int lot = (int)(m->nlots - 1 - tt_below(r, m->nlots < 20 ? m->nlots : 20));
		const struct mlot *l = &m->lots[lot];
		o->item = l->item;
		snprintf(o->lotcode, sizeof o->lotcode, "%s", l->code);
		o->cost = l->cost;
		o->has_exp = l->has_exp && (item_shelf[l->item] == 0 || tt_chance(r, 80));
		o->exp = l->exp;
		if (tt_chance(r, 10))
			o->cost++; /* disagrees with the lot */
	} else {
		snprintf(o->lotcode, sizeof o->lotcode, "%c%d", item_code[o->item][0], ++g->lotseq[o->item]);
		if (tt_chance(r, item_shelf[o->item] ? 30 : 70)) {
			o->has_exp = 1;
			o->exp = g->today + (lb_day)tt_range(r, -3, o->item == I_TELUR ? 30 : 240);
		}
	}
	if (tt_chance(r, 2))
		o->qty = -o->qty; /* bad */
	if (tt_chance(r, 2))
		o->item = -1;
	if (tt_chance(r, 2))
		o->loc = tt_chance(r, 50) ? L_SUP : -1;
	if (tt_chance(r, 2))
		o->sup = L_GDB;
	if (o->item < 0 && !reuse)
		snprintf(o->lotcode, sizeof o->lotcode, "X%d", ++g->lotseq[0]);
}

static void gen_take(struct gen *g, struct model *m, struct op *o)
{
	struct tt_rng *r = &g->rng;
	int64_t h;

	o->item = (int)tt_below(r, NITEM);
	o->loc = pick_internal(r);
	if (o->type == O_MOVE) {
		/* Mostly from warehouses to points: the points hand out. */
		if (tt_chance(r, 75)) {
			o->loc = (int)tt_below(r, 2);
			o->loc2 = pick_point(r);
		} else {
			o->loc2 = pick_internal(r);
		}
	} else if (o->type == O_ISSUE) {
		o->loc = pick_point(r);
	}
	if (tt_chance(r, 80)) {
		/* From somewhere that has some, mostly. */
		int l = pick_holder(g, m, o->item, F_UNEXPIRED);
		if (l >= 0 && (o->type != O_MOVE || l != o->loc2 || tt_chance(r, 10)))
			o->loc = l;
	}
	{
		struct take t[1];
		int k;
		h = fefo(m, o->item, o->loc, o->day, F_UNEXPIRED, 0, t, &k, 0);
	}
	/* One in nine of these asks for more than there is. */
	o->qty = h > 0 && tt_chance(r, 90) ? tt_range(r, 1, h + h / 8) : tt_range(r, 1, 400);
	if (o->type == O_MOVE && o->loc < 2 && h > 0 && tt_chance(r, 50))
		o->qty = tt_range(r, h / 3 + 1, h); /* a real restock */
	o->lot = tt_chance(r, 25) ? pick_lot(g, m, o->item, o->loc) : -1;
	if (o->lot >= 0 && m->lots[o->lot].item != o->item && tt_chance(r, 70))
		o->item = m->lots[o->lot].item;
	if (tt_chance(r, 2))
		o->qty = 0;
	if (tt_chance(r, 2))
		o->item = -1;
	if (tt_chance(r, 2))
		o->lot = -2;
	if (tt_chance(r, 2))
		o->loc2 = tt_chance(r, 50) ? L_SUP : -1;
}

static void gen_adjust(struct gen *g, struct model *m, struct op *o)
{
	static const char *const reasons[] = { "rusak", "hilang", "lain", "kedaluwarsa", "basi" };
	struct tt_rng *r = &g->rng;
	int64_t h;

	o->item = (int)tt_below(r, NITEM);
	o->loc = pick_internal(r);
	o->reason = reasons[tt_below(r, 4)];
	if (tt_chance(r, 3))
		o->reason = reasons[4];
	if (strcmp(o->reason, "kedaluwarsa") == 0 && tt_chance(r, 85)) {
		/* Write off what has expired: the points need the room. */
		int l = pick_holder(g, m, o->item, F_EXPIRED);
		if (l >= 0)
			o->loc = l;
	}
	h = held(m, o->item, o->loc);
	o->lot = tt_chance(r, 40) ? pick_lot(g, m, o->item, o->loc) : -1;
	if (o->lot >= 0)
		o->item = m->lots[o->lot].item;
	if (strcmp(o->reason, "kedaluwarsa") == 0 || tt_chance(r, 70))
		o->qty = -(h > 0 ? tt_range(r, 1, h) : tt_range(r, 1, 50));
	else
		o->qty = tt_range(r, 1, 80);
	if (tt_chance(r, 2))
		o->qty = 0;
}

static void gen_count(struct gen *g, struct model *m, struct op *o)
{
	struct tt_rng *r = &g->rng;
	int64_t h;

	o->item = (int)tt_below(r, NITEM);
	o->loc = pick_internal(r);
	o->lot = tt_chance(r, 30) ? pick_lot(g, m, o->item, o->loc) : -1;
	if (o->lot >= 0)
		o->item = m->lots[o->lot].item;
	h = o->lot >= 0 ? m->lots[o->lot].q[o->loc] : held(m, o->item, o->loc);
	o->qty = h + tt_range(r, -h / 4 - 3, 10);
	if (tt_chance(r, 30))
		o->qty = h;
}

static void gen_reverse(struct gen *g, struct model *m, struct op *o)
{
	struct tt_rng *r = &g->rng;

	if (!m->nmovs || tt_chance(r, 3))
		o->mov = (int64_t)m->nmovs + tt_range(r, 1, 5); /* none such */
	else if (tt_chance(r, 80))
		o->mov = (int64_t)m->nmovs - (int64_t)tt_below(r, m->nmovs < 30 ? m->nmovs : 30);
	else
		o->mov = 1 + (int64_t)tt_below(r, m->nmovs);
	if (m->nmovs && o->mov >= 1 && (size_t)o->mov <= m->nmovs && tt_chance(r, 80))
		o->day = m->movs[o->mov - 1].day > o->day ? (tt_chance(r, 90) ? g->today : o->day) : o->day;
}

/* A voucher of a round near today, mostly. */
static int pick_vch(struct gen *g, struct model *m, int redeemed)
{
	struct tt_rng *r = &g->rng;

	if (!m->nv)
		return -1;
	if (redeemed && tt_chance(r, 85)) {
		for (int tries = 0; tries < 40; tries++) {
			size_t i = m->nv - 1 - tt_below(r, m->nv < 200 ? m->nv : 200);
			if (m->v[i].red)
				return (int)i;
		}
	}
	if (tt_chance(r, 80)) {
		/* A slip that may be redeemed today. */
		for (int tries = 0; tries < 40; tries++) {
			size_t i = m->nv - 1 - tt_below(r, m->nv < 300 ? m->nv : 300);
			if (first_day(m->v[i].period) <= g->today && m->v[i].last >= g->today)
				return (int)i;
		}
	}
	if (tt_chance(r, 85))
		return (int)(m->nv - 1 - tt_below(r, m->nv < 150 ? m->nv : 150));
	return (int)tt_below(r, m->nv);
}

static void gen_redeem(struct gen *g, struct model *m, struct op *o)
{
	struct tt_rng *r = &g->rng;
	unsigned v = (unsigned)tt_below(r, 100);
	const struct mvch *mv;

	o->vch = pick_vch(g, m, 0);
	mv = &m->v[o->vch];
	o->loc = mv->point;
	o->variant = v < 70 ? R_OWN : v < 76 ? R_OTHER_POINT : v < 79 ? R_OVERRIDE : v < 82 ? R_SERIAL
		: v < 86 ? R_MANUAL : v < 90 ? R_WRONG_PROG : v < 94 ? R_WRONG_PERIOD : R_DAMAGED;
	if (o->variant == R_OTHER_POINT || o->variant == R_OVERRIDE)
		o->loc = pick_point(r);
	o->prog = (int)tt_below(r, NPROG);
	o->period = mv->period + (int)tt_range(r, -1, 1);
	o->damage = (int)tt_below(r, 1u << 30);
}

static void gen_op(struct gen *g, struct model *m, struct op *o)
{
	struct tt_rng *r = &g->rng;
	unsigned w = (unsigned)tt_below(r, 1000);

	memset(o, 0, sizeof *o);
	o->day = pick_day(g);
	o->key = -1;
	o->lot = -1;
	o->vch = -1;
	if (w < 150) {
		o->type = O_RECEIVE;
		o->key = pick_key(g);
		gen_receive(g, m, o);
	} else if (w < 400) {
		o->type = O_MOVE;
		o->key = pick_key(g);
		gen_take(g, m, o);
	} else if (w < 420) {
		o->type = O_ISSUE;
		o->key = pick_key(g);
		gen_take(g, m, o);
	} else if (w < 500) {
		o->type = O_ADJUST;
		o->key = pick_key(g);
		gen_adjust(g, m, o);
	} else if (w < 540) {
		o->type = O_COUNT;
		gen_count(g, m, o);
	} else if (w < 590) {
		o->type = O_REVERSE;
		o->key = pick_key(g);
		gen_reverse(g, m, o);
	} else if (w < 880 && m->nv) {
		o->type = O_REDEEM;
		o->day = g->today;
		gen_redeem(g, m, o);
	} else if (w < 930 && m->nv) {
		o->type = O_UNDO;
		o->day = tt_chance(r, 95) ? g->today : g->today - 40;
		o->vch = pick_vch(g, m, 1);
	} else if (w < 935 && m->nv) {
		o->type = O_REVOKE;
		o->vch = pick_vch(g, m, 0);
	} else if (w < 938) {
		o->type = O_ALLOCATE;
		o->prog = (int)tt_below(r, NPROG);
		o->period = period_of(g->today) + (int)tt_range(r, -3, 3);
		if (o->period < FIRST_PERIOD || o->period > LAST_PERIOD)
			o->period = period_of(g->today);
	} else if (w < 941) {
		/* Closed already, not begun, or held by a kit: never the
		 * months still being worked in. */
		o->type = O_CLOSE;
		o->period = period_of(g->today) + (tt_chance(r, 50) ? 1 : -(int)tt_range(r, 2, 4));
		if (o->period < FIRST_PERIOD)
			o->period = period_of(g->today) + 1;
	} else if (w < 1000 && m->kit.open) {
		unsigned k = (unsigned)tt_below(r, 100);
		o->day = g->today;
		if (k < 70) {
			o->type = O_KIT_REDEEM;
			o->loc = m->kit.point;
			o->vch = pick_vch(g, m, 0);
			if (tt_chance(r, 60)) {
				/* Mostly the kit's own slips. */
				for (int t = 0; t < 30; t++) {
					int i = pick_vch(g, m, 0);
					if ((size_t)i < m->kit.nv && m->kit.vin[i]) {
						o->vch = i;
						break;
					}
				}
			}
		} else if (k < 85) {
			o->type = O_KIT_UNDO;
			o->vch = pick_vch(g, m, 0);
			for (size_t i = 0; i < m->kit.nv; i++)
				if (m->kit.kred[i] && tt_chance(r, 50)) {
					o->vch = (int)i;
					break;
				}
		} else {
			o->type = O_KIT_IMPORT;
		}
	} else if (w < 1000 && m->kit.imported && tt_chance(r, 3)) {
		o->type = O_KIT_IMPORT; /* again: nothing new */
	} else if (w < 1000 && m->nv && tt_chance(r, 8)) {
		o->type = O_KIT_EXPORT;
		o->loc = pick_point(r);
		o->period = period_of(g->today);
	} else {
		o->type = O_MOVE;
		gen_take(g, m, o);
	}
}

static void op_text(const struct model *m, const struct op *o, char *out, size_t n)
{
	char d[11], key[32];

	lb_date_format(o->day, d);
	key_text(o->key, key, sizeof key);
	switch (o->type) {
	case O_RECEIVE:
		snprintf(out, n, "receive %s %lld of %s into %s from %s, lot %s exp %d cost %lld, key '%s'", d,
			 (long long)o->qty, o->item >= 0 ? item_code[o->item] : "?", o->loc >= 0 ? loc_code[o->loc] : "?",
			 loc_code[o->sup], o->lotcode, o->has_exp ? (int)o->exp : -1, (long long)o->cost, key);
		break;
	case O_MOVE:
	case O_ISSUE:
	case O_ADJUST:
	case O_COUNT:
		snprintf(out, n, "%s %s %lld of %s at %s -> %s, lot %lld, reason %s, key '%s'", op_name[o->type], d,
			 (long long)o->qty, o->item >= 0 ? item_code[o->item] : "?", o->loc >= 0 ? loc_code[o->loc] : "?",
			 o->type == O_MOVE ? (o->loc2 >= 0 ? loc_code[o->loc2] : "?") : "-", (long long)lot_id(o->lot),
			 o->reason ? o->reason : "-", key);
		break;
	case O_REVERSE:
		snprintf(out, n, "reverse %s movement %lld, key '%s'", d, (long long)o->mov, key);
		break;
	case O_REDEEM:
	case O_KIT_REDEEM:
		snprintf(out, n, "%s %s voucher %s at %s, variant %d", op_name[o->type], d,
			 o->vch >= 0 ? m->v[o->vch].serial : "?", loc_code[o->loc], o->variant);
		break;
	case O_UNDO:
	case O_REVOKE:
	case O_KIT_UNDO:
		snprintf(out, n, "%s %s voucher %s", op_name[o->type], d, o->vch >= 0 ? m->v[o->vch].serial : "?");
		break;
	case O_ALLOCATE:
	case O_CLOSE:
		snprintf(out, n, "%s %s %04d-%02d", op_name[o->type], o->type == O_ALLOCATE ? prog_code[o->prog] : "",
			 o->period / 12, o->period % 12 + 1);
		break;
	case O_KIT_EXPORT:
		snprintf(out, n, "kit-export %s %s %04d-%02d", d, loc_code[o->loc], o->period / 12, o->period % 12 + 1);
		break;
	default:
		snprintf(out, n, "%s %s", op_name[o->type], d);
	}
}

/* ---- one run ---- */

struct run_result {
	long failed_at;      /* operations done when it failed (1-based), or 0 */
	long good_prefix;    /* operations known good at the last full check */
	long ops, checks, redeemed, refusals, kits;
	double secs;
	char why[4096];
	char last[8][512];
};

static int prog_open(struct prog *p, const char *template_db, const char *dir, const char *key_path)
{
	lb_err e = { 0 };
	char db[300];

	memset(p, 0, sizeof *p);
	snprintf(p->dir, sizeof p->dir, "%s", dir);
	snprintf(db, sizeof db, "%s/model.db", dir);
	tt_copy_db(template_db, db);
	snprintf(p->key_path, sizeof p->key_path, "%s/model.key", dir);
	unlink(p->key_path);
	tt_copy_file(key_path, p->key_path);
	if (chmod(p->key_path, 0600) != 0)
		tt_die("chmod: %s", strerror(errno));
	if (lb_db_open(db, LB_DB_EXISTING, &p->db, &e))
		tt_die("open %s: %s", db, e.msg);
	/* Crash safety is another suite's business: here, speed. */
	if (lb_db_exec(p->db, "PRAGMA synchronous=OFF", &e))
		tt_die("%s", e.msg);
	if (lb_key_load(p->key_path, &p->key, &e))
		tt_die("key: %s", e.msg);
	for (int i = 0; i < NITEM; i++) {
		struct lb_item it;
		if (lb_item_find(p->db, item_code[i], &it, &e))
			tt_die("%s", e.msg);
		p->item_id[i] = it.id;
	}
	for (int l = 0; l < NLOC; l++) {
		struct lb_location loc;
		if (lb_location_find(p->db, loc_code[l], &loc, &e))
			tt_die("%s", e.msg);
		p->loc_id[l] = loc.id;
	}
	return 0;
}

static void model_free(struct model *m)
{
	for (int l = 0; l < NLOC; l++)
		for (int i = 0; i < NITEM; i++)
			free(m->live[l][i].v);
	free(m->lots);
	free(m->movs);
	free(m->keys);
	free(m->v);
	free(m->red);
	free(m->kit.kq);
	free(m->kit.vin);
	free(m->kit.kred);
	free(m->kit.krevoked);
	free(m->kit.ops);
	memset(m, 0, sizeof *m);
}

static int do_rotate(struct prog *p)
{
	struct lb_key_row old, nw;
	char archive[400];
	lb_err e = { 0 };

	if (lb_signing_key_rotate(p->db, p->key_path, &old, &nw, archive, sizeof archive, &e))
		return failf("key rotate: %s", e.msg);
	lb_key_wipe(&p->key);
	if (lb_key_load(p->key_path, &p->key, &e))
		return failf("key load after rotation: %s", e.msg);
	return 0;
}

/* The operations for the start of a month: allocate its rounds, close
 * the month before last (unless a kit for it is still out), rotate the
 * key once. */
static int month_ops(struct gen *g, struct model *m, struct op *q, int max)
{
	int per = period_of(g->today), n = 0;

	for (int pr = 0; pr < NPROG && n < max; pr++) {
		if ((per - FIRST_PERIOD) % prog_round[pr])
			continue;
		memset(&q[n], 0, sizeof q[n]);
		q[n].type = O_ALLOCATE;
		q[n].prog = pr;
		q[n].period = per;
		q[n].day = g->today;
		q[n].key = q[n].lot = q[n].vch = -1;
		n++;
	}
	if (per - 2 >= FIRST_PERIOD && !kit_open_for(m, per - 2) && !m->closed[per - 2 - CAL_FIRST] && n < max) {
		memset(&q[n], 0, sizeof q[n]);
		q[n].type = O_CLOSE;
		q[n].period = per - 2;
		q[n].day = g->today;
		q[n].key = q[n].lot = q[n].vch = -1;
		n++;
	}
	if (!g->rotated && per >= FIRST_PERIOD + 3 && n < max) {
		memset(&q[n], 0, sizeof q[n]);
		q[n].type = O_ROTATE;
		q[n].day = g->today;
		q[n].key = q[n].lot = q[n].vch = -1;
		g->rotated = 1;
		n++;
	}
	return n;
}

/*
 * Run seed for nops operations on a copy of the world. check_every:
 * a full check every so many operations (and always at the end).
 */
static void run(uint64_t seed, long planned, long nops, long check_every, const struct tt_world *w,
		struct run_result *rr)
{
	struct model m;
	struct prog p;
	struct gen g;
	struct op queue[8];
	int nq = 0;
	char dir[300];
	double t0 = tt_now();
	long since_check = 0;

	memset(rr, 0, sizeof *rr);
	memset(&m, 0, sizeof m);
	memset(&g, 0, sizeof g);
	m.nrcp = w->nrcp;
	for (int i = 0; i < w->nrcp; i++)
		m.nlansia += i % 4 != 3;
	g.rng.s = seed;
	g.today = lb_day_from_ymd(2026, 1, 1);
	/* The calendar follows the planned length, not the prefix run, so
	 * that a prefix replays the same operations. */
	g.ops_per_day = planned / 690 + 2 > 3 ? planned / 690 + 2 : 3; /* ends within the programs' two years */
	g.day_left = g.ops_per_day;
	/* A folder of its own: the key's rotation leaves the old key file
	 * beside it, and kits are files too. */
	snprintf(dir, sizeof dir, "%s/run.XXXXXX", w->dir);
	if (!mkdtemp(dir))
		tt_die("mkdtemp %s: %s", dir, strerror(errno));
	prog_open(&p, w->db, dir, w->key);
	tt_set_today(g.today);
	nq = month_ops(&g, &m, queue, 8);

	for (long k = 0; k < nops; k++) {
		struct op o;
		struct expect x;
		int bad = 0;

		if (nq) {
			o = queue[0];
			memmove(queue, queue + 1, (size_t)--nq * sizeof *queue);
		} else {
			if (--g.day_left <= 0) {
				int per = period_of(g.today);
				g.today++;
				g.day_left = g.ops_per_day;
				tt_set_today(g.today);
				if (period_of(g.today) != per)
					nq = month_ops(&g, &m, queue, 8);
				/* A kit is brought back within a month of its period. */
				if (m.kit.open && period_of(g.today) > m.kit.period + 1 && nq < 8) {
					memset(&queue[nq], 0, sizeof queue[nq]);
					queue[nq].type = O_KIT_IMPORT;
					queue[nq].day = g.today;
					queue[nq].key = queue[nq].lot = queue[nq].vch = -1;
					nq++;
				}
			}
			if (nq) {
				k--;
				continue;
			}
			gen_op(&g, &m, &o);
		}
		memset(&x, 0, sizeof x);
		x.rc = LB_OK;
		op_text(&m, &o, rr->last[k % 8], sizeof rr->last[0]);

		switch (o.type) {
		case O_RECEIVE:
		case O_MOVE:
		case O_ISSUE:
		case O_ADJUST:
		case O_COUNT:
		case O_REVERSE:
			if (o.type == O_RECEIVE)
				m_receive(&m, &o, &x);
			else if (o.type == O_MOVE)
				m_move(&m, &o, &x);
			else if (o.type == O_ISSUE)
				m_issue(&m, &o, &x);
			else if (o.type == O_ADJUST)
				m_adjust(&m, &o, &x);
			else if (o.type == O_COUNT)
				m_count(&m, &o, &x);
			else
				m_reverse(&m, &o, &x);
			bad = begin(&p, &g.rng) || do_journal(&p, &o, &x);
			if (!bad && ++p.batch >= p.batch_want)
				bad = commit(&p);
			break;
		case O_REDEEM:
			m_redeem(&m, &o, &x);
			bad = commit(&p) || redeem_on(&p, p.db, &m, &o, &x);
			rr->redeemed += x.outcome == LB_OUT_ACCEPTED;
			break;
		case O_UNDO:
			m_undo(&m, &o, &x);
			bad = commit(&p) || do_undo(p.db, &m, &o, &x);
			break;
		case O_REVOKE: {
			lb_err e = { 0 };
			int rc;
			struct lb_voucher vv;
			m_revoke(&m, &o, &x);
			bad = commit(&p);
			if (!bad && (rc = lb_voucher_revoke(p.db, m.v[o.vch].serial, "hilang", "torture", &vv, &e)) != x.rc)
				bad = failf("revoke: status %d, the model expected %d (%s)", rc, x.rc, e.msg);
			break;
		}
		case O_ALLOCATE:
			m_allocate(&m, &o, &x);
			bad = commit(&p) || do_allocate(&p, &m, &o, &x);
			break;
		case O_CLOSE: {
			lb_err e = { 0 };
			int rc, open_kits;
			m_close(&m, &o, &x, g.today);
			bad = commit(&p);
			if (!bad && (rc = lb_period_close(p.db, o.period, 0, "torture", &open_kits, &e)) != x.rc)
				bad = failf("close: status %d, the model expected %d (%s)", rc, x.rc, rc ? e.msg : "done");
			break;
		}
		case O_ROTATE:
			bad = commit(&p) || do_rotate(&p);
			break;
		case O_KIT_EXPORT:
			m_kit_export(&m, &o, &x, g.today);
			bad = commit(&p) || do_kit_export(&p, &m, &o, &x);
			rr->kits += x.rc == LB_OK;
			break;
		case O_KIT_REDEEM:
			m_kit_redeem(&m, &o, &x);
			bad = commit(&p) || redeem_on(&p, p.kit, &m, &o, &x);
			break;
		case O_KIT_UNDO:
			m_kit_undo(&m, &o, &x);
			x.n = -1; /* reversals on the kit are its own business */
			bad = commit(&p) || do_undo(p.kit, &m, &o, &x);
			break;
		case O_KIT_IMPORT:
			m_kit_import(&m, &o, &x);
			bad = commit(&p) || do_kit_import(&p, &m, &o, &x);
			break;
		default:
			break;
		}
		if ((o.type == O_REDEEM || o.type == O_KIT_REDEEM) && x.outcome >= 0)
			g.outcomes[x.outcome]++;
		g.stat[o.type][x.rc != LB_OK || (x.outcome != LB_OUT_ACCEPTED && (o.type == O_REDEEM || o.type == O_KIT_REDEEM))]++;
		rr->refusals += x.rc != LB_OK || (x.outcome != LB_OUT_ACCEPTED && (o.type == O_REDEEM || o.type == O_KIT_REDEEM));
		for (int i = 0; i < x.ntouched && !bad; i++)
			bad = check_balance(&p, &m, x.touched[i][0], x.touched[i][1]);
		if (!bad && (++since_check >= check_every || k + 1 == nops)) {
			since_check = 0;
			bad = full_check(&p, &m, &rr->checks);
			if (!bad)
				rr->good_prefix = k + 1;
		}
		if (bad) {
			rr->failed_at = k + 1;
			snprintf(rr->why, sizeof rr->why, "%s", fail_msg);
			break;
		}
		rr->ops = k + 1;
	}
	if (p.in_tx)
		lb_db_rollback(p.db);
	lb_db_close(p.kit);
	lb_db_close(p.db);
	lb_key_wipe(&p.key);
	if (!getenv("LUMBUNG_TORTURE_KEEP")) {
		char cmd[400];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			tt_note("could not remove %s", dir);
	}
	rr->secs = tt_now() - t0;
	if (getenv("LUMBUNG_TORTURE_STATS"))
		for (int i = 0; i < NOPTYPE; i++)
			tt_note("  %-11s %8ld done, %8ld refused", op_name[i], g.stat[i][0], g.stat[i][1]);
	if (getenv("LUMBUNG_TORTURE_STATS"))
		for (int i = 0; i < LB_OUT_COUNT; i++)
			if (g.outcomes[i])
				tt_note("  %-24s %8ld", lb_outcome_code(i), g.outcomes[i]);
	model_free(&m);
}

/* The shortest prefix of seed's operations that fails a full check at
 * its end, between a prefix known good and one known bad. */
static long shrink(uint64_t seed, long planned, long good, long bad, const struct tt_world *w)
{
	struct run_result rr;

	while (bad - good > 1) {
		long mid = good + (bad - good) / 2;
		run(seed, planned, mid, mid + 1, w, &rr);
		if (rr.failed_at)
			bad = rr.failed_at < mid ? rr.failed_at : mid;
		else
			good = mid;
	}
	return bad;
}

int main(void)
{
	struct tt_world w;
	lb_err e = { 0 };
	int lng = tt_long();
	long nops = tt_env_long("LUMBUNG_TORTURE_OPS", lng ? 1000000 : 1500);
	long seeds = tt_env_long("LUMBUNG_TORTURE_SEEDS", lng ? 11 : 3);
	long check_every = tt_env_long("LUMBUNG_TORTURE_CHECK", lng ? 50000 : 10);
	long first_seed = tt_env_long("LUMBUNG_TORTURE_SEED", 0);
	long total = 0, checks = 0, redeemed = 0, refusals = 0, kits = 0;
	double secs = 0;

	if (lb_hash_init(&e) || lb_crypto_init(&e))
		tt_die("%s", e.msg);
	tt_world_build(&w, lng ? 45 : 18);
	for (long s = 0; s < seeds; s++) {
		uint64_t seed = first_seed ? (uint64_t)first_seed + (uint64_t)s : 0x5eed0000ULL + (uint64_t)s * 7919;
		/* The long form: one long run, then short ones on new seeds. */
		long n = lng && s > 0 && !getenv("LUMBUNG_TORTURE_OPS") ? 5000 : nops;
		long every = lng && s > 0 ? 500 : check_every;
		struct run_result rr;

		run(seed, tt_env_long("LUMBUNG_TORTURE_PLAN", n), n, every, &w, &rr);
		total += rr.ops + (rr.failed_at ? 1 : 0);
		checks += rr.checks;
		redeemed += rr.redeemed;
		refusals += rr.refusals;
		kits += rr.kits;
		secs += rr.secs;
		if (rr.failed_at) {
			long shortest;
			tt_fail("seed %llu: operation %ld disagrees with the model: %s", (unsigned long long)seed,
				rr.failed_at, rr.why);
			for (int i = 7; i >= 0; i--) {
				long k = rr.failed_at - 1 - i;
				if (k >= 0)
					tt_note("  op %ld: %s", k + 1, rr.last[k % 8]);
			}
			shortest = getenv("LUMBUNG_TORTURE_NOSHRINK") ? rr.failed_at
				: shrink(seed, tt_env_long("LUMBUNG_TORTURE_PLAN", n), rr.good_prefix, rr.failed_at, &w);
			tt_note("shortest failing prefix: %ld operations; reproduce with", shortest);
			tt_note("  LUMBUNG=%s LUMBUNG_TORTURE_SEED=%llu LUMBUNG_TORTURE_SEEDS=1 LUMBUNG_TORTURE_PLAN=%ld LUMBUNG_TORTURE_OPS=%ld LUMBUNG_TORTURE_CHECK=1 <this program>",
				tt_lumbung(), (unsigned long long)seed, tt_env_long("LUMBUNG_TORTURE_PLAN", n), shortest);
			break;
		}
		tt_ok("seed %llu: %ld operations agree with the model (%ld full checks with verify, %ld redemptions, %ld refusals, %ld kits; %.0f ops/s)",
		      (unsigned long long)seed, rr.ops, rr.checks, rr.redeemed, rr.refusals, rr.kits,
		      rr.ops / (rr.secs > 0 ? rr.secs : 1));
	}
	tt_note("model: %ld operations over %ld seeds, %ld full checks, %ld redemptions, %ld refusals predicted, %ld field kits, %.1f s, %.0f ops/s",
		total, seeds, checks, redeemed, refusals, kits, secs, total / (secs > 0 ? secs : 1));
	tt_world_free(&w);
	return tt_done();
}
