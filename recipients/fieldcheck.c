/*
 * fieldcheck.c — field verification reports and decisions. See
 * fieldcheck.h.
 */
#include "fieldcheck.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/hash.h"
#include "core/money.h"
#include "core/text.h"
#include "recipients/recipient.h"

static const struct {
	const char *reason, *label, *status;
} reasons[] = {
	{ "mampu", "sudah mampu", "mampu" },
	{ "pindah", "pindah", "pindah" },
	{ "meninggal", "meninggal", "meninggal" },
	{ "tidak-ditemukan", "tidak ditemukan", "nonaktif" },
};

#define NREASONS (sizeof reasons / sizeof reasons[0])

const char *lb_fieldcheck_reason_label(const char *reason)
{
	for (size_t i = 0; reason && i < NREASONS; i++)
		if (strcmp(reasons[i].reason, reason) == 0)
			return reasons[i].label;
	return NULL;
}

const char *lb_fieldcheck_status_of(const char *reason)
{
	for (size_t i = 0; reason && i < NREASONS; i++)
		if (strcmp(reasons[i].reason, reason) == 0)
			return reasons[i].status;
	return NULL;
}

/* Only what a browser shows as an image is kept, told by its first
 * bytes, not by what the sender claims. */
static const char *photo_type(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	return NULL;
}

static int note_check(const char *note, lb_err *e)
{
	if (!note || !*note)
		return lb_fail(e, LB_EINPUT, "give a note: what was seen, by whom, when");
	return lb_text_check(note, "--note", LB_FIELDCHECK_NOTE_MAX, 0, e);
}

int lb_fieldcheck_flag(struct lb_op *op, const struct lb_flag_in *in, struct lb_flag_out *out,
		       lb_err *e)
{
	struct lb_recipient r;
	const char *type = NULL;
	char now[21], hash_hex[2 * LB_HASH_BYTES + 1];
	lb_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (!lb_fieldcheck_reason_label(in->reason))
		return lb_fail(e, LB_EINPUT,
			       "reason '%.40s' is not one of mampu, pindah, meninggal, tidak-ditemukan",
			       in->reason ? in->reason : "");
	if ((rc = note_check(in->note, e)))
		return rc;
	if (in->photo_len) {
		unsigned char h[LB_HASH_BYTES];
		lb_hasher hs;
		if (in->photo_len > LB_FIELDCHECK_PHOTO_MAX)
			return lb_fail(e, LB_EINPUT, "the photo is %zu bytes: at most %d MB are kept",
				       in->photo_len, LB_FIELDCHECK_PHOTO_MAX / (1024 * 1024));
		if (!(type = photo_type(in->photo, in->photo_len)))
			return lb_fail(e, LB_EINPUT, "the photo is not a JPEG or PNG image");
		lb_hash_start(&hs);
		lb_hash_update(&hs, in->photo, in->photo_len);
		lb_hash_finish(&hs, h);
		lb_hash_hex(h, sizeof h, hash_hex);
	}
	if ((rc = lb_recipient_find(op->db, in->recipient, "recipient flag", &r, e)))
		return rc;
	out->recipient_id = r.id;
	snprintf(out->name, sizeof out->name, "%s", r.name);
	if (strcmp(r.status, "aktif") != 0)
		return lb_fail(e, LB_ERULE, "recipient %lld (%s) is %s already: nothing to report",
			       (long long)r.id, r.name, r.status);
	lb_op_subject(op, "recipient %lld: %s", (long long)r.id, in->reason);
	if ((rc = lb_op_begin(op, e)))
		return rc;
	/* Under the write lock: one report waiting per recipient. */
	if (!(st = lb_db_prepare(op->db,
				 "SELECT c.id FROM field_check c WHERE c.recipient_id = ?1 AND NOT EXISTS"
				 " (SELECT 1 FROM field_check_decision d WHERE d.check_id = c.id)", e)))
		return lb_op_end(op, LB_ESYS, e);
	lb_bind_int(st, 1, r.id);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		int64_t open = lb_col_int(st, 0);
		lb_stmt_reset(st);
		return lb_op_end(op, lb_fail(e, LB_ERULE,
					     "recipient %lld (%s) has report %lld waiting for a decision already",
					     (long long)r.id, r.name, (long long)open), e);
	}
	lb_stmt_reset(st);
	if (rc != LB_DONE)
		return lb_op_end(op, rc, e);
	lb_now_utc(now);
	if (!(st = lb_db_prepare(op->db,
				 "INSERT INTO field_check(recipient_id, reason, note, photo, photo_type, photo_hash,"
				 " flagged_at, flagged_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", e)))
		return lb_op_end(op, LB_ESYS, e);
	lb_bind_int(st, 1, r.id);
	lb_bind_text(st, 2, in->reason);
	lb_bind_text(st, 3, in->note);
	if (type) {
		lb_bind_blob(st, 4, in->photo, in->photo_len);
		lb_bind_text(st, 5, type);
		lb_bind_text(st, 6, hash_hex);
	} else {
		lb_bind_null(st, 4);
		lb_bind_null(st, 5);
		lb_bind_null(st, 6);
	}
	lb_bind_text(st, 7, now);
	lb_bind_text(st, 8, op->actor);
	if ((rc = lb_step_done(st, e)))
		return lb_op_end(op, rc, e);
	out->id = lb_db_last_id(op->db);
	return lb_op_end(op, LB_OK, e);
}

