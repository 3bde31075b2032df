/*
 * keys.c — signing key files and key ids. See keys.h for the file format.
 *
 * A signing key is the one secret that makes slips unforgeable, so the
 * file is created private from its first byte, written under a temporary
 * name and only then given its real name without ever replacing an
 * existing key, and every copy of the secret in memory is wiped.
 */
#include "voucher/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/file.h"

#define HEADER "lumbung-signing-key v1"
#define ID_TAG "key-id "
#define SK_TAG "secret-key "
/* A well-formed file is 179 bytes; read a little more to notice junk. */
#define FILE_MAX 512
#define PATH_MAX_LEN 4096

int lb_crypto_init(lb_err *e)
{
	/* sodium_init is itself idempotent and thread-safe: 0 the first
	 * time, 1 afterwards, -1 when it cannot start (no entropy). */
	if (sodium_init() < 0)
		return lb_fail(e, LB_ESYS,
			       "cannot start libsodium: no secure random source is available");
	return LB_OK;
}

uint32_t lb_key_id(const unsigned char pk[LB_KEY_PUBLIC_BYTES])
{
	unsigned char h[crypto_generichash_BYTES];
	uint32_t id;

	if (lb_crypto_init(NULL))
		return 0;
	if (crypto_generichash(h, sizeof h, pk, LB_KEY_PUBLIC_BYTES, NULL, 0))
		return 0;
	id = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	     (uint32_t)h[2] << 8 | (uint32_t)h[3];
	return id;
}

void lb_key_id_text(uint32_t id, char out[LB_KEY_ID_TEXT_SIZE])
{
	snprintf(out, LB_KEY_ID_TEXT_SIZE, "%08lx", (unsigned long)id);
}

void lb_key_wipe(struct lb_signing_key *k)
{
	sodium_memzero(k, sizeof *k);
}

static int refuse_existing(const char *path, lb_err *e)
{
	return lb_fail(e, LB_ERULE,
		       "signing key file '%s' already exists: a key is never replaced, because the slips it signed could no longer be checked; choose another path",
		       path);
}

/* A key that cannot be created is the system's failure whatever the
 * reason (no folder, no room): core/file.h's reason, in the key's words. */
static int create_failed(const char *path, lb_err *e)
{
	char why[LB_ERR_MAX];
	const char *p = strstr(e->msg, "': ");

	snprintf(why, sizeof why, "%s", p ? p + 3 : e->msg);
	return lb_fail(e, LB_ESYS, "cannot create signing key file '%s': %s", path, why);
}

static int format_key_file(const struct lb_signing_key *k, char *out,
			   size_t outsz, lb_err *e)
{
	char hex[LB_KEY_SECRET_BYTES * 2 + 1];
	char id[LB_KEY_ID_TEXT_SIZE];
	int n;

	sodium_bin2hex(hex, sizeof hex, k->sk, sizeof k->sk);
	lb_key_id_text(k->id, id);
	n = snprintf(out, outsz, HEADER "\n" ID_TAG "%s\n" SK_TAG "%s\n",
		     id, hex);
	sodium_memzero(hex, sizeof hex);
	if (n < 0 || (size_t)n >= outsz)
		return lb_fail(e, LB_ESYS, "cannot format the signing key file");
	return LB_OK;
}

