/*
 * test_keys.c — signing key files: private and atomic creation, refusal
 * to overwrite, and every way loading refuses a file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "voucher/keys.h"
#include "voucher/payload.h"

static char dir[256];

static int setup(void **state)
{
	const char *t = getenv("TMPDIR");

	(void)state;
	if (lb_crypto_init(NULL))
		return -1;
	snprintf(dir, sizeof dir, "%s/lumbung-keys.XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char p[512];
	struct dirent *d;
	DIR *dp;

	(void)state;
	dp = opendir(dir);
	if (!dp)
		return -1;
	while ((d = readdir(dp)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) {
			snprintf(p, sizeof p, "%s/%s", dir, d->d_name);
			if (unlink(p))
				return -1;
		}
	closedir(dp);
	return rmdir(dir);
}

static void path_of(const char *name, char out[512])
{
	snprintf(out, 512, "%s/%s", dir, name);
}

static int entries(void)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	int n = 0;

	assert_non_null(dp);
	while ((d = readdir(dp)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static void read_file(const char *path, char *out, size_t outsz)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	assert_int_equal(fclose(f), 0);
}

static void test_key_id_known_answer(void **state)
{
	/* RFC 8032 test 1 public key; BLAKE2b-256 of it starts 7849ac30. */
	static const unsigned char pk[32] = {
		0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe,
		0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
		0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
	};
	char t[LB_KEY_ID_TEXT_SIZE];

	(void)state;
	assert_int_equal(lb_key_id(pk), 0x7849ac30);
	lb_key_id_text(0x7849ac30, t);
	assert_string_equal(t, "7849ac30");
	lb_key_id_text(0x0000000a, t);
	assert_string_equal(t, "0000000a");
}

