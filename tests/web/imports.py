"""imports.py - imports from the browser (web/pages_import.c): stock
movements (/stok/impor), recipients (/penerima/impor) and screening lists
(/penerima/saring). Each upload is previewed (every bad row in a table,
nothing written), then confirmed once; every bad input gets its exact
Indonesian answer and writes nothing.

Run with phase "main" (the default), or "expiry" against a server whose
tokens live $LUMBUNG_UPLOAD_SECONDS (a second server, see t8240)."""
import csv
import io
import os
import re
import subprocess
import sys
import threading
import time
import uuid

import webtest as w
from webtest import cli, done, multipart, ok

T = os.environ["T"]
PHASE = sys.argv[1] if len(sys.argv) > 1 else "main"
SHOTS = os.environ.get("LUMBUNG_SCREENS") or T


def sql(q):
    return subprocess.run(["sqlite3", w.DB, q], capture_output=True, text=True, check=True).stdout.strip()


def counts():
    """What an import may write: movements, balances, recipients, lists."""
    return sql("SELECT (SELECT count(*) FROM movement) || ' ' || (SELECT total(qty) FROM balance) || ' ' ||"
               " (SELECT count(*) FROM recipient) || ' ' || (SELECT count(*) FROM screening_list) || ' ' ||"
               " (SELECT count(*) FROM screening_hit) || ' ' || (SELECT count(*) FROM recipient_status)")


def dump():
    """The database without the rows a page legitimately writes (audit
    log, one-time keys, sessions)."""
    d = w.dump()
    return "\n".join(l for l in d.splitlines()
                     if not l.startswith(("INSERT INTO audit", "INSERT INTO web_idem", "INSERT INTO web_session",
                                          "INSERT INTO history_log")))


class Office(w.Client):
    def keys(self, body, form_id=None, action=None):
        forms = re.findall(r"<form[^>]*>.*?</form>", body, re.S)
        for f in forms:
            if (form_id and 'id="%s"' % form_id in f) or (action and 'action="%s"' % action in f):
                return (re.search(r'name="csrf" value="([0-9a-f]+)"', f).group(1),
                        re.search(r'name="idem" value="([0-9a-f]+)"', f).group(1))
        raise AssertionError("no form %s %s in %s" % (form_id, action, body[:500]))

    def upload(self, path, data, name="berkas.csv", fields=None, page=None):
        page = page or self.get(path).body
        csrf, idem = self.keys(page, form_id="unggah")
        f = {"csrf": csrf, "idem": idem}
        f.update(fields or {})
        body, ctype = multipart(f, [("file", name, data)] if data is not None else [])
        return self.request("POST", path, body=body, headers={"Content-Type": ctype})

    def confirm(self, preview, action, mode=None, keys=None, token=None):
        m = re.search(r'<form[^>]*action="%s">.*?</form>' % re.escape(action), preview.body, re.S)
        assert m or (keys and token), "no confirm form in %s" % preview.body[:800]
        f = m.group(0) if m else ""
        csrf, idem = keys or (re.search(r'name="csrf" value="([0-9a-f]+)"', f).group(1),
                              re.search(r'name="idem" value="([0-9a-f]+)"', f).group(1))
        fields = {"csrf": csrf, "idem": idem,
                  "token": token or re.search(r'name="token" value="([0-9a-f]+)"', f).group(1),
                  "mode": mode or re.search(r'name="mode" value="([a-z]+)"', f).group(1)}
        r = self.post(action, fields)
        r.keys = (csrf, idem)
        r.token = fields["token"]
        return r


def login(user):
    c = Office()
    r = c.login(user, "rahasia-" + user)
    if r.status != 303:
        raise SystemExit("not ok - setup: login as %s failed: %r" % (user, r))
    c.get("/")
    return c


def el(r, id_):
    m = re.search(r'id="%s"[^>]*>([^<]*)<' % id_, r.body)
    return m.group(1) if m else None


def why(r):
    m = re.search(r'<p class="apa"><b>Apa yang terjadi:</b> (.*?)</p>', r.body, re.S)
    return m.group(1) if m else None


def table(r, id_="baris-salah"):
    m = re.search(r'<table id="%s"(?: class="susun")?>.*?<tbody>(.*?)</tbody>' % id_, r.body, re.S)
    if not m:
        return []
    return [[re.sub(r"<[^>]+>", "", td).replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&")
             for td in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)]


