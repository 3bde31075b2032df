#!/bin/sh
# bench_import_web: a 100,000-row recipient list imported through the web
# pages (/penerima/impor: upload and preview, then the confirm that posts
# the kept file) against the command line's `recipient import` of the
# same file (--dry-run, then for real), each on a fresh database with the
# region data. Target (issue 13): the web within 20% of the CLI in rows/s.
#
# curl on loopback sends the file as a browser does (multipart); the
# server and curl share the 2 cores. The web's figures include the
# upload, keeping the file (0600, SHA-256), the page and, for the
# preview, reading the file again only if a row is bad (none is here).
. "$(dirname "$0")/lib.sh"
N=${BENCH_IMPORT_ROWS:-100000}
B=$OUT/import_web
rm -rf "$B"
mkdir -p "$B"
export LUMBUNG_TODAY=2026-01-05
echo "  $(nproc) cores; curl and the server share them"
if ! command -v curl >/dev/null 2>&1; then
	echo "  skipped: curl is not installed"
	exit 0
fi

cc -O2 -o "$B/gen_recipients" "$top/tools/gen_recipients.c"
"$B/gen_recipients" --count "$N" --villages "$top/data/wilayah/villages.csv" --regency 64.02 --seed 7 >"$B/rcp.csv"
echo "  $N rows, $(( $(wc -c <"$B/rcp.csv") / 1024 )) KB of CSV"

fresh() {
	rm -f "$1" "$1-wal" "$1-shm"
	"$LUMBUNG" -d "$1" init >/dev/null
	"$LUMBUNG" -d "$1" region import "$top/data/wilayah/provinces.csv" "$top/data/wilayah/regencies.csv" \
		"$top/data/wilayah/districts.csv" "$top/data/wilayah/villages.csv" >/dev/null
}

# ---- the command line ----
fresh "$B/cli.db"
measure "CLI recipient import --dry-run" "$LUMBUNG" -d "$B/cli.db" recipient import --dry-run "$B/rcp.csv"
cli_dry=$ms
cpu_cli_dry=$(awk '{ print $3 + $4 }' "$OUT/time.txt")
rate "CLI rows checked" "$N"
measure "CLI recipient import" "$LUMBUNG" -d "$B/cli.db" recipient import "$B/rcp.csv"
cli_post=$ms
cpu_cli_post=$(awk '{ print $3 + $4 }' "$OUT/time.txt")
rate "CLI rows registered" "$N"

# ---- the web ----
fresh "$B/web.db"
printf 'bench-rahasia\n' | "$LUMBUNG" -d "$B/web.db" user add bench --role pendataan --password-stdin >/dev/null
serve_start "$B" "$LUMBUNG" -d "$B/web.db"
web_login "$B" bench
curl -s -b "$B/jar" "$url/penerima/impor" >"$B/form.html"
csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$B/form.html" | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
[ -n "$csrf" ] || { echo "bench: could not log in" >&2; exit 1; }

cpu_server() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
t0=$(cpu_server)
measure "web preview (upload + dry run)" curl -s -f -b "$B/jar" -H "Origin: $url" -F csrf="$csrf" \
	-F "file=@$B/rcp.csv" -o "$B/preview.html" "$url/penerima/impor"
web_dry=$ms
grep -q "id=\"jml-baik\">$(printf "%'d" "$N" 2>/dev/null | tr , .)<" "$B/preview.html" ||
	grep -q 'id="jml-salah">0<' "$B/preview.html" || { echo "bench: the preview is not clean" >&2; exit 1; }
rate "web rows checked" "$N"
t1=$(cpu_server)
form=$(grep -o '<form[^>]*action="/penerima/impor/posting">.*</form>' "$B/preview.html" | sed 's|</form>.*||')
pick() { printf '%s' "$form" | grep -o "name=\"$1\" value=\"[0-9a-z]*\"" | head -1 | sed 's/.*value="\([0-9a-z]*\)"/\1/'; }
measure "web posting (confirm)" curl -s -f -b "$B/jar" -H "Origin: $url" --data-urlencode csrf="$(pick csrf)" \
	--data-urlencode idem="$(pick idem)" --data-urlencode token="$(pick token)" --data-urlencode mode=semua \
	-o "$B/posted.html" "$url/penerima/impor/posting"
web_post=$ms
t2=$(cpu_server)
grep -q 'id="jml-terdaftar"' "$B/posted.html" || { echo "bench: the posting failed" >&2; exit 1; }
rate "web rows registered" "$N"
got=$(sqlite3 "$B/web.db" "SELECT count(*) FROM recipient")
[ "$got" -eq "$N" ] || { echo "bench: the web registered $got of $N" >&2; exit 1; }
tck=$(getconf CLK_TCK)
echo "  server's peak memory (VmHWM)                 $(awk '/VmHWM/ { printf "%d MB", $2 / 1024 }' "/proc/$pid/status")"
# Wall clock suffers whatever else runs on the machine; CPU seconds (the
# CLI's user+system, the server's from /proc) compare the work itself.
awk -v n="$N" -v cd="$cli_dry" -v wd="$web_dry" -v cp="$cli_post" -v wp="$web_post" -v a="$t0" -v b="$t1" \
	-v c="$t2" -v t="$tck" -v ccd="$cpu_cli_dry" -v ccp="$cpu_cli_post" 'BEGIN {
	sd = (b - a) / t; sp = (c - b) / t
	printf "  %-44s %8d /s CPU (web %d /s CPU)\n", "preview: CLI --dry-run rows per CPU second", n / ccd, n / sd
	printf "  %-44s %8d /s CPU (web %d /s CPU)\n", "posting: CLI import rows per CPU second", n / ccp, n / sp
	printf "  %-44s %8.2f wall, %.2f CPU\n", "web/CLI, preview vs --dry-run", wd / cd, sd / ccd
	printf "  %-44s %8.2f wall, %.2f CPU\n", "web/CLI, posting vs import", wp / cp, sp / ccp
}'
