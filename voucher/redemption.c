/*
 * redemption.c — the one writer of the redemption tables. See
 * redemption.h.
 */
#include "voucher/redemption.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/localtime.h"
#include "core/period.h"
#include "core/text.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "voucher/kitrec.h"
#include "voucher/payload.h"
#include "voucher/voucher.h"

static const char *const outcome_codes[LB_OUT_COUNT] = {
	"accepted", "unreadable", "forged", "unknown_key", "unknown_serial", "revoked", "expired",
	"period_closed", "wrong_point", "already_redeemed", "no_stock", "wrong_program_or_period",
	"conflict", "undone",
};

const char *lb_outcome_code(int o)
{
	return o >= 0 && o < LB_OUT_COUNT ? outcome_codes[o] : NULL;
}

int lb_outcome_parse(const char *s)
{
	for (int i = 0; s && i < LB_OUT_COUNT; i++)
		if (strcmp(s, outcome_codes[i]) == 0)
			return i;
	return -1;
}

const char *lb_outcome_words(int outcome)
{
	switch (outcome) {
	case LB_OUT_ACCEPTED:
		return "Diterima.";
	case LB_OUT_UNREADABLE:
		return "Kode ini bukan kupon lumbung (kode QR lain, atau tidak terbaca utuh).";
	case LB_OUT_FORGED:
		return "Kupon palsu: tanda tangan pada kode QR tidak cocok.";
	case LB_OUT_UNKNOWN_KEY:
		return "Kupon palsu: ditandatangani dengan kunci yang tidak dikenal kantor ini.";
	case LB_OUT_UNKNOWN_SERIAL:
		return "Kupon tidak dikenal: tidak ada kupon dengan serial ini di lumbung.";
	case LB_OUT_REVOKED:
		return "Kupon dicabut: kupon ini dibatalkan atau sudah diganti kupon pengganti.";
	case LB_OUT_EXPIRED:
		return "Kedaluwarsa: batas waktu pengambilan kupon ini sudah lewat.";
	case LB_OUT_PERIOD_CLOSED:
		return "Pembukuan bulan ini sudah ditutup: penyerahan tidak dapat dicatat lagi.";
	case LB_OUT_WRONG_POINT:
		return "Bukan titik ini: kupon ini untuk titik salur lain.";
	case LB_OUT_ALREADY_REDEEMED:
		return "Sudah ditebus sebelumnya.";
	case LB_OUT_NO_STOCK:
		return "Stok tidak cukup di titik ini untuk seluruh paket. Hubungi gudang; tidak ada yang diserahkan.";
	case LB_OUT_WRONG_PROGRAM_OR_PERIOD:
		return "Bukan program atau bulan penyaluran ini: kupon ini untuk program atau bulan lain.";
	case LB_OUT_CONFLICT:
		return "Konflik: sudah ditebus di tempat lain lebih dulu, atau tidak lolos pemeriksaan ulang di kantor.";
	case LB_OUT_UNDONE:
		return "Penebusan dibatalkan.";
	default:
		return "Ditolak.";
	}
}

void lb_redeem_payload_log(const char *text, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i = 0;

	/* Printable ASCII kept, other bytes as \xHH; then the digit mask. */
	while (i < len && o < LB_PAYLOAD_LOG_MAX) {
		unsigned char c = (unsigned char)text[i++];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			out[o++] = (char)c;
		} else if (o + 4 <= LB_PAYLOAD_LOG_MAX) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			break;
		}
	}
	out[o] = '\0';
	/* Runs of 12 or more, however grouped (a phone number, a NIK with
	 * slashes or double spaces) are masked; but not inside a genuine
	 * voucher QR text: its base45 has runs of digits and separators, and
	 * a field kit's import verifies the scan again from this log. */
	if (len > 4 && memcmp(text, "LB1:", 4) == 0) {
		struct lb_voucher_payload p;
		unsigned char sig[LB_PAYLOAD_SIG_LEN], body[LB_PAYLOAD_BODY_MAX];
		size_t bodylen;
		lb_err ignore;
		if (o == len && lb_payload_decode(text, len, &p, sig, body, &bodylen, &ignore) == LB_OK)
			return;
	}
	lb_digits_mask(out);
}

/* ---- writing ---- */

