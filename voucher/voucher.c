/*
 * voucher.c — vouchers, their serials and status, revoke and reissue, and
 * the signing_key rows. See voucher.h.
 */
#include "voucher/voucher.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/meta.h"
#include "program/program.h"
#include "recipients/nik.h"
#include "voucher/keys.h"

/* The serial bijection: multiply by an odd constant modulo 2^40 (a
 * permutation of 40-bit numbers, since an odd K has an inverse mod 2^40),
 * then xor a constant so that id 0 does not map to serial 0. K's digits
 * come from the golden ratio, C's from nowhere in particular. */
#define SERIAL_MASK ((UINT64_C(1) << 40) - 1)
#define SERIAL_K UINT64_C(0x9E3779B97F)
#define SERIAL_C UINT64_C(0x5A3C96E1D2)
/* The same in SQL, which has 64-bit signed integers (an overflow turns
 * into a float) and no xor: K = KH * 2^20 + KL keeps every product below
 * 2^61, and a xor c = (a | c) - (a & c). Tests compare it with the C. */
#define SERIAL_SQL_M(n) \
	"((" n " * 637311 + ((" n " * 648055) & 1048575) * 1048576) & 1099511627775)"
#define SERIAL_SQL(n) \
	"((" SERIAL_SQL_M(n) " | 387563577810) - (" SERIAL_SQL_M(n) " & 387563577810))"

uint64_t lb_voucher_serial_of_id(int64_t id)
{
	return (((uint64_t)id * SERIAL_K) & SERIAL_MASK) ^ SERIAL_C;
}

int64_t lb_voucher_id_of_serial(uint64_t serial)
{
	/* Newton's iteration doubles the correct low bits of an inverse
	 * each step: 3 bits from x = K, then 6, 12, 24, 48. */
	uint64_t inv = SERIAL_K;
	int i;

	for (i = 0; i < 5; i++)
		inv *= 2 - SERIAL_K * inv;
	return (int64_t)(((serial ^ SERIAL_C) * inv) & SERIAL_MASK);
}

const char *lb_voucher_status_name(int status)
{
	switch (status) {
	case LB_VOUCHER_VALID: return "valid";
	case LB_VOUCHER_EXPIRED: return "expired";
	case LB_VOUCHER_CANCELLED: return "cancelled";
	case LB_VOUCHER_REVOKED: return "revoked";
	case LB_VOUCHER_REISSUED: return "reissued";
	}
	return "unknown";
}

void lb_voucher_program_tag(const char *code, char out[LB_PAYLOAD_PROGRAM_MAX + 1])
{
	size_t n = strlen(code), i;

	if (n <= LB_PAYLOAD_PROGRAM_MAX) {
		memcpy(out, code, n + 1);
	} else {
		memcpy(out, code, 4);
		memcpy(out + 4, code + n - 4, 5);
	}
	for (i = 0; out[i]; i++)
		if ((unsigned char)out[i] < 0x21 || (unsigned char)out[i] > 0x7e)
			out[i] = '_';
	if (!out[0])
		strcpy(out, "_");
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int parse_period_col(const char *s, int *out, lb_err *e)
{
	if (lb_period_parse(s, "stored period", out, e))
		return lb_fail(e, LB_ESYS, "the database holds a malformed period '%s'", s);
	return LB_OK;
}

int lb_voucher_program(lb_db *db, const char *code, struct lb_voucher_program *out, lb_err *e)
{
	struct lb_program p;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_program_find(db, code, &p, e)))
		return rc;
	out->id = p.id;
	copy(out->code, sizeof out->code, p.code);
	copy(out->name, sizeof out->name, p.name);
	out->round_months = p.round_months;
	out->first_period = p.first_period;
	out->last_period = p.last_period;
	if (out->round_months < 1)
		out->round_months = 1;
	return rc;
}

lb_day lb_voucher_last_day(const struct lb_voucher_program *p, int period)
{
	return lb_period_last_day(period + p->round_months - 1);
}

int lb_voucher_check_round(lb_db *db, const struct lb_voucher_program *p, int period,
			   long *count, lb_err *e)
{
	char ps[8], first[8], last[8];
	lb_stmt *st;
	int64_t n;
	int rc;

	lb_period_format(period, ps);
	lb_period_format(p->first_period, first);
	lb_period_format(p->last_period, last);
	if (period < p->first_period || period > p->last_period)
		return lb_fail(e, LB_EINPUT, "program '%s' has no round in %s: its rounds run from %s to %s",
			       p->code, ps, first, last);
	if ((period - p->first_period) % p->round_months)
		return lb_fail(e, LB_EINPUT,
			       "program '%s' has no round starting in %s: its rounds of %d months start in %s and every %d months after",
			       p->code, ps, p->round_months, first, p->round_months);
	st = lb_db_prepare(db, "SELECT count(*) FROM allocation WHERE program_id = ?1 AND period = ?2", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, p->id);
	lb_bind_text(st, 2, ps);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot count allocations") : rc;
	n = lb_col_int(st, 0);
	lb_stmt_reset(st);
	if (n == 0)
		return lb_fail(e, LB_ERULE,
			       "program '%s' has no allocations for %s yet: run 'lumbung allocate --program %s --period %s' first",
			       p->code, ps, p->code, ps);
	if (count)
		*count = (long)n;
	return LB_OK;
}

