/*
 * import.c — bulk CSV posting. See import.h.
 *
 * One lb_journal session posts every row, so the chain's tip stays in
 * memory; codes are resolved through bounded caches, so that a million
 * rows over a few dozen items and locations cost a handful of lookups.
 */
#include "inventory/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mask.h"
#include "core/sheet.h"
#include "core/money.h"
#include "inventory/cache.h"
#include "inventory/item.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/lot.h"
#include "inventory/names.h"
#include "inventory/qty.h"

#define ITEM_CACHE 1024
#define LOC_CACHE 4096
#define LOT_CACHE 16384

enum col {
	C_TYPE, C_DATE, C_FROM, C_TO, C_AT, C_ITEM, C_QTY, C_LOT, C_EXPIRY, C_UNIT_COST,
	C_REF, C_ID, C_REASON, C_NOTE, NCOLS
};

/* The headings an office's sheet may use besides ours (docs/inventory.md). */
static const struct lb_sheet_col cols[NCOLS] = {
	[C_TYPE] = { "type", 1, "jenis|tipe|jenis transaksi" },
	[C_DATE] = { "date", 0, "tanggal|tgl" },
	[C_FROM] = { "from", 0, "dari|asal" },
	[C_TO] = { "to", 0, "ke|tujuan" },
	[C_AT] = { "at", 0, "lokasi|di" },
	[C_ITEM] = { "item", 1, "barang|kode barang" },
	[C_QTY] = { "qty", 1, "jumlah|kuantitas|banyaknya" },
	[C_LOT] = { "lot", 0, "batch|no lot|nomor lot" },
	[C_EXPIRY] = { "expiry", 0, "kedaluwarsa|kadaluarsa|tanggal kedaluwarsa|tgl kedaluwarsa|expired|ed" },
	[C_UNIT_COST] = { "unit_cost", 0, "harga satuan|harga" },
	[C_REF] = { "ref", 0, "referensi|no dokumen|nomor dokumen|no do|no bast" },
	[C_ID] = { "id", 0, NULL },
	[C_REASON] = { "reason", 0, "alasan" },
	[C_NOTE] = { "note", 0, "catatan|keterangan" },
};

const struct lb_sheet_col *lb_import_stock_columns(size_t *n)
{
	*n = NCOLS;
	return cols;
}

struct loc_entry {
	int64_t id;
	enum lb_loc_kind kind;
};

struct lot_key {
	int64_t item_id;
	char code[LB_LOT_MAX + 1];
};

struct imp {
	char note[LB_TEXT_MAX + 2], ref[LB_TEXT_MAX + 2];
	lb_db *db;
	lb_sheet *csv;
	lb_journal *j;
	int idx[NCOLS];
	lb_day today;
	const char *operator;
	struct lb_cache items, locs, lots;
	struct lb_import_result *res;
	/* The current row's problems, joined (lb_sheet_join): how many, the
	 * first one's status, and whether it named a column. */
	char why[LB_ERR_MAX];
	int nbad, bad, first_col;
};

static const char *cell(const struct imp *im, enum col c)
{
	return im->idx[c] < 0 ? "" : lb_sheet_field(im->csv, im->idx[c]);
}

/* "a move row", "an adjust row". */
static const char *article(const char *type)
{
	return strchr("aeiouAEIOU", type[0]) ? "an" : "a";
}

/* Put "file 'F', row N, column 'C'" in front of the message in e. */
static int at_col(const struct imp *im, const char *col, int rc, lb_err *e)
{
	if (col)
		lb_err_prefix(e, "file '%s', row %ld, column '%s'", lb_sheet_path(im->csv), lb_sheet_row(im->csv), col);
	else
		lb_err_prefix(e, "file '%s', row %ld", lb_sheet_path(im->csv), lb_sheet_row(im->csv));
	return rc;
}

static int col_fail(const struct imp *im, enum col c, int rc, lb_err *e)
{
	return at_col(im, cols[c].name, rc, e);
}

