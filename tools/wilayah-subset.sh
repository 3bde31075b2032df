#!/bin/sh
# Regenerate data/wilayah from the full region data for one province, so the
# subset shipped here can be checked against (and rebuilt from) its source.
#
# usage: tools/wilayah-subset.sh PROVINCE [SOURCE_DIR] [DEST_DIR]
#   PROVINCE    two-digit Kemendagri code, e.g. 64 (Kalimantan Timur)
#   SOURCE_DIR  the full idn-area-data CSVs (default ../shared/data/wilayah)
#   DEST_DIR    where the subset goes (default data/wilayah)
#
# Rows are copied byte for byte: only the header and the rows whose code
# (the first field) is PROVINCE or starts with "PROVINCE." are kept. The first
# field is always a bare dotted code, so matching it as a prefix of the line
# is safe even where a later name field holds a quote. LICENSE-ODbL.md is
# copied along; SOURCE.md is written by hand and left alone.
set -eu

usage() {
	echo "usage: $0 PROVINCE [SOURCE_DIR] [DEST_DIR]" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 3 ] || usage
prov=$1
case $prov in
[1-9][0-9]) ;;
*)
	echo "$0: province code '$prov' is not two digits (e.g. 64)" >&2
	exit 2
	;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
src=${2:-$top/../shared/data/wilayah}
dest=${3:-$top/data/wilayah}

for f in provinces regencies districts villages; do
	if [ ! -r "$src/$f.csv" ]; then
		echo "$0: cannot read $src/$f.csv" >&2
		exit 1
	fi
done
if [ ! -r "$src/LICENSE-ODbL.md" ]; then
	echo "$0: cannot read $src/LICENSE-ODbL.md: the subset may not ship without its licence" >&2
	exit 1
fi
mkdir -p "$dest"

# Write next to the target and rename, so an interrupted run never leaves a
# half-written CSV that looks complete.
subset() { # $1 = file name without .csv
	tmp="$dest/.$1.csv.tmp"
	awk -v p="$prov" '
		NR == 1 { print; next }
		index($0, p ",") == 1 || index($0, p ".") == 1 { print; n++ }
		END { if (n == 0) exit 3 }
	' "$src/$1.csv" >"$tmp" || {
		rc=$?
		rm -f "$tmp"
		if [ "$rc" -eq 3 ]; then
			echo "$0: no rows for province $prov in $src/$1.csv" >&2
		else
			echo "$0: cannot write $dest/$1.csv" >&2
		fi
		exit 1
	}
	mv "$tmp" "$dest/$1.csv"
	echo "$dest/$1.csv: $(($(wc -l <"$dest/$1.csv") - 1)) rows"
}

subset provinces
subset regencies
subset districts
subset villages
cp "$src/LICENSE-ODbL.md" "$dest/LICENSE-ODbL.md"
