# lib.sh — helpers for end-to-end tests of the real lumbung binary.
# Source it from a tests/e2e/tNNNN-name.sh script. Each check prints one TAP
# line ("ok - ..." or "not ok - ..." with the evidence below it).
#
#   plan N                the script runs exactly N checks (required; at exit
#                         a different number is a "not ok", so a script that
#                         stops early, even with status 0, cannot pass)
#   lb ARGS...            run lumbung; sets $rc and fills $T/out and $T/err
#   expect_rc N DESC      the last run exited with N
#   expect_out TEXT DESC  stdout is exactly TEXT (compared with diff -u)
#   out_has TEXT DESC / err_has TEXT DESC   stdout / stderr contain TEXT
#   out_lacks TEXT DESC / err_lacks TEXT DESC
#   snap; unchanged DESC  the database is byte-for-byte the same dump as at snap
#   refused N TEXT DESC   three checks for a refusal: the last run exited with
#                         N, said TEXT on stderr, and wrote nothing since the
#                         last snap (so: snap, lb ..., refused ...)
#   template; fresh       keep the database (and signing key) as it is now;
#                         put that copy back and snap, so that each independent
#                         case starts from the same state whatever the one
#                         before it did
#   ok DESC CMD...        CMD succeeds
#   lb_end [STATUS]       what the EXIT trap runs; a script that sets its own
#                         EXIT trap must end it with lb_end (passing the exit
#                         status it began with)
#
# Checks are counted from the TAP lines the script prints, whoever prints
# them (a helper, a subshell or a plain echo): stdout goes to $T/tap and is
# shown at exit, followed by the plan line "1..N" that tests/run.sh requires.
set -u
: "${LUMBUNG:?LUMBUNG must name the binary under test}"
T=$(mktemp -d "${TMPDIR:-/tmp}/lumbung-e2e.XXXXXX")
export LUMBUNG_DB="$T/lumbung.db"
export LUMBUNG_OPERATOR=tester
export LUMBUNG_KEY="$T/signing.key"
export TZ=Asia/Makassar
DATA=$(cd "$(dirname "$0")/../.." && pwd)/data
rc=0
_plan=
_snap=

plan() { _plan=$1; }

lb_end() {
	_st=${1:-$?}
	exec 1>&9
	cat "$T/tap"
	_ran=$(grep -c -e '^ok ' -e '^not ok ' "$T/tap")
	if [ -z "$_plan" ]; then
		echo "not ok - the script declares no plan (call plan N after sourcing lib.sh)"
		_st=1
	elif [ "$_ran" -ne "$_plan" ]; then
		echo "not ok - planned $_plan checks, ran $_ran"
		echo "1..$_plan"
		_st=1
	else
		echo "1..$_plan"
	fi
	rm -rf "$T"
	exit "$_st"
}
# The script's own stdout is kept on fd 9 (scripts may use 3 to 8).
exec 9>&1 1>"$T/tap"
trap lb_end EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

lb() {
	"$LUMBUNG" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

_fail() {
	echo "not ok - $1"
	shift
	for f in "$@"; do
		[ -f "$f" ] && sed 's/^/#   /' "$f" | head -n 40
	done
	return 0
}

expect_rc() {
	if [ "$rc" -eq "$1" ]; then echo "ok - $2"; else
		echo "# exit status $rc, expected $1"; _fail "$2" "$T/out" "$T/err"; fi
}

expect_out() {
	printf '%s\n' "$1" >"$T/expected"
	if diff -u "$T/expected" "$T/out" >"$T/diff"; then echo "ok - $2"; else
		_fail "$2" "$T/diff" "$T/err"; fi
}

out_has() {
	if grep -qF -- "$1" "$T/out"; then echo "ok - $2"; else
		echo "# stdout lacks: $1"; _fail "$2" "$T/out" "$T/err"; fi
}

out_lacks() {
	if grep -qF -- "$1" "$T/out"; then echo "# stdout has: $1"; _fail "$2" "$T/out"; else
		echo "ok - $2"; fi
}

err_has() {
	if grep -qF -- "$1" "$T/err"; then echo "ok - $2"; else
		echo "# stderr lacks: $1"; _fail "$2" "$T/err"; fi
}

err_lacks() {
	if grep -qF -- "$1" "$T/err"; then echo "# stderr has: $1"; _fail "$2" "$T/err"; else
		echo "ok - $2"; fi
}

# A dump of the whole database, so that "nothing was written" is proven,
# not assumed. The WAL is checkpointed by sqlite3 reading it, which is fine.
# A database that is not there (a refusal before init) dumps as "absent"
# rather than being created by sqlite3.
_dump() {
	if [ -e "$LUMBUNG_DB" ]; then sqlite3 "$LUMBUNG_DB" .dump 2>&1 | sha256sum; else echo absent; fi
}
snap() { _snap=$(_dump); }
unchanged() {
	if [ "$(_dump)" = "$_snap" ]; then echo "ok - $1"; else _fail "$1 (database changed)"; fi
}

refused() {
	expect_rc "$1" "$3"
	err_has "$2" "$3: says why"
	unchanged "$3: nothing written"
}

template() {
	cp -p "$LUMBUNG_DB" "$T/template.db" || exit 1
	rm -f "$T/template.db-wal" "$T/template.key"
	[ -f "$LUMBUNG_DB-wal" ] && cp -p "$LUMBUNG_DB-wal" "$T/template.db-wal"
	[ -f "$LUMBUNG_KEY" ] && cp -p "$LUMBUNG_KEY" "$T/template.key"
	return 0
}

fresh() {
	rm -f "$LUMBUNG_DB" "$LUMBUNG_DB-wal" "$LUMBUNG_DB-shm" "$LUMBUNG_KEY"
	cp -p "$T/template.db" "$LUMBUNG_DB" || exit 1
	[ -f "$T/template.db-wal" ] && cp -p "$T/template.db-wal" "$LUMBUNG_DB-wal"
	[ -f "$T/template.key" ] && cp -p "$T/template.key" "$LUMBUNG_KEY"
	snap
}

ok() {
	d=$1
	shift
	if "$@" >"$T/okout" 2>&1; then echo "ok - $d"; else _fail "$d" "$T/okout"; fi
}

# sql QUERY: print the result of a read-only query on the test database.
sql() { sqlite3 -batch -noheader "$LUMBUNG_DB" "$1"; }
