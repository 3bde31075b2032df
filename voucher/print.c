/*
 * print.c — print runs. See print.h.
 *
 * Shape of a run: the calling thread plans the files from per-village
 * counts, then streams the slips from SQLite in print order, one file's
 * rows at a time, into a small queue; worker threads each take a file's
 * rows and draw them into a document of their own, and save it. Signing
 * and QR encoding, two thirds of a slip's cost, are handed out in chunks
 * of rows: the thread drawing a file encodes what no one else has, and a
 * thread with no file to start (the reading thread too, once it has read
 * everything) encodes ahead for the others, so no core idles at the end
 * of a run or in a run of one file. At most threads + 1 files' rows are
 * in memory at once, plus the documents being drawn (libharu keeps a
 * document's pages until it is saved), which max_slips bounds.
 *
 * The database is read only by the calling thread, inside one read
 * transaction, so the plan and the rows agree even while others write.
 */
#include "voucher/print.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/buf.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/settings.h"
#include "program/package.h"
#include "recipients/nik.h"
#include "doc/office.h"
#include "doc/pdf.h"
#include "voucher/payload.h"
#include "voucher/qr.h"
#include "voucher/slip.h"

#define MAX_THREADS 4

void lb_print_result_free(struct lb_print_result *r)
{
	int i;

	for (i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
	memset(r, 0, sizeof *r);
}

int lb_print_check_output(const char *path, int force, lb_err *e)
{
	lb_file f;
	int rc;

	/* A link or a folder is never written; an existing file only with
	 * --force. Making (and dropping) the temporary file the save will
	 * make is the one check sure to agree with it. */
	if ((rc = lb_file_open(&f, path, force, e)))
		return rc;
	lb_file_abort(&f);
	return LB_OK;
}

int lb_print_check_logo(const char *path, lb_err *e)
{
	lb_pdf *p;
	int rc;

	if (!path)
		return LB_OK;
	/* Embedding it once is the one check that is sure to agree with
	 * what drawing it on every slip will do. */
	if ((rc = lb_pdf_new(&p, NULL, NULL, e)))
		return rc;
	if (!(rc = lb_pdf_add_page(p, LB_PDF_PORTRAIT, e)))
		rc = lb_pdf_image(p, path, 0, 0, 10, 10, e);
	lb_pdf_free(p);
	return rc;
}

int lb_print_package_text(lb_db *db, int64_t program_id, int period, struct lb_buf *out,
			  lb_err *e)
{
	/* items in the one order every paper lists them: by code */
	lb_stmt *st = lb_db_prepare(db,
		"SELECT i.id, i.name, pp.qty, i.unit FROM program_package pp"
		" JOIN item i ON i.id = pp.item_id"
		" WHERE pp.program_id = ?1 AND " LB_PACKAGE_IN_FORCE
		" ORDER BY i.code COLLATE NOCASE", e);
	char ps[8], qty[96];
	struct { int64_t id, qty; char name[128], unit[32]; } it[64];
	int rc, n = 0;

	lb_buf_reset(out);
	if (!st)
		return LB_ESYS;
	lb_period_format(period, ps);
	lb_bind_int(st, 1, program_id);
	lb_bind_text(st, 2, ps);
	/* read first: formatting a quantity runs statements of its own */
	while ((rc = lb_step(st, e)) == LB_ROW) {
		if (n == (int)(sizeof it / sizeof it[0])) {
			lb_stmt_reset(st);
			return lb_fail(e, LB_EINPUT, "a package of more than %d items does not fit a slip", n);
		}
		it[n].id = lb_col_int(st, 0);
		snprintf(it[n].name, sizeof it[n].name, "%s", lb_col_text(st, 1));
		it[n].qty = lb_col_int(st, 2);
		snprintf(it[n].unit, sizeof it[n].unit, "%s", lb_col_text(st, 3));
		n++;
	}
	if (rc != LB_DONE)
		return rc;
	for (int i = 0; i < n; i++)
		if ((rc = lb_office_qty(db, it[i].id, it[i].qty, it[i].unit, qty, sizeof qty, e)) ||
		    (rc = lb_buf_addf(out, e, "%s%s %s", i ? ", " : "", it[i].name, qty)))
			return rc;
	return LB_OK;
}

int lb_print_package_value(lb_db *db, int64_t program_id, int period, int64_t *value, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT coalesce(sum(pp.qty * pp.unit_price), 0) FROM program_package pp"
		" WHERE pp.program_id = ?1 AND " LB_PACKAGE_IN_FORCE, e);
	char ps[8];
	int rc;

	*value = 0;
	if (!st)
		return LB_ESYS;
	lb_period_format(period, ps);
	lb_bind_int(st, 1, program_id);
	lb_bind_text(st, 2, ps);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? LB_OK : rc;
	*value = lb_col_int(st, 0);
	lb_stmt_reset(st);
	return LB_OK;
}

