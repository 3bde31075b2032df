/*
 * xlsxread.c — the first worksheet of a workbook, streamed. See xlsxread.h.
 *
 * The small parts (workbook, relationships, styles, shared strings) are
 * parsed whole when the file is opened; the sheet is parsed a chunk at a
 * time, each row serialised into a block as it ends, and expat is
 * suspended (XML_StopParser, resumable) when the block is full: not once
 * a row, since each resume costs expat a rescan of what it had parsed.
 */
#include "xlsxread.h"

#include <expat.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "date.h"

/* Bytes of the sheet handed to expat at a time: fewer, larger calls. */
#define CHUNK (256 * 1024)
#define NO_CELL SIZE_MAX
#define NBLOCKS 4
#define BLOCK (256 * 1024)

struct block {
	char *buf;
	size_t len, cap, pos;
};

struct lb_xlsxr {
	zip_t *z;
	char *path;
	long max_cell;
	int date1904;
	/* shared strings: one blob and an offset per string */
	char *ss;
	size_t sslen, sscap;
	size_t *ssoff;
	size_t nss, ssoffcap;
	/* styles: is cell format i a date? */
	unsigned char *xf_date;
	size_t nxf, xfcap;
	int in_xfs, in_numfmts;
	int *date_fmts;
	size_t ndf, dfcap;
	/* workbook */
	char sheet_rid[64], sheet_target[256];
	int have_sheet;
	/* text of the element being read (si, v, t) */
	char *text;
	size_t tlen, tcap;
	int in_si, in_rph, in_t, in_v, in_is;
	/* the sheet */
	zip_file_t *zf;
	XML_Parser p;
	int suspended, final, done;
	long long got, size;
	long rowno, lastrow;
	long col;
	int ctype; /* 's' shared, 'i' inline, 'S' formula string, 'b', 'e', 'n' */
	long cstyle;
	char *data; /* the row's cells */
	size_t dlen, dcap;
	struct cellpos {
		size_t off; /* into data, or NO_CELL */
		uint32_t len; /* bytes, kept so that no copy counts them again */
		int isnum;
	} *cells;
	size_t ncells, cellcap;
	int nonempty;
	/* an error found inside a callback */
	int err;
	char errmsg[LB_ERR_MAX];
	char buf[CHUNK];
	/* the parser thread and the blocks it fills */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv_rows, cv_space;
	int started, ended, cancel, end_rc, sync_ready;
	lb_err end_err;
	struct block blocks[NBLOCKS];
	struct block *fill; /* the block the parser thread is filling */
	int head, tail, count;
	/* the caller's current row */
	struct cellpos *out_cells;
	size_t out_n, out_cellcap;
	char *out_data;
	size_t out_dlen, out_dcap;
	long out_rowno;
};

/* Element and attribute names without their namespace prefix (x:row). */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static void fail_cb(lb_xlsxr *x, const char *msg)
{
	if (!x->err) {
		x->err = 1;
		snprintf(x->errmsg, sizeof x->errmsg, "%s", msg);
	}
	XML_StopParser(x->p, XML_FALSE);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if (!(q = realloc(*p, c * size)))
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
	lb_xlsxr *x = ud;

	if (!(x->in_v || x->in_t) || x->in_rph)
		return;
	if (x->tlen + (size_t)len > (size_t)x->max_cell) {
		char msg[128];
		snprintf(msg, sizeof msg, "a cell is longer than %ld bytes", x->max_cell);
		fail_cb(x, msg);
		return;
	}
	if (grow((void **)&x->text, &x->tcap, x->tlen + (size_t)len + 1, 1)) {
		fail_cb(x, "out of memory");
		return;
	}
	memcpy(x->text + x->tlen, s, (size_t)len);
	x->tlen += (size_t)len;
	x->text[x->tlen] = '\0';
}

