/*
 * sheet.c — CSV or XLSX rows behind one interface, and header mapping
 * with aliases. See sheet.h.
 */
#include "sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "file.h"
#include "output.h"
#include "progress.h"
#include "xlsxread.h"

/* Both readers' results pass through lb_sheet_next unchanged. */
_Static_assert((int)LB_CSV_ROW == (int)LB_SHEET_ROW && (int)LB_CSV_EOF == (int)LB_SHEET_EOF, "csv results");
_Static_assert((int)LB_XLSXR_ROW == (int)LB_SHEET_ROW && (int)LB_XLSXR_EOF == (int)LB_SHEET_EOF, "xlsx results");

struct lb_sheet {
	lb_csv *csv;
	lb_xlsxr *x;
	char *path;
	size_t header_n;
	long rows;
	int reject_col;     /* the header's rejects column (ignored), or -1 */
	int reason_is_data; /* the importer has a column named reason */
};

static int is_zip(const char *path)
{
	unsigned char magic[4] = { 0 };
	FILE *f;
	size_t n;

	if (strcmp(path, "-") == 0 || !(f = fopen(path, "rb")))
		return 0;
	n = fread(magic, 1, sizeof magic, f);
	fclose(f);
	return n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

static char default_delim;
static const struct lb_progress *progress;

void lb_sheet_set_progress(const struct lb_progress *p)
{
	progress = p;
}

void lb_sheet_set_default_delimiter(char delim)
{
	default_delim = delim;
}

int lb_sheet_delimiter_option(const char *s, lb_err *e)
{
	char d;

	if (!s)
		return LB_OK;
	if (strcmp(s, ",") == 0 || strcmp(s, "comma") == 0)
		d = ',';
	else if (strcmp(s, ";") == 0 || strcmp(s, "semicolon") == 0)
		d = ';';
	else if (strcmp(s, "\t") == 0 || strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0)
		d = '\t';
	else
		return lb_fail(e, LB_EINPUT, "--delimiter '%.20s': give ',', ';' or tab", s);
	default_delim = d;
	return LB_OK;
}

int lb_sheet_open(const char *path, const struct lb_sheet_opts *o, lb_sheet **out, lb_err *e)
{
	lb_sheet *s;
	int rc;

	*out = NULL;
	if (!(s = calloc(1, sizeof *s)))
		return lb_oom(e);
	s->reject_col = -1;
	if (!(s->path = strdup(path))) {
		free(s);
		return lb_oom(e);
	}
	if (is_zip(path)) {
		rc = lb_xlsxr_open(path, LB_SHEET_MAX_CELL, &s->x, e);
	} else {
		rc = lb_csv_open(path, &s->csv, e);
		if (rc == LB_OK) {
			lb_csv_set_max_field(s->csv, LB_SHEET_MAX_CELL);
			if (o && o->delimiter)
				lb_csv_set_delimiter(s->csv, o->delimiter);
			else if (default_delim)
				lb_csv_set_delimiter(s->csv, default_delim);
		}
	}
	if (rc) {
		lb_sheet_close(s);
		return rc;
	}
	*out = s;
	return LB_OK;
}

void lb_sheet_close(lb_sheet *s)
{
	if (!s)
		return;
	lb_csv_close(s->csv);
	lb_xlsxr_close(s->x);
	free(s->path);
	free(s);
}

const char *lb_sheet_path(const lb_sheet *s)
{
	return s->path;
}

int lb_sheet_is_xlsx(const lb_sheet *s)
{
	return s->x != NULL;
}

int lb_sheet_next(lb_sheet *s, lb_err *e)
{
	int rc = s->x ? lb_xlsxr_next(s->x, e) : lb_csv_next(s->csv, e);

	if (rc == LB_SHEET_ROW && ++s->rows > LB_SHEET_MAX_ROWS)
		return lb_fail(e, LB_EINPUT, "file '%s': more than %ld rows: split the file", s->path,
			       LB_SHEET_MAX_ROWS);
	if (progress && rc == LB_SHEET_ROW && s->rows % 8192 == 0)
		lb_progress_tick(progress, s->path, s->rows, 0);
	return rc;
}

size_t lb_sheet_nfields(const lb_sheet *s)
{
	return s->x ? lb_xlsxr_nfields(s->x) : lb_csv_nfields(s->csv);
}

const char *lb_sheet_field(const lb_sheet *s, int i)
{
	if (i < 0)
		return "";
	return s->x ? lb_xlsxr_field(s->x, (size_t)i) : lb_csv_field(s->csv, i);
}

int lb_sheet_is_number(const lb_sheet *s, int i)
{
	return s->x && i >= 0 && lb_xlsxr_is_number(s->x, (size_t)i);
}

long lb_sheet_row(const lb_sheet *s)
{
	return s->x ? lb_xlsxr_row(s->x) : lb_csv_row(s->csv);
}

size_t lb_sheet_width(const lb_sheet *s)
{
	return s->header_n;
}

void lb_sheet_fold(const char *s, char *out, size_t n)
{
	size_t len = 0;

	for (; *s && len + 1 < n; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			out[len++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[len++] = c;
	}
	out[len] = '\0';
}

/* Does the folded heading h name column col (its name or an alias)? */
static int names(const struct lb_sheet_col *col, const char *h)
{
	char f[64];
	const char *a = col->aliases;

	lb_sheet_fold(col->name, f, sizeof f);
	if (strcmp(f, h) == 0)
		return 1;
	while (a && *a) {
		const char *end = strchr(a, '|');
		size_t len = end ? (size_t)(end - a) : strlen(a);
		char one[64];
		if (len >= sizeof one)
			len = sizeof one - 1;
		memcpy(one, a, len);
		one[len] = '\0';
		lb_sheet_fold(one, f, sizeof f);
		if (strcmp(f, h) == 0)
			return 1;
		a = end ? end + 1 : NULL;
	}
	return 0;
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

int lb_sheet_header(lb_sheet *s, const struct lb_sheet_col *cols, size_t ncols, int *idx,
		    lb_err *e)
{
	int rc = lb_sheet_next(s, e);
	char name[128], folded[128];
	size_t n;

	if (rc == LB_SHEET_EOF)
		return lb_fail(e, LB_EINPUT, "file '%s' is empty: expected a header row", s->path);
	if (rc != LB_SHEET_ROW)
		return rc;
	for (size_t k = 0; k < ncols; k++)
		idx[k] = -1;
	n = lb_sheet_nfields(s);
	for (size_t i = 0; i < n; i++) {
		size_t k;
		trim_copy(lb_sheet_field(s, (int)i), name, sizeof name);
		lb_sheet_fold(name, folded, sizeof folded);
		for (k = 0; k < ncols; k++)
			if (names(&cols[k], folded))
				break;
		if (k == ncols && (strcmp(folded, "reason") == 0 || strcmp(folded, "rejectreason") == 0)) {
			s->reject_col = (int)i; /* lumbung's own rejects column */
			continue;
		}
		if (k == ncols && (strcmp(folded, "no") == 0 || (!name[0] && lb_sheet_is_xlsx(s))))
			continue; /* a row number, or an empty cell */
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
					       s->path, i + 1, list);
			if (strchr(name, ';') || strchr(name, '\t'))
				return lb_fail(e, LB_EINPUT,
					       "file '%s', row 1, column %zu: unknown column '%.60s': the header was not split into columns; give --delimiter ';' (or tab) (the columns are: %s)",
					       s->path, i + 1, name, list);
			return lb_fail(e, LB_EINPUT,
				       "file '%s', row 1, column %zu: unknown column '%s' (the columns are: %s)",
				       s->path, i + 1, name, list);
		}
		if (idx[k] >= 0)
			return lb_fail(e, LB_EINPUT, "file '%s', row 1, column %zu: column '%s' appears twice",
				       s->path, i + 1, cols[k].name);
		idx[k] = (int)i;
	}
	for (size_t k = 0; k < ncols; k++) {
		lb_sheet_fold(cols[k].name, folded, sizeof folded);
		if (strcmp(folded, "reason") == 0)
			s->reason_is_data = 1;
	}
	for (size_t k = 0; k < ncols; k++)
		if (cols[k].required && idx[k] < 0)
			return lb_fail(e, LB_EINPUT, "file '%s', row 1: missing column '%s'", s->path,
				       cols[k].name);
	s->header_n = n;
	return LB_OK;
}

const char *lb_sheet_width_problem(lb_sheet *s, char *buf, size_t n)
{
	size_t nf = lb_sheet_nfields(s);

	if (!s->header_n || nf == s->header_n)
		return NULL;
	if (s->x) {
		/* A workbook row simply ends at its last value. */
		for (size_t i = s->header_n; i < nf; i++)
			if (*lb_sheet_field(s, (int)i)) {
				snprintf(buf, n, "a value in column %zu, right of the header's last column %zu",
					 i + 1, s->header_n);
				return buf;
			}
		return NULL;
	}
	snprintf(buf, n, "%zu fields, but the header has %zu", nf, s->header_n);
	return buf;
}

int lb_sheet_next_row(lb_sheet *s, lb_err *e)
{
	int rc = lb_sheet_next(s, e);
	char why[128];

	if (rc == LB_SHEET_ROW && lb_sheet_width_problem(s, why, sizeof why))
		return lb_fail(e, LB_EINPUT, "file '%s', row %ld: %s", s->path, lb_sheet_row(s), why);
	return rc;
}

/* The rejects column is written last; an earlier one (the file is itself
 * a corrected rejects file) is left out, so that a file goes round any
 * number of times with one reason column, the latest. */
static void reject_line(FILE *f, const lb_sheet *s, const char *last)
{
	size_t n = lb_sheet_nfields(s);

	for (size_t i = 0; i < n || i < s->header_n; i++) {
		if ((int)i == s->reject_col)
			continue;
		lb_csv_write_cell(f, i < n ? lb_sheet_field(s, (int)i) : "", 0);
		fputc(',', f);
	}
	lb_csv_write_cell(f, last, 0);
	fputs("\r\n", f);
}

int lb_sheet_rejects_open(lb_sheet *s, const char *path, FILE **out, lb_err *e)
{
	int rc;

	/* the rows hold NIKs: private, never through a link (core/file.h) */
	if ((rc = lb_file_create(path, out, e))) {
		lb_err_prefix(e, "rejects file");
		return rc;
	}
	/* The header row is the current row until the first lb_sheet_next. */
	reject_line(*out, s, s->reason_is_data ? "reject_reason" : "reason");
	return LB_OK;
}

void lb_sheet_reject(FILE *f, const lb_sheet *s, const char *reason)
{
	reject_line(f, s, reason);
}

int lb_sheet_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (strcmp(a, b) == 0)
		return 1;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int lb_sheet_rejects_check(const char *cmd, int skip_invalid, const char *rejects,
			   const char *path, lb_err *e)
{
	if (skip_invalid && !rejects)
		return lb_fail(e, LB_EINPUT, "%s: --skip-invalid needs --rejects FILE for the bad rows", cmd);
	if (rejects && !skip_invalid)
		return lb_fail(e, LB_EINPUT, "%s: --rejects goes with --skip-invalid", cmd);
	if (rejects && lb_sheet_same_file(rejects, path))
		return lb_fail(e, LB_EINPUT, "%s: --rejects must not be the file being imported", cmd);
	return LB_OK;
}

void lb_sheet_join(char *reason, size_t n, const char *col, const char *msg)
{
	size_t len = strlen(reason);

	if (len + 1 >= n)
		return;
	snprintf(reason + len, n - len, "%s%s%s%s", len ? "; " : "", col ? col : "", col ? ": " : "", msg);
}
