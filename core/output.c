/*
 * output.c — tables, CSV and JSON. See output.h.
 */
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Rows a table holds back to size its columns before it streams. */
#define TABLE_SAMPLE 5000

struct lb_out {
	FILE *f;
	enum lb_fmt fmt;
	const struct lb_col *cols;
	int ncols;
	size_t *width;
	char **held; /* TABLE_SAMPLE rows of ncols strdup'ed cells */
	size_t nheld;
	int streaming;
	long nrows;
	lb_buf *html; /* LB_FMT_HTML: where the table goes */
	int cards;    /* HTML: a card per row on a phone, cells named */
};

int lb_fmt_parse(const char *s, int allowed, enum lb_fmt dflt, enum lb_fmt *out, lb_err *e)
{
	static const struct { const char *name; enum lb_fmt f; } names[] = {
		{ "table", LB_FMT_TABLE }, { "csv", LB_FMT_CSV }, { "json", LB_FMT_JSON },
		{ "pdf", LB_FMT_PDF },     { "xlsx", LB_FMT_XLSX },
	};
	char list[64] = "";

	if (!s) {
		*out = dflt;
		return LB_OK;
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(allowed & names[i].f))
			continue;
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].f;
			return LB_OK;
		}
		if (list[0])
			strcat(list, ", ");
		strcat(list, names[i].name);
	}
	return lb_fail(e, LB_EINPUT, "--format '%s' is not offered here (choose %s)", s, list);
}

size_t lb_out_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

int lb_out_open(FILE *f, enum lb_fmt fmt, const struct lb_col *cols, int ncols,
		lb_out **out, lb_err *e)
{
	lb_out *o = calloc(1, sizeof *o);

	*out = NULL;
	if (!o)
		return lb_oom(e);
	o->f = f;
	o->fmt = fmt;
	o->cols = cols;
	o->ncols = ncols;
	if (fmt == LB_FMT_TABLE) {
		o->width = calloc((size_t)ncols, sizeof *o->width);
		o->held = calloc((size_t)TABLE_SAMPLE * (size_t)ncols, sizeof *o->held);
		if (!o->width || !o->held) {
			free(o->width);
			free(o->held);
			free(o);
			return lb_oom(e);
		}
		for (int i = 0; i < ncols; i++)
			o->width[i] = lb_out_width(cols[i].name);
	} else if (fmt == LB_FMT_CSV) {
		for (int i = 0; i < ncols; i++) {
			if (i)
				fputc(',', f);
			lb_csv_write_cell(f, cols[i].name, 0);
		}
		fputs("\r\n", f);
	} else if (fmt == LB_FMT_JSON) {
		fputc('[', f);
	}
	*out = o;
	return LB_OK;
}

int lb_html_add(lb_buf *b, const char *s, lb_err *e)
{
	const char *run = s;
	int rc;

	for (const char *p = s; *p; p++) {
		const char *ent;
		switch (*p) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		if ((rc = lb_buf_add(b, run, (size_t)(p - run), e)) || (rc = lb_buf_adds(b, ent, e)))
			return rc;
		run = p + 1;
	}
	return lb_buf_adds(b, run, e);
}

static int open_html(lb_buf *b, const struct lb_col *cols, int ncols, int cards, lb_out **out, lb_err *e)
{
	lb_out *o = calloc(1, sizeof *o);
	int rc;

	*out = NULL;
	if (!o)
		return lb_oom(e);
	o->fmt = LB_FMT_HTML;
	o->cols = cols;
	o->ncols = ncols;
	o->html = b;
	o->cards = cards;
	if ((rc = lb_buf_adds(b, cards ? "<div class=\"tbl\"><table class=\"susun\"><thead><tr>"
				       : "<div class=\"tbl\"><table><thead><tr>", e)))
		goto fail;
	for (int i = 0; i < ncols; i++)
		if ((rc = lb_buf_adds(b, cols[i].numeric ? "<th class=\"n\">" : "<th>", e)) ||
		    (rc = lb_html_add(b, cols[i].name, e)) || (rc = lb_buf_adds(b, "</th>", e)))
			goto fail;
	if ((rc = lb_buf_adds(b, "</tr></thead><tbody>", e)))
		goto fail;
	*out = o;
	return LB_OK;
fail:
	free(o);
	return rc;
}

int lb_out_open_html(lb_buf *b, const struct lb_col *cols, int ncols, lb_out **out, lb_err *e)
{
	return open_html(b, cols, ncols, 0, out, e);
}

int lb_out_open_html_cards(lb_buf *b, const struct lb_col *cols, int ncols, lb_out **out, lb_err *e)
{
	return open_html(b, cols, ncols, 1, out, e);
}

