/*
 * jobs.c — background jobs of `lumbung serve`. See jobs.h.
 */
#include "jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct lb_job_info jobs[LB_JOBS_KEEP];
static int next_id = 1, running;

struct start {
	char db_path[1024];
	lb_job_fn fn;
	void *arg;
	void (*free_arg)(void *);
	struct lb_job_info *slot; /* jobs[] entry, written under mu */
	int id;
};

static struct lb_job_info *slot_of(int id)
{
	for (int i = 0; i < LB_JOBS_KEEP; i++)
		if (jobs[i].id == id)
			return &jobs[i];
	return NULL;
}

/* Progress from the job (from any of its threads): kept under mu. */
static void tick(void *arg, const char *what, long long done, long long total)
{
	struct start *s = arg;
	(void)what;
	pthread_mutex_lock(&mu);
	if (done >= 0)
		s->slot->done = done;
	if (total > 0)
		s->slot->total = total;
	pthread_mutex_unlock(&mu);
}

int lb_job_add_file(struct lb_job_run *jr, const char *path, lb_err *e)
{
	const char *base = strrchr(path, '/');
	int rc = LB_OK;

	base = base ? base + 1 : path;
	pthread_mutex_lock(&mu);
	if (jr->info->nfiles >= LB_JOB_FILES || strlen(base) >= LB_JOB_FILE_NAME)
		rc = lb_fail(e, LB_ESYS, "job: too many files, or '%s' is too long a name", base);
	else
		snprintf(jr->info->files[jr->info->nfiles++], LB_JOB_FILE_NAME, "%s", base);
	pthread_mutex_unlock(&mu);
	return rc;
}

static void *job_main(void *arg)
{
	struct start *s = arg;
	struct lb_job_run jr;
	struct lb_job_info work;
	const char *why = NULL;
	lb_db *db = NULL;
	lb_err e;
	int rc;

	lb_err_clear(&e);
	pthread_mutex_lock(&mu);
	work = *s->slot;
	pthread_mutex_unlock(&mu);
	jr.dir = work.dir;
	jr.progress.fn = tick;
	jr.progress.arg = s;
	jr.info = s->slot;
	if ((rc = lb_db_open(s->db_path, LB_DB_EXISTING, &db, &e)) == LB_OK)
		rc = s->fn(db, s->arg, &jr, &why, &e);
	lb_db_close(db);
	pthread_mutex_lock(&mu);
	s->slot->state = rc ? LB_JOB_FAILED : LB_JOB_DONE;
	if (rc) {
		snprintf(s->slot->message, sizeof s->slot->message, "%s",
			 why ? why : "Pekerjaan ini gagal; tidak ada berkas yang dibuat.");
		snprintf(s->slot->detail, sizeof s->slot->detail, "%s", e.msg);
		s->slot->nfiles = 0;
	}
	running = 0;
	pthread_mutex_unlock(&mu);
	if (s->free_arg)
		s->free_arg(s->arg);
	free(s);
	return NULL;
}

static int mkdir_private(const char *path, lb_err *e)
{
	if (mkdir(path, 0700) && errno != EEXIST)
		return lb_fail(e, LB_ESYS, "cannot make folder '%s': %s", path, strerror(errno));
	return LB_OK;
}

int lb_jobs_start(const char *db_path, int64_t user_id, const char *title, lb_job_fn fn, void *arg,
		  void (*free_arg)(void *), int *id, lb_err *e)
{
	struct start *s;
	struct lb_job_info *slot = NULL;
	pthread_t t;
	pthread_attr_t at;
	char dir[1024];
	int rc, oldest = 0;

	if (!(s = calloc(1, sizeof *s)))
		return lb_oom(e);
	pthread_mutex_lock(&mu);
	if (running) {
		pthread_mutex_unlock(&mu);
		free(s);
		return lb_fail(e, LB_ERULE, "another print job is running: one at a time");
	}
	/* the free slot, or the oldest finished job's */
	for (int i = 0; i < LB_JOBS_KEEP; i++) {
		if (!jobs[i].id) {
			slot = &jobs[i];
			break;
		}
		if (!slot || jobs[i].id < oldest) {
			slot = &jobs[i];
			oldest = jobs[i].id;
		}
	}
	s->id = next_id++;
	running = 1;
	pthread_mutex_unlock(&mu);

	snprintf(dir, sizeof dir, "%s.web", db_path);
	if ((rc = mkdir_private(dir, e)))
		goto fail;
	snprintf(dir, sizeof dir, "%s.web/cetak", db_path);
	if ((rc = mkdir_private(dir, e)))
		goto fail;
	/* a restarted server counts from 1 again: ids are per process, the
	 * folder name is unique with the time */
	snprintf(dir, sizeof dir, "%s.web/cetak/%lld-%d", db_path, (long long)time(NULL), s->id);
	if ((rc = mkdir_private(dir, e)))
		goto fail;
	snprintf(s->db_path, sizeof s->db_path, "%s", db_path);
	s->fn = fn;
	s->arg = arg;
	s->free_arg = free_arg;
	pthread_mutex_lock(&mu);
	memset(slot, 0, sizeof *slot);
	slot->id = s->id;
	slot->user_id = user_id;
	slot->state = LB_JOB_RUNNING;
	snprintf(slot->title, sizeof slot->title, "%s", title);
	snprintf(slot->dir, sizeof slot->dir, "%s", dir);
	s->slot = slot;
	pthread_mutex_unlock(&mu);
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &at, job_main, s);
	pthread_attr_destroy(&at);
	if (rc) {
		pthread_mutex_lock(&mu);
		slot->state = LB_JOB_FAILED;
		snprintf(slot->message, sizeof slot->message, "Server tidak dapat memulai pekerjaan ini.");
		running = 0;
		pthread_mutex_unlock(&mu);
		free(s);
		return lb_fail(e, LB_ESYS, "cannot start a job thread: %s", strerror(rc));
	}
	*id = slot->id;
	return LB_OK;
fail:
	pthread_mutex_lock(&mu);
	running = 0;
	pthread_mutex_unlock(&mu);
	free(s);
	return rc;
}

int lb_jobs_get(int id, struct lb_job_info *out)
{
	struct lb_job_info *j;
	int found = 0;

	pthread_mutex_lock(&mu);
	if ((j = slot_of(id))) {
		*out = *j;
		found = 1;
	}
	pthread_mutex_unlock(&mu);
	return found;
}

void lb_jobs_each(void (*fn)(void *arg, const struct lb_job_info *j), void *arg)
{
	struct lb_job_info copy[LB_JOBS_KEEP];
	int n = 0;

	pthread_mutex_lock(&mu);
	for (int i = 0; i < LB_JOBS_KEEP; i++)
		if (jobs[i].id)
			copy[n++] = jobs[i];
	pthread_mutex_unlock(&mu);
	/* newest first */
	for (int i = 0; i < n; i++)
		for (int k = i + 1; k < n; k++)
			if (copy[k].id > copy[i].id) {
				struct lb_job_info t = copy[i];
				copy[i] = copy[k];
				copy[k] = t;
			}
	for (int i = 0; i < n; i++)
		fn(arg, &copy[i]);
}