STALE = ("Sejak pratinjau, data berubah (misalnya stok sudah dipindah atau NIK sudah didaftarkan orang lain),"
         " sehingga ada baris yang kini ditolak. Tidak ada yang dicatat.")


def stale(client, preview, action, meanwhile, desc):
    """Something changes at the command line between the preview and its
    confirm: the confirm is refused with STALE and writes nothing."""
    ok(el(preview, "jml-baik") == "1" and el(preview, "jml-salah") == "0", desc + ": good at preview", preview)
    r = cli(*meanwhile)
    ok(r.returncode == 0, desc + ": meanwhile, at the command line: " + " ".join(meanwhile[:2]), r.stderr)
    before, bdump = counts(), dump()
    c = client.confirm(preview, action)
    refused(desc + ", confirmed", c, 409, STALE, before, bdump)
    return c, before


def refused(desc, r, status, words, before, before_dump=None):
    ok(r.status == status and why(r) == words, desc + ": " + words, (r.status, why(r), r.body[-1500:]))
    ok(counts() == before and (before_dump is None or dump() == before_dump), desc + ": nothing written",
       (counts(), before))


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\x00" * 40

# ---- office-shaped files (semicolons, Indonesian headings, Windows line ends) ----
STOCK_OFFICE = ("No;Jenis;Tanggal;Dari;Ke;Lokasi;Barang;Jumlah;No Lot;Kedaluwarsa;Harga Satuan;No DO;Alasan;Keterangan\r\n"
                "1;receive;10/01/2026;SUP-BULOG;GD-TGR;;BERAS;2 karung;BRS-C;31/12/2026;14.000;DO/0112/2026;;kiriman Januari\r\n"
                "2;move;11/01/2026;GD-TGR;POS-JHB;;BERAS;10;;;;SJ-77;;\r\n"
                "3;adjust;12/01/2026;;;GD-TGR;MINYAK;-1;;;;;rusak;botol bocor\r\n").encode("cp1252")
STOCK_BAD = ("type,date,from,to,item,qty,lot,expiry,unit_cost,ref,id,reason\n"
             "move,2026-01-11,GD-TGR,POS-TGR,BERAS,1,,,,,,\n"
             "move,2026-01-11,GD-TGR,POS-TGR,GULAX,1,,,,,,\n"
             "move,2026-01-11,GD-TGR,POS-TGR,MINYAK,5000,,,,,,\n"
             "adjust,2026-01-12,GD-TGR,,MINYAK,-1,,,,,,rusak\n").encode()
RCP_OFFICE = ("NIK;No KK;Nama;Jenis Kelamin;Tgl Lahir;Alamat;Desa/Kelurahan;Kategori;Desil;No HP\r\n"
              "6402064101800011;6402060101800001;Sri Wahyuni;P;01/01/1980;RT 03 Jahab;64.02.06.1001;lansia;1;081234567890\r\n"
              "6402060202810012;6402060101800001;Joko Susilo;L;02/02/1981;RT 03 Jahab;64.02.06.1001;lansia;2;\r\n"
              "6402064303820013;6402060101800002;Nur Aini;P;03/03/1982;RT 01 Loa Ipuh;64.02.06.1002;lansia;1;\r\n").encode()


