"""webtest.py - small helpers for the web tests: TAP lines, a browser-like
client over http.client (cookies, the login form's CSRF token), and the
database dump that proves a refused request changed nothing."""
import http.client
import os
import re
import subprocess
import sys
import urllib.parse
import uuid

URL = os.environ["WEB_URL"]
HOSTPORT = urllib.parse.urlsplit(URL).netloc
DB = os.environ["LUMBUNG_DB"]
LUMBUNG = os.environ["LUMBUNG"]

_n = 0
_failed = 0


def ok(cond, desc, evidence=""):
    global _n, _failed
    _n += 1
    if cond:
        print("ok - " + desc)
    else:
        _failed += 1
        print("not ok - " + desc)
        for line in str(evidence).splitlines()[:30]:
            print("#   " + line)
    sys.stdout.flush()
    return cond


def done():
    print("1..%d" % _n)
    sys.exit(1 if _failed else 0)


def dump():
    return subprocess.run(["sqlite3", DB, ".dump"], capture_output=True, text=True, check=True).stdout


def cli(*args, stdin=None):
    return subprocess.run([LUMBUNG] + list(args), capture_output=True, text=True, input=stdin)


def multipart(fields, files=()):
    """A multipart/form-data body of fields and (name, filename, bytes)
    files, and its Content-Type."""
    b = "----lumbung" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (b, k)).encode() + \
            (v.encode() if isinstance(v, str) else v) + b"\r\n"
    for k, fn, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n" % (b, k, fn)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


class Resp:
    def __init__(self, r):
        self.status = r.status
        self.headers = {k.lower(): v for k, v in r.getheaders()}
        self.cookies = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
        self.body = r.read().decode("utf-8", "replace")

    def __repr__(self):
        return "status %d\n%s\n%s" % (self.status, self.headers, self.body[:1500])


class Client:
    """One browser: its cookies, and the CSRF token of the last page."""

    def __init__(self):
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, fields=None, origin=True, headers=None, body=None):
        c = http.client.HTTPConnection(HOSTPORT, timeout=30)
        h = {"Host": HOSTPORT}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if method == "POST":
            if origin is True:
                h["Origin"] = URL
            elif origin:
                h["Origin"] = origin
            if body is None:
                body = urllib.parse.urlencode(fields or {}, doseq=True)
                h["Content-Type"] = "application/x-www-form-urlencoded"
        if headers:
            h.update(headers)
        c.request(method, path, body=body, headers=h)
        r = Resp(c.getresponse())
        c.close()
        for sc in r.cookies:
            name, _, rest = sc.partition("=")
            value = rest.split(";")[0]
            if "Max-Age=0" in sc:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', r.body)
        if m:
            self.csrf = m.group(1)
        return r

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, with_csrf=True, origin=True):
        f = dict(fields)
        if with_csrf and "csrf" not in f:
            f["csrf"] = self.csrf or ""
        return self.request("POST", path, f, origin=origin)

    def login(self, user, password):
        self.get("/login")
        return self.post("/login", {"user": user, "password": password})


def logged_in(user):
    c = Client()
    r = c.login(user, "rahasia-" + user)
    if r.status != 303 or r.headers.get("location") != "/":
        raise SystemExit("not ok - setup: login as %s failed: %r" % (user, r))
    c.get("/")
    return c


def chromium(downloads=None, width=360, height=780):
    """A headless Debian chromium through chromedriver, as the browser
    tests drive it, with a profile of its own (removed by quit_chromium).
    downloads: a directory that files the pages send as attachments are
    saved into without asking."""
    import tempfile
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    profile = tempfile.mkdtemp(prefix="lumbung-chrome.")
    opts = webdriver.ChromeOptions()
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--user-data-dir=" + profile]:
        opts.add_argument(a)
    if downloads:
        opts.add_experimental_option("prefs", {"download.default_directory": downloads,
                                               "download.prompt_for_download": False,
                                               "plugins.always_open_pdf_externally": True})
    opts.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    d.lumbung_profile = profile
    d.set_page_load_timeout(60)
    d.set_window_size(width, height)
    return d


def quit_chromium(d):
    import shutil
    try:
        d.quit()
    finally:
        shutil.rmtree(d.lumbung_profile, ignore_errors=True)


def wait_file(directory, suffix, before, timeout=30):
    """The path of a file ending in suffix that appeared in directory
    and is complete (chromium writes .crdownload first); None at timeout."""
    import time
    end = time.time() + timeout
    while time.time() < end:
        names = [n for n in os.listdir(directory) if n.endswith(suffix) and n not in before]
        if names and not any(n.endswith(".crdownload") for n in os.listdir(directory)):
            return os.path.join(directory, names[0])
        time.sleep(0.05)
    return None
