/*
 * pages_reports.c — reports as pages and as downloads (PDF, XLSX, CSV):
 * reconciliation, realisation, stock report, recipients, BAST. Each runs
 * the same report function as its command (the reports modules).
 *
 * Pages show the report's own CSV cells as tables (the report
 * document's HTML backend, doc/reporthtml.c),
 * so page and download never disagree. Downloads: the report writers
 * write into the response's body (a memory sink, core/sink.h), so no
 * file with the report's names is ever made on the server's disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/meta.h"
#include "core/output.h"
#include "reports/bast.h"
#include "reports/realisation.h"
#include "reports/reconcile.h"
#include "reports/stockrecon.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/rounds.h"

static const struct {
	const char *key, *label;
	int formats; /* enum lb_fmt mask offered for download */
} kinds[] = {
	{ "rekonsiliasi", "Rekonsiliasi", LB_FMT_PDF | LB_FMT_XLSX | LB_FMT_CSV },
	{ "realisasi", "Realisasi penyaluran", LB_FMT_PDF | LB_FMT_XLSX | LB_FMT_CSV },
	{ "stok", "Laporan stok", LB_FMT_PDF | LB_FMT_XLSX | LB_FMT_CSV },
	{ "penerima", "Daftar penerima", LB_FMT_PDF | LB_FMT_XLSX | LB_FMT_CSV },
	{ "bast", "BAST", LB_FMT_PDF | LB_FMT_XLSX | LB_FMT_CSV },
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

static int kind_of(const char *s)
{
	for (int i = 0; s && i < NKINDS; i++)
		if (strcmp(kinds[i].key, s) == 0)
			return i;
	return -1;
}

static int run(lb_db *db, int kind, const struct lb_round *rd, const char *village, const struct lb_rdoc_opts *o,
	       lb_err *e)
{
	switch (kind) {
	case 0:
		return lb_recon_report(db, rd->code, rd->period, LB_RL_NONE, o, e);
	case 1:
		return lb_realisation_report(db, rd->code, rd->period, NULL, o, e);
	case 2: {
		struct lb_stockrecon_filter f = { rd->period, NULL };
		return lb_stockrecon_report(db, &f, rd->code, o, e);
	}
	case 3:
		return lb_recipients_report(db, rd->code, rd->period, NULL, o, e);
	default:
		return lb_bast_report(db, rd->code, rd->period, village, o, e);
	}
}

struct list {
	struct lb_req *q;
	struct lb_resp *r;
};

static int add_link(struct lb_resp *r, lb_err *e, const char *href, const char *label)
{
	int rc;
	if ((rc = lb_html_raw(r, "<a href=\"", e)) || (rc = lb_html_text(r, href, e)) ||
	    (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_text(r, label, e)) || (rc = lb_html_raw(r, "</a>", e)))
		return rc;
	return LB_OK;
}

static int round_reports(void *arg, const struct lb_program *p, const struct lb_round *rd, lb_err *e)
{
	struct list *l = arg;
	int rc;
	(void)p;

	if ((rc = lb_html_raw(l->r, "<h2>", e)) || (rc = lb_html_textf(l->r, e, "%s — %s", rd->name, rd->period_id)) ||
	    (rc = lb_html_raw(l->r, "</h2><ul>", e)))
		return rc;
	for (int k = 0; k < NKINDS; k++) {
		char href[200];
		if ((rc = lb_html_raw(l->r, "<li class=\"unduh\">", e)))
			return rc;
		snprintf(href, sizeof href, "/laporan/lihat?jenis=%s&program=%s&periode=%s", kinds[k].key, rd->code, rd->ps);
		if ((rc = add_link(l->r, e, href, kinds[k].label)))
			return rc;
		static const struct { int f; const char *name; } fm[] = {
			{ LB_FMT_PDF, "pdf" }, { LB_FMT_XLSX, "xlsx" }, { LB_FMT_CSV, "csv" },
		};
		for (int f = 0; f < 3; f++) {
			char label[16];
			if (!(kinds[k].formats & fm[f].f))
				continue;
			snprintf(href, sizeof href, "/laporan/unduh?jenis=%s&program=%s&periode=%s&format=%s",
				 kinds[k].key, rd->code, rd->ps, fm[f].name);
			snprintf(label, sizeof label, "%s", fm[f].name);
			for (char *c = label; *c; c++)
				*c = (char)(*c - 32);
			if ((rc = lb_html_raw(l->r, " ", e)) || (rc = add_link(l->r, e, href, label)))
				return rc;
		}
		if (k == 4) { /* the BAST village by village, and all in one zip */
			snprintf(href, sizeof href, "/laporan/bast?program=%s&periode=%s", rd->code, rd->ps);
			if ((rc = lb_html_raw(l->r, " · ", e)) || (rc = add_link(l->r, e, href, "per desa / zip")))
				return rc;
		}
		if ((rc = lb_html_raw(l->r, "</li>", e)))
			return rc;
	}
	return lb_html_raw(l->r, "</ul>", e);
}

int lb_pg_reports(struct lb_req *q, struct lb_resp *r)
{
	struct list l = { q, r };
	int rc;

	if ((rc = lb_html_begin(q, r, "Laporan")) ||
	    (rc = lb_html_raw(r, "<p class=\"catatan\">Setiap laporan dapat dilihat di sini atau diunduh sebagai PDF, XLSX atau CSV.</p>", &q->err)) ||
	    (rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/keuangan/anggaran\">Pagu dan harga acuan</a></p>", &q->err)) ||
	    (rc = lb_web_rounds_each(q->db, 0, round_reports, &l, &q->err)))
		return rc;
	return lb_html_end(q, r);
}

