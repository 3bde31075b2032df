/*
 * verify.c — recompute and compare. See verify.h.
 *
 * Only reads. The comparisons are written as SQL that looks for the first
 * disagreement (ORDER BY ... LIMIT 1), so a healthy ledger costs one pass
 * per check and a damaged one is named precisely.
 */
#include "inventory/verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/hash.h"
#include "core/money.h"
#include "inventory/journal.h"
#include "inventory/qty.h"

enum { CK_FILE, CK_CHAIN, CK_BALANCE, CK_DOUBLE, CK_NEGATIVE, CK_PROTECT, CK_HISTORY };

static const char *const check_names[LB_VERIFY_NCHECKS] = {
	[CK_FILE] = "database file",
	[CK_CHAIN] = "hash chain",
	[CK_BALANCE] = "balances",
	[CK_DOUBLE] = "double entry",
	[CK_NEGATIVE] = "no negative stock",
	[CK_PROTECT] = "append-only",
	[CK_HISTORY] = "history tables",
};

static void finding(struct lb_verify_check *c, const char *fmt, ...) LB_PRINTF(2, 3);
static void finding(struct lb_verify_check *c, const char *fmt, ...)
{
	va_list ap;

	c->ok = 0;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
}

/* "movement 17 (2026-01-05, move of 120 kg of 'BERAS', id 'mv-1')" */
static void describe(lb_db *db, int64_t id, char *out, size_t n)
{
	lb_err e;
	lb_stmt *st = lb_db_prepare(db,
				    "SELECT m.day, m.kind, m.qty, i.code, i.unit, m.key FROM movement m"
				    " LEFT JOIN item i ON i.id = m.item_id WHERE m.id = ?1", &e);
	char q[64];

	snprintf(out, n, "movement %lld", (long long)id);
	if (!st)
		return;
	lb_bind_int(st, 1, id);
	if (lb_step(st, &e) == LB_ROW) {
		lb_qty_format(lb_col_int(st, 2), lb_col_text(st, 4), q, sizeof q);
		if (lb_col_null(st, 5))
			snprintf(out, n, "movement %lld (%s, %s of %s of '%s')", (long long)id, lb_col_text(st, 0),
				 lb_col_text(st, 1), q, lb_col_text(st, 3));
		else
			snprintf(out, n, "movement %lld (%s, %s of %s of '%s', id '%s')", (long long)id,
				 lb_col_text(st, 0), lb_col_text(st, 1), q, lb_col_text(st, 3),
				 lb_col_text(st, 5));
	}
	lb_stmt_reset(st);
}

static const char *opt_text(lb_stmt *st, int i)
{
	return lb_col_null(st, i) ? NULL : lb_col_text(st, i);
}

