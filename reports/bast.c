/*
 * bast.c — the handover statement per village. See bast.h.
 *
 * A village's statement reads its rows twice: once for the date, the
 * points and the count that the opening paragraph states, once for the
 * table. Both read the redemptions in force at the round's end and their
 * issue movements not reversed by then, so the statement agrees with the
 * reconciliation.
 */
#include "reports/bast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/terbilang.h"
#include "recipients/nik.h"
#include "reports/reconcile.h"
#include "voucher/serial.h"

#define IN_FORCE_X                                                                                \
	" JOIN redemption x ON x.allocation_id = a.id AND x.day <= ?3"                              \
	"  AND NOT EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = x.id AND u.day <= ?3)"

/* The villages of the round, by district and code. */
static const char villages_sql[] =
	"SELECT r.village, coalesce(v.name, ''), coalesce(d.name, ''), count(*)"
	" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
	" LEFT JOIN region_village v ON v.code = r.village"
	" LEFT JOIN region_district d ON d.code = v.district_code"
	" WHERE a.program_id = ?1 AND a.period = ?2 AND (?5 IS NULL OR r.village = ?5)"
	" GROUP BY r.village ORDER BY v.district_code, r.village";

/* What the opening paragraph states: handed over, last day, where. */
static const char summary_sql[] =
	"SELECT count(*), coalesce(max(x.day), ''), coalesce(group_concat(DISTINCT p.name), '')"
	" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
	IN_FORCE_X
	" JOIN location p ON p.id = x.point_id"
	" WHERE a.program_id = ?1 AND a.period = ?2 AND r.village = ?5";

/* One row per recipient and item handed over. */
static const char rows_sql[] =
	"SELECT a.id, r.name, r.nik, x.day, coalesce(x.proxy_name, ''), v.serial,"
	" coalesce(i.code, ''), coalesce(i.name, ''), coalesce(i.unit, ''),"
	" coalesce(sum(m.qty), 0), coalesce(sum(m.qty * t.unit_cost), 0)"
	" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
	IN_FORCE_X
	" JOIN voucher v ON v.id = x.voucher_id"
	" LEFT JOIN movement m ON m.redemption_id = x.id AND m.kind = 'issue' AND m.day <= ?3"
	"  AND NOT EXISTS (SELECT 1 FROM movement rv WHERE rv.reverses = m.id AND rv.day <= ?3)"
	" LEFT JOIN lot t ON t.id = m.lot_id LEFT JOIN item i ON i.id = m.item_id"
	" WHERE a.program_id = ?1 AND a.period = ?2 AND r.village = ?5"
	" GROUP BY a.id, i.id"
	" ORDER BY r.name COLLATE NOCASE, a.id, i.code";

