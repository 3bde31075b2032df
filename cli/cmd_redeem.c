/*
 * cmd_redeem.c — redemption at the distribution point and field kits:
 * redeem, redeem undo, redeem log, field export, field import, and
 * redeem payloads for tests. Declares their parameters; the run
 * functions feed the operations of voucher/redeem.c and voucher/kit*.c
 * and print.
 *
 * redeem prints each accepted scan on stdout (the recipient's name and
 * masked NIK, never the NIK, and the package) and each refusal on stderr,
 * one line each with its reason; a file, several payloads or images end
 * with a summary. Exit status: 0 when every scan was accepted (or was
 * already recorded by an earlier run of the same file), 3 when any was
 * refused, 2 for unusable arguments (nothing is then redeemed), 1 when
 * the system failed.
 *
 * A run over a file, images or several payloads commits in batches (see
 * voucher/redeem.h), so its lines are held until their scans are
 * committed: a line on the screen means the redemption is on disk, and a
 * crash or a kill can lose only lines never shown.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/file.h"
#include "core/buf.h"
#include "core/localtime.h"
#include "cli/list.h"
#include "core/output.h"
#include "voucher/kitexport.h"
#include "voucher/kitimport.h"
#include "voucher/redeem.h"
#include "voucher/scanfile.h"
#include "voucher/scanimage.h"
#include "voucher/keys.h"
#include "voucher/voucher.h"

/* Scanner files larger than this are refused rather than read into
 * memory: a million scans is about 150 MB. */
#define SCANFILE_MAX ((size_t)1 << 30)

struct printer {
	struct lb_ctx *ctx;
	int quiet_refusal;  /* one scan only: its refusal becomes the error message */
	char last_refusal[LB_ERR_MAX];
	/* A batch run: each scan's line waits in held (a stream byte, 'o'
	 * stdout, 'e' stderr or 'q' none, then the line and its newline)
	 * until lb_redeemer_summary counts the scan as committed. */
	lb_redeemer *r;
	lb_buf held;
	long held_from;     /* the scan number of held's first line */
	long scans;         /* scans seen */
};

/* Print held lines of scans that are committed now; with all, every one
 * (after the run's last commit). */
static void release(struct printer *p, int all)
{
	struct lb_redeem_summary sum;
	size_t i = 0;

	if (!p->r)
		return;
	lb_redeemer_summary(p->r, &sum);
	while (i < p->held.len && (all || p->held_from < sum.committed)) {
		const char *line = p->held.data + i + 1;
		size_t n = strcspn(line, "\n") + 1;
		if (p->held.data[i] != 'q')
			fwrite(line, 1, n, p->held.data[i] == 'e' ? stderr : p->ctx->out);
		i += n + 1;
		p->held_from++;
	}
	if (i) {
		memmove(p->held.data, p->held.data + i, p->held.len - i + 1);
		p->held.len -= i;
		fflush(p->ctx->out);
	}
}

/* stream: 'o' stdout, 'e' stderr, 'q' nothing (line "\n"). */
static void emit(struct printer *p, char stream, const char *line)
{
	FILE *f = stream == 'e' ? stderr : p->ctx->out;
	lb_err ignore;

	if (!p->r) {
		if (stream != 'q')
			fputs(line, f);
		return;
	}
	if (lb_buf_addc(&p->held, stream, &ignore) || lb_buf_adds(&p->held, line, &ignore)) {
		/* Out of memory: better shown early than lost. */
		if (stream != 'q')
			fputs(line, f);
		p->held_from++;
	}
}

