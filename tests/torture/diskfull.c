/*
 * diskfull.c — every writing command on a database with no room left.
 *
 * $LUMBUNG_MAX_PAGES caps the database (PRAGMA max_page_count, core/db.h).
 * Each command runs, as the real binary, on a copy of one prepared
 * database capped at its current size: a command that writes enough to
 * need a new page must then fail. Small commands (one receipt, one scan,
 * one period) are repeated with new arguments until one needs the room;
 * large ones (an import, an allocation, printing a round, a scanner
 * file, a field kit) need it at once. The failing run must:
 *   - exit 1 and say "the disk or the database is full" on stderr;
 *   - leave the database as it was: nothing of the command written (the
 *     rows of every table the commands write are counted), PRAGMA
 *     integrity_check ok, lumbung verify passing;
 * and the very same command must succeed once the cap is lifted.
 *
 * Commands: stock receive, move, adjust, count, reverse and import;
 * recipient add and import; allocate; voucher print (its voucher
 * creation) and revoke; redeem (one scan, and a scanner file); redeem
 * undo; field import; period close.
 *
 * The long form (LUMBUNG_TORTURE=1) runs every command on three copies,
 * each capped a different number of pages above its size (0, 1, 3).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/hash.h"
#include "inventory/verify.h"
#include "tests/torture/common.h"

enum {
	C_RECEIVE, C_MOVE, C_ADJUST, C_COUNT, C_REVERSE, C_IMPORT, C_RCP_ADD, C_RCP_IMPORT, C_ALLOCATE,
	C_PRINT, C_REVOKE, C_REDEEM, C_REDEEM_FILE, C_UNDO, C_KIT_IMPORT, C_CLOSE, NCMD
};

static const char *const cmd_name[NCMD] = {
	"stock receive", "stock move", "stock adjust", "stock count", "stock reverse", "stock import",
	"recipient add", "recipient import", "allocate", "voucher print", "voucher revoke", "redeem",
	"redeem --file", "redeem undo", "field import", "period close",
};

/* Small commands are tried again and again; how often at most. */
#define MAX_TRIES 800

struct fx {
	struct tt_world w;
	char base[300], kitbase[300], kit[300], db[300], kitcopy[300];
	char import_csv[300], rcp_csv[300], scans[300], pdf[300], out[300];
	char (*payload)[200];
	char (*serial)[16];
	int npayload;
	int64_t first_import_mov;
};

static const char *note200 =
	"catatan panjang untuk mengisi halaman: barang diterima dalam keadaan baik, disaksikan petugas gudang dan "
	"perwakilan pemasok, dengan surat jalan terlampir dan tanda tangan lengkap di setiap lembar dokumen";

static void must(struct fx *f, const char *const *argv)
{
	char *t;
	int rc = tt_run(f->out, argv);

	if (rc == 0)
		return;
	t = tt_slurp(f->out, NULL);
	tt_die("setup: lumbung %s %s exited with %d: %.500s", argv[0], argv[1] ? argv[1] : "", rc, t ? t : "");
}

#define MUST(f, ...)                                          \
	do {                                                  \
		const char *const a_[] = { __VA_ARGS__, NULL }; \
		must(f, a_);                                  \
	} while (0)

static int64_t q1(const char *path, const char *sql)
{
	lb_db *db;
	lb_err e = { 0 };
	int64_t v = -1;

	if (lb_db_open(path, LB_DB_EXISTING, &db, &e))
		tt_die("open %s: %s", path, e.msg);
	if (lb_db_int(db, sql, 0, &v, &e))
		tt_die("%s: %s", sql, e.msg);
	lb_db_close(db);
	return v;
}

/* The tables a command here writes, and their rows. */
static const char *const tables[] = {
	"movement", "lot", "stock_count", "recipient", "allocation", "allocation_run", "voucher",
	"voucher_revocation", "redemption", "redemption_undo", "redemption_attempt", "period_close",
	"field_kit_import",
};
#define NTABLE (sizeof tables / sizeof tables[0])

static void fingerprint(const char *path, int64_t rows[NTABLE])
{
	for (size_t i = 0; i < NTABLE; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
		rows[i] = q1(path, sql);
	}
}

