/*
 * pages_fieldcheck.c — field verification in the browser
 * (recipients/fieldcheck.h): whoever meets a recipient reports them for
 * review (/penerima/tinjau), the data staff see the reports waiting and
 * decide each (/penerima/tinjauan, /penerima/tinjauan/putus), and only
 * they see a report's photo (/penerima/tinjauan/foto). The forms are
 * the declared `recipient flag` and `recipient decide` commands.
 */
#include <stdio.h>
#include <string.h>

#include "core/localtime.h"
#include "core/money.h"
#include "core/output.h"
#include "inventory/serve.h"
#include "recipients/fieldcheck.h"
#include "recipients/nik.h"
#include "recipients/recipient.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

static const char flag_intro[] =
	"Laporkan penerima yang mungkin tidak lagi berhak: sudah mampu, pindah, meninggal, atau tidak "
	"ditemukan di alamatnya. Tulis apa yang dilihat, oleh siapa, kapan. Status penerima tidak berubah "
	"sampai petugas pendataan memutuskan.";

/* A penyalur reports only recipients collecting at their own points. */
static int may_report(struct lb_req *q, const struct lb_recipient *p)
{
	struct lb_point pt;
	int found, rc;
	int64_t point = p->point_id;

	if (!q->user.limited)
		return LB_OK;
	if (!point) {
		if ((rc = lb_point_for_village(q->db, p->village, &pt, &found, &q->err)))
			return rc;
		point = found ? pt.id : 0;
	}
	if (point && lb_web_sees_point(q, NULL, point))
		return LB_OK;
	return lb_web_why(q, lb_fail(&q->err, LB_ERULE, "recipient %lld collects at another point", (long long)p->id),
			  LB_WE_POINT, "Penerima ini mengambil di titik salur lain: laporkan lewat petugas titik itu.");
}

int lb_pg_flag(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command("/penerima/tinjau");
	struct lb_flag_in in;
	struct lb_flag_out out;
	struct lb_recipient p;
	struct lb_op op;
	char msg[400];
	int rc;

	if (!c)
		return lb_fail(&q->err, LB_ESYS, "no declared command for /penerima/tinjau");
	if (strcmp(q->method, "POST") != 0) {
		const char *id = lb_form_get(&q->query, "id");
		/* from a recipient's page: the form names them already */
		if (id && (rc = lb_form_add(&q->form, "RECIPIENT", 9, id, strlen(id), &q->err)))
			return rc;
		return lb_web_form_page(q, r, c, "Laporkan untuk verifikasi", flag_intro, "Kirim laporan", NULL, 0);
	}
	memset(&in, 0, sizeof in);
	if ((rc = lb_web_fill(q, c, &in)))
		goto refused;
	in.photo_file = NULL; /* never a path from a form */
	if ((rc = lb_recipient_find(q->db, in.recipient, "recipient flag", &p, &q->err)))
		goto refused;
	if ((rc = may_report(q, &p)))
		return rc;
	lb_web_op(q, c, &op);
	rc = lb_fieldcheck_flag(&op, &in, &out, &q->err);
	lb_op_release(&op);
	if (rc)
		goto refused;
	snprintf(msg, sizeof msg, "Laporan nomor %lld untuk %s (%s) telah dikirim. Petugas pendataan akan memutuskannya.",
		 (long long)out.id, out.name, lb_fieldcheck_reason_label(in.reason));
	lb_params_release(c, &in);
	if ((rc = lb_html_begin(q, r, "Laporan terkirim")) || (rc = lb_html_raw(r, "<p class=\"berhasil\">", &q->err)) ||
	    (rc = lb_html_text(r, msg, &q->err)) || (rc = lb_html_raw(r, "</p><p><a href=\"/\">Kembali ke Beranda</a></p>", &q->err)))
		return rc;
	return lb_html_end(q, r);
refused:
	lb_params_release(c, &in);
	if (rc != LB_EINPUT && rc != LB_ERULE)
		return rc;
	return lb_web_form_page(q, r, c, "Laporkan untuk verifikasi", flag_intro, "Kirim laporan", NULL, rc);
}

struct queue {
	struct lb_req *q;
	struct lb_resp *r;
	struct lb_zone z;
};