static int check_chain(lb_db *db, struct lb_verify_report *rep, lb_err *e)
{
	struct lb_verify_check *c = &rep->checks[CK_CHAIN];
	lb_stmt *st = lb_db_prepare_once(db,
					 "SELECT id, key, kind, day, item_id, lot_id, from_id, to_id, qty, reason, note,"
					 " ref, reverses, redemption_id, operator, posted_at, hash FROM movement ORDER BY id", e);
	unsigned char prev[LB_HASH_BYTES] = { 0 }, h[LB_HASH_BYTES];
	int64_t expect = 1, bad = 0;
	char what[512];
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_movement m;
		m.id = lb_col_int(st, 0);
		if (m.id != expect) {
			/* Ids are the previous id + 1 (journal.c), so a gap is
			 * a deleted row. */
			if (m.id > expect)
				finding(c, "the journal jumps from movement %lld to %lld: %lld movement%s deleted",
					(long long)expect - 1, (long long)m.id, (long long)(m.id - expect),
					m.id - expect > 1 ? "s were" : " was");
			else
				finding(c, "movement %lld is out of order", (long long)m.id);
			break;
		}
		m.key = opt_text(st, 1);
		m.kind = opt_text(st, 2);
		m.day = opt_text(st, 3);
		m.item_id = lb_col_int(st, 4);
		m.lot_id = lb_col_int(st, 5);
		m.from_id = lb_col_int(st, 6);
		m.to_id = lb_col_int(st, 7);
		m.qty = lb_col_int(st, 8);
		m.reason = opt_text(st, 9);
		m.note = opt_text(st, 10);
		m.ref = opt_text(st, 11);
		m.reverses = lb_col_int(st, 12);
		m.redemption_id = lb_col_int(st, 13);
		m.operator = opt_text(st, 14);
		m.posted_at = opt_text(st, 15);
		lb_movement_hash(prev, &m, h);
		if (lb_col_bytes(st, 16) != LB_HASH_BYTES || memcmp(h, lb_col_blob(st, 16), LB_HASH_BYTES) != 0) {
			bad = m.id;
			break;
		}
		memcpy(prev, h, sizeof h);
		expect++;
	}
	lb_stmt_free(st);
	if (rc != LB_ROW && rc != LB_DONE)
		return rc;
	rep->movements = expect - 1;
	if (bad) {
		describe(db, bad, what, sizeof what);
		finding(c, "%s does not match its hash: it was changed after it was posted%s", what,
			bad > 1 ? " (or the movement before it was replaced)" : "");
	} else if (c->ok) {
		lb_int_format_id(rep->movements, what, sizeof what);
		snprintf(c->msg, sizeof c->msg, "%s movements, each hash recomputed", what);
	}
	return LB_OK;
}

/* Run a query that returns the first offending row, or nothing. */
static int first_row(lb_db *db, const char *sql, lb_stmt **out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db, sql, e);
	int rc;

	*out = NULL;
	if (!st)
		return LB_ESYS;
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*out = st;
		return LB_OK;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

#define NAMES                                                                                     \
	" LEFT JOIN location loc ON loc.id = x.loc LEFT JOIN lot l ON l.id = x.lot"                \
	" LEFT JOIN item i ON i.id = l.item_id"

static int check_balances(lb_db *db, struct lb_verify_report *rep, lb_err *e)
{
	struct lb_verify_check *c = &rep->checks[CK_BALANCE];
	lb_stmt *st;
	char q1[64], q2[64];
	int rc;

	if ((rc = lb_db_int(db, "SELECT count(*) FROM balance", 0, &rep->balances, e)))
		return rc;
	rc = first_row(db,
		       "WITH j(loc, lot, q) AS (SELECT to_id, lot_id, qty FROM movement"
		       "  UNION ALL SELECT from_id, lot_id, -qty FROM movement),"
		       " s(loc, lot, q) AS (SELECT loc, lot, SUM(q) FROM j GROUP BY loc, lot),"
		       " x(loc, lot, journal, stored) AS (SELECT coalesce(s.loc, b.location_id), coalesce(s.lot, b.lot_id),"
		       "  coalesce(s.q, 0), coalesce(b.qty, 0) FROM s FULL JOIN balance b"
		       "  ON b.location_id = s.loc AND b.lot_id = s.lot WHERE coalesce(s.q, 0) <> coalesce(b.qty, 0))"
		       " SELECT loc.code, i.code, l.code, i.unit, x.journal, x.stored FROM x" NAMES
		       " ORDER BY x.loc, x.lot LIMIT 1",
		       &st, e);
	if (rc)
		return rc;
	if (st) {
		lb_qty_format(lb_col_int(st, 5), lb_col_text(st, 3), q1, sizeof q1);
		lb_qty_format(lb_col_int(st, 4), lb_col_text(st, 3), q2, sizeof q2);
		finding(c, "the balance of lot '%s' of '%s' at '%s' is %s, but the journal sums to %s",
			lb_col_text(st, 2), lb_col_text(st, 1), lb_col_text(st, 0), q1, q2);
		lb_stmt_free(st);
	} else {
		lb_int_format_id(rep->balances, q1, sizeof q1);
		snprintf(c->msg, sizeof c->msg, "%s balances, each equal to the journal's sum", q1);
	}
	return LB_OK;
}

