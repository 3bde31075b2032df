# report bast as the office files it (issue 15): kop, number, spelled date,
# signatories and totals from the settings; the signature blocks always
# on a page with rows of their own statement, whether the table ends at
# the foot of a page or runs to three pages; "Halaman i dari n" per
# statement; A4 and F4; every page rendered and not blank.
. "$(dirname "$0")/lib.sh"
plan 33
. "$(dirname "$0")/reports_setup.sh"
rpsetup
export LUMBUNG_TODAY=2026-01-20
R="--program SEMBAKO-2026 --period 2026-01"
has() { # has FILE TEXT DESC
	if grep -qF -- "$2" "$1"; then echo "ok - $3"; else echo "# $1 lacks: $2"; _fail "$3" "$1"; fi
}
set_() { lb settings "$1" "$2" >/dev/null || echo "not ok - setting $1"; }

set_ office.kop.pemerintah "PEMERINTAH KABUPATEN KUTAI KARTANEGARA"
set_ office.kop.dinas "DINAS SOSIAL"
set_ office.kop.alamat "Jl. Wolter Monginsidi No. 1, Tenggarong 75511"
set_ office.kop.telepon "(0541) 661234"
set_ office.kop.email "dinsos@kukarkab.go.id"
set_ office.place Tenggarong
set_ office.signer.kepala_dinas.name "Drs. H. Ahmad Taufik, M.Si"
set_ office.signer.kepala_dinas.nip "19690512 199403 1 007"
set_ office.signer.kepala_dinas.jabatan "Kepala Dinas Sosial"
set_ office.signer.petugas.name "Rudi Hartono"
set_ office.number.bast "{seq:3}/BAST-{program}/{bulan-romawi}/{tahun}"

lb report bast $R --village 64.02.06.1001 -o "$T/jahab.pdf"
expect_rc 0 "the BAST of Jahab is written"
pdftotext -layout "$T/jahab.pdf" "$T/jahab.txt" 2>/dev/null
has "$T/jahab.txt" "PEMERINTAH KABUPATEN KUTAI KARTANEGARA" "the kop's government"
has "$T/jahab.txt" "DINAS SOSIAL" "the kop's office"
has "$T/jahab.txt" "Jl. Wolter Monginsidi No. 1, Tenggarong 75511" "the kop's address"
has "$T/jahab.txt" "dinsos@kukarkab.go.id" "the kop's e-mail"
has "$T/jahab.txt" "Nomor: 001/BAST-SEMBAKO-2026/I/2026" "the number from the office's pattern"
has "$T/jahab.txt" "tanggal lima belas bulan Januari tahun dua ribu dua puluh enam (15-01-2026)" "the date spelled out"
has "$T/jahab.txt" "Rudi Hartono" "the petugas penyalur from the settings"
has "$T/jahab.txt" "Drs. H. Ahmad Taufik, M.Si" "the Kepala Dinas who signs Mengetahui"
has "$T/jahab.txt" "NIP. 19690512 199403 1 007" "with the NIP"
has "$T/jahab.txt" "Mengetahui," "Mengetahui"
has "$T/jahab.txt" "Tenggarong, 15 Januari 2026" "signed at the office's place"
has "$T/jahab.txt" "2 paket, Rp352.000" "the total in figures"
has "$T/jahab.txt" "tiga ratus lima puluh dua ribu rupiah" "and in words"
has "$T/jahab.txt" "Beras medium (BERAS): 10 kg" "the package once, with item codes"
has "$T/jahab.txt" "pindai QR," "how it was collected (Cara)"
has "$T/jahab.txt" "Halaman 1 dari 1" "one page"
grep -c "Beras medium" "$T/jahab.txt" | grep -qx 2 && echo "ok - the goods are not repeated per row" \
	|| echo "not ok - the goods are not repeated per row"
grep -q "6402064203550001" "$T/jahab.txt" && echo "not ok - the NIK is masked" || echo "ok - the NIK is masked"

lb report bast $R --village 64.02.06.1001 -o "$T/jahab2.pdf"
pdftotext -layout "$T/jahab2.pdf" - 2>/dev/null | grep -qF "Nomor: 001/BAST-SEMBAKO-2026/I/2026" \
	&& echo "ok - printed again, it keeps its number" || echo "not ok - printed again, it keeps its number"
[ "$(sql "SELECT count(*) FROM doc_number")" = 1 ] && echo "ok - one number given" || echo "not ok - one number given"

