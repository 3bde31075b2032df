/*
 * settings.c — the declared settings and their storage. See settings.h.
 */
#include "settings.h"

#include <stdio.h>
#include <string.h>

#include "docnum.h"
#include "meta.h"
#include "text.h"

/* Indonesia has three time zones and no daylight saving, so the three
 * names are all a setting needs and no tzdata is read. */
static int check_timezone(const char *name, const char *val, lb_err *e)
{
	static const char *const zones[] = { "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura" };

	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		if (strcmp(val, zones[i]) == 0)
			return LB_OK;
	return lb_fail(e, LB_EINPUT,
		       "setting '%s': '%s' is not an Indonesian time zone: use Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)",
		       name, val);
}

/* ---- office documents (issue 15) ---- */

static int check_yesno(const char *name, const char *val, lb_err *e)
{
	if (strcmp(val, "yes") == 0 || strcmp(val, "no") == 0)
		return LB_OK;
	return lb_fail(e, LB_EINPUT, "setting '%s': '%s' is neither yes nor no", name, val);
}

static int check_per_page(const char *name, const char *val, lb_err *e)
{
	if (strcmp(val, "1") == 0 || strcmp(val, "2") == 0 || strcmp(val, "4") == 0 || strcmp(val, "8") == 0)
		return LB_OK;
	return lb_fail(e, LB_EINPUT, "setting '%s': '%s' slips a sheet: use 1, 2, 4 or 8", name, val);
}

static int check_paper(const char *name, const char *val, lb_err *e)
{
	if (strcmp(val, "A4") == 0 || strcmp(val, "F4") == 0)
		return LB_OK;
	return lb_fail(e, LB_EINPUT, "setting '%s': '%s' is not a paper size: use A4 or F4 (folio, 215 x 330 mm)",
		       name, val);
}

static int check_number(const char *name, const char *val, lb_err *e)
{
	lb_err sub;

	if (lb_docnum_check(val, &sub) == LB_OK)
		return LB_OK;
	return lb_fail(e, LB_EINPUT, "setting '%s': %s", name, sub.msg);
}

/* A NIP is the civil servant's 18 digits; people write it with spaces. */
static int check_nip(const char *name, const char *val, lb_err *e)
{
	int digits = 0;

	for (const char *p = val; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != ' ')
			return lb_fail(e, LB_EINPUT, "setting '%s': a NIP has only digits and spaces", name);
	}
	if (digits != 18)
		return lb_fail(e, LB_EINPUT, "setting '%s': a NIP has 18 digits, not %d", name, digits);
	return LB_OK;
}

