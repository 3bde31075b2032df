# Chapter 7: the paper the office files. With the office's settings of
# chapter 1b: the BAST of every village in one PDF (A4, and F4 for the
# offices that use folio), the handover lists of a whole point and of a
# district, the realisation report with its chart, the stock and
# recipients reports, workbooks and CSV for Excel; then a stock count at a
# point and its Berita Acara Stock Opname.
set -eu
L=$LUMBUNG
P=$DEMO/paper
mkdir -p "$P"
program=$($L program list --format csv 2>/dev/null | awk -F, 'NR == 2 { print $1; exit }')
R="--program $program --period 2026-01"
export LUMBUNG_TODAY=2026-02-02

$L report bast $R -o "$P/bast-2026-01.pdf" >/dev/null
$L settings office.paper F4 >/dev/null
$L report bast $R -o "$P/bast-2026-01-F4.pdf" >/dev/null
$L settings office.paper A4 >/dev/null
point=$(awk -F, 'NR == 1 { print $2 }' "$DEMO/points.txt" | tr '[:lower:]' '[:upper:]' | tr -d ' ')
$L voucher list $R --point "TP-$point" --format pdf -o "$P/daftar-TP-$point.pdf" >/dev/null
$L voucher list $R --district 64.02.06 --format pdf -o "$P/daftar-kec-tenggarong.pdf" >/dev/null
$L report distribution $R -o "$P/realisasi-2026-01.pdf" >/dev/null
$L report distribution $R -o "$P/realisasi-2026-01.xlsx" >/dev/null
$L report distribution $R --format csv --excel -o "$P/realisasi-2026-01-excel.csv" >/dev/null
$L report stock --period 2026-01 -o "$P/persediaan-2026-01.pdf" >/dev/null
$L report recipients $R -o "$P/penerima-2026-01.pdf" >/dev/null
$L reconcile $R --list exceptions >"$P/rekonsiliasi-2026-01.txt"
echo "BAST (A4 and F4), handover lists of TP-$point and of Kecamatan Tenggarong, realisation (PDF with chart, XLSX, CSV for Excel), stock and recipients reports"

# February 2: the first point counts what is left; one item is short.
short=""
for item in $($L stock balance --at "TP-$point" --format csv 2>/dev/null | awk -F, 'NR > 1 { print $2 }' | sort -u); do
	q=$($L stock balance --at "TP-$point" --item "$item" --format csv | awk -F, 'NR > 1 { s += $5 } END { print s + 0 }')
	if [ -z "$short" ] && [ "$q" -gt 1 ]; then
		short=$item
		$L stock count --at "TP-$point" --item "$item" --counted $((q - 1)) --reason "1 rusak saat penyimpanan" >/dev/null
	else
		$L stock count --at "TP-$point" --item "$item" --counted "$q" >/dev/null
	fi
done
$L report opname --at "TP-$point" -o "$P/ba-stock-opname-TP-$point.pdf"

# The pages, as the office worker who files them would look at them.
if command -v pdftoppm >/dev/null 2>&1; then
	mkdir -p "$P/png"
	for f in "$P"/*.pdf; do
		pdftoppm -r 60 -png -f 1 -l 2 "$f" "$P/png/$(basename "$f" .pdf)" 2>/dev/null
	done
	echo "first pages rendered to $P/png"
fi
