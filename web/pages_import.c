/*
 * pages_import.c — imports from the browser, each in two steps: upload
 * and preview, then confirm.
 *
 *   /stok/impor         stock movements (`lumbung stock import`)
 *   /penerima/impor     recipients (`lumbung recipient import`)
 *   /penerima/saring    a screening list (`lumbung recipient screen`)
 *
 * The preview (POST of the page) keeps the uploaded bytes (web/uploads.h)
 * and runs the same operation as the command's --dry-run on them: how
 * many rows are good, what they would post, and a table of every bad row
 * (row, column, the cell's value, the reason in Bahasa Indonesia and the
 * module's own as "Rincian teknis"). Nothing is written. Its confirm
 * button posts the token of the kept file (…/posting, a writing page:
 * one-time key, so a double click posts once); the file and the options
 * previewed with it are run through the operation again, for real, all
 * or nothing (or, as --skip-invalid, the good rows only, the rejects
 * kept for download). Everything is judged again at confirm: if the data
 * moved since the preview so that a row is now bad, nothing is written
 * and the page says so.
 *
 * A value shown from a recipient file is masked (NIK, KK, phone) unless
 * the user may see NIKs (capability n), and then the showing is audited.
 * No NIK is ever in an address: the token names the file.
 *
 * Memory: the bad rows of a run are collected in a growable array freed
 * before the page returns; everything else is the request's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/mask.h"
#include "core/sheet.h"
#include "inventory/import.h"
#include "inventory/stock.h"
#include "recipients/import.h"
#include "recipients/screening.h"
#include "recipients/status.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/server.h"
#include "web/uploads.h"

#define BAD_SHOWN 100000L /* rows of the table of bad rows; the rest are counted */

enum mode { DRY, ALL, GOOD };

/* One problem of a bad row. */
struct bad {
	long row;
	size_t seq;   /* order found, to keep a row's problems in order */
	char *col;    /* the importer's column name, NULL for the row as a whole */
	char *reason; /* the module's message, without "file 'F', row N" */
	char *value;  /* the cell, filled after the run (masked when it must be) */
};

struct bads {
	struct bad *v;
	size_t n, cap;
	long dropped; /* problems past BAD_SHOWN */
	int oom;
	const char *path; /* the kept file, to cut from messages */
};

static void bads_free(struct bads *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].col);
		free(b->v[i].reason);
		free(b->v[i].value);
	}
	free(b->v);
	memset(b, 0, sizeof *b);
}

static void bads_add(struct bads *b, long row, const char *col, size_t col_len, const char *reason)
{
	struct bad *x;

	if (b->n >= (size_t)BAD_SHOWN) {
		b->dropped++;
		return;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct bad *p = realloc(b->v, cap * sizeof *p);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->v = p;
		b->cap = cap;
	}
	x = &b->v[b->n];
	memset(x, 0, sizeof *x);
	x->row = row;
	x->seq = b->n;
	if ((col && !(x->col = strndup(col, col_len))) || !(x->reason = strdup(reason))) {
		free(x->col);
		b->oom = 1;
		return;
	}
	b->n++;
}

/* The sink of every import here. A stock import names the row and its
 * columns in the reason ("file 'F', row N, column 'C': why; column 'D':
 * why"): each column's problem becomes its own line. */
static void collect(void *arg, int warning, const char *file, long row, const char *column, const char *reason)
{
	struct bads *b = arg;
	char tail[48];
	const char *t;

	if (warning)
		return;
	/* "file 'F', row N" is found by its end: an error message has any run
	 * of 16 digits masked (core/err.c), and the kept file's random name
	 * may hold one, so F is not always as given */
	snprintf(tail, sizeof tail, "', row %ld", row);
	if (strncmp(reason, "file '", 6) == 0 && (t = strstr(reason, tail)) != NULL &&
	    (t[strlen(tail)] == ':' || t[strlen(tail)] == ',' || !t[strlen(tail)])) {
		reason = t + strlen(tail);
		if (*reason == ':') {
			reason++;
			while (*reason == ' ')
				reason++;
		} else if (*reason == ',') {
			reason++;
			while (*reason == ' ')
				reason++;
		}
	}
	if (column || strncmp(reason, "column '", 8) != 0) {
		bads_add(b, row, column, column ? strlen(column) : 0, reason);
		return;
	}
	/* column 'C': why[; column 'D': why]... */
	while (strncmp(reason, "column '", 8) == 0) {
		const char *name = reason + 8, *q = strchr(name, '\'');
		const char *next, *why;
		char one[LB_ERR_MAX];

		if (!q || q[1] != ':')
			break;
		why = q + 2;
		while (*why == ' ')
			why++;
		next = strstr(why, "; column '");
		snprintf(one, sizeof one, "%.*s", next ? (int)(next - why) : (int)strlen(why), why);
		bads_add(b, row, name, (size_t)(q - name), one);
		if (!next)
			return;
		reason = next + 2;
	}
	if (*reason)
		bads_add(b, row, NULL, 0, reason);
}

