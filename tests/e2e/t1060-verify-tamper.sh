# Tamper evidence: verify passes on an honest ledger, and names the first
# wrong entry when someone edits the database behind lumbung's back with
# sqlite3 (dropping the triggers that refuse it first).
. "$(dirname "$0")/lib.sh"
plan 31
export LUMBUNG_TODAY=2026-01-05

lb init
lb item add BERAS --name "Beras medium" --unit kg
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb location add TP-LOA --kind point --name "Titik salur Loa Kulu"
lb stock receive --to GD-TGR --item BERAS --qty 100 --lot B1 --unit-cost 14000 --id r1
lb stock move --from GD-TGR --to TP-LOA --item BERAS --qty 30 --id m1
lb stock move --from GD-TGR --to TP-LOA --item BERAS --qty 20 --id m2
lb stock adjust --at TP-LOA --item BERAS --qty -1 --reason rusak
expect_rc 0 "setup: four movements"

snap
lb verify
expect_rc 0 "an honest ledger verifies"
out_has "ok    hash chain         4 movements, each hash recomputed" "the chain is checked"
out_has "ok    balances" "balances are compared with the journal"
out_has "ok    double entry" "double entry is checked"
out_has "ok    database file      PRAGMA integrity_check: ok" "the file is checked"
out_has "the ledger verifies" "and says so"
unchanged "verify writes nothing"

# The database refuses edits of the journal...
if sqlite3 "$LUMBUNG_DB" "UPDATE movement SET qty = 31 WHERE id = 2" 2>"$T/sqlerr"; then
	echo "not ok - the journal refuses an UPDATE"
else
	grep -q "append-only" "$T/sqlerr" && echo "ok - the journal refuses an UPDATE" || echo "not ok - the journal refuses an UPDATE"
fi
if sqlite3 "$LUMBUNG_DB" "DELETE FROM movement WHERE id = 4" 2>/dev/null; then
	echo "not ok - the journal refuses a DELETE"
else
	echo "ok - the journal refuses a DELETE"
fi

# ...so drop the trigger and change a quantity: verify names that movement.
# (Every connection has closed, so the WAL is folded into the file.)
cp "$LUMBUNG_DB" "$T/honest.db"
honest() { rm -f "$LUMBUNG_DB-wal" "$LUMBUNG_DB-shm"; cp "$T/honest.db" "$LUMBUNG_DB"; }
sqlite3 "$LUMBUNG_DB" "DROP TRIGGER movement_no_update; UPDATE movement SET qty = 25 WHERE id = 3"
lb verify
expect_rc 3 "a changed quantity fails verify"
err_has "verify: hash chain: movement 3 (2026-01-05, move of 25 kg of 'BERAS', id 'm2') does not match its hash: it was changed after it was posted" "and names the movement"
out_has "FAIL  hash chain" "the report shows the failed check"
out_has "FAIL  balances" "the balances no longer match the journal either"
out_has "FAIL  append-only" "and the missing trigger is reported"

# A changed balance is named by lot and location.
honest
sqlite3 "$LUMBUNG_DB" "UPDATE balance SET qty = qty + 5 WHERE location_id = (SELECT id FROM location WHERE code = 'TP-LOA')"
lb verify
expect_rc 3 "a changed balance fails verify"
err_has "verify: balances: the balance of lot 'B1' of 'BERAS' at 'TP-LOA' is 54 kg, but the journal sums to 49 kg" "and names it"
out_has "FAIL  double entry" "and double entry no longer holds"
out_has "ok    hash chain" "while the journal itself is intact"

# A deleted movement leaves a gap in the ids.
honest
sqlite3 "$LUMBUNG_DB" "DROP TRIGGER movement_no_delete; DELETE FROM movement WHERE id = 2"
lb verify
expect_rc 3 "a deleted movement fails verify"
err_has "verify: hash chain: the journal jumps from movement 1 to 3: 1 movement was deleted" "and says where"

# A movement forged with a recomputed hash still breaks the next link.
honest
sqlite3 "$LUMBUNG_DB" "DROP TRIGGER movement_no_update; UPDATE movement SET operator = 'someone else' WHERE id = 4"
lb verify
expect_rc 3 "a changed operator fails verify"
err_has "movement 4 (2026-01-05, adjust of 1 kg of 'BERAS') does not match its hash" "and names the movement"

# Damage to the file itself is found by PRAGMA integrity_check.
honest
sqlite3 "$LUMBUNG_DB" "PRAGMA writable_schema = 1; UPDATE sqlite_schema SET sql = replace(sql, 'item_id, day', 'day, item_id') WHERE name = 'movement_item_day'; PRAGMA writable_schema = 0;" 2>/dev/null
snap
lb verify
refused 3 "verify: database file: integrity check failed: row 1 missing from index movement_item_day" "a damaged index fails verify"
out_has "FAIL  database file" "the file check fails"

honest
lb verify
expect_rc 0 "the honest copy still verifies"
snap
lb verify --deep
refused 2 "verify: unknown option '--deep' (see 'lumbung verify --help')" "verify takes no options"
