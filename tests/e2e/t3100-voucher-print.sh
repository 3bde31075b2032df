#!/bin/sh
# voucher print, and the issue's acceptance check: every QR code in every
# PDF we print, rendered at 150 dpi with pdftoppm, decodes with zbarimg and
# with ZXingReader, and every decoded text verifies with `voucher show`.
. "$(dirname "$0")/lib.sh"
plan 99
. "$(dirname "$0")/voucher_setup.sh"
vsetup
lb key init
expect_rc 0 "key init"

# accept PDF N: render, decode with both readers, expect N codes each, the
# same texts, and each one genuine. Leaves the texts in $T/PDF.txt.
accept() {
	pdf=$1
	n=$2
	name=$(basename "$pdf" .pdf)
	rm -f "$T/png-$name"-*.png
	pdftoppm -r 150 -png "$pdf" "$T/png-$name" 2>/dev/null
	zbarimg -q --raw -Sdisable -Sqrcode.enable "$T/png-$name"-*.png 2>/dev/null | sort >"$T/$name.zbar"
	ZXingReader -format QRCode -1 "$T/png-$name"-*.png 2>/dev/null |
		sed -n 's/^[^ ]* QRCode "\(.*\)"$/\1/p' | sort >"$T/$name.zxing"
	[ "$(wc -l <"$T/$name.zbar")" -eq "$n" ] && echo "ok - $name: zbarimg reads all $n QR codes" ||
		_fail "$name: zbarimg reads all $n QR codes (read $(wc -l <"$T/$name.zbar"))" "$T/$name.zbar"
	[ "$(wc -l <"$T/$name.zxing")" -eq "$n" ] && echo "ok - $name: ZXingReader reads all $n QR codes" ||
		_fail "$name: ZXingReader reads all $n QR codes (read $(wc -l <"$T/$name.zxing"))" "$T/$name.zxing"
	cmp -s "$T/$name.zbar" "$T/$name.zxing" && echo "ok - $name: both read the same texts" ||
		_fail "$name: both read the same texts" "$T/$name.zbar" "$T/$name.zxing"
	bad=0
	while read -r text; do
		"$LUMBUNG" voucher show "$text" >"$T/show.out" 2>&1 || { bad=1; cat "$T/show.out"; }
		grep -q "^verdict:     genuine (signature of key" "$T/show.out" || bad=1
	done <"$T/$name.zbar"
	[ "$bad" -eq 0 ] && echo "ok - $name: every decoded text verifies with voucher show" ||
		echo "not ok - $name: every decoded text verifies with voucher show"
	cp "$T/$name.zbar" "$T/$name.txt"
}

lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/slips.pdf"
expect_rc 0 "print January's slips"
expect_out "printed 6 slips on 3 pages in 1 file:
  $T/slips.pdf
