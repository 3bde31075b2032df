/*
 * cmd_voucher.c — signing keys and vouchers: key init|rotate|list, voucher
 * print|list|reissue|revoke|show. Parses, calls voucher/, prints.
 *
 * The signing key file is found, in order, at --key FILE, $LUMBUNG_KEY,
 * or $XDG_CONFIG_HOME/lumbung/<db_id>.key ($HOME/.config/lumbung/ when
 * XDG_CONFIG_HOME is unset), db_id being the database's random id: one key
 * per database, outside it, private to the user who prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "core/localtime.h"
#include "core/meta.h"
#include "core/money.h"
#include "core/output.h"
#include "voucher/handover.h"
#include "voucher/print.h"
#include "voucher/verify.h"
#include "voucher/voucher.h"

/* Where the signing key is, and whether it is the per-database default
 * (whose folder key init may create). */
static int key_path(struct lb_ctx *ctx, const char *opt, lb_buf *out, int *is_default)
{
	const char *env = getenv("LUMBUNG_KEY"), *base;
	lb_buf id;
	int found, rc;

	*is_default = 0;
	lb_buf_reset(out);
	if (opt && *opt)
		return lb_buf_adds(out, opt, &ctx->err);
	if (env && *env)
		return lb_buf_adds(out, env, &ctx->err);
	lb_buf_init(&id);
	if ((rc = lb_meta_get(ctx->db, "db_id", &id, &found, &ctx->err)))
		goto done;
	if (!found || !id.len) {
		rc = lb_fail(&ctx->err, LB_EINPUT,
			     "this database has no id to name its key file: give --key FILE");
		goto done;
	}
	base = getenv("XDG_CONFIG_HOME");
	if (base && *base) {
		rc = lb_buf_addf(out, &ctx->err, "%s/lumbung/%s.key", base, id.data);
	} else {
		base = getenv("HOME");
		if (!base || !*base) {
			rc = lb_fail(&ctx->err, LB_EINPUT,
				     "HOME is not set, so the signing key has no default place: give --key FILE or set LUMBUNG_KEY");
			goto done;
		}
		rc = lb_buf_addf(out, &ctx->err, "%s/.config/lumbung/%s.key", base, id.data);
	}
	*is_default = 1;
done:
	lb_buf_release(&id);
	return rc;
}

/* mkdir -p of the key file's folder, private: only for the default place,
 * which nobody chose and so nobody made. */
static int make_key_dir(struct lb_ctx *ctx, const char *path)
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
			return lb_fail(&ctx->err, LB_EINPUT, "cannot make folder '%s' for the signing key: %s",
				       dir, strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		return lb_fail(&ctx->err, LB_EINPUT, "cannot make folder '%s' for the signing key: %s",
			       dir, strerror(errno));
	return LB_OK;
}

static int cmd_key_init(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *keyopt = NULL;
	const struct lb_opt opts[] = {
		{ "key", 0, LB_OPT_STR, &keyopt },
		{ 0 },
	};
	struct lb_key_row k;
	char idt[LB_KEY_ID_TEXT_SIZE];
	lb_buf path;
	int rc, dflt;

	if ((rc = lb_args("key init", argc, argv, opts, NULL, 0, 0, &ctx->err)))
		return rc;
	lb_buf_init(&path);
	if ((rc = key_path(ctx, keyopt, &path, &dflt)))
		goto done;
	if (dflt && (rc = make_key_dir(ctx, path.data)))
		goto done;
	if ((rc = lb_signing_key_init(ctx->db, path.data, &k, &ctx->err)))
		goto done;
	lb_key_id_text(k.key_id, idt);
	fprintf(ctx->out, "created signing key %s in '%s'\n", idt, path.data);
	fprintf(ctx->out, "keep a copy of this file somewhere safe and private: without it no slip can be printed\n");
done:
	lb_buf_release(&path);
	return rc;
}