/* A DTD has no place in a workbook; refusing it shuts out entity tricks. */
static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
		       const XML_Char *pubid, int has_internal)
{
	fail_cb(ud, "a DOCTYPE declaration, which no workbook has");
}

static XML_Parser new_parser(lb_xlsxr *x)
{
	XML_Parser p = XML_ParserCreate("UTF-8");

	if (!p)
		return NULL;
	XML_SetUserData(p, x);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	return p;
}

/* Open a part of the archive after checking its sizes against the limits. */
static int open_part(lb_xlsxr *x, const char *name, int required, zip_file_t **zf,
		     long long *size, lb_err *e)
{
	zip_int64_t i = zip_name_locate(x->z, name, 0);
	zip_stat_t st;

	*zf = NULL;
	if (i < 0) {
		if (!required)
			return LB_OK;
		return lb_fail(e, LB_EINPUT, "file '%s' is not an Excel workbook: it has no %s", x->path,
			       name);
	}
	zip_stat_init(&st);
	if (zip_stat_index(x->z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE))
		return lb_fail(e, LB_EINPUT, "file '%s': cannot read the size of %s", x->path, name);
	if ((long long)st.size > LB_XLSX_MAX_ENTRY ||
	    (st.size > (1u << 20) && st.size / LB_XLSX_MAX_RATIO > st.comp_size))
		return lb_fail(e, LB_EINPUT,
			       "file '%s': %s unpacks to %llu bytes from %llu (a zip bomb?): refused, the limits are %d times and %lld bytes",
			       x->path, name, (unsigned long long)st.size,
			       (unsigned long long)st.comp_size, LB_XLSX_MAX_RATIO, LB_XLSX_MAX_ENTRY);
	if (!(*zf = zip_fopen_index(x->z, (zip_uint64_t)i, 0)))
		return lb_fail(e, LB_EINPUT, "file '%s': cannot unpack %s: %s", x->path, name,
			       zip_strerror(x->z));
	*size = (long long)st.size;
	return LB_OK;
}

/* Read n more bytes of a part, never more than its directory said. */
static int read_part(lb_xlsxr *x, zip_file_t *zf, const char *name, long long size, long long *got,
		     size_t *n, lb_err *e)
{
	zip_int64_t r = zip_fread(zf, x->buf, sizeof x->buf);

	if (r < 0)
		return lb_fail(e, LB_EINPUT, "file '%s': %s is damaged: %s", x->path, name,
			       zip_file_strerror(zf));
	*got += r;
	if (*got > size)
		return lb_fail(e, LB_EINPUT, "file '%s': %s is larger than its directory says (a zip bomb?)",
			       x->path, name);
	*n = (size_t)r;
	return LB_OK;
}

static int xml_error(lb_xlsxr *x, XML_Parser p, const char *name, lb_err *e)
{
	if (x->err)
		return lb_fail(e, LB_EINPUT, "file '%s': %s: %s", x->path, name, x->errmsg);
	return lb_fail(e, LB_EINPUT, "file '%s': %s is not well-formed XML (line %lu: %s)", x->path,
		       name, (unsigned long)XML_GetCurrentLineNumber(p),
		       XML_ErrorString(XML_GetErrorCode(p)));
}

