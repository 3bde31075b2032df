/*
 * list.h — the one skeleton of every list command: --format, the
 * columns, a function that writes the rows, and closing the output
 * whether the rows failed or not. The rows come from a module's query
 * (an each-function); only the rendering lives in cli/.
 *
 * Memory: the lb_out is opened and closed here; fill only writes rows.
 */
#ifndef LB_CLI_LIST_H
#define LB_CLI_LIST_H

#include "core/cli.h"
#include "core/output.h"

/* The input of a command that takes only --format. */
struct lb_list_in {
	const char *format;
};
/* Its declared parameters (--format table|csv|json). */
extern const struct lb_param lb_list_params[];

typedef int (*lb_list_fill)(struct lb_ctx *ctx, lb_out *out, void *arg);

/* Parse format among allowed (LB_FMT_* mask, table the default), open
 * ctx->out with cols, call fill, close. */
int lb_cli_list(struct lb_ctx *ctx, const char *format, int allowed, const struct lb_col *cols,
		int ncols, lb_list_fill fill, void *arg);

#endif
