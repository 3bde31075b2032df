# stock import --skip-invalid --rejects: the good rows posted, every bad
# row in the rejects file with its reason, a row that relied on a bad one
# rejected too, and the corrected rejects file imported as it is.
. "$(dirname "$0")/lib.sh"
plan 38
export LUMBUNG_TODAY=2026-01-05
H='type,date,from,to,item,qty,lot,expiry,unit_cost,ref,id,reason'

lb init
lb item add BERAS --name "Beras medium" --unit kg --pack karung=25
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb location add TP-LOA --kind point --name "Titik salur Loa Kulu"
expect_rc 0 "setup"

# Row 3 receives lot B-2 with a bad cost; row 4 moves from B-2, which
# therefore is not there; row 5 is an adjust with a bad sign.
printf '%s\n' "$H" \
	"receive,2026-01-02,,GD-TGR,BERAS,100,B-1,2026-12-31,14000,SJ-1,r1," \
	"receive,2026-01-02,,GD-TGR,BERAS,50,B-2,2026-12-31,mahal,SJ-2,r2," \
	"move,2026-01-03,GD-TGR,TP-LOA,BERAS,10,B-2,,,DO-1,m1," \
	"adjust,2026-01-04,GD-TGR,,BERAS,5,B-1,,,,a1,rusak" \
	"move,2026-01-03,GD-TGR,TP-LOA,BERAS,20,B-1,,,DO-2,m2," >"$T/in.csv"

snap
lb stock import "$T/in.csv" --rejects "$T/rej.csv"
expect_rc 2 "--rejects without --skip-invalid"
err_has "stock import: --rejects goes with --skip-invalid" "says so"
lb stock import "$T/in.csv" --skip-invalid
expect_rc 2 "--skip-invalid without --rejects"
err_has "stock import: --skip-invalid needs --rejects FILE for the bad rows" "says so"
lb stock import "$T/in.csv" --skip-invalid --rejects "$T/in.csv"
expect_rc 2 "--rejects naming the input"
err_has "stock import: --rejects must not be the file being imported" "says so"
lb stock import - --skip-invalid --rejects "$T/rej.csv" <"$T/in.csv"
expect_rc 2 "--skip-invalid from standard input"
err_has "stock import: --skip-invalid needs a file, not standard input" "says so"
lb stock import "$T/in.csv"
expect_rc 2 "without --skip-invalid the file is refused"
err_has "file '$T/in.csv', row 3, column 'unit_cost': unit_cost 'mahal'" "lists row 3"
err_has "file '$T/in.csv', row 5, column 'qty': qty '5' would add stock, but the location is in 'from'" "and row 5"
err_has "file '$T/in.csv', row 4, column 'lot': unknown lot 'B-2' of 'BERAS'" "and row 4, which relied on row 3"
err_has "stock import: 3 bad rows in '$T/in.csv', nothing imported" "counts them"
unchanged "nothing written so far"
[ ! -e "$T/rej.csv" ] && echo "ok - no rejects file from a refused command" || echo "not ok - no rejects file from a refused command"

lb stock import "$T/in.csv" --skip-invalid --rejects "$T/rej.csv" --dry-run
expect_rc 0 "a dry run with --skip-invalid"
unchanged "writes nothing to the database"

lb stock import "$T/in.csv" --skip-invalid --rejects "$T/rej.csv"
expect_rc 0 "--skip-invalid posts the good rows"
out_has "imported '$T/in.csv': 5 rows (1 receive, 1 move, 0 adjust), 2 movements posted" "two rows posted"
out_has "skipped 3 bad rows, written with the reason to '$T/rej.csv'" "three rejected"
[ "$(sql "SELECT count(*) FROM lot WHERE code = 'B-2'")" = 0 ] && echo "ok - the bad receive left no lot" || echo "not ok - the bad receive left no lot"
lb stock balance --format csv
out_has "GD-TGR,BERAS,B-1,2026-12-31,80,kg" "100 in, 20 moved"
out_has "TP-LOA,BERAS,B-1,2026-12-31,20,kg" "20 at the point"

