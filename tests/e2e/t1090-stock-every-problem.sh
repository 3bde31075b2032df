# stock import lists every problem of a bad row at once, in one line and
# in the rejects file's reject_reason: an unknown item, an ambiguous
# quantity and an impossible date on one row are all named, each with its
# column, and nothing is written.
. "$(dirname "$0")/lib.sh"
plan 17
export LUMBUNG_TODAY=2026-01-05
H='type,date,from,to,item,qty,lot,expiry,unit_cost,ref,id,reason'

lb init
lb item add BERAS --name "Beras medium" --unit kg --pack karung=25
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
expect_rc 0 "setup"

printf '%s\n' "$H" \
	"receive,2026-01-02,,GD-TGR,BERAS,100,B-1,2026-12-31,14000,SJ-1,r1," \
	"receive,31/02/2026,,GD-TGR,JAGUNG,1.000,J-1,,5000,SJ-2,r2," >"$T/in.csv"

snap
lb stock import "$T/in.csv"
refused 2 "stock import: 1 bad row in '$T/in.csv', nothing imported" "a row with three problems is refused"
LINE=$(grep -c "row 3" "$T/err")
[ "$LINE" = 1 ] && echo "ok - the row's problems are one line" || _fail "the row's problems are one line" "$T/err"
err_has "file '$T/in.csv', row 3, column 'date': date '31/02/2026'" "names the date first"
err_has "; column 'item': unknown item 'JAGUNG'" "then the unknown item"
err_has "; column 'qty': qty '1.000' is ambiguous" "and the quantity, judged without the item"
err_has "stock import: 1 bad row in '$T/in.csv', nothing imported" "counts one bad row"
unchanged "nothing written"

lb stock import "$T/in.csv" --skip-invalid --rejects "$T/rej.csv" --dry-run
expect_rc 0 "a dry run with --skip-invalid"
unchanged "the dry run writes nothing"
R=$(tail -n 1 "$T/rej.csv")
case "$R" in
*"column 'date': date '31/02/2026'"*"; column 'item': unknown item 'JAGUNG'"*"; column 'qty': qty '1.000' is ambiguous"*)
	echo "ok - reject_reason names all three" ;;
*) _fail "reject_reason names all three" "$T/rej.csv" ;;
esac

# A quantity that needs the item (a pack unit) is not judged without
# it: one problem, not a cascade.
printf '%s\n' "$H" \
	"receive,2026-01-02,,GD-TGR,JAGUNG,2 karung,J-1,,5000,SJ-3,r3," >"$T/pack.csv"
lb stock import "$T/pack.csv"
expect_rc 2 "an unknown item with a pack quantity is refused"
err_has "file '$T/pack.csv', row 2, column 'item': unknown item 'JAGUNG'" "names the item"
err_lacks "column 'qty'" "and says nothing of the quantity"
unchanged "nothing written"
