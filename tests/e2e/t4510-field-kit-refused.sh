#!/bin/sh
# A field kit is checked before anything of it is applied. Refused with
# exit 3 naming what is wrong, and nothing applied: a kit exported from
# another database, and kits edited by hand (meta, a dropped trigger, a
# changed or added row, a gap or an edit in the log, a balance). A file
# that is not a kit at all is exit 2.
. "$(dirname "$0")/lib.sh"
plan 41
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
BUDI=$(payload SEMBAKO-2026 2026-01 "Budi Santoso")
RINA=$(payload SEMBAKO-2026 2026-01 "Rina Wati")
KIT="$T/kit.db"
rdrun field export --point POS-JHB --period 2026-01 -o "$KIT"
rdrun -d "$KIT" redeem --point POS-JHB --operator lapangan "$BUDI"
"$LUMBUNG" -d "$KIT" redeem --point POS-JHB --operator lapangan "$RINA" "garbage" >/dev/null 2>&1
"$LUMBUNG" -d "$KIT" redeem --point POS-JHB "not a slip" >/dev/null 2>&1
# A second office with its own database (and key), and a kit from it.
(
	T="$T/other" && mkdir -p "$T"
	export LUMBUNG_DB="$T/other.db" LUMBUNG_KEY="$T/other.key"
	rdsetup >/dev/null
	rdrun field export --point POS-JHB --period 2026-01 -o "$T/foreign-kit.db"
)
edited() { # NAME SQL: a copy of the good kit, edited with sqlite3
	cp "$KIT" "$T/$1.db"
	sqlite3 "$T/$1.db" "$2" || echo "not ok - setup: $2"
}

snap
# Not kits at all: exit 2.
printf 'just text\n' >"$T/notes.txt"
lb field import "$T/notes.txt"
expect_rc 2 "a text file is not a kit"
err_has "'$T/notes.txt' is not a lumbung field kit (not an SQLite file)" "and says so"
: >"$T/empty.db"
snap
lb field import "$T/empty.db"
refused 2 "'$T/empty.db' is not a lumbung field kit (an empty file)" "an empty file"
snap
lb field import "$T/missing.db"
refused 2 "cannot read field kit '$T/missing.db': No such file or directory" "a missing file"
lb field import "$LUMBUNG_DB"
expect_rc 2 "the main database is not a kit"
err_has "is a lumbung database but not a field kit" "and says so"
sqlite3 "$T/plain.db" "CREATE TABLE t(x)"
lb field import "$T/plain.db"
expect_rc 2 "another SQLite file"
err_has "is an SQLite database but not a lumbung field kit" "and says so"

# From another database: exit 3.
lb field import "$T/other/foreign-kit.db"
expect_rc 3 "a kit exported from another database is refused"
err_has "was exported from another database" "and says so"

# Edited by hand: exit 3, naming what.
edited period "UPDATE meta SET value = '2026-02' WHERE key = 'kit_period'"
lb field import "$T/period.db"
expect_rc 3 "a kit whose period was changed"
err_has "field kit '$T/period.db' was edited by hand: it says POS-JHB 2026-02, but was exported for POS-JHB 2026-01" "names both"

edited trigger "DROP TRIGGER redemption_no_update; UPDATE redemption SET operator = 'orang lain'"
lb field import "$T/trigger.db"
expect_rc 3 "a kit with a dropped trigger and a changed redemption"
err_has "was edited by hand: its trigger 'redemption_no_update' is missing" "names the trigger"

trig=$(sqlite3 "$KIT" "SELECT sql FROM sqlite_schema WHERE name = 'redemption_attempt_no_update'")
edited row "DROP TRIGGER redemption_attempt_no_update;
	UPDATE redemption_attempt SET detail = 'tidak ada apa-apa' WHERE outcome = 'unreadable';
	$trig;"
lb field import "$T/row.db"
expect_rc 3 "a kit with an attempt changed behind its log"
err_has "was edited by hand: redemption_attempt row" "names the table"
err_has "differs from its log" "and what is wrong"

edited added "INSERT INTO redemption_attempt(at, day, point_id, operator, payload, outcome, detail, source)
	SELECT at, day, point_id, operator, 'x', 'unreadable', 'added', 'scan' FROM redemption_attempt LIMIT 1"
lb field import "$T/added.db"
expect_rc 3 "a kit with a row added by hand"
# The history_log trigger copied the row, but only lumbung seals an
# entry: the unsealed entry is found first, before the kit's own log.
err_has "was edited by hand: verify: history tables: history log entry" "refused by the history chain"
err_has "has no hash: it was written outside lumbung" "says the entry was written outside lumbung"

trig=$(sqlite3 "$KIT" "SELECT sql FROM sqlite_schema WHERE name = 'kit_log_no_delete'")
edited gap "DROP TRIGGER kit_log_no_delete; DELETE FROM kit_log WHERE seq = 1; $trig;"
lb field import "$T/gap.db"
expect_rc 3 "a kit with an entry cut out of its log"
err_has "its log has a gap before entry 2" "names the gap"

trig=$(sqlite3 "$KIT" "SELECT sql FROM sqlite_schema WHERE name = 'kit_log_no_update'")
edited chain "DROP TRIGGER kit_log_no_update;
	UPDATE kit_log SET changeset = CAST(substr(changeset, 1, length(changeset) - 1) || x'00' AS BLOB) WHERE seq = 2; $trig;"
lb field import "$T/chain.db"
expect_rc 3 "a kit whose log entry was changed"
err_has "its log entry 2 does not match its hash" "names the entry"

edited balance "UPDATE balance SET qty = qty + 100 WHERE location_id = (SELECT id FROM location WHERE code = 'POS-JHB')"
lb field import "$T/balance.db"
expect_rc 3 "a kit whose stock was raised by hand"
err_has "was edited by hand: " "refused as edited"

edited opening "DROP TRIGGER movement_no_delete; DELETE FROM movement WHERE id > (SELECT max(id) FROM movement) - 0 AND kind = 'issue'"
snap
lb field import "$T/opening.db"
refused 3 "field kit '$T/opening.db' was edited by hand: its trigger 'movement_no_delete' is missing" "a kit with a movement deleted"
unchanged "nothing of any refused kit was applied"
[ "$(count "SELECT count(*) FROM field_kit WHERE returned_at IS NULL")" -eq 1 ] && echo "ok - the kit is still out" ||
	echo "not ok - the kit is still out"

# The kit as it came back imports.
lb field import "$KIT"
expect_rc 0 "the untouched kit imports"
out_has "imported: 2 redemptions, 0 conflicts" "with its two redemptions"
snap
lb -d "$KIT" field import "$KIT"
refused 2 "field import: this database is itself a field kit: import into the main database" "a kit cannot import into itself"
lb verify
expect_rc 0 "lumbung verify passes"
