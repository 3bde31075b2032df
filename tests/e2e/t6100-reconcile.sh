# reconcile: a small round built through the real CLI reconciles to the
# exact figures worked out by hand in reports_setup.sh, in every format,
# and every bad input is refused with a clear error and nothing written.
. "$(dirname "$0")/lib.sh"
plan 58
. "$(dirname "$0")/reports_setup.sh"
rpsetup

lb reconcile --program SEMBAKO-2026 --period 2026-01 --format json
expect_rc 0 "reconcile writes JSON"
sed -n '/"totals": {/,/}/p' "$T/out" >"$T/totals"
cp "$T/totals" "$T/out"
expect_out '  "totals": {
    "allocations": 6,
    "quota": 10,
    "quota_rate": 60.00,
    "redeemed": 4,
    "redeemed_in_person": 3,
    "redeemed_by_proxy": 1,
    "not_collected": 1,
    "revoked": 1,
    "reissued": 1,
    "cancelled": 0,
    "redemption_rate": 66.67,
    "refused_attempts": 2,
    "forged": 1,
    "duplicates": 1,
    "wrong_period": 0,
    "unknown_serial": 0,
    "conflicts": 0,
    "other_refusals": 0,
    "monthly_value_rupiah": 176000,
    "round_months": 1,
    "budget_rupiah": 1056000,
    "issued_value_rupiah": 719000,
    "remaining_rupiah": 337000,
    "spent_rate": 68.09
  },' "the totals: 6 allocations, 4 redeemed (1 by proxy), 1 not collected, 1 revoked, 2 refused, Rp1.056.000 budget, Rp719.000 issued"

lb reconcile --program SEMBAKO-2026 --period 2026-01 --format json
out_has '{"code": "64.02.02", "name": "Loa Kulu", "district": "Loa Kulu", "allocations": 1, "redeemed": 1, "redeemed_by_proxy": 0, "not_collected": 0, "revoked": 0, "cancelled": 0, "redemption_rate": 100.00, "budget_rupiah": 176000, "issued_value_rupiah": 191000}' \
	"Loa Kulu: Hasan's beras came from the dearer lot (Rp191.000)"
out_has '{"code": "64.02.06", "name": "Tenggarong", "district": "Tenggarong", "allocations": 5, "redeemed": 3, "redeemed_by_proxy": 1, "not_collected": 1, "revoked": 1, "cancelled": 0, "redemption_rate": 60.00, "budget_rupiah": 880000, "issued_value_rupiah": 528000}' \
	"Tenggarong's district totals"
out_has '{"code": "64.02.06.1001", "name": "Jahab", "district": "Tenggarong", "allocations": 3, "redeemed": 2, "redeemed_by_proxy": 1, "not_collected": 1, "revoked": 0, "cancelled": 0, "redemption_rate": 66.67, "budget_rupiah": 528000, "issued_value_rupiah": 352000}' \
	"Jahab's village totals"
out_has '{"code": "64.02.06.1002", "name": "Loa Ipuh", "district": "Tenggarong", "allocations": 2, "redeemed": 1, "redeemed_by_proxy": 0, "not_collected": 0, "revoked": 1, "cancelled": 0, "redemption_rate": 50.00, "budget_rupiah": 352000, "issued_value_rupiah": 176000}' \
	"Loa Ipuh's village totals"
out_has '"name": "=1+1 Rina Wati", "nik": "6402**********07", "village": "64.02.06.1001", "point": "POS-JHB"' \
	"the allocation not collected is listed, NIK masked"
out_has '"class": "not_collected", "class_label": "tidak diambil", "reissued": 0' "as not collected"
out_has '"name": "Abdul Karim", "nik": "6402**********05"' "the revoked one is listed"
out_has '"class": "revoked", "class_label": "kupon dicabut", "reissued": 1' "as revoked and reissued"
out_lacks '"name": "Siti Aminah"' "those redeemed are not listed by default"
out_has '"outcome": "already_redeemed", "reason": "duplicate"' "the second scan of Siti's slip is listed as a duplicate"
out_has '"outcome": "forged", "reason": "forged"' "the forged slip is listed"
out_lacks '6402064203550001' "no NIK appears whole"

lb reconcile --program SEMBAKO-2026 --period 2026-01 --format json --list all
out_has '"name": "Siti Aminah", "nik": "6402**********01"' "--list all lists every allocation"
out_has '"class": "redeemed_by_proxy", "class_label": "ditebus wakil", "reissued": 0, "day": "2026-01-15", "proxy": "Rahmat Hidayat", "value_rupiah": 176000' \
	"Budi's package went to his proxy"
