# Chapter 1b: the office's paper. Dinas Sosial Kabupaten Kutai Kartanegara
# sets its kop surat (with a logo), where it signs, who signs what, and how
# it numbers its documents; every document the demo prints carries them.
set -eu
L=$LUMBUNG
s() { $L settings "$1" "$2" >/dev/null; }
s office.kop.pemerintah "PEMERINTAH KABUPATEN KUTAI KARTANEGARA"
s office.kop.dinas "DINAS SOSIAL"
s office.kop.alamat "Jl. Wolter Monginsidi No. 1, Tenggarong, Kutai Kartanegara, Kalimantan Timur 75511"
s office.kop.telepon "(0541) 661234"
s office.kop.email "dinsos@kukarkab.go.id"
s office.place Tenggarong
s office.paper A4
s office.signer.kepala_dinas.name "Drs. H. Ahmad Taufik Hidayat, M.Si"
s office.signer.kepala_dinas.nip "19690512 199403 1 007"
s office.signer.kepala_dinas.jabatan "Kepala Dinas Sosial Kabupaten Kutai Kartanegara"
s office.signer.ppk.name "Siti Rahmawati, S.E., M.M."
s office.signer.ppk.nip "19780214 200501 2 011"
s office.signer.bendahara.name "Yusuf Hamdani, S.Ak."
s office.signer.bendahara.nip "19850903 201001 1 004"
s office.signer.petugas.name "Rudi Hartono"
s office.signer.petugas.nip "19800101 200604 1 001"
s office.signer.pengurus_barang.name "Andi Saputra, A.Md."
s office.signer.pengurus_barang.nip "19870722 201101 1 002"
s office.number.bast "{seq:3}/BAST-{program}/Dinsos/{bulan-romawi}/{tahun}"
s office.number.handover "{seq:3}/DSP-{program}/Dinsos/{bulan-romawi}/{tahun}"
s office.number.opname "{seq:3}/BA-SO/{lokasi}/{bulan-romawi}/{tahun}"
# A logo for the kop: a plain emblem drawn here (an office uses its own).
python3 - "$DEMO/logo.png" <<'PY'
import struct, sys, zlib
n = 96
rows = []
for y in range(n):
    row = bytearray([0])
    for x in range(n):
        dx, dy = x - n / 2 + 0.5, y - n / 2 + 0.5
        r2 = dx * dx + dy * dy
        if r2 < (n / 2 - 2) ** 2 and r2 > (n / 2 - 9) ** 2:
            row += bytes((20, 90, 40))      # green ring
        elif abs(dx) < 6 and abs(dy) < 30 or abs(dy) < 6 and abs(dx) < 30:
            row += bytes((200, 150, 20))    # a gold cross of rice
        else:
            row += bytes((255, 255, 255))
    rows.append(bytes(row))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
$L settings-logo "$DEMO/logo.png" >/dev/null
echo "office paper set: kop surat with logo, Tenggarong, signatories, numbering"
