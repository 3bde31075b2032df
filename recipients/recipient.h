/*
 * recipient.h — recipients (penerima manfaat): checking and registering
 * them, their status and its history, replacement (penggantian), likely
 * duplicates and their review, and the configurable list of categories.
 *
 * Owns the tables recipient, recipient_status, duplicate_flag and
 * category. Other modules identify a recipient by id, or on paper by its
 * token (16 random hex characters) — never by NIK, which is personal data
 * (UU PDP No. 27/2022): no message made here contains one.
 *
 * Memory: struct lb_recipient is a plain value with fixed-size fields;
 * nothing here allocates for the caller. Iterators hand each row to a
 * callback; the row lives until the callback returns.
 */
#ifndef LB_RECIPIENT_H
#define LB_RECIPIENT_H

#include <stdint.h>

#include "core/db.h"
#include "core/op.h"
#include "inventory/serve.h"
#include "recipients/nik.h"
#include "recipients/region.h"
#include "recipients/status.h"

#define LB_RCP_NAME_MAX 128    /* bytes of a name or a proxy's name, NUL included */
#define LB_RCP_ADDRESS_MAX 256
#define LB_RCP_PHONE_MAX 24
#define LB_CATEGORY_MAX 33     /* a category code */
#define LB_TOKEN_LEN 16

/* The fields as given (a form, an option, a CSV cell): NULL or "" is
 * "not given". Sex and birth date not given are read from the NIK. */
struct lb_recipient_in {
	const char *nik, *kk, *name, *sex, *birth_date, *address, *village, *category;
	const char *desil, *phone, *proxy_name, *proxy_nik;
	int accept_mismatch; /* register despite a NIK that disagrees, and record it */
	/* The cell was a number in the workbook (XLSX): Excel damage. */
	int nik_is_number, kk_is_number, phone_is_number;
};

/* Every problem of one recipient's fields, each with its column. */
#define LB_FIELD_ERRORS_MAX 16
struct lb_field_errors {
	int n; /* may pass LB_FIELD_ERRORS_MAX; only that many are kept */
	const char *col[LB_FIELD_ERRORS_MAX];
	char msg[LB_FIELD_ERRORS_MAX][400];
};

struct lb_recipient {
	int64_t id;
	char nik[LB_NIK_LEN + 1];
	char kk[LB_NIK_LEN + 1];                /* "" when unknown */
	char name[LB_RCP_NAME_MAX];
	char sex[2];                            /* "L" or "P" */
	char birth_date[11];                    /* YYYY-MM-DD */
	char address[LB_RCP_ADDRESS_MAX];
	char village[LB_REGION_CODE_MAX];
	char category[LB_CATEGORY_MAX];
	int desil;                              /* 1-10; 0 unknown */
	char phone[LB_RCP_PHONE_MAX];
	char proxy_name[LB_RCP_NAME_MAX];
	char proxy_nik[LB_NIK_LEN + 1];
	int64_t point_id;                       /* 0: the point serving the village */
	char status[16];                        /* aktif, meninggal, pindah, mampu, nonaktif */
	char token[LB_TOKEN_LEN + 1];
	char mismatch[24];                      /* "" or what disagreed with the NIK */
	char created_at[21];
	int64_t replaces_id;                    /* 0: replaced nobody */
	int64_t person_key;                     /* lb_recipient_person_key of the fields */
	int district_known;                     /* set by lb_recipient_check's caller */
};

/*
 * Check and normalise one recipient's own fields, without the database:
 * NIK and KK shape, name (trimmed, inner spaces collapsed), sex and birth
 * date against the NIK, desil, phone, proxy. ref_year picks the century
 * of the NIK's two-digit birth year (see lb_nik_parse_at). The village
 * and category are copied, not looked up. On failure: LB_EINPUT, *column
 * names the field ("nik", "birth_date", ...) and e says why without the
 * NIK, nor any run of more than four digits (a NIK typed or shifted into
 * another field is quoted masked). A disagreement with the NIK is refused
 * unless in->accept_mismatch, which records it in out->mismatch.
 */
int lb_recipient_check(const struct lb_recipient_in *in, int ref_year, struct lb_recipient *out,
		       const char **column, lb_err *e);
