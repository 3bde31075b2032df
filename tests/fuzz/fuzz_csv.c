/*
 * fuzz_csv.c — libFuzzer target for CSV input: the reader every import
 * uses (core/csv.c over libcsv) and the stock import's row parsing
 * (inventory/import.c: types, dates, quantities with pack units, lots,
 * costs, ids), which is where a warehouse's spreadsheet meets the ledger.
 *
 * `make fuzz` runs it for FUZZ_SECONDS on a copy of tests/fuzz/corpus/csv;
 * `make check` replays those seeds and tests/fuzz/crashes/csv without
 * libFuzzer.
 *
 * The input is written to a file (the reader takes a path) and read three
 * times:
 *  1. row by row with lb_csv_next: each row has fields that are
 *     NUL-terminated strings, row numbers count up by one, and a refusal
 *     is LB_EINPUT with a message naming the file;
 *  2. as a stock import into a small ledger (two items with packs, a
 *     warehouse, a point, a supplier, a lot) inside a transaction that is
 *     then rolled back: the answer is LB_OK, LB_EINPUT or LB_ERULE with a
 *     message, never LB_ESYS; an accepted file's counts add up and its
 *     ledger passes lumbung verify before the rollback;
 *  3. as a recipient import, dry run (recipients/import.c: NIKs, KK,
 *     dates, villages of the region data, categories, proxies): never
 *     LB_ESYS, nothing written, and no reported reason carries a NIK (16
 *     digits in a row), as rows.h promises.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/db.h"
#include "core/hash.h"
#include "inventory/import.h"
#include "inventory/item.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/verify.h"
#include "recipients/import.h"
#include "recipients/region.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], csv_path[96], db_path[96];
static lb_db *db;

/* Abort, naming the promise broken, so that a crash file explains itself. */
#define check(ok) check_at((ok), #ok, __LINE__)

static void check_at(int ok, const char *what, int line)
{
	if (!ok) {
		fprintf(stderr, "fuzz_csv.c:%d: check failed: %s\n", line, what);
		abort();
	}
}

