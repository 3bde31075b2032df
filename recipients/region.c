/*
 * region.c — region data import and lookups. See region.h.
 */
#include "recipients/region.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/sheet.h"

/* Per level: the header that identifies a file, its parent column and
 * the SQL that reads and writes its table. */
struct level {
	const char *name;
	const char *parent_col; /* NULL for provinces */
	size_t code_len;        /* length of a well-formed code */
	const char *sql_get;
	const char *sql_ins;
	const char *sql_upd;
	const char *sql_parent; /* does the parent exist? */
};

static const struct level levels[4] = {
	{ "provinces", NULL, 2,
	  "SELECT '', name FROM region_province WHERE code = ?1",
	  "INSERT INTO region_province(code, name) VALUES (?1, ?3)",
	  "UPDATE region_province SET name = ?3 WHERE code = ?1",
	  NULL },
	{ "regencies", "province_code", 5,
	  "SELECT province_code, name FROM region_regency WHERE code = ?1",
	  "INSERT INTO region_regency(code, province_code, name) VALUES (?1, ?2, ?3)",
	  "UPDATE region_regency SET province_code = ?2, name = ?3 WHERE code = ?1",
	  "SELECT 1 FROM region_province WHERE code = ?1" },
	{ "districts", "regency_code", 8,
	  "SELECT regency_code, name FROM region_district WHERE code = ?1",
	  "INSERT INTO region_district(code, regency_code, name) VALUES (?1, ?2, ?3)",
	  "UPDATE region_district SET regency_code = ?2, name = ?3 WHERE code = ?1",
	  "SELECT 1 FROM region_regency WHERE code = ?1" },
	{ "villages", "district_code", 13,
	  "SELECT district_code, name FROM region_village WHERE code = ?1",
	  "INSERT INTO region_village(code, district_code, name) VALUES (?1, ?2, ?3)",
	  "UPDATE region_village SET district_code = ?2, name = ?3 WHERE code = ?1",
	  "SELECT 1 FROM region_district WHERE code = ?1" },
};

const char *lb_region_level_name(int level)
{
	return level >= 0 && level < 4 ? levels[level].name : "?";
}

int lb_region_code_valid(int level, const char *code)
{
	/* Dots after 2, 5 and 8 characters; a village's own part is 4 digits. */
	size_t len = strlen(code);

	if (level < 0 || level > 3 || len != levels[level].code_len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		int dot = i == 2 || i == 5 || i == 8;
		if (dot ? code[i] != '.' : (code[i] < '0' || code[i] > '9'))
			return 0;
	}
	return 1;
}

static void trim(char *s)
{
	size_t len, start = 0;

	while (s[start] == ' ' || s[start] == '\t')
		start++;
	len = strlen(s + start);
	memmove(s, s + start, len + 1);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		s[--len] = '\0';
}

/* Which level a file holds, by its header; -1 when it is not region data. */
static int detect(const char *path, int *level, lb_err *e)
{
	lb_sheet *c;
	int rc;
	char f[3][64];
	size_t n;

	*level = -1;
	if ((rc = lb_sheet_open(path, NULL, &c, e)))
		return rc;
	rc = lb_sheet_next(c, e);
	if (rc == LB_SHEET_EOF) {
		lb_sheet_close(c);
		return lb_fail(e, LB_EINPUT, "file '%s' is empty: expected a header row", path);
	}
	if (rc != LB_SHEET_ROW) {
		lb_sheet_close(c);
		return rc;
	}
	n = lb_sheet_nfields(c);
	for (size_t i = 0; i < 3; i++) {
		snprintf(f[i], sizeof f[i], "%s", i < n ? lb_sheet_field(c, (int)i) : "");
		trim(f[i]);
	}
	lb_sheet_close(c);
	if (n == 2 && !strcasecmp(f[0], "code") && !strcasecmp(f[1], "name"))
		*level = LB_REGION_PROVINCE;
	else if (n == 3 && !strcasecmp(f[0], "code") && !strcasecmp(f[2], "name")) {
		for (int l = 1; l < 4; l++)
			if (!strcasecmp(f[1], levels[l].parent_col))
				*level = l;
	}
	if (*level < 0)
		return lb_fail(e, LB_EINPUT,
			       "file '%s' is not region data: its header must be code,name (provinces), "
			       "code,province_code,name (regencies), code,regency_code,name (districts) "
			       "or code,district_code,name (villages)",
			       path);
	return LB_OK;
}

struct import {
	lb_db *db;
	const struct lb_rows *sink;
	struct lb_region_counts *counts;
	long bad;
};

static void bad_row(struct import *im, const char *file, long row, const char *col,
		    const char *fmt, ...) LB_PRINTF(5, 6);

