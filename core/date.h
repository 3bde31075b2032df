/*
 * date.h — calendar days and monthly periods, exactly.
 *
 * A day is a count of days since 1970-01-01 (proleptic Gregorian), so that
 * comparing and adding days is integer arithmetic; the database stores
 * days as ISO text (YYYY-MM-DD) for people and for sorting. A period is a
 * month, stored as YYYY-MM, held here as year*12 + month-1.
 *
 * Parsers are strict (2026-02-30 is refused, not rolled over) and return
 * LB_EINPUT with the reason. Nothing here allocates.
 */
#ifndef LB_DATE_H
#define LB_DATE_H

#include <stdint.h>
#include "err.h"

typedef int32_t lb_day;

int lb_is_leap(int y);
int lb_days_in_month(int y, int m);
int lb_date_valid(int y, int m, int d);
lb_day lb_day_from_ymd(int y, int m, int d);
void lb_day_to_ymd(lb_day day, int *y, int *m, int *d);

/* "YYYY-MM-DD", "DD/MM/YYYY" or "DD-MM-YYYY" (day first, one or two
 * digits for day and month, the year in full), each optionally followed
 * by a time ("1955-06-05 00:00:00", which is ignored). A two-digit year
 * is refused as ambiguous, an impossible day (2026-02-30) as such; each
 * message quotes the value and the forms. what names the field in the
 * message ("--expiry"). */
int lb_date_parse(const char *s, const char *what, lb_day *out, lb_err *e);
/* lb_date_parse, plus an Excel serial day number (4 or 5 digits, e.g.
 * 20245 = 1955-06-05), for cells of imported files. */
int lb_date_parse_cell(const char *s, const char *what, lb_day *out, lb_err *e);
/* An Excel serial day (1900 system with its phantom 1900-02-29, or the
 * 1904 system); -1 when out of 1900..9999 or the phantom day. */
int lb_date_from_serial(double serial, int date1904, lb_day *out);
void lb_date_format(lb_day day, char out[11]);      /* 2026-01-15 */
void lb_date_format_id(lb_day day, char out[32]);   /* 15 Januari 2026 */

/* "YYYY-MM". */
int lb_period_parse(const char *s, const char *what, int *out, lb_err *e);
void lb_period_format(int period, char out[8]);     /* 2026-01 */
void lb_period_format_id(int period, char out[24]); /* Januari 2026 */
int lb_period_of_day(lb_day day);
lb_day lb_period_first_day(int period);
lb_day lb_period_last_day(int period);

const char *lb_month_name_id(int m); /* 1..12 → Januari..Desember */
const char *lb_month_name_en(int m); /* 1..12 → January..December, for messages */

/* Today in the office's calendar: the clock in UTC plus the office's
 * offset (setting `timezone`, core/localtime.h), never the machine's TZ.
 * $LUMBUNG_TODAY (YYYY-MM-DD) overrides the day so that tests and demos
 * are repeatable. */
lb_day lb_today(void);
/* The office's offset from UTC in minutes for lb_today (default +480,
 * WITA). Set once when the database is opened, before any thread starts,
 * so that lb_today reads no setting per call. */
void lb_today_set_offset(int minutes);

/* The current UTC time as 2026-01-15T08:30:00Z (for posted_at columns).
 *
 * Test-only: $LUMBUNG_NOW (2026-01-15T16:30:00Z, UTC) stands for the
 * clock here and in lb_today, so that a test can put "now" near
 * midnight; it is not for production use. */
void lb_now_utc(char out[21]);

#endif
