# reports_setup.sh — the small round the reconciliation and report tests
# (t6100-t6999) count. Source it after lib.sh and call rpsetup.
#
# Everything goes through the real CLI, as the office would do it:
#   - a warehouse in Tenggarong and three points: POS-JHB (Jahab) and
#     POS-TGR (Loa Ipuh) in Tenggarong, POS-LKL (Jonggon Desa) in Loa Kulu;
#   - beras in two lots, BRS-A at Rp14.000/kg and BRS-B at Rp15.500/kg
#     (above the contracted Rp14.000: the realisation report flags it),
#     minyak in one lot at Rp18.000/l; POS-LKL gets its beras from BRS-B;
#   - six recipients: in Jahab Siti Aminah (redeems in person), Budi
#     Santoso (his proxy Rahmat Hidayat collects), "=1+1 Rina Wati" (does
#     not come; her name tests formula neutralisation); in Loa Ipuh Abdul
#     Karim (his slip is lost: revoked and reissued, and he does not come)
#     and Dewi Lestari (redeems); in Jonggon Desa Hasan Basri (redeems);
#   - SEMBAKO-2026: Rp176.000 a month, quota 10, package 10 kg beras at
#     Rp14.000 and 2 l minyak at Rp18.000 (Rp176.000), January allocated;
#   - on 15 January: the four redemptions, Siti's slip scanned a second
#     time (refused: already redeemed) and a forged slip at POS-TGR.
#
# So January reconciles to: 6 allocations, 4 redeemed (1 by proxy), 1 not
# collected, 1 revoked (1 reissued), 2 refused attempts (1 forged, 1
# duplicate), budget 6 x Rp176.000 = Rp1.056.000, issued 3 x Rp176.000 +
# (10 x Rp15.500 + 2 x Rp18.000) = Rp719.000.
#
#   rprun ARGS...   run lumbung for setup; any failure ends the test
#   rpsetup         build it (LUMBUNG_TODAY 2026-01-15)
#   payload NAME    the QR text of NAME's slip (the current one)
#   serial_of NAME  the serial of NAME's slip
export LUMBUNG_TODAY=2026-01-15

rprun() {
	"$LUMBUNG" "$@" >"$T/setup.out" 2>&1 || {
		echo "not ok - setup: lumbung $*"
		sed 's/^/#   /' "$T/setup.out"
		exit 1
	}
}

# redeem exits 3 when a scan is refused, which some steps want.
rprefused() {
	"$LUMBUNG" "$@" >"$T/setup.out" 2>&1
	if [ $? -ne 3 ]; then
		echo "not ok - setup: lumbung $* should have been refused"
		sed 's/^/#   /' "$T/setup.out"
		exit 1
	fi
}

payload() { awk -F'\t' -v n="$1" '$4 == n { p = $5 } END { print p }' "$T/payloads.tsv"; }
serial_of() { awk -F'\t' -v n="$1" '$4 == n { s = $1 } END { print s }' "$T/payloads.tsv"; }

# The region data goes in through `lumbung region import` and nothing else:
# if the import breaks, every test built on this world must fail with it.
rpregions() {
	rprun region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" \
		"$DATA/wilayah/districts.csv" "$DATA/wilayah/villages.csv"
}

