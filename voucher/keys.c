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

static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Make the new directory entry durable; without it a power cut right
 * after "key created" could lose the key that slips are already signed
 * with. */
static int sync_dir_of(const char *path, lb_err *e)
{
	char dir[PATH_MAX_LEN];
	const char *slash = strrchr(path, '/');
	size_t n;
	int fd, rc = LB_OK;

	if (!slash) {
		strcpy(dir, ".");
	} else {
		n = slash == path ? 1 : (size_t)(slash - path);
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	fd = open(dir, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lb_fail(e, LB_ESYS, "cannot open directory '%s' to sync the new key file: %s",
			       dir, strerror(errno));
	if (fsync(fd) && errno != EINVAL && errno != EROFS)
		rc = lb_fail(e, LB_ESYS, "cannot sync directory '%s' after creating the key file: %s",
			     dir, strerror(errno));
	if (close(fd) && rc == LB_OK)
		rc = lb_fail(e, LB_ESYS, "cannot close directory '%s': %s",
			     dir, strerror(errno));
	return rc;
}

static int refuse_existing(const char *path, lb_err *e)
{
	return lb_fail(e, LB_ERULE,
		       "signing key file '%s' already exists: a key is never replaced, because the slips it signed could no longer be checked; choose another path",
		       path);
}

/* Give the finished temporary file its real name without ever replacing
 * a file that appeared meanwhile: link() fails with EEXIST where rename()
 * would overwrite. File systems without hard links (FAT on a USB stick)
 * fall back to a checked rename(), whose window is only that check. */
static int publish(const char *tmp, const char *path, lb_err *e)
{
	struct stat st;

	if (link(tmp, path) == 0) {
		if (unlink(tmp))
			return lb_fail(e, LB_ESYS, "cannot remove temporary key file '%s': %s",
				       tmp, strerror(errno));
		return LB_OK;
	}
	if (errno == EEXIST)
		return refuse_existing(path, e);
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP &&
	    errno != ENOSYS && errno != EMLINK)
		return lb_fail(e, LB_ESYS, "cannot create signing key file '%s': %s",
			       path, strerror(errno));
	if (lstat(path, &st) == 0)
		return refuse_existing(path, e);
	if (errno != ENOENT)
		return lb_fail(e, LB_ESYS, "cannot check '%s': %s", path,
			       strerror(errno));
	if (rename(tmp, path))
		return lb_fail(e, LB_ESYS, "cannot create signing key file '%s': %s",
			       path, strerror(errno));
	return LB_OK;
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
	char tmp[PATH_MAX_LEN];
	struct stat st;
	size_t len;
	int fd, rc, n;

	if (lb_crypto_init(e))
		return LB_ESYS;
	if (!path[0])
		return lb_fail(e, LB_EINPUT, "cannot create a signing key file: no path given");
	n = snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return lb_fail(e, LB_EINPUT, "cannot create signing key file '%.200s...': path is too long",
			       path);
	/* Checked again at publish(); this early check only avoids making a
	 * key for nothing. */
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

	/* mkstemp opens with O_CREAT|O_EXCL and mode 0600, so the secret is
	 * never in a file anyone else could open. */
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = lb_fail(e, LB_ESYS, "cannot create signing key file '%s': %s",
			     path, strerror(errno));
		goto out_wipe;
	}
	if (fchmod(fd, S_IRUSR | S_IWUSR) || write_all(fd, text, len) ||
	    fsync(fd)) {
		rc = lb_fail(e, LB_ESYS, "cannot write signing key file '%s': %s",
			     path, strerror(errno));
		close(fd);
		goto out_unlink;
	}
	if (close(fd)) {
		rc = lb_fail(e, LB_ESYS, "cannot write signing key file '%s': %s",
			     path, strerror(errno));
		goto out_unlink;
	}
	rc = publish(tmp, path, e);
	if (rc)
		goto out_unlink;
	rc = sync_dir_of(path, e);
	goto out_wipe;

out_unlink:
	unlink(tmp); /* best effort: the error already says what failed */
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