int lb_key_create(const char *path, lb_err *e)
{
	struct lb_signing_key k;
	char text[FILE_MAX];
	struct stat st;
	lb_file f;
	size_t len;
	int rc;

	if (lb_crypto_init(e))
		return LB_ESYS;
	if (!path[0])
		return lb_fail(e, LB_EINPUT, "cannot create a signing key file: no path given");
	if (strlen(path) + 16 > PATH_MAX_LEN)
		return lb_fail(e, LB_EINPUT, "cannot create signing key file '%.200s...': path is too long",
			       path);
	/* Checked again when the file takes its name (lb_file_commit_new);
	 * this early check only avoids making a key for nothing. */
	if (lstat(path, &st) == 0)
		return refuse_existing(path, e);
	if (errno != ENOENT)
		return lb_fail(e, LB_ESYS, "cannot create signing key file '%s': %s",
			       path, strerror(errno));

	if (crypto_sign_keypair(k.pk, k.sk)) {
		lb_key_wipe(&k);
		return lb_fail(e, LB_ESYS, "cannot generate a signing key");
	}
	k.id = lb_key_id(k.pk);
	rc = format_key_file(&k, text, sizeof text, e);
	lb_key_wipe(&k);
	if (rc)
		goto out_wipe;
	len = strlen(text);

	/* A private temporary file (mkstemp: O_EXCL, 0600), so the secret is
	 * never in a file anyone else could open (core/file.h). */
	if ((rc = lb_file_open(&f, path, 0, e))) {
		rc = lstat(path, &st) == 0 ? refuse_existing(path, e) : create_failed(path, e);
		goto out_wipe;
	}
	/* unbuffered: the secret is never copied into stdio's buffer */
	setvbuf(f.f, NULL, _IONBF, 0);
	if (fwrite(text, 1, len, f.f) != len) {
		rc = lb_fail(e, LB_ESYS, "cannot write signing key file '%s': %s", path, strerror(errno));
		lb_file_abort(&f);
		goto out_wipe;
	}
	/* never replaces a file, even one that appeared meanwhile */
	if ((rc = lb_file_commit_new(&f, e)) == LB_ERULE)
		rc = refuse_existing(path, e);

out_wipe:
	sodium_memzero(text, sizeof text);
	return rc;
}

/* Next line of s[0..len) starting at *pos, without its "\n" or "\r\n";
 * NULL at the end. */
static const char *next_line(const char *s, size_t len, size_t *pos,
			     size_t *linelen)
{
	const char *start, *nl;

	if (*pos >= len)
		return NULL;
	start = s + *pos;
	nl = memchr(start, '\n', len - *pos);
	if (nl) {
		*linelen = (size_t)(nl - start);
		*pos += *linelen + 1;
	} else {
		*linelen = len - *pos;
		*pos = len;
	}
	if (*linelen && start[*linelen - 1] == '\r')
		(*linelen)--;
	return start;
}

static int malformed(const char *path, const char *why, lb_err *e)
{
	return lb_fail(e, LB_EINPUT,
		       "signing key file '%s' is malformed: %s; restore it from a backup copy",
		       path, why);
}

static int parse_key_file(const char *path, const char *s, size_t len,
			  struct lb_signing_key *k, lb_err *e)
{
	unsigned char idbin[4];
	unsigned char pk[LB_KEY_PUBLIC_BYTES];
	unsigned char sk[LB_KEY_SECRET_BYTES];
	const char *line, *end;
	size_t pos = 0, ll, binlen;
	uint32_t id;
	int rc = LB_OK;

	line = next_line(s, len, &pos, &ll);
	if (!line || ll != strlen(HEADER) || memcmp(line, HEADER, ll))
		return malformed(path, "the first line is not '" HEADER "'", e);

	line = next_line(s, len, &pos, &ll);
	if (!line || ll != strlen(ID_TAG) + 8 ||
	    memcmp(line, ID_TAG, strlen(ID_TAG)) ||
	    sodium_hex2bin(idbin, sizeof idbin, line + strlen(ID_TAG), 8,
			   NULL, &binlen, &end) || binlen != 4 ||
	    end != line + ll)
		return malformed(path, "the second line is not 'key-id' and 8 hex digits", e);
	id = (uint32_t)idbin[0] << 24 | (uint32_t)idbin[1] << 16 |
	     (uint32_t)idbin[2] << 8 | (uint32_t)idbin[3];

