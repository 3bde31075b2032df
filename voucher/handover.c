/*
 * handover.c — the village handover list. See handover.h.
 */
#include "voucher/handover.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/output.h"
#include "recipients/nik.h"
#include "core/docnum.h"
#include "core/settings.h"
#include "doc/office.h"
#include "doc/pageplan.h"
#include "doc/pdf.h"
#include "doc/rdoc.h"
#include "voucher/print.h"
#include "voucher/serial.h"
#include "voucher/voucher.h"

#define ROWS_SQL \
	"SELECT r.name, r.nik, v.serial, coalesce(r.proxy_name, ''), l.name" \
	" FROM allocation a" \
	" JOIN voucher v ON v.allocation_id = a.id" \
	" JOIN recipient r ON r.id = a.recipient_id" \
	" JOIN location l ON l.id = a.point_id" \
	" WHERE a.program_id = ?1 AND a.period = ?2 AND a.status = 'allocated'" \
	"  AND r.village = ?3 AND (?4 IS NULL OR a.point_id = ?4)" \
	"  AND NOT EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id)" \
	" ORDER BY r.name COLLATE NOCASE, v.id"

/* The villages of the selection, by district and code. */
#define VILLAGES_SQL \
	"SELECT DISTINCT r.village, coalesce(rv.name, r.village), coalesce(rd.name, ''), rv.district_code" \
	" FROM allocation a JOIN voucher v ON v.allocation_id = a.id" \
	" JOIN recipient r ON r.id = a.recipient_id" \
	" LEFT JOIN region_village rv ON rv.code = r.village" \
	" LEFT JOIN region_district rd ON rd.code = rv.district_code" \
	" WHERE a.program_id = ?1 AND a.period = ?2 AND a.status = 'allocated'" \
	"  AND NOT EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id)" \
	"  AND (?3 IS NULL OR r.village = ?3) AND (?4 IS NULL OR rv.district_code = ?4)" \
	"  AND (?5 IS NULL OR a.point_id = ?5)" \
	" ORDER BY rv.district_code, r.village"

struct hrow {
	char no[16], name[128], nik[LB_NIK_LEN + 1], serial[LB_SERIAL_TEXT_SIZE], proxy[128], point[128];
};

struct lister {
	lb_rdoc *out;        /* CSV */
	const char *village;
	int64_t point_id;    /* 0: every point */
	long n;
	/* PDF: the village's rows, gathered before its pages are laid out */
	struct hrow *rows;
	size_t nrows, cap;
};

static int emit(struct lister *l, const char *name, const char *nik, uint64_t serial,
		const char *proxy, const char *point, lb_err *e)
{
	char no[24], masked[LB_NIK_LEN + 1], st[LB_SERIAL_TEXT_SIZE];
	int rc;

	l->n++;
	snprintf(no, sizeof no, "%ld", l->n);
	lb_nik_mask(nik, masked);
	if ((rc = lb_serial_format(serial, st, e)))
		return lb_fail(e, LB_ESYS, "a voucher in the database has a serial above 40 bits");
	if (!l->out) {
		struct hrow *r;

		if (l->nrows == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 64;

			if (!(r = realloc(l->rows, cap * sizeof *r)))
				return lb_oom(e);
			l->rows = r;
			l->cap = cap;
		}
		r = &l->rows[l->nrows++];
		snprintf(r->no, sizeof r->no, "%zu", l->nrows);
		snprintf(r->name, sizeof r->name, "%s", name);
		snprintf(r->nik, sizeof r->nik, "%s", masked);
		snprintf(r->serial, sizeof r->serial, "%s", st);
		snprintf(r->proxy, sizeof r->proxy, "%s", proxy);
		snprintf(r->point, sizeof r->point, "%s", point);
		return LB_OK;
	} else {
		const char *cells[8] = { no, name, masked, st, proxy, l->village, point, "" };

		return lb_rdoc_cells(l->out, cells, e);
	}
}

