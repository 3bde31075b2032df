/*
 * xlsx.c — Excel workbooks on top of libxlsxwriter. See xlsx.h.
 *
 * libxlsxwriter writes the file only in workbook_close, by name. For a
 * file sink that name is the sink's own temporary file next to the target
 * (core/file.h renames it into place); for a buffer or a descriptor it is
 * a private temporary file (0600) in $TMPDIR, unlinked as soon as the
 * workbook is written and copied into the sink from its descriptor.
 */
#include "xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/date.h"

#define MAX_TEXT 32767         /* Excel's limit for a cell, in characters */
#define MAX_EXACT 999999999999999LL /* 15 digits: Excel's precision */

struct lb_xlsx_sheet {
	lb_xlsx *x;
	lxw_worksheet *ws;
	char *name;
	int header_row, header_cols; /* header_row -1: no header */
	int last_row;
	int data_last;               /* last row the filter covers; -1: up to last_row */
};

struct lb_xlsx {
	lxw_workbook *wb;
	char *path;          /* FILE sinks: our copy of the name */
	struct lb_sink sink;
	lb_sink_w w;         /* FILE sinks: the temporary file libxlsxwriter writes */
	char *tmp;           /* other sinks: the private temporary file... */
	int fd;              /* ... kept open to read it back */
	lxw_format *bold, *rupiah;
	lxw_format *day, *percent, *qty;
	lb_xlsx_sheet **sheets;
	size_t nsheets, capsheets;
	lb_buf scratch;
};


static int valid_utf8(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long cp;
	size_t len, i;

	while (*s) {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if (*s >= 0xC2 && *s <= 0xDF)
			len = 2, cp = *s & 0x1F;
		else if (*s >= 0xE0 && *s <= 0xEF)
			len = 3, cp = *s & 0x0F;
		else if (*s >= 0xF0 && *s <= 0xF4)
			len = 4, cp = *s & 0x07;
		else
			return 0;
		for (i = 1; i < len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return 0;
		s += len;
	}
	return 1;
}

/* Characters in valid UTF-8: the bytes that do not continue one. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* "C5" for row 4, column 2. */
static void cell_name(char *out, size_t n, int row, int col)
{
	char letters[8];
	int i = (int)sizeof letters - 1;

	letters[i] = '\0';
	col++;
	while (col > 0 && i > 0) {
		letters[--i] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	snprintf(out, n, "%s%d", letters + i, row + 1);
}

static int check_cell(lb_xlsx_sheet *s, int row, int col, lb_err *e)
{
	if (row < 0 || row >= LXW_ROW_MAX || col < 0 || col >= LXW_COL_MAX)
		return lb_fail(e, LB_EINPUT,
			       "cannot write row %d column %d on sheet '%s': outside Excel's %d rows and %d columns",
			       row, col, s->name, LXW_ROW_MAX, LXW_COL_MAX);
	return LB_OK;
}

static int cell_fail(lb_xlsx_sheet *s, int row, int col, int code, const char *why, lb_err *e)
{
	char cell[24];

	cell_name(cell, sizeof cell, row, col);
	return lb_fail(e, code, "cannot write cell %s on sheet '%s': %s", cell, s->name, why);
}

static void wrote(lb_xlsx_sheet *s, int row)
{
	if (row > s->last_row)
		s->last_row = row;
}

/* Formula injection: Excel, LibreOffice and Sheets treat a typed or
 * imported value starting with one of these as a formula. A string cell is
 * never evaluated as it is stored, but it is once someone edits it, saves
 * the sheet as CSV or pastes it; the apostrophe keeps it text there too.
 * A lone "-" (a common placeholder) or "=" cannot be a formula. */
static int needs_quote(const char *s)
{
	return s[0] && s[1] && strchr("=+-@\t\r", s[0]);
}

static int put_text(lb_xlsx_sheet *s, int row, int col, const char *utf8,
		    lxw_format *fmt, lb_err *e)
{
	lb_xlsx *x = s->x;
	lxw_error err;
	const char *str = utf8;

	if (check_cell(s, row, col, e))
		return LB_EINPUT;
	if (!utf8)
		return LB_OK;
	/* the text itself is never quoted in messages: it may be a NIK */
	if (!valid_utf8(utf8))
		return cell_fail(s, row, col, LB_EINPUT, "the text is not valid UTF-8", e);
	if (chars(utf8) > MAX_TEXT)
		return cell_fail(s, row, col, LB_EINPUT, "the text is longer than Excel's 32767 characters", e);
	if (needs_quote(utf8)) {
		lb_buf_reset(&x->scratch);
		if (lb_buf_addc(&x->scratch, '\'', e) || lb_buf_adds(&x->scratch, utf8, e))
			return LB_ESYS;
		str = x->scratch.data;
	}
	err = worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)col, str, fmt);
	if (err)
		return cell_fail(s, row, col, LB_ESYS, lxw_strerror(err), e);
	wrote(s, row);
	return LB_OK;
}

