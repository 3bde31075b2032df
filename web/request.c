/*
 * request.c — form fields, multipart bodies and cookies. See request.h.
 */
#include "request.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

void lb_form_init(struct lb_form *f)
{
	f->n = 0;
	f->nfiles = 0;
}

void lb_form_release(struct lb_form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
	}
	f->n = 0;
	f->nfiles = 0;
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		if (n)
			memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

int lb_form_add(struct lb_form *f, const char *name, size_t nlen, const char *value, size_t vlen,
		lb_err *e)
{
	char *n, *v;

	if (f->n >= LB_FORM_FIELDS)
		return lb_fail(e, LB_EINPUT, "too many form fields (at most %d)", LB_FORM_FIELDS);
	if (nlen > 64 || vlen > LB_FORM_VALUE_MAX)
		return lb_fail(e, LB_EINPUT, "a form field is too long");
	if (memchr(name, 0, nlen) || memchr(value, 0, vlen) || !lb_utf8_valid(name, nlen) ||
	    !lb_utf8_valid(value, vlen))
		return lb_fail(e, LB_EINPUT, "a form field is not valid text");
	n = dup_n(name, nlen);
	v = dup_n(value, vlen);
	if (!n || !v) {
		free(n);
		free(v);
		return lb_oom(e);
	}
	f->v[f->n].name = n;
	f->v[f->n].value = v;
	f->n++;
	return LB_OK;
}

const char *lb_form_get(const struct lb_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return f->v[i].value;
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..len) into out (at least len bytes); *olen the result. */
static int url_decode(const char *s, size_t len, char *out, size_t *olen, lb_err *e)
{
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= len)
				return lb_fail(e, LB_EINPUT, "a form field has a broken %%-escape");
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return lb_fail(e, LB_EINPUT, "a form field has a broken %%-escape");
			out[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	*olen = k;
	return LB_OK;
}

int lb_form_parse(const char *s, size_t len, struct lb_form *f, lb_err *e)
{
	size_t i = 0;
	char *nb = NULL, *vb = NULL;
	int rc = LB_OK;

	while (i < len) {
		size_t end = i, eq, nlen, vlen;
		while (end < len && s[end] != '&')
			end++;
		eq = i;
		while (eq < end && s[eq] != '=')
			eq++;
		if (end > i) {
			size_t rawn = eq - i, rawv = eq < end ? end - eq - 1 : 0;
			if (rawn > 3 * 64 || rawv > 3 * LB_FORM_VALUE_MAX) {
				rc = lb_fail(e, LB_EINPUT, "a form field is too long");
				break;
			}
			nb = malloc(rawn + 1);
			vb = malloc(rawv + 1);
			if (!nb || !vb) {
				rc = lb_oom(e);
				break;
			}
			if ((rc = url_decode(s + i, rawn, nb, &nlen, e)) ||
			    (rc = url_decode(eq < end ? s + eq + 1 : s + eq, rawv, vb, &vlen, e)))
				break;
			if (nlen > 0 && (rc = lb_form_add(f, nb, nlen, vb, vlen, e)))
				break;
			free(nb);
			free(vb);
			nb = vb = NULL;
		}
		i = end + 1;
	}
	free(nb);
	free(vb);
	return rc;
}

/* Find needle (n bytes) in hay (len bytes). */
static const char *find_mem(const char *hay, size_t len, const char *needle, size_t n)
{
	if (n == 0 || len < n)
		return NULL;
	for (size_t i = 0; i + n <= len; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* A header parameter's value (name="v" or name=v) in s[0..len). */
static int param(const char *s, size_t len, const char *name, const char **v, size_t *vlen)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + nl < len; i++) {
		if ((i == 0 || s[i - 1] == ';' || s[i - 1] == ' ') && strncasecmp(s + i, name, nl) == 0 &&
		    s[i + nl] == '=') {
			const char *p = s + i + nl + 1, *end = s + len;
			if (p < end && *p == '"') {
				const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
				if (!q)
					return 0;
				*v = p + 1;
				*vlen = (size_t)(q - p - 1);
			} else {
				const char *q = p;
				while (q < end && *q != ';' && *q != ' ')
					q++;
				*v = p;
				*vlen = (size_t)(q - p);
			}
			return 1;
		}
	}
	return 0;
}

