/*
 * pages.h — one request and its response as every page sees them, and
 * the registry of pages (web/pages.c): path, the capabilities it needs,
 * the methods it takes, its handler.
 *
 * Each request is checked before its page runs by web/dispatch.c, the
 * one place that does it; a page never checks a login or a token.
 *
 * The server (web/server.c) fills lb_req from libmicrohttpd and sends
 * lb_resp; pages never see the transport.
 *
 * Memory: lb_resp owns its body (lb_buf) and, for a download, its fd;
 * lb_resp_release frees both.
 */
#ifndef LB_WEB_PAGES_H
#define LB_WEB_PAGES_H

#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "web/user.h"
#include "inventory/location.h"
#include "web/request.h"
#include "web/session.h"

struct lb_req {
	const char *method;       /* GET, HEAD or POST */
	const char *path;         /* without the query */
	const char *address;      /* the client's address */
	const char *host;         /* Host header (or "") */
	const char *origin;       /* Origin header, NULL when absent */
	const char *cookie;       /* Cookie header, NULL when absent */
	int tls;
	int64_t now;              /* unix seconds */
	struct lb_form query;     /* the query string */
	struct lb_form form;      /* a POST body's fields */
	lb_db *db;
	int bad_body;             /* the body could not be decoded (400 once past the session check) */
	/* set by lb_web_handle before the page runs */
	int logged_in;
	struct lb_user user;
	char token[LB_TOKEN_HEX + 1]; /* the session (or pre-login) token */
	char csrf[LB_TOKEN_HEX + 1];  /* the CSRF token forms carry */
	/* the codes of a penyalur's points (user.points), for rows that
	 * name their point by code; see lb_web_sees_point */
	char point_codes[LB_USER_POINTS_MAX][LB_CODE_MAX + 2];
	lb_err err;               /* a page's failure: English, shown only as "Rincian teknis" */
	int why_kind;             /* a page's failure as an error kind (web/html.h), 0: by its status */
	const char *why;          /* ... and in Bahasa Indonesia (a literal), NULL: the kind's own */
	/* a writing page's one-time key (web/idem.h) */
	char idem_key[LB_TOKEN_HEX + 1];
	int idem_held;            /* held by this request until lb_idem_end */
	int idem_stored;          /* the page stored its answer in its own transaction */
};

#define LB_RESP_COOKIES 3

struct lb_resp {
	int status;               /* 200, 303, 403 ... */
	const char *type;         /* Content-Type */
	lb_buf body;
	char location[512];       /* redirect target, "" when none */
	char cookies[LB_RESP_COOKIES][256]; /* Set-Cookie values */
	int ncookies;
	int fd;                   /* a download: stream this file (-1: none) */
	int64_t fd_size;
	char filename[128];       /* Content-Disposition attachment name */
	int cache;                /* static assets: may be cached */
};

void lb_resp_init(struct lb_resp *r);
void lb_resp_release(struct lb_resp *r);
/* A redirect (303 See Other) to path. */
void lb_resp_redirect(struct lb_resp *r, const char *path);
/* Add a Set-Cookie value (name=value plus the attributes every lumbung
 * cookie has: Path=/, HttpOnly, SameSite=Strict, Secure under TLS). A
 * max_age of 0 deletes the cookie. */
void lb_resp_cookie(struct lb_resp *r, const struct lb_req *q, const char *name, const char *value,
		    long max_age);

typedef int (*lb_page_fn)(struct lb_req *q, struct lb_resp *r);

enum {
	LB_PG_PUBLIC = 1, /* no login needed (login page, assets) */
	LB_PG_GET = 2,    /* takes GET (and HEAD) */
	LB_PG_POST = 4,   /* takes POST (CSRF-checked) */
	LB_PG_HEAVY = 8,  /* may take seconds (reports): at most LB_WEB_HEAVY at once */
	LB_PG_WRITE = 16, /* its POST writes: one-time key required, answer replayed (web/idem.h) */
	LB_PG_UPLOAD = 32, /* its POST may carry files (multipart, up to LB_WEB_UPLOAD_MAX) */
};

#define LB_WEB_HEAVY 2

struct lb_page {
	const char *path;
	const char *caps;  /* capability letters needed (web/user.h) */
	unsigned flags;
	lb_page_fn fn;
	const char *menu;  /* its name in the menu, NULL when not there */
};

/* The registry, terminated by an entry with path NULL. */
extern const struct lb_page lb_pages[];
const struct lb_page *lb_page_find(const char *path);

/* Say how a page failed, for the error page: kind (enum lb_web_err)
 * and why in Bahasa Indonesia (a string literal, or NULL). Returns rc,
 * so that a page writes `return lb_web_why(q, rc, LB_WE_NOTFOUND, "...")`;
 * a zero rc sets nothing. */
int lb_web_why(struct lb_req *q, int rc, int kind, const char *why);

/* May the user see figures of this point (by code, or by location id
 * when code is NULL)? Every user sees every point, except a penyalur
 * (user.limited), who sees only the points named with --point. Pages
 * that show figures per point or per attempt narrow them through this
 * one check, so a penyalur never sees another point's figures. */
int lb_web_sees_point(const struct lb_req *q, const char *code, int64_t location_id);

