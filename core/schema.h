/*
 * schema.h — the database schema and its migrations.
 *
 * The schema is a list of migrations, each a block of SQL that brings a
 * database from version N-1 to N (PRAGMA user_version). Opening a database
 * runs the missing ones in one IMMEDIATE transaction, so a database is
 * always at one version, never between two (core/db.c runs them; this
 * unit only holds them). Released migrations are never
 * edited: a change is a new migration at the end.
 */
#ifndef LB_SCHEMA_H
#define LB_SCHEMA_H

/* The newest version this build knows. */
int lb_schema_latest(void);

/* The version databases are brought to: the latest, or — for the tests of
 * migration itself — $LUMBUNG_SCHEMA_TARGET when set to an older one. */
int lb_schema_target(void);

/* The SQL that brings a database from version-1 to version (1 to
 * lb_schema_latest()), or NULL. Running it is lb_db_open's (core/db.c):
 * the schema is data and knows nothing of the connection. */
const char *lb_schema_migration(int version);

#endif
