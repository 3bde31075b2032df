#!/bin/sh
# bench_scan: the scan page and print jobs of `lumbung serve` (issue 13's
# targets on this 2-core machine):
#   - payload scans POSTed to /redeem by 16 concurrent keep-alive clients
#     on loopback (wrk and a Lua script: each request its own slip and its
#     own one-time key): at least 2,000 redemptions/s;
#   - photo scans: a 3000x4000 JPEG of one slip (pdftoppm of the slip's
#     own print), 2 concurrent clients: photos/s, and the server's peak
#     memory (VmHWM);
#   - a print job of the whole round's slips from the browser (/cetak)
#     against `voucher print` of the same round: slips/s within 10%.
# Data: redeem_world (bench/lib.sh): BENCH_SCANS made-up recipients at one
# point, their stock, January 2026 allocated, the slips printed once to
# make the vouchers. The server, wrk and the clients share the 2 cores.
# BENCH_PARTS (default "payload photo print") picks the parts to run:
# BENCH_PARTS=payload BENCH_SECONDS=5 is the quick loop for the scan
# page's speed. The server's CPU is quoted per 1,000 redemptions, the
# figure that does not depend on what else the shared machine runs.
. "$(dirname "$0")/lib.sh"
N=${BENCH_SCANS:-100000}
PARTS=${BENCH_PARTS:-payload photo print}
part() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
PHOTOS=${BENCH_PHOTOS:-16}
B=$OUT/scan
rm -rf "$B"
mkdir -p "$B"
export LUMBUNG_DB="$B/lumbung.db"
export LUMBUNG_KEY="$B/signing.key"
export LUMBUNG_TODAY=2026-01-15
L=$LUMBUNG
echo "  $(nproc) cores; the server and its clients share them; $N recipients"
for need in wrk pdftoppm curl; do
	command -v $need >/dev/null 2>&1 || { echo "  skipped: $need is not installed (make deps)"; exit 0; }
done

redeem_world "$N" "$B"
printf 'bench-rahasia\n' | "$L" user add bench --role penyalur --point TP-KUKAR --password-stdin >/dev/null
printf 'bench-rahasia\n' | "$L" user add kantor --role admin --password-stdin >/dev/null
"$L" redeem payloads --program SEMBAKO-2026 --period 2026-01 --format tsv -o "$B/scans.tsv" >/dev/null
cut -f5 "$B/scans.tsv" >"$B/scans.txt"

# ---- print: the CLI, then the same round from the browser ----
if part print; then
	mkdir -p "$B/cli"
	measure "voucher print, $N slips (CLI)" nice "$L" voucher print --program SEMBAKO-2026 --period 2026-01 \
		-o "$B/cli/kupon.pdf"
	cli_ms=$ms
	cli_peak=$peak_mb
	rate "slips/s (CLI)" "$N"
	rm -rf "$B/cli"
fi

serve_start "$B" "$L"

