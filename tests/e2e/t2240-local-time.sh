#!/bin/sh
# Local time (issue 14): stored times stay UTC; recipient show prints them
# in the office's zone with its abbreviation; init --timezone sets the
# zone, lumbung settings changes it, a zone that is none of Indonesia's
# three creates no database.
. "$(dirname "$0")/lib.sh"
plan 18
. "$(dirname "$0")/recipients_setup.sh"

lb init --timezone Asia/Singapore
expect_rc 2 "a zone outside Indonesia"
err_has "init: --timezone 'Asia/Singapore': give Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)" "names the three"
ok "no database made" test ! -e "$LUMBUNG_DB"

lb init --timezone Asia/Jakarta
expect_rc 0 "init --timezone"
lb settings timezone
out_has "Asia/Jakarta" "stored as the setting"
rregions
rrun recipient add --nik 6402064203550001 --name "Siti Aminah" --village 64.02.06.1002 --category lansia
sqlite3 "$LUMBUNG_DB" "UPDATE recipient SET created_at = '2026-12-01T17:30:00Z'"
lb recipient show "Siti Aminah"
out_has "registered  2026-12-02 00:30 WIB" "UTC shown as WIB, the next day"
out_has "  2026-12-02  aktif      registered" "the history too"
ok "stored in UTC" test "$(sql "SELECT created_at FROM recipient")" = "2026-12-01T17:30:00Z"
rrun settings timezone Asia/Jayapura
lb recipient show 1
out_has "registered  2026-12-02 02:30 WIT" "WIT after the setting changed"
rrun settings timezone ""
lb recipient show 1
out_has "registered  2026-12-02 01:30 WITA" "the default is WITA"

# recipient lists: a table for people in local time, CSV for scripts in UTC.
printf 'nik\n6402061107480002\n' >"$T/pkh.csv"
rrun recipient screen "$T/pkh.csv" --list PKH
sqlite3 "$LUMBUNG_DB" "UPDATE screening_list SET imported_at = '2026-12-01T17:30:00Z'"
lb recipient lists
out_has "2026-12-02 01:30 WITA" "the table in WITA"
lb recipient lists --format csv
out_has "2026-12-01T17:30:00Z" "the CSV in UTC"

# The progress line of long commands goes to a terminal only: with stderr
# a file (as here) a command's output is as it always was.
lb recipient list --name Siti
err_lacks "working" "no progress line when stderr is not a terminal"

# A likely duplicate's registration time in recipient show is local too.
rrun recipient add --nik 6402064203550002 --name "SITI AMINAH" --village 64.02.06.1002 --category lansia --birth-date 1955-03-02
sqlite3 "$LUMBUNG_DB" "UPDATE recipient SET created_at = '2026-12-01T17:30:00Z'"
lb recipient show 1
out_has "registered 2026-12-02 01:30 WITA)" "a likely duplicate's registration in WITA"
out_lacks "T17:30:00Z" "no UTC time in recipient show"

# The audit log: a table for people in local time, CSV for scripts in UTC.
# The log cannot be changed afterwards: the test-only clock dates the entry.
printf 'rahasia-panjang-sekali\n' | LUMBUNG_NOW=2026-12-01T17:30:00Z "$LUMBUNG" user add budi --role auditor --password-stdin >/dev/null 2>&1
lb audit
expect_rc 0 "audit"
out_has "2026-12-02 01:30 WITA" "the audit table in WITA"
lb audit --format csv
out_has "2026-12-01T17:30:00Z" "the audit CSV in UTC"