static int queue_row(void *arg, const struct lb_fieldcheck_row *w, lb_err *e)
{
	struct queue *s = arg;
	struct lb_resp *r = s->r;
	char nik[LB_NIK_LEN + 1], at[32], id[24], rid[24];
	int rc;

	lb_nik_mask(w->nik, nik);
	lb_time_local(&s->z, w->flagged_at, at);
	snprintf(id, sizeof id, "%lld", (long long)w->id);
	snprintf(rid, sizeof rid, "%lld", (long long)w->recipient_id);
	if ((rc = lb_html_raw(r, "<tr><td class=\"n\">", e)) || (rc = lb_html_text(r, id, e)) ||
	    (rc = lb_html_raw(r, "</td><td><a href=\"/penerima/lihat?id=", e)) || (rc = lb_html_text(r, rid, e)) ||
	    (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_text(r, w->name, e)) ||
	    (rc = lb_html_raw(r, "</a><br>", e)) || (rc = lb_html_text(r, nik, e)) ||
	    (rc = lb_html_raw(r, "</td><td>", e)) || (rc = lb_html_text(r, lb_fieldcheck_reason_label(w->reason), e)) ||
	    (rc = lb_html_raw(r, "</td><td class=\"teks\">", e)) || (rc = lb_html_text(r, w->note, e)) ||
	    (rc = lb_html_raw(r, "</td><td>", e)) || (rc = lb_html_textf(r, e, "%s, %s", at, w->flagged_by)) ||
	    (rc = lb_html_raw(r, "</td><td>", e)))
		return rc;
	if (w->has_photo && ((rc = lb_html_raw(r, "<a href=\"/penerima/tinjauan/foto?id=", e)) ||
			     (rc = lb_html_text(r, id, e)) || (rc = lb_html_raw(r, "\">Lihat foto</a>", e))))
		return rc;
	if ((rc = lb_html_raw(r, "</td><td><form class=\"putus\" method=\"post\" action=\"/penerima/tinjauan/putus\">", e)) ||
	    (rc = lb_html_csrf(s->q, r)) || (rc = lb_html_raw(r, "<input type=\"hidden\" name=\"REPORT\" value=\"", e)) ||
	    (rc = lb_html_text(r, id, e)) ||
	    (rc = lb_html_raw(r, "\"><input name=\"note\" required placeholder=\"Alasan keputusan\">"
				 "<button type=\"submit\" name=\"accept\" value=\"1\">Benar — ubah status</button>"
				 "<button type=\"submit\" name=\"reject\" value=\"1\">Tidak benar — status tetap</button>"
				 "</form></td></tr>", e)))
		return rc;
	return LB_OK;
}

int lb_pg_flags(struct lb_req *q, struct lb_resp *r)
{
	struct queue s = { .q = q, .r = r };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_zone_get(q->db, &s.z, e)) || (rc = lb_html_begin(q, r, "Verifikasi lapangan")) ||
	    (rc = lb_html_raw(r, "<p>Laporan yang menunggu keputusan, yang terlama di atas. Menerima laporan "
				 "mengubah status penerima (tidak ditemukan: nonaktif) dan mencatatnya di riwayat status; "
				 "menolak membiarkan status tetap. Keduanya tercatat.</p>"
				 "<div class=\"tbl\"><table><thead><tr><th class=\"n\">No.</th><th>Penerima</th><th>Alasan</th><th>Catatan</th>"
				 "<th>Dilaporkan</th><th>Foto</th><th>Keputusan</th></tr></thead><tbody>", e)) ||
	    (rc = lb_fieldcheck_each(q->db, 0, queue_row, &s, e)) ||
	    (rc = lb_html_raw(r, "</tbody></table></div>", e)))
		return rc;
	return lb_html_end(q, r);
}

int lb_pg_flag_decide(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command("/penerima/tinjauan/putus");
	struct lb_decide_in in;
	struct lb_decide_out out;
	struct lb_op op;
	char msg[400];
	int rc;

	if (!c)
		return lb_fail(&q->err, LB_ESYS, "no declared command for /penerima/tinjauan/putus");
	memset(&in, 0, sizeof in);
	if (!(rc = lb_web_fill(q, c, &in))) {
		lb_web_op(q, c, &op);
		rc = lb_fieldcheck_decide(&op, &in, &out, &q->err);
		lb_op_release(&op);
	}
	lb_params_release(c, &in);
	if (rc == LB_EINPUT)
		return lb_web_why(q, rc, LB_WE_INPUT, "Tulis alasan keputusan, lalu pilih salah satu tombol.");
	if (rc == LB_ERULE)
		return lb_web_why(q, rc, LB_WE_RULE, "Laporan ini sudah diputuskan sebelumnya.");
	if (rc)
		return rc;
	if (in.accept)
		snprintf(msg, sizeof msg, "Laporan nomor %lld diterima: status %s sekarang %s.", (long long)out.id, out.name,
			 out.status);
	else
		snprintf(msg, sizeof msg, "Laporan nomor %lld ditolak: status %s tetap %s.", (long long)out.id, out.name,
			 out.status);
	if ((rc = lb_html_begin(q, r, "Keputusan dicatat")) || (rc = lb_html_raw(r, "<p class=\"berhasil\">", &q->err)) ||
	    (rc = lb_html_text(r, msg, &q->err)) ||
	    (rc = lb_html_raw(r, "</p><p><a href=\"/penerima/tinjauan\">Kembali ke laporan yang menunggu</a></p>", &q->err)))
		return rc;
	return lb_html_end(q, r);
}

int lb_pg_flag_photo(struct lb_req *q, struct lb_resp *r)
{
	const char *s = lb_form_get(&q->query, "id");
	const char *type;
	int64_t id;
	int found, rc;

	if (!s || (rc = lb_int_parse(s, "id", 1, INT64_MAX, &id, &q->err)))
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "which report? (id)"), LB_WE_INPUT, NULL);
	if ((rc = lb_fieldcheck_photo(q->db, id, &r->body, &type, &found, &q->err)))
		return rc;
	if (!found)
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "report %lld has no photo", (long long)id), LB_WE_NODATA,
				  "Laporan itu tidak ada atau tidak berfoto.");
	r->type = type;
	return LB_OK;
}