static int cmd_key_rotate(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *keyopt = NULL, *reason = NULL;
	int lost = 0;
	const struct lb_opt opts[] = {
		{ "key", 0, LB_OPT_STR, &keyopt },
		{ "lost", 0, LB_OPT_FLAG, &lost },
		{ "reason", 0, LB_OPT_STR, &reason },
		{ 0 },
	};
	struct lb_key_row old, k;
	char oldt[LB_KEY_ID_TEXT_SIZE], newt[LB_KEY_ID_TEXT_SIZE], archive[4300];
	lb_buf path;
	int rc, dflt;

	if ((rc = lb_args("key rotate", argc, argv, opts, NULL, 0, 0, &ctx->err)))
		return rc;
	if (reason && !lost)
		return lb_fail(&ctx->err, LB_EINPUT, "key rotate: --reason goes with --lost");
	if (lost && (rc = lb_require("key rotate --lost", "--reason", reason, &ctx->err)))
		return rc;
	lb_buf_init(&path);
	if ((rc = key_path(ctx, keyopt, &path, &dflt)))
		goto done;
	if (lost) {
		if (dflt && (rc = make_key_dir(ctx, path.data)))
			goto done;
		if ((rc = lb_signing_key_rotate_lost(ctx->db, path.data, reason, ctx->operator, &old, &k, &ctx->err)))
			goto done;
		lb_key_id_text(old.key_id, oldt);
		lb_key_id_text(k.key_id, newt);
		fprintf(ctx->out, "new signing key %s in '%s'\n", newt, path.data);
		fprintf(ctx->out, "key %s is recorded as lost and retired: slips it signed stay valid;"
			" if its file may have been copied, run 'lumbung key revoke %s --reason TEXT'\n", oldt, oldt);
		goto done;
	}
	if ((rc = lb_signing_key_rotate(ctx->db, path.data, &old, &k, archive, sizeof archive,
					&ctx->err)))
		goto done;
	lb_key_id_text(old.key_id, oldt);
	lb_key_id_text(k.key_id, newt);
	fprintf(ctx->out, "new signing key %s in '%s'\n", newt, path.data);
	fprintf(ctx->out, "retired key %s: slips it signed stay valid; its file is now '%s'\n",
		oldt, archive);
done:
	lb_buf_release(&path);
	return rc;
}

