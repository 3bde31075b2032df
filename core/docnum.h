/*
 * docnum.h — what an Indonesian office writes on its documents besides
 * the content: the document's number from the office's pattern
 * ("{seq}/BAST-{program}/{bulan-romawi}/{tahun}" gives
 * "7/BAST-SEMBAKO/I/2026"), Roman months, and the date spelled out as a
 * berita acara opens ("Kamis, tanggal lima belas bulan Januari tahun dua
 * ribu dua puluh enam (15-01-2026)").
 *
 * Numbers are kept in table doc_number (migration 8): a document gets the
 * next number of its kind in the year the first time it is printed and
 * keeps it whenever it is printed again; no number is given twice.
 *
 * Tokens of a pattern: {seq} (the sequence), {seq:N} (zero-padded to N
 * digits, 1..9), {program}, {bulan} (01..12), {bulan-romawi} (I..XII),
 * {tahun} (2026), {desa} (village code), {lokasi} (location code). Any
 * other text is copied.
 *
 * Memory: results are appended to caller-owned lb_bufs.
 */
#ifndef LB_DOCNUM_H
#define LB_DOCNUM_H

#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "db.h"

struct lb_docnum_vars {
	int64_t seq;
	const char *program;  /* NULL: "" */
	const char *village;
	const char *location;
	int year, month;      /* the document's date */
};

/* "I".."XII" for 1..12, "" otherwise. */
const char *lb_roman_month(int m);

/* LB_OK, or LB_EINPUT naming what is wrong: an unknown or unclosed token,
 * no {seq} (without it two documents would share a number), a bad width. */
int lb_docnum_check(const char *pattern, lb_err *e);

/* The number pattern gives with vars, appended to out. */
int lb_docnum_format(const char *pattern, const struct lb_docnum_vars *v, lb_buf *out, lb_err *e);

/* The number of the document doc ("bast") about subject: the one it was
 * given before, or the next of doc's sequence for v->year, formatted
 * with pattern and recorded. Must run inside the caller's write
 * transaction (lb_db_begin), so that the number and the document it
 * belongs to are kept or lost together. v->seq is set. */
int lb_docnum_assign(lb_db *db, const char *doc, const char *subject, const char *pattern,
		     struct lb_docnum_vars *v, lb_buf *out, lb_err *e);

/* Numbers as words without "rupiah": 15 → "lima belas". */
int lb_spell_number(int64_t n, lb_buf *out, lb_err *e);

/* "Kamis, tanggal lima belas bulan Januari tahun dua ribu dua puluh enam
 * (15-01-2026)", appended to out. */
int lb_date_spelled(lb_day day, lb_buf *out, lb_err *e);

/* "Minggu".."Sabtu". */
const char *lb_weekday_id(lb_day day);

#endif