int lb_redemption_insert(lb_db *db, const struct lb_redemption_new *n, int64_t *id, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"INSERT INTO redemption(voucher_id, allocation_id, point_id, day, redeemed_at, operator,"
		" proxy_name, manual, override_reason, source, kit_id, kit_ref, manual_reason)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, n->voucher_id);
	lb_bind_int(st, 2, n->allocation_id);
	lb_bind_int(st, 3, n->point_id);
	lb_bind_text(st, 4, n->day);
	lb_bind_text(st, 5, n->at);
	lb_bind_text(st, 6, n->operator);
	lb_bind_text(st, 7, n->proxy);
	lb_bind_int(st, 8, n->manual);
	lb_bind_text(st, 9, n->override_reason);
	lb_bind_text(st, 10, n->source);
	lb_bind_text(st, 11, n->kit_id);
	if (n->kit_ref)
		lb_bind_int(st, 12, n->kit_ref);
	lb_bind_text(st, 13, n->manual_reason);
	if ((rc = lb_step_done(st, e)))
		return rc;
	*id = lb_db_last_id(db);
	if (!n->entered_at)
		return LB_OK;
	/* The scanner's time in UTC, as migration 11 computes it for older
	 * rows: SQLite reads a Z or +08:00 itself; a time without a zone is
	 * the office's. */
	st = lb_db_prepare(db,
		"INSERT INTO redemption_entry(redemption_id, scanned_utc, entered_at)"
		" SELECT ?1, strftime('%Y-%m-%dT%H:%M:%SZ', ?2, CASE WHEN ?2 GLOB '*Z' OR ?2 GLOB '*[+-][0-9][0-9]:[0-9][0-9]'"
		" THEN '+0 minutes' ELSE ?4 END), ?3", e);
	if (!st)
		return LB_ESYS;
	{
		char shift[32];
		snprintf(shift, sizeof shift, "%d minutes", -n->zone_offset_min);
		lb_bind_int(st, 1, *id);
		lb_bind_text(st, 2, n->at);
		lb_bind_text(st, 3, n->entered_at);
		lb_bind_text(st, 4, shift);
	}
	return lb_step_done(st, e);
}

int lb_attempt_insert(lb_db *db, const struct lb_attempt_new *a, int64_t *id, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"INSERT INTO redemption_attempt(at, day, point_id, operator, serial, voucher_id, allocation_id,"
		" payload, outcome, detail, redemption_id, source, file, line, kit_id, kit_ref)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, a->at);
	lb_bind_text(st, 2, a->day);
	lb_bind_int(st, 3, a->point_id);
	lb_bind_text(st, 4, a->operator);
	lb_bind_text(st, 5, a->serial && *a->serial ? a->serial : NULL);
	if (a->voucher_id)
		lb_bind_int(st, 6, a->voucher_id);
	if (a->allocation_id)
		lb_bind_int(st, 7, a->allocation_id);
	lb_bind_text(st, 8, a->payload);
	lb_bind_text(st, 9, lb_outcome_code(a->outcome));
	lb_bind_text(st, 10, a->detail);
	if (a->redemption_id)
		lb_bind_int(st, 11, a->redemption_id);
	lb_bind_text(st, 12, a->source);
	lb_bind_text(st, 13, a->file);
	if (a->line)
		lb_bind_int(st, 14, a->line);
	lb_bind_text(st, 15, a->kit_id);
	if (a->kit_ref)
		lb_bind_int(st, 16, a->kit_ref);
	if ((rc = lb_step_done(st, e)))
		return rc;
	if (id)
		*id = lb_db_last_id(db);
	return LB_OK;
}

int lb_redemption_undo_write(lb_db *db, const struct lb_undo_new *u, long *movements, lb_err *e)
{
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	char d[11];
	lb_stmt *st;
	int rc;

	*movements = 0;
	/* The issues of the redemption, not reversed yet. */
	st = lb_db_prepare(db,
		"SELECT m.id FROM movement m WHERE m.redemption_id = ?1 AND m.kind = 'issue'"
		" AND NOT EXISTS (SELECT 1 FROM movement x WHERE x.reverses = m.id) ORDER BY m.id", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, u->redemption_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			int64_t *p = realloc(ids, nc * sizeof *p);
			if (!p) {
				lb_stmt_reset(st);
				free(ids);
				return lb_oom(e);
			}
			ids = p;
			cap = nc;
		}
		ids[n++] = lb_col_int(st, 0);
	}
	if (rc != LB_DONE) {
		free(ids);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		struct lb_reverse_req q = { 0 };
		struct lb_post_result pr;
		char key[96];

		q.movement_id = ids[i];
		q.reason = u->why;
		q.day = u->day;
		q.operator = u->operator;
		if (u->key_prefix) {
			snprintf(key, sizeof key, "%sr%lld", u->key_prefix, (long long)ids[i]);
			q.key = key;
		}
		if ((rc = lb_journal_reverse(db, &q, &pr, e))) {
			free(ids);
			return rc;
		}
		*movements += pr.n;
	}
	free(ids);
	lb_date_format(u->day, d);
	st = lb_db_prepare(db,
		"INSERT INTO redemption_undo(redemption_id, reason, day, undone_at, operator, kit_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, u->redemption_id);
	lb_bind_text(st, 2, u->reason);
	lb_bind_text(st, 3, d);
	lb_bind_text(st, 4, u->at);
	lb_bind_text(st, 5, u->operator);
	lb_bind_text(st, 6, u->kit_id);
	return lb_step_done(st, e);
}

