# The program's frame: init, help, usage errors, what is and is not a
# lumbung database, and schema migration on open.
. "$(dirname "$0")/lib.sh"
plan 43

lb init --org "Dinas Sosial Kabupaten Kutai Kartanegara"
expect_rc 0 "init creates a database"
expect_out "created database '$LUMBUNG_DB' (schema version $(sql 'PRAGMA user_version')) for Dinas Sosial Kabupaten Kutai Kartanegara" "init says what it made"
[ "$(sql 'PRAGMA journal_mode')" = wal ] && echo "ok - the database is in WAL mode" || echo "not ok - the database is in WAL mode"
[ "$(sql 'PRAGMA application_id')" = 1279413831 ] && echo "ok - application_id marks it as lumbung's" || echo "not ok - application_id marks it as lumbung's"

snap
lb init
expect_rc 3 "init refuses an existing database"
err_has "cannot create database '$LUMBUNG_DB': it already exists" "and says so"
unchanged "the existing database is untouched"

lb info
expect_rc 0 "info opens the database"
out_has "office:         Dinas Sosial Kabupaten Kutai Kartanegara" "info shows the office"

lb -d "$T/nofolder/x.db" init
expect_rc 2 "init in a missing folder is bad input"
err_has "folder '$T/nofolder' does not exist" "and names the folder"

# As root, chmod cannot make a folder read-only; /proc refuses new files
# even to root, so it stands in for a read-only folder.
lb -d /proc/lumbung-test.db init
expect_rc 1 "init in a read-only folder is a system failure"
err_has "cannot open database '/proc/lumbung-test.db'" "and names the path"

lb -d "$T/none.db" info
expect_rc 2 "a missing database is bad input"
err_has "no database at '$T/none.db': run 'lumbung init'" "and says how to make one"
[ ! -e "$T/none.db" ] && echo "ok - and no file was created" || echo "not ok - and no file was created"

printf 'nik,name\n1,a\n' >"$T/text.db"
lb -d "$T/text.db" info
expect_rc 2 "a text file is not a lumbung database"
err_has "'$T/text.db' is not a lumbung database (not an SQLite file)" "and says so"

: >"$T/empty.db"
lb -d "$T/empty.db" info
expect_rc 2 "an empty file is not a lumbung database"
err_has "(an empty file)" "and says so"

sqlite3 "$T/other.db" "CREATE TABLE x(a)"
lb -d "$T/other.db" info
expect_rc 2 "another program's SQLite file is refused"
err_has "is an SQLite database but not a lumbung one" "and says so"

lb frobnicate
expect_rc 2 "an unknown command is a usage error"
err_has "unknown command 'frobnicate'" "and names it"

lb init --bogus
expect_rc 2 "an unknown option is a usage error"
err_has "init: unknown option '--bogus'" "and names it"

snap
lb --bogus info
refused 2 "unknown option '--bogus' (see 'lumbung help')" "an unknown global option is a usage error"

lb help
expect_rc 0 "help works"
out_has "init" "help lists the commands"

lb init --help
expect_rc 0 "COMMAND --help works"
out_has "usage: lumbung init [--org NAME]" "and prints the synopsis"

lb
expect_rc 2 "no command at all is a usage error"
err_has "usage: lumbung [-d DB] COMMAND [SUBCOMMAND] [OPTIONS]" "and prints the usage"

# Migration: a database made at schema version 1 is brought to the
# latest version, in one step, when a newer lumbung opens it.
latest=$(sql 'PRAGMA user_version')
LUMBUNG_SCHEMA_TARGET=1 lb -d "$T/old.db" init
expect_rc 0 "an old-version database can be made for the test"
[ "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" = 1 ] && echo "ok - it is at version 1" || echo "not ok - it is at version 1"
lb -d "$T/old.db" info
expect_rc 0 "opening it migrates it"
out_has "schema version: $latest" "to the latest version"
[ "$(sqlite3 "$T/old.db" 'PRAGMA user_version')" = "$latest" ] && echo "ok - the file is at the latest version" || echo "not ok - the file is at the latest version"

sqlite3 "$T/old.db" "PRAGMA user_version=999"
lb -d "$T/old.db" info
expect_rc 2 "a database from a newer lumbung is refused"
err_has "newer than this lumbung knows" "and says why"

# The journal is append-only: the database itself refuses changes.
out=$(sqlite3 "$LUMBUNG_DB" "UPDATE period_close SET note='x'; INSERT INTO period_close VALUES('2025-12','t','x',0,NULL); UPDATE period_close SET note='y';" 2>&1)
case $out in *"a closed period stays closed"*) echo "ok - a closed period cannot be reopened by SQL" ;; *) echo "not ok - a closed period cannot be reopened by SQL: $out" ;; esac
