/*
 * pages_print.c — printing a round's slips and handover lists from the
 * browser (/cetak): per village or for the whole round, as a background
 * job (web/jobs.h) whose page shows a progress bar (polled by the script)
 * and, when done, the PDFs to download. Slips come from lb_print_run and
 * handover lists from lb_handover_write, the functions `voucher print` and
 * `voucher list` call.
 *
 * A penyalur (a user limited to points) prints only for their points: the
 * handover lists of their points, and slips of a village one of their
 * points serves.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/op.h"
#include "inventory/location.h"
#include "inventory/serve.h"
#include "recipients/region.h"
#include "voucher/handover.h"
#include "voucher/keys.h"
#include "voucher/print.h"
#include "voucher/voucher.h"
#include "web/html.h"
#include "web/jobs.h"
#include "web/pages.h"
#include "web/rounds.h"

enum { WHAT_SLIPS = 1, WHAT_LISTS = 2 };

struct print_job {
	char program[64];
	int period;
	char ps[8];
	char village[32];            /* "" : the whole round */
	int what;
	int per_page;
	int npoints;                 /* handover lists of the whole round: these points */
	char points[LB_USER_POINTS_MAX > 64 ? LB_USER_POINTS_MAX : 64][LB_CODE_MAX + 2];
	int all_points;              /* not limited: every point */
	char user[LB_USER_NAME_MAX]; /* who started it, from where: for the audit row */
	char address[64];
};

static int collect_point(void *arg, const struct lb_location *l, lb_err *e)
{
	struct print_job *pj = arg;
	(void)e;
	if (l->kind == LB_LOC_POINT && pj->npoints < (int)(sizeof pj->points / sizeof pj->points[0]))
		snprintf(pj->points[pj->npoints++], sizeof pj->points[0], "%s", l->code);
	return 0;
}

static int print_files(lb_db *db, struct print_job *pj, struct lb_job_run *jr, const char **why, lb_err *e);

static int run_print(lb_db *db, void *arg, struct lb_job_run *jr, const char **why, lb_err *e)
{
	struct print_job *pj = arg;
	struct lb_op op;
	int rc;

	/* audited like a form's write: the row lands in the job's first commit
	 * (the vouchers printing makes, or a handover list's number) */
	lb_op_init(&op, db, pj->user);
	op.address = pj->address;
	lb_op_audit(&op, "voucher print");
	lb_op_subject(&op, "%s %s %s", pj->program, pj->ps, pj->village[0] ? pj->village : "whole round");
	rc = print_files(db, pj, jr, why, e);
	lb_op_release(&op);
	return rc;
}

