/*
 * list.h — the skeletons of list and show commands. A list: --format, the
 * columns, a function that writes the rows, and closing the document
 * whether the rows failed or not. The rows come from a module's query
 * (an each-function) and go into a list document (doc/rdoc.h,
 * LB_DOC_LIST) with lb_rdoc_cells; only the rendering lives in cli/.
 *
 * A show command writes fields and paragraph lines into a record
 * document opened by lb_cli_record and closed by lb_cli_record_end.
 *
 * Memory: the document is opened and closed here; fill only writes rows
 * (and may end with a paragraph, a line under the text table).
 */
#ifndef LB_CLI_LIST_H
#define LB_CLI_LIST_H

#include "core/cli.h"
#include "core/output.h"
#include "doc/rdoc.h"

/* The input of a command that takes only --format. */
struct lb_list_in {
	const char *format;
};
/* Its declared parameters (--format table|csv|json). */
extern const struct lb_param lb_list_params[];

typedef int (*lb_list_fill)(struct lb_ctx *ctx, lb_rdoc *out, void *arg);

/* Parse format among allowed (LB_FMT_* mask, table the default), open a
 * list document on ctx->out with cols, call fill, close. */
int lb_cli_list(struct lb_ctx *ctx, const char *format, int allowed, const struct lb_col *cols,
		int ncols, lb_list_fill fill, void *arg);

/* A show command's record document (LB_DOC_RECORD) on ctx->out, as a
 * table: values at label_width, "label:" with colon. */
int lb_cli_record(struct lb_ctx *ctx, int label_width, int colon, lb_rdoc **d);
/* Close d after writing it returned rc: on a failure what was shown stays
 * shown and rc (with its message) is kept. Returns the command's status. */
int lb_cli_record_end(struct lb_ctx *ctx, lb_rdoc *d, int rc);

#endif