/* ---- one slip ---- */

/* What a slip needs from the database, the NIK already masked (the whole
 * NIK never leaves the reading thread). */
struct row {
	uint64_t serial;
	char last_day[11];
	char token[17];
	char nik_masked[17];
	char village[32];
	char name[LB_VCH_NAME_MAX];
	char proxy[LB_VCH_NAME_MAX];
	char village_name[LB_VCH_NAME_MAX];
	char district_name[LB_VCH_NAME_MAX];
	char point_name[LB_VCH_NAME_MAX];
	/* Filled by encode_row: the signed QR code, bit-packed row by row
	 * (a version 10 symbol at most, 57 modules a side), and the texts. */
	int qr_width;
	unsigned char qr[(57 * 57 + 7) / 8];
	char serial_text[LB_SERIAL_TEXT_SIZE];
	char until[32];
	int64_t replaces;        /* serial of the slip this one replaces; -1: none */
	char replaces_text[LB_SERIAL_TEXT_SIZE];
};

/* Shared, read-only while the workers run. */
struct run_info {
	const struct lb_signing_key *key;
	char tag[LB_PAYLOAD_PROGRAM_MAX + 1];
	int period;
	char period_text[24];
	const char *org, *program_name, *package, *logo, *title;
	char value_text[32];
	int per_page;
};

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* Sign the row's payload and encode its QR code into the row: the
 * expensive half of a slip, done by whichever thread is free. */
static int encode_row(const struct run_info *ri, struct row *w, lb_err *e)
{
	struct lb_voucher_payload p;
	char text[LB_PAYLOAD_TEXT_MAX];
	struct lb_qr qr;
	lb_day last, epoch = lb_day_from_ymd(2000, 1, 1);
	size_t i, n;
	int rc;

	memset(&p, 0, sizeof p);
	p.version = LB_PAYLOAD_VERSION;
	p.key_id = ri->key->id;
	memcpy(p.program, ri->tag, sizeof p.program);
	p.period = (uint16_t)(ri->period - 2000 * 12);
	p.serial = w->serial;
	/* Bad stored data is the system's failure, not the caller's input. */
	if ((rc = lb_serial_format(w->serial, w->serial_text, e)))
		return lb_fail(e, LB_ESYS, "a voucher in the database has a serial above 40 bits");
	if ((rc = lb_voucher_ref_of_token(w->token, p.recipient_ref, e)) ||
	    (rc = lb_date_parse(w->last_day, "last day", &last, e))) {
		lb_err_prefix(e, "cannot print voucher %s", w->serial_text);
		if (e)
			e->code = LB_ESYS;
		return LB_ESYS;
	}
	if (last < epoch || last - epoch > 0xFFFF)
		return lb_fail(e, LB_ESYS, "voucher %s: last day %s is outside what a QR carries",
			       w->serial_text, w->last_day);
	p.last_day = (uint16_t)(last - epoch);
	lb_date_format_id(last, w->until);
	w->replaces_text[0] = 0;
	if (w->replaces >= 0 && lb_serial_format((uint64_t)w->replaces, w->replaces_text, e))
		return lb_fail(e, LB_ESYS, "a voucher in the database has a serial above 40 bits");
	if ((rc = lb_payload_encode(&p, ri->key->sk, text, sizeof text, e)) ||
	    (rc = lb_qr_encode(text, &qr, e)))
		return rc;
	n = (size_t)qr.width * (size_t)qr.width;
	if (n > sizeof w->qr * 8) {
		lb_qr_free(&qr);
		return lb_fail(e, LB_ESYS, "voucher %s: its QR code is larger than a slip holds",
			       w->serial_text);
	}
	memset(w->qr, 0, sizeof w->qr);
	for (i = 0; i < n; i++)
		if (qr.modules[i])
			w->qr[i / 8] |= (unsigned char)(0x80u >> (i % 8));
	w->qr_width = qr.width;
	lb_qr_free(&qr);
	return LB_OK;
}

/* Lay out an encoded row's slip. */
static int draw_row(struct lb_slip_doc *doc, const struct run_info *ri, const struct row *w,
		    lb_err *e)
{
	unsigned char modules[57 * 57];
	struct lb_slip s;
	size_t i, n = (size_t)w->qr_width * (size_t)w->qr_width;

	for (i = 0; i < n; i++)
		modules[i] = (unsigned char)(w->qr[i / 8] >> (7 - i % 8) & 1);
	memset(&s, 0, sizeof s);
	s.name = w->name;
	s.nik_masked = w->nik_masked;
	s.village_name = w->village_name;
	s.district_name = w->district_name;
	s.point_name = w->point_name;
	s.proxy_name = w->proxy;
	s.period_text = ri->period_text;
	s.valid_until = w->until;
	s.serial_text = w->serial_text;
	s.package = ri->package;
	s.value_text = ri->value_text[0] ? ri->value_text : NULL;
	s.replaces = w->replaces_text[0] ? w->replaces_text : NULL;
	s.qr_width = w->qr_width;
	s.qr = modules;
	return lb_slip_add(doc, w->village, &s, e);
}