(6 new vouchers were made for this round's allocations)" "one file, a sheet per village"
lb allocation list --program SEMBAKO-2026 --period 2026-01 --format csv
ok "allocation list shows each printed voucher's serial" test "$(tail -n +2 "$T/out" | cut -d, -f9 | grep -cE '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$')" = 6
ok "one distinct serial per voucher" test "$(tail -n +2 "$T/out" | cut -d, -f9 | sort -u | wc -l | tr -d ' ')" = "$(sql 'SELECT count(*) FROM voucher')"
[ "$(sql 'SELECT count(*) FROM voucher')" = 6 ] && echo "ok - a voucher per allocation" || echo "not ok - a voucher per allocation"
accept "$T/slips.pdf" 6

# What the slips say, in Indonesian; the NIK only masked.
pdftotext "$T/slips.pdf" "$T/slips.layout" 2>/dev/null
for want in "KUPON BANTUAN PANGAN" "Dinas Sosial Kabupaten Kutai Kartanegara" "Bantuan Sembako Daerah" \
	"Siti Aminah" "6402**********01" "Jahab" "Tenggarong" "Loa Kulu" "Januari 2026" \
	"31 Januari 2026" "Rahmat Hidayat" "Kantor Desa Jahab" "Beras premium 10 kg" \
	"Minyak goreng 4" "Ñoman Daéng Masagéna" "No. kupon" "Tanda tangan / cap jempol penerima" \
	"Petugas"; do
	grep -qF -- "$want" "$T/slips.layout" && echo "ok - the slips show '$want'" ||
		echo "not ok - the slips show '$want'"
done
grep -q "6402064203550001" "$T/slips.layout" && echo "not ok - no whole NIK on paper" || echo "ok - no whole NIK on paper"
grep -q "6402064203550001" "$T/slips.zbar" && echo "not ok - no NIK in a QR code" || echo "ok - no NIK in a QR code"
# the serial printed under each code is the serial in it
serials=$(while read -r t; do "$LUMBUNG" voucher show "$t" | sed -n 's/^serial: *//p'; done <"$T/slips.zbar" | sort)
for s in $serials; do
	grep -qF "$s" "$T/slips.layout" && echo "ok - serial $s is printed" || echo "not ok - serial $s is printed"
done

# Grouping: district, then village, a new sheet for each village.
pdftotext -f 1 -l 1 "$T/slips.pdf" - 2>/dev/null | grep -q "Hasan Basri" && echo "ok - Loa Kulu (64.02.02) first" || echo "not ok - Loa Kulu (64.02.02) first"
pdftotext -f 2 -l 2 "$T/slips.pdf" - 2>/dev/null >"$T/p2.txt"
grep -q "Budi Santoso" "$T/p2.txt" && grep -q "Siti Aminah" "$T/p2.txt" && ! grep -q "Abdul Karim" "$T/p2.txt" &&
	echo "ok - Jahab alone on sheet 2" || echo "not ok - Jahab alone on sheet 2"

# A reprint makes no new voucher and the very same codes (Ed25519 is deterministic).
lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/again.pdf"
expect_out "printed 6 slips on 3 pages in 1 file:
  $T/again.pdf" "a reprint makes no vouchers"
accept "$T/again.pdf" 6
cmp -s "$T/again.txt" "$T/slips.txt" && echo "ok - the reprint carries the same QR texts" || echo "not ok - the reprint carries the same QR texts"

# Every --per-page layout reads.
for n in 1 2 4; do
	lb voucher print --program SEMBAKO-2026 --period 2026-01 --per-page $n -o "$T/pp$n.pdf"
	expect_rc 0 "--per-page $n"
	accept "$T/pp$n.pdf" 6
done
lb voucher print --program SEMBAKO-2026 --period 2026-01 --per-page 1 -o "$T/pp1.pdf" --force
out_has "printed 6 slips on 6 pages" "one a sheet"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --per-page 4 -o "$T/pp4.pdf" --force
out_has "printed 6 slips on 3 pages" "four a sheet, still a sheet per village"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --per-page 3 -o "$T/pp3.pdf"
expect_rc 2 "--per-page 3 is refused"
err_has "--per-page must be 1, 2, 4 or 8" "saying which"

# A village, a district.
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1002 -o "$T/loaipuh.pdf"
expect_out "printed 3 slips on 1 page in 1 file:
  $T/loaipuh.pdf" "one village"
accept "$T/loaipuh.pdf" 3
lb voucher print --program SEMBAKO-2026 --period 2026-01 --district 64.02.06 -o "$T/tgr.pdf"
expect_out "printed 5 slips on 2 pages in 1 file:
  $T/tgr.pdf" "one district"
snap
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1002 --district 64.02.06 -o "$T/x.pdf"
refused 2 "voucher print: give --village or --district, not both" "--village and --district together are refused"

# A logo, PNG or JPEG.
pdftoppm -png -f 1 -l 1 -scale-to 64 "$T/slips.pdf" "$T/logo" 2>/dev/null
mv "$T"/logo*.png "$T/logo.png"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1001 --logo "$T/logo.png" -o "$T/logo.pdf"
expect_rc 0 "a PNG logo"
accept "$T/logo.pdf" 2

# Large runs split into files named predictably, whole villages where they fit.
lb voucher print --program SEMBAKO-2026 --period 2026-01 --max-slips 2 -o "$T/split.pdf"
expect_rc 0 "a run split over files"
expect_out "printed 6 slips on 4 pages in 4 files:
  $T/split-001.pdf
  $T/split-002.pdf
  $T/split-003.pdf
  $T/split-004.pdf" "FILE-001.pdf ... in slip order"
[ ! -e "$T/split.pdf" ] && echo "ok - no FILE.pdf when split" || echo "not ok - no FILE.pdf when split"
ls "$T" | grep -q "\.part\|\.tmp\." && echo "not ok - no temporary files left" || echo "ok - no temporary files left"
pdftotext "$T/split-002.pdf" - 2>/dev/null | grep -q "Budi Santoso" && echo "ok - file 2 is Jahab" || echo "not ok - file 2 is Jahab"
total=0
for f in 1 2 3 4; do
	accept "$T/split-00$f.pdf" "$(case $f in 1) echo 1 ;; 2) echo 2 ;; 3) echo 2 ;; 4) echo 1 ;; esac)"
done

# One slip by serial.
s=$(echo "$serials" | head -n 1)
lb voucher print --program SEMBAKO-2026 --period 2026-01 --serial "$s" -o "$T/one.pdf"
expect_out "printed 1 slip on 1 page in 1 file:
  $T/one.pdf" "--serial prints one slip"
