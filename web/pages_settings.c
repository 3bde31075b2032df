/*
 * pages_settings.c — the admin's office pages: the settings documents
 * print (/admin/pengaturan: every setting with its value and what it is
 * for, and a form to change one through lb_settings_apply, the operation
 * of `lumbung settings NAME VALUE`), the kop's logo (shown, and replaced
 * by an upload through lb_office_logo_set, the operation of
 * `settings-logo`), and a backup download (/admin/cadangan: the copy
 * `lumbung backup FILE` makes with SQLite's online backup API, streamed
 * and never left on the server's disk).
 *
 * Every change and every backup is audited with the logged-in user: the
 * settings and the logo in their operation's transaction (core/op.h), the
 * backup, which writes nothing, as its own audit row once the copy is
 * made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/localtime.h"
#include "core/output.h"
#include "doc/rdoc.h"
#include "core/settings.h"
#include "doc/office.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

/* The server's private folder beside the database (web/jobs.c). */
static int private_dir(struct lb_req *q, char *dir, size_t n)
{
	snprintf(dir, n, "%s.web", lb_db_path(q->db));
	if (mkdir(dir, 0700) && errno != EEXIST)
		return lb_fail(&q->err, LB_ESYS, "cannot make folder '%s': %s", dir, strerror(errno));
	return LB_OK;
}

/* ---- settings ---- */

static int setting_rows(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = { { "Pengaturan", 0 }, { "Nilai", 0 }, { "Untuk apa", 0 }, { "", 0 } };
	lb_err *e = &q->err;
	lb_rdoc *o;
	lb_buf val;
	int rc;

	if ((rc = lb_rdoc_html_list(&r->body, cols, 4, &o, e)))
		return rc;
	lb_buf_init(&val);
	for (const struct lb_setting_def *d = lb_settings; d->name && !rc; d++) {
		char href[200];
		const char *vals[4], *hrefs[4] = { NULL, NULL, NULL, NULL };

		lb_buf_reset(&val);
		if ((rc = lb_setting_get(q->db, d->name, &val, e)))
			break;
		/* setting names are [a-z._]: safe in a query */
		snprintf(href, sizeof href, "/admin/pengaturan?nama=%s#ubah", d->name);
		vals[0] = d->name;
		vals[1] = val.data;
		vals[2] = d->help_id ? d->help_id : d->help;
		vals[3] = "ubah";
		hrefs[3] = href;
		rc = lb_rdoc_cells_links(o, vals, hrefs, e);
	}
	lb_buf_release(&val);
	if (rc) {
		lb_rdoc_discard(o);
		return rc;
	}
	return lb_rdoc_close(o, e);
}

/* The form: a setting chosen from the list, its new value, or back to
 * its default. name/value: what to show in it. */
static int setting_form(struct lb_req *q, struct lb_resp *r, const char *name, const char *value)
{
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<h2 id=\"ubah\">Ubah satu pengaturan</h2>"
				 "<form method=\"post\" class=\"op\" action=\"/admin/pengaturan\">", e)) ||
	    (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<label><span>Pengaturan <span class=\"req\">*</span></span><select name=\"NAME\" required>"
				 "<option value=\"\">— pilih —</option>", e)))
		return rc;
	for (const struct lb_setting_def *d = lb_settings; d->name; d++)
		if ((rc = lb_html_raw(r, "<option value=\"", e)) || (rc = lb_html_text(r, d->name, e)) ||
		    (rc = lb_html_raw(r, name && strcmp(name, d->name) == 0 ? "\" selected>" : "\">", e)) ||
		    (rc = lb_html_text(r, d->name, e)) || (rc = lb_html_raw(r, "</option>", e)))
			return rc;
	if ((rc = lb_html_raw(r, "</select></label><label><span>Nilai baru</span><input name=\"VALUE\" type=\"text\" value=\"", e)) ||
	    (rc = lb_html_text(r, value ? value : "", e)) ||
	    (rc = lb_html_raw(r, "\"></label><label><span>Kembalikan ke nilai bawaan</span>"
				 "<input name=\"bawaan\" type=\"checkbox\" value=\"1\"></label>"
				 "<button type=\"submit\">Simpan pengaturan</button></form>", e)))
		return rc;
	return LB_OK;
}

