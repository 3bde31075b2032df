/*
 * test_rdoc.c — the one document model (doc/rdoc.h) in its list and
 * record shapes: every text backend's escaping (CSV neutralising, JSON
 * escapes, HTML entities), the bare JSON array of a list, a list that
 * streams past the text table's buffer, records as lines and as a JSON
 * object, paragraphs in both, and a report as a page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/output.h"
#include "doc/rdoc.h"

static const struct lb_col cols[] = { { "name", 0 }, { "qty", 1 } };

struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static lb_rdoc *open_doc(struct mem *m, int fmt, int shape)
{
	struct lb_rdoc_opts o = { .fmt = fmt, .shape = shape };
	lb_rdoc *d;
	lb_err e = { 0 };

	m->buf = NULL;
	m->len = 0;
	assert_non_null(m->f = open_memstream(&m->buf, &m->len));
	o.out = m->f;
	assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_OK);
	if (shape == LB_DOC_LIST)
		assert_int_equal(lb_rdoc_list(d, cols, 2, &e), LB_OK);
	return d;
}

/* Close d and return what was written (the caller frees it). */
static char *finish(struct mem *m, lb_rdoc *d)
{
	lb_err e = { 0 };

	assert_int_equal(lb_rdoc_close(d, &e), LB_OK);
	fclose(m->f);
	return m->buf;
}

static char *list_of(int fmt, const char *const *rows, int nrows)
{
	struct mem m;
	lb_rdoc *d = open_doc(&m, fmt, LB_DOC_LIST);
	lb_err e = { 0 };

	for (int r = 0; r < nrows; r++)
		assert_int_equal(lb_rdoc_cells(d, &rows[2 * r], &e), LB_OK);
	return finish(&m, d);
}

static void test_list_csv_neutralises(void **state)
{
	const char *rows[] = { "=SUM(A1)", "-3", "+62 811", "4", "@cmd", "5", "-Budi", "6",
			       "Ali \"Bos\", S.Pd", "7", "\tx", "8" };
	char *s;
	(void)state;

	s = list_of(LB_FMT_CSV, rows, 6);
	/* text starting = + - @ or a tab gets an apostrophe inside quotes;
	 * numeric cells (-3) are left alone; quotes are doubled */
	assert_string_equal(s, "name,qty\r\n"
			       "\"'=SUM(A1)\",-3\r\n"
			       "\"'+62 811\",4\r\n"
			       "\"'@cmd\",5\r\n"
			       "\"'-Budi\",6\r\n"
			       "\"Ali \"\"Bos\"\", S.Pd\",7\r\n"
			       "\"'\tx\",8\r\n");
	free(s);
}

static void test_list_json_bare_array_and_escapes(void **state)
{
	const char *rows[] = { "a\"b\\c\nd\te\x01", "12", NULL, NULL, "x", "" };
	char *s;
	(void)state;

	s = list_of(LB_FMT_JSON, rows, 3);
	/* a bare array of row objects; a NULL cell is null, an empty numeric
	 * cell a string */
	assert_string_equal(s, "[\n {\"name\": \"a\\\"b\\\\c\\nd\\te\\u0001\", \"qty\": 12},\n"
			       " {\"name\": null, \"qty\": null},\n"
			       " {\"name\": \"x\", \"qty\": \"\"}\n]\n");
	free(s);
	s = list_of(LB_FMT_JSON, rows, 0);
	assert_string_equal(s, "[]\n");
	free(s);
}

/* 12,000 rows: the text table holds the first 5,000 back to size its
 * columns, then writes them and streams the rest as they come. */
