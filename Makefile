# lumbung — build, test, demo and benchmark.
#
#   make          build ./lumbung (optimised)
#   make deps     install missing Debian packages (apt-get; sudo when not root)
#   make check    deps, then build with ASan+UBSan and -Werror and run every test
#   make demo     deps, build, run the whole story on a fresh database in ./demo
#   make bench    deps, build, run the benchmarks (never part of check)
#   make fuzz     libFuzzer targets, each for FUZZ_SECONDS
#   make torture  the long forms of the model, crash and forgery tests

CC      ?= cc
PKGS    := sqlite3 libsodium libqrencode xlsxwriter zbar libpng libjpeg \
           libmicrohttpd libzip expat
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lm

WARN    := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wvla -Wundef -Wcast-align \
           -Wno-unused-parameter -Wno-format-truncation \
           -Wno-missing-field-initializers
DEFS    := -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
           -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK
INCS    := -I. $(PKG_CFLAGS)
BASE_CFLAGS := -std=c11 $(WARN) $(DEFS) $(INCS)

REL_CFLAGS  := $(BASE_CFLAGS) -O2 -g
CHK_CFLAGS  := $(BASE_CFLAGS) -O1 -g -Werror -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined
CHK_LDFLAGS := -fsanitize=address,undefined

MODULES := core inventory recipients program doc voucher reports web
LIB_SRC := $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
CLI_SRC := $(wildcard cli/*.c)
HDRS    := $(foreach m,$(MODULES) cli,$(wildcard $(m)/*.h))
UNIT_SRC := $(wildcard tests/unit/test_*.c)

REL_OBJ := $(patsubst %.c,build/rel/%.o,$(LIB_SRC) $(CLI_SRC))
CHK_LIB_OBJ := $(patsubst %.c,build/chk/%.o,$(LIB_SRC))
CHK_OBJ := $(CHK_LIB_OBJ) $(patsubst %.c,build/chk/%.o,$(CLI_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,build/chk/tests/%,$(UNIT_SRC))

.PHONY: all deps check demo bench fuzz torture clean unit
# Keep intermediate objects (the fuzz build) between runs.
.SECONDARY:

all: lumbung

lumbung: $(REL_OBJ)
	$(CC) -o $@ $(REL_OBJ) $(PKG_LIBS)

build/rel/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c -o $@ $<

build/chk/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CHK_CFLAGS) -c -o $@ $<

build/chk/lumbung: $(CHK_OBJ)
	$(CC) $(CHK_LDFLAGS) -o $@ $(CHK_OBJ) $(PKG_LIBS)

build/chk/tests/%: tests/unit/%.c $(CHK_LIB_OBJ) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CHK_CFLAGS) -o $@ $< $(CHK_LIB_OBJ) $(CHK_LDFLAGS) $(PKG_LIBS) -lcmocka

deps:
	@sh tools/deps.sh

check: deps
	@$(MAKE) --no-print-directory build/chk/lumbung $(UNIT_BIN) $(REPLAY_BIN)
	@sh tests/run.sh build/chk/lumbung $(UNIT_BIN) $(REPLAY_BIN)

unit: $(UNIT_BIN)
	@sh tests/run.sh --unit-only build/chk/lumbung $(UNIT_BIN)

demo: deps
	@$(MAKE) --no-print-directory lumbung
	@sh demo/demo.sh

bench: deps
	@$(MAKE) --no-print-directory lumbung
	@sh bench/run.sh

clean:
	rm -rf build lumbung demo/out bench/out

# --- fuzzing -------------------------------------------------------------
# Each tests/fuzz/fuzz_NAME.c is a libFuzzer target with a seed corpus in
# tests/fuzz/corpus/NAME. `make fuzz` runs each for FUZZ_SECONDS on a copy
# of its seeds (new inputs stay under build/, the tree's corpus is not
# touched). `make check` replays every seed and every saved crash through
# the same targets with a plain driver, so a fixed crash stays fixed.
FUZZ_SECONDS ?= 60
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
REPLAY_BIN := $(patsubst tests/fuzz/%.c,build/chk/replay/%,$(FUZZ_SRC))
FUZZ_CFLAGS := -std=c11 $(DEFS) $(INCS) -g -O1 -fsanitize=fuzzer-no-link,address,undefined
FUZZ_LIB_OBJ := $(patsubst %.c,build/fuzz/%.o,$(LIB_SRC))

build/fuzz/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJ)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(PKG_LIBS)

build/chk/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(CHK_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CHK_CFLAGS) -o $@ $< tests/fuzz/replay.c $(CHK_LIB_OBJ) $(CHK_LDFLAGS) $(PKG_LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

# --- torture -------------------------------------------------------------
# Each tests/torture/NAME.c (besides common.c) is one suite: model-based
# random operations, crash safety, disk full, forgery, races. make check
# runs its short form through tests/unit/test_torture_NAME.c (a wrapper
# that includes it) with the sanitizers; `make torture` builds it
# optimised and runs the long form (LUMBUNG_TORTURE=1) against ./lumbung.
TORTURE_SRC := $(filter-out tests/torture/common.c,$(wildcard tests/torture/*.c))
TORTURE_BIN := $(patsubst tests/torture/%.c,build/torture/%,$(TORTURE_SRC))
TORTURE_CHK := $(patsubst tests/torture/%.c,build/chk/tests/test_torture_%,$(TORTURE_SRC))
REL_LIB_OBJ := $(patsubst %.c,build/rel/%.o,$(LIB_SRC))

# The wrappers' real source is in tests/torture: rebuild when it changes.
$(TORTURE_CHK): build/chk/tests/test_torture_%: tests/torture/%.c tests/torture/common.c tests/torture/common.h

build/torture/%: tests/torture/%.c tests/torture/common.c tests/torture/common.h $(REL_LIB_OBJ) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -o $@ $< tests/torture/common.c $(REL_LIB_OBJ) $(PKG_LIBS) -lpthread

torture: deps
	@$(MAKE) --no-print-directory lumbung $(TORTURE_BIN)
	@sh tests/torture/run.sh ./lumbung $(TORTURE_BIN)