static int check_double(lb_db *db, struct lb_verify_report *rep, lb_err *e)
{
	struct lb_verify_check *c = &rep->checks[CK_DOUBLE];
	lb_stmt *st;
	char what[512], q[64];
	int rc;

	if ((rc = first_row(db, "SELECT i.code, i.unit, SUM(b.qty) FROM balance b JOIN item i ON i.id = b.item_id"
				" GROUP BY b.item_id HAVING SUM(b.qty) <> 0 ORDER BY i.code LIMIT 1",
			    &st, e)))
		return rc;
	if (st) {
		lb_qty_format(lb_col_int(st, 2), lb_col_text(st, 1), q, sizeof q);
		finding(c, "the balances of '%s' sum to %s, not zero: stock appeared or vanished outside the journal",
			lb_col_text(st, 0), q);
		lb_stmt_free(st);
		return LB_OK;
	}
	/* The journal has no foreign keys (see core/schema.c): check here
	 * that every id it names exists. */
	if ((rc = first_row(db, "SELECT m.id FROM movement m"
				" WHERE NOT EXISTS (SELECT 1 FROM item WHERE id = m.item_id)"
				" OR NOT EXISTS (SELECT 1 FROM lot WHERE id = m.lot_id)"
				" OR NOT EXISTS (SELECT 1 FROM location WHERE id = m.from_id)"
				" OR NOT EXISTS (SELECT 1 FROM location WHERE id = m.to_id)"
				" OR (m.reverses IS NOT NULL AND NOT EXISTS (SELECT 1 FROM movement r WHERE r.id = m.reverses))"
				" ORDER BY m.id LIMIT 1",
			    &st, e)))
		return rc;
	if (st) {
		describe(db, lb_col_int(st, 0), what, sizeof what);
		finding(c, "%s names an item, lot, location or movement that does not exist", what);
		lb_stmt_free(st);
		return LB_OK;
	}
	if ((rc = first_row(db, "SELECT b.location_id, b.lot_id FROM balance b"
				" WHERE NOT EXISTS (SELECT 1 FROM location WHERE id = b.location_id)"
				" OR NOT EXISTS (SELECT 1 FROM lot WHERE id = b.lot_id)"
				" ORDER BY 1, 2 LIMIT 1",
			    &st, e)))
		return rc;
	if (st) {
		finding(c, "a balance names location %lld and lot %lld, which do not both exist",
			(long long)lb_col_int(st, 0), (long long)lb_col_int(st, 1));
		lb_stmt_free(st);
		return LB_OK;
	}
	if ((rc = first_row(db, "SELECT m.id FROM movement m JOIN lot l ON l.id = m.lot_id"
				" WHERE l.item_id <> m.item_id ORDER BY m.id LIMIT 1",
			    &st, e)))
		return rc;
	if (st) {
		describe(db, lb_col_int(st, 0), what, sizeof what);
		finding(c, "%s names a lot of another item", what);
		lb_stmt_free(st);
		return LB_OK;
	}
	if ((rc = first_row(db, "SELECT loc.code, l.code FROM balance b JOIN location loc ON loc.id = b.location_id"
				" JOIN lot l ON l.id = b.lot_id WHERE b.item_id <> l.item_id"
				" OR b.internal <> (loc.kind IN ('warehouse', 'point'))"
				" ORDER BY b.location_id, b.lot_id LIMIT 1",
			    &st, e)))
		return rc;
	if (st) {
		finding(c, "the balance row of lot '%s' at '%s' disagrees with its lot's item or its location's kind",
			lb_col_text(st, 1), lb_col_text(st, 0));
		lb_stmt_free(st);
		return LB_OK;
	}
	snprintf(c->msg, sizeof c->msg, "every item's balances sum to zero");
	return LB_OK;
}

