/*
 * pages_admin.c — admin: users and their roles (list, add, disable), the
 * signing keys (status only: id, fingerprint of the public half, dates;
 * the secret never leaves its file), and the audit log.
 *
 * The writes here go through web/user.c with the logged-in user as the
 * one who acted, and are audited in the same transaction.
 */
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/localtime.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "web/user.h"
#include "inventory/location.h"
#include "voucher/voucher.h"
#include "voucher/signing.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

struct adm {
	struct lb_req *q;
	struct lb_resp *r;
	lb_rdoc *o;
	struct lb_zone z; /* the office's, for the times people read */
};

static int user_row(void *arg, const struct lb_user_row *u, lb_err *e)
{
	struct adm *a = arg;
	const char *vals[4] = { u->name, u->roles, u->points, u->disabled ? "nonaktif" : "aktif" };

	return lb_rdoc_cells(a->o, vals, e);
}

struct pt {
	struct lb_resp *r;
};

static int point_opt(void *arg, const struct lb_location *l, lb_err *e)
{
	struct pt *p = arg;
	int rc;
	if (l->kind != LB_LOC_POINT)
		return 0;
	if ((rc = lb_html_raw(p->r, "<option value=\"", e)) || (rc = lb_html_text(p->r, l->code, e)) ||
	    (rc = lb_html_raw(p->r, "\">", e)) || (rc = lb_html_textf(p->r, e, "%s — %s", l->code, l->name)) ||
	    (rc = lb_html_raw(p->r, "</option>", e)))
		return rc;
	return 0;
}

int lb_pg_users(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Pengguna", 0 }, { "Peran", 0 }, { "Titik salur", 0 }, { "Keadaan", 0 },
	};
	struct adm a = { .q = q, .r = r };
	struct pt p = { r };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_begin(q, r, "Pengguna dan peran")) ||
	    /* the admin's other office pages (web/pages_settings.c) */
	    (lb_caps_has(q->user.caps, "nu") &&
	     (rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/admin/pengaturan\">Pengaturan kantor</a> "
				  "<a href=\"/admin/cadangan\">Cadangan basis data</a></p>", e))) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 4, &a.o, e)))
		return rc;
	if ((rc = lb_user_each(q->db, user_row, &a, e))) {
		lb_rdoc_discard(a.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(a.o, e)))
		return rc;
	if (lb_caps_has(q->user.caps, "uw")) {
		if ((rc = lb_html_raw(r, "<h2>Tambah pengguna</h2><form class=\"isian\" method=\"post\" action=\"/admin/pengguna/tambah\">"
					 "<label>Nama pengguna<input name=\"nama\" required maxlength=\"32\" pattern=\"[a-z0-9][a-z0-9._-]*\"></label>"
					 "<label>Kata sandi (min. 8)<input name=\"sandi\" type=\"password\" required minlength=\"8\" autocomplete=\"new-password\"></label>"
					 "<label>Peran<select name=\"peran\" multiple required size=\"3\">", e)))
			return rc;
		for (int i = 0; i < LB_ROLE_N; i++)
			if ((rc = lb_html_raw(r, "<option>", e)) || (rc = lb_html_text(r, lb_role_name(i), e)) ||
			    (rc = lb_html_raw(r, "</option>", e)))
				return rc;
		if ((rc = lb_html_raw(r, "</select></label><label>Titik salur (penyalur)<select name=\"titik\" multiple size=\"3\">", e)) ||
		    (rc = lb_location_each(q->db, 0, point_opt, &p, e)) ||
		    (rc = lb_html_raw(r, "</select></label>", e)) || (rc = lb_html_csrf(q, r)) ||
		    (rc = lb_html_raw(r, "<button type=\"submit\">Tambah</button></form>"
					 "<h2>Nonaktifkan pengguna</h2><form class=\"isian\" method=\"post\" action=\"/admin/pengguna/nonaktif\">"
					 "<label>Nama pengguna<input name=\"nama\" required maxlength=\"32\"></label>", e)) ||
		    (rc = lb_html_csrf(q, r)) ||
		    (rc = lb_html_raw(r, "<button type=\"submit\" data-yakin=\"Nonaktifkan pengguna ini? Semua sesinya berakhir.\">Nonaktifkan</button></form>", e)))
			return rc;
	}
	return lb_html_end(q, r);
}

/* Every value of a repeated field (a multiple select). */
static int all_of(const struct lb_form *f, const char *name, const char **out, int max)
{
	int n = 0;
	for (size_t i = 0; i < f->n && n < max; i++)
		if (strcmp(f->v[i].name, name) == 0 && f->v[i].value[0])
			out[n++] = f->v[i].value;
	return n;
}

