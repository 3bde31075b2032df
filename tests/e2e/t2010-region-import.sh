#!/bin/sh
# region import: the four files recognised by header in any order, applied
# once (importing again changes nothing), a file that is not region data
# refused, bad rows all listed and nothing written.
. "$(dirname "$0")/lib.sh"
plan 25
. "$(dirname "$0")/recipients_setup.sh"

rrun init
W=$DATA/wilayah

# Villages first on the command line: still applied provinces first.
lb region import "$W/villages.csv" "$W/districts.csv" "$W/regencies.csv" "$W/provinces.csv"
expect_rc 0 "the four files, in any order"
expect_out "provinces      1 added, 0 updated, 0 unchanged
regencies     10 added, 0 updated, 0 unchanged
districts    105 added, 0 updated, 0 unchanged
villages    1038 added, 0 updated, 0 unchanged" "counts per level"
ok "Kutai Kartanegara's villages are in" test "$(sql "SELECT count(*) FROM region_village WHERE code LIKE '64.02.%'")" = 237

snap
lb region import "$W/provinces.csv" "$W/regencies.csv" "$W/districts.csv" "$W/villages.csv"
expect_rc 0 "importing again"
out_has "villages       0 added, 0 updated, 1038 unchanged" "changes nothing"
unchanged "a second import writes nothing"

# A renamed village is updated, not duplicated.
printf 'code,district_code,name\n64.02.06.1001,64.02.06,Jahab Baru\n' >"$T/renamed.csv"
lb region import "$T/renamed.csv"
expect_rc 0 "a renamed village"
out_has "villages       0 added, 1 updated, 0 unchanged" "is an update"
ok "with its new name" test "$(sql "SELECT name FROM region_village WHERE code = '64.02.06.1001'")" = "Jahab Baru"

snap
printf 'kode,nama\n64,KALTIM\n' >"$T/other.csv"
lb region import "$T/other.csv"
expect_rc 2 "a file that is not region data"
err_has "is not region data: its header must be code,name (provinces)" "says which headers it knows"
unchanged "nothing written"

# Every bad row listed; the good rows of the same run not written either.
cat >"$T/bad.csv" <<'EOF'
code,district_code,name
64.02.06.2901,64.02.06,Desa Baik
64.02.6.2902,64.02.06,Kode Salah
64.02.06.2903,64.02.07,Induk Salah
64.02.77.2904,64.02.77,Kecamatan Tidak Ada
64.02.06.2905,64.02.06,
EOF
lb region import "$T/bad.csv"
expect_rc 2 "bad rows"
err_has "file '$T/bad.csv', row 3, column code: '64.02.6.2902' is not a code of villages (shaped NN.NN.NN.NNNN)" "a malformed code"
err_has "row 4, column district_code: '64.02.07' is not the parent of code '64.02.06.2903'" "a code under another parent"
err_has "row 5, column district_code: '64.02.77' is not in the region data: import districts first" "an unknown parent"
err_has "row 6, column name: the name is empty" "an empty name"
err_has "region import: 4 bad rows, nothing imported" "sums up"
unchanged "nothing written, not even the good row"

printf 'code,district_code,name\n64.02.06.2901,64.02.06,"unterminated\n' >"$T/broken.csv"
snap
lb region import "$T/broken.csv"
refused 2 "file '$T/broken.csv', row 2: the file ends inside a quoted field (truncated?)" "malformed CSV"
unchanged "nothing written"

lb region import "$T/missing.csv"
expect_rc 2 "a missing file"
err_has "cannot read '$T/missing.csv'" "names the file"
