/*
 * opname.c — the berita acara stock opname. See opname.h.
 *
 * Laid out like the BAST (reports/bast.c): rows read first, pages planned
 * so that the signatures stay with the last rows, then drawn. The number
 * is given inside a write transaction kept only with the document.
 */
#include "reports/opname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/docnum.h"
#include "core/money.h"
#include "core/settings.h"
#include "doc/office.h"
#include "doc/pageplan.h"
#include "doc/pdf.h"

#define HEAD_H 26.0
#define MIN_ROW 18.0
#define MAX_PAGES 200

struct orow {
	char no[16], item[200], unit[32], book[96], counted[96], diff[96], reason[200];
};

static int load(lb_db *db, int64_t loc, const char *day, struct orow **out, size_t *n, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT i.id, i.code, i.name, i.unit, coalesce(t.code, ''), c.expected, c.counted,"
		" coalesce((SELECT reason FROM stock_count_reason r WHERE r.count_id = c.id), '')"
		" FROM stock_count c JOIN item i ON i.id = c.item_id LEFT JOIN lot t ON t.id = c.lot_id"
		" WHERE c.location_id = ?1 AND c.day = ?2 ORDER BY i.code COLLATE NOCASE, t.code, c.id", e);
	struct { int64_t id, book, counted; char code[40], name[128], unit[32], lot[40], reason[200]; } *raw = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, loc);
	lb_bind_text(st, 2, day);
	/* read first: formatting packs runs statements of its own */
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (k == cap) {
			void *g;

			cap = cap ? cap * 2 : 32;
			if (!(g = realloc(raw, cap * sizeof *raw))) {
				lb_stmt_reset(st);
				free(raw);
				return lb_oom(e);
			}
			raw = g;
		}
		raw[k].id = lb_col_int(st, 0);
		snprintf(raw[k].code, sizeof raw[k].code, "%s", lb_col_text(st, 1));
		snprintf(raw[k].name, sizeof raw[k].name, "%s", lb_col_text(st, 2));
		snprintf(raw[k].unit, sizeof raw[k].unit, "%s", lb_col_text(st, 3));
		snprintf(raw[k].lot, sizeof raw[k].lot, "%s", lb_col_text(st, 4));
		raw[k].book = lb_col_int(st, 5);
		raw[k].counted = lb_col_int(st, 6);
		snprintf(raw[k].reason, sizeof raw[k].reason, "%s", lb_col_text(st, 7));
		k++;
	}
	if (rc != LB_DONE) {
		free(raw);
		return rc;
	}
	if (k && !(*out = calloc(k, sizeof **out))) {
		free(raw);
		return lb_oom(e);
	}
	for (size_t i = 0; i < k; i++) {
		struct orow *r = &(*out)[i];
		int64_t d = raw[i].counted - raw[i].book;
		char q[96];

		snprintf(r->no, sizeof r->no, "%zu", i + 1);
		snprintf(r->item, sizeof r->item, "%s (%s)%s%s", raw[i].name, raw[i].code, raw[i].lot[0] ? ", lot " : "",
			 raw[i].lot);
		snprintf(r->unit, sizeof r->unit, "%s", raw[i].unit);
		if ((rc = lb_office_qty(db, raw[i].id, raw[i].book, raw[i].unit, r->book, sizeof r->book, e)) ||
		    (rc = lb_office_qty(db, raw[i].id, raw[i].counted, raw[i].unit, r->counted, sizeof r->counted, e)) ||
		    (rc = lb_office_qty(db, raw[i].id, d < 0 ? -d : d, raw[i].unit, q, sizeof q, e))) {
			free(raw);
			free(*out);
			*out = NULL;
			return rc;
		}
		snprintf(r->diff, sizeof r->diff, "%s%s", d > 0 ? "+" : d < 0 ? "-" : "", d ? q : "0");
		snprintf(r->reason, sizeof r->reason, "%s", raw[i].reason[0] ? raw[i].reason : d ? "-" : "sesuai");
	}
	*n = k;
	free(raw);
	return LB_OK;
}