int lb_multipart_parse(const char *content_type, const char *body, size_t len, struct lb_form *f,
		       lb_err *e)
{
	return lb_multipart_parse_files(content_type, body, len, f, 0, e);
}

const struct lb_upload *lb_form_file(const struct lb_form *f, const char *name)
{
	for (size_t i = 0; i < f->nfiles; i++)
		if (strcmp(f->files[i].name, name) == 0)
			return &f->files[i];
	return NULL;
}

int lb_multipart_parse_files(const char *content_type, const char *body, size_t len, struct lb_form *f,
			     int max_files, lb_err *e)
{
	char delim[80];
	const char *b, *p, *end = body + len;
	size_t blen, dlen;

	if (!param(content_type, strlen(content_type), "boundary", &b, &blen) || blen == 0 || blen > 70)
		return lb_fail(e, LB_EINPUT, "a multipart body without a usable boundary");
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b, blen);
	dlen = blen + 4;
	/* the first boundary has no CRLF in front of it */
	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
		return lb_fail(e, LB_EINPUT, "a multipart body that does not start with its boundary");
	p = body + dlen - 2;
	for (;;) {
		const char *hend, *next, *name = NULL, *fn = NULL;
		size_t nlen = 0, fl = 0;
		int is_file = 0;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return LB_OK; /* the closing boundary */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return lb_fail(e, LB_EINPUT, "a malformed multipart boundary line");
		p += 2;
		hend = find_mem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return lb_fail(e, LB_EINPUT, "a multipart part without the end of its headers");
		/* headers: only Content-Disposition matters */
		for (const char *h = p; h < hend;) {
			const char *eol = find_mem(h, (size_t)(hend - h), "\r\n", 2);
			size_t hl;
			if (!eol)
				eol = hend;
			hl = (size_t)(eol - h);
			if (hl > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
				if (param(h + 20, hl - 20, "filename", &fn, &fl)) {
					if (max_files <= 0)
						return lb_fail(e, LB_EINPUT, "files are not taken here");
					is_file = 1;
				}
				if (!param(h + 20, hl - 20, "name", &name, &nlen))
					return lb_fail(e, LB_EINPUT, "a multipart part without a name");
			}
			h = eol + 2;
		}
		if (!name)
			return lb_fail(e, LB_EINPUT, "a multipart part without Content-Disposition");
		p = hend + 4;
		next = find_mem(p, (size_t)(end - p), delim, dlen);
		if (!next)
			return lb_fail(e, LB_EINPUT, "a multipart part without the boundary after it");
		if (is_file) {
			size_t dl = (size_t)(next - p);
			if (nlen > 0 && (fl > 0 || dl > 0)) {
				struct lb_upload *u;
				if (f->nfiles >= (size_t)max_files || f->nfiles >= LB_FORM_FILES)
					return lb_fail(e, LB_EINPUT, "more files than this page takes");
				if (nlen >= sizeof u->name)
					return lb_fail(e, LB_EINPUT, "a file field with too long a name");
				u = &f->files[f->nfiles++];
				memcpy(u->name, name, nlen);
				u->name[nlen] = 0;
				u->data = p;
				u->len = dl;
			}
		} else if (nlen > 0) {
			int rc = lb_form_add(f, name, nlen, p, (size_t)(next - p), e);
			if (rc)
				return rc;
		}
		p = next + dlen;
	}
}

int lb_cookie_get(const char *header, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	const char *p = header;

	while (p && *p) {
		const char *end, *v;
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			size_t vl;
			v = p + nl + 1;
			vl = (size_t)(end - v);
			while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
			if (vl + 1 > n)
				return 0;
			memcpy(out, v, vl);
			out[vl] = 0;
			return 1;
		}
		p = end;
	}
	return 0;
}