/* ---- reading ---- */

int lb_redemption_in_force(lb_db *db, int64_t allocation_id, struct lb_redemption_info *out, int *found,
			   lb_err *e)
{
	/* Three witnesses, the first that answers: the derived table
	 * redeemed, the allocation's redemptions not undone, its accepted
	 * attempts not undone. A row deleted by hand from one of them (or
	 * the redemption row itself) leaves the slip redeemed; verify says
	 * which row is missing. */
	lb_stmt *st = lb_db_prepare(db,
		"SELECT x.rid, r.id IS NULL, coalesce(r.voucher_id, 0), coalesce(r.day, ''), coalesce(l.code, ''),"
		" coalesce(r.operator, ''), coalesce(r.kit_id, '')"
		" FROM (SELECT coalesce((SELECT redemption_id FROM redeemed WHERE allocation_id = ?1),"
		/* max(), not ORDER BY id DESC LIMIT 1, which the planner may
		 * answer by walking the whole table backwards. */
		"  (SELECT max(r2.id) FROM redemption r2 WHERE r2.allocation_id = ?1"
		"   AND NOT EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = r2.id)),"
		"  (SELECT max(t.redemption_id) FROM redemption_attempt t WHERE t.allocation_id = ?1 AND t.outcome = 'accepted'"
		"   AND NOT EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = t.redemption_id))) AS rid) x"
		" LEFT JOIN redemption r ON r.id = x.rid LEFT JOIN location l ON l.id = r.point_id WHERE x.rid IS NOT NULL", e);
	int rc;

	memset(out, 0, sizeof *out);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, allocation_id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	out->id = lb_col_int(st, 0);
	out->damaged = lb_col_int(st, 1) != 0;
	out->voucher_id = lb_col_int(st, 2);
	snprintf(out->day, sizeof out->day, "%s", lb_col_text(st, 3));
	snprintf(out->point, sizeof out->point, "%s", lb_col_text(st, 4));
	snprintf(out->operator, sizeof out->operator, "%s", lb_col_text(st, 5));
	snprintf(out->kit_id, sizeof out->kit_id, "%s", lb_col_text(st, 6));
	lb_stmt_reset(st);
	*found = 1;
	return LB_OK;
}

/* ---- undo ---- */

int lb_redeem_text_check(const char *s, const char *what, size_t max, lb_err *e)
{
	if (!s || strspn(s, " \t") == strlen(s))
		return lb_fail(e, LB_EINPUT, "redeem: %s must not be empty", what);
	return lb_text_check(s, what, max, 1, e);
}