/* Parse a whole small part with the handlers given. */
static int parse_part(lb_xlsxr *x, const char *name, int required, XML_StartElementHandler start,
		      XML_EndElementHandler end, lb_err *e)
{
	zip_file_t *zf;
	long long size = 0, got = 0;
	XML_Parser p;
	int rc;

	if ((rc = open_part(x, name, required, &zf, &size, e)) || !zf)
		return rc;
	if (!(p = new_parser(x))) {
		zip_fclose(zf);
		return lb_oom(e);
	}
	x->p = p;
	XML_SetElementHandler(p, start, end);
	for (;;) {
		size_t n;
		if ((rc = read_part(x, zf, name, size, &got, &n, e)))
			break;
		if (XML_Parse(p, x->buf, (int)n, n == 0) != XML_STATUS_OK) {
			rc = xml_error(x, p, name, e);
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(p);
	x->p = NULL;
	zip_fclose(zf);
	return rc;
}

/* ---- workbook and relationships ---- */

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	lb_xlsxr *x = ud;
	const char *n = local(name), *v;

	if (strcmp(n, "workbookPr") == 0 && (v = attr(atts, "date1904")))
		x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
	if (strcmp(n, "sheet") == 0 && !x->have_sheet) {
		for (int i = 0; atts[i]; i += 2)
			if (strchr(atts[i], ':') && strcmp(local(atts[i]), "id") == 0) {
				snprintf(x->sheet_rid, sizeof x->sheet_rid, "%s", atts[i + 1]);
				x->have_sheet = 1;
			}
	}
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	lb_xlsxr *x = ud;
	const char *id, *target;

	if (strcmp(local(name), "Relationship") != 0 || !(id = attr(atts, "Id")) ||
	    !(target = attr(atts, "Target")) || strcmp(id, x->sheet_rid) != 0)
		return;
	if (target[0] == '/')
		snprintf(x->sheet_target, sizeof x->sheet_target, "%s", target + 1);
	else
		snprintf(x->sheet_target, sizeof x->sheet_target, "xl/%s", target);
}

static void no_end(void *ud, const XML_Char *name)
{
}

/* ---- styles: which cell formats are dates ---- */

/* Does a number format code show a date? Day or year letters outside
 * quoted text, brackets ([Red], [$-421]) and escapes. */
static int code_is_date(const char *s)
{
	int q = 0, b = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			continue;
		}
		if (*s == '"')
			q = !q;
		else if (!q && *s == '[')
			b = 1;
		else if (!q && *s == ']')
			b = 0;
		else if (!q && !b && strchr("dDyY", *s))
			return 1;
	}
	return 0;
}

static int builtin_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static int fmt_is_date(const lb_xlsxr *x, long id)
{
	if (builtin_date(id))
		return 1;
	for (size_t i = 0; i < x->ndf; i++)
		if (x->date_fmts[i] == id)
			return 1;
	return 0;
}

static void st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	lb_xlsxr *x = ud;
	const char *n = local(name), *v, *code;

	if (strcmp(n, "cellXfs") == 0)
		x->in_xfs = 1;
	else if (strcmp(n, "numFmt") == 0 && (v = attr(atts, "numFmtId")) &&
		 (code = attr(atts, "formatCode")) && code_is_date(code)) {
		if (grow((void **)&x->date_fmts, &x->dfcap, x->ndf + 1, sizeof *x->date_fmts))
			return fail_cb(x, "out of memory");
		x->date_fmts[x->ndf++] = atoi(v);
	} else if (strcmp(n, "xf") == 0 && x->in_xfs) {
		v = attr(atts, "numFmtId");
		if (x->nxf >= 65536)
			return fail_cb(x, "more than 65536 cell formats");
		if (grow((void **)&x->xf_date, &x->xfcap, x->nxf + 1, 1))
			return fail_cb(x, "out of memory");
		x->xf_date[x->nxf++] = v && fmt_is_date(x, atol(v));
	}
}

static void st_end(void *ud, const XML_Char *name)
{
	lb_xlsxr *x = ud;

	if (strcmp(local(name), "cellXfs") == 0)
		x->in_xfs = 0;
}

/* ---- shared strings ---- */

static void ss_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	lb_xlsxr *x = ud;
	const char *n = local(name);

	if (strcmp(n, "si") == 0) {
		x->in_si = 1;
		x->tlen = 0;
		if (x->text)
			x->text[0] = '\0';
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 1; /* phonetic guide: not part of the text */
	} else if (strcmp(n, "t") == 0 && x->in_si) {
		x->in_t = 1;
	}
}