/* Insert voucher id for allocation aid under a serial drawn at random
 * (libsodium) over the 40-bit space, drawn again while it is taken;
 * *serial is the one given. The key is the one signing now. */
static int insert_voucher(lb_db *db, int64_t id, int64_t aid, const char *last, int64_t replaces, const char *now,
			  uint64_t *serial, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"INSERT OR IGNORE INTO voucher(id, allocation_id, serial, last_day, replaces_id, created_at, key_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT key_id FROM signing_key WHERE retired_at IS NULL))", e);
	int rc;

	if (!st)
		return LB_ESYS;
	if (lb_crypto_init(e))
		return LB_ESYS;
	for (int tries = 0; tries < 64; tries++) {
		unsigned char b[5];
		randombytes_buf(b, sizeof b);
		*serial = (uint64_t)b[0] << 32 | (uint64_t)b[1] << 24 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 8 | b[4];
		lb_bind_int(st, 1, id);
		lb_bind_int(st, 2, aid);
		lb_bind_int(st, 3, (int64_t)*serial);
		lb_bind_text(st, 4, last);
		if (replaces)
			lb_bind_int(st, 5, replaces);
		else
			lb_bind_text(st, 5, NULL);
		lb_bind_text(st, 6, now);
		if ((rc = lb_step_done(st, e)))
			return rc;
		if (lb_db_changes(db) == 1)
			return LB_OK;
		/* The serial is taken (OR IGNORE skipped the row): draw again. */
	}
	return lb_fail(e, LB_ESYS, "cannot find a free serial for voucher %lld", (long long)id);
}

int lb_voucher_create_missing(lb_db *db, int64_t program_id, int period, long *created,
			      lb_err *e)
{
	/* An allocation with any voucher, revoked or not, is skipped: making
	 * a new one for a revoked slip would silently undo the revocation.
	 * Serials are drawn at random, one voucher at a time, so that no two
	 * databases share a sequence and a guessed serial rarely hits a slip;
	 * vouchers made before keep the serials the old scheme gave them. */
	static const char sql[] =
		"SELECT a.id FROM allocation a"
		" WHERE a.program_id = ?1 AND a.period = ?2 AND a.status = 'allocated'"
		"  AND NOT EXISTS (SELECT 1 FROM voucher v WHERE v.allocation_id = a.id)"
		" ORDER BY a.id";
	struct lb_voucher_program p = { 0 };
	char ps[8], last[11], now[21];
	int own = !lb_db_in_tx(db), rc;
	int64_t *aids = NULL, next;
	size_t n = 0, cap = 0;
	lb_stmt *st;

	if (created)
		*created = 0;
	st = lb_db_prepare(db, "SELECT round_months FROM program WHERE id = ?1", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, program_id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return lb_fail(e, LB_EINPUT, "no program has id %lld", (long long)program_id);
	if (rc != LB_ROW)
		return rc;
	p.round_months = (int)lb_col_int(st, 0);
	lb_stmt_reset(st);
	if (p.round_months < 1)
		p.round_months = 1;
	lb_period_format(period, ps);
	lb_date_format(lb_voucher_last_day(&p, period), last);
	lb_now_utc(now);
	if (own && (rc = lb_db_begin(db, e)))
		return rc;
	if (!(st = lb_db_prepare(db, sql, e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, program_id);
	lb_bind_text(st, 2, ps);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			int64_t *q = realloc(aids, nc * sizeof *q);
			if (!q) {
				lb_stmt_reset(st);
				rc = lb_oom(e);
				goto fail;
			}
			aids = q;
			cap = nc;
		}
		aids[n++] = lb_col_int(st, 0);
	}
	if (rc != LB_DONE)
		goto fail;
	if ((rc = lb_db_int(db, "SELECT coalesce(max(id), 0) + 1 FROM voucher", 1, &next, e)))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		uint64_t serial;
		if ((rc = insert_voucher(db, next + (int64_t)i, aids[i], last, 0, now, &serial, e))) {
			lb_err_prefix(e, "cannot create the vouchers of %s", ps);
			goto fail;
		}
	}
	if (created)
		*created = (long)n;
	free(aids);
	if (own && (rc = lb_db_commit(db, e)))
		return rc;
	return LB_OK;
fail:
	free(aids);
	if (own)
		lb_db_rollback(db);
	return rc;
}