/* The handlers, one group per pages_*.c. */
int lb_pg_login(struct lb_req *q, struct lb_resp *r);
int lb_pg_logout(struct lb_req *q, struct lb_resp *r);
int lb_pg_asset(struct lb_req *q, struct lb_resp *r);
int lb_pg_home(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_ledger(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_expiring(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_receive(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_move(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_adjust(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_count(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_reverse(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_sheet(struct lb_req *q, struct lb_resp *r);
/* The table of lots expiring within days (the stock page and Beranda). */
int lb_pg_expiring_table(struct lb_req *q, struct lb_resp *r, int within);
int lb_pg_recipients(struct lb_req *q, struct lb_resp *r);
int lb_pg_recipient(struct lb_req *q, struct lb_resp *r);
int lb_pg_recipient_nik(struct lb_req *q, struct lb_resp *r);
int lb_pg_recipient_add(struct lb_req *q, struct lb_resp *r);
int lb_pg_recipient_edit(struct lb_req *q, struct lb_resp *r);
int lb_pg_recipient_status(struct lb_req *q, struct lb_resp *r);
int lb_pg_allocate(struct lb_req *q, struct lb_resp *r);
int lb_pg_allocate_confirm(struct lb_req *q, struct lb_resp *r);
int lb_pg_duplicates(struct lb_req *q, struct lb_resp *r);
int lb_pg_duplicates_nik(struct lb_req *q, struct lb_resp *r);
/* Pairs of likely duplicates waiting for review (for links that count them). */
int lb_web_duplicates_open(struct lb_req *q, long *n);
int lb_pg_duplicate_review(struct lb_req *q, struct lb_resp *r);
int lb_pg_programs(struct lb_req *q, struct lb_resp *r);
int lb_pg_program(struct lb_req *q, struct lb_resp *r);
int lb_pg_program_add(struct lb_req *q, struct lb_resp *r);
int lb_pg_program_package(struct lb_req *q, struct lb_resp *r);
int lb_pg_program_quota(struct lb_req *q, struct lb_resp *r);
int lb_pg_flag(struct lb_req *q, struct lb_resp *r);
int lb_pg_flags(struct lb_req *q, struct lb_resp *r);
int lb_pg_flag_decide(struct lb_req *q, struct lb_resp *r);
int lb_pg_flag_photo(struct lb_req *q, struct lb_resp *r);
int lb_pg_rounds(struct lb_req *q, struct lb_resp *r);
int lb_pg_round(struct lb_req *q, struct lb_resp *r);
int lb_pg_redemptions(struct lb_req *q, struct lb_resp *r);
int lb_pg_reports(struct lb_req *q, struct lb_resp *r);
int lb_pg_report(struct lb_req *q, struct lb_resp *r);
int lb_pg_report_download(struct lb_req *q, struct lb_resp *r);
int lb_pg_period_close(struct lb_req *q, struct lb_resp *r);
int lb_pg_users(struct lb_req *q, struct lb_resp *r);
int lb_pg_user_add(struct lb_req *q, struct lb_resp *r);
int lb_pg_user_disable(struct lb_req *q, struct lb_resp *r);
int lb_pg_keys(struct lb_req *q, struct lb_resp *r);
int lb_pg_key_rotate(struct lb_req *q, struct lb_resp *r);
int lb_pg_key_revoke(struct lb_req *q, struct lb_resp *r);
int lb_pg_audit(struct lb_req *q, struct lb_resp *r);
int lb_pg_redeem(struct lb_req *q, struct lb_resp *r);
int lb_pg_redeem_undo(struct lb_req *q, struct lb_resp *r);
int lb_pg_redeem_photo(struct lb_req *q, struct lb_resp *r);
int lb_pg_print(struct lb_req *q, struct lb_resp *r);
int lb_pg_print_job(struct lb_req *q, struct lb_resp *r);
int lb_pg_print_status(struct lb_req *q, struct lb_resp *r);
int lb_pg_print_file(struct lb_req *q, struct lb_resp *r);
int lb_pg_kit(struct lb_req *q, struct lb_resp *r);
/* imports with a preview before the confirm (pages_import.c) */
int lb_pg_stock_import(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_import_post(struct lb_req *q, struct lb_resp *r);
int lb_pg_stock_import_rejects(struct lb_req *q, struct lb_resp *r);
int lb_pg_recipient_import(struct lb_req *q, struct lb_resp *r);
int lb_pg_recipient_import_post(struct lb_req *q, struct lb_resp *r);
int lb_pg_recipient_import_rejects(struct lb_req *q, struct lb_resp *r);
int lb_pg_screen(struct lb_req *q, struct lb_resp *r);
int lb_pg_screen_post(struct lb_req *q, struct lb_resp *r);
int lb_pg_screen_rejects(struct lb_req *q, struct lb_resp *r);
/* keuangan: BAST per village and as a zip, finance figures; admin: settings, backup */
int lb_pg_bast(struct lb_req *q, struct lb_resp *r);
int lb_pg_bast_zip(struct lb_req *q, struct lb_resp *r);
int lb_pg_finance(struct lb_req *q, struct lb_resp *r);
int lb_pg_finance_pagu(struct lb_req *q, struct lb_resp *r);
int lb_pg_finance_price(struct lb_req *q, struct lb_resp *r);
int lb_pg_finance_replacement(struct lb_req *q, struct lb_resp *r);
int lb_pg_settings(struct lb_req *q, struct lb_resp *r);
int lb_pg_settings_logo(struct lb_req *q, struct lb_resp *r);
int lb_pg_settings_logo_upload(struct lb_req *q, struct lb_resp *r);
int lb_pg_backup(struct lb_req *q, struct lb_resp *r);

#endif