static int logo_section(struct lb_req *q, struct lb_resp *r)
{
	struct lb_office o;
	lb_err *e = &q->err;
	int rc, has;

	if ((rc = lb_office_load(q->db, &o, e)))
		return rc;
	has = o.logo.len > 0;
	lb_office_release(&o);
	if ((rc = lb_html_raw(r, "<h2 id=\"logo\">Logo kop surat</h2>", e)) ||
	    (rc = lb_html_raw(r, has ? "<p><img class=\"logo\" src=\"/admin/pengaturan/logo\" alt=\"Logo kop surat saat ini\" width=\"96\"></p>"
				     : "<p class=\"catatan\">Belum ada logo: dokumen dicetak tanpa logo.</p>", e)) ||
	    (rc = lb_html_raw(r, "<form method=\"post\" class=\"op\" action=\"/admin/pengaturan/logo/unggah\" enctype=\"multipart/form-data\">", e)) ||
	    (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<label><span>Gambar PNG atau JPEG, paling besar 2 MB</span>"
				 "<input type=\"file\" name=\"logo\" accept=\"image/png,image/jpeg\" required></label>"
				 "<button type=\"submit\">Unggah logo</button></form>", e)))
		return rc;
	return LB_OK;
}

/* The page; done (or NULL) says what was changed, why (or NULL) why a
 * change was refused, above the list. */
static int settings_page(struct lb_req *q, struct lb_resp *r, const char *done, const char *why, const char *detail,
			 const char *name, const char *value)
{
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_begin(q, r, "Pengaturan kantor")))
		return rc;
	if (why && ((rc = lb_html_raw(r, "<div class=\"galat\"><p class=\"apa\"><b>Apa yang terjadi:</b> ", e)) ||
		    (rc = lb_html_text(r, why, e)) ||
		    (rc = lb_html_raw(r, "</p><p class=\"saran\"><b>Yang dapat Anda lakukan:</b> periksa isian di bawah, "
					 "perbaiki, lalu kirim lagi.</p></div><p class=\"rinci\">Rincian teknis (untuk admin): ", e)) ||
		    (rc = lb_html_text(r, detail ? detail : "", e)) || (rc = lb_html_raw(r, "</p>", e))))
		return rc;
	if (done && ((rc = lb_html_raw(r, "<p class=\"berhasil\">", e)) || (rc = lb_html_text(r, done, e)) ||
		     (rc = lb_html_raw(r, "</p>", e))))
		return rc;
	if ((rc = lb_html_raw(r, "<p>Pengaturan yang dicetak dokumen kantor (kop surat, penanda tangan, penomoran, "
				 "ukuran kertas) dan zona waktu. Setiap perubahan dicatat di log audit.</p>", e)) ||
	    (rc = setting_form(q, r, name, value)) || (rc = logo_section(q, r)) ||
	    (rc = lb_html_raw(r, "<h2>Semua pengaturan</h2>", e)) || (rc = setting_rows(q, r)))
		return rc;
	return lb_html_end(q, r);
}

