/*
 * pages_finance.c — finance's figures (/keuangan/anggaran): every pagu
 * and reference price recorded (as `lumbung finance list`), and the forms
 * of `finance pagu`, `finance price` and `finance replacement`, drawn
 * from the commands' declarations (web/form.h) and posted to the same
 * operations (reports/finance.h), which parse the rupiah with the one
 * parser the command line uses (core/money.h: 300000, 300.000,
 * Rp300.000).
 *
 * A refused form says why in Bahasa Indonesia, chosen from the
 * operation's own refusal (its status and the field it names), and
 * shows the form again with what was typed; nothing is written.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "inventory/item.h"
#include "program/program.h"
#include "reports/finance.h"
#include "reports/realisation.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

#define AMOUNT_WHY                                                                                      \
	"Jumlah rupiah itu tidak dapat dibaca: tulis bilangan bulat tanpa tanda minus, misalnya 300000, " \
	"300.000 atau Rp300.000 (paling besar Rp1.000.000.000.000.000)."

static int starts(const char *s, const char *with)
{
	return strncmp(s, with, strlen(with)) == 0;
}

/* The refusal of a finance operation in Bahasa Indonesia (for
 * lb_web_form_page), from its status and the words its message starts
 * with; what: "pagu" or "harga acuan". */
static int finance_why(struct lb_req *q, int rc, const char *what)
{
	const char *m = q->err.msg;

	if (rc == LB_ERULE && strstr(m, "is closed"))
		q->why = starts(what, "pagu")
				 ? "Bulan itu sudah ditutup: pagu hanya dapat berlaku mulai bulan yang masih terbuka."
				 : "Bulan itu sudah ditutup: harga acuan hanya dapat berlaku mulai bulan yang masih terbuka.";
	else if (rc == LB_ERULE && strstr(m, "recorded already"))
		q->why = starts(what, "pagu")
				 ? "Pagu program ini mulai bulan itu sudah tercatat; revisi dicatat mulai bulan berikutnya."
				 : "Harga acuan barang ini mulai bulan itu sudah tercatat; perubahan dicatat mulai bulan berikutnya.";
	else if (rc == LB_EINPUT && (starts(m, "--amount") || starts(m, "--price") || starts(m, "cannot set the")))
		q->why = AMOUNT_WHY;
	else if (rc == LB_EINPUT && starts(m, "--from"))
		q->why = "Bulan berlaku tidak dapat dibaca: tulis tahun dan bulan, misalnya 2026-03.";
	else if (rc == LB_EINPUT && starts(m, "unknown program"))
		q->why = "Program itu tidak ada: pilih program dari daftar.";
	else if (rc == LB_EINPUT && starts(m, "unknown item"))
		q->why = "Barang itu tidak ada di daftar barang: pilih barang dari daftar.";
	return rc;
}

/* "2026-02" as people read it, "Februari 2026" (as typed when it is none). */
static void month_words(const char *ps, char out[24])
{
	int period;

	if (ps && lb_period_parse(ps, "from", &period, NULL) == LB_OK)
		lb_period_format_id(period, out);
	else
		snprintf(out, 24, "%s", ps ? ps : "");
}

/* What a recorded figure says: "Pagu SEMBAKO-2026 mulai Februari 2026
 * dicatat: Rp300.000." */
static void recorded(char *done, size_t n, const char *what, const char *subject, const char *from, int64_t amount,
		     const char *tail)
{
	char rupiah[32], month[24];

	lb_money_format(amount, rupiah, sizeof rupiah);
	month_words(from, month);
	snprintf(done, n, "%s %s mulai %s dicatat: %s%s.", what, subject, month, rupiah, tail);
}

static int do_pagu(struct lb_req *q, struct lb_op *op, void *arg, char *done, size_t n)
{
	const struct lb_pagu_in *in = arg;
	struct lb_amount_out out;
	int rc;

	lb_op_subject(op, "%s from %s", in->program, in->from);
	if ((rc = lb_finance_pagu(op, in, &out, &q->err)))
		return finance_why(q, rc, "pagu");
	recorded(done, n, "Pagu", in->program, in->from, out.amount, "");
	return LB_OK;
}