static int check_negative(lb_db *db, struct lb_verify_report *rep, lb_err *e)
{
	struct lb_verify_check *c = &rep->checks[CK_NEGATIVE];
	lb_stmt *st;
	char q[64];
	int rc;

	if ((rc = first_row(db, "SELECT loc.code, i.code, l.code, i.unit, b.qty FROM balance b"
				" JOIN location loc ON loc.id = b.location_id JOIN lot l ON l.id = b.lot_id"
				" JOIN item i ON i.id = b.item_id"
				" WHERE loc.kind IN ('warehouse', 'point') AND b.qty < 0"
				" ORDER BY loc.code, i.code, l.code LIMIT 1",
			    &st, e)))
		return rc;
	if (st) {
		lb_qty_format(lb_col_int(st, 4), lb_col_text(st, 3), q, sizeof q);
		finding(c, "'%s' holds %s of '%s' lot '%s'", lb_col_text(st, 0), q, lb_col_text(st, 1),
			lb_col_text(st, 2));
		lb_stmt_free(st);
		return LB_OK;
	}
	snprintf(c->msg, sizeof c->msg, "no warehouse or point below zero");
	return LB_OK;
}

static int check_protect(lb_db *db, struct lb_verify_report *rep, lb_err *e)
{
	static const char *const triggers[] = {
		"movement_no_update", "movement_no_delete", "lot_no_update", "lot_no_delete",
		"stock_count_no_update", "stock_count_no_delete", "item_no_delete", "location_no_delete",
	};
	struct lb_verify_check *c = &rep->checks[CK_PROTECT];
	lb_stmt *st = lb_db_prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	for (size_t i = 0; i < sizeof triggers / sizeof triggers[0]; i++) {
		lb_stmt_reset(st);
		lb_bind_text(st, 1, triggers[i]);
		rc = lb_step(st, e);
		if (rc == LB_DONE) {
			finding(c, "the trigger %s is missing: rows can be changed without a trace in the database itself",
				triggers[i]);
			return LB_OK;
		}
		if (rc != LB_ROW)
			return rc;
	}
	lb_stmt_reset(st);
	snprintf(c->msg, sizeof c->msg, "the journal, lots and counts refuse changes; items and locations stay");
	return LB_OK;
}

/* ---- the history tables (migration 6) ---- */

/* A history table: its key as history_log holds it, and the columns its
 * log copies (the same expressions as the table's _log trigger, on t). */
struct hist_table {
	const char *name;
	const char *key;
	const char *cols;
};

static const struct hist_table hist_tables[] = {
	{ "redemption", "t.id", "t.id, t.voucher_id, t.allocation_id, t.point_id, t.day, t.redeemed_at, t.operator, t.proxy_name, t.manual, t.override_reason, t.source, t.kit_id, t.kit_ref, t.manual_reason" },
	{ "redemption_undo", "t.redemption_id", "t.redemption_id, t.reason, t.day, t.undone_at, t.operator, t.kit_id" },
	{ "redemption_attempt", "t.id", "t.id, t.at, t.day, t.point_id, t.serial, t.voucher_id, t.allocation_id, t.outcome, t.redemption_id, t.source, t.kit_id, t.kit_ref" },
	{ "voucher", "t.id", "t.id, t.allocation_id, t.serial, t.last_day, t.replaces_id, t.created_at, t.key_id" },
	{ "signing_key_event", "t.id", "t.id, t.key_id, t.kind, t.reason, t.at" },
	{ "voucher_revocation", "t.voucher_id", "t.voucher_id, t.reason, t.revoked_at, t.operator" },
	{ "allocation", "t.id", "t.id, t.program_id, t.period, t.recipient_id, t.point_id" },
	{ "period_close", "t.period", "t.period, t.closed_at, t.operator, t.forced" },
	{ "signing_key", "t.key_id", "t.key_id, hex(t.public_key), t.created_at" },
	{ "lot", "t.id", "t.id, t.item_id, t.code, t.expiry, t.unit_cost, t.supplier_id, t.received_on" },
	{ "program_package", "t.program_id || '/' || t.from_period || '/' || t.item_id", "t.program_id, t.from_period, t.item_id, t.qty, t.unit_price" },
	{ "program_budget", "t.program_id || '/' || t.from_period", "t.program_id, t.from_period, t.pagu" },
	{ "reference_price", "t.item_id || '/' || t.from_period", "t.item_id, t.from_period, t.price" },
	{ "recipient_status", "t.id", "t.id, t.recipient_id, t.status, t.day, t.reason" },
	{ "field_kit_voucher", "t.kit_id || '/' || t.voucher_id", "t.kit_id, t.voucher_id" },
	{ "field_check", "t.id", "t.id, t.recipient_id, t.reason, t.note, t.photo_type, t.photo_hash, t.flagged_at, t.flagged_by" },
	{ "field_check_decision", "t.check_id", "t.check_id, t.decision, t.note, t.decided_at, t.decided_by" },
	{ "redemption_entry", "t.redemption_id", "t.redemption_id, t.scanned_utc, t.entered_at" },
};