static void ss_end(void *ud, const XML_Char *name)
{
	lb_xlsxr *x = ud;
	const char *n = local(name);

	if (strcmp(n, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(n, "si") == 0) {
		x->in_si = 0;
		if ((long long)(x->sslen + x->tlen + 1) > LB_XLSX_MAX_STRINGS) {
			char msg[128];
			snprintf(msg, sizeof msg, "the shared strings pass the limit of %lld bytes",
				 (long long)LB_XLSX_MAX_STRINGS);
			return fail_cb(x, msg);
		}
		if (grow((void **)&x->ss, &x->sscap, x->sslen + x->tlen + 1, 1) ||
		    grow((void **)&x->ssoff, &x->ssoffcap, x->nss + 1, sizeof *x->ssoff))
			return fail_cb(x, "out of memory");
		x->ssoff[x->nss++] = x->sslen;
		if (x->tlen)
			memcpy(x->ss + x->sslen, x->text, x->tlen);
		x->ss[x->sslen + x->tlen] = '\0';
		x->sslen += x->tlen + 1;
		x->tlen = 0;
	}
}

/* ---- the sheet ---- */

static void clear_row(lb_xlsxr *x)
{
	x->dlen = 0;
	x->ncells = 0;
	x->nonempty = 0;
	x->col = -1;
}

/* "C7" → 2; -1 when there are no letters. */
static long col_of(const char *ref)
{
	long c = 0;
	int n = 0;

	for (; *ref >= 'A' && *ref <= 'Z' && n < 4; ref++, n++)
		c = c * 26 + (*ref - 'A' + 1);
	return n && n < 4 ? c - 1 : -1;
}

/* The sheet's elements, told apart cheaply: the handlers run a few
 * times per cell of a million-row sheet. */
enum { E_OTHER, E_ROW, E_C, E_V, E_IS, E_T, E_RPH, E_SHEETDATA };

static int elem(const char *n)
{
	/* The common case first: c, v and t without a prefix. */
	if (n[0] && !n[1])
		return n[0] == 'c' ? E_C : n[0] == 'v' ? E_V : n[0] == 't' ? E_T : E_OTHER;
	for (int i = 0; n[i] && i < 16; i++)
		if (n[i] == ':') {
			n += i + 1;
			break;
		}
	switch (n[0]) {
	case 'c':
		return n[1] ? E_OTHER : E_C;
	case 'v':
		return n[1] ? E_OTHER : E_V;
	case 't':
		return n[1] ? E_OTHER : E_T;
	case 'r':
		return strcmp(n, "row") == 0 ? E_ROW : strcmp(n, "rPh") == 0 ? E_RPH : E_OTHER;
	case 'i':
		return strcmp(n, "is") == 0 ? E_IS : E_OTHER;
	case 's':
		return strcmp(n, "sheetData") == 0 ? E_SHEETDATA : E_OTHER;
	}
	return E_OTHER;
}

static void sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	lb_xlsxr *x = ud;
	const char *v, *r = NULL, *t = NULL, *st = NULL;

	switch (elem(name)) {
	case E_ROW:
		clear_row(x);
		v = attr(atts, "r");
		x->rowno = v ? atol(v) : x->lastrow + 1;
		if (x->rowno <= x->lastrow || x->rowno > 1048576)
			return fail_cb(x, "row numbers out of order");
		break;
	case E_C:
		/* One pass over the attributes: r, t and s. */
		for (int i = 0; atts[i]; i += 2) {
			const char *an = atts[i];
			if (an[0] && an[1] == '\0') {
				if (an[0] == 'r')
					r = atts[i + 1];
				else if (an[0] == 't')
					t = atts[i + 1];
				else if (an[0] == 's')
					st = atts[i + 1];
			} else if (strchr(an, ':')) {
				const char *l = local(an);
				if (strcmp(l, "r") == 0)
					r = atts[i + 1];
				else if (strcmp(l, "t") == 0)
					t = atts[i + 1];
				else if (strcmp(l, "s") == 0)
					st = atts[i + 1];
			}
		}
		x->col = r ? col_of(r) : x->col + 1;
		if (x->col < 0 || x->col >= LB_XLSX_MAX_COLS)
			return fail_cb(x, "a cell reference out of range");
		x->ctype = !t ? 'n' : strcmp(t, "s") == 0 ? 's' : strcmp(t, "inlineStr") == 0 ? 'i' :
			   strcmp(t, "str") == 0 ? 'S' : strcmp(t, "b") == 0 ? 'b' :
			   strcmp(t, "e") == 0 ? 'e' : 'n';
		x->cstyle = st ? atol(st) : 0;
		x->tlen = 0;
		if (x->text)
			x->text[0] = '\0';
		break;
	case E_V:
		x->in_v = 1;
		break;
	case E_IS:
		x->in_is = 1;
		break;
	case E_RPH:
		x->in_rph = 1;
		break;
	case E_T:
		if (x->in_is)
			x->in_t = 1;
		break;
	}
}

