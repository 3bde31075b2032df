/*
 * import.c — bulk recipient import. See import.h.
 *
 * One pass over the file inside one transaction: each row is checked in
 * C (NIK, dates, codes against in-memory copies of the village, district
 * and category lists) and inserted. Two ways to insert, same result:
 *
 *  - rows: each row goes in with the recipient indexes live; the NIK's
 *    unique index finds a repeat at once. Right for a small file into a
 *    large table.
 *  - bulk: the recipient indexes are dropped first (inside the
 *    transaction), rows are appended, and the indexes are built again
 *    sorted at the end — a million random inserts into three indexes
 *    cost several times more than sorting them once. Repeated NIKs are
 *    then found with one query. Chosen when the file is large compared
 *    with the table; $LUMBUNG_IMPORT_BULK=0|1 forces it (for tests).
 *
 * Likely duplicates and screening hits are found set-based over the new
 * rows. Any failure, and all-or-nothing with a bad row, rolls back: the
 * dropped indexes come back with everything else.
 */
#include "recipients/import.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/sheet.h"
#include "core/date.h"
#include "core/output.h"
#include "inventory/serve.h"
#include "recipients/recipient.h"
#include "recipients/screening.h"

enum { C_NIK, C_KK, C_NAME, C_SEX, C_BIRTH, C_ADDRESS, C_VILLAGE, C_CATEGORY, C_DESIL,
       C_PHONE, C_PROXY_NAME, C_PROXY_NIK, C_POINT, C_DISTRICT, NCOLS };

/* The alias table of docs/recipients.md: the headings of village lists,
 * DTKS/SIKS-NG exports and office spreadsheets, compared folded (letters
 * and digits only, case ignored: "No. KK" is "nokk"). */
static const struct lb_sheet_col cols[NCOLS] = {
	{ "nik", 1, "no nik|nomor nik|nik ktp|nik penerima" },
	{ "kk", 1, "no kk|nomor kk|nkk|nomor kartu keluarga|no kartu keluarga" },
	{ "name", 1, "nama|nama lengkap|nama penerima|nama kpm" },
	{ "sex", 1, "jenis kelamin|jk|l/p|kelamin" },
	{ "birth_date", 1, "tanggal lahir|tgl lahir|tgl. lahir|birthdate" },
	{ "address", 1, "alamat|alamat lengkap" },
	{ "village", 1, "desa|kelurahan|desa/kelurahan|desa/kel|kode desa|kode desa/kelurahan|kode wilayah" },
	{ "category", 1, "kategori|kelompok" },
	{ "desil", 1, "peringkat desil|desil kesejahteraan" },
	{ "phone", 0, "no hp|nomor hp|hp|no telp|no telepon|nomor telepon|telepon" },
	{ "proxy_name", 0, "nama wakil|nama pengurus" },
	{ "proxy_nik", 0, "nik wakil|nik pengurus" },
	{ "point", 0, "titik salur|titik bagi|titik" },
	{ "district", 0, "kecamatan|kode kecamatan" },
};

const struct lb_sheet_col *lb_recipient_import_columns(size_t *n)
{
	*n = NCOLS;
	return cols;
}

/* Bulk mode pays for rebuilding every recipient index, so it is worth it
 * only when the file brings a good share of the table's rows. */
#define BULK_MIN_ROWS 20000
#define BYTES_PER_ROW 100 /* a typical row, to guess the row count from the size */

/* A sorted list of short codes, searched with bsearch. */
struct codes {
	char (*v)[16];
	size_t n;
};

static int codes_load(lb_db *db, const char *sql, struct codes *c, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);
	size_t cap = 0;
	int rc;

	c->v = NULL;
	c->n = 0;
	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (c->n == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			char(*p)[16] = realloc(c->v, ncap * sizeof *p);
			if (!p) {
				lb_stmt_reset(st);
				return lb_oom(e);
			}
			c->v = p;
			cap = ncap;
		}
		snprintf(c->v[c->n++], 16, "%s", lb_col_text(st, 0));
	}
	return rc == LB_DONE ? LB_OK : rc;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int codes_has(const struct codes *c, const char *s)
{
	return strlen(s) < 16 && c->n && bsearch(s, c->v, c->n, sizeof *c->v, cmp_code) != NULL;
}

