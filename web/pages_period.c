/*
 * pages_period.c — closing a month, for finance (`lumbung period
 * close`): a month is closed for good, so the page first shows what
 * closing leaves behind — the packages of the month's rounds not
 * collected and the field kits still out — and closes only when that
 * is confirmed. Both steps call the same operation
 * (lb_period_close_month): without the confirmation it checks every
 * rule, reports and writes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/period.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

#define PATH "/keuangan/tutup-bulan"

/* "2026-01" as people say it, "Januari 2026" (as typed when it is no
 * month); *open: the month has not ended yet, the one case closing asks
 * for "early" and its reason. */
static void month_words(const char *month, char out[24], int *open)
{
	int p;

	*open = 0;
	if (!month || lb_period_parse(month, "month", &p, NULL) != LB_OK) {
		snprintf(out, 24, "%s", month ? month : "");
		return;
	}
	lb_period_format_id(p, out);
	*open = lb_period_last_day(p) >= lb_today();
}

/* The box and reason for closing before the month's end, as posted. */
static int early_fields(struct lb_resp *r, int checked, const char *reason, lb_err *e)
{
	int rc;

	if ((rc = lb_html_raw(r, checked ? "<label class=\"centang\"><input type=\"checkbox\" name=\"early\" value=\"1\" checked>"
					 : "<label class=\"centang\"><input type=\"checkbox\" name=\"early\" value=\"1\">", e)) ||
	    (rc = lb_html_raw(r, " Tutup sebelum bulan berakhir</label><label><span>Alasan menutup sebelum bulan berakhir</span>"
				 "<input name=\"reason\" value=\"", e)) ||
	    (rc = lb_html_text(r, reason ? reason : "", e)) || (rc = lb_html_raw(r, "\"></label>", e)))
		return rc;
	return LB_OK;
}

static int ask(struct lb_req *q, struct lb_resp *r, const char *month, const char *why, const char *detail)
{
	lb_err *e = &q->err;
	char words[24];
	int rc, open;

	month_words(month, words, &open);
	if ((rc = lb_html_begin(q, r, "Tutup bulan")))
		return rc;
	if (why && ((rc = lb_html_raw(r, "<div class=\"galat\"><p class=\"apa\"><b>Apa yang terjadi:</b> ", e)) ||
		    (rc = lb_html_text(r, why, e)) || (rc = lb_html_raw(r, "</p></div><p class=\"rinci\">Rincian teknis (untuk admin): ", e)) ||
		    (rc = lb_html_text(r, detail, e)) || (rc = lb_html_raw(r, "</p>", e))))
		return rc;
	if ((rc = lb_html_raw(r, "<p>Bulan yang ditutup tidak dapat diubah lagi: tidak ada penerimaan, pemindahan, "
				 "penebusan atau pembatalan yang dapat dicatat di dalamnya, dan laporannya tetap. Periksa dulu "
				 "apa yang masih terbuka.</p><form method=\"post\" class=\"op\" action=\"" PATH "\">", e)) ||
	    (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<label><span>Bulan (YYYY-MM) <span class=\"req\">*</span></span>"
				 "<input name=\"YYYY-MM\" required placeholder=\"2026-01\" value=\"", e)) ||
	    (rc = lb_html_text(r, month ? month : "", e)) || (rc = lb_html_raw(r, "\"></label>", e)) ||
	    (open && (rc = early_fields(r, 0, lb_form_get(&q->form, "reason"), e))) ||
	    (rc = lb_html_raw(r, "<button type=\"submit\">Periksa</button></form>", e)))
		return rc;
	return lb_html_end(q, r);
}