static void put_cell_n(lb_xlsxr *x, const char *s, size_t len, int isnum)
{
	size_t c = (size_t)x->col;

	if (grow((void **)&x->cells, &x->cellcap, c + 1, sizeof *x->cells) ||
	    grow((void **)&x->data, &x->dcap, x->dlen + len + 1, 1))
		return fail_cb(x, "out of memory");
	while (x->ncells <= c)
		x->cells[x->ncells++] = (struct cellpos){ NO_CELL, 0, 0 };
	x->cells[c].off = x->dlen;
	x->cells[c].len = (uint32_t)len;
	x->cells[c].isnum = isnum;
	memcpy(x->data + x->dlen, s, len);
	x->data[x->dlen + len] = '\0';
	x->dlen += len + 1;
	if (len)
		x->nonempty = 1;
}

static void put_cell(lb_xlsxr *x, const char *s, int isnum)
{
	put_cell_n(x, s, strlen(s), isnum);
}

/* Is s a plain decimal number (what <v> holds for a numeric cell)? */
static int numeric(const char *s, double *v)
{
	char *end;

	if (!*s)
		return 0;
	*v = strtod(s, &end);
	return *end == '\0';
}

static void end_cell(lb_xlsxr *x)
{
	const char *t = x->text ? x->text : "";
	char date[11];
	double v;

	switch (x->ctype) {
	case 's': {
		char *end;
		unsigned long i = strtoul(t, &end, 10);
		if (!*t || *end || i >= x->nss)
			return fail_cb(x, "a shared string that does not exist");
		/* Strings lie end to end, each with its NUL: the length is
		 * the gap to the next one. */
		put_cell_n(x, x->ss + x->ssoff[i],
			   (i + 1 < x->nss ? x->ssoff[i + 1] : x->sslen) - x->ssoff[i] - 1, 0);
		break;
	}
	case 'b':
		put_cell(x, strcmp(t, "1") == 0 ? "TRUE" : "FALSE", 0);
		break;
	case 'n':
		if (x->cstyle >= 0 && (size_t)x->cstyle < x->nxf && x->xf_date[x->cstyle] &&
		    numeric(t, &v) && lb_xlsxr_serial_date(v, x->date1904, date)) {
			put_cell(x, date, 0);
			break;
		}
		put_cell(x, t, *t != '\0');
		break;
	default:
		put_cell_n(x, t, x->tlen, 0);
	}
	x->tlen = 0;
	if (x->text)
		x->text[0] = '\0';
}

struct block;
static int serialise_row(const lb_xlsxr *x, struct block *b);