#define VOUCHER_SELECT \
	"SELECT v.id, v.serial, v.last_day, v.created_at, coalesce(v.replaces_id, 0)," \
	" a.id, a.status, a.program_id, p.code, p.name, a.period, a.recipient_id," \
	" r.name, r.token, r.nik, coalesce(r.proxy_name, ''), r.village," \
	" coalesce(rv.name, ''), coalesce(rd.name, ''), a.point_id, l.code, l.name," \
	" coalesce(x.revoked_at, ''), coalesce(x.operator, ''), coalesce(x.reason, '')," \
	" coalesce(nv.id, 0), coalesce(nv.serial, 0)," \
	" coalesce(v.key_id, -1), coalesce(ke.at, ''), coalesce(ke.reason, '')," \
	" coalesce((SELECT o.serial FROM voucher o WHERE o.id = v.replaces_id), 0)" \
	" FROM voucher v" \
	" JOIN allocation a ON a.id = v.allocation_id" \
	" JOIN program p ON p.id = a.program_id" \
	" JOIN recipient r ON r.id = a.recipient_id" \
	" JOIN location l ON l.id = a.point_id" \
	" LEFT JOIN region_village rv ON rv.code = r.village" \
	" LEFT JOIN region_district rd ON rd.code = rv.district_code" \
	" LEFT JOIN voucher_revocation x ON x.voucher_id = v.id" \
	" LEFT JOIN voucher nv ON nv.replaces_id = v.id" \
	" LEFT JOIN signing_key_event ke ON ke.key_id = v.key_id AND ke.kind = 'revoked'"

static int read_voucher(lb_stmt *st, lb_day today, struct lb_voucher *v, lb_err *e)
{
	lb_day last;
	lb_err ignore;

	memset(v, 0, sizeof *v);
	v->id = lb_col_int(st, 0);
	v->serial = (uint64_t)lb_col_int(st, 1);
	copy(v->last_day, sizeof v->last_day, lb_col_text(st, 2));
	copy(v->created_at, sizeof v->created_at, lb_col_text(st, 3));
	v->replaces_id = lb_col_int(st, 4);
	v->allocation_id = lb_col_int(st, 5);
	copy(v->allocation_status, sizeof v->allocation_status, lb_col_text(st, 6));
	v->program_id = lb_col_int(st, 7);
	copy(v->program, sizeof v->program, lb_col_text(st, 8));
	copy(v->program_name, sizeof v->program_name, lb_col_text(st, 9));
	if (parse_period_col(lb_col_text(st, 10), &v->period, e))
		return LB_ESYS;
	v->recipient_id = lb_col_int(st, 11);
	copy(v->recipient_name, sizeof v->recipient_name, lb_col_text(st, 12));
	copy(v->recipient_token, sizeof v->recipient_token, lb_col_text(st, 13));
	lb_nik_mask(lb_col_text(st, 14), v->nik_masked);
	copy(v->proxy_name, sizeof v->proxy_name, lb_col_text(st, 15));
	copy(v->village, sizeof v->village, lb_col_text(st, 16));
	copy(v->village_name, sizeof v->village_name, lb_col_text(st, 17));
	copy(v->district_name, sizeof v->district_name, lb_col_text(st, 18));
	v->point_id = lb_col_int(st, 19);
	copy(v->point, sizeof v->point, lb_col_text(st, 20));
	copy(v->point_name, sizeof v->point_name, lb_col_text(st, 21));
	copy(v->revoked_at, sizeof v->revoked_at, lb_col_text(st, 22));
	copy(v->revoked_by, sizeof v->revoked_by, lb_col_text(st, 23));
	copy(v->revoke_reason, sizeof v->revoke_reason, lb_col_text(st, 24));
	v->replaced_by_id = lb_col_int(st, 25);
	v->replaced_by_serial = (uint64_t)lb_col_int(st, 26);
	v->has_key = lb_col_int(st, 27) >= 0;
	v->key_id = v->has_key ? (uint32_t)lb_col_int(st, 27) : 0;
	copy(v->key_revoked_at, sizeof v->key_revoked_at, lb_col_text(st, 28));
	copy(v->key_revoke_reason, sizeof v->key_revoke_reason, lb_col_text(st, 29));
	if (v->replaces_id && lb_serial_format((uint64_t)lb_col_int(st, 30), v->replaces_text, e))
		return lb_fail(e, LB_ESYS, "voucher %lld has a serial above 40 bits", (long long)v->replaces_id);
	if (lb_serial_format(v->serial, v->serial_text, e))
		return lb_fail(e, LB_ESYS, "voucher %lld has a serial above 40 bits", (long long)v->id);
	if (v->replaced_by_id &&
	    lb_serial_format(v->replaced_by_serial, v->replaced_by_text, e))
		return lb_fail(e, LB_ESYS, "voucher %lld has a serial above 40 bits",
			       (long long)v->replaced_by_id);
	if (lb_date_parse(v->last_day, "last day", &last, &ignore))
		return lb_fail(e, LB_ESYS, "voucher %s has a malformed last day '%s'",
			       v->serial_text, v->last_day);
	if (v->replaced_by_id)
		v->status = LB_VOUCHER_REISSUED;
	else if (v->revoked_at[0])
		v->status = LB_VOUCHER_REVOKED;
	else if (strcmp(v->allocation_status, "allocated") != 0)
		v->status = LB_VOUCHER_CANCELLED;
	else if (today > last)
		v->status = LB_VOUCHER_EXPIRED;
	else
		v->status = LB_VOUCHER_VALID;
	return LB_OK;
}

int lb_voucher_by_serial(lb_db *db, uint64_t serial, lb_day today, struct lb_voucher *out,
			 int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, VOUCHER_SELECT " WHERE v.serial = ?1", e);
	int rc;

	*found = 0;
	memset(out, 0, sizeof *out);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, (int64_t)serial);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	rc = read_voucher(st, today, out, e);
	lb_stmt_reset(st);
	if (!rc)
		*found = 1;
	return rc;
}

