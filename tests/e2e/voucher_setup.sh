# voucher_setup.sh — the small world the voucher tests (t3000-t3999) print
# slips for. Source it after lib.sh and call vsetup.
#
# Six recipients in three villages of two Kutai Kartanegara districts
# (Jahab and Loa Ipuh in Tenggarong, Jonggon Desa in Loa Kulu), one with a
# proxy and one with a UTF-8 name, a program SEMBAKO-2026 with a package of
# three items, and its January 2026 round allocated. Everything goes
# through the real CLI and nothing else: if a command breaks, every test
# built on this world fails with it.
export LUMBUNG_TODAY=2026-01-05

vrun() {
	"$LUMBUNG" "$@" >"$T/setup.out" 2>&1 || {
		echo "not ok - setup: lumbung $*"
		sed 's/^/#   /' "$T/setup.out"
		exit 1
	}
}

vregions() {
	vrun region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" \
		"$DATA/wilayah/districts.csv" "$DATA/wilayah/villages.csv"
}

vitem() { vrun item add "$1" --name "$2" --unit "$3"; } # CODE NAME UNIT

vpoint() { vrun location add "$1" --kind point --name "$2" --village "$3"; } # CODE NAME VILLAGE

vrecipient() { # NIK NAME VILLAGE CATEGORY [PROXY PROXY_NIK]
	if [ $# -gt 4 ]; then
		vrun recipient add --nik "$1" --name "$2" --village "$3" --category "$4" \
			--proxy-name "$5" --proxy-nik "$6"
	else
		vrun recipient add --nik "$1" --name "$2" --village "$3" --category "$4"
	fi
}

vsetup() {
	vrun init --org "Dinas Sosial Kabupaten Kutai Kartanegara"
	vregions
	vitem BERAS "Beras premium" kg
	vitem MINYAK "Minyak goreng" liter
	vitem TELUR "Telur ayam" butir
	vpoint POS-JHB "Kantor Desa Jahab" 64.02.06.1001
	vpoint POS-TGR "Balai Desa Loa Ipuh" 64.02.06.1002
	vpoint POS-LKL "Balai Desa Jonggon" 64.02.02.2001
	vrecipient 6402064203550001 "Siti Aminah" 64.02.06.1001 lansia
	vrecipient 6402061107480002 "Budi Santoso" 64.02.06.1001 lansia "Rahmat Hidayat" 6402061208800003
	vrecipient 6402065708520004 "Ñoman Daéng Masagéna" 64.02.06.1002 lansia
	vrecipient 6402060101500005 "Abdul Karim" 64.02.06.1002 lansia
	vrecipient 6402066512490006 "Dewi Lestari" 64.02.06.1002 disabilitas
	vrecipient 6402022003510007 "Hasan Basri" 64.02.02.2001 lansia
	vrun program add SEMBAKO-2026 --name "Bantuan Sembako Daerah" --monthly-value 300000 \
		--quota 100 --categories lansia,disabilitas --first 2026-01 --last 2026-12
	vrun program package SEMBAKO-2026 --item BERAS=10@16000 --item MINYAK=4@20000 --item TELUR=30@2000
	vrun allocate --program SEMBAKO-2026 --period 2026-01
}
