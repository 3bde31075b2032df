/*
 * office.c — the office's kop, paper and signatories. See office.h.
 */
#include "doc/office.h"
#include "doc/pageplan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/meta.h"
#include "core/settings.h"

#define KOP_H LB_PDF_MM(30)
#define SIGN_ROOM LB_PDF_MM(20) /* between the jabatan and the name */

static const char *const role_names[LB_ROLE_N] = {
	"kepala_dinas", "ppk", "bendahara", "petugas", "pengurus_barang", "kepala_desa",
};

int lb_office_role(const char *name)
{
	for (int i = 0; i < LB_ROLE_N; i++)
		if (strcmp(name, role_names[i]) == 0)
			return i;
	return -1;
}

int lb_office_roles(const char *list, int *roles, int max)
{
	int n = 0;

	while (*list && n < max) {
		size_t len = strcspn(list, ",");
		char name[32];

		if (len < sizeof name) {
			memcpy(name, list, len);
			name[len] = 0;
			if (lb_office_role(name) >= 0)
				roles[n++] = lb_office_role(name);
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return n;
}

static int get(lb_db *db, const char *name, char *out, size_t n, lb_buf *tmp, lb_err *e)
{
	int rc;

	lb_buf_reset(tmp);
	if ((rc = lb_setting_get(db, name, tmp, e)))
		return rc;
	snprintf(out, n, "%s", tmp->data);
	return LB_OK;
}

int lb_office_load(lb_db *db, struct lb_office *o, lb_err *e)
{
	lb_buf t;
	lb_stmt *st;
	char paper[8], key[64];
	int rc;

	memset(o, 0, sizeof *o);
	lb_buf_init(&o->logo);
	lb_buf_init(&t);
	if ((rc = get(db, "office.kop.pemerintah", o->pemerintah, sizeof o->pemerintah, &t, e)) ||
	    (rc = get(db, "office.kop.dinas", o->dinas, sizeof o->dinas, &t, e)) ||
	    (rc = get(db, "office.kop.alamat", o->alamat, sizeof o->alamat, &t, e)) ||
	    (rc = get(db, "office.kop.telepon", o->telepon, sizeof o->telepon, &t, e)) ||
	    (rc = get(db, "office.kop.email", o->email, sizeof o->email, &t, e)) ||
	    (rc = get(db, "office.place", o->place, sizeof o->place, &t, e)) ||
	    (rc = get(db, "office.paper", paper, sizeof paper, &t, e)))
		goto out;
	for (int r = 0; r < LB_ROLE_KEPALA_DESA; r++) {
		snprintf(key, sizeof key, "office.signer.%s.name", role_names[r]);
		if ((rc = get(db, key, o->signer[r].name, sizeof o->signer[r].name, &t, e)))
			goto out;
		snprintf(key, sizeof key, "office.signer.%s.nip", role_names[r]);
		if ((rc = get(db, key, o->signer[r].nip, sizeof o->signer[r].nip, &t, e)))
			goto out;
		snprintf(key, sizeof key, "office.signer.%s.jabatan", role_names[r]);
		if ((rc = get(db, key, o->signer[r].jabatan, sizeof o->signer[r].jabatan, &t, e)))
			goto out;
	}
	/* without a kop set, the office named at init */
	if (!o->dinas[0]) {
		int found;

		lb_buf_reset(&t);
		if ((rc = lb_meta_get(db, "org_name", &t, &found, e)))
			goto out;
		snprintf(o->dinas, sizeof o->dinas, "%s", t.data);
	}
	snprintf(o->signer[LB_ROLE_KEPALA_DESA].jabatan, sizeof o->signer[0].jabatan, "Kepala Desa/Lurah");
	o->f4 = strcmp(paper, "F4") == 0;
	o->page_w = o->f4 ? LB_PDF_MM(215) : 595.276;
	o->page_h = o->f4 ? LB_PDF_MM(330) : 841.89;
	if (!(st = lb_db_prepare(db, "SELECT image FROM office_logo WHERE id = 1", e))) {
		rc = LB_ESYS;
		goto out;
	}
	if ((rc = lb_step(st, e)) == LB_ROW) {
		rc = lb_buf_add(&o->logo, lb_col_blob(st, 0), lb_col_bytes(st, 0), e);
		lb_stmt_reset(st);
	} else if (rc == LB_DONE) {
		rc = LB_OK;
	}
out:
	lb_buf_release(&t);
	if (rc)
		lb_buf_release(&o->logo);
	return rc;
}

void lb_office_release(struct lb_office *o)
{
	lb_buf_release(&o->logo);
}

double lb_office_kop_height(void)
{
	return KOP_H;
}

int lb_office_page(lb_pdf *p, const struct lb_office *o, lb_err *e)
{
	return lb_pdf_add_page_size(p, o->page_w, o->page_h, e);
}

/* One centred line of the kop at size, or smaller when it is wider than
 * w: an office's name is never cut. */
static int kop_line(lb_pdf *p, double x, double y, double w, int font, double size, const char *text, lb_err *e)
{
	double tw;
	int rc;

	if ((rc = lb_pdf_text_width(p, font, size, text, &tw, e)))
		return rc;
	if (tw > w * 0.97)
		size = size * w * 0.97 / tw;
	return lb_pdf_text_box(p, x, y, w, lb_pdf_leading(size) + 2, font, size, LB_PDF_CENTER, LB_PDF_TRUNCATE, text,
			       NULL, e);
}

int lb_office_kop(lb_pdf *p, const struct lb_office *o, double x, double y, double w, double *used,
		  lb_err *e)
{
	double logo = LB_PDF_MM(22), tx = x + logo + 6, tw = w - 2 * (logo + 6), ly = y;
	char contact[260];
	int rc;

	if (o->logo.len &&
	    (rc = lb_pdf_image_mem(p, "office_logo", o->logo.data, o->logo.len, x, y + 2, logo, logo, e)))
		return rc;
	/* the lines are centred on the page, the logo beside them */
	if (o->pemerintah[0] && (rc = kop_line(p, tx, ly, tw, LB_PDF_BOLD, 12, o->pemerintah, e)))
		return rc;
	ly += 16;
	if ((rc = kop_line(p, tx, ly, tw, LB_PDF_BOLD, 15, o->dinas, e)))
		return rc;
	ly += 19;
	if (o->alamat[0] && (rc = kop_line(p, tx, ly, tw, LB_PDF_REGULAR, 8.5, o->alamat, e)))
		return rc;
	ly += 11;
	snprintf(contact, sizeof contact, "%s%s%s%s%s", o->telepon[0] ? "Telepon " : "", o->telepon,
		 o->telepon[0] && o->email[0] ? "  ·  " : "", o->email[0] ? "Pos-el: " : "", o->email);
	if (contact[0] && (rc = kop_line(p, tx, ly, tw, LB_PDF_REGULAR, 8.5, contact, e)))
		return rc;
	/* the kop's double rule: thick above thin */
	if ((rc = lb_pdf_line(p, x, y + KOP_H - 5, x + w, y + KOP_H - 5, 1.8, LB_PDF_SOLID, e)) ||
	    (rc = lb_pdf_line(p, x, y + KOP_H - 2.5, x + w, y + KOP_H - 2.5, 0.5, LB_PDF_SOLID, e)))
		return rc;
	*used = KOP_H;
	return LB_OK;
}

double lb_office_sign_height(void)
{
	return 2 * 11.5 + SIGN_ROOM + 2 * 11.5;
}

int lb_office_sign(lb_pdf *p, double x, double y, double w, const char *above, const char *jabatan,
		   const char *name, const char *nip, lb_err *e)
{
	char line[200];
	double lh = 11.5, tw;
	int rc;

	if ((rc = lb_pdf_text_box(p, x, y, w, lh, LB_PDF_REGULAR, 9, LB_PDF_CENTER, LB_PDF_TRUNCATE,
				  above ? above : "", NULL, e)) ||
	    (rc = lb_pdf_text_box(p, x, y + lh, w, lh, LB_PDF_REGULAR, 9, LB_PDF_CENTER, LB_PDF_TRUNCATE,
				  jabatan, NULL, e)))
		return rc;
	y += 2 * lh + SIGN_ROOM;
	if (name && name[0]) {
		if ((rc = lb_pdf_text_box(p, x, y, w, lh, LB_PDF_BOLD, 9, LB_PDF_CENTER, LB_PDF_TRUNCATE, name,
					  NULL, e)) ||
		    (rc = lb_pdf_text_width(p, LB_PDF_BOLD, 9, name, &tw, e)))
			return rc;
		if (tw > w)
			tw = w;
		/* the name is underlined, as offices sign */
		if ((rc = lb_pdf_line(p, x + (w - tw) / 2, y + lh - 1, x + (w + tw) / 2, y + lh - 1, 0.6,
				      LB_PDF_SOLID, e)))
			return rc;
	} else if ((rc = lb_pdf_text_box(p, x, y, w, lh, LB_PDF_REGULAR, 9, LB_PDF_CENTER, LB_PDF_TRUNCATE,
					 "(..................................................)", NULL, e))) {
		return rc;
	}
	if (nip && nip[0]) {
		snprintf(line, sizeof line, "NIP. %s", nip);
		if ((rc = lb_pdf_text_box(p, x, y + lh, w, lh, LB_PDF_REGULAR, 9, LB_PDF_CENTER, LB_PDF_TRUNCATE,
					  line, NULL, e)))
			return rc;
	}
	return LB_OK;
}

double lb_office_sign_roles_height(int n)
{
	double one = lb_office_sign_height() + 8;

	return 14 + (n > 2 ? 2 * one : one);
}

int lb_office_sign_roles(lb_pdf *p, const struct lb_office *o, double x, double y, double w,
			 const int *roles, const char *const *above, int n, const char *village,
			 const char *place_date, double *used, lb_err *e)
{
	double half = w / 2, one = lb_office_sign_height() + 8;
	int rc;

	*used = lb_office_sign_roles_height(n);
	if ((rc = lb_pdf_text_box(p, x + (n > 1 ? half : 0), y, n > 1 ? half : w, 12, LB_PDF_REGULAR, 9,
				  LB_PDF_CENTER, LB_PDF_TRUNCATE, place_date, NULL, e)))
		return rc;
	y += 14;
	for (int i = 0; i < n; i++) {
		const struct lb_signer *s = &o->signer[roles[i]];
		char jab[200];
		double bx, by = y + (i / 2) * one, bw = half;

		if (roles[i] == LB_ROLE_KEPALA_DESA)
			snprintf(jab, sizeof jab, "Kepala Desa/Lurah %s", village ? village : "");
		else
			snprintf(jab, sizeof jab, "%s", s->jabatan);
		if (n == 1 || (i == n - 1 && n % 2)) {
			bx = x + (w - half) / 2; /* alone on its row: centred */
		} else {
			bx = x + (i % 2) * half;
		}
		if ((rc = lb_office_sign(p, bx, by, bw, above ? above[i] : i >= 2 ? "Mengetahui," : "", jab,
					 roles[i] == LB_ROLE_KEPALA_DESA ? NULL : s->name,
					 roles[i] == LB_ROLE_KEPALA_DESA ? NULL : s->nip, e)))
			return rc;
	}
	return LB_OK;
}

/* lb_office_qty with brk between the base quantity and the packs. */
static int qty_text(lb_db *db, int64_t item_id, int64_t qty, const char *unit, char brk, char *out, size_t n,
		    lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT name, factor FROM item_pack WHERE item_id = ?1 AND factor > 1"
					" ORDER BY factor DESC, name", e);
	char q[32], pq[32], pack[64] = "";
	int64_t best = 0;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, item_id);
	/* the largest pack that goes into the quantity at least once */
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t f = lb_col_int(st, 1);

		if (f <= qty) {
			best = f;
			snprintf(pack, sizeof pack, "%s", lb_col_text(st, 0));
			lb_stmt_reset(st);
			rc = LB_DONE;
			break;
		}
	}
	if (rc != LB_DONE)
		return rc;
	lb_int_format_id(qty, q, sizeof q);
	if (!best) {
		snprintf(out, n, "%s %s", q, unit);
		return LB_OK;
	}
	lb_int_format_id(qty / best, pq, sizeof pq);
	if (qty % best) {
		char r[32];

		lb_int_format_id(qty % best, r, sizeof r);
		snprintf(out, n, "%s %s%c(%s %s %s %s)", q, unit, brk, pq, pack, r, unit);
	} else {
		snprintf(out, n, "%s %s%c(%s %s)", q, unit, brk, pq, pack);
	}
	return LB_OK;
}

