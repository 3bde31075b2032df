/*
 * test_web.c — the web's security rules in isolation: password hashing,
 * session tokens (random, hashed, expiring, ended by logout and by
 * disabling the user), the CSRF and Origin checks, the capability table
 * and the page registry's check, and the HTML escaping.
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

#include "core/buf.h"
#include "core/hash.h"
#include "core/output.h"
#include "web/user.h"
#include "inventory/location.h"
#include "web/csrf.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/session.h"

static void must(int rc, const lb_err *e)
{
	if (rc != LB_OK)
		fail_msg("status %d: %s", rc, e->msg);
}

struct world {
	char dir[64], path[96];
	lb_db *db;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	lb_err e;

	assert_non_null(w);
	strcpy(w->dir, "/tmp/lumbung-webunit.XXXXXX");
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
	char p[128];

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

static void test_password_hash(void **state)
{
	char h1[128], h2[128];
	lb_err e;
	(void)state;

	must(lb_hash_init(&e), &e);
	must(lb_pw_hash("rahasia-kantor", h1, &e), &e);
	must(lb_pw_hash("rahasia-kantor", h2, &e), &e);
	/* Argon2id, salted: the same password never gives the same string */
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(lb_pw_verify(h1, "rahasia-kantor"), 1);
	assert_int_equal(lb_pw_verify(h2, "rahasia-kantor"), 1);
	assert_int_equal(lb_pw_verify(h1, "rahasia-kantoR"), 0);
	assert_int_equal(lb_pw_verify(h1, ""), 0);
	assert_null(strstr(h1, "rahasia"));
	assert_int_equal(lb_password_check("1234567", &e), LB_EINPUT);
	assert_string_equal(e.msg, "the password is too short: at least 8 characters");
	assert_int_equal(lb_password_check("12345678", &e), LB_OK);
	assert_int_equal(lb_password_check("abc\xff\xfe" "defgh", &e), LB_EINPUT);
}

static void test_user_names(void **state)
{
	lb_err e;
	(void)state;
	assert_int_equal(lb_user_name_check("siti.aminah", &e), LB_OK);
	assert_int_equal(lb_user_name_check("a", &e), LB_OK);
	assert_int_equal(lb_user_name_check("", &e), LB_EINPUT);
	assert_int_equal(lb_user_name_check("Siti", &e), LB_EINPUT);
	assert_int_equal(lb_user_name_check(".siti", &e), LB_EINPUT);
	assert_int_equal(lb_user_name_check("siti aminah", &e), LB_EINPUT);
	assert_int_equal(lb_user_name_check("<b>", &e), LB_EINPUT);
	assert_int_equal(lb_user_name_check("a23456789012345678901234567890123", &e), LB_EINPUT);
}

static void test_tokens(void **state)
{
	char a[LB_TOKEN_HEX + 1], b[LB_TOKEN_HEX + 1];
	(void)state;

	lb_token_new(a);
	lb_token_new(b);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(lb_token_valid(a), 1);
	assert_string_not_equal(a, b);
	assert_int_equal(lb_token_valid(""), 0);
	assert_int_equal(lb_token_valid("abc"), 0);
	b[10] = 'G';
	assert_int_equal(lb_token_valid(b), 0);
	b[10] = 'A'; /* upper case is not how we write them */
	assert_int_equal(lb_token_valid(b), 0);
}

static void add_user(lb_db *db, const char *name, const char *role, const char *point)
{
	const char *roles[1] = { role }, *points[1] = { point };
	lb_err e;
	must(lb_user_add(db, name, roles, 1, points, point ? 1 : 0, "rahasia-123", "tester", "cli", &e), &e);
}

