/*
 * signing.c — the signing key operations and where the key file is. See
 * signing.h.
 */
#include "voucher/signing.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/cli.h"
#include "core/meta.h"
#include "voucher/voucher.h"

/* One rule for where the key is, shared with the web's print jobs
 * (voucher/voucher.c). */
int lb_key_locate(struct lb_op *op, const char *given, lb_buf *path, int *is_default, lb_err *e)
{
	return lb_signing_key_path(op->db, given, path, is_default, e);
}

/* mkdir -p of the key file's folder, private: only for the default place,
 * which nobody chose and so nobody made. */
static int make_key_dir(const char *path, lb_err *e)
{
	char dir[4096];
	size_t n;
	char *slash = strrchr(path, '/');

	if (!slash)
		return LB_OK;
	n = (size_t)(slash - path);
	if (n == 0 || n >= sizeof dir)
		return LB_OK;
	memcpy(dir, path, n);
	dir[n] = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) && errno != EEXIST)
			return lb_fail(e, LB_EINPUT, "cannot make folder '%s' for the signing key: %s", dir,
				       strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		return lb_fail(e, LB_EINPUT, "cannot make folder '%s' for the signing key: %s", dir,
			       strerror(errno));
	return LB_OK;
}

int lb_key_open_signing(struct lb_op *op, const char *given, struct lb_signing_key *k, lb_err *e)
{
	lb_buf path;
	int rc, dflt;

	lb_buf_init(&path);
	if ((rc = lb_key_locate(op, given, &path, &dflt, e)))
		goto done;
	if ((rc = lb_key_load(path.data, k, e)))
		goto done;
	if ((rc = lb_signing_key_usable(op->db, k, path.data, e)))
		lb_key_wipe(k);
done:
	lb_buf_release(&path);
	return rc;
}

int lb_key_init(struct lb_op *op, const struct lb_key_init_in *in, struct lb_key_init_out *out, lb_err *e)
{
	int rc, dflt;

	memset(&out->k, 0, sizeof out->k);
	lb_buf_init(&out->path);
	if ((rc = lb_key_locate(op, in->key, &out->path, &dflt, e)) ||
	    (dflt && (rc = make_key_dir(out->path.data, e))))
		return rc;
	return lb_signing_key_init(op->db, out->path.data, &out->k, e);
}

int lb_key_rotate(struct lb_op *op, const struct lb_key_rotate_in *in, struct lb_key_rotate_out *out, lb_err *e)
{
	int rc, dflt;

	memset(&out->old, 0, sizeof out->old);
	memset(&out->k, 0, sizeof out->k);
	out->archive[0] = '\0';
	lb_buf_init(&out->path);
	if (in->reason && !in->lost)
		return lb_fail(e, LB_EINPUT, "key rotate: --reason goes with --lost");
	if (in->lost && (rc = lb_require("key rotate --lost", "--reason", in->reason, e)))
		return rc;
	if ((rc = lb_key_locate(op, in->key, &out->path, &dflt, e)))
		return rc;
	lb_op_subject(op, "signing key%s", in->lost ? " (lost)" : "");
	if (in->lost) {
		if (dflt && (rc = make_key_dir(out->path.data, e)))
			return rc;
		return lb_signing_key_rotate_lost(op->db, out->path.data, in->reason, op->actor, &out->old, &out->k, e);
	}
	return lb_signing_key_rotate(op->db, out->path.data, &out->old, &out->k, out->archive, sizeof out->archive, e);
}

int lb_key_revoke(struct lb_op *op, const struct lb_key_revoke_in *in, struct lb_key_revoke_out *out, lb_err *e)
{
	memset(&out->k, 0, sizeof out->k);
	lb_op_subject(op, "key %.16s", in->key_id ? in->key_id : "");
	return lb_signing_key_revoke(op->db, in->key_id, in->reason, op->actor, &out->k, e);
}

int lb_key_list_begin(struct lb_op *op, int local, struct lb_key_listing *l, lb_err *e)
{
	memset(l, 0, sizeof *l);
	l->local = local;
	return lb_zone_get(op->db, &l->z, e);
}

struct key_rows {
	const struct lb_key_listing *l;
	int (*fn)(void *arg, const struct lb_key_item *it, lb_err *e);
	void *arg;
};

static int key_row(void *arg, const struct lb_key_row *k, lb_err *e)
{
	struct key_rows *kr = arg;
	struct lb_key_item it;

	memset(&it, 0, sizeof it);
	it.row = k;
	lb_key_id_text(k->key_id, it.id);
	it.status = k->revoked_at[0] ? "revoked" : k->lost ? "lost" : k->retired_at[0] ? "retired" : "signing";
	if (kr->l->local) {
		lb_time_local(&kr->l->z, k->created_at, it.created);
		lb_time_local(&kr->l->z, k->retired_at, it.retired);
	} else {
		snprintf(it.created, sizeof it.created, "%s", k->created_at);
		snprintf(it.retired, sizeof it.retired, "%s", k->retired_at);
	}
	if (!k->retired_at[0])
		it.retired[0] = '\0';
	for (int i = 0; i < LB_KEY_PUBLIC_BYTES; i++)
		snprintf(it.public_key + 2 * i, 3, "%02x", k->pk[i]);
	return kr->fn(kr->arg, &it, e);
}

int lb_key_list(struct lb_op *op, const struct lb_key_listing *l,
		int (*fn)(void *arg, const struct lb_key_item *it, lb_err *e), void *arg, lb_err *e)
{
	struct key_rows kr = { l, fn, arg };

	return lb_signing_key_list(op->db, key_row, &kr, e);
}
