/*
 * bast.c — the handover statement per village. See bast.h.
 *
 * A village's rows are read once into memory (a village has hundreds of
 * recipients at most): the PDF needs them all before drawing, to know
 * where the pages break so that the signatures stay with the table's last
 * rows (doc/pageplan.h) and how many pages the statement has
 * ("Halaman i dari n"). Rows are the redemptions in force at the round's
 * end and their issue movements not reversed by then, so the statement
 * agrees with the reconciliation.
 *
 * The whole report runs in one write transaction: it gives the reads one
 * snapshot, and the numbers given to the statements (core/docnum.h) are
 * recorded only when the document was made.
 */
#include "reports/bast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/docnum.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/settings.h"
#include "core/terbilang.h"
#include "recipients/nik.h"
#include "doc/office.h"
#include "doc/pageplan.h"
#include "reports/reconcile.h"
#include "voucher/method.h"
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

/* The villages with packages handed over, as lb_bast_report picks them. */
static const char handed_sql[] =
	"SELECT r.village, coalesce(v.name, ''), coalesce(d.name, ''), count(*)"
	" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
	IN_FORCE_X
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
	" coalesce(sum(m.qty), 0), coalesce(sum(m.qty * t.unit_cost), 0),"
	" x.source, x.manual, x.override_reason IS NOT NULL, x.kit_id, coalesce(i.id, 0)"
	" FROM allocation a JOIN recipient r ON r.id = a.recipient_id"
	IN_FORCE_X
	" JOIN voucher v ON v.id = x.voucher_id"
	" LEFT JOIN movement m ON m.redemption_id = x.id AND m.kind = 'issue' AND m.day <= ?3"
	"  AND NOT EXISTS (SELECT 1 FROM movement rv WHERE rv.reverses = m.id AND rv.day <= ?3)"
	" LEFT JOIN lot t ON t.id = m.lot_id LEFT JOIN item i ON i.id = m.item_id"
	" WHERE a.program_id = ?1 AND a.period = ?2 AND r.village = ?5"
	" GROUP BY a.id, i.id"
	" ORDER BY r.name COLLATE NOCASE, a.id, i.code";

/* The round's package per recipient, in the one order items are listed
 * everywhere: by item code. */
static const char package_sql[] =
	"SELECT i.id, i.code, i.name, i.unit, pp.qty FROM program_package pp JOIN item i ON i.id = pp.item_id"
	" WHERE pp.program_id = ?1 AND pp.from_period = (SELECT max(from_period) FROM program_package"
	"  WHERE program_id = ?1 AND from_period <= ?2)"
	" ORDER BY i.code COLLATE NOCASE";

