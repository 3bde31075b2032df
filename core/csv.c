/*
 * csv.c — a pull reader with its own small tokenizer. See csv.h.
 *
 * The tokenizer is a four-state machine (field start, unquoted, quoted,
 * just after a quote inside a quoted field). It used to be libcsv's
 * strict mode, which refuses a double quote inside an unquoted field;
 * Kemendagri's region list writes Madurese names such as Soka"an that
 * way, so here such a quote is part of the field (the documented rule),
 * while text after a closing quote ("a"b) stays an error because it
 * usually means a broken export. Completed fields are kept in a queue
 * (offsets into one byte buffer) and handed out one row at a time; when
 * the queue is empty the buffer is compacted, keeping only the row still
 * being parsed, and another chunk is fed.
 */
#include "csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

#define CHUNK 65536

struct row {
	size_t first, n;
};

enum { S_START, S_PLAIN, S_QUOTED, S_QUOTE };

struct lb_csv {
	FILE *f;
	char *path;
	char delim;       /* 0 until detected from the header line */
	int state;
	int after_cr;     /* the last byte was a CR: a following LF is the same line end */
	int row_open;     /* a field of the current row has started */
	int bad_quote;    /* text after a closing quote */
	long bad_text;    /* the first row with a cell neither UTF-8 nor Windows-1252 */
	int converted;    /* a cell was converted from Windows-1252 */
	long max_field;   /* bytes, 0: no limit */
	char *fb;         /* the field being read */
	size_t flen, fcap;
	size_t fkeep;     /* flen up to the last byte that is not trailing space */
	iconv_t cd;
	char *data;
	size_t dlen, dcap;
	size_t *foff;
	size_t nf, fcap2;
	struct row *rows;
	size_t nrows, rcap, rpos;
	size_t cur_first; /* first field of the row being parsed */
	struct row cur;   /* the row handed out last */
	long rowno;       /* number of the row handed out last */
	int eof, first_chunk, oom;
	char buf[CHUNK];
};

/* The row being parsed, as a spreadsheet numbers it. */
static long parsing_row(const lb_csv *c)
{
	return c->rowno + (long)(c->nrows - c->rpos) + 1;
}

