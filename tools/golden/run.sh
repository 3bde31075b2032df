#!/bin/sh
# run.sh — compare every rendering command's output (lists, shows,
# reports; stdout, stderr, status and written text files) between an
# older binary and this tree's, on the e2e scripts' own databases.
#
#   GOLD_BASE=/path/to/old/lumbung sh tools/golden/run.sh LOG [tNNNN-name ...]
#
# Each script runs with tools/golden/cmp.sh as $LUMBUNG: the new binary
# (build/chk/lumbung) does the real work; before it, on the same database
# state, both binaries render the command (and, for a command given no
# --format, its csv and json too) and LOG gets one line per comparison,
# "same" or what differed, with the diff. Known noise: an -o path the old
# binary is given fresh (a test's missing folder, existing file or link)
# differs on purpose, and a test counting audit rows sees extra ones.
top=$(cd "$(dirname "$0")/../.." && pwd)
log=${1:?usage: run.sh LOG [tests...]}
shift
[ $# -gt 0 ] || set -- $(cd "$top/tests/e2e" && ls t[0-7]*.sh | sed 's/\.sh$//')
rm -f "$log"
cd "$top" || exit 1
for t in "$@"; do
	GOLD_NEW=$top/build/chk/lumbung GOLD_LOG=$log LUMBUNG=$top/tools/golden/cmp.sh \
		timeout 600 sh "tests/e2e/$t.sh" >"$log.$t.out" 2>&1
	echo "$t: $(grep -c '^not ok' "$log.$t.out") not ok"
done
echo "runs: $(grep -c '^RUN' "$log")  differing: $(grep -cE ':: ( stdout| stderr| rc| file)' "$log")"