static int done_page(struct lb_req *q, struct lb_resp *r, const char *title, const char *msg)
{
	int rc;
	if ((rc = lb_html_begin(q, r, title)) || (rc = lb_html_raw(r, "<p>", &q->err)) ||
	    (rc = lb_html_text(r, msg, &q->err)) ||
	    (rc = lb_html_raw(r, "</p><p><a href=\"/admin/pengguna\">Kembali ke daftar pengguna</a></p>", &q->err)))
		return rc;
	return lb_html_end(q, r);
}

int lb_pg_user_add(struct lb_req *q, struct lb_resp *r)
{
	const char *roles[LB_ROLE_N + 1], *points[LB_USER_POINTS_MAX + 1];
	const char *name = lb_form_get(&q->form, "nama"), *pw = lb_form_get(&q->form, "sandi");
	int nr = all_of(&q->form, "peran", roles, LB_ROLE_N + 1);
	int np = all_of(&q->form, "titik", points, LB_USER_POINTS_MAX + 1);
	char msg[128];
	int rc;

	if (!name || !pw)
		return lb_fail(&q->err, LB_EINPUT, "give a name and a password");
	if ((rc = lb_user_add(q->db, name, roles, nr, points, np, pw, q->user.name, q->address, &q->err)))
		return rc;
	snprintf(msg, sizeof msg, "Pengguna %s telah ditambahkan.", name);
	return done_page(q, r, "Pengguna ditambahkan", msg);
}

int lb_pg_user_disable(struct lb_req *q, struct lb_resp *r)
{
	const char *name = lb_form_get(&q->form, "nama");
	char msg[128];
	int rc;

	if (!name)
		return lb_fail(&q->err, LB_EINPUT, "give the user's name");
	if ((rc = lb_user_disable(q->db, name, q->user.name, q->address, &q->err)))
		return rc;
	snprintf(msg, sizeof msg, "Pengguna %s telah dinonaktifkan; semua sesinya berakhir.", name);
	return done_page(q, r, "Pengguna dinonaktifkan", msg);
}

static int key_row(void *arg, const struct lb_key_row *k, lb_err *e)
{
	struct adm *a = arg;
	char id[16], fp[24], made[32], retired[32];
	const char *vals[4];

	lb_time_local(&a->z, k->created_at, made);
	lb_time_local(&a->z, k->retired_at, retired);
	snprintf(id, sizeof id, "%08x", (unsigned)k->key_id);
	/* the first 8 bytes of the public key: enough to tell keys apart */
	for (int i = 0; i < 8; i++)
		snprintf(fp + 2 * i, 3, "%02x", k->pk[i]);
	vals[0] = id;
	vals[1] = fp;
	vals[2] = made;
	vals[3] = k->retired_at[0] ? retired : "aktif (menandatangani)";
	return lb_rdoc_cells(a->o, vals, e);
}

int lb_pg_keys(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "ID kunci", 0 }, { "Sidik kunci publik", 0 }, { "Dibuat", 0 }, { "Pensiun", 0 },
	};
	struct adm a = { .q = q, .r = r };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_zone_get(q->db, &a.z, e)) ||
	    (rc = lb_html_begin(q, r, "Kunci penandatangan")) ||
	    (rc = lb_html_raw(r, "<p class=\"catatan\">Hanya keadaan kunci yang ditampilkan; kunci rahasia tidak pernah keluar dari berkasnya.</p>", e)) ||
	    (lb_caps_has(q->user.caps, "kuw") &&
	     (rc = lb_html_raw(r, "<p class=\"aksi\"><a href=\"/admin/kunci/ganti\">Ganti kunci</a> "
				  "<a href=\"/admin/kunci/cabut\">Cabut kunci yang bocor</a></p>", e))) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 4, &a.o, e)))
		return rc;
	if ((rc = lb_signing_key_list(q->db, key_row, &a, e))) {
		lb_rdoc_discard(a.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(a.o, e)))
		return rc;
	return lb_html_end(q, r);
}

static int audit_row(void *arg, const struct lb_audit_row *x, lb_err *e)
{
	struct adm *a = arg;
	char at[32];
	const char *vals[6] = { at, x->user, x->address, x->action, x->subject, x->result };

	lb_time_local(&a->z, x->at, at);
	return lb_rdoc_cells(a->o, vals, e);
}

