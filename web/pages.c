/*
 * pages.c — the registry of pages and what a page sees of its request
 * and response. See pages.h; the check before a page runs is
 * web/dispatch.c's.
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * Every page: path, capability letters (web/user.h), methods, handler,
 * menu name. Paths match exactly; there are no patterns, so a path made
 * of dots and slashes names nothing.
 */
const struct lb_page lb_pages[] = {
	{ "/login", "", LB_PG_PUBLIC | LB_PG_GET | LB_PG_POST, lb_pg_login, NULL },
	{ "/logout", "", LB_PG_GET | LB_PG_POST, lb_pg_logout, NULL },
	{ "/static/lumbung.css", "", LB_PG_PUBLIC | LB_PG_GET, lb_pg_asset, NULL },
	{ "/static/lumbung.js", "", LB_PG_PUBLIC | LB_PG_GET, lb_pg_asset, NULL },
	{ "/", "h", LB_PG_GET, lb_pg_home, "Beranda" },
	{ "/stok", "s", LB_PG_GET, lb_pg_stock, "Stok" },
	{ "/stok/buku", "s", LB_PG_GET, lb_pg_stock_ledger, NULL },
	{ "/stok/kedaluwarsa", "s", LB_PG_GET, lb_pg_stock_expiring, NULL },
	{ "/stok/terima", "sgw", LB_PG_GET | LB_PG_POST, lb_pg_stock_receive, NULL },
	{ "/stok/pindah", "sgw", LB_PG_GET | LB_PG_POST, lb_pg_stock_move, NULL },
	{ "/stok/sesuaikan", "sgw", LB_PG_GET | LB_PG_POST, lb_pg_stock_adjust, NULL },
	{ "/stok/hitung", "sgw", LB_PG_GET | LB_PG_POST, lb_pg_stock_count, NULL },
	{ "/stok/batal", "sgw", LB_PG_GET | LB_PG_POST, lb_pg_stock_reverse, NULL },
	{ "/stok/opname", "sgw", LB_PG_GET | LB_PG_POST, lb_pg_stock_sheet, NULL },
	/* POST: a search by NIK, so that the NIK never is in a URL */
	{ "/penerima", "r", LB_PG_GET | LB_PG_POST, lb_pg_recipients, "Penerima" },
	{ "/penerima/lihat", "r", LB_PG_GET, lb_pg_recipient, NULL },
	{ "/penerima/nik", "rn", LB_PG_POST, lb_pg_recipient_nik, NULL },
	/* the data staff's forms (capability e) */
	{ "/penerima/tambah", "rew", LB_PG_GET | LB_PG_POST, lb_pg_recipient_add, NULL },
	{ "/penerima/ubah", "rew", LB_PG_GET | LB_PG_POST, lb_pg_recipient_edit, NULL },
	{ "/penerima/status", "rew", LB_PG_GET | LB_PG_POST, lb_pg_recipient_status, NULL },
	/* imports: upload and preview (nothing written), then a confirm that
	 * posts the kept file once; the rejects of a good-rows-only posting
	 * hold whole NIKs, so their download needs n (pages_import.c) */
	{ "/stok/impor", "sgw", LB_PG_GET | LB_PG_POST | LB_PG_UPLOAD, lb_pg_stock_import, NULL },
	{ "/stok/impor/posting", "sgw", LB_PG_POST | LB_PG_WRITE, lb_pg_stock_import_post, NULL },
	{ "/stok/impor/tolakan", "sgw", LB_PG_GET, lb_pg_stock_import_rejects, NULL },
	{ "/penerima/impor", "rew", LB_PG_GET | LB_PG_POST | LB_PG_UPLOAD, lb_pg_recipient_import, NULL },
	{ "/penerima/impor/posting", "rew", LB_PG_POST | LB_PG_WRITE, lb_pg_recipient_import_post, NULL },
	{ "/penerima/impor/tolakan", "rewn", LB_PG_GET, lb_pg_recipient_import_rejects, NULL },
	{ "/penerima/saring", "rew", LB_PG_GET | LB_PG_POST | LB_PG_UPLOAD, lb_pg_screen, NULL },
	{ "/penerima/saring/posting", "rew", LB_PG_POST | LB_PG_WRITE, lb_pg_screen_post, NULL },
	{ "/penerima/saring/tolakan", "rewn", LB_PG_GET, lb_pg_screen_rejects, NULL },
	{ "/alokasi", "vew", LB_PG_GET | LB_PG_POST, lb_pg_allocate, NULL },
	/* field verification: reported by whoever meets recipients, decided
	 * (and its photos seen) only by the data staff */
	{ "/penerima/tinjau", "fw", LB_PG_GET | LB_PG_POST, lb_pg_flag, NULL },
	{ "/penerima/tinjauan", "d", LB_PG_GET, lb_pg_flags, "Verifikasi" },
	{ "/penerima/tinjauan/putus", "dw", LB_PG_POST, lb_pg_flag_decide, NULL },
	{ "/penerima/tinjauan/foto", "d", LB_PG_GET, lb_pg_flag_photo, NULL },
	{ "/ronde", "v", LB_PG_GET, lb_pg_rounds, "Ronde" },
	{ "/ronde/lihat", "v", LB_PG_GET, lb_pg_round, NULL },
	/* the data staff's duplicates, programs and allocation (issue 13):
	 * /alokasi previews (writes nothing), /alokasi/buat allocates once */
	{ "/alokasi/buat", "vew", LB_PG_POST | LB_PG_WRITE, lb_pg_allocate_confirm, NULL },
	{ "/penerima/duplikat", "re", LB_PG_GET, lb_pg_duplicates, NULL },
	{ "/penerima/duplikat/nik", "ren", LB_PG_POST, lb_pg_duplicates_nik, NULL },
	{ "/penerima/periksa", "rew", LB_PG_POST | LB_PG_WRITE, lb_pg_duplicate_review, NULL },
	{ "/program", "v", LB_PG_GET, lb_pg_programs, "Program" },
	{ "/program/lihat", "v", LB_PG_GET, lb_pg_program, NULL },
	{ "/program/tambah", "vew", LB_PG_GET | LB_PG_POST | LB_PG_WRITE, lb_pg_program_add, NULL },
	{ "/program/paket", "vew", LB_PG_GET | LB_PG_POST | LB_PG_WRITE, lb_pg_program_package, NULL },
	{ "/program/kuota", "vew", LB_PG_GET | LB_PG_POST | LB_PG_WRITE, lb_pg_program_quota, NULL },
	{ "/penebusan", "x", LB_PG_GET, lb_pg_redemptions, "Penebusan" },
	/* the distribution team: scan page, undo, handover photo, print
	 * jobs (status polled by the script), field kit upload */
	{ "/redeem", "xw", LB_PG_GET | LB_PG_POST | LB_PG_WRITE | LB_PG_UPLOAD, lb_pg_redeem, "Pindai" },
	{ "/redeem/batal", "xw", LB_PG_GET | LB_PG_POST | LB_PG_WRITE, lb_pg_redeem_undo, NULL },
	{ "/redeem/foto", "xn", LB_PG_GET, lb_pg_redeem_photo, NULL },
	{ "/cetak", "xw", LB_PG_GET, lb_pg_print, "Cetak" },
	{ "/cetak/mulai", "xw", LB_PG_POST | LB_PG_WRITE, lb_pg_print_job, NULL },
	{ "/cetak/status", "xw", LB_PG_GET, lb_pg_print_status, NULL },
	{ "/cetak/unduh", "xw", LB_PG_GET, lb_pg_print_file, NULL },
	{ "/kit", "xw", LB_PG_GET | LB_PG_POST | LB_PG_WRITE | LB_PG_UPLOAD, lb_pg_kit, "Kit" },
	{ "/laporan", "p", LB_PG_GET, lb_pg_reports, "Laporan" },
	{ "/laporan/lihat", "p", LB_PG_GET | LB_PG_HEAVY, lb_pg_report, NULL },
	{ "/laporan/unduh", "p", LB_PG_GET | LB_PG_HEAVY, lb_pg_report_download, NULL },
	{ "/keuangan/tutup-bulan", "cw", LB_PG_GET | LB_PG_POST, lb_pg_period_close, "Tutup bulan" },
	/* issue 13, keuangan and admin (web/pages_bast.c, pages_finance.c,
	 * pages_settings.c): the BAST village by village and in one zip;
	 * pagu and reference prices, seen with the reports (p) and recorded
	 * by whoever has reports and writes (keuangan, admin); the office's
	 * settings and logo (u: only the admin); the backup, a copy of every
	 * record with every full NIK, so only the admin (u) and only one who
	 * may see NIKs (n) */
	{ "/laporan/bast", "p", LB_PG_GET, lb_pg_bast, NULL },
	{ "/laporan/bast/zip", "p", LB_PG_GET | LB_PG_HEAVY, lb_pg_bast_zip, NULL },
	{ "/keuangan/anggaran", "p", LB_PG_GET, lb_pg_finance, NULL },
	{ "/keuangan/pagu", "pw", LB_PG_GET | LB_PG_POST, lb_pg_finance_pagu, NULL },
	{ "/keuangan/harga", "pw", LB_PG_GET | LB_PG_POST, lb_pg_finance_price, NULL },
	{ "/keuangan/pengganti", "pw", LB_PG_GET | LB_PG_POST, lb_pg_finance_replacement, NULL },
	{ "/admin/pengaturan", "uw", LB_PG_GET | LB_PG_POST | LB_PG_WRITE, lb_pg_settings, NULL },
	{ "/admin/pengaturan/logo", "u", LB_PG_GET, lb_pg_settings_logo, NULL },
	{ "/admin/pengaturan/logo/unggah", "uw", LB_PG_POST | LB_PG_WRITE | LB_PG_UPLOAD, lb_pg_settings_logo_upload, NULL },
	{ "/admin/cadangan", "nu", LB_PG_GET | LB_PG_POST, lb_pg_backup, NULL },
	{ "/admin/pengguna", "l", LB_PG_GET, lb_pg_users, "Pengguna" },
	{ "/admin/pengguna/tambah", "uw", LB_PG_POST, lb_pg_user_add, NULL },
	{ "/admin/pengguna/nonaktif", "uw", LB_PG_POST, lb_pg_user_disable, NULL },
	{ "/admin/kunci", "k", LB_PG_GET, lb_pg_keys, "Kunci" },
	/* rotating and revoking keys: the admin (k for keys, u only admins hold) */
	{ "/admin/kunci/ganti", "kuw", LB_PG_GET | LB_PG_POST, lb_pg_key_rotate, NULL },
	{ "/admin/kunci/cabut", "kuw", LB_PG_GET | LB_PG_POST, lb_pg_key_revoke, NULL },
	{ "/admin/audit", "l", LB_PG_GET, lb_pg_audit, "Audit" },
	{ NULL, NULL, 0, NULL, NULL },
};

