"""forms.py - the office's forms (web/form.c): drawn from the commands'
declarations, posted to the same operations as the command line, once
per form, audited with the logged-in user; a refused form writes
nothing and is shown again with the reason."""
import csv
import io
import json
import os
import re
import sqlite3

from webtest import DB, cli, dump, logged_in, ok, done


def balance(loc, item, lot):
    r = cli("stock", "balance", "--at", loc, "--item", item, "--lot", lot, "--format", "json")
    return r.stdout


def subjects(action):
    """The subjects of `lumbung audit` rows of an action, oldest first."""
    rows = list(csv.reader(io.StringIO(cli("audit", "--action", action, "--format", "csv").stdout)))
    col = rows[0].index("subject")
    return [r[col] for r in rows[1:]][::-1]


def datalist(body, name):
    """The codes a form's datalist for field name offers."""
    m = re.search(r'<datalist id="dl-%s">(.*?)</datalist>' % name, body)
    return re.findall(r'<option value="([^"]*)"', m.group(1)) if m else None


def movements():
    con = sqlite3.connect(DB)
    n = con.execute("SELECT count(*) FROM movement").fetchone()[0]
    con.close()
    return n


g = logged_in("gudang")
# logins write sessions: every client logs in before the snapshots
others = {role: logged_in(role) for role in ("keuangan", "auditor", "penyalur", "pendataan", "admin")}
# the period close is checked at the end: a closed January takes no more postings
r = g.get("/stok/terima")
ok(r.status == 200, "gudang opens the receive form", r)
for name in ("to", "item", "qty", "lot", "expiry", "unit-cost", "from", "ref", "date", "note"):
    ok('name="%s"' % name in r.body, "the form has the declared field %s" % name, r.body[:3000])
ok('<label><span>Jumlah <span class="req">*</span></span><input name="qty" list="dl-qty" type="text" value="" required>'
   in r.body, "a required field is marked and required", r.body[:3000])
ok('type="date"' in r.body, "dates get the date picker")
ok('<option value="BERAS">Beras medium (kg)</option>' in r.body, "items are offered by code and name")
ok(datalist(r.body, "from") == ["SUP-BULOG"], "goods are received from the suppliers only", datalist(r.body, "from"))
ok(datalist(r.body, "to") == ["GD-TGR", "POS-JHB", "POS-LKL", "POS-TGR"], "into warehouses and points only",
   datalist(r.body, "to"))
key = re.search(r'name="id" value="(web-[0-9a-f]{32})"', r.body)
ok(key is not None, "the form carries a fresh posting key")

fields = {"to": "GD-TGR", "item": "BERAS", "qty": "2 karung", "lot": "BRS-W1", "expiry": "2026-12-31",
          "unit-cost": "12.500", "from": "SUP-BULOG", "ref": "SJ/WEB/1", "date": "2026-01-07",
          "note": "lewat web", "id": key.group(1) if key else "x"}
n0 = movements()
r = g.post("/stok/terima", fields)
ok(r.status == 200 and "Diterima 50 kg BERAS (Beras medium) ke GD-TGR" in r.body,
   "receiving 2 karung posts 50 kg and says so in Bahasa Indonesia", r)
ok(movements() == n0 + 1, "one movement was posted")
after = balance("GD-TGR", "BERAS", "BRS-W1")
ok('"lot": "BRS-W1", "expiry": "2026-12-31", "quantity": 50, "unit": "kg"' in after, "the CLI sees the 50 kg in lot BRS-W1", after)

r = g.post("/stok/terima", fields)
ok(r.status == 200 and "sudah tercatat sebelumnya" in r.body, "the same form sent again is recognised", r)
ok(movements() == n0 + 1, "and posts nothing more")

con = sqlite3.connect(DB)
row = con.execute("SELECT user, action, subject, result FROM audit WHERE action='stock receive' "
                  "ORDER BY id DESC LIMIT 1").fetchone()
con.close()
ok(row == ("gudang", "stock receive", "BERAS lot BRS-W1 to GD-TGR", "ok"),
   "the receipt is audited with the logged-in user", row)

