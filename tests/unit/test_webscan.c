/*
 * test_webscan.c — the parts of the scan page that are rules or parsers:
 * file parts of a multipart body (web/request.c), the one-time keys of
 * forms (web/idem.c), the handover details' checks (voucher/redemption.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/db.h"
#include "core/hash.h"
#include "voucher/redemption.h"
#include "web/idem.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/session.h"

static void must(int rc, const lb_err *e)
{
	if (rc)
		fail_msg("%s", e->msg);
}

static void test_multipart_files(void **state)
{
	static const char body[] =
		"--B\r\nContent-Disposition: form-data; name=\"point\"\r\n\r\nPOS-JHB\r\n"
		"--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"k.jpg\"\r\n"
		"Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\0\r\n--X\r\n"
		"--B\r\nContent-Disposition: form-data; name=\"handover_photo\"; filename=\"\"\r\n\r\n\r\n"
		"--B--\r\n";
	struct lb_form f;
	const struct lb_upload *u;
	lb_err e;
	(void)state;

	lb_form_init(&f);
	must(lb_multipart_parse_files("multipart/form-data; boundary=B", body, sizeof body - 1, &f, 2, &e), &e);
	assert_string_equal(lb_form_get(&f, "point"), "POS-JHB");
	u = lb_form_file(&f, "photo");
	assert_non_null(u);
	/* the bytes as sent: a NUL and a line that looks like a boundary */
	assert_int_equal(u->len, 9);
	assert_memory_equal(u->data, "\xff\xd8\xff\0\r\n--X", 9);
	/* a file input left empty is no file */
	assert_null(lb_form_file(&f, "handover_photo"));
	assert_int_equal(f.nfiles, 1);
	lb_form_release(&f);
	assert_int_equal(f.nfiles, 0);

	/* pages that take no files refuse them */
	assert_int_equal(lb_multipart_parse("multipart/form-data; boundary=B", body, sizeof body - 1, &f, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "files are not taken"));
	lb_form_release(&f);
	/* nor more than the page takes */
	{
		static const char two[] =
			"--B\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a\"\r\n\r\nx\r\n"
			"--B\r\nContent-Disposition: form-data; name=\"b\"; filename=\"b\"\r\n\r\ny\r\n--B--\r\n";
		assert_int_equal(lb_multipart_parse_files("multipart/form-data; boundary=B", two, sizeof two - 1, &f, 1, &e),
				 LB_EINPUT);
		lb_form_release(&f);
		must(lb_multipart_parse_files("multipart/form-data; boundary=B", two, sizeof two - 1, &f, 2, &e), &e);
		assert_int_equal(f.nfiles, 2);
		assert_memory_equal(lb_form_file(&f, "b")->data, "y", 1);
		lb_form_release(&f);
	}
}

struct world {
	char dir[64], path[128];
	lb_db *db;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	lb_err e;

	assert_non_null(w);
	strcpy(w->dir, "/tmp/lumbung-scanunit.XXXXXX");
	assert_non_null(mkdtemp(w->dir));
	snprintf(w->path, sizeof w->path, "%s/t.db", w->dir);
	must(lb_hash_init(&e), &e);
	must(lb_db_open(w->path, LB_DB_CREATE, &w->db, &e), &e);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;
	char p[160];

