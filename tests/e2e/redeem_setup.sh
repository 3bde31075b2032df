# redeem_setup.sh — the world the redemption tests (t4000-t4999) redeem in.
# Source it after lib.sh and call rdsetup.
#
# Two distribution points in Tenggarong (POS-JHB at Jahab, POS-TGR at Loa
# Ipuh) stocked from a warehouse; six recipients (one with a proxy, one
# with a UTF-8 name); a program SEMBAKO-2026 whose package is 10 kg beras,
# 4 liter minyak and 30 butir telur, allocated for January and February
# 2026; a second program PKH-PANGAN allocated for January; a signing key.
# Everything goes through the real CLI. The slips are printed
# ($T/slips-PROGRAM-PERIOD.pdf); their QR texts come from `redeem payloads`,
# which signs them as printing does (t4300 reads them off the PDF too).
#
#   rdrun ARGS...           run lumbung for setup; any failure ends the test
#   rdsetup                 build the world (LUMBUNG_TODAY 2026-01-15)
#   payload PROGRAM PERIOD NAME   the QR text of NAME's slip
#   serial_of PROGRAM PERIOD NAME the serial of NAME's slip
#   count SQL               one number from the database
export LUMBUNG_TODAY=2026-01-15

rdrun() {
	"$LUMBUNG" "$@" >"$T/setup.out" 2>&1 || {
		echo "not ok - setup: lumbung $*"
		sed 's/^/#   /' "$T/setup.out"
		exit 1
	}
}

count() { sqlite3 -batch -noheader "$LUMBUNG_DB" "$1"; }

# The region data goes in through `lumbung region import` and nothing else:
# if the import breaks, every test built on this world must fail with it.
rdregions() {
	rdrun region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" \
		"$DATA/wilayah/districts.csv" "$DATA/wilayah/villages.csv"
}

rdsetup() {
	rdrun init --org "Dinas Sosial Kabupaten Kutai Kartanegara"
	rdregions
	rdrun item add BERAS --name "Beras medium" --unit kg --pack karung=25 --shelf-life 365
	rdrun item add MINYAK --name "Minyak goreng" --unit liter --pack dus=12 --shelf-life 365
	rdrun item add TELUR --name "Telur ayam" --unit butir --pack rak=30 --shelf-life 21
	rdrun location add GD-TGR --kind warehouse --name "Gudang Dinsos Tenggarong" --village 64.02.06.1006
	rdrun location add SUP-BULOG --kind supplier --name "Perum BULOG"
	rdrun location add POS-JHB --kind point --name "Kantor Desa Jahab" --village 64.02.06.1001
	rdrun location add POS-TGR --kind point --name "Balai Desa Loa Ipuh" --village 64.02.06.1002
	rdrun stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty "20 karung" --lot BRS-A \
		--expiry 2026-12-31 --unit-cost 14000 --date 2026-01-02
	rdrun stock receive --to GD-TGR --from SUP-BULOG --item MINYAK --qty 200 --lot MYK-A \
		--expiry 2026-10-31 --unit-cost 18000 --date 2026-01-02
	rdrun stock receive --to GD-TGR --from SUP-BULOG --item TELUR --qty "20 rak" --lot TLR-A \
		--expiry 2026-01-25 --unit-cost 2000 --date 2026-01-03
	rdrun stock receive --to GD-TGR --from SUP-BULOG --item TELUR --qty "10 rak" --lot TLR-B \
		--expiry 2026-01-20 --unit-cost 2100 --date 2026-01-03
	for p in POS-JHB POS-TGR; do
		rdrun stock move --from GD-TGR --to $p --item BERAS --qty 100 --date 2026-01-05
		rdrun stock move --from GD-TGR --to $p --item MINYAK --qty 40 --date 2026-01-05
		rdrun stock move --from GD-TGR --to $p --item TELUR --qty 300 --date 2026-01-05
	done
	rdrun recipient add --nik 6402064203550001 --name "Siti Aminah" --village 64.02.06.1001 --category lansia
	rdrun recipient add --nik 6402061107480002 --name "Budi Santoso" --village 64.02.06.1001 --category lansia \
		--proxy-name "Rahmat Hidayat" --proxy-nik 6402061208800003
	rdrun recipient add --nik 6402065708520004 --name "Ñoman Daéng Masagéna" --village 64.02.06.1002 --category lansia
	rdrun recipient add --nik 6402060101500005 --name "Abdul Karim" --village 64.02.06.1002 --category lansia
	rdrun recipient add --nik 6402066512490006 --name "Dewi Lestari" --village 64.02.06.1002 --category disabilitas
	rdrun recipient add --nik 6402064506600007 --name "Rina Wati" --village 64.02.06.1001 --category disabilitas
	rdrun program add SEMBAKO-2026 --name "Bantuan Sembako Daerah" --monthly-value 300000 \
		--quota 100 --categories lansia,disabilitas --first 2026-01 --last 2026-12
	rdrun program package SEMBAKO-2026 --item BERAS=10@16000 --item MINYAK=4@20000 --item TELUR=30@2000
	rdrun allocate --program SEMBAKO-2026 --period 2026-01
	rdrun allocate --program SEMBAKO-2026 --period 2026-02
	rdrun program add PKH-PANGAN --name "Pendamping PKH pangan" --monthly-value 50000 \
		--quota 100 --categories lansia --first 2026-01 --last 2026-06
	rdrun program package PKH-PANGAN --item BERAS=3@16000
	rdrun allocate --program PKH-PANGAN --period 2026-01
	rdrun key init
	for prog in SEMBAKO-2026:2026-01 SEMBAKO-2026:2026-02 PKH-PANGAN:2026-01; do
		# Printing makes the round's vouchers, as in the office.
		rdrun voucher print --program "${prog%%:*}" --period "${prog#*:}" \
			-o "$T/slips-${prog%%:*}-${prog#*:}.pdf"
		rdrun redeem payloads --program "${prog%%:*}" --period "${prog#*:}" --format tsv \
			-o "$T/payloads-${prog%%:*}-${prog#*:}.tsv"
	done
}

# payload PROGRAM PERIOD NAME: the QR text of NAME's slip.
payload() { awk -F'\t' -v n="$3" '$4 == n { print $5 }' "$T/payloads-$1-$2.tsv"; }
serial_of() { awk -F'\t' -v n="$3" '$4 == n { print $1 }' "$T/payloads-$1-$2.tsv"; }
