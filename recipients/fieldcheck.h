/*
 * fieldcheck.h — field verification (verifikasi lapangan): the program's
 * own answer to aid that misses its target. Someone who meets recipients
 * (a distribution team, a village operator) reports one for review —
 * sudah mampu, pindah, meninggal, tidak ditemukan — with a note and
 * optionally a photo; the data staff decide. Accepting changes the
 * recipient's status (through the status history, recipient.h) in the
 * same transaction; rejecting keeps it. Both steps are history: the
 * report and the decision are rows that are never changed or deleted,
 * copied into the history log that `verify` checks.
 *
 * A recipient has at most one report waiting for a decision at a time.
 *
 * Owns the tables field_check and field_check_decision.
 *
 * Memory: inputs are borrowed for the call; rows handed to callbacks
 * live until the callback returns; lb_fieldcheck_photo fills a
 * caller-owned lb_buf.
 */
#ifndef LB_FIELDCHECK_H
#define LB_FIELDCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/op.h"

#define LB_FIELDCHECK_PHOTO_MAX (2 * 1024 * 1024) /* a phone photo, scaled by the browser or not */
#define LB_FIELDCHECK_NOTE_MAX 500

/* The reasons, as stored and typed: mampu, pindah, meninggal,
 * tidak-ditemukan. NULL for another word. */
const char *lb_fieldcheck_reason_label(const char *reason); /* "sudah mampu", ... */
/* The status that accepting a report of reason gives ("nonaktif" for
 * tidak-ditemukan). */
const char *lb_fieldcheck_status_of(const char *reason);

/* Both front ends fill these from the declared parameters of
 * `recipient flag` and `recipient decide` (cli/cmd_fieldcheck.c); the
 * text is as typed, checked here. */
struct lb_flag_in {
	const char *recipient; /* NIK, id or name, as `recipient show` takes */
	const char *reason;    /* mampu | pindah | meninggal | tidak-ditemukan */
	const char *note;      /* what was seen (required) */
	const char *photo_file;/* the command line's --photo: read by the command line into photo */
	const void *photo;     /* optional: JPEG or PNG bytes (a file read, an upload) */
	size_t photo_len;
};
struct lb_flag_out {
	int64_t id;            /* the report's number */
	int64_t recipient_id;
	char name[128];        /* the recipient's name */
};
int lb_fieldcheck_flag(struct lb_op *op, const struct lb_flag_in *in, struct lb_flag_out *out,
		       lb_err *e);

struct lb_decide_in {
	const char *report;    /* the report's number */
	int accept;            /* the report is right: the status changes */
	int reject;            /* it is not: the status stays (exactly one of the two) */
	const char *note;      /* why (required) */
};
struct lb_decide_out {
	int64_t id;            /* the report */
	int64_t recipient_id;
	char name[128];
	char status[16];       /* the recipient's status afterwards */
};
int lb_fieldcheck_decide(struct lb_op *op, const struct lb_decide_in *in, struct lb_decide_out *out,
			 lb_err *e);

struct lb_fieldcheck_row {
	int64_t id, recipient_id, point_id; /* point_id: where the recipient collects (0: none known) */
	const char *nik, *name, *village;
	const char *reason, *note, *flagged_at, *flagged_by;
	int has_photo;
	const char *decision;  /* "" while waiting; diterima | ditolak */
	const char *decision_note, *decided_at, *decided_by;
};
/* Oldest first; all 0: only those waiting for a decision. */
int lb_fieldcheck_each(lb_db *db, int all, int (*fn)(void *arg, const struct lb_fieldcheck_row *r, lb_err *e),
		       void *arg, lb_err *e);
/* The photo of report id into b with its type ("image/jpeg" or
 * "image/png"); *found 0 when it has none. */
int lb_fieldcheck_photo(lb_db *db, int64_t id, lb_buf *b, const char **type, int *found, lb_err *e);

#endif
