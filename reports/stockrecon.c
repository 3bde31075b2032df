/*
 * stockrecon.c — the month's stock reconciliation. See stockrecon.h.
 *
 * One pass over the journal up to the month's end sorts every movement's
 * two legs (the quantity arriving at to_id, leaving from_id) into the
 * buckets of the formula; the journal's own as-of balance, summed by
 * inventory/query.c, then checks the result. The rows (locations × items,
 * hundreds, not millions) are held in memory for that check.
 */
#include "reports/stockrecon.h"

#include "doc/office.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/period.h"
#include "inventory/query.h"
#include "program/program.h"

/* Legs at warehouses and points, summed per location, item and lot in
 * the buckets of the formula, each with the kind it counts under: a
 * reversal under the kind it reverses, as the opposite of the leg it
 * reverses (an arrival of the original is IN). Each side is summed as it
 * is read from movement_to_leg / movement_from_leg, locations first, so
 * the recipients' side of the issues is never read. */
#define LEG(LOC, S, IN)                                                                            \
	"  SELECT m." LOC ", m.item_id, m.lot_id,"                                                 \
	"   sum(CASE WHEN m.day < ?1 THEN " S "m.qty END),"                                        \
	"   sum(CASE WHEN m.day >= ?1 AND coalesce(o.kind, m.kind) = 'receive' THEN " S "m.qty END)," \
	"   sum(CASE WHEN m.day >= ?1 AND coalesce(o.kind, m.kind) = 'move' AND " IN " THEN " S "m.qty END)," \
	"   sum(CASE WHEN m.day >= ?1 AND coalesce(o.kind, m.kind) = 'move' AND NOT " IN " THEN " S "m.qty END)," \
	"   sum(CASE WHEN m.day >= ?1 AND coalesce(o.kind, m.kind) = 'issue' THEN " S "m.qty END),"  \
	"   sum(CASE WHEN m.day >= ?1 AND coalesce(o.kind, m.kind) IN ('adjust', 'count') THEN " S "m.qty END)," \
	"   sum(" S "m.qty), count(CASE WHEN m.day >= ?1 THEN 1 END)"                             \
	"  FROM location x JOIN movement m ON m." LOC " = x.id LEFT JOIN movement o ON o.id = m.reverses" \
	"  WHERE x.kind IN ('warehouse', 'point') AND m.day <= ?2"                                  \
	"  GROUP BY m." LOC ", m.item_id, m.lot_id"

/* Both queries below read the legs of the month's locations, filtered
 * by village (?3). */
#define LEGS_WITH                                                                                  \
	"WITH legs(loc, item_id, lot_id, opening, received, moved_in, moved_out, issued, adjusted, net, moves) AS (" \
	LEG("to_id", "", "m.reverses IS NULL") " UNION ALL " LEG("from_id", "-", "m.reverses IS NOT NULL") ")"
#define LEGS_FROM                                                                                  \
	" FROM legs g JOIN location l ON l.id = g.loc JOIN item i ON i.id = g.item_id"

static const char rows_sql[] =
	LEGS_WITH
	" SELECT l.id, l.code, l.name, i.id, i.code, i.name, i.unit,"
	"  coalesce(sum(g.opening), 0), coalesce(sum(g.received), 0), coalesce(sum(g.moved_in), 0),"
	"  coalesce(-sum(g.moved_out), 0), coalesce(-sum(g.issued), 0), coalesce(-sum(g.adjusted), 0),"
	"  0, sum(g.moves)"
	LEGS_FROM
	" WHERE ?3 IS NULL OR l.village = ?3"
	" GROUP BY l.id, i.id"
	" ORDER BY l.code, i.code";

/* Each lot's closing quantity and unit cost: the value is multiplied and
 * added up in C, checked, because SQLite turns an overflowing product
 * into a float and an overflowing sum into a bare "integer overflow". */
