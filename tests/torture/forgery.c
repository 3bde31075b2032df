/*
 * forgery.c — no altered or made-up slip is accepted, and every genuine
 * one is.
 *
 * The world (common.h) gets three rounds allocated and their vouchers
 * made: SEMBAKO 2026-01 and PKH 2026-01 signed with the first key,
 * SEMBAKO 2026-02 signed after a key rotation with the second (the first
 * retired: it still verifies what it signed). A third key is made that
 * this database never heard of. Then, from the genuine QR texts:
 *
 *   char       a character replaced (any byte)
 *   bit        one bit of one character flipped
 *   trunc      cut short
 *   extend     characters appended (blanks alone are allowed: scanners add
 *              them, and the text then is the genuine one)
 *   body-bit   a bit of the signed body flipped, the signature kept
 *   sig-bit    a bit of the signature flipped
 *   field      a field changed under the old signature: program tag,
 *              period, serial or recipient reference of another slip,
 *              last day, version
 *   key-unknown   the key id changed to one nobody has
 *   key-rotated   the key id changed to the other of our two keys
 *   stranger      the slip's fields signed with the unknown key
 *   stranger-id   ... and given our key's id
 *   resigned      a field changed and signed again with our own current key
 *                 (a leaked key cannot be told from ours; a changed slip
 *                 still disagrees with its voucher)
 *   swap          one slip's body with another's signature
 *
 * Every one goes through voucher/verify (lb_voucher_verify); one in ten
 * is also scanned at its slip's point through redeem (lb_redeem_scan).
 * None may be GENUINE or accepted. Every genuine slip must verify; each is
 * presented for the wrong program and the wrong round at redemption
 * (refused: wrong_program_or_period); finally each is redeemed at its
 * point, and accepted, so that the refusals above were not a redemption
 * that refuses everything.
 *
 * Sizes: make check tries 3,000 mutated payloads; LUMBUNG_TORTURE=1
 * 150,000. LUMBUNG_TORTURE_PAYLOADS and LUMBUNG_TORTURE_SEED override.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/date.h"
#include "core/db.h"
#include "core/hash.h"
#include "inventory/item.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/verify.h"
#include "program/allocation.h"
#include "program/program.h"
#include "voucher/base45.h"
#include "voucher/keys.h"
#include "voucher/payload.h"
#include "voucher/redeem.h"
#include "voucher/verify.h"
#include "voucher/voucher.h"
#include "tests/torture/common.h"

#define RAW_LEN (LB_PAYLOAD_BODY_LEN + LB_PAYLOAD_SIG_LEN)
#define PREFIX "LB1:"

struct slip {
	char text[LB_PAYLOAD_TEXT_MAX];
	char serial[LB_SERIAL_TEXT_SIZE];
	char point[16];
	char program[16];
	int period;
	unsigned char raw[RAW_LEN]; /* body || signature */
};

enum {
	M_CHAR, M_BIT, M_TRUNC, M_EXTEND, M_BODY_BIT, M_SIG_BIT, M_FIELD, M_KEY_UNKNOWN, M_KEY_ROTATED,
	M_STRANGER, M_STRANGER_ID, M_RESIGNED, M_SWAP, NMUT
};

static const char *const mut_name[NMUT] = {
	"char", "bit", "trunc", "extend", "body-bit", "sig-bit", "field", "key-unknown", "key-rotated",
	"stranger", "stranger-id", "resigned", "swap",
};

static struct slip *slips;
static size_t nslips, capslips;
static lb_db *db;

static int collect(void *arg, const struct lb_voucher *v, const char *text, lb_err *e)
{
	struct slip *s;
	size_t n;

	(void)arg;
	if (nslips == capslips) {
		capslips = capslips ? capslips * 2 : 64;
		if (!(slips = realloc(slips, capslips * sizeof *slips)))
			tt_die("out of memory");
	}
	s = &slips[nslips++];
	memset(s, 0, sizeof *s);
	snprintf(s->text, sizeof s->text, "%s", text);
	snprintf(s->serial, sizeof s->serial, "%s", v->serial_text);
	snprintf(s->point, sizeof s->point, "%s", v->point);
	snprintf(s->program, sizeof s->program, "%s", v->program);
	s->period = v->period;
	if (lb_base45_decode(text + 4, strlen(text) - 4, s->raw, sizeof s->raw, &n, e) || n != RAW_LEN)
		tt_die("a genuine slip does not decode: %s", text);
	return 0;
}

