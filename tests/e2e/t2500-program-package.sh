#!/bin/sh
# program add, list, show, quota and package: bad input refused with
# nothing written; a package's value from contracted prices (or the latest
# lot's cost) set against the program's value per round, warned about
# past 5%.
. "$(dirname "$0")/lib.sh"
plan 83
. "$(dirname "$0")/recipients_setup.sh"

rrun init
rregions
ritem BERAS "Beras medium" kg
ritem MINYAK "Minyak goreng" liter
ritem TELUR "Telur ayam" butir
ritem IKAN "Ikan kaleng" kaleng
ritem GULA "Gula pasir" kg

P="--name Bantuan --monthly-value 300000 --quota 820 --categories lansia,disabilitas,anak --first 2026-01 --last 2026-12"

snap
bad() { # DESC MESSAGE ARGS...
	d=$1 m=$2
	shift 2
	lb program add "$@"
	expect_rc 2 "$d"
	err_has "$m" "$d: says why"
}
# shellcheck disable=SC2086
bad "an unknown category" "unknown category 'yatim' (the categories are: lansia, disabilitas, anak)" \
	SEMBAKO-2026 --name B --monthly-value 300000 --quota 820 --categories lansia,yatim --first 2026-01 --last 2026-12
bad "a category twice" "--categories names 'lansia' twice" \
	SEMBAKO-2026 --name B --monthly-value 300000 --quota 820 --categories lansia,lansia --first 2026-01 --last 2026-12
bad "a fraction of a rupiah" "--monthly-value" \
	SEMBAKO-2026 --name B --monthly-value 300000,50 --quota 820 --categories lansia --first 2026-01 --last 2026-12
bad "a zero quota" "--quota" \
	SEMBAKO-2026 --name B --monthly-value 300000 --quota 0 --categories lansia --first 2026-01 --last 2026-12
bad "month 13" "--first" \
	SEMBAKO-2026 --name B --monthly-value 300000 --quota 820 --categories lansia --first 2026-13 --last 2026-12
bad "last before first" "program add: --last 2025-12 is before --first 2026-01" \
	SEMBAKO-2026 --name B --monthly-value 300000 --quota 820 --categories lansia --first 2026-01 --last 2025-12
bad "an unknown funding source" "--funding 'APBX' is neither APBD nor APBN" \
	SEMBAKO-2026 $P --funding APBX
bad "a round of 13 months" "--round-months" SEMBAKO-2026 $P --round-months 13
bad "a bad list name" "--exclude" SEMBAKO-2026 $P --exclude "PKH,SEM BAKO"
bad "a code with a space" "is not a program code" "SEMBAKO 2026" $P
bad "--categories missing" "option '--categories' is required" SEMBAKO-2026 --name B --monthly-value 300000 \
	--quota 820 --first 2026-01 --last 2026-12
unchanged "nothing written by any of them"

lb program add SEMBAKO-2026 $P --funding apbd --exclude PKH,sembako
expect_rc 0 "add a program"
expect_out "program SEMBAKO-2026: Rp300.000 a month for up to 820 recipients, rounds of 1 month from 2026-01 to 2026-12, APBD; categories lansia,disabilitas,anak; excluding lists PKH,SEMBAKO" "says what it is"
err_has "warning: lists PKH,SEMBAKO not screened yet: nobody is excluded by them" "warns the lists exclude nobody yet"
snap
lb program add SEMBAKO-2026 $P
expect_rc 3 "a code in use"
err_has "program add: program 'SEMBAKO-2026' exists already" "says so"
unchanged "nothing written"
lb program add SEMBAKO-BIM --name "Dua bulanan" --monthly-value Rp300.000 --quota 649 \
	--categories lansia --first 2026-01 --last 2026-12 --round-months 2 --funding APBN
expect_rc 0 "a program with two-month rounds"

lb program list --format csv
lf
expect_out "program,name,monthly_value,round_months,quota,first,last,funding,categories
SEMBAKO-2026,Bantuan,Rp300.000,1,820,2026-01,2026-12,APBD,\"anak,disabilitas,lansia\"
SEMBAKO-BIM,Dua bulanan,Rp300.000,2,649,2026-01,2026-12,APBN,lansia" "program list"