int lb_voucher_find(lb_db *db, const char *serial_text, lb_day today, struct lb_voucher *out,
		    lb_err *e)
{
	uint64_t serial;
	int found, rc;

	if ((rc = lb_serial_parse(serial_text, &serial, e)))
		return rc;
	if ((rc = lb_voucher_by_serial(db, serial, today, out, &found, e)))
		return rc;
	if (!found) {
		char text[LB_SERIAL_TEXT_SIZE];

		lb_serial_format(serial, text, NULL);
		return lb_fail(e, LB_EINPUT, "no voucher has serial %s", text);
	}
	return LB_OK;
}

int lb_voucher_serial_of_allocation(lb_db *db, int64_t allocation_id,
				    char out[LB_SERIAL_TEXT_SIZE], int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT v.serial FROM voucher v WHERE v.allocation_id = ?1"
		" AND NOT EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id)"
		" ORDER BY v.id DESC LIMIT 1", e);
	int rc;

	*found = 0;
	out[0] = '\0';
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, allocation_id);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	rc = lb_serial_format((uint64_t)lb_col_int(st, 0), out, e);
	lb_stmt_reset(st);
	if (rc)
		return lb_fail(e, LB_ESYS, "allocation %lld has a voucher serial above 40 bits",
			       (long long)allocation_id);
	*found = 1;
	return LB_OK;
}

static int insert_revocation(lb_db *db, int64_t id, const char *reason, const char *operator,
			     const char *now, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"INSERT INTO voucher_revocation(voucher_id, reason, revoked_at, operator)"
		" VALUES (?1, ?2, ?3, ?4)", e);

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	lb_bind_text(st, 2, reason);
	lb_bind_text(st, 3, now);
	lb_bind_text(st, 4, operator);
	return lb_step_done(st, e);
}

static int check_reason(const char *what, const char *reason, lb_err *e)
{
	const char *s = reason;

	while (s && (*s == ' ' || *s == '\t'))
		s++;
	if (!s || !*s)
		return lb_fail(e, LB_EINPUT, "%s: --reason must say why", what);
	if (strlen(reason) >= LB_VCH_REASON_MAX)
		return lb_fail(e, LB_EINPUT, "%s: --reason is longer than %d bytes", what,
			       LB_VCH_REASON_MAX - 1);
	return LB_OK;
}

/* Refuse a voucher that is already void, naming what happened to it. */
static int check_not_void(const struct lb_voucher *v, const char *what, lb_err *e)
{
	if (v->status == LB_VOUCHER_REISSUED)
		return lb_fail(e, LB_ERULE, "cannot %s voucher %s: it was already reissued as %s",
			       what, v->serial_text, v->replaced_by_text);
	if (v->status == LB_VOUCHER_REVOKED)
		return lb_fail(e, LB_ERULE, "cannot %s voucher %s: it was already revoked on %.10s (%s)",
			       what, v->serial_text, v->revoked_at, v->revoke_reason);
	return LB_OK;
}

int lb_voucher_revoke(lb_db *db, const char *serial_text, const char *reason,
		      const char *operator, struct lb_voucher *out, lb_err *e)
{
	char now[21];
	int rc;

	if ((rc = check_reason("voucher revoke", reason, e)))
		return rc;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	/* Read under the write lock, so two operators cannot both revoke. */
	if ((rc = lb_voucher_find(db, serial_text, lb_today(), out, e)) ||
	    (rc = check_not_void(out, "revoke", e)))
		goto fail;
	lb_now_utc(now);
	if ((rc = insert_revocation(db, out->id, reason, operator, now, e)))
		goto fail;
	if ((rc = lb_db_commit(db, e)))
		goto fail;
	out->status = LB_VOUCHER_REVOKED;
	copy(out->revoked_at, sizeof out->revoked_at, now);
	copy(out->revoked_by, sizeof out->revoked_by, operator);
	copy(out->revoke_reason, sizeof out->revoke_reason, reason);
	return LB_OK;
fail:
	lb_db_rollback(db);
	return rc;
}

/* Revoke old and create its replacement under the current key, inside
 * the caller's transaction; out is the new voucher. */
