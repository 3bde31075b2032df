#!/bin/sh
# recipient import: a file with missing, extra, misspelt or repeated
# columns refused; all or nothing with every bad row listed (row, column,
# reason); --skip-invalid writing the bad rows with a reason to --rejects;
# repeated NIKs (in the file, or already registered) refused; likely
# duplicates flagged. Run twice: row by row and in bulk (indexes rebuilt),
# which must give the same database.
. "$(dirname "$0")/lib.sh"
plan 114
. "$(dirname "$0")/recipients_setup.sh"

H=nik,kk,name,sex,birth_date,address,village,category,desil
cat >"$T/good.csv" <<EOF
$H
6402064203550001,6402060101090001,Siti Aminah,P,1955-03-02,"RT 03, Jl. Mulawarman",64.02.06.1001,lansia,2
6402061107480002,,Budi Santoso,L,1948-07-11,,64.02.06.1001,lansia,1
6402065708520004,,Dewi Lestari,,,,64.02.06.1002,disabilitas,
6402022003510007,,Hasan Basri,L,1951-03-20,,64.02.02.2001,lansia,3
6402060507150008,,Andi Saputra,L,2015-07-05,,64.02.06.1002,anak,1
EOF

cat >"$T/bad.csv" <<EOF
$H
640206420355000,,Salah Panjang,P,,,64.02.06.1001,lansia,2
6402061207480012,,Rusdi,L,,,64.02.06.1001,lansia,1
6402065708520014,,Desa Salah,P,,,64.02.06.9999,lansia,1
6402065708520024,,Kategori Salah,P,,,64.02.06.1002,yatim,1
6402022003510017,,Tanggal Salah,L,1951-03-21,,64.02.02.2001,lansia,3
6402061207480012,,Rusdi Lagi,L,,,64.02.06.1001,lansia,1
6402064203550001,,Siti Kembar,P,,,64.02.06.1002,lansia,2
6402065708520034,,Kurang Kolom,P,,,64.02.06.1002,lansia
6402060507150018,,Ahmad,L,,,64.02.06.1002,anak,1
EOF