static void test_sessions(void **state)
{
	struct world *w = *state;
	char tok[LB_TOKEN_HEX + 1], tok2[LB_TOKEN_HEX + 1];
	struct lb_user u;
	int found, ok;
	int64_t now = 1768435200; /* 2026-01-15 */
	lb_err e;

	add_user(w->db, "gudang1", "gudang", NULL);
	must(lb_user_login(w->db, "gudang1", "rahasia-123", &u, &ok, &e), &e);
	assert_int_equal(ok, 1);
	assert_string_equal(u.caps, "hswg");
	must(lb_user_login(w->db, "gudang1", "rahasia-124", &u, &ok, &e), &e);
	assert_int_equal(ok, 0);
	must(lb_user_login(w->db, "nobody", "rahasia-123", &u, &ok, &e), &e);
	assert_int_equal(ok, 0);

	must(lb_user_by_name(w->db, "gudang1", &u, &found, &e), &e);
	must(lb_session_create(w->db, u.id, "127.0.0.1", now, tok, &e), &e);
	must(lb_session_create(w->db, u.id, "127.0.0.1", now, tok2, &e), &e);
	assert_string_not_equal(tok, tok2);
	/* only the hash is stored: the token itself is nowhere in the table */
	{
		int64_t n = -1;
		must(lb_db_int(w->db, "SELECT count(*) FROM web_session WHERE length(token_hash) = 32", 0, &n, &e), &e);
		assert_int_equal(n, 2);
	}
	must(lb_session_lookup(w->db, tok, now + 60, &u, &found, &e), &e);
	assert_int_equal(found, 1);
	assert_string_equal(u.name, "gudang1");
	/* expired */
	must(lb_session_lookup(w->db, tok, now + LB_SESSION_SECONDS, &u, &found, &e), &e);
	assert_int_equal(found, 0);
	/* one character off */
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	must(lb_session_lookup(w->db, tok, now + 60, &u, &found, &e), &e);
	assert_int_equal(found, 0);
	/* logout ends that session only */
	must(lb_session_end(w->db, tok2, &e), &e);
	must(lb_session_lookup(w->db, tok2, now + 60, &u, &found, &e), &e);
	assert_int_equal(found, 0);
	/* disabling ends every session and refuses the login */
	must(lb_session_create(w->db, u.id ? u.id : 1, "127.0.0.1", now, tok, &e), &e);
	must(lb_user_disable(w->db, "gudang1", "tester", "cli", &e), &e);
	must(lb_session_lookup(w->db, tok, now + 60, &u, &found, &e), &e);
	assert_int_equal(found, 0);
	must(lb_user_login(w->db, "gudang1", "rahasia-123", &u, &ok, &e), &e);
	assert_int_equal(ok, 0);
	assert_int_equal(lb_user_disable(w->db, "gudang1", "tester", "cli", &e), LB_ERULE);
	/* the audit log has the add and the disable */
	{
		int64_t n = -1;
		must(lb_db_int(w->db, "SELECT count(*) FROM audit WHERE action IN ('user.add', 'user.disable')"
				      " AND subject = 'gudang1' AND user = 'tester'", 0, &n, &e), &e);
		assert_int_equal(n, 2);
	}
}

static void test_login_limits(void **state)
{
	struct world *w = *state;
	int64_t now = 1768435200;
	int by_user, by_addr;
	lb_err e;

	for (int i = 0; i < 7; i++)
		must(lb_login_failed(w->db, "siti", "10.0.0.9", now + i, &e), &e);
	must(lb_login_failures(w->db, "siti", "10.0.0.1", now + 10, &by_user, &by_addr, &e), &e);
	assert_int_equal(by_user, 7);
	assert_int_equal(by_addr, 0);
	must(lb_login_failures(w->db, "SITI", "10.0.0.9", now + 10, &by_user, &by_addr, &e), &e);
	assert_int_equal(by_user, 7);
	assert_int_equal(by_addr, 7);
	/* the window passes */
	must(lb_login_failures(w->db, "siti", "10.0.0.9", now + LB_LOGIN_WINDOW + 7, &by_user, &by_addr, &e), &e);
	assert_int_equal(by_user, 0);
	assert_int_equal(by_addr, 0);
}

