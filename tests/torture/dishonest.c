/*
 * dishonest.c — a field kit edited by its holder brings back exactly what
 * the office would have accepted, and nothing else.
 *
 * Setup, once: the world (common.h) with stock at POS-1 and POS-2,
 * SEMBAKO 2026-01 allocated, a kit exported for POS-1 on 2026-01-10 and
 * one for POS-2 (only as a source of rows to copy), the genuine QR texts
 * of both points, and the same POS-1 slips signed by a stranger's key (a
 * copy of the database that rotated to a key of its own). The main
 * database and the POS-1 kit are kept as templates and copied per kit.
 *
 * Per kit, a seeded generator does what a shell user holding the kit
 * could, then redeems slips on it through the real binary and imports it:
 *
 *   package    the kit's SEMBAKO package changed to 60 kg of beras (CLI)
 *   key        the stranger's public key inserted into signing_key, and
 *              stranger-signed texts of POS-1 slips redeemed on the kit
 *   copy       POS-2 allocation and voucher rows copied in from the main
 *              database (recipients from POS-2's kit), and redeemed on the
 *              kit with --override-point
 *   late       every voucher's last day moved to 2026-02-28 behind a
 *              dropped and re-created trigger, the history log rewritten to
 *              match (without recomputing its hash chain, which a shell
 *              user cannot do without a script), and slips redeemed in
 *              February
 *   late-raw   the same without rewriting the history log
 *   early      a scanner line dated before the kit's export
 *   office     a POS-1 slip redeemed at the office before the import
 *   row        a row of redemption, redemption_attempt or movement updated,
 *              deleted or duplicated behind a dropped and re-created trigger
 *   hist       a lot, allocation or voucher row updated or deleted behind a
 *              dropped and re-created trigger (history log untouched)
 *   drop       a trigger dropped and left out
 *
 * The model is plain arrays: what was honestly exported (the template
 * kit's voucher ids and last days, the export day, POS-1's stock), what
 * the office itself did before the import, and what the kit claims (its
 * redemption rows, and which of them the generator made with a stranger's
 * text). An edit of kind late, late-raw, row, hist or drop leaves a trace the
 * import must see, so the kit is predicted refused whole: exit 3, nothing
 * posted. So does a key or copy edit that no redeem on the kit followed:
 * the rows it inserted into history tables left history log entries that
 * only a lumbung commit seals (core/db.c), and an entry without its hash
 * was written outside lumbung. Otherwise a claim is accepted iff its voucher was exported in
 * this kit, was not redeemed at the office, its scan was not signed by a
 * stranger, and its day lies within [export day, honest last day]; every
 * accepted claim posts SEMBAKO's real package (10 kg beras, 4 liter
 * minyak, 30 butir telur) at POS-1. After the import the main database's
 * redemptions (voucher, point, day) and POS-1's balance per item must be
 * exactly the prediction, and `lumbung verify` must pass.
 *
 * Sizes: make check runs 24 kits; LUMBUNG_TORTURE=1 10,000.
 * LUMBUNG_TORTURE_KITS and LUMBUNG_TORTURE_SEED override.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "tests/torture/common.h"

#define MAXSLIP 128
#define MAXV 4096

enum { E_PACKAGE, E_KEY, E_COPY, E_LATE, E_LATE_RAW, E_EARLY, E_OFFICE, E_ROW, E_HIST, E_DROP, NEDIT };

static const char *const edit_name[NEDIT] = {
	"package", "key", "copy", "late", "late-raw", "early", "office", "row", "hist", "drop",
};

/* Kinds whose trace the import must find: the kit is refused whole. */
/* late too: the history log is a hash chain (sealed at commit), so a log
 * rewritten by hand no longer recomputes; t4520 covers a kit whose chain
 * was recomputed by a script, where the late claims are judged one by one. */
static const int edit_refuses[NEDIT] = { [E_LATE] = 1, [E_LATE_RAW] = 1, [E_ROW] = 1, [E_HIST] = 1, [E_DROP] = 1 };

