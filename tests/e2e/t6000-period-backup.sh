# period close and backup.
. "$(dirname "$0")/lib.sh"
plan 23
export LUMBUNG_TODAY=2026-02-03
lb init >/dev/null

lb period close 2026-01 --yes
expect_rc 0 "a past period can be closed"
expect_out "period 2026-01: 0 packages not collected
period 2026-01: 0 field kits out
period 2026-01 is closed: nothing more can be posted into it" "and says what it leaves behind, then that it closed"
[ "$(sql "SELECT period || '|' || operator || '|' || forced FROM period_close")" = "2026-01|tester|0" ] \
	&& echo "ok - the closing is recorded with who closed it" || echo "not ok - the closing is recorded with who closed it"

snap
lb period close 2026-01 --yes
expect_rc 3 "closing a period twice is refused"
err_has "cannot close period 2026-01: it is already closed" "and says so"
unchanged "nothing was written"

lb period close 2026-03 --yes
expect_rc 3 "a period that has not begun cannot be closed"
err_has "cannot close period 2026-03: it has not begun yet" "and says so"
unchanged "nothing was written"

lb period close 2026-13 --yes
expect_rc 2 "a malformed period is bad input"
err_has "period '2026-13' is not a period: there is no month 13" "and says why"

snap
lb period close
refused 2 "period close: missing argument (see 'lumbung period close --help')" "a missing period is a usage error"

lb backup "$T/backup.db"
expect_rc 0 "backup writes a copy"
expect_out "backup of '$LUMBUNG_DB' written to '$T/backup.db'" "and says where"
[ "$(sqlite3 "$T/backup.db" 'PRAGMA integrity_check')" = ok ] && echo "ok - the copy is sound" || echo "not ok - the copy is sound"
[ "$(sqlite3 "$T/backup.db" 'SELECT period FROM period_close')" = 2026-01 ] && echo "ok - the copy holds the data" || echo "not ok - the copy holds the data"
[ "$(sqlite3 "$T/backup.db" 'PRAGMA journal_mode')" = delete ] && echo "ok - the copy is one self-contained file" || echo "not ok - the copy is one self-contained file"
lb -d "$T/backup.db" info
expect_rc 0 "the copy opens as a lumbung database"

lb backup "$T/nofolder/backup.db"
expect_rc 2 "a backup into a missing folder is bad input"
err_has "folder '$T/nofolder' does not exist" "and names it"
ls "$T"/nofolder* >/dev/null 2>&1 && echo "not ok - nothing half-written is left" || echo "ok - nothing half-written is left"
