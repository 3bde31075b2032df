# lib.sh — helpers for benchmark scripts (bench/bench_*.sh).
#   measure LABEL CMD...   run CMD, print wall time and peak memory; sets
#                          $ms (wall milliseconds) and $peak_mb
#   rate LABEL COUNT       print COUNT per second of the last measure
# Benchmarks write only under bench/out (ignored by git).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
LUMBUNG=${LUMBUNG:-$top/lumbung}
OUT=$top/bench/out
mkdir -p "$OUT"
export LUMBUNG_OPERATOR=bench

measure() {
	label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/last.out" 2>"$OUT/last.err" || {
		echo "bench: '$label' failed:" >&2
		tail -n 5 "$OUT/last.err" >&2
		exit 1
	}
	secs=$(cut -d' ' -f1 "$OUT/time.txt")
	kb=$(cut -d' ' -f2 "$OUT/time.txt")
	ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
	peak_mb=$(( (kb + 1023) / 1024 ))
	printf '  %-44s %8d ms  peak %4d MB\n' "$label" "$ms" "$peak_mb"
}

rate() {
	awk -v n="$2" -v ms="$ms" -v l="$1" 'BEGIN {
		if (ms < 1) ms = 1
		printf "  %-44s %8d /s\n", l, n * 1000 / ms }'
}
