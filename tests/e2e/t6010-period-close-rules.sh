# period close (issue 15): it shows what the month leaves uncollected and
# asks for --yes; a month not yet ended needs --early --reason; a month is
# not closed while an earlier one is open. Every refusal writes nothing.
. "$(dirname "$0")/lib.sh"
plan 23
. "$(dirname "$0")/reports_setup.sh"
rpsetup

# 2 December: December has not ended.
export LUMBUNG_TODAY=2026-12-02
snap
lb period close 2026-12 --yes
expect_rc 3 "a month that has not ended is refused"
err_has "cannot close period 2026-12: it has not ended (its last day is 31 Desember 2026); to close it early give --early --reason TEXT" \
	"and says how to close it early"
unchanged "nothing was written"

lb period close 2026-12 --yes --early
expect_rc 2 "--early without a reason is bad input"
err_has "period close 2026-12 --early: say why with --reason TEXT" "and says what is missing"
unchanged "nothing was written"

lb period close 2026-12 --yes --reason "akhir tahun"
expect_rc 2 "--reason without --early is bad input"
err_has "period close: --reason goes with --early" "and says so"
unchanged "nothing was written"

# January holds the round: Rina Wati did not come, and Abdul Karim, whose
# lost slip was reissued, did not either: 2 packages. February is after it.
lb period close 2026-02 --yes
expect_rc 3 "a month before which an earlier month is open is refused"
err_has "cannot close period 2026-02: period 2026-01 before it is still open; close it first" "naming the open month"
unchanged "nothing was written"

lb period close 2026-01
expect_rc 2 "without --yes nothing is closed"
err_has "period 2026-01 was not closed: closing is for good; confirm with --yes" "and it asks for --yes"
expect_out "period 2026-01: 2 packages not collected (SEMBAKO-2026: 2)
period 2026-01: 0 field kits out" "after showing what is left uncollected and which kits are out"
unchanged "nothing was written"

lb period close 2026-01 --yes
expect_rc 0 "with --yes January closes"
expect_out "period 2026-01: 2 packages not collected (SEMBAKO-2026: 2)
period 2026-01: 0 field kits out
period 2026-01 is closed: nothing more can be posted into it" "showing the same account"

lb period close 2026-02 --yes
expect_rc 0 "then February closes"

lb period close 2026-12 --yes --early --reason "tutup buku akhir tahun"
expect_rc 3 "an early close is still refused while earlier months are open"
err_has "cannot close period 2026-12: period 2026-03 before it is still open; close it first" "the next open month is named"

for m in 03 04 05 06 07 08 09 10 11; do
	lb period close 2026-$m --yes >/dev/null 2>&1 || echo "not ok - closing 2026-$m"
done
lb period close 2026-12 --yes --early --reason "tutup buku akhir tahun"
expect_rc 0 "with earlier months closed, December closes early with a reason"
[ "$(sql "SELECT note FROM period_close WHERE period = '2026-12'")" = "closed early: tutup buku akhir tahun" ] \
	&& echo "ok - the reason is recorded" || echo "not ok - the reason is recorded"
