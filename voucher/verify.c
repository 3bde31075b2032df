/*
 * verify.c — checking a scanned or typed slip. See verify.h.
 */
#include "voucher/verify.h"

#include <stdio.h>
#include <string.h>

#include "core/localtime.h"

const char *lb_verdict_name(int verdict)
{
	switch (verdict) {
	case LB_VERDICT_GENUINE: return "genuine";
	case LB_VERDICT_UNREADABLE: return "unreadable";
	case LB_VERDICT_UNKNOWN_KEY: return "unknown key";
	case LB_VERDICT_FORGED: return "forged";
	case LB_VERDICT_UNKNOWN_SERIAL: return "unknown serial";
	case LB_VERDICT_MISMATCH: return "mismatch";
	case LB_VERDICT_KEY_REVOKED: return "key revoked";
	}
	return "unknown";
}

int lb_verdict_exit(int verdict)
{
	if (verdict == LB_VERDICT_GENUINE)
		return LB_OK;
	if (verdict == LB_VERDICT_UNREADABLE)
		return LB_EINPUT;
	return LB_ERULE;
}

static void verdict(struct lb_voucher_check *c, int v, const char *fmt, ...) LB_PRINTF(3, 4);

static void verdict(struct lb_voucher_check *c, int v, const char *fmt, ...)
{
	va_list ap;

	c->verdict = v;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof c->why, fmt, ap);
	va_end(ap);
}

/* Scanners in keyboard mode add line ends; people add spaces. */
static size_t rtrim(const char *s, size_t n)
{
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == ' '))
		n--;
	return n;
}

static void key_revoked(lb_db *db, struct lb_voucher_check *c, const char *idt, const char *at, const char *reason)
{
	struct lb_zone z;
	char p[8], when[32];

	lb_period_format(c->v.period, p);
	/* In the office's time; a damaged zone setting shows the stored UTC. */
	if (lb_zone_get(db, &z, NULL) == LB_OK)
		lb_time_local(&z, at, when);
	else
		snprintf(when, sizeof when, "%s", at);
	verdict(c, LB_VERDICT_KEY_REVOKED,
		"slip %s was issued under key %s, revoked on %s (%s): reissue it with 'lumbung voucher reissue --key %s --program %s --period %s'",
		c->serial_text, idt, when, reason, idt, c->v.program, p);
}

/* Was key a added after key b? Keys are made a second apart or less
 * (rotate), so the order is the history log's, not their timestamps. */
static int key_later(lb_db *db, uint32_t a, uint32_t b, int *later, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT (SELECT seq FROM history_log WHERE tbl = 'signing_key' AND key = ?1)"
		" > (SELECT seq FROM history_log WHERE tbl = 'signing_key' AND key = ?2)", e);
	int rc;

	*later = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, a);
	lb_bind_int(st, 2, b);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? LB_OK : rc;
	*later = lb_col_int(st, 0) == 1;
	lb_stmt_reset(st);
	return LB_OK;
}

static int check_serial(lb_db *db, const char *text, size_t len, lb_day today,
			struct lb_voucher_check *c, lb_err *e)
{
	char buf[64];
	size_t i, symbols;
	lb_err perr;
	int found, rc;

