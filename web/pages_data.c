/*
 * pages_data.c — the data staff's forms (pendataan): register a
 * recipient, correct one, change a status (allocating a round, with its
 * preview, is web/pages_rounds.c's). Each is the declared command of the
 * same name (`recipient add|edit|set-status`), drawn and posted through
 * lb_web_op_page (web/form.h), so the rules and messages are the command
 * line's own.
 */
#include <stdio.h>
#include <string.h>

#include "recipients/nik.h"
#include "recipients/recipient.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

/* The command's input struct starts with the operation's (the command
 * line adds its own flags after it), so the posted form is read as the
 * operation's input. */

static int do_add(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_recipient_add_out out;
	char nik[LB_NIK_LEN + 1];
	int rc;

	if ((rc = lb_recipient_register(op, in, &out, &q->err)))
		return rc;
	lb_nik_mask(out.recipient.nik, nik);
	snprintf(done, n, "%s (NIK %s) terdaftar sebagai penerima nomor %lld di desa %s%s%s.", out.recipient.name, nik,
		 (long long)out.recipient.id, out.recipient.village, out.village_name[0] ? " " : "", out.village_name);
	return LB_OK;
}

static int do_edit(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_recipient_edit_out out;
	int rc;

	if ((rc = lb_recipient_correct(op, in, &out, &q->err)))
		return rc;
	snprintf(done, n, "Data %s diperbarui (%d isian berubah); nilai lama tetap tercatat di riwayat.", out.recipient.name,
		 out.changed);
	return LB_OK;
}

static int do_status(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	const struct lb_recipient_status_in *s = in;
	struct lb_recipient r;
	int rc;

	if ((rc = lb_recipient_status_change(op, in, &r, &q->err)))
		return rc;
	snprintf(done, n, "Status %s: %s menjadi %s sejak %s.", r.name, r.status, s->status, s->date);
	return LB_OK;
}

static const struct lb_web_op data_ops[] = {
	{ "/penerima/tambah", "Daftarkan penerima",
	  "Daftarkan satu penerima. Jenis kelamin dan tanggal lahir diambil dari NIK bila kosong; NIK yang sudah "
	  "terdaftar ditolak. Penerima yang mirip dengan yang sudah ada ditahan untuk diperiksa.",
	  "Daftarkan", do_add, NULL, NULL, NULL, "/penerima", "Cari penerima" },
	{ "/penerima/ubah", "Perbaiki data penerima",
	  "Perbaiki nama, alamat, telepon atau titik salur seorang penerima (sebut dengan NIK, nomor, atau nama). "
	  "Isian yang dikosongkan tidak diubah; setiap perubahan dicatat dengan nilai lamanya.",
	  "Simpan perbaikan", do_edit, NULL, NULL, NULL, "/penerima", "Cari penerima" },
	{ "/penerima/status", "Ubah status penerima",
	  "Ubah status penerima (aktif, meninggal, pindah, mampu, nonaktif) dengan tanggal berlaku dan alasannya; "
	  "riwayat status menyimpan setiap perubahan.",
	  "Ubah status", do_status, NULL, NULL, NULL, "/penerima", "Cari penerima" },
};

int lb_pg_recipient_add(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &data_ops[0]); }
int lb_pg_recipient_edit(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &data_ops[1]); }
int lb_pg_recipient_status(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &data_ops[2]); }
