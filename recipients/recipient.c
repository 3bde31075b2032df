/*
 * recipient.c — recipients, their history, replacement, likely
 * duplicates and categories. See recipient.h.
 *
 * Messages name a recipient by name and village, never by NIK.
 */
#include "recipients/recipient.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core/date.h"
#include "core/sheet.h"
#include "core/money.h"
#include "inventory/serve.h"
#include "recipients/namefold.h"
#include "recipients/screening.h"

int lb_recipient_ref_year(void)
{
	return lb_nik_ref_year();
}

static int given(const char *s)
{
	return s && *s;
}

/* Is s valid UTF-8 (no overlong forms, no surrogates)? Names end up in
 * PDFs and spreadsheets, which choke on broken bytes. */
static int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p;
		int n;
		unsigned cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* Copy text people typed: trimmed, runs of white space (line breaks
 * included) made one space, other control characters refused. */
static int clean_text(const char *in, const char *what, char *out, size_t n, lb_err *e)
{
	size_t len = 0;
	int space = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			space = len > 0;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f)
			return lb_fail(e, LB_EINPUT, "%s contains a control character (byte 0x%02X)",
				       what, *p);
		if (len + (space ? 2 : 1) >= n)
			return lb_fail(e, LB_EINPUT, "%s is longer than %zu bytes", what, n - 1);
		if (space)
			out[len++] = ' ';
		space = 0;
		out[len++] = (char)*p;
	}
	out[len] = '\0';
	if (!utf8_valid(out))
		return lb_fail(e, LB_EINPUT, "%s is not valid UTF-8 text (save the file as CSV UTF-8)",
			       what);
	return LB_OK;
}

static int check_phone(const char *in, char out[LB_RCP_PHONE_MAX], lb_err *e)
{
	int digits = 0;
	size_t len = strlen(in);

	if (len >= LB_RCP_PHONE_MAX)
		return lb_fail(e, LB_EINPUT, "phone number is longer than %d characters",
			       LB_RCP_PHONE_MAX - 1);
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (!(c == ' ' || c == '-' || (c == '+' && i == 0)))
			return lb_fail(e, LB_EINPUT,
				       "phone number may hold only digits, spaces, hyphens and a leading '+'");
	}
	if (digits < 8 || digits > 15)
		return lb_fail(e, LB_EINPUT, "phone number has %d digits: expected 8 to 15", digits);
	memcpy(out, in, len + 1);
	return LB_OK;
}

void lb_mask_numbers(char *msg)
{
	for (char *p = msg; *p;) {
		char *q = p;
		while (*q >= '0' && *q <= '9')
			q++;
		if (q - p > 4)
			memset(p, '*', (size_t)(q - p));
		p = q > p ? q : p + 1;
	}
}

/* One problem found: kept, and checking goes on with the next field. */
static void add(struct lb_field_errors *fe, const char *col, const lb_err *why)
{
	if (fe->n < LB_FIELD_ERRORS_MAX) {
		fe->col[fe->n] = col;
		snprintf(fe->msg[fe->n], sizeof fe->msg[fe->n], "%s", why->msg);
		lb_mask_numbers(fe->msg[fe->n]);
	}
	fe->n++;
}

static void addf(struct lb_field_errors *fe, const char *col, int rc, const lb_err *why)
{
	if (rc)
		add(fe, col, why);
}

/* Sex as offices write it: L/P in any case, or the words. */
static char sex_of(const char *s)
{
	static const char *const men[] = { "l", "lk", "laki", "lakilaki", "lelaki", "pria" };
	static const char *const women[] = { "p", "pr", "perempuan", "wanita" };
	char f[32];

	lb_sheet_fold(s, f, sizeof f);
	for (size_t i = 0; i < sizeof men / sizeof men[0]; i++)
		if (strcmp(f, men[i]) == 0)
			return 'L';
	for (size_t i = 0; i < sizeof women / sizeof women[0]; i++)
		if (strcmp(f, women[i]) == 0)
			return 'P';
	return 0;
}

/* "Desil 2", "desil 2" and "2" are desil 2. */
static const char *desil_digits(const char *s)
{
	if (strncasecmp(s, "desil", 5) == 0) {
		s += 5;
		while (*s == ' ' || *s == '-' || *s == ':')
			s++;
	}
	return s;
}

int lb_recipient_check_all(const struct lb_recipient_in *in, int ref_year,
			   struct lb_recipient *out, struct lb_field_errors *fe)
{
	struct lb_nik nik;
	const char *bd_mis = NULL; /* which part of the birth date disagrees */
	int sex_mis = 0, nik_ok = 0, rc;
	lb_err why;

	memset(out, 0, sizeof *out);
	fe->n = 0;
	lb_err_clear(&why);
	if (!given(in->nik))
		add(fe, "nik", (lb_fail(&why, LB_EINPUT, "NIK is empty"), &why));
	else if (lb_nik_excel_damage(in->nik, in->nik_is_number, "NIK", &why))
		add(fe, "nik", &why);
	else if ((rc = lb_nik_parse_at(in->nik, ref_year, &nik, &why)))
		add(fe, "nik", &why);
	else
		nik_ok = 1;
	if (nik_ok)
		memcpy(out->nik, in->nik, LB_NIK_LEN + 1);
	if (given(in->kk)) {
		if (lb_nik_excel_damage(in->kk, in->kk_is_number, "KK number", &why))
			add(fe, "kk", &why);
		else if (lb_nik_check_kk(in->kk, &why))
			add(fe, "kk", &why);
		else
			memcpy(out->kk, in->kk, LB_NIK_LEN + 1);
	}
	if (!given(in->name))
		add(fe, "name", (lb_fail(&why, LB_EINPUT, "name is empty"), &why));
	else if (clean_text(in->name, "name", out->name, sizeof out->name, &why))
		add(fe, "name", &why);
	else if (!out->name[0])
		add(fe, "name", (lb_fail(&why, LB_EINPUT, "name is empty"), &why));

	if (nik_ok)
		out->sex[0] = nik.sex;
	if (given(in->sex)) {
		char sx = sex_of(in->sex);
		if (!sx) {
			lb_fail(&why, LB_EINPUT,
				"sex '%.20s' is neither L (laki-laki) nor P (perempuan)", in->sex);
			add(fe, "sex", &why);
		} else {
			sex_mis = nik_ok && sx != nik.sex;
			out->sex[0] = sx;
		}
	}
	if (given(in->birth_date)) {
		lb_day d;
		int y, m, dd;
		if (lb_date_parse_cell(in->birth_date, "birth date", &d, &why)) {
			strncat(why.msg, " (or leave it empty: the NIK holds the birth date)",
				sizeof why.msg - strlen(why.msg) - 1);
			add(fe, "birth_date", &why);
		} else if (d > lb_today()) {
			lb_fail(&why, LB_EINPUT, "birth date %s is in the future", in->birth_date);
			add(fe, "birth_date", &why);
		} else {
			lb_day_to_ymd(d, &y, &m, &dd);
			/* The NIK holds two digits of the year: compare those, and let
			 * the date given settle the century. */
			if (!nik_ok)
				;
			else if (dd != nik.birth_day)
				bd_mis = "day";
			else if (m != nik.birth_month)
				bd_mis = "month";
			else if (y % 100 != nik.birth_year % 100)
				bd_mis = "year";
			lb_date_format(d, out->birth_date);
		}
	} else if (nik_ok) {
		lb_date_format(lb_day_from_ymd(nik.birth_year, nik.birth_month, nik.birth_day),
			       out->birth_date);
	}
	/* Refused as a likely typo, unless the operator has seen the papers:
	 * a few real NIKs were issued with the wrong date or sex. */
	if (bd_mis && !in->accept_mismatch) {
		lb_fail(&why, LB_EINPUT,
			"birth date %s disagrees with the NIK (the %s differs): a likely typo; "
			"if the papers really say so, register with --accept-mismatch",
			out->birth_date, bd_mis);
		add(fe, "birth_date", &why);
	}
	if (sex_mis && !in->accept_mismatch) {
		lb_fail(&why, LB_EINPUT,
			"sex %s disagrees with the NIK, which encodes %s: a likely typo; "
			"if the papers really say so, register with --accept-mismatch",
			out->sex, nik.sex == 'L' ? "a man (L)" : "a woman (P)");
		add(fe, "sex", &why);
	}
	if (bd_mis || sex_mis)
		snprintf(out->mismatch, sizeof out->mismatch, "%s%s%s", bd_mis ? "birth_date" : "",
			 bd_mis && sex_mis ? "," : "", sex_mis ? "sex" : "");