static const struct lb_rcol cols[] = {
	{ "No", "no", LB_R_INT, 20 },
	{ "Nama penerima", "name", LB_R_TEXT, 0 },
	{ "NIK", "nik", LB_R_CODE, 76 },
	{ "No. kupon", "serial", LB_R_CODE, 70 },
	{ "Tanggal terima", "day", LB_R_DATE, 56 },
	{ "Diterima oleh", "received_by", LB_R_TEXT, 52 },
	{ "Barang", "items", LB_R_TEXT, 88 },
	{ "Nilai", "value_rupiah", LB_R_RUPIAH, 70 },
	{ "Cara", "method", LB_R_TEXT, 60 },
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

#define MAX_ITEMS 32
#define MAX_PAGES 400

struct item_total {
	int64_t id;
	char code[40], name[128], unit[32];
	int64_t per;   /* the package: base units per recipient (0: not in it) */
	int64_t qty;   /* handed over in the village */
};

struct village {
	const char *code, *name, *district;
	int64_t allocated;
};

struct row {
	int64_t id, value;
	char name[128], nik[17], serial[LB_SERIAL_TEXT_SIZE], day[11], by[160], method[64];
	char items[400];
};

struct bast {
	lb_db *db;
	lb_rdoc *d;
	const struct lb_round *round;
	const char *org;
	struct lb_office office;
	char pattern[256], mengetahui[32];
	struct item_total items[MAX_ITEMS];
	int nitems;
	struct row *rows;
	size_t nrows, caprows;
};

const char *lb_bast_weekday(lb_day day)
{
	return lb_weekday_id(day);
}

static void bind(lb_stmt *st, const struct lb_round *r, const char *village)
{
	lb_bind_int(st, 1, r->program_id);
	lb_bind_text(st, 2, r->ps);
	lb_bind_text(st, 3, r->last_day);
	lb_bind_text(st, 5, village);
}

static struct item_total *find_item(struct bast *b, int64_t id, lb_err *e)
{
	for (int i = 0; i < b->nitems; i++)
		if (b->items[i].id == id)
			return &b->items[i];
	if (b->nitems == MAX_ITEMS) {
		lb_fail(e, LB_EINPUT, "a package of more than %d items does not fit a BAST", MAX_ITEMS);
		return NULL;
	}
	memset(&b->items[b->nitems], 0, sizeof b->items[0]);
	b->items[b->nitems].id = id;
	return &b->items[b->nitems++];
}

static int load_package(struct bast *b, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(b->db, package_sql, e);
	int rc;

	b->nitems = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, b->round->program_id);
	lb_bind_text(st, 2, b->round->ps);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct item_total *it = find_item(b, lb_col_int(st, 0), e);

		if (!it) {
			lb_stmt_reset(st);
			return LB_EINPUT;
		}
		snprintf(it->code, sizeof it->code, "%s", lb_col_text(st, 1));
		snprintf(it->name, sizeof it->name, "%s", lb_col_text(st, 2));
		snprintf(it->unit, sizeof it->unit, "%s", lb_col_text(st, 3));
		it->per = lb_col_int(st, 4);
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int push_row(struct bast *b, lb_err *e)
{
	if (b->nrows == b->caprows) {
		size_t cap = b->caprows ? b->caprows * 2 : 64;
		struct row *r = realloc(b->rows, cap * sizeof *r);

		if (!r)
			return lb_oom(e);
		b->rows = r;
		b->caprows = cap;
	}
	memset(&b->rows[b->nrows++], 0, sizeof b->rows[0]);
	return LB_OK;
}

/* The village's rows into b->rows, the goods into b->items. */
static int load_rows(struct bast *b, const struct village *vg, int64_t *total, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(b->db, rows_sql, e);
	struct row *p = NULL;
	int rc;

	b->nrows = 0;
	*total = 0;
	if (!st)
		return LB_ESYS;
	if ((rc = load_package(b, e)))
		return rc;
	bind(st, b->round, vg->code);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t id = lb_col_int(st, 0), qty = lb_col_int(st, 9);
		const char *iname = lb_col_text(st, 7), *unit = lb_col_text(st, 8);
		struct item_total *it;
		char q[32];
		size_t len;

		if (!p || id != p->id) {
			struct lb_redeem_method m = {
				.source = lb_col_text(st, 11),
				.manual = (int)lb_col_int(st, 12),
				.other_point = (int)lb_col_int(st, 13),
				.proxy = lb_col_text(st, 4)[0] != 0,
				.kit_id = lb_col_null(st, 14) ? NULL : lb_col_text(st, 14),
			};

			if ((rc = push_row(b, e)))
				break;
			p = &b->rows[b->nrows - 1];
			p->id = id;
			snprintf(p->name, sizeof p->name, "%s", lb_col_text(st, 1));
			lb_nik_mask(lb_col_text(st, 2), p->nik);
			snprintf(p->day, sizeof p->day, "%s", lb_col_text(st, 3));
			if (lb_col_text(st, 4)[0])
				snprintf(p->by, sizeof p->by, "wakil: %s", lb_col_text(st, 4));
			else
				snprintf(p->by, sizeof p->by, "sendiri");
			if (lb_serial_format((uint64_t)lb_col_int(st, 5), p->serial, e)) {
				rc = lb_fail(e, LB_ESYS, "a voucher in the database has a serial above 40 bits");
				break;
			}
			lb_redeem_method_words(&m, p->method, sizeof p->method);
		}
		if ((rc = lb_sum_add(&p->value, lb_col_int(st, 10), "the value of one handover", e)) ||
		    (rc = lb_sum_add(total, lb_col_int(st, 10), "the statement's total value", e)))
			break;
		if (!iname[0])
			continue; /* handed over, but every movement reversed */
		if (!(it = find_item(b, lb_col_int(st, 15), e))) {
			rc = LB_EINPUT;
			break;
		}
		if (!it->name[0]) { /* issued, though not in the package */
			snprintf(it->code, sizeof it->code, "%s", lb_col_text(st, 6));
			snprintf(it->name, sizeof it->name, "%s", iname);
			snprintf(it->unit, sizeof it->unit, "%s", unit);
		}
		if ((rc = lb_sum_add(&it->qty, qty, "the statement's quantity of an item", e)))
			break;
		lb_int_format_id(qty, q, sizeof q);
		len = strlen(p->items);
		snprintf(p->items + len, sizeof p->items - len, "%s%s %s %s", len ? "; " : "", iname, q, unit);
	}
	if (rc == LB_DONE)
		return LB_OK;
	lb_stmt_reset(st);
	return rc;
}

