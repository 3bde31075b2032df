#!/bin/sh
# A field kit whose file is damaged (bytes overwritten inside its pages, as
# a failing USB stick does) is refused whole, exit 3, saying it is damaged,
# and nothing of it is applied: its pages are checked with PRAGMA
# quick_check before the kit is opened at all.
. "$(dirname "$0")/lib.sh"
plan 4
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
KIT="$T/kit.db"
rdrun field export --point POS-JHB --period 2026-01 -o "$KIT"
rdrun -d "$KIT" redeem --point POS-JHB --operator lapangan "$(payload SEMBAKO-2026 2026-01 "Budi Santoso")"
sqlite3 "$KIT" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# The redemption's index pages: found by name, then one of them overwritten
# in the middle, so the table and its index disagree.
page=$(sqlite3 "$KIT" "SELECT pageno FROM dbstat WHERE name = 'redemption_voucher' ORDER BY pageno LIMIT 1")
size=$(sqlite3 "$KIT" "PRAGMA page_size")
[ -n "$page" ] || { echo "not ok - setup: the index's page"; exit 1; }
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
	dd of="$KIT" bs=1 seek=$(((page - 1) * size + 8)) conv=notrunc 2>/dev/null
snap
lb field import "$KIT"
expect_rc 3 "a damaged kit is refused"
err_has "field kit '$KIT' is damaged (" "saying it is damaged"
unchanged "nothing of it is applied"
lb verify
expect_rc 0 "verify passes"
