#!/bin/sh
# A kit's tables are evidence, never truth (issue 10, point 1): every
# redemption a kit brings back is judged again against this database, as
# a scan at the office on its day. Each dishonest kit below is edited the
# way a field officer with the sqlite3 shell could, redeemed on, and
# imported: the lie becomes a conflict with its reason, posts nothing,
# and the honest recipients are still served at their own point.
. "$(dirname "$0")/lib.sh"
plan 39
. "$(dirname "$0")/redeem_setup.sh"
rdsetup
SITI=$(payload SEMBAKO-2026 2026-01 "Siti Aminah")
BUDI=$(payload SEMBAKO-2026 2026-01 "Budi Santoso")
RINA=$(payload SEMBAKO-2026 2026-01 "Rina Wati")
ABDUL=$(payload SEMBAKO-2026 2026-01 "Abdul Karim")
DEWI_SERIAL=$(serial_of SEMBAKO-2026 2026-01 "Dewi Lestari")
BUDI_SERIAL=$(serial_of SEMBAKO-2026 2026-01 "Budi Santoso")
BUDI_PKH=$(serial_of PKH-PANGAN 2026-01 "Budi Santoso")
stock() { count "SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id WHERE l.code = '$1'"; }
kitq() { sqlite3 -batch -noheader "$1" "$2"; }
conflicts() { count "SELECT count(*) FROM redemption_attempt WHERE outcome = 'conflict' AND kit_id = (SELECT kit_id FROM field_kit WHERE path = '$1')"; }

# 1. Another point's vouchers copied into a kit and redeemed there.
lb field export --point POS-TGR --period 2026-01 -o "$T/tgr.db"
expect_rc 0 "a kit for Loa Ipuh, to copy rows from"
lb field export --point POS-JHB --period 2026-01 -o "$T/copy.db"
expect_rc 0 "a kit for Jahab"
kitq "$T/copy.db" "ATTACH '$T/tgr.db' AS t;
	INSERT INTO recipient SELECT * FROM t.recipient WHERE name IN ('Abdul Karim', 'Dewi Lestari');
	INSERT INTO kit_recipient SELECT * FROM t.kit_recipient WHERE recipient_id IN (SELECT id FROM t.recipient WHERE name IN ('Abdul Karim', 'Dewi Lestari'));
	INSERT INTO allocation SELECT * FROM t.allocation WHERE recipient_id IN (SELECT id FROM t.recipient WHERE name IN ('Abdul Karim', 'Dewi Lestari'));
	INSERT INTO voucher SELECT * FROM t.voucher WHERE allocation_id IN (SELECT id FROM allocation) AND id NOT IN (SELECT id FROM voucher);"
lb -d "$T/copy.db" redeem --point POS-JHB --operator lapangan --override-point --reason kantor "$ABDUL"
expect_rc 0 "the kit accepts a copied voucher with --override-point"
lb -d "$T/copy.db" redeem --point POS-JHB --operator lapangan --manual --override-point --reason kantor "$DEWI_SERIAL"
expect_rc 0 "and a copied voucher's typed serial"
before=$(stock POS-JHB)
lb field import "$T/copy.db"
expect_rc 0 "the kit imports"
out_has "imported: 0 redemptions, 2 conflicts" "both copied redemptions are conflicts"
[ "$(stock POS-JHB)" -eq "$before" ] && echo "ok - nothing was posted for them" || echo "not ok - stock moved ($(stock POS-JHB) vs $before)"
lb redeem log --kit "$(count "SELECT kit_id FROM field_kit WHERE path = '$T/copy.db'")" --outcome conflict
out_has "but it was not among the vouchers exported in field kit" "the conflict says the voucher was never in the kit"
lb redeem --point POS-TGR --operator kantor "$ABDUL"
expect_rc 0 "Abdul is served at his own point"
lb redeem --point POS-TGR --operator kantor --manual --reason "kupon sobek" "$DEWI_SERIAL"
expect_rc 0 "and Dewi too"