static struct {
	struct tt_world w;
	char main_tpl[300], kit_tpl[300], kit2[300], stranger[300];
	char m[300], k[300], scans[300], out[300];
	char pos1[MAXSLIP][200], fake1[MAXSLIP][200], pos2[MAXSLIP][200];
	int n1, n2;
	/* honestly exported: by voucher id */
	int exported[MAXV];
	char last_day[MAXV][11];
	char stranger_key_sql[600];
	long scale;        /* stored quantity per unit of the CLI */
} fx;

static long edits_done[NEDIT], refused_kits, accepted_total, conflict_total, package_refused, unsealed_kits;

/* ---- small helpers ---- */

static void cli(const char *today, const char *const *argv)
{
	char *t;
	int rc;

	setenv("LUMBUNG_TODAY", today, 1);
	if ((rc = tt_run(fx.out, argv)) == 0)
		return;
	t = tt_slurp(fx.out, NULL);
	tt_die("setup: lumbung %s %s exited with %d: %.500s", argv[0], argv[1] ? argv[1] : "", rc, t ? t : "");
}

#define CLI(today, ...)                                       \
	do {                                                  \
		const char *const a_[] = { __VA_ARGS__, NULL }; \
		cli(today, a_);                               \
	} while (0)

static int cli_rc(const char *today, const char *const *argv)
{
	setenv("LUMBUNG_TODAY", today, 1);
	return tt_run(fx.out, argv);
}

