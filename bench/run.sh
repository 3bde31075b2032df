#!/bin/sh
# make bench: every bench/bench_*.sh in turn. Figures depend on the load
# of the machine; run on an otherwise idle machine and quote them as such.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
echo "lumbung benchmarks on $(nproc) cores, $(awk '/MemTotal/ { printf "%d", $2 / 1048576 }' /proc/meminfo) GiB, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "(wall-clock figures: other load on this machine makes them slower)"
for b in "$top"/bench/bench_*.sh; do
	[ -e "$b" ] || continue
	echo
	echo "== $(basename "$b" .sh)"
	sh "$b"
done
rm -rf "$top/bench/out"
