/*
 * uploads.h — files uploaded for an import, kept between the preview and
 * the confirm (web/pages_import.c), so that what is posted is exactly
 * what was previewed.
 *
 * The bytes go to a private file (0600) in a private folder (0700),
 * DB.web/impor/, beside the database: the import operations read a path
 * (an XLSX is a zip, read by seeking), and a 32 MB upload per waiting
 * preview would otherwise stay in the server's memory. What the file is
 * (its token, the user it belongs to, its SHA-256, when it expires, its
 * state) is kept only in the server's memory: a token dies with the
 * server, and the folder's leftovers are removed when the store is first
 * used. One server process per database (what `lumbung serve` is).
 *
 * A token is 64 random hex digits; it is good only for the user who
 * uploaded, for its kind of import, for LB_UPLOAD_SECONDS, and while the
 * file still has the SHA-256 it had when uploaded. At most
 * LB_UPLOAD_PER_USER files wait per user and LB_UPLOAD_HELD in all: past
 * that the oldest is dropped (its preview then has to be made again).
 *
 * A confirm claims the token (lb_upload_claim) so that two confirms of
 * one preview cannot both post; after posting the file is removed
 * (lb_upload_posted), keeping only the rejects file of a "good rows only"
 * posting for download until the token expires.
 *
 * Memory: nothing here allocates for the caller; entries live in a fixed
 * table guarded by a mutex.
 */
#ifndef LB_WEB_UPLOADS_H
#define LB_WEB_UPLOADS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/db.h"
#include "web/session.h"

#define LB_UPLOAD_SECONDS (30 * 60)
#define LB_UPLOAD_PER_USER 4
#define LB_UPLOAD_HELD 64
#define LB_UPLOAD_PATH 1100
#define LB_UPLOAD_OPTS 256 /* the options previewed with it, as the page encodes them */

/* Why a token cannot be used (the page words each in Bahasa Indonesia). */
enum lb_upload_why {
	LB_UP_OK = 0,
	LB_UP_UNKNOWN,  /* no such token (never, dropped, or the server restarted) */
	LB_UP_EXPIRED,  /* older than LB_UPLOAD_SECONDS */
	LB_UP_OTHER,    /* another user's, or another kind of import's */
	LB_UP_CHANGED,  /* the file no longer has the SHA-256 it was uploaded with */
	LB_UP_BUSY,     /* being posted right now by another request */
	LB_UP_POSTED,   /* posted already */
};

/* Keep data (len bytes) for user_id as kind ("stok", "penerima",
 * "saring") with the options it was previewed with (opts, kept with it
 * so that the confirm posts exactly what was previewed); token and path
 * (LB_UPLOAD_PATH bytes) receive the new token and the file it is in. */
int lb_upload_keep(lb_db *db, int64_t user_id, const char *kind, const char *opts, const char *data, size_t len,
		   int64_t now, char token[LB_TOKEN_HEX + 1], char *path, lb_err *e);

/* Look token up for user_id and kind: LB_UP_OK with path and opts
 * (LB_UPLOAD_OPTS bytes) filled and the file checked against its
 * SHA-256, or why not. With claim, the token is held until
 * lb_upload_release or lb_upload_posted. */
int lb_upload_find(lb_db *db, int64_t user_id, const char *kind, const char *token, int64_t now, int claim,
		   char *path, char *opts);
void lb_upload_release(const char *token);
/* Forget token and remove its files (a file refused as a whole). */
void lb_upload_drop(const char *token);
/* The file was posted: remove it. rejects (may be NULL) names the file of
 * the rows left out, kept for lb_upload_rejects until the token expires. */
void lb_upload_posted(const char *token, const char *rejects);
/* Where a posting's rejects file goes (not yet existing), for token. */
void lb_upload_rejects_path(lb_db *db, const char *token, char *path);
/* The rejects file of a posted token of user_id and kind: LB_UP_OK with
 * path filled, or why not. */
int lb_upload_rejects(lb_db *db, int64_t user_id, const char *kind, const char *token, int64_t now, char *path);

#endif
