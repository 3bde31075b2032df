/*
 * gen_xlsx.c — workbooks for tests, fuzz seeds and the benchmark, written
 * with libxlsxwriter (and libzip for the damaged ones), so that the XLSX
 * reader (core/xlsxread.c) is tested against files a real writer makes.
 *
 *   gen_xlsx csv IN.csv OUT.xlsx     every CSV line a row (no quoting in
 *                                    IN: tools/gen_recipients output);
 *                                    birth_date (column 5) as date cells;
 *                                    streamed (constant memory)
 *   gen_xlsx office OUT.xlsx         a good recipient list: Indonesian
 *                                    headings, a date cell, a formula,
 *                                    numbers for No and Desil, an empty
 *                                    row, a second sheet that is ignored
 *   gen_xlsx merged OUT.xlsx         the category merged over two rows
 *   gen_xlsx numbers OUT.xlsx        NIKs typed as numbers (Excel damage)
 *   gen_xlsx bomb OUT.xlsx           a sheet of 64 MB of spaces: a zip bomb
 *   gen_xlsx badxml OUT.xlsx         a sheet that is not well-formed XML
 *
 * Build: cc -O2 -o gen_xlsx tools/gen_xlsx.c -lxlsxwriter -lzip
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

static void die(const char *what)
{
	fprintf(stderr, "gen_xlsx: %s\n", what);
	exit(1);
}

static const char *const office_head[] = { "No", "NIK", "No KK", "Nama", "Jenis Kelamin",
					   "Tanggal Lahir", "Alamat", "Desa/Kelurahan", "Kategori",
					   "Desil" };

static void header(lxw_worksheet *ws, lxw_format *bold)
{
	for (int c = 0; c < 10; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, office_head[c], bold);
}

/* One person: NIK as text (or a number), a date cell, a formula. */
static void person(lxw_worksheet *ws, lxw_format *datef, int row, int no, const char *nik,
		   int nik_number, const char *name, const char *sex, int y, int m, int d,
		   const char *village, const char *category, int desil)
{
	lxw_datetime dt = { y, m, d, 0, 0, 0 };
	char formula[128];

	worksheet_write_number(ws, (lxw_row_t)row, 0, no, NULL);
	if (nik_number)
		worksheet_write_number(ws, (lxw_row_t)row, 1, atof(nik), NULL);
	else
		worksheet_write_string(ws, (lxw_row_t)row, 1, nik, NULL);
	snprintf(formula, sizeof formula, "=PROPER(\"%s\")", name);
	worksheet_write_formula_str(ws, (lxw_row_t)row, 3, formula, NULL, name);
	worksheet_write_string(ws, (lxw_row_t)row, 4, sex, NULL);
	worksheet_write_datetime(ws, (lxw_row_t)row, 5, &dt, datef);
	worksheet_write_string(ws, (lxw_row_t)row, 7, village, NULL);
	if (category)
		worksheet_write_string(ws, (lxw_row_t)row, 8, category, NULL);
	worksheet_write_number(ws, (lxw_row_t)row, 9, desil, NULL);
}

static void office(const char *out, int kind)
{
	lxw_workbook *wb = workbook_new(out);
	lxw_worksheet *ws, *notes;
	lxw_format *bold, *datef;

	if (!wb)
		die("cannot create the workbook");
	ws = workbook_add_worksheet(wb, "Data Penerima");
	notes = workbook_add_worksheet(wb, "Petunjuk");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	datef = workbook_add_format(wb);
	format_set_num_format(datef, "dd/mm/yyyy");
	header(ws, bold);
	person(ws, datef, 1, 1, "6402064203550001", kind == 2, "Siti Aminah", "Perempuan", 1955, 3,
	       2, "64.02.06.1002", "Lansia", 2);
	/* row 3 left empty, as lists often have */
	person(ws, datef, 3, 2, "6402061107480002", kind == 2, "Budi Santoso", "L", 1948, 7, 11,
	       "Jahab", kind == 1 ? NULL : "lansia", 1);
	if (kind == 1) {
		lxw_format *mid = workbook_add_format(wb);
		format_set_align(mid, LXW_ALIGN_VERTICAL_CENTER);
		/* Kategori merged over rows 2..4: only the top cell holds it. */
		worksheet_merge_range(ws, 1, 8, 3, 8, "Lansia", mid);
	}
	worksheet_write_string(notes, 0, 0, "NIK ditulis sebagai teks", NULL);
	worksheet_write_number(notes, 1, 0, 42, NULL);
	if (workbook_close(wb) != LXW_NO_ERROR)
		die("cannot write the workbook");
}