static int item_of(struct imp *im, const char *code, const struct lb_item **out, lb_err *e)
{
	size_t len = strlen(code);
	struct lb_item *it = lb_cache_get(&im->items, code, len);
	struct lb_item found;
	int rc;

	if (!it) {
		if ((rc = lb_item_find(im->db, code, &found, e)))
			return rc;
		if (!(it = lb_cache_put(&im->items, code, len, e)))
			return LB_ESYS;
		*it = found;
	}
	*out = it;
	return LB_OK;
}

static int loc_of(struct imp *im, const char *code, struct loc_entry *out, lb_err *e)
{
	size_t len = strlen(code);
	struct loc_entry *le = lb_cache_get(&im->locs, code, len);
	struct lb_location loc;
	int rc;

	if (!le) {
		if ((rc = lb_location_find(im->db, code, &loc, e)))
			return rc;
		if (!(le = lb_cache_put(&im->locs, code, len, e)))
			return LB_ESYS;
		le->id = loc.id;
		le->kind = loc.kind;
	}
	*out = *le;
	return LB_OK;
}

static int lot_of(struct imp *im, const struct lb_item *it, const char *code, int64_t *out, lb_err *e)
{
	struct lot_key k;
	int64_t *id;
	struct lb_lot lot;
	size_t len = strlen(code);
	int rc;

	if (len > LB_LOT_MAX)
		return lb_lot_code_check(code, "lot", e);
	memset(&k, 0, sizeof k);
	k.item_id = it->id;
	memcpy(k.code, code, len);
	id = lb_cache_get(&im->lots, &k, sizeof k.item_id + len);
	if (!id) {
		if ((rc = lb_lot_find(im->db, it->id, it->code, code, &lot, e)))
			return rc;
		if (!(id = lb_cache_put(&im->lots, &k, sizeof k.item_id + len, e)))
			return LB_ESYS;
		*id = lot.id;
	}
	*out = *id;
	return LB_OK;
}

/* Note one problem of the row, its message in e, under column c (or the
 * row as a whole when c < 0), and let the caller go on checking: every
 * problem of a row is listed at once. Returns LB_OK for a problem of the
 * row, rc itself for a failure of the system, which ends the import. */
static int problem(struct imp *im, int c, int rc, lb_err *e)
{
	char label[64];

	if (rc != LB_EINPUT && rc != LB_ERULE)
		return rc;
	if (im->nbad++ == 0) {
		im->bad = rc;
		im->first_col = c >= 0;
	}
	if (c >= 0)
		snprintf(label, sizeof label, "column '%s'", cols[c].name);
	lb_sheet_join(im->why, sizeof im->why, c >= 0 ? label : NULL, e->msg);
	lb_err_clear(e);
	return LB_OK;
}

/* The row's problems as one message: "file 'F', row N, column 'C': …;
 * column 'D': …", which for one problem reads as it always has. */
static int row_fail(const struct imp *im, lb_err *e)
{
	return lb_fail(e, im->bad, "file '%s', row %ld%s%s", lb_sheet_path(im->csv), lb_sheet_row(im->csv),
		       im->first_col ? ", " : ": ", im->why);
}

/* A cell that does not apply to this type must be empty. */
static int empty_cells(struct imp *im, const char *type, const enum col *list, size_t n, lb_err *e)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if (*cell(im, list[i]) &&
		    (rc = problem(im, (int)list[i],
				  lb_fail(e, LB_EINPUT, "%s %s row has no %s: leave the cell empty (is a column shifted?)",
					  article(type), type, cols[list[i]].name),
				  e)))
			return rc;
	return LB_OK;
}

static int need(struct imp *im, enum col c, const char *type, lb_err *e)
{
	if (!*cell(im, c))
		return problem(im, (int)c, lb_fail(e, LB_EINPUT, "%s %s row needs a %s", article(type), type, cols[c].name),
			       e);
	return LB_OK;
}

/* The quantity, judged by the item's units, or when the item is unknown
 * by its number alone (the item's problem is listed already). */
