/*
 * form.c — forms from declarations. See form.h.
 */
#include "web/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/session.h"

static lb_web_lookup lookup;

void lb_web_set_registry(lb_web_lookup find_web)
{
	lookup = find_web;
}

const struct lb_cmd *lb_web_command(const char *path)
{
	return lookup ? lookup(path) : NULL;
}

/* The i-th value of name among the posted fields. */
static const char *form_get(void *src, const char *name, size_t i)
{
	const struct lb_form *f = src;
	for (size_t k = 0; k < f->n; k++)
		if (strcmp(f->v[k].name, name) == 0 && i-- == 0)
			return f->v[k].value;
	return NULL;
}

int lb_web_fill(struct lb_req *q, const struct lb_cmd *c, void *in)
{
	char words[64];

	snprintf(words, sizeof words, "%s%s%s", c->name, c->sub ? " " : "", c->sub ? c->sub : "");
	return lb_params_form(c, words, form_get, &q->form, in, &q->err);
}

void lb_web_op(struct lb_req *q, const struct lb_cmd *c, struct lb_op *op)
{
	char words[64];

	snprintf(words, sizeof words, "%s%s%s", c->name, c->sub ? " " : "", c->sub ? c->sub : "");
	lb_op_init(op, q->db, q->user.name);
	op->address = q->address;
	lb_op_audit(op, words);
}

/* A value holding a NIK (or a KK number: 16 digits in a row) is not put
 * back into a form shown again: the NIK is never echoed on a page it
 * was not asked for (UU PDP 27/2022); the person types it again. */
static int holds_nik(const char *v)
{
	int run = 0;
	for (; v && *v; v++) {
		run = (*v >= '0' && *v <= '9') ? run + 1 : 0;
		if (run >= 16)
			return 1;
	}
	return 0;
}

/* Dates get the browser's date picker; everything else is text. */
static const char *input_type(const struct lb_param *p)
{
	if (p->kind == LB_P_FLAG)
		return "checkbox";
	if (p->meta && strcmp(p->meta, "YYYY-MM-DD") == 0)
		return "date";
	return "text";
}

/* A metavariable listing the values ("mampu|pindah|meninggal") is a
 * choice: a <select>, so nobody types a word the operation refuses. */
static int is_choice(const char *meta)
{
	if (!meta || !strchr(meta, '|'))
		return 0;
	for (const char *c = meta; *c; c++)
		if (!(*c == '|' || *c == '-' || *c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
			return 0;
	return 1;
}

static int choice(struct lb_req *q, struct lb_resp *r, const struct lb_param *p, const char *v)
{
	lb_err *e = &q->err;
	const char *c = p->meta;
	int rc;

	if ((rc = lb_html_raw(r, "<select name=\"", e)) || (rc = lb_html_text(r, p->name, e)) ||
	    (rc = lb_html_raw(r, (p->flags & LB_P_REQUIRED) ? "\" required><option value=\"\">— pilih —</option>"
							  : "\"><option value=\"\">—</option>", e)))
		return rc;
	while (*c) {
		size_t n = strcspn(c, "|");
		char word[64];
		snprintf(word, sizeof word, "%.*s", (int)n, c);
		if ((rc = lb_html_raw(r, "<option value=\"", e)) || (rc = lb_html_text(r, word, e)) ||
		    (rc = lb_html_raw(r, v && strcmp(v, word) == 0 ? "\" selected>" : "\">", e)) ||
		    (rc = lb_html_text(r, word, e)) || (rc = lb_html_raw(r, "</option>", e)))
			return rc;
		c += n;
		if (*c == '|')
			c++;
	}
	return lb_html_raw(r, "</select>", e);
}

static int field(struct lb_req *q, struct lb_resp *r, const struct lb_param *p, const char *v, int req)
{
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<input name=\"", e)) || (rc = lb_html_text(r, p->name, e)) ||
	    /* a page may offer choices in <datalist id="dl-NAME"> */
	    (rc = lb_html_raw(r, "\" list=\"dl-", e)) || (rc = lb_html_text(r, p->name, e)) ||
	    (rc = lb_html_raw(r, "\" type=\"", e)) || (rc = lb_html_raw(r, input_type(p), e)))
		return rc;
	if (p->kind == LB_P_FLAG)
		return lb_html_raw(r, v && *v ? "\" value=\"1\" checked>" : "\" value=\"1\">", e);
	if ((rc = lb_html_raw(r, "\" value=\"", e)) || (rc = lb_html_text(r, v ? v : "", e)))
		return rc;
	return lb_html_raw(r, req ? "\" required>" : "\">", e);
}