# login USER JAR: a session; sets $sess and $csrf (of the page PATH in $2)
login() {
	curl -s -c "$B/$1.jar" "$url/login" >"$B/login.html"
	c=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$B/login.html")
	curl -s -b "$B/$1.jar" -c "$B/$1.jar" -H "Origin: $url" --data-urlencode user="$1" \
		--data-urlencode password=bench-rahasia --data-urlencode csrf="$c" -o /dev/null "$url/login"
	sess=$(awk '$6 == "lumbung_sesi" { print $7 }' "$B/$1.jar")
	[ -n "$sess" ] || { echo "bench: could not log in as $1" >&2; exit 1; }
}
# keys PATH FORM: csrf and a one-time key of FORM on PATH
keys() {
	curl -s -b "lumbung_sesi=$sess" "$url$1" >"$B/page.html"
	csrf=$(tr '<' '\n' <"$B/page.html" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
	idem=$(sed -n "s/.*<form id=\"$2\".*name=\"idem\" value=\"\([0-9a-f]*\)\".*/\1/p" "$B/page.html" | head -n 1)
}

# ---- payload scans: 16 clients ----
login bench
if part payload; then
keys /redeem pindai
cat >"$B/scan.lua" <<LUA
-- each thread scans its own share of the round's slips, each request
-- with a fresh one-time key (64 hex digits)

local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
local lines = {}
local n = 0
local function enc(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function init(args)
  local i = 0
  for l in io.lines("$B/scans.txt") do
    if (i % 2) == (tid or 0) then
      n = n + 1
      lines[n] = enc(l)
    end
    i = i + 1
  end
  math.randomseed(os.time() + tid * 7919)
end
local k = 0
local hex = "0123456789abcdef"
local function key()
  local t = {}
  for j = 1, 64 do
    local r = math.random(1, 16)
    t[j] = hex:sub(r, r)
  end
  return table.concat(t)
end
request = function()
  k = k % n + 1
  local body = "csrf=$csrf&point=TP-KUKAR&idem=" .. key() .. "&payload=" .. lines[k]
  return wrk.format("POST", "/redeem", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = "$url",
    ["Cookie"] = "lumbung_sesi=$sess" }, body)
end
LUA
before=$(sqlite3 "$LUMBUNG_DB" "SELECT count(*) FROM redemption")
cpu0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
[ -n "${BENCH_PERF:-}" ] && { perf record -g -o "$B/perf.data" -p $pid -- sleep 4 >/dev/null 2>&1 & }
wrk -t2 -c16 -d${BENCH_SECONDS:-10}s --timeout 10s --latency -s "$B/scan.lua" "$url/redeem" >"$B/wrk.out" 2>&1 || {
	echo "bench: wrk failed" >&2
	cat "$B/wrk.out" >&2
	exit 1
}
cpu1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
after=$(sqlite3 "$LUMBUNG_DB" "SELECT count(*) FROM redemption")
secs=$(awk '/requests in/ { v = $(NF - 2); sub(/,$/, "", v); sub(/s$/, "", v); print v }' "$B/wrk.out")
rps=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$B/wrk.out")
p99=$(awk '$1 == "99%" { print $2 }' "$B/wrk.out")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$B/wrk.out")
awk -v r=$((after - before)) -v s="$secs" -v q="$rps" -v p="$p99" -v x="${non2xx:-0}" 'BEGIN {
	printf "  %-44s %8d /s   (%d in %.1f s; %d req/s, p99 %s, %d refused)   target: >= 2000/s %s\n",
		"redemptions over HTTP, 16 clients", r / s, r, s, q, p, x, (r / s >= 2000 ? "met" : "MISSED") }'
awk -v c=$((cpu1 - cpu0)) -v r=$((after - before)) -v hz="$(getconf CLK_TCK)" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
	printf "  %-44s %8.2f s    (%.3f s per 1,000 redemptions; load average %s)\n", "server CPU", c / hz,
		c / hz / (r / 1000), l }'
"$L" verify --journal-only >/dev/null && echo "  verify: the ledger checks after the scans"
fi

# ---- photos: a phone-sized JPEG of one slip, 2 clients ----
if part photo; then
# the round's last slips, which the payload run did not reach (each wrk
# thread starts at the beginning of its half)
mkdir -p "$B/photos"
n=0
for serial in $(tail -n "$PHOTOS" "$B/scans.tsv" | cut -f1); do
	n=$((n + 1))
	"$L" voucher print --program SEMBAKO-2026 --period 2026-01 --serial "$serial" --per-page 1 \
		-o "$B/photos/$n.pdf" >/dev/null
	pdftoppm -jpeg -jpegopt quality=85 -scale-to-x 3000 -scale-to-y 4000 -singlefile "$B/photos/$n.pdf" \
		"$B/photos/$n" 2>/dev/null
	rm -f "$B/photos/$n.pdf"
