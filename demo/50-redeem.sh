# Chapter 5: redemption. On 12 and 13 January the distribution
# points hand the packages over against the slips: most points scan them
# at their table and send the scanner's file to the office; one point,
# out of network reach, takes a field kit and redeems on it offline. A
# few slips are scanned twice, one is a forgery, one is a page
# photographed when the scanner failed, one wrong handover is undone. The
# chapter ends with what was refused and why.
set -eu
L=$LUMBUNG
D=$DEMO/redeem
mkdir -p "$D"
export LUMBUNG_TODAY=2026-01-13

program=$($L program list --format csv 2>/dev/null | awk -F, 'NR == 2 { print $1; exit }')
if [ -z "$program" ] || [ ! -f "$LUMBUNG_KEY" ]; then
	echo "no slips were printed (chapters 3 and 4): nothing to redeem"
	exit 0
fi

# What each point's scanner will read off the printed slips: the QR texts,
# one a line (signed as printing signs them), with serial, point and name.
$L redeem payloads --program "$program" --period 2026-01 --format tsv -o "$D/slips.tsv"
cut -f2 "$D/slips.tsv" | sort | uniq -c | sort -k1,1nr >"$D/points.txt"
echo "slips per distribution point:"
sed 's/^/  /' "$D/points.txt"

# The point with the most slips works offline, on a field kit exported
# before it leaves the office.
kitpoint=$(awk 'NR == 1 { print $2 }' "$D/points.txt")
$L field export --point "$kitpoint" --period 2026-01 -o "$D/kit-$kitpoint.db"

# One page of slips will be photographed instead of scanned (the scanner
# failed there): read which codes are on it, so they are left out of the
# scanner files.
: >"$D/photo-codes.txt"
if command -v pdftoppm >/dev/null && command -v zbarimg >/dev/null; then
	pdftoppm -r 150 -png -f 1 -l 1 "$DEMO/vouchers/kupon-2026-01.pdf" "$D/foto" 2>/dev/null
	zbarimg -q --raw -Sdisable -Sqrcode.enable "$D"/foto-*.png >"$D/photo-codes.txt" 2>/dev/null || true
fi

# A scanner file per point: nine slips in ten come to collect, scanned
# between 08:00 and 12:00 (the scanner writes its timestamp, and CRLF line
# ends as its Windows app does), one in ten stays at home.
while read -r n point; do
	awk -F'\t' -v p="$point" 'NR == FNR { photo[$0] = 1; next }
		$2 == p && FNR % 10 != 3 && !($5 in photo) {
			k++
			printf "2026-01-%02d %02d:%02d:%02d\t%s\r\n", 12 + (k % 2), 8 + int(k / 25) % 4, (k * 7) % 60, (k * 13) % 60, $5
		}' "$D/photo-codes.txt" "$D/slips.tsv" >"$D/scans-$point.txt"
done <"$D/points.txt"

# Every point but the kit's sends its file; the office loads them.
while read -r n point; do
	[ "$point" = "$kitpoint" ] && continue
	$L redeem --point "$point" --operator "petugas-$point" --file "$D/scans-$point.txt" >"$D/redeem-$point.log" 2>&1 || true
	tail -n 1 "$D/redeem-$point.log"
done <"$D/points.txt"

# The photographed page, read with zbar (at the kit's point, on the kit).
if [ -s "$D/photo-codes.txt" ]; then
	photo_point=$(awk -F'\t' -v c="$(head -n 1 "$D/photo-codes.txt")" '$5 == c { print $2; exit }' "$D/slips.tsv")
	echo "a photographed page of slips at $photo_point:"
	if [ "$photo_point" = "$kitpoint" ]; then
		$L -d "$D/kit-$kitpoint.db" redeem --point "$photo_point" --operator foto --image "$D"/foto-*.png || true
	else
		$L redeem --point "$photo_point" --operator foto --image "$D"/foto-*.png || true
	fi
fi