static int qty_check(struct imp *im, const struct lb_item *it, int flags, int64_t *out, lb_err *e)
{
	static const struct lb_units none = { "unit", 0, { { "", 0 } } };
	int rc;

	if (it)
		rc = lb_qty_parse(&it->units, it->code, cell(im, C_QTY), "qty", flags, out, e);
	else
		rc = lb_qty_parse(&none, cell(im, C_ITEM), cell(im, C_QTY), "qty", flags | LB_QTY_ANY_UNIT, out, e);
	return rc ? problem(im, C_QTY, rc, e) : LB_OK;
}

/* A location cell, when filled (an empty required one is need's). *ok
 * says whether out holds it. */
static int loc_check(struct imp *im, enum col c, struct loc_entry *out, int *ok, lb_err *e)
{
	int rc;

	*ok = 0;
	if (!*cell(im, c))
		return LB_OK;
	if ((rc = loc_of(im, cell(im, c), out, e)))
		return problem(im, (int)c, rc, e);
	*ok = 1;
	return LB_OK;
}

/* A lot cell, when filled. A lot is the item's: without the item it
 * cannot be looked up, and the item's problem is listed already. */
static int lot_check(struct imp *im, const struct lb_item *it, int64_t *out, lb_err *e)
{
	int rc;

	if (it && *cell(im, C_LOT) && (rc = lot_of(im, it, cell(im, C_LOT), out, e)))
		return problem(im, C_LOT, rc, e);
	return LB_OK;
}

static const char *opt(const struct imp *im, enum col c)
{
	const char *s = cell(im, c);
	return *s ? s : NULL;
}

/* A note or reference as free text: a spreadsheet cell may hold line
 * breaks (Alt+Enter) and tabs, which would break a table on the way out;
 * each run of them becomes one space. NULL when empty. A text too long to
 * copy is passed whole, for the journal to refuse with the length. */
static const char *text_cell(const struct imp *im, enum col c, char *buf, size_t n)
{
	const char *s = cell(im, c);
	size_t len = 0;
	int gap = 0;

	if (!*s)
		return NULL;
	if (strlen(s) >= n)
		return s;
	for (; *s; s++) {
		if (*s == '\r' || *s == '\n' || *s == '\t') {
			gap = 1;
			continue;
		}
		if (gap && len)
			buf[len++] = ' ';
		gap = 0;
		buf[len++] = *s;
	}
	buf[len] = '\0';
	return buf;
}


/* The journal names the request field at fault; map it to a column. */
static int journal_fail(const struct imp *im, const char *field, enum col at_col_used, int rc, lb_err *e)
{
	static const struct { const char *field; enum col c; } map[] = {
		{ "qty", C_QTY }, { "lot", C_LOT }, { "date", C_DATE }, { "id", C_ID },
		{ "expiry", C_EXPIRY }, { "unit_cost", C_UNIT_COST }, { "from", C_FROM },
		{ "to", C_TO }, { "item", C_ITEM }, { "reason", C_REASON }, { "ref", C_REF },
		{ "note", C_NOTE },
	};

	if (field && strcmp(field, "at") == 0)
		return col_fail(im, at_col_used, rc, e);
	for (size_t i = 0; field && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(field, map[i].field) == 0)
			return col_fail(im, map[i].c, rc, e);
	return at_col(im, NULL, rc, e);
}

static void count_post(struct imp *im, const struct lb_post_result *pr, long *kind)
{
	if (pr->already) {
		im->res->already++;
		return;
	}
	(*kind)++;
	im->res->movements += pr->n;
}

