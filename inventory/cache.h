/*
 * cache.h — a bounded map from byte-string keys to fixed-size records,
 * for the lookups a bulk import repeats a million times (item, location
 * and lot by code; a location's kind by id).
 *
 * It is a cache, not a store: when it holds max entries it empties itself
 * before taking the next one, so that memory stays bounded whatever the
 * size of the input; a miss just costs one database lookup.
 *
 * Memory: the cache owns its entries (one allocation each, key and value
 * together). A pointer returned by lb_cache_get or lb_cache_put stays valid
 * until the next lb_cache_put or lb_cache_release on that cache.
 */
#ifndef LB_CACHE_H
#define LB_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

struct lb_cache_slot;

struct lb_cache {
	size_t vsize;  /* bytes of one value */
	size_t max;    /* entries held before it empties itself */
	size_t n;      /* entries held */
	size_t mask;   /* slots - 1; slots is a power of two, 0 before the first put */
	struct lb_cache_slot *slots;
};

void lb_cache_init(struct lb_cache *c, size_t vsize, size_t max);
void lb_cache_release(struct lb_cache *c);
void lb_cache_clear(struct lb_cache *c);

/* The value stored under key, or NULL. */
void *lb_cache_get(const struct lb_cache *c, const void *key, size_t klen);

/* A zeroed value slot for key (replacing any value it had), for the
 * caller to fill; NULL with e filled when out of memory. When the cache
 * is full this first empties it: a caller keeping state that must not be
 * lost (write-back) checks lb_cache_full and saves it before. */
void *lb_cache_put(struct lb_cache *c, const void *key, size_t klen, lb_err *e);

static inline int lb_cache_full(const struct lb_cache *c)
{
	return c->n >= c->max;
}

/* Call fn for every entry, in no particular order; fn must not put. A
 * non-zero return from fn stops the walk and is returned. */
typedef int (*lb_cache_fn)(void *arg, const void *key, size_t klen, void *val, lb_err *e);
int lb_cache_each(struct lb_cache *c, lb_cache_fn fn, void *arg, lb_err *e);

#endif
