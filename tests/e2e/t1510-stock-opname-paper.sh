# report opname (issue 15): the Berita Acara Stock Opname of a count: per
# location, every item counted, book, counted, difference and reason, in
# packs and base units, on the office's paper with number and signatories.
. "$(dirname "$0")/lib.sh"
plan 23
. "$(dirname "$0")/reports_setup.sh"
rpsetup
export LUMBUNG_TODAY=2026-01-31
has() { # has FILE TEXT DESC
	if grep -qF -- "$2" "$1"; then echo "ok - $3"; else echo "# $1 lacks: $2"; _fail "$3" "$1"; fi
}
lb settings office.kop.dinas "DINAS SOSIAL" >/dev/null
lb settings office.place Tenggarong >/dev/null
lb settings office.signer.pengurus_barang.name "Andi Saputra" >/dev/null
lb settings office.signer.kepala_dinas.name "Drs. H. Ahmad Taufik, M.Si" >/dev/null

snap
lb report opname --at GD-TGR -o "$T/none.pdf"
expect_rc 2 "no count yet"
err_has "no stock count at 'GD-TGR' yet: count with 'lumbung stock count' first" "says to count first"
snap
lb report opname --at NOPE -o "$T/none.pdf"
refused 2 "unknown location 'NOPE' (see 'lumbung location list')" "an unknown location"
unchanged "nothing written"

lb stock count --at GD-TGR --item BERAS --counted 58 --reason "karung sobek, susut" >/dev/null
expect_rc 0 "beras counted short"
lb stock count --at GD-TGR --item MINYAK --counted 22 >/dev/null
expect_rc 0 "minyak counted as booked"
lb report opname --at GD-TGR -o "$T/ba.pdf"
expect_rc 0 "the berita acara"
expect_out "berita acara stock opname of GD-TGR (2 items) written to '$T/ba.pdf'" "says what it wrote"
pdftotext -layout "$T/ba.pdf" "$T/ba.txt" 2>/dev/null
has "$T/ba.txt" "BERITA ACARA STOCK OPNAME" "titled"
has "$T/ba.txt" "Nomor: 1/BA-SO/GD-TGR/I/2026" "numbered from the default pattern"
has "$T/ba.txt" "Sabtu, tanggal tiga puluh satu bulan Januari tahun dua ribu dua puluh enam (31-01-2026)" "dated in words"
has "$T/ba.txt" "Beras medium (BERAS)" "items by name and code"
has "$T/ba.txt" "60 kg" "the book quantity"
has "$T/ba.txt" "58 kg" "what was counted"
has "$T/ba.txt" "-2 kg" "the difference"
has "$T/ba.txt" "karung sobek," "and why"
has "$T/ba.txt" "sesuai" "an item that matches says so"
has "$T/ba.txt" "Andi Saputra" "the pengurus barang signs"
has "$T/ba.txt" "Drs. H. Ahmad Taufik, M.Si" "and the Kepala Dinas"
has "$T/ba.txt" "Halaman 1 dari 1" "pages counted"
pdftoppm -r 30 -gray "$T/ba.pdf" "$T/png" 2>/dev/null
python3 -c 'import sys
d = open(sys.argv[1], "rb").read().split(b"\n", 3)[3]
sys.exit(0 if sum(1 for b in d if b < 128) > len(d) // 400 else 1)' "$T"/png-1.pgm && echo "ok - rendered, not blank" || echo "not ok - rendered, not blank"