static int reissue_one(lb_db *db, const struct lb_voucher *old, const char *reason, const char *operator,
		       const char *now, lb_day today, struct lb_voucher *out, lb_err *e)
{
	uint64_t serial;
	int64_t id;
	int found, rc;

	if ((rc = insert_revocation(db, old->id, reason, operator, now, e)) ||
	    (rc = lb_db_int(db, "SELECT coalesce(max(id), 0) + 1 FROM voucher", 1, &id, e)) ||
	    (rc = insert_voucher(db, id, old->allocation_id, old->last_day, old->id, now, &serial, e)))
		return rc;
	if ((rc = lb_voucher_by_serial(db, serial, today, out, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_ESYS, "cannot read back the reissued voucher");
	return LB_OK;
}

int lb_voucher_reissue(lb_db *db, const char *serial_text, const char *reason,
		       const char *operator, lb_day today, struct lb_voucher *out, lb_err *e)
{
	struct lb_voucher old;
	char now[21], day[11];
	int rc;

	if ((rc = check_reason("voucher reissue", reason, e)))
		return rc;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_voucher_find(db, serial_text, today, &old, e)) ||
	    (rc = check_not_void(&old, "reissue", e)))
		goto fail;
	if (old.status == LB_VOUCHER_CANCELLED) {
		rc = lb_fail(e, LB_ERULE, "cannot reissue voucher %s: its allocation was cancelled",
			     old.serial_text);
		goto fail;
	}
	if (old.status == LB_VOUCHER_EXPIRED) {
		lb_date_format(today, day);
		rc = lb_fail(e, LB_ERULE, "cannot reissue voucher %s: it was valid until %s and today is %s",
			     old.serial_text, old.last_day, day);
		goto fail;
	}
	lb_now_utc(now);
	if ((rc = reissue_one(db, &old, reason, operator, now, today, out, e)))
		goto fail;
	if ((rc = lb_db_commit(db, e)))
		goto fail;
	return LB_OK;
fail:
	lb_db_rollback(db);
	return rc;
}

/* "5da5826d" -> 0x5da5826d. */
static int parse_key_id(const char *cmd, const char *text, uint32_t *out, lb_err *e)
{
	unsigned long v = 0;

	if (!text || strlen(text) != 8 || strspn(text, "0123456789abcdefABCDEF") != 8)
		return lb_fail(e, LB_EINPUT, "%s: a key id is 8 hexadecimal digits, as 'lumbung key list' shows it", cmd);
	for (const char *p = text; *p; p++)
		v = v * 16 + (unsigned long)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
	*out = (uint32_t)v;
	return LB_OK;
}

int lb_voucher_reissue_key(lb_db *db, const char *key_id_text, int64_t program_id, int period,
			   const char *reason, const char *operator, lb_day today, long *n, lb_err *e)
{
	struct lb_key_row k, cur;
	struct lb_voucher old, nv;
	int64_t *ids = NULL;
	size_t nids = 0, cap = 0;
	char ps[8], now[21];
	uint32_t kid;
	int found, rc;
	lb_stmt *st;

	*n = 0;
	if ((rc = parse_key_id("voucher reissue", key_id_text, &kid, e)) ||
	    (rc = check_reason("voucher reissue", reason, e)))
		return rc;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_signing_key_get(db, kid, &k, &found, e)))
		goto fail;
	if (!found) {
		rc = lb_fail(e, LB_EINPUT, "voucher reissue: key %s is not one of this database's keys (see 'lumbung key list')",
			     key_id_text);
		goto fail;
	}
	if ((rc = lb_signing_key_active(db, &cur, &found, e)))
		goto fail;
	if (!found || cur.key_id == kid || cur.revoked_at[0]) {
		rc = lb_fail(e, LB_ERULE,
			     "cannot reissue under a new key: key %s still signs; run 'lumbung key rotate' (or 'lumbung key rotate --lost') first",
			     key_id_text);
		goto fail;
	}
	lb_period_format(period, ps);
	st = lb_db_prepare(db,
		"SELECT v.serial FROM voucher v JOIN allocation a ON a.id = v.allocation_id"
		" WHERE a.program_id = ?1 AND a.period = ?2 AND v.key_id = ?3 AND a.status = 'allocated'"
		" AND NOT EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id)"
		" AND NOT EXISTS (SELECT 1 FROM redeemed d WHERE d.allocation_id = a.id) ORDER BY v.id", e);
	if (!st) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, program_id);
	lb_bind_text(st, 2, ps);
	lb_bind_int(st, 3, kid);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (nids == cap) {
			size_t nc = cap ? cap * 2 : 64;
			int64_t *p = realloc(ids, nc * sizeof *p);
			if (!p) {
				lb_stmt_reset(st);
				rc = lb_oom(e);
				goto fail;
			}
			ids = p;
			cap = nc;
		}
		ids[nids++] = lb_col_int(st, 0);
	}
	if (rc != LB_DONE)
		goto fail;
	lb_now_utc(now);
	for (size_t i = 0; i < nids; i++) {
		if ((rc = lb_voucher_by_serial(db, (uint64_t)ids[i], today, &old, &found, e)))
			goto fail;
		if (!found || old.status != LB_VOUCHER_VALID)
			continue; /* expired: nothing to hand out any more */
		if ((rc = reissue_one(db, &old, reason, operator, now, today, &nv, e)))
			goto fail;
		(*n)++;
	}
	free(ids);
	return lb_db_commit(db, e);
fail:
	free(ids);
	lb_db_rollback(db);
	return rc;
}

static int insert_key_event(lb_db *db, uint32_t kid, const char *kind, const char *reason, const char *operator,
			    lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"INSERT INTO signing_key_event(key_id, kind, reason, at, operator) VALUES (?1, ?2, ?3, ?4, ?5)", e);
	char now[21];

	if (!st)
		return LB_ESYS;
	lb_now_utc(now);
	lb_bind_int(st, 1, kid);
	lb_bind_text(st, 2, kind);
	lb_bind_text(st, 3, reason);
	lb_bind_text(st, 4, now);
	lb_bind_text(st, 5, operator);
	return lb_step_done(st, e);
}

