#!/bin/sh
# bench_trust: what issue 10's checks cost.
#
# 1. A field kit with 10,000 redemptions imported, every one judged again
#    against this database (target: at least 5,000 redemptions/s). The
#    world is bench_redeem's (lib.sh redeem_world) with 10,000 recipients;
#    the kit is exported for the point and its slips redeemed on it from a
#    scanner file.
# 2. verify after 100,000 redemptions: the history tables' checks beside
#    the journal-only verify of the same database (target: the extra
#    checks cost at most twice the journal-only time).
. "$(dirname "$0")/lib.sh"
K=${BENCH_KIT_SCANS:-10000}
N=${BENCH_VERIFY_SCANS:-100000}
L=$LUMBUNG
export LUMBUNG_TODAY=2026-01-15
echo "  nproc $(nproc); other engineers' builds share these cores: figures are under load"

B=$OUT/trust-kit
rm -rf "$B"
mkdir -p "$B"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_KEY="$B/signing.key"
redeem_world "$K" "$B"
"$L" redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$B/scans.txt" >/dev/null
"$L" field export --point TP-KUKAR --period 2026-01 -o "$B/kit.db" >/dev/null
"$L" -d "$B/kit.db" redeem --point TP-KUKAR --operator lapangan --file "$B/scans.txt" >/dev/null
measure "field import of $K kit redemptions" "$L" field import "$B/kit.db"
rate "redemptions re-judged/s" "$K"
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
measure "verify --journal-only after $N redemptions" "$L" verify --journal-only
j=$ms
measure "verify (journal and history tables)" "$L" verify
awk -v a="$ms" -v j="$j" 'BEGIN { if (j < 1) j = 1
	printf "  %-44s %8.2f x the journal-only time\n", "history checks cost", (a - j) / j }'
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"