static int print_files(lb_db *db, struct print_job *pj, struct lb_job_run *jr, const char **why, lb_err *e)
{
	char out[1400];
	int rc;

	if (pj->what & WHAT_SLIPS) {
		struct lb_signing_key k;
		struct lb_print_opts po;
		struct lb_print_result res;
		lb_buf path;
		int dflt;

		lb_buf_init(&path);
		if ((rc = lb_signing_key_path(db, NULL, &path, &dflt, e)) || (rc = lb_key_load(path.data, &k, e))) {
			lb_buf_release(&path);
			*why = "Kunci tanda tangan kantor tidak dapat dibaca oleh server; kupon tidak dicetak.";
			return rc;
		}
		rc = lb_signing_key_usable(db, &k, path.data, e);
		lb_buf_release(&path);
		if (rc) {
			lb_key_wipe(&k);
			*why = "Kunci tanda tangan pada server bukan kunci yang berlaku; kupon tidak dicetak.";
			return rc;
		}
		memset(&po, 0, sizeof po);
		po.program = pj->program;
		po.period = pj->period;
		po.village = pj->village[0] ? pj->village : NULL;
		po.per_page = pj->per_page;
		po.max_slips = LB_PRINT_MAX_SLIPS;
		po.progress = &jr->progress;
		snprintf(out, sizeof out, "%s/kupon-%s-%s%s%s.pdf", jr->dir, pj->program, pj->ps,
			 pj->village[0] ? "-" : "", pj->village);
		po.output = out;
		rc = lb_print_run(db, &k, &po, &res, e);
		lb_key_wipe(&k);
		if (rc) {
			*why = rc == LB_ERULE ? "Ronde ini belum punya alokasi, atau tidak ada kupon untuk dicetak."
					      : "Kupon tidak dapat dicetak.";
			return rc;
		}
		for (int i = 0; i < res.nfiles && !rc; i++)
			rc = lb_job_add_file(jr, res.files[i], e);
		snprintf(jr->info->message, sizeof jr->info->message, "%ld kupon di %ld halaman, %d berkas.",
			 res.slips, res.pages, res.nfiles);
		lb_print_result_free(&res);
		if (rc)
			return rc;
	}
	if (pj->what & WHAT_LISTS) {
		struct lb_handover_opts ho;
		long rows, lists = 0, total_rows = 0;
		int n = pj->village[0] ? 1 : pj->npoints;

		memset(&ho, 0, sizeof ho);
		ho.program = pj->program;
		ho.period = pj->period;
		for (int i = 0; i < n; i++) {
			if (pj->village[0]) {
				ho.village = pj->village;
				snprintf(out, sizeof out, "%s/daftar-%s-%s-%s.pdf", jr->dir, pj->program, pj->ps, pj->village);
			} else {
				ho.point = pj->points[i];
				snprintf(out, sizeof out, "%s/daftar-%s-%s-%s.pdf", jr->dir, pj->program, pj->ps, pj->points[i]);
			}
			ho.output = out;
			rc = lb_handover_write(db, &ho, &rows, e);
			if (rc == LB_ERULE && !pj->village[0]) {
				lb_err_clear(e); /* a point with nobody in this round */
				continue;
			}
			if (rc) {
				*why = "Daftar penerima tidak dapat dibuat.";
				return rc;
			}
			if ((rc = lb_job_add_file(jr, out, e)))
				return rc;
			lists++;
			total_rows += rows;
			if (!(pj->what & WHAT_SLIPS))
				lb_progress_tick(&jr->progress, "lists", i + 1, n);
		}
		if (!lists) {
			*why = "Tidak ada penerima dalam ronde ini untuk dibuatkan daftar.";
			return lb_fail(e, LB_ERULE, "no handover list to write");
		}
		snprintf(jr->info->message + strlen(jr->info->message),
			 sizeof jr->info->message - strlen(jr->info->message), "%s%ld daftar penerima, %ld baris.",
			 jr->info->message[0] ? " " : "", lists, total_rows);
	}
	return LB_OK;
}

/* ---- pages ---- */

struct form_ctx {
	struct lb_req *q;
	struct lb_resp *r;
};

static int round_opt(void *arg, const struct lb_program *p, const struct lb_round *rd, lb_err *e)
{
	struct form_ctx *c = arg;
	int rc;
	(void)p;
	if ((rc = lb_html_raw(c->r, "<option value=\"", e)) || (rc = lb_html_textf(c->r, e, "%s/%s", rd->code, rd->ps)) ||
	    (rc = lb_html_raw(c->r, "\">", e)) || (rc = lb_html_textf(c->r, e, "%s — %s", rd->code, rd->period_id)) ||
	    (rc = lb_html_raw(c->r, "</option>", e)))
		return rc;
	return 0;
}

static const char *state_words(int s)
{
	return s == LB_JOB_RUNNING ? "berjalan" : s == LB_JOB_DONE ? "selesai" : "gagal";
}

struct list_ctx {
	struct lb_req *q;
	struct lb_resp *r;
	int rc;
};

static void job_row(void *arg, const struct lb_job_info *j)
{
	struct list_ctx *c = arg;
	lb_err *e = &c->q->err;

	if (c->rc || (c->q->user.limited && j->user_id != c->q->user.id))
		return;
	if ((c->rc = lb_html_raw(c->r, "<li><a href=\"/cetak/status?id=", e)) ||
	    (c->rc = lb_html_textf(c->r, e, "%d", j->id)) || (c->rc = lb_html_raw(c->r, "\">", e)) ||
	    (c->rc = lb_html_textf(c->r, e, "%s — %s", j->title, state_words(j->state))) ||
	    (c->rc = lb_html_raw(c->r, "</a></li>", e)))
		return;
}

static int village_opt(void *arg, const char *village, const char *name, int by_creation, lb_err *e)
{
	struct form_ctx *c = arg;
	int rc;
	(void)by_creation;
	if ((rc = lb_html_raw(c->r, "<option value=\"", e)) || (rc = lb_html_text(c->r, village, e)) ||
	    (rc = lb_html_raw(c->r, "\">", e)) || (rc = lb_html_text(c->r, name, e)) ||
	    (rc = lb_html_raw(c->r, "</option>", e)))
		return rc;
	return 0;
}

