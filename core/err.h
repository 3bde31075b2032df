/*
 * err.h — how lumbung reports failure.
 *
 * Every function below the CLI returns an int status (LB_OK or one of the
 * codes below) and, on failure, fills a caller-owned lb_err with one line a
 * person can act on: what failed first, then why, quoting the subject.
 * Only the CLI prints that line and turns the status into the exit code, so
 * the status values are the exit codes themselves.
 *
 * Memory: lb_err is a fixed-size value; nothing here allocates.
 */
#ifndef LB_ERR_H
#define LB_ERR_H

#include <stdarg.h>

enum {
	LB_OK = 0,     /* done */
	LB_ESYS = 1,   /* the system failed: I/O, database, out of memory */
	LB_EINPUT = 2, /* usage error or invalid input; nothing was written */
	LB_ERULE = 3,  /* refused by a rule; nothing was written */
};

#define LB_ERR_MAX 1024

typedef struct lb_err {
	int code;
	char msg[LB_ERR_MAX];
} lb_err;

#define LB_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Record a failure in e (which may be NULL) and return code, so that a
 * caller can write `return lb_fail(e, LB_EINPUT, "...", ...);`. */
int lb_fail(lb_err *e, int code, const char *fmt, ...) LB_PRINTF(3, 4);
int lb_vfail(lb_err *e, int code, const char *fmt, va_list ap);

/* Put context in front of an existing message: "row 3: <old message>". */
int lb_err_prefix(lb_err *e, const char *fmt, ...) LB_PRINTF(2, 3);

void lb_err_clear(lb_err *e);

/* Out of memory is a system failure; one wording everywhere. */
int lb_oom(lb_err *e);

#endif
