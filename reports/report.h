/*
 * report.h — the report operations (core/op.h): what a person asks of a
 * report, as typed or chosen (program, month, village, format, file),
 * checked and turned into the report writers' options, then written. One
 * operation per report a command or a page offers: `report
 * distribution|recipients|bast|stock|opname` and `reconcile`.
 *
 * The writers themselves (reports/realisation.c, reconcile.c, bast.c,
 * stockrecon.c, opname.c) stay as they are, taking the checked values;
 * only the parsing and the lookups around them live here, so neither
 * front end repeats them.
 *
 * Memory: the inputs point into the caller's strings; the reconcile
 * operation's SQL text (lb_reconcile_out.sql) is the caller's to release.
 */
#ifndef LB_REPORT_H
#define LB_REPORT_H

#include <stdio.h>

#include "core/buf.h"
#include "core/op.h"
#include "doc/rdoc.h"

/* A report of a program's round, or of a month (report stock). */
struct lb_report_in {
	const char *program; /* program code (report stock: optional, names it only) */
	const char *period;  /* YYYY-MM (required) */
	const char *village; /* region code, or NULL for all */
	const char *format;  /* pdf, csv, xlsx; NULL: from the file's extension */
	const char *output;  /* the file (required) */
	int excel;           /* CSV as Indonesian Excel opens it (also office.csv_excel yes) */
	int force;           /* output may name an existing file, which is replaced */
};

/* `report distribution`: the realisation report. */
int lb_report_distribution(struct lb_op *op, const struct lb_report_in *in, lb_err *e);
/* `report recipients`: the round's recipients and what they received. */
int lb_report_recipients(struct lb_op *op, const struct lb_report_in *in, lb_err *e);
/* `report bast`: the handover statements. */
int lb_report_bast(struct lb_op *op, const struct lb_report_in *in, lb_err *e);
/* `report stock`: the month's stock reconciliation. */
int lb_report_stock(struct lb_op *op, const struct lb_report_in *in, lb_err *e);

/* `report opname`: the berita acara of a stock count. */
struct lb_opname_in {
	const char *at;     /* location code (required) */
	const char *date;   /* YYYY-MM-DD; NULL: the last day it was counted */
	const char *output; /* FILE.pdf (required) */
	int force;          /* an existing output may be replaced (--force) */
};
struct lb_opname_out {
	long rows; /* items on the statement */
};
int lb_report_opname(struct lb_op *op, const struct lb_opname_in *in, struct lb_opname_out *out, lb_err *e);

/* `reconcile`: the round's reconciliation to a file, to stream, or, with
 * sql, the statements it runs (into out->sql, which the caller
 * initialised and releases). */
struct lb_reconcile_in {
	const char *program; /* required */
	const char *period;  /* YYYY-MM (required) */
	const char *format;  /* table, csv, json, pdf, xlsx; NULL: from output's extension, else table */
	const char *output;  /* NULL: to stream */
	const char *list;    /* exceptions (NULL), all, none */
	int sql;
	int force;
	FILE *stream;        /* set by the front end: where a report without output goes */
};
struct lb_reconcile_out {
	lb_buf sql; /* in->sql: the statements */
};
int lb_report_reconcile(struct lb_op *op, const struct lb_reconcile_in *in, struct lb_reconcile_out *out,
			lb_err *e);

#endif
