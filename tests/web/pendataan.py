"""pendataan.py - the data staff's pages: likely duplicates reviewed side
by side (`recipient duplicates` / `recipient review`), programs and
packages (`program list|show|add|package|quota`), and a round allocated
after a preview (`allocate --dry-run`, then `allocate`). Every page calls
the command's operation; every refusal says why in Bahasa Indonesia and
writes nothing; the NIK is never posted nor shown in clear."""
import os
import re
import sqlite3

from webtest import DB, cli, dump as full_dump, logged_in, ok, done

SHOTS = os.environ.get("LUMBUNG_SCREENS") or os.environ["T"]


def one(sql, *args):
    con = sqlite3.connect(DB)
    v = con.execute(sql, args).fetchone()
    con.close()
    return v


def dump():
    """The database, less the one-time keys' stored answers (web/idem.c):
    a refused form's answer is kept so that sending it again replays it,
    and that is no data."""
    return "\n".join(l for l in full_dump().splitlines() if "INSERT INTO web_idem" not in l)


def idem(body):
    return re.findall(r'name="idem" value="([0-9a-f]+)"', body)


def send(c, path, fields, page=None):
    """Post fields as the form on page (default: path) would, with its
    fresh one-time key."""
    f = dict(fields)
    f.setdefault("idem", idem(c.get(page or path).body)[-1])
    return c.post(path, f)


dat = logged_in("pendataan")
others = {role: logged_in(role) for role in ("gudang", "keuangan", "auditor", "admin")}

# ---- likely duplicates ----
r = dat.get("/penerima")
ok('<a href="/penerima/duplikat" id="duplikat">Kemungkinan data ganda (3 menunggu)</a>' in r.body,
   "the recipients page links the duplicates with the count waiting", r)
r = dat.get("/")
ok('id="duplikat">Kemungkinan data ganda: 3 menunggu diperiksa</a>' in r.body,
   "so does the data staff's Beranda", r.body[:3000])
ok('id="duplikat"' not in others["keuangan"].get("/").body, "not finance's Beranda")
r = dat.get("/penerima/duplikat")
ok(r.status == 200 and '<p id="jumlah">3 pasangan menunggu diperiksa.</p>' in r.body, "the duplicates page", r)
cli_dups = cli("recipient", "duplicates", "--format", "csv").stdout.splitlines()[1:]
ok([l.split(",")[0] for l in cli_dups] == ["1", "2", "3"] and
   all('id="pasangan-%s"' % l.split(",")[0] in r.body for l in cli_dups),
   "it lists the pairs `recipient duplicates` lists", cli_dups)
ok("Pasangan 1: Siti Aminah dan SITI AMINAH" in r.body, "each pair named, the earlier first")
ok("<tr><th>NIK</th><td>6402**********01</td><td>6402**********21</td><td></td></tr>" in r.body,
   "NIKs side by side, masked", r.body[:6000])
ok('<tr class="beda"><th>No. KK</th><td>—</td><td>6402**********01</td><td class="kurang">berbeda</td></tr>' in r.body,
   "the KK masked like the NIK, a difference marked", r.body[:6000])
ok('<tr><th>Tanggal lahir</th><td>2 Maret 1955</td><td>2 Maret 1955</td><td>sama</td></tr>' in r.body,
   "the birth dates, Indonesian style, the same")
ok('<tr class="beda"><th>Nama</th><td>Siti Aminah</td><td>SITI AMINAH</td><td class="kurang">berbeda</td></tr>' in r.body,
   "names that differ in writing are marked")
for nik in ("6402064203550001", "6402064203550021", "6402061107480012", "6402066512490016", "6402061111110001"):
    if nik in r.body:
        break
ok(nik not in r.body, "no full NIK or KK on the page")
forms = re.findall(r'<form method="post" class="putus" action="/penerima/periksa">(.*?)</form>', r.body)
ok(len(forms) == 3 and all('name="NIK" value="%d"' % (9 + i) in f for i, f in enumerate(forms)),
   "one review form per pair, naming the held recipient by id", forms[:1])
ok('<button type="submit" name="verdict" value="distinct">Orang berbeda</button>' in forms[0] and
   'value="duplicate" class="kedua">Orang yang sama (nonaktifkan)</button>' in forms[0] and
   'name="reason" required' in forms[0], "two verdict buttons and a required reason", forms[:1])
