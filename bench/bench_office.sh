#!/bin/sh
# Office data as it arrives (issue 14): 1,000,000 recipients imported from
# an XLSX workbook (date cells, libxlsxwriter's streamed writer), and the
# same rows as Excel's Indonesian CSV (semicolons, Indonesian headings,
# DD/MM/YYYY dates, sex and category in words), against the plain CSV of
# bench_recipients.sh; then the whole national region list.
# Targets: XLSX >= 50,000 rows/s with peak memory < 128 MB; the office
# CSV no slower than 90% of the plain CSV; the national list < 5 s.
. "$(dirname "$0")/lib.sh"

N=${BENCH_RECIPIENTS:-1000000}
export LUMBUNG_TODAY=2026-01-05
echo "  $(nproc) cores"

cc -O2 -o "$OUT/gen_recipients" "$top/tools/gen_recipients.c"
cc -O2 -o "$OUT/gen_xlsx" "$top/tools/gen_xlsx.c" -lxlsxwriter -lzip
"$OUT/gen_recipients" --count "$N" --villages "$top/data/wilayah/villages.csv" \
	--regency 64.02 --seed 3 >"$OUT/plain.csv"
# The same rows as an Indonesian office saves them.
awk -F, -v OFS=';' 'NR == 1 { print "NIK", "No KK", "Nama", "Jenis Kelamin", "Tgl Lahir", "Alamat",
		"Desa/Kelurahan", "Kategori", "Desil", "No HP"; next }
	{ split($5, d, "-"); $5 = d[3] "/" d[2] "/" d[1]
	  $4 = $4 == "P" ? "Perempuan" : "Laki-laki"
	  $8 = toupper(substr($8, 1, 1)) substr($8, 2); print }' "$OUT/plain.csv" >"$OUT/office.csv"
measure "write $N rows as XLSX (libxlsxwriter)" "$OUT/gen_xlsx" csv "$OUT/plain.csv" "$OUT/office.xlsx"
echo "  $(( $(wc -c <"$OUT/office.xlsx") / 1048576 )) MB of XLSX, $(( $(wc -c <"$OUT/office.csv") / 1048576 )) MB of office CSV"

fresh() {
	DB=$OUT/office-$1.db
	rm -f "$DB" "$DB-wal" "$DB-shm"
	"$LUMBUNG" -d "$DB" init >/dev/null
	"$LUMBUNG" -d "$DB" region import "$top/data/wilayah/provinces.csv" "$top/data/wilayah/regencies.csv" \
		"$top/data/wilayah/districts.csv" "$top/data/wilayah/villages.csv" >/dev/null
}

fresh plain
measure "import $N recipients, plain CSV" "$LUMBUNG" -d "$DB" recipient import "$OUT/plain.csv"
rate "plain CSV" "$N"
plain_ms=$ms
fresh office
measure "import $N recipients, office CSV" "$LUMBUNG" -d "$DB" recipient import "$OUT/office.csv"
rate "office CSV" "$N"
awk -v a="$plain_ms" -v b="$ms" 'BEGIN { printf "  %-44s %8.0f %%\n", "office CSV rate / plain CSV rate", a * 100 / b }'
fresh xlsx
measure "import $N recipients, XLSX" "$LUMBUNG" -d "$DB" recipient import "$OUT/office.xlsx"
rate "XLSX" "$N"

W=$top/../shared/data/wilayah
if [ -f "$W/villages.csv" ]; then
	DB=$OUT/national.db
	rm -f "$DB" "$DB-wal" "$DB-shm"
	"$LUMBUNG" -d "$DB" init >/dev/null
	measure "the national region list ($(( $(wc -l <"$W/villages.csv") - 1 )) villages)" \
		"$LUMBUNG" -d "$DB" region import "$W/provinces.csv" "$W/regencies.csv" \
		"$W/districts.csv" "$W/villages.csv"
else
	echo "  (the national region list is not in ../shared/data/wilayah: skipped)"
fi
rm -f "$OUT"/office-*.db* "$OUT/national.db"* "$OUT/plain.csv" "$OUT/office.csv" "$OUT/office.xlsx"
