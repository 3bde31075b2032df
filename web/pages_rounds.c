/*
 * pages_rounds.c — rounds: the list of rounds, one round's allocations
 * with their slips and status (as `lumbung report recipients` lists
 * them), and the redemption log with filters (`lumbung redeem log`).
 *
 * Allocating a round (/alokasi), a preview first: see below.
 *
 * A penyalur limited to points (web/user.h) sees only their points'
 * redemptions: asking for another point is refused (403) and the
 * unfiltered log is narrowed to theirs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "inventory/location.h"
#include "program/allocation.h"
#include "voucher/redeem.h"
#include "web/form.h"
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

/* ---- allocating a round: a preview first, then the allocation ----
 *
 * /alokasi draws `allocate`'s form; posting it runs the operation as a
 * dry run (lb_allocate_preview: nothing written) and shows what the
 * round would allocate and the stock each point needs against the
 * stock there. Its confirm button posts to /alokasi/buat, which
 * allocates for real with a fresh one-time key (a double click
 * allocates once) and shows the same figures as they came out. The
 * preview's figures travel with the confirmation as a fingerprint: when
 * the real run differs (stock moved, recipients changed meanwhile) the
 * page says the figures are the new ones. Allocation is idempotent, so a
 * second confirmation changes nothing and says so. */

#define ALLOC_PATH "/alokasi"

/* What went wrong, in Bahasa Indonesia, from the operation's message. */
static const char *allocate_why(const char *msg)
{
	static const struct {
		const char *has, *why;
	} whys[] = {
		{ "unknown program", "Program itu tidak ada: pilih kode program dari daftar Program." },
		{ "is not a period", "Tulis putarannya sebagai YYYY-MM, misalnya 2026-01." },
		{ "is outside it", "Bulan itu di luar masa berlaku program ini." },
		{ "is not the first month of a round", "Bulan itu bukan bulan pertama sebuah putaran program ini." },
		{ "is closed", "Bulan itu sudah ditutup: putarannya tidak dapat dialokasikan lagi." },
		{ "has no package", "Program ini belum punya paket untuk putaran itu: atur paketnya dulu (Program → Atur paket)." },
		{ "no distribution point serves",
		  "Ada penerima di desa yang belum dilayani titik salur mana pun: tetapkan titik salur desa itu dulu." },
	};
	for (size_t i = 0; i < sizeof whys / sizeof whys[0]; i++)
		if (strstr(msg, whys[i].has))
			return whys[i].why;
	return NULL;
}

/* A fingerprint of what a run allocates and needs: the preview's and the
 * run's are compared to tell a stale preview. FNV-1a over the figures. */
