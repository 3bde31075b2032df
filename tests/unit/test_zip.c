/*
 * test_zip.c — the zip of documents (doc/zip.h): entries written through
 * their fd sinks come back from the archive under their names and with
 * their bytes, stored; a dropped entry is not in it; a name that could
 * climb out of a folder is refused; and nothing is left on disk, whether
 * the archive was finished or given up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "doc/zip.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/lumbung-test-zip.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

/* Entries in dir: only the archive's own folder while it is open. */
static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while (d && (de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static void write_entry(lb_zip *z, const char *text)
{
	struct lb_sink sink;
	lb_sink_w w;
	lb_err e;

	assert_int_equal(lb_zip_entry(z, &sink, &e), LB_OK);
	assert_int_equal(lb_sink_open(&w, &sink, &e), LB_OK);
	assert_true(fputs(text, w.f) >= 0);
	assert_int_equal(lb_sink_commit(&w, &e), LB_OK);
}

static void test_round_trip(void **state)
{
	lb_zip *z;
	lb_err e;
	int fd, err = 0;
	int64_t size;
	char path[128], buf[64];
	zip_t *za;
	zip_stat_t st;
	zip_file_t *f;
	FILE *out;

	(void)state;
	assert_int_equal(lb_zip_open(&z, dir, &e), LB_OK);
	assert_int_equal(entries(), 1);
	write_entry(z, "desa satu");
	assert_int_equal(lb_zip_entry_add(z, "BAST-1-jahab.pdf", &e), LB_OK);
	write_entry(z, "dibuang");
	lb_zip_entry_drop(z);
	write_entry(z, "desa dua");
	assert_int_equal(lb_zip_entry_add(z, "BAST-2-loa-ipuh.pdf", &e), LB_OK);
	write_entry(z, "naik");
	assert_int_equal(lb_zip_entry_add(z, "../keluar.pdf", &e), LB_ESYS);
	assert_string_equal(e.msg, "'../keluar.pdf' cannot name an archive entry");
	assert_int_equal(lb_zip_count(z), 2);
	assert_int_equal(lb_zip_finish(z, &fd, &size, &e), LB_OK);
	assert_int_equal(entries(), 0);
	assert_true(size > 0);

	/* read it back through a copy: the archive itself has no name any more */
	snprintf(path, sizeof path, "%s.zip", dir);
	assert_non_null(out = fopen(path, "wb"));
	for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;)
		assert_int_equal(fwrite(buf, 1, (size_t)n, out), (size_t)n);
	assert_int_equal(fclose(out), 0);
	close(fd);
	assert_non_null(za = zip_open(path, ZIP_RDONLY, &err));
	assert_int_equal(zip_get_num_entries(za, 0), 2);
	assert_string_equal(zip_get_name(za, 0, 0), "BAST-1-jahab.pdf");
	assert_string_equal(zip_get_name(za, 1, 0), "BAST-2-loa-ipuh.pdf");
	assert_int_equal(zip_stat_index(za, 1, 0, &st), 0);
	assert_int_equal(st.comp_method, ZIP_CM_STORE);
	assert_int_equal(st.size, 8);
	assert_non_null(f = zip_fopen_index(za, 1, 0));
	assert_int_equal(zip_fread(f, buf, sizeof buf), 8);
	assert_memory_equal(buf, "desa dua", 8);
	zip_fclose(f);
	zip_discard(za);
	unlink(path);
}

static void test_discard_and_empty(void **state)
{
	lb_zip *z;
	lb_err e;
	int fd;
	int64_t size;

	(void)state;
	/* given up halfway: nothing stays */
	assert_int_equal(lb_zip_open(&z, dir, &e), LB_OK);
	write_entry(z, "desa satu");
	assert_int_equal(lb_zip_entry_add(z, "a.pdf", &e), LB_OK);
	write_entry(z, "setengah");
	lb_zip_discard(z);
	assert_int_equal(entries(), 0);
	lb_zip_discard(NULL);
	/* an archive with no entry is never made */
	assert_int_equal(lb_zip_open(&z, dir, &e), LB_OK);
	assert_int_equal(lb_zip_finish(z, &fd, &size, &e), LB_ESYS);
	assert_string_equal(e.msg, "an archive needs at least one entry");
	assert_int_equal(fd, -1);
	assert_int_equal(entries(), 0);
	/* a folder that is not there */
	assert_int_equal(lb_zip_open(&z, "/tmp/lumbung-no-such-folder/x", &e), LB_ESYS);
	assert_null(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_discard_and_empty),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