/* The village field: a penyalur prints per village (lb_pg_print_job), so
 * it must name one, chosen from the villages its points serve rather
 * than a Kemendagri code known by heart. */
static int village_field(struct form_ctx *c)
{
	lb_err *e = &c->q->err;
	int rc;

	if (!c->q->user.limited)
		return lb_html_raw(c->r, "<label>Desa (kode, kosong: seluruh ronde)<input name=\"village\" maxlength=\"13\""
					 " placeholder=\"64.02.06.1001\" inputmode=\"decimal\"></label>", e);
	if ((rc = lb_html_raw(c->r, "<label>Desa (kode)<input name=\"village\" maxlength=\"13\" required list=\"desa-titik\""
				    " placeholder=\"64.02.06.1001\" inputmode=\"decimal\"></label><datalist id=\"desa-titik\">", e)))
		return rc;
	for (int i = 0; i < c->q->user.npoints; i++)
		if ((rc = lb_point_villages(c->q->db, c->q->user.points[i], village_opt, c, e)))
			return rc;
	return lb_html_raw(c->r, "</datalist>", e);
}

int lb_pg_print(struct lb_req *q, struct lb_resp *r)
{
	struct form_ctx c = { q, r };
	struct list_ctx lc = { q, r, 0 };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_begin(q, r, "Cetak kupon dan daftar penerima")) ||
	    (rc = lb_html_raw(r, "<p>Ronde besar dicetak di latar belakang; halaman berikutnya menunjukkan kemajuannya"
				 " dan berkas PDF dapat diunduh setelah selesai.</p>"
				 "<form id=\"cetak\" class=\"isian\" method=\"post\" action=\"/cetak/mulai\">", e)) ||
	    (rc = lb_html_csrf(q, r)) ||
	    (rc = lb_html_raw(r, "<label>Ronde<select name=\"round\" required>", e)) ||
	    (rc = lb_web_rounds_each(q->db, 0, round_opt, &c, e)) ||
	    (rc = lb_html_raw(r, "</select></label>", e)) || (rc = village_field(&c)) ||
	    (rc = lb_html_raw(r, "<label>Cetak<select name=\"what\"><option value=\"3\">Kupon dan daftar penerima</option>"
				 "<option value=\"1\">Kupon saja</option><option value=\"2\">Daftar penerima saja</option></select></label>"
				 "<label>Kupon per halaman<select name=\"per_page\"><option>8</option><option>4</option>"
				 "<option>2</option><option>1</option></select></label>"
				 "<button type=\"submit\">Mulai cetak</button></form><h2>Pekerjaan cetak</h2><ul class=\"tugas\">", e)))
		return rc;
	lb_jobs_each(job_row, &lc);
	if (lc.rc)
		return lc.rc;
	if ((rc = lb_html_raw(r, "</ul>", e)))
		return rc;
	return lb_html_end(q, r);
}

