# round.sh — the round the reconciliation and web benchmarks run on, as
# bench_reconcile.sh describes it: `lumbung init`, then SQL through the
# sqlite3 shell (the region data, a point per district of Kutai
# Kartanegara, N recipients, a January round allocated, slipped and 95%
# redeemed, revocations, reissues and refused attempts). Source it after
# lib.sh.
#   round_setup DIR N   init $LUMBUNG_DB and write DIR/fill.sql; then
#                       sqlite3 "$LUMBUNG_DB" ".read DIR/fill.sql" fills it
round_setup() {
B=$1
N=$2
L=$LUMBUNG
W=$top/data/wilayah
"$L" init --org "Dinas Sosial Kabupaten Kutai Kartanegara" >/dev/null
for f in provinces regencies districts villages; do
	tail -n +2 "$W/$f.csv" >"$B/$f.rows"
done

# The set-up, in one transaction with the journal off: it is thrown away.
cat >"$B/fill.sql" <<EOF
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-262144;
.mode csv
.import $B/provinces.rows region_province
.import $B/regencies.rows region_regency
.import $B/districts.rows region_district
.import $B/villages.rows region_village
.mode list
BEGIN;
CREATE TEMP TABLE vil AS SELECT row_number() OVER (ORDER BY code) - 1 AS n, code, district_code
 FROM region_village WHERE code LIKE '64.02.%';
INSERT INTO item(id, code, name, unit, created_at) VALUES
 (1, 'BERAS', 'Beras medium', 'kg', '2025-12-01T00:00:00Z'),
 (2, 'MINYAK', 'Minyak goreng', 'liter', '2025-12-01T00:00:00Z'),
 (3, 'TELUR', 'Telur ayam', 'butir', '2025-12-01T00:00:00Z'),
 (4, 'IKAN', 'Ikan kaleng', 'kaleng', '2025-12-01T00:00:00Z');
INSERT INTO location(code, kind, name, village, created_at)
 SELECT 'TP-' || replace(code, '.', ''), 'point', 'Titik salur ' || name,
  (SELECT min(v.code) FROM region_village v WHERE v.district_code = d.code), '2025-12-01T00:00:00Z'
 FROM region_district d WHERE code LIKE '64.02.%';
CREATE TEMP TABLE dpoint AS SELECT d.code AS district, l.id AS point_id
 FROM region_district d JOIN location l ON l.code = 'TP-' || replace(d.code, '.', '');
INSERT INTO lot(id, item_id, code, unit_cost, received_on) VALUES
 (1, 1, 'BRS-2601', 14000, '2026-01-02'), (2, 2, 'MYK-2601', 18000, '2026-01-02'),
 (3, 3, 'TLR-2601', 2000, '2026-01-02'), (4, 4, 'IKN-2601', 12000, '2026-01-02');
INSERT INTO recipient(id, nik, name, sex, birth_date, village, category, token, created_at)
 WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N)
 SELECT i, printf('6402%012d', i), 'Penerima ' || i, CASE i % 2 WHEN 0 THEN 'L' ELSE 'P' END,
  '1950-01-01', (SELECT code FROM vil WHERE n = i % (SELECT count(*) FROM vil)), 'lansia',
  printf('%016x', i), '2025-12-01T00:00:00Z'
 FROM s;
INSERT INTO program(id, code, name, monthly_value, round_months, quota, funding, first_period, last_period, created_at)
 VALUES (1, 'SEMBAKO-2026', 'Bantuan Sembako Daerah', 300000, 1, $N, 'APBD', '2026-01', '2026-12', '2025-12-01T00:00:00Z');
INSERT INTO program_package VALUES (1, '2026-01', 1, 10, 14000), (1, '2026-01', 2, 2, 18000),
 (1, '2026-01', 3, 30, 2000), (1, '2026-01', 4, 5, 12000);
INSERT INTO allocation(id, program_id, period, recipient_id, point_id, rank, created_at)
 SELECT r.id, 1, '2026-01', r.id, p.point_id, r.id, '2025-12-20T00:00:00Z'
 FROM recipient r JOIN region_village v ON v.code = r.village JOIN dpoint p ON p.district = v.district_code;
INSERT INTO voucher(id, allocation_id, serial, last_day, created_at)
 SELECT id, id, id, '2026-01-31', '2025-12-21T00:00:00Z' FROM allocation;
INSERT INTO redemption(id, voucher_id, allocation_id, point_id, day, redeemed_at, operator, proxy_name, source)
 SELECT a.id, a.id, a.id, a.point_id, printf('2026-01-%02d', 5 + a.id % 20), '2026-01-10T02:00:00Z', 'petugas',
  CASE WHEN a.id % 10 = 3 THEN 'Wakil ' || a.id END, 'scan'
 FROM allocation a WHERE a.id % 20 <> 0;
INSERT INTO movement(id, kind, day, item_id, lot_id, from_id, to_id, qty, redemption_id, operator, posted_at, hash)
 SELECT (x.id - 1) * 4 + k.i, 'issue', x.day, k.i, k.i, x.point_id, 2, k.q, x.id, 'petugas',
  '2026-01-10T02:00:00Z', zeroblob(32)
 FROM redemption x, (SELECT 1 AS i, 10 AS q UNION ALL SELECT 2, 2 UNION ALL SELECT 3, 30
  UNION ALL SELECT 4, 5) k
 ORDER BY 1;
INSERT INTO voucher_revocation(voucher_id, reason, revoked_at, operator)
 SELECT id, 'hilang', '2026-01-08T01:00:00Z', 'petugas' FROM voucher WHERE id % 40 = 0;
INSERT INTO voucher(id, allocation_id, serial, last_day, replaces_id, created_at)
 SELECT $N + id, id, $N + id, '2026-01-31', id, '2026-01-08T01:00:00Z' FROM voucher WHERE id % 80 = 0;
INSERT INTO redemption_attempt(at, day, point_id, operator, serial, voucher_id, allocation_id, payload, outcome, detail, source)
 SELECT '2026-01-10T02:00:00Z', '2026-01-10', a.point_id, 'petugas', NULL,
  CASE WHEN k.o IN ('already_redeemed', 'conflict', 'wrong_program_or_period') THEN a.id END,
  CASE WHEN k.o IN ('already_redeemed', 'conflict', 'wrong_program_or_period') THEN a.id END,
  'x', k.o, k.o, 'scan'
 FROM allocation a, (SELECT 'forged' AS o UNION ALL SELECT 'already_redeemed' UNION ALL
  SELECT 'unknown_serial' UNION ALL SELECT 'conflict' UNION ALL SELECT 'wrong_program_or_period') k
 WHERE a.id % 250 = 1;
COMMIT;
EOF
}