static void test_user_add_rules(void **state)
{
	struct world *w = *state;
	const char *roles[2] = { "penyalur", "auditor" }, *bad[1] = { "bos" }, *pts[1] = { "POS-X" };
	struct lb_location l = { 0 };
	struct lb_user u;
	int found;
	lb_err e;

	strcpy(l.code, "POS-X");
	strcpy(l.name, "Titik X");
	l.kind = LB_LOC_POINT;
	must(lb_location_add(w->db, &l, NULL, &e), &e);
	assert_int_equal(lb_user_add(w->db, "x", bad, 1, NULL, 0, "rahasia-123", "t", "cli", &e), LB_EINPUT);
	assert_string_equal(e.msg, "unknown role 'bos' (the roles are: admin, pendataan, gudang, penyalur, keuangan, auditor)");
	assert_int_equal(lb_user_add(w->db, "x", roles, 1, NULL, 0, "rahasia-123", "t", "cli", &e), LB_EINPUT);
	assert_string_equal(e.msg, "a penyalur acts for named points: give --point CODE");
	assert_int_equal(lb_user_add(w->db, "x", roles + 1, 1, pts, 1, "rahasia-123", "t", "cli", &e), LB_EINPUT);
	must(lb_user_add(w->db, "x", roles, 1, pts, 1, "rahasia-123", "t", "cli", &e), &e);
	assert_int_equal(lb_user_add(w->db, "x", roles, 1, pts, 1, "rahasia-123", "t", "cli", &e), LB_ERULE);
	must(lb_user_by_name(w->db, "x", &u, &found, &e), &e);
	assert_int_equal(u.limited, 1);
	assert_int_equal(u.npoints, 1);
	assert_int_equal(lb_user_may_see_point(&u, u.points[0]), 1);
	assert_int_equal(lb_user_may_see_point(&u, u.points[0] + 1), 0);
	/* a penyalur who is also auditor reads every point */
	must(lb_user_add(w->db, "y", roles, 2, pts, 1, "rahasia-123", "t", "cli", &e), &e);
	must(lb_user_by_name(w->db, "y", &u, &found, &e), &e);
	assert_int_equal(u.limited, 0);
	assert_int_equal(lb_user_may_see_point(&u, 999), 1);
	assert_string_equal(u.caps, "hxwfsrvpkl");
}

static void test_csrf(void **state)
{
	char s1[LB_TOKEN_HEX + 1], s2[LB_TOKEN_HEX + 1], c1[LB_CSRF_HEX + 1], c2[LB_CSRF_HEX + 1];
	(void)state;

	lb_token_new(s1);
	lb_token_new(s2);
	lb_csrf_token(s1, c1);
	lb_csrf_token(s2, c2);
	assert_int_equal(strlen(c1), 64);
	assert_string_not_equal(c1, c2);
	assert_string_not_equal(c1, s1); /* never the session token itself */
	assert_int_equal(lb_csrf_check(s1, c1), 1);
	assert_int_equal(lb_csrf_check(s1, c2), 0); /* another session's */
	assert_int_equal(lb_csrf_check(s1, NULL), 0);
	assert_int_equal(lb_csrf_check(s1, ""), 0);
	assert_int_equal(lb_csrf_check("", c1), 0);
	c1[63] = c1[63] == '0' ? '1' : '0';
	assert_int_equal(lb_csrf_check(s1, c1), 0);

	assert_int_equal(lb_origin_check("http://127.0.0.1:8080", "127.0.0.1:8080", 0), 1);
	assert_int_equal(lb_origin_check("http://127.0.0.1:8080", "127.0.0.1:8080", 1), 0);
	assert_int_equal(lb_origin_check("https://kantor.lan", "kantor.lan", 1), 1);
	assert_int_equal(lb_origin_check("http://evil.example", "127.0.0.1:8080", 0), 0);
	assert_int_equal(lb_origin_check("http://127.0.0.1:8080.evil", "127.0.0.1:8080", 0), 0);
	assert_int_equal(lb_origin_check("null", "127.0.0.1:8080", 0), 0);
	assert_int_equal(lb_origin_check(NULL, "127.0.0.1:8080", 0), 0);
}

