#!/bin/sh
# t8220-web-offline-kit — docs/offline.md as a test: a field kit served by
# `lumbung -d KIT serve`, a slip scanned on it from a phone (with a proxy
# and relation), the kit brought back and imported: the redemption posted
# once at the office, and importing it again changes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
. "$(dirname "$0")/redeem_setup.sh"
plan 7
rdsetup
rdrun field export --point POS-JHB --period 2026-01 -o "$T/kit.db"
printf 'rahasia-penyalur\n' | rdrun -d "$T/kit.db" user add penyalur --role penyalur --point POS-JHB --password-stdin
MAIN=$LUMBUNG_DB
export LUMBUNG_DB="$T/kit.db"
webstart
QR=$(payload SEMBAKO-2026 2026-01 "Siti Aminah") PYTHONPATH="$(dirname "$0")/../web" $PY - <<'PY'
import os, re
import webtest as w
from webtest import ok
c = w.logged_in("penyalur")
page = c.get("/redeem").body
form = re.search(r'<form id="pindai".*?</form>', page, re.S).group(0)
idem = re.search(r'name="idem" value="([0-9a-f]+)"', form).group(1)
r = c.post("/redeem", {"point": "POS-JHB", "idem": idem, "payload": os.environ["QR"], "proxy": "Ani",
                       "relation": "anak"})
ok(r.status == 200 and "DITERIMA" in r.body and "Diambil wakil: Ani (anak)" in r.body,
   "a slip scanned on the kit's server from a phone: DITERIMA, with the proxy", r)
PY
webstop
export LUMBUNG_DB=$MAIN
lb field import "$T/kit.db"
expect_rc 0 "the kit imported at the office"
out_has "imported: 1 redemption, 0 conflicts" "... with the web's redemption"
[ "$(count "SELECT proxy_name FROM redemption WHERE source = 'kit'")" = "Ani" ] && echo "ok - ... and its proxy" ||
	echo "not ok - ... and its proxy"
snap
lb field import "$T/kit.db"
expect_rc 0 "imported again"
out_has "was imported already" "... nothing new"
unchanged "... and nothing changed"
