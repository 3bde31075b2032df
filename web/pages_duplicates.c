/*
 * pages_duplicates.c — likely duplicates to review (pendataan): the
 * pairs `lumbung recipient duplicates` lists (lb_dup_list), each side by
 * side with what differs, and under each a form over `recipient review`
 * (lb_recipient_review): "Orang berbeda" or "Orang yang sama
 * (nonaktifkan)", with a required reason.
 *
 * The NIK never leaves the server in clear from this page: the form
 * names the later registration by its id (lb_recipient_find reads a
 * short number as an id), and NIK and KK are shown masked. The full
 * numbers are shown only after a POST to /penerima/duplikat/nik by a
 * user with capability 'n', and each showing is written to the audit
 * log, as /penerima/nik does.
 *
 * A verdict closes every open flag holding that recipient (the
 * operation's rule); a pair reviewed meanwhile (a stale form) is refused
 * by the operation and nothing is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/date.h"
#include "recipients/nik.h"
#include "recipients/recipient.h"
#include "recipients/region.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

#define REVIEW_PATH "/penerima/periksa"
/* pairs shown at once: a day's work, and a page a phone still opens */
#define DUP_ROWS 100

struct dups {
	struct lb_req *q;
	struct lb_resp *r;
	int full_nik;
	long n, more;
};

static void show_day(const char *iso, char out[32])
{
	char day[11];
	lb_day d;

	/* a date, or the date of a timestamp */
	snprintf(day, sizeof day, "%.10s", iso);
	if (lb_date_parse(day, "day", &d, NULL) == LB_OK)
		lb_date_format_id(d, out);
	else
		snprintf(out, 32, "%s", iso);
}

static void show_number(const char *v, int full, char out[LB_NIK_LEN + 1])
{
	if (!v[0])
		snprintf(out, LB_NIK_LEN + 1, "—");
	else if (full)
		snprintf(out, LB_NIK_LEN + 1, "%s", v);
	else
		lb_nik_mask(v, out);
}

static int village_of(struct lb_req *q, const char *code, char out[LB_REGION_NAME_MAX + 32])
{
	char name[LB_REGION_NAME_MAX] = "";
	int found, rc;

	if ((rc = lb_region_name(q->db, LB_REGION_VILLAGE, code, name, &found, &q->err)))
		return rc;
	snprintf(out, LB_REGION_NAME_MAX + 32, "%s%s%s%s", found ? name : "", found ? " (" : "", code, found ? ")" : "");
	return LB_OK;
}

/* One row of the side-by-side table; a value that differs is marked. */
static int pair_row(struct lb_req *q, struct lb_resp *r, const char *label, const char *a, const char *b, int cmp)
{
	lb_err *e = &q->err;
	int differs = cmp && strcmp(a, b) != 0;
	int rc;

	if ((rc = lb_html_raw(r, differs ? "<tr class=\"beda\"><th>" : "<tr><th>", e)) || (rc = lb_html_text(r, label, e)) ||
	    (rc = lb_html_raw(r, "</th><td>", e)) || (rc = lb_html_text(r, a, e)) ||
	    (rc = lb_html_raw(r, "</td><td>", e)) || (rc = lb_html_text(r, b, e)) ||
	    (rc = lb_html_raw(r, differs ? "</td><td class=\"kurang\">berbeda</td></tr>"
					 : cmp ? "</td><td>sama</td></tr>" : "</td><td></td></tr>", e)))
		return rc;
	return LB_OK;
}

