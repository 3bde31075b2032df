#!/bin/sh
# t8205-web-scan-load — the scan page under concurrent load, as the
# server's writer judges it (tests/web/scanload.py): scans arriving
# together are written in one transaction, each in its own savepoint,
# and each answered only after the commit. Many phones at once, one slip
# from several phones, a retried key from several connections, refusals
# (no stock, forged, already redeemed, a bad proxy's name) in the same
# group as acceptances, two points and proxies mixed in one group: every
# answer is its own scan's, the counts in the database are exact, the
# ledger verifies, and the server stops cleanly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
. "$(dirname "$0")/redeem_setup.sh"
plan 22
rdsetup
printf 'rahasia-penyalur\n' | rdrun user add penyalur --role penyalur --point POS-JHB --password-stdin
printf 'rahasia-admin\n' | rdrun user add admin --role admin --password-stdin
# 28 more recipients at Jahab (POS-JHB), a program of 1 kg beras for all
# of them, and one whose package (gula) no point has in stock.
i=10
while [ $i -lt 38 ]; do
	rdrun recipient add --nik "64020601017000$i" --name "Warga Jahab $i" --village 64.02.06.1001 --category lansia
	i=$((i + 1))
done
rdrun item add GULA --name "Gula pasir" --unit kg --shelf-life 365
for prog in BEBAN-2026:BERAS GULA-2026:GULA; do
	rdrun program add "${prog%%:*}" --name "Program ${prog%%:*}" --monthly-value 20000 --quota 100 \
		--categories lansia,disabilitas --first 2026-01 --last 2026-12
	rdrun program package "${prog%%:*}" --item "${prog#*:}=1@16000"
	rdrun allocate --program "${prog%%:*}" --period 2026-01
	rdrun voucher print --program "${prog%%:*}" --period 2026-01 -o "$T/slips-${prog%%:*}.pdf"
	rdrun redeem payloads --program "${prog%%:*}" --period 2026-01 --format tsv -o "$T/payloads-${prog%%:*}-2026-01.tsv"
done
webstart
T="$T" PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/scanload.py" >"$T/py.out" 2>"$T/py.err"
pyrc=$?
grep -v '^1\.\.' "$T/py.out"
[ "$pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" || echo "not ok - scanload.py exited with status $pyrc"
[ -s "$T/py.err" ] && grep -v "^$" "$T/py.err" | head -60 | sed 's/^/# /'
webstop
if [ "$WEB_RC" -eq 0 ] && grep -q '^lumbung: stopped$' "$T/serve.out"; then
	echo "ok - the server stopped cleanly"
else
	_fail "the server stopped cleanly (status $WEB_RC)" "$T/serve.out" "$T/serve.err"
fi
if grep -q "ERROR: AddressSanitizer\|runtime error\|ThreadSanitizer" "$T/serve.err"; then
	_fail "the server ran clean under the sanitizers"
	grep -A20 "ERROR: AddressSanitizer\|runtime error" "$T/serve.err" | head -40 | sed 's/^/#   /'
else
	echo "ok - the server ran clean under the sanitizers"
fi
out=$("$LUMBUNG" verify 2>&1)
if [ $? -eq 0 ]; then echo "ok - lumbung verify passes after the load"; else _fail "lumbung verify passes after the load" ; echo "$out" | sed 's/^/#   /' | head; fi
