/*
 * zip.h — a zip archive of documents, built one document at a time in a
 * private folder and handed back as one open, already unlinked file (the
 * web streams it: the BAST of every village in one download). The only
 * libzip writer; core/xlsxread.c only reads.
 *
 * Why files and not memory: libzip writes the archive only when it is
 * closed, and a buffer handed to it stays alive until then, so an archive
 * of memory buffers would hold every document at once. Here each entry is
 * written by the caller into a private file (0600, through an fd sink,
 * core/sink.h) and libzip copies the files into the archive at
 * lb_zip_finish. The memory at any moment is the one document being
 * written plus libzip's copy buffer; the disk holds the documents and the
 * archive until lb_zip_finish removes them all (the archive stays open
 * for the caller, unlinked, so nothing named is left behind).
 *
 * Entries are stored, not deflated: the documents put in (PDF written by
 * doc/pdf.c) are compressed already, and deflating them again costs CPU
 * for a few percent.
 *
 * Memory: lb_zip_open allocates the archive; lb_zip_finish and
 * lb_zip_discard free it whatever the outcome. Entry names are copied.
 */
#ifndef LB_ZIP_H
#define LB_ZIP_H

#include <stdint.h>

#include "core/err.h"
#include "core/sink.h"

typedef struct lb_zip lb_zip;

/* Start an archive in a new private folder (0700) made under dir, which
 * must exist. */
int lb_zip_open(lb_zip **out, const char *dir, lb_err *e);

/* Start the next entry: *sink (an fd sink on a new private file) takes
 * its bytes, written by a document writer. Then lb_zip_entry_add keeps
 * it under name (UTF-8, at most 255 bytes, no '/' at the start, no
 * "..") or lb_zip_entry_drop forgets it (the writer failed). */
int lb_zip_entry(lb_zip *z, struct lb_sink *sink, lb_err *e);
int lb_zip_entry_add(lb_zip *z, const char *name, lb_err *e);
void lb_zip_entry_drop(lb_zip *z);

/* The number of entries added so far. */
long lb_zip_count(const lb_zip *z);

/* Write the archive; *fd receives it open for reading at its start
 * (the caller closes it) and *size its length. Everything on disk is
 * removed, and z freed, whatever the outcome. */
int lb_zip_finish(lb_zip *z, int *fd, int64_t *size, lb_err *e);

/* Give up: every file removed, z freed. NULL is ignored. */
void lb_zip_discard(lb_zip *z);

#endif
