#!/bin/sh
# t8250-web-pendataan — the data staff's pages (tests/web/pendataan.py):
# likely duplicates reviewed side by side, programs and packages, and a
# round allocated after a preview of its counts and stock need, each
# calling the command's operation; every refusal writes nothing.
# LUMBUNG_SCREENS=DIR keeps the pictures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
plan 123
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] || ! $PY -c 'import selenium' 2>/dev/null; then
	echo "not ok - chromium, chromedriver or python3-selenium is missing (make deps installs them)"
	exit 1
fi
websetup
# three likely duplicates: the same name, birth date and village as a
# recipient registered before, under another NIK (the later one is held)
rprun recipient add --nik 6402064203550021 --name "SITI AMINAH" --village 64.02.06.1001 --category lansia \
	--kk 6402061111110001 --address "RT 05 Jahab"
rprun recipient add --nik 6402061107480012 --name "Budi Santoso" --village 64.02.06.1001 --category lansia
rprun recipient add --nik 6402066512490016 --name "Dewi Lestari" --village 64.02.06.1002 --category lansia
webstart
webpy pendataan
webstop
webclean
