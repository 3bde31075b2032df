#!/bin/sh
# allocate: one allocation per eligible recipient in priority order (lowest
# desil, then oldest, then earliest registered) up to the quota, the rest
# waiting; inactive, excluded and held recipients left out; a second run
# changes nothing; refused with nothing written for a period outside the
# program, not a round's first month, a closed period, no package, and
# allocated recipients no point serves; the stock each point needs.
. "$(dirname "$0")/lib.sh"
plan 90
. "$(dirname "$0")/recipients_setup.sh"

rrun init
rregions
ritem BERAS "Beras medium" kg
ritem MINYAK "Minyak goreng" liter
rpoint TP-TGR "Titik salur Tenggarong" 64.02.06.1001
rpoint TP-LKL "Titik salur Loa Kulu" 64.02.02.2001

add() { rrun recipient add --nik "$1" --name "$2" --village "$3" --category "$4" ${5:+--desil "$5"}; }
add 6402064203550001 "Siti Aminah" 64.02.06.1001 lansia 2       # 1
add 6402061107480002 "Budi Santoso" 64.02.06.1001 lansia 1      # 2
add 6402065708520004 "Dewi Lestari" 64.02.06.1002 disabilitas 1 # 3
add 6402022003510007 "Hasan Basri" 64.02.02.2001 lansia 3       # 4
add 6402060507150008 "Andi Saputra" 64.02.06.1003 anak          # 5: desil unknown
add 6402061107480012 "Joko Susilo" 64.02.06.1002 lansia 1       # 6: born the same day as Budi
add 6402064506600027 "Ani Rahayu" 64.02.06.1001 lansia 2        # 7: on PKH
add 6402061203450037 "Karta" 64.02.06.1001 lansia 1             # 8: meninggal
add 6402064203550011 "Siti Aminah" 64.02.06.1001 lansia 2       # 9: likely duplicate of 1
add 6402061005400047 "Rudi Hartono" 64.02.06.1004 lansia 1      # 10: oldest, village unserved
rrun recipient set-status 6402061203450037 --status meninggal --date 2025-12-30 --reason "akta kematian"
printf 'nik\n6402064506600027\n' >"$T/pkh.csv"
rrun recipient screen "$T/pkh.csv" --list PKH
rrun location serve TP-TGR --village 64.02.06.1002 64.02.06.1003
rrun program add SEMBAKO-2026 --name "Bantuan Sembako Daerah" --monthly-value 300000 --quota 5 \
	--categories lansia,disabilitas,anak --first 2026-01 --last 2026-12 --exclude PKH
rrun program add SEMBAKO-BIM --name "Dua bulanan" --monthly-value 300000 --quota 5 \
	--categories lansia --first 2026-01 --last 2026-12 --round-months 2

snap
lb allocate --program SEMBAKO-2026 --period 2026-01
expect_rc 3 "a program with no package"
err_has "cannot allocate SEMBAKO-2026 2026-01: the program has no package for that round; set one with 'lumbung program package SEMBAKO-2026 --item ITEM=QTY ...'" "says what to do"
unchanged "nothing written"
lb allocate --program SEMBAKO-2026 --period 2026-01 --dry-run
refused 3 "cannot allocate SEMBAKO-2026 2026-01: the program has no package for that round" "a dry run is refused the same way"

rrun program package SEMBAKO-2026 --item BERAS=10@14000 --item MINYAK=2@18000
rrun program package SEMBAKO-BIM --item BERAS=20@14000 --item MINYAK=4@18000
snap
lb allocate --program SEMBAKO-2026 --period 2027-01
expect_rc 3 "a period after the program"
err_has "cannot allocate SEMBAKO-2026 2027-01: program SEMBAKO-2026 runs from 2026-01 to 2026-12: 2027-01 is outside it" "says so"
snap
lb allocate --program SEMBAKO-2026 --period 2025-12
refused 3 "cannot allocate SEMBAKO-2026 2025-12: program SEMBAKO-2026 runs from 2026-01 to 2026-12: 2025-12 is outside it" "a period before the program"
lb allocate --program SEMBAKO-BIM --period 2026-02
expect_rc 3 "not the first month of a round"
err_has "2026-02 is not the first month of a round of SEMBAKO-BIM (rounds of 2 months; the nearest start 2026-01 and 2026-03)" "says which months are"
snap
lb allocate --program SEMBAKO-2026 --period 2026-1
refused 2 "--period '2026-1' is not a period: write YYYY-MM" "a malformed period"
snap
lb allocate --program NOPE --period 2026-01
refused 2 "unknown program 'NOPE'" "an unknown program"
snap
lb allocate --program SEMBAKO-2026
refused 2 "allocate: option '--period' is required (see 'lumbung allocate --help')" "--period is required"
# Until 'period close' is in the binary, close March the way it would.
rsql "INSERT INTO period_close(period, closed_at, operator) VALUES ('2026-03', '2026-04-01T00:00:00Z', 'tester')"
snap
lb allocate --program SEMBAKO-2026 --period 2026-03
expect_rc 3 "a closed period"
err_has "cannot allocate SEMBAKO-2026 2026-03: period 2026-03 is closed" "says so"
unchanged "nothing written"
lb allocate --program SEMBAKO-2026 --period 2026-03 --dry-run
refused 3 "cannot allocate SEMBAKO-2026 2026-03: period 2026-03 is closed" "a dry run of a closed period too"
lb allocate --program SEMBAKO-BIM --period 2026-02 --dry-run
refused 3 "2026-02 is not the first month of a round of SEMBAKO-BIM" "a dry run of a month inside a round"