static void print_result(struct printer *p, const struct lb_scan *s, const struct lb_redeem_result *r)
{
	char where[300] = "", line[2 * LB_ERR_MAX];
	size_t n = 0;

	if (s->line)
		snprintf(where, sizeof where, "line %zu: ", s->line);
	else if (s->file)
		snprintf(where, sizeof where, "image '%s': ", s->file);
	if (r->rerun == 1) {
		snprintf(line, sizeof line, "done      %s%s%s%s (already recorded by an earlier run)\n", where,
			 r->serial[0] ? r->serial : "", r->name[0] ? "  " : "", r->name);
		emit(p, 'o', line);
		return;
	}
	if (r->outcome == LB_OUT_ACCEPTED) {
		n += (size_t)snprintf(line, sizeof line, "accepted  %s%s  %s (%s)  %s %s:", where, r->serial, r->name,
				      r->nik_masked, r->program, r->period);
		for (size_t i = 0; i < r->nitems && n < sizeof line; i++)
			n += (size_t)snprintf(line + n, sizeof line - n, "%s %s", i ? "," : "", r->items[i].text);
		if (r->proxy[0] && n < sizeof line)
			n += (size_t)snprintf(line + n, sizeof line - n, "  [wakil: %s]", r->proxy);
		if (r->manual && n < sizeof line)
			n += (size_t)snprintf(line + n, sizeof line - n, "  [serial typed: checked by eye]");
		if (n >= sizeof line - 1)
			n = sizeof line - 2;
		line[n++] = '\n';
		line[n] = '\0';
		emit(p, 'o', line);
		return;
	}
	snprintf(p->last_refusal, sizeof p->last_refusal, "%s%s%s", where, r->detail,
		 r->rerun == 2 ? " (refused as in an earlier run; nothing new logged)" : "");
	if (p->quiet_refusal) {
		emit(p, 'q', "\n"); /* shown as the error message instead */
		return;
	}
	snprintf(line, sizeof line, "lumbung: %s\n", p->last_refusal);
	emit(p, 'e', line);
}

static int on_done(void *arg, const struct lb_scan *s, const struct lb_redeem_result *r, lb_err *e)
{
	struct printer *p = arg;

	release(p, 0);
	print_result(p, s, r);
	p->scans++;
	return LB_OK;
}

/* Could this line be a scan at all: a voucher QR text, or a serial
 * (nine letters and digits, with or without hyphens)? */
static int looks_like_scan(const struct lb_scanline *l)
{
	size_t symbols = 0;

	if (l->bad)
		return 0;
	if (l->scan_len > 4 && memcmp(l->scan, "LB1:", 4) == 0)
		return 1;
	for (size_t i = 0; i < l->scan_len; i++) {
		char c = l->scan[i];
		if (c == '-' || c == ' ')
			continue;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return 0;
		symbols++;
	}
	return symbols == 9;
}

/* A file that is mostly not scans (a wrong file, a binary, a dump) is
 * refused before anything is judged or written: more than half of its
 * lines, and at least 10, could be no scan. */
static int mostly_junk(const struct lb_scanfile *sf, const char *what, lb_err *e)
{
	struct lb_scanfile pre = *sf;
	struct lb_scanline l;
	size_t total = 0, junk = 0, first = 0;

	while (lb_scanfile_next(&pre, &l)) {
		total++;
		if (!looks_like_scan(&l) && !junk++)
			first = l.lineno;
	}
	if (junk >= 10 && junk * 2 > total)
		return lb_fail(e, LB_EINPUT,
			       "redeem: '%s' is not a scanner file: %zu of its %zu lines are no scan (the first: line %zu); nothing was redeemed",
			       what, junk, total, first);
	return LB_OK;
}

/* Payloads on the command line. */
struct args_src {
	const char *const *v;
	size_t n, i;
};

static int next_arg(void *arg, struct lb_scan *s)
{
	struct args_src *a = arg;

	if (a->i >= a->n)
		return 0;
	memset(s, 0, sizeof *s);
	s->text = a->v[a->i];
	s->len = strlen(a->v[a->i]);
	a->i++;
	return 1;
}

/* A scanner file in memory. */
struct file_src {
	struct lb_scanfile sf;
	const char *name;
	char when[LB_SCAN_WHEN_SIZE];
};

static int next_line(void *arg, struct lb_scan *s)
{
	struct file_src *f = arg;
	struct lb_scanline l;

	if (!lb_scanfile_next(&f->sf, &l))
		return 0;
	memset(s, 0, sizeof *s);
	s->text = l.scan;
	s->len = l.scan_len;
	s->line = l.lineno;
	s->bad = l.bad;
	if (l.has_time) {
		/* The run copies it before asking for the next line. */
		memcpy(f->when, l.when, sizeof f->when);
		s->has_time = 1;
		s->day = l.day;
		s->when = f->when;
	}
	return 1;
}

/* Images: every code found, in file order then reading order. */
struct image_src {
	struct lb_qr_found found;
	const char **file; /* the image each code came from */
	size_t i;
};

static int next_code(void *arg, struct lb_scan *s)
{
	struct image_src *m = arg;

	if (m->i >= m->found.n)
		return 0;
	memset(s, 0, sizeof *s);
	s->text = m->found.v[m->i].text;
	s->len = m->found.v[m->i].len;
	s->file = m->file[m->i];
	m->i++;
	return 1;
}