# 2. The package edited on the kit: this database's package is posted.
lb field export --point POS-JHB --period 2026-01 -o "$T/pkg.db"
expect_rc 0 "a kit for Jahab"
lb -d "$T/pkg.db" program package SEMBAKO-2026 --item BERAS=60@16000 --from 2026-01
lb -d "$T/pkg.db" redeem --point POS-JHB --operator lapangan "$RINA"
expect_rc 0 "Rina redeems on the kit with its edited package"
[ "$(kitq "$T/pkg.db" "SELECT sum(qty) FROM movement WHERE kind = 'issue' AND item_id = (SELECT id FROM item WHERE code = 'BERAS')")" -eq 60 ] &&
	ok "the kit handed out 60 kg of beras" || echo "not ok - the kit's package edit did not take"
before=$(count "SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id JOIN item i ON i.id = b.item_id WHERE l.code = 'POS-JHB' AND i.code = 'BERAS'")
lb field import "$T/pkg.db"
expect_rc 0 "the kit imports"
out_has "imported: 1 redemption, 0 conflicts" "Rina's redemption counts"
after=$(count "SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id JOIN item i ON i.id = b.item_id WHERE l.code = 'POS-JHB' AND i.code = 'BERAS'")
[ $((before - after)) -eq 10 ] && echo "ok - this database's package was posted: 10 kg of beras, not 60" ||
	echo "not ok - $((before - after)) kg of beras posted"

# 3. A slip's last day moved on the kit, its trigger dropped and put back
# (PKH-PANGAN's package is beras only, which keeps into February).
lb field export --point POS-JHB --period 2026-01 -o "$T/late.db"
expect_rc 0 "a kit for Jahab"
trig=$(kitq "$T/late.db" "SELECT sql FROM sqlite_schema WHERE name = 'voucher_no_update'")
kitq "$T/late.db" "DROP TRIGGER voucher_no_update; UPDATE voucher SET last_day = '2026-02-28' WHERE serial = (SELECT serial FROM voucher v JOIN allocation a ON a.id = v.allocation_id JOIN recipient r ON r.id = a.recipient_id JOIN program p ON p.id = a.program_id WHERE r.name = 'Budi Santoso' AND p.code = 'PKH-PANGAN'); $trig;"
LUMBUNG_TODAY=2026-02-05 lb -d "$T/late.db" redeem --point POS-JHB --operator lapangan --manual --reason "kupon sobek" "$BUDI_PKH"
expect_rc 0 "the kit accepts Budi's January slip in February"
LUMBUNG_TODAY=2026-02-06 lb field import "$T/late.db"
expect_rc 3 "the kit is refused: its voucher differs from its history log"
err_has "was edited by hand: verify: history tables: voucher row" "names the voucher changed"
# The same edit, with the kit's history log rewritten to match.
ltrig=$(kitq "$T/late.db" "SELECT sql FROM sqlite_schema WHERE name = 'history_log_no_update'")
kitq "$T/late.db" "DROP TRIGGER history_log_no_update; UPDATE history_log SET row = json_set(row, '\$[3]', '2026-02-28') WHERE tbl = 'voucher' AND json_extract(row, '\$[3]') <> '2026-02-28' AND key IN (SELECT id FROM voucher WHERE last_day = '2026-02-28'); $ltrig;"
# The log is a hash chain now: that edit alone is caught by verify (the
# kit is refused as edited by hand). The chain has no key, so a forger
# with a script recomputes it; the import's re-judging must still hold.
LUMBUNG_TODAY=2026-02-06 lb field import "$T/late.db"
expect_rc 3 "a kit whose history log was rewritten is refused"
err_has "was edited by hand: verify: history tables: history log entry" "names the entry whose hash does not recompute"
python3 - "$T/late.db" "$ltrig" <<'PY'
import hashlib, sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER history_log_no_update")
prev = bytes(32)
for seq, tbl, key, row in db.execute("SELECT seq, tbl, CAST(key AS TEXT), row FROM history_log ORDER BY seq").fetchall():
    h = hashlib.blake2b(digest_size=32)
    h.update(prev + struct.pack(">q", seq))
    for s in (tbl, key, row):
        h.update(s.encode() + b"\0")
    prev = h.digest()
    db.execute("UPDATE history_log SET hash = ? WHERE seq = ?", (prev, seq))
