# The office's settings: listed with their defaults, set, checked, reset.
. "$(dirname "$0")/lib.sh"
plan 22

lb init --org "Dinas Sosial Kabupaten Kutai Kartanegara"
expect_rc 0 "init"

lb settings timezone
expect_rc 0 "a setting can be read"
expect_out "Asia/Makassar" "the time zone defaults to WITA"

lb settings
expect_rc 0 "settings lists every setting"
out_has "timezone                     Asia/Makassar" "with its value"

snap
lb settings timezone Europe/Berlin
expect_rc 2 "a time zone outside Indonesia is bad input"
err_has "setting 'timezone': 'Europe/Berlin' is not an Indonesian time zone: use Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)" "and the message names the choices"
unchanged "nothing was written"

lb settings warna biru
expect_rc 2 "an unknown setting is bad input"
err_has "unknown setting 'warna': 'lumbung settings' lists them" "and says where to look"
unchanged "nothing was written"

lb settings timezone "$(printf 'Asia/Jakarta\001')"
expect_rc 2 "a control character is refused"
err_has "setting 'timezone' must not contain control characters (line breaks, tabs)" "and says so"
unchanged "nothing was written"

lb settings timezone Asia/Jakarta
expect_rc 0 "an Indonesian time zone is accepted"
expect_out "timezone = Asia/Jakarta" "and the new value is shown"
lb settings timezone
expect_out "Asia/Jakarta" "and kept"

lb settings timezone ""
expect_rc 0 "an empty value resets"
lb settings timezone
expect_out "Asia/Makassar" "to the default"

snap
lb settings timezone "$(printf 'Asia/Jak\226rta')"
expect_rc 2 "a value that is not UTF-8 is refused"
err_has "setting 'timezone' is not valid UTF-8 (byte 9): save the text as UTF-8 (it may be Windows-1252)" "naming the byte"
unchanged "nothing was written"