static int read_file(const char *path, char **data, size_t *len, lb_err *e)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 0, n = 0;
	char *p = NULL;

	*data = NULL;
	*len = 0;
	if (!f)
		return lb_fail(e, errno == ENOENT || errno == EACCES || errno == EISDIR ? LB_EINPUT : LB_ESYS,
			       "redeem: cannot read scanner file '%s': %s", path, strerror(errno));
	for (;;) {
		size_t got;

		if (n == cap) {
			size_t nc = cap ? cap * 2 : 1 << 16;
			char *q;
			if (nc > SCANFILE_MAX) {
				free(p);
				if (f != stdin)
					fclose(f);
				return lb_fail(e, LB_EINPUT, "redeem: scanner file '%s' is larger than 1 GiB: split it", path);
			}
			if (!(q = realloc(p, nc))) {
				free(p);
				if (f != stdin)
					fclose(f);
				return lb_oom(e);
			}
			p = q;
			cap = nc;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int err = errno;
		free(p);
		if (f != stdin)
			fclose(f);
		return lb_fail(e, err == EISDIR ? LB_EINPUT : LB_ESYS, "redeem: cannot read scanner file '%s': %s", path,
			       strerror(err));
	}
	if (f != stdin)
		fclose(f);
	*data = p;
	*len = n;
	return LB_OK;
}

static void print_summary(struct lb_ctx *ctx, const char *what, const struct lb_redeem_summary *s,
			  const struct lb_scanfile *sf)
{
	fprintf(ctx->out, "%s: %ld scan%s: %ld accepted, %ld refused", what, s->scans, s->scans == 1 ? "" : "s",
		s->accepted, s->refused);
	if (s->rerun_done)
		fprintf(ctx->out, ", %ld already recorded by an earlier run", s->rerun_done);
	if (sf && (sf->blank || sf->header_skipped))
		fprintf(ctx->out, " (%s%zu blank line%s skipped)", sf->header_skipped ? "a header and " : "", sf->blank,
			sf->blank == 1 ? "" : "s");
	fputc('\n', ctx->out);
	if (s->refused) {
		int first = 1;
		fprintf(ctx->out, "refused:");
		for (int i = 1; i < LB_OUT_COUNT; i++)
			if (s->outcome[i]) {
				fprintf(ctx->out, "%s %ld %s", first ? "" : ",", s->outcome[i], lb_outcome_code(i));
				first = 0;
			}
		if (s->rerun_refused)
			fprintf(ctx->out, " (%ld of them refused the same way by an earlier run, not logged again)",
				s->rerun_refused);
		fputc('\n', ctx->out);
	}
}

/* Interactive: a handheld scanner types each code and Enter into the
 * terminal. Each scan is judged and committed at once. */
static int redeem_stdin(struct lb_ctx *ctx, lb_redeemer *r, struct printer *pr)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	size_t lineno = 0;
	int rc = LB_OK;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, "scan slips now, one after another (Ctrl-D to finish)\n");
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		struct lb_scanline l;
		struct lb_scan s;
		struct lb_redeem_result res;

		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (lb_scanline_parse(line, (size_t)n, lineno, 0, &l) == 0)
			continue;
		memset(&s, 0, sizeof s);
		s.text = l.scan;
		s.len = l.scan_len;
		s.bad = l.bad;
		if (l.has_time) {
			s.has_time = 1;
			s.day = l.day;
			s.when = l.when;
		}
		if ((rc = lb_redeem_scan(r, &s, &res, &ctx->err)) || (rc = lb_redeemer_commit(r, &ctx->err)))
			break;
		print_result(pr, &s, &res);
		fflush(ctx->out);
	}
	free(line);
	return rc;
}

/* What `redeem` takes, as typed. The redeemer (voucher/redeem.h) is the
 * operation: it judges each scan and owns the batches' transactions;
 * this front end feeds it scans from argv, a file, images or a terminal
 * and shows each line once its scan is committed. */
struct redeem_args {
	const char *point, *operator, *proxy, *reason, *file, *program, *period;
	int manual, override;
	struct lb_strv images, payloads;
};

