# stock import: CSV as people really produce it (Excel's BOM, CRLF, quoted
# commas and line breaks), all or nothing, row and column named on error,
# --dry-run, and a safe second import of the same file.
. "$(dirname "$0")/lib.sh"
plan 70
export LUMBUNG_TODAY=2026-01-05
H='type,date,from,to,item,qty,lot,expiry,unit_cost,ref,id,reason'

lb init
lb item add BERAS --name "Beras medium" --unit kg --pack karung=25
lb item add TELUR --name "Telur ayam" --unit butir --pack rak=30 --shelf-life 21
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb location add TP-LOA --kind point --name "Titik salur Loa Kulu"
lb location add SUP-MITRA --kind supplier --name "CV Mitra Pangan"
expect_rc 0 "setup"

# Excel's "CSV UTF-8": a byte order mark, CRLF, quotes around a ref with
# a comma and a note that spans two lines.
printf '\357\273\277type,date,from,to,item,qty,lot,expiry,unit_cost,ref,id,reason,note\r\n' >"$T/in.csv"
printf 'receive,2026-01-02,SUP-MITRA,GD-TGR,BERAS,"20 karung",B-1,2026-12-31,"14.000","SJ 12, MITRA",r1,,\r\n' >>"$T/in.csv"
printf 'receive,2026-01-03,,GD-TGR,TELUR,"10 rak",T-1,,2000,,r2,,"datang pagi\r\nsebagian retak"\r\n' >>"$T/in.csv"
printf 'move,2026-01-04,GD-TGR,TP-LOA,BERAS,100,,,,DO-1,m1,,\r\n' >>"$T/in.csv"
printf 'move,2026-01-04,GD-TGR,TP-LOA,TELUR,"2 rak",T-1,,,DO-1,m2,,\r\n' >>"$T/in.csv"
printf 'adjust,2026-01-05,GD-TGR,,TELUR,-3,,,,,a1,rusak,pecah\r\n' >>"$T/in.csv"
printf 'adjust,2026-01-05,,TP-LOA,BERAS,2,B-1,,,,a2,lain,ditemukan\r\n' >>"$T/in.csv"

snap
lb stock import "$T/in.csv" --dry-run
expect_rc 0 "--dry-run of a good file"
expect_out "checked '$T/in.csv': 6 rows (2 receive, 2 move, 2 adjust), 6 movements would be posted (dry run: nothing was written)" "reports what would be posted"
unchanged "--dry-run writes nothing"

lb stock import "$T/in.csv"
expect_rc 0 "import a good file"
expect_out "imported '$T/in.csv': 6 rows (2 receive, 2 move, 2 adjust), 6 movements posted" "reports what was posted"
[ "$(sql "SELECT ref FROM lot WHERE code = 'B-1'")" = "SJ 12, MITRA" ] && echo "ok - a quoted comma stays in its field" || echo "not ok - a quoted comma stays in its field"
[ "$(sql "SELECT note FROM movement WHERE key = 'r2'")" = "datang pagi sebagian retak" ] \
	&& echo "ok - a line break inside a quoted note becomes a space" || echo "not ok - a line break inside a quoted note becomes a space"
[ "$(sql "SELECT unit_cost FROM lot WHERE code = 'B-1'")" = 14000 ] && echo "ok - 14.000 rupiah is fourteen thousand" || echo "not ok - 14.000 rupiah is fourteen thousand"
[ "$(sql "SELECT expiry FROM lot WHERE code = 'T-1'")" = 2026-01-24 ] && echo "ok - an empty expiry comes from the shelf life" || echo "not ok - an empty expiry comes from the shelf life"
lb stock balance --format csv
out_has "GD-TGR,BERAS,B-1,2026-12-31,400,kg" "20 karung in, 100 kg out"
out_has "TP-LOA,BERAS,B-1,2026-12-31,102,kg" "100 kg in, 2 kg found"
out_has "GD-TGR,TELUR,T-1,2026-01-24,237,butir" "300 in, 60 out, 3 broken"

# The same file again: every row has an id, so nothing is posted twice.
snap
lb stock import "$T/in.csv"
expect_rc 0 "the same file again"
out_has "6 rows had an id posted before and were skipped" "says every row was posted before"
unchanged "and writes nothing"

