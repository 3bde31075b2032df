/*
 * world.h — a scratch database for the unit tests of modules that need
 * one, built through the modules' own functions: lumbung's schema (lb_db_open),
 * the office (lb_meta_init), the region data of data/wilayah
 * (lb_region_import), and helpers to add recipients and to read one
 * number back. Tests run from the top of the tree (make check does).
 *
 * w_item, w_location and w_round add items, locations and an allocated
 * round through inventory/ and program/.
 *
 * Header-only (static functions): each test program includes it once.
 * Memory: w_open allocates the world, w_close frees it and removes its
 * folder.
 */
#ifndef LB_TEST_WORLD_H
#define LB_TEST_WORLD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/hash.h"
#include "core/meta.h"
#include "inventory/item.h"
#include "inventory/location.h"
#include "program/allocation.h"
#include "program/package.h"
#include "program/program.h"
#include "recipients/recipient.h"
#include "recipients/region.h"

struct w {
	char dir[64], path[96];
	lb_db *db;
};

static inline void w_ok(int rc, const lb_err *e)
{
	if (rc != LB_OK)
		fail_msg("unexpected failure %d: %s", rc, e->msg);
}

static inline int64_t w_num(lb_db *db, const char *sql)
{
	int64_t v;
	lb_err e;

	w_ok(lb_db_int(db, sql, -1, &v, &e), &e);
	return v;
}

/* A new database with the region data, $LUMBUNG_TODAY at today. */
static inline struct w * w_open(const char *name, const char *today)
{
	static const char *const files[] = {
		"data/wilayah/provinces.csv", "data/wilayah/regencies.csv",
		"data/wilayah/districts.csv", "data/wilayah/villages.csv",
	};
	struct w *w = calloc(1, sizeof *w);
	struct lb_region_counts counts;
	lb_err e;

	assert_non_null(w);
	setenv("LUMBUNG_TODAY", today, 1);
	setenv("TZ", "Asia/Makassar", 1);
	snprintf(w->dir, sizeof w->dir, "/tmp/lumbung-test-%s.XXXXXX", name);
	assert_non_null(mkdtemp(w->dir));
	snprintf(w->path, sizeof w->path, "%s/t.db", w->dir);
	w_ok(lb_hash_init(&e), &e);
	w_ok(lb_db_open(w->path, LB_DB_CREATE, &w->db, &e), &e);
	w_ok(lb_meta_init(w->db, "Dinas Sosial Kabupaten Kutai Kartanegara", "main", &e), &e);
	w_ok(lb_region_import(w->db, files, 4, NULL, &counts, &e), &e);
	return w;
}

static inline void w_close(struct w *w)
{
	char cmd[96];

	lb_db_close(w->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", w->dir);
	free(w);
}

/* Register a recipient (lb_recipient_add), with a proxy (wakil) when
 * proxy_name is not NULL; returns its id. */
static inline int64_t w_recipient_proxy(struct w *w, const char *nik, const char *name, const char *village,
					const char *category, const char *proxy_name, const char *proxy_nik)
{
	struct lb_recipient_in in = { 0 };
	struct lb_recipient r;
	struct lb_recipient_added added;
	lb_err e;

	in.nik = nik;
	in.name = name;
	in.village = village;
	in.category = category;
	in.proxy_name = proxy_name;
	in.proxy_nik = proxy_nik;
	w_ok(lb_recipient_add(w->db, &in, NULL, &r, &added, &e), &e);
	return r.id;
}

static inline int64_t w_recipient(struct w *w, const char *nik, const char *name, const char *village,
				  const char *category)
{
	return w_recipient_proxy(w, nik, name, village, category, NULL, NULL);
}

/* An item counted in unit, without packs; returns its id. */
static inline int64_t w_item(struct w *w, const char *code, const char *name, const char *unit)
{
	struct lb_item it;
	int64_t id;
	lb_err e;

	memset(&it, 0, sizeof it);
	snprintf(it.code, sizeof it.code, "%s", code);
	snprintf(it.name, sizeof it.name, "%s", name);
	snprintf(it.units.base, sizeof it.units.base, "%s", unit);
	w_ok(lb_item_add(w->db, &it, &id, &e), &e);
	return id;
}

/* A location; village "" for none. Returns its id. */
static inline int64_t w_location(struct w *w, const char *code, enum lb_loc_kind kind, const char *name,
				 const char *village)
{
	struct lb_location l;
	int64_t id;
	lb_err e;

	memset(&l, 0, sizeof l);
	snprintf(l.code, sizeof l.code, "%s", code);
	l.kind = kind;
	snprintf(l.name, sizeof l.name, "%s", name);
	snprintf(l.village, sizeof l.village, "%s", village);
	w_ok(lb_location_add(w->db, &l, &id, &e), &e);
	return id;
}

/* Program code for lansia, Rp monthly a month, quota 10, from first
 * (YYYY-MM) to 2026-12. */
static inline void w_program(struct w *w, const char *code, const char *monthly, const char *first,
			     struct lb_program *p)
{
	struct lb_program_in in = { 0 };
	lb_err e;

	in.code = code;
	in.name = "Bantuan Sembako Daerah";
	in.monthly_value = monthly;
	in.quota = "10";
	in.categories = "lansia";
	in.first = first;
	in.last = "2026-12";
	w_ok(lb_program_add(w->db, &in, p, NULL, &e), &e);
}

/* w_program from January with the package specs (ITEM=QTY@PRICE),
 * January allocated. The items, points and recipients must be there. */
static inline void w_round(struct w *w, const char *code, const char *monthly, const char *const *specs,
			   size_t n, struct lb_program *p)
{
	struct lb_package pkg;
	struct lb_alloc_summary sum;
	lb_err e;

	w_program(w, code, monthly, "2026-01", p);
	w_ok(lb_package_set(w->db, p, specs, n, 2026 * 12, &pkg, &e), &e);
	w_ok(lb_allocate(w->db, p, 2026 * 12, "pendataan", &sum, &e), &e);
}

/* Write text to a file in the world's folder; returns its path (static). */
static inline const char * w_file(struct w *w, const char *name, const char *text)
{
	static char path[160];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", w->dir, name);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* The whole of a file (static buffer, NUL-terminated). */
static inline const char * w_read(const char *path)
{
	static char buf[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

#endif
