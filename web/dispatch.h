/*
 * dispatch.h — running a request against the registry (web/pages.h).
 * Kept apart from the registry so that the page frame (web/html.c),
 * which lists the registry's pages in its menu, and this check, which
 * answers with the frame's error pages, do not include each other.
 *
 * lb_web_handle is the one place a request is checked before a handler
 * runs (after Fossil's dispatch table and login_check_credentials):
 *   - an unknown path is 404; a method the page does not take is 405;
 *   - a page that is not public needs a live session: without one a GET
 *     is sent to /login and anything else gets 403, nothing run;
 *   - every POST (the login form's too) needs the hidden field csrf that
 *     matches its session and an Origin naming this server, else 403;
 *   - the user's capabilities must hold every letter the page names,
 *     else 403.
 * A page therefore never checks a login or a token itself; it may narrow
 * further (a penyalur's points).
 *
 * Memory: nothing is allocated here; see pages.h for lb_req and lb_resp.
 */
#ifndef LB_WEB_DISPATCH_H
#define LB_WEB_DISPATCH_H

#include "web/pages.h"

/* Check and run one request (see above). Always fills r. */
void lb_web_handle(struct lb_req *q, struct lb_resp *r);

#endif
