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
#include "reports/pdf.h"
#include "reports/pdftable.h"
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
	"  AND r.village = ?3" \
	"  AND NOT EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id)" \
	" ORDER BY r.name COLLATE NOCASE, v.id"

/* What the title lines say, the same on every page. */
struct head {
	const char *org, *program, *program_code, *village, *district, *points;
	char period[24];
};

static int page_head(lb_pdf *p, int page, double *y, void *ctx, lb_err *e)
{
	const struct head *h = ctx;
	double w = lb_pdf_page_width(p) - 2 * LB_PDF_MM(15), x = LB_PDF_MM(15), used;
	lb_buf line;
	int rc;

	lb_buf_init(&line);
	if ((rc = lb_pdf_text_box(p, x, *y, w, 16, LB_PDF_BOLD, 12, LB_PDF_CENTER, LB_PDF_TRUNCATE,
				  "DAFTAR PENERIMA BANTUAN PANGAN", &used, e)))
		goto out;
	*y += used;
	if ((rc = lb_pdf_text_box(p, x, *y, w, 12, LB_PDF_REGULAR, 9, LB_PDF_CENTER,
				  LB_PDF_TRUNCATE, h->org, &used, e)))
		goto out;
	*y += used + 6;
	if ((rc = lb_buf_addf(&line, e, "Program: %s (%s)    Periode: %s", h->program,
			      h->program_code, h->period)) ||
	    (rc = lb_pdf_text_box(p, x, *y, w, 12, LB_PDF_REGULAR, 9, LB_PDF_LEFT, LB_PDF_TRUNCATE,
				  line.data, &used, e)))
		goto out;
	*y += used;
	lb_buf_reset(&line);
	if ((rc = lb_buf_addf(&line, e, "Desa/Kelurahan: %s    Kecamatan: %s    Titik salur: %s",
			      h->village, h->district, h->points)) ||
	    (rc = lb_pdf_text_box(p, x, *y, w, 12, LB_PDF_REGULAR, 9, LB_PDF_LEFT, LB_PDF_TRUNCATE,
				  line.data, &used, e)))
		goto out;
	*y += used + 6;
out:
	lb_buf_release(&line);
	return rc;
}

/* Signature blocks under the table: the officer and the village head. */
static int sign_blocks(lb_pdf *p, lb_pdf_table *t, long n, lb_err *e)
{
	double y, x = LB_PDF_MM(15), w = (lb_pdf_page_width(p) - 2 * LB_PDF_MM(15)) / 2;
	char count[64], num[32];
	int rc;

	lb_int_format_id(n, num, sizeof num);
	snprintf(count, sizeof count, "Jumlah penerima: %s orang", num);
	if ((rc = lb_pdf_table_space(t, LB_PDF_MM(42), &y, e)) ||
	    (rc = lb_pdf_text(p, x, y + 14, LB_PDF_BOLD, 9, count, e)) ||
	    (rc = lb_pdf_text_box(p, x, y + 24, w, 12, LB_PDF_REGULAR, 9, LB_PDF_CENTER,
				  LB_PDF_TRUNCATE, "Petugas penyalur", NULL, e)) ||
	    (rc = lb_pdf_text_box(p, x + w, y + 24, w, 12, LB_PDF_REGULAR, 9, LB_PDF_CENTER,
				  LB_PDF_TRUNCATE, "Mengetahui, Kepala Desa/Lurah", NULL, e)) ||
	    (rc = lb_pdf_text_box(p, x, y + LB_PDF_MM(36), w, 12, LB_PDF_REGULAR, 9, LB_PDF_CENTER,
				  LB_PDF_TRUNCATE, "(................................)", NULL, e)) ||
	    (rc = lb_pdf_text_box(p, x + w, y + LB_PDF_MM(36), w, 12, LB_PDF_REGULAR, 9,
				  LB_PDF_CENTER, LB_PDF_TRUNCATE, "(................................)",
				  NULL, e)))
		return rc;
	return LB_OK;
}