	len = rtrim(text, len);
	if (len >= sizeof buf || memchr(text, '\0', len)) {
		verdict(c, LB_VERDICT_UNREADABLE,
			"this is neither a voucher QR text (starting 'LB1:') nor a serial (like 'ABCD-EFGH-J')");
		return LB_OK;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	/* The serial parser quotes what it was given; a NIK typed into the
	 * wrong field must not end up in a message, so anything that is not
	 * nine symbols long is refused here without being repeated. */
	for (i = 0, symbols = 0; i < len; i++)
		if (buf[i] != '-' && buf[i] != ' ' && buf[i] != '\t')
			symbols++;
	if (symbols != 9) {
		verdict(c, LB_VERDICT_UNREADABLE,
			"this is neither a voucher QR text (starting 'LB1:') nor a serial: a serial has 9 letters and digits, like 'ABCD-EFGH-J', this has %zu",
			symbols);
		return LB_OK;
	}
	if (lb_serial_parse(buf, &c->serial, &perr)) {
		verdict(c, LB_VERDICT_UNREADABLE, "%s", perr.msg);
		return LB_OK;
	}
	lb_serial_format(c->serial, c->serial_text, NULL);
	if ((rc = lb_voucher_by_serial(db, c->serial, today, &c->v, &found, e)))
		return rc;
	if (!found) {
		verdict(c, LB_VERDICT_UNKNOWN_SERIAL, "no voucher has serial %s", c->serial_text);
		return LB_OK;
	}
	if (c->v.key_revoked_at[0]) {
		char idt[LB_KEY_ID_TEXT_SIZE];
		lb_key_id_text(c->v.key_id, idt);
		key_revoked(db, c, idt, c->v.key_revoked_at, c->v.key_revoke_reason);
		return LB_OK;
	}
	c->verdict = LB_VERDICT_GENUINE;
	return LB_OK;
}

static void text_hash(const char *text, size_t len, unsigned char out[LB_HASH_BYTES])
{
	lb_hasher h;

	lb_hash_start(&h);
	lb_hash_update(&h, text, len);
	lb_hash_finish(&h, out);
}

/* Was ahead checked for this very text? (Not another scan's answer.) */
static int same_text(const struct lb_sig_ahead *ahead, const char *text, size_t len)
{
	unsigned char h[LB_HASH_BYTES];

	text_hash(text, len, h);
	return memcmp(h, ahead->text, sizeof h) == 0;
}

static int check_qr(lb_db *db, const char *text, size_t len, lb_day today, const struct lb_sig_ahead *ahead,
		    struct lb_voucher_check *c, lb_err *e)
{
	unsigned char sig[LB_PAYLOAD_SIG_LEN], body[LB_PAYLOAD_BODY_MAX];
	struct lb_voucher_payload want;
	struct lb_key_row key;
	char idt[LB_KEY_ID_TEXT_SIZE];
	size_t bodylen;
	lb_err perr;
	int found, rc;