static const struct lb_param redeem_params[] = {
#define F(x) offsetof(struct redeem_args, x)
	{ "point", 0, LB_P_STR, LB_P_REQUIRED, F(point), "CODE", "Titik salur" },
	{ "operator", 0, LB_P_STR, 0, F(operator), "NAME", NULL },
	{ "proxy", 0, LB_P_STR, 0, F(proxy), "NAME", "Diambil wakil" },
	{ "manual", 0, LB_P_FLAG, 0, F(manual), NULL, NULL },
	{ "override-point", 0, LB_P_FLAG, 0, F(override), NULL, NULL },
	{ "reason", 0, LB_P_STR, 0, F(reason), "TEXT", "Alasan" },
	{ "program", 0, LB_P_STR, 0, F(program), "CODE", NULL },
	{ "period", 0, LB_P_STR, 0, F(period), "YYYY-MM", NULL },
	{ "file", 0, LB_P_STR, 0, F(file), "FILE", NULL },
	{ "image", 0, LB_P_LIST, 0, F(images), "FILE", NULL },
	{ "PAYLOAD", 0, LB_P_ARGS, 0, F(payloads), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_redeem(struct lb_ctx *ctx, void *arg)
{
	struct redeem_args *a = arg;
	const char *point = a->point, *operator = a->operator, *proxy = a->proxy, *reason = a->reason;
	const char *file = a->file, *program = a->program, *period = a->period;
	int manual = a->manual, override = a->override, rc = LB_OK;
	struct lb_strv *pos = &a->payloads, *images = &a->images;
	struct lb_redeem_opts o = { 0 };
	struct lb_redeem_summary sum;
	struct printer pr = { 0 };
	lb_redeemer *r = NULL;
	struct image_src im = { 0 };
	struct file_src fs;
	char *data = NULL;
	size_t len = 0;
	const char *what = NULL;

	pr.ctx = ctx;
	lb_buf_init(&pr.held);
	if (override && !reason) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "redeem: --override-point needs --reason saying why");
		goto done;
	}
	if (manual && !reason) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "redeem: --manual needs --reason saying why the slip cannot be scanned");
		goto done;
	}
	if (reason && !override && !manual) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "redeem: --reason goes with --override-point or --manual");
		goto done;
	}
	if (images->n) {
		/* --image a.png b.png: the files after it are images too. */
		for (size_t i = 0; i < pos->n; i++)
			if ((rc = lb_strv_push(images, pos->v[i], &ctx->err)))
				goto done;
		pos->n = 0;
	}
	if ((file != NULL) + (images->n > 0) + (pos->n > 0) > 1) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "redeem: give payloads, or --file FILE, or --image FILE..., not several");
		goto done;
	}
	o.point = point;
	o.operator = operator ? operator : ctx->operator;
	o.proxy = proxy;
	o.manual = manual;
	o.manual_reason = manual ? reason : NULL;
	o.override_reason = override ? reason : NULL;
	o.program = program;
	if (period) {
		if ((rc = lb_period_parse(period, "--period", &o.period, &ctx->err)))
			goto done;
		o.has_period = 1;
	}
	o.source = file ? "file" : images->n ? "image" : "scan";
	o.file = file && strcmp(file, "-") != 0 ? file : NULL;
	/* Read every input before anything is judged: an image without a
	 * code or a missing file is an unusable argument, and then nothing
	 * is redeemed. */
	if (file) {
		if ((rc = read_file(file, &data, &len, &ctx->err)))
			goto done;
		lb_scanfile_init(&fs.sf, data, len);
		fs.name = file;
		what = strcmp(file, "-") == 0 ? "standard input" : file;
		if ((rc = mostly_junk(&fs.sf, what, &ctx->err)))
			goto done;
	} else if (images->n) {
		for (size_t i = 0; i < images->n; i++) {
			size_t before = im.found.n;
			const char **f;
			if ((rc = lb_scanimage_read(images->v[i], &im.found, &ctx->err))) {
				lb_err_prefix(&ctx->err, "redeem");
				goto done;
			}
			if (!(f = realloc(im.file, im.found.n * sizeof *f))) {
				rc = lb_oom(&ctx->err);
				goto done;
			}
			im.file = f;
			for (size_t k = before; k < im.found.n; k++)
				im.file[k] = images->v[i];
		}
		what = images->n == 1 ? images->v[0] : "images";
	}
	if ((rc = lb_redeemer_open(ctx->db, &o, &r, &ctx->err)))
		goto done;
	if (file || images->n || pos->n)
		pr.r = r; /* a batch run: lines wait for their commit */
	if (file) {
		rc = lb_redeem_run(r, next_line, &fs, on_done, &pr, &ctx->err);
	} else if (images->n) {
		rc = lb_redeem_run(r, next_code, &im, on_done, &pr, &ctx->err);
	} else if (pos->n) {
		struct args_src src = { pos->v, pos->n, 0 };
		pr.quiet_refusal = pos->n == 1;
		what = "payloads";
		rc = lb_redeem_run(r, next_arg, &src, on_done, &pr, &ctx->err);
	} else {
		rc = redeem_stdin(ctx, r, &pr);
		what = "scans";
	}
	lb_redeemer_summary(r, &sum);
	/* After a failure only what was committed before it is shown. */
	release(&pr, rc == LB_OK);
	if (rc) {
		if (sum.committed)
			fprintf(stderr, "lumbung: the first %ld scans were recorded; running the same input again is safe\n",
				sum.committed);
		goto done;
	}
	if (what && (sum.scans > 1 || file || images->n))
		print_summary(ctx, what, &sum, file ? &fs.sf : NULL);
	if (sum.refused && sum.usage == sum.refused) {
		/* Only typed serials without --manual: the command was given
		 * wrong, nothing was judged. */
		if (pr.quiet_refusal)
			rc = lb_fail(&ctx->err, LB_EINPUT, "%s", pr.last_refusal);
		else
			rc = lb_fail(&ctx->err, LB_EINPUT, "%ld of %ld scans were typed serials without --manual: add --manual --reason TEXT",
				     sum.usage, sum.scans);
	} else if (sum.refused) {
		if (pr.quiet_refusal)
			rc = lb_fail(&ctx->err, LB_ERULE, "%s", pr.last_refusal);
		else
			rc = lb_fail(&ctx->err, LB_ERULE, "%ld of %ld scan%s refused (reasons above)", sum.refused, sum.scans,
				     sum.scans == 1 ? " was" : "s were");
	} else if (sum.scans == 0 && !file) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "redeem: nothing was scanned");
	}
