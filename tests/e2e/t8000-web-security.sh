#!/bin/sh
# t8000-web-security — lumbung serve refuses what it must with nothing
# written, escapes what it shows, bounds what it reads and logs no NIK
# (tests/web/security.py), and stops cleanly on SIGTERM.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
websetup
webstart
T="$T" PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/security.py" >"$T/py.out" 2>&1
pyrc=$?
grep -v '^1\.\.' "$T/py.out"
[ "$pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" || echo "not ok - security.py exited with status $pyrc"
webstop
if [ "$WEB_RC" -eq 0 ] && grep -q '^lumbung: stopped$' "$T/serve.out"; then
	echo "ok - serve stops cleanly on SIGTERM"
else
	echo "not ok - serve stops cleanly on SIGTERM (status $WEB_RC)"
	sed 's/^/#   /' "$T/serve.out" | head
	tail -20 "$T/serve.err" | sed 's/^/#   /'
fi
if grep -q "ERROR: AddressSanitizer\|runtime error" "$T/serve.err"; then
	echo "not ok - the server ran clean under the sanitizers"
	grep -A20 "ERROR: AddressSanitizer\|runtime error" "$T/serve.err" | head -40 | sed 's/^/#   /'
else
	echo "ok - the server ran clean under the sanitizers"
fi
