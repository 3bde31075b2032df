/*
 * file.c — private, whole, never through a link. See file.h.
 */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lb_file_check(const char *path, int force, lb_err *e)
{
	struct stat st;

	if (!path || !*path)
		return lb_fail(e, LB_EINPUT, "no output file given");
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return LB_OK;
		return lb_fail(e, LB_EINPUT, "cannot write '%s': %s", path, strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return lb_fail(e, LB_EINPUT, "cannot write '%s': it is a symbolic link (name the file itself)", path);
	if (S_ISDIR(st.st_mode))
		return lb_fail(e, LB_EINPUT, "cannot write '%s': it is a folder", path);
	if (!S_ISREG(st.st_mode))
		return lb_fail(e, LB_EINPUT, "cannot write '%s': it is not a regular file", path);
	if (!force)
		return lb_fail(e, LB_EINPUT, "cannot write '%s': it exists (give --force to replace it)", path);
	return LB_OK;
}

int lb_file_open(lb_file *f, const char *path, int force, lb_err *e)
{
	size_t n;
	int fd, rc;

	memset(f, 0, sizeof *f);
	if ((rc = lb_file_check(path, force, e)))
		return rc;
	n = strlen(path);
	if (!(f->path = strdup(path)) || !(f->tmp = malloc(n + 16))) {
		lb_file_abort(f);
		return lb_oom(e);
	}
	memcpy(f->tmp, path, n);
	memcpy(f->tmp + n, ".tmp.XXXXXX", 12);
	/* mkstemp: O_CREAT|O_EXCL, mode 0600, never through a link. */
	fd = mkstemp(f->tmp);
	if (fd < 0) {
		int err = errno;
		free(f->tmp);
		f->tmp = NULL;
		lb_file_abort(f);
		return lb_fail(e, err == ENOMEM || err == ENOSPC || err == EIO ? LB_ESYS : LB_EINPUT,
			       "cannot write '%s': %s", path, strerror(err));
	}
	if (fchmod(fd, 0600) || !(f->f = fdopen(fd, "w"))) {
		int err = errno;
		close(fd);
		lb_file_abort(f);
		return lb_fail(e, LB_ESYS, "cannot write '%s': %s", path, strerror(err));
	}
	return LB_OK;
}

void lb_file_sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	int fd;

	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	free(dir);
	if (fd < 0)
		return;
	(void)fsync(fd); /* the file is whole under its name already */
	close(fd);
}

int lb_file_commit(lb_file *f, int force, lb_err *e)
{
	int rc = LB_OK;

	errno = 0;
	if (fflush(f->f) || ferror(f->f) || fsync(fileno(f->f)))
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", f->path, strerror(errno ? errno : EIO));
	if (fclose(f->f) && !rc)
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", f->path, strerror(errno));
	f->f = NULL;
	/* A link or a folder put there while we wrote is refused too. */
	if (!rc)
		rc = lb_file_check(f->path, force, e);
	if (!rc && rename(f->tmp, f->path))
		rc = lb_fail(e, LB_ESYS, "cannot save '%s': %s", f->path, strerror(errno));
	if (!rc) {
		lb_file_sync_dir(f->path);
		free(f->tmp);
		f->tmp = NULL;
	}
	lb_file_abort(f);
	return rc;
}

void lb_file_abort(lb_file *f)
{
	if (f->f)
		fclose(f->f);
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	memset(f, 0, sizeof *f);
}

int lb_file_private(const char *path, lb_err *e)
{
	if (chmod(path, 0600))
		return lb_fail(e, LB_ESYS, "cannot make '%s' private: %s", path, strerror(errno));
	return LB_OK;
}