round() { # MODE
	export LUMBUNG_IMPORT_BULK=$1
	m=$2
	rm -f "$LUMBUNG_DB" "$LUMBUNG_DB-wal" "$LUMBUNG_DB-shm"
	rrun init
	rregions

	lb recipient import "$T/good.csv"
	expect_rc 0 "$m: a good file"
	expect_out "registered 5 recipients from 5 rows of '$T/good.csv'" "$m: says how many"
	ok "$m: fields as given, the rest from the NIK" test "$(sql "SELECT sex || birth_date || coalesce(desil, '-') FROM recipient WHERE name = 'Dewi Lestari'")" = "P1952-08-17-"
	ok "$m: quoted address with a comma" test "$(sql "SELECT address FROM recipient WHERE name = 'Siti Aminah'")" = "RT 03, Jl. Mulawarman"
	ok "$m: every token distinct" test "$(sql "SELECT count(DISTINCT token) FROM recipient")" = 5

	snap
	lb recipient import "$T/bad.csv"
	expect_rc 2 "$m: a file with bad rows"
	err_has "file '$T/bad.csv', row 2, column nik: NIK must have 16 digits, this one has 15" "$m: a short NIK"
	err_has "row 4, column village: unknown village code '64.02.06.9999' (not in the region data)" "$m: an unknown village"
	err_has "row 5, column category: unknown category 'yatim' (the categories are: lansia, disabilitas, anak)" "$m: an unknown category"
	err_has "row 6, column birth_date: birth date 1951-03-21 disagrees with the NIK (the day differs)" "$m: a birth date against the NIK"
	err_has "row 7, column nik: duplicate NIK: the same NIK is on row 3" "$m: a NIK twice in the file"
	err_has "row 8, column nik: duplicate NIK: already registered, to 'Siti Aminah' of village 64.02.06.1001 (status aktif)" "$m: a NIK already registered"
	err_has "row 9: 8 fields, but the header has 9" "$m: a short row"
	err_has "recipient import: 7 bad rows in '$T/bad.csv', nothing imported" "$m: sums up"
	err_lacks "6402064203550001" "$m: no NIK in the messages"
	err_lacks "6402061207480012" "$m: no NIK in the messages (2)"
	unchanged "$m: nothing written"

	lb recipient import "$T/bad.csv" --skip-invalid
	expect_rc 2 "$m: --skip-invalid without --rejects"
	err_has "--skip-invalid needs --rejects FILE" "$m: says so"
	lb recipient import "$T/bad.csv" --skip-invalid --rejects "$T/bad.csv"
	expect_rc 2 "$m: --rejects naming the input"
	err_has "recipient import: --rejects must not be the file being imported" "$m: says so"
	unchanged "$m: nothing written, the input intact"
	ok "$m: the input is intact" test "$(wc -l <"$T/bad.csv")" = 10

	lb recipient import "$T/bad.csv" --dry-run --skip-invalid --rejects "$T/rej.csv"
	expect_rc 0 "$m: dry run"
	out_has "would register 2 recipients from 9 rows of '$T/bad.csv' (dry run: nothing written)" "$m: says what it would do"
	unchanged "$m: a dry run writes nothing"

	lb recipient import "$T/bad.csv" --skip-invalid --rejects "$T/rej.csv"
	expect_rc 0 "$m: --skip-invalid takes the good rows"
	out_has "registered 2 recipients from 9 rows" "$m: counts them"
	out_has "skipped 7 bad rows, written with the reason to '$T/rej.csv'" "$m: and the bad ones"
	ok "$m: the good rows are in" test "$(sql "SELECT group_concat(name, '+') FROM (SELECT name FROM recipient WHERE id > 5 ORDER BY id)")" = "Rusdi+Ahmad"
	tr -d '\r' <"$T/rej.csv" | head -n 1 >"$T/rej.head"
	tr -d '\r' <"$T/rej.csv" | tail -n +2 | sort >"$T/rej.body"
	ok "$m: the rejects header is the file's plus reason" test "$(cat "$T/rej.head")" = "$H,reason"
	cat >"$T/rej.want" <<EOF
640206420355000,,Salah Panjang,P,,,64.02.06.1001,lansia,2,"nik: NIK must have 16 digits, this one has 15: a digit is missing (if the list went through Excel, Excel turned the column into numbers: format it as Text and enter or paste the numbers again)"
6402022003510017,,Tanggal Salah,L,1951-03-21,,64.02.02.2001,lansia,3,"birth_date: birth date 1951-03-21 disagrees with the NIK (the day differs): a likely typo; if the papers really say so, register with --accept-mismatch"
6402061207480012,,Rusdi Lagi,L,,,64.02.06.1001,lansia,1,nik: duplicate NIK: the same NIK is on row 3
6402064203550001,,Siti Kembar,P,,,64.02.06.1002,lansia,2,"nik: duplicate NIK: already registered, to 'Siti Aminah' of village 64.02.06.1001 (status aktif)"
6402065708520014,,Desa Salah,P,,,64.02.06.9999,lansia,1,village: unknown village code '64.02.06.9999' (not in the region data)
6402065708520024,,Kategori Salah,P,,,64.02.06.1002,yatim,1,"category: unknown category 'yatim' (the categories are: lansia, disabilitas, anak)"
6402065708520034,,Kurang Kolom,P,,,64.02.06.1002,lansia,,"8 fields, but the header has 9"
EOF
	sort "$T/rej.want" >"$T/rej.want.sorted"
	if diff -u "$T/rej.want.sorted" "$T/rej.body" >"$T/rej.diff"; then echo "ok - $m: the rejects, each with its reason"; else
		echo "not ok - $m: the rejects, each with its reason"; sed 's/^/#   /' "$T/rej.diff"; fi

	# Likely duplicates: against the database and within the file.
	cat >"$T/dups.csv" <<EOF
$H
6402064203550021,,siti aminah,P,,,64.02.06.1001,lansia,2
6402061505600031,,Rahmawati,P,1960-05-15,,64.02.06.1003,lansia,3
6402065505600041,,Rahmawati,P,,,64.02.06.1003,lansia,3
6402065505600051,,Rahmawati,P,,,64.02.06.1003,lansia,3
EOF
	lb recipient import "$T/dups.csv" --accept-mismatch
	expect_rc 0 "$m: likely duplicates are registered"
	out_has "flagged 4 likely duplicates (same name, birth date and village): held until reviewed" "$m: and flagged"
	out_has "recorded 1 NIK mismatch accepted with --accept-mismatch" "$m: the accepted mismatch counted"
	ok "$m: the later ones are held" test "$(sql "SELECT group_concat(nik, ' ') FROM (SELECT DISTINCT r.nik FROM duplicate_flag d JOIN recipient r ON r.id = d.recipient_id ORDER BY r.nik)")" = "6402064203550021 6402065505600041 6402065505600051"

	while IFS='|' read -r cols msg; do
		printf '%s\n' "$cols" >"$T/cols.csv"
		snap
		lb recipient import "$T/cols.csv"
		refused 2 "file '$T/cols.csv', $msg" "$m: header '$cols' refused"
	done <<-EOF
		nik,kk,name,sex,birth_date,address,village,category|row 1: missing column 'desil'
		nik,kk,name,sex,birth_date,address,village,category,desil,foo|row 1, column 10: unknown column 'foo'
		nik,kk,name,sex,birth_dte,address,village,category,desil|row 1, column 5: unknown column 'birth_dte'
		nik,kk,name,name,sex,birth_date,address,village,category,desil|row 1, column 4: column 'name' appears twice
	EOF
	lb recipient import "$T/cols.csv"
	err_has "column 'name' appears twice" "$m: a repeated column"
	printf 'nik,kk,name,sex,birth_date,address,village,category\n' >"$T/cols.csv"
	lb recipient import "$T/cols.csv"
	err_has "row 1: missing column 'desil'" "$m: a missing column"
	printf 'nik,kk,name,sex,birth_dte,address,village,category,desil\n' >"$T/cols.csv"
	lb recipient import "$T/cols.csv"
	err_has "row 1, column 5: unknown column 'birth_dte'" "$m: a misspelt column"
	printf '%s,foo\n' "$H" >"$T/cols.csv"
	lb recipient import "$T/cols.csv"
	err_has "unknown column 'foo'" "$m: an extra column"
	sql "SELECT nik, kk, name, sex, birth_date, address, village, category, desil, status, mismatch_accepted FROM recipient ORDER BY nik" >"$T/table.$1"
	sql "SELECT r.nik, o.nik FROM duplicate_flag d JOIN recipient r ON r.id = d.recipient_id JOIN recipient o ON o.id = d.other_id ORDER BY 1, 2" >"$T/flags.$1"
}

