/*
 * payload.c — the signed QR payload. See payload.h for the layout.
 *
 * The decoder is the one piece of lumbung that reads bytes chosen by a
 * stranger with a printer, so it works on (text, len), never trusts a NUL,
 * bounds every copy by constants, and accepts exactly one text per body:
 * base45 is decoded strictly and the program code's padding is checked,
 * so any change to a genuine text either fails to parse or changes the
 * signed bytes.
 */
#include "voucher/payload.h"

#include <string.h>

#include <sodium.h>

#include "voucher/base45.h"
#include "voucher/keys.h"
#include "voucher/serial.h"

#define PREFIX_LEN (sizeof LB_PAYLOAD_PREFIX - 1)
#define DOMAIN_LEN (sizeof LB_PAYLOAD_DOMAIN) /* with its NUL */
#define RAW_MAX (LB_PAYLOAD_BODY_MAX + LB_PAYLOAD_SIG_LEN)

#define OFF_VERSION 0
#define OFF_KEY_ID 1
#define OFF_PROGRAM 5
#define OFF_PERIOD 13
#define OFF_SERIAL 15
#define OFF_REF 20
#define OFF_LAST_DAY 28

_Static_assert(OFF_LAST_DAY + 2 == LB_PAYLOAD_BODY_LEN, "body layout");
_Static_assert(LB_PAYLOAD_BODY_LEN <= LB_PAYLOAD_BODY_MAX, "body too long");
_Static_assert(LB_PAYLOAD_TEXT_MAX == PREFIX_LEN + RAW_MAX / 2 * 3 +
	       RAW_MAX % 2 * 2 + 1, "text size");

