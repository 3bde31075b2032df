/*
 * test_voucher_ops.c — the key and slip operations (voucher/signing.c,
 * voucher/slips.c) behind `key ...` and `voucher ...`: each refuses bad
 * input with the command's exact message and writes nothing, and a
 * success returns what the front end prints; and the key/value record of
 * core/output.c that `voucher show` prints through.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/meta.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "voucher/signing.h"
#include "voucher/slips.h"
#include "tests/unit/ops_fixture.h"

/* One recipient of one village with one allocation of January 2026, and
 * the database's signing key at key_path. */
static int setup(void **state)
{
	struct lb_key_row row;
	struct fx *f;
	lb_err e;

	unsetenv("LUMBUNG_KEY");
	if (lb_crypto_init(&e))
		return -1;
	f = ops_open("vops",
		     "INSERT INTO region_province VALUES ('64', 'KALIMANTAN TIMUR');"
		     "INSERT INTO region_regency VALUES ('64.02', '64', 'KUTAI KARTANEGARA');"
		     "INSERT INTO region_district VALUES ('64.02.06', '64.02', 'Tenggarong');"
		     "INSERT INTO region_village VALUES ('64.02.06.1001', '64.02.06', 'Jahab');"
		     "INSERT INTO location(code, kind, name, village, created_at)"
		     " VALUES ('POS-1', 'point', 'Balai Desa', '64.02.06.1001', 'x');"
		     "INSERT INTO recipient(nik, name, sex, birth_date, village, category, token, created_at)"
		     " VALUES ('6402065505500001', 'Siti', 'P', '1950-05-15', '64.02.06.1001', 'lansia',"
		     " '0123456789abcdef', 'x');"
		     "INSERT INTO program(code, name, monthly_value, round_months, quota, funding, first_period,"
		     " last_period, created_at) VALUES ('SEMBAKO-2026', 'Sembako', 300000, 1, 100, 'APBD',"
		     " '2026-01', '2026-12', 'x');"
		     "INSERT INTO allocation(program_id, period, recipient_id, point_id, rank, created_at)"
		     " SELECT 1, '2026-01', id, 1, id, 'x' FROM recipient;");
	if (!f || lb_signing_key_init(f->db, f->key_path, &row, &e))
		return -1;
	*state = f;
	return 0;
}

