# Slips a recipient can read (issue 15): the whole package on every slip
# with each quantity beside its unit, its value, where and until when to
# collect, "Bawa kupon ini dan KTP", that it is free and not for sale; a
# reissued slip marked PENGGANTI with the serial it replaces, printed
# alone at its size on a sheet of the round's layout; every QR decodes.
. "$(dirname "$0")/lib.sh"
plan 28
. "$(dirname "$0")/reports_setup.sh"
rpsetup
R="--program SEMBAKO-2026 --period 2026-01"

count() { # count FILE TEXT: how often TEXT stands in FILE, its lines joined
	tr '\n' ' ' <"$1" | grep -oF -- "$2" | wc -l | tr -d ' '
}

lb voucher print $R -o "$T/slips.pdf" --force # setup printed the round here
expect_rc 0 "the round prints"
out_has "printed 6 slips on 3 pages in 1 file:" "8 a page, a sheet per village"
pdftotext "$T/slips.pdf" "$T/slips.txt" 2>/dev/null
# a line of the package ends only after an item: never a number without its unit
# (a serial is not a quantity: serials are random, and pdftotext may put one
# at the end of a package line when it stands level with it)
sed -E 's/ ?[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$//' "$T/slips.txt" |
	grep -E '^(Isi paket: )?.*[0-9]$' | grep -v "^[0-9A-Z-]*$\|^6402\|Rp\|Januari 2026$" | grep -q . \
	&& echo "not ok - no quantity is split from its unit" || echo "ok - no quantity is split from its unit"
for want in "Isi paket: Beras medium 10 kg, Minyak goreng 2 liter" "Nilai paket" "Rp176.000" \
	"Bawa kupon ini dan KTP saat mengambil paket." \
	"Gratis, tidak dipungut biaya, tidak untuk diperjualbelikan." "s.d. 31 Januari 2026" \
	"Tanda tangan / cap jempol penerima" "Petugas (nama, paraf)" "Bantuan Sembako Daerah"; do
	[ "$(count "$T/slips.txt" "$want")" = 6 ] && echo "ok - every slip shows '$want'" \
		|| echo "not ok - every slip shows '$want' ($(count "$T/slips.txt" "$want") of 6)"
done
grep -qF "Jahab, Kec. Tenggarong" "$T/slips.txt" && echo "ok - village and district" || echo "not ok - village and district"
grep -qF "Kantor Desa Jahab" "$T/slips.txt" && echo "ok - where to collect" || echo "not ok - where to collect"
# Abdul Karim's slip was reissued during setup: the round's print marks it
old=$(sql "SELECT o.serial FROM voucher o JOIN voucher n ON n.replaces_id = o.id")
grep -qF "PENGGANTI" "$T/slips.txt" && echo "ok - the reissued slip is marked PENGGANTI" \
	|| echo "not ok - the reissued slip is marked PENGGANTI"
[ "$(count "$T/slips.txt" "PENGGANTI")" = 1 ] && echo "ok - only that one" || echo "not ok - only that one"
grep -q "^mengganti [0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]$\|mengganti [0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]" "$T/slips.txt" \
	&& echo "ok - with the serial it replaces" || echo "not ok - with the serial it replaces"
[ -n "$old" ] || echo "not ok - setup has a reissued voucher"
grep -qx "mengganti [0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]" "$T/slips.txt" && echo "ok - the old serial whole, not cut" \
	|| echo "not ok - the old serial whole, not cut"

# every label and value at 8 pt or more on the 8-a-page sheet: pdffonts
# cannot say sizes, so read them from the text's layout with -bbox
pdftotext -bbox "$T/slips.pdf" "$T/slips.html" 2>/dev/null
python3 - "$T/slips.html" <<'PY' && echo "ok - labels are at least 8 pt high" || echo "not ok - labels are at least 8 pt high"
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
bad = 0
seen = set()
# the header lines, "No. kupon", the box captions and the old serial too
words = ("Nama", "NIK", "Desa/Kel.", "Ambil", "Isi", "Bawa", "Gratis,", "Dinas", "Sembako", "No.",
             "Tanda", "Petugas", "mengganti")
