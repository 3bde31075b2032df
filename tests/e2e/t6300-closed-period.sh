# Once January is closed its reports never change: report, post into
# February (stock, a February undo of a January redemption, a revoked
# slip, a new pagu and reference price, February's round redeemed), report
# again — the same bytes. Posting into January itself is refused.
. "$(dirname "$0")/lib.sh"
plan 21
. "$(dirname "$0")/reports_setup.sh"
rpsetup
R="--program SEMBAKO-2026 --period 2026-01"

reports() { # reports SUFFIX: every report of January, as text
	rprun reconcile $R --format csv --list all -o "$T/recon-$1.csv"
	rprun reconcile $R --format json -o "$T/recon-$1.json"
	rprun report distribution $R --format csv -o "$T/dist-$1.csv"
	rprun report stock --period 2026-01 --format csv -o "$T/stock-$1.csv"
	rprun report recipients $R --format csv -o "$T/rcp-$1.csv"
	rprun report bast $R --format csv -o "$T/bast-$1.csv"
}

export LUMBUNG_TODAY=2026-02-03
lb period close 2026-01 --yes
expect_rc 0 "January is closed"
reports before
grep -q '"closed": 1' "$T/recon-before.json" && echo "ok - the reconciliation says January is closed" \
	|| echo "not ok - the reconciliation says January is closed"
grep -q "Saldo kini" "$T/stock-before.csv" && echo "not ok - a closed month is not checked against today's balances" \
	|| echo "ok - a closed month is not checked against today's balances"

# ---- February happens ----
rprun stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty 60 --lot BRS-C \
	--expiry 2027-01-31 --unit-cost 16000 --date 2026-02-02
rprun stock move --from GD-TGR --to POS-JHB --item BERAS --qty 30 --date 2026-02-02
rprun redeem undo "$(serial_of "Siti Aminah")" --reason "salah orang" --date 2026-02-02
rprun voucher revoke "$(serial_of "=1+1 Rina Wati")" --reason rusak
rprun finance pagu --program SEMBAKO-2026 --from 2026-02 --amount 25000000 --ref "DPA-P 2026"
rprun finance price --item BERAS --from 2026-02 --price 13000 --source "HPS Februari"
rprun allocate --program SEMBAKO-2026 --period 2026-02
rprun voucher print --program SEMBAKO-2026 --period 2026-02 -o "$T/slips-feb.pdf"
rprun redeem payloads --program SEMBAKO-2026 --period 2026-02 --format tsv -o "$T/payloads-feb.tsv"
rprun redeem --point POS-LKL "$(awk -F'\t' '$4 == "Hasan Basri" { print $5 }' "$T/payloads-feb.tsv")"

# ---- and January must not have moved ----
snap
lb stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty 5 --lot BRS-D --unit-cost 14000 --date 2026-01-30
refused 3 "cannot receive on 2026-01-30: period 2026-01 is closed, nothing more can be posted into it" "nothing can be received into January"
lb finance pagu --program SEMBAKO-2026 --from 2026-01 --amount 1
expect_rc 3 "no pagu can start in January"
err_has "period 2026-01 is closed" "and says why"
snap
lb finance price --item MINYAK --from 2026-01 --price 1
refused 3 "cannot set a reference price on 2026-01-01: period 2026-01 is closed, nothing more can be posted into it" "no reference price can start in January"
unchanged "the refusals wrote nothing"

reports after
for f in recon-.csv recon-.json dist-.csv stock-.csv rcp-.csv bast-.csv; do
	b="$T/${f%-*}-before.${f#*.}"
	a="$T/${f%-*}-after.${f#*.}"
	if cmp -s "$b" "$a"; then
		echo "ok - January's ${f%-*} report has the same bytes after February"
	else
		echo "not ok - January's ${f%-*} report has the same bytes after February"
		diff "$b" "$a" | head -n 20 | sed 's/^/#   /'
	fi
done

# February sees February
lb reconcile --program SEMBAKO-2026 --period 2026-02 --format json
out_has '"redeemed": 1,' "February's round has its own redemption"
lb report distribution --program SEMBAKO-2026 --period 2026-02 --format csv -o "$T/dist-feb.csv"
tr -d '\r' <"$T/dist-feb.csv" >"$T/dist-feb.txt"
grep -q "Pagu anggaran 2026 - DPA-P 2026,Rp25.000.000" "$T/dist-feb.txt" \
	&& echo "ok - February's report has the revised pagu" || echo "not ok - February's report has the revised pagu"
grep -q "Realisasi s.d. periode lalu,Rp543.000" "$T/dist-feb.txt" \
	&& echo "ok - spent before February: January less the undone package" \
	|| { echo "not ok - spent before February: January less the undone package"; grep "periode lalu" "$T/dist-feb.txt" | sed 's/^/#   /'; }
