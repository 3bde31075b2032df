# A field kit in the reconciliation: the month cannot be closed while the
# kit is out, and a slip redeemed both on the kit and at the office shows
# as a field-kit conflict, counted once as redeemed.
. "$(dirname "$0")/lib.sh"
plan 13
. "$(dirname "$0")/reports_setup.sh"
rpsetup

# Jahab's point takes a kit out; Rina's slip is redeemed on it, and —
# before the kit comes back — at the office too.
rprun field export --point POS-JHB --period 2026-01 -o "$T/kit.db"
rprun -d "$T/kit.db" redeem --point POS-JHB "$(payload "=1+1 Rina Wati")"
rprun redeem --point POS-JHB "$(payload "=1+1 Rina Wati")"

export LUMBUNG_TODAY=2026-02-02
snap
lb period close 2026-01 --yes
expect_rc 3 "January cannot be closed while the kit is out"
err_has "1 field kit exported for it has not come back" "and says why"
unchanged "nothing was written"

lb field import "$T/kit.db"
expect_rc 0 "the kit is imported"
out_has "1 conflict (redeemed here first: not posted)" "with its conflict"

lb reconcile --program SEMBAKO-2026 --period 2026-01 --format json
expect_rc 0 "reconcile after the kit"
out_has '"redeemed": 5,' "Rina's package counts once"
out_has '"not_collected": 0,' "nobody is left uncollected"
out_has '"conflicts": 1,' "the kit's redemption is a conflict"
out_has '"refused_attempts": 3,' "among the refused attempts"
out_has '"outcome": "conflict", "reason": "conflict", "reason_label": "konflik kit lapangan"' \
	"listed as a field-kit conflict"
out_has '"issued_value_rupiah": 895000,' "and its stock counted once"

lb period close 2026-01 --yes
expect_rc 0 "with the kit back January closes"
