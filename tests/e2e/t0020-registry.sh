#!/bin/sh
# t0020-registry — every command is declared in the one registry: the
# dispatcher refuses an unknown option the same way for each, from the
# declaration, before anything runs; each has a generated synopsis; the
# commands for tests stay out of `lumbung help`.
. "$(dirname "$0")/lib.sh"
"$LUMBUNG" init >/dev/null 2>&1 || { echo "not ok - setup: init"; exit 1; }
"$LUMBUNG" help | sed -n 's/^  \([a-z-]*\) \([a-z-]*\) .*/\1 \2/p; s/^  \([a-z-]*\)  .*/\1/p' >"$T/commands"
n=$(wc -l <"$T/commands")
plan $((n * 3 + 3))
[ "$n" -ge 75 ] && echo "ok - help lists $n commands" || echo "not ok - help lists $n commands"
while read -r name sub; do
	words="$name${sub:+ $sub}"
	snap
	# shellcheck disable=SC2086
	lb $words --no-such-option
	expect_rc 2 "$words: an unknown option is bad input"
	err_has "lumbung: $words: unknown option '--no-such-option' (see 'lumbung $words --help')" \
		"$words: refused by the dispatcher, in the one wording"
	# shellcheck disable=SC2086
	lb $words --help
	out_has "usage: lumbung $words" "$words: a synopsis from its declaration"
done <"$T/commands"
unchanged "no refusal wrote anything"
lb help
out_lacks "redeem payloads" "a command for tests is left out of help"