static void sh_end(void *ud, const XML_Char *name)
{
	lb_xlsxr *x = ud;

	if (x->err)
		return;
	switch (elem(name)) {
	case E_V:
		x->in_v = 0;
		break;
	case E_T:
		x->in_t = 0;
		break;
	case E_RPH:
		x->in_rph = 0;
		break;
	case E_IS:
		x->in_is = 0;
		break;
	case E_C:
		end_cell(x);
		break;
	case E_ROW:
		x->lastrow = x->rowno;
		if (!x->nonempty)
			break;
		if (serialise_row(x, x->fill))
			return fail_cb(x, "out of memory");
		if (x->fill->len >= BLOCK)
			XML_StopParser(x->p, XML_TRUE); /* a block out; resumed by the parser thread */
		break;
	case E_SHEETDATA:
		x->done = 1; /* what follows (merged cells, print setup) is not data */
		break;
	}
}

int lb_xlsxr_serial_date(double serial, int date1904, char out[11])
{
	lb_day day;

	if (lb_date_from_serial(serial, date1904, &day))
		return 0;
	lb_date_format(day, out);
	return 1;
}

/* ---- opening and reading ---- */

int lb_xlsxr_open(const char *path, long max_cell, lb_xlsxr **out, lb_err *e)
{
	lb_xlsxr *x;
	int zerr = 0, rc;
	FILE *f;
	long long size = -1;

	*out = NULL;
	if ((f = fopen(path, "rb"))) {
		if (fseek(f, 0, SEEK_END) == 0)
			size = ftell(f);
		fclose(f);
	}
	if (size > LB_XLSX_MAX_FILE)
		return lb_fail(e, LB_EINPUT, "file '%s' is larger than %lld bytes: split it", path,
			       (long long)LB_XLSX_MAX_FILE);
	if (!(x = calloc(1, sizeof *x)))
		return lb_oom(e);
	x->max_cell = max_cell;
	if (pthread_mutex_init(&x->mu, NULL) != 0 || pthread_cond_init(&x->cv_rows, NULL) != 0 ||
	    pthread_cond_init(&x->cv_space, NULL) != 0) {
		free(x);
		return lb_fail(e, LB_ESYS, "cannot set up reading '%s'", path);
	}
	x->sync_ready = 1;
	if (!(x->path = strdup(path))) {
		free(x);
		return lb_oom(e);
	}
	if (!(x->z = zip_open(path, ZIP_RDONLY, &zerr))) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		rc = lb_fail(e, LB_EINPUT, "file '%s' is not a readable Excel workbook (.xlsx): %s", path,
			     zip_error_strerror(&ze));
		zip_error_fini(&ze);
		lb_xlsxr_close(x);
		return rc;
	}
	if ((rc = parse_part(x, "xl/workbook.xml", 1, wb_start, no_end, e)))
		goto fail;
	if (!x->have_sheet) {
		rc = lb_fail(e, LB_EINPUT, "file '%s': the workbook has no sheet", path);
		goto fail;
	}
	if ((rc = parse_part(x, "xl/_rels/workbook.xml.rels", 1, rels_start, no_end, e)))
		goto fail;
	if (!x->sheet_target[0]) {
		rc = lb_fail(e, LB_EINPUT, "file '%s': the workbook does not say where its first sheet is",
			     path);
		goto fail;
	}
	if ((rc = parse_part(x, "xl/styles.xml", 0, st_start, st_end, e)) ||
	    (rc = parse_part(x, "xl/sharedStrings.xml", 0, ss_start, ss_end, e)) ||
	    (rc = open_part(x, x->sheet_target, 1, &x->zf, &x->size, e)))
		goto fail;
	if (!(x->p = new_parser(x))) {
		rc = lb_oom(e);
		goto fail;
	}
	XML_SetElementHandler(x->p, sh_start, sh_end);
	*out = x;
	return LB_OK;
fail:
	lb_xlsxr_close(x);
	return rc;
}

