# Balances now and as of a date, the ledger with its running balance,
# lots that expire soon, and reversing a movement (once).
. "$(dirname "$0")/lib.sh"
plan 61
export LUMBUNG_TODAY=2026-01-20
crlf() { tr -d '\r' <"$T/out" >"$T/out.lf" && mv "$T/out.lf" "$T/out"; }

lb init
lb item add BERAS --name "Beras medium" --unit kg --pack karung=25
lb item add IKAN --name "Ikan kaleng" --unit kaleng --pack dus=24
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb location add TP-LOA --kind point --name "Titik salur Loa Kulu"
lb location add SUP-BULOG --kind supplier --name "Perum BULOG"
lb stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty "50 karung" --lot B1 --expiry 2026-12-31 --unit-cost 14000 --date 2026-01-02
lb stock receive --to GD-TGR --item IKAN --qty "10 dus" --lot K1 --expiry 2026-02-10 --unit-cost 12000 --date 2026-01-03
lb stock move --from GD-TGR --to TP-LOA --item BERAS --qty 250 --date 2026-01-05
lb stock move --from GD-TGR --to TP-LOA --item IKAN --qty "2 dus" --date 2026-01-06
lb stock move --from TP-LOA --to GD-TGR --item BERAS --qty 10 --date 2026-01-07 --note "kelebihan"
expect_rc 0 "setup"

lb stock balance
expect_rc 0 "balance"
expect_out "location  item   lot  expiry        quantity
GD-TGR    BERAS  B1   2026-12-31    1.010 kg
GD-TGR    IKAN   K1   2026-02-10  192 kaleng
TP-LOA    BERAS  B1   2026-12-31      240 kg
TP-LOA    IKAN   K1   2026-02-10   48 kaleng" "a table with Indonesian grouping and the unit"
lb stock balance --format csv
crlf
expect_out "location,item,lot,expiry,quantity,unit
GD-TGR,BERAS,B1,2026-12-31,1010,kg
GD-TGR,IKAN,K1,2026-02-10,192,kaleng
TP-LOA,BERAS,B1,2026-12-31,240,kg
TP-LOA,IKAN,K1,2026-02-10,48,kaleng" "csv: a header, then one row per location, item and lot, plain integers"
lb stock balance --item ikan --format json
expect_rc 0 "json"
out_has '"location": "GD-TGR", "item": "IKAN", "lot": "K1", "expiry": "2026-02-10", "quantity": 192, "unit": "kaleng"' "json quantities are numbers"
lb stock balance --at TP-LOA --item BERAS --lot B1 --format csv
crlf
expect_out "location,item,lot,expiry,quantity,unit
TP-LOA,BERAS,B1,2026-12-31,240,kg" "filtered by location, item and lot"
lb stock balance --as-of 2026-01-05 --item BERAS --format csv
crlf
expect_out "location,item,lot,expiry,quantity,unit
GD-TGR,BERAS,B1,2026-12-31,1000,kg
TP-LOA,BERAS,B1,2026-12-31,250,kg" "--as-of sums the journal up to that day"
lb stock balance --as-of 2026-01-01
expect_rc 0 "--as-of before anything happened"
out_has "(no stock)" "says there was no stock"
snap
lb stock balance --lot B1
refused 2 "stock balance: --lot needs --item (lot codes belong to an item)" "--lot without --item"
snap
lb stock balance --as-of 2026-02-30
refused 2 "--as-of '2026-02-30' is not a date: Februari 2026 has 28 days" "a bad --as-of date"
snap
lb stock balance --format xml
refused 2 "--format 'xml' is not offered here (choose table, csv, json)" "an unknown format"

lb stock ledger --item BERAS --at TP-LOA
expect_rc 0 "ledger at a point"
expect_out "movement  date        kind  lot  from    to      quantity  change  balance  id  reason/ref
       3  2026-01-05  move  B1   GD-TGR  TP-LOA    250 kg    +250   250 kg      
       5  2026-01-07  move  B1   TP-LOA  GD-TGR     10 kg     -10   240 kg      " "movements with a running balance"
