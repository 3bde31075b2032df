# Items with pack units, locations with kinds and village codes: what is
# accepted, what is refused (and that a refusal writes nothing).
. "$(dirname "$0")/lib.sh"
plan 91
export LUMBUNG_TODAY=2026-01-05
# CSV output ends lines with CRLF (RFC 4180); compare it without the CR.
crlf() { tr -d '\r' <"$T/out" >"$T/out.lf" && mv "$T/out.lf" "$T/out"; }

lb init
expect_rc 0 "init"

lb item add BERAS --name "Beras medium" --unit kg --pack karung=25 --pack karung50=50 --shelf-life 365
expect_rc 0 "item add with packs and shelf life"
expect_out "added item BERAS (Beras medium), counted in kg; 1 karung = 25 kg, 1 karung50 = 50 kg" "item add says what it made"
lb item add TELUR --name "Telur ayam" --unit butir --pack rak=30 --shelf-life 21
expect_rc 0 "item add TELUR"
lb item add MINYAK --name "Minyak goreng, 1 liter" --unit liter
expect_rc 0 "item add without packs or shelf life (a comma in the name)"

lb item list
expect_rc 0 "item list"
out_has "BERAS   Beras medium" "item list shows the item"
out_has "karung=25 karung50=50" "and its packs"
lb item list --format csv
crlf
expect_out 'code,name,unit,packs,shelf_life_days
BERAS,Beras medium,kg,karung=25 karung50=50,365
MINYAK,"Minyak goreng, 1 liter",liter,,
TELUR,Telur ayam,butir,rak=30,21' "item list --format csv (quoted comma)"
lb item list --format json
expect_rc 0 "item list --format json"
out_has '"code": "TELUR"' "json has the code"
out_has '"shelf_life_days": 21' "json numbers are numbers"

snap
lb item add beras --name "Beras lagi" --unit kg
expect_rc 3 "an item code in use (any case) is refused"
err_has "cannot add item 'beras': item 'BERAS' exists already" "and says which"
unchanged "nothing written after a duplicate item"

lb item add @X --name x --unit kg
expect_rc 2 "codes starting with @ are reserved"
err_has "reserved for the ledger's own accounts" "and says so"
lb item add "BE RAS" --name x --unit kg
expect_rc 2 "a code with a space is refused"
err_has "may hold only letters, digits" "and says what a code may hold"
snap
lb item add GULA --name "" --unit kg
refused 2 "--name is empty" "an empty name is refused"
lb item add GULA --name Gula --unit 1kg
expect_rc 2 "a unit must start with a letter"
err_has "--unit '1kg' must start with a letter" "and says so"
lb item add GULA --name Gula --unit kg --pack karung=0
expect_rc 2 "a pack factor of 0 is refused"
err_has "--pack karung '0' must be greater than zero" "and says so"
lb item add GULA --name Gula --unit kg --pack karung=2.5
expect_rc 2 "a fractional pack factor is refused"
err_has "is not a whole number" "and says so"
snap
lb item add GULA --name Gula --unit kg --pack karung=abc
refused 2 "--pack karung 'abc' is not a whole number" "text as a pack factor is refused"
lb item add GULA --name Gula --unit kg --pack karung
expect_rc 2 "a pack without a factor is refused"
err_has "is not NAME=FACTOR" "and shows the form"
snap
lb item add GULA --name Gula --unit kg --pack kg=1000
refused 2 "--pack kg: that is the base unit already" "a pack named like the base unit is refused"
snap
lb item add GULA --name Gula --unit kg --pack sak=50 --pack SAK=25
refused 2 "--pack SAK is given twice" "the same pack twice is refused"
lb item add GULA --name Gula --unit kg --pack sak=99999999999999999999
expect_rc 2 "an overflowing pack factor is refused"
err_has "too large" "and says so"
snap
lb item add GULA --name Gula --unit kg --shelf-life 0
refused 2 "--shelf-life '0' must be greater than zero" "a shelf life of 0 days is refused"
snap
lb item add GULA --name Gula --unit kg --shelf-life 7x
refused 2 "--shelf-life '7x' is not a whole number" "text as a shelf life is refused"
lb item add GULA --unit kg
expect_rc 2 "--name is required"
err_has "item add: option '--name' is required" "and named"
snap
lb item add GULA --name Gula --unit kg --colour red
refused 2 "item add: unknown option '--colour' (see 'lumbung item add --help')" "an unknown option is a usage error"
unchanged "no refused item wrote anything"

