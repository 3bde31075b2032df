/*
 * fuzz_fieldkit.c — libFuzzer target for the field kit changeset checker
 * (lb_kit_changeset_check in voucher/fieldkit.c), the code that reads
 * bytes a kit brings back from the field before anything of them is
 * applied. Malformed changesets have been an attack path into SQLite, and
 * SQLite 3.40's own reader loops forever on some (a lone table header), so
 * the checker parses the format itself first; this target holds it to
 * that. Seeds: tests/fuzz/corpus/fieldkit (real kit log changesets and
 * crafted refusals).
 *
 * Promises checked: a refusal is LB_EINPUT with a message and leaves the
 * rows of earlier calls exactly as they were; an acceptance appends at
 * least one row, and every row holds what the checker promises (ids
 * positive, texts NUL-terminated and within their fields, known outcome
 * codes, movements that are issues or reversals).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voucher/kitcheck.h"
#include "voucher/redeem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static int terminated(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lb_kit_changes c = { 0 };
	size_t before;
	lb_err e;
	int rc;

	/* A row already there must survive a refusal untouched. */
	c.red = calloc(1, sizeof *c.red);
	check(c.red != NULL);
	c.capred = 1;
	c.nred = 1;
	c.red[0].id = 77;
	lb_err_clear(&e);
	rc = lb_kit_changeset_check(data, size, &c, &e);
	before = 1;
	if (rc) {
		check(rc == LB_EINPUT && e.msg[0]);
		check(c.nred == before && c.nundo == 0 && c.natt == 0 && c.nmov == 0);
		check(c.red[0].id == 77);
		lb_kit_changes_free(&c);
		return 0;
	}
	check(c.nred + c.nundo + c.natt + c.nmov > before);
	for (size_t i = 1; i < c.nred; i++) {
		const struct lb_kit_redemption *r = &c.red[i];
		check(r->id > 0 && r->voucher_id > 0 && r->allocation_id > 0 && r->point_id > 0);
		check(terminated(r->operator, sizeof r->operator) && r->operator[0]);
		check(strlen(r->day) == 10 && (r->manual == 0 || r->manual == 1));
		check(terminated(r->proxy, sizeof r->proxy) && terminated(r->override_reason, sizeof r->override_reason));
	}
	for (size_t i = 0; i < c.nundo; i++)
		check(c.undo[i].redemption_id > 0 && c.undo[i].reason[0] && strlen(c.undo[i].day) == 10);
	for (size_t i = 0; i < c.natt; i++) {
		const struct lb_kit_attempt *a = &c.att[i];
		check(a->id > 0 && a->point_id > 0);
		check(a->outcome >= 0 && a->outcome < LB_OUT_COUNT && a->outcome != LB_OUT_CONFLICT);
		check(terminated(a->payload, sizeof a->payload) && terminated(a->detail, sizeof a->detail));
		check(terminated(a->file, sizeof a->file) && terminated(a->serial, sizeof a->serial));
	}
	for (size_t i = 0; i < c.nmov; i++) {
		const struct lb_kit_movement *m = &c.mov[i];
		check(m->id > 0 && m->qty > 0 && m->from_id != m->to_id);
		check(m->reverse ? m->reverses > 0 && !m->redemption_id : m->redemption_id > 0 && !m->reverses);
	}
	lb_kit_changes_free(&c);
	return 0;
}
