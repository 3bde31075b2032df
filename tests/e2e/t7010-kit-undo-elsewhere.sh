#!/bin/sh
# Regression (found by tests/torture/model.c, seed 1592590336): a slip of
# Loa Ipuh redeemed at Jahab with --override-point, then undone on Loa
# Ipuh's field kit. The kit logged the undo's attempt at Jahab, the point
# that had redeemed it, and its import refused the whole kit as "edited by
# hand: attempt 1 is at another point than the kit's", for good. The undo
# must come back like any other: the redemption undone, its stock back.
. "$(dirname "$0")/lib.sh"
plan 9
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
ABDUL=$(payload SEMBAKO-2026 2026-01 "Abdul Karim")
SERIAL=$(serial_of SEMBAKO-2026 2026-01 "Abdul Karim")
KIT="$T/kit-loaipuh.db"
stock() { count "SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id WHERE l.code = '$1'"; }

lb redeem --point POS-JHB --override-point --reason "pindah sementara" "$ABDUL"
expect_rc 0 "Abdul's Loa Ipuh slip is redeemed at Jahab, with an override"
jahab=$(stock POS-JHB)

lb field export --point POS-TGR --period 2026-01 -o "$KIT"
expect_rc 0 "a kit for Loa Ipuh carries the redemption"
lb -d "$KIT" redeem undo "$SERIAL" --reason "salah orang"
expect_rc 0 "the redemption is undone on the kit"
[ "$(sqlite3 -batch -noheader "$KIT" "SELECT l.code FROM redemption_attempt a JOIN location l ON l.id = a.point_id WHERE a.outcome = 'undone'")" = POS-TGR ] &&
	echo "ok - the kit logs the undo at its own point" || echo "not ok - the kit logs the undo at its own point"

lb field import "$KIT"
expect_rc 0 "the kit comes back"
err_lacks "edited by hand" "and is not taken for a tampered one"
[ "$(count "SELECT count(*) FROM redeemed")" -eq 0 ] && echo "ok - Abdul's slip is no longer redeemed" ||
	echo "not ok - Abdul's slip is no longer redeemed"
[ "$(stock POS-JHB)" -gt "$jahab" ] && echo "ok - Jahab has the package back" || echo "not ok - Jahab has the package back"
lb verify
expect_rc 0 "verify passes"