/* A bad row found after the pass (bulk mode's repeated NIKs): its
 * reject line is written by a second read of the file. */
struct late {
	long row;
	int64_t id;
	char reason[200];
};

/* An index dropped for a bulk import, to be created again. */
struct index_def {
	char name[64];
	char *sql;
};

struct imp {
	lb_db *db;
	const char *path;
	const struct lb_import_opts *o;
	struct lb_recipient_import_result *res;
	lb_sheet *csv;
	FILE *rej;
	int bulk;
	struct codes villages, districts, categories;
	int32_t *rowmap; /* csv row of each recipient inserted, by id - base */
	size_t capmap;
	int64_t base;
	lb_stmt *append;   /* bulk mode's INSERT, prepared once */
	struct late *late;
	size_t nlate, caplate;
	struct index_def *idx;
	size_t nidx;
	lb_stmt *by_name;        /* villages by name, prepared once */
	long niks, niks_zero;    /* good rows, and those whose NIK ends in 0 */
	char cells[NCOLS][LB_RCP_ADDRESS_MAX + 64];
};

/* Every problem of a row: each reported, all in one reason column. */
static void bad_row_all(struct imp *im, const struct lb_field_errors *fe)
{
	char reason[LB_FIELD_ERRORS_MAX * 300] = "";
	int n = fe->n < LB_FIELD_ERRORS_MAX ? fe->n : LB_FIELD_ERRORS_MAX;

	im->res->rejected++;
	for (int i = 0; i < n; i++) {
		char one[LB_ERR_MAX];
		/* Whatever a lookup quoted (an unknown point, a village), never
		 * a NIK from a shifted column (rows.h). */
		snprintf(one, sizeof one, "%s", fe->msg[i]);
		lb_mask_numbers(one);
		lb_rows_report(im->o->sink, 0, im->path, lb_sheet_row(im->csv), fe->col[i], one);
		lb_sheet_join(reason, sizeof reason, fe->col[i], one);
	}
	if (im->rej)
		lb_sheet_reject(im->rej, im->csv, reason);
}

static void bad_row(struct imp *im, const char *column, const char *why)
{
	struct lb_field_errors fe;

	fe.n = 1;
	fe.col[0] = column;
	snprintf(fe.msg[0], sizeof fe.msg[0], "%s", why);
	bad_row_all(im, &fe);
}

static void add_error(struct lb_field_errors *fe, const char *col, const char *msg)
{
	if (fe->n < LB_FIELD_ERRORS_MAX) {
		fe->col[fe->n] = col;
		snprintf(fe->msg[fe->n], sizeof fe->msg[fe->n], "%s", msg);
	}
	fe->n++;
}

/* Drop the errors of one column (a village name already explained). */
static void drop_errors(struct lb_field_errors *fe, const char *col)
{
	int k = 0, n = fe->n < LB_FIELD_ERRORS_MAX ? fe->n : LB_FIELD_ERRORS_MAX;

	for (int i = 0; i < n; i++) {
		if (fe->col[i] && strcmp(fe->col[i], col) == 0)
			continue;
		if (k != i) {
			fe->col[k] = fe->col[i];
			memcpy(fe->msg[k], fe->msg[i], sizeof fe->msg[k]);
		}
		k++;
	}
	fe->n = k + (fe->n - n);
}

/* A village given by name ("Loa Ipuh"): the one village of that name
 * within the district (the row's kecamatan column, by code or name, else
 * the district of the NIK), or else in the whole region data; refused
 * with the candidates when several match. */