static int org_name(lb_db *db, char out[256], lb_err *e)
{
	lb_buf v;
	int found, rc;
	lb_buf_init(&v);
	rc = lb_meta_get(db, "org", &v, &found, e);
	snprintf(out, 256, "%s", !rc && found ? v.data : "Dinas Sosial");
	lb_buf_release(&v);
	return rc;
}

int lb_pg_report(struct lb_req *q, struct lb_resp *r)
{
	const char *jenis = lb_form_get(&q->query, "jenis");
	int kind = kind_of(jenis), rc;
	struct lb_program p;
	struct lb_round rd;
	struct lb_rdoc_opts o = { 0 };
	char title[256], org[256];
	lb_buf html;
	lb_err *e = &q->err;

	if (kind < 0)
		return lb_web_why(q, lb_fail(e, LB_EINPUT, "unknown report '%s'", jenis ? jenis : ""), LB_WE_NODATA,
				  "Jenis laporan itu tidak ada.");
	if ((rc = lb_web_round_arg(q->db, lb_form_get(&q->query, "program"), lb_form_get(&q->query, "periode"), &p,
				   &rd, e)))
		return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, LB_WEB_ROUND_WHY);
	if ((rc = org_name(q->db, org, e)))
		return rc;
	/* the report's HTML: the download's own cells, shown as tables */
	lb_buf_init(&html);
	o.fmt = LB_FMT_HTML;
	o.html = &html;
	o.title = kinds[kind].label;
	o.org = org;
	rc = run(q->db, kind, &rd, NULL, &o, e);
	if (!rc) {
		snprintf(title, sizeof title, "%s — %s %s", kinds[kind].label, rd.name, rd.period_id);
		rc = lb_html_begin(q, r, title);
	}
	if (!rc) {
		char base[200];
		static const struct { int f; const char *name, *label; } fm[] = {
			{ LB_FMT_PDF, "pdf", "PDF" }, { LB_FMT_XLSX, "xlsx", "XLSX" }, { LB_FMT_CSV, "csv", "CSV" },
		};
		rc = lb_html_raw(r, "<p class=\"unduh\">Unduh: ", e);
		for (int f = 0; !rc && f < 3; f++) {
			if (!(kinds[kind].formats & fm[f].f))
				continue;
			snprintf(base, sizeof base, "/laporan/unduh?jenis=%s&program=%s&periode=%s&format=%s",
				 kinds[kind].key, rd.code, rd.ps, fm[f].name);
			rc = add_link(r, e, base, fm[f].label);
			if (!rc)
				rc = lb_html_raw(r, " ", e);
		}
		if (!rc)
			rc = lb_html_raw(r, "</p><div class=\"laporan\">", e);
		if (!rc)
			rc = lb_buf_add(&r->body, html.data, html.len, e);
		if (!rc)
			rc = lb_html_raw(r, "</div>", e);
		if (!rc)
			rc = lb_html_end(q, r);
	}
	lb_buf_release(&html);
	return rc;
}

