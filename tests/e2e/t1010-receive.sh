# Receiving goods: lots, packs, costs, expiry from shelf life, idempotent
# ids, closed periods, and every bad input refused with nothing written.
. "$(dirname "$0")/lib.sh"
plan 72
export LUMBUNG_TODAY=2026-01-05

lb init
lb item add BERAS --name "Beras medium" --unit kg --pack karung=25 --shelf-life 365
lb item add TELUR --name "Telur ayam" --unit butir --pack rak=30 --shelf-life 21
lb item add MINYAK --name "Minyak goreng" --unit ml --pack liter=1000
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb location add TP-LOA --kind point --name "Titik salur Loa Kulu"
lb location add SUP-BULOG --kind supplier --name "Perum BULOG"
expect_rc 0 "setup"

lb stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty "328 karung" --lot BRS-2601-A \
	--expiry 2026-12-31 --unit-cost 14.000 --ref "SJ/BULOG/2026/0012" --date 2026-01-02 --id rcv-1
expect_rc 0 "receive 328 karung"
out_has "received 8.200 kg of BERAS into GD-TGR" "the quantity is in base units with Indonesian grouping"
out_has "movement 1  2026-01-02  receive 8.200 kg of BERAS, lot BRS-2601-A: SUP-BULOG -> GD-TGR (id rcv-1)" "and names the movement"
[ "$(sql "SELECT code, expiry, unit_cost, ref, received_on FROM lot")" = "BRS-2601-A|2026-12-31|14000|SJ/BULOG/2026/0012|2026-01-02" ] \
	&& echo "ok - the lot keeps code, expiry, cost, delivery note and date" || echo "not ok - the lot keeps code, expiry, cost, delivery note and date"
[ "$(sql "SELECT operator, kind, day FROM movement WHERE id = 1")" = "tester|receive|2026-01-02" ] \
	&& echo "ok - the movement records who, what and when" || echo "not ok - the movement records who, what and when"

lb stock receive --to GD-TGR --item TELUR --qty "820 rak" --lot TLR-2601 --unit-cost Rp2.000
expect_rc 0 "receive without --expiry, --from or --date"
[ "$(sql "SELECT expiry, received_on, supplier_id IS NULL FROM lot WHERE code = 'TLR-2601'")" = "2026-01-26|2026-01-05|1" ] \
	&& echo "ok - expiry is the date plus the item's shelf life; the date defaults to today" \
	|| echo "not ok - expiry is the date plus the item's shelf life; the date defaults to today"
out_has "@SUPPLY -> GD-TGR" "without --from the goods come from @SUPPLY"

lb stock receive --to GD-TGR --item MINYAK --qty "2.5 liter" --lot MYK-1 --unit-cost 18
expect_rc 0 "a decimal that comes to whole base units"
out_has "received 2.500 ml of MINYAK" "is converted exactly"

# The same id again: nothing changes, and it says so.
snap
lb stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty "328 karung" --lot BRS-2601-A \
	--expiry 2026-12-31 --unit-cost 14.000 --ref "SJ/BULOG/2026/0012" --date 2026-01-02 --id rcv-1
expect_rc 0 "a repeated id is not an error"
out_has "already posted: this id was posted before, nothing changed" "and says so"
out_has "movement 1 " "and names the movement it is"
unchanged "a repeated id writes nothing"
lb stock receive --to TP-LOA --item TELUR --qty 1 --lot X --unit-cost 1 --id rcv-1
expect_rc 3 "an id used for something else is refused"
err_has "id 'rcv-1' was used already, by movement 1 (a receive of 'BERAS' elsewhere): choose a new id" "and says by what"
unchanged "and nothing was written"

# A second truck of the same lot adds to it; a different expiry or cost is refused.
lb stock receive --to GD-TGR --item BERAS --qty 100 --lot BRS-2601-A --expiry 2026-12-31 --unit-cost 14000
expect_rc 0 "a second receipt into a lot with the same expiry and cost"
snap
lb stock receive --to GD-TGR --item BERAS --qty 100 --lot brs-2601-a --expiry 2026-11-30 --unit-cost 14000
expect_rc 3 "a second receipt into a lot with another expiry is refused"
err_has "lot 'BRS-2601-A' of 'BERAS' exists with expiry 2026-12-31, not 2026-11-30" "and says what differs"
lb stock receive --to GD-TGR --item BERAS --qty 100 --lot BRS-2601-A --expiry 2026-12-31 --unit-cost 15000
expect_rc 3 "a second receipt into a lot with another cost is refused"
err_has "exists with unit cost Rp14.000, not Rp15.000" "and says what differs"
unchanged "and nothing was written"

