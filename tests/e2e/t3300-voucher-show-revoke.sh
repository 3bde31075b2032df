#!/bin/sh
# voucher show (exit 0 genuine whatever its status, 2 unreadable, 3 not
# genuine), revoke, and reissue (the old serial is revoked and a new slip
# printed).
. "$(dirname "$0")/lib.sh"
plan 62
. "$(dirname "$0")/voucher_setup.sh"
vsetup
lb key init
kid=$(sed -n "s/^created signing key \([0-9a-f]\{8\}\) in .*/\1/p" "$T/out")
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1001 -o "$T/jahab.pdf"
expect_rc 0 "print Jahab's slips"
pdftoppm -r 150 -png "$T/jahab.pdf" "$T/jahab" 2>/dev/null
zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/jahab*.png 2>/dev/null >"$T/codes"
[ "$(wc -l <"$T/codes")" -eq 2 ] && echo "ok - two codes read" || echo "not ok - two codes read"
# Siti Aminah is allocation 1, so voucher 1.
for t in $(cat "$T/codes" | tr ' ' '~'); do
	t=$(echo "$t" | tr '~' ' ')
	"$LUMBUNG" voucher show "$t" | grep -q "Siti Aminah" && code="$t"
done
[ -n "${code:-}" ] && echo "ok - Siti's code found" || echo "not ok - Siti's code found"

lb voucher show "$code"
expect_rc 0 "a genuine slip"
serial=$(sed -n 's/^serial: *//p' "$T/out")
expect_out "serial:      $serial
verdict:     genuine (signature of key $kid)
status:      valid
program:     SEMBAKO-2026 (Bantuan Sembako Daerah)
period:      Januari 2026
valid until: 31 Januari 2026
recipient:   Siti Aminah (NIK 6402**********01)
village:     64.02.06.1001 Jahab, Kec. Tenggarong
point:       POS-JHB (Kantor Desa Jahab)" "show prints the status and details, the NIK masked"

# As a scanner in keyboard mode sends it, with a line end.
lb voucher show "$code
"
expect_rc 0 "a trailing line end is ignored"

# Typed serials, in any case and spacing.
lower=$(echo "$serial" | tr 'A-Z' 'a-z' | tr -d '-')
lb voucher show "$lower"
expect_rc 0 "a typed serial"
out_has "verdict:     known serial (typed: no signature to check" "says the signature was not checked"
out_has "recipient:   Siti Aminah (NIK 6402**********01)" "and whose it is"

# Tampering: change one character of the signed text.
pos=40
c=$(echo "$code" | cut -c$pos)
if [ "$c" = "A" ]; then r=B; else r=A; fi
tampered="$(echo "$code" | cut -c1-$((pos - 1)))$r$(echo "$code" | cut -c$((pos + 1))-)"
snap
lb voucher show "$tampered"
if [ "$rc" -eq 3 ]; then
	echo "ok - a tampered payload is not genuine (exit 3)"
	out_has "verdict:     NOT GENUINE (forged)" "forged"
	err_has "does not carry a valid signature of key $kid" "says why"
else
	expect_rc 3 "a tampered payload is not genuine"
fi
# every position, one change each: never exit 0
bad=0
i=5
len=${#code}
while [ $i -le "$len" ]; do
	c=$(echo "$code" | cut -c$i)
	if [ "$c" = "7" ]; then r=8; else r=7; fi
	t="$(echo "$code" | cut -c1-$((i - 1)))$r$(echo "$code" | cut -c$((i + 1))-)"
	"$LUMBUNG" voucher show "$t" >/dev/null 2>&1
	case $? in 2|3) ;; *) bad=$((bad + 1)) ;; esac
	i=$((i + 7))
done
[ "$bad" -eq 0 ] && echo "ok - changed characters never verify" || echo "not ok - changed characters never verify ($bad did)"
unchanged "show writes nothing"

snap
lb voucher show "hello world"
refused 2 "this is neither a voucher QR text (starting 'LB1:') nor a serial: a serial has 9 letters and digits, like 'ABCD-EFGH-J', this has 10" "garbage is unreadable"
snap
lb voucher show 6402064203550001
refused 2 "this is neither a voucher QR text (starting 'LB1:') nor a serial: a serial has 9 letters and digits, like 'ABCD-EFGH-J', this has 16" "a NIK typed as a serial is unreadable"
err_lacks "6402064203550001" "and the NIK is not repeated"
lb voucher show "LB1:%%%"
expect_rc 2 "a broken QR text is unreadable"
err_has "unreadable voucher QR" "says so"
snap
lb voucher show "ABCD-EFGH-J"
refused 2 "serial 'ABCD-EFGH-J' does not pass its check: a character is mistyped or two are swapped; copy it again from the slip" "a serial failing its check is unreadable"
lb voucher show "0000-0001-2"
expect_rc 3 "a well-formed serial nobody has"
err_has "no voucher has serial 0000-0001-2" "says so"

