#!/bin/sh
# reconcile --format pdf|xlsx: the reconciliation on paper and as a
# workbook, written through the same document writer as the other reports
# (doc/rdoc.c), with the figures of its CSV and JSON.
. "$(dirname "$0")/lib.sh"
plan 22
. "$(dirname "$0")/reports_setup.sh"
rpsetup
R="--program SEMBAKO-2026 --period 2026-01"
# Serials are drawn at random (issue 10): ser NAME is NAME's slip in force,
# from the payloads the setup wrote.
ser() { awk -F'\t' -v n="$1" '$4 == n && $3 != "reissued" { print $1 }' "$T/payloads.tsv"; }

has() { # has FILE TEXT DESC
	if grep -qF -- "$2" "$1"; then echo "ok - $3"; else echo "# $1 lacks: $2"; _fail "$3" "$1"; fi
}

lb reconcile $R --format pdf --list all -o "$T/recon.pdf"
expect_rc 0 "reconcile writes a PDF"
expect_out "reconciliation of SEMBAKO-2026 2026-01 written to '$T/recon.pdf'" "and says where"
head -c 5 "$T/recon.pdf" >"$T/magic"
has "$T/magic" "%PDF-" "the file is a PDF"
pdftotext -layout "$T/recon.pdf" "$T/recon.txt" 2>/dev/null
has "$T/recon.txt" "REKONSILIASI PENYALURAN BANTUAN" "with the report's title"
has "$T/recon.txt" "Program: Bantuan Sembako Daerah (SEMBAKO-2026)" "the program"
has "$T/recon.txt" "Periode: Januari 2026 (1 Januari 2026 s.d. 31 Januari 2026)" "the period in words"
has "$T/recon.txt" "Anggaran (alokasi x nilai x bulan)" "the totals"
has "$T/recon.txt" "Rp1.056.000" "the budget in rupiah"
has "$T/recon.txt" "66,67%" "the redemption rate"
sed 's/  */ /g' "$T/recon.txt" >"$T/recon.1"
has "$T/recon.1" "64.02.06 Tenggarong 5 3 1 1 1 60,00% Rp880.000 Rp528.000" "Tenggarong's row as in the CSV"
# The name wraps in its cell now that the Cara column stands beside it.
has "$T/recon.1" "Aminah 6402**********01 64.02.06.1001 POS-JHB $(ser "Siti Aminah") ditebus sendiri 0 15 Januari 2026 Rp176.000 pindai QR" \
	"an allocation with its NIK masked and how it was redeemed"
grep -B1 -F "Aminah 6402" "$T/recon.1" | head -n 1 | grep -qx "Siti" && echo "ok - the name whole, over two lines" ||
	echo "not ok - the name whole, over two lines"
has "$T/recon.1" "6 15 Januari 2026 POS-TGR $(ser "Dewi Lestari") palsu/tidak terbaca" "a refused attempt (Dewi's slip, forged)"
has "$T/recon.1" "Percobaan Tanggal" "headings whole"
if grep -q "6402064203550001" "$T/recon.txt"; then echo "not ok - no full NIK on paper"; else echo "ok - no full NIK on paper"; fi

lb reconcile $R -o "$T/recon.xlsx"
expect_rc 0 "reconcile writes XLSX, the format from the file's name"
python3 - "$T/recon.xlsx" >"$T/xlsx.txt" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
print("\n".join(strings))
print("sheets:", " ".join(n for n in z.namelist() if n.startswith("xl/worksheets/sheet")))
PY
has "$T/xlsx.txt" "REKONSILIASI PENYALURAN BANTUAN" "the workbook has the title"
has "$T/xlsx.txt" "Tenggarong" "and the kecamatan"
has "$T/xlsx.txt" "Percobaan penukaran yang ditolak" "and the refused attempts"
has "$T/xlsx.txt" "sheets: xl/worksheets/sheet1.xml" "in a worksheet"

lb reconcile $R --format xlsx
expect_rc 2 "an XLSX without an output file is bad input"
err_has "an XLSX workbook needs an output file (-o FILE)" "and says to give -o FILE"