static void from_csv(const char *in, const char *out)
{
	lxw_workbook_options o = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(out, &o);
	lxw_worksheet *ws;
	lxw_format *datef;
	FILE *f = fopen(in, "r");
	static char line[4096];
	lxw_row_t row = 0;

	if (!wb || !f)
		die("cannot open the files");
	ws = workbook_add_worksheet(wb, NULL);
	datef = workbook_add_format(wb);
	format_set_num_format(datef, "dd/mm/yyyy");
	while (fgets(line, sizeof line, f)) {
		char *p = line, *q;
		lxw_col_t col = 0;
		line[strcspn(line, "\r\n")] = '\0';
		for (;;) {
			lxw_datetime dt = { 0 };
			q = strchr(p, ',');
			if (q)
				*q = '\0';
			if (row > 0 && col == 4 && *p &&
			    sscanf(p, "%d-%d-%d", &dt.year, &dt.month, &dt.day) == 3)
				worksheet_write_datetime(ws, row, col, &dt, datef);
			else if (*p)
				worksheet_write_string(ws, row, col, p, NULL);
			col++;
			if (!q)
				break;
			p = q + 1;
		}
		row++;
	}
	fclose(f);
	if (workbook_close(wb) != LXW_NO_ERROR)
		die("cannot write the workbook");
}

/* Replace the first sheet of a good workbook with other bytes. */
static void replace_sheet(const char *out, const char *data, size_t n)
{
	int err = 0;
	zip_t *z;
	zip_source_t *src;
	zip_int64_t i;

	office(out, 0);
	if (!(z = zip_open(out, 0, &err)))
		die("cannot reopen the workbook");
	i = zip_name_locate(z, "xl/worksheets/sheet1.xml", 0);
	if (i < 0 || !(src = zip_source_buffer(z, data, n, 0)) ||
	    zip_file_replace(z, (zip_uint64_t)i, src, 0) != 0)
		die("cannot replace the sheet");
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_DEFLATE, 9);
	if (zip_close(z) != 0)
		die("cannot write the workbook");
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "csv") == 0) {
		from_csv(argv[2], argv[3]);
	} else if (argc == 3 && strcmp(argv[1], "office") == 0) {
		office(argv[2], 0);
	} else if (argc == 3 && strcmp(argv[1], "merged") == 0) {
		office(argv[2], 1);
	} else if (argc == 3 && strcmp(argv[1], "numbers") == 0) {
		office(argv[2], 2);
	} else if (argc == 3 && strcmp(argv[1], "bomb") == 0) {
		size_t n = 64u << 20;
		static const char head[] = "<worksheet><sheetData>";
		char *b = malloc(n);
		if (!b)
			die("out of memory");
		memset(b, ' ', n);
		memcpy(b, head, sizeof head - 1);
		memcpy(b + n - 26, "</sheetData></worksheet>\n", 25);
		replace_sheet(argv[2], b, n);
		free(b);
	} else if (argc == 3 && strcmp(argv[1], "badxml") == 0) {
		static const char bad[] = "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>nik</t></is></c></rw></sheetData></worksheet>";
		replace_sheet(argv[2], bad, sizeof bad - 1);
	} else {
		fprintf(stderr, "usage: gen_xlsx csv IN OUT | office|merged|numbers|bomb|badxml OUT\n");
		return 2;
	}
	return 0;
}
