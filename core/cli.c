/*
 * cli.c — option parsing. See cli.h.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lb_strv_free(struct lb_strv *s)
{
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

int lb_strv_push(struct lb_strv *s, const char *p, lb_err *e)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		const char **v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return lb_oom(e);
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = p;
	return LB_OK;
}

int lb_args_want_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

static const struct lb_opt *find_long(const struct lb_opt *opts, const char *name, size_t len)
{
	for (const struct lb_opt *o = opts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static const struct lb_opt *find_short(const struct lb_opt *opts, char c)
{
	for (const struct lb_opt *o = opts; o && o->name; o++)
		if (o->shortc && o->shortc == c)
			return o;
	return NULL;
}

int lb_args(const char *cmdname, int argc, char **argv, const struct lb_opt *opts,
	    struct lb_strv *pos, int minpos, int maxpos, lb_err *e)
{
	struct lb_strv dummy = { 0 };
	struct lb_strv *p = pos ? pos : &dummy;
	int only_pos = 0, rc = LB_OK;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct lb_opt *o = NULL;
		const char *val = NULL;
		char shown[64];

		if (only_pos || a[0] != '-' || a[1] == '\0' ||
		    (a[1] >= '0' && a[1] <= '9')) { /* "-" (stdin) and "-5" are values */
			if ((rc = lb_strv_push(p, a, e)))
				goto done;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
			o = find_long(opts, a + 2, len);
			if (eq)
				val = eq + 1;
			snprintf(shown, sizeof shown, "--%.*s", (int)len, a + 2);
		} else if (a[2] == '\0') {
			o = find_short(opts, a[1]);
			snprintf(shown, sizeof shown, "-%c", a[1]);
		} else {
			snprintf(shown, sizeof shown, "%.60s", a);
		}
		if (!o) {
			rc = lb_fail(e, LB_EINPUT, "%s: unknown option '%s' (see 'lumbung %s --help')",
				     cmdname, shown, cmdname);
			goto done;
		}
		if (o->kind == LB_OPT_FLAG) {
			if (val) {
				rc = lb_fail(e, LB_EINPUT, "%s: option '%s' takes no value", cmdname, shown);
				goto done;
			}
			*(int *)o->target = 1;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc) {
				rc = lb_fail(e, LB_EINPUT, "%s: option '%s' needs a value", cmdname, shown);
				goto done;
			}
			val = argv[++i];
		}
		if (o->kind == LB_OPT_STR) {
			const char **t = o->target;
			if (*t) {
				rc = lb_fail(e, LB_EINPUT, "%s: option '%s' given twice", cmdname, shown);
				goto done;
			}
			*t = val;
		} else if ((rc = lb_strv_push(o->target, val, e))) {
			goto done;
		}
	}
	if ((int)p->n < minpos) {
		rc = lb_fail(e, LB_EINPUT, "%s: missing argument (see 'lumbung %s --help')", cmdname, cmdname);
		goto done;
	}
	if (maxpos >= 0 && (int)p->n > maxpos) {
		rc = lb_fail(e, LB_EINPUT, "%s: unexpected argument '%s' (see 'lumbung %s --help')", cmdname,
			     p->v[maxpos], cmdname);
		goto done;
	}
done:
	lb_strv_free(&dummy);
	return rc;
}

int lb_require(const char *cmdname, const char *opt, const char *val, lb_err *e)
{
	if (!val)
		return lb_fail(e, LB_EINPUT, "%s: option '%s' is required (see 'lumbung %s --help')",
			       cmdname, opt, cmdname);
	return LB_OK;
}

/* ---- declared parameters ---- */

static void *field(void *in, const struct lb_param *p)
{
	return (char *)in + p->offset;
}

static int count_params(const struct lb_param *ps)
{
	int n = 0;
	while (ps[n].name)
		n++;
	return n;
}

static int check_required(const struct lb_cmd *c, const char *cmdname, void *in, lb_err *e)
{
	for (const struct lb_param *p = c->params; p->name; p++) {
		char opt[64];
		if (!(p->flags & LB_P_REQUIRED) || p->kind == LB_P_ARG || p->kind == LB_P_ARGS)
			continue;
		if (p->kind == LB_P_STR && *(const char **)field(in, p))
			continue;
		if (p->kind == LB_P_LIST && ((struct lb_strv *)field(in, p))->n)
			continue;
		if (p->kind == LB_P_FLAG)
			continue;
		/* named as the synopsis shows it: -o, --program */
		if (p->shortc)
			snprintf(opt, sizeof opt, "-%c", p->shortc);
		else
			snprintf(opt, sizeof opt, "--%s", p->name);
		return lb_require(cmdname, opt, NULL, e);
	}
	return LB_OK;
}

/* Hand the positional arguments to the ARG fields in order, the rest to
 * an ARGS field. */
static int place_args(const struct lb_cmd *c, struct lb_strv *pos, void *in, lb_err *e)
{
	size_t next = 0;
	for (const struct lb_param *p = c->params; p->name; p++) {
		if (p->kind == LB_P_ARG && next < pos->n)
			*(const char **)field(in, p) = pos->v[next++];
		else if (p->kind == LB_P_ARGS)
			while (next < pos->n) {
				int rc = lb_strv_push(field(in, p), pos->v[next++], e);
				if (rc)
					return rc;
			}
	}
	return LB_OK;
}

