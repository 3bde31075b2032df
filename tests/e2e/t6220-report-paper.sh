# the realisation, stock and recipients reports as the office files them
# (issue 15): kop, place and date, the signatories from the settings,
# "nihil" under an empty section, figures and codes never broken.
. "$(dirname "$0")/lib.sh"
plan 29
. "$(dirname "$0")/reports_setup.sh"
rpsetup
export LUMBUNG_TODAY=2026-01-20
R="--program SEMBAKO-2026 --period 2026-01"
has() { # has FILE TEXT DESC
	if grep -qF -- "$2" "$1"; then echo "ok - $3"; else echo "# $1 lacks: $2"; _fail "$3" "$1"; fi
}
lb settings office.kop.pemerintah "PEMERINTAH KABUPATEN KUTAI KARTANEGARA" >/dev/null
lb settings office.kop.dinas "DINAS SOSIAL" >/dev/null
lb settings office.place Tenggarong >/dev/null
lb settings office.signer.kepala_dinas.name "Drs. H. Ahmad Taufik, M.Si" >/dev/null
lb settings office.signer.kepala_dinas.jabatan "Kepala Dinas Sosial" >/dev/null
lb settings office.signer.ppk.name "Siti Rahmawati, S.E." >/dev/null
lb settings office.signer.bendahara.name "Yusuf Hamdani" >/dev/null
lb settings office.signer.pengurus_barang.name "Andi Saputra" >/dev/null

lb report distribution $R -o "$T/dist.pdf"
expect_rc 0 "the realisation report"
pdftotext -layout "$T/dist.pdf" "$T/dist.txt" 2>/dev/null
has "$T/dist.txt" "PEMERINTAH KABUPATEN KUTAI KARTANEGARA" "kop"
has "$T/dist.txt" "Tenggarong, 20 Januari 2026" "place and date"
has "$T/dist.txt" "Siti Rahmawati, S.E." "the PPK signs"
has "$T/dist.txt" "Yusuf Hamdani" "the Bendahara signs"
has "$T/dist.txt" "Drs. H. Ahmad Taufik, M.Si" "the Kepala Dinas, Mengetahui"
has "$T/dist.txt" "nihil" "an empty section says nihil"
has "$T/dist.txt" "Rp21.120.000" "the pagu in one piece"
has "$T/dist.txt" "Grafik penyaluran paket per kecamatan" "it opens with the chart"
has "$T/dist.txt" "Dialokasikan" "its legend"
has "$T/dist.txt" "Tidak diambil" "names the uncollected"
[ "$(pdfimages -f 1 -l 1 -list "$T/dist.pdf" 2>/dev/null | tail -n +3 | wc -l)" = 0 ] \
	&& echo "ok - the chart is vectors, not an image" || echo "not ok - the chart is vectors, not an image"

lb report stock --period 2026-01 -o "$T/stock.pdf"
expect_rc 0 "the stock report"
pdftotext -layout "$T/stock.pdf" "$T/stock.txt" 2>/dev/null
has "$T/stock.txt" "Andi Saputra" "the pengurus barang signs"
has "$T/stock.txt" "Rp2.176.000" "the grand total on one line"
# quantities in packs and base units, item names with their codes, the
# words of each whole (pdftotext's words, not a layout)
pdftotext "$T/stock.pdf" "$T/stock.words" 2>/dev/null
for want in "60 kg" "(2 karung 10 kg)" "22 liter" "(1 dus 10 liter)" "Beras medium" "Minyak goreng"; do
	grep -qwF -- "$want" "$T/stock.words" && echo "ok - the stock page shows '$want' whole" \
		|| { echo "# $(grep -F -- "${want%% *}" "$T/stock.words" | head -3 | tr '\n' '|')"; echo "not ok - the stock page shows '$want' whole"; }
done
[ "$(grep -cxF "(MINYAK)" "$T/stock.words")" = 4 ] && [ "$(grep -cxF "(BERAS)" "$T/stock.words")" = 4 ] \
	&& echo "ok - every item's code whole beside its name" || echo "not ok - every item's code whole beside its name"
grep -qxF "GD-TGR" "$T/stock.words" && grep -qxF "POS-JHB" "$T/stock.words" \
	&& echo "ok - location codes whole" || echo "not ok - location codes whole"

# each page says which of how many it is, as the BAST does
for f in dist stock; do
	n=$(pdfinfo "$T/$f.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	bad=0
	for i in $(seq 1 "$n"); do
		pdftotext -f "$i" -l "$i" "$T/$f.pdf" "$T/page.txt" 2>/dev/null
		grep -qxF "Halaman $i dari $n" "$T/page.txt" || bad=1
	done
	[ "$n" -ge 2 ] && [ $bad = 0 ] && echo "ok - $f: every page says Halaman i dari $n" \
		|| echo "not ok - $f: every page says Halaman i dari n ($n pages)"
done

lb report recipients $R -o "$T/rcp.pdf"
expect_rc 0 "the recipients report"
pdftotext -layout "$T/rcp.pdf" "$T/rcp.txt" 2>/dev/null
has "$T/rcp.txt" "DINAS SOSIAL" "kop"
has "$T/rcp.txt" "Yusuf Hamdani" "signed"

for f in dist stock rcp; do
	pdftoppm -r 30 -gray "$T/$f.pdf" "$T/png-$f" 2>/dev/null
	for p in "$T"/png-$f*.pgm; do
		python3 -c 'import sys
d = open(sys.argv[1], "rb").read().split(b"\n", 3)[3]
sys.exit(0 if sum(1 for b in d if b < 128) > len(d) // 400 else 1)' "$p" || echo "not ok - $f: $(basename "$p") is blank"
	done
done
echo "ok - every page rendered with ink on it"