static int cmp_bad(const void *a, const void *b)
{
	const struct bad *x = a, *y = b;
	if (x->row != y->row)
		return (x->row > y->row) - (x->row < y->row);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Distinct rows among the (sorted) problems. */
static long bad_rows(const struct bads *b)
{
	long n = 0;
	for (size_t i = 0; i < b->n; i++)
		if (i == 0 || b->v[i].row != b->v[i - 1].row)
			n++;
	return n;
}

/* ---- the three imports ---- */

struct kind;

struct run {
	struct lb_req *q;
	const struct kind *k;
	const char *path, *opts;
	enum mode mode;
	const char *rejects; /* GOOD: where the rows left out go */
	/* values masked whatever the user may see: a confirm's answer is
	 * kept as its one-time key's replay (web_idem), and a NIK of a row
	 * that registered nobody has no business there */
	int masked;
	struct bads bads;
	struct lb_rows sink;
	/* results */
	long rows, posted, rejected;
	char what[600]; /* what the good rows post (would post), in Bahasa Indonesia */
	char warn[600]; /* the operation's warnings, English, for "Rincian teknis" */
};

struct kind {
	const char *path, *confirm, *rejects_page, *store, *cmd, *title, *noun;
	const char *posted_id, *posted_words; /* the result's element id and its words */
	const char *intro;
	int nik_cells; /* values may hold NIKs: masked unless the user has n */
	int (*fields)(struct lb_req *q, struct lb_resp *r);        /* extra form fields */
	int (*opts)(struct lb_req *q, char *out, size_t n);        /* options from the form */
	int (*run)(struct run *x, struct lb_op *op, lb_err *e);
	const struct lb_sheet_col *(*columns)(size_t *n);
	const char *rejects_name;
};

static void take_warnings(struct run *x, const struct lb_op *op)
{
	size_t len = 0;
	x->warn[0] = '\0';
	for (size_t i = 0; i < op->nwarn && len + 2 < sizeof x->warn; i++)
		len += (size_t)snprintf(x->warn + len, sizeof x->warn - len, "%s%s", i ? "; " : "", op->warn[i]);
	if (op->dropped && len + 2 < sizeof x->warn)
		snprintf(x->warn + len, sizeof x->warn - len, "; and %zu more", op->dropped);
}

/* stock import */
static int run_stock(struct run *x, struct lb_op *op, lb_err *e)
{
	struct lb_stock_import_in in = { 0 };
	struct lb_import_result out;
	int rc;

	in.file = x->path;
	in.dry_run = x->mode == DRY;
	in.skip_invalid = x->mode == GOOD;
	in.rejects = x->mode == GOOD ? x->rejects : NULL;
	in.sink = &x->sink;
	rc = lb_stock_import(op, &in, &out, e);
	x->rows = out.rows;
	x->posted = (long)out.movements;
	x->rejected = out.rejected;
	snprintf(x->what, sizeof x->what, "%ld penerimaan, %ld pemindahan, %ld penyesuaian: %lld mutasi stok",
		 out.receipts, out.moves, out.adjusts, (long long)out.movements);
	if (out.already) {
		size_t len = strlen(x->what);
		snprintf(x->what + len, sizeof x->what - len,
			 "; %ld baris dilewati karena id-nya sudah pernah dibukukan", out.already);
	}
	return rc;
}

/* recipient import; opts: "1" to accept a NIK that does not match */
static int run_recipients(struct run *x, struct lb_op *op, lb_err *e)
{
	struct lb_recipient_import_in in = { 0 };
	struct lb_recipient_import_result res;
	size_t len;
	int rc;

	in.file = x->path;
	in.dry_run = x->mode == DRY;
	in.skip_invalid = x->mode == GOOD;
	in.rejects = x->mode == GOOD ? x->rejects : NULL;
	in.accept_mismatch = strcmp(x->opts, "1") == 0;
	in.rows = &x->sink;
	rc = lb_recipient_import_run(op, &in, &res, e);
	x->rows = res.rows;
	x->posted = res.imported;
	x->rejected = x->mode == GOOD ? res.rejected : 0;
	/* a refused file keeps only its row counts: the good rows are the rest */
	len = (size_t)snprintf(x->what, sizeof x->what, "%ld penerima",
			       rc && !res.imported ? res.rows - res.rejected : res.imported);
	if (res.duplicates)
		len += (size_t)snprintf(x->what + len, sizeof x->what - len,
					"; %ld kemungkinan ganda ditahan untuk ditinjau", res.duplicates);
	if (res.hits && len < sizeof x->what)
		len += (size_t)snprintf(x->what + len, sizeof x->what - len, "; %ld ada di daftar saring", res.hits);
	if (res.mismatches && len < sizeof x->what)
		len += (size_t)snprintf(x->what + len, sizeof x->what - len,
					"; %ld NIK tidak cocok diterima dengan persetujuan", res.mismatches);
	if (res.unknown_districts && len < sizeof x->what)
		snprintf(x->what + len, sizeof x->what - len, "; %ld NIK dengan kecamatan di luar data wilayah",
			 res.unknown_districts);
	return rc;
}

/* recipient screen; opts: "LIST\x1fSTATUS\x1fDATE" */
static int run_screen(struct run *x, struct lb_op *op, lb_err *e)
{
	struct lb_screen_in in = { 0 };
	struct lb_screen_out out;
	char o[LB_UPLOAD_OPTS], *status, *date;
	size_t len;
	int rc;

	snprintf(o, sizeof o, "%s", x->opts);
	status = strchr(o, '\x1f');
	date = status ? strchr(status + 1, '\x1f') : NULL;
	if (status)
		*status++ = '\0';
	if (date)
		*date++ = '\0';
	in.file = x->path;
	in.list = o;
	in.set_status = status && *status ? status : NULL;
	in.date = date && *date ? date : NULL;
	in.dry_run = x->mode == DRY;
	in.skip_invalid = x->mode == GOOD;
	in.rejects = x->mode == GOOD ? x->rejects : NULL;
	in.rows = &x->sink;
	rc = lb_screen_run(op, &in, &out, e);
	x->rows = out.result.rows;
	x->posted = out.result.hits;
	x->rejected = x->mode == GOOD ? out.result.rejected : 0;
	len = (size_t)snprintf(x->what, sizeof x->what,
			       "daftar %s: %ld NIK; %ld penerima ada di daftar ini (%ld baru, %ld tidak lagi)",
			       out.list[0] ? out.list : o, out.result.entries, out.result.hits, out.result.new_hits,
			       out.result.dropped);
	if (in.set_status && len < sizeof x->what)
		snprintf(x->what + len, sizeof x->what - len, "; status %s sejak %s untuk %ld penerima", in.set_status,
			 in.date ? in.date : "", out.result.changed);
	return rc;
}

static int mismatch_field(struct lb_req *q, struct lb_resp *r)
{
	return lb_html_raw(r, "<label class=\"centang\"><input type=\"checkbox\" name=\"accept_mismatch\" value=\"1\"> "
			      "Terima NIK yang tidak cocok dengan tanggal lahir atau jenis kelamin</label>"
			      "<p class=\"catatan\">Centang hanya bila data kependudukan sudah diperiksa: NIK yang tanggal lahir atau"
			      " jenis kelaminnya tidak cocok dengan isian tetap didaftarkan, dan setiap ketidakcocokan dicatat"
			      " (seperti <code>--accept-mismatch</code>). Tanpa centang, baris seperti itu ditolak.</p>",
			   &q->err);
}

static int mismatch_opts(struct lb_req *q, char *out, size_t n)
{
	const char *v = lb_form_get(&q->form, "accept_mismatch");
	snprintf(out, n, "%s", v && strcmp(v, "1") == 0 ? "1" : "0");
	return LB_OK;
}

static int screen_fields(struct lb_req *q, struct lb_resp *r)
{
	lb_err *e = &q->err;
	const char *list = lb_form_get(&q->form, "list");
	int rc;

	if ((rc = lb_html_raw(r, "<label><span>Nama daftar <span class=\"req\">*</span></span>"
				 "<input name=\"list\" required maxlength=\"32\" value=\"", e)) ||
	    (rc = lb_html_text(r, list ? list : "", e)) ||
	    (rc = lb_html_raw(r, "\"></label><p class=\"catatan\">Misalnya PKH, SEMBAKO, DUKCAPIL-MATI (huruf, angka, - dan _)."
				 " Daftar dengan nama yang sama diganti seluruhnya.</p>"
				 "<label><span>Ubah status penerima yang ditemukan menjadi</span><select name=\"set_status\">"
				 "<option value=\"\">— jangan ubah status —</option>", e)))
		return rc;
	for (const char *s = lb_status_list(); *s;) {
		size_t len = strcspn(s, ", ");
		char word[32];
		snprintf(word, sizeof word, "%.*s", (int)len, s);
		if (len && strcmp(word, "aktif") != 0 &&
		    ((rc = lb_html_raw(r, "<option>", e)) || (rc = lb_html_text(r, word, e)) ||
		     (rc = lb_html_raw(r, "</option>", e))))
			return rc;
		s += len;
		while (*s == ',' || *s == ' ')
			s++;
	}
	return lb_html_raw(r, "</select></label>"
			      "<label><span>Sejak tanggal (bila status diubah)</span><input type=\"date\" name=\"date\"></label>",
			   e);
}

static int screen_opts(struct lb_req *q, char *out, size_t n)
{
	const char *list = lb_form_get(&q->form, "list"), *st = lb_form_get(&q->form, "set_status"),
		   *date = lb_form_get(&q->form, "date");
	if (!list)
		list = "";
	if (strchr(list, '\x1f') || (st && strchr(st, '\x1f')) || (date && strchr(date, '\x1f')) ||
	    strlen(list) + (st ? strlen(st) : 0) + (date ? strlen(date) : 0) + 3 > n)
		return lb_fail(&q->err, LB_EINPUT, "the list name, status or date is too long");
	snprintf(out, n, "%s\x1f%s\x1f%s", list, st ? st : "", date ? date : "");
	return LB_OK;
}

static const struct kind stock_kind = {
	"/stok/impor", "/stok/impor/posting", "/stok/impor/tolakan", "stok", "/stok/impor",
	"Impor mutasi stok", "baris", "jml-terposting", "mutasi stok dibukukan",
	"Unggah berkas CSV (koma, titik koma atau tab) atau XLSX berisi penerimaan, pemindahan dan penyesuaian stok,"
	" dengan judul kolom seperti di docs/inventory.md (jenis, tanggal, dari, ke, barang, jumlah, lot, kedaluwarsa,"
	" harga satuan, referensi, id, alasan). Berkas diperiksa dulu: setiap baris yang salah ditampilkan dan belum"
	" ada yang dibukukan sampai Anda menekan tombol posting.",
	0, NULL, NULL, run_stock, lb_import_stock_columns, "stok-ditolak.csv",
};

static const struct kind recipient_kind = {
	"/penerima/impor", "/penerima/impor/posting", "/penerima/impor/tolakan", "penerima", "/penerima/impor",
	"Impor penerima", "baris", "jml-terdaftar", "penerima didaftarkan",
	"Unggah daftar penerima dari desa atau ekstrak DTSEN: CSV (koma, titik koma atau tab) atau XLSX, dengan judul"
	" kolom seperti NIK, No KK, Nama, Jenis Kelamin, Tgl Lahir, Alamat, Desa/Kelurahan, Kategori, Desil"
	" (docs/recipients.md). Berkas diperiksa dulu: setiap baris yang salah ditampilkan dan belum ada yang"
	" didaftarkan sampai Anda menekan tombol posting.",
	1, mismatch_field, mismatch_opts, run_recipients, lb_recipient_import_columns, "penerima-ditolak.csv",
};

static const struct kind screen_kind = {
	"/penerima/saring", "/penerima/saring/posting", "/penerima/saring/tolakan", "saring", "/penerima/saring",
	"Unggah daftar saring", "baris", "jml-ditandai", "penerima ada di daftar ini",
	"Unggah daftar NIK dari program lain (PKH, Program Sembako), register kematian atau daftar ASN: CSV atau XLSX"
	" dengan kolom NIK (boleh juga Nama dan Catatan). Setiap penerima yang ada di daftar ditandai; daftar dengan"
	" nama yang sama diganti. Berkas diperiksa dulu dan belum ada yang diubah sampai Anda menekan tombol posting.",
	1, screen_fields, screen_opts, run_screen, lb_screen_columns, "daftar-ditolak.csv",
};

/* ---- running one ---- */

/* The module's message for people reading it: the kept file's path
 * (which names the token) becomes "berkas unggahan". */
static void scrub(char *msg, const char *path)
{
	size_t plen = path ? strlen(path) : 0;
	char *p;

	if (!plen)
		return;
	while ((p = strstr(msg, path))) {
		static const char word[] = "upload";
		memmove(p + sizeof word - 1, p + plen, strlen(p + plen) + 1);
		memcpy(p, word, sizeof word - 1);
	}
}

static int run_it(struct run *x)
{
	const struct lb_cmd *c = lb_web_command(x->k->cmd);
	struct lb_op op;
	int rc;

	if (!c)
		return lb_fail(&x->q->err, LB_ESYS, "no declared command for %s", x->k->cmd);
	x->sink.fn = collect;
	x->sink.arg = &x->bads;
	x->bads.path = x->path;
	lb_web_op(x->q, c, &op);
	lb_op_subject(&op, "unggahan web");
	rc = x->k->run(x, &op, &x->q->err);
	take_warnings(x, &op);
	lb_op_release(&op);
	scrub(x->q->err.msg, x->path);
	scrub(x->warn, x->path);
	if (x->bads.oom && rc != LB_ESYS)
		rc = lb_oom(&x->q->err);
	if (x->bads.n)
		qsort(x->bads.v, x->bads.n, sizeof *x->bads.v, cmp_bad);
	for (size_t i = 0; i < x->bads.n; i++)
		scrub(x->bads.v[i].reason, x->path);
	return rc;
}

/* A value as this user may see it. */
static void shown_value(const struct run *x, char *v)
{
	if (!x->k->nik_cells || (!x->masked && lb_caps_has(x->q->user.caps, "n")))
		return;
	lb_digits_mask(v);
	/* a NIK or KK too short to be one is still somebody's number */
	{
		size_t len = strlen(v), digits = 0;
		for (size_t i = 0; i < len; i++)
			digits += v[i] >= '0' && v[i] <= '9';
		if (digits >= 6)
			for (size_t i = 4; i + 2 < len; i++)
				if (v[i] >= '0' && v[i] <= '9')
					v[i] = '*';
	}
}

/* The cell each problem names, read again from the kept file. */
static int fill_values(struct run *x)
{
	const struct lb_sheet_col *cols;
	size_t ncols, i = 0;
	int idx[32], rc;
	lb_sheet *s;
	lb_err e2;

	if (!x->bads.n)
		return LB_OK;
	cols = x->k->columns(&ncols);
	if (ncols > 32 || lb_sheet_open(x->path, NULL, &s, &e2))
		return LB_OK; /* values are a help; the rows and reasons stand */
	if (lb_sheet_header(s, cols, ncols, idx, &e2)) {
		lb_sheet_close(s);
		return LB_OK;
	}
	while (i < x->bads.n && (rc = lb_sheet_next(s, &e2)) == LB_SHEET_ROW) {
		long row = lb_sheet_row(s);
		while (i < x->bads.n && x->bads.v[i].row < row)
			i++;
		for (; i < x->bads.n && x->bads.v[i].row == row; i++) {
			struct bad *b = &x->bads.v[i];
			for (size_t k = 0; b->col && k < ncols; k++)
				if (strcmp(cols[k].name, b->col) == 0 && idx[k] >= 0) {
					if (!(b->value = strdup(lb_sheet_field(s, idx[k])))) {
						lb_sheet_close(s);
						return lb_oom(&x->q->err);
					}
					shown_value(x, b->value);
				}
		}
	}
	lb_sheet_close(s);
	return LB_OK;
}

/* ---- the reasons in Bahasa Indonesia ---- */

static const struct {
	const char *has, *also, *words;
} reasons[] = {
	{ "only ", " there", "Stok tidak cukup di lokasi itu." },
	{ "not enough stock", NULL, "Stok tidak cukup." },
	{ "unknown item", NULL, "Barang ini tidak dikenal (belum terdaftar di lumbung)." },
	{ "unknown location", NULL, "Lokasi ini tidak dikenal (belum terdaftar di lumbung)." },
	{ "is not a lot of", NULL, "Lot ini bukan lot barang tersebut." },
	{ "is not a type of row", NULL, "Jenis baris tidak dikenal: isi receive, move atau adjust." },
	{ "row needs a", NULL, "Kolom ini wajib diisi untuk jenis baris ini." },
	{ "leave the cell empty", NULL, "Kolom ini harus kosong untuk jenis baris ini (kolomnya bergeser?)." },
	{ "names its location once", NULL, "Penyesuaian menyebut lokasinya tepat satu kali (di kolom lokasi, dari atau ke)." },
	{ "would take stock out", NULL, "Tanda jumlah bertentangan dengan kolom lokasinya." },
	{ "would add stock", NULL, "Tanda jumlah bertentangan dengan kolom lokasinya." },
	{ "after today", NULL, "Tanggal ini sesudah hari ini." },
	{ "is not a date", NULL, "Ini bukan tanggal yang sah (tulis 2026-01-15 atau 15/01/2026)." },
	{ "is not a unit of", NULL, "Satuan ini bukan satuan barang tersebut." },
	{ "is not a quantity", NULL, "Ini bukan jumlah yang sah (tulis angka, boleh dengan satuan)." },
	{ "greater than zero", NULL, "Jumlah harus lebih dari nol." },
	{ "is zero", NULL, "Jumlah nol tidak mengubah apa pun." },
	{ "in rupiah", NULL, "Ini bukan jumlah rupiah yang sah (tulis 14000 atau 14.000)." },
	{ "is not a reason", NULL, "Alasan tidak dikenal: isi rusak, hilang, kedaluwarsa atau lain." },
	{ "expiry", "before the receipt", "Tanggal kedaluwarsa sebelum tanggal penerimaan." },
	{ "without naming its lot", NULL, "Stok yang ditambahkan harus menyebut lotnya." },
	{ "not a supplier", NULL, "Asal penerimaan harus pemasok." },
	{ "to itself", NULL, "Asal dan tujuan sama." },
	{ "the item is empty", NULL, "Kode barang kosong." },
	{ "already registered", NULL, "NIK ini sudah terdaftar." },
	{ "earlier row", NULL, "NIK ini sama dengan baris sebelumnya di berkas ini." },
	{ "same NIK", NULL, "NIK ini sama dengan baris lain di berkas ini." },
	{ "Excel", NULL, "Angka ini dirusak Excel (disimpan sebagai angka): ubah kolomnya menjadi teks." },
	{ "NIK", NULL, "NIK tidak sah." },
	{ "village", NULL, "Desa/kelurahan tidak dikenal." },
	{ "category", NULL, "Kategori tidak dikenal atau kosong." },
	{ "point", NULL, "Titik salur tidak dikenal." },
	{ "desil", NULL, "Desil tidak sah (1 sampai 10)." },
	{ "birth", NULL, "Tanggal lahir tidak sah." },
	{ "sex", NULL, "Jenis kelamin tidak sah (L atau P)." },
	{ "phone", NULL, "Nomor HP tidak sah." },
	{ "is empty", NULL, "Isian ini kosong." },
	{ "fields", NULL, "Jumlah kolom baris ini tidak sama dengan judulnya." },
	{ "too long", NULL, "Isian ini terlalu panjang." },
};

static const char *reason_words(const char *msg)
{
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (strstr(msg, reasons[i].has) && (!reasons[i].also || strstr(msg, reasons[i].also)))
			return reasons[i].words;
	return "Isian tidak sesuai aturan (lihat rincian teknis).";
}

/* The column's name as people read it. */
static const char *column_words(const char *col)
{
	static const struct { const char *name, *words; } names[] = {
		{ "type", "jenis" }, { "date", "tanggal" }, { "from", "dari" }, { "to", "ke" }, { "at", "lokasi" },
		{ "item", "barang" }, { "qty", "jumlah" }, { "lot", "lot" }, { "expiry", "kedaluwarsa" },
		{ "unit_cost", "harga satuan" }, { "ref", "referensi" }, { "id", "id" }, { "reason", "alasan" },
		{ "note", "catatan" }, { "nik", "NIK" }, { "kk", "No KK" }, { "name", "nama" }, { "sex", "jenis kelamin" },
		{ "birth_date", "tanggal lahir" }, { "address", "alamat" }, { "village", "desa/kelurahan" },
		{ "category", "kategori" }, { "desil", "desil" }, { "phone", "No HP" }, { "proxy_name", "nama wakil" },
		{ "proxy_nik", "NIK wakil" }, { "point", "titik salur" }, { "district", "kecamatan" },
	};
	if (!col)
		return "(seluruh baris)";
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, col) == 0)
			return names[i].words;
	return col;
}