/* Make sure row i of a file is encoded before it is drawn; NULL: the
 * rows are encoded already. */
typedef int (*ready_fn)(void *ctx, long i, lb_err *e);

/* Draw rows into a new document and write it into out, a private
 * temporary file next to path (core/file.h) that the caller commits or
 * aborts: a run's files appear together. */
static int draw_file(const struct run_info *ri, const struct row *rows, long n, lb_file *out,
		     const char *path, int force, ready_fn ready, void *ctx, long *pages, lb_err *e)
{
	struct lb_slip_doc doc;
	lb_pdf *pdf;
	long i;
	int rc;

	if ((rc = lb_pdf_new(&pdf, ri->title, ri->org, e)))
		return rc;
	if ((rc = lb_slip_doc_init(&doc, pdf, ri->per_page, ri->org, ri->program_name, ri->logo, e)))
		goto out;
	for (i = 0; i < n; i++)
		if ((ready && (rc = ready(ctx, i, e))) || (rc = draw_row(&doc, ri, &rows[i], e)))
			goto out;
	if ((rc = lb_file_open(out, path, force, e)))
		goto out;
	if ((rc = lb_pdf_write_to(pdf, out->f, path, e))) {
		lb_file_abort(out);
		goto out;
	}
	*pages = doc.pages;
out:
	lb_pdf_free(pdf);
	return rc;
}

/* ---- the run ---- */

struct job {
	char *final;             /* the name it ends up with */
	lb_file out;             /* written, not yet under its name */
	long n;                  /* slips */
	struct row *rows;        /* filled by the reader, freed by the worker */
	long pages;
	int done;
	/* Encoding is handed out in chunks of CHUNK rows, in order: next
	 * is the first chunk nobody has claimed, enc[c] is set when chunk c
	 * is encoded. The thread drawing the file encodes what no helper
	 * has claimed yet. */
	long nchunks, next;
	unsigned char *enc;
	int helpers;             /* threads encoding a chunk of it now */
};

#define CHUNK 32

struct run {
	const struct lb_progress *progress;
	long slips_total, slips_done; /* for progress, under mu */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct run_info ri;
	struct job *jobs;
	int njobs;
	int filled;              /* jobs whose rows are read */
	int taken;               /* jobs a worker has started */
	int finished;            /* jobs done, failed or not */
	int nthreads;
	int reader_done;
	int failed;
	int force;               /* existing files may be replaced */
	lb_err err;              /* the first failure */
	int rc;
};

static void fail_run(struct run *r, int rc, const lb_err *e)
{
	pthread_mutex_lock(&r->mu);
	if (!r->failed) {
		r->failed = 1;
		r->rc = rc;
		r->err = *e;
	}
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/* Encode chunk c of job j (claimed by the caller) and mark it done. */
static int encode_chunk(struct run *r, struct job *j, long c, lb_err *e)
{
	long i, end = (c + 1) * CHUNK < j->n ? (c + 1) * CHUNK : j->n;
	int rc = LB_OK;

	for (i = c * CHUNK; i < end && !rc; i++)
		rc = encode_row(&r->ri, &j->rows[i], e);
	pthread_mutex_lock(&r->mu);
	if (!rc)
		j->enc[c] = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	return rc;
}

struct drawing {
	struct run *r;
	struct job *j;
};

/* ready_fn of a run: row i's chunk is encoded, by a helper or now. */
static int row_ready(void *ctx, long i, lb_err *e)
{
	struct drawing *d = ctx;
	struct run *r = d->r;
	struct job *j = d->j;
	long c = i / CHUNK;
	int ok;

	if (i % CHUNK)
		return LB_OK; /* the chunk was made ready at its first row */
	pthread_mutex_lock(&r->mu);
	if (r->failed) {
		/* another file failed: the run's error is that one */
		pthread_mutex_unlock(&r->mu);
		return lb_fail(e, LB_ESYS, "print run stopped");
	}
	if (j->next == c) {
		j->next++;
		pthread_mutex_unlock(&r->mu);
		return encode_chunk(r, j, c, e);
	}
	while (!j->enc[c] && !r->failed)
		pthread_cond_wait(&r->cv, &r->mu);
	ok = j->enc[c];
	pthread_mutex_unlock(&r->mu);
	/* the helper's failure is the run's error; this one is not shown */
	return ok ? LB_OK : lb_fail(e, LB_ESYS, "print run stopped");
}

/* A job being drawn with a chunk nobody has claimed, oldest first; the
 * caller holds the lock. */
static struct job *job_to_help(struct run *r)
{
	int k;

	for (k = 0; k < r->filled; k++)
		if (!r->jobs[k].done && r->jobs[k].rows && r->jobs[k].next < r->jobs[k].nchunks)
			return &r->jobs[k];
	return NULL;
}

/* Workers draw whole files; when there is no file to start they help
 * encode the files others are drawing. The reading thread only helps
 * (draw = 0), once it has read everything. */
static void work(struct run *r, int draw)
{
	struct drawing d;
	struct job *j;
	long c;
	lb_err e;
	int rc;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		if (r->failed)
			break;
		if (draw && r->taken < r->filled) {
			j = &r->jobs[r->taken++];
			pthread_mutex_unlock(&r->mu);
			lb_err_clear(&e);
			d.r = r;
			d.j = j;
			rc = draw_file(&r->ri, j->rows, j->n, &j->out, j->final, r->force, row_ready, &d,
				       &j->pages, &e);
			if (rc)
				fail_run(r, rc, &e);
			pthread_mutex_lock(&r->mu);
			/* after a failure helpers may still be in its rows */
			j->next = j->nchunks;
			while (j->helpers)
				pthread_cond_wait(&r->cv, &r->mu);
			free(j->rows);
			j->rows = NULL;
			free(j->enc);
			j->enc = NULL;
			j->done = !rc;
			r->finished++;
			r->slips_done += j->n;
			lb_progress_tick(r->progress, "slips", r->slips_done, r->slips_total);
			pthread_cond_broadcast(&r->cv);
			continue;
		}
		if ((j = job_to_help(r))) {
			c = j->next++;
			j->helpers++;
			pthread_mutex_unlock(&r->mu);
			lb_err_clear(&e);
			if ((rc = encode_chunk(r, j, c, &e)))
				fail_run(r, rc, &e);
			pthread_mutex_lock(&r->mu);
			j->helpers--;
			pthread_cond_broadcast(&r->cv);
			continue;
		}
		if (r->reader_done && r->taken >= r->filled)
			break;
		pthread_cond_wait(&r->cv, &r->mu);
	}
	pthread_mutex_unlock(&r->mu);
}