static int row_receive(struct imp *im, const struct lb_item *it, lb_day day, lb_err *e)
{
	static const enum col na[] = { C_AT, C_REASON };
	struct lb_receive_req r = { 0 };
	struct lb_post_result pr;
	struct loc_entry to, from;
	int rc, has_to, has_from;

	if ((rc = empty_cells(im, "receive", na, 2, e)) || (rc = need(im, C_TO, "receive", e)) ||
	    (rc = need(im, C_LOT, "receive", e)) || (rc = need(im, C_UNIT_COST, "receive", e)) ||
	    (rc = qty_check(im, it, LB_QTY_POSITIVE, &r.qty, e)) || (rc = loc_check(im, C_TO, &to, &has_to, e)) ||
	    (rc = loc_check(im, C_FROM, &from, &has_from, e)))
		return rc;
	if (*cell(im, C_EXPIRY)) {
		if ((rc = lb_date_parse_cell(cell(im, C_EXPIRY), "expiry", &r.expiry, e)) &&
		    (rc = problem(im, C_EXPIRY, rc, e)))
			return rc;
		r.has_expiry = 1;
	}
	if (*cell(im, C_UNIT_COST) && (rc = lb_money_parse(cell(im, C_UNIT_COST), "unit_cost", &r.unit_cost, e)) &&
	    (rc = problem(im, C_UNIT_COST, rc, e)))
		return rc;
	if (im->nbad)
		return row_fail(im, e);
	if (has_from)
		r.supplier_id = from.id;
	r.item_id = it->id;
	r.to_id = to.id;
	r.lot = cell(im, C_LOT);
	r.ref = text_cell(im, C_REF, im->ref, sizeof im->ref);
	r.note = text_cell(im, C_NOTE, im->note, sizeof im->note);
	r.day = day;
	r.key = opt(im, C_ID);
	r.operator = im->operator;
	if ((rc = lb_jnl_receive(im->j, &r, &pr, e)))
		return journal_fail(im, pr.field, C_TO, rc, e);
	count_post(im, &pr, &im->res->receipts);
	return LB_OK;
}

static int row_move(struct imp *im, const struct lb_item *it, lb_day day, lb_err *e)
{
	static const enum col na[] = { C_AT, C_EXPIRY, C_UNIT_COST, C_REASON };
	struct lb_move_req r = { 0 };
	struct lb_post_result pr;
	struct loc_entry from, to;
	int rc, ok;

	if ((rc = empty_cells(im, "move", na, 4, e)) || (rc = need(im, C_FROM, "move", e)) ||
	    (rc = need(im, C_TO, "move", e)) || (rc = qty_check(im, it, LB_QTY_POSITIVE, &r.qty, e)) ||
	    (rc = loc_check(im, C_FROM, &from, &ok, e)) || (rc = loc_check(im, C_TO, &to, &ok, e)))
		return rc;
	if ((rc = lot_check(im, it, &r.lot_id, e)))
		return rc;
	if (im->nbad)
		return row_fail(im, e);
	r.item_id = it->id;
	r.from_id = from.id;
	r.to_id = to.id;
	r.ref = text_cell(im, C_REF, im->ref, sizeof im->ref);
	r.note = text_cell(im, C_NOTE, im->note, sizeof im->note);
	r.day = day;
	r.key = opt(im, C_ID);
	r.operator = im->operator;
	if ((rc = lb_jnl_move(im->j, &r, &pr, e)))
		return journal_fail(im, pr.field, C_FROM, rc, e);
	count_post(im, &pr, &im->res->moves);
	return LB_OK;
}