static int each_row(lb_db *db, const struct lb_print_sel *s, const char *village,
		    struct lister *l, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, ROWS_SQL, e);
	int rc;

	if (!st)
		return LB_ESYS;
	l->village = village;
	lb_bind_int(st, 1, s->program_id);
	lb_bind_text(st, 2, s->period);
	lb_bind_text(st, 3, village);
	if (l->point_id)
		lb_bind_int(st, 4, l->point_id);
	else
		lb_bind_null(st, 4);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = emit(l, lb_col_text(st, 0), lb_col_text(st, 1), (uint64_t)lb_col_int(st, 2),
			       lb_col_text(st, 3), lb_col_text(st, 4), e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

struct hvillage {
	char code[32], name[128], district[128];
};

/* The villages of the selection (o->village, o->district, the point). */
static int villages(lb_db *db, const struct lb_print_sel *s, const struct lb_handover_opts *o, int64_t point_id,
		    struct hvillage **out, size_t *n, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, VILLAGES_SQL, e);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, s->program_id);
	lb_bind_text(st, 2, s->period);
	lb_bind_text(st, 3, o->village);
	lb_bind_text(st, 4, o->district);
	if (point_id)
		lb_bind_int(st, 5, point_id);
	else
		lb_bind_null(st, 5);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (*n == cap) {
			struct hvillage *v;

			cap = cap ? cap * 2 : 16;
			if (!(v = realloc(*out, cap * sizeof *v))) {
				lb_stmt_reset(st);
				return lb_oom(e);
			}
			*out = v;
		}
		snprintf((*out)[*n].code, sizeof (*out)[0].code, "%s", lb_col_text(st, 0));
		snprintf((*out)[*n].name, sizeof (*out)[0].name, "%s", lb_col_text(st, 1));
		snprintf((*out)[*n].district, sizeof (*out)[0].district, "%s", lb_col_text(st, 2));
		(*n)++;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* The points the listed recipients collect at. */
static void points_of(const struct lister *l, char *out, size_t n)
{
	size_t len = 0;

	out[0] = 0;
	for (size_t i = 0; i < l->nrows; i++) {
		int seen = 0;

		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(l->rows[k].point, l->rows[i].point) == 0;
		if (!seen && len < n)
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ", " : "", l->rows[i].point);
	}
}

#define HEAD_H 26.0
#define MIN_ROW 26.0 /* room to sign or press a thumb */
#define MAX_PAGES 400

struct hdoc {
	lb_db *db;
	lb_pdf *p;
	struct lb_office office;
	const struct lb_print_sel *s;
	const char *org, *package, *value;
	char pattern[256], period_id[24];
	int roles[4], nroles;
};