static void *worker(void *arg)
{
	work(arg, 1);
	return NULL;
}

#define ROWS_FROM \
	" FROM allocation a" \
	" JOIN voucher v ON v.allocation_id = a.id" \
	" JOIN recipient r ON r.id = a.recipient_id" \
	" JOIN location l ON l.id = a.point_id" \
	" LEFT JOIN region_village rv ON rv.code = r.village" \
	" LEFT JOIN region_district rd ON rd.code = rv.district_code" \
	" WHERE a.program_id = ?1 AND a.period = ?2 AND a.status = 'allocated'" \
	"  AND NOT EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id)" \
	"  AND (?3 IS NULL OR r.village = ?3)" \
	"  AND (?4 IS NULL OR rv.district_code = ?4)" \
	"  AND (?5 IS NULL OR v.serial = ?5)"

static void bind_sel(lb_stmt *st, const struct lb_print_sel *s)
{
	lb_bind_int(st, 1, s->program_id);
	lb_bind_text(st, 2, s->period);
	lb_bind_text(st, 3, s->village);
	lb_bind_text(st, 4, s->district);
	if (s->has_serial)
		lb_bind_int(st, 5, (int64_t)s->serial);
	else
		lb_bind_null(st, 5);
}

static int add_job(struct run *r, int *cap, long n, lb_err *e)
{
	if (r->njobs == *cap) {
		int c = *cap ? *cap * 2 : 8;
		struct job *p = realloc(r->jobs, (size_t)c * sizeof *p);

		if (!p)
			return lb_oom(e);
		r->jobs = p;
		*cap = c;
	}
	memset(&r->jobs[r->njobs], 0, sizeof r->jobs[0]);
	r->jobs[r->njobs++].n = n;
	return LB_OK;
}

/* Cut the run into files: whole villages while they fit in max slips; a
 * larger village in pieces of whole sheets. */
static int plan(lb_db *db, const struct lb_print_sel *s, long max, int per_page, struct run *r, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT count(*)" ROWS_FROM " GROUP BY rd.code, r.village ORDER BY rd.code, r.village", e);
	long cur = 0, c, piece;
	int cap = 0, rc;

	if (!st)
		return LB_ESYS;
	/* a piece of a big village ends on a full sheet, unless a file is
	 * smaller than a sheet */
	piece = max / per_page * per_page;
	if (piece < 1)
		piece = max;
	bind_sel(st, s);
	while ((rc = lb_step(st, e)) == LB_ROW) {
		c = (long)lb_col_int(st, 0);
		if (cur && cur + c > max) {
			if ((rc = add_job(r, &cap, cur, e)))
				goto fail;
			cur = 0;
		}
		while (c > max) {
			if ((rc = add_job(r, &cap, piece, e)))
				goto fail;
			c -= piece;
		}
		cur += c;
	}
	if (rc != LB_DONE)
		return rc;
	if (cur && (rc = add_job(r, &cap, cur, e)))
		return rc;
	return LB_OK;
fail:
	lb_stmt_reset(st);
	return rc;
}

