# Every -o output is written the one way (core/file.h; issue 10): an
# existing file is refused with exit 2, naming the file and --force, and
# nothing is changed, neither the file nor the database; --force replaces
# it; a symbolic link is never written through, even with --force; a
# folder is refused; what is written is private (0600). For voucher print
# (one file and a run split into several), voucher reissue -o, the
# handover lists (PDF and CSV) and report opname.
. "$(dirname "$0")/lib.sh"
plan 85
. "$(dirname "$0")/reports_setup.sh"
rpsetup
export LUMBUNG_TODAY=2026-01-31
R="--program SEMBAKO-2026 --period 2026-01"
mode() { stat -c %a "$1"; }
is() { # is DESC ACTUAL EXPECTED
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "# got '$2', expected '$3'"; _fail "$1"; fi
}

# outputs NAME HEAD ARGS...: the command ARGS with -o FILE, FILE a new
# name ending in NAME; HEAD is how a written file begins.
outputs() {
	name=$1 head=$2
	shift 2
	f="$T/old-$name"
	printf 'old\n' >"$f"
	chmod 644 "$f"
	snap
	lb "$@" -o "$f"
	expect_rc 2 "$name: an existing file is refused"
	err_has "cannot write '$f': it exists (give --force to replace it)" "$name: naming the file and --force"
	is "$name: the file is untouched" "$(cat "$f")" old
	unchanged "$name: the database is untouched"

	printf 'secret\n' >"$T/target-$name"
	ln -s "$T/target-$name" "$T/link-$name"
	lb "$@" -o "$T/link-$name" --force
	expect_rc 2 "$name: a symbolic link is refused, even with --force"
	err_has "cannot write '$T/link-$name': it is a symbolic link" "$name: saying so"
	is "$name: the link's target is untouched" "$(cat "$T/target-$name")" secret
	unchanged "$name: the database is untouched after the link"

	mkdir "$T/dir-$name"
	lb "$@" -o "$T/dir-$name" --force
	expect_rc 2 "$name: a folder is refused"
	err_has "cannot write '$T/dir-$name': it is a folder" "$name: saying so"
	unchanged "$name: the database is untouched after the folder"

	lb "$@" -o "$f" --force
	expect_rc 0 "$name: --force replaces the file"
	is "$name: with the new document" "$(head -c ${#head} "$f")" "$head"
	is "$name: private (0600)" "$(mode "$f")" 600
	is "$name: no temporary file is left" "$(ls "$T" | grep -c '\.tmp\.')" 0
}

outputs print.pdf %PDF- voucher print $R
outputs list.pdf %PDF- voucher list $R --village 64.02.06.1001 --format pdf
outputs list.csv no, voucher list $R --village 64.02.06.1001 --format csv
siti=$("$LUMBUNG" redeem payloads $R --format tsv | awk -F'\t' '$4 == "Siti Aminah" { print $1 }')
[ -n "$siti" ] || echo "not ok - setup: Siti Aminah's serial"
outputs reissue.pdf %PDF- voucher reissue "$siti" --reason rusak
lb stock count --at GD-TGR --item BERAS --counted 58 --reason "karung sobek" >/dev/null
expect_rc 0 "a count to write the berita acara of"
outputs opname.pdf %PDF- report opname --at GD-TGR

# A run split into several files: an existing second file refuses the
# whole run before anything is written, and nothing of it is left.
printf 'old\n' >"$T/split-002.pdf"
snap
lb voucher print $R --max-slips 2 -o "$T/split.pdf"
expect_rc 2 "split run: an existing part is refused"
err_has "cannot write '$T/split-002.pdf': it exists (give --force to replace it)" "split run: naming the part"
is "split run: the part is untouched" "$(cat "$T/split-002.pdf")" old
is "split run: no other part was written" "$(ls "$T" | grep -c '^split-00[13]')" 0
unchanged "split run: the database is untouched"
lb voucher print $R --max-slips 2 -o "$T/split.pdf" --force
expect_rc 0 "split run: --force replaces it"
out_has "$T/split-002.pdf" "split run: listing the part"
is "split run: the part is a new PDF" "$(head -c 5 "$T/split-002.pdf")" %PDF-
is "split run: every part private" "$(stat -c %a "$T"/split-00*.pdf | sort -u)" 600