# On the kit, with no network: the point scans its file, plus one slip a
# second time by mistake.
$L -d "$D/kit-$kitpoint.db" redeem --point "$kitpoint" --operator "tim-$kitpoint" \
	--file "$D/scans-$kitpoint.txt" | tail -n 1
twice=$(awk -F'\t' -v p="$kitpoint" '$2 == p && NR % 10 != 3 { print $5; exit }' "$D/slips.tsv")
$L -d "$D/kit-$kitpoint.db" redeem --point "$kitpoint" --operator "tim-$kitpoint" "$twice" || true
# Meanwhile a recipient of that point, who could not wait, collected at
# the office instead, and the kit team handed over to them too.
office=$(awk -F'\t' -v p="$kitpoint" '$2 == p && NR % 10 != 3 { n++; if (n == 2) { print $5; exit } }' "$D/slips.tsv")
$L redeem --point "$kitpoint" --operator kantor --override-point --reason "diambil di kantor dinas" "$office" || true

# The kit comes back: it is checked, then brought in; the office's and
# the kit's handover of the same slip is a conflict, its stock not posted
# twice. Importing it again changes nothing.
$L field import "$D/kit-$kitpoint.db"
$L field import "$D/kit-$kitpoint.db"

# A few slips scanned twice at the office, a slip from another point's
# table, a forged slip (one character of a genuine QR text changed), and
# a serial typed from a torn slip.
again=$(awk -F'\t' -v k="$kitpoint" '$2 != k && NR % 10 != 3 { print $2 "\t" $5 }' "$D/slips.tsv" | sed -n '5p;40p;77p')
echo "$again" | while IFS="$(printf '\t')" read -r point code; do
	$L redeem --point "$point" --operator ulang "$code" || true
done
other=$(awk -F'\t' -v k="$kitpoint" '$2 != k && NR % 10 == 3 { print $2 "\t" $5; exit }' "$D/slips.tsv")
wrong=$(awk -v p="$(echo "$other" | cut -f1)" '$2 != p { print $2; exit }' "$D/points.txt")
$L redeem --point "$wrong" --operator salah-tempat "$(echo "$other" | cut -f2)" || true
genuine=$(awk -F'\t' 'NR % 10 == 3 { print $5; exit }' "$D/slips.tsv")
forged=$(echo "$genuine" | awk '{ c = substr($0, 60, 1); r = (c == "A") ? "B" : "A"; print substr($0, 1, 59) r substr($0, 61) }')
$L redeem --point "$(awk -F'\t' 'NR % 10 == 3 { print $2; exit }' "$D/slips.tsv")" --operator kantor "$forged" || true
torn=$(awk -F'\t' 'NR % 10 == 3 { n++; if (n == 2) { print $1 "\t" $2 "\t" $4; exit } }' "$D/slips.tsv")
$L redeem --point "$(echo "$torn" | cut -f2)" --operator kantor --manual --reason "kupon sobek" --proxy "keluarga" "$(echo "$torn" | cut -f1)" || true

# A wrong handover (the slip of a neighbour scanned for someone else) is
# undone: the stock goes back, the slip can be redeemed again.
wrongly=$(awk -F'\t' -v k="$kitpoint" '$2 != k && NR % 10 != 3 { print $1; exit }' "$D/slips.tsv")
$L redeem undo "$wrongly" --reason "kupon tetangga terpindai untuk penerima lain" --operator koordinator

# What was refused, and why: the attempt log (also for the auditor).
echo "refused attempts, by reason:"
$L redeem log --refused --format csv | awk -F, 'NR > 1 { n[$6]++ } END { for (o in n) printf "  %-24s %d\n", o, n[o] }' | sort
echo "each one:"
$L redeem log --refused | cut -c1-220
$L redeem log --format csv >"$D/attempts-2026-01.csv"
echo "$(( $(wc -l <"$D/attempts-2026-01.csv") - 1 )) attempts in $D/attempts-2026-01.csv"
$L verify
rm -f "$D"/foto-*.png "$D/points.txt" "$D/photo-codes.txt"
