#!/bin/sh
# "Today" is the office's day (issue 14), not the machine's: with the
# machine in UTC and the clock at 16:30 UTC, it is already tomorrow in
# WITA (00:30) and WIT, still today in WIB (23:30). LUMBUNG_NOW is the
# test-only stand-in for the clock (core/date.h).
. "$(dirname "$0")/lib.sh"
plan 10
unset LUMBUNG_TODAY
export TZ=UTC
export LUMBUNG_NOW=2026-01-04T16:30:00Z

lb init
lb item add BERAS --name "Beras medium" --unit kg
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb location add SUP --kind supplier --name "CV Mitra"
expect_rc 0 "setup"

lb stock receive --item BERAS --qty 10 --to GD-TGR --from SUP --lot B-1 --unit-cost 1000 --id r1
expect_rc 0 "a receipt without --date (WITA, the default)"
ok "posted on the office's day, 2026-01-05 in WITA" test "$(sql "SELECT day FROM movement WHERE key = 'r1'")" = 2026-01-05
ok "posted_at stays UTC" test "$(sql "SELECT posted_at FROM movement WHERE key = 'r1'")" = 2026-01-04T16:30:00Z

lb settings timezone Asia/Jakarta
expect_rc 0 "the office moves to WIB"
lb stock receive --item BERAS --qty 10 --to GD-TGR --from SUP --lot B-1 --unit-cost 1000 --id r2
expect_rc 0 "a receipt without --date (WIB)"
ok "23:30 WIB is still 2026-01-04" test "$(sql "SELECT day FROM movement WHERE key = 'r2'")" = 2026-01-04

lb settings timezone Asia/Jayapura
export LUMBUNG_NOW=2026-01-04T14:59:59Z
lb stock receive --item BERAS --qty 10 --to GD-TGR --from SUP --lot B-1 --unit-cost 1000 --id r3
ok "23:59:59 WIT is 2026-01-04" test "$(sql "SELECT day FROM movement WHERE key = 'r3'")" = 2026-01-04
export LUMBUNG_NOW=2026-01-04T15:00:00Z
lb stock receive --item BERAS --qty 10 --to GD-TGR --from SUP --lot B-1 --unit-cost 1000 --id r4
ok "00:00 WIT is 2026-01-05" test "$(sql "SELECT day FROM movement WHERE key = 'r4'")" = 2026-01-05

# LUMBUNG_TODAY still names the day outright.
LUMBUNG_TODAY=2026-02-01 lb stock receive --item BERAS --qty 10 --to GD-TGR --from SUP --lot B-1 --unit-cost 1000 --id r5
ok "LUMBUNG_TODAY wins" test "$(sql "SELECT day FROM movement WHERE key = 'r5'")" = 2026-02-01
