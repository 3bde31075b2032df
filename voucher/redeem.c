/*
 * redeem.c — judging scans and handing over packages. See redeem.h.
 *
 * A scan goes through two phases. Verification (lb_voucher_verify: is the
 * slip genuine, and what is it for) only reads, and in a run it happens
 * ahead on a second thread with its own connection, because an Ed25519
 * check costs about as much as all of the second phase's SQL. Judgement
 * and posting happen on the caller's connection under the write lock, in
 * scan order: everything that can change under a verification made
 * earlier (a revocation, a cancelled allocation, a redemption) is read
 * again there.
 */
#include "voucher/redeem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/localtime.h"
#include "core/period.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/qty.h"
#include "program/package.h"
#include "program/program.h"
#include "voucher/kitrec.h"
#include "voucher/keys.h"
#include "voucher/voucher.h"

/* ---- the redeemer ---- */

struct pkg_cache {
	int64_t program_id;
	int period;
	int found;
	struct lb_package pkg;
	char program[64];
};

#define NPKG 16

/* A lot at the point as the journal's FEFO sees it. */
struct stock_lot {
	int64_t lot_id;
	int has_expiry;
	lb_day expiry;
	int64_t qty;
};

struct stock_item {
	int64_t item_id;
	struct stock_lot *lots; /* earliest expiry first, no expiry last, then by id */
	size_t n;
};

struct lb_redeemer {
	lb_db *db;
	struct lb_redeem_opts o;
	struct lb_location point;
	struct lb_zone zone;      /* the office's: times in messages, scanner times without a zone */
	int64_t program_id;       /* --program, or 0 */
	int kit;
	struct lb_kit_info kinfo;
	const struct lb_kit_claim *claim; /* field kit import: the claim being judged */

	int in_tx;
	long pending;             /* scans since BEGIN */
	struct timespec tx_start;
	lb_kit_rec *rec;          /* kit: the session recording this transaction */

	struct pkg_cache pkgs[NPKG];
	size_t npkgs, nextpkg;

	/* Inside a transaction: the journal session that posts the issues
	 * (balances held in memory, written back before commit), and our
	 * own view of the point's unexpired stock per item, so that a short
	 * package is refused before anything of it is posted (a session
	 * cannot take back half a package). */
	lb_journal *jnl;
	struct stock_item *stock;
	size_t nstock, capstock;

	int fresh_file;           /* a run of a file never run before: no line can be a rerun */
	/* The transaction holding the write lock, for the verifiers: a
	 * verification started while it is held reads what nobody else can
	 * change until we commit. 0 while no transaction is open. */
	long tx_count;
	atomic_long locked_tx;
	int closed_period, closed; /* lb_period_is_closed of closed_period, this transaction */
	int closed_known;

	/* Lines of a scanner file that are not scans at all, summarised per
	 * file and reason: one attempt row each at commit, not one a line
	 * (a file of junk must not fill the attempt log). */
	struct junk {
		char file[256];
		char why[160];
		long n;
		int64_t first_line;
		char first_day[11];
		char first_at[LB_SCAN_WHEN_SIZE];
	} junk[16];
	size_t njunk;

	struct lb_redeem_summary sum;
	long uncommitted[LB_OUT_COUNT]; /* outcomes since the last commit */
	long unc_scans;
};

static int exec_cached(lb_db *db, const char *sql, lb_err *e);

/* Who hands over and how: the options lb_redeemer_hand may change. */
static int check_hand(const struct lb_redeem_opts *o, lb_err *e)
{
	int rc;

	if ((rc = lb_redeem_text_check(o->operator, "the operator's name", LB_OPERATOR_MAX, e)))
		return rc;
	if (o->proxy && (rc = lb_redeem_text_check(o->proxy, "--proxy", 127, e)))
		return rc;
	if (o->override_reason && (rc = lb_redeem_text_check(o->override_reason, "--reason", LB_REASON_MAX, e)))
		return rc;
	if (o->manual && !o->caller_tx && !o->manual_reason)
		return lb_fail(e, LB_EINPUT, "redeem: --manual needs --reason saying why the slips cannot be scanned");
	if (o->manual_reason && (rc = lb_redeem_text_check(o->manual_reason, "--reason", LB_REASON_MAX, e)))
		return rc;
	return LB_OK;
}

int lb_redeemer_hand(lb_redeemer *r, const struct lb_redeem_opts *o, lb_err *e)
{
	int rc;

	if (!o->point || strcmp(o->point, r->point.code) != 0 || !o->caller_tx || !r->o.caller_tx || o->program ||
	    o->has_period || o->override_reason || o->file)
		return lb_fail(e, LB_ESYS, "bug: lb_redeemer_hand changes only who hands over and how");
	if ((rc = check_hand(o, e)))
		return rc;
	r->o.operator = o->operator;
	r->o.proxy = o->proxy;
	r->o.manual = o->manual;
	r->o.manual_reason = o->manual_reason;
	r->o.source = o->source ? o->source : "scan";
	return LB_OK;
}

int lb_redeemer_open(lb_db *db, const struct lb_redeem_opts *o, lb_redeemer **out, lb_err *e)
{
	lb_redeemer *r;
	int rc;

	*out = NULL;
	if (!o->point || !*o->point)
		return lb_fail(e, LB_EINPUT, "redeem: option '--point' is required");
	if ((rc = check_hand(o, e)))
		return rc;
	if (!(r = calloc(1, sizeof *r)))
		return lb_oom(e);
	r->db = db;
	r->o = *o;
	atomic_init(&r->locked_tx, 0);
	if (!r->o.source)
		r->o.source = "scan";
	if ((rc = lb_location_find(db, o->point, &r->point, e)))
		goto fail;
	if (r->point.kind != LB_LOC_POINT) {
		rc = lb_fail(e, LB_EINPUT, "redeem: '%s' is not a distribution point (it is a %s)", r->point.code,
			     lb_loc_kind_name(r->point.kind));
		goto fail;
	}
	if ((rc = lb_zone_get(db, &r->zone, e)))
		goto fail;
	if ((rc = lb_kit_info(db, &r->kinfo, &r->kit, e)))
		goto fail;
	if (r->kit && r->kinfo.point_id != r->point.id) {
		rc = lb_fail(e, LB_EINPUT, "redeem: this field kit serves %s only, not %s", r->kinfo.point,
			     r->point.code);
		goto fail;
	}
	/* Each scan's savepoint keeps the pages it changes in a sub-journal,
	 * a temporary file by default: forty writes a scan. In memory it is
	 * a few kilobytes, freed at each RELEASE. */
	if ((rc = exec_cached(db, "PRAGMA temp_store=MEMORY", e)))
		goto fail;
	if (o->program) {
		struct lb_program p;
		if ((rc = lb_program_find(db, o->program, &p, e)))
			goto fail;
		r->program_id = p.id;
	}
	*out = r;
	return LB_OK;
fail:
	free(r);
	return rc;
}

void lb_redeemer_summary(const lb_redeemer *r, struct lb_redeem_summary *sum)
{
	*sum = r->sum;
}

static void forget_uncommitted(lb_redeemer *r)
{
	r->njunk = 0;
	memset(r->uncommitted, 0, sizeof r->uncommitted);
	r->unc_scans = 0;
}

