/*
 * test_torture_dishonest.c — make check's short form of the dishonest
 * kits suite (tests/torture/dishonest.c: field kits edited by their
 * holder, imported, and the main database held to an independent model).
 * make torture runs the long form.
 */
#include "tests/torture/common.c"
#include "tests/torture/dishonest.c"
