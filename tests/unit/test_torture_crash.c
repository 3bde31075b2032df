/*
 * test_torture_crash.c — make check's short form of the crash suite
 * (tests/torture/crash.c: writers killed with SIGKILL, a dozen rounds).
 * make torture runs the long form.
 */
#include "tests/torture/common.c"
#include "tests/torture/crash.c"