ok(others["gudang"].get("/penerima/duplikat").status == 403, "gudang may not see duplicates")
ok(others["keuangan"].get("/penerima/duplikat").status == 403, "nor finance")

snap = dump()
r = dat.post("/penerima/periksa", {"NIK": "9", "verdict": "distinct", "reason": "", "idem": idem(dat.get("/penerima/duplikat").body)[0]})
ok(r.status == 400 and "Tulis alasannya: apa yang sudah diperiksa (KTP, KK, kunjungan ke rumah)." in r.body,
   "a review without a reason is refused, in Bahasa Indonesia", r)
r = dat.request("POST", "/penerima/periksa", {"NIK": "9", "verdict": "distinct", "reason": "KK berbeda",
                                             "idem": idem(dat.get("/penerima/duplikat").body)[0]})
ok(r.status == 403, "a review without the form's CSRF token is refused", r)
ok(dump() == snap, "neither wrote anything")

page = dat.get("/penerima/duplikat").body
key = idem(page)[0]
r = dat.post("/penerima/periksa", {"NIK": "9", "verdict": "distinct", "reason": "KK dan alamat berbeda, dicek ke desa",
                                  "idem": key})
ok(r.status == 200 and "SITI AMINAH: orang berbeda; tidak ditahan lagi (1 tanda ditutup)." in r.body,
   "a pair reviewed as two people", r)
ok(one("SELECT state, reviewer, note FROM duplicate_flag WHERE id = 1") ==
   ("distinct", "pendataan", "KK dan alamat berbeda, dicek ke desa"), "the flag is closed by the logged-in user")
ok(one("SELECT user, action FROM audit WHERE action = 'recipient review'") == ("pendataan", "recipient review"),
   "and the review audited")
r2 = dat.post("/penerima/periksa", {"NIK": "9", "verdict": "distinct", "reason": "KK dan alamat berbeda, dicek ke desa",
                                   "idem": key})
ok(r2.status == 200 and r2.body == r.body, "the same form sent twice answers once")
snap = dump()
r = dat.post("/penerima/periksa", {"NIK": "9", "verdict": "duplicate", "reason": "dicek lagi", "idem": idem(page)[1]})
ok(r.status == 409 and "Pasangan ini sudah diperiksa sebelumnya (mungkin oleh petugas lain): tidak ada yang diubah." in r.body,
   "a stale form for a pair reviewed meanwhile is refused", r)
ok(dump() == snap, "and writes nothing")
r = dat.post("/penerima/periksa", {"NIK": "11", "verdict": "duplicate", "reason": "orang yang sama, KTP dicek",
                                  "idem": idem(page)[2]})
ok(r.status == 200 and "Dewi Lestari: orang yang sama terdaftar dua kali; pendaftaran ini dinonaktifkan (1 tanda ditutup)." in r.body,
   "a pair reviewed as one person", r)
ok(one("SELECT status FROM recipient WHERE id = 11") == ("nonaktif",), "the later registration is nonaktif")
ok(len(cli("recipient", "duplicates", "--format", "csv").stdout.splitlines()) == 2, "the CLI lists one pair left")
r = dat.get("/penerima")
ok("Kemungkinan data ganda (1 menunggu)" in r.body, "and the count follows")
r = dat.get("/penerima/duplikat?semua=1")
ok(re.findall(r'<p class="catatan putusan">([^<]*)</p>', r.body) ==
   ["Sudah diperiksa: orang berbeda (oleh pendataan). Alasan: KK dan alamat berbeda, dicek ke desa",
    "Sudah diperiksa: orang yang sama (oleh pendataan). Alasan: orang yang sama, KTP dicek"],
   "pairs already reviewed say how, by whom and why", re.findall(r'Sudah diperiksa[^<]*', r.body))
adm = others["admin"]
r = adm.get("/penerima/duplikat")
ok('action="/penerima/duplikat/nik"' in r.body, "the admin may ask for the full NIKs")
r = adm.post("/penerima/duplikat/nik", {})
ok(r.status == 200 and "<td>6402061107480002</td><td>6402061107480012</td>" in r.body, "and sees them", r.body[:3000])
ok(one("SELECT count(*) FROM audit WHERE user = 'admin' AND action = 'nik.show' AND subject = 'likely duplicates'") == (1,),
   "each showing audited")

# ---- programs ----
r = dat.get("/program")
ok(r.status == 200 and '<a href="/program/lihat?kode=SEMBAKO-2026">SEMBAKO-2026</a>' in r.body
   and 'href="/program/tambah"' in r.body, "the programs list, with the data staff's forms", r)