int lb_web_form(struct lb_req *q, struct lb_resp *r, const struct lb_cmd *c, const char *button,
		const char *extra)
{
	lb_err *e = &q->err;
	int rc;

	if ((rc = lb_html_raw(r, "<form method=\"post\" class=\"op\" action=\"", e)) ||
	    (rc = lb_html_text(r, c->web, e)) || (rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_csrf(q, r)))
		return rc;
	for (const struct lb_param *p = c->params; p->name; p++) {
		const char *v = lb_form_get(&q->form, p->name);
		int req = (p->flags & LB_P_REQUIRED) != 0;
		if (holds_nik(v))
			v = NULL;
		if (!p->label && strcmp(p->name, "id") == 0 && p->kind == LB_P_STR) {
			/* The command's posting key: fresh in every form drawn, so
			 * a double click or a form sent again posts once; a form
			 * shown again after a refusal keeps the key it was sent
			 * with (nothing was posted under it). */
			char key[LB_TOKEN_HEX + 1];
			lb_token_new(key);
			key[32] = 0;
			if ((rc = lb_html_raw(r, "<input type=\"hidden\" name=\"id\" value=\"", e)) ||
			    (rc = lb_html_text(r, v ? v : "web-", e)) || (!v && (rc = lb_html_raw(r, key, e))) ||
			    (rc = lb_html_raw(r, "\">", e)))
				return rc;
			continue;
		}
		if (!p->label)
			continue;
		if ((rc = lb_html_raw(r, "<label><span>", e)) || (rc = lb_html_text(r, p->label, e)) ||
		    (rc = lb_html_raw(r, req ? " <span class=\"req\">*</span></span>" : "</span>", e)))
			return rc;
		if (p->kind != LB_P_FLAG && is_choice(p->meta))
			rc = choice(q, r, p, v);
		else
			rc = field(q, r, p, v, req);
		if (rc || (rc = lb_html_raw(r, "</label>", e)))
			return rc;
	}
	if (extra && (rc = lb_html_raw(r, extra, e)))
		return rc;
	if ((rc = lb_html_raw(r, "<button type=\"submit\">", e)) || (rc = lb_html_text(r, button, e)) ||
	    (rc = lb_html_raw(r, "</button></form>", e)))
		return rc;
	return LB_OK;
}

int lb_web_form_page(struct lb_req *q, struct lb_resp *r, const struct lb_cmd *c, const char *title,
		     const char *intro, const char *button, const char *extra, int failed)
{
	lb_err *e = &q->err;
	lb_err detail = q->err;
	int rc;

	if (failed)
		r->status = lb_html_error_status(failed == LB_ERULE ? LB_WE_RULE : LB_WE_INPUT);
	if ((rc = lb_html_begin(q, r, title)))
		return rc;
	if (failed) {
		const char *what = q->why ? q->why
				   : failed == LB_ERULE ? "Permintaan ini ditolak oleh aturan program; tidak ada yang dicatat."
							: "Isian formulir belum benar; tidak ada yang dicatat.";
		if ((rc = lb_html_raw(r, "<div class=\"galat\"><p class=\"apa\"><b>Apa yang terjadi:</b> ", e)) ||
		    (rc = lb_html_text(r, what, e)) ||
		    (rc = lb_html_raw(r, "</p><p class=\"saran\"><b>Yang dapat Anda lakukan:</b> "
					 "periksa isian di bawah, perbaiki, lalu kirim lagi.</p></div>", e)) ||
		    (rc = lb_html_raw(r, "<p class=\"rinci\">Rincian teknis (untuk admin): ", e)) ||
		    (rc = lb_html_text(r, detail.msg, e)) || (rc = lb_html_raw(r, "</p>", e)))
			return rc;
	}
	if (intro && ((rc = lb_html_raw(r, "<p>", e)) || (rc = lb_html_text(r, intro, e)) ||
		      (rc = lb_html_raw(r, "</p>", e))))
		return rc;
	if ((rc = lb_web_form(q, r, c, button, extra)))
		return rc;
	return lb_html_end(q, r);
}

int lb_web_op_page(struct lb_req *q, struct lb_resp *r, const struct lb_web_op *w)
{
	const struct lb_cmd *c = lb_web_command(w->path);
	lb_err *e = &q->err;
	lb_buf extra;
	char done[512];
	struct lb_op op;
	void *in;
	int rc, failed = 0;

	if (!c)
		return lb_fail(e, LB_ESYS, "no declared command for %s", w->path);
	lb_buf_init(&extra);
	if ((w->before && (rc = w->before(q, &extra))) || (w->choices && (rc = w->choices(q, &extra)))) {
		lb_buf_release(&extra);
		return rc;
	}
	if (strcmp(q->method, "POST") == 0) {
		if (!(in = calloc(1, c->in_size))) {
			lb_buf_release(&extra);
			return lb_oom(e);
		}
		lb_web_op(q, c, &op);
		done[0] = 0;
		rc = lb_web_fill(q, c, in);
		if (!rc)
			rc = w->run(q, &op, in, done, sizeof done);
		lb_op_release(&op);
		lb_params_release(c, in);
		free(in);
		if (rc == LB_OK) {
			lb_buf_release(&extra);
			if ((rc = lb_html_begin(q, r, w->title)) || (rc = lb_html_raw(r, "<p class=\"berhasil\">", e)) ||
			    (rc = lb_html_text(r, done, e)) || (rc = lb_html_raw(r, "</p><p><a href=\"", e)) ||
			    (rc = lb_html_text(r, w->again ? w->again : w->path, e)) ||
			    (rc = lb_html_raw(r, "\">Isi formulir lagi</a>", e)))
				return rc;
			if (w->back && ((rc = lb_html_raw(r, " · <a href=\"", e)) || (rc = lb_html_text(r, w->back, e)) ||
					(rc = lb_html_raw(r, "\">", e)) || (rc = lb_html_text(r, w->back_label, e)) ||
					(rc = lb_html_raw(r, "</a>", e))))
				return rc;
			if ((rc = lb_html_raw(r, "</p>", e)))
				return rc;
			return lb_html_end(q, r);
		}
		if (rc != LB_EINPUT && rc != LB_ERULE) {
			lb_buf_release(&extra);
			return rc;
		}
		failed = rc;
	}
	rc = lb_web_form_page(q, r, c, w->title, w->intro, w->button, extra.data, failed);
	lb_buf_release(&extra);
	return rc;
}
