#!/bin/sh
# Finding and fixing a person (issue 14): recipient list --name, recipient
# show by name (one match shows, several list candidates without NIKs),
# recipient edit with every change in the history, location edit, and
# location add --village checked against the region data.
. "$(dirname "$0")/lib.sh"
plan 45
. "$(dirname "$0")/recipients_setup.sh"

rrun init
rregions
rpoint TP-LOA "Titik salur Loa Ipuh" 64.02.06.1002
rpoint TP-JHB "Titik salur Jahab" 64.02.06.1001
rrun recipient add --nik 6402064203550001 --name "Siti Aminah" --village 64.02.06.1002 --category lansia
rrun recipient add --nik 6402065708520004 --name "Siti Rahmah" --village 64.02.06.1002 --category lansia
rrun recipient add --nik 6402061107480002 --name "Budi Santoso" --village 64.02.06.1001 --category lansia

lb recipient list --name siti --format csv
expect_rc 0 "list --name"
lf
out_has "Siti Aminah" "the first Siti"
out_has "Siti Rahmah" "the second"
out_lacks "Budi" "not Budi"

lb recipient show "Siti Aminah"
expect_rc 0 "show by a name that matches one person"
out_has "name        Siti Aminah" "shows her"
lb recipient show "siti"
expect_rc 2 "a name that matches two"
err_has "recipient show: 2 recipients match 'siti': 'Siti Aminah' (village 64.02.06.1002, born 1955-03-02, id 1), 'Siti Rahmah' (village 64.02.06.1002, born 1952-08-17, id 2); give the NIK or the id" "lists the candidates"
err_lacks "6402" "without NIKs"
lb recipient show "Siti Zubaidah"
expect_rc 2 "a name that matches nobody"
err_has "recipient show: no recipient is named like 'Siti Zubaidah'" "says so"
lb recipient show 3
expect_rc 0 "show by id"
out_has "name        Budi Santoso" "the third"

snap
lb recipient edit "Siti Aminah" --address "RT 04, Jl. Mulawarman" --phone 081234567890 --point TP-JHB
expect_rc 0 "edit three fields"
expect_out "edited 'Siti Aminah': 3 fields changed, kept in the history" "says so"
ok "the address" test "$(sql "SELECT address || '|' || phone FROM recipient WHERE id = 1")" = "RT 04, Jl. Mulawarman|081234567890"
ok "the point" test "$(sql "SELECT l.code FROM recipient r JOIN location l ON l.id = r.point_id WHERE r.id = 1")" = "TP-JHB"
ok "three history rows" test "$(sql "SELECT group_concat(field || ':' || coalesce(old_value, '') || '>' || new_value, ' ') FROM recipient_edit WHERE recipient_id = 1")" = "address:>RT 04, Jl. Mulawarman phone:>081234567890 point:>TP-JHB"
lb recipient edit 6402064203550001 --name "Hj. Siti Aminah" --point ''
expect_rc 0 "edit the name, clear the point"
lb recipient show 1
out_has "edited    name: 'Siti Aminah' -> 'Hj. Siti Aminah'" "the history shows the name change"
out_has "edited    point: 'TP-JHB' -> ''" "and the point cleared"
out_has "point       TP-LOA Titik salur Loa Ipuh (serves the village)" "back to the village's point"
snap
lb recipient edit 1 --phone 12
expect_rc 2 "a bad phone"
err_has "recipient edit: phone number has 2 digits: expected 8 to 15" "says why"
snap
lb recipient edit 1 --point NOWHERE
refused 2 "recipient edit: unknown location 'NOWHERE'" "an unknown point"
unchanged "nothing written"
lb recipient edit 1 --address "RT 04, Jl. Mulawarman"
expect_rc 0 "the same value"
expect_out "'Hj. Siti Aminah': nothing to change" "changes nothing"
unchanged "and writes nothing"

lb location edit TP-LOA --name "Titik salur Loa Ipuh Darat" --village 64.02.06.1001
expect_rc 0 "location edit"
expect_out "point TP-LOA is now 'Titik salur Loa Ipuh Darat' in village 64.02.06.1001" "says so"
ok "written" test "$(sql "SELECT name || '|' || village FROM location WHERE code = 'TP-LOA'")" = "Titik salur Loa Ipuh Darat|64.02.06.1001"
snap
lb location edit TP-LOA --village 64.02.06.9999
refused 2 "location edit: --village '64.02.06.9999' is not in the region data (see 'lumbung region list' or data/wilayah/villages.csv)" "a village not in the region data"
unchanged "nothing written"
snap
lb location edit @SUPPLY --name X
refused 3 "location edit: location '@SUPPLY' is one of the ledger's own accounts: it cannot be edited" "the ledger's own account"
snap
lb location add TP-X --kind point --name "Titik X" --village 64.02.06.9999
refused 2 "--village '64.02.06.9999' is not in the region data (see 'lumbung region list' or data/wilayah/villages.csv)" "location add with a village not in the region data"
unchanged "nothing written"