int lb_out_row_links(lb_out *o, const char *const *vals, const char *const *hrefs, lb_err *e)
{
	lb_buf *b = o->html;
	int rc;

	if (o->fmt != LB_FMT_HTML)
		return lb_fail(e, LB_EINPUT, "links are only for HTML output");
	o->nrows++;
	if ((rc = lb_buf_adds(b, "<tr>", e)))
		return rc;
	for (int i = 0; i < o->ncols; i++) {
		const char *v = vals[i] ? vals[i] : "";
		if (o->cards) {
			if ((rc = lb_buf_adds(b, o->cols[i].numeric ? "<td class=\"n\" data-judul=\"" : "<td data-judul=\"", e)) ||
			    (rc = lb_html_add(b, o->cols[i].name, e)) || (rc = lb_buf_adds(b, "\">", e)))
				return rc;
		} else if ((rc = lb_buf_adds(b, o->cols[i].numeric ? "<td class=\"n\">" : "<td>", e))) {
			return rc;
		}
		if (hrefs && hrefs[i]) {
			if ((rc = lb_buf_adds(b, "<a href=\"", e)) || (rc = lb_html_add(b, hrefs[i], e)) ||
			    (rc = lb_buf_adds(b, "\">", e)) || (rc = lb_html_add(b, v, e)) ||
			    (rc = lb_buf_adds(b, "</a>", e)))
				return rc;
		} else if ((rc = lb_html_add(b, v, e))) {
			return rc;
		}
		if ((rc = lb_buf_adds(b, "</td>", e)))
			return rc;
	}
	return lb_buf_adds(b, "</tr>", e);
}

int lb_csv_needs_neutralising(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

void lb_csv_write_cell(FILE *f, const char *s, int numeric)
{
	int quote = 0;
	int neutral = !numeric && lb_csv_needs_neutralising(s);

	for (const char *p = s; *p; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			quote = 1;
	if (!quote && !neutral) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (neutral)
		fputc('\'', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

void lb_json_write_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void table_line(lb_out *o, const char *const *vals)
{
	for (int i = 0; i < o->ncols; i++) {
		const char *v = vals[i] ? vals[i] : "";
		size_t w = lb_out_width(v), pad = w < o->width[i] ? o->width[i] - w : 0;
		int last = i == o->ncols - 1;

		if (i)
			fputs("  ", o->f);
		if (o->cols[i].numeric)
			fprintf(o->f, "%*s%s", (int)pad, "", v);
		else if (last)
			fputs(v, o->f);
		else
			fprintf(o->f, "%s%*s", v, (int)pad, "");
	}
	fputc('\n', o->f);
}

static void table_flush(lb_out *o)
{
	const char **names = malloc((size_t)o->ncols * sizeof *names);
	if (names) {
		for (int i = 0; i < o->ncols; i++)
			names[i] = o->cols[i].name;
		table_line(o, names);
		free(names);
	}
	for (size_t r = 0; r < o->nheld; r++) {
		table_line(o, (const char *const *)&o->held[r * (size_t)o->ncols]);
		for (int i = 0; i < o->ncols; i++)
			free(o->held[r * (size_t)o->ncols + (size_t)i]);
	}
	o->nheld = 0;
	o->streaming = 1;
}

int lb_out_row(lb_out *o, const char *const *vals, lb_err *e)
{
	if (o->fmt == LB_FMT_HTML)
		return lb_out_row_links(o, vals, NULL, e);
	o->nrows++;
	switch (o->fmt) {
	case LB_FMT_TABLE:
		if (o->streaming) {
			table_line(o, vals);
			break;
		}
		for (int i = 0; i < o->ncols; i++) {
			const char *v = vals[i] ? vals[i] : "";
			char *copy = strdup(v);
			size_t w = lb_out_width(v);
			if (!copy)
				return lb_oom(e);
			o->held[o->nheld * (size_t)o->ncols + (size_t)i] = copy;
			if (w > o->width[i])
				o->width[i] = w;
		}
		if (++o->nheld == TABLE_SAMPLE)
			table_flush(o);
		break;
	case LB_FMT_CSV:
		for (int i = 0; i < o->ncols; i++) {
			if (i)
				fputc(',', o->f);
			lb_csv_write_cell(o->f, vals[i] ? vals[i] : "", o->cols[i].numeric);
		}
		fputs("\r\n", o->f);
		break;
	case LB_FMT_JSON:
		fputs(o->nrows > 1 ? ",\n {" : "\n {", o->f);
		for (int i = 0; i < o->ncols; i++) {
			if (i)
				fputs(", ", o->f);
			lb_json_write_string(o->f, o->cols[i].name);
			fputs(": ", o->f);
			if (!vals[i])
				fputs("null", o->f);
			else if (o->cols[i].numeric && vals[i][0])
				fputs(vals[i], o->f);
			else
				lb_json_write_string(o->f, vals[i]);
		}
		fputc('}', o->f);
		break;
	default:
		return lb_fail(e, LB_EINPUT, "this output format is not a text format");
	}
	if (ferror(o->f))
		return lb_fail(e, LB_ESYS, "cannot write output");
	return LB_OK;
}

int lb_out_close(lb_out *o, lb_err *e)
{
	int rc = LB_OK;

	if (!o)
		return LB_OK;
	if (o->fmt == LB_FMT_HTML) {
		if (!o->nrows)
			rc = lb_buf_addf(o->html, e, "<tr><td colspan=\"%d\" class=\"kosong\">Tidak ada data.</td></tr>",
					 o->ncols);
		if (!rc)
			rc = lb_buf_adds(o->html, "</tbody></table></div>", e);
		free(o);
		return rc;
	}
	if (o->fmt == LB_FMT_TABLE && !o->streaming)
		table_flush(o);
	else if (o->fmt == LB_FMT_JSON)
		fputs(o->nrows ? "\n]\n" : "]\n", o->f);
	if (fflush(o->f) != 0 || ferror(o->f))
		rc = lb_fail(e, LB_ESYS, "cannot write output");
	free(o->width);
	free(o->held);
	free(o);
	return rc;
}
