/*
 * redemption.h — the redemption tables and their one owner: redemption,
 * redemption_undo, redeemed and redemption_attempt (migration 4). Every
 * row of them is written here, whoever judged it: the redeemer at a
 * table (voucher/redeem.h), redeem undo, and field kit import
 * (voucher/kitimport.h). Also the outcome codes, the redemption in force
 * of an allocation, and the attempt log read back for `redeem log`.
 *
 * The tables are history: append-only (triggers refuse UPDATE and
 * DELETE), so a redemption, once made, stays; an undo is a row of its
 * own. Memory: results are caller-owned values; nothing is allocated
 * for the caller.
 */
#ifndef LB_REDEMPTION_H
#define LB_REDEMPTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/db.h"
#include "voucher/serial.h"

enum lb_outcome {
	LB_OUT_ACCEPTED = 0,
	LB_OUT_UNREADABLE,
	LB_OUT_FORGED,
	LB_OUT_UNKNOWN_KEY,
	LB_OUT_UNKNOWN_SERIAL,
	LB_OUT_REVOKED,
	LB_OUT_EXPIRED,
	LB_OUT_PERIOD_CLOSED,
	LB_OUT_WRONG_POINT,
	LB_OUT_ALREADY_REDEEMED,
	LB_OUT_NO_STOCK,
	LB_OUT_WRONG_PROGRAM_OR_PERIOD,
	LB_OUT_CONFLICT, /* field kit import: redeemed elsewhere first */
	LB_OUT_UNDONE,   /* redeem undo */
	LB_OUT_COUNT
};

/* The code stored in redemption_attempt.outcome: "accepted",
 * "already_redeemed", ...; NULL for an out-of-range value. */
const char *lb_outcome_code(int outcome);
/* The other way; -1 when s is not a code. */
int lb_outcome_parse(const char *s);
/* An outcome in plain Bahasa Indonesia for the people who read it: the
 * scan page's answer, a kit's import, the reconciliation's refused
 * attempts ("Sudah ditebus sebelumnya."); one wording for every page
 * and paper. */
const char *lb_outcome_words(int outcome);

#define LB_OPERATOR_MAX 64   /* bytes of an operator's name */
#define LB_REASON_MAX 255    /* bytes of an override or undo reason */
#define LB_PAYLOAD_LOG_MAX 512 /* bytes of a scan kept in the attempt log */

/* A late entry: a redemption entered here more than this long after the
 * scanner's time (a file loaded days after the scanning). Reports list
 * them with both times; `redeem log --late` shows them alone. */
#define LB_LATE_ENTRY_DAYS 1
/* The SQL condition for one, on redemption_entry e. */
#define LB_LATE_ENTRY_SQL "(julianday(e.entered_at) - julianday(e.scanned_utc) > 1)"

/* A time as the attempt log or a redemption holds it, in the office's
 * zone ("2026-01-13 09:00 WITA"): UTC ("...Z", written here), or a
 * scanner's time as written: with its zone (+08:00) converted, without
 * one the office's already. Text that is no such time is copied. */
struct lb_zone;
void lb_scan_time_local(const struct lb_zone *z, const char *at, char out[32]);

/* A redemption row to write (inside the caller's transaction). Strings
 * NULL where the column is NULL; kit_ref 0: NULL. */
struct lb_redemption_new {
	int64_t voucher_id, allocation_id, point_id;
	const char *day;             /* YYYY-MM-DD */
	const char *at;              /* redeemed_at */
	const char *operator;
	const char *proxy;
	int manual;
	const char *override_reason;
	const char *manual_reason;   /* a typed serial: why it was not scanned */
	const char *source;          /* scan, file, image, manual, kit */
	const char *kit_id;
	int64_t kit_ref;
	/* A scan with the scanner's own time (at): when it was entered
	 * here (UTC), kept in redemption_entry; NULL: entered at its time. */
	const char *entered_at;
	int zone_offset_min;         /* the office's zone: a scanner time without one is local */
};
/* LB_ERULE when the allocation has a redemption in force already (the
 * table redeemed's primary key). */
int lb_redemption_insert(lb_db *db, const struct lb_redemption_new *n, int64_t *id, lb_err *e);

/* An attempt row to write. serial "" or NULL, ids 0, file NULL and line 0
 * are NULL in the table. payload must be in log form
 * (lb_redeem_payload_log). */
struct lb_attempt_new {
	const char *at, *day;
	int64_t point_id;
	const char *operator;
	const char *serial;
	int64_t voucher_id, allocation_id, redemption_id;
	const char *payload;
	int outcome;
	const char *detail;
	const char *source;
	const char *file;
	int64_t line;
	const char *kit_id;
	int64_t kit_ref;
};
int lb_attempt_insert(lb_db *db, const struct lb_attempt_new *a, int64_t *id, lb_err *e);

/* Reverse, through the journal, every issue of redemption id not yet
 * reversed, on day, with reason why; key_prefix non-NULL gives each
 * reversal the idempotency key "<key_prefix>r<movement id>". *movements
 * counts the movements posted. Then the undo row. Inside the caller's
 * transaction; LB_ERULE from the journal (a closed period). */
