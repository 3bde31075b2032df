# report distribution|stock|recipients|bast: the finance reports of the
# small round in reports_setup.sh, as CSV (exact lines), PDF (text that
# pdftotext reads back, page numbers) and XLSX (NIKs and codes as text,
# rupiah as numbers, formulas neutralised), and their bad input.
. "$(dirname "$0")/lib.sh"
plan 108
. "$(dirname "$0")/reports_setup.sh"
rpsetup
export LUMBUNG_TODAY=2026-01-20
R="--program SEMBAKO-2026 --period 2026-01"
# Serials are drawn at random (issue 10): read each slip's from the round's
# payloads. ser NAME: NAME's slip in force (the replacement of a reissued one).
"$LUMBUNG" redeem payloads $R --format tsv -o "$T/serials.tsv" >/dev/null 2>&1 || echo "not ok - setup: payloads"
ser() { awk -F'\t' -v n="$1" '$4 == n && $3 != "reissued" { print $1 }' "$T/serials.tsv"; }

# zip_member FILE MEMBER: print one part of an XLSX
zip_member() {
	if command -v unzip >/dev/null 2>&1; then
		unzip -p "$1" "$2"
	else
		python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$1" "$2"
	fi
}
has() { # has FILE TEXT DESC
	if grep -qF -- "$2" "$1"; then echo "ok - $3"; else echo "# $1 lacks: $2"; _fail "$3" "$1"; fi
}
lacks() {
	if grep -qF -- "$2" "$1"; then echo "# $1 has: $2"; _fail "$3"; else echo "ok - $3"; fi
}

# ---- the realisation report ----
lb report distribution $R --format csv -o "$T/dist.csv"
expect_rc 0 "report distribution writes CSV"
expect_out "realisation report for SEMBAKO-2026 2026-01 written to '$T/dist.csv'" "and says where"
tr -d '\r' <"$T/dist.csv" >"$T/dist.txt"
has "$T/dist.txt" "Pagu anggaran 2026 (dihitung: kuota x nilai bulanan x bulan berjalan),Rp21.120.000" \
	"without a recorded pagu it is derived: 10 x Rp176.000 x 12 months"
has "$T/dist.txt" "Realisasi s.d. periode lalu,Rp0" "nothing spent before January"
has "$T/dist.txt" "Realisasi periode ini,Rp719.000" "spent this month: the lots issued"
has "$T/dist.txt" "Realisasi s.d. periode ini,Rp719.000" "spent to date"
has "$T/dist.txt" "Sisa pagu,Rp20.401.000" "what remains"
has "$T/dist.txt" 'Persentase realisasi terhadap pagu,"3,40%"' "the percentage"
has "$T/dist.txt" "Target fisik periode ini (kuota),10" "the physical target is the quota"
has "$T/dist.txt" "Paket diserahkan,4" "four packages handed over"
has "$T/dist.txt" 'Realisasi fisik terhadap target,"40,00%"' "the physical realisation"
has "$T/dist.txt" '64.02.02,Loa Kulu,1,1,0,0,"100,00%",Rp176.000,Rp191.000,"108,52%"' "Loa Kulu's line"
has "$T/dist.txt" '64.02.06,Tenggarong,5,3,1,2,"60,00%",Rp880.000,Rp528.000,"60,00%"' "Tenggarong's line"
has "$T/dist.txt" ',JUMLAH,6,4,1,2,"66,67%",Rp1.056.000,Rp719.000,"68,09%"' "the totals line"
has "$T/dist.txt" 'POS-JHB,Kantor Desa Jahab,1,"Beras medium 20 kg, Minyak goreng 4 liter"' \
	"a package not collected, and what the point holding it has"
has "$T/dist.txt" 'POS-TGR,Balai Desa Loa Ipuh,1,"Beras medium 20 kg, Minyak goreng 4 liter"' "the other one"
has "$T/dist.txt" "\"'=1+1 Rina Wati\",6402**********07,Jahab,POS-JHB,$(ser "=1+1 Rina Wati"),tidak diambil" \
	"who did not collect, the name neutralised, the NIK masked"