/* The name of file i (from 0) of a run split into several. */
static int split_name(const char *output, int i, lb_buf *b, lb_err *e)
{
	size_t n = strlen(output), stem = n;

	if (n >= 4 && strcasecmp(output + n - 4, ".pdf") == 0)
		stem = n - 4;
	lb_buf_reset(b);
	if (lb_buf_add(b, output, stem, e) || lb_buf_addf(b, e, "-%03d.pdf", i + 1))
		return LB_ESYS;
	return LB_OK;
}

/* Before anything is written: the files a run of printable slips will
 * be split into at least (the plan may add one for a village that does
 * not fit), checked as its single output is. */
static int check_split_names(const char *output, int force, long printable, long max, lb_err *e)
{
	long nfiles = (printable + max - 1) / max;
	lb_buf b;
	int rc = LB_OK;

	lb_buf_init(&b);
	for (long i = 0; nfiles > 1 && i < nfiles && i < 999 && !rc; i++)
		if (!(rc = split_name(output, (int)i, &b, e)))
			rc = lb_file_check(b.data, force, e);
	lb_buf_release(&b);
	return rc;
}

/* FILE.pdf -> FILE-001.pdf */
static int name_files(struct run *r, const char *output, lb_err *e)
{
	lb_buf b;
	int i, rc = LB_OK;

	lb_buf_init(&b);
	for (i = 0; i < r->njobs && !rc; i++) {
		if (r->njobs == 1)
			r->jobs[i].final = strdup(output);
		else if ((rc = split_name(output, i, &b, e)))
			break;
		else
			r->jobs[i].final = strdup(b.data);
		if (!r->jobs[i].final)
			rc = lb_oom(e);
		/* a file the plan added beyond those checked before */
		else if (r->njobs > 1)
			rc = lb_file_check(r->jobs[i].final, r->force, e);
	}
	lb_buf_release(&b);
	return rc;
}

static void read_row(lb_stmt *st, struct row *w)
{
	w->serial = (uint64_t)lb_col_int(st, 0);
	copy(w->last_day, sizeof w->last_day, lb_col_text(st, 1));
	copy(w->name, sizeof w->name, lb_col_text(st, 2));
	lb_nik_mask(lb_col_text(st, 3), w->nik_masked);
	copy(w->proxy, sizeof w->proxy, lb_col_text(st, 4));
	copy(w->token, sizeof w->token, lb_col_text(st, 5));
	copy(w->village, sizeof w->village, lb_col_text(st, 6));
	copy(w->village_name, sizeof w->village_name, lb_col_text(st, 7));
	copy(w->district_name, sizeof w->district_name, lb_col_text(st, 8));
	copy(w->point_name, sizeof w->point_name, lb_col_text(st, 9));
	w->replaces = lb_col_int(st, 10);
}

/* The reader: fill each job's rows in order, never more than nthreads
 * ahead of the workers. */
static int read_rows(lb_db *db, const struct lb_print_sel *s, struct run *r, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db,
		"SELECT v.serial, v.last_day, r.name, r.nik, coalesce(r.proxy_name, ''), r.token,"
		" r.village, coalesce(rv.name, r.village), coalesce(rd.name, ''), l.name,"
		" coalesce((SELECT o.serial FROM voucher o WHERE o.id = v.replaces_id), -1)"
		ROWS_FROM " ORDER BY rd.code, r.village, r.name COLLATE NOCASE, v.id", e);
	struct job *j;
	long i;
	int k, stop, rc = LB_OK;

	if (!st)
		return LB_ESYS;
	bind_sel(st, s);
	for (k = 0; k < r->njobs; k++) {
		pthread_mutex_lock(&r->mu);
		while (!r->failed && r->filled - r->finished > r->nthreads)
			pthread_cond_wait(&r->cv, &r->mu);
		stop = r->failed;
		pthread_mutex_unlock(&r->mu);
		if (stop)
			break;
		j = &r->jobs[k];
		j->nchunks = (j->n + CHUNK - 1) / CHUNK;
		j->rows = malloc((size_t)j->n * sizeof *j->rows);
		j->enc = calloc((size_t)j->nchunks, 1);
		if (!j->rows || !j->enc) {
			rc = lb_oom(e);
			break;
		}
		for (i = 0; i < j->n; i++) {
			if ((rc = lb_step(st, e)) != LB_ROW) {
				if (rc == LB_DONE)
					rc = lb_fail(e, LB_ESYS, "the slips changed while being read");
				goto out;
			}
			read_row(st, &j->rows[i]);
		}
		rc = LB_OK;
		pthread_mutex_lock(&r->mu);
		r->filled++;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
out:
	lb_stmt_reset(st);
	return rc;
}

