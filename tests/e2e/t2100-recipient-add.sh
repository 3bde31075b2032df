#!/bin/sh
# recipient add: sex and birth date from the NIK; a disagreement refused
# unless --accept-mismatch, which records it; malformed NIKs, unknown
# villages and categories and a NIK already registered refused with
# nothing written; NIKs masked everywhere unless --show-nik; likely
# duplicates registered but held until reviewed.
. "$(dirname "$0")/lib.sh"
plan 99
. "$(dirname "$0")/recipients_setup.sh"

rrun init
rregions

lb recipient add --nik 6402064203550001 --name "  Siti   Aminah " --village 64.02.06.1001 \
	--category lansia --kk 6402060101090001 --desil 2 --phone "0812-5555-0101" \
	--address "RT 03 Jl. Mulawarman"
expect_rc 0 "add a recipient"
out_has "registered 'Siti Aminah' (6402**********01), lansia, village 64.02.06.1001 Jahab; token " "says who, masked"
out_lacks "6402064203550001" "the full NIK is not printed"
ok "sex and birth date from the NIK" test "$(sql "SELECT sex || ' ' || birth_date FROM recipient WHERE name = 'Siti Aminah'")" = "P 1955-03-02"
ok "a 16-hex-character token" test "$(sql "SELECT length(token) FROM recipient WHERE name = 'Siti Aminah' AND token GLOB '[0-9a-f]*'")" = 16
ok "status aktif" test "$(sql "SELECT status FROM recipient WHERE name = 'Siti Aminah'")" = aktif

snap
lb recipient add --nik 6402061107480002 --name "Budi Santoso" --village 64.02.06.1001 \
	--category lansia --birth-date 1948-07-12
expect_rc 2 "a birth date that disagrees with the NIK"
err_has "recipient add: birth date 1948-07-12 disagrees with the NIK (the day differs): a likely typo; if the papers really say so, register with --accept-mismatch" "says which part and what to do"
err_lacks "6402061107480002" "without the NIK"
unchanged "nothing written"

lb recipient add --nik 6402061107480002 --name "Budi Santoso" --village 64.02.06.1001 \
	--category lansia --sex P
expect_rc 2 "a sex that disagrees with the NIK"
err_has "sex P disagrees with the NIK, which encodes a man (L)" "says so"
unchanged "nothing written"

lb recipient add --nik 6402061107480002 --name "Budi Santoso" --village 64.02.06.1001 \
	--category lansia --birth-date 1948-07-12 --accept-mismatch
expect_rc 0 "--accept-mismatch registers it"
out_has "recorded: the birth date disagrees with the NIK (accepted with --accept-mismatch)" "and says it is recorded"
ok "the mismatch is recorded" test "$(sql "SELECT mismatch_accepted || ' ' || birth_date FROM recipient WHERE name = 'Budi Santoso'")" = "birth_date 1948-07-12"

snap
lb recipient add --nik 6402064203550001 --name "Siti Aminah binti Ali" --village 64.02.06.1002 --category lansia
expect_rc 3 "a NIK already registered"
err_has "recipient add: that NIK is already registered, to 'Siti Aminah' of village 64.02.06.1001 (status aktif)" "names whom, not the NIK"
err_lacks "6402064203550001" "without the NIK"
unchanged "nothing written"

lb recipient add --nik 6402065708520004 --name "Dewi" --village 64.02.06.9999 --category lansia
expect_rc 2 "an unknown village"
err_has "unknown village code '64.02.06.9999' (not in the region data)" "says so"
unchanged "nothing written"

lb recipient add --nik 6402065708520004 --name "Dewi" --village 64.02.6.1002 --category lansia
expect_rc 2 "a malformed village code"
err_has "'64.02.6.1002' is not a village code (shaped NN.NN.NN.NNNN" "says so"

lb recipient add --nik 6402065708520004 --name "Dewi" --village 64.02.06.1002 --category yatim
expect_rc 2 "an unknown category"
err_has "unknown category 'yatim' (the categories are: lansia, disabilitas, anak)" "lists the categories"
unchanged "nothing written"

for nik in 640206570852000 64020657085200041 640206570852000A "6402065708 520004" 6402060008520004 6402063208520004 6402067208520004 6402065713520004 6402062902010004; do
	lb recipient add --nik "$nik" --name "Dewi" --village 64.02.06.1002 --category lansia
	expect_rc 2 "malformed NIK '$nik' refused"
	err_has "recipient add: NIK " "the NIK check says why"
done
unchanged "nothing written by any of them"

lb recipient add --nik 6402065708520004 --name "Dewi" --village 64.02.06.1002 --category lansia \
	--proxy-name "Rahmat"
expect_rc 2 "a proxy without a NIK"
err_has "a proxy (wakil) needs both a name and a NIK" "says so"
lb recipient add --nik 6402065708520004 --name "Dewi" --village 64.02.06.1002 --category lansia \
	--proxy-name "Rahmat" --proxy-nik 640206120880000
expect_rc 2 "a malformed proxy NIK"
err_has "proxy: NIK must have 16 digits" "says whose NIK"
snap
lb recipient add --nik 6402065708520004 --name "Dewi" --village 64.02.06.1002 --category lansia --desil 11
refused 2 "recipient add: desil '11' is not a number from 1 to 10 (\"2\" or \"Desil 2\")" "desil 11"
unchanged "nothing written"

