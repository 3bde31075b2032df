/*
 * schema.c — every table, as commented SQL, in migration order.
 *
 * Each module owns its migration's tables (named in the comment above the
 * migration); SQL that touches a table lives in its owner's module.
 *
 * Source tables (what happened: movements, redemptions, attempts) are
 * append-only and say so with triggers; derived tables (balance) are kept
 * current by triggers and can be recomputed and compared by `lumbung verify`.
 */
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Migration 1 — core and inventory (issue: stock ledger). */
static const char m1_core_inventory[] =
	/* Settings of this database: org_name (the office, printed on paper),
	 * db_id (random; a field kit names the database it came from),
	 * kind ('main' or 'kit'). */
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") STRICT;"

	/* Closed accounting periods: a row means nothing more may be posted
	 * into that month. Closing is final, so rows are never changed. */
	"CREATE TABLE period_close("
	"  period TEXT PRIMARY KEY,"          /* YYYY-MM */
	"  closed_at TEXT NOT NULL,"          /* UTC timestamp */
	"  operator TEXT NOT NULL,"
	"  forced INTEGER NOT NULL DEFAULT 0," /* closed with --force despite open kits */
	"  note TEXT"
	") STRICT;"
	"CREATE TRIGGER period_close_no_update BEFORE UPDATE ON period_close"
	" BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;"
	"CREATE TRIGGER period_close_no_delete BEFORE DELETE ON period_close"
	" BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;"

	/* Goods. Every quantity of an item is a whole number of its base
	 * unit; packs name larger units with exact factors. Codes compare
	 * without case, so that 'beras' typed in a hurry finds BERAS. */
	"CREATE TABLE item("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  name TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"               /* base unit: kg, gram, liter, butir, kaleng */
	"  shelf_life_days INTEGER CHECK (shelf_life_days > 0),"
	"  created_at TEXT NOT NULL"
	") STRICT;"
	/* The journal names items by id: they are never deleted. */
	"CREATE TRIGGER item_no_delete BEFORE DELETE ON item"
	" BEGIN SELECT RAISE(ABORT, 'items are never deleted: the journal refers to them'); END;"
	"CREATE TABLE item_pack("
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  name TEXT NOT NULL COLLATE NOCASE," /* rak, karung, dus */
	"  factor INTEGER NOT NULL CHECK (factor > 0)," /* base units in one */
	"  PRIMARY KEY (item_id, name)"
	") STRICT, WITHOUT ROWID;"

	/* Places stock can be: warehouses and distribution points hold it
	 * (internal: balances never negative); suppliers and the ledger's own
	 * outside accounts (@SUPPLY, @RECIPIENTS, @ADJUST) are where it comes
	 * from and goes to, so that every movement is double-entry and each
	 * item's balances sum to zero. */
	"CREATE TABLE location("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('warehouse','point','supplier','external')),"
	"  name TEXT NOT NULL,"
	"  village TEXT,"                     /* Kemendagri code, for points */
	"  created_at TEXT NOT NULL"
	") STRICT;"
	/* The journal names locations by id: they are never deleted. */
	"CREATE TRIGGER location_no_delete BEFORE DELETE ON location"
	" BEGIN SELECT RAISE(ABORT, 'locations are never deleted: the journal refers to them'); END;"
	"INSERT INTO location(code, kind, name, created_at) VALUES"
	" ('@SUPPLY', 'external', 'Pemasok (tanpa nama)', '1970-01-01T00:00:00Z'),"
	" ('@RECIPIENTS', 'external', 'Penerima manfaat', '1970-01-01T00:00:00Z'),"
	" ('@ADJUST', 'external', 'Penyesuaian stok', '1970-01-01T00:00:00Z');"

	/* A lot: one delivery of one item, with its expiry and cost. */
	"CREATE TABLE lot("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  code TEXT NOT NULL COLLATE NOCASE,"
	"  expiry TEXT,"                      /* YYYY-MM-DD; NULL: does not expire */
	"  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0)," /* rupiah per base unit */
	"  supplier_id INTEGER REFERENCES location(id),"
	"  ref TEXT,"                         /* delivery note (surat jalan) */
	"  received_on TEXT NOT NULL,"
	"  UNIQUE (item_id, code)"
	") STRICT;"
	"CREATE TRIGGER lot_no_update BEFORE UPDATE ON lot"
	" BEGIN SELECT RAISE(ABORT, 'lots are never changed'); END;"
	"CREATE TRIGGER lot_no_delete BEFORE DELETE ON lot"
	" BEGIN SELECT RAISE(ABORT, 'lots are never deleted'); END;"

	/* The journal: append-only, hash-chained. A mistake is corrected by
	 * a reversing movement that names the one it reverses. Ids are
	 * given by inventory/journal.c as the previous id + 1, so a gap
	 * means a deleted row. */
	"CREATE TABLE movement("
	"  id INTEGER PRIMARY KEY,"           /* journal order; the chain follows it */
	"  key TEXT,"                         /* caller-chosen id: posting it again is a no-op */
	/* Not "kind IN (...)": SQLite 3.40 builds a temporary table for an
	 * IN list on every row checked, which made a bulk import's INSERT
	 * three times slower; the OR chain is the same rule for free. */
	"  kind TEXT NOT NULL CHECK (kind = 'receive' OR kind = 'move' OR kind = 'adjust'"
	"   OR kind = 'count' OR kind = 'issue' OR kind = 'reverse'),"
	"  day TEXT NOT NULL,"                /* business date YYYY-MM-DD */
	/* No REFERENCES here or in balance: SQLite checks a foreign key by
	 * opening a statement journal for every row, half the cost of a
	 * bulk import's INSERT. Only inventory/journal.c writes these two
	 * tables, with ids it has just looked up; items and locations are
	 * never deleted (triggers above), and verify checks every id. */
	"  item_id INTEGER NOT NULL,"         /* item(id) */
	"  lot_id INTEGER NOT NULL,"          /* lot(id) */
	"  from_id INTEGER NOT NULL,"         /* location(id) */
	"  to_id INTEGER NOT NULL,"           /* location(id) */
	"  qty INTEGER NOT NULL CHECK (qty > 0)," /* base units */
	"  reason TEXT,"                      /* adjust: rusak, hilang, kedaluwarsa, lain, opname */
	"  note TEXT,"
	"  ref TEXT,"                         /* document reference */
	"  reverses INTEGER,"                 /* movement(id) */
	"  redemption_id INTEGER,"            /* issue: the redemption it serves */
	"  operator TEXT NOT NULL,"
	"  posted_at TEXT NOT NULL,"          /* UTC timestamp */
	"  hash BLOB NOT NULL,"               /* BLAKE2b-256 of previous hash and this row */
	"  CHECK (from_id <> to_id)"
	") STRICT;"
	/* Partial indexes: most movements of a bulk import carry no key and
	 * reverse nothing, and should not pay for indexing a NULL. */
	"CREATE UNIQUE INDEX movement_key ON movement(key) WHERE key IS NOT NULL;"
	"CREATE UNIQUE INDEX movement_reverses ON movement(reverses) WHERE reverses IS NOT NULL;" /* once */
	"CREATE INDEX movement_redemption ON movement(redemption_id) WHERE redemption_id IS NOT NULL;"
	"CREATE INDEX movement_item_day ON movement(item_id, day);" /* ledger, --as-of */
	"CREATE TRIGGER movement_no_update BEFORE UPDATE ON movement"
	" BEGIN SELECT RAISE(ABORT, 'the journal is append-only: post a reversing movement'); END;"
	"CREATE TRIGGER movement_no_delete BEFORE DELETE ON movement"
	" BEGIN SELECT RAISE(ABORT, 'the journal is append-only: post a reversing movement'); END;"

	/* Derived: the quantity of each lot at each location, kept current by
	 * inventory/journal.c in the transaction that posts each movement
	 * (in C rather than by a trigger: a bulk import changes a balance
	 * many times and writes it once), so that a balance is a lookup, not
	 * a sum over the journal. Warehouses and points have rows only for
	 * the lots they hold. verify recomputes it from the journal and
	 * compares. */
	"CREATE TABLE balance("
	"  location_id INTEGER NOT NULL,"     /* location(id) */
	"  lot_id INTEGER NOT NULL,"          /* lot(id) */
	"  item_id INTEGER NOT NULL,"
	"  internal INTEGER NOT NULL,"        /* 1: warehouse or point */
	"  qty INTEGER NOT NULL,"
	"  PRIMARY KEY (location_id, lot_id),"
	"  CHECK (internal = 0 OR qty >= 0)"  /* backstop: the code checks first */
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX balance_item ON balance(item_id, location_id);"

	/* Stock counts (stock opname): what was counted against what the
	 * ledger said; the difference is posted as a 'count' movement. */
	"CREATE TABLE stock_count("
	"  id INTEGER PRIMARY KEY,"
	"  day TEXT NOT NULL,"
	"  location_id INTEGER NOT NULL REFERENCES location(id),"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  lot_id INTEGER REFERENCES lot(id),"    /* NULL: all lots of the item */
	"  counted INTEGER NOT NULL CHECK (counted >= 0),"
	"  expected INTEGER NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  posted_at TEXT NOT NULL"
	") STRICT;"
	"CREATE TRIGGER stock_count_no_update BEFORE UPDATE ON stock_count"
	" BEGIN SELECT RAISE(ABORT, 'stock counts are never changed'); END;"
	"CREATE TRIGGER stock_count_no_delete BEFORE DELETE ON stock_count"
	" BEGIN SELECT RAISE(ABORT, 'stock counts are never deleted'); END;";