/* A refusal of the whole file, in Bahasa Indonesia, from the module's
 * message (which stays as "Rincian teknis"). */
static const char *file_words(const char *msg)
{
	if (strstr(msg, "zip bomb") || strstr(msg, "unpacks to"))
		return "Berkas XLSX ini ditolak: isinya membengkak jauh melebihi ukurannya (bom zip). Tidak ada yang diperiksa"
		       " atau dicatat.";
	if (strstr(msg, "Excel workbook") || strstr(msg, "well-formed XML") || strstr(msg, "is damaged") ||
	    strstr(msg, "cannot unpack") || strstr(msg, "the workbook"))
		return "Berkas XLSX ini rusak atau bukan buku kerja Excel yang dapat dibaca. Tidak ada yang dicatat.";
	if (strstr(msg, "missing column"))
		return "Berkas ini tidak punya semua kolom yang wajib (lihat rincian teknis untuk nama kolomnya)."
		       " Tidak ada yang dicatat.";
	if (strstr(msg, "appears twice"))
		return "Ada judul kolom yang muncul dua kali. Tidak ada yang dicatat.";
	if (strstr(msg, "unknown column") || strstr(msg, "is not a column"))
		return "Ada judul kolom yang tidak dikenal (salah ketik atau kolom lain). Tidak ada yang dicatat.";
	if (strstr(msg, "header but no rows"))
		return "Berkas ini hanya berisi judul kolom, tanpa baris data. Tidak ada yang dicatat.";
	if (strstr(msg, "is empty"))
		return "Berkas ini kosong. Tidak ada yang dicatat.";
	if (strstr(msg, "end in 0"))
		return "NIK di berkas ini dirusak Excel (disimpan sebagai angka, digit terakhir menjadi 0). Ubah kolom NIK"
		       " menjadi teks lalu unggah lagi. Tidak ada yang dicatat.";
	if (strstr(msg, "list name") || strstr(msg, "--list"))
		return "Nama daftar tidak sah: 1 sampai 32 huruf, angka, - atau _. Tidak ada yang dicatat.";
	if (strstr(msg, "status"))
		return "Status yang dipilih tidak sah. Tidak ada yang dicatat.";
	if (strstr(msg, "--date") || strstr(msg, "date"))
		return "Tanggal tidak sah: pilih tanggal hari ini atau sebelumnya. Tidak ada yang dicatat.";
	return "Berkas ini tidak dapat dibaca sebagai tabel impor. Tidak ada yang dicatat.";
}

