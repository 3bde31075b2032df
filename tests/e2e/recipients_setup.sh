# recipients_setup.sh — helpers for the recipient and program tests
# (t2000-t2999). Source it after lib.sh. Everything goes through the real
# CLI and nothing else: if a command breaks, the tests built on it fail.
#
#   rrun ARGS...        run lumbung for setup; any failure ends the test
#   rsql SQL            a row no command makes; any failure ends the test
#   rregions            load data/wilayah with region import
#   ritem CODE NAME UNIT, rpoint CODE NAME VILLAGE
#   rlot ITEM QTY COST LOT  a delivery into a test warehouse
#   rstock POINT ITEM QTY COST  put stock at a point (receive + move)
#   lf                  turn the last run's stdout from CRLF (CSV output is
#                       RFC 4180) into plain lines, for expect_out
export LUMBUNG_TODAY=2026-01-05

lf() { tr -d '\r' <"$T/out" >"$T/out.lf" && mv "$T/out.lf" "$T/out"; }

rrun() {
	"$LUMBUNG" "$@" >"$T/setup.out" 2>&1 || {
		echo "not ok - setup: lumbung $*"
		sed 's/^/#   /' "$T/setup.out"
		exit 1
	}
}

# rsql SQL: a row no command makes (a period closed in the future, for a
# refusal to meet); any failure ends the test. Never a stand-in for a command.
rsql() {
	sqlite3 "$LUMBUNG_DB" "$1" || {
		echo "not ok - setup: $1"
		exit 1
	}
}

rregions() {
	rrun region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" \
		"$DATA/wilayah/districts.csv" "$DATA/wilayah/villages.csv"
}

ritem() { rrun item add "$1" --name "$2" --unit "$3"; } # CODE NAME UNIT

rpoint() { rrun location add "$1" --kind point --name "$2" --village "$3"; } # CODE NAME VILLAGE

_rsupply() {
	if ! sqlite3 "$LUMBUNG_DB" "SELECT 1 FROM location WHERE code = 'SUP-T'" | grep -q 1; then
		rrun location add SUP-T --kind supplier --name "Pemasok uji"
		rrun location add GD-T --kind warehouse --name "Gudang uji" --village 64.02.06.1006
	fi
}

rlot() { # ITEM QTY UNIT_COST LOT: a delivery into the test warehouse
	_rsupply
	rrun stock receive --to GD-T --from SUP-T --item "$1" --qty "$2" --lot "$4" \
		--unit-cost "$3" --date 2026-01-02
}

rstock() { # POINT ITEM QTY UNIT_COST
	rlot "$2" "$3" "$4" "L-$1-$2"
	rrun stock move --from GD-T --to "$1" --item "$2" --qty "$3" --lot "L-$1-$2" --date 2026-01-03
}
