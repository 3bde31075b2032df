# reconcile as a table for people (issue 15): every word Indonesian (no
# outcome codes, reasons or English details), within 120 columns; the
# codes and details stay in CSV and JSON under their keys.
. "$(dirname "$0")/lib.sh"
plan 23
. "$(dirname "$0")/reports_setup.sh"
rpsetup
export LUMBUNG_TODAY=2026-01-20
R="--program SEMBAKO-2026 --period 2026-01"

for list in exceptions all; do
	lb reconcile $R --list $list
	expect_rc 0 "reconcile --list $list as a table"
	wide=$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$T/out")
	[ "$wide" -le 120 ] && echo "ok - --list $list fits 120 columns ($wide)" || echo "not ok - --list $list fits 120 columns ($wide)"
	for word in not_collected already_redeemed duplicate forged "cannot redeem" revoked; do
		out_lacks "$word" "--list $list: no '$word' on the Indonesian table"
	done
done
out_has "sudah ditebus (ganda)" "the refusal in words"
out_has "palsu/tidak terbaca" "the forgery in words"
out_has "tidak diambil" "the class in words"

lb reconcile $R --list exceptions --format json
out_has '"class": "not_collected"' "JSON keeps the class code"
out_has '"outcome": "already_redeemed"' "and the outcome"
out_has '"detail": "cannot redeem voucher' "and the detail"
lb reconcile $R --list exceptions --format csv
out_has "already_redeemed,duplicate" "CSV keeps the codes"