r = others["keuangan"].get("/program")
ok(r.status == 200 and 'href="/program/tambah"' not in r.body, "finance reads the list, without the forms")
ok(others["keuangan"].get("/program/tambah").status == 403, "and may not add a program")
ok(others["gudang"].get("/program").status == 403, "gudang does not see programs")
r = dat.get("/program/lihat?kode=SEMBAKO-2026")
ok(r.status == 200 and "<td>Rp176.000 per penerima per bulan</td>" in r.body, "a program's page", r)
ok('<p class="nilai-paket">Nilai paket Rp176.000; nilai program per putaran Rp176.000 (1 bulan): 0,0%.</p>' in r.body,
   "its package's value against the program's", r.body[-4000:])
ok('<td data-judul="Barang">BERAS</td><td class="n" data-judul="Jumlah">10 kg</td>'
   '<td class="n" data-judul="Harga per satuan">Rp14.000</td><td class="n" data-judul="Nilai">Rp140.000</td>' in r.body,
   "the package's lines, each cell named for a phone")
ok('<a href="/ronde/lihat?program=SEMBAKO-2026&amp;periode=2026-01">Januari 2026</a></td>'
   '<td class="n" data-judul="Dialokasikan">6</td>' in r.body, "the rounds allocated", r.body[-3000:])
when = re.findall(r'<td data-judul="Waktu">([^<]*)</td>', r.body)
ok(len(when) == 1 and re.fullmatch(r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                                   r"November|Desember) \d{4} pukul \d\d\.\d\d WITA", when[0]),
   "when it was allocated, as the office writes it (8 Januari 2026 pukul 09.30 WITA)", when)
r = dat.get("/program/lihat?kode=TIDAKADA")
ok(r.status == 400 and "Program itu tidak ada." in r.body, "an unknown program's page", r)

r = dat.get("/program/tambah")
ok(r.status == 200 and 'name="monthly-value"' in r.body and 'name="round-months"' in r.body, "the add form, from the declaration")
snap = dump()
r = send(dat, "/program/tambah", {"CODE": "SEMBAKO-2026", "name": "Dua", "monthly-value": "100000", "quota": "5",
                                 "categories": "lansia", "first": "2026-01", "last": "2026-12"})
ok(r.status == 409, "a code in use is refused", r)
ok(dump() == snap, "and writes nothing")
r = send(dat, "/program/tambah", {"CODE": "BIM", "name": "Sembako dua bulanan", "monthly-value": "150000", "quota": "4",
                                 "categories": "lansia", "first": "2026-01", "last": "2026-12", "round-months": "2"})
ok(r.status == 200 and "Program BIM (Sembako dua bulanan) ditambahkan: Rp150.000 per penerima per bulan, kuota 4 per putaran." in r.body,
   "adding a program", r)
ok(cli("program", "list", "--format", "csv").stdout.count("\nBIM,") == 1, "the CLI lists it")

r = dat.get("/program/kuota")
ok(r.status == 200 and '<datalist id="dl-CODE"><option value="BIM">' in r.body, "the quota form offers the programs")
r = send(dat, "/program/kuota", {"CODE": "BIM", "year": "2026", "quota": "3"})
ok(r.status == 200 and "Kuota BIM tahun 2026: 3 penerima per putaran." in r.body, "setting a year's quota", r)

# a program without a package is not allocated
snap = dump()
r = dat.post("/alokasi", {"program": "BIM", "period": "2026-01"})
ok(r.status == 409 and "Program ini belum punya paket untuk putaran itu: atur paketnya dulu (Program → Atur paket)." in r.body,
   "allocating a program without a package is refused", r)
ok(dump() == snap, "the preview writes nothing")

r = dat.get("/program/paket?kode=SEMBAKO-2026")
ok(r.status == 200 and '<option value="SEMBAKO-2026" selected>' in r.body and 'name="qty_1" value="10"' in r.body
   and 'name="item_8"' in r.body, "the package form, its rows from the package in force and empty ones", r.body[:200])