static void forget_stock(lb_redeemer *r)
{
	for (size_t i = 0; i < r->nstock; i++)
		free(r->stock[i].lots);
	r->nstock = 0;
}

static void rollback(lb_redeemer *r)
{
	atomic_store(&r->locked_tx, 0);
	lb_journal_close(r->jnl);
	r->jnl = NULL;
	forget_stock(r);
	lb_kit_rec_free(r->rec);
	r->rec = NULL;
	if (r->in_tx && !r->o.caller_tx)
		lb_db_rollback(r->db);
	r->in_tx = 0;
	r->pending = 0;
	forget_uncommitted(r);
}

static int begin(lb_redeemer *r, lb_err *e)
{
	int rc;

	if (r->in_tx)
		return LB_OK;
	if (!r->o.caller_tx && (rc = lb_db_begin(r->db, e)))
		return rc;
	r->in_tx = 1;
	r->pending = 0;
	r->closed_known = 0;
	atomic_store(&r->locked_tx, ++r->tx_count);
	clock_gettime(CLOCK_MONOTONIC, &r->tx_start);
	if ((r->kit && (rc = lb_kit_rec_start(r->db, &r->rec, e))) || (rc = lb_journal_open(r->db, &r->jnl, e))) {
		rollback(r);
		return rc;
	}
	return LB_OK;
}

static int junk_flush(lb_redeemer *r, lb_err *e);

int lb_redeemer_commit(lb_redeemer *r, lb_err *e)
{
	int rc;

	if (!r->in_tx)
		return LB_OK;
	if ((rc = junk_flush(r, e))) {
		rollback(r);
		return rc;
	}
	/* From here on, a verification may read what others commit after
	 * us: the lock is about to go. */
	atomic_store(&r->locked_tx, 0);
	if (r->jnl) {
		if ((rc = lb_journal_finish(r->jnl, e))) {
			rollback(r);
			return rc;
		}
		lb_journal_close(r->jnl);
		r->jnl = NULL;
	}
	forget_stock(r);
	if (r->rec) {
		lb_kit_rec *rec = r->rec;
		r->rec = NULL;
		if ((rc = lb_kit_rec_finish(r->db, rec, e))) {
			rollback(r);
			return rc;
		}
	}
	if (!r->o.caller_tx && (rc = lb_db_commit(r->db, e))) {
		r->in_tx = 0;
		rollback(r);
		return rc;
	}
	r->in_tx = 0;
	r->pending = 0;
	r->sum.committed += r->unc_scans;
	forget_uncommitted(r);
	return LB_OK;
}

/* Commit every LB_REDEEM_BATCH scans or half a second: other scanners at
 * the office get the lock in turn, and a crash loses little. */
static int maybe_commit(lb_redeemer *r, lb_err *e)
{
	struct timespec now;
	long ms;

	if (!r->in_tx)
		return LB_OK;
	if (r->pending >= LB_REDEEM_BATCH)
		return lb_redeemer_commit(r, e);
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - r->tx_start.tv_sec) * 1000 + (now.tv_nsec - r->tx_start.tv_nsec) / 1000000;
	return ms >= 500 ? lb_redeemer_commit(r, e) : LB_OK;
}

void lb_redeemer_close(lb_redeemer *r)
{
	if (!r)
		return;
	rollback(r);
	free(r->stock);
	free(r);
}

static int exec_cached(lb_db *db, const char *sql, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);

	return st ? lb_step_done(st, e) : LB_ESYS;
}

/* ---- reading what judgement needs ---- */

