/*
 * namefold.c — names folded for duplicate detection. See namefold.h.
 */
#include "recipients/namefold.h"

#include <string.h>

#define W(s) { s, sizeof s - 1 }
static const struct {
	const char *w;
	size_t len;
} dropped[] = {
	W("h"),    W("hj"),   W("haji"), W("hajjah"), W("hajah"), W("drs"),   W("dra"),
	W("dr"),   W("ir"),   W("prof"), W("spd"),    W("spdi"),  W("se"),    W("sh"),
	W("ssos"), W("skm"),  W("skep"), W("st"),     W("sag"),   W("amd"),   W("amk"),
	W("mpd"),  W("msi"),  W("mm"),   W("mh"),     W("bin"),   W("binti"), W("bpk"),
	W("bapak"), W("ibu"), W("almarhum"), W("alm"), W("almh"),
};
#undef W

/* Called for every word of every imported name: lengths are known at
 * compile time and most words are longer than any title. */
static int is_dropped(const char *w, size_t len)
{
	if (len > 8)
		return 0;
	for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
		if (dropped[i].len == len && dropped[i].w[0] == w[0] &&
		    memcmp(dropped[i].w, w, len) == 0)
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
