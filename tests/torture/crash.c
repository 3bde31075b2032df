/*
 * crash.c — writers killed with SIGKILL at random moments.
 *
 * Three writers, each the real lumbung binary on a fresh copy of one
 * database, in turn:
 *   import   `stock import` of a file of receipts and moves (one
 *            transaction: all its rows or none)
 *   redeem   `redeem --file` of a scanner file for one point (committed
 *            in batches; the file has repeated lines, refused as already
 *            redeemed)
 *   kit      `field import` of a field kit with redemptions and undos (one
 *            transaction)
 * Each round starts the writer, sleeps a random time up to a little more
 * than the writer takes to finish (measured once beforehand), and kills
 * it with SIGKILL (a writer that finished first is a round too). Then:
 *   - PRAGMA integrity_check is ok, and lumbung verify (the binary) passes;
 *   - import: the file's movements are all there or none is, and all when
 *     the process had reported success;
 *   - redeem: every slip the process reported as accepted on its output
 *     is redeemed, and every redemption is whole (its attempt logged, its
 *     whole package issued);
 *   - kit: the kit's redemptions, attempts, movements and import record
 *     are all there or none is;
 * and in some rounds the writer is run again to its end: everything is
 * then there exactly once.
 *
 * Sizes: make check runs 12 rounds on a small world; LUMBUNG_TORTURE=1
 * runs 1,200 on a larger one. LUMBUNG_TORTURE_ROUNDS, _SEED override.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/db.h"
#include "core/hash.h"
#include "inventory/verify.h"
#include "tests/torture/common.h"

enum { W_IMPORT, W_REDEEM, W_KIT, NWRITER };
static const char *const wname[NWRITER] = { "import", "redeem", "kit" };

struct fixture {
	struct tt_world w;
	char base[300], kitbase[300], kit[300], csv[300], scans[300];
	char round_db[300], round_kit[300], out[300];
	char kit_id[40];
	int nrcp, rows, passes;
	/* Measured on a complete run: */
	double secs[NWRITER];
	int64_t import_movements, kit_redemptions, kit_movements, kit_attempts;
	int64_t file_vouchers;
	long rounds[NWRITER], killed[NWRITER], finished[NWRITER], reruns[NWRITER], reported;
};

static void cli(struct fixture *f, const char *const *argv)
{
	char out[320];
	char *text;
	int rc;

	snprintf(out, sizeof out, "%s/setup.out", f->w.dir);
	if ((rc = tt_run(out, argv)) == 0)
		return;
	text = tt_slurp(out, NULL);
	tt_die("setup: lumbung %s %s exited with %d: %.600s", argv[0], argv[1] ? argv[1] : "", rc, text ? text : "");
}

#define CLI(f, ...)                                           \
	do {                                                  \
		const char *const a_[] = { __VA_ARGS__, NULL }; \
		cli(f, a_);                                   \
	} while (0)

static int64_t q1(lb_db *db, const char *sql)
{
	int64_t v = -1;
	lb_err e = { 0 };

	if (lb_db_int(db, sql, 0, &v, &e))
		tt_die("%s: %s", sql, e.msg);
	return v;
}

/* The world, stocked, its January round allocated, a scanner file for
 * POS-1, a kit for POS-2 redeemed on, and an import file. */
