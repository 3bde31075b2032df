/*
 * test_reconcile_rdoc.c — the report writer the reconciliation and the
 * finance reports share: the same figures in every format, each as its
 * readers expect them, formulas neutralised, and files that appear whole
 * or not at all.
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
#include "core/output.h"
#include "doc/rdoc.h"

#define OK(call) do { \
	lb_err_clear(&e); \
	if ((call) != LB_OK) \
		fail_msg("%s: %s", #call, e.msg); \
} while (0)

static char dir[256];

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof dir, "%s/lb-rdoc-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	struct dirent *d;
	char sub[600];
	DIR *dp = opendir(dir);

	(void)state;
	while (dp && (d = readdir(dp))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(sub, sizeof sub, "%s/%s", dir, d->d_name);
		unlink(sub);
	}
	if (dp)
		closedir(dp);
	rmdir(dir);
	return 0;
}

static int entries(void)
{
	struct dirent *d;
	int n = 0;
	DIR *dp = opendir(dir);

	assert_non_null(dp);
	while ((d = readdir(dp)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static void slurp(const char *path, lb_buf *b)
{
	char chunk[4096];
	size_t got;
	FILE *f = fopen(path, "rb");
	lb_err e;

	assert_non_null(f);
	lb_buf_reset(b);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(lb_buf_add(b, chunk, got, &e), LB_OK);
	fclose(f);
}

static const struct lb_rcol cols[] = {
	{ "Nama", "name", LB_R_TEXT, 0 },
	{ "NIK", "nik", LB_R_CODE, 80 },
	{ "Paket", "packages", LB_R_INT, 40 },
	{ "Nilai", "value_rupiah", LB_R_RUPIAH, 60 },
	{ "Tanggal", "day", LB_R_DATE, 60 },
	{ "Tingkat", "rate", LB_R_PERCENT, 40 },
};

/* The same small document in whatever format, into path or sink. */
static void write_doc_to(int fmt, int plain, const char *path, const struct lb_sink *sink)
{
	struct lb_rdoc_opts o = { .fmt = fmt, .path = path, .plain = plain, .title = "LAPORAN",
				  .org = "Dinas Sosial", .sink = sink };
	struct lb_rval r1[] = { LB_RV_S("=1+1 Rina"), LB_RV_S("6402**********07"), LB_RV_N(1234),
				LB_RV_N(1234500), LB_RV_S("2026-01-15"), LB_RV_N(6667) };
	struct lb_rval r2[] = { LB_RV_S("Budi, \"Wakil\""), LB_RV_S("0064**********01"), LB_RV_N(-2),
				LB_RV_N(-500), LB_RV_NULL, LB_RV_N(10000) };
	lb_rdoc *d;
	lb_err e;

	OK(lb_rdoc_open(&d, &o, &e));
	OK(lb_rdoc_meta(d, "period", LB_R_TEXT, LB_RV_S("2026-01"), &e));
	OK(lb_rdoc_subtitle(d, "Periode: Januari 2026", &e));
	OK(lb_rdoc_kv(d, "totals", "Jumlah", &e));
	OK(lb_rdoc_kv_add(d, "budget_rupiah", "Anggaran", LB_R_RUPIAH, LB_RV_N(1056000), &e));
	OK(lb_rdoc_kv_add(d, "redeemed", "Ditebus", LB_R_INT, LB_RV_N(4), &e));
	OK(lb_rdoc_table(d, "rows", "Rincian", cols, 6, &e));
	OK(lb_rdoc_row(d, r1, &e));
	OK(lb_rdoc_row(d, r2, &e));
	OK(lb_rdoc_total(d, (struct lb_rval[]){ LB_RV_S("JUMLAH"), LB_RV_NULL, LB_RV_N(1232),
						 LB_RV_N(1234000), LB_RV_NULL, LB_RV_NULL }, &e));
	OK(lb_rdoc_para(d, "Catatan.", 0, &e));
	OK(lb_rdoc_close(d, &e));
}