	if (given(in->address))
		addf(fe, "address",
		     clean_text(in->address, "address", out->address, sizeof out->address, &why), &why);
	if (!given(in->village)) {
		add(fe, "village", (lb_fail(&why, LB_EINPUT, "village code is empty"), &why));
	} else if (!lb_region_code_valid(LB_REGION_VILLAGE, in->village)) {
		lb_fail(&why, LB_EINPUT,
			"'%.40s' is not a village code (shaped NN.NN.NN.NNNN, e.g. 64.02.06.2001)",
			in->village);
		add(fe, "village", &why);
	} else {
		memcpy(out->village, in->village, strlen(in->village) + 1);
	}
	if (!given(in->category)) {
		add(fe, "category", (lb_fail(&why, LB_EINPUT, "category is empty"), &why));
	} else if (strlen(in->category) >= LB_CATEGORY_MAX) {
		lb_fail(&why, LB_EINPUT, "unknown category '%.40s...'", in->category);
		add(fe, "category", &why);
	} else {
		/* Category codes are lower case; 'Lansia' is lansia. */
		for (size_t i = 0; in->category[i]; i++)
			out->category[i] = (char)tolower((unsigned char)in->category[i]);
	}
	if (given(in->desil)) {
		int64_t v;
		if (lb_int_parse(desil_digits(in->desil), "desil", 1, 10, &v, &why)) {
			lb_fail(&why, LB_EINPUT, "desil '%.20s' is not a number from 1 to 10 (\"2\" or \"Desil 2\")",
				in->desil);
			add(fe, "desil", &why);
		} else {
			out->desil = (int)v;
		}
	}
	if (given(in->phone)) {
		if (lb_phone_excel_damage(in->phone, in->phone_is_number, &why))
			add(fe, "phone", &why);
		else
			addf(fe, "phone", check_phone(in->phone, out->phone, &why), &why);
	}
	if (given(in->proxy_name) != given(in->proxy_nik)) {
		lb_fail(&why, LB_EINPUT, "a proxy (wakil) needs both a name and a NIK");
		add(fe, given(in->proxy_name) ? "proxy_nik" : "proxy_name", &why);
	} else if (given(in->proxy_nik)) {
		if (lb_nik_excel_damage(in->proxy_nik, 0, "NIK", &why) ||
		    lb_nik_parse_at(in->proxy_nik, ref_year, NULL, &why)) {
			lb_err_prefix(&why, "proxy");
			add(fe, "proxy_nik", &why);
		} else if (strcmp(in->proxy_nik, in->nik) == 0) {
			add(fe, "proxy_nik",
			    (lb_fail(&why, LB_EINPUT, "the proxy's NIK is the recipient's own"), &why));
		} else {
			memcpy(out->proxy_nik, in->proxy_nik, LB_NIK_LEN + 1);
			addf(fe, "proxy_name",
			     clean_text(in->proxy_name, "proxy name", out->proxy_name,
					sizeof out->proxy_name, &why), &why);
		}
	}
	memcpy(out->status, "aktif", 6);
	out->person_key = lb_recipient_person_key(out->village, out->birth_date, out->name);
	return fe->n ? LB_EINPUT : LB_OK;
}

int lb_recipient_check(const struct lb_recipient_in *in, int ref_year, struct lb_recipient *out,
		       const char **column, lb_err *e)
{
	struct lb_field_errors fe;
	int rc = lb_recipient_check_all(in, ref_year, out, &fe);

	*column = NULL;
	if (rc) {
		/* One at a time here (recipient add): the first problem. */
		*column = fe.col[0];
		return lb_fail(e, rc, "%s", fe.msg[0]);
	}
	return LB_OK;
}

int64_t lb_recipient_person_key(const char *village, const char *birth_date, const char *name)
{
	char folded[LB_RCP_NAME_MAX];
	const char *parts[3] = { village, birth_date, folded };
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	/* Titles, honorifics, case and punctuation do not tell people apart:
	 * "H. Baharuddin" is BAHARUDDIN (recipients/namefold.h). */
	lb_name_fold(name, folded, sizeof folded);
	for (int k = 0; k < 3; k++) {
		for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++) {
			h ^= *p;
			h *= 1099511628211ULL;
		}
		h ^= 0xff; /* a separator no UTF-8 text contains */
		h *= 1099511628211ULL;
	}
	return (int64_t)(h >> 1);
}

/* Tokens come from a pool refilled 4 KiB at a time: one getrandom call
 * per 256 recipients instead of one each keeps a million-row import fast.
 * Not thread-safe; lumbung is one thread. */
void lb_recipient_new_token(char out[LB_TOKEN_LEN + 1])
{
	static unsigned char pool[4096];
	static size_t left;

	if (left < 8) {
		randombytes_buf(pool, sizeof pool);
		left = sizeof pool;
	}
	left -= 8;
	sodium_bin2hex(out, LB_TOKEN_LEN + 1, pool + left, 8);
	sodium_memzero(pool + left, 8);
}

/* ---- categories ---- */

int lb_category_check(lb_db *db, const char *code, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT 1 FROM category WHERE code = ?1", e);
	char list[256] = "";
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	rc = lb_step(st, e);
	lb_stmt_reset(st);
	if (rc == LB_ROW)
		return LB_OK;
	if (rc != LB_DONE)
		return rc;
	if (!(st = lb_db_prepare(db, "SELECT code FROM category ORDER BY rowid", e)))
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (list[0])
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, lb_col_text(st, 0), sizeof list - strlen(list) - 1);
	}
	if (rc != LB_DONE)
		return rc;
	return lb_fail(e, LB_EINPUT, "unknown category '%.40s' (the categories are: %s)", code, list);
}