/* The triggers that keep history history. */
static const char *const hist_triggers[] = {
	"period_close_no_update", "period_close_no_delete", "recipient_status_no_update", "recipient_status_no_delete",
	"signing_key_no_delete", "signing_key_retire_once", "voucher_no_update", "voucher_no_delete",
	"voucher_revocation_no_update", "voucher_revocation_no_delete", "redemption_no_update", "redemption_no_delete",
	"redemption_undo_no_update", "redemption_undo_no_delete", "redemption_claims", "redemption_undo_releases",
	"redeemed_no_update", "redeemed_no_delete", "redemption_attempt_no_update", "redemption_attempt_no_delete",
	"field_kit_no_delete", "field_kit_import_only", "field_kit_export_day_fixed", "field_kit_voucher_no_update",
	"field_kit_voucher_no_delete", "program_budget_no_update", "program_budget_no_delete",
	"reference_price_no_update", "reference_price_no_delete", "program_package_no_update",
	"program_package_no_delete", "allocation_status_only", "allocation_no_delete", "recipient_nik_fixed",
	"history_log_no_update", "history_log_no_delete", "signing_key_event_no_update", "signing_key_event_no_delete",
	"field_check_no_update", "field_check_no_delete", "field_check_decision_no_update",
	"field_check_decision_no_delete",
	"redemption_entry_no_update", "redemption_entry_no_delete",
};

static int one_int(lb_db *db, const char *sql, int64_t *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db, sql, e);
	int rc;

	if (!st)
		return LB_ESYS;
	rc = lb_step(st, e);
	*out = rc == LB_ROW ? lb_col_int(st, 0) : 0;
	lb_stmt_free(st);
	return rc == LB_ROW || rc == LB_DONE ? LB_OK : rc;
}

/* The first row of t that no log entry copies: changed by hand, or
 * inserted with its trigger dropped. */
static int hist_rows(lb_db *db, const struct hist_table *t, struct lb_verify_check *c, int *bad, lb_err *e)
{
	char sql[1024];
	lb_stmt *st;
	int rc;

	snprintf(sql, sizeof sql,
		 /* +(key): without affinity, so that history_log's index on
		  * (tbl, key ANY) serves the lookup. */
		 "SELECT %s, EXISTS (SELECT 1 FROM history_log h WHERE h.tbl = '%s' AND h.key = +(%s)) FROM %s t"
		 " WHERE NOT EXISTS (SELECT 1 FROM history_log h WHERE h.tbl = '%s' AND h.key = +(%s) AND h.row = json_array(%s))"
		 " LIMIT 1",
		 t->key, t->name, t->key, t->name, t->name, t->key, t->cols);
	if (!(st = lb_db_prepare_once(db, sql, e)))
		return LB_ESYS;
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*bad = 1;
		if (lb_col_int(st, 1))
			finding(c, "%s row %s was changed: it differs from its copy in the history log", t->name,
				lb_col_text(st, 0));
		else
			finding(c, "%s row %s is not in the history log: it was inserted with the trigger %s_log dropped",
				t->name, lb_col_text(st, 0), t->name);
	}
	lb_stmt_free(st);
	return rc == LB_ROW || rc == LB_DONE ? LB_OK : rc;
}