static const struct lb_rcol cols[] = {
	{ "No", "no", LB_R_INT, 20 },
	{ "Nama penerima", "name", LB_R_TEXT, 0 },
	{ "NIK", "nik", LB_R_CODE, 76 },
	{ "No. kupon", "serial", LB_R_CODE, 70 },
	{ "Tanggal terima", "day", LB_R_DATE, 56 },
	{ "Diterima oleh", "received_by", LB_R_TEXT, 52 },
	{ "Barang", "items", LB_R_TEXT, 88 },
	{ "Nilai", "value_rupiah", LB_R_RUPIAH, 70 },
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

#define MAX_ITEMS 32

struct item_total {
	char name[128], unit[32];
	int64_t qty;
};

struct village {
	const char *code, *name, *district;
	int64_t allocated;
};

struct bast {
	lb_db *db;
	lb_rdoc *d;
	const struct lb_round *round;
	const char *org;
	struct item_total items[MAX_ITEMS];
	int nitems;
};

const char *lb_bast_weekday(lb_day day)
{
	static const char *const names[] = { "Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu" };

	/* 1 January 1970, day 0, was a Thursday */
	return names[((day % 7) + 7 + 4) % 7];
}

static void bind(lb_stmt *st, const struct lb_round *r, const char *village)
{
	lb_bind_int(st, 1, r->program_id);
	lb_bind_text(st, 2, r->ps);
	lb_bind_text(st, 3, r->last_day);
	lb_bind_text(st, 5, village);
}

static int add_item(struct bast *b, const char *name, const char *unit, int64_t qty, lb_err *e)
{
	for (int i = 0; i < b->nitems; i++) {
		if (strcmp(b->items[i].name, name) == 0 && strcmp(b->items[i].unit, unit) == 0) {
			b->items[i].qty += qty;
			return LB_OK;
		}
	}
	if (b->nitems == MAX_ITEMS)
		return lb_fail(e, LB_EINPUT, "a package of more than %d items does not fit a BAST", MAX_ITEMS);
	snprintf(b->items[b->nitems].name, sizeof b->items[0].name, "%s", name);
	snprintf(b->items[b->nitems].unit, sizeof b->items[0].unit, "%s", unit);
	b->items[b->nitems++].qty = qty;
	return LB_OK;
}

/* One recipient's row, once all its items are gathered. */
struct pending {
	int64_t id, value;
	int64_t serial;
	char name[128], nik[17], day[11], by[160];
	lb_buf items;
};

static int flush(struct bast *b, struct pending *p, long *no, int64_t *total, lb_err *e)
{
	char serial[LB_SERIAL_TEXT_SIZE];
	struct lb_rval v[NCOLS];

	if (!p->id)
		return LB_OK;
	if (lb_serial_format((uint64_t)p->serial, serial, e))
		return lb_fail(e, LB_ESYS, "a voucher in the database has a serial above 40 bits");
	(*no)++;
	*total += p->value;
	v[0] = LB_RV_N(*no);
	v[1] = LB_RV_S(p->name);
	v[2] = LB_RV_S(p->nik);
	v[3] = LB_RV_S(serial);
	v[4] = LB_RV_S(p->day);
	v[5] = LB_RV_S(p->by);
	v[6] = p->items.len ? LB_RV_S(p->items.data) : LB_RV_S("-");
	v[7] = LB_RV_N(p->value);
	p->id = 0;
	return lb_rdoc_row(b->d, v, e);
}

static int table(struct bast *b, const struct village *vg, long *n, int64_t *total, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(b->db, rows_sql, e);
	struct pending p = { 0 };
	char title[200];
	int rc;

	*n = 0;
	*total = 0;
	b->nitems = 0;
	if (!st)
		return LB_ESYS;
	snprintf(title, sizeof title, "%s %s", vg->name, vg->code);
	if ((rc = lb_rdoc_table(b->d, "recipients", title, cols, NCOLS, e)))
		return rc;
	lb_buf_init(&p.items);
	bind(st, b->round, vg->code);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t id = lb_col_int(st, 0);
		const char *iname = lb_col_text(st, 7), *unit = lb_col_text(st, 8);
		int64_t qty = lb_col_int(st, 9);
		char q[32];

		if (id != p.id) {
			if ((rc = flush(b, &p, n, total, e)))
				break;
			p.id = id;
			p.value = 0;
			snprintf(p.name, sizeof p.name, "%s", lb_col_text(st, 1));
			lb_nik_mask(lb_col_text(st, 2), p.nik);
			snprintf(p.day, sizeof p.day, "%s", lb_col_text(st, 3));
			if (lb_col_text(st, 4)[0])
				snprintf(p.by, sizeof p.by, "wakil: %s", lb_col_text(st, 4));
			else
				snprintf(p.by, sizeof p.by, "sendiri");
			p.serial = lb_col_int(st, 5);
			lb_buf_reset(&p.items);
		}
		p.value += lb_col_int(st, 10);
		if (!iname[0])
			continue; /* handed over, but every movement reversed */
		lb_int_format_id(qty, q, sizeof q);
		if ((rc = lb_buf_addf(&p.items, e, "%s%s %s %s", p.items.len ? "; " : "", iname, q, unit)) ||
		    (rc = add_item(b, iname, unit, qty, e)))
			break;
	}
	if (rc == LB_DONE)
		rc = flush(b, &p, n, total, e);
	else
		lb_stmt_reset(st);
	lb_buf_release(&p.items);
	if (rc)
		return rc;
	{
		char cnt[48];
		struct lb_rval t[NCOLS] = {
			LB_RV_NULL, LB_RV_S("JUMLAH"), LB_RV_NULL, LB_RV_NULL, LB_RV_NULL, LB_RV_NULL,
			LB_RV_NULL, LB_RV_N(*total),
		};

		snprintf(cnt, sizeof cnt, "%ld paket", *n);
		t[5] = LB_RV_S(cnt);
		return lb_rdoc_total(b->d, t, e);
	}
}

