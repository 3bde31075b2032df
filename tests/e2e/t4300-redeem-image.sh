#!/bin/sh
# redeem --image: QR codes decoded with libzbar from pages of the printed
# slips, rendered as a scanner or a phone would give them (PNG, JPEG, grey
# PGM), every code on a page in reading order. An image without a code, or
# a file that is not an image, is an unusable argument (exit 2) naming the
# file, and then nothing at all is redeemed.
. "$(dirname "$0")/lib.sh"
plan 23
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
# Page 1 of January's slips is Jahab's village (POS-JHB), page 2 Loa Ipuh's.
pdftoppm -r 150 -png "$T/slips-SEMBAKO-2026-2026-01.pdf" "$T/jan" 2>/dev/null
pdftoppm -r 150 -jpeg -f 2 -l 2 "$T/slips-SEMBAKO-2026-2026-01.pdf" "$T/janjpg" 2>/dev/null
pdftoppm -r 150 -gray -f 1 -l 1 "$T/slips-PKH-PANGAN-2026-01.pdf" "$T/pkh" 2>/dev/null
ls "$T"/jan-1.png "$T"/jan-2.png "$T"/janjpg-2.jpg "$T"/pkh-1.pgm >/dev/null 2>&1 &&
	echo "ok - the slips render as PNG, JPEG and PGM" || echo "not ok - the slips render"

# No code in an image: exit 2 naming it, nothing redeemed, even the
# codes of the good image given with it.
printf 'P5\n64 48\n255\n' >"$T/blank.pgm"
head -c 3072 /dev/zero | tr '\0' '\377' >>"$T/blank.pgm"
printf 'not an image\n' >"$T/notes.txt"
snap
lb redeem --point POS-JHB --image "$T/jan-1.png" "$T/blank.pgm"
expect_rc 2 "an image with no QR code is unusable"
err_has "redeem: image '$T/blank.pgm' holds no QR code that could be read" "and named"
lb redeem --point POS-JHB --image "$T/notes.txt"
expect_rc 2 "a text file is not an image"
err_has "'$T/notes.txt' is not an image lumbung reads (PNG, JPEG, or binary PGM/PPM)" "and says which formats are"
lb redeem --point POS-JHB --image "$T/missing.png"
expect_rc 2 "a missing image"
err_has "redeem: cannot read image '$T/missing.png': No such file or directory" "a missing image: says why"
head -c 2000 "$T/janjpg-2.jpg" >"$T/cut.jpg"
lb redeem --point POS-TGR --image "$T/cut.jpg"
if [ "$rc" -eq 2 ] || [ "$rc" -eq 3 ]; then echo "ok - a truncated photo is a clear error, not a crash"; else
	expect_rc 2 "a truncated photo"; fi
unchanged "nothing was redeemed"

# PNG: Jahab's page at POS-JHB, every code on it.
lb redeem --point POS-JHB --image "$T/jan-1.png"
expect_rc 0 "all of Jahab's slips from one scanned page (PNG)"
[ "$(grep -c '^accepted  image ' "$T/out")" -eq 3 ] && echo "ok - three codes, three packages" ||
	echo "not ok - three codes, three packages"
out_has "$T/jan-1.png: 3 scans: 3 accepted, 0 refused" "a summary"
[ "$(count "SELECT count(*) FROM redemption_attempt WHERE source = 'image' AND file = 'jan-1.png'")" -eq 3 ] &&
	echo "ok - the attempts name the image" || echo "not ok - the attempts name the image"
# The same page again: already redeemed, naming when and where.
lb redeem --point POS-JHB --image "$T/jan-1.png"
expect_rc 3 "the same page again"
err_has "3 of 3 scans were refused (reasons above)" "the same page again: says why"
[ "$(grep -c "already redeemed on 2026-01-15 at POS-JHB" "$T/err")" -eq 3 ] && echo "ok - each code already redeemed" ||
	echo "not ok - each code already redeemed"

# JPEG: Loa Ipuh's page at POS-TGR (Dewi's slip was revoked first).
export LUMBUNG_NOW=2026-01-15T01:15:00Z
lb voucher revoke "$(serial_of SEMBAKO-2026 2026-01 "Dewi Lestari")" --reason rusak
unset LUMBUNG_NOW
lb redeem --point POS-TGR --image "$T/janjpg-2.jpg"
expect_rc 3 "Loa Ipuh's page from a JPEG, one slip revoked"
err_has "1 of 3 scans were refused (reasons above)" "Loa Ipuh's page from a JPEG, one slip revoked: says why"
[ "$(grep -c '^accepted  image ' "$T/out")" -eq 2 ] && echo "ok - two accepted from the JPEG" ||
	echo "not ok - two accepted from the JPEG"
err_has "it was revoked on 2026-01-15 09:15 WITA (rusak)" "the revoked one refused, with when in the office's time"

# Grey PGM (pdftoppm -gray): another program's slips.
lb redeem --point POS-JHB --image "$T/pkh-1.pgm"
expect_rc 0 "PKH-PANGAN's Jahab page from a grey PGM"
out_has "PKH-PANGAN 2026-01: 3 kg BERAS" "its own package"
lb verify
expect_rc 0 "lumbung verify passes"
