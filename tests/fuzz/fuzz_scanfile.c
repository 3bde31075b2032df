/*
 * fuzz_scanfile.c — libFuzzer target for the scanner file parser
 * (voucher/scanfile.c), which reads whatever a scanner, a phone app or a
 * person with a text editor wrote. Seeds: tests/fuzz/corpus/scanfile.
 *
 * Promises checked: every scan returned lies inside the input and holds
 * no line end; line numbers only grow and never pass the number of line
 * ends + 1; a line with a timestamp has a valid date and a normalised
 * time; a bad line says why; the whole input is consumed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voucher/scanfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct lb_scanfile sf;
	struct lb_scanline l;
	size_t last = 0, ends = 0, n = 0;

	for (size_t i = 0; i < size; i++)
		if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n')))
			ends++;
	lb_scanfile_init(&sf, text, size);
	while (lb_scanfile_next(&sf, &l)) {
		n++;
		check(l.lineno > last && l.lineno <= ends + 1);
		last = l.lineno;
		check(l.scan >= text && l.scan + l.scan_len <= text + size);
		check(!memchr(l.scan, '\n', l.scan_len) && !memchr(l.scan, '\r', l.scan_len));
		if (l.has_time) {
			int y, m, d;
			check(!l.bad);
			check(strlen(l.when) >= 19 && l.when[10] == 'T');
			lb_day_to_ymd(l.day, &y, &m, &d);
			check(lb_date_valid(y, m, d));
		} else {
			check(l.when[0] == '\0');
		}
		if (l.bad)
			check(l.bad[0] != '\0');
		else
			check(l.scan_len > 0 && l.scan_len <= LB_SCANLINE_MAX);
	}
	check(sf.p == sf.end);
	check(n + sf.blank + (size_t)sf.header_skipped <= ends + 1);
	return 0;
}
