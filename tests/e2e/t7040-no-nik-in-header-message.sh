#!/bin/sh
# Regression (found by tests/fuzz/fuzz_csv.c): a recipient file exported
# without its header row had its first row read as the header, and the
# refusal quoted the first "column", the first recipient's whole NIK:
# "unknown column '6402064203550001'". A NIK never goes into a message
# (UU PDP No. 27/2022). A header cell that is a number is not quoted.
. "$(dirname "$0")/lib.sh"
plan 17
export LUMBUNG_TODAY=2026-01-05
lb init
printf '6402064203550001,6402060101010001,Siti Aminah,P,,,64.02.06.1001,lansia,\n' >"$T/nohdr.csv"
lb recipient import "$T/nohdr.csv"
expect_rc 2 "a recipient file without its header row is refused"
err_lacks "6402064203550001" "without the NIK in the message"
err_lacks "640206420355" "nor most of it"
err_has "column 1: a long number where a column name belongs: is the header row missing?" "saying what is likely wrong"
snap
lb stock import "$T/nohdr.csv"
refused 2 "file '$T/nohdr.csv', row 1, column 1: a long number where a column name belongs: is the header row missing? (the columns are: type, date," "stock import refuses it the same way"
err_lacks "6402064203550001" "without the number either"
printf 'type,item,qty,lot,to,colour\n' >"$T/colour.csv"
lb stock import "$T/colour.csv"
err_has "unknown column 'colour'" "a misspelt name is still quoted"

# The same for a row shifted by one cell: the NIK lands in another column,
# whose refusal quotes what it found.
lb region import "$DATA/wilayah/provinces.csv" "$DATA/wilayah/regencies.csv" "$DATA/wilayah/districts.csv" \
	"$DATA/wilayah/villages.csv"
printf 'nik,kk,name,sex,birth_date,address,village,category,desil\n' >"$T/shifted.csv"
printf '6402061107480002,,Budi,,6402064203550001,,64.02.06.1001,lansia,\n' >>"$T/shifted.csv"
printf '6402061107480003,,Tini,6402064203550001,,,64.02.06.1001,lansia,\n' >>"$T/shifted.csv"
lb recipient import "$T/shifted.csv"
expect_rc 2 "a file with NIKs in the birth date and sex columns is refused"
err_has "row 2, column birth_date" "the birth date is named"
err_has "row 3, column sex" "the sex is named"
err_lacks "6402064203550001" "and the NIK in them is not quoted"
snap
lb recipient add --nik 6402061107480002 --name Budi --village 64.02.06.1001 --category lansia \
	--birth-date 6402064203550001
refused 2 "recipient add: birth date '6402**********01' is not a date: write YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (or leave it empty: the NIK holds the birth date)" "recipient add with a NIK typed as the birth date is refused"
err_lacks "6402064203550001" "without quoting it"