void lb_xlsxr_close(lb_xlsxr *x)
{
	if (!x)
		return;
	if (x->started) {
		pthread_mutex_lock(&x->mu);
		x->cancel = 1;
		pthread_cond_broadcast(&x->cv_space);
		pthread_mutex_unlock(&x->mu);
		pthread_join(x->thread, NULL);
	}
	if (x->sync_ready) {
		pthread_mutex_destroy(&x->mu);
		pthread_cond_destroy(&x->cv_rows);
		pthread_cond_destroy(&x->cv_space);
	}
	for (int i = 0; i < NBLOCKS; i++)
		free(x->blocks[i].buf);
	free(x->out_cells);
	free(x->out_data);
	if (x->p)
		XML_ParserFree(x->p);
	if (x->zf)
		zip_fclose(x->zf);
	if (x->z)
		zip_discard(x->z);
	free(x->ss);
	free(x->ssoff);
	free(x->xf_date);
	free(x->date_fmts);
	free(x->text);
	free(x->data);
	free(x->cells);
	free(x->path);
	free(x);
}

/* The parser's side: rows into the block x->fill until it is full
 * (LB_XLSXR_ROW), the sheet ends (LB_XLSXR_EOF) or an error. */
static int parse_next(lb_xlsxr *x, lb_err *e)
{
	for (;;) {
		enum XML_Status st;
		size_t n = 0;
		int rc;

		if (x->suspended) {
			x->suspended = 0;
			st = XML_ResumeParser(x->p);
		} else {
			if (x->done || x->final)
				return LB_XLSXR_EOF;
			if ((rc = read_part(x, x->zf, x->sheet_target, x->size, &x->got, &n, e)))
				return rc;
			x->final = n == 0;
			st = XML_Parse(x->p, x->buf, (int)n, x->final);
		}
		if (st == XML_STATUS_ERROR) {
			if (x->err)
				return lb_fail(e, LB_EINPUT, "file '%s', row %ld: %s", x->path,
					       x->rowno, x->errmsg);
			return xml_error(x, x->p, x->sheet_target, e);
		}
		if (st == XML_STATUS_SUSPENDED) {
			x->suspended = 1;
			return LB_XLSXR_ROW;
		}
	}
}

/* ---- two threads: parsing, and the import using the rows ----
 *
 * Inflating and parsing the sheet costs about as much as checking and
 * inserting its rows, so a second thread parses ahead while the caller
 * works: rows travel, serialised, in NBLOCKS blocks of about BLOCK bytes
 * (memory stays bounded). The parser thread touches only the zip, expat
 * and the x->cells/x->data of the row it builds; the caller only the
 * blocks it was handed and the out_* copy of its current row. An error
 * travels after the rows before it, so the caller sees rows and error
 * in file order. */

static int block_put(struct block *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : BLOCK + 4096;
		char *q;
		while (cap < b->len + n)
			cap *= 2;
		if (!(q = realloc(b->buf, cap)))
			return -1;
		b->buf = q;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	return 0;
}

/* Row: rowno, cell count, then per cell isnum, length (NO_LEN: none), bytes. */
#define NO_LEN 0xFFFFFFFFu

static int serialise_row(const lb_xlsxr *x, struct block *b)
{
	uint32_t n = (uint32_t)x->ncells;

	if (block_put(b, &x->rowno, sizeof x->rowno) || block_put(b, &n, sizeof n))
		return -1;
	for (size_t i = 0; i < x->ncells; i++) {
		unsigned char num = (unsigned char)x->cells[i].isnum;
		uint32_t len = x->cells[i].off == NO_CELL ? NO_LEN : x->cells[i].len;
		if (block_put(b, &num, 1) || block_put(b, &len, sizeof len) ||
		    (len != NO_LEN && block_put(b, x->data + x->cells[i].off, len)))
			return -1;
	}
	return 0;
}

