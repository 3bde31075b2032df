/*
 * pages_kit.c — bringing a field kit back (/kit): the kit file a laptop
 * carried to the village is uploaded and imported with lb_kit_import, the
 * function `lumbung field import` calls: every redemption made on it is
 * judged again here, and one that fails is a conflict that posts nothing.
 * The page shows the summary and each conflict in Bahasa Indonesia.
 *
 * The upload is written to a private file (0600) in DB.web/kit/ for the
 * import to open, and removed afterwards.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/output.h"
#include "core/op.h"
#include "doc/rdoc.h"
#include "voucher/kitimport.h"
#include "voucher/redemption.h"
#include "web/html.h"
#include "web/pages.h"

static int form(struct lb_req *q, struct lb_resp *r)
{
	int rc;
	if ((rc = lb_html_raw(r, "<p>Kit lapangan yang dibawa kembali dari desa (berkas kit dari laptop) diunggah di sini."
				 " Setiap penebusan di kit diperiksa ulang dengan data kantor; yang tidak lolos dicatat sebagai"
				 " konflik dan tidak dibukukan. Mengunggah kit yang sama dua kali tidak mengubah apa pun.</p>"
				 "<form id=\"kit\" class=\"isian\" method=\"post\" action=\"/kit\" enctype=\"multipart/form-data\">", &q->err)) ||
	    (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<label>Berkas kit<input type=\"file\" name=\"kit\" required></label>"
				 "<button type=\"submit\">Unggah dan impor</button></form>", &q->err)))
		return rc;
	return LB_OK;
}

struct conflicts {
	lb_rdoc *o;
	long n;
};

static int conflict_row(void *arg, const struct lb_attempt_row *a, lb_err *e)
{
	struct conflicts *c = arg;
	const char *vals[4] = { a->day, a->serial, lb_outcome_words(lb_outcome_parse(a->outcome)), a->detail };
	c->n++;
	return lb_rdoc_cells(c->o, vals, e);
}

int lb_pg_kit(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Tanggal", 0 }, { "Serial", 0 }, { "Alasan", 0 }, { "Rincian teknis", 0 },
	};
	const struct lb_upload *u = lb_form_file(&q->form, "kit");
	struct lb_kit_import_result res;
	struct lb_op op;
	struct lb_attempt_filter f = { 0 };
	struct conflicts c = { 0 };
	lb_err *e = &q->err;
	char path[1100];
	int fd, rc;
	size_t off = 0;

	if (strcmp(q->method, "POST") != 0) {
		if ((rc = lb_html_begin(q, r, "Impor kit lapangan")) || (rc = form(q, r)))
			return rc;
		return lb_html_end(q, r);
	}
	if (!u || !u->len)
		return lb_web_why(q, lb_fail(e, LB_EINPUT, "no kit file"), LB_WE_INPUT, "Pilih berkas kit yang diunggah.");
	snprintf(path, sizeof path, "%s.web", lb_db_path(q->db));
	if (mkdir(path, 0700) && errno != EEXIST)
		return lb_fail(e, LB_ESYS, "cannot make folder '%s': %s", path, strerror(errno));
	snprintf(path, sizeof path, "%s.web/kit-XXXXXX", lb_db_path(q->db));
	if ((fd = mkstemp(path)) < 0) /* mode 0600 */
		return lb_fail(e, LB_ESYS, "cannot make a file for the kit: %s", strerror(errno));
	while (off < u->len) {
		ssize_t w = write(fd, u->data + off, u->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = lb_fail(e, LB_ESYS, "cannot write the kit to '%s': %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return rc;
		}
		off += (size_t)w;
	}
	if (fsync(fd) || close(fd)) {
		unlink(path);
		return lb_fail(e, LB_ESYS, "cannot write the kit to '%s': %s", path, strerror(errno));
	}
	/* audited like every form's write: the row is written inside the
	 * kit's own transaction, just before it commits (core/op.h) */
	lb_op_init(&op, q->db, q->user.name);
	op.address = q->address;
	lb_op_audit(&op, "field import");
	lb_op_subject(&op, "field kit upload, %zu bytes", u->len);
	rc = lb_kit_import(q->db, path, q->user.name, &res, e);
	lb_op_release(&op);
	unlink(path);
	if (rc == LB_EINPUT)
		return lb_web_why(q, rc, LB_WE_INPUT, "Berkas ini bukan kit lapangan lumbung (atau rusak). Tidak ada yang diimpor.");
	if (rc == LB_ERULE)
		return lb_web_why(q, rc, LB_WE_RULE,
				  "Kit ini ditolak seluruhnya (dari basis data lain, untuk titik atau bulan lain, atau isinya diubah)."
				  " Tidak ada yang diimpor.");
	if (rc)
		return rc;
	if ((rc = lb_html_begin(q, r, "Impor kit lapangan")) || (rc = lb_html_raw(r, "<section id=\"hasil\" class=\"ringkas\"><p>", e)))
		return rc;
	if (res.already) {
		if ((rc = lb_html_textf(r, e, "Kit %.8s (%s %s) sudah diimpor sebelumnya (pertama kali %.10s): tidak ada yang baru,"
					      " tidak ada yang diubah.", res.kit_id, res.point, res.period, res.returned_at)) ||
		    (rc = lb_html_raw(r, "</p></section>", e)))
			return rc;
	} else {
		if ((rc = lb_html_textf(r, e, "Kit %.8s (%s %s) diimpor: %ld penebusan dibukukan, %ld konflik (tidak dibukukan),"
					      " %ld pembatalan, %ld percobaan dicatat, %ld mutasi stok.",
					res.kit_id, res.point, res.period, res.redemptions, res.conflicts, res.undos, res.attempts,
					res.movements)) ||
		    (rc = lb_html_raw(r, "</p></section>", e)))
			return rc;
		if (res.conflicts) {
			f.kit_id = res.kit_id;
			f.outcome = "conflict";
			if ((rc = lb_html_raw(r, "<h2>Konflik</h2>", e)) || (rc = lb_rdoc_html_list(&r->body, cols, 4, &c.o, e)))
				return rc;
			if ((rc = lb_redeem_log_each(q->db, &f, conflict_row, &c, e))) {
				lb_rdoc_discard(c.o);
				return rc;
			}
			if ((rc = lb_rdoc_close(c.o, e)))
				return rc;
		}
	}
	if ((rc = form(q, r)))
		return rc;
	return lb_html_end(q, r);
}