int lb_redeem_undo(lb_db *db, const char *serial, const char *reason, const char *operator, lb_day day,
		   struct lb_undo_result *out, lb_err *e)
{
	struct lb_voucher v;
	struct lb_redemption_info in;
	struct lb_location pt;
	lb_kit_rec *rec = NULL;
	struct lb_kit_info ki;
	struct lb_undo_new u = { 0 };
	struct lb_attempt_new a = { 0 };
	char now[21], d[11], payload[LB_PAYLOAD_LOG_MAX + 1], detail[LB_ERR_MAX], why[LB_TEXT_MAX + 1];
	long moved = 0;
	int found, is_kit, rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_redeem_text_check(reason, "--reason", LB_REASON_MAX, e)))
		return rc;
	if ((rc = lb_redeem_text_check(operator, "the operator's name", LB_OPERATOR_MAX, e)))
		return rc;
	if ((rc = lb_kit_info(db, &ki, &is_kit, e)))
		return rc;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if (is_kit && (rc = lb_kit_rec_start(db, &rec, e)))
		goto fail;
	if ((rc = lb_voucher_find(db, serial, day, &v, e)))
		goto fail;
	snprintf(out->serial, sizeof out->serial, "%s", v.serial_text);
	snprintf(out->name, sizeof out->name, "%s", v.recipient_name);
	if ((rc = lb_redemption_in_force(db, v.allocation_id, &in, &found, e)))
		goto fail;
	if (!found) {
		rc = lb_fail(e, LB_ERULE, "cannot undo voucher '%s': it is not redeemed", v.serial_text);
		goto fail;
	}
	if (in.damaged) {
		rc = lb_fail(e, LB_ERULE, "cannot undo voucher '%s': its redemption %lld is missing from the database: run lumbung verify",
			     v.serial_text, (long long)in.id);
		goto fail;
	}
	out->redemption_id = in.id;
	snprintf(out->redeemed_day, sizeof out->redeemed_day, "%s", in.day);
	snprintf(out->point, sizeof out->point, "%s", in.point);
	if ((rc = lb_period_check_open(db, day, "cannot undo a redemption", e)))
		goto fail;
	lb_date_format(day, d);
	if (strcmp(d, in.day) < 0) {
		rc = lb_fail(e, LB_EINPUT, "cannot undo voucher '%s' on %s: it was redeemed later, on %s", v.serial_text, d,
			     in.day);
		goto fail;
	}
	lb_now_utc(now);
	snprintf(why, sizeof why, "undo of redemption %lld: %s", (long long)in.id, reason);
	u.redemption_id = in.id;
	u.reason = reason;
	u.why = why;
	u.day = day;
	u.at = now;
	u.operator = operator;
	if ((rc = lb_redemption_undo_write(db, &u, &moved, e))) {
		lb_err_prefix(e, "cannot undo voucher '%s'", v.serial_text);
		goto fail;
	}
	out->reversed = (int)moved;
	/* On a field kit the undo is made at the kit's point, whichever
	 * point redeemed the slip (an office redemption copied onto the kit
	 * may have been made elsewhere, with --override-point): the kit's
	 * import holds every attempt to be at its point. */
	if ((rc = lb_location_find(db, is_kit ? ki.point : in.point, &pt, e)))
		goto fail;
	lb_redeem_payload_log(serial, strlen(serial), payload);
	snprintf(detail, sizeof detail, "undid the redemption of voucher '%s' of %s at %s: %s", v.serial_text, in.day,
		 in.point, reason);
	a.at = now;
	a.day = d;
	a.point_id = pt.id;
	a.operator = operator;
	a.serial = v.serial_text;
	a.voucher_id = v.id;
	a.allocation_id = v.allocation_id;
	a.payload = payload;
	a.outcome = LB_OUT_UNDONE;
	a.detail = detail;
	a.redemption_id = in.id;
	a.source = "undo";
	if ((rc = lb_attempt_insert(db, &a, NULL, e)))
		goto fail;
	if (rec) {
		lb_kit_rec *tmp = rec;
		rec = NULL;
		if ((rc = lb_kit_rec_finish(db, tmp, e)))
			goto fail;
	}
	return lb_db_commit(db, e);
fail:
	lb_kit_rec_free(rec);
	lb_db_rollback(db);
	return rc;
}

/* ---- the log ---- */

