#!/bin/sh
# recipient import from .xlsx workbooks written by libxlsxwriter
# (tools/gen_xlsx.c): the first of several sheets, an empty row, a date
# cell, a formula's cached value, numbers for No and Desil; merged cells,
# NIKs typed as numbers, a zip bomb, a sheet that is not XML and a
# truncated file, each refused with its message and nothing written.
. "$(dirname "$0")/lib.sh"
plan 20
. "$(dirname "$0")/recipients_setup.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
cc -O1 -o "$T/gen_xlsx" "$top/tools/gen_xlsx.c" -lxlsxwriter -lzip || {
	echo "not ok - build tools/gen_xlsx.c"
	exit 1
}
for k in office merged numbers bomb badxml; do
	"$T/gen_xlsx" "$k" "$T/$k.xlsx" || echo "not ok - generate $k.xlsx"
done
head -c 3000 "$T/office.xlsx" >"$T/truncated.xlsx"

rrun init
rregions

lb recipient import "$T/office.xlsx"
expect_rc 0 "a workbook of two sheets, read from the first"
expect_out "registered 2 recipients from 2 rows of '$T/office.xlsx'" "two rows, the empty one skipped"
ok "a date cell, a formula, words and numbers" test "$(sql "SELECT name || ' ' || sex || ' ' || birth_date || ' ' || village || ' ' || category || ' ' || desil FROM recipient WHERE nik = '6402064203550001'")" = "Siti Aminah P 1955-03-02 64.02.06.1002 lansia 2"
ok "a village by name" test "$(sql "SELECT village FROM recipient WHERE name = 'Budi Santoso'")" = "64.02.06.1001"

rm -f "$LUMBUNG_DB" "$LUMBUNG_DB-wal" "$LUMBUNG_DB-shm"
rrun init
rregions
snap
lb recipient import "$T/merged.xlsx"
expect_rc 2 "merged cells"
err_has "file '$T/merged.xlsx', row 4, column category: category is empty" "a merged cell holds its value in the first row only"
unchanged "nothing written"

lb recipient import "$T/numbers.xlsx"
expect_rc 2 "NIKs typed as numbers"
err_has "file '$T/numbers.xlsx', row 2, column nik: NIK is a number in the workbook, not text: Excel keeps only 15 digits of a number, so the 16th may have become 0; Excel turned the column into numbers: format it as Text and enter or paste the numbers again" "says what Excel did"
err_lacks "6402064203550001" "and not the NIK"
unchanged "nothing written"

lb recipient import "$T/bomb.xlsx"
expect_rc 2 "a zip bomb"
err_has "file '$T/bomb.xlsx': xl/worksheets/sheet1.xml unpacks to 67108864 bytes from" "refused from the directory"
err_has "(a zip bomb?): refused, the limits are 200 times and 4294967296 bytes" "with the limits"
unchanged "nothing written"

lb recipient import "$T/badxml.xlsx"
expect_rc 2 "a sheet that is not XML"
err_has "file '$T/badxml.xlsx': xl/worksheets/sheet1.xml is not well-formed XML (line 1: mismatched tag)" "names the part and line"

lb recipient import "$T/truncated.xlsx"
expect_rc 2 "a truncated workbook"
err_has "file '$T/truncated.xlsx' is not a readable Excel workbook (.xlsx): Not a zip archive" "says so"
unchanged "nothing written"