int lb_xlsx_text(lb_xlsx_sheet *s, int row, int col, const char *utf8, lb_err *e)
{
	return put_text(s, row, col, utf8, NULL, e);
}

int lb_xlsx_text_bold(lb_xlsx_sheet *s, int row, int col, const char *utf8, lb_err *e)
{
	return put_text(s, row, col, utf8, s->x->bold, e);
}

static int put_number(lb_xlsx_sheet *s, int row, int col, int64_t v, lxw_format *fmt,
		      lb_err *e)
{
	lxw_error err;

	if (check_cell(s, row, col, e))
		return LB_EINPUT;
	/* Excel keeps 15 significant digits; more would be silently rounded */
	if (v > MAX_EXACT || v < -MAX_EXACT)
		return cell_fail(s, row, col, LB_EINPUT,
				 "the number has more than the 15 digits Excel keeps; write it as text", e);
	err = worksheet_write_number(s->ws, (lxw_row_t)row, (lxw_col_t)col, (double)v, fmt);
	if (err)
		return cell_fail(s, row, col, LB_ESYS, lxw_strerror(err), e);
	wrote(s, row);
	return LB_OK;
}

int lb_xlsx_int(lb_xlsx_sheet *s, int row, int col, int64_t v, lb_err *e)
{
	return put_number(s, row, col, v, NULL, e);
}

int lb_xlsx_rupiah(lb_xlsx_sheet *s, int row, int col, int64_t rupiah, lb_err *e)
{
	return put_number(s, row, col, rupiah, s->x->rupiah, e);
}

int lb_xlsx_qty(lb_xlsx_sheet *s, int row, int col, int64_t v, lb_err *e)
{
	return put_number(s, row, col, v, s->x->qty, e);
}

int lb_xlsx_percent(lb_xlsx_sheet *s, int row, int col, int64_t bp, lb_err *e)
{
	lxw_error err;

	if (check_cell(s, row, col, e))
		return LB_EINPUT;
	err = worksheet_write_number(s->ws, (lxw_row_t)row, (lxw_col_t)col, (double)bp / 10000.0, s->x->percent);
	if (err)
		return cell_fail(s, row, col, LB_ESYS, lxw_strerror(err), e);
	wrote(s, row);
	return LB_OK;
}

int lb_xlsx_day(lb_xlsx_sheet *s, int row, int col, int year, int month, int day, lb_err *e)
{
	lxw_datetime dt = { year, month, day, 0, 0, 0 };
	lxw_error err;
	char why[64];

	if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
		snprintf(why, sizeof why, "%04d-%02d-%02d is not a date", year, month, day);
		return cell_fail(s, row, col, LB_EINPUT, why, e);
	}
	if (check_cell(s, row, col, e))
		return LB_EINPUT;
	err = worksheet_write_datetime(s->ws, (lxw_row_t)row, (lxw_col_t)col, &dt, s->x->day);
	if (err)
		return cell_fail(s, row, col, LB_ESYS, lxw_strerror(err), e);
	wrote(s, row);
	return LB_OK;
}

void lb_xlsx_data_end(lb_xlsx_sheet *s, int row)
{
	if (s->data_last < 0)
		s->data_last = row;
}

int lb_xlsx_date(lb_xlsx_sheet *s, int row, int col, int year, int month, int day,
		 lb_err *e)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	char text[32], why[64];
	int leap, max;

	if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) {
		snprintf(why, sizeof why, "%04d-%02d-%02d is not a date", year, month, day);
		return cell_fail(s, row, col, LB_EINPUT, why, e);
	}
	leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	max = mdays[month - 1] + (month == 2 && leap);
	if (day > max) {
		snprintf(why, sizeof why, "%04d-%02d-%02d is not a date", year, month, day);
		return cell_fail(s, row, col, LB_EINPUT, why, e);
	}
	snprintf(text, sizeof text, "%d %s %d", day, lb_month_name_id(month), year);
	return put_text(s, row, col, text, NULL, e);
}