static void put_be(unsigned char *p, uint64_t v, int n)
{
	while (n--) {
		p[n] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

static uint64_t get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static int program_char_ok(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e;
}

/* The signed message: domain separation keeps a voucher signature from
 * ever being valid for anything else the same key might sign. */
static void signed_message(const unsigned char *body, size_t bodylen,
			   unsigned char msg[DOMAIN_LEN + LB_PAYLOAD_BODY_MAX])
{
	memcpy(msg, LB_PAYLOAD_DOMAIN, DOMAIN_LEN);
	memcpy(msg + DOMAIN_LEN, body, bodylen);
}

int lb_payload_encode(const struct lb_voucher_payload *p,
		      const unsigned char sk[64], char *out, size_t outsz,
		      lb_err *e)
{
	unsigned char raw[LB_PAYLOAD_BODY_LEN + LB_PAYLOAD_SIG_LEN];
	unsigned char msg[DOMAIN_LEN + LB_PAYLOAD_BODY_MAX];
	unsigned char *body = raw, *sig = raw + LB_PAYLOAD_BODY_LEN;
	size_t plen, i;
	int rc;

	plen = strnlen(p->program, sizeof p->program);
	if (plen == 0 || plen > LB_PAYLOAD_PROGRAM_MAX)
		return lb_fail(e, LB_EINPUT,
			       "cannot sign voucher %llu: the program code must be 1 to %d characters",
			       (unsigned long long)p->serial,
			       LB_PAYLOAD_PROGRAM_MAX);
	for (i = 0; i < plen; i++)
		if (!program_char_ok((unsigned char)p->program[i]))
			return lb_fail(e, LB_EINPUT,
				       "cannot sign voucher %llu: program code '%.8s' must be printable ASCII without spaces",
				       (unsigned long long)p->serial,
				       p->program);
	if (p->serial > LB_SERIAL_MAX)
		return lb_fail(e, LB_EINPUT,
			       "cannot sign voucher %llu: serials are at most 40 bits",
			       (unsigned long long)p->serial);
	if (outsz < PREFIX_LEN + lb_base45_encoded_len(sizeof raw) + 1)
		return lb_fail(e, LB_EINPUT,
			       "cannot sign voucher %llu: output buffer of %zu bytes is too small",
			       (unsigned long long)p->serial, outsz);
	if (lb_crypto_init(e))
		return LB_ESYS;

	memset(body, 0, LB_PAYLOAD_BODY_LEN);
	body[OFF_VERSION] = LB_PAYLOAD_VERSION;
	put_be(body + OFF_KEY_ID, lb_key_id(sk + 32), 4);
	memcpy(body + OFF_PROGRAM, p->program, plen);
	put_be(body + OFF_PERIOD, p->period, 2);
	put_be(body + OFF_SERIAL, p->serial, 5);
	memcpy(body + OFF_REF, p->recipient_ref, LB_PAYLOAD_REF_LEN);
	put_be(body + OFF_LAST_DAY, p->last_day, 2);

	signed_message(body, LB_PAYLOAD_BODY_LEN, msg);
	if (crypto_sign_detached(sig, NULL, msg, DOMAIN_LEN + LB_PAYLOAD_BODY_LEN,
				 sk))
		return lb_fail(e, LB_ESYS, "cannot sign voucher %llu",
			       (unsigned long long)p->serial);
	/* A slip nobody can verify is worse than no slip: a damaged key in
	 * memory must fail here, not at the village. */
	if (crypto_sign_verify_detached(sig, msg,
					DOMAIN_LEN + LB_PAYLOAD_BODY_LEN,
					sk + 32))
		return lb_fail(e, LB_ESYS,
			       "cannot sign voucher %llu: the signing key does not verify its own signature; reload the key file",
			       (unsigned long long)p->serial);

	memcpy(out, LB_PAYLOAD_PREFIX, PREFIX_LEN);
	rc = lb_base45_encode(raw, sizeof raw, out + PREFIX_LEN,
			      outsz - PREFIX_LEN, e);
	return rc;
}

static int unreadable(lb_err *e, const char *why)
{
	return lb_fail(e, LB_EINPUT, "unreadable voucher QR: %s", why);
}

int lb_payload_decode(const char *text, size_t len,
		      struct lb_voucher_payload *p, unsigned char sig[64],
		      unsigned char body[LB_PAYLOAD_BODY_MAX], size_t *bodylen,
		      lb_err *e)
{
	unsigned char raw[RAW_MAX];
	const unsigned char *prog;
	size_t n, i, plen;

	memset(p, 0, sizeof *p);
	*bodylen = 0;
	/* Scanners in keyboard mode append CR or LF; base45 never ends in
	 * a space (see base45.c), so stripping blanks loses nothing. */
	while (len && (text[len - 1] == '\r' || text[len - 1] == '\n' ||
		       text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len < PREFIX_LEN || memcmp(text, LB_PAYLOAD_PREFIX, PREFIX_LEN))
		return unreadable(e, "it does not start with '" LB_PAYLOAD_PREFIX "', so it is not a lumbung voucher");
	text += PREFIX_LEN;
	len -= PREFIX_LEN;
	if (len > lb_base45_encoded_len(RAW_MAX))
		return unreadable(e, "it is too long");
	if (lb_base45_decode(text, len, raw, sizeof raw, &n, e)) {
		lb_err_prefix(e, "unreadable voucher QR");
		return LB_EINPUT;
	}
	if (n < 1 + LB_PAYLOAD_SIG_LEN)
		return unreadable(e, "it is too short");
	if (raw[OFF_VERSION] != LB_PAYLOAD_VERSION)
		return lb_fail(e, LB_EINPUT,
			       "unreadable voucher QR: payload version %u is unknown to this lumbung (it reads version %d)",
			       raw[OFF_VERSION], LB_PAYLOAD_VERSION);
	if (n != LB_PAYLOAD_BODY_LEN + LB_PAYLOAD_SIG_LEN)
		return unreadable(e, "it has the wrong length for a version 1 payload");

	prog = raw + OFF_PROGRAM;
	for (plen = 0; plen < LB_PAYLOAD_PROGRAM_MAX && prog[plen]; plen++)
		if (!program_char_ok(prog[plen]))
			return unreadable(e, "the program code is not printable ASCII");
	if (plen == 0)
		return unreadable(e, "the program code is empty");
	for (i = plen; i < LB_PAYLOAD_PROGRAM_MAX; i++)
		if (prog[i])
			return unreadable(e, "the program code is not padded with zero bytes");

	p->version = raw[OFF_VERSION];
	p->key_id = (uint32_t)get_be(raw + OFF_KEY_ID, 4);
	memcpy(p->program, prog, plen);
	p->program[plen] = '\0';
	p->period = (uint16_t)get_be(raw + OFF_PERIOD, 2);
	p->serial = get_be(raw + OFF_SERIAL, 5);
	memcpy(p->recipient_ref, raw + OFF_REF, LB_PAYLOAD_REF_LEN);
	p->last_day = (uint16_t)get_be(raw + OFF_LAST_DAY, 2);

	memcpy(body, raw, LB_PAYLOAD_BODY_LEN);
	*bodylen = LB_PAYLOAD_BODY_LEN;
	memcpy(sig, raw + LB_PAYLOAD_BODY_LEN, LB_PAYLOAD_SIG_LEN);
	return LB_OK;
}

int lb_payload_verify(const unsigned char *body, size_t bodylen,
		      const unsigned char sig[64], const unsigned char pk[32])
{
	unsigned char msg[DOMAIN_LEN + LB_PAYLOAD_BODY_MAX];

	if (lb_crypto_init(NULL))
		return LB_ESYS;
	if (bodylen > LB_PAYLOAD_BODY_MAX)
		return LB_ERULE;
	signed_message(body, bodylen, msg);
	if (crypto_sign_verify_detached(sig, msg, DOMAIN_LEN + bodylen, pk))
		return LB_ERULE;
	return LB_OK;
}
