/*
 * csv.c — a pull reader over libcsv's push parser. See csv.h.
 *
 * libcsv calls back once per field and once per row end. We keep the
 * fields of completed rows in a queue (offsets into one byte buffer) and
 * hand them out one row at a time; when the queue is empty the buffer is
 * compacted, keeping only the row still being parsed, and another chunk
 * is fed.
 */
#include "csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#define CHUNK 65536

struct row {
	size_t first, n;
};

struct lb_csv {
	FILE *f;
	char *path;
	struct csv_parser p;
	int parser_ready;
	char *data;
	size_t dlen, dcap;
	size_t *foff;
	size_t nf, fcap;
	struct row *rows;
	size_t nrows, rcap, rpos;
	size_t cur_first; /* first field of the row being parsed */
	struct row cur;   /* the row handed out last */
	long rowno;       /* number of the row handed out last */
	size_t header_n;  /* fields in the header, 0 before lb_csv_header */
	int eof, first_chunk, oom;
	char buf[CHUNK];
};

static void on_field(void *s, size_t len, void *data)
{
	lb_csv *c = data;

	if (c->oom)
		return;
	if (c->dlen + len + 1 > c->dcap) {
		size_t cap = c->dcap ? c->dcap : 4096;
		char *p;
		while (cap < c->dlen + len + 1)
			cap *= 2;
		if (!(p = realloc(c->data, cap))) {
			c->oom = 1;
			return;
		}
		c->data = p;
		c->dcap = cap;
	}
	if (c->nf == c->fcap) {
		size_t cap = c->fcap ? c->fcap * 2 : 256;
		size_t *p = realloc(c->foff, cap * sizeof *p);
		if (!p) {
			c->oom = 1;
			return;
		}
		c->foff = p;
		c->fcap = cap;
	}
	c->foff[c->nf++] = c->dlen;
	if (len)
		memcpy(c->data + c->dlen, s, len);
	c->data[c->dlen + len] = '\0';
	c->dlen += len + 1;
}

static void on_row(int term, void *data)
{
	lb_csv *c = data;
	(void)term;

	if (c->oom)
		return;
	if (c->nrows == c->rcap) {
		size_t cap = c->rcap ? c->rcap * 2 : 64;
		struct row *p = realloc(c->rows, cap * sizeof *p);
		if (!p) {
			c->oom = 1;
			return;
		}
		c->rows = p;
		c->rcap = cap;
	}
	c->rows[c->nrows++] = (struct row){ c->cur_first, c->nf - c->cur_first };
	c->cur_first = c->nf;
}

int lb_csv_open(const char *path, lb_csv **out, lb_err *e)
{
	lb_csv *c;

	*out = NULL;
	if (!(c = calloc(1, sizeof *c)))
		return lb_oom(e);
	if (!(c->path = strdup(path))) {
		free(c);
		return lb_oom(e);
	}
	if (strcmp(path, "-") == 0) {
		c->f = stdin;
	} else if (!(c->f = fopen(path, "rb"))) {
		int rc = lb_fail(e, LB_EINPUT, "cannot read '%s': %s", path, strerror(errno));
		lb_csv_close(c);
		return rc;
	}
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		lb_csv_close(c);
		return lb_oom(e);
	}
	c->parser_ready = 1;
	c->first_chunk = 1;
	*out = c;
	return LB_OK;
}

void lb_csv_close(lb_csv *c)
{
	if (!c)
		return;
	if (c->parser_ready)
		csv_free(&c->p);
	if (c->f && c->f != stdin)
		fclose(c->f);
	free(c->data);
	free(c->foff);
	free(c->rows);
	free(c->path);
	free(c);
}

const char *lb_csv_path(const lb_csv *c)
{
	return c->path;
}

/* Drop the rows already handed out, keeping the row being parsed. */
static void compact(lb_csv *c)
{
	size_t keep = c->nf - c->cur_first;
	size_t base = keep ? c->foff[c->cur_first] : c->dlen;

	/* Nothing to drop before the first chunk, when data is still NULL
	 * (memmove from NULL is undefined even for zero bytes). */
	if (base)
		memmove(c->data, c->data + base, c->dlen - base);
	c->dlen -= base;
	for (size_t i = 0; i < keep; i++)
		c->foff[i] = c->foff[c->cur_first + i] - base;
	c->nf = keep;
	c->cur_first = 0;
	c->nrows = c->rpos = 0;
}

static int parse_error(lb_csv *c, lb_err *e)
{
	long row = c->rowno + (long)(c->nrows - c->rpos) + 1;

	if (c->oom)
		return lb_oom(e);
	if (csv_error(&c->p) == CSV_EPARSE)
		return lb_fail(e, LB_EINPUT,
			       "file '%s', row %ld: malformed CSV: a quote inside an unquoted field, text after a closing quote, or a quoted field that never closes",
			       c->path, row);
	return lb_fail(e, LB_EINPUT, "file '%s', row %ld: %s", c->path, row,
		       csv_strerror(csv_error(&c->p)));
}

