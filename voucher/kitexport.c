/*
 * kitexport.c — writing a field kit for one point and one period. See
 * kitexport.h.
 */
#include "voucher/kitexport.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/date.h"
#include "core/file.h"
#include "core/meta.h"
#include "core/period.h"
#include "core/schema.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/lot.h"
#include "voucher/kitcheck.h"
#include "voucher/voucher.h"
#include "voucher/kitrec.h"

/* ---- export ---- */

/* The kit's copy of what the point needs, read from the main database
 * attached as src, in an order that satisfies every foreign key. ?1 is
 * the point's id, ?2 the period (YYYY-MM), ?3 its first day. The
 * allocations are those at the point with a voucher whose round covers
 * the period. */
static const char *const copy_sql[] = {
	"CREATE TEMP TABLE kit_alloc(id INTEGER PRIMARY KEY)",
	"INSERT INTO kit_alloc SELECT DISTINCT a.id FROM src.allocation a JOIN src.voucher v ON v.allocation_id = a.id"
	" WHERE a.point_id = ?1 AND a.period <= ?2 AND v.last_day >= ?3",
	"CREATE TEMP TABLE kit_village(code TEXT PRIMARY KEY)",
	"INSERT INTO kit_village SELECT DISTINCT r.village FROM src.recipient r JOIN src.allocation a ON a.recipient_id = r.id"
	" WHERE a.id IN (SELECT id FROM kit_alloc)",
	"INSERT INTO main.region_province SELECT * FROM src.region_province WHERE code IN (SELECT d.province_code"
	" FROM src.region_regency d JOIN src.region_district x ON x.regency_code = d.code JOIN src.region_village v"
	" ON v.district_code = x.code WHERE v.code IN (SELECT code FROM kit_village))",
	"INSERT INTO main.region_regency SELECT * FROM src.region_regency WHERE code IN (SELECT x.regency_code"
	" FROM src.region_district x JOIN src.region_village v ON v.district_code = x.code"
	" WHERE v.code IN (SELECT code FROM kit_village))",
	"INSERT INTO main.region_district SELECT * FROM src.region_district WHERE code IN (SELECT v.district_code"
	" FROM src.region_village v WHERE v.code IN (SELECT code FROM kit_village))",
	"INSERT INTO main.region_village SELECT * FROM src.region_village WHERE code IN (SELECT code FROM kit_village)",
	"INSERT OR IGNORE INTO main.category SELECT * FROM src.category",
	"INSERT INTO main.item SELECT * FROM src.item",
	"INSERT INTO main.item_pack SELECT * FROM src.item_pack",
	"INSERT INTO main.location SELECT * FROM src.location WHERE code NOT IN (SELECT code FROM main.location)",
	"INSERT INTO main.program SELECT * FROM src.program WHERE id IN"
	" (SELECT program_id FROM src.allocation WHERE id IN (SELECT id FROM kit_alloc))",
	"INSERT INTO main.program_package SELECT * FROM src.program_package WHERE program_id IN (SELECT id FROM main.program)",
	/* Recipients without their personal data: see kitexport.h. */
	"INSERT INTO main.recipient(id, nik, kk, name, sex, birth_date, address, village, category, desil, phone,"
	" proxy_name, proxy_nik, point_id, status, token, mismatch_accepted, created_at, replaces_id)"
	" SELECT id, printf('KIT:%010d:K', id), NULL, name, sex, '1900-01-01', NULL, village, category, NULL, NULL,"
	" proxy_name, NULL, point_id, status, token, NULL, created_at, NULL FROM src.recipient"
	" WHERE id IN (SELECT recipient_id FROM src.allocation WHERE id IN (SELECT id FROM kit_alloc))",
	"INSERT INTO main.kit_recipient SELECT id, substr(nik, 1, 4) || '**********' || substr(nik, 15, 2)"
	" FROM src.recipient WHERE id IN (SELECT id FROM main.recipient)",
	"INSERT INTO main.allocation SELECT * FROM src.allocation WHERE id IN (SELECT id FROM kit_alloc)",
	"INSERT INTO main.signing_key SELECT * FROM src.signing_key",
	"INSERT INTO main.voucher SELECT * FROM src.voucher WHERE allocation_id IN (SELECT id FROM kit_alloc) ORDER BY id",
	"INSERT INTO main.voucher_revocation SELECT * FROM src.voucher_revocation WHERE voucher_id IN (SELECT id FROM main.voucher)",
	/* The redemptions in force, so the kit refuses a slip redeemed at
	 * the office already and says where. */
	"INSERT INTO main.redemption SELECT r.* FROM src.redemption r JOIN src.redeemed d ON d.redemption_id = r.id"
	" WHERE d.allocation_id IN (SELECT id FROM kit_alloc) ORDER BY r.id",
};

