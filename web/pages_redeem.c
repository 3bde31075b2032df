/*
 * pages_redeem.c — the scan page (/redeem) for a distribution point, made
 * for a phone held in one hand, the undo of a wrong redemption
 * (/redeem/batal) and a handover photo (/redeem/foto).
 *
 * A scan comes in one of three ways, all POSTed to /redeem with the field
 * point: payload (what a keyboard-wedge scanner or the browser's camera
 * read, or, with manual=1 and reason, a typed serial) or photo (a picture
 * of the slip, decoded here with zbar through voucher/scanimage.c). Each
 * is judged by the redeemer the CLI's `redeem` uses (voucher/redeem.h);
 * the answer fills the screen: DITERIMA with who gets what, or DITOLAK
 * with the reason in Bahasa Indonesia. A refusal posts nothing (the
 * redeemer logs its attempt, as the CLI's does).
 *
 * Writing: each acceptance must be on disk before the phone is told
 * DITERIMA, and a commit costs an fsync. The request checks the slip's
 * signature on its own thread (the costly part that needs no lock), then
 * hands the scan to the server's writer (web/server.h), which judges the
 * scans arriving together one after another in one transaction on its
 * own connection, each in its own redeemer (caller_tx) and savepoint,
 * and commits once; the answer of each, and its form's one-time key
 * (web/idem.h), are stored in the same transaction, and each request
 * answers only after that commit. Two phones scanning the same slip at
 * once are judged one after the other under the write lock: exactly one
 * DITERIMA.
 *
 * Photos: at most PHOTO_MAX bytes, and at most PHOTO_DECODES decoded at
 * once (a 12-megapixel photo takes 12 MB of grey pixels).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/localtime.h"
#include "core/op.h"
#include "inventory/location.h"
#include "voucher/redeem.h"
#include "voucher/redemption.h"
#include "voucher/scanimage.h"
#include "voucher/voucher.h"
#include "web/html.h"
#include "web/idem.h"
#include "web/pages.h"
#include "web/server.h"

#define PHOTO_MAX ((size_t)12 << 20)
#define PHOTO_DECODES 2

/* ---- the point the page works for ---- */

/* The point asked for (query or form), checked against what the user may
 * use: 1 and *l filled, or 0 (none asked and not exactly one possible). */
struct points {
	struct lb_req *q;
	struct lb_location only; /* the first point seen */
	int n;
	struct lb_resp *r;       /* non-NULL: write <option>s */
	const char *selected;
};

static int point_opt(void *arg, const struct lb_location *l, lb_err *e)
{
	struct points *p = arg;
	int rc;

	if (l->kind != LB_LOC_POINT || !lb_web_sees_point(p->q, NULL, l->id))
		return 0;
	if (p->n++ == 0)
		p->only = *l;
	if (!p->r)
		return 0;
	if ((rc = lb_html_raw(p->r, "<option value=\"", e)) || (rc = lb_html_text(p->r, l->code, e)) ||
	    (rc = lb_html_raw(p->r, p->selected && strcmp(p->selected, l->code) == 0 ? "\" selected>" : "\">", e)) ||
	    (rc = lb_html_textf(p->r, e, "%s — %s", l->name, l->code)) || (rc = lb_html_raw(p->r, "</option>", e)))
		return rc;
	return 0;
}

/* Resolve the point: *ok 1 with l filled when code names a point the user
 * may act for (or code is NULL and there is exactly one); 0 otherwise. */
static int resolve_point(struct lb_req *q, const char *code, struct lb_location *l, int *ok)
{
	struct points p = { .q = q };
	int rc;

	*ok = 0;
	if (code && *code) {
		if ((rc = lb_location_find(q->db, code, l, &q->err)))
			return lb_web_why(q, rc == LB_EINPUT ? LB_EINPUT : rc, LB_WE_NODATA,
					  "Titik salur ini tidak ada di lumbung.");
		if (l->kind != LB_LOC_POINT)
			return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "'%s' is not a distribution point", code),
					  LB_WE_NODATA, "Lokasi ini bukan titik salur.");
		if (!lb_web_sees_point(q, NULL, l->id))
			return lb_web_why(q, lb_fail(&q->err, LB_ERULE, "not one of this user's points"), LB_WE_POINT,
					  "Anda hanya dapat menebus di titik salur Anda sendiri.");
		*ok = 1;
		return LB_OK;
	}
	if ((rc = lb_location_each(q->db, 0, point_opt, &p, &q->err)))
		return rc;
	if (p.n == 1) {
		*l = p.only;
		*ok = 1;
	}
	return LB_OK;
}

