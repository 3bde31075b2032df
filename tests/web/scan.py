"""scan.py - the scan page (/redeem) over HTTP, as a phone posts to it:
payloads, typed serials, photos of slips (PNG rendered from the printed
PDF by pdftoppm), the handover's proxy, photo and position, undo; every
bad input answered DITOLAK in Bahasa Indonesia with nothing posted; two
clients at once on one slip; a resubmitted or retried form posts once; a
form posted after the session ended writes nothing."""
import os
import re
import subprocess
import threading

import webtest as w
from webtest import ok, done, cli

T = os.environ["T"]
DB = w.DB


def sql(q):
    return subprocess.run(["sqlite3", "-batch", "-noheader", DB, q], capture_output=True, text=True,
                          check=True).stdout.strip()


# What a handover posts: the tables a redemption, an undo or the stock
# write, and the history chain without the attempt log's entries. A
# refused scan adds only its row to the attempt log (as the CLI's does).
POSTED = ["redemption", "redemption_undo", "redeemed", "movement", "balance", "redemption_handover",
          "voucher", "allocation", "lot"]


def posted():
    out = []
    for q in ["SELECT * FROM %s" % t for t in POSTED] + \
            ["SELECT * FROM history_log WHERE tbl != 'redemption_attempt' ORDER BY rowid"]:
        out.append(subprocess.run(["sqlite3", "-batch", DB, q], capture_output=True, check=True).stdout)
    return out


def dump_without_web():
    """The whole dump but the web's own bookkeeping (answers of one-time
    keys, sessions, the audit of logins)."""
    keep = []
    for line in w.dump().splitlines():
        if re.match(r'INSERT INTO "?(web_idem|web_session|audit|login_fail)"? ', line):
            continue
        keep.append(line)
    return "\n".join(keep)


def payloads(program, period):
    rows = {}
    with open(os.path.join(T, "payloads-%s-%s.tsv" % (program, period))) as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) >= 5:
                rows[c[3]] = (c[0], c[4])  # name -> (serial, qr text)
    return rows


JAN = payloads("SEMBAKO-2026", "2026-01")
FEB = payloads("SEMBAKO-2026", "2026-02")
PKH = payloads("PKH-PANGAN", "2026-01")


multipart = w.multipart


class Phone(w.Client):
    """A browser on the scan page: each POST carries the form's csrf and
    one-time key from the page it came from."""

    def form_keys(self, body, form_id="pindai"):
        m = re.search(r'<form id="%s".*?</form>' % form_id, body, re.S)
        assert m, "no form %s in %s" % (form_id, body[:300])
        f = m.group(0)
        return (re.search(r'name="csrf" value="([0-9a-f]+)"', f).group(1),
                re.search(r'name="idem" value="([0-9a-f]+)"', f).group(1))

    def open(self, point="POS-JHB"):
        r = self.get("/redeem?point=" + point)
        self.page = r.body
        return r

    def scan(self, fields, files=(), form_id="pindai", keys=None, point="POS-JHB"):
        csrf, idem = keys or self.form_keys(self.page, form_id)
        f = {"csrf": csrf, "idem": idem, "point": point}
        f.update(fields)
        body, ctype = multipart(f, files)
        r = self.request("POST", "/redeem", body=body, headers={"Content-Type": ctype})
        if "<form id=\"pindai\"" in r.body:
            self.page = r.body
        r.keys = (csrf, idem)
        return r


def login(user):
    c = Phone()
    r = c.login(user, "rahasia-" + user)
    if r.status != 303:
        raise SystemExit("not ok - setup: login as %s failed: %r" % (user, r))
    return c


def verdict(r):
    m = re.search(r'class="vonis">([A-Z ]+)<', r.body)
    return m.group(1) if m else None


def reason(r):
    m = re.search(r'class="alasan">([^<]*)<', r.body)
    return m.group(1).replace("&quot;", '"') if m else None


pen = login("penyalur")
adm = login("admin")

# ---- the page ----
r = pen.get("/redeem")
ok(r.status == 200 and 'name="payload"' in r.body and 'capture="environment"' in r.body and
   'accept="image/*"' in r.body and "Kantor Desa Jahab (POS-JHB)" in r.body and 'name="idem"' in r.body,
   "a penyalur's scan page opens on their one point with the wedge field, the photo input and a one-time key", r)