/* The same checks, every problem at once (an import row with four
 * problems is fixed in one go): LB_EINPUT with fe listing them, each
 * message masked as above. Values are read as offices write them: sex
 * L/P or Laki-laki/Perempuan in any case, desil "2" or "Desil 2", the
 * category in any case, the dates of lb_date_parse_cell; a NIK, KK or
 * phone number that Excel damaged is named as such (lb_nik_excel_damage). */
int lb_recipient_check_all(const struct lb_recipient_in *in, int ref_year,
			   struct lb_recipient *out, struct lb_field_errors *fe);

/* Mask, in place, every run of more than four digits in a message with
 * '*': a cell in the wrong column (a shifted row, a file without its
 * header) may hold a NIK or KK number, which no message may carry. */
void lb_mask_numbers(char *msg);

/* The key likely duplicates share: a 63-bit hash of village, birth date
 * and the name folded (recipients/namefold.h: case, spaces, punctuation,
 * titles and honorifics ignored). Equal people give equal keys; equal
 * keys are then checked on village and birth date (the folded name is in
 * the key only: at 63 bits two different names sharing a key within a
 * village and a birth date is not a practical worry). lb_recipient_check
 * sets out->person_key. */
int64_t lb_recipient_person_key(const char *village, const char *birth_date, const char *name);

/* The year NIK birth years are read against: lb_nik_ref_year(). */
int lb_recipient_ref_year(void);

/* Categories. lb_category_check: LB_OK or LB_EINPUT "unknown category
 * 'x' (the categories are: lansia, disabilitas, anak)". */
int lb_category_check(lb_db *db, const char *code, lb_err *e);
int lb_category_add(lb_db *db, const char *code, const char *name, lb_err *e);
int lb_category_list(lb_db *db, int (*fn)(void *arg, const char *code, const char *name, lb_err *e),
		     void *arg, lb_err *e);

/*
 * Insert a checked recipient; the caller holds the transaction and has
 * checked the village and category. Fills r->id, r->token, r->created_at
 * (created_at may be given by the caller: one timestamp per import). A NIK
 * already registered inserts nothing, sets *existing_id and returns LB_OK
 * — the caller words the refusal (a row number, a name, never the NIK).
 */
int lb_recipient_insert(lb_db *db, struct lb_recipient *r, int64_t *existing_id, lb_err *e);

/* Insert without looking for the NIK: only for a bulk import that has
 * dropped the recipient indexes and finds repeated NIKs afterwards.
 * *st caches the prepared statement between calls (start with NULL; it
 * belongs to db's cache, never finalize it). */
int lb_recipient_append(lb_db *db, lb_stmt **st, struct lb_recipient *r, lb_err *e);

/* Flag likely duplicates (same village, birth date and name, case
 * ignored, different NIK) for every recipient with id >= from_id against
 * every earlier one. *flagged: new flags. */
int lb_recipient_flag_duplicates(lb_db *db, int64_t from_id, long *flagged, lb_err *e);

/* What registering one recipient found besides the row itself. */
struct lb_recipient_added {
	long duplicates;  /* likely duplicates flagged: the new one is held */
	long hits;        /* screening lists it is on */
};

/* Register one recipient (`recipient add`): check, look up the village,
 * category and optional point (point_code may be NULL), insert, flag and
 * screen, in one transaction. A NIK already registered is LB_ERULE. */
int lb_recipient_add(lb_db *db, const struct lb_recipient_in *in, const char *point_code,
		     struct lb_recipient *out, struct lb_recipient_added *added, lb_err *e);

/* Look up by NIK, token or id: LB_OK with *found 0 or 1. */
int lb_recipient_by_nik(lb_db *db, const char *nik, struct lb_recipient *out, int *found, lb_err *e);
int lb_recipient_by_token(lb_db *db, const char *token, struct lb_recipient *out, int *found,
			  lb_err *e);
int lb_recipient_get(lb_db *db, int64_t id, struct lb_recipient *out, int *found, lb_err *e);

/* Like lb_recipient_by_nik, but a malformed or unregistered NIK is
 * LB_EINPUT ("no recipient has that NIK"). what names the command. */
int lb_recipient_find(lb_db *db, const char *nik, const char *what, struct lb_recipient *out,
		      lb_err *e);

struct lb_recipient_filter {
	const char *village;  /* NULL: any */
	const char *status;
	const char *category;
	int held;             /* 1: only those held for duplicate review */
	const char *name;     /* NULL: any; else names containing it, case ignored */
};
/* Every recipient matching f, in registration order. fn returns non-zero
 * to stop (that status is returned). */