/* ---- the forms ---- */

static int hidden(struct lb_resp *r, const char *name, const char *value, lb_err *e)
{
	int rc;
	if ((rc = lb_html_raw(r, "<input type=\"hidden\" name=\"", e)) || (rc = lb_html_raw(r, name, e)) ||
	    (rc = lb_html_raw(r, "\" value=\"", e)) || (rc = lb_html_text(r, value, e)) || (rc = lb_html_raw(r, "\">", e)))
		return rc;
	return LB_OK;
}

/* The point chooser (GET) for users with several points. */
static int chooser(struct lb_req *q, struct lb_resp *r, const char *action, const char *selected)
{
	struct points p = { .q = q, .r = r, .selected = selected };
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<form class=\"isian\" method=\"get\" action=\"", e)) || (rc = lb_html_raw(r, action, e)) ||
	    (rc = lb_html_raw(r, "\"><label>Titik salur<select name=\"point\" data-kirim>"
				 "<option value=\"\">— pilih titik salur —</option>", e)) ||
	    (rc = lb_location_each(q->db, 0, point_opt, &p, e)) ||
	    (rc = lb_html_raw(r, "</select></label><button type=\"submit\">Pilih</button></form>", e)))
		return rc;
	return LB_OK;
}

static int scan_forms(struct lb_req *q, struct lb_resp *r, const struct lb_location *pt)
{
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<p class=\"titik\">Titik salur: <b>", e)) ||
	    (rc = lb_html_textf(r, e, "%s (%s)", pt->name, pt->code)) ||
	    (rc = lb_html_raw(r, "</b> <a href=\"/redeem?ganti=1\">ganti</a></p>"
				 "<form id=\"pindai\" class=\"pindai\" method=\"post\" action=\"/redeem\""
				 " enctype=\"multipart/form-data\" data-pindai>", e)) ||
	    (rc = lb_html_csrf(q, r)) || (rc = hidden(r, "point", pt->code, e)) ||
	    (rc = lb_html_raw(r,
		"<label class=\"besar\">Pindai kupon (pemindai atau ketik isi QR)"
		"<input name=\"payload\" id=\"payload\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\""
		" autofocus enterkeyhint=\"send\" maxlength=\"4096\"></label>"
		"<div class=\"kamera\" id=\"kamera\" hidden><button type=\"button\" id=\"kamera-mulai\">Pindai dengan kamera</button>"
		"<video id=\"kamera-video\" playsinline muted hidden></video></div>"
		"<label class=\"foto\">Foto kupon<input type=\"file\" name=\"photo\" accept=\"image/*\" capture=\"environment\""
		" data-foto></label>"
		"<details><summary>Diambil wakil, foto serah terima</summary>"
		"<label>Nama wakil<input name=\"proxy\" maxlength=\"127\" autocomplete=\"off\"></label>"
		"<label>Hubungan dengan penerima<input name=\"relation\" maxlength=\"64\" placeholder=\"anak, istri, tetangga\""
		" autocomplete=\"off\"></label>"
		"<label>Foto serah terima (paling besar 2 MB)<input type=\"file\" name=\"handover_photo\" accept=\"image/jpeg,image/png\""
		" capture=\"environment\"></label></details>"
		"<input type=\"hidden\" name=\"lat\" value=\"\"><input type=\"hidden\" name=\"lon\" value=\"\">"
		"<input type=\"hidden\" name=\"acc\" value=\"\">"
		"<button type=\"submit\">Kirim</button></form>"
		"<details class=\"ketik\"><summary>Ketik serial (kupon tidak dapat dipindai)</summary>"
		"<form id=\"ketik\" class=\"isian\" method=\"post\" action=\"/redeem\" enctype=\"multipart/form-data\" data-pindai>", e)) ||
	    (rc = lb_html_csrf(q, r)) || (rc = hidden(r, "point", pt->code, e)) || (rc = hidden(r, "manual", "1", e)) ||
	    (rc = lb_html_raw(r,
		"<label>Serial kupon<input name=\"payload\" required maxlength=\"40\" autocomplete=\"off\" autocapitalize=\"characters\"></label>"
		"<label>Alasan diketik<input name=\"reason\" required maxlength=\"255\" placeholder=\"QR rusak terkena air\"></label>"
		"<label>Nama wakil (bila ada)<input name=\"proxy\" maxlength=\"127\" autocomplete=\"off\"></label>"
		"<label>Hubungan<input name=\"relation\" maxlength=\"64\" autocomplete=\"off\"></label>"
		"<button type=\"submit\">Kirim serial</button></form></details>"
		"<p class=\"catatan\"><a href=\"/redeem/batal?point=", e)) ||
	    (rc = lb_html_text(r, pt->code, e)) ||
	    (rc = lb_html_raw(r, "\">Batalkan penebusan yang salah</a></p>", e)))
		return rc;
	return LB_OK;
}

