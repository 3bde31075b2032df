"""scan_browser.py - the scan page in a real browser (Debian's chromium,
at a phone's 360 pixels): the wedge field keeps its focus and takes one
slip after another (Enter sends, the answer replaces the last), a photo
of a slip rendered from the printed PDF is sent as a phone's camera
input would, a typed serial with its reason, an undo; the page is
photographed; a print job runs in the background, its page follows it to
the end and its PDF downloads."""
import os
import re
import time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

import webtest as w
from webtest import URL, done, ok

T = os.environ["T"]
SHOTS = os.environ.get("LUMBUNG_SCREENS") or T


def payloads(program, period):
    rows = {}
    with open(os.path.join(T, "payloads-%s-%s.tsv" % (program, period))) as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) >= 5:
                rows[c[3]] = (c[0], c[4])
    return rows


JAN = payloads("SEMBAKO-2026", "2026-01")

driver = w.chromium(width=360, height=780)


def css(sel):
    return driver.find_element(By.CSS_SELECTOR, sel)


def login(user):
    driver.delete_all_cookies()
    driver.get(URL + "/login")
    css("input[name=user]").send_keys(user)
    css("input[name=password]").send_keys("rahasia-" + user)
    css("main button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url == URL + "/")


def answer_after(previous):
    """Wait for a new answer (#jawab) other than previous; its text."""
    def fresh(d):
        try:
            j = d.find_element(By.ID, "jawab")
            return j.get_attribute("outerHTML") != previous and j
        except Exception:
            return False
    j = WebDriverWait(driver, 60, poll_frequency=0.05).until(fresh)
    return j.get_attribute("outerHTML"), j.text


def current():
    try:
        return css("#jawab").get_attribute("outerHTML")
    except Exception:
        return None


def focused():
    return driver.execute_script("return document.activeElement && document.activeElement.id")


try:
    driver.set_window_size(360, 780)
    login("penyalur")
    driver.get(URL + "/redeem")
    ok(focused() == "payload", "the scan page opens with the scanner field focused", focused())

    # the wedge: a scanner types the QR text and Enter
    prev = current()
    css("#payload").send_keys(JAN["Siti Aminah"][1] + Keys.ENTER)
    prev, txt = answer_after(prev)
    ok(txt.startswith("DITERIMA") and "Siti Aminah" in txt and "6402**********01" in txt,
       "a wedge scan (text and Enter): DITERIMA with name and masked NIK", txt)
    ok(focused() == "payload" and css("#payload").get_attribute("value") == "",
       "... and the field is empty and focused for the next slip", focused())
    ok(driver.current_url.endswith("/redeem"), "... without leaving the page", driver.current_url)
    driver.save_screenshot(os.path.join(SHOTS, "scan-360-diterima.png"))
    # the next slip at once, then the first again
    css("#payload").send_keys(JAN["Rina Wati"][1] + Keys.ENTER)
    prev, txt = answer_after(prev)
    ok(txt.startswith("DITERIMA") and "Rina Wati" in txt, "the next slip straight after: DITERIMA", txt)
    css("#payload").send_keys(JAN["Siti Aminah"][1] + Keys.ENTER)
    prev, txt = answer_after(prev)
    ok(txt.startswith("DITOLAK") and "Sudah ditebus pada 15 Januari 2026" in txt,
       "the first slip again: DITOLAK, already redeemed, with the date", txt)
    ok("tolak" in css("#jawab").get_attribute("class"), "... shown in the refusal's colour")

    driver.save_screenshot(os.path.join(SHOTS, "scan-360.png"))
    width = driver.execute_script("return document.documentElement.scrollWidth")
    ok(width <= 360, "the scan page fits a 360-pixel phone without sideways scrolling", width)
    box = driver.execute_script("var r = document.getElementById('jawab').getBoundingClientRect();"
                                " return [r.width, r.height, window.innerHeight]")
    ok(box[0] >= 320 and box[1] >= 0.6 * box[2], "the answer fills the phone's screen", box)

    # a photo, as the camera input sends it: the change sends the form
    css("input[name=photo]").send_keys(os.path.join(T, "one-BudiSantoso.png"))
    prev, txt = answer_after(prev)
    ok(txt.startswith("DITERIMA") and "Budi Santoso" in txt, "a photo of a slip chosen in the file input: DITERIMA", txt)
    ok(focused() == "payload", "... and the scanner field has the focus back", focused())

    # a typed serial, with its reason
    css("details.ketik summary").click()
    css("#ketik input[name=payload]").send_keys(JAN["Abdul Karim"][0])
    css("#ketik input[name=reason]").send_keys("QR sobek")
    css("#ketik button[type=submit]").click()
    prev, txt = answer_after(prev)
    ok(txt.startswith("DITOLAK") and "Bukan titik ini" in txt,
       "a typed serial of another point's slip: DITOLAK, bukan titik ini", txt)
    css("#ketik input[name=payload]").send_keys(JAN["Rina Wati"][0])
    css("#ketik input[name=reason]").send_keys("QR sobek")
    css("#ketik button[type=submit]").click()
    prev, txt = answer_after(prev)
    ok(txt.startswith("DITOLAK") and "Sudah ditebus" in txt, "a typed serial of a redeemed slip: DITOLAK", txt)

    # undo Rina's
    driver.get(URL + "/redeem/batal?point=POS-JHB")
    driver.execute_script("window.confirm = function () { return true; }")
    css("#batal input[name=serial]").send_keys(JAN["Rina Wati"][0])
    css("#batal input[name=reason]").send_keys("salah orang")
    css("#batal button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "DIBATALKAN" in d.page_source)
    ok("Rina Wati" in css("#jawab").text, "undo from the browser: DIBATALKAN", css("#jawab").text)
    driver.get(URL + "/redeem")
    prev = current()
    css("#payload").send_keys(JAN["Rina Wati"][1] + Keys.ENTER)
    prev, txt = answer_after(prev)
    ok(txt.startswith("DITERIMA"), "... and the slip can be redeemed again", txt)

    # a print job from the browser (an admin prints the whole January round)
    driver.set_window_size(1280, 900)
    login("admin")
    driver.get(URL + "/cetak")
    Select(css("select[name=round]")).select_by_value("SEMBAKO-2026/2026-01")
    css("#cetak button[type=submit]").click()
    WebDriverWait(driver, 120, poll_frequency=0.2).until(
        lambda d: "selesai" in d.find_element(By.ID, "tugas").text or "gagal" in d.find_element(By.ID, "tugas").text)
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#tugas ul.unduh a")]
    ok("selesai" in css("#tugas").text and any("kupon-SEMBAKO-2026-2026-01" in l for l in links)
       and any("daftar-SEMBAKO-2026-2026-01-POS-JHB" in l for l in links),
       "a print job: its page follows it to the end and lists the slips and handover lists", css("#tugas").text)
    ok(css("#tugas p.judul-tugas").text == "Kupon dan daftar — Bantuan Sembako Daerah, Januari 2026, seluruh ronde",
       "... named by the program's name and the month in words", css("#tugas p.judul-tugas").text)
    c = w.Client()
    c.cookies = {k["name"]: k["value"] for k in driver.get_cookies()}
    r = c.get(links[0][len(URL):])
    ok(r.status == 200 and r.headers.get("content-type") == "application/pdf" and r.body.startswith("%PDF"),
       "... and its PDF downloads", r.headers)
    r = c.get("/cetak/unduh?id=1&f=../lumbung.db")
    ok(r.status == 400, "... but no other file of the server", r.status)
finally:
    w.quit_chromium(driver)
done()