int lb_xlsx_col_width(lb_xlsx_sheet *s, int first, int last, double width, lb_err *e)
{
	lxw_error err;

	if (first < 0 || last < first || last >= LXW_COL_MAX)
		return lb_fail(e, LB_EINPUT, "cannot set the width of columns %d..%d on sheet '%s'",
			       first, last, s->name);
	if (!isfinite(width) || width < 0 || width > 255)
		return lb_fail(e, LB_EINPUT, "cannot set columns on sheet '%s' to width %g: expected 0..255",
			       s->name, width);
	err = worksheet_set_column(s->ws, (lxw_col_t)first, (lxw_col_t)last, width, NULL);
	if (err)
		return lb_fail(e, LB_ESYS, "cannot set the width of columns on sheet '%s': %s",
			       s->name, lxw_strerror(err));
	return LB_OK;
}

int lb_xlsx_header(lb_xlsx_sheet *s, int row, const char *const *titles, int n,
		   lb_err *e)
{
	int c, rc;

	if (n < 1 || n > LXW_COL_MAX || !titles)
		return lb_fail(e, LB_EINPUT, "a header on sheet '%s' needs 1..%d titles, not %d",
			       s->name, LXW_COL_MAX, n);
	if (s->header_row >= 0)
		return lb_fail(e, LB_EINPUT, "sheet '%s' already has a header in row %d",
			       s->name, s->header_row + 1);
	for (c = 0; c < n; c++)
		if ((rc = put_text(s, row, c, titles[c], s->x->bold, e)))
			return rc;
	worksheet_freeze_panes(s->ws, (lxw_row_t)(row + 1), 0);
	/* printed as offices print: A4, as wide as the page, the header
	 * row repeated on every page */
	worksheet_set_paper(s->ws, 9);
	worksheet_fit_to_pages(s->ws, 1, 0);
	if (worksheet_repeat_rows(s->ws, (lxw_row_t)row, (lxw_row_t)row) != LXW_NO_ERROR)
		return lb_fail(e, LB_ESYS, "cannot repeat the header of sheet '%s'", s->name);
	s->header_row = row;
	s->header_cols = n;
	return LB_OK;
}

int lb_xlsx_sheet_add(lb_xlsx *x, const char *name, lb_xlsx_sheet **out, lb_err *e)
{
	lb_xlsx_sheet *s, **grown;
	lxw_error err;

	*out = NULL;
	if (!name || !valid_utf8(name))
		return lb_fail(e, LB_EINPUT, "a sheet name must be UTF-8 text");
	err = workbook_validate_sheet_name(x->wb, name);
	if (err)
		return lb_fail(e, LB_EINPUT, "cannot name a sheet '%s': %s", name, lxw_strerror(err));
	if (x->nsheets == x->capsheets) {
		size_t cap = x->capsheets ? x->capsheets * 2 : 4;

		grown = realloc(x->sheets, cap * sizeof *grown);
		if (!grown)
			return lb_oom(e);
		x->sheets = grown;
		x->capsheets = cap;
	}
	s = calloc(1, sizeof *s);
	if (!s)
		return lb_oom(e);
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return lb_oom(e);
	}
	s->x = x;
	s->header_row = -1;
	s->last_row = -1;
	s->data_last = -1;
	s->ws = workbook_add_worksheet(x->wb, name);
	if (!s->ws) {
		free(s->name);
		free(s);
		return lb_fail(e, LB_ESYS, "cannot add sheet '%s': libxlsxwriter failed", name);
	}
	/* NIKs and codes are digits kept as text on purpose: no green
	 * "number stored as text" triangle in every cell */
	err = worksheet_ignore_errors(s->ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");
	x->sheets[x->nsheets++] = s;
	if (err)
		return lb_fail(e, LB_ESYS, "cannot set up sheet '%s': %s", name, lxw_strerror(err));
	*out = s;
	return LB_OK;
}

static void free_all(lb_xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i]->name);
		free(x->sheets[i]);
	}
	free(x->sheets);
	free(x->path);
	free(x->tmp);
	if (x->fd >= 0)
		close(x->fd);
	lb_buf_release(&x->scratch);
	free(x);
}

/* Remove what the workbook wrote so far: the sink's temporary file, or
 * our private one. */
static void drop_output(lb_xlsx *x)
{
	if (x->sink.kind == LB_SINK_FILE)
		lb_sink_abort(&x->w);
	else if (x->tmp)
		unlink(x->tmp);
}

void lb_xlsx_discard(lb_xlsx *x)
{
	if (!x)
		return;
	if (x->wb)
		lxw_workbook_free(x->wb);
	drop_output(x);
	free_all(x);
}

