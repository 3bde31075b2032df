/*
 * list.c — the list commands' skeleton. See list.h.
 */
#include "cli/list.h"

#include <stddef.h>

const struct lb_param lb_list_params[] = {
	{ "format", 0, LB_P_STR, 0, offsetof(struct lb_list_in, format), "table|csv|json", NULL },
	LB_PARAM_END,
};

int lb_cli_list(struct lb_ctx *ctx, const char *format, int allowed, const struct lb_col *cols,
		int ncols, lb_list_fill fill, void *arg)
{
	enum lb_fmt fmt;
	lb_out *out;
	int rc;

	if ((rc = lb_fmt_parse(format, allowed, LB_FMT_TABLE, &fmt, &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, fmt, cols, ncols, &out, &ctx->err)))
		return rc;
	rc = fill(ctx, out, arg);
	/* A failed fill keeps its own message; closing still frees. */
	if (lb_out_close(out, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	return rc;
}
