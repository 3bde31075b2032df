/*
 * progress.c — the progress line on stderr for long commands (core/
 * progress.h): rows read by an import, or that a long statement is still
 * running, with the seconds elapsed. Only when stderr is a terminal, and
 * not in the first second, so that quick commands, scripts and tests see
 * exactly what they saw before; redrawn at most four times a second; the
 * line is cleared before the command's own output ends.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/progress.h"
#include "core/sheet.h"

static struct {
	double start, last, last_rows;
	int shown;
	const char *cmd;
} pl;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw(void *arg, const char *what, long long done, long long total)
{
	double t = now();

	if (t - pl.start < 1.0 || t - pl.last < 0.25)
		return;
	/* Counted rows say more than "working": keep them while they come. */
	if (done < 0 && t - pl.last_rows < 2.0)
		return;
	if (done >= 0)
		pl.last_rows = t;
	pl.last = t;
	pl.shown = 1;
	if (done < 0)
		fprintf(stderr, "\r\033[Klumbung %s: working... %.0f s", pl.cmd, t - pl.start);
	else if (total > 0)
		fprintf(stderr, "\r\033[Klumbung %s: %lld of %lld (%lld%%), %.0f s", pl.cmd, done, total,
			done * 100 / total, t - pl.start);
	else
		fprintf(stderr, "\r\033[Klumbung %s: %lld rows of '%s', %.0f s", pl.cmd, done, what,
			t - pl.start);
	fflush(stderr);
}

static const struct lb_progress line = { draw, NULL };

void lb_cli_progress_start(struct lb_ctx *ctx, const char *cmdname)
{
	if (!isatty(STDERR_FILENO))
		return;
	pl.start = now();
	pl.cmd = cmdname;
	lb_sheet_set_progress(&line);
	if (ctx->db)
		lb_db_set_progress(ctx->db, &line, cmdname);
}

void lb_cli_progress_clear(void)
{
	if (pl.shown) {
		fputs("\r\033[K", stderr);
		pl.shown = 0;
		pl.last = now(); /* the message stays readable a moment */
	}
}

void lb_cli_progress_end(struct lb_ctx *ctx)
{
	if (ctx->db)
		lb_db_set_progress(ctx->db, NULL, NULL);
	lb_sheet_set_progress(NULL);
	if (pl.shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		pl.shown = 0;
	}
}
