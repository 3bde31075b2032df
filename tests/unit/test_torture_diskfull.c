/*
 * test_torture_diskfull.c — make check's short form of the disk-full
 * suite (tests/torture/diskfull.c: every writing command on a database
 * capped at its size). make torture runs the long form.
 */
#include "tests/torture/common.c"
#include "tests/torture/diskfull.c"
