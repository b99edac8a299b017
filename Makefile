# tasnif - one GNU Makefile.  `make` builds libtasnif.a and tasnif;
# `make demo` trains the demo model and classifies the sample article;
# `make test` runs every test.  Both install missing Debian packages first.

CC ?= cc
CFLAGS ?= -O2 -g
WFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
PKGS = icu-uc icu-i18n openblas
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -Iinclude -MMD -MP
LDLIBS = $(PKG_LIBS) -lsvm -lpthread -lm
prefix ?= /usr/local
BUILD ?= build

LIB_SRC = features/base.c features/utf8.c features/normalize.c features/tokenize.c features/batch.c \
          features/ngram.c features/vocab.c features/weight.c \
          train/corpus.c train/json.c train/gram.c train/svm.c train/fit.c \
          models/bundle.c models/score.c models/classify.c \
          predict/metrics.c predict/output.c predict/report.c predict/report_fmt.c predict/stream.c
CLI_SRC = cli/main.c cli/opts.c cli/common.c train/cmd_train.c predict/cmd_predict.c \
          predict/cmd_eval.c features/cmd_features.c models/cmd_info.c
UNIT_SRC = $(wildcard tests/unit/test_*.c)

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

DEMO_MODEL = models/demo.tsnf

.PHONY: all deps demo test unit cli-test clean install uninstall check bench
all: deps $(BUILD)/libtasnif.a tasnif

deps:
	@sh scripts/install-deps.sh

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/libtasnif.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

tasnif: $(CLI_OBJ) $(BUILD)/libtasnif.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libtasnif.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libtasnif.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WFLAGS) $(PKG_CFLAGS) -o $@ $< $(BUILD)/libtasnif.a $(LDLIBS)

demo: all
	./tasnif train -q -o $(DEMO_MODEL) datasets/demo/train.tsv
	./tasnif info $(DEMO_MODEL) | sed -n '1,7p'
	@echo
	@echo "== the sample article: datasets/demo/sample.ar.txt"
	./tasnif predict -m $(DEMO_MODEL) --top-k 3 --format tsv datasets/demo/sample.ar.txt
	@echo
	@echo "== held-out demo test set"
	./tasnif eval -m $(DEMO_MODEL) datasets/demo/test.tsv | sed -n '3,5p'

test: all $(UNIT_BIN)
	@sh scripts/install-deps.sh --test
	@sh tests/run.sh $(UNIT_BIN)

install: all
	install -d $(DESTDIR)$(prefix)/bin $(DESTDIR)$(prefix)/lib $(DESTDIR)$(prefix)/include
	install -m 755 tasnif $(DESTDIR)$(prefix)/bin/tasnif
	install -m 644 $(BUILD)/libtasnif.a $(DESTDIR)$(prefix)/lib/libtasnif.a
	install -m 644 include/tasnif.h $(DESTDIR)$(prefix)/include/tasnif.h

uninstall:
	rm -f $(DESTDIR)$(prefix)/bin/tasnif $(DESTDIR)$(prefix)/lib/libtasnif.a $(DESTDIR)$(prefix)/include/tasnif.h

clean:
	rm -rf $(BUILD) tasnif

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
