/*
 * date.c — days and periods. See date.h.
 */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The one copy of the month names: Indonesian for what people read at
 * work, English for messages on stderr. */
static const char *const month_id[] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni",
	"Juli", "Agustus", "September", "Oktober", "November", "Desember",
};
static const char *const month_en[] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

int lb_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int lb_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return dim[m - 1] + (m == 2 && lb_is_leap(y));
}

int lb_date_valid(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= lb_days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no tables, no time zones. */
lb_day lb_day_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (lb_day)(era * 146097 + doe - 719468);
}

void lb_day_to_ymd(lb_day day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

#define DATE_FORMS "write YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY"

/* A run of 1 to max digits at *p: its value, or -1; *p moves past it. */
static int run(const char **p, int max)
{
	int v = 0, n = 0;

	while (**p >= '0' && **p <= '9' && n < max + 1) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= 1 && n <= max ? v : -1;
}

/* "HH:MM" or "HH:MM:SS" after a date, as spreadsheets export a date
 * cell ("1955-06-05 00:00:00"): a valid time, then nothing. */
static int time_tail(const char *p)
{
	int h, m, sec = 0;

	if (*p != ' ' && *p != 'T')
		return 0;
	p++;
	if ((h = run(&p, 2)) < 0 || h > 23 || *p++ != ':' || (m = run(&p, 2)) < 0 || m > 59)
		return 0;
	if (*p == ':' && (p++, (sec = run(&p, 2)) < 0 || sec > 59))
		return 0;
	return *p == '\0';
}

int lb_date_parse(const char *s, const char *what, lb_day *out, lb_err *e)
{
	const char *p = s ? s : "";
	int y, m, d;

	/* The ISO form the database keeps, or the day-first forms of
	 * Indonesian offices (never month-first: 05/06/1955 is 5 June). */
	if (strlen(p) >= 10 && p[4] == '-' && p[7] == '-' && (y = digits(p, 4)) >= 0 &&
	    (m = digits(p + 5, 2)) >= 0 && (d = digits(p + 8, 2)) >= 0 &&
	    (p[10] == '\0' || time_tail(p + 10))) {
		/* YYYY-MM-DD */
	} else {
		char sep;
		const char *q = p;
		if ((d = run(&q, 2)) < 0 || (*q != '/' && *q != '-'))
			return lb_fail(e, LB_EINPUT, "%s '%s' is not a date: " DATE_FORMS, what, p);
		sep = *q++;
		if ((m = run(&q, 2)) < 0 || *q++ != sep)
			return lb_fail(e, LB_EINPUT, "%s '%s' is not a date: " DATE_FORMS, what, p);
		{
			const char *yq = q;
			y = run(&q, 4);
			if (y >= 0 && q - yq == 2 && (*q == '\0' || time_tail(q)))
				return lb_fail(e, LB_EINPUT,
					       "%s '%s' is ambiguous: a two-digit year could be 19%02d or 20%02d; write the year in full (" DATE_FORMS ")",
					       what, p, y, y);
			if (y < 0 || q - yq != 4 || (*q != '\0' && !time_tail(q)))
				return lb_fail(e, LB_EINPUT, "%s '%s' is not a date: " DATE_FORMS, what, p);
		}
	}
	if (y < 1900)
		return lb_fail(e, LB_EINPUT, "%s '%s' is not a date: year %d is out of range", what, p, y);
	if (m < 1 || m > 12)
		return lb_fail(e, LB_EINPUT, "%s '%s' is not a date: there is no month %d", what, p, m);
	if (d < 1 || d > lb_days_in_month(y, m))
		return lb_fail(e, LB_EINPUT, "%s '%s' is not a date: %s %d has %d days", what, p,
			       month_id[m - 1], y, lb_days_in_month(y, m));
	*out = lb_day_from_ymd(y, m, d);
	return LB_OK;
}

int lb_date_from_serial(double serial, int date1904, lb_day *out)
{
	long n = (long)serial;
	lb_day day;
	int y, m, d;

	if (!(serial >= 1 && serial < 2958466))
		return -1;
	if (date1904) {
		day = lb_day_from_ymd(1904, 1, 1) + (lb_day)n;
	} else {
		if (n == 60)
			return -1; /* Excel's 1900-02-29, a day that never was */
		/* Serial 1 is 1900-01-01; past the phantom leap day, day 0 is
		 * 1899-12-30. */
		day = n < 60 ? lb_day_from_ymd(1899, 12, 31) + (lb_day)n
			     : lb_day_from_ymd(1899, 12, 30) + (lb_day)n;
	}
	lb_day_to_ymd(day, &y, &m, &d);
	if (y < 1900 || y > 9999)
		return -1;
	*out = day;
	return 0;
}

int lb_date_parse_cell(const char *s, const char *what, lb_day *out, lb_err *e)
{
	const char *p = s;
	long v = 0;
	int n = 0;

	/* An Excel serial number: a date column that lost its date format
	 * shows 20245 for 1955-06-05. Five digits, optionally ".0". */
	while (*p >= '0' && *p <= '9' && n < 6) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (n >= 4 && n <= 5 && (*p == '\0' || strcmp(p, ".0") == 0)) {
		if (lb_date_from_serial((double)v, 0, out) == 0)
			return LB_OK;
	}
	return lb_date_parse(s, what, out, e);
}

void lb_date_format(lb_day day, char out[11])
{
	int y, m, d;
	lb_day_to_ymd(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m, d);
}

void lb_date_format_id(lb_day day, char out[32])
{
	int y, m, d;
	lb_day_to_ymd(day, &y, &m, &d);
	snprintf(out, 32, "%d %s %d", d, month_id[m - 1], y);
}

int lb_period_parse(const char *s, const char *what, int *out, lb_err *e)
{
	int y, m;

	if (!s || strlen(s) != 7 || s[4] != '-' || (y = digits(s, 4)) < 0 ||
	    (m = digits(s + 5, 2)) < 0)
		return lb_fail(e, LB_EINPUT, "%s '%s' is not a period: write YYYY-MM", what, s ? s : "");
	if (y < 1900 || m < 1 || m > 12)
		return lb_fail(e, LB_EINPUT, "%s '%s' is not a period: there is no month %d", what, s, m);
	*out = y * 12 + (m - 1);
	return LB_OK;
}

void lb_period_format(int period, char out[8])
{
	snprintf(out, 8, "%04d-%02d", (period / 12) % 10000, period % 12 + 1);
}

void lb_period_format_id(int period, char out[24])
{
	snprintf(out, 24, "%s %d", month_id[period % 12], period / 12);
}

int lb_period_of_day(lb_day day)
{
	int y, m, d;
	lb_day_to_ymd(day, &y, &m, &d);
	return y * 12 + (m - 1);
}

lb_day lb_period_first_day(int period)
{
	return lb_day_from_ymd(period / 12, period % 12 + 1, 1);
}

lb_day lb_period_last_day(int period)
{
	int y = period / 12, m = period % 12 + 1;
	return lb_day_from_ymd(y, m, lb_days_in_month(y, m));
}

const char *lb_month_name_id(int m)
{
	return m >= 1 && m <= 12 ? month_id[m - 1] : "?";
}

const char *lb_month_name_en(int m)
{
	return m >= 1 && m <= 12 ? month_en[m - 1] : "?";
}

/* The office's offset from UTC in minutes: WITA until the database's
 * setting is read (lb_today_set_offset), as docs/settings name it the
 * default. Written once at start, before any thread. */
static int office_offset_min = 8 * 60;

void lb_today_set_offset(int minutes)
{
	office_offset_min = minutes;
}

/* $LUMBUNG_NOW, "YYYY-MM-DDTHH:MM:SSZ", as seconds since the epoch; -1
 * when unset or not such a time. */
static long long env_now(void)
{
	const char *s = getenv("LUMBUNG_NOW");
	int y, mo, d, h, mi, sec;
	char z;

	if (!s || !*s || strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 || z != 'Z' ||
	    !lb_date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 59 || h < 0 || mi < 0 || sec < 0)
		return -1;
	return (long long)lb_day_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
}

static long long now_seconds(void)
{
	long long t = env_now();
	return t >= 0 ? t : (long long)time(NULL);
}

lb_day lb_today(void)
{
	const char *s = getenv("LUMBUNG_TODAY");
	long long t;
	lb_day d;

	if (s && *s && lb_date_parse(s, "LUMBUNG_TODAY", &d, NULL) == LB_OK)
		return d;
	/* The office's calendar, whatever the machine's TZ: a handover at
	 * 07:30 WITA is 23:30 UTC the day before. Floor division, for the
	 * (theoretical) times before 1970. */
	t = now_seconds() + (long long)office_offset_min * 60;
	return (lb_day)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

void lb_now_utc(char out[21])
{
	time_t t = (time_t)now_seconds();
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(out, 21, "1970-01-01T00:00:00Z");
		return;
	}
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
