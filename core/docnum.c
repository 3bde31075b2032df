/*
 * docnum.c — document numbers, Roman months, spelled dates. See docnum.h.
 */
#include "docnum.h"

#include <stdio.h>
#include <string.h>

#include "terbilang.h"

/* Give back what a failed call appended. */
static void cut(lb_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = 0;
	}
}

const char *lb_roman_month(int m)
{
	static const char *const r[] = { "I", "II", "III", "IV", "V", "VI",
					 "VII", "VIII", "IX", "X", "XI", "XII" };

	return m >= 1 && m <= 12 ? r[m - 1] : "";
}

const char *lb_weekday_id(lb_day day)
{
	static const char *const names[] = { "Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu" };

	/* 1 January 1970, day 0, was a Thursday */
	return names[((day % 7) + 7 + 4) % 7];
}

/* One pass serves both the check (v NULL) and the formatting. */
static int walk(const char *pattern, const struct lb_docnum_vars *v, lb_buf *out, lb_err *e)
{
	int has_seq = 0, rc;

	for (const char *p = pattern; *p;) {
		const char *end;
		char tok[32];
		size_t n;

		if (*p != '{') {
			if (out && (rc = lb_buf_addc(out, *p, e)))
				return rc;
			p++;
			continue;
		}
		if (!(end = strchr(p, '}')))
			return lb_fail(e, LB_EINPUT, "number pattern '%s': '{' without '}'", pattern);
		n = (size_t)(end - p - 1);
		if (n >= sizeof tok)
			return lb_fail(e, LB_EINPUT, "number pattern '%s': unknown token '%.*s'", pattern,
				       (int)(n + 2), p);
		memcpy(tok, p + 1, n);
		tok[n] = 0;
		rc = LB_OK;
		if (strcmp(tok, "seq") == 0 || (strncmp(tok, "seq:", 4) == 0)) {
			int width = 0;

			if (tok[3] == ':') {
				if (tok[4] < '1' || tok[4] > '9' || tok[5])
					return lb_fail(e, LB_EINPUT,
						       "number pattern '%s': '{%s}' needs a width of 1 to 9 digits",
						       pattern, tok);
				width = tok[4] - '0';
			}
			has_seq = 1;
			if (out)
				rc = lb_buf_addf(out, e, "%0*lld", width, (long long)v->seq);
		} else if (strcmp(tok, "program") == 0) {
			if (out)
				rc = lb_buf_adds(out, v->program ? v->program : "", e);
		} else if (strcmp(tok, "bulan") == 0) {
			if (out)
				rc = lb_buf_addf(out, e, "%02d", v->month);
		} else if (strcmp(tok, "bulan-romawi") == 0) {
			if (out)
				rc = lb_buf_adds(out, lb_roman_month(v->month), e);
		} else if (strcmp(tok, "tahun") == 0) {
			if (out)
				rc = lb_buf_addf(out, e, "%d", v->year);
		} else if (strcmp(tok, "desa") == 0) {
			if (out)
				rc = lb_buf_adds(out, v->village ? v->village : "", e);
		} else if (strcmp(tok, "lokasi") == 0) {
			if (out)
				rc = lb_buf_adds(out, v->location ? v->location : "", e);
		} else {
			return lb_fail(e, LB_EINPUT,
				       "number pattern '%s': unknown token '{%s}': use {seq}, {seq:N}, {program}, {bulan}, {bulan-romawi}, {tahun}, {desa} or {lokasi}",
				       pattern, tok);
		}
		if (rc)
			return rc;
		p = end + 1;
	}
	if (!has_seq)
		return lb_fail(e, LB_EINPUT,
			       "number pattern '%s' has no {seq}: two documents would get the same number", pattern);
	return LB_OK;
}

int lb_docnum_check(const char *pattern, lb_err *e)
{
	return walk(pattern, NULL, NULL, e);
}

int lb_docnum_format(const char *pattern, const struct lb_docnum_vars *v, lb_buf *out, lb_err *e)
{
	size_t len = out->len;
	int rc = walk(pattern, v, out, e);

	if (rc)
		cut(out, len);
	return rc;
}

int lb_docnum_assign(lb_db *db, const char *doc, const char *subject, const char *pattern,
		     struct lb_docnum_vars *v, lb_buf *out, lb_err *e)
{
	lb_stmt *st;
	char now[21];
	size_t len = out->len;
	int rc;

	if (!lb_db_in_tx(db))
		return lb_fail(e, LB_ESYS, "a document number is given inside a transaction");
	if (!(st = lb_db_prepare(db, "SELECT seq, number FROM doc_number WHERE doc = ?1 AND subject = ?2", e)))
		return LB_ESYS;
	lb_bind_text(st, 1, doc);
	lb_bind_text(st, 2, subject);
	rc = lb_step(st, e);
	if (rc == LB_ROW) {
		v->seq = lb_col_int(st, 0);
		rc = lb_buf_adds(out, lb_col_text(st, 1), e);
		lb_stmt_reset(st);
		return rc;
	}
	if (rc != LB_DONE)
		return rc;
	if (!(st = lb_db_prepare(db, "SELECT coalesce(max(seq), 0) + 1 FROM doc_number WHERE doc = ?1 AND year = ?2", e)))
		return LB_ESYS;
	lb_bind_text(st, 1, doc);
	lb_bind_int(st, 2, v->year);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot read the sequence of '%s'", doc) : rc;
	v->seq = lb_col_int(st, 0);
	lb_stmt_reset(st);
	if ((rc = lb_docnum_format(pattern, v, out, e)))
		return rc;
	if (!(st = lb_db_prepare(db,
		"INSERT INTO doc_number(doc, year, seq, subject, number, issued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", e))) {
		cut(out, len);
		return LB_ESYS;
	}
	lb_now_utc(now);
	lb_bind_text(st, 1, doc);
	lb_bind_int(st, 2, v->year);
	lb_bind_int(st, 3, v->seq);
	lb_bind_text(st, 4, subject);
	lb_bind_text(st, 5, out->data + len);
	lb_bind_text(st, 6, now);
	if ((rc = lb_step_done(st, e)))
		cut(out, len);
	return rc;
}

int lb_spell_number(int64_t n, lb_buf *out, lb_err *e)
{
	static const char suffix[] = " rupiah";
	size_t len = out->len;
	int rc;

	/* terbilang spells rupiah; the same words without the unit */
	if ((rc = lb_terbilang(n, out, e)))
		return rc;
	if (out->len - len >= sizeof suffix - 1 &&
	    strcmp(out->data + out->len - (sizeof suffix - 1), suffix) == 0)
		cut(out, out->len - (sizeof suffix - 1));
	return LB_OK;
}

int lb_date_spelled(lb_day day, lb_buf *out, lb_err *e)
{
	size_t len = out->len;
	int y, m, d, rc;

	lb_day_to_ymd(day, &y, &m, &d);
	if ((rc = lb_buf_addf(out, e, "%s, tanggal ", lb_weekday_id(day))) ||
	    (rc = lb_spell_number(d, out, e)) ||
	    (rc = lb_buf_addf(out, e, " bulan %s tahun ", lb_month_name_id(m))) ||
	    (rc = lb_spell_number(y, out, e)) ||
	    (rc = lb_buf_addf(out, e, " (%02d-%02d-%04d)", d, m, y)))
		cut(out, len);
	return rc;
}
