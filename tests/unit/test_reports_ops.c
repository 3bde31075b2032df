/*
 * test_reports_ops.c — the report and finance operations
 * (reports/report.c, reports/finance.c) and the user and audit
 * operations (web/user.c, core/audit.c) that the commands and pages
 * share: each refuses bad input with the command's exact message and
 * writes nothing (no file, no row), and a success returns what the front
 * end prints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/auditlog.h"
#include "core/settings.h"
#include "web/user.h"
#include "reports/finance.h"
#include "reports/report.h"
#include "tests/unit/ops_fixture.h"

/* A warehouse, an item and a program; no round allocated yet. */
static int setup(void **state)
{
	*state = ops_open("rops",
			  "INSERT INTO item(code, name, unit, created_at) VALUES ('BERAS', 'Beras', 'kg', 'x');"
			  "INSERT INTO location(code, kind, name, created_at) VALUES ('GD', 'warehouse', 'Gudang', 'x');"
			  "INSERT INTO program(code, name, monthly_value, round_months, quota, funding, first_period,"
			  " last_period, created_at) VALUES ('SEMBAKO-2026', 'Sembako', 300000, 1, 100, 'APBD',"
			  " '2026-01', '2026-12', 'x');");
	return *state ? 0 : -1;
}

static void test_report_refuses(void **state)
{
	struct fx *f = *state;
	struct lb_report_in in = { .program = "SEMBAKO-2026", .period = "2026-01" };
	lb_err e;

	snprintf(f->out, sizeof f->out, "%s/r.txt", f->dir);
	in.output = f->out;
	assert_int_equal(lb_report_distribution(&f->op, &in, &e), LB_EINPUT);
	assert_string_equal(e.msg, "report distribution: option '--format' is required (pdf, csv or xlsx)");
	assert_int_equal(lb_report_bast(&f->op, &in, &e), LB_EINPUT);
	assert_string_equal(e.msg, "report bast: option '--format' is required (pdf, csv or xlsx)");
	in.format = "json";
	assert_int_equal(lb_report_recipients(&f->op, &in, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--format 'json' is not offered here (choose csv, pdf, xlsx)");
	in.format = "csv";
	in.period = "2026-1";
	assert_int_equal(lb_report_stock(&f->op, &in, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--period '2026-1' is not a period: write YYYY-MM");
	/* a round with no allocations: refused by the writer, no file */
	in.period = "2026-01";
	assert_int_not_equal(lb_report_distribution(&f->op, &in, &e), LB_OK);
	assert_int_not_equal(access(f->out, F_OK), 0);
}

/* report stock: the format from the file's extension, and the office's
 * CSV for Excel (a BOM) when asked or set. */
static void test_report_stock_csv(void **state)
{
	struct fx *f = *state;
	struct lb_report_in in = { .period = "2026-01" };
	char head[32] = "";
	FILE *fp;
	lb_err e;

	snprintf(f->out, sizeof f->out, "%s/s.CSV", f->dir);
	in.output = f->out;
	assert_int_equal(lb_report_stock(&f->op, &in, &e), LB_OK);
	assert_non_null(fp = fopen(f->out, "rb"));
	assert_non_null(fgets(head, sizeof head, fp));
	fclose(fp);
	assert_string_equal(head, "REKONSILIASI PERSEDIAAN\r\n");
	assert_int_equal(lb_setting_set(f->db, "office.csv_excel", "yes", &e), LB_OK);
	/* the file is there now: replaced only with force */
	assert_int_equal(lb_report_stock(&f->op, &in, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "s.CSV': it exists (give --force to replace it)"));
	in.force = 1;
	assert_int_equal(lb_report_stock(&f->op, &in, &e), LB_OK);
	assert_non_null(fp = fopen(f->out, "rb"));
	assert_non_null(fgets(head, sizeof head, fp));
	fclose(fp);
	assert_string_equal(head, "\xEF\xBB\xBFREKONSILIASI PERSEDIAAN\r\n");
	/* it only names the program, but an unknown one is refused */
	in.program = "SEMBAKO-2062";
	assert_int_equal(lb_report_stock(&f->op, &in, &e), LB_EINPUT);
}

static void test_reconcile_refuses(void **state)
{
	struct fx *f = *state;
	struct lb_reconcile_in in = { .program = "SEMBAKO-2026", .period = "2026-01", .list = "some" };
	struct lb_reconcile_out out;
	lb_err e;

	lb_buf_init(&out.sql);
	assert_int_equal(lb_report_reconcile(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "reconcile: --list 'some' is not offered (choose exceptions, all or none)");
	in.list = "all";
	in.sql = 1;
	in.program = "NOPE";
	assert_int_equal(lb_report_reconcile(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown program 'NOPE' (see 'lumbung program list')");
	assert_int_equal(out.sql.len, 0);
	lb_buf_release(&out.sql);
}

static void test_opname_refuses(void **state)
{
	struct fx *f = *state;
	struct lb_opname_in in = { .at = "GD", .date = "2026-1-1" };
	struct lb_opname_out out;
	lb_err e;

	snprintf(f->out, sizeof f->out, "%s/o.pdf", f->dir);
	in.output = f->out;
	assert_int_equal(lb_report_opname(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--date '2026-1-1' is not a date: write YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY");
	in.date = NULL;
	in.at = "XX";
	assert_int_equal(lb_report_opname(&f->op, &in, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown location 'XX' (see 'lumbung location list')");
	assert_int_equal(out.rows, 0);
	assert_int_not_equal(access(f->out, F_OK), 0);
}

static void test_finance(void **state)
{
	struct fx *f = *state;
	struct lb_pagu_in pi = { .program = "SEMBAKO-2026", .from = "2026-01", .amount = "1,5" };
	struct lb_refprice_in ri = { .item = "BERAS", .from = "2026-13", .price = "14000" };
	struct lb_replacement_in xi = { .nik = "6402065505500001", .doc = "A", .date = "2026-01-155" };
	struct lb_replacement_out xo;
	struct lb_amount_out out;
	lb_err e;

	assert_int_equal(lb_finance_pagu(&f->op, &pi, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--amount '1,5' has a fraction: amounts are whole rupiah");
	assert_int_equal(lb_finance_price(&f->op, &ri, &out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--from '2026-13' is not a period: there is no month 13");
	/* a typed date is checked whole, never cut to fit */
	assert_int_equal(lb_finance_replacement(&f->op, &xi, &xo, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--date '2026-01-155' is not a date: write YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY");
	assert_int_equal(count(f->db, "SELECT count(*) FROM program_budget"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM reference_price"), 0);

	pi.amount = "1.500.000.000";
	pi.ref = "DPA-1";
	assert_int_equal(lb_finance_pagu(&f->op, &pi, &out, &e), LB_OK);
	assert_int_equal(out.amount, 1500000000);
	assert_int_equal(count(f->db, "SELECT count(*) FROM program_budget WHERE operator = 'tester'"), 1);
	/* without a date, the operation's today */
	xi.date = NULL;
	assert_int_not_equal(lb_finance_replacement(&f->op, &xi, &xo, &e), LB_OK);
	assert_string_equal(xo.day, "2026-01-05");
}

static void test_users_and_audit(void **state)
{
	struct fx *f = *state;
	struct lb_user_add_in in = { .name = "budi", .password = "rahasia-123", .address = "cli" };
	struct lb_user_disable_in di = { .name = "budi", .address = "cli" };
	struct lb_audit_in ai = { .limit = "0" };
	struct lb_audit_query q;
	lb_err e;

	assert_int_equal(lb_user_create(&f->op, &in, &e), LB_EINPUT);
	assert_string_equal(e.msg, "user add: option '--role' is required (admin, pendataan, gudang, penyalur,"
				   " keuangan, auditor)");
	assert_int_equal(lb_strv_push(&in.roles, "gudang", &e), LB_OK);
	in.name = "B@d";
	assert_int_equal(lb_user_add_check(&in, &e), LB_EINPUT);
	assert_int_equal(count(f->db, "SELECT count(*) FROM app_user"), 0);
	in.name = "budi";
	assert_int_equal(lb_user_create(&f->op, &in, &e), LB_OK);
	assert_int_equal(lb_user_deactivate(&f->op, &di, &e), LB_OK);
	assert_int_equal(lb_user_deactivate(&f->op, &di, &e), LB_ERULE);
	assert_string_equal(e.msg, "user 'budi' is disabled already");
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit WHERE user = 'tester' AND address = 'cli'"), 2);
	lb_strv_free(&in.roles);

	assert_int_equal(lb_audit_query(&f->op, &ai, &q, &e), LB_EINPUT);
	assert_string_equal(e.msg, "audit: --limit '0' is not a positive number");
	ai.limit = "1";
	ai.local = 1;
	assert_int_equal(lb_audit_query(&f->op, &ai, &q, &e), LB_OK);
	assert_int_equal(q.f.limit, 1);
	assert_int_equal(q.local, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_report_refuses, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_report_stock_csv, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_reconcile_refuses, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_opname_refuses, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_finance, setup, ops_close),
		cmocka_unit_test_setup_teardown(test_users_and_audit, setup, ops_close),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
