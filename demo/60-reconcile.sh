# Chapter 6: the month's accounts. Finance reconciles January: every
# allocation against what was handed over, the value of the goods issued
# against the budget; files the realisation report (PDF for the file, XLSX
# for Excel), the stock reconciliation, and a BAST (handover statement) for
# each village where packages were handed over; then, in February, closes
# January for good.
set -eu
L=$LUMBUNG
F=$DEMO/finance
mkdir -p "$F"

program=$($L program list --format csv 2>/dev/null | awk -F, 'NR == 2 { print $1; exit }')
if [ -z "$program" ]; then
	echo "no program has been allocated (chapter 3): nothing to reconcile"
	exit 0
fi
R="--program $program --period 2026-01"

# The year's budget ceiling as the DPA sets it (what the program could
# spend in a year: its quota's packages every month).
pagu=$($L program list --format csv | awk -F, -v p="$program" '
	NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "monthly_value") m = i; if ($i == "quota") q = i } next }
	$1 == p { gsub(/[^0-9]/, "", $m); gsub(/[^0-9]/, "", $q); printf "%.0f\n", $m * $q * 12 }')
if [ -n "$pagu" ] && [ "$pagu" -gt 0 ] 2>/dev/null; then
	$L finance pagu --program "$program" --from 2026-01 --amount "$pagu" --ref "DPA Dinas Sosial 2026"
fi

# January's reconciliation: for people (the totals and districts shown
# here; the villages are in the files), and for the finance office's scripts.
$L reconcile $R --list none | sed '/^Per desa/,$d'
$L reconcile $R --format json -o "$F/rekonsiliasi-2026-01.json"
$L reconcile $R --format csv -o "$F/rekonsiliasi-2026-01.csv"

# The realisation report, the stock reconciliation and the recipients.
$L report distribution $R --format pdf -o "$F/realisasi-2026-01.pdf"
$L report distribution $R --format xlsx -o "$F/realisasi-2026-01.xlsx"
$L report stock $R --format pdf -o "$F/persediaan-2026-01.pdf"
$L report stock $R --format xlsx -o "$F/persediaan-2026-01.xlsx"
$L report recipients $R --format xlsx -o "$F/penerima-2026-01.xlsx"

# A BAST for each village where packages were handed over.
$L reconcile $R --format csv --list none | awk -F, '
	/^Per desa\/kelurahan/ { inv = 1; next }
	inv && /^code,/ { next }
	inv && NF < 5 { inv = 0 }
	inv && $5 > 0 { print $1 }' | tr -d '\r' >"$F/villages.txt"
mkdir -p "$F/bast"
n=0
while read -r village; do
	$L report bast $R --village "$village" --format pdf -o "$F/bast/bast-$village.pdf" >/dev/null
	n=$((n + 1))
done <"$F/villages.txt"
rm -f "$F/villages.txt"
echo "$n BAST written to $F/bast, one per village where packages were handed over"

# February: January is closed, and nothing more can be posted into it.
LUMBUNG_TODAY=2026-02-02 $L period close 2026-01 --yes || {
	echo "January could not be closed (field kits still out?): see above"
	exit 0
}

echo
echo "Finance's files:"
(cd "$F" && find . -maxdepth 1 -type f | sort | sed "s|^\./|  $F/|")
echo "  $F/bast/ ($n BAST, one PDF per village)"