int lb_redeem_log_each(lb_db *db, const struct lb_attempt_filter *f,
		       int (*fn)(void *arg, const struct lb_attempt_row *r, lb_err *e), void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT t.id, t.at, t.day, l.code, t.operator, coalesce(t.serial, ''), t.outcome, t.detail, t.source,"
		" coalesce(t.file, ''), coalesce(t.line, 0), coalesce(t.kit_id, ''), coalesce(t.redemption_id, 0),"
		" coalesce(e.entered_at, ''), coalesce(" LB_LATE_ENTRY_SQL ", 0)"
		" FROM redemption_attempt t JOIN location l ON l.id = t.point_id"
		" LEFT JOIN redemption_entry e ON t.outcome = 'accepted' AND e.redemption_id = t.redemption_id"
		" WHERE (?1 IS NULL OR l.code = ?1) AND (?2 IS NULL OR t.outcome = ?2) AND (?3 IS NULL OR t.serial = ?3)"
		" AND (?4 IS NULL OR t.kit_id LIKE ?4 || '%')"
		" AND (?5 = 0 OR t.outcome NOT IN ('accepted', 'undone'))"
		" AND (?6 = 0 OR coalesce(" LB_LATE_ENTRY_SQL ", 0))"
		" ORDER BY t.id", e);
	struct lb_attempt_row *r;
	char serial[LB_SERIAL_TEXT_SIZE];
	int rc;

	if (!st)
		return LB_ESYS;
	if (f->outcome && lb_outcome_parse(f->outcome) < 0)
		return lb_fail(e, LB_EINPUT, "redeem log: '%s' is not an outcome (accepted, unreadable, forged, unknown_key,"
			       " unknown_serial, revoked, expired, period_closed, wrong_point, already_redeemed, no_stock,"
			       " wrong_program_or_period, conflict, undone)", f->outcome);
	if (f->serial) {
		uint64_t n;
		if ((rc = lb_serial_parse(f->serial, &n, e)))
			return rc;
		lb_serial_format(n, serial, NULL);
	}
	if (!(r = malloc(sizeof *r)))
		return lb_oom(e);
	lb_bind_text(st, 1, f->point);
	lb_bind_text(st, 2, f->outcome);
	lb_bind_text(st, 3, f->serial ? serial : NULL);
	lb_bind_text(st, 4, f->kit_id);
	lb_bind_int(st, 5, f->refused);
	lb_bind_int(st, 6, f->late);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		memset(r, 0, sizeof *r);
		r->id = lb_col_int(st, 0);
		snprintf(r->at, sizeof r->at, "%s", lb_col_text(st, 1));
		snprintf(r->day, sizeof r->day, "%s", lb_col_text(st, 2));
		snprintf(r->point, sizeof r->point, "%s", lb_col_text(st, 3));
		snprintf(r->operator, sizeof r->operator, "%s", lb_col_text(st, 4));
		snprintf(r->serial, sizeof r->serial, "%s", lb_col_text(st, 5));
		snprintf(r->outcome, sizeof r->outcome, "%s", lb_col_text(st, 6));
		snprintf(r->detail, sizeof r->detail, "%s", lb_col_text(st, 7));
		snprintf(r->source, sizeof r->source, "%s", lb_col_text(st, 8));
		snprintf(r->file, sizeof r->file, "%s", lb_col_text(st, 9));
		r->line = lb_col_int(st, 10);
		snprintf(r->kit_id, sizeof r->kit_id, "%s", lb_col_text(st, 11));
		r->redemption_id = lb_col_int(st, 12);
		snprintf(r->entered_at, sizeof r->entered_at, "%s", lb_col_text(st, 13));
		r->late = lb_col_int(st, 14) != 0;
		/* Every free text of the row is masked as it leaves, like the
		 * messages: rows written before the mask existed, or brought
		 * in by a kit, may hold a NIK or a phone number. The scanned
		 * text itself (the payload column) is not printed here; the
		 * kit id is our own random hex, not free text. */
		lb_digits_mask(r->point);
		lb_digits_mask(r->operator);
		lb_digits_mask(r->detail);
		lb_digits_mask(r->file);
		if ((rc = fn(arg, r, e))) {
			lb_stmt_reset(st);
			free(r);
			return rc;
		}
	}
	free(r);
	return rc == LB_DONE ? LB_OK : rc;
}


/* ---- the web's handover details (migration 10) ---- */

int lb_handover_extra_check(const struct lb_handover_extra *x, lb_err *e)
{
	int rc;

	if (x->proxy_relation && (rc = lb_redeem_text_check(x->proxy_relation, "the proxy's relation", 64, e)))
		return rc;
	if (x->photo) {
		const unsigned char *b = x->photo;
		int jpeg, png;
		if (x->photo_len > LB_HANDOVER_PHOTO_MAX)
			return lb_fail(e, LB_EINPUT, "the handover photo is %zu bytes, more than %zu", x->photo_len,
				       LB_HANDOVER_PHOTO_MAX);
		jpeg = x->photo_len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff;
		png = x->photo_len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
		if (!jpeg && !png)
			return lb_fail(e, LB_EINPUT, "the handover photo is neither JPEG nor PNG");
		if (!x->photo_type || (strcmp(x->photo_type, jpeg ? "image/jpeg" : "image/png") != 0))
			return lb_fail(e, LB_EINPUT, "the handover photo's type does not match its bytes");
	}
	if (x->has_geo && !(x->lat >= -90 && x->lat <= 90 && x->lon >= -180 && x->lon <= 180 &&
			    x->accuracy_m >= 0 && x->accuracy_m < 1e7))
		return lb_fail(e, LB_EINPUT, "a position out of range");
	return LB_OK;
}

