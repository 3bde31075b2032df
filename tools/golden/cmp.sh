#!/bin/bash
# cmp.sh — $LUMBUNG for tools/golden/run.sh: runs GOLD_NEW for real; for
# rendering commands also runs GOLD_BASE on the same database state first
# and records any difference in GOLD_LOG. Needs bash (arrays).
BASE=${GOLD_BASE:?GOLD_BASE names the older binary}
NEW=${GOLD_NEW:?}
LOG=${GOLD_LOG:?}
args=("$@")
# words after global options
w1= w2= i=0 hasfmt=0 outp=-1 fmtval=
while [ $i -lt ${#args[@]} ]; do
	a=${args[$i]}
	case $a in
	-d|--db) i=$((i+2)); continue;;
	-o|--output) outp=$((i+1));;
	--format) hasfmt=1; fmtval=${args[$((i+1))]};;
	--format=*) hasfmt=1; fmtval=${a#--format=};;
	-*) ;;
	*) if [ -z "$w1" ]; then w1=$a; elif [ -z "$w2" ]; then w2=$a; fi;;
	esac
	i=$((i+1))
done
cmp=0
case "$w1 $w2" in
"info "*|"item list"|"location list"|"stock balance"|"stock ledger"|"stock expiring"|"verify "*|"nik check"|\
"recipient list"|"recipient show"|"recipient lists"|"recipient duplicates"|"recipient flags"|"category list"|\
"program list"|"program show"|"allocation list"|"key list"|"voucher show"|"redeem log"|"finance list"|\
"user list"|"audit "*|"report "*|"reconcile "*|"voucher list") cmp=1;;
"settings ") cmp=1;;
"program package") case " $* " in *" --item"*) ;; *) cmp=1;; esac;;
esac
case " $* " in *" --help "*) cmp=0;; esac
if [ $cmp = 0 ]; then exec "$NEW" "$@"; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
: > "$tmp/stdin" # rendering commands read no input; a loop reading stdin keeps it
run_pair() { # fmt-extra...
	local -a A=("${args[@]}") B=("${args[@]}")
	local extra=("$@")
	local orig=
	if [ $outp -ge 0 ]; then orig=${A[$outp]}; bo="$tmp/base-$(basename "$orig")"; B[$outp]=$bo; fi
	"$BASE" "${B[@]}" "${extra[@]}" <"$tmp/stdin" >"$tmp/b.stdout" 2>"$tmp/b.stderr"; echo $? >"$tmp/b.rc"
	[ -n "$orig" ] && sed -i "s#$bo#$orig#g" "$tmp/b.stdout" "$tmp/b.stderr"
	if [ ${#extra[@]} -gt 0 ]; then
		local -a C=("${args[@]}")
		[ $outp -ge 0 ] && C[$outp]="$tmp/new-$(basename "$orig")"
		"$NEW" "${C[@]}" "${extra[@]}" <"$tmp/stdin" >"$tmp/n.stdout" 2>"$tmp/n.stderr"; echo $? >"$tmp/n.rc"
		[ -n "$orig" ] && sed -i "s#$tmp/new-$(basename "$orig")#$orig#g" "$tmp/n.stdout" "$tmp/n.stderr"
		cmpfiles "$tmp/new-$(basename "$orig")" "${extra[*]}"
	fi
}
cmpfiles() { # newfile label
	local bad=
	cmp -s "$tmp/b.stdout" "$tmp/n.stdout" || bad="$bad stdout"
	cmp -s "$tmp/b.stderr" "$tmp/n.stderr" || bad="$bad stderr"
	cmp -s "$tmp/b.rc" "$tmp/n.rc" || bad="$bad rc"
	if [ $outp -ge 0 ]; then bo="$tmp/base-$(basename "${args[$outp]}")"; fi
	if [ $outp -ge 0 ] && [ -f "$bo" -o -f "$1" ]; then
		case "$fmtval" in pdf|xlsx) ;; *)
		case "${args[$outp]}" in *.pdf|*.xlsx) ;; *) cmp -s "$bo" "$1" || bad="$bad file";; esac;; esac
	fi
	echo "RUN $PWD :: ${args[*]} $2 :: ${bad:-same}" >>"$LOG"
	if [ -n "$bad" ]; then
		{ echo "--- diff stdout"; diff "$tmp/b.stdout" "$tmp/n.stdout" | head -20
		  echo "--- diff stderr"; diff "$tmp/b.stderr" "$tmp/n.stderr" | head -5
		  echo "--- rc $(cat $tmp/b.rc) $(cat $tmp/n.rc)"
		  [ $outp -ge 0 ] && diff "$bo" "$1" | head -20; } >>"$LOG"
	fi
}
# extra formats for commands given none
if [ $hasfmt = 0 ] && [ $outp -lt 0 ]; then
	for f in csv json; do run_pair --format "$f"; done
fi
run_pair
# the real run, whose output the test sees
C=("${args[@]}")
"$NEW" "${C[@]}" <"$tmp/stdin" >"$tmp/n.stdout" 2>"$tmp/n.stderr"; rc=$?; echo $rc >"$tmp/n.rc"
if [ $outp -ge 0 ]; then cmpfiles "${args[$outp]}" ""; else cmpfiles /nonexistent ""; fi
cat "$tmp/n.stdout"; cat "$tmp/n.stderr" >&2
rm -rf "$tmp"
exit $rc