/* ---- the statement's words, shared by every format ---- */

struct words {
	char number[256], date_id[32], place_date[200];
	lb_buf spelled, opening, party1, party2, handed, amount, goods, missing;
	lb_day day;
	int64_t handed_n, total;
};

static void words_init(struct words *w)
{
	memset(w, 0, sizeof *w);
	lb_buf_init(&w->spelled);
	lb_buf_init(&w->opening);
	lb_buf_init(&w->party1);
	lb_buf_init(&w->party2);
	lb_buf_init(&w->handed);
	lb_buf_init(&w->amount);
	lb_buf_init(&w->goods);
	lb_buf_init(&w->missing);
}

static void words_release(struct words *w)
{
	lb_buf_release(&w->spelled);
	lb_buf_release(&w->opening);
	lb_buf_release(&w->party1);
	lb_buf_release(&w->party2);
	lb_buf_release(&w->handed);
	lb_buf_release(&w->amount);
	lb_buf_release(&w->goods);
	lb_buf_release(&w->missing);
}

static int party(lb_buf *out, const char *no, const struct lb_signer *s, const char *jabatan,
		 const char *role, lb_err *e)
{
	int rc;

	if ((rc = lb_buf_addf(out, e, "%s Nama: %s", no,
			      s && s->name[0] ? s->name : "..................................................")))
		return rc;
	if (s && s->nip[0] && (rc = lb_buf_addf(out, e, "; NIP. %s", s->nip)))
		return rc;
	return lb_buf_addf(out, e, "; Jabatan: %s, %s.", jabatan, role);
}

