"""round.py - a whole monthly round through the browser only, each step
done by the role whose job it is, logged in through the login form of
a headless chromium at a phone's 360 pixels (tests/e2e/t8300-web-round.sh
sets up what the administrator does by CLI and runs the two phases).

PHASE=bulan (the server's today is 15 January 2026):
  gudang     receives beras and minyak and moves them to the two points;
  pendataan  imports twelve recipients from a CSV file (a file with a bad
             row first: the preview lists it and offers no posting), then
             allocates January (confirming the preview if the page asks);
  penyalur   prints the slips of two villages as background jobs and
             downloads the PDFs; renders them to PNG and crops each slip
             as a phone's photo; redeems by photo, by the wedge field (the
             QR text read from the picture with zbarimg, as a handheld
             scanner reads it) and by a typed serial with a reason; two
             phones scan one slip at the same moment; one redemption is
             undone with a reason.
PHASE=tutup (restarted on 2 February):
  keuangan   reads the reconciliation page (its figures = `lumbung
             reconcile --format json`), downloads the BAST (pdftotext: the
             recipients who received and the total) and closes January
             behind its confirmation page; the CLI then refuses to post
             into January, `lumbung verify` passes and the audit log names
             the user of every write step.

The figures asserted are exact: twelve allocations; six redeemed (five at
Jahab less the one undone, two at Loa Ipuh); six not collected; three
refused attempts (a slip scanned twice, a slip of the other point, the
phone that lost the race)."""
import csv
import io
import json
import os
import re
import subprocess
import threading
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

import webtest as w
from webtest import URL, cli, done, ok

T = os.environ["T"]
PHASE = os.environ["PHASE"]
SHOTS = os.environ.get("LUMBUNG_SCREENS") or T
DL = os.path.join(T, "unduhan")
STATE = os.path.join(T, "round.json")
os.makedirs(DL, exist_ok=True)
os.makedirs(SHOTS, exist_ok=True)

JAHAB, LOAIPUH, BUKITBIRU = "64.02.06.1001", "64.02.06.1002", "64.02.06.1003"
# nik, name, sex, birth date, village, category
PEOPLE = [
    ("6402064203550001", "Siti Aminah", "P", "1955-03-02", JAHAB, "lansia"),
    ("6402061107480002", "Budi Santoso", "L", "1948-07-11", JAHAB, "lansia"),
    ("6402064506600007", "Rina Wati", "P", "1960-06-05", JAHAB, "disabilitas"),
    ("6402060101500011", "Ahmad Yani", "L", "1950-01-01", JAHAB, "lansia"),
    ("6402065708520012", "Nurhayati", "P", "1952-08-17", JAHAB, "lansia"),
    ("6402060302490013", "Abdul Karim", "L", "1949-02-03", LOAIPUH, "lansia"),
    ("6402066512490006", "Dewi Lestari", "P", "1949-12-25", LOAIPUH, "disabilitas"),
    ("6402062003510014", "Hasan Basri", "L", "1951-03-20", LOAIPUH, "lansia"),
    ("6402065708520004", "Ñoman Daéng Masagéna", "P", "1952-08-17", LOAIPUH, "lansia"),
    ("6402060904470015", "Yohanes Lawing", "L", "1947-04-09", BUKITBIRU, "lansia"),
    ("6402067010530016", "Maria Ulfa", "P", "1953-10-30", BUKITBIRU, "lansia"),
    ("6402061406460017", "Slamet Riyadi", "L", "1946-06-14", BUKITBIRU, "lansia"),
]

D = w.chromium(downloads=DL)
_shot = [0]


def css(sel, d=None):
    return (d or D).find_element(By.CSS_SELECTOR, sel)


def text(sel, d=None):
    try:
        return css(sel, d).text
    except Exception:
        return None


def shot(name, d=None):
    """The whole page as a 360-pixel phone shows it, for a person to look at."""
    d = d or D
    _shot[0] += 1
    h = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(360, max(780, min(h + 120, 5000)))
    d.save_screenshot(os.path.join(SHOTS, "round-%s-%02d-%s.png" % (PHASE, _shot[0], name)))
    wide = d.execute_script("return document.documentElement.scrollWidth")
    d.set_window_size(360, 780)
    if wide > 360:
        print("# %s: the page is %d px wide on a 360 px phone" % (name, wide))