int lb_pg_print_job(struct lb_req *q, struct lb_resp *r)
{
	const char *round = lb_form_get(&q->form, "round"), *village = lb_form_get(&q->form, "village");
	const char *what = lb_form_get(&q->form, "what"), *pp = lb_form_get(&q->form, "per_page");
	struct lb_program p;
	struct lb_round rd;
	struct lb_print_sel sel;
	struct print_job *pj;
	char prog[64], title[160], loc[64], where[LB_REGION_NAME_MAX + 40];
	const char *slash;
	int id, rc;

	if (!round || !(slash = strchr(round, '/')) || (size_t)(slash - round) >= sizeof prog)
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "print: no round"), LB_WE_INPUT, "Pilih ronde yang dicetak.");
	memcpy(prog, round, (size_t)(slash - round));
	prog[slash - round] = 0;
	if ((rc = lb_web_round_arg(q->db, prog, slash + 1, &p, &rd, &q->err)))
		return lb_web_why(q, rc, LB_WE_NODATA, LB_WEB_ROUND_WHY);
	if (!(pj = calloc(1, sizeof *pj)))
		return lb_oom(&q->err);
	snprintf(pj->program, sizeof pj->program, "%s", rd.code);
	pj->period = rd.period;
	snprintf(pj->ps, sizeof pj->ps, "%s", rd.ps);
	snprintf(pj->user, sizeof pj->user, "%s", q->user.name);
	snprintf(pj->address, sizeof pj->address, "%s", q->address ? q->address : "");
	pj->what = what && (atoi(what) >= 1 && atoi(what) <= 3) ? atoi(what) : 3;
	pj->per_page = pp ? atoi(pp) : 8;
	if (pj->per_page != 1 && pj->per_page != 2 && pj->per_page != 4 && pj->per_page != 8)
		pj->per_page = 8;
	if (village && *village) {
		if (strlen(village) >= sizeof pj->village) {
			free(pj);
			return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "print: village code too long"), LB_WE_INPUT,
					  "Kode desa tidak dikenal.");
		}
		snprintf(pj->village, sizeof pj->village, "%s", village);
	}
	/* Refuse now what the job would refuse: unknown village, nothing to print. */
	if ((rc = lb_print_select(q->db, pj->program, pj->period, pj->village[0] ? pj->village : NULL, NULL, NULL,
				  &sel, &q->err))) {
		free(pj);
		return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : LB_WE_RULE,
				  rc == LB_EINPUT ? "Kode desa itu tidak dikenal." : "Tidak ada kupon untuk dicetak di pilihan ini.");
	}
	if (q->user.limited) {
		if (pj->village[0]) {
			struct lb_point pt;
			int found = 0;
			if ((rc = lb_point_for_village(q->db, pj->village, &pt, &found, &q->err))) {
				free(pj);
				return rc;
			}
			if (!found || !lb_web_sees_point(q, NULL, pt.id)) {
				free(pj);
				return lb_web_why(q, lb_fail(&q->err, LB_ERULE, "village of another point"), LB_WE_POINT,
						  "Desa ini dilayani titik salur lain.");
			}
		} else if (pj->what & WHAT_SLIPS) {
			free(pj);
			return lb_web_why(q, lb_fail(&q->err, LB_ERULE, "a penyalur prints slips per village"), LB_WE_POINT,
					  "Petugas titik salur mencetak kupon per desa: isi kode desanya.");
		}
		for (int i = 0; i < q->user.npoints; i++)
			snprintf(pj->points[pj->npoints++], sizeof pj->points[0], "%s", q->point_codes[i]);
	} else if ((rc = lb_location_each(q->db, 0, collect_point, pj, &q->err))) {
		free(pj);
		return rc;
	}
	/* named as people know it: the program's name, the month in words,
	 * the village's name (its code after it) */
	if (pj->village[0]) {
		char vname[LB_REGION_NAME_MAX];
		int found = 0;
		if ((rc = lb_region_name(q->db, LB_REGION_VILLAGE, pj->village, vname, &found, &q->err))) {
			free(pj);
			return rc;
		}
		snprintf(where, sizeof where, "%s%s%s%s", found ? vname : pj->village, found ? " (" : "",
			 found ? pj->village : "", found ? ")" : "");
	} else {
		snprintf(where, sizeof where, "seluruh ronde");
	}
	snprintf(title, sizeof title, "%s — %s, %s, %s",
		 pj->what == WHAT_LISTS ? "Daftar penerima" : pj->what == WHAT_SLIPS ? "Kupon" : "Kupon dan daftar", rd.name,
		 rd.period_id, where);
	if ((rc = lb_jobs_start(lb_db_path(q->db), q->user.id, title, run_print, pj, free, &id, &q->err)))
		return lb_web_why(q, rc, rc == LB_ERULE ? LB_WE_BUSY : 0,
				  rc == LB_ERULE ? "Pekerjaan cetak lain sedang berjalan. Tunggu sampai selesai, lalu mulai lagi." : NULL);
	snprintf(loc, sizeof loc, "/cetak/status?id=%d", id);
	lb_resp_redirect(r, loc);
	return LB_OK;
}

static int job_arg(struct lb_req *q, struct lb_job_info *j)
{
	const char *id = lb_form_get(&q->query, "id");
	char *end;
	long n;

	if (!id || (n = strtol(id, &end, 10)) <= 0 || *end || !lb_jobs_get((int)n, j) ||
	    (q->user.limited && j->user_id != q->user.id))
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "no such print job"), LB_WE_NODATA,
				  "Pekerjaan cetak itu tidak ada (server mungkin sudah dimulai ulang).");
	return LB_OK;
}