static int cmd_key_revoke(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL;
	const struct lb_opt opts[] = {
		{ "reason", 0, LB_OPT_STR, &reason },
		{ 0 },
	};
	struct lb_strv pos = { 0 };
	struct lb_key_row k;
	char idt[LB_KEY_ID_TEXT_SIZE];
	int rc;

	if ((rc = lb_args("key revoke", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("key revoke", "--reason", reason, &ctx->err)))
		goto done;
	if ((rc = lb_signing_key_revoke(ctx->db, pos.v[0], reason, ctx->operator, &k, &ctx->err)))
		goto done;
	lb_key_id_text(k.key_id, idt);
	fprintf(ctx->out, "revoked key %s: every slip it signed is refused from now on\n", idt);
	if (!k.retired_at[0])
		fprintf(ctx->out, "it still signs: run 'lumbung key rotate' (or 'key rotate --lost --reason TEXT'), then\n");
	fprintf(ctx->out, "reissue each round's open slips: lumbung voucher reissue --key %s --program P --period YYYY-MM\n",
		idt);
done:
	lb_strv_free(&pos);
	return rc;
}

struct key_list {
	lb_out *o;
	int local;        /* a table for people: local times; csv and json keep UTC */
	struct lb_zone z;
};

static int key_row(void *arg, const struct lb_key_row *k, lb_err *e)
{
	struct key_list *kl = arg;
	char idt[LB_KEY_ID_TEXT_SIZE], pk[2 * LB_KEY_PUBLIC_BYTES + 1], made[32], retired[32];
	const char *vals[5];
	int i;

	if (kl->local) {
		lb_time_local(&kl->z, k->created_at, made);
		lb_time_local(&kl->z, k->retired_at, retired);
	} else {
		snprintf(made, sizeof made, "%s", k->created_at);
		snprintf(retired, sizeof retired, "%s", k->retired_at);
	}

	lb_key_id_text(k->key_id, idt);
	for (i = 0; i < LB_KEY_PUBLIC_BYTES; i++)
		snprintf(pk + 2 * i, 3, "%02x", k->pk[i]);
	vals[0] = idt;
	vals[1] = k->revoked_at[0] ? "revoked" : k->lost ? "lost" : k->retired_at[0] ? "retired" : "signing";
	vals[2] = made;
	vals[3] = k->retired_at[0] ? retired : NULL;
	vals[4] = pk;
	return lb_out_row(kl->o, vals, e);
}

static int cmd_key_list(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *fmt = NULL;
	const struct lb_opt opts[] = {
		{ "format", 0, LB_OPT_STR, &fmt },
		{ 0 },
	};
	static const struct lb_col cols[] = {
		{ "key", 0 }, { "status", 0 }, { "created", 0 }, { "retired", 0 }, { "public_key", 0 },
	};
	struct key_list kl = { 0 };
	enum lb_fmt f;
	int rc;

	if ((rc = lb_args("key list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_fmt_parse(fmt, LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON, LB_FMT_TABLE, &f,
			       &ctx->err)) ||
	    (rc = lb_zone_get(ctx->db, &kl.z, &ctx->err)) ||
	    (rc = lb_out_open(ctx->out, f, cols, 5, &kl.o, &ctx->err)))
		return rc;
	kl.local = f == LB_FMT_TABLE;
	rc = lb_signing_key_list(ctx->db, key_row, &kl, &ctx->err);
	if (lb_out_close(kl.o, rc ? NULL : &ctx->err) && !rc)
		rc = LB_ESYS;
	return rc;
}

/* Load the signing key and make sure it is this database's current one. */
static int load_signing_key(struct lb_ctx *ctx, const char *keyopt, struct lb_signing_key *k)
{
	lb_buf path;
	int rc, dflt;

	lb_buf_init(&path);
	if ((rc = key_path(ctx, keyopt, &path, &dflt)))
		goto done;
	if ((rc = lb_key_load(path.data, k, &ctx->err)))
		goto done;
	if ((rc = lb_signing_key_usable(ctx->db, k, path.data, &ctx->err)))
		lb_key_wipe(k);
done:
	lb_buf_release(&path);
	return rc;
}

static void show_voucher(FILE *out, const struct lb_zone *z, const struct lb_voucher *v)
{
	char period[24], last[32], when[32];
	lb_day d;

	lb_period_format_id(v->period, period);
	if (lb_date_parse(v->last_day, "last day", &d, NULL) == LB_OK)
		lb_date_format_id(d, last);
	else
		snprintf(last, sizeof last, "%s", v->last_day);
	fprintf(out, "status:      %s", lb_voucher_status_name(v->status));
	lb_time_local(z, v->revoked_at, when);
	if (v->status == LB_VOUCHER_REISSUED)
		fprintf(out, ": replaced by %s on %s (%s)", v->replaced_by_text, when, v->revoke_reason);
	else if (v->status == LB_VOUCHER_REVOKED)
		fprintf(out, " on %s by %s (%s)", when, v->revoked_by, v->revoke_reason);
	else if (v->status == LB_VOUCHER_EXPIRED)
		fprintf(out, ": valid until %s", v->last_day);
	fputc('\n', out);
	fprintf(out, "program:     %s (%s)\n", v->program, v->program_name);
	fprintf(out, "period:      %s\n", period);
	fprintf(out, "valid until: %s\n", last);
	fprintf(out, "recipient:   %s (NIK %s)\n", v->recipient_name, v->nik_masked);
	if (v->proxy_name[0])
		fprintf(out, "proxy:       %s\n", v->proxy_name);
	fprintf(out, "village:     %s %s, Kec. %s\n", v->village, v->village_name, v->district_name);
	fprintf(out, "point:       %s (%s)\n", v->point, v->point_name);
	if (v->replaces_id) {
		char old[LB_SERIAL_TEXT_SIZE];

		snprintf(old, sizeof old, "%s", v->replaces_text);
		fprintf(out, "replaces:    %s\n", old);
	}
}

static int cmd_voucher_show(struct lb_ctx *ctx, int argc, char **argv)
{
	const struct lb_opt opts[] = { { 0 } };
	struct lb_voucher_check c;
	struct lb_strv pos = { 0 };
	struct lb_zone z;
	char idt[LB_KEY_ID_TEXT_SIZE];
	const char *text;
	int rc;

	if ((rc = lb_args("voucher show", argc, argv, opts, &pos, 1, 1, &ctx->err)))
		goto done;
	text = pos.v[0];
	if ((rc = lb_voucher_verify(ctx->db, text, strlen(text), lb_today(), &c, &ctx->err)))
		goto done;
	if (c.verdict == LB_VERDICT_UNREADABLE) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "%s", c.why);
		goto done;
	}
	fprintf(ctx->out, "serial:      %s\n", c.serial_text);
	if (c.verdict != LB_VERDICT_GENUINE) {
		fprintf(ctx->out, "verdict:     NOT GENUINE (%s)\n", lb_verdict_name(c.verdict));
		rc = lb_fail(&ctx->err, lb_verdict_exit(c.verdict), "%s", c.why);
		goto done;
	}
	if (c.from_qr) {
		lb_key_id_text(c.payload.key_id, idt);
		fprintf(ctx->out, "verdict:     genuine (signature of key %s)\n", idt);
	} else {
		fprintf(ctx->out, "verdict:     known serial (typed: no signature to check; compare the slip with the details below)\n");
	}
	if ((rc = lb_zone_get(ctx->db, &z, &ctx->err)))
		goto done;
	show_voucher(ctx->out, &z, &c.v);