static void allocate_print(const struct lb_allocate_out *o, char out[17])
{
	char line[256];
	uint64_t h = 1469598103934665603ULL;
	int n = snprintf(line, sizeof line, "%lld/%lld/%lld", (long long)o->summary.allocated,
			 (long long)o->summary.waiting, (long long)o->summary.eligible);

	for (size_t i = 0; i <= o->nplan; i++) {
		for (int k = 0; k < n && k < (int)sizeof line; k++) {
			h ^= (unsigned char)line[k];
			h *= 1099511628211ULL;
		}
		if (i == o->nplan)
			break;
		n = snprintf(line, sizeof line, "|%s/%s/%lld/%lld", o->plan[i].point, o->plan[i].item,
			     (long long)o->plan[i].need, (long long)o->plan[i].stock);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The plan: per point and item, the packages, what they need, the stock
 * there and the shortfall, red when short. On a phone each row is a card
 * (table.susun), every cell named, so that a point's items tell apart. */
static int plan_table(struct lb_req *q, struct lb_resp *r, const struct lb_allocate_out *o)
{
	lb_err *e = &q->err;
	int rc;

	if (!o->nplan)
		return lb_html_raw(r, "<p class=\"kosong\">Tidak ada paket yang dialokasikan.</p>", e);
	if ((rc = lb_html_raw(r, "<div class=\"tbl\"><table id=\"rencana\" class=\"susun\"><thead><tr><th>Titik salur</th>"
				 "<th class=\"n\">Paket</th><th>Barang</th><th class=\"n\">Kebutuhan</th>"
				 "<th class=\"n\">Stok di titik</th><th class=\"n\">Kekurangan</th></tr></thead><tbody>", e)))
		return rc;
	for (size_t i = 0; i < o->nplan; i++) {
		const struct lb_alloc_need *n = &o->plan[i];
		char pk[32], need[32], stock[32], sf[32];
		lb_html_int(n->packages, pk);
		lb_html_int(n->need, need);
		lb_html_int(n->stock, stock);
		lb_html_int(n->shortfall, sf);
		if ((rc = lb_html_raw(r, n->shortfall ? "<tr class=\"kurang\">" : "<tr>", e)) ||
		    (rc = lb_html_raw(r, "<td data-judul=\"Titik salur\">", e)) ||
		    (rc = lb_html_textf(r, e, "%s — %s", n->point, n->point_name)) ||
		    (rc = lb_html_raw(r, "</td><td class=\"n\" data-judul=\"Paket\">", e)) || (rc = lb_html_text(r, pk, e)) ||
		    (rc = lb_html_raw(r, "</td><td data-judul=\"Barang\">", e)) || (rc = lb_html_text(r, n->item, e)) ||
		    (rc = lb_html_raw(r, "</td><td class=\"n\" data-judul=\"Kebutuhan\">", e)) ||
		    (rc = lb_html_textf(r, e, "%s %s", need, n->unit)) ||
		    (rc = lb_html_raw(r, "</td><td class=\"n\" data-judul=\"Stok di titik\">", e)) ||
		    (rc = lb_html_textf(r, e, "%s %s", stock, n->unit)) ||
		    (rc = lb_html_raw(r, n->shortfall ? "</td><td class=\"n kurang\" data-judul=\"Kekurangan\">"
						      : "</td><td class=\"n\" data-judul=\"Kekurangan\">", e)) ||
		    (rc = n->shortfall ? lb_html_textf(r, e, "%s %s", sf, n->unit) : lb_html_text(r, "—", e)) ||
		    (rc = lb_html_raw(r, "</td></tr>", e)))
			return rc;
	}
	return lb_html_raw(r, "</tbody></table></div>", e);
}

/* Counts of a preview or a run, one list. */
static int allocate_counts(struct lb_req *q, struct lb_resp *r, const struct lb_allocate_out *o, int done)
{
	const struct lb_alloc_summary *s = &o->summary;
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<ul class=\"ringkas\"><li id=\"akan\">", e)) ||
	    (rc = lb_html_textf(r, e, "%s %lld penerima dari %lld yang berhak (kuota %lld).",
				done ? "Dialokasikan" : "Akan dialokasikan", (long long)s->allocated,
				(long long)s->eligible, (long long)s->quota)) ||
	    (rc = lb_html_raw(r, "</li><li id=\"menunggu\">", e)) ||
	    (rc = lb_html_textf(r, e, "Daftar tunggu: %lld penerima.", (long long)s->waiting)) ||
	    (rc = lb_html_raw(r, "</li><li id=\"tidak-berhak\">", e)) ||
	    (rc = lb_html_textf(r, e, "Tidak berhak dalam kategori program: %lld tidak aktif, %lld di daftar "
				"pengecualian, %lld ditahan untuk pemeriksaan duplikat.",
				(long long)s->inactive, (long long)s->excluded, (long long)s->held)) ||
	    (rc = lb_html_raw(r, "</li>", e)))
		return rc;
	if (s->unscreened[0] &&
	    ((rc = lb_html_raw(r, "<li>", e)) ||
	     (rc = lb_html_textf(r, e, "Daftar pengecualian %s belum pernah disaring: belum mengecualikan siapa pun.",
				 s->unscreened)) ||
	     (rc = lb_html_raw(r, "</li>", e))))
		return rc;
	return lb_html_raw(r, "</ul>", e);
}