static int village_pdf(struct hdoc *d, const struct hvillage *vg, struct lister *l, lb_err *e)
{
	static const char *const heads[7] = { "No", "Nama penerima", "NIK", "No. kupon", "Wakil",
					      "Tanggal terima", "Tanda tangan / cap jempol" };
	struct lb_paper_col c[7] = {
		{ "No", 20, LB_PDF_RIGHT, 0 },    { "Nama penerima", 0, LB_PDF_LEFT, 1 },
		{ "NIK", 80, LB_PDF_LEFT, 0 },    { "No. kupon", 66, LB_PDF_LEFT, 0 },
		{ "Wakil", 68, LB_PDF_LEFT, 1 },  { "Tanggal terima", 52, LB_PDF_LEFT, 0 },
		{ "Tanda tangan / cap jempol", 84, LB_PDF_LEFT, 0 },
	};
	const struct lb_office *o = &d->office;
	double W = o->page_w - LB_PAPER_ML - LB_PAPER_MR, bottom = o->page_h - LB_PAPER_MB, y, pre_h, tail_h;
	char numline[300], line1[400], line2[600], line3[900], count[64], num[32], cont[400], footl[300];
	char place_date[200], points[400];
	struct lb_docnum_vars v = { 0 };
	struct lb_para pre[6], tail[1];
	size_t per[MAX_PAGES], r = 0;
	double *h = NULL;
	lb_buf number;
	int pages, rc, d4;

	lb_paper_widths(c, 7, 1, W);
	lb_buf_init(&number);
	v.program = d->s->prog.code;
	v.village = vg->code;
	{
		int per_ = 0;

		(void)lb_period_parse(d->s->period, "period", &per_, NULL);
		lb_day_to_ymd(lb_period_first_day(per_), &v.year, &v.month, &d4);
		snprintf(line1, sizeof line1, "%s/%s/%s", d->s->prog.code, d->s->period, vg->code);
		if (l->point_id)
			snprintf(line1 + strlen(line1), sizeof line1 - strlen(line1), "/%lld", (long long)l->point_id);
		if ((rc = lb_docnum_assign(d->db, "handover", line1, d->pattern, &v, &number, e)))
			goto out;
		snprintf(place_date, sizeof place_date, "%s, .............. %s %d", o->place[0] ? o->place : vg->name,
			 lb_month_name_id(v.month), v.year);
	}
	points_of(l, points, sizeof points);
	snprintf(numline, sizeof numline, "Nomor: %s", number.data);
	snprintf(line1, sizeof line1, "Program: %s (%s)    Periode: %s", d->s->prog.name, d->s->prog.code,
		 d->period_id);
	snprintf(line2, sizeof line2, "Desa/Kelurahan: %s    Kecamatan: %s    Titik salur: %s", vg->name, vg->district,
		 points);
	snprintf(line3, sizeof line3, "Isi paket per penerima: %s%s%s.", d->package, d->value[0] ? ", senilai " : "",
		 d->value);
	pre[0] = (struct lb_para){ "DAFTAR PENERIMA BANTUAN PANGAN", LB_PDF_BOLD, LB_PDF_CENTER, 0, 1, 0 };
	pre[1] = (struct lb_para){ numline, LB_PDF_REGULAR, LB_PDF_CENTER, 0, 8, 0 };
	pre[2] = (struct lb_para){ line1, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 1, 0 };
	pre[3] = (struct lb_para){ line2, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 1, 0 };
	pre[4] = (struct lb_para){ line3, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 6, 0 };
	lb_int_format_id((int64_t)l->nrows, num, sizeof num);
	snprintf(count, sizeof count, "Jumlah penerima: %s orang", num);
	tail[0] = (struct lb_para){ count, LB_PDF_BOLD, LB_PDF_LEFT, 0, 8, 0 };
	if ((rc = lb_office_page(d->p, o, e)) || (rc = lb_paper_measure(d->p, W, pre, 5, &pre_h, e)) ||
	    (rc = lb_paper_measure(d->p, W, tail, 1, &tail_h, e)))
		goto out;
	tail_h += 6 + lb_office_sign_roles_height(d->nroles);
	if (l->nrows && !(h = malloc(l->nrows * sizeof *h))) {
		rc = lb_oom(e);
		goto out;
	}
	for (size_t i = 0; i < l->nrows; i++) {
		const char *cell[7] = { l->rows[i].no, l->rows[i].name, l->rows[i].nik, l->rows[i].serial,
					l->rows[i].proxy, "", "" };

		if ((rc = lb_paper_row_height(d->p, c, 7, cell, MIN_ROW, &h[i], e)))
			goto out;
	}
	pages = lb_page_plan(h, l->nrows, bottom - LB_PAPER_MT - lb_office_kop_height() - 6 - pre_h - HEAD_H,
			     bottom - LB_PAPER_MT - 16 - HEAD_H, tail_h, per, MAX_PAGES);
	if (pages < 0) {
		rc = lb_fail(e, LB_EINPUT, "the handover list of village '%s' does not fit its pages", vg->code);
		goto out;
	}
	snprintf(cont, sizeof cont, "Daftar penerima Nomor %s, Desa/Kelurahan %s (lanjutan)", number.data, vg->name);
	snprintf(footl, sizeof footl, "Daftar penerima Nomor %s", number.data);
	for (int pg = 0; pg < pages; pg++) {
		if (pg && (rc = lb_office_page(d->p, o, e)))
			goto out;
		y = LB_PAPER_MT;
		if (pg == 0) {
			double used;

			if ((rc = lb_office_kop(d->p, o, LB_PAPER_ML, y, W, &used, e)))
				goto out;
			y += used + 6;
			if ((rc = lb_paper_paras(d->p, LB_PAPER_ML, &y, W, pre, 5, e)))
				goto out;
		} else {
			if ((rc = lb_pdf_text_box(d->p, LB_PAPER_ML, y, W, 14, LB_PDF_BOLD, 9, LB_PDF_LEFT, LB_PDF_TRUNCATE,
						  cont, NULL, e)))
				goto out;
			y += 16;
		}
		if ((rc = lb_paper_row(d->p, LB_PAPER_ML, y, HEAD_H, c, 7, heads, LB_PDF_BOLD, 1, 0.88, e)))
			goto out;
		y += HEAD_H;
		for (size_t k = 0; k < per[pg]; k++, r++) {
			const char *cell[7] = { l->rows[r].no, l->rows[r].name, l->rows[r].nik, l->rows[r].serial,
						l->rows[r].proxy, "", "" };

			if ((rc = lb_paper_row(d->p, LB_PAPER_ML, y, h[r], c, 7, cell, LB_PDF_REGULAR, 0, 1, e)))
				goto out;
			y += h[r];
		}
		if (pg == pages - 1) {
			double used;

			y += 6;
			if ((rc = lb_paper_paras(d->p, LB_PAPER_ML, &y, W, tail, 1, e)) ||
			    (rc = lb_office_sign_roles(d->p, o, LB_PAPER_ML, y, W, d->roles, NULL, d->nroles, vg->name,
						       place_date, &used, e)))
				goto out;
		}
		if ((rc = lb_paper_foot(d->p, o, footl, pg + 1, pages, e)))
			goto out;
	}
out:
	free(h);
	lb_buf_release(&number);
	return rc;
}

