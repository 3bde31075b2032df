/*
 * namefold.c — names folded for duplicate detection. See namefold.h.
 */
#include "recipients/namefold.h"

#include <string.h>

static const char *const dropped[] = {
	"h",    "hj",   "haji", "hajjah", "hajah", "drs",  "dra",  "dr",    "ir",  "prof",
	"spd",  "spdi", "se",   "sh",     "ssos",  "skm",  "skep", "st",    "sag", "amd",
	"amk",  "mpd",  "msi",  "mm",     "mh",    "bin",  "binti", "bpk",  "bapak", "ibu",
	"almarhum", "alm", "almh",
};

static int is_dropped(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
		if (strlen(dropped[i]) == len && memcmp(dropped[i], w, len) == 0)
			return 1;
	return 0;
}

static int word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Fold, dropping the listed words or not; returns the length written. */
static size_t fold(const char *name, char *out, size_t n, int drop)
{
	size_t len = 0;
	const unsigned char *p = (const unsigned char *)name;

	out[0] = '\0';
	while (*p) {
		char word[128];
		size_t w = 0;
		/* "S.Pd." and "H." are one word each: letters joined by dots. */
		while (*p && !word_char(*p))
			p++;
		while (*p && (word_char(*p) || (*p == '.' && word_char(p[1]) && w && w < 4))) {
			unsigned char c = *p++;
			if (c == '.')
				continue;
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (w + 1 < sizeof word)
				word[w++] = (char)c;
		}
		if (!w || (drop && is_dropped(word, w)))
			continue;
		if (len && len + 1 < n)
			out[len++] = ' ';
		if (len + w >= n)
			w = n - 1 - len;
		memcpy(out + len, word, w);
		len += w;
		out[len] = '\0';
	}
	return len;
}

void lb_name_fold(const char *name, char *out, size_t n)
{
	if (!fold(name, out, n, 1))
		fold(name, out, n, 0);
}