snap = dump()
bad = dict(fields, qty="dua karung", id="web-" + "a" * 32)
r = g.post("/stok/terima", bad)
ok(r.status == 400, "a quantity that is not one is refused with 400", r)
ok("Isian formulir belum benar; tidak ada yang dicatat." in r.body and
   "Rincian teknis (untuk admin): " in r.body, "the refusal says what went wrong in Bahasa Indonesia", r)
ok('value="dua karung"' in r.body, "the form comes back with what was typed", r.body[:4000])
ok(dump() == snap, "a refused form writes nothing")

r = g.post("/stok/terima", dict(fields, item="TIDAKADA", id="web-" + "b" * 32))
ok(r.status == 400 and "TIDAKADA" in r.body, "an unknown item is refused and named", r)
r = g.post("/stok/terima", dict(fields, lot="", id="web-" + "c" * 32))
ok(r.status == 400 and "option &#39;--lot&#39; is required" in r.body, "a missing required field is refused", r)
ok(dump() == snap, "nothing written by either")

for role in ("keuangan", "auditor", "penyalur", "pendataan"):
    c = others[role]
    r = c.get("/stok/terima")
    ok(r.status == 403, "%s may not open the receive form" % role, r)
    r = c.post("/stok/terima", dict(fields, id="web-" + "d" * 32))
    ok(r.status == 403, "nor post it", r)
ok(dump() == snap, "refused roles wrote nothing")

r = g.post("/stok/terima", dict(fields, id="web-" + "e" * 32), with_csrf=False)
ok(r.status == 403, "a post without the CSRF token is refused", r)
ok(dump() == snap, "and writes nothing")

# ---- move, adjust, count, reverse: the same declared commands ----
r = g.get("/stok")
ok('<a href="/stok/pindah">Pindahkan ke titik</a>' in r.body, "the stock page offers the gudang its forms")
r = g.get("/stok/pindah")
key = re.search(r'name="id" value="(web-[0-9a-f]{32})"', r.body)
ok(r.status == 200 and key is not None, "the move form carries its own posting key", r)
ok(datalist(r.body, "from") == datalist(r.body, "to") == ["GD-TGR", "POS-JHB", "POS-LKL", "POS-TGR"],
   "stock moves between warehouses and points, never from a supplier", (datalist(r.body, "from"), datalist(r.body, "to")))
mv = {"from": "GD-TGR", "to": "POS-JHB", "item": "BERAS", "qty": "1 karung", "date": "2026-01-08",
      "id": key.group(1) if key else "x"}
n0 = movements()
r = g.post("/stok/pindah", mv)
ok(r.status == 200 and "Dipindahkan 25 kg BERAS dari GD-TGR ke POS-JHB" in r.body, "moving stock to a point", r)
ok(movements() > n0, "posts the movements")
n1 = movements()
r = g.post("/stok/pindah", mv)
ok("sudah tercatat sebelumnya" in r.body and movements() == n1, "the same move form sent again posts nothing")
snap = dump()
r = g.post("/stok/pindah", dict(mv, qty="9999", id="web-" + "f" * 32))
ok(r.status == 409 and "Permintaan ini ditolak oleh aturan program; tidak ada yang dicatat." in r.body,
   "moving more than is there is refused by the rule", r)
ok('value="9999"' in r.body and 'value="web-' + "f" * 32 + '"' in r.body,
   "the refused form keeps what was typed and its posting key", r.body[-3000:])
r = g.get("/stok/sesuaikan")
ok('<select name="reason" required><option value="">— pilih —</option><option value="rusak">rusak</option>' in r.body,
   "the write-off reason is chosen from the list", r.body[:3000])
r = g.post("/stok/sesuaikan", {"at": "GD-TGR", "item": "BERAS", "qty": "-2", "reason": "dicuri",
                                "id": "web-" + "9" * 32})
ok(r.status == 400, "an unknown write-off reason is refused", r)
ok(dump() == snap, "refused moves and adjustments write nothing")
r = g.post("/stok/sesuaikan", {"at": "GD-TGR", "item": "BERAS", "qty": "-2", "reason": "rusak", "lot": "BRS-W1",
                                "note": "karung sobek", "id": "web-" + "8" * 32})
ok(r.status == 200 and "Dihapus 2 kg BERAS di GD-TGR (alasan: rusak)." in r.body, "writing off damaged stock", r)
r = g.post("/stok/hitung", {"at": "GD-TGR", "item": "BERAS", "lot": "BRS-W1", "counted": "47",
                             "reason": "susut", "date": "2026-01-09"})
