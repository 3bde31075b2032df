/*
 * terbilang.c — Indonesian number words. See terbilang.h.
 *
 * The amount is read in groups of three digits, like the figures are read
 * aloud. The irregular forms all come from "se-" replacing "satu" before a
 * unit word: sepuluh, sebelas, seratus and seribu — but "satu juta", never
 * "sejuta", on official documents.
 */
#include "terbilang.h"

static const char *const digit[] = {
	"", "satu", "dua", "tiga", "empat",
	"lima", "enam", "tujuh", "delapan", "sembilan",
};

/* Index i names 1000^i. INT64_MAX is below 1000^7, so seven groups of
 * three digits, and these scales, cover every int64_t. */
static const char *const scale[] = {
	"", "ribu", "juta", "miliar", "triliun", "kuadriliun", "kuintiliun",
};

/* The words are appended after whatever the caller already has in out, so
 * a separating space is only wanted after a word of our own. */
struct words {
	lb_buf *out;
	size_t start;
	lb_err *e;
};

static int word(struct words *w, const char *s)
{
	if (w->out->len > w->start && lb_buf_addc(w->out, ' ', w->e))
		return LB_ESYS;
	return lb_buf_adds(w->out, s, w->e);
}

/* Words for 1..999, followed by the scale word of its group. */
static int group(struct words *w, int n, int sc)
{
	int h = n / 100, t = n / 10 % 10, u = n % 10;

	/* 1000 is "seribu", but 1001000 is "satu juta seribu" and 101000 is
	 * "seratus satu ribu": only a lone 1 in the thousands merges. */
	if (sc == 1 && n == 1)
		return word(w, "seribu");
	if (h == 1 && word(w, "seratus"))
		return LB_ESYS;
	if (h > 1 && (word(w, digit[h]) || word(w, "ratus")))
		return LB_ESYS;
	if (t == 1) {
		if (u == 0 && word(w, "sepuluh"))
			return LB_ESYS;
		if (u == 1 && word(w, "sebelas"))
			return LB_ESYS;
		if (u > 1 && (word(w, digit[u]) || word(w, "belas")))
			return LB_ESYS;
	} else {
		if (t > 1 && (word(w, digit[t]) || word(w, "puluh")))
			return LB_ESYS;
		if (u > 0 && word(w, digit[u]))
			return LB_ESYS;
	}
	if (sc > 0 && word(w, scale[sc]))
		return LB_ESYS;
	return LB_OK;
}

int lb_terbilang(int64_t rupiah, lb_buf *out, lb_err *e)
{
	struct words w = { out, out->len, e };
	int groups[7], n = 0, i;
	int64_t v = rupiah;

	if (rupiah < 0)
		return lb_fail(e, LB_EINPUT,
			       "cannot spell %lld rupiah in words: the amount is negative",
			       (long long)rupiah);
	do {
		groups[n++] = (int)(v % 1000);
		v /= 1000;
	} while (v > 0);

	if (rupiah == 0 && word(&w, "nol"))
		goto oom;
	for (i = n - 1; i >= 0; i--)
		if (groups[i] && group(&w, groups[i], i))
			goto oom;
	if (word(&w, "rupiah"))
		goto oom;
	return LB_OK;
oom:
	out->len = w.start;
	if (out->cap)
		out->data[w.start] = '\0';
	return LB_ESYS;
}
