# tasnif - one GNU Makefile.  `make` builds libtasnif.a, libtasnif.so and
# tasnif; `make install PREFIX=/usr/local [DESTDIR=...]` installs them with
# tasnif.h, tasnif.pc and the man page, `make uninstall` removes them;
# `make demo` trains the demo model and classifies the sample article;
# `make test` runs every test.  Both install missing Debian packages first.
# `make MPI=1` builds build-mpi/tasnif with Open MPI (mpicc, pkg-config
# ompi-c) for `mpirun -np N`; its objects stay in build-mpi.

CC ?= cc
CFLAGS ?= -O2 -g
WFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
PKGS = icu-uc icu-i18n openblas lapack zlib libzstd
ifeq ($(MPI),1)
CC = mpicc
PKGS += ompi-c
CPPFLAGS += -DTASNIF_MPI
BUILD ?= build-mpi
TASNIF_BIN ?= $(BUILD)/tasnif
endif
# libmicrohttpd serves `tasnif serve` (HTTP_SRC, in the internal archive)
# and nothing else: the command links it, the installed libraries leave
# HTTP_SRC out (no public function reaches the server).
HTTP_PKG = libmicrohttpd
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(HTTP_PKG) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -Iinclude -MMD -MP
LIB_LDLIBS = $(PKG_LIBS) -llinear -lsvm -lpthread -lm
LDLIBS = $(LIB_LDLIBS) $(shell pkg-config --libs $(HTTP_PKG) 2>/dev/null)
PREFIX ?= /usr/local
prefix ?= $(PREFIX)
bindir ?= $(prefix)/bin
libdir ?= $(prefix)/lib
includedir ?= $(prefix)/include
mandir ?= $(prefix)/share/man
pkgconfigdir ?= $(libdir)/pkgconfig
BUILD ?= build

# The shared library's file name and soname follow TASNIF_VERSION.
VERSION := $(shell sed -n 's/^.define TASNIF_VERSION "\(.*\)"$$/\1/p' include/tasnif.h)
SONAME = libtasnif.so.$(firstword $(subst ., ,$(VERSION)))
SOLIB = libtasnif.so.$(VERSION)