static int make_words(struct bast *b, const struct village *vg, const char *points, const char *last,
		      long n, int64_t total, struct words *w, lb_err *e)
{
	const struct lb_signer *pet = &b->office.signer[LB_ROLE_PETUGAS];
	struct lb_docnum_vars v = { 0 };
	char subject[200], amount[32], jab[300];
	lb_buf num;
	int y, m, d, rc;

	if (lb_date_parse(last[0] ? last : b->round->last_day, "day", &w->day, e))
		return lb_fail(e, LB_ESYS, "a redemption of village '%s' has a damaged day", vg->code);
	lb_date_format_id(w->day, w->date_id);
	snprintf(w->place_date, sizeof w->place_date, "%s, %s", b->office.place[0] ? b->office.place : vg->name,
		 w->date_id);
	lb_day_to_ymd(w->day, &y, &m, &d);
	v.program = b->round->code;
	v.village = vg->code;
	v.year = y;
	v.month = m;
	snprintf(subject, sizeof subject, "%s/%s/%s", b->round->code, b->round->ps, vg->code);
	lb_buf_init(&num);
	rc = lb_docnum_assign(b->db, "bast", subject, b->pattern, &v, &num, e);
	snprintf(w->number, sizeof w->number, "%s", num.data);
	lb_buf_release(&num);
	if (rc)
		return rc;
	w->handed_n = n;
	w->total = total;
	snprintf(jab, sizeof jab, "%s %s", pet->jabatan, b->org);
	if ((rc = lb_date_spelled(w->day, &w->spelled, e)) ||
	    (rc = lb_buf_addf(&w->opening, e,
			      "Pada hari ini %s, bertempat di %s, kami yang bertanda tangan di bawah ini:",
			      w->spelled.data, points)) ||
	    (rc = party(&w->party1, "1.", pet, jab,
			"selanjutnya disebut PIHAK PERTAMA (yang menyerahkan)", e)))
		return rc;
	snprintf(jab, sizeof jab, "Kepala Desa/Lurah %s, atas nama para penerima manfaat", vg->name);
	if ((rc = party(&w->party2, "2.", NULL, jab, "selanjutnya disebut PIHAK KEDUA (yang menerima)", e)) ||
	    (rc = lb_buf_addf(&w->handed, e,
			      "PIHAK PERTAMA telah menyerahkan kepada PIHAK KEDUA paket %s (%s) periode %s untuk %ld penerima manfaat di Desa/Kelurahan %s, Kecamatan %s, dengan isi paket per penerima sebagai berikut:",
			      b->round->name, b->round->code, b->round->period_id, n, vg->name, vg->district)))
		return rc;
	lb_money_format(total, amount, sizeof amount);
	if ((rc = lb_buf_addf(&w->amount, e, "Jumlah: %ld paket senilai %s (terbilang: ", n, amount)) ||
	    (rc = lb_terbilang(total, &w->amount, e)) || (rc = lb_buf_adds(&w->amount, ").", e)))
		return rc;
	if ((rc = lb_buf_adds(&w->goods, "Jumlah barang diserahkan: ", e)))
		return rc;
	for (int i = 0, k = 0; i < b->nitems; i++) {
		char q[96];

		if (!b->items[i].qty)
			continue;
		if ((rc = lb_office_qty(b->db, b->items[i].id, b->items[i].qty, b->items[i].unit, q, sizeof q, e)) ||
		    (rc = lb_buf_addf(&w->goods, e, "%s%s %s", k++ ? "; " : "", b->items[i].name, q)))
			return rc;
	}
	if ((rc = lb_buf_adds(&w->goods, ".", e)))
		return rc;
	/* the same account of what was not handed over as the realisation
	 * report gives: not issued, so still in the stock where it was */
	if (vg->allocated > n &&
	    (rc = lb_buf_addf(&w->missing, e,
			      "Paket yang tidak diserahkan: %lld dari %lld paket yang dialokasikan; barangnya tidak dikeluarkan dari persediaan dan tetap tercatat di lokasi penyimpanannya (titik salur, atau gudang bila belum dipindahkan; lihat laporan realisasi).",
			      (long long)(vg->allocated - n), (long long)vg->allocated)))
		return rc;
	return LB_OK;
}

static const char closing[] =
	"Demikian berita acara serah terima ini dibuat dengan sebenarnya dalam rangkap secukupnya untuk dipergunakan sebagaimana mestinya.";

/* ---- CSV, JSON, XLSX and the text table: through rdoc ---- */

