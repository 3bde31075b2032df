"""scanload.py - the scan page under concurrent load (t8205): many
phones at once, one slip from several phones, a retried key from several
connections, refusals in the same group as acceptances, two points and
proxies mixed. Each answer must be its own scan's and the database's
counts exact: the server's writer judges scans that arrive together in
one transaction, each in its own savepoint."""
import os
import re
import subprocess
import threading
import uuid

import webtest as w
from webtest import ok, done

T = os.environ["T"]


def sql(q):
    return subprocess.run(["sqlite3", "-batch", "-noheader", w.DB, q], capture_output=True, text=True,
                          check=True).stdout.strip()


def num(q):
    return int(sql(q) or 0)


def slips(program):
    rows = {}
    with open(os.path.join(T, "payloads-%s-2026-01.tsv" % program)) as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) >= 5:
                rows[c[3]] = (c[0], c[4])  # name -> (serial, qr text)
    return rows


BEBAN = slips("BEBAN-2026")
GULA = slips("GULA-2026")


def form(fields):
    b = "----beban" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode()
    return out + ("--%s--\r\n" % b).encode(), "multipart/form-data; boundary=" + b


class Phone(w.Client):
    def keys(self, point, form_id="pindai"):
        """csrf and a fresh one-time key, from the scan page as a phone has it."""
        page = self.get("/redeem?point=" + point).body
        f = re.search(r'<form id="%s".*?</form>' % form_id, page, re.S).group(0)
        return (re.search(r'name="csrf" value="([0-9a-f]+)"', f).group(1),
                re.search(r'name="idem" value="([0-9a-f]+)"', f).group(1))

    def post_scan(self, keys, point, fields):
        f = {"csrf": keys[0], "idem": keys[1], "point": point}
        f.update(fields)
        body, ctype = form(f)
        return self.request("POST", "/redeem", body=body, headers={"Content-Type": ctype})


def text_of(r, cls):
    """The text of the answer's element of class cls (vonis, nama, alasan)."""
    m = re.search(r'class="%s">([^<]*)<' % cls, r.body)
    return m.group(1) if m else None


def verdict(r):
    return text_of(r, "vonis")


def name_of(r):
    return text_of(r, "nama")


def reason(r):
    return text_of(r, "alasan") or ""


def phone(user):
    """A logged-in phone of user (password rahasia-USER)."""
    c = Phone()
    if c.login(user, "rahasia-" + user).status == 303:
        return c
    raise SystemExit("not ok - setup: cannot log in as " + user)


