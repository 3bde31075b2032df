/*
 * sink.h — where a document goes: a file (written whole through
 * core/file.h: private, atomic, never through a link, an existing one
 * only with --force), a memory buffer (a web response), or a descriptor
 * the caller opened (a pipe, a socket, an unlinked temporary file). The
 * document writers (doc/pdf.c, doc/xlsx.c, doc/rdoc.c) take a sink, so
 * the same report is saved by a command and streamed by a page.
 *
 * A sink says where; an lb_sink_w writes one document into it through a
 * FILE. lb_sink_commit makes the document appear: the file renamed into
 * place, the bytes appended to the buffer, the stream flushed to the
 * descriptor. lb_sink_abort leaves no trace in a file or a buffer; bytes
 * already flushed to a descriptor cannot be taken back, so its owner
 * discards them (a response that is not sent).
 *
 * Memory: a sink borrows its path, buffer or descriptor, which must
 * outlive the writing; the descriptor is never closed here. An lb_sink_w
 * owns what it opened until lb_sink_commit or lb_sink_abort, which
 * release it in every case.
 */
#ifndef LB_SINK_H
#define LB_SINK_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "err.h"
#include "file.h"

enum { LB_SINK_FILE = 1, LB_SINK_MEM, LB_SINK_FD };

struct lb_sink {
	int kind;
	const char *path; /* FILE: the output's name */
	int force;        /* FILE: an existing regular file may be replaced */
	lb_buf *buf;      /* MEM: the document is appended here */
	int fd;           /* FD: written from its current offset */
};

struct lb_sink lb_sink_file(const char *path, int force);
struct lb_sink lb_sink_mem(lb_buf *buf);
struct lb_sink lb_sink_fd(int fd);

/* The sink as messages name it: the path, or "memory", or "output". */
const char *lb_sink_name(const struct lb_sink *s);

/* Before any work: can the sink take a document? A file's name is
 * checked as core/file.h says (LB_EINPUT); the others always can. */
int lb_sink_check(const struct lb_sink *s, lb_err *e);

typedef struct lb_sink_w {
	FILE *f;          /* write the document here */
	const char *tmp;  /* FILE sinks: the temporary file's name, for a
			   * library that can only write to a name; NULL
			   * for the others */
	/* private */
	struct lb_sink s;
	lb_file file;
	char *mem;
	size_t memlen;
} lb_sink_w;

/* Open a writer on s (a FILE sink checks its name first). */
int lb_sink_open(lb_sink_w *w, const struct lb_sink *s, lb_err *e);
int lb_sink_commit(lb_sink_w *w, lb_err *e);
void lb_sink_abort(lb_sink_w *w);

/* Copy the whole of fd, from its start, into s, as one document: for a
 * library that writes only to a named file (libxlsxwriter), whose
 * output is read back from a private temporary file. */
int lb_sink_copy_fd(const struct lb_sink *s, int fd, lb_err *e);

#endif