int lb_signing_key_revoke(lb_db *db, const char *key_id_text, const char *reason, const char *operator,
			  struct lb_key_row *out, lb_err *e)
{
	uint32_t kid;
	int found, rc;

	if ((rc = parse_key_id("key revoke", key_id_text, &kid, e)) || (rc = check_reason("key revoke", reason, e)))
		return rc;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_signing_key_get(db, kid, out, &found, e)))
		goto fail;
	if (!found) {
		rc = lb_fail(e, LB_ERULE, "cannot revoke key %s: it is not one of this database's keys (see 'lumbung key list')",
			     key_id_text);
		goto fail;
	}
	if (out->revoked_at[0]) {
		rc = lb_fail(e, LB_ERULE, "cannot revoke key %s: it was revoked on %.10s (%s)", key_id_text, out->revoked_at,
			     out->revoke_reason);
		goto fail;
	}
	if ((rc = insert_key_event(db, kid, "revoked", reason, operator, e)) ||
	    (rc = lb_signing_key_get(db, kid, out, &found, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

/* ---- signing keys ---- *//* ---- signing keys ---- */

static int read_key_row(lb_stmt *st, struct lb_key_row *k, lb_err *e)
{
	memset(k, 0, sizeof *k);
	k->key_id = (uint32_t)lb_col_int(st, 0);
	if (lb_col_bytes(st, 1) != LB_KEY_PUBLIC_BYTES)
		return lb_fail(e, LB_ESYS, "signing key %08lx in the database is not 32 bytes",
			       (unsigned long)k->key_id);
	memcpy(k->pk, lb_col_blob(st, 1), LB_KEY_PUBLIC_BYTES);
	copy(k->created_at, sizeof k->created_at, lb_col_text(st, 2));
	copy(k->retired_at, sizeof k->retired_at, lb_col_text(st, 3));
	copy(k->revoked_at, sizeof k->revoked_at, lb_col_text(st, 4));
	copy(k->revoke_reason, sizeof k->revoke_reason, lb_col_text(st, 5));
	k->lost = lb_col_int(st, 6) != 0;
	return LB_OK;
}

static int one_key(lb_db *db, const char *sql, int has_arg, uint32_t arg,
		   struct lb_key_row *out, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);
	int rc;

	*found = 0;
	memset(out, 0, sizeof *out);
	if (!st)
		return LB_ESYS;
	if (has_arg)
		lb_bind_int(st, 1, arg);
	rc = lb_step(st, e);
	if (rc == LB_DONE)
		return LB_OK;
	if (rc != LB_ROW)
		return rc;
	rc = read_key_row(st, out, e);
	lb_stmt_reset(st);
	if (!rc)
		*found = 1;
	return rc;
}

#define KEY_SELECT \
	"SELECT key_id, public_key, created_at, coalesce(retired_at, '')," \
	" coalesce((SELECT at FROM signing_key_event x WHERE x.key_id = signing_key.key_id AND x.kind = 'revoked'), '')," \
	" coalesce((SELECT reason FROM signing_key_event x WHERE x.key_id = signing_key.key_id AND x.kind = 'revoked'), '')," \
	" EXISTS (SELECT 1 FROM signing_key_event x WHERE x.key_id = signing_key.key_id AND x.kind = 'lost')" \
	" FROM signing_key"

int lb_signing_key_get(lb_db *db, uint32_t key_id, struct lb_key_row *out, int *found,
		       lb_err *e)
{
	return one_key(db, KEY_SELECT " WHERE key_id = ?1", 1, key_id, out, found, e);
}

int lb_signing_key_active(lb_db *db, struct lb_key_row *out, int *found, lb_err *e)
{
	return one_key(db, KEY_SELECT " WHERE retired_at IS NULL", 0, 0, out, found, e);
}

int lb_signing_key_list(lb_db *db, int (*fn)(void *arg, const struct lb_key_row *k, lb_err *e),
			void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare_once(db, KEY_SELECT " ORDER BY created_at, rowid", e);
	struct lb_key_row k;
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = read_key_row(st, &k, e)) || (rc = fn(arg, &k, e)))
			break;
	}
	lb_stmt_free(st);
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_signing_key_add(lb_db *db, const struct lb_signing_key *k, lb_err *e)
{
	struct lb_key_row old;
	char now[21], idt[LB_KEY_ID_TEXT_SIZE];
	lb_stmt *st;
	int found, rc;

	lb_key_id_text(k->id, idt);
	if ((rc = lb_signing_key_get(db, k->id, &old, &found, e)))
		return rc;
	if (found)
		return lb_fail(e, LB_ERULE,
			       "the database already has a signing key with id %s: make the key again", idt);
	lb_now_utc(now);
	st = lb_db_prepare(db, "UPDATE signing_key SET retired_at = ?1 WHERE retired_at IS NULL", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, now);
	if ((rc = lb_step_done(st, e)))
		return rc;
	st = lb_db_prepare(db,
		"INSERT INTO signing_key(key_id, public_key, created_at) VALUES (?1, ?2, ?3)", e);
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, k->id);
	lb_bind_blob(st, 2, k->pk, LB_KEY_PUBLIC_BYTES);
	lb_bind_text(st, 3, now);
	return lb_step_done(st, e);
}