rpsetup() {
	rprun init --org "Dinas Sosial Kabupaten Kutai Kartanegara"
	rpregions
	rprun item add BERAS --name "Beras medium" --unit kg --pack karung=25 --shelf-life 365
	rprun item add MINYAK --name "Minyak goreng" --unit liter --pack dus=12 --shelf-life 365
	rprun location add GD-TGR --kind warehouse --name "Gudang Dinsos Tenggarong" --village 64.02.06.1006
	rprun location add SUP-BULOG --kind supplier --name "Perum BULOG"
	rprun location add POS-JHB --kind point --name "Kantor Desa Jahab" --village 64.02.06.1001
	rprun location add POS-TGR --kind point --name "Balai Desa Loa Ipuh" --village 64.02.06.1002
	rprun location add POS-LKL --kind point --name "Balai Desa Jonggon" --village 64.02.02.2001
	rprun stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty 100 --lot BRS-A \
		--expiry 2026-06-30 --unit-cost 14000 --ref SJ/BULOG/001 --date 2026-01-02
	rprun stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty 50 --lot BRS-B \
		--expiry 2026-12-31 --unit-cost 15500 --ref SJ/BULOG/002 --date 2026-01-03
	rprun stock receive --to GD-TGR --from SUP-BULOG --item MINYAK --qty 40 --lot MYK-A \
		--expiry 2026-10-31 --unit-cost 18000 --ref SJ/BULOG/003 --date 2026-01-03
	rprun stock move --from GD-TGR --to POS-JHB --item BERAS --qty 40 --date 2026-01-05
	rprun stock move --from GD-TGR --to POS-JHB --item MINYAK --qty 8 --date 2026-01-05
	rprun stock move --from GD-TGR --to POS-TGR --item BERAS --qty 30 --date 2026-01-05
	rprun stock move --from GD-TGR --to POS-TGR --item MINYAK --qty 6 --date 2026-01-05
	rprun stock move --from GD-TGR --to POS-LKL --item BERAS --qty 20 --lot BRS-B --date 2026-01-05
	rprun stock move --from GD-TGR --to POS-LKL --item MINYAK --qty 4 --date 2026-01-05
	rprun recipient add --nik 6402064203550001 --name "Siti Aminah" --village 64.02.06.1001 --category lansia
	rprun recipient add --nik 6402061107480002 --name "Budi Santoso" --village 64.02.06.1001 --category lansia \
		--proxy-name "Rahmat Hidayat" --proxy-nik 6402061208800003
	rprun recipient add --nik 6402064506600007 --name "=1+1 Rina Wati" --village 64.02.06.1001 --category lansia
	rprun recipient add --nik 6402060101500005 --name "Abdul Karim" --village 64.02.06.1002 --category lansia
	rprun recipient add --nik 6402066512490006 --name "Dewi Lestari" --village 64.02.06.1002 --category lansia
	rprun recipient add --nik 6402022003510008 --name "Hasan Basri" --village 64.02.02.2001 --category lansia
	rprun program add SEMBAKO-2026 --name "Bantuan Sembako Daerah" --monthly-value 176000 \
		--quota 10 --categories lansia --first 2026-01 --last 2026-12
	rprun program package SEMBAKO-2026 --item BERAS=10@14000 --item MINYAK=2@18000
	rprun allocate --program SEMBAKO-2026 --period 2026-01
	rprun key init
	rprun voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/slips.pdf"
	rprun voucher reissue "$("$LUMBUNG" redeem payloads --program SEMBAKO-2026 --period 2026-01 \
		--format tsv | awk -F'\t' '$4 == "Abdul Karim" { print $1 }')" --reason hilang
	rprun redeem payloads --program SEMBAKO-2026 --period 2026-01 --format tsv -o "$T/payloads.tsv"
	rprun redeem --point POS-JHB "$(payload "Siti Aminah")"
	rprun redeem --point POS-JHB --proxy "Rahmat Hidayat" "$(payload "Budi Santoso")"
	rprun redeem --point POS-TGR "$(payload "Dewi Lestari")"
	rprun redeem --point POS-LKL "$(payload "Hasan Basri")"
	rprefused redeem --point POS-JHB "$(payload "Siti Aminah")"
	# a copied slip with one character of its signature changed
	p=$(payload "Dewi Lestari")
	case "${p#"${p%??}"}" in
	0*) forged="${p%??}1${p#"${p%?}"}" ;;
	*) forged="${p%??}0${p#"${p%?}"}" ;;
	esac
	rprefused redeem --point POS-TGR "$forged"
}
