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
	 * unit; packs name larger units with exact factors. */
	"CREATE TABLE item("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"               /* base unit: kg, gram, liter, butir, kaleng */
	"  shelf_life_days INTEGER CHECK (shelf_life_days > 0),"
	"  created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE item_pack("
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  name TEXT NOT NULL,"               /* rak, karung, dus */
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
	"  code TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('warehouse','point','supplier','external')),"
	"  name TEXT NOT NULL,"
	"  village TEXT,"                     /* Kemendagri code, for points */
	"  created_at TEXT NOT NULL"
	") STRICT;"
	"INSERT INTO location(code, kind, name, created_at) VALUES"
	" ('@SUPPLY', 'external', 'Pemasok (tanpa nama)', '1970-01-01T00:00:00Z'),"
	" ('@RECIPIENTS', 'external', 'Penerima manfaat', '1970-01-01T00:00:00Z'),"
	" ('@ADJUST', 'external', 'Penyesuaian stok', '1970-01-01T00:00:00Z');"

	/* A lot: one delivery of one item, with its expiry and cost. */
	"CREATE TABLE lot("
	"  id INTEGER PRIMARY KEY,"
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  code TEXT NOT NULL,"
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
	 * a reversing movement that names the one it reverses. */
	"CREATE TABLE movement("
	"  id INTEGER PRIMARY KEY,"           /* journal order; the chain follows it */
	"  key TEXT UNIQUE,"                  /* caller-chosen id: posting it again is a no-op */
	"  kind TEXT NOT NULL CHECK (kind IN ('receive','move','adjust','count','issue','reverse')),"
	"  day TEXT NOT NULL,"                /* business date YYYY-MM-DD */
	"  item_id INTEGER NOT NULL REFERENCES item(id),"
	"  lot_id INTEGER NOT NULL REFERENCES lot(id),"
	"  from_id INTEGER NOT NULL REFERENCES location(id),"
	"  to_id INTEGER NOT NULL REFERENCES location(id),"
	"  qty INTEGER NOT NULL CHECK (qty > 0)," /* base units */
	"  reason TEXT,"                      /* adjust: rusak, hilang, kedaluwarsa, lain, opname */
	"  note TEXT,"
	"  ref TEXT,"                         /* document reference */
	"  reverses INTEGER REFERENCES movement(id),"
	"  redemption_id INTEGER,"            /* issue: the redemption it serves */
	"  operator TEXT NOT NULL,"
	"  posted_at TEXT NOT NULL,"          /* UTC timestamp */
	"  hash BLOB NOT NULL,"               /* BLAKE2b-256 of previous hash and this row */
	"  CHECK (from_id <> to_id)"
	") STRICT;"
	"CREATE TRIGGER movement_no_update BEFORE UPDATE ON movement"
	" BEGIN SELECT RAISE(ABORT, 'the journal is append-only: post a reversing movement'); END;"
	"CREATE TRIGGER movement_no_delete BEFORE DELETE ON movement"
	" BEGIN SELECT RAISE(ABORT, 'the journal is append-only: post a reversing movement'); END;"

	/* Derived: the quantity of each lot at each location, kept current as
	 * movements post so that a balance is a lookup, not a sum over the
	 * journal. verify recomputes it from the journal and compares. */
	"CREATE TABLE balance("
	"  location_id INTEGER NOT NULL REFERENCES location(id),"
	"  lot_id INTEGER NOT NULL REFERENCES lot(id),"
	"  item_id INTEGER NOT NULL,"
	"  internal INTEGER NOT NULL,"        /* 1: warehouse or point */
	"  qty INTEGER NOT NULL,"
	"  PRIMARY KEY (location_id, lot_id),"
	"  CHECK (internal = 0 OR qty >= 0)"  /* backstop: the code checks first */
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX balance_item ON balance(item_id, location_id);"
	"CREATE TRIGGER movement_balance AFTER INSERT ON movement BEGIN"
	"  INSERT INTO balance(location_id, lot_id, item_id, internal, qty)"
	"   VALUES (new.to_id, new.lot_id, new.item_id,"
	"    (SELECT kind IN ('warehouse','point') FROM location WHERE id = new.to_id), new.qty)"
	"   ON CONFLICT(location_id, lot_id) DO UPDATE SET qty = qty + excluded.qty;"
	"  INSERT INTO balance(location_id, lot_id, item_id, internal, qty)"
	"   VALUES (new.from_id, new.lot_id, new.item_id,"
	"    (SELECT kind IN ('warehouse','point') FROM location WHERE id = new.from_id), -new.qty)"
	"   ON CONFLICT(location_id, lot_id) DO UPDATE SET qty = qty + excluded.qty;"
	" END;"

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

static const char *const migrations[] = {
	m1_core_inventory,
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

int lb_schema_migrate(lb_db *db, int target, lb_err *e)
{
	int64_t version;
	int rc;
	char sql[64];

	if ((rc = lb_db_int(db, "PRAGMA user_version", 0, &version, e)))
		return rc;
	if (version > NMIGRATIONS)
		return lb_fail(e, LB_EINPUT,
			       "database '%s' has schema version %lld, newer than this lumbung knows (%d): use a newer lumbung",
			       lb_db_path(db), (long long)version, NMIGRATIONS);
	if (version >= target)
		return LB_OK;
	if ((rc = lb_db_begin(db, e)))
		return rc;
	/* Read again under the write lock: another process may have
	 * migrated while we waited for it. */
	if ((rc = lb_db_int(db, "PRAGMA user_version", 0, &version, e)))
		goto fail;
	for (int v = (int)version; v < target; v++) {
		if ((rc = lb_db_exec(db, migrations[v], e))) {
			lb_err_prefix(e, "cannot migrate database to version %d", v + 1);
			goto fail;
		}
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", target);
	if ((rc = lb_db_exec(db, sql, e)))
		goto fail;
	return lb_db_commit(db, e);
fail:
	lb_db_rollback(db);
	return rc;
}