/* The signature blocks: drawn side by side in a PDF, as lines elsewhere. */
static int signatures(struct bast *b, const struct village *vg, const char *date_id, lb_err *e)
{
	static const char *const lines[2][6] = {
		{ "Yang Menyerahkan,", "PIHAK PERTAMA", "", "(................................................)",
		  "Nama: ........................................", "NIP.  ........................................" },
		{ "Yang Menerima,", "PIHAK KEDUA", "", "(................................................)",
		  "Nama: ........................................", "NIP.  ........................................" },
	};
	char place[200];
	lb_pdf *pdf;
	double y, x, w, lead = lb_pdf_leading(9);
	int rc;

	snprintf(place, sizeof place, "%s, %s", vg->name, date_id);
	if ((rc = lb_rdoc_space(b->d, LB_PDF_MM(50), &pdf, &y, e)))
		return rc;
	if (!pdf) {
		char line[400];

		if ((rc = lb_rdoc_para(b->d, place, 0, e)))
			return rc;
		for (int s = 0; s < 2; s++) {
			snprintf(line, sizeof line, "%s %s - nama: ..........  NIP: ..........  tanda tangan: ..........",
				 lines[s][0], lines[s][1]);
			if ((rc = lb_rdoc_para(b->d, line, 0, e)))
				return rc;
		}
		return LB_OK;
	}
	x = lb_rdoc_margin(b->d);
	w = lb_rdoc_width(b->d) / 2;
	if ((rc = lb_pdf_text_box(pdf, x + w, y + 6, w, lead, LB_PDF_REGULAR, 9, LB_PDF_CENTER,
				  LB_PDF_TRUNCATE, place, NULL, e)))
		return rc;
	y += 6 + lead * 1.5;
	for (int s = 0; s < 2; s++) {
		double ly = y;

		for (int i = 0; i < 6; i++) {
			/* room to sign between the title and the name */
			if (i == 2) {
				ly += LB_PDF_MM(18);
				continue;
			}
			if ((rc = lb_pdf_text_box(pdf, x + s * w, ly, w, lead, i == 1 ? LB_PDF_BOLD : LB_PDF_REGULAR,
						  9, LB_PDF_CENTER, LB_PDF_TRUNCATE, lines[s][i], NULL, e)))
				return rc;
			ly += lead;
		}
	}
	return LB_OK;
}