done:
	lb_strv_free(&pos);
	return rc;
}

static int cmd_voucher_revoke(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL;
	const struct lb_opt opts[] = {
		{ "reason", 0, LB_OPT_STR, &reason },
		{ 0 },
	};
	struct lb_strv pos = { 0 };
	struct lb_voucher v;
	int rc;

	if ((rc = lb_args("voucher revoke", argc, argv, opts, &pos, 1, 1, &ctx->err)) ||
	    (rc = lb_require("voucher revoke", "--reason", reason, &ctx->err)) ||
	    (rc = lb_voucher_revoke(ctx->db, pos.v[0], reason, ctx->operator, &v, &ctx->err)))
		goto done;
	fprintf(ctx->out, "revoked voucher %s of %s (%s, %s): its slip is void\n", v.serial_text,
		v.recipient_name, v.village_name, v.program);
done:
	lb_strv_free(&pos);
	return rc;
}

/* voucher reissue --key KEYID --program P --period YYYY-MM: a round's
 * open slips of a revoked (or retired) key, under the current key. */
static int reissue_round(struct lb_ctx *ctx, const char *keyid, const char *program, const char *period,
			 const char *reason)
{
	struct lb_voucher_program p;
	char why[96];
	long n = 0;
	int per, rc;

	if ((rc = lb_require("voucher reissue", "--program", program, &ctx->err)) ||
	    (rc = lb_require("voucher reissue", "--period", period, &ctx->err)) ||
	    (rc = lb_period_parse(period, "--period", &per, &ctx->err)) ||
	    (rc = lb_voucher_program(ctx->db, program, &p, &ctx->err)))
		return rc;
	if (!reason) {
		snprintf(why, sizeof why, "key %.8s revoked", keyid);
		reason = why;
	}
	if ((rc = lb_voucher_reissue_key(ctx->db, keyid, p.id, per, reason, ctx->operator, lb_today(), &n, &ctx->err)))
		return rc;
	fprintf(ctx->out, "reissued %ld open slip%s of %s for %s signed with key %s; the old slips are void\n", n,
		n == 1 ? "" : "s", p.code, period, keyid);
	if (n)
		fprintf(ctx->out, "print them with: lumbung voucher print --program %s --period %s -o FILE.pdf\n", p.code,
			period);
	return LB_OK;
}

