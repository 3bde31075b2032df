# Workbooks and CSV for people (issue 15): percentages, dates and
# quantities are numbers with formats (read back from the sheet XML, not
# by searching the file), short chosen sheet names, the filter over the
# data rows only with the totals outside, print setup; CSV for Excel with
# a BOM and semicolons, beside the machine CSV.
. "$(dirname "$0")/lib.sh"
plan 19
. "$(dirname "$0")/reports_setup.sh"
rpsetup
export LUMBUNG_TODAY=2026-01-20
R="--program SEMBAKO-2026 --period 2026-01"

lb report distribution $R -o "$T/dist.xlsx"
expect_rc 0 "the realisation workbook"
lb report recipients $R -o "$T/rcp.xlsx"
expect_rc 0 "the recipients workbook"
python3 - "$T/dist.xlsx" "$T/rcp.xlsx" <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
def ok(cond, what):
    print(("ok - " if cond else "not ok - ") + what)
def book(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {n.get("numFmtId"): n.get("formatCode") for n in styles.iter("{%s}numFmt" % NS["m"])}
    xfs = [x.get("numFmtId") for x in styles.find("m:cellXfs", NS)]
    shared = [ "".join(t.itertext()) for t in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
    sheets = {}
    for s in wb.find("m:sheets", NS):
        x = ET.fromstring(z.read("xl/" + target[s.get(RID)]))
        cells = {}
        for c in x.iter("{%s}c" % NS["m"]):
            v = c.find("m:v", NS)
            fmt = fmts.get(xfs[int(c.get("s", "0"))], "") if c.get("s") else ""
            val = None if v is None else (shared[int(v.text)] if c.get("t") == "s" else v.text)
            cells[c.get("r")] = (c.get("t", "n"), val, fmt)
        af = x.find("m:autoFilter", NS)
        setup = x.find("m:pageSetup", NS)
        fit = x.find("m:sheetPr/m:pageSetUpPr", NS)
        sheets[s.get("name")] = (cells, None if af is None else af.get("ref"), setup, fit)
    names = wb.find("m:definedNames", NS)
    titles = [d.text for d in names if d.get("name") == "_xlnm.Print_Titles"] if names is not None else []
    return sheets, titles
sheets, titles = book(sys.argv[1])
ok(all(len(n) <= 31 and "  " not in n for n in sheets), "sheet names are short, without double spaces")
ok("Anggaran" in sheets and "Per kecamatan" in sheets and "Harga di atas kontrak" in sheets, "chosen names")
cells, af, setup, fit = sheets["Per kecamatan"]
pct = [c for c in cells.values() if c[2] == "0.00%"]
ok(pct and all(c[0] == "n" and 0 <= float(c[1]) <= 2 for c in pct), "percentages are numbers in 0.00%")
qty = [c for c in cells.values() if c[2] == "#,##0"]
ok(qty and all(c[0] == "n" for c in qty), "counts are numbers in #,##0")
jumlah = [r for r, c in cells.items() if c[1] == "JUMLAH"]
ok(jumlah, "a JUMLAH row")
row = int(re.sub(r"[A-Z]", "", jumlah[0]))
last = int(af.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
ok(last == row - 1, "the filter ends above the totals (%s, JUMLAH in row %d)" % (af, row))
ok(setup is not None and setup.get("paperSize") == "9", "printed on A4")
ok(setup is not None and setup.get("fitToHeight") == "0", "fit to the page's width")
ok(fit is not None and fit.get("fitToPage") == "1", "fit to page is on")
ok(any("Per kecamatan" in t and "$6:$6" in t for t in titles), "the header row repeats on every page")
sheets, titles = book(sys.argv[2])
cells, af, setup, fit = sheets["Penerima"]
days = [c for c in cells.values() if c[2] == "d mmmm yyyy"]
ok(days and all(c[0] == "n" and float(c[1]) == 46037 for c in days), "dates are Excel dates (46037 = 15 Januari 2026) in d mmmm yyyy")
PY

lb report distribution $R --format csv --excel -o "$T/excel.csv"
expect_rc 0 "CSV for Excel"
head -c 3 "$T/excel.csv" | od -An -tx1 | tr -d ' \n' | grep -qx efbbbf && echo "ok - it starts with a BOM" || echo "not ok - it starts with a BOM"
grep -qF 'Realisasi periode ini;Rp719.000' "$T/excel.csv" && echo "ok - semicolons between cells" || echo "not ok - semicolons between cells"
lb report distribution $R --format csv -o "$T/plain.csv"
head -c 3 "$T/plain.csv" | od -An -tx1 | tr -d ' \n' | grep -qx efbbbf && echo "not ok - the usual CSV has no BOM" || echo "ok - the usual CSV has no BOM"
grep -qF 'Realisasi periode ini,Rp719.000' "$T/plain.csv" && echo "ok - and commas" || echo "not ok - and commas"
lb settings office.csv_excel yes >/dev/null
lb report distribution $R --format csv -o "$T/set.csv"
grep -qF 'Realisasi periode ini;Rp719.000' "$T/set.csv" && echo "ok - the setting makes it the default" || echo "not ok - the setting makes it the default"