int lb_pg_print_status(struct lb_req *q, struct lb_resp *r)
{
	struct lb_job_info *j = malloc(sizeof *j);
	lb_err *e = &q->err;
	char pct[16];
	int rc;

	if (!j)
		return lb_oom(e);
	if ((rc = job_arg(q, j)))
		goto out;
	snprintf(pct, sizeof pct, "%lld", j->total > 0 ? j->done * 100 / j->total : 0);
	if ((rc = lb_html_begin(q, r, "Pekerjaan cetak")) || (rc = lb_html_raw(r, "<div id=\"tugas\"", e)))
		goto out;
	if (j->state == LB_JOB_RUNNING &&
	    ((rc = lb_html_raw(r, " data-pantau=\"/cetak/status?id=", e)) || (rc = lb_html_textf(r, e, "%d", j->id)) ||
	     (rc = lb_html_raw(r, "\"", e))))
		goto out;
	if ((rc = lb_html_raw(r, "><p class=\"judul-tugas\">", e)) || (rc = lb_html_text(r, j->title, e)) ||
	    (rc = lb_html_raw(r, "</p><p>Keadaan: <b class=\"keadaan\">", e)) || (rc = lb_html_text(r, state_words(j->state), e)) ||
	    (rc = lb_html_raw(r, "</b></p>", e)))
		goto out;
	if (j->state == LB_JOB_RUNNING) {
		if ((rc = lb_html_raw(r, "<progress max=\"100\" value=\"", e)) || (rc = lb_html_text(r, pct, e)) ||
		    (rc = lb_html_raw(r, "\"></progress> <span class=\"persen\">", e)) ||
		    (rc = lb_html_textf(r, e, j->total ? "%s%% (%lld dari %lld)" : "menyiapkan…", pct, j->done, j->total)) ||
		    (rc = lb_html_raw(r, "</span><p class=\"catatan\">Halaman ini diperbarui sendiri.</p>", e)))
			goto out;
	} else if (j->state == LB_JOB_DONE) {
		if ((rc = lb_html_raw(r, "<p>", e)) || (rc = lb_html_text(r, j->message, e)) ||
		    (rc = lb_html_raw(r, "</p><ul class=\"unduh\">", e)))
			goto out;
		for (int i = 0; i < j->nfiles; i++)
			if ((rc = lb_html_raw(r, "<li><a href=\"/cetak/unduh?id=", e)) || (rc = lb_html_textf(r, e, "%d", j->id)) ||
			    (rc = lb_html_raw(r, "&amp;f=", e)) || (rc = lb_html_text(r, j->files[i], e)) ||
			    (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_text(r, j->files[i], e)) ||
			    (rc = lb_html_raw(r, "</a></li>", e)))
				goto out;
		if ((rc = lb_html_raw(r, "</ul>", e)))
			goto out;
	} else if ((rc = lb_html_raw(r, "<p class=\"galat\">", e)) || (rc = lb_html_text(r, j->message, e)) ||
		   (rc = lb_html_raw(r, "</p><p class=\"rinci\">Rincian teknis: ", e)) || (rc = lb_html_text(r, j->detail, e)) ||
		   (rc = lb_html_raw(r, "</p>", e))) {
		goto out;
	}
	if ((rc = lb_html_raw(r, "</div><p><a href=\"/cetak\">Kembali ke Cetak</a></p>", e)))
		goto out;
	rc = lb_html_end(q, r);
out:
	free(j);
	return rc;
}

int lb_pg_print_file(struct lb_req *q, struct lb_resp *r)
{
	struct lb_job_info *j = malloc(sizeof *j);
	const char *f = lb_form_get(&q->query, "f");
	char path[1200];
	struct stat sb;
	int fd, rc, i;

	if (!j)
		return lb_oom(&q->err);
	if ((rc = job_arg(q, j)))
		goto out;
	/* only a name the job made: never a path from the address */
	for (i = 0; f && i < j->nfiles; i++)
		if (strcmp(j->files[i], f) == 0)
			break;
	if (!f || i >= j->nfiles || j->state != LB_JOB_DONE) {
		rc = lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "no such file in the job"), LB_WE_NODATA,
				"Berkas itu tidak ada di pekerjaan cetak ini.");
		goto out;
	}
	snprintf(path, sizeof path, "%s/%s", j->dir, j->files[i]);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		rc = lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "cannot open '%s'", path), LB_WE_NODATA,
				"Berkas itu sudah tidak ada di server.");
		goto out;
	}
	r->fd = fd;
	r->fd_size = (int64_t)sb.st_size;
	r->type = "application/pdf";
	snprintf(r->filename, sizeof r->filename, "%s", j->files[i]);
	rc = LB_OK;
out:
	free(j);
	return rc;
}
