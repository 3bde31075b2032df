# lib.sh — helpers for benchmark scripts (bench/bench_*.sh).
#   measure LABEL CMD...   run CMD, print wall time and peak memory; sets
#                          $ms (wall milliseconds) and $peak_mb ($OUT/time.txt
#                          also holds its user and system seconds)
#   rate LABEL COUNT       print COUNT per second of the last measure
#   serve_start DIR CMD... start CMD serve on a free loopback port (CMD:
#                          "$LUMBUNG" and its global options, perhaps
#                          behind nice); sets $pid and $url, stops it at
#                          exit; its output in DIR/serve.out and .err
#   web_login DIR USER     log USER in (password bench-rahasia) with the
#                          cookie jar DIR/jar; sets $sess
#   redeem_world N DIR     a database ($LUMBUNG_DB, key $LUMBUNG_KEY) of N
#                          made-up recipients at one point TP-KUKAR with
#                          its stock, SEMBAKO-2026 January allocated and its
#                          slips printed (which makes the vouchers)
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
	/usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" "$@" >"$OUT/last.out" 2>"$OUT/last.err" || {
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

redeem_world() {
	cc -O2 -o "$2/gen_recipients" "$top/tools/gen_recipients.c"
	"$2/gen_recipients" --count "$1" --seed 5 --villages "$top/data/wilayah/villages.csv" \
		--regency 64.02 >"$2/recipients.csv"
	"$LUMBUNG" init --org "Dinas Sosial Kabupaten Kutai Kartanegara" >/dev/null
	"$LUMBUNG" region import "$top/data/wilayah/provinces.csv" "$top/data/wilayah/regencies.csv" \
		"$top/data/wilayah/districts.csv" "$top/data/wilayah/villages.csv" >/dev/null
	"$LUMBUNG" item add BERAS --name "Beras medium" --unit kg >/dev/null
	"$LUMBUNG" item add MINYAK --name "Minyak goreng" --unit liter >/dev/null
	"$LUMBUNG" item add TELUR --name "Telur ayam" --unit butir >/dev/null
	"$LUMBUNG" location add TP-KUKAR --kind point --name "Titik salur gabungan" --village 64.02.06.1001 >/dev/null
	# shellcheck disable=SC2046
	"$LUMBUNG" location serve TP-KUKAR --village $(awk -F, 'NR > 1 && $2 ~ /^64\.02\./ { print $1 }' \
		"$top/data/wilayah/villages.csv") >/dev/null
	"$LUMBUNG" stock receive --to TP-KUKAR --item BERAS --qty $(($1 * 10)) --lot BRS-1 --expiry 2026-12-31 \
		--unit-cost 14000 --date 2026-01-02 >/dev/null
	"$LUMBUNG" stock receive --to TP-KUKAR --item MINYAK --qty $(($1 * 4)) --lot MYK-1 --expiry 2026-10-31 \
		--unit-cost 18000 --date 2026-01-02 >/dev/null
	"$LUMBUNG" stock receive --to TP-KUKAR --item TELUR --qty $(($1 * 30)) --lot TLR-1 --expiry 2026-01-31 \
		--unit-cost 2000 --date 2026-01-03 >/dev/null
	"$LUMBUNG" recipient import "$2/recipients.csv" >/dev/null
	"$LUMBUNG" program add SEMBAKO-2026 --name "Bantuan Sembako Daerah" --monthly-value 300000 \
		--quota "$1" --categories lansia,disabilitas,anak --first 2026-01 --last 2026-12 >/dev/null
	"$LUMBUNG" program package SEMBAKO-2026 --item BERAS=10@16000 --item MINYAK=4@20000 \
		--item TELUR=30@2000 >/dev/null
	"$LUMBUNG" allocate --program SEMBAKO-2026 --period 2026-01 >/dev/null
	"$LUMBUNG" key init >/dev/null
	mkdir -p "$2/slips"
	"$LUMBUNG" voucher print --program SEMBAKO-2026 --period 2026-01 -o "$2/slips/kupon.pdf" >/dev/null
	rm -rf "$2/slips"
}

serve_start() {
	_d=$1
	shift
	: >"$_d/serve.out"
	"$@" serve --listen 127.0.0.1:0 --quiet >"$_d/serve.out" 2>"$_d/serve.err" &
	pid=$!
	trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
	_i=0
	while [ $_i -lt 100 ] && ! grep -q '^lumbung: serving' "$_d/serve.out"; do sleep 0.1; _i=$((_i + 1)); done
	url=$(sed -n 's/^lumbung: serving \(http[^ ]*\)\/ on .*/\1/p' "$_d/serve.out")
	[ -n "$url" ] || { echo "bench: lumbung serve did not start" >&2; cat "$_d/serve.err" >&2; exit 1; }
}

web_login() {
	curl -s -c "$1/jar" "$url/login" >"$1/login.html"
	_c=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1/login.html")
	curl -s -b "$1/jar" -c "$1/jar" -H "Origin: $url" --data-urlencode user="$2" \
		--data-urlencode password=bench-rahasia --data-urlencode csrf="$_c" -o /dev/null "$url/login"
	sess=$(awk '$6 == "lumbung_sesi" { print $7 }' "$1/jar")
	[ -n "$sess" ] || { echo "bench: could not log in as $2" >&2; exit 1; }
}
