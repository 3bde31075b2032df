/*
 * common.c — shared by the torture suites. See common.h.
 */
#include "tests/torture/common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"

/* ---- PRNG ---- */

uint64_t tt_next(struct tt_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t tt_below(struct tt_rng *r, uint64_t n)
{
	/* The bias of a plain modulo is below 2^-40 for our small n. */
	return tt_next(r) % n;
}

int64_t tt_range(struct tt_rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)tt_below(r, (uint64_t)(hi - lo) + 1);
}

int tt_chance(struct tt_rng *r, unsigned pct)
{
	return tt_below(r, 100) < pct;
}

/* ---- sizes ---- */

int tt_long(void)
{
	const char *s = getenv("LUMBUNG_TORTURE");

	return s && *s && strcmp(s, "0") != 0;
}

long tt_env_long(const char *name, long dflt)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (!s || !*s)
		return dflt;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return dflt;
	return v;
}

double tt_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- TAP ---- */

static int ntests, nfailed;

void tt_ok(const char *fmt, ...)
{
	va_list ap;

	printf("ok %d - ", ++ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void tt_fail(const char *fmt, ...)
{
	va_list ap;

	nfailed++;
	printf("not ok %d - ", ++ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void tt_note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int tt_done(void)
{
	printf("1..%d\n", ntests);
	fflush(stdout);
	return nfailed ? 1 : 0;
}

int tt_failures(void)
{
	return nfailed;
}

void tt_die(const char *fmt, ...)
{
	va_list ap;

	printf("not ok %d - ", ++ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\nBail out!\n1..%d\n", ntests);
	fflush(stdout);
	exit(1);
}

/* ---- the binary under test ---- */

const char *tt_lumbung(void)
{
	static char path[4096];
	const char *s = getenv("LUMBUNG");

	if (path[0])
		return path;
	if (!s || !*s)
		tt_die("LUMBUNG must name the lumbung binary under test");
	if (s[0] == '/') {
		snprintf(path, sizeof path, "%s", s);
	} else {
		char cwd[2048];
		if (!getcwd(cwd, sizeof cwd))
			tt_die("getcwd: %s", strerror(errno));
		snprintf(path, sizeof path, "%s/%s", cwd, s);
	}
	if (access(path, X_OK) != 0)
		tt_die("LUMBUNG '%s' is not executable", path);
	return path;
}

int tt_spawn(const char *out_path, const char *const *argv)
{
	const char *bin = tt_lumbung();
	const char *args[64];
	size_t n = 0;
	pid_t pid;

	args[n++] = bin;
	for (; argv[n - 1] && n < 63; n++)
		args[n] = argv[n - 1];
	args[n] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		tt_die("fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int nul = open("/dev/null", O_RDONLY);
		if (fd < 0 || nul < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0 || dup2(nul, 0) < 0)
			_exit(126);
		close(fd);
		close(nul);
		execv(bin, (char *const *)args);
		_exit(127);
	}
	return (int)pid;
}

int tt_wait(int pid)
{
	int st;

	while (waitpid((pid_t)pid, &st, 0) < 0)
		if (errno != EINTR)
			tt_die("waitpid: %s", strerror(errno));
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 255;
}

int tt_run(const char *out_path, const char *const *argv)
{
	return tt_wait(tt_spawn(out_path, argv));
}

int tt_runl(const char *out_path, ...)
{
	const char *argv[64];
	size_t n = 0;
	va_list ap;

	va_start(ap, out_path);
	while (n < 63 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return tt_run(out_path, argv);
}

char *tt_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			char *p = realloc(buf, cap ? cap * 2 : 8192);
			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap = cap ? cap * 2 : 8192;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

void tt_write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
		tt_die("cannot write '%s': %s", path, strerror(errno));
}

void tt_copy_file(const char *src, const char *dst)
{
	size_t n;
	char *s = tt_slurp(src, &n);

	if (!s)
		tt_die("cannot read '%s': %s", src, strerror(errno));
	tt_write_file(dst, s, n);
	free(s);
}

void tt_rm_db(const char *path)
{
	char p[4200];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-journal", path);
	unlink(p);
}

void tt_copy_db(const char *src, const char *dst)
{
	char s[4200], d[4200];

	tt_rm_db(dst);
	tt_copy_file(src, dst);
	/* A database last closed by a killed process keeps its WAL. */
	snprintf(s, sizeof s, "%s-wal", src);
	snprintf(d, sizeof d, "%s-wal", dst);
	if (access(s, F_OK) == 0)
		tt_copy_file(s, d);
}

/* ---- the world ---- */

void tt_set_today(int32_t day)
{
	char d[11];

	lb_date_format(day, d);
	setenv("LUMBUNG_TODAY", d, 1);
}

static void world_must(const char *what, const char *out, const char *const *argv)
{
	int rc = tt_run(out, argv);
	char *text;

	if (rc == 0)
		return;
	text = tt_slurp(out, NULL);
	tt_die("setup: lumbung %s exited with %d: %s", what, rc, text ? text : "");
}

#define WORLD_MUST(...)                                                   \
	do {                                                        \
		const char *const a_[] = { __VA_ARGS__, NULL };     \
		world_must(a_[0], out, a_);                               \
	} while (0)

/* A recipient file: NIKs of Tenggarong (64.02.06), born 1940-1965, women
 * and men in turn, each village in turn. */
static void recipients_csv(const char *path, int n)
{
	static const char *const villages[] = { "64.02.06.1001", "64.02.06.1002", "64.02.06.1003" };
	FILE *f = fopen(path, "w");

	if (!f)
		tt_die("cannot write '%s': %s", path, strerror(errno));
	fprintf(f, "nik,kk,name,sex,birth_date,address,village,category,desil\n");
	for (int i = 0; i < n; i++) {
		int day = 1 + i % 28, month = 1 + (i / 28) % 12, year = 1940 + i % 26;
		int female = i % 2;
		fprintf(f, "640206%02d%02d%02d%04d,,Penerima %03d,,,,%s,%s,\n", day + (female ? 40 : 0), month,
			year % 100, i + 1, i + 1, villages[i % 3], i % 4 == 3 ? "disabilitas" : "lansia");
	}
	if (fclose(f) != 0)
		tt_die("cannot write '%s': %s", path, strerror(errno));
}

void tt_world_build(struct tt_world *w, int nrcp)
{
	const char *base = getenv("TMPDIR");
	const char *data = getenv("LUMBUNG_DATA");
	char out[300], csv[300], f1[300], f2[300], f3[300], f4[300];

	memset(w, 0, sizeof *w);
	/* tmpfs when there is one: these suites commit often and test
	 * crashes of the process, not of the disk. */
	if (access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	else if (!base || !*base)
		base = "/tmp";
	snprintf(w->dir, sizeof w->dir, "%s/lumbung-torture.XXXXXX", base);
	if (!mkdtemp(w->dir))
		tt_die("mkdtemp: %s", strerror(errno));
	snprintf(w->db, sizeof w->db, "%s/world.db", w->dir);
	snprintf(w->key, sizeof w->key, "%s/signing.key", w->dir);
	w->nrcp = nrcp;
	setenv("LUMBUNG_DB", w->db, 1);
	setenv("LUMBUNG_KEY", w->key, 1);
	setenv("LUMBUNG_OPERATOR", "torture", 1);
	setenv("LUMBUNG_TODAY", "2026-01-01", 1);
	setenv("TZ", "Asia/Makassar", 1);
	tzset();
	snprintf(out, sizeof out, "%s/setup.out", w->dir);
	snprintf(csv, sizeof csv, "%s/recipients.csv", w->dir);
	if (!data || !*data)
		data = "data";
	snprintf(f1, sizeof f1, "%s/wilayah/provinces.csv", data);
	snprintf(f2, sizeof f2, "%s/wilayah/regencies.csv", data);
	snprintf(f3, sizeof f3, "%s/wilayah/districts.csv", data);
	snprintf(f4, sizeof f4, "%s/wilayah/villages.csv", data);

	WORLD_MUST("init", "--org", "Dinas Sosial Kabupaten Kutai Kartanegara");
	WORLD_MUST("region", "import", f1, f2, f3, f4);
	WORLD_MUST("item", "add", "BERAS", "--name", "Beras medium", "--unit", "kg", "--pack", "karung=25",
	     "--shelf-life", "365");
	WORLD_MUST("item", "add", "MINYAK", "--name", "Minyak goreng", "--unit", "liter", "--pack", "dus=12");
	WORLD_MUST("item", "add", "TELUR", "--name", "Telur ayam", "--unit", "butir", "--pack", "rak=30", "--shelf-life",
	     "21");
	WORLD_MUST("location", "add", "GD-A", "--kind", "warehouse", "--name", "Gudang A");
	WORLD_MUST("location", "add", "GD-B", "--kind", "warehouse", "--name", "Gudang B");
	WORLD_MUST("location", "add", "SUP-1", "--kind", "supplier", "--name", "Pemasok");
	WORLD_MUST("location", "add", "POS-1", "--kind", "point", "--name", "Kantor Desa Jahab", "--village",
	     "64.02.06.1001");
	WORLD_MUST("location", "add", "POS-2", "--kind", "point", "--name", "Balai Desa Loa Ipuh", "--village",
	     "64.02.06.1002");
	WORLD_MUST("location", "add", "POS-3", "--kind", "point", "--name", "Balai Desa Bukit Biru", "--village",
	     "64.02.06.1003");
	recipients_csv(csv, nrcp);
	WORLD_MUST("recipient", "import", csv);
	WORLD_MUST("program", "add", "SEMBAKO", "--name", "Bantuan Sembako Daerah", "--monthly-value", "300000", "--quota",
	     "100000", "--categories", "lansia,disabilitas", "--first", "2026-01", "--last", "2027-12");
	WORLD_MUST("program", "package", "SEMBAKO", "--item", "BERAS=10@16000", "--item", "MINYAK=4@20000", "--item",
	     "TELUR=30@2000");
	WORLD_MUST("program", "add", "PKH", "--name", "Pendamping PKH pangan", "--monthly-value", "50000", "--quota",
	     "100000", "--categories", "lansia", "--round-months", "2", "--first", "2026-01", "--last", "2027-12");
	WORLD_MUST("program", "package", "PKH", "--item", "BERAS=6@16000");
	WORLD_MUST("key", "init");
}

#undef WORLD_MUST

void tt_world_free(struct tt_world *w)
{
	char cmd[300];

	if (!w->dir[0] || getenv("LUMBUNG_TORTURE_KEEP"))
		return;
	/* Only our own mkdtemp folder, named in full. */
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->dir);
	if (system(cmd) != 0)
		tt_note("could not remove %s", w->dir);
	w->dir[0] = '\0';
}
