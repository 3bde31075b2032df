/*
 * sink.c — a file, a buffer or a descriptor behind one FILE. See sink.h.
 */
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lb_sink lb_sink_file(const char *path, int force)
{
	return (struct lb_sink){ .kind = LB_SINK_FILE, .path = path, .force = force, .fd = -1 };
}

struct lb_sink lb_sink_mem(lb_buf *buf)
{
	return (struct lb_sink){ .kind = LB_SINK_MEM, .buf = buf, .fd = -1 };
}

struct lb_sink lb_sink_fd(int fd)
{
	return (struct lb_sink){ .kind = LB_SINK_FD, .fd = fd };
}

const char *lb_sink_name(const struct lb_sink *s)
{
	switch (s->kind) {
	case LB_SINK_FILE:
		return s->path ? s->path : "";
	case LB_SINK_MEM:
		return "memory";
	default:
		return "output";
	}
}

int lb_sink_check(const struct lb_sink *s, lb_err *e)
{
	switch (s->kind) {
	case LB_SINK_FILE:
		return lb_file_check(s->path, s->force, e);
	case LB_SINK_MEM:
		return s->buf ? LB_OK : lb_fail(e, LB_EINPUT, "no buffer given to write into");
	case LB_SINK_FD:
		return s->fd >= 0 ? LB_OK : lb_fail(e, LB_EINPUT, "no output descriptor given");
	default:
		return lb_fail(e, LB_EINPUT, "unknown output kind %d", s->kind);
	}
}

int lb_sink_open(lb_sink_w *w, const struct lb_sink *s, lb_err *e)
{
	int rc, fd;

	memset(w, 0, sizeof *w);
	w->s = *s;
	if ((rc = lb_sink_check(s, e)))
		return rc;
	switch (s->kind) {
	case LB_SINK_FILE:
		if ((rc = lb_file_open(&w->file, s->path, s->force, e)))
			return rc;
		w->f = w->file.f;
		w->tmp = w->file.tmp;
		return LB_OK;
	case LB_SINK_MEM:
		/* the document lands in the buffer whole, at commit */
		if (!(w->f = open_memstream(&w->mem, &w->memlen)))
			return lb_oom(e);
		return LB_OK;
	default:
		/* a FILE of our own on a duplicate: closing it leaves the
		 * caller's descriptor open */
		if ((fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 0)) < 0)
			return lb_fail(e, LB_ESYS, "cannot write the output: %s", strerror(errno));
		if (!(w->f = fdopen(fd, "w"))) {
			int err = errno;
			close(fd);
			return lb_fail(e, LB_ESYS, "cannot write the output: %s", strerror(err));
		}
		return LB_OK;
	}
}

int lb_sink_commit(lb_sink_w *w, lb_err *e)
{
	int rc = LB_OK;

	if (w->s.kind == LB_SINK_FILE) {
		w->f = NULL; /* lb_file's own */
		return lb_file_commit(&w->file, w->s.force, e);
	}
	errno = 0;
	if (fflush(w->f) || ferror(w->f))
		rc = lb_fail(e, LB_ESYS, "cannot write the document to %s: %s", lb_sink_name(&w->s),
			     strerror(errno ? errno : EIO));
	if (fclose(w->f) && !rc)
		rc = lb_fail(e, LB_ESYS, "cannot write the document to %s: %s", lb_sink_name(&w->s), strerror(errno));
	w->f = NULL;
	if (!rc && w->s.kind == LB_SINK_MEM)
		rc = lb_buf_add(w->s.buf, w->mem ? w->mem : "", w->memlen, e);
	free(w->mem);
	w->mem = NULL;
	return rc;
}

void lb_sink_abort(lb_sink_w *w)
{
	if (w->s.kind == LB_SINK_FILE) {
		lb_file_abort(&w->file);
	} else if (w->f) {
		fclose(w->f);
	}
	w->f = NULL;
	free(w->mem);
	w->mem = NULL;
}

int lb_sink_copy_fd(const struct lb_sink *s, int fd, lb_err *e)
{
	char chunk[65536];
	lb_sink_w w;
	ssize_t got;
	int rc;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return lb_fail(e, LB_ESYS, "cannot read the document back: %s", strerror(errno));
	if ((rc = lb_sink_open(&w, s, e)))
		return rc;
	for (;;) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = lb_fail(e, LB_ESYS, "cannot read the document back: %s", strerror(errno));
			break;
		}
		if (got == 0)
			break;
		if (fwrite(chunk, 1, (size_t)got, w.f) != (size_t)got) {
			rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", lb_sink_name(s), strerror(errno));
			break;
		}
	}
	if (rc) {
		lb_sink_abort(&w);
		return rc;
	}
	return lb_sink_commit(&w, e);
}
