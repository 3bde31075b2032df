#!/bin/sh
# bench_trust: what issue 10's checks cost.
#
# 1. A field kit with 10,000 redemptions imported, every one judged again
#    against this database (target: at least 5,000 redemptions/s). The
#    world is bench_redeem's (lib.sh redeem_world) with 10,000 recipients;
#    the kit is exported for the point and its slips redeemed on it from a
#    scanner file. The import checks signatures and the kit's own file on
#    two more threads while it posts: its CPU time (all threads) is printed
#    beside the wall time, which is what other engineers' builds leave.
# 2. verify after 100,000 redemptions: the history tables' checks beside
#    the journal-only verify of the same database (target: the extra
#    checks cost at most twice the journal-only time).
. "$(dirname "$0")/lib.sh"
K=${BENCH_KIT_SCANS:-10000}
N=${BENCH_VERIFY_SCANS:-100000}
L=$LUMBUNG
export LUMBUNG_TODAY=2026-01-15
echo "  nproc $(nproc); other engineers' builds share these cores: figures are under load"

# measure_cpu LABEL CMD...: measure, and the CPU seconds of all its threads
# ($cpu_ms).
measure_cpu() {
	measure "$@"
	cpu_ms=$(awk -v a="$(cut -d' ' -f3 "$OUT/time.txt")" -v b="$(cut -d' ' -f4 "$OUT/time.txt")" \
		'BEGIN { printf "%d", (a + b) * 1000 }')
	printf '  %-44s %8d ms\n' "  CPU, all threads" "$cpu_ms"
}
B=$OUT/trust-kit
rm -rf "$B"
mkdir -p "$B"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_KEY="$B/signing.key"
redeem_world "$K" "$B"
"$L" redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$B/scans.txt" >/dev/null
"$L" field export --point TP-KUKAR --period 2026-01 -o "$B/kit.db" >/dev/null
"$L" -d "$B/kit.db" redeem --point TP-KUKAR --operator lapangan --file "$B/scans.txt" >/dev/null
measure_cpu "field import of $K kit redemptions" "$L" field import "$B/kit.db"
rate "redemptions re-judged/s (wall)" "$K"
awk -v n="$K" -v c="$cpu_ms" -v l="redemptions re-judged/s of CPU" 'BEGIN { if (c < 1) c = 1
	printf "  %-44s %8d /s\n", l, n * 1000 / c }'
head -n 1 "$OUT/last.out" | sed 's/^/  /'
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"

B=$OUT/trust-verify
rm -rf "$B"
mkdir -p "$B"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_KEY="$B/signing.key"
redeem_world "$N" "$B"
"$L" redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$B/scans.txt" >/dev/null
"$L" redeem --point TP-KUKAR --operator bench --file "$B/scans.txt" >/dev/null
measure_cpu "verify --journal-only after $N redemptions" "$L" verify --journal-only
j=$ms
jc=$cpu_ms
measure_cpu "verify (journal and history tables)" "$L" verify
awk -v a="$ms" -v j="$j" -v ac="$cpu_ms" -v jc="$jc" 'BEGIN { if (j < 1) j = 1; if (jc < 1) jc = 1
	printf "  %-44s %8.2f x the journal-only time (%.2f x its CPU)\n", "history checks cost", (a - j) / j, (ac - jc) / jc }'
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"