static int do_price(struct lb_req *q, struct lb_op *op, void *arg, char *done, size_t n)
{
	const struct lb_refprice_in *in = arg;
	struct lb_amount_out out;
	int rc;

	lb_op_subject(op, "%s from %s", in->item, in->from);
	if ((rc = lb_finance_price(op, in, &out, &q->err)))
		return finance_why(q, rc, "harga acuan");
	recorded(done, n, "Harga acuan", in->item, in->from, out.amount, " per satuan dasar");
	return LB_OK;
}

static int do_replacement(struct lb_req *q, struct lb_op *op, void *arg, char *done, size_t n)
{
	const struct lb_replacement_in *in = arg;
	struct lb_replacement_out out;
	int rc;

	/* the subject names the statement, never the NIK */
	lb_op_subject(op, "statement %s", in->doc ? in->doc : "");
	if ((rc = lb_finance_replacement(op, in, &out, &q->err))) {
		const char *m = q->err.msg;
		if (rc == LB_EINPUT && starts(m, "no recipient"))
			q->why = "Tidak ada penerima dengan NIK itu.";
		else if (rc == LB_ERULE && strstr(m, "is closed"))
			q->why = "Bulan tanggal surat itu sudah ditutup: tidak ada yang dicatat.";
		return rc;
	}
	snprintf(done, n, "Surat pernyataan %s tanggal %s dicatat.", in->doc, out.day);
	return LB_OK;
}

/* ---- choices: programs and items by code ---- */

struct lists {
	lb_buf *b;
};

static int program_choice(void *arg, const struct lb_program *p, lb_err *e)
{
	struct lists *l = arg;
	int rc;
	if ((rc = lb_buf_adds(l->b, "<option value=\"", e)) || (rc = lb_html_add(l->b, p->code, e)) ||
	    (rc = lb_buf_adds(l->b, "\">", e)) || (rc = lb_html_add(l->b, p->name, e)) ||
	    (rc = lb_buf_adds(l->b, "</option>", e)))
		return rc;
	return LB_OK;
}

static int item_choice(void *arg, const struct lb_item *it, lb_err *e)
{
	struct lists *l = arg;
	int rc;
	if ((rc = lb_buf_adds(l->b, "<option value=\"", e)) || (rc = lb_html_add(l->b, it->code, e)) ||
	    (rc = lb_buf_adds(l->b, "\">", e)) || (rc = lb_html_add(l->b, it->name, e)) ||
	    (rc = lb_buf_adds(l->b, " (per ", e)) || (rc = lb_html_add(l->b, it->units.base, e)) ||
	    (rc = lb_buf_adds(l->b, ")</option>", e)))
		return rc;
	return LB_OK;
}

static int finance_choices(struct lb_req *q, lb_buf *b)
{
	struct lists l = { b };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_buf_adds(b, "<datalist id=\"dl-program\">", e)) ||
	    (rc = lb_program_list(q->db, program_choice, &l, e)) || (rc = lb_buf_adds(b, "</datalist>", e)) ||
	    (rc = lb_buf_adds(b, "<datalist id=\"dl-item\">", e)) || (rc = lb_item_each(q->db, item_choice, &l, e)) ||
	    (rc = lb_buf_adds(b, "</datalist>", e)))
		return rc;
	return LB_OK;
}