static int query_villages(struct imp *im, const char *name, const char *district,
			  char found[6][96], int *n, lb_err *e)
{
	lb_stmt *st = im->by_name;
	int rc;

	*n = 0;
	if (!st && !(st = im->by_name = lb_db_prepare_once(im->db,
			"SELECT v.code, d.name FROM region_village v"
			" JOIN region_district d ON d.code = v.district_code"
			" WHERE v.name = ?1 COLLATE NOCASE"
			"  AND (?2 = '' OR v.district_code = ?2 OR d.name = ?2 COLLATE NOCASE)"
			" ORDER BY v.code LIMIT 6", e)))
		return LB_ESYS;
	lb_bind_text(st, 1, name);
	lb_bind_text(st, 2, district);
	while ((rc = lb_step(st, e)) == LB_ROW)
		snprintf(found[(*n)++], sizeof found[0], "%s (%.60s)", lb_col_text(st, 0),
			 lb_col_text(st, 1));
	lb_stmt_reset(st);
	return rc == LB_DONE ? LB_OK : rc;
}

static int village_by_name(struct imp *im, const char *name, const char *district,
			   const char *nik, char code[16], char *why, size_t nwhy, lb_err *e)
{
	char found[6][96], nikd[9] = "";
	int n, rc;

	if (!*district && strlen(nik) >= 6)
		snprintf(nikd, sizeof nikd, "%c%c.%c%c.%c%c", nik[0], nik[1], nik[2], nik[3], nik[4],
			 nik[5]);
	if ((rc = query_villages(im, name, *district ? district : nikd, found, &n, e)))
		return rc;
	if (n == 0 && !*district && (rc = query_villages(im, name, "", found, &n, e)))
		return rc;
	if (n == 1) {
		snprintf(code, 16, "%.*s", (int)strcspn(found[0], " "), found[0]);
		return LB_OK;
	}
	if (n == 0) {
		snprintf(why, nwhy, "no village named '%.60s'%s%.40s%s in the region data: write the village code (NN.NN.NN.NNNN)",
			 name, *district ? " in district '" : "", district, *district ? "'" : "");
		return LB_EINPUT;
	}
	snprintf(why, nwhy, "village '%.60s' matches %s%d villages: %s, %s%s%s%s: write the village code, or name the district in a 'kecamatan' column",
		 name, n == 6 ? "more than " : "", n == 6 ? 5 : n, found[0], found[1],
		 n > 2 ? ", " : "", n > 2 ? found[2] : "", n > 3 ? ", ..." : "");
	return LB_EINPUT;
}

/* A cell, trimmed, copied into the row's scratch space ("" when the
 * optional column is absent). */
static const char *cell(struct imp *im, const int *idx, int k)
{
	const char *s = idx[k] >= 0 ? lb_sheet_field(im->csv, idx[k]) : "";
	char *out = im->cells[k];
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
		       s[len - 1] == '\n'))
		len--;
	if (len >= sizeof im->cells[k])
		len = sizeof im->cells[k] - 1; /* too long for any field: the check says so */
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

static int remember_row(struct imp *im, int64_t id, lb_err *e)
{
	size_t i = (size_t)(id - im->base);

	if (id < im->base)
		return lb_fail(e, LB_ESYS, "recipient import: ids went backwards");
	if (i >= im->capmap) {
		size_t cap = im->capmap ? im->capmap : 4096;
		int32_t *p;
		while (cap <= i)
			cap *= 2;
		if (!(p = realloc(im->rowmap, cap * sizeof *p)))
			return lb_oom(e);
		memset(p + im->capmap, 0, (cap - im->capmap) * sizeof *p);
		im->rowmap = p;
		im->capmap = cap;
	}
	im->rowmap[i] = (int32_t)lb_sheet_row(im->csv);
	return LB_OK;
}

static long row_of(const struct imp *im, int64_t id)
{
	if (id < im->base || (size_t)(id - im->base) >= im->capmap)
		return 0;
	return im->rowmap[id - im->base];
}

