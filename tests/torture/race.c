/*
 * race.c — several lumbung processes writing one database at once.
 *
 * Each round, on a fresh copy of one database, these run at the same
 * time as separate processes of the real binary:
 *   - three `redeem --file` runs at POS-1, each with every POS-1 slip in
 *     its own shuffled order;
 *   - single-scan `redeem` runs at POS-2, each slip by two processes at
 *     once;
 *   - two `stock import` files of receipts and moves (ids of their own);
 *   - single `stock receive` and `stock move` commands, some of them twice
 *     at once with the same --id;
 *   - two `field import` runs of the same kit (POS-3, every slip redeemed
 *     on it).
 * Afterwards:
 *   - no process failed: every exit status is what its command gives when
 *     it is done (0; 3 for scans refused as redeemed by a twin; the second
 *     of two kit imports finds the kit imported already), and no "locked"
 *     or "busy" on any stderr: writers waited for each other under the
 *     busy timeout;
 *   - no double redemption: each slip accepted once, across processes and
 *     in the attempt log, and redeemed once;
 *   - no lost write: every import's rows, every posted id, every slip
 *     reported accepted, and the kit once;
 *   - PRAGMA integrity_check ok and lumbung verify passes.
 *
 * Sizes: make check runs 2 rounds; LUMBUNG_TORTURE=1 runs 25.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/db.h"
#include "core/hash.h"
#include "inventory/verify.h"
#include "tests/torture/common.h"

#define MAXJOB 1024
#define POOL 6

enum { J_REDEEM_FILE, J_REDEEM_ONE, J_IMPORT, J_POST, J_KIT };

struct job {
	int kind;
	int pid;
	int status;
	char out[300];
	const char *argv[24];
	char a1[200], a2[64];
};

struct fx {
	struct tt_world w;
	char base[300], kit[300], db[300], kitcopy[300], imp[2][300], files[3][300];
	char (*pos1)[200], (*pos2)[200];
	char (*ser1)[16], (*ser2)[16];
	int n1, n2, nsingle, nposts, rows;
	struct job jobs[MAXJOB];
	int njobs;
};

static void setup_cli(struct fx *f, const char *const *argv)
{
	char out[320], *t;
	int rc;

	snprintf(out, sizeof out, "%s/setup.out", f->w.dir);
	if ((rc = tt_run(out, argv)) == 0)
		return;
	t = tt_slurp(out, NULL);
	tt_die("setup: lumbung %s %s exited with %d: %.500s", argv[0], argv[1] ? argv[1] : "", rc, t ? t : "");
}

#define SETUP(f, ...)                                         \
	do {                                                  \
		const char *const a_[] = { __VA_ARGS__, NULL }; \
		setup_cli(f, a_);                             \
	} while (0)

/* A payloads file in tsv form: serial, point, status, name, text. */
static void read_tsv(const char *path, char (**text)[200], char (**serial)[16], int *n)
{
	FILE *in = fopen(path, "r");
	char line[600];
	int cap = 0;

	if (!in)
		tt_die("%s: %s", path, strerror(errno));
	*n = 0;
	*text = NULL;
	*serial = NULL;
	while (fgets(line, sizeof line, in)) {
		char *t = strrchr(line, '\t');
		if (!t)
			tt_die("%s: not tsv", path);
		if (*n == cap) {
			cap = cap ? cap * 2 : 128;
			if (!(*text = realloc(*text, (size_t)cap * sizeof **text)) ||
			    !(*serial = realloc(*serial, (size_t)cap * sizeof **serial)))
				tt_die("out of memory");
		}
		line[strcspn(line, "\r\n")] = '\0';
		snprintf((*text)[*n], 200, "%s", t + 1);
		line[strcspn(line, "\t")] = '\0';
		snprintf((*serial)[*n], 16, "%s", line);
		(*n)++;
	}
	fclose(in);
}