int lb_recipient_list(lb_db *db, const struct lb_recipient_filter *f,
		      int (*fn)(void *arg, const struct lb_recipient *r, lb_err *e), void *arg,
		      lb_err *e);

/* The fields `recipient edit` changes; NULL leaves one as it is, ""
 * clears it (the point: back to the one serving the village). */
struct lb_recipient_change {
	const char *name, *address, *phone, *point;
};
/* Check every value, then change what differs in one transaction, each
 * field's old and new value kept in recipient_edit with the time and
 * operator. *changed counts the fields changed (0: nothing differed). */
int lb_recipient_edit(lb_db *db, int64_t id, const struct lb_recipient_change *c,
		      const char *operator, int *changed, lb_err *e);
/* The edits of a recipient, oldest first ("" for an empty value). */
int lb_recipient_edits(lb_db *db, int64_t id,
		       int (*fn)(void *arg, const char *field, const char *old_value,
				 const char *new_value, const char *edited_at, const char *operator,
				 lb_err *e),
		       void *arg, lb_err *e);

/* Search for the web: a NIK (exactly), a village code, the start of a
 * village's name or of a recipient's name (case ignored); at most limit
 * rows (0: 100). fn's non-zero return stops and is returned. */
int lb_recipient_search(lb_db *db, const char *q, long limit,
			int (*fn)(void *arg, const struct lb_recipient *r, lb_err *e), void *arg,
			lb_err *e);

/* Change a recipient's status, recording day (YYYY-MM-DD), reason and
 * operator in the history. Setting the status it already has is
 * LB_ERULE. */
int lb_recipient_set_status(lb_db *db, int64_t id, const char *status, const char *day,
			    const char *reason, const char *operator, lb_err *e);
/* The same, inside the caller's transaction. */
int lb_recipient_status_tx(lb_db *db, int64_t id, const char *status, const char *day,
			   const char *reason, const char *operator, lb_err *e);

struct lb_status_change {
	char status[16];
	char day[11];
	char reason[256];
	char operator[64];
	char recorded_at[21];
};
int lb_recipient_history(lb_db *db, int64_t id,
			 int (*fn)(void *arg, const struct lb_status_change *c, lb_err *e),
			 void *arg, lb_err *e);

/* Set or clear (point_code NULL) the distribution point a recipient
 * collects at instead of the one serving their village. */
int lb_recipient_set_point(lb_db *db, int64_t id, const char *point_code, lb_err *e);

/*
 * Replacement (penggantian) in one step: the old recipient's status
 * becomes end_status (nonaktif when NULL) with day and reason, and the
 * new one — already registered and aktif, or registered now from `in`
 * (in->nik is the new NIK; village and category default to the old
 * one's) — records whom it replaced. A recipient is replaced only once.
 */
int lb_recipient_replace(lb_db *db, int64_t old_id, const struct lb_recipient_in *in,
			 const char *end_status, const char *day, const char *reason,
			 const char *operator, struct lb_recipient *new_out,
			 struct lb_recipient_added *added, lb_err *e);

/* Likely-duplicate flags. */
struct lb_dup_flag {
	int64_t id;
	struct lb_recipient held;  /* registered later, held out of allocations */
	struct lb_recipient other; /* registered earlier */
	char state[12];            /* open, distinct, duplicate */
	char flagged_at[21];
	char reviewer[64];
	char note[256];
};
int lb_dup_list(lb_db *db, int open_only, int64_t recipient_id,
		int (*fn)(void *arg, const struct lb_dup_flag *d, lb_err *e), void *arg, lb_err *e);
/* Number of open flags (pairs waiting for review), of every recipient. */
int lb_dup_open_count(lb_db *db, long *open, lb_err *e);
/* Number of open flags holding a recipient. */
int lb_dup_held(lb_db *db, int64_t id, long *open, lb_err *e);

/*
 * Review the open flags holding a recipient. verdict "distinct": two
 * different people, the flags close and the recipient is no longer held.
 * verdict "duplicate": one person registered twice, the flags close and
 * the later registration becomes nonaktif (day, note as the reason), in
 * one transaction. No open flag is LB_ERULE. *closed: flags closed.
 */
int lb_dup_review(lb_db *db, int64_t id, const char *verdict, const char *day, const char *note,
		  const char *operator, long *closed, lb_err *e);

