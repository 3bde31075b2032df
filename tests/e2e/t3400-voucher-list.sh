#!/bin/sh
# voucher list: a village's handover list (daftar penerima), as CSV and PDF.
. "$(dirname "$0")/lib.sh"
plan 38
. "$(dirname "$0")/voucher_setup.sh"
vsetup
lb key init

# The list works before any slip is printed: it makes the vouchers too.
lb voucher list --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1002 --format csv -o "$T/loaipuh.csv"
expect_rc 0 "the CSV list"
expect_out "wrote the handover list of 3 recipients to '$T/loaipuh.csv'" "says how many"
# The serials, as the printed slips carry them.
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1002 -o "$T/v.pdf"
pdftoppm -r 150 -png "$T/v.pdf" "$T/v" 2>/dev/null
for t in $(zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/v*.png 2>/dev/null | tr ' ' '~'); do
	"$LUMBUNG" voucher show "$(echo "$t" | tr '~' ' ')" >"$T/s.out"
	name=$(sed -n 's/^recipient:   \(.*\) (NIK.*/\1/p' "$T/s.out")
	serial=$(sed -n 's/^serial: *//p' "$T/s.out")
	echo "$name=$serial" >>"$T/serials"
done
sv() { grep "^$1=" "$T/serials" | cut -d= -f2; }
printf 'no,name,nik,serial,proxy,village,point,signature\r\n1,Abdul Karim,6402**********05,%s,,64.02.06.1002,Balai Desa Loa Ipuh,\r\n2,Dewi Lestari,6402**********06,%s,,64.02.06.1002,Balai Desa Loa Ipuh,\r\n3,Ñoman Daéng Masagéna,6402**********04,%s,,64.02.06.1002,Balai Desa Loa Ipuh,\r\n' \
	"$(sv "Abdul Karim")" "$(sv "Dewi Lestari")" "$(sv "Ñoman Daéng Masagéna")" >"$T/expected.csv"
if cmp -s "$T/expected.csv" "$T/loaipuh.csv"; then echo "ok - one row per recipient, by name, NIK masked"; else
	diff -u "$T/expected.csv" "$T/loaipuh.csv" | sed 's/^/#   /'; echo "not ok - one row per recipient, by name, NIK masked"; fi

lb voucher list --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1001 --format csv -o "$T/jahab.csv"
grep -q "Budi Santoso,6402\*\*\*\*\*\*\*\*\*\*02,.*,Rahmat Hidayat," "$T/jahab.csv" && echo "ok - the proxy is listed" || echo "not ok - the proxy is listed"

# The vouchers are made: each case below starts from this state (fresh),
# whatever the case before it did to the database.
template

# A name that looks like a formula is neutralised for spreadsheets.
fresh
sql "UPDATE recipient SET name = '=HYPERLINK(\"x\")' WHERE id = 1" 2>/dev/null
lb voucher list --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1001 --format csv -o "$T/f.csv"
grep -q "^1,\"'=HYPERLINK" "$T/f.csv" && echo "ok - formulas are neutralised" || { echo "not ok - formulas are neutralised"; sed 's/^/#   /' "$T/f.csv"; }

# PDF
fresh
lb voucher list --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1002 --format pdf -o "$T/loaipuh.pdf"
expect_rc 0 "the PDF list"
pdftotext "$T/loaipuh.pdf" "$T/list.txt" 2>/dev/null
for want in "DAFTAR PENERIMA BANTUAN PANGAN" "Dinas Sosial Kabupaten Kutai Kartanegara" \
	"Bantuan Sembako Daerah" "Januari 2026" "Loa Ipuh" "Tenggarong" "Balai Desa Loa Ipuh" \
	"Abdul Karim" "Ñoman Daéng Masagéna" "6402**********05" "$(sv "Dewi Lestari")" \
	"Tanda tangan" "Jumlah penerima: 3 orang" "Kepala Desa/Lurah"; do
	grep -qF -- "$want" "$T/list.txt" && echo "ok - the list shows '$want'" || echo "not ok - the list shows '$want'"
done
grep -q "6402060101500005" "$T/list.txt" && echo "not ok - no whole NIK" || echo "ok - no whole NIK"

# Bad input: nothing written.
fresh
lb voucher list --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1002 --format xlsx -o "$T/x"
refused 2 "--format 'xlsx' is not offered here (choose csv, pdf)" "an unknown format"
snap
lb voucher list --program SEMBAKO-2026 --period 2026-01 --format csv -o "$T/x.csv"
refused 2 "voucher list: give one of --village, --district or --point" "--village is required"
snap
lb voucher list --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1003 --format csv -o "$T/x.csv"
refused 3 "no slips to print for program 'SEMBAKO-2026' in 2026-01 in village 64.02.06.1003" "a village nobody was allocated in"
snap
lb voucher list --program SEMBAKO-2026 --period 2026-02 --village 64.02.06.1002 --format csv -o "$T/x.csv"
refused 3 "program 'SEMBAKO-2026' has no allocations for 2026-02 yet: run 'lumbung allocate --program SEMBAKO-2026 --period 2026-02' first" "a round not allocated"
snap
lb voucher list --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1002 --format csv -o "$T/none/x.csv"
refused 2 "cannot write '$T/none/x.csv': No such file or directory" "an output that cannot be written"
unchanged "nothing written"
[ ! -e "$T/x.csv" ] && [ ! -e "$T/x" ] && echo "ok - no file" || echo "not ok - no file"