# ---- package ----
snap
lb program package SEMBAKO-2026 --item BERAS=10
expect_rc 2 "an item with no price and no lot"
err_has "program package: no price for 'BERAS': give its contracted price as --item BERAS=10@PRICE (rupiah per kg), or receive a lot of it first" "says where a price comes from"
lb program package SEMBAKO-2026 --item BERAS=10@14000 --item SAGU=2@5000
expect_rc 2 "an unknown item"
err_has "--item: unknown item 'SAGU'" "says so"
lb program package SEMBAKO-2026 --item BERAS=10@14000 --item BERAS=2@14000
expect_rc 2 "an item twice"
err_has "item 'BERAS' is named twice" "says so"
snap
lb program package SEMBAKO-2026 --item BERAS=0@14000
refused 2 "--item BERAS: --item quantity '0' must be greater than zero" "a zero quantity"
snap
lb program package SEMBAKO-2026 --item BERAS=2.5@14000
refused 2 "--item BERAS: --item quantity '2.5' is not a whole number of kg: 'BERAS' is counted in whole kg (write a whole number, or define the item with a finer base" "a fractional quantity"
lb program package SEMBAKO-2026 --item BERAS
expect_rc 2 "no quantity"
err_has "--item 'BERAS' is not ITEM=QTY (e.g. BERAS=10)" "says the shape"
snap
lb program package SEMBAKO-2026
refused 2 "program package: SEMBAKO-2026 has no package yet: set one with --item ITEM=QTY" "showing a package not set yet"
lb program package SEMBAKO-2026 --item BERAS=10@14000 --from 2027-01
expect_rc 3 "a round outside the program"
err_has "program SEMBAKO-2026 runs from 2026-01 to 2026-12: 2027-01 is outside it" "says so"
lb program package SEMBAKO-BIM --item BERAS=20@14000 --from 2026-02
expect_rc 3 "a month that does not start a round"
err_has "2026-02 is not the first month of a round of SEMBAKO-BIM (rounds of 2 months; the nearest start 2026-01 and 2026-03)" "names the nearest starts"
lb program package NOPE --item BERAS=10@14000
expect_rc 2 "an unknown program"
err_has "unknown program 'NOPE'" "says so"
unchanged "nothing written by any of them"

lb program package SEMBAKO-2026 --item BERAS=10@14000 --item MINYAK=2@Rp18.000 --item TELUR=30@2000 --item IKAN=5@12000
expect_rc 0 "set a package"
expect_out "package from 2026-01, per recipient per round:
  BERAS           10 kg       x     Rp14.000 =      Rp140.000
  MINYAK           2 liter    x     Rp18.000 =       Rp36.000
  TELUR           30 butir    x      Rp2.000 =       Rp60.000
  IKAN             5 kaleng   x     Rp12.000 =       Rp60.000
  value Rp296.000; the program's value per round Rp300.000 (1 month): -1,3%" "lines, value and the difference"
err_lacks "warning" "within 5%: no warning"

# From March: more rice, and a price from the latest lot when none is given.
rlot GULA 100 15000 GULA-1
rlot GULA 100 15500 GULA-2
lb program package SEMBAKO-2026 --from 2026-03 --item BERAS=15@14000 --item GULA=2 --item MINYAK=2@18000 --item TELUR=30@2000 --item IKAN=5@12000
expect_rc 0 "a new composition from March"
out_has "  GULA             2 kg       x     Rp15.500 =       Rp31.000  (latest lot's cost)" "the lot's cost, said to be one"
out_has "value Rp397.000; the program's value per round Rp300.000 (1 month): +32,3%" "the value against the program's"
err_has "warning: the package is worth Rp397.000, +32,3% against the program's Rp300.000 per round (more than 5% off)" "warned about"

lb program package SEMBAKO-2026 --from 2026-02
expect_rc 0 "show the package in force in February"
out_has "package from 2026-01" "January's still"
out_lacks "GULA" "without March's sugar"
lb program package SEMBAKO-BIM --item BERAS=20@14000 --item MINYAK=4@18000 --item TELUR=60@2000 --item IKAN=10@12000
expect_rc 0 "a two-month package"
out_has "value Rp592.000; the program's value per round Rp600.000 (2 months): -1,3%" "set against two months"

lb program show SEMBAKO-2026
expect_rc 0 "show"
out_has "excluding   PKH,SEMBAKO (not screened yet: PKH,SEMBAKO)" "the excluded lists"
out_has "package from 2026-01" "the first package"
out_has "package from 2026-03" "and the second"

# ---- quota per year ----
snap
lb program quota SEMBAKO-2026 --year 2027 --quota 649
refused 2 "program quota: SEMBAKO-2026 does not run in 2027" "a year the program does not run"
lb program quota SEMBAKO-2026 --year 2026 --quota 649
expect_rc 0 "a quota for 2026"
lb program show SEMBAKO-2026
out_has "quota       820 recipients per round; 649 in 2026" "shown with the year"

# A package quantity may name one of the item's packs, as every quantity
# may: 1 rak of eggs is 30 butir.
rrun item add TELURPAK --name "Telur (per rak)" --unit butir --pack rak=30
rrun program add PACK-2026 --name "Uji kemasan" --monthly-value 60000 --quota 5 --categories lansia --first 2026-01 --last 2026-12
lb program package PACK-2026 --item "TELURPAK=1 rak@2000"
expect_rc 0 "a package quantity in packs"
out_has "TELURPAK        30 butir    x      Rp2.000 =       Rp60.000" "is stored in base units"
lb program package PACK-2026 --item "TELURPAK=1.5 rak@2000"
expect_rc 0 "a fraction of a pack that is a whole number of base units"
out_has "TELURPAK        45 butir" "is exact"
snap
lb program package PACK-2026 --item "TELURPAK=2 karung@2000"
expect_rc 2 "a pack the item does not have"
err_has "--item TELURPAK:" "names the item"
unchanged "nothing written"