/* Who signs a document: roles separated by commas. */
static int check_signers(const char *name, const char *val, lb_err *e)
{
	static const char *const roles[] = { "kepala_dinas", "ppk", "bendahara", "petugas",
					     "pengurus_barang", "kepala_desa" };
	const char *p = val;

	if (strcmp(val, "-") == 0)
		return LB_OK;
	while (*p) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
			if (strlen(roles[i]) == n && strncmp(p, roles[i], n) == 0)
				break;
		if (i == sizeof roles / sizeof roles[0])
			return lb_fail(e, LB_EINPUT,
				       "setting '%s': unknown role '%.*s': use kepala_dinas, ppk, bendahara, petugas, pengurus_barang, kepala_desa (or - for none)",
				       name, (int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	return LB_OK;
}

#define SIGNER(role, title)                                                                        \
	{ "office.signer." role ".name", "", "name of the " title " as signed on documents", NULL,     \
	  "nama " title " seperti ditandatangani di dokumen" },                                         \
	{ "office.signer." role ".nip", "", "NIP of the " title " (18 digits; empty when none)", check_nip, \
	  "NIP " title " (18 angka; kosong bila tidak ada)" },                                          \
	{ "office.signer." role ".jabatan", title, "the " title "'s position as printed", NULL,         \
	  "jabatan " title " seperti dicetak" }

const struct lb_setting_def lb_settings[] = {
	/* time (issue 14) */
	{ "timezone", "Asia/Makassar",
	  "the office's time zone for every time shown or printed: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)",
	  check_timezone,
	  "zona waktu kantor untuk setiap waktu yang ditampilkan atau dicetak: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)" },

	/* office documents (issue 15) */
	{ "office.kop.pemerintah", "",
	  "first line of the kop surat: the government (PEMERINTAH KABUPATEN KUTAI KARTANEGARA)", NULL,
	  "baris pertama kop surat: pemerintah daerah (PEMERINTAH KABUPATEN KUTAI KARTANEGARA)" },
	{ "office.kop.dinas", "", "second line of the kop surat: the office, in capitals; empty: the office named at init", NULL,
	  "baris kedua kop surat: nama dinas, huruf kapital; kosong: nama kantor saat init" },
	{ "office.kop.alamat", "", "the office's address on the kop surat", NULL, "alamat kantor pada kop surat" },
	{ "office.kop.telepon", "", "telephone on the kop surat", NULL, "telepon pada kop surat" },
	{ "office.kop.email", "", "e-mail on the kop surat", NULL, "surel pada kop surat" },
	{ "office.place", "", "where documents are signed (Tenggarong); empty: the village or point", NULL,
	  "tempat dokumen ditandatangani (Tenggarong); kosong: desa atau titik salur" },
	{ "office.paper", "A4", "paper of the BAST, handover lists and berita acara: A4 or F4 (folio)", check_paper,
	  "kertas BAST, daftar serah terima dan berita acara: A4 atau F4 (folio)" },
	SIGNER("kepala_dinas", "Kepala Dinas"),
	SIGNER("ppk", "Pejabat Pembuat Komitmen"),
	SIGNER("bendahara", "Bendahara"),
	SIGNER("petugas", "Petugas Penyalur"),
	SIGNER("pengurus_barang", "Pengurus Barang"),
	{ "office.bast.mengetahui", "kepala_dinas",
	  "who signs \"Mengetahui\" under a BAST: a role, or - for nobody", check_signers,
	  "yang menandatangani \"Mengetahui\" di bawah BAST: satu peran, atau - bila tidak ada" },
	{ "office.handover.signers", "petugas,kepala_desa", "who signs a handover list, left to right", check_signers,
	  "yang menandatangani daftar serah terima, dari kiri ke kanan" },
	{ "office.report.signers", "bendahara,ppk,kepala_dinas",
	  "who signs the realisation and recipients reports", check_signers,
	  "yang menandatangani laporan realisasi dan daftar penerima" },
	{ "office.stock.signers", "pengurus_barang,kepala_dinas",
	  "who signs the stock report and the berita acara stock opname", check_signers,
	  "yang menandatangani laporan stok dan berita acara stock opname" },
	{ "office.number.bast", "{seq}/BAST-{program}/{bulan-romawi}/{tahun}",
	  "number of a BAST; tokens {seq} {seq:N} {program} {bulan} {bulan-romawi} {tahun} {desa} {lokasi}",
	  check_number,
	  "nomor BAST; penanda {seq} {seq:N} {program} {bulan} {bulan-romawi} {tahun} {desa} {lokasi}" },
	{ "office.number.handover", "{seq}/DSP-{program}/{bulan-romawi}/{tahun}",
	  "number of a handover list (daftar serah terima paket)", check_number,
	  "nomor daftar serah terima paket" },
	{ "office.number.opname", "{seq}/BA-SO/{lokasi}/{bulan-romawi}/{tahun}",
	  "number of a berita acara stock opname", check_number, "nomor berita acara stock opname" },
	{ "office.slip_per_page", "8", "slips a sheet for a single slip printed alone (a reissue): 1, 2, 4 or 8",
	  check_per_page, "kupon per lembar untuk satu kupon yang dicetak sendiri (cetak ulang): 1, 2, 4 atau 8" },
	{ "office.csv_excel", "no", "report CSV for people as Excel opens it (BOM, semicolons): yes or no",
	  check_yesno, "CSV laporan untuk orang seperti dibuka Excel (BOM, titik koma): yes atau no" },

	{ 0 },
};

const struct lb_setting_def *lb_setting_find(const char *name)
{
	for (const struct lb_setting_def *d = lb_settings; d->name; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

int lb_setting_get(lb_db *db, const char *name, lb_buf *val, lb_err *e)
{
	const struct lb_setting_def *d = lb_setting_find(name);
	char key[128];
	int found, rc;

	if (!d)
		return lb_fail(e, LB_EINPUT, "unknown setting '%s': 'lumbung settings' lists them", name);
	snprintf(key, sizeof key, "setting.%s", name);
	if ((rc = lb_meta_get(db, key, val, &found, e)))
		return rc;
	if (!found || !val->len) {
		lb_buf_reset(val);
		return lb_buf_adds(val, d->deflt, e);
	}
	return LB_OK;
}

int lb_setting_set(lb_db *db, const char *name, const char *val, lb_err *e)
{
	const struct lb_setting_def *d = lb_setting_find(name);
	char key[128];
	int rc;

	if (!d)
		return lb_fail(e, LB_EINPUT, "unknown setting '%s': 'lumbung settings' lists them", name);
	snprintf(key, sizeof key, "setting '%s'", name);
	if ((rc = lb_text_check(val, key, 1000, 0, e)))
		return rc;
	if (*val && d->check && (rc = d->check(name, val, e)))
		return rc;
	snprintf(key, sizeof key, "setting.%s", name);
	if ((rc = lb_db_begin(db, e)))
		return rc;
	if ((rc = lb_meta_set(db, key, val, e))) {
		lb_db_rollback(db);
		return rc;
	}
	return lb_db_commit(db, e);
}

int lb_settings_apply(struct lb_op *op, const struct lb_settings_in *in, lb_buf *val, lb_err *e)
{
	int rc;

	if (in->value && (rc = lb_setting_set(op->db, in->name, in->value, e)))
		return rc;
	return lb_setting_get(op->db, in->name, val, e);
}