static void setup(struct fx *f, int nrcp)
{
	char p1[300], p2[300], p3[300], list[300];
	FILE *o;

	tt_world_build(&f->w, nrcp);
	setenv("LUMBUNG_TODAY", "2026-01-10", 1);
	SETUP(f, "stock", "receive", "--to", "GD-A", "--item", "BERAS", "--qty", "2000000", "--lot", "B-BASE", "--expiry",
	      "2026-12-31", "--unit-cost", "14000");
	SETUP(f, "stock", "receive", "--to", "GD-A", "--item", "MINYAK", "--qty", "500000", "--lot", "M-BASE",
	      "--unit-cost", "18000");
	SETUP(f, "stock", "receive", "--to", "GD-A", "--item", "TELUR", "--qty", "2000000", "--lot", "T-BASE", "--expiry",
	      "2026-06-30", "--unit-cost", "2000");
	for (int p = 1; p <= 3; p++) {
		char pt[8];
		snprintf(pt, sizeof pt, "POS-%d", p);
		SETUP(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "BERAS", "--qty", "100000");
		SETUP(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "MINYAK", "--qty", "40000");
		SETUP(f, "stock", "move", "--from", "GD-A", "--to", pt, "--item", "TELUR", "--qty", "300000");
	}
	SETUP(f, "allocate", "--program", "SEMBAKO", "--period", "2026-01");
	snprintf(list, sizeof list, "%s/list.csv", f->w.dir);
	SETUP(f, "voucher", "list", "--program", "SEMBAKO", "--period", "2026-01", "--village", "64.02.06.1001",
	      "--format", "csv", "-o", list);
	snprintf(p1, sizeof p1, "%s/pos1.txt", f->w.dir);
	snprintf(p2, sizeof p2, "%s/pos2.txt", f->w.dir);
	snprintf(p3, sizeof p3, "%s/pos3.txt", f->w.dir);
	SETUP(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-1", "--format",
	      "tsv", "-o", p1);
	SETUP(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-2", "--format",
	      "tsv", "-o", p2);
	SETUP(f, "redeem", "payloads", "--program", "SEMBAKO", "--period", "2026-01", "--point", "POS-3", "-o", p3);
	read_tsv(p1, &f->pos1, &f->ser1, &f->n1);
	read_tsv(p2, &f->pos2, &f->ser2, &f->n2);
	if (f->nsingle > f->n2)
		f->nsingle = f->n2;

	/* The kit for POS-3, every slip redeemed on it. */
	snprintf(f->kit, sizeof f->kit, "%s/kit.db", f->w.dir);
	SETUP(f, "field", "export", "--point", "POS-3", "--period", "2026-01", "-o", f->kit);
	SETUP(f, "-d", f->kit, "redeem", "--point", "POS-3", "--file", p3);
	snprintf(f->base, sizeof f->base, "%s/base.db", f->w.dir);
	snprintf(f->db, sizeof f->db, "%s/race.db", f->w.dir);
	snprintf(f->kitcopy, sizeof f->kitcopy, "%s/race-kit.db", f->w.dir);
	tt_copy_db(f->w.db, f->base);

	for (int k = 0; k < 2; k++) {
		char path[300];
		snprintf(path, sizeof path, "%s/import-%c.csv", f->w.dir, 'a' + k);
		memcpy(f->imp[k], path, sizeof path);
		if (!(o = fopen(f->imp[k], "w")))
			tt_die("%s", strerror(errno));
		fprintf(o, "type,from,to,item,qty,lot,unit_cost,id\n");
		for (int i = 0; i < f->rows; i += 2) {
			fprintf(o, "receive,SUP-1,GD-B,MINYAK,10,R%c-%d,18000,r%c-%d\n", 'A' + k, i / 100, 'a' + k, i);
			fprintf(o, "move,GD-B,POS-%d,MINYAK,10,R%c-%d,,r%c-%d\n", 1 + i % 3, 'A' + k, i / 100, 'a' + k, i + 1);
		}
		if (fclose(o))
			tt_die("%s", strerror(errno));
	}
}