def main():
    gudang = login("gudang")
    pend = login("pendataan")

    # ---------------- stock ----------------
    r = gudang.get("/stok")
    ok('href="/stok/impor"' in r.body, "the stock page links the import page")
    r = gudang.get("/stok/impor")
    ok(r.status == 200 and '<input type="file" name="file"' in r.body and 'id="periksa"' in r.body
       and "Paling besar 32 MB." in r.body, "GET /stok/impor: a file field, the Periksa button, the 32 MB limit")
    ok(login("pendataan").get("/stok/impor").status == 403, "the data staff may not import stock (403)")

    before, bdump = counts(), dump()
    p = gudang.upload("/stok/impor", STOCK_OFFICE, "mutasi januari.csv")
    ok(p.status == 200 and el(p, "jml-baik") == "3" and el(p, "jml-salah") == "0" and el(p, "jml-baris") == "3",
       "an office's file (semicolons, Indonesian headings, cp1252, a No column): 3 good rows, 0 bad", p)
    ok("Akan dicatat: 1 penerimaan, 1 pemindahan, 1 penyesuaian: 3 mutasi stok." in p.body,
       "the preview says what the rows would post", p.body[-2500:])
    ok('id="posting">Posting 3 baris</button>' in p.body and 'id="baris-salah"' not in p.body,
       "a confirm button 'Posting 3 baris', no table of bad rows")
    ok(counts() == before and dump() == bdump, "the preview wrote nothing")
    token = re.search(r'name="token" value="([0-9a-f]{64})"', p.body).group(1)
    files = os.listdir(os.path.join(w.DB + ".web", "impor"))
    st = os.stat(os.path.join(w.DB + ".web", "impor", token + ".up"))
    dst = os.stat(os.path.join(w.DB + ".web", "impor"))
    ok(token + ".up" in files and st.st_mode & 0o777 == 0o600 and dst.st_mode & 0o777 == 0o700,
       "the upload is kept in a 0600 file in a 0700 folder beside the database", (files, oct(st.st_mode)))

    # another user's token, an unknown token
    adm = login("admin")
    adm.get("/stok/impor")
    r = adm.confirm(p, "/stok/impor/posting", keys=(adm.csrf, uuid.uuid4().hex + uuid.uuid4().hex), token=token,
                    mode="semua")
    refused("a confirm with another user's token", r, 400,
            "Pratinjau ini bukan milik Anda (atau untuk impor lain). Tidak ada yang dicatat.", before, bdump)
    r = gudang.confirm(p, "/stok/impor/posting", keys=(gudang.csrf, uuid.uuid4().hex * 2), token="ab" * 32,
                       mode="semua")
    refused("a confirm with an unknown token", r, 400,
            "Pratinjau ini tidak dikenal (mungkin server dimulai ulang). Tidak ada yang dicatat. Unggah berkasnya lagi.",
            before, bdump)
    # the same token on the recipients' confirm
    r = pend.confirm(p, "/penerima/impor/posting", keys=(pend.csrf, uuid.uuid4().hex * 2), token=token, mode="semua")
    refused("a stock token on the recipients' confirm", r, 400,
            "Pratinjau ini bukan milik Anda (atau untuk impor lain). Tidak ada yang dicatat.", before, bdump)
    # without CSRF, after the session ended
    r = gudang.post("/stok/impor/posting", {"csrf": "", "idem": uuid.uuid4().hex * 2, "token": token, "mode": "semua"})
    refused("a confirm without its CSRF token", r, 403, "Permintaan tidak sah: formulir ini kedaluwarsa atau tidak"
            " dikirim dari halaman lumbung, sehingga tidak ada yang diubah.", before, bdump)
    gone = Office()
    gone.cookies = {}
    r = gone.post("/stok/impor/posting", {"csrf": gudang.csrf, "idem": uuid.uuid4().hex * 2, "token": token,
                                          "mode": "semua"})
    refused("a confirm after the session ended", r, 403,
            "Anda belum masuk, atau sesi Anda sudah berakhir, sehingga tidak ada yang diubah.", before, bdump)

    # the confirm, twice with one key, then again with another
    c1 = gudang.confirm(p, "/stok/impor/posting")
    ok(c1.status == 200 and el(c1, "jml-terposting") == "3", "the confirm posts the 3 movements", c1)
    after = counts()
    ok(after.split()[0] == str(int(before.split()[0]) + 3), "three movements in the journal", (before, after))
    bal = cli("stock", "balance", "--at", "GD-TGR", "--item", "BERAS", "--lot", "BRS-C", "--format", "csv").stdout
    ok(bal.strip().splitlines()[1:] == ["GD-TGR,BERAS,BRS-C,2026-12-31,50,kg"],
       "2 karung received as 50 kg into lot BRS-C (the move took the earliest lot)", bal)
    aud = sql("SELECT user || ' ' || action FROM audit WHERE action = 'stock import'")
    ok(aud == "gudang stock import", "the posting is audited as the logged-in user", aud)
    ok(not os.path.exists(os.path.join(w.DB + ".web", "impor", token + ".up")), "the file is removed after posting")
    c2 = gudang.confirm(p, "/stok/impor/posting", keys=c1.keys)
    ok(c2.status == 200 and el(c2, "jml-terposting") == "3" and counts() == after,
       "a double click (same form) is shown the same answer and posts once", (c2.status, counts(), after))
    c3 = gudang.confirm(p, "/stok/impor/posting", keys=(c1.keys[0], uuid.uuid4().hex * 2))
    refused("the same preview confirmed again", c3, 409,
            "Berkas ini sudah diposting sebelumnya. Tidak ada yang dicatat dua kali.", after)

    # bad rows: every one in the table, nothing written
    before, bdump = counts(), dump()
    p = gudang.upload("/stok/impor", STOCK_BAD)
    rows = table(p)
    ok(el(p, "jml-baik") == "2" and el(p, "jml-salah") == "2" and 'id="posting"' not in p.body,
       "a file with 2 bad rows of 4: counted, and no 'post all' button", (el(p, "jml-baik"), el(p, "jml-salah")))
    ok(rows[0][:4] == ["3", "barang", "GULAX", "Barang ini tidak dikenal (belum terdaftar di lumbung)."]
       and rows[0][4] == "unknown item 'GULAX' (see 'lumbung item list')",
       "row 3: the column, the value, the reason in Bahasa Indonesia and the module's own", rows)
    ok(len(rows) == 2 and rows[1][:4] == ["4", "jumlah", "5000", "Stok tidak cukup di lokasi itu."],
       "row 4: not enough stock, judged against the real stock", rows)
    ok(counts() == before and dump() == bdump, "a preview with bad rows wrote nothing")
    # post the good rows only; the rejects as a CSV
    g = gudang.confirm(p, "/stok/impor/posting")
    ok(g.status == 200 and el(g, "jml-terposting") == "2" and el(g, "jml-ditolak") == "2",
       "'good rows only': 2 movements posted, 2 rows left out", g)
    m = re.search(r'id="unduh-tolakan" href="([^"]+)"', g.body)
    d = gudang.get(m.group(1).replace("&amp;", "&"))
    rej = list(csv.reader(io.StringIO(d.body)))
    ok(d.status == 200 and rej[0][-1] == "reject_reason" and [x[4] for x in rej[1:]] == ["GULAX", "MINYAK"]
       and rej[1][-1] == "column 'item': unknown item 'GULAX' (see 'lumbung item list')",
       "the rejects download: the bad rows as they came, with reject_reason", d.body)
    ok(pend.get(m.group(1).replace("&amp;", "&")).status == 403, "another role cannot fetch the rejects")

    # stale: the stock moved between preview and confirm
    left = int(float(sql("SELECT total(qty) FROM balance b JOIN location l ON l.id = b.location_id"
                         " JOIN item i ON i.id = b.item_id WHERE l.code = 'GD-TGR' AND i.code = 'MINYAK'")))
    stale_csv = ("type,date,from,to,item,qty\nmove,2026-01-13,GD-TGR,POS-TGR,MINYAK,%d\n" % left).encode()
    p = gudang.upload("/stok/impor", stale_csv)
    c, before = stale(gudang, p, "/stok/impor/posting", ("stock", "move", "--from", "GD-TGR", "--to", "POS-JHB",
                      "--item", "MINYAK", "--qty", "1", "--date", "2026-01-13"), "a move of all the oil left")
    ok(el(c, "jml-salah") == "1" and table(c)[0][:2] == ["2", "jumlah"], "the refusal lists the row now bad", table(c))
    r2 = gudang.upload("/stok/impor", None, page=c.body.replace('id="periksa-ulang"', "").replace(
        'enctype="multipart/form-data" action="/stok/impor">', 'id="unggah" enctype="multipart/form-data" action="/stok/impor">', 1),
        fields={"token": c.token})
    ok(el(r2, "jml-salah") == "1" and counts() == before, "'Periksa ulang' previews the same kept file again", r2)

    # bad files: refused as a whole, with their own words
    before, bdump = counts(), dump()
    for desc, data, name, words in (
            ("a PNG renamed .csv", PNG, "mutasi.csv", "Berkas ini bukan CSV atau XLSX: isinya gambar PNG. Tidak ada yang dicatat."),
            ("an empty file", b"", "kosong.csv", "Berkas yang diunggah kosong (0 byte). Tidak ada yang dicatat."),
            ("a CSV without the qty column", b"type,item,to\nreceive,BERAS,GD-TGR\n", "a.csv",
             "Berkas ini tidak punya semua kolom yang wajib (lihat rincian teknis untuk nama kolomnya). Tidak ada yang dicatat."),
            ("a CSV with an unknown column", b"type,item,qty,warna\nmove,BERAS,1,merah\n", "b.csv",
             "Ada judul kolom yang tidak dikenal (salah ketik atau kolom lain). Tidak ada yang dicatat."),
            ("a header and no rows", b"type,item,qty\n", "c.csv",
             "Berkas ini hanya berisi judul kolom, tanpa baris data. Tidak ada yang dicatat."),
            ("a zip bomb", open(os.path.join(T, "bomb.xlsx"), "rb").read(), "bom.xlsx",
             "Berkas XLSX ini ditolak: isinya membengkak jauh melebihi ukurannya (bom zip). Tidak ada yang diperiksa atau dicatat."),
            ("a truncated XLSX", open(os.path.join(T, "truncated.xlsx"), "rb").read(), "rusak.xlsx",
             "Berkas XLSX ini rusak atau bukan buku kerja Excel yang dapat dibaca. Tidak ada yang dicatat."),
            ("an XLSX whose sheet is not XML", open(os.path.join(T, "badxml.xlsx"), "rb").read(), "xml.xlsx",
             "Berkas XLSX ini rusak atau bukan buku kerja Excel yang dapat dibaca. Tidak ada yang dicatat.")):
        r = gudang.upload("/stok/impor", data, name)
        refused(desc, r, 400, words, before, bdump)
    ok('name="token"' not in r.body and len(os.listdir(os.path.join(w.DB + ".web", "impor"))) <= 3,
       "a refused file is not kept for a confirm", os.listdir(os.path.join(w.DB + ".web", "impor")))
    r = gudang.request("POST", "/stok/impor", body=b"x" * 100, headers={"Content-Type": "multipart/form-data"})
    ok(r.status in (400, 403) and counts() == before, "a body that is no form is refused", r.status)

    # ---------------- recipients ----------------
    r = pend.get("/penerima")
    ok('href="/penerima/impor"' in r.body and 'href="/penerima/saring"' in r.body,
       "the recipients page links the import and screening pages")
    r = pend.get("/penerima/impor")
    ok(r.status == 200 and '<input type="file" name="file"' in r.body and 'id="periksa"' in r.body
       and 'name="accept_mismatch"' in r.body, "GET /penerima/impor: file, Periksa, the accept-mismatch checkbox")
    ok(gudang.get("/penerima/impor").status == 403, "the warehouse may not import recipients (403)")
    before, bdump = counts(), dump()
    p = pend.upload("/penerima/impor", RCP_OFFICE, "daftar desa.csv")
    ok(el(p, "jml-baik") == "3" and el(p, "jml-salah") == "0" and 'id="posting"' in p.body,
       "an office's recipient list (semicolons, Indonesian headings): 3 good, a confirm button", p)
    ok(counts() == before and dump() == bdump, "the recipients' preview wrote nothing")
    ok("6402064101800011" not in p.body, "no NIK echoed on the preview")
    c = pend.confirm(p, "/penerima/impor/posting")
    ok(c.status == 200 and el(c, "jml-terdaftar") == "3", "posted: 3 recipients registered", c)
    ok(counts().split()[2] == str(int(before.split()[2]) + 3), "three more recipients", counts())
    ok(sql("SELECT count(*) FROM audit WHERE user = 'pendataan' AND action = 'recipient import'") == "1",
       "the recipients' import is audited as the logged-in user")

    # bad rows; the NIK column shown whole only to who may see NIKs, audited
    bad = ("nik,kk,name,sex,birth_date,address,village,category,desil\n"
           "6402064101800011,,Sri Wahyuni,P,1980-01-01,,64.02.06.1001,lansia,1\n"
           "6402069999990099,,Salah Nik,L,1980-01-01,,64.02.06.1001,lansia,1\n"
           "6402064404840014,,Ani Desa,P,1984-04-04,,64.99.99.9999,lansia,1\n"
           "6402060505850015,,Budi Baik,L,1985-05-05,,64.02.06.1001,lansia,1\n").encode()
    before, bdump = counts(), dump()
    nshow = sql("SELECT count(*) FROM audit WHERE action = 'nik.show'")
    p = pend.upload("/penerima/impor", bad)
    rows = table(p)
    ok(el(p, "jml-baik") == "1" and el(p, "jml-salah") == "3" and [x[0] for x in rows] == ["2", "3", "4"],
       "3 bad rows of 4, each in the table", rows)
    ok(rows[0][:4] == ["2", "NIK", "6402064101800011", "NIK ini sudah terdaftar."],
       "a NIK registered already: the data staff (who may see NIKs) see it whole", rows[0])
    ok(rows[2][1] == "desa/kelurahan" and rows[2][2] == "64.99.99.9999", "an unknown village, with its value", rows[2])
    ok(sql("SELECT count(*) FROM audit WHERE action = 'nik.show'") == str(int(nshow) + 1),
       "showing NIKs whole in a preview is audited")
    ok(counts() == before, "the preview with bad rows registered nobody")
    g = pend.confirm(p, "/penerima/impor/posting")
    ok(el(g, "jml-terdaftar") == "1" and el(g, "jml-ditolak") == "3", "'good rows only': 1 registered, 3 left out", g)
    m = re.search(r'id="unduh-tolakan" href="([^"]+)"', g.body)
    d = pend.get(m.group(1).replace("&amp;", "&"))
    rej = list(csv.reader(io.StringIO(d.body)))
    ok(d.status == 200 and rej[0][-1] == "reason" and len(rej) == 4, "the recipients' rejects, with a reason column", d.body)
    # the address holds a random token (whose hex may by chance hold 16
    # digits in a row), never one of the file's NIKs
    nik_i = rej[0].index("nik")
    ok("token=" in m.group(1) and rej[1:] and all(r[nik_i] and r[nik_i] not in m.group(1) for r in rej[1:]),
       "no NIK in the download's address", (m.group(1), [r[nik_i] for r in rej[1:]]))

    # accept-mismatch: a birth date the NIK contradicts
    mis = ("nik,kk,name,sex,birth_date,address,village,category,desil\n"
           "6402060606860016,,Tono Beda,L,1986-06-07,,64.02.06.1001,lansia,1\n").encode()
    before = counts()
    p = pend.upload("/penerima/impor", mis)
    ok(el(p, "jml-salah") == "1" and 'id="posting"' not in p.body, "a NIK that contradicts the birth date is a bad row", p)
    p = pend.upload("/penerima/impor", mis, fields={"accept_mismatch": "1"})
    ok(el(p, "jml-salah") == "0" and el(p, "jml-baik") == "1", "with the checkbox it is good", p)
    c = pend.confirm(p, "/penerima/impor/posting")
    ok(el(c, "jml-terdaftar") == "1" and counts().split()[2] == str(int(before.split()[2]) + 1),
       "and it registers with the mismatch accepted (the option kept with the file)", c)
    # stale: the NIK registered by someone else between preview and confirm
    p = pend.upload("/penerima/impor", b"nik,kk,name,sex,birth_date,address,village,category,desil\n"
                    b"6402061111910021,,Baru Saja,L,1991-11-11,,64.02.06.1001,lansia,1\n")
    c, _ = stale(pend, p, "/penerima/impor/posting", ("recipient", "add", "--nik", "6402061111910021", "--name",
                 "Orang Lain", "--village", "64.02.06.1001", "--category", "lansia"), "a new NIK")
    ok(table(c)[0][:3] == ["2", "NIK", "6402**********21"] and "6402061111910021" not in c.body,
       "the confirm's answer (kept for its key's replay) masks the NIK even for who may see it", table(c))

    before, bdump = counts(), dump()
    r = pend.upload("/penerima/impor", b"nik,name\n6402060707870017,X\n")
    refused("a recipient file missing columns", r, 400, "Berkas ini tidak punya semua kolom yang wajib (lihat rincian"
            " teknis untuk nama kolomnya). Tidak ada yang dicatat.", before, bdump)
    r = pend.upload("/penerima/impor", PNG, "foto.csv")
    refused("a PNG as a recipient list", r, 400, "Berkas ini bukan CSV atau XLSX: isinya gambar PNG. Tidak ada yang"
            " dicatat.", before, bdump)

    # ---------------- screening lists ----------------
    r = pend.get("/penerima/saring")
    ok(r.status == 200 and 'name="list"' in r.body and 'name="set_status"' in r.body and 'id="periksa"' in r.body,
       "GET /penerima/saring: file, list name, status")
    lst = b"NIK;Nama\r\n6402064101800011;Sri Wahyuni\r\n6402060101990009;Bukan Penerima\r\n"
    before, bdump = counts(), dump()
    p = pend.upload("/penerima/saring", lst, "pkh.csv", fields={"list": "pkh"})
    ok(el(p, "jml-baik") == "2" and el(p, "jml-salah") == "0" and
       "daftar PKH: 2 NIK; 1 penerima ada di daftar ini (1 baru, 1 tidak lagi)" in p.body,
       "a new version of the PKH list: 2 good rows, 1 recipient would be flagged, 1 no longer", p.body[-2500:])
    ok(counts() == before and dump() == bdump, "the list's preview wrote nothing")
    c = pend.confirm(p, "/penerima/saring/posting")
    ok(el(c, "jml-ditandai") == "1" and sql("SELECT name || ' ' || entries FROM screening_list") == "PKH 2",
       "confirmed: list PKH with 2 NIKs, 1 recipient flagged", c)
    before, bdump = counts(), dump()
    p = pend.upload("/penerima/saring", b"nik\n6402069999990099\n6402060505850015\n", "mati.csv",
                    fields={"list": "dukcapil-mati", "set_status": "meninggal", "date": "2026-01-10"})
    rows = table(p)
    ok(el(p, "jml-salah") == "1" and rows[0][:2] == ["2", "NIK"] and "status meninggal sejak 2026-01-10 untuk 1 penerima" in p.body,
       "a death register with a malformed NIK: the bad row, and the status that would change", (rows, p.body[-2000:]))
    ok(counts() == before and dump() == bdump, "nothing written by that preview")
    r = pend.upload("/penerima/saring", lst, fields={"list": "bukan daftar!"})
    refused("a list name that is none", r, 400,
            "Nama daftar tidak sah: 1 sampai 32 huruf, angka, - atau _. Tidak ada yang dicatat.", before, bdump)

    # ---------------- two confirms at once post once ----------------
    p = gudang.upload("/stok/impor", b"type,date,from,to,item,qty\nmove,2026-01-14,GD-TGR,POS-TGR,BERAS,1\n")
    before = counts()
    res = []

    def go(keys):
        res.append(gudang.confirm(p, "/stok/impor/posting", keys=keys))
    ts = [threading.Thread(target=go, args=((gudang.csrf, uuid.uuid4().hex * 2),)) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    st = sorted(x.status for x in res)
    ok(st == [200, 409] and counts().split()[0] == str(int(before.split()[0]) + 1),
       "two confirms of one preview at once (two keys): one posts, the other is refused", (st, counts(), before))

    # ---------------- in a browser, on a phone and a desk ----------------
    browser()
    done()


def as_user(d, user):
    from selenium.webdriver.common.by import By
    d.delete_all_cookies()
    d.get(w.URL + "/login")
    d.find_element(By.NAME, "user").send_keys(user)
    d.find_element(By.NAME, "password").send_keys("rahasia-" + user)
    d.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    time.sleep(0.5)


# Row, column and reason of every bad row: shown, and inside the window (no
# sideways scrolling to read them on a phone).
IN_SIGHT = """return Array.from(document.querySelectorAll('#baris-salah tbody tr')).map(function (tr) {
  return [0, 1, 3].map(function (i) {
    var b = tr.cells[i].getBoundingClientRect();
    return b.width > 0 && b.height > 0 && b.left >= 0 && b.right <= window.innerWidth;
  }).join(); });"""


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    import tempfile
    profile = tempfile.mkdtemp(prefix="lumbung-chrome.")
    opts = webdriver.ChromeOptions()
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile]:
        opts.add_argument(a)
    opts.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    d.set_page_load_timeout(60)
    try:
        as_user(d, "pendataan")
        f = os.path.join(T, "desa-tenggarong.csv")
        with open(f, "wb") as fh:
            fh.write(("NIK;No KK;Nama;Jenis Kelamin;Tgl Lahir;Alamat;Desa/Kelurahan;Kategori;Desil\r\n"
                      "6402064808880018;;Rina Anggraini;P;08/08/1988;RT 04 Jahab;64.02.06.1001;lansia;1\r\n"
                      "6402060909890019;;Agus Salim;L;09/09/1989;RT 02 Jahab;64.02.06.1001;lansia;3\r\n"
                      "6402069999990099;;Tanpa NIK Sah;L;09/09/1989;RT 02 Jahab;64.02.06.1001;lansia;3\r\n"
                      "6402061010900020;;Desa Salah;L;10/10/1990;RT 02;Desa Antah;lansia;3\r\n").encode())
        for width in (360, 1280):
            d.set_window_size(width, 900)
            d.get(w.URL + "/penerima/impor")
            d.find_element(By.CSS_SELECTOR, 'input[type=file][name=file]').send_keys(f)
            d.find_element(By.ID, "periksa").click()
            time.sleep(1)
            ok(d.find_element(By.ID, "jml-baik").text == "2" and d.find_element(By.ID, "jml-salah").text == "2"
               and len(d.find_elements(By.CSS_SELECTOR, "#baris-salah tbody tr")) == 2,
               "in the browser at %d px: the preview's counts and its table of bad rows" % width)
            over = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            ok(over <= 0, "the preview at %d px needs no sideways scrolling" % width, over)
            seen = d.execute_script(IN_SIGHT)
            ok(seen == ["true,true,true"] * 2, "at %d px each bad row's row, column and reason are in sight" % width, seen)
            d.save_screenshot(os.path.join(SHOTS, "impor-penerima-%d.png" % width))
        # a good file, confirmed in the browser
        with open(f, "wb") as fh:
            fh.write(("NIK;No KK;Nama;Jenis Kelamin;Tgl Lahir;Alamat;Desa/Kelurahan;Kategori;Desil\r\n"
                      "6402064808880018;;Rina Anggraini;P;08/08/1988;RT 04 Jahab;64.02.06.1001;lansia;1\r\n"
                      "6402060909890019;;Agus Salim;L;09/09/1989;RT 02 Jahab;64.02.06.1001;lansia;3\r\n").encode())
        d.get(w.URL + "/penerima/impor")
        d.find_element(By.CSS_SELECTOR, 'input[type=file][name=file]').send_keys(f)
        d.find_element(By.ID, "periksa").click()
        time.sleep(1)
        d.find_element(By.ID, "posting").click()
        time.sleep(1)
        ok(d.find_element(By.ID, "jml-terdaftar").text == "2", "in the browser: Posting, then 2 registered")
        d.save_screenshot(os.path.join(SHOTS, "impor-penerima-hasil-1280.png"))
        # the screening list's form, and the warehouse's preview, on a phone and a desk
        d.set_window_size(360, 900)
        d.get(w.URL + "/penerima/saring")
        over = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        ok(over <= 0 and d.find_element(By.ID, "periksa"), "the screening list's form at 360 px", over)
        d.save_screenshot(os.path.join(SHOTS, "saring-360.png"))
        as_user(d, "gudang")
        f = os.path.join(T, "mutasi-januari.csv")
        with open(f, "wb") as fh:
            fh.write(STOCK_BAD)
        for width in (360, 1280):
            d.set_window_size(width, 900)
            d.get(w.URL + "/stok/impor")
            d.find_element(By.CSS_SELECTOR, 'input[type=file][name=file]').send_keys(f)
            d.find_element(By.ID, "periksa").click()
            time.sleep(1)
            over = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            ok(d.find_element(By.ID, "jml-salah").text == "2" and over <= 0,
               "the stock preview at %d px: 2 bad rows, no sideways scrolling" % width, over)
            seen = d.execute_script(IN_SIGHT)
            ok(seen == ["true,true,true"] * 2, "at %d px the stock's bad rows show row, column and reason" % width, seen)
            d.save_screenshot(os.path.join(SHOTS, "impor-stok-%d.png" % width))
    finally:
        d.quit()


def expiry():
    gudang = login("gudang")
    before, bdump = counts(), dump()
    p = gudang.upload("/stok/impor", b"type,date,from,to,item,qty\nmove,2026-01-14,GD-TGR,POS-TGR,BERAS,1\n")
    ok(el(p, "jml-baik") == "1", "a preview on a server whose tokens live 1 second", p)
    time.sleep(2.5)
    r = gudang.confirm(p, "/stok/impor/posting")
    refused("a confirm after the token expired", r, 400, "Pratinjau ini sudah kedaluwarsa (berkas disimpan 30 menit)."
            " Tidak ada yang dicatat. Unggah berkasnya lagi untuk pratinjau baru.", before, bdump)
    ok(not any(n.endswith(".up") for n in os.listdir(os.path.join(w.DB + ".web", "impor"))),
       "the expired file is removed", os.listdir(os.path.join(w.DB + ".web", "impor")))
    done()


if PHASE == "expiry":
    expiry()
else:
    main()