static void test_print_refuses(void **state)
{
	struct fx *f = *state;
	struct lb_slips_print_in in = { .program = "SEMBAKO-2026", .period = "2026-01", .key = f->key_path };
	struct lb_slips_print_out out;
	char pdf[320];
	lb_err e;

	snprintf(pdf, sizeof pdf, "%s/s.pdf", f->dir);
	in.output = pdf;
	in.village = "64.02.06.1001";
	in.district = "64.02.06";
	assert_int_equal(lb_slips_print(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "voucher print: give --village or --district, not both");
	lb_print_result_free(&out.res);
	in.district = NULL;
	in.per_page = "3";
	assert_int_equal(lb_slips_print(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--per-page must be 1, 2, 4 or 8, not 3");
	lb_print_result_free(&out.res);
	in.per_page = NULL;
	in.period = "2026-13";
	assert_int_equal(lb_slips_print(&f->op, &in, &out, &e), LB_EINPUT);
	lb_print_result_free(&out.res);
	/* nothing written: no voucher made, no file */
	assert_int_equal(count(f->db, "SELECT count(*) FROM voucher"), 0);
	assert_int_not_equal(access(pdf, F_OK), 0);
}

static void test_print_then_show_and_revoke(void **state)
{
	struct fx *f = *state;
	struct lb_slips_print_in in = { .program = "SEMBAKO-2026", .period = "2026-01", .key = f->key_path,
					.per_page = "4" };
	struct lb_slips_print_out out;
	struct lb_slips_show_in si = { 0 };
	struct lb_slips_show_out so;
	struct lb_slips_revoke_in ri = { 0 };
	struct lb_slips_revoke_out ro;
	char pdf[320], serial[LB_SERIAL_TEXT_SIZE];
	lb_err e;

	snprintf(pdf, sizeof pdf, "%s/s.pdf", f->dir);
	in.output = pdf;
	assert_int_equal(lb_slips_print(&f->op, &in, &out, &e), LB_OK);
	assert_int_equal(out.per_page, 4);
	assert_int_equal(out.res.slips, 1);
	assert_int_equal(out.res.created, 1);
	assert_int_equal(out.res.nfiles, 1);
	assert_string_equal(out.res.files[0], pdf);
	lb_print_result_free(&out.res);

	/* a typed serial: known, no signature to check */
	{
		lb_stmt *st = lb_db_prepare(f->db, "SELECT serial FROM voucher", &e);
		assert_non_null(st);
		assert_int_equal(lb_step(st, &e), LB_ROW);
		assert_int_equal(lb_serial_format((uint64_t)lb_col_int(st, 0), serial, &e), LB_OK);
		lb_stmt_reset(st);
	}
	si.text = serial;
	assert_int_equal(lb_slips_show(&f->op, &si, &so, &e), LB_OK);
	assert_int_equal(so.c.verdict, LB_VERDICT_GENUINE);
	assert_int_equal(so.c.from_qr, 0);
	assert_string_equal(so.c.v.recipient_name, "Siti");
	si.text = "hello world";
	assert_int_equal(lb_slips_show(&f->op, &si, &so, &e), LB_EINPUT);

	ri.serial = serial;
	ri.reason = "hilang";
	assert_int_equal(lb_slips_revoke(&f->op, &ri, &ro, &e), LB_OK);
	assert_string_equal(ro.v.serial_text, serial);
	assert_string_equal(ro.v.program, "SEMBAKO-2026");
	assert_int_equal(lb_slips_revoke(&f->op, &ri, &ro, &e), LB_ERULE);
	assert_int_equal(count(f->db, "SELECT count(*) FROM voucher_revocation"), 1);
}

static void test_reissue_refuses(void **state)
{
	struct fx *f = *state;
	struct lb_slips_reissue_in in = { 0 };
	struct lb_slips_reissue_out out;
	lb_err e;

	in.output = "x.pdf";
	assert_int_equal(lb_slips_reissue(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "voucher reissue: -o and --logo go with a SERIAL; print a round with 'voucher print'");
	in.output = NULL;
	assert_int_equal(lb_slips_reissue(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg,
			    "voucher reissue: option '--key' is required (see 'lumbung voucher reissue --help')");
	in.key = "1a2b3c4d";
	assert_int_equal(lb_slips_reissue(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg,
			    "voucher reissue: option '--program' is required (see 'lumbung voucher reissue --help')");
	in.serial = "ABCD-EFGH-J";
	in.program = "SEMBAKO-2026";
	assert_int_equal(lb_slips_reissue(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "voucher reissue: --program and --period go with --key KEYID, not with a SERIAL");
	in.program = NULL;
	assert_int_equal(lb_slips_reissue(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg,
			    "voucher reissue: option '--reason' is required (see 'lumbung voucher reissue --help')");
	assert_int_equal(out.reissued, 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM voucher"), 0);
}

static void test_key_rotate_refuses(void **state)
{
	struct fx *f = *state;
	struct lb_key_rotate_in in = { .key = f->key_path, .reason = "why" };
	struct lb_key_rotate_out out;
	lb_err e;

	assert_int_equal(lb_key_rotate(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "key rotate: --reason goes with --lost");
	lb_buf_release(&out.path);
	in.reason = NULL;
	in.lost = 1;
	assert_int_equal(lb_key_rotate(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg,
			    "key rotate --lost: option '--reason' is required (see 'lumbung key rotate --lost --help')");
	lb_buf_release(&out.path);
	assert_int_equal(count(f->db, "SELECT count(*) FROM signing_key"), 1);
}

static void test_key_locate_and_default_init(void **state)
{
	struct fx *f = *state;
	struct lb_key_init_in in = { 0 };
	struct lb_key_init_out out;
	char cfg[320], want[400];
	lb_buf path, id;
	struct stat st;
	int dflt, found;
	lb_err e;

	lb_buf_init(&path);
	assert_int_equal(lb_key_locate(&f->op, "given.key", &path, &dflt, &e), LB_OK);
	assert_string_equal(path.data, "given.key");
	assert_int_equal(dflt, 0);
	setenv("LUMBUNG_KEY", "env.key", 1);
	assert_int_equal(lb_key_locate(&f->op, NULL, &path, &dflt, &e), LB_OK);
	assert_string_equal(path.data, "env.key");
	unsetenv("LUMBUNG_KEY");
	snprintf(cfg, sizeof cfg, "%s/cfg", f->dir);
	setenv("XDG_CONFIG_HOME", cfg, 1);
	lb_buf_init(&id);
	assert_int_equal(lb_meta_get(f->db, "db_id", &id, &found, &e), LB_OK);
	snprintf(want, sizeof want, "%s/lumbung/%s.key", cfg, id.data);
	assert_int_equal(lb_key_locate(&f->op, NULL, &path, &dflt, &e), LB_OK);
	assert_string_equal(path.data, want);
	assert_int_equal(dflt, 1);

	/* key init at the default place makes its folder, private; this
	 * database has a key already, so the init itself is refused */
	assert_int_equal(lb_key_init(&f->op, &in, &out, &e), LB_ERULE);
	assert_string_equal(out.path.data, want);
	lb_buf_release(&out.path);
	snprintf(want, sizeof want, "%s/lumbung", cfg);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(count(f->db, "SELECT count(*) FROM signing_key"), 1);
	unsetenv("XDG_CONFIG_HOME");
	lb_buf_release(&path);
	lb_buf_release(&id);
}

static int each(void *arg, const struct lb_key_item *it, lb_err *e2)
{
	(void)e2;
	assert_string_equal(it->status, "signing");
	assert_int_equal(strlen(it->id), 8);
	assert_int_equal(strlen(it->public_key), 64);
	assert_string_equal(it->retired, "");
	(*(int *)arg)++;
	return LB_OK;
}

static void test_key_list_items(void **state)
{
	struct fx *f = *state;
	struct lb_key_listing l;
	lb_err e;
	int n = 0;

	assert_int_equal(lb_key_list_begin(&f->op, 0, &l, &e), LB_OK);
	assert_int_equal(lb_key_list(&f->op, &l, each, &n, &e), LB_OK);
	assert_int_equal(n, 1);
}

/* The record `voucher show` prints: the old hand-written text exactly. */
static void test_record(void **state)
{
	struct lb_field fl[] = {
		{ "serial", "ABCD-EFGH-J" }, { "verdict", "NOT GENUINE (forged)" }, { "status", NULL },
		{ "valid until", NULL },     { "proxy", NULL },
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	lb_err e;
	(void)state;

	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(lb_rdoc_record(f, LB_FMT_TABLE, fl, 5, &e), LB_OK);
	fclose(f);
	assert_string_equal(buf, "serial:      ABCD-EFGH-J\nverdict:     NOT GENUINE (forged)\n");
	free(buf);
	fl[3].value = "31 Januari 2026";
	fl[4].value = "Rahmat \"Mat\"";
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(lb_rdoc_record(f, LB_FMT_JSON, fl, 5, &e), LB_OK);
	fclose(f);
	assert_string_equal(buf, "{\"serial\": \"ABCD-EFGH-J\", \"verdict\": \"NOT GENUINE (forged)\", \"status\": null,"
				 " \"valid_until\": \"31 Januari 2026\", \"proxy\": \"Rahmat \\\"Mat\\\"\"}\n");
	free(buf);
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(lb_rdoc_record(f, LB_FMT_CSV, fl, 5, &e), LB_EINPUT);
	fclose(f);
	assert_string_equal(buf, "");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_print_refuses, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_print_then_show_and_revoke, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_reissue_refuses, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_key_rotate_refuses, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_key_locate_and_default_init, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_key_list_items, setup, ops_close),
		cmocka_unit_test(test_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