def login(user, d=None):
    d = d or D
    d.delete_all_cookies()
    d.get(URL + "/login")
    css("input[name=user]", d).send_keys(user)
    css("input[name=password]", d).send_keys("rahasia-" + user)
    css("main button[type=submit]", d).click()
    WebDriverWait(d, 30).until(lambda x: x.current_url == URL + "/")


def submit(button, d=None, alert=False):
    """Click a form's button and wait for the page it leads to."""
    d = d or D
    html = css("html", d)
    button.click()
    if alert:
        WebDriverWait(d, 10).until(EC.alert_is_present())
        d.switch_to.alert.accept()
    WebDriverWait(d, 60).until(lambda x: _stale(html))


def _stale(el):
    try:
        el.tag_name
        return False
    except Exception:
        return True


def fill(values):
    """Type into a form's fields as a person would (date fields digit by
    digit in the browser's own order, read back from the field)."""
    for name, v in values.items():
        el = css("main form [name='%s']" % name)
        el.clear()
        if el.get_attribute("type") == "date":
            y, m, dd = v.split("-")
            order = D.execute_script("return new Intl.DateTimeFormat().formatToParts(new Date(2001, 1, 3))"
                                     ".filter(p => p.type != 'literal').map(p => p.type)")
            part = {"year": y, "month": m, "day": dd}
            el.send_keys("".join(part[p] for p in order))
        else:
            el.send_keys(v)
        got = el.get_attribute("value")
        if got != v:
            print("# the field %s took %r for %r" % (name, got, v))


def berhasil():
    return text("p.berhasil") or ("(no success line) " + (text("main") or "")[:600])


