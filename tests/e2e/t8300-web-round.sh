#!/bin/sh
# t8300-web-round — a whole monthly round through the browser only
# (tests/web/round.py), each step by the role whose job it is, logged in
# through the login form of a headless chromium at a phone's 360 px.
#
# Before the office starts, the administrator sets up by CLI only this
# (nothing of the round itself):
#   - the database (init) and the region data;
#   - two items: BERAS (kg, karung = 25 kg) and MINYAK (liter, dus = 12);
#   - a warehouse GD-TGR, a supplier SUP-BULOG, two points: POS-JHB
#     (Kantor Desa Jahab, serves Jahab 64.02.06.1001) and POS-TGR (Balai
#     Desa Loa Ipuh, serves Loa Ipuh 64.02.06.1002 and Bukit Biru
#     64.02.06.1003);
#   - the program SEMBAKO-2026 (Rp200.000 a month, lansia and
#     disabilitas) with its package: 10 kg beras at Rp15.000 and 2 liter
#     minyak at Rp25.000;
#   - a signing key;
#   - one user per role, password "rahasia-<role>"; the penyalur acts
#     for both points.
# No stock, no recipient, no allocation: those are the round.
#
# Phase 1 (the server's today is 15 January 2026): gudang receives and
# moves stock; pendataan imports twelve recipients from a CSV file and
# allocates January; penyalur prints the slips, redeems them by photo,
# wedge scanner and typed serial, two phones race for one slip, one
# redemption is undone. Phase 2 (the server restarted on 2 February):
# keuangan checks the reconciliation page against `lumbung reconcile`,
# downloads the BAST and closes January. Then `lumbung verify` and the
# audit log. LUMBUNG_SCREENS=DIR keeps the screenshots of every step.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
plan 47
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] || ! $PY -c 'import selenium' 2>/dev/null; then
	echo "not ok - chromium, chromedriver or python3-selenium is missing (make deps installs them)"
	exit 1
fi
for tool in pdftoppm pdftotext zbarimg; do
	command -v $tool >/dev/null || { echo "not ok - $tool is missing (make deps installs it)"; exit 1; }
done
export LUMBUNG_OPERATOR=admin

adm() {
	"$LUMBUNG" "$@" >"$T/setup.out" 2>&1 || {
		echo "not ok - setup: lumbung $*"
		sed 's/^/#   /' "$T/setup.out"
		exit 1
	}
}

adm init --org "Dinas Sosial Kabupaten Kutai Kartanegara"
adm region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" \
	"$DATA/wilayah/districts.csv" "$DATA/wilayah/villages.csv"
adm item add BERAS --name "Beras medium" --unit kg --pack karung=25 --shelf-life 365
adm item add MINYAK --name "Minyak goreng" --unit liter --pack dus=12 --shelf-life 365
adm location add GD-TGR --kind warehouse --name "Gudang Dinsos Tenggarong" --village 64.02.06.1006
adm location add SUP-BULOG --kind supplier --name "Perum BULOG"
adm location add POS-JHB --kind point --name "Kantor Desa Jahab" --village 64.02.06.1001
adm location add POS-TGR --kind point --name "Balai Desa Loa Ipuh" --village 64.02.06.1002
adm location serve POS-TGR --village 64.02.06.1003
adm program add SEMBAKO-2026 --name "Bantuan Sembako Daerah" --monthly-value 200000 \
	--quota 100 --categories lansia,disabilitas --first 2026-01 --last 2026-12
adm program package SEMBAKO-2026 --item BERAS=10@15000 --item MINYAK=2@25000
adm key init
for role in admin pendataan gudang keuangan auditor; do
	printf 'rahasia-%s\n' "$role" | adm user add "$role" --role "$role" --password-stdin
done
printf 'rahasia-penyalur\n' | adm user add penyalur --role penyalur --point POS-JHB --point POS-TGR --password-stdin

# phase: run round.py's PHASE against a server started on DAY
phase() { # PHASE DAY
	export LUMBUNG_TODAY=$2
	webstart
	T="$T" PHASE=$1 PYTHONPATH="$(dirname "$0")/../web" $PY "$(dirname "$0")/../web/round.py" >"$T/py.out" 2>"$T/py.err"
	pyrc=$?
	grep -v '^1\.\.' "$T/py.out"
	[ "$pyrc" -eq 0 ] || grep -q "^not ok" "$T/py.out" || echo "not ok - round.py $1 exited with status $pyrc"
	[ -s "$T/py.err" ] && grep -v "^$" "$T/py.err" | head -20 | sed 's/^/# /'
	webstop
	if grep -q "ERROR: AddressSanitizer\|runtime error" "$T/serve.err"; then
		_fail "$1: the server ran clean under the sanitizers"
		grep -A20 "ERROR: AddressSanitizer\|runtime error" "$T/serve.err" | head -40 | sed 's/^/#   /'
	else
		echo "ok - $1: the server ran clean under the sanitizers"
	fi
}

phase bulan 2026-01-15
phase tutup 2026-02-02
