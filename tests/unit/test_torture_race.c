/*
 * test_torture_race.c — make check's short form of the race suite
 * (tests/torture/race.c: redeemers, importers and posters at once on one
 * database, two rounds). make torture runs the long form.
 */
#include "tests/torture/common.c"
#include "tests/torture/race.c"