static int draw(lb_db *db, lb_pdf *p, const struct lb_office *o, const char *number, lb_day day, const char *lname,
		const char *lcode, const struct orow *rows, size_t n, const int *roles, int nroles, lb_err *e)
{
	static const char *const heads[7] = { "No", "Barang (kode)", "Satuan", "Menurut buku", "Hasil hitung",
					      "Selisih", "Keterangan" };
	struct lb_paper_col c[7] = {
		{ "No", 20, LB_PDF_RIGHT, 0 },        { "Barang (kode)", 0, LB_PDF_LEFT, 1 },
		{ "Satuan", 36, LB_PDF_LEFT, 0 },     { "Menurut buku", 96, LB_PDF_RIGHT, 0 },
		{ "Hasil hitung", 96, LB_PDF_RIGHT, 0 }, { "Selisih", 58, LB_PDF_RIGHT, 0 },
		{ "Keterangan", 78, LB_PDF_LEFT, 1 },
	};
	double W = o->page_w - LB_PAPER_ML - LB_PAPER_MR, bottom = o->page_h - LB_PAPER_MB, y, pre_h, tail_h;
	char numline[300], open[900], footl[300], cont[400], place_date[200], day_id[32], count[200];
	struct lb_para pre[4], tail[2];
	size_t per[MAX_PAGES], r = 0;
	double *h = NULL;
	lb_buf spelled;
	int pages, rc;

	lb_paper_widths(c, 7, 1, W);
	lb_buf_init(&spelled);
	if ((rc = lb_date_spelled(day, &spelled, e)))
		return rc;
	lb_date_format_id(day, day_id);
	snprintf(numline, sizeof numline, "Nomor: %s", number);
	snprintf(open, sizeof open,
		 "Pada hari ini %s, bertempat di %s (%s), kami yang bertanda tangan di bawah ini telah melakukan pemeriksaan fisik persediaan (stock opname) dengan hasil sebagai berikut:",
		 spelled.data, lname, lcode);
	snprintf(count, sizeof count, "Jumlah barang dihitung: %zu.", n);
	snprintf(place_date, sizeof place_date, "%s, %s", o->place[0] ? o->place : lname, day_id);
	pre[0] = (struct lb_para){ "BERITA ACARA STOCK OPNAME", LB_PDF_BOLD, LB_PDF_CENTER, 0, 1, 0 };
	pre[1] = (struct lb_para){ numline, LB_PDF_REGULAR, LB_PDF_CENTER, 0, 10, 0 };
	pre[2] = (struct lb_para){ open, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 6, 0 };
	tail[0] = (struct lb_para){ count, LB_PDF_BOLD, LB_PDF_LEFT, 0, 4, 0 };
	tail[1] = (struct lb_para){
		"Demikian berita acara stock opname ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
		LB_PDF_REGULAR, LB_PDF_LEFT, 0, 6, 0 };
	if ((rc = lb_office_page(p, o, e)) || (rc = lb_paper_measure(p, W, pre, 3, &pre_h, e)) ||
	    (rc = lb_paper_measure(p, W, tail, 2, &tail_h, e)))
		goto out;
	tail_h += 6 + lb_office_sign_roles_height(nroles);
	if (n && !(h = malloc(n * sizeof *h))) {
		rc = lb_oom(e);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *cell[7] = { rows[i].no, rows[i].item, rows[i].unit, rows[i].book, rows[i].counted, rows[i].diff,
					rows[i].reason };

		if ((rc = lb_paper_row_height(p, c, 7, cell, MIN_ROW, &h[i], e)))
			goto out;
	}
	pages = lb_page_plan(h, n, bottom - LB_PAPER_MT - lb_office_kop_height() - 6 - pre_h - HEAD_H,
			     bottom - LB_PAPER_MT - 16 - HEAD_H, tail_h, per, MAX_PAGES);
	if (pages < 0) {
		rc = lb_fail(e, LB_EINPUT, "the berita acara of '%s' does not fit its pages", lcode);
		goto out;
	}
	snprintf(cont, sizeof cont, "Berita Acara Stock Opname Nomor %s (lanjutan)", number);
	snprintf(footl, sizeof footl, "BA Stock Opname Nomor %s", number);
	for (int pg = 0; pg < pages; pg++) {
		if (pg && (rc = lb_office_page(p, o, e)))
			goto out;
		y = LB_PAPER_MT;
		if (pg == 0) {
			double used;

			if ((rc = lb_office_kop(p, o, LB_PAPER_ML, y, W, &used, e)))
				goto out;
			y += used + 6;
			if ((rc = lb_paper_paras(p, LB_PAPER_ML, &y, W, pre, 3, e)))
				goto out;
		} else {
			if ((rc = lb_pdf_text_box(p, LB_PAPER_ML, y, W, 14, LB_PDF_BOLD, 9, LB_PDF_LEFT, LB_PDF_TRUNCATE, cont,
						  NULL, e)))
				goto out;
			y += 16;
		}
		if ((rc = lb_paper_row(p, LB_PAPER_ML, y, HEAD_H, c, 7, heads, LB_PDF_BOLD, 1, 0.88, e)))
			goto out;
		y += HEAD_H;
		for (size_t k = 0; k < per[pg]; k++, r++) {
			const char *cell[7] = { rows[r].no, rows[r].item, rows[r].unit, rows[r].book, rows[r].counted,
						rows[r].diff, rows[r].reason };

			if ((rc = lb_paper_row(p, LB_PAPER_ML, y, h[r], c, 7, cell, LB_PDF_REGULAR, 0, 1, e)))
				goto out;
			y += h[r];
		}
		if (pg == pages - 1) {
			double used;

			y += 6;
			if ((rc = lb_paper_paras(p, LB_PAPER_ML, &y, W, tail, 2, e)) ||
			    (rc = lb_office_sign_roles(p, o, LB_PAPER_ML, y, W, roles, NULL, nroles, NULL, place_date, &used,
						       e)))
				goto out;
		}
		if ((rc = lb_paper_foot(p, o, footl, pg + 1, pages, e)))
			goto out;
	}
out:
	(void)db;
	free(h);
	lb_buf_release(&spelled);
	return rc;
}