/* What a file that is no table looks like, before the module reads it. */
static const char *not_a_table(const char *data, size_t len)
{
	static const struct { const char *magic; size_t n; const char *words; } kinds[] = {
		{ "\x89PNG", 4, "Berkas ini bukan CSV atau XLSX: isinya gambar PNG. Tidak ada yang dicatat." },
		{ "\xff\xd8\xff", 3, "Berkas ini bukan CSV atau XLSX: isinya gambar JPEG. Tidak ada yang dicatat." },
		{ "GIF8", 4, "Berkas ini bukan CSV atau XLSX: isinya gambar GIF. Tidak ada yang dicatat." },
		{ "%PDF", 4, "Berkas ini bukan CSV atau XLSX: isinya dokumen PDF. Tidak ada yang dicatat." },
		{ "\xd0\xcf\x11\xe0", 4, "Berkas ini berformat Excel lama (.xls): simpan sebagai .xlsx atau CSV lalu unggah"
					" lagi. Tidak ada yang dicatat." },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (len >= kinds[i].n && memcmp(data, kinds[i].magic, kinds[i].n) == 0)
			return kinds[i].words;
	if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		return NULL; /* a workbook: the XLSX reader judges it */
	if (memchr(data, '\0', len < 65536 ? len : 65536))
		return "Berkas ini bukan CSV atau XLSX (isinya bukan teks). Tidak ada yang dicatat.";
	return NULL;
}

/* ---- pages ---- */

static int upload_form(struct lb_req *q, struct lb_resp *r, const struct kind *k)
{
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<form id=\"unggah\" class=\"isian\" method=\"post\" enctype=\"multipart/form-data\" action=\"", e)) ||
	    (rc = lb_html_text(r, k->path, e)) || (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<label><span>Berkas CSV atau XLSX <span class=\"req\">*</span></span>"
				 "<input type=\"file\" name=\"file\" accept=\".csv,.txt,.xlsx,text/csv\" required></label><p class=\"catatan\">", e)) ||
	    (rc = lb_html_textf(r, e, "Paling besar %d MB.", LB_WEB_UPLOAD_MAX / (1024 * 1024))) ||
	    (rc = lb_html_raw(r, "</p>", e)) ||
	    (k->fields && (rc = k->fields(q, r))) ||
	    (rc = lb_html_raw(r, "<button type=\"submit\" id=\"periksa\">Periksa berkas</button></form>", e)))
		return rc;
	return LB_OK;
}

