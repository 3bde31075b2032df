/*
 * test_xlsx.c — Excel workbooks: text stays text, numbers stay numbers,
 * formulas cannot sneak in, and the file appears whole or not at all.
 *
 * The workbook is read back by unzipping its XML parts (with unzip, or
 * python3's zipfile when unzip is missing).
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
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "doc/xlsx.h"

static char dir[256];

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/lb-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int count_files(const char *path)
{
	struct dirent *d;
	int n = 0;
	DIR *dp = opendir(path);

	assert_non_null(dp);
	while ((d = readdir(dp)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static int teardown(void **state)
{
	struct dirent *d;
	char sub[512];
	DIR *dp = opendir(dir);

	while (dp && (d = readdir(dp))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(sub, sizeof sub, "%s/%s", dir, d->d_name);
		if (rmdir(sub))
			unlink(sub);
	}
	if (dp)
		closedir(dp);
	rmdir(dir);
	return 0;
}

#define OK(call) do { \
	lb_err_clear(&e); \
	if ((call) != LB_OK) \
		fail_msg("%s: %s", #call, e.msg); \
} while (0)

static int have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* One member of the zip file, or a cmocka skip when nothing here can
 * unzip. */
static void zip_member(const char *zip, const char *member, lb_buf *out)
{
	char cmd[800], chunk[4096];
	size_t got;
	lb_err e;
	FILE *f;

	if (have("unzip"))
		snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", zip, member);
	else if (have("python3"))
		snprintf(cmd, sizeof cmd,
			 "python3 -c 'import sys, zipfile; "
			 "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' '%s' '%s'",
			 zip, member);
	else
		skip();
	lb_buf_reset(out);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(lb_buf_add(out, chunk, got, &e), LB_OK);
	assert_int_equal(pclose(f), 0);
	assert_true(out->len > 0);
}

static const char *const titles[] = { "No", "NIK", "Nama", "Nilai Bantuan", "Tanggal" };

static void test_workbook(void **state)
{
	lb_xlsx_sheet *s, *s2;
	lb_xlsx *x = NULL;
	char path[300];
	lb_err e;
	lb_buf b;

	lb_buf_init(&b);
	snprintf(path, sizeof path, "%s/realisasi.xlsx", dir);
	OK(lb_xlsx_open(&x, path, &e));
	/* nothing under the final name until the close */
	assert_int_equal(access(path, F_OK), -1);
	OK(lb_xlsx_sheet_add(x, "Realisasi", &s, &e));
	OK(lb_xlsx_sheet_add(x, "Ringkasan", &s2, &e));
	OK(lb_xlsx_header(s, 0, titles, 5, &e));
	OK(lb_xlsx_col_width(s, 1, 1, 20, &e));
	OK(lb_xlsx_col_width(s, 2, 4, 30, &e));

	OK(lb_xlsx_int(s, 1, 0, 1, &e));
	OK(lb_xlsx_text(s, 1, 1, "6402010101900001", &e));
	OK(lb_xlsx_text(s, 1, 2, "=1+1", &e));
	OK(lb_xlsx_rupiah(s, 1, 3, 1234500, &e));
	OK(lb_xlsx_date(s, 1, 4, 2026, 1, 15, &e));

	OK(lb_xlsx_int(s, 2, 0, 2, &e));
	OK(lb_xlsx_text(s, 2, 1, "0064020101900002", &e));
	OK(lb_xlsx_text(s, 2, 2, "Ñoman Sitompul", &e));
	OK(lb_xlsx_rupiah(s, 2, 3, 300000, &e));
	OK(lb_xlsx_date(s, 2, 4, 2024, 2, 29, &e));

	OK(lb_xlsx_text(s, 3, 0, "-", &e));
	OK(lb_xlsx_text(s, 3, 1, "+62812000111", &e));
	OK(lb_xlsx_text(s, 3, 2, "@SUM(A1:A3)", &e));
	OK(lb_xlsx_text(s, 3, 3, "-2+3", &e));
	OK(lb_xlsx_text(s, 3, 4, "\tcmd|' /C calc'!A0", &e));
	OK(lb_xlsx_text(s, 4, 4, NULL, &e));
	OK(lb_xlsx_text_bold(s2, 0, 0, "JUMLAH", &e));
	OK(lb_xlsx_rupiah(s2, 0, 1, 1534500, &e));
	OK(lb_xlsx_int(s2, 1, 1, -999999999999999LL, &e));
	OK(lb_xlsx_close(x, &e));

	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(count_files(dir), 1);

	zip_member(path, "xl/sharedStrings.xml", &b);
	/* every digit of a NIK, leading zeros too, as a string */
	assert_non_null(strstr(b.data, "<t>6402010101900001</t>"));
	assert_non_null(strstr(b.data, "<t>0064020101900002</t>"));
	/* formula-like text is stored as a string, behind an apostrophe */
	assert_non_null(strstr(b.data, "<t>'=1+1</t>"));
	assert_non_null(strstr(b.data, "<t>'+62812000111</t>"));
	assert_non_null(strstr(b.data, "<t>'@SUM(A1:A3)</t>"));
	assert_non_null(strstr(b.data, "<t>'-2+3</t>"));
	assert_non_null(strstr(b.data, "'\tcmd|"));
	assert_non_null(strstr(b.data, "<t>-</t>"));
	assert_non_null(strstr(b.data, "<t>15 Januari 2026</t>"));
	assert_non_null(strstr(b.data, "<t>29 Februari 2024</t>"));
	assert_non_null(strstr(b.data, "<t>Ñoman Sitompul</t>"));
	assert_non_null(strstr(b.data, "<t>Nilai Bantuan</t>"));

	zip_member(path, "xl/worksheets/sheet1.xml", &b);
	assert_null(strstr(b.data, "<f>"));
	/* numbers are numbers (no t="s"), text is shared strings */
	assert_non_null(strstr(b.data, "<c r=\"A2\"><v>1</v></c>"));
	assert_non_null(strstr(b.data, "<c r=\"B2\" t=\"s\">"));
	assert_non_null(strstr(b.data, "<c r=\"C2\" t=\"s\">"));
	assert_non_null(strstr(b.data, "<v>1234500</v>"));
	assert_null(strstr(b.data, "<c r=\"E5\""));
	/* header frozen, filter over the table */
	assert_non_null(strstr(b.data, "state=\"frozen\""));
	assert_non_null(strstr(b.data, "ySplit=\"1\""));
	assert_non_null(strstr(b.data, "<autoFilter ref=\"A1:E4\"/>"));
	assert_non_null(strstr(b.data, "numberStoredAsText"));

	zip_member(path, "xl/styles.xml", &b);
	assert_non_null(strstr(b.data, "formatCode=\"&quot;Rp&quot;#,##0\""));
	assert_non_null(strstr(b.data, "<b/>"));

	zip_member(path, "xl/worksheets/sheet2.xml", &b);
	assert_non_null(strstr(b.data, "<v>1534500</v>"));
	assert_non_null(strstr(b.data, "<v>-999999999999999</v>"));
	lb_buf_release(&b);
}