has "$T/dist.txt" "Beras medium (BERAS),BRS-B,Rp15.500,Rp14.000,,10,kg,Rp15.000" \
	"the lot issued above the contracted price and the excess"
lacks "$T/dist.txt" "6402064506600007" "no NIK appears whole"

lb report distribution $R -o "$T/dist.pdf"
expect_rc 0 "report distribution writes a PDF (format from the extension)"
pdftotext -layout "$T/dist.pdf" "$T/dist.pdf.txt" 2>/dev/null
has "$T/dist.pdf.txt" "LAPORAN REALISASI PENYALURAN BANTUAN" "the PDF has its title"
has "$T/dist.pdf.txt" "Rp21.120.000" "and the pagu"
has "$T/dist.pdf.txt" "Halaman 1 dari 3" "and page numbers out of the whole"
has "$T/dist.pdf.txt" "Periode: Januari 2026" "the month in Indonesian"

lb report distribution $R -o "$T/dist.xlsx"
expect_rc 0 "report distribution writes XLSX"
zip_member "$T/dist.xlsx" xl/sharedStrings.xml >"$T/dist.strings"
zip_member "$T/dist.xlsx" xl/workbook.xml >"$T/dist.book"
has "$T/dist.strings" "<t>6402**********07</t>" "NIKs are text in the workbook"
has "$T/dist.strings" "<t>64.02.06</t>" "codes are text"
has "$T/dist.strings" "<t>'=1+1 Rina Wati</t>" "a name starting with = is neutralised in XLSX"
has "$T/dist.book" 'name="Anggaran"' "one sheet per table, with a short chosen name"
zip_member "$T/dist.xlsx" xl/worksheets/sheet1.xml >"$T/dist.sheet1"
has "$T/dist.sheet1" "<v>719000</v>" "rupiah are numbers"
lacks "$T/dist.sheet1" "<f>" "and no cell is a formula"
zip_member "$T/dist.xlsx" xl/styles.xml >"$T/dist.styles"
has "$T/dist.styles" 'formatCode="&quot;Rp&quot;#,##0"' "in the rupiah format"

# ---- the recipients ----
lb report recipients $R --format csv -o "$T/rcp.csv"
expect_rc 0 "report recipients writes CSV"
tr -d '\r' <"$T/rcp.csv" >"$T/rcp.txt"
has "$T/rcp.txt" "1,Hasan Basri,6402**********08,Jonggon Desa,64.02.02.2001,POS-LKL,$(ser "Hasan Basri"),ditebus sendiri,15 Januari 2026,,Rp191.000" \
	"by village and name, dates as 15 Januari 2026"
has "$T/rcp.txt" "3,Budi Santoso,6402**********02,Jahab,64.02.06.1001,POS-JHB,$(ser "Budi Santoso"),ditebus wakil,15 Januari 2026,Rahmat Hidayat,Rp176.000" \
	"the proxy who collected"
has "$T/rcp.txt" "5,Abdul Karim,6402**********05,Loa Ipuh,64.02.06.1002,POS-TGR,$(ser "Abdul Karim"),kupon dicabut,,,Rp0" \
	"the revoked slip, with its replacement's serial"
has "$T/rcp.txt" ",JUMLAH,,,,,,4 diserahkan,,,Rp719.000" "the totals line"
lb report recipients $R --village 64.02.06.1002 --format csv -o "$T/rcp-lip.csv"
expect_rc 0 "--village narrows the list"
[ "$(grep -c "Loa Ipuh" "$T/rcp-lip.csv")" -eq 2 ] && ! grep -q "Jahab" "$T/rcp-lip.csv" \
	&& echo "ok - to that village" || echo "not ok - to that village"
