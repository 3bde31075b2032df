/*
 * uploads.c — the import files waiting for their confirm. See uploads.h.
 */
#include "web/uploads.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ST_EXPIRED keeps only the token, so that its confirm is told it
 * expired rather than that it never was; its slot is reused first. */
enum { ST_FREE = 0, ST_WAITING, ST_CLAIMED, ST_POSTED, ST_EXPIRED };

struct entry {
	int state;
	char token[LB_TOKEN_HEX + 1];
	int64_t user_id;
	char kind[16];
	unsigned char sha[crypto_hash_sha256_BYTES];
	int64_t made, expires;
	char path[LB_UPLOAD_PATH];
	char rejects[LB_UPLOAD_PATH]; /* "" when none */
	char opts[LB_UPLOAD_OPTS];
};

static struct entry table[LB_UPLOAD_HELD];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int swept;

/* LB_UPLOAD_SECONDS, or less for the tests that see a token expire
 * ($LUMBUNG_UPLOAD_SECONDS, never more than LB_UPLOAD_SECONDS). */
static int64_t lifetime(void)
{
	const char *s = getenv("LUMBUNG_UPLOAD_SECONDS");
	long v = s ? strtol(s, NULL, 10) : 0;
	return v > 0 && v < LB_UPLOAD_SECONDS ? v : LB_UPLOAD_SECONDS;
}

static void folder(lb_db *db, char *out)
{
	snprintf(out, LB_UPLOAD_PATH, "%s.web/impor", lb_db_path(db));
}

/* Free an entry and its files (called with the lock held). */
static void drop(struct entry *x)
{
	if (x->path[0])
		unlink(x->path);
	if (x->rejects[0])
		unlink(x->rejects);
	memset(x, 0, sizeof *x);
}

/* An expired entry's files go, its token stays (with the lock held). */
static void expire(struct entry *x)
{
	if (x->path[0])
		unlink(x->path);
	if (x->rejects[0])
		unlink(x->rejects);
	x->path[0] = x->rejects[0] = '\0';
	x->state = ST_EXPIRED;
}

/* Expired entries go (with the lock held); a claimed one is being posted
 * and goes when its confirm is done. */
static void prune(int64_t now)
{
	for (int i = 0; i < LB_UPLOAD_HELD; i++)
		if (table[i].state != ST_FREE && table[i].state != ST_CLAIMED && table[i].state != ST_EXPIRED &&
		    table[i].expires <= now)
			expire(&table[i]);
}

/* Files left by an earlier server (its tokens died with it). */
static void sweep(const char *dir)
{
	char p[LB_UPLOAD_PATH + 300];
	struct dirent *d;
	DIR *dh;

	if (swept)
		return;
	swept = 1;
	if (!(dh = opendir(dir)))
		return;
	while ((d = readdir(dh)))
		if (d->d_name[0] != '.') {
			snprintf(p, sizeof p, "%s/%s", dir, d->d_name);
			unlink(p);
		}
	closedir(dh);
}

static int make_dir(const char *p, lb_err *e)
{
	if (mkdir(p, 0700) && errno != EEXIST)
		return lb_fail(e, LB_ESYS, "cannot make folder '%s': %s", p, strerror(errno));
	return LB_OK;
}

static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* SHA-256 of a file; -1 when it cannot be read. */
static int sha_file(const char *path, unsigned char out[crypto_hash_sha256_BYTES])
{
	crypto_hash_sha256_state st;
	unsigned char buf[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
	}
	close(fd);
	crypto_hash_sha256_final(&st, out);
	return 0;
}

int lb_upload_keep(lb_db *db, int64_t user_id, const char *kind, const char *opts, const char *data, size_t len,
		   int64_t now, char token[LB_TOKEN_HEX + 1], char *path, lb_err *e)
{
	char dir[LB_UPLOAD_PATH];
	struct entry *slot = NULL, *old_token = NULL, *oldest = NULL, *mine = NULL;
	int fd, rc, n_mine = 0;

	snprintf(dir, sizeof dir, "%s.web", lb_db_path(db));
	if ((rc = make_dir(dir, e)))
		return rc;
	folder(db, dir);
	if ((rc = make_dir(dir, e)))
		return rc;
	pthread_mutex_lock(&lock);
	sweep(dir);
	pthread_mutex_unlock(&lock);

	lb_token_new(token);
	snprintf(path, LB_UPLOAD_PATH, "%s/%s.up", dir, token);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return lb_fail(e, LB_ESYS, "cannot make a file for the upload in '%s': %s", dir, strerror(errno));
	/* no fsync: a file that a crash loses is only a preview to make again
	 * (its token dies with the server anyway) */
	if (write_all(fd, data, len)) {
		rc = lb_fail(e, LB_ESYS, "cannot write the upload to '%s': %s", dir, strerror(errno));
		close(fd);
		unlink(path);
		return rc;
	}
	if (close(fd)) {
		unlink(path);
		return lb_fail(e, LB_ESYS, "cannot write the upload to '%s': %s", dir, strerror(errno));
	}

	pthread_mutex_lock(&lock);
	prune(now);
	for (int i = 0; i < LB_UPLOAD_HELD; i++) {
		struct entry *x = &table[i];
		if (x->state == ST_FREE) {
			if (!slot)
				slot = x;
			continue;
		}
		if (x->state == ST_EXPIRED) {
			if (!old_token || x->made < old_token->made)
				old_token = x;
			continue;
		}
		if (x->state == ST_CLAIMED)
			continue;
		if (!oldest || x->made < oldest->made)
			oldest = x;
		if (x->user_id == user_id) {
			n_mine++;
			if (!mine || x->made < mine->made)
				mine = x;
		}
	}
	/* a user's oldest preview first, then anyone's */
	if (n_mine >= LB_UPLOAD_PER_USER) {
		drop(mine);
		slot = mine;
	} else if (!slot && old_token) {
		drop(old_token);
		slot = old_token;
	} else if (!slot && oldest) {
		drop(oldest);
		slot = oldest;
	}
	if (!slot) {
		pthread_mutex_unlock(&lock);
		unlink(path);
		return lb_fail(e, LB_ESYS, "every upload slot is being posted right now");
	}
	slot->state = ST_WAITING;
	snprintf(slot->token, sizeof slot->token, "%s", token);
	slot->user_id = user_id;
	snprintf(slot->kind, sizeof slot->kind, "%s", kind);
	crypto_hash_sha256(slot->sha, (const unsigned char *)data, (unsigned long long)len);
	slot->made = now;
	slot->expires = now + lifetime();
	snprintf(slot->path, sizeof slot->path, "%s", path);
	slot->rejects[0] = '\0';
	snprintf(slot->opts, sizeof slot->opts, "%s", opts ? opts : "");
	pthread_mutex_unlock(&lock);
	return LB_OK;
}