int lb_signing_key_usable(lb_db *db, const struct lb_signing_key *k, const char *path, lb_err *e)
{
	struct lb_key_row row;
	char idt[LB_KEY_ID_TEXT_SIZE];
	int found, rc;

	lb_key_id_text(k->id, idt);
	if ((rc = lb_signing_key_get(db, k->id, &row, &found, e)))
		return rc;
	if (!found || memcmp(row.pk, k->pk, LB_KEY_PUBLIC_BYTES) != 0)
		return lb_fail(e, LB_ERULE,
			       "key file '%s' holds key %s, which is not one of this database's signing keys (see 'lumbung key list')",
			       path, idt);
	if (row.retired_at[0])
		return lb_fail(e, LB_ERULE,
			       "key file '%s' holds key %s, retired on %.10s: slips are signed with the current key (see 'lumbung key list')",
			       path, idt, row.retired_at);
	return LB_OK;
}

static void row_of_key(const struct lb_signing_key *k, struct lb_key_row *out)
{
	memset(out, 0, sizeof *out);
	out->key_id = k->id;
	memcpy(out->pk, k->pk, LB_KEY_PUBLIC_BYTES);
}

int lb_signing_key_init(lb_db *db, const char *path, struct lb_key_row *out, lb_err *e)
{
	struct lb_signing_key k;
	struct lb_key_row cur;
	char idt[LB_KEY_ID_TEXT_SIZE];
	int found, rc;

	memset(out, 0, sizeof *out);
	if ((rc = lb_signing_key_active(db, &cur, &found, e)))
		return rc;
	if (found) {
		lb_key_id_text(cur.key_id, idt);
		return lb_fail(e, LB_ERULE,
			       "this database already has signing key %s (made %.10s): 'lumbung key rotate' starts a new one",
			       idt, cur.created_at);
	}
	if ((rc = lb_key_create(path, e)))
		return rc;
	if ((rc = lb_key_load(path, &k, e)))
		goto fail;
	if ((rc = lb_db_begin(db, e)))
		goto fail;
	if ((rc = lb_signing_key_add(db, &k, e)) || (rc = lb_db_commit(db, e))) {
		lb_db_rollback(db);
		goto fail;
	}
	row_of_key(&k, out);
	lb_key_wipe(&k);
	return lb_signing_key_active(db, out, &found, e);
fail:
	/* Nothing was signed with it and the database does not know it. */
	lb_key_wipe(&k);
	unlink(path);
	return rc;
}

int lb_signing_key_rotate(lb_db *db, const char *path, struct lb_key_row *old,
			  struct lb_key_row *out, char *archive, size_t archsz, lb_err *e)
{
	struct lb_signing_key cur, next;
	char idt[LB_KEY_ID_TEXT_SIZE], nextpath[4200];
	int found, rc, linked = 0, moved = 0;

	memset(old, 0, sizeof *old);
	memset(out, 0, sizeof *out);
	memset(&next, 0, sizeof next);
	if ((rc = lb_key_load(path, &cur, e)))
		return rc;
	if ((rc = lb_signing_key_usable(db, &cur, path, e)))
		goto out;
	lb_key_id_text(cur.id, idt);
	if ((size_t)snprintf(nextpath, sizeof nextpath, "%s.next", path) >= sizeof nextpath ||
	    (size_t)snprintf(archive, archsz, "%s.retired-%s", path, idt) >= archsz) {
		rc = lb_fail(e, LB_EINPUT, "key file path '%s' is too long", path);
		goto out;
	}
	if (access(archive, F_OK) == 0) {
		rc = lb_fail(e, LB_ERULE, "cannot rotate: '%s' already exists; move it away first", archive);
		goto out;
	}
	if ((rc = lb_key_create(nextpath, e))) {
		if (rc == LB_ERULE)
			lb_fail(e, LB_ERULE,
				"cannot rotate: '%s' is left from an interrupted rotation; remove it and run 'lumbung key rotate' again",
				nextpath);
		goto out;
	}
	if ((rc = lb_key_load(nextpath, &next, e)) || (rc = lb_db_begin(db, e)))
		goto undo;
	if ((rc = lb_signing_key_add(db, &next, e)))
		goto undo_tx;
	/* The old key keeps a name of its own (link cannot replace a file),
	 * then the new one takes the usual place in one rename, so that at
	 * every moment path holds a complete key. */
	if (link(path, archive)) {
		rc = lb_fail(e, errno == EEXIST ? LB_ERULE : LB_ESYS, "cannot keep the old key as '%s': %s",
			     archive, strerror(errno));
		goto undo_tx;
	}
	linked = 1;
	if ((rc = lb_file_place(nextpath, path, 1, e))) {
		lb_err_prefix(e, "cannot put the new key in place");
		goto undo_tx;
	}
	moved = 1;
	if ((rc = lb_db_commit(db, e)))
		goto undo_tx;
	row_of_key(&cur, old);
	if ((rc = lb_signing_key_get(db, cur.id, old, &found, e)) ||
	    (rc = lb_signing_key_active(db, out, &found, e)))
		goto out;
	goto out;
undo_tx:
	lb_db_rollback(db);
undo:
	if (moved)
		rename(archive, path); /* the old key back in its place */
	else if (linked)
		unlink(archive);
	if (!moved)
		unlink(nextpath);
out:
	lb_key_wipe(&cur);
	lb_key_wipe(&next);
	return rc;
}

