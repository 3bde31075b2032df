#!/bin/sh
# Keys that can be contained (issue 10, point 2): a voucher records the
# key it was issued under and its slips verify with that key (or a later
# one) only; `key revoke` voids every slip a key signed until `voucher
# reissue --key` reissues the round; a lost key file has a way out.
. "$(dirname "$0")/lib.sh"
plan 50
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
BUDI=$(payload SEMBAKO-2026 2026-01 "Budi Santoso")
OLD=$(sql "SELECT printf('%08x', key_id) FROM signing_key WHERE retired_at IS NULL")
[ "$(sql "SELECT count(*) FROM voucher WHERE key_id IS NULL OR printf('%08x', key_id) <> '$OLD'")" -eq 0 ] &&
	echo "ok - every voucher records the key it was issued under" || echo "not ok - vouchers record their key"

lb redeem --point POS-JHB --operator kantor "$SITI"
expect_rc 0 "Siti redeems before anything happens to the key"

# Rotate; a new round is issued under the new key.
lb key rotate
expect_rc 0 "rotate the key"
NEW=$(sql "SELECT printf('%08x', key_id) FROM signing_key WHERE retired_at IS NULL")
lb allocate --program PKH-PANGAN --period 2026-02
expect_rc 0 "allocate PKH-PANGAN for February"
lb voucher print --program PKH-PANGAN --period 2026-02 -o "$T/pkh-feb.pdf"
expect_rc 0 "print February's PKH slips under the new key"
[ "$(sql "SELECT count(*) FROM voucher v JOIN allocation a ON a.id = v.allocation_id WHERE a.period = '2026-02' AND a.program_id = (SELECT id FROM program WHERE code = 'PKH-PANGAN') AND printf('%08x', v.key_id) = '$NEW'")" -ge 1 ] &&
	echo "ok - February's PKH vouchers record the new key" || echo "not ok - February's vouchers and the new key"

# The retired key signs a February slip (a thief holding the old file):
# on a copy where the old key was made current again by hand.
cp "$LUMBUNG_DB" "$T/thief.db"
sqlite3 "$T/thief.db" "DROP TRIGGER signing_key_retire_once; UPDATE signing_key SET retired_at = '2030-01-01T00:00:00Z' WHERE printf('%08x', key_id) = '$NEW'; UPDATE signing_key SET retired_at = NULL WHERE printf('%08x', key_id) = '$OLD';"
LUMBUNG_KEY="$LUMBUNG_KEY.retired-$OLD" "$LUMBUNG" -d "$T/thief.db" redeem payloads --program PKH-PANGAN --period 2026-02 \
	--format tsv -o "$T/thief.tsv" >/dev/null 2>&1 || echo "not ok - setup: the thief's payloads"
FAKE=$(awk -F'\t' '$4 == "Budi Santoso" { print $5 }' "$T/thief.tsv")
lb voucher show "$FAKE"
expect_rc 3 "a later round's slip signed with the retired key is not genuine"
err_has "is signed with key $OLD, but its voucher was issued under the later key $NEW: an older key cannot sign it" \
	"and says why"
lb redeem --point POS-JHB --operator kantor "$FAKE"
expect_rc 3 "nor is it redeemed"
err_has ", but its voucher was issued under the later key " "nor is it redeemed: says why"
sql "SELECT outcome FROM redemption_attempt ORDER BY id DESC LIMIT 1" | grep -qx forged &&
	echo "ok - the attempt is logged as forged" || echo "not ok - the attempt's outcome"

# Revoke the old key: January's slips it signed are refused, with a
# reason that says to reissue.
snap
lb key revoke "$OLD"
refused 2 "key revoke: option '--reason' is required (see 'lumbung key revoke --help')" "key revoke needs --reason"
snap
lb key revoke 12345 --reason x
refused 2 "key revoke: a key id is 8 hexadecimal digits, as 'lumbung key list' shows it" "a key id is 8 hex digits"
export LUMBUNG_NOW=2026-01-15T01:15:00Z
lb key revoke "$OLD" --reason "file copied from the laptop"
unset LUMBUNG_NOW
expect_rc 0 "revoke the old key"
out_has "voucher reissue --key $OLD --program P --period YYYY-MM" "says how to reissue"
snap
lb key revoke "$OLD" --reason again
refused 3 ": it was revoked on " "a key is revoked once"
lb key list
out_has "$OLD  revoked" "key list shows it revoked"
lb redeem --point POS-JHB --operator kantor "$BUDI"
expect_rc 3 "Budi's January slip of the revoked key is refused"
err_has "was issued under key $OLD, revoked on 2026-01-15 09:15 WITA (file copied from the laptop)" "naming the key, when (office time) and why"
err_has "reissue it with 'lumbung voucher reissue --key $OLD --program SEMBAKO-2026 --period 2026-01'" "and saying to reissue"
lb redeem --point POS-JHB --operator kantor --manual --reason "kupon sobek" "$(serial_of SEMBAKO-2026 2026-01 "Budi Santoso")"
expect_rc 3 "its typed serial too"
err_has "was issued under key $OLD, revoked on 2026-01-15 09:15 WITA (file copied from the laptop)" "for the same reason"

# Reissue the round in one step.
snap
lb voucher reissue --key "$NEW" --program SEMBAKO-2026 --period 2026-01
refused 3 "still signs; run 'lumbung key rotate' (or 'lumbung key rotate --lost') first" "the current key's round cannot be reissued under itself"
lb voucher reissue --key "$OLD" --program SEMBAKO-2026 --period 2026-01
expect_rc 0 "reissue January's open slips"
out_has "reissued 5 open slips of SEMBAKO-2026 for 2026-01 signed with key $OLD" "all but Siti's (redeemed)"
lb redeem payloads --program SEMBAKO-2026 --period 2026-01 --format tsv -o "$T/jan-new.tsv"
expect_rc 0 "the new slips' payloads"
NEWBUDI=$(awk -F'\t' '$4 == "Budi Santoso" && $3 == "valid" { print $5 }' "$T/jan-new.tsv")
lb redeem --point POS-JHB --operator kantor "$NEWBUDI"
expect_rc 0 "Budi's reissued slip is redeemed"
lb redeem --point POS-JHB --operator kantor "$SITI"
expect_rc 3 "Siti's redeemed package stays redeemed"
err_has " (file copied from the laptop): reissue it with 'lumbung voucher reissue --key " "Siti's redeemed package stays redeemed: says why"

# A lost key file.
rm -f "$LUMBUNG_KEY"
lb voucher print --program PKH-PANGAN --period 2026-02 -o "$T/again.pdf"
expect_rc 2 "without the key file nothing is printed"
err_has "if this database's key file was lost, 'lumbung key rotate --lost --reason TEXT' makes a new one" \
	"and the message points at the way out"
snap
lb key init
refused 3 "this database already has signing key " "key init refuses: the database has a key"
snap
lb key rotate --lost
refused 2 "key rotate --lost: option '--reason' is required (see 'lumbung key rotate --lost --help')" "--lost needs a reason"
lb key rotate --lost --reason "laptop hilang"
expect_rc 0 "a new key without the lost file"
out_has "is recorded as lost and retired" "says what happened"
lb key list
out_has "$NEW  lost" "key list shows the lost key"
lb voucher print --program PKH-PANGAN --period 2026-02 -o "$T/again.pdf" --force
[ "$rc" -eq 0 ] || lb voucher print --program PKH-PANGAN --period 2026-02 -o "$T/again2.pdf"
expect_rc 0 "printing works with the new key"
lb verify
expect_rc 0 "lumbung verify passes"