/* The first log entry of t whose row is gone. Counted first: the search
 * runs only when t has fewer rows than entries (a package of a round not
 * allocated yet may be replaced, so its old entries stay without a row). */
static int hist_gone(lb_db *db, const struct hist_table *t, struct lb_verify_check *c, int *bad, lb_err *e)
{
	int package = strcmp(t->name, "program_package") == 0;
	char sql[1024];
	int64_t rows, entries;
	lb_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", t->name);
	if ((rc = one_int(db, sql, &rows, e)))
		return rc;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM history_log WHERE tbl = '%s'", t->name);
	if ((rc = one_int(db, sql, &entries, e)))
		return rc;
	if (entries <= rows && !package)
		return LB_OK;
	snprintf(sql, sizeof sql,
		 "SELECT h.seq, h.key FROM history_log h WHERE h.tbl = '%s' AND NOT EXISTS (SELECT 1 FROM %s t WHERE %s = h.key)%s"
		 " ORDER BY h.seq LIMIT 1",
		 t->name, t->name, t->key,
		 package ? " AND EXISTS (SELECT 1 FROM allocation_run r WHERE r.program_id = json_extract(h.row, '$[0]')"
			   " AND r.period >= json_extract(h.row, '$[1]'))" : "");
	if (!(st = lb_db_prepare_once(db, sql, e)))
		return LB_ESYS;
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*bad = 1;
		finding(c, "%s row %s was deleted: history log entry %lld still records it", t->name, lb_col_text(st, 1),
			(long long)lb_col_int(st, 0));
	}
	lb_stmt_free(st);
	return rc == LB_ROW || rc == LB_DONE ? LB_OK : rc;
}

/* The log's own hash chain, recomputed from the first entry: the first
 * entry whose hash differs was changed, or follows one that was changed
 * or deleted. An entry with no hash was written outside lumbung, which
 * seals every entry in the transaction that writes it. */
static int history_chain(lb_db *db, struct lb_verify_check *c, int *bad, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db, "SELECT seq, tbl, CAST(key AS TEXT), row, hash FROM history_log ORDER BY seq", e);
	unsigned char h[LB_HASH_BYTES] = { 0 };
	int rc;

	if (!st)
		return LB_ESYS;
	/* inside a write transaction (a caller verifying before it commits)
	 * the unsealed entries are that transaction's own */
	if (lb_db_in_tx(db) && (rc = lb_db_seal_history(db, e))) {
		lb_stmt_free(st);
		return rc;
	}
	while ((rc = lb_step(st, e)) == LB_ROW) {
		int64_t seq = lb_col_int(st, 0);

		if (lb_col_null(st, 4)) {
			finding(c, "history log entry %lld has no hash: it was written outside lumbung", (long long)seq);
			*bad = 1;
			break;
		}
		lb_hash_history(h, seq, lb_col_text(st, 1), lb_col_text(st, 2), lb_col_text(st, 3), h);
		if (lb_col_bytes(st, 4) != LB_HASH_BYTES || memcmp(lb_col_blob(st, 4), h, LB_HASH_BYTES) != 0) {
			finding(c, "history log entry %lld does not recompute: it, or an entry before it, was changed or deleted",
				(long long)seq);
			*bad = 1;
			break;
		}
	}
	lb_stmt_free(st);
	return rc == LB_ROW || rc == LB_DONE ? LB_OK : rc;
}