/* The upload page, with a refusal above the form when why is set. */
static int upload_page(struct lb_req *q, struct lb_resp *r, const struct kind *k, int status, const char *why,
		       const char *detail)
{
	lb_err *e = &q->err;
	int rc;

	r->status = status;
	if ((rc = lb_html_begin(q, r, k->title)))
		return rc;
	if (why && ((rc = lb_html_raw(r, "<div class=\"galat\" id=\"galat\"><p class=\"apa\"><b>Apa yang terjadi:</b> ", e)) ||
		    (rc = lb_html_text(r, why, e)) ||
		    (rc = lb_html_raw(r, "</p><p class=\"saran\"><b>Yang dapat Anda lakukan:</b> perbaiki berkasnya, lalu"
					 " unggah lagi.</p></div>", e)) ||
		    (detail && *detail &&
		     ((rc = lb_html_raw(r, "<p class=\"rinci\">Rincian teknis (untuk admin): ", e)) ||
		      (rc = lb_html_text(r, detail, e)) || (rc = lb_html_raw(r, "</p>", e))))))
		return rc;
	if ((rc = lb_html_raw(r, "<p>", e)) || (rc = lb_html_text(r, k->intro, e)) || (rc = lb_html_raw(r, "</p>", e)) ||
	    (rc = upload_form(q, r, k)))
		return rc;
	return lb_html_end(q, r);
}