static int write_pdf(lb_db *db, const struct lb_print_sel *s, const struct lb_handover_opts *o,
		     const struct hvillage *vs, size_t nv, struct lister *l, lb_err *e)
{
	struct hdoc d;
	lb_buf org, package, title, set;
	char value[32] = "";
	int64_t val;
	int found, rc;

	memset(&d, 0, sizeof d);
	lb_buf_init(&org);
	lb_buf_init(&package);
	lb_buf_init(&title);
	lb_buf_init(&set);
	if ((rc = lb_meta_get(db, "org_name", &org, &found, e)) ||
	    (rc = lb_print_package_text(db, s->program_id, o->period, &package, e)) ||
	    (rc = lb_print_package_value(db, s->program_id, o->period, &val, e)) ||
	    (rc = lb_buf_addf(&title, e, "Daftar penerima %s %s", s->prog.code, s->period)) ||
	    (rc = lb_office_load(db, &d.office, e)) ||
	    (rc = lb_setting_get(db, "office.number.handover", &set, e)))
		goto out;
	snprintf(d.pattern, sizeof d.pattern, "%s", set.data);
	lb_buf_reset(&set);
	if ((rc = lb_setting_get(db, "office.handover.signers", &set, e)))
		goto out;
	d.nroles = lb_office_roles(set.data, d.roles, 4);
	if (val > 0)
		lb_money_format(val, value, sizeof value);
	d.db = db;
	d.s = s;
	d.org = org.data;
	d.package = package.data[0] ? package.data : "-";
	d.value = value;
	lb_period_format_id(o->period, d.period_id);
	if ((rc = lb_pdf_new(&d.p, title.data, org.data, e)))
		goto out;
	/* the numbers are kept with the document: one write transaction */
	if ((rc = lb_db_begin(db, e)))
		goto out;
	for (size_t i = 0; i < nv; i++) {
		l->nrows = 0;
		if ((rc = each_row(db, s, vs[i].code, l, e)) || (rc = village_pdf(&d, &vs[i], l, e)))
			break;
	}
	if (rc) {
		lb_db_rollback(db);
		goto out;
	}
	if ((rc = lb_db_commit(db, e)))
		goto out;
	{
		struct lb_sink sink = lb_sink_file(o->output, o->force);
		rc = lb_pdf_write(d.p, &sink, e);
	}
out:
	lb_pdf_free(d.p);
	lb_office_release(&d.office);
	lb_buf_release(&org);
	lb_buf_release(&package);
	lb_buf_release(&title);
	lb_buf_release(&set);
	return rc;
}