/* Every POS-1 slip in an order of its own. */
static void shuffled(struct fx *f, struct tt_rng *r, int k)
{
	int *ord = malloc((size_t)f->n1 * sizeof *ord);
	char path[300];
	FILE *o;

	if (!ord)
		tt_die("out of memory");
	for (int i = 0; i < f->n1; i++)
		ord[i] = i;
	for (int i = f->n1 - 1; i > 0; i--) {
		int j = (int)tt_below(r, (uint64_t)i + 1), t = ord[i];
		ord[i] = ord[j];
		ord[j] = t;
	}
	snprintf(path, sizeof path, "%s/scans-%d.txt", f->w.dir, k);
	memcpy(f->files[k], path, sizeof path);
	if (!(o = fopen(f->files[k], "w")))
		tt_die("%s", strerror(errno));
	for (int i = 0; i < f->n1; i++)
		fprintf(o, "%s\n", f->pos1[ord[i]]);
	if (fclose(o))
		tt_die("%s", strerror(errno));
	free(ord);
}

static struct job *add(struct fx *f, int kind)
{
	struct job *j;

	if (f->njobs == MAXJOB)
		tt_die("too many jobs");
	j = &f->jobs[f->njobs];
	memset(j, 0, sizeof *j);
	j->kind = kind;
	{
		char path[300];
		snprintf(path, sizeof path, "%s/job-%d.out", f->w.dir, f->njobs);
		memcpy(j->out, path, sizeof path);
	}
	j->argv[0] = "-d";
	j->argv[1] = f->db;
	f->njobs++;
	return j;
}

static void plan(struct fx *f, struct tt_rng *r)
{
	struct job *j;

	f->njobs = 0;
	for (int k = 0; k < 3; k++) {
		shuffled(f, r, k);
		j = add(f, J_REDEEM_FILE);
		j->argv[2] = "redeem", j->argv[3] = "--point", j->argv[4] = "POS-1", j->argv[5] = "--file";
		j->argv[6] = f->files[k];
	}
	for (int k = 0; k < 2; k++) {
		j = add(f, J_IMPORT);
		j->argv[2] = "stock", j->argv[3] = "import", j->argv[4] = f->imp[k];
	}
	for (int k = 0; k < 2; k++) {
		j = add(f, J_KIT);
		j->argv[2] = "field", j->argv[3] = "import", j->argv[4] = f->kitcopy;
	}
	/* The short ones, interleaved: each slip twice, each id of every
	 * fifth post twice. */
	for (int i = 0, s = 0, p = 0; s < 2 * f->nsingle || p < f->nposts; i++) {
		if (s < 2 * f->nsingle && (p >= f->nposts || tt_chance(r, 50))) {
			j = add(f, J_REDEEM_ONE);
			snprintf(j->a1, sizeof j->a1, "%s", f->pos2[s / 2]);
			j->argv[2] = "redeem", j->argv[3] = "--point", j->argv[4] = "POS-2", j->argv[5] = j->a1;
			s++;
			continue;
		}
		j = add(f, J_POST);
		snprintf(j->a2, sizeof j->a2, "race-%d", p % 5 == 4 ? p - 1 : p);
		if ((p % 5 == 4 ? p - 1 : p) % 2) {
			j->argv[2] = "stock", j->argv[3] = "move", j->argv[4] = "--from", j->argv[5] = "GD-A";
			j->argv[6] = "--to", j->argv[7] = "GD-B", j->argv[8] = "--item", j->argv[9] = "BERAS";
			j->argv[10] = "--qty", j->argv[11] = "3", j->argv[12] = "--id", j->argv[13] = j->a2;
		} else {
			snprintf(j->a1, sizeof j->a1, "RACE-%d", p % 5 == 4 ? p - 1 : p);
			j->argv[2] = "stock", j->argv[3] = "receive", j->argv[4] = "--to", j->argv[5] = "GD-B";
			j->argv[6] = "--item", j->argv[7] = "TELUR", j->argv[8] = "--qty", j->argv[9] = "30";
			j->argv[10] = "--lot", j->argv[11] = j->a1, j->argv[12] = "--unit-cost", j->argv[13] = "2000";
			j->argv[14] = "--expiry", j->argv[15] = "2026-06-30", j->argv[16] = "--id", j->argv[17] = j->a2;
		}
		p++;
	}
}