int lb_fieldcheck_decide(struct lb_op *op, const struct lb_decide_in *in, struct lb_decide_out *out,
			 lb_err *e)
{
	struct lb_recipient r;
	char now[21], reason[LB_FIELDCHECK_NOTE_MAX + 64], day[11], why[16];
	int64_t rid;
	int rc, found;
	lb_stmt *st;

	memset(out, 0, sizeof *out);
	if (in->accept == in->reject)
		return lb_fail(e, LB_EINPUT, "give --accept or --reject");
	if ((rc = lb_int_parse(in->report, "REPORT", 1, INT64_MAX, &out->id, e)) ||
	    (rc = note_check(in->note, e)))
		return rc;
	if ((rc = lb_op_begin(op, e)))
		return rc;
	if (!(st = lb_db_prepare(op->db,
				 "SELECT c.recipient_id, c.reason, EXISTS (SELECT 1 FROM field_check_decision d"
				 " WHERE d.check_id = c.id) FROM field_check c WHERE c.id = ?1", e)))
		return lb_op_end(op, LB_ESYS, e);
	lb_bind_int(st, 1, out->id);
	rc = lb_step(st, e);
	if (rc != LB_ROW) {
		lb_stmt_reset(st);
		return lb_op_end(op, rc == LB_DONE ? lb_fail(e, LB_EINPUT, "there is no field report %lld",
							      (long long)out->id)
						   : rc, e);
	}
	rid = lb_col_int(st, 0);
	snprintf(why, sizeof why, "%s", lb_col_text(st, 1));
	found = (int)lb_col_int(st, 2);
	lb_stmt_reset(st);
	if (found)
		return lb_op_end(op, lb_fail(e, LB_ERULE, "field report %lld has been decided already",
					     (long long)out->id), e);
	if ((rc = lb_recipient_get(op->db, rid, &r, &found, e)))
		return lb_op_end(op, rc, e);
	lb_now_utc(now);
	if (!(st = lb_db_prepare(op->db,
				 "INSERT INTO field_check_decision(check_id, decision, note, decided_at, decided_by)"
				 " VALUES (?1, ?2, ?3, ?4, ?5)", e)))
		return lb_op_end(op, LB_ESYS, e);
	lb_bind_int(st, 1, out->id);
	lb_bind_text(st, 2, in->accept ? "diterima" : "ditolak");
	lb_bind_text(st, 3, in->note);
	lb_bind_text(st, 4, now);
	lb_bind_text(st, 5, op->actor);
	if ((rc = lb_step_done(st, e)))
		return lb_op_end(op, rc, e);
	out->recipient_id = r.id;
	snprintf(out->name, sizeof out->name, "%s", r.name);
	snprintf(out->status, sizeof out->status, "%s", r.status);
	lb_op_subject(op, "field report %lld: %s", (long long)out->id, in->accept ? "diterima" : "ditolak");
	if (in->accept && strcmp(r.status, lb_fieldcheck_status_of(why)) != 0) {
		/* the status history says why, pointing at the report */
		snprintf(reason, sizeof reason, "verifikasi lapangan #%lld (%s): %s", (long long)out->id,
			 lb_fieldcheck_reason_label(why), in->note);
		lb_date_format(op->today, day);
		if ((rc = lb_recipient_status_tx(op->db, r.id, lb_fieldcheck_status_of(why), day, reason,
						 op->actor, e)))
			return lb_op_end(op, rc, e);
		snprintf(out->status, sizeof out->status, "%s", lb_fieldcheck_status_of(why));
	}
	return lb_op_end(op, LB_OK, e);
}

int lb_fieldcheck_each(lb_db *db, int all, int (*fn)(void *arg, const struct lb_fieldcheck_row *r, lb_err *e),
		       void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(
		db,
		"SELECT c.id, c.recipient_id, r.nik, r.name, r.village, c.reason, c.note, c.flagged_at,"
		" c.flagged_by, c.photo IS NOT NULL, coalesce(d.decision, ''), coalesce(d.note, ''),"
		" coalesce(d.decided_at, ''), coalesce(d.decided_by, ''),"
		" coalesce(r.point_id, (SELECT pv.point_id FROM point_village pv WHERE pv.village = r.village), 0)"
		" FROM field_check c JOIN recipient r ON r.id = c.recipient_id"
		" LEFT JOIN field_check_decision d ON d.check_id = c.id"
		" WHERE ?1 OR d.check_id IS NULL ORDER BY c.id",
		e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, all);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct lb_fieldcheck_row row = {
			.id = lb_col_int(st, 0),
			.recipient_id = lb_col_int(st, 1),
			.nik = lb_col_text(st, 2),
			.name = lb_col_text(st, 3),
			.village = lb_col_text(st, 4),
			.reason = lb_col_text(st, 5),
			.note = lb_col_text(st, 6),
			.flagged_at = lb_col_text(st, 7),
			.flagged_by = lb_col_text(st, 8),
			.has_photo = (int)lb_col_int(st, 9),
			.decision = lb_col_text(st, 10),
			.decision_note = lb_col_text(st, 11),
			.decided_at = lb_col_text(st, 12),
			.decided_by = lb_col_text(st, 13),
			.point_id = lb_col_int(st, 14),
		};
		if ((rc = fn(arg, &row, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	lb_stmt_reset(st);
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_fieldcheck_photo(lb_db *db, int64_t id, lb_buf *b, const char **type, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT photo, photo_type FROM field_check WHERE id = ?1 AND photo IS NOT NULL",
				    e);
	int rc;

	*found = 0;
	*type = NULL;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*type = strcmp(lb_col_text(st, 1), "image/png") == 0 ? "image/png" : "image/jpeg";
		rc = lb_buf_add(b, lb_col_blob(st, 0), lb_col_bytes(st, 0), e);
		*found = rc == LB_OK;
		lb_stmt_reset(st);
		return rc;
	}
	lb_stmt_reset(st);
	return rc == LB_DONE ? LB_OK : rc;
}
