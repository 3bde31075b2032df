/*
 * pages_bast.c — the BAST of a round village by village (/laporan/bast):
 * the villages where packages were handed over, each with its statement
 * as a PDF (the download /laporan/unduh?jenis=bast&desa=CODE, the same
 * operation as `lumbung report bast --village CODE`), and every village's
 * statement in one zip (/laporan/bast/zip), one PDF per village.
 *
 * The zip is built by doc/zip.c: each village's PDF is written by the
 * BAST writer through an fd sink into a private file, then the archive
 * is written and streamed from an unlinked file. The server holds one
 * village's PDF in memory at a time (see docs/reports.md for the peak),
 * never the whole round.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/output.h"
#include "doc/rdoc.h"
#include "doc/zip.h"
#include "reports/bast.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/rounds.h"

/* One village of the list, copied out of the walk. */
struct vil {
	char code[32], name[128], district[128];
	int64_t handed;
};

struct vils {
	struct vil *v;
	size_t n, cap;
};

static int keep_village(void *arg, const struct lb_bast_village *v, lb_err *e)
{
	struct vils *l = arg;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct vil *nv = realloc(l->v, cap * sizeof *nv);
		if (!nv)
			return lb_oom(e);
		l->v = nv;
		l->cap = cap;
	}
	snprintf(l->v[l->n].code, sizeof l->v[0].code, "%s", v->code);
	snprintf(l->v[l->n].name, sizeof l->v[0].name, "%s", v->name);
	snprintf(l->v[l->n].district, sizeof l->v[0].district, "%s", v->district);
	l->v[l->n].handed = v->handed;
	l->n++;
	return LB_OK;
}

#define NO_HANDOVER_WHY "Belum ada paket yang diserahkan pada ronde ini, jadi belum ada BAST untuk dibuat."

/* The round named in the query and its villages with handovers; a
 * round without any is refused here, before anything is made. */
static int villages(struct lb_req *q, struct lb_program *p, struct lb_round *rd, struct vils *l)
{
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_web_round_arg(q->db, lb_form_get(&q->query, "program"), lb_form_get(&q->query, "periode"), p, rd,
				   e)))
		return lb_web_why(q, rc, rc == LB_EINPUT ? LB_WE_NODATA : 0, LB_WEB_ROUND_WHY);
	if ((rc = lb_bast_villages(q->db, rd->code, rd->period, keep_village, l, e)))
		return rc;
	if (!l->n)
		return lb_web_why(q,
				  lb_fail(e, LB_ERULE, "no package of %s %s has been handed over yet: no BAST to write",
					  rd->code, rd->ps),
				  LB_WE_RULE, NO_HANDOVER_WHY);
	return LB_OK;
}

int lb_pg_bast(struct lb_req *q, struct lb_resp *r)
{
	static const struct lb_col cols[] = {
		{ "Kecamatan", 0 }, { "Desa/Kelurahan", 0 }, { "Kode", 0 }, { "Paket diserahkan", 1 }, { "BAST", 0 },
	};
	struct lb_program p;
	struct lb_round rd;
	struct vils l = { 0 };
	char title[256], href[300];
	lb_rdoc *o = NULL;
	lb_err *e = &q->err;
	int rc;

	if ((rc = villages(q, &p, &rd, &l)))
		goto out;
	snprintf(title, sizeof title, "BAST per desa — %s %s", rd.name, rd.period_id);
	snprintf(href, sizeof href, "/laporan/bast/zip?program=%s&periode=%s", rd.code, rd.ps);
	if ((rc = lb_html_begin(q, r, title)) ||
	    (rc = lb_html_raw(r, "<p>", e)) ||
	    (rc = lb_html_textf(r, e, "Berita acara serah terima untuk setiap desa tempat paket sudah diserahkan (%zu desa). "
				      "Unduh satu per satu, atau semuanya sekaligus dalam satu berkas zip berisi satu PDF per desa.",
			       l.n)) ||
	    (rc = lb_html_raw(r, "</p><p class=\"aksi\"><a id=\"zip\" href=\"", e)) || (rc = lb_html_text(r, href, e)) ||
	    (rc = lb_html_raw(r, "\">Unduh semua (zip)</a></p>", e)) ||
	    (rc = lb_rdoc_html_list(&r->body, cols, 5, &o, e)))
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		char n[32];
		const char *vals[5], *hrefs[5] = { NULL, NULL, NULL, NULL, NULL };

		lb_html_int(l.v[i].handed, n);
		/* region codes are digits and dots: safe in a query */
		snprintf(href, sizeof href, "/laporan/unduh?jenis=bast&program=%s&periode=%s&format=pdf&desa=%s", rd.code,
			 rd.ps, l.v[i].code);
		vals[0] = l.v[i].district;
		vals[1] = l.v[i].name;
		vals[2] = l.v[i].code;
		vals[3] = n;
		vals[4] = "PDF";
		hrefs[4] = href;
		if ((rc = lb_rdoc_cells_links(o, vals, hrefs, e)))
			goto out;
	}
	rc = lb_rdoc_close(o, e);
	o = NULL;
	if (!rc)
		rc = lb_html_end(q, r);