int lb_category_add(lb_db *db, const char *code, const char *name, lb_err *e)
{
	char clean[LB_RCP_NAME_MAX];
	lb_stmt *st;
	size_t len = strlen(code);
	int rc;

	if (len == 0 || len >= LB_CATEGORY_MAX)
		return lb_fail(e, LB_EINPUT, "category add: the code must have 1 to %d characters",
			       LB_CATEGORY_MAX - 1);
	for (size_t i = 0; i < len; i++)
		if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') ||
		      code[i] == '-' || code[i] == '_'))
			return lb_fail(e, LB_EINPUT,
				       "category add: '%.40s' is not a category code (lower-case letters, digits, '-' and '_')",
				       code);
	if ((rc = clean_text(name, "category name", clean, sizeof clean, e)))
		return rc;
	if (!clean[0])
		return lb_fail(e, LB_EINPUT, "category add: the name is empty");
	if (!(st = lb_db_prepare(db, "INSERT INTO category(code, name) VALUES (?1, ?2)"
				     " ON CONFLICT(code) DO NOTHING", e)))
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	lb_bind_text(st, 2, clean);
	if ((rc = lb_step_done(st, e)))
		return rc;
	if (lb_db_changes(db) == 0)
		return lb_fail(e, LB_ERULE, "category add: category '%s' exists already", code);
	return LB_OK;
}

