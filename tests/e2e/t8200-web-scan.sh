#!/bin/sh
# t8200-web-scan — the scan page (/redeem) over HTTP, as a phone or a
# script posts to it (tests/web/scan.py): payloads, typed serials, photos
# of slips rendered from the printed PDF, undo, the handover's proxy,
# photo and position; every bad input (no QR, two slips, a huge or
# malformed image, a QR of something else, another point's, month's or
# program's slip, a forged or revoked slip) answered DITOLAK in Bahasa
# Indonesia with nothing posted; two clients scanning the same slip at
# once get exactly one DITERIMA; a resubmitted form and a retried scan
# post once; a form posted after the session ended writes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
. "$(dirname "$0")/redeem_setup.sh"
plan 74
rdsetup
printf 'rahasia-penyalur\n' | rdrun user add penyalur --role penyalur --point POS-JHB --password-stdin
printf 'rahasia-admin\n' | rdrun user add admin --role admin --password-stdin
printf 'rahasia-keuangan\n' | rdrun user add keuangan --role keuangan --password-stdin
printf 'rahasia-gudang\n' | rdrun user add gudang --role gudang --password-stdin
# Pictures of slips as a phone would take them: one slip alone (its own
# print), and a sheet of several.
for n in "Siti Aminah" "Rina Wati" "Budi Santoso"; do
	s=$(serial_of SEMBAKO-2026 2026-01 "$n")
	f=$(echo "$n" | tr -d ' ')
	rdrun voucher print --program SEMBAKO-2026 --period 2026-01 --serial "$s" --per-page 1 -o "$T/one-$f.pdf"
	pdftoppm -r 100 -png -singlefile "$T/one-$f.pdf" "$T/one-$f" 2>/dev/null || exit 1
done
pdftoppm -r 150 -png -singlefile "$T/slips-SEMBAKO-2026-2026-01.pdf" "$T/sheet" 2>/dev/null || exit 1
webstart
T="$T" PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/scan.py" >"$T/py.out" 2>"$T/py.err"
pyrc=$?
grep -v '^1\.\.' "$T/py.out"
[ "$pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" || echo "not ok - scan.py exited with status $pyrc"
[ -s "$T/py.err" ] && grep -v "^$" "$T/py.err" | head -20 | sed 's/^/# /'
webstop
if [ "$WEB_RC" -eq 0 ]; then echo "ok - the server stopped cleanly"; else _fail "the server stopped with status $WEB_RC" "$T/serve.err"; fi
if grep -q "640206[0-9]\{10\}" "$T/serve.err"; then _fail "a NIK in the server log" "$T/serve.err"; else echo "ok - no NIK in the server log"; fi
if grep -q "ERROR: AddressSanitizer\|runtime error" "$T/serve.err"; then
	_fail "the server ran clean under the sanitizers"
	grep -A20 "ERROR: AddressSanitizer\|runtime error" "$T/serve.err" | head -40 | sed 's/^/#   /'
else
	echo "ok - the server ran clean under the sanitizers"
fi