static void write_doc(int fmt, int plain, const char *path, lb_err *ep)
{
	(void)ep;
	write_doc_to(fmt, plain, path, NULL);
}

static void test_human_csv(void **state)
{
	char path[300];
	lb_buf b;
	lb_err e;

	(void)state;
	lb_buf_init(&b);
	snprintf(path, sizeof path, "%s/r.csv", dir);
	write_doc(LB_FMT_CSV, 0, path, &e);
	slurp(path, &b);
	assert_string_equal(b.data,
		"LAPORAN\r\n"
		"Dinas Sosial\r\n"
		"Periode: Januari 2026\r\n"
		"\r\n"
		"Jumlah\r\n"
		"Uraian,Nilai\r\n"
		"Anggaran,Rp1.056.000\r\n"
		"Ditebus,4\r\n"
		"\r\n"
		"Rincian\r\n"
		"Nama,NIK,Paket,Nilai,Tanggal,Tingkat\r\n"
		"\"'=1+1 Rina\",6402**********07,1234,Rp1.234.500,15 Januari 2026,\"66,67%\"\r\n"
		"\"Budi, \"\"Wakil\"\"\",0064**********01,-2,-Rp500,,\"100,00%\"\r\n"
		"JUMLAH,,1232,Rp1.234.000,,\r\n"
		"Catatan.\r\n");
	assert_int_equal(entries(), 1); /* no temporary left beside it */
	lb_buf_release(&b);
}

static void test_plain_csv_and_json(void **state)
{
	char path[300];
	lb_buf b;
	lb_err e;

	(void)state;
	lb_buf_init(&b);
	snprintf(path, sizeof path, "%s/r.csv", dir);
	write_doc(LB_FMT_CSV, 1, path, &e);
	slurp(path, &b);
	/* scripts: keys, plain numbers, ISO dates, no title lines */
	assert_non_null(strstr(b.data, "Jumlah\r\nkey,value\r\nbudget_rupiah,1056000\r\n"));
	assert_non_null(strstr(b.data, "name,nik,packages,value_rupiah,day,rate\r\n"));
	assert_non_null(strstr(b.data, "\"'=1+1 Rina\",6402**********07,1234,1234500,2026-01-15,66.67\r\n"));
	assert_null(strstr(b.data, "LAPORAN"));

	snprintf(path, sizeof path, "%s/r.json", dir);
	write_doc(LB_FMT_JSON, 0, path, &e);
	slurp(path, &b);
	assert_string_equal(b.data,
		"{\n"
		"  \"period\": \"2026-01\",\n"
		"  \"totals\": {\n"
		"    \"budget_rupiah\": 1056000,\n"
		"    \"redeemed\": 4\n"
		"  },\n"
		"  \"rows\": [\n"
		"    {\"name\": \"=1+1 Rina\", \"nik\": \"6402**********07\", \"packages\": 1234, \"value_rupiah\": 1234500, \"day\": \"2026-01-15\", \"rate\": 66.67},\n"
		"    {\"name\": \"Budi, \\\"Wakil\\\"\", \"nik\": \"0064**********01\", \"packages\": -2, \"value_rupiah\": -500, \"day\": null, \"rate\": 100.00}\n"
		"  ]\n"
		"}\n");
	lb_buf_release(&b);
}

static void test_table(void **state)
{
	char path[300];
	lb_buf b;
	lb_err e;

	(void)state;
	lb_buf_init(&b);
	snprintf(path, sizeof path, "%s/r.txt", dir);
	write_doc(LB_FMT_TABLE, 0, path, &e);
	slurp(path, &b);
	assert_non_null(strstr(b.data, "Anggaran  Rp1.056.000\n"));
	/* people read grouped digits, numbers to the right, and dates short
	 * (15-01-2026) so that a table fits 120 columns */
	assert_non_null(strstr(b.data, "=1+1 Rina      6402**********07  1.234  Rp1.234.500  15-01-2026   66,67%\n"));
	lb_buf_release(&b);
}