# Locations.
lb location add GD-TGR --kind warehouse --name "Gudang Dinsos Tenggarong" --village 64.02.06.1006
expect_rc 0 "a warehouse with a village"
expect_out "added warehouse GD-TGR (Gudang Dinsos Tenggarong) in village 64.02.06.1006" "location add says what it made"
lb location add TP-LOA --kind point --name "Titik salur Loa Kulu" --village 64.02.07.2001
expect_rc 0 "a distribution point"
lb location add SUP-BULOG --kind supplier --name "Perum BULOG"
expect_rc 0 "a supplier without a village"

snap
lb location add tp-loa --kind point --name again
expect_rc 3 "a location code in use (any case) is refused"
err_has "location 'TP-LOA' exists already" "and says which"
snap
lb location add @SUPPLY --kind supplier --name x
refused 2 "location code '@SUPPLY': codes starting with '@' are reserved for the ledger's own accounts" "@ codes are reserved for locations too"
lb location add TP-X --kind shop --name x
expect_rc 2 "an unknown kind is refused"
err_has "--kind 'shop' is not a kind of location (choose warehouse, point or supplier)" "and lists the kinds"
snap
lb location add TP-X --kind external --name x
refused 2 "--kind 'external' is not a kind of location (choose warehouse, point or supplier)" "the ledger's own kind cannot be made by hand"
lb location add TP-X --kind point --name x --village 6402061006
expect_rc 2 "a village code without dots is refused"
err_has "write the Kemendagri code as NN.NN.NN.NNNN" "and shows the shape"
snap
lb location add TP-X --kind point --name x --village 64.02.06.100
refused 2 "--village '64.02.06.100' is not a village code: write the Kemendagri code as NN.NN.NN.NNNN (e.g. 64.02.06.2001)" "a village code too short is refused"
snap
lb location add TP-X --kind point --name x --village 64.02.O6.1006
refused 2 "--village '64.02.O6.1006' is not a village code: write the Kemendagri code as NN.NN.NN.NNNN (e.g. 64.02.06.2001)" "a letter O for a zero is refused"
snap
lb location add TP-X --name x
refused 2 "location add: option '--kind' is required (see 'lumbung location add --help')" "--kind is required"
unchanged "no refused location wrote anything"

# Once region data has rows, the village must exist there.
sql "INSERT INTO region_province VALUES ('64', 'KALIMANTAN TIMUR');
     INSERT INTO region_regency VALUES ('64.02', '64', 'KUTAI KARTANEGARA');
     INSERT INTO region_district VALUES ('64.02.06', '64.02', 'Tenggarong');
     INSERT INTO region_village VALUES ('64.02.06.1006', '64.02.06', 'Melayu');"
snap
lb location add TP-X --kind point --name x --village 64.02.06.9999
expect_rc 2 "a village missing from the region data is refused"
err_has "--village '64.02.06.9999' is not in the region data" "and says so"
unchanged "and nothing was written"
lb location add TP-MELAYU --kind point --name "Titik salur Melayu" --village 64.02.06.1006
expect_rc 0 "a village in the region data is accepted"

lb location list
expect_rc 0 "location list"
out_has "GD-TGR" "lists the warehouse"
out_lacks "@SUPPLY" "and not the ledger's own accounts"
lb location list --all --format csv
expect_rc 0 "location list --all --format csv"
# CSV neutralises a leading @ (a formula in a spreadsheet), see core/output.h.
out_has "\"'@RECIPIENTS\",external,Penerima manfaat," "--all shows the ledger's own accounts"
out_has "TP-LOA,point,Titik salur Loa Kulu,64.02.07.2001" "and the points with their villages"

# Items and locations are never deleted: the journal refers to them.
if sqlite3 "$LUMBUNG_DB" "DELETE FROM location WHERE code = 'TP-LOA'" 2>/dev/null; then
	echo "not ok - the database refuses to delete a location"
else
	echo "ok - the database refuses to delete a location"
fi
if sqlite3 "$LUMBUNG_DB" "DELETE FROM item WHERE code = 'MINYAK'" 2>/dev/null; then
	echo "not ok - the database refuses to delete an item"
else
	echo "ok - the database refuses to delete an item"
fi
