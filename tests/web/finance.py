"""finance.py - keuangan and admin in the browser (issue 13): the BAST
village by village and in one zip, pagu and reference prices, the
backup download, the office's settings and logo. Every page calls the
operation the CLI calls; the figures are compared with the CLI's, and
each refusal is checked for its exact Indonesian words and for having
written nothing."""
import datetime
import io
import json
import os
import re
import sqlite3
import struct
import subprocess
import time
import zipfile
import zlib

from webtest import DB, LUMBUNG, URL, Client, cli, dump, logged_in, ok, done

SHOTS = os.environ.get("LUMBUNG_SCREENS") or os.environ["T"]
T = os.environ["T"]
PROG, JAN, FEB = "SEMBAKO-2026", "2026-01", "2026-02"
VILLAGES = [("64.02.02.2001", "Jonggon Desa", "jonggon-desa", 1), ("64.02.06.1001", "Jahab", "jahab", 2),
            ("64.02.06.1002", "Loa Ipuh", "loa-ipuh", 1)]


def apa(body):
    m = re.search(r'<p class="apa"><b>Apa yang terjadi:</b> (.*?)</p>', body, re.S)
    return m.group(1) if m else None


def keys(body, action):
    """The csrf and one-time key of the form posting to action."""
    m = re.search(r'<form[^>]*action="%s".*?</form>' % re.escape(action), body, re.S)
    if not m:
        return {}
    f = m.group(0)
    return {"csrf": re.search(r'name="csrf" value="([0-9a-f]+)"', f).group(1),
            "idem": re.search(r'name="idem" value="([0-9a-f]+)"', f).group(1)}


def multipart(fields, files=()):
    b = "----lumbungfinance"
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode()
    for k, fn, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n" % (b, k, fn)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