int lb_pg_settings(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command("/admin/pengaturan");
	struct lb_settings_in in = { 0 };
	struct lb_op op;
	lb_err *e = &q->err;
	char done[600], why[400];
	int reset, rc;
	lb_buf val;

	if (!c)
		return lb_fail(e, LB_ESYS, "no declared command for /admin/pengaturan");
	if (strcmp(q->method, "POST") != 0) {
		const char *name = lb_form_get(&q->query, "nama");
		lb_buf_init(&val);
		if (name && lb_setting_find(name) && (rc = lb_setting_get(q->db, name, &val, e))) {
			lb_buf_release(&val);
			return rc;
		}
		rc = settings_page(q, r, NULL, NULL, NULL, name, val.len ? val.data : NULL);
		lb_buf_release(&val);
		return rc;
	}
	reset = lb_form_get(&q->form, "bawaan") && strcmp(lb_form_get(&q->form, "bawaan"), "1") == 0;
	if ((rc = lb_web_fill(q, c, &in)))
		goto refused;
	if (!in.name) {
		rc = lb_fail(e, LB_EINPUT, "settings: choose a setting");
		snprintf(why, sizeof why, "Pilih pengaturan yang diubah; tidak ada yang diubah.");
		goto refused_why;
	}
	if (reset)
		in.value = "";
	else if (!in.value) {
		rc = lb_fail(e, LB_EINPUT, "settings: no value for '%s'", in.name);
		snprintf(why, sizeof why,
			 "Nilai baru untuk %s masih kosong; tidak ada yang diubah. Isi nilainya, atau centang "
			 "\"Kembalikan ke nilai bawaan\".", in.name);
		goto refused_why;
	}
	lb_buf_init(&val);
	lb_web_op(q, c, &op);
	lb_op_subject(&op, "%s", in.name);
	rc = lb_settings_apply(&op, &in, &val, e);
	lb_op_release(&op);
	if (!rc) {
		snprintf(done, sizeof done, "%s sekarang: %s", in.name, val.len ? val.data : "(kosong)");
		lb_buf_release(&val);
		return settings_page(q, r, done, NULL, NULL, in.name, NULL);
	}
	lb_buf_release(&val);
refused:
	if (rc != LB_EINPUT && rc != LB_ERULE)
		return rc;
	if (in.name && !lb_setting_find(in.name))
		snprintf(why, sizeof why, "Pengaturan \"%s\" tidak ada; tidak ada yang diubah. Pilih pengaturan dari daftar.",
			 in.name);
	else if (in.name)
		snprintf(why, sizeof why, "Nilai itu tidak berlaku untuk %s; tidak ada yang diubah. Lihat kolom \"Untuk apa\" "
			 "di daftar untuk nilai yang diterima.", in.name);
	else
		snprintf(why, sizeof why, "Isian formulir belum benar; tidak ada yang diubah.");
refused_why: {
		lb_err detail = *e;
		r->status = lb_html_error_status(rc == LB_ERULE ? LB_WE_RULE : LB_WE_INPUT);
		return settings_page(q, r, NULL, why, detail.msg, in.name, lb_form_get(&q->form, "VALUE"));
	}
}

/* ---- the logo ---- */

int lb_pg_settings_logo(struct lb_req *q, struct lb_resp *r)
{
	static const unsigned char png[4] = { 0x89, 'P', 'N', 'G' };
	struct lb_office o;
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_office_load(q->db, &o, e)))
		return rc;
	if (!o.logo.len) {
		lb_office_release(&o);
		return lb_web_why(q, lb_fail(e, LB_EINPUT, "no logo is set"), LB_WE_NODATA, "Belum ada logo kop surat.");
	}
	lb_buf_reset(&r->body);
	rc = lb_buf_add(&r->body, o.logo.data, o.logo.len, e);
	r->type = o.logo.len >= 4 && memcmp(o.logo.data, png, 4) == 0 ? "image/png" : "image/jpeg";
	lb_office_release(&o);
	return rc;
}

/* Write the upload to a private file (0600) for the operation, which
 * takes a file as `settings-logo FILE` does. */
static int upload_file(struct lb_req *q, const struct lb_upload *u, char *path, size_t n)
{
	lb_err *e = &q->err;
	FILE *f;
	int fd, rc;

	if ((rc = private_dir(q, path, n)))
		return rc;
	snprintf(path, n, "%s.web/logo-XXXXXX", lb_db_path(q->db));
	if ((fd = mkstemp(path)) < 0) /* mode 0600 */
		return lb_fail(e, LB_ESYS, "cannot make a file for the logo: %s", strerror(errno));
	if (!(f = fdopen(fd, "wb"))) {
		close(fd);
		unlink(path);
		return lb_oom(e);
	}
	if ((fwrite(u->data, 1, u->len, f) != u->len) | (fclose(f) != 0)) {
		unlink(path);
		return lb_fail(e, LB_ESYS, "cannot write the logo to '%s': %s", path, strerror(errno));
	}
	return LB_OK;
}

