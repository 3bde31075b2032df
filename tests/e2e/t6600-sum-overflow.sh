# Issue 10: every sum of money or quantity in a report is checked. Two
# receipts that are each legal (unit cost within Rp1.000.000.000.000.000)
# can be worth more together than an int64 holds; the report must refuse
# with the figure named, not print a wrapped negative total or a bare
# "integer overflow", and write nothing.
. "$(dirname "$0")/lib.sh"
plan 22
export LUMBUNG_TODAY=2026-01-05

lb init
lb item add BERAS --name "Beras medium" --unit kg
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
expect_rc 0 "setup"

# 4.612 kg at Rp10^15 is 4,612 x 10^18 rupiah, just over INT64_MAX / 2:
# each lot's value fits, their sum does not.
lb stock receive --to GD-TGR --item BERAS --qty 4612 --lot BRS-A --unit-cost 1000000000000000 --date 2026-01-02
expect_rc 0 "a receipt at the largest unit cost is legal"
lb report stock --period 2026-01 --format csv -o "$T/one.csv"
expect_rc 0 "one such lot still reports"
grep -q '^JUMLAH,.*,Rp4.612.000.000.000.000.000' "$T/one.csv" && echo "ok - and its value is exact" \
	|| _fail "and its value is exact" "$T/one.csv"

lb stock receive --to GD-TGR --item BERAS --qty 4612 --lot BRS-B --unit-cost 1000000000000000 --date 2026-01-03
expect_rc 0 "a second such receipt is legal too"
snap
for f in csv pdf xlsx; do
	lb report stock --period 2026-01 --format $f -o "$T/stock.$f"
	expect_rc 3 "report stock --format $f refuses a total that would wrap"
	err_has "cannot add up the closing value of 'BERAS' at 'GD-TGR': the sum is too large to count" \
		"and names the figure that overflowed ($f)"
	err_lacks "integer overflow" "not SQLite's bare words ($f)"
	[ ! -e "$T/stock.$f" ] && echo "ok - no $f file is left behind" || _fail "no $f file is left behind"
done
unchanged "and nothing was written"

# One lot whose quantity times cost overflows: SQLite would have turned
# the product into a float; it is refused as well. A database of its own,
# so that BERAS's sum cannot be the first refusal.
export LUMBUNG_DB="$T/second.db"
lb init
lb item add GULA --name "Gula pasir" --unit kg
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
expect_rc 0 "a second database"
lb stock receive --to GD-TGR --item GULA --qty 10000 --lot GL-1 --unit-cost 1000000000000000 --date 2026-01-03
expect_rc 0 "a large receipt of another item"
lb report stock --period 2026-01 --format csv -o "$T/gula.csv"
expect_rc 3 "a product that overflows is refused"
err_has "cannot add up the closing value of 'GULA' at 'GD-TGR': the product is too large to count" "and says so"
