# lib.sh — helpers for end-to-end tests of the real lumbung binary.
# Source it from a tests/e2e/tNNNN-name.sh script. Each check prints one TAP
# line ("ok - ..." or "not ok - ..." with the evidence below it).
#
#   lb ARGS...            run lumbung; sets $rc and fills $T/out and $T/err
#   expect_rc N DESC      the last run exited with N
#   expect_out TEXT DESC  stdout is exactly TEXT (compared with diff -u)
#   out_has TEXT DESC / err_has TEXT DESC   stdout / stderr contain TEXT
#   out_lacks TEXT DESC / err_lacks TEXT DESC
#   snap; unchanged DESC  the database is byte-for-byte the same dump as at snap
#   ok DESC CMD...        CMD succeeds
set -u
: "${LUMBUNG:?LUMBUNG must name the binary under test}"
T=$(mktemp -d "${TMPDIR:-/tmp}/lumbung-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LUMBUNG_DB="$T/lumbung.db"
export LUMBUNG_OPERATOR=tester
export LUMBUNG_KEY="$T/signing.key"
export TZ=Asia/Makassar
DATA=$(cd "$(dirname "$0")/../.." && pwd)/data
rc=0

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
_dump() { sqlite3 "$LUMBUNG_DB" .dump 2>&1 | sha256sum; }
snap() { _snap=$(_dump); }
unchanged() {
	if [ "$(_dump)" = "$_snap" ]; then echo "ok - $1"; else _fail "$1 (database changed)"; fi
}

ok() {
	d=$1
	shift
	if "$@" >"$T/okout" 2>&1; then echo "ok - $d"; else _fail "$d" "$T/okout"; fi
}

# sql QUERY: print the result of a read-only query on the test database.
sql() { sqlite3 -batch -noheader "$LUMBUNG_DB" "$1"; }