static int num(struct lb_resp *r, const char *id, long v, lb_err *e)
{
	char n[32];
	int rc;
	lb_html_int(v, n);
	if ((rc = lb_html_raw(r, "<b id=\"", e)) || (rc = lb_html_raw(r, id, e)) || (rc = lb_html_raw(r, "\">", e)) ||
	    (rc = lb_html_text(r, n, e)) || (rc = lb_html_raw(r, "</b>", e)))
		return rc;
	return LB_OK;
}

static int bad_table(struct run *x, struct lb_resp *r)
{
	lb_err *e = &x->q->err;
	int rc;

	if (!x->bads.n)
		return LB_OK;
	/* a card per row on a phone (table.susun): row, column and reason in
	 * sight for whoever corrects the file there */
	if ((rc = lb_html_raw(r, "<h2>Baris yang salah</h2><div class=\"tbl\"><table id=\"baris-salah\" class=\"susun\"><thead><tr>"
				 "<th class=\"n\">Baris</th><th>Kolom</th><th>Nilai</th><th>Alasan</th><th>Rincian teknis</th>"
				 "</tr></thead><tbody>", e)))
		return rc;
	for (size_t i = 0; i < x->bads.n; i++) {
		const struct bad *b = &x->bads.v[i];
		char n[32];
		lb_html_int(b->row, n);
		if ((rc = lb_html_raw(r, "<tr><td class=\"n\" data-judul=\"Baris\">", e)) || (rc = lb_html_text(r, n, e)) ||
		    (rc = lb_html_raw(r, "</td><td data-judul=\"Kolom\">", e)) || (rc = lb_html_text(r, column_words(b->col), e)) ||
		    (rc = lb_html_raw(r, "</td><td data-judul=\"Nilai\">", e)) || (rc = lb_html_text(r, b->value ? b->value : "", e)) ||
		    (rc = lb_html_raw(r, "</td><td data-judul=\"Alasan\">", e)) || (rc = lb_html_text(r, reason_words(b->reason), e)) ||
		    (rc = lb_html_raw(r, "</td><td class=\"rinci\" data-judul=\"Rincian teknis\">", e)) ||
		    (rc = lb_html_text(r, b->reason, e)) ||
		    (rc = lb_html_raw(r, "</td></tr>", e)))
			return rc;
	}
	if ((rc = lb_html_raw(r, "</tbody></table></div>", e)))
		return rc;
	if (x->bads.dropped &&
	    (rc = lb_html_textf(r, e, "… dan %ld masalah lain yang tidak ditampilkan (tabel dibatasi %ld baris).",
				x->bads.dropped, BAD_SHOWN)))
		return rc;
	return LB_OK;
}

/* A hidden token field and a button posting it to the confirm page. */
static int confirm_form(struct run *x, struct lb_resp *r, const char *token, const char *mode, const char *id,
			const char *label, const char *note)
{
	lb_err *e = &x->q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<form class=\"isian\" method=\"post\" action=\"", e)) ||
	    (rc = lb_html_text(r, x->k->confirm, e)) || (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_csrf(x->q, r)) ||
	    (rc = lb_html_raw(r, "<input type=\"hidden\" name=\"token\" value=\"", e)) || (rc = lb_html_text(r, token, e)) ||
	    (rc = lb_html_raw(r, "\"><input type=\"hidden\" name=\"mode\" value=\"", e)) || (rc = lb_html_text(r, mode, e)) ||
	    (rc = lb_html_raw(r, "\">", e)) ||
	    (note && ((rc = lb_html_raw(r, "<p class=\"catatan\">", e)) || (rc = lb_html_text(r, note, e)) ||
		      (rc = lb_html_raw(r, "</p>", e)))) ||
	    (rc = lb_html_raw(r, "<button type=\"submit\" id=\"", e)) || (rc = lb_html_raw(r, id, e)) ||
	    (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_text(r, label, e)) || (rc = lb_html_raw(r, "</button></form>", e)))
		return rc;
	return LB_OK;
}

/* Check the file again later (a stale preview): the kept file, no upload. */
static int recheck_form(struct run *x, struct lb_resp *r, const char *token)
{
	lb_err *e = &x->q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<form class=\"isian\" method=\"post\" enctype=\"multipart/form-data\" action=\"", e)) ||
	    (rc = lb_html_text(r, x->k->path, e)) || (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_csrf(x->q, r)) ||
	    (rc = lb_html_raw(r, "<input type=\"hidden\" name=\"token\" value=\"", e)) || (rc = lb_html_text(r, token, e)) ||
	    (rc = lb_html_raw(r, "\"><button type=\"submit\" id=\"periksa-ulang\">Periksa ulang berkas yang sama</button></form>", e)))
		return rc;
	return LB_OK;
}

/* The audit row of NIKs shown whole in a preview (never the NIKs). */
static int audit_shown(struct run *x)
{
	char subject[160];
	if (!x->k->nik_cells || !x->bads.n || !lb_caps_has(x->q->user.caps, "n"))
		return LB_OK;
	snprintf(subject, sizeof subject, "%s preview: cells of %ld bad rows", x->k->cmd, bad_rows(&x->bads));
	return lb_audit_add(x->q->db, x->q->user.name, x->q->address, "nik.show", subject, "ok", &x->q->err);
}

