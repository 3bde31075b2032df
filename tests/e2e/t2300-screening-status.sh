#!/bin/sh
# Screening lists flag recipients (and may set their status); every status
# change keeps date, reason and operator; replacement ends one recipient
# and starts another in one step, linked. Bad input refused, nothing written.
. "$(dirname "$0")/lib.sh"
plan 81
. "$(dirname "$0")/recipients_setup.sh"

rrun init
rregions
rrun recipient add --nik 6402064203550001 --name "Siti Aminah" --village 64.02.06.1001 --category lansia
rrun recipient add --nik 6402061107480002 --name "Budi Santoso" --village 64.02.06.1001 --category lansia
rrun recipient add --nik 6402065708520004 --name "Dewi Lestari" --village 64.02.06.1002 --category disabilitas
rrun recipient add --nik 6402022003510007 --name "Hasan Basri" --village 64.02.02.2001 --category lansia

# ---- status and its history ----
snap
lb recipient set-status 6402061107480002 --status hilang --date 2026-01-02 --reason "x"
expect_rc 2 "an unknown status"
err_has "unknown status 'hilang' (the statuses are: aktif, meninggal, pindah, mampu, nonaktif)" "lists the statuses"
lb recipient set-status 6402061107480002 --status pindah --date 2026-02-01 --reason "x"
expect_rc 2 "a date in the future"
err_has "--date 2026-02-01 is in the future" "says so"
snap
lb recipient set-status 6402061107480002 --status pindah --date 2026-01-02 --reason "  "
refused 2 "recipient: --reason must not be empty: the history keeps why" "an empty reason"
lb recipient set-status 6402061107480002 --status aktif --date 2026-01-02 --reason "x"
expect_rc 3 "the status it has already"
err_has "'Budi Santoso' of village 64.02.06.1001 is aktif already" "says so"
snap
lb recipient set-status 6402061107480002 --status pindah --reason "x"
refused 2 "recipient set-status: option '--date' is required (see 'lumbung recipient set-status --help')" "--date is required"
snap
lb recipient set-status 6402069999990002 --status pindah --date 2026-01-02 --reason "x"
refused 2 "recipient set-status: NIK birth day 99 is not a day: women's days run 41 to 71" "a malformed NIK"
err_lacks "6402069999990002" "not echoed"
unchanged "nothing written by any of them"

LUMBUNG_OPERATOR=pendamping-tgr lb recipient set-status 6402061107480002 --status pindah --date 2026-01-02 \
	--reason "moved to Samarinda (surat pindah 12/2025)"
expect_rc 0 "a status change"
expect_out "'Budi Santoso': aktif -> pindah from 2026-01-02" "says what changed"
lb recipient set-status 6402061107480002 --status aktif --date 2026-01-04 --reason "came back"
expect_rc 0 "and back"
lb recipient show 6402061107480002
out_has "status      aktif" "the current status"
out_has "2026-01-02  pindah     moved to Samarinda (surat pindah 12/2025) (by pendamping-tgr" "the history keeps date, reason, operator"
out_has "2026-01-04  aktif      came back (by tester" "every change"
ok "the history is append-only" sh -c "! sqlite3 '$LUMBUNG_DB' \"DELETE FROM recipient_status\" 2>/dev/null"

# ---- screening ----
printf 'nik,name\n6402064203550001,Siti Aminah\n6402060101990009,Bukan Penerima\n' >"$T/pkh.csv"
lb recipient screen "$T/pkh.csv" --list pkh
expect_rc 0 "screen against a list"
expect_out "list PKH: 2 NIKs; 1 recipient on it (1 new, 0 no longer on it)" "one recipient found, name made upper-case"
lb recipient show 6402064203550001
out_has "on list PKH (found " "the hit is shown"
ok "the recipient keeps their status" test "$(sql "SELECT status FROM recipient WHERE nik = '6402064203550001'")" = aktif

printf 'nik\n6402065708520004\n6402065708520004\n' >"$T/pkh2.csv"
lb recipient screen "$T/pkh2.csv" --list PKH
expect_rc 0 "a new version of the list"
expect_out "list PKH: 1 NIK; 1 recipient on it (1 new, 1 no longer on it)" "replaces the old one"

snap
printf 'nik\n6402065708520004\n640206570852000\n6402067208520004\n' >"$T/badlist.csv"
lb recipient screen "$T/badlist.csv" --list PKH
expect_rc 2 "a list with malformed NIKs"
err_has "row 3, column nik: NIK must have 16 digits, this one has 15" "names the row"
err_has "row 4, column nik: NIK birth day 72 is not a day" "every bad row"
err_has "recipient screen: 2 bad rows in '$T/badlist.csv', nothing changed" "sums up"
unchanged "the list and its hits as they were"
lb recipient screen "$T/badlist.csv" --list PKH --rejects "$T/rej.csv"
expect_rc 2 "--rejects without --skip-invalid"
err_has "recipient screen: --rejects goes with --skip-invalid" "says so"
lb recipient screen "$T/badlist.csv" --list PKH --skip-invalid --rejects "$T/badlist.csv"
expect_rc 2 "--rejects naming the list itself"
err_has "recipient screen: --rejects must not be the file being imported" "says so"
unchanged "and nothing changed"
# --skip-invalid: the good row makes the list, the bad ones the rejects file.
lb recipient screen "$T/badlist.csv" --list PKH --skip-invalid --rejects "$T/rej.csv"
expect_rc 0 "--skip-invalid screens against the good rows"
out_has "list PKH: 1 NIK; 1 recipient on it" "the good row"
out_has "skipped 2 bad rows, written with the reason to '$T/rej.csv'" "the bad ones set aside"
[ "$(head -n 1 "$T/rej.csv")" = "$(printf 'nik,reason\r')" ] && [ "$(wc -l <"$T/rej.csv")" -eq 3 ] &&
	grep -q '^640206570852000,"nik: NIK must have 16 digits, this one has 15' "$T/rej.csv" &&
	grep -q '^6402067208520004,nik: NIK birth day 72 is not a day' "$T/rej.csv" \
	&& echo "ok - the rejects file: rows as they came, with the reason" || _fail "the rejects file: rows as they came, with the reason" "$T/rej.csv"