static void setup(struct fixture *f)
{
	char pay1[300], pay2[300], tsv2[300], line[400];
	FILE *in, *out;
	int n = 0;

	tt_world_build(&f->w, f->nrcp);
	setenv("LUMBUNG_TODAY", "2026-01-10", 1);
	CLI(f, "stock", "receive", "--to", "GD-A", "--item", "BERAS", "--qty", "2000000", "--lot", "B-BASE",
	    "--expiry", "2026-12-31", "--unit-cost", "14000");
	CLI(f, "stock", "receive", "--to", "GD-A", "--item", "MINYAK", "--qty", "1000000", "--lot", "M-BASE",
	    "--unit-cost", "18000");
	CLI(f, "stock", "receive", "--to", "GD-A", "--item", "TELUR", "--qty", "3000000", "--lot", "T-BASE",
	    "--expiry", "2026-03-31", "--unit-cost", "2000");
	for (int p = 1; p <= 3; p++) {
		char pt[8];
		snprintf(pt, sizeof pt, "POS-%d", p);
		CLI(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "BERAS", "--qty", "100000");
		CLI(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "MINYAK", "--qty", "40000");
		CLI(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "TELUR", "--qty", "300000");
	}
	CLI(f, "allocate", "--program", "SEMBAKO", "--period", "2026-01");
	/* The round's vouchers are issued at its first list or print. */
	snprintf(line, sizeof line, "%s/list.csv", f->w.dir);
	CLI(f, "voucher", "list", "--program", "SEMBAKO", "--period", "2026-01", "--village", "64.02.06.1001", "--format",
	    "csv", "-o", line);
	snprintf(pay1, sizeof pay1, "%s/pay1.txt", f->w.dir);
	snprintf(pay2, sizeof pay2, "%s/pay2.txt", f->w.dir);
	snprintf(tsv2, sizeof tsv2, "%s/pay2.tsv", f->w.dir);
	CLI(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-1", "-o", pay1);
	CLI(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-2", "-o", pay2);
	CLI(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-2", "--format",
	    "tsv", "-o", tsv2);

	/* The scanner file: every POS-1 slip, every seventh scanned twice,
	 * and the whole again (refused: redeemed) so that a run lasts
	 * several of the redeemer's half-second batches. */
	snprintf(f->scans, sizeof f->scans, "%s/scans.txt", f->w.dir);
	if (!(in = fopen(pay1, "r")) || !(out = fopen(f->scans, "w")))
		tt_die("scanner file: %s", strerror(errno));
	for (int pass = 0; pass < f->passes; pass++) {
		rewind(in);
		n = 0;
		while (fgets(line, sizeof line, in)) {
			fputs(line, out);
			if (++n % 7 == 0)
				fputs(line, out);
		}
	}
	f->file_vouchers = n;
	fclose(in);
	if (fclose(out) != 0)
		tt_die("scanner file: %s", strerror(errno));

	/* The kit: exported from a copy, redeemed on, a few undone. */
	snprintf(f->base, sizeof f->base, "%s/base.db", f->w.dir);
	snprintf(f->kitbase, sizeof f->kitbase, "%s/kitbase.db", f->w.dir);
	snprintf(f->kit, sizeof f->kit, "%s/kit.db", f->w.dir);
	tt_copy_db(f->w.db, f->base);
	tt_copy_db(f->w.db, f->kitbase);
	CLI(f, "-d", f->kitbase, "field", "export", "--point", "POS-2", "--period", "2026-01", "-o", f->kit);
	{
		const char *const a[] = { "-d", f->kit, "redeem", "--point", "POS-2", "--file", pay2, NULL };
		char o[320];
		snprintf(o, sizeof o, "%s/setup.out", f->w.dir);
		if (tt_run(o, a) != 0)
			tt_die("setup: redeem on the kit failed");
	}
	if (!(in = fopen(tsv2, "r")))
		tt_die("%s: %s", tsv2, strerror(errno));
	for (n = 0; n < 3 && fgets(line, sizeof line, in); n++) {
		char *tab = strchr(line, '\t');
		if (!tab)
			tt_die("payload tsv: no tab");
		*tab = '\0';
		CLI(f, "-d", f->kit, "redeem", "undo", line, "--reason", "salah orang");
	}
	fclose(in);

	/* The import: receipts into GD-B and moves on to the points. */
	snprintf(f->csv, sizeof f->csv, "%s/import.csv", f->w.dir);
	if (!(out = fopen(f->csv, "w")))
		tt_die("%s: %s", f->csv, strerror(errno));
	fprintf(out, "type,date,from,to,item,qty,lot,expiry,unit_cost,id\n");
	for (int i = 0; i < f->rows; i += 2) {
		fprintf(out, "receive,2026-01-09,SUP-1,GD-B,BERAS,50,L%d,2026-12-31,14000,imp-%d\n", i / 50, i);
		fprintf(out, "move,2026-01-10,GD-B,POS-%d,BERAS,40,,,,imp-%d\n", 1 + i % 3, i + 1);
	}
	if (fclose(out) != 0)
		tt_die("%s: %s", f->csv, strerror(errno));
	snprintf(f->round_db, sizeof f->round_db, "%s/round.db", f->w.dir);
	snprintf(f->round_kit, sizeof f->round_kit, "%s/round-kit.db", f->w.dir);
	snprintf(f->out, sizeof f->out, "%s/round.out", f->w.dir);
}

static int spawn(struct fixture *f, int w)
{
	const char *argv[12];

	switch (w) {
	case W_IMPORT:
		argv[0] = "-d", argv[1] = f->round_db, argv[2] = "stock", argv[3] = "import", argv[4] = f->csv;
		argv[5] = NULL;
		break;
	case W_REDEEM:
		argv[0] = "-d", argv[1] = f->round_db, argv[2] = "redeem", argv[3] = "--point", argv[4] = "POS-1";
		argv[5] = "--file", argv[6] = f->scans, argv[7] = NULL;
		break;
	default:
		argv[0] = "-d", argv[1] = f->round_db, argv[2] = "field", argv[3] = "import", argv[4] = f->round_kit;
		argv[5] = NULL;
		break;
	}
	return tt_spawn(f->out, argv);
}

static void fresh(struct fixture *f, int w)
{
	tt_copy_db(w == W_KIT ? f->kitbase : f->base, f->round_db);
	if (w == W_KIT)
		tt_copy_db(f->kit, f->round_kit);
}

/* Did the writer finish as it should on a complete run? */
static int complete_ok(int w, int status)
{
	return status == 0 || (w == W_REDEEM && status == 3); /* the repeated lines are refused */
}

struct state {
	int64_t import_movements;
	int64_t redemptions, redeemed, whole, attempted;
	int64_t kit_imports, kit_redemptions, kit_movements, kit_attempts;
};

static void read_state(struct fixture *f, lb_db *db, struct state *s)
{
	char sql[512];

	memset(s, 0, sizeof *s);
	s->import_movements = q1(db, "SELECT count(*) FROM movement WHERE key GLOB 'imp-*'");
	s->redemptions = q1(db, "SELECT count(*) FROM redemption WHERE kit_id IS NULL");
	s->redeemed = q1(db, "SELECT count(*) FROM redeemed");
	/* Whole: the package (10 + 4 + 30 base units) issued and the
	 * acceptance logged. */
	s->whole = q1(db, "SELECT count(*) FROM redemption r WHERE r.kit_id IS NULL"
			  " AND (SELECT coalesce(sum(qty), 0) FROM movement m WHERE m.redemption_id = r.id AND m.kind = 'issue') = 44"
			  " AND EXISTS (SELECT 1 FROM redemption_attempt a WHERE a.redemption_id = r.id AND a.outcome = 'accepted')");
	s->attempted = q1(db, "SELECT count(*) FROM redemption_attempt WHERE kit_id IS NULL");
	if (f->kit_id[0]) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM field_kit_import WHERE kit_id = '%s'", f->kit_id);
		s->kit_imports = q1(db, sql);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM redemption WHERE kit_id = '%s'", f->kit_id);
		s->kit_redemptions = q1(db, sql);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM movement WHERE key GLOB 'kit:%s:*'", f->kit_id);
		s->kit_movements = q1(db, sql);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM redemption_attempt WHERE kit_id = '%s'", f->kit_id);
		s->kit_attempts = q1(db, sql);
	}
}

/* The serials the writer reported as accepted ("accepted  line N: SERIAL ..."),
 * each checked against the attempt log. */
static int reported_redeemed(struct fixture *f, lb_db *db, long *n, char *why, size_t whylen)
{
	char *text = tt_slurp(f->out, NULL), *p;
	lb_stmt *st;
	lb_err e = { 0 };
	int bad = 0;

	*n = 0;
	if (!text)
		return 0;
	st = lb_db_prepare(db, "SELECT count(*) FROM redemption_attempt a JOIN redeemed d ON d.redemption_id = a.redemption_id"
			       " WHERE a.serial = ?1 AND a.outcome = 'accepted'", &e);
	if (!st)
		tt_die("%s", e.msg);
	for (p = text; (p = strstr(p, "accepted  line ")); p++) {
		char serial[16];
		const char *c = strchr(p, ':');
		size_t k = 0;
		if (!c || c[1] != ' ')
			continue;
		for (c += 2; k < 11 && *c && *c != ' '; c++)
			serial[k++] = *c;
		serial[k] = '\0';
		if (k != 11 || c[0] != ' ')
			continue; /* a line the kill cut short */
		(*n)++;
		lb_stmt_reset(st);
		lb_bind_text(st, 1, serial);
		if (lb_step(st, &e) != LB_ROW || lb_col_int(st, 0) != 1) {
			if (!bad)
				snprintf(why, whylen, "slip %s was reported accepted but is not redeemed", serial);
			bad = 1;
		}
		lb_stmt_reset(st);
	}
	free(text);
	return bad;
}

/* Everything a round checks; 0 when all holds. */
static int check(struct fixture *f, int w, int status, int rerun, char *why, size_t whylen)
{
	struct lb_verify_report rep;
	struct state s;
	lb_db *db = NULL;
	lb_err e = { 0 };
	char out[320];
	int done = complete_ok(w, status), bad = 0;

	if (lb_db_open(f->round_db, LB_DB_EXISTING, &db, &e)) {
		snprintf(why, whylen, "cannot open the database after the kill: %s", e.msg);
		return 1;
	}
	if (lb_db_integrity(db, &e)) {
		snprintf(why, whylen, "%s", e.msg);
		bad = 1;
	} else if (lb_verify(db, &rep, &e)) {
		snprintf(why, whylen, "verify: %s", e.msg);
		bad = 1;
	}
	read_state(f, db, &s);
	if (!bad && w == W_IMPORT) {
		if (s.import_movements != 0 && s.import_movements != f->import_movements) {
			snprintf(why, whylen, "half an import: %lld of %lld movements", (long long)s.import_movements,
				 (long long)f->import_movements);
			bad = 1;
		} else if (done && s.import_movements != f->import_movements) {
			snprintf(why, whylen, "the import reported success but %lld of %lld movements are there",
				 (long long)s.import_movements, (long long)f->import_movements);
			bad = 1;
		}
	}
	if (!bad && w == W_REDEEM) {
		long n;
		if (s.whole != s.redemptions || s.redeemed != s.redemptions) {
			snprintf(why, whylen, "%lld redemptions, %lld whole, %lld in force", (long long)s.redemptions,
				 (long long)s.whole, (long long)s.redeemed);
			bad = 1;
		} else if ((bad = reported_redeemed(f, db, &n, why, whylen)) == 0) {
			f->reported += n;
			if (rerun && s.redemptions != f->file_vouchers) {
				snprintf(why, whylen, "after a complete run %lld redemptions, expected %lld",
					 (long long)s.redemptions, (long long)f->file_vouchers);
				bad = 1;
			}
		}
	}
	if (!bad && w == W_KIT) {
		int none = !s.kit_imports && !s.kit_redemptions && !s.kit_movements && !s.kit_attempts;
		int all = s.kit_imports == 1 && s.kit_redemptions == f->kit_redemptions &&
			  s.kit_movements == f->kit_movements && s.kit_attempts == f->kit_attempts;
		if ((!none && !all) || (done && !all)) {
			snprintf(why, whylen, "kit import %s: %lld imports, %lld redemptions, %lld movements, %lld attempts",
				 done ? "reported done" : "half done", (long long)s.kit_imports,
				 (long long)s.kit_redemptions, (long long)s.kit_movements, (long long)s.kit_attempts);
			bad = 1;
		}
	}
	lb_db_close(db);
	if (!bad) {
		const char *const a[] = { "-d", f->round_db, "verify", NULL };
		int rc;
		snprintf(out, sizeof out, "%s/verify.out", f->w.dir);
		if ((rc = tt_run(out, a)) != 0) {
			char *t = tt_slurp(out, NULL);
			snprintf(why, whylen, "lumbung verify exited with %d: %.300s", rc, t ? t : "");
			free(t);
			bad = 1;
		}
	}
	return bad;
}

static void sleep_secs(double s)
{
	struct timespec t;

	if (s <= 0)
		return;
	t.tv_sec = (time_t)s;
	t.tv_nsec = (long)((s - (double)t.tv_sec) * 1e9);
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* A complete run of each writer: how long it takes and what it leaves. */
static void calibrate(struct fixture *f)
{
	for (int w = 0; w < NWRITER; w++) {
		struct state s;
		lb_db *db;
		lb_err e = { 0 };
		double t0 = tt_now();
		int status;

		fresh(f, w);
		status = tt_wait(spawn(f, w));
		f->secs[w] = tt_now() - t0;
		if (!complete_ok(w, status)) {
			char *t = tt_slurp(f->out, NULL);
			tt_die("calibration: the %s writer exited with %d: %.400s", wname[w], status, t ? t : "");
		}
		if (lb_db_open(f->round_db, LB_DB_EXISTING, &db, &e))
			tt_die("%s", e.msg);
		if (w == W_KIT) {
			lb_stmt *st = lb_db_prepare(db, "SELECT kit_id FROM field_kit_import", &e);
			if (!st || lb_step(st, &e) != LB_ROW)
				tt_die("calibration: no kit import");
			snprintf(f->kit_id, sizeof f->kit_id, "%s", lb_col_text(st, 0));
			lb_stmt_reset(st);
		}
		read_state(f, db, &s);
		lb_db_close(db);
		if (w == W_IMPORT)
			f->import_movements = s.import_movements;
		if (w == W_KIT) {
			f->kit_redemptions = s.kit_redemptions;
			f->kit_movements = s.kit_movements;
			f->kit_attempts = s.kit_attempts;
		}
		tt_note("%s writer: %.3f s for a complete run", wname[w], f->secs[w]);
	}
	tt_note("import: %lld movements; redeem: %lld slips; kit: %lld redemptions, %lld movements, %lld attempts",
		(long long)f->import_movements, (long long)f->file_vouchers, (long long)f->kit_redemptions,
		(long long)f->kit_movements, (long long)f->kit_attempts);
}

int main(void)
{
	static struct fixture f;
	struct tt_rng rng;
	uint64_t seed;
	lb_err e = { 0 };
	int lng = tt_long();
	long rounds = tt_env_long("LUMBUNG_TORTURE_ROUNDS", lng ? 1200 : 12);
	long failures = 0, total = 0;
	double t0;

	seed = (uint64_t)tt_env_long("LUMBUNG_TORTURE_SEED", 0xc4a54);
	rng.s = seed;
	f.nrcp = (int)tt_env_long("LUMBUNG_TORTURE_RECIPIENTS", lng ? 1500 : 300);
	f.rows = (int)tt_env_long("LUMBUNG_TORTURE_ROWS", lng ? 20000 : 4000);
	f.passes = (int)tt_env_long("LUMBUNG_TORTURE_PASSES", lng ? 8 : 20);
	if (lb_hash_init(&e))
		tt_die("%s", e.msg);
	setup(&f);
	calibrate(&f);
	t0 = tt_now();
	for (long r = 0; r < rounds; r++) {
		int w = (int)(r % NWRITER), status, pid, rerun;
		double delay = tt_chance(&rng, 5) ? 0 : (double)tt_below(&rng, 1000000) / 1e6 * f.secs[w] * 1.15;
		char why[1024] = "";

		fresh(&f, w);
		pid = spawn(&f, w);
		sleep_secs(delay);
		kill(pid, SIGKILL);
		status = tt_wait(pid);
		if (status != 128 + SIGKILL && !complete_ok(w, status)) {
			char *t = tt_slurp(f.out, NULL);
			snprintf(why, sizeof why, "the %s writer exited with %d: %.300s", wname[w], status, t ? t : "");
			free(t);
		}
		f.rounds[w]++;
		if (status == 128 + SIGKILL)
			f.killed[w]++;
		else
			f.finished[w]++;
		total++;
		if (!why[0] && check(&f, w, status, 0, why, sizeof why) == 0) {
			/* And the same input again, to its end: everything once. */
			rerun = lng ? r % 4 == 0 : 1;
			if (rerun) {
				f.reruns[w]++;
				status = tt_wait(spawn(&f, w));
				if (!complete_ok(w, status))
					snprintf(why, sizeof why, "the %s writer run again after the kill exited with %d", wname[w],
						 status);
				else
					check(&f, w, status, 1, why, sizeof why);
			}
		}
		if (why[0]) {
			failures++;
			tt_fail("round %ld of seed %llu (%s, killed after %.1f ms): %s", r + 1, (unsigned long long)seed,
				wname[w], delay * 1000, why);
			if (failures >= 5)
				break;
		}
	}
	for (int w = 0; w < NWRITER; w++)
		tt_note("%-6s %5ld rounds: %5ld killed mid-way, %4ld finished first, %4ld run again to the end", wname[w],
			f.rounds[w], f.killed[w], f.finished[w], f.reruns[w]);
	if (!failures)
		tt_ok("%ld kill rounds: the database is sound, verify passes, nothing half done, every reported redemption there (%ld)",
		      total, f.reported);
	tt_note("crash: %ld rounds in %.1f s", total, tt_now() - t0);
	tt_world_free(&f.w);
	return tt_done();
}
