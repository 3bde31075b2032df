#!/bin/sh
# verify over every table whose history matters (issue 10, point 5): each
# edit below is made on a copy of the database with the sqlite3 shell,
# triggers dropped (and put back with their original SQL) as needed;
# verify must fail naming the trigger or the first row that is wrong,
# and a deleted redemption must not make its slip redeemable again.
. "$(dirname "$0")/lib.sh"
plan 43
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
lb redeem --point POS-JHB --operator kantor "$SITI"
expect_rc 0 "Siti redeems"
LUMBUNG_TODAY=2026-02-02 lb period close 2026-01 --yes
expect_rc 0 "January is closed"
lb verify
expect_rc 0 "the untouched database verifies"
out_has "ok    history tables" "including its history tables"
RED=$(count "SELECT id FROM redemption")
ORIG="$T/orig.db"
cp "$LUMBUNG_DB" "$ORIG"

# fresh: a new copy of the database to edit
fresh() { cp "$ORIG" "$LUMBUNG_DB"; rm -f "$LUMBUNG_DB-wal" "$LUMBUNG_DB-shm"; }
trig() { sql "SELECT sql FROM sqlite_schema WHERE name = '$1'"; }

fresh
sql "DROP TRIGGER redemption_no_delete"
lb verify
expect_rc 3 "a dropped trigger fails verify"
err_has "verify: history tables: the trigger redemption_no_delete is missing" "naming the trigger"

fresh
t1=$(trig redemption_no_delete)
t2=$(trig redeemed_no_delete)
sql "DROP TRIGGER redemption_no_delete; DROP TRIGGER redeemed_no_delete; PRAGMA foreign_keys = OFF;
	DELETE FROM redeemed WHERE redemption_id = $RED; DELETE FROM redemption WHERE id = $RED; $t1; $t2;"
lb verify
expect_rc 3 "a deleted redemption fails verify"
err_has "verify: history tables: redemption row $RED was deleted: history log entry" "naming the redemption"
snap
LUMBUNG_TODAY=2026-01-20 lb redeem --point POS-JHB --operator kantor "$SITI"
expect_rc 3 "the slip is not redeemable again"
err_has "already redeemed (redemption $RED), but that record is missing: run lumbung verify" "and says why"
snap
lb redeem undo "$(serial_of SEMBAKO-2026 2026-01 "Siti Aminah")" --reason test --date 2026-01-20
refused 3 "': its redemption 1 is missing from the database: run lumbung verify" "nor can it be undone"

fresh
t1=$(trig redeemed_no_delete)
sql "DROP TRIGGER redeemed_no_delete; DELETE FROM redeemed; $t1;"
LUMBUNG_TODAY=2026-01-20 lb redeem --point POS-JHB --operator kantor "$SITI"
expect_rc 3 "with only the derived row deleted, the slip is still redeemed"
err_has "already redeemed on 2026-01-15 at POS-JHB by kantor" "naming the redemption"

fresh
t1=$(trig period_close_no_delete)
sql "DROP TRIGGER period_close_no_delete; DELETE FROM period_close; $t1;"
lb verify
expect_rc 3 "a deleted period close fails verify"
err_has "verify: history tables: period_close row 2026-01 was deleted" "naming the period"

fresh
t1=$(trig lot_no_update)
sql "DROP TRIGGER lot_no_update; UPDATE lot SET unit_cost = 1 WHERE code = 'BRS-A'; $t1;"
lb verify
expect_rc 3 "a lot's cost changed fails verify"
err_has "verify: history tables: lot row $(sql "SELECT id FROM lot WHERE code = 'BRS-A'") was changed" "naming the lot"

fresh
t1=$(trig lot_no_update)
sql "DROP TRIGGER lot_no_update; UPDATE lot SET expiry = '2027-12-31' WHERE code = 'TLR-A'; $t1;"
lb verify
expect_rc 3 "a lot's expiry changed fails verify"
err_has "was changed: it differs from its copy in the history log" "says what is wrong"

fresh
t1=$(trig program_package_no_update)
sql "DROP TRIGGER program_package_no_update; UPDATE program_package SET qty = 60 WHERE item_id = (SELECT id FROM item WHERE code = 'BERAS'); $t1;"
lb verify
expect_rc 3 "a package changed fails verify"
err_has "verify: history tables: program_package row" "naming the package"

