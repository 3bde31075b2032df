#!/bin/sh
# Regression (seen in the model-based torture test's refusals): an id
# reused for another kind of movement was named "a adjust" / "a issue".
. "$(dirname "$0")/lib.sh"
plan 5
export LUMBUNG_TODAY=2026-01-05
lb init
lb item add BERAS --name "Beras" --unit kg
lb location add GD --kind warehouse --name "Gudang"
lb stock receive --to GD --item BERAS --qty 100 --lot B1 --unit-cost 1000 --id r1
lb stock adjust --at GD --item BERAS --qty -5 --reason rusak --id a1
expect_rc 0 "setup"
lb stock receive --to GD --item BERAS --qty 1 --lot B1 --unit-cost 1000 --id a1
expect_rc 3 "an id used by an adjustment is refused for a receipt"
err_has "(an adjust of 'BERAS' elsewhere)" "and the adjustment is named with 'an'"
lb stock adjust --at GD --item BERAS --qty -1 --reason rusak --id r1
expect_rc 3 "an id used by a receipt is refused for an adjustment"
err_has "(a receive of 'BERAS' elsewhere)" "and the receipt with 'a'"
