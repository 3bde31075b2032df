#!/bin/sh
# redeem: a slip scanned at its point hands the package over; every other
# case is refused with its reason on its own line, exit 3, and posts
# nothing but its row in the attempt log. Also the bad input of the issue:
# truncated or garbled QR text, a genuine QR of another program or
# period, a typed serial without --manual, unusable arguments (exit 2).
# Each case starts from the same world (fresh), so that one case's
# failure cannot change what the next one sees; each ends with the
# attempt log checked for NIKs and the ledger verified.
. "$(dirname "$0")/lib.sh"
plan 93
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
BUDI=$(payload SEMBAKO-2026 2026-01 "Budi Santoso")
ABDUL=$(payload SEMBAKO-2026 2026-01 "Abdul Karim")
DEWI=$(payload SEMBAKO-2026 2026-01 "Dewi Lestari")
RINA=$(payload SEMBAKO-2026 2026-01 "Rina Wati")
S_SITI=$(serial_of SEMBAKO-2026 2026-01 "Siti Aminah")
S_RINA=$(serial_of SEMBAKO-2026 2026-01 "Rina Wati")
stock() { count "SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id WHERE l.code = '$1'"; }
attempts() { count "SELECT count(*) FROM redemption_attempt"; }
redemptions() { count "SELECT count(*) FROM redemption"; }
# case_done NAME: what holds after every case.
case_done() {
	[ "$(count "SELECT count(*) FROM redemption_attempt WHERE payload GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*' OR detail LIKE '%6402064203550001%'")" -eq 0 ] &&
		echo "ok - $1: no NIK in the attempt log" || echo "not ok - $1: no NIK in the attempt log"
	lb verify
	expect_rc 0 "$1: lumbung verify passes"
}
template

# --- accepted ---
fresh
lb redeem --point POS-JHB --operator siti "$SITI"
expect_rc 0 "a genuine slip at its point is accepted"
out_has "accepted  $S_SITI  Siti Aminah (6402**********01)  SEMBAKO-2026 2026-01: 10 kg BERAS, 4 liter MINYAK, 30 butir TELUR" \
	"the accepted line names the recipient, masked NIK and package"
out_lacks "6402064203550001" "never the whole NIK"
[ "$(stock POS-JHB)" -eq $((440 - 44)) ] && echo "ok - the package left the point's stock" ||
	echo "not ok - the package left the point's stock ($(stock POS-JHB))"
[ "$(count "SELECT sum(m.qty) FROM movement m JOIN lot l ON l.id = m.lot_id WHERE m.kind = 'issue' AND l.code = 'TLR-B'")" -eq 30 ] &&
	echo "ok - eggs leave earliest expiry first (TLR-B before TLR-A)" || echo "not ok - eggs leave earliest expiry first"
[ "$(count "SELECT count(*) FROM movement WHERE redemption_id = 1 AND kind = 'issue' AND to_id = (SELECT id FROM location WHERE code = '@RECIPIENTS')")" -eq 3 ] &&
	echo "ok - three issues to @RECIPIENTS name the redemption" || echo "not ok - three issues name the redemption"

case_done "accepted"

# --- already redeemed: names day, point and operator; nothing posted ---
fresh
rdrun redeem --point POS-JHB --operator siti "$SITI"
before_stock=$(stock POS-JHB)
before_att=$(attempts)
lb redeem --point POS-JHB --operator budi "$SITI"
expect_rc 3 "the same slip again is refused"
err_has "lumbung: cannot redeem voucher '$S_SITI': already redeemed on 2026-01-15 at POS-JHB by siti" \
	"the refusal says when, where and by whom"
[ "$(stock POS-JHB)" -eq "$before_stock" ] && [ "$(redemptions)" -eq 1 ] &&
	echo "ok - nothing posted" || echo "not ok - nothing posted"
[ "$(attempts)" -eq $((before_att + 1)) ] && echo "ok - the refusal is in the attempt log" ||
	echo "not ok - the refusal is in the attempt log"
[ "$(count "SELECT outcome || ' ' || redemption_id FROM redemption_attempt ORDER BY id DESC LIMIT 1")" = "already_redeemed 1" ] &&
	echo "ok - logged as already_redeemed, naming the redemption" || echo "not ok - logged as already_redeemed"

case_done "already redeemed"

# --- wrong point, then --override-point with a reason ---
fresh
lb redeem --point POS-TGR "$BUDI"
expect_rc 3 "another point's slip is refused"
err_has "it belongs to POS-JHB (Kantor Desa Jahab), not POS-TGR: redeem it there, or give --override-point --reason" \
	"wrong point says where it belongs"
lb redeem --point POS-TGR --override-point "$BUDI"
expect_rc 2 "--override-point without --reason is unusable"
err_has "--override-point needs --reason" "and says so"
lb redeem --point POS-TGR --override-point --reason "pindah sementara ke Loa Ipuh" --proxy "Rahmat Hidayat" "$BUDI"
expect_rc 0 "with --override-point and a reason it is accepted"
out_has "[wakil: Rahmat Hidayat]" "collected by the proxy"
[ "$(count "SELECT override_reason || '|' || proxy_name || '|' || (SELECT code FROM location WHERE id = point_id) FROM redemption ORDER BY id DESC LIMIT 1")" = "pindah sementara ke Loa Ipuh|Rahmat Hidayat|POS-TGR" ] &&
	echo "ok - the override's reason and the proxy are recorded" || echo "not ok - the override's reason and the proxy are recorded"

case_done "wrong point"

# --- bad QR text: truncated, garbled, forged ---
fresh
snap_att=$(attempts)
lb redeem --point POS-TGR "$(echo "$ABDUL" | cut -c1-60)"
expect_rc 3 "a truncated QR text is refused"
err_has "cannot redeem: unreadable voucher QR" "as unreadable"
lb redeem --point POS-TGR 'LB1:%%%%not base45%%%%'
expect_rc 3 "a garbled QR text is refused"
err_has "unreadable voucher QR" "as unreadable"
lb redeem --point POS-TGR 'https://example.com/promo'
expect_rc 3 "a QR code of something else is refused"
err_has "cannot redeem: unreadable voucher QR: it does not start with 'LB1:', so it is not a lumbung voucher" "a QR code of something else is refused: says why"
pos=50
c=$(echo "$ABDUL" | cut -c$pos)
if [ "$c" = "A" ]; then r=B; else r=A; fi
FORGED="$(echo "$ABDUL" | cut -c1-$((pos - 1)))$r$(echo "$ABDUL" | cut -c$((pos + 1))-)"
lb redeem --point POS-TGR "$FORGED"
expect_rc 3 "one changed character is refused"
err_has "': forged or altered: its signature does not match key " "one changed character is refused: says why"
if grep -q "forged or altered" "$T/err" || grep -q "unreadable voucher QR" "$T/err"; then
	echo "ok - as forged (or unreadable)"; else echo "not ok - as forged"; sed 's/^/#   /' "$T/err"; fi
[ "$(attempts)" -eq $((snap_att + 4)) ] && [ "$(redemptions)" -eq 0 ] &&
	echo "ok - each is logged, none redeemed" || echo "not ok - each is logged, none redeemed"
[ "$(count "SELECT count(*) FROM redemption_attempt WHERE payload LIKE 'https://example.com%'")" -eq 1 ] &&
	echo "ok - the log keeps the scan as scanned" || echo "not ok - the log keeps the scan as scanned"

case_done "bad QR text"

# --- a genuine QR of another period or program ---
fresh
FEB=$(payload SEMBAKO-2026 2026-02 "Abdul Karim")
lb redeem --point POS-TGR "$FEB"
expect_rc 3 "February's slip in January is refused"
err_has "it is a slip for 2026-02, not valid before 2026-02-01" "it is not valid yet"
[ "$(count "SELECT outcome FROM redemption_attempt ORDER BY id DESC LIMIT 1")" = "wrong_program_or_period" ] &&
	echo "ok - logged as wrong_program_or_period" || echo "not ok - logged as wrong_program_or_period"
PKH=$(payload PKH-PANGAN 2026-01 "Abdul Karim")
lb redeem --point POS-TGR --program SEMBAKO-2026 --period 2026-01 "$PKH"
expect_rc 3 "another program's slip is refused when the round is named"
err_has "it is a slip of PKH-PANGAN for 2026-01, not of SEMBAKO-2026 for 2026-01" "and says whose it is"

case_done "another round"

# --- typed serials ---
fresh
# Issue 10/14: a typed serial without --manual is a usage error (exit 2,
# no attempt logged as unreadable), and --manual needs a reason.
attempts=$(count "SELECT count(*) FROM redemption_attempt")
lb redeem --point POS-JHB "$S_RINA"
expect_rc 2 "a typed serial without --manual is refused as a usage error"
err_has "a typed serial is accepted only with --manual --reason TEXT: check the slip and the person by eye, then add --manual" "and says to add --manual"
[ "$(count "SELECT count(*) FROM redemption_attempt")" -eq "$attempts" ] && echo "ok - and not logged as unreadable" ||
	echo "not ok - a usage error was logged as an attempt"
lb redeem --point POS-JHB --manual "$S_RINA"
expect_rc 2 "--manual without --reason"
err_has "redeem: --manual needs --reason saying why the slip cannot be scanned" "says a reason is needed"
lb redeem --point POS-JHB --manual --reason "kupon sobek" "$(echo "$S_RINA" | tr 'A-Z' 'a-z' | tr -d '-')"
expect_rc 0 "with --manual a typed serial is accepted"
out_has "[serial typed: checked by eye]" "and marked so"
[ "$(count "SELECT manual || source || manual_reason FROM redemption ORDER BY id DESC LIMIT 1")" = "1manualkupon sobek" ] &&
	echo "ok - recorded as manual" || echo "not ok - recorded as manual"

case_done "typed serials"

# --- revoked ---
fresh
# Revoked at 23:30 UTC on the 14th: the 15th at 07:30 in the office (WITA).
export LUMBUNG_NOW=2026-01-14T23:30:00Z
lb voucher revoke "$(serial_of SEMBAKO-2026 2026-01 "Dewi Lestari")" --reason "hilang"
unset LUMBUNG_NOW
lb redeem --point POS-TGR "$DEWI"
expect_rc 3 "a revoked slip is refused"
err_has "it was revoked on 2026-01-15 07:30 WITA (hilang)" "as revoked, in the office's time, with the reason"

case_done "revoked"

# --- expired: after the last day ---
fresh
LUMBUNG_TODAY=2026-02-01 lb redeem --point POS-TGR "$ABDUL"
expect_rc 3 "a January slip on 1 February is refused"
err_has "it expired on 2026-01-31" "as expired"

case_done "expired"

# --- not enough stock: exit 3, nothing posted, attempt logged ---
fresh
rdrun location add POS-KOSONG --kind point --name "Titik tanpa stok" --village 64.02.06.1003
before_att=$(attempts)
snap_mov=$(count "SELECT count(*) FROM movement")
lb redeem --point POS-KOSONG --override-point --reason "uji stok" "$ABDUL"
expect_rc 3 "a point without the package's stock refuses"
err_has "not enough stock: cannot issue 10 kg of 'BERAS' from 'POS-KOSONG'" "and says which item"
[ "$(count "SELECT count(*) FROM movement")" -eq "$snap_mov" ] && echo "ok - no movement posted" ||
	echo "not ok - no movement posted"
[ "$(count "SELECT outcome FROM redemption_attempt ORDER BY id DESC LIMIT 1")" = "no_stock" ] &&
	[ "$(attempts)" -eq $((before_att + 1)) ] && echo "ok - logged as no_stock" || echo "not ok - logged as no_stock"

case_done "no stock"

# --- several payloads: each refusal on its own line, a summary, exit 3 ---
fresh
rdrun redeem --point POS-JHB --operator siti "$SITI"
lb redeem --point POS-TGR "$ABDUL" "$SITI" "garbage"
expect_rc 3 "one accepted and two refused: exit 3"
err_has "2 of 3 scans were refused (reasons above)" "one accepted and two refused: exit 3: says why"
out_has "accepted  $(serial_of SEMBAKO-2026 2026-01 "Abdul Karim")  Abdul Karim" "the good one is handed over"
[ "$(grep -c '^lumbung: cannot redeem' "$T/err")" -eq 2 ] && echo "ok - each refusal on its own line" ||
	echo "not ok - each refusal on its own line"
out_has "payloads: 3 scans: 1 accepted, 2 refused" "a summary"
err_has "lumbung: 2 of 3 scans were refused" "and the final line"

case_done "several payloads"

# --- unusable arguments: exit 2, nothing written ---
fresh
lb redeem "$RINA"
expect_rc 2 "no --point"
err_has "redeem: option '--point' is required (see 'lumbung redeem --help')" "no --point: says why"
lb redeem --point NOWHERE "$RINA"
expect_rc 2 "an unknown point"
err_has "unknown location 'NOWHERE'" "named"
lb redeem --point GD-TGR "$RINA"
expect_rc 2 "a warehouse is not a distribution point"
err_has "redeem: 'GD-TGR' is not a distribution point (it is a warehouse)" "a warehouse is not a distribution point: says why"
lb redeem --point POS-JHB --file "$T/none.txt"
expect_rc 2 "a missing scanner file"
err_has "redeem: cannot read scanner file '$T/none.txt': No such file or directory" "a missing scanner file: says why"
lb redeem --point POS-JHB --file "$T/x" "$RINA"
expect_rc 2 "payloads and --file together"
err_has "redeem: give payloads, or --file FILE, or --image FILE..., not several" "payloads and --file together: says why"
lb redeem --point POS-JHB --reason "why" "$RINA"
expect_rc 2 "--reason without --override-point"
err_has "redeem: --reason goes with --override-point or --manual" "--reason without --override-point: says why"
lb redeem --point POS-JHB --bogus "$RINA"
expect_rc 2 "an unknown option"
err_has "redeem: unknown option '--bogus' (see 'lumbung redeem --help')" "an unknown option: says why"
unchanged "unusable arguments write nothing"

case_done "unusable arguments"