lb stock ledger --item BERAS --format csv
crlf
out_has "1,2026-01-02,receive,B1,SUP-BULOG,GD-TGR,1250,1250,1250,kg,,,,,,tester" "the ledger over all stock held, in csv"
out_has "3,2026-01-05,move,B1,GD-TGR,TP-LOA,250,0,1250,kg" "a move between warehouse and point changes nothing held"
out_has "5,2026-01-07,move,B1,TP-LOA,GD-TGR,10,0,1250,kg,,,,kelebihan,,tester" "with its note and operator"
snap
lb stock ledger --at TP-LOA
refused 2 "stock ledger: option '--item' is required (see 'lumbung stock ledger --help')" "the ledger needs --item"

lb stock expiring --within 30
expect_rc 0 "expiring within 30 days"
expect_out "location  item  lot  expiry      days_left    quantity
GD-TGR    IKAN  K1   2026-02-10         21  192 kaleng
TP-LOA    IKAN  K1   2026-02-10         21   48 kaleng" "lists the lots that expire soon, with days left"
lb stock expiring --within 5
out_has "(nothing expires within 5 days)" "and says when nothing does"
LUMBUNG_TODAY=2026-02-12 lb stock expiring --within 0 --at TP-LOA --format csv
crlf
expect_out "location,item,lot,expiry,days_left,quantity,unit
TP-LOA,IKAN,K1,2026-02-10,-2,48,kaleng" "expired lots show negative days"
snap
lb stock expiring --within abc
refused 2 "--within 'abc' is not a whole number" "--within must be a number"

# Reversal: a mirror image that names the original, once.
lb stock reverse 5 --reason "salah catat"
expect_rc 0 "reverse a movement"
out_has "reversed movement 5" "says so"
out_has "movement 6  2026-01-20  reverse 10 kg of BERAS, lot B1: GD-TGR -> TP-LOA" "with the mirror image"
[ "$(sql "SELECT kind, reverses, reason FROM movement WHERE id = 6")" = "reverse|5|salah catat" ] \
	&& echo "ok - the reversal names the movement and the reason" || echo "not ok - the reversal names the movement and the reason"
lb stock move --from TP-LOA --to GD-TGR --item BERAS --qty 250
expect_rc 0 "everything at the point goes back (movement 7)"
snap
lb stock reverse 5 --reason "lagi"
expect_rc 3 "reversing twice"
err_has "cannot reverse movement 5: it was reversed already, by movement 6" "says by which"
lb stock reverse 6 --reason "batal"
expect_rc 3 "reversing a reversal"
err_has "it is itself a reversal" "says so"
lb stock reverse 99 --reason "x"
expect_rc 2 "reversing a movement that does not exist"
err_has "cannot reverse movement 99: there is no such movement" "says so"
snap
lb stock reverse 3
refused 2 "stock reverse: option '--reason' is required (see 'lumbung stock reverse --help')" "a reversal needs a reason"
snap
lb stock reverse abc --reason x
refused 2 "MOVEMENT_ID 'abc' is not a whole number" "the movement id is a number"
lb stock reverse 3 --reason "x" --date 2026-01-04
expect_rc 2 "a reversal dated before the movement"
err_has "with a date before its own (2026-01-05)" "says why"
lb stock reverse 3 --reason "x"
expect_rc 3 "a reversal of stock that has moved on"
err_has "cannot reverse movement 3: it would take 250 kg of 'BERAS' lot 'B1' back out of 'TP-LOA', where only 0 kg is left" "says what is left"
unchanged "no refused reversal wrote anything"

lb stock reverse 7 --reason "kembali" --id rev-7
expect_rc 0 "reverse with an id"
snap
lb stock reverse 7 --reason "kembali" --id rev-7
expect_rc 0 "the same reversal id again"
out_has "already posted" "is reported, not refused"
unchanged "and writes nothing"

lb verify
expect_rc 0 "the ledger verifies"