/* The entry of token (with the lock held), or NULL. */
static struct entry *lookup(const char *token)
{
	if (!token || !lb_token_valid(token))
		return NULL;
	for (int i = 0; i < LB_UPLOAD_HELD; i++)
		if (table[i].state != ST_FREE && sodium_memcmp(table[i].token, token, LB_TOKEN_HEX) == 0)
			return &table[i];
	return NULL;
}

/* The entry of token if it is user_id's and kind's and alive (with the
 * lock held): LB_UP_OK and *out, or why not. */
static int whose(const char *token, int64_t user_id, const char *kind, int64_t now, struct entry **out)
{
	struct entry *x;

	prune(now);
	*out = x = lookup(token);
	if (!x)
		return LB_UP_UNKNOWN;
	if (x->user_id != user_id || strcmp(x->kind, kind) != 0)
		return LB_UP_OTHER;
	if (x->state == ST_EXPIRED)
		return LB_UP_EXPIRED;
	return LB_UP_OK;
}

int lb_upload_find(lb_db *db, int64_t user_id, const char *kind, const char *token, int64_t now, int claim,
		   char *path, char *opts)
{
	unsigned char sha[crypto_hash_sha256_BYTES];
	struct entry *x;
	char file[LB_UPLOAD_PATH];
	int why;

	(void)db;
	pthread_mutex_lock(&lock);
	why = whose(token, user_id, kind, now, &x);
	if (why == LB_UP_OK && x->state == ST_POSTED)
		why = LB_UP_POSTED;
	else if (why == LB_UP_OK && x->state == ST_CLAIMED)
		why = LB_UP_BUSY;
	if (why) {
		pthread_mutex_unlock(&lock);
		return why;
	}
	snprintf(file, sizeof file, "%s", x->path);
	snprintf(opts, LB_UPLOAD_OPTS, "%s", x->opts);
	memcpy(sha, x->sha, sizeof sha);
	if (claim)
		x->state = ST_CLAIMED;
	pthread_mutex_unlock(&lock);

	/* Hashed outside the lock (32 MB takes a moment); a claimed entry
	 * is not dropped meanwhile. */
	{
		unsigned char now_sha[crypto_hash_sha256_BYTES];
		if (sha_file(file, now_sha) || sodium_memcmp(now_sha, sha, sizeof sha) != 0) {
			if (claim)
				lb_upload_release(token);
			return LB_UP_CHANGED;
		}
	}
	snprintf(path, LB_UPLOAD_PATH, "%s", file);
	return LB_UP_OK;
}

void lb_upload_release(const char *token)
{
	struct entry *x;

	pthread_mutex_lock(&lock);
	if ((x = lookup(token)) && x->state == ST_CLAIMED)
		x->state = ST_WAITING;
	pthread_mutex_unlock(&lock);
}

void lb_upload_drop(const char *token)
{
	struct entry *x;

	pthread_mutex_lock(&lock);
	if ((x = lookup(token)) && x->state != ST_CLAIMED)
		drop(x);
	pthread_mutex_unlock(&lock);
}

void lb_upload_posted(const char *token, const char *rejects)
{
	struct entry *x;

	pthread_mutex_lock(&lock);
	if ((x = lookup(token))) {
		unlink(x->path);
		x->path[0] = '\0';
		/* kept as posted, so that a second confirm is told so */
		x->state = ST_POSTED;
		snprintf(x->rejects, sizeof x->rejects, "%s", rejects ? rejects : "");
	}
	pthread_mutex_unlock(&lock);
}

void lb_upload_rejects_path(lb_db *db, const char *token, char *path)
{
	char dir[LB_UPLOAD_PATH];

	folder(db, dir);
	snprintf(path, LB_UPLOAD_PATH, "%s/%.64s.tolak.csv", dir, token);
}

int lb_upload_rejects(lb_db *db, int64_t user_id, const char *kind, const char *token, int64_t now, char *path)
{
	struct entry *x;
	int why;

	(void)db;
	pthread_mutex_lock(&lock);
	why = whose(token, user_id, kind, now, &x);
	if (!why && (x->state != ST_POSTED || !x->rejects[0]))
		why = LB_UP_UNKNOWN; /* nothing left out, or not posted yet */
	if (!why)
		snprintf(path, LB_UPLOAD_PATH, "%s", x->rejects);
	pthread_mutex_unlock(&lock);
	return why;
}
