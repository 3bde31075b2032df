#!/bin/sh
# make fuzz: run each libFuzzer target for SECONDS on a copy of its seed
# corpus and print its executions. Crashes are written to build/fuzz/crashes;
# copy a minimised one into tests/fuzz/crashes/NAME/ as a regression test
# once the bug is fixed.
# usage: tests/fuzz/run.sh SECONDS BINARY...
set -u
secs=$1
shift
echo "fuzzing on $(nproc) cores, $secs s per target"
status=0
for bin in "$@"; do
	name=$(basename "$bin" | sed 's/^fuzz_//')
	work=build/fuzz/corpus-$name
	mkdir -p "$work" build/fuzz/crashes
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix=build/fuzz/crashes/"$name"- "$work" "tests/fuzz/corpus/$name" \
		>build/fuzz/"$name".log 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' build/fuzz/"$name".log | grep -o '[0-9]*$')
	if [ $rc -eq 0 ]; then
		printf '  %-12s %10s executions, no crash\n' "$name" "${execs:-?}"
	else
		printf '  %-12s %10s executions, FAILED (exit %d): see build/fuzz/%s.log\n' "$name" "${execs:-?}" $rc "$name"
		status=1
	fi
done
exit $status
