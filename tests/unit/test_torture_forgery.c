/*
 * test_torture_forgery.c — make check's short form of the forgery suite
 * (tests/torture/forgery.c: a few thousand mutated payloads against
 * verify and redeem). make torture runs the long form.
 */
#include "tests/torture/common.c"
#include "tests/torture/forgery.c"