def raw(client, method, path, fields=None):
    """A request with the body kept as bytes (a download)."""
    import http.client
    import urllib.parse
    from webtest import HOSTPORT
    h = {"Host": HOSTPORT, "Cookie": "; ".join("%s=%s" % kv for kv in client.cookies.items())}
    body = None
    if method == "POST":
        h.update({"Origin": URL, "Content-Type": "application/x-www-form-urlencoded"})
        body = urllib.parse.urlencode(fields or {})
    c = http.client.HTTPConnection(HOSTPORT, timeout=120)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    got = (r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    c.close()
    return got


def raw_get(client, path):
    return raw(client, "GET", path)


def dump_data():
    """The dump but the answers kept for one-time keys (web/idem.h): a
    refused form's answer is kept so that sending it again shows it
    again; the audit log stays in."""
    return "\n".join(l for l in dump().splitlines() if not re.match(r'INSERT INTO "?web_idem"? ', l))


def leftovers():
    d = DB + ".web"
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def cli_jumlah(village, fmt="csv"):
    """The total line of the CLI's BAST of one village."""
    out = os.path.join(T, "bast-%s.%s" % (village, fmt))
    r = cli("report", "bast", "--program", PROG, "--period", JAN, "--village", village, "--format", fmt,
            "-o", out, "--force")
    if r.returncode != 0:
        return None, r.stderr
    if fmt == "pdf":
        return out, ""
    with open(out, encoding="utf-8") as f:
        for line in f:
            if line.startswith("Jumlah: "):
                return line.strip(), ""
    return None, "no Jumlah line"


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else -1


def png(w, h):
    raw = b"".join(b"\x00" + b"".join(bytes([(x * 40) % 256, (y * 40) % 256, 160]) for x in range(w)) for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def audit_last(action):
    con = sqlite3.connect(DB)
    row = con.execute("SELECT user, action, subject, result FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1",
                      (action,)).fetchone()
    con.close()
    return row


def count(sql):
    con = sqlite3.connect(DB)
    n = con.execute(sql).fetchone()[0]
    con.close()
    return n


keu = logged_in("keuangan")
adm = logged_in("admin")
aud = logged_in("auditor")
gud = logged_in("gudang")

# ---- the BAST, village by village and in one zip ----
r = keu.get("/laporan")
ok('href="/laporan/bast?program=SEMBAKO-2026&amp;periode=2026-01">per desa / zip</a>' in r.body
   and 'href="/keuangan/anggaran">Pagu dan harga acuan</a>' in r.body,
   "the reports page links the BAST per village and the finance figures", r.body[-3000:])
r = keu.get("/laporan/bast?program=%s&periode=%s" % (PROG, JAN))
rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td class=\"n\">([^<]*)</td>"
                  r"<td><a href=\"([^\"]*)\">PDF</a></td></tr>", r.body)
ok(r.status == 200 and [(c, n, int(h)) for _, n, c, h, _ in rows] == [(c, n, h) for c, n, _, h in VILLAGES],
   "the BAST page lists the three villages with packages handed over, with how many", rows or r)
ok(rows and rows[1][4] == "/laporan/unduh?jenis=bast&amp;program=SEMBAKO-2026&amp;periode=2026-01&amp;format=pdf"
   "&amp;desa=64.02.06.1001", "each village links its own BAST PDF", rows)
ok('<a id="zip" href="/laporan/bast/zip?program=SEMBAKO-2026&amp;periode=2026-01">Unduh semua (zip)</a>' in r.body,
   "and the page offers all of them in one zip", r.body[:3000])

# one village's PDF, the same statement as report bast --village
st, h, body = raw_get(keu, "/laporan/unduh?jenis=bast&program=%s&periode=%s&format=pdf&desa=64.02.06.1001" % (PROG, JAN))
one = os.path.join(T, "one-jahab.pdf")
with open(one, "wb") as f:
    f.write(body)
want, why = cli_jumlah("64.02.06.1001")
ok(st == 200 and h.get("content-type") == "application/pdf" and
   h.get("content-disposition") == 'attachment; filename="BAST-SEMBAKO-2026-2026-01-64.02.06.1001.pdf"',
   "one village's BAST downloads as a PDF with a safe name", (st, h))
ok(want == "Jumlah: 2 paket senilai Rp352.000 (terbilang: tiga ratus lima puluh dua ribu rupiah)."
   and want in " ".join(pdf_text(one).split()), "its total is the CLI's for Jahab", (want, why))

before = leftovers()
t0 = time.time()
st, h, body = raw_get(keu, "/laporan/bast/zip?program=%s&periode=%s" % (PROG, JAN))
ok(st == 200 and h.get("content-type") == "application/zip" and
   h.get("content-disposition") == 'attachment; filename="BAST-SEMBAKO-2026-2026-01.zip"',
   "the zip downloads with its safe name (%.1f s)" % (time.time() - t0), (st, h, body[:300]))
zpath = os.path.join(T, "bast.zip")
with open(zpath, "wb") as f:
    f.write(body)
try:
    z = zipfile.ZipFile(zpath)
    names = z.namelist()
    bad = z.testzip()
except zipfile.BadZipFile as x:
    z, names, bad = None, [], str(x)
want_names = ["BAST-SEMBAKO-2026-2026-01-%s-%s.pdf" % (c, s) for c, _, s, _ in VILLAGES]
ok(names == want_names and bad is None, "the zip holds one PDF per village, named for it, intact", (names, bad))
zdir = os.path.join(T, "unzipped")
os.makedirs(zdir, exist_ok=True)
for (code, name, slug, handed), fn in zip(VILLAGES, want_names):
    if not z or fn not in names:
        ok(False, "the zip has %s" % fn)
        ok(False, "its text names %s and the CLI's total" % name)
        continue
    p = os.path.join(zdir, fn)
    with open(p, "wb") as f:
        f.write(z.read(fn))
    cpdf, _ = cli_jumlah(code, "pdf")
    ok(pdf_pages(p) == pdf_pages(cpdf) == 1, "%s's BAST has as many pages as the CLI's (1)" % name,
       (pdf_pages(p), pdf_pages(cpdf)))
    text = " ".join(pdf_text(p).split())
    want, why = cli_jumlah(code)
    ok(("Desa/Kelurahan %s" % name) in text and want and want in text and ("%d paket" % handed) in want,
       "%s's BAST names the village and the CLI's total (%s)" % (name, want), text[:1500])
subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", os.path.join(zdir, want_names[1]),
                os.path.join(SHOTS, "bast-zip-jahab")], capture_output=True)
ok(os.path.exists(os.path.join(SHOTS, "bast-zip-jahab-1.png")), "a page of the zip renders to PNG")
ok(leftovers() == before, "nothing of the zip stays on the server's disk", (before, leftovers()))

# refusals: nothing written, no empty zip
d0 = dump()
st, h, body = raw_get(keu, "/laporan/bast/zip?program=%s&periode=%s" % (PROG, FEB))
ok(st == 409 and h.get("content-type", "").startswith("text/html") and
   apa(body.decode()) == "Belum ada paket yang diserahkan pada ronde ini, jadi belum ada BAST untuk dibuat.",
   "a month with no handovers: a clear answer, no empty zip", (st, h, body[:2000]))