round 0 rows
round 1 bulk
ok "both ways give the same recipients" cmp "$T/table.0" "$T/table.1"
ok "and the same duplicate flags" cmp "$T/flags.0" "$T/flags.1"
ok "bulk import put every index back" test "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'recipient' ORDER BY name)")" = "recipient_inactive recipient_name recipient_nik recipient_person recipient_priority recipient_replaces recipient_token"

# A generated district's worth: both ways again, on a few thousand rows.
if cc -O2 -o "$T/gen" tools/gen_recipients.c 2>"$T/cc.err"; then
	"$T/gen" --count 3000 --villages "$DATA/wilayah/villages.csv" --regency 64.02 --duplicates 7 >"$T/gen.csv"
	for mode in 0 1; do
		export LUMBUNG_IMPORT_BULK=$mode
		rm -f "$LUMBUNG_DB" "$LUMBUNG_DB-wal" "$LUMBUNG_DB-shm"
		rrun init
		rregions
		rrun recipient import "$T/gen.csv"
		sql "SELECT nik, name, birth_date, village, category, desil FROM recipient ORDER BY nik" >"$T/gen.$mode"
		sql "SELECT r.nik, o.nik FROM duplicate_flag d JOIN recipient r ON r.id = d.recipient_id JOIN recipient o ON o.id = d.other_id ORDER BY 1, 2" >"$T/genflags.$mode"
	done
	ok "3007 generated rows imported" test "$(wc -l <"$T/gen.1")" = 3007
	ok "generated: rows and bulk give the same recipients" cmp "$T/gen.0" "$T/gen.1"
	ok "generated: the 7 duplicates flagged both ways" test "$(wc -l <"$T/genflags.1")" = 7
	ok "generated: the same flags both ways" cmp "$T/genflags.0" "$T/genflags.1"
	rm -f "$LUMBUNG_DB" "$LUMBUNG_DB-wal" "$LUMBUNG_DB-shm"
	rrun init
	rregions
	rrun recipient import "$T/gen.csv"
	export LUMBUNG_IMPORT_BULK=1
	snap
	lb recipient import "$T/gen.csv"
	expect_rc 2 "bulk: importing the same file again"
	err_has "recipient import: 3007 bad rows" "bulk: every row is a repeated NIK"
	unchanged "bulk: nothing written, indexes back"
else
	echo "not ok - cannot build tools/gen_recipients.c"
	sed 's/^/#   /' "$T/cc.err"
fi