done:
	lb_buf_release(&pr.held);
	lb_redeemer_close(r);
	lb_qr_found_free(&im.found);
	free(im.file);
	free(data);
	return rc;
}

struct undo_args {
	const char *serial, *reason, *operator, *date;
};

static const struct lb_param undo_params[] = {
#define F(x) offsetof(struct undo_args, x)
	{ "SERIAL", 0, LB_P_ARG, LB_P_REQUIRED, F(serial), NULL, "Nomor seri" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "TEXT", "Alasan" },
	{ "operator", 0, LB_P_STR, 0, F(operator), "NAME", NULL },
	{ "date", 0, LB_P_STR, 0, F(date), "YYYY-MM-DD", NULL },
#undef F
	LB_PARAM_END,
};

static int run_redeem_undo(struct lb_ctx *ctx, void *arg)
{
	const struct undo_args *a = arg;
	struct lb_undo_result u;
	lb_day day = lb_today();
	int rc;

	if (a->date && (rc = lb_date_parse(a->date, "--date", &day, &ctx->err)))
		goto done;
	if ((rc = lb_redeem_undo(ctx->db, a->serial, a->reason, a->operator ? a->operator : ctx->operator, day, &u,
				 &ctx->err)))
		goto done;
	fprintf(ctx->out, "undone    %s  %s: the redemption of %s at %s is undone, %d movement%s reversed; the slip can be redeemed again\n",
		u.serial, u.name, u.redeemed_day, u.point, u.reversed, u.reversed == 1 ? "" : "s");
done:
	return rc;
}

struct log_out {
	lb_rdoc *o;
	long n;
	int local;         /* a table for people: local times; csv and json keep them as stored */
	struct lb_zone z;
	const struct lb_attempt_filter *f;
};

static int log_row(void *arg, const struct lb_attempt_row *r, lb_err *e)
{
	struct log_out *lo = arg;
	char id[24], line[24], at[32], entered[32];
	const char *vals[13];

	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(line, sizeof line, "%lld", (long long)r->line);
	if (lo->local) {
		lb_scan_time_local(&lo->z, r->at, at);
		lb_time_local(&lo->z, r->entered_at, entered);
	} else {
		snprintf(at, sizeof at, "%s", r->at);
		snprintf(entered, sizeof entered, "%s", r->entered_at);
	}
	vals[0] = id;
	vals[1] = at;
	vals[2] = r->entered_at[0] ? entered : NULL;
	vals[3] = r->late ? "late" : NULL;
	vals[4] = r->point;
	vals[5] = r->operator;
	vals[6] = r->serial[0] ? r->serial : NULL;
	vals[7] = r->outcome;
	vals[8] = r->source;
	vals[9] = r->file[0] ? r->file : NULL;
	vals[10] = r->line ? line : NULL;
	vals[11] = r->kit_id[0] ? r->kit_id : NULL;
	vals[12] = r->detail;
	lo->n++;
	return lb_rdoc_cells(lo->o, vals, e);
}