ok("<script>" not in r.body.replace('<script src="/static/lumbung.js" defer></script>', ""),
   "the scan page has no inline script", r.body[:500])
r = pen.get("/redeem?point=POS-TGR")
ok(r.status == 403 and "titik salur Anda sendiri" in r.body, "a penyalur cannot open another point's scan page", r)
r = adm.get("/redeem")
ok(r.status == 200 and "pilih titik salur" in r.body and "POS-TGR" in r.body and 'name="payload"' not in r.body,
   "an admin first picks a point", r)
g = login("gudang")
r = g.get("/redeem")
ok(r.status == 403, "the warehouse role has no scan page", r)

# ---- a payload scan (the wedge field) ----
pen.open()
before = posted()
serial, qr = JAN["Siti Aminah"]
r = pen.scan({"payload": qr})
ok(r.status == 200 and verdict(r) == "DITERIMA" and "Siti Aminah" in r.body and "6402**********01" in r.body
   and "6402064203550001" not in r.body, "a scanned QR: DITERIMA with the name and the masked NIK", r)
ok("10 kg BERAS" in r.body and "4 liter MINYAK" in r.body and "30 butir TELUR" in r.body,
   "... and the package to hand over", r.body[r.body.find("paket"):][:400])
ok(sql("SELECT source || '|' || operator FROM redemption ORDER BY id DESC LIMIT 1") == "scan|penyalur",
   "... recorded as a scan by the logged-in user")
first = r

# a retried POST (same form, same key): the first answer again, one redemption
n_before = sql("SELECT count(*) FROM redemption")
dump0 = w.dump()
r2 = pen.scan({"payload": qr}, keys=first.keys)
ok(r2.status == 200 and verdict(r2) == "DITERIMA" and r2.body == first.body,
   "the same scan sent again (a network retry) is answered with the first answer", r2)
ok(sql("SELECT count(*) FROM redemption") == n_before and w.dump() == dump0,
   "... and writes nothing at all")

# the same slip again, from a new form: DITOLAK, already redeemed, with date and point
before = posted()
r = pen.scan({"payload": qr})
ok(r.status == 409 and verdict(r) == "DITOLAK" and
   re.search(r"^Sudah ditebus pada 15 Januari 2026( pukul \d\d\.\d\d WITA)? di Kantor Desa Jahab \(POS-JHB\)\.$",
             reason(r) or ""),
   "the slip scanned again: DITOLAK, sudah ditebus pada <date local time> di <point>", r)
ok(posted() == before, "... posting nothing")

# ---- every refusal of the redeemer, in words ----
def refused(desc, fields, want, files=(), form_id="pindai"):
    before = posted()
    pen.open()
    r = pen.scan(fields, files=files, form_id=form_id)
    ok(verdict(r) == "DITOLAK" and want in (reason(r) or ""), desc, r)
    ok(posted() == before, "... " + desc.split(":")[0] + ": nothing posted")
    return r

refused("a QR of something else: DITOLAK, not a slip", {"payload": "https://contoh.go.id/promo"},
        "bukan kupon lumbung")
refused("a slip of another point: DITOLAK, bukan titik ini, naming the right one", {"payload": JAN["Abdul Karim"][1]},
        "Bukan titik ini: kupon ini diambil di Balai Desa Loa Ipuh (POS-TGR).")
refused("a slip of another month: DITOLAK, not this round", {"payload": FEB["Rina Wati"][1]},
        "Bukan program atau bulan penyaluran ini")
# forged: a byte of the signature changed (base45 text, same alphabet)
s, q = JAN["Rina Wati"]
forged = q[:-3] + ("A" if q[-3] != "A" else "B") + q[-2:]
refused("a forged slip: DITOLAK, kupon palsu", {"payload": forged}, "Kupon palsu")
rv = cli("voucher", "revoke", JAN["Budi Santoso"][0], "--reason", "salah data")
ok(rv.returncode == 0, "setup: revoke Budi's slip", rv.stderr)
refused("a revoked slip: DITOLAK, kupon dicabut", {"payload": JAN["Budi Santoso"][1]}, "Kupon dicabut")
refused("a typed serial without the typed-serial form: DITOLAK, use it", {"payload": JAN["Rina Wati"][0]},
        "Ketik serial")