lb report recipients $R -o "$T/rcp.xlsx"
expect_rc 0 "report recipients writes XLSX"
zip_member "$T/rcp.xlsx" xl/worksheets/sheet1.xml >"$T/rcp.sheet"
zip_member "$T/rcp.xlsx" xl/sharedStrings.xml >"$T/rcp.strings"
has "$T/rcp.strings" "<t>64.02.06.1001</t>" "village codes stay text"
has "$T/rcp.strings" "<t>6402**********01</t>" "masked NIKs stay text"
has "$T/rcp.strings" "<t>'=1+1 Rina Wati</t>" "formula names neutralised"
has "$T/rcp.sheet" "<v>191000</v>" "values are numbers"
has "$T/rcp.sheet" 'state="frozen"' "the header row is frozen"
lb report recipients $R -o "$T/rcp.pdf"
expect_rc 0 "report recipients writes a PDF"
pdftotext -layout "$T/rcp.pdf" "$T/rcp.pdf.txt" 2>/dev/null
has "$T/rcp.pdf.txt" "Rahmat Hidayat" "with the proxy's name"

# ---- BAST ----
lb report bast $R --village 64.02.06.1001 --format csv -o "$T/bast.csv"
expect_rc 0 "report bast writes a village's BAST"
tr -d '\r' <"$T/bast.csv" >"$T/bast.txt"
has "$T/bast.txt" "BERITA ACARA SERAH TERIMA BANTUAN PANGAN" "titled"
has "$T/bast.txt" "Nomor: 1/BAST-SEMBAKO-2026/I/2026" "numbered from the default pattern, first of the year"
has "$T/bast.txt" "Pada hari ini Kamis, tanggal lima belas bulan Januari tahun dua ribu dua puluh enam (15-01-2026), bertempat di Kantor Desa Jahab" \
	"dated in Indonesian, with the weekday, where it happened"
has "$T/bast.txt" "1,Budi Santoso,6402**********02,$(ser "Budi Santoso"),15 Januari 2026,wakil: Rahmat Hidayat,Beras medium 10 kg; Minyak goreng 2 liter,Rp176.000,\"pindai QR, wakil\"" \
	"each recipient with what they received"
has "$T/bast.txt" ",JUMLAH,,,,2 paket,,Rp352.000," "the total"
has "$T/bast.txt" "Jumlah barang diserahkan: Beras medium 20 kg; Minyak goreng 4 liter." "the goods in total"
has "$T/bast.txt" "Jumlah: 2 paket senilai Rp352.000 (terbilang: tiga ratus lima puluh dua ribu rupiah)." \
	"the total in words"
has "$T/bast.txt" "Paket yang tidak diserahkan: 1 dari 3 paket" "what was not handed over"
has "$T/bast.txt" "Yang Menyerahkan" "a block for the one handing over"
has "$T/bast.txt" "Yang Menerima" "and for the one receiving"
lacks "$T/bast.txt" "Rina Wati" "those who did not collect are not on it"

