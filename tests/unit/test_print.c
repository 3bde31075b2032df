/*
 * test_print.c — print runs (voucher/print.h) on a scratch database built
 * with module functions: what a selection counts and refuses, the package
 * as a slip prints it and its value, the output and logo checks, and a
 * run's result (slips, pages, files, vouchers made), one file or split
 * into STEM-001.pdf... by whole villages; a refused run writes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "core/buf.h"
#include "voucher/print.h"
#include "world.h"

static struct w *w;
static struct lb_signing_key key;
static struct lb_program prog;

static int setup(void **state)
{
	static const char *const specs[] = { "BERAS=10@14000", "MINYAK=2@18000" };
	struct lb_key_row kr;
	char kpath[160];
	lb_err e;

	(void)state;
	w = w_open("print", "2026-01-05");
	w_item(w, "BERAS", "Beras medium", "kg");
	w_item(w, "MINYAK", "Minyak goreng", "liter");
	w_location(w, "POS-JHB", LB_LOC_POINT, "Kantor Desa Jahab", "64.02.06.1001");
	w_location(w, "POS-TGR", LB_LOC_POINT, "Balai Desa Loa Ipuh", "64.02.06.1002");
	w_recipient(w, "6402064203550001", "Siti Aminah", "64.02.06.1001", "lansia");
	w_recipient(w, "6402061107480002", "Budi Santoso", "64.02.06.1001", "lansia");
	w_recipient(w, "6402060101500005", "Abdul Karim", "64.02.06.1002", "lansia");
	w_round(w, "SEMBAKO-2026", "176000", specs, 2, &prog);
	snprintf(kpath, sizeof kpath, "%s/signing.key", w->dir);
	w_ok(lb_signing_key_init(w->db, kpath, &kr, &e), &e);
	w_ok(lb_key_load(kpath, &key, &e), &e);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lb_key_wipe(&key);
	w_close(w);
	return 0;
}

static void test_select(void **state)
{
	struct lb_print_sel s;
	lb_err e;

	(void)state;
	w_ok(lb_print_select(w->db, "SEMBAKO-2026", 2026 * 12, NULL, NULL, NULL, &s, &e), &e);
	assert_int_equal(s.printable, 3);
	assert_string_equal(s.period, "2026-01");
	assert_int_equal(s.program_id, prog.id);
	w_ok(lb_print_select(w->db, "SEMBAKO-2026", 2026 * 12, "64.02.06.1001", NULL, NULL, &s, &e), &e);
	assert_int_equal(s.printable, 2);
	w_ok(lb_print_select(w->db, "SEMBAKO-2026", 2026 * 12, NULL, "64.02.06", NULL, &s, &e), &e);
	assert_int_equal(s.printable, 3);

	assert_int_equal(lb_print_select(w->db, "NOPE", 2026 * 12, NULL, NULL, NULL, &s, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown program 'NOPE' (see 'lumbung program list')");
	assert_int_equal(lb_print_select(w->db, "SEMBAKO-2026", 2027 * 12, NULL, NULL, NULL, &s, &e), LB_EINPUT);
	assert_string_equal(e.msg, "program 'SEMBAKO-2026' has no round in 2027-01: its rounds run from 2026-01 to 2026-12");
	assert_int_equal(lb_print_select(w->db, "SEMBAKO-2026", 2026 * 12 + 1, NULL, NULL, NULL, &s, &e), LB_ERULE);
	assert_string_equal(e.msg, "program 'SEMBAKO-2026' has no allocations for 2026-02 yet:"
				   " run 'lumbung allocate --program SEMBAKO-2026 --period 2026-02' first");
	assert_int_equal(lb_print_select(w->db, "SEMBAKO-2026", 2026 * 12, "64.02.06.9999", NULL, NULL, &s, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown village '64.02.06.9999' (codes look like 64.02.06.2001)");
	assert_int_equal(lb_print_select(w->db, "SEMBAKO-2026", 2026 * 12, NULL, "64.02.99", NULL, &s, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown district '64.02.99' (codes look like 64.02.06)");
	/* a village of the region data with nobody in the round */
	assert_int_equal(lb_print_select(w->db, "SEMBAKO-2026", 2026 * 12, "64.02.06.1006", NULL, NULL, &s, &e), LB_ERULE);
	assert_string_equal(e.msg, "no slips to print for program 'SEMBAKO-2026' in 2026-01 in village 64.02.06.1006");
}