static int cmd_voucher_reissue(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *reason = NULL, *output = NULL, *keyopt = NULL, *logo = NULL, *program = NULL, *period = NULL;
	const struct lb_opt opts[] = {
		{ "reason", 0, LB_OPT_STR, &reason },
		{ "output", 'o', LB_OPT_STR, &output },
		{ "key", 0, LB_OPT_STR, &keyopt },
		{ "logo", 0, LB_OPT_STR, &logo },
		{ "program", 0, LB_OPT_STR, &program },
		{ "period", 0, LB_OPT_STR, &period },
		{ 0 },
	};
	struct lb_strv pos = { 0 };
	struct lb_signing_key k;
	struct lb_voucher v;
	int rc, have_key = 0;

	memset(&k, 0, sizeof k);
	if ((rc = lb_args("voucher reissue", argc, argv, opts, &pos, 0, 1, &ctx->err)))
		goto done;
	if (pos.n == 0) {
		if (output || logo) {
			rc = lb_fail(&ctx->err, LB_EINPUT, "voucher reissue: -o and --logo go with a SERIAL; print a round with 'voucher print'");
			goto done;
		}
		if (!(rc = lb_require("voucher reissue", "--key", keyopt, &ctx->err)))
			rc = reissue_round(ctx, keyopt, program, period, reason);
		goto done;
	}
	if (program || period) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "voucher reissue: --program and --period go with --key KEYID, not with a SERIAL");
		goto done;
	}
	if ((rc = lb_require("voucher reissue", "--reason", reason, &ctx->err)))
		goto done;
	if (output) {
		/* Everything that can refuse is checked before anything is
		 * written: the key, the logo and the output's folder. */
		if ((rc = load_signing_key(ctx, keyopt, &k)))
			goto done;
		have_key = 1;
		if ((rc = lb_print_check_output(output, &ctx->err)) ||
		    (rc = lb_print_check_logo(logo, &ctx->err)))
			goto done;
	}
	if ((rc = lb_voucher_reissue(ctx->db, pos.v[0], reason, ctx->operator, lb_today(), &v,
				     &ctx->err)))
		goto done;
	{
		char old[LB_SERIAL_TEXT_SIZE];

		snprintf(old, sizeof old, "%s", v.replaces_text);
		fprintf(ctx->out, "reissued voucher %s as %s for %s (%s, %s); the old slip is void\n",
			old, v.serial_text, v.recipient_name, v.village_name, v.program);
	}
	if (output) {
		if ((rc = lb_print_one(ctx->db, &k, &v, logo, output, &ctx->err)))
			goto done;
		fprintf(ctx->out, "wrote '%s'\n", output);
	} else {
		fprintf(ctx->out, "print it with: lumbung voucher print --program %s --period %04d-%02d --serial %s -o FILE.pdf\n",
			v.program, v.period / 12, v.period % 12 + 1, v.serial_text);
	}
done:
	if (have_key)
		lb_key_wipe(&k);
	lb_strv_free(&pos);
	return rc;
}