static void test_pdf_and_xlsx(void **state)
{
	char path[300];
	struct stat st;
	lb_err e;

	(void)state;
	snprintf(path, sizeof path, "%s/r.pdf", dir);
	write_doc(LB_FMT_PDF, 0, path, &e);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 1000);
	snprintf(path, sizeof path, "%s/r.xlsx", dir);
	write_doc(LB_FMT_XLSX, 0, path, &e);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(entries(), 2);
}

static void test_whole_or_nothing(void **state)
{
	struct lb_rdoc_opts o = { .fmt = LB_FMT_CSV, .title = "T" };
	char path[300];
	lb_rdoc *d;
	lb_err e;

	(void)state;
	/* given up: nothing under the name, no temporary */
	snprintf(path, sizeof path, "%s/gone.csv", dir);
	o.path = path;
	OK(lb_rdoc_open(&d, &o, &e));
	OK(lb_rdoc_para(d, "half", 0, &e));
	lb_rdoc_discard(d);
	assert_int_equal(entries(), 0);
	/* a folder that is not there, and a folder as the file */
	for (int f = LB_FMT_CSV; f <= LB_FMT_XLSX; f *= 2) {
		if (f == LB_FMT_JSON)
			continue;
		o.fmt = f;
		snprintf(path, sizeof path, "%s/missing/r", dir);
		o.path = path;
		assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_EINPUT);
		assert_non_null(strstr(e.msg, path));
		o.path = dir;
		assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_EINPUT);
	}
	/* PDF and XLSX need a file */
	o.fmt = LB_FMT_PDF;
	o.path = NULL;
	assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_EINPUT);
	assert_int_equal(entries(), 0);
}

/* Every format into a memory buffer (a web response): the bytes a file
 * would get, appended whole, and no file anywhere. */
static void test_memory_sink(void **state)
{
	struct lb_rdoc_opts o = { .fmt = LB_FMT_CSV, .title = "T" };
	const char *was = getenv("TMPDIR");
	char path[300], old[256];
	struct lb_sink sink;
	lb_buf mem, file;
	lb_rdoc *d;
	lb_err e;

	(void)state;
	snprintf(old, sizeof old, "%s", was ? was : "");
	setenv("TMPDIR", dir, 1); /* where the XLSX's private temporary file goes */
	lb_buf_init(&mem);
	lb_buf_init(&file);
	sink = lb_sink_mem(&mem);
	for (int f = LB_FMT_TABLE; f <= LB_FMT_XLSX; f *= 2) {
		snprintf(path, sizeof path, "%s/r", dir);
		write_doc_to(f, 0, path, NULL);
		slurp(path, &file);
		assert_int_equal(unlink(path), 0);
		lb_buf_reset(&mem);
		write_doc_to(f, 0, NULL, &sink);
		assert_int_equal(entries(), 0);
		assert_int_equal(mem.len, file.len);
		if (f != LB_FMT_PDF && f != LB_FMT_XLSX) /* their bytes carry a time */
			assert_memory_equal(mem.data, file.data, file.len);
	}
	assert_memory_equal(mem.data, "PK\3\4", 4);

	/* given up: the buffer as it was */
	lb_buf_reset(&mem);
	assert_int_equal(lb_buf_adds(&mem, "kept", &e), LB_OK);
	o.sink = &sink;
	for (int f = LB_FMT_TABLE; f <= LB_FMT_XLSX; f *= 2) {
		o.fmt = f;
		OK(lb_rdoc_open(&d, &o, &e));
		OK(lb_rdoc_para(d, "half", 0, &e));
		lb_rdoc_discard(d);
		assert_int_equal(mem.len, 4);
		assert_int_equal(entries(), 0);
	}
	if (old[0])
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	lb_buf_release(&mem);
	lb_buf_release(&file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_human_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_csv_and_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_and_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_sink, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