static size_t longest_digit_run(const char *s)
{
	size_t run = 0, best = 0;

	for (; s && *s; s++) {
		run = (*s >= '0' && *s <= '9') ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* Every bad row the recipient import reports: a reason, and never a NIK. */
static void on_row(void *arg, int warning, const char *file, long row, const char *column, const char *reason)
{
	(void)arg;
	(void)warning;
	check(file != NULL && row >= 1);
	check(reason != NULL && reason[0] != '\0');
	check(longest_digit_run(reason) < 16);
	check(!column || longest_digit_run(column) < 16);
}

static void cleanup(void)
{
	char p[128];

	if (db)
		lb_db_close(db);
	unlink(csv_path);
	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
	rmdir(dir);
}

static void add_item(const char *code, const char *base, const char *pack, int64_t factor, int shelf)
{
	struct lb_item it;
	lb_err e;

	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", code);
	snprintf(it.units.base, sizeof it.units.base, "%s", base);
	it.shelf_life_days = shelf;
	it.units.npacks = 1;
	snprintf(it.units.packs[0].name, sizeof it.units.packs[0].name, "%s", pack);
	it.units.packs[0].factor = factor;
	check(lb_item_add(db, &it, NULL, &e) == LB_OK);
}

static void add_loc(const char *code, enum lb_loc_kind kind)
{
	struct lb_location loc;
	lb_err e;

	memset(&loc, 0, sizeof loc);
	loc.kind = kind;
	snprintf(loc.code, sizeof loc.code, "%s", code);
	snprintf(loc.name, sizeof loc.name, "%s", code);
	check(lb_location_add(db, &loc, NULL, &e) == LB_OK);
}

/* The ledger the import runs against, made once per process: enough for
 * every row type to get past the lookups and reach the rules. */
static void setup(void)
{
	struct lb_receive_req r;
	struct lb_item it;
	struct lb_location gd;
	struct lb_post_result res;
	lb_err e;

	snprintf(dir, sizeof dir, "%s/lumbung-fuzzcsv.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	check(mkdtemp(dir) != NULL);
	snprintf(csv_path, sizeof csv_path, "%s/in.csv", dir);
	snprintf(db_path, sizeof db_path, "%s/t.db", dir);
	atexit(cleanup);
	check(lb_hash_init(&e) == LB_OK);
	check(lb_db_open(db_path, LB_DB_CREATE, &db, &e) == LB_OK);
	/* A fuzzing process commits nothing after setup: no need to wait
	 * for the disk. */
	check(lb_db_exec(db, "PRAGMA synchronous=OFF", &e) == LB_OK);
	check(lb_db_begin(db, &e) == LB_OK);
	add_item("BERAS", "kg", "karung", 25, 365);
	add_item("TELUR", "butir", "rak", 30, 0);
	add_loc("GD", LB_LOC_WAREHOUSE);
	add_loc("PT", LB_LOC_POINT);
	add_loc("SUP", LB_LOC_SUPPLIER);
	check(lb_item_find(db, "BERAS", &it, &e) == LB_OK);
	check(lb_location_find(db, "GD", &gd, &e) == LB_OK);
	memset(&r, 0, sizeof r);
	r.item_id = it.id;
	r.to_id = gd.id;
	r.qty = 1000;
	r.lot = "L1";
	r.unit_cost = 14000;
	r.day = lb_day_from_ymd(2026, 1, 2);
	r.key = "seed-1";
	r.operator = "fuzz";
	check(lb_journal_receive(db, &r, &res, &e) == LB_OK);
	check(lb_db_commit(db, &e) == LB_OK);
	{
		/* The region data, for the villages recipients live in. */
		const char *const files[] = { "data/wilayah/provinces.csv", "data/wilayah/regencies.csv",
					      "data/wilayah/districts.csv", "data/wilayah/villages.csv" };
		struct lb_region_counts counts;
		check(lb_region_import(db, files, 4, NULL, &counts, &e) == LB_OK);
	}
}

static void read_rows(void)
{
	lb_csv *c = NULL;
	lb_err e;
	long last = 0;
	int rc;

	lb_err_clear(&e);
	check(lb_csv_open(csv_path, &c, &e) == LB_OK);
	while ((rc = lb_csv_next(c, &e)) == LB_CSV_ROW) {
		size_t n = lb_csv_nfields(c);
		check(lb_csv_row(c) == last + 1);
		last = lb_csv_row(c);
		for (size_t i = 0; i < n; i++) {
			const char *f = lb_csv_field(c, (int)i);
			check(f != NULL);
			(void)strlen(f); /* NUL-terminated: ASan sees an overrun */
		}
		check(*lb_csv_field(c, (int)n) == '\0');
		check(*lb_csv_field(c, -1) == '\0');
	}
	if (rc != LB_CSV_EOF) {
		check(rc == LB_EINPUT && e.msg[0]);
		check(strstr(e.msg, csv_path) != NULL);
	}
	lb_csv_close(c);
}

static void import_rows(void)
{
	struct lb_import_result res;
	struct lb_verify_report rep;
	lb_err e;
	int rc;

	lb_err_clear(&e);
	memset(&res, 0, sizeof res);
	check(lb_db_begin(db, &e) == LB_OK);
	rc = lb_import_stock(db, csv_path, lb_day_from_ymd(2026, 1, 15), "fuzz", NULL, NULL, &res, &e);
	if (rc == LB_OK) {
		check(res.rows == res.receipts + res.moves + res.adjusts + res.already);
		check(res.movements >= res.receipts + res.moves + res.adjusts);
		check(lb_verify(db, &rep, &e) == LB_OK);
	} else {
		check((rc == LB_EINPUT || rc == LB_ERULE) && e.msg[0]);
	}
	lb_db_rollback(db);
}

static void import_recipients(void)
{
	struct lb_recipient_import_result res;
	struct lb_rows sink = { on_row, NULL };
	struct lb_import_opts o = { 0 };
	int64_t n = -1;
	lb_err e;
	int rc;

	lb_err_clear(&e);
	o.dry_run = 1;
	o.sink = &sink;
	rc = lb_recipient_import(db, csv_path, &o, &res, &e);
	if (rc == LB_OK)
		check(res.rows >= res.imported + res.rejected && res.rejected == 0);
	else
		check((rc == LB_EINPUT || rc == LB_ERULE) && e.msg[0] && longest_digit_run(e.msg) < 16);
	check(!lb_db_in_tx(db));
	check(lb_db_int(db, "SELECT count(*) FROM recipient", 0, &n, &e) == LB_OK && n == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f;

	if (!db)
		setup();
	check((f = fopen(csv_path, "wb")) != NULL);
	check(fwrite(data, 1, size, f) == size);
	check(fclose(f) == 0);
	read_rows();
	import_rows();
	import_recipients();
	return 0;
}