/* ---- the answer ---- */

struct answer {
	int accepted;
	int status;
	const char *reason;         /* refusal, Bahasa Indonesia (a literal or why[]) */
	char why[512];
	const struct lb_redeem_result *res; /* NULL: refused before the redeemer */
	const char *relation;
	int photo;                  /* a handover photo was kept */
};

/* The redeemer's refusal in words for the person at the table: where
 * the slip belongs, when and where it was redeemed. */
static void refusal_words(lb_db *db, const struct lb_redeem_result *res, struct answer *a)
{
	struct lb_zone z;
	lb_err e;

	a->reason = lb_outcome_words(res->outcome);
	switch (res->outcome) {
	case LB_OUT_UNREADABLE:
		if (res->usage)
			a->reason = "Serial yang diketik harus dikirim lewat isian \"Ketik serial\", dengan alasannya.";
		break;
	case LB_OUT_WRONG_POINT: {
		struct lb_voucher v;
		if (res->serial[0] && lb_voucher_find(db, res->serial, lb_today(), &v, &e) == LB_OK && v.point[0]) {
			snprintf(a->why, sizeof a->why, "Bukan titik ini: kupon ini diambil di %s (%s).", v.point_name, v.point);
			a->reason = a->why;
		}
		break;
	}
	case LB_OUT_ALREADY_REDEEMED: {
		struct lb_redemption_where w;
		int found = 0;
		if (res->redemption_id && lb_redemption_where(db, res->redemption_id, &w, &found, &e) == LB_OK && found &&
		    lb_zone_get(db, &z, &e) == LB_OK) {
			char when[32], day[32];
			lb_day d;
			lb_time_local(&z, w.at, when);
			if (lb_date_parse(w.day, "day", &d, NULL) == LB_OK) {
				lb_date_format_id(d, day);
				/* the hour only when the clock's day is the business
				 * day (a scanner file's or a kit's may differ) */
				if (strlen(when) > 16 && strncmp(when, w.day, 10) == 0)
					snprintf(a->why, sizeof a->why, "Sudah ditebus pada %s pukul %.2s.%.2s %s di %s (%s).", day,
						 when + 11, when + 14, when + 17, w.point_name, w.point);
				else
					snprintf(a->why, sizeof a->why, "Sudah ditebus pada %s di %s (%s).", day, w.point_name,
						 w.point);
			} else {
				snprintf(a->why, sizeof a->why, "Sudah ditebus pada %s di %s (%s).", when, w.point_name, w.point);
			}
			a->reason = a->why;
		}
		break;
	}
	default:
		break;
	}
}

