#!/bin/sh
# t8230-web-forms — the office's forms drawn from the commands'
# declarations and posted to the same operations (tests/web/forms.py).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../web/setup.sh"
plan 140
websetup
printf "\377\330\377\340 a phone photo" >"$T/rumah.jpg"
webstart
webpy forms
webstop
webclean
