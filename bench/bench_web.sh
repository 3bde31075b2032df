#!/bin/sh
# bench_web: lumbung serve under load (issue 12's targets on a 2-core
# machine: the Beranda at >= 500 requests/s with p99 < 200 ms, a recipient
# search by name with p99 < 100 ms, the server's memory < 128 MB).
#
# Data: the reconciliation benchmark's round (bench/round.sh: 1,000,000
# recipients, all allocated, 95% redeemed), on 20 January 2026 so that it
# is this month's round. wrk on loopback only, 32 connections for 10 s on
# 2 threads, each request with a logged-in admin's session cookie:
#   - the Beranda (/), after one untimed request that gathers its figures;
#   - a search by the start of a name, a different name each request;
#   - a report page: the reconciliation and the stock report of the
#     round, one request each (they take seconds), then the Beranda again
#     while two stock reports run.
# The server runs on the same 2 cores as wrk, so both share them.
# Reports are heavy pages: at most two run at once and the rest are told
# to come back (503), so the report figures count what was served.
. "$(dirname "$0")/lib.sh"
N=${BENCH_RECIPIENTS:-1000000}
B=$OUT/web
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"
mkdir -p "$B"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_TODAY=2026-01-20
echo "  $(nproc) cores; wrk and the server share them"

if ! command -v wrk >/dev/null 2>&1; then
	echo "  skipped: wrk is not installed (make deps)"
	exit 0
fi
if [ -z "${BENCH_KEEP:-}" ] || ! [ -f "$LUMBUNG_DB" ]; then
	. "$(dirname "$0")/round.sh"
	round_setup "$B" "$N"
	measure "set up $N recipients and a redeemed round" sqlite3 "$LUMBUNG_DB" ".read $B/fill.sql"
	printf 'bench-rahasia\n' | "$LUMBUNG" user add bench --role admin --password-stdin >/dev/null
fi

serve_start "$B" "$LUMBUNG"

web_login "$B" bench

first=$(curl -s -o "$B/home.html" -w '%{time_total}' -b "lumbung_sesi=$sess" "$url/")
grep -q 'id="jml-alokasi">1.000.000<' "$B/home.html" || { echo "bench: the Beranda lacks the round" >&2; exit 1; }
printf '  %-44s %8d ms\n' "first Beranda (gathers the figures)" "$(awk -v s="$first" 'BEGIN { printf "%d", s * 1000 }')"

cat >"$B/search.lua" <<'LUA'
-- a different name each request: "Penerima 1" .. "Penerima 9999"
local n = 0
request = function()
  n = n % 9999 + 1
  return wrk.format("GET", "/penerima?q=Penerima+" .. n)
end
LUA

# run LABEL TARGET_RPS TARGET_P99_MS PATH [SCRIPT]
run() {
	label=$1 want_rps=$2 want_p99=$3 path=$4
	shift 4
	wrk -t2 -c32 -d10s --timeout 10s --latency -H "Cookie: lumbung_sesi=$sess" "$@" "$url$path" >"$B/wrk.out" 2>&1 || {
		echo "bench: wrk failed" >&2
		cat "$B/wrk.out" >&2
		exit 1
	}
	rps=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$B/wrk.out")
	p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
		printf "%.1f", v }' "$B/wrk.out")
	non2xx=$(awk '/Non-2xx/ { print $NF }' "$B/wrk.out")
	errs=$(awk '/Socket errors/ { print }' "$B/wrk.out")
	printf '  %-44s %8d /s   p99 %8s ms' "$label" "$rps" "$p99"
	[ -n "$non2xx" ] && printf '   %s non-2xx' "$non2xx"
	[ -n "$errs" ] && printf '   (%s)' "$errs"
	if [ "$want_rps" -gt 0 ] || [ "$want_p99" -gt 0 ]; then
		awk -v r="$rps" -v p="$p99" -v wr="$want_rps" -v wp="$want_p99" 'BEGIN {
			printf "   target:"
			if (wr > 0) printf " >= %d/s %s,", wr, (r >= wr ? "met" : "MISSED")
			printf " p99 < %d ms %s\n", wp, (p < wp ? "met" : "MISSED") }'
	else
		echo
	fi
}

# one_page LABEL PATH: one request, its time in ms in $one_ms
one_page() {
	t=$(curl -s -m 300 -o "$B/page.html" -w '%{time_total} %{http_code}' -b "lumbung_sesi=$sess" "$url$2")
	one_ms=$(echo "$t" | awk '{ printf "%d", $1 * 1000 }')
	printf '  %-44s %8d ms   (HTTP %s)\n' "$1" "$one_ms" "${t#* }"
}

run "Beranda, 32 connections" 500 200 /
run "search by name, 32 connections" 0 100 /penerima -s "$B/search.lua"
one_page "reconciliation report page, one request" "/laporan/lihat?jenis=rekonsiliasi&program=SEMBAKO-2026&periode=2026-01"
one_page "stock report page, one request" "/laporan/lihat?jenis=stok&program=SEMBAKO-2026&periode=2026-01"
if [ "$one_ms" -lt 3000 ]; then
	run "stock report page, 32 connections" 0 0 "/laporan/lihat?jenis=stok&program=SEMBAKO-2026&periode=2026-01"
else
	echo "  (no load test of a report that takes seconds: two run at once, the rest get 503)"
fi
for i in 1 2; do
	curl -s -m 300 -o /dev/null -b "lumbung_sesi=$sess" \
		"$url/laporan/lihat?jenis=stok&program=SEMBAKO-2026&periode=2026-01" &
done
sleep 1
run "Beranda while two reports run, 32 conn." 500 200 /
rss=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
printf '  %-44s %8d MB   target: < 128 MB %s\n' "server peak memory (VmHWM)" "$rss" "$([ "$rss" -lt 128 ] && echo met || echo MISSED)"
kill -TERM $pid
# a report still running finishes first; do not wait for it forever
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
trap - EXIT
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"