out_has '"name": "Hasan Basri"' "including Hasan"
[ "$(grep -c '{"allocation": ' "$T/out")" -eq 6 ] && echo "ok - six allocations listed" || echo "not ok - six allocations listed"

lb reconcile --program SEMBAKO-2026 --period 2026-01
expect_rc 0 "the table for people"
out_has "Alokasi (paket)                                6" "counts allocations"
out_has "Nilai barang disalurkan (biaya lot)    Rp719.000" "values in rupiah, Indonesian style"
out_has "Tingkat penebusan                         66,67%" "and the rate with a decimal comma"
out_has "Periode: Januari 2026" "the month in Indonesian"

lb reconcile --program SEMBAKO-2026 --period 2026-01 --format csv
expect_rc 0 "CSV for scripts"
out_has "allocations,6" "plain numbers"
out_has "issued_value_rupiah,719000" "rupiah as plain numbers"
out_has "\"'=1+1 Rina Wati\"" "a name starting with = is neutralised"

lb reconcile --program SEMBAKO-2026 --period 2026-01 --format json -o "$T/recon.json"
expect_rc 0 "-o writes a file"
expect_out "reconciliation of SEMBAKO-2026 2026-01 written to '$T/recon.json'" "and says where"
grep -q '"issued_value_rupiah": 719000' "$T/recon.json" && echo "ok - the file holds the reconciliation" || echo "not ok - the file holds the reconciliation"
lb reconcile --program SEMBAKO-2026 --period 2026-01 -o "$T/recon.csv"
grep -q "^allocations,6" "$T/recon.csv" && echo "ok - the format follows the file's extension" || echo "not ok - the format follows the file's extension"

# --sql: the same statements, for the sqlite3 shell
lb reconcile --program SEMBAKO-2026 --period 2026-01 --sql
expect_rc 0 "--sql prints the statements"
out_has "a.program_id = 1 AND a.period = '2026-01'" "with the round's values filled in"
sqlite3 -batch "$LUMBUNG_DB" <"$T/out" >"$T/sqlout" 2>&1 && echo "ok - they run in the sqlite3 shell" || { echo "not ok - they run in the sqlite3 shell"; sed 's/^/#   /' "$T/sqlout" | head; }

# ---- bad input: a clear error, nothing written ----
snap
lb reconcile --program NOPE --period 2026-01
expect_rc 2 "an unknown program is bad input"
err_has "unknown program 'NOPE'" "and names it"
lb reconcile --program SEMBAKO-2026 --period 2026-03
expect_rc 3 "a period with no allocations is refused"
err_has "program 'SEMBAKO-2026' has no allocations for 2026-03" "and says so"
lb reconcile --program SEMBAKO-2026 --period 2025-12
expect_rc 2 "a month outside the program is bad input"
err_has "has no round in 2025-12" "and says which months it runs"
snap
lb reconcile --program SEMBAKO-2026 --period 2026-13
refused 2 "--period '2026-13' is not a period: there is no month 13" "a malformed period is bad input"
lb reconcile --period 2026-01
expect_rc 2 "--program is required"
err_has "option '--program' is required" "and says so"
lb reconcile --program SEMBAKO-2026 --period 2026-01 --format pdf
expect_rc 2 "a PDF without an output file is bad input"
err_has "a PDF needs an output file (-o FILE)" "and says to give -o FILE"
snap
lb reconcile --program SEMBAKO-2026 --period 2026-01 --list some
refused 2 "reconcile: --list 'some' is not offered (choose exceptions, all or none)" "an unknown --list is bad input"
lb reconcile --program SEMBAKO-2026 --period 2026-01 -o "$T/nofolder/recon.json"
expect_rc 2 "an output file that cannot be written is bad input"
err_has "cannot write '$T/nofolder/recon.json'" "and names it"
ls "$T"/nofolder* >/dev/null 2>&1 && echo "not ok - no file is left" || echo "ok - no file is left"
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	lb reconcile --program SEMBAKO-2026 --period 2026-01 -o "$T/ro/recon.json"
	expect_rc 2 "a folder that cannot be written is bad input"
	[ -z "$(ls -A "$T/ro")" ] && echo "ok - nothing half-written in it" || echo "not ok - nothing half-written in it"
else
	echo "ok - a folder that cannot be written is bad input # SKIP running as root"
	echo "ok - nothing half-written in it # SKIP running as root"
fi
chmod 755 "$T/ro"
lb reconcile --program SEMBAKO-2026 --period 2026-01 -o "$T/ro"
expect_rc 2 "a folder as the output file is bad input"
err_has "it is a folder" "and says so"
unchanged "no refused reconcile wrote anything"
