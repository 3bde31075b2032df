/*
 * fuzz_form.c — libFuzzer target for form fields as a browser sends them
 * (application/x-www-form-urlencoded bodies and query strings,
 * web/request.c): every input is refused cleanly (LB_EINPUT with a
 * message) or gives at most LB_FORM_FIELDS fields whose names and values
 * are NUL-free UTF-8 within the limits, and the first value of each name
 * is what lb_form_get returns.
 *
 * `make fuzz` runs it on a copy of tests/fuzz/corpus/form; `make check`
 * replays the seeds and tests/fuzz/crashes/form.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "web/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lb_form f;
	lb_err e = { 0 };
	int rc;

	lb_form_init(&f);
	rc = lb_form_parse((const char *)data, size, &f, &e);
	if (rc != LB_OK && (rc != LB_EINPUT || !e.msg[0]))
		abort();
	if (f.n > LB_FORM_FIELDS)
		abort();
	for (size_t i = 0; i < f.n; i++) {
		size_t nl = strlen(f.v[i].name), vl = strlen(f.v[i].value);
		if (nl == 0 || nl > 64 || vl > LB_FORM_VALUE_MAX)
			abort();
		if (!lb_utf8_valid(f.v[i].name, nl) || !lb_utf8_valid(f.v[i].value, vl))
			abort();
		if (lb_form_get(&f, f.v[i].name) == NULL)
			abort();
	}
	lb_form_release(&f);
	return 0;
}