static int fill(lb_csv *c, lb_err *e)
{
	size_t n, off = 0;

	if (c->eof)
		return LB_OK;
	n = fread(c->buf, 1, sizeof c->buf, c->f);
	if (n == 0) {
		if (ferror(c->f))
			return lb_fail(e, LB_ESYS, "cannot read '%s': %s", c->path, strerror(errno));
		c->eof = 1;
		if (csv_fini(&c->p, on_field, on_row, c) != 0) {
			long row = c->rowno + (long)(c->nrows - c->rpos) + 1;
			return lb_fail(e, LB_EINPUT,
				       "file '%s', row %ld: the file ends inside a quoted field (truncated?)",
				       c->path, row);
		}
		return c->oom ? lb_oom(e) : LB_OK;
	}
	if (c->first_chunk) {
		c->first_chunk = 0;
		/* Excel's "CSV UTF-8" starts with a byte order mark. */
		if (n >= 3 && (unsigned char)c->buf[0] == 0xEF && (unsigned char)c->buf[1] == 0xBB &&
		    (unsigned char)c->buf[2] == 0xBF)
			off = 3;
	}
	if (csv_parse(&c->p, c->buf + off, n - off, on_field, on_row, c) != n - off || c->oom)
		return parse_error(c, e);
	return LB_OK;
}

int lb_csv_next(lb_csv *c, lb_err *e)
{
	int rc;

	while (c->rpos == c->nrows) {
		if (c->eof)
			return LB_CSV_EOF;
		compact(c);
		if ((rc = fill(c, e)))
			return rc;
	}
	c->cur = c->rows[c->rpos++];
	c->rowno++;
	return LB_CSV_ROW;
}

size_t lb_csv_nfields(const lb_csv *c)
{
	return c->cur.n;
}

const char *lb_csv_field(const lb_csv *c, int i)
{
	if (i < 0 || (size_t)i >= c->cur.n)
		return "";
	return c->data + c->foff[c->cur.first + (size_t)i];
}

long lb_csv_row(const lb_csv *c)
{
	return c->rowno;
}

static void trim_copy(const char *s, char *out, size_t n)
{
	size_t len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = '\0';
}

/* Does s hold more than four digits in a row? A header cell that does is
 * data: a NIK or KK number when the header row is missing, which must not
 * end up in a message (UU PDP; recipients/nik.h). */
static int has_number(const char *s)
{
	size_t run = 0;

	for (; *s; s++)
		if ((run = (*s >= '0' && *s <= '9') ? run + 1 : 0) > 4)
			return 1;
	return 0;
}

int lb_csv_header(lb_csv *c, const struct lb_csv_col *cols, size_t ncols, int *idx, lb_err *e)
{
	int rc = lb_csv_next(c, e);
	char name[128];

	if (rc == LB_CSV_EOF)
		return lb_fail(e, LB_EINPUT, "file '%s' is empty: expected a header row", c->path);
	if (rc != LB_CSV_ROW)
		return rc;
	for (size_t k = 0; k < ncols; k++)
		idx[k] = -1;
	for (size_t i = 0; i < c->cur.n; i++) {
		size_t k;
		trim_copy(lb_csv_field(c, (int)i), name, sizeof name);
		for (k = 0; k < ncols; k++)
			if (strcasecmp(name, cols[k].name) == 0)
				break;
		if (k == ncols) {
			char list[512] = "";
			for (size_t j = 0; j < ncols; j++) {
				strncat(list, cols[j].name, sizeof list - strlen(list) - 1);
				if (j + 1 < ncols)
					strncat(list, ", ", sizeof list - strlen(list) - 1);
			}
			if (has_number(name))
				return lb_fail(e, LB_EINPUT,
					       "file '%s', row 1, column %zu: a long number where a column name belongs: is the header row missing? (the columns are: %s)",
					       c->path, i + 1, list);
			return lb_fail(e, LB_EINPUT,
				       "file '%s', row 1, column %zu: unknown column '%s' (the columns are: %s)",
				       c->path, i + 1, name, list);
		}
		if (idx[k] >= 0)
			return lb_fail(e, LB_EINPUT, "file '%s', row 1, column %zu: column '%s' appears twice",
				       c->path, i + 1, cols[k].name);
		idx[k] = (int)i;
	}
	for (size_t k = 0; k < ncols; k++)
		if (cols[k].required && idx[k] < 0)
			return lb_fail(e, LB_EINPUT, "file '%s', row 1: missing column '%s'", c->path,
				       cols[k].name);
	c->header_n = c->cur.n;
	return LB_OK;
}

int lb_csv_next_row(lb_csv *c, lb_err *e)
{
	int rc = lb_csv_next(c, e);

	if (rc == LB_CSV_ROW && c->header_n && c->cur.n != c->header_n)
		return lb_fail(e, LB_EINPUT, "file '%s', row %ld: %zu fields, but the header has %zu",
			       c->path, c->rowno, c->cur.n, c->header_n);
	return rc;
}
