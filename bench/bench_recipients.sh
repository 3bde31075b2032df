#!/bin/sh
# Recipients and allocation at a province's scale: import 1,000,000
# generated recipients from CSV, preview one round for all of them
# (allocate --dry-run: the same ranking, nothing written), then allocate it.
# Targets (issue 3): >= 100,000 recipients/s imported, >= 500,000
# allocations/s, peak memory under 64 MB.
. "$(dirname "$0")/lib.sh"

N=${BENCH_RECIPIENTS:-1000000}
DB=$OUT/recipients.db
export LUMBUNG_TODAY=2026-01-05
rm -f "$DB" "$DB-wal" "$DB-shm"

# The generator: standalone C, built here so the bench needs nothing else.
cc -O2 -o "$OUT/gen_recipients" "$top/tools/gen_recipients.c"
# Kutai Kartanegara's 237 villages hold a million people at ~4,200 each:
# enough villages, no larger list needed.
"$OUT/gen_recipients" --count "$N" --villages "$top/data/wilayah/villages.csv" \
	--regency 64.02 --seed 3 >"$OUT/recipients.csv"
echo "  $(( $(wc -l <"$OUT/recipients.csv") - 1 )) generated rows, $(( $(wc -c <"$OUT/recipients.csv") / 1048576 )) MB of CSV"

L() { "$LUMBUNG" -d "$DB" "$@"; }
L init >/dev/null
L region import "$top/data/wilayah/provinces.csv" "$top/data/wilayah/regencies.csv" \
	"$top/data/wilayah/districts.csv" "$top/data/wilayah/villages.csv" >/dev/null

measure "import $N recipients" "$LUMBUNG" -d "$DB" recipient import "$OUT/recipients.csv"
rate "recipients imported" "$N"

# One distribution point per district, serving all its villages; a
# program whose quota takes everyone.
L item add BERAS --name "Beras medium" --unit kg >/dev/null
awk -F, 'NR > 1 && $2 ~ /^64\.02\./ { print $2, $1 }' "$top/data/wilayah/villages.csv" >"$OUT/villages.txt"
for d in $(cut -d' ' -f1 "$OUT/villages.txt" | sort -u); do
	first=$(awk -v d="$d" '$1 == d { print $2; exit }' "$OUT/villages.txt")
	L location add "TP-$d" --kind point --name "Titik salur $d" --village "$first" >/dev/null
	# shellcheck disable=SC2046
	L location serve "TP-$d" --village $(awk -v d="$d" '$1 == d { print $2 }' "$OUT/villages.txt") >/dev/null
done
L program add BENCH --name "Bench" --monthly-value 300000 --quota "$N" \
	--categories lansia,disabilitas,anak --first 2026-01 --last 2026-12 >/dev/null
L program package BENCH --item BERAS=10@30000 >/dev/null

cpu() { awk '{ printf "  %-44s %8.2f s user+sys\n", "  (CPU)", $3 + $4 }' "$OUT/time.txt"; }
measure "allocate --dry-run (preview) of $N" "$LUMBUNG" -d "$DB" allocate --program BENCH --period 2026-01 --dry-run
cpu
if L allocation list --program BENCH --period 2026-01 >/dev/null 2>&1; then
	echo "bench: the dry run allocated the round" >&2
	exit 1
fi
measure "allocate one round for $N recipients" "$LUMBUNG" -d "$DB" allocate --program BENCH --period 2026-01
cpu
rate "allocations" "$(L allocation list --program BENCH --period 2026-01 --format csv | tail -n +2 | wc -l)"
measure "allocate the same round again (no change)" "$LUMBUNG" -d "$DB" allocate --program BENCH --period 2026-01

# Listing every recipient, in each format: the list document streams its
# rows (the text table holds its first 5,000 back to size the columns),
# so memory stays flat however many there are.
for fmt in table csv json; do
	measure "recipient list --format $fmt ($N rows)" \
		sh -c '"$0" -d "$1" recipient list --format "$2" >/dev/null' "$LUMBUNG" "$DB" "$fmt"
	rate "recipients listed ($fmt)" "$N"
done