static void test_bad_paths(void **state)
{
	lb_xlsx_sheet *s;
	lb_xlsx *x = NULL;
	char path[300];
	lb_err e;

	snprintf(path, sizeof path, "%s/tidak-ada/realisasi.xlsx", dir);
	assert_int_equal(lb_xlsx_open(&x, path, &e), LB_EINPUT);
	assert_null(x);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "No such file or directory"));
	assert_int_equal(count_files(dir), 0);

	/* a directory in the way is refused before any work (core/file.h),
	 * and no temporary file stays behind */
	snprintf(path, sizeof path, "%s/folder", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(lb_xlsx_open(&x, path, &e), LB_EINPUT);
	assert_null(x);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, "it is a folder"));
	assert_int_equal(count_files(dir), 1);

	/* a directory that appears while the workbook is written is found
	 * at the rename: the temporary file must not stay behind */
	snprintf(path, sizeof path, "%s/nanti", dir);
	OK(lb_xlsx_open(&x, path, &e));
	assert_int_equal(count_files(dir), 2);
	OK(lb_xlsx_sheet_add(x, "Data", &s, &e));
	OK(lb_xlsx_text(s, 0, 0, "isi", &e));
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(lb_xlsx_close(x, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, path));
	assert_int_equal(count_files(dir), 2);
	assert_int_equal(rmdir(path), 0);

	/* abandoned: no file at all */
	snprintf(path, sizeof path, "%s/batal.xlsx", dir);
	OK(lb_xlsx_open(&x, path, &e));
	OK(lb_xlsx_sheet_add(x, "Data", &s, &e));
	OK(lb_xlsx_text(s, 0, 0, "isi", &e));
	lb_xlsx_discard(x);
	assert_int_equal(count_files(dir), 1);
	lb_xlsx_discard(NULL);
}

