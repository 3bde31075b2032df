/*
 * fuzz_multipart.c — libFuzzer target for multipart/form-data bodies
 * (web/request.c). The input's first line is the Content-Type header's
 * value, the rest the body: any input is refused cleanly (LB_EINPUT with
 * a message) or gives fields within the limits, each value found in the
 * body as it was sent, and no file is ever accepted.
 *
 * `make fuzz` runs it on a copy of tests/fuzz/corpus/multipart; `make
 * check` replays the seeds and tests/fuzz/crashes/multipart.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const void *find(const void *hay, size_t n, const void *needle, size_t m)
{
	if (m == 0)
		return hay;
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp((const char *)hay + i, needle, m) == 0)
			return (const char *)hay + i;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	char ctype[256];
	size_t cl;
	struct lb_form f;
	lb_err e = { 0 };
	int rc;

	if (!nl)
		return 0;
	cl = (size_t)(nl - data);
	if (cl >= sizeof ctype)
		return 0;
	memcpy(ctype, data, cl);
	ctype[cl] = 0;
	if (memchr(ctype, 0, cl))
		return 0;
	lb_form_init(&f);
	rc = lb_multipart_parse(ctype, (const char *)nl + 1, size - cl - 1, &f, &e);
	if (rc != LB_OK && (rc != LB_EINPUT || !e.msg[0]))
		abort();
	if (f.n > LB_FORM_FIELDS)
		abort();
	for (size_t i = 0; i < f.n; i++) {
		size_t vl = strlen(f.v[i].value);
		if (strlen(f.v[i].name) == 0 || vl > LB_FORM_VALUE_MAX)
			abort();
		if (!find(nl + 1, size - cl - 1, f.v[i].value, vl))
			abort();
	}
	lb_form_release(&f);
	return 0;
}
