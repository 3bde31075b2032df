#!/bin/sh
# nik check: what a well-formed NIK encodes, named from the region data;
# every kind of malformed NIK refused (exit 2) with its reason and without
# the number; a district missing from the region data only warned about.
. "$(dirname "$0")/lib.sh"
plan 47
. "$(dirname "$0")/recipients_setup.sh"

# Without a database: the shape is still checked, names are not looked up.
lb nik check 6402064203550001
expect_rc 0 "a well-formed NIK without a database"
out_has "born      2 Maret 1955 (1955-03-02)" "birth date read from the NIK"
out_has "sex       P (perempuan)" "day 42: a woman"
err_has "no database" "says the names were not looked up"

rrun init
rregions

lb nik check 6402064203550001
expect_rc 0 "a well-formed NIK"
expect_out "NIK       6402**********01: well-formed
province  64 KALIMANTAN TIMUR
regency   64.02 KABUPATEN KUTAI KARTANEGARA
district  64.02.06 Tenggarong
born      2 Maret 1955 (1955-03-02)
sex       P (perempuan)" "region names, birth date and sex, the NIK masked"
out_lacks "6402064203550001" "the full NIK is not printed"

lb nik check 6402064203550001 --show-nik
out_has "NIK       6402064203550001: well-formed" "--show-nik shows it whole"

lb nik check 6402061107480002
out_has "sex       L (laki-laki)" "day 11: a man"
out_has "(1948-07-11)" "two-digit year 48 is 1948 in 2026"

lb nik check 6402062902000003
expect_rc 0 "29 February 2000 exists"

# A district that is not (or no longer) in the list: warned, not refused.
lb nik check 6402994203550001
expect_rc 0 "an unknown district is not a refusal"
out_has "district  64.02.99 (not in the region data)" "says the district is unknown"
err_has "warning: district 64.02.99 is not in the region data; the NIK may still be real" "warns why it may still be real"

bad() { # NIK MESSAGE DESC
	lb nik check "$1"
	expect_rc 2 "$3: exit 2"
	err_has "$2" "$3: says why"
	if [ ${#1} -ge 8 ]; then err_lacks "$1" "$3: the NIK is not in the message"; fi
}
bad 640206420355000 "NIK must have 16 digits, this one has 15" "15 digits"
bad 64020642035500011 "NIK must have 16 digits, this one has 17" "17 digits"
bad 64020642O3550001 "NIK must have only digits: position 9 is the letter 'O'" "a letter"
bad "6402064203 550001" "NIK must have only digits: position 11 is a space" "a space inside"
bad 6402060003550001 "NIK birth day 00 is not a day" "day 00"
bad 6402063203550001 "NIK birth day 32 is not a day: men's days run 01 to 31, women's 41 to 71" "day 32"
bad 6402067203550001 "NIK birth day 72 is not a day: women's days run 41 to 71" "day 72"
bad 6402061513550001 "NIK birth month 13 is not a month: months run 01 to 12" "month 13"
bad 6402062902010001 "NIK birth day 29 does not exist in February, which has 28 days that year" "29 February 2001"
bad 6402064203550000 "NIK serial number 0000 is not a serial" "serial 0000"

snap
lb nik check
refused 2 "nik check: missing argument (see 'lumbung nik check --help')" "no NIK given"