int lb_pg_report_download(struct lb_req *q, struct lb_resp *r)
{
	const char *jenis = lb_form_get(&q->query, "jenis");
	const char *format = lb_form_get(&q->query, "format");
	const char *village = lb_form_get(&q->query, "desa");
	int kind = kind_of(jenis), rc;
	enum lb_fmt fmt;
	struct lb_program p;
	struct lb_round rd;
	struct lb_rdoc_opts o = { 0 };
	struct lb_sink sink = lb_sink_mem(&r->body);
	char org[256];
	const char *ext;
	lb_err *e = &q->err;

	if (kind < 0)
		return lb_web_why(q, lb_fail(e, LB_EINPUT, "unknown report '%s'", jenis ? jenis : ""), LB_WE_NODATA,
				  "Jenis laporan itu tidak ada.");
	if ((rc = lb_fmt_parse(format, kinds[kind].formats, LB_FMT_PDF, &fmt, e)))
		return lb_web_why(q, rc, LB_WE_INPUT, "Laporan ini tidak tersedia dalam format itu: pilih PDF, XLSX atau CSV.");
	if (!format)
		return lb_web_why(q, lb_fail(e, LB_EINPUT, "choose a format (pdf, xlsx, csv)"), LB_WE_INPUT,
				  "Format unduhan belum dipilih: pilih PDF, XLSX atau CSV.");
	if ((rc = lb_web_round_arg(q->db, lb_form_get(&q->query, "program"), lb_form_get(&q->query, "periode"), &p,
				   &rd, e)))
		return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, LB_WEB_ROUND_WHY);
	if ((rc = org_name(q->db, org, e)))
		return rc;
	ext = fmt == LB_FMT_PDF ? "pdf" : fmt == LB_FMT_XLSX ? "xlsx" : "csv";
	lb_buf_reset(&r->body);
	o.fmt = fmt;
	o.sink = &sink;
	o.title = kinds[kind].label;
	o.org = org;
	o.landscape = kind == 1 || kind == 2;
	/* the BAST of one village (/laporan/bast links each): the same
	 * statement as `report bast --village CODE` */
	if (kind == 4 && village && *village) {
		if (!(rc = run(q->db, kind, &rd, village, &o, e)))
			snprintf(r->filename, sizeof r->filename, "BAST-%s-%s-%s.%s", rd.code, rd.ps, village, ext);
		else if (rc == LB_EINPUT)
			return lb_web_why(q, rc, LB_WE_NODATA, "Desa itu tidak punya alokasi pada ronde ini.");
	} else if (!(rc = run(q->db, kind, &rd, NULL, &o, e))) {
		snprintf(r->filename, sizeof r->filename, "%s-%s-%s.%s", kinds[kind].key, rd.code, rd.ps, ext);
	}
	if (rc)
		return rc;
	r->type = fmt == LB_FMT_PDF ? "application/pdf"
		  : fmt == LB_FMT_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
				       : "text/csv; charset=utf-8";
	return LB_OK;
}
