# The database file and its folder (not a lumbung database, missing or
# read-only folder), and two processes posting at once.
. "$(dirname "$0")/lib.sh"
plan 25
export LUMBUNG_TODAY=2026-01-05

# A file that is not a lumbung database: refused, and left as it was.
printf 'type,date\nreceive,2026-01-01\n' >"$T/text.db"
sum_before=$(sha256sum <"$T/text.db")
lb -d "$T/text.db" stock receive --to GD --item BERAS --qty 1 --lot L --unit-cost 1
expect_rc 2 "a text file is not a lumbung database"
err_has "'$T/text.db' is not a lumbung database (not an SQLite file)" "says so"
[ "$(sha256sum <"$T/text.db")" = "$sum_before" ] && echo "ok - the text file is untouched" || echo "not ok - the text file is untouched"
sqlite3 "$T/other.db" "CREATE TABLE stock(x); INSERT INTO stock VALUES (1);"
sum_before=$(sha256sum <"$T/other.db")
lb -d "$T/other.db" stock balance
expect_rc 2 "another program's SQLite database is refused"
err_has "is an SQLite database but not a lumbung one" "says so"
[ "$(sha256sum <"$T/other.db")" = "$sum_before" ] && echo "ok - the other database is untouched" || echo "not ok - the other database is untouched"
snap
lb -d "$T" stock balance
refused 2 "'$T' is not a lumbung database (not a file)" "a folder is not a database"

# A missing folder: nothing is created.
lb -d "$T/nofolder/lumbung.db" stock balance
expect_rc 2 "a database in a missing folder"
err_has "folder '$T/nofolder' does not exist" "names the folder"
[ ! -e "$T/nofolder" ] && echo "ok - and the folder was not created" || echo "not ok - and the folder was not created"
lb -d "$T/none.db" stock balance
expect_rc 2 "a missing database"
err_has "no database at '$T/none.db': run 'lumbung init'" "says how to make one"

# A read-only folder. As root, chmod does not stop writes, so /proc (where
# not even root may create a file) stands in for a read-only folder.
lb -d /proc/lumbung-test.db init
expect_rc 1 "a database in a read-only folder cannot be created"
err_has "cannot open database '/proc/lumbung-test.db'" "names the path"
snap
lb -d /proc/lumbung-test.db stock receive --to GD --item BERAS --qty 1 --lot L --unit-cost 1
refused 2 "no database at '/proc/lumbung-test.db': run 'lumbung init' to create one, or name another with -d" "and nothing can be posted there"
if [ "$(id -u)" -ne 0 ]; then
	# Not root: chmod works, so test a real read-only folder as well.
	mkdir "$T/ro"
	lb -d "$T/ro/l.db" init
	chmod 555 "$T/ro"
	lb -d "$T/ro/l.db" stock balance
	expect_rc 1 "a database whose folder is read-only"
	err_has "is not writable" "says the folder is not writable"
	chmod 755 "$T/ro"
fi

# Two processes posting at once: both wait for each other (BEGIN
# IMMEDIATE with a busy timeout) instead of failing, and the chain stays
# one chain.
lb init
lb item add BERAS --name "Beras medium" --unit kg
lb location add GD-TGR --kind warehouse --name "Gudang Tenggarong"
lb location add TP-A --kind point --name "Titik A"
lb location add TP-B --kind point --name "Titik B"
lb stock receive --to GD-TGR --item BERAS --qty 100000 --lot B1 --unit-cost 1
expect_rc 0 "setup"
for f in A B; do
	awk -v f=$f 'BEGIN { print "type,date,from,to,item,qty,lot,expiry,unit_cost,ref,id,reason"
		for (i = 1; i <= 3000; i++) printf "move,2026-01-05,GD-TGR,TP-%s,BERAS,1,,,,,%s%d,\n", f, f, i }' >"$T/$f.csv"
done
"$LUMBUNG" stock import "$T/A.csv" >"$T/a.out" 2>&1 &
pa=$!
"$LUMBUNG" stock import "$T/B.csv" >"$T/b.out" 2>&1 &
pb=$!
fails=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$LUMBUNG" stock move --from GD-TGR --to TP-A --item BERAS --qty 2 --id c$i >>"$T/c.out" 2>&1 || fails=$((fails + 1))
done
wait $pa; ra=$?
wait $pb; rb=$?
[ $ra -eq 0 ] && [ $rb -eq 0 ] && [ $fails -eq 0 ] && echo "ok - two imports and ten moves at once all succeed" \
	|| { echo "not ok - two imports and ten moves at once all succeed ($ra $rb $fails)"; sed 's/^/#   /' "$T/a.out" "$T/b.out" "$T/c.out" | head -20; }
[ "$(sql "SELECT count(*), sum(qty) FROM movement")" = "6011|106020" ] \
	&& echo "ok - every movement was posted once" || echo "not ok - every movement was posted once"
lb stock balance --format csv
out_has "TP-A,BERAS,B1,,3020,kg" "point A has its 3.000 + 10 x 2 kg"
out_has "TP-B,BERAS,B1,,3000,kg" "point B has its 3.000 kg"
lb verify
expect_rc 0 "the ledger verifies: one unbroken chain"
