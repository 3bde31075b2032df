#!/bin/sh
# Privacy and files (issue 10, point 8): a run of 12 or more digits, however
# grouped, never reaches a message whole; databases, backups, kits and
# outputs with personal data are created 0600; -o never follows a
# symbolic link, refuses a folder (exit 2) and an existing file unless
# --force, and leaves what it refused untouched.
. "$(dirname "$0")/lib.sh"
plan 72
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
mode() { stat -c %a "$1"; }

[ "$(mode "$LUMBUNG_DB")" = 600 ] && echo "ok - the database is created 0600" || echo "not ok - database mode $(mode "$LUMBUNG_DB")"
lb backup "$T/backup.db"
expect_rc 0 "a backup"
[ "$(mode "$T/backup.db")" = 600 ] && echo "ok - the backup is 0600" || echo "not ok - backup mode $(mode "$T/backup.db")"
lb field export --point POS-JHB --period 2026-01 -o "$T/kit.db"
expect_rc 0 "a field kit"
[ "$(mode "$T/kit.db")" = 600 ] && echo "ok - the kit is 0600" || echo "not ok - kit mode $(mode "$T/kit.db")"
lb report recipients --program SEMBAKO-2026 --period 2026-01 --format csv -o "$T/rcp.csv"
expect_rc 0 "a report"
[ "$(mode "$T/rcp.csv")" = 600 ] && echo "ok - the report is 0600" || echo "not ok - report mode $(mode "$T/rcp.csv")"
[ "$(mode "$T/payloads-SEMBAKO-2026-2026-01.tsv")" = 600 ] && echo "ok - payloads are 0600" ||
	echo "not ok - payloads mode $(mode "$T/payloads-SEMBAKO-2026-2026-01.tsv")"

# -o and what is there already.
echo "keep me" >"$T/victim.txt"
ln -s "$T/victim.txt" "$T/link.tsv"
lb redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$T/link.tsv"
expect_rc 2 "payloads -o a symbolic link is refused"
err_has "cannot write '$T/link.tsv': it is a symbolic link (name the file itself)" "and says so"
[ "$(cat "$T/victim.txt")" = "keep me" ] && echo "ok - the file behind the link is untouched" || echo "not ok - written through the link"
snap
lb redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$T/link.tsv" --force
refused 2 "cannot write '$T/link.tsv': it is a symbolic link (name the file itself)" "a link is refused even with --force"
mkdir "$T/folder"
lb redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$T/folder"
expect_rc 2 "a folder is refused"
err_has "cannot write '$T/folder': it is a folder" "and says so"
lb redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$T/victim.txt"
expect_rc 2 "an existing file is refused"
err_has "cannot write '$T/victim.txt': it exists (give --force to replace it)" "and says how"
[ "$(cat "$T/victim.txt")" = "keep me" ] && echo "ok - and left as it was" || echo "not ok - an existing file was overwritten"
lb redeem payloads --program SEMBAKO-2026 --period 2026-01 -o "$T/victim.txt" --force
expect_rc 0 "--force replaces it"
[ "$(mode "$T/victim.txt")" = 600 ] && echo "ok - private" || echo "not ok - mode $(mode "$T/victim.txt")"
lb report recipients --program SEMBAKO-2026 --period 2026-01 --format csv -o "$T/rcp.csv"
expect_rc 2 "a report over an existing file is refused"
err_has "it exists (give --force to replace it)" "and says how"
lb report recipients --program SEMBAKO-2026 --period 2026-01 --format csv -o "$T/rcp.csv" --force
expect_rc 0 "with --force it is written"
snap
lb report recipients --program SEMBAKO-2026 --period 2026-01 --format pdf -o "$T/link.tsv"
refused 2 "cannot write '$T/link.tsv': it is a symbolic link (name the file itself)" "a PDF report through a link is refused"
snap
lb reconcile --program SEMBAKO-2026 --period 2026-01 --format csv -o "$T/folder"
refused 2 "cannot write '$T/folder': it is a folder" "reconcile -o a folder is refused"

# A NIK typed where a serial belongs, however grouped, is never echoed.
for nik in 6402064203550001 "6402/0642/0355/0001" "6402  0642  0355  0001" "6402_0642:0355,0001"; do
	lb redeem undo "$nik" --reason x
	expect_rc 2 "redeem undo with a NIK for a serial ($nik)"
	err_has "lumbung: serial '6402" "redeem undo with a NIK for a serial ($nik): named a malformed serial, masked"
	err_lacks "0642" "its digits are not in the message ($nik)"
	lb redeem log --serial "$nik"
	err_lacks "0642" "nor in redeem log's ($nik)"
	lb voucher revoke "$nik" --reason x
	err_lacks "0642" "nor in voucher revoke's ($nik)"
	lb voucher reissue "$nik" --reason x
	err_lacks "0642" "nor in voucher reissue's ($nik)"
done
lb redeem --point POS-JHB --operator kantor "hp 0812 3456 7890"
err_lacks "3456" "a phone number scanned by mistake is masked in the refusal"
[ "$(sql "SELECT count(*) FROM redemption_attempt WHERE payload LIKE '%3456%'")" -eq 0 ] &&
	echo "ok - and in the attempt log" || echo "not ok - a phone number in the attempt log"

# Listings mask too (issue 10, point 8: "every log line"): an attempt row
# written before the mask existed, or brought in by a kit, may hold a NIK
# in its free text; redeem log and reconcile's attempt list print it
# masked. The row is put in with the shell, as an old database has it.
sql "INSERT INTO redemption_attempt(at, day, point_id, operator, serial, payload, outcome, detail, source, file, line)
	SELECT '2026-01-20T09:00:00Z', '2026-01-20', id, 'op 6402/0642/0355/0001', NULL, 'x', 'unreadable',
	       'note: NIK 6402 0642 0355 0001 / hp 0812-3456-7890', 'file', '/media/6402064203550001.txt', 3
	FROM location WHERE code = 'POS-JHB'"
for fmt in table csv json; do
	lb redeem log --refused --format $fmt
	expect_rc 0 "redeem log --format $fmt"
	out_lacks "0642" "redeem log --format $fmt masks the NIK in detail, operator and file"
	out_lacks "3456" "redeem log --format $fmt masks the phone number"
	out_has "6402 **** **** **01" "and shows the masked NIK in its grouping ($fmt)"
done
lb redeem log --refused --format csv
out_has "/media/6402**********01.txt" "the file name is masked the same way"
lb reconcile --program SEMBAKO-2026 --period 2026-01 --format json
expect_rc 0 "reconcile --format json"
out_lacks "0642" "reconcile's attempt detail is masked"
out_has "6402 **** **** **01" "and shows the masked form"