static int village_rdoc(struct bast *b, const struct village *vg, const struct words *w, lb_err *e)
{
	char line[1024], title[200];
	int rc;

	lb_rdoc_clear_subtitles(b->d);
	snprintf(line, sizeof line, "Nomor: %s", w->number);
	if ((rc = lb_rdoc_subtitle(b->d, line, e)))
		return rc;
	snprintf(line, sizeof line, "Program: %s (%s)    Periode: %s", b->round->name, b->round->code,
		 b->round->period_id);
	if ((rc = lb_rdoc_subtitle(b->d, line, e)))
		return rc;
	snprintf(line, sizeof line, "Desa/Kelurahan: %s (%s), Kecamatan %s", vg->name, vg->code, vg->district);
	if ((rc = lb_rdoc_subtitle(b->d, line, e)) || (rc = lb_rdoc_page_break(b->d, vg->name, e)) ||
	    (rc = lb_rdoc_para(b->d, w->opening.data, 0, e)) || (rc = lb_rdoc_para(b->d, w->party1.data, 0, e)) ||
	    (rc = lb_rdoc_para(b->d, w->party2.data, 0, e)) || (rc = lb_rdoc_para(b->d, w->handed.data, 0, e)))
		return rc;
	for (int i = 0, k = 0; i < b->nitems; i++) {
		char q[96];

		if (!b->items[i].per)
			continue;
		if ((rc = lb_office_qty(b->db, b->items[i].id, b->items[i].per, b->items[i].unit, q, sizeof q, e)))
			return rc;
		snprintf(line, sizeof line, "%d. %s (%s) %s", ++k, b->items[i].name, b->items[i].code, q);
		if ((rc = lb_rdoc_para(b->d, line, 0, e)))
			return rc;
	}
	snprintf(title, sizeof title, "%s %s", vg->name, vg->code);
	if ((rc = lb_rdoc_table(b->d, "recipients", title, cols, NCOLS, e)))
		return rc;
	for (size_t i = 0; i < b->nrows; i++) {
		const struct row *r = &b->rows[i];
		struct lb_rval v[NCOLS] = {
			LB_RV_N((int64_t)i + 1), LB_RV_S(r->name), LB_RV_S(r->nik), LB_RV_S(r->serial),
			LB_RV_S(r->day), LB_RV_S(r->by), r->items[0] ? LB_RV_S(r->items) : LB_RV_S("-"),
			LB_RV_N(r->value), LB_RV_S(r->method),
		};

		if ((rc = lb_rdoc_row(b->d, v, e)))
			return rc;
	}
	{
		char cnt[48];
		struct lb_rval t[NCOLS] = {
			LB_RV_NULL, LB_RV_S("JUMLAH"), LB_RV_NULL, LB_RV_NULL, LB_RV_NULL, LB_RV_NULL,
			LB_RV_NULL, LB_RV_N(w->total), LB_RV_NULL,
		};

		snprintf(cnt, sizeof cnt, "%ld paket", (long)b->nrows);
		t[5] = LB_RV_S(cnt);
		if ((rc = lb_rdoc_total(b->d, t, e)))
			return rc;
	}
	if ((rc = lb_rdoc_para(b->d, w->goods.data, 0, e)) || (rc = lb_rdoc_para(b->d, w->amount.data, 1, e)) ||
	    (w->missing.len && (rc = lb_rdoc_para(b->d, w->missing.data, 0, e))) ||
	    (rc = lb_rdoc_para(b->d, closing, 0, e)) || (rc = lb_rdoc_para(b->d, w->place_date, 0, e)))
		return rc;
	snprintf(line, sizeof line, "Yang Menyerahkan, PIHAK PERTAMA (%s): %s", b->office.signer[LB_ROLE_PETUGAS].jabatan,
		 b->office.signer[LB_ROLE_PETUGAS].name[0] ? b->office.signer[LB_ROLE_PETUGAS].name : "..........");
	if ((rc = lb_rdoc_para(b->d, line, 0, e)))
		return rc;
	snprintf(line, sizeof line, "Yang Menerima, PIHAK KEDUA (Kepala Desa/Lurah %s): ..........", vg->name);
	if ((rc = lb_rdoc_para(b->d, line, 0, e)))
		return rc;
	if (lb_office_role(b->mengetahui) >= 0) {
		const struct lb_signer *s = &b->office.signer[lb_office_role(b->mengetahui)];

		snprintf(line, sizeof line, "Mengetahui, %s: %s%s%s", s->jabatan, s->name[0] ? s->name : "..........",
			 s->nip[0] ? ", NIP. " : "", s->nip);
		if ((rc = lb_rdoc_para(b->d, line, 0, e)))
			return rc;
	}
	return LB_OK;
}

/* ---- PDF: pages laid out here ---- */

#define FS LB_PAPER_FS
#define HEAD_H 26.0
#define MIN_ROW 17.0
#define ML LB_PAPER_ML
#define MR LB_PAPER_MR
#define MT LB_PAPER_MT
#define MB LB_PAPER_MB

