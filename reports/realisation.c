/*
 * realisation.c — the monthly realisation report and the finance figures
 * of migration 5. See realisation.h.
 */
#include "reports/realisation.h"

#include "doc/office.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/period.h"
#include "program/package.h"
#include "program/program.h"
#include "recipients/nik.h"
#include "reports/reconcile.h"

/* ---- the figures of migration 5 ---- */

static int program_id(lb_db *db, const char *code, int64_t *id, lb_err *e)
{
	struct lb_program p;
	int rc = lb_program_find(db, code, &p, e);

	*id = p.id;
	return rc;
}

/* Rows of migration 5 take effect from a month; a closed month's reports
 * must not move, so nothing may start in one. */
static int month_open(lb_db *db, int period, const char *what, lb_err *e)
{
	return lb_period_check_open(db, lb_period_first_day(period), what, e);
}

/* Finance's figures (a pagu, a reference price) take effect from a month
 * and are never edited: a revision is a new row from a later month. One
 * transaction: the month must be open and the (owner, month) row new. */
struct from_month {
	const char *exists_sql; /* ?1 owner id, ?2 period: a row if recorded */
	const char *insert_sql; /* ?1 owner, ?2 period, ?3 value, ?4 note, ?5 at, ?6 operator */
	const char *what;       /* "the pagu", "the reference price" */
	const char *refusal;    /* "cannot set a pagu" */
	const char *revision;   /* how a change is made instead */
};

static int record_from_month(lb_db *db, const struct from_month *f, int64_t owner, const char *name,
			     int from_period, int64_t value, const char *note, const char *operator,
			     lb_err *e)
{
	char ps[8], now[21];
	lb_stmt *st;
	int rc;

	lb_period_format(from_period, ps);
	if ((rc = month_open(db, from_period, f->refusal, e)))
		return rc;
	if (!(st = lb_db_prepare(db, f->exists_sql, e)))
		return LB_ESYS;
	lb_bind_int(st, 1, owner);
	lb_bind_text(st, 2, ps);
	rc = lb_step(st, e);
	lb_stmt_reset(st);
	if (rc == LB_ROW)
		return lb_fail(e, LB_ERULE, "%s of '%s' from %s is recorded already: %s", f->what, name, ps,
			       f->revision);
	if (rc != LB_DONE)
		return rc;
	if (!(st = lb_db_prepare(db, f->insert_sql, e)))
		return LB_ESYS;
	lb_now_utc(now);
	lb_bind_int(st, 1, owner);
	lb_bind_text(st, 2, ps);
	lb_bind_int(st, 3, value);
	lb_bind_text(st, 4, note && *note ? note : NULL);
	lb_bind_text(st, 5, now);
	lb_bind_text(st, 6, operator);
	return lb_step_done(st, e);
}

int lb_pagu_set(lb_db *db, const char *program, int from_period, int64_t pagu, const char *ref,
		const char *operator, lb_err *e)
{
	static const struct from_month f = {
		"SELECT 1 FROM program_budget WHERE program_id = ?1 AND from_period = ?2",
		"INSERT INTO program_budget(program_id, from_period, pagu, ref, recorded_at, operator)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"the pagu", "cannot set a pagu", "a revision takes effect from a later month",
	};
	int64_t pid = 0;
	int rc;

	if (pagu < 0 || pagu > LB_AMOUNT_MAX)
		return lb_fail(e, LB_EINPUT, "cannot set the pagu of '%s': the amount must be 0 to %lld rupiah",
			       program, (long long)LB_AMOUNT_MAX);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = program_id(db, program, &pid, e)) ||
	    (rc = record_from_month(db, &f, pid, program, from_period, pagu, ref, operator, e))) {
		lb_db_rollback(db);
		return rc;
	}
	return lb_db_commit(db, e);
}

