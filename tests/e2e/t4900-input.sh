#!/bin/sh
# Input (issue 10, point 9): $LUMBUNG_OPERATOR valid UTF-8 without control
# characters and within length, a key file checked before it is read (a
# FIFO must not hang), postings dated after today refused; nothing is
# written when refused.
. "$(dirname "$0")/lib.sh"
plan 13
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
snap
LUMBUNG_OPERATOR="$(printf 'siti\001')" lb stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty 1 --lot X1 --unit-cost 1
expect_rc 2 "an operator name with a control character is refused"
err_has "\$LUMBUNG_OPERATOR (or \$USER) must not contain control characters" "naming the variable"
LUMBUNG_OPERATOR="$(printf 'siti\377')" lb stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty 1 --lot X1 --unit-cost 1
refused 2 "\$LUMBUNG_OPERATOR (or \$USER) is not valid UTF-8 (byte 5): save the text as UTF-8 (it may be Windows-1252)" "an operator name that is not UTF-8 is refused"
LUMBUNG_OPERATOR="$(printf '%070d' 0)" lb stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty 1 --lot X1 --unit-cost 1
refused 2 "\$LUMBUNG_OPERATOR (or \$USER) is too long (70 bytes, at most 64)" "an operator name over 64 bytes is refused"
lb stock receive --to GD-TGR --from SUP-BULOG --item BERAS --qty 1 --lot X2 --unit-cost 1 --date 2099-01-01
expect_rc 2 "a receipt dated 2099 is refused"
err_has "on 2099-01-01: that is after today (2026-01-15)" "and says why"
unchanged "nothing was written"

mkfifo "$T/key.fifo"
chmod 600 "$T/key.fifo"
timeout 10 "$LUMBUNG" redeem payloads --program SEMBAKO-2026 --period 2026-01 --key "$T/key.fifo" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 2 "a FIFO as the key file is refused at once"
err_has "is not a regular file" "and says why"
