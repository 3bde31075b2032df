/*
 * test_uploads.c — the files an import keeps between its preview and its
 * confirm (web/uploads.h): a token is good only for its user and kind,
 * while its file is unchanged and unexpired, and for one confirm at a
 * time; posting removes the file; the folder and files are private.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/db.h"
#include "core/hash.h"
#include "web/uploads.h"

static void must(int rc, const lb_err *e)
{
	if (rc != LB_OK)
		fail_msg("unexpected failure %d: %s", rc, e->msg);
}

static char dir[64];
static lb_db *db;

static int setup(void **state)
{
	char path[96];
	lb_err e;
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/lumbung-test-uploads.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	must(lb_hash_init(&e), &e);
	must(lb_db_open(path, LB_DB_CREATE, &db, &e), &e);
	return 0;
}

static int teardown(void **state)
{
	char cmd[96];
	(void)state;
	lb_db_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) != 0;
}

static void test_token(void **state)
{
	char token[LB_TOKEN_HEX + 1], path[LB_UPLOAD_PATH], got[LB_UPLOAD_PATH], opts[LB_UPLOAD_OPTS];
	const char *csv = "type,item,qty\nmove,BERAS,1\n";
	struct stat st;
	FILE *f;
	lb_err e;
	(void)state;

	must(lb_upload_keep(db, 7, "stok", "1", csv, strlen(csv), 1000, token, path, &e), &e);
	assert_true(lb_token_valid(token));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal((long)st.st_size, (long)strlen(csv));
	snprintf(got, sizeof got, "%s/t.db.web/impor", dir);
	assert_int_equal(stat(got, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	/* another user, another kind, a token never made, a malformed one */
	assert_int_equal(lb_upload_find(db, 8, "stok", token, 1001, 0, got, opts), LB_UP_OTHER);
	assert_int_equal(lb_upload_find(db, 7, "penerima", token, 1001, 0, got, opts), LB_UP_OTHER);
	assert_int_equal(lb_upload_find(db, 7, "stok", "ab", 1001, 0, got, opts), LB_UP_UNKNOWN);
	assert_int_equal(lb_upload_find(db, 7, "stok", NULL, 1001, 0, got, opts), LB_UP_UNKNOWN);
	memset(got, 0, sizeof got);
	got[0] = token[0] == 'a' ? 'b' : 'a';
	memcpy(got + 1, token + 1, LB_TOKEN_HEX - 1);
	assert_int_equal(lb_upload_find(db, 7, "stok", got, 1001, 0, got, opts), LB_UP_UNKNOWN);

	/* its own: the file and the options it was previewed with */
	assert_int_equal(lb_upload_find(db, 7, "stok", token, 1001, 0, got, opts), LB_UP_OK);
	assert_string_equal(got, path);
	assert_string_equal(opts, "1");
	/* one confirm at a time */
	assert_int_equal(lb_upload_find(db, 7, "stok", token, 1001, 1, got, opts), LB_UP_OK);
	assert_int_equal(lb_upload_find(db, 7, "stok", token, 1001, 1, got, opts), LB_UP_BUSY);
	lb_upload_release(token);
	assert_int_equal(lb_upload_find(db, 7, "stok", token, 1001, 1, got, opts), LB_UP_OK);
	/* posted: the file goes, a second confirm is told so */
	lb_upload_posted(token, NULL);
	assert_int_not_equal(stat(path, &st), 0);
	assert_int_equal(lb_upload_find(db, 7, "stok", token, 1002, 1, got, opts), LB_UP_POSTED);
	assert_int_equal(lb_upload_rejects(db, 7, "stok", token, 1002, got), LB_UP_UNKNOWN);

	/* a file changed on disk is not the one previewed */
	must(lb_upload_keep(db, 7, "stok", "", csv, strlen(csv), 1000, token, path, &e), &e);
	assert_non_null(f = fopen(path, "a"));
	fputs("move,BERAS,99\n", f);
	fclose(f);
	assert_int_equal(lb_upload_find(db, 7, "stok", token, 1001, 1, got, opts), LB_UP_CHANGED);
	lb_upload_drop(token);
	assert_int_not_equal(stat(path, &st), 0);
	assert_int_equal(lb_upload_find(db, 7, "stok", token, 1001, 0, got, opts), LB_UP_UNKNOWN);
}