static int pair(void *arg, const struct lb_dup_flag *d, lb_err *e)
{
	struct dups *c = arg;
	struct lb_req *q = c->q;
	struct lb_resp *r = c->r;
	char onik[LB_NIK_LEN + 1], hnik[LB_NIK_LEN + 1], okk[LB_NIK_LEN + 1], hkk[LB_NIK_LEN + 1];
	char oborn[32], hborn[32], oreg[32], hreg[32], ov[LB_REGION_NAME_MAX + 32], hv[LB_REGION_NAME_MAX + 32];
	char id[24], oid[24];
	int rc;

	if (c->n >= DUP_ROWS) {
		c->more = 1;
		return LB_OK;
	}
	c->n++;
	show_number(d->other.nik, c->full_nik, onik);
	show_number(d->held.nik, c->full_nik, hnik);
	show_number(d->other.kk, c->full_nik, okk);
	show_number(d->held.kk, c->full_nik, hkk);
	show_day(d->other.birth_date, oborn);
	show_day(d->held.birth_date, hborn);
	show_day(d->other.created_at, oreg);
	show_day(d->held.created_at, hreg);
	if ((rc = village_of(q, d->other.village, ov)) || (rc = village_of(q, d->held.village, hv)))
		return rc;
	snprintf(id, sizeof id, "%lld", (long long)d->held.id);
	snprintf(oid, sizeof oid, "%lld", (long long)d->other.id);
	if ((rc = lb_html_raw(r, "<section class=\"kartu-pasangan\" id=\"pasangan-", e)) || (rc = lb_html_textf(r, e, "%lld", (long long)d->id)) ||
	    (rc = lb_html_raw(r, "\"><h2>", e)) ||
	    (rc = lb_html_textf(r, e, "Pasangan %lld: %s dan %s", (long long)d->id, d->other.name, d->held.name)) ||
	    (rc = lb_html_raw(r, "</h2><div class=\"tbl\"><table class=\"banding\"><thead><tr><th></th><th>Lebih dulu (<a href=\"/penerima/lihat?id=", e)) ||
	    (rc = lb_html_text(r, oid, e)) ||
	    (rc = lb_html_raw(r, "\">lihat</a>)</th><th>Kemudian, ditahan (<a href=\"/penerima/lihat?id=", e)) ||
	    (rc = lb_html_text(r, id, e)) || (rc = lb_html_raw(r, "\">lihat</a>)</th><th></th></tr></thead><tbody>", e)) ||
	    (rc = pair_row(q, r, "Nama", d->other.name, d->held.name, 1)) ||
	    (rc = pair_row(q, r, "NIK", onik, hnik, 0)) ||
	    (rc = pair_row(q, r, "Tanggal lahir", oborn, hborn, 1)) ||
	    (rc = pair_row(q, r, "Desa", ov, hv, 1)) ||
	    (rc = pair_row(q, r, "No. KK", okk, hkk, 1)) ||
	    (rc = pair_row(q, r, "Alamat", d->other.address, d->held.address, 1)) ||
	    (rc = pair_row(q, r, "Kategori", d->other.category, d->held.category, 1)) ||
	    (rc = pair_row(q, r, "Status", d->other.status, d->held.status, 1)) ||
	    (rc = pair_row(q, r, "Terdaftar", oreg, hreg, 0)) ||
	    (rc = lb_html_raw(r, "</tbody></table></div>", e)))
		return rc;
	/* a pair already decided says how, by whom and why */
	if (strcmp(d->state, "open") != 0) {
		if ((rc = lb_html_raw(r, "<p class=\"catatan putusan\">", e)) ||
		    (rc = lb_html_textf(r, e, "Sudah diperiksa: %s%s%s%s.",
					strcmp(d->state, "duplicate") == 0 ? "orang yang sama" : "orang berbeda",
					d->reviewer[0] ? " (oleh " : "", d->reviewer, d->reviewer[0] ? ")" : "")) ||
		    (d->note[0] && ((rc = lb_html_raw(r, " Alasan: ", e)) || (rc = lb_html_text(r, d->note, e)))) ||
		    (rc = lb_html_raw(r, "</p></section>", e)))
			return rc;
		return LB_OK;
	}
	/* the later registration by id: never its NIK */
	if ((rc = lb_html_raw(r, "<form method=\"post\" class=\"putus\" action=\"" REVIEW_PATH "\">", e)) ||
	    (rc = lb_html_csrf(q, r)) || (rc = lb_html_raw(r, "<input type=\"hidden\" name=\"NIK\" value=\"", e)) ||
	    (rc = lb_html_text(r, id, e)) ||
	    (rc = lb_html_raw(r, "\"><label><span>Alasan <span class=\"req\">*</span></span><input name=\"reason\" "
				 "required maxlength=\"250\" placeholder=\"apa yang sudah diperiksa: KTP, KK, kunjungan\"></label>"
				 "<button type=\"submit\" name=\"verdict\" value=\"distinct\">Orang berbeda</button>"
				 "<button type=\"submit\" name=\"verdict\" value=\"duplicate\" class=\"kedua\">Orang yang sama "
				 "(nonaktifkan)</button></form></section>", e)))
		return rc;
	return LB_OK;
}

int lb_web_duplicates_open(struct lb_req *q, long *n)
{
	return lb_dup_open_count(q->db, n, &q->err);
}

