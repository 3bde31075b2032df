/*
 * pages_home.c — the Beranda: this month's rounds at a glance.
 *
 * Per round: the figures finance would ask first (allocated, redeemed,
 * not yet collected, refused), a bar chart per kecamatan drawn here as
 * SVG (no script, no library), and the stock at each point against what
 * the round needs there. Then lots expiring within 30 days and the
 * refused attempts of today. The figures come from the same functions
 * as `lumbung reconcile`, `allocate --plan`, `stock expiring` and
 * `redeem log`.
 *
 * A penyalur sees only the figures of their own points (lb_web_sees_point,
 * the one check): the round's allocations, the chart and the refusals
 * are counted again over the allocations and attempts of those points,
 * and stock, need and expiring lots are those at them. Those figures are
 * the user's own, so they are never put in (or served from) the cache
 * that every other user shares.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "inventory/query.h"
#include "program/allocation.h"
#include "voucher/redeem.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/rounds.h"

struct home {
	struct lb_req *q;
	struct lb_resp *r;
	int rounds;
	lb_rdoc *o;
};

/* The chart is drawn for a phone (360 units wide: text stays readable
 * at 360 px) and scales up to at most 640 px on a PC (the style sheet):
 * each kecamatan's name on its own line, then its three bars. */
#define BAR_H 12
#define CHART_W 360
#define NUM_W 44
#define ROW_H (16 + 3 * BAR_H + 10)

static int chart(struct home *h, const struct lb_recon *rc)
{
	lb_buf *b = &h->r->body;
	lb_err *e = &h->q->err;
	int64_t max = 1;
	size_t n = rc->ndistricts;
	int height = 26 + (int)n * ROW_H;
	int st;
	static const struct {
		const char *label, *color;
	} series[3] = {
		{ "Dialokasikan", "#8aa58f" },
		{ "Ditebus", "#1b6b3a" },
		{ "Belum diambil", "#c98a1a" },
	};

	for (size_t i = 0; i < n; i++)
		if (rc->districts[i].s.allocations > max)
			max = rc->districts[i].s.allocations;
	if ((st = lb_buf_addf(b, e,
			      "<svg class=\"grafik\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Alokasi, penebusan dan belum diambil per kecamatan\">",
			      CHART_W, height)))
		return st;
	for (int s = 0; s < 3; s++)
		if ((st = lb_buf_addf(b, e,
				      "<rect x=\"%d\" y=\"4\" width=\"11\" height=\"11\" fill=\"%s\"/><text x=\"%d\" y=\"14\" font-size=\"12\">%s</text>",
				      s * 120, series[s].color, s * 120 + 15, series[s].label)))
			return st;
	for (size_t i = 0; i < n; i++) {
		const struct lb_recon_area *a = &rc->districts[i];
		int64_t v[3] = { a->s.allocations, lb_recon_redeemed(&a->s), a->s.by_class[LB_RC_NOT_COLLECTED] };
		int y = 26 + (int)i * ROW_H;
		if ((st = lb_buf_addf(b, e, "<text x=\"0\" y=\"%d\" font-size=\"13\" font-weight=\"600\">", y + 12)) ||
		    (st = lb_html_add(b, a->name, e)) || (st = lb_buf_adds(b, "</text>", e)))
			return st;
		for (int s = 0; s < 3; s++) {
			int w = (int)((CHART_W - NUM_W) * v[s] / max);
			int by = y + 16 + s * BAR_H;
			char num[32];
			lb_int_format_id(v[s], num, sizeof num);
			if ((st = lb_buf_addf(b, e,
					      "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>"
					      "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
					      by, w, BAR_H - 2, series[s].color, series[s].label, num, w + 4, by + BAR_H - 3, num)))
				return st;
		}
	}
	return lb_buf_adds(b, "</svg>", e);
}

/* ---- a penyalur's own points ---- */

struct narrow {
	struct lb_req *q;
	struct lb_recon *rc;   /* the whole round's run, narrowed in place */
	size_t last;           /* the village of the previous allocation */
	int64_t refused;
};