for word in words:
    for m in re.finditer(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word) + '</word>', t):
        # DejaVu's box is about 1.16 em high: 8 pt text gives 9.3 pt
        if float(m.group(2)) - float(m.group(1)) < 9.2:
            bad += 1
            print("# %s is %.1f pt high" % (word, float(m.group(2)) - float(m.group(1))))
        seen.add(word)
bad += len(set(words) - seen)
sys.exit(1 if bad else 0)
PY

# every code decodes
pdftoppm -r 150 -png "$T/slips.pdf" "$T/png" 2>/dev/null
[ "$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/png-*.png 2>/dev/null | wc -l)" -eq 6 ] \
	&& echo "ok - zbarimg reads all 6 codes" || echo "not ok - zbarimg reads all 6 codes"
[ "$(ZXingReader -format QRCode -1 "$T"/png-*.png 2>/dev/null | grep -c QRCode)" -eq 6 ] \
	&& echo "ok - ZXingReader reads all 6 codes" || echo "not ok - ZXingReader reads all 6 codes"

# reissue -o: one slip at its size on a sheet of the round's layout
budi=$("$LUMBUNG" redeem payloads $R --format tsv | awk -F'\t' '$4 == "Siti Aminah" { print $1 }')
lb voucher reissue "$budi" --reason rusak -o "$T/one.pdf"
expect_rc 0 "a reissue writes the new slip"
pdftotext "$T/one.pdf" "$T/one.txt" 2>/dev/null
grep -qF "PENGGANTI" "$T/one.txt" && echo "ok - marked PENGGANTI" || echo "not ok - marked PENGGANTI"
grep -qF "mengganti $budi" "$T/one.txt" && echo "ok - naming the serial it replaces" || echo "not ok - naming the serial it replaces"
[ "$(count "$T/one.txt" "Isi paket: Beras medium 10 kg, Minyak goreng 2 liter")" = 1 ] && echo "ok - with the whole package" \
	|| echo "not ok - with the whole package"
pdftotext -bbox "$T/one.pdf" - 2>/dev/null | python3 -c '
import re, sys
t = sys.stdin.read()
ys = [float(m) for m in re.findall(r"<word xMin=\"[\d.]+\" yMin=\"[\d.]+\" xMax=\"[\d.]+\" yMax=\"([\d.]+)\"", t)]
# the 8-a-page cell is a quarter of the sheet high
sys.exit(0 if ys and max(ys) < 842 / 4 else 1)' && echo "ok - at the size of the round's slips, in the first cell" \
	|| echo "not ok - at the size of the round's slips, in the first cell"
pdftoppm -r 150 -png "$T/one.pdf" "$T/one" 2>/dev/null
[ "$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$T"/one-*.png 2>/dev/null | wc -l)" -eq 1 ] \
	&& echo "ok - its code decodes" || echo "not ok - its code decodes"
lb settings office.slip_per_page 4 >/dev/null
dewi=$("$LUMBUNG" redeem payloads $R --format tsv | awk -F'\t' '$4 == "=1+1 Rina Wati" { print $1 }')
lb voucher reissue "$dewi" --reason rusak -o "$T/four.pdf"
pdftotext -bbox "$T/four.pdf" - 2>/dev/null | python3 -c '
import re, sys
t = sys.stdin.read()
ys = [float(m) for m in re.findall(r"<word xMin=\"[\d.]+\" yMin=\"[\d.]+\" xMax=\"[\d.]+\" yMax=\"([\d.]+)\"", t)]
sys.exit(0 if ys and 842 / 4 < max(ys) < 842 / 2 else 1)' && echo "ok - with the setting at 4, at the 4-a-page size" \
	|| echo "not ok - with the setting at 4, at the 4-a-page size"