# Revoke.
snap
lb voucher revoke "$serial"
refused 2 "voucher revoke: option '--reason' is required (see 'lumbung voucher revoke --help')" "revoke needs a reason"
export LUMBUNG_NOW=2026-01-14T23:30:00Z # 07:30 on the 15th in the office (WITA)
lb voucher revoke "$serial" --reason "dicabut: pindah domisili"
unset LUMBUNG_NOW
expect_rc 0 "revoke"
expect_out "revoked voucher $serial of Siti Aminah (Jahab, SEMBAKO-2026): its slip is void" "says whose"
lb voucher show "$code"
expect_rc 0 "a revoked slip is still genuine"
out_has "status:      revoked on 2026-01-15 07:30 WITA by tester (dicabut: pindah domisili)" \
	"and its status says revoked, when in the office's time, by whom and why"
snap
lb voucher revoke "$serial" --reason again
expect_rc 3 "revoking twice is refused"
err_has "already revoked" "says so"
unchanged "nothing written"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.06.1001 -o "$T/after.pdf"
expect_out "printed 1 slip on 1 page in 1 file:
  $T/after.pdf" "a revoked voucher is not printed again, nor replaced"

# Reissue: Budi lost his slip.
old=$(grep -vxF "$code" "$T/codes")
lb voucher show "$old"
out_has "recipient:   Budi Santoso" "the other Jahab slip is Budi's"
out_has "proxy:       Rahmat Hidayat" "with his proxy"
budi_text=$(sed -n 's/^serial: *//p' "$T/out")
export LUMBUNG_NOW=2026-01-15T01:15:00Z
lb voucher reissue "$budi_text" --reason hilang -o "$T/budi.pdf"
unset LUMBUNG_NOW
expect_rc 0 "reissue with -o"
new=$(sed -n "s/^reissued voucher $budi_text as \([0-9A-Z-]*\) for Budi Santoso (Jahab, SEMBAKO-2026); the old slip is void$/\1/p" "$T/out")
[ -n "$new" ] && [ "$new" != "$budi_text" ] && echo "ok - a new serial" || _fail "a new serial" "$T/out"
out_has "wrote '$T/budi.pdf'" "and its slip"
pdftoppm -r 150 -png "$T/budi.pdf" "$T/budi" 2>/dev/null
newcode=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/budi*.png 2>/dev/null)
lb voucher show "$newcode"
expect_rc 0 "the new slip is genuine"
out_has "serial:      $new" "with the new serial"
out_has "status:      valid" "and valid"
out_has "replaces:    $budi_text" "naming the one it replaces"
lb voucher show "$old"
expect_rc 0 "the old slip is still genuine"
out_has "status:      reissued: replaced by $new on 2026-01-15 09:15 WITA (hilang)" "but reissued, saying when in the office's time"
lb voucher reissue "$budi_text" --reason hilang
expect_rc 3 "reissuing the old serial again is refused"
err_has "already reissued as $new" "says as what"
lb voucher reissue "$new" --reason rusak
expect_rc 0 "the new one can be reissued in turn, without -o"
out_has "print it with: lumbung voucher print --program SEMBAKO-2026 --period 2026-01 --serial" "says how to print it"
[ "$(sql 'SELECT count(*) FROM voucher_revocation')" = 3 ] && echo "ok - three revocations" || echo "not ok - three revocations"
sql "UPDATE voucher_revocation SET reason = 'x'" 2>/dev/null && echo "not ok - revocations are append-only" || echo "ok - revocations are append-only"
sql "DELETE FROM voucher" 2>/dev/null && echo "not ok - vouchers are never deleted" || echo "ok - vouchers are never deleted"

# Expired: after the last day the status says so, and reissue is refused.
LUMBUNG_TODAY=2026-02-01 "$LUMBUNG" voucher show "$newcode" >"$T/out" 2>"$T/err"
out_has "status:      reissued" "an old reissued one stays reissued"
lb voucher print --program SEMBAKO-2026 --period 2026-01 --village 64.02.02.2001 -o "$T/h.pdf"
pdftoppm -r 150 -png "$T/h.pdf" "$T/h" 2>/dev/null
hcode=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/h*.png 2>/dev/null)
LUMBUNG_TODAY=2026-02-01 "$LUMBUNG" voucher show "$hcode" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "an expired slip is genuine"
out_has "status:      expired: valid until 2026-01-31" "and expired"
hs=$(sed -n 's/^serial: *//p' "$T/out")
LUMBUNG_TODAY=2026-02-01 "$LUMBUNG" voucher reissue "$hs" --reason hilang >"$T/out" 2>"$T/err"
rc=$?
expect_rc 3 "an expired voucher is not reissued"
err_has "valid until 2026-01-31 and today is 2026-02-01" "says why"