static int list_page(struct lb_req *q, struct lb_resp *r, int full_nik)
{
	struct dups c = { q, r, full_nik, 0, 0 };
	int all = strcmp(q->method, "POST") == 0 ? lb_form_get(&q->form, "semua") != NULL
						 : lb_form_get(&q->query, "semua") != NULL;
	lb_err *e = &q->err;
	long open;
	int rc;

	if ((rc = lb_web_duplicates_open(q, &open)) || (rc = lb_html_begin(q, r, "Kemungkinan data ganda")) ||
	    (rc = lb_html_raw(r, "<p id=\"jumlah\">", e)) ||
	    (rc = lb_html_textf(r, e, "%ld pasangan menunggu diperiksa.", open)) ||
	    (rc = lb_html_raw(r, "</p><p>Nama, tanggal lahir dan desa yang sama dengan NIK berbeda. Penerima yang "
				 "terdaftar kemudian ditahan dari alokasi sampai diperiksa. <b>Orang berbeda</b>: tidak "
				 "ditahan lagi. <b>Orang yang sama</b>: pendaftaran yang kemudian dinonaktifkan dengan alasan "
				 "itu. Keputusan berlaku untuk semua pasangan penerima yang ditahan itu.</p>", e)) ||
	    (rc = lb_html_raw(r, all ? "<p class=\"aksi\"><a href=\"/penerima/duplikat\">Hanya yang menunggu</a>"
				     : "<p class=\"aksi\"><a href=\"/penerima/duplikat?semua=1\">Termasuk yang sudah diperiksa</a>", e)) ||
	    (rc = lb_html_raw(r, "</p>", e)))
		return rc;
	if (!full_nik && lb_caps_has(q->user.caps, "n") &&
	    ((rc = lb_html_raw(r, "<form class=\"isian\" method=\"post\" action=\"/penerima/duplikat/nik\">", e)) ||
	     (rc = lb_html_csrf(q, r)) ||
	     (rc = lb_html_raw(r, all ? "<input type=\"hidden\" name=\"semua\" value=\"1\">" : "", e)) ||
	     (rc = lb_html_raw(r, "<button type=\"submit\">Tampilkan NIK lengkap</button><span class=\"catatan\">"
				  "Setiap penampilan NIK dicatat di log audit.</span></form>", e))))
		return rc;
	if (full_nik && (rc = lb_html_raw(r, "<p class=\"catatan\">NIK lengkap ditampilkan dan dicatat di log audit.</p>", e)))
		return rc;
	if ((rc = lb_dup_list(q->db, !all, 0, pair, &c, e)))
		return rc;
	if (!c.n && (rc = lb_html_raw(r, "<p class=\"kosong\">Tidak ada pasangan yang menunggu diperiksa.</p>", e)))
		return rc;
	if (c.more && (rc = lb_html_raw(r, "<p class=\"catatan\">Ditampilkan 100 pasangan pertama; periksa ini dulu.</p>", e)))
		return rc;
	return lb_html_end(q, r);
}

int lb_pg_duplicates(struct lb_req *q, struct lb_resp *r)
{
	return list_page(q, r, 0);
}

int lb_pg_duplicates_nik(struct lb_req *q, struct lb_resp *r)
{
	int rc;

	if ((rc = lb_audit_add(q->db, q->user.name, q->address, "nik.show", "likely duplicates", "ok", &q->err)))
		return rc;
	return list_page(q, r, 1);
}

/* What went wrong, in Bahasa Indonesia. */
static const char *review_why(int rc, const char *msg)
{
	if (strstr(msg, "reason"))
		return "Tulis alasannya: apa yang sudah diperiksa (KTP, KK, kunjungan ke rumah).";
	if (strstr(msg, "not held for duplicate review"))
		return "Pasangan ini sudah diperiksa sebelumnya (mungkin oleh petugas lain): tidak ada yang diubah. "
		       "Buka lagi daftar kemungkinan data ganda.";
	if (strstr(msg, "verdict"))
		return "Pilih salah satu: Orang berbeda, atau Orang yang sama.";
	if (strstr(msg, "no recipient"))
		return "Penerima itu tidak ada di daftar penerima.";
	return NULL;
}

int lb_pg_duplicate_review(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command(REVIEW_PATH);
	struct lb_recipient_review_in in;
	struct lb_recipient_review_out out;
	struct lb_op op;
	lb_err *e = &q->err;
	int rc;

	if (!c)
		return lb_fail(e, LB_ESYS, "no declared command for " REVIEW_PATH);
	memset(&in, 0, sizeof in);
	if (!(rc = lb_web_fill(q, c, &in))) {
		lb_web_op(q, c, &op);
		rc = lb_recipient_review(&op, &in, &out, e);
		lb_op_release(&op);
	}
	if (rc) {
		lb_params_release(c, &in);
		return lb_web_why(q, rc, 0, review_why(rc, e->msg));
	}
	if ((rc = lb_html_begin(q, r, "Pemeriksaan data ganda")) || (rc = lb_html_raw(r, "<p class=\"berhasil\">", e)) ||
	    (rc = strcmp(in.verdict, "duplicate") == 0
			  ? lb_html_textf(r, e, "%s: orang yang sama terdaftar dua kali; pendaftaran ini dinonaktifkan (%ld "
					  "tanda ditutup).", out.recipient.name, out.closed)
			  : lb_html_textf(r, e, "%s: orang berbeda; tidak ditahan lagi (%ld tanda ditutup).",
					  out.recipient.name, out.closed)) ||
	    (rc = lb_html_raw(r, "</p><p><a href=\"/penerima/duplikat\">Kembali ke daftar kemungkinan data ganda</a></p>", e))) {
		lb_params_release(c, &in);
		return rc;
	}
	lb_params_release(c, &in);
	return lb_html_end(q, r);
}