# All or nothing: a bad row late in the file refuses all of it.
bad() { # $1: the rows after the header
	printf '%s\n' "$H" "move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,,,,,," "$1" >"$T/bad.csv"
}
snap
bad "move,2026-01-05,GD-TGR,TP-LOA,BERAS,1000,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 3 "not enough stock in row 3"
err_has "file '$T/bad.csv', row 3, column 'qty': cannot move 1.000 kg of 'BERAS' from 'GD-TGR': only 399 kg there (unexpired)" "names the file, row and column"
snap
lb stock import "$T/bad.csv" --dry-run
refused 3 "stock import: 1 bad row in '$T/bad.csv', nothing imported" "--dry-run checks stock rules too"
bad "move,2026-01-05,GD-TGR,TP-LOA,BERAS,lima,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "text in a number field"
err_has "file '$T/bad.csv', row 3, column 'qty': qty 'lima' is not a quantity" "names the column"
bad "move,2026-01-05,GD-TGR,TP-LOA,BERAS,0,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "a zero quantity"
err_has "row 3, column 'qty': qty '0' must be greater than zero" "says so"
bad "move,2026-01-05,GD-TGR,TP-LOA,BERAS,-4,,,,,,"
snap
lb stock import "$T/bad.csv"
refused 2 "stock import: 1 bad row in '$T/bad.csv', nothing imported" "a negative quantity in a move"
bad "move,2026-01-05,GD-TGR,TP-LOA,BERAS,99999999999999999999,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "a quantity that overflows"
err_has "row 3, column 'qty': qty '9999**************99' is too large" "says so"
bad "receive,2026-01-05,,GD-TGR,BERAS,1,B-9,,99999999999999999999,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "a cost that overflows"
err_has "row 3, column 'unit_cost': unit_cost '9999**************99' is too large" "says so"
bad "move,2026-02-30,GD-TGR,TP-LOA,BERAS,1,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "2026-02-30"
err_has "row 3, column 'date': date '2026-02-30' is not a date: Februari 2026 has 28 days" "says why"
bad "receive,2026-01-05,,GD-TGR,BERAS,1,B-9,2026-01-01,1,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "an expiry before the receipt date"
err_has "row 3, column 'expiry': cannot receive lot 'B-9' of 'BERAS': expiry 2026-01-01 is before the receipt date 2026-01-05" "says which dates"
bad "move,2026-01-05,GD-TGR,TP-LOA,GULA,1,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "an unknown item"
err_has "row 3, column 'item': unknown item 'GULA'" "names it"
bad "move,2026-01-05,GD-TGR,TP-XXX,BERAS,1,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "an unknown location"
err_has "row 3, column 'to': unknown location 'TP-XXX'" "names it"
bad "move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,B-404,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "an unknown lot"
err_has "row 3, column 'lot': unknown lot 'B-404' of 'BERAS'" "names it"
bad "move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,,,14000,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "a cell that does not apply (a shifted column)"
err_has "row 3, column 'unit_cost': a move row has no unit_cost: leave the cell empty (is a column shifted?)" "says so"
bad "send,2026-01-05,GD-TGR,TP-LOA,BERAS,1,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "an unknown type"
err_has "row 3, column 'type': 'send' is not a type of row (receive, move or adjust)" "lists the types"
bad "adjust,2026-01-05,GD-TGR,,BERAS,5,B-1,,,,,lain"
lb stock import "$T/bad.csv"
expect_rc 2 "an adjustment whose sign contradicts from/to"
err_has "would add stock, but the location is in 'from'" "says so"
bad "adjust,2026-01-05,GD-TGR,,BERAS,-5,,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "an adjustment without a reason"
err_has "row 3, column 'reason': an adjust row needs a reason" "says so"
bad "move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,,,,,"
lb stock import "$T/bad.csv"
expect_rc 2 "a row with a missing field"
err_has "file '$T/bad.csv', row 3: 11 fields, but the header has 12" "counts the fields"
bad 'move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,,,,"DO-1,,'
lb stock import "$T/bad.csv"
expect_rc 2 "a truncated file (a quote never closes)"
err_has "the file ends inside a quoted field (truncated?)" "says so"
printf '%s\n' "$H" 'move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,,,,"DO"1,,' >"$T/bad.csv"
lb stock import "$T/bad.csv"
expect_rc 2 "text after a closing quote"
err_has "malformed CSV" "says so"
: >"$T/empty.csv"
lb stock import "$T/empty.csv"
expect_rc 2 "an empty file"
err_has "file '$T/empty.csv' is empty: expected a header row" "says so"
printf '%s\r\n' "$H" >"$T/header.csv"
lb stock import "$T/header.csv"
expect_rc 2 "a header and no rows"
err_has "has a header but no rows" "says so"
printf 'type,date,item,qty,colour\nmove,2026-01-05,BERAS,1,red\n' >"$T/col.csv"
lb stock import "$T/col.csv"
expect_rc 2 "an unknown column"
err_has "row 1, column 5: unknown column 'colour'" "names it"
printf 'type,date,from,to,qty\n' >"$T/col.csv"
lb stock import "$T/col.csv"
expect_rc 2 "a missing required column"
err_has "missing column 'item'" "names it"
lb stock import "$T/nofile.csv"
expect_rc 2 "a file that does not exist"
err_has "cannot read '$T/nofile.csv'" "says so"
unchanged "no refused file wrote anything"

# A repeated id within one file posts once.
printf '%s\n' "$H" "move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,,,,,dup," "move,2026-01-05,GD-TGR,TP-LOA,BERAS,1,,,,,dup," >"$T/dup.csv"
lb stock import "$T/dup.csv"
expect_rc 0 "the same id twice in a file"
out_has "1 rows had an id posted before and were skipped" "posts it once"

lb verify
expect_rc 0 "the ledger verifies"
