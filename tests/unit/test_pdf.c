/*
 * test_pdf.c — PDF drawing, paginated tables and atomic saving.
 *
 * The PDFs are read back with poppler's tools (pdftotext, pdftoppm,
 * pdfimages), as a person's viewer would read them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "core/buf.h"
#include "doc/pdf.h"
#include "doc/pdftable.h"

static char dir[256];

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/lb-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static void remove_tree(const char *path)
{
	struct dirent *d;
	char sub[512];
	struct stat st;
	DIR *dp;

	if (lstat(path, &st))
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		dp = opendir(path);
		while (dp && (d = readdir(dp))) {
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, d->d_name);
			remove_tree(sub);
		}
		if (dp)
			closedir(dp);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int teardown(void **state)
{
	remove_tree(dir);
	return 0;
}

static void in_dir(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

/* Everything a command prints on stdout. */
static void run(const char *cmd, lb_buf *out)
{
	char chunk[4096];
	size_t got;
	lb_err e;
	FILE *f;

	lb_buf_reset(out);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(lb_buf_add(out, chunk, got, &e), LB_OK);
	assert_int_equal(pclose(f), 0);
}

static void pdf_text(const char *pdf, lb_buf *out)
{
	char cmd[600];

	/* poppler grumbles about libharu's ToUnicode map on stderr; the text
	 * comes out right all the same */
	snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>/dev/null", pdf);
	run(cmd, out);
}