out:
	if (o)
		lb_rdoc_discard(o);
	free(l.v);
	return rc;
}

/* A file name's words: lower-case letters and digits, anything else one
 * '-' ("Loa Ipuh" -> "loa-ipuh"), so the name is safe in a
 * Content-Disposition, in a zip and on any disk. */
static void slug(const char *s, char *out, size_t n)
{
	size_t k = 0;
	int dash = 0;

	for (; *s && k + 2 < n; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && k)
				out[k++] = '-';
			out[k++] = c;
			dash = 0;
		} else {
			dash = 1;
		}
	}
	out[k] = 0;
}

/* The statement of village i as one entry of z. */
static int add_village(struct lb_req *q, lb_zip *z, const struct lb_round *rd, const struct vil *v)
{
	struct lb_rdoc_opts o = { 0 };
	struct lb_sink sink;
	char name[300], words[128];
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_zip_entry(z, &sink, e)))
		return rc;
	o.fmt = LB_FMT_PDF;
	o.sink = &sink;
	if ((rc = lb_bast_report(q->db, rd->code, rd->period, v->code, &o, e))) {
		lb_zip_entry_drop(z);
		return rc;
	}
	slug(v->name, words, sizeof words);
	snprintf(name, sizeof name, "BAST-%s-%s-%s%s%s.pdf", rd->code, rd->ps, v->code, words[0] ? "-" : "", words);
	return lb_zip_entry_add(z, name, e);
}

int lb_pg_bast_zip(struct lb_req *q, struct lb_resp *r)
{
	struct lb_program p;
	struct lb_round rd;
	struct vils l = { 0 };
	lb_zip *z = NULL;
	char dir[1100];
	lb_err *e = &q->err;
	int fd, rc;
	int64_t size;

	if ((rc = villages(q, &p, &rd, &l)))
		goto out;
	/* the server's private folder beside the database (web/jobs.c) */
	snprintf(dir, sizeof dir, "%s.web", lb_db_path(q->db));
	if (mkdir(dir, 0700) && errno != EEXIST) {
		rc = lb_fail(e, LB_ESYS, "cannot make folder '%s': %s", dir, strerror(errno));
		goto out;
	}
	if ((rc = lb_zip_open(&z, dir, e)))
		goto out;
	for (size_t i = 0; i < l.n; i++)
		if ((rc = add_village(q, z, &rd, &l.v[i])))
			goto out;
	rc = lb_zip_finish(z, &fd, &size, e);
	z = NULL;
	if (rc)
		goto out;
	lb_buf_reset(&r->body);
	r->fd = fd;
	r->fd_size = size;
	r->type = "application/zip";
	snprintf(r->filename, sizeof r->filename, "BAST-%s-%s.zip", rd.code, rd.ps);
out:
	lb_zip_discard(z);
	free(l.v);
	return rc;
}