static int count_printable(lb_db *db, const struct lb_print_sel *s, int64_t *n, lb_err *e)
{
	/* Allocations that will have a slip once the missing vouchers are
	 * made: a voucher that is not revoked, or none yet. */
	lb_stmt *st = lb_db_prepare(db,
		"SELECT count(*) FROM allocation a"
		" JOIN recipient r ON r.id = a.recipient_id"
		" LEFT JOIN region_village rv ON rv.code = r.village"
		" WHERE a.program_id = ?1 AND a.period = ?2 AND a.status = 'allocated'"
		"  AND (?3 IS NULL OR r.village = ?3)"
		"  AND (?4 IS NULL OR rv.district_code = ?4)"
		"  AND (CASE WHEN ?5 IS NULL THEN"
		"   NOT EXISTS (SELECT 1 FROM voucher v WHERE v.allocation_id = a.id)"
		"   OR EXISTS (SELECT 1 FROM voucher v WHERE v.allocation_id = a.id"
		"    AND NOT EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id))"
		"  ELSE EXISTS (SELECT 1 FROM voucher v WHERE v.allocation_id = a.id AND v.serial = ?5"
		"    AND NOT EXISTS (SELECT 1 FROM voucher_revocation x WHERE x.voucher_id = v.id)) END)", e);
	int rc;

	if (!st)
		return LB_ESYS;
	bind_sel(st, s);
	if ((rc = lb_step(st, e)) != LB_ROW)
		return rc == LB_DONE ? lb_fail(e, LB_ESYS, "cannot count slips") : rc;
	*n = lb_col_int(st, 0);
	lb_stmt_reset(st);
	return LB_OK;
}

static int region_exists(lb_db *db, const char *sql, const char *code, int *found, lb_err *e)
{
	lb_stmt *st = lb_db_prepare(db, sql, e);
	int rc;

	if (!st)
		return LB_ESYS;
	lb_bind_text(st, 1, code);
	rc = lb_step(st, e);
	*found = rc == LB_ROW;
	if (rc == LB_ROW) {
		lb_stmt_reset(st);
		return LB_OK;
	}
	return rc == LB_DONE ? LB_OK : rc;
}

int lb_print_select(lb_db *db, const char *program, int period, const char *village,
		    const char *district, const char *serial, struct lb_print_sel *s, lb_err *e)
{
	int64_t printable = 0;
	int found, rc;

	memset(s, 0, sizeof *s);
	if ((rc = lb_voucher_program(db, program, &s->prog, e)) ||
	    (rc = lb_voucher_check_round(db, &s->prog, period, NULL, e)))
		return rc;
	s->program_id = s->prog.id;
	lb_period_format(period, s->period);
	s->village = village;
	s->district = district;
	if (village) {
		if ((rc = region_exists(db, "SELECT 1 FROM region_village WHERE code = ?1", village,
					&found, e)))
			return rc;
		if (!found)
			return lb_fail(e, LB_EINPUT, "unknown village '%s' (codes look like 64.02.06.2001)",
				       village);
	}
	if (district) {
		if ((rc = region_exists(db, "SELECT 1 FROM region_district WHERE code = ?1", district,
					&found, e)))
			return rc;
		if (!found)
			return lb_fail(e, LB_EINPUT, "unknown district '%s' (codes look like 64.02.06)",
				       district);
	}
	if (serial) {
		if ((rc = lb_serial_parse(serial, &s->serial, e)))
			return rc;
		s->has_serial = 1;
	}
	if ((rc = count_printable(db, s, &printable, e)))
		return rc;
	if (!printable)
		return lb_fail(e, LB_ERULE, "no slips to print for program '%s' in %s%s%s%s",
			       s->prog.code, s->period,
			       village ? " in village " : district ? " in district " : "",
			       village ? village : district ? district : "",
			       serial ? " with that serial (revoked, or of another round?)" : "");
	s->printable = (long)printable;
	return LB_OK;
}

static int default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* Give the written files their names, all or none. */
static int publish(struct run *r, lb_err *e)
{
	int i, k, rc;

	for (i = 0; i < r->njobs; i++) {
		if ((rc = lb_file_commit(&r->jobs[i].out, r->force, e))) {
			for (k = 0; k < i; k++)
				unlink(r->jobs[k].final);
			return rc;
		}
	}
	return LB_OK;
}