fresh
t1=$(trig redemption_attempt_no_delete)
sql "DROP TRIGGER redemption_attempt_no_delete; DELETE FROM redemption_attempt; $t1;"
lb verify
expect_rc 3 "deleted attempts fail verify"
err_has "verify: history tables: redemption_attempt row" "naming the attempt"

fresh
t1=$(trig voucher_revocation_no_delete)
lb voucher revoke "$(serial_of SEMBAKO-2026 2026-02 "Budi Santoso")" --reason hilang
expect_rc 0 "a slip is revoked"
cp "$LUMBUNG_DB" "$ORIG"
sql "DROP TRIGGER voucher_revocation_no_delete; DELETE FROM voucher_revocation; $t1;"
lb verify
expect_rc 3 "a deleted revocation fails verify"
err_has "verify: history tables: voucher_revocation row" "naming the revocation"

fresh
sql "DROP TRIGGER signing_key_log; INSERT INTO signing_key(key_id, public_key, created_at, retired_at) VALUES (7, zeroblob(32), '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');"
lb verify
expect_rc 3 "a signing key inserted behind its trigger fails verify"
err_has "the trigger signing_key_log is missing" "naming the trigger"

fresh
t1=$(trig history_log_no_delete)
sql "DROP TRIGGER history_log_no_delete; DELETE FROM history_log WHERE seq = 3; $t1;"
lb verify
expect_rc 3 "a deleted history entry fails verify"
err_has "verify: history tables: history log entry 3 was deleted" "naming the entry"

# The log is a hash chain (each entry's hash over the previous hash and
# its own seq, table, key and row): an entry changed in the log itself,
# together with its table's row so that the two still agree, is the first
# entry that does not recompute.
fresh
lot=$(sql "SELECT seq FROM history_log WHERE tbl = 'lot' ORDER BY seq LIMIT 1")
t1=$(trig history_log_no_update)
t2=$(trig lot_no_update)
sql "DROP TRIGGER history_log_no_update; DROP TRIGGER lot_no_update;
	UPDATE lot SET unit_cost = 1 WHERE id = (SELECT key FROM history_log WHERE seq = $lot);
	UPDATE history_log SET row = json_set(row, '\$[4]', 1) WHERE seq = $lot; $t1; $t2;"
lb verify
expect_rc 3 "a history entry changed with its row fails verify"
err_has "verify: history tables: history log entry $lot does not recompute: it, or an entry before it, was changed or deleted" \
	"naming the entry that was changed"
# An entry deleted and the later ones renumbered, so that seq runs
# without a gap: the entry after the deleted one no longer recomputes.
fresh
t1=$(trig history_log_no_delete)
t2=$(trig history_log_no_update)
sql "DROP TRIGGER history_log_no_delete; DROP TRIGGER history_log_no_update;
	DELETE FROM history_log WHERE seq = 3; UPDATE history_log SET seq = seq - 1 WHERE seq > 3;
	$t1; $t2;"
lb verify
expect_rc 3 "a deleted and renumbered history entry fails verify"
err_has "verify: history tables: history log entry 3 does not recompute: it, or an entry before it, was changed or deleted" \
	"naming the first entry after it"
# An entry written with the shell has no hash: lumbung seals each entry
# in the transaction that writes it.
fresh
sql "INSERT INTO history_log(tbl, key, row) VALUES ('lot', 999, '[]')"
snap
lb verify
refused 3 "verify: history tables: history log entry 46 has no hash: it was written outside lumbung" "an entry written outside lumbung fails verify"
top=$(sql "SELECT max(seq) FROM history_log")
err_has "verify: history tables: history log entry $top has no hash: it was written outside lumbung" "and says so"
[ "$(sql "SELECT count(*) FROM history_log WHERE hash IS NULL OR length(hash) <> 32")" = 1 ] \
	&& echo "ok - every other entry was sealed by the transaction that wrote it" \
	|| echo "not ok - entries left unsealed"

fresh
sql "PRAGMA foreign_keys = OFF; DROP TRIGGER recipient_status_log; INSERT INTO recipient_status(recipient_id, status, day, reason, operator, recorded_at) VALUES (1, 'aktif', '2026-01-01', 'x', 'x', 'x');"
lb verify --journal-only
expect_rc 0 "--journal-only skips the history tables"
out_has "not checked (--journal-only)" "and says so"