static size_t short_lines(const struct lb_allocate_out *o)
{
	size_t n = 0;
	for (size_t i = 0; i < o->nplan; i++)
		n += o->plan[i].shortfall != 0;
	return n;
}

/* The form; after a refusal (failed), again with why: nothing was
 * written. */
static int allocate_form(struct lb_req *q, struct lb_resp *r, const struct lb_cmd *c, int failed)
{
	if (failed && failed != LB_EINPUT && failed != LB_ERULE)
		return failed;
	if (failed)
		q->why = allocate_why(q->err.msg);
	return lb_web_form_page(q, r, c, "Alokasikan putaran",
				"Pilih program dan putarannya (bulan pertama). Halaman berikutnya menunjukkan berapa "
				"penerima akan dialokasikan dan stok yang dibutuhkan tiap titik salur; belum ada yang "
				"dicatat sampai Anda menekan Alokasikan.",
				"Lihat rencana", NULL, failed);
}

/* Run `allocate` on the posted form: a dry run unless dry is 0. The
 * command's input struct starts with the operation's. On failure out is
 * freed already. */
static int allocate_run(struct lb_req *q, const struct lb_cmd *c, int dry, struct lb_allocate_out *out)
{
	struct lb_allocate_in *in;
	struct lb_op op;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(in = calloc(1, c->in_size)))
		return lb_oom(&q->err);
	if (!(rc = lb_web_fill(q, c, in))) {
		in->dry_run = dry;
		lb_web_op(q, c, &op);
		rc = lb_round_allocate(&op, in, out, &q->err);
		lb_op_release(&op);
	}
	lb_params_release(c, in);
	free(in);
	if (rc)
		lb_allocate_out_free(out);
	return rc;
}

static int allocate_title(struct lb_req *q, struct lb_resp *r, const char *what,
			  const struct lb_allocate_out *o)
{
	char month[24], title[200];

	lb_period_format_id(o->period, month);
	snprintf(title, sizeof title, "%s: %s %s", what, o->program.code, month);
	return lb_html_begin(q, r, title);
}

int lb_pg_allocate(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command(ALLOC_PATH);
	struct lb_allocate_out o;
	lb_err *e = &q->err;
	char print[17], per[8];
	int rc;

	if (!c)
		return lb_fail(e, LB_ESYS, "no declared command for " ALLOC_PATH);
	if (strcmp(q->method, "POST") != 0)
		return allocate_form(q, r, c, LB_OK);
	if ((rc = allocate_run(q, c, 1, &o)))
		return allocate_form(q, r, c, rc);
	lb_period_format(o.period, per);
	allocate_print(&o, print);
	if ((rc = allocate_title(q, r, "Rencana alokasi", &o)))
		goto out;
	if (o.summary.already) {
		if ((rc = lb_html_raw(r, "<p class=\"berhasil\">", e)) ||
		    (rc = lb_html_textf(r, e, "Putaran ini sudah dialokasikan sebelumnya: %lld penerima, %lld menunggu; "
					"tidak ada yang diubah.", (long long)o.summary.allocated, (long long)o.summary.waiting)) ||
		    (rc = lb_html_raw(r, "</p><h2>Kebutuhan stok per titik salur</h2>", e)) || (rc = plan_table(q, r, &o)))
			goto out;
	} else {
		if ((rc = lb_html_raw(r, "<p>Belum ada yang dicatat. Periksa angka di bawah, lalu tekan "
					 "<b>Alokasikan sekarang</b>.</p>", e)) ||
		    (rc = allocate_counts(q, r, &o, 0)) ||
		    (rc = lb_html_raw(r, "<h2>Kebutuhan stok per titik salur</h2>", e)) || (rc = plan_table(q, r, &o)))
			goto out;
		if (short_lines(&o) &&
		    ((rc = lb_html_raw(r, "<p class=\"kurang\" id=\"kurang-stok\">", e)) ||
		     (rc = lb_html_textf(r, e, "Kurang stok di %zu baris barang. Alokasi tetap dapat dibuat; pindahkan stok "
					 "ke titik itu sebelum penyaluran.", short_lines(&o))) ||
		     (rc = lb_html_raw(r, "</p>", e))))
			goto out;
		if ((rc = lb_html_raw(r, "<form method=\"post\" class=\"op\" action=\"/alokasi/buat\">", e)) ||
		    (rc = lb_html_csrf(q, r)) || (rc = lb_html_raw(r, "<input type=\"hidden\" name=\"program\" value=\"", e)) ||
		    (rc = lb_html_text(r, o.program.code, e)) ||
		    (rc = lb_html_raw(r, "\"><input type=\"hidden\" name=\"period\" value=\"", e)) ||
		    (rc = lb_html_text(r, per, e)) || (rc = lb_html_raw(r, "\"><input type=\"hidden\" name=\"rencana\" value=\"", e)) ||
		    (rc = lb_html_text(r, print, e)) ||
		    (rc = lb_html_raw(r, "\"><button type=\"submit\">Alokasikan sekarang</button></form>", e)))
			goto out;
	}
	rc = lb_html_raw(r, "<p><a href=\"" ALLOC_PATH "\">Kembali ke formulir</a> · <a href=\"/ronde\">Ronde</a></p>", e);
	if (!rc)
		rc = lb_html_end(q, r);
out:
	lb_allocate_out_free(&o);
	return rc;
}

