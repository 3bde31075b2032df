/*
 * test_torture_model.c — make check's short form of the model-based
 * random test (tests/torture/model.c: a few thousand operations against
 * an independent model). make torture runs the long form.
 */
#include "tests/torture/common.c"
#include "tests/torture/model.c"
