#!/bin/sh
# bench_vouchers: print 100,000 signed slips (issue 4's target: at least
# 5,000 slips/s on 2 cores, peak memory under 256 MB).
#
# Data: 100,000 made-up recipients of Kutai Kartanegara
# (tools/gen_recipients.c), a distribution point in every village, one
# program, January 2026 allocated; then `voucher print` of the whole round
# (8 slips a sheet, 5,000 slips a file: 20 files). Only the print is the
# figure; the setup steps are shown for context.
. "$(dirname "$0")/lib.sh"
N=${BENCH_SLIPS:-100000}
B=$OUT/vouchers
rm -rf "$B"
mkdir -p "$B/slips"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_KEY="$B/signing.key"
export LUMBUNG_TODAY=2026-01-05
L=$LUMBUNG

for need in "item add" "location add" "region import" "recipient import" "program add" "allocate --program"; do
	if ! "$L" help "${need%% *}" 2>/dev/null | grep -q "lumbung $need"; then
		echo "  skipped: this lumbung has no '$need' yet"
		exit 0
	fi
done

cc -O2 -o "$B/gen_recipients" "$top/tools/gen_recipients.c"
"$B/gen_recipients" --count "$N" --seed 4 --villages "$top/data/wilayah/villages.csv" \
	--regency 64.02 >"$B/recipients.csv"
"$L" init --org "Dinas Sosial Kabupaten Kutai Kartanegara" >/dev/null
"$L" region import "$top/data/wilayah/provinces.csv" "$top/data/wilayah/regencies.csv" \
	"$top/data/wilayah/districts.csv" "$top/data/wilayah/villages.csv" >/dev/null
"$L" item add BERAS --name "Beras medium" --unit kg >/dev/null
"$L" item add MINYAK --name "Minyak goreng" --unit liter >/dev/null
"$L" item add TELUR --name "Telur ayam" --unit butir >/dev/null
awk -F, 'NR > 1 && $2 ~ /^64\.02\./ { print $1 }' "$top/data/wilayah/villages.csv" |
	while read -r v; do
		"$L" location add "TP-$v" --kind point --name "Titik salur $v" --village "$v" >/dev/null
	done
measure "import $N recipients" "$L" recipient import "$B/recipients.csv"
"$L" program add SEMBAKO-2026 --name "Bantuan Sembako Daerah" --monthly-value 300000 \
	--quota "$N" --categories lansia,disabilitas,anak --first 2026-01 --last 2026-12 >/dev/null
"$L" program package SEMBAKO-2026 --item BERAS=10@16000 --item MINYAK=4@20000 \
	--item TELUR=30@2000 >/dev/null
measure "allocate January 2026" "$L" allocate --program SEMBAKO-2026 --period 2026-01
"$L" key init >/dev/null
slips=$("$L" allocation list --program SEMBAKO-2026 --period 2026-01 --format csv | tail -n +2 | wc -l)

measure "print $slips slips (first print, vouchers made)" \
	"$L" voucher print --program SEMBAKO-2026 --period 2026-01 -o "$B/slips/kupon.pdf"
rate "slips/s" "$slips"
files=$(ls "$B/slips" | wc -l)
mb=$(du -sm "$B/slips" | cut -f1)
printf '  %-44s %8d files, %d MB\n' "output" "$files" "$mb"
rm -rf "$B/slips"
mkdir -p "$B/slips"
measure "reprint $slips slips" \
	"$L" voucher print --program SEMBAKO-2026 --period 2026-01 -o "$B/slips/kupon.pdf"
rate "slips/s" "$slips"
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"