static const char value_sql[] =
	LEGS_WITH
	" SELECT l.code, i.code, sum(g.net), t.unit_cost"
	LEGS_FROM
	" JOIN lot t ON t.id = g.lot_id"
	" WHERE ?3 IS NULL OR l.village = ?3"
	" GROUP BY g.loc, g.item_id, g.lot_id";

/* The last count of an item at a location on or before the day: counts
 * of single lots on that day add up. */
static const char count_sql[] =
	"SELECT c.day, sum(c.counted), sum(c.expected) FROM stock_count c"
	" WHERE c.location_id = ?1 AND c.item_id = ?2 AND c.day = ("
	"  SELECT max(day) FROM stock_count WHERE location_id = ?1 AND item_id = ?2 AND day <= ?3)"
	" GROUP BY c.day";

struct srow {
	struct lb_stockrecon_row r;
	char *strings;  /* location, location_name, item, item_name, unit, count_day: one block */
	int64_t moves;  /* legs within the month */
};

struct rows {
	struct srow *v;
	size_t n, cap;
	size_t *by_code; /* indexes sorted by (location, item) in byte order, for lookups */
};

static void rows_free(struct rows *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i].strings);
	free(rs->v);
	free(rs->by_code);
	memset(rs, 0, sizeof *rs);
}

static int keep_strings(struct srow *s, const char *const *in, lb_err *e)
{
	size_t len[6], total = 0;
	const char **out[6] = { &s->r.location, &s->r.location_name, &s->r.item, &s->r.item_name,
				&s->r.unit, &s->r.count_day };
	char *p;

	for (int i = 0; i < 6; i++)
		total += (len[i] = strlen(in[i])) + 1;
	if (!(p = s->strings = malloc(total)))
		return lb_oom(e);
	for (int i = 0; i < 6; i++) {
		memcpy(p, in[i], len[i] + 1);
		*out[i] = p;
		p += len[i] + 1;
	}
	return LB_OK;
}

/* qsort has no context argument; reports run one at a time. */
static const struct rows *cmp_rows;

static int cmp_code(const void *a, const void *b)
{
	const struct lb_stockrecon_row *x = &cmp_rows->v[*(const size_t *)a].r;
	const struct lb_stockrecon_row *y = &cmp_rows->v[*(const size_t *)b].r;
	int c = strcmp(x->location, y->location);

	return c ? c : strcmp(x->item, y->item);
}

static struct srow *find(struct rows *rs, const char *location, const char *item)
{
	size_t lo = 0, hi = rs->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct lb_stockrecon_row *r = &rs->v[rs->by_code[mid]].r;
		int c = strcmp(r->location, location);