static int render_answer(struct lb_req *q, struct lb_resp *r, const struct answer *a)
{
	const struct lb_redeem_result *res = a->res;
	lb_err *e = &q->err;
	int rc;

	r->status = a->status;
	if (a->accepted) {
		char period[24];
		int per;
		if ((rc = lb_html_raw(r, "<section id=\"jawab\" class=\"jawab terima\" role=\"status\"><p class=\"vonis\">DITERIMA</p>"
					 "<p class=\"nama\">", e)) ||
		    (rc = lb_html_text(r, res->name, e)) || (rc = lb_html_raw(r, "</p><p class=\"nik\">NIK ", e)) ||
		    (rc = lb_html_text(r, res->nik_masked, e)) ||
		    (rc = lb_html_raw(r, "</p><p class=\"serah\">Serahkan:</p><ul class=\"paket\">", e)))
			return rc;
		for (size_t i = 0; i < res->nitems; i++)
			if ((rc = lb_html_raw(r, "<li>", e)) || (rc = lb_html_text(r, res->items[i].text, e)) ||
			    (rc = lb_html_raw(r, "</li>", e)))
				return rc;
		if ((rc = lb_html_raw(r, "</ul>", e)))
			return rc;
		if (res->proxy[0] &&
		    ((rc = lb_html_raw(r, "<p class=\"wakil\">Diambil wakil: ", e)) || (rc = lb_html_text(r, res->proxy, e)) ||
		     (a->relation && ((rc = lb_html_raw(r, " (", e)) || (rc = lb_html_text(r, a->relation, e)) ||
				      (rc = lb_html_raw(r, ")", e)))) ||
		     (rc = lb_html_raw(r, "</p>", e))))
			return rc;
		if (res->manual &&
		    (rc = lb_html_raw(r, "<p class=\"manual\">MANUAL: serial diketik, tanda tangan kupon tidak diperiksa."
					 " Cocokkan nama dengan KTP.</p>", e)))
			return rc;
		if (lb_period_parse(res->period, "period", &per, NULL) == LB_OK)
			lb_period_format_id(per, period);
		else
			snprintf(period, sizeof period, "%s", res->period);
		if ((rc = lb_html_raw(r, "<p class=\"kecil\">Kupon ", e)) ||
		    (rc = lb_html_textf(r, e, "%s · %s · %s%s", res->serial, res->program, period,
					a->photo ? " · foto serah terima disimpan" : "")) ||
		    (rc = lb_html_raw(r, "</p></section>", e)))
			return rc;
		return LB_OK;
	}
	if ((rc = lb_html_raw(r, "<section id=\"jawab\" class=\"jawab tolak\" role=\"alert\"><p class=\"vonis\">DITOLAK</p>"
				 "<p class=\"alasan\">", e)) ||
	    (rc = lb_html_text(r, a->reason, e)) ||
	    (rc = lb_html_raw(r, "</p><p class=\"kecil\">Tidak ada yang diserahkan atau dicatat sebagai penyerahan.", e)))
		return rc;
	if (res && res->serial[0] &&
	    ((rc = lb_html_raw(r, " Kupon ", e)) || (rc = lb_html_text(r, res->serial, e)) || (rc = lb_html_raw(r, ".", e))))
		return rc;
	if ((rc = lb_html_raw(r, "</p>", e)))
		return rc;
	if (res && res->detail[0] &&
	    ((rc = lb_html_raw(r, "<p class=\"rinci\">Rincian teknis: ", e)) || (rc = lb_html_text(r, res->detail, e)) ||
	     (rc = lb_html_raw(r, "</p>", e))))
		return rc;
	return lb_html_raw(r, "</section>", e);
}

static int answer_page(struct lb_req *q, struct lb_resp *r, const struct lb_location *pt, const struct answer *a)
{
	int rc;

	lb_buf_reset(&r->body);
	if ((rc = lb_html_begin(q, r, "Pindai kupon")) || (rc = render_answer(q, r, a)) ||
	    (rc = scan_forms(q, r, pt)))
		return rc;
	return lb_html_end(q, r);
}

/* ---- the write ---- */

struct job {
	struct lb_req *q;
	struct lb_resp *r;
	const struct lb_location *pt;
	struct lb_redeem_opts o;
	struct lb_scan s;
	struct lb_sig_ahead sig;
	struct lb_handover_extra x;
	struct answer a;
	struct lb_redeem_result res;
	struct lb_web_write w;
};

/* The redeemer of the group being written: one for the scans of one
 * point in a row, so that the package, the point's stock and the
 * journal's balances are read once a group and written back once, before
 * the commit (finish_group). Only the writer's thread touches it. */
static struct {
	lb_redeemer *rd;
	char point[sizeof ((struct lb_location *)0)->code];
} group;

static int finish_group(lb_db *db, lb_err *e)
{
	int rc = LB_OK;
	(void)db;
	if (group.rd)
		rc = lb_redeemer_commit(group.rd, e);
	lb_redeemer_close(group.rd);
	group.rd = NULL;
	return rc;
}

static void drop_group(void)
{
	lb_redeemer_close(group.rd); /* caller_tx: forgets, writes nothing */
	group.rd = NULL;
}

/* The scan judged and posted on the writer's thread (web/server.h), in
 * the group's transaction and the job's savepoint; its answer and
 * one-time key are stored there too, so that all of it is on disk
 * before the phone is told, or none. LB_ESYS fails the group. */