static void test_expiry_and_rejects(void **state)
{
	char token[LB_TOKEN_HEX + 1], path[LB_UPLOAD_PATH], got[LB_UPLOAD_PATH], opts[LB_UPLOAD_OPTS];
	char rej[LB_UPLOAD_PATH];
	struct stat st;
	FILE *f;
	lb_err e;
	(void)state;

	must(lb_upload_keep(db, 9, "penerima", "0", "nik\n", 4, 5000, token, path, &e), &e);
	assert_int_equal(lb_upload_find(db, 9, "penerima", token, 5000 + LB_UPLOAD_SECONDS - 1, 0, got, opts), LB_UP_OK);
	assert_int_equal(lb_upload_find(db, 9, "penerima", token, 5000 + LB_UPLOAD_SECONDS, 0, got, opts),
			 LB_UP_EXPIRED);
	assert_int_not_equal(stat(path, &st), 0); /* its file went with it */

	/* a good-rows-only posting keeps its rejects until the token expires */
	must(lb_upload_keep(db, 9, "penerima", "0", "nik\n", 4, 6000, token, path, &e), &e);
	assert_int_equal(lb_upload_find(db, 9, "penerima", token, 6001, 1, got, opts), LB_UP_OK);
	lb_upload_rejects_path(db, token, rej);
	assert_non_null(f = fopen(rej, "w"));
	fputs("nik,reason\n", f);
	fclose(f);
	lb_upload_posted(token, rej);
	assert_int_equal(lb_upload_rejects(db, 9, "penerima", token, 6002, got), LB_UP_OK);
	assert_string_equal(got, rej);
	assert_int_equal(lb_upload_rejects(db, 10, "penerima", token, 6002, got), LB_UP_OTHER);
	assert_int_equal(lb_upload_rejects(db, 9, "penerima", token, 6000 + LB_UPLOAD_SECONDS, got), LB_UP_EXPIRED);
	assert_int_not_equal(stat(rej, &st), 0);
}

static void test_limits(void **state)
{
	char first[LB_TOKEN_HEX + 1], token[LB_TOKEN_HEX + 1], path[LB_UPLOAD_PATH], got[LB_UPLOAD_PATH],
		opts[LB_UPLOAD_OPTS];
	lb_err e;
	(void)state;

	/* a user's oldest waiting file makes room for a new one */
	must(lb_upload_keep(db, 11, "saring", "", "nik\n", 4, 7000, first, path, &e), &e);
	for (int i = 1; i < LB_UPLOAD_PER_USER; i++)
		must(lb_upload_keep(db, 11, "saring", "", "nik\n", 4, 7000 + i, token, path, &e), &e);
	assert_int_equal(lb_upload_find(db, 11, "saring", first, 7010, 0, got, opts), LB_UP_OK);
	must(lb_upload_keep(db, 11, "saring", "", "nik\n", 4, 7100, token, path, &e), &e);
	assert_int_equal(lb_upload_find(db, 11, "saring", first, 7101, 0, got, opts), LB_UP_UNKNOWN);
	assert_int_equal(lb_upload_find(db, 11, "saring", token, 7101, 0, got, opts), LB_UP_OK);
	/* and the store never holds more than LB_UPLOAD_HELD */
	for (int i = 0; i < LB_UPLOAD_HELD + 5; i++)
		must(lb_upload_keep(db, 100 + i, "saring", "", "nik\n", 4, 8000 + i, token, path, &e), &e);
	assert_int_equal(lb_upload_find(db, 100 + LB_UPLOAD_HELD + 4, "saring", token, 8100, 0, got, opts), LB_UP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_expiry_and_rejects),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