static void test_bad_input(void **state)
{
	lb_xlsx_sheet *s, *t;
	lb_xlsx *x = NULL;
	char path[300], *big;
	lb_err e;

	snprintf(path, sizeof path, "%s/salah.xlsx", dir);
	OK(lb_xlsx_open(&x, path, &e));
	assert_int_equal(lb_xlsx_sheet_add(x, "Data[1]", &s, &e), LB_EINPUT);
	assert_null(s);
	assert_non_null(strstr(e.msg, "Data[1]"));
	assert_int_equal(lb_xlsx_sheet_add(x, "Nama lembar yang jauh terlalu panjang", &s, &e),
			 LB_EINPUT);
	OK(lb_xlsx_sheet_add(x, "Data", &s, &e));
	assert_int_equal(lb_xlsx_sheet_add(x, "Data", &t, &e), LB_EINPUT);

	assert_int_equal(lb_xlsx_text(s, -1, 0, "x", &e), LB_EINPUT);
	assert_int_equal(lb_xlsx_text(s, 1048576, 0, "x", &e), LB_EINPUT);
	assert_int_equal(lb_xlsx_int(s, 0, 16384, 1, &e), LB_EINPUT);
	OK(lb_xlsx_text(s, 1048575, 16383, "pojok", &e));

	/* the message names the cell, never the text: it may be a NIK */
	assert_int_equal(lb_xlsx_text(s, 4, 2, "6402\xFF", &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "C5"));
	assert_non_null(strstr(e.msg, "UTF-8"));
	assert_null(strstr(e.msg, "6402"));

	big = malloc(40000);
	assert_non_null(big);
	memset(big, 'a', 39999);
	big[39999] = '\0';
	assert_int_equal(lb_xlsx_text(s, 0, 0, big, &e), LB_EINPUT);
	big[32767] = '\0';
	OK(lb_xlsx_text(s, 0, 0, big, &e));
	free(big);

	assert_int_equal(lb_xlsx_int(s, 0, 1, 1000000000000000LL, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "B1"));
	assert_int_equal(lb_xlsx_rupiah(s, 0, 1, INT64_MIN, &e), LB_EINPUT);
	assert_int_equal(lb_xlsx_date(s, 0, 2, 2026, 2, 29, &e), LB_EINPUT);
	assert_int_equal(lb_xlsx_date(s, 0, 2, 2026, 13, 1, &e), LB_EINPUT);
	assert_int_equal(lb_xlsx_date(s, 0, 2, 2026, 4, 31, &e), LB_EINPUT);
	assert_int_equal(lb_xlsx_date(s, 0, 2, 1899, 12, 31, &e), LB_EINPUT);
	OK(lb_xlsx_date(s, 0, 2, 2000, 2, 29, &e));
	assert_int_equal(lb_xlsx_col_width(s, 3, 2, 10, &e), LB_EINPUT);
	assert_int_equal(lb_xlsx_col_width(s, 0, 0, -1, &e), LB_EINPUT);
	assert_int_equal(lb_xlsx_header(s, 0, titles, 0, &e), LB_EINPUT);
	OK(lb_xlsx_header(s, 2, titles, 5, &e));
	assert_int_equal(lb_xlsx_header(s, 3, titles, 5, &e), LB_EINPUT);
	OK(lb_xlsx_close(x, &e));
}

/* The same workbook into a buffer and into a descriptor: no file is
 * left anywhere, and the bytes are a workbook with the cells. */
static void test_sinks(void **state)
{
	lb_xlsx_sheet *s;
	lb_xlsx *x = NULL;
	struct lb_sink sink;
	char path[300];
	lb_buf mem, b;
	lb_err e;
	const char *was = getenv("TMPDIR");
	char old[256];
	FILE *f, *tf;
	int fd;

	snprintf(old, sizeof old, "%s", was ? was : "");
	lb_buf_init(&mem);
	lb_buf_init(&b);
	OK(lb_buf_adds(&mem, "kept", &e)); /* a sink appends */
	sink = lb_sink_mem(&mem);
	setenv("TMPDIR", dir, 1); /* where the private temporary file goes */
	OK(lb_xlsx_open_sink(&x, &sink, &e));
	OK(lb_xlsx_sheet_add(x, "Data", &s, &e));
	OK(lb_xlsx_text(s, 0, 0, "6402010101900001", &e));
	assert_int_equal(count_files(dir), 1); /* named while libxlsxwriter writes */
	OK(lb_xlsx_close(x, &e));
	assert_int_equal(count_files(dir), 0);
	assert_true(mem.len > 100);
	assert_memory_equal(mem.data, "keptPK\3\4", 8);

	/* the buffer's bytes are the workbook */
	snprintf(path, sizeof path, "%s/dari-memori.xlsx", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(mem.data + 4, 1, mem.len - 4, f), mem.len - 4);
	assert_int_equal(fclose(f), 0);
	zip_member(path, "xl/sharedStrings.xml", &b);
	assert_non_null(strstr(b.data, "<t>6402010101900001</t>"));
	unlink(path);

	/* a descriptor gets the same bytes; it stays open */
	tf = tmpfile();
	assert_non_null(tf);
	fd = fileno(tf);
	sink = lb_sink_fd(fd);
	OK(lb_xlsx_open_sink(&x, &sink, &e));
	OK(lb_xlsx_sheet_add(x, "Data", &s, &e));
	OK(lb_xlsx_text(s, 0, 0, "6402010101900001", &e));
	OK(lb_xlsx_close(x, &e));
	assert_int_equal(count_files(dir), 0);
	assert_int_equal(lseek(fd, 0, SEEK_END), (off_t)(mem.len - 4));
	assert_int_equal(fclose(tf), 0);

	/* abandoned: nothing appended, no file left */
	sink = lb_sink_mem(&mem);
	OK(lb_xlsx_open_sink(&x, &sink, &e));
	OK(lb_xlsx_sheet_add(x, "Data", &s, &e));
	lb_xlsx_discard(x);
	assert_int_equal(count_files(dir), 0);
	assert_memory_equal(mem.data, "keptPK\3\4", 8);
	if (old[0])
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	lb_buf_release(&mem);
	lb_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_workbook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sinks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