bad = [
    ({"item_1": "TIDAKADA", "qty_1": "5"}, "Barang itu tidak dikenal: pilih barang dari daftar.", "an unknown item"),
    ({"item_1": "BERAS", "qty_1": "0"}, "Jumlah barang harus bilangan bulat lebih dari 0, paling banyak 1.000.000 per penerima.", "a zero quantity"),
    ({"item_1": "BERAS", "qty_1": "-3"}, "Jumlah barang harus bilangan bulat lebih dari 0, paling banyak 1.000.000 per penerima.", "a negative quantity"),
    ({"item_1": "BERAS", "qty_1": "99999999999999999999"}, "Jumlah barang harus bilangan bulat lebih dari 0, paling banyak 1.000.000 per penerima.", "an overflowing quantity"),
    ({"item_1": "BERAS", "qty_1": "10", "price_1": "-1"}, "Harga harus angka rupiah dari Rp0 sampai Rp1.000.000.000 per satuan.", "a negative price"),
    ({"item_1": "BERAS", "qty_1": "10", "price_1": "99999999999999999999"}, "Harga harus angka rupiah dari Rp0 sampai Rp1.000.000.000 per satuan.", "an overflowing price"),
    ({"item_1": "BERAS", "qty_1": "10", "item_2": "BERAS", "qty_2": "2"}, "Satu barang hanya boleh ada di satu baris.", "an item twice"),
    ({}, "Isi paling sedikit satu barang.", "no item at all"),
]
snap = dump()
for rows_, why, desc in bad:
    f = {"CODE": "SEMBAKO-2026", "from": "2026-02"}
    f.update(rows_)
    r = send(dat, "/program/paket", f)
    ok(r.status == 400 and why in r.body, "%s in a package is refused: %s" % (desc, why), r)
r = send(dat, "/program/paket", {"CODE": "TIDAKADA", "item_1": "BERAS", "qty_1": "10"})
ok(r.status == 400 and "Program itu tidak ada: pilih dari daftar." in r.body, "a package for an unknown program", r)
ok(dump() == snap, "refused packages write nothing")
r = send(dat, "/program/paket", {"CODE": "SEMBAKO-2026", "from": "2026-02", "item_1": "BERAS", "qty_1": "10",
                                "price_1": "15000", "item_2": "MINYAK", "qty_2": "2", "price_2": "18000",
                                "item_3": "GULA", "qty_3": "1"})
ok(r.status == 200 and "Paket SEMBAKO-2026 mulai Februari 2026 disimpan." in r.body, "a package from February", r)
ok('<p class="kurang nilai-paket">Nilai paket Rp202.000; nilai program per putaran Rp176.000 (1 bulan): +14,7% — berbeda lebih dari 5%.</p>' in r.body,
   "its value against the program's, with the 5% warning", r.body[-3000:])
ok("more than 5% off" in r.body, "and the operation's own warning")
out = cli("program", "package", "SEMBAKO-2026", "--from", "2026-02").stdout
ok("GULA" in out and "value Rp202.000" in out, "the CLI sees the same package", out)
r = send(dat, "/program/paket", {"CODE": "BIM", "item_1": "BERAS", "qty_1": "20", "price_1": "14000"})
ok(r.status == 200, "BIM gets its package", r)

# ---- allocation: a preview, then the allocation ----
ok(others["auditor"].get("/alokasi").status == 403, "the auditor may not allocate")
r = dat.get("/alokasi")
ok(r.status == 200 and "Lihat rencana" in r.body, "the allocation form")
snap = dump()
for fields, why, desc in [
    ({"program": "TIDAKADA", "period": "2026-02"}, "Program itu tidak ada: pilih kode program dari daftar Program.", "an unknown program"),
    ({"program": "SEMBAKO-2026", "period": "2027-02"}, "Bulan itu di luar masa berlaku program ini.", "a period outside the program"),
    ({"program": "BIM", "period": "2026-02"}, "Bulan itu bukan bulan pertama sebuah putaran program ini.", "not a round's first month"),
]:
    r = dat.post("/alokasi", fields)
    ok(r.status in (400, 409) and why in r.body, "%s is refused: %s" % (desc, why), r)
ok(dump() == snap, "refused previews write nothing")

dry = cli("allocate", "--program", "SEMBAKO-2026", "--period", "2026-02", "--dry-run", "--format", "csv")
ok(dry.returncode == 0, "the CLI's dry run", dry.stderr)
r = dat.post("/alokasi", {"program": "SEMBAKO-2026", "period": "2026-02"})
ok(r.status == 200 and "<h1>Rencana alokasi: SEMBAKO-2026 Februari 2026</h1>" in r.body, "the preview page", r)
ok(dump() == snap, "the preview writes nothing")
ok('<li id="akan">Akan dialokasikan 9 penerima dari 9 yang berhak (kuota 10).</li>' in r.body and
   '<li id="menunggu">Daftar tunggu: 0 penerima.</li>' in r.body, "how many would be allocated and wait", r.body[:5000])