r = keu.get("/laporan/bast?program=%s&periode=%s" % (PROG, FEB))
ok(r.status == 409 and apa(r.body) == "Belum ada paket yang diserahkan pada ronde ini, jadi belum ada BAST untuk dibuat.",
   "the village list says the same", r)
r = keu.get("/laporan/bast/zip?program=TIDAK-ADA&periode=%s" % JAN)
ok(r.status == 400 and apa(r.body) == "Program atau ronde itu tidak ada, atau belum dipilih.",
   "an unknown program is named as such", r)
r = keu.get("/laporan/unduh?jenis=bast&program=%s&periode=%s&format=pdf&desa=64.02.99.9999" % (PROG, JAN))
ok(r.status == 400 and apa(r.body) == "Desa itu tidak punya alokasi pada ronde ini.",
   "an unknown village is named as such", r)
r = gud.get("/laporan/bast/zip?program=%s&periode=%s" % (PROG, JAN))
ok(r.status == 403, "gudang (no reports) may not download the BAST", r)
ok(dump() == d0 and leftovers() == before, "the refused downloads wrote nothing")

# ---- finance figures ----
r = keu.get("/keuangan/anggaran")
ok(r.status == 200 and 'action="/keuangan/pagu"' in r.body and 'action="/keuangan/harga"' in r.body and
   'name="amount"' in r.body and 'name="price"' in r.body and "Tidak ada data." in r.body,
   "keuangan sees the (empty) list with the pagu and price forms", r.body[-3000:])
r = aud.get("/keuangan/anggaran")
ok(r.status == 200 and 'action="/keuangan/pagu"' not in r.body, "the auditor sees the list without forms", r)
r = gud.get("/keuangan/anggaran")
ok(r.status == 403, "gudang may not see the finance figures", r)

r = keu.post("/keuangan/pagu", {"program": PROG, "from": "2026-02", "amount": "Rp300.000", "ref": "DPA/2026/01"})
ok(r.status == 200 and "Pagu SEMBAKO-2026 mulai Februari 2026 dicatat: Rp300.000." in r.body,
   "a pagu typed as Rp300.000 is recorded as Rp300.000", r)
r = keu.post("/keuangan/pagu", {"program": PROG, "from": "2026-03", "amount": "300.000"})
ok(r.status == 200 and "mulai Maret 2026 dicatat: Rp300.000." in r.body, "300.000 is the same amount", r)
r = keu.post("/keuangan/pagu", {"program": PROG, "from": "2026-04", "amount": "300000"})
ok(r.status == 200 and "mulai April 2026 dicatat: Rp300.000." in r.body, "300000 too", r)
c = cli("finance", "pagu", "--program", PROG, "--from", "2026-05", "--amount", "Rp300.000")
ok(c.returncode == 0, "the CLI takes Rp300.000 as well (one parser)", c.stderr)
lst = json.loads(cli("finance", "list", "--format", "json").stdout)
got = [(x.get("what"), x.get("from"), x.get("amount"), x.get("operator")) for x in lst]
ok(got == [("pagu", m, 300000, op) for m, op in
           (("2026-02", "keuangan"), ("2026-03", "keuangan"), ("2026-04", "keuangan"), ("2026-05", os.environ.get("LUMBUNG_OPERATOR", "operator")))],
   "finance list shows the four pagu, the web's by keuangan", lst)
ok(audit_last("finance pagu") == ("keuangan", "finance pagu", "SEMBAKO-2026 from 2026-04", "ok"),
   "the pagu is audited with the logged-in user", audit_last("finance pagu"))
r = keu.post("/keuangan/harga", {"item": "BERAS", "from": "2026-02", "price": "Rp14.500", "source": "SK Bupati 12"})
ok(r.status == 200 and "Harga acuan BERAS mulai Februari 2026 dicatat: Rp14.500 per satuan dasar." in r.body,
   "a reference price is recorded", r)
r = keu.get("/keuangan/anggaran")
ok("<td>Harga acuan</td><td>BERAS</td><td>Februari 2026</td><td class=\"n\">Rp14.500</td><td>SK Bupati 12</td>"
   "<td>keuangan</td>" in r.body and "<td>Pagu</td><td>SEMBAKO-2026</td><td>Februari 2026</td>"
   "<td class=\"n\">Rp300.000</td><td>DPA/2026/01</td><td>keuangan</td>" in r.body,
   "the list shows them as finance list does", r.body[-3000:])