static void test_list_table_streams_past_its_buffer(void **state)
{
	struct mem m;
	lb_rdoc *d = open_doc(&m, LB_FMT_TABLE, LB_DOC_LIST);
	char name[32], qty[32];
	const char *row[2] = { name, qty };
	size_t after_first = 0, lines = 0;
	lb_err e = { 0 };
	char *s, *p;
	(void)state;

	for (int r = 1; r <= 12000; r++) {
		snprintf(name, sizeof name, r == 7000 ? "a-much-longer-name-%d" : "n%d", r);
		snprintf(qty, sizeof qty, "%d", r);
		assert_int_equal(lb_rdoc_cells(d, row, &e), LB_OK);
		if (r == 1) {
			fflush(m.f);
			after_first = m.len;
		}
	}
	fflush(m.f);
	/* nothing written while the first rows are held, most of it before
	 * the document closes */
	assert_int_equal(after_first, 0);
	assert_true(m.len > 100000);
	s = finish(&m, d);
	for (p = s; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 12001);
	/* widths from the held rows: "n5000" is the widest name, 5 wide */
	assert_true(strncmp(s, "name    qty\nn1        1\n", 24) == 0);
	assert_non_null(strstr(s, "\nn4999  4999\nn5000  5000\nn5001  5001\n"));
	/* a later, wider cell is written whole, its line longer */
	assert_non_null(strstr(s, "\na-much-longer-name-7000  7000\n"));
	assert_non_null(strstr(s, "\nn12000  12000\n"));
	free(s);
}

static void test_list_paragraph_under_the_table(void **state)
{
	struct mem m;
	lb_rdoc *d;
	lb_err e = { 0 };
	char *s;
	(void)state;

	d = open_doc(&m, LB_FMT_TABLE, LB_DOC_LIST);
	assert_int_equal(lb_rdoc_para(d, "(no stock)", 0, &e), LB_OK);
	s = finish(&m, d);
	assert_string_equal(s, "name  qty\n(no stock)\n");
	free(s);
	d = open_doc(&m, LB_FMT_CSV, LB_DOC_LIST);
	assert_int_equal(lb_rdoc_para(d, "(no stock)", 0, &e), LB_OK);
	s = finish(&m, d);
	assert_string_equal(s, "name,qty\r\n");
	free(s);
	d = open_doc(&m, LB_FMT_JSON, LB_DOC_LIST);
	assert_int_equal(lb_rdoc_paraf(d, &e, "(nothing expires within %d days)", 5), LB_OK);
	s = finish(&m, d);
	assert_string_equal(s, "[]\n");
	free(s);
}

static void test_list_html_escapes_every_text(void **state)
{
	static const struct lb_col hcols[] = { { "Nama <b>", 0 }, { "Jml", 1 } };
	const char *vals[] = { "<script>alert('x')</script> & \"y\"", "3" };
	const char *hrefs[] = { "/penerima?id=1&x=\"><img src=x>", NULL };
	lb_rdoc *d;
	lb_buf b, direct;
	lb_out *o;
	lb_err e = { 0 };
	(void)state;

	lb_buf_init(&b);
	lb_buf_init(&direct);
	assert_int_equal(lb_buf_adds(&b, "<p>before</p>", &e), LB_OK);
	assert_int_equal(lb_rdoc_html_list(&b, hcols, 2, &d, &e), LB_OK);
	assert_int_equal(lb_rdoc_cells_links(d, vals, hrefs, &e), LB_OK);
	assert_int_equal(lb_rdoc_cells(d, vals, &e), LB_OK);
	assert_int_equal(lb_rdoc_close(d, &e), LB_OK);
	assert_string_equal(b.data,
			    "<p>before</p><div class=\"tbl\"><table><thead><tr><th>Nama &lt;b&gt;</th><th class=\"n\">Jml</th>"
			    "</tr></thead><tbody>"
			    "<tr><td><a href=\"/penerima?id=1&amp;x=&quot;&gt;&lt;img src=x&gt;\">&lt;script&gt;alert(&#39;x&#39;)"
			    "&lt;/script&gt; &amp; &quot;y&quot;</a></td><td class=\"n\">3</td></tr>"
			    "<tr><td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;</td>"
			    "<td class=\"n\">3</td></tr></tbody></table></div>");
	/* the HTML backend pages may still call directly gives the same bytes */
	assert_int_equal(lb_buf_adds(&direct, "<p>before</p>", &e), LB_OK);
	assert_int_equal(lb_out_open_html(&direct, hcols, 2, &o, &e), LB_OK);
	assert_int_equal(lb_out_row_links(o, vals, hrefs, &e), LB_OK);
	assert_int_equal(lb_out_row(o, vals, &e), LB_OK);
	assert_int_equal(lb_out_close(o, &e), LB_OK);
	assert_string_equal(direct.data, b.data);
	/* an empty list says so */
	lb_buf_reset(&b);
	assert_int_equal(lb_rdoc_html_list(&b, hcols, 2, &d, &e), LB_OK);
	assert_int_equal(lb_rdoc_close(d, &e), LB_OK);
	assert_non_null(strstr(b.data, "<tr><td colspan=\"2\" class=\"kosong\">Tidak ada data.</td></tr>"));
	/* cards on a phone: the same table, each cell named by its column
	 * (escaped as the heading is) */
	lb_buf_reset(&b);
	assert_int_equal(lb_rdoc_html_cards(&b, hcols, 2, &d, &e), LB_OK);
	assert_int_equal(lb_rdoc_cells_links(d, vals, hrefs, &e), LB_OK);
	assert_int_equal(lb_rdoc_close(d, &e), LB_OK);
	assert_string_equal(b.data,
			    "<div class=\"tbl\"><table class=\"susun\"><thead><tr><th>Nama &lt;b&gt;</th><th class=\"n\">Jml</th>"
			    "</tr></thead><tbody>"
			    "<tr><td data-judul=\"Nama &lt;b&gt;\"><a href=\"/penerima?id=1&amp;x=&quot;&gt;&lt;img src=x&gt;\">"
			    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;</a></td>"
			    "<td class=\"n\" data-judul=\"Jml\">3</td></tr></tbody></table></div>");
	lb_buf_release(&b);
	lb_buf_release(&direct);
}