static int run_job(lb_db *db, void *arg, lb_err *e)
{
	struct job *j = arg;
	int rc;

	j->q->db = db; /* its answer reads what this transaction wrote */
	if (group.rd && strcmp(group.point, j->pt->code) == 0) {
		if ((rc = lb_redeemer_hand(group.rd, &j->o, e)))
			return rc; /* an unusable option (a proxy's name): nothing written */
	} else {
		lb_redeemer *rd;
		/* opened before the last point's redeemer writes its balances
		 * back: a refusal here returns with nothing written */
		if ((rc = lb_redeemer_open(db, &j->o, &rd, e)))
			return rc;
		if ((rc = finish_group(db, e))) {
			lb_redeemer_close(rd);
			return LB_ESYS;
		}
		group.rd = rd;
		snprintf(group.point, sizeof group.point, "%s", j->pt->code);
	}
	if ((rc = lb_redeem_scan_ahead(group.rd, &j->s, &j->sig, &j->res, e)))
		goto fail;
	j->a.res = &j->res;
	j->a.accepted = j->res.outcome == LB_OUT_ACCEPTED;
	j->a.status = j->a.accepted ? 200 : 409;
	if (j->a.accepted) {
		j->x.redemption_id = j->res.redemption_id;
		if ((rc = lb_handover_extra_insert(db, &j->x, e)))
			goto fail;
		j->a.photo = j->x.photo != NULL;
		j->a.relation = j->x.proxy_relation;
	} else {
		refusal_words(db, &j->res, &j->a);
	}
	if ((rc = answer_page(j->q, j->r, j->pt, &j->a))) {
		*e = j->q->err;
		goto fail;
	}
	if ((rc = lb_idem_store(db, j->q->user.id, j->q->idem_key, j->q->path, j->q->now, j->r, e)))
		goto fail;
	j->q->idem_stored = 1;
	return LB_OK;
fail:
	j->q->idem_stored = 0;
	return LB_ESYS; /* the group is rolled back, and drop_group called */
}

/* The signing keys' public halves, for checking a slip's signature
 * before the write (on the request's thread, not the writer's), kept
 * between scans: reading them is a query a scan. A stale copy cannot
 * change a verdict: the writer uses a signature checked ahead only if
 * the key it reads then is byte for byte the one checked with, and
 * checks it itself otherwise; a key missing here (a new one) reads them
 * again. */
#define KEYS_MAX 32
#define KEYS_SECONDS 30
struct keys {
	struct lb_key_row v[KEYS_MAX];
	size_t n;
};
static pthread_mutex_t kmu = PTHREAD_MUTEX_INITIALIZER;
static struct keys kcache;
static int64_t kcache_at; /* when read; 0: never */

static int key_add(void *arg, const struct lb_key_row *k, lb_err *e)
{
	struct keys *ks = arg;
	(void)e;
	if (ks->n < KEYS_MAX)
		ks->v[ks->n++] = *k;
	return 0;
}

/* The keys into *ks: the kept copy, or read again when it is older
 * than KEYS_SECONDS or fresh is set. */
static int keys_get(struct lb_req *q, struct keys *ks, int fresh)
{
	int rc = LB_OK;

	pthread_mutex_lock(&kmu);
	if (fresh || !kcache_at || q->now - kcache_at >= KEYS_SECONDS || q->now < kcache_at) {
		kcache.n = 0;
		kcache_at = 0;
		if ((rc = lb_signing_key_list(q->db, key_add, &kcache, &q->err)) == LB_OK)
			kcache_at = q->now;
	}
	ks->n = kcache.n;
	memcpy(ks->v, kcache.v, kcache.n * sizeof kcache.v[0]);
	pthread_mutex_unlock(&kmu);
	return rc;
}

static int submit(struct lb_req *q, struct job *j)
{
	struct keys ks;
	int rc;

	/* Ed25519 costs as much as the rest of the judgement: checked here,
	 * in parallel with other requests */
	if (!j->s.bad) {
		if ((rc = keys_get(q, &ks, 0)))
			return rc;
		lb_sig_check_ahead(j->s.text, j->s.len, ks.v, ks.n, &j->sig);
		if (!j->sig.checked && memchr(j->s.text, ':', j->s.len)) {
			/* perhaps a key newer than the kept copy */
			if ((rc = keys_get(q, &ks, 1)))
				return rc;
			lb_sig_check_ahead(j->s.text, j->s.len, ks.v, ks.n, &j->sig);
		}
	}
	j->w.run = run_job;
	j->w.arg = j;
	j->w.finish = finish_group;
	j->w.drop = drop_group;
	rc = lb_server_write(q, &j->w);
	if (rc == LB_ESYS) {
		/* nothing of the group is on disk: a retry runs as new */
		q->idem_stored = 0;
		lb_buf_reset(&j->r->body);
	}
	return rc;
}

/* ---- photos ---- */

static pthread_mutex_t pmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pcond = PTHREAD_COND_INITIALIZER;
static int decoding;