/* Widths for the usable width W: the name takes what is left. */
static void pcols(double W, struct lb_paper_col c[8])
{
	static const struct lb_paper_col base[8] = {
		{ "No", 20, LB_PDF_RIGHT, 0 },       { "Nama", 0, LB_PDF_LEFT, 1 },
		{ "NIK", 80, LB_PDF_LEFT, 0 },       { "No. kupon", 66, LB_PDF_LEFT, 0 },
		{ "Tanggal terima", 52, LB_PDF_LEFT, 0 }, { "Cara", 56, LB_PDF_LEFT, 1 },
		{ "Diterima oleh", 64, LB_PDF_LEFT, 1 }, { "Paraf", 36, LB_PDF_LEFT, 0 },
	};

	memcpy(c, base, sizeof base);
	lb_paper_widths(c, 8, 1, W);
}

static void cells(const struct row *r, size_t no, char nobuf[16], char daybuf[16], const char *out[8])
{
	snprintf(nobuf, 16, "%zu", no);
	/* dd-mm-yyyy: the short form keeps the column narrow */
	snprintf(daybuf, 16, "%.2s-%.2s-%.4s", r->day + 8, r->day + 5, r->day);
	out[0] = nobuf;
	out[1] = r->name;
	out[2] = r->nik;
	out[3] = r->serial;
	out[4] = daybuf;
	out[5] = r->method;
	out[6] = r->by;
	out[7] = "";
}