/* Start the long jobs, then the short ones POOL at a time beside them. */
static void run_all(struct fx *f)
{
	int running = 0, next = 0, left = f->njobs;

	for (; next < f->njobs && f->jobs[next].kind != J_REDEEM_ONE && f->jobs[next].kind != J_POST; next++) {
		f->jobs[next].pid = tt_spawn(f->jobs[next].out, f->jobs[next].argv);
		running++;
	}
	while (left > 0) {
		int st, pid;
		while (next < f->njobs && running < POOL + 7) {
			f->jobs[next].pid = tt_spawn(f->jobs[next].out, f->jobs[next].argv);
			next++;
			running++;
		}
		pid = (int)waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			tt_die("waitpid: %s", strerror(errno));
		}
		for (int i = 0; i < f->njobs; i++)
			if (f->jobs[i].pid == pid) {
				f->jobs[i].status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
				f->jobs[i].pid = -1;
				running--;
				left--;
				break;
			}
	}
}

static int64_t q1(lb_db *db, const char *sql)
{
	int64_t v = -1;
	lb_err e = { 0 };

	if (lb_db_int(db, sql, 0, &v, &e))
		tt_die("%s: %s", sql, e.msg);
	return v;
}

/* How often serial appears as accepted in the file runs' outputs. */
static int accepted_lines(struct fx *f, const char *serial)
{
	int n = 0;

	for (int i = 0; i < f->njobs; i++) {
		char *t, *p;
		if (f->jobs[i].kind != J_REDEEM_FILE && f->jobs[i].kind != J_REDEEM_ONE)
			continue;
		if (!(t = tt_slurp(f->jobs[i].out, NULL)))
			continue;
		for (p = t; (p = strstr(p, serial)); p++) {
			const char *line = p;
			while (line > t && line[-1] != '\n')
				line--;
			n += strncmp(line, "accepted  ", 10) == 0;
		}
		free(t);
	}
	return n;
}

static int check(struct fx *f, char *why, size_t n, long *stats)
{
	struct lb_verify_report rep;
	lb_db *db;
	lb_err e = { 0 };
	int64_t v;
	char out[320];
	int posts = 0, kits_done = 0;

	for (int i = 0; i < f->njobs; i++) {
		struct job *j = &f->jobs[i];
		char *t = tt_slurp(j->out, NULL);
		int ok = j->status == 0 || ((j->kind == J_REDEEM_FILE || j->kind == J_REDEEM_ONE) && j->status == 3);
		if (!ok || (t && (strstr(t, "locked") || strstr(t, "busy") || strstr(t, "BUSY")))) {
			snprintf(why, n, "lumbung %s %s exited with %d: %.400s", j->argv[2], j->argv[3], j->status, t ? t : "");
			free(t);
			return 1;
		}
		if (j->kind == J_KIT && t && strstr(t, "imported already"))
			stats[2]++;
		kits_done += j->kind == J_KIT && j->status == 0;
		posts += j->kind == J_POST;
		free(t);
	}
	if (lb_db_open(f->db, LB_DB_EXISTING, &db, &e)) {
		snprintf(why, n, "%s", e.msg);
		return 1;
	}
	if (lb_db_integrity(db, &e) || lb_verify(db, &rep, &e)) {
		snprintf(why, n, "%s", e.msg);
		lb_db_close(db);
		return 1;
	}
	/* No double redemption. */
	if ((v = q1(db, "SELECT count(*) FROM (SELECT voucher_id FROM redemption GROUP BY voucher_id HAVING count(*) > 1)"))) {
		snprintf(why, n, "%lld slips redeemed more than once", (long long)v);
		goto bad;
	}
	if ((v = q1(db, "SELECT count(*) FROM (SELECT voucher_id FROM redemption_attempt WHERE outcome = 'accepted'"
			" GROUP BY voucher_id HAVING count(*) > 1)"))) {
		snprintf(why, n, "%lld slips accepted more than once in the attempt log", (long long)v);
		goto bad;
	}
	if ((v = q1(db, "SELECT count(*) FROM redeemed")) !=
	    f->n1 + f->nsingle + q1(db, "SELECT count(*) FROM redemption WHERE kit_id IS NOT NULL")) {
		snprintf(why, n, "%lld slips redeemed, expected %d at POS-1, %d at POS-2 and the kit's", (long long)v, f->n1,
			 f->nsingle);
		goto bad;
	}
	for (int i = 0; i < f->n1 + f->nsingle; i++) {
		const char *serial = i < f->n1 ? f->ser1[i] : f->ser2[i - f->n1];
		char sql[200];
		int lines;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM redemption_attempt WHERE outcome = 'accepted' AND serial = '%s'",
			 serial);
		if (q1(db, sql) != 1) {
			snprintf(why, n, "slip %s was accepted %lld times", serial, (long long)q1(db, sql));
			goto bad;
		}
		if ((lines = accepted_lines(f, serial)) != 1) {
			snprintf(why, n, "slip %s was shown as accepted %d times", serial, lines);
			goto bad;
		}
	}
	/* No lost write. */
	for (int k = 0; k < 2; k++) {
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM movement WHERE key GLOB 'r%c-*' AND key NOT GLOB '*#*'", 'a' + k);
		if ((v = q1(db, sql)) != f->rows) {
			snprintf(why, n, "import %c: %lld of %d rows posted", 'A' + k, (long long)v, f->rows);
			goto bad;
		}
	}
	if ((v = q1(db, "SELECT count(*) FROM movement WHERE key GLOB 'race-*'")) != f->nposts - f->nposts / 5) {
		snprintf(why, n, "%lld posted ids, expected %d (%d posts, every fifth a repeated id)", (long long)v,
			 f->nposts - f->nposts / 5, posts);
		goto bad;
	}
	if (kits_done < 1 || q1(db, "SELECT count(*) FROM field_kit_import") != 1) {
		snprintf(why, n, "the kit was imported %lld times", (long long)q1(db, "SELECT count(*) FROM field_kit_import"));
		goto bad;
	}
	stats[0] += q1(db, "SELECT count(*) FROM redeemed");
	stats[1] += q1(db, "SELECT count(*) FROM redemption_attempt WHERE outcome = 'already_redeemed'");
	lb_db_close(db);
	{
		const char *const a[] = { "-d", f->db, "verify", NULL };
		snprintf(out, sizeof out, "%s/verify.out", f->w.dir);
		if (tt_run(out, a) != 0) {
			snprintf(why, n, "lumbung verify failed");
			return 1;
		}
	}
	return 0;
