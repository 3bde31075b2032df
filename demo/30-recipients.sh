# Chapter 3: recipients and January's allocation. The office loads East
# Kalimantan's region data, imports its 820 recipients from the villages'
# lists (made up here, with the flaws real lists have: a person sent
# twice, people registered twice under different NIKs, people who have
# died), screens them against the death register and the PKH list,
# defines SEMBAKO-2026 and its package, and allocates January 2026.
set -eu
L=$LUMBUNG
R=$DEMO/recipients
mkdir -p "$R"

# Region data (Kemendagri codes; ODbL, see data/wilayah/SOURCE.md).
$L region import "$TOP/data/wilayah/provinces.csv" "$TOP/data/wilayah/regencies.csv" \
	"$TOP/data/wilayah/districts.csv" "$TOP/data/wilayah/villages.csv"

# The villages' lists: 820 people of Kutai Kartanegara with valid NIKs,
# 4 of them registered a second time under another NIK, and a death
# register naming 9 of them.
cc -O2 -o "$R/gen_recipients" "$TOP/tools/gen_recipients.c"
"$R/gen_recipients" --count 820 --villages "$TOP/data/wilayah/villages.csv" --regency 64.02 \
	--seed 2026 --duplicates 4 --deceased 9 --deceased-out "$R/kematian.csv" >"$R/penerima.csv"
# Two villages sent the same person as another village did (same NIK).
sed -n '101p;402p' "$R/penerima.csv" >>"$R/penerima.csv"
echo "$(( $(wc -l <"$R/penerima.csv") - 1 )) rows from the villages"

# A dry run first, then the import: the repeated NIKs are refused into a
# rejects file with the reason; likely duplicates are flagged and held.
$L recipient import "$R/penerima.csv" --dry-run --skip-invalid --rejects "$R/penerima-ditolak.csv" 2>/dev/null
$L recipient import "$R/penerima.csv" --skip-invalid --rejects "$R/penerima-ditolak.csv" 2>"$R/import.log" || {
	cat "$R/import.log" >&2
	exit 1
}
cat "$R/import.log"
echo "rejected rows, with the reason:"
cut -d, -f3,11- "$R/penerima-ditolak.csv" | tail -n +2

# The civil registry's death register: those on it are set meninggal.
$L recipient screen "$R/kematian.csv" --list KEMATIAN --set-status meninggal --date 2025-12-31
# The PKH list (here: three of the recipients also receive PKH).
{ echo nik; sed -n '51p;251p;651p' "$R/penerima.csv" | cut -d, -f1; } >"$R/pkh.csv"
$L recipient screen "$R/pkh.csv" --list PKH
$L recipient lists

# Likely duplicates wait for the village officer's check: one turns out to
# be two people, one the same person registered twice.
$L recipient duplicates
$L recipient duplicates --format csv --show-nik | awk -F, 'NR > 1 { print $3 }' >"$R/held.txt"
$L recipient review "$(sed -n 1p "$R/held.txt")" --verdict distinct \
	--reason "two people: different KK, confirmed by the village office"
$L recipient review "$(sed -n 2p "$R/held.txt")" --verdict duplicate \
	--reason "the same person: registered again after moving within the village"
rm -f "$R/held.txt"

# Each distribution point (chapter 2: one per district) serves every
# village of its district.
$L location list --format csv | awk -F, '$2 == "point" && $4 != "" { print $1, substr($4, 1, 8) }' |
while read -r point district; do
	# shellcheck disable=SC2046
	$L location serve "$point" --village $(awk -F, -v d="$district" '$2 == d { print $1 }' \
		"$TOP/data/wilayah/villages.csv") | head -n 1
done

# The program: Rp300.000 a month for 820 recipients, excluding PKH's.
$L program add SEMBAKO-2026 --name "Bantuan Sembako Daerah Kutai Kartanegara 2026" \
	--monthly-value Rp300.000 --quota 820 --categories lansia,disabilitas,anak \
	--first 2026-01 --last 2026-12 --funding APBD --exclude PKH
# Its package at the prices the lots were bought at (chapter 2).
$L program package SEMBAKO-2026 --item BERAS=10 --item MINYAK=2 --item TELUR=30 --item IKAN=5

# January: who gets a package, in priority order, and the stock each
# distribution point needs against what chapter 2 moved there.
$L allocate --program SEMBAKO-2026 --period 2026-01
$L allocate --program SEMBAKO-2026 --period 2026-01 | head -n 1
$L allocation list --program SEMBAKO-2026 --period 2026-01 --format csv >"$R/alokasi-2026-01.csv"
echo "$(( $(wc -l <"$R/alokasi-2026-01.csv") - 1 )) allocations in $R/alokasi-2026-01.csv (NIKs masked)"
$L allocation list --program SEMBAKO-2026 --period 2026-01 | head -n 6
$L recipient show "$(sed -n 2p "$R/penerima.csv" | cut -d, -f1)"
rm -f "$R/gen_recipients"