int lb_category_list(lb_db *db, int (*fn)(void *arg, const char *code, const char *name, lb_err *e),
		     void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT code, name FROM category ORDER BY rowid", e);
	int rc;

	if (!st)
		return LB_ESYS;
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = fn(arg, lb_col_text(st, 0), lb_col_text(st, 1), e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* ---- rows ---- */

#define RCP_COLS                                                                            \
	"r.id, r.nik, coalesce(r.kk, ''), r.name, r.sex, r.birth_date, coalesce(r.address, ''),"  \
	" r.village, r.category, coalesce(r.desil, 0), coalesce(r.phone, ''),"                     \
	" coalesce(r.proxy_name, ''), coalesce(r.proxy_nik, ''), coalesce(r.point_id, 0), r.status," \
	" r.token, coalesce(r.mismatch_accepted, ''), r.created_at, coalesce(r.replaces_id, 0)"
#define RCP_NCOLS 19

static void fill(lb_stmt *st, int o, struct lb_recipient *r)
{
#define TXT(field, i) snprintf(r->field, sizeof r->field, "%s", lb_col_text(st, o + (i)))
	memset(r, 0, sizeof *r);
	r->id = lb_col_int(st, o + 0);
	TXT(nik, 1);
	TXT(kk, 2);
	TXT(name, 3);
	TXT(sex, 4);
	TXT(birth_date, 5);
	TXT(address, 6);
	TXT(village, 7);
	TXT(category, 8);
	r->desil = (int)lb_col_int(st, o + 9);
	TXT(phone, 10);
	TXT(proxy_name, 11);
	TXT(proxy_nik, 12);
	r->point_id = lb_col_int(st, o + 13);
	TXT(status, 14);
	TXT(token, 15);
	TXT(mismatch, 16);
	TXT(created_at, 17);
	r->replaces_id = lb_col_int(st, o + 18);
	r->district_known = 1;
#undef TXT
}

static void bind_opt(lb_stmt *st, int i, const char *s)
{
	if (s && *s)
		lb_bind_text(st, i, s);
	else
		lb_bind_null(st, i);
}

#define INSERT_SQL                                                                       \
	"INSERT INTO recipient(nik, kk, name, sex, birth_date, address, village,"         \
	" category, desil, phone, proxy_name, proxy_nik, point_id, token,"                \
	" mismatch_accepted, created_at, replaces_id, person_key)"                        \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"

static void bind_row(lb_stmt *st, const struct lb_recipient *r)
{
	lb_bind_text(st, 1, r->nik);
	bind_opt(st, 2, r->kk);
	lb_bind_text(st, 3, r->name);
	lb_bind_text(st, 4, r->sex);
	lb_bind_text(st, 5, r->birth_date);
	bind_opt(st, 6, r->address);
	lb_bind_text(st, 7, r->village);
	lb_bind_text(st, 8, r->category);
	/* Every parameter is bound, NULL included, so that a statement
	 * reused row after row never keeps the last row's value. */
	if (r->desil)
		lb_bind_int(st, 9, r->desil);
	else
		lb_bind_null(st, 9);
	bind_opt(st, 10, r->phone);
	bind_opt(st, 11, r->proxy_name);
	bind_opt(st, 12, r->proxy_nik);
	if (r->point_id)
		lb_bind_int(st, 13, r->point_id);
	else
		lb_bind_null(st, 13);
	lb_bind_text(st, 14, r->token);
	bind_opt(st, 15, r->mismatch);
	lb_bind_text(st, 16, r->created_at);
	if (r->replaces_id)
		lb_bind_int(st, 17, r->replaces_id);
	else
		lb_bind_null(st, 17);
	lb_bind_int(st, 18, r->person_key);
}

int lb_recipient_insert(lb_db *db, struct lb_recipient *r, int64_t *existing_id, lb_err *e)
{
	lb_stmt *st;
	int rc;

	*existing_id = 0;
	if (!r->created_at[0])
		lb_now_utc(r->created_at);
	/* A token collision (2^-64 per pair) is retried with a fresh one;
	 * a NIK collision is the caller's to word. */
	for (int attempt = 0;; attempt++) {
		lb_recipient_new_token(r->token);
		if (!(st = lb_db_prepare(db, INSERT_SQL " ON CONFLICT(nik) DO NOTHING", e)))
			return LB_ESYS;
		bind_row(st, r);
		rc = lb_step_done(st, e);
		if (rc == LB_ERULE && strstr(e->msg, "recipient.token") && attempt < 3)
			continue;
		if (rc)
			return rc;
		break;
	}
	if (lb_db_changes(db) == 0) {
		if (!(st = lb_db_prepare(db, "SELECT id FROM recipient WHERE nik = ?1", e)))
			return LB_ESYS;
		lb_bind_text(st, 1, r->nik);
		rc = lb_step(st, e);
		if (rc != LB_ROW)
			return rc == LB_DONE ? lb_fail(e, LB_ESYS, "recipient insert: lost a conflicting row")
					     : rc;
		*existing_id = lb_col_int(st, 0);
		lb_stmt_reset(st);
		return LB_OK;
	}
	r->id = lb_db_last_id(db);
	return LB_OK;
}

int lb_recipient_append(lb_db *db, lb_stmt **stp, struct lb_recipient *r, lb_err *e)
{
	lb_stmt *st = *stp;
	int rc;

	/* Prepared once per import: looking a long statement up in the
	 * cache a million times shows in the profile. */
	if (!st && !(st = *stp = lb_db_prepare(db, INSERT_SQL, e)))
		return LB_ESYS;
	if (!r->created_at[0])
		lb_now_utc(r->created_at);
	lb_recipient_new_token(r->token);
	bind_row(st, r);
	if ((rc = lb_step_done(st, e)))
		return rc;
	r->id = lb_db_last_id(db);
	return LB_OK;
}

int lb_recipient_flag_duplicates(lb_db *db, int64_t from_id, long *flagged, lb_err *e)
{
	char now[21];
	lb_stmt *st;
	int rc;

	*flagged = 0;
	lb_now_utc(now);
	/* Each new recipient against every earlier one with the same person
	 * key (the recipient_person index), the fields themselves checked
	 * too since a hash can collide. The later one is the held one. */
	if (!(st = lb_db_prepare(db,
			"INSERT OR IGNORE INTO duplicate_flag(recipient_id, other_id, flagged_at)"
			" SELECT r.id, o.id, ?2 FROM recipient r JOIN recipient o"
			"  ON o.person_key = r.person_key AND o.id < r.id AND o.village = r.village"
			"  AND o.birth_date = r.birth_date"
			" WHERE r.id >= ?1", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, from_id);
	lb_bind_text(st, 2, now);
	if ((rc = lb_step_done(st, e)))
		return rc;
	*flagged = (long)lb_db_changes(db);
	return LB_OK;
}

int lb_recipient_add(lb_db *db, const struct lb_recipient_in *in, const char *point_code,
		     struct lb_recipient *out, struct lb_recipient_added *added, lb_err *e)
{
	struct lb_point pt;
	const char *col;
	int64_t existing;
	int rc;

	memset(added, 0, sizeof *added);
	if ((rc = lb_recipient_check(in, lb_recipient_ref_year(), out, &col, e)))
		return rc;
	if ((rc = lb_region_check_village(db, out->village, e)) ||
	    (rc = lb_category_check(db, out->category, e)))
		return rc;
	if (point_code) {
		if ((rc = lb_point_find(db, point_code, &pt, e)))
			return rc;
		out->point_id = pt.id;
	}
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_recipient_insert(db, out, &existing, e)))
		goto fail;
	if (existing) {
		struct lb_recipient other;
		int found;
		if ((rc = lb_recipient_get(db, existing, &other, &found, e)))
			goto fail;
		rc = lb_fail(e, LB_ERULE,
			     "recipient add: that NIK is already registered, to '%s' of village %s (status %s)",
			     other.name, other.village, other.status);
		goto fail;
	}
	if ((rc = lb_recipient_flag_duplicates(db, out->id, &added->duplicates, e)) ||
	    (rc = lb_screen_recipients(db, out->id, &added->hits, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

static void fill_one(lb_stmt *st, void *out)
{
	fill(st, 0, out);
}

static int get_one(lb_db *db, const char *sql, const char *text, int64_t id,
		   struct lb_recipient *out, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);

	memset(out, 0, sizeof *out);
	*found = 0;
	if (!st)
		return LB_ESYS;
	if (text)
		lb_bind_text(st, 1, text);
	else
		lb_bind_int(st, 1, id);
	return lb_db_one(st, fill_one, out, found, e);
}

int lb_recipient_by_nik(lb_db *db, const char *nik, struct lb_recipient *out, int *found, lb_err *e)
{
	return get_one(db, "SELECT " RCP_COLS " FROM recipient r WHERE r.nik = ?1", nik, 0, out,
		       found, e);
}

int lb_recipient_by_token(lb_db *db, const char *token, struct lb_recipient *out, int *found,
			  lb_err *e)
{
	return get_one(db, "SELECT " RCP_COLS " FROM recipient r WHERE r.token = ?1", token, 0, out,
		       found, e);
}

int lb_recipient_get(lb_db *db, int64_t id, struct lb_recipient *out, int *found, lb_err *e)
{
	return get_one(db, "SELECT " RCP_COLS " FROM recipient r WHERE r.id = ?1", NULL, id, out,
		       found, e);
}

/* What the operator typed: a NIK (16 digits), an id (up to 9 digits) or
 * a name (anything with a letter). */
static int has_letter(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* By name: an exact match (case ignored) wins when it is the only one;
 * otherwise the names that contain the text. Several: refused with the
 * candidates (name, village, birth date, id; never the NIK). */
static int find_by_name(lb_db *db, const char *text, const char *what, struct lb_recipient *out,
			lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT " RCP_COLS ", r.name = ?1 COLLATE NOCASE AS exact FROM recipient r"
		" WHERE r.name LIKE '%' || ?1 || '%'"
		" ORDER BY exact DESC, r.name COLLATE NOCASE, r.id LIMIT 11", e);
	struct lb_recipient r;
	char list[LB_ERR_MAX / 2] = "";
	int rc, n = 0, exact = 0, firstexact = 0;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, text);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		char one[200];
		int ex = lb_col_int(st, RCP_NCOLS) != 0;
		fill(st, 0, &r);
		if (n == 0) {
			*out = r;
			firstexact = ex;
		}
		exact += ex;
		n++;
		if (n <= 10) {
			snprintf(one, sizeof one, "%s'%.60s' (village %s, born %s, id %lld)", n > 1 ? ", " : "",
				 r.name, r.village, r.birth_date, (long long)r.id);
			strncat(list, one, sizeof list - strlen(list) - 1);
		}
	}
	if (rc != LB_DONE)
		return rc;
	if (n == 1 || (firstexact && exact == 1))
		return LB_OK;
	if (n == 0)
		return lb_fail(e, LB_EINPUT, "%s: no recipient is named like '%.60s'", what, text);
	return lb_fail(e, LB_EINPUT, "%s: %s%d recipients match '%.60s': %s%s; give the NIK or the id",
		       what, n > 10 ? "more than " : "", n > 10 ? 10 : n, text, list,
		       n > 10 ? ", ..." : "");
}

int lb_recipient_find(lb_db *db, const char *nik, const char *what, struct lb_recipient *out,
		      lb_err *e)
{
	int found, rc;
	size_t len = strlen(nik);

	if (has_letter(nik))
		return find_by_name(db, nik, what, out, e);
	if (len >= 1 && len <= 9 && strspn(nik, "0123456789") == len) {
		if ((rc = lb_recipient_get(db, atoll(nik), out, &found, e)))
			return rc;
		if (!found)
			return lb_fail(e, LB_EINPUT, "%s: no recipient has id %s", what, nik);
		return LB_OK;
	}
	if ((rc = lb_nik_parse_at(nik, lb_recipient_ref_year(), NULL, e))) {
		lb_err_prefix(e, "%s", what);
		return rc;
	}
	if ((rc = lb_recipient_by_nik(db, nik, out, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_EINPUT, "%s: no recipient has that NIK", what);
	return LB_OK;
}

int lb_recipient_list(lb_db *db, const struct lb_recipient_filter *f,
		      int (*fn)(void *arg, const struct lb_recipient *r, lb_err *e), void *arg,
		      lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT " RCP_COLS " FROM recipient r"
		" WHERE (?1 IS NULL OR r.village = ?1) AND (?2 IS NULL OR r.status = ?2)"
		" AND (?3 IS NULL OR r.category = ?3)"
		" AND (?5 IS NULL OR r.name LIKE '%' || ?5 || '%')"
		" AND (?4 = 0 OR EXISTS (SELECT 1 FROM duplicate_flag d"
		"   WHERE d.recipient_id = r.id AND d.state = 'open'))"
		" ORDER BY r.id", e);
	struct lb_recipient r;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, f ? f->village : NULL);
	lb_bind_text(st, 2, f ? f->status : NULL);
	lb_bind_text(st, 3, f ? f->category : NULL);
	lb_bind_int(st, 4, f ? f->held : 0);
	lb_bind_text(st, 5, f ? f->name : NULL);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		fill(st, 0, &r);
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* The web's search box: one text that is a NIK (16 digits: that one
 * recipient), a village code or the start of a village's name (its
 * recipients), or the start of a recipient's name (case ignored, through
 * the index recipient_name). At most limit rows, by name. */
int lb_recipient_search(lb_db *db, const char *q, long limit,
			int (*fn)(void *arg, const struct lb_recipient *r, lb_err *e), void *arg,
			lb_err *e)
{
	struct lb_recipient r;
	lb_stmt *st;
	int rc, digits = 1;
	size_t n = strlen(q);
	char pat[LB_RCP_NAME_MAX + 2];

	for (size_t i = 0; i < n; i++)
		if (q[i] < '0' || q[i] > '9')
			digits = 0;
	if (n == 0)
		return LB_OK;
	if (n >= LB_RCP_NAME_MAX)
		return lb_fail(e, LB_EINPUT, "the search text is too long");
	/* LIKE's own wildcards in what was typed match themselves */
	{
		size_t k = 0;
		for (size_t i = 0; i < n && k + 3 < sizeof pat; i++) {
			if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
				pat[k++] = '\\';
			pat[k++] = q[i];
		}
		pat[k++] = '%';
		pat[k] = 0;
	}
	if (digits && n == LB_NIK_LEN)
		st = lb_db_prepare(db, "SELECT " RCP_COLS " FROM recipient r WHERE r.nik = ?1 LIMIT ?3", e);
	else if (q[0] >= '0' && q[0] <= '9')
		st = lb_db_prepare(db, "SELECT " RCP_COLS " FROM recipient r WHERE r.village = ?1"
				   " ORDER BY r.name LIMIT ?3", e);
	else
		/* a range on the index recipient_name rather than LIKE, which
		 * SQLite would not run on it: the column itself is BINARY */
		st = lb_db_prepare(db,
			"SELECT * FROM (SELECT " RCP_COLS " FROM recipient r WHERE r.name COLLATE NOCASE >= ?1"
			" AND r.name COLLATE NOCASE < ?4 ORDER BY r.name COLLATE NOCASE LIMIT ?3)"
			" UNION ALL SELECT * FROM (SELECT " RCP_COLS " FROM recipient r WHERE r.village IN"
			" (SELECT code FROM region_village WHERE name LIKE ?2 ESCAPE '\\' LIMIT 20)"
			" AND NOT r.name LIKE ?2 ESCAPE '\\' ORDER BY r.name LIMIT ?3) LIMIT ?3", e);
	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, q);
	lb_bind_text(st, 2, pat);
	lb_bind_int(st, 3, limit > 0 ? limit : 100);
	if (!(q[0] >= '0' && q[0] <= '9')) {
		char hi[LB_RCP_NAME_MAX + 2];
		snprintf(hi, sizeof hi, "%s\xff", q);
		lb_bind_text(st, 4, hi);
	}
	while ((rc = lb_step(st, e)) == LB_ROW) {
		fill(st, 0, &r);
		if ((rc = fn(arg, &r, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* ---- status ---- */

static int check_day(const char *day, const char *what, lb_err *e)
{
	lb_day d;
	int rc;

	if ((rc = lb_date_parse(day, what, &d, e)))
		return rc;
	if (d > lb_today())
		return lb_fail(e, LB_EINPUT, "%s %s is in the future", what, day);
	return LB_OK;
}

int lb_recipient_status_tx(lb_db *db, int64_t id, const char *status, const char *day,
			   const char *reason, const char *operator, lb_err *e)
{
	char now[21];
	lb_stmt *st = lb_db_prepare(db,
		"INSERT INTO recipient_status(recipient_id, status, day, reason, operator, recorded_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e);

	if (!st)
		return LB_ESYS;
	lb_now_utc(now);
	lb_bind_int(st, 1, id);
	lb_bind_text(st, 2, status);
	lb_bind_text(st, 3, day);
	lb_bind_text(st, 4, reason);
	lb_bind_text(st, 5, operator);
	lb_bind_text(st, 6, now);
	return lb_step_done(st, e);
}

static int check_status_args(const char *status, const char *day, const char *reason,
			     char clean[256], lb_err *e)
{
	int rc;

	if (!lb_status_valid(status))
		return lb_fail(e, LB_EINPUT, "unknown status '%.40s' (the statuses are: %s)", status,
			       lb_status_list());
	if ((rc = check_day(day, "--date", e)))
		return rc;
	if ((rc = clean_text(reason, "--reason", clean, 256, e)))
		return rc;
	if (!clean[0])
		return lb_fail(e, LB_EINPUT, "--reason must not be empty: the history keeps why");
	return LB_OK;
}

int lb_recipient_set_status(lb_db *db, int64_t id, const char *status, const char *day,
			    const char *reason, const char *operator, lb_err *e)
{
	struct lb_recipient r;
	char clean[256];
	int found, rc;

	if ((rc = check_status_args(status, day, reason, clean, e)))
		return rc;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_recipient_get(db, id, &r, &found, e)))
		goto fail;
	if (!found) {
		rc = lb_fail(e, LB_EINPUT, "set-status: no such recipient");
		goto fail;
	}
	if (strcmp(r.status, status) == 0) {
		rc = lb_fail(e, LB_ERULE, "set-status: '%s' of village %s is %s already", r.name,
			     r.village, r.status);
		goto fail;
	}
	if ((rc = lb_recipient_status_tx(db, id, status, day, clean, operator, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

int lb_recipient_history(lb_db *db, int64_t id,
			 int (*fn)(void *arg, const struct lb_status_change *c, lb_err *e),
			 void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT status, day, reason, operator, recorded_at FROM recipient_status"
		" WHERE recipient_id = ?1 ORDER BY id", e);
	struct lb_status_change c;
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		snprintf(c.status, sizeof c.status, "%s", lb_col_text(st, 0));
		snprintf(c.day, sizeof c.day, "%s", lb_col_text(st, 1));
		snprintf(c.reason, sizeof c.reason, "%s", lb_col_text(st, 2));
		snprintf(c.operator, sizeof c.operator, "%s", lb_col_text(st, 3));
		snprintf(c.recorded_at, sizeof c.recorded_at, "%s", lb_col_text(st, 4));
		if ((rc = fn(arg, &c, e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_recipient_set_point(lb_db *db, int64_t id, const char *point_code, lb_err *e)
{
	struct lb_point pt = { 0 };
	lb_stmt *st;
	int rc;

	if (point_code && (rc = lb_point_find(db, point_code, &pt, e)))
		return rc;
	if (!(st = lb_db_prepare(db, "UPDATE recipient SET point_id = ?2 WHERE id = ?1", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	if (point_code)
		lb_bind_int(st, 2, pt.id);
	return lb_step_done(st, e);
}

/* ---- edits ---- */

/* One field's change: written, and kept in the history. */
static int edit_one(lb_db *db, int64_t id, const char *field, const char *sql, const char *old,
		    const char *val, int64_t ival, const char *now, const char *operator, lb_err *e)
{
	lb_stmt *st;
	int rc;

	if (sql) {
		if (!(st = lb_db_prepare(db, sql, e)))
			return LB_ESYS;
		lb_bind_int(st, 1, id);
		if (ival >= 0)
			lb_bind_int(st, 2, ival);
		else
			lb_bind_text(st, 2, *val ? val : NULL);
		if ((rc = lb_step_done(st, e)))
			return rc;
	}
	if (!(st = lb_db_prepare(db,
			"INSERT INTO recipient_edit(recipient_id, field, old_value, new_value, edited_at, operator)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e)))
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	lb_bind_text(st, 2, field);
	lb_bind_text(st, 3, old && *old ? old : NULL);
	lb_bind_text(st, 4, *val ? val : NULL);
	lb_bind_text(st, 5, now);
	lb_bind_text(st, 6, operator);
	return lb_step_done(st, e);
}

int lb_recipient_edit(lb_db *db, int64_t id, const struct lb_recipient_change *c,
		      const char *operator, int *changed, lb_err *e)
{
	struct lb_recipient r;
	struct lb_point pt = { 0 };
	char name[LB_RCP_NAME_MAX], address[LB_RCP_ADDRESS_MAX], phone[LB_RCP_PHONE_MAX];
	char oldpoint[64] = "", now[21];
	int found, rc;

	*changed = 0;
	if ((rc = lb_recipient_get(db, id, &r, &found, e)))
		return rc;
	if (!found)
		return lb_fail(e, LB_EINPUT, "recipient edit: no recipient has id %lld", (long long)id);
	/* Every value is checked before anything is written. */
	if (c->name && (rc = clean_text(c->name, "name", name, sizeof name, e)))
		return rc;
	if (c->name && !name[0])
		return lb_fail(e, LB_EINPUT, "name is empty");
	address[0] = phone[0] = '\0';
	if (c->address && *c->address &&
	    (rc = clean_text(c->address, "address", address, sizeof address, e)))
		return rc;
	if (c->phone && *c->phone && (rc = check_phone(c->phone, phone, e)))
		return rc;
	if (c->point && *c->point && (rc = lb_point_find(db, c->point, &pt, e)))
		return rc;
	if (r.point_id) {
		struct lb_point old;
		if ((rc = lb_point_get(db, r.point_id, &old, &found, e)))
			return rc;
		if (found)
			snprintf(oldpoint, sizeof oldpoint, "%s", old.code);
	}
	lb_now_utc(now);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if (c->name && strcmp(name, r.name) != 0) {
		/* The name is part of the duplicate key. */
		int64_t key = lb_recipient_person_key(r.village, r.birth_date, name);
		lb_stmt *st = lb_db_prepare(db, "UPDATE recipient SET person_key = ?2 WHERE id = ?1", e);
		if (!st) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_int(st, 1, id);
		lb_bind_int(st, 2, key);
		if ((rc = lb_step_done(st, e)) ||
		    (rc = edit_one(db, id, "name", "UPDATE recipient SET name = ?2 WHERE id = ?1", r.name,
				   name, -1, now, operator, e)))
			goto fail;
		(*changed)++;
	}
	if (c->address && strcmp(address, r.address) != 0) {
		if ((rc = edit_one(db, id, "address", "UPDATE recipient SET address = ?2 WHERE id = ?1",
				   r.address, address, -1, now, operator, e)))
			goto fail;
		(*changed)++;
	}
	if (c->phone && strcmp(phone, r.phone) != 0) {
		if ((rc = edit_one(db, id, "phone", "UPDATE recipient SET phone = ?2 WHERE id = ?1",
				   r.phone, phone, -1, now, operator, e)))
			goto fail;
		(*changed)++;
	}
	if (c->point && strcmp(c->point, oldpoint) != 0) {
		lb_stmt *st = lb_db_prepare(db, "UPDATE recipient SET point_id = ?2 WHERE id = ?1", e);
		if (!st) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_int(st, 1, id);
		if (*c->point)
			lb_bind_int(st, 2, pt.id);
		if ((rc = lb_step_done(st, e)) ||
		    (rc = edit_one(db, id, "point", NULL, oldpoint, *c->point ? pt.code : "",
				   -1, now, operator, e)))
			goto fail;
		(*changed)++;
	}
	if (!*changed) {
		lb_db_rollback(db);
		return LB_OK;
	}
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

int lb_recipient_edits(lb_db *db, int64_t id,
		       int (*fn)(void *arg, const char *field, const char *old_value,
				 const char *new_value, const char *edited_at, const char *operator,
				 lb_err *e),
		       void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT field, coalesce(old_value, ''), coalesce(new_value, ''), edited_at, operator"
		" FROM recipient_edit WHERE recipient_id = ?1 ORDER BY id", e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if ((rc = fn(arg, lb_col_text(st, 0), lb_col_text(st, 1), lb_col_text(st, 2),
			     lb_col_text(st, 3), lb_col_text(st, 4), e))) {
			lb_stmt_reset(st);
			return rc;
		}
	}
	return rc == LB_DONE ? LB_OK : rc;
}

/* ---- replacement ---- */

int lb_recipient_replace(lb_db *db, int64_t old_id, const struct lb_recipient_in *in,
			 const char *end_status, const char *day, const char *reason,
			 const char *operator, struct lb_recipient *new_out,
			 struct lb_recipient_added *added, lb_err *e)
{
	struct lb_recipient old, by;
	char clean[256];
	int found, rc;
	lb_stmt *st;

	memset(added, 0, sizeof *added);
	if (!end_status)
		end_status = "nonaktif";
	if (strcmp(end_status, "aktif") == 0)
		return lb_fail(e, LB_EINPUT, "replace: --status must end the old recipient (not aktif)");
	if ((rc = check_status_args(end_status, day, reason, clean, e)))
		return rc;
	if ((rc = lb_nik_parse_at(in->nik, lb_recipient_ref_year(), NULL, e))) {
		lb_err_prefix(e, "replace: --by");
		return rc;
	}
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_recipient_get(db, old_id, &old, &found, e)))
		goto fail;
	if (!found) {
		rc = lb_fail(e, LB_EINPUT, "replace: no such recipient");
		goto fail;
	}
	if (strcmp(old.nik, in->nik) == 0) {
		rc = lb_fail(e, LB_EINPUT, "replace: a recipient cannot replace themselves");
		goto fail;
	}
	if (!(st = lb_db_prepare(db, "SELECT name FROM recipient WHERE replaces_id = ?1", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, old_id);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		rc = lb_fail(e, LB_ERULE, "replace: '%s' of village %s was already replaced by '%s'",
			     old.name, old.village, lb_col_text(st, 0));
		lb_stmt_reset(st);
		goto fail;
	}
	if (rc != LB_DONE)
		goto fail;
	if ((rc = lb_recipient_by_nik(db, in->nik, &by, &found, e)))
		goto fail;
	if (found) {
		/* Registered already (imported from the village's list, say):
		 * only the link is new. */
		if (strcmp(by.status, "aktif") != 0) {
			rc = lb_fail(e, LB_ERULE, "replace: the replacement '%s' is %s, not aktif", by.name,
				     by.status);
			goto fail;
		}
		if (by.replaces_id) {
			rc = lb_fail(e, LB_ERULE, "replace: '%s' already replaces another recipient",
				     by.name);
			goto fail;
		}
		if (!(st = lb_db_prepare(db, "UPDATE recipient SET replaces_id = ?2 WHERE id = ?1", e))) {
			rc = LB_ESYS;
			goto fail;
		}
		lb_bind_int(st, 1, by.id);
		lb_bind_int(st, 2, old_id);
		if ((rc = lb_step_done(st, e)))
			goto fail;
		by.replaces_id = old_id;
		*new_out = by;
	} else {
		struct lb_recipient_in nin = *in;
		const char *col;
		int64_t existing;
		if (!given(nin.name)) {
			rc = lb_fail(e, LB_EINPUT,
				     "replace: the new NIK is not registered: give --name (and any other details) to register the replacement");
			goto fail;
		}
		if (!given(nin.village))
			nin.village = old.village;
		if (!given(nin.category))
			nin.category = old.category;
		if ((rc = lb_recipient_check(&nin, lb_recipient_ref_year(), new_out, &col, e))) {
			lb_err_prefix(e, "replace: %s", col);
			goto fail;
		}
		if ((rc = lb_region_check_village(db, new_out->village, e)) ||
		    (rc = lb_category_check(db, new_out->category, e)))
			goto fail;
		new_out->replaces_id = old_id;
		if ((rc = lb_recipient_insert(db, new_out, &existing, e)))
			goto fail;
		if ((rc = lb_recipient_flag_duplicates(db, new_out->id, &added->duplicates, e)) ||
		    (rc = lb_screen_recipients(db, new_out->id, &added->hits, e)))
			goto fail;
	}
	if (strcmp(old.status, end_status) != 0 &&
	    (rc = lb_recipient_status_tx(db, old_id, end_status, day, clean, operator, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}

/* ---- likely duplicates ---- */

int lb_dup_list(lb_db *db, int open_only, int64_t recipient_id,
		int (*fn)(void *arg, const struct lb_dup_flag *d, lb_err *e), void *arg, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT d.id, d.state, d.flagged_at, coalesce(d.reviewer, ''), coalesce(d.note, ''), "
		RCP_COLS ", "
		"o.id, o.nik, coalesce(o.kk, ''), o.name, o.sex, o.birth_date, coalesce(o.address, ''),"
		" o.village, o.category, coalesce(o.desil, 0), coalesce(o.phone, ''),"
		" coalesce(o.proxy_name, ''), coalesce(o.proxy_nik, ''), coalesce(o.point_id, 0), o.status,"
		" o.token, coalesce(o.mismatch_accepted, ''), o.created_at, coalesce(o.replaces_id, 0)"
		" FROM duplicate_flag d JOIN recipient r ON r.id = d.recipient_id"
		" JOIN recipient o ON o.id = d.other_id"
		" WHERE (?1 = 0 OR d.state = 'open') AND (?2 = 0 OR ?2 IN (d.recipient_id, d.other_id))"
		" ORDER BY d.id", e);
	struct lb_dup_flag *d;
	int rc;

	if (!st)
		return LB_ESYS;
	if (!(d = malloc(sizeof *d)))
		return lb_oom(e);
	lb_bind_int(st, 1, open_only);
	lb_bind_int(st, 2, recipient_id);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		d->id = lb_col_int(st, 0);
		snprintf(d->state, sizeof d->state, "%s", lb_col_text(st, 1));
		snprintf(d->flagged_at, sizeof d->flagged_at, "%s", lb_col_text(st, 2));
		snprintf(d->reviewer, sizeof d->reviewer, "%s", lb_col_text(st, 3));
		snprintf(d->note, sizeof d->note, "%s", lb_col_text(st, 4));
		fill(st, 5, &d->held);
		fill(st, 5 + RCP_NCOLS, &d->other);
		if ((rc = fn(arg, d, e))) {
			lb_stmt_reset(st);
			free(d);
			return rc;
		}
	}
	free(d);
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_dup_open_count(lb_db *db, long *open, lb_err *e)
{
	int64_t n;
	int rc;

	*open = 0;
	if ((rc = lb_db_int(db, "SELECT count(*) FROM duplicate_flag WHERE state = 'open'", 0, &n, e)))
		return rc;
	*open = (long)n;
	return LB_OK;
}

int lb_dup_held(lb_db *db, int64_t id, long *open, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT count(*) FROM duplicate_flag WHERE state = 'open' AND recipient_id = ?1", e);
	int64_t n;
	int rc;

	*open = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	if ((rc = lb_db_one_int64(st, 0, &n, e)))
		return rc;
	*open = (long)n;
	return LB_OK;
}

int lb_dup_review(lb_db *db, int64_t id, const char *verdict, const char *day, const char *note,
		  const char *operator, long *closed, lb_err *e)
{
	struct lb_recipient r;
	char clean[256], now[21], reason[300];
	lb_stmt *st;
	int found, rc, dup;

	*closed = 0;
	if (!verdict || (strcmp(verdict, "distinct") != 0 && strcmp(verdict, "duplicate") != 0))
		return lb_fail(e, LB_EINPUT,
			       "review: --verdict must be distinct (two people) or duplicate (one person twice)");
	dup = verdict[1] == 'u';
	if ((rc = check_day(day, "--date", e)))
		return rc;
	if ((rc = clean_text(note ? note : "", "--reason", clean, sizeof clean, e)))
		return rc;
	if (!clean[0])
		return lb_fail(e, LB_EINPUT, "review: --reason must not be empty: say what was checked");
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_recipient_get(db, id, &r, &found, e)))
		goto fail;
	if (!found) {
		rc = lb_fail(e, LB_EINPUT, "review: no such recipient");
		goto fail;
	}
	lb_now_utc(now);
	if (!(st = lb_db_prepare(db,
			"UPDATE duplicate_flag SET state = ?2, reviewed_at = ?3, reviewer = ?4, note = ?5"
			" WHERE recipient_id = ?1 AND state = 'open'", e))) {
		rc = LB_ESYS;
		goto fail;
	}
	lb_bind_int(st, 1, id);
	lb_bind_text(st, 2, verdict);
	lb_bind_text(st, 3, now);
	lb_bind_text(st, 4, operator);
	lb_bind_text(st, 5, clean);
	if ((rc = lb_step_done(st, e)))
		goto fail;
	*closed = (long)lb_db_changes(db);
	if (*closed == 0) {
		rc = lb_fail(e, LB_ERULE,
			     "review: '%s' of village %s is not held for duplicate review (flags are on the later registration)",
			     r.name, r.village);
		goto fail;
	}
	if (dup && strcmp(r.status, "nonaktif") != 0) {
		snprintf(reason, sizeof reason, "registered twice: %s", clean);
		if ((rc = lb_recipient_status_tx(db, id, "nonaktif", day, reason, operator, e)))
			goto fail;
	}
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	*closed = 0;
	return rc;
}

int lb_recipient_replaced_by(lb_db *db, int64_t id, struct lb_recipient *out, int *found,
			     lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, "SELECT id FROM recipient WHERE replaces_id = ?1", e);
	int64_t by;
	int rc;

	*found = 0;
	if (!st)
		return LB_ESYS;
	lb_bind_int(st, 1, id);
	if ((rc = lb_db_one_int64(st, 0, &by, e)) || !by)
		return rc;
	return lb_recipient_get(db, by, out, found, e);
}

int lb_recipient_filter_check(lb_db *db, const struct lb_recipient_filter *f, lb_err *e)
{
	int rc;

	if (f->status && !lb_status_valid(f->status))
		return lb_fail(e, LB_EINPUT, "recipient list: unknown status '%.40s' (the statuses are: %s)",
			       f->status, lb_status_list());
	if (f->village && (rc = lb_region_check_village(db, f->village, e)))
		return rc;
	if (f->category && (rc = lb_category_check(db, f->category, e)))
		return rc;
	return LB_OK;
}

/* ---- operations ---- */

/* What registering found, as recipient add and replace have always said it. */
static void warn_added(struct lb_op *op, const struct lb_recipient_added *a)
{
	if (a->duplicates)
		lb_op_warn(op,
			   "likely duplicate: same name, birth date and village as %ld earlier registration%s; "
			   "held out of allocations until reviewed ('lumbung recipient duplicates')",
			   a->duplicates, a->duplicates == 1 ? "" : "s");
	if (a->hits)
		lb_op_warn(op, "on %ld screening list%s (see 'lumbung recipient show')", a->hits,
			   a->hits == 1 ? "" : "s");
}

static void village_name(lb_db *db, const char *code, char name[LB_REGION_NAME_MAX])
{
	int found;
	lb_err ignored;

	if (lb_region_name(db, LB_REGION_VILLAGE, code, name, &found, &ignored))
		name[0] = '\0';
}

int lb_recipient_register(struct lb_op *op, const struct lb_recipient_add_in *in,
			  struct lb_recipient_add_out *out, lb_err *e)
{
	struct lb_nik n;
	struct lb_nik_region reg;
	lb_err ignored;
	int rc;

	memset(out, 0, sizeof *out);
	/* its number, never its NIK; known once inserted, before the commit */
	lb_op_subject_id(op, "recipient", &out->recipient.id);
	if ((rc = lb_recipient_add(op->db, &in->r, in->point, &out->recipient, &out->added, e))) {
		lb_err_prefix(e, "recipient add");
		return rc;
	}
	village_name(op->db, out->recipient.village, out->village_name);
	warn_added(op, &out->added);
	if (!lb_nik_parse_at(out->recipient.nik, lb_recipient_ref_year(), &n, &ignored) &&
	    !lb_region_of_nik(op->db, &n, &reg, &ignored) && !reg.district_known)
		lb_op_warn(op,
			   "the NIK's district %s is not in the region data (registered "
			   "anyway: districts are split and renamed after NIKs are issued)",
			   n.district);
	return LB_OK;
}

int lb_recipient_show(struct lb_op *op, const struct lb_recipient_show_in *in,
		      struct lb_recipient_show_out *out, lb_err *e)
{
	const struct lb_recipient *r = &out->recipient;
	int found, rc;

	memset(out, 0, sizeof *out);
	if (!in->token == !in->who)
		return lb_fail(e, LB_EINPUT, "recipient show: give a NIK, an id, a name or --token TOKEN (see 'lumbung recipient show --help')");
	if (in->token) {
		if ((rc = lb_recipient_by_token(op->db, in->token, &out->recipient, &found, e)))
			return rc;
		if (!found)
			return lb_fail(e, LB_EINPUT, "recipient show: no recipient has token '%.20s'",
				       in->token);
	} else if ((rc = lb_recipient_find(op->db, in->who, "recipient show", &out->recipient, e))) {
		return rc;
	}
	if ((rc = lb_region_name(op->db, LB_REGION_VILLAGE, r->village, out->village_name, &found, e)))
		return rc;
	out->point_own = r->point_id != 0;
	if (r->point_id)
		rc = lb_point_get(op->db, r->point_id, &out->point, &out->point_found, e);
	else
		rc = lb_point_for_village(op->db, r->village, &out->point, &out->point_found, e);
	if (rc)
		return rc;
	if (r->replaces_id &&
	    (rc = lb_recipient_get(op->db, r->replaces_id, &out->replaces, &out->has_replaces, e)))
		return rc;
	return lb_recipient_replaced_by(op->db, r->id, &out->replaced_by, &out->has_replaced_by, e);
}

int lb_recipient_correct(struct lb_op *op, const struct lb_recipient_edit_in *in,
			 struct lb_recipient_edit_out *out, lb_err *e)
{
	struct lb_recipient_change c = { in->name, in->address, in->phone, in->point };
	int rc;

	memset(out, 0, sizeof *out);
	if (!c.name && !c.address && !c.phone && !c.point)
		return lb_fail(e, LB_EINPUT,
			       "recipient edit: give --name, --address, --phone or --point (see 'lumbung recipient edit --help')");
	if ((rc = lb_recipient_find(op->db, in->who, "recipient edit", &out->recipient, e))) {
		lb_err_prefix(e, "recipient edit");
		return rc;
	}
	lb_op_subject(op, "recipient %lld", (long long)out->recipient.id);
	if ((rc = lb_recipient_edit(op->db, out->recipient.id, &c, op->actor, &out->changed, e)))
		lb_err_prefix(e, "recipient edit");
	return rc;
}

int lb_recipient_status_change(struct lb_op *op, const struct lb_recipient_status_in *in,
			       struct lb_recipient *out, lb_err *e)
{
	int rc;

	if ((rc = lb_recipient_find(op->db, in->who, "recipient set-status", out, e)))
		return rc;
	lb_op_subject(op, "recipient %lld: %s", (long long)out->id, in->status);
	if ((rc = lb_recipient_set_status(op->db, out->id, in->status, in->date, in->reason, op->actor,
					  e)))
		lb_err_prefix(e, "recipient");
	return rc;
}

int lb_recipient_point_change(struct lb_op *op, const struct lb_recipient_point_in *in,
			      struct lb_recipient *out, lb_err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	if (!in->point == !in->clear)
		return lb_fail(e, LB_EINPUT,
			       "recipient set-point: give --point CODE, or --clear to use the point serving the village");
	if ((rc = lb_recipient_find(op->db, in->who, "recipient set-point", out, e)) ||
	    (rc = lb_op_begin(op, e)))
		return rc;
	return lb_op_end(op, lb_recipient_set_point(op->db, out->id, in->point, e), e);
}

int lb_recipient_substitute(struct lb_op *op, const struct lb_recipient_replace_in *in,
			    struct lb_recipient_replace_out *out, lb_err *e)
{
	int rc;

	memset(out, 0, sizeof *out);
	if (in->date)
		snprintf(out->day, sizeof out->day, "%s", in->date);
	else
		lb_date_format(op->today, out->day);
	if ((rc = lb_recipient_find(op->db, in->old, "recipient replace", &out->old, e)))
		return rc;
	if ((rc = lb_recipient_replace(op->db, out->old.id, &in->by, in->status, out->day, in->reason,
				       op->actor, &out->recipient, &out->added, e))) {
		lb_err_prefix(e, "recipient");
		return rc;
	}
	village_name(op->db, out->recipient.village, out->village_name);
	warn_added(op, &out->added);
	return LB_OK;
}

int lb_recipient_review(struct lb_op *op, const struct lb_recipient_review_in *in,
			struct lb_recipient_review_out *out, lb_err *e)
{
	char today[11];
	int rc;

	memset(out, 0, sizeof *out);
	lb_date_format(op->today, today);
	if ((rc = lb_recipient_find(op->db, in->who, "recipient review", &out->recipient, e)))
		return rc;
	lb_op_subject(op, "recipient %lld: %s", (long long)out->recipient.id, in->verdict);
	if ((rc = lb_dup_review(op->db, out->recipient.id, in->verdict, in->date ? in->date : today,
				in->reason, op->actor, &out->closed, e)))
		lb_err_prefix(e, "recipient");
	return rc;
}

int lb_category_create(struct lb_op *op, const struct lb_category_in *in, lb_err *e)
{
	int rc;

	if ((rc = lb_op_begin(op, e)))
		return rc;
	return lb_op_end(op, lb_category_add(op->db, in->code, in->name, e), e);
}