bad:
	lb_db_close(db);
	return 1;
}

int main(void)
{
	static struct fx f;
	struct tt_rng rng;
	lb_err e = { 0 };
	int lng = tt_long();
	long rounds = tt_env_long("LUMBUNG_TORTURE_ROUNDS", lng ? 25 : 2), failed = 0, procs = 0;
	long stats[3] = { 0 };
	double t0;

	rng.s = (uint64_t)tt_env_long("LUMBUNG_TORTURE_SEED", 0x7ace);
	f.nsingle = lng ? 60 : 20;
	f.nposts = lng ? 100 : 30;
	f.rows = lng ? 4000 : 1000;
	if (lb_hash_init(&e))
		tt_die("%s", e.msg);
	setup(&f, lng ? 600 : 150);
	t0 = tt_now();
	for (long r = 0; r < rounds; r++) {
		char why[1024] = "";
		tt_copy_db(f.base, f.db);
		tt_copy_db(f.kit, f.kitcopy);
		plan(&f, &rng);
		run_all(&f);
		procs += f.njobs;
		if (check(&f, why, sizeof why, stats)) {
			tt_fail("round %ld (seed %ld): %s", r + 1, tt_env_long("LUMBUNG_TORTURE_SEED", 0x7ace), why);
			if (++failed >= 3)
				break;
		}
	}
	if (!failed)
		tt_ok("%ld rounds of %d processes at once: no failure, no double redemption, no lost write, verify passes",
		      rounds, f.njobs);
	tt_note("race: %ld rounds, %ld processes, %ld slips redeemed, %ld twin scans refused as redeemed, %ld second kit imports found it imported already, %.1f s",
		rounds, procs, stats[0], stats[1], stats[2], tt_now() - t0);
	free(f.pos1);
	free(f.pos2);
	free(f.ser1);
	free(f.ser2);
	tt_world_free(&f.w);
	return tt_done();
}
