#!/bin/sh
# redeem --file: a scanner file, as scanners write them (Windows line
# ends, a byte order mark, blank lines, a timestamp column before or
# after the scan), a summary at the end, and running the same file again
# changes nothing.
. "$(dirname "$0")/lib.sh"
plan 35
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
BUDI=$(payload SEMBAKO-2026 2026-01 "Budi Santoso")
RINA=$(payload SEMBAKO-2026 2026-01 "Rina Wati")
ABDUL=$(payload SEMBAKO-2026 2026-01 "Abdul Karim")

# BOM, CRLF, blank lines, both timestamp orders, a tab and a comma.
printf '\357\273\277timestamp,code\r\n2026-01-14T09:12:03,%s\r\n\r\n   \r\n%s\t2026-01-14 09:13\r\n\r\n"2026-01-15T10:00:00","%s"\r\n' \
	"$SITI" "$BUDI" "$RINA" >"$T/jahab.txt"
lb redeem --point POS-JHB --operator ani --file "$T/jahab.txt"
expect_rc 0 "a scanner file with BOM, CRLF, blank lines and timestamps"
out_has "accepted  line 2: $(serial_of SEMBAKO-2026 2026-01 "Siti Aminah")  Siti Aminah" "line numbers are the file's"
out_has "accepted  line 5: " "the tab-separated line (timestamp after the scan)"
out_has "accepted  line 7: " "the quoted CSV line"
out_has "$T/jahab.txt: 3 scans: 3 accepted, 0 refused (a header and 3 blank lines skipped)" "a summary"
[ "$(count "SELECT group_concat(day || ' ' || redeemed_at, ';') FROM (SELECT * FROM redemption ORDER BY id)")" = \
	"2026-01-14 2026-01-14T09:12:03;2026-01-14 2026-01-14T09:13:00;2026-01-15 2026-01-15T10:00:00" ] &&
	echo "ok - the scanner's timestamps are the handover times and days" || echo "not ok - the scanner's timestamps are kept"
[ "$(count "SELECT count(*) FROM redemption_attempt WHERE file = 'jahab.txt' AND source = 'file'")" -eq 3 ] &&
	echo "ok - the attempts name the file and line" || echo "not ok - the attempts name the file"

# Running it again changes nothing: not a byte of the database.
snap
lb redeem --point POS-JHB --operator ani --file "$T/jahab.txt"
expect_rc 0 "running the same file again is not a refusal"
out_has "done      line 2: $(serial_of SEMBAKO-2026 2026-01 "Siti Aminah")  Siti Aminah (already recorded by an earlier run)" \
	"each line says it was done already"
out_has "3 scans: 0 accepted, 0 refused, 3 already recorded by an earlier run" "and the summary says so"
unchanged "running the same file again changes nothing"
# Even from another folder (a copy on a USB stick).
mkdir -p "$T/usb" && cp "$T/jahab.txt" "$T/usb/jahab.txt"
lb redeem --point POS-JHB --operator ani --file "$T/usb/jahab.txt"
expect_rc 0 "the same file from another folder"
unchanged "changes nothing either"

# A file with bad lines: each refused with its line, the rest redeemed.
printf '%s\n%s\ngarbage\n2026-01-15T09:00:00,%s,extra\n2026-02-30T09:00:00,%s\n%s\n' \
	"$ABDUL" "$SITI" "$ABDUL" "$ABDUL" "$(echo "$ABDUL" | cut -c1-50)" >"$T/tgr.txt"
lb redeem --point POS-TGR --file "$T/tgr.txt"
expect_rc 3 "a file with refusals exits 3"
out_has "accepted  line 1: " "the good line is handed over"
err_has "lumbung: line 2: cannot redeem voucher '$(serial_of SEMBAKO-2026 2026-01 "Siti Aminah")': already redeemed on 2026-01-14 at POS-JHB by ani" \
	"line 2: already redeemed, naming day, point and operator"
err_has "lumbung: line 3: cannot redeem: " "line 3: unreadable"
err_has "lumbung: line 4: cannot redeem: more than two columns" "line 4: too many columns"
err_has "lumbung: line 5: cannot redeem: two columns but neither is a timestamp" "line 5: an impossible date"
err_has "lumbung: line 6: cannot redeem: unreadable voucher QR" "line 6: a truncated QR text"
out_has "$T/tgr.txt: 6 scans: 1 accepted, 5 refused" "the summary counts them"
out_has "refused: 4 unreadable, 1 already_redeemed" "by outcome"
err_has "lumbung: 5 of 6 scans were refused (reasons above)" "the last line"
# Again: the same refusals, nothing new logged, same exit status.
snap
lb redeem --point POS-TGR --file "$T/tgr.txt"
expect_rc 3 "rerunning a file with refusals still exits 3"
err_has "5 of 6 scans were refused (reasons above)" "rerunning a file with refusals still exits 3: says why"
out_has "0 accepted, 5 refused, 1 already recorded by an earlier run" "the summary"
out_has "5 of them refused the same way by an earlier run, not logged again" "says the refusals were known"
unchanged "and changes nothing"

# An empty file, a file of blank lines, standard input.
printf '\r\n\r\n' >"$T/empty.txt"
lb redeem --point POS-TGR --file "$T/empty.txt"
expect_rc 0 "a file of blank lines redeems nothing"
out_has "0 scans: 0 accepted, 0 refused (2 blank lines skipped)" "and says so"
printf '%s\r\n' "$(payload SEMBAKO-2026 2026-01 "Ñoman Daéng Masagéna")" | "$LUMBUNG" redeem --point POS-TGR --file - >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "--file - reads standard input"
out_has "Ñoman Daéng Masagéna" "a UTF-8 name prints as it is"
# A scanner typing into the terminal: no --file, one scan a line.
printf '%s\n' "$(payload SEMBAKO-2026 2026-01 "Dewi Lestari")" | "$LUMBUNG" redeem --point POS-TGR >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "scans typed on standard input"
out_has "accepted  $(serial_of SEMBAKO-2026 2026-01 "Dewi Lestari")  Dewi Lestari" "are redeemed one by one"
lb verify
expect_rc 0 "lumbung verify passes"
