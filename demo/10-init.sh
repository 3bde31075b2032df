# Chapter 1: a fresh database for the district social office.
set -eu
"$LUMBUNG" init --org "Dinas Sosial Kabupaten Kutai Kartanegara"