static int row_adjust(struct imp *im, const struct lb_item *it, lb_day day, lb_err *e)
{
	static const enum col na[] = { C_EXPIRY, C_UNIT_COST, C_REF };
	struct lb_adjust_req r = { 0 };
	struct lb_post_result pr;
	struct loc_entry at;
	enum col where = C_AT;
	int n = 0, rc, qty_ok, at_ok = 0, before;

	if ((rc = empty_cells(im, "adjust", na, 3, e)) || (rc = need(im, C_REASON, "adjust", e)))
		return rc;
	before = im->nbad;
	if ((rc = qty_check(im, it, LB_QTY_SIGNED, &r.qty, e)))
		return rc;
	qty_ok = im->nbad == before;
	for (enum col c = C_FROM; c <= C_AT; c++)
		if (*cell(im, c)) {
			where = c;
			n++;
		}
	if (n != 1 &&
	    (rc = problem(im, -1,
			  lb_fail(e, LB_EINPUT,
				  "an adjust row names its location once, in 'at' (or in 'from' to take stock out, 'to' to add it)"),
			  e)))
		return rc;
	/* The sign says the direction; from/to must not contradict it (and
	 * cannot be judged without a quantity and one location). */
	if (n == 1 && qty_ok && ((where == C_FROM && r.qty > 0) || (where == C_TO && r.qty < 0))) {
		int out = where == C_TO; /* the quantity would take stock out */
		if ((rc = problem(im, C_QTY,
				  lb_fail(e, LB_EINPUT,
					  "qty '%s' would %s, but the location is in '%s': write it %s to %s, or put the location in '%s' or 'at'",
					  cell(im, C_QTY), out ? "take stock out" : "add stock", cols[where].name,
					  out ? "positive" : "negative", out ? "add stock" : "take stock out",
					  out ? "from" : "to"),
				  e)))
			return rc;
	}
	if (*cell(im, C_REASON) && (rc = lb_adjust_reason_check(cell(im, C_REASON), "reason", e)) &&
	    (rc = problem(im, C_REASON, rc, e)))
		return rc;
	if (n == 1 && (rc = loc_check(im, where, &at, &at_ok, e)))
		return rc;
	if ((rc = lot_check(im, it, &r.lot_id, e)))
		return rc;
	if (im->nbad)
		return row_fail(im, e);
	r.item_id = it->id;
	r.at_id = at.id;
	r.reason = cell(im, C_REASON);
	r.note = text_cell(im, C_NOTE, im->note, sizeof im->note);
	r.day = day;
	r.key = opt(im, C_ID);
	r.operator = im->operator;
	if ((rc = lb_jnl_adjust(im->j, &r, &pr, e)))
		return journal_fail(im, pr.field, where, rc, e);
	count_post(im, &pr, &im->res->adjusts);
	return LB_OK;
}

static int row(struct imp *im, lb_err *e)
{
	const char *type = cell(im, C_TYPE);
	const struct lb_item *it;
	struct lb_item item;
	lb_day day = im->today;
	int rc, known = 0;

	im->nbad = 0;
	im->why[0] = '\0';
	if (*cell(im, C_DATE) && (rc = lb_date_parse_cell(cell(im, C_DATE), "date", &day, e)) &&
	    (rc = problem(im, C_DATE, rc, e)))
		return rc;
	if (!*cell(im, C_ITEM)) {
		if ((rc = problem(im, C_ITEM, lb_fail(e, LB_EINPUT, "the item is empty"), e)))
			return rc;
	} else if ((rc = item_of(im, cell(im, C_ITEM), &it, e))) {
		if ((rc = problem(im, C_ITEM, rc, e)))
			return rc;
	} else {
		/* A copy: the row's lookups below may evict it from the cache. */
		item = *it;
		known = 1;
	}
	if (strcasecmp(type, "receive") == 0)
		return row_receive(im, known ? &item : NULL, day, e);
	if (strcasecmp(type, "move") == 0)
		return row_move(im, known ? &item : NULL, day, e);
	if (strcasecmp(type, "adjust") == 0)
		return row_adjust(im, known ? &item : NULL, day, e);
	/* The cells that depend on the type cannot be judged without it. */
	if ((rc = problem(im, C_TYPE,
			  lb_fail(e, LB_EINPUT, "'%s' is not a type of row (receive, move or adjust)", type), e)))
		return rc;
	return row_fail(im, e);
}

/* The bad rows of a --skip-invalid import, in row order, each with the
 * reason its rejects line carries. */
struct bad_rows {
	struct bad_row {
		long row;
		char *reason;
	} *v;
	size_t n, cap;
};

static void bad_rows_free(struct bad_rows *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].reason);
	free(b->v);
	memset(b, 0, sizeof *b);
}

/* The message without "file 'F', row N" in front: the rejects line is
 * that row already. */
