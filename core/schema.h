/*
 * schema.h — the database schema and its migrations.
 *
 * The schema is a list of migrations, each a block of SQL that brings a
 * database from version N-1 to N (PRAGMA user_version). Opening a database
 * runs the missing ones in one IMMEDIATE transaction, so a database is
 * always at one version, never between two. Released migrations are never
 * edited: a change is a new migration at the end.
 */
#ifndef LB_SCHEMA_H
#define LB_SCHEMA_H

#include "db.h"

/* The newest version this build knows. */
int lb_schema_latest(void);

/* The version databases are brought to: the latest, or — for the tests of
 * migration itself — $LUMBUNG_SCHEMA_TARGET when set to an older one. */
int lb_schema_target(void);

/* Bring db up to version target. A database newer than this build is
 * refused (LB_EINPUT) rather than risked. */
int lb_schema_migrate(lb_db *db, int target, lb_err *e);

#endif