static int village_pdf(struct bast *b, const struct village *vg, const struct words *w, lb_err *e)
{
	lb_pdf *p = lb_rdoc_pdf(b->d);
	const struct lb_office *o = &b->office;
	double W = o->page_w - ML - MR, bottom = o->page_h - MB, y, pre_h, tail_h, first, next, kop;
	struct lb_paper_col c[8];
	static const char *const heads[8] = { "No", "Nama", "NIK", "No. kupon", "Tanggal terima", "Cara",
					      "Diterima oleh", "Paraf" };
	char pkg[MAX_ITEMS][200], contline[400], numline[300], footline[300];
	struct lb_para pre[8 + MAX_ITEMS], tail[6];
	static const char *const aboves[3] = { "Yang Menyerahkan, PIHAK PERTAMA", "Yang Menerima, PIHAK KEDUA",
					       "Mengetahui," };
	int npre = 0, ntail = 0, npkg = 0, pages, rc, roles[3], nroles = 0;
	double *h = NULL, sign_h;
	size_t per[MAX_PAGES], r = 0;

	pcols(W, c);
	/* what precedes the table */
	pre[npre++] = (struct lb_para){ "BERITA ACARA SERAH TERIMA BANTUAN PANGAN", LB_PDF_BOLD, LB_PDF_CENTER, 0, 1, 0 };
	snprintf(numline, sizeof numline, "Nomor: %s", w->number);
	pre[npre++] = (struct lb_para){ numline, LB_PDF_REGULAR, LB_PDF_CENTER, 0, 10, 0 };
	pre[npre++] = (struct lb_para){ w->opening.data, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 4, 0 };
	pre[npre++] = (struct lb_para){ w->party1.data, LB_PDF_REGULAR, LB_PDF_LEFT, 12, 3, 0 };
	pre[npre++] = (struct lb_para){ w->party2.data, LB_PDF_REGULAR, LB_PDF_LEFT, 12, 4, 0 };
	pre[npre++] = (struct lb_para){ w->handed.data, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 2, 0 };
	for (int i = 0; i < b->nitems; i++) {
		char q[96];

		if (!b->items[i].per)
			continue;
		if ((rc = lb_office_qty(b->db, b->items[i].id, b->items[i].per, b->items[i].unit, q, sizeof q, e)))
			return rc;
		snprintf(pkg[npkg], sizeof pkg[0], "%d. %s (%s): %s", npkg + 1, b->items[i].name, b->items[i].code, q);
		pre[npre++] = (struct lb_para){ pkg[npkg], LB_PDF_REGULAR, LB_PDF_LEFT, 12, 1, 0 };
		npkg++;
	}
	pre[npre - 1].gap = 6;
	pre[npre++] = (struct lb_para){ "dengan daftar penerima sebagai berikut:", LB_PDF_REGULAR, LB_PDF_LEFT, 0, 4, 0 };
	/* what must follow the table on its last page */
	tail[ntail++] = (struct lb_para){ w->goods.data, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 2, 0 };
	tail[ntail++] = (struct lb_para){ w->amount.data, LB_PDF_BOLD, LB_PDF_LEFT, 0, 2, 0 };
	if (w->missing.len)
		tail[ntail++] = (struct lb_para){ w->missing.data, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 2, 0 };
	tail[ntail++] = (struct lb_para){ closing, LB_PDF_REGULAR, LB_PDF_LEFT, 0, 6, 0 };
	if ((rc = lb_office_page(p, o, e)))
		return rc;
	if ((rc = lb_paper_measure(p, W, pre, npre, &pre_h, e)) || (rc = lb_paper_measure(p, W, tail, ntail, &tail_h, e)))
		return rc;
	roles[nroles++] = LB_ROLE_PETUGAS;
	roles[nroles++] = LB_ROLE_KEPALA_DESA;
	if (lb_office_role(b->mengetahui) >= 0)
		roles[nroles++] = lb_office_role(b->mengetahui);
	sign_h = lb_office_sign_roles_height(nroles);
	tail_h += MIN_ROW + 6 + sign_h; /* the JUMLAH row, then the words and signatures */
	kop = lb_office_kop_height() + 6;
	first = bottom - MT - kop - pre_h - HEAD_H;
	next = bottom - MT - 16 - HEAD_H;
	if (b->nrows && !(h = malloc(b->nrows * sizeof *h)))
		return lb_oom(e);
	for (size_t i = 0; i < b->nrows; i++) {
		char nb[16], db[16];
		const char *cell[8];

		cells(&b->rows[i], i + 1, nb, db, cell);
		if ((rc = lb_paper_row_height(p, c, 8, cell, MIN_ROW, &h[i], e))) {
			free(h);
			return rc;
		}
	}
	pages = lb_page_plan(h, b->nrows, first, next, tail_h, per, MAX_PAGES);
	if (pages < 0) {
		free(h);
		return lb_fail(e, LB_EINPUT, "the BAST of village '%s' does not fit its pages", vg->code);
	}
	snprintf(footline, sizeof footline, "BAST Nomor %s", w->number);
	snprintf(contline, sizeof contline, "Daftar penerima BAST Nomor %s, Desa/Kelurahan %s (lanjutan)", w->number,
		 vg->name);
	for (int pg = 0; pg < pages; pg++) {
		if (pg && (rc = lb_office_page(p, o, e)))
			goto out;
		y = MT;
		if (pg == 0) {
			double used;

			if ((rc = lb_office_kop(p, o, ML, y, W, &used, e)))
				goto out;
			y += used + 6;
			if ((rc = lb_paper_paras(p, ML, &y, W, pre, npre, e)))
				goto out;
		} else {
			if ((rc = lb_pdf_text_box(p, ML, y, W, 14, LB_PDF_BOLD, 9, LB_PDF_LEFT, LB_PDF_TRUNCATE, contline,
						  NULL, e)))
				goto out;
			y += 16;
		}
		if (per[pg] || pg == pages - 1) {
			if ((rc = lb_paper_row(p, ML, y, HEAD_H, c, 8, heads, LB_PDF_BOLD, 1, 0.88, e)))
				goto out;
			y += HEAD_H;
		}
		for (size_t k = 0; k < per[pg]; k++, r++) {
			char nb[16], db[16];
			const char *cell[8];

			cells(&b->rows[r], r + 1, nb, db, cell);
			if ((rc = lb_paper_row(p, ML, y, h[r], c, 8, cell, LB_PDF_REGULAR, 0, 1, e)))
				goto out;
			y += h[r];
		}
		if (pg == pages - 1) {
			char cnt[48], amount[32];
			/* the totals span the row: No, JUMLAH, then count and value */
			double tw[3] = { c[0].w, c[1].w + c[2].w + c[3].w + c[4].w, c[5].w + c[6].w + c[7].w };
			const char *tcell[3] = { "", "JUMLAH", cnt };
			double x = ML, used;

			lb_money_format(w->total, amount, sizeof amount);
			snprintf(cnt, sizeof cnt, "%ld paket, %s", (long)b->nrows, amount);
			for (int i = 0; i < 3; i++) {
				if ((rc = lb_pdf_rect(p, x, y, tw[i], MIN_ROW, LB_PDF_FILL, 0.93, e)) ||
				    (rc = lb_pdf_rect(p, x, y, tw[i], MIN_ROW, LB_PDF_STROKE, 0, e)) ||
				    (rc = lb_pdf_text_box(p, x + 3, y + 3.5, tw[i] - 6, MIN_ROW - 4, LB_PDF_BOLD, FS,
							  i == 2 ? LB_PDF_RIGHT : LB_PDF_LEFT, LB_PDF_TRUNCATE, tcell[i], NULL,
							  e)))
					goto out;
				x += tw[i];
			}
			y += MIN_ROW + 6;
			if ((rc = lb_paper_paras(p, ML, &y, W, tail, ntail, e)) ||
			    (rc = lb_office_sign_roles(p, o, ML, y, W, roles, aboves, nroles, vg->name, w->place_date,
						       &used, e)))
				goto out;
		}
		if ((rc = lb_paper_foot(p, o, footline, pg + 1, pages, e)))
			goto out;
	}
out:
	free(h);
	return rc;
}