static void allocate(const char *program, const char *period, const struct lb_signing_key *k)
{
	struct lb_program p;
	struct lb_alloc_summary s;
	long made;
	int per;
	lb_err e = { 0 };

	if (lb_period_parse(period, "period", &per, &e) || lb_program_find(db, program, &p, &e) ||
	    lb_allocate(db, &p, per, "torture", &s, &e) || lb_voucher_create_missing(db, p.id, per, &made, &e) ||
	    lb_redeem_payloads(db, program, per, NULL, k, collect, NULL, &e))
		tt_die("allocate %s %s: %s", program, period, e.msg);
}

static void encode(const unsigned char raw[RAW_LEN], char *out, size_t n)
{
	lb_err e = { 0 };

	memcpy(out, PREFIX, 4);
	if (lb_base45_encode(raw, RAW_LEN, out + 4, n - 4, &e))
		tt_die("base45: %s", e.msg);
}

/* An independent signer: libsodium over the documented message. */
static void sign(unsigned char raw[RAW_LEN], const unsigned char sk[64])
{
	unsigned char msg[sizeof LB_PAYLOAD_DOMAIN + LB_PAYLOAD_BODY_LEN];

	memcpy(msg, LB_PAYLOAD_DOMAIN, sizeof LB_PAYLOAD_DOMAIN);
	memcpy(msg + sizeof LB_PAYLOAD_DOMAIN, raw, LB_PAYLOAD_BODY_LEN);
	crypto_sign_detached(raw + LB_PAYLOAD_BODY_LEN, NULL, msg, sizeof msg, sk);
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Change one field of a body (offsets of voucher-payload.md). */
static void change_field(struct tt_rng *r, unsigned char *body, const struct slip *other)
{
	switch (tt_below(r, 6)) {
	case 0: /* program tag: another slip's, or a made-up one */
		if (memcmp(body + 5, other->raw + 5, 8) != 0 && tt_chance(r, 50))
			memcpy(body + 5, other->raw + 5, 8);
		else
			memcpy(body + 5, "BPNT\0\0\0\0", 8);
		break;
	case 1: /* period */
		put_be(body + 13, get_be(body + 13, 2) + (uint64_t)tt_range(r, 1, 3), 2);
		break;
	case 2: /* serial: another slip's, a real voucher */
		if (memcmp(body + 15, other->raw + 15, 5) != 0)
			memcpy(body + 15, other->raw + 15, 5);
		else
			body[19] ^= 1;
		break;
	case 3: /* recipient reference */
		if (memcmp(body + 20, other->raw + 20, 8) != 0)
			memcpy(body + 20, other->raw + 20, 8);
		else
			body[27] ^= 0x80;
		break;
	case 4: /* last day: a longer life */
		put_be(body + 28, get_be(body + 28, 2) + (uint64_t)tt_range(r, 1, 400), 2);
		break;
	default: /* version */
		body[0] = (unsigned char)tt_range(r, 2, 255);
		break;
	}
}

/* The same text for a reader: trailing CR, LF, tab and space are ignored. */
static size_t trimmed(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return n;
}

struct keys {
	struct lb_signing_key cur, stranger;
	uint32_t old_id;
};

/* Make a mutated text of slip s into out (len in *n); 0 when it came out
 * the same as the genuine text. */
static int mutate(struct tt_rng *r, int kind, const struct slip *s, const struct slip *other, const struct keys *k,
		  char *out, size_t *n)
{
	static const char alpha[] = LB_BASE45_ALPHABET;
	unsigned char raw[RAW_LEN];
	size_t len = strlen(s->text);

	memcpy(raw, s->raw, RAW_LEN);
	memcpy(out, s->text, len + 1);
	switch (kind) {
	case M_CHAR: {
		size_t at = tt_below(r, len);
		out[at] = tt_chance(r, 70) ? alpha[tt_below(r, 45)] : (char)tt_range(r, 1, 255);
		break;
	}
	case M_BIT:
		out[tt_below(r, len)] ^= (char)(1u << tt_below(r, 8));
		break;
	case M_TRUNC:
		len = tt_below(r, len);
		out[len] = '\0';
		break;
	case M_EXTEND: {
		size_t add = (size_t)tt_range(r, 1, 8);
		for (size_t i = 0; i < add && len + 1 < LB_PAYLOAD_TEXT_MAX * 2; i++)
			out[len++] = tt_chance(r, 85) ? alpha[tt_below(r, 45)] : (char)tt_range(r, 1, 255);
		out[len] = '\0';
		break;
	}
	case M_BODY_BIT:
		raw[tt_below(r, LB_PAYLOAD_BODY_LEN)] ^= (unsigned char)(1u << tt_below(r, 8));
		encode(raw, out, LB_PAYLOAD_TEXT_MAX);
		break;
	case M_SIG_BIT:
		raw[LB_PAYLOAD_BODY_LEN + tt_below(r, LB_PAYLOAD_SIG_LEN)] ^= (unsigned char)(1u << tt_below(r, 8));
		encode(raw, out, LB_PAYLOAD_TEXT_MAX);
		break;
	case M_FIELD:
		change_field(r, raw, other);
		encode(raw, out, LB_PAYLOAD_TEXT_MAX);
		break;
	case M_KEY_UNKNOWN: {
		uint32_t id;
		do
			id = (uint32_t)tt_next(r);
		while (id == k->cur.id || id == k->old_id || id == k->stranger.id);
		put_be(raw + 1, id, 4);
		encode(raw, out, LB_PAYLOAD_TEXT_MAX);
		break;
	}
	case M_KEY_ROTATED:
		put_be(raw + 1, get_be(raw + 1, 4) == k->old_id ? k->cur.id : k->old_id, 4);
		encode(raw, out, LB_PAYLOAD_TEXT_MAX);
		break;
	case M_STRANGER:
	case M_STRANGER_ID:
		put_be(raw + 1, kind == M_STRANGER ? k->stranger.id : k->cur.id, 4);
		sign(raw, k->stranger.sk);
		encode(raw, out, LB_PAYLOAD_TEXT_MAX);
		break;
	case M_RESIGNED:
		change_field(r, raw, other);
		put_be(raw + 1, k->cur.id, 4);
		sign(raw, k->cur.sk);
		encode(raw, out, LB_PAYLOAD_TEXT_MAX);
		break;
	default: /* M_SWAP */
		memcpy(raw + LB_PAYLOAD_BODY_LEN, other->raw + LB_PAYLOAD_BODY_LEN, LB_PAYLOAD_SIG_LEN);
		encode(raw, out, LB_PAYLOAD_TEXT_MAX);
		break;
	}
	*n = strlen(out);
	if (kind == M_BIT || kind == M_CHAR || kind == M_EXTEND)
		*n = len; /* a NUL may have been written in */
	return !(trimmed(out, *n) == trimmed(s->text, strlen(s->text)) && memcmp(out, s->text, trimmed(out, *n)) == 0);
}

/* Scan text at point through a redeemer: the outcome. */
static int redeem(const char *point, const char *program, int period, const char *text, size_t n,
		  struct lb_redeem_result *res)
{
	struct lb_redeem_opts o = { 0 };
	struct lb_scan s = { 0 };
	lb_redeemer *r = NULL;
	lb_err e = { 0 };
	int rc;

	o.point = point;
	o.operator = "torture";
	o.source = "scan";
	o.program = program;
	if (period) {
		o.has_period = 1;
		o.period = period;
	}
	s.text = text;
	s.len = n;
	if ((rc = lb_redeemer_open(db, &o, &r, &e)) || (rc = lb_redeem_scan(r, &s, res, &e)) ||
	    (rc = lb_redeemer_commit(r, &e)))
		tt_die("redeem at %s: %s", point, e.msg);
	lb_redeemer_close(r);
	return res->outcome;
}

/* Enough of every item at every point for every slip. */
static void stock_points(void)
{
	static const char *const items[] = { "BERAS", "MINYAK", "TELUR" };
	static const char *const points[] = { "POS-1", "POS-2", "POS-3" };
	struct lb_location gd, pt;
	struct lb_item it;
	struct lb_post_result res;
	lb_err e = { 0 };

	if (lb_db_begin(db, &e) || lb_location_find(db, "GD-A", &gd, &e))
		tt_die("%s", e.msg);
	for (int i = 0; i < 3; i++) {
		struct lb_receive_req r = { 0 };
		char lot[16];
		if (lb_item_find(db, items[i], &it, &e))
			tt_die("%s", e.msg);
		snprintf(lot, sizeof lot, "F%d", i);
		r.item_id = it.id;
		r.to_id = gd.id;
		r.qty = 100000;
		r.lot = lot;
		r.has_expiry = 1;
		r.expiry = lb_day_from_ymd(2027, 12, 31);
		r.unit_cost = 1000;
		r.day = lb_day_from_ymd(2026, 1, 1);
		r.operator = "torture";
		if (lb_journal_receive(db, &r, &res, &e))
			tt_die("receive: %s", e.msg);
		for (int p = 0; p < 3; p++) {
			struct lb_move_req m = { 0 };
			if (lb_location_find(db, points[p], &pt, &e))
				tt_die("%s", e.msg);
			m.item_id = it.id;
			m.from_id = gd.id;
			m.to_id = pt.id;
			m.qty = 30000;
			m.day = r.day;
			m.operator = "torture";
			if (lb_journal_move(db, &m, &res, &e))
				tt_die("move: %s", e.msg);
		}
	}
	if (lb_db_commit(db, &e))
		tt_die("%s", e.msg);
}

int main(void)
{
	struct tt_world w;
	struct keys k;
	struct lb_key_row old, nw;
	struct tt_rng rng;
	char archive[400], stranger_path[300];
	lb_err e = { 0 };
	long npay = tt_env_long("LUMBUNG_TORTURE_PAYLOADS", tt_long() ? 150000 : 3000);
	long tried[NMUT] = { 0 }, verdicts[8] = { 0 }, accepted = 0, identical = 0, redeemed_tried = 0;
	long redeemed_accepted = 0, outcomes[LB_OUT_COUNT] = { 0 }, genuine_ok = 0, wrong_refused = 0;
	long good_redeemed = 0;
	double t0;
	lb_day jan = lb_day_from_ymd(2026, 1, 10);

	rng.s = (uint64_t)tt_env_long("LUMBUNG_TORTURE_SEED", 0x0f0f9e7);
	if (lb_hash_init(&e) || lb_crypto_init(&e))
		tt_die("%s", e.msg);
	tt_world_build(&w, 30);
	if (lb_db_open(w.db, LB_DB_EXISTING, &db, &e))
		tt_die("%s", e.msg);
	if (lb_key_load(w.key, &k.cur, &e))
		tt_die("%s", e.msg);
	allocate("SEMBAKO", "2026-01", &k.cur);
	allocate("PKH", "2026-01", &k.cur);
	k.old_id = k.cur.id;
	if (lb_signing_key_rotate(db, w.key, &old, &nw, archive, sizeof archive, &e))
		tt_die("rotate: %s", e.msg);
	lb_key_wipe(&k.cur);
	if (lb_key_load(w.key, &k.cur, &e))
		tt_die("%s", e.msg);
	allocate("SEMBAKO", "2026-02", &k.cur);
	snprintf(stranger_path, sizeof stranger_path, "%s/stranger.key", w.dir);
	if (lb_key_create(stranger_path, &e) || lb_key_load(stranger_path, &k.stranger, &e))
		tt_die("stranger key: %s", e.msg);
	tt_note("%zu genuine slips of 3 rounds, signed with key %08x (retired) and %08x; a stranger key %08x",
		nslips, k.old_id, k.cur.id, k.stranger.id);

	/* Every genuine slip verifies, the retired key's included. */
	for (size_t i = 0; i < nslips; i++) {
		struct lb_voucher_check c;
		if (lb_voucher_verify(db, slips[i].text, strlen(slips[i].text), jan, &c, &e))
			tt_die("verify: %s", e.msg);
		if (c.verdict == LB_VERDICT_GENUINE && c.from_qr && strcmp(c.serial_text, slips[i].serial) == 0)
			genuine_ok++;
		else
			tt_note("genuine slip %s: %s (%s)", slips[i].serial, lb_verdict_name(c.verdict), c.why);
	}
	if (genuine_ok == (long)nslips)
		tt_ok("every genuine slip verifies (%ld, two keys, one of them retired)", genuine_ok);
	else
		tt_fail("%ld of %zu genuine slips verify", genuine_ok, nslips);

	t0 = tt_now();
	for (long i = 0; i < npay; i++) {
		const struct slip *s = &slips[tt_below(&rng, nslips)];
		const struct slip *other = &slips[tt_below(&rng, nslips)];
		int kind = (int)tt_below(&rng, NMUT);
		char text[2 * LB_PAYLOAD_TEXT_MAX];
		struct lb_voucher_check c;
		size_t n;

		if (!mutate(&rng, kind, s, other, &k, text, &n)) {
			identical++; /* blanks appended: the genuine text again */
			continue;
		}
		tried[kind]++;
		if (lb_voucher_verify(db, text, n, jan, &c, &e))
			tt_die("verify: %s", e.msg);
		verdicts[c.verdict < 8 ? c.verdict : 7]++;
		if (c.verdict == LB_VERDICT_GENUINE) {
			accepted++;
			if (accepted <= 5)
				tt_note("ACCEPTED (%s of %s): %.*s", mut_name[kind], s->serial, (int)n, text);
		}
		if (i % 10 == 0) {
			struct lb_redeem_result res;
			int out = redeem(s->point, NULL, 0, text, n, &res);
			redeemed_tried++;
			outcomes[out]++;
			if (out == LB_OUT_ACCEPTED) {
				redeemed_accepted++;
				if (redeemed_accepted <= 5)
					tt_note("REDEEMED (%s of %s): %.*s", mut_name[kind], s->serial, (int)n, text);
			}
		}
	}
	{
		long total = 0;
		for (int i = 0; i < NMUT; i++)
			total += tried[i];
		tt_note("%ld mutated payloads in %.1f s (%ld came out as the genuine text, the same character or blanks appended, not counted)",
			total, tt_now() - t0, identical);
		for (int i = 0; i < NMUT; i++)
			tt_note("  %-12s %8ld", mut_name[i], tried[i]);
		tt_note("verdicts: genuine %ld, unreadable %ld, unknown key %ld, forged %ld, unknown serial %ld, mismatch %ld",
			verdicts[LB_VERDICT_GENUINE], verdicts[LB_VERDICT_UNREADABLE], verdicts[LB_VERDICT_UNKNOWN_KEY],
			verdicts[LB_VERDICT_FORGED], verdicts[LB_VERDICT_UNKNOWN_SERIAL], verdicts[LB_VERDICT_MISMATCH]);
		if (accepted == 0)
			tt_ok("verify: %ld mutated payloads tried, 0 accepted", total);
		else
			tt_fail("verify: %ld mutated payloads tried, %ld accepted", total, accepted);
		for (int i = 0; i < LB_OUT_COUNT; i++)
			if (outcomes[i])
				tt_note("  redeem %-24s %8ld", lb_outcome_code(i), outcomes[i]);
		if (redeemed_accepted == 0)
			tt_ok("redeem: %ld mutated payloads scanned at their point, 0 accepted", redeemed_tried);
		else
			tt_fail("redeem: %ld mutated payloads scanned, %ld accepted", redeemed_tried, redeemed_accepted);
	}

	/* Another program's or round's genuine slip, where only one program
	 * or round is being handed out. */
	for (size_t i = 0; i < nslips; i++) {
		const struct slip *s = &slips[i];
		struct lb_redeem_result res;
		int other_period = s->period == 2026 * 12 ? 2026 * 12 + 1 : 2026 * 12;
		tt_set_today(lb_period_first_day(s->period) + 3);
		wrong_refused += redeem(s->point, strcmp(s->program, "PKH") ? "PKH" : "SEMBAKO", 0, s->text,
					strlen(s->text), &res) == LB_OUT_WRONG_PROGRAM_OR_PERIOD;
		wrong_refused += redeem(s->point, NULL, other_period, s->text, strlen(s->text), &res) ==
				 LB_OUT_WRONG_PROGRAM_OR_PERIOD;
	}
	if (wrong_refused == 2 * (long)nslips)
		tt_ok("every genuine slip is refused for another program and another round (%ld scans)", wrong_refused);
	else
		tt_fail("%ld of %zu wrong-program and wrong-round scans refused as such", wrong_refused, 2 * nslips);

	/* And the genuine ones are accepted where and when they belong. */
	stock_points();
	for (size_t i = 0; i < nslips; i++) {
		struct lb_redeem_result res;
		tt_set_today(lb_period_first_day(slips[i].period) + 3);
		if (redeem(slips[i].point, NULL, 0, slips[i].text, strlen(slips[i].text), &res) == LB_OUT_ACCEPTED)
			good_redeemed++;
		else
			tt_note("genuine slip %s refused: %s", slips[i].serial, res.detail);
	}
	if (good_redeemed == (long)nslips)
		tt_ok("every genuine slip is redeemed at its point in its round (%ld)", good_redeemed);
	else
		tt_fail("%ld of %zu genuine slips redeemed", good_redeemed, nslips);
	{
		struct lb_verify_report rep;
		if (lb_verify(db, &rep, &e))
			tt_fail("verify after redemption: %s", e.msg);
		else
			tt_ok("the ledger verifies after %ld redemption attempts", redeemed_tried + 3 * (long)nslips);
	}
	tt_note("forgery: %ld payloads tried, %ld accepted by verify, %ld scanned at redemption, %ld accepted; %zu genuine slips verified and redeemed",
		npay - identical, accepted, redeemed_tried, redeemed_accepted, nslips);
	lb_key_wipe(&k.cur);
	lb_key_wipe(&k.stranger);
	lb_db_close(db);
	free(slips);
	tt_world_free(&w);
	return tt_done();
}