static void test_list_refuses_other_shapes_and_formats(void **state)
{
	struct lb_rdoc_opts o = { .fmt = LB_FMT_PDF, .shape = LB_DOC_LIST };
	struct mem m;
	lb_rdoc *d;
	lb_err e = { 0 };
	char *s;
	(void)state;

	assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_EINPUT);
	assert_string_equal(e.msg, "a list is written as a table, CSV, JSON or HTML only");
	o.fmt = LB_FMT_HTML;
	o.shape = LB_DOC_REPORT;
	assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_EINPUT);
	assert_string_equal(e.msg, "HTML is written for a list or a report into a page");
	/* a field outside a record, a second list */
	d = open_doc(&m, LB_FMT_CSV, LB_DOC_LIST);
	assert_int_equal(lb_rdoc_field(d, "name", "x", &e), LB_EINPUT);
	assert_string_equal(e.msg, "a field belongs to a record");
	assert_int_equal(lb_rdoc_list(d, cols, 2, &e), LB_EINPUT);
	assert_string_equal(e.msg, "a list document holds one list");
	s = finish(&m, d);
	assert_string_equal(s, "name,qty\r\n");
	free(s);
}

/* A report as a page: its CSV for people as paragraphs, headings and
 * tables, every text escaped, numbers right-aligned, a formula shown as
 * typed (neutralised only in the CSV download). */
static void test_report_html(void **state)
{
	static const struct lb_rcol rcols[] = { { "Nama", "name", LB_R_TEXT, 0 },
						{ "Jumlah", "amount", LB_R_RUPIAH, 0 } };
	struct lb_rvals {
		struct lb_rval v[2];
	} rows[] = { { { LB_RV_S("<b>Ani</b>"), LB_RV_N(1500) } }, { { LB_RV_S("=cmd"), LB_RV_N(20) } } };
	lb_buf page;
	struct lb_rdoc_opts o = { .fmt = LB_FMT_HTML, .html = &page, .title = "Laporan <x>", .org = "Dinas & Co" };
	lb_rdoc *d;
	lb_err e = { 0 };
	(void)state;

	lb_buf_init(&page);
	assert_int_equal(lb_buf_adds(&page, "<main>", &e), LB_OK);
	assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_OK);
	assert_int_equal(lb_rdoc_table(d, "recipients", "Penerima", rcols, 2, &e), LB_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(lb_rdoc_row(d, rows[i].v, &e), LB_OK);
	assert_int_equal(lb_rdoc_para(d, "Catatan 'akhir'", 0, &e), LB_OK);
	/* nothing reaches the page before the document is whole */
	assert_string_equal(page.data, "<main>");
	assert_int_equal(lb_rdoc_close(d, &e), LB_OK);
	assert_string_equal(page.data, "<main><p>Laporan &lt;x&gt;</p><p>Dinas &amp; Co</p><h2>Penerima</h2>"
				       "<div class=\"tbl\"><table><thead><tr><th>Nama</th><th class=\"n\">Jumlah</th>"
				       "</tr></thead><tbody><tr><td>&lt;b&gt;Ani&lt;/b&gt;</td><td class=\"n\">Rp1.500</td>"
				       "</tr><tr><td>=cmd</td><td class=\"n\">Rp20</td></tr></tbody></table></div>"
				       "<p>Catatan &#39;akhir&#39;</p>");
	lb_buf_release(&page);
}

