/*
 * jobs.h — background jobs of `lumbung serve` (a large round's slips and
 * handover lists): one runs at a time, in a thread of the server with its
 * own database connection, while its page is polled for progress.
 *
 * State lives in memory (the last LB_JOBS_KEEP jobs; a restart forgets
 * them, their files stay); files go to a private folder beside the
 * database, DB.web/cetak/ID/ (folders 0700, files 0600 as the writers
 * make them), and are downloaded from there by name.
 *
 * Memory: lb_jobs_start takes arg and frees it with free_arg when the job
 * ends; lb_jobs_get copies the state out.
 */
#ifndef LB_WEB_JOBS_H
#define LB_WEB_JOBS_H

#include <stdint.h>
#include "core/db.h"
#include "core/progress.h"

#define LB_JOBS_KEEP 16
#define LB_JOB_FILES 64
#define LB_JOB_FILE_NAME 96

enum { LB_JOB_RUNNING = 1, LB_JOB_DONE, LB_JOB_FAILED };

struct lb_job_info {
	int id;
	int64_t user_id;
	int state;
	long long done, total;       /* progress; total 0: not known yet */
	char title[160];             /* Bahasa Indonesia */
	char message[600];           /* done: a summary; failed: why (Bahasa Indonesia) */
	char detail[LB_ERR_MAX];     /* failed: the module's English */
	int nfiles;
	char files[LB_JOB_FILES][LB_JOB_FILE_NAME]; /* names in dir */
	char dir[1024];
};

/* What a job's function is given: its folder, the progress to tick,
 * and where to say what it made. */
struct lb_job_run {
	const char *dir;
	struct lb_progress progress;
	struct lb_job_info *info;    /* add files (lb_job_add_file), write message */
};
int lb_job_add_file(struct lb_job_run *jr, const char *path, lb_err *e);

/* fn runs on the job's thread with its own connection to db_path; its
 * non-zero return fails the job with e's message as detail and why (a
 * literal in Bahasa Indonesia, or NULL) as message. */
typedef int (*lb_job_fn)(lb_db *db, void *arg, struct lb_job_run *jr, const char **why, lb_err *e);

/* Start a job: LB_ERULE while another runs ("one at a time"), LB_ESYS
 * when its folder or thread cannot be made. *id receives its number. */
int lb_jobs_start(const char *db_path, int64_t user_id, const char *title, lb_job_fn fn, void *arg,
		  void (*free_arg)(void *), int *id, lb_err *e);
/* A job's state: 1 when found. */
int lb_jobs_get(int id, struct lb_job_info *out);
/* Each kept job, newest first. */
void lb_jobs_each(void (*fn)(void *arg, const struct lb_job_info *j), void *arg);

#endif
