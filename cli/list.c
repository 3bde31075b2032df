/*
 * list.c — the list and show commands' skeletons. See list.h.
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
	struct lb_rdoc_opts o = { .out = ctx->out, .shape = LB_DOC_LIST };
	enum lb_fmt fmt;
	lb_rdoc *d;
	int rc;

	if ((rc = lb_fmt_parse(format, allowed, LB_FMT_TABLE, &fmt, &ctx->err)))
		return rc;
	o.fmt = (int)fmt;
	if ((rc = lb_rdoc_open(&d, &o, &ctx->err)))
		return rc;
	if ((rc = lb_rdoc_list(d, cols, ncols, &ctx->err))) {
		lb_rdoc_discard(d);
		return rc;
	}
	rc = fill(ctx, d, arg);
	/* A failed fill keeps its own message; closing still writes the
	 * rows so far and frees. */
	if (lb_rdoc_close(d, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	return rc;
}

int lb_cli_record(struct lb_ctx *ctx, int label_width, int colon, lb_rdoc **d)
{
	const struct lb_rdoc_opts o = { .fmt = LB_FMT_TABLE, .out = ctx->out, .shape = LB_DOC_RECORD,
					.label_width = label_width, .label_colon = colon };

	return lb_rdoc_open(d, &o, &ctx->err);
}

int lb_cli_record_end(struct lb_ctx *ctx, lb_rdoc *d, int rc)
{
	if (lb_rdoc_close(d, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	return rc;
}