def fire(jobs):
    """Post every job at once: (phone, keys, point, fields). Answers in order."""
    out = [None] * len(jobs)
    bar = threading.Barrier(len(jobs))

    def go(i, job):
        phone, keys, point, fields = job
        bar.wait()
        out[i] = phone.post_scan(keys, point, fields)
    ts = [threading.Thread(target=go, args=(i, j)) for i, j in enumerate(jobs)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    return out


def counts():
    return {
        "redemption": num("SELECT count(*) FROM redemption"),
        "attempt": num("SELECT count(*) FROM redemption_attempt"),
        "accepted": num("SELECT count(*) FROM redemption_attempt WHERE outcome = 'accepted'"),
        "movement": num("SELECT count(*) FROM movement"),
        "idem": num("SELECT count(*) FROM web_idem"),
    }


def stock(point, item):
    return num("SELECT coalesce(sum(b.qty), 0) FROM balance b JOIN location l ON l.id = b.location_id"
               " JOIN item i ON i.id = b.item_id WHERE l.code = '%s' AND i.code = '%s'" % (point, item))


def by_name(names, answers):
    return all(verdict(r) == "DITERIMA" and name_of(r) == n for n, r in zip(names, answers))


phones = [phone("penyalur") for _ in range(4)]
adm = phone("admin")
ONE_KG = None

# ---- 16 phones with their own slips, 8 with one slip, all at once ----
c0 = counts()
kg0 = stock("POS-JHB", "BERAS")
distinct = ["Warga Jahab %d" % i for i in range(10, 26)]
shared = "Warga Jahab 26"
jobs = [(phones[i % 4], phones[i % 4].keys("POS-JHB"), "POS-JHB", {"payload": BEBAN[n][1]})
        for i, n in enumerate(distinct)]
jobs += [(phones[i % 4], phones[i % 4].keys("POS-JHB"), "POS-JHB", {"payload": BEBAN[shared][1]}) for i in range(8)]
ans = fire(jobs)
ok(by_name(distinct, ans[:16]), "16 phones scanning their own slips at once: each DITERIMA with its own name",
   [(verdict(r), name_of(r)) for r in ans[:16]])
v = [verdict(r) for r in ans[16:]]
refusals = [reason(r) for r in ans[16:] if verdict(r) == "DITOLAK"]
ok(v.count("DITERIMA") == 1 and v.count("DITOLAK") == 7 and
   all(re.match(r"^Sudah ditebus pada 15 Januari 2026( pukul \d\d\.\d\d WITA)? di Kantor Desa Jahab \(POS-JHB\)\.$", x)
       for x in refusals) and name_of([r for r in ans[16:] if verdict(r) == "DITERIMA"][0]) == shared,
   "8 phones scanning one slip at the same moment: exactly one DITERIMA, 7 DITOLAK sudah ditebus", (v, refusals))
c1 = counts()
ok(c1["redemption"] == c0["redemption"] + 17 and c1["attempt"] == c0["attempt"] + 24 and
   c1["accepted"] == c0["accepted"] + 17 and c1["movement"] == c0["movement"] + 17 and c1["idem"] == c0["idem"] + 24 and
   num("SELECT count(*) FROM redemption_attempt WHERE outcome = 'already_redeemed'") == 7,
   "... in the database: 17 redemptions, 17 issues, 24 attempts (7 already redeemed), 24 answers kept", (c0, c1))
ONE_KG = num("SELECT qty FROM movement WHERE kind = 'issue' ORDER BY id DESC LIMIT 1")
ok(ONE_KG > 0 and stock("POS-JHB", "BERAS") == kg0 - 17 * ONE_KG and
   num("SELECT count(DISTINCT allocation_id) FROM redeemed") == c1["redemption"],
   "... the point's beras is exactly 17 packages less, and each allocation redeemed once",
   (kg0, stock("POS-JHB", "BERAS"), ONE_KG))

# ---- one key, 8 connections at once (a phone retrying a slow scan) ----
c0 = counts()
n = "Warga Jahab 27"
keys = phones[0].keys("POS-JHB")
ans = fire([(phones[0], keys, "POS-JHB", {"payload": BEBAN[n][1]}) for i in range(8)])
ok(all(verdict(r) == "DITERIMA" and name_of(r) == n and r.body == ans[0].body for r in ans),
   "the same one-time key posted from 8 connections at once: all 8 shown the same DITERIMA, byte for byte",
   [(r.status, verdict(r), r.body[:300]) for r in ans])
c1 = counts()
ok(c1["redemption"] == c0["redemption"] + 1 and c1["attempt"] == c0["attempt"] + 1 and
   c1["movement"] == c0["movement"] + 1 and c1["idem"] == c0["idem"] + 1 and
   num("SELECT count(*) FROM web_idem WHERE key = '%s'" % keys[1]) == 1,
   "... and it posted once: one redemption, one attempt, one issue, one kept answer", (c0, c1))

# ---- refusals in the same group as acceptances ----
c0 = counts()
kg0 = stock("POS-JHB", "BERAS")
good = ["Warga Jahab %d" % i for i in range(28, 38)]
nostock = ["Warga Jahab %d" % i for i in range(10, 14)]
s, q = BEBAN["Warga Jahab 14"]
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45_decode(t):
    out = bytearray()
    for i in range(0, len(t), 3):
        c = [B45.index(ch) for ch in t[i:i + 3]]
        n = sum(v * 45 ** k for k, v in enumerate(c))
        out += n.to_bytes(2, "big") if len(c) == 3 else bytes([n])
    return bytes(out)


def b45_encode(b):
    out = ""
    for i in range(0, len(b), 2):
        n = int.from_bytes(b[i:i + 2], "big")
        for _ in range(3 if i + 1 < len(b) else 2):
            out += B45[n % 45]
            n //= 45
    return out


def forge(text, at):
    """The slip's text with one bit of its signature flipped: still a
    well-formed lumbung payload (RFC 9285 base45), only not signed."""
    raw = bytearray(b45_decode(text[4:]))
    raw[at] ^= 0x01
    return text[:4] + b45_encode(bytes(raw))


assert b45_encode(b45_decode(q[4:])) == q[4:]
forged = [forge(q, -1), forge(q, -20)]
again = ["Warga Jahab 16", "Warga Jahab 17"]
mix = [("good", n, {"payload": BEBAN[n][1]}) for n in good]
mix += [("nostock", n, {"payload": GULA[n][1]}) for n in nostock]
mix += [("forged", "", {"payload": f}) for f in forged]
mix += [("again", n, {"payload": BEBAN[n][1]}) for n in again]
mix += [("point", "Abdul Karim", {"payload": BEBAN["Abdul Karim"][1]})]
# interleaved, so that refusals sit between acceptances in a group
mix = [mix[i] for i in (0, 10, 1, 14, 2, 16, 3, 11, 4, 15, 5, 17, 6, 12, 7, 18, 8, 13, 9)]
ans = fire([(phones[i % 4], phones[i % 4].keys("POS-JHB"), "POS-JHB", f) for i, (_, _, f) in enumerate(mix)])
got = {k: [(n, r) for (kk, n, _), r in zip(mix, ans) if kk == k] for k in ("good", "nostock", "forged", "again", "point")}
ok(all(verdict(r) == "DITERIMA" and name_of(r) == n for n, r in got["good"]),
   "10 good slips scanned at once with 9 refused ones: each good one DITERIMA with its own name",
   [(n, verdict(r), name_of(r)) for n, r in got["good"]])
ok(all(verdict(r) == "DITOLAK" and reason(r).startswith("Stok tidak cukup") for _, r in got["nostock"]),
   "... slips of a package the point has no stock for: DITOLAK, stok tidak cukup", [reason(r) for _, r in got["nostock"]])
ok(all(verdict(r) == "DITOLAK" and reason(r).startswith("Kupon palsu") for _, r in got["forged"]),
   "... forged slips: DITOLAK, kupon palsu", [reason(r) for _, r in got["forged"]])
ok(all(verdict(r) == "DITOLAK" and reason(r).startswith("Sudah ditebus pada") for _, r in got["again"]) and
   all(verdict(r) == "DITOLAK" and reason(r) == "Bukan titik ini: kupon ini diambil di Balai Desa Loa Ipuh (POS-TGR)."
       for _, r in got["point"]),
   "... slips redeemed before: sudah ditebus; another point's: bukan titik ini",
   [reason(r) for _, r in got["again"] + got["point"]])
c1 = counts()
ok(c1["redemption"] == c0["redemption"] + 10 and c1["accepted"] == c0["accepted"] + 10 and
   c1["attempt"] == c0["attempt"] + 19 and c1["movement"] == c0["movement"] + 10 and c1["idem"] == c0["idem"] + 19 and
   stock("POS-JHB", "BERAS") == kg0 - 10 * ONE_KG,
   "... in the database: exactly the 10 redemptions and their issues, 19 attempts; the refusals posted nothing",
   (c0, c1))
ok(num("SELECT count(*) FROM movement m JOIN item i ON i.id = m.item_id WHERE i.code = 'GULA'") == 0 and
   num("SELECT count(*) FROM redemption r JOIN voucher v ON v.id = r.voucher_id JOIN allocation a ON a.id = v.allocation_id"
       " JOIN program p ON p.id = a.program_id WHERE p.code = 'GULA-2026'") == 0 and
   num("SELECT count(*) FROM redemption_attempt WHERE outcome = 'no_stock'") == 4 and
   num("SELECT count(*) FROM redemption_attempt WHERE outcome = 'forged'") == 2,
   "... nothing of the refused packages moved; their attempts are logged as no_stock and forged")

# ---- two points, proxies and a typed serial in one group ----
c0 = counts()
jhb0, tgr0 = stock("POS-JHB", "BERAS"), stock("POS-TGR", "BERAS")
mixed = [
    (phones[0], "POS-JHB", "Siti Aminah", {"payload": BEBAN["Siti Aminah"][1], "proxy": "Rahmat Hidayat", "relation": "anak"}),
    (adm, "POS-TGR", "Abdul Karim", {"payload": BEBAN["Abdul Karim"][1], "proxy": "Ani", "relation": "istri"}),
    (phones[1], "POS-JHB", "Budi Santoso", {"payload": BEBAN["Budi Santoso"][1]}),
    (adm, "POS-TGR", "Dewi Lestari", {"payload": BEBAN["Dewi Lestari"][1]}),
    (phones[2], "POS-JHB", "Rina Wati", {"payload": BEBAN["Rina Wati"][0], "manual": "1", "reason": "QR basah"}),
    (adm, "POS-TGR", "Ñoman Daéng Masagéna", {"payload": BEBAN["Ñoman Daéng Masagéna"][1]}),
]
jobs = [(p, p.keys(pt, "ketik" if "manual" in f else "pindai"), pt, f) for p, pt, _, f in mixed]
ans = fire(jobs)
ok(by_name([n for _, _, n, _ in mixed], ans),
   "two points, proxies and a typed serial at once: each DITERIMA with its own name",
   [(verdict(r), name_of(r)) for r in ans])
rows = sql("SELECT p.name, l.code, r.operator, coalesce(r.proxy_name, '-'), r.source, coalesce(h.proxy_relation, '-')"
           " FROM redemption r JOIN allocation a ON a.id = r.allocation_id JOIN recipient p ON p.id = a.recipient_id"
           " JOIN location l ON l.id = r.point_id"
           " LEFT JOIN redemption_handover h ON h.redemption_id = r.id ORDER BY r.id DESC LIMIT 6").splitlines()
want = sorted([
    "Siti Aminah|POS-JHB|penyalur|Rahmat Hidayat|scan|anak",
    "Abdul Karim|POS-TGR|admin|Ani|scan|istri",
    "Budi Santoso|POS-JHB|penyalur|-|scan|-",
    "Dewi Lestari|POS-TGR|admin|-|scan|-",
    "Rina Wati|POS-JHB|penyalur|-|manual|-",
    "Ñoman Daéng Masagéna|POS-TGR|admin|-|scan|-",
])
ok(sorted(rows) == want, "... each recorded at its point, by its user, with its own proxy (or none) and source", rows)
ok(stock("POS-JHB", "BERAS") == jhb0 - 3 * ONE_KG and stock("POS-TGR", "BERAS") == tgr0 - 3 * ONE_KG and
   counts()["movement"] == c0["movement"] + 6,
   "... each point's beras exactly 3 packages less", (jhb0, tgr0, stock("POS-JHB", "BERAS"), stock("POS-TGR", "BERAS")))
ok(num("SELECT count(*) FROM history_log WHERE hash IS NULL") == 0,
   "every history entry of the groups is sealed")

# ---- keys change while the server runs (it keeps their public halves) ----
old_key = sql("SELECT printf('%08x', key_id) FROM signing_key WHERE retired_at IS NULL")
rot = w.cli("key", "rotate")
pay = w.cli("redeem", "payloads", "--program", "GULA-2026", "--period", "2026-01", "--format", "tsv",
            "-o", os.path.join(T, "payloads-GULA2-2026-01.tsv"))
ok(rot.returncode == 0 and pay.returncode == 0, "setup: a new signing key, and the slips it signs",
   rot.stderr + pay.stderr)
GULA2 = slips("GULA2")
ans = fire([(phones[i], phones[i].keys("POS-JHB"), "POS-JHB", {"payload": GULA2["Warga Jahab %d" % (20 + i)][1]})
            for i in range(2)])
ok(all(verdict(r) == "DITOLAK" and reason(r).startswith("Stok tidak cukup") for r in ans),
   "a slip signed by a key made after the server started: its signature is accepted (refused only for stock)",
   [reason(r) for r in ans])
rev = w.cli("key", "revoke", old_key, "--reason", "berkas kunci tersalin")
ans = fire([(phones[i], phones[i].keys("POS-JHB"), "POS-JHB", {"payload": GULA["Warga Jahab %d" % (20 + i)][1]})
            for i in range(2)])
ok(rev.returncode == 0 and all(verdict(r) == "DITOLAK" and reason(r).startswith("Kupon dicabut") for r in ans),
   "a slip of a key revoked after the server started: DITOLAK, kupon dicabut", [reason(r) for r in ans] + [rev.stderr])
done()