static void test_record_lines_and_json(void **state)
{
	struct lb_rdoc_opts o = { .fmt = LB_FMT_TABLE, .shape = LB_DOC_RECORD, .label_width = 11 };
	struct mem m = { 0 };
	lb_rdoc *d;
	lb_err e = { 0 };
	(void)state;

	/* recipient show: labels padded to "replaced by", no colon; a line
	 * of history between fields; a field without a value left out */
	assert_non_null(m.f = open_memstream(&m.buf, &m.len));
	o.out = m.f;
	assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_OK);
	assert_int_equal(lb_rdoc_field(d, "name", "Siti Aminah", &e), LB_OK);
	assert_int_equal(lb_rdoc_field(d, "KK", NULL, &e), LB_OK);
	assert_int_equal(lb_rdoc_fieldf(d, "replaced by", &e, "'%s' (%s)", "Budi", "6402**********01"), LB_OK);
	assert_int_equal(lb_rdoc_para(d, "history:", 0, &e), LB_OK);
	assert_int_equal(lb_rdoc_paraf(d, &e, "  %.10s  %-9s  registered", "2026-01-05 10:00", "aktif"), LB_OK);
	assert_int_equal(lb_rdoc_field(d, "allocated", "2026-01: 3 recipients", &e), LB_OK);
	assert_string_equal(finish(&m, d), "name        Siti Aminah\n"
					   "replaced by 'Budi' (6402**********01)\n"
					   "history:\n"
					   "  2026-01-05  aktif      registered\n"
					   "allocated   2026-01: 3 recipients\n");
	free(m.buf);

	/* the same record in JSON: keys with '_', null for no value, no
	 * paragraphs */
	o.fmt = LB_FMT_JSON;
	assert_non_null(m.f = open_memstream(&m.buf, &m.len));
	o.out = m.f;
	assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_OK);
	assert_int_equal(lb_rdoc_field(d, "name", "Siti \"Ani\"", &e), LB_OK);
	assert_int_equal(lb_rdoc_para(d, "history:", 0, &e), LB_OK);
	assert_int_equal(lb_rdoc_field(d, "replaced by", NULL, &e), LB_OK);
	assert_string_equal(finish(&m, d), "{\"name\": \"Siti \\\"Ani\\\"\", \"replaced_by\": null}\n");
	free(m.buf);

	/* a record is a table or JSON only */
	o.fmt = LB_FMT_CSV;
	assert_int_equal(lb_rdoc_open(&d, &o, &e), LB_EINPUT);
	assert_string_equal(e.msg, "a record is written as a table or JSON only");
}

static void test_record_at_once_lines_up_with_colons(void **state)
{
	const struct lb_field fl[] = { { "database", "x.db" }, { "schema version", "12" }, { "kind", NULL } };
	struct mem m = { 0 };
	lb_err e = { 0 };
	(void)state;

	assert_non_null(m.f = open_memstream(&m.buf, &m.len));
	assert_int_equal(lb_rdoc_record(m.f, LB_FMT_TABLE, fl, 3, &e), LB_OK);
	fclose(m.f);
	assert_string_equal(m.buf, "database:       x.db\nschema version: 12\n");
	free(m.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_csv_neutralises),
		cmocka_unit_test(test_list_json_bare_array_and_escapes),
		cmocka_unit_test(test_list_table_streams_past_its_buffer),
		cmocka_unit_test(test_list_paragraph_under_the_table),
		cmocka_unit_test(test_list_html_escapes_every_text),
		cmocka_unit_test(test_list_refuses_other_shapes_and_formats),
		cmocka_unit_test(test_report_html),
		cmocka_unit_test(test_record_lines_and_json),
		cmocka_unit_test(test_record_at_once_lines_up_with_colons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