static void test_create_and_load(void **state)
{
	struct lb_signing_key k;
	struct lb_voucher_payload p, q;
	unsigned char sig[64], body[LB_PAYLOAD_BODY_MAX];
	char path[512], text[1024], want[1024], hex[129], id[9];
	char qr[LB_PAYLOAD_TEXT_MAX];
	struct stat st;
	size_t bodylen;
	lb_err e;

	(void)state;
	path_of("signing.key", path);
	lb_err_clear(&e);
	assert_int_equal(lb_key_create(path, &e), LB_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(entries(), 1); /* no temporary file left behind */

	assert_int_equal(lb_key_load(path, &k, &e), LB_OK);
	assert_int_equal(k.id, lb_key_id(k.pk));
	assert_memory_equal(k.sk + 32, k.pk, 32);

	/* The file is exactly the documented format. */
	read_file(path, text, sizeof text);
	sodium_bin2hex(hex, sizeof hex, k.sk, 64);
	lb_key_id_text(k.id, id);
	snprintf(want, sizeof want,
		 "lumbung-signing-key v1\nkey-id %s\nsecret-key %s\n", id, hex);
	assert_string_equal(text, want);
	assert_int_equal(strlen(text), 179);

	/* And it signs slips its public key verifies. */
	memset(&p, 0, sizeof p);
	strcpy(p.program, "PKH");
	p.serial = 42;
	assert_int_equal(lb_payload_encode(&p, k.sk, qr, sizeof qr, &e), LB_OK);
	assert_int_equal(lb_payload_decode(qr, strlen(qr), &q, sig, body,
					   &bodylen, &e), LB_OK);
	assert_int_equal(q.key_id, k.id);
	assert_int_equal(lb_payload_verify(body, bodylen, sig, k.pk), LB_OK);

	lb_key_wipe(&k);
	assert_int_equal(k.id, 0);
	assert_true(sodium_is_zero(k.sk, sizeof k.sk));
	sodium_memzero(text, sizeof text);
	sodium_memzero(want, sizeof want);
	sodium_memzero(hex, sizeof hex);
	assert_int_equal(unlink(path), 0);
}

static void test_two_keys_differ(void **state)
{
	struct lb_signing_key a, b;
	char pa[512], pb[512];
	lb_err e;

	(void)state;
	path_of("a.key", pa);
	path_of("b.key", pb);
	assert_int_equal(lb_key_create(pa, &e), LB_OK);
	assert_int_equal(lb_key_create(pb, &e), LB_OK);
	assert_int_equal(lb_key_load(pa, &a, &e), LB_OK);
	assert_int_equal(lb_key_load(pb, &b, &e), LB_OK);
	assert_memory_not_equal(a.sk, b.sk, 64);
	lb_key_wipe(&a);
	lb_key_wipe(&b);
	assert_int_equal(unlink(pa), 0);
	assert_int_equal(unlink(pb), 0);
}

static void test_refuse_overwrite(void **state)
{
	char path[512], before[1024], after[1024], msg[2048];
	lb_err e;

	(void)state;
	path_of("signing.key", path);
	assert_int_equal(lb_key_create(path, &e), LB_OK);
	read_file(path, before, sizeof before);
	lb_err_clear(&e);
	assert_int_equal(lb_key_create(path, &e), LB_ERULE);
	snprintf(msg, sizeof msg,
		 "signing key file '%s' already exists: a key is never replaced, because the slips it signed could no longer be checked; choose another path",
		 path);
	assert_string_equal(e.msg, msg);
	read_file(path, after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(entries(), 1);

	/* Any existing file, not only key files, and a dangling symlink. */
	path_of("notes.txt", path);
	write_file(path, "hello\n", 0644);
	assert_int_equal(lb_key_create(path, &e), LB_ERULE);
	read_file(path, after, sizeof after);
	assert_string_equal(after, "hello\n");
	assert_int_equal(unlink(path), 0);
	path_of("dangling", path);
	assert_int_equal(symlink("nowhere", path), 0);
	assert_int_equal(lb_key_create(path, &e), LB_ERULE);
	assert_int_equal(unlink(path), 0);
	path_of("signing.key", path);
	assert_int_equal(unlink(path), 0);
}

static void test_create_in_missing_dir(void **state)
{
	char path[512];
	lb_err e;

	(void)state;
	path_of("no/such/dir.key", path);
	assert_int_equal(lb_key_create(path, &e), LB_ESYS);
	assert_non_null(strstr(e.msg, "cannot create signing key file '"));
	assert_int_equal(entries(), 0);
}

static void test_refuse_loose_modes(void **state)
{
	struct lb_signing_key k;
	char path[512], msg[2048];
	lb_err e;

	(void)state;
	path_of("signing.key", path);
	assert_int_equal(lb_key_create(path, &e), LB_OK);

	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(lb_key_load(path, &k, &e), LB_ERULE);
	snprintf(msg, sizeof msg,
		 "key file '%s' is readable by others (mode 0644): run chmod 600 '%s'",
		 path, path);
	assert_string_equal(e.msg, msg);
	assert_true(sodium_is_zero(k.sk, sizeof k.sk));

	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(lb_key_load(path, &k, &e), LB_ERULE);
	snprintf(msg, sizeof msg,
		 "key file '%s' is readable by others (mode 0640): run chmod 600 '%s'",
		 path, path);
	assert_string_equal(e.msg, msg);

	assert_int_equal(chmod(path, 0620), 0);
	assert_int_equal(lb_key_load(path, &k, &e), LB_ERULE);
	snprintf(msg, sizeof msg,
		 "key file '%s' is writable by others (mode 0620): run chmod 600 '%s'",
		 path, path);
	assert_string_equal(e.msg, msg);

	assert_int_equal(chmod(path, 0601), 0);
	assert_int_equal(lb_key_load(path, &k, &e), LB_ERULE);
	snprintf(msg, sizeof msg,
		 "key file '%s' is accessible by others (mode 0601): run chmod 600 '%s'",
		 path, path);
	assert_string_equal(e.msg, msg);

	assert_int_equal(chmod(path, 0400), 0); /* read-only for the owner is fine */
	assert_int_equal(lb_key_load(path, &k, &e), LB_OK);
	lb_key_wipe(&k);
	assert_int_equal(unlink(path), 0);
}

static void test_missing_and_not_regular(void **state)
{
	struct lb_signing_key k;
	char path[512], msg[2048];
	lb_err e;

	(void)state;
	path_of("absent.key", path);
	assert_int_equal(lb_key_load(path, &k, &e), LB_EINPUT);
	snprintf(msg, sizeof msg,
		 "signing key file '%s' does not exist: a database without a key gets one with 'lumbung key init'; if this database's key file was lost, 'lumbung key rotate --lost --reason TEXT' makes a new one",
		 path);
	assert_string_equal(e.msg, msg);

	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(lb_key_load(dir, &k, &e), LB_EINPUT);
	snprintf(msg, sizeof msg, "signing key file '%s' is not a regular file", dir);
	assert_string_equal(e.msg, msg);
}

/* A valid file for seed s, for the malformed variants to start from. */
static void valid_text(char *out, size_t outsz, uint32_t *idp)
{
	unsigned char seed[32], pk[32], sk[64];
	char hex[129], id[9];

	memset(seed, 7, sizeof seed);
	assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
	sodium_bin2hex(hex, sizeof hex, sk, sizeof sk);
	*idp = lb_key_id(pk);
	lb_key_id_text(*idp, id);
	snprintf(out, outsz, "lumbung-signing-key v1\nkey-id %s\nsecret-key %s\n",
		 id, hex);
}

static void load_fails(const char *text, const char *why)
{
	struct lb_signing_key k;
	char path[512], msg[2048];
	lb_err e;

	path_of("bad.key", path);
	write_file(path, text, 0600);
	lb_err_clear(&e);
	assert_int_equal(lb_key_load(path, &k, &e), LB_EINPUT);
	snprintf(msg, sizeof msg,
		 "signing key file '%s' is malformed: %s; restore it from a backup copy",
		 path, why);
	assert_string_equal(e.msg, msg);
	assert_true(sodium_is_zero((unsigned char *)&k, sizeof k));
	assert_int_equal(unlink(path), 0);
}

static void load_ok(const char *text, uint32_t id)
{
	struct lb_signing_key k;
	char path[512];
	lb_err e;

	path_of("ok.key", path);
	write_file(path, text, 0600);
	assert_int_equal(lb_key_load(path, &k, &e), LB_OK);
	assert_int_equal(k.id, id);
	lb_key_wipe(&k);
	assert_int_equal(unlink(path), 0);
}

static void test_malformed(void **state)
{
	static const char *first = "the first line is not 'lumbung-signing-key v1'";
	static const char *second = "the second line is not 'key-id' and 8 hex digits";
	static const char *third = "the third line is not 'secret-key' and 128 hex digits";
	char good[512], t[1200], wrongid[2048], path[512];
	uint32_t id;
	char *p;

	(void)state;
	valid_text(good, sizeof good, &id);
	load_ok(good, id);
	/* Tolerated: no final newline, CRLF line ends, trailing blank lines. */
	snprintf(t, sizeof t, "%.*s", (int)strlen(good) - 1, good);
	load_ok(t, id);
	snprintf(t, sizeof t,
		 "lumbung-signing-key v1\r\nkey-id %.8s\r\nsecret-key %.128s\r\n",
		 good + 30, good + 50);
	load_ok(t, id);
	snprintf(t, sizeof t, "%s\n\n", good);
	load_ok(t, id);

	load_fails("", first);
	load_fails("\n", first);
	load_fails("lumbung-signing-key v2\n", first);
	snprintf(t, sizeof t, " %s", good);
	load_fails(t, first);
	load_fails("lumbung-signing-key v1\n", second);
	load_fails("lumbung-signing-key v1\nkey-id 1234567\n", second);
	load_fails("lumbung-signing-key v1\nkey-id 123456789\n", second);
	load_fails("lumbung-signing-key v1\nkey-id 1234567g\n", second);
	load_fails("lumbung-signing-key v1\nkeyid 12345678\n", second);

	snprintf(t, sizeof t, "%.39s", good); /* header and key-id only */
	load_fails(t, third);
	snprintf(t, sizeof t, "%.177s\n", good); /* one hex digit short */
	load_fails(t, third);
	snprintf(t, sizeof t, "%.178s0\n", good); /* one hex digit long */
	load_fails(t, third);
	strcpy(t, good);
	t[100] = 'x';
	load_fails(t, third);
	snprintf(t, sizeof t, "%sextra\n", good);
	load_fails(t, "there is text after the secret key");

	/* The public half disagrees with the seed. */
	strcpy(t, good);
	p = t + strlen(t) - 2;
	*p = *p == '0' ? '1' : '0';
	load_fails(t, "the public half of the secret key does not match its seed");

	/* The key-id line disagrees with the key. */
	strcpy(t, good);
	memcpy(t + 30, id == 0x12345678 ? "87654321" : "12345678", 8);
	path_of("bad.key", path);
	snprintf(wrongid, sizeof wrongid,
		 "signing key file '%s' is malformed: it says key-id %s but the key's id is %.8s; restore it from a backup copy",
		 path, id == 0x12345678 ? "87654321" : "12345678", good + 30);
	{
		struct lb_signing_key k;
		lb_err e;

		write_file(path, t, 0600);
		assert_int_equal(lb_key_load(path, &k, &e), LB_EINPUT);
		assert_string_equal(e.msg, wrongid);
		assert_int_equal(unlink(path), 0);
	}

	/* Far too long. */
	memset(t, 'a', sizeof t - 1);
	t[sizeof t - 1] = '\0';
	memcpy(t, good, strlen(good));
	load_fails(t, "it is far longer than a key file");
	sodium_memzero(good, sizeof good);
	sodium_memzero(t, sizeof t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_id_known_answer),
		cmocka_unit_test(test_create_and_load),
		cmocka_unit_test(test_two_keys_differ),
		cmocka_unit_test(test_refuse_overwrite),
		cmocka_unit_test(test_create_in_missing_dir),
		cmocka_unit_test(test_refuse_loose_modes),
		cmocka_unit_test(test_missing_and_not_regular),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