static int mine_attempt(void *arg, const struct lb_recon_attempt *a, lb_err *e)
{
	struct narrow *n = arg;
	(void)e;
	if (lb_web_sees_point(n->q, a->point, 0))
		n->refused++;
	return 0;
}

static int mine_alloc(void *arg, const struct lb_recon_alloc *a, lb_err *e)
{
	struct narrow *n = arg;
	struct lb_recon *rc = n->rc;
	const char *district = NULL;
	int r;

	if (!lb_web_sees_point(n->q, a->point, 0))
		return 0;
	/* allocations come by recipient, so the village rarely changes */
	if (n->last >= rc->nvillages || strcmp(rc->villages[n->last].code, a->village) != 0)
		for (n->last = 0; n->last < rc->nvillages; n->last++)
			if (strcmp(rc->villages[n->last].code, a->village) == 0)
				break;
	if (n->last < rc->nvillages)
		district = rc->villages[n->last].district;
	if ((r = lb_recon_add(&rc->total, a->cls, a->value, rc->package_budget, e)))
		return r;
	for (size_t i = 0; district && i < rc->ndistricts; i++)
		if (strcmp(rc->districts[i].code, district) == 0)
			return lb_recon_add(&rc->districts[i].s, a->cls, a->value, rc->package_budget, e);
	return 0;
}

/* Count the round again over the penyalur's points: totals, kecamatan
 * (only those where the points have allocations) and refused attempts. */
static int narrow_round(struct lb_req *q, const struct lb_round *rd, struct lb_recon *rc, int64_t refused,
			lb_err *e)
{
	struct narrow n = { q, rc, (size_t)-1, 0 };
	size_t keep = 0;
	int st;

	memset(&rc->total, 0, sizeof rc->total);
	for (size_t i = 0; i < rc->ndistricts; i++)
		memset(&rc->districts[i].s, 0, sizeof rc->districts[i].s);
	if ((st = lb_recon_each_alloc(q->db, rd, NULL, LB_RL_ALL, NULL, mine_alloc, &n, e)))
		return st;
	for (size_t i = 0; i < rc->ndistricts; i++) {
		const struct lb_recon_sums *s = &rc->districts[i].s;
		if (s->allocations || s->by_class[LB_RC_CANCELLED])
			rc->districts[keep++] = rc->districts[i];
	}
	rc->ndistricts = keep;
	rc->refused = refused;
	return LB_OK;
}

static int need_row(void *arg, const struct lb_alloc_need *n, lb_err *e)
{
	struct home *h = arg;
	char need[32], stock[32], short_[32], per[32];
	const char *vals[6];

	if (!lb_web_sees_point(h->q, NULL, n->point_id))
		return 0;
	lb_int_format_id(n->need, need, sizeof need);
	lb_int_format_id(n->stock, stock, sizeof stock);
	lb_int_format_id(n->shortfall, short_, sizeof short_);
	lb_int_format_id(n->packages, per, sizeof per);
	vals[0] = n->point_name;
	vals[1] = n->item;
	vals[2] = per;
	vals[3] = need;
	vals[4] = stock;
	{
		char unit_need[64], unit_stock[64], unit_short[64];
		snprintf(unit_need, sizeof unit_need, "%s %s", need, n->unit);
		snprintf(unit_stock, sizeof unit_stock, "%s %s", stock, n->unit);
		snprintf(unit_short, sizeof unit_short, "%s %s", short_, n->unit);
		vals[3] = unit_need;
		vals[4] = unit_stock;
		vals[5] = n->shortfall ? unit_short : "";
		return lb_rdoc_cells(h->o, vals, e);
	}
}

