#!/bin/sh
# Regression (found by tests/torture/crash.c: "slip RG5Y-YP5D-S was
# reported accepted but is not redeemed" after a SIGKILL): redeem --file
# commits in batches, but printed "accepted" for each line as it was
# judged, before its batch was committed. A crash then lost redemptions
# the operator had been shown as done, and whose packages were handed
# over. A line must be on the output only once its scan is committed:
# read the first line the process prints, kill the process at once, as
# the crash did, and look in the database. (Stopping it with SIGSTOP and
# reading beside it, as this test first did, could find the database
# locked by the stopped writer on a loaded machine.)
. "$(dirname "$0")/lib.sh"
plan 6
export LUMBUNG_TODAY=2026-01-10
run() { "$LUMBUNG" "$@" >"$T/setup.out" 2>&1 || { echo "not ok - setup: lumbung $*"; sed 's/^/#   /' "$T/setup.out"; exit 1; }; }

run init --org "Dinas Sosial"
run region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" "$DATA/wilayah/districts.csv" \
	"$DATA/wilayah/villages.csv"
run item add BERAS --name "Beras" --unit kg
run location add POS-JHB --kind point --name "Kantor Desa Jahab" --village 64.02.06.1001
run stock receive --to POS-JHB --item BERAS --qty 100000 --lot B1 --unit-cost 14000
echo "nik,kk,name,sex,birth_date,address,village,category,desil" >"$T/r.csv"
i=1
while [ $i -le 400 ]; do
	printf '640206%02d%02d%02d%04d,,Penerima %d,,,,64.02.06.1001,lansia,\n' $((1 + i % 28)) $((1 + i % 12)) \
		$((40 + i % 20)) "$i" "$i" >>"$T/r.csv"
	i=$((i + 1))
done
run recipient import "$T/r.csv"
run program add SEMBAKO --name "Sembako" --monthly-value 160000 --quota 1000 --categories lansia \
	--first 2026-01 --last 2026-12
run program package SEMBAKO --item BERAS=10@16000
run allocate --program SEMBAKO --period 2026-01
run key init
run voucher list --program SEMBAKO --period 2026-01 --village 64.02.06.1001 --format csv -o "$T/list.csv"
run redeem payloads --program SEMBAKO --period 2026-01 -o "$T/scans.txt"
cat "$T/scans.txt" "$T/scans.txt" >"$T/twice.txt" # the second half: already redeemed

mkfifo "$T/out.fifo"
"$LUMBUNG" redeem --point POS-JHB --file "$T/twice.txt" >"$T/out.fifo" 2>/dev/null &
pid=$!
exec 3<"$T/out.fifo"
IFS= read -r first <&3
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
serial=$(echo "$first" | sed -n 's/^accepted  line [0-9]*: \([0-9A-Z-]*\) .*/\1/p')
if [ -z "$serial" ]; then
	echo "not ok - the first line is an accepted scan"
	echo "#   $first"
else
	echo "ok - the first line is an accepted scan"
	n=$(sqlite3 -batch -noheader -cmd ".timeout 10000" "$LUMBUNG_DB" \
		"SELECT count(*) FROM redemption_attempt a JOIN redeemed d ON d.redemption_id = a.redemption_id WHERE a.serial = '$serial' AND a.outcome = 'accepted'" 2>"$T/sqlite.err")
	[ "$n" = 1 ] && echo "ok - the slip it reports is already committed when it is shown" ||
		{ echo "not ok - the slip it reports is already committed when it is shown (found $n)"; sed 's/^/#   /' "$T/sqlite.err"; }
fi
exec 3<&-

# After the kill: the rest of the file, run again, completes it once.
lb redeem --point POS-JHB --file "$T/twice.txt"
expect_rc 3 "the file run again finishes (its second half refused as redeemed)"
err_has "400 of 800 scans were refused (reasons above)" "the file run again finishes (its second half refused as redeemed): says why"
[ "$(sql "SELECT count(*) FROM redeemed")" = 400 ] && echo "ok - every slip is redeemed once" ||
	echo "not ok - every slip is redeemed once ($(sql "SELECT count(*) FROM redeemed"))"
lb verify
expect_rc 0 "verify passes"