/* Windows-1252 bytes that have no character (iconv refuses them). */
static int convert_1252(lb_csv *c, const char *s, size_t len, char **out, size_t *outlen)
{
	size_t cap = len * 3 + 1, in_left = len, out_left;
	char *in = (char *)s, *o, *res;

	if (c->cd == (iconv_t)-1 && (c->cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1)
		return -1;
	if (!(res = malloc(cap)))
		return -2;
	o = res;
	out_left = cap;
	iconv(c->cd, NULL, NULL, NULL, NULL);
	if (iconv(c->cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
		free(res);
		return -1;
	}
	*out = res;
	*outlen = cap - out_left;
	return 0;
}

static void on_field(lb_csv *c, const char *s, size_t len)
{
	char *conv = NULL;

	if (c->oom)
		return;
	/* A cell that is not UTF-8 is read as Windows-1252, what Excel's
	 * plain "CSV" saves on an Indonesian Windows: UTF-8 text with
	 * accents almost never happens to be valid Windows-1252 text and
	 * the other way round, so the guess is safe cell by cell. */
	if (!lb_utf8_valid(s, len)) {
		int r = convert_1252(c, s, len, &conv, &len);
		if (r == -2) {
			c->oom = 1;
			return;
		}
		if (r) {
			if (!c->bad_text)
				c->bad_text = parsing_row(c);
			len = 0;
		} else {
			c->converted = 1;
			s = conv;
		}
	}
	if (c->dlen + len + 1 > c->dcap) {
		size_t cap = c->dcap ? c->dcap : 4096;
		char *p;
		while (cap < c->dlen + len + 1)
			cap *= 2;
		if (!(p = realloc(c->data, cap))) {
			c->oom = 1;
			free(conv);
			return;
		}
		c->data = p;
		c->dcap = cap;
	}
	if (c->nf == c->fcap2) {
		size_t cap = c->fcap2 ? c->fcap2 * 2 : 256;
		size_t *p = realloc(c->foff, cap * sizeof *p);
		if (!p) {
			c->oom = 1;
			free(conv);
			return;
		}
		c->foff = p;
		c->fcap2 = cap;
	}
	c->foff[c->nf++] = c->dlen;
	if (len)
		memcpy(c->data + c->dlen, s, len);
	c->data[c->dlen + len] = '\0';
	c->dlen += len + 1;
	free(conv);
}

static void on_row(lb_csv *c)
{
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
	c->cd = (iconv_t)-1;
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
	c->first_chunk = 1;
	*out = c;
	return LB_OK;
}

void lb_csv_set_delimiter(lb_csv *c, char delim)
{
	c->delim = delim;
}

void lb_csv_set_max_field(lb_csv *c, long max)
{
	c->max_field = max;
}

char lb_csv_delimiter(const lb_csv *c)
{
	return c->delim ? c->delim : ',';
}

int lb_csv_converted(const lb_csv *c)
{
	return c->converted;
}

void lb_csv_close(lb_csv *c)
{
	if (!c)
		return;
	if (c->f && c->f != stdin)
		fclose(c->f);
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c->fb);
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

/* The header decides the delimiter: whichever of comma, semicolon and
 * tab occurs most often outside quotes in the first line (Excel on an
 * Indonesian Windows saves "CSV" with semicolons, because the comma is
 * the decimal sign there). A tie, or none, is a comma. */
static char detect(const char *s, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0;
	int q = 0;

	for (size_t i = 0; i < n && (q || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && s[i] == ',')
			comma++;
		else if (!q && s[i] == ';')
			semi++;
		else if (!q && s[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

/* Append n bytes to the field being read. */
static int put_run(lb_csv *c, const char *s, size_t n)
{
	if (c->flen + n + 1 > c->fcap) {
		size_t cap = c->fcap ? c->fcap : 256;
		char *p;
		while (cap < c->flen + n + 1)
			cap *= 2;
		if (!(p = realloc(c->fb, cap))) {
			c->oom = 1;
			return -1;
		}
		c->fb = p;
		c->fcap = cap;
	}
	memcpy(c->fb + c->flen, s, n);
	c->flen += n;
	return 0;
}

static int put(lb_csv *c, char ch)
{
	return put_run(c, &ch, 1);
}

static int is_space(const lb_csv *c, char ch)
{
	return ch == ' ' || (ch == '\t' && c->delim != '\t');
}

static void end_field(lb_csv *c)
{
	/* Spaces around an unquoted field are not part of it (the way
	 * libcsv read them before): keep up to the last other byte. */
	on_field(c, c->fb ? c->fb : "", c->fkeep);
	c->flen = c->fkeep = 0;
	c->row_open = 1;
	c->state = S_START;
}

static void end_line(lb_csv *c)
{
	if (c->row_open || c->state != S_START) {
		end_field(c);
		on_row(c);
	}
	c->row_open = 0;
	c->state = S_START;
}

/* Feed n bytes to the state machine. A blank line is no row. */
static void tokenize(lb_csv *c, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !c->oom && !c->bad_quote; i++) {
		char ch = s[i];
		int cr = c->after_cr;

		c->after_cr = 0;
		switch (c->state) {
		case S_START:
		case S_PLAIN:
			if (ch == c->delim) {
				end_field(c);
			} else if (ch == '\n' || ch == '\r') {
				c->after_cr = ch == '\r';
				if (!(ch == '\n' && cr && !c->row_open && c->state == S_START))
					end_line(c);
			} else if (c->state == S_START && ch == '"') {
				c->state = S_QUOTED;
				c->flen = c->fkeep = 0;
			} else if (c->state == S_START && is_space(c, ch)) {
				/* leading space: skipped */
			} else {
				/* The run of ordinary bytes up to the next delimiter or
				 * line end, in one copy: most of a file is such runs. */
				size_t j = i;
				while (j < n && s[j] != c->delim && s[j] != '\n' && s[j] != '\r')
					j++;
				c->state = S_PLAIN;
				if (put_run(c, s + i, j - i))
					return;
				for (size_t k = j; k > i; k--)
					if (!is_space(c, s[k - 1])) {
						c->fkeep = c->flen - (j - k);
						break;
					}
				i = j - 1;
			}
			break;
		case S_QUOTED:
			if (ch == '"') {
				c->state = S_QUOTE;
			} else {
				const char *q = memchr(s + i, '"', n - i);
				size_t j = q ? (size_t)(q - s) : n;
				if (put_run(c, s + i, j - i))
					return;
				c->fkeep = c->flen;
				i = j - 1;
			}
			break;
		case S_QUOTE:
			if (ch == '"') {
				if (put(c, ch))
					return;
				c->fkeep = c->flen;
				c->state = S_QUOTED;
			} else if (ch == c->delim) {
				end_field(c);
			} else if (ch == '\n' || ch == '\r') {
				c->after_cr = ch == '\r';
				end_line(c);
			} else if (!is_space(c, ch)) {
				c->bad_quote = 1;
			}
			break;
		}
		if (c->max_field && c->flen > (size_t)c->max_field)
			c->bad_quote = 2;
	}
}

static int parse_error(lb_csv *c, lb_err *e)
{
	long row = parsing_row(c);

	if (c->oom)
		return lb_oom(e);
	if (c->bad_quote == 2)
		return lb_fail(e, LB_EINPUT, "file '%s', row %ld: a cell is longer than %ld bytes",
			       c->path, row, c->max_field);
	return lb_fail(e, LB_EINPUT,
		       "file '%s', row %ld: malformed CSV: text after a closing quote, or a quoted field that never closes",
		       c->path, row);
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
		if (c->state == S_QUOTED)
			return lb_fail(e, LB_EINPUT,
				       "file '%s', row %ld: the file ends inside a quoted field (truncated?)",
				       c->path, parsing_row(c));
		end_line(c);
		return c->oom ? lb_oom(e) : LB_OK;
	}
	if (c->first_chunk) {
		c->first_chunk = 0;
		/* Excel's "CSV UTF-8" starts with a byte order mark. */
		if (n >= 3 && (unsigned char)c->buf[0] == 0xEF && (unsigned char)c->buf[1] == 0xBB &&
		    (unsigned char)c->buf[2] == 0xBF)
			off = 3;
		if (!c->delim)
			c->delim = detect(c->buf + off, n - off);
	}
	tokenize(c, c->buf + off, n - off);
	if (c->oom || c->bad_quote)
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
	if (c->bad_text == c->rowno) {
		return lb_fail(e, LB_EINPUT,
			       "file '%s', row %ld: text that is neither UTF-8 nor Windows-1252: save the file from Excel as \"CSV UTF-8 (Comma delimited)\"",
			       c->path, c->rowno);
	}
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
