/*
 * request.h — decoding what a browser sends: form fields
 * (application/x-www-form-urlencoded, also the query string), multipart
 * bodies (multipart/form-data) and the Cookie header.
 *
 * Pure functions over bytes, with limits (LB_FORM_FIELDS fields, each
 * name and value at most LB_FORM_VALUE_MAX bytes, valid UTF-8); each has
 * a fuzz target (tests/fuzz/fuzz_form.c, fuzz_multipart.c, fuzz_cookie.c).
 *
 * Memory: an lb_form owns its copies of names and values; lb_form_release
 * frees them. lb_form_init leaves it empty without allocating. Uploaded
 * files (lb_multipart_parse_files) are not copied: they point into the
 * body given, which must outlive the form.
 */
#ifndef LB_WEB_REQUEST_H
#define LB_WEB_REQUEST_H

#include <stddef.h>
#include "core/err.h"

#define LB_FORM_FIELDS 64
#define LB_FORM_VALUE_MAX 8192

struct lb_kv {
	char *name;
	char *value;
};

#define LB_FORM_FILES 2

/* A file part of a multipart body (an <input type="file">). */
struct lb_upload {
	char name[32];     /* the field's name */
	const char *data;  /* borrowed from the body */
	size_t len;
};

struct lb_form {
	struct lb_kv v[LB_FORM_FIELDS];
	size_t n;
	struct lb_upload files[LB_FORM_FILES];
	size_t nfiles;
};

void lb_form_init(struct lb_form *f);
void lb_form_release(struct lb_form *f);

/* Add a copy of one field; LB_EINPUT past the limits or for invalid
 * UTF-8, LB_ESYS out of memory. */
int lb_form_add(struct lb_form *f, const char *name, size_t nlen, const char *value, size_t vlen,
		lb_err *e);

/* The first value of name, or NULL. */
const char *lb_form_get(const struct lb_form *f, const char *name);

/* "a=1&b=x%20y+z": percent and '+' decoded. A malformed escape, a NUL
 * byte or text past the limits is LB_EINPUT. */
int lb_form_parse(const char *s, size_t len, struct lb_form *f, lb_err *e);

/* A multipart/form-data body; content_type is the request's header
 * (its boundary parameter is read from it). Each part's name from its
 * Content-Disposition; files are refused (nothing here takes one). */
int lb_multipart_parse(const char *content_type, const char *body, size_t len, struct lb_form *f,
		       lb_err *e);
/* The same, taking up to max_files file parts (at most LB_FORM_FILES)
 * into f->files; a file field left empty (no name, no bytes) is skipped.
 * Only pages flagged LB_PG_UPLOAD are given files (web/server.c). */
int lb_multipart_parse_files(const char *content_type, const char *body, size_t len, struct lb_form *f,
			     int max_files, lb_err *e);
/* The uploaded file of field name, or NULL. */
const struct lb_upload *lb_form_file(const struct lb_form *f, const char *name);

/* The value of cookie name in a Cookie header ("a=1; b=2"), copied into
 * out (n bytes); 1 when found and it fits, 0 otherwise. */
int lb_cookie_get(const char *header, const char *name, char *out, size_t n);

#endif
