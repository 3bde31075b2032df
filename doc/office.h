/*
 * office.h — what every document of the office carries besides its
 * content, read from the settings (core/settings.c, section "office
 * documents"): the kop surat with its logo, the place of signing, the
 * paper size, and the signatories by role; and how they are drawn: the
 * kop at the top of a first page, signature blocks, quantities in packs
 * and base units ("10 kg (1 karung)").
 *
 * Roles: kepala_dinas, ppk, bendahara, petugas, pengurus_barang (preset
 * in the settings) and kepala_desa (the village's head, named on paper by
 * hand: no NIP line).
 *
 * Memory: lb_office_load fills a caller-owned struct that
 * lb_office_release frees (the logo's bytes).
 */
#ifndef LB_OFFICE_H
#define LB_OFFICE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "doc/pdf.h"

enum { LB_ROLE_KEPALA_DINAS, LB_ROLE_PPK, LB_ROLE_BENDAHARA, LB_ROLE_PETUGAS, LB_ROLE_PENGURUS_BARANG,
       LB_ROLE_KEPALA_DESA, LB_ROLE_N };

struct lb_signer {
	char name[128];    /* "" when not preset: a dotted line to fill in */
	char nip[40];      /* "" when none */
	char jabatan[160];
};

struct lb_office {
	char pemerintah[200], dinas[200], alamat[300], telepon[100], email[100];
	char place[100];       /* "" when not set */
	double page_w, page_h; /* portrait, points: A4 or F4 */
	int f4;
	struct lb_signer signer[LB_ROLE_N];
	lb_buf logo;           /* PNG or JPEG bytes; empty when none */
};

int lb_office_load(lb_db *db, struct lb_office *o, lb_err *e);
void lb_office_release(struct lb_office *o);

/* The role named ("ppk"), or -1. */
int lb_office_role(const char *name);

/* Parse a comma-separated list of roles (a setting's value) into roles,
 * at most max; "-" is none. Returns how many. Unknown names are skipped
 * (the setting's check refused them already). */
int lb_office_roles(const char *list, int *roles, int max);

/* Draw the kop at the top of the current page (x, y: top-left, w wide)
 * and set *used to its height, the double rule under it included. */
int lb_office_kop(lb_pdf *p, const struct lb_office *o, double x, double y, double w, double *used,
		  lb_err *e);
/* The height lb_office_kop uses. */
double lb_office_kop_height(void);

/* Add a portrait page of the office's paper. */
int lb_office_page(lb_pdf *p, const struct lb_office *o, lb_err *e);

/* One signature block w wide at (x, y): the lines of above (may be
 * NULL; "Mengetahui,"), the jabatan (may wrap to two lines), room to
 * sign, the name in bold (or a dotted line), and "NIP. ..." when the
 * signer has one. Height: lb_office_sign_height(). */
int lb_office_sign(lb_pdf *p, double x, double y, double w, const char *above, const char *jabatan,
		   const char *name, const char *nip, lb_err *e);
double lb_office_sign_height(void);

/* Blocks for the roles given, side by side across w (two per row, a
 * third centred below), headed "place, date" above the rightmost. above
 * gives each block's first line (NULL: none for the first two,
 * "Mengetahui," for those below them). *used receives the height.
 * village names the Kepala Desa/Lurah's village. */
int lb_office_sign_roles(lb_pdf *p, const struct lb_office *o, double x, double y, double w,
			 const int *roles, const char *const *above, int n, const char *village,
			 const char *place_date, double *used, lb_err *e);
double lb_office_sign_roles_height(int n);

/* qty base units of item as people count them: "10 kg (1 karung)",
 * "45 butir (1 rak 15 butir)", or "10 kg" when no pack fits. */
int lb_office_qty(lb_db *db, int64_t item_id, int64_t qty, const char *unit, char *out, size_t n,
		  lb_err *e);
/* The same in two lines for a narrow table cell: "24.600 butir" over
 * "(820 rak)", or "24.615 butir" over "(820 rak 15 butir)". */
int lb_office_qty_lines(lb_db *db, int64_t item_id, int64_t qty, const char *unit, char *out, size_t n,
			lb_err *e);

/* ---- paper tables: statements laid out a page at a time ----
 * Margins (points) of the office's statements, the size of table text
 * and of paragraphs. */
#define LB_PAPER_ML LB_PDF_MM(20)
#define LB_PAPER_MR LB_PDF_MM(15)
#define LB_PAPER_MT LB_PDF_MM(12)
#define LB_PAPER_MB LB_PDF_MM(16)
#define LB_PAPER_FS 8.0
#define LB_PAPER_PS 9.5

struct lb_paper_col {
	const char *title;
	double w;        /* points; 0 draws nothing */
	int align, wrap; /* wrap: the cell may take several lines (names); codes never break */
};

/* Column flex takes what the others leave of W. */
void lb_paper_widths(struct lb_paper_col *c, int n, int flex, double W);
/* The height a row needs: its tallest wrapping cell, at least min. */
int lb_paper_row_height(lb_pdf *p, const struct lb_paper_col *c, int n, const char *const *cell, double min,
			double *h, lb_err *e);
/* A row of cells with their grid at (x, y), h high; head: centred
 * titles; shade < 1 fills the cells with that gray. */
int lb_paper_row(lb_pdf *p, double x, double y, double h, const struct lb_paper_col *c, int n,
		 const char *const *cell, int font, int head, double shade, lb_err *e);

/* A paragraph of a statement: measured first (lb_paper_measure fills h),
 * then drawn. */
struct lb_para {
	const char *text;
	int font, align;
	double indent, gap, h;
};
int lb_paper_measure(lb_pdf *p, double W, struct lb_para *ps, int n, double *total, lb_err *e);
int lb_paper_paras(lb_pdf *p, double x, double *y, double W, const struct lb_para *ps, int n, lb_err *e);

/* The foot of a page: left (the document and its number) and "Halaman
 * page dari pages". */
int lb_paper_foot(lb_pdf *p, const struct lb_office *o, const char *left, int page, int pages, lb_err *e);

/* Store the logo at path (PNG or JPEG) in the database, replacing any;
 * "" removes it. LB_EINPUT when the file cannot be read or is not an image. */
int lb_office_logo_set(lb_db *db, const char *path, const char *operator, lb_err *e);

#endif
