/*
 * slip.h — the layout of a voucher slip (kupon) and of the sheets they are
 * printed on. Draws through doc/pdf.h; knows nothing of the database.
 *
 * Sheets are A4 portrait cut into equal cells by dashed cut lines:
 *   --per-page 8  2 × 4 cells of 105 × 74.25 mm (landscape slips)
 *   --per-page 4  2 × 2 cells of 105 × 148.5 mm (portrait slips)
 *   --per-page 2  1 × 2 cells of 210 × 148.5 mm (landscape, twice the size)
 *   --per-page 1  the whole sheet              (portrait, twice the size)
 * filled left to right, top to bottom.
 *
 * A slip shows the office's name (and logo), the title KUPON BANTUAN
 * PANGAN and the program, the recipient's name and masked NIK, village and
 * district, the point where they collect, the period ("Januari 2026"), the
 * valid-until day ("31 Januari 2026"), the proxy (wakil) when there is one,
 * the whole package (never cut: a recipient must see the entitlement) and
 * its value, the QR code with the serial under it, "Bawa kupon ini dan
 * KTP", that it is free and not for sale, and two signature boxes
 * (penerima, petugas). A reissued slip is marked PENGGANTI with the
 * serial it replaces. Labels are at least 8 pt at 8 per page.
 *
 * Grouping: slips come in district-then-village order, and every village
 * starts on a new sheet, so a village's sheets can be handed to its team
 * without cutting another village's slips.
 *
 * Memory: struct lb_slip_doc borrows the lb_pdf and every string given to
 * it (they must outlive it); struct lb_slip is the caller's, read only
 * during the call. Nothing here allocates.
 */
#ifndef LB_SLIP_H
#define LB_SLIP_H

#include "core/err.h"
#include "doc/pdf.h"

/* One slip's text, UTF-8; NULL or "" prints nothing for that line (a
 * proxy), or a dash for a required field. */
struct lb_slip {
	const char *name;
	const char *nik_masked;    /* lb_nik_mask: never the whole NIK */
	const char *village_name;
	const char *district_name;
	const char *point_name;
	const char *proxy_name;
	const char *period_text;   /* "Januari 2026" */
	const char *valid_until;   /* "31 Januari 2026" */
	const char *serial_text;   /* "04HM-ASW9-5" */
	const char *package;       /* "Beras 10 kg (1 karung), Minyak goreng 2 liter, ..."
				    * items separated by ", ": a line breaks only
				    * between items, so a quantity stays with its unit */
	const char *value_text;    /* "Rp176.000": what the package is worth; NULL: not shown */
	const char *replaces;      /* serial of the slip a reissued one replaces; NULL: none */
	int qr_width;              /* modules per side */
	const unsigned char *qr;   /* qr_width², 1 dark 0 light */
};

struct lb_slip_doc {
	lb_pdf *pdf;
	int per_page;              /* 1, 2, 4 or 8 */
	const char *org;           /* meta org_name */
	const char *program_name;  /* printed under the title; may be NULL */
	const char *logo;          /* PNG or JPEG path; NULL for none */
	/* state */
	int cell;                  /* next cell on the current sheet */
	int started;               /* a sheet is open */
	char group[64];            /* the village of the current sheet */
	long pages, slips;
	/* the package laid out once: a run's slips share one package */
	char pkg_src[1200], pkg_text[1200];
	double pkg_size;
	int pkg_lines;
};

/* Is n a --per-page value we lay out? */
int lb_slip_per_page_valid(int n);

/* Cell i (0-based) of a sheet with per_page cells, in points from the
 * page's top-left corner. */
void lb_slip_cell(int per_page, int i, double *x, double *y, double *w, double *h);

/* Set up d to lay slips out in pdf. LB_EINPUT for a bad per_page. */
int lb_slip_doc_init(struct lb_slip_doc *d, lb_pdf *pdf, int per_page, const char *org,
		     const char *program_name, const char *logo, lb_err *e);

/* Add a slip for village (any string naming the group): on the next free
 * cell, or on a new sheet when the sheet is full or the village differs
 * from the sheet's. */
int lb_slip_add(struct lb_slip_doc *d, const char *village, const struct lb_slip *s, lb_err *e);

/* The lines the package takes on a slip of per_page, and how many the
 * layout has room for: a package that does not fit 8 a page is printed
 * fewer a page (voucher/print.c). */
int lb_slip_package_lines(lb_pdf *pdf, int per_page, const char *package, int has_proxy, int *lines,
			  int *room, lb_err *e);

/* Start a new sheet for the next slip whatever the village: used where a
 * run is split over files. */
void lb_slip_break(struct lb_slip_doc *d);

#endif
