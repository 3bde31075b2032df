# finance pagu|price|replacement|list: the figures the realisation report
# needs that no other table holds, how the report uses them, and their
# bad input.
. "$(dirname "$0")/lib.sh"
plan 43
. "$(dirname "$0")/reports_setup.sh"
rpsetup

lb finance pagu --program SEMBAKO-2026 --from 2026-01 --amount 20.000.000 --ref "DPA 1.06.01/2026"
expect_rc 0 "a pagu is recorded from January"
expect_out "pagu of SEMBAKO-2026 from 2026-01: Rp20.000.000" "and shown as rupiah"
lb finance price --item BERAS --from 2026-01 --price 14500 --source "HPS Januari"
expect_rc 0 "a reference price is recorded"
expect_out "reference price of BERAS from 2026-01: Rp14.500 per base unit" "and shown"
lb finance list --format csv
expect_rc 0 "finance list shows them"
out_has "pagu,SEMBAKO-2026,2026-01,Rp20.000.000,DPA 1.06.01/2026,tester" "the pagu with who recorded it"
out_has "reference_price,BERAS,2026-01,Rp14.500,HPS Januari,tester" "and the price"

lb report distribution --program SEMBAKO-2026 --period 2026-01 --format csv -o "$T/dist.csv"
expect_rc 0 "the realisation report"
tr -d '\r' <"$T/dist.csv" >"$T/out"
out_has "Pagu anggaran 2026 - DPA 1.06.01/2026,Rp20.000.000" "uses the recorded pagu and names its document"
out_has "Sumber pagu,ditetapkan" "and says it was set, not derived"
out_has "Sisa pagu,Rp19.281.000" "what remains of it"
out_has "Beras medium (BERAS),BRS-B,Rp15.500,Rp14.000,Rp14.500,10,kg,Rp15.000" \
	"the dear lot against both prices, the excess over the lower"

# a replacement, with its statement's number, shows in February's report
export LUMBUNG_TODAY=2026-02-01
rprun recipient replace 6402064203550001 --by 6402064107700009 --name "Nur Aini" \
	--reason "meninggal dunia" --status meninggal --date 2026-02-01
lb finance replacement 6402064107700009 --doc "474/12/PEM/2026" --date 2026-02-01
expect_rc 0 "a replacement statement is recorded"
expect_out "replacement statement '474/12/PEM/2026' of 2026-02-01 recorded" "and confirmed"
rprun allocate --program SEMBAKO-2026 --period 2026-02
lb report distribution --program SEMBAKO-2026 --period 2026-02 --format csv -o "$T/feb.csv"
expect_rc 0 "February's realisation report"
tr -d '\r' <"$T/feb.csv" >"$T/out"
out_has "Nur Aini,6402**********09,64.02.06.1001,Siti Aminah,6402**********01,meninggal (2026-02-01: meninggal dunia),474/12/PEM/2026,1 Februari 2026" \
	"lists the replacement with the statement's number and date"
out_has "Pagu anggaran 2026 - DPA 1.06.01/2026,Rp20.000.000" "the January pagu still applies in February"
out_has "Realisasi s.d. periode lalu,Rp719.000" "January's spending is before February"

# ---- bad input ----
snap
lb finance pagu --program SEMBAKO-2026 --from 2026-01 --amount 1
expect_rc 3 "a second pagu for the same month is refused"
err_has "is recorded already: a revision takes effect from a later month" "and says how to revise"
snap
lb finance pagu --program NOPE --from 2026-01 --amount 1
refused 2 "unknown program 'NOPE' (see 'lumbung program list')" "an unknown program is bad input"
snap
lb finance pagu --program SEMBAKO-2026 --from 2026-01 --amount 1,5
refused 2 "--amount '1,5' has a fraction: amounts are whole rupiah" "a malformed amount is bad input"
snap
lb finance pagu --program SEMBAKO-2026 --amount 1
refused 2 "finance pagu: option '--from' is required (see 'lumbung finance pagu --help')" "--from is required"
lb finance price --item GULA --from 2026-02 --price 1
expect_rc 2 "an unknown item is bad input"
err_has "unknown item 'GULA'" "and names it"
lb finance replacement 6402066512490006 --doc X
expect_rc 2 "a recipient who replaced nobody has no replacement statement"
err_has "replaced nobody" "and says so"
lb finance replacement 6402069999990001 --doc X
expect_rc 2 "an unknown NIK is bad input"
err_has "no recipient has that NIK" "without quoting it"
err_lacks "6402069999990001" "the NIK is not in the message"
snap
lb finance replacement 6402064107700009 --doc Y --date 2026-02-01
refused 3 "recipient 7's replacement statement is recorded already as '474/12/PEM/2026'" "a statement is recorded once"
snap
lb finance replacement 6402064107700009
refused 2 "finance replacement: option '--doc' is required (see 'lumbung finance replacement --help')" "--doc is required"
unchanged "refusals write nothing"
