#!/bin/sh
# t8260-web-finance — keuangan and admin in the browser (issue 13): the
# BAST of every village one by one and in one zip, pagu and reference
# prices, the backup download, the office's settings and logo
# (tests/web/finance.py). February is allocated and nothing handed over,
# for the BAST of a month without handovers. LUMBUNG_SCREENS=DIR keeps
# the pictures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
plan 94
websetup
rprun allocate --program SEMBAKO-2026 --period 2026-02
webstart
T="$T" PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/finance.py" >"$T/py.out" 2>"$T/py.err"
pyrc=$?
grep -v '^1\.\.' "$T/py.out"
[ "$pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" || { echo "not ok - finance.py exited with status $pyrc"; sed 's/^/#   /' "$T/py.err" | tail -20; }
webstop
if grep -q "ERROR: AddressSanitizer\|runtime error" "$T/serve.err"; then
	echo "not ok - the server ran clean under the sanitizers"
	grep -A20 "ERROR: AddressSanitizer\|runtime error" "$T/serve.err" | head -40 | sed 's/^/#   /'
else
	echo "ok - the server ran clean under the sanitizers"
fi
