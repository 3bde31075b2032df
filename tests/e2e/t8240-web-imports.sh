#!/bin/sh
# t8240-web-imports — imports from the browser with a preview before
# anything is posted (tests/web/imports.py): stock movements, recipients
# and screening lists; and `recipient screen --dry-run`, which the
# screening page's preview runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
plan 124
websetup

# ---- recipient screen --dry-run at the command line ----
printf 'nik,name\n6402064203550001,Siti Aminah\n6402060101990009,Bukan Penerima\n' >"$T/pkh.csv"
snap
lb recipient screen "$T/pkh.csv" --list pkh --dry-run
expect_rc 0 "screen --dry-run"
expect_out "list PKH: 2 NIKs; 1 recipient on it (1 new, 0 no longer on it) (dry run: nothing written)" "counts what it would flag"
unchanged "a dry run writes nothing"
lb recipient screen "$T/pkh.csv" --list mati --set-status meninggal --date 2026-01-10 --dry-run
expect_rc 0 "screen --dry-run --set-status"
out_has "status meninggal from 2026-01-10 would be given to 1 recipient" "counts the statuses it would change"
unchanged "and changes none"
printf 'nik\n6402069999990099\n6402064203550001\n' >"$T/bad.csv"
lb recipient screen "$T/bad.csv" --list asn --dry-run
refused 2 "recipient screen: 1 bad row in '$T/bad.csv', nothing changed" "a dry run with a bad row is refused like the real one"
err_has "file '$T/bad.csv', row 2, column nik:" "naming the row"
lb recipient screen "$T/pkh.csv" --list pkh
expect_rc 0 "the real screen after the dry runs"
expect_out "list PKH: 2 NIKs; 1 recipient on it (1 new, 0 no longer on it)" "finds what the dry run counted"

# ---- damaged workbooks (t2220's makers) ----
top=$(cd "$(dirname "$0")/../.." && pwd)
cc -O1 -o "$T/gen_xlsx" "$top/tools/gen_xlsx.c" -lxlsxwriter -lzip || {
	echo "not ok - build tools/gen_xlsx.c"
	exit 1
}
for k in office bomb badxml; do
	"$T/gen_xlsx" "$k" "$T/$k.xlsx" || echo "not ok - generate $k.xlsx"
done
head -c 3000 "$T/office.xlsx" >"$T/truncated.xlsx"

webstart
webpy imports main
webstop
# a token's life, on a server whose tokens live a second
LUMBUNG_UPLOAD_SECONDS=1 webstart
webpy imports expiry
webstop
webclean
