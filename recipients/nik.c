/*
 * nik.c — NIK and KK numbers. See nik.h.
 *
 * Messages quote at most the two digits of the part that is wrong, never
 * the number: they end up in logs and on operators' screens.
 */
#include "recipients/nik.h"

#include "core/date.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Say what a stray character is without printing bytes a terminal or a
 * log might choke on; a letter is named because O for 0 and l for 1 are
 * the usual slips. */
static void describe_char(unsigned char c, char *out, size_t n)
{
	if (c == ' ')
		snprintf(out, n, "a space");
	else if (c == '\t')
		snprintf(out, n, "a tab");
	else if (c == '-')
		snprintf(out, n, "a hyphen");
	else if (c == '.')
		snprintf(out, n, "a dot");
	else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		snprintf(out, n, "the letter '%c'", c);
	else if (c > ' ' && c < 0x7f)
		snprintf(out, n, "'%c'", c);
	else
		snprintf(out, n, "byte 0x%02X", c);
}

/* The shape shared by NIK and KK. A stray character is reported before the
 * length, because "has 19 digits" would be wrong for "6402 0615 0587 0012". */
static int check_digits(const char *text, const char *what, lb_err *e)
{
	char desc[32];
	size_t i;

	if (!text || !text[0])
		return lb_fail(e, LB_EINPUT, "%s is empty", what);
	for (i = 0; text[i]; i++) {
		if (text[i] < '0' || text[i] > '9') {
			describe_char((unsigned char)text[i], desc, sizeof desc);
			return lb_fail(e, LB_EINPUT,
				       "%s must have only digits: position %zu is %s",
				       what, i + 1, desc);
		}
	}
	if (i != LB_NIK_LEN)
		return lb_fail(e, LB_EINPUT,
			       "%s must have %d digits, this one has %zu", what,
			       LB_NIK_LEN, i);
	return LB_OK;
}

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

int lb_nik_parse_at(const char *text, int ref_year, struct lb_nik *out,
		    lb_err *e)
{
	int prov, reg, dist, day, month, yy, year, serial, max;
	char sex;

	if (out)
		memset(out, 0, sizeof *out);
	if (ref_year < 1000 || ref_year > 9999)
		return lb_fail(e, LB_EINPUT,
			       "reference year %d is not a four-digit year",
			       ref_year);
	if (check_digits(text, "NIK", e))
		return LB_EINPUT;

	prov = two(text);
	reg = two(text + 2);
	dist = two(text + 4);
	day = two(text + 6);
	month = two(text + 8);
	yy = two(text + 10);
	serial = two(text + 12) * 100 + two(text + 14);

	/* Kemendagri province codes start at 11 (Aceh); the list has gaps, so
	 * only the shape is judged here and existence by the region data. */
	if (prov < 11)
		return lb_fail(e, LB_EINPUT,
			       "NIK province code %02d is not a province: province codes run 11 to 99",
			       prov);
	if (reg == 0)
		return lb_fail(e, LB_EINPUT,
			       "NIK regency code 00 is not a regency: regency codes start at 01");
	if (dist == 0)
		return lb_fail(e, LB_EINPUT,
			       "NIK district code 00 is not a district: district codes start at 01");

	/* The day is checked before the month so that 41-71 reads as a woman's
	 * day whatever the month says. */
	if (day >= 72)
		return lb_fail(e, LB_EINPUT,
			       "NIK birth day %02d is not a day: women's days run 41 to 71",
			       day);
	if (day == 0 || (day >= 32 && day <= 40))
		return lb_fail(e, LB_EINPUT,
			       "NIK birth day %02d is not a day: men's days run 01 to 31, women's 41 to 71",
			       day);
	sex = 'L';
	if (day > 40) {
		sex = 'P';
		day -= 40;
	}
	if (month == 0 || month > 12)
		return lb_fail(e, LB_EINPUT,
			       "NIK birth month %02d is not a month: months run 01 to 12",
			       month);

	year = ref_year - ref_year % 100 + yy;
	if (yy > ref_year % 100)
		year -= 100;
	max = days_in_month(year, month);
	if (day > max)
		/* No year in the message: with the day and the month it would
		 * give away the whole birth date. */
		return lb_fail(e, LB_EINPUT,
			       "NIK birth day %d does not exist in %s, which has %d days%s",
			       day, lb_month_name_en(month), max,
			       month == 2 ? " that year" : "");

	if (serial == 0)
		return lb_fail(e, LB_EINPUT,
			       "NIK serial number 0000 is not a serial: serials run 0001 to 9999");

	if (out) {
		memcpy(out->province, text, 2);
		out->province[2] = '\0';
		snprintf(out->regency, sizeof out->regency, "%.2s.%.2s", text,
			 text + 2);
		snprintf(out->district, sizeof out->district, "%.2s.%.2s.%.2s",
			 text, text + 2, text + 4);
		out->sex = sex;
		out->birth_year = year;
		out->birth_month = month;
		out->birth_day = day;
		out->serial = serial;
	}
	return LB_OK;
}