int lb_handover_extra_insert(lb_db *db, const struct lb_handover_extra *x, lb_err *e)
{
	lb_stmt *st;
	int rc;

	if ((rc = lb_handover_extra_check(x, e)))
		return rc;
	if (!x->proxy_relation && !x->photo && !x->has_geo)
		return LB_OK; /* nothing to keep */
	st = lb_db_prepare(db, "INSERT INTO redemption_handover(redemption_id, proxy_relation, photo, photo_type,"
			       " lat, lon, accuracy_m) VALUES (?,?,?,?,?,?,?)", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, x->redemption_id);
	lb_bind_text(st, 2, x->proxy_relation);
	if (x->photo) {
		lb_bind_blob(st, 3, x->photo, x->photo_len);
		lb_bind_text(st, 4, x->photo_type);
	} else {
		lb_bind_null(st, 3);
		lb_bind_null(st, 4);
	}
	if (x->has_geo) {
		/* core/db.h binds integers and text only: SQLite reads the
		 * text as REAL in a REAL column */
		char v[3][32];
		snprintf(v[0], sizeof v[0], "%.7f", x->lat);
		snprintf(v[1], sizeof v[1], "%.7f", x->lon);
		snprintf(v[2], sizeof v[2], "%.1f", x->accuracy_m);
		lb_bind_text(st, 5, v[0]);
		lb_bind_text(st, 6, v[1]);
		lb_bind_text(st, 7, v[2]);
	} else {
		lb_bind_null(st, 5);
		lb_bind_null(st, 6);
		lb_bind_null(st, 7);
	}
	return lb_step_done(st, e);
}

int lb_handover_photo(lb_db *db, int64_t redemption_id, struct lb_buf *out, char type[16], int *found,
		      lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT photo, photo_type FROM redemption_handover"
				       " WHERE redemption_id = ? AND photo IS NOT NULL", e);
	int rc;

	*found = 0;
	type[0] = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, redemption_id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	rc = lb_buf_add(out, lb_col_blob(st, 0), lb_col_bytes(st, 0), e);
	snprintf(type, 16, "%s", lb_col_text(st, 1));
	lb_stmt_reset(st);
	if (rc)
		return rc;
	*found = 1;
	return LB_OK;
}

int lb_redemption_where(lb_db *db, int64_t id, struct lb_redemption_where *out, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT r.redeemed_at, l.code, l.name, r.day FROM redemption r"
				       " JOIN location l ON l.id = r.point_id WHERE r.id = ?", e);
	int rc;

	memset(out, 0, sizeof *out);
	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	snprintf(out->at, sizeof out->at, "%s", lb_col_text(st, 0));
	snprintf(out->point, sizeof out->point, "%s", lb_col_text(st, 1));
	snprintf(out->point_name, sizeof out->point_name, "%s", lb_col_text(st, 2));
	snprintf(out->day, sizeof out->day, "%s", lb_col_text(st, 3));
	lb_stmt_reset(st);
	*found = 1;
	return LB_OK;
}

void lb_scan_time_local(const struct lb_zone *z, const char *at, char out[32])
{
	int y, mo, d, h, mi, zh, zm, n = 0;
	char sign;
	size_t len = strlen(at);

	if (len && (at[len - 1] == 'Z' || at[len - 1] == 'z')) {
		lb_time_local(z, at, out);
		return;
	}
	if (sscanf(at, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || !lb_date_valid(y, mo, d) || h > 23 ||
	    mi > 59 || h < 0 || mi < 0) {
		snprintf(out, 32, "%s", at);
		return;
	}
	if (len == 25 && sscanf(at + 19, "%c%2d:%2d", &sign, &zh, &zm) == 3 && (sign == '+' || sign == '-')) {
		/* Its own zone: back to UTC, then to the office's. */
		long minutes = (long)h * 60 + mi - (sign == '+' ? 1 : -1) * ((long)zh * 60 + zm);
		lb_day day = lb_day_from_ymd(y, mo, d);
		char utc[24];
		while (minutes < 0) {
			minutes += 1440;
			day--;
		}
		day += (lb_day)(minutes / 1440);
		minutes %= 1440;
		lb_day_to_ymd(day, &y, &mo, &d);
		snprintf(utc, sizeof utc, "%04d-%02d-%02dT%02ld:%02ld:00Z", y % 10000, mo, d, minutes / 60, minutes % 60);
		lb_time_local(z, utc, out);
		return;
	}
	/* Without a zone: the scanner's clock is the office's. */
	snprintf(out, 32, "%04d-%02d-%02d %02d:%02d %s", y, mo, d, h, mi, z->abbr);
}
