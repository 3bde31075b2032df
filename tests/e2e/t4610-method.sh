#!/bin/sh
# How each package was redeemed (issue 10, point 4), wherever redemptions
# are counted: reconcile's CSV and JSON (column method), report recipients
# (column Cara) and the realisation report's exceptions.
. "$(dirname "$0")/lib.sh"
plan 15
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
R="--program SEMBAKO-2026 --period 2026-01"
lb redeem --point POS-JHB --operator kantor "$(payload SEMBAKO-2026 2026-01 "Siti Aminah")"
expect_rc 0 "Siti: a QR scan"
lb redeem --point POS-JHB --operator kantor --proxy "Rahmat Hidayat" --manual --reason "kupon sobek" \
	"$(serial_of SEMBAKO-2026 2026-01 "Budi Santoso")"
expect_rc 0 "Budi: a typed serial, by a proxy"
lb redeem --point POS-JHB --operator kantor --override-point --reason "pindah" "$(payload SEMBAKO-2026 2026-01 "Abdul Karim")"
expect_rc 0 "Abdul: at another point"
lb reconcile $R --list all --format csv
expect_rc 0 "reconcile CSV"
out_has ",qr" "a QR scan is qr"
out_has ",typed+proxy" "a typed serial by a proxy is typed+proxy"
out_has ",qr+other_point" "another point is qr+other_point"
lb reconcile $R --list all --format json
out_has '"method": "typed+proxy"' "and the JSON says so"
lb report recipients $R --format csv -o "$T/rcp.csv"
expect_rc 0 "report recipients"
grep -q "ketik serial, wakil" "$T/rcp.csv" && echo "ok - the recipients report says ketik serial, wakil" ||
	echo "not ok - the recipients report's Cara"
grep -q "pindai QR, titik lain" "$T/rcp.csv" && echo "ok - and pindai QR, titik lain" || echo "not ok - titik lain"
lb report distribution $R --format csv -o "$T/dist.csv"
expect_rc 0 "the realisation report"
grep -q "Pengecualian: paket diserahkan tidak dengan pindai QR di titik sendiri" "$T/dist.csv" &&
	echo "ok - lists the packages not handed over by a QR scan at their own point" || echo "not ok - the exception table"
grep "Budi Santoso" "$T/dist.csv" | grep -q "ketik serial, wakil" && echo "ok - Budi's is there, typed by a proxy" ||
	echo "not ok - Budi in the exceptions"
grep "Siti Aminah" "$T/dist.csv" | grep -q "pindai QR" && echo "not ok - Siti's QR scan listed as an exception" ||
	echo "ok - Siti's QR scan is not an exception"
