"""browser.py - lumbung serve in a real browser (Debian's chromium through
chromedriver): every role logs in and opens every page in its menu; the
Beranda, stock, recipients, redemption log and audit pages show the same
figures as the CLI for the same database; the Beranda is photographed at
360 and 1280 pixels wide and must not be blank nor wider than the phone."""
import csv
import json
import os
import struct
import zlib

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from webtest import URL, chromium, cli, done, ok, quit_chromium

SHOTS = os.environ.get("LUMBUNG_SCREENS") or os.environ["T"]
ROLES = ["admin", "pendataan", "gudang", "penyalur", "keuangan", "auditor"]
MENU = {
    "admin": ["Beranda", "Stok", "Penerima", "Verifikasi", "Ronde", "Program", "Penebusan", "Pindai", "Cetak", "Kit",
              "Laporan", "Tutup bulan", "Pengguna", "Kunci", "Audit"],
    "pendataan": ["Beranda", "Penerima", "Verifikasi", "Ronde", "Program"],
    "gudang": ["Beranda", "Stok"],
    "penyalur": ["Beranda", "Penebusan", "Pindai", "Cetak", "Kit"],
    "keuangan": ["Beranda", "Stok", "Penerima", "Ronde", "Program", "Penebusan", "Pindai", "Cetak", "Kit", "Laporan", "Tutup bulan"],
    "auditor": ["Beranda", "Stok", "Penerima", "Ronde", "Program", "Penebusan", "Laporan", "Pengguna", "Kunci", "Audit"],
}


def wita(csv_line):
    """A CSV row of `lumbung audit` whose first cell, a UTC time
    (2026-01-15T01:02:03Z), is written as the page writes it in WITA."""
    import datetime
    at, rest = csv_line.split(",", 1)
    t = datetime.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=8)
    return t.strftime("%Y-%m-%d %H:%M WITA") + "," + rest


