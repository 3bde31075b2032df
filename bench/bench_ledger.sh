#!/bin/sh
# bench_ledger.sh — the stock ledger at a million movements: CSV import
# rate, balance queries on that journal, verify, and peak memory (which
# must not grow with the file: compare the small and the large import).
#
# Targets (issue 2, on the 2-core machine): >= 200,000 movements/s
# imported, a balance query under 50 ms, peak memory under 64 MB.
# BENCH_ROWS overrides the million. Everything it writes is under
# bench/out (removed by bench/run.sh).
. "$(dirname "$0")/lib.sh"

ROWS=${BENCH_ROWS:-1000000}
SMALL=$((ROWS / 10))
ITEMS=20
POINTS=100

cc -O2 -o "$OUT/gen_movements" "$top/bench/gen_movements.c"
"$OUT/gen_movements" "$ROWS" "$ITEMS" "$POINTS" >"$OUT/movements.csv"
"$OUT/gen_movements" "$SMALL" "$ITEMS" "$POINTS" >"$OUT/movements-small.csv"

export LUMBUNG_TODAY=2026-12-31
setup() { # $1: database
	rm -f "$1" "$1-wal" "$1-shm"
	"$LUMBUNG" -d "$1" init >/dev/null
	for i in $(seq 1 "$ITEMS"); do
		"$LUMBUNG" -d "$1" item add "$(printf 'I%03d' "$i")" --name "Barang $i" --unit kg >/dev/null
	done
	"$LUMBUNG" -d "$1" location add GD-BENCH --kind warehouse --name "Gudang bench" >/dev/null
	"$LUMBUNG" -d "$1" location add SUP-BENCH --kind supplier --name "Pemasok bench" >/dev/null
	for p in $(seq 1 "$POINTS"); do
		"$LUMBUNG" -d "$1" location add "$(printf 'P%03d' "$p")" --kind point --name "Titik $p" >/dev/null
	done
}

count() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

setup "$OUT/small.db"
measure "import $(count "$SMALL") movements" "$LUMBUNG" -d "$OUT/small.db" stock import "$OUT/movements-small.csv"
rate "movements imported" "$SMALL"
small_peak=$peak_mb

setup "$OUT/ledger.db"
export LUMBUNG_DB="$OUT/ledger.db"
measure "import $(count "$ROWS") movements (one transaction)" "$LUMBUNG" stock import "$OUT/movements.csv"
rate "movements imported" "$ROWS"
import_rate=$(awk -v n="$ROWS" -v ms="$ms" 'BEGIN { if (ms < 1) ms = 1; printf "%d", n * 1000 / ms }')
import_peak=$peak_mb

worst=0
query() { # label, args...
	label=$1
	shift
	measure "$label" "$LUMBUNG" stock balance "$@"
	rows=$(($(wc -l <"$OUT/last.out") - 1))
	printf '  %-44s %8d rows\n' "" "$rows"
	[ "$ms" -gt "$worst" ] && worst=$ms
	return 0
}
query "balance --at GD-BENCH" --at GD-BENCH
query "balance --at P042 --item I007" --at P042 --item I007
query "balance --item I007 --format csv" --item I007 --format csv
query "balance --at P042 --format json" --at P042 --format json
measure "balance, all (csv)" "$LUMBUNG" stock balance --format csv
printf '  %-44s %8d rows\n' "" "$(($(wc -l <"$OUT/last.out") - 1))"
measure "ledger --item I007 --at P042" "$LUMBUNG" stock ledger --item I007 --at P042
measure "balance --as-of 2026-06-30 --item I007" "$LUMBUNG" stock balance --as-of 2026-06-30 --item I007
measure "import the same file again (all ids known)" "$LUMBUNG" stock import "$OUT/movements.csv"
measure "verify $(count "$ROWS") movements" "$LUMBUNG" verify
verify_peak=$peak_mb

peak=$import_peak
[ "$verify_peak" -gt "$peak" ] && peak=$verify_peak
echo
printf '  %-44s %8d /s   (target >= 200000)\n' "import rate" "$import_rate"
printf '  %-44s %8d ms   (target < 50)\n' "slowest filtered balance query" "$worst"
printf '  %-44s %8d MB   (target < 64; %d MB for a tenth of the rows)\n' "peak memory, import and verify" \
	"$peak" "$small_peak"
# Only this script's files: other benchmarks share bench/out.
rm -f "$OUT/gen_movements" "$OUT/movements.csv" "$OUT/movements-small.csv" \
	"$OUT/ledger.db" "$OUT/ledger.db-wal" "$OUT/ledger.db-shm" \
	"$OUT/small.db" "$OUT/small.db-wal" "$OUT/small.db-shm"