static void *parser_thread(void *arg)
{
	lb_xlsxr *x = arg;
	lb_err e;
	int rc;

	lb_err_clear(&e);
	pthread_mutex_lock(&x->mu);
	for (;;) {
		struct block *b;
		/* Wait for a free block to fill. */
		while (x->count == NBLOCKS && !x->cancel)
			pthread_cond_wait(&x->cv_space, &x->mu);
		if (x->cancel)
			break;
		b = &x->blocks[x->tail];
		pthread_mutex_unlock(&x->mu);
		b->len = b->pos = 0;
		x->fill = b;
		rc = parse_next(x, &e);
		pthread_mutex_lock(&x->mu);
		if (b->len) {
			x->tail = (x->tail + 1) % NBLOCKS;
			x->count++;
		}
		if (rc != LB_XLSXR_ROW) {
			x->end_rc = rc;
			x->end_err = e;
			x->ended = 1;
			pthread_cond_signal(&x->cv_rows);
			break;
		}
		pthread_cond_signal(&x->cv_rows);
	}
	pthread_mutex_unlock(&x->mu);
	return NULL;
}

static void take(const char **p, void *out, size_t n)
{
	memcpy(out, *p, n);
	*p += n;
}

/* The caller's side: the next row out of the blocks, into out_*. */
int lb_xlsxr_next(lb_xlsxr *x, lb_err *e)
{
	struct block *b;
	const char *p;
	uint32_t n;

	if (!x->started) {
		if (pthread_create(&x->thread, NULL, parser_thread, x) != 0)
			return lb_fail(e, LB_ESYS, "file '%s': cannot start a thread to read it", x->path);
		x->started = 1;
	}
	pthread_mutex_lock(&x->mu);
	for (;;) {
		if (x->count) {
			b = &x->blocks[x->head];
			if (b->pos < b->len)
				break;
			/* This block is read: give it back to the parser. */
			x->head = (x->head + 1) % NBLOCKS;
			x->count--;
			pthread_cond_signal(&x->cv_space);
			continue;
		}
		if (x->ended) {
			int rc = x->end_rc;
			if (rc != LB_XLSXR_EOF && e)
				*e = x->end_err;
			pthread_mutex_unlock(&x->mu);
			return rc;
		}
		pthread_cond_wait(&x->cv_rows, &x->mu);
	}
	pthread_mutex_unlock(&x->mu);
	/* The block at head is ours until we give it back. */
	p = b->buf + b->pos;
	take(&p, &x->out_rowno, sizeof x->out_rowno);
	take(&p, &n, sizeof n);
	x->out_dlen = 0;
	x->out_n = 0;
	if (grow((void **)&x->out_cells, &x->out_cellcap, (size_t)n + 1, sizeof *x->out_cells))
		return lb_oom(e);
	for (uint32_t i = 0; i < n; i++) {
		unsigned char num;
		uint32_t len;
		take(&p, &num, 1);
		take(&p, &len, sizeof len);
		if (len == NO_LEN) {
			x->out_cells[i] = (struct cellpos){ NO_CELL, 0, 0 };
			continue;
		}
		if (grow((void **)&x->out_data, &x->out_dcap, x->out_dlen + len + 1, 1))
			return lb_oom(e);
		x->out_cells[i] = (struct cellpos){ x->out_dlen, len, num };
		take(&p, x->out_data + x->out_dlen, len);
		x->out_data[x->out_dlen + len] = '\0';
		x->out_dlen += len + 1;
	}
	x->out_n = n;
	b->pos = (size_t)(p - b->buf);
	return LB_XLSXR_ROW;
}

size_t lb_xlsxr_nfields(const lb_xlsxr *x)
{
	return x->out_n;
}

const char *lb_xlsxr_field(const lb_xlsxr *x, size_t i)
{
	if (i >= x->out_n || x->out_cells[i].off == NO_CELL)
		return "";
	return x->out_data + x->out_cells[i].off;
}

int lb_xlsxr_is_number(const lb_xlsxr *x, size_t i)
{
	return i < x->out_n && x->out_cells[i].off != NO_CELL && x->out_cells[i].isnum;
}

long lb_xlsxr_row(const lb_xlsxr *x)
{
	return x->out_rowno;
}