static int bad_rows_add(struct bad_rows *b, const char *path, long row, const char *msg, lb_err *e)
{
	char prefix[LB_ERR_MAX];
	size_t len = (size_t)snprintf(prefix, sizeof prefix, "file '%s', row %ld", path, row);

	/* messages have their long digit runs masked (core/err.c); a path
	 * may hold one (the web's kept uploads are named by a random token) */
	lb_digits_mask(prefix);
	if (strncmp(msg, prefix, len) == 0) {
		msg += len;
		if (*msg == ',' || *msg == ':')
			msg++;
		while (*msg == ' ')
			msg++;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct bad_row *p = realloc(b->v, cap * sizeof *p);
		if (!p)
			return lb_oom(e);
		b->v = p;
		b->cap = cap;
	}
	if (!(b->v[b->n].reason = strdup(msg)))
		return lb_oom(e);
	b->v[b->n++].row = row;
	return LB_OK;
}

static int cmp_bad(const void *a, const void *b)
{
	long x = ((const struct bad_row *)a)->row, y = ((const struct bad_row *)b)->row;
	return (x > y) - (x < y);
}

/* Move the rows found by a pass into the skipped ones, in row order. */
static int bad_rows_merge(struct bad_rows *skip, struct bad_rows *found, lb_err *e)
{
	for (size_t i = 0; i < found->n; i++) {
		if (skip->n == skip->cap) {
			size_t cap = skip->cap ? skip->cap * 2 : 16;
			struct bad_row *p = realloc(skip->v, cap * sizeof *p);
			if (!p)
				return lb_oom(e);
			skip->v = p;
			skip->cap = cap;
		}
		skip->v[skip->n++] = found->v[i];
		found->v[i].reason = NULL;
	}
	found->n = 0;
	qsort(skip->v, skip->n, sizeof *skip->v, cmp_bad);
	return LB_OK;
}

/* One read of the file, posting every row but the skipped ones (whose
 * reject lines go to rej, when given). A bad row is reported and added
 * to found when there is a sink; without one it ends the pass. */
static int one_pass(struct imp *im, const char *path, const struct lb_rows *sink,
		    const struct bad_rows *skip, const char *rejects, struct bad_rows *found,
		    int *first_bad, lb_err *e)
{
	FILE *rej = NULL;
	size_t next_skip = 0;
	int rc;

	memset(im->res, 0, sizeof *im->res);
	if ((rc = lb_sheet_open(path, NULL, &im->csv, e)) ||
	    (rc = lb_sheet_header(im->csv, cols, NCOLS, im->idx, e)) ||
	    (rejects && (rc = lb_sheet_rejects_open(im->csv, rejects, &rej, e))) ||
	    (rc = lb_journal_open(im->db, &im->j, e)))
		goto done;
	for (;;) {
		char why[128];
		long r;
		rc = lb_sheet_next(im->csv, e);
		if (rc != LB_SHEET_ROW)
			break;
		im->res->rows++;
		r = lb_sheet_row(im->csv);
		if (next_skip < skip->n && skip->v[next_skip].row == r) {
			if (rej)
				lb_sheet_reject(rej, im->csv, skip->v[next_skip].reason);
			next_skip++;
			continue;
		}
		if (lb_sheet_width_problem(im->csv, why, sizeof why))
			rc = lb_fail(e, LB_EINPUT, "file '%s', row %ld: %s", path, r, why);
		else
			rc = row(im, e);
		if (rc == LB_OK)
			continue;
		/* Every bad row of the file, when someone listens: the rows
		 * after a bad one are still checked against the ledger as it
		 * stands. */
		if (!sink || !sink->fn || (rc != LB_EINPUT && rc != LB_ERULE))
			goto done;
		if (!*first_bad)
			*first_bad = rc;
		lb_rows_report(sink, 0, path, r, NULL, e->msg);
		if ((rc = bad_rows_add(found, path, r, e->msg, e)))
			goto done;
		lb_err_clear(e);
	}
	if (rc == LB_SHEET_EOF)
		rc = LB_OK;
	if (rc == LB_OK && rej && (fflush(rej) != 0 || ferror(rej)))
		rc = lb_fail(e, LB_ESYS, "cannot write rejects file '%s': %s", rejects, strerror(errno));
done:
	if (rej && fclose(rej) != 0 && rc == LB_OK)
		rc = lb_fail(e, LB_ESYS, "cannot write rejects file '%s': %s", rejects, strerror(errno));
	return rc;
}

