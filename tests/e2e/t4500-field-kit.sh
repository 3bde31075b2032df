#!/bin/sh
# Field kits, the round trip: export a kit for a point and period, redeem
# on it with no connection to the office (lumbung -d KIT.db), import it.
# A slip redeemed at the office and on the kit is a conflict, its stock
# not posted twice; importing again changes nothing; verify passes; the
# period cannot be closed while the kit is out.
. "$(dirname "$0")/lib.sh"
plan 49
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
BUDI=$(payload SEMBAKO-2026 2026-01 "Budi Santoso")
RINA=$(payload SEMBAKO-2026 2026-01 "Rina Wati")
ABDUL=$(payload SEMBAKO-2026 2026-01 "Abdul Karim")
FEB=$(payload SEMBAKO-2026 2026-02 "Siti Aminah")
KIT="$T/kit-jahab.db"
stock() { count "SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id WHERE l.code = '$1'"; }
kitq() { sqlite3 -batch -noheader "$KIT" "$1"; }

# Siti collects at the office before the kit leaves.
lb redeem --point POS-JHB "$SITI"
expect_rc 0 "Siti redeems at the office"

snap
lb field export --point POS-JHB --period 2026-01
refused 2 "field export: option '-o' is required (see 'lumbung field export --help')" "export needs -o"
snap
lb field export --point GD-TGR --period 2026-01 -o "$KIT"
refused 2 "field export: 'GD-TGR' is not a distribution point" "a warehouse gets no kit"
lb field export --point POS-JHB --period 2026-01 -o "$KIT"
expect_rc 0 "export a kit for Jahab, January"
out_has "5 vouchers of 3 recipients" "it carries the vouchers Jahab hands out in January (both programs)"
out_has "no signing key, no NIK" "and says what it leaves out"
kit_id=$(count "SELECT kit_id FROM field_kit")
[ "$(kitq "SELECT value FROM meta WHERE key = 'kind'")" = kit ] && echo "ok - the kit is a lumbung database of kind 'kit'" ||
	echo "not ok - the kit's kind"
[ "$(kitq "SELECT value FROM meta WHERE key = 'parent_db_id'")" = "$(count "SELECT value FROM meta WHERE key = 'db_id'")" ] &&
	echo "ok - it names its parent database" || echo "not ok - it names its parent database"
[ "$(kitq "SELECT count(*) FROM recipient WHERE nik GLOB '[0-9]*'")" -eq 0 ] &&
	[ "$(kitq "SELECT count(*) FROM recipient WHERE birth_date <> '1900-01-01' OR address IS NOT NULL OR kk IS NOT NULL OR proxy_nik IS NOT NULL")" -eq 0 ] &&
	echo "ok - no NIK, birth date, address, KK or proxy NIK in the kit" || echo "not ok - no personal data in the kit"
for nik in 6402064203550001 6402061107480002 6402061208800003; do
	if grep -q "$nik" "$KIT"; then echo "not ok - NIK $nik appears in the kit file"; fi
done
grep -q "secret-key" "$KIT" && echo "not ok - the kit holds a secret key" || echo "ok - no secret key in the kit"
[ "$(kitq "SELECT count(*) FROM signing_key")" -ge 1 ] && echo "ok - the public keys are in it" || echo "not ok - public keys"
[ "$(kitq "SELECT count(*) FROM recipient")" -eq 3 ] && [ "$(kitq "SELECT count(*) FROM region_village")" -eq 1 ] &&
	echo "ok - only what the point needs" || echo "not ok - only what the point needs"
[ "$(kitq "SELECT sum(qty) FROM balance b JOIN location l ON l.id = b.location_id WHERE l.code = 'POS-JHB'")" -eq "$(stock POS-JHB)" ] &&
	echo "ok - the point's stock came along" || echo "not ok - the point's stock came along"
lb -d "$KIT" verify
expect_rc 0 "the kit's own journal verifies"

# The period cannot close while the kit is out.
LUMBUNG_TODAY=2026-02-02 lb period close 2026-01 --yes
expect_rc 3 "period close is refused while the kit is out"
err_has "1 field kit exported for it has not come back (POS-JHB" "naming the kit's point"

