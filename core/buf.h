/*
 * buf.h — a growable, always NUL-terminated byte string (after git's strbuf).
 *
 * Memory: an lb_buf owns its data. lb_buf_init leaves it empty without
 * allocating; lb_buf_release frees the data and leaves it empty again;
 * lb_buf_reset keeps the allocation and empties it. Appending functions
 * return LB_OK or LB_ESYS (out of memory, with e filled).
 */
#ifndef LB_BUF_H
#define LB_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include "err.h"

typedef struct lb_buf {
	char *data; /* never NULL after init: points at "" when empty */
	size_t len;
	size_t cap;
} lb_buf;

void lb_buf_init(lb_buf *b);
void lb_buf_release(lb_buf *b);
void lb_buf_reset(lb_buf *b);
int lb_buf_grow(lb_buf *b, size_t extra, lb_err *e);
int lb_buf_add(lb_buf *b, const void *p, size_t n, lb_err *e);
int lb_buf_adds(lb_buf *b, const char *s, lb_err *e);
int lb_buf_addc(lb_buf *b, char c, lb_err *e);
int lb_buf_addf(lb_buf *b, lb_err *e, const char *fmt, ...) LB_PRINTF(3, 4);
int lb_buf_vaddf(lb_buf *b, lb_err *e, const char *fmt, va_list ap) LB_PRINTF(3, 0);
/* Hand the data to the caller (who frees it) and leave b empty. */
char *lb_buf_detach(lb_buf *b);

#endif