static void pass_close(struct imp *im)
{
	lb_journal_close(im->j);
	lb_sheet_close(im->csv);
	im->j = NULL;
	im->csv = NULL;
}

int lb_import_stock(lb_db *db, const char *path, lb_day today, const char *operator,
		    const struct lb_stock_import_opts *o, const struct lb_rows *sink,
		    struct lb_import_result *res, lb_err *e)
{
	static const struct lb_stock_import_opts none = { 0 };
	struct bad_rows skip = { 0 }, found = { 0 };
	struct imp im;
	int rc, first_bad = 0, savepoint = 0;

	if (!o)
		o = &none;
	memset(res, 0, sizeof *res);
	if ((rc = lb_sheet_rejects_check("stock import", o->skip_invalid, o->rejects, path, e)))
		return rc;
	if (o->skip_invalid && strcmp(path, "-") == 0)
		/* The good rows are posted by a second read of the file. */
		return lb_fail(e, LB_EINPUT, "stock import: --skip-invalid needs a file, not standard input");
	memset(&im, 0, sizeof im);
	im.db = db;
	im.today = today;
	im.operator = operator;
	im.res = res;
	lb_cache_init(&im.items, sizeof(struct lb_item), ITEM_CACHE);
	lb_cache_init(&im.locs, sizeof(struct loc_entry), LOC_CACHE);
	lb_cache_init(&im.lots, sizeof(int64_t), LOT_CACHE);
	/* A bad row may have written half a posting before it failed, so
	 * the good rows are posted again from here without the bad ones. */
	if (o->skip_invalid) {
		if ((rc = lb_db_exec(db, "SAVEPOINT lb_stock_import", e)))
			goto done;
		savepoint = 1;
	}
	rc = one_pass(&im, path, sink, &skip, o->rejects, &found, &first_bad, e);
	/* Without the bad rows, a later row may fail that passed before (it
	 * took stock that a bad row received): again until a pass finds
	 * none. Each pass finds at least one more, so this ends. */
	while (rc == LB_OK && found.n && o->skip_invalid) {
		pass_close(&im);
		lb_cache_clear(&im.lots);
		if ((rc = lb_db_exec(db, "ROLLBACK TO lb_stock_import", e)) ||
		    (rc = bad_rows_merge(&skip, &found, e)))
			goto done;
		rc = one_pass(&im, path, sink, &skip, o->rejects, &found, &first_bad, e);
	}
	if (rc)
		goto done;
	if (found.n) {
		rc = lb_fail(e, first_bad, "stock import: %zu bad row%s in '%s', nothing imported", found.n,
			     found.n == 1 ? "" : "s", path);
	} else if (res->rows == 0) {
		rc = lb_fail(e, LB_EINPUT, "file '%s' has a header but no rows: nothing to import", path);
	} else {
		res->rejected = (long)skip.n;
		rc = lb_journal_finish(im.j, e);
	}
done:
	pass_close(&im);
	if (savepoint) {
		lb_err ignore;
		if (rc)
			lb_db_exec(db, "ROLLBACK TO lb_stock_import", &ignore);
		if (lb_db_exec(db, "RELEASE lb_stock_import", rc ? &ignore : e) && rc == LB_OK)
			rc = LB_ESYS;
	}
	if (rc && o->rejects)
		remove(o->rejects); /* half a rejects file would mislead */
	bad_rows_free(&skip);
	bad_rows_free(&found);
	lb_cache_release(&im.items);
	lb_cache_release(&im.locs);
	lb_cache_release(&im.lots);
	return rc;
}