/* A private temporary file for libxlsxwriter to write by name. */
static int private_tmp(lb_xlsx *x, lb_err *e)
{
	const char *dir = getenv("TMPDIR");
	lb_buf b;

	lb_buf_init(&b);
	if (lb_buf_addf(&b, e, "%s/lumbung-xlsx.XXXXXX", dir && *dir ? dir : "/tmp"))
		return LB_ESYS;
	x->fd = mkstemp(b.data); /* O_EXCL, 0600 */
	if (x->fd < 0) {
		int rc = lb_fail(e, LB_ESYS, "cannot write a workbook: cannot make a temporary file in '%s': %s",
				 dir && *dir ? dir : "/tmp", strerror(errno));
		lb_buf_release(&b);
		return rc;
	}
	x->tmp = lb_buf_detach(&b);
	return x->tmp ? LB_OK : lb_oom(e);
}

int lb_xlsx_open_sink(lb_xlsx **out, const struct lb_sink *s, lb_err *e)
{
	lxw_workbook_options opt = { 0 };
	const char *name;
	lb_xlsx *x;
	int rc;

	*out = NULL;
	if (s->kind == LB_SINK_FILE && (!s->path || !*s->path))
		return lb_fail(e, LB_EINPUT, "cannot write a workbook: no file name given");
	if (!(x = calloc(1, sizeof *x)))
		return lb_oom(e);
	x->fd = -1;
	lb_buf_init(&x->scratch);
	x->sink = *s;
	if (s->kind == LB_SINK_FILE) {
		if (!(x->path = strdup(s->path))) {
			free_all(x);
			return lb_oom(e);
		}
		x->sink.path = x->path;
		/* private, next to the target, never through a link: the
		 * directory's problems are reported here, before any work */
		if ((rc = lb_sink_open(&x->w, &x->sink, e))) {
			free_all(x);
			return rc;
		}
		name = x->w.tmp;
	} else {
		if ((rc = lb_sink_check(s, e)) || (rc = private_tmp(x, e))) {
			free_all(x);
			return rc;
		}
		name = x->tmp;
	}
	/* large lists of recipients can pass 4 GB of XML before zipping */
	opt.use_zip64 = LXW_TRUE;
	x->wb = workbook_new_opt(name, &opt);
	if (!x->wb)
		goto oom;
	x->bold = workbook_add_format(x->wb);
	x->rupiah = workbook_add_format(x->wb);
	x->day = workbook_add_format(x->wb);
	x->percent = workbook_add_format(x->wb);
	x->qty = workbook_add_format(x->wb);
	if (!x->bold || !x->rupiah || !x->day || !x->percent || !x->qty)
		goto oom;
	format_set_bold(x->bold);
	format_set_num_format(x->rupiah, "\"Rp\"#,##0");
	/* Excel shows the month in its own language: Januari in an
	 * Indonesian one */
	format_set_num_format(x->day, "d mmmm yyyy");
	format_set_num_format(x->percent, "0.00%");
	format_set_num_format(x->qty, "#,##0");
	*out = x;
	return LB_OK;
oom:
	lb_xlsx_discard(x);
	return lb_oom(e);
}

int lb_xlsx_open(lb_xlsx **out, const char *path, lb_err *e)
{
	struct lb_sink s = lb_sink_file(path, 1);

	return lb_xlsx_open_sink(out, &s, e);
}

int lb_xlsx_close(lb_xlsx *x, lb_err *e)
{
	lxw_error err;
	size_t i;
	int rc = LB_OK;

	if (!x)
		return lb_fail(e, LB_EINPUT, "cannot write a workbook that was never opened");
	for (i = 0; i < x->nsheets; i++) {
		lb_xlsx_sheet *s = x->sheets[i];
		int last = s->last_row > s->header_row ? s->last_row : s->header_row;

		if (s->header_row < 0)
			continue;
		/* totals below the data stay outside the filter */
		if (s->data_last >= s->header_row)
			last = s->data_last;
		err = worksheet_autofilter(s->ws, (lxw_row_t)s->header_row, 0, (lxw_row_t)last,
					   (lxw_col_t)(s->header_cols - 1));
		if (err) {
			rc = lb_fail(e, LB_ESYS, "cannot add a filter to sheet '%s': %s",
				     s->name, lxw_strerror(err));
			lb_xlsx_discard(x);
			return rc;
		}
	}
	err = workbook_close(x->wb);
	x->wb = NULL; /* freed by workbook_close whatever it returned */
	if (err) {
		rc = lb_fail(e, LB_ESYS, "cannot write workbook '%s': %s", lb_sink_name(&x->sink),
			     lxw_strerror(err));
		drop_output(x);
	} else if (x->sink.kind == LB_SINK_FILE) {
		/* libxlsxwriter closes its FILE without syncing: the commit
		 * syncs the same file through our descriptor, then renames */
		rc = lb_sink_commit(&x->w, e);
	} else {
		unlink(x->tmp); /* read back through x->fd only */
		rc = lb_sink_copy_fd(&x->sink, x->fd, e);
	}
	free_all(x);
	return rc;
}