done
size=$(du -k "$B/photos/1.jpg" | cut -f1)
keys /redeem pindai
cat >"$B/photos.py" <<PY
import http.client, os, re, sys, threading, time, uuid
url = "$url"[len("http://"):]
sess = "$sess"
files = sorted(os.listdir("$B/photos"), key=lambda f: int(f.split(".")[0]))
res = []
def client(part):
    c = http.client.HTTPConnection(url, timeout=120)
    h = {"Cookie": "lumbung_sesi=" + sess}
    for f in part:
        c.request("GET", "/redeem?point=TP-KUKAR", headers=h)
        page = c.getresponse().read().decode()
        form = re.search(r'<form id="pindai".*?</form>', page, re.S).group(0)
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
        idem = re.search(r'name="idem" value="([0-9a-f]+)"', form).group(1)
        b = "----b" + uuid.uuid4().hex
        body = b""
        for k, v in (("csrf", csrf), ("idem", idem), ("point", "TP-KUKAR")):
            body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode()
        body += ("--%s\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n\r\n" % b).encode()
        body += open(os.path.join("$B/photos", f), "rb").read() + ("\r\n--%s--\r\n" % b).encode()
        c.request("POST", "/redeem", body=body, headers=dict(h, **{"Content-Type": "multipart/form-data; boundary=" + b,
                                                                     "Origin": "$url"}))
        r = c.getresponse().read().decode()
        res.append("DITERIMA" in r)
t0 = time.time()
ts = [threading.Thread(target=client, args=(files[i::2],)) for i in range(2)]
[t.start() for t in ts]
[t.join() for t in ts]
dt = time.time() - t0
print("%d %d %.2f" % (len(res), sum(res), dt))
PY
cpu0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
set -- $(/usr/bin/python3 "$B/photos.py")
cpu1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
awk -v n="$1" -v a="$2" -v s="$3" -v kb="$size" -v c=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {
	printf "  %-44s %8.2f /s   (%d photos of %d KB, %d DITERIMA, in %.1f s; server CPU %.1f s, %.2f s a photo)\n",
		"photo scans 3000x4000 JPEG, 2 clients", n / s, n, kb, a, s, c / hz, c / hz / n }'
rss=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
printf '  %-44s %8d MB\n' "server peak memory (VmHWM) after the scans" "$rss"
fi

# ---- the print job from the browser ----
if part print; then
login kantor
keys /cetak cetak
t0=$(date +%s.%N)
loc=$(curl -s -o /dev/null -w '%{redirect_url}' -b "lumbung_sesi=$sess" -H "Origin: $url" \
	--data-urlencode csrf="$csrf" --data-urlencode idem="$idem" --data-urlencode round=SEMBAKO-2026/2026-01 \
	--data-urlencode what=1 --data-urlencode per_page=8 "$url/cetak/mulai")
[ -n "$loc" ] || { echo "bench: the print job did not start" >&2; exit 1; }
while :; do
	curl -s -b "lumbung_sesi=$sess" "$loc" >"$B/job.html"
	grep -q 'class="keadaan">selesai<' "$B/job.html" && break
	grep -q 'class="keadaan">gagal<' "$B/job.html" && { echo "bench: the print job failed" >&2; cat "$B/job.html" >&2; exit 1; }
	sleep 0.2
done
t1=$(date +%s.%N)
web_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
printf '  %-44s %8d ms\n' "print job, $N slips (browser, polled)" "$web_ms"
awk -v n="$N" -v w="$web_ms" -v c="$cli_ms" 'BEGIN {
	printf "  %-44s %8d /s   CLI %d /s: %+.1f%%, target within 10%% %s\n", "slips/s (browser)", n * 1000 / w,
		n * 1000 / c, (c / w - 1) * 100, (w <= c * 1.1 ? "met" : "MISSED") }'
rm -rf "$LUMBUNG_DB.web/cetak"

rss=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
printf '  %-44s %8d MB   (the CLI print: %d MB)\n' "server peak memory after the print job" "$rss" "$cli_peak"
fi
kill -TERM $pid
wait $pid 2>/dev/null || true
trap - EXIT
[ -n "${BENCH_KEEP:-}" ] || [ -n "${BENCH_PERF:-}" ] || rm -rf "$B"