/* Migration 2 — recipients, screening, programs, packages and allocations
 * (issue: recipients, programs and monthly allocations). Owned by
 * recipients/ (region_*, category, recipient*, screening_*, duplicate_flag),
 * program/ (program*, allocation*) and inventory/serve.c (point_village). */
static const char m2_recipients_programs[] =
	/* Region data (Kemendagri codes as in data/wilayah, dotted:
	 * 64 / 64.02 / 64.02.06 / 64.02.06.2001), loaded and refreshed by
	 * `region import`. Rows are upserted, never deleted: a NIK keeps the
	 * code it was issued with even after a district is split. */
	"CREATE TABLE region_province("
	"  code TEXT PRIMARY KEY,"            /* 64 */
	"  name TEXT NOT NULL"                /* KALIMANTAN TIMUR */
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE region_regency("
	"  code TEXT PRIMARY KEY,"            /* 64.02 */
	"  province_code TEXT NOT NULL REFERENCES region_province(code),"
	"  name TEXT NOT NULL"                /* KABUPATEN KUTAI KARTANEGARA */
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE region_district("
	"  code TEXT PRIMARY KEY,"            /* 64.02.06 (kecamatan) */
	"  regency_code TEXT NOT NULL REFERENCES region_regency(code),"
	"  name TEXT NOT NULL"                /* Tenggarong */
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE region_village("
	"  code TEXT PRIMARY KEY,"            /* 64.02.06.2001 (desa or kelurahan) */
	"  district_code TEXT NOT NULL REFERENCES region_district(code),"
	"  name TEXT NOT NULL"
	") STRICT, WITHOUT ROWID;"

	/* Recipient categories: a configurable list (`category add`), kept
	 * in the order they were added (rowid). */
	"CREATE TABLE category("
	"  code TEXT PRIMARY KEY,"            /* lansia: what files and options say */
	"  name TEXT NOT NULL"                /* what reports print */
	") STRICT;"
	"INSERT INTO category(code, name) VALUES"
	" ('lansia', 'Lanjut usia terlantar'),"
	" ('disabilitas', 'Penyandang disabilitas'),"
	" ('anak', 'Anak terlantar');"

	/* Recipients (penerima manfaat). The NIK is personal data: it is
	 * shown masked and never leaves the database unless asked for; other
	 * modules (vouchers) identify a recipient by token instead. */
	"CREATE TABLE recipient("
	"  id INTEGER PRIMARY KEY,"           /* registration order */
	"  nik TEXT NOT NULL CHECK (length(nik) = 16)," /* checked by recipients/nik.c; unique */
	"  kk TEXT,"                          /* family card number, 16 digits */
	"  name TEXT NOT NULL,"               /* trimmed, inner spaces collapsed */
	"  sex TEXT NOT NULL CHECK (sex IN ('L','P')),"        /* from the NIK unless given */
	"  birth_date TEXT NOT NULL,"         /* YYYY-MM-DD; from the NIK unless given */
	"  address TEXT,"
	"  village TEXT NOT NULL REFERENCES region_village(code)," /* where they live */
	"  category TEXT NOT NULL REFERENCES category(code),"
	"  desil INTEGER CHECK (desil BETWEEN 1 AND 10),"       /* DTKS/DTSEN welfare decile; NULL unknown */
	"  phone TEXT,"
	"  proxy_name TEXT,"                  /* wakil: collects for those who cannot come */
	"  proxy_nik TEXT CHECK (proxy_nik IS NULL OR length(proxy_nik) = 16),"
	"  point_id INTEGER REFERENCES location(id)," /* overrides the point serving the village */
	"  status TEXT NOT NULL DEFAULT 'aktif'"
	"   CHECK (status IN ('aktif','meninggal','pindah','mampu','nonaktif')),"
	                                      /* current: follows recipient_status */
	"  token TEXT NOT NULL CHECK (length(token) = 16)," /* random hex, unique: vouchers print it, not the NIK */
	"  mismatch_accepted TEXT,"           /* NULL, or what disagreed with the NIK when
	                                       * registered with --accept-mismatch:
	                                       * 'birth_date', 'sex' or 'birth_date,sex' */
	"  created_at TEXT NOT NULL,"         /* UTC timestamp of registration */
	"  replaces_id INTEGER REFERENCES recipient(id)," /* penggantian: whom this one replaced (once) */
	"  person_key INTEGER NOT NULL DEFAULT 0" /* hash of village, birth date and lower-case
	                                       * name: finds likely duplicates (recipients/
	                                       * recipient.c); 0 for rows written with plain
	                                       * SQL (test fixtures), which then only match
	                                       * each other */
	") STRICT;"
	/* Named indexes rather than column UNIQUE constraints, so that a bulk
	 * import can drop them and build them again sorted, which is many
	 * times faster than a million random inserts (recipients/import.c). */
	"CREATE UNIQUE INDEX recipient_nik ON recipient(nik);"
	"CREATE UNIQUE INDEX recipient_token ON recipient(token);"
	"CREATE UNIQUE INDEX recipient_replaces ON recipient(replaces_id) WHERE replaces_id IS NOT NULL;"
	/* Likely duplicates: an 8-byte key instead of the three fields
	 * (whose equality the lookups still check) makes the index a
	 * quarter of the size and cheap to build for a million rows. */
	"CREATE INDEX recipient_person ON recipient(person_key);"
	/* The few who are not aktif, counted at every allocation. */
	"CREATE INDEX recipient_inactive ON recipient(status) WHERE status <> 'aktif';"
	/* Allocation's priority order (program/allocation.h: desil, unknown
	 * as 11, then birth date, folded into one integer such as
	 * 319530829, then id), covering what it reads, so that ranking a
	 * million recipients is one index scan instead of a table scan and
	 * a sort. The expression must stay identical to allocation.c's
	 * ORDER BY; desil, birth_date and status are carried only so that
	 * SQLite sees the index as covering. */
	"CREATE INDEX recipient_priority ON recipient("
	" coalesce(desil, 11) * 100000000 + CAST(replace(birth_date, '-', '') AS INTEGER), id,"
	" category, village, point_id, desil, birth_date, status) WHERE status = 'aktif';"

	/* Status history, append-only: every change with its date, reason and
	 * operator. recipient.status follows the latest row (trigger). The
	 * first status, aktif, dates from recipient.created_at. */
	"CREATE TABLE recipient_status("
	"  id INTEGER PRIMARY KEY,"           /* order of recording */
	"  recipient_id INTEGER NOT NULL REFERENCES recipient(id),"
	"  status TEXT NOT NULL"
	"   CHECK (status IN ('aktif','meninggal','pindah','mampu','nonaktif')),"
	"  day TEXT NOT NULL,"                /* YYYY-MM-DD the change took effect */
	"  reason TEXT NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  recorded_at TEXT NOT NULL"         /* UTC timestamp */
	") STRICT;"
	"CREATE INDEX recipient_status_of ON recipient_status(recipient_id, id);"
	"CREATE TRIGGER recipient_status_apply AFTER INSERT ON recipient_status BEGIN"
	"  UPDATE recipient SET status = new.status WHERE id = new.recipient_id;"
	" END;"
	"CREATE TRIGGER recipient_status_no_update BEFORE UPDATE ON recipient_status"
	" BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;"
	"CREATE TRIGGER recipient_status_no_delete BEFORE DELETE ON recipient_status"
	" BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;"

	/* Screening lists: NIKs from other sources (PKH, Program Sembako, the
	 * death register, civil servants). A list is a snapshot: screening
	 * again under the same name replaces its entries. The entries stay so
	 * that recipients registered later are checked against them too. */
	"CREATE TABLE screening_list("
	"  name TEXT PRIMARY KEY,"            /* PKH, SEMBAKO, KEMATIAN, ASN */
	"  source TEXT NOT NULL,"             /* the file it came from */
	"  entries INTEGER NOT NULL,"         /* NIKs on it */
	"  imported_at TEXT NOT NULL,"        /* UTC timestamp */
	"  operator TEXT NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE screening_entry("
	"  list TEXT NOT NULL REFERENCES screening_list(name),"
	"  nik TEXT NOT NULL,"                /* personal data, like recipient.nik */
	"  PRIMARY KEY (list, nik)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX screening_entry_nik ON screening_entry(nik);"
	/* Findings: recipients whose NIK is on a list. A program excludes
	 * recipients with a hit on any of its excluded lists. */
	"CREATE TABLE screening_hit("
	"  list TEXT NOT NULL REFERENCES screening_list(name),"
	"  recipient_id INTEGER NOT NULL REFERENCES recipient(id),"
	"  found_at TEXT NOT NULL,"           /* UTC timestamp */
	"  PRIMARY KEY (recipient_id, list)"
	") STRICT, WITHOUT ROWID;"

	/* Likely duplicates: the same name and birth date in the same village
	 * under different NIKs. The later registration (recipient_id) is held
	 * out of allocations while the flag is open; a review closes it. */
	"CREATE TABLE duplicate_flag("
	"  id INTEGER PRIMARY KEY,"
	"  recipient_id INTEGER NOT NULL REFERENCES recipient(id)," /* registered later: held */
	"  other_id INTEGER NOT NULL REFERENCES recipient(id),"     /* registered earlier */
	"  flagged_at TEXT NOT NULL,"         /* UTC timestamp */
	"  state TEXT NOT NULL DEFAULT 'open'"
	"   CHECK (state IN ('open','distinct','duplicate')),"
	                                      /* distinct: two people; duplicate: one person twice */
	"  reviewed_at TEXT,"                 /* UTC timestamp of the review */
	"  reviewer TEXT,"
	"  note TEXT,"
	"  UNIQUE (recipient_id, other_id),"
	"  CHECK (recipient_id <> other_id)"
	") STRICT;"
	"CREATE INDEX duplicate_flag_open ON duplicate_flag(state, recipient_id);"

	/* Aid programs. A round covers round_months months and starts in
	 * first_period; its package is worth about monthly_value ×
	 * round_months. quota is how many recipients a round serves at most,
	 * unless program_quota sets another figure for a year. */
	"CREATE TABLE program("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"        /* SEMBAKO-2026 */
	"  name TEXT NOT NULL,"
	"  monthly_value INTEGER NOT NULL CHECK (monthly_value > 0)," /* rupiah per recipient per month */
	"  round_months INTEGER NOT NULL DEFAULT 1 CHECK (round_months BETWEEN 1 AND 12),"
	"  quota INTEGER NOT NULL CHECK (quota > 0)," /* recipients per round, every year */
	"  funding TEXT NOT NULL CHECK (funding IN ('APBD','APBN')),"
	"  first_period TEXT NOT NULL,"       /* YYYY-MM: the first round's first month */
	"  last_period TEXT NOT NULL,"        /* YYYY-MM: no round starts after it */
	"  created_at TEXT NOT NULL,"
	"  CHECK (first_period <= last_period)"
	") STRICT;"
	"CREATE TABLE program_quota("
	"  program_id INTEGER NOT NULL REFERENCES program(id),"
	"  year INTEGER NOT NULL,"            /* 2026 */
	"  quota INTEGER NOT NULL CHECK (quota > 0)," /* replaces program.quota that year */
	"  PRIMARY KEY (program_id, year)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE program_category("
	"  program_id INTEGER NOT NULL REFERENCES program(id),"
	"  category TEXT NOT NULL REFERENCES category(code)," /* eligible */
	"  PRIMARY KEY (program_id, category)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE program_exclude("
	"  program_id INTEGER NOT NULL REFERENCES program(id),"
	"  list TEXT NOT NULL,"               /* screening_list.name; may be imported later */
	"  PRIMARY KEY (program_id, list)"
	") STRICT, WITHOUT ROWID;"

	/* What one recipient gets per round: the composition in force for a
	 * round is the one with the latest from_period not after it. The
	 * contracted price is kept with the line, so the package's value
	 * stays what it was when the package was set. */
	"CREATE TABLE program_package("
	"  program_id INTEGER NOT NULL REFERENCES program(id),"
	"  from_period TEXT NOT NULL,"        /* YYYY-MM, a round's first month */
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  qty INTEGER NOT NULL CHECK (qty > 0),"             /* base units per recipient per round */
	"  unit_price INTEGER NOT NULL CHECK (unit_price >= 0)," /* contracted rupiah per base unit */
	"  PRIMARY KEY (program_id, from_period, item_id)"
	") STRICT, WITHOUT ROWID;"

	/* Which distribution point serves which village (one point each).
	 * A point created with a village serves it without a row here. */
	"CREATE TABLE point_village("
	"  village TEXT PRIMARY KEY REFERENCES region_village(code),"
	"  point_id INTEGER NOT NULL REFERENCES location(id)" /* kind 'point' */
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX point_village_point ON point_village(point_id);"

	/* One package for one recipient in one round. Kept small on purpose:
	 * vouchers and redemptions live in their own modules' tables and
	 * refer to allocation.id. Rows are made only by `allocate`, with one
	 * INSERT per round in recipient order, so a round's ids are the range
	 * allocation_run.first_id..last_id and its rows lie together. */
	"CREATE TABLE allocation("
	"  id INTEGER PRIMARY KEY,"
	"  program_id INTEGER NOT NULL REFERENCES program(id),"
	"  period TEXT NOT NULL,"             /* YYYY-MM: the round's first month */
	"  recipient_id INTEGER NOT NULL REFERENCES recipient(id),"
	"  point_id INTEGER NOT NULL REFERENCES location(id)," /* where they collect */
	"  rank INTEGER NOT NULL,"            /* 1 = first in the priority order */
	"  status TEXT NOT NULL DEFAULT 'allocated' CHECK (status IN ('allocated','cancelled')),"
	"  created_at TEXT,"                  /* UTC timestamp; NULL: made by the round's run, at
	                                       * allocation_run.run_at (one timestamp per round,
	                                       * not a million copies of it) */
	"  UNIQUE (program_id, period, recipient_id)"
	") STRICT;"

	/* One row per allocation run: a second run for the same round finds
	 * it and changes nothing. */
	"CREATE TABLE allocation_run("
	"  id INTEGER PRIMARY KEY,"
	"  program_id INTEGER NOT NULL REFERENCES program(id),"
	"  period TEXT NOT NULL,"             /* YYYY-MM */
	"  run_at TEXT NOT NULL,"             /* UTC timestamp */
	"  operator TEXT NOT NULL,"
	"  quota INTEGER NOT NULL,"           /* in force for that round */
	"  eligible INTEGER NOT NULL,"
	"  allocated INTEGER NOT NULL,"
	"  waiting INTEGER NOT NULL,"
	"  first_id INTEGER,"                 /* the round's allocations are ids first_id..last_id */
	"  last_id INTEGER,"                  /* (one INSERT makes them all); NULL when none */
	"  UNIQUE (program_id, period)"
	") STRICT;"
	/* Eligible recipients beyond the quota, in priority order. */
	"CREATE TABLE allocation_wait("
	"  program_id INTEGER NOT NULL REFERENCES program(id),"
	"  period TEXT NOT NULL,"             /* YYYY-MM */
	"  recipient_id INTEGER NOT NULL REFERENCES recipient(id),"
	"  rank INTEGER NOT NULL,"            /* continues the allocation's ranks */
	"  PRIMARY KEY (program_id, period, recipient_id)"
	") STRICT, WITHOUT ROWID;";

/* Migration 3 — vouchers (issue: signed QR entitlement slips). Owned by
 * voucher/ (voucher.c, keys via cli/cmd_voucher.c). The secret signing key
 * never enters the database: only public keys, so that a copy of the
 * database (or a field kit made from it) can check slips but never make
 * one. */
static const char m3_vouchers[] =
	/* Public halves of the signing keys, by the key id a QR payload names.
	 * Rotating retires a key for signing but keeps it for checking the
	 * slips it already signed; keys are never deleted. */
	"CREATE TABLE signing_key("
	"  key_id INTEGER PRIMARY KEY CHECK (key_id BETWEEN 0 AND 4294967295)," /* first 4 bytes of BLAKE2b-256(public_key) */
	"  public_key BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32)," /* Ed25519 */
	"  created_at TEXT NOT NULL,"         /* UTC timestamp */
	"  retired_at TEXT"                   /* UTC timestamp; NULL: the key that signs */
	") STRICT;"
	/* At most one key signs at a time. */
	"CREATE UNIQUE INDEX signing_key_active ON signing_key((retired_at IS NULL)) WHERE retired_at IS NULL;"
	"CREATE TRIGGER signing_key_no_delete BEFORE DELETE ON signing_key"
	" BEGIN SELECT RAISE(ABORT, 'signing keys are never deleted: old slips are checked with them'); END;"
	"CREATE TRIGGER signing_key_retire_once BEFORE UPDATE ON signing_key"
	" WHEN old.retired_at IS NOT NULL OR new.key_id IS NOT old.key_id"
	"  OR new.public_key IS NOT old.public_key OR new.created_at IS NOT old.created_at"
	" BEGIN SELECT RAISE(ABORT, 'a signing key is only ever retired, once'); END;"

	/* One slip (kupon) for one allocation. The serial is a bijection of
	 * the id (voucher/voucher.c: multiplied by an odd constant modulo
	 * 2^40, then xor-ed with a constant), so serials are unique by
	 * construction and do not look sequential. A lost or damaged slip is
	 * revoked and replaced by a new voucher for the same allocation that
	 * names the one it replaces. Never changed, never deleted. */
	"CREATE TABLE voucher("
	"  id INTEGER PRIMARY KEY,"
	"  allocation_id INTEGER NOT NULL REFERENCES allocation(id),"
	"  serial INTEGER NOT NULL UNIQUE CHECK (serial BETWEEN 0 AND 1099511627775)," /* 40 bits, printed XXXX-XXXX-C */
	"  last_day TEXT NOT NULL,"           /* YYYY-MM-DD: the last day it may be redeemed */
	"  replaces_id INTEGER UNIQUE REFERENCES voucher(id)," /* reissue: the revoked voucher it replaces */
	"  created_at TEXT NOT NULL"          /* UTC timestamp */
	") STRICT;"
	"CREATE INDEX voucher_allocation ON voucher(allocation_id);"
	"CREATE TRIGGER voucher_no_update BEFORE UPDATE ON voucher"
	" BEGIN SELECT RAISE(ABORT, 'vouchers are never changed: revoke and reissue'); END;"
	"CREATE TRIGGER voucher_no_delete BEFORE DELETE ON voucher"
	" BEGIN SELECT RAISE(ABORT, 'vouchers are never deleted: revoke them'); END;"

	/* Revoked vouchers: their slips are void from then on. Append-only. */
	"CREATE TABLE voucher_revocation("
	"  voucher_id INTEGER PRIMARY KEY REFERENCES voucher(id),"
	"  reason TEXT NOT NULL,"             /* as given: hilang, rusak, ... */
	"  revoked_at TEXT NOT NULL,"         /* UTC timestamp */
	"  operator TEXT NOT NULL"
	") STRICT;"
	"CREATE TRIGGER voucher_revocation_no_update BEFORE UPDATE ON voucher_revocation"
	" BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;"
	"CREATE TRIGGER voucher_revocation_no_delete BEFORE DELETE ON voucher_revocation"
	" BEGIN SELECT RAISE(ABORT, 'revocations are final'); END;";

/* Migration 4 — redemption and field kits (issue: redemption). Owned by
 * voucher/redeem.c (redemption, redemption_undo, redeemed,
 * redemption_attempt) and voucher/fieldkit.c (field_kit, field_kit_import,
 * kit_log, kit_recipient). What happened is append-only, like the
 * journal: a wrong redemption is undone by a redemption_undo row and
 * reversing movements, never deleted. */
static const char m4_redemption[] =
	/* A package handed over against a voucher. The package's stock
	 * movements (kind 'issue') name it in movement.redemption_id. */
	"CREATE TABLE redemption("
	"  id INTEGER PRIMARY KEY,"
	"  voucher_id INTEGER NOT NULL REFERENCES voucher(id)," /* the slip scanned or typed */
	"  allocation_id INTEGER NOT NULL REFERENCES allocation(id)," /* the package it served */
	"  point_id INTEGER NOT NULL REFERENCES location(id)," /* where it was handed over */
	"  day TEXT NOT NULL,"                /* business date YYYY-MM-DD: the movements' day */
	"  redeemed_at TEXT NOT NULL,"        /* UTC timestamp, or the scanner file's timestamp as written */
	"  operator TEXT NOT NULL,"           /* who handed it over */
	"  proxy_name TEXT,"                  /* collected by a proxy (wakil): the name given; NULL: in person */
	"  manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1))," /* 1: a typed serial, no signature checked */
	"  override_reason TEXT,"             /* redeemed at another point than the allocation's: why */
	"  source TEXT NOT NULL CHECK (source IN ('scan','file','image','manual','kit')),"
	                                      /* how it came in; 'kit': imported from a field kit */
	"  kit_id TEXT,"                      /* imported: the field kit it was made on */
	"  kit_ref INTEGER,"                  /* imported: its id on that kit */
	"  CHECK ((kit_id IS NULL) = (kit_ref IS NULL)),"
	"  UNIQUE (kit_id, kit_ref)"
	") STRICT;"
	"CREATE INDEX redemption_allocation ON redemption(allocation_id);"
	"CREATE INDEX redemption_voucher ON redemption(voucher_id);"
	"CREATE INDEX redemption_point_day ON redemption(point_id, day);"
	"CREATE TRIGGER redemption_no_update BEFORE UPDATE ON redemption"
	" BEGIN SELECT RAISE(ABORT, 'redemptions are never changed: undo one with redeem undo'); END;"
	"CREATE TRIGGER redemption_no_delete BEFORE DELETE ON redemption"
	" BEGIN SELECT RAISE(ABORT, 'redemptions are never deleted: undo one with redeem undo'); END;"

	/* An undone redemption (the wrong slip scanned for a person, say):
	 * its movements were reversed in the same transaction, and its
	 * allocation may be redeemed again. Append-only. */
	"CREATE TABLE redemption_undo("
	"  redemption_id INTEGER PRIMARY KEY REFERENCES redemption(id)," /* undone once */
	"  reason TEXT NOT NULL,"
	"  day TEXT NOT NULL,"                /* business date of the reversing movements */
	"  undone_at TEXT NOT NULL,"          /* UTC timestamp */
	"  operator TEXT NOT NULL,"
	"  kit_id TEXT"                       /* imported: the field kit it was made on */
	") STRICT;"
	"CREATE TRIGGER redemption_undo_no_update BEFORE UPDATE ON redemption_undo"
	" BEGIN SELECT RAISE(ABORT, 'an undo is final: redeem the slip again instead'); END;"
	"CREATE TRIGGER redemption_undo_no_delete BEFORE DELETE ON redemption_undo"
	" BEGIN SELECT RAISE(ABORT, 'an undo is final: redeem the slip again instead'); END;"

	/* Derived: the redemption in force for each allocation, kept by the
	 * triggers below. Its primary key is the last line of defence against
	 * a package handed over twice: a second redemption of an allocation
	 * that was not undone fails here, whatever the code above did. */
	"CREATE TABLE redeemed("
	"  allocation_id INTEGER PRIMARY KEY REFERENCES allocation(id),"
	"  redemption_id INTEGER NOT NULL UNIQUE REFERENCES redemption(id)"
	") STRICT;"
	"CREATE TRIGGER redemption_claims AFTER INSERT ON redemption BEGIN"
	"  INSERT INTO redeemed(allocation_id, redemption_id) VALUES (new.allocation_id, new.id);"
	" END;"
	"CREATE TRIGGER redemption_undo_releases AFTER INSERT ON redemption_undo BEGIN"
	"  DELETE FROM redeemed WHERE redemption_id = new.redemption_id;"
	" END;"

	/* Every attempt to redeem, accepted or refused, and every undo: the
	 * audit trail. A refusal writes this row and nothing else. The
	 * payload is kept as scanned, with bytes outside printable ASCII
	 * written \xHH and any run of 16 or more digits masked, so that a
	 * NIK typed or scanned by mistake never lands here whole. */
	"CREATE TABLE redemption_attempt("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"                 /* UTC timestamp, or the scanner file's timestamp */
	"  day TEXT NOT NULL,"                /* the business date it was judged on */
	"  point_id INTEGER NOT NULL REFERENCES location(id)," /* where it was scanned */
	"  operator TEXT NOT NULL,"
	"  serial TEXT,"                      /* XXXX-XXXX-C when it could be read */
	"  voucher_id INTEGER REFERENCES voucher(id)," /* when the serial is one of ours */
	"  allocation_id INTEGER REFERENCES allocation(id),"
	"  payload TEXT NOT NULL,"            /* as scanned (see above), at most 512 bytes */
	"  outcome TEXT NOT NULL CHECK (outcome IN ('accepted','unreadable','forged','unknown_key',"
	"   'unknown_serial','revoked','expired','period_closed','wrong_point','already_redeemed',"
	"   'no_stock','wrong_program_or_period','conflict','undone')),"
	"  detail TEXT NOT NULL,"             /* the reason as shown to the operator */
	"  redemption_id INTEGER REFERENCES redemption(id),"
	                                      /* accepted: the one made; already_redeemed, conflict:
	                                       * the one there first; undone: the one undone */
	"  source TEXT NOT NULL CHECK (source IN ('scan','file','image','manual','kit','undo')),"
	"  file TEXT,"                        /* the scanner file or image: its name, without folders */
	"  line INTEGER,"                     /* its line in the scanner file */
	"  kit_id TEXT,"                      /* imported: the field kit it was made on */
	"  kit_ref INTEGER,"                  /* imported: its id on that kit */
	"  CHECK ((kit_id IS NULL) = (kit_ref IS NULL)),"
	"  UNIQUE (kit_id, kit_ref)"
	") STRICT;"
	"CREATE INDEX redemption_attempt_voucher ON redemption_attempt(voucher_id) WHERE voucher_id IS NOT NULL;"
	"CREATE INDEX redemption_attempt_outcome ON redemption_attempt(outcome, point_id);"
	/* Running a scanner file again finds each line's earlier attempt. */
	"CREATE INDEX redemption_attempt_line ON redemption_attempt(file, line) WHERE line IS NOT NULL;"
	"CREATE TRIGGER redemption_attempt_no_update BEFORE UPDATE ON redemption_attempt"
	" BEGIN SELECT RAISE(ABORT, 'the attempt log is append-only'); END;"
	"CREATE TRIGGER redemption_attempt_no_delete BEFORE DELETE ON redemption_attempt"
	" BEGIN SELECT RAISE(ABORT, 'the attempt log is append-only'); END;"

	/* Field kits exported from this database for one point and period,
	 * and what came back. `period close` refuses while a kit of the
	 * period has not returned. Only the import columns ever change. */
	"CREATE TABLE field_kit("
	"  kit_id TEXT PRIMARY KEY,"          /* random, 32 hex digits; the kit's meta says it too */
	"  point_id INTEGER NOT NULL REFERENCES location(id),"
	"  period TEXT NOT NULL,"             /* YYYY-MM */
	"  parent_db_id TEXT NOT NULL,"       /* this database's meta db_id, as written into the kit */
	"  exported_at TEXT NOT NULL,"        /* UTC timestamp */
	"  operator TEXT NOT NULL,"
	"  path TEXT NOT NULL,"               /* the file written, as named */
	"  vouchers INTEGER NOT NULL,"        /* how many vouchers it carried */
	"  opening_movements INTEGER NOT NULL," /* the kit journal's opening stock: its first n movements */
	"  opening_hash BLOB NOT NULL,"       /* and the hash of the last of them, which pins them */
	"  opening_redemptions INTEGER NOT NULL," /* redemptions copied into it: ids up to this */
	"  returned_at TEXT,"                 /* UTC timestamp of the first import; NULL: still out */
	"  last_seq INTEGER NOT NULL DEFAULT 0," /* kit_log entries imported so far */
	"  head_hash BLOB"                    /* the kit log's hash at last_seq */
	") STRICT;"
	"CREATE INDEX field_kit_period ON field_kit(period, returned_at);"
	"CREATE TRIGGER field_kit_no_delete BEFORE DELETE ON field_kit"
	" BEGIN SELECT RAISE(ABORT, 'field kits are never forgotten'); END;"
	"CREATE TRIGGER field_kit_import_only BEFORE UPDATE ON field_kit"
	" WHEN new.kit_id IS NOT old.kit_id OR new.point_id IS NOT old.point_id"
	"  OR new.period IS NOT old.period OR new.parent_db_id IS NOT old.parent_db_id"
	"  OR new.exported_at IS NOT old.exported_at OR new.operator IS NOT old.operator"
	"  OR new.path IS NOT old.path OR new.vouchers IS NOT old.vouchers"
	"  OR new.opening_movements IS NOT old.opening_movements"
	"  OR new.opening_hash IS NOT old.opening_hash"
	"  OR new.opening_redemptions IS NOT old.opening_redemptions"
	"  OR (old.returned_at IS NOT NULL AND new.returned_at IS NOT old.returned_at)"
	"  OR new.last_seq < old.last_seq"
	" BEGIN SELECT RAISE(ABORT, 'a field kit only records its imports'); END;"

	/* Each import of a kit: what it brought. Append-only. */
	"CREATE TABLE field_kit_import("
	"  id INTEGER PRIMARY KEY,"
	"  kit_id TEXT NOT NULL REFERENCES field_kit(kit_id),"
	"  imported_at TEXT NOT NULL,"        /* UTC timestamp */
	"  operator TEXT NOT NULL,"
	"  from_seq INTEGER NOT NULL,"        /* kit_log entries from_seq..to_seq */
	"  to_seq INTEGER NOT NULL,"
	"  redemptions INTEGER NOT NULL,"     /* accepted into this database */
	"  conflicts INTEGER NOT NULL,"       /* redeemed here or on another kit first: not posted */
	"  undos INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL,"
	"  movements INTEGER NOT NULL"        /* posted into this journal */
	") STRICT;"
	"CREATE TRIGGER field_kit_import_no_update BEFORE UPDATE ON field_kit_import"
	" BEGIN SELECT RAISE(ABORT, 'kit imports are history'); END;"
	"CREATE TRIGGER field_kit_import_no_delete BEFORE DELETE ON field_kit_import"
	" BEGIN SELECT RAISE(ABORT, 'kit imports are history'); END;"

	/* On a field kit: every redeem and undo run as an SQLite session
	 * changeset of its inserts into redemption, redemption_undo,
	 * redemption_attempt and movement, hash-chained so that a gap or an
	 * edit shows: hash = BLAKE2b-256(prev_hash || seq || at ||
	 * changeset), the first prev_hash derived from the kit's id and its
	 * parent's db_id (voucher/fieldkit.c). Empty on a main database. */
	"CREATE TABLE kit_log("
	"  seq INTEGER PRIMARY KEY,"          /* 1, 2, 3 ... without gaps */
	"  at TEXT NOT NULL,"                 /* UTC timestamp */
	"  changeset BLOB NOT NULL,"
	"  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
	"  hash BLOB NOT NULL CHECK (length(hash) = 32)"
	") STRICT;"
	"CREATE TRIGGER kit_log_no_update BEFORE UPDATE ON kit_log"
	" BEGIN SELECT RAISE(ABORT, 'the kit log is append-only'); END;"
	"CREATE TRIGGER kit_log_no_delete BEFORE DELETE ON kit_log"
	" BEGIN SELECT RAISE(ABORT, 'the kit log is append-only'); END;"

	/* On a field kit: the masked NIK of each recipient, for the person
	 * at the table to compare with the slip, because a kit's recipient
	 * rows carry a placeholder instead of the NIK. */
	"CREATE TABLE kit_recipient("
	"  recipient_id INTEGER PRIMARY KEY REFERENCES recipient(id),"
	"  nik_masked TEXT NOT NULL CHECK (length(nik_masked) = 16)" /* 6402**********12 */
	") STRICT;";

/* Migration 5 — finance's figures and the reconciliation's indexes (issue:
 * reconciliation and reports for finance). Owned by reports/realisation.c
 * (program_budget, reference_price, replacement_doc); the indexes serve
 * reports/reconcile.c. Like the source tables, these rows are never
 * changed: a revision is a new row from a later month, and nothing may
 * start in a closed month, so a closed month's reports stay as they were. */
static const char m5_reports[] =
	/* The budget ceiling (pagu) of a program for a year, from a month on:
	 * the APBD figure from January, its revision (APBD-P) from a later
	 * month. The pagu of a month is the latest row of its year not after
	 * it; without one the realisation report derives it. */
	"CREATE TABLE program_budget("
	"  program_id INTEGER NOT NULL REFERENCES program(id),"
	"  from_period TEXT NOT NULL,"        /* YYYY-MM */
	"  pagu INTEGER NOT NULL CHECK (pagu >= 0)," /* rupiah for the year */
	"  ref TEXT,"                         /* the budget document (DPA) */
	"  recorded_at TEXT NOT NULL,"        /* UTC timestamp */
	"  operator TEXT NOT NULL,"
	"  PRIMARY KEY (program_id, from_period)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TRIGGER program_budget_no_update BEFORE UPDATE ON program_budget"
	" BEGIN SELECT RAISE(ABORT, 'a pagu is revised by a new row from a later month'); END;"
	"CREATE TRIGGER program_budget_no_delete BEFORE DELETE ON program_budget"
	" BEGIN SELECT RAISE(ABORT, 'a pagu is revised by a new row from a later month'); END;"

	/* An item's reference price (HPS, a regent's decree) per base unit
	 * from a month on; lots issued above it, or above the package's
	 * contracted price (program_package.unit_price), are reported. */
	"CREATE TABLE reference_price("
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  from_period TEXT NOT NULL,"        /* YYYY-MM */
	"  price INTEGER NOT NULL CHECK (price >= 0)," /* rupiah per base unit */
	"  source TEXT,"
	"  recorded_at TEXT NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  PRIMARY KEY (item_id, from_period)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TRIGGER reference_price_no_update BEFORE UPDATE ON reference_price"
	" BEGIN SELECT RAISE(ABORT, 'a reference price is revised by a new row from a later month'); END;"
	"CREATE TRIGGER reference_price_no_delete BEFORE DELETE ON reference_price"
	" BEGIN SELECT RAISE(ABORT, 'a reference price is revised by a new row from a later month'); END;"

	/* The statement (surat pernyataan / berita acara penggantian) by
	 * which a recipient replaced another (recipient.replaces_id). */
	"CREATE TABLE replacement_doc("
	"  recipient_id INTEGER PRIMARY KEY REFERENCES recipient(id)," /* the one who replaced */
	"  doc_no TEXT NOT NULL,"
	"  doc_day TEXT NOT NULL,"            /* YYYY-MM-DD, the statement's date */
	"  recorded_at TEXT NOT NULL,"
	"  operator TEXT NOT NULL"
	") STRICT;"
	"CREATE TRIGGER replacement_doc_no_update BEFORE UPDATE ON replacement_doc"
	" BEGIN SELECT RAISE(ABORT, 'a replacement statement is recorded once'); END;"
	"CREATE TRIGGER replacement_doc_no_delete BEFORE DELETE ON replacement_doc"
	" BEGIN SELECT RAISE(ABORT, 'a replacement statement is recorded once'); END;"

	/* Covering indexes for the reconciliation's one pass over a round:
	 * the value of each redemption's issues without reading the journal's
	 * rows (a third of the bytes), and the redemption in force of each
	 * allocation with its day and proxy. */
	"CREATE INDEX movement_redemption_value ON movement(redemption_id, kind, day, lot_id, qty)"
	" WHERE redemption_id IS NOT NULL;"
	"CREATE INDEX redemption_allocation_day ON redemption(allocation_id, day, proxy_name);";

/* Slots for the migrations of the work in progress, one per issue, so
 * that their branches merge without renumbering: 6 trust (issue 10),
 * 7 office data (issue 14), 8 office paper (issue 15), 9 web users,
 * sessions and audit (issue 12). An empty slot migrates nothing. */
static const char m6_trust[] =
	/* The key each voucher was issued under: its slips verify with that
	 * key only (or, reprinted after a rotation, with a later key), so a
	 * retired key cannot sign the slips of later rounds, and revoking a
	 * key voids exactly the slips it signed. Vouchers already there get
	 * the key that was signing when they were made. */
	"ALTER TABLE voucher ADD COLUMN key_id INTEGER REFERENCES signing_key(key_id);"
	"DROP TRIGGER voucher_no_update;"
	"UPDATE voucher SET key_id = (SELECT k.key_id FROM signing_key k WHERE k.created_at <= voucher.created_at"
	" ORDER BY k.created_at DESC LIMIT 1);"
	"CREATE TRIGGER voucher_no_update BEFORE UPDATE ON voucher"
	" BEGIN SELECT RAISE(ABORT, 'vouchers are never changed: revoke and reissue'); END;"
	/* Why a serial was typed rather than scanned (redeem --manual --reason). */
	"ALTER TABLE redemption ADD COLUMN manual_reason TEXT;"
	/* What happened to a key besides rotation: revoked (compromised: every
	 * slip it signed is refused until reissued) or lost (its file is gone:
	 * a new key was made without it; its slips stay valid). */
	"CREATE TABLE signing_key_event("
	"  id INTEGER PRIMARY KEY,"
	"  key_id INTEGER NOT NULL REFERENCES signing_key(key_id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('revoked','lost')),"
	"  reason TEXT NOT NULL,"
	"  at TEXT NOT NULL,"                 /* UTC timestamp */
	"  operator TEXT NOT NULL"
	") STRICT;"
	"CREATE UNIQUE INDEX signing_key_revoked ON signing_key_event(key_id) WHERE kind = 'revoked';"
	"CREATE TRIGGER signing_key_event_no_update BEFORE UPDATE ON signing_key_event"
	" BEGIN SELECT RAISE(ABORT, 'what happened to a key is history'); END;"
	"CREATE TRIGGER signing_key_event_no_delete BEFORE DELETE ON signing_key_event"
	" BEGIN SELECT RAISE(ABORT, 'what happened to a key is history'); END;"
	/* Which vouchers went into which field kit, recorded in this database
	 * at export: a kit's redemption of any other voucher is a conflict,
	 * whatever the kit's own tables say. Kits exported before this
	 * migration get the vouchers their export would have carried. */
	"CREATE TABLE field_kit_voucher("
	"  kit_id TEXT NOT NULL REFERENCES field_kit(kit_id),"
	"  voucher_id INTEGER NOT NULL REFERENCES voucher(id),"
	"  PRIMARY KEY (kit_id, voucher_id)"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO field_kit_voucher SELECT DISTINCT k.kit_id, v.id FROM field_kit k"
	" JOIN allocation a ON a.point_id = k.point_id AND a.period <= k.period"
	" JOIN voucher v ON v.allocation_id = a.id"
	" WHERE EXISTS (SELECT 1 FROM voucher w WHERE w.allocation_id = a.id AND w.last_day >= k.period || '-01');"
	"CREATE TRIGGER field_kit_voucher_no_update BEFORE UPDATE ON field_kit_voucher"
	" BEGIN SELECT RAISE(ABORT, 'what went into a field kit is history'); END;"
	"CREATE TRIGGER field_kit_voucher_no_delete BEFORE DELETE ON field_kit_voucher"
	" BEGIN SELECT RAISE(ABORT, 'what went into a field kit is history'); END;"
	/* The business day a kit was exported (its opening stock's day; with
	 * $LUMBUNG_TODAY not the clock's): no redemption on it can be
	 * older. NULL for kits exported before: the day of exported_at. */
	"ALTER TABLE field_kit ADD COLUMN export_day TEXT;"
	"CREATE TRIGGER field_kit_export_day_fixed BEFORE UPDATE OF export_day ON field_kit"
	" WHEN new.export_day IS NOT old.export_day"
	" BEGIN SELECT RAISE(ABORT, 'a field kit only records its imports'); END;"
	/* The redemption in force is asked of three places (redeemed, the
	 * redemptions not undone, the accepted attempts not undone), so that
	 * a row deleted by hand from one of them never makes a slip
	 * redeemable again; this index serves the third. */
	"CREATE INDEX redemption_attempt_allocation ON redemption_attempt(allocation_id, redemption_id)"
	" WHERE outcome = 'accepted';"
	/* redeemed loses a row only through an undo. */
	"CREATE TRIGGER redeemed_no_delete BEFORE DELETE ON redeemed"
	" WHEN NOT EXISTS (SELECT 1 FROM redemption_undo u WHERE u.redemption_id = old.redemption_id)"
	" BEGIN SELECT RAISE(ABORT, 'a redemption in force is released only by redeem undo'); END;"
	"CREATE TRIGGER redeemed_no_update BEFORE UPDATE ON redeemed"
	" BEGIN SELECT RAISE(ABORT, 'a redemption in force is released only by redeem undo'); END;"
	/* The history log: a copy, made by a trigger as each row of a
	 * history table is inserted, of what must never change in it (the
	 * key and the columns that matter), in insertion order. verify
	 * compares each table with its log: a row deleted (its entry stays),
	 * changed (its copy differs), or inserted with its trigger dropped
	 * (no entry), and an entry deleted (seq runs 1, 2, 3 ... without
	 * gaps) are named. Rows already there are logged by this migration. */
	"CREATE TABLE history_log("
	"  seq INTEGER PRIMARY KEY,"          /* 1, 2, 3 ...: a gap is a deleted entry */
	"  tbl TEXT NOT NULL,"                /* the history table */
	"  key ANY NOT NULL,"                 /* its row's key (composite keys joined with '/') */
	"  row TEXT NOT NULL"                 /* json_array of the columns that never change */
	") STRICT;"
	"CREATE INDEX history_log_row ON history_log(tbl, key);"
	"CREATE TRIGGER history_log_no_update BEFORE UPDATE ON history_log"
	" BEGIN SELECT RAISE(ABORT, 'the history log is append-only'); END;"
	"CREATE TRIGGER history_log_no_delete BEFORE DELETE ON history_log"
	" BEGIN SELECT RAISE(ABORT, 'the history log is append-only'); END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'redemption', id, json_array(id, voucher_id, allocation_id, point_id, day, redeemed_at, operator, proxy_name, manual, override_reason, source, kit_id, kit_ref, manual_reason) FROM redemption ORDER BY rowid;"
	"CREATE TRIGGER redemption_log AFTER INSERT ON redemption BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('redemption', new.id, json_array(new.id, new.voucher_id, new.allocation_id, new.point_id, new.day, new.redeemed_at, new.operator, new.proxy_name, new.manual, new.override_reason, new.source, new.kit_id, new.kit_ref, new.manual_reason));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'redemption_undo', redemption_id, json_array(redemption_id, reason, day, undone_at, operator, kit_id) FROM redemption_undo ORDER BY rowid;"
	"CREATE TRIGGER redemption_undo_log AFTER INSERT ON redemption_undo BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('redemption_undo', new.redemption_id, json_array(new.redemption_id, new.reason, new.day, new.undone_at, new.operator, new.kit_id));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'redemption_attempt', id, json_array(id, at, day, point_id, serial, voucher_id, allocation_id, outcome, redemption_id, source, kit_id, kit_ref) FROM redemption_attempt ORDER BY rowid;"
	"CREATE TRIGGER redemption_attempt_log AFTER INSERT ON redemption_attempt BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('redemption_attempt', new.id, json_array(new.id, new.at, new.day, new.point_id, new.serial, new.voucher_id, new.allocation_id, new.outcome, new.redemption_id, new.source, new.kit_id, new.kit_ref));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'voucher', id, json_array(id, allocation_id, serial, last_day, replaces_id, created_at, key_id) FROM voucher ORDER BY rowid;"
	"CREATE TRIGGER voucher_log AFTER INSERT ON voucher BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('voucher', new.id, json_array(new.id, new.allocation_id, new.serial, new.last_day, new.replaces_id, new.created_at, new.key_id));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'voucher_revocation', voucher_id, json_array(voucher_id, reason, revoked_at, operator) FROM voucher_revocation ORDER BY rowid;"
	"CREATE TRIGGER voucher_revocation_log AFTER INSERT ON voucher_revocation BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('voucher_revocation', new.voucher_id, json_array(new.voucher_id, new.reason, new.revoked_at, new.operator));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'allocation', id, json_array(id, program_id, period, recipient_id, point_id) FROM allocation ORDER BY rowid;"
	"CREATE TRIGGER allocation_log AFTER INSERT ON allocation BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('allocation', new.id, json_array(new.id, new.program_id, new.period, new.recipient_id, new.point_id));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'period_close', period, json_array(period, closed_at, operator, forced) FROM period_close ORDER BY rowid;"
	"CREATE TRIGGER period_close_log AFTER INSERT ON period_close BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('period_close', new.period, json_array(new.period, new.closed_at, new.operator, new.forced));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'signing_key', key_id, json_array(key_id, hex(public_key), created_at) FROM signing_key ORDER BY created_at, retired_at IS NULL, retired_at;"
	"CREATE TRIGGER signing_key_log AFTER INSERT ON signing_key BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('signing_key', new.key_id, json_array(new.key_id, hex(new.public_key), new.created_at));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'lot', id, json_array(id, item_id, code, expiry, unit_cost, supplier_id, received_on) FROM lot ORDER BY rowid;"
	"CREATE TRIGGER lot_log AFTER INSERT ON lot BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('lot', new.id, json_array(new.id, new.item_id, new.code, new.expiry, new.unit_cost, new.supplier_id, new.received_on));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'program_package', program_id || '/' || from_period || '/' || item_id, json_array(program_id, from_period, item_id, qty, unit_price) FROM program_package ORDER BY 1;"
	"CREATE TRIGGER program_package_log AFTER INSERT ON program_package BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('program_package', new.program_id || '/' || new.from_period || '/' || new.item_id, json_array(new.program_id, new.from_period, new.item_id, new.qty, new.unit_price));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'program_budget', program_id || '/' || from_period, json_array(program_id, from_period, pagu) FROM program_budget ORDER BY 1;"
	"CREATE TRIGGER program_budget_log AFTER INSERT ON program_budget BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('program_budget', new.program_id || '/' || new.from_period, json_array(new.program_id, new.from_period, new.pagu));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'reference_price', item_id || '/' || from_period, json_array(item_id, from_period, price) FROM reference_price ORDER BY 1;"
	"CREATE TRIGGER reference_price_log AFTER INSERT ON reference_price BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('reference_price', new.item_id || '/' || new.from_period, json_array(new.item_id, new.from_period, new.price));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'recipient_status', id, json_array(id, recipient_id, status, day, reason) FROM recipient_status ORDER BY rowid;"
	"CREATE TRIGGER recipient_status_log AFTER INSERT ON recipient_status BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('recipient_status', new.id, json_array(new.id, new.recipient_id, new.status, new.day, new.reason));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'signing_key_event', id, json_array(id, key_id, kind, reason, at) FROM signing_key_event;"
	"CREATE TRIGGER signing_key_event_log AFTER INSERT ON signing_key_event BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('signing_key_event', new.id, json_array(new.id, new.key_id, new.kind, new.reason, new.at));"
	" END;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'field_kit_voucher', kit_id || '/' || voucher_id, json_array(kit_id, voucher_id) FROM field_kit_voucher ORDER BY 1;"
	"CREATE TRIGGER field_kit_voucher_log AFTER INSERT ON field_kit_voucher BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('field_kit_voucher', new.kit_id || '/' || new.voucher_id, json_array(new.kit_id, new.voucher_id));"
	" END;"
	/* Packages and allocations are history too: a package is revised by
	 * a row from a later round, an allocation is cancelled by its status
	 * (the only column that may change). */
	"CREATE TRIGGER program_package_no_update BEFORE UPDATE ON program_package"
	" BEGIN SELECT RAISE(ABORT, 'a package is revised by a new row from a later round'); END;"
	"CREATE TRIGGER program_package_no_delete BEFORE DELETE ON program_package"
	" WHEN EXISTS (SELECT 1 FROM allocation_run r WHERE r.program_id = old.program_id AND r.period >= old.from_period)"
	" BEGIN SELECT RAISE(ABORT, 'a package under an allocated round never changes'); END;"
	"CREATE TRIGGER allocation_status_only BEFORE UPDATE ON allocation"
	" WHEN new.id IS NOT old.id OR new.program_id IS NOT old.program_id OR new.period IS NOT old.period"
	"  OR new.recipient_id IS NOT old.recipient_id OR new.point_id IS NOT old.point_id"
	" BEGIN SELECT RAISE(ABORT, 'an allocation only ever changes its status'); END;"
	"CREATE TRIGGER allocation_no_delete BEFORE DELETE ON allocation"
	" BEGIN SELECT RAISE(ABORT, 'allocations are never deleted: cancel them'); END;"
	"CREATE TRIGGER recipient_nik_fixed BEFORE UPDATE OF nik ON recipient WHEN new.nik IS NOT old.nik"
	" BEGIN SELECT RAISE(ABORT, 'a NIK is never changed: register the person anew'); END;"
	/* The history log as a hash chain, as the journal: each entry's
	 * hash covers the previous entry's hash and its own seq, tbl, key
	 * and row (lb_hash_history), so an entry changed or deleted in the
	 * log itself is the first that does not recompute. The triggers
	 * above cannot hash, so an entry is written with no hash and sealed
	 * by lb_db_commit in the same transaction (core/db.c); the only
	 * update the log allows is that one, from no hash to a hash. This
	 * migration's own commit seals the entries it copied above. */
	"ALTER TABLE history_log ADD COLUMN hash BLOB;"
	"CREATE INDEX history_log_unsealed ON history_log(seq) WHERE hash IS NULL;"
	"DROP TRIGGER history_log_no_update;"
	"CREATE TRIGGER history_log_no_update BEFORE UPDATE ON history_log"
	" WHEN old.hash IS NOT NULL OR new.hash IS NULL OR new.seq IS NOT old.seq OR new.tbl IS NOT old.tbl"
	"  OR new.key IS NOT old.key OR new.row IS NOT old.row"
	" BEGIN SELECT RAISE(ABORT, 'the history log is append-only'); END;";

/* Office data (issue 14): villages found by name within a district when
 * a list gives names instead of codes; every edit of a recipient kept.
 * Recipients are found by a part of their name (LIKE '%…%'), which no
 * index serves: no name index, so that a bulk import rebuilds no more. */
static const char m7_office_data[] =
	"CREATE INDEX region_village_name ON region_village(name COLLATE NOCASE);"
	"CREATE TABLE recipient_edit("
	"  id INTEGER PRIMARY KEY,"
	"  recipient_id INTEGER NOT NULL REFERENCES recipient(id),"
	"  field TEXT NOT NULL,"             /* address, phone, point, name */
	"  old_value TEXT,"
	"  new_value TEXT,"
	"  edited_at TEXT NOT NULL,"         /* UTC */
	"  operator TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX recipient_edit_recipient ON recipient_edit(recipient_id, id);";

static const char m8_office_paper[] =
	/* Numbers given to the office's documents (BAST, handover lists,
	 * berita acara stock opname). A document keeps the number it was
	 * first given, so printing it again shows the same number, and a
	 * (doc, year, seq) is never given twice, so no number is reused. */
	"CREATE TABLE doc_number("
	"  id INTEGER PRIMARY KEY,"
	"  doc TEXT NOT NULL,"                /* bast, handover, opname */
	"  year INTEGER NOT NULL,"            /* the sequence restarts each year */
	"  seq INTEGER NOT NULL CHECK (seq > 0),"
	"  subject TEXT NOT NULL,"            /* what it numbers: SEMBAKO/2026-01/64.02.06.1002 */
	"  number TEXT NOT NULL,"             /* as printed, from the pattern in force then */
	"  issued_at TEXT NOT NULL,"          /* UTC */
	"  UNIQUE (doc, year, seq),"
	"  UNIQUE (doc, subject)"
	") STRICT;"
	"CREATE TRIGGER doc_number_no_update BEFORE UPDATE ON doc_number"
	" BEGIN SELECT RAISE(ABORT, 'a document number is given once'); END;"
	"CREATE TRIGGER doc_number_no_delete BEFORE DELETE ON doc_number"
	" BEGIN SELECT RAISE(ABORT, 'a document number is never taken back'); END;"

	/* The logo of the kop surat: the image itself, so that the
	 * documents do not depend on a file that may move. One row. */
	"CREATE TABLE office_logo("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  kind TEXT NOT NULL CHECK (kind IN ('png', 'jpeg')),"
	"  image BLOB NOT NULL,"
	"  set_at TEXT NOT NULL,"
	"  operator TEXT NOT NULL"
	") STRICT;"

	/* Why a count differs from the books (rusak, kedaluwarsa, susut),
	 * as the berita acara stock opname states it; NULL: not said. */
	"CREATE TABLE stock_count_reason("
	"  count_id INTEGER PRIMARY KEY REFERENCES stock_count(id),"
	"  reason TEXT NOT NULL"
	") STRICT;"

	/* The month's stock reconciliation and the journal's as-of balance
	 * sum each location's arriving and leaving legs per item and lot.
	 * Ordered so, and covering what they read, these let SQLite skip
	 * the recipients' side of a million issues and sum the points' side
	 * as it reads, without sorting the journal. */
	"CREATE INDEX movement_to_leg ON movement(to_id, item_id, lot_id, day, kind, qty, reverses);"
	"CREATE INDEX movement_from_leg ON movement(from_id, item_id, lot_id, day, kind, qty, reverses);";

static const char m9_web[] =
	/* People who log in to `lumbung serve` (and the CLI's user
	 * commands). The password is kept only as libsodium's Argon2id
	 * string (crypto_pwhash_str: algorithm, parameters, salt and hash),
	 * never in a form it could be read back from. A user is never
	 * deleted: the audit log names them. */
	"CREATE TABLE app_user("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE," /* login name */
	"  pw_hash TEXT NOT NULL,"
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
	"  created_at TEXT NOT NULL,"
	"  changed_at TEXT NOT NULL"               /* password or state last changed */
	") STRICT;"
	/* A user's roles; capabilities come from them (web/user.c). */
	"CREATE TABLE user_role("
	"  user_id INTEGER NOT NULL REFERENCES app_user(id),"
	"  role TEXT NOT NULL CHECK (role IN ('admin','pendataan','gudang','penyalur','keuangan','auditor')),"
	"  PRIMARY KEY (user_id, role)"
	") STRICT, WITHOUT ROWID;"
	/* The distribution points a penyalur may act for. */
	"CREATE TABLE user_point("
	"  user_id INTEGER NOT NULL REFERENCES app_user(id),"
	"  location_id INTEGER NOT NULL REFERENCES location(id),"
	"  PRIMARY KEY (user_id, location_id)"
	") STRICT, WITHOUT ROWID;"
	/* Logged-in sessions. Only the BLAKE2b hash of the cookie's token is
	 * kept, so a copy of the database does not log anyone in. */
	"CREATE TABLE web_session("
	"  token_hash BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES app_user(id),"
	"  created_at INTEGER NOT NULL,"          /* unix seconds */
	"  expires_at INTEGER NOT NULL,"
	"  address TEXT NOT NULL"                 /* where it logged in from */
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX web_session_user ON web_session(user_id);"
	/* Who did what: every write made through the web or the user
	 * commands, and every login, accepted or not. Append-only. */
	"CREATE TABLE audit("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"                     /* UTC, 2026-01-15T08:00:00Z */
	"  user TEXT NOT NULL,"                   /* login name, or as typed at a failed login */
	"  address TEXT NOT NULL,"                /* client address, or 'cli' */
	"  action TEXT NOT NULL,"                 /* login, logout, user.add, nik.show ... */
	"  subject TEXT NOT NULL,"                /* what it acted on, never a NIK */
	"  result TEXT NOT NULL"                  /* ok, or why it was refused */
	") STRICT;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;"
	/* Recent failed logins, for slowing and limiting guessing per user
	 * name and per address; old rows are pruned as new ones come. */
	"CREATE TABLE login_fail("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"                  /* unix seconds */
	"  user TEXT NOT NULL COLLATE NOCASE,"
	"  address TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX login_fail_user ON login_fail(user, at);"
	"CREATE INDEX login_fail_address ON login_fail(address, at);"
	/* The web's search by the start of a name, case ignored. */
	"CREATE INDEX recipient_name ON recipient(name COLLATE NOCASE);"
	/* The web's recipient page: their allocations. */
	"CREATE INDEX allocation_recipient ON allocation(recipient_id);";

/* Migration 10 — the web's scan page and forms (issue 13).
 *
 * web_idem (web/idem.c): the one-time key every web form carries, and
 * the answer its first POST got, so that a double click, a resubmitted
 * form or a retried request posts once and is shown the same answer.
 * Keyed by user and key; rows expire (expires_at) and are pruned as new
 * ones come. The answer is kept whole (status, type, redirect, body). */
static const char m10_web_scan[] =
	"CREATE TABLE web_idem("
	"  user_id INTEGER NOT NULL,"
	"  key TEXT NOT NULL,"                    /* 64 hex digits, from the form */
	"  path TEXT NOT NULL,"                   /* the page it was posted to */
	"  created_at INTEGER NOT NULL,"          /* unix seconds */
	"  expires_at INTEGER NOT NULL,"
	"  status INTEGER NOT NULL,"              /* the first answer: HTTP status */
	"  type TEXT NOT NULL,"                   /* Content-Type */
	"  location TEXT NOT NULL,"               /* redirect target, '' when none */
	"  body BLOB NOT NULL,"                    /* a few KB: a rowid table, not WITHOUT ROWID */
	"  UNIQUE (user_id, key)"
	") STRICT;"
	"CREATE INDEX web_idem_expires ON web_idem(expires_at);"
	/* What the web's scan page learns at a handover besides the
	 * redemption itself (voucher/redemption.c writes it in the
	 * redemption's transaction): the proxy's relation to the recipient
	 * (the name is redemption.proxy_name), a photo of the handover
	 * (JPEG or PNG as the phone sent it, at most 2 MB; shown only to
	 * roles that may see personal data), and where the browser said it
	 * was, if the user allowed it. Append-only, like the redemption. */
	"CREATE TABLE redemption_handover("
	"  redemption_id INTEGER PRIMARY KEY REFERENCES redemption(id),"
	"  proxy_relation TEXT,"                  /* anak, istri, tetangga ...; NULL: in person */
	"  photo BLOB,"                           /* NULL: no photo */
	"  photo_type TEXT CHECK (photo_type IN ('image/jpeg','image/png')),"
	"  lat REAL CHECK (lat BETWEEN -90 AND 90),"
	"  lon REAL CHECK (lon BETWEEN -180 AND 180),"
	"  accuracy_m REAL CHECK (accuracy_m >= 0)," /* the browser's estimate, metres */
	"  CHECK ((photo IS NULL) = (photo_type IS NULL)),"
	"  CHECK ((lat IS NULL) = (lon IS NULL))"
	") STRICT;"
	"CREATE TRIGGER redemption_handover_no_update BEFORE UPDATE ON redemption_handover"
	" BEGIN SELECT RAISE(ABORT, 'a handover record is never changed'); END;"
	"CREATE TRIGGER redemption_handover_no_delete BEFORE DELETE ON redemption_handover"
	" BEGIN SELECT RAISE(ABORT, 'a handover record is never deleted'); END;";

/* Field verification (recipients/fieldcheck.c): a report that a
 * recipient may no longer be eligible, and the data staff's decision.
 * Both are history: never changed, never deleted, copied into the
 * history log that verify compares. The photo is kept by its hash in
 * the log, so a swapped photo is found too. */
static const char m12_field_check[] =
	"CREATE TABLE field_check("
	"  id INTEGER PRIMARY KEY,"
	"  recipient_id INTEGER NOT NULL REFERENCES recipient(id),"
	"  reason TEXT NOT NULL CHECK (reason IN ('mampu','pindah','meninggal','tidak-ditemukan')),"
	"  note TEXT NOT NULL,"
	"  photo BLOB,"
	"  photo_type TEXT CHECK (photo_type IN ('image/jpeg','image/png')),"
	"  photo_hash TEXT,"                  /* BLAKE2b-256 hex of photo */
	"  flagged_at TEXT NOT NULL,"         /* UTC timestamp */
	"  flagged_by TEXT NOT NULL,"
	"  CHECK ((photo IS NULL) = (photo_type IS NULL) AND (photo IS NULL) = (photo_hash IS NULL))"
	") STRICT;"
	"CREATE INDEX field_check_recipient ON field_check(recipient_id);"
	"CREATE TABLE field_check_decision("
	"  check_id INTEGER PRIMARY KEY REFERENCES field_check(id),"
	"  decision TEXT NOT NULL CHECK (decision IN ('diterima','ditolak')),"
	"  note TEXT NOT NULL,"
	"  decided_at TEXT NOT NULL,"
	"  decided_by TEXT NOT NULL"
	") STRICT;"
	"CREATE TRIGGER field_check_no_update BEFORE UPDATE ON field_check"
	" BEGIN SELECT RAISE(ABORT, 'a field report is history'); END;"
	"CREATE TRIGGER field_check_no_delete BEFORE DELETE ON field_check"
	" BEGIN SELECT RAISE(ABORT, 'a field report is history'); END;"
	"CREATE TRIGGER field_check_decision_no_update BEFORE UPDATE ON field_check_decision"
	" BEGIN SELECT RAISE(ABORT, 'a decision on a field report is history'); END;"
	"CREATE TRIGGER field_check_decision_no_delete BEFORE DELETE ON field_check_decision"
	" BEGIN SELECT RAISE(ABORT, 'a decision on a field report is history'); END;"
	"CREATE TRIGGER field_check_log AFTER INSERT ON field_check BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('field_check', new.id, json_array(new.id, new.recipient_id, new.reason, new.note, new.photo_type, new.photo_hash, new.flagged_at, new.flagged_by));"
	" END;"
	"CREATE TRIGGER field_check_decision_log AFTER INSERT ON field_check_decision BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('field_check_decision', new.check_id, json_array(new.check_id, new.decision, new.note, new.decided_at, new.decided_by));"
	" END;";

/* Late entries (issue 10): a scan loaded from a scanner file hands over
 * on the scanner's day and keeps the scanner's time as the redemption's
 * (redeemed_at); the time it was entered here is kept beside it, so that
 * the reports can show a handover entered more than a day after its scan.
 * Owned by voucher/redemption.c; history like the redemption (append-only,
 * logged). Rows from before this migration: the entry time their accepted
 * attempt's detail quoted ("(scanned ..., entered ...Z)"). */
static const char m11_trust_late[] =
	"CREATE TABLE redemption_entry("
	"  redemption_id INTEGER PRIMARY KEY REFERENCES redemption(id),"
	"  scanned_utc TEXT NOT NULL,"        /* the scanner's time in UTC; one written without a zone is the office's */
	"  entered_at TEXT NOT NULL"          /* UTC timestamp: when it was entered here */
	") STRICT;"
	"CREATE TRIGGER redemption_entry_no_update BEFORE UPDATE ON redemption_entry"
	" BEGIN SELECT RAISE(ABORT, 'when a redemption was entered never changes'); END;"
	"CREATE TRIGGER redemption_entry_no_delete BEFORE DELETE ON redemption_entry"
	" BEGIN SELECT RAISE(ABORT, 'when a redemption was entered never changes'); END;"
	"INSERT INTO redemption_entry(redemption_id, scanned_utc, entered_at)"
	" SELECT r.id, strftime('%Y-%m-%dT%H:%M:%SZ', r.redeemed_at,"
	"  CASE WHEN r.redeemed_at GLOB '*Z' OR r.redeemed_at GLOB '*[+-][0-9][0-9]:[0-9][0-9]' THEN '+0 minutes'"
	"  ELSE (SELECT CASE coalesce((SELECT value FROM meta WHERE key = 'setting.timezone'), '')"
	"   WHEN 'Asia/Jakarta' THEN '-420 minutes' WHEN 'Asia/Jayapura' THEN '-540 minutes' ELSE '-480 minutes' END) END),"
	"  substr(a.detail, instr(a.detail, ', entered ') + 10, 20)"
	" FROM redemption r JOIN redemption_attempt a ON a.redemption_id = r.id AND a.outcome = 'accepted'"
	" WHERE r.kit_id IS NULL AND a.detail GLOB '*(scanned *, entered [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z)'"
	" AND strftime('%Y-%m-%dT%H:%M:%SZ', r.redeemed_at) IS NOT NULL ORDER BY r.id;"
	"INSERT INTO history_log(tbl, key, row) SELECT 'redemption_entry', redemption_id,"
	" json_array(redemption_id, scanned_utc, entered_at) FROM redemption_entry ORDER BY redemption_id;"
	"CREATE TRIGGER redemption_entry_log AFTER INSERT ON redemption_entry BEGIN"
	"  INSERT INTO history_log(tbl, key, row) VALUES ('redemption_entry', new.redemption_id,"
	"   json_array(new.redemption_id, new.scanned_utc, new.entered_at));"
	" END;";

static const char *const migrations[] = {
	m1_core_inventory,
	m2_recipients_programs,
	m3_vouchers,
	m4_redemption,
	m5_reports,
	m6_trust,
	m7_office_data,
	m8_office_paper,
	m9_web,
	m10_web_scan,
	m11_trust_late,
	m12_field_check,
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int lb_schema_latest(void)
{
	return NMIGRATIONS;
}

int lb_schema_target(void)
{
	const char *s = getenv("LUMBUNG_SCHEMA_TARGET");
	if (s && *s) {
		int v = atoi(s);
		if (v >= 1 && v <= NMIGRATIONS)
			return v;
	}
	return NMIGRATIONS;
}

const char *lb_schema_migration(int version)
{
	return version >= 1 && version <= NMIGRATIONS ? migrations[version - 1] : NULL;
}
