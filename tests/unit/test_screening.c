/*
 * test_screening.c — screening lists (recipients/screening.h) on a scratch
 * database: list names, an import and its hits, a list screened again (a
 * hit kept keeps its first date, one no longer on it goes), recipients
 * registered later screened against the lists kept, statuses set from a
 * list, and bad rows: refused with nothing written, or set aside in a
 * rejects file with no NIK in any message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "recipients/screening.h"
#include "world.h"

#define SITI "6402064203550001"
#define BUDI "6402061107480002"
#define DEWI "6402066512490006"
#define ABDUL "6402060101500005"

struct sink {
	int n;
	long row[4];
	char column[4][16], reason[4][200];
};

static void collect(void *arg, int warning, const char *file, long row, const char *column,
		    const char *reason)
{
	struct sink *s = arg;

	(void)file;
	assert_int_equal(warning, 0);
	if (s->n < 4) {
		s->row[s->n] = row;
		snprintf(s->column[s->n], sizeof s->column[s->n], "%s", column ? column : "");
		snprintf(s->reason[s->n], sizeof s->reason[s->n], "%s", reason);
	}
	s->n++;
}

static int setup(void **state)
{
	struct w *w = w_open("screening", "2026-01-15");

	w_recipient(w, SITI, "Siti Aminah", "64.02.06.1001", "lansia");
	w_recipient(w, BUDI, "Budi Santoso", "64.02.06.1001", "lansia");
	w_recipient(w, DEWI, "Dewi Lestari", "64.02.06.1002", "disabilitas");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	w_close(*state);
	return 0;
}

static void test_list_name(void **state)
{
	char out[LB_LIST_NAME_MAX];
	lb_err e;

	(void)state;
	assert_int_equal(lb_screen_list_name("pkh-2025_b", out, &e), LB_OK);
	assert_string_equal(out, "PKH-2025_B");
	assert_int_equal(lb_screen_list_name("", out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "a list name has 1 to 32 characters");
	assert_int_equal(lb_screen_list_name("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "a list name has 1 to 32 characters");
	assert_int_equal(lb_screen_list_name("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", out, &e), LB_OK);
	assert_int_equal(lb_screen_list_name("PKH 2025", out, &e), LB_EINPUT);
	assert_string_equal(e.msg, "'PKH 2025' is not a list name (letters, digits, '-' and '_')");
}

static void test_import_and_again(void **state)
{
	struct w *w = *state;
	struct lb_screen_result res;
	const char *f;
	char first[32];
	int exists = 0;
	lb_err e;

	/* Siti and Dewi are on it; an unregistered NIK counts as an entry */
	f = w_file(w, "pkh.csv", "nik,name\n" SITI ",Siti\n" DEWI ",Dewi\n" ABDUL ",Abdul\n" SITI ",Siti lagi\n");
	w_ok(lb_screen_import(w->db, f, "pkh", NULL, NULL, "pendataan", NULL, NULL, &res, &e), &e);
	assert_int_equal(res.entries, 3);
	assert_int_equal(res.hits, 2);
	assert_int_equal(res.new_hits, 2);
	assert_int_equal(res.dropped, 0);
	assert_int_equal(res.changed, 0);
	assert_int_equal(res.rejected, 0);
	w_ok(lb_screen_list_exists(w->db, "PKH", &exists, &e), &e);
	assert_int_equal(exists, 1);
	w_ok(lb_screen_list_exists(w->db, "DTKS", &exists, &e), &e);
	assert_int_equal(exists, 0);
	assert_int_equal(w_num(w->db, "SELECT entries FROM screening_list WHERE name = 'PKH'"), 3);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM screening_hit h JOIN recipient r ON r.id = h.recipient_id"
				      " WHERE h.list = 'PKH' AND r.name IN ('Siti Aminah', 'Dewi Lestari')"), 2);
	/* Mark Siti's hit with an old date, to see it kept */
	{
		lb_stmt *st = lb_db_prepare(w->db, "UPDATE screening_hit SET found_at = '2025-12-01T00:00:00Z'"
						    " WHERE recipient_id = 1", &e);
		assert_non_null(st);
		w_ok(lb_step_done(st, &e), &e);
		snprintf(first, sizeof first, "%s", "2025-12-01T00:00:00Z");
	}

	/* Again: Dewi is off, Budi on, Siti still on */
	f = w_file(w, "pkh2.csv", "nik\n" SITI "\n" BUDI "\n");
	w_ok(lb_screen_import(w->db, f, "PKH", NULL, NULL, "pendataan", NULL, NULL, &res, &e), &e);
	assert_int_equal(res.entries, 2);
	assert_int_equal(res.hits, 2);
	assert_int_equal(res.new_hits, 1);
	assert_int_equal(res.dropped, 1);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM screening_entry WHERE list = 'PKH'"), 2);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM screening_hit WHERE list = 'PKH' AND recipient_id = 3"), 0);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM screening_hit WHERE list = 'PKH' AND recipient_id = 1"
				      " AND found_at = '2025-12-01T00:00:00Z'"), 1);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM screening_list"), 1);
	(void)first;
}

static int hits_fn(void *arg, const char *list, const char *found_at, lb_err *e)
{
	char *out = arg;

	(void)found_at;
	(void)e;
	strcat(out, list);
	strcat(out, ";");
	return LB_OK;
}

