/*
 * region.h — Indonesia's administrative regions (Kemendagri codes):
 * provinces, regencies, districts (kecamatan) and villages (desa,
 * kelurahan), as shipped in data/wilayah (ODbL, see its SOURCE.md).
 *
 * Owns the tables region_province, region_regency, region_district and
 * region_village. Codes are dotted as in the data: 64, 64.02, 64.02.06,
 * 64.02.06.2001. Rows are upserted and never deleted, because NIKs keep
 * the district code they were issued with after a district is split or
 * renamed.
 *
 * Memory: nothing here allocates for the caller; names are copied into
 * caller-owned buffers.
 */
#ifndef LB_REGION_H
#define LB_REGION_H

#include <stddef.h>

#include "core/cli.h"
#include "core/db.h"
#include "core/op.h"
#include "recipients/nik.h"
#include "core/rows.h"

enum lb_region_level {
	LB_REGION_PROVINCE = 0,
	LB_REGION_REGENCY = 1,
	LB_REGION_DISTRICT = 2,
	LB_REGION_VILLAGE = 3,
};

#define LB_REGION_CODE_MAX 16  /* "64.02.06.2001" and a NUL, with room */
#define LB_REGION_NAME_MAX 128 /* bytes of UTF-8, NUL included */

struct lb_region_counts {
	long added[4], updated[4], unchanged[4]; /* by enum lb_region_level */
};

/* "provinces", "regencies", "districts", "villages". */
const char *lb_region_level_name(int level);

/* Is code shaped like a code of that level (digits and dots only)? */
int lb_region_code_valid(int level, const char *code);

/*
 * Import region CSV files, each recognised by its header:
 *   code,name                  provinces
 *   code,province_code,name    regencies
 *   code,regency_code,name     districts
 *   code,district_code,name    villages
 * Files may come in any order: they are applied from provinces down, in
 * one transaction. A row is refused when its code is malformed, does not
 * start with its parent's code, or its parent is neither in the database
 * nor in the files; every bad row is reported through sink and then
 * nothing is written (LB_EINPUT). Importing the same files twice changes
 * nothing (counts->unchanged says so).
 */
int lb_region_import(lb_db *db, const char *const *files, size_t nfiles,
		     const struct lb_rows *sink, struct lb_region_counts *counts, lb_err *e);

/* The name of a region by level and code; *found = 0 (and name "") when
 * the code is not in the data. */
int lb_region_name(lb_db *db, int level, const char *code, char name[LB_REGION_NAME_MAX],
		   int *found, lb_err *e);

/* LB_OK when the village is in the data, else LB_EINPUT
 * "unknown village code '64.02.06.9999' (not in the region data: ...)". */
int lb_region_check_village(lb_db *db, const char *code, lb_err *e);

/* What the region data says about a parsed NIK's province, regency and
 * district. Names are "" where the code is not in the data. */
struct lb_nik_region {
	char province[LB_REGION_NAME_MAX];
	char regency[LB_REGION_NAME_MAX];
	char district[LB_REGION_NAME_MAX];
	int province_known, regency_known, district_known;
};
int lb_region_of_nik(lb_db *db, const struct lb_nik *nik, struct lb_nik_region *out, lb_err *e);

/* Number of villages in the data (0 before `region import`). */
int lb_region_village_count(lb_db *db, long *count, lb_err *e);

/* ---- operations (core/op.h) ---- */

/* `region import`: the files as named, a --delimiter as typed (NULL:
 * detect), and where each bad row is reported as it is found. */
struct lb_region_import_in {
	struct lb_strv files;
	const char *delimiter;
	const struct lb_rows *rows;
};
int lb_region_load(struct lb_op *op, const struct lb_region_import_in *in,
		   struct lb_region_counts *out, lb_err *e);

/* `nik check`: what a NIK encodes, and its region names when op->db is
 * set (it may be NULL: the shape check needs no database). A district
 * missing from the region data is a warning, not an error. */
struct lb_nik_check_in {
	const char *nik;
};
struct lb_nik_check_out {
	struct lb_nik nik;
	struct lb_nik_region region; /* all unknown without a database */
};
int lb_nik_check(struct lb_op *op, const struct lb_nik_check_in *in, struct lb_nik_check_out *out,
		 lb_err *e);

#endif