AMOUNT = ("Jumlah rupiah itu tidak dapat dibaca: tulis bilangan bulat tanpa tanda minus, misalnya 300000, "
          "300.000 atau Rp300.000 (paling besar Rp1.000.000.000.000.000).")
d0 = dump()
for amount, what in (("-300.000", "a negative amount"), ("Rp10.000.000.000.000.000", "an overflowing amount"),
                     ("tiga ratus ribu", "a garbled amount"), ("300,50", "a fraction")):
    r = keu.post("/keuangan/pagu", {"program": PROG, "from": "2026-06", "amount": amount})
    ok(r.status == 400 and apa(r.body) == AMOUNT and ('value="%s"' % amount.replace(",", ",")) in r.body,
       "%s is refused in Bahasa Indonesia, the form kept" % what, r)
    c = cli("finance", "pagu", "--program", PROG, "--from", "2026-06", "--amount", amount)
    ok(c.returncode == 2, "the CLI refuses %s too" % what, c.stderr)
r = keu.post("/keuangan/harga", {"item": "GARAM", "from": "2026-06", "price": "5000"})
ok(r.status == 400 and apa(r.body) == "Barang itu tidak ada di daftar barang: pilih barang dari daftar.",
   "an unknown item is refused", r)
r = keu.post("/keuangan/pagu", {"program": "TIDAK-ADA", "from": "2026-06", "amount": "5000"})
ok(r.status == 400 and apa(r.body) == "Program itu tidak ada: pilih program dari daftar.", "an unknown program is refused", r)
r = keu.post("/keuangan/pagu", {"program": PROG, "from": "2026-13", "amount": "5000"})
ok(r.status == 400 and apa(r.body) == "Bulan berlaku tidak dapat dibaca: tulis tahun dan bulan, misalnya 2026-03.",
   "a month that is none is refused", r)
r = keu.post("/keuangan/pagu", {"program": PROG, "from": "2026-02", "amount": "400.000"})
ok(r.status == 409 and apa(r.body) == "Pagu program ini mulai bulan itu sudah tercatat; revisi dicatat mulai bulan berikutnya.",
   "a second pagu for the same month is refused (a form sent twice records once)", r)
r = aud.post("/keuangan/pagu", {"program": PROG, "from": "2026-06", "amount": "5000"})
ok(r.status == 403, "the auditor may not record a pagu", r)
r = keu.post("/keuangan/pagu", {"program": PROG, "from": "2026-06", "amount": "5000"}, with_csrf=False)
ok(r.status == 403, "a pagu without the CSRF token is refused", r)
ok(dump() == d0, "the refused figures wrote nothing")

# ---- backup ----
r = adm.get("/admin/pengguna")
ok('<a href="/admin/pengaturan">Pengaturan kantor</a> <a href="/admin/cadangan">Cadangan basis data</a>' in r.body,
   "the admin's users page links the settings and the backup", r)
r = adm.get("/admin/cadangan")
ok(r.status == 200 and 'action="/admin/cadangan"' in r.body and "NIK lengkap" in r.body,
   "the admin's backup page warns what the copy holds", r)
d0 = dump()
r = adm.post("/admin/cadangan", {}, with_csrf=False)
ok(r.status == 403 and "<h1>" in r.body, "a backup POST without CSRF gets the 403 page", r)
r = keu.post("/admin/cadangan", {})
ok(r.status == 403, "keuangan may not download a backup", r)
r = aud.post("/admin/cadangan", {})
ok(r.status == 403, "nor the auditor", r)
ok(dump() == d0, "the refused backups wrote nothing (no audit row, no file)")
adm.get("/admin/cadangan")
now = time.time()
st, h, body = raw(adm, "POST", "/admin/cadangan", {"csrf": adm.csrf})
m = re.match(r'attachment; filename="lumbung-(\d{8}-\d{4})\.db"$', h.get("content-disposition", ""))
local = [datetime.datetime.utcfromtimestamp(now + dt + 8 * 3600).strftime("%Y%m%d-%H%M") for dt in (-60, 0, 60)]
ok(st == 200 and h.get("content-type") == "application/vnd.sqlite3" and m and m.group(1) in local,
   "the backup downloads as lumbung-YYYYMMDD-HHMM.db, local time", (st, h, local))