static void bad_row(struct import *im, const char *file, long row, const char *col,
		    const char *fmt, ...)
{
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	im->bad++;
	lb_rows_report(im->sink, 0, file, row, col, reason);
}

/* One row: check it, then insert, update or leave it. A bad row is
 * reported and skipped (LB_OK); only database failures stop the import. */
static int import_row(struct import *im, int level, const char *file, long row,
		      char *code, char *parent, char *name, lb_err *e)
{
	const struct level *L = &levels[level];
	lb_stmt *st;
	int rc;

	trim(code);
	trim(parent);
	trim(name);
	if (!lb_region_code_valid(level, code)) {
		static const char *const shapes[4] = { "NN", "NN.NN", "NN.NN.NN", "NN.NN.NN.NNNN" };
		bad_row(im, file, row, "code", "'%.40s' is not a code of %s (shaped %s)", code,
			L->name, shapes[level]);
		return LB_OK;
	}
	if (!name[0]) {
		bad_row(im, file, row, "name", "the name is empty");
		return LB_OK;
	}
	if (strlen(name) >= LB_REGION_NAME_MAX) {
		bad_row(im, file, row, "name", "the name is longer than %d bytes",
			LB_REGION_NAME_MAX - 1);
		return LB_OK;
	}
	if (level > 0) {
		size_t plen = levels[level - 1].code_len;
		if (strlen(parent) != plen || strncmp(code, parent, plen) != 0) {
			bad_row(im, file, row, L->parent_col, "'%.40s' is not the parent of code '%s'",
				parent, code);
			return LB_OK;
		}
		if (!(st = lb_db_prepare(im->db, L->sql_parent, e)))
			return LB_ESYS;
		lb_bind_text(st, 1, parent);
		rc = lb_step(st, e);
		lb_stmt_reset(st);
		if (rc == LB_DONE) {
			bad_row(im, file, row, L->parent_col,
				"'%s' is not in the region data: import %s first (or with this file)",
				parent, levels[level - 1].name);
			return LB_OK;
		}
		if (rc != LB_ROW)
			return rc;
	}
	if (!(st = lb_db_prepare(im->db, L->sql_get, e)))
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		int same = strcmp(lb_col_text(st, 0), level ? parent : "") == 0 &&
			   strcmp(lb_col_text(st, 1), name) == 0;
		lb_stmt_reset(st);
		if (same) {
			im->counts->unchanged[level]++;
			return LB_OK;
		}
		if (!(st = lb_db_prepare(im->db, L->sql_upd, e)))
			return LB_ESYS;
		im->counts->updated[level]++;
	} else if (rc == LB_DONE) {
		if (!(st = lb_db_prepare(im->db, L->sql_ins, e)))
			return LB_ESYS;
		im->counts->added[level]++;
	} else {
		return rc;
	}
	lb_bind_text(st, 1, code);
	if (level)
		lb_bind_text(st, 2, parent);
	lb_bind_text(st, 3, name);
	return lb_step_done(st, e);
}

static int import_file(struct import *im, const char *path, int level, lb_err *e)
{
	struct lb_sheet_col cols[3] = { { "code", 1, NULL }, { NULL, 1, NULL }, { "name", 1, NULL } };
	int idx[3], rc, ncols = level ? 3 : 2;
	lb_sheet *c;

	if (level) {
		cols[1].name = levels[level].parent_col;
	} else {
		cols[1] = cols[2];
	}
	if ((rc = lb_sheet_open(path, NULL, &c, e)))
		return rc;
	if ((rc = lb_sheet_header(c, cols, (size_t)ncols, idx, e)))
		goto done;
	while ((rc = lb_sheet_next_row(c, e)) == LB_SHEET_ROW) {
		char code[64], parent[64], name[LB_REGION_NAME_MAX + 1];
		snprintf(code, sizeof code, "%s", lb_sheet_field(c, idx[0]));
		snprintf(parent, sizeof parent, "%s", level ? lb_sheet_field(c, idx[1]) : "");
		snprintf(name, sizeof name, "%s", lb_sheet_field(c, idx[level ? 2 : 1]));
		if ((rc = import_row(im, level, path, lb_sheet_row(c), code, parent, name, e)))
			goto done;
	}
	if (rc == LB_SHEET_EOF)
		rc = LB_OK;
done:
	lb_sheet_close(c);
	return rc;
}