		if (!c)
			c = strcmp(r->item, item);
		if (!c)
			return &rs->v[rs->by_code[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int add_journal(void *arg, const struct lb_balance_row *b, lb_err *e)
{
	struct srow *s = find(arg, b->location, b->item);

	char what[160];

	/* a location outside the village filter */
	if (!s)
		return LB_OK;
	snprintf(what, sizeof what, "the journal's balance of '%s' at '%s'", b->item, b->location);
	return lb_sum_add(&s->r.journal, b->qty, what, e);
}

static int add_values(lb_db *db, const struct lb_stockrecon_filter *f, struct rows *rs,
		      const char *first, const char *last, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, value_sql, e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, first);
	lb_bind_text(st, 2, last);
	lb_bind_text(st, 3, f->village && *f->village ? f->village : NULL);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct srow *s = find(rs, lb_col_text(st, 0), lb_col_text(st, 1));
		char what[160];
		int64_t v;

		/* a lot with nothing left and nothing moving has no row */
		if (!s)
			continue;
		snprintf(what, sizeof what, "the closing value of '%s' at '%s'", s->r.item, s->r.location);
		if ((rc = lb_sum_mul(lb_col_int(st, 2), lb_col_int(st, 3), &v, what, e)) ||
		    (rc = lb_sum_add(&s->r.closing_value, v, what, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int last_count(lb_db *db, struct srow *s, const char *last, char *day, size_t dsz,
		      lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, count_sql, e);
	int rc;

	day[0] = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, s->r.location_id);
	lb_bind_int(st, 2, s->r.item_id);
	lb_bind_text(st, 3, last);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		snprintf(day, dsz, "%s", lb_col_text(st, 0));
		s->r.counted = lb_col_int(st, 1);
		s->r.expected = lb_col_int(st, 2);
		s->r.count_variance = s->r.counted - s->r.expected;
		lb_stmt_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* The balance table holds the present; it equals the month's end only
 * while nothing is dated later, and a closed month's report must not
 * depend on it. */
static int balance_applies(lb_db *db, int period, const char *last, int *applies, lb_err *e)
{
	lb_stmt *st;
	int closed, rc;

	*applies = 0;
	if ((rc = lb_period_is_closed(db, period, &closed, e)) || closed)
		return rc;
	if (!(st = lb_db_prepare(db, "SELECT EXISTS (SELECT 1 FROM movement WHERE day > ?1)", e)))
		return LB_ESYS;
	lb_bind_text(st, 1, last);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot look for later movements") : rc;
	*applies = !lb_col_int(st, 0);
	lb_stmt_reset(st);
	return LB_OK;
}

static int current_balance(lb_db *db, struct srow *s, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT coalesce(sum(qty), 0) FROM balance WHERE location_id = ?1 AND item_id = ?2", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, s->r.location_id);
	lb_bind_int(st, 2, s->r.item_id);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot read a balance") : rc;
	s->r.balance = lb_col_int(st, 0);
	s->r.has_balance = 1;
	lb_stmt_reset(st);
	return LB_OK;
}

/* The formula, checked: each bucket is a sum SQLite checked, but their
 * sum is not. */
static int closing_of(struct lb_stockrecon_row *r, const char *item, const char *location, lb_err *e)
{
	char what[160];
	int rc;

	snprintf(what, sizeof what, "the closing stock of '%s' at '%s'", item, location);
	if ((rc = lb_sum_add(&r->closing, r->received, what, e)) ||
	    (rc = lb_sum_add(&r->closing, r->moved_in, what, e)))
		return rc;
	if (r->moved_out == INT64_MIN || r->issued == INT64_MIN || r->adjusted == INT64_MIN)
		return lb_fail(e, LB_ERULE, "cannot add up %s: the sum is too large to count", what);
	if ((rc = lb_sum_add(&r->closing, -r->moved_out, what, e)) ||
	    (rc = lb_sum_add(&r->closing, -r->issued, what, e)) ||
	    (rc = lb_sum_add(&r->closing, -r->adjusted, what, e)))
		return rc;
	return LB_OK;
}

static int collect(lb_db *db, const struct lb_stockrecon_filter *f, struct rows *rs, int *checked,
		   lb_err *e)
{
	char first[11], last[11], cday[11];
	struct lb_balance_filter bf = { 0 };
	lb_stmt *st;
	int rc;

	lb_date_format(lb_period_first_day(f->period), first);
	lb_date_format(lb_period_last_day(f->period), last);
	if (!(st = lb_db_prepare(db, rows_sql, e)))
		return LB_ESYS;
	lb_bind_text(st, 1, first);
	lb_bind_text(st, 2, last);
	lb_bind_text(st, 3, f->village && *f->village ? f->village : NULL);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct srow s = { 0 };
		const char *str[6] = { lb_col_text(st, 1), lb_col_text(st, 2), lb_col_text(st, 4),
				       lb_col_text(st, 5), lb_col_text(st, 6), "" };

		s.r.location_id = lb_col_int(st, 0);
		s.r.item_id = lb_col_int(st, 3);
		s.r.opening = lb_col_int(st, 7);
		s.r.received = lb_col_int(st, 8);
		s.r.moved_in = lb_col_int(st, 9);
		s.r.moved_out = lb_col_int(st, 10);
		s.r.issued = lb_col_int(st, 11);
		s.r.adjusted = lb_col_int(st, 12);
		s.r.closing_value = lb_col_int(st, 13);
		s.moves = lb_col_int(st, 14);
		s.r.closing = s.r.opening;
		if ((rc = closing_of(&s.r, str[2], str[0], e))) {
			lb_stmt_reset(st);
			return rc;
		}
		/* nothing there and nothing happening: not worth a line */
		if (!s.r.opening && !s.r.closing && !s.moves)
			continue;
		if (rs->n == rs->cap) {
			size_t cap = rs->cap ? rs->cap * 2 : 64;
			struct srow *v = realloc(rs->v, cap * sizeof *v);

			if (!v) {
				lb_stmt_reset(st);
				return lb_oom(e);
			}
			rs->v = v;
			rs->cap = cap;
		}
		if ((rc = keep_strings(&s, str, e))) {
			lb_stmt_reset(st);
			return rc;
		}
		rs->v[rs->n++] = s;
	}
	if (rc != LB_DONE)
		return rc;

	/* the journal's own balance as of the month's end */
	if (rs->n && !(rs->by_code = malloc(rs->n * sizeof *rs->by_code)))
		return lb_oom(e);
	for (size_t i = 0; i < rs->n; i++)
		rs->by_code[i] = i;
	cmp_rows = rs;
	if (rs->n) /* qsort of no rows may not be given NULL */
		qsort(rs->by_code, rs->n, sizeof *rs->by_code, cmp_code);
	bf.has_as_of = 1;
	bf.as_of = lb_period_last_day(f->period);
	if ((rc = lb_balance_each(db, &bf, add_journal, rs, e)))
		return rc;
	if ((rc = add_values(db, f, rs, first, last, e)))
		return rc;

	if ((rc = balance_applies(db, f->period, last, checked, e)))
		return rc;
	for (size_t i = 0; i < rs->n; i++) {
		struct srow *s = &rs->v[i];

		if ((rc = last_count(db, s, last, cday, sizeof cday, e)))
			return rc;
		if (cday[0]) {
			/* the day goes into the row's own string block */
			const char *str[6] = { s->r.location, s->r.location_name, s->r.item,
					       s->r.item_name, s->r.unit, cday };
			char *old = s->strings;

			if ((rc = keep_strings(s, str, e)))
				return rc;
			free(old);
		}
		if (*checked && (rc = current_balance(db, s, e)))
			return rc;
	}
	return LB_OK;
}

int lb_stockrecon_each(lb_db *db, const struct lb_stockrecon_filter *f, int *checked_balance,
		       lb_stockrecon_fn fn, void *arg, lb_err *e)
{
	struct rows rs = { 0 };
	int checked = 0, rc;

	if (!(rc = collect(db, f, &rs, &checked, e)))
		for (size_t i = 0; i < rs.n && !rc; i++)
			rc = fn(arg, &rs.v[i].r, e);
	rows_free(&rs);
	if (checked_balance)
		*checked_balance = checked;
	return rc;
}

/* ---- the report ---- */

/* Widths (points, A4 landscape) that keep each bold header word whole and
 * leave the item's name and code a line: "Saldo akhir" is wide enough for
 * "24.600 butir" over "(820 rak)", what the storekeeper counts. */
static const struct lb_rcol cols_all[] = {
	{ "Lokasi", "location", LB_R_CODE, 58 },
	{ "Barang", "item", LB_R_TEXT, 0 },
	{ "Satuan", "unit", LB_R_TEXT, 40 },
	{ "Saldo awal", "opening", LB_R_INT, 42 },
	{ "Diterima", "received", LB_R_INT, 46 },
	{ "Pindah masuk", "moved_in", LB_R_INT, 42 },
	{ "Pindah keluar", "moved_out", LB_R_INT, 42 },
	{ "Disalurkan", "issued", LB_R_INT, 56 },
	{ "Penyesuaian", "adjusted", LB_R_INT, 64 },
	{ "Saldo akhir", "closing", LB_R_INT, 62 },
	{ "Cek jurnal", "journal_check", LB_R_TEXT, 34 },
	/* only when the balance table applies; for scripts and CSV: pages
	 * have no room, and "Cek jurnal" names a difference */
	{ "Saldo kini", "balance", LB_R_INT | LB_R_DATA, 40 },
	{ "Opname terakhir", "count_day", LB_R_DATE, 50 },
	{ "Hasil opname", "counted", LB_R_INT, 44 },
	{ "Selisih opname", "count_variance", LB_R_INT, 44 },
	{ "Nilai saldo akhir", "closing_value", LB_R_RUPIAH, 60 },
};
#define NCOLS ((int)(sizeof cols_all / sizeof cols_all[0]))
#define BALANCE_COL 11

struct writer {
	lb_db *db;
	lb_rdoc *d;
	int with_balance;
	long rows, mismatches;
	int64_t value;
};

static void check_text(const struct lb_stockrecon_row *r, int with_balance, char *buf, size_t n)
{
	if (r->journal != r->closing)
		snprintf(buf, n, "selisih %lld", (long long)(r->journal - r->closing));
	else if (with_balance && r->balance != r->closing)
		/* pages do not show the balance: the words say it differs */
		snprintf(buf, n, "saldo kini %lld", (long long)r->balance);
	else
		snprintf(buf, n, "cocok");
}

static int write_row(void *arg, const struct lb_stockrecon_row *r, lb_err *e)
{
	struct writer *w = arg;
	struct lb_rval v[NCOLS];
	char check[48], item[200], closing[160];
	int n = 0, rc;
	int has_count = r->count_day[0] != 0;

	check_text(r, w->with_balance, check, sizeof check);
	/* the page shows the closing stock in packs too */
	if ((rc = lb_office_qty_lines(w->db, r->item_id, r->closing, r->unit, closing, sizeof closing, e)))
		return rc;
	if (r->journal != r->closing || (w->with_balance && r->balance != r->closing))
		w->mismatches++;
	w->rows++;
	if ((rc = lb_sum_add(&w->value, r->closing_value, "the total closing value of the stock report", e)))
		return rc;
	v[n++] = LB_RV_S(r->location);
	/* people read the item's name with its code */
	snprintf(item, sizeof item, "%s (%s)", r->item_name, r->item);
	v[n++] = LB_RV_SH(r->item, item);
	v[n++] = LB_RV_S(r->unit);
	v[n++] = LB_RV_N(r->opening);
	v[n++] = LB_RV_N(r->received);
	v[n++] = LB_RV_N(r->moved_in);
	v[n++] = LB_RV_N(r->moved_out);
	v[n++] = LB_RV_N(r->issued);
	v[n++] = LB_RV_N(r->adjusted);
	v[n++] = (struct lb_rval){ .n = r->closing, .h = closing };
	v[n++] = LB_RV_S(check);
	if (w->with_balance)
		v[n++] = LB_RV_N(r->balance);
	v[n++] = has_count ? LB_RV_S(r->count_day) : LB_RV_NULL;
	v[n++] = has_count ? LB_RV_N(r->counted) : LB_RV_NULL;
	v[n++] = has_count ? LB_RV_N(r->count_variance) : LB_RV_NULL;
	v[n++] = LB_RV_N(r->closing_value);
	return lb_rdoc_row(w->d, v, e);
}

int lb_stockrecon_report(lb_db *db, const struct lb_stockrecon_filter *f, const char *program_code,
			 const struct lb_rdoc_opts *ro, lb_err *e)
{
	struct lb_rdoc_opts o = *ro;
	struct writer w = { 0 };
	struct rows rs = { 0 };
	struct lb_rval tot[NCOLS];
	struct lb_rcol cols[NCOLS];
	int ncols = 0;
	char pid[24], ps[8], line[256], num[32];
	struct lb_office office;
	lb_buf org;
	int found, checked = 0, closed, rc;

	lb_buf_init(&org);
	memset(&office, 0, sizeof office);
	lb_buf_init(&office.logo);
	lb_period_format(f->period, ps);
	lb_period_format_id(f->period, pid);
	if (program_code) {
		/* it only names the report, but a typo must not pass unseen */
		struct lb_program p;

		if ((rc = lb_program_find(db, program_code, &p, e)))
			return rc;
	}
	if ((rc = lb_meta_get(db, "org_name", &org, &found, e)) ||
	    (rc = lb_period_is_closed(db, f->period, &closed, e)) ||
	    (rc = collect(db, f, &rs, &checked, e)))
		goto out;
	o.title = "REKONSILIASI PERSEDIAAN";
	o.org = org.data;
	o.landscape = 1;
	if ((rc = lb_office_load(db, &office, e)) || (rc = lb_rdoc_open(&w.d, &o, e)))
		goto out;
	lb_rdoc_office(w.d, &office);
	snprintf(line, sizeof line, "Periode: %s (%s)%s%s%s%s", pid, closed ? "ditutup" : "belum ditutup",
		 program_code ? "    Program: " : "", program_code ? program_code : "",
		 f->village ? "    Desa/Kelurahan: " : "", f->village ? f->village : "");
	if ((rc = lb_rdoc_meta(w.d, "period", LB_R_TEXT, LB_RV_S(ps), e)) ||
	    (rc = lb_rdoc_meta(w.d, "closed", LB_R_INT, LB_RV_N(closed), e)) ||
	    (rc = lb_rdoc_subtitle(w.d, line, e)) ||
	    (rc = lb_rdoc_subtitle(w.d, "Saldo akhir = saldo awal + diterima + pindah masuk - pindah keluar - disalurkan - penyesuaian (satuan dasar barang)", e)))
		goto out;
	w.with_balance = checked;
	w.db = db;
	for (int i = 0; i < NCOLS; i++)
		if (i != BALANCE_COL || checked)
			cols[ncols++] = cols_all[i];
	if ((rc = lb_rdoc_table(w.d, "stock", "Persediaan per lokasi dan barang", cols, ncols, e)))
		goto out;
	for (size_t i = 0; i < rs.n; i++)
		if ((rc = write_row(&w, &rs.v[i].r, e)))
			goto out;
	for (int i = 0; i < NCOLS; i++)
		tot[i] = LB_RV_NULL;
	tot[0] = LB_RV_S("JUMLAH");
	tot[ncols - 1] = LB_RV_N(w.value);
	if ((rc = lb_rdoc_total(w.d, tot, e)))
		goto out;
	lb_int_format_id(w.rows, num, sizeof num);
	if (w.mismatches)
		snprintf(line, sizeof line, "%ld dari %s baris TIDAK cocok dengan jurnal%s: periksa dengan 'lumbung verify'.",
			 w.mismatches, num, checked ? " atau saldo" : "");
	else
		snprintf(line, sizeof line, "Semua %s baris cocok dengan jurnal%s.", num,
			 checked ? " dan saldo kini" : "");
	if ((rc = lb_rdoc_para(w.d, line, 0, e)) ||
	    (rc = lb_office_report_sign(db, w.d, &office, "office.stock.signers", e)))
		goto out;
	rc = lb_rdoc_close(w.d, e);
	w.d = NULL;
out:
	lb_rdoc_discard(w.d);
	rows_free(&rs);
	lb_buf_release(&org);
	lb_office_release(&office);
	return rc;
}