ok(r.status == 200 and "Hasil hitung BERAS di GD-TGR: 47 kg; menurut buku 48 kg; selisih -1 kg" in r.body,
   "a stock count posts its variance", r)
con = sqlite3.connect(DB)
last = con.execute("SELECT max(id) FROM movement WHERE reverses IS NULL").fetchone()[0]
con.close()
r = g.get("/stok/batal?mutasi=%d" % last)
ok(r.status == 200 and "Yang akan dibatalkan: mutasi %d" % last in r.body and 'value="%d"' % last in r.body,
   "the reversal form shows what it reverses", r)
r = g.post("/stok/batal", {"MOVEMENT_ID": str(last), "reason": "salah hitung", "id": "web-" + "7" * 32})
ok(r.status == 200 and "Mutasi %d dibatalkan dengan mutasi" % last in r.body, "reversing a movement", r)
snap = dump()
r = g.post("/stok/batal", {"MOVEMENT_ID": str(last), "reason": "lagi", "id": "web-" + "6" * 32})
ok(r.status == 409, "a movement is reversed once", r)
ok(dump() == snap, "and the second reversal writes nothing")

# ---- the count sheet: every item at a place, posted together ----
def book(loc, item):
    rows = json.loads(cli("stock", "balance", "--at", loc, "--item", item, "--format", "json").stdout)
    return sum(r["quantity"] for r in rows)


beras, minyak = book("GD-TGR", "BERAS"), book("GD-TGR", "MINYAK")
r = g.get("/stok/opname?lokasi=GD-TGR")
ok(r.status == 200 and 'name="hitung:BERAS"' in r.body and 'name="hitung:MINYAK"' in r.body,
   "the count sheet lists every item at the place", r)
ok("<td class=\"n\">%s kg</td>" % format(beras, ",").replace(",", ".") in r.body,
   "with the book quantity of each", r.body[-4000:])
snap = dump()
sheet = {"lokasi": "GD-TGR", "date": "2026-01-10", "hitung:BERAS": str(beras - 3), "sebab:BERAS": "tikus",
         "hitung:MINYAK": "banyak", "hitung:GULA": ""}
r = g.post("/stok/opname", sheet)
ok(r.status == 400 and "line 2 (MINYAK)" in r.body and 'value="banyak"' in r.body,
   "a bad line is named and the sheet comes back as typed", r)
ok(dump() == snap, "a sheet with a bad line posts no line at all")
sheet["hitung:MINYAK"] = str(minyak)
r = g.post("/stok/opname", sheet)
ok(r.status == 200 and "Hasil hitung 2 barang di GD-TGR dibukukan; 1 berselisih dengan buku." in r.body,
   "a sheet posts every counted line together", r)
ok(book("GD-TGR", "BERAS") == beras - 3 and book("GD-TGR", "MINYAK") == minyak,
   "the variance was posted and the CLI agrees")
con = sqlite3.connect(DB)
moved = con.execute("SELECT min(id) FROM movement WHERE key = ?", (mv["id"],)).fetchone()[0]
adjusted = con.execute("SELECT min(id) FROM movement WHERE key = ?", ("web-" + "8" * 32,)).fetchone()[0]
reversal = con.execute("SELECT id FROM movement WHERE reverses = ?", (last,)).fetchone()[0]
counted = con.execute("SELECT min(id) FROM stock_count").fetchone()[0]
con.close()
got = [subjects(a) for a in ("stock move", "stock adjust", "stock count", "stock reverse")]
ok(got == [["movement %d: BERAS GD-TGR to POS-JHB" % moved] * 2, ["movement %d: BERAS at GD-TGR (rusak)" % adjusted],
           ["count %d: BERAS at GD-TGR" % counted, "2 items at GD-TGR"], ["movement %d reversed by %d" % (last, reversal)]],
   "each stock form's audit row names what it posted (the resent move too)", got)

# ---- field verification ----
def rid(name):
    con = sqlite3.connect(DB)
    v = con.execute("SELECT id FROM recipient WHERE name = ?", (name,)).fetchone()[0]
    con.close()
    return v