static void test_capabilities(void **state)
{
	char caps[32];
	(void)state;

	assert_int_equal(lb_role_parse("admin"), LB_ROLE_ADMIN);
	assert_int_equal(lb_role_parse("Admin"), 0);
	assert_int_equal(lb_role_parse("root"), 0);
	lb_caps_of_roles(LB_ROLE_AUDITOR, caps);
	assert_string_equal(caps, "hsrvxpkl");
	assert_null(strchr(caps, 'w')); /* an auditor writes nothing */
	assert_null(strchr(caps, 'n')); /* and sees no full NIK */
	lb_caps_of_roles(LB_ROLE_GUDANG | LB_ROLE_KEUANGAN, caps);
	assert_string_equal(caps, "hswgrvxpc");
	lb_caps_of_roles(LB_ROLE_KEUANGAN, caps);
	assert_null(strchr(caps, 'g')); /* finance sees stock but does not post it */
	lb_caps_of_roles(0, caps);
	assert_string_equal(caps, "");
	assert_int_equal(lb_caps_has("hsw", ""), 1);
	assert_int_equal(lb_caps_has("hsw", "sw"), 1);
	assert_int_equal(lb_caps_has("hsw", "uw"), 0);

	/* the registry: every page but the login, logout and assets needs a
	 * capability; writes need 'w'; only GET pages are in the menu */
	for (const struct lb_page *p = lb_pages; p->path; p++) {
		int open = strcmp(p->path, "/login") == 0 || strcmp(p->path, "/logout") == 0 ||
			   strncmp(p->path, "/static/", 8) == 0;
		if (!open && !p->caps[0])
			fail_msg("%s needs no capability", p->path);
		if (open != (p->caps[0] == 0))
			fail_msg("%s: capability mismatch", p->path);
		if ((p->flags & LB_PG_PUBLIC) && strcmp(p->path, "/login") != 0 && strncmp(p->path, "/static/", 8) != 0)
			fail_msg("%s is public", p->path);
		if (strstr(p->path, "tambah") || strstr(p->path, "nonaktif"))
			assert_non_null(strchr(p->caps, 'w'));
		assert_ptr_equal(lb_page_find(p->path), p);
	}
	assert_null(lb_page_find("/static/../lumbung.db"));
	assert_null(lb_page_find("/admin/pengguna/"));
	assert_string_equal(lb_page_find("/admin/pengguna/tambah")->caps, "uw");
	assert_string_equal(lb_page_find("/penerima/nik")->caps, "rn");
}

static void test_escape(void **state)
{
	lb_buf b;
	lb_err e;
	(void)state;

	lb_buf_init(&b);
	must(lb_html_add(&b, "<script>alert(1)</script>", &e), &e);
	assert_string_equal(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;");
	lb_buf_reset(&b);
	must(lb_html_add(&b, "\"><img src=x onerror=alert(1)>", &e), &e);
	assert_string_equal(b.data, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	lb_buf_reset(&b);
	must(lb_html_add(&b, "Ali & 'Ani'", &e), &e);
	assert_string_equal(b.data, "Ali &amp; &#39;Ani&#39;");
	lb_buf_release(&b);
}

static void test_cookie_form(void **state)
{
	struct lb_form f;
	char v[80];
	lb_err e;
	(void)state;

	assert_int_equal(lb_cookie_get("a=1; lumbung_sesi=abc; b=2", "lumbung_sesi", v, sizeof v), 1);
	assert_string_equal(v, "abc");
	assert_int_equal(lb_cookie_get("xlumbung_sesi=abc", "lumbung_sesi", v, sizeof v), 0);
	assert_int_equal(lb_cookie_get("lumbung_sesi=\"q\"", "lumbung_sesi", v, sizeof v), 1);
	assert_string_equal(v, "q");
	assert_int_equal(lb_cookie_get("lumbung_sesi=0123456789", "lumbung_sesi", v, 5), 0);

	lb_form_init(&f);
	must(lb_form_parse("user=siti&password=a%20b+c&csrf=&x", 34, &f, &e), &e);
	assert_string_equal(lb_form_get(&f, "user"), "siti");
	assert_string_equal(lb_form_get(&f, "password"), "a b c");
	assert_string_equal(lb_form_get(&f, "csrf"), "");
	assert_string_equal(lb_form_get(&f, "x"), "");
	lb_form_release(&f);
	assert_int_equal(lb_form_parse("a=%2", 4, &f, &e), LB_EINPUT);
	lb_form_release(&f);
	assert_int_equal(lb_form_parse("a=%00", 5, &f, &e), LB_EINPUT);
	lb_form_release(&f);
	{
		static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nsiti\r\n"
					   "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nab\r\n--XyZ--\r\n";
		must(lb_multipart_parse("multipart/form-data; boundary=XyZ", body, sizeof body - 1, &f, &e), &e);
		assert_string_equal(lb_form_get(&f, "user"), "siti");
		assert_string_equal(lb_form_get(&f, "csrf"), "ab");
		lb_form_release(&f);
		assert_int_equal(lb_multipart_parse("multipart/form-data", body, sizeof body - 1, &f, &e), LB_EINPUT);
		lb_form_release(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash),
		cmocka_unit_test(test_user_names),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_add_rules, setup, teardown),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_cookie_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