static int one_village(struct bast *b, const struct village *vg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(b->db, summary_sql, e);
	int64_t handed, total;
	char last[11], date_id[32], num[200], line[1024], ps[24];
	const char *points;
	lb_buf words, where;
	lb_day day = 0;
	long n;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_buf_init(&words);
	lb_buf_init(&where);
	bind(st, b->round, vg->code);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot summarise village '%s'", vg->code) : rc;
	handed = lb_col_int(st, 0);
	snprintf(last, sizeof last, "%s", lb_col_text(st, 1));
	rc = lb_buf_adds(&where, lb_col_text(st, 2), e);
	lb_stmt_reset(st);
	if (rc)
		goto out;
	points = where.len ? where.data : vg->name;
	/* nothing handed over: dated at the round's end */
	if (lb_date_parse(last[0] ? last : b->round->last_day, "day", &day, e)) {
		rc = lb_fail(e, LB_ESYS, "a redemption of village '%s' has a damaged day", vg->code);
		goto out;
	}
	lb_date_format_id(day, date_id);
	lb_period_format_id(b->round->period, ps);

	lb_rdoc_clear_subtitles(b->d);
	snprintf(num, sizeof num, "Nomor: BAST/%s/%s/%s", b->round->code, b->round->ps, vg->code);
	snprintf(line, sizeof line, "Program: %s (%s)    Periode: %s", b->round->name, b->round->code,
		 b->round->period_id);
	if ((rc = lb_rdoc_subtitle(b->d, num, e)) || (rc = lb_rdoc_subtitle(b->d, line, e)))
		goto out;
	snprintf(line, sizeof line, "Desa/Kelurahan: %s (%s), Kecamatan %s", vg->name, vg->code, vg->district);
	if ((rc = lb_rdoc_subtitle(b->d, line, e)) || (rc = lb_rdoc_page_break(b->d, vg->name, e)))
		goto out;
	snprintf(line, sizeof line,
		 "Pada hari ini %s tanggal %s, bertempat di %s, kami yang bertanda tangan di bawah ini:",
		 lb_bast_weekday(day), date_id, points);
	if ((rc = lb_rdoc_para(b->d, line, 0, e)))
		goto out;
	snprintf(line, sizeof line,
		 "1. Nama: ................................  NIP: ................................  Jabatan: petugas penyalur %s, selanjutnya disebut PIHAK PERTAMA (yang menyerahkan).",
		 b->org);
	if ((rc = lb_rdoc_para(b->d, line, 0, e)))
		goto out;
	snprintf(line, sizeof line,
		 "2. Nama: ................................  NIP: ................................  Jabatan: Kepala Desa/Lurah %s, atas nama para penerima manfaat, selanjutnya disebut PIHAK KEDUA (yang menerima).",
		 vg->name);
	if ((rc = lb_rdoc_para(b->d, line, 0, e)))
		goto out;
	snprintf(line, sizeof line,
		 "PIHAK PERTAMA telah menyerahkan bantuan pangan %s periode %s kepada %lld penerima manfaat di Desa/Kelurahan %s, Kecamatan %s, dengan rincian sebagai berikut:",
		 b->round->name, b->round->period_id, (long long)handed, vg->name, vg->district);
	if ((rc = lb_rdoc_para(b->d, line, 0, e)) || (rc = table(b, vg, &n, &total, e)))
		goto out;

	if (b->nitems) {
		lb_buf items;

		lb_buf_init(&items);
		rc = lb_buf_adds(&items, "Jumlah barang: ", e);
		for (int i = 0; i < b->nitems && !rc; i++) {
			char q[32];

			lb_int_format_id(b->items[i].qty, q, sizeof q);
			rc = lb_buf_addf(&items, e, "%s%s %s %s", i ? "; " : "", b->items[i].name, q,
					 b->items[i].unit);
		}
		if (!rc)
			rc = lb_buf_adds(&items, ".", e);
		if (!rc)
			rc = lb_rdoc_para(b->d, items.data, 0, e);
		lb_buf_release(&items);
		if (rc)
			goto out;
	}
	{
		char amount[32];

		lb_money_format(total, amount, sizeof amount);
		if ((rc = lb_terbilang(total, &words, e)))
			goto out;
		snprintf(line, sizeof line, "Jumlah nilai: %s (terbilang: %s).", amount, words.data);
		if ((rc = lb_rdoc_para(b->d, line, 1, e)))
			goto out;
	}
	if (vg->allocated > handed) {
		snprintf(line, sizeof line,
			 "Paket yang tidak diserahkan: %lld dari %lld paket yang dialokasikan (tetap di titik salur; lihat laporan realisasi).",
			 (long long)(vg->allocated - handed), (long long)vg->allocated);
		if ((rc = lb_rdoc_para(b->d, line, 0, e)))
			goto out;
	}
	if ((rc = lb_rdoc_para(b->d,
			       "Demikian berita acara serah terima ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
			       0, e)) ||
	    (rc = signatures(b, vg, date_id, e)))
		goto out;
out:
	lb_buf_release(&words);
	lb_buf_release(&where);
	return rc;
}

struct vlist {
	struct village *v;
	char (*strings)[3][128];
	size_t n, cap;
};