refused("a typed serial without a reason: DITOLAK, a reason is needed",
        {"payload": JAN["Rina Wati"][0], "manual": "1"}, "perlu alasan", form_id="ketik")
refused("nothing scanned: DITOLAK", {"payload": ""}, "Tidak ada yang dipindai")

# ---- photos ----
def png(name):
    with open(os.path.join(T, name), "rb") as f:
        return f.read()

before = posted()
pen.open()
r = pen.scan({}, files=[("photo", "kupon.png", png("one-RinaWati.png"))])
ok(verdict(r) == "DITERIMA" and "Rina Wati" in r.body, "a photo of one slip (PNG from the printed PDF): DITERIMA", r)
ok(sql("SELECT source FROM redemption ORDER BY id DESC LIMIT 1") == "image", "... recorded as a photo")

blank = b"P5\n600 800\n255\n" + bytes([235]) * (600 * 800)
refused("a photo with no QR code: DITOLAK, none readable", {}, "Tidak ada kode QR yang terbaca",
        files=[("photo", "kosong.pgm", blank)])
sheet = png("sheet.png")
refused("a photo of several slips: DITOLAK, one slip at a time", {}, "Foto memuat",
        files=[("photo", "lembar.png", sheet)])
refused("a malformed image: DITOLAK, not a photo", {}, "bukan foto yang dapat dibaca",
        files=[("photo", "rusak.bin", b"GIF89a" + os.urandom(3000))])