# add N more recipients who collected, in Jahab, copied from Siti Aminah
grow() {
	sql "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $1)
	INSERT INTO recipient(nik, kk, name, sex, birth_date, address, village, category, token, created_at)
	SELECT printf('6402064203%06d', (SELECT count(*) FROM recipient) + i), kk,
	       printf('Penerima %03d', (SELECT count(*) FROM recipient) + i), sex, birth_date, address,
	       village, category, printf('%016d', (SELECT count(*) FROM recipient) + i + 100), created_at
	FROM recipient, k WHERE nik = '6402064203550001';
	INSERT INTO allocation(program_id, period, recipient_id, point_id, rank)
	SELECT a.program_id, a.period, r.id, a.point_id, 1000 + r.id FROM recipient r,
	       (SELECT * FROM allocation WHERE recipient_id = (SELECT id FROM recipient WHERE nik = '6402064203550001')) a
	WHERE r.name LIKE 'Penerima %' AND NOT EXISTS (SELECT 1 FROM allocation x WHERE x.recipient_id = r.id);
	INSERT INTO voucher(allocation_id, serial, last_day, created_at)
	SELECT a.id, 900000 + a.id, '2026-01-31', '2026-01-10T00:00:00Z' FROM allocation a
	WHERE NOT EXISTS (SELECT 1 FROM voucher v WHERE v.allocation_id = a.id);
	INSERT INTO redemption(voucher_id, allocation_id, point_id, day, redeemed_at, operator, source)
	SELECT v.id, v.allocation_id, a.point_id, '2026-01-15', '2026-01-15T02:00:00Z', 'tester', 'scan'
	FROM voucher v JOIN allocation a ON a.id = v.allocation_id
	JOIN recipient r ON r.id = a.recipient_id AND r.name LIKE 'Penerima %'
	WHERE NOT EXISTS (SELECT 1 FROM redemption x WHERE x.allocation_id = a.id);" \
	|| echo "not ok - growing the village"
}

# sigpage FILE: every page with a signature block also has table rows
# (a masked NIK) of its statement, and the pages say "Halaman i dari n"
sigpage() {
	n=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	i=1 bad=0
	while [ "$i" -le "$n" ]; do
		pdftotext -f "$i" -l "$i" -layout "$1" "$T/page.txt" 2>/dev/null
		grep -qF "Halaman $i dari $n" "$T/page.txt" || bad=1
		if grep -qF "Mengetahui," "$T/page.txt"; then
			grep -q '6402\*\*\*\*\*\*\*\*\*\*' "$T/page.txt" || bad=1
		fi
		i=$((i + 1))
	done
	[ "$bad" = 0 ]
}

# From 3 rows up: the first page fills, then the table ends at its foot
# (rows and signatures no longer fit) and rows move to page 2.
grow 1
rows=3 twopage=""
while [ $rows -le 34 ]; do
	lb report bast $R --village 64.02.06.1001 -o "$T/b$rows.pdf" || echo "not ok - BAST of $rows rows"
	pages=$(pdfinfo "$T/b$rows.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	sigpage "$T/b$rows.pdf" || echo "not ok - $rows rows: a signature page without rows, or a wrong page number"
	[ "$pages" = 2 ] && [ -z "$twopage" ] && twopage=$rows
	grow 1
	rows=$((rows + 1))
done
[ -n "$twopage" ] && echo "ok - from $twopage rows the statement takes two pages" || echo "not ok - a statement reached two pages"
# the table that just filled page 1: its last row moved to page 2
prev=$((twopage - 1))
pdftotext -f 1 -l 1 -layout "$T/b$prev.pdf" - 2>/dev/null | grep -qF "Mengetahui," \
	&& echo "ok - with $prev rows everything stands on one page" || echo "not ok - with $prev rows everything stands on one page"
pdftotext -f 2 -l 2 -layout "$T/b$twopage.pdf" "$T/p2.txt" 2>/dev/null
grep -q '6402\*\*\*\*\*\*\*\*\*\*' "$T/p2.txt" && grep -qF "Mengetahui," "$T/p2.txt" \
	&& echo "ok - with $twopage rows the signatures go to page 2 with rows of the table" \
	|| echo "not ok - with $twopage rows the signatures go to page 2 with rows of the table"
echo "ok - signature pages checked for 3 to 34 rows"

grow 45
lb report bast $R -o "$T/all.pdf"
expect_rc 0 "every village's BAST in one PDF"
pdftotext -layout "$T/all.pdf" "$T/all.txt" 2>/dev/null
has "$T/all.txt" "Halaman 3 dari 3" "Jahab's statement runs to three pages"
grep -c "Halaman 1 dari" "$T/all.txt" | grep -qx 3 && echo "ok - each of the three statements starts at Halaman 1" \
	|| echo "not ok - each of the three statements starts at Halaman 1"
lb report bast $R --village 64.02.06.1001 -o "$T/three.pdf"
sigpage "$T/three.pdf" && echo "ok - three pages: signatures with rows, pages numbered" \
	|| echo "not ok - three pages: signatures with rows, pages numbered"

# F4 (folio): 215 x 330 mm
set_ office.paper F4
lb report bast $R --village 64.02.06.1001 -o "$T/f4.pdf"
expect_rc 0 "a BAST on F4"
pdfinfo "$T/f4.pdf" 2>/dev/null | grep -q "Page size: *609.449 x 935.433 pts" \
	&& echo "ok - F4 pages" || echo "not ok - F4 pages"
sigpage "$T/f4.pdf" && echo "ok - F4: signatures with rows" || echo "not ok - F4: signatures with rows"

# every page rendered, none blank
for f in "$T/jahab.pdf" "$T/three.pdf" "$T/f4.pdf"; do
	pdftoppm -r 30 -gray "$f" "$T/png" 2>/dev/null
	for p in "$T"/png*.pgm; do
		python3 -c 'import sys
d = open(sys.argv[1], "rb").read()
# P5 header: magic, width height, maxval; then the pixels
parts = d.split(b"\n", 3)
px = parts[3]
dark = sum(1 for b in px if b < 128)
sys.exit(0 if dark > len(px) // 400 else 1)' "$p" || echo "not ok - $(basename "$f") page $p is blank"
		rm -f "$p"
	done
done
echo "ok - every page rendered with ink on it"