static const struct lb_web_op finance_ops[] = {
	{ "/keuangan/pagu", "Pagu anggaran",
	  "Catat pagu anggaran program untuk tahun berjalan, berlaku mulai satu bulan (tahun-bulan, misalnya "
	  "2026-01): angka APBD mulai Januari, "
	  "revisi (APBD-P) mulai bulan berikutnya. Jumlah boleh ditulis 1500000000, 1.500.000.000 atau "
	  "Rp1.500.000.000. Pagu yang sudah tercatat tidak diubah, dan tidak dapat berlaku mulai bulan yang sudah ditutup.",
	  "Catat pagu", do_pagu, NULL, finance_choices, NULL, "/keuangan/anggaran", "Lihat pagu dan harga acuan" },
	{ "/keuangan/harga", "Harga acuan",
	  "Catat harga acuan (HPS) satu barang per satuan dasar, berlaku mulai satu bulan (tahun-bulan, misalnya "
	  "2026-03). Laporan realisasi "
	  "menandai lot yang dikeluarkan di atas harga ini.",
	  "Catat harga acuan", do_price, NULL, finance_choices, NULL, "/keuangan/anggaran", "Lihat pagu dan harga acuan" },
	{ "/keuangan/pengganti", "Surat pernyataan pengganti",
	  "Catat nomor dan tanggal surat pernyataan penerima pengganti (lihat penggantian penerima); laporan "
	  "realisasi mencetaknya di samping penggantian itu. Tanggal kosong: hari ini.",
	  "Catat surat", do_replacement, NULL, NULL, NULL, "/keuangan/anggaran", "Lihat pagu dan harga acuan" },
};

int lb_pg_finance_pagu(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &finance_ops[0]); }
int lb_pg_finance_price(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &finance_ops[1]); }
int lb_pg_finance_replacement(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &finance_ops[2]); }

/* ---- the list ---- */

static int finance_row(void *arg, const struct lb_finance_row *f, lb_err *e)
{
	char amount[32], month[24];
	const char *vals[6];

	lb_html_rupiah(f->amount, amount);
	month_words(f->from_period, month);
	vals[0] = strcmp(f->what, "pagu") == 0 ? "Pagu" : "Harga acuan";
	vals[1] = f->subject;
	vals[2] = month;
	vals[3] = amount;
	vals[4] = f->ref ? f->ref : "";
	vals[5] = f->operator ? f->operator : "";
	return lb_rdoc_cells(arg, vals, e);
}

int lb_pg_finance(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Jenis", 0 }, { "Program/barang", 0 }, { "Berlaku mulai", 0 }, { "Jumlah", 1 },
		{ "Dokumen/sumber", 0 }, { "Dicatat oleh", 0 },
	};
	int writes = lb_caps_has(q->user.caps, "pw");
	lb_rdoc *o;
	lb_buf choices;
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_begin(q, r, "Pagu dan harga acuan")) ||
	    (rc = lb_html_raw(r, "<p>Setiap pagu program dan harga acuan barang yang tercatat, dengan bulan mulai "
				 "berlakunya dan siapa yang mencatat. Laporan realisasi memakai angka yang berlaku pada "
				 "bulan rondenya. Bulan ditulis tahun-bulan (2026-03); jumlah boleh 300000, 300.000 atau "
				 "Rp300.000.</p>", e)) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 6, &o, e)))
		return rc;
	if ((rc = lb_finance_each(q->db, finance_row, o, e))) {
		lb_rdoc_discard(o);
		return rc;
	}
	if ((rc = lb_rdoc_close(o, e)))
		return rc;
	if (!writes)
		return lb_html_end(q, r);
	lb_buf_init(&choices);
	if ((rc = finance_choices(q, &choices)))
		goto out;
	for (int i = 0; i < 2 && !rc; i++) {
		const struct lb_cmd *c = lb_web_command(finance_ops[i].path);
		if (!c) {
			rc = lb_fail(e, LB_ESYS, "no declared command for %s", finance_ops[i].path);
			break;
		}
		if (!(rc = lb_html_raw(r, "<h2>", e)) && !(rc = lb_html_text(r, finance_ops[i].title, e)) &&
		    !(rc = lb_html_raw(r, "</h2>", e)))
			rc = lb_web_form(q, r, c, finance_ops[i].button, i == 0 ? choices.data : NULL);
	}
	if (!rc)
		rc = lb_html_raw(r, "<p><a href=\"/keuangan/pengganti\">Catat surat pernyataan penerima pengganti</a></p>", e);
	if (!rc)
		rc = lb_html_end(q, r);
out:
	lb_buf_release(&choices);
	return rc;
}