refused("a truncated JPEG: DITOLAK, damaged", {}, "Foto ini rusak",
        files=[("photo", "rusak.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(500))])
# a photo over 12 MB: refused before it is decoded
big = b"\x89PNG\r\n\x1a\n" + b"\0" * (13 << 20)
refused("a huge photo: DITOLAK, too large", {}, "Foto terlalu besar", files=[("photo", "besar.png", big)])
# a body over the upload limit: refused from its headers, before it is read
import http.client
d0 = w.dump()
hc = http.client.HTTPConnection(w.HOSTPORT, timeout=30)
hc.putrequest("POST", "/redeem")
hc.putheader("Content-Type", "multipart/form-data; boundary=x")
hc.putheader("Content-Length", str(33 << 20))
hc.putheader("Cookie", "; ".join("%s=%s" % kv for kv in pen.cookies.items()))
hc.endheaders()
hr = hc.getresponse()
hbody = hr.read().decode()
ok(hr.status == 413 and "terlalu besar" in hbody, "an upload over 32 MB is refused in Bahasa Indonesia", hbody)
hc.close()
ok(w.dump() == d0, "... writing nothing")

# ---- a typed serial (manual) with a proxy, a handover photo and a position ----
pen.open()
s = PKH["Siti Aminah"][0]
hp = png("one-SitiAminah.png")
r = pen.scan({"payload": s, "manual": "1", "reason": "QR basah", "proxy": "Rahmat Hidayat",
              "relation": "anak", "lat": "-0.4212", "lon": "116.9876", "acc": "12"},
             files=[("handover_photo", "serah.png", hp)], form_id="ketik")
ok(verdict(r) == "DITERIMA" and "MANUAL" in r.body and "Diambil wakil: Rahmat Hidayat (anak)" in r.body,
   "a typed serial with a reason, collected by a proxy: DITERIMA, shown as manual, with the proxy", r)
rid = sql("SELECT id FROM redemption ORDER BY id DESC LIMIT 1")
ok(sql("SELECT manual || '|' || manual_reason || '|' || proxy_name FROM redemption WHERE id = %s" % rid) ==
   "1|QR basah|Rahmat Hidayat", "... recorded manual, with its reason and the proxy")
ok(sql("SELECT proxy_relation || '|' || photo_type || '|' || length(photo) || '|' || lat || '|' || lon || '|' || accuracy_m"
       " FROM redemption_handover WHERE redemption_id = %s" % rid) ==
   "anak|image/png|%d|-0.4212|116.9876|12.0" % len(hp), "... with the relation, the handover photo and the position")
r = adm.get("/redeem/foto?id=" + rid)
ok(r.status == 200 and r.headers.get("content-type") == "image/png" and len(r.body) > 0,
   "the handover photo is shown to a role that may see personal data", r.headers)
r = pen.get("/redeem/foto?id=" + rid)
ok(r.status == 403, "... and not to a penyalur", r)
kg = login("keuangan")
r = kg.get("/redeem/foto?id=" + rid)
ok(r.status == 403, "... nor to finance", r)
# a handover photo over 2 MB or not an image: refused, nothing posted
before = posted()
pen.open()
r = pen.scan({"payload": JAN["Rina Wati"][1]}, files=[("handover_photo", "b.jpg", b"\xff\xd8\xff" + b"\0" * (2 << 20))])
ok(verdict(r) == "DITOLAK" and "Foto serah terima terlalu besar" in (reason(r) or "") and posted() == before,
   "a handover photo over 2 MB: DITOLAK before judging, nothing posted", r)

# ---- undo ----
r = pen.get("/redeem/batal?point=POS-JHB")
ok(r.status == 200 and 'name="reason"' in r.body, "the undo form", r)
csrf, idem = pen.form_keys(r.body, "batal")
before_moves = int(sql("SELECT count(*) FROM movement"))
r = pen.post("/redeem/batal", {"csrf": csrf, "idem": idem, "point": "POS-JHB", "serial": JAN["Rina Wati"][0],
                               "reason": "salah orang"})
ok(r.status == 200 and "DIBATALKAN" in r.body and "Rina Wati" in r.body, "undo with a reason: DIBATALKAN", r)
ok(int(sql("SELECT count(*) FROM movement")) == before_moves + 3 and
   sql("SELECT reason FROM redemption_undo ORDER BY rowid DESC LIMIT 1") == "salah orang",
   "... the package's three movements reversed, the reason kept")
d0 = w.dump()
r2 = pen.post("/redeem/batal", {"csrf": csrf, "idem": idem, "point": "POS-JHB", "serial": JAN["Rina Wati"][0],
                                "reason": "salah orang"})
ok(r2.status == 200 and r2.body == r.body and w.dump() == d0,
   "the undo form resubmitted: the first answer again, nothing written")
r = pen.get("/redeem/batal?point=POS-JHB")
csrf, idem = pen.form_keys(r.body, "batal")
d0 = dump_without_web()
r = pen.post("/redeem/batal", {"csrf": csrf, "idem": idem, "point": "POS-JHB", "serial": JAN["Rina Wati"][0],
                               "reason": "lagi"})
ok(r.status == 409 and "belum ditebus" in r.body and dump_without_web() == d0,
   "undoing a slip that is not redeemed: refused in Bahasa Indonesia, nothing written", r)

# ---- two clients, the same slip, the same moment: exactly one DITERIMA ----
other = login("penyalur")
for name in ["Rina Wati"]:
    serial, qr = JAN[name]
    results = []
    pen.open()
    other.open()
    bar = threading.Barrier(2)

    def go(c):
        bar.wait()
        results.append(c.scan({"payload": qr}))
    ts = [threading.Thread(target=go, args=(c,)) for c in (pen, other)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    v = sorted(verdict(x) for x in results)
    ok(v == ["DITERIMA", "DITOLAK"], "two browsers scan %s's slip at once: exactly one DITERIMA" % name, v)
    ok(sql("SELECT count(*) FROM redeemed r JOIN voucher v ON v.allocation_id = r.allocation_id"
           " WHERE v.serial = (SELECT serial FROM voucher WHERE id = (SELECT voucher_id FROM redemption ORDER BY id DESC LIMIT 1))") == "1",
       "... and one redemption in force")

# the same form sent twice at once (a double click): one posting, one answer
pen.open()
qr = PKH["Budi Santoso"][1]
keys = pen.form_keys(pen.page)
n0 = int(sql("SELECT count(*) FROM redemption"))
res = []
bar = threading.Barrier(2)


def dbl():
    bar.wait()
    res.append(pen.scan({"payload": qr}, keys=keys))
ts = [threading.Thread(target=dbl) for _ in range(2)]
[t.start() for t in ts]
[t.join() for t in ts]
ok([verdict(x) for x in res] == ["DITERIMA", "DITERIMA"] and res[0].body == res[1].body and
   int(sql("SELECT count(*) FROM redemption")) == n0 + 1,
   "a double click (the same form twice at once): one redemption, both shown the same DITERIMA",
   [verdict(x) for x in res])

# ---- forms that cannot be used ----
pen.open()
csrf, idem = pen.form_keys(pen.page)
d0 = w.dump()
body, ctype = multipart({"csrf": csrf, "point": "POS-JHB", "payload": JAN["Dewi Lestari"][1]})
r = pen.request("POST", "/redeem", body=body, headers={"Content-Type": ctype})
ok(r.status == 400 and "kunci sekali pakai" in r.body and w.dump() == d0,
   "a form without its one-time key: refused, nothing written", r)
d0 = dump_without_web()
body, ctype = multipart({"csrf": csrf, "idem": idem, "point": "POS-TGR", "payload": JAN["Dewi Lestari"][1]})
r = pen.request("POST", "/redeem", body=body, headers={"Content-Type": ctype})
ok(r.status == 403 and "titik salur Anda sendiri" in r.body and dump_without_web() == d0,
   "a penyalur posting for another point: refused, nothing posted", r)

# ---- a field kit brought back and uploaded ----
kit = os.path.join(T, "kit-tgr.db")
r = cli("field", "export", "--point", "POS-TGR", "--period", "2026-01", "-o", kit)
ok(r.returncode == 0, "setup: a field kit for POS-TGR", r.stderr)
for name in ("Dewi Lestari", "Abdul Karim"):
    r = cli("-d", kit, "redeem", "--point", "POS-TGR", JAN[name][1])
    ok(r.returncode == 0, "setup: %s redeemed on the kit" % name, r.stderr)
# meanwhile Abdul's slip is redeemed at the office too: a conflict at import
adm.open("POS-TGR")
r = adm.scan({"payload": JAN["Abdul Karim"][1]}, point="POS-TGR")
ok(verdict(r) == "DITERIMA", "setup: Abdul's slip redeemed at the office first", r)


def upload(c, data):
    p = c.get("/kit")
    csrf, idem = c.form_keys(p.body, "kit")
    body, ctype = multipart({"csrf": csrf, "idem": idem}, [("kit", "kit-tgr.db", data)])
    return c.request("POST", "/kit", body=body, headers={"Content-Type": ctype})


with open(kit, "rb") as f:
    kitdata = f.read()
d0 = dump_without_web()
r = upload(adm, b"SQLite format 3\0" + os.urandom(5000))
ok(r.status == 400 and "bukan kit lapangan lumbung" in r.body and dump_without_web() == d0,
   "a file that is not a kit: refused in Bahasa Indonesia, nothing imported", r)
r = upload(adm, kitdata)
ok(r.status == 200 and "1 penebusan dibukukan, 1 konflik" in r.body and "Konflik" in r.body and
   "Abdul" not in r.body and "sudah ditebus di tempat lain lebih dulu" in r.body,
   "the kit uploaded: re-judged, its summary and its conflict in Bahasa Indonesia", r)
ok(sql("SELECT count(*) FROM redemption WHERE source = 'kit'") == "1", "... one redemption imported")
ok(sql("SELECT user || '|' || action || '|' || subject || '|' || result FROM audit WHERE action = 'field import'")
   == "admin|field import|field kit upload, %d bytes|ok" % len(kitdata),
   "... audited with the logged-in user, in the kit's own transaction",
   sql("SELECT * FROM audit WHERE action = 'field import'"))
d0 = dump_without_web()
r = upload(adm, kitdata)
ok(r.status == 200 and "sudah diimpor sebelumnya" in r.body and dump_without_web() == d0,
   "the same kit uploaded again: nothing new, nothing changed", r)
ok(not [f for f in os.listdir(T + "/lumbung.db.web") if f.startswith("kit-")],
   "the uploaded kit's temporary file is removed", os.listdir(T + "/lumbung.db.web"))

# after the session ended: the form is refused and nothing is written
pen.open()
sql_rc = subprocess.run(["sqlite3", DB, "UPDATE web_session SET expires_at = 0"], capture_output=True)
d0 = w.dump()
r = pen.scan({"payload": JAN["Siti Aminah"][1]})
ok(r.status == 403 and "sesi Anda sudah berakhir" in r.body and w.dump() == d0,
   "a scan posted after the session expired: refused (log in again), nothing written", r)
done()
