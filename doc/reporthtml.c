/*
 * reporthtml.c — a report's CSV as headings and tables. See reporthtml.h.
 */
#include "doc/reporthtml.h"

#include <stdlib.h>
#include <string.h>

#include "core/output.h"

#define MAX_CELLS 64

struct rec {
	char *cell[MAX_CELLS];
	int n;
};

struct block {
	struct rec *r;
	size_t n, cap;
};

/* One RFC 4180 record from *p (quoted fields, "" for a quote, CRLF or LF
 * ends it); cells are malloc'ed. Returns 0 at the end of the text. */
static int next_record(const char **p, const char *end, struct rec *out, lb_err *e)
{
	lb_buf cell;
	const char *s = *p;

	memset(out, 0, sizeof *out);
	if (s >= end)
		return 0;
	lb_buf_init(&cell);
	for (;;) {
		int quoted = s < end && *s == '"';
		if (quoted)
			s++;
		while (s < end) {
			if (quoted && *s == '"') {
				if (s + 1 < end && s[1] == '"') {
					if (lb_buf_addc(&cell, '"', e))
						goto oom;
					s += 2;
					continue;
				}
				quoted = 0;
				s++;
				continue;
			}
			if (!quoted && (*s == ',' || *s == '\n' || *s == '\r'))
				break;
			if (lb_buf_addc(&cell, *s++, e))
				goto oom;
		}
		if (out->n < MAX_CELLS) {
			char *c = cell.data;
			/* undo the CSV writer's formula neutralisation: a
			 * page is not a spreadsheet */
			if (c[0] == '\'' && (c[1] == '=' || c[1] == '+' || c[1] == '-' || c[1] == '@'))
				c++;
			out->cell[out->n] = strdup(c);
			if (!out->cell[out->n])
				goto oom;
			out->n++;
		}
		lb_buf_reset(&cell);
		if (s < end && *s == ',') {
			s++;
			continue;
		}
		if (s < end && *s == '\r')
			s++;
		if (s < end && *s == '\n')
			s++;
		break;
	}
	lb_buf_release(&cell);
	*p = s;
	return 1;
oom:
	lb_buf_release(&cell);
	for (int i = 0; i < out->n; i++)
		free(out->cell[i]);
	out->n = 0;
	lb_oom(e);
	return -1;
}

static void rec_free(struct rec *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->cell[i]);
	r->n = 0;
}

static int blank(const struct rec *r)
{
	return r->n == 0 || (r->n == 1 && r->cell[0][0] == 0);
}

/* Numbers as the reports print them: 1.234, Rp1.234.500, 95,25%, -3. */
static int numeric(const char *s)
{
	if (strncmp(s, "Rp", 2) == 0)
		s += 2;
	if (*s == '-')
		s++;
	if (!*s || !(*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '.' || *s == ',' || *s == '%'))
			return 0;
	return 1;
}

static int para(lb_buf *out, const char *tag, const char *text, lb_err *e)
{
	int rc;
	/* tag is ours: "p" or "h2" */
	if ((rc = lb_buf_addf(out, e, "<%s>", tag)) || (rc = lb_html_add(out, text, e)) ||
	    (rc = lb_buf_addf(out, e, "</%s>", tag)))
		return rc;
	return LB_OK;
}

/* A table: header row h, then rows; numeric columns are those whose
 * every non-empty cell is a number. */
static int table(const struct rec *h, const struct rec *rows, size_t n, lb_buf *out, lb_err *e)
{
	struct lb_col cols[MAX_CELLS];
	const char *vals[MAX_CELLS];
	lb_out *o;
	int rc;

	for (int c = 0; c < h->n; c++) {
		int num = 0, other = 0;
		for (size_t i = 0; i < n; i++) {
			if (c >= rows[i].n || !rows[i].cell[c][0])
				continue;
			if (numeric(rows[i].cell[c]))
				num = 1;
			else
				other = 1;
		}
		cols[c].name = h->cell[c];
		cols[c].numeric = num && !other;
	}
	if ((rc = lb_out_open_html(out, cols, h->n, &o, e)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < h->n; c++)
			vals[c] = c < rows[i].n ? rows[i].cell[c] : "";
		if ((rc = lb_out_row(o, vals, e))) {
			lb_out_close(o, NULL);
			return rc;
		}
	}
	return lb_out_close(o, e);
}

/* One block (the lines between blank lines). The first block is the
 * document's title lines; in the others, one-cell lines before the
 * header are the section's title, one-cell lines after the rows a note. */
static int render(struct rec *r, size_t n, int first, lb_buf *out, lb_err *e)
{
	size_t i = 0;
	int rc;

	while (i < n && r[i].n == 1)
		if ((rc = para(out, first ? "p" : "h2", r[i++].cell[0], e)))
			return rc;
	while (i < n) {
		size_t start = i + 1, j = start;
		while (j < n && r[j].n > 1)
			j++;
		if ((rc = table(&r[i], r + start, j - start, out, e)))
			return rc;
		i = j;
		while (i < n && r[i].n == 1)
			if ((rc = para(out, "p", r[i++].cell[0], e)))
				return rc;
	}
	return LB_OK;
}

int lb_report_html(const char *csv, size_t len, lb_buf *out, lb_err *e)
{
	const char *p = csv, *end = csv + len;
	struct block b = { 0 };
	struct rec r;
	int rc = LB_OK, first = 1, got;

	for (;;) {
		got = next_record(&p, end, &r, e);
		if (got < 0) {
			rc = LB_ESYS;
			break;
		}
		if (!got || blank(&r)) {
			if (got)
				rec_free(&r);
			if (b.n && (rc = render(b.r, b.n, first, out, e)))
				break;
			if (b.n)
				first = 0;
			for (size_t i = 0; i < b.n; i++)
				rec_free(&b.r[i]);
			b.n = 0;
			if (!got)
				break;
			continue;
		}
		if (b.n == b.cap) {
			size_t cap = b.cap ? b.cap * 2 : 64;
			struct rec *nr = realloc(b.r, cap * sizeof *nr);
			if (!nr) {
				rec_free(&r);
				rc = lb_oom(e);
				break;
			}
			b.r = nr;
			b.cap = cap;
		}
		b.r[b.n++] = r;
	}
	for (size_t i = 0; i < b.n; i++)
		rec_free(&b.r[i]);
	free(b.r);
	return rc;
}