def sh(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def sql(q):
    return subprocess.run(["sqlite3", "-batch", "-noheader", w.DB, q], capture_output=True, text=True).stdout.strip()


def recon():
    return json.loads(cli("reconcile", "--program", "SEMBAKO-2026", "--period", "2026-01", "--format", "json",
                          "--list", "all").stdout)


def download(link, suffix):
    before = set(os.listdir(DL))
    link.click()
    return w.wait_file(DL, suffix, before)


# ---------------------------------------------------------------- phase 1

def gudang():
    login("gudang")
    D.get(URL + "/stok")
    submit(D.find_element(By.LINK_TEXT, "Terima barang"))
    shot("gudang-terima")
    fill({"to": "GD-TGR", "item": "BERAS", "qty": "6 karung", "lot": "BRS-2601", "expiry": "2026-12-31",
          "unit-cost": "15.000", "from": "SUP-BULOG", "ref": "SJ/BULOG/0107", "note": "truk pagi"})
    submit(css("main form.op button[type=submit]"))
    shot("gudang-diterima")
    got = berhasil()
    ok(got.startswith("Diterima 150 kg BERAS (Beras medium) ke GD-TGR"),
       "gudang receives 6 karung of beras: 150 kg at GD-TGR", got)
    submit(D.find_element(By.LINK_TEXT, "Isi formulir lagi"))
    fill({"to": "GD-TGR", "item": "MINYAK", "qty": "3 dus", "lot": "MYK-2601", "unit-cost": "25.000",
          "from": "SUP-BULOG", "ref": "SJ/BULOG/0108"})
    submit(css("main form.op button[type=submit]"))
    got = berhasil()
    ok(got.startswith("Diterima 36 liter MINYAK (Minyak goreng) ke GD-TGR"),
       "... and 3 dus of minyak: 36 liter", got)

    moves = [("POS-JHB", "BERAS", "50"), ("POS-JHB", "MINYAK", "10"), ("POS-TGR", "BERAS", "70"),
             ("POS-TGR", "MINYAK", "14")]
    said = []
    for i, (to, item, qty) in enumerate(moves):
        D.get(URL + "/stok")
        submit(D.find_element(By.LINK_TEXT, "Pindahkan ke titik"))
        if i == 0:
            shot("gudang-pindah")
        fill({"from": "GD-TGR", "to": to, "item": item, "qty": qty, "ref": "SPB/%02d" % (i + 1)})
        submit(css("main form.op button[type=submit]"))
        said.append(berhasil())
    unit = {"BERAS": "kg", "MINYAK": "liter"}
    ok(all(s.startswith("Dipindahkan %s %s %s dari GD-TGR ke %s" % (q, unit[it], it, to))
           for s, (to, it, q) in zip(said, moves)),
       "gudang moves the round's need to the two points, each said back", "\n".join(said))
    bal = json.loads(cli("stock", "balance", "--format", "json").stdout)
    rows = bal if isinstance(bal, list) else bal.get("rows", bal.get("balances", []))
    got = sorted((r["location"], r["item"], r["lot"], r["expiry"], r["quantity"]) for r in rows)
    B, M = ("BERAS", "BRS-2601", "2026-12-31"), ("MINYAK", "MYK-2601", "2027-01-15")
    ok(got == [("GD-TGR",) + B + (30,), ("GD-TGR",) + M + (12,), ("POS-JHB",) + B + (50,),
               ("POS-JHB",) + M + (10,), ("POS-TGR",) + B + (70,), ("POS-TGR",) + M + (14,)],
       "the CLI's stock balance agrees, lot by lot (the expiry typed, or a year's shelf life)", got)


def people_csv(rows):
    out = io.StringIO()
    wr = csv.writer(out, lineterminator="\r\n")
    wr.writerow(["nik", "kk", "name", "sex", "birth_date", "address", "village", "category", "desil"])
    for nik, name, sex, birth, village, cat in rows:
        wr.writerow([nik, "", name, sex, birth, "", village, cat, ""])
    return out.getvalue()


def impor():
    """The CSV import page (/penerima/impor): a file with a bad row is
    shown with its bad row and cannot be posted; the corrected file is
    posted with the confirm button."""
    bad = os.path.join(T, "penerima-salah.csv")
    good = os.path.join(T, "penerima.csv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(people_csv(PEOPLE[:7] + [(PEOPLE[7][0][:15],) + PEOPLE[7][1:]] + PEOPLE[8:]))
    with open(good, "w", encoding="utf-8") as f:
        f.write(people_csv(PEOPLE))
    D.get(URL + "/penerima/impor")
    shot("pendataan-impor")
    n0 = sql("SELECT count(*) FROM recipient")
    css("input[type=file][name=file]").send_keys(bad)
    submit(css("#periksa"))
    shot("pendataan-impor-salah")
    rows = D.find_elements(By.CSS_SELECTOR, "#baris-salah tbody tr")
    ok(text("#jml-baik") == "11" and text("#jml-salah") == "1" and len(rows) == 1
       and "NIK" in rows[0].text and not D.find_elements(By.ID, "posting"),
       "pendataan uploads a file with one short NIK: the preview lists the bad row and offers no posting",
       "%s %s %s" % (text("#jml-baik"), text("#jml-salah"), [r.text for r in rows]))
    ok(sql("SELECT count(*) FROM recipient") == n0, "... and nothing was registered")
    D.get(URL + "/penerima/impor")
    css("input[type=file][name=file]").send_keys(good)
    submit(css("#periksa"))
    ok(text("#jml-baik") == "12" and text("#jml-salah") == "0", "the corrected file: 12 good rows, none bad",
       "%s %s" % (text("#jml-baik"), text("#jml-salah")))
    submit(css("#posting"))
    shot("pendataan-impor-terdaftar")
    ok(text("#jml-terdaftar") == "12", "posting it registers 12 recipients", text("main"))


def allocate():
    D.get(URL + "/alokasi")
    shot("pendataan-alokasi")
    fill({"program": "SEMBAKO-2026", "period": "2026-01"})
    submit(css("main form.op button[type=submit]"))
    # a preview before the allocation is made: confirm it
    confirm = [b for b in D.find_elements(By.CSS_SELECTOR, "main form button[type=submit]")
               if "/alokasi" in (b.get_attribute("formaction") or
                                 b.find_element(By.XPATH, "./ancestor::form").get_attribute("action"))]
    if not D.find_elements(By.CSS_SELECTOR, "p.berhasil") and confirm:
        shot("pendataan-alokasi-pratinjau")
        submit(confirm[-1])
    shot("pendataan-alokasi-selesai")
    got = berhasil()
    ok(got == "Dialokasikan 12 paket (kuota 100; 0 menunggu).",
       "pendataan allocates January: 12 packages, no shortfall (the stock is at the points)", got)
    n = sql("SELECT count(*) FROM allocation a JOIN program p ON p.id = a.program_id "
            "WHERE p.code = 'SEMBAKO-2026' AND a.status = 'allocated'")
    ok(n == "12", "the database has the 12 allocations", n)


def pendataan():
    login("pendataan")
    impor()
    allocate()


def print_village(village):
    """Print a village's slips and handover list as a background job and
    download the slips' PDF."""
    D.get(URL + "/cetak")
    Select(css("select[name=round]")).select_by_value("SEMBAKO-2026/2026-01")
    if village == JAHAB:
        offered = [(o.get_attribute("value"), o.get_attribute("textContent"))
                   for o in D.find_elements(By.CSS_SELECTOR, "#desa-titik option")]
        ok(offered == [(JAHAB, "Jahab"), (LOAIPUH, "Loa Ipuh"), (BUKITBIRU, "Bukit Biru")],
           "the print form offers the penyalur the villages its two points serve", offered)
    css("#cetak input[name=village]").send_keys(village)
    if village == JAHAB:
        shot("penyalur-cetak")
    submit(css("#cetak button[type=submit]"))
    seen = []

    def finished(d):
        t = text("#tugas", d) or ""
        if d.find_elements(By.CSS_SELECTOR, "#tugas progress"):
            seen.append("progress")
        return "selesai" in t or "gagal" in t
    WebDriverWait(D, 120, poll_frequency=0.1).until(finished)
    links = D.find_elements(By.CSS_SELECTOR, "#tugas ul.unduh a")
    slips = [a for a in links if a.text.startswith("kupon-")]
    path = download(slips[0], ".pdf") if slips else None
    return path, text("#tugas"), [a.text for a in links]


def slips_of(pdf, prefix):
    """Each slip of a page of 8 (2 across, 4 down) cropped from the page
    rendered at 150 dpi, as a phone's photo of one slip: its picture, the
    QR text a scanner reads from it, and the name and serial printed on it."""
    out = []
    W, H = 1240, 1754
    cw, ch = W // 2, H // 4
    for i in range(8):
        x, y = (i % 2) * cw, (i // 2) * ch
        png = os.path.join(T, "%s-%d" % (prefix, i))
        sh("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-x", str(x), "-y", str(y), "-W", str(cw),
           "-H", str(ch), "-singlefile", pdf, png)
        qr = sh("zbarimg", "-q", "--raw", png + ".png").stdout.rstrip("\n")
        if not qr:
            break
        words = sh("pdftotext", "-r", "150", "-f", "1", "-l", "1", "-x", str(x), "-y", str(y), "-W", str(cw),
                   "-H", str(ch), "-layout", pdf, "-").stdout
        name = re.search(r"^Nama +(\S.*?) *$", words, re.M)
        serial = re.search(r"\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])\b", words)
        out.append({"png": png + ".png", "qr": qr,
                    "name": name.group(1) if name else None,
                    "serial": serial.group(1) if serial else None})
    return out


class Phone:
    """The scan page in one browser: its answers."""

    def __init__(self, d):
        self.d = d
        self.prev = None

    def point(self, code):
        self.d.get(URL + "/redeem")
        if self.d.find_elements(By.CSS_SELECTOR, "select[name=point]"):
            # choosing sends the form (the button is for browsers without script)
            html = css("html", self.d)
            Select(css("select[name=point]", self.d)).select_by_value(code)
            WebDriverWait(self.d, 30).until(lambda x: _stale(html))
        self.prev = self.current()

    def current(self):
        try:
            return css("#jawab", self.d).get_attribute("outerHTML")
        except Exception:
            return None

    def answer(self):
        def fresh(d):
            try:
                j = d.find_element(By.ID, "jawab")
                return j.get_attribute("outerHTML") != self.prev and j
            except Exception:
                return False
        j = WebDriverWait(self.d, 60, poll_frequency=0.05).until(fresh)
        self.prev = j.get_attribute("outerHTML")
        return j.text

    def wedge(self, qr):
        css("#payload", self.d).send_keys(qr + Keys.ENTER)
        return self.answer()

    def photo(self, png):
        css("input[name=photo]", self.d).send_keys(png)
        return self.answer()

    def typed(self, serial, reason):
        if not css("#ketik", self.d).is_displayed():
            css("details.ketik summary", self.d).click()
        css("#ketik input[name=payload]", self.d).send_keys(serial)
        css("#ketik input[name=reason]", self.d).send_keys(reason)
        css("#ketik button[type=submit]", self.d).click()
        return self.answer()


def penyalur():
    login("penyalur")
    jhb_pdf, status, files = print_village(JAHAB)
    shot("penyalur-cetak-selesai")
    ok(jhb_pdf is not None and open(jhb_pdf, "rb").read(5) == b"%PDF-"
       and "5 kupon di 1 halaman" in (status or "")
       and "Kupon dan daftar — Bantuan Sembako Daerah, Januari 2026, Jahab (%s)" % JAHAB in (status or "")
       and files == ["kupon-SEMBAKO-2026-2026-01-%s.pdf" % JAHAB, "daftar-SEMBAKO-2026-2026-01-%s.pdf" % JAHAB],
       "penyalur prints Jahab's 5 slips and its handover list as a job; the slips' PDF downloads",
       "%s\n%s\n%s" % (status, files, jhb_pdf))
    lip_pdf, status, files = print_village(LOAIPUH)
    ok(lip_pdf is not None and "4 kupon di 1 halaman" in (status or ""), "... and Loa Ipuh's 4", status)
    jhb = slips_of(jhb_pdf, "jahab")
    lip = slips_of(lip_pdf, "loaipuh")
    names = sorted(s["name"] for s in jhb)
    ok(len(jhb) == 5 and names == sorted(p[1] for p in PEOPLE if p[4] == JAHAB)
       and all(s["serial"] and s["qr"].startswith("LB1:") for s in jhb),
       "each of Jahab's slips cropped from the page: one QR, a name and a serial", jhb)
    ok(len(lip) == 4, "... and Loa Ipuh's 4", lip)

    phone = Phone(D)
    phone.point("POS-JHB")
    shot("penyalur-pindai")
    said = {}
    camera = css("input[name=photo]").get_attribute("capture")
    for s in jhb[:2]:
        said[s["name"]] = phone.photo(s["png"])
    shot("penyalur-foto-diterima")
    ok(camera == "environment" and
       all(said[s["name"]].startswith("DITERIMA") and s["name"] in said[s["name"]] for s in jhb[:2]),
       "two slips redeemed by their photo in the camera's file input (capture=environment): DITERIMA with the name",
       "%s %s" % (camera, said))
    got = phone.wedge(jhb[2]["qr"])
    ok(got.startswith("DITERIMA") and jhb[2]["name"] in got, "a slip by the wedge field (its QR text and Enter)", got)
    got = phone.wedge(jhb[0]["qr"])
    shot("penyalur-ditolak")
    ok(got.startswith("DITOLAK") and "Sudah ditebus pada 15 Januari 2026" in got,
       "the first slip scanned again: DITOLAK, already redeemed on 15 Januari 2026", got)
    got = phone.wedge(lip[0]["qr"])
    ok(got.startswith("DITOLAK") and "Bukan titik ini" in got, "a Loa Ipuh slip at Jahab: DITOLAK, bukan titik ini", got)
    got = phone.typed(jhb[3]["serial"], "QR basah terkena hujan")
    shot("penyalur-ketik")
    ok(got.startswith("DITERIMA") and jhb[3]["name"] in got, "a typed serial with its reason: DITERIMA", got)
    ok(sql("SELECT manual || '|' || source || '|' || coalesce(manual_reason, '') FROM redemption"
           " WHERE id = (SELECT max(id) FROM redemption)") == "1|manual|QR basah terkena hujan",
       "... recorded as manual with the reason",
       sql("SELECT * FROM redemption WHERE id = (SELECT max(id) FROM redemption)"))

    # two phones, one slip, the same moment
    d2 = w.chromium()
    try:
        login("penyalur", d2)
        other = Phone(d2)
        other.point("POS-JHB")
        for p in (phone, other):
            css("#payload", p.d).send_keys(jhb[4]["qr"])
        bar = threading.Barrier(2)
        res = {}

        def go(p):
            bar.wait()
            css("#payload", p.d).send_keys(Keys.ENTER)
            res[p] = p.answer()
        ts = [threading.Thread(target=go, args=(p,)) for p in (phone, other)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        shot("penyalur-balapan-hp2", d2)
    finally:
        w.quit_chromium(d2)
    v = sorted(res[p].split("\n")[0] for p in res)
    ok(v == ["DITERIMA", "DITOLAK"], "two phones scan %s's slip at the same moment: exactly one DITERIMA"
       % jhb[4]["name"], res.values())
    n = sql("SELECT count(*) FROM redemption d JOIN allocation a ON a.id = d.allocation_id"
            " JOIN recipient r ON r.id = a.recipient_id WHERE r.name = '%s'" % jhb[4]["name"])
    ok(n == "1", "... and one redemption of it written", n)

    # Loa Ipuh: the same phone at the other point
    phone.point("POS-TGR")
    a = phone.wedge(lip[0]["qr"])
    b = phone.photo(lip[1]["png"])
    ok(a.startswith("DITERIMA") and lip[0]["name"] in a and b.startswith("DITERIMA") and lip[1]["name"] in b,
       "at POS-TGR: the slip refused at Jahab by wedge, another by photo: DITERIMA", "%s\n%s" % (a, b))

    # undo the wedge scan at Jahab: the wrong slip was handed over
    phone.point("POS-JHB")
    submit(D.find_element(By.LINK_TEXT, "Batalkan penebusan yang salah"))
    css("#batal input[name=serial]").send_keys(jhb[2]["serial"])
    css("#batal input[name=reason]").send_keys("kupon tetangga terpindai")
    shot("penyalur-batal")
    submit(css("#batal button[type=submit]"), alert=True)
    shot("penyalur-dibatalkan")
    got = text("#jawab") or ""
    ok(got.startswith("DIBATALKAN") and jhb[2]["name"] in got, "penyalur undoes one with its reason: DIBATALKAN", got)

    r = recon()["totals"]
    got = (r["allocations"], r["redeemed"], r["not_collected"], r["refused_attempts"])
    ok(got == (12, 6, 6, 3), "the CLI's reconciliation: 12 allocated, 6 redeemed, 6 not collected, 3 refused", r)
    received = [s["name"] for s in jhb[:2] + jhb[3:5] + lip[:2]]
    with open(STATE, "w") as f:
        json.dump({"received": received, "undone": jhb[2]["name"]}, f)


# ---------------------------------------------------------------- phase 2

def rupiah(n):
    return "Rp" + "{:,}".format(n).replace(",", ".")


def percent(x):
    return ("%.2f%%" % x).replace(".", ",")


# the reconciliation page's summary lines and the CLI's JSON totals
SUMMARY = [("Alokasi (paket)", "allocations", str), ("Kuota", "quota", str),
           ("Alokasi terhadap kuota", "quota_rate", percent), ("Ditebus", "redeemed", str),
           ("oleh penerima sendiri", "redeemed_in_person", str), ("oleh wakil", "redeemed_by_proxy", str),
           ("Tidak diambil", "not_collected", str), ("Kupon dicabut, tidak ditebus", "revoked", str),
           ("Kupon diterbitkan ulang", "reissued", str), ("Alokasi dibatalkan", "cancelled", str),
           ("Tingkat penebusan", "redemption_rate", percent), ("Percobaan ditolak", "refused_attempts", str),
           ("palsu/tidak terbaca", "forged", str), ("sudah ditebus (ganda)", "duplicates", str),
           ("salah program/periode", "wrong_period", str), ("nomor kupon tidak dikenal", "unknown_serial", str),
           ("konflik kit lapangan", "conflicts", str), ("lainnya", "other_refusals", str),
           ("Nilai bantuan per bulan", "monthly_value_rupiah", rupiah), ("Bulan per putaran", "round_months", str),
           ("Anggaran (alokasi x nilai x bulan)", "budget_rupiah", rupiah),
           ("Nilai barang disalurkan (biaya lot)", "issued_value_rupiah", rupiah),
           ("Sisa anggaran", "remaining_rupiah", rupiah), ("Realisasi terhadap anggaran", "spent_rate", percent)]


def report_link(kind, fmt=None):
    """The link of a report (and format) under the round's heading on /laporan."""
    li = [x for x in D.find_elements(By.CSS_SELECTOR, "main li")
          if x.find_elements(By.LINK_TEXT, kind)]
    return li[0].find_element(By.LINK_TEXT, fmt or kind) if li else None


def keuangan():
    st = json.load(open(STATE))
    login("keuangan")
    submit(D.find_element(By.LINK_TEXT, "Laporan"))
    shot("keuangan-laporan")
    ok(text("main h2") == "Bantuan Sembako Daerah — Januari 2026", "keuangan opens the reports: January's round",
       text("main"))
    submit(report_link("Rekonsiliasi"))
    shot("keuangan-rekonsiliasi")
    rows = [[c.text for c in tr.find_elements(By.CSS_SELECTOR, "th,td")]
            for tr in D.find_elements(By.CSS_SELECTOR, "main table tr")]
    rc = recon()
    tot = rc["totals"]
    page = {r[0]: r[1] for r in rows if len(r) == 2}
    want = {label: f(tot[key]) for label, key, f in SUMMARY}
    ok({k: page.get(k) for k in want} == want,
       "the reconciliation page's figures equal `lumbung reconcile --format json` (%d lines)" % len(want),
       "\n".join("%s: page %s, CLI %s" % (k, page.get(k), v) for k, v in want.items() if page.get(k) != v))
    ok((page.get("Alokasi (paket)"), page.get("Ditebus"), page.get("Tidak diambil"), page.get("Percobaan ditolak"),
        page.get("Anggaran (alokasi x nilai x bulan)"), page.get("Nilai barang disalurkan (biaya lot)"))
       == ("12", "6", "6", "3", "Rp2.400.000", "Rp1.200.000"),
       "... which are the round's: 12 allocated, 6 redeemed, 6 not collected, 3 refused, Rp2.400.000 budget, "
       "Rp1.200.000 handed out", page)
    villages = [r for r in rows if len(r) == 12 and re.match(r"^\d\d\.\d\d\.\d\d\.\d{4}$", r[0])]
    cli_v = [[v["code"], v["name"], v["district"], str(v["allocations"]), str(v["redeemed"]),
              str(v["redeemed_by_proxy"]), str(v["not_collected"]), str(v["revoked"]), str(v["cancelled"]),
              percent(v["redemption_rate"]), rupiah(v["budget_rupiah"]), rupiah(v["issued_value_rupiah"])]
             for v in rc["by_village"]]
    ok(villages == cli_v and len(villages) == 3, "... and so are its lines per village", "%s\n%s" % (villages, cli_v))
    refused = [r for r in rows if len(r) == 12 and r[0].isdigit()]
    ok(sorted(r[4] for r in refused) == sorted(a["serial"] for a in rc["refused_attempts"]) and len(refused) == 3,
       "... and its refused attempts, slip by slip", refused)

    D.get(URL + "/laporan")
    pdf = download(report_link("BAST", "PDF"), ".pdf")
    words = sh("pdftotext", "-layout", pdf, "-").stdout if pdf else ""
    listed = re.findall(r"^ *\d+ (\S.*?) {2,}6402\*{10}\d\d ", words, re.M)
    ok(sorted(listed) == sorted(st["received"]) and len(listed) == 6,
       "keuangan downloads the BAST (PDF): it names the six who received, and nobody else", listed)
    ok(not any(p[0] in words for p in PEOPLE), "... with every NIK masked")
    sums = re.findall(r"JUMLAH +(\d+) paket, (Rp[\d.]+)", words)
    ok(sums == [("4", "Rp800.000"), ("2", "Rp400.000")]
       and rupiah(sum(int(v[2:].replace(".", "")) for _, v in sums)) == rupiah(tot["issued_value_rupiah"]),
       "... Jahab's 4 packages (Rp800.000) and Loa Ipuh's 2 (Rp400.000): the Rp1.200.000 the reconciliation has",
       sums)
    ok("Jumlah: 4 paket senilai Rp800.000 (terbilang: delapan ratus ribu rupiah)." in words,
       "... the total also in words", words[:3000])

    # close January behind its confirmation page
    submit(D.find_element(By.LINK_TEXT, "Tutup bulan"))
    shot("keuangan-tutup-bulan")
    ok(css("main form input[name='YYYY-MM']").get_attribute("value") == "2026-01"
       and not D.find_elements(By.NAME, "early") and not D.find_elements(By.NAME, "reason"),
       "keuangan opens Tutup bulan on 2 February: the month just ended is offered, without 'close early'",
       css("main form input[name='YYYY-MM']").get_attribute("value"))
    snap = w.dump()
    submit(css("main form button[type=submit]"))
    shot("keuangan-tutup-periksa")
    left = text("#belum-diambil")
    ok(left is not None and left.startswith("Januari 2026: 6 paket belum diambil")
       and not D.find_elements(By.NAME, "early"),
       "the confirmation page shows the 6 packages still uncollected in January 2026, nothing of closing early",
       text("main"))
    ok(text("#kit-di-luar") == "Kit lapangan yang belum kembali: 0.", "... and no field kit out", text("#kit-di-luar"))
    ok(w.dump() == snap and recon()["closed"] == 0, "... and has closed nothing yet")
    submit(css("main form button[data-yakin]"), alert=True)
    shot("keuangan-tutup-selesai")
    said = berhasil()
    ok(said.startswith("Januari 2026 telah ditutup"), "keuangan confirms: January is closed", said)


def after():
    """What the CLI says of the database the browser made."""
    ok(recon()["closed"] == 1, "`lumbung reconcile` says January is closed")
    snap = w.dump()
    r = cli("stock", "receive", "--to", "GD-TGR", "--from", "SUP-BULOG", "--item", "BERAS", "--qty", "1",
            "--lot", "BRS-2601", "--unit-cost", "15000", "--date", "2026-01-30")
    ok(r.returncode == 3 and "period 2026-01 is closed, nothing more can be posted into it" in r.stderr
       and w.dump() == snap, "the CLI refuses to post into January, writing nothing", r.stderr)
    r = cli("verify")
    ok(r.returncode == 0, "`lumbung verify` passes on the database the round made", r.stdout + r.stderr)
    rows = list(csv.reader(io.StringIO(cli("audit", "--format", "csv").stdout)))
    head = rows[0]
    writes = {}
    for r in rows[1:]:
        a = dict(zip(head, r))
        # reads that are audited too (logins, a NIK shown to a role that may see it) are not write steps
        if a["address"] != "cli" and a["action"] not in ("login", "logout", "nik.show"):
            writes.setdefault(a["action"], []).append(a["user"] + ("" if a["result"] == "ok" else "!"))
    want = {"stock receive": ["gudang"] * 2, "stock move": ["gudang"] * 4,
            "recipient import": ["pendataan"], "allocate": ["pendataan"],
            "voucher print": ["penyalur"] * 2, "redeem undo": ["penyalur"], "period close": ["keuangan"]}
    ok(writes == want, "the audit log names the user of every write step made in the browser", writes)
    log = list(csv.reader(io.StringIO(cli("redeem", "log", "--format", "csv").stdout)))
    got = [(r[4], r[5], r[7], r[8]) for r in log[1:]]
    J, G = "POS-JHB", "POS-TGR"
    want = [(J, "penyalur", "accepted", "image"), (J, "penyalur", "accepted", "image"),
            (J, "penyalur", "accepted", "scan"), (J, "penyalur", "already_redeemed", "scan"),
            (J, "penyalur", "wrong_point", "scan"), (J, "penyalur", "accepted", "manual"),
            (J, "penyalur", "accepted", "scan"), (J, "penyalur", "already_redeemed", "scan"),
            (G, "penyalur", "accepted", "scan"), (G, "penyalur", "accepted", "image"),
            (J, "penyalur", "undone", "undo")]
    ok(got == want, "the attempt log has every scan and the undo, each by penyalur, in order: "
       "photo, photo, wedge, twice, other point, typed, the race's two, Loa Ipuh's two, the undo", got)


try:
    if PHASE == "bulan":
        gudang()
        pendataan()
        penyalur()
    else:
        keuangan()
        after()
finally:
    w.quit_chromium(D)
done()