# On the kit, offline.
lb -d "$KIT" redeem --point POS-TGR "$BUDI"
expect_rc 2 "the kit serves its own point only"
err_has "this field kit serves POS-JHB only" "and says so"
lb -d "$KIT" redeem --point POS-JHB --operator lapangan "$BUDI"
expect_rc 0 "Budi redeems on the kit"
out_has "Budi Santoso (6402**********02)" "the kit shows the masked NIK"
lb -d "$KIT" redeem --point POS-JHB --operator lapangan "$SITI"
expect_rc 3 "Siti's slip, redeemed at the office before export, is refused on the kit"
err_has "already redeemed on 2026-01-15 at POS-JHB by tester" "naming the office's redemption"
lb -d "$KIT" redeem --point POS-JHB "$ABDUL"
expect_rc 3 "another point's slip is not on the kit"
err_has "it is not among the vouchers of POS-JHB on this field kit" "and says so"
lb -d "$KIT" redeem --point POS-JHB "$FEB"
expect_rc 3 "February's slip on a January kit"
err_has "this field kit is for 2026-01" "is another period"
printf '2026-01-15T08:00:00,%s\r\n' "$RINA" >"$T/kit-scans.txt"
lb -d "$KIT" redeem --point POS-JHB --operator lapangan --file "$T/kit-scans.txt"
expect_rc 0 "Rina redeems on the kit from a scanner file"
[ "$(kitq "SELECT count(*) FROM kit_log")" -eq 5 ] && echo "ok - each run is one entry of the kit's log" ||
	echo "not ok - the kit's log has $(kitq "SELECT count(*) FROM kit_log") entries"
# ... and meanwhile Rina's slip is also redeemed at the office.
lb redeem --point POS-JHB --operator kantor "$RINA"
expect_rc 0 "Rina's slip is redeemed at the office too"
office_stock=$(stock POS-JHB)

# Import.
lb field import "$KIT"
expect_rc 0 "import the kit"
out_has "imported: 1 redemption, 1 conflict" "one redemption, one conflict"
[ "$(count "SELECT count(*) FROM redemption WHERE source = 'kit' AND kit_id = '$kit_id'")" -eq 1 ] &&
	echo "ok - Budi's redemption came in from the kit" || echo "not ok - Budi's redemption came in"
[ "$(stock POS-JHB)" -eq $((office_stock - 44)) ] && echo "ok - Budi's package left the point's stock here" ||
	echo "not ok - Budi's package left the stock ($(stock POS-JHB) vs $office_stock)"
[ "$(count "SELECT count(*) FROM redeemed r JOIN allocation a ON a.id = r.allocation_id JOIN recipient p ON p.id = a.recipient_id WHERE p.name = 'Rina Wati'")" -eq 1 ] &&
	[ "$(count "SELECT count(*) FROM redemption r JOIN allocation a ON a.id = r.allocation_id JOIN recipient p ON p.id = a.recipient_id WHERE p.name = 'Rina Wati'")" -eq 1 ] &&
	echo "ok - Rina's package is counted once" || echo "not ok - Rina's package is counted once"
[ "$(count "SELECT count(*) FROM movement m JOIN redemption r ON r.id = m.redemption_id JOIN allocation a ON a.id = r.allocation_id JOIN recipient p ON p.id = a.recipient_id WHERE p.name = 'Rina Wati'")" -eq 3 ] &&
	echo "ok - and its stock posted once" || echo "not ok - Rina's stock posted once"
lb redeem log --kit "$kit_id" --outcome conflict
expect_rc 0 "the conflicts are in the attempt log"
out_has "redeemed on field kit $(echo "$kit_id" | cut -c1-8) on 2026-01-15 by lapangan, but already redeemed on 2026-01-15 at POS-JHB by kantor" \
	"the conflict says both sides"
[ "$(count "SELECT count(*) FROM redemption_attempt WHERE kit_id = '$kit_id'")" -eq 5 ] &&
	echo "ok - every attempt made on the kit is in the log here" || echo "not ok - the kit's attempts"
[ "$(count "SELECT returned_at IS NOT NULL FROM field_kit")" -eq 1 ] && echo "ok - the kit is marked returned" ||
	echo "not ok - the kit is marked returned"

# Import again: nothing changes.
snap
lb field import "$KIT"
expect_rc 0 "importing the same kit again"
out_has "was imported already (first on $(count "SELECT strftime('%Y-%m-%d %H:%M', returned_at, '+8 hours') FROM field_kit") WITA)" \
	"says it was imported, and when in the office's time"
out_has "nothing new, nothing changed" "and that nothing changed"
unchanged "the database is unchanged"

lb verify
expect_rc 0 "lumbung verify passes after the import"
LUMBUNG_TODAY=2026-02-02 lb period close 2026-01 --yes
expect_rc 0 "with the kit back, January can be closed"
