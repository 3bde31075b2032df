/*
 * cmd_voucher.c — signing keys and vouchers: key init|rotate|revoke|list,
 * voucher print|list|reissue|revoke|show. Declares their parameters,
 * calls the operations of voucher/signing.c and voucher/slips.c, prints.
 * Where the signing key file is found: voucher/signing.h.
 */
#include <stddef.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/list.h"
#include "core/date.h"
#include "core/localtime.h"
#include "core/op.h"
#include "core/output.h"
#include "voucher/signing.h"
#include "voucher/slips.h"

/* ---- key ---- */

static const struct lb_param key_init_params[] = {
	{ "key", 0, LB_P_STR, 0, offsetof(struct lb_key_init_in, key), "FILE", NULL },
	LB_PARAM_END,
};

static int run_key_init(struct lb_ctx *ctx, void *in)
{
	struct lb_key_init_out out;
	char idt[LB_KEY_ID_TEXT_SIZE];
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_key_init(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (!rc) {
		lb_key_id_text(out.k.key_id, idt);
		fprintf(ctx->out, "created signing key %s in '%s'\n", idt, out.path.data);
		fprintf(ctx->out, "keep a copy of this file somewhere safe and private: without it no slip can be printed\n");
	}
	lb_buf_release(&out.path);
	return rc;
}

static const struct lb_param key_rotate_params[] = {
#define F(x) offsetof(struct lb_key_rotate_in, x)
	{ "key", 0, LB_P_STR, 0, F(key), "FILE", NULL },
	{ "lost", 0, LB_P_FLAG, 0, F(lost), NULL, "Berkas kunci lama hilang" },
	{ "reason", 0, LB_P_STR, 0, F(reason), "TEXT", "Alasan (bila hilang)" },
#undef F
	LB_PARAM_END,
};

static int run_key_rotate(struct lb_ctx *ctx, void *arg)
{
	const struct lb_key_rotate_in *in = arg;
	struct lb_key_rotate_out out;
	char oldt[LB_KEY_ID_TEXT_SIZE], newt[LB_KEY_ID_TEXT_SIZE];
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_key_rotate(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		goto done;
	lb_key_id_text(out.old.key_id, oldt);
	lb_key_id_text(out.k.key_id, newt);
	fprintf(ctx->out, "new signing key %s in '%s'\n", newt, out.path.data);
	if (in->lost)
		fprintf(ctx->out, "key %s is recorded as lost and retired: slips it signed stay valid;"
			" if its file may have been copied, run 'lumbung key revoke %s --reason TEXT'\n", oldt, oldt);
	else
		fprintf(ctx->out, "retired key %s: slips it signed stay valid; its file is now '%s'\n", oldt,
			out.archive);
done:
	lb_buf_release(&out.path);
	return rc;
}

static const struct lb_param key_revoke_params[] = {
#define F(x) offsetof(struct lb_key_revoke_in, x)
	{ "KEYID", 0, LB_P_ARG, LB_P_REQUIRED, F(key_id), NULL, "Kunci" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "TEXT", "Alasan" },
#undef F
	LB_PARAM_END,
};

static int run_key_revoke(struct lb_ctx *ctx, void *in)
{
	struct lb_key_revoke_out out;
	char idt[LB_KEY_ID_TEXT_SIZE];
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_key_revoke(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	lb_key_id_text(out.k.key_id, idt);
	fprintf(ctx->out, "revoked key %s: every slip it signed is refused from now on\n", idt);
	if (!out.k.retired_at[0])
		fprintf(ctx->out, "it still signs: run 'lumbung key rotate' (or 'key rotate --lost --reason TEXT'), then\n");
	fprintf(ctx->out, "reissue each round's open slips: lumbung voucher reissue --key %s --program P --period YYYY-MM\n",
		idt);
	return LB_OK;
}

struct key_list {
	struct lb_op op;
	struct lb_key_listing l;
};

static int key_row(void *arg, const struct lb_key_item *it, lb_err *e)
{
	const char *vals[5] = { it->id, it->status, it->created, it->retired[0] ? it->retired : NULL,
				it->public_key };
	return lb_rdoc_cells(arg, vals, e);
}

static int key_rows(struct lb_ctx *ctx, lb_rdoc *out, void *arg)
{
	struct key_list *kl = arg;
	return lb_key_list(&kl->op, &kl->l, key_row, out, &ctx->err);
}

static int run_key_list(struct lb_ctx *ctx, void *arg)
{
	static const struct lb_col cols[] = {
		{ "key", 0 }, { "status", 0 }, { "created", 0 }, { "retired", 0 }, { "public_key", 0 },
	};
	const int allowed = LB_FMT_TABLE | LB_FMT_CSV | LB_FMT_JSON;
	const struct lb_list_in *in = arg;
	struct key_list kl;
	enum lb_fmt f;
	int rc;

	if ((rc = lb_fmt_parse(in->format, allowed, LB_FMT_TABLE, &f, &ctx->err)))
		return rc;
	lb_op_init(&kl.op, ctx->db, ctx->operator);
	/* a table for people: local times; csv and json keep UTC */
	if (!(rc = lb_key_list_begin(&kl.op, f == LB_FMT_TABLE, &kl.l, &ctx->err)))
		rc = lb_cli_list(ctx, in->format, allowed, cols, 5, key_rows, &kl);
	lb_cli_warnings(&kl.op);
	lb_op_release(&kl.op);
	return rc;
}

/* ---- voucher ---- */

/* The details of a voucher, as `voucher show` prints them. */
enum { SHOW_SERIAL, SHOW_VERDICT, SHOW_STATUS, SHOW_PROGRAM, SHOW_PERIOD, SHOW_LAST, SHOW_RECIPIENT, SHOW_PROXY,
       SHOW_VILLAGE, SHOW_POINT, SHOW_REPLACES, SHOW_N };

struct show_text {
	char verdict[96], status[512], program[256], period[24], last[32], recipient[192], village[384],
		point[256];
};

static void show_fields(const struct lb_voucher_check *c, const struct lb_zone *z, struct show_text *t,
			struct lb_field *fl)
{
	const struct lb_voucher *v = &c->v;
	char idt[LB_KEY_ID_TEXT_SIZE], when[32];
	size_t n;
	lb_day d;

	fl[SHOW_SERIAL].value = c->serial_text;
	if (c->verdict != LB_VERDICT_GENUINE) {
		snprintf(t->verdict, sizeof t->verdict, "NOT GENUINE (%s)", lb_verdict_name(c->verdict));
		fl[SHOW_VERDICT].value = t->verdict;
		return;
	}
	if (c->from_qr) {
		lb_key_id_text(c->payload.key_id, idt);
		snprintf(t->verdict, sizeof t->verdict, "genuine (signature of key %s)", idt);
		fl[SHOW_VERDICT].value = t->verdict;
	} else {
		fl[SHOW_VERDICT].value =
			"known serial (typed: no signature to check; compare the slip with the details below)";
	}
	n = (size_t)snprintf(t->status, sizeof t->status, "%s", lb_voucher_status_name(v->status));
	/* when, in the office's time with its zone's name (issue 10) */
	lb_time_local(z, v->revoked_at, when);
	if (n < sizeof t->status && v->status == LB_VOUCHER_REISSUED)
		snprintf(t->status + n, sizeof t->status - n, ": replaced by %s on %s (%s)", v->replaced_by_text,
			 when, v->revoke_reason);
	else if (n < sizeof t->status && v->status == LB_VOUCHER_REVOKED)
		snprintf(t->status + n, sizeof t->status - n, " on %s by %s (%s)", when, v->revoked_by,
			 v->revoke_reason);
	else if (n < sizeof t->status && v->status == LB_VOUCHER_EXPIRED)
		snprintf(t->status + n, sizeof t->status - n, ": valid until %s", v->last_day);
	fl[SHOW_STATUS].value = t->status;
	snprintf(t->program, sizeof t->program, "%s (%s)", v->program, v->program_name);
	fl[SHOW_PROGRAM].value = t->program;
	lb_period_format_id(v->period, t->period);
	fl[SHOW_PERIOD].value = t->period;
	if (lb_date_parse(v->last_day, "last day", &d, NULL) == LB_OK)
		lb_date_format_id(d, t->last);
	else
		snprintf(t->last, sizeof t->last, "%s", v->last_day);
	fl[SHOW_LAST].value = t->last;
	snprintf(t->recipient, sizeof t->recipient, "%s (NIK %s)", v->recipient_name, v->nik_masked);
	fl[SHOW_RECIPIENT].value = t->recipient;
	fl[SHOW_PROXY].value = v->proxy_name[0] ? v->proxy_name : NULL;
	snprintf(t->village, sizeof t->village, "%s %s, Kec. %s", v->village, v->village_name, v->district_name);
	fl[SHOW_VILLAGE].value = t->village;
	snprintf(t->point, sizeof t->point, "%s (%s)", v->point, v->point_name);
	fl[SHOW_POINT].value = t->point;
	fl[SHOW_REPLACES].value = v->replaces_id ? v->replaces_text : NULL;
}

struct show_args {
	struct lb_slips_show_in in;
	const char *format;
};

static const struct lb_param voucher_show_params[] = {
#define F(x) offsetof(struct show_args, x)
	{ "SERIAL|PAYLOAD", 0, LB_P_ARG, LB_P_REQUIRED, F(in.text), NULL, "Nomor seri atau isi QR" },
	{ "format", 0, LB_P_STR, 0, F(format), "table|json", NULL },
#undef F
	LB_PARAM_END,
};

static int run_voucher_show(struct lb_ctx *ctx, void *arg)
{
	struct lb_field fl[SHOW_N] = {
		[SHOW_SERIAL] = { "serial", NULL },	  [SHOW_VERDICT] = { "verdict", NULL },
		[SHOW_STATUS] = { "status", NULL },	  [SHOW_PROGRAM] = { "program", NULL },
		[SHOW_PERIOD] = { "period", NULL },	  [SHOW_LAST] = { "valid until", NULL },
		[SHOW_RECIPIENT] = { "recipient", NULL }, [SHOW_PROXY] = { "proxy", NULL },
		[SHOW_VILLAGE] = { "village", NULL },	  [SHOW_POINT] = { "point", NULL },
		[SHOW_REPLACES] = { "replaces", NULL },
	};
	const struct show_args *a = arg;
	struct lb_slips_show_out out;
	struct show_text t;
	struct lb_zone z;
	struct lb_op op;
	enum lb_fmt fmt;
	int rc;

	if ((rc = lb_fmt_parse(a->format, LB_FMT_TABLE | LB_FMT_JSON, LB_FMT_TABLE, &fmt, &ctx->err)))
		return rc;
	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_slips_show(&op, &a->in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	if ((rc = lb_zone_get(ctx->db, &z, &ctx->err)))
		return rc;
	show_fields(&out.c, &z, &t, fl);
	if ((rc = lb_rdoc_record(ctx->out, fmt, fl, SHOW_N, &ctx->err)))
		return rc;
	if (out.c.verdict != LB_VERDICT_GENUINE)
		return lb_fail(&ctx->err, lb_verdict_exit(out.c.verdict), "%s", out.c.why);
	return LB_OK;
}

static const struct lb_param voucher_revoke_params[] = {
#define F(x) offsetof(struct lb_slips_revoke_in, x)
	{ "SERIAL", 0, LB_P_ARG, LB_P_REQUIRED, F(serial), NULL, "Nomor seri" },
	{ "reason", 0, LB_P_STR, LB_P_REQUIRED, F(reason), "TEXT", "Alasan" },
#undef F
	LB_PARAM_END,
};

static int run_voucher_revoke(struct lb_ctx *ctx, void *in)
{
	struct lb_slips_revoke_out out;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_slips_revoke(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	fprintf(ctx->out, "revoked voucher %s of %s (%s, %s): its slip is void\n", out.v.serial_text,
		out.v.recipient_name, out.v.village_name, out.v.program);
	return LB_OK;
}

static const struct lb_param voucher_reissue_params[] = {
#define F(x) offsetof(struct lb_slips_reissue_in, x)
	{ "SERIAL", 0, LB_P_ARG, 0, F(serial), NULL, "Nomor seri" },
	{ "reason", 0, LB_P_STR, 0, F(reason), "TEXT", "Alasan" },
	{ "output", 'o', LB_P_STR, 0, F(output), "FILE.pdf", NULL },
	{ "logo", 0, LB_P_STR, 0, F(logo), "FILE", NULL },
	{ "key", 0, LB_P_STR, 0, F(key), "FILE|KEYID", NULL },
	{ "program", 0, LB_P_STR, 0, F(program), "P", NULL },
	{ "period", 0, LB_P_STR, 0, F(period), "YYYY-MM", NULL },
	{ "force", 0, LB_P_FLAG, 0, F(force), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_voucher_reissue(struct lb_ctx *ctx, void *arg)
{
	const struct lb_slips_reissue_in *in = arg;
	struct lb_slips_reissue_out out;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_slips_reissue(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (!in->serial) {
		if (rc)
			return rc;
		fprintf(ctx->out, "reissued %ld open slip%s of %s for %s signed with key %s; the old slips are void\n",
			out.n, out.n == 1 ? "" : "s", out.program, in->period, in->key);
		if (out.n)
			fprintf(ctx->out, "print them with: lumbung voucher print --program %s --period %s -o FILE.pdf\n",
				out.program, in->period);
		return LB_OK;
	}
	/* the new voucher stands even when printing its slip failed */
	if (out.reissued)
		fprintf(ctx->out, "reissued voucher %s as %s for %s (%s, %s); the old slip is void\n",
			out.v.replaces_text, out.v.serial_text, out.v.recipient_name, out.v.village_name,
			out.v.program);
	if (rc)
		return rc;
	if (out.printed)
		fprintf(ctx->out, "wrote '%s'\n", in->output);
	else
		fprintf(ctx->out, "print it with: lumbung voucher print --program %s --period %04d-%02d --serial %s -o FILE.pdf\n",
			out.v.program, out.v.period / 12, out.v.period % 12 + 1, out.v.serial_text);
	return LB_OK;
}

static const struct lb_param voucher_print_params[] = {
#define F(x) offsetof(struct lb_slips_print_in, x)
	{ "program", 0, LB_P_STR, LB_P_REQUIRED, F(program), "P", "Program" },
	{ "period", 0, LB_P_STR, LB_P_REQUIRED, F(period), "YYYY-MM", "Periode" },
	{ "village", 0, LB_P_STR, 0, F(village), "CODE", "Desa" },
	{ "district", 0, LB_P_STR, 0, F(district), "CODE", "Kecamatan" },
	{ "serial", 0, LB_P_STR, 0, F(serial), "SERIAL", "Nomor seri" },
	{ "per-page", 0, LB_P_STR, 0, F(per_page), "1|2|4|8", "Kupon per halaman" },
	{ "logo", 0, LB_P_STR, 0, F(logo), "FILE", NULL },
	{ "key", 0, LB_P_STR, 0, F(key), "FILE", NULL },
	{ "max-slips", 0, LB_P_STR, 0, F(max_slips), "N", NULL },
	{ "threads", 0, LB_P_STR, 0, F(threads), "N", NULL },
	{ "output", 'o', LB_P_STR, LB_P_REQUIRED, F(output), "FILE.pdf", NULL },
	{ "force", 0, LB_P_FLAG, 0, F(force), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_voucher_print(struct lb_ctx *ctx, void *in)
{
	struct lb_slips_print_out out;
	const struct lb_print_result *res = &out.res;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_slips_print(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		goto done;
	fprintf(ctx->out, "printed %ld slip%s on %ld page%s in %d file%s:\n", res->slips, res->slips == 1 ? "" : "s",
		res->pages, res->pages == 1 ? "" : "s", res->nfiles, res->nfiles == 1 ? "" : "s");
	for (int i = 0; i < res->nfiles; i++)
		fprintf(ctx->out, "  %s\n", res->files[i]);
	if (res->created)
		fprintf(ctx->out, "(%ld new vouchers were made for this round's allocations)\n", res->created);
	if (res->per_page != out.per_page)
		fprintf(ctx->out, "(the whole package does not fit %d slips a page: printed %d a page)\n", out.per_page,
			res->per_page);
done:
	lb_print_result_free(&out.res);
	return rc;
}

static const struct lb_param voucher_list_params[] = {
#define F(x) offsetof(struct lb_slips_list_in, x)
	{ "program", 0, LB_P_STR, LB_P_REQUIRED, F(program), "P", "Program" },
	{ "period", 0, LB_P_STR, LB_P_REQUIRED, F(period), "YYYY-MM", "Periode" },
	{ "village", 0, LB_P_STR, 0, F(village), "CODE", "Desa" },
	{ "district", 0, LB_P_STR, 0, F(district), "CODE", "Kecamatan" },
	{ "point", 0, LB_P_STR, 0, F(point), "CODE", "Titik salur" },
	{ "format", 0, LB_P_STR, 0, F(format), "pdf|csv", "Format" },
	{ "output", 'o', LB_P_STR, LB_P_REQUIRED, F(output), "FILE", NULL },
	{ "force", 0, LB_P_FLAG, 0, F(force), NULL, NULL },
#undef F
	LB_PARAM_END,
};

static int run_voucher_list(struct lb_ctx *ctx, void *in)
{
	struct lb_slips_list_out out;
	struct lb_op op;
	int rc;

	lb_op_init(&op, ctx->db, ctx->operator);
	rc = lb_slips_list(&op, in, &out, &ctx->err);
	lb_cli_warnings(&op);
	lb_op_release(&op);
	if (rc)
		return rc;
	fprintf(ctx->out, "wrote the handover list of %ld recipients to '%s'\n", out.rows,
		((const struct lb_slips_list_in *)in)->output);
	return LB_OK;
}

const struct lb_cmd lb_cmds_voucher[] = {
	{ "key", "init", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Make this database's signing key: an Ed25519 key file (mode 0600) that\n"
	  "signs every slip's QR code. The database keeps only its public half.\n"
	  "The file is --key FILE, else $LUMBUNG_KEY, else\n"
	  "$HOME/.config/lumbung/<database id>.key. An existing file is never\n"
	  "overwritten. Back the file up: without it no slip can be printed.\n",
	  "make the key that signs slips",
	  key_init_params, sizeof(struct lb_key_init_in), run_key_init },
	{ "key", "rotate", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "Two forms:\n"
	  "  key rotate [--key FILE]\n"
	  "  key rotate --lost --reason TEXT [--key FILE]\n"
	  "\n"
	  "Start a new signing key. The old key is retired: new slips are signed\n"
	  "with the new one, and slips the old one signed stay valid. The old file\n"
	  "is kept as FILE.retired-<key id>. With --lost the old file is gone: a\n"
	  "new key is made at FILE (which must not exist) and the loss recorded.\n",
	  "start a new signing key",
	  key_rotate_params, sizeof(struct lb_key_rotate_in), run_key_rotate, "/admin/kunci/ganti" },
	{ "key", "revoke", NULL, LB_CMD_DB | LB_CMD_WRITE | LB_CMD_WEB,
	  "A key file may have been copied: from now on every slip signed with\n"
	  "key KEYID (8 hex digits, see 'key list') is refused, with a reason that\n"
	  "says to reissue it. Then 'key rotate' (or 'key rotate --lost') and\n"
	  "'voucher reissue --key KEYID --program P --period YYYY-MM' for each round.\n",
	  "revoke a compromised signing key",
	  key_revoke_params, sizeof(struct lb_key_revoke_in), run_key_revoke, "/admin/kunci/cabut" },
	{ "key", "list", NULL, LB_CMD_DB | LB_CMD_WEB,
	  "The database's signing keys (public halves), oldest first.\n",
	  "list signing keys",
	  lb_list_params, sizeof(struct lb_list_in), run_key_list, "/admin/kunci" },
	{ "voucher", "print", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Print the signed slips (kupon) of a program's round, grouped by district\n"
	  "and village, each village on a new page (8 per A4 sheet unless --per-page).\n"
	  "Allocations without a voucher get one first. --serial prints one slip.\n"
	  "Up to --max-slips slips (default 5000) go in FILE.pdf; a larger run is\n"
	  "split into FILE-001.pdf, FILE-002.pdf, ... each holding whole villages\n"
	  "where it can (a village larger than N is split at a page break).\n"
	  "--logo is a PNG or JPEG printed on each slip. An existing file is\n"
	  "refused unless --force.\n",
	  "print signed slips as PDF",
	  voucher_print_params, sizeof(struct lb_slips_print_in), run_voucher_print },
	{ "voucher", "list", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "The handover list (daftar penerima) of a village, of every village of a\n"
	  "district, or of every village collecting at a point: one row per slip with\n"
	  "the recipient's name, masked NIK, serial, proxy, the date received and a\n"
	  "column to sign or put a thumbprint in. The PDF is the office's paper (kop,\n"
	  "number, place and date, signatories; see 'lumbung settings'), one statement\n"
	  "per village, its pages numbered 'Halaman i dari n'. An existing FILE is\n"
	  "refused unless --force.\n",
	  "print handover lists",
	  voucher_list_params, sizeof(struct lb_slips_list_in), run_voucher_list },
	{ "voucher", "reissue", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Two forms:\n"
	  "  voucher reissue SERIAL --reason TEXT [-o FILE.pdf] [--logo FILE] [--key FILE]\n"
	  "  voucher reissue --key KEYID --program P --period YYYY-MM [--reason TEXT]\n"
	  "\n"
	  "Replace a lost or damaged slip: the old serial is revoked and a new\n"
	  "voucher made for the same allocation. With -o its slip is printed (an\n"
	  "existing FILE.pdf is refused unless --force).\n"
	  "With --key KEYID (8 hex digits, see 'key list') instead of a SERIAL:\n"
	  "every open slip of the round issued under that key (after 'key revoke'\n"
	  "and 'key rotate') is reissued under the current key in one step.\n",
	  "replace a lost or damaged slip",
	  voucher_reissue_params, sizeof(struct lb_slips_reissue_in), run_voucher_reissue },
	{ "voucher", "revoke", NULL, LB_CMD_DB | LB_CMD_WRITE,
	  "Make a slip void, for good.\n",
	  "make a slip void",
	  voucher_revoke_params, sizeof(struct lb_slips_revoke_in), run_voucher_revoke },
	{ "voucher", "show", NULL, LB_CMD_DB,
	  "Decode and check a slip's QR text (or a typed serial) and print its\n"
	  "status and details. Exit status: 0 genuine (whatever its status),\n"
	  "2 unreadable, 3 readable but not genuine (bad signature, unknown key,\n"
	  "unknown serial). --format json gives the same fields as one object.\n",
	  "check a slip and show its status",
	  voucher_show_params, sizeof(struct show_args), run_voucher_show },
	{ 0 },
};
