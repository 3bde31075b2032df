# Chapter 2: the warehouse in Tenggarong receives a month of stock for 820
# recipients and sends it to one distribution point per district, each in a
# real village of Kutai Kartanegara (region codes from data/wilayah).
set -eu
L=$LUMBUNG

$L item add BERAS --name "Beras medium" --unit kg --pack karung=25 --shelf-life 365
$L item add MINYAK --name "Minyak goreng" --unit liter --pack dus=12 --shelf-life 365
$L item add TELUR --name "Telur ayam" --unit butir --pack rak=30 --shelf-life 21
$L item add IKAN --name "Ikan kaleng 425 g" --unit kaleng --pack dus=24 --shelf-life 730

$L location add GD-TGR --kind warehouse --name "Gudang Dinsos Tenggarong" --village 64.02.06.1006
$L location add SUP-BULOG --kind supplier --name "Perum BULOG Kanwil Kaltim"
$L location add SUP-MITRA --kind supplier --name "CV Mitra Pangan Mahakam"

# One point per district, in the district's first village (the kecamatan
# office is usually there).
awk -F, 'NR > 1 && $2 ~ /^64\.02\./ && !seen[$2]++ { print $1 "," $3 }' \
	"$TOP/data/wilayah/villages.csv" >"$DEMO/points.txt"
while IFS=, read -r code name; do
	pt="TP-$(echo "$name" | tr 'a-z' 'A-Z' | tr -cd 'A-Z0-9')"
	$L location add "$pt" --kind point --name "Titik salur $name" --village "$code" >/dev/null
done <"$DEMO/points.txt"
echo "$(wc -l <"$DEMO/points.txt") distribution points created"

# A month for 820 packages: 10 kg beras, 2 l minyak, 1 rak telur, 5 kaleng ikan.
$L stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty "328 karung" \
	--lot BRS-2601-A --expiry 2026-12-31 --unit-cost 14000 --ref "SJ/BULOG/2026/0012" --date 2026-01-02
$L stock receive --to GD-TGR --from SUP-MITRA --item MINYAK --qty 1640 \
	--lot MYK-2601 --expiry 2026-10-31 --unit-cost 18000 --ref "SJ/MPM/0101" --date 2026-01-02
$L stock receive --to GD-TGR --from SUP-MITRA --item TELUR --qty "820 rak" \
	--lot TLR-2601 --expiry 2026-01-25 --unit-cost 2000 --ref "SJ/MPM/0102" --date 2026-01-03
$L stock receive --to GD-TGR --from SUP-MITRA --item IKAN --qty "171 dus" \
	--lot IKN-2601 --expiry 2027-06-30 --unit-cost 12000 --ref "SJ/MPM/0103" --date 2026-01-03

# Move to the points in proportion to their district's villages: a bulk
# CSV import, as the warehouse would prepare it in a spreadsheet.
awk -F, -v out="$DEMO/moves.csv" '
	NR > 1 && $2 ~ /^64\.02\./ { n[$2]++; total++ }
	END {
		print "type,date,from,to,item,qty,lot,expiry,unit_cost,ref,id,reason" > out
		while ((getline line < "'"$DEMO/points.txt"'") > 0) {
			split(line, f, ","); code = f[1]; name = f[2]
			d = substr(code, 1, 8)
			pt = "TP-" toupper(name); gsub(/[^A-Z0-9-]/, "", pt)
			pk = int(820 * n[d] / total + 0.5)
			printf "move,2026-01-05,GD-TGR,%s,BERAS,%d,,,,DO-%s,mv-%s-b,\n", pt, pk * 10, pt, pt > out
			printf "move,2026-01-05,GD-TGR,%s,MINYAK,%d,,,,DO-%s,mv-%s-m,\n", pt, pk * 2, pt, pt > out
			printf "move,2026-01-05,GD-TGR,%s,TELUR,%d,,,,DO-%s,mv-%s-t,\n", pt, pk * 30, pt, pt > out
			printf "move,2026-01-05,GD-TGR,%s,IKAN,%d,,,,DO-%s,mv-%s-i,\n", pt, pk * 5, pt, pt > out
		}
	}' "$TOP/data/wilayah/villages.csv"
$L stock import "$DEMO/moves.csv"
$L stock balance --at GD-TGR
$L stock balance --format csv >"$DEMO/stock-balance.csv"
$L verify
