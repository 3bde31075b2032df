/*
 * file.h — the one way lumbung creates an output file: -o of reports,
 * slips, payloads, kits, backups and databases. Every output may hold
 * personal data (names, masked NIKs, addresses), so each is created
 * private (0600) and appears whole or not at all: written to a temporary
 * file in the same folder, flushed to disk, renamed over its name, and
 * the folder flushed too.
 *
 * Every file lumbung writes goes through here: reports (through
 * core/sink.h), slips, handover lists, payloads, kits, backups and keys.
 *
 * The name given is checked first (lb_file_check): it must not be a
 * folder nor a symbolic link (a link would send personal data wherever
 * it points), and an existing file is refused unless the caller says
 * --force; each is LB_EINPUT (exit 2), before any work.
 *
 * Memory: lb_file holds two malloc'ed names, released by lb_file_commit
 * and lb_file_abort in every case.
 */
#ifndef LB_FILE_H
#define LB_FILE_H

#include <stdio.h>

#include "err.h"

/* Can path be written as a new output? force: an existing regular file
 * may be replaced. */
int lb_file_check(const char *path, int force, lb_err *e);

typedef struct lb_file {
	char *path;   /* the name asked for */
	char *tmp;    /* the temporary file being written */
	FILE *f;      /* open on tmp */
} lb_file;

/* lb_file_check, then a private temporary file next to path, open for
 * writing as f->f. */
int lb_file_open(lb_file *f, const char *path, int force, lb_err *e);

/* Flush, fsync, close, rename to its name (checked again: no link or
 * folder appeared meanwhile), fsync the folder. On failure the temporary
 * file is removed and the name untouched. */
int lb_file_commit(lb_file *f, int force, lb_err *e);

/* The same for a file that must never replace another, even one that
 * appeared while it was written (a signing key): link(2), or a checked
 * rename where the file system has no hard links. LB_ERULE when the name
 * is taken; a folder that cannot be flushed afterwards is LB_ESYS. */
int lb_file_commit_new(lb_file *f, lb_err *e);

/* Put in place a file another library wrote whole under tmp, a name
 * next to path (SQLite: backups, field kits): fsync it, check path
 * again as lb_file_check does, rename, flush the folder. On failure tmp
 * stays for the caller to remove. */
int lb_file_place(const char *tmp, const char *path, int force, lb_err *e);

/* A file written in place as work goes on and closed by the caller
 * (an import's rejects file, whose rows are useful even when the import
 * stops half-way): private (0600), never through a link or into a
 * folder; an existing regular file is replaced, as a rerun does. */
int lb_file_create(const char *path, FILE **out, lb_err *e);

/* Close and remove the temporary file (NULL members are fine). */
void lb_file_abort(lb_file *f);

/* Flush the folder holding path, so that a rename into it survives a
 * crash. 0, or the errno of what failed (a file system that cannot
 * flush folders is no failure). */
int lb_file_sync_dir(const char *path);

/* Make an existing file private (0600): databases and backups. */
int lb_file_private(const char *path, lb_err *e);

#endif