static int log_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct log_out *lo = arg;

	lo->o = out;
	return lb_redeem_log_each(ctx->db, lo->f, log_row, lo, &ctx->err);
}

struct log_args {
	struct lb_attempt_filter f;
	const char *format;
};

static const struct lb_param log_params[] = {
#define F(x) offsetof(struct log_args, x)
	{ "point", 0, LB_P_STR, 0, F(f.point), "CODE", "Titik salur" },
	{ "outcome", 0, LB_P_STR, 0, F(f.outcome), "CODE", "Hasil" },
	{ "serial", 0, LB_P_STR, 0, F(f.serial), "SERIAL", "Nomor seri" },
	{ "kit", 0, LB_P_STR, 0, F(f.kit_id), "ID", NULL },
	{ "refused", 0, LB_P_FLAG, 0, F(f.refused), NULL, "Hanya yang ditolak" },
	{ "late", 0, LB_P_FLAG, 0, F(f.late), NULL, "Hanya yang terlambat dicatat" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|csv|json", NULL },
#undef F
	LB_PARAM_END,
};

static int run_redeem_log(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "id", 1 }, { "at", 0 }, { "entered", 0 }, { "late", 0 }, { "point", 0 }, { "operator", 0 },
		{ "serial", 0 }, { "outcome", 0 }, { "source", 0 }, { "file", 0 }, { "line", 1 }, { "kit", 0 },
		{ "detail", 0 },
	};
	const struct log_args *a = arg;
	const struct lb_attempt_filter *f = &a->f;
	enum lb_fmt fmt;
	struct log_out lo = { 0 };
	int rc;

	if ((rc = lb_fmt_parse(a->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &fmt, &ctx->err)))
		return rc;
	lo.local = fmt == LB_FMT_TABLE;
	if (lo.local && (rc = lb_zone_get(ctx->db, &lo.z, &ctx->err)))
		return rc;
	lo.f = f;
	return lb_cli_list(ctx, a->format, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, cols,
			   (int)(sizeof cols / sizeof cols[0]), log_rows, &lo);
}

struct export_args {
	const char *point, *period, *out;
};

static const struct lb_param export_params[] = {
#define F(x) offsetof(struct export_args, x)
	{ "point", 0, LB_P_STR, LB_P_REQUIRED, F(point), "CODE", "Titik salur" },
	{ "period", 0, LB_P_STR, LB_P_REQUIRED, F(period), "YYYY-MM", "Periode" },
	{ "output", 'o', LB_P_STR, LB_P_REQUIRED, F(out), "KIT.db", NULL },
#undef F
	LB_PARAM_END,
};

static int run_field_export(struct lb_ctx *ctx, void *arg)
{
	const struct export_args *a = arg;
	const char *point = a->point, *period = a->period, *out = a->out;
	struct lb_kit_export_result r;
	int per, rc;

	if ((rc = lb_period_parse(period, "--period", &per, &ctx->err)))
		return rc;
	if ((rc = lb_kit_export(ctx->db, point, per, out, ctx->operator, &r, &ctx->err)))
		return rc;
	fprintf(ctx->out, "field kit %s written to '%s' for %s %s: %ld vouchers of %ld recipients, %ld lots of stock"
		" (%lld opening movements), %ld redemptions already made; no signing key, no NIK\n",
		r.kit_id, out, point, period, r.vouchers, r.recipients, r.lots, (long long)r.movements, r.redemptions);
	fprintf(ctx->out, "redeem on it with: lumbung -d '%s' redeem --point %s ...; bring it back with: lumbung field import '%s'\n",
		out, point, out);
	return LB_OK;
}

struct import_args {
	const char *kit;
};

static const struct lb_param import_params[] = {
	{ "KIT.db", 0, LB_P_ARG, LB_P_REQUIRED, offsetof(struct import_args, kit), NULL, "Berkas kit" },
	LB_PARAM_END,
};

