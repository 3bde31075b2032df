#!/bin/sh
# make torture: run each torture suite's long form (LUMBUNG_TORTURE=1)
# against the optimised binary, showing its TAP lines and figures as they
# come, and end with "N passed, N failed" like tests/run.sh.
# usage: tests/torture/run.sh LUMBUNG SUITE_BINARY...
set -u
LUMBUNG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
export LUMBUNG LUMBUNG_TORTURE=${LUMBUNG_TORTURE:-1}
log=$(mktemp -d "${TMPDIR:-/tmp}/lumbung-torture.XXXXXX")
trap 'rm -rf "$log"' EXIT
pass=0
fail=0
for bin in "$@"; do
	name=$(basename "$bin")
	echo "== $name"
	start=$(date +%s)
	"$bin" 2>&1 | tee "$log/$name.out"
	p=$(grep -c '^ok ' "$log/$name.out")
	f=$(grep -c '^not ok ' "$log/$name.out")
	if ! grep -q '^1\.\.' "$log/$name.out" && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name did not finish"
	fi
	echo "== $name: $p passed, $f failed, $(($(date +%s) - start)) s"
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