/* A fresh random token (16 lowercase hex characters). */
void lb_recipient_new_token(char out[LB_TOKEN_LEN + 1]);

/* The recipient that replaced id, if any (*found 0 when none). */
int lb_recipient_replaced_by(lb_db *db, int64_t id, struct lb_recipient *out, int *found,
			     lb_err *e);

/* Check a list filter's values as `recipient list` takes them: a known
 * status, village and category. */
int lb_recipient_filter_check(lb_db *db, const struct lb_recipient_filter *f, lb_err *e);

/* ---- operations (core/op.h): the recipient commands, for the command
 * line and the web alike. A recipient is named as typed (`who`): a NIK,
 * an id or a name (lb_recipient_find). ---- */

/* `recipient add`. Warnings: likely duplicates (held), screening hits,
 * a NIK district not in the region data. */
struct lb_recipient_add_in {
	struct lb_recipient_in r;
	const char *point; /* code, or NULL: the point serving the village */
};
struct lb_recipient_add_out {
	struct lb_recipient recipient;
	struct lb_recipient_added added;
	char village_name[LB_REGION_NAME_MAX]; /* "" when not in the region data */
};
int lb_recipient_register(struct lb_op *op, const struct lb_recipient_add_in *in,
			  struct lb_recipient_add_out *out, lb_err *e);

/* `recipient show`: one recipient by who or by token (exactly one of
 * them), with what its page shows besides the iterators' lists. */
struct lb_recipient_show_in {
	const char *who, *token;
};
struct lb_recipient_show_out {
	struct lb_recipient recipient;
	char village_name[LB_REGION_NAME_MAX];
	struct lb_point point;  /* where they collect */
	int point_own;          /* set on the recipient, not the village's */
	int point_found;        /* 0: no point serves the village */
	struct lb_recipient replaces, replaced_by;
	int has_replaces, has_replaced_by;
};
int lb_recipient_show(struct lb_op *op, const struct lb_recipient_show_in *in,
		      struct lb_recipient_show_out *out, lb_err *e);

/* `recipient edit`: NULL leaves a field, "" clears it; at least one. */
struct lb_recipient_edit_in {
	const char *who, *name, *address, *phone, *point;
};
struct lb_recipient_edit_out {
	struct lb_recipient recipient; /* before the edit */
	int changed;                   /* fields changed */
};
int lb_recipient_correct(struct lb_op *op, const struct lb_recipient_edit_in *in,
			 struct lb_recipient_edit_out *out, lb_err *e);

/* `recipient set-status`; out is the recipient before the change. */
struct lb_recipient_status_in {
	const char *who, *status, *date, *reason;
};
int lb_recipient_status_change(struct lb_op *op, const struct lb_recipient_status_in *in,
			       struct lb_recipient *out, lb_err *e);

/* `recipient set-point`: a point code, or clear (exactly one). */
struct lb_recipient_point_in {
	const char *who, *point;
	int clear;
};
int lb_recipient_point_change(struct lb_op *op, const struct lb_recipient_point_in *in,
			      struct lb_recipient *out, lb_err *e);

/* `recipient replace`: old ends (status, else nonaktif) on date (NULL:
 * today) and by starts, registered now from its fields unless it is
 * already. Warnings as recipient add's (duplicates, screening hits). */
struct lb_recipient_replace_in {
	const char *old;
	struct lb_recipient_in by; /* by.nik: the new NIK */
	const char *reason, *status, *date;
};
struct lb_recipient_replace_out {
	struct lb_recipient old, recipient;
	struct lb_recipient_added added;
	char day[11];
	char village_name[LB_REGION_NAME_MAX];
};
int lb_recipient_substitute(struct lb_op *op, const struct lb_recipient_replace_in *in,
			    struct lb_recipient_replace_out *out, lb_err *e);

/* `recipient review`: a verdict on the flags holding who. */
struct lb_recipient_review_in {
	const char *who, *verdict, *reason, *date; /* date NULL: today */
};
struct lb_recipient_review_out {
	struct lb_recipient recipient;
	long closed;
};
int lb_recipient_review(struct lb_op *op, const struct lb_recipient_review_in *in,
			struct lb_recipient_review_out *out, lb_err *e);

/* `category add`. */
struct lb_category_in {
	const char *code, *name;
};
int lb_category_create(struct lb_op *op, const struct lb_category_in *in, lb_err *e);

#endif