static int run_field_import(struct lb_ctx *ctx, void *arg)
{
	const struct import_args *a = arg;
	struct lb_kit_import_result r;
	int rc;

	if ((rc = lb_kit_import(ctx->db, a->kit, ctx->operator, &r, &ctx->err)))
		goto done;
	if (r.already) {
		struct lb_zone z;
		char when[32];
		if ((rc = lb_zone_get(ctx->db, &z, &ctx->err)))
			goto done;
		lb_time_local(&z, r.returned_at, when);
		fprintf(ctx->out, "field kit %.8s (%s %s) was imported already (first on %s): nothing new, nothing changed\n",
			r.kit_id, r.point, r.period, when);
		goto done;
	}
	fprintf(ctx->out, "field kit %.8s (%s %s) imported: %ld redemption%s, %ld conflict%s (redeemed here first: not posted),"
		" %ld undo%s, %ld attempt%s logged, %ld movement%s posted",
		r.kit_id, r.point, r.period, r.redemptions, r.redemptions == 1 ? "" : "s", r.conflicts,
		r.conflicts == 1 ? "" : "s", r.undos, r.undos == 1 ? "" : "s", r.attempts, r.attempts == 1 ? "" : "s",
		r.movements, r.movements == 1 ? "" : "s");
	if (r.skipped)
		fprintf(ctx->out, ", %ld not posted twice", r.skipped);
	fputc('\n', ctx->out);
	if (r.conflicts)
		fprintf(ctx->out, "see the conflicts with: lumbung redeem log --kit %.8s --outcome conflict\n", r.kit_id);
done:
	return rc;
}


struct payload_out {
	FILE *f;
	int tsv;
	long n;
};

static int payload_row(void *arg, const struct lb_voucher *v, const char *text, lb_err *e)
{
	struct payload_out *po = arg;
	int ok;

	if (po->tsv)
		ok = fprintf(po->f, "%s\t%s\t%s\t%s\t%s\n", v->serial_text, v->point, lb_voucher_status_name(v->status),
			     v->recipient_name, text) > 0;
	else
		ok = fprintf(po->f, "%s\n", text) > 0;
	if (!ok)
		return lb_fail(e, LB_ESYS, "cannot write the payloads: %s", strerror(errno));
	po->n++;
	return LB_OK;
}

struct payloads_args {
	const char *program, *period, *point, *key, *out, *format;
	int force;
};

