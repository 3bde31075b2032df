#!/bin/sh
# Signing keys: key init writes a private key file outside the database and
# never overwrites one; its default place is per database; key list; key
# rotate keeps slips signed with the old key valid; a missing key file or one
# others can read stops printing before anything is written.
. "$(dirname "$0")/lib.sh"
plan 50
. "$(dirname "$0")/voucher_setup.sh"
vsetup

lb key init
expect_rc 0 "key init"
kid=$(sed -n "s/^created signing key \([0-9a-f]\{8\}\) in '.*'$/\1/p" "$T/out")
[ -n "$kid" ] && echo "ok - it names the key id" || _fail "it names the key id" "$T/out"
out_has "created signing key $kid in '$T/signing.key'" "at \$LUMBUNG_KEY"
[ "$(stat -c %a "$T/signing.key")" = 600 ] && echo "ok - the key file is mode 0600" || echo "not ok - the key file is mode 0600"
[ "$(sql 'SELECT printf("%08x", key_id) FROM signing_key')" = "$kid" ] && echo "ok - the database has its public key" || echo "not ok - the database has its public key"
sql "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%secret%'" | grep -q '^0$' && echo "ok - no table holds a secret" || echo "not ok - no table holds a secret"
grep -q "^secret-key " "$T/signing.key" && echo "ok - the file holds the secret" || echo "not ok - the file holds the secret"

cp "$T/signing.key" "$T/before.key"
snap
lb key init
expect_rc 3 "a second key init is refused"
err_has "already has signing key $kid" "saying there is a key and pointing at rotate"
err_has "key rotate" "rotate is the way to a new key"
cmp -s "$T/signing.key" "$T/before.key" && echo "ok - the key file is untouched" || echo "not ok - the key file is untouched"
unchanged "nothing written"

snap
lb key init --key "$T/signing.key"
refused 3 "this database already has signing key " "key init onto an existing file is refused"

lb key list --format csv
expect_rc 0 "key list"
out_has "$kid,signing," "the key signs"

# The default place: $HOME/.config/lumbung/<db_id>.key when LUMBUNG_KEY is unset.
db_id=$(sql "SELECT value FROM meta WHERE key = 'db_id'")
mkdir -p "$T/home"
cp "$LUMBUNG_DB" "$T/other.db"
HOME="$T/home" LUMBUNG_KEY= "$LUMBUNG" -d "$T/other.db" key init >"$T/out" 2>"$T/err"
rc=$?
expect_rc 3 "the copy already has a key"
err_has "this database already has signing key " "the copy already has a key: says so"
sqlite3 "$T/other.db" "DROP TRIGGER signing_key_no_delete; DELETE FROM signing_key;"
HOME="$T/home" LUMBUNG_KEY= "$LUMBUNG" -d "$T/other.db" key init >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "key init at the default place"
out_has "in '$T/home/.config/lumbung/$db_id.key'" "the default is \$HOME/.config/lumbung/<db_id>.key"
[ "$(stat -c %a "$T/home/.config/lumbung")" = 700 ] && echo "ok - its folder is private" || echo "not ok - its folder is private"

# Printing finds the key there, and a --key FILE elsewhere.
lb voucher print --program SEMBAKO-2026 --period 2026-01 --key "$T/home/.config/lumbung/$db_id.key" -o "$T/x.pdf"
expect_rc 3 "a key of another database is refused"
err_has "is not one of this database's signing keys" "saying whose it is not"

# A missing key file: exit 2, nothing written (no vouchers made).
snap
lb voucher print --program SEMBAKO-2026 --period 2026-01 --key "$T/nope.key" -o "$T/x.pdf"
expect_rc 2 "a missing key file"
err_has "$T/nope.key" "names the file"
err_has "key init" "and says how to make one"
unchanged "nothing written"
[ ! -e "$T/x.pdf" ] && echo "ok - no PDF" || echo "not ok - no PDF"

# A key file others can read: exit 3.
chmod 644 "$T/signing.key"
lb voucher print --program SEMBAKO-2026 --period 2026-01 -o "$T/x.pdf"
expect_rc 3 "a key file readable by others"
err_has "readable by others (mode 0644)" "says why"
err_has "chmod 600" "and what to do"
unchanged "nothing written"
[ ! -e "$T/x.pdf" ] && echo "ok - no PDF" || echo "not ok - no PDF"
chmod 600 "$T/signing.key"

# Rotation: print with the old key, rotate, the old slips still verify,
# new slips carry the new key.
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1001 -o "$T/old.pdf"
expect_rc 0 "print with the first key"
pdftoppm -r 150 -png "$T/old.pdf" "$T/old" 2>/dev/null
zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/old*.png 2>/dev/null >"$T/old.txt"
[ "$(wc -l <"$T/old.txt")" -eq 2 ] && echo "ok - two slips read" || echo "not ok - two slips read"
lb key rotate
expect_rc 0 "key rotate"
new=$(sed -n "s/^new signing key \([0-9a-f]\{8\}\) in '.*'$/\1/p" "$T/out")
[ -n "$new" ] && [ "$new" != "$kid" ] && echo "ok - a new key id" || _fail "a new key id" "$T/out"
out_has "retired key $kid: slips it signed stay valid; its file is now '$T/signing.key.retired-$kid'" "the old file is kept aside"
[ "$(stat -c %a "$T/signing.key.retired-$kid")" = 600 ] && echo "ok - still private" || echo "not ok - still private"
lb key list --format csv
out_has "$kid,retired," "the old key is retired"
out_has "$new,signing," "the new key signs"
while read -r text; do
	lb voucher show "$text"
	expect_rc 0 "an old slip still verifies"
	out_has "genuine (signature of key $kid)" "with the retired key"
done <"$T/old.txt"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1001 -o "$T/new.pdf"
pdftoppm -r 150 -png "$T/new.pdf" "$T/new" 2>/dev/null
text=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/new*.png 2>/dev/null | head -n 1)
lb voucher show "$text"
expect_rc 0 "a new slip verifies"
out_has "genuine (signature of key $new)" "with the new key"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --key "$T/signing.key.retired-$kid" -o "$T/x.pdf"
expect_rc 3 "the retired key no longer signs"
err_has "retired" "saying so"
