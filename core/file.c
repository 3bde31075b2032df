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

int lb_file_sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	int fd, rc = 0;

	if (!dir)
		return ENOMEM;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return errno;
	/* some file systems refuse fsync on a folder: nothing to make
	 * durable there */
	if (fsync(fd) && errno != EINVAL && errno != EROFS)
		rc = errno;
	close(fd);
	return rc;
}

static int finish(lb_file *f, lb_err *e);

int lb_file_commit(lb_file *f, int force, lb_err *e)
{
	int rc = LB_OK;

	rc = finish(f, e);
	/* A link or a folder put there while we wrote is refused too. */
	if (!rc)
		rc = lb_file_check(f->path, force, e);
	if (!rc && rename(f->tmp, f->path))
		rc = lb_fail(e, LB_ESYS, "cannot save '%s': %s", f->path, strerror(errno));
	if (!rc) {
		(void)lb_file_sync_dir(f->path); /* the file is whole under its name already */
		free(f->tmp);
		f->tmp = NULL;
	}
	lb_file_abort(f);
	return rc;
}

/* Flush, fsync and close f's stream. */
static int finish(lb_file *f, lb_err *e)
{
	int rc = LB_OK;

	errno = 0;
	if (fflush(f->f) || ferror(f->f) || fsync(fileno(f->f)))
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", f->path, strerror(errno ? errno : EIO));
	if (fclose(f->f) && !rc)
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", f->path, strerror(errno));
	f->f = NULL;
	return rc;
}

int lb_file_commit_new(lb_file *f, lb_err *e)
{
	struct stat st;
	int rc, err;

	if ((rc = finish(f, e)))
		goto out;
	/* link() fails with EEXIST where rename() would replace */
	if (link(f->tmp, f->path) == 0) {
		if (unlink(f->tmp)) {
			rc = lb_fail(e, LB_ESYS, "cannot remove temporary file '%s': %s", f->tmp, strerror(errno));
			goto out;
		}
	} else if (errno == EEXIST) {
		rc = lb_fail(e, LB_ERULE, "cannot write '%s': it exists", f->path);
		goto out;
	} else if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS &&
		   errno != EMLINK) {
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", f->path, strerror(errno));
		goto out;
	} else if (lstat(f->path, &st) == 0) {
		/* no hard links (FAT on a USB stick): a checked rename,
		 * whose window is only that check */
		rc = lb_fail(e, LB_ERULE, "cannot write '%s': it exists", f->path);
		goto out;
	} else if (errno != ENOENT) {
		rc = lb_fail(e, LB_ESYS, "cannot check '%s': %s", f->path, strerror(errno));
		goto out;
	} else if (rename(f->tmp, f->path)) {
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", f->path, strerror(errno));
		goto out;
	}
	free(f->tmp);
	f->tmp = NULL;
	if ((err = lb_file_sync_dir(f->path)))
		rc = lb_fail(e, LB_ESYS, "cannot sync the folder of '%s' after creating it: %s", f->path,
			     strerror(err));
out:
	lb_file_abort(f);
	return rc;
}

int lb_file_place(const char *tmp, const char *path, int force, lb_err *e)
{
	int fd, rc;

	/* what another library wrote may sit in the page cache only */
	fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fsync(fd)) {
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	close(fd);
	/* a link or a folder put there meanwhile is refused */
	if ((rc = lb_file_check(path, force, e)))
		return rc;
	if (rename(tmp, path))
		return lb_fail(e, LB_ESYS, "cannot save '%s': %s", path, strerror(errno));
	(void)lb_file_sync_dir(path); /* whole under its name already */
	return LB_OK;
}

int lb_file_create(const char *path, FILE **out, lb_err *e)
{
	int fd, rc;

	*out = NULL;
	if ((rc = lb_file_check(path, 1, e)))
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return lb_fail(e, LB_EINPUT, "cannot write '%s': %s", path, strerror(errno));
	/* an older file of the same name may have been readable by others */
	if (fchmod(fd, 0600) || !(*out = fdopen(fd, "w"))) {
		rc = lb_fail(e, LB_ESYS, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	return LB_OK;
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