/* The one QR code of a photo: LB_OK with *text (caller frees) or a
 * refusal in a->reason (LB_EINPUT), nothing written either way. */
static int photo_code(struct lb_req *q, const struct lb_upload *u, struct answer *a, char **text, size_t *len)
{
	struct lb_grey_image g = { 0 };
	struct lb_qr_found f = { 0 };
	int rc;

	*text = NULL;
	if (u->len > PHOTO_MAX) {
		a->reason = "Foto terlalu besar (paling besar 12 MB). Perkecil ukuran foto di pengaturan kamera, lalu foto lagi.";
		return LB_EINPUT;
	}
	if (!lb_image_kind((const unsigned char *)u->data, u->len)) {
		a->reason = "Berkas ini bukan foto yang dapat dibaca (JPEG, PNG, PGM atau PPM). Foto kupon lagi.";
		return LB_EINPUT;
	}
	pthread_mutex_lock(&pmu);
	while (decoding >= PHOTO_DECODES)
		pthread_cond_wait(&pcond, &pmu);
	decoding++;
	pthread_mutex_unlock(&pmu);
	rc = lb_image_decode((const unsigned char *)u->data, u->len, "photo", &g, &q->err);
	if (!rc)
		rc = lb_qr_scan(&g, &f, &q->err);
	lb_grey_free(&g);
	pthread_mutex_lock(&pmu);
	decoding--;
	pthread_cond_signal(&pcond);
	pthread_mutex_unlock(&pmu);
	if (rc == LB_EINPUT) {
		a->reason = "Foto ini rusak, terlalu besar atau tidak dapat dibaca. Foto kupon lagi.";
		goto out;
	}
	if (rc)
		goto out;
	if (f.n == 0) {
		a->reason = "Tidak ada kode QR yang terbaca di foto. Foto lagi lebih dekat, terang dan tidak goyang, "
			    "atau ketik serialnya.";
		rc = LB_EINPUT;
	} else if (f.n > 1) {
		snprintf(a->why, sizeof a->why,
			 "Foto memuat %zu kode QR. Foto satu kupon saja, tutup kupon lain, lalu foto lagi.", f.n);
		a->reason = a->why;
		rc = LB_EINPUT;
	} else {
		*text = f.v[0].text;
		*len = f.v[0].len;
		f.v[0].text = NULL;
		f.n = 0;
	}
out:
	lb_qr_found_free(&f);
	return rc;
}

/* ---- the pages ---- */

static int parse_double(const char *s, double *out)
{
	char *end;
	if (!s || !*s)
		return 0;
	*out = strtod(s, &end);
	return *end == 0;
}

static const char *field(struct lb_req *q, const char *name)
{
	const char *v = lb_form_get(&q->form, name);
	return v && *v ? v : NULL;
}

static int refuse_early(struct lb_req *q, struct lb_resp *r, const struct lb_location *pt, struct answer *a)
{
	a->accepted = 0;
	a->status = 400;
	return answer_page(q, r, pt, a);
}