static sqlite3 *open_db(const char *path)
{
	sqlite3 *d;

	if (sqlite3_open_v2(path, &d, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		tt_die("open %s: %s", path, sqlite3_errmsg(d));
	sqlite3_busy_timeout(d, 5000);
	return d;
}

static void exec(sqlite3 *d, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(d, sql, NULL, NULL, &err) != SQLITE_OK)
		tt_die("sql %.200s: %s", sql, err ? err : "?");
}

/* The first column of the first row as an integer (0 when none). */
static long long q_int(sqlite3 *d, const char *sql)
{
	sqlite3_stmt *st;
	long long v = 0;

	if (sqlite3_prepare_v2(d, sql, -1, &st, NULL) != SQLITE_OK)
		tt_die("sql %.200s: %s", sql, sqlite3_errmsg(d));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void q_text(sqlite3 *d, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;

	out[0] = '\0';
	if (sqlite3_prepare_v2(d, sql, -1, &st, NULL) != SQLITE_OK)
		tt_die("sql %.200s: %s", sql, sqlite3_errmsg(d));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Payload texts of a tsv file (serial, point, status, name, text). */
static int read_texts(const char *path, char (*text)[200])
{
	FILE *in = fopen(path, "r");
	char line[700];
	int n = 0;

	if (!in)
		tt_die("%s: %s", path, strerror(errno));
	while (n < MAXSLIP && fgets(line, sizeof line, in)) {
		char *t = strrchr(line, '\t');
		if (!t)
			tt_die("%s: not tsv", path);
		t[strcspn(t, "\r\n")] = '\0';
		snprintf(text[n++], 200, "%s", t + 1);
	}
	fclose(in);
	return n;
}

/* POS-1's stored balance of each item: BERAS, MINYAK, TELUR. */
static void balances(sqlite3 *d, long long bal[3])
{
	static const char *const item[3] = { "BERAS", "MINYAK", "TELUR" };
	char sql[400];

	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof sql,
			 "SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id"
			 " JOIN item i ON i.id = b.item_id WHERE l.code = 'POS-1' AND i.code = '%s'",
			 item[i]);
		bal[i] = q_int(d, sql);
	}
}

/* ---- setup ---- */

static void setup(void)
{
	char p1[300], p2[300], pf[300], skey[300];
	sqlite3 *d;
	sqlite3_stmt *st;
	long long bal[3];

	tt_world_build(&fx.w, 24);
	snprintf(fx.out, sizeof fx.out, "%s/cli.out", fx.w.dir);
	CLI("2026-01-05", "stock", "receive", "--to", "GD-A", "--item", "BERAS", "--qty", "100000", "--lot", "B1",
	    "--expiry", "2026-12-31", "--unit-cost", "14000");
	CLI("2026-01-05", "stock", "receive", "--to", "GD-A", "--item", "MINYAK", "--qty", "40000", "--lot", "M1",
	    "--unit-cost", "18000");
	CLI("2026-01-05", "stock", "receive", "--to", "GD-A", "--item", "TELUR", "--qty", "300000", "--lot", "T1",
	    "--expiry", "2026-06-30", "--unit-cost", "2000");
	for (int p = 1; p <= 2; p++) {
		const char *pt = p == 1 ? "POS-1" : "POS-2";
		CLI("2026-01-05", "stock", "move", "--from", "GD-A", "--to", pt, "--item", "BERAS", "--qty", "20000");
		CLI("2026-01-05", "stock", "move", "--from", "GD-A", "--to", pt, "--item", "MINYAK", "--qty", "8000");
		CLI("2026-01-05", "stock", "move", "--from", "GD-A", "--to", pt, "--item", "TELUR", "--qty", "60000");
	}
	CLI("2026-01-05", "allocate", "--program", "SEMBAKO", "--period", "2026-01");
	snprintf(p1, sizeof p1, "%s/pos1.tsv", fx.w.dir);
	snprintf(p2, sizeof p2, "%s/pos2.tsv", fx.w.dir);
	CLI("2026-01-05", "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-1",
	    "--format", "tsv", "-o", p1);
	CLI("2026-01-05", "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-2",
	    "--format", "tsv", "-o", p2);
	fx.n1 = read_texts(p1, fx.pos1);
	fx.n2 = read_texts(p2, fx.pos2);
	if (fx.n1 < 4 || fx.n2 < 2)
		tt_die("too few slips: %d at POS-1, %d at POS-2", fx.n1, fx.n2);

	/* A stranger: a copy of this database that rotated to its own key and
	 * signs the same slips with it. */
	snprintf(fx.stranger, sizeof fx.stranger, "%s/stranger.db", fx.w.dir);
	snprintf(skey, sizeof skey, "%s/stranger.key", fx.w.dir);
	snprintf(pf, sizeof pf, "%s/fake1.tsv", fx.w.dir);
	tt_copy_db(fx.w.db, fx.stranger);
	tt_copy_file(fx.w.key, skey);
	if (chmod(skey, 0600))
		tt_die("chmod %s: %s", skey, strerror(errno));
	setenv("LUMBUNG_KEY", skey, 1);
	CLI("2026-01-05", "-d", fx.stranger, "key", "rotate");
	CLI("2026-01-05", "-d", fx.stranger, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01",
	    "--point", "POS-1", "--format", "tsv", "-o", pf);
	setenv("LUMBUNG_KEY", fx.w.key, 1);
	if (read_texts(pf, fx.fake1) != fx.n1)
		tt_die("the stranger's slips are not POS-1's");
	d = open_db(fx.stranger);
	q_text(d,
	       "SELECT printf('INSERT INTO signing_key(key_id, public_key, created_at, retired_at)"
	       " VALUES (%Q, x''%s'', %Q, ''2026-01-01T00:00:00Z'')',"
	       " key_id, hex(public_key), created_at) FROM signing_key WHERE retired_at IS NULL",
	       fx.stranger_key_sql, sizeof fx.stranger_key_sql);
	sqlite3_close(d);
	if (!fx.stranger_key_sql[0])
		tt_die("the stranger has no current key");

	snprintf(fx.kit_tpl, sizeof fx.kit_tpl, "%s/kit1.tpl", fx.w.dir);
	snprintf(fx.kit2, sizeof fx.kit2, "%s/kit2.db", fx.w.dir);
	CLI("2026-01-10", "field", "export", "--point", "POS-1", "--period", "2026-01", "-o", fx.kit_tpl);
	CLI("2026-01-10", "field", "export", "--point", "POS-2", "--period", "2026-01", "-o", fx.kit2);
	snprintf(fx.main_tpl, sizeof fx.main_tpl, "%s/main.tpl", fx.w.dir);
	tt_copy_db(fx.w.db, fx.main_tpl);
	snprintf(fx.m, sizeof fx.m, "%s/m.db", fx.w.dir);
	snprintf(fx.k, sizeof fx.k, "%s/k.db", fx.w.dir);
	snprintf(fx.scans, sizeof fx.scans, "%s/scans.txt", fx.w.dir);

	/* What was honestly exported, straight from the template kit. */
	d = open_db(fx.kit_tpl);
	if (sqlite3_prepare_v2(d, "SELECT id, last_day FROM voucher", -1, &st, NULL) != SQLITE_OK)
		tt_die("%s", sqlite3_errmsg(d));
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		if (id <= 0 || id >= MAXV)
			tt_die("voucher id %lld out of the model's range", id);
		fx.exported[id] = 1;
		snprintf(fx.last_day[id], sizeof fx.last_day[id], "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	sqlite3_close(d);
	d = open_db(fx.main_tpl);
	balances(d, bal);
	sqlite3_close(d);
	/* 20,000 kg of beras moved to POS-1: the stored unit per kg. */
	fx.scale = (long)(bal[0] / 20000);
	if (fx.scale <= 0 || bal[0] % 20000)
		tt_die("POS-1 holds %lld of beras", bal[0]);
}

/* ---- one kit ---- */

struct claim {
	long long voucher;
	char day[11];
};

struct kit {
	uint64_t seed;
	int edit[NEDIT];
	char log[1200];
	size_t loglen;
	int fake_voucher[MAXV]; /* redeemed on the kit with a stranger's text */
};

/* Append sep and what to the kit's list of edits (printed on a failure). */
static void note_edit(struct kit *k, const char *sep, const char *what)
{
	if (k->loglen < sizeof k->log - 100) {
		int n = snprintf(k->log + k->loglen, sizeof k->log - k->loglen, "%s%s", sep, what);
		if (n > 0)
			k->loglen += (size_t)n;
	}
}

/* Redeem texts on the kit at POS-1 on one day, through a scanner file. */
/* History log entries a shell edit of the kit left unsealed: the next
 * lumbung commit on the kit seals them, and every redeem commits (an
 * accepted scan or a refused one's attempt row). */
static int unsealed;

static int kit_redeem(const char *day, const char *const *texts, int n, int override)
{
	FILE *o = fopen(fx.scans, "w");
	if (!o)
		tt_die("%s: %s", fx.scans, strerror(errno));
	for (int i = 0; i < n; i++)
		fprintf(o, "%s\n", texts[i]);
	if (fclose(o))
		tt_die("%s", strerror(errno));
	unsealed = 0;
	if (override) {
		const char *const a[] = { "-d", fx.k, "redeem", "--point", "POS-1", "--operator", "lapangan",
					  "--override-point", "--reason", "kantor", "--file", fx.scans, NULL };
		return cli_rc(day, a);
	}
	const char *const a[] = { "-d", fx.k, "redeem", "--point", "POS-1", "--operator", "lapangan", "--file",
				  fx.scans, NULL };
	return cli_rc(day, a);
}

/* Drop a trigger, run sql, re-create the trigger with its own SQL, as a
 * shell user hiding an edit would. Returns the rows sql's last statement
 * changed: an edit of a table the kit left empty is no edit. */
static int behind_trigger(sqlite3 *d, const char *trigger, const char *sql)
{
	char q[200], def[1000], drop[200];
	int changed;

	snprintf(q, sizeof q, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = '%s'", trigger);
	q_text(d, q, def, sizeof def);
	if (!def[0]) { /* a table that allows the change: nothing to drop */
		exec(d, sql);
		return sqlite3_changes(d);
	}
	snprintf(drop, sizeof drop, "DROP TRIGGER %s", trigger);
	exec(d, drop);
	exec(d, sql);
	changed = sqlite3_changes(d);
	exec(d, def);
	return changed;
}

static int edit_row(struct tt_rng *r, sqlite3 *d, struct kit *k)
{
	static const char *const tbl[] = { "redemption", "redemption_attempt", "movement" };
	const char *t = tbl[tt_below(r, 3)];
	char sql[900], trig[100];
	int how = (int)tt_below(r, 3), changed;

	if (how == 0) {
		snprintf(trig, sizeof trig, "%s_no_update", t);
		if (!strcmp(t, "movement"))
			snprintf(sql, sizeof sql, "UPDATE movement SET qty = qty + 1 WHERE id = (SELECT max(id) FROM movement)");
		else
			/* a day other than its own: an UPDATE to the same value
			 * is no edit, and the import rightly sees none */
			snprintf(sql, sizeof sql,
				 "UPDATE %s SET day = CASE day WHEN '2026-01-11' THEN '2026-01-12' ELSE '2026-01-11' END"
				 " WHERE id = (SELECT max(id) FROM %s)",
				 t, t);
	} else if (how == 1) {
		snprintf(trig, sizeof trig, "%s_no_delete", t);
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = (SELECT max(id) FROM %s)", t, t);
	} else {
		/* Inserting a duplicate needs no dropped trigger; drop the update
		 * one all the same, as a shell user would, and put it back. */
		snprintf(trig, sizeof trig, "%s_no_update", t);
		snprintf(sql, sizeof sql,
			 "CREATE TEMP TABLE dup AS SELECT * FROM %s WHERE id = (SELECT max(id) FROM %s);"
			 " UPDATE dup SET id = id + 100000;%s INSERT OR IGNORE INTO %s SELECT * FROM dup; DROP TABLE dup",
			 t, t,
			 /* a second redemption of one allocation breaks a unique
			  * index: give the copy a slip nobody redeemed */
			 strcmp(t, "redemption") ? ""
						 : " UPDATE dup SET voucher_id = v.id, allocation_id = v.allocation_id FROM"
						   " (SELECT id, allocation_id FROM voucher WHERE allocation_id NOT IN"
						   " (SELECT allocation_id FROM redemption) ORDER BY id LIMIT 1) AS v;",
			 t);
	}
	changed = behind_trigger(d, trig, sql);
	note_edit(k, " row:", t);
	note_edit(k, "/", how == 0 ? "update" : how == 1 ? "delete" : "insert");
	if (!changed)
		note_edit(k, "", "(nothing to edit)");
	return changed > 0;
}

static void edit_hist(struct tt_rng *r, sqlite3 *d, struct kit *k)
{
	switch (tt_below(r, 4)) {
	case 0:
		behind_trigger(d, "lot_no_update", "UPDATE lot SET unit_cost = unit_cost + 1 WHERE id = (SELECT min(id) FROM lot)");
		note_edit(k, " hist:", "lot-cost");
		break;
	case 1:
		behind_trigger(d, "allocation_status_only",
			       "UPDATE allocation SET point_id = (SELECT id FROM location WHERE code = 'POS-2')"
			       " WHERE id = (SELECT min(id) FROM allocation)");
		note_edit(k, " hist:", "allocation-point");
		break;
	case 2:
		behind_trigger(d, "voucher_no_update", "UPDATE voucher SET last_day = '2026-03-31' WHERE id = (SELECT min(id) FROM voucher)");
		note_edit(k, " hist:", "voucher-day");
		break;
	default:
		behind_trigger(d, "voucher_no_delete", "DELETE FROM voucher WHERE id = (SELECT max(id) FROM voucher)");
		note_edit(k, " hist:", "voucher-delete");
		break;
	}
}

static void edit_drop(struct tt_rng *r, sqlite3 *d, struct kit *k)
{
	char name[100], q[200];
	long long n = q_int(d, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'");

	snprintf(q, sizeof q, "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name LIMIT 1 OFFSET %lld",
		 (long long)tt_below(r, (uint64_t)n));
	q_text(d, q, name, sizeof name);
	snprintf(q, sizeof q, "DROP TRIGGER \"%s\"", name);
	exec(d, q);
	note_edit(k, " drop:", name);
}

/* The kit's claims: its redemption rows (voucher, day). */
static int read_claims(struct claim *c, int max)
{
	sqlite3 *d = open_db(fx.k);
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(d, "SELECT voucher_id, day FROM redemption ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		tt_die("%s", sqlite3_errmsg(d));
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		c[n].voucher = sqlite3_column_int64(st, 0);
		snprintf(c[n].day, sizeof c[n].day, "%s", (const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(d);
	return n;
}

/* The main database's redemptions as "voucher point day" lines, sorted. */
static int main_redemptions(char (*rows)[40], int max)
{
	sqlite3 *d = open_db(fx.m);
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(d,
			       "SELECT printf('%d %s %s', r.voucher_id, l.code, r.day) AS x FROM redemption r"
			       " JOIN location l ON l.id = r.point_id ORDER BY x",
			       -1, &st, NULL) != SQLITE_OK)
		tt_die("%s", sqlite3_errmsg(d));
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		snprintf(rows[n++], 40, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(d);
	return n;
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int run_kit(uint64_t seed, struct kit *k)
{
	struct tt_rng r = { seed };
	const char *texts[MAXSLIP];
	static struct claim claims[MAXSLIP * 2];
	static char want[MAXSLIP * 2][40], got[MAXSLIP * 2][40];
	long long pre[3], post[3];
	static const long pkg[3] = { 10, 4, 30 };
	int nclaim, nwant = 0, ngot, refuse = 0, rc, accepted = 0, nt;
	sqlite3 *d;

	memset(k, 0, sizeof *k);
	k->seed = seed;
	tt_copy_db(fx.main_tpl, fx.m);
	tt_copy_db(fx.kit_tpl, fx.k);
	for (int e = 0; e < NEDIT; e++)
		k->edit[e] = tt_chance(&r, e == E_ROW || e == E_HIST || e == E_DROP || e == E_LATE_RAW ? 8 : 30);
	if (k->edit[E_LATE] && k->edit[E_LATE_RAW])
		k->edit[E_LATE] = 0;

	/* Edits before any redemption: tables the kit judges with. */
	if (k->edit[E_PACKAGE]) {
		const char *const a[] = { "-d", fx.k, "program", "package", "SEMBAKO", "--item", "BERAS=60@16000",
					  "--from", "2026-01", NULL };
		rc = cli_rc("2026-01-10", a);
		package_refused += rc != 0;
		note_edit(k, " package", rc ? "(refused by the kit)" : "");
	}
	d = open_db(fx.k);
	unsealed = 0;
	if (k->edit[E_KEY]) {
		exec(d, fx.stranger_key_sql);
		unsealed = 1;
		note_edit(k, " key", "");
	}
	if (k->edit[E_COPY]) {
		char sql[1500];
		snprintf(sql, sizeof sql,
			 "ATTACH '%s' AS k2; ATTACH '%s' AS mn;"
			 " INSERT INTO recipient SELECT * FROM k2.recipient WHERE id NOT IN (SELECT id FROM recipient);"
			 " INSERT INTO kit_recipient SELECT * FROM k2.kit_recipient WHERE recipient_id NOT IN"
			 " (SELECT recipient_id FROM kit_recipient);"
			 " INSERT INTO allocation SELECT * FROM mn.allocation WHERE id IN (SELECT id FROM k2.allocation)"
			 " AND id NOT IN (SELECT id FROM allocation);"
			 " INSERT INTO voucher SELECT * FROM mn.voucher WHERE id IN (SELECT id FROM k2.voucher)"
			 " AND id NOT IN (SELECT id FROM voucher);"
			 " DETACH k2; DETACH mn",
			 fx.kit2, fx.main_tpl);
		exec(d, sql);
		unsealed = 1;
		note_edit(k, " copy", "");
	}
	if (k->edit[E_LATE] || k->edit[E_LATE_RAW]) {
		behind_trigger(d, "voucher_no_update", "UPDATE voucher SET last_day = '2026-02-28'");
		if (k->edit[E_LATE])
			behind_trigger(d, "history_log_no_update",
				       "UPDATE history_log SET row = json_set(row, '$[3]', '2026-02-28')"
				       " WHERE tbl = 'voucher'");
		note_edit(k, " ", k->edit[E_LATE] ? "late" : "late-raw");
	}
	sqlite3_close(d);

	/* Redemptions on the kit: stranger texts first, then genuine ones on
	 * a few days, some in February when the slips were made to last. */
	if (k->edit[E_KEY]) {
		int i = (int)tt_below(&r, (uint64_t)fx.n1);
		texts[0] = fx.fake1[i];
		if (kit_redeem("2026-01-12", texts, 1, 0) == 0) {
			struct claim c[MAXSLIP * 2];
			int n = read_claims(c, MAXSLIP * 2);
			if (n > 0 && c[n - 1].voucher > 0 && c[n - 1].voucher < MAXV)
				k->fake_voucher[c[n - 1].voucher] = 1;
		}
	}
	if (k->edit[E_EARLY]) {
		int i = (int)tt_below(&r, (uint64_t)fx.n1);
		char line[260];
		snprintf(line, sizeof line, "2026-01-08T08:00:00,%s", fx.pos1[i]);
		texts[0] = line;
		kit_redeem("2026-01-12", texts, 1, 0);
		note_edit(k, " early", "");
	}
	if (k->edit[E_COPY]) {
		nt = 0;
		for (int i = 0; i < fx.n2 && nt < 3; i++)
			if (tt_chance(&r, 40))
				texts[nt++] = fx.pos2[i];
		if (nt)
			kit_redeem("2026-01-13", texts, nt, 1);
	}
	for (int round = 0, days = (int)tt_range(&r, 1, 3); round < days; round++) {
		char day[11];
		int feb = (k->edit[E_LATE] || k->edit[E_LATE_RAW]) && tt_chance(&r, 50);
		snprintf(day, sizeof day, "2026-%02d-%02d", feb ? 2 : 1, (int)(feb ? tt_range(&r, 1, 9) : tt_range(&r, 10, 31)));
		nt = 0;
		for (int i = 0; i < fx.n1; i++)
			if (tt_chance(&r, 25))
				texts[nt++] = fx.pos1[i];
		if (nt)
			kit_redeem(day, texts, nt, 0);
	}

	/* Edits after the redemptions: tables the kit's log answers for. */
	d = open_db(fx.k);
	if (k->edit[E_ROW] && !edit_row(&r, d, k))
		k->edit[E_ROW] = 0;
	if (k->edit[E_HIST])
		edit_hist(&r, d, k);
	if (k->edit[E_DROP])
		edit_drop(&r, d, k);
	sqlite3_close(d);
	if (k->edit[E_OFFICE]) {
		int i = (int)tt_below(&r, (uint64_t)fx.n1);
		const char *const a[] = { "-d", fx.m, "redeem", "--point", "POS-1", "--operator", "kantor", fx.pos1[i], NULL };
		if (cli_rc("2026-01-20", a) != 0)
			tt_die("seed %llu: the office could not redeem a POS-1 slip", (unsigned long long)seed);
		note_edit(k, " office", "");
	}
	for (int e = 0; e < NEDIT; e++)
		if (k->edit[e]) {
			edits_done[e]++;
			refuse |= edit_refuses[e];
		}
	if (unsealed) {
		note_edit(k, " ", "(not sealed by a redeem)");
		unsealed_kits++;
		refuse = 1;
	}

	/* The model. */
	nclaim = read_claims(claims, MAXSLIP * 2);
	d = open_db(fx.m);
	balances(d, pre);
	sqlite3_close(d);
	{
		char (*office)[40] = want;
		nwant = main_redemptions(office, MAXSLIP * 2);
	}
	if (!refuse)
		for (int i = 0; i < nclaim; i++) {
			const struct claim *c = &claims[i];
			char key[40];
			int office = 0;
			if (c->voucher <= 0 || c->voucher >= MAXV || !fx.exported[c->voucher] || k->fake_voucher[c->voucher])
				continue;
			if (strcmp(c->day, "2026-01-10") < 0 || strcmp(c->day, fx.last_day[c->voucher]) > 0 ||
			    strcmp(c->day, "2026-02-10") > 0)
				continue;
			snprintf(key, sizeof key, "%lld POS-1 ", c->voucher);
			for (int j = 0; j < nwant && !office; j++)
				office = !strncmp(want[j], key, strlen(key));
			if (office)
				continue;
			snprintf(want[nwant++], 40, "%lld POS-1 %s", c->voucher, c->day);
			accepted++;
		}
	qsort(want, (size_t)nwant, sizeof want[0], cmp_row);

	/* The import, then the office's state against the model. */
	{
		const char *const a[] = { "-d", fx.m, "field", "import", fx.k, NULL };
		rc = cli_rc("2026-02-10", a);
	}
	if (rc != (refuse ? 3 : 0)) {
		char *t = tt_slurp(fx.out, NULL);
		tt_fail("seed %llu:%s: import exited %d, the model says %d: %.400s", (unsigned long long)seed, k->log, rc,
			refuse ? 3 : 0, t ? t : "");
		free(t);
		return -1;
	}
	ngot = main_redemptions(got, MAXSLIP * 2);
	if (ngot != nwant || memcmp(got, want, (size_t)nwant * sizeof want[0])) {
		int i;
		for (i = 0; i < ngot && i < nwant && !strcmp(got[i], want[i]); i++)
			;
		tt_fail("seed %llu:%s: %d redemptions, the model says %d; first difference: '%s' vs the model's '%s'",
			(unsigned long long)seed, k->log, ngot, nwant, i < ngot ? got[i] : "(none)",
			i < nwant ? want[i] : "(none)");
		return -1;
	}
	d = open_db(fx.m);
	balances(d, post);
	sqlite3_close(d);
	for (int i = 0; i < 3; i++)
		if (pre[i] - post[i] != (long long)accepted * pkg[i] * fx.scale) {
			tt_fail("seed %llu:%s: POS-1 item %d went from %lld to %lld, the model says %d packages", (unsigned long long)seed,
				k->log, i, pre[i], post[i], accepted);
			return -1;
		}
	{
		const char *const a[] = { "-d", fx.m, "verify", NULL };
		if ((rc = cli_rc("2026-02-10", a)) != 0) {
			char *t = tt_slurp(fx.out, NULL);
			tt_fail("seed %llu:%s: verify exited %d after the import: %.400s", (unsigned long long)seed, k->log, rc,
				t ? t : "");
			free(t);
			return -1;
		}
	}
	refused_kits += refuse;
	accepted_total += accepted;
	conflict_total += refuse ? 0 : nclaim - accepted;
	return 0;
}

int main(void)
{
	long nkits = tt_env_long("LUMBUNG_TORTURE_KITS", tt_long() ? 10000 : 24);
	uint64_t seed = (uint64_t)tt_env_long("LUMBUNG_TORTURE_SEED", 20260110);
	static struct kit k;
	long bad = 0, done = 0;
	double t0;

	setup();
	t0 = tt_now();
	for (long i = 0; i < nkits && bad < 5; i++, done++)
		if (run_kit(seed + (uint64_t)i, &k))
			bad++;
	if (!bad)
		tt_ok("%ld dishonest kits imported as the model says", done);
	tt_note("%ld dishonest kits in %.1f s (%.1f kits/s); %ld refused whole; %ld redemptions accepted, %ld conflicts",
		done, tt_now() - t0, done / (tt_now() - t0 + 1e-9), refused_kits, accepted_total, conflict_total);
	for (int e = 0; e < NEDIT; e++)
		tt_note("edit %-9s %ld kits", edit_name[e], edits_done[e]);
	tt_note("the kit refused %ld of the package edits", package_refused);
	tt_note("%ld kits refused whole for a key or copy edit that no redeem on the kit sealed", unsealed_kits);
	tt_world_free(&fx.w);
	return tt_done();
}