#define KIT_OPENING "KIT-OPENING"

static int exec_bound(lb_db *db, const char *sql, int64_t point, const char *period, const char *first, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db, sql, e);
	int rc, n = 0;

	if (!st)
		return LB_ESYS;
	n = sqlite3_bind_parameter_count(st);
	if (n >= 1)
		lb_bind_int(st, 1, point);
	if (n >= 2)
		lb_bind_text(st, 2, period);
	if (n >= 3)
		lb_bind_text(st, 3, first);
	rc = lb_step_done(st, e);
	lb_stmt_free(st);
	if (rc)
		lb_err_prefix(e, "cannot copy into the field kit");
	return rc;
}

static int count_of(lb_db *db, const char *sql, long *n, lb_err *e)
{
	int64_t v;
	int rc = lb_db_int(db, sql, 0, &v, e);

	*n = (long)v;
	return rc;
}

/* Post the point's unexpired stock into the kit as receipts from
 * KIT-OPENING, read from src. */
static int opening_stock(lb_db *kit, int64_t point_id, lb_day today, const char *kit_id, const char *operator,
			 long *lots, lb_err *e)
{
	struct lb_location sup = { 0 };
	int64_t sup_id = 0;
	char day[11], ref[48];
	lb_stmt *st;
	int rc;

	*lots = 0;
	if ((rc = lb_location_find(kit, KIT_OPENING, &sup, NULL)) == LB_OK) {
		if (sup.kind != LB_LOC_SUPPLIER)
			return lb_fail(e, LB_ERULE, "cannot export a field kit: location '%s' exists and is not a supplier",
				       KIT_OPENING);
		sup_id = sup.id;
	} else {
		snprintf(sup.code, sizeof sup.code, "%s", KIT_OPENING);
		sup.kind = LB_LOC_SUPPLIER;
		snprintf(sup.name, sizeof sup.name, "Stok awal kit lapangan");
		if ((rc = lb_location_add(kit, &sup, &sup_id, e)))
			return rc;
	}
	lb_date_format(today, day);
	snprintf(ref, sizeof ref, "KIT-%.8s", kit_id);
	st = lb_db_prepare_once(kit,
		"SELECT b.item_id, b.qty, l.code, l.expiry, l.unit_cost FROM src.balance b JOIN src.lot l ON l.id = b.lot_id"
		" WHERE b.location_id = ?1 AND b.qty > 0 AND (l.expiry IS NULL OR l.expiry >= ?2) ORDER BY l.id", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, point_id);
	lb_bind_text(st, 2, day);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_receive_req q = { 0 };
		struct lb_post_result pr;
		char code[64];

		snprintf(code, sizeof code, "%s", lb_col_text(st, 2));
		q.item_id = lb_col_int(st, 0);
		q.to_id = point_id;
		q.supplier_id = sup_id;
		q.qty = lb_col_int(st, 1);
		q.lot = code;
		if (!lb_col_null(st, 3)) {
			q.has_expiry = 1;
			if (lb_date_parse(lb_col_text(st, 3), "expiry", &q.expiry, e)) {
				rc = LB_ESYS;
				break;
			}
		}
		q.unit_cost = lb_col_int(st, 4);
		q.ref = ref;
		q.note = "opening stock of a field kit";
		q.day = today;
		q.operator = operator;
		if ((rc = lb_journal_receive(kit, &q, &pr, e))) {
			lb_err_prefix(e, "cannot post the field kit's opening stock");
			break;
		}
		(*lots)++;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

static void unlink_db(const char *path)
{
	char p[PATH_MAX + 8];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}


/* The rounds running in period at this point may not have been printed
 * yet; their vouchers are issued by the first command that needs them
 * (as voucher print and list do), so a kit can go out before the slips. */
static int issue_round_vouchers(lb_db *db, int64_t point_id, int period, lb_err *e)
{
	char per[8];
	lb_stmt *st;
	int rc;

	lb_period_format(period, per);
	st = lb_db_prepare_once(db,
		"SELECT DISTINCT a.program_id, a.period, p.round_months FROM allocation a"
		" JOIN program p ON p.id = a.program_id"
		" WHERE a.point_id = ?1 AND a.period <= ?2 AND a.status = 'allocated'", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, point_id);
	lb_bind_text(st, 2, per);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int start;

		if ((rc = lb_period_parse(lb_col_text(st, 1), "allocation period", &start, e)))
			break;
		if (start + (int)lb_col_int(st, 2) <= period)
			continue; /* a round that ended before this period */
		if ((rc = lb_voucher_create_missing(db, lb_col_int(st, 0), start, NULL, e)))
			break;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_kit_export(lb_db *db, const char *point, int period, const char *path, const char *operator,
		  struct lb_kit_export_result *out, lb_err *e)
{
	struct lb_location pt;
	unsigned char id[16], opening[LB_HASH_BYTES];
	char per[8], first[11], now[21], tmp[PATH_MAX], org[256], db_id[LB_KIT_ID_LEN + 1];
	lb_db *kit = NULL;
	lb_stmt *st;
	struct stat sb;
	int closed, rc, attached = 0, renamed = 0;
	long vouchers;
	int64_t nmov = 0, maxred = 0;
	lb_day today = lb_today();

	memset(out, 0, sizeof *out);
	memset(opening, 0, sizeof opening);
	if (!path || !*path)
		return lb_fail(e, LB_EINPUT, "field export: -o KIT.db is required");
	if (stat(path, &sb) == 0)
		return lb_fail(e, LB_EINPUT, "field export: '%s' exists already: choose a new file name", path);
	if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return lb_fail(e, LB_EINPUT, "field export: the path '%s' is too long", path);
	if ((rc = lb_location_find(db, point, &pt, e)))
		return rc;
	if (pt.kind != LB_LOC_POINT)
		return lb_fail(e, LB_EINPUT, "field export: '%s' is not a distribution point", pt.code);
	lb_period_format(period, per);
	lb_date_format(lb_period_first_day(period), first);
	if ((rc = lb_period_is_closed(db, period, &closed, e)))
		return rc;
	if (closed)
		return lb_fail(e, LB_ERULE, "cannot export a field kit for %s: period %s is closed", pt.code, per);
	if ((rc = lb_kit_meta(db, "db_id", db_id, sizeof db_id, 1, e)) ||
	    (rc = lb_kit_meta(db, "org_name", org, sizeof org, 0, e)))
		return rc;
	{
		char kind[16];
		if ((rc = lb_kit_meta(db, "kind", kind, sizeof kind, 0, e)))
			return rc;
		if (strcmp(kind, "kit") == 0)
			return lb_fail(e, LB_EINPUT, "field export: this database is itself a field kit");
	}
	if ((rc = issue_round_vouchers(db, pt.id, period, e)))
		return rc;
	st = lb_db_prepare(db,
		"SELECT count(*) FROM voucher v JOIN allocation a ON a.id = v.allocation_id"
		" WHERE a.point_id = ?1 AND a.period <= ?2 AND v.last_day >= ?3", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, pt.id);
	lb_bind_text(st, 2, per);
	lb_bind_text(st, 3, first);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? LB_ESYS : rc;
	vouchers = (long)lb_col_int(st, 0);
	lb_stmt_reset(st);
	if (vouchers == 0)
		return lb_fail(e, LB_ERULE,
			       "cannot export a field kit for %s %s: it has no vouchers for that period (allocate, then print the slips)",
			       pt.code, per);

	randombytes_buf(id, sizeof id);
	lb_hash_hex(id, sizeof id, out->kit_id);
	unlink_db(tmp);
	if ((rc = lb_db_open(tmp, LB_DB_CREATE, &kit, e)))
		return rc;
	if ((rc = lb_meta_init(kit, org[0] ? org : "Dinas Sosial", "kit", e)))
		goto fail;
	st = lb_db_prepare_once(kit, "ATTACH DATABASE ?1 AS src", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, lb_db_path(db));
	rc = lb_step_done(st, e);
	lb_stmt_free(st);
	if (rc)
		goto fail;
	attached = 1;
	/* Deferred: one read snapshot of the main database for the whole
	 * copy, without holding its write lock. */
	if ((rc = lb_db_exec(kit, "BEGIN", e)))
		goto fail;
	lb_now_utc(now);
	if ((rc = lb_meta_set(kit, "parent_db_id", db_id, e)) || (rc = lb_meta_set(kit, "kit_id", out->kit_id, e)) ||
	    (rc = lb_meta_set(kit, "kit_point", pt.code, e)) || (rc = lb_meta_set(kit, "kit_period", per, e)) ||
	    (rc = lb_meta_set(kit, "kit_exported_at", now, e)))
		goto fail;
	for (size_t i = 0; i < sizeof copy_sql / sizeof copy_sql[0]; i++)
		if ((rc = exec_bound(kit, copy_sql[i], pt.id, per, first, e)))
			goto fail;
	if ((rc = opening_stock(kit, pt.id, today, out->kit_id, operator, &out->lots, e)))
		goto fail;
	if ((rc = count_of(kit, "SELECT count(*) FROM main.voucher", &out->vouchers, e)) ||
	    (rc = count_of(kit, "SELECT count(*) FROM main.recipient", &out->recipients, e)) ||
	    (rc = count_of(kit, "SELECT count(*) FROM main.redemption", &out->redemptions, e)) ||
	    (rc = lb_db_int(kit, "SELECT coalesce(max(id), 0) FROM main.redemption", 0, &maxred, e)))
		goto fail;
	st = lb_db_prepare_once(kit, "SELECT id, hash FROM main.movement ORDER BY id DESC LIMIT 1", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	rc = lb_step(st, e);
	if (rc == LB_ROW && lb_col_bytes(st, 1) == LB_HASH_BYTES) {
		nmov = lb_col_int(st, 0);
		memcpy(opening, lb_col_blob(st, 1), LB_HASH_BYTES);
		rc = LB_OK;
	} else if (rc == LB_DONE) {
		rc = LB_OK;
	} else if (rc == LB_ROW) {
		rc = lb_fail(e, LB_ESYS, "the field kit's opening stock has a damaged hash");
	}
	lb_stmt_free(st);
	if (rc)
		goto fail;
	out->movements = nmov;
	if ((rc = lb_db_commit(kit, e)))
		goto fail;
	if ((rc = lb_db_exec(kit, "DETACH DATABASE src", e)))
		goto fail;
	attached = 0;
	lb_db_close(kit); /* checkpoints: the kit is one file again */
	kit = NULL;
	if (stat(path, &sb) == 0) {
		rc = lb_fail(e, LB_EINPUT, "field export: '%s' appeared while the kit was written: choose a new file name",
			     path);
		goto fail;
	}
	if ((rc = lb_file_place(tmp, path, 0, e))) {
		lb_err_prefix(e, "cannot write field kit");
		goto fail;
	}
	renamed = 1;

	if ((rc = lb_db_begin(db, e)))
		goto fail;
	st = lb_db_prepare(db,
		"INSERT INTO field_kit(kit_id, point_id, period, parent_db_id, exported_at, operator, path, vouchers,"
		" opening_movements, opening_hash, opening_redemptions, export_day)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", e);
	if (!st) {
		lb_db_rollback(db);
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_text(st, 1, out->kit_id);
	lb_bind_int(st, 2, pt.id);
	lb_bind_text(st, 3, per);
	lb_bind_text(st, 4, db_id);
	lb_bind_text(st, 5, now);
	lb_bind_text(st, 6, operator);
	lb_bind_text(st, 7, path);
	lb_bind_int(st, 8, out->vouchers);
	lb_bind_int(st, 9, nmov);
	lb_bind_blob(st, 10, opening, sizeof opening);
	lb_bind_int(st, 11, maxred);
	{
		char tday[11];
		lb_date_format(today, tday);
		lb_bind_text(st, 12, tday);
	}
	if ((rc = lb_step_done(st, e))) {
		lb_db_rollback(db);
		goto fail;
	}
	/* Which vouchers went into it: the same choice as copy_sql's, for
	 * the field_kit row just written. */
	if ((rc = exec_bound(db,
		"INSERT INTO field_kit_voucher(kit_id, voucher_id)"
		" SELECT (SELECT kit_id FROM field_kit WHERE rowid = last_insert_rowid()), v.id FROM voucher v"
		" WHERE v.allocation_id IN (SELECT DISTINCT a.id FROM allocation a JOIN voucher w ON w.allocation_id = a.id"
		"  WHERE a.point_id = ?1 AND a.period <= ?2 AND w.last_day >= ?3)", pt.id, per, first, e))) {
		lb_db_rollback(db);
		goto fail;
	}
	if ((rc = lb_db_commit(db, e)))
		goto fail;
	return LB_OK;
fail:
	if (kit) {
		lb_db_rollback(kit);
		if (attached) {
			lb_err ignore;
			lb_db_exec(kit, "DETACH DATABASE src", &ignore);
		}
		lb_db_close(kit);
	}
	unlink_db(tmp);
	if (renamed)
		unlink_db(path);
	return rc;
}

