#!/bin/sh
# Install the Debian packages lumbung needs, and only those missing.
# Runs apt-get through sudo when not root; does nothing when all is there.
set -eu

# package : how to tell it is there (a pkg-config name, a command or a file)
need="
libsqlite3-dev:pc:sqlite3
libsodium-dev:pc:libsodium
libqrencode-dev:pc:libqrencode
libxlsxwriter-dev:pc:xlsxwriter
libzbar-dev:pc:zbar
libpng-dev:file:/usr/include/png.h
libjpeg-dev:file:/usr/include/jpeglib.h
libhpdf-dev:file:/usr/include/hpdf.h
libcmocka-dev:pc:cmocka
libmicrohttpd-dev:pc:libmicrohttpd
libzip-dev:pc:libzip
libexpat1-dev:pc:expat
pkg-config:cmd:pkg-config
sqlite3:cmd:sqlite3
poppler-utils:cmd:pdftoppm
zbar-tools:cmd:zbarimg
zxing-cpp-tools:cmd:ZXingReader
fonts-dejavu-core:file:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
time:file:/usr/bin/time
unzip:cmd:unzip
clang:cmd:clang
chromium:cmd:chromium
chromium-driver:cmd:chromedriver
python3-selenium:file:/usr/lib/python3/dist-packages/selenium/__init__.py
curl:cmd:curl
wrk:cmd:wrk
openssl:cmd:openssl
libclang-rt-14-dev:file:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
"

missing=""
for entry in $need; do
	pkg=${entry%%:*}
	rest=${entry#*:}
	how=${rest%%:*}
	what=${rest#*:}
	case $how in
	pc) pkg-config --exists "$what" 2>/dev/null && continue ;;
	cmd) command -v "$what" >/dev/null 2>&1 && continue ;;
	file) [ -e "$what" ] && continue ;;
	esac
	missing="$missing $pkg"
done

[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
else
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q || exit 1
# shellcheck disable=SC2086
$SUDO apt-get install -y -q $missing