lb report bast $R -o "$T/bast.pdf"
expect_rc 0 "report bast writes every village's BAST as PDF"
pdftotext -layout "$T/bast.pdf" "$T/bast.pdf.txt" 2>/dev/null
has "$T/bast.pdf.txt" "Nomor: 2/BAST-SEMBAKO-2026/I/2026" "Jonggon Desa's, the next number"
has "$T/bast.pdf.txt" "Nomor: 1/BAST-SEMBAKO-2026/I/2026" "Jahab's keeps the number it was given"
has "$T/bast.pdf.txt" "Nomor: 3/BAST-SEMBAKO-2026/I/2026" "Loa Ipuh's"
has "$T/bast.pdf.txt" "seratus sembilan puluh satu ribu rupiah" "Jonggon Desa's total in words"
has "$T/bast.pdf.txt" "Halaman 1 dari 1" "each statement counts its own pages"
[ "$(pdfinfo "$T/bast.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" -ge 3 ] \
	&& echo "ok - a page per village" || echo "not ok - a page per village"
lb report bast $R -o "$T/bast.xlsx"
expect_rc 0 "report bast writes XLSX"
zip_member "$T/bast.xlsx" xl/workbook.xml >"$T/bast.book"
has "$T/bast.book" 'name="Jahab"' "a sheet per village"
has "$T/bast.book" 'name="Jonggon Desa"' "named after it"

# ---- stock reconciliation ----
rprun stock count --at POS-JHB --item BERAS --counted 19 --date 2026-01-20
lb report stock --period 2026-01 --format csv -o "$T/stock.csv"
expect_rc 0 "report stock writes CSV"
tr -d '\r' <"$T/stock.csv" >"$T/stock.txt"
has "$T/stock.txt" "GD-TGR,Beras medium (BERAS),kg,0,150,0,90,0,0,60,cocok,60,,,,Rp885.000" \
	"the warehouse: received 150 kg, moved out 90, 60 left in two lots"
has "$T/stock.txt" "POS-JHB,Beras medium (BERAS),kg,0,0,40,0,20,1,19,cocok,19,20 Januari 2026,19,-1,Rp266.000" \
	"Jahab: in 40, issued 20, counted 19 (variance -1)"
has "$T/stock.txt" "POS-LKL,Beras medium (BERAS),kg,0,0,20,0,10,0,10,cocok,10,,,,Rp155.000" "Jonggon's beras from the dearer lot"
has "$T/stock.txt" "JUMLAH,,,,,,,,,,,,,,,Rp2.162.000" "the stock's value"
has "$T/stock.txt" "Semua 8 baris cocok dengan jurnal dan saldo kini." "every line agrees with the journal"
lb report stock --period 2026-01 --village 64.02.06.1001 --format csv -o "$T/stock-jhb.csv"
expect_rc 0 "--village keeps the locations in the village"
grep -q "^POS-JHB" "$T/stock-jhb.csv" && ! grep -q "^GD-TGR" "$T/stock-jhb.csv" \
	&& echo "ok - only Jahab's point" || echo "not ok - only Jahab's point"
lb report stock --period 2026-01 -o "$T/stock.pdf"
expect_rc 0 "report stock writes a PDF"
pdftotext -layout "$T/stock.pdf" "$T/stock.pdf.txt" 2>/dev/null
has "$T/stock.pdf.txt" "REKONSILIASI PERSEDIAAN" "titled"
lb report stock --period 2026-01 -o "$T/stock.xlsx"
expect_rc 0 "report stock writes XLSX"
zip_member "$T/stock.xlsx" xl/worksheets/sheet1.xml >"$T/stock.sheet"
has "$T/stock.sheet" "<v>885000</v>" "values are numbers"

# ---- bad input ----
snap
lb report distribution --program NOPE --period 2026-01 -o "$T/x.csv"
expect_rc 2 "an unknown program is bad input"
err_has "unknown program 'NOPE'" "and names it"
snap
lb report stock --program NOPE --period 2026-01 -o "$T/x.csv"
refused 2 "unknown program 'NOPE' (see 'lumbung program list')" "report stock checks the program it is given"
lb report bast --program SEMBAKO-2026 --period 2026-04 -o "$T/x.pdf"
expect_rc 3 "a period with no allocations is refused"
err_has "has no allocations for 2026-04" "and says so"
lb report recipients $R --village 64.02.06.1009 -o "$T/x.csv"
expect_rc 2 "a village without allocations is bad input"
err_has "village '64.02.06.1009' has no allocations" "and says so"
lb report stock --period 2026-01 -o "$T/x.txt"
expect_rc 2 "a report needs a format it can tell"
err_has "option '--format' is required" "and says so"
snap
lb report distribution $R --format json -o "$T/x.json"
refused 2 "--format 'json' is not offered here (choose csv, pdf, xlsx)" "reports are PDF, CSV or XLSX"
snap
lb report distribution $R --format pdf
refused 2 "report distribution: option '-o' is required (see 'lumbung report distribution --help')" "-o is required"
for f in pdf csv xlsx; do
	lb report distribution $R --format $f -o "$T/nofolder/r.$f"
	expect_rc 2 "a $f that cannot be written is bad input"
	err_has "$T/nofolder/r.$f" "and the error names it"
done
ls "$T"/nofolder* >/dev/null 2>&1 && echo "not ok - no file is left" || echo "ok - no file is left"
ls "$T"/*.tmp.* >/dev/null 2>&1 && echo "not ok - no temporary file is left" || echo "ok - no temporary file is left"
ls "$T"/x.* >/dev/null 2>&1 && echo "not ok - refused reports leave no file" || echo "ok - refused reports leave no file"
unchanged "reports write nothing to the database"
