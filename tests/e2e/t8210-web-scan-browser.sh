#!/bin/sh
# t8210-web-scan-browser — the scan page in chromium at a phone's width
# (tests/web/scan_browser.py): the wedge field, a photo of a slip rendered
# from the printed PDF, a typed serial, undo, a print job followed to its
# PDFs. LUMBUNG_SCREENS=DIR keeps the picture of the scan page.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
. "$(dirname "$0")/redeem_setup.sh"
plan 20
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] || ! $PY -c 'import selenium' 2>/dev/null; then
	echo "not ok - chromium, chromedriver or python3-selenium is missing (make deps installs them)"
	exit 1
fi
rdsetup
printf 'rahasia-penyalur\n' | rdrun user add penyalur --role penyalur --point POS-JHB --password-stdin
printf 'rahasia-admin\n' | rdrun user add admin --role admin --password-stdin
s=$(serial_of SEMBAKO-2026 2026-01 "Budi Santoso")
rdrun voucher print --program SEMBAKO-2026 --period 2026-01 --serial "$s" --per-page 1 -o "$T/one-BudiSantoso.pdf"
pdftoppm -r 100 -png -singlefile "$T/one-BudiSantoso.pdf" "$T/one-BudiSantoso" 2>/dev/null || exit 1
webstart
T="$T" PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/scan_browser.py" >"$T/py.out" 2>"$T/py.err"
pyrc=$?
grep -v '^1\.\.' "$T/py.out"
[ "$pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" || echo "not ok - scan_browser.py exited with status $pyrc"
[ -s "$T/py.err" ] && grep -v "^$" "$T/py.err" | head -20 | sed 's/^/# /'
webstop
if grep -q "ERROR: AddressSanitizer\|runtime error" "$T/serve.err"; then
	_fail "the server ran clean under the sanitizers"
	grep -A20 "ERROR: AddressSanitizer\|runtime error" "$T/serve.err" | head -40 | sed 's/^/#   /'
else
	echo "ok - the server ran clean under the sanitizers"
fi