def status(name):
    con = sqlite3.connect(DB)
    v = con.execute("SELECT status FROM recipient WHERE name = ?", (name,)).fetchone()[0]
    con.close()
    return v


pen, dat = others["penyalur"], others["pendataan"]
siti, dewi = rid("Siti Aminah"), rid("Dewi Lestari")
r = pen.get("/penerima/tinjau?id=%d" % siti)
ok(r.status == 200 and 'name="RECIPIENT"' in r.body and 'value="%d"' % siti in r.body,
   "the penyalur's report form names the recipient", r)
ok('<select name="reason" required><option value="">— pilih —</option><option value="mampu">mampu</option>' in r.body,
   "the reason is chosen from the list", r.body[:4000])
snap = dump()
r = pen.post("/penerima/tinjau", {"RECIPIENT": str(dewi), "reason": "pindah", "note": "x"})
ok(r.status == 403 and "titik salur lain" in r.body, "a penyalur may not report another point's recipient", r)
r = pen.post("/penerima/tinjau", {"RECIPIENT": str(siti), "reason": "kaya", "note": "x"})
ok(r.status == 400 and "reason &#39;kaya&#39; is not one of" in r.body, "an unknown reason is refused", r)
ok(dump() == snap, "refused reports write nothing")
r = pen.post("/penerima/tinjau", {"RECIPIENT": str(siti), "reason": "pindah",
                                  "note": "pindah ke Samarinda kata tetangga"})
ok(r.status == 200 and "Laporan nomor 1 untuk Siti Aminah (pindah) telah dikirim." in r.body,
   "the penyalur reports their own point's recipient", r)
ok(status("Siti Aminah") == "aktif", "the status stays until decided")
for role in ("gudang", "auditor", "keuangan"):
    c = g if role == "gudang" else others[role]
    r = c.get("/penerima/tinjau?id=%d" % siti)
    ok(r.status == 403, "%s may not report" % role, r)
    r = c.get("/penerima/tinjauan")
    ok(r.status == 403, "%s may not see the reports" % role, r)
r = pen.get("/penerima/tinjauan")
ok(r.status == 403, "the penyalur may not decide", r)

r = dat.get("/penerima/tinjauan")
ok(r.status == 200 and "Siti Aminah" in r.body and "pindah ke Samarinda kata tetangga" in r.body,
   "the data staff see the report waiting", r)
ok("6402064203550001" not in r.body, "with the NIK masked")
snap = dump()
r = dat.post("/penerima/tinjauan/putus", {"REPORT": "1", "accept": "1", "note": ""})
ok(r.status == 400 and "Tulis alasan keputusan" in r.body, "a decision without a note is refused", r)
r = dat.post("/penerima/tinjauan/putus", {"REPORT": "1", "note": "x"})
ok(r.status == 400, "a decision without a button is refused", r)
ok(dump() == snap, "and writes nothing")
r = dat.post("/penerima/tinjauan/putus", {"REPORT": "1", "accept": "1", "note": "dicek oleh pendamping desa"})
ok(r.status == 200 and "Laporan nomor 1 diterima: status Siti Aminah sekarang pindah." in r.body,
   "accepting changes the status", r)
ok(status("Siti Aminah") == "pindah", "the database agrees")
r = dat.post("/penerima/tinjauan/putus", {"REPORT": "1", "reject": "1", "note": "x"})
ok(r.status == 409 and "sudah diputuskan" in r.body, "a report is decided once", r)
con = sqlite3.connect(DB)
row = con.execute("SELECT user, subject FROM audit WHERE action='recipient decide'").fetchone()
con.close()
ok(row == ("pendataan", "field report 1: diterima"), "the decision is audited with the user", row)

r = cli("recipient", "flag", "Dewi Lestari", "--reason", "mampu", "--note", "rumah baru",
        "--photo", os.environ["T"] + "/rumah.jpg")
ok(r.returncode == 0, "a report with a photo from the command line", r.stderr)
r = dat.get("/penerima/tinjauan/foto?id=2")
ok(r.status == 200 and r.headers.get("content-type") == "image/jpeg", "the data staff see its photo", r)
r = pen.get("/penerima/tinjauan/foto?id=2")
ok(r.status == 403, "the penyalur does not", r)
r = others["admin"].get("/penerima/lihat?id=%d" % dewi)
ok('href="/penerima/tinjau?id=%d"' % dewi in r.body, "a recipient's page offers the report form")

