/*
 * pages_rounds.c — rounds: the list of rounds, one round's allocations
 * with their slips and status (as `lumbung report recipients` lists
 * them), and the redemption log with filters (`lumbung redeem log`).
 *
 * A penyalur limited to points (web/user.h) sees only their points'
 * redemptions: asking for another point is refused (403) and the
 * unfiltered log is narrowed to theirs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "inventory/location.h"
#include "voucher/redeem.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/rounds.h"

#define PAGE_ROWS 500
#define STOP 100 /* a walk stopped on purpose: not an error */

struct rnd {
	struct lb_req *q;
	struct lb_resp *r;
	lb_rdoc *o;
	long n, skip;
	int more;
};

static int round_row(void *arg, const struct lb_program *p, const struct lb_round *rd, lb_err *e)
{
	struct rnd *c = arg;
	char href[160], n[32];
	const char *vals[5], *hrefs[5] = { NULL };

	lb_int_format_id(rd->allocations, n, sizeof n);
	snprintf(href, sizeof href, "/ronde/lihat?program=%s&periode=%s", rd->code, rd->ps);
	vals[0] = rd->code;
	vals[1] = rd->name;
	vals[2] = rd->period_id;
	vals[3] = n;
	vals[4] = rd->closed ? "ditutup" : "berjalan";
	hrefs[2] = href;
	(void)p;
	return lb_rdoc_cells_links(c->o, vals, hrefs, e);
}

int lb_pg_rounds(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Program", 0 }, { "Nama", 0 }, { "Ronde", 0 }, { "Alokasi", 1 }, { "Keadaan", 0 },
	};
	struct rnd c = { q, r, NULL, 0, 0, 0 };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_begin(q, r, "Ronde")) ||
	    (lb_caps_has(q->user.caps, "ew") &&
	     (rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/alokasi\">Alokasikan putaran</a></p>", e))) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 5, &c.o, e)))
		return rc;
	if ((rc = lb_web_rounds_each(q->db, 0, round_row, &c, e))) {
		lb_rdoc_discard(c.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(c.o, e)) ||
	    (rc = lb_html_raw(r, "<p><a href=\"/penebusan\">Log penebusan</a></p>", e)))
		return rc;
	return lb_html_end(q, r);
}

static int alloc_row(void *arg, const struct lb_recon_alloc *a, lb_err *e)
{
	struct rnd *c = arg;
	char day[32] = "", val[32];
	const char *vals[8];
	lb_day d;

	if (c->skip > 0) {
		c->skip--;
		return 0;
	}
	if (c->n >= PAGE_ROWS) {
		c->more = 1;
		return STOP;
	}
	c->n++;
	if (a->day[0] && lb_date_parse(a->day, "day", &d, NULL) == LB_OK)
		lb_date_format_id(d, day);
	lb_money_format(a->value, val, sizeof val);
	vals[0] = a->name;
	vals[1] = a->nik_masked;
	vals[2] = a->village_name;
	vals[3] = a->point;
	vals[4] = a->serial;
	vals[5] = lb_recon_class_label(a->cls);
	vals[6] = day;
	vals[7] = a->value ? val : "";
	return lb_rdoc_cells(c->o, vals, e);
}

int lb_pg_round(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Nama", 0 }, { "NIK", 0 }, { "Desa", 0 }, { "Titik salur", 0 }, { "Nomor kupon", 0 },
		{ "Keadaan", 0 }, { "Tanggal tebus", 0 }, { "Nilai", 1 },
	};
	struct rnd c = { q, r, NULL, 0, 0, 0 };
	struct lb_program p;
	struct lb_round rd;
	const char *page = lb_form_get(&q->query, "halaman");
	int64_t pg = 1;
	char title[256];
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_web_round_arg(q->db, lb_form_get(&q->query, "program"), lb_form_get(&q->query, "periode"), &p,
				   &rd, e)))
		return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, LB_WEB_ROUND_WHY);
	if (page && *page && (rc = lb_int_parse(page, "halaman", 1, 1000000, &pg, e)))
		return rc;
	c.skip = (long)(pg - 1) * PAGE_ROWS;
	snprintf(title, sizeof title, "%s — %s", rd.name, rd.period_id);
	if ((rc = lb_html_begin(q, r, title)) ||
	    (rc = lb_html_raw(r, "<p class=\"unduh\">Laporan ronde ini: <a href=\"/laporan\">Laporan</a></p>", e)) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 8, &c.o, e)))
		return rc;
	rc = lb_recon_each_alloc(q->db, &rd, NULL, LB_RL_ALL_SORTED, NULL, alloc_row, &c, e);
	if (rc && rc != STOP) {
		lb_rdoc_discard(c.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(c.o, e)))
		return rc;
	if (pg > 1 || c.more) {
		char href[200];
		if ((rc = lb_html_raw(r, "<p class=\"unduh\">", e)))
			return rc;
		if (pg > 1) {
			snprintf(href, sizeof href, "/ronde/lihat?program=%s&periode=%s&halaman=%lld", rd.code, rd.ps,
				 (long long)(pg - 1));
			if ((rc = lb_html_raw(r, "<a href=\"", e)) || (rc = lb_html_text(r, href, e)) ||
			    (rc = lb_html_raw(r, "\">« Sebelumnya</a>", e)))
				return rc;
		}
		if (c.more) {
			snprintf(href, sizeof href, "/ronde/lihat?program=%s&periode=%s&halaman=%lld", rd.code, rd.ps,
				 (long long)(pg + 1));
			if ((rc = lb_html_raw(r, "<a href=\"", e)) || (rc = lb_html_text(r, href, e)) ||
			    (rc = lb_html_raw(r, "\">Berikutnya »</a>", e)))
				return rc;
		}
		if ((rc = lb_html_raw(r, "</p>", e)))
			return rc;
	}
	return lb_html_end(q, r);
}