int lb_pg_settings_logo_upload(struct lb_req *q, struct lb_resp *r)
{
	const struct lb_cmd *c = lb_web_command("/admin/pengaturan/logo");
	const struct lb_upload *u = lb_form_file(&q->form, "logo");
	struct lb_op op;
	lb_err *e = &q->err;
	char path[1100];
	const char *why;
	int rc;

	if (!c)
		return lb_fail(e, LB_ESYS, "no declared command for /admin/pengaturan/logo");
	if (!u || !u->len) {
		rc = lb_fail(e, LB_EINPUT, "no logo file");
		why = "Pilih berkas gambar logo yang diunggah; logo tidak diubah.";
		goto refused;
	}
	if ((rc = upload_file(q, u, path, sizeof path)))
		return rc;
	lb_web_op(q, c, &op);
	lb_op_subject(&op, "logo, %zu bytes", u->len);
	rc = lb_office_logo_set(q->db, path, q->user.name, e);
	lb_op_release(&op);
	unlink(path);
	if (!rc)
		return settings_page(q, r, "Logo kop surat diganti.", NULL, NULL, NULL, NULL);
	if (rc != LB_EINPUT)
		return rc;
	why = strstr(e->msg, "larger than")
		      ? "Gambar itu lebih besar dari 2 MB; logo tidak diubah. Perkecil gambarnya, lalu unggah lagi."
		      : "Berkas itu bukan gambar PNG atau JPEG yang utuh; logo tidak diubah.";
refused: {
		lb_err detail = *e;
		r->status = lb_html_error_status(LB_WE_INPUT);
		return settings_page(q, r, NULL, why, detail.msg, NULL, NULL);
	}
}

/* ---- backup ---- */

int lb_pg_backup(struct lb_req *q, struct lb_resp *r)
{
	struct lb_zone z;
	struct stat st;
	struct tm tm;
	time_t local;
	lb_err *e = &q->err;
	char dir[1100], tmpdir[1100], dest[1200], subject[160];
	int fd, rc;

	if (strcmp(q->method, "POST") != 0) {
		if ((rc = lb_html_begin(q, r, "Cadangan basis data")) ||
		    (rc = lb_html_raw(r, "<p>Unduh salinan lengkap basis data saat ini, dibuat dengan aman walaupun orang lain "
					 "sedang bekerja. Salinan ini berisi semua data pribadi penerima (NIK lengkap): simpan di "
					 "tempat yang terkunci, jangan dikirim lewat pesan atau surel. Setiap unduhan dicatat di log "
					 "audit.</p><form method=\"post\" class=\"op\" action=\"/admin/cadangan\">", e)) ||
		    (rc = lb_html_csrf(q, r)) ||
		    (rc = lb_html_raw(r, "<button type=\"submit\">Buat dan unduh cadangan</button></form>", e)))
			return rc;
		return lb_html_end(q, r);
	}
	if ((rc = private_dir(q, dir, sizeof dir)) || (rc = lb_zone_get(q->db, &z, e)))
		return rc;
	snprintf(tmpdir, sizeof tmpdir, "%s/backup-XXXXXX", dir);
	if (!mkdtemp(tmpdir)) /* mode 0700; the copy itself is made 0600 */
		return lb_fail(e, LB_ESYS, "cannot make a folder for the backup: %s", strerror(errno));
	snprintf(dest, sizeof dest, "%s/lumbung.db", tmpdir);
	rc = lb_db_backup(q->db, dest, e);
	fd = rc ? -1 : open(dest, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (!rc && (fd < 0 || fstat(fd, &st) != 0))
		rc = lb_fail(e, LB_ESYS, "cannot read the backup '%s': %s", dest, strerror(errno));
	/* nothing stays on disk: the open file is streamed, then gone */
	unlink(dest);
	rmdir(tmpdir);
	if (rc) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	local = (time_t)q->now + (time_t)z.offset_min * 60;
	gmtime_r(&local, &tm);
	snprintf(subject, sizeof subject, "%lld bytes", (long long)st.st_size);
	if ((rc = lb_audit_add(q->db, q->user.name, q->address, "backup", subject, "ok", e))) {
		close(fd);
		return rc;
	}
	lb_buf_reset(&r->body);
	r->fd = fd;
	r->fd_size = (int64_t)st.st_size;
	r->type = "application/vnd.sqlite3";
	snprintf(r->filename, sizeof r->filename, "lumbung-%04d%02d%02d-%02d%02d.db", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min);
	return LB_OK;
}
