/*
 * test_handover.c — the handover list (voucher/handover.h) on a scratch
 * database built with module functions: the CSV of one village, exactly
 * (rows by name, the NIK masked, the proxy named, vouchers made for the
 * allocations that had none), the list of a point, and every refusal
 * before anything is written: no file, no voucher.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "voucher/handover.h"
#include "voucher/serial.h"
#include "world.h"

static struct w *w;

static int setup(void **state)
{
	static const char *const specs[] = { "BERAS=10@14000" };
	struct lb_program p;

	(void)state;
	w = w_open("handover", "2026-01-05");
	w_item(w, "BERAS", "Beras medium", "kg");
	w_location(w, "POS-JHB", LB_LOC_POINT, "Kantor Desa Jahab", "64.02.06.1001");
	w_location(w, "POS-TGR", LB_LOC_POINT, "Balai Desa Loa Ipuh", "64.02.06.1002");
	w_recipient(w, "6402064203550001", "Siti Aminah", "64.02.06.1001", "lansia");
	w_recipient_proxy(w, "6402061107480002", "Budi Santoso", "64.02.06.1001", "lansia", "Rahmat Hidayat",
			  "6402061208800003");
	w_recipient(w, "6402060101500005", "Abdul Karim", "64.02.06.1002", "lansia");
	w_round(w, "SEMBAKO-2026", "140000", specs, 1, &p);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	w_close(w);
	return 0;
}

/* January's list as CSV into the world's folder, file name */
static void opts(struct lb_handover_opts *o, char out[160], const char *name)
{
	memset(o, 0, sizeof *o);
	snprintf(out, 160, "%s/%s", w->dir, name);
	o->program = "SEMBAKO-2026";
	o->period = 2026 * 12;
	o->output = out;
	o->csv = 1;
}

static void test_refused(void **state)
{
	struct lb_handover_opts o;
	char out[160];
	long rows = -1;
	lb_err e;

	(void)state;
	opts(&o, out, "list.csv");
	assert_int_equal(lb_handover_write(w->db, &o, &rows, &e), LB_EINPUT);
	assert_string_equal(e.msg, "voucher list: give one of --village, --district or --point");
	o.village = "64.02.06.1001";
	o.point = "POS-JHB";
	assert_int_equal(lb_handover_write(w->db, &o, &rows, &e), LB_EINPUT);
	assert_string_equal(e.msg, "voucher list: give one of --village, --district or --point");
	o.village = NULL;
	o.point = "POS-XXX";
	assert_int_equal(lb_handover_write(w->db, &o, &rows, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown distribution point 'POS-XXX'");
	o.point = NULL;
	o.village = "64.02.06.1001";
	o.program = "NOPE";
	assert_int_equal(lb_handover_write(w->db, &o, &rows, &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown program 'NOPE' (see 'lumbung program list')");
	o.program = "SEMBAKO-2026";
	o.period = 2026 * 12 + 1;
	assert_int_equal(lb_handover_write(w->db, &o, &rows, &e), LB_ERULE);
	assert_non_null(strstr(e.msg, "program 'SEMBAKO-2026' has no allocations for 2026-02 yet"));
	assert_int_equal(rows, 0);
	assert_int_equal(access(out, F_OK), -1);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM voucher"), 0);
}

static void serial_of(const char *name, char out[LB_SERIAL_TEXT_SIZE])
{
	char sql[200];
	lb_err e;

	snprintf(sql, sizeof sql, "SELECT v.serial FROM voucher v JOIN allocation a ON a.id = v.allocation_id"
				  " JOIN recipient r ON r.id = a.recipient_id WHERE r.name = '%s'", name);
	w_ok(lb_serial_format((uint64_t)w_num(w->db, sql), out, &e), &e);
}

static void test_village_csv(void **state)
{
	struct lb_handover_opts o;
	char out[160], want[512], budi[LB_SERIAL_TEXT_SIZE], siti[LB_SERIAL_TEXT_SIZE];
	long rows = -1;
	lb_err e;

	(void)state;
	opts(&o, out, "jahab.csv");
	o.village = "64.02.06.1001";
	w_ok(lb_handover_write(w->db, &o, &rows, &e), &e);
	assert_int_equal(rows, 2);
	/* vouchers were made for the whole round, as print makes them */
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM voucher"), 3);
	/* by name; the serials are random, read back from the database */
	serial_of("Budi Santoso", budi);
	serial_of("Siti Aminah", siti);
	snprintf(want, sizeof want,
		 "no,name,nik,serial,proxy,village,point,signature\r\n"
		 "1,Budi Santoso,6402**********02,%s,Rahmat Hidayat,64.02.06.1001,Kantor Desa Jahab,\r\n"
		 "2,Siti Aminah,6402**********01,%s,,64.02.06.1001,Kantor Desa Jahab,\r\n", budi, siti);
	assert_string_equal(w_read(out), want);

	/* the list of a point: its villages' recipients, Loa Ipuh's Abdul */
	opts(&o, out, "tgr.csv");
	o.point = "POS-TGR";
	w_ok(lb_handover_write(w->db, &o, &rows, &e), &e);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(w_read(out), ",Abdul Karim,6402**********05,"));
	assert_null(strstr(w_read(out), "Siti"));
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM voucher"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_village_csv),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
