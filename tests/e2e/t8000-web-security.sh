#!/bin/sh
# t8000-web-security — lumbung serve refuses what it must with nothing
# written, escapes what it shows, bounds what it reads and logs no NIK
# (tests/web/security.py), and stops cleanly on SIGTERM.
. "$(dirname "$0")/lib.sh"
plan 185
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
webclean

# Under TLS the cookies are Secure and browsers are told to keep to HTTPS.
if openssl req -x509 -newkey rsa:2048 -nodes -days 2 -keyout "$T/key.pem" -out "$T/cert.pem" \
	-subj "/CN=127.0.0.1" >/dev/null 2>&1; then
	: >"$T/tls.out"
	"$LUMBUNG" serve --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" \
		>"$T/tls.out" 2>"$T/tls.err" &
	tls_pid=$!
	trap '_s=$?; kill $tls_pid 2>/dev/null; wait $tls_pid 2>/dev/null; lb_end $_s' EXIT
	i=0
	while [ $i -lt 100 ] && ! grep -q '^lumbung: serving https://' "$T/tls.out"; do sleep 0.1; i=$((i + 1)); done
	url=$(sed -n 's/^lumbung: serving \(https[^ ]*\) on .*/\1/p' "$T/tls.out")
	curl -sk -D "$T/tls.h" -o /dev/null "${url}login"
	if grep -q '^Set-Cookie: lumbung_pra=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600; Secure' "$T/tls.h" &&
		grep -q '^Strict-Transport-Security: max-age=31536000' "$T/tls.h"; then
		echo "ok - under TLS the cookie is Secure and HSTS is sent"
	else
		echo "not ok - under TLS the cookie is Secure and HSTS is sent"
		sed 's/^/#   /' "$T/tls.h" "$T/tls.out" "$T/tls.err" | head -20
	fi
	if curl -s -o /dev/null "http://${url#https://}login"; then
		echo "not ok - a TLS server refuses plain HTTP"
	else
		echo "ok - a TLS server refuses plain HTTP"
	fi
	kill -TERM $tls_pid
	wait $tls_pid
	tls_rc=$?
	if [ "$tls_rc" -eq 0 ] && grep -q '^lumbung: stopped$' "$T/tls.out"; then
		echo "ok - the TLS server stops cleanly"
	else
		echo "not ok - the TLS server stops cleanly (status $tls_rc)"
	fi
	trap lb_end EXIT
else
	echo "not ok - openssl could not make a test certificate"
fi
