/*
 * screening.c — screening lists and their hits. See screening.h.
 */
#include "recipients/screening.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/sheet.h"
#include "core/date.h"
#include "recipients/nik.h"
#include "recipients/status.h"

int lb_screen_list_name(const char *in, char out[LB_LIST_NAME_MAX], lb_err *e)
{
	size_t len = in ? strlen(in) : 0;

	if (len == 0 || len >= LB_LIST_NAME_MAX)
		return lb_fail(e, LB_EINPUT, "a list name has 1 to %d characters", LB_LIST_NAME_MAX - 1);
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return lb_fail(e, LB_EINPUT,
				       "'%.40s' is not a list name (letters, digits, '-' and '_')", in);
		out[i] = c;
	}
	out[len] = '\0';
	return LB_OK;
}

int lb_screen_recipients(lb_db *db, int64_t from_id, long *hits, lb_err *e)
{
	char now[21];
	lb_stmt *st = lb_db_prepare(db,
		"INSERT OR IGNORE INTO screening_hit(list, recipient_id, found_at)"
		" SELECT s.list, r.id, ?2 FROM recipient r JOIN screening_entry s ON s.nik = r.nik"
		" WHERE r.id >= ?1", e);
	int rc;

	*hits = 0;
	if (!st)
		return LB_ESYS;
	lb_now_utc(now);
	lb_bind_int(st, 1, from_id);
	lb_bind_text(st, 2, now);
	if ((rc = lb_step_done(st, e)))
		return rc;
	*hits = (long)lb_db_changes(db);
	return LB_OK;
}

static int count(lb_db *db, const char *sql, const char *list, long *out, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);
	int rc;

	*out = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, list);
	rc = lb_step(st, e);
	if (rc != LB_ROW)
		return rc == LB_DONE ? LB_OK : rc;
	*out = (long)lb_col_int(st, 0);
	lb_stmt_reset(st);
	return LB_OK;
}

static const struct lb_sheet_col cols[] = { { "nik", 1, "no nik|nomor nik" },
					   { "name", 0, "nama" },
					   { "note", 0, "catatan|keterangan" } };

const struct lb_sheet_col *lb_screen_columns(size_t *n)
{
	*n = sizeof cols / sizeof cols[0];
	return cols;
}

/* Read the file into the list's entries; bad rows go to sink. */
static int load_entries(lb_db *db, const char *path, const char *list, const char *rejects,
			const struct lb_rows *sink, long *rows, long *bad, lb_err *e)
{
	int idx[3], rc, ref = lb_nik_ref_year();
	lb_sheet *c;
	lb_stmt *st;
	lb_err why;
	FILE *rej = NULL;

	*bad = *rows = 0;
	if ((rc = lb_sheet_open(path, NULL, &c, e)))
		return rc;
	if ((rc = lb_sheet_header(c, cols, 3, idx, e)) ||
	    (rejects && (rc = lb_sheet_rejects_open(c, rejects, &rej, e))))
		goto done;
	while ((rc = lb_sheet_next_row(c, e)) == LB_SHEET_ROW) {
		char nik[64];
		const char *f = lb_sheet_field(c, idx[0]);
		size_t len;

		(*rows)++;
		while (*f == ' ' || *f == '\t')
			f++;
		snprintf(nik, sizeof nik, "%s", f);
		len = strlen(nik);
		while (len && (nik[len - 1] == ' ' || nik[len - 1] == '\t' || nik[len - 1] == '\r'))
			nik[--len] = '\0';
		/* A list whose NIKs Excel turned into numbers would match the
		 * wrong people, or nobody: refused like a recipient file. */
		if (lb_nik_excel_damage(nik, lb_sheet_is_number(c, idx[0]), "NIK", &why) ||
		    lb_nik_parse_at(nik, ref, NULL, &why)) {
			char reason[LB_ERR_MAX + 8];
			(*bad)++;
			lb_rows_report(sink, 0, path, lb_sheet_row(c), "nik", why.msg);
			if (rej) {
				snprintf(reason, sizeof reason, "nik: %s", why.msg);
				lb_sheet_reject(rej, c, reason);
			}
			continue;
		}
		if (!(st = lb_db_prepare(db,
				"INSERT OR IGNORE INTO screening_entry(list, nik) VALUES (?1, ?2)", e))) {
			rc = LB_ESYS;
			goto done;
		}
		lb_bind_text(st, 1, list);
		lb_bind_text(st, 2, nik);
		if ((rc = lb_step_done(st, e)))
			goto done;
	}
	if (rc == LB_SHEET_EOF)
		rc = LB_OK;
done:
	if (rej && (fclose(rej) != 0) && rc == LB_OK)
		rc = lb_fail(e, LB_ESYS, "cannot write rejects file '%s': %s", rejects, strerror(errno));
	lb_sheet_close(c);
	return rc;
}

