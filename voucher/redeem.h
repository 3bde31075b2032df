/*
 * redeem.h — redemption: a slip scanned (or its serial typed) at a
 * distribution point, checked against the rules, and the package handed
 * over; and the undo of a wrong one.
 *
 * Owns the tables redemption, redemption_undo, redeemed and
 * redemption_attempt (migration 4). docs/redemption.md has the rules for
 * people; in order, a scan is refused when:
 *   unreadable               not a voucher QR text or serial (or not a scan at all);
 *                            also a typed serial without --manual
 *   forged                   the signature does not match (or the slip disagrees
 *                            with its voucher although signed by us)
 *   unknown_key              signed with a key this database does not know
 *   unknown_serial           genuine form, but no voucher here has the serial
 *   wrong_program_or_period  not the program or round asked for (--program,
 *                            --period; on a field kit, another period), or
 *                            before the first day of its round
 *   revoked                  revoked, reissued, or its allocation cancelled
 *   already_redeemed         its allocation's package was handed over and not undone
 *   expired                  after its last day
 *   period_closed            the day's accounting period is closed
 *   wrong_point              another point's slip, without --override-point
 *   no_stock                 the point lacks an item of the package (unexpired)
 * and otherwise accepted: in one savepoint the redemption is recorded and
 * each item of the round's package is issued from the point to
 * @RECIPIENTS, earliest expiry first (inventory/journal.h). A refusal
 * writes only its attempt row; stock is untouched.
 *
 * Transactions: a redeemer batches scans into one IMMEDIATE transaction
 * (committed every LB_REDEEM_BATCH scans or half a second, and at
 * lb_redeemer_commit) with a SAVEPOINT per scan, so one refused scan
 * never undoes another and a big file does not pay a commit per line.
 * The check that a slip was not redeemed before runs under the write
 * lock, so two processes redeeming the same slip at once get exactly one
 * acceptance; the table redeemed backs that up with a primary key.
 * On LB_ESYS everything since the last commit is rolled back.
 *
 * On a field kit (meta kind 'kit') every transaction's inserts are also
 * recorded as a session changeset in the kit log (voucher/kitrec.h).
 *
 * Memory: a redeemer is allocated by lb_redeemer_open and freed by
 * lb_redeemer_close; results and summaries are caller-owned values.
 * Strings in options and scans are only read, but must stay valid until
 * lb_redeemer_close (a run verifies ahead on another thread).
 */
#ifndef LB_REDEEM_H
#define LB_REDEEM_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/db.h"
#include "voucher/scanfile.h"
#include "voucher/serial.h"
#include "voucher/redemption.h"
#include "voucher/verify.h"

/* A scanner file's timestamp may be this many days before the day it is
 * entered, at most: an older one is refused (a scanner's clock, or a file
 * edited by hand, must not backdate a handover). */
#define LB_SCAN_LATE_DAYS 7

/* Scans per transaction, at most. */
#define LB_REDEEM_BATCH 2000

struct lb_redeem_opts {
	const char *point;           /* location code of the distribution point; required */
	const char *operator;        /* who hands over; required */
	const char *proxy;           /* collected by this proxy (wakil); NULL: in person */
	int manual;                  /* typed serials are accepted (marked manual) */
	const char *manual_reason;   /* with manual: why the slips cannot be scanned (required) */
	const char *override_reason; /* non-NULL: --override-point, with this reason */
	const char *program;         /* NULL, or only this program's slips (its code) */
	int has_period;              /* only slips of this round: */
	int period;                  /* year*12 + month-1 */
	const char *source;          /* "scan", "file" or "image" */
	const char *file;            /* the scanner file or image, for the log; NULL */
	int caller_tx;               /* field kit import: the caller holds the transaction;
				      * lb_redeemer_commit only writes the journal's
				      * balances back, close only forgets */
};

/* One scan as it came in. */
struct lb_scan {
	const char *text;  /* bytes as scanned (no NUL needed) */
	size_t len;
	int has_time;      /* the scanner gave a timestamp: */
	lb_day day;        /*   its date is the business date */
	const char *when;  /*   and it is the time recorded ("YYYY-MM-DDTHH:MM:SS...") */
	size_t line;       /* 0, or the line of the scanner file */
	const char *file;  /* NULL, or the file or image it came from (else opts.file) */
	const char *bad;   /* non-NULL: not a scan at all (scanfile's reason) */
};

struct lb_redeem_item {
	char item[33];     /* code */
	int64_t qty;       /* base units */
	char text[64];     /* "10 kg BERAS" */
};

struct lb_redeem_result {
	int outcome;                       /* enum lb_outcome */
	int rerun;                         /* a line of an earlier run of the same file:
					    * 1 its redemption stands, nothing written;
					    * 2 refused again for the same reason, nothing written */
	char serial[LB_SERIAL_TEXT_SIZE];  /* "" when unreadable */
	char detail[LB_ERR_MAX];           /* refusals: "cannot redeem voucher 'X': why";
					    * accepted: a summary */
	int64_t attempt_id;                /* 0 when nothing was logged (rerun) */
	int64_t redemption_id;             /* accepted; or the one there first */
	int manual;                        /* accepted from a typed serial */
	/* Accepted (and rerun 1): who got what. Never the NIK, only masked. */
	char name[128];
	char nik_masked[17];
	char proxy[128];
	char program[64];
	char period[8];                    /* the round, YYYY-MM */
	size_t nitems;
	struct lb_redeem_item items[32];
	long movements;                    /* accepted: stock movements posted */
	int usage;                         /* refused as a usage error (a typed serial
					    * without --manual): no attempt is logged */
};