struct lister {
	lb_pdf_table *table; /* PDF */
	lb_out *out;         /* CSV */
	const char *village;
	long n;
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
	if (l->table) {
		/* The empty lines make the row tall enough to sign in. */
		const char *cells[6] = { no, name, masked, st, proxy, "\n\n\n" };

		return lb_pdf_table_row(l->table, cells, e);
	} else {
		const char *cells[8] = { no, name, masked, st, proxy, l->village, point, "" };

		return lb_out_row(l->out, cells, e);
	}
}

static int each_row(lb_db *db, const struct lb_print_sel *s, const char *village,
		    struct lister *l, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, ROWS_SQL, e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, s->program_id);
	lb_bind_text(st, 2, s->period);
	lb_bind_text(st, 3, village);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = emit(l, lb_col_text(st, 0), lb_col_text(st, 1), (uint64_t)lb_col_int(st, 2),
			       lb_col_text(st, 3), lb_col_text(st, 4), e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* The village's names and the points its recipients collect at. */
static int names(lb_db *db, const struct lb_print_sel *s, const char *village, lb_buf *vname,
		 lb_buf *dname, lb_buf *points, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT rv.name, coalesce(rd.name, '') FROM region_village rv"
		" LEFT JOIN region_district rd ON rd.code = rv.district_code WHERE rv.code = ?1", e);
	int rc, n = 0;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, village);
	if ((rc = lb_step(st, e)) == LB_ROW) {
		rc = lb_buf_adds(vname, lb_col_text(st, 0), e);
		if (!rc)
			rc = lb_buf_adds(dname, lb_col_text(st, 1), e);
		lb_stmt_reset(st);
		if (rc)
			return rc;
	} else if (rc != LB_DONE) {
		return rc;
	}
	st = lb_db_prepare(db,
		"SELECT DISTINCT l.name FROM allocation a"
		" JOIN recipient r ON r.id = a.recipient_id JOIN location l ON l.id = a.point_id"
		" WHERE a.program_id = ?1 AND a.period = ?2 AND a.status = 'allocated' AND r.village = ?3"
		" ORDER BY l.name", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, s->program_id);
	lb_bind_text(st, 2, s->period);
	lb_bind_text(st, 3, village);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = lb_buf_addf(points, e, "%s%s", n++ ? ", " : "", lb_col_text(st, 0)))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int write_pdf(lb_db *db, const struct lb_print_sel *s, const struct lb_handover_opts *o,
		     struct lister *l, lb_err *e)
{
	static const struct lb_pdf_col cols[] = {
		{ "No", 22, LB_PDF_RIGHT },
		{ "Nama penerima", 0, LB_PDF_LEFT },
		{ "NIK", 96, LB_PDF_LEFT },
		{ "No. kupon", 76, LB_PDF_LEFT },
		{ "Wakil", 80, LB_PDF_LEFT },
		{ "Tanda tangan / cap jempol", 100, LB_PDF_LEFT },
	};
	struct lb_pdf_table_opts to;
	struct head h;
	lb_buf org, vname, dname, points, title;
	lb_pdf *p = NULL;
	int found, rc;