static int package_of(lb_redeemer *r, int64_t program_id, int period, struct pkg_cache **out, lb_err *e)
{
	struct lb_program p;
	struct pkg_cache *c;
	int found, rc;

	for (size_t i = 0; i < r->npkgs; i++)
		if (r->pkgs[i].program_id == program_id && r->pkgs[i].period == period) {
			*out = &r->pkgs[i];
			return LB_OK;
		}
	if ((rc = lb_program_get(r->db, program_id, &p, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_ESYS, "program %lld of a voucher is missing", (long long)program_id);
	if (r->npkgs < NPKG) {
		c = &r->pkgs[r->npkgs++];
	} else {
		c = &r->pkgs[r->nextpkg];
		r->nextpkg = (r->nextpkg + 1) % NPKG;
	}
	memset(c, 0, sizeof *c);
	c->program_id = program_id;
	c->period = period;
	snprintf(c->program, sizeof c->program, "%s", p.code);
	if ((rc = lb_package_for(r->db, &p, period, &c->pkg, &c->found, e))) {
		c->program_id = 0;
		return rc;
	}
	*out = c;
	return LB_OK;
}

/* The verification may have been made on another connection before this
 * transaction: read again what can change. */
static int refresh_status(lb_redeemer *r, struct lb_voucher_check *c, lb_day day, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(r->db,
		"SELECT EXISTS (SELECT 1 FROM voucher_revocation WHERE voucher_id = ?1),"
		" EXISTS (SELECT 1 FROM voucher WHERE replaces_id = ?1),"
		" (SELECT status FROM allocation WHERE id = ?2)", e);
	int revoked, replaced, cancelled, found, rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, c->v.id);
	lb_bind_int(st, 2, c->v.allocation_id);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot read voucher %s again", c->serial_text) : rc;
	revoked = lb_col_int(st, 0) != 0;
	replaced = lb_col_int(st, 1) != 0;
	cancelled = strcmp(lb_col_text(st, 2), "allocated") != 0;
	lb_stmt_reset(st);
	if (revoked == (c->v.revoked_at[0] != 0) && replaced == (c->v.replaced_by_id != 0) &&
	    cancelled == (strcmp(c->v.allocation_status, "allocated") != 0))
		return LB_OK;
	if ((rc = lb_voucher_by_serial(r->db, c->serial, day, &c->v, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_ESYS, "voucher %s disappeared", c->serial_text);
	return LB_OK;
}

static int kit_nik(lb_redeemer *r, int64_t recipient_id, char out[17], lb_err *e)
{
	lb_stmt *st = lb_db_prepare(r->db, "SELECT nik_masked FROM kit_recipient WHERE recipient_id = ?1", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, recipient_id);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		snprintf(out, 17, "%s", lb_col_text(st, 0));
		lb_stmt_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* ---- the attempt log ---- */

static const char *base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;

	return s ? s + 1 : path;
}

/* The same line of the same file run before: the attempt that accepted
 * it, else its latest. Two processes loading one file at once each log
 * every line, one accepting it and the other refusing it as already
 * redeemed; the line was redeemed by this file all the same, and a rerun
 * says so rather than counting it refused. */
static int earlier_run(lb_redeemer *r, const char *file, int64_t line, const char *payload, const char *at,
		       int *outcome, int64_t *redemption_id, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(r->db,
		"SELECT outcome, coalesce(redemption_id, 0) FROM redemption_attempt"
		" WHERE file = ?1 AND line = ?2 AND payload = ?3 AND point_id = ?4 AND (?5 IS NULL OR at = ?5)"
		" AND outcome <> 'undone' ORDER BY outcome = 'accepted' DESC, id DESC LIMIT 1", e);
	int rc;

	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, file);
	lb_bind_int(st, 2, line);
	lb_bind_text(st, 3, payload);
	lb_bind_int(st, 4, r->point.id);
	lb_bind_text(st, 5, at);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	*outcome = lb_outcome_parse(lb_col_text(st, 0));
	*redemption_id = lb_col_int(st, 1);
	*found = 1;
	lb_stmt_reset(st);
	return LB_OK;
}

/* ---- judgement ---- */

static void refuse(struct lb_redeem_result *res, int outcome, const char *fmt, ...) LB_PRINTF(3, 4);

static void refuse(struct lb_redeem_result *res, int outcome, const char *fmt, ...)
{
	va_list ap;
	int n;

	res->outcome = outcome;
	if (res->serial[0])
		n = snprintf(res->detail, sizeof res->detail, "cannot redeem voucher '%s': ", res->serial);
	else
		n = snprintf(res->detail, sizeof res->detail, "cannot redeem: ");
	if (n < 0 || (size_t)n >= sizeof res->detail)
		return;
	va_start(ap, fmt);
	vsnprintf(res->detail + n, sizeof res->detail - (size_t)n, fmt, ap);
	va_end(ap);
}

static void period_text(int period, char out[8])
{
	lb_period_format(period, out);
}

/* Everything but stock: fills res (outcome) from the verification c. */
static int judge(lb_redeemer *r, const struct lb_scan *s, struct lb_voucher_check *c, lb_day day,
		 struct lb_redeem_result *res, lb_err *e)
{
	const struct lb_voucher *v = &c->v;
	char p1[8], p2[8], d[11], idt[LB_KEY_ID_TEXT_SIZE], when[32];
	struct lb_redemption_info in;
	lb_day last;
	int found, closed, rc;

	if (c->verdict != LB_VERDICT_UNREADABLE && c->serial_text[0])
		snprintf(res->serial, sizeof res->serial, "%s", c->serial_text);
	switch (c->verdict) {
	case LB_VERDICT_UNREADABLE:
		refuse(res, LB_OUT_UNREADABLE, "%s", c->why);
		return LB_OK;
	case LB_VERDICT_FORGED:
		lb_key_id_text(c->payload.key_id, idt);
		refuse(res, LB_OUT_FORGED, "forged or altered: its signature does not match key %s", idt);
		return LB_OK;
	case LB_VERDICT_MISMATCH:
		if (strstr(c->why, "an older key cannot sign it")) {
			refuse(res, LB_OUT_FORGED, "%s", c->why);
			return LB_OK;
		}
		refuse(res, LB_OUT_FORGED,
		       "signed by this office, but its program, period, recipient or last day differ from voucher %s here: not the slip issued for it",
		       res->serial);
		return LB_OK;
	case LB_VERDICT_KEY_REVOKED:
		refuse(res, LB_OUT_REVOKED, "%s", c->why);
		return LB_OK;
	case LB_VERDICT_UNKNOWN_KEY:
		lb_key_id_text(c->payload.key_id, idt);
		refuse(res, LB_OUT_UNKNOWN_KEY, "signed with key %s, which this database does not know: not issued here",
		       idt);
		return LB_OK;
	case LB_VERDICT_UNKNOWN_SERIAL:
		if (r->kit && c->from_qr) {
			/* Genuine (our key's signature), but not on this kit. */
			int period = 2000 * 12 + c->payload.period;
			period_text(period, p1);
			period_text(r->kinfo.period, p2);
			if (period != r->kinfo.period)
				refuse(res, LB_OUT_WRONG_PROGRAM_OR_PERIOD,
				       "it is a slip of %s for %s, and this field kit is for %s", c->payload.program, p1, p2);
			else
				refuse(res, LB_OUT_WRONG_POINT,
				       "it is not among the vouchers of %s on this field kit: it belongs to another point",
				       r->point.code);
			return LB_OK;
		}
		refuse(res, LB_OUT_UNKNOWN_SERIAL, "no voucher in this database has this serial");
		return LB_OK;
	case LB_VERDICT_GENUINE:
		break;
	default:
		return lb_fail(e, LB_ESYS, "bug: unknown verdict %d", c->verdict);
	}
	if (!c->from_qr && !r->o.manual) {
		/* Not a scan that failed but a command given wrong: a usage
		 * error, not written to the attempt log as unreadable. */
		res->usage = 1;
		refuse(res, LB_OUT_UNREADABLE,
		       "a typed serial is accepted only with --manual --reason TEXT: check the slip and the person by eye, then add --manual");
		return LB_OK;
	}
	period_text(v->period, p1);
	if ((r->program_id && v->program_id != r->program_id) || (r->o.has_period && v->period != r->o.period)) {
		period_text(r->o.has_period ? r->o.period : v->period, p2);
		refuse(res, LB_OUT_WRONG_PROGRAM_OR_PERIOD, "it is a slip of %s for %s, not of %s for %s", v->program, p1,
		       r->o.program ? r->o.program : v->program, p2);
		return LB_OK;
	}
	if (v->status == LB_VOUCHER_REISSUED) {
		lb_time_local(&r->zone, v->revoked_at, when);
		refuse(res, LB_OUT_REVOKED, "it was replaced by voucher %s on %s: only the new slip counts",
		       v->replaced_by_text, when);
		return LB_OK;
	}
	if (v->status == LB_VOUCHER_REVOKED) {
		lb_time_local(&r->zone, v->revoked_at, when);
		refuse(res, LB_OUT_REVOKED, "it was revoked on %s (%s)", when, v->revoke_reason);
		return LB_OK;
	}
	if (v->status == LB_VOUCHER_CANCELLED) {
		refuse(res, LB_OUT_REVOKED, "its allocation was cancelled");
		return LB_OK;
	}
	if ((rc = lb_redemption_in_force(r->db, v->allocation_id, &in, &found, e)))
		return rc;
	if (found) {
		res->redemption_id = in.damaged ? 0 : in.id;
		if (in.damaged)
			refuse(res, LB_OUT_ALREADY_REDEEMED,
			       "already redeemed (redemption %lld), but that record is missing: run lumbung verify",
			       (long long)in.id);
		else if (in.kit_id[0])
			refuse(res, LB_OUT_ALREADY_REDEEMED, "already redeemed on %s at %s by %s (field kit %.8s)", in.day,
			       in.point, in.operator, in.kit_id);
		else
			refuse(res, LB_OUT_ALREADY_REDEEMED, "already redeemed on %s at %s by %s", in.day, in.point,
			       in.operator);
		return LB_OK;
	}
	if (day < lb_period_first_day(v->period)) {
		lb_date_format(lb_period_first_day(v->period), d);
		refuse(res, LB_OUT_WRONG_PROGRAM_OR_PERIOD, "it is a slip for %s, not valid before %s", p1, d);
		return LB_OK;
	}
	if (lb_date_parse(v->last_day, "last day", &last, NULL) != LB_OK)
		return lb_fail(e, LB_ESYS, "voucher %s has a damaged last day", res->serial);
	if (day > last) {
		refuse(res, LB_OUT_EXPIRED, "it expired on %s", v->last_day);
		return LB_OK;
	}
	/* Closing a period takes the write lock we hold: what it was at the
	 * first scan of this transaction, it stays until we commit. */
	if (!r->closed_known || r->closed_period != lb_period_of_day(day)) {
		if ((rc = lb_period_is_closed(r->db, lb_period_of_day(day), &r->closed, e)))
			return rc;
		r->closed_period = lb_period_of_day(day);
		r->closed_known = 1;
	}
	closed = r->closed;
	if (closed) {
		period_text(lb_period_of_day(day), p2);
		refuse(res, LB_OUT_PERIOD_CLOSED, "period %s is closed, nothing more can be posted into it", p2);
		return LB_OK;
	}
	if (v->point_id != r->point.id && !r->o.override_reason) {
		refuse(res, LB_OUT_WRONG_POINT,
		       "it belongs to %s (%s), not %s: redeem it there, or give --override-point --reason", v->point,
		       v->point_name, r->point.code);
		return LB_OK;
	}
	res->outcome = LB_OUT_ACCEPTED;
	return LB_OK;
}

/* The point's lots of an item, read once per transaction (before any
 * of its issues in it, so the balance table is current), in the order
 * the journal's FEFO takes them. */
static int stock_of(lb_redeemer *r, int64_t item_id, struct stock_item **out, lb_err *e)
{
	struct stock_item *si;
	lb_stmt *st;
	size_t cap = 0;
	int rc;

	for (size_t i = 0; i < r->nstock; i++)
		if (r->stock[i].item_id == item_id) {
			*out = &r->stock[i];
			return LB_OK;
		}
	if (r->nstock == r->capstock) {
		size_t nc = r->capstock ? r->capstock * 2 : 8;
		struct stock_item *p = realloc(r->stock, nc * sizeof *p);
		if (!p)
			return lb_oom(e);
		r->stock = p;
		r->capstock = nc;
	}
	si = &r->stock[r->nstock];
	memset(si, 0, sizeof *si);
	si->item_id = item_id;
	st = lb_db_prepare(r->db,
		"SELECT b.lot_id, b.qty, l.expiry FROM balance b JOIN lot l ON l.id = b.lot_id"
		" WHERE b.location_id = ?1 AND b.item_id = ?2 AND b.qty > 0"
		" ORDER BY l.expiry IS NULL, l.expiry, l.id", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, r->point.id);
	lb_bind_int(st, 2, item_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		struct stock_lot *l;
		if (si->n == cap) {
			size_t nc = cap ? cap * 2 : 4;
			struct stock_lot *p = realloc(si->lots, nc * sizeof *p);
			if (!p) {
				lb_stmt_reset(st);
				free(si->lots);
				return lb_oom(e);
			}
			si->lots = p;
			cap = nc;
		}
		l = &si->lots[si->n++];
		l->lot_id = lb_col_int(st, 0);
		l->qty = lb_col_int(st, 1);
		l->has_expiry = !lb_col_null(st, 2);
		l->expiry = 0;
		if (l->has_expiry && lb_date_parse(lb_col_text(st, 2), "expiry", &l->expiry, e)) {
			lb_stmt_reset(st);
			free(si->lots);
			return LB_ESYS;
		}
	}
	if (rc != LB_DONE) {
		free(si->lots);
		return rc;
	}
	r->nstock++;
	*out = si;
	return LB_OK;
}

/* Unexpired quantity on day (a lot may be handed out on its expiry day). */
static int64_t stock_avail(const struct stock_item *si, lb_day day)
{
	int64_t n = 0;

	for (size_t i = 0; i < si->n; i++)
		if (!si->lots[i].has_expiry || si->lots[i].expiry >= day)
			n += si->lots[i].qty;
	return n;
}

/* Take qty as the journal's FEFO will. */
static void stock_take(struct stock_item *si, int64_t qty, lb_day day)
{
	for (size_t i = 0; i < si->n && qty > 0; i++) {
		struct stock_lot *l = &si->lots[i];
		int64_t t;
		if (l->has_expiry && l->expiry < day)
			continue;
		t = l->qty < qty ? l->qty : qty;
		l->qty -= t;
		qty -= t;
	}
}

/* A lot of the point, in our view. */
static struct stock_lot *stock_lot(struct stock_item *si, int64_t lot_id)
{
	for (size_t i = 0; i < si->n; i++)
		if (si->lots[i].lot_id == lot_id)
			return &si->lots[i];
	return NULL;
}

/* One movement of a package line, through the journal session; the
 * stock check passed, so a refusal means our view and the journal's
 * disagree: stop the batch rather than post half a package. */
static int issue_one(lb_redeemer *r, int64_t item_id, int64_t lot_id, int64_t qty, lb_day day,
		     struct lb_redeem_result *res, lb_err *e)
{
	struct lb_issue_req q = { 0 };
	struct lb_post_result pr;
	char key[96];
	int rc;

	q.item_id = item_id;
	q.from_id = r->point.id;
	q.qty = qty;
	q.lot_id = lot_id;
	q.redemption_id = res->redemption_id;
	q.day = day;
	q.operator = r->o.operator;
	if (r->claim) {
		/* Idempotent per kit redemption and movement. */
		snprintf(key, sizeof key, "kit:%s:red%lld:%ld", r->claim->kit_id, (long long)r->claim->kit_ref,
			 res->movements);
		q.key = key;
	}
	if ((rc = lb_jnl_issue(r->jnl, &q, &pr, e))) {
		if (rc == LB_ERULE) {
			char msg[LB_ERR_MAX];
			snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
			return lb_fail(e, LB_ESYS, "bug: voucher %s: the stock check passed, but %s", res->serial, msg);
		}
		return rc;
	}
	res->movements += pr.n;
	return LB_OK;
}

/* Issue one line of the package (its stock checked). A field kit's
 * redemption takes the lots the kit handed out when they add up to the
 * line and each is here, unexpired, in full; otherwise, and at the
 * office, the journal's earliest expiry first. */
static int issue_line(lb_redeemer *r, const struct lb_package_line *l, lb_day day, struct lb_redeem_result *res,
		      lb_err *e)
{
	struct stock_item *si;
	int64_t sum = 0;
	int as_kit = 0, rc;

	if ((rc = stock_of(r, l->item_id, &si, e)))
		return rc;
	if (r->claim) {
		int over = 0;
		for (size_t k = 0; k < r->claim->ntakes; k++) {
			const struct lb_redeem_take *t = &r->claim->takes[k];
			if (t->item_id == l->item_id)
				over |= __builtin_add_overflow(sum, t->qty, &sum);
		}
		as_kit = !over && sum == l->qty;
		/* Each lot must hold what the kit took from it, all takes of
		 * it together. */
		for (size_t k = 0; k < r->claim->ntakes && as_kit; k++) {
			const struct lb_redeem_take *t = &r->claim->takes[k];
			struct stock_lot *sl;
			int64_t need = 0;
			if (t->item_id != l->item_id)
				continue;
			for (size_t j = 0; j < r->claim->ntakes; j++)
				if (r->claim->takes[j].item_id == l->item_id && r->claim->takes[j].lot_id == t->lot_id)
					need += r->claim->takes[j].qty;
			sl = stock_lot(si, t->lot_id);
			if (!sl || sl->qty < need || (sl->has_expiry && sl->expiry < day))
				as_kit = 0;
		}
	}
	if (!as_kit) {
		if ((rc = issue_one(r, l->item_id, 0, l->qty, day, res, e)))
			return rc;
		stock_take(si, l->qty, day);
		return LB_OK;
	}
	for (size_t k = 0; k < r->claim->ntakes; k++) {
		const struct lb_redeem_take *t = &r->claim->takes[k];
		if (t->item_id != l->item_id)
			continue;
		if ((rc = issue_one(r, l->item_id, t->lot_id, t->qty, day, res, e)))
			return rc;
		stock_lot(si, t->lot_id)->qty -= t->qty;
	}
	return LB_OK;
}

/* Record the redemption and issue the package: LB_ERULE (res filled,
 * outcome no_stock) when the point lacks something, before anything is
 * written. */
static int hand_over(lb_redeemer *r, const struct lb_scan *s, const struct lb_voucher_check *c, lb_day day,
		     const char *at, struct pkg_cache *pkg, struct lb_redeem_result *res, lb_err *e)
{
	struct lb_redemption_new rn = { 0 };
	char d[11], entered[21];
	int rc;

	/* The whole package must be there, unexpired, first. */
	for (size_t i = 0; i < pkg->pkg.n; i++) {
		const struct lb_package_line *l = &pkg->pkg.line[i];
		struct stock_item *si;
		char q1[48], q2[48];
		int64_t have;

		if ((rc = stock_of(r, l->item_id, &si, e)))
			return rc;
		if ((have = stock_avail(si, day)) < l->qty) {
			lb_qty_format(l->qty, l->unit, q1, sizeof q1);
			lb_qty_format(have, l->unit, q2, sizeof q2);
			refuse(res, LB_OUT_NO_STOCK,
			       "not enough stock: cannot issue %s of '%s' from '%s': only %s there (unexpired)", q1, l->item,
			       r->point.code, q2);
			return LB_ERULE;
		}
	}
	lb_date_format(day, d);
	rn.voucher_id = c->v.id;
	rn.allocation_id = c->v.allocation_id;
	rn.point_id = r->point.id;
	rn.day = d;
	rn.at = at;
	rn.operator = r->o.operator;
	rn.proxy = r->o.proxy;
	rn.manual = !c->from_qr;
	rn.override_reason = c->v.point_id != r->point.id ? r->o.override_reason : NULL;
	rn.source = !c->from_qr ? "manual" : r->o.source;
	rn.manual_reason = !c->from_qr ? r->o.manual_reason : NULL;
	if (s->has_time && !r->claim) {
		/* The scanner's time is the handover's; the entry's is now. */
		lb_now_utc(entered);
		rn.entered_at = entered;
		rn.zone_offset_min = r->zone.offset_min;
	}
	if (r->claim) {
		rn.source = "kit";
		rn.kit_id = r->claim->kit_id;
		rn.kit_ref = r->claim->kit_ref;
		rn.manual = r->claim->manual;
	}
	if ((rc = lb_redemption_insert(r->db, &rn, &res->redemption_id, e))) {
		/* The redeemed table's key: another redemption slipped in. It
		 * cannot under our write lock; say so if it ever does. */
		if (rc == LB_ERULE) {
			char msg[LB_ERR_MAX];
			snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
			return lb_fail(e, LB_ESYS, "voucher %s: %s", res->serial, msg);
		}
		return rc;
	}
	for (size_t i = 0; i < pkg->pkg.n; i++) {
		const struct lb_package_line *l = &pkg->pkg.line[i];
		char qty[48];

		if ((rc = issue_line(r, l, day, res, e)))
			return rc;
		if (i < sizeof res->items / sizeof res->items[0]) {
			struct lb_redeem_item *it = &res->items[res->nitems++];
			snprintf(it->item, sizeof it->item, "%s", l->item);
			it->qty = l->qty;
			lb_qty_format(l->qty, l->unit, qty, sizeof qty);
			snprintf(it->text, sizeof it->text, "%s %s", qty, l->item);
		}
	}
	return LB_OK;
}

static void who(lb_redeemer *r, const struct lb_voucher_check *c, struct lb_redeem_result *res, lb_err *e)
{
	snprintf(res->name, sizeof res->name, "%s", c->v.recipient_name);
	snprintf(res->nik_masked, sizeof res->nik_masked, "%s", c->v.nik_masked);
	if (r->kit)
		kit_nik(r, c->v.recipient_id, res->nik_masked, e); /* display only: a failure keeps the placeholder's mask */
	snprintf(res->proxy, sizeof res->proxy, "%s", r->o.proxy ? r->o.proxy : "");
	snprintf(res->program, sizeof res->program, "%s", c->v.program);
	lb_period_format(c->v.period, res->period);
}

/* Did an earlier run of the file summarise lines not scans for why? */
static int earlier_junk(lb_redeemer *r, const char *file, const char *why, int *seen, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(r->db,
		"SELECT 1 FROM redemption_attempt WHERE file = ?1 AND line IS NOT NULL AND point_id = ?2"
		" AND outcome = 'unreadable' AND payload GLOB '(* line*)' AND instr(detail, ?3) > 0 LIMIT 1", e);
	char key[200];
	int rc;

	*seen = 0;
	if (!st)
		return LB_ESYS;
	snprintf(key, sizeof key, ": %s (the first", why);
	lb_bind_text(st, 1, file);
	lb_bind_int(st, 2, r->point.id);
	lb_bind_text(st, 3, key);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*seen = 1;
		lb_stmt_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* Count a line that is not a scan; 0 when the table of reasons is full
 * (the line is then logged on its own). */
static int junk_add(lb_redeemer *r, const char *file, const char *why, int64_t line, const char *day,
		    const char *at)
{
	struct junk *j = NULL;

	for (size_t i = 0; i < r->njunk && !j; i++)
		if (strcmp(r->junk[i].file, file) == 0 && strncmp(r->junk[i].why, why, sizeof r->junk[i].why - 1) == 0)
			j = &r->junk[i];
	if (!j) {
		if (r->njunk == sizeof r->junk / sizeof r->junk[0])
			return 0;
		j = &r->junk[r->njunk++];
		memset(j, 0, sizeof *j);
		snprintf(j->file, sizeof j->file, "%s", file);
		snprintf(j->why, sizeof j->why, "%s", why);
		j->first_line = line;
		snprintf(j->first_day, sizeof j->first_day, "%s", day);
		snprintf(j->first_at, sizeof j->first_at, "%s", at);
	}
	j->n++;
	return 1;
}

static int junk_flush(lb_redeemer *r, lb_err *e)
{
	for (size_t i = 0; i < r->njunk; i++) {
		struct junk *j = &r->junk[i];
		struct lb_attempt_new a = { 0 };
		char payload[64], detail[LB_ERR_MAX];
		int rc;

		snprintf(payload, sizeof payload, "(%ld lines)", j->n);
		snprintf(detail, sizeof detail, "%ld line%s of '%s' %s not a scan: %s (the first: line %lld)", j->n,
			 j->n == 1 ? "" : "s", j->file, j->n == 1 ? "is" : "are", j->why, (long long)j->first_line);
		a.at = j->first_at;
		a.day = j->first_day;
		a.point_id = r->point.id;
		a.operator = r->o.operator;
		a.payload = payload;
		a.outcome = LB_OUT_UNREADABLE;
		a.detail = detail;
		a.source = r->o.source;
		a.file = j->file;
		a.line = j->first_line;
		if ((rc = lb_attempt_insert(r->db, &a, NULL, e)))
			return rc;
	}
	r->njunk = 0;
	return LB_OK;
}

/* Judge and post one verified scan inside the open transaction. */
static int process(lb_redeemer *r, const struct lb_scan *s, struct lb_voucher_check *c, int fresh,
		   struct lb_redeem_result *res, lb_err *e)
{
	char payload[LB_PAYLOAD_LOG_MAX + 1], now[21], d[11], when[LB_SCAN_WHEN_SIZE];
	const char *at, *file = base_name(s->file ? s->file : r->o.file);
	struct lb_attempt_new a = { 0 };
	struct pkg_cache *pkg = NULL;
	int before = -1, found = 0, rc;
	int64_t before_red = 0;
	lb_day day = s->has_time ? s->day : lb_today();

	memset(res, 0, sizeof *res);
	lb_now_utc(now);
	at = now;
	if (s->has_time && s->when) {
		snprintf(when, sizeof when, "%s", s->when);
		at = when;
	}
	lb_date_format(day, d);
	lb_redeem_payload_log(s->text, s->len, payload);
	if ((rc = exec_cached(r->db, "SAVEPOINT lb_scan", e)))
		return rc;
	if (s->line && file && !r->fresh_file &&
	    (rc = earlier_run(r, file, (int64_t)s->line, payload, s->has_time ? at : NULL, &before, &before_red,
			      &found, e)))
		goto fail;
	if (found && before == LB_OUT_ACCEPTED) {
		/* This very line handed its package over in an earlier run:
		 * report it, write nothing (running a file again changes
		 * nothing). Also when it was undone since: the undo was
		 * deliberate and a rerun must not reverse it. */
		res->outcome = LB_OUT_ACCEPTED;
		res->rerun = 1;
		res->redemption_id = before_red;
		if (c->serial_text[0])
			snprintf(res->serial, sizeof res->serial, "%s", c->serial_text);
		snprintf(res->detail, sizeof res->detail, "line %zu was recorded by an earlier run of '%s' (redemption %lld)",
			 s->line, file, (long long)before_red);
		if (c->verdict == LB_VERDICT_GENUINE)
			who(r, c, res, e);
		goto release;
	}
	if (s->bad) {
		refuse(res, LB_OUT_UNREADABLE, "%s", s->bad);
	} else if (s->has_time && day > lb_today()) {
		refuse(res, LB_OUT_UNREADABLE, "its timestamp %s is after today", s->when);
	} else if (s->has_time && day < lb_today() - LB_SCAN_LATE_DAYS) {
		/* A scanner's clock (or a file edited by hand) must not backdate
		 * a handover past what anyone could check. */
		char td[11];
		lb_date_format(lb_today(), td);
		refuse(res, LB_OUT_UNREADABLE,
		       "its timestamp %s is %ld days before it was entered, on %s: a scan entered more than %d days late is refused",
		       s->when, (long)(lb_today() - day), td, LB_SCAN_LATE_DAYS);
	} else {
		if (!fresh && c->verdict == LB_VERDICT_GENUINE && (rc = refresh_status(r, c, day, e)))
			goto fail;
		if ((rc = judge(r, s, c, day, res, e)))
			goto fail;
	}
	if (res->outcome == LB_OUT_ACCEPTED) {
		if ((rc = package_of(r, c->v.program_id, c->v.period, &pkg, e)))
			goto fail;
		if (!pkg->found) {
			char p[8];
			lb_period_format(c->v.period, p);
			refuse(res, LB_OUT_NO_STOCK, "program %s has no package for %s (lumbung program package)",
			       c->v.program, p);
		} else if ((rc = hand_over(r, s, c, day, at, pkg, res, e))) {
			if (rc != LB_ERULE)
				goto fail;
			/* Not enough stock: nothing was written; the refusal
			 * is logged below. */
			res->redemption_id = 0;
			res->nitems = 0;
		}
	}
	if (res->usage)
		goto release;
	/* A line of a scanner file that is no scan at all: summarised, once
	 * per file and reason (a rerun of the file finds its summary and
	 * writes nothing, like a line refused the same way before). */
	if (res->outcome == LB_OUT_UNREADABLE && s->line && file && !found &&
	    (s->bad || c->verdict == LB_VERDICT_UNREADABLE)) {
		const char *why = s->bad ? s->bad : "neither a voucher QR text nor a serial";
		int seen = 0;
		if (!r->fresh_file && (rc = earlier_junk(r, file, why, &seen, e)))
			goto fail;
		if (seen) {
			res->rerun = 2;
			goto release;
		}
		if (junk_add(r, file, why, (int64_t)s->line, d, at))
			goto release;
	}
	if (res->outcome != LB_OUT_ACCEPTED && found && before == res->outcome) {
		/* Refused again for the reason it was refused last time. */
		res->rerun = 2;
		goto release;
	}
	if (res->outcome == LB_OUT_ACCEPTED) {
		who(r, c, res, e);
		res->manual = !c->from_qr;
		/* The attempt's time is the scan's; the entry's stays here. */
		if (s->has_time)
			snprintf(res->detail, sizeof res->detail, "redeemed voucher '%s' for %s (scanned %s, entered %s)",
				 res->serial, res->name, s->when, now);
		else
			snprintf(res->detail, sizeof res->detail, "redeemed voucher '%s' for %s", res->serial, res->name);
	}
	a.at = at;
	a.day = d;
	a.point_id = r->point.id;
	a.operator = r->o.operator;
	a.serial = res->serial;
	if (c->verdict == LB_VERDICT_GENUINE || c->verdict == LB_VERDICT_MISMATCH) {
		a.voucher_id = c->v.id;
		a.allocation_id = c->v.allocation_id;
	}
	a.redemption_id = res->redemption_id;
	a.payload = payload;
	a.outcome = res->outcome;
	a.detail = res->detail;
	a.source = c->verdict == LB_VERDICT_GENUINE && !c->from_qr ? "manual" : r->o.source;
	a.file = file;
	a.line = (int64_t)s->line;
	if ((rc = lb_attempt_insert(r->db, &a, &res->attempt_id, e)))
		goto fail;
release:
	return exec_cached(r->db, "RELEASE lb_scan", e);
fail:
	return rc;
}

static void count(lb_redeemer *r, const struct lb_redeem_result *res)
{
	r->sum.scans++;
	r->unc_scans++;
	if (res->rerun == 1) {
		r->sum.rerun_done++;
		return;
	}
	r->sum.outcome[res->outcome]++;
	if (res->outcome == LB_OUT_ACCEPTED) {
		r->sum.accepted++;
	} else {
		r->sum.refused++;
		r->sum.usage += res->usage;
		if (res->rerun == 2)
			r->sum.rerun_refused++;
	}
}

static int after_failure(lb_redeemer *r, int rc)
{
	/* Everything since the last commit is gone: take it out of the
	 * counts, which then say what the database holds. */
	for (int i = 0; i < LB_OUT_COUNT; i++)
		r->sum.outcome[i] -= r->uncommitted[i];
	rollback(r);
	return rc;
}

static void note_uncommitted(lb_redeemer *r, const struct lb_redeem_result *res)
{
	if (res->rerun != 1)
		r->uncommitted[res->outcome]++;
}

int lb_redeem_scan(lb_redeemer *r, const struct lb_scan *s, struct lb_redeem_result *res, lb_err *e)
{
	return lb_redeem_scan_ahead(r, s, NULL, res, e);
}

int lb_redeem_scan_ahead(lb_redeemer *r, const struct lb_scan *s, const struct lb_sig_ahead *sig,
			 struct lb_redeem_result *res, lb_err *e)
{
	struct lb_voucher_check c;
	lb_day day = s->has_time ? s->day : lb_today();
	int rc;

	if ((rc = begin(r, e)))
		return rc;
	memset(&c, 0, sizeof c);
	if (!s->bad && (rc = lb_voucher_verify_ahead(r->db, s->text, s->len, day, sig, &c, e)))
		return after_failure(r, rc);
	if ((rc = process(r, s, &c, 1, res, e)))
		return after_failure(r, rc);
	count(r, res);
	note_uncommitted(r, res);
	r->pending++;
	if ((rc = maybe_commit(r, e)))
		return after_failure(r, rc);
	return LB_OK;
}

/* Has this file (by name) been run here before? When not, no line of
 * this run can be a rerun and the per-line lookup is skipped. */
static int file_seen(lb_redeemer *r, lb_err *e)
{
	const char *file = base_name(r->o.file);
	lb_stmt *st;
	int rc;

	r->fresh_file = 0;
	if (!file || !*file)
		return LB_OK;
	st = lb_db_prepare(r->db,
		"SELECT 1 FROM redemption_attempt WHERE file = ?1 AND line IS NOT NULL LIMIT 1", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, file);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		lb_stmt_reset(st);
		return LB_OK;
	}
	if (rc != LB_DONE)
		return rc;
	r->fresh_file = 1;
	return LB_OK;
}

/* ---- runs: verification ahead on other threads ---- */

/* Slots in flight, and the threads that verify them. Two: on this 2-core
 * office machine the signature checks then share both cores with the
 * posting thread instead of leaving it waiting. */
#define RING 512
#define VERIFIERS 2

enum { SLOT_FREE, SLOT_TAKEN, SLOT_READY };

struct slot {
	int state;
	long tx;       /* the transaction holding the lock when verification began, or 0 */
	struct lb_scan s;
	char when[LB_SCAN_WHEN_SIZE];
	struct lb_voucher_check c;
	int rc;
	lb_err e;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t can_fill, can_take;
	struct slot *ring;
	size_t head;   /* the next slot to judge */
	size_t tail;   /* the next slot to fill: head <= tail <= head + RING */
	int eof, stop, next_rc;
	lb_scan_next_fn next;
	void *arg;
	lb_redeemer *r;
};

struct verifier_arg {
	struct pipe *p;
	lb_db *db;     /* this thread's own connection */
};

static void *verifier(void *arg)
{
	struct verifier_arg *va = arg;
	struct pipe *p = va->p;

	for (;;) {
		struct slot *sl;
		struct lb_scan s;
		int got;

		/* Take the next scan and its slot under the lock, so that slots
		 * are filled in input order whichever thread gets there. */
		pthread_mutex_lock(&p->mu);
		while (p->tail - p->head == RING && !p->stop && !p->eof)
			pthread_cond_wait(&p->can_fill, &p->mu);
		if (p->stop || p->eof) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		memset(&s, 0, sizeof s);
		got = p->next(p->arg, &s);
		if (got <= 0) {
			p->eof = 1;
			p->next_rc = got;
			pthread_cond_broadcast(&p->can_take);
			pthread_cond_broadcast(&p->can_fill);
			pthread_mutex_unlock(&p->mu);
			break;
		}
		sl = &p->ring[p->tail % RING];
		p->tail++;
		sl->state = SLOT_TAKEN;
		sl->s = s;
		if (s.when) {
			/* next() may reuse its buffer on the next call. */
			snprintf(sl->when, sizeof sl->when, "%s", s.when);
			sl->s.when = sl->when;
		}
		pthread_mutex_unlock(&p->mu);

		memset(&sl->c, 0, sizeof sl->c);
		lb_err_clear(&sl->e);
		sl->rc = LB_OK;
		sl->tx = atomic_load(&p->r->locked_tx);
		if (!s.bad)
			sl->rc = lb_voucher_verify(va->db, s.text, s.len, s.has_time ? s.day : lb_today(), &sl->c,
						   &sl->e);

		pthread_mutex_lock(&p->mu);
		sl->state = SLOT_READY;
		pthread_cond_broadcast(&p->can_take);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

int lb_redeem_run(lb_redeemer *r, lb_scan_next_fn next, void *next_arg, lb_scan_done_fn done, void *done_arg,
		  lb_err *e)
{
	struct pipe p;
	struct verifier_arg va[VERIFIERS];
	struct lb_redeem_result res;
	pthread_t th[VERIFIERS];
	int rc = LB_OK, started = 0, ready = 0;

	memset(&p, 0, sizeof p);
	memset(va, 0, sizeof va);
	p.next = next;
	p.arg = next_arg;
	p.r = r;
	if ((rc = file_seen(r, e)))
		return rc;
	/* Each verifier has its own connection: an SQLite connection is used
	 * by one thread at a time, and in WAL mode reads never wait for our
	 * writes. */
	for (int i = 0; i < VERIFIERS; i++) {
		va[i].p = &p;
		if ((rc = lb_db_open(lb_db_path(r->db), LB_DB_EXISTING, &va[i].db, e)))
			goto done;
	}
	if (!(p.ring = calloc(RING, sizeof *p.ring))) {
		rc = lb_oom(e);
		goto done;
	}
	if (pthread_mutex_init(&p.mu, NULL) != 0 || pthread_cond_init(&p.can_fill, NULL) != 0 ||
	    pthread_cond_init(&p.can_take, NULL) != 0) {
		rc = lb_fail(e, LB_ESYS, "cannot start the verifying threads");
		goto done;
	}
	ready = 1;
	for (; started < VERIFIERS; started++) {
		if (pthread_create(&th[started], NULL, verifier, &va[started]) != 0) {
			rc = lb_fail(e, LB_ESYS, "cannot start the verifying threads");
			goto done;
		}
	}
	for (;;) {
		struct slot *sl;

		pthread_mutex_lock(&p.mu);
		while (!(p.tail > p.head && p.ring[p.head % RING].state == SLOT_READY) && !(p.eof && p.tail == p.head))
			pthread_cond_wait(&p.can_take, &p.mu);
		if (p.tail == p.head) {
			pthread_mutex_unlock(&p.mu);
			if (p.next_rc < 0)
				rc = lb_fail(e, LB_ESYS, "cannot read the scans");
			break;
		}
		sl = &p.ring[p.head % RING];
		pthread_mutex_unlock(&p.mu);

		if (sl->rc) {
			if (e)
				*e = sl->e;
			rc = after_failure(r, sl->rc);
			break;
		}
		if ((rc = begin(r, e)))
			break;
		/* Verified under this transaction's lock: nothing it read can
		 * have changed since. Otherwise process reads it again. */
		if ((rc = process(r, &sl->s, &sl->c, sl->tx != 0 && sl->tx == r->tx_count, &res, e))) {
			after_failure(r, rc);
			break;
		}
		count(r, &res);
		note_uncommitted(r, &res);
		r->pending++;
		if ((rc = done(done_arg, &sl->s, &res, e)))
			break;
		if ((rc = maybe_commit(r, e))) {
			after_failure(r, rc);
			break;
		}
		pthread_mutex_lock(&p.mu);
		sl->state = SLOT_FREE;
		p.head++;
		pthread_cond_broadcast(&p.can_fill);
		pthread_mutex_unlock(&p.mu);
	}
	if (rc == LB_OK)
		rc = lb_redeemer_commit(r, e);
done:
	if (ready) {
		pthread_mutex_lock(&p.mu);
		p.stop = 1;
		pthread_cond_broadcast(&p.can_fill);
		pthread_mutex_unlock(&p.mu);
		for (int i = 0; i < started; i++)
			pthread_join(th[i], NULL);
		pthread_mutex_destroy(&p.mu);
		pthread_cond_destroy(&p.can_fill);
		pthread_cond_destroy(&p.can_take);
	}
	free(p.ring);
	for (int i = 0; i < VERIFIERS; i++)
		lb_db_close(va[i].db);
	return rc;
}

/* ---- field kit import ---- */

/* Was the voucher exported in this kit? */
static int in_kit(lb_redeemer *r, const char *kit_id, int64_t voucher_id, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(r->db, "SELECT 1 FROM field_kit_voucher WHERE kit_id = ?1 AND voucher_id = ?2", e);
	int rc;

	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, kit_id);
	lb_bind_int(st, 2, voucher_id);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		*found = 1;
		lb_stmt_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_redeem_kit_claim(lb_redeemer *r, const struct lb_kit_claim *k, struct lb_redeem_result *res, lb_err *e)
{
	struct lb_voucher_check c;
	struct pkg_cache *pkg = NULL;
	struct lb_scan s = { 0 };
	char d1[11], d2[11];
	int found, rc;

	memset(res, 0, sizeof *res);
	if (!r->o.caller_tx)
		return lb_fail(e, LB_ESYS, "bug: a field kit's redemption is judged inside the import's transaction");
	if ((rc = begin(r, e)))
		return rc;
	/* The kit's operator, proxy and override for this one judgement. */
	r->o.operator = k->operator;
	r->o.proxy = k->proxy;
	r->o.manual = k->manual;
	r->o.manual_reason = k->manual_reason;
	r->o.override_reason = k->override_reason;
	s.text = k->payload;
	s.len = k->len;
	s.has_time = 1;
	s.day = k->day;
	s.when = k->at;
	memset(&c, 0, sizeof c);
	if ((rc = lb_voucher_verify_ahead(r->db, k->payload, k->len, k->day, k->sig, &c, e)))
		return rc;
	if ((rc = judge(r, &s, &c, k->day, res, e)))
		return rc;
	if (res->outcome != LB_OUT_ACCEPTED)
		return LB_OK;
	if (c.v.id != k->voucher_id || c.v.allocation_id != k->allocation_id) {
		refuse(res, LB_OUT_FORGED, "the field kit's redemption names another voucher than the slip it scanned");
		return LB_OK;
	}
	if ((rc = in_kit(r, k->kit_id, c.v.id, &found, e)))
		return rc;
	if (!found) {
		refuse(res, LB_OUT_WRONG_POINT, "it was not among the vouchers exported in field kit %.8s", k->kit_id);
		return LB_OK;
	}
	if (k->day < k->exported) {
		lb_date_format(k->day, d1);
		lb_date_format(k->exported, d2);
		refuse(res, LB_OUT_WRONG_PROGRAM_OR_PERIOD, "dated %s, before field kit %.8s was exported on %s", d1,
		       k->kit_id, d2);
		return LB_OK;
	}
	if (k->day > lb_today()) {
		lb_date_format(k->day, d1);
		refuse(res, LB_OUT_UNREADABLE, "dated %s, after today", d1);
		return LB_OK;
	}
	if ((rc = package_of(r, c.v.program_id, c.v.period, &pkg, e)))
		return rc;
	if (!pkg->found) {
		char p[8];
		lb_period_format(c.v.period, p);
		refuse(res, LB_OUT_NO_STOCK, "program %s has no package for %s (lumbung program package)", c.v.program, p);
		return LB_OK;
	}
	r->claim = k;
	rc = hand_over(r, &s, &c, k->day, k->at, pkg, res, e);
	r->claim = NULL;
	if (rc)
		return rc;
	who(r, &c, res, e);
	res->manual = k->manual;
	snprintf(res->detail, sizeof res->detail, "redeemed voucher '%s' for %s", res->serial, res->name);
	return LB_OK;
}

/* ---- genuine payloads, for scanner files ---- */

int lb_redeem_payloads(lb_db *db, const char *program, int period, const char *point,
		       const struct lb_signing_key *k,
		       int (*fn)(void *arg, const struct lb_voucher *v, const char *text, lb_err *e),
		       void *arg, lb_err *e)
{
	struct lb_voucher_program prog;
	struct lb_voucher *v;
	struct lb_voucher_payload p;
	char per[8], text[LB_PAYLOAD_TEXT_MAX];
	lb_stmt *st;
	int found, rc;

	if ((rc = lb_voucher_program(db, program, &prog, e)))
		return rc;
	if ((rc = lb_signing_key_usable(db, k, "the key file", e)))
		return rc;
	/* The round's vouchers are issued by the first command that needs
	 * them (print, list, this), as in voucher/voucher.h. */
	if ((rc = lb_voucher_create_missing(db, prog.id, period, NULL, e)))
		return rc;
	lb_period_format(period, per);
	st = lb_db_prepare_once(db,
		"SELECT v.serial FROM voucher v JOIN allocation a ON a.id = v.allocation_id"
		" JOIN location l ON l.id = a.point_id"
		" WHERE a.program_id = ?1 AND a.period = ?2 AND (?3 IS NULL OR l.code = ?3) ORDER BY v.id", e);
	if (!st)
		return LB_ESYS;
	if (!(v = malloc(sizeof *v))) {
		lb_stmt_free(st);
		return lb_oom(e);
	}
	lb_bind_int(st, 1, prog.id);
	lb_bind_text(st, 2, per);
	lb_bind_text(st, 3, point);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = lb_voucher_by_serial(db, (uint64_t)lb_col_int(st, 0), lb_today(), v, &found, e)))
			break;
		if (!found) {
			rc = lb_fail(e, LB_ESYS, "a voucher disappeared while its payload was made");
			break;
		}
		if ((rc = lb_voucher_payload(v, k->id, &p, e)) ||
		    (rc = lb_payload_encode(&p, k->sk, text, sizeof text, e)) || (rc = fn(arg, v, text, e)))
			break;
	}
	lb_stmt_free(st);
	free(v);
	return rc == LB_DONE ? LB_OK : rc;
}
