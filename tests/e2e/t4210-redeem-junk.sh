#!/bin/sh
# Bounded logs (issue 10, point 7): lines of a scanner file that are no
# scan are summarised in the attempt log, one row per file and reason
# with a count, not one a line; a file that is mostly no scans is refused
# before anything is written; a rerun writes nothing again.
. "$(dirname "$0")/lib.sh"
plan 18
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
BUDI=$(payload SEMBAKO-2026 2026-01 "Budi Santoso")
RINA=$(payload SEMBAKO-2026 2026-01 "Rina Wati")
{
	echo "$SITI"
	echo "hello"
	echo "world"
	echo "$BUDI"
	echo "a,b,c"
	echo "d,e,f"
	echo "x"
	echo "$RINA"
} >"$T/mixed.txt"
before=$(count "SELECT count(*) FROM redemption_attempt")
lb redeem --point POS-JHB --operator kantor --file "$T/mixed.txt"
expect_rc 3 "a file with some junk: the scans are redeemed, the junk refused"
err_has "5 of 8 scans were refused (reasons above)" "a file with some junk: the scans are redeemed, the junk refused: says why"
[ "$(count "SELECT count(*) FROM redemption WHERE source = 'file'")" -eq 3 ] && echo "ok - the three scans are redeemed" ||
	echo "not ok - scans redeemed: $(count "SELECT count(*) FROM redemption WHERE source = 'file'")"
[ "$(count "SELECT count(*) FROM redemption_attempt") " -eq $((before + 5)) ] &&
	echo "ok - 3 accepted and 2 summary rows, not 5 rows of junk" ||
	echo "not ok - attempt rows: $(($(count "SELECT count(*) FROM redemption_attempt") - before))"
[ "$(count "SELECT detail FROM redemption_attempt WHERE payload = '(3 lines)'")" = "3 lines of 'mixed.txt' are not a scan: neither a voucher QR text nor a serial (the first: line 2)" ] &&
	echo "ok - a summary says how many and which first" || echo "not ok - the summary: $(count "SELECT detail FROM redemption_attempt WHERE payload LIKE '(%'")"
snap
lb redeem --point POS-JHB --operator kantor --file "$T/mixed.txt"
expect_rc 3 "a rerun refuses the junk again"
err_has "5 of 8 scans were refused (reasons above)" "a rerun refuses the junk again: says why"
unchanged "and writes nothing"

i=0
: >"$T/junk.txt"
while [ $i -lt 30 ]; do echo "garbage line number $i" >>"$T/junk.txt"; i=$((i + 1)); done
echo "$(payload SEMBAKO-2026 2026-01 "Abdul Karim")" >>"$T/junk.txt"
snap
lb redeem --point POS-TGR --operator kantor --file "$T/junk.txt"
expect_rc 2 "a file that is mostly no scans is refused"
err_has "is not a scanner file: 30 of its 31 lines are no scan (the first: line 1); nothing was redeemed" "and says why"
unchanged "before anything is written"

# Scanner timestamps (issue 10, point 6): the scan's time and the entry's
# are both kept; a scan far older than its entry, or in the future, is
# refused with a reason.
DEWI=$(payload SEMBAKO-2026 2026-01 "Dewi Lestari")
ABDUL=$(payload SEMBAKO-2026 2026-01 "Abdul Karim")
printf '2026-01-01T09:00:00,%s\n2026-01-16T09:00:00,%s\n' "$DEWI" "$ABDUL" >"$T/late.txt"
lb redeem --point POS-TGR --operator kantor --file "$T/late.txt"
expect_rc 3 "a scan 14 days old and one from tomorrow are refused"
err_has "line 1: cannot redeem: its timestamp 2026-01-01T09:00:00 is 14 days before it was entered, on 2026-01-15" "the late one says how late"
err_has "a scan entered more than 7 days late is refused" "and the rule"
err_has "line 2: cannot redeem: its timestamp 2026-01-16T09:00:00 is after today" "the future one says so"
printf '2026-01-13T09:00:00,%s\n' "$DEWI" >"$T/ontime.txt"
lb redeem --point POS-TGR --operator kantor --file "$T/ontime.txt"
expect_rc 0 "a scan two days old is accepted"
[ "$(count "SELECT at FROM redemption_attempt WHERE outcome = 'accepted' ORDER BY id DESC LIMIT 1")" = "2026-01-13T09:00:00" ] &&
	echo "ok - the attempt keeps the scan's time" || echo "not ok - the scan's time"
count "SELECT detail FROM redemption_attempt WHERE outcome = 'accepted' ORDER BY id DESC LIMIT 1" | grep -q "(scanned 2026-01-13T09:00:00, entered 20" &&
	echo "ok - and the time it was entered" || echo "not ok - the entry time"