	line = next_line(s, len, &pos, &ll);
	if (!line || ll != strlen(SK_TAG) + 2 * LB_KEY_SECRET_BYTES ||
	    memcmp(line, SK_TAG, strlen(SK_TAG)) ||
	    sodium_hex2bin(sk, sizeof sk, line + strlen(SK_TAG),
			   2 * LB_KEY_SECRET_BYTES, NULL, &binlen, &end) ||
	    binlen != LB_KEY_SECRET_BYTES || end != line + ll) {
		rc = malformed(path, "the third line is not 'secret-key' and 128 hex digits", e);
		goto out;
	}
	while ((line = next_line(s, len, &pos, &ll)))
		if (ll) {
			rc = malformed(path, "there is text after the secret key", e);
			goto out;
		}

	/* The stored public half must be the one the seed gives, or a
	 * damaged file would sign slips no one can verify. */
	if (crypto_sign_seed_keypair(pk, k->sk, sk)) {
		rc = lb_fail(e, LB_ESYS, "cannot derive the key pair of '%s'", path);
		goto out;
	}
	if (sodium_memcmp(k->sk, sk, sizeof sk)) {
		rc = malformed(path, "the public half of the secret key does not match its seed", e);
		goto out;
	}
	memcpy(k->pk, pk, sizeof pk);
	k->id = lb_key_id(pk);
	if (k->id != id) {
		char want[LB_KEY_ID_TEXT_SIZE];

		lb_key_id_text(k->id, want);
		rc = lb_fail(e, LB_EINPUT,
			     "signing key file '%s' is malformed: it says key-id %08lx but the key's id is %s; restore it from a backup copy",
			     path, (unsigned long)id, want);
	}
out:
	sodium_memzero(sk, sizeof sk);
	return rc;
}

int lb_key_load(const char *path, struct lb_signing_key *k, lb_err *e)
{
	char text[FILE_MAX + 1];
	struct stat st;
	size_t len = 0;
	ssize_t r;
	int fd, rc;

	lb_key_wipe(k);
	if (lb_crypto_init(e))
		return LB_ESYS;
	/* O_NONBLOCK: a FIFO given as the key file must not hang here; it is
	 * refused below as not a regular file. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return lb_fail(e, LB_EINPUT,
				       "signing key file '%s' does not exist: a database without a key gets one with 'lumbung key init'; if this database's key file was lost, 'lumbung key rotate --lost --reason TEXT' makes a new one",
				       path);
		return lb_fail(e, LB_ESYS, "cannot open signing key file '%s': %s",
			       path, strerror(errno));
	}
	/* fstat on the open file, not stat on the name, so the mode we
	 * judge belongs to the bytes we read. */
	if (fstat(fd, &st)) {
		rc = lb_fail(e, LB_ESYS, "cannot check signing key file '%s': %s",
			     path, strerror(errno));
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = lb_fail(e, LB_EINPUT, "signing key file '%s' is not a regular file",
			     path);
		goto out_close;
	}
	if (st.st_uid != geteuid()) {
		rc = lb_fail(e, LB_ERULE, "key file '%s' belongs to another user (uid %lu): a signing key is its holder's own",
			     path, (unsigned long)st.st_uid);
		goto out_close;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		rc = lb_fail(e, LB_ERULE,
			     "key file '%s' is %s by others (mode %04o): run chmod 600 '%s'",
			     path,
			     st.st_mode & (S_IRGRP | S_IROTH) ? "readable" :
			     st.st_mode & (S_IWGRP | S_IWOTH) ? "writable" :
			     "accessible",
			     (unsigned)(st.st_mode & 07777), path);
		goto out_close;
	}
	for (;;) {
		r = read(fd, text + len, sizeof text - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = lb_fail(e, LB_ESYS, "cannot read signing key file '%s': %s",
				     path, strerror(errno));
			goto out_close;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == sizeof text) {
			rc = malformed(path, "it is far longer than a key file", e);
			goto out_close;
		}
	}
	rc = parse_key_file(path, text, len, k, e);
out_close:
	if (close(fd) && rc == LB_OK)
		rc = lb_fail(e, LB_ESYS, "cannot close signing key file '%s': %s",
			     path, strerror(errno));
	sodium_memzero(text, sizeof text);
	if (rc)
		lb_key_wipe(k);
	return rc;
}