int lb_pg_audit(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Waktu", 0 }, { "Pengguna", 0 }, { "Alamat", 0 }, { "Tindakan", 0 }, { "Subjek", 0 }, { "Hasil", 0 },
	};
	struct adm a = { .q = q, .r = r };
	struct lb_audit_filter f = { 0 };
	lb_err *e = &q->err;
	int rc;

	f.user = lb_form_get(&q->query, "pengguna");
	f.action = lb_form_get(&q->query, "tindakan");
	f.limit = 500;
	if ((rc = lb_zone_get(q->db, &a.z, e)) ||
	    (rc = lb_html_begin(q, r, "Log audit")) ||
	    (rc = lb_html_raw(r, "<form class=\"cari\" method=\"get\" action=\"/admin/audit\"><label>Pengguna<input name=\"pengguna\" value=\"", e)) ||
	    (rc = lb_html_text(r, f.user ? f.user : "", e)) ||
	    (rc = lb_html_raw(r, "\"></label><label>Tindakan<input name=\"tindakan\" value=\"", e)) ||
	    (rc = lb_html_text(r, f.action ? f.action : "", e)) ||
	    (rc = lb_html_raw(r, "\"></label><button type=\"submit\">Saring</button></form>"
				 "<p class=\"catatan\">500 catatan terbaru; semuanya dengan <code>lumbung audit</code>.</p>", e)) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 6, &a.o, e)))
		return rc;
	if ((rc = lb_audit_each(q->db, &f, audit_row, &a, e))) {
		lb_rdoc_discard(a.o);
		return rc;
	}
	if ((rc = lb_rdoc_close(a.o, e)))
		return rc;
	return lb_html_end(q, r);
}

/* ---- the signing keys: rotate, revoke as compromised ---- */

static int do_rotate(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	const struct lb_key_rotate_in *k = in;
	struct lb_key_rotate_out out;
	char oldt[LB_KEY_ID_TEXT_SIZE], newt[LB_KEY_ID_TEXT_SIZE];
	int rc;

	memset(&out, 0, sizeof out);
	lb_buf_init(&out.path);
	if (!(rc = lb_key_rotate(op, in, &out, &q->err))) {
		lb_key_id_text(out.old.key_id, oldt);
		lb_key_id_text(out.k.key_id, newt);
		if (k->lost)
			snprintf(done, n, "Kunci baru %s menandatangani mulai sekarang. Kunci %s dicatat hilang; kupon yang "
				 "ditandatanganinya tetap berlaku. Bila berkasnya mungkin disalin, cabut kunci itu.", newt, oldt);
		else
			snprintf(done, n, "Kunci baru %s menandatangani mulai sekarang; kunci %s pensiun dan kupon yang "
				 "ditandatanganinya tetap berlaku. Simpan salinan berkas kunci baru di tempat yang aman.",
				 newt, oldt);
	}
	lb_buf_release(&out.path);
	return rc;
}

static int do_revoke(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n)
{
	struct lb_key_revoke_out out;
	char idt[LB_KEY_ID_TEXT_SIZE];
	int rc;

	if ((rc = lb_key_revoke(op, in, &out, &q->err)))
		return rc;
	lb_key_id_text(out.k.key_id, idt);
	snprintf(done, n, "Kunci %s dicabut: setiap kupon yang ditandatanganinya kini ditolak. Ganti kunci bila masih "
		 "dipakai, lalu terbitkan ulang kupon putaran yang belum diambil (voucher reissue --key %s).", idt, idt);
	return LB_OK;
}

static const struct lb_web_op key_ops[] = {
	{ "/admin/kunci/ganti", "Ganti kunci penandatangan",
	  "Buat kunci baru untuk menandatangani kupon mulai sekarang. Kupon lama tetap berlaku. Centang \"hilang\" "
	  "bila berkas kunci lama tidak ada lagi, dan tulis alasannya.",
	  "Ganti kunci", do_rotate, NULL, NULL, NULL, "/admin/kunci", "Kembali ke daftar kunci" },
	{ "/admin/kunci/cabut", "Cabut kunci yang bocor",
	  "Bila berkas kunci mungkin disalin orang lain: setiap kupon yang ditandatangani kunci itu ditolak mulai "
	  "sekarang. Tulis ID kunci (8 huruf/angka, lihat daftar kunci) dan alasannya.",
	  "Cabut kunci", do_revoke, NULL, NULL, NULL, "/admin/kunci", "Kembali ke daftar kunci" },
};

int lb_pg_key_rotate(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &key_ops[0]); }
int lb_pg_key_revoke(struct lb_req *q, struct lb_resp *r) { return lb_web_op_page(q, r, &key_ops[1]); }