ok("9 recipients of 9 eligible" in dry.stderr, "as the CLI's dry run says", dry.stderr)
cells = re.findall(r'<tr(?: class="kurang")?><td data-judul="Titik salur">([A-Z-]+) — [^<]*</td>'
                   r'<td class="n" data-judul="Paket">(\d+)</td><td data-judul="Barang">([A-Z]+)</td>'
                   r'<td class="n" data-judul="Kebutuhan">([\d.]+) [a-z]+</td>'
                   r'<td class="n" data-judul="Stok di titik">([\d.]+) [a-z]+</td>', r.body)
want = [l.split(",")[:3] + l.split(",")[4:6] for l in dry.stdout.splitlines()[1:]]
ok([[p, n, i, need.replace(".", ""), st.replace(".", "")] for p, n, i, need, st in cells] == want,
   "per point and item the need and stock the CLI's dry run shows", (cells, want))
ok('<tr class="kurang"><td data-judul="Titik salur">POS-JHB' in r.body and '<td class="n kurang" data-judul="Kekurangan">' in r.body,
   "short lines in red")
short = re.findall(r'<p class="kurang" id="kurang-stok">([^<]*)</p>', r.body)
ok(short == ["Kurang stok di %d baris barang. Alokasi tetap dapat dibuat; pindahkan stok ke titik itu sebelum penyaluran."
             % r.body.count('<tr class="kurang">')] and r.body.count('<tr class="kurang">') > 0,
   "the shortfall said once, in plain words", short)
keys = idem(r.body)
plan = re.search(r'name="rencana" value="([0-9a-f]{16})"', r.body)
ok(plan is not None and 'action="/alokasi/buat"' in r.body, "a confirm button with the preview's figures")

snap = dump()
r = dat.request("POST", "/alokasi/buat", {"program": "SEMBAKO-2026", "period": "2026-02", "idem": keys[0]})
ok(r.status == 403, "a confirmation without the form's CSRF token is refused", r)
r = dat.request("POST", "/program/paket", {"CODE": "SEMBAKO-2026", "item_1": "BERAS", "qty_1": "9", "idem": keys[0]})
ok(r.status == 403, "so is a package", r)
ok(dump() == snap, "neither wrote anything")

# the stock moves after the preview: the allocation uses the real figures and says so
ok(cli("stock", "move", "--from", "GD-TGR", "--to", "POS-JHB", "--item", "BERAS", "--qty", "5", "--date",
       "2026-01-15").returncode == 0, "the warehouse moves stock meanwhile")
confirm = {"program": "SEMBAKO-2026", "period": "2026-02", "rencana": plan.group(1) if plan else "", "idem": keys[-1]}
r = dat.post("/alokasi/buat", confirm)
ok(r.status == 200 and "Dialokasikan 9 paket (kuota 10; 0 menunggu)." in r.body, "confirming allocates", r)
ok('id="berubah">Angka berubah sejak rencana ditampilkan' in r.body, "and says the preview was stale", r.body[:3000])
ok('id="kurang-stok">Kurang stok di' in r.body, "the shortfall summary after allocating")
ok(one("SELECT count(*), allocated FROM allocation_run WHERE period = '2026-02'") == (1, 9), "one run of 9")
ok(one("SELECT operator FROM allocation_run WHERE period = '2026-02'") == ("pendataan",), "by the logged-in user")
r2 = dat.post("/alokasi/buat", confirm)
ok(r2.status == 200 and r2.body == r.body, "a double click allocates once")
ok(one("SELECT count(*) FROM allocation WHERE period = '2026-02'") == (9,), "9 allocations")
r = dat.post("/alokasi/buat", dict(confirm, idem=keys[0]))
ok(r.status == 200 and "Putaran ini sudah dialokasikan sebelumnya: 9 penerima, 0 menunggu; tidak ada yang diubah." in r.body,
   "confirming again changes nothing and says so", r)

# a preview that nothing changed since allocates without a word about it
r = dat.post("/alokasi", {"program": "BIM", "period": "2026-03"})
ok(r.status == 200 and '<li id="akan">Akan dialokasikan 3 penerima dari 9 yang berhak (kuota 3).</li>' in r.body
   and '<li id="menunggu">Daftar tunggu: 6 penerima.</li>' in r.body, "a preview with a waiting list", r.body[:5000])