# Bad input: each refused with a clear message, nothing written.
snap
lb stock receive --to GD-TGR --item BERAS --qty 0 --lot L9 --unit-cost 1
expect_rc 2 "zero quantity"
err_has "--qty '0' must be greater than zero" "says the quantity must be positive"
lb stock receive --to GD-TGR --item BERAS --qty -5 --lot L9 --unit-cost 1
expect_rc 2 "negative quantity"
err_has "--qty '-5' must be greater than zero" "says the quantity must be positive"
lb stock receive --to GD-TGR --item BERAS --qty 99999999999999999999 --lot L9 --unit-cost 1
expect_rc 2 "a quantity that overflows"
# Issue 10: a run of 12 or more digits is masked in every message, so the
# value is quoted as 9999**************99 (it might be a NIK).
err_has "--qty '9999**************99' is too large (at most 1.000.000.000.000.000 kg)" "says the limit"
lb stock receive --to GD-TGR --item BERAS --qty "50000000000000 karung" --lot L9 --unit-cost 1
expect_rc 2 "a pack quantity that overflows in base units"
err_has "is too large" "says so"
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot L9 --unit-cost 99999999999999999999
expect_rc 2 "a cost that overflows"
err_has "--unit-cost '9999**************99' is too large" "says so"
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot L9 --unit-cost 14000,50
expect_rc 2 "a cost with a fraction"
err_has "amounts are whole rupiah" "says rupiah are whole"
lb stock receive --to GD-TGR --item BERAS --qty lima --lot L9 --unit-cost 1
expect_rc 2 "text in a number field (quantity)"
err_has "--qty 'lima' is not a quantity" "says so"
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot L9 --unit-cost murah
expect_rc 2 "text in a number field (cost)"
err_has "--unit-cost 'murah' is not an amount in rupiah" "says so"
lb stock receive --to GD-TGR --item BERAS --qty "2.5" --lot L9 --unit-cost 1
expect_rc 2 "a fraction of the base unit"
err_has "is not a whole number of kg" "says what to write"
lb stock receive --to GD-TGR --item BERAS --qty "1.000" --lot L9 --unit-cost 1
expect_rc 2 "thousands grouping is ambiguous"
err_has "is ambiguous" "says so"
lb stock receive --to GD-TGR --item GULA --qty 5 --lot L9 --unit-cost 1
expect_rc 2 "an unknown item"
err_has "unknown item 'GULA' (see 'lumbung item list')" "names it"
lb stock receive --to GD-XXX --item BERAS --qty 5 --lot L9 --unit-cost 1
expect_rc 2 "an unknown location"
err_has "unknown location 'GD-XXX' (see 'lumbung location list')" "names it"
snap
lb stock receive --to GD-TGR --from SUP-XXX --item BERAS --qty 5 --lot L9 --unit-cost 1
refused 2 "unknown location 'SUP-XXX' (see 'lumbung location list')" "an unknown supplier"
lb stock receive --to SUP-BULOG --item BERAS --qty 5 --lot L9 --unit-cost 1
expect_rc 2 "receiving into a supplier"
err_has "cannot receive into 'SUP-BULOG': it is a supplier, not a warehouse or point" "says why"
lb stock receive --to GD-TGR --from TP-LOA --item BERAS --qty 5 --lot L9 --unit-cost 1
expect_rc 2 "receiving from a point"
err_has "cannot receive from 'TP-LOA': it is not a supplier" "says why"
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot L9 --unit-cost 1 --date 2026-02-30
expect_rc 2 "2026-02-30"
err_has "--date '2026-02-30' is not a date: Februari 2026 has 28 days" "says the month has 28 days"
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot L9 --unit-cost 1 --expiry 2026-02-30
expect_rc 2 "an expiry of 2026-02-30"
err_has "--expiry '2026-02-30' is not a date" "says so"
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot L9 --unit-cost 1 --expiry 2026-01-04
expect_rc 2 "an expiry before the receipt date"
err_has "cannot receive lot 'L9' of 'BERAS': expiry 2026-01-04 is before the receipt date 2026-01-05" "says which dates"
snap
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot "L 9" --unit-cost 1
refused 2 "lot 'L 9' may hold only letters, digits, '.', '_', '-' and '/' (found ' ')" "a lot code with a space"
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot L9 --unit-cost 1 --id "a#2"
expect_rc 2 "an id with '#'"
err_has "must not contain '#'" "says why"
lb stock receive --to GD-TGR --item BERAS --qty 5 --unit-cost 1
expect_rc 2 "a receipt without a lot"
err_has "option '--lot' is required" "says so"
unchanged "no refused receipt wrote anything"

# A closed period takes nothing more.
sql "INSERT INTO period_close(period, closed_at, operator) VALUES ('2025-12', '2026-01-03T00:00:00Z', 'tester')"
snap
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot L9 --unit-cost 1 --date 2025-12-31
expect_rc 3 "a receipt into a closed period"
err_has "cannot receive on 2025-12-31: period 2025-12 is closed" "says which period"
unchanged "and nothing was written"