/* What closing leaves behind, then the form that closes for good. */
static int confirm(struct lb_req *q, struct lb_resp *r, const char *month, const struct lb_period_close_in *in,
		   const struct lb_period_close_info *info, const char *refused, const char *detail)
{
	lb_err *e = &q->err;
	char line[512], words[24];
	int rc, open;

	month_words(month, words, &open);
	snprintf(line, sizeof line, "Tutup bulan %s: periksa dulu", words);
	if ((rc = lb_html_begin(q, r, line)))
		return rc;
	if (refused && ((rc = lb_html_raw(r, "<div class=\"galat\"><p class=\"apa\"><b>Belum dapat ditutup:</b> ", e)) ||
			(rc = lb_html_text(r, refused, e)) || (rc = lb_html_raw(r, "</p></div><p class=\"rinci\">Rincian teknis (untuk admin): ", e)) ||
			(rc = lb_html_text(r, detail, e)) || (rc = lb_html_raw(r, "</p>", e))))
		return rc;
	snprintf(line, sizeof line, "%s: %lld paket belum diambil%s%s%s.", words, (long long)info->uncollected,
		 info->uncollected ? " (" : "", info->uncollected ? info->uncollected_by.data : "",
		 info->uncollected ? ")" : "");
	if ((rc = lb_html_raw(r, "<ul class=\"ringkas\"><li id=\"belum-diambil\">", e)) || (rc = lb_html_text(r, line, e)))
		return rc;
	snprintf(line, sizeof line, "Kit lapangan yang belum kembali: %d%s%s.", info->open_kits,
		 info->open_kits ? ": " : "", info->open_kits ? info->kits.data : "");
	if ((rc = lb_html_raw(r, "</li><li id=\"kit-di-luar\">", e)) || (rc = lb_html_text(r, line, e)) ||
	    (rc = lb_html_raw(r, "</li></ul><form method=\"post\" class=\"op\" action=\"" PATH "\">", e)) ||
	    (rc = lb_html_csrf(q, r)) || (rc = lb_html_raw(r, "<input type=\"hidden\" name=\"YYYY-MM\" value=\"", e)) ||
	    (rc = lb_html_text(r, month, e)) ||
	    (rc = lb_html_raw(r, "\"><input type=\"hidden\" name=\"yes\" value=\"1\">", e)))
		return rc;
	if (info->open_kits &&
	    (rc = lb_html_raw(r, "<label class=\"centang\"><input type=\"checkbox\" name=\"force\" value=\"1\"> Tutup walau kit "
				 "lapangan belum kembali (dicatat)</label>", e)))
		return rc;
	/* what the check was sent with is what closes; a month that has
	 * ended closes without "early" */
	if ((open && (rc = early_fields(r, in->early, in->reason, e))) ||
	    (rc = lb_html_raw(r, "<button type=\"submit\" data-yakin=\"Tutup bulan ini untuk "
				 "selamanya?\">Tutup bulan ini untuk selamanya</button></form><p><a href=\"" PATH "\">Batal</a></p>", e)))
		return rc;
	return lb_html_end(q, r);
}

int lb_pg_period_close(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command(PATH);
	struct lb_period_close_in in;
	struct lb_period_close_info info;
	struct lb_op op;
	char month[16], msg[160];
	int rc;

	if (!c)
		return lb_fail(&q->err, LB_ESYS, "no declared command for " PATH);
	if (strcmp(q->method, "POST") != 0) {
		int y, m, d;
		lb_day_to_ymd(lb_today(), &y, &m, &d);
		/* the month just ended is the one usually closed */
		if (--m == 0) {
			m = 12;
			y--;
		}
		snprintf(month, sizeof month, "%04d-%02d", y, m);
		return ask(q, r, month, NULL, NULL);
	}
	memset(&in, 0, sizeof in);
	if ((rc = lb_web_fill(q, c, &in))) {
		lb_params_release(c, &in);
		return rc == LB_EINPUT ? ask(q, r, lb_form_get(&q->form, "YYYY-MM"), "Tulis bulannya sebagai YYYY-MM, "
					     "misalnya 2026-01.", q->err.msg)
				       : rc;
	}
	snprintf(month, sizeof month, "%.7s", in.period);
	lb_period_close_info_init(&info);
	lb_web_op(q, c, &op);
	rc = lb_period_close_month(&op, &in, &info, &q->err);
	lb_op_release(&op);
	if (rc == LB_EINPUT && info.unconfirmed) {
		/* every rule holds: show what closing leaves behind */
		rc = confirm(q, r, month, &in, &info, NULL, NULL);
	} else if (rc == LB_EINPUT && !strstr(q->err.msg, "--early")) {
		rc = ask(q, r, month, "Tulis bulannya sebagai YYYY-MM, misalnya 2026-01.", q->err.msg);
		if (!rc)
			r->status = 400;
	} else if (rc == LB_ERULE || rc == LB_EINPUT) {
		const char *why = info.open_kits && !in.force
					  ? "Masih ada kit lapangan yang belum kembali. Impor dulu, atau centang \"tutup walau kit belum kembali\"."
				  : strstr(q->err.msg, "already closed") ? "Bulan ini sudah ditutup."
				  : strstr(q->err.msg, "is still open") ? "Bulan sebelumnya masih terbuka: tutup bulan itu dulu."
				  : strstr(q->err.msg, "--early") || strstr(q->err.msg, "has not ended")
					  ? "Bulan ini belum berakhir: centang \"tutup sebelum bulan berakhir\" dan tulis alasannya."
					  : "Permintaan ini ditolak oleh aturan program; tidak ada yang dicatat.";
		if (info.uncollected || info.open_kits || strstr(q->err.msg, "field kit"))
			rc = confirm(q, r, month, &in, &info, why, q->err.msg);
		else
			rc = ask(q, r, month, why, q->err.msg);
		if (!rc)
			r->status = 409;
	} else if (!rc) {
		char words[24];
		int open;

		month_words(month, words, &open);
		snprintf(msg, sizeof msg, "%s telah ditutup: tidak ada lagi yang dapat dicatat di dalamnya.", words);
		if (!(rc = lb_html_begin(q, r, "Bulan ditutup")) && !(rc = lb_html_raw(r, "<p class=\"berhasil\">", &q->err)) &&
		    !(rc = lb_html_text(r, msg, &q->err)) &&
		    !(rc = lb_html_raw(r, "</p><p><a href=\"/laporan\">Laporan</a></p>", &q->err)))
			rc = lb_html_end(q, r);
	}
	lb_period_close_info_release(&info);
	lb_params_release(c, &in);
	return rc;
}
