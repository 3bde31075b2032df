#!/bin/sh
# redeem undo: a wrong redemption is undone, not deleted. Its stock
# movements are reversed, both the redemption and the undo stay in the
# attempt log, and the slip can be redeemed again.
. "$(dirname "$0")/lib.sh"
plan 34
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
S_SITI=$(serial_of SEMBAKO-2026 2026-01 "Siti Aminah")
stock() { count "SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id WHERE l.code = '$1'"; }

full=$(stock POS-JHB)
lb redeem --point POS-JHB "$SITI"
expect_rc 0 "redeemed"
snap
lb redeem undo "$S_SITI"
refused 2 "redeem undo: option '--reason' is required (see 'lumbung redeem undo --help')" "undo needs --reason"
snap
lb redeem undo "$S_SITI" --reason "  "
refused 2 "redeem: --reason must not be empty" "an empty reason is no reason"
snap
lb redeem undo "ZZZZ-ZZZZ-Z" --reason "salah"
refused 2 "serial 'ZZZZ-ZZZZ-Z' does not pass its check: a character is mistyped or two are swapped; copy it again from the slip" "a malformed serial"
lb redeem undo "$(serial_of SEMBAKO-2026 2026-01 "Budi Santoso")" --reason "salah"
expect_rc 3 "a slip that was not redeemed cannot be undone"
err_has "it is not redeemed" "and says so"

lb redeem undo "$S_SITI" --reason "kupon tertukar dengan Budi" --operator kepala
expect_rc 0 "undo"
out_has "undone    $S_SITI  Siti Aminah: the redemption of 2026-01-15 at POS-JHB is undone, 3 movements reversed" "says what it did"
[ "$(stock POS-JHB)" -eq "$full" ] && echo "ok - the stock is back at the point" || echo "not ok - the stock is back at the point"
[ "$(count "SELECT count(*) FROM movement WHERE kind = 'reverse' AND reason LIKE 'undo of redemption 1: kupon tertukar%'")" -eq 3 ] &&
	echo "ok - three reversing movements name the redemption and why" || echo "not ok - three reversing movements"
[ "$(count "SELECT count(*) FROM redemption")" -eq 1 ] && echo "ok - the redemption is kept, not deleted" ||
	echo "not ok - the redemption is kept"
[ "$(count "SELECT reason || '|' || operator FROM redemption_undo WHERE redemption_id = 1")" = "kupon tertukar dengan Budi|kepala" ] &&
	echo "ok - the undo is recorded with its reason and operator" || echo "not ok - the undo is recorded"
lb redeem log --serial "$(echo "$S_SITI" | tr 'A-Z' 'a-z')" --format csv
expect_rc 0 "the log of one serial"
[ "$(grep -c ',accepted,' "$T/out")" -eq 1 ] && [ "$(grep -c ',undone,' "$T/out")" -eq 1 ] &&
	echo "ok - both the redemption and the undo are in the attempt log" || echo "not ok - both in the log"

snap
lb redeem undo "$S_SITI" --reason "lagi"
refused 3 "': it is not redeemed" "an undone redemption cannot be undone twice"

lb redeem --point POS-JHB "$SITI"
expect_rc 0 "the slip can be redeemed again"
[ "$(count "SELECT count(*) FROM redeemed")" -eq 1 ] && [ "$(count "SELECT count(*) FROM redemption")" -eq 2 ] &&
	echo "ok - one redemption in force, two recorded" || echo "not ok - one redemption in force"
lb redeem --point POS-JHB "$SITI"
expect_rc 3 "and then it is redeemed again"
err_has "already redeemed on 2026-01-15 at POS-JHB" "as such"

# The database refuses to rewrite history.
sqlite3 "$LUMBUNG_DB" "DELETE FROM redemption WHERE id = 1" 2>"$T/sqlerr"
grep -q "redemptions are never deleted" "$T/sqlerr" && echo "ok - redemptions cannot be deleted" ||
	echo "not ok - redemptions cannot be deleted"
sqlite3 "$LUMBUNG_DB" "UPDATE redemption_attempt SET outcome = 'accepted'" 2>"$T/sqlerr"
grep -q "append-only" "$T/sqlerr" && echo "ok - the attempt log cannot be changed" ||
	echo "not ok - the attempt log cannot be changed"
sqlite3 "$LUMBUNG_DB" "INSERT INTO redemption(voucher_id, allocation_id, point_id, day, redeemed_at, operator, source)
	SELECT voucher_id, allocation_id, point_id, day, redeemed_at, 'x', 'scan' FROM redemption WHERE id = 2" 2>"$T/sqlerr"
grep -q "UNIQUE constraint failed: redeemed.allocation_id" "$T/sqlerr" &&
	echo "ok - the schema itself refuses a second redemption in force" || echo "not ok - the schema refuses a second redemption"

# Undo in a closed period is refused.
LUMBUNG_TODAY=2026-02-02 lb period close 2026-01 --yes
expect_rc 0 "close January"
LUMBUNG_TODAY=2026-01-20 lb redeem undo "$S_SITI" --reason "terlambat"
expect_rc 3 "no undo into a closed period"
err_has "period 2026-01 is closed" "and says so"
lb verify
expect_rc 0 "lumbung verify passes"
