/*
 * form.h — web forms from the registry's declarations. A command that
 * declares its parameters (core/cli.h) and names a web path gets its
 * form drawn from the same declaration the command line parses, and the
 * posted form fills the same input struct, so the web page calls the
 * operation with exactly what `lumbung CMD --help` documents.
 *
 * The command registry lives above the web (cli/registry.c); the
 * dispatcher hands its lookup in with lb_web_set_registry before any
 * command runs, so web/ never includes cli/.
 *
 * Memory: lb_web_fill's lists are owned by in and freed with
 * lb_params_release; everything else borrows the request's form.
 */
#ifndef LB_WEB_FORM_H
#define LB_WEB_FORM_H

#include "core/cli.h"
#include "core/op.h"
#include "web/pages.h"

typedef const struct lb_cmd *(*lb_web_lookup)(const char *path);
void lb_web_set_registry(lb_web_lookup find_web);
/* The declared command whose web page is path, or NULL. */
const struct lb_cmd *lb_web_command(const char *path);

/* Draw c's form posting to its web path: the CSRF field, one labelled
 * field per parameter with a label (prefilled from q->form when the form
 * is shown again), and a submit button. extra (trusted markup, may be
 * NULL) goes before the button: datalists, a hint. */
int lb_web_form(struct lb_req *q, struct lb_resp *r, const struct lb_cmd *c, const char *button,
		const char *extra);

/* Fill c's input struct (zeroed, c->in_size) from the posted form. */
int lb_web_fill(struct lb_req *q, const struct lb_cmd *c, void *in);

/* A whole form page: title, an introduction (Indonesian, escaped; may
 * be NULL), and when failed is not LB_OK the reason it was refused above
 * the form, which keeps what was typed so the person corrects, not
 * retypes: why (Indonesian) or the refusal's own sentence, then the
 * module's message as "Rincian teknis". */
int lb_web_form_page(struct lb_req *q, struct lb_resp *r, const struct lb_cmd *c, const char *title,
		     const char *intro, const char *button, const char *extra, int failed);

/*
 * A page that is one declared command's form and its operation: GET
 * shows the form, POST fills the input struct, runs the operation as
 * the logged-in user (audited) and shows the result, or the form again
 * with what was typed and why it was refused. Each page supplies only
 * what differs: words, how to call its operation and say what it did.
 */
struct lb_web_op {
	const char *path;   /* the command's web path */
	const char *title, *intro, *button;
	/* Run the operation on in (c->in_size, filled); on LB_OK write what
	 * was done, in Bahasa Indonesia, into done. */
	int (*run)(struct lb_req *q, struct lb_op *op, void *in, char *done, size_t n);
	/* Optional: markup shown above the form (what a reversal reverses),
	 * and choices for the form (datalists), both appended to b. */
	int (*before)(struct lb_req *q, lb_buf *b);
	int (*choices)(struct lb_req *q, lb_buf *b);
	const char *again, *back, *back_label; /* links after success */
};
int lb_web_op_page(struct lb_req *q, struct lb_resp *r, const struct lb_web_op *w);

/* An operation context for the logged-in user, audited as c's words. */
void lb_web_op(struct lb_req *q, const struct lb_cmd *c, struct lb_op *op);

#endif