int lb_pagu_get(lb_db *db, int64_t program_id_, int period, int64_t *pagu, int *derived,
		char *ref, size_t refsz, lb_err *e)
{
	char ps[8], y0[8];
	lb_stmt *st;
	int rc, first, last, from, to;

	lb_period_format(period, ps);
	lb_period_format(period / 12 * 12, y0);
	if (refsz)
		ref[0] = 0;
	if (!(st = lb_db_prepare(db,
		"SELECT pagu, coalesce(ref, '') FROM program_budget"
		" WHERE program_id = ?1 AND from_period BETWEEN ?2 AND ?3"
		" ORDER BY from_period DESC LIMIT 1", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, program_id_);
	lb_bind_text(st, 2, y0);
	lb_bind_text(st, 3, ps);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*pagu = lb_col_int(st, 0);
		snprintf(ref, refsz, "%s", lb_col_text(st, 1));
		*derived = 0;
		lb_stmt_reset(st);
		return LB_OK;
	}
	if (rc != LB_DONE)
		return rc;

	/* none recorded: what the program could spend that year */
	if (!(st = lb_db_prepare(db,
		"SELECT p.monthly_value, coalesce(q.quota, p.quota), p.first_period, p.last_period"
		" FROM program p LEFT JOIN program_quota q ON q.program_id = p.id AND q.year = ?2"
		" WHERE p.id = ?1", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, program_id_);
	lb_bind_int(st, 2, period / 12);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "program %lld vanished", (long long)program_id_) : rc;
	if (lb_period_parse(lb_col_text(st, 2), "first period", &first, e) ||
	    lb_period_parse(lb_col_text(st, 3), "last period", &last, e)) {
		lb_stmt_reset(st);
		return lb_fail(e, LB_ESYS, "program %lld has a damaged period", (long long)program_id_);
	}
	from = first > period / 12 * 12 ? first : period / 12 * 12;
	to = last < period / 12 * 12 + 11 ? last : period / 12 * 12 + 11;
	*pagu = 0;
	rc = LB_OK;
	/* quota and monthly value are each legal; their product need not be */
	if (to >= from && !(rc = lb_sum_mul(lb_col_int(st, 0), lb_col_int(st, 1), pagu, "the derived budget", e)))
		rc = lb_sum_mul(*pagu, to - from + 1, pagu, "the derived budget", e);
	*derived = 1;
	lb_stmt_reset(st);
	return rc;
}

int lb_refprice_set(lb_db *db, const char *item, int from_period, int64_t price,
		    const char *source, const char *operator, lb_err *e)
{
	static const struct from_month f = {
		"SELECT 1 FROM reference_price WHERE item_id = ?1 AND from_period = ?2",
		"INSERT INTO reference_price(item_id, from_period, price, source, recorded_at, operator)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"the reference price", "cannot set a reference price",
		"a new price takes effect from a later month",
	};
	int64_t iid = 0;
	lb_stmt *st;
	int rc;

	if (price < 0 || price > LB_AMOUNT_MAX)
		return lb_fail(e, LB_EINPUT, "cannot set the reference price of '%s': the price must be 0 to %lld rupiah",
			       item, (long long)LB_AMOUNT_MAX);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if (!(st = lb_db_prepare(db, "SELECT id FROM item WHERE code = ?1", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, item);
	rc = lb_step(st, e);
	if (rc == LB_DONE) {
		rc = lb_fail(e, LB_EINPUT, "unknown item '%s' (see 'lumbung item list')", item);
		goto fail;
	}
	if (rc != LB_ROW)
		goto fail;
	iid = lb_col_int(st, 0);
	lb_stmt_reset(st);
	if ((rc = record_from_month(db, &f, iid, item, from_period, price, source, operator, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

int lb_replacement_doc_set(lb_db *db, const char *nik, const char *doc_no, const char *day,
			   const char *operator, lb_err *e)
{
	char now[21];
	lb_day d;
	int64_t rid, replaces;
	lb_stmt *st;
	int rc;

	if (!doc_no || !*doc_no)
		return lb_fail(e, LB_EINPUT, "a replacement statement needs its number (--doc)");
	if ((rc = lb_date_parse(day, "--date", &d, e)))
		return rc;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if (!(st = lb_db_prepare(db, "SELECT id, coalesce(replaces_id, 0) FROM recipient WHERE nik = ?1", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, nik);
	rc = lb_step(st, e);
	if (rc == LB_DONE) {
		rc = lb_fail(e, LB_EINPUT, "no recipient has that NIK");
		goto fail;
	}
	if (rc != LB_ROW)
		goto fail;
	rid = lb_col_int(st, 0);
	replaces = lb_col_int(st, 1);
	lb_stmt_reset(st);
	if (!replaces) {
		rc = lb_fail(e, LB_EINPUT,
			     "recipient %lld replaced nobody: record the replacement first (lumbung recipient replace)",
			     (long long)rid);
		goto fail;
	}
	if ((rc = lb_period_check_open(db, d, "cannot record a replacement statement", e)))
		goto fail;
	if (!(st = lb_db_prepare(db, "SELECT doc_no FROM replacement_doc WHERE recipient_id = ?1", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, rid);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		rc = lb_fail(e, LB_ERULE, "recipient %lld's replacement statement is recorded already as '%s'",
			     (long long)rid, lb_col_text(st, 0));
		lb_stmt_reset(st);
		goto fail;
	}
	if (rc != LB_DONE)
		goto fail;
	if (!(st = lb_db_prepare(db,
		"INSERT INTO replacement_doc(recipient_id, doc_no, doc_day, recorded_at, operator)"
		" VALUES (?1, ?2, ?3, ?4, ?5)", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_now_utc(now);
	lb_bind_int(st, 1, rid);
	lb_bind_text(st, 2, doc_no);
	lb_bind_text(st, 3, day);
	lb_bind_text(st, 4, now);
	lb_bind_text(st, 5, operator);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

int lb_finance_each(lb_db *db, int (*fn)(void *arg, const struct lb_finance_row *r, lb_err *e),
		    void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT 'pagu', p.code, b.from_period, b.pagu, coalesce(b.ref, ''), b.recorded_at, b.operator"
		" FROM program_budget b JOIN program p ON p.id = b.program_id"
		" UNION ALL"
		" SELECT 'reference_price', i.code, r.from_period, r.price, coalesce(r.source, ''), r.recorded_at, r.operator"
		" FROM reference_price r JOIN item i ON i.id = r.item_id"
		" ORDER BY 1, 2, 3", e);
	struct lb_finance_row r;
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		r.what = lb_col_text(st, 0);
		r.subject = lb_col_text(st, 1);
		r.from_period = lb_col_text(st, 2);
		r.amount = lb_col_int(st, 3);
		r.ref = lb_col_text(st, 4);
		r.recorded_at = lb_col_text(st, 5);
		r.operator = lb_col_text(st, 6);
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* ---- the report ---- */

/* Value issued for the program's rounds of the year before this one:
 * issues less reversals, dated up to this round's last day. */
static const char before_sql[] =
	"SELECT coalesce(sum(m.qty * l.unit_cost), 0)"
	"  - coalesce((SELECT sum(rv.qty * l2.unit_cost) FROM movement rv"
	"     CROSS JOIN movement m2 ON m2.id = rv.reverses AND m2.kind = 'issue'"
	"     CROSS JOIN redemption x2 ON x2.id = m2.redemption_id"
	"     CROSS JOIN allocation a2 ON a2.id = x2.allocation_id"
	"     JOIN lot l2 ON l2.id = rv.lot_id"
	"     WHERE rv.reverses > 0 AND rv.day <= ?3 AND m2.day <= ?3"
	"      AND a2.program_id = ?1 AND a2.period >= ?4 AND a2.period < ?2), 0),"
	" count(DISTINCT CASE WHEN NOT EXISTS (SELECT 1 FROM redemption_undo u"
	"   WHERE u.redemption_id = x.id AND u.day <= ?3) THEN x.allocation_id END)"
	" FROM allocation a"
	" JOIN redemption x ON x.allocation_id = a.id AND x.day <= ?3"
	" JOIN movement m ON m.redemption_id = x.id AND m.kind = 'issue' AND m.day <= ?3"
	" JOIN lot l ON l.id = m.lot_id"
	" WHERE a.program_id = ?1 AND a.period >= ?4 AND a.period < ?2";

/* Quotas of the year's earlier rounds: the physical target to date. */
static const char rounds_sql[] =
	"SELECT count(DISTINCT period) FROM allocation WHERE program_id = ?1 AND period >= ?4 AND period < ?2";

/* Packages not collected, by the point that holds them: the allocations
 * lb_recon_run found not redeemed (temp.recon_exc), cancelled ones aside. */
static const char held_sql[] =
	"SELECT p.id, p.code, p.name, count(*) FROM temp.recon_exc c"
	" CROSS JOIN allocation a ON a.id = c.id"
	" JOIN location p ON p.id = a.point_id"
	" JOIN recipient r ON r.id = a.recipient_id"
	" WHERE a.program_id = ?1 AND a.period = ?2 AND a.status = 'allocated'"
	"  AND (?5 IS NULL OR r.village = ?5)"
	" GROUP BY p.id ORDER BY p.code";

/* A point's stock of the round's package items at the round's end. */
static const char point_stock_sql[] =
	"SELECT i.name, i.unit, coalesce(("
	"  SELECT sum(CASE WHEN m.to_id = ?6 THEN m.qty ELSE -m.qty END) FROM movement m"
	"  WHERE m.item_id = i.id AND (m.to_id = ?6 OR m.from_id = ?6) AND m.day <= ?3), 0)"
	" FROM program_package pp JOIN item i ON i.id = pp.item_id"
	" WHERE pp.program_id = ?1 AND " LB_PACKAGE_IN_FORCE
	" ORDER BY i.code";

/* Recipients of the round who replaced another and receive from this
 * program for the first time. */
static const char replaced_sql[] =
	"SELECT n.name, n.nik, n.village, o.name, o.nik, o.status,"
	" coalesce((SELECT s.day || ': ' || s.reason FROM recipient_status s WHERE s.recipient_id = o.id"
	"   AND s.day <= ?3 ORDER BY s.id DESC LIMIT 1), ''),"
	" d.doc_no, d.doc_day"
	" FROM allocation a JOIN recipient n ON n.id = a.recipient_id"
	" JOIN recipient o ON o.id = n.replaces_id"
	" LEFT JOIN replacement_doc d ON d.recipient_id = n.id AND d.doc_day <= ?3"
	" WHERE a.program_id = ?1 AND a.period = ?2 AND n.replaces_id IS NOT NULL"
	"  AND (?5 IS NULL OR n.village = ?5)"
	"  AND NOT EXISTS (SELECT 1 FROM allocation e WHERE e.program_id = ?1 AND e.recipient_id = n.id"
	"   AND e.period < ?2)"
	" ORDER BY n.village, n.name COLLATE NOCASE";

/* Lots issued in the round above the package's contracted price or the
 * item's reference price, with the quantity and the excess. */
static const char price_sql[] =
	"SELECT i.code, i.unit, t.code, t.unit_cost, pp.unit_price, rp.price, sum(m.qty), i.name"
	" FROM allocation a"
	" JOIN recipient r ON r.id = a.recipient_id"
	" JOIN redemption x ON x.allocation_id = a.id AND x.day <= ?3"
	" JOIN movement m ON m.redemption_id = x.id AND m.kind = 'issue' AND m.day <= ?3"
	" JOIN lot t ON t.id = m.lot_id JOIN item i ON i.id = m.item_id"
	" LEFT JOIN program_package pp ON pp.program_id = ?1 AND pp.item_id = m.item_id"
	"  AND " LB_PACKAGE_IN_FORCE
	" LEFT JOIN reference_price rp ON rp.item_id = m.item_id"
	"  AND rp.from_period = (SELECT max(from_period) FROM reference_price"
	"   WHERE item_id = m.item_id AND from_period <= ?2)"
	" WHERE a.program_id = ?1 AND a.period = ?2 AND (?5 IS NULL OR r.village = ?5)"
	"  AND NOT EXISTS (SELECT 1 FROM movement rv WHERE rv.reverses = m.id AND rv.day <= ?3)"
	" GROUP BY t.id"
	" HAVING t.unit_cost > coalesce(pp.unit_price, t.unit_cost) OR t.unit_cost > coalesce(rp.price, t.unit_cost)"
	" ORDER BY i.code, t.code";

static void bind_all(lb_stmt *st, const struct lb_round *r, const char *year_start, const char *village)
{
	lb_bind_int(st, 1, r->program_id);
	lb_bind_text(st, 2, r->ps);
	lb_bind_text(st, 3, r->last_day);
	lb_bind_text(st, 4, year_start);
	lb_bind_text(st, 5, village);
}

static const struct lb_rcol district_cols[] = {
	{ "Kode", "code", LB_R_CODE, 62 },
	{ "Kecamatan / desa", "name", LB_R_TEXT, 0 },
	{ "Alokasi (paket)", "allocations", LB_R_INT, 58 },
	{ "Diserahkan", "redeemed", LB_R_INT, 58 },
	{ "Oleh wakil", "redeemed_by_proxy", LB_R_INT, 52 },
	{ "Tidak diambil", "not_collected", LB_R_INT, 52 },
	{ "Realisasi fisik", "physical_rate", LB_R_PERCENT, 58 },
	{ "Anggaran", "budget_rupiah", LB_R_RUPIAH, 90 },
	{ "Realisasi", "issued_value_rupiah", LB_R_RUPIAH, 90 },
	{ "Realisasi keuangan", "spent_rate", LB_R_PERCENT, 62 },
};
#define NDISTRICT ((int)(sizeof district_cols / sizeof district_cols[0]))

static const struct lb_rcol held_cols[] = {
	{ "Titik salur", "point", LB_R_CODE, 96 },
	{ "Nama titik salur", "point_name", LB_R_TEXT, 150 },
	{ "Paket tidak diambil", "packages", LB_R_INT, 70 },
	{ "Stok di titik salur pada akhir periode", "stock", LB_R_TEXT, 0 },
};
#define NHELD ((int)(sizeof held_cols / sizeof held_cols[0]))

static const struct lb_rcol nc_cols[] = {
	{ "Nama penerima", "name", LB_R_TEXT, 0 },
	{ "NIK", "nik", LB_R_CODE, 84 },
	{ "Desa", "village", LB_R_TEXT, 100 },
	{ "Titik salur", "point", LB_R_CODE, 96 },
	{ "No. kupon", "serial", LB_R_CODE, 70 },
	{ "Keterangan", "status", LB_R_TEXT, 90 },
};
#define NNC ((int)(sizeof nc_cols / sizeof nc_cols[0]))

/* Packages handed over other than by a QR scan at the recipient's own
 * point (a typed serial, a photo, another point, a proxy, a field kit):
 * each counted above, and listed here with how (voucher/method.h). */
static const struct lb_rcol how_cols[] = {
	{ "Nama penerima", "name", LB_R_TEXT, 0 },
	{ "NIK", "nik", LB_R_CODE, 84 },
	{ "Desa", "village", LB_R_TEXT, 100 },
	{ "Titik salur", "point", LB_R_CODE, 80 },
	{ "No. kupon", "serial", LB_R_CODE, 70 },
	{ "Tanggal", "day", LB_R_DATE, 60 },
	{ "Cara", "method", LB_R_TEXT, 110 },
};
#define NHOW ((int)(sizeof how_cols / sizeof how_cols[0]))

static const struct lb_rcol rep_cols[] = {
	{ "Penerima pengganti", "name", LB_R_TEXT, 0 },
	{ "NIK", "nik", LB_R_CODE, 84 },
	{ "Desa", "village", LB_R_CODE, 74 },
	{ "Menggantikan", "replaces", LB_R_TEXT, 110 },
	{ "NIK diganti", "replaces_nik", LB_R_CODE, 84 },
	{ "Status / alasan", "reason", LB_R_TEXT, 150 },
	{ "No. surat pernyataan", "doc_no", LB_R_TEXT, 100 },
	{ "Tanggal surat", "doc_day", LB_R_DATE, 70 },
};
#define NREP ((int)(sizeof rep_cols / sizeof rep_cols[0]))

static const struct lb_rcol price_cols[] = {
	{ "Barang", "item", LB_R_TEXT, 110 },
	{ "Lot", "lot", LB_R_CODE, 0 },
	{ "Harga lot per satuan", "unit_cost_rupiah", LB_R_RUPIAH, 80 },
	{ "Harga kontrak", "contract_price_rupiah", LB_R_RUPIAH, 80 },
	{ "Harga acuan", "reference_price_rupiah", LB_R_RUPIAH, 80 },
	{ "Jumlah disalurkan", "qty", LB_R_INT, 70 },
	{ "Satuan", "unit", LB_R_TEXT, 50 },
	{ "Kelebihan biaya", "excess_rupiah", LB_R_RUPIAH, 90 },
};
#define NPRICE ((int)(sizeof price_cols / sizeof price_cols[0]))

struct ctx {
	lb_db *db;
	lb_rdoc *d;
	const struct lb_round *round;
	const char *year_start;
	const char *village;
	const struct lb_recon *run;
};

static int area_row(lb_rdoc *d, const struct lb_recon_area *a, lb_err *e)
{
	const struct lb_recon_sums *s = &a->s;
	struct lb_rval v[NDISTRICT] = {
		LB_RV_S(a->code),
		LB_RV_S(a->name),
		LB_RV_N(s->allocations),
		LB_RV_N(lb_recon_redeemed(s)),
		LB_RV_N(s->by_class[LB_RC_PROXY]),
		LB_RV_N(s->by_class[LB_RC_NOT_COLLECTED] + s->by_class[LB_RC_REVOKED]),
		LB_RV_N(lb_rdoc_rate_bp(lb_recon_redeemed(s), s->allocations)),
		LB_RV_N(s->budget),
		LB_RV_N(s->issued_value),
		LB_RV_N(lb_rdoc_rate_bp(s->issued_value, s->budget)),
	};

	return lb_rdoc_row(d, v, e);
}

/* The report opens with a picture: per kecamatan, bars of the packages
 * allocated, handed over and not collected, drawn as vectors (PDF only;
 * the tables below carry the same figures for every format). */
static int chart(struct ctx *c, const struct lb_recon *r, lb_err *e)
{
	static const char *const legend[3] = { "Dialokasikan", "Diserahkan", "Tidak diambil" };
	static const double gray[3] = { 0.75, 0.35, 0.05 };
	double H = 182, y, x0, w, plot_h = 110, base, gw, bw, max = 1;
	size_t n = r->ndistricts;
	lb_pdf *p;
	int rc;

	if (!n)
		return LB_OK;
	if ((rc = lb_rdoc_space(c->d, H, &p, &y, e)) || !p)
		return rc;
	x0 = lb_rdoc_margin(c->d);
	w = lb_rdoc_width(c->d);
	for (size_t i = 0; i < n; i++)
		if (r->districts[i].s.allocations > max)
			max = (double)r->districts[i].s.allocations;
	if ((rc = lb_pdf_text_box(p, x0, y + 2, w, 14, LB_PDF_BOLD, 9.5, LB_PDF_LEFT, LB_PDF_TRUNCATE,
				  "Grafik penyaluran paket per kecamatan", NULL, e)))
		return rc;
	/* the legend, right of the title */
	for (int k = 0; k < 3; k++) {
		double lx = x0 + w - 3 * 95 + k * 95;

		if ((rc = lb_pdf_rect(p, lx, y + 4, 8, 8, LB_PDF_FILL, gray[k], e)) ||
		    (rc = lb_pdf_text(p, lx + 11, y + 11, LB_PDF_REGULAR, 7.5, legend[k], e)))
			return rc;
	}
	base = y + 32 + plot_h;
	if ((rc = lb_pdf_line(p, x0, base, x0 + w, base, 0.6, LB_PDF_SOLID, e)))
		return rc;
	gw = w / (double)n;
	bw = gw * 0.8 / 3;
	if (bw > 24)
		bw = 24;
	for (size_t i = 0; i < n; i++) {
		const struct lb_recon_sums *s = &r->districts[i].s;
		int64_t v[3] = { s->allocations, lb_recon_redeemed(s),
				 s->by_class[LB_RC_NOT_COLLECTED] + s->by_class[LB_RC_REVOKED] };
		double gx = x0 + gw * (double)i + (gw - 3 * bw) / 2;

		for (int k = 0; k < 3; k++) {
			double h = plot_h * (double)v[k] / max;
			char num[32];

			if (h > 0 && (rc = lb_pdf_rect(p, gx + k * bw, base - h, bw - 1, h, LB_PDF_FILL, gray[k], e)))
				return rc;
			lb_int_format_id(v[k], num, sizeof num);
			if ((rc = lb_pdf_text_box(p, gx + k * bw - 6, base - h - 9, bw + 11, 9, LB_PDF_REGULAR, 6,
						  LB_PDF_CENTER, LB_PDF_TRUNCATE, num, NULL, e)))
				return rc;
		}
		{
			/* a name on one line, smaller when it is long: never split */
			double size = 6.5, tw;

			if ((rc = lb_pdf_text_width(p, LB_PDF_REGULAR, size, r->districts[i].name, &tw, e)))
				return rc;
			if (tw > gw - 2)
				size = size * (gw - 2) / tw;
			if ((rc = lb_pdf_text_box(p, x0 + gw * (double)i, base + 3, gw, 10, LB_PDF_REGULAR, size,
						  LB_PDF_CENTER, LB_PDF_TRUNCATE, r->districts[i].name, NULL, e)))
				return rc;
		}
	}
	return LB_OK;
}

static int money(struct ctx *c, const struct lb_recon *r, lb_err *e)
{
	int64_t pagu, before = 0, before_packages = 0, rounds_before = 0, now = r->total.issued_value;
	int64_t to_date, remaining;
	int64_t redeemed = lb_recon_redeemed(&r->total);
	int derived, rc;
	char ref[128], label[256];
	lb_stmt *st;

	if ((rc = lb_pagu_get(c->db, c->round->program_id, c->round->period, &pagu, &derived, ref,
			      sizeof ref, e)))
		return rc;
	if (!(st = lb_db_prepare(c->db, before_sql, e)))
		return LB_ESYS;
	bind_all(st, c->round, c->year_start, NULL);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot sum earlier rounds") : rc;
	before = lb_col_int(st, 0);
	before_packages = lb_col_int(st, 1);
	lb_stmt_reset(st);
	if (!(st = lb_db_prepare(c->db, rounds_sql, e)))
		return LB_ESYS;
	bind_all(st, c->round, c->year_start, NULL);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot count earlier rounds") : rc;
	rounds_before = lb_col_int(st, 0);
	lb_stmt_reset(st);
	to_date = before;
	if ((rc = lb_sum_add(&to_date, now, "the spending to date", e)))
		return rc;
	if (to_date == INT64_MIN || (remaining = pagu, lb_sum_add(&remaining, -to_date, "the budget left", e)))
		return lb_fail(e, LB_ERULE, "cannot add up the budget left: the sum is too large to count");

	if (derived)
		snprintf(label, sizeof label, "Pagu anggaran %d (dihitung: kuota x nilai bulanan x bulan berjalan)",
			 c->round->period / 12);
	else
		snprintf(label, sizeof label, "Pagu anggaran %d%s%s", c->round->period / 12,
			 ref[0] ? " - " : "", ref);
#define KV(key, lab, type, val) \
	if ((rc = lb_rdoc_kv_add(c->d, key, lab, type, LB_RV_N(val), e))) \
		return rc
	if ((rc = lb_rdoc_kv(c->d, "budget", "Realisasi anggaran", e)))
		return rc;
	KV("pagu_rupiah", label, LB_R_RUPIAH, pagu);
	if ((rc = lb_rdoc_kv_add(c->d, "pagu_source", "Sumber pagu", LB_R_TEXT,
				 LB_RV_S(derived ? "dihitung" : "ditetapkan"), e)))
		return rc;
	KV("spent_before_rupiah", "Realisasi s.d. periode lalu", LB_R_RUPIAH, before);
	KV("spent_this_period_rupiah", "Realisasi periode ini", LB_R_RUPIAH, now);
	KV("spent_to_date_rupiah", "Realisasi s.d. periode ini", LB_R_RUPIAH, to_date);
	KV("remaining_rupiah", "Sisa pagu", LB_R_RUPIAH, remaining);
	KV("spent_rate", "Persentase realisasi terhadap pagu", LB_R_PERCENT,
	   lb_rdoc_rate_bp(to_date, pagu));
	KV("round_budget_rupiah", "Anggaran periode ini (alokasi x nilai x bulan)", LB_R_RUPIAH, r->total.budget);

	if ((rc = lb_rdoc_kv(c->d, "physical", "Realisasi fisik (paket)", e)))
		return rc;
	KV("target_packages", "Target fisik periode ini (kuota)", LB_R_INT, c->round->quota);
	KV("allocated_packages", "Paket dialokasikan", LB_R_INT, r->total.allocations);
	KV("redeemed_packages", "Paket diserahkan", LB_R_INT, redeemed);
	KV("redeemed_by_proxy", "  di antaranya melalui wakil", LB_R_INT, r->total.by_class[LB_RC_PROXY]);
	KV("not_collected_packages", "Paket tidak diambil",
	   LB_R_INT, r->total.by_class[LB_RC_NOT_COLLECTED] + r->total.by_class[LB_RC_REVOKED]);
	KV("physical_rate", "Realisasi fisik terhadap target", LB_R_PERCENT,
	   lb_rdoc_rate_bp(redeemed, c->round->quota));
	KV("redemption_rate", "Realisasi fisik terhadap alokasi", LB_R_PERCENT,
	   lb_rdoc_rate_bp(redeemed, r->total.allocations));
	KV("target_to_date_packages", "Target fisik s.d. periode ini", LB_R_INT,
	   c->round->quota * (rounds_before + 1));
	KV("redeemed_to_date_packages", "Paket diserahkan s.d. periode ini", LB_R_INT,
	   before_packages + redeemed);
#undef KV
	return LB_OK;
}

static int nc_row(void *arg, const struct lb_recon_alloc *a, lb_err *e)
{
	struct lb_rval v[NNC] = {
		LB_RV_S(a->name),
		LB_RV_S(a->nik_masked),
		LB_RV_S(a->village_name),
		LB_RV_S(a->point),
		a->serial[0] ? LB_RV_S(a->serial) : LB_RV_NULL,
		LB_RV_S(lb_recon_class_label(a->cls)),
	};

	if (a->cls == LB_RC_CANCELLED)
		return LB_OK;
	return lb_rdoc_row(arg, v, e);
}

/* The point's stock of the package's items at the round's end, as
 * "Beras medium 20 kg, Minyak goreng 4 liter". */
static int point_stock(struct ctx *c, int64_t point, lb_buf *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(c->db, point_stock_sql, e);
	int rc;

	lb_buf_reset(out);
	if (!st)
		return LB_ESYS;
	bind_all(st, c->round, c->year_start, NULL);
	lb_bind_int(st, 6, point);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		char q[32];

		lb_int_format_id(lb_col_int(st, 2), q, sizeof q);
		if ((rc = lb_buf_addf(out, e, "%s%s %s %s", out->len ? ", " : "", lb_col_text(st, 0), q,
				      lb_col_text(st, 1)))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int held(struct ctx *c, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(c->db, held_sql, e);
	lb_buf stock;
	int rc;

	if (!st)
		return LB_ESYS;
	if ((rc = lb_rdoc_table(c->d, "not_collected_by_point", "Pengecualian: paket tidak diambil, per titik salur",
				held_cols, NHELD, e)))
		return rc;
	lb_buf_init(&stock);
	bind_all(st, c->round, c->year_start, c->village);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_rval v[NHELD];

		if ((rc = point_stock(c, lb_col_int(st, 0), &stock, e)))
			break;
		v[0] = LB_RV_S(lb_col_text(st, 1));
		v[1] = LB_RV_S(lb_col_text(st, 2));
		v[2] = LB_RV_N(lb_col_int(st, 3));
		v[3] = LB_RV_S(stock.data);
		if ((rc = lb_rdoc_row(c->d, v, e)))
			break;
	}
	if (rc != LB_DONE)
		lb_stmt_reset(st);
	lb_buf_release(&stock);
	if (rc != LB_DONE)
		return rc;
	/* the same account as the BAST gives, so the two never disagree */
	if ((rc = lb_rdoc_para(c->d,
			       "Paket yang tidak diambil tidak dikeluarkan dari persediaan: barangnya tetap tercatat di lokasi penyimpanannya (stok titik salur di atas, atau gudang bila belum dipindahkan ke titik salur), sebagaimana dinyatakan dalam BAST.",
			       0, e)))
		return rc;
	if ((rc = lb_rdoc_table(c->d, "not_collected", "Pengecualian: penerima yang tidak mengambil paket",
				nc_cols, NNC, e)))
		return rc;
	return lb_recon_each_alloc(c->db, c->round, c->run, LB_RL_EXCEPTIONS, c->village, nc_row, c->d, e);
}

static int how_row(void *arg, const struct lb_recon_alloc *a, lb_err *e)
{
	struct lb_rval v[NHOW] = {
		LB_RV_S(a->name),
		LB_RV_S(a->nik_masked),
		LB_RV_S(a->village_name),
		LB_RV_S(a->point),
		a->serial[0] ? LB_RV_S(a->serial) : LB_RV_NULL,
		LB_RV_S(a->day),
		LB_RV_S(a->method),
	};

	if (!a->method_code[0] || strcmp(a->method_code, "qr") == 0)
		return LB_OK;
	return lb_rdoc_row(arg, v, e);
}

static int not_scanned(struct ctx *c, lb_err *e)
{
	int rc;

	if ((rc = lb_rdoc_table(c->d, "not_scanned", "Pengecualian: paket diserahkan tidak dengan pindai QR di titik sendiri",
				how_cols, NHOW, e)))
		return rc;
	return lb_recon_each_alloc(c->db, c->round, c->run, LB_RL_ALL_SORTED, c->village, how_row, c->d, e);
}

/* Handovers entered here more than a day after their scan (a scanner
 * file loaded late): both times, in the office's zone. */
static const struct lb_rcol late_cols[] = {
	{ "Nama penerima", "name", LB_R_TEXT, 0 },
	{ "Titik salur", "point", LB_R_CODE, 70 },
	{ "No. kupon", "serial", LB_R_CODE, 72 },
	{ "Tanggal terima", "day", LB_R_DATE, 70 },
	{ "Waktu pindai", "scanned_at", LB_R_CODE, 104 },
	{ "Dicatat", "entered_at", LB_R_CODE, 104 },
	{ "Jam terlambat", "hours_late", LB_R_INT, 66 },
	{ "Keterangan", "note", LB_R_TEXT, 90 },
};
#define NLATE ((int)(sizeof late_cols / sizeof late_cols[0]))

static int late_row(void *arg, const struct lb_recon_late *l, lb_err *e)
{
	struct lb_rval v[NLATE] = {
		LB_RV_S(l->name),
		LB_RV_S(l->point),
		LB_RV_S(l->serial),
		LB_RV_S(l->day),
		LB_RV_SH(l->scanned_utc, l->scanned),
		LB_RV_SH(l->entered_utc, l->entered),
		LB_RV_N(l->hours_late),
		l->undone ? LB_RV_S("dibatalkan") : LB_RV_NULL,
	};

	return lb_rdoc_row(arg, v, e);
}

static int late(struct ctx *c, lb_err *e)
{
	int rc;

	if ((rc = lb_rdoc_table(c->d, "late_entries",
				"Pengecualian: penyerahan yang dicatat lebih dari 1 hari setelah dipindai", late_cols, NLATE,
				e)))
		return rc;
	return lb_recon_each_late(c->db, c->round, c->village, late_row, c->d, e);
}

static int replaced(struct ctx *c, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(c->db, replaced_sql, e);
	int rc;

	if (!st)
		return LB_ESYS;
	if ((rc = lb_rdoc_table(c->d, "replaced", "Pengecualian: penerima pengganti", rep_cols, NREP, e)))
		return rc;
	bind_all(st, c->round, c->year_start, c->village);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		char nik_n[17], nik_o[17], reason[300];
		struct lb_rval v[NREP];

		lb_nik_mask(lb_col_text(st, 1), nik_n);
		lb_nik_mask(lb_col_text(st, 4), nik_o);
		snprintf(reason, sizeof reason, "%s (%s)", lb_col_text(st, 5), lb_col_text(st, 6));
		v[0] = LB_RV_S(lb_col_text(st, 0));
		v[1] = LB_RV_S(nik_n);
		v[2] = LB_RV_S(lb_col_text(st, 2));
		v[3] = LB_RV_S(lb_col_text(st, 3));
		v[4] = LB_RV_S(nik_o);
		v[5] = LB_RV_S(reason);
		v[6] = lb_col_null(st, 7) ? LB_RV_S("belum dicatat") : LB_RV_S(lb_col_text(st, 7));
		v[7] = lb_col_null(st, 8) ? LB_RV_NULL : LB_RV_S(lb_col_text(st, 8));
		if ((rc = lb_rdoc_row(c->d, v, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int prices(struct ctx *c, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(c->db, price_sql, e);
	int rc;

	if (!st)
		return LB_ESYS;
	if ((rc = lb_rdoc_table(c->d, "above_price", "Pengecualian: harga satuan di atas harga kontrak atau acuan",
				price_cols, NPRICE, e)))
		return rc;
	bind_all(st, c->round, c->year_start, c->village);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t cost = lb_col_int(st, 3), qty = lb_col_int(st, 6), limit = cost;
		struct lb_rval v[NPRICE];
		char item[200];

		/* the excess over the lower of the prices it exceeds */
		if (!lb_col_null(st, 4) && lb_col_int(st, 4) < limit)
			limit = lb_col_int(st, 4);
		if (!lb_col_null(st, 5) && lb_col_int(st, 5) < limit)
			limit = lb_col_int(st, 5);
		/* people read the item's name with its code */
		snprintf(item, sizeof item, "%s (%s)", lb_col_text(st, 7), lb_col_text(st, 0));
		v[0] = LB_RV_SH(lb_col_text(st, 0), item);
		v[1] = LB_RV_S(lb_col_text(st, 2));
		v[2] = LB_RV_N(cost);
		v[3] = lb_col_null(st, 4) ? LB_RV_NULL : LB_RV_N(lb_col_int(st, 4));
		v[4] = lb_col_null(st, 5) ? LB_RV_NULL : LB_RV_N(lb_col_int(st, 5));
		v[5] = LB_RV_N(qty);
		v[6] = LB_RV_S(lb_col_text(st, 1));
		v[7] = LB_RV_N((cost - limit) * qty);
		if ((rc = lb_rdoc_row(c->d, v, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_realisation_report(lb_db *db, const char *program, int period, const char *village,
			  const struct lb_rdoc_opts *ro, lb_err *e)
{
	struct lb_rdoc_opts o = *ro;
	struct lb_round round;
	struct lb_recon r = { 0 };
	struct ctx c = { 0 };
	char line[512], ys[8];
	struct lb_office office;
	lb_buf org;
	int found, rc;

	lb_buf_init(&org);
	memset(&office, 0, sizeof office);
	lb_buf_init(&office.logo);
	if ((rc = lb_report_snapshot(db, e)))
		return rc;
	if ((rc = lb_round_find(db, program, period, &round, e)) ||
	    (rc = lb_meta_get(db, "org_name", &org, &found, e)) ||
	    (rc = lb_recon_run(db, &round, &r, NULL, NULL, e)))
		goto out;
	if (village) {
		size_t k = 0;

		/* only that village: it must be one of the round's */
		for (size_t i = 0; i < r.nvillages; i++)
			if (strcmp(r.villages[i].code, village) == 0)
				r.villages[k++] = r.villages[i];
		if (!k) {
			rc = lb_fail(e, LB_EINPUT, "village '%s' has no allocations in %s %s", village,
				     round.code, round.ps);
			goto out;
		}
		r.nvillages = k;
	}
	lb_period_format(period / 12 * 12, ys);
	o.title = "LAPORAN REALISASI PENYALURAN BANTUAN";
	o.org = org.data;
	o.landscape = 1;
	if ((rc = lb_office_load(db, &office, e)) || (rc = lb_rdoc_open(&c.d, &o, e)))
		goto out;
	lb_rdoc_office(c.d, &office);
	c.db = db;
	c.round = &round;
	c.year_start = ys;
	c.village = village;
	c.run = &r;
	snprintf(line, sizeof line, "Program: %s (%s)    Sumber dana: %s    Periode: %s (%s)", round.name, round.code,
		 round.funding, round.period_id, round.closed ? "ditutup" : "belum ditutup");
	if ((rc = lb_rdoc_meta(c.d, "program", LB_R_TEXT, LB_RV_S(round.code), e)) ||
	    (rc = lb_rdoc_meta(c.d, "period", LB_R_TEXT, LB_RV_S(round.ps), e)) ||
	    (rc = lb_rdoc_subtitle(c.d, line, e)))
		goto out;
	if (village) {
		snprintf(line, sizeof line, "Desa/Kelurahan: %s %s (rincian dan pengecualian desa ini; anggaran seluruh program)",
			 village, r.villages[0].name);
		if ((rc = lb_rdoc_subtitle(c.d, line, e)))
			goto out;
	}
	if ((!village && (rc = chart(&c, &r, e))) || (rc = money(&c, &r, e)))
		goto out;
	if ((rc = lb_rdoc_table(c.d, village ? "by_village" : "by_district",
				village ? "Realisasi desa" : "Realisasi per kecamatan", district_cols, NDISTRICT, e)))
		goto out;
	if (village) {
		if ((rc = area_row(c.d, &r.villages[0], e)))
			goto out;
	} else {
		const struct lb_recon_sums *s = &r.total;
		struct lb_rval tot[NDISTRICT] = {
			LB_RV_NULL,
			LB_RV_S("JUMLAH"),
			LB_RV_N(s->allocations),
			LB_RV_N(lb_recon_redeemed(s)),
			LB_RV_N(s->by_class[LB_RC_PROXY]),
			LB_RV_N(s->by_class[LB_RC_NOT_COLLECTED] + s->by_class[LB_RC_REVOKED]),
			LB_RV_N(lb_rdoc_rate_bp(lb_recon_redeemed(s), s->allocations)),
			LB_RV_N(s->budget),
			LB_RV_N(s->issued_value),
			LB_RV_N(lb_rdoc_rate_bp(s->issued_value, s->budget)),
		};

		for (size_t i = 0; i < r.ndistricts; i++)
			if ((rc = area_row(c.d, &r.districts[i], e)))
				goto out;
		if ((rc = lb_rdoc_total(c.d, tot, e)))
			goto out;
	}
	if ((rc = held(&c, e)) || (rc = not_scanned(&c, e)) || (rc = late(&c, e)) || (rc = replaced(&c, e)) ||
	    (rc = prices(&c, e)) ||
	    (rc = lb_office_report_sign(db, c.d, &office, "office.report.signers", e)))
		goto out;
	rc = lb_rdoc_close(c.d, e);
	c.d = NULL;
out:
	lb_rdoc_discard(c.d);
	lb_recon_free(&r);
	lb_buf_release(&org);
	lb_office_release(&office);
	lb_report_snapshot_end(db);
	return rc;
}
