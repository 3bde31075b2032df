/*
 * csrf.c — CSRF tokens and the Origin check. See csrf.h.
 */
#include "csrf.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

void lb_csrf_token(const char *session_token, char out[LB_CSRF_HEX + 1])
{
	static const char label[] = "lumbung csrf v1";
	unsigned char key[32], mac[32];

	/* the session token's hex is 64 bytes: hash it to a 32-byte key */
	crypto_generichash(key, sizeof key, (const unsigned char *)session_token, strlen(session_token),
			   NULL, 0);
	crypto_generichash(mac, sizeof mac, (const unsigned char *)label, sizeof label - 1, key,
			   sizeof key);
	sodium_bin2hex(out, LB_CSRF_HEX + 1, mac, sizeof mac);
	sodium_memzero(key, sizeof key);
}

int lb_csrf_check(const char *session_token, const char *given)
{
	char want[LB_CSRF_HEX + 1];

	if (!session_token || !*session_token || !given || strlen(given) != LB_CSRF_HEX)
		return 0;
	lb_csrf_token(session_token, want);
	return sodium_memcmp(want, given, LB_CSRF_HEX) == 0;
}

int lb_origin_check(const char *origin, const char *host, int tls)
{
	const char *scheme = tls ? "https://" : "http://";
	size_t sl = strlen(scheme);

	if (!origin || !host || !*host)
		return 0;
	if (strncasecmp(origin, scheme, sl) != 0)
		return 0;
	return strcasecmp(origin + sl, host) == 0;
}
