/*
 * zip.c — a zip archive of documents built in a private folder. See zip.h.
 */
#include "doc/zip.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct lb_zip {
	char dir[1024];  /* the private folder */
	zip_t *za;
	long n;          /* entries started (their files are dir/N.part) */
	long added;      /* entries in the archive */
	int fd;          /* the entry being written, -1 when none */
};

static void part_path(const lb_zip *z, long i, char *out, size_t n)
{
	snprintf(out, n, "%s/%ld.part", z->dir, i);
}

static void archive_path(const lb_zip *z, char *out, size_t n)
{
	snprintf(out, n, "%s/archive.zip", z->dir);
}

int lb_zip_open(lb_zip **out, const char *dir, lb_err *e)
{
	lb_zip *z = calloc(1, sizeof *z);
	char path[1100];
	int err = 0;

	*out = NULL;
	if (!z)
		return lb_oom(e);
	z->fd = -1;
	if (snprintf(z->dir, sizeof z->dir, "%s/zip-XXXXXX", dir) >= (int)sizeof z->dir) {
		free(z);
		return lb_fail(e, LB_ESYS, "cannot make an archive: folder name '%s' too long", dir);
	}
	if (!mkdtemp(z->dir)) { /* mode 0700 */
		int rc = lb_fail(e, LB_ESYS, "cannot make a folder for an archive in '%s': %s", dir, strerror(errno));
		free(z);
		return rc;
	}
	archive_path(z, path, sizeof path);
	if (!(z->za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &err))) {
		zip_error_t ze;
		int rc;
		zip_error_init_with_code(&ze, err);
		rc = lb_fail(e, LB_ESYS, "cannot start archive '%s': %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		rmdir(z->dir);
		free(z);
		return rc;
	}
	*out = z;
	return LB_OK;
}

int lb_zip_entry(lb_zip *z, struct lb_sink *sink, lb_err *e)
{
	char path[1100];

	if (z->fd >= 0)
		lb_zip_entry_drop(z);
	part_path(z, z->n, path, sizeof path);
	if ((z->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return lb_fail(e, LB_ESYS, "cannot make '%s': %s", path, strerror(errno));
	z->n++;
	*sink = lb_sink_fd(z->fd);
	return LB_OK;
}

static int name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n <= 255 && name[0] != '/' && !strstr(name, "..") && !strchr(name, '\\');
}

int lb_zip_entry_add(lb_zip *z, const char *name, lb_err *e)
{
	char path[1100];
	zip_source_t *src;
	zip_int64_t idx;

	if (z->fd < 0)
		return lb_fail(e, LB_ESYS, "no archive entry was started for '%s'", name);
	if (!name_ok(name)) {
		lb_zip_entry_drop(z);
		return lb_fail(e, LB_ESYS, "'%s' cannot name an archive entry", name);
	}
	if (close(z->fd) != 0) {
		z->fd = -1;
		return lb_fail(e, LB_ESYS, "cannot write archive entry '%s': %s", name, strerror(errno));
	}
	z->fd = -1;
	part_path(z, z->n - 1, path, sizeof path);
	/* libzip opens the file only when it writes the archive */
	if (!(src = zip_source_file(z->za, path, 0, -1)))
		return lb_fail(e, LB_ESYS, "cannot add '%s' to the archive: %s", name, zip_strerror(z->za));
	if ((idx = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return lb_fail(e, LB_ESYS, "cannot add '%s' to the archive: %s", name, zip_strerror(z->za));
	}
	if (zip_set_file_compression(z->za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) != 0)
		return lb_fail(e, LB_ESYS, "cannot store '%s' in the archive: %s", name, zip_strerror(z->za));
	z->added++;
	return LB_OK;
}

void lb_zip_entry_drop(lb_zip *z)
{
	char path[1100];

	if (z->fd < 0)
		return;
	close(z->fd);
	z->fd = -1;
	part_path(z, z->n - 1, path, sizeof path);
	unlink(path);
}

long lb_zip_count(const lb_zip *z)
{
	return z->added;
}

/* Remove the parts, the archive (and libzip's temporaries, should a
 * failed close leave one) and the folder. */
static void clean(lb_zip *z)
{
	char path[1100];

	if (z->fd >= 0)
		close(z->fd);
	z->fd = -1;
	for (long i = 0; i < z->n; i++) {
		part_path(z, i, path, sizeof path);
		unlink(path);
	}
	archive_path(z, path, sizeof path);
	unlink(path);
	if (rmdir(z->dir) != 0 && errno == ENOTEMPTY) {
		/* a temporary libzip left after a failed close: the folder
		 * is ours alone, so whatever is in it goes */
		DIR *d = opendir(z->dir);
		struct dirent *de;
		while (d && (de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
				snprintf(path, sizeof path, "%s/%s", z->dir, de->d_name);
				unlink(path);
			}
		if (d)
			closedir(d);
		rmdir(z->dir);
	}
	free(z);
}

int lb_zip_finish(lb_zip *z, int *fd, int64_t *size, lb_err *e)
{
	char path[1100];
	struct stat st;
	int rc = LB_OK;

	*fd = -1;
	*size = 0;
	if (z->fd >= 0)
		lb_zip_entry_drop(z);
	if (!z->added) {
		zip_discard(z->za);
		clean(z);
		return lb_fail(e, LB_ESYS, "an archive needs at least one entry");
	}
	archive_path(z, path, sizeof path);
	if (zip_close(z->za) != 0) {
		rc = lb_fail(e, LB_ESYS, "cannot write archive '%s': %s", path, zip_strerror(z->za));
		zip_discard(z->za);
		clean(z);
		return rc;
	}
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 || fstat(*fd, &st) != 0) {
		rc = lb_fail(e, LB_ESYS, "cannot read archive '%s': %s", path, strerror(errno));
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
	} else {
		*size = (int64_t)st.st_size;
	}
	clean(z);
	return rc;
}

void lb_zip_discard(lb_zip *z)
{
	if (!z)
		return;
	zip_discard(z->za);
	clean(z);
}