static const struct lb_param payloads_params[] = {
#define F(x) offsetof(struct payloads_args, x)
	{ "program", 0, LB_P_STR, LB_P_REQUIRED, F(program), "P", NULL },
	{ "period", 0, LB_P_STR, LB_P_REQUIRED, F(period), "YYYY-MM", NULL },
	{ "point", 0, LB_P_STR, 0, F(point), "CODE", NULL },
	{ "key", 0, LB_P_STR, 0, F(key), "FILE", NULL },
	{ "format", 0, LB_P_STR, 0, F(format), "text|tsv", NULL },
	{ "output", 'o', LB_P_STR, 0, F(out), "FILE", NULL },
	{ "force", 0, LB_P_FLAG, 0, F(force), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_redeem_payloads(struct lb_ctx *ctx, void *arg)
{
	const struct payloads_args *a = arg;
	const char *program = a->program, *period = a->period, *point = a->point, *keyopt = a->key;
	const char *out = a->out, *format = a->format;
	int force = a->force;
	struct lb_signing_key k;
	struct payload_out po = { stdout, 0, 0 };
	const char *key;
	lb_file of;
	int per, rc;

	if ((rc = lb_period_parse(period, "--period", &per, &ctx->err)))
		return rc;
	if (format && strcmp(format, "text") != 0 && strcmp(format, "tsv") != 0)
		return lb_fail(&ctx->err, LB_EINPUT, "redeem payloads: --format is text or tsv");
	po.tsv = format && strcmp(format, "tsv") == 0;
	/* After parsing: --key wins over $LUMBUNG_KEY. */
	key = keyopt ? keyopt : getenv("LUMBUNG_KEY");
	if (!key || !*key)
		return lb_fail(&ctx->err, LB_EINPUT, "redeem payloads: name the signing key with --key FILE or $LUMBUNG_KEY");
	if ((rc = lb_key_load(key, &k, &ctx->err)))
		return rc;
	if (out) {
		if ((rc = lb_file_open(&of, out, force, &ctx->err))) {
			lb_key_wipe(&k);
			return rc;
		}
		po.f = of.f;
	}
	rc = lb_redeem_payloads(ctx->db, program, per, point, &k, payload_row, &po, &ctx->err);
	lb_key_wipe(&k);
	if (out) {
		if (rc)
			lb_file_abort(&of);
		else
			rc = lb_file_commit(&of, force, &ctx->err);
		if (rc == LB_OK)
			fprintf(ctx->out, "%ld payloads written to '%s'\n", po.n, out);
	}
	return rc;
}

const struct lb_cmd lb_cmds_redeem[] = {
	{ "redeem", NULL, NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Check each scanned slip and hand over its package: the signature, the\n"
	  "voucher's status and validity, its point, and that it was not redeemed\n"
	  "before; then the redemption is recorded and the package's items leave\n"
	  "the point's stock (earliest expiry first) in one transaction. Every\n"
	  "attempt, accepted or refused, goes to the attempt log (redeem log).\n"
	  "With no payload, --file or --image, scans are read from standard input\n"
	  "as a handheld scanner types them, one a line, each committed at once.\n"
	  "\n"
	  "  --point CODE          the distribution point handing over (required)\n"
	  "  --operator NAME       who hands over (default $LUMBUNG_OPERATOR, $USER)\n"
	  "  --proxy NAME          collected by this proxy (wakil)\n"
	  "  --manual              accept serials typed from the slip (checked by eye)\n"
	  "  --override-point      accept another point's slips, saying why (--reason)\n"
	  "  --program, --period   accept only that program's or round's slips\n"
	  "  --file FILE           a scanner file: one scan a line, optionally with a\n"
	  "                        timestamp column; '-' reads standard input\n"
	  "  --image FILE...       QR codes in photos or scanned pages (PNG, JPEG, PGM)\n"
	  "\n"
	  "Exit status: 0 every scan accepted (or already recorded by an earlier\n"
	  "run of the same file), 3 some refused (each on its own line, with why),\n"
	  "2 unusable arguments (nothing redeemed), 1 system failure.\n",
	  "hand over packages against scanned slips",
	  redeem_params, sizeof(struct redeem_args), run_redeem },
	{ "redeem", "undo", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Undo a wrong redemption (the wrong slip scanned for a person): its stock\n"
	  "movements are reversed, the undo is logged beside the redemption, and the\n"
	  "slip can be redeemed again. Nothing is deleted.\n",
	  "undo a wrong redemption",
	  undo_params, sizeof(struct undo_args), run_redeem_undo },
	{ "redeem", "log", NULL, LB_CMD_DB,
	  "The attempt log: every scan, accepted or refused, and every undo, with the\n"
	  "reason. Outcomes: accepted, unreadable, forged, unknown_key, unknown_serial,\n"
	  "revoked, expired, period_closed, wrong_point, already_redeemed, no_stock,\n"
	  "wrong_program_or_period, conflict (field kit), undone.\n"
	  "'at' is the scan's time (a scanner file's own), 'entered' when a scan from a\n"
	  "scanner file was entered here; 'late' marks one entered more than a day after\n"
	  "its scan (--late: only those). The table shows the office's local time, CSV\n"
	  "and JSON the times as stored (UTC, or the scanner's as written).\n",
	  "show the attempt log",
	  log_params, sizeof(struct log_args), run_redeem_log },
	{ "redeem", "payloads", NULL, LB_CMD_DB | LB_CMD_TEST,
	  "Write the signed QR text of every slip of a round, one a line: exactly what\n"
	  "a scanner reads off the printed slips, to make scanner files for tests,\n"
	  "benchmarks and training. Needs the signing key (--key, else $LUMBUNG_KEY),\n"
	  "like printing. tsv adds serial, point, status and name before each text.\n",
	  "write a round's slip QR texts as a scanner file",
	  payloads_params, sizeof(struct payloads_args), run_redeem_payloads },
	{ "field", "export", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Write an offline field kit for one distribution point and period: its\n"
	  "vouchers, the public keys, the recipients' names (no NIK), and its stock.\n"
	  "No signing key. Redeem on it with 'lumbung -d KIT.db redeem ...', then\n"
	  "bring it back with 'lumbung field import KIT.db'.\n",
	  "write an offline field kit for a point",
	  export_params, sizeof(struct export_args), run_field_export },
	{ "field", "import", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Check a field kit (exported from this database, for its point and period,\n"
	  "its log intact) and bring its redemptions, attempts and stock movements\n"
	  "in, in one transaction. A slip redeemed here first is a conflict and its\n"
	  "stock is not posted twice. Importing the same kit again changes nothing.\n"
	  "Exit status 3 (2 for a file that is not a kit) when the kit is refused.\n",
	  "bring a field kit's redemptions back",
	  import_params, sizeof(struct import_args), run_field_import, "/kit" },
	{ 0 },
};
