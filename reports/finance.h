/*
 * finance.h — the operations (core/op.h) behind `finance pagu|price|
 * replacement`: finance's figures as typed (a month, an amount in
 * rupiah, a date), checked and recorded by reports/realisation.c, which
 * owns their tables and rules.
 *
 * Memory: the inputs point into the caller's strings; nothing here
 * allocates for the caller.
 */
#ifndef LB_FINANCE_H
#define LB_FINANCE_H

#include <stdint.h>

#include "core/op.h"

/* `finance pagu`: a program's budget ceiling from a month on. */
struct lb_pagu_in {
	const char *program; /* required */
	const char *from;    /* YYYY-MM (required) */
	const char *amount;  /* rupiah: 1500000000 or 1.500.000.000 (required) */
	const char *ref;     /* the budget document, or NULL */
};
struct lb_amount_out {
	int64_t amount; /* rupiah, as recorded */
};
int lb_finance_pagu(struct lb_op *op, const struct lb_pagu_in *in, struct lb_amount_out *out, lb_err *e);

/* `finance price`: an item's reference price per base unit from a month on. */
struct lb_refprice_in {
	const char *item;   /* required */
	const char *from;   /* YYYY-MM (required) */
	const char *price;  /* rupiah (required) */
	const char *source; /* or NULL */
};
int lb_finance_price(struct lb_op *op, const struct lb_refprice_in *in, struct lb_amount_out *out, lb_err *e);

/* `finance replacement`: the statement by which a recipient replaced
 * another. */
struct lb_replacement_in {
	const char *nik;  /* required */
	const char *doc;  /* its number (required) */
	const char *date; /* YYYY-MM-DD; NULL: the operation's today */
};
struct lb_replacement_out {
	const char *day; /* the date recorded: in->date, or date */
	char date[11];   /* today, when no date was given */
};
int lb_finance_replacement(struct lb_op *op, const struct lb_replacement_in *in, struct lb_replacement_out *out,
			   lb_err *e);

#endif
