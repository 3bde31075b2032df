/*
 * settings.h — the office's settings kept in the database (in table meta,
 * under keys "setting.NAME"): the time zone, and whatever documents print
 * (kop surat, signatories, numbering, paper size). Every setting is
 * declared once in the table in settings.c with its help text, default
 * and check, so the command line (`lumbung settings`) and the web's admin
 * page list, validate and store them the same way.
 * Memory: lb_setting_get fills a caller-owned lb_buf; the declarations
 * are static.
 */
#ifndef LB_SETTINGS_H
#define LB_SETTINGS_H

#include "buf.h"
#include "db.h"
#include "op.h"

struct lb_setting_def {
	const char *name;   /* "timezone", "office.kop.line1" */
	const char *deflt;  /* value when unset ("" for none) */
	const char *help;   /* one line for people */
	/* LB_OK, or LB_EINPUT with a message naming the setting and the
	 * rule. NULL: any valid UTF-8 text without control characters. */
	int (*check)(const char *name, const char *val, lb_err *e);
	const char *help_id; /* the same line in Bahasa Indonesia, for the web's page */
};

/* The declarations, ended by an entry with name NULL. */
extern const struct lb_setting_def lb_settings[];

const struct lb_setting_def *lb_setting_find(const char *name);

/* The value in force: the stored one, else the default. LB_EINPUT for
 * an unknown name. */
int lb_setting_get(lb_db *db, const char *name, lb_buf *val, lb_err *e);

/* Check and store one value, in its own transaction. "" resets it to the
 * default. LB_EINPUT for an unknown name or a value its check refuses. */
int lb_setting_set(lb_db *db, const char *name, const char *val, lb_err *e);

/* The operation `settings NAME [VALUE]`: with value, set it (as
 * lb_setting_set, "" resetting it); either way, val receives the value
 * now in force. */
struct lb_settings_in {
	const char *name;  /* (required by the operation; the command lists all without) */
	const char *value; /* NULL: only read */
};
int lb_settings_apply(struct lb_op *op, const struct lb_settings_in *in, lb_buf *val, lb_err *e);

#endif