static int preview(struct lb_req *q, struct lb_resp *r, const struct kind *k)
{
	const struct lb_upload *u = lb_form_file(&q->form, "file");
	const char *token_in = lb_form_get(&q->form, "token");
	struct run x = { .q = q, .k = k, .mode = DRY };
	char token[LB_TOKEN_HEX + 1], path[LB_UPLOAD_PATH], opts[LB_UPLOAD_OPTS] = "";
	lb_err *e = &q->err;
	long bad, good;
	int rc, why;

	if (u && u->len) {
		const char *nt = not_a_table(u->data, u->len);
		if (nt)
			return upload_page(q, r, k, 400, nt, NULL);
		if (k->opts && (rc = k->opts(q, opts, sizeof opts)))
			return rc == LB_EINPUT ? upload_page(q, r, k, 400, "Isian formulir terlalu panjang.", e->msg) : rc;
		if ((rc = lb_upload_keep(q->db, q->user.id, k->store, opts, u->data, u->len, q->now, token, path, e)))
			return rc;
	} else if (token_in && !u) {
		/* check the kept file again (after a stale confirm) */
		why = lb_upload_find(q->db, q->user.id, k->store, token_in, q->now, 0, path, opts);
		if (why)
			return upload_page(q, r, k, 409, "Berkas pratinjau itu tidak tersedia lagi (kedaluwarsa atau sudah"
							 " diposting). Unggah berkasnya lagi.", NULL);
		snprintf(token, sizeof token, "%s", token_in);
	} else {
		return upload_page(q, r, k, 400, u ? "Berkas yang diunggah kosong (0 byte). Tidak ada yang dicatat."
						   : "Pilih berkas CSV atau XLSX yang akan diperiksa.", NULL);
	}
	x.path = path;
	x.opts = opts;
	rc = run_it(&x);
	if (rc == LB_ESYS)
		goto out;
	if (rc && !x.bads.n) {
		/* the whole file refused: nothing to confirm */
		lb_upload_drop(token);
		rc = upload_page(q, r, k, 400, file_words(e->msg), e->msg);
		goto out;
	}
	if ((rc = fill_values(&x)) || (rc = audit_shown(&x)))
		goto out;
	bad = bad_rows(&x.bads);
	good = x.rows - bad > 0 ? x.rows - bad : 0;
	if ((rc = lb_html_begin(q, r, k->title)) ||
	    (rc = lb_html_raw(r, "<section id=\"pratinjau\" class=\"ringkas\"><p>Pratinjau: ", e)) ||
	    (rc = num(r, "jml-baris", x.rows, e)) || (rc = lb_html_raw(r, " baris dibaca, ", e)) ||
	    (rc = num(r, "jml-baik", good, e)) || (rc = lb_html_raw(r, " baris baik, ", e)) ||
	    (rc = num(r, "jml-salah", bad, e)) || (rc = lb_html_raw(r, " baris salah.</p><p>", e)) ||
	    (rc = lb_html_text(r, bad ? "Baris yang baik akan mencatat: " : "Akan dicatat: ", e)) ||
	    (rc = lb_html_text(r, x.what, e)) ||
	    (rc = lb_html_raw(r, ".</p><p class=\"catatan\">Belum ada yang dicatat: ini baru pemeriksaan. Berkas disimpan"
				 " di server selama 30 menit untuk diposting.</p>", e)))
		goto out;
	if (x.warn[0] && ((rc = lb_html_raw(r, "<p class=\"rinci\">Peringatan (rincian teknis): ", e)) ||
			  (rc = lb_html_text(r, x.warn, e)) || (rc = lb_html_raw(r, "</p>", e))))
		goto out;
	if ((rc = lb_html_raw(r, "</section>", e)) || (rc = bad_table(&x, r)))
		goto out;
	if (bad == 0 && good > 0) {
		char label[64], n[32];
		lb_html_int(good, n);
		snprintf(label, sizeof label, "Posting %s baris", n);
		rc = confirm_form(&x, r, token, "semua", "posting", label, NULL);
	} else if (good > 0) {
		char label[96], n[32];
		lb_html_int(good, n);
		snprintf(label, sizeof label, "Posting hanya %s baris yang baik", n);
		rc = confirm_form(&x, r, token, "baik", "posting-baik", label,
				  "Berkas ini tidak dapat diposting seluruhnya. Anda dapat memperbaiki berkasnya lalu"
				  " mengunggahnya lagi, atau memposting baris yang baik saja: baris yang salah disimpan"
				  " sebagai CSV (dengan alasannya di kolom terakhir) untuk diunduh, diperbaiki dan diimpor lagi.");
	} else {
		rc = lb_html_raw(r, "<p>Tidak ada baris yang dapat diposting. Perbaiki berkasnya lalu unggah lagi.</p>", e);
	}
	if (rc || (rc = lb_html_raw(r, "<h2>Unggah berkas lain</h2>", e)) || (rc = upload_form(q, r, k)))
		goto out;
	rc = lb_html_end(q, r);
out:
	bads_free(&x.bads);
	return rc;
}

static const char *upload_why_words(int why)
{
	switch (why) {
	case LB_UP_EXPIRED:
		return "Pratinjau ini sudah kedaluwarsa (berkas disimpan 30 menit). Tidak ada yang dicatat."
		       " Unggah berkasnya lagi untuk pratinjau baru.";
	case LB_UP_OTHER:
		return "Pratinjau ini bukan milik Anda (atau untuk impor lain). Tidak ada yang dicatat.";
	case LB_UP_CHANGED:
		return "Berkas yang disimpan untuk pratinjau ini berubah atau hilang di server. Tidak ada yang dicatat."
		       " Unggah berkasnya lagi.";
	case LB_UP_BUSY:
		return "Berkas ini sedang diposting oleh permintaan lain. Tidak ada yang dicatat dua kali; tunggu"
		       " sebentar lalu lihat hasilnya.";
	case LB_UP_POSTED:
		return "Berkas ini sudah diposting sebelumnya. Tidak ada yang dicatat dua kali.";
	default:
		return "Pratinjau ini tidak dikenal (mungkin server dimulai ulang). Tidak ada yang dicatat."
		       " Unggah berkasnya lagi.";
	}
}

