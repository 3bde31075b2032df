# Adjustments with a reason (rusak, hilang, kedaluwarsa, lain) and stock
# counts (stock opname) that post their variance.
. "$(dirname "$0")/lib.sh"
plan 48
export LUMBUNG_TODAY=2026-01-10

lb init
lb item add TELUR --name "Telur ayam" --unit butir --pack rak=30
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb stock receive --to GD-TGR --item TELUR --qty "2 rak" --lot T-OLD --expiry 2026-01-08 --unit-cost 2000 --date 2026-01-01
lb stock receive --to GD-TGR --item TELUR --qty "3 rak" --lot T-NEW --expiry 2026-01-30 --unit-cost 2000 --date 2026-01-09
expect_rc 0 "setup: 60 expired eggs, 90 good ones"

lb stock adjust --at GD-TGR --item TELUR --qty -5 --reason rusak --note "pecah di gudang"
expect_rc 0 "write off broken eggs"
out_has "wrote off 5 butir of TELUR at GD-TGR (rusak)" "reports it"
out_has "lot T-NEW: GD-TGR -> @ADJUST" "from unexpired stock (expired lots are for kedaluwarsa)"
[ "$(sql "SELECT reason, note FROM movement WHERE kind = 'adjust'")" = "rusak|pecah di gudang" ] \
	&& echo "ok - the movement records why" || echo "not ok - the movement records why"

lb stock adjust --at GD-TGR --item TELUR --qty "-2 rak" --reason kedaluwarsa
expect_rc 0 "write off the expired lot"
out_has "wrote off 60 butir of TELUR at GD-TGR (kedaluwarsa)" "reports it"
out_has "lot T-OLD" "from the expired lot"

snap
lb stock adjust --at GD-TGR --item TELUR --qty -1 --reason kedaluwarsa
expect_rc 3 "nothing expired is left"
err_has "cannot write off 1 butir of 'TELUR' at 'GD-TGR': only 0 butir there (in expired lots)" "says so"
lb stock adjust --at GD-TGR --item TELUR --qty -1 --reason kedaluwarsa --lot T-NEW
expect_rc 3 "an unexpired lot cannot be written off as expired"
err_has "cannot write off lot 'T-NEW' of 'TELUR' as kedaluwarsa: it is good until 2026-01-30" "says until when"
snap
lb stock adjust --at GD-TGR --item TELUR --qty 1 --reason kedaluwarsa --lot T-NEW
refused 2 "cannot adjust: reason 'kedaluwarsa' writes expired stock off, so the quantity must be negative" "kedaluwarsa with a positive quantity"
lb stock adjust --at GD-TGR --item TELUR --qty 5 --reason lain
expect_rc 2 "adding stock without a lot"
err_has "cannot add stock of 'TELUR' at 'GD-TGR' without naming its lot (--lot)" "asks for the lot"
lb stock adjust --at GD-TGR --item TELUR --qty -1 --reason pecah
expect_rc 2 "an unknown reason"
err_has "--reason 'pecah' is not a reason (choose rusak, hilang, kedaluwarsa or lain)" "lists the reasons"
snap
lb stock adjust --at GD-TGR --item TELUR --qty 0 --reason lain
refused 2 "--qty '0' is zero: an adjustment of nothing changes nothing" "an adjustment of zero"
lb stock adjust --at GD-TGR --item TELUR --qty -1000 --reason hilang
expect_rc 3 "writing off more than there is"
err_has "only 85 butir there (unexpired)" "says how much there is"
snap
lb stock adjust --at @ADJUST --item TELUR --qty -1 --reason hilang
refused 2 "cannot adjust stock at '@ADJUST': it is one of the ledger's own accounts, not a warehouse or point" "adjusting the ledger's own account"
unchanged "no refused adjustment wrote anything"

lb stock adjust --at GD-TGR --item TELUR --qty 3 --reason lain --lot T-NEW --note "ditemukan"
expect_rc 0 "add stock found"
out_has "added 3 butir of TELUR at GD-TGR (lain)" "reports it"

# Stock count: 88 on the ledger.
lb stock count --at GD-TGR --item TELUR --counted "2 rak"
expect_rc 0 "a count below the ledger"
expect_out "counted 60 butir of TELUR at GD-TGR; the ledger said 88 butir; variance -28 butir
posted the difference:
  movement 6  2026-01-10  count 28 butir of TELUR, lot T-NEW: GD-TGR -> @ADJUST" "reports the variance and posts it"
[ "$(sql "SELECT counted, expected, lot_id IS NULL, operator FROM stock_count")" = "60|88|1|tester" ] \
	&& echo "ok - the count is recorded with what the ledger said" || echo "not ok - the count is recorded with what the ledger said"
[ "$(sql "SELECT reason FROM movement WHERE kind = 'count'")" = "opname" ] \
	&& echo "ok - the difference is a count movement, reason opname" || echo "not ok - the difference is a count movement, reason opname"

lb stock count --at GD-TGR --item TELUR --counted 61
expect_rc 0 "a count above the ledger (one lot held: it goes there)"
out_has "variance +1 butir" "reports a surplus"
lb stock count --at GD-TGR --item TELUR --counted "61 butir"
expect_rc 0 "a count that matches"
out_has "variance 0 butir" "reports no variance"
out_lacks "posted the difference" "and posts nothing"
[ "$(sql "SELECT count(*) FROM stock_count")" = 3 ] && echo "ok - every count is recorded" || echo "not ok - every count is recorded"

lb stock receive --to GD-TGR --item TELUR --qty 30 --lot T-3 --expiry 2026-02-15 --unit-cost 2000
snap
lb stock count --at GD-TGR --item TELUR --counted 100
expect_rc 2 "a surplus with several lots held needs --lot"
err_has "name the lot the extra stock belongs to (--lot)" "says so"
lb stock count --at GD-TGR --item TELUR --counted -1
expect_rc 2 "a negative count"
err_has "--counted '-1' must not be negative" "says so"
unchanged "nothing written"
lb stock count --at GD-TGR --item TELUR --counted 40 --lot T-3
expect_rc 0 "a count of one lot"
out_has "counted 40 butir of TELUR lot T-3 at GD-TGR; the ledger said 30 butir; variance +10 butir" "compares that lot only"

lb verify
expect_rc 0 "the ledger verifies"