static int one_row(struct imp *im, const int *idx, int ref_year, const char *now, lb_err *e)
{
	struct lb_recipient_in in = { 0 };
	struct lb_recipient r;
	struct lb_field_errors fe;
	const char *point, *district;
	int64_t existing = 0;
	lb_err why;
	char msg[LB_ERR_MAX], vcode[16];
	int rc, village_named = 0;

	in.nik = cell(im, idx, C_NIK);
	in.kk = cell(im, idx, C_KK);
	in.name = cell(im, idx, C_NAME);
	in.sex = cell(im, idx, C_SEX);
	in.birth_date = cell(im, idx, C_BIRTH);
	in.address = cell(im, idx, C_ADDRESS);
	in.village = cell(im, idx, C_VILLAGE);
	in.category = cell(im, idx, C_CATEGORY);
	in.desil = cell(im, idx, C_DESIL);
	in.phone = cell(im, idx, C_PHONE);
	in.proxy_name = cell(im, idx, C_PROXY_NAME);
	in.proxy_nik = cell(im, idx, C_PROXY_NIK);
	point = cell(im, idx, C_POINT);
	district = cell(im, idx, C_DISTRICT);
	in.accept_mismatch = im->o->accept_mismatch;
	in.nik_is_number = lb_sheet_is_number(im->csv, idx[C_NIK]);
	in.kk_is_number = lb_sheet_is_number(im->csv, idx[C_KK]);
	in.phone_is_number = lb_sheet_is_number(im->csv, idx[C_PHONE]);

	if (*in.village && !lb_region_code_valid(LB_REGION_VILLAGE, in.village)) {
		rc = village_by_name(im, in.village, district, in.nik, vcode, msg, sizeof msg, e);
		if (rc && rc != LB_EINPUT)
			return rc;
		village_named = rc ? -1 : 1;
		if (!rc)
			in.village = vcode;
	}
	lb_recipient_check_all(&in, ref_year, &r, &fe);
	if (village_named < 0) {
		drop_errors(&fe, "village");
		add_error(&fe, "village", msg);
	} else if (r.village[0] && !codes_has(&im->villages, r.village)) {
		snprintf(msg, sizeof msg, "unknown village code '%.40s' (not in the region data)",
			 r.village);
		add_error(&fe, "village", msg);
	}
	if (r.category[0] && !codes_has(&im->categories, r.category)) {
		lb_err_clear(&why);
		if ((rc = lb_category_check(im->db, r.category, &why)) != LB_EINPUT)
			return lb_fail(e, rc ? rc : LB_ESYS, "%s", rc ? why.msg : "category list changed");
		add_error(&fe, "category", why.msg);
	}
	if (*point) {
		struct lb_point pt;
		lb_err_clear(&why);
		if ((rc = lb_point_find(im->db, point, &pt, &why))) {
			if (rc != LB_EINPUT)
				return lb_fail(e, rc, "%s", why.msg);
			add_error(&fe, "point", why.msg);
		} else {
			r.point_id = pt.id;
		}
	}
	if (fe.n) {
		bad_row_all(im, &fe);
		return LB_OK;
	}
	/* Excel's 15 significant digits: counted over the file (below). */
	im->niks++;
	if (r.nik[LB_NIK_LEN - 1] == '0')
		im->niks_zero++;
	memcpy(r.created_at, now, sizeof r.created_at);
	if (im->bulk)
		rc = lb_recipient_append(im->db, &im->append, &r, e);
	else
		rc = lb_recipient_insert(im->db, &r, &existing, e);
	if (rc)
		return rc;
	if (existing) {
		if (existing >= im->base) {
			snprintf(msg, sizeof msg, "duplicate NIK: the same NIK is on row %ld",
				 row_of(im, existing));
		} else {
			struct lb_recipient other;
			int found;
			if ((rc = lb_recipient_get(im->db, existing, &other, &found, e)))
				return rc;
			snprintf(msg, sizeof msg,
				 "duplicate NIK: already registered, to '%.60s' of village %s (status %s)",
				 other.name, other.village, other.status);
		}
		bad_row(im, "nik", msg);
		return LB_OK;
	}
	if ((rc = remember_row(im, r.id, e)))
		return rc;
	im->res->imported++;
	if (r.mismatch[0])
		im->res->mismatches++;
	/* The NIK's district: districts are split and renamed after NIKs
	 * are issued, so an unknown one is only worth a warning. */
	{
		char dist[9] = { r.nik[0], r.nik[1], '.', r.nik[2], r.nik[3], '.', r.nik[4], r.nik[5], 0 };
		if (!codes_has(&im->districts, dist)) {
			im->res->unknown_districts++;
			snprintf(msg, sizeof msg,
				 "the NIK's district %s is not in the region data (registered anyway: districts are split and renamed after NIKs are issued)",
				 dist);
			lb_rows_report(im->o->sink, 1, im->path, lb_sheet_row(im->csv), "nik", msg);
		}
	}
	return LB_OK;
}