static int round_block(void *arg, const struct lb_program *p, const struct lb_round *rd, lb_err *e)
{
	static const struct lb_col need_cols[] = {
		{ "Titik salur", 0 }, { "Barang", 0 }, { "Paket", 1 }, { "Kebutuhan", 1 }, { "Stok", 1 }, { "Kurang", 1 },
	};
	struct home *h = arg;
	struct lb_recon rc;
	struct narrow mine = { h->q, NULL, 0, 0 };
	char a[32], red[32], nc[32], ref[32];
	int limited = h->q->user.limited;
	int st;

	h->rounds++;
	memset(&rc, 0, sizeof rc);
	if ((st = lb_recon_run(h->q->db, rd, &rc, limited ? mine_attempt : NULL, &mine, e)))
		return st;
	if (limited && (st = narrow_round(h->q, rd, &rc, mine.refused, e)))
		goto done;
	lb_int_format_id(rc.total.allocations, a, sizeof a);
	lb_int_format_id(lb_recon_redeemed(&rc.total), red, sizeof red);
	lb_int_format_id(rc.total.by_class[LB_RC_NOT_COLLECTED], nc, sizeof nc);
	lb_int_format_id(rc.refused, ref, sizeof ref);
	if ((st = lb_html_raw(h->r, "<h2>", e)) || (st = lb_html_textf(h->r, e, "%s — %s", rd->name, rd->period_id)) ||
	    (st = lb_html_raw(h->r, "</h2><div class=\"kartu\">", e)) ||
	    (st = lb_html_raw(h->r, "<div>Dialokasikan<b id=\"jml-alokasi\">", e)) || (st = lb_html_text(h->r, a, e)) ||
	    (st = lb_html_raw(h->r, "</b></div><div>Ditebus<b id=\"jml-ditebus\">", e)) || (st = lb_html_text(h->r, red, e)) ||
	    (st = lb_html_raw(h->r, "</b></div><div>Belum diambil<b id=\"jml-belum\">", e)) || (st = lb_html_text(h->r, nc, e)) ||
	    (st = lb_html_raw(h->r, "</b></div><div>Upaya ditolak (ronde)<b id=\"jml-ditolak\">", e)) ||
	    (st = lb_html_text(h->r, ref, e)) || (st = lb_html_raw(h->r, "</b></div></div>", e)) ||
	    (st = lb_html_raw(h->r, "<h3>Per kecamatan</h3>", e)) || (st = chart(h, &rc)) ||
	    (st = lb_html_raw(h->r, "<h3>Stok di titik salur terhadap kebutuhan ronde</h3>", e)))
		goto done;
	if ((st = lb_rdoc_html_list(&h->r->body, need_cols, 6, &h->o, e)))
		goto done;
	st = lb_alloc_plan(h->q->db, p, rd->period, need_row, h, e);
	if (!st)
		st = lb_rdoc_close(h->o, e);
	else
		lb_rdoc_discard(h->o);
	h->o = NULL;
done:
	lb_recon_free(&rc);
	return st;
}

struct today_count {
	const struct lb_req *q;
	char day[11];
	long n;
};

static int count_today(void *arg, const struct lb_attempt_row *a, lb_err *e)
{
	struct today_count *t = arg;
	(void)e;
	if (strcmp(a->day, t->day) == 0 && lb_web_sees_point(t->q, a->point, 0))
		t->n++;
	return 0;
}

/* The figures below the page's header: the same for every user but a
 * penyalur (see the top). */