head -n 1 "$T/rej.csv" >"$T/rej.head"
printf '%s,reject_reason\r\n' "$H" >"$T/want.head"
cmp -s "$T/rej.head" "$T/want.head" && echo "ok - the rejects header has reject_reason last" || _fail "the rejects header has reject_reason last" "$T/rej.head"
[ "$(wc -l <"$T/rej.csv")" -eq 4 ] && echo "ok - a header and three rows" || _fail "a header and three rows" "$T/rej.csv"
grep -q "^receive,2026-01-02,,GD-TGR,BERAS,50,B-2,2026-12-31,mahal,SJ-2,r2,,column 'unit_cost': unit_cost 'mahal' is not an amount in rupiah" "$T/rej.csv" \
	&& echo "ok - the bad row as it came, with its reason" || _fail "the bad row as it came, with its reason" "$T/rej.csv"
grep -q "^adjust,2026-01-04,GD-TGR,,BERAS,5,B-1,,,,a1,rusak,\"column 'qty': qty '5' would add stock" "$T/rej.csv" \
	&& echo "ok - the adjust's own reason stays in its column" || _fail "the adjust's own reason stays in its column" "$T/rej.csv"

# Corrected: the cost written as a number, the adjust's sign fixed. The
# reject_reason column is ignored; the file imports as it is.
sed -e 's/,mahal,/,15000,/' -e 's/^adjust,2026-01-04,GD-TGR,,BERAS,5,/adjust,2026-01-04,GD-TGR,,BERAS,-5,/' "$T/rej.csv" >"$T/fixed.csv"
lb stock import "$T/fixed.csv"
expect_rc 0 "the corrected rejects file imports as it is"
out_has "imported '$T/fixed.csv': 3 rows (1 receive, 1 move, 1 adjust), 3 movements posted" "all three rows"
lb stock balance --format csv
out_has "GD-TGR,BERAS,B-1,2026-12-31,75,kg" "5 kg broken"
out_has "GD-TGR,BERAS,B-2,2026-12-31,40,kg" "50 in, 10 moved"

# A rejects file of a rejects file keeps one reason column, the latest.
printf '%s,reject_reason\n' "$H" >"$T/again.csv"
printf '%s\n' "move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,B-404,,,,m9,,old reason" >>"$T/again.csv"
lb stock import "$T/again.csv" --skip-invalid --rejects "$T/rej2.csv"
expect_rc 0 "a rejects file with a bad row, again"
head -n 1 "$T/rej2.csv" >"$T/rej.head"
cmp -s "$T/rej.head" "$T/want.head" && echo "ok - one reject_reason column" || _fail "one reject_reason column" "$T/rej.head"
grep -q "unknown lot 'B-404'" "$T/rej2.csv" && ! grep -q "old reason" "$T/rej2.csv" \
	&& echo "ok - the new reason replaces the old" || _fail "the new reason replaces the old" "$T/rej2.csv"

# A file in a folder named by a long run of digits (as the web keeps its
# uploads): messages mask such runs, and the reason still loses its
# "file 'F', row N" prefix.
mkdir -p "$T/6402061234567890123"
cp "$T/again.csv" "$T/6402061234567890123/again.csv"
lb stock import "$T/6402061234567890123/again.csv" --skip-invalid --rejects "$T/rej3.csv"
expect_rc 0 "a file under a folder of digits"
grep -q "^move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,B-404,,,,m9,,column 'lot': " "$T/rej3.csv" && ! grep -q "file '" "$T/rej3.csv" \
	&& echo "ok - its reason has no masked file prefix" || _fail "its reason has no masked file prefix" "$T/rej3.csv"

lb verify
expect_rc 0 "the ledger verifies"