int lb_pg_redeem(struct lb_req *q, struct lb_resp *r)
{
	struct lb_location pt;
	struct answer a;
	struct job j;
	const char *code = strcmp(q->method, "POST") == 0 ? lb_form_get(&q->form, "point")
							   : lb_form_get(&q->query, "point");
	const struct lb_upload *photo = lb_form_file(&q->form, "photo");
	const struct lb_upload *hphoto = lb_form_file(&q->form, "handover_photo");
	char *decoded = NULL;
	int ok, rc;
	double lat, lon, acc;

	if ((rc = resolve_point(q, code, &pt, &ok)))
		return rc;
	if (strcmp(q->method, "POST") != 0) {
		if ((rc = lb_html_begin(q, r, "Pindai kupon")))
			return rc;
		if (!ok || lb_form_get(&q->query, "ganti")) {
			if ((rc = lb_html_raw(r, "<p>Pilih titik salur tempat Anda menyerahkan paket.</p>", &q->err)) ||
			    (rc = chooser(q, r, "/redeem", ok ? pt.code : NULL)))
				return rc;
		} else if ((rc = scan_forms(q, r, &pt))) {
			return rc;
		}
		return lb_html_end(q, r);
	}
	if (!ok)
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "redeem: no point given"), LB_WE_INPUT,
				  "Pilih titik salur dulu.");

	memset(&a, 0, sizeof a);
	memset(&j, 0, sizeof j);
	j.o.point = pt.code;
	j.o.operator = q->user.name;
	j.o.caller_tx = 1;
	j.o.proxy = field(q, "proxy");
	j.x.proxy_relation = field(q, "relation");
	if (j.x.proxy_relation && !j.o.proxy) {
		a.reason = "Hubungan wakil diisi tanpa nama wakil. Isi nama wakil, atau kosongkan hubungannya.";
		return refuse_early(q, r, &pt, &a);
	}
	if (j.o.proxy && lb_redeem_text_check(j.o.proxy, "--proxy", 127, &q->err)) {
		a.reason = "Nama wakil tidak dapat dipakai (satu baris teks biasa, paling panjang 127 huruf).";
		return refuse_early(q, r, &pt, &a);
	}
	if (hphoto && hphoto->len) {
		const char *kind = lb_image_kind((const unsigned char *)hphoto->data, hphoto->len);
		j.x.photo = hphoto->data;
		j.x.photo_len = hphoto->len;
		j.x.photo_type = kind && strcmp(kind, "png") == 0 ? "image/png" : "image/jpeg";
	}
	if (parse_double(field(q, "lat"), &lat) && parse_double(field(q, "lon"), &lon)) {
		j.x.has_geo = 1;
		j.x.lat = lat;
		j.x.lon = lon;
		j.x.accuracy_m = parse_double(field(q, "acc"), &acc) ? acc : 0;
	}
	if (lb_handover_extra_check(&j.x, &q->err)) {
		a.reason = j.x.photo_len > LB_HANDOVER_PHOTO_MAX
				   ? "Foto serah terima terlalu besar (paling besar 2 MB). Foto lagi dengan ukuran lebih kecil."
			   : j.x.photo ? "Foto serah terima harus berupa JPEG atau PNG."
				       : "Isian wakil atau lokasi tidak dapat dipakai.";
		return refuse_early(q, r, &pt, &a);
	}
	if (photo && photo->len) {
		size_t len = 0;
		if ((rc = photo_code(q, photo, &a, &decoded, &len))) {
			if (rc != LB_EINPUT)
				return rc;
			return refuse_early(q, r, &pt, &a);
		}
		j.o.source = "image";
		j.s.text = decoded;
		j.s.len = len;
	} else {
		const char *p = field(q, "payload");
		if (!p) {
			a.reason = "Tidak ada yang dipindai: pindai kode QR, foto kuponnya, atau ketik serialnya.";
			return refuse_early(q, r, &pt, &a);
		}
		if (field(q, "manual")) {
			j.o.manual = 1;
			j.o.manual_reason = field(q, "reason");
			j.o.source = "manual";
			if (!j.o.manual_reason || lb_redeem_text_check(j.o.manual_reason, "--reason", LB_REASON_MAX, &q->err)) {
				a.reason = "Serial yang diketik perlu alasan mengapa kupon tidak dapat dipindai.";
				return refuse_early(q, r, &pt, &a);
			}
		} else {
			j.o.source = "scan";
		}
		j.s.text = p;
		j.s.len = strlen(p);
	}
	j.q = q;
	j.r = r;
	j.pt = &pt;
	rc = submit(q, &j);
	free(decoded);
	return rc;
}