static void test_package(void **state)
{
	lb_buf b;
	int64_t value = -1;
	lb_err e;

	(void)state;
	lb_buf_init(&b);
	w_ok(lb_print_package_text(w->db, prog.id, 2026 * 12, &b, &e), &e);
	assert_string_equal(b.data, "Beras medium 10 kg, Minyak goreng 2 liter");
	lb_buf_release(&b);
	w_ok(lb_print_package_value(w->db, prog.id, 2026 * 12, &value, &e), &e);
	assert_int_equal(value, 10 * 14000 + 2 * 18000);
}

static void test_checks(void **state)
{
	char path[160];
	lb_err e;

	(void)state;
	snprintf(path, sizeof path, "%s/nofolder/x.pdf", w->dir);
	assert_int_equal(lb_print_check_output(path, 0, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "nofolder/x.pdf"));
	assert_int_equal(lb_print_check_output(w->dir, 1, &e), LB_EINPUT);
	snprintf(path, sizeof path, "%s/ok.pdf", w->dir);
	w_ok(lb_print_check_output(path, 0, &e), &e);
	assert_int_equal(access(path, F_OK), -1); /* leaves nothing behind */
	/* an existing file only with force */
	w_file(w, "ok.pdf", "%PDF old");
	assert_int_equal(lb_print_check_output(path, 0, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "--force"));
	w_ok(lb_print_check_output(path, 1, &e), &e);
	w_ok(lb_print_check_logo(NULL, &e), &e);
	assert_int_equal(lb_print_check_logo(w_file(w, "logo.png", "not a picture"), &e), LB_EINPUT);
}

static void test_run(void **state)
{
	struct lb_print_opts o = { 0 };
	struct lb_print_result r;
	char out[160], f1[170], f2[170];
	lb_err e;

	(void)state;
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM voucher"), 0);
	/* refused: no file, no voucher */
	snprintf(out, sizeof out, "%s/slips.pdf", w->dir);
	o.program = "SEMBAKO-2026";
	o.period = 2026 * 12;
	o.per_page = 3;
	o.output = out;
	assert_int_equal(lb_print_run(w->db, &key, &o, &r, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--per-page must be 1, 2, 4 or 8, not 3");
	assert_int_equal(access(out, F_OK), -1);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM voucher"), 0);

	/* one file */
	o.per_page = 4;
	o.threads = 1;
	w_ok(lb_print_run(w->db, &key, &o, &r, &e), &e);
	assert_int_equal(r.slips, 3);
	assert_int_equal(r.pages, 2); /* a sheet per village */
	assert_int_equal(r.created, 3);
	assert_int_equal(r.per_page, 4);
	assert_int_equal(r.nfiles, 1);
	assert_string_equal(r.files[0], out);
	assert_int_equal(access(out, R_OK), 0);
	lb_print_result_free(&r);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM voucher"), 3);

	/* at most 2 slips a file: whole villages, Jahab's two then Loa Ipuh's one;
	 * printing again makes no vouchers */
	snprintf(out, sizeof out, "%s/split.pdf", w->dir);
	o.max_slips = 2;
	o.per_page = 1;
	w_ok(lb_print_run(w->db, &key, &o, &r, &e), &e);
	assert_int_equal(r.slips, 3);
	assert_int_equal(r.pages, 3);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.nfiles, 2);
	snprintf(f1, sizeof f1, "%s/split-001.pdf", w->dir);
	snprintf(f2, sizeof f2, "%s/split-002.pdf", w->dir);
	assert_string_equal(r.files[0], f1);
	assert_string_equal(r.files[1], f2);
	assert_int_equal(access(f1, R_OK), 0);
	assert_int_equal(access(f2, R_OK), 0);
	assert_int_equal(access(out, F_OK), -1);
	lb_print_result_free(&r);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM voucher"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_package),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_run),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
