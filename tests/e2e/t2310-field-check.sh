#!/bin/sh
# Field verification: a recipient reported for review (sudah mampu,
# pindah, meninggal, tidak ditemukan) with a note and a photo; the data
# staff accept (the status changes, the report named in its history) or
# reject (it stays). Reports and decisions are history that verify
# checks. Bad input refused with its message, nothing written.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/recipients_setup.sh"
plan 46

rrun init
rregions
rrun recipient add --nik 6402064203550001 --name "Siti Aminah" --village 64.02.06.1001 --category lansia
rrun recipient add --nik 6402061107480002 --name "Budi Santoso" --village 64.02.06.1001 --category lansia
rrun recipient add --nik 6402065708520004 --name "Dewi Lestari" --village 64.02.06.1002 --category disabilitas
printf '\377\330\377\340 a phone photo' >"$T/rumah.jpg"
printf 'GIF89a not kept' >"$T/x.gif"
head -c 2097153 /dev/zero >"$T/big.jpg"

# ---- refused, nothing written ----
snap
lb recipient flag 6402061107480002 --reason kaya --note "rumah baru"
expect_rc 2 "an unknown reason"
err_has "recipient flag: reason 'kaya' is not one of mampu, pindah, meninggal, tidak-ditemukan" "names the reasons"
lb recipient flag 6402061107480002 --reason mampu --note ""
expect_rc 2 "an empty note"
err_has "recipient flag: give a note: what was seen, by whom, when" "asks for one"
lb recipient flag 6402061107480002 --reason mampu
expect_rc 2 "--note is required"
err_has "recipient flag: option '--note' is required" "says so"
lb recipient flag 6402069999990002 --reason mampu --note "x"
expect_rc 2 "an unregistered NIK"
err_lacks "6402069999990002" "the NIK is not echoed"
lb recipient flag 6402061107480002 --reason mampu --note "x" --photo "$T/x.gif"
expect_rc 2 "a photo that is not JPEG or PNG"
err_has "recipient flag: the photo is not a JPEG or PNG image" "says so"
lb recipient flag 6402061107480002 --reason mampu --note "x" --photo "$T/big.jpg"
expect_rc 2 "a photo over 2 MB"
err_has "is 2097153 bytes: at most 2 MB are kept" "says so"
lb recipient flag 6402061107480002 --reason mampu --note "x" --photo "$T/none.jpg"
expect_rc 2 "a photo that does not exist"
lb recipient decide 1 --accept --note "x"
expect_rc 2 "deciding a report that does not exist"
err_has "recipient decide: there is no field report 1" "says so"
unchanged "nothing was written by any refusal"

# ---- report, list, decide ----
lb recipient flag 6402061107480002 --reason mampu --note "rumah baru, punya mobil (kader desa Jahab)" --photo "$T/rumah.jpg"
expect_rc 0 "a report with a photo"
expect_out "report 1: recipient 2 (Budi Santoso) to review: sudah mampu" "names the report and the recipient"
lb recipient flag "Dewi Lestari" --reason tidak-ditemukan --note "tidak ada di alamat"
expect_rc 0 "a report by name, without a photo"
snap
lb recipient flag 6402061107480002 --reason pindah --note "x"
expect_rc 3 "a second report while one waits"
err_has "recipient flag: recipient 2 (Budi Santoso) has report 1 waiting for a decision already" "names the waiting one"
unchanged "and writes nothing"
lb recipient flags --format csv
expect_rc 0 "the list of waiting reports"
out_has "1,2,6402**********02,Budi Santoso,mampu,\"rumah baru, punya mobil (kader desa Jahab)\"," "the first, NIK masked"
out_has ",tester,yes,waiting," "who reported it, with its photo, waiting"
out_has "2,3,6402**********04,Dewi Lestari,tidak-ditemukan,tidak ada di alamat," "the second"
out_lacks "6402061107480002" "no full NIK"

lb recipient decide 1 --accept --reject --note "x"
expect_rc 2 "both --accept and --reject"
err_has "recipient decide: give --accept or --reject" "says so"
lb recipient decide 1 --accept --note "dicek ke lapangan oleh pendamping"
expect_rc 0 "accepting a report"
expect_out "report 1 accepted: recipient 2 (Budi Santoso) is mampu" "the status changed"
lb recipient show 6402061107480002
out_has "verifikasi lapangan #1 (sudah mampu): dicek ke lapangan oleh pendamping" "the status history names the report"
snap
lb recipient decide 1 --reject --note "x"
expect_rc 3 "deciding twice"
err_has "recipient decide: field report 1 has been decided already" "says so"
unchanged "and writes nothing"
lb recipient flag 6402061107480002 --reason pindah --note "x"
expect_rc 3 "reporting a recipient who is no longer aktif"
err_has "recipient flag: recipient 2 (Budi Santoso) is mampu already: nothing to report" "says so"
lb recipient decide 2 --reject --note "ditemukan di rumah anaknya"
expect_rc 0 "rejecting a report"
expect_out "report 2 rejected: recipient 3 (Dewi Lestari) is aktif" "the status stays"
lb recipient flags --format csv
lf
expect_out "report,recipient,nik,name,reason,note,reported_at,reported_by,photo,decision,decided_by" "none waiting now"
lb recipient flags --all --format json
out_has '"decision": "diterima", "decided_by": "tester"' "--all lists the decided ones"
out_has '"decision": "ditolak"' "the rejected one too"

# ---- history: verify finds a changed report or decision ----
lb verify
expect_rc 0 "verify passes"
cp "$LUMBUNG_DB" "$T/good.db"
sqlite3 "$LUMBUNG_DB" "DROP TRIGGER field_check_no_update; UPDATE field_check SET reason='meninggal' WHERE id=1;"
lb verify
expect_rc 3 "verify finds a report changed by hand"
err_has "field_check" "names the table"
cp "$T/good.db" "$LUMBUNG_DB"
sqlite3 "$LUMBUNG_DB" "DROP TRIGGER field_check_decision_no_delete; DELETE FROM field_check_decision WHERE check_id=2;"
lb verify
expect_rc 3 "verify finds a decision deleted by hand"