/* ---- bulk mode ---- */

static int want_bulk(struct imp *im, int *bulk, lb_err *e)
{
	const char *force = getenv("LUMBUNG_IMPORT_BULK");
	int64_t autoidx, rows;
	struct stat st;
	int rc;

	*bulk = 0;
	/* A database whose recipient table still has column UNIQUE
	 * constraints (an early schema) cannot drop them: rows mode. */
	if ((rc = lb_db_int(im->db,
			    "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
			    " AND tbl_name = 'recipient' AND sql IS NULL", 0, &autoidx, e)))
		return rc;
	/* Standard input cannot be read twice, and bulk mode may read the
	 * file again for the rejects of repeated NIKs. */
	if (autoidx || strcmp(im->path, "-") == 0)
		return LB_OK;
	if (force && *force) {
		*bulk = force[0] == '1';
		return LB_OK;
	}
	if (stat(im->path, &st) != 0)
		return LB_OK;
	if ((rc = lb_db_int(im->db, "SELECT max(id) FROM recipient", 0, &rows, e)))
		return rc;
	*bulk = st.st_size / BYTES_PER_ROW >= BULK_MIN_ROWS && st.st_size / BYTES_PER_ROW >= rows / 2;
	return LB_OK;
}

/* Partial indexes that no imported row enters (a new recipient replaces
 * nobody and is aktif): they cost nothing to keep, while building one
 * again would scan the whole table for nothing. */
static const char *const kept[] = { "recipient_replaces", "recipient_inactive" };

static int is_kept(const char *name)
{
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
		if (strcmp(name, kept[i]) == 0)
			return 1;
	return 0;
}

/* Drop the indexes of the recipient table (but the kept ones),
 * remembering how to make them again. */
static int drop_indexes(struct imp *im, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(im->db,
		"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'recipient'"
		" AND sql IS NOT NULL ORDER BY name", e);
	size_t cap = 0;
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (is_kept(lb_col_text(st, 0)))
			continue;
		if (im->nidx == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct index_def *p = realloc(im->idx, ncap * sizeof *p);
			if (!p) {
				lb_stmt_reset(st);
				return lb_oom(e);
			}
			im->idx = p;
			cap = ncap;
		}
		snprintf(im->idx[im->nidx].name, sizeof im->idx[im->nidx].name, "%s",
			 lb_col_text(st, 0));
		if (!(im->idx[im->nidx].sql = strdup(lb_col_text(st, 1)))) {
			lb_stmt_reset(st);
			return lb_oom(e);
		}
		im->nidx++;
	}
	if (rc != LB_DONE)
		return rc;
	for (size_t i = 0; i < im->nidx; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", im->idx[i].name);
		if ((rc = lb_db_exec(im->db, sql, e)))
			return rc;
	}
	return LB_OK;
}

static int add_late(struct imp *im, long row, int64_t id, const char *reason, lb_err *e)
{
	if (im->nlate == im->caplate) {
		size_t cap = im->caplate ? im->caplate * 2 : 64;
		struct late *p = realloc(im->late, cap * sizeof *p);
		if (!p)
			return lb_oom(e);
		im->late = p;
		im->caplate = cap;
	}
	im->late[im->nlate].row = row;
	im->late[im->nlate].id = id;
	snprintf(im->late[im->nlate].reason, sizeof im->late[im->nlate].reason, "%s", reason);
	im->nlate++;
	return LB_OK;
}