# ---- the data staff: register, correct, change a status, allocate ----
r = dat.get("/penerima")
ok('<a href="/penerima/tambah">Daftarkan penerima</a>' in r.body, "the recipients page offers the data staff their forms")
r = dat.get("/penerima/tambah")
ok(r.status == 200 and 'name="nik"' in r.body and 'name="category"' in r.body, "the register form", r)
snap = dump()
r = dat.post("/penerima/tambah", {"nik": "6402064203550001", "name": "Siti Dua", "village": "64.02.06.1001",
                                  "category": "lansia"})
ok(r.status == 409 and "6402064203550001" not in r.body, "a NIK registered already is refused, never echoed", r)
r = dat.post("/penerima/tambah", {"nik": "12", "name": "X", "village": "64.02.06.1001", "category": "lansia"})
ok(r.status == 400, "a NIK that is not one is refused", r)
ok(dump() == snap, "refused registrations write nothing")
r = dat.post("/penerima/tambah", {"nik": "6402064507600011", "name": "Nur Aini", "village": "64.02.06.1001",
                                  "category": "lansia", "address": "RT 03 Jahab"})
ok(r.status == 200 and "Nur Aini (NIK 6402**********11) terdaftar sebagai penerima nomor" in r.body,
   "registering a recipient, the NIK masked in the answer", r)
r = dat.post("/penerima/ubah", {"NIK|ID|NAME": "Nur Aini", "phone": "081234567890"})
ok(r.status == 200 and "Data Nur Aini diperbarui (1 isian berubah)" in r.body, "correcting a phone number", r)
r = dat.post("/penerima/status", {"NIK": "Nur Aini", "status": "pindah", "date": "2026-01-14", "reason": "ke Samarinda"})
ok(r.status == 200 and "Status Nur Aini: aktif menjadi pindah sejak 2026-01-14." in r.body, "changing a status", r)
ok(status("Nur Aini") == "pindah", "the database agrees")
nur = rid("Nur Aini")
got = [subjects(a) for a in ("recipient add", "recipient edit", "recipient set-status")]
ok(got == [["recipient %d" % nur], ["recipient %d" % nur], ["recipient %d: pindah" % nur]],
   "the data staff's writes are audited by the recipient's number, never the NIK", got)
for role in ("keuangan", "penyalur", "auditor"):
    ok(others[role].get("/penerima/tambah").status == 403, "%s may not register recipients" % role)
ok(g.get("/alokasi").status == 403, "gudang may not allocate")
r = dat.post("/alokasi", {"program": "SEMBAKO-2026", "period": "2026-01"})
ok(r.status == 200 and "Putaran ini sudah dialokasikan sebelumnya" in r.body,
   "allocating a round allocated already changes nothing", r)
r = dat.post("/alokasi", {"program": "TIDAKADA", "period": "2026-01"})
ok(r.status == 400 and "TIDAKADA" in r.body, "an unknown program is refused and named", r)

# ---- the admin's signing keys: rotate, revoke as compromised ----
adm = others["admin"]
r = adm.get("/admin/kunci")
ok('<a href="/admin/kunci/ganti">Ganti kunci</a>' in r.body, "the keys page offers the admin rotate and revoke")
for role in ("keuangan", "auditor", "pendataan"):
    ok(others[role].get("/admin/kunci/ganti").status == 403, "%s may not rotate the key" % role)
old = cli("key", "list", "--format", "csv").stdout.splitlines()[1].split(",")[0]
snap = dump()
r = adm.post("/admin/kunci/cabut", {"KEYID": "12345", "reason": "x"})
ok(r.status == 400 and "8 hexadecimal digits" in r.body, "a key id that is not one is refused", r)
r = adm.post("/admin/kunci/ganti", {"reason": "x"})
ok(r.status == 400, "a reason without 'lost' is refused", r)
ok(dump() == snap, "refused key changes write nothing")
r = adm.post("/admin/kunci/ganti", {})
ok(r.status == 200 and "Kunci baru" in r.body and "pensiun" in r.body, "rotating the signing key", r)
r = adm.post("/admin/kunci/cabut", {"KEYID": old, "reason": "laptop hilang"})
ok(r.status == 200 and "Kunci %s dicabut" % old in r.body, "revoking the old key as compromised", r)
ok(",revoked," in cli("key", "list", "--format", "csv").stdout, "the CLI sees it revoked")
con = sqlite3.connect(DB)
acts = [a for (a,) in con.execute("SELECT action FROM audit WHERE user='admin' AND action LIKE 'key %' ORDER BY id")]
con.close()
ok(acts == ["key rotate", "key revoke"], "both are audited with the admin", acts)
ok(subjects("key rotate") == ["signing key"] and subjects("key revoke") == ["key " + old],
   "and name the key", (subjects("key rotate"), subjects("key revoke")))

