/*
 * scanfile.c — splitting scanner files into scans. See scanfile.h.
 */
#include "scanfile.h"

#include <stdio.h>
#include <string.h>

void lb_scanfile_init(struct lb_scanfile *s, const char *data, size_t len)
{
	memset(s, 0, sizeof *s);
	s->p = data;
	s->end = data + len;
	/* Excel and Notepad put a byte order mark in front of UTF-8. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		s->p += 3;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int digits(const char *s, size_t n, int *v)
{
	int x = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 1;
}

int lb_scan_timestamp(const char *s, size_t len, lb_day *day, char when[LB_SCAN_WHEN_SIZE])
{
	int y, mo, d, h = 0, mi = 0, sec = 0, zh = 0, zm = 0;
	size_t i = 10;
	char zone[8] = "";

	if (len < 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) || !lb_date_valid(y, mo, d))
		return 0;
	if (len > 10) {
		/* A time: T or a space, HH:MM, optional :SS and .fraction. */
		if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || len < 16 || s[13] != ':' ||
		    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || h > 23 || mi > 59)
			return 0;
		i = 16;
		if (i < len && s[i] == ':') {
			if (len < 19 || !digits(s + 17, 2, &sec) || sec > 60)
				return 0;
			i = 19;
			if (i < len && (s[i] == '.' || s[i] == ',')) {
				size_t j = i + 1;
				while (j < len && s[j] >= '0' && s[j] <= '9')
					j++;
				if (j == i + 1)
					return 0;
				i = j; /* the fraction is dropped: seconds are enough */
			}
		}
		if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
			strcpy(zone, "Z");
			i++;
		} else if (i < len && (s[i] == '+' || s[i] == '-')) {
			char sign = s[i];
			if (len - i == 6 && s[i + 3] == ':' && digits(s + i + 1, 2, &zh) &&
			    digits(s + i + 4, 2, &zm))
				i += 6;
			else if (len - i == 5 && digits(s + i + 1, 2, &zh) && digits(s + i + 3, 2, &zm))
				i += 5;
			else
				return 0;
			if (zh > 14 || zm > 59)
				return 0;
			snprintf(zone, sizeof zone, "%c%02d:%02d", sign, zh, zm);
		}
		if (i != len)
			return 0;
	}
	*day = lb_day_from_ymd(y, mo, d);
	snprintf(when, LB_SCAN_WHEN_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, h, mi, sec, zone);
	return 1;
}

/* Drop spaces and tabs around [*p, *p + *n), then one pair of quotes. */
static void trim(const char **p, size_t *n)
{
	while (*n && is_blank(**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && is_blank((*p)[*n - 1]))
		(*n)--;
	if (*n >= 2 && (*p)[0] == '"' && (*p)[*n - 1] == '"') {
		(*p)++;
		*n -= 2;
		while (*n && is_blank(**p)) {
			(*p)++;
			(*n)--;
		}
		while (*n && is_blank((*p)[*n - 1]))
			(*n)--;
	}
}

static int is_sep(char c)
{
	return c == '\t' || c == ',' || c == ';';
}

static int looks_like_payload(const char *p, size_t n)
{
	return n >= 4 && (p[0] == 'L' || p[0] == 'l') && (p[1] == 'B' || p[1] == 'b') &&
	       p[2] == '1' && p[3] == ':';
}

int lb_scanline_parse(const char *line, size_t len, size_t lineno, int first,
		      struct lb_scanline *out)
{
	const char *a = line, *b = NULL;
	size_t an = len, bn = 0, i;
	int seps = 0;

	memset(out, 0, sizeof *out);
	out->lineno = lineno;
	for (i = 0; i < len && is_blank(line[i]); i++)
		;
	if (i == len)
		return 0;
	out->scan = line;
	out->scan_len = len;
	if (len > LB_SCANLINE_MAX) {
		out->bad = "longer than 4096 bytes: not a scan";
		return 1;
	}
	if (memchr(line, '\0', len)) {
		out->bad = "holds a NUL byte: not a scan";
		return 1;
	}
	for (i = 0; i < len; i++) {
		if (is_sep(line[i])) {
			if (seps++ == 0) {
				an = i;
				b = line + i + 1;
				bn = len - i - 1;
			}
		}
	}
	trim(&a, &an);
	if (!b) {
		if (an == 0) { /* "" : an empty cell is a blank line */
			memset(out, 0, sizeof *out);
			out->lineno = lineno;
			return 0;
		}
		out->scan = a;
		out->scan_len = an;
		return 1;
	}
	trim(&b, &bn);
	if (seps > 1) {
		out->bad = "more than two columns: expected a scan, or a timestamp and a scan";
		return 1;
	}
	if (lb_scan_timestamp(a, an, &out->day, out->when)) {
		out->scan = b;
		out->scan_len = bn;
	} else if (lb_scan_timestamp(b, bn, &out->day, out->when)) {
		out->scan = a;
		out->scan_len = an;
	} else if (first && !looks_like_payload(a, an) && !looks_like_payload(b, bn)) {
		return 2; /* a header such as "time,code" */
	} else {
		out->scan = a;
		out->scan_len = an;
		out->bad = "two columns but neither is a timestamp (YYYY-MM-DD HH:MM:SS)";
		return 1;
	}
	out->has_time = 1;
	if (out->scan_len == 0) {
		out->has_time = 0;
		out->when[0] = '\0';
		out->bad = "a timestamp but no scan";
	}
	return 1;
}

int lb_scanfile_next(struct lb_scanfile *s, struct lb_scanline *out)
{
	while (s->p < s->end) {
		const char *line = s->p, *q = s->p;
		size_t len;
		int r;

		while (q < s->end && *q != '\n' && *q != '\r')
			q++;
		len = (size_t)(q - line);
		if (q < s->end) {
			/* CR LF is one line end; a lone CR or LF is one too. */
			if (*q == '\r' && q + 1 < s->end && q[1] == '\n')
				q++;
			q++;
		}
		s->p = q;
		s->lineno++;
		r = lb_scanline_parse(line, len, s->lineno, !s->seen_line, out);
		if (r == 0) {
			s->blank++;
			continue;
		}
		s->seen_line = 1;
		if (r == 2) {
			s->header_skipped = 1;
			continue;
		}
		return 1;
	}
	return 0;
}
