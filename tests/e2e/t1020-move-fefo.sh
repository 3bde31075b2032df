# Moving stock: earliest expiry first (FEFO), split over lots with keys
# KEY, KEY#2; expired lots never move; not enough stock is refused.
. "$(dirname "$0")/lib.sh"
plan 43
export LUMBUNG_TODAY=2026-01-05

lb init
lb item add BERAS --name "Beras medium" --unit kg --pack karung=25
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb location add TP-LOA --kind point --name "Titik salur Loa Kulu"
lb location add TP-MLY --kind point --name "Titik salur Melayu"
lb stock receive --to GD-TGR --item BERAS --qty 4 --lot OLD --expiry 2026-01-04 --unit-cost 1 --date 2026-01-01
lb stock receive --to GD-TGR --item BERAS --qty 5 --lot LATE --expiry 2026-06-30 --unit-cost 1 --date 2026-01-01
lb stock receive --to GD-TGR --item BERAS --qty 3 --lot NONE --unit-cost 1 --date 2026-01-01
lb stock receive --to GD-TGR --item BERAS --qty 2 --lot SOON --expiry 2026-02-28 --unit-cost 1 --date 2026-01-01
expect_rc 0 "setup: four lots, one of them expired"

# 10 kg there, but 4 kg of it (lot OLD) expired yesterday.
snap
lb stock move --from GD-TGR --to TP-LOA --item BERAS --qty 12
expect_rc 3 "not enough unexpired stock"
err_has "cannot move 12 kg of 'BERAS' from 'GD-TGR': only 10 kg there (unexpired)" "says how much there is"
unchanged "and nothing was written"

lb stock move --from GD-TGR --to TP-LOA --item BERAS --qty 8 --id mv-1 --ref DO-1
expect_rc 0 "a move without a lot"
out_has "moved 8 kg of BERAS from GD-TGR to TP-LOA" "reports the move"
out_has "2 kg of BERAS, lot SOON: GD-TGR -> TP-LOA (id mv-1)" "the earliest expiry goes first"
out_has "5 kg of BERAS, lot LATE: GD-TGR -> TP-LOA (id mv-1#2)" "then the next, keyed KEY#2"
out_has "1 kg of BERAS, lot NONE: GD-TGR -> TP-LOA (id mv-1#3)" "lots without expiry go last (KEY#3)"
out_lacks "lot OLD" "the expired lot never moves"

snap
lb stock move --from GD-TGR --to TP-LOA --item BERAS --qty 8 --id mv-1 --ref DO-1
expect_rc 0 "the same id again"
out_has "already posted" "is reported as posted already"
out_has "(id mv-1#3)" "with all its parts"
unchanged "and writes nothing, even though the stock is gone now"

lb stock move --from GD-TGR --to TP-LOA --item BERAS --qty 1 --lot OLD
expect_rc 3 "an expired lot named explicitly"
err_has "cannot move lot 'OLD' of 'BERAS' from 'GD-TGR': it expired on 2026-01-04 (write it off with 'stock adjust --reason kedaluwarsa')" "says what to do"
unchanged "and nothing was written"

lb stock move --from TP-LOA --to TP-MLY --item BERAS --qty 3 --lot LATE
expect_rc 0 "a move of a named lot"
snap
lb stock move --from TP-LOA --to TP-MLY --item BERAS --qty 3 --lot LATE
expect_rc 3 "more of a named lot than is there"
err_has "cannot move 3 kg of 'BERAS' lot 'LATE' from 'TP-LOA': only 2 kg there" "says how much of the lot is there"
lb stock move --from TP-LOA --to TP-MLY --item BERAS --qty 1 --lot NOPE
expect_rc 2 "an unknown lot"
err_has "unknown lot 'NOPE' of 'BERAS'" "names it"
lb stock move --from TP-LOA --to TP-LOA --item BERAS --qty 1
expect_rc 2 "a move to the same place"
err_has "cannot move from 'TP-LOA' to itself" "says so"
lb stock move --from TP-LOA --to @RECIPIENTS --item BERAS --qty 1
expect_rc 2 "a move to the ledger's own account"
err_has "cannot move to '@RECIPIENTS': it is one of the ledger's own accounts" "says so"
lb stock move --from TP-LOA --to TP-MLY --item BERAS --qty "0.5 karung"
expect_rc 2 "half a karung of 25 kg is not whole kg"
err_has "is not a whole number of kg (1 karung = 25 kg)" "says why"
lb stock move --from TP-LOA --to TP-MLY --item BERAS --qty 1 --date 2026-13-01
expect_rc 2 "a bad date"
err_has "there is no month 13" "says why"
lb stock move --from TP-LOA --to GD-XXX --item BERAS --qty 1
expect_rc 2 "an unknown location"
err_has "unknown location 'GD-XXX'" "names it"
snap
lb stock move --from TP-LOA --to TP-MLY --item GULA --qty 1
refused 2 "unknown item 'GULA' (see 'lumbung item list')" "an unknown item"
unchanged "no refused move wrote anything"

# Balances after all that, in base units.
lb stock balance --at TP-LOA
expect_rc 0 "balance at a point"
out_has "TP-LOA    BERAS  SOON  2026-02-28      2 kg" "shows the lot with its expiry"
out_has "TP-LOA    BERAS  NONE  -               1 kg" "a lot without expiry shows -"
lb stock balance --at GD-TGR --format csv
expect_rc 0 "balance csv"
out_has "GD-TGR,BERAS,OLD,2026-01-04,4,kg" "the expired lot is still counted as stock"
out_has "GD-TGR,BERAS,NONE,,2,kg" "and so is the rest"

lb verify
expect_rc 0 "the ledger verifies"