int lb_params_argv(const struct lb_cmd *c, const char *cmdname, int argc, char **argv, void *in,
		   lb_err *e)
{
	int n = count_params(c->params), nopt = 0, minpos = 0, maxpos = 0, rc;
	struct lb_opt *opts = calloc((size_t)n + 1, sizeof *opts);
	struct lb_strv pos = { 0 };

	if (!opts)
		return lb_oom(e);
	for (const struct lb_param *p = c->params; p->name; p++) {
		switch (p->kind) {
		case LB_P_ARG:
			if (p->flags & LB_P_REQUIRED)
				minpos++;
			if (maxpos >= 0)
				maxpos++;
			break;
		case LB_P_ARGS:
			if (p->flags & LB_P_REQUIRED)
				minpos++;
			maxpos = -1;
			break;
		default:
			opts[nopt].name = p->name;
			opts[nopt].shortc = p->shortc;
			opts[nopt].kind = p->kind == LB_P_FLAG ? LB_OPT_FLAG
					  : p->kind == LB_P_STR ? LB_OPT_STR : LB_OPT_LIST;
			opts[nopt].target = field(in, p);
			nopt++;
		}
	}
	rc = lb_args(cmdname, argc, argv, opts, &pos, minpos, maxpos, e);
	if (!rc)
		rc = place_args(c, &pos, in, e);
	if (!rc)
		rc = check_required(c, cmdname, in, e);
	lb_strv_free(&pos);
	free(opts);
	return rc;
}

int lb_params_form(const struct lb_cmd *c, const char *cmdname, lb_param_get get, void *src,
		   void *in, lb_err *e)
{
	int rc;

	for (const struct lb_param *p = c->params; p->name; p++) {
		const char *v;
		switch (p->kind) {
		case LB_P_FLAG:
			v = get(src, p->name, 0);
			*(int *)field(in, p) = v && *v && strcmp(v, "0") != 0;
			break;
		case LB_P_STR:
		case LB_P_ARG:
			v = get(src, p->name, 0);
			*(const char **)field(in, p) = v && *v ? v : NULL;
			if ((p->flags & LB_P_REQUIRED) && p->kind == LB_P_ARG && !(v && *v))
				return lb_fail(e, LB_EINPUT, "%s: %s is required", cmdname,
					       p->label ? p->label : p->name);
			break;
		default:
			for (size_t i = 0; (v = get(src, p->name, i)); i++)
				if (*v && (rc = lb_strv_push(field(in, p), v, e)))
					return rc;
		}
	}
	return check_required(c, cmdname, in, e);
}

void lb_params_release(const struct lb_cmd *c, void *in)
{
	if (!c->params || !in)
		return;
	for (const struct lb_param *p = c->params; p->name; p++)
		if (p->kind == LB_P_LIST || p->kind == LB_P_ARGS)
			lb_strv_free(field(in, p));
}

/* One synopsis word: "--qty Q", "[--expiry YYYY-MM-DD]", "[--pack NAME ...]". */
static void synopsis_word(const struct lb_param *p, char *out, size_t n)
{
	char meta[48], opt[64];
	int req = p->flags & LB_P_REQUIRED;
	size_t i;

	if (p->meta) {
		snprintf(meta, sizeof meta, "%s", p->meta);
	} else {
		for (i = 0; i + 1 < sizeof meta && p->name[i]; i++) {
			char ch = p->name[i];
			meta[i] = ch == '-' ? '_' : (ch >= 'a' && ch <= 'z') ? (char)(ch - 'a' + 'A') : ch;
		}
		meta[i] = '\0';
	}
	if (p->kind == LB_P_ARG || p->kind == LB_P_ARGS) {
		snprintf(out, n, req ? "%s%s" : "[%s%s]", p->name, p->kind == LB_P_ARGS ? " ..." : "");
		return;
	}
	if (p->shortc)
		snprintf(opt, sizeof opt, "-%c", p->shortc);
	else
		snprintf(opt, sizeof opt, "--%s", p->name);
	if (p->kind == LB_P_FLAG)
		snprintf(out, n, "[%s]", opt);
	else
		snprintf(out, n, req ? "%s %s%s" : "[%s %s%s]", opt, meta, p->kind == LB_P_LIST ? " ..." : "");
}

void lb_params_usage(const struct lb_cmd *c, FILE *f)
{
	char head[96], word[160];
	size_t col, indent;

	snprintf(head, sizeof head, "usage: lumbung %s%s%s", c->name, c->sub ? " " : "",
		 c->sub ? c->sub : "");
	fputs(head, f);
	col = indent = strlen(head) + 1;
	for (const struct lb_param *p = c->params; p->name; p++) {
		size_t len;
		synopsis_word(p, word, sizeof word);
		len = strlen(word);
		if (col + len > 79 && col > indent) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else {
			fputc(' ', f);
			col++;
		}
		fputs(word, f);
		col += len;
	}
	fputc('\n', f);
	if (c->usage && *c->usage) {
		fputc('\n', f);
		fputs(c->usage, f);
	}
}
