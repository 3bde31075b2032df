#!/bin/sh
# bench_redeem: redeem 100,000 scans from one scanner file (issue 5's
# target: at least 10,000 scans/s on this 2-core machine).
#
# Data: 100,000 made-up recipients of Kutai Kartanegara
# (tools/gen_recipients.c), one distribution point serving every village
# (a scanner file is one point's), its stock for every package, one
# program, January 2026 allocated, the slips printed (which makes the
# vouchers) and their 100,000 signed QR texts written as a scanner file by
# `redeem payloads`. The figure is `redeem --file` of that file: each scan
# verified (Ed25519), judged, recorded, and its three items issued from the
# point's stock. Then the same file again, which must change nothing.
. "$(dirname "$0")/lib.sh"
N=${BENCH_SCANS:-100000}
B=$OUT/redeem
rm -rf "$B"
mkdir -p "$B"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_KEY="$B/signing.key"
export LUMBUNG_TODAY=2026-01-15
L=$LUMBUNG

for need in "recipient import" "allocate --program" "voucher print" "redeem payloads"; do
	if ! "$L" help "${need%% *}" 2>/dev/null | grep -q "lumbung $need"; then
		echo "  skipped: this lumbung has no '$need' yet"
		exit 0
	fi
done

cc -O2 -o "$B/gen_recipients" "$top/tools/gen_recipients.c"
"$B/gen_recipients" --count "$N" --seed 5 --villages "$top/data/wilayah/villages.csv" \
	--regency 64.02 >"$B/recipients.csv"
"$L" init --org "Dinas Sosial Kabupaten Kutai Kartanegara" >/dev/null
"$L" region import "$top/data/wilayah/provinces.csv" "$top/data/wilayah/regencies.csv" \
	"$top/data/wilayah/districts.csv" "$top/data/wilayah/villages.csv" >/dev/null
"$L" item add BERAS --name "Beras medium" --unit kg >/dev/null
"$L" item add MINYAK --name "Minyak goreng" --unit liter >/dev/null
"$L" item add TELUR --name "Telur ayam" --unit butir >/dev/null
"$L" location add TP-KUKAR --kind point --name "Titik salur gabungan" --village 64.02.06.1001 >/dev/null
# shellcheck disable=SC2046
"$L" location serve TP-KUKAR --village $(awk -F, 'NR > 1 && $2 ~ /^64\.02\./ { print $1 }' \
	"$top/data/wilayah/villages.csv") >/dev/null
"$L" stock receive --to TP-KUKAR --item BERAS --qty $((N * 10)) --lot BRS-1 --expiry 2026-12-31 \
	--unit-cost 14000 --date 2026-01-02 >/dev/null
"$L" stock receive --to TP-KUKAR --item MINYAK --qty $((N * 4)) --lot MYK-1 --expiry 2026-10-31 \
	--unit-cost 18000 --date 2026-01-02 >/dev/null
"$L" stock receive --to TP-KUKAR --item TELUR --qty $((N * 30)) --lot TLR-1 --expiry 2026-01-31 \
	--unit-cost 2000 --date 2026-01-03 >/dev/null
"$L" recipient import "$B/recipients.csv" >/dev/null
"$L" program add SEMBAKO-2026 --name "Bantuan Sembako Daerah" --monthly-value 300000 \
	--quota "$N" --categories lansia,disabilitas,anak --first 2026-01 --last 2026-12 >/dev/null
"$L" program package SEMBAKO-2026 --item BERAS=10@16000 --item MINYAK=4@20000 \
	--item TELUR=30@2000 >/dev/null
"$L" allocate --program SEMBAKO-2026 --period 2026-01 >/dev/null
"$L" key init >/dev/null
mkdir -p "$B/slips"
"$L" voucher print --program SEMBAKO-2026 --period 2026-01 -o "$B/slips/kupon.pdf" >/dev/null
rm -rf "$B/slips"
measure "write the round's QR texts (signing)" \
	"$L" redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$B/scans.txt"
scans=$(wc -l <"$B/scans.txt")

measure "redeem $scans scans from a file" "$L" redeem --point TP-KUKAR --operator bench --file "$B/scans.txt"
rate "scans/s" "$scans"
tail -n 1 "$OUT/last.out" | sed 's/^/  /'
measure "the same file again (changes nothing)" \
	"$L" redeem --point TP-KUKAR --operator bench --file "$B/scans.txt"
rate "scans/s" "$scans"
"$L" verify >/dev/null && echo "  verify: the ledger checks after $scans redemptions"
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"