static int count_files(const char *path)
{
	struct dirent *d;
	int n = 0;
	DIR *dp = opendir(path);

	assert_non_null(dp);
	while ((d = readdir(dp)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static lb_pdf *new_pdf(void)
{
	lb_pdf *p = NULL;
	lb_err e;

	lb_err_clear(&e);
	if (lb_pdf_new(&p, "Daftar Penerima — Ñoman", "Dinas Sosial", &e))
		fail_msg("lb_pdf_new: %s", e.msg);
	return p;
}

#define OK(call) do { \
	lb_err_clear(&e); \
	if ((call) != LB_OK) \
		fail_msg("%s: %s", #call, e.msg); \
} while (0)

static int titles(lb_pdf *p, int page, double *y, void *ctx, lb_err *e)
{
	int *calls = ctx;
	int rc;

	(*calls)++;
	if ((rc = lb_pdf_text(p, 42, *y + 12, LB_PDF_BOLD, 12,
			      "DAFTAR PENERIMA BANTUAN PANGAN", e)))
		return rc;
	if ((rc = lb_pdf_text(p, 42, *y + 28, LB_PDF_REGULAR, 10,
			      "Kecamatan Tenggarong, Kabupaten Kutai Kartanegara", e)))
		return rc;
	*y += 40;
	return LB_OK;
}

static const struct lb_pdf_col cols[] = {
	{ "No", 28, LB_PDF_RIGHT },
	{ "Kode Voucher", 90, LB_PDF_LEFT },
	{ "Nama Penerima", 0, LB_PDF_LEFT },
	{ "Desa/Kelurahan", 110, LB_PDF_LEFT },
	{ "Nilai Bantuan (Rp)", 80, LB_PDF_RIGHT },
};

/* 120 rows on portrait A4 fill three pages (43 or so a page). */
static void test_table_pages(void **state)
{
	struct lb_pdf_table_opts o = { 0 };
	const char *cells[5];
	char path[300], no[16], code[32];
	lb_pdf_table *t = NULL;
	char *page, *next;
	int i, calls = 0, pages = 0;
	lb_pdf *p = new_pdf();
	double y;
	lb_err e;
	lb_buf b;

	lb_buf_init(&b);
	o.orient = LB_PDF_PORTRAIT;
	o.fit = LB_PDF_WRAP;
	o.header = titles;
	o.ctx = &calls;
	OK(lb_pdf_table_new(&t, p, cols, 5, &o, &e));
	assert_int_equal(calls, 1);
	for (i = 1; i <= 120; i++) {
		snprintf(no, sizeof no, "%d", i);
		snprintf(code, sizeof code, "KKR-2026-%05d", i);
		cells[0] = no;
		cells[1] = code;
		cells[2] = i == 7 ? "Ñoman Sitompul" : i == 99 ? "Wa Ode Ṣ" : "Siti Aminah";
		cells[3] = i == 50 ? NULL : "Loa Ipuh";
		cells[4] = "300.000";
		OK(lb_pdf_table_row(t, cells, &e));
	}
	cells[0] = "";
	cells[1] = "";
	cells[2] = "JUMLAH";
	cells[3] = "";
	cells[4] = "36.000.000";
	OK(lb_pdf_table_total(t, cells, &e));
	OK(lb_pdf_table_space(t, 80, &y, &e));
	assert_true(y > 0);
	OK(lb_pdf_text(p, 400, y + 20, LB_PDF_REGULAR, 10, "Kepala Dinas Sosial", &e));
	assert_int_equal(calls, lb_pdf_page_count(p));
	lb_pdf_table_free(t);
	/* numbered once the page count is known; no page beyond the last */
	assert_int_equal(lb_pdf_goto_page(p, lb_pdf_page_count(p) + 1, &e), LB_EINPUT);
	OK(lb_pdf_number_pages(p, 0, 0, NULL, 0, &e));

	in_dir(path, sizeof path, "daftar.pdf");
	OK(lb_pdf_save(p, path, &e));
	lb_pdf_free(p);

	pdf_text(path, &b);
	for (page = b.data; (next = strchr(page, '\f')); page = next + 1) {
		char foot[32];

		*next = '\0';
		pages++;
		assert_non_null(strstr(page, "DAFTAR PENERIMA BANTUAN PANGAN"));
		assert_non_null(strstr(page, "Nama Penerima"));
		/* the title wraps in its 80 pt column */
		assert_non_null(strstr(page, "Nilai Bantuan"));
		snprintf(foot, sizeof foot, "Halaman %d dari 3", pages);
		assert_non_null(strstr(page, foot));
	}
	assert_int_equal(pages, 3);
	assert_int_equal(calls, 3);
	/* the text of all pages, with the page breaks back */
	for (i = 0; i < (int)b.len; i++)
		if (!b.data[i])
			b.data[i] = '\f';
	assert_non_null(strstr(b.data, "Halaman 2 dari 3"));
	assert_non_null(strstr(b.data, "Ñoman Sitompul"));
	assert_non_null(strstr(b.data, "Wa Ode Ṣ"));
	assert_non_null(strstr(b.data, "KKR-2026-00120"));
	assert_non_null(strstr(b.data, "36.000.000"));
	assert_non_null(strstr(b.data, "Kepala Dinas Sosial"));
	lb_buf_release(&b);
}

/* Long cells wrap and make the row taller; a table can follow text the
 * caller drew on its own page. */
static void test_table_wrap_and_start(void **state)
{
	static const struct lb_pdf_col two[] = {
		{ "Uraian", 120, LB_PDF_LEFT },
		{ "Keterangan", 0, LB_PDF_CENTER },
	};
	static const struct lb_pdf_col wide[] = {
		{ "A", 400, LB_PDF_LEFT },
		{ "B", 300, LB_PDF_LEFT },
	};
	struct lb_pdf_table_opts o = { 0 };
	const char *cells[2];
	char path[300];
	lb_pdf_table *t = NULL;
	lb_pdf *p = new_pdf();
	double y0, y1;
	lb_err e;
	lb_buf b;

	lb_buf_init(&b);
	OK(lb_pdf_add_page(p, LB_PDF_LANDSCAPE, &e));
	assert_true(lb_pdf_page_width(p) > lb_pdf_page_height(p));
	OK(lb_pdf_text(p, 42, 60, LB_PDF_BOLD, 14, "BERITA ACARA SERAH TERIMA", &e));

	/* too wide for portrait A4 */
	assert_int_equal(lb_pdf_table_new(&t, p, wide, 2, NULL, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "landscape"));
	assert_null(t);

	o.orient = LB_PDF_LANDSCAPE;
	o.fit = LB_PDF_WRAP;
	o.start_y = 80;
	OK(lb_pdf_table_new(&t, p, two, 2, &o, &e));
	assert_int_equal(lb_pdf_page_count(p), 1);
	y0 = lb_pdf_table_y(t);
	cells[0] = "Beras medium dalam karung lima kilogram sebanyak dua ratus karung "
		   "diterima dalam keadaan baik dan tersegel";
	cells[1] = "baris satu\nbaris dua";
	OK(lb_pdf_table_row(t, cells, &e));
	y1 = lb_pdf_table_y(t);
	/* five or so lines in a 120 pt column: far taller than one line */
	assert_true(y1 - y0 > 3 * lb_pdf_leading(9));
	/* a code wider than its column is drawn smaller, never broken */
	cells[0] = "Barang BERAS-MEDIUM-PREMIUM-KARUNG-25";
	cells[1] = "Rp1.234.567.890";
	OK(lb_pdf_table_row(t, cells, &e));
	lb_pdf_table_free(t);
	OK(lb_pdf_number_pages(p, 0, 0, NULL, 0, &e));

	in_dir(path, sizeof path, "bast.pdf");
	OK(lb_pdf_save(p, path, &e));
	lb_pdf_free(p);
	pdf_text(path, &b);
	assert_non_null(strstr(b.data, "BERITA ACARA SERAH TERIMA"));
	assert_non_null(strstr(b.data, "Halaman 1 dari 1"));
	assert_non_null(strstr(b.data, "tersegel"));
	assert_non_null(strstr(b.data, "baris dua"));
	assert_non_null(strstr(b.data, "BERAS-MEDIUM-PREMIUM-KARUNG-25"));
	lb_buf_release(&b);
}

static void test_text_fit(void **state)
{
	lb_pdf *p = new_pdf();
	double w1, w2, h, used;
	char path[300];
	lb_err e;
	lb_buf b;

	lb_buf_init(&b);
	OK(lb_pdf_text_width(p, LB_PDF_REGULAR, 10, "", &w1, &e));
	assert_true(w1 == 0);
	OK(lb_pdf_text_width(p, LB_PDF_REGULAR, 10, "W", &w1, &e));
	OK(lb_pdf_text_width(p, LB_PDF_REGULAR, 10, "WW", &w2, &e));
	assert_true(w1 > 5 && w1 < 15);
	assert_true(w2 > 2 * w1 - 0.01 && w2 < 2 * w1 + 0.01);
	OK(lb_pdf_text_width(p, LB_PDF_BOLD, 10, "WW", &w1, &e));
	assert_true(w1 > w2);
	/* a multibyte letter is one glyph, about as wide as its plain form */
	OK(lb_pdf_text_width(p, LB_PDF_REGULAR, 10, "Ñoman", &w1, &e));
	OK(lb_pdf_text_width(p, LB_PDF_REGULAR, 10, "Noman", &w2, &e));
	assert_true(w1 > w2 - 0.01 && w1 < w2 + 0.01);
	OK(lb_pdf_text_width(p, LB_PDF_REGULAR, 20, "Noman", &w1, &e));
	assert_true(w1 > 2 * w2 - 0.01 && w1 < 2 * w2 + 0.01);

	OK(lb_pdf_text_box_height(p, 100, LB_PDF_REGULAR, 10, LB_PDF_TRUNCATE,
				  "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh",
				  &h, &e));
	assert_true(h == lb_pdf_leading(10));
	OK(lb_pdf_text_box_height(p, 100, LB_PDF_REGULAR, 10, LB_PDF_WRAP,
				  "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh",
				  &h, &e));
	assert_true(h >= 3 * lb_pdf_leading(10));
	OK(lb_pdf_text_box_height(p, 100, LB_PDF_REGULAR, 10, LB_PDF_WRAP, "", &h, &e));
	assert_true(h == lb_pdf_leading(10));
	/* a word longer than the box is broken rather than overflowing */
	OK(lb_pdf_text_box_height(p, 20, LB_PDF_REGULAR, 10, LB_PDF_WRAP,
				  "6402010101900001", &h, &e));
	assert_true(h >= 3 * lb_pdf_leading(10));

	assert_int_equal(lb_pdf_text(p, 10, 10, LB_PDF_REGULAR, 10, "x", &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "no page"));
	OK(lb_pdf_add_page(p, LB_PDF_PORTRAIT, &e));
	assert_int_equal(lb_pdf_text(p, 10, 10, LB_PDF_REGULAR, 10, "bad \xC3\x28", &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "UTF-8"));
	assert_int_equal(lb_pdf_text(p, 10, 10, LB_PDF_REGULAR, 10, "\xED\xA0\x80", &e), LB_EINPUT);
	assert_int_equal(lb_pdf_text(p, 10, 10, 7, 10, "x", &e), LB_EINPUT);
	assert_int_equal(lb_pdf_text(p, 10, 10, LB_PDF_REGULAR, 0, "x", &e), LB_EINPUT);

	OK(lb_pdf_text_box(p, 50, 100, 60, 12, LB_PDF_REGULAR, 10, LB_PDF_LEFT,
			   LB_PDF_TRUNCATE, "Kabupaten Kutai Kartanegara", &used, &e));
	assert_true(used == lb_pdf_leading(10));
	OK(lb_pdf_text_box(p, 50, 200, 100, 2 * lb_pdf_leading(10), LB_PDF_REGULAR, 10,
			   LB_PDF_RIGHT, LB_PDF_WRAP,
			   "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda",
			   &used, &e));
	assert_true(used == 2 * lb_pdf_leading(10));
	OK(lb_pdf_text(p, 50, 300, LB_PDF_REGULAR, 10, "tab\there", &e));
	in_dir(path, sizeof path, "fit.pdf");
	OK(lb_pdf_save(p, path, &e));
	lb_pdf_free(p);

	pdf_text(path, &b);
	assert_non_null(strstr(b.data, "Kabupat"));
	assert_non_null(strstr(b.data, "…"));
	assert_null(strstr(b.data, "Kartanegara"));
	assert_non_null(strstr(b.data, "alpha beta"));
	assert_null(strstr(b.data, "lambda"));
	assert_non_null(strstr(b.data, "tab here"));
	lb_buf_release(&b);
}

static void test_unwritable(void **state)
{
	lb_pdf *p = new_pdf();
	char path[300], file[300];
	lb_err e;
	FILE *f;

	assert_int_equal(lb_pdf_save(p, "/tmp/x.pdf", &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "no pages"));
	OK(lb_pdf_add_page(p, LB_PDF_PORTRAIT, &e));
	OK(lb_pdf_text(p, 50, 50, LB_PDF_REGULAR, 10, "isi", &e));

	in_dir(path, sizeof path, "tidak-ada/laporan.pdf");
	assert_int_equal(lb_pdf_save(p, path, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, strerror(ENOENT)));
	assert_int_equal(access(path, F_OK), -1);

	/* a file standing where a directory should be */
	in_dir(file, sizeof file, "berkas");
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	in_dir(path, sizeof path, "berkas/laporan.pdf");
	assert_int_equal(lb_pdf_save(p, path, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, strerror(ENOTDIR)));

	/* the name of an existing directory: the rename fails and the
	 * temporary file is removed */
	in_dir(path, sizeof path, "folder");
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(lb_pdf_save(p, path, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, path));
	assert_int_equal(count_files(dir), 2);
	assert_int_equal(count_files(path), 0);

	/* a read-only directory; root writes anyway, so only as a user */
	if (geteuid() != 0) {
		in_dir(path, sizeof path, "folder");
		assert_int_equal(chmod(path, 0555), 0);
		in_dir(path, sizeof path, "folder/laporan.pdf");
		assert_int_equal(lb_pdf_save(p, path, &e), LB_EINPUT);
		assert_non_null(strstr(e.msg, strerror(EACCES)));
		in_dir(path, sizeof path, "folder");
		chmod(path, 0755);
	}

	/* saving over an existing report replaces it whole */
	in_dir(path, sizeof path, "laporan.pdf");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("old", f);
	fclose(f);
	OK(lb_pdf_save(p, path, &e));
	f = fopen(path, "rb");
	assert_non_null(f);
	{
		char head[5] = { 0 };
		assert_int_equal(fread(head, 1, 4, f), 4);
		assert_string_equal(head, "%PDF");
	}
	fclose(f);
	assert_int_equal(count_files(dir), 3);
	lb_pdf_free(p);
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void read_all(const char *path, lb_buf *out)
{
	char chunk[4096];
	size_t got;
	lb_err e;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	lb_buf_reset(out);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(lb_buf_add(out, chunk, got, &e), LB_OK);
	fclose(f);
}

static void test_logo(void **state)
{
	static const unsigned char fake_png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2,
	};
	char txt[300], png[320], jpg[320], bad[300], prefix[300], out[300], cmd[700], want[400];
	uint32_t crc;
	lb_pdf *p = new_pdf(), *q;
	lb_err e;
	lb_buf b;

	lb_buf_init(&b);
	OK(lb_pdf_add_page(p, LB_PDF_PORTRAIT, &e));
	in_dir(txt, sizeof txt, "logo.png");
	write_file(txt, "bukan gambar\n", 13);
	assert_int_equal(lb_pdf_image(p, txt, 10, 10, 50, 50, &e), LB_EINPUT);
	snprintf(want, sizeof want, "logo '%s' is not a PNG or JPEG file", txt);
	assert_string_equal(e.msg, want);

	in_dir(bad, sizeof bad, "tidak-ada.png");
	assert_int_equal(lb_pdf_image(p, bad, 10, 10, 50, 50, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, bad));

	/* the right magic bytes and nothing behind them */
	in_dir(bad, sizeof bad, "rusak.png");
	write_file(bad, fake_png, sizeof fake_png);
	assert_int_equal(lb_pdf_image(p, bad, 10, 10, 50, 50, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, bad));
	assert_non_null(strstr(e.msg, "not a valid PNG"));

	/* a real PNG: a page of our own, rasterised by poppler */
	OK(lb_pdf_rect(p, 0, 0, 200, 100, LB_PDF_FILL, 0.3, &e));
	OK(lb_pdf_rect(p, 10, 10, 100, 50, LB_PDF_STROKE, 0, &e));
	in_dir(out, sizeof out, "src.pdf");
	OK(lb_pdf_save(p, out, &e));
	in_dir(prefix, sizeof prefix, "logo");
	snprintf(cmd, sizeof cmd, "pdftoppm -r 10 -png -singlefile '%s' '%s'", out, prefix);
	assert_int_equal(system(cmd), 0);
	snprintf(png, sizeof png, "%s.png", prefix);

	snprintf(cmd, sizeof cmd, "pdftoppm -r 10 -jpeg -singlefile '%s' '%s'", out, prefix);
	assert_int_equal(system(cmd), 0);
	snprintf(jpg, sizeof jpg, "%s.jpg", prefix);

	q = new_pdf();
	OK(lb_pdf_add_page(q, LB_PDF_PORTRAIT, &e));
	OK(lb_pdf_image(q, png, 40, 40, 60, 60, &e));
	OK(lb_pdf_image(q, jpg, 140, 40, 60, 60, &e));
	OK(lb_pdf_add_page(q, LB_PDF_PORTRAIT, &e));
	OK(lb_pdf_image(q, png, 40, 40, 30, 90, &e));
	in_dir(out, sizeof out, "logo.pdf");
	OK(lb_pdf_save(q, out, &e));
	lb_pdf_free(q);
	lb_pdf_free(p);

	/* the PNG drawn on two pages is embedded once, beside the JPEG */
	snprintf(cmd, sizeof cmd, "pdfimages -list '%s' | tail -n +3 | awk '{print $11}' | sort -u | wc -l", out);
	run(cmd, &b);
	assert_int_equal(atoi(b.data), 2);
	snprintf(cmd, sizeof cmd, "pdfimages -list '%s' | tail -n +3 | wc -l", out);
	run(cmd, &b);
	assert_int_equal(atoi(b.data), 3);
	snprintf(cmd, sizeof cmd, "pdfimages -list '%s' | grep -c ' jpeg '", out);
	run(cmd, &b);
	assert_int_equal(atoi(b.data), 1);

	/* libharu cannot take interlaced PNGs (and libpng would abort the
	 * process on a broken one); both are refused before libharu sees
	 * them */
	read_all(png, &b);
	assert_true(b.len > 33);
	b.data[28] = 1; /* IHDR interlace method */
	crc = (uint32_t)crc32(0, (const unsigned char *)b.data + 12, 17);
	b.data[29] = (char)(crc >> 24);
	b.data[30] = (char)(crc >> 16);
	b.data[31] = (char)(crc >> 8);
	b.data[32] = (char)crc;
	in_dir(bad, sizeof bad, "interlaced.png");
	write_file(bad, b.data, b.len);
	q = new_pdf();
	OK(lb_pdf_add_page(q, LB_PDF_PORTRAIT, &e));
	assert_int_equal(lb_pdf_image(q, bad, 10, 10, 50, 50, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "interlaced"));
	/* the last bytes of the compressed pixels lost */
	read_all(png, &b);
	in_dir(bad, sizeof bad, "cut.png");
	write_file(bad, b.data, b.len - 20);
	assert_int_equal(lb_pdf_image(q, bad, 10, 10, 50, 50, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "not a valid PNG"));
	lb_pdf_free(q);
	lb_buf_release(&b);
}

/* A rendered page at 72 dpi: one pixel per point. */
struct pgm {
	int w, h;
	unsigned char *px;
};

static void render(const char *pdf, struct pgm *g)
{
	char prefix[300], cmd[700], file[320];
	int maxval;
	FILE *f;

	in_dir(prefix, sizeof prefix, "render");
	snprintf(cmd, sizeof cmd, "pdftoppm -r 72 -gray -aa no -aaVector no -singlefile '%s' '%s'",
		 pdf, prefix);
	assert_int_equal(system(cmd), 0);
	snprintf(file, sizeof file, "%s.pgm", prefix);
	f = fopen(file, "rb");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "P5 %d %d %d", &g->w, &g->h, &maxval), 3);
	fgetc(f);
	g->px = malloc((size_t)g->w * (size_t)g->h);
	assert_non_null(g->px);
	assert_int_equal(fread(g->px, 1, (size_t)g->w * (size_t)g->h, f),
			 (size_t)g->w * (size_t)g->h);
	fclose(f);
	unlink(file);
}

static int dark(const struct pgm *g, int x, int y)
{
	return g->px[y * g->w + x] < 128;
}

static void test_qr_and_lines(void **state)
{
	enum { W = 21, Q = 4, M = 4 };
	unsigned char mod[W * W], keep;
	struct pgm g;
	char path[300];
	lb_pdf *p = new_pdf();
	int r, c, x, on = 0, off = 0;
	lb_err e;

	for (r = 0; r < W; r++)
		for (c = 0; c < W; c++)
			mod[r * W + c] = (r * 7 + c * 3 + r * c) % 5 < 2;
	mod[0] = 1;
	mod[W * W - 1] = 1;
	OK(lb_pdf_add_page(p, LB_PDF_PORTRAIT, &e));
	/* on a dark background, so the quiet zone must be painted light */
	OK(lb_pdf_rect(p, 90, 90, (W + 2 * Q) * M + 20, (W + 2 * Q) * M + 20,
		       LB_PDF_FILL, 0, &e));
	OK(lb_pdf_qr(p, 100, 100, (W + 2 * Q) * M, W, mod, Q, &e));
	OK(lb_pdf_line(p, 100, 400, 500, 400, 2, LB_PDF_DASHED, &e));
	OK(lb_pdf_line(p, 100, 450, 500, 450, 2, LB_PDF_SOLID, &e));

	keep = mod[5];
	mod[5] = 2;
	assert_int_equal(lb_pdf_qr(p, 100, 100, 100, W, mod, Q, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "row 1 column 6"));
	assert_int_equal(lb_pdf_qr(p, 100, 100, 100, 0, mod, Q, &e), LB_EINPUT);
	assert_int_equal(lb_pdf_line(p, 0, 0, 1, 1, 1, 9, &e), LB_EINPUT);
	mod[5] = keep;

	in_dir(path, sizeof path, "qr.pdf");
	OK(lb_pdf_save(p, path, &e));
	lb_pdf_free(p);
	render(path, &g);
	assert_true(g.w >= 595 && g.w <= 596);

	for (r = 0; r < W; r++)
		for (c = 0; c < W; c++)
			if (dark(&g, 100 + (Q + c) * M + M / 2, 100 + (Q + r) * M + M / 2) !=
			    mod[r * W + c])
				fail_msg("module row %d column %d drawn wrong", r, c);
	/* the quiet zone is light all round, the background dark beyond it */
	for (x = 101; x < 100 + (W + 2 * Q) * M - 1; x++) {
		assert_false(dark(&g, x, 101));
		assert_false(dark(&g, x, 100 + (W + 2 * Q) * M - 2));
		assert_false(dark(&g, 101, x));
	}
	assert_true(dark(&g, 95, 95));

	for (x = 110; x < 490; x++) {
		assert_true(dark(&g, x, 450));
		if (dark(&g, x, 400))
			on++;
		else
			off++;
	}
	assert_true(on > 100 && off > 100);
	free(g.px);
}

static void test_missing_font(void **state)
{
	lb_pdf *p = NULL;
	lb_err e;

	assert_int_equal(setenv("LUMBUNG_FONT_DIR", "/nonexistent/fonts", 1), 0);
	assert_int_equal(lb_pdf_new(&p, "t", NULL, &e), LB_ESYS);
	unsetenv("LUMBUNG_FONT_DIR");
	assert_null(p);
	assert_non_null(strstr(e.msg, "/nonexistent/fonts/DejaVuSans.ttf"));
	assert_non_null(strstr(e.msg, "fonts-dejavu-core"));

	assert_int_equal(lb_pdf_new(&p, "bad \xFF title", NULL, &e), LB_EINPUT);
	assert_null(p);
}

/* A PDF into a buffer (a web response) and through a link: the buffer
 * gets the same bytes a file would, no file appears, and a symbolic
 * link is never written through. */
static void test_sinks(void **state)
{
	lb_pdf *p = new_pdf();
	struct lb_sink sink;
	char path[300], link_to[300];
	lb_buf mem, file;
	lb_err e;
	struct stat st;

	lb_buf_init(&mem);
	lb_buf_init(&file);
	sink = lb_sink_mem(&mem);
	assert_int_equal(lb_pdf_write(p, &sink, &e), LB_EINPUT); /* no pages */
	assert_non_null(strstr(e.msg, "no pages"));
	assert_int_equal(mem.len, 0);
	OK(lb_pdf_add_page(p, LB_PDF_PORTRAIT, &e));
	OK(lb_pdf_text(p, 50, 50, LB_PDF_REGULAR, 10, "isi dari memori", &e));
	OK(lb_pdf_write(p, &sink, &e));
	assert_int_equal(count_files(dir), 0);
	assert_true(mem.len > 500);
	assert_memory_equal(mem.data, "%PDF-", 5);
	{
		char tail[9] = { 0 };
		memcpy(tail, mem.data + mem.len - 8, 8);
		assert_non_null(strstr(tail, "%%EOF"));
	}

	/* the same document saved to a file: private, and the same size */
	in_dir(path, sizeof path, "laporan.pdf");
	OK(lb_pdf_save(p, path, &e));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	read_all(path, &file);
	assert_int_equal(file.len, mem.len);

	/* a link where the file should go is refused; its target untouched */
	in_dir(link_to, sizeof link_to, "tautan.pdf");
	assert_int_equal(symlink(path, link_to), 0);
	sink = lb_sink_file(link_to, 1);
	assert_int_equal(lb_pdf_write(p, &sink, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "symbolic link"));
	assert_int_equal(count_files(dir), 2);
	/* and an existing file is refused without force */
	sink = lb_sink_file(path, 0);
	assert_int_equal(lb_pdf_write(p, &sink, &e), LB_EINPUT);
	assert_non_null(strstr(e.msg, "--force"));
	assert_int_equal(count_files(dir), 2);
	lb_buf_release(&mem);
	lb_buf_release(&file);
	lb_pdf_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_wrap_and_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_fit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_logo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qr_and_lines, setup, teardown),
		cmocka_unit_test(test_missing_font),
		cmocka_unit_test_setup_teardown(test_sinks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
