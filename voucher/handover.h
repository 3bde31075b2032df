/*
 * handover.h — the handover list (daftar penerima) of one village: who
 * gets a package from a program's round, with the serial of their slip and
 * a column to sign or put a thumbprint in when they collect. Printed by the
 * distribution team, signed at the point, and kept as evidence of who
 * received what (BPK audits ask for it).
 *
 * One row per valid slip, by name: no, name, masked NIK, serial, proxy,
 * date received, signature. One village, every village of a district, or
 * every village collecting at a point, each its own statement. As PDF (the
 * office's paper: kop, a number from office.number.handover, place and
 * date, the signatories of office.handover.signers kept on the page of the
 * last rows, "Halaman i dari n" per village) or CSV (the same rows, for
 * spreadsheets: core/output.h neutralises formulas).
 *
 * Files are written under a temporary name and renamed, so a failure never
 * leaves a half-written list under the final name.
 *
 * Memory: nothing here allocates for the caller.
 */
#ifndef LB_HANDOVER_H
#define LB_HANDOVER_H

#include "core/db.h"

struct lb_handover_opts {
	const char *program;   /* program code */
	int period;            /* the round's first month, year*12 + month-1 */
	const char *village;   /* village code; or */
	const char *district;  /* district code: each of its villages; or */
	const char *point;     /* distribution point code: the villages collecting there */
	const char *output;    /* file to write (private, 0600) */
	int force;             /* an existing file may be replaced */
	int csv;               /* 1: CSV, 0: PDF */
};

/* Write the list; *rows receives the number of recipients on it. Refuses
 * like lb_print_select (unknown program, round, village; no allocations
 * yet; nothing to list) and lb_print_check_output before writing anything;
 * allocations without a voucher get one first, as for print. */
int lb_handover_write(lb_db *db, const struct lb_handover_opts *o, long *rows, lb_err *e);

#endif