# ---- closing a month: what it leaves behind first, then for good ----
k = others["keuangan"]
r = k.get("/keuangan/tutup-bulan")
ok(r.status == 200 and 'name="YYYY-MM"' in r.body and 'value="2025-12"' in r.body,
   "the close form proposes the month just ended", r)
ok('name="early"' not in r.body and 'name="reason"' not in r.body,
   "a month that has ended is closed without the 'early' box and its reason", r.body[-2000:])
for role in ("gudang", "pendataan", "penyalur", "auditor"):
    c = g if role == "gudang" else others[role]
    ok(c.get("/keuangan/tutup-bulan").status == 403, "%s may not close a month" % role)
snap = dump()
r = k.post("/keuangan/tutup-bulan", {"YYYY-MM": "2025-12"})
ok(r.status == 200 and 'id="belum-diambil">Desember 2025: 0 paket belum diambil.' in r.body and
   "<h1>Tutup bulan Desember 2025: periksa dulu</h1>" in r.body and 'name="early"' not in r.body,
   "checking an ended month names it in words and asks nothing about closing early", r)
r = k.post("/keuangan/tutup-bulan", {"YYYY-MM": "2026-01"})
ok(r.status == 409 and "Bulan ini belum berakhir" in r.body, "a month not yet ended needs closing early", r)
ok('name="early" value="1">' in r.body and 'name="reason"' in r.body, "and then the page offers the box and its reason",
   r.body[-2000:])
r = k.post("/keuangan/tutup-bulan", {"YYYY-MM": "2026-01", "early": "1", "reason": "audit Inspektorat"})
ok(r.status == 200 and 'id="belum-diambil">Januari 2026: 2 paket belum diambil (SEMBAKO-2026: 2).' in r.body
   and 'id="kit-di-luar">Kit lapangan yang belum kembali: 0.' in r.body,
   "checking first shows the packages not collected and the kits out", r)
ok(dump() == snap, "checking writes nothing")
ok('name="early" value="1" checked>' in r.body and 'name="reason" value="audit Inspektorat"' in r.body
   and 'name="yes" value="1"' in r.body, "the confirmation closes with what was checked", r.body[-2500:])
r = k.post("/keuangan/tutup-bulan", {"YYYY-MM": "2026-01", "yes": "1"})
ok(r.status == 409 and "Bulan ini belum berakhir" in r.body, "confirming without closing early is refused", r)
r = k.post("/keuangan/tutup-bulan", {"YYYY-MM": "2026-13", "yes": "1"})
ok(r.status == 400, "a month that is not one is refused", r)
ok(dump() == snap, "refusals write nothing")
r = k.post("/keuangan/tutup-bulan", {"YYYY-MM": "2026-01", "yes": "1", "early": "1",
                                      "reason": "audit Inspektorat"})
ok(r.status == 200 and "Januari 2026 telah ditutup" in r.body, "closing early with a reason", r)
con = sqlite3.connect(DB)
row = con.execute("SELECT user, subject FROM audit WHERE action='period close'").fetchone()
con.close()
ok(row == ("keuangan", "period 2026-01"), "the close is audited with the user", row)
r = g.post("/stok/terima", dict(fields, id="web-" + "5" * 32, lot="BRS-LATE"))
ok(r.status == 409, "nothing more is posted into the closed month", r)
r = k.post("/keuangan/tutup-bulan", {"YYYY-MM": "2026-01", "yes": "1"})
ok(r.status == 409 and "sudah ditutup" in r.body, "a month is closed once", r)
done()
