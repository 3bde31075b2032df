/*
 * stock.h — the stock operations people do (core/op.h): receive, move,
 * adjust, count, reverse and import, and the questions asked of the
 * ledger (balance, ledger, expiring) with their lookups.
 * Each takes what the person typed (text, as on the command line or a
 * web form), looks up the item and locations, parses quantities in the
 * item's units, owns its transaction and posts through the journal
 * (journal.h), so that the command line and the web page are one code
 * path. The questions only resolve what was typed into a filter for
 * query.h; the front end walks the rows.
 *
 * The messages name the fields as the command line spells them
 * (--qty, --date): the web shows them under "Rincian teknis".
 *
 * Memory: inputs are borrowed for the call; results are caller-owned
 * values.
 */
#ifndef LB_STOCK_H
#define LB_STOCK_H

#include "core/op.h"
#include "inventory/count.h"
#include "inventory/import.h"
#include "inventory/item.h"
#include "inventory/journal.h"
#include "inventory/location.h"
#include "inventory/query.h"

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

/* Move stock between warehouses and points (FEFO without a lot). */
struct lb_move_in {
	const char *from, *to; /* location codes (required) */
	const char *item;      /* (required) */
	const char *qty;       /* in the item's units, > 0 (required) */
	const char *lot;       /* NULL: earliest expiry first */
	const char *date;      /* NULL: today */
	const char *id;        /* idempotency key, or NULL */
	const char *ref, *note;
};
struct lb_move_out {
	struct lb_item item;
	struct lb_location from, to;
	int64_t qty; /* base units */
	struct lb_post_result post;
};
int lb_stock_move(struct lb_op *op, const struct lb_move_in *in, struct lb_move_out *out, lb_err *e);

/* Write off (qty < 0) or add (qty > 0) stock at one place, with a reason. */
struct lb_adjust_in {
	const char *at;     /* (required) */
	const char *item;   /* (required) */
	const char *qty;    /* signed, in the item's units (required) */
	const char *reason; /* rusak, hilang, kedaluwarsa, lain (required) */
	const char *lot;
	const char *note;
	const char *date;
	const char *id;
};
struct lb_adjust_out {
	struct lb_item item;
	struct lb_location at;
	int64_t qty; /* signed base units */
	struct lb_post_result post;
};
int lb_stock_adjust(struct lb_op *op, const struct lb_adjust_in *in, struct lb_adjust_out *out,
		    lb_err *e);

/* Record a stock count (count.h) and post the difference. */
struct lb_count_in {
	const char *at;      /* (required) */
	const char *item;    /* (required) */
	const char *counted; /* in the item's units, >= 0 (required) */
	const char *lot;     /* NULL: all the item's lots there */
	const char *date;
	const char *reason;  /* why it differs, or NULL */
};
struct lb_count_out {
	struct lb_item item;
	struct lb_location at;
	int64_t counted; /* base units */
	struct lb_count_result res;
};
int lb_stock_count(struct lb_op *op, const struct lb_count_in *in, struct lb_count_out *out, lb_err *e);

/* Undo a movement with its mirror image. */
/* A stock count sheet (stock opname): the items counted at one place on
 * one day, each posted as `stock count` posts one, all in one
 * transaction — a sheet is one act, so a bad line leaves every line
 * unposted. Lines whose counted is empty were not counted and are
 * skipped. */
struct lb_count_line {
	const char *item;    /* item code */
	const char *counted; /* in the item's units, >= 0; NULL or "": not counted */
	const char *reason;  /* why it differs, or NULL */
};
struct lb_count_sheet_in {
	const char *at;      /* (required) */
	const char *date;    /* NULL: today */
	const struct lb_count_line *lines;
	size_t n;
};
struct lb_count_sheet_out {
	struct lb_location at;
	size_t counted;      /* lines posted */
	size_t differ;       /* of which with a variance */
};
int lb_stock_count_sheet(struct lb_op *op, const struct lb_count_sheet_in *in, struct lb_count_sheet_out *out,
			 lb_err *e);

struct lb_reverse_in {
	const char *movement; /* its id, as typed (required) */
	const char *reason;   /* (required) */
	const char *date;
	const char *id;
};
struct lb_reverse_out {
	int64_t movement_id;
	struct lb_post_result post;
};
int lb_stock_reverse(struct lb_op *op, const struct lb_reverse_in *in, struct lb_reverse_out *out,
		     lb_err *e);

/* Post movements in bulk from a file (import.h), all or nothing unless
 * skip_invalid; a dry run checks every row against the real stock and
 * writes nothing. Each bad row goes to sink as it is found (a front end
 * shows them as they come: there may be thousands). */
struct lb_stock_import_in {
	const char *file;      /* (required) */
	int dry_run;
	int skip_invalid;
	const char *rejects;   /* with skip_invalid */
	const char *delimiter; /* ",", ";", "tab"; NULL: guessed */
	const struct lb_rows *sink; /* set by the front end, not typed; may be NULL */
};
int lb_stock_import(struct lb_op *op, const struct lb_stock_import_in *in, struct lb_import_result *out,
		    lb_err *e);

/* stock balance: which stock to show. */
struct lb_balance_in {
	const char *at, *item, *lot; /* NULL: any; lot needs item */
	const char *as_of;           /* YYYY-MM-DD; NULL: now */
	const char *format;          /* the front end's */
};
int lb_stock_balance_filter(struct lb_op *op, const struct lb_balance_in *in,
			    struct lb_balance_filter *f, lb_err *e);

/* stock ledger: an item's history. */
struct lb_ledger_in {
	const char *item; /* (required) */
	const char *at, *lot;
	const char *format;
};
int lb_stock_ledger_filter(struct lb_op *op, const struct lb_ledger_in *in, struct lb_ledger_filter *f,
			   lb_err *e);

/* stock expiring: lots that expire within days (default 30) of today. */
struct lb_expiring_in {
	const char *within; /* days, 0..36500; NULL: 30 */
	const char *at;
	const char *format;
};
struct lb_expiring_filter {
	lb_day today;
	int within;
	int64_t location_id; /* 0: every warehouse and point */
};
int lb_stock_expiring_filter(struct lb_op *op, const struct lb_expiring_in *in,
			     struct lb_expiring_filter *f, lb_err *e);

#endif
