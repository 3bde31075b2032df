/*
 * stock.h — the stock operations people do (core/op.h): receive goods.
 * Each takes what the person typed (text, as on the command line or a
 * web form), looks up the item and locations, parses quantities in the
 * item's units, owns its transaction and posts through the journal
 * (journal.h), so that the command line and the web page are one code
 * path. The other stock actions (move, adjust, reverse, count) follow
 * this shape.
 *
 * Memory: inputs are borrowed for the call; results are caller-owned
 * values.
 */
#ifndef LB_STOCK_H
#define LB_STOCK_H

#include "core/op.h"
#include "inventory/item.h"
#include "inventory/journal.h"
#include "inventory/location.h"

/* Receive goods into a warehouse or point. */
struct lb_receive_in {
	const char *to;        /* location code (required) */
	const char *item;      /* item code (required) */
	const char *qty;       /* "50", "2 karung", "1,5" ... in the item's units (required) */
	const char *lot;       /* lot code (required) */
	const char *expiry;    /* YYYY-MM-DD; NULL: the date plus the item's shelf life */
	const char *unit_cost; /* rupiah per base unit (required) */
	const char *from;      /* supplier code, or NULL */
	const char *ref;       /* delivery note, or NULL */
	const char *date;      /* YYYY-MM-DD; NULL: today */
	const char *id;        /* idempotency key, or NULL */
	const char *note;
};

struct lb_receive_out {
	struct lb_item item;
	struct lb_location to;
	int64_t qty;                /* base units */
	struct lb_post_result post; /* the movements posted, or found again for a repeated id */
};

int lb_stock_receive(struct lb_op *op, const struct lb_receive_in *in, struct lb_receive_out *out,
		     lb_err *e);

#endif