static int one_village(struct bast *b, const struct village *vg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(b->db, summary_sql, e);
	char last[11];
	struct words w;
	lb_buf where;
	int64_t total;
	int rc;

	if (!st)
		return LB_ESYS;
	words_init(&w);
	lb_buf_init(&where);
	bind(st, b->round, vg->code);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot summarise village '%s'", vg->code) : rc;
	snprintf(last, sizeof last, "%s", lb_col_text(st, 1));
	rc = lb_buf_adds(&where, lb_col_text(st, 2), e);
	lb_stmt_reset(st);
	if (rc || (rc = load_rows(b, vg, &total, e)) ||
	    (rc = make_words(b, vg, where.len ? where.data : vg->name, last, (long)b->nrows, total, &w, e)))
		goto out;
	rc = lb_rdoc_pdf(b->d) ? village_pdf(b, vg, &w, e) : village_rdoc(b, vg, &w, e);
out:
	words_release(&w);
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
	lb_buf org, set;
	int found, rc, written = 0;

	lb_buf_init(&org);
	lb_buf_init(&set);
	/* one write transaction: one snapshot for the reads, and the
	 * statements' numbers kept only with the document */
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_round_find(db, program, period, &round, e)) ||
	    (rc = lb_meta_get(db, "org_name", &org, &found, e)) ||
	    (rc = lb_office_load(db, &b.office, e)) ||
	    (rc = lb_setting_get(db, "office.number.bast", &set, e)))
		goto out;
	snprintf(b.pattern, sizeof b.pattern, "%s", set.data);
	lb_buf_reset(&set);
	if ((rc = lb_setting_get(db, "office.bast.mengetahui", &set, e)) ||
	    (rc = load_villages(db, &round, village, &vl, e)))
		goto out;
	snprintf(b.mengetahui, sizeof b.mengetahui, "%s", set.data);
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
	/* the numbers are kept before the file is written: a number may
	 * then go unused if the save fails, but is never given twice */
	if ((rc = lb_db_commit(db, e)))
		goto out;
	rc = lb_rdoc_close(b.d, e);
	b.d = NULL;
out:
	if (lb_db_in_tx(db))
		lb_db_rollback(db);
	lb_rdoc_discard(b.d);
	free(vl.v);
	free(vl.strings);
	free(b.rows);
	lb_office_release(&b.office);
	lb_buf_release(&org);
	lb_buf_release(&set);
	return rc;
}

int lb_bast_villages(lb_db *db, const char *program, int period,
		     int (*fn)(void *arg, const struct lb_bast_village *v, lb_err *e), void *arg, lb_err *e)
{
	struct lb_round round;
	lb_stmt *st;
	int rc;

	if ((rc = lb_round_find(db, program, period, &round, e)))
		return rc;
	if (!(st = lb_db_prepare(db, handed_sql, e)))
		return LB_ESYS;
	bind(st, &round, NULL);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_bast_village v = { lb_col_text(st, 0), lb_col_text(st, 1), lb_col_text(st, 2),
					     lb_col_int(st, 3) };
		if ((rc = fn(arg, &v, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}