int lb_office_qty(lb_db *db, int64_t item_id, int64_t qty, const char *unit, char *out, size_t n,
		  lb_err *e)
{
	return qty_text(db, item_id, qty, unit, ' ', out, n, e);
}

int lb_office_qty_lines(lb_db *db, int64_t item_id, int64_t qty, const char *unit, char *out, size_t n,
			lb_err *e)
{
	return qty_text(db, item_id, qty, unit, '\n', out, n, e);
}

int lb_office_logo_set(lb_db *db, const char *path, const char *operator, lb_err *e)
{
	static const unsigned char png[4] = { 0x89, 'P', 'N', 'G' };
	char buf[8192], now[21];
	lb_buf img;
	lb_stmt *st;
	FILE *f;
	size_t got;
	int rc, err;

	lb_buf_init(&img);
	if (*path) {
		if (!(f = fopen(path, "rb")))
			return lb_fail(e, LB_EINPUT, "cannot read logo '%s': %s", path, strerror(errno));
		while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
			if (img.len + got > 2 * 1024 * 1024) {
				fclose(f);
				lb_buf_release(&img);
				return lb_fail(e, LB_EINPUT, "logo '%s' is larger than 2 MB", path);
			}
			if ((rc = lb_buf_add(&img, buf, got, e))) {
				fclose(f);
				lb_buf_release(&img);
				return rc;
			}
		}
		err = ferror(f) ? errno : 0;
		fclose(f);
		if (err) {
			lb_buf_release(&img);
			return lb_fail(e, LB_EINPUT, "cannot read logo '%s': %s", path, strerror(err));
		}
		if ((rc = lb_pdf_image_check(img.data, img.len, path, e))) {
			lb_buf_release(&img);
			return rc;
		}
	}
	if ((rc = lb_db_begin(db, e)))
		goto out;
	if (!(st = lb_db_prepare(db, "DELETE FROM office_logo", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	if ((rc = lb_step_done(st, e)))
		goto fail;
	if (img.len) {
		if (!(st = lb_db_prepare(db, "INSERT INTO office_logo(id, kind, image, set_at, operator)"
					     " VALUES (1, ?1, ?2, ?3, ?4)", e))) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_now_utc(now);
		lb_bind_text(st, 1, memcmp(img.data, png, 4) == 0 ? "png" : "jpeg");
		lb_bind_blob(st, 2, img.data, img.len);
		lb_bind_text(st, 3, now);
		lb_bind_text(st, 4, operator);
		if ((rc = lb_step_done(st, e)))
			goto fail;
	}
	rc = lb_db_commit(db, e);
	goto out;
fail:
	lb_db_rollback(db);
out:
	lb_buf_release(&img);
	return rc;
}

/* ---- paper tables ---- */

void lb_paper_widths(struct lb_paper_col *c, int n, int flex, double W)
{
	double fixed = 0;

	for (int i = 0; i < n; i++)
		if (i != flex)
			fixed += c[i].w;
	c[flex].w = W - fixed;
}

int lb_paper_row_height(lb_pdf *p, const struct lb_paper_col *c, int n, const char *const *cell, double min,
			double *h, lb_err *e)
{
	double best = 0, t;
	int rc;

	for (int i = 0; i < n; i++) {
		if (!c[i].wrap)
			continue;
		if ((rc = lb_pdf_text_box_height(p, c[i].w - 6, LB_PDF_REGULAR, LB_PAPER_FS, LB_PDF_WRAP, cell[i],
						 &t, e)))
			return rc;
		if (t > best)
			best = t;
	}
	*h = best + 7 > min ? best + 7 : min;
	return LB_OK;
}

int lb_paper_row(lb_pdf *p, double x, double y, double h, const struct lb_paper_col *c, int n,
		 const char *const *cell, int font, int head, double shade, lb_err *e)
{
	int rc;

	for (int i = 0; i < n; i++) {
		double size = LB_PAPER_FS, tw;

		if (c[i].w <= 0)
			continue;
		/* a code or figure that does not fit is made smaller, never cut
		 * or broken: every character of a NIK or serial counts */
		if (!head && !c[i].wrap) {
			if ((rc = lb_pdf_text_width(p, font, size, cell[i], &tw, e)))
				return rc;
			if (tw > (c[i].w - 6) * 0.97)
				size = size * (c[i].w - 6) * 0.97 / tw;
		}
		if (shade < 1 && (rc = lb_pdf_rect(p, x, y, c[i].w, h, LB_PDF_FILL, shade, e)))
			return rc;
		if ((rc = lb_pdf_rect(p, x, y, c[i].w, h, LB_PDF_STROKE, 0, e)) ||
		    (rc = lb_pdf_text_box(p, x + 3, y + 3.5, c[i].w - 6, h - 4, font, size,
					  head ? LB_PDF_CENTER : c[i].align,
					  c[i].wrap || head ? LB_PDF_WRAP : LB_PDF_TRUNCATE, cell[i], NULL, e)))
			return rc;
		x += c[i].w;
	}
	return LB_OK;
}

int lb_paper_measure(lb_pdf *p, double W, struct lb_para *ps, int n, double *total, lb_err *e)
{
	int rc;

	*total = 0;
	for (int i = 0; i < n; i++) {
		if ((rc = lb_pdf_text_box_height(p, W - ps[i].indent, ps[i].font, LB_PAPER_PS, LB_PDF_WRAP,
						 ps[i].text, &ps[i].h, e)))
			return rc;
		*total += ps[i].h + ps[i].gap;
	}
	return LB_OK;
}

int lb_paper_paras(lb_pdf *p, double x, double *y, double W, const struct lb_para *ps, int n, lb_err *e)
{
	int rc;

	for (int i = 0; i < n; i++) {
		if ((rc = lb_pdf_text_box(p, x + ps[i].indent, *y, W - ps[i].indent, ps[i].h, ps[i].font,
					  LB_PAPER_PS, ps[i].align, LB_PDF_WRAP, ps[i].text, NULL, e)))
			return rc;
		*y += ps[i].h + ps[i].gap;
	}
	return LB_OK;
}

int lb_paper_foot(lb_pdf *p, const struct lb_office *o, const char *left, int page, int pages, lb_err *e)
{
	double W = o->page_w - LB_PAPER_ML - LB_PAPER_MR, y = o->page_h - LB_PAPER_MB + 8;
	char text[64];
	int rc;

	if ((rc = lb_pdf_line(p, LB_PAPER_ML, y - 3, LB_PAPER_ML + W, y - 3, 0.4, LB_PDF_SOLID, e)) ||
	    (rc = lb_pdf_text_box(p, LB_PAPER_ML, y, W * 0.7, 10, LB_PDF_REGULAR, 7.5, LB_PDF_LEFT, LB_PDF_TRUNCATE,
				  left, NULL, e)))
		return rc;
	lb_page_label(text, sizeof text, page, pages);
	return lb_pdf_text_box(p, LB_PAPER_ML + W * 0.7, y, W * 0.3, 10, LB_PDF_REGULAR, 7.5, LB_PDF_RIGHT,
			       LB_PDF_TRUNCATE, text, NULL, e);
}
