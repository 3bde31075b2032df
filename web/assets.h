/*
 * assets.h — the style sheet and the little script, embedded in the
 * binary: offices have poor connections and nothing is fetched from
 * outside. Served under /static/NAME by exact name only.
 */
#ifndef LB_WEB_ASSETS_H
#define LB_WEB_ASSETS_H

#include <stddef.h>

struct lb_asset {
	const char *name; /* "lumbung.css" */
	const char *type; /* Content-Type */
	const char *data;
};

/* The asset called name, or NULL. */
const struct lb_asset *lb_asset_find(const char *name);

#endif