static int run_files(lb_db *db, const struct lb_print_sel *s, struct run *r, lb_err *e)
{
	pthread_t tid[MAX_THREADS];
	int started = 0, i, rc, prc;

	if (pthread_mutex_init(&r->mu, NULL))
		return lb_fail(e, LB_ESYS, "cannot start the print threads");
	if (pthread_cond_init(&r->cv, NULL)) {
		pthread_mutex_destroy(&r->mu);
		return lb_fail(e, LB_ESYS, "cannot start the print threads");
	}
	for (i = 0; i < r->nthreads; i++) {
		if ((prc = pthread_create(&tid[i], NULL, worker, r))) {
			lb_fail(e, LB_ESYS, "cannot start a print thread: %s", strerror(prc));
			fail_run(r, LB_ESYS, e);
			break;
		}
		started++;
	}
	rc = started ? read_rows(db, s, r, e) : LB_ESYS;
	if (rc)
		fail_run(r, rc, e);
	pthread_mutex_lock(&r->mu);
	r->reader_done = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	/* Read all: help encode until every file is being drawn. */
	if (started)
		work(r, 0);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_cond_destroy(&r->cv);
	pthread_mutex_destroy(&r->mu);
	if (r->failed) {
		*e = r->err;
		return r->rc;
	}
	return LB_OK;
}

static void cleanup_files(struct run *r)
{
	int i;

	for (i = 0; i < r->njobs; i++) {
		lb_file_abort(&r->jobs[i].out); /* those not committed */
		free(r->jobs[i].rows);
		r->jobs[i].rows = NULL;
		free(r->jobs[i].enc);
		r->jobs[i].enc = NULL;
	}
}

static void free_jobs(struct run *r)
{
	int i;

	for (i = 0; i < r->njobs; i++) {
		free(r->jobs[i].final);
		lb_file_abort(&r->jobs[i].out);
		free(r->jobs[i].rows);
		free(r->jobs[i].enc);
	}
	free(r->jobs);
	r->jobs = NULL;
	r->njobs = 0;
}

/* Slips a page for package: per_page, or 4 when the whole package does
 * not fit the 8-a-page slip (a proxy's line included): the recipient
 * must see the whole entitlement. */
static int fit_per_page(const char *package, int per_page, int *out, lb_err *e)
{
	lb_pdf *m;
	int lines, room, rc;

	*out = per_page;
	if (per_page != 8)
		return LB_OK;
	if ((rc = lb_pdf_new(&m, NULL, NULL, e)))
		return rc;
	rc = lb_slip_package_lines(m, 8, package, 1, &lines, &room, e);
	lb_pdf_free(m);
	if (!rc && lines > room)
		*out = 4;
	return rc;
}

static int info_common(lb_db *db, const struct lb_signing_key *k, int64_t program_id,
		       const char *program_code, int period, lb_buf *org, lb_buf *package,
		       lb_buf *title, struct run_info *ri, lb_err *e)
{
	int found, rc;
	char ps[8];

	memset(ri, 0, sizeof *ri);
	int64_t value;

	if ((rc = lb_meta_get(db, "org_name", org, &found, e)) ||
	    (rc = lb_print_package_text(db, program_id, period, package, e)) ||
	    (rc = lb_print_package_value(db, program_id, period, &value, e)))
		return rc;
	if (value > 0)
		lb_money_format(value, ri->value_text, sizeof ri->value_text);
	lb_period_format(period, ps);
	if ((rc = lb_buf_addf(title, e, "Kupon %s %s", program_code, ps)))
		return rc;
	ri->key = k;
	lb_voucher_program_tag(program_code, ri->tag);
	ri->period = period;
	lb_period_format_id(period, ri->period_text);
	ri->org = org->data;
	ri->package = package->data;
	ri->title = title->data;
	if (period < 2000 * 12 || period - 2000 * 12 > 0xFFFF)
		return lb_fail(e, LB_EINPUT, "period %s is outside what a voucher QR can carry", ps);
	return LB_OK;
}

int lb_print_run(lb_db *db, const struct lb_signing_key *k, const struct lb_print_opts *o,
		 struct lb_print_result *res, lb_err *e)
{
	struct lb_voucher_program prog;
	struct run r;
	struct lb_print_sel s;
	lb_buf org, package, title;
	long max = o->max_slips > 0 ? o->max_slips : LB_PRINT_MAX_SLIPS;
	int rc, i, in_read = 0;

