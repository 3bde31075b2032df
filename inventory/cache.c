/*
 * cache.c — open addressing with linear probing. See cache.h.
 *
 * Entries are never deleted one by one (only all at once), so probing
 * needs no tombstones.
 *
 * The slot array starts small and doubles as entries arrive, up to twice
 * max: a journal session opened for one posting (every stock command,
 * every redemption) then allocates and walks a few hundred bytes instead
 * of the full table its bulk imports may need.
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

/* Twice max slots at most: the table is never more than half full. */
static size_t max_slots(const struct lb_cache *c)
{
	size_t slots = 16;

	while (slots < 2 * c->max)
		slots *= 2;
	return slots;
}

/* Double the slot array and place every entry again (entries stay
 * where they are in memory, so pointers to them stay valid). */
static int grow(struct lb_cache *c, lb_err *e)
{
	size_t slots = 2 * (c->mask + 1);
	struct lb_cache_slot *old = c->slots, *p = calloc(slots, sizeof *p);
	size_t oldn = c->mask + 1;

	if (!p)
		return lb_oom(e);
	c->slots = p;
	c->mask = slots - 1;
	for (size_t i = 0; i < oldn; i++) {
		size_t j;
		if (!old[i].entry)
			continue;
		for (j = (size_t)old[i].hash & c->mask; p[j].entry; j = (j + 1) & c->mask)
			;
		p[j] = old[i];
	}
	free(old);
	return LB_OK;
}

void *lb_cache_put(struct lb_cache *c, const void *key, size_t klen, lb_err *e)
{
	uint64_t h = fnv1a(key, klen);
	struct lb_cache_slot *s;
	unsigned char *entry;

	if (!c->slots) {
		if (!(c->slots = calloc(16, sizeof *c->slots))) {
			lb_oom(e);
			return NULL;
		}
		c->mask = 15;
	}
	s = find(c, key, klen, h);
	if (s->entry) {
		memset(s->entry, 0, c->vsize);
		return s->entry;
	}
	if (c->n >= c->max) {
		lb_cache_clear(c);
		s = find(c, key, klen, h);
	} else if (2 * (c->n + 1) > c->mask + 1 && c->mask + 1 < max_slots(c)) {
		if (grow(c, e))
			return NULL;
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