/* lb_screen_import, or with dry_run everything counted in the
 * transaction and then rolled back: with bad rows the counts are those of
 * the good rows (as --skip-invalid would screen) and the result is still
 * the refusal, so that a preview shows both. */
static int screen_import(lb_db *db, const char *path, const char *list_in, const char *set_status,
			 const char *day, const char *operator, const char *rejects, int dry_run,
			 const struct lb_rows *sink, struct lb_screen_result *res, lb_err *e)
{
	char list[LB_LIST_NAME_MAX], now[21], reason[80];
	lb_stmt *st;
	long bad, before;
	int rc, made = 0;

	memset(res, 0, sizeof *res);
	if ((rc = lb_sheet_rejects_check("recipient screen", rejects != NULL, rejects, path, e)))
		return rc;
	if ((rc = lb_screen_list_name(list_in, list, e)))
		return rc;
	if (set_status) {
		lb_day d;
		if (!lb_status_valid(set_status))
			return lb_fail(e, LB_EINPUT, "unknown status '%.40s' (the statuses are: %s)",
				       set_status, lb_status_list());
		if (!day)
			return lb_fail(e, LB_EINPUT, "recipient screen: --set-status needs --date YYYY-MM-DD");
		if ((rc = lb_date_parse(day, "--date", &d, e)))
			return rc;
		if (d > lb_today())
			return lb_fail(e, LB_EINPUT, "--date %s is in the future", day);
	}
	lb_now_utc(now);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = count(db, "SELECT count(*) FROM screening_hit WHERE list = ?1", list, &before, e)))
		goto fail;
	/* The list row first (entries refer to it), its count set below. */
	if (!(st = lb_db_prepare(db,
			"INSERT INTO screening_list(name, source, entries, imported_at, operator)"
			" VALUES (?1, ?2, 0, ?3, ?4) ON CONFLICT(name) DO UPDATE SET"
			" source = excluded.source, imported_at = excluded.imported_at,"
			" operator = excluded.operator", e)))
		goto sysfail;
	lb_bind_text(st, 1, list);
	lb_bind_text(st, 2, path);
	lb_bind_text(st, 3, now);
	lb_bind_text(st, 4, operator);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	if (!(st = lb_db_prepare(db, "DELETE FROM screening_entry WHERE list = ?1", e)))
		goto sysfail;
	lb_bind_text(st, 1, list);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	made = rejects != NULL;
	if ((rc = load_entries(db, path, list, rejects, sink, &res->rows, &bad, e)))
		goto fail;
	res->rejected = rejects || dry_run ? bad : 0;
	if (bad && !rejects && !dry_run) {
		rc = lb_fail(e, LB_EINPUT, "recipient screen: %ld bad row%s in '%s', nothing changed", bad,
			     bad == 1 ? "" : "s", path);
		goto fail;
	}
	if ((rc = count(db, "SELECT count(*) FROM screening_entry WHERE list = ?1", list,
			&res->entries, e)))
		goto fail;
	if (!(st = lb_db_prepare(db, "UPDATE screening_list SET entries = ?2 WHERE name = ?1", e)))
		goto sysfail;
	lb_bind_text(st, 1, list);
	lb_bind_int(st, 2, res->entries);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	/* Hits of the previous version that are no longer on the list go;
	 * those still on it keep the date they were first found. */
	if (!(st = lb_db_prepare(db,
			"DELETE FROM screening_hit WHERE list = ?1 AND recipient_id NOT IN"
			" (SELECT r.id FROM screening_entry s JOIN recipient r ON r.nik = s.nik"
			"  WHERE s.list = ?1)", e)))
		goto sysfail;
	lb_bind_text(st, 1, list);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	res->dropped = (long)lb_db_changes(db);
	if (!(st = lb_db_prepare(db,
			"INSERT OR IGNORE INTO screening_hit(list, recipient_id, found_at)"
			" SELECT ?1, r.id, ?2 FROM screening_entry s JOIN recipient r ON r.nik = s.nik"
			" WHERE s.list = ?1", e)))
		goto sysfail;
	lb_bind_text(st, 1, list);
	lb_bind_text(st, 2, now);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	res->new_hits = (long)lb_db_changes(db);
	res->hits = before - res->dropped + res->new_hits;
	if (set_status) {
		snprintf(reason, sizeof reason, "on screening list %s", list);
		if (!(st = lb_db_prepare(db,
				"INSERT INTO recipient_status(recipient_id, status, day, reason, operator, recorded_at)"
				" SELECT r.id, ?2, ?3, ?4, ?5, ?6 FROM screening_hit h"
				" JOIN recipient r ON r.id = h.recipient_id"
				" WHERE h.list = ?1 AND r.status <> ?2 ORDER BY r.id", e)))
			goto sysfail;
		lb_bind_text(st, 1, list);
		lb_bind_text(st, 2, set_status);
		lb_bind_text(st, 3, day);
		lb_bind_text(st, 4, reason);
		lb_bind_text(st, 5, operator);
		lb_bind_text(st, 6, now);
		if ((rc = lb_step_done(st, e)))
			goto fail;
		res->changed = (long)lb_db_changes(db);
	}
	if (dry_run) {
		lb_db_rollback(db);
		if (bad && !rejects)
			return lb_fail(e, LB_EINPUT, "recipient screen: %ld bad row%s in '%s', nothing changed", bad,
				       bad == 1 ? "" : "s", path);
		return LB_OK;
	}
	return lb_db_commit(db, e);