	lb_db_close(w->db);
	unlink(w->path);
	snprintf(p, sizeof p, "%s-wal", w->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", w->path);
	unlink(p);
	rmdir(w->dir);
	free(w);
	return 0;
}

static void post(struct lb_req *q, lb_db *db, int64_t uid, const char *key)
{
	memset(q, 0, sizeof *q);
	lb_form_init(&q->form);
	q->db = db;
	q->user.id = uid;
	q->path = "/redeem";
	q->method = "POST";
	q->now = 1000;
	if (key) {
		lb_err e;
		must(lb_form_add(&q->form, "idem", 4, key, strlen(key), &e), &e);
	}
}

static void test_idem(void **state)
{
	struct world *w = *state;
	struct lb_req q;
	struct lb_resp r;
	char key[LB_TOKEN_HEX + 1];
	lb_err e;

	lb_token_new(key);
	/* no key, or not a key: refused, the page does not run, no key is
	 * held (the dispatcher shows the refusal: 400 and "kunci sekali
	 * pakai", asserted over HTTP by tests/web/scan.py) */
	post(&q, w->db, 1, NULL);
	lb_resp_init(&r);
	assert_int_equal(lb_idem_begin(&q, &r), LB_IDEM_NOKEY);
	assert_int_equal(q.idem_held, 0);
	lb_resp_release(&r);
	lb_form_release(&q.form);
	post(&q, w->db, 1, "../../etc");
	lb_resp_init(&r);
	assert_int_equal(lb_idem_begin(&q, &r), LB_IDEM_NOKEY);
	assert_int_equal(q.idem_held, 0);
	lb_resp_release(&r);
	lb_form_release(&q.form);

	/* first: runs, and its answer is kept */
	post(&q, w->db, 1, key);
	lb_resp_init(&r);
	assert_int_equal(lb_idem_begin(&q, &r), LB_IDEM_RUN);
	r.status = 200;
	must(lb_buf_adds(&r.body, "DITERIMA Siti", &e), &e);
	lb_idem_end(&q, &r);
	assert_int_equal(q.idem_stored, 1);
	lb_resp_release(&r);
	lb_form_release(&q.form);

	/* again: the first answer, the page does not run */
	post(&q, w->db, 1, key);
	lb_resp_init(&r);
	assert_int_equal(lb_idem_begin(&q, &r), LB_IDEM_ANSWERED);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.data, "DITERIMA Siti");
	lb_resp_release(&r);
	lb_form_release(&q.form);

	/* the same key from another user is theirs */
	post(&q, w->db, 2, key);
	lb_resp_init(&r);
	assert_int_equal(lb_idem_begin(&q, &r), LB_IDEM_RUN);
	/* a server failure is not kept: trying again runs again */
	r.status = 500;
	lb_idem_end(&q, &r);
	assert_int_equal(q.idem_stored, 0);
	lb_resp_release(&r);
	lb_form_release(&q.form);
	post(&q, w->db, 2, key);
	lb_resp_init(&r);
	assert_int_equal(lb_idem_begin(&q, &r), LB_IDEM_RUN);
	lb_idem_end(&q, &r);
	lb_resp_release(&r);
	lb_form_release(&q.form);

	/* after a day the answer is gone */
	post(&q, w->db, 1, key);
	q.now = 1000 + LB_IDEM_SECONDS;
	lb_resp_init(&r);
	assert_int_equal(lb_idem_begin(&q, &r), LB_IDEM_RUN);
	lb_idem_end(&q, &r);
	lb_resp_release(&r);
	lb_form_release(&q.form);
}

static void test_handover_checks(void **state)
{
	struct lb_handover_extra x;
	static const unsigned char jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0 };
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0 };
	lb_err e;
	(void)state;

	memset(&x, 0, sizeof x);
	must(lb_handover_extra_check(&x, &e), &e);
	x.photo = jpeg;
	x.photo_len = sizeof jpeg;
	x.photo_type = "image/jpeg";
	must(lb_handover_extra_check(&x, &e), &e);
	x.photo_type = "image/png"; /* says PNG, is JPEG */
	assert_int_equal(lb_handover_extra_check(&x, &e), LB_EINPUT);
	x.photo = png;
	x.photo_len = sizeof png;
	must(lb_handover_extra_check(&x, &e), &e);
	x.photo = "GIF89a";
	x.photo_len = 6;
	assert_int_equal(lb_handover_extra_check(&x, &e), LB_EINPUT);
	x.photo = jpeg;
	x.photo_type = "image/jpeg";
	x.photo_len = LB_HANDOVER_PHOTO_MAX + 1;
	assert_int_equal(lb_handover_extra_check(&x, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "more than"));
	memset(&x, 0, sizeof x);
	x.has_geo = 1;
	x.lat = -0.42;
	x.lon = 116.98;
	must(lb_handover_extra_check(&x, &e), &e);
	x.lat = 91;
	assert_int_equal(lb_handover_extra_check(&x, &e), LB_EINPUT);
	x.lat = 0;
	x.lon = -181;
	assert_int_equal(lb_handover_extra_check(&x, &e), LB_EINPUT);
	memset(&x, 0, sizeof x);
	x.proxy_relation = "anak\nkedua";
	assert_int_equal(lb_handover_extra_check(&x, &e), LB_EINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multipart_files),
		cmocka_unit_test_setup_teardown(test_idem, setup, teardown),
		cmocka_unit_test(test_handover_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
