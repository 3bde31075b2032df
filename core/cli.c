/*
 * cli.c — option parsing. See cli.h.
 */
#include "cli.h"

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