int lb_pg_redeem_undo(struct lb_req *q, struct lb_resp *r)
{
	struct lb_location pt;
	lb_err *e = &q->err;
	const char *code = strcmp(q->method, "POST") == 0 ? lb_form_get(&q->form, "point")
							   : lb_form_get(&q->query, "point");
	int ok, rc;

	if ((rc = resolve_point(q, code, &pt, &ok)))
		return rc;
	if (strcmp(q->method, "POST") == 0) {
		const char *serial = field(q, "serial"), *reason = field(q, "reason");
		struct lb_voucher v;
		struct lb_redemption_info in;
		struct lb_undo_result u;
		struct lb_op op;
		char day[32];
		lb_day d;
		int found = 0;

		if (!serial || !reason)
			return lb_web_why(q, lb_fail(e, LB_EINPUT, "redeem undo: serial and reason are required"),
					  LB_WE_INPUT, "Isi serial kupon dan alasan pembatalan.");
		if ((rc = lb_voucher_find(q->db, serial, lb_today(), &v, e)))
			return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0,
					  "Tidak ada kupon dengan serial ini di lumbung.");
		if ((rc = lb_redemption_in_force(q->db, v.allocation_id, &in, &found, e)))
			return rc;
		/* a penyalur undoes only what was handed over at their points */
		if (found && !lb_web_sees_point(q, in.point, 0))
			return lb_web_why(q, lb_fail(e, LB_ERULE, "redeemed at another point"), LB_WE_POINT,
					  "Penebusan ini dibuat di titik salur lain; hanya petugas titik itu atau kantor yang dapat membatalkannya.");
		/* audited like every form's write: its row lands in the undo's commit */
		lb_op_init(&op, q->db, q->user.name);
		op.address = q->address;
		lb_op_audit(&op, "redeem undo");
		lb_op_subject(&op, "voucher %s at %s", serial, ok ? pt.code : "");
		rc = lb_redeem_undo(q->db, serial, reason, q->user.name, lb_today(), &u, e);
		lb_op_release(&op);
		if (rc)
			return lb_web_why(q, rc, 0,
					  rc == LB_ERULE ? "Kupon ini belum ditebus, atau bulannya sudah ditutup: tidak ada yang dibatalkan."
							 : "Isian pembatalan tidak dapat dipakai.");
		if (lb_date_parse(u.redeemed_day, "day", &d, NULL) == LB_OK)
			lb_date_format_id(d, day);
		else
			snprintf(day, sizeof day, "%s", u.redeemed_day);
		if ((rc = lb_html_begin(q, r, "Penebusan dibatalkan")) ||
		    (rc = lb_html_raw(r, "<section id=\"jawab\" class=\"jawab batal\"><p class=\"vonis\">DIBATALKAN</p><p class=\"nama\">", e)) ||
		    (rc = lb_html_text(r, u.name, e)) || (rc = lb_html_raw(r, "</p><p>", e)) ||
		    (rc = lb_html_textf(r, e, "Penebusan kupon %s tanggal %s di %s dibatalkan; %d mutasi stok dibalik. "
					      "Kupon dapat ditebus lagi.", u.serial, day, u.point, u.reversed)) ||
		    (rc = lb_html_raw(r, "</p></section><p><a href=\"/redeem?point=", e)) ||
		    (rc = lb_html_text(r, ok ? pt.code : "", e)) ||
		    (rc = lb_html_raw(r, "\">Kembali ke halaman pindai</a></p>", e)))
			return rc;
		return lb_html_end(q, r);
	}
	if ((rc = lb_html_begin(q, r, "Batalkan penebusan")) ||
	    (rc = lb_html_raw(r, "<p>Untuk penebusan yang salah (kupon orang lain terpindai, paket tidak jadi diserahkan)."
				 " Stok dikembalikan ke titik salur dan kupon dapat ditebus lagi.</p>"
				 "<form id=\"batal\" class=\"isian\" method=\"post\" action=\"/redeem/batal\">", e)) ||
	    (rc = lb_html_csrf(q, r)) || (ok && (rc = hidden(r, "point", pt.code, e))) ||
	    (rc = lb_html_raw(r, "<label>Serial kupon<input name=\"serial\" required maxlength=\"40\" autocomplete=\"off\"></label>"
				 "<label>Alasan<input name=\"reason\" required maxlength=\"255\"></label>"
				 "<button type=\"submit\" data-yakin=\"Batalkan penebusan kupon ini?\">Batalkan penebusan</button></form>", e)))
		return rc;
	return lb_html_end(q, r);
}

int lb_pg_redeem_photo(struct lb_req *q, struct lb_resp *r)
{
	const char *id = lb_form_get(&q->query, "id");
	struct lb_redemption_where w;
	char type[16];
	char *end;
	long long rid;
	int found = 0, rc;

	if (!id || !*id || (rid = strtoll(id, &end, 10)) <= 0 || *end)
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "no redemption id"), LB_WE_INPUT, NULL);
	if ((rc = lb_redemption_where(q->db, rid, &w, &found, &q->err)))
		return rc;
	if (!found)
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "no redemption %lld", rid), LB_WE_NODATA, NULL);
	if (!lb_web_sees_point(q, w.point, 0))
		return lb_web_why(q, lb_fail(&q->err, LB_ERULE, "another point"), LB_WE_POINT, NULL);
	if ((rc = lb_handover_photo(q->db, rid, &r->body, type, &found, &q->err)))
		return rc;
	if (!found)
		return lb_web_why(q, lb_fail(&q->err, LB_EINPUT, "redemption %lld has no photo", rid), LB_WE_NODATA,
				  "Penebusan ini tidak punya foto serah terima.");
	r->type = strcmp(type, "image/png") == 0 ? "image/png" : "image/jpeg";
	return LB_OK;
}