int lb_nik_ref_year(void)
{
	int y, m, d;

	/* The office's year (lb_today), not the machine's: they differ for
	 * hours on New Year's Eve. */
	lb_day_to_ymd(lb_today(), &y, &m, &d);
	return y;
}

int lb_nik_parse(const char *text, struct lb_nik *out, lb_err *e)
{
	return lb_nik_parse_at(text, lb_nik_ref_year(), out, e);
}

void lb_nik_mask(const char *nik, char out[LB_NIK_LEN + 1])
{
	size_t i;

	memset(out, '*', LB_NIK_LEN);
	out[LB_NIK_LEN] = '\0';
	if (!nik || strnlen(nik, LB_NIK_LEN + 1) != LB_NIK_LEN)
		return;
	for (i = 0; i < LB_NIK_LEN; i++) {
		if ((i < 4 || i >= LB_NIK_LEN - 2) && nik[i] >= '0' &&
		    nik[i] <= '9')
			out[i] = nik[i];
	}
}

int lb_nik_check_kk(const char *kk, lb_err *e)
{
	return check_digits(kk, "KK", e);
}

/* d.ddd…E+nn: what Excel shows of a long number in a General cell. */
static int scientific(const char *s)
{
	if (!(*s >= '0' && *s <= '9'))
		return 0;
	s++;
	if (*s == '.' || *s == ',')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (*s != 'E' && *s != 'e')
		return 0;
	s++;
	if (*s == '+')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\0';
}

static size_t digit_run(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

int lb_nik_excel_damage(const char *s, int is_number, const char *what, lb_err *e)
{
	size_t n = digit_run(s);

	if (scientific(s))
		return lb_fail(e, LB_EINPUT, "%s is in scientific notation (as 6.4E+15): " LB_EXCEL_TEXT_HINT,
			       what), 1;
	if (n >= 15 && (strcmp(s + n, ".0") == 0 || strcmp(s + n, ",0") == 0))
		return lb_fail(e, LB_EINPUT, "%s ends in \".0\": " LB_EXCEL_TEXT_HINT, what), 1;
	if (n == 15 && s[n] == '\0')
		return lb_fail(e, LB_EINPUT,
			       "%s must have 16 digits, this one has 15: a digit is missing (if the list went through Excel, " LB_EXCEL_TEXT_HINT ")",
			       what), 1;
	if (is_number && n == 16 && s[n] == '\0')
		return lb_fail(e, LB_EINPUT,
			       "%s is a number in the workbook, not text: Excel keeps only 15 digits of a number, so the 16th may have become 0; " LB_EXCEL_TEXT_HINT,
			       what), 1;
	return 0;
}

int lb_phone_excel_damage(const char *s, int is_number, lb_err *e)
{
	size_t n = digit_run(s);

	if (scientific(s))
		return lb_fail(e, LB_EINPUT, "phone number is in scientific notation: " LB_EXCEL_TEXT_HINT), 1;
	/* Indonesian mobile numbers are 08xx…; without the 0 they are 8xx… */
	if (s[0] == '8' && n >= 8 && n <= 13 && (s[n] == '\0' || strcmp(s + n, ".0") == 0))
		return lb_fail(e, LB_EINPUT,
			       "phone number lost its leading 0 (08…): " LB_EXCEL_TEXT_HINT), 1;
	return 0;
}
