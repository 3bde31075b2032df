#!/bin/sh
# Run every test: the unit test programs (cmocka, TAP output) and the
# end-to-end scripts in tests/e2e that drive the real binary.
# usage: tests/run.sh [--unit-only] LUMBUNG UNIT_TEST_BINARY...
# Ends with the line "N passed, N failed" that CI reads; exits 1 on any failure.
# A program's TAP plan ("1..N", summed when it prints several) must match
# the ok/not ok lines it printed, and an e2e script without a plan fails:
# a test that stops early or skips its checks cannot pass.
set -u
unit_only=0
if [ "${1:-}" = "--unit-only" ]; then unit_only=1; shift; fi
LUMBUNG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
export LUMBUNG
top=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp -d "${TMPDIR:-/tmp}/lumbung-tests.XXXXXX")
trap 'rm -rf "$log"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export CMOCKA_MESSAGE_OUTPUT=TAP

pass=0
fail=0
failed_names=""

count() { # $1 = name, $2 = file with TAP lines, $3 = exit status, $4 = 1 if a plan is required
	p=$(grep -c '^ok ' "$2")
	f=$(grep -c '^not ok ' "$2")
	planned=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$2" | awk '{ s += $1 } END { if (NR) print s }')
	if [ -z "$planned" ]; then
		if [ "$4" -eq 1 ]; then
			echo "not ok - $1 declares no plan (plan N, see tests/e2e/lib.sh)" >>"$2"
			f=$((f + 1))
		fi
	elif [ $((p + f)) -ne "$planned" ] && ! grep -q '^not ok - planned ' "$2"; then
		echo "not ok - $1 planned $planned checks, ran $((p + f))" >>"$2"
		f=$((f + 1))
	fi
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or exited early: count it, never hide it
		echo "not ok - $1 exited with status $3" >>"$2"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		failed_names="$failed_names $1"
		echo "--- $1: $f failed"
		grep -v '^ok ' "$2" | head -n 60
	else
		echo "$1: $p passed"
	fi
}

for bin in "$@"; do
	name=$(basename "$bin")
	"$bin" >"$log/$name.out" 2>&1
	count "$name" "$log/$name.out" $? 0
done

if [ "$unit_only" -eq 0 ]; then
	for t in "$top"/tests/e2e/t[0-9]*.sh; do
		[ -e "$t" ] || continue
		name=$(basename "$t" .sh)
		(cd "$top" && sh "$t") >"$log/$name.out" 2>&1
		count "$name" "$log/$name.out" $? 1
	done
fi

[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