	lb_buf_init(&org);
	lb_buf_init(&vname);
	lb_buf_init(&dname);
	lb_buf_init(&points);
	lb_buf_init(&title);
	if ((rc = lb_meta_get(db, "org_name", &org, &found, e)) ||
	    (rc = names(db, s, o->village, &vname, &dname, &points, e)) ||
	    (rc = lb_buf_addf(&title, e, "Daftar penerima %s %s %s", s->prog.code, s->period,
			      o->village)) ||
	    (rc = lb_pdf_new(&p, title.data, org.data, e)))
		goto out;
	memset(&h, 0, sizeof h);
	h.org = org.data;
	h.program = s->prog.name;
	h.program_code = s->prog.code;
	h.village = vname.data;
	h.district = dname.data;
	h.points = points.data;
	lb_period_format_id(o->period, h.period);
	memset(&to, 0, sizeof to);
	to.orient = LB_PDF_PORTRAIT;
	to.font_size = 9;
	to.fit = LB_PDF_WRAP;
	to.header = page_head;
	to.ctx = &h;
	if ((rc = lb_pdf_table_new(&l->table, p, cols, 6, &to, e)) ||
	    (rc = each_row(db, s, o->village, l, e)) ||
	    (rc = sign_blocks(p, l->table, l->n, e)) ||
	    (rc = lb_pdf_save(p, o->output, e)))
		goto out;
out:
	lb_pdf_table_free(l->table);
	l->table = NULL;
	lb_pdf_free(p);
	lb_buf_release(&org);
	lb_buf_release(&vname);
	lb_buf_release(&dname);
	lb_buf_release(&points);
	lb_buf_release(&title);
	return rc;
}

static int write_csv(lb_db *db, const struct lb_print_sel *s, const struct lb_handover_opts *o,
		     struct lister *l, lb_err *e)
{
	static const struct lb_col cols[] = {
		{ "no", 1 }, { "name", 0 }, { "nik", 0 }, { "serial", 0 }, { "proxy", 0 },
		{ "village", 0 }, { "point", 0 }, { "signature", 0 },
	};
	lb_buf tmp;
	FILE *f = NULL;
	int fd, rc, err;

	lb_buf_init(&tmp);
	if ((rc = lb_buf_addf(&tmp, e, "%s.tmp.XXXXXX", o->output)))
		return rc;
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		rc = lb_fail(e, LB_EINPUT, "cannot write '%s': %s", o->output, strerror(errno));
		goto out;
	}
	/* mkstemp makes it private; a list gets the user's usual mode */
	{
		mode_t mask = umask(0);

		umask(mask);
		if (fchmod(fd, 0666 & ~mask)) {
			rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", tmp.data, strerror(errno));
			close(fd);
			goto fail;
		}
	}
	f = fdopen(fd, "w");
	if (!f) {
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", tmp.data, strerror(errno));
		close(fd);
		goto fail;
	}
	if ((rc = lb_out_open(f, LB_FMT_CSV, cols, 8, &l->out, e)))
		goto fail;
	rc = each_row(db, s, o->village, l, e);
	if (lb_out_close(l->out, rc ? NULL : e) && !rc)
		rc = LB_ESYS;
	l->out = NULL;
	if (rc)
		goto fail;
	if (fflush(f) || ferror(f) || fsync(fileno(f))) {
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", tmp.data, strerror(errno));
		goto fail;
	}
	err = fclose(f);
	f = NULL;
	if (err) {
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", tmp.data, strerror(errno));
		goto fail;
	}
	if (rename(tmp.data, o->output)) {
		rc = lb_fail(e, LB_EINPUT, "cannot save '%s': %s", o->output, strerror(errno));
		goto fail;
	}
	goto out;
fail:
	if (f)
		fclose(f);
	unlink(tmp.data);
out:
	lb_buf_release(&tmp);
	return rc;
}

int lb_handover_write(lb_db *db, const struct lb_handover_opts *o, long *rows, lb_err *e)
{
	struct lb_print_sel s;
	struct lister l;
	int rc;

	*rows = 0;
	if ((rc = lb_print_select(db, o->program, o->period, o->village, NULL, NULL, &s, e)) ||
	    (rc = lb_print_check_output(o->output, e)) ||
	    (rc = lb_voucher_create_missing(db, s.program_id, o->period, NULL, e)))
		return rc;
	memset(&l, 0, sizeof l);
	l.village = o->village;
	rc = o->csv ? write_csv(db, &s, o, &l, e) : write_pdf(db, &s, o, &l, e);
	if (!rc)
		*rows = l.n;
	return rc;
}