static int confirm(struct lb_req *q, struct lb_resp *r, const struct kind *k)
{
	const char *token = lb_form_get(&q->form, "token"), *mode = lb_form_get(&q->form, "mode");
	struct run x = { .q = q, .k = k, .masked = 1 };
	char path[LB_UPLOAD_PATH], opts[LB_UPLOAD_OPTS], rejects[LB_UPLOAD_PATH], n[32];
	lb_err *e = &q->err;
	int rc, why;

	if (!mode || (strcmp(mode, "semua") != 0 && strcmp(mode, "baik") != 0))
		return lb_web_why(q, lb_fail(e, LB_EINPUT, "mode must be semua or baik"), LB_WE_INPUT,
				  "Formulir posting tidak lengkap. Tidak ada yang dicatat.");
	why = lb_upload_find(q->db, q->user.id, k->store, token, q->now, 1, path, opts);
	if (why)
		return lb_web_why(q, lb_fail(e, why == LB_UP_POSTED || why == LB_UP_BUSY ? LB_ERULE : LB_EINPUT,
					     "import token refused (%d)", why),
				  why == LB_UP_POSTED || why == LB_UP_BUSY ? LB_WE_RULE : LB_WE_INPUT, upload_why_words(why));
	x.mode = strcmp(mode, "baik") == 0 ? GOOD : ALL;
	x.path = path;
	x.opts = opts;
	if (x.mode == GOOD) {
		lb_upload_rejects_path(q->db, token, rejects);
		x.rejects = rejects;
	}
	rc = run_it(&x);
	if (rc == LB_ESYS) {
		lb_upload_release(token);
		goto out;
	}
	if (rc) {
		/* judged again and refused: the data moved since the preview */
		lb_err detail = *e;
		lb_upload_release(token);
		if ((rc = fill_values(&x)))
			goto out;
		r->status = 409;
		if ((rc = lb_html_begin(q, r, k->title)) ||
		    (rc = lb_html_raw(r, "<div class=\"galat\" id=\"galat\"><p class=\"apa\"><b>Apa yang terjadi:</b> ", e)) ||
		    (rc = lb_html_text(r, x.bads.n ? "Sejak pratinjau, data berubah (misalnya stok sudah dipindah atau"
						      " NIK sudah didaftarkan orang lain), sehingga ada baris yang kini"
						      " ditolak. Tidak ada yang dicatat."
						    : file_words(detail.msg), e)) ||
		    (rc = lb_html_raw(r, "</p><p class=\"saran\"><b>Yang dapat Anda lakukan:</b> periksa ulang berkas yang"
					 " sama untuk pratinjau baru, atau perbaiki berkasnya lalu unggah lagi.</p></div>"
					 "<p class=\"rinci\">Rincian teknis (untuk admin): ", e)) ||
		    (rc = lb_html_text(r, detail.msg, e)) || (rc = lb_html_raw(r, "</p><p>Baris yang kini salah: ", e)) ||
		    (rc = num(r, "jml-salah", bad_rows(&x.bads), e)) || (rc = lb_html_raw(r, "</p>", e)) ||
		    (rc = bad_table(&x, r)) || (rc = recheck_form(&x, r, token)))
			goto out;
		rc = lb_html_end(q, r);
		goto out;
	}
	lb_upload_posted(token, x.mode == GOOD && x.rejected ? rejects : NULL);
	if (x.mode == GOOD && !x.rejected)
		unlink(rejects);
	lb_html_int(x.posted, n);
	if ((rc = lb_html_begin(q, r, k->title)) ||
	    (rc = lb_html_raw(r, "<section id=\"hasil\" class=\"ringkas\"><p class=\"berhasil\">Diposting: ", e)) ||
	    (rc = num(r, k->posted_id, x.posted, e)) || (rc = lb_html_raw(r, " ", e)) ||
	    (rc = lb_html_text(r, k->posted_words, e)) || (rc = lb_html_raw(r, ".</p><p>", e)) ||
	    (rc = lb_html_text(r, x.what, e)) || (rc = lb_html_raw(r, ".</p>", e)))
		goto out;
	if (x.rejected) {
		lb_html_int(x.rejected, n);
		if ((rc = lb_html_raw(r, "<p>", e)) || (rc = num(r, "jml-ditolak", x.rejected, e)) ||
		    (rc = lb_html_raw(r, " baris yang salah tidak diposting. <a id=\"unduh-tolakan\" href=\"", e)) ||
		    (rc = lb_html_text(r, k->rejects_page, e)) || (rc = lb_html_raw(r, "?token=", e)) ||
		    (rc = lb_html_text(r, token, e)) ||
		    (rc = lb_html_raw(r, "\">Unduh baris yang ditolak (CSV)</a> — tersedia 30 menit.</p>", e)))
			goto out;
	}
	if (x.warn[0] && ((rc = lb_html_raw(r, "<p class=\"rinci\">Peringatan (rincian teknis): ", e)) ||
			  (rc = lb_html_text(r, x.warn, e)) || (rc = lb_html_raw(r, "</p>", e))))
		goto out;
	if ((rc = lb_html_raw(r, "</section><p><a href=\"", e)) || (rc = lb_html_text(r, k->path, e)) ||
	    (rc = lb_html_raw(r, "\">Impor berkas lain</a></p>", e)))
		goto out;
	rc = lb_html_end(q, r);
out:
	bads_free(&x.bads);
	return rc;
}

static int rejects_download(struct lb_req *q, struct lb_resp *r, const struct kind *k)
{
	const char *token = lb_form_get(&q->query, "token");
	char path[LB_UPLOAD_PATH];
	struct stat st;
	int fd, why, rc;

	why = lb_upload_rejects(q->db, q->user.id, k->store, token, q->now, path);
	if (why)
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "no rejects for this token (%d)", why), LB_WE_NODATA,
				  "Berkas baris yang ditolak tidak tersedia (sudah lewat 30 menit, atau bukan milik Anda).");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st)) {
		rc = lb_fail(&q->err, LB_ESYS, "cannot open rejects file: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (k->nik_cells &&
	    (rc = lb_audit_add(q->db, q->user.name, q->address, "nik.show", "rejects file of a web import", "ok", &q->err))) {
		close(fd);
		return rc;
	}
	r->fd = fd;
	r->fd_size = st.st_size;
	r->type = "text/csv; charset=utf-8";
	snprintf(r->filename, sizeof r->filename, "%s", k->rejects_name);
	return LB_OK;
}

static int page(struct lb_req *q, struct lb_resp *r, const struct kind *k)
{
	if (strcmp(q->method, "POST") == 0)
		return preview(q, r, k);
	return upload_page(q, r, k, 200, NULL, NULL);
}

int lb_pg_stock_import(struct lb_req *q, struct lb_resp *r)
{
	return page(q, r, &stock_kind);
}

int lb_pg_stock_import_post(struct lb_req *q, struct lb_resp *r)
{
	return confirm(q, r, &stock_kind);
}

int lb_pg_stock_import_rejects(struct lb_req *q, struct lb_resp *r)
{
	return rejects_download(q, r, &stock_kind);
}

int lb_pg_recipient_import(struct lb_req *q, struct lb_resp *r)
{
	return page(q, r, &recipient_kind);
}

int lb_pg_recipient_import_post(struct lb_req *q, struct lb_resp *r)
{
	return confirm(q, r, &recipient_kind);
}

int lb_pg_recipient_import_rejects(struct lb_req *q, struct lb_resp *r)
{
	return rejects_download(q, r, &recipient_kind);
}

int lb_pg_screen(struct lb_req *q, struct lb_resp *r)
{
	return page(q, r, &screen_kind);
}

int lb_pg_screen_post(struct lb_req *q, struct lb_resp *r)
{
	return confirm(q, r, &screen_kind);
}

int lb_pg_screen_rejects(struct lb_req *q, struct lb_resp *r)
{
	return rejects_download(q, r, &screen_kind);
}
