# setup.sh — the database and server the web tests run against. Source
# it after tests/e2e/lib.sh (which makes $T and sets $LUMBUNG_DB).
#
# The database is the reports tests' small round (reports_setup.sh: six
# recipients, three points, January 2026 redeemed), built through the
# real CLI, plus:
#   - a recipient, an item and a movement note carrying HTML that would
#     run as script if a page did not escape it;
#   - one user per role, password "rahasia-<role>", the penyalur limited
#     to POS-JHB.
#
#   websetup        build it all
#   webstart        start `lumbung serve` on a free loopback port:
#                   sets $WEB_URL and $WEB_PID, stops it at exit
#   webstop         SIGTERM and wait; sets $WEB_RC
#   webpy NAME [ARG...]
#                   run tests/web/NAME.py against it: its checks as this
#                   script's, and a failure when it stops without saying
#                   which check failed (its stderr's tail shown)
#   webclean [WHAT] one check: the server's stderr has no sanitizer report
. "$(dirname "$0")/reports_setup.sh"

XSS1='<script>alert(1)</script>'
XSS2='"><img src=x onerror=alert(1)>'
PY=/usr/bin/python3
export XSS1 XSS2

websetup() {
	rpsetup
	rprun recipient add --nik 6402064101700009 --name "$XSS1 Ani" --village 64.02.06.1001 --category lansia
	rprun recipient add --nik 6402064101700010 --name "Wati $XSS2" --village 64.02.06.1001 --category lansia
	rprun item add GULA --name "Gula $XSS2 $XSS1" --unit kg --shelf-life 365
	rprun stock receive --to GD-TGR --from SUP-BULOG --item GULA --qty 10 --lot GL-1 \
		--expiry 2026-02-01 --unit-cost 16000 --ref "SJ/$XSS1" --note "catatan $XSS2 $XSS1" --date 2026-01-06
	for role in admin pendataan gudang keuangan auditor; do
		printf 'rahasia-%s\n' "$role" | rprun user add "$role" --role "$role" --password-stdin
	done
	printf 'rahasia-penyalur\n' | rprun user add penyalur --role penyalur --point POS-JHB --password-stdin
}

webstart() {
	: >"$T/serve.out"
	"$LUMBUNG" serve --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
	WEB_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		WEB_URL=$(sed -n 's/^lumbung: serving \(http[^ ]*\) on .*/\1/p' "$T/serve.out")
		[ -n "$WEB_URL" ] && break
		kill -0 "$WEB_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if [ -z "$WEB_URL" ]; then
		echo "not ok - setup: lumbung serve did not start"
		sed 's/^/#   /' "$T/serve.out" "$T/serve.err"
		exit 1
	fi
	WEB_URL=${WEB_URL%/}
	export WEB_URL WEB_PID
	trap '_s=$?; kill $WEB_PID 2>/dev/null; wait $WEB_PID 2>/dev/null; lb_end $_s' EXIT
}

webstop() {
	kill -TERM "$WEB_PID" 2>/dev/null
	wait "$WEB_PID"
	WEB_RC=$?
	trap lb_end EXIT
}

webpy() {
	_py=$1
	shift
	T="$T" PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/$_py.py" "$@" >"$T/py.out" 2>"$T/py.err"
	_pyrc=$?
	grep -v '^1\.\.' "$T/py.out"
	[ "$_pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" ||
		{ echo "not ok - $_py.py exited with status $_pyrc"; sed 's/^/#   /' "$T/py.err" | tail -20; }
	return 0
}

webclean() {
	if grep -q "ERROR: AddressSanitizer\|runtime error" "$T/serve.err"; then
		echo "not ok - ${1:+$1: }the server ran clean under the sanitizers"
		grep -A20 "ERROR: AddressSanitizer\|runtime error" "$T/serve.err" | head -40 | sed 's/^/#   /'
	else
		echo "ok - ${1:+$1: }the server ran clean under the sanitizers"
	fi
}