def png_stats(data):
    """Distinct colours and the share of pixels that are not white, from
    a PNG as chromium writes it (8-bit RGB or RGBA, not interlaced)."""
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours, ink, i = set(), 0, 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp * 4):
            px = bytes(line[x:x + 3])
            colours.add(px)
            if px != b"\xff\xff\xff":
                ink += 1
        prev = line
    return len(colours), ink / max(1, (w * h) // 4)


driver = chromium(width=1280, height=900)


def text(sel):
    return driver.find_element(By.CSS_SELECTOR, sel).text


def rows(sel="main table"):
    out = []
    for tr in driver.find_elements(By.CSS_SELECTOR, sel + " tbody tr"):
        out.append([td.text for td in tr.find_elements(By.TAG_NAME, "td")])
    return out


def click(elem):
    """Click and wait for the next page to replace this one."""
    driver.execute_script("window.lbOld = 1")

    def replaced(d):
        try:
            return d.execute_script("return !window.lbOld && document.readyState === 'complete'")
        except WebDriverException:
            return False
    elem.click()
    WebDriverWait(driver, 30, poll_frequency=0.05).until(replaced)


def login(user):
    driver.delete_all_cookies()
    driver.get(URL + "/login")
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys("rahasia-" + user)
    click(driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    return driver.current_url == URL + "/" and text("h1") == "Beranda"


try:
    driver.set_window_size(1280, 900)
    recon = json.loads(cli("reconcile", "--program", "SEMBAKO-2026", "--period", "2026-01", "--format", "json",
                           "--list", "none").stdout)["totals"]
    # a penyalur (of POS-JHB) sees the same figures counted over its point only
    every = json.loads(cli("reconcile", "--program", "SEMBAKO-2026", "--period", "2026-01", "--format", "json",
                           "--list", "all").stdout)
    jhb = [a["class"] for a in every["allocations"] if a["point"] == "POS-JHB"]
    recon_jhb = [str(len([c for c in jhb if c != "cancelled"])),
                 str(len([c for c in jhb if c in ("redeemed", "redeemed_by_proxy")])),
                 str(jhb.count("not_collected")),
                 str(len([a for a in every["refused_attempts"] if a["point"] == "POS-JHB"]))]
    for role in ROLES:
        ok(login(role), "%s logs in through the form and lands on the Beranda" % role, driver.current_url)
        menu = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "nav a")]
        ok(menu == MENU[role], "%s's menu: %s" % (role, ", ".join(MENU[role])), menu)
        hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav a")]
        for h in hrefs:
            driver.get(h)
            h1 = text("h1")
            ok(h1 not in ("Akses ditolak", "Kesalahan server", "Halaman tidak ditemukan",
                          "Isian tidak dapat diproses") and "lumbung" in driver.title,
               "%s opens %s (%s)" % (role, h[len(URL):], h1), driver.page_source[:800])
        # the figures, as the CLI's reconciliation has them
        driver.get(URL + "/")
        got = [text("#jml-alokasi"), text("#jml-ditebus"), text("#jml-belum"), text("#jml-ditolak")]
        want = [str(recon["allocations"]), str(recon["redeemed"]), str(recon["not_collected"]),
                str(recon["refused_attempts"])]
        if role == "penyalur":
            want = recon_jhb
        ok(got == want, "%s's Beranda shows the reconciliation's totals %s" % (role, want), got)
        # logging out through the button ends the session
        click(driver.find_element(By.CSS_SELECTOR, "form.keluar button"))
        driver.get(URL + "/")
        ok(driver.current_url == URL + "/login", "%s logs out with the button" % role, driver.current_url)

    login("admin")
    driver.get(URL + "/")
    ok(text("#ditolak-hari-ini") == "2", "Beranda: two refused attempts today (15 Januari 2026)", text("#ditolak-hari-ini"))
    bars = driver.find_elements(By.CSS_SELECTOR, "svg.grafik rect")
    ok(len(bars) == 3 + 3 * 2, "Beranda's chart has a legend and three bars for each of two kecamatan", len(bars))
    labels = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "svg.grafik text")]
    ok("Loa Kulu" in labels and "Tenggarong" in labels, "the chart names the kecamatan", labels)
    need = rows("main table")
    ok(["Kantor Desa Jahab", "BERAS", "3", "30 kg", "20 kg", "10 kg"] in need,
       "stock at POS-JHB against the round's need (3 packages of 10 kg, 20 kg there)", need)

    # stock balances as `lumbung stock balance`
    bal = cli("stock", "balance", "--format", "csv").stdout.strip().splitlines()[1:]
    want = [[l.split(",")[0], l.split(",")[1], l.split(",")[2], "%s %s" % (l.split(",")[4], l.split(",")[5])]
            for l in bal]
    driver.get(URL + "/stok")
    got = [[r[0], r[1], r[2], r[4]] for r in rows()]
    ok(got == want, "the stock page lists the CLI's balances", "%s\n%s" % (got, want))
    click(driver.find_element(By.LINK_TEXT, "GULA"))
    ok(text("h1") == "Buku stok GULA (kg)" and rows()[0][6] == "10", "an item's ledger with its running balance", rows())

    # a recipient found by name, village and NIK
    driver.get(URL + "/penerima")
    box = driver.find_element(By.NAME, "q")
    box.send_keys("siti")
    click(driver.find_element(By.CSS_SELECTOR, "form.cari button"))
    found = rows()
    ok(len(found) == 1 and found[0][0] == "Siti Aminah" and found[0][1] == "6402**********01",
       "search 'siti' finds Siti Aminah, NIK masked", found)
    click(driver.find_element(By.LINK_TEXT, "Siti Aminah"))
    tables = driver.find_elements(By.CSS_SELECTOR, "main table")
    ok(text("h1") == "Siti Aminah" and "6402064203550001" not in driver.page_source, "her page, NIK masked", text("h1"))
    alloc = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in tables[2].find_elements(By.CSS_SELECTOR, "tbody tr")]
    ok(alloc == [["SEMBAKO-2026", "Januari 2026", "POS-JHB", "ditebus", "15 Januari 2026", "sendiri"]],
       "her allocation and its redemption", alloc)
    click(driver.find_element(By.XPATH, "//button[contains(., 'Tampilkan NIK lengkap')]"))
    ok("6402064203550001" in driver.page_source and "Siti Aminah" in driver.title and "6402064203550001" not in driver.title,
       "admin shows the full NIK (never in the title)", driver.title)
    driver.get(URL + "/penerima")
    driver.find_element(By.NAME, "q").send_keys("64.02.06.1002")
    click(driver.find_element(By.CSS_SELECTOR, "form.cari button"))
    ok(sorted(r[0] for r in rows()) == ["Abdul Karim", "Dewi Lestari"], "search by village code", rows())

    # the redemption log as `lumbung redeem log`
    log = cli("redeem", "log", "--format", "csv").stdout.strip().splitlines()[1:]
    driver.get(URL + "/penebusan")
    ok(len(rows()) == len(log), "the redemption log has the CLI's %d attempts" % len(log), rows())
    driver.get(URL + "/penebusan?ditolak=1")
    ok(sorted(r[3] for r in rows()) == ["already_redeemed", "forged"], "filtered to refusals", rows())

    # a report page: every row of the CLI's CSV of the same report
    path = os.path.join(os.environ["T"], "realisasi.csv")
    r = cli("report", "distribution", "--program", "SEMBAKO-2026", "--period", "2026-01", "--format", "csv",
            "-o", path)
    with open(path, newline="") as f:
        # as people read it: no leading blanks, no spreadsheet formula guard
        want = [[c.strip()[1:] if c[:2] in ("'=", "'+", "'-", "'@") else c.strip() for c in rec]
                for rec in csv.reader(f) if len(rec) > 1]
    driver.get(URL + "/laporan/lihat?jenis=realisasi&program=SEMBAKO-2026&periode=2026-01")
    got = []
    for tr in driver.find_elements(By.CSS_SELECTOR, "div.laporan tr"):
        cells = [c.text for c in tr.find_elements(By.CSS_SELECTOR, "th, td")]
        if cells != ["Tidak ada data."]:
            got.append(cells)
    ok(r.returncode == 0 and len(want) > 10 and got == want, "the realisation page shows every row of the CLI's CSV (%d)"
       % len(want), [(g, w) for g, w in zip(got, want) if g != w][:4] or (len(got), len(want)))
    titles = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "div.laporan h2")]
    ok("Realisasi per kecamatan" in titles, "with the report's section titles", titles)

    # the reconciliation's refused attempts as people read them: the
    # office's time, the scan page's words; JSON keeps codes and UTC
    rec = json.loads(cli("reconcile", "--program", "SEMBAKO-2026", "--period", "2026-01", "--format", "json").stdout)
    driver.get(URL + "/laporan/lihat?jenis=rekonsiliasi&program=SEMBAKO-2026&periode=2026-01")
    table = driver.find_element(By.XPATH, "//h2[.='Percobaan penukaran yang ditolak']/following-sibling::div[1]//table")
    head = [c.text for c in table.find_elements(By.CSS_SELECTOR, "th")]
    seen = [dict(zip(head, [c.text for c in tr.find_elements(By.CSS_SELECTOR, "td")]))
            for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    words = {"already_redeemed": "Sudah ditebus sebelumnya.",
             "forged": "Kupon palsu: tanda tangan pada kode QR tidak cocok."}
    want = [(wita(a["at"] + ",").rstrip(","), words[a["outcome"]]) for a in rec["refused_attempts"]]
    ok([(r.get("Waktu"), r.get("Hasil")) for r in seen] == want and len(want) == 2,
       "the refused attempts show the office's time and the reason in Bahasa Indonesia", (seen, want))

    # the audit log as `lumbung audit`
    # (the CSV keeps UTC; the page shows the office's time, WITA here)
    aud = [wita(line) for line in
           cli("audit", "--limit", "5", "--format", "csv").stdout.strip().splitlines()[1:]]
    driver.get(URL + "/admin/audit")
    got = [",".join(r) for r in rows()[:5]]
    ok(got == aud, "the audit page lists the CLI's newest rows", "%s\n%s" % (got, aud))

    # pictures of the Beranda
    for width in (360, 1280):
        driver.set_window_size(width, 900)
        driver.get(URL + "/")
        path = os.path.join(SHOTS, "beranda-%d.png" % width)
        png = driver.get_screenshot_as_png()
        with open(path, "wb") as f:
            f.write(png)
        colours, ink = png_stats(png)
        ok(colours >= 5 and 0.03 < ink < 0.95, "the Beranda at %d px is not blank (%d colours, %.0f%% ink)"
           % (width, colours, ink * 100))
        over = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        ok(over <= 0, "the Beranda at %d px needs no sideways scrolling" % width, over)
    # an error page, as people meet it: what went wrong and what to do
    driver.set_window_size(360, 900)
    driver.get(URL + "/laporan/lihat?jenis=tidak-ada&program=SEMBAKO-2026&periode=2026-01")
    ok(text("h1") == "Data tidak ditemukan" and text("p.apa") == "Apa yang terjadi: Jenis laporan itu tidak ada."
       and text("p.saran") == "Yang dapat Anda lakukan: Buka kembali lewat menu lalu pilih dari daftar; "
       "tautan yang disimpan mungkin sudah tidak berlaku.",
       "an error page says in Bahasa Indonesia what went wrong and what to do", driver.page_source[-1200:])
    ok(text("p.rinci") == "Rincian teknis (untuk admin): unknown report 'tidak-ada'",
       "the module's English only as a secondary technical line", text("p.rinci"))
    with open(os.path.join(SHOTS, "galat-360.png"), "wb") as f:
        f.write(driver.get_screenshot_as_png())
    driver.get(URL + "/stok")
    over = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    ok(over <= 0, "the stock page at 360 px scrolls its table, not the page", over)
    with open(os.path.join(SHOTS, "stok-360.png"), "wb") as f:
        f.write(driver.get_screenshot_as_png())
    # a penyalur's Beranda on a phone: its own point's figures only
    login("penyalur")
    driver.get(URL + "/")
    png = driver.get_screenshot_as_png()
    with open(os.path.join(SHOTS, "beranda-penyalur-360.png"), "wb") as f:
        f.write(png)
    labels = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "svg.grafik text")]
    ok("Tenggarong" in labels and "Loa Kulu" not in labels and text("#ditolak-hari-ini") == "1",
       "penyalur's Beranda at 360 px: only its kecamatan and its refusal today", (labels, text("#ditolak-hari-ini")))
    over = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    ok(over <= 0 and png_stats(png)[0] >= 5, "penyalur's Beranda at 360 px is drawn and needs no sideways scrolling", over)
    # the warehouse's receive form on a phone, filled and sent in the browser
    login("gudang")
    driver.get(URL + "/stok/terima")
    over = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    png = driver.get_screenshot_as_png()
    with open(os.path.join(SHOTS, "terima-360.png"), "wb") as f:
        f.write(png)
    ok(over <= 0 and png_stats(png)[0] >= 5, "the receive form at 360 px is drawn and needs no sideways scrolling", over)
    for name, value in (("to", "GD-TGR"), ("item", "BERAS"), ("qty", "1 karung"), ("lot", "BRS-HP"),
                        ("unit-cost", "14000")):
        driver.find_element(By.NAME, name).send_keys(value)
    driver.find_element(By.NAME, "date").send_keys("01/10/2026")
    click(driver.find_element(By.CSS_SELECTOR, "form.op button[type=submit]"))
    ok(text("h1") == "Terima barang" and "Diterima 25 kg BERAS" in text("p.berhasil"),
       "receiving goods from a phone's browser", driver.page_source[-1500:])
    bal = cli("stock", "balance", "--at", "GD-TGR", "--item", "BERAS", "--lot", "BRS-HP", "--format", "csv").stdout
    ok("BRS-HP" in bal and ",25,kg" in bal, "the CLI sees the 25 kg", bal)
    # the data staff's verification queue
    cli("recipient", "flag", "Budi Santoso", "--reason", "mampu", "--note", "rumah baru, punya mobil")
    login("pendataan")
    driver.set_window_size(1280, 900)
    driver.get(URL + "/penerima/tinjauan")
    png = driver.get_screenshot_as_png()
    with open(os.path.join(SHOTS, "verifikasi-1280.png"), "wb") as f:
        f.write(png)
    ok(rows()[0][1:4] == ["Budi Santoso\n6402**********02", "sudah mampu", "rumah baru, punya mobil"],
       "the verification queue lists the report, NIK masked", rows())
    logs = driver.get_log("browser") if hasattr(driver, "get_log") else []
    csp = [l for l in logs if "Content Security Policy" in l.get("message", "")]
    ok(not csp, "no Content-Security-Policy violations in the browser", csp)
finally:
    quit_chromium(driver)
done()