static int write_csv(lb_db *db, const struct lb_print_sel *s, const struct lb_handover_opts *o,
		     const struct hvillage *vs, size_t nv, struct lister *l, lb_err *e)
{
	static const struct lb_col cols[] = {
		{ "no", 1 }, { "name", 0 }, { "nik", 0 }, { "serial", 0 }, { "proxy", 0 },
		{ "village", 0 }, { "point", 0 }, { "signature", 0 },
	};
	/* names and masked NIKs: private (0600), whole or not at all
	 * (the document's file sink) */
	const struct lb_rdoc_opts ro = { .fmt = LB_FMT_CSV, .path = o->output, .force = o->force,
					 .shape = LB_DOC_LIST };
	int rc;

	if ((rc = lb_rdoc_open(&l->out, &ro, e)))
		return rc;
	if ((rc = lb_rdoc_list(l->out, cols, 8, e))) {
		lb_rdoc_discard(l->out);
		l->out = NULL;
		return rc;
	}
	for (size_t i = 0; i < nv && !rc; i++)
		rc = each_row(db, s, vs[i].code, l, e);
	if (rc)
		lb_rdoc_discard(l->out);
	else
		rc = lb_rdoc_close(l->out, e);
	l->out = NULL;
	return rc;
}

int lb_handover_write(lb_db *db, const struct lb_handover_opts *o, long *rows, lb_err *e)
{
	struct lb_print_sel s;
	struct lister l;
	struct hvillage *vs = NULL;
	int64_t point_id = 0;
	size_t nv = 0;
	int rc;

	*rows = 0;
	if (!!o->village + !!o->district + !!o->point != 1)
		return lb_fail(e, LB_EINPUT, "voucher list: give one of --village, --district or --point");
	if ((rc = lb_print_select(db, o->program, o->period, o->village, o->district, NULL, &s, e)))
		return rc;
	if (o->point) {
		lb_stmt *st = lb_db_prepare(db, "SELECT id FROM location WHERE code = ?1 AND kind = 'point'", e);

		if (!st)
			return LB_ESYS;
		lb_bind_text(st, 1, o->point);
		if ((rc = lb_step(st, e)) == LB_ROW) {
			point_id = lb_col_int(st, 0);
			lb_stmt_reset(st);
		} else if (rc == LB_DONE) {
			return lb_fail(e, LB_EINPUT, "unknown distribution point '%s'", o->point);
		} else {
			return rc;
		}
	}
	if ((rc = lb_print_check_output(o->output, o->force, e)) ||
	    (rc = lb_voucher_create_missing(db, s.program_id, o->period, NULL, e)) ||
	    (rc = villages(db, &s, o, point_id, &vs, &nv, e)))
		goto out;
	if (!nv) {
		rc = lb_fail(e, LB_ERULE, "nobody collects at point '%s' in %s %s", o->point, s.prog.code, s.period);
		goto out;
	}
	memset(&l, 0, sizeof l);
	l.point_id = point_id;
	rc = o->csv ? write_csv(db, &s, o, vs, nv, &l, e) : write_pdf(db, &s, o, vs, nv, &l, e);
	if (!rc)
		*rows = l.n;
	free(l.rows);
out:
	free(vs);
	return rc;
}