const struct lb_page *lb_page_find(const char *path)
{
	for (const struct lb_page *p = lb_pages; p->path; p++)
		if (strcmp(p->path, path) == 0)
			return p;
	return NULL;
}

void lb_resp_init(struct lb_resp *r)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->type = "text/html; charset=utf-8";
	lb_buf_init(&r->body);
	r->fd = -1;
}

void lb_resp_release(struct lb_resp *r)
{
	lb_buf_release(&r->body);
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

void lb_resp_redirect(struct lb_resp *r, const char *path)
{
	r->status = 303;
	snprintf(r->location, sizeof r->location, "%s", path);
}

void lb_resp_cookie(struct lb_resp *r, const struct lb_req *q, const char *name, const char *value,
		    long max_age)
{
	if (r->ncookies >= LB_RESP_COOKIES)
		return;
	snprintf(r->cookies[r->ncookies++], sizeof r->cookies[0],
		 "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s", name, value, max_age,
		 q->tls ? "; Secure" : "");
}

int lb_web_why(struct lb_req *q, int rc, int kind, const char *why)
{
	if (rc) {
		q->why_kind = kind;
		q->why = why;
	}
	return rc;
}

int lb_web_sees_point(const struct lb_req *q, const char *code, int64_t location_id)
{
	if (!q->user.limited)
		return 1;
	if (!code)
		return lb_user_may_see_point(&q->user, location_id);
	for (int i = 0; i < q->user.npoints; i++)
		if (strcmp(q->point_codes[i], code) == 0)
			return 1;
	return 0;
}