/* The new rows whose NIK is already in the table (from before the import
 * or from an earlier row): reported, and removed so that the unique
 * index can be built. A helper index makes the search one pass. */
static int resolve_repeated_niks(struct imp *im, lb_err *e)
{
	lb_stmt *st, *del;
	int rc;

	if ((rc = lb_db_exec(im->db, "CREATE INDEX recipient_nik_repeats ON recipient(nik)", e)))
		return rc;
	if (!(st = lb_db_prepare_once(im->db,
			"SELECT n.id, o.id, o.name, o.village, o.status FROM recipient n"
			" JOIN recipient o ON o.id = (SELECT min(x.id) FROM recipient x WHERE x.nik = n.nik)"
			" WHERE n.id >= ?1 AND o.id < n.id ORDER BY n.id", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, im->base);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t id = lb_col_int(st, 0), other = lb_col_int(st, 1);
		char msg[200];
		long row = row_of(im, id);

		if (other >= im->base)
			snprintf(msg, sizeof msg, "duplicate NIK: the same NIK is on row %ld",
				 row_of(im, other));
		else
			snprintf(msg, sizeof msg,
				 "duplicate NIK: already registered, to '%.60s' of village %s (status %s)",
				 lb_col_text(st, 2), lb_col_text(st, 3), lb_col_text(st, 4));
		im->res->rejected++;
		im->res->imported--;
		lb_rows_report(im->o->sink, 0, im->path, row, "nik", msg);
		if ((rc = add_late(im, row, id, msg, e)))
			break;
	}
	lb_stmt_free(st);
	if (rc != LB_DONE && rc != LB_OK)
		return rc;
	for (size_t k = 0; k < im->nlate; k++) {
		if (!(del = lb_db_prepare(im->db, "DELETE FROM recipient WHERE id = ?1", e)))
			return LB_ESYS;
		lb_bind_int(del, 1, im->late[k].id);
		if ((rc = lb_step_done(del, e)))
			return rc;
	}
	return lb_db_exec(im->db, "DROP INDEX recipient_nik_repeats", e);
}

static int rebuild_indexes(struct imp *im, lb_err *e)
{
	int rc;

	for (size_t i = 0; i < im->nidx; i++) {
		rc = lb_db_exec(im->db, im->idx[i].sql, e);
		if (rc == LB_ERULE && strcmp(im->idx[i].name, "recipient_nik") == 0) {
			if ((rc = resolve_repeated_niks(im, e)))
				return rc;
			rc = lb_db_exec(im->db, im->idx[i].sql, e);
		}
		if (rc == LB_ERULE && strcmp(im->idx[i].name, "recipient_token") == 0)
			/* Two equal random tokens among a million rows: about one
			 * import in 10^7. Nothing is written; the next try draws
			 * new tokens. */
			return lb_fail(e, LB_ESYS,
				       "recipient import: two recipients drew the same random token; nothing imported, run the import again");
		if (rc)
			return rc;
	}
	return LB_OK;
}

/* Likely duplicates when most of the table is new: the person keys
 * shared by several rows come from one pass over the person index (a
 * covering GROUP BY on an integer), and only those rows are joined, their
 * fields compared; probing the index once per new row would cost a
 * million lookups. Flags are the same as lb_recipient_flag_duplicates
 * makes: each new row against every earlier one of its group. */
static int flag_duplicates_grouped(struct imp *im, lb_err *e)
{
	char now[21];
	lb_stmt *st = lb_db_prepare(im->db,
		"INSERT OR IGNORE INTO duplicate_flag(recipient_id, other_id, flagged_at)"
		" SELECT r.id, o.id, ?2 FROM"
		"  (SELECT person_key FROM recipient GROUP BY person_key"
		"   HAVING count(*) > 1 AND max(id) >= ?1) g"
		" JOIN recipient r ON r.person_key = g.person_key AND r.id >= ?1"
		" JOIN recipient o ON o.person_key = r.person_key AND o.id < r.id"
		"  AND o.village = r.village AND o.birth_date = r.birth_date"
		" ORDER BY r.id, o.id", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_now_utc(now);
	lb_bind_int(st, 1, im->base);
	lb_bind_text(st, 2, now);
	if ((rc = lb_step_done(st, e)))
		return rc;
	im->res->duplicates = (long)lb_db_changes(im->db);
	return LB_OK;
}

/* Write the reject lines of the late bad rows, reading the file again. */
static int write_late_rejects(struct imp *im, lb_err *e)
{
	lb_sheet *c;
	size_t k = 0;
	int idx[NCOLS], rc;

	if (!im->rej || !im->nlate)
		return LB_OK;
	if ((rc = lb_sheet_open(im->path, NULL, &c, e)))
		return rc;
	/* The header again: the reject lines leave out its rejects column. */
	if ((rc = lb_sheet_header(c, cols, NCOLS, idx, e))) {
		lb_sheet_close(c);
		return rc;
	}
	while (k < im->nlate && (rc = lb_sheet_next(c, e)) == LB_SHEET_ROW) {
		if (lb_sheet_row(c) == im->late[k].row)
			{
			char reason[LB_ERR_MAX + 8];
			snprintf(reason, sizeof reason, "nik: %s", im->late[k++].reason);
			lb_sheet_reject(im->rej, c, reason);
		}
	}
	lb_sheet_close(c);
	if (rc != LB_SHEET_ROW && rc != LB_SHEET_EOF && rc != LB_OK)
		return rc;
	if (k < im->nlate)
		return lb_fail(e, LB_ESYS, "recipient import: '%s' changed while it was imported",
			       im->path);
	return LB_OK;
}

/* ---- the import ---- */

static int run(struct imp *im, lb_err *e)
{
	const struct lb_import_opts *o = im->o;
	struct lb_recipient_import_result *res = im->res;
	int idx[NCOLS], rc, ref_year = lb_recipient_ref_year();
	int64_t maxid;
	char now[21];


	lb_now_utc(now);
	if ((rc = lb_sheet_open(im->path, NULL, &im->csv, e)) ||
	    (rc = lb_sheet_header(im->csv, cols, NCOLS, idx, e)))
		return rc;
	if (o->rejects && (rc = lb_sheet_rejects_open(im->csv, o->rejects, &im->rej, e)))
		return rc;
	if ((rc = want_bulk(im, &im->bulk, e)))
		return rc;
	/* In bulk mode foreign keys are not checked row by row: the village,
	 * category and point of every row are checked against lists read
	 * below, inside this transaction, which is what the foreign keys
	 * would check again at a tenth of the import's time. The pragma
	 * only works outside a transaction; lb_recipient_import restores it. */
	if (im->bulk && (rc = lb_db_exec(im->db, "PRAGMA foreign_keys=OFF", e)))
		return rc;
	if ((rc = lb_db_begin(im->db, e)))
		return rc;
	if ((rc = codes_load(im->db, "SELECT code FROM region_village ORDER BY code", &im->villages, e)) ||
	    (rc = codes_load(im->db, "SELECT code FROM region_district ORDER BY code", &im->districts, e)) ||
	    (rc = codes_load(im->db, "SELECT code FROM category ORDER BY code", &im->categories, e)) ||
	    (rc = lb_db_int(im->db, "SELECT max(id) FROM recipient", 0, &maxid, e)))
		return rc;
	im->base = maxid + 1;
	if (im->bulk && (rc = drop_indexes(im, e)))
		return rc;
	for (;;) {
		rc = lb_sheet_next(im->csv, e);
		if (rc == LB_SHEET_EOF)
			break;
		if (rc != LB_SHEET_ROW)
			return rc;
		res->rows++;
		{
			char msg[128];
			/* A CSV row as wide as the header; an XLSX row ends at its
			 * last value, so only a value right of the header counts. */
			if (lb_sheet_width_problem(im->csv, msg, sizeof msg)) {
				bad_row(im, NULL, msg);
				continue;
			}
		}
		if ((rc = one_row(im, idx, ref_year, now, e)))
			return rc;
	}
	/* One NIK in ten ends in 0; most of a file's ending in 0 is Excel's
	 * doing (15 significant digits), and which ones are wrong cannot be
	 * told, so the whole file is refused. */
	if (im->niks >= 10 && im->niks_zero * 2 > im->niks)
		return lb_fail(e, LB_EINPUT,
			       "file '%s': %ld of %ld NIKs end in 0 (about one in ten would): Excel stored the NIK column as numbers, which keep 15 digits and turn the 16th into 0; %s; nothing imported",
			       im->path, im->niks_zero, im->niks, LB_EXCEL_TEXT_HINT);
	if (im->bulk && (rc = rebuild_indexes(im, e)))
		return rc;
	if (res->rejected && !o->skip_invalid)
		return lb_fail(e, LB_EINPUT, "recipient import: %ld bad row%s in '%s', nothing imported",
			       res->rejected, res->rejected == 1 ? "" : "s", im->path);
	if (im->bulk)
		rc = flag_duplicates_grouped(im, e);
	else
		rc = lb_recipient_flag_duplicates(im->db, im->base, &res->duplicates, e);
	if (rc || (rc = lb_screen_recipients(im->db, im->base, &res->hits, e)) ||
	    (rc = write_late_rejects(im, e)))
		return rc;
	if (im->rej && fflush(im->rej) != 0)
		return lb_fail(e, LB_ESYS, "cannot write rejects file '%s': %s", o->rejects,
			       strerror(errno));
	if (o->dry_run) {
		lb_db_rollback(im->db);
		return LB_OK;
	}
	return lb_db_commit(im->db, e);
}

int lb_recipient_import(lb_db *db, const char *path, const struct lb_import_opts *o,
			struct lb_recipient_import_result *res, lb_err *e)
{
	struct imp *im;
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = lb_sheet_rejects_check("recipient import", o->skip_invalid, o->rejects, path, e)))
		return rc;
	if (!(im = calloc(1, sizeof *im)))
		return lb_oom(e);
	im->db = db;
	im->path = path;
	im->o = o;
	im->res = res;
	rc = run(im, e);
	if (lb_db_in_tx(db))
		lb_db_rollback(db);
	if (im->bulk) {
		lb_err ignored;
		if (lb_db_exec(db, "PRAGMA foreign_keys=ON", &ignored) && rc == LB_OK)
			rc = lb_fail(e, LB_ESYS, "cannot turn foreign keys back on");
	}
	if (im->rej) {
		if (fclose(im->rej) != 0 && rc == LB_OK)
			rc = lb_fail(e, LB_ESYS, "cannot write rejects file '%s': %s", o->rejects,
				     strerror(errno));
		if (rc != LB_OK)
			remove(o->rejects); /* half a rejects file would mislead */
	}
	if (rc != LB_OK) {
		long rows = res->rows, rejected = res->rejected;
		memset(res, 0, sizeof *res);
		res->rows = rows;
		res->rejected = rejected;
	}
	lb_sheet_close(im->csv);
	lb_stmt_free(im->by_name);
	free(im->villages.v);
	free(im->districts.v);
	free(im->categories.v);
	free(im->rowmap);
	free(im->late);
	for (size_t i = 0; i < im->nidx; i++)
		free(im->idx[i].sql);
	free(im->idx);
	free(im);
	return rc;
}

int lb_recipient_import_run(struct lb_op *op, const struct lb_recipient_import_in *in,
			    struct lb_recipient_import_result *out, lb_err *e)
{
	struct lb_import_opts o = { in->dry_run, in->skip_invalid, in->accept_mismatch, in->rejects, NULL };
	struct lb_rows_op rows;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_rows_op_begin(&rows, op, in->rows, in->delimiter, e)))
		return rc;
	o.sink = &rows.sink;
	rc = lb_recipient_import(op->db, in->file, &o, out, e);
	lb_rows_op_end(&rows);
	return rc;
}
