#!/bin/sh
# Chapter 7: the office on the web. One user per role, each with a fresh
# random password printed here (write them down: they are stored only as
# Argon2id hashes), and the one command that serves the demo database.
set -eu
L=$LUMBUNG
point=$(head -n 1 "$DEMO/points.txt" | cut -d, -f2 | tr 'a-z' 'A-Z' | tr -cd 'A-Z0-9')
{
	echo "Web users (password on the right):"
	for role in admin pendataan gudang penyalur keuangan auditor; do
		pw=$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')
		if [ "$role" = penyalur ]; then
			printf '%s\n' "$pw" | $L user add "$role" --role "$role" --point "TP-$point" --password-stdin >/dev/null
		else
			printf '%s\n' "$pw" | $L user add "$role" --role "$role" --password-stdin >/dev/null
		fi
		printf '  %-10s %s\n' "$role" "$pw"
	done
} | tee "$DEMO/web-users.txt"
echo "(also in $DEMO/web-users.txt; penyalur acts for TP-$point)"