static int cmd_voucher_print(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *program = NULL, *period = NULL, *village = NULL, *district = NULL;
	const char *per_page = NULL, *output = NULL, *keyopt = NULL, *logo = NULL;
	const char *max_slips = NULL, *serial = NULL, *threads = NULL;
	const struct lb_opt opts[] = {
		{ "program", 0, LB_OPT_STR, &program },
		{ "period", 0, LB_OPT_STR, &period },
		{ "village", 0, LB_OPT_STR, &village },
		{ "district", 0, LB_OPT_STR, &district },
		{ "serial", 0, LB_OPT_STR, &serial },
		{ "per-page", 0, LB_OPT_STR, &per_page },
		{ "max-slips", 0, LB_OPT_STR, &max_slips },
		{ "threads", 0, LB_OPT_STR, &threads },
		{ "logo", 0, LB_OPT_STR, &logo },
		{ "key", 0, LB_OPT_STR, &keyopt },
		{ "output", 'o', LB_OPT_STR, &output },
		{ 0 },
	};
	struct lb_print_opts po;
	struct lb_print_result res;
	struct lb_signing_key k;
	int64_t n;
	int rc, have_key = 0;

	memset(&po, 0, sizeof po);
	memset(&res, 0, sizeof res);
	if ((rc = lb_args("voucher print", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("voucher print", "--program", program, &ctx->err)) ||
	    (rc = lb_require("voucher print", "--period", period, &ctx->err)) ||
	    (rc = lb_require("voucher print", "-o", output, &ctx->err)))
		goto done;
	if (village && district) {
		rc = lb_fail(&ctx->err, LB_EINPUT, "voucher print: give --village or --district, not both");
		goto done;
	}
	po.program = program;
	po.village = village;
	po.district = district;
	po.serial = serial;
	po.logo = logo;
	po.output = output;
	po.per_page = 8;
	po.max_slips = LB_PRINT_MAX_SLIPS;
	po.threads = 0;
	if ((rc = lb_period_parse(period, "--period", &po.period, &ctx->err)))
		goto done;
	if (per_page) {
		if ((rc = lb_int_parse(per_page, "--per-page", 1, 8, &n, &ctx->err)))
			goto done;
		if (n != 1 && n != 2 && n != 4 && n != 8) {
			rc = lb_fail(&ctx->err, LB_EINPUT, "--per-page must be 1, 2, 4 or 8, not %lld",
				     (long long)n);
			goto done;
		}
		po.per_page = (int)n;
	}
	if (max_slips) {
		if ((rc = lb_int_parse(max_slips, "--max-slips", 1, 1000000, &n, &ctx->err)))
			goto done;
		po.max_slips = (long)n;
	}
	if (threads) {
		if ((rc = lb_int_parse(threads, "--threads", 1, 16, &n, &ctx->err)))
			goto done;
		po.threads = (int)n;
	}
	if ((rc = load_signing_key(ctx, keyopt, &k)))
		goto done;
	have_key = 1;
	if ((rc = lb_print_run(ctx->db, &k, &po, &res, &ctx->err)))
		goto done;
	fprintf(ctx->out, "printed %ld slip%s on %ld page%s in %d file%s:\n", res.slips,
		res.slips == 1 ? "" : "s", res.pages, res.pages == 1 ? "" : "s", res.nfiles,
		res.nfiles == 1 ? "" : "s");
	for (int i = 0; i < res.nfiles; i++)
		fprintf(ctx->out, "  %s\n", res.files[i]);
	if (res.created)
		fprintf(ctx->out, "(%ld new vouchers were made for this round's allocations)\n",
			res.created);
	if (res.per_page != po.per_page)
		fprintf(ctx->out, "(the whole package does not fit %d slips a page: printed %d a page)\n",
			po.per_page, res.per_page);
done:
	lb_print_result_free(&res);
	if (have_key)
		lb_key_wipe(&k);
	return rc;
}

static int cmd_voucher_list(struct lb_ctx *ctx, int argc, char **argv)
{
	const char *program = NULL, *period = NULL, *village = NULL, *fmt = NULL, *output = NULL;
	const char *district = NULL, *point = NULL;
	const struct lb_opt opts[] = {
		{ "program", 0, LB_OPT_STR, &program },
		{ "period", 0, LB_OPT_STR, &period },
		{ "village", 0, LB_OPT_STR, &village },
		{ "district", 0, LB_OPT_STR, &district },
		{ "point", 0, LB_OPT_STR, &point },
		{ "format", 0, LB_OPT_STR, &fmt },
		{ "output", 'o', LB_OPT_STR, &output },
		{ 0 },
	};
	struct lb_handover_opts ho;
	long rows = 0;
	enum lb_fmt f;
	int rc;

	memset(&ho, 0, sizeof ho);
	if ((rc = lb_args("voucher list", argc, argv, opts, NULL, 0, 0, &ctx->err)) ||
	    (rc = lb_require("voucher list", "--program", program, &ctx->err)) ||
	    (rc = lb_require("voucher list", "--period", period, &ctx->err)) ||
	    (rc = lb_require("voucher list", "-o", output, &ctx->err)) ||
	    (rc = lb_fmt_parse(fmt, LB_FMT_PDF | LB_FMT_CSV, LB_FMT_PDF, &f, &ctx->err)) ||
	    (rc = lb_period_parse(period, "--period", &ho.period, &ctx->err)))
		return rc;
	ho.program = program;
	ho.village = village;
	ho.district = district;
	ho.point = point;
	ho.output = output;
	ho.csv = f == LB_FMT_CSV;
	if ((rc = lb_handover_write(ctx->db, &ho, &rows, &ctx->err)))
		return rc;
	fprintf(ctx->out, "wrote the handover list of %ld recipients to '%s'\n", rows, output);
	return LB_OK;
}

const struct lb_cmd lb_cmds_voucher[] = {
	{ "key", "init", cmd_key_init, LB_CMD_DB,
	  "usage: lumbung key init [--key FILE]\n"
	  "\n"
	  "Make this database's signing key: an Ed25519 key file (mode 0600) that\n"
	  "signs every slip's QR code. The database keeps only its public half.\n"
	  "The file is --key FILE, else $LUMBUNG_KEY, else\n"
	  "$HOME/.config/lumbung/<database id>.key. An existing file is never\n"
	  "overwritten. Back the file up: without it no slip can be printed.\n",
	  "make the key that signs slips" },
	{ "key", "rotate", cmd_key_rotate, LB_CMD_DB,
	  "usage: lumbung key rotate [--key FILE]\n"
	  "       lumbung key rotate --lost --reason TEXT [--key FILE]\n"
	  "\n"
	  "Start a new signing key. The old key is retired: new slips are signed\n"
	  "with the new one, and slips the old one signed stay valid. The old file\n"
	  "is kept as FILE.retired-<key id>. With --lost the old file is gone: a\n"
	  "new key is made at FILE (which must not exist) and the loss recorded.\n",
	  "start a new signing key" },
	{ "key", "revoke", cmd_key_revoke, LB_CMD_DB,
	  "usage: lumbung key revoke KEYID --reason TEXT\n"
	  "\n"
	  "A key file may have been copied: from now on every slip signed with\n"
	  "key KEYID (8 hex digits, see 'key list') is refused, with a reason that\n"
	  "says to reissue it. Then 'key rotate' (or 'key rotate --lost') and\n"
	  "'voucher reissue --key KEYID --program P --period YYYY-MM' for each round.\n",
	  "revoke a compromised signing key" },
	{ "key", "list", cmd_key_list, LB_CMD_DB,
	  "usage: lumbung key list [--format table|csv|json]\n"
	  "\n"
	  "The database's signing keys (public halves), oldest first.\n",
	  "list signing keys" },
	{ "voucher", "print", cmd_voucher_print, LB_CMD_DB,
	  "usage: lumbung voucher print --program P --period YYYY-MM\n"
	  "           [--village CODE | --district CODE] [--serial SERIAL]\n"
	  "           [--per-page 1|2|4|8] [--logo FILE] [--key FILE]\n"
	  "           [--max-slips N] [--threads N] -o FILE.pdf\n"
	  "\n"
	  "Print the signed slips (kupon) of a program's round, grouped by district\n"
	  "and village, each village on a new page (8 per A4 sheet unless --per-page).\n"
	  "Allocations without a voucher get one first. --serial prints one slip.\n"
	  "Up to --max-slips slips (default 5000) go in FILE.pdf; a larger run is\n"
	  "split into FILE-001.pdf, FILE-002.pdf, ... each holding whole villages\n"
	  "where it can (a village larger than N is split at a page break).\n"
	  "--logo is a PNG or JPEG printed on each slip.\n",
	  "print signed slips as PDF" },
	{ "voucher", "list", cmd_voucher_list, LB_CMD_DB,
	  "usage: lumbung voucher list --program P --period YYYY-MM\n"
	  "           --village CODE | --district CODE | --point CODE\n"
	  "           --format pdf|csv -o FILE\n"
	  "\n"
	  "The handover list (daftar penerima) of a village, of every village of a\n"
	  "district, or of every village collecting at a point: one row per slip with\n"
	  "the recipient's name, masked NIK, serial, proxy, the date received and a\n"
	  "column to sign or put a thumbprint in. The PDF is the office's paper (kop,\n"
	  "number, place and date, signatories; see 'lumbung settings'), one statement\n"
	  "per village, its pages numbered 'Halaman i dari n'.\n",
	  "print handover lists" },
	{ "voucher", "reissue", cmd_voucher_reissue, LB_CMD_DB,
	  "usage: lumbung voucher reissue SERIAL --reason TEXT [-o FILE.pdf]\n"
	  "           [--logo FILE] [--key FILE]\n"
	  "       lumbung voucher reissue --key KEYID --program P --period YYYY-MM\n"
	  "           [--reason TEXT]\n"
	  "\n"
	  "Replace a lost or damaged slip: the old serial is revoked and a new\n"
	  "voucher made for the same allocation. With -o its slip is printed.\n"
	  "With --key KEYID (8 hex digits, see 'key list') instead of a SERIAL:\n"
	  "every open slip of the round issued under that key (after 'key revoke'\n"
	  "and 'key rotate') is reissued under the current key in one step.\n",
	  "replace a lost or damaged slip" },
	{ "voucher", "revoke", cmd_voucher_revoke, LB_CMD_DB,
	  "usage: lumbung voucher revoke SERIAL --reason TEXT\n"
	  "\n"
	  "Make a slip void, for good.\n",
	  "make a slip void" },
	{ "voucher", "show", cmd_voucher_show, LB_CMD_DB,
	  "usage: lumbung voucher show SERIAL|PAYLOAD\n"
	  "\n"
	  "Decode and check a slip's QR text (or a typed serial) and print its\n"
	  "status and details. Exit status: 0 genuine (whatever its status),\n"
	  "2 unreadable, 3 readable but not genuine (bad signature, unknown key,\n"
	  "unknown serial).\n",
	  "check a slip and show its status" },
	{ 0 },
};
