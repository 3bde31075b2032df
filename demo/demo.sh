#!/bin/sh
# make demo: the whole story on a fresh database under demo/out.
# Runs demo/NN-*.sh in order; each is one chapter (stock, recipients,
# vouchers, redemption, reconciliation) and prints what it did.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
DEMO=$TOP/demo/out
LUMBUNG=$TOP/lumbung
rm -rf "$DEMO"
mkdir -p "$DEMO"
export TOP DEMO LUMBUNG
export LUMBUNG_DB="$DEMO/lumbung.db"
export LUMBUNG_KEY="$DEMO/keys/signing.key"
export LUMBUNG_OPERATOR="demo"
# The story happens in January 2026; pin the calendar so it always does.
export LUMBUNG_TODAY=2026-01-05
for step in "$TOP"/demo/[0-9][0-9]-*.sh; do
	echo
	echo "== $(basename "$step" .sh)"
	sh "$step"
done
echo
echo "The demo's results are in $DEMO:"
(cd "$DEMO" && find . -type f ! -name '*.db-*' | sort | sed 's|^\./|  |')
echo
echo "Open the office's web interface (log in with a user above, stop with Ctrl-C):"
echo "  LUMBUNG_TODAY=2026-01-15 ./lumbung -d demo/out/lumbung.db serve"
echo "then browse to http://127.0.0.1:8080/"
