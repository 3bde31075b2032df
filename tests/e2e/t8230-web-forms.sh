#!/bin/sh
# t8230-web-forms — the office's forms drawn from the commands'
# declarations and posted to the same operations (tests/web/forms.py).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
plan 140
websetup
printf "\377\330\377\340 a phone photo" >"$T/rumah.jpg"
webstart
T="$T" PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/forms.py" >"$T/py.out" 2>&1
pyrc=$?
grep -v '^1\.\.' "$T/py.out"
[ "$pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" || echo "not ok - forms.py exited with status $pyrc"
webstop
if grep -q "ERROR: AddressSanitizer\|runtime error" "$T/serve.err"; then
	echo "not ok - the server ran clean under the sanitizers"
	grep -A20 "ERROR: AddressSanitizer\|runtime error" "$T/serve.err" | head -40 | sed 's/^/#   /'
else
	echo "ok - the server ran clean under the sanitizers"
fi