lb recipient add --nik 6402065708520004 --name "Dewi Lestari" --village 64.02.06.1002 --category disabilitas \
	--proxy-name "Rahmat Hidayat" --proxy-nik 6402061208800003
expect_rc 0 "with a proxy"

# A NIK of a district no longer in the list: registered, with a warning.
lb recipient add --nik 6402994203550009 --name "Nur Aini" --village 64.02.06.1002 --category lansia
expect_rc 0 "a NIK from a district not in the region data"
err_has "warning: the NIK's district 64.02.99 is not in the region data (registered anyway" "is warned about"

# Lists and show mask the NIK unless asked.
lb recipient list --format csv
expect_rc 0 "list"
lf
expect_out "nik,name,sex,birth_date,village,category,desil,status
6402**********01,Siti Aminah,P,1955-03-02,64.02.06.1001,lansia,2,aktif
6402**********02,Budi Santoso,L,1948-07-12,64.02.06.1001,lansia,,aktif
6402**********04,Dewi Lestari,P,1952-08-17,64.02.06.1002,disabilitas,,aktif
6402**********09,Nur Aini,P,1955-03-02,64.02.06.1002,lansia,,aktif" "masked NIKs"
lb recipient list --format csv --show-nik --village 64.02.06.1001
lf
expect_out "nik,name,sex,birth_date,village,category,desil,status
6402064203550001,Siti Aminah,P,1955-03-02,64.02.06.1001,lansia,2,aktif
6402061107480002,Budi Santoso,L,1948-07-12,64.02.06.1001,lansia,,aktif" "--show-nik and --village"
lb recipient list --status meninggal
expect_rc 0 "filter by status"
snap
lb recipient list --status hilang
refused 2 "recipient list: unknown status 'hilang' (the statuses are: aktif, meninggal, pindah, mampu, nonaktif)" "an unknown status"

lb recipient show 6402065708520004
expect_rc 0 "show"
out_has "NIK         6402**********04" "masked"
out_has "proxy       Rahmat Hidayat (6402**********03)" "the proxy's NIK masked too"
out_lacks "6402065708520004" "no full NIK"
out_lacks "6402061208800003" "no full proxy NIK"
out_has "point       none: no distribution point serves village 64.02.06.1002" "no point yet"
lb recipient show 6402061107480002 --show-nik
out_has "NIK         6402061107480002" "--show-nik"
out_has "mismatch    birth_date disagrees with the NIK (accepted)" "shows the recorded mismatch"
snap
lb recipient show 6402069999990001
refused 2 "recipient show: NIK birth day 99 is not a day: women's days run 41 to 71" "show a malformed NIK"
lb recipient show 6402065708520005
expect_rc 2 "show a NIK nobody has"
err_has "recipient show: no recipient has that NIK" "says so"
token=$(sql "SELECT token FROM recipient WHERE name = 'Dewi Lestari'")
lb recipient show --token "$token"
out_has "name        Dewi Lestari" "show by token"

# The same name and birth date in the same village under another NIK:
# registered, flagged, held until reviewed.
lb recipient add --nik 6402064203550011 --name "SITI AMINAH" --village 64.02.06.1001 --category lansia
expect_rc 0 "a likely duplicate is registered"
err_has "warning: likely duplicate: same name, birth date and village as 1 earlier registration; held out of allocations until reviewed" "and warned about"
lb recipient list --held --format csv
lf
expect_out "nik,name,sex,birth_date,village,category,desil,status
6402**********11,SITI AMINAH,P,1955-03-02,64.02.06.1001,lansia,,aktif" "held for review"
lb recipient duplicates --format csv
lf
expect_out "flag,state,held_nik,held_name,birth_date,village,other_nik,other_name,note
1,open,6402**********11,SITI AMINAH,1955-03-02,64.02.06.1001,6402**********01,Siti Aminah," "the open flag"

snap
lb recipient review 6402064203550001 --verdict distinct --reason "checked"
refused 3 "recipient: review: 'Siti Aminah' of village 64.02.06.1001 is not held for duplicate review (flags are on the later registration)" "the earlier registration is not the held one"
unchanged "nothing written"
snap
lb recipient review 6402064203550011 --verdict maybe --reason "checked"
refused 2 "recipient: review: --verdict must be distinct (two people) or duplicate (one person twice)" "an unknown verdict"
lb recipient review 6402064203550011 --verdict distinct --reason "two women of the same name; KK checked by the village"
expect_rc 0 "reviewed: two people"
out_has "a different person; 1 flag closed, no longer held" "says so"
lb recipient list --held
expect_out "nik  name  sex  birth_date  village  category  desil  status" "nobody held"

lb recipient add --nik 6402061107480012 --name "Budi Santoso" --village 64.02.06.1001 --category lansia \
	--birth-date 1948-07-12 --accept-mismatch
expect_rc 0 "another likely duplicate"
lb recipient review 6402061107480012 --verdict duplicate --reason "same man, registered twice"
expect_rc 0 "reviewed: one person twice"
ok "the later registration is nonaktif" test "$(sql "SELECT status FROM recipient WHERE nik = '6402061107480012'")" = nonaktif
ok "with the reason in its history" test "$(sql "SELECT reason FROM recipient_status s JOIN recipient r ON r.id = s.recipient_id WHERE r.nik = '6402061107480012'")" = "registered twice: same man, registered twice"

lb recipient add --nik 6402064203550021 --name "Siti" --village 64.02.06.1001
expect_rc 2 "--category is required"
err_has "option '--category' is required" "says so"
