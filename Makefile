# tasnif - one GNU Makefile.  `make` builds libtasnif.a and tasnif;
# `make demo` trains the demo model and classifies the sample article;
# `make test` runs every test.  Both install missing Debian packages first.

CC ?= cc
CFLAGS ?= -O2 -g
WFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
PKGS = icu-uc icu-i18n openblas lapack
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -Iinclude -MMD -MP
LDLIBS = $(PKG_LIBS) -llinear -lsvm -lpthread -lm
prefix ?= /usr/local
BUILD ?= build

LIB_SRC = features/base.c features/files.c features/utf8.c features/normalize.c features/tokenize.c features/clitics.c features/batch.c \
          features/ngram.c features/vocab.c features/weight.c features/lsa.c \
          train/corpus.c train/json.c train/gram.c train/svm.c train/linear.c train/multilabel.c train/cv.c train/fit.c \
          models/bundle.c models/metrics.c models/score.c models/explain.c models/classify.c \
          predict/output.c predict/explain_html.c predict/report.c predict/report_fmt.c \
          predict/report_util.c predict/mlreport.c predict/mlreport_fmt.c predict/stream.c predict/index.c
CLI_SRC = cli/main.c cli/opts.c cli/common.c train/cmd_train.c predict/cmd_predict.c \
          predict/cmd_eval.c predict/cmd_eval_ml.c features/cmd_features.c models/cmd_info.c predict/cmd_index.c predict/cmd_similar.c
UNIT_SRC = $(wildcard tests/unit/test_*.c)

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_TOOLS = $(BUILD)/tests/mlreport_tool

DEMO_MODEL = models/demo.tsnf

FUZZ_TARGETS = text corpus model json
FUZZ_REPLAY = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)
FUZZ_SECONDS ?= 60
CHECK_BUILD = build-check
FUZZ_BUILD = build-fuzz

.PHONY: all deps demo test unit cli-test clean install uninstall check check-build fuzz bench bench-quick bench-multilabel bench-defaults
TASNIF_BIN ?= tasnif
all: deps $(BUILD)/libtasnif.a $(TASNIF_BIN)

deps:
	@sh scripts/install-deps.sh

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/libtasnif.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(TASNIF_BIN): $(CLI_OBJ) $(BUILD)/libtasnif.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libtasnif.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libtasnif.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libtasnif.a $(LDLIBS)

$(BUILD)/tests/%: tests/tools/%.c $(BUILD)/libtasnif.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libtasnif.a $(LDLIBS)

demo: all
	./tasnif train -q --multi-label -o $(DEMO_MODEL) datasets/demo/train.multi.tsv
	./tasnif info $(DEMO_MODEL) | sed -n '1,8p'
	@echo
	@echo "== the sample article's topics, each with its evidence: datasets/demo/sample.ar.txt"
	./tasnif predict -m $(DEMO_MODEL) --explain 6 datasets/demo/sample.ar.txt
	@echo
	@echo "== held-out demo test set (label sets)"
	./tasnif eval -m $(DEMO_MODEL) datasets/demo/test.multi.tsv | sed -n '3,16p'

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libtasnif.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(BUILD)/libtasnif.a $(LDLIBS)

test: all $(UNIT_BIN) $(TEST_TOOLS) $(FUZZ_REPLAY)
	@sh scripts/install-deps.sh --test
	@sh tests/run.sh $(UNIT_BIN)

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer,
# then the command-line tests under valgrind memcheck.
SAN = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
check-build: deps
	$(MAKE) BUILD=$(CHECK_BUILD) TASNIF_BIN=$(CHECK_BUILD)/tasnif CFLAGS="$(SAN)" LDFLAGS="$(SAN)" \
	    $(CHECK_BUILD)/tasnif $(UNIT_SRC:tests/unit/%.c=$(CHECK_BUILD)/tests/%) $(CHECK_BUILD)/tests/mlreport_tool \
	    $(FUZZ_TARGETS:%=$(CHECK_BUILD)/fuzz/replay_%)

check: all check-build
	@sh scripts/install-deps.sh --test
	@command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    TASNIF=$(CURDIR)/$(CHECK_BUILD)/tasnif FUZZ_BIN=$(CURDIR)/$(CHECK_BUILD)/fuzz \
	    MLREPORT_TOOL=$(CURDIR)/$(CHECK_BUILD)/tests/mlreport_tool \
	    sh tests/run.sh $(UNIT_SRC:tests/unit/%.c=$(CHECK_BUILD)/tests/%)
	@echo "== command-line tests under valgrind memcheck"
	@TASNIF=$(CURDIR)/tests/valgrind-tasnif sh tests/cli.sh

# libFuzzer (clang) over each target for FUZZ_SECONDS; crashes are saved
# under tests/fuzz/crashes/<target>/ and replayed by `make test`.
fuzz: deps
	@command -v clang >/dev/null || apt-get install -y -qq clang libclang-rt-dev >/dev/null
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" $(FUZZ_BUILD)/libtasnif.a
	@for t in $(FUZZ_TARGETS); do \
	    clang $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -o $(FUZZ_BUILD)/fuzz_$$t \
	        tests/fuzz/fuzz_$$t.c $(FUZZ_BUILD)/libtasnif.a $(LDLIBS) -lstdc++ || exit 1; \
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

# Which defaults: staged cross-validation of the training settings on every shared corpus.
bench-defaults: all
	@sh scripts/install-deps.sh --test
	sh bench/defaults.sh ./tasnif ../shared/datasets

bench-quick: all
	bench/run.sh --quick

install: all
	install -d $(DESTDIR)$(prefix)/bin $(DESTDIR)$(prefix)/lib $(DESTDIR)$(prefix)/include
	install -m 755 tasnif $(DESTDIR)$(prefix)/bin/tasnif
	install -m 644 $(BUILD)/libtasnif.a $(DESTDIR)$(prefix)/lib/libtasnif.a
	install -m 644 include/tasnif.h $(DESTDIR)$(prefix)/include/tasnif.h

uninstall:
	rm -f $(DESTDIR)$(prefix)/bin/tasnif $(DESTDIR)$(prefix)/lib/libtasnif.a $(DESTDIR)$(prefix)/include/tasnif.h

clean:
	rm -rf $(BUILD) $(CHECK_BUILD) $(FUZZ_BUILD) tasnif

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
