/*
 * nik.h — the Indonesian NIK (Nomor Induk Kependudukan) and KK (Kartu
 * Keluarga) numbers: checking their shape and reading what a NIK encodes.
 *
 * The NIK is personal data. Nothing here ever writes a NIK, or enough of
 * one to rebuild it, into an lb_err message: a refusal names the position or
 * the part that is wrong (and at most that part's two digits), so the
 * message can go to a log or a screen. Show a NIK to people only through
 * lb_nik_mask unless they asked for --show-nik.
 *
 * A NIK is 16 ASCII digits: PP RR DD ddmmyy SSSS
 *   PP province, RR regency, DD district (Kemendagri codes, as in data/wilayah)
 *   dd birth day, plus 40 for women; mm birth month; yy two-digit birth year
 *   SSSS serial, 0001-9999, among people of that district born that day
 * Only the shape is checked here: whether the region exists is a question
 * for the region data, and is asked elsewhere.
 *
 * Memory: nothing here allocates; struct lb_nik is a plain value.
 * lb_nik_parse_at, lb_nik_mask and lb_nik_check_kk are pure functions of
 * their arguments, safe to fuzz and to call from any thread; lb_nik_parse
 * only adds a look at the clock.
 */
#ifndef LB_NIK_H
#define LB_NIK_H

#include "core/err.h"

#define LB_NIK_LEN 16 /* digits in a NIK, and in a KK number */

struct lb_nik {
	char province[3]; /* "64" */
	char regency[6];  /* "64.02" */
	char district[9]; /* "64.02.06" */
	char sex;         /* 'L' laki-laki (male) or 'P' perempuan (female) */
	int birth_year;   /* four digits, century chosen as lb_nik_parse_at says */
	int birth_month;  /* 1-12 */
	int birth_day;    /* 1-31: the real day, the 40 for women taken off */
	int serial;       /* 1-9999 */
};

/*
 * Check text as a NIK and, when out is not NULL, fill out from it.
 * ref_year is the current year (e.g. 2026) and picks the century of the
 * two-digit birth year yy: yy after ref_year's last two digits means the
 * previous century (ref 2026: 27-99 -> 1927-1999, 00-26 -> 2000-2026).
 * Passing it in keeps the answer the same whatever the date.
 * Returns LB_OK, or LB_EINPUT with e saying which check failed first; out
 * is then zeroed, never half filled. text must be exactly the 16 digits:
 * no spaces around or inside, no separators.
 */
int lb_nik_parse_at(const char *text, int ref_year, struct lb_nik *out,
		    lb_err *e);

/* The year NIK birth years are read against: the office's current year
 * (lb_today, so $LUMBUNG_TODAY too). */
int lb_nik_ref_year(void);

/* lb_nik_parse_at with ref_year = lb_nik_ref_year(). */
int lb_nik_parse(const char *text, struct lb_nik *out, lb_err *e);

/*
 * Write the NIK as people may see it: the first 4 digits (province and
 * regency, shared by a whole regency) and the last 2 kept, the rest '*':
 * "6402061505870012" -> "6402**********12". out is always 16 characters
 * and a NUL. Anything that is not 16 characters long (or NULL) comes out
 * as 16 '*', and a kept character that is not a digit as '*', so a
 * malformed value never leaks whole.
 */
void lb_nik_mask(const char *nik, char out[LB_NIK_LEN + 1]);

/* Check a KK (family card) number: 16 ASCII digits, nothing else is
 * checked. Returns LB_OK or LB_EINPUT with e saying why, without the number. */
int lb_nik_check_kk(const char *kk, lb_err *e);

/* Excel's damage to a number kept as a number: scientific notation
 * (6.40206E+15), a trailing ".0", 15 digits (a digit lost), or a cell the
 * workbook holds as a number (Excel keeps 15 significant digits, so the
 * 16th became 0). Returns 1 and fills e with what happened and how to
 * export the column as text; 0 when none of these. what: "NIK". */
int lb_nik_excel_damage(const char *s, int is_number, const char *what, lb_err *e);
/* A phone number whose leading 0 Excel dropped (812..., 8 to 13 digits),
 * or one in scientific notation. */
int lb_phone_excel_damage(const char *s, int is_number, lb_err *e);
/* How to keep a column as text, for the messages above and the
 * file-level check of NIKs that end in 0. */
#define LB_EXCEL_TEXT_HINT \
	"Excel turned the column into numbers: format it as Text and enter or paste the numbers again"

#endif