static int figures(struct lb_req *q, struct lb_resp *r)
{
	struct home h = { q, r, 0, NULL };
	struct lb_attempt_filter af = { 0 };
	struct today_count t = { q, "", 0 };
	char num[32];
	lb_err *e = &q->err;
	int rc;

	lb_date_format(lb_today(), t.day);
	if ((rc = lb_web_rounds_each(q->db, 1, round_block, &h, e)))
		return rc;
	if (!h.rounds && (rc = lb_html_raw(r, "<p class=\"kosong\">Belum ada ronde dengan alokasi untuk bulan ini.</p>", e)))
		return rc;
	af.refused = 1;
	if ((rc = lb_redeem_log_each(q->db, &af, count_today, &t, e)))
		return rc;
	lb_int_format_id(t.n, num, sizeof num);
	if ((rc = lb_html_raw(r, "<h2>Upaya penebusan ditolak hari ini</h2><div class=\"kartu\"><div>Ditolak hari ini<b id=\"ditolak-hari-ini\">", e)) ||
	    (rc = lb_html_text(r, num, e)) || (rc = lb_html_raw(r, "</b></div></div>", e)))
		return rc;
	if ((rc = lb_html_raw(r, "<h2>Lot kedaluwarsa dalam 30 hari</h2>", e)) ||
	    (rc = lb_pg_expiring_table(q, r, 30)))
		return rc;
	return LB_OK;
}

/*
 * The figures of a large round take seconds to gather (a reconciliation
 * of every allocation), and everyone opens the Beranda first: they are
 * kept for CACHE_SECONDS and shared by every user and worker. While one
 * worker gathers them anew, the others serve the copy they have, so only
 * the very first request after the server starts waits.
 */
#define CACHE_SECONDS 30

static struct {
	pthread_mutex_t lock;
	char *html;
	size_t len;
	int64_t at;
	lb_day day;
	int busy;
} cache = { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, 0, 0 };

int lb_pg_home(struct lb_req *q, struct lb_resp *r)
{
	char today[32];
	lb_err *e = &q->err;
	lb_day day = lb_today();
	size_t start;
	int rc, fresh, have;

	lb_date_format_id(day, today);
	if ((rc = lb_html_begin(q, r, "Beranda")) ||
	    (rc = lb_html_raw(r, "<p class=\"catatan\">Hari ini ", e)) || (rc = lb_html_text(r, today, e)))
		return rc;
	if (q->user.limited) {
		if ((rc = lb_html_raw(r, ". Angka hanya untuk titik salur Anda: ", e)))
			return rc;
		for (int i = 0; i < q->user.npoints; i++)
			if ((rc = lb_html_raw(r, i ? ", " : "", e)) || (rc = lb_html_text(r, q->point_codes[i], e)))
				return rc;
		if ((rc = lb_html_raw(r, ".</p>", e)) || (rc = figures(q, r)))
			return rc;
		return lb_html_end(q, r);
	}
	if ((rc = lb_html_raw(r, ". Angka diperbarui paling lama tiap 30 detik.</p>", e)))
		return rc;
	/* the data staff's own work waiting: not in the shared cache */
	if (lb_caps_has(q->user.caps, "re")) {
		long dups;
		if ((rc = lb_web_duplicates_open(q, &dups)) ||
		    (dups && ((rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/penerima/duplikat\" id=\"duplikat\">", e)) ||
			      (rc = lb_html_textf(r, e, "Kemungkinan data ganda: %ld menunggu diperiksa", dups)) ||
			      (rc = lb_html_raw(r, "</a></p>", e)))))
			return rc;
	}
	pthread_mutex_lock(&cache.lock);
	have = cache.html && cache.day == day;
	fresh = have && q->now - cache.at < CACHE_SECONDS && q->now >= cache.at;
	if (fresh || (have && cache.busy)) {
		rc = lb_buf_add(&r->body, cache.html, cache.len, e);
		pthread_mutex_unlock(&cache.lock);
		return rc ? rc : lb_html_end(q, r);
	}
	cache.busy++;
	pthread_mutex_unlock(&cache.lock);

	start = r->body.len;
	rc = figures(q, r);
	pthread_mutex_lock(&cache.lock);
	cache.busy--;
	if (!rc) {
		char *copy = malloc(r->body.len - start + 1);
		if (copy) {
			memcpy(copy, r->body.data + start, r->body.len - start + 1);
			free(cache.html);
			cache.html = copy;
			cache.len = r->body.len - start;
			cache.at = q->now;
			cache.day = day;
		}
	}
	pthread_mutex_unlock(&cache.lock);
	return rc ? rc : lb_html_end(q, r);
}