# Corrected, the rejects file screens as it is (the reason column ignored).
printf 'nik,reason\n6402065708520004,nik: fixed\n' >"$T/fixed.csv"
lb recipient screen "$T/fixed.csv" --list PKH
expect_rc 0 "a corrected rejects file screens as it is"
snap
printf 'NIK_KTP\n6402065708520004\n' >"$T/badcol.csv"
lb recipient screen "$T/badcol.csv" --list PKH
expect_rc 2 "a list without a nik column"
err_has "unknown column 'NIK_KTP'" "says so"
snap
lb recipient screen "$T/pkh.csv" --list "P K H"
refused 2 "recipient screen: --list: 'P K H' is not a list name (letters, digits, '-' and '_')" "a bad list name"
snap
lb recipient screen "$T/pkh.csv"
refused 2 "recipient screen: option '--list' is required (see 'lumbung recipient screen --help')" "--list is required"
unchanged "nothing written"

# The death register sets the status, with the list as the reason.
printf 'nik,note\n6402022003510007,akta kematian 0012/2025\n' >"$T/dead.csv"
lb recipient screen "$T/dead.csv" --list KEMATIAN --set-status meninggal --date 2025-12-20
expect_rc 0 "the death register"
out_has "status meninggal from 2025-12-20 for 1 recipient" "sets the status"
lb recipient show 6402022003510007
out_has "2025-12-20  meninggal  on screening list KEMATIAN" "with the list as the reason"
lb recipient screen "$T/dead.csv" --list KEMATIAN --set-status meninggal --date 2025-12-20
out_has "for 0 recipients" "screening again changes no status twice"
lb recipient lists --format csv
lf
out_has "KEMATIAN,1,1," "the lists, with their counts"

# A recipient registered after a list was screened is found on it too.
printf 'nik\n6402060101990009\n' >"$T/asn.csv"
rrun recipient screen "$T/asn.csv" --list ASN
lb recipient add --nik 6402060101990009 --name "Bukan Penerima" --village 64.02.06.1003 --category lansia
expect_rc 0 "register someone already on a list"
err_has "warning: on 1 screening list" "is warned about"


# ---- replacement ----
snap
lb recipient replace 6402022003510007 --by 6402022003510007 --reason "x"
refused 2 "recipient: replace: a recipient cannot replace themselves" "replaced by themselves"
lb recipient replace 6402022003510007 --by 6402024506600017 --reason "almarhum"
expect_rc 2 "an unregistered replacement without details"
err_has "give --name (and any other details) to register the replacement" "says what is missing"
snap
lb recipient replace 6402022003510007 --by 6402024506600017 --name "Rina" --reason "almarhum" --village 64.02.06.9999
refused 2 "recipient: unknown village code '64.02.06.9999' (not in the region data)" "a replacement in an unknown village"
unchanged "nothing written"

lb recipient replace 6402022003510007 --by 6402024506600017 --name "Rina Basri" --reason "almarhum, diganti anaknya" \
	--status meninggal --date 2026-01-03
expect_rc 0 "replace a deceased recipient by a new one"
out_has "'Hasan Basri' ends (meninggal from 2026-01-03)" "the old one ends"
out_has "replaced by 'Rina Basri' (6402**********17), lansia, village 64.02.02.2001 Jonggon Desa" "the new one starts in the old one's village and category"
lb recipient show 6402024506600017
out_has "replaces    'Hasan Basri' (6402**********07)" "the link, one way"
lb recipient show 6402022003510007
out_has "replaced by 'Rina Basri' (6402**********17)" "and the other"
snap
lb recipient replace 6402022003510007 --by 6402065708520004 --reason "again"
expect_rc 3 "a recipient is replaced once"
err_has "'Hasan Basri' of village 64.02.02.2001 was already replaced by 'Rina Basri'" "says by whom"
unchanged "nothing written"

# By someone registered already: only the link and the old one's end.
lb recipient replace 6402061107480002 --by 6402065708520004 --reason "pindah domisili"
expect_rc 0 "replace by a registered recipient"
ok "the old one is nonaktif" test "$(sql "SELECT status FROM recipient WHERE nik = '6402061107480002'")" = nonaktif
ok "the new one records whom it replaced" test "$(sql "SELECT o.name FROM recipient r JOIN recipient o ON o.id = r.replaces_id WHERE r.nik = '6402065708520004'")" = "Budi Santoso"