# Rudi is first in line, and nobody serves his village.
lb allocate --program SEMBAKO-2026 --period 2026-01
expect_rc 3 "an allocated recipient with no distribution point"
err_has "cannot allocate SEMBAKO-2026 2026-01: 1 recipient in 1 village no distribution point serves: 64.02.06.1004 Timbau (1); name one with 'lumbung location serve POINT --village CODE'" "names the village"
unchanged "nothing written"

lb location serve TP-TGR --village 64.02.06.1004
expect_rc 0 "serve the village"
out_has "TP-TGR serves 1 more village: 1 added, 0 moved from another point, 0 unchanged" "says so"
out_has "  64.02.06.1001 Jahab (the point's own village)" "its own village is listed"
out_has "  64.02.06.1004 Timbau" "and the new one"
snap
lb location serve TP-TGR --village 64.02.06.9999
refused 2 "location serve: unknown village code '64.02.06.9999' (not in the region data)" "serve an unknown village"
snap
lb location serve TP-NOPE --village 64.02.06.1004
refused 2 "location serve: unknown location 'TP-NOPE'" "an unknown point"
rrun recipient set-point 6402064203550001 --point TP-LKL
snap
lb recipient set-point 6402064203550001 --point GD-NOPE
refused 2 "unknown location 'GD-NOPE'" "an unknown point on a recipient"

# --dry-run: what allocate would do, exactly, and nothing written.
snap
lb allocate --program SEMBAKO-2026 --period 2026-01 --dry-run
expect_rc 0 "a dry run"
expect_out "would allocate SEMBAKO-2026 2026-01 (Januari 2026): 5 recipients of 7 eligible, quota 5; waiting list 2
not eligible in its categories: 1 not aktif, 1 on excluded lists, 1 held for duplicate review
dry run: nothing written
point   packages  item    unit   need  stock  shortfall  point_name
TP-LKL         1  BERAS   kg       10      0         10  Titik salur Loa Kulu
TP-LKL         1  MINYAK  liter     2      0          2  Titik salur Loa Kulu
TP-TGR         4  BERAS   kg       40      0         40  Titik salur Tenggarong
TP-TGR         4  MINYAK  liter     8      0          8  Titik salur Tenggarong" "the counts and the plan allocate would make"
err_has "warning: 4 point/item lines short of stock" "warns of the shortfall as allocate does"
unchanged "a dry run writes nothing"
ok "no audit or run row either" test "$(sql "SELECT count(*) FROM allocation_run")" = 0

lb allocate --program SEMBAKO-2026 --period 2026-01
expect_rc 0 "allocate"
out_has "allocated SEMBAKO-2026 2026-01 (Januari 2026): 5 recipients of 7 eligible, quota 5; waiting list 2" "counts"
out_has "not eligible in its categories: 1 not aktif, 1 on excluded lists, 1 held for duplicate review" "who was left out, and why"
err_has "warning: 4 point/item lines short of stock" "no stock at the points yet"

lb allocation list --program SEMBAKO-2026 --period 2026-01 --format csv
expect_rc 0 "allocation list"
lf
cut -d, -f1-8 "$T/out" >"$T/out8" && mv "$T/out8" "$T/out"
expect_out "allocation,rank,nik,name,village,point,category,status
5,1,6402**********47,Rudi Hartono,64.02.06.1004,TP-TGR,lansia,allocated
2,2,6402**********02,Budi Santoso,64.02.06.1001,TP-TGR,lansia,allocated
4,3,6402**********12,Joko Susilo,64.02.06.1002,TP-TGR,lansia,allocated
3,4,6402**********04,Dewi Lestari,64.02.06.1002,TP-TGR,disabilitas,allocated
1,5,6402**********01,Siti Aminah,64.02.06.1001,TP-LKL,lansia,allocated" "desil, then age, then registration; masked NIKs; the recipient's own point"
lb allocation list --program SEMBAKO-2026 --period 2026-01 --format csv
ok "the list has a serial column" test "$(head -n 1 "$T/out" | cut -d, -f9)" = serial
ok "no serial before the round's slips are printed" test "$(tail -n +2 "$T/out" | cut -d, -f9 | tr -d '\n')" = ""
lb allocation list --program SEMBAKO-2026 --period 2026-01 --format csv --waiting
lf
cut -d, -f1-8 "$T/out" >"$T/out8" && mv "$T/out8" "$T/out"
expect_out "allocation,rank,nik,name,village,point,category,status
,6,6402**********07,Hasan Basri,64.02.02.2001,,lansia,waiting
,7,6402**********08,Andi Saputra,64.02.06.1003,,anak,waiting" "the waiting list, desil unknown last"
lb allocation list --program SEMBAKO-2026 --period 2026-01 --format csv --show-nik
out_has "6402061005400047" "--show-nik"
ok "tokens, not NIKs, for paper" test "$(sql "SELECT count(*) FROM allocation a JOIN recipient r ON r.id = a.recipient_id WHERE length(r.token) = 16")" = 5
snap
lb allocation list --program SEMBAKO-2026 --period 2026-02
refused 2 "allocation list: SEMBAKO-2026 2026-02 has not been allocated (run 'lumbung allocate --program SEMBAKO-2026 --period 2026-02')" "a round not allocated"