static int load_villages(lb_db *db, const struct lb_round *r, const char *village, struct vlist *vl,
			 lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, villages_sql, e);
	int rc;

	if (!st)
		return LB_ESYS;
	bind(st, r, village);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (vl->n == vl->cap) {
			size_t cap = vl->cap ? vl->cap * 2 : 32;
			struct village *v = realloc(vl->v, cap * sizeof *v);
			char (*s)[3][128];

			if (v)
				vl->v = v;
			s = v ? realloc(vl->strings, cap * sizeof *s) : NULL;
			if (!v || !s) {
				lb_stmt_reset(st);
				return lb_oom(e);
			}
			vl->strings = s;
			vl->cap = cap;
		}
		for (int i = 0; i < 3; i++)
			snprintf(vl->strings[vl->n][i], 128, "%s", lb_col_text(st, i));
		vl->v[vl->n].allocated = lb_col_int(st, 3);
		vl->n++;
	}
	if (rc != LB_DONE)
		return rc;
	/* pointers last: the arrays may have moved while growing */
	for (size_t i = 0; i < vl->n; i++) {
		vl->v[i].code = vl->strings[i][0];
		vl->v[i].name = vl->strings[i][1];
		vl->v[i].district = vl->strings[i][2];
	}
	return LB_OK;
}

int lb_bast_report(lb_db *db, const char *program, int period, const char *village,
		   const struct lb_rdoc_opts *ro, lb_err *e)
{
	struct lb_rdoc_opts o = *ro;
	struct lb_round round;
	struct vlist vl = { 0 };
	struct bast b = { 0 };
	lb_buf org;
	int found, rc, written = 0;

	lb_buf_init(&org);
	if ((rc = lb_report_snapshot(db, e)))
		return rc;
	if ((rc = lb_round_find(db, program, period, &round, e)) ||
	    (rc = lb_meta_get(db, "org_name", &org, &found, e)) ||
	    (rc = load_villages(db, &round, village, &vl, e)))
		goto out;
	if (village && !vl.n) {
		rc = lb_fail(e, LB_EINPUT, "village '%s' has no allocations in %s %s", village, round.code,
			     round.ps);
		goto out;
	}
	o.title = "BERITA ACARA SERAH TERIMA BANTUAN PANGAN";
	o.org = org.data;
	o.landscape = 0;
	if ((rc = lb_rdoc_open(&b.d, &o, e)))
		goto out;
	b.db = db;
	b.round = &round;
	b.org = org.data;
	if ((rc = lb_rdoc_meta(b.d, "program", LB_R_TEXT, LB_RV_S(round.code), e)) ||
	    (rc = lb_rdoc_meta(b.d, "period", LB_R_TEXT, LB_RV_S(round.ps), e)))
		goto out;
	for (size_t i = 0; i < vl.n; i++) {
		lb_stmt *st;
		int64_t handed;

		/* every village: only those where something was handed over,
		 * unless the village was asked for */
		if (!village) {
			if (!(st = lb_db_prepare(db, summary_sql, e))) {
				rc = LB_ESYS;
				goto out;
			}
			bind(st, &round, vl.v[i].code);
			if ((rc = lb_step(st, e)) != LB_ROW) {
				if (rc == LB_DONE)
					rc = lb_fail(e, LB_ESYS, "cannot summarise a village");
				goto out;
			}
			handed = lb_col_int(st, 0);
			lb_stmt_reset(st);
			if (!handed)
				continue;
		}
		if ((rc = one_village(&b, &vl.v[i], e)))
			goto out;
		written++;
	}
	if (!written) {
		rc = lb_fail(e, LB_ERULE, "no package of %s %s has been handed over yet: no BAST to write",
			     round.code, round.ps);
		goto out;
	}
	rc = lb_rdoc_close(b.d, e);
	b.d = NULL;
out:
	lb_rdoc_discard(b.d);
	free(vl.v);
	free(vl.strings);
	lb_buf_release(&org);
	lb_report_snapshot_end(db);
	return rc;
}
