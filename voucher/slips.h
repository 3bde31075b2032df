/*
 * slips.h — the operations (core/op.h) behind `voucher print|reissue|
 * revoke|show|list`: what a person asks about slips, as typed (a program
 * code, a month, a serial, numbers as text, file names), checked, looked
 * up and handed to the modules that own the work: voucher/print.c (print
 * runs), voucher/voucher.c (revoke, reissue), voucher/verify.c (the one
 * check of a slip), voucher/handover.c (handover lists).
 *
 * Memory: the inputs point into the caller's strings. lb_slips_print_out
 * holds a print result the caller frees with lb_print_result_free. The
 * signing key these load is wiped before they return.
 */
#ifndef LB_SLIPS_H
#define LB_SLIPS_H

#include "core/op.h"
#include "voucher/print.h"
#include "voucher/verify.h"
#include "voucher/voucher.h"

/* `voucher print`. */
struct lb_slips_print_in {
	const char *program;   /* required */
	const char *period;    /* YYYY-MM (required) */
	const char *village;   /* or district, not both */
	const char *district;
	const char *serial;    /* one slip only */
	const char *per_page;  /* 1, 2, 4 or 8; NULL: 8 */
	const char *logo;
	const char *key;       /* the key file, or NULL (signing.h) */
	const char *max_slips; /* per file, 1..1000000; NULL: LB_PRINT_MAX_SLIPS */
	const char *threads;   /* 1..16; NULL: one per core */
	const char *output;    /* FILE.pdf (required) */
	int force;             /* an existing output may be replaced (--force) */
};
struct lb_slips_print_out {
	int per_page;               /* as asked; res.per_page as printed */
	struct lb_print_result res;
};
int lb_slips_print(struct lb_op *op, const struct lb_slips_print_in *in, struct lb_slips_print_out *out,
		   lb_err *e);

/* `voucher reissue SERIAL --reason TEXT [-o FILE.pdf] [--logo FILE]
 * [--key FILE]`, or `voucher reissue --key KEYID --program P --period
 * YYYY-MM [--reason TEXT]` for a round's open slips of a revoked key. */
struct lb_slips_reissue_in {
	const char *serial;  /* NULL: the second form */
	const char *reason;
	const char *output;  /* with a serial: print its new slip here */
	const char *logo;
	const char *key;     /* with a serial: the key file; without: KEYID */
	const char *program;
	const char *period;
	int force;           /* an existing output may be replaced (--force) */
};
struct lb_slips_reissue_out {
	/* the second form */
	long n;                        /* slips reissued */
	char program[LB_VCH_CODE_MAX]; /* the program's code */
	/* the first form */
	int reissued;                  /* the new voucher is made (committed), even when
					  printing its slip then failed */
	struct lb_voucher v;           /* the new voucher */
	int printed;                   /* its slip is in output */
};
int lb_slips_reissue(struct lb_op *op, const struct lb_slips_reissue_in *in, struct lb_slips_reissue_out *out,
		     lb_err *e);

/* `voucher revoke`. */
struct lb_slips_revoke_in {
	const char *serial; /* required */
	const char *reason; /* required */
};
struct lb_slips_revoke_out {
	struct lb_voucher v;
};
int lb_slips_revoke(struct lb_op *op, const struct lb_slips_revoke_in *in, struct lb_slips_revoke_out *out,
		    lb_err *e);

/* `voucher show`: LB_OK with the check of a readable text, whatever its
 * verdict (a front end shows what was read, then refuses with
 * lb_verdict_exit); LB_EINPUT with the reason for an unreadable one. */
struct lb_slips_show_in {
	const char *text; /* a QR text or a typed serial (required) */
};
struct lb_slips_show_out {
	struct lb_voucher_check c;
};
int lb_slips_show(struct lb_op *op, const struct lb_slips_show_in *in, struct lb_slips_show_out *out, lb_err *e);

/* `voucher list`: the handover list of a village, district or point. */
struct lb_slips_list_in {
	const char *program; /* required */
	const char *period;  /* YYYY-MM (required) */
	const char *village, *district, *point;
	const char *format;  /* pdf (NULL) or csv */
	const char *output;  /* required */
	int force;           /* output may be replaced */
};
struct lb_slips_list_out {
	long rows; /* recipients listed */
};
int lb_slips_list(struct lb_op *op, const struct lb_slips_list_in *in, struct lb_slips_list_out *out, lb_err *e);

#endif
