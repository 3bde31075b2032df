# Chapter 4: signed vouchers. The office makes its signing key, prints
# January 2026's slips (kupon) for every allocated recipient, and the
# handover lists (daftar penerima) for the three villages with the most
# recipients; one slip is then checked the way a distribution point will.
set -eu
L=$LUMBUNG
V=$DEMO/vouchers
mkdir -p "$V"
# The key lives outside the database, private to the office.
mkdir -p "$(dirname "$LUMBUNG_KEY")"
chmod 700 "$(dirname "$LUMBUNG_KEY")"
$L key init

# The program chapter 3 allocated (the first one listed).
program=$($L program list --format csv 2>/dev/null | awk -F, 'NR == 2 { print $1; exit }')
if [ -z "$program" ]; then
	echo "no program has been allocated yet (chapter 3): no slips to print"
	exit 0
fi
$L voucher print --program "$program" --period 2026-01 -o "$V/kupon-2026-01.pdf"

$L allocation list --program "$program" --period 2026-01 --format csv | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == "village") c = i; next }
	{ n[$c]++ }
	END { for (v in n) print n[v], v }' | sort -k1,1nr -k2 | head -n 3 >"$V/villages.txt"
while read -r n village; do
	$L voucher list --program "$program" --period 2026-01 --village "$village" \
		--format pdf -o "$V/daftar-$village.pdf"
	$L voucher list --program "$program" --period 2026-01 --village "$village" \
		--format csv -o "$V/daftar-$village.csv" >/dev/null
	$L voucher print --program "$program" --period 2026-01 --village "$village" \
		-o "$V/kupon-$village.pdf" >/dev/null
done <"$V/villages.txt"
rm -f "$V/villages.txt"

# A distribution point scans a slip: decode its QR code from the printed
# page and check it.
if command -v pdftoppm >/dev/null && command -v zbarimg >/dev/null; then
	pdftoppm -r 150 -png -f 1 -l 1 "$V/kupon-2026-01.pdf" "$V/page" 2>/dev/null
	code=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$V"/page*.png 2>/dev/null | head -n 1)
	rm -f "$V"/page*.png
	echo "scanned: $code"
	$L voucher show "$code"
fi
$L key list
