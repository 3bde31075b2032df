/*
 * scanfile.h — scanner files: one scan a line, as handheld scanners and
 * their phone apps write them (`lumbung redeem --file FILE`).
 *
 * The format, as docs/redemption.md gives it:
 *  - bytes, expected UTF-8; an optional UTF-8 byte order mark at the start;
 *  - lines end in LF, CR LF, or a lone CR (a scanner "typing" Enter);
 *    the last line needs no line end;
 *  - blank lines (nothing but spaces and tabs) are skipped;
 *  - a line is the scan itself, or two columns separated by a tab, a comma
 *    or a semicolon, one of which is a timestamp — 2026-01-15T09:12:03,
 *    2026-01-15 09:12, with optional seconds, fraction and zone (Z, +08:00,
 *    +0800), or a bare date — in either order. A column may be wrapped in
 *    double quotes; spaces and tabs around a column are dropped;
 *  - a first line with two columns of which neither is a timestamp nor a
 *    voucher payload ("time,code") is a header and is skipped.
 * A voucher payload (base45) and a serial never hold a tab, comma,
 * semicolon or double quote, so splitting can never cut a genuine scan.
 *
 * A line that cannot be a scan (more than two columns, two columns with no
 * timestamp, an impossible timestamp, a NUL byte, longer than
 * LB_SCANLINE_MAX) is still returned, with bad saying why, so the caller
 * can refuse it by line number and go on with the next.
 *
 * Pure: no I/O, no allocation, no globals; safe to fuzz. The caller owns
 * the buffer; every pointer in a struct lb_scanline points into it and
 * lives as long as it does.
 */
#ifndef LB_SCANFILE_H
#define LB_SCANFILE_H

#include <stddef.h>

#include "core/date.h"

/* Longest line taken as a scan; a QR payload is at most 174 characters. */
#define LB_SCANLINE_MAX 4096
/* "2026-01-15T09:12:03+08:00" and its NUL. */
#define LB_SCAN_WHEN_SIZE 26

struct lb_scanline {
	size_t lineno;    /* 1-based physical line: what an editor shows */
	const char *scan; /* the scan column, unquoted and trimmed (not NUL-terminated) */
	size_t scan_len;
	int has_time;     /* a timestamp column was there (and is valid) */
	lb_day day;       /* its date */
	char when[LB_SCAN_WHEN_SIZE]; /* normalised: YYYY-MM-DDTHH:MM:SS[zone]; "" when none */
	const char *bad;  /* NULL, or why this line cannot be a scan (static text) */
};

struct lb_scanfile {
	const char *p, *end;
	size_t lineno;       /* of the line last returned */
	int seen_line;       /* a non-blank line has been returned or skipped */
	int header_skipped;  /* the first line was a header and was skipped */
	size_t blank;        /* blank lines skipped so far */
};

void lb_scanfile_init(struct lb_scanfile *s, const char *data, size_t len);

/* The next non-blank line: 1 with *out filled, or 0 at the end. */
int lb_scanfile_next(struct lb_scanfile *s, struct lb_scanline *out);

/* Parse one line (without its line end) numbered lineno. Returns 0 for a
 * blank line, 1 otherwise (check out->bad). first: the file's first
 * non-blank line, which may be a header (then 2 is returned). */
int lb_scanline_parse(const char *line, size_t len, size_t lineno, int first,
		      struct lb_scanline *out);

/* Parse a timestamp column (see above) of len bytes. 1 and day/when
 * filled when it is one, 0 when not. */
int lb_scan_timestamp(const char *s, size_t len, lb_day *day,
		      char when[LB_SCAN_WHEN_SIZE]);

#endif
