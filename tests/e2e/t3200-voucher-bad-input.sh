#!/bin/sh
# voucher print refuses bad input with a clear error and writes nothing:
# an unknown program or period, a period with no allocations yet, an
# output path that cannot be written (no half-written file left), a missing
# key file or one others can read, a logo that is not PNG or JPEG.
. "$(dirname "$0")/lib.sh"
plan 68
. "$(dirname "$0")/voucher_setup.sh"
vsetup
lb key init
expect_rc 0 "key init"

# nothing_written DESC: the database is unchanged and no PDF appeared.
nothing_written() {
	unchanged "$1: nothing written to the database"
	if ls "$T" | grep -q "\.pdf"; then
		echo "not ok - $1: no PDF, whole or half"
		ls "$T" | sed 's/^/#   /'
	else
		echo "ok - $1: no PDF, whole or half"
	fi
}

snap
lb voucher print --program BPNT --period 2026-01 -o "$T/x.pdf"
expect_rc 2 "an unknown program"
err_has "unknown program 'BPNT'" "names it"
nothing_written "unknown program"

lb voucher print --program SEMBAKO-2026 --period 2026-13 -o "$T/x.pdf"
expect_rc 2 "a malformed period"
err_has "'2026-13' is not a period" "says why"
nothing_written "malformed period"

lb voucher print --program SEMBAKO-2026 --period 2025-12 -o "$T/x.pdf"
expect_rc 2 "a period outside the program"
err_has "program 'SEMBAKO-2026' has no round in 2025-12: its rounds run from 2026-01 to 2026-12" "says when its rounds are"
nothing_written "period outside the program"

lb voucher print --program SEMBAKO-2026 --period 2026-02 -o "$T/x.pdf"
expect_rc 3 "a period with no allocations yet"
err_has "program 'SEMBAKO-2026' has no allocations for 2026-02 yet: run 'lumbung allocate --program SEMBAKO-2026 --period 2026-02' first" "says what to run"
nothing_written "no allocations"

lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.9999 -o "$T/x.pdf"
expect_rc 2 "an unknown village"
err_has "unknown village '64.02.06.9999'" "names it"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1003 -o "$T/x.pdf"
expect_rc 3 "a village with nobody allocated"
err_has "no slips to print for program 'SEMBAKO-2026' in 2026-01 in village 64.02.06.1003" "says so"
snap
lb voucher print --program SEMBAKO-2026 --period 2026-01 --district 64.99 -o "$T/x.pdf"
refused 2 "unknown district '64.99' (codes look like 64.02.06)" "an unknown district"
nothing_written "unknown village or district"

# Output paths that cannot be written.
lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/no/such/dir/x.pdf"
expect_rc 2 "a folder that does not exist"
err_has "cannot write '$T/no/such/dir/x.pdf': No such file or directory" "says why"
nothing_written "missing folder"
mkdir "$T/ro"
chmod 555 "$T/ro"
if [ "$(id -u)" -eq 0 ]; then
	# root writes anywhere; a read-only bind is not available here, so a
	# path under a regular file stands in for a folder nobody can write
	: >"$T/afile"
	lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/afile/x.pdf"
else
	lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/ro/x.pdf"
fi
expect_rc 2 "an output folder that cannot be written"
err_has "cannot write" "says so"
rm -f "$T/afile"
nothing_written "unwritable folder"
mkdir "$T/adir.pdf"
lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/adir.pdf"
expect_rc 2 "an output that is a folder"
err_has "it is a folder" "says so"
rmdir "$T/adir.pdf"
nothing_written "output is a folder"

# Key problems.
lb voucher print --program SEMBAKO-2026 --period 2026-01 --key "$T/missing.key" -o "$T/x.pdf"
expect_rc 2 "a missing key file"
err_has "$T/missing.key" "names it"
nothing_written "missing key"
chmod 644 "$T/signing.key"
lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/x.pdf"
expect_rc 3 "a key file others can read"
err_has "is readable by others (mode 0644): run chmod 600" "says what to do"
nothing_written "readable key"
chmod 600 "$T/signing.key"

# Logos that are not PNG or JPEG.
echo "not an image" >"$T/logo.txt"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --logo "$T/logo.txt" -o "$T/x.pdf"
expect_rc 2 "a logo that is text"
err_has "logo '$T/logo.txt' is not a PNG or JPEG file" "says so"
printf 'GIF89a\001\000\001\000\000\000\000;' >"$T/logo.gif"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --logo "$T/logo.gif" -o "$T/x.pdf"
expect_rc 2 "a GIF logo"
err_has "is not a PNG or JPEG file" "says so"
printf '\211PNG\r\n\032\ngarbage' >"$T/logo.png"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --logo "$T/logo.png" -o "$T/x.pdf"
expect_rc 2 "a broken PNG"
err_has "is not a valid PNG file" "says so"
snap
lb voucher print --program SEMBAKO-2026 --period 2026-01 --logo "$T/nope.png" -o "$T/x.pdf"
refused 2 "cannot read logo '$T/nope.png': No such file or directory" "a logo that does not exist"
nothing_written "bad logos"

# Usage errors.
lb voucher print --program SEMBAKO-2026 --period 2026-01
expect_rc 2 "no -o"
err_has "option '-o' is required" "says which option"
snap
lb voucher print --period 2026-01 -o "$T/x.pdf"
refused 2 "voucher print: option '--program' is required (see 'lumbung voucher print --help')" "no --program"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --serial ZZZZ-ZZZZ-Z -o "$T/x.pdf"
expect_rc 2 "a mistyped serial"
err_has "does not pass its check" "says so"
nothing_written "usage errors"

# And after all that, a good run still works and leaves only its file.
lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/ok.pdf"
expect_rc 0 "a good run"
[ "$(ls "$T" | grep -c '\.pdf')" -eq 1 ] && echo "ok - exactly one PDF" || echo "not ok - exactly one PDF"
