/*
 * signing.h — the signing key operations (core/op.h) behind `key
 * init|rotate|revoke|list`, and where a database's key file is:
 *
 *   the key named by the person (--key FILE), else $LUMBUNG_KEY, else
 *   $XDG_CONFIG_HOME/lumbung/<db_id>.key ($HOME/.config/lumbung/ when
 *   XDG_CONFIG_HOME is unset), db_id being the database's random id: one
 *   key per database, outside it, private to the user who prints.
 *
 * The key file itself is voucher/keys.c's; the public halves in the
 * database are voucher/voucher.c's.
 *
 * Memory: the lb_buf paths in the _out structs are initialised by the
 * operation and released by the caller (lb_buf_release), on failure too.
 * A loaded lb_signing_key holds a secret: lb_key_wipe it.
 */
#ifndef LB_SIGNING_H
#define LB_SIGNING_H

#include "core/buf.h"
#include "core/localtime.h"
#include "core/op.h"
#include "voucher/keys.h"
#include "voucher/voucher.h"

/* The key file's path for given (--key FILE, or NULL) into path;
 * *is_default says it is the per-database default, whose folder key init
 * and key rotate --lost may make. */
int lb_key_locate(struct lb_op *op, const char *given, lb_buf *path, int *is_default, lb_err *e);

/* Load the key file at given (as lb_key_locate finds it) and check that it
 * is this database's key that signs now. */
int lb_key_open_signing(struct lb_op *op, const char *given, struct lb_signing_key *k, lb_err *e);

/* `key init`. */
struct lb_key_init_in {
	const char *key; /* FILE, or NULL */
};
struct lb_key_init_out {
	struct lb_key_row k;
	lb_buf path; /* where the key file was made */
};
int lb_key_init(struct lb_op *op, const struct lb_key_init_in *in, struct lb_key_init_out *out, lb_err *e);

/* `key rotate`, or with lost, `key rotate --lost --reason TEXT`. */
struct lb_key_rotate_in {
	const char *key;    /* FILE, or NULL */
	int lost;           /* the old file is gone */
	const char *reason; /* only with lost, and required then */
};
struct lb_key_rotate_out {
	struct lb_key_row old, k;
	lb_buf path;        /* the new key's file */
	char archive[4300]; /* not lost: the old file's new name */
};
int lb_key_rotate(struct lb_op *op, const struct lb_key_rotate_in *in, struct lb_key_rotate_out *out, lb_err *e);

/* `key revoke`. */
struct lb_key_revoke_in {
	const char *key_id; /* 8 hex digits (required) */
	const char *reason; /* required */
};
struct lb_key_revoke_out {
	struct lb_key_row k;
};
int lb_key_revoke(struct lb_op *op, const struct lb_key_revoke_in *in, struct lb_key_revoke_out *out, lb_err *e);

/* `key list`: lb_key_list_begin reads what the listing needs (the
 * office's zone when local, for times people read) before anything is
 * written; lb_key_list then hands each key, oldest first, to fn. */
struct lb_key_listing {
	int local;
	struct lb_zone z;
};
struct lb_key_item {
	const struct lb_key_row *row;
	char id[LB_KEY_ID_TEXT_SIZE];
	const char *status;                   /* signing, retired, lost, revoked */
	char created[32], retired[32];        /* local or UTC as asked; retired "" when not */
	char public_key[2 * LB_KEY_PUBLIC_BYTES + 1]; /* hex */
};
int lb_key_list_begin(struct lb_op *op, int local, struct lb_key_listing *l, lb_err *e);
int lb_key_list(struct lb_op *op, const struct lb_key_listing *l,
		int (*fn)(void *arg, const struct lb_key_item *it, lb_err *e), void *arg, lb_err *e);

#endif