/* The tables whose rows differ, as text; "" when none. */
static void differ(const int64_t *a, const int64_t *b, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < NTABLE && len < n; i++) {
		if (a[i] == b[i])
			continue;
		len += (size_t)snprintf(out + len, n - len, "%s %lld -> %lld; ", tables[i], (long long)a[i],
					(long long)b[i]);
	}
}

static void lines_of(const char *path, char (*out)[200], int max, int *n, int tsv_serial, char (*serials)[16])
{
	FILE *in = fopen(path, "r");
	char line[400];

	if (!in)
		tt_die("%s: %s", path, strerror(errno));
	*n = 0;
	while (*n < max && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (tsv_serial) {
			char *tab = strchr(line, '\t');
			if (tab)
				*tab = '\0';
			snprintf(serials[*n], 16, "%s", line);
		} else {
			snprintf(out[*n], 200, "%s", line);
		}
		(*n)++;
	}
	fclose(in);
}

static void setup(struct fx *f)
{
	char pay1[300], tsv1[300], pay2[300], csv[300];
	FILE *o;
	int n;

	tt_world_build(&f->w, 300);
	setenv("LUMBUNG_TODAY", "2026-01-10", 1);
	snprintf(f->out, sizeof f->out, "%s/cmd.out", f->w.dir);
	MUST(f, "stock", "receive", "--to", "GD-A", "--item", "BERAS", "--qty", "2000000", "--lot", "B-BASE", "--expiry",
	     "2026-12-31", "--unit-cost", "14000");
	MUST(f, "stock", "receive", "--to", "GD-A", "--item", "MINYAK", "--qty", "500000", "--lot", "M-BASE",
	     "--unit-cost", "18000");
	MUST(f, "stock", "receive", "--to", "GD-A", "--item", "TELUR", "--qty", "2000000", "--lot", "T-BASE", "--expiry",
	     "2026-06-30", "--unit-cost", "2000");
	for (int p = 1; p <= 3; p++) {
		char pt[8];
		snprintf(pt, sizeof pt, "POS-%d", p);
		MUST(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "BERAS", "--qty", "100000");
		MUST(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "MINYAK", "--qty", "40000");
		MUST(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "TELUR", "--qty", "300000");
	}
	/* Movements for stock reverse to undo, one by one. */
	snprintf(csv, sizeof csv, "%s/moves.csv", f->w.dir);
	if (!(o = fopen(csv, "w")))
		tt_die("%s", strerror(errno));
	fprintf(o, "type,from,to,item,qty,id\n");
	for (int i = 0; i < MAX_TRIES; i++)
		fprintf(o, "move,GD-A,GD-B,BERAS,1,setup-%d\n", i);
	if (fclose(o))
		tt_die("%s", strerror(errno));
	f->first_import_mov = q1(f->w.db, "SELECT max(id) FROM movement") + 1;
	MUST(f, "stock", "import", csv);
	MUST(f, "allocate", "--program", "SEMBAKO", "--period", "2026-01");
	/* The round's vouchers are issued at its first list or print. */
	snprintf(csv, sizeof csv, "%s/list.csv", f->w.dir);
	MUST(f, "voucher", "list", "--program", "SEMBAKO", "--period", "2026-01", "--village", "64.02.06.1001", "--format",
	     "csv", "-o", csv);
	snprintf(pay1, sizeof pay1, "%s/pay1.txt", f->w.dir);
	snprintf(tsv1, sizeof tsv1, "%s/pay1.tsv", f->w.dir);
	snprintf(pay2, sizeof pay2, "%s/pay2.txt", f->w.dir);
	MUST(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-1", "-o", pay1);
	MUST(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-1", "--format", "tsv",
	     "-o", tsv1);
	MUST(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-2", "-o", pay2);
	f->payload = calloc(400, sizeof *f->payload);
	f->serial = calloc(400, sizeof *f->serial);
	if (!f->payload || !f->serial)
		tt_die("out of memory");
	lines_of(pay1, f->payload, 400, &f->npayload, 0, NULL);
	lines_of(tsv1, NULL, 400, &n, 1, f->serial);
	snprintf(f->scans, sizeof f->scans, "%s", pay1);

	/* SEMBAKO 2026-02 allocated, its vouchers not issued yet: voucher
	 * print makes them. */
	MUST(f, "allocate", "--program", "SEMBAKO", "--period", "2026-02");

	/* The kit: exported from a copy and redeemed on. */
	snprintf(f->base, sizeof f->base, "%s/base.db", f->w.dir);
	snprintf(f->kitbase, sizeof f->kitbase, "%s/kitbase.db", f->w.dir);
	snprintf(f->kit, sizeof f->kit, "%s/kit.db", f->w.dir);
	snprintf(f->db, sizeof f->db, "%s/capped.db", f->w.dir);
	snprintf(f->kitcopy, sizeof f->kitcopy, "%s/capped-kit.db", f->w.dir);
	snprintf(f->pdf, sizeof f->pdf, "%s/slips.pdf", f->w.dir);
	tt_copy_db(f->w.db, f->base);
	tt_copy_db(f->w.db, f->kitbase);
	MUST(f, "-d", f->kitbase, "field", "export", "--point", "POS-2", "--period", "2026-01", "-o", f->kit);
	MUST(f, "-d", f->kit, "redeem", "--point", "POS-2", "--file", pay2);

	/* The files the large commands read. */
	snprintf(f->import_csv, sizeof f->import_csv, "%s/import.csv", f->w.dir);
	if (!(o = fopen(f->import_csv, "w")))
		tt_die("%s", strerror(errno));
	fprintf(o, "type,to,item,qty,lot,unit_cost,id,note\n");
	for (int i = 0; i < 3000; i++)
		fprintf(o, "receive,GD-B,BERAS,5,IMP-%d,14000,imp-%d,\"%s\"\n", i, i, note200);
	if (fclose(o))
		tt_die("%s", strerror(errno));
	snprintf(f->rcp_csv, sizeof f->rcp_csv, "%s/recipients.csv", f->w.dir);
	if (!(o = fopen(f->rcp_csv, "w")))
		tt_die("%s", strerror(errno));
	fprintf(o, "nik,kk,name,sex,birth_date,address,village,category,desil\n");
	for (int i = 0; i < 400; i++)
		fprintf(o, "640206%02d%02d%02d%04d,,Warga Baru %d,,,Jalan Mawar %d,64.02.06.1002,lansia,\n", 1 + i % 28,
			1 + i % 12, 30 + i % 30, 5000 + i, i, i);
	if (fclose(o))
		tt_die("%s", strerror(errno));
}

/* The arguments of command c, attempt i. */
static int argv_of(struct fx *f, int c, int i, const char **a)
{
	static char b1[64], b2[64], b3[64];
	int n = 0;

	a[n++] = "-d";
	a[n++] = f->db;
	switch (c) {
	case C_RECEIVE:
		snprintf(b1, sizeof b1, "DF-%d", i);
		snprintf(b2, sizeof b2, "df-r-%d", i);
		a[n++] = "stock", a[n++] = "receive", a[n++] = "--to", a[n++] = "GD-A", a[n++] = "--item";
		a[n++] = "MINYAK", a[n++] = "--qty", a[n++] = "5", a[n++] = "--lot", a[n++] = b1;
		a[n++] = "--unit-cost", a[n++] = "18000", a[n++] = "--id", a[n++] = b2, a[n++] = "--note", a[n++] = note200;
		break;
	case C_MOVE:
		snprintf(b2, sizeof b2, "df-m-%d", i);
		a[n++] = "stock", a[n++] = "move", a[n++] = "--from", a[n++] = "GD-A", a[n++] = "--to", a[n++] = "GD-B";
		a[n++] = "--item", a[n++] = "BERAS", a[n++] = "--qty", a[n++] = "1", a[n++] = "--id", a[n++] = b2;
		a[n++] = "--note", a[n++] = note200;
		break;
	case C_ADJUST:
		snprintf(b2, sizeof b2, "df-a-%d", i);
		a[n++] = "stock", a[n++] = "adjust", a[n++] = "--at", a[n++] = "GD-A", a[n++] = "--item", a[n++] = "BERAS";
		a[n++] = "--qty", a[n++] = "-1", a[n++] = "--reason", a[n++] = "rusak", a[n++] = "--id", a[n++] = b2;
		a[n++] = "--note", a[n++] = note200;
		break;
	case C_COUNT:
		snprintf(b1, sizeof b1, "%d", 100000 - 1 - i);
		a[n++] = "stock", a[n++] = "count", a[n++] = "--at", a[n++] = "POS-3", a[n++] = "--item";
		a[n++] = "BERAS", a[n++] = "--counted", a[n++] = b1;
		break;
	case C_REVERSE:
		snprintf(b1, sizeof b1, "%lld", (long long)(f->first_import_mov + i));
		a[n++] = "stock", a[n++] = "reverse", a[n++] = b1, a[n++] = "--reason", a[n++] = note200;
		break;
	case C_IMPORT:
		a[n++] = "stock", a[n++] = "import", a[n++] = f->import_csv;
		break;
	case C_RCP_ADD:
		snprintf(b1, sizeof b1, "640206%02d%02d%02d%04d", 1 + i % 28, 1 + i % 12, 30 + i % 30, 7000 + i);
		snprintf(b2, sizeof b2, "Tetangga Baru %d", i);
		snprintf(b3, sizeof b3, "Jalan Melati %d, RT 0%d", i, i % 9);
		a[n++] = "recipient", a[n++] = "add", a[n++] = "--nik", a[n++] = b1, a[n++] = "--name", a[n++] = b2;
		a[n++] = "--village", a[n++] = "64.02.06.1003", a[n++] = "--category", a[n++] = "lansia";
		a[n++] = "--address", a[n++] = b3;
		break;
	case C_RCP_IMPORT:
		a[n++] = "recipient", a[n++] = "import", a[n++] = f->rcp_csv;
		break;
	case C_ALLOCATE: /* PKH's two-month rounds, one after another */
		snprintf(b1, sizeof b1, "%04d-%02d", 2026 + (2 * i) / 12, 1 + (2 * i) % 12);
		a[n++] = "allocate", a[n++] = "--program", a[n++] = "PKH", a[n++] = "--period", a[n++] = b1;
		break;
	case C_PRINT:
		a[n++] = "voucher", a[n++] = "print", a[n++] = "--program", a[n++] = "SEMBAKO", a[n++] = "--period";
		a[n++] = "2026-02", a[n++] = "-o", a[n++] = f->pdf, a[n++] = "--force"; /* printed again and again */
		break;
	case C_REVOKE:
		a[n++] = "voucher", a[n++] = "revoke", a[n++] = f->serial[i % f->npayload], a[n++] = "--reason";
		a[n++] = note200;
		break;
	case C_REDEEM:
		a[n++] = "redeem", a[n++] = "--point", a[n++] = "POS-1", a[n++] = f->payload[i % f->npayload];
		break;
	case C_REDEEM_FILE:
		a[n++] = "redeem", a[n++] = "--point", a[n++] = "POS-1", a[n++] = "--file", a[n++] = f->scans;
		break;
	case C_UNDO:
		a[n++] = "redeem", a[n++] = "undo", a[n++] = f->serial[i % f->npayload], a[n++] = "--reason";
		a[n++] = note200;
		break;
	case C_KIT_IMPORT:
		a[n++] = "field", a[n++] = "import", a[n++] = f->kitcopy;
		break;
	default: /* C_CLOSE: months long past, one after another */
		snprintf(b1, sizeof b1, "%04d-%02d", 1990 + i / 12, 1 + i % 12);
		a[n++] = "period", a[n++] = "close", a[n++] = b1, a[n++] = "--yes";
		break;
	}
	a[n] = NULL;
	return n;
}

static int tries_of(int c)
{
	switch (c) {
	case C_ALLOCATE:
		return 12; /* PKH's rounds */
	case C_IMPORT:
	case C_RCP_IMPORT:
	case C_PRINT:
	case C_REDEEM_FILE:
	case C_KIT_IMPORT:
		return 1;
	case C_REVOKE:
	case C_UNDO:
	case C_REDEEM:
		return 100; /* one per slip of POS-1 */
	default:
		return MAX_TRIES;
	}
}

/* Open the capped copy as the command would, without a cap. */
static int sound(const char *path, char *why, size_t n)
{
	struct lb_verify_report rep;
	lb_db *db;
	lb_err e = { 0 };
	int bad = 0;

	if (lb_db_open(path, LB_DB_EXISTING, &db, &e)) {
		snprintf(why, n, "cannot open: %s", e.msg);
		return 0;
	}
	if (lb_db_integrity(db, &e) || lb_verify(db, &rep, &e)) {
		snprintf(why, n, "%s", e.msg);
		bad = 1;
	}
	lb_db_close(db);
	return !bad;
}

static void run_cmd(struct fx *f, int c, int extra, long *attempts)
{
	char why[1200] = "", diff[800], cap[32];
	int64_t before[NTABLE], after[NTABLE];
	const char *a[40], *v[4];
	int tries = tries_of(c), i, rc = 0;

	tt_copy_db(c == C_KIT_IMPORT ? f->kitbase : f->base, f->db);
	if (c == C_KIT_IMPORT)
		tt_copy_db(f->kit, f->kitcopy);
	if (c == C_UNDO) {
		/* Something to undo: the whole of POS-1 redeemed, no cap. */
		const char *const r[] = { "-d", f->db, "redeem", "--point", "POS-1", "--file", f->scans, NULL };
		if (tt_run(f->out, r) != 0)
			tt_die("setup: redeem before undo failed");
	}
	/* The cap stays where it was set: small commands fill the room
	 * left, one after another, until one finds none. */
	snprintf(cap, sizeof cap, "%lld", (long long)q1(f->db, "PRAGMA page_count") + extra);
	for (i = 0; i < tries; i++) {
		char *err;

		argv_of(f, c, i, a);
		fingerprint(f->db, before);
		setenv("LUMBUNG_MAX_PAGES", cap, 1);
		rc = tt_run(f->out, a);
		unsetenv("LUMBUNG_MAX_PAGES");
		(*attempts)++;
		if (rc == 0)
			continue; /* it fitted in the pages there were */
		err = tt_slurp(f->out, NULL);
		if (rc != 1 || !err || !strstr(err, "the disk or the database is full")) {
			snprintf(why, sizeof why, "exit %d on try %d, expected 1 and 'the disk or the database is full': %.400s", rc,
				 i + 1, err ? err : "");
			free(err);
			break;
		}
		free(err);
		fingerprint(f->db, after);
		differ(before, after, diff, sizeof diff);
		if (diff[0]) {
			snprintf(why, sizeof why, "the failed run wrote something: %s", diff);
			break;
		}
		if (!sound(f->db, why, sizeof why))
			break;
		v[0] = "-d", v[1] = f->db, v[2] = "verify", v[3] = NULL;
		if ((rc = tt_run(f->out, v)) != 0) {
			snprintf(why, sizeof why, "lumbung verify exited with %d after the failure", rc);
			break;
		}
		/* Room again: the very same command. */
		if ((rc = tt_run(f->out, a)) != 0) {
			err = tt_slurp(f->out, NULL);
			snprintf(why, sizeof why, "the same command without the cap exited with %d: %.400s", rc, err ? err : "");
			free(err);
			break;
		}
		if (!sound(f->db, why, sizeof why))
			break;
		if (c == C_PRINT && q1(f->db, "SELECT count(*) FROM allocation a WHERE a.period = '2026-02'"
					      " AND NOT EXISTS (SELECT 1 FROM voucher v WHERE v.allocation_id = a.id)")) {
			snprintf(why, sizeof why, "allocations left without vouchers after printing");
			break;
		}
		tt_ok("%s, cap +%d page%s: fails cleanly on try %d (exit 1, 'the disk or the database is full', nothing written, sound), then succeeds",
		      cmd_name[c], extra, extra == 1 ? "" : "s", i + 1);
		return;
	}
	if (!why[0])
		snprintf(why, sizeof why, "never ran out of room in %d tries", tries);
	tt_fail("%s, cap +%d pages: %s", cmd_name[c], extra, why);
}

int main(void)
{
	static struct fx f;
	static const int extras[] = { 0, 1, 3 };
	lb_err e = { 0 };
	long attempts = 0;
	int nextra = tt_long() ? 3 : 1;
	double t0;

	if (lb_hash_init(&e))
		tt_die("%s", e.msg);
	setup(&f);
	t0 = tt_now();
	for (int x = 0; x < nextra; x++)
		for (int c = 0; c < NCMD; c++)
			run_cmd(&f, c, extras[x], &attempts);
	tt_note("diskfull: %d commands x %d caps, %ld capped runs, %.1f s", NCMD, nextra, attempts, tt_now() - t0);
	free(f.payload);
	free(f.serial);
	tt_world_free(&f.w);
	return tt_done();
}
