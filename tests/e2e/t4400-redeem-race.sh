#!/bin/sh
# Two processes redeeming the same slip at the same moment: exactly one
# hands the package over, the other is refused as already redeemed, and
# neither fails on a locked database. Run many times (ROUNDS, default 50);
# between rounds the redemption is undone so the slip can race again.
. "$(dirname "$0")/lib.sh"
plan 5
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
ROUNDS=${ROUNDS:-50}
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
S_SITI=$(serial_of SEMBAKO-2026 2026-01 "Siti Aminah")
good=0 bad=0
i=0
while [ $i -lt "$ROUNDS" ]; do
	i=$((i + 1))
	"$LUMBUNG" redeem --point POS-JHB --operator "a$i" "$SITI" >"$T/a.out" 2>"$T/a.err" &
	pa=$!
	"$LUMBUNG" redeem --point POS-JHB --operator "b$i" "$SITI" >"$T/b.out" 2>"$T/b.err" &
	pb=$!
	wait $pa
	ra=$?
	wait $pb
	rb=$?
	if { [ $ra -eq 0 ] && [ $rb -eq 3 ] && grep -q "already redeemed on 2026-01-15 at POS-JHB by a$i" "$T/b.err"; } ||
		{ [ $rb -eq 0 ] && [ $ra -eq 3 ] && grep -q "already redeemed on 2026-01-15 at POS-JHB by b$i" "$T/a.err"; }; then
		good=$((good + 1))
	else
		bad=$((bad + 1))
		echo "# round $i: exit statuses $ra and $rb"
		sed 's/^/#   a: /' "$T/a.err" "$T/a.out" | head -n 5
		sed 's/^/#   b: /' "$T/b.err" "$T/b.out" | head -n 5
	fi
	if grep -qi "locked\|busy" "$T/a.err" "$T/b.err"; then
		echo "# round $i: a locked database surfaced"
		bad=$((bad + 1))
	fi
	"$LUMBUNG" redeem undo "$S_SITI" --reason "race round $i" >"$T/u.out" 2>&1 || {
		echo "# round $i: undo failed"
		sed 's/^/#   /' "$T/u.out"
		bad=$((bad + 1))
	}
done
[ $bad -eq 0 ] && echo "ok - $good of $ROUNDS rounds: exactly one accepted, the other refused as already redeemed" ||
	echo "not ok - $bad of $ROUNDS rounds went wrong"
[ "$(count "SELECT count(*) FROM redemption")" -eq "$ROUNDS" ] && echo "ok - $ROUNDS redemptions, one per round" ||
	echo "not ok - one redemption per round ($(count "SELECT count(*) FROM redemption"))"
[ "$(count "SELECT count(*) FROM redemption_attempt WHERE outcome = 'already_redeemed'")" -eq "$ROUNDS" ] &&
	echo "ok - $ROUNDS refusals logged" || echo "not ok - $ROUNDS refusals logged"
[ "$(count "SELECT count(*) FROM movement WHERE kind = 'issue'")" -eq $((ROUNDS * 3)) ] &&
	echo "ok - one package issued per round" || echo "not ok - one package issued per round"
lb verify
expect_rc 0 "lumbung verify passes"
