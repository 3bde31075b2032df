/*
 * cache.c — open addressing with linear probing. See cache.h.
 *
 * Entries are never deleted one by one (only all at once), so probing
 * needs no tombstones.
 */
#include "inventory/cache.h"

#include <stdlib.h>
#include <string.h>

struct lb_cache_slot {
	uint64_t hash;
	size_t klen;
	unsigned char *entry; /* NULL: empty; else value (aligned) then key */
};

/* Values hold int64_t and pointers; keep them aligned for both. */
#define VALIGN 16

static uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t value_bytes(const struct lb_cache *c)
{
	return (c->vsize + VALIGN - 1) / VALIGN * VALIGN;
}

void lb_cache_init(struct lb_cache *c, size_t vsize, size_t max)
{
	memset(c, 0, sizeof *c);
	c->vsize = vsize;
	c->max = max < 8 ? 8 : max;
}

void lb_cache_clear(struct lb_cache *c)
{
	if (!c->slots)
		return;
	for (size_t i = 0; i <= c->mask; i++) {
		free(c->slots[i].entry);
		c->slots[i].entry = NULL;
	}
	c->n = 0;
}

void lb_cache_release(struct lb_cache *c)
{
	lb_cache_clear(c);
	free(c->slots);
	c->slots = NULL;
	c->mask = 0;
}

static struct lb_cache_slot *find(const struct lb_cache *c, const void *key, size_t klen, uint64_t h)
{
	size_t i = (size_t)h & c->mask;

	for (;;) {
		struct lb_cache_slot *s = &c->slots[i];
		if (!s->entry)
			return s;
		if (s->hash == h && s->klen == klen &&
		    memcmp(s->entry + value_bytes(c), key, klen) == 0)
			return s;
		i = (i + 1) & c->mask;
	}
}

void *lb_cache_get(const struct lb_cache *c, const void *key, size_t klen)
{
	struct lb_cache_slot *s;

	if (!c->slots)
		return NULL;
	s = find(c, key, klen, fnv1a(key, klen));
	return s->entry ? s->entry : NULL;
}

void *lb_cache_put(struct lb_cache *c, const void *key, size_t klen, lb_err *e)
{
	uint64_t h = fnv1a(key, klen);
	struct lb_cache_slot *s;
	unsigned char *entry;

	if (!c->slots) {
		/* Twice max slots: the table is never more than half full. */
		size_t slots = 16;
		while (slots < 2 * c->max)
			slots *= 2;
		if (!(c->slots = calloc(slots, sizeof *c->slots))) {
			lb_oom(e);
			return NULL;
		}
		c->mask = slots - 1;
	}
	s = find(c, key, klen, h);
	if (s->entry) {
		memset(s->entry, 0, c->vsize);
		return s->entry;
	}
	if (c->n >= c->max) {
		lb_cache_clear(c);
		s = find(c, key, klen, h);
	}
	if (!(entry = calloc(1, value_bytes(c) + klen + 1))) {
		lb_oom(e);
		return NULL;
	}
	memcpy(entry + value_bytes(c), key, klen);
	s->hash = h;
	s->klen = klen;
	s->entry = entry;
	c->n++;
	return entry;
}

int lb_cache_each(struct lb_cache *c, lb_cache_fn fn, void *arg, lb_err *e)
{
	int rc;

	if (!c->slots)
		return LB_OK;
	for (size_t i = 0; i <= c->mask; i++) {
		struct lb_cache_slot *s = &c->slots[i];
		if (s->entry && (rc = fn(arg, s->entry + value_bytes(c), s->klen, s->entry, e)))
			return rc;
	}
	return LB_OK;
}
