/*
 * fuzz_nik.c — libFuzzer target for the NIK and KK checks.
 *
 * `make fuzz` runs it for FUZZ_SECONDS on a copy of tests/fuzz/corpus/nik;
 * `make check` replays those seeds through it without libFuzzer.
 *
 * Besides not crashing, it holds the promises nik.h makes: an accepted NIK
 * decodes to a real date and a sane region, a refusal is LB_EINPUT with a
 * message, no message carries more than 4 digits in a row (so never the
 * NIK, nor enough of it to rebuild it), and the mask keeps 6 digits at most.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recipients/nik.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static size_t longest_digit_run(const char *s)
{
	size_t run = 0, best = 0;

	for (; *s; s++) {
		run = (*s >= '0' && *s <= '9') ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void check_refusal(int rc, const lb_err *e)
{
	check(rc == LB_EINPUT);
	check(e->code == LB_EINPUT);
	check(e->msg[0] != '\0');
	check(longest_digit_run(e->msg) <= 4);
}

static void check_accepted(const char *text, const struct lb_nik *n, int ref)
{
	static const int mdays[12] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	check(strlen(text) == LB_NIK_LEN);
	check(strncmp(n->province, text, 2) == 0 && n->province[2] == '\0');
	check(strlen(n->regency) == 5 && n->regency[2] == '.');
	check(strncmp(n->district, n->regency, 5) == 0);
	check(strlen(n->district) == 8 && n->district[5] == '.');
	check(n->sex == 'L' || n->sex == 'P');
	check(n->birth_year > ref - 100 && n->birth_year <= ref);
	check(n->birth_month >= 1 && n->birth_month <= 12);
	check(n->birth_day >= 1 &&
	      n->birth_day <= mdays[n->birth_month - 1]);
	check(n->serial >= 1 && n->serial <= 9999);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int refs[] = { 2026, 1999, 2100 };
	char *text, mask[LB_NIK_LEN + 1];
	struct lb_nik n;
	lb_err e;
	size_t i, kept;
	int rc, shape_ok;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	lb_err_clear(&e);
	rc = lb_nik_check_kk(text, &e);
	if (rc)
		check_refusal(rc, &e);
	shape_ok = rc == LB_OK;

	for (i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		lb_err_clear(&e);
		rc = lb_nik_parse_at(text, refs[i], &n, &e);
		if (rc == LB_OK) {
			check(shape_ok);
			check_accepted(text, &n, refs[i]);
		} else {
			check_refusal(rc, &e);
			check(n.sex == 0 && n.birth_year == 0);
		}
	}

	lb_nik_mask(text, mask);
	check(strlen(mask) == LB_NIK_LEN);
	for (i = 0, kept = 0; i < LB_NIK_LEN; i++)
		if (mask[i] != '*')
			kept++;
	check(kept <= 6);

	free(text);
	return 0;
}
