#!/bin/sh
# Two processes load the same scanner file at the same moment (two
# operators, one file on a shared folder): every line is redeemed once,
# by one process or the other, and the other logs it refused as already
# redeemed. Running the file again afterwards must report each of its 40
# lines as already recorded by an earlier run, not "40 refused": the file
# did redeem them all (issue 10, "a rerun's summary counts what this run
# did"). Nothing is written by the rerun.
. "$(dirname "$0")/lib.sh"
plan 9
export LUMBUNG_TODAY=2026-01-10
run() { "$LUMBUNG" "$@" >"$T/setup.out" 2>&1 || { echo "not ok - setup: lumbung $*"; sed 's/^/#   /' "$T/setup.out"; exit 1; }; }
count() { sqlite3 -batch -noheader "$LUMBUNG_DB" "$1"; }

run init --org "Dinas Sosial"
run region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" "$DATA/wilayah/districts.csv" \
	"$DATA/wilayah/villages.csv"
run item add BERAS --name "Beras" --unit kg
run location add POS-JHB --kind point --name "Kantor Desa Jahab" --village 64.02.06.1001
run stock receive --to POS-JHB --item BERAS --qty 1000 --lot B1 --unit-cost 14000
echo "nik,kk,name,sex,birth_date,address,village,category,desil" >"$T/r.csv"
i=1
while [ $i -le 40 ]; do
	printf '640206%02d%02d%02d%04d,,Penerima %d,,,,64.02.06.1001,lansia,\n' $((1 + i % 28)) $((1 + i % 12)) \
		$((40 + i % 20)) "$i" "$i" >>"$T/r.csv"
	i=$((i + 1))
done
run recipient import "$T/r.csv"
run program add SEMBAKO --name "Sembako" --monthly-value 160000 --quota 100 --categories lansia \
	--first 2026-01 --last 2026-12
run program package SEMBAKO --item BERAS=10@16000
run allocate --program SEMBAKO --period 2026-01
run key init
run redeem payloads --program SEMBAKO --period 2026-01 -o "$T/scans.txt"
[ "$(wc -l <"$T/scans.txt")" -eq 40 ] || { echo "not ok - setup: 40 slips"; exit 1; }

"$LUMBUNG" redeem --point POS-JHB --operator siti --file "$T/scans.txt" >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$LUMBUNG" redeem --point POS-JHB --operator budi --file "$T/scans.txt" >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa
wait $pb
[ "$(count "SELECT count(*) FROM redemption")" = 40 ] &&
	[ "$(count "SELECT count(*) FROM redemption_attempt WHERE outcome = 'accepted'")" = 40 ] &&
	[ "$(count "SELECT count(*) FROM redemption_attempt WHERE outcome = 'already_redeemed'")" = 40 ] &&
	echo "ok - the two loads redeemed each line once and refused it once" ||
	_fail "the two loads redeemed each line once and refused it once" "$T/a.out" "$T/a.err" "$T/b.out" "$T/b.err"
if grep -qi "locked\|busy" "$T/a.err" "$T/b.err"; then _fail "no locked database surfaced" "$T/a.err" "$T/b.err"; else
	echo "ok - no locked database surfaced"; fi

snap
lb redeem --point POS-JHB --operator siti --file "$T/scans.txt"
expect_rc 0 "the rerun exits 0: nothing was refused"
out_has "$T/scans.txt: 40 scans: 0 accepted, 0 refused, 40 already recorded by an earlier run" \
	"the rerun reports the 40 lines as already recorded, not refused"
out_lacks "refused:" "no refusal line"
[ "$(grep -c '^done      line [0-9]*: [0-9A-Z-]*  Penerima [0-9]* (already recorded by an earlier run)$' "$T/out")" = 40 ] &&
	echo "ok - each line is shown done, with its recipient" || _fail "each line is shown done, with its recipient" "$T/out"
err_lacks "already redeemed" "no line is shown refused"
unchanged "the rerun wrote nothing"
lb verify
expect_rc 0 "lumbung verify passes"