int lb_region_import(lb_db *db, const char *const *files, size_t nfiles,
		     const struct lb_rows *sink, struct lb_region_counts *counts, lb_err *e)
{
	struct import im = { db, sink, counts, 0 };
	int *level;
	int rc = LB_OK;

	memset(counts, 0, sizeof *counts);
	if (nfiles == 0)
		return lb_fail(e, LB_EINPUT, "region import: no files given");
	if (!(level = calloc(nfiles, sizeof *level)))
		return lb_oom(e);
	/* Read every header before writing anything, so that a wrong file
	 * is refused before the work starts. */
	for (size_t i = 0; i < nfiles; i++)
		if ((rc = detect(files[i], &level[i], e)))
			goto out;
	if ((rc = lb_db_begin(db, e)))
		goto out;
	for (int l = 0; l < 4; l++)
		for (size_t i = 0; i < nfiles; i++)
			if (level[i] == l && (rc = import_file(&im, files[i], l, e)))
				goto fail;
	if (im.bad) {
		rc = lb_fail(e, LB_EINPUT, "region import: %ld bad row%s, nothing imported", im.bad,
			     im.bad == 1 ? "" : "s");
		goto fail;
	}
	rc = lb_db_commit(db, e);
	goto out;
fail:
	lb_db_rollback(db);
	memset(counts, 0, sizeof *counts);
out:
	free(level);
	return rc;
}

static void fill_name(lb_stmt *st, void *name)
{
	snprintf(name, LB_REGION_NAME_MAX, "%s", lb_col_text(st, 0));
}

int lb_region_name(lb_db *db, int level, const char *code, char name[LB_REGION_NAME_MAX],
		   int *found, lb_err *e)
{
	static const char *const sql[4] = {
		"SELECT name FROM region_province WHERE code = ?1",
		"SELECT name FROM region_regency WHERE code = ?1",
		"SELECT name FROM region_district WHERE code = ?1",
		"SELECT name FROM region_village WHERE code = ?1",
	};
	lb_stmt *st;

	name[0] = '\0';
	*found = 0;
	if (level < 0 || level > 3)
		return lb_fail(e, LB_ESYS, "region level %d does not exist", level);
	if (!(st = lb_db_prepare(db, sql[level], e)))
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	return lb_db_one(st, fill_name, name, found, e);
}

int lb_region_check_village(lb_db *db, const char *code, lb_err *e)
{
	char name[LB_REGION_NAME_MAX];
	int found, rc;
	long n;

	if ((rc = lb_region_name(db, LB_REGION_VILLAGE, code, name, &found, e)))
		return rc;
	if (found)
		return LB_OK;
	if ((rc = lb_region_village_count(db, &n, e)))
		return rc;
	if (n == 0)
		return lb_fail(e, LB_EINPUT,
			       "unknown village code '%.40s': no region data yet (run 'lumbung region import data/wilayah/*.csv')",
			       code);
	return lb_fail(e, LB_EINPUT, "unknown village code '%.40s' (not in the region data)", code);
}

int lb_region_of_nik(lb_db *db, const struct lb_nik *nik, struct lb_nik_region *out, lb_err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_region_name(db, LB_REGION_PROVINCE, nik->province, out->province,
				 &out->province_known, e)) ||
	    (rc = lb_region_name(db, LB_REGION_REGENCY, nik->regency, out->regency,
				 &out->regency_known, e)) ||
	    (rc = lb_region_name(db, LB_REGION_DISTRICT, nik->district, out->district,
				 &out->district_known, e)))
		return rc;
	return LB_OK;
}

int lb_region_village_count(lb_db *db, long *count, lb_err *e)
{
	int64_t n;
	int rc = lb_db_int(db, "SELECT count(*) FROM region_village", 0, &n, e);

	*count = rc ? 0 : (long)n;
	return rc;
}

/* ---- operations ---- */

int lb_region_load(struct lb_op *op, const struct lb_region_import_in *in,
		   struct lb_region_counts *out, lb_err *e)
{
	struct lb_rows_op rows;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_rows_op_begin(&rows, op, in->rows, in->delimiter, e)))
		return rc;
	rc = lb_region_import(op->db, in->files.v, in->files.n, &rows.sink, out, e);
	lb_rows_op_end(&rows);
	return rc;
}

int lb_nik_check(struct lb_op *op, const struct lb_nik_check_in *in, struct lb_nik_check_out *out,
		 lb_err *e)
{
	int y, m, d, rc;

	memset(out, 0, sizeof *out);
	lb_day_to_ymd(op->today, &y, &m, &d);
	if ((rc = lb_nik_parse_at(in->nik, y, &out->nik, e)))
		return rc;
	if (!op->db)
		return LB_OK;
	if ((rc = lb_region_of_nik(op->db, &out->nik, &out->region, e)))
		return rc;
	if (!out->region.district_known)
		lb_op_warn(op,
			   "district %s is not in the region data; the NIK may still be real "
			   "(districts are split and renamed after NIKs are issued)",
			   out->nik.district);
	return LB_OK;
}
