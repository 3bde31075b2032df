# recipients_setup.sh — helpers for the recipient and program tests
# (t2000-t2999). Source it after lib.sh.
#
#   rrun ARGS...        run lumbung for setup; any failure ends the test
#   rsql SQL            run SQL for setup; any failure ends the test
#   rregions            load data/wilayah with region import
#   ritem CODE NAME UNIT, rpoint CODE NAME VILLAGE
#                       through the CLI once inventory's commands are in the
#                       binary, else the same rows with SQL
#   rlot ITEM QTY COST LOT  a delivery into a test warehouse (or its lot row)
#   rstock POINT ITEM QTY COST  put stock at a point (receive + move, or SQL)
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

rsql() {
	sqlite3 "$LUMBUNG_DB" "$1" || {
		echo "not ok - setup: $1"
		exit 1
	}
}

# Does the binary under test have this command? (Other issues' commands
# land in steps; until one is there its rows are written with SQL.)
rhave() { "$LUMBUNG" help "$1" 2>/dev/null | grep -q "lumbung $1 $2"; }

rregions() {
	rrun region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" \
		"$DATA/wilayah/districts.csv" "$DATA/wilayah/villages.csv"
}

ritem() { # CODE NAME UNIT
	if rhave item add; then
		rrun item add "$1" --name "$2" --unit "$3"
	else
		rsql "INSERT INTO item(code, name, unit, created_at) VALUES ('$1', '$2', '$3', '2026-01-05T00:00:00Z')"
	fi
}

rpoint() { # CODE NAME VILLAGE
	if rhave location add; then
		rrun location add "$1" --kind point --name "$2" --village "$3"
	else
		rsql "INSERT INTO location(code, kind, name, village, created_at) VALUES ('$1', 'point', '$2', '$3', '2026-01-05T00:00:00Z')"
	fi
}

_rsupply() {
	if ! sqlite3 "$LUMBUNG_DB" "SELECT 1 FROM location WHERE code = 'SUP-T'" | grep -q 1; then
		rrun location add SUP-T --kind supplier --name "Pemasok uji"
		rrun location add GD-T --kind warehouse --name "Gudang uji" --village 64.02.06.1006
	fi
}

rlot() { # ITEM QTY UNIT_COST LOT: a delivery into the test warehouse
	if rhave stock receive; then
		_rsupply
		rrun stock receive --to GD-T --from SUP-T --item "$1" --qty "$2" --lot "$4" \
			--unit-cost "$3" --date 2026-01-02
	else
		rsql "INSERT INTO lot(item_id, code, unit_cost, received_on)
		 SELECT id, '$4', $3, '2026-01-02' FROM item WHERE code = '$1'"
	fi
}

rstock() { # POINT ITEM QTY UNIT_COST
	if rhave stock receive && rhave stock move; then
		rlot "$2" "$3" "$4" "L-$1-$2"
		rrun stock move --from GD-T --to "$1" --item "$2" --qty "$3" --lot "L-$1-$2" --date 2026-01-03
	else
		rlot "$2" "$3" "$4" "L-$1-$2"
		rsql "INSERT INTO balance(location_id, lot_id, item_id, internal, qty)
		 SELECT l.id, t.id, t.item_id, 1, $3 FROM location l, lot t
		 WHERE l.code = '$1' AND t.code = 'L-$1-$2'"
	fi
}