static void test_later_recipient_and_status(void **state)
{
	struct w *w = *state;
	struct lb_screen_result res;
	char lists[128] = "";
	const char *f;
	int64_t abdul;
	lb_err e;

	f = w_file(w, "mati.csv", "nik,note\n" ABDUL ",akta kematian\n" BUDI ",akta kematian\n");
	w_ok(lb_screen_import(w->db, f, "dukcapil-mati", "meninggal", "2026-01-10", "pendataan", NULL, NULL,
			      &res, &e), &e);
	assert_int_equal(res.entries, 2);
	assert_int_equal(res.hits, 1);  /* Budi; Abdul is not registered yet */
	assert_int_equal(res.changed, 1);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM recipient WHERE id = 2 AND status = 'meninggal'"), 1);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM recipient_status WHERE recipient_id = 2 AND status = 'meninggal'"
				      " AND day = '2026-01-10' AND reason = 'on screening list DUKCAPIL-MATI'"), 1);
	/* again: Budi has the status already, nothing changes */
	w_ok(lb_screen_import(w->db, f, "DUKCAPIL-MATI", "meninggal", "2026-01-10", "pendataan", NULL, NULL,
			      &res, &e), &e);
	assert_int_equal(res.changed, 0);
	assert_int_equal(res.new_hits, 0);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM recipient_status WHERE recipient_id = 2 AND status = 'meninggal'"), 1);

	/* Abdul registered later is screened against the kept entries */
	abdul = w_recipient(w, ABDUL, "Abdul Karim", "64.02.06.1002", "lansia");
	w_ok(lb_screen_hits_of(w->db, abdul, hits_fn, lists, &e), &e);
	assert_string_equal(lists, "DUKCAPIL-MATI;");
	lists[0] = '\0';
	w_ok(lb_screen_hits_of(w->db, 2, hits_fn, lists, &e), &e);
	assert_string_equal(lists, "DUKCAPIL-MATI;PKH;");
}

static void test_bad_rows(void **state)
{
	struct w *w = *state;
	struct lb_screen_result res;
	struct sink s = { 0 };
	struct lb_rows sink = { collect, &s };
	int64_t entries = w_num(w->db, "SELECT count(*) FROM screening_entry");
	int64_t lists = w_num(w->db, "SELECT count(*) FROM screening_list");
	const char *f, *rej;
	char rejpath[160];
	lb_err e;

	f = w_file(w, "asn.csv", "nik\n" SITI "\n640206420355000\n64020642O3550001\n");
	assert_int_equal(lb_screen_import(w->db, f, "ASN", NULL, NULL, "pendataan", NULL, &sink, &res, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "recipient screen: 2 bad rows in '"));
	assert_non_null(strstr(e.msg, "asn.csv', nothing changed"));
	assert_int_equal(s.n, 2);
	assert_int_equal(s.row[0], 3);
	assert_string_equal(s.column[0], "nik");
	assert_string_equal(s.reason[0], "NIK must have 16 digits, this one has 15: a digit is missing"
			    " (if the list went through Excel, Excel turned the column into numbers:"
			    " format it as Text and enter or paste the numbers again)");
	assert_int_equal(s.row[1], 4);
	assert_string_equal(s.reason[1], "NIK must have only digits: position 9 is the letter 'O'");
	assert_null(strstr(s.reason[0], "640206"));
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM screening_entry"), entries);
	assert_int_equal(w_num(w->db, "SELECT count(*) FROM screening_list"), lists);

	/* With a rejects file the good rows make the list */
	snprintf(rejpath, sizeof rejpath, "%s/asn-rejects.csv", w->dir);
	w_ok(lb_screen_import(w->db, f, "ASN", NULL, NULL, "pendataan", rejpath, NULL, &res, &e), &e);
	assert_int_equal(res.entries, 1);
	assert_int_equal(res.rejected, 2);
	assert_int_equal(res.hits, 1);
	rej = w_read(rejpath);
	assert_non_null(strstr(rej, "nik: NIK must have 16 digits, this one has 15"));
	assert_non_null(strstr(rej, "nik: NIK must have only digits: position 9 is the letter 'O'"));

	/* a status without a date, an unknown status: refused before anything */
	assert_int_equal(lb_screen_import(w->db, f, "ASN", "meninggal", NULL, "p", NULL, NULL, &res, &e), LB_EINPUT);
	assert_string_equal(e.msg, "recipient screen: --set-status needs --date YYYY-MM-DD");
	assert_int_equal(lb_screen_import(w->db, f, "ASN", "hilang", "2026-01-10", "p", NULL, NULL, &res, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "unknown status 'hilang' (the statuses are: "));
	assert_int_equal(lb_screen_import(w->db, f, "ASN", "meninggal", "2026-02-01", "p", NULL, NULL, &res, &e), LB_EINPUT);
	assert_string_equal(e.msg, "--date 2026-02-01 is in the future");
}

static int list_fn(void *arg, const struct lb_screen_list_info *l, lb_err *e)
{
	char *out = arg;
	char s[96];

	(void)e;
	snprintf(s, sizeof s, "%s:%ld:%ld:%s;", l->name, l->entries, l->hits, l->operator);
	strcat(out, s);
	return LB_OK;
}

static void test_lists(void **state)
{
	struct w *w = *state;
	char out[256] = "";
	lb_err e;

	w_ok(lb_screen_lists(w->db, list_fn, out, &e), &e);
	assert_string_equal(out, "ASN:1:1:pendataan;DUKCAPIL-MATI:2:2:pendataan;PKH:2:2:pendataan;");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_name),
		cmocka_unit_test(test_import_and_again),
		cmocka_unit_test(test_later_recipient_and_status),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_lists),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