copy = os.path.join(T, "copy.db")
with open(copy, "wb") as f:
    f.write(body)
v = subprocess.run([LUMBUNG, "-d", copy, "verify"], capture_output=True, text=True)
ok(v.returncode == 0, "lumbung -d copy verify passes", v.stdout + v.stderr)
c1 = sqlite3.connect(copy).execute("SELECT count(*) FROM recipient").fetchone()[0]
ok(c1 == count("SELECT count(*) FROM recipient") == 8, "the copy holds every recipient (8)", c1)
ok(audit_last("backup")[:2] == ("admin", "backup") and audit_last("backup")[3] == "ok",
   "the backup is audited with the admin", audit_last("backup"))
ok(leftovers() == before, "no copy stays on the server's disk", leftovers())

# ---- settings ----
r = adm.get("/admin/pengaturan")
listed = dict(re.findall(r"<tr><td>([a-z_.]+)</td><td>([^<]*)</td>", r.body))
names = re.findall(r"^(\S+)", cli("settings").stdout, re.M)
vals = {n: cli("settings", n).stdout.rstrip("\n") for n in names}
ok(r.status == 200 and len(names) > 20 and listed == vals, "the settings page lists every setting with the CLI's value",
   (len(names), set(names) ^ set(listed)))
helps = dict(re.findall(r"<tr><td>([a-z_.]+)</td><td>[^<]*</td><td>([^<]*)</td>", r.body))
english = re.findall(r"^\s+(\S.*)$", cli("settings").stdout, re.M)
ok(helps.get("timezone") == "zona waktu kantor untuk setiap waktu yang ditampilkan atau dicetak: Asia/Jakarta (WIB), "
   "Asia/Makassar (WITA), Asia/Jayapura (WIT)" and len(helps) == len(names) and
   not set(h.replace("&quot;", '"') for h in helps.values()) & set(english),
   "what each setting is for is said in Bahasa Indonesia", helps)
r = keu.get("/admin/pengaturan")
ok(r.status == 403, "keuangan may not open the settings", r)
r = adm.get("/admin/pengaturan?nama=office.place")
f = keys(r.body, "/admin/pengaturan")
f.update({"NAME": "office.place", "VALUE": "Tenggarong"})
r = adm.post("/admin/pengaturan", f)
ok(r.status == 200 and "office.place sekarang: Tenggarong" in r.body and cli("settings", "office.place").stdout == "Tenggarong\n",
   "a setting changed on the page is the CLI's", r)
ok(audit_last("settings") == ("admin", "settings", "office.place", "ok"), "and audited with the admin",
   audit_last("settings"))
d0 = dump_data()
for name, value, why, what in (
        ("timezone", "Asia/Tokyo", "Nilai itu tidak berlaku untuk timezone; tidak ada yang diubah. Lihat kolom "
         "\"Untuk apa\" di daftar untuk nilai yang diterima.", "a bad time zone"),
        ("office.paper", "A5", "Nilai itu tidak berlaku untuk office.paper; tidak ada yang diubah. Lihat kolom "
         "\"Untuk apa\" di daftar untuk nilai yang diterima.", "a paper size that is none"),
        ("office.tidak.ada", "x", "Pengaturan \"office.tidak.ada\" tidak ada; tidak ada yang diubah. Pilih "
         "pengaturan dari daftar.", "an unknown setting")):
    r = adm.get("/admin/pengaturan")
    f = keys(r.body, "/admin/pengaturan")
    f.update({"NAME": name, "VALUE": value})
    r = adm.post("/admin/pengaturan", f)
    ok(r.status == 400 and apa(r.body) == why.replace('"', "&quot;"), "%s is refused in Bahasa Indonesia" % what, r)
    c = cli("settings", name, value)
    ok(c.returncode == 2, "the CLI refuses %s too" % what, c.stderr)
ok(dump_data() == d0, "the refused settings wrote nothing")
r = adm.get("/admin/pengaturan")
f = keys(r.body, "/admin/pengaturan")
f.update({"NAME": "office.place", "VALUE": "", "bawaan": "1"})
r = adm.post("/admin/pengaturan", f)
ok(r.status == 200 and cli("settings", "office.place").stdout == "\n", "a setting goes back to its default", r)

