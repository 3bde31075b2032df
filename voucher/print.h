/*
 * print.h — a print run: the signed slips of a program's round, as PDF.
 *
 * A run reads its slips from SQLite in district, village, name order
 * (never more than a few files' worth of rows in memory), signs each
 * payload with the signing key (Ed25519 is deterministic: printing again
 * gives the same QR codes), encodes the QR code and draws the slip
 * (slip.h). Worker threads each draw whole files, so a large run uses
 * every core.
 *
 * Files: a run of at most max_slips slips goes into the output path as
 * given. A larger run is split into STEM-001.pdf, STEM-002.pdf, ... (STEM
 * is the output path without its ".pdf"), in slip order: a file takes
 * whole villages while they fit within max_slips slips; a village with
 * more slips than that is cut into files of whole sheets. Each file is
 * written under a private temporary name (core/file.h) and only given its
 * final name when every file of the run is complete, so a failed run
 * leaves no file, half written or not, under a final name. An existing
 * file is replaced only with force.
 *
 * Memory: struct lb_print_result owns its file names; free them with
 * lb_print_result_free. The signing key is borrowed.
 */
#ifndef LB_PRINT_H
#define LB_PRINT_H

#include "core/db.h"
#include "core/progress.h"
#include "voucher/keys.h"
#include "voucher/voucher.h"

#define LB_PRINT_MAX_SLIPS 5000

struct lb_print_opts {
	const char *program;   /* program code */
	int period;            /* the round's first month, year*12 + month-1 */
	const char *village;   /* NULL, or only this village's slips */
	const char *district;  /* NULL, or only this district's */
	const char *serial;    /* NULL, or only this voucher's slip */
	int per_page;          /* 1, 2, 4 or 8 */
	long max_slips;        /* per file; 0: LB_PRINT_MAX_SLIPS */
	int threads;           /* drawing threads; 0: one per core, at most 4 */
	const char *logo;      /* NULL, or a PNG or JPEG */
	const char *output;    /* FILE.pdf */
	int force;             /* existing files may be replaced (--force) */
	const struct lb_progress *progress; /* NULL, or told the slips drawn so far
					     * (from a drawing thread) as each file is done */
};

struct lb_print_result {
	long slips, pages;
	long created;          /* vouchers made for allocations that had none */
	int per_page;          /* as printed: 4 when the package was too long for 8 */
	int nfiles;
	char **files;          /* final names, in slip order */
};

void lb_print_result_free(struct lb_print_result *r);

/* Can a file be made at path? LB_EINPUT when its folder is missing or not
 * writable, path is a folder or a link, or it exists and force is 0
 * (core/file.h). Leaves nothing behind. */
int lb_print_check_output(const char *path, int force, lb_err *e);

/* NULL is fine; otherwise the file must be a PNG or JPEG that can be
 * embedded (LB_EINPUT naming it). */
int lb_print_check_logo(const char *path, lb_err *e);

/* A program's round, narrowed to a village, a district or a serial, as
 * print and the handover list select it. */
struct lb_print_sel {
	struct lb_voucher_program prog;
	int64_t program_id;
	char period[8];            /* YYYY-MM */
	const char *village, *district; /* NULL: any */
	int has_serial;
	uint64_t serial;
	long printable;            /* slips it will have */
};

/* Check a selection without writing: LB_EINPUT for an unknown program,
 * a period that is not one of its rounds, an unknown village or district
 * or a malformed serial; LB_ERULE when the round has no allocations yet or
 * nothing in the selection has (or will get) a valid voucher. */
int lb_print_select(lb_db *db, const char *program, int period, const char *village,
		    const char *district, const char *serial, struct lb_print_sel *s, lb_err *e);

/*
 * The whole run. Everything that can refuse is checked before anything is
 * written: LB_EINPUT for an unknown program, a period that is not one of
 * its rounds, an unknown village, district or serial, a bad logo or an
 * output that cannot be written; LB_ERULE when the round has no
 * allocations yet or the selection has no slip to print. Then
 * allocations without a voucher get one (lb_voucher_create_missing) and
 * the files are written. k must be this database's current signing key
 * (lb_signing_key_usable).
 */
int lb_print_run(lb_db *db, const struct lb_signing_key *k, const struct lb_print_opts *o,
		 struct lb_print_result *r, lb_err *e);

/* One voucher's slip alone (reissue -o), at its size on a sheet of the
 * round's layout (setting office.slip_per_page), marked PENGGANTI with
 * the serial it replaces when it replaces one: the same layout, signature
 * and atomic save. */
int lb_print_one(lb_db *db, const struct lb_signing_key *k, const struct lb_voucher *v,
		 const char *logo, const char *output, int force, lb_err *e);

/* The package of the program's round as a slip prints it: "Beras 10 kg,
 * Minyak goreng 2 liter". Caller owns out (lb_buf). "" when the program
 * has no package. */
struct lb_buf;
int lb_print_package_text(lb_db *db, int64_t program_id, int period, struct lb_buf *out,
			  lb_err *e);
/* What the package is worth at its contracted prices (0 when unknown). */
int lb_print_package_value(lb_db *db, int64_t program_id, int period, int64_t *value, lb_err *e);

#endif