int lb_signing_key_rotate_lost(lb_db *db, const char *path, const char *note, const char *operator,
			       struct lb_key_row *old, struct lb_key_row *out, lb_err *e)
{
	struct lb_signing_key next;
	int found, rc;

	memset(out, 0, sizeof *out);
	memset(&next, 0, sizeof next);
	if ((rc = check_reason("key rotate --lost", note, e)))
		return rc;
	if ((rc = lb_signing_key_active(db, old, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_ERULE, "this database has no signing key yet: 'lumbung key init' makes the first");
	/* lb_key_create refuses an existing file: a key file that is there
	 * is not lost. */
	if ((rc = lb_key_create(path, e))) {
		if (rc == LB_ERULE)
			lb_fail(e, LB_ERULE,
				"key rotate --lost: '%s' exists: the key is not lost (use 'lumbung key rotate'), or name a new file with --key",
				path);
		return rc;
	}
	if ((rc = lb_key_load(path, &next, e)) || (rc = lb_db_begin(db, e)))
		goto undo;
	if ((rc = insert_key_event(db, old->key_id, "lost", note, operator, e)) ||
	    (rc = lb_signing_key_add(db, &next, e)) || (rc = lb_db_commit(db, e))) {
		lb_db_rollback(db);
		goto undo;
	}
	lb_key_wipe(&next);
	if ((rc = lb_signing_key_get(db, old->key_id, old, &found, e)))
		return rc;
	return lb_signing_key_active(db, out, &found, e);
undo:
	lb_key_wipe(&next);
	unlink(path);
	return rc;
}

/* ---- payload ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int lb_voucher_ref_of_token(const char *token, unsigned char ref[LB_PAYLOAD_REF_LEN], lb_err *e)
{
	int i, hi, lo;

	if (strlen(token) != 2 * LB_PAYLOAD_REF_LEN)
		return lb_fail(e, LB_EINPUT, "recipient token '%s' is not 16 hex digits", token);
	for (i = 0; i < LB_PAYLOAD_REF_LEN; i++) {
		hi = hexval(token[2 * i]);
		lo = hexval(token[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return lb_fail(e, LB_EINPUT, "recipient token '%s' is not 16 hex digits", token);
		ref[i] = (unsigned char)(hi << 4 | lo);
	}
	return LB_OK;
}

int lb_voucher_payload(const struct lb_voucher *v, uint32_t key_id, struct lb_voucher_payload *p,
		       lb_err *e)
{
	lb_day last, epoch = lb_day_from_ymd(2000, 1, 1);
	int rc;

	memset(p, 0, sizeof *p);
	p->version = LB_PAYLOAD_VERSION;
	p->key_id = key_id;
	lb_voucher_program_tag(v->program, p->program);
	if (v->period < 2000 * 12 || v->period - 2000 * 12 > 0xFFFF)
		return lb_fail(e, LB_EINPUT, "voucher %s: its period is outside what a QR can carry",
			       v->serial_text);
	p->period = (uint16_t)(v->period - 2000 * 12);
	p->serial = v->serial;
	if ((rc = lb_voucher_ref_of_token(v->recipient_token, p->recipient_ref, e)))
		return rc;
	if ((rc = lb_date_parse(v->last_day, "last day", &last, e)))
		return rc;
	if (last < epoch || last - epoch > 0xFFFF)
		return lb_fail(e, LB_EINPUT, "voucher %s: its last day %s is outside what a QR can carry",
			       v->serial_text, v->last_day);
	p->last_day = (uint16_t)(last - epoch);
	return LB_OK;
}

int lb_signing_key_path(lb_db *db, const char *opt, lb_buf *out, int *is_default, lb_err *e)
{
	const char *env = getenv("LUMBUNG_KEY"), *base;
	lb_buf id;
	int found, rc;

	*is_default = 0;
	lb_buf_reset(out);
	if (opt && *opt)
		return lb_buf_adds(out, opt, e);
	if (env && *env)
		return lb_buf_adds(out, env, e);
	lb_buf_init(&id);
	if ((rc = lb_meta_get(db, "db_id", &id, &found, e)))
		goto done;
	if (!found || !id.len) {
		rc = lb_fail(e, LB_EINPUT,
			     "this database has no id to name its key file: give --key FILE");
		goto done;
	}
	base = getenv("XDG_CONFIG_HOME");
	if (base && *base) {
		rc = lb_buf_addf(out, e, "%s/lumbung/%s.key", base, id.data);
	} else {
		base = getenv("HOME");
		if (!base || !*base) {
			rc = lb_fail(e, LB_EINPUT,
				     "HOME is not set, so the signing key has no default place: give --key FILE or set LUMBUNG_KEY");
			goto done;
		}
		rc = lb_buf_addf(out, e, "%s/.config/lumbung/%s.key", base, id.data);
	}
	*is_default = 1;
done:
	lb_buf_release(&id);
	return rc;
}
