/*
 * common.h — what the torture suites (tests/torture/NAME.c) share: a seeded
 * PRNG, TAP output, running the real lumbung binary as a child process,
 * and the world they all start from, built through that binary the way
 * an office would build it.
 *
 * Each suite is one program. `make check` builds it through a one-line
 * wrapper in tests/unit (test_torture_NAME.c includes common.c and
 * NAME.c) with the sanitizers, and runs its short form; `make torture`
 * builds it optimised and runs it with LUMBUNG_TORTURE=1, the long form.
 * Both need $LUMBUNG, the binary under test (tests/run.sh exports it).
 *
 * Memory: nothing here keeps pointers to the caller's data; the world's
 * paths live in struct tt_world, a caller-owned value.
 */
#ifndef TT_COMMON_H
#define TT_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* ---- PRNG: splitmix64, so that a seed names a run on any machine ---- */

struct tt_rng {
	uint64_t s;
};

uint64_t tt_next(struct tt_rng *r);
/* 0 .. n-1 (n > 0). */
uint64_t tt_below(struct tt_rng *r, uint64_t n);
/* lo .. hi inclusive. */
int64_t tt_range(struct tt_rng *r, int64_t lo, int64_t hi);
/* 1 with probability pct/100. */
int tt_chance(struct tt_rng *r, unsigned pct);

/* ---- sizes ---- */

/* 1 for the long form (LUMBUNG_TORTURE set and not "0"). */
int tt_long(void);
/* An integer from the environment, else dflt. */
long tt_env_long(const char *name, long dflt);
/* Seconds since some fixed moment, for rates. */
double tt_now(void);

/* ---- TAP ---- */

void tt_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A "# ..." line: counts and figures people quote. */
void tt_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the plan ("1..N") and return the exit status: 0 when nothing
 * failed. */
int tt_done(void);
int tt_failures(void);

/* Abort the run (after a "not ok" line and a "Bail out!"): for setup that
 * must not fail. */
void tt_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ---- the binary under test ---- */

/* $LUMBUNG, absolute; dies when unset. */
const char *tt_lumbung(void);

/* Run lumbung with the NULL-terminated argv (without argv[0]) and the
 * current environment; stdout and stderr go to out_path (NULL: /dev/null).
 * Returns the exit status, or 128 + signal number. */
int tt_run(const char *out_path, const char *const *argv);
/* tt_run with a variable argument list ending in NULL. */
int tt_runl(const char *out_path, ...) __attribute__((sentinel));
/* Start lumbung without waiting; returns the pid (stdout and stderr to
 * out_path). */
int tt_spawn(const char *out_path, const char *const *argv);
/* Wait for pid: its exit status, or 128 + signal number. */
int tt_wait(int pid);

/* Read a whole small file into a NUL-terminated buffer (malloc'd; NULL
 * when it cannot be read). */
char *tt_slurp(const char *path, size_t *len);
/* Write text to path (dies on failure). */
void tt_write_file(const char *path, const char *text, size_t len);
/* cp src dst, byte for byte (dies on failure). */
void tt_copy_file(const char *src, const char *dst);
/* Remove a database and its -wal and -shm. */
void tt_rm_db(const char *path);
/* Copy a database (and its -wal, if any) to dst, removing what dst had. */
void tt_copy_db(const char *src, const char *dst);

/* ---- the world ---- */

/*
 * A database made through the CLI (LUMBUNG_TODAY 2026-01-01): region
 * data; items BERAS (kg, karung=25, shelf life 365), MINYAK (liter,
 * dus=12), TELUR (butir, rak=30, shelf life 21); warehouses GD-A and GD-B,
 * supplier SUP-1, points POS-1, POS-2, POS-3 serving Jahab, Loa Ipuh and
 * Bukit Biru (Tenggarong); nrcp recipients spread over the three villages
 * (lansia or disabilitas); programs SEMBAKO (monthly, BERAS 10 kg, MINYAK
 * 4 liter, TELUR 30 butir) and PKH (two-month rounds, lansia only, BERAS
 * 6 kg), both 2026-01 to 2027-12 with room for everyone; a signing key.
 * Nothing is allocated and nothing is in stock.
 */
struct tt_world {
	char dir[200];   /* a fresh temporary folder, removed by tt_world_free */
	char db[256];    /* dir/world.db */
	char key[256];   /* dir/signing.key */
	int nrcp;
};

/* Make dir and the world in it, and point LUMBUNG_DB, LUMBUNG_KEY,
 * LUMBUNG_OPERATOR and LUMBUNG_TODAY at it. Dies on failure. */
void tt_world_build(struct tt_world *w, int nrcp);
/* Remove the folder and everything in it (unless LUMBUNG_TORTURE_KEEP). */
void tt_world_free(struct tt_world *w);
/* Set LUMBUNG_TODAY from a day number (core/date.h's lb_day). */
void tt_set_today(int32_t day);

#endif