sysfail:
	rc = LB_ESYS;
fail:
	lb_db_rollback(db);
	if (made)
		remove(rejects); /* half a rejects file would mislead */
	memset(res, 0, sizeof *res);
	return rc;
}

int lb_screen_import(lb_db *db, const char *path, const char *list_in, const char *set_status,
		     const char *day, const char *operator, const char *rejects,
		     const struct lb_rows *sink, struct lb_screen_result *res, lb_err *e)
{
	return screen_import(db, path, list_in, set_status, day, operator, rejects, 0, sink, res, e);
}

int lb_screen_list_exists(lb_db *db, const char *list, int *exists, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT 1 FROM screening_list WHERE name = ?1", e);
	int rc;

	*exists = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, list);
	rc = lb_step(st, e);
	lb_stmt_reset(st);
	if (rc == LB_ROW)
		*exists = 1;
	return rc == LB_ROW || rc == LB_DONE ? LB_OK : rc;
}

int lb_screen_hits_of(lb_db *db, int64_t recipient_id,
		      int (*fn)(void *arg, const char *list, const char *found_at, lb_err *e),
		      void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT list, found_at FROM screening_hit WHERE recipient_id = ?1 ORDER BY list", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, recipient_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = fn(arg, lb_col_text(st, 0), lb_col_text(st, 1), e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_screen_lists(lb_db *db, int (*fn)(void *arg, const struct lb_screen_list_info *l, lb_err *e),
		    void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT l.name, l.source, l.entries, (SELECT count(*) FROM screening_hit h WHERE h.list = l.name),"
		" l.imported_at, l.operator FROM screening_list l ORDER BY l.name", e);
	struct lb_screen_list_info l;
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		snprintf(l.name, sizeof l.name, "%s", lb_col_text(st, 0));
		snprintf(l.source, sizeof l.source, "%s", lb_col_text(st, 1));
		l.entries = (long)lb_col_int(st, 2);
		l.hits = (long)lb_col_int(st, 3);
		snprintf(l.imported_at, sizeof l.imported_at, "%s", lb_col_text(st, 4));
		snprintf(l.operator, sizeof l.operator, "%s", lb_col_text(st, 5));
		if ((rc = fn(arg, &l, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_screen_run(struct lb_op *op, const struct lb_screen_in *in, struct lb_screen_out *out,
		  lb_err *e)
{
	struct lb_rows_op rows;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_rows_op_begin(&rows, op, in->rows, in->delimiter, e)))
		return rc;
	if ((rc = lb_screen_list_name(in->list, out->list, e))) {
		lb_err_prefix(e, "recipient screen: --list");
		return rc;
	}
	if ((rc = lb_sheet_rejects_check("recipient screen", in->skip_invalid, in->rejects, in->file, e)))
		return rc;
	rc = screen_import(op->db, in->file, out->list, in->set_status, in->date, op->actor,
			   in->rejects, in->dry_run, &rows.sink, &out->result, e);
	lb_rows_op_end(&rows);
	return rc;
}
