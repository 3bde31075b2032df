#!/bin/sh
# t8100-web-browser — every role in a real browser (chromium headless via
# chromedriver and python3-selenium): logs in, opens its pages, sees the
# CLI's figures; the Beranda is photographed at phone and desktop widths
# (tests/web/browser.py). LUMBUNG_SCREENS=DIR keeps the pictures.
. "$(dirname "$0")/lib.sh"
plan 103
. "$(dirname "$0")/../web/setup.sh"
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] || ! $PY -c 'import selenium' 2>/dev/null; then
	echo "not ok - chromium, chromedriver or python3-selenium is missing (make deps installs them)"
	exit 1
fi
websetup
webstart
T="$T" PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/browser.py" >"$T/py.out" 2>"$T/browser.err"
pyrc=$?
grep -v '^1\.\.' "$T/py.out"
[ "$pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" || echo "not ok - browser.py exited with status $pyrc"
[ -s "$T/browser.err" ] && grep -v "^$" "$T/browser.err" | head -20 | sed 's/^/# /'
webstop