struct lb_undo_new {
	int64_t redemption_id;
	const char *reason;          /* as the user gave it */
	const char *why;             /* the reversals' reason */
	lb_day day;
	const char *at;
	const char *operator;
	const char *kit_id;          /* NULL */
	const char *key_prefix;      /* NULL */
};
int lb_redemption_undo_write(lb_db *db, const struct lb_undo_new *u, long *movements, lb_err *e);

/* A required one-line text of redeem (operator, reason, proxy): refuses
 * empty, over-long, invalid UTF-8 and control characters, naming the
 * field (LB_EINPUT). */
int lb_redeem_text_check(const char *s, const char *what, size_t max, lb_err *e);

/* The attempt log's form of a scan: printable ASCII kept, other bytes as
 * \xHH, runs of 16 or more digits masked like a NIK, at most
 * LB_PAYLOAD_LOG_MAX bytes. out must hold LB_PAYLOAD_LOG_MAX + 1. Pure. */
void lb_redeem_payload_log(const char *text, size_t len, char *out);

/* Is the allocation redeemed (*found), and by which redemption, when,
 * where (point code) and by whom. */
struct lb_redemption_info {
	int64_t id;
	int64_t voucher_id;
	char day[11];
	char point[64];
	char operator[LB_OPERATOR_MAX + 1];
	char kit_id[33]; /* "" when made here */
	int damaged;     /* its redemption row is missing (deleted by hand):
			  * id is all that is known; day, point, operator "" */
};
int lb_redemption_in_force(lb_db *db, int64_t allocation_id, struct lb_redemption_info *out,
			   int *found, lb_err *e);

/* redeem undo: the redemption in force of the voucher with this serial
 * is undone: its movements reversed (day), an undo row and an attempt
 * row (outcome undone) written, in one transaction. LB_EINPUT for a
 * malformed or unknown serial or an empty reason; LB_ERULE when the slip
 * is not redeemed or the period is closed. */
struct lb_undo_result {
	char serial[LB_SERIAL_TEXT_SIZE];
	int64_t redemption_id;
	char redeemed_day[11];
	char point[64];
	char name[128];
	int reversed;     /* movements reversed */
};
int lb_redeem_undo(lb_db *db, const char *serial, const char *reason, const char *operator,
		   lb_day day, struct lb_undo_result *out, lb_err *e);

/* The attempt log, oldest first, for `redeem log` and for people
 * checking what was refused and why. Filters that are NULL (or 0) match
 * everything. The row lives until fn returns; fn's non-zero return stops
 * and is returned. */
struct lb_attempt_filter {
	const char *point;   /* location code */
	const char *outcome; /* an outcome code */
	const char *serial;  /* as typed: any case, with or without hyphens */
	const char *kit_id;  /* imported from this kit (its first 8 hex digits suffice) */
	int refused;         /* only refusals and conflicts */
	int late;            /* only late entries (LB_LATE_ENTRY_DAYS) */
};
struct lb_attempt_row {
	int64_t id;
	char at[26];
	char day[11];
	char point[64];
	char operator[LB_OPERATOR_MAX + 1];
	char serial[LB_SERIAL_TEXT_SIZE];
	char outcome[32];
	char detail[LB_ERR_MAX];
	char source[8];
	char file[256];
	int64_t line;
	char kit_id[33];
	int64_t redemption_id;
	/* Accepted from a scanner file with its own time: when it was
	 * entered here (UTC), and whether that is a late entry; "" and 0
	 * otherwise. */
	char entered_at[26];
	int late;
};
int lb_redeem_log_each(lb_db *db, const struct lb_attempt_filter *f,
		       int (*fn)(void *arg, const struct lb_attempt_row *r, lb_err *e), void *arg, lb_err *e);

/*
 * What the web's scan page learns at a handover besides the redemption
 * (table redemption_handover, migration 10): the proxy's relation, a
 * photo of the handover, where the browser said it was. Written inside
 * the caller's transaction, after the redemption it belongs to.
 * LB_EINPUT for a photo over LB_HANDOVER_PHOTO_MAX or not JPEG/PNG, a
 * relation that is not one line of text, a position out of range.
 */
#define LB_HANDOVER_PHOTO_MAX ((size_t)2 << 20) /* 2 MiB */
struct lb_handover_extra {
	int64_t redemption_id;
	const char *proxy_relation;  /* NULL: none */
	const void *photo;           /* NULL: none */
	size_t photo_len;
	const char *photo_type;      /* image/jpeg or image/png */
	int has_geo;
	double lat, lon, accuracy_m;
};
int lb_handover_extra_check(const struct lb_handover_extra *x, lb_err *e);
int lb_handover_extra_insert(lb_db *db, const struct lb_handover_extra *x, lb_err *e);
/* The handover photo of a redemption: *found 0 when it has none; out
 * (caller's lb_buf) receives the bytes, type the content type. */
struct lb_buf;
int lb_handover_photo(lb_db *db, int64_t redemption_id, struct lb_buf *out, char type[16], int *found,
		      lb_err *e);

/* When and where redemption id was made (for a refusal that says "sudah
 * ditebus pada ... di ..."): redeemed_at as stored (UTC), the point's code
 * and name. *found 0 when there is no such row. */
struct lb_redemption_where {
	char at[32];
	char day[11];             /* the business day, YYYY-MM-DD */
	char point[64];
	char point_name[128];
};
int lb_redemption_where(lb_db *db, int64_t id, struct lb_redemption_where *out, int *found, lb_err *e);

#endif
