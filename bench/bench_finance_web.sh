#!/bin/sh
# bench_finance_web: the BAST of every village of a round of 100,000
# handovers, downloaded from the browser as one zip (/laporan/bast/zip:
# one PDF per village), against `lumbung report bast` writing the whole
# round as one PDF from the command line; and the server's peak memory
# (VmHWM), which the zip keeps to one village's PDF at a time.
#
# Data: bench/round.sh's round, 105,264 recipients in the 237 villages of
# Kutai Kartanegara, 95% redeemed: 100,000 handovers. The download is one
# request with curl on loopback from a logged-in keuangan session.
# BENCH_HANDOVERS=N changes the size (recipients N / 0.95).
. "$(dirname "$0")/lib.sh"
H=${BENCH_HANDOVERS:-100000}
N=$(( (H * 100 + 94) / 95 ))
B=$OUT/finance_web
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"
mkdir -p "$B"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_TODAY=2026-01-20
echo "  $(nproc) cores; curl and the server share them"
if [ -z "${BENCH_KEEP:-}" ] || ! [ -f "$LUMBUNG_DB" ]; then
	. "$(dirname "$0")/round.sh"
	round_setup "$B" "$N"
	measure "set up $N recipients and a redeemed round" sqlite3 "$LUMBUNG_DB" ".read $B/fill.sql"
	printf 'bench-rahasia\n' | "$LUMBUNG" user add bench --role keuangan --password-stdin >/dev/null
fi
handed=$(sqlite3 "$LUMBUNG_DB" "SELECT count(*) FROM redemption")
villages=$(sqlite3 "$LUMBUNG_DB" "SELECT count(DISTINCT r.village) FROM redemption x JOIN allocation a ON a.id = x.allocation_id JOIN recipient r ON r.id = a.recipient_id")
printf '  %-44s %8d handovers in %d villages\n' "round" "$handed" "$villages"

measure "CLI: report bast, whole round (one PDF)" nice "$LUMBUNG" report bast --program SEMBAKO-2026 \
	--period 2026-01 -o "$B/bast.pdf" --force
cli_cpu=$(awk '{ printf "%.1f", $3 + $4 }' "$OUT/time.txt")
printf '  %-44s %8s s CPU, %d pages\n' "" "$cli_cpu" "$(pdfinfo "$B/bast.pdf" | awk '/^Pages:/ { print $2 }')"

serve_start "$B" nice "$LUMBUNG"
web_login "$B" bench
cpu0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
measure "web: /laporan/bast/zip, one PDF per village" curl -sf -b "$B/jar" -o "$B/bast.zip" \
	"$url/laporan/bast/zip?program=SEMBAKO-2026&periode=2026-01"
cpu1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
hwm=$(awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
printf '  %-44s %8.1f s CPU (server), %d MB peak RSS (server)\n' "" \
	"$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / hz }')" "$hwm"
entries=$(unzip -l "$B/bast.zip" | awk '/\.pdf$/ { n++ } END { print n + 0 }')
printf '  %-44s %8d PDFs, %d MB\n' "zip" "$entries" "$(( $(stat -c %s "$B/bast.zip") / 1048576 ))"
[ "$entries" -eq "$villages" ] || { echo "bench: the zip has $entries PDFs for $villages villages" >&2; exit 1; }
