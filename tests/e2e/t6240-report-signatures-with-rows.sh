# no signature block alone on a page (issue 15): the streamed reports hold
# back the last rows of their last table and carry them over with the
# signatures when these do not fit below them. The stock report grows an
# item at a time, so its last table ends at every height of the page; at
# each one, every page showing a signatory also shows rows of the table.
. "$(dirname "$0")/lib.sh"
plan 2
export LUMBUNG_TODAY=2026-01-20
run() { "$LUMBUNG" "$@" >"$T/setup.out" 2>&1 || { echo "not ok - setup: lumbung $*"; sed 's/^/#   /' "$T/setup.out"; exit 1; }; }
run init --org "Dinas Sosial Kabupaten Kutai Kartanegara"
run settings office.place Tenggarong
run settings office.signer.kepala_dinas.name "Drs. H. Ahmad Taufik, M.Si"
run settings office.signer.ppk.name "Siti Rahmawati, S.E."
run settings office.signer.bendahara.name "Yusuf Hamdani"
run settings office.signer.pengurus_barang.name "Andi Saputra"
# four blocks, two of them "Mengetahui": the tallest tail the report has
run settings office.stock.signers "pengurus_barang,bendahara,ppk,kepala_dinas"
run location add GD-TGR --kind warehouse --name "Gudang Dinsos Tenggarong"
run location add SUP-BULOG --kind supplier --name "Perum BULOG"

# PAGE: does the page with the signatories show rows of the table?
signed_alone=0 cases=0 carried=0
i=0
while [ $i -lt "${T6240_ITEMS:-75}" ]; do
	i=$((i + 1))
	code=$(printf 'ITM%03d' $i)
	run item add "$code" --name "Barang $i" --unit kg
	run stock receive --to GD-TGR --from SUP-BULOG --item "$code" --qty 5 --lot "L$code" --expiry 2026-12-31 --unit-cost 1000 --ref SJ/1 --date 2026-01-02
	[ $i -ge "${T6240_FROM:-20}" ] || continue
	"$LUMBUNG" report stock --period 2026-01 -o "$T/s$i.pdf" >"$T/out" 2>"$T/err" \
		|| { echo "not ok - the stock report with $i items"; sed 's/^/#   /' "$T/err"; continue; }
	n=$(pdfinfo "$T/s$i.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	cases=$((cases + 1))
	for p in $(seq 1 "$n"); do
		pdftotext -f "$p" -l "$p" "$T/s$i.pdf" "$T/page.txt" 2>/dev/null
		grep -qE "Andi Saputra|Yusuf Hamdani|Mengetahui" "$T/page.txt" || continue
		if ! grep -qE "^ITM[0-9]{3}$|\(ITM[0-9]{3}\)" "$T/page.txt"; then
			echo "# $i items: page $p of $n has the signatures and no row"
			signed_alone=$((signed_alone + 1))
			cp "$T/s$i.pdf" "${T6240_KEEP:-$T}/alone-$i.pdf" 2>/dev/null
		elif [ "$p" -gt 1 ] && grep -qF "(lanjutan)" "$T/page.txt"; then
			carried=$((carried + 1))
		fi
		# the whole block on one page
		grep -qF "Andi Saputra" "$T/page.txt" && grep -qF "Drs. H. Ahmad Taufik, M.Si" "$T/page.txt" \
			|| echo "not ok - $i items: page $p has only part of the signature block"
	done
	[ -n "${T6240_KEEP:-}" ] && cp "$T/s$i.pdf" "$T6240_KEEP/s$i.pdf"
done
[ $signed_alone = 0 ] && echo "ok - no page of $cases stock reports has signatures without rows" \
	|| echo "not ok - $signed_alone of $cases stock reports have a page of signatures without rows"
# the sizes tried run the table over pages: signatures stood on a continued
# page ("(lanjutan)"), where before the change some stood there alone
[ $carried -ge 1 ] && echo "ok - signatures on a continued page with rows ($carried reports)" \
	|| echo "not ok - no report needed its signatures carried over: the test did not reach the case"
