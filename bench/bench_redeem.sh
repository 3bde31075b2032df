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

redeem_world "$N" "$B"
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
