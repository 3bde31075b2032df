/*
 * fuzz_cookie.c — libFuzzer target for the Cookie header
 * (web/request.c lb_cookie_get), read the way the server reads it: the
 * session cookie and the pre-login cookie into 66-byte buffers. A value
 * found always fits, is NUL-terminated and stands in the header as sent;
 * then it goes through lb_token_valid and lb_csrf_check, which must
 * refuse anything but 64 lowercase hex digits.
 *
 * `make fuzz` runs it on a copy of tests/fuzz/corpus/cookie; `make check`
 * replays the seeds and tests/fuzz/crashes/cookie.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/csrf.h"
#include "web/request.h"
#include "web/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { LB_SESSION_COOKIE, LB_PRELOGIN_COOKIE, "x" };
	char *h = malloc(size + 1);

	if (!h)
		return 0;
	memcpy(h, data, size);
	h[size] = 0; /* a header is text up to its first NUL */
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		char v[LB_TOKEN_HEX + 2];
		memset(v, 'Z', sizeof v);
		if (!lb_cookie_get(h, names[k], v, sizeof v))
			continue;
		if (!memchr(v, 0, sizeof v) || !strstr(h, v))
			abort();
		if (lb_token_valid(v)) {
			size_t n = strlen(v);
			if (n != LB_TOKEN_HEX)
				abort();
			for (size_t i = 0; i < n; i++)
				if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
					abort();
		}
		if (lb_csrf_check(v, v))
			abort(); /* a token is never its own CSRF token */
	}
	free(h);
	return 0;
}