	c->from_qr = 1;
	if (lb_payload_decode(text, len, &c->payload, sig, body, &bodylen, &perr)) {
		memset(&c->payload, 0, sizeof c->payload);
		verdict(c, LB_VERDICT_UNREADABLE, "%s", perr.msg);
		return LB_OK;
	}
	c->serial = c->payload.serial;
	lb_serial_format(c->serial, c->serial_text, NULL);
	lb_key_id_text(c->payload.key_id, idt);
	if ((rc = lb_signing_key_get(db, c->payload.key_id, &key, &found, e)))
		return rc;
	if (!found) {
		verdict(c, LB_VERDICT_UNKNOWN_KEY,
			"slip %s is signed with key %s, which this database does not know: it was not issued here",
			c->serial_text, idt);
		return LB_OK;
	}
	if (ahead && ahead->checked && ahead->key_id == c->payload.key_id &&
	    memcmp(ahead->pk, key.pk, sizeof key.pk) == 0 && same_text(ahead, text, len))
		rc = ahead->rc;
	else
		rc = lb_payload_verify(body, bodylen, sig, key.pk);
	if (rc == LB_ESYS)
		return lb_fail(e, LB_ESYS, "cannot check signatures: libsodium cannot start");
	if (rc) {
		verdict(c, LB_VERDICT_FORGED,
			"slip %s does not carry a valid signature of key %s: it was altered or made up",
			c->serial_text, idt);
		return LB_OK;
	}
	if ((rc = lb_voucher_by_serial(db, c->serial, today, &c->v, &found, e)))
		return rc;
	if (!found) {
		verdict(c, LB_VERDICT_UNKNOWN_SERIAL,
			"slip %s is signed with key %s, but no voucher in this database has that serial",
			c->serial_text, idt);
		return LB_OK;
	}
	/* Our key signed it, so this is not a forgery; but a slip that
	 * disagrees with its voucher is not the slip we issued for it (a
	 * restored old database, or a key shared between databases). */
	if (lb_voucher_payload(&c->v, c->payload.key_id, &want, e)) {
		lb_err_prefix(e, "cannot check slip %s", c->serial_text);
		if (e)
			e->code = LB_ESYS;
		return LB_ESYS;
	}
	if (strcmp(want.program, c->payload.program) != 0 || want.period != c->payload.period ||
	    memcmp(want.recipient_ref, c->payload.recipient_ref, LB_PAYLOAD_REF_LEN) != 0 ||
	    want.last_day != c->payload.last_day) {
		verdict(c, LB_VERDICT_MISMATCH,
			"slip %s is signed by this office, but its program, period, recipient or last day differ from voucher %s in this database",
			c->serial_text, c->serial_text);
		return LB_OK;
	}
	if (key.revoked_at[0]) {
		key_revoked(db, c, idt, key.revoked_at, key.revoke_reason);
		return LB_OK;
	}
	if (c->v.has_key && c->v.key_id != c->payload.key_id) {
		/* A slip verifies with the key its voucher was issued under, or
		 * with a later one (printed again after a rotation): a retired
		 * key cannot sign the slips of later rounds. */
		struct lb_key_row issued;
		char vid[LB_KEY_ID_TEXT_SIZE];
		int later;
		if ((rc = lb_signing_key_get(db, c->v.key_id, &issued, &found, e)))
			return rc;
		lb_key_id_text(c->v.key_id, vid);
		if (found && issued.revoked_at[0]) {
			key_revoked(db, c, vid, issued.revoked_at, issued.revoke_reason);
			return LB_OK;
		}
		if ((rc = key_later(db, c->payload.key_id, c->v.key_id, &later, e)))
			return rc;
		if (!found || !later) {
			verdict(c, LB_VERDICT_MISMATCH,
				"slip %s is signed with key %s, but its voucher was issued under the later key %s: an older key cannot sign it",
				c->serial_text, idt, vid);
			return LB_OK;
		}
	}
	c->verdict = LB_VERDICT_GENUINE;
	return LB_OK;
}

int lb_voucher_verify_ahead(lb_db *db, const char *text, size_t len, lb_day today,
			    const struct lb_sig_ahead *ahead, struct lb_voucher_check *out, lb_err *e)
{
	memset(out, 0, sizeof *out);
	/* A QR text always has its version prefix's colon, and a serial
	 * never has one: that tells the two apart before either parser
	 * gets to complain. */
	if (memchr(text, ':', len))
		return check_qr(db, text, len, today, ahead, out, e);
	return check_serial(db, text, len, today, out, e);
}

int lb_voucher_verify(lb_db *db, const char *text, size_t len, lb_day today,
		      struct lb_voucher_check *out, lb_err *e)
{
	return lb_voucher_verify_ahead(db, text, len, today, NULL, out, e);
}

void lb_sig_check_ahead(const char *text, size_t len, const struct lb_key_row *keys, size_t nkeys,
			struct lb_sig_ahead *out)
{
	unsigned char sig[LB_PAYLOAD_SIG_LEN], body[LB_PAYLOAD_BODY_MAX];
	struct lb_voucher_payload p;
	size_t bodylen;

	memset(out, 0, sizeof *out);
	if (!memchr(text, ':', len) || lb_payload_decode(text, len, &p, sig, body, &bodylen, NULL))
		return;
	for (size_t i = 0; i < nkeys; i++)
		if (keys[i].key_id == p.key_id) {
			text_hash(text, len, out->text);
			out->key_id = p.key_id;
			memcpy(out->pk, keys[i].pk, sizeof out->pk);
			out->rc = lb_payload_verify(body, bodylen, sig, keys[i].pk);
			out->checked = 1;
			return;
		}
}