plan = re.search(r'name="rencana" value="([0-9a-f]{16})"', r.body)
r = dat.post("/alokasi/buat", {"program": "BIM", "period": "2026-03", "rencana": plan.group(1) if plan else "",
                               "idem": idem(r.body)[-1]})
ok(r.status == 200 and "Dialokasikan 3 paket (kuota 3; 6 menunggu)." in r.body and 'id="berubah"' not in r.body,
   "allocates as previewed", r)
aud = [l.split(",")[3:5] for l in cli("audit", "--user", "pendataan", "--format", "csv").stdout.splitlines()[1:]
       if l.split(",")[3] != "login"]
ok(aud[::-1] == [["recipient review", "recipient 9: distinct"], ["recipient review", "recipient 11: duplicate"],
                 ["program add", "program BIM"], ["program quota", "program BIM quota 2026"],
                 ["program package", "program SEMBAKO-2026 package from 2026-02"],
                 ["program package", "program BIM package from 2026-01"],
                 ["allocate", "SEMBAKO-2026 2026-02"], ["allocate", "BIM 2026-03"]],
   "every write is audited with what it acted on", aud)

# a closed month
ok(cli("period", "close", "2026-01", "--early", "--reason", "audit", "--yes").returncode == 0, "January is closed")
snap = dump()
r = dat.post("/alokasi", {"program": "BIM", "period": "2026-01"})
ok(r.status == 409 and "Bulan itu sudah ditutup: putarannya tidak dapat dialokasikan lagi." in r.body,
   "a closed period is refused", r)
ok(dump() == snap, "and nothing written")

# ---- how the pages look, on a phone and on a desktop ----
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
import tempfile

# the table cells a page draws outside the window (read only by scrolling sideways)
OUTSIDE = """var w = window.innerWidth, out = [];
document.querySelectorAll('main td, main th').forEach(function (c) {
  var b = c.getBoundingClientRect();
  if (b.width > 0 && (b.left < 0 || b.right > w)) out.push(c.textContent.slice(0, 40));
});
return out;"""

profile = tempfile.mkdtemp(prefix="lumbung-chrome.")
opts = webdriver.ChromeOptions()
for a in ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile]:
    opts.add_argument(a)
opts.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
driver.set_page_load_timeout(60)
try:
    url = os.environ["WEB_URL"]
    driver.get(url + "/login")
    driver.find_element(By.NAME, "user").send_keys("pendataan")
    driver.find_element(By.NAME, "password").send_keys("rahasia-pendataan")
    driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    pages = [("duplikat", "/penerima/duplikat?semua=1"), ("programs", "/program"),
             ("program", "/program/lihat?kode=SEMBAKO-2026"),
             ("paket", "/program/paket?kode=SEMBAKO-2026"), ("alokasi", None)]
    for width in (360, 1280):
        driver.set_window_size(width, 900)
        for name, path in pages:
            if path:
                driver.get(url + path)
            else:
                driver.get(url + "/alokasi")
                driver.find_element(By.NAME, "program").send_keys("BIM")
                driver.find_element(By.NAME, "period").send_keys("2026-05")
                driver.find_element(By.CSS_SELECTOR, "form.op button[type=submit]").click()
                # the preview, not the form it replaces (a loaded machine is slow to answer)
                WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.ID, "rencana"))
            h1 = driver.find_element(By.CSS_SELECTOR, "h1").text
            wide = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            shot = os.path.join(SHOTS, "pendataan-%s-%d.png" % (name, width))
            driver.save_screenshot(shot)
            ok(h1 and h1 != "Kesalahan server" and wide <= 0 and os.path.getsize(shot) > 5000,
               "%s at %d px: '%s', no wider than the screen" % (name, width, h1), (h1, wide))
            outside = driver.execute_script(OUTSIDE)
            ok(outside == [], "%s at %d px: every table cell inside the window" % (name, width), outside)
            if name == "alokasi":
                items = driver.find_elements(By.CSS_SELECTOR, "#rencana tbody td:nth-child(3)")
                seen = [(c.text, c.is_displayed(), c.rect["x"] >= 0 and c.rect["x"] + c.rect["width"] <= width)
                        for c in items]
                ok(seen == [("BERAS", True, True)] * 2, "the plan at %d px shows each row's item" % width, seen)
finally:
    driver.quit()
done()