struct lb_redeem_summary {
	long scans;       /* scans handled (not blank lines) */
	long accepted;    /* packages handed over now */
	long refused;     /* refused now (logged) or again (rerun 2, not logged) */
	long rerun_done;  /* lines an earlier run of the file had redeemed */
	long rerun_refused; /* of refused: refused again as in an earlier run */
	long committed;   /* scans whose outcome is committed */
	long usage;       /* of refused: usage errors (typed serials without --manual), not logged */
	long outcome[LB_OUT_COUNT];
};

typedef struct lb_redeemer lb_redeemer;

/* Check the options (LB_EINPUT: unknown point, not a point, a field kit
 * for another point, a bad operator or reason, an unknown program) and
 * get ready. Nothing is written yet. */
int lb_redeemer_open(lb_db *db, const struct lb_redeem_opts *o, lb_redeemer **out, lb_err *e);

/* A redeemer opened with caller_tx, for its next scans: who hands over
 * and how (operator, proxy, manual, manual_reason, source of o, checked
 * as lb_redeemer_open checks them); o names the same point and nothing
 * else. The web's writer judges the scans of several users at one point
 * in one transaction with one redeemer this way. */
int lb_redeemer_hand(lb_redeemer *r, const struct lb_redeem_opts *o, lb_err *e);

/* Judge one scan and, if it passes, hand over the package. LB_OK when the
 * scan was handled, whatever its outcome (res says it); LB_ESYS when the
 * database failed (the uncommitted batch is rolled back). */
int lb_redeem_scan(lb_redeemer *r, const struct lb_scan *s, struct lb_redeem_result *res,
		   lb_err *e);
/* The same with the scan's signature checked ahead (verify.h: on the
 * caller's thread, before it waits for the write lock); every other
 * check is made here as lb_redeem_scan makes it. sig NULL: none. */
int lb_redeem_scan_ahead(lb_redeemer *r, const struct lb_scan *s, const struct lb_sig_ahead *sig,
			 struct lb_redeem_result *res, lb_err *e);

/* A stream of scans, judged in order, with the signatures of the next
 * ones checked ahead on a second thread (its own connection). next
 * (called on that thread) fills *s and returns 1, or 0 at the end, or a
 * negative number when the input failed. done sees each result in order; a non-zero return stops the run and is
 * returned. The batch is committed at the end. */
typedef int (*lb_scan_next_fn)(void *arg, struct lb_scan *s);
typedef int (*lb_scan_done_fn)(void *arg, const struct lb_scan *s,
			       const struct lb_redeem_result *res, lb_err *e);
int lb_redeem_run(lb_redeemer *r, lb_scan_next_fn next, void *next_arg, lb_scan_done_fn done,
		  void *done_arg, lb_err *e);

/*
 * Field kit import: a redemption made on a kit, judged again here with
 * the rules of a scan at the office on its day (the redeemer opened with
 * caller_tx, point = the kit's point, has_period = the kit's period). The
 * scan is the one the kit logged, verified with this database's keys;
 * besides the rules of a scan: the voucher must be the one the kit says
 * it redeemed and among those exported in the kit (field_kit_voucher),
 * and the day must lie between the kit's export and today. Accepted:
 * the redemption is written (source 'kit', kit_id, kit_ref) and this
 * database's package in force for the round is issued, from the lots the
 * kit handed out where they are here in full, else earliest expiry
 * first. Refused: res says why and nothing is written (no attempt row:
 * the import logs the kit's own attempt as a conflict). LB_ERULE (res
 * outcome no_stock) when the point lacks the package's stock here.
 */
struct lb_redeem_take {
	int64_t item_id, lot_id, qty; /* what the kit handed out, per movement */
};
struct lb_kit_claim {
	const char *payload;      /* the scan as the kit logged it */
	size_t len;
	lb_day day;               /* the kit's business day */
	const char *at;           /* its redeemed_at */
	const char *operator;
	const char *proxy;        /* NULL */
	int manual;
	const char *manual_reason;   /* NULL */
	const char *override_reason; /* NULL */
	int64_t voucher_id, allocation_id; /* what the kit says it redeemed */
	const char *kit_id;
	int64_t kit_ref;          /* its id on the kit */
	lb_day exported;          /* the kit's export day */
	const struct lb_redeem_take *takes;
	size_t ntakes;
	const struct lb_sig_ahead *sig; /* its signature checked ahead (verify.h), or NULL */
};
int lb_redeem_kit_claim(lb_redeemer *r, const struct lb_kit_claim *k, struct lb_redeem_result *res, lb_err *e);

/* Commit what is pending. */
int lb_redeemer_commit(lb_redeemer *r, lb_err *e);

/* What the redeemer did so far (committed counts in sum->committed). */
void lb_redeemer_summary(const lb_redeemer *r, struct lb_redeem_summary *sum);

/* Roll back anything not committed and free r (NULL is fine). */
void lb_redeemer_close(lb_redeemer *r);

/* The QR text of every voucher of a program's round (at one point when
 * point is not NULL), in voucher order, signed with k as the printed
 * slips are: what a scanner reads off them. For making scanner files for
 * tests, benchmarks and training; k must be this database's signing key
 * (LB_ERULE otherwise). fn's non-zero return stops and is returned. */
struct lb_signing_key;
struct lb_voucher;
int lb_redeem_payloads(lb_db *db, const char *program, int period, const char *point,
		       const struct lb_signing_key *k,
		       int (*fn)(void *arg, const struct lb_voucher *v, const char *text, lb_err *e),
		       void *arg, lb_err *e);

#endif
