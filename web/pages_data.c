/*
 * pages_data.c — the data staff's forms (pendataan): register a
 * recipient, correct one, change a status, allocate a round. Each is the
 * declared command of the same name (`recipient add|edit|set-status`,
 * `allocate`), drawn and posted through lb_web_op_page (web/form.h), so
 * the rules and messages are the command line's own.
 */
#include <stdio.h>
#include <string.h>

#include "program/allocation.h"
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

static int do_allocate(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_allocate_out out;
	size_t len, shorts = 0;
	int rc;

	memset(&out, 0, sizeof out);
	if ((rc = lb_round_allocate(op, in, &out, &q->err)))
		return rc;
	if (out.summary.already)
		len = (size_t)snprintf(done, n, "Putaran ini sudah dialokasikan sebelumnya: %lld penerima; tidak ada yang diubah.",
				       (long long)out.summary.allocated);
	else
		len = (size_t)snprintf(done, n, "Dialokasikan %lld paket (kuota %lld; %lld menunggu).",
				       (long long)out.summary.allocated, (long long)out.summary.quota,
				       (long long)out.summary.waiting);
	/* what the points still need before distribution */
	for (size_t i = 0; i < out.nplan && len < n; i++) {
		const struct lb_alloc_need *p = &out.plan[i];
		if (!p->shortfall)
			continue;
		len += (size_t)snprintf(done + len, n - len, "%s %s kurang %lld %s di %s", shorts++ ? ";" : " Kurang stok:",
					"", (long long)p->shortfall, p->unit, p->point);
		if (len < n)
			len += (size_t)snprintf(done + len, n - len, " (%s)", p->item);
	}
	if (shorts && len < n)
		snprintf(done + len, n - len, ". Pindahkan stok ke titik itu sebelum penyaluran.");
	lb_allocate_out_free(&out);
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
	{ "/alokasi", "Alokasikan putaran",
	  "Buat alokasi satu putaran program untuk penerima yang berhak, sampai kuota. Setelah itu halaman ini "
	  "menyebut titik salur yang stoknya belum cukup.",
	  "Alokasikan", do_allocate, NULL, NULL, NULL, "/ronde", "Lihat ronde" },
};

int lb_pg_recipient_add(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &data_ops[0]); }
int lb_pg_recipient_edit(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &data_ops[1]); }
int lb_pg_recipient_status(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &data_ops[2]); }
int lb_pg_allocate(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &data_ops[3]); }
