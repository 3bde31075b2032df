#!/bin/sh
# t8260-web-finance — keuangan and admin in the browser (issue 13): the
# BAST of every village one by one and in one zip, pagu and reference
# prices, the backup download, the office's settings and logo
# (tests/web/finance.py). February is allocated and nothing handed over,
# for the BAST of a month without handovers. LUMBUNG_SCREENS=DIR keeps
# the pictures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
plan 94
websetup
rprun allocate --program SEMBAKO-2026 --period 2026-02
webstart
webpy finance
webstop
webclean