int lb_pg_allocate_confirm(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command(ALLOC_PATH);
	const char *seen = lb_form_get(&q->form, "rencana");
	struct lb_allocate_out o;
	lb_err *e = &q->err;
	char print[17];
	size_t shorts;
	int rc;

	if (!c)
		return lb_fail(e, LB_ESYS, "no declared command for " ALLOC_PATH);
	if ((rc = allocate_run(q, c, 0, &o)))
		return allocate_form(q, r, c, rc);
	allocate_print(&o, print);
	shorts = short_lines(&o);
	if ((rc = allocate_title(q, r, "Alokasi", &o)) || (rc = lb_html_raw(r, "<p class=\"berhasil\">", e)))
		goto out;
	if (o.summary.already)
		rc = lb_html_textf(r, e, "Putaran ini sudah dialokasikan sebelumnya: %lld penerima, %lld menunggu; "
				   "tidak ada yang diubah.", (long long)o.summary.allocated, (long long)o.summary.waiting);
	else
		rc = lb_html_textf(r, e, "Dialokasikan %lld paket (kuota %lld; %lld menunggu).",
				   (long long)o.summary.allocated, (long long)o.summary.quota, (long long)o.summary.waiting);
	if (rc || (rc = lb_html_raw(r, "</p>", e)))
		goto out;
	if (!o.summary.already && seen && strcmp(seen, print) != 0 &&
	    (rc = lb_html_raw(r, "<p class=\"galat\" id=\"berubah\">Angka berubah sejak rencana ditampilkan (stok atau "
				 "penerima berubah di antaranya): alokasi dibuat dengan angka terbaru di bawah ini.</p>", e)))
		goto out;
	if (!o.summary.already && (rc = allocate_counts(q, r, &o, 1)))
		goto out;
	if (shorts && ((rc = lb_html_raw(r, "<p class=\"kurang\" id=\"kurang-stok\">", e)) ||
		       (rc = lb_html_textf(r, e, "Kurang stok di %zu baris barang: pindahkan stok ke titik itu sebelum "
					   "penyaluran.", shorts)) ||
		       (rc = lb_html_raw(r, "</p>", e))))
		goto out;
	if ((rc = lb_html_raw(r, "<h2>Kebutuhan stok per titik salur</h2>", e)) || (rc = plan_table(q, r, &o)) ||
	    (rc = lb_html_raw(r, "<p><a href=\"/ronde\">Lihat ronde</a></p>", e)))
		goto out;
	rc = lb_html_end(q, r);
out:
	lb_allocate_out_free(&o);
	return rc;
}