static int check_history(lb_db *db, struct lb_verify_report *rep, lb_err *e)
{
	struct lb_verify_check *c = &rep->checks[CK_HISTORY];
	lb_stmt *st = lb_db_prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1", e);
	int64_t n, top, gap;
	char name[96];
	int bad = 0, rc;

	if (!st)
		return LB_ESYS;
	for (size_t i = 0; i < sizeof hist_triggers / sizeof hist_triggers[0] + sizeof hist_tables / sizeof hist_tables[0];
	     i++) {
		if (i < sizeof hist_triggers / sizeof hist_triggers[0])
			snprintf(name, sizeof name, "%s", hist_triggers[i]);
		else
			snprintf(name, sizeof name, "%s_log", hist_tables[i - sizeof hist_triggers / sizeof hist_triggers[0]].name);
		lb_stmt_reset(st);
		lb_bind_text(st, 1, name);
		rc = lb_step(st, e);
		if (rc == LB_DONE) {
			finding(c, "the trigger %s is missing: history can be changed without a trace in the database itself",
				name);
			return LB_OK;
		}
		if (rc != LB_ROW)
			return rc;
	}
	lb_stmt_reset(st);
	if ((rc = one_int(db, "SELECT count(*) FROM history_log", &n, e)) ||
	    (rc = one_int(db, "SELECT coalesce(max(seq), 0) FROM history_log", &top, e)))
		return rc;
	if (n != top) {
		if ((rc = one_int(db,
				  "SELECT coalesce((SELECT h.seq + 1 FROM history_log h WHERE h.seq < (SELECT max(seq) FROM history_log)"
				  " AND NOT EXISTS (SELECT 1 FROM history_log x WHERE x.seq = h.seq + 1) ORDER BY h.seq LIMIT 1), 1)",
				  &gap, e)))
			return rc;
		if (gap == 1 && n > 0) {
			int64_t lo;
			if ((rc = one_int(db, "SELECT min(seq) FROM history_log", &lo, e)))
				return rc;
			gap = lo > 1 ? 1 : gap;
		}
		finding(c, "history log entry %lld was deleted: the entries do not run without gaps", (long long)gap);
		return LB_OK;
	}
	/* after the gap check, which names a plain deletion more exactly;
	 * the chain also finds entries renumbered to close a gap, and
	 * entries changed together with their table's row */
	if ((rc = history_chain(db, c, &bad, e)) || bad)
		return rc;
	for (size_t i = 0; i < sizeof hist_tables / sizeof hist_tables[0] && !bad; i++)
		if ((rc = hist_rows(db, &hist_tables[i], c, &bad, e)) || (!bad && (rc = hist_gone(db, &hist_tables[i], c, &bad, e))))
			return rc;
	if (!bad)
		snprintf(c->msg, sizeof c->msg, "%lld rows of %zu history tables match their log; their triggers are in place",
			 (long long)n, sizeof hist_tables / sizeof hist_tables[0]);
	return LB_OK;
}

int lb_verify(lb_db *db, struct lb_verify_report *rep, lb_err *e)
{
	return lb_verify_some(db, 0, rep, e);
}

int lb_verify_some(lb_db *db, int journal_only, struct lb_verify_report *rep, lb_err *e)
{
	struct lb_verify_check *file = &rep->checks[CK_FILE];
	lb_err ie;
	int rc;

	memset(rep, 0, sizeof *rep);
	for (int i = 0; i < LB_VERIFY_NCHECKS; i++) {
		rep->checks[i].name = check_names[i];
		rep->checks[i].ok = 1;
	}
	rc = lb_db_integrity(db, &ie);
	if (rc == LB_ERULE)
		finding(file, "%s", ie.msg);
	else if (rc)
		return lb_fail(e, rc, "%s", ie.msg);
	else
		snprintf(file->msg, sizeof file->msg, "PRAGMA integrity_check: ok");
	if ((rc = check_chain(db, rep, e)) || (rc = check_balances(db, rep, e)) ||
	    (rc = check_double(db, rep, e)) || (rc = check_negative(db, rep, e)) ||
	    (rc = check_protect(db, rep, e)))
		return rc;
	if (journal_only)
		snprintf(rep->checks[CK_HISTORY].msg, sizeof rep->checks[CK_HISTORY].msg, "not checked (--journal-only)");
	else if ((rc = check_history(db, rep, e)))
		return rc;
	for (int i = 0; i < LB_VERIFY_NCHECKS; i++)
		if (!rep->checks[i].ok)
			return lb_fail(e, LB_ERULE, "verify: %s: %s", rep->checks[i].name, rep->checks[i].msg);
	return LB_OK;
}