int lb_opname_report(lb_db *db, const char *location, lb_day day, const char *path, int force, long *rows,
		     lb_err *e)
{
	struct lb_office office;
	struct lb_docnum_vars v = { 0 };
	struct orow *rs = NULL;
	char dtext[11], lname[128], lcode[64], subject[100];
	lb_buf set, number;
	lb_pdf *p = NULL;
	lb_stmt *st;
	int64_t loc;
	size_t n = 0;
	int roles[4], nroles, rc, d;

	*rows = 0;
	memset(&office, 0, sizeof office);
	lb_buf_init(&office.logo);
	lb_buf_init(&set);
	lb_buf_init(&number);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if (!(st = lb_db_prepare(db, "SELECT l.id, l.code, l.name, (SELECT max(day) FROM stock_count c WHERE c.location_id = l.id)"
				     " FROM location l WHERE l.code = ?1", e))) {
		rc = LB_ESYS;
		goto out;
	}
	lb_bind_text(st, 1, location);
	if ((rc = lb_step(st, e)) != LB_ROW) {
		if (rc == LB_DONE)
			rc = lb_fail(e, LB_EINPUT, "unknown location '%s' (see 'lumbung location list')", location);
		goto out;
	}
	loc = lb_col_int(st, 0);
	snprintf(lcode, sizeof lcode, "%s", lb_col_text(st, 1));
	snprintf(lname, sizeof lname, "%s", lb_col_text(st, 2));
	if (day)
		lb_date_format(day, dtext);
	else
		snprintf(dtext, sizeof dtext, "%s", lb_col_text(st, 3));
	lb_stmt_reset(st);
	if (!dtext[0] || lb_date_parse(dtext, "day", &day, NULL) != LB_OK) {
		rc = lb_fail(e, LB_EINPUT, "no stock count at '%s' yet: count with 'lumbung stock count' first", lcode);
		goto out;
	}
	if ((rc = load(db, loc, dtext, &rs, &n, e)))
		goto out;
	if (!n) {
		rc = lb_fail(e, LB_EINPUT, "no stock count at '%s' on %s", lcode, dtext);
		goto out;
	}
	if ((rc = lb_office_load(db, &office, e)) || (rc = lb_setting_get(db, "office.stock.signers", &set, e)))
		goto out;
	nroles = lb_office_roles(set.data, roles, 4);
	lb_buf_reset(&set);
	if ((rc = lb_setting_get(db, "office.number.opname", &set, e)))
		goto out;
	lb_day_to_ymd(day, &v.year, &v.month, &d);
	v.location = lcode;
	snprintf(subject, sizeof subject, "%s/%s", lcode, dtext);
	if ((rc = lb_docnum_assign(db, "opname", subject, set.data, &v, &number, e)) ||
	    (rc = lb_pdf_new(&p, "Berita Acara Stock Opname", office.dinas, e)) ||
	    (rc = draw(db, p, &office, number.data, day, lname, lcode, rs, n, roles, nroles, e)))
		goto out;
	/* the number is kept before the file is written: never given twice */
	if ((rc = lb_db_commit(db, e)))
		goto out;
	{
		struct lb_sink sink = lb_sink_file(path, force);
		if ((rc = lb_pdf_write(p, &sink, e)))
			goto out;
	}
	*rows = (long)n;
out:
	if (lb_db_in_tx(db))
		lb_db_rollback(db);
	lb_pdf_free(p);
	free(rs);
	lb_office_release(&office);
	lb_buf_release(&set);
	lb_buf_release(&number);
	return rc;
}
