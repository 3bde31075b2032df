/*
 * status.h — the statuses a recipient can have (aktif, meninggal, pindah,
 * mampu, nonaktif). Apart from recipient.h so that screening, which sets
 * a status from a list, and the recipients, which screen every one
 * added, need not include each other.
 *
 * Memory: static strings; nothing is allocated.
 */
#ifndef LB_RECIPIENT_STATUS_H
#define LB_RECIPIENT_STATUS_H

int lb_status_valid(const char *s);
/* "aktif, meninggal, pindah, mampu, nonaktif" for messages. */
const char *lb_status_list(void);

#endif