db.execute(sys.argv[2])
db.commit()
PY
before=$(stock POS-JHB)
LUMBUNG_TODAY=2026-02-06 lb field import "$T/late.db"
expect_rc 0 "the kit imports"
out_has "imported: 0 redemptions, 1 conflict" "the late redemption is a conflict"
[ "$(stock POS-JHB)" -eq "$before" ] && echo "ok - nothing was posted for it" || echo "not ok - stock moved"
lb redeem log --outcome conflict --serial "$BUDI_PKH"
out_has "but it expired on 2026-01-31" "the conflict says it had expired"

# 4. A redemption dated before the kit left the office.
lb field export --point POS-JHB --period 2026-01 -o "$T/early.db"
expect_rc 0 "a kit for Jahab"
printf '2026-01-10T08:00:00,%s\n' "$BUDI" >"$T/early.txt"
lb -d "$T/early.db" redeem --point POS-JHB --operator lapangan --file "$T/early.txt"
kit_rc=$rc
before=$(stock POS-JHB)
lb field import "$T/early.db"
expect_rc 0 "the kit imports"
if [ "$kit_rc" -eq 0 ]; then
	out_has "imported: 0 redemptions, 1 conflict" "the backdated redemption is a conflict"
	lb redeem log --outcome conflict --serial "$BUDI_SERIAL"
	out_has "dated 2026-01-10, before field kit" "the conflict names the export"
else
	out_has "imported: 0 redemptions, 0 conflicts" "the kit refused it itself"
fi
[ "$(stock POS-JHB)" -eq "$before" ] && echo "ok - nothing was posted for it" || echo "not ok - stock moved"

# 5. A stranger's public key slipped into the kit's keys.
cp "$LUMBUNG_DB" "$T/stranger.db"
cp "$LUMBUNG_KEY" "$T/stranger.key"
LUMBUNG_KEY="$T/stranger.key" "$LUMBUNG" -d "$T/stranger.db" key rotate >/dev/null 2>&1 || echo "not ok - setup: a stranger's key"
LUMBUNG_KEY="$T/stranger.key" "$LUMBUNG" -d "$T/stranger.db" redeem payloads --program SEMBAKO-2026 --period 2026-01 \
	--format tsv -o "$T/stranger.tsv" >/dev/null 2>&1 || echo "not ok - setup: the stranger's payloads"
FAKE=$(awk -F'\t' '$4 == "Siti Aminah" { print $5 }' "$T/stranger.tsv")
lb field export --point POS-JHB --period 2026-01 -o "$T/key.db"
expect_rc 0 "a kit for Jahab"
kitq "$T/key.db" "ATTACH '$T/stranger.db' AS s;
	INSERT INTO signing_key SELECT key_id, public_key, created_at, '2026-01-01T00:00:00Z' FROM s.signing_key WHERE retired_at IS NULL;"
lb -d "$T/key.db" redeem --point POS-JHB --operator lapangan "$FAKE"
expect_rc 0 "the kit takes the self-signed slip as genuine"
before=$(stock POS-JHB)
lb field import "$T/key.db"
expect_rc 0 "the kit imports"
out_has "imported: 0 redemptions, 1 conflict" "the self-signed redemption is a conflict"
[ "$(stock POS-JHB)" -eq "$before" ] && echo "ok - nothing was posted for it" || echo "not ok - stock moved"
lb redeem log --outcome conflict --serial "$(awk -F'\t' '$4 == "Siti Aminah" { print $1 }' "$T/stranger.tsv")"
out_has "which this database does not know: not issued here" "the conflict names the unknown key"
lb redeem --point POS-JHB --operator kantor "$SITI"
expect_rc 0 "Siti is served with her genuine slip"

lb verify
expect_rc 0 "lumbung verify passes"