	memset(res, 0, sizeof *res);
	memset(&r, 0, sizeof r);
	memset(&s, 0, sizeof s);
	lb_buf_init(&org);
	lb_buf_init(&package);
	lb_buf_init(&title);
	if (!lb_slip_per_page_valid(o->per_page))
		return lb_fail(e, LB_EINPUT, "--per-page must be 1, 2, 4 or 8, not %d", o->per_page);
	if ((rc = lb_print_select(db, o->program, o->period, o->village, o->district, o->serial, &s,
				  e)) ||
	    (rc = lb_print_check_logo(o->logo, e)) || (rc = lb_print_check_output(o->output, o->force, e)) ||
	    (rc = check_split_names(o->output, o->force, s.printable, max, e)))
		goto out;
	r.force = o->force;
	prog = s.prog;
	r.progress = o->progress;
	r.slips_total = s.printable;
	if ((rc = lb_voucher_create_missing(db, prog.id, o->period, &res->created, e)))
		goto out;
	if ((rc = info_common(db, k, prog.id, prog.code, o->period, &org, &package, &title, &r.ri, e)))
		goto out;
	r.ri.program_name = prog.name;
	r.ri.logo = o->logo;
	if ((rc = fit_per_page(r.ri.package, o->per_page, &r.ri.per_page, e)))
		goto out;
	res->per_page = r.ri.per_page;
	/* One snapshot for the plan and the rows. */
	if ((rc = lb_db_exec(db, "BEGIN", e)))
		goto out;
	in_read = 1;
	if ((rc = plan(db, &s, max, r.ri.per_page, &r, e)) || (rc = name_files(&r, o->output, e)))
		goto out;
	r.nthreads = o->threads > 0 ? o->threads : default_threads();
	if (r.nthreads > MAX_THREADS)
		r.nthreads = MAX_THREADS;
	if (r.nthreads > r.njobs)
		r.nthreads = r.njobs;
	if (r.nthreads < 1)
		r.nthreads = 1;
	rc = run_files(db, &s, &r, e);
	/* Only read: ending it cannot lose anything, but must end it. */
	if (lb_db_exec(db, "COMMIT", NULL))
		lb_db_exec(db, "ROLLBACK", NULL);
	in_read = 0;
	if (rc || (rc = publish(&r, e))) {
		cleanup_files(&r);
		goto out;
	}
	res->files = calloc(r.njobs > 0 ? (size_t)r.njobs : 1, sizeof *res->files);
	if (!res->files) {
		cleanup_files(&r);
		rc = lb_oom(e);
		goto out;
	}
	for (i = 0; i < r.njobs; i++) {
		res->files[i] = r.jobs[i].final;
		r.jobs[i].final = NULL;
		res->slips += r.jobs[i].n;
		res->pages += r.jobs[i].pages;
	}
	res->nfiles = r.njobs;
out:
	if (in_read)
		lb_db_exec(db, "ROLLBACK", NULL);
	free_jobs(&r);
	lb_buf_release(&org);
	lb_buf_release(&package);
	lb_buf_release(&title);
	return rc;
}

int lb_print_one(lb_db *db, const struct lb_signing_key *k, const struct lb_voucher *v,
		 const char *logo, const char *output, int force, lb_err *e)
{
	struct run_info ri;
	lb_file out;
	struct row w;
	lb_buf org, package, title;
	long pages = 0;
	int rc;

	lb_buf_init(&org);
	lb_buf_init(&package);
	lb_buf_init(&title);
	if ((rc = info_common(db, k, v->program_id, v->program, v->period, &org, &package, &title,
			      &ri, e)))
		goto out;
	ri.program_name = v->program_name;
	ri.logo = logo;
	/* at its size on a page of the round's layout, not alone on an A4 */
	if ((rc = lb_setting_get(db, "office.slip_per_page", &title, e)))
		goto out;
	if ((rc = fit_per_page(ri.package, atoi(title.data), &ri.per_page, e)))
		goto out;
	lb_buf_reset(&title);
	if ((rc = lb_buf_addf(&title, e, "Kupon pengganti %s", v->program)))
		goto out;
	ri.title = title.data;
	memset(&w, 0, sizeof w);
	w.replaces = -1;
	if (v->replaces_id) {
		lb_stmt *st = lb_db_prepare(db, "SELECT serial FROM voucher WHERE id = ?1", e);

		if (!st) {
			rc = LB_ESYS;
			goto out;
		}
		lb_bind_int(st, 1, v->replaces_id);
		if ((rc = lb_step(st, e)) == LB_ROW) {
			w.replaces = lb_col_int(st, 0);
			lb_stmt_reset(st);
			rc = LB_OK;
		} else if (rc == LB_DONE) {
			rc = LB_OK;
		} else {
			goto out;
		}
	}
	w.serial = v->serial;
	copy(w.last_day, sizeof w.last_day, v->last_day);
	copy(w.token, sizeof w.token, v->recipient_token);
	copy(w.nik_masked, sizeof w.nik_masked, v->nik_masked);
	copy(w.village, sizeof w.village, v->village);
	copy(w.name, sizeof w.name, v->recipient_name);
	copy(w.proxy, sizeof w.proxy, v->proxy_name);
	copy(w.village_name, sizeof w.village_name, v->village_name);
	copy(w.district_name, sizeof w.district_name, v->district_name);
	copy(w.point_name, sizeof w.point_name, v->point_name);
	if (!(rc = encode_row(&ri, &w, e)) &&
	    !(rc = draw_file(&ri, &w, 1, &out, output, force, NULL, NULL, &pages, e)))
		rc = lb_file_commit(&out, force, e);
out:
	lb_buf_release(&org);
	lb_buf_release(&package);
	lb_buf_release(&title);
	return rc;
}
