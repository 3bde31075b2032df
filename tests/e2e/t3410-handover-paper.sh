# voucher list as the office files it (issue 15): kop, number, place and
# date, the signatories from the settings, a date column, "Halaman i dari
# n" per village; per village, per district or for a whole point.
. "$(dirname "$0")/lib.sh"
plan 24
. "$(dirname "$0")/voucher_setup.sh"
vsetup
lb key init
R="--program SEMBAKO-2026 --period 2026-01"
has() { # has FILE TEXT DESC
	if grep -qF -- "$2" "$1"; then echo "ok - $3"; else echo "# $1 lacks: $2"; _fail "$3" "$1"; fi
}
lb settings office.kop.pemerintah "PEMERINTAH KABUPATEN KUTAI KARTANEGARA" >/dev/null
lb settings office.kop.dinas "DINAS SOSIAL" >/dev/null
lb settings office.place Tenggarong >/dev/null
lb settings office.signer.petugas.name "Rudi Hartono" >/dev/null
lb settings office.signer.petugas.nip "198001012006041001" >/dev/null
lb settings office.number.handover "{seq:3}/DSP/{desa}/{tahun}" >/dev/null

lb voucher list $R --district 64.02.06 --format pdf -o "$T/district.pdf"
expect_rc 0 "a district's lists in one PDF"
expect_out "wrote the handover list of 5 recipients to '$T/district.pdf'" "its villages' recipients"
pdftotext -layout "$T/district.pdf" "$T/district.txt" 2>/dev/null
has "$T/district.txt" "PEMERINTAH KABUPATEN KUTAI KARTANEGARA" "the kop"
has "$T/district.txt" "Nomor: 001/DSP/64.02.06.1001/2026" "Jahab's number"
has "$T/district.txt" "Nomor: 002/DSP/64.02.06.1002/2026" "Loa Ipuh's number"
has "$T/district.txt" "Tenggarong, .............. Januari 2026" "place and date to fill in"
has "$T/district.txt" "Rudi Hartono" "the petugas by name"
has "$T/district.txt" "NIP. 198001012006041001" "and NIP"
has "$T/district.txt" "Kepala Desa/Lurah Jahab" "the village head of each village"
has "$T/district.txt" "Tanggal" "a column for the date received"
[ "$(grep -c "Halaman 1 dari 1" "$T/district.txt")" = 2 ] && echo "ok - each village counts its own pages" \
	|| echo "not ok - each village counts its own pages"
[ "$(pdfinfo "$T/district.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" = 2 ] && echo "ok - a page each" \
	|| echo "not ok - a page each"
grep -q "Hasan Basri" "$T/district.txt" && echo "not ok - only the district's villages" || echo "ok - only the district's villages"

pdftoppm -r 30 -gray "$T/district.pdf" "$T/png" 2>/dev/null
for p in "$T"/png*.pgm; do
	python3 -c 'import sys
d = open(sys.argv[1], "rb").read().split(b"\n", 3)[3]
sys.exit(0 if sum(1 for b in d if b < 128) > len(d) // 400 else 1)' "$p" || echo "not ok - $(basename "$p") is blank"
done
echo "ok - every page rendered with ink on it"

lb voucher list $R --point POS-TGR --format pdf -o "$T/point.pdf"
expect_rc 0 "a point's list"
expect_out "wrote the handover list of 3 recipients to '$T/point.pdf'" "those who collect there"
pdftotext -layout "$T/point.pdf" "$T/point.txt" 2>/dev/null
has "$T/point.txt" "Balai Desa Loa Ipuh" "the point"

lb voucher list $R --point POS-TGR --format csv -o "$T/point.csv"
expect_rc 0 "a point's list as CSV"
[ "$(tail -n +2 "$T/point.csv" | wc -l)" = 3 ] && echo "ok - three rows" || echo "not ok - three rows"

snap
lb voucher list $R --village 64.02.06.1001 --district 64.02.06 --format pdf -o "$T/x.pdf"
expect_rc 2 "village and district together"
err_has "voucher list: give one of --village, --district or --point" "says to choose"
lb voucher list $R --point NOPE --format pdf -o "$T/x.pdf"
expect_rc 2 "an unknown point"
err_has "unknown distribution point 'NOPE'" "names it"
unchanged "nothing written"