snap
lb allocate --program SEMBAKO-2026 --period 2026-01
expect_rc 0 "allocating again"
out_has "SEMBAKO-2026 2026-01 (Januari 2026) was allocated already on " "says so"
out_has "5 recipients, 2 waiting; nothing changed" "and changes nothing"
unchanged "nothing written"

# The stock each point needs against the stock there.
rstock TP-TGR BERAS 30 14000
rstock TP-TGR MINYAK 20 18000
lb allocate --program SEMBAKO-2026 --period 2026-01 --format csv
expect_rc 0 "the plan again, as CSV"
lf
expect_out "point,packages,item,unit,need,stock,shortfall,point_name
TP-LKL,1,BERAS,kg,10,0,10,Titik salur Loa Kulu
TP-LKL,1,MINYAK,liter,2,0,2,Titik salur Loa Kulu
TP-TGR,4,BERAS,kg,40,30,10,Titik salur Tenggarong
TP-TGR,4,MINYAK,liter,8,20,0,Titik salur Tenggarong" "packages x quantity against the stock at each point"
snap
lb allocate --program SEMBAKO-2026 --period 2026-01 --format csv --dry-run
expect_rc 0 "a dry run of a round allocated already"
lf
expect_out "point,packages,item,unit,need,stock,shortfall,point_name
TP-LKL,1,BERAS,kg,10,0,10,Titik salur Loa Kulu
TP-LKL,1,MINYAK,liter,2,0,2,Titik salur Loa Kulu
TP-TGR,4,BERAS,kg,40,30,10,Titik salur Tenggarong
TP-TGR,4,MINYAK,liter,8,20,0,Titik salur Tenggarong" "shows that round's plan"
err_has "5 recipients, 2 waiting; nothing changed" "says it was allocated already"
unchanged "and writes nothing"

# A round allocated keeps its package and its year's quota.
snap
lb program package SEMBAKO-2026 --item BERAS=5@14000
expect_rc 3 "changing an allocated round's package"
err_has "SEMBAKO-2026 is allocated for 2026-01 already: a package cannot change under an allocated round" "says so"
snap
lb program quota SEMBAKO-2026 --year 2026 --quota 3
refused 3 "program quota: SEMBAKO-2026 has 1 round of 2026 allocated already; their quota stays" "changing an allocated year's quota"
unchanged "nothing written"
lb program package SEMBAKO-2026 --item BERAS=12@14000 --item MINYAK=2@18000 --from 2026-02
expect_rc 0 "a new package from the next round"

# February: Budi has died in the meantime; the waiting list moves up.
rrun recipient set-status 6402061107480002 --status meninggal --date 2026-01-05 --reason "akta kematian"
lb allocate --program SEMBAKO-2026 --period 2026-02
expect_rc 0 "the next round"
out_has "5 recipients of 6 eligible, quota 5; waiting list 1" "one fewer eligible"
ok "Hasan moved up from the waiting list" test "$(sql "SELECT a.rank FROM allocation a JOIN recipient r ON r.id = a.recipient_id WHERE a.period = '2026-02' AND r.name = 'Hasan Basri'")" = 5
ok "nobody allocated twice in a round" test "$(sql "SELECT count(*) FROM (SELECT recipient_id FROM allocation GROUP BY program_id, period, recipient_id HAVING count(*) > 1)")" = 0

lb allocate --program SEMBAKO-BIM --period 2026-01
expect_rc 0 "a two-month round"
out_has "allocated SEMBAKO-BIM 2026-01 (Januari 2026): 5 recipients of 5 eligible" "its own categories, and no excluded list"
lb program show SEMBAKO-2026
out_has "allocated   2026-01: 5 recipients, 2 waiting" "the rounds in program show"