# the logo
logo = png(8, 8)
r = adm.get("/admin/pengaturan")
ok("Belum ada logo" in r.body, "no logo yet", r)
f = keys(r.body, "/admin/pengaturan/logo/unggah")
body, ctype = multipart(f, [("logo", "logo.png", logo)])
r = adm.request("POST", "/admin/pengaturan/logo/unggah", body=body, headers={"Content-Type": ctype})
ok(r.status == 200 and "Logo kop surat diganti." in r.body and 'src="/admin/pengaturan/logo"' in r.body,
   "a PNG logo is uploaded and shown", r)
st, h, got = raw_get(adm, "/admin/pengaturan/logo")
ok(st == 200 and h.get("content-type") == "image/png" and got == logo, "the logo shown is the one uploaded", (st, h))
ok(audit_last("settings-logo") == ("admin", "settings-logo", "logo, %d bytes" % len(logo), "ok"),
   "the logo change is audited", audit_last("settings-logo"))
d0 = dump_data()
for data, why, what in ((b"bukan gambar, hanya teks", "Berkas itu bukan gambar PNG atau JPEG yang utuh; logo tidak diubah.",
                         "a file that is not an image"),
                        (logo[:40], "Berkas itu bukan gambar PNG atau JPEG yang utuh; logo tidak diubah.", "a cut PNG"),
                        (b"\xff\xd8\xff\xe0" + b"\0" * (2 * 1024 * 1024 + 10),
                         "Gambar itu lebih besar dari 2 MB; logo tidak diubah. Perkecil gambarnya, lalu unggah lagi.",
                         "an image over 2 MB")):
    r = adm.get("/admin/pengaturan")
    f = keys(r.body, "/admin/pengaturan/logo/unggah")
    body, ctype = multipart(f, [("logo", "logo.png", data)])
    r = adm.request("POST", "/admin/pengaturan/logo/unggah", body=body, headers={"Content-Type": ctype})
    ok(r.status == 400 and apa(r.body) == why, "%s is refused in Bahasa Indonesia" % what, r)
ok(dump_data() == d0 and raw_get(adm, "/admin/pengaturan/logo")[2] == logo, "the refused logos changed nothing")
ok(leftovers() == before, "no upload stays on the server's disk", leftovers())

# ---- a closed month takes no pagu (last: January closes for good) ----
c = cli("period", "close", JAN, "--yes", "--early", "--reason", "uji tutup bulan")
ok(c.returncode == 0, "January is closed (CLI)", c.stderr)
d0 = dump()
r = keu.post("/keuangan/pagu", {"program": PROG, "from": JAN, "amount": "300.000"})
ok(r.status == 409 and apa(r.body) == "Bulan itu sudah ditutup: pagu hanya dapat berlaku mulai bulan yang masih terbuka.",
   "a pagu in a closed month is refused", r)
r = keu.post("/keuangan/harga", {"item": "BERAS", "from": JAN, "price": "14.000"})
ok(r.status == 409 and apa(r.body) == "Bulan itu sudah ditutup: harga acuan hanya dapat berlaku mulai bulan yang masih terbuka.",
   "a reference price in a closed month is refused", r)
ok(dump() == d0, "and nothing was written")

# ---- pictures at phone and desktop widths ----
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    import tempfile
    opts = webdriver.ChromeOptions()
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
              "--user-data-dir=" + tempfile.mkdtemp(prefix="lumbung-chrome.")]:
        opts.add_argument(a)
    opts.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    driver.set_page_load_timeout(60)

    def login(user):
        driver.delete_all_cookies()
        driver.get(URL + "/login")
        driver.find_element(By.NAME, "user").send_keys(user)
        driver.find_element(By.NAME, "password").send_keys("rahasia-" + user)
        driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
        time.sleep(0.5)

    for user, path, shot in (("keuangan", "/laporan/bast?program=%s&periode=%s" % (PROG, JAN), "bast"),
                             ("keuangan", "/keuangan/anggaran", "anggaran"),
                             ("admin", "/admin/pengaturan", "pengaturan"),
                             ("admin", "/admin/cadangan", "cadangan")):
        login(user)
        for width in (360, 1280):
            driver.set_window_size(width, 900)
            driver.get(URL + path)
            driver.save_screenshot(os.path.join(SHOTS, "%s-%d.png" % (shot, width)))
            over = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            ok(over <= 0 and driver.find_element(By.TAG_NAME, "h1").text,
               "%s at %d px is drawn and needs no sideways scrolling" % (path, width), over)
    driver.quit()
except Exception as x:  # a missing browser fails the checks, not the run
    ok(False, "the screenshots were taken", repr(x))
done()