HTTP_SRC = predict/serve_http.c
LIB_SRC = $(filter-out $(HTTP_SRC),$(sort $(wildcard features/*.c models/*.c train/*.c predict/*.c)))
CLI_SRC = $(sort $(wildcard cli/*.c))
UNIT_SRC = $(wildcard tests/unit/test_*.c)

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
HTTP_OBJ = $(HTTP_SRC:%.c=$(BUILD)/%.o)
PIC_OBJ = $(LIB_SRC:%.c=$(BUILD)/pic/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_TOOLS = $(BUILD)/tests/mlreport_tool

DEMO_MODEL = models/demo.tsnf

FUZZ_TARGETS = text corpus compressed model json model_struct index_struct
FUZZ_REPLAY = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
FUZZ_SECONDS ?= 60
CHECK_BUILD = build-check
FUZZ_BUILD = build-fuzz

.PHONY: all deps demo test unit cli-test clean install uninstall check check-build fuzz bench bench-quick bench-auto bench-compressed \
        bench-multilabel bench-scale bench-scale-quick bench-defaults bench-mpi bench-lead bench-serve bench-labelling \
        bench-coprocess bench-fewshot bench-load
TASNIF_BIN ?= tasnif
# The command, the unit tests, the tools and the fuzzers call internal
# functions: they link libtasnif-internal.a, the library's objects as they
# are.  libtasnif.a, the archive that is installed, holds the same objects
# with every global not named tasnif_* renamed tasnif__* (the map comes from
# nm), so a program linking it cannot collide with a name of ours.
# libtasnif.so is built from -fPIC -fvisibility=hidden objects and exports
# the TASNIF_API functions of tasnif.h only.  docs/ARCHITECTURE.md has why.
LIB_INTERNAL = $(BUILD)/libtasnif-internal.a
all: deps $(BUILD)/libtasnif.a $(BUILD)/$(SOLIB) $(TASNIF_BIN)

deps:
	@sh scripts/install-deps.sh

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/pic/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(LIB_INTERNAL): $(LIB_OBJ) $(HTTP_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libtasnif.a: $(LIB_INTERNAL)
	nm -g --defined-only $< | awk 'NF == 3 && $$3 !~ /^tasnif_/ { print $$3, "tasnif__" $$3 }' | \
	    sort -u > $(BUILD)/private-symbols.map
	@rm -f $@
	objcopy --redefine-syms=$(BUILD)/private-symbols.map $< $@
	ar d $@ $(notdir $(HTTP_OBJ))
	ranlib $@

$(BUILD)/$(SOLIB): $(PIC_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@ $^ $(LIB_LDLIBS)
	ln -sf $(SOLIB) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libtasnif.so

$(TASNIF_BIN): $(CLI_OBJ) $(LIB_INTERNAL)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB_INTERNAL) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h tests/unit/tokens.h tests/unit/demo_model.h $(LIB_INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_INTERNAL) $(LDLIBS)

$(BUILD)/tests/%: tests/tools/%.c $(LIB_INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_INTERNAL) $(LDLIBS)

demo: all
	./tasnif train -q --multi-label -o $(DEMO_MODEL) datasets/demo/train.multi.tsv
	./tasnif info $(DEMO_MODEL) | sed -n '1,8p'
	@echo
	@echo "== the sample article's topics, each with its evidence: datasets/demo/sample.ar.txt"
	./tasnif predict -m $(DEMO_MODEL) --explain 6 datasets/demo/sample.ar.txt
	@echo
	@echo "== held-out demo test set (label sets)"
	./tasnif eval -m $(DEMO_MODEL) datasets/demo/test.multi.tsv | sed -n '3,16p'

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/struct.h $(LIB_INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(LIB_INTERNAL) $(LDLIBS)

test: all $(UNIT_BIN) $(TEST_TOOLS) $(FUZZ_REPLAY)
	@sh scripts/install-deps.sh --test
	@sh tests/run.sh $(UNIT_BIN)

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer
# (but the suites that check the default build itself), then the
# command-line cases that run distinct code under valgrind memcheck
# (tests/valgrind.cases, chosen by scripts/valgrind-cases.sh).
SAN = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
check-build: deps
	$(MAKE) BUILD=$(CHECK_BUILD) TASNIF_BIN=$(CHECK_BUILD)/tasnif CFLAGS="$(SAN)" LDFLAGS="$(SAN)" \
	    $(CHECK_BUILD)/tasnif $(UNIT_SRC:tests/unit/%.c=$(CHECK_BUILD)/tests/%) $(CHECK_BUILD)/tests/mlreport_tool \
	    $(FUZZ_TARGETS:%=$(CHECK_BUILD)/fuzz/replay_%)

check: all check-build
	@sh scripts/install-deps.sh --test
	@command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    TASNIF=$(CURDIR)/$(CHECK_BUILD)/tasnif FUZZ_BIN=$(CURDIR)/$(CHECK_BUILD)/fuzz TASNIF_CHECK_BUILD=1 \
	    MLREPORT_TOOL=$(CURDIR)/$(CHECK_BUILD)/tests/mlreport_tool \
	    sh tests/run.sh $(UNIT_SRC:tests/unit/%.c=$(CHECK_BUILD)/tests/%)
	@echo "== command-line tests under valgrind memcheck: the cases that run distinct code (tests/valgrind.cases)"
	@TASNIF=$(CURDIR)/tests/valgrind-tasnif CLI_SKIP_SLOW=1 CLI_CASES=tests/valgrind.cases sh tests/cli.sh

# libFuzzer (clang) over each target for FUZZ_SECONDS; crashes are saved
# under tests/fuzz/crashes/<target>/ and replayed by `make test`.
fuzz: deps
	@command -v clang >/dev/null || apt-get install -y -qq clang libclang-rt-dev >/dev/null
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" $(FUZZ_BUILD)/libtasnif-internal.a
	@for t in $(FUZZ_TARGETS); do \
	    clang $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -o $(FUZZ_BUILD)/fuzz_$$t \
	        tests/fuzz/fuzz_$$t.c $(FUZZ_BUILD)/libtasnif-internal.a $(LDLIBS) -lstdc++ || exit 1; \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$t tests/fuzz/crashes/$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	    $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=tests/fuzz/crashes/$$t/ $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t 2>&1 | \
	        grep -E 'stat::number_of_executed_units|cov:|ERROR|SUMMARY' | tail -n 4 || exit 1; \
	done

$(BUILD)/bench/gram_bench: bench/gram_bench.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) -o $@ $< $(LDLIBS)

bench: all $(BUILD)/bench/gram_bench
	bench/run.sh --libsvm

# Multi-label splits of ../shared/datasets against scikit-learn's binary relevance.
bench-multilabel: all
	@sh scripts/install-deps.sh --test
	@found=0; for d in ../shared/datasets/*/; do [ -f "$$d/train.multi.tsv" ] || continue; found=1; \
	    /usr/bin/python3 bench/multilabel.py ./tasnif "$$d/train.multi.tsv" "$$d/test.multi.tsv" "$$(basename $$d)" 3 || exit 1; \
	done; [ $$found = 1 ] || echo "bench-multilabel: no ../shared/datasets/*/train.multi.tsv; nothing measured"

# The MPI build on 1 and 2 processes on ../shared/datasets/arabic-news: bench/results/mpi.md
bench-mpi:
	bench/mpi.sh

# Which defaults: staged cross-validation of the training settings on every shared corpus.
bench-defaults: all
	@sh scripts/install-deps.sh --test
	sh bench/defaults.sh ./tasnif ../shared/datasets

# --auto and its candidates by repeated cross-validation on every shared corpus: bench/results/auto.md
bench-auto: all
	@[ -d ../shared/datasets ] || { echo "bench-auto: ../shared/datasets missing; nothing measured"; exit 0; }; \
	    /usr/bin/python3 bench/auto.py ./tasnif ../shared/datasets bench/results

# The lead's words or n-grams by repeated cross-validation: bench/results/lead.md
bench-lead: all
	@[ -d ../shared/datasets ] || { echo "bench-lead: ../shared/datasets missing; nothing measured"; exit 0; }; \
	    /usr/bin/python3 bench/lead.py ./tasnif ../shared/datasets bench/results

# tasnif serve under wrk against predict --lines on arabic-conflict's test articles: bench/results/serve.md
bench-serve: all
	sh bench/serve.sh

# tasnif audit against flipped labels and tasnif suggest as simulated
# predict --lines as a coprocess, each answer's latency after its line: bench/results/coprocess.md
bench-coprocess: all
	@d=../shared/datasets/arabic-conflict; [ -f $$d/train.multi.tsv ] || { echo "bench-coprocess: $$d missing; nothing measured"; exit 0; }; \
	    /usr/bin/python3 bench/coprocess.py ./tasnif $$d/train.tsv $$d/test.tsv $$d/train.multi.tsv bench/results/coprocess.md 1000 3

# loading a model and one answer, f64/f32/int8 side by side: bench/results/load.md
# (BENCH_LOAD_MODELS=DIR keeps the trained models between runs)
bench-load: all
	@d=../shared/datasets; [ -f $$d/arabic-news/train.tsv ] && [ -f $$d/arabic-conflict/train.multi.tsv ] || { echo "bench-load: $$d missing; nothing measured"; exit 0; }; \
	    /usr/bin/python3 bench/load.py ./tasnif $$d bench/results/load.md 15 $(BENCH_LOAD_MODELS)

# active learning on the shared corpora: bench/results/labelling.md
bench-labelling: all
	@[ -d ../shared/datasets ] || { echo "bench-labelling: ../shared/datasets missing; nothing measured"; exit 0; }; \
	    /usr/bin/python3 bench/labelling.py ./tasnif ../shared/datasets bench/results

# reading gzip and zstd corpora against plain text on arabic-news: bench/results/compressed.md
bench-compressed: all
	@f=../shared/datasets/arabic-news/train.tsv; [ -f $$f ] || { echo "bench-compressed: $$f missing; nothing measured"; exit 0; }; \
	    bash bench/compressed.sh ./tasnif $$f 3 > bench/results/compressed.md

# learning curves from 100, 200 and 400 labelled documents (10 seeded
# subsamples each) against scikit-learn, and the candidates for small
# corpora by cross-validation inside each subsample: bench/results/fewshot.*
bench-fewshot: all
	@[ -d ../shared/datasets ] || { echo "bench-fewshot: ../shared/datasets missing; nothing measured"; exit 0; }; \
	    /usr/bin/python3 bench/fewshot.py ./tasnif ../shared/datasets bench/results

bench-quick: all
	bench/run.sh --quick

# training cost from 13,500 to 216,000 arabic-news documents (grown by
# bench/grow.py under build/scale) against liblinear and scikit-learn, then
# one million documents with --hash-bits 20: bench/results/scale.*
bench-scale: all
	bench/scale.sh

bench-scale-quick: all
	bench/scale.sh --quick

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libdir) $(DESTDIR)$(includedir) \
	    $(DESTDIR)$(pkgconfigdir) $(DESTDIR)$(mandir)/man1
	install -m 755 $(TASNIF_BIN) $(DESTDIR)$(bindir)/tasnif
	install -m 644 $(BUILD)/libtasnif.a $(DESTDIR)$(libdir)/libtasnif.a
	install -m 755 $(BUILD)/$(SOLIB) $(DESTDIR)$(libdir)/$(SOLIB)
	ln -sf $(SOLIB) $(DESTDIR)$(libdir)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(libdir)/libtasnif.so
	install -m 644 include/tasnif.h $(DESTDIR)$(includedir)/tasnif.h
	sed -e 's|@prefix@|$(prefix)|' -e 's|@libdir@|$(patsubst $(prefix)/%,$${prefix}/%,$(libdir))|' \
	    -e 's|@includedir@|$(patsubst $(prefix)/%,$${prefix}/%,$(includedir))|' \
	    -e 's|@version@|$(VERSION)|' tasnif.pc.in > $(DESTDIR)$(pkgconfigdir)/tasnif.pc
	chmod 644 $(DESTDIR)$(pkgconfigdir)/tasnif.pc
	install -m 644 docs/tasnif.1 $(DESTDIR)$(mandir)/man1/tasnif.1

uninstall:
	rm -f $(DESTDIR)$(bindir)/tasnif $(DESTDIR)$(libdir)/libtasnif.a $(DESTDIR)$(libdir)/$(SOLIB) \
	    $(DESTDIR)$(libdir)/$(SONAME) $(DESTDIR)$(libdir)/libtasnif.so $(DESTDIR)$(includedir)/tasnif.h \
	    $(DESTDIR)$(pkgconfigdir)/tasnif.pc $(DESTDIR)$(mandir)/man1/tasnif.1

clean:
	rm -rf $(BUILD) $(CHECK_BUILD) $(FUZZ_BUILD) build-mpi build-mpi-check build-cov tasnif

-include $(LIB_OBJ:.o=.d) $(HTTP_OBJ:.o=.d) $(PIC_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