static int attempt_row(void *arg, const struct lb_attempt_row *a, lb_err *e)
{
	struct rnd *c = arg;
	char day[32];
	const char *vals[7];
	lb_day d;

	if (c->n >= PAGE_ROWS) {
		c->more = 1;
		return STOP;
	}
	c->n++;
	if (lb_date_parse(a->day, "day", &d, NULL) == LB_OK)
		lb_date_format_id(d, day);
	else
		snprintf(day, sizeof day, "%s", a->day);
	vals[0] = day;
	vals[1] = a->point;
	vals[2] = a->serial;
	vals[3] = a->outcome;
	vals[4] = a->detail;
	vals[5] = a->operator;
	vals[6] = a->source;
	return lb_rdoc_cells(c->o, vals, e);
}

struct pt_opt {
	struct lb_req *q;
	struct lb_resp *r;
	const char *chosen;
};

static int point_option(void *arg, const struct lb_location *l, lb_err *e)
{
	struct pt_opt *o = arg;
	int rc;
	if (l->kind != LB_LOC_POINT || !lb_user_may_see_point(&o->q->user, l->id))
		return 0;
	if ((rc = lb_html_raw(o->r, "<option value=\"", e)) || (rc = lb_html_text(o->r, l->code, e)) ||
	    (rc = lb_html_raw(o->r, o->chosen && strcmp(o->chosen, l->code) == 0 ? "\" selected>" : "\">", e)) ||
	    (rc = lb_html_textf(o->r, e, "%s — %s", l->code, l->name)) || (rc = lb_html_raw(o->r, "</option>", e)))
		return rc;
	return 0;
}

int lb_pg_redemptions(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Tanggal", 0 }, { "Titik salur", 0 }, { "Nomor kupon", 0 }, { "Hasil", 0 },
		{ "Keterangan", 0 }, { "Petugas", 0 }, { "Sumber", 0 },
	};
	struct rnd c = { q, r, NULL, 0, 0, 0 };
	struct lb_attempt_filter f = { 0 };
	struct pt_opt po = { q, r, NULL };
	const char *point = lb_form_get(&q->query, "titik");
	const char *outcome = lb_form_get(&q->query, "hasil");
	const char *refused = lb_form_get(&q->query, "ditolak");
	lb_err *e = &q->err;
	int rc;

	if (point && *point) {
		struct lb_location l;
		if ((rc = lb_location_find(q->db, point, &l, e)))
			return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, "Titik salur itu tidak ada.");
		if (!lb_user_may_see_point(&q->user, l.id)) {
			lb_html_error(q, r, LB_WE_POINT, "Anda hanya dapat melihat penebusan di titik salur Anda sendiri.",
				      NULL);
			return LB_OK;
		}
		f.point = l.code;
	}
	if (outcome && *outcome) {
		if (lb_outcome_parse(outcome) < 0)
			return lb_web_why(q, lb_fail(e, LB_EINPUT, "unknown outcome '%s'", outcome), LB_WE_INPUT,
					  "Hasil penebusan yang dipilih tidak dikenal.");
		f.outcome = outcome;
	}
	f.refused = refused && strcmp(refused, "1") == 0;
	po.chosen = f.point;
	if ((rc = lb_html_begin(q, r, "Log penebusan")) ||
	    (rc = lb_html_raw(r, "<form class=\"cari\" method=\"get\" action=\"/penebusan\"><label>Titik salur"
				 "<select name=\"titik\"><option value=\"\">Semua titik saya</option>", e)) ||
	    (rc = lb_location_each(q->db, 0, point_option, &po, e)) ||
	    (rc = lb_html_raw(r, "</select></label><label>Hasil<select name=\"hasil\"><option value=\"\">Semua</option>", e)))
		return rc;
	for (int i = 0; i < LB_OUT_COUNT; i++) {
		const char *code = lb_outcome_code(i);
		if ((rc = lb_html_raw(r, "<option", e)) ||
		    (rc = lb_html_raw(r, f.outcome && strcmp(f.outcome, code) == 0 ? " selected>" : ">", e)) ||
		    (rc = lb_html_text(r, code, e)) || (rc = lb_html_raw(r, "</option>", e)))
			return rc;
	}
	if ((rc = lb_html_raw(r, "</select></label><label>Hanya yang ditolak<select name=\"ditolak\">", e)) ||
	    (rc = lb_html_raw(r, f.refused ? "<option value=\"\">Tidak</option><option value=\"1\" selected>Ya</option>"
					   : "<option value=\"\" selected>Tidak</option><option value=\"1\">Ya</option>", e)) ||
	    (rc = lb_html_raw(r, "</select></label><button type=\"submit\">Tampilkan</button></form>", e)) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 7, &c.o, e)))
		return rc;
	if (f.point || !q->user.limited) {
		rc = lb_redeem_log_each(q->db, &f, attempt_row, &c, e);
	} else {
		/* a penyalur's own points, one after the other */
		rc = LB_OK;
		for (int i = 0; i < q->user.npoints && (!rc || rc == STOP); i++) {
			struct lb_location l;
			if ((rc = lb_location_get(q->db, q->user.points[i], &l, e)))
				break;
			f.point = l.code;
			rc = lb_redeem_log_each(q->db, &f, attempt_row, &c, e);
			f.point = NULL;
		}
	}
	if (rc && rc != STOP) {
		lb_rdoc_discard(c.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(c.o, e)))
		return rc;
	if (c.more && (rc = lb_html_raw(r, "<p class=\"catatan\">Ditampilkan 500 baris pertama; persempit dengan saringan.</p>", e)))
		return rc;
	return lb_html_end(q, r);
}
