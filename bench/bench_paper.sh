#!/bin/sh
# bench_paper: the office's paper for the demo month (issue 15). The BAST
# of every village where packages were handed over, in one PDF, and the
# handover lists of the whole round (one PDF per kecamatan): time and
# pages per second. Data: the demo's database (make demo), copied; made
# here with demo/demo.sh when there is none. Figures depend on the load of
# the machine.
. "$(dirname "$0")/lib.sh"
B=$OUT/paper
rm -rf "$B"
mkdir -p "$B/lists"
echo "  $(nproc) cores"
if [ ! -f "$top/demo/out/lumbung.db" ]; then
	echo "  (no demo database yet: running the demo first)"
	sh "$top/demo/demo.sh" >/dev/null
fi
cp "$top/demo/out/lumbung.db" "$B/lumbung.db"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_TODAY=2026-02-02
L=$LUMBUNG
R="--program SEMBAKO-2026 --period 2026-01"
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }

measure "BAST of every village (one PDF)" "$L" report bast $R -o "$B/bast.pdf"
n=$(pages "$B/bast.pdf")
villages=$(pdftotext "$B/bast.pdf" - 2>/dev/null | grep -c "^BERITA ACARA SERAH TERIMA" || true)
printf '  %-44s %8d pages, %d statements\n' "output" "$n" "$villages"
rate "BAST pages/s" "$n"

districts=$(sqlite3 "$B/lumbung.db" "SELECT DISTINCT v.district_code FROM allocation a JOIN recipient r ON r.id = a.recipient_id JOIN region_village v ON v.code = r.village WHERE a.period = '2026-01' ORDER BY 1" | tr "\n" " ")
cat >"$B/lists.sh" <<SH
for d in $districts; do
	"$L" voucher list $R --district "\$d" --format pdf -o "$B/lists/daftar-\$d.pdf" >/dev/null || exit 1
done
SH
measure "handover lists of the whole round" sh "$B/lists.sh"
n=0
for f in "$B"/lists/*.pdf; do n=$((n + $(pages "$f"))); done
printf '  %-44s %8d pages, %d files\n' "output" "$n" "$(ls "$B/lists" | wc -l)"
rate "handover list pages/s" "$n"
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$B"
