# slsx — one non-recursive Makefile.
#
# Every folder is a module built into build/lib<module>.a; binaries and tests
# link the modules of their layer only, so work in progress in one module never
# breaks the build of a module below it:
#
#   base <- proto <- client <- tui <- cli      base <- themes <- widgets <- tui
#   base <- proto <- sq <- server
#
# Variables: BUILD (output folder), SANITIZE (e.g. address,undefined),
# WERROR (1 by default), CC, DEBUG=1, FUZZ=1 (libFuzzer instrumentation),
# EXTRA_CFLAGS / EXTRA_LDFLAGS (added, e.g. Debian's hardening flags).

BUILD    ?= build
CC       ?= cc
WERROR   ?= 1
SANITIZE ?=
DEBUG    ?=
FUZZ     ?=
V        ?=
Q        := $(if $(V),,@)

PKGS := ncursesw libcurl openssl libcjson liblz4 libprotobuf-c sqlite3 libmicrohttpd zlib libzstd
PKG_CFLAGS := $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wwrite-strings -Wundef -Wvla -Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN += -Werror
endif

OPT := -O2 -g
ifeq ($(DEBUG),1)
OPT := -O0 -g3
endif
ifneq ($(SANITIZE),)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=$(SANITIZE) -fno-sanitize-recover=undefined -DARENA_NO_POOL
endif
ifeq ($(FUZZ),1)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -DFUZZING
endif

CPPFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
            -I. -I$(BUILD)/gen $(PKG_CFLAGS)
EXTRA_CFLAGS  ?=
EXTRA_LDFLAGS ?=
CFLAGS   := $(OPT) $(WARN) -MMD -MP $(EXTRA_CFLAGS)
comma    := ,
LDFLAGS  := $(if $(SANITIZE),-fsanitize=$(SANITIZE)) $(if $(FUZZ),-fsanitize=address$(comma)undefined) \
            $(EXTRA_LDFLAGS)

# Link flags per module (system libraries it needs).
LDLIBS_base    := -lm
LDLIBS_proto   := $(shell pkg-config --libs openssl liblz4 libprotobuf-c zlib libzstd libcjson 2>/dev/null)
LDLIBS_client  := $(shell pkg-config --libs libcurl libcjson 2>/dev/null) -lpthread
LDLIBS_sq      := $(shell pkg-config --libs sqlite3 libcjson 2>/dev/null) -lpthread
LDLIBS_server  := $(shell pkg-config --libs sqlite3 libmicrohttpd libcjson 2>/dev/null) -lpthread
# server tests and benches drive slsd over HTTP with libcurl (slsd itself
# never links it: --as-needed drops it from build/slsd)
LDLIBS_server  += $(shell pkg-config --libs libcurl 2>/dev/null)
LDLIBS_themes  :=
LDLIBS_widgets := $(shell pkg-config --libs ncursesw 2>/dev/null)
LDLIBS_tui     := $(shell pkg-config --libs ncursesw 2>/dev/null) -lreadline
LDLIBS_cli     :=

# Module dependency closure, highest first (link order).
DEPS_base    := base
DEPS_proto   := proto base
DEPS_client  := client proto base
DEPS_sq      := sq proto base
DEPS_server  := server sq proto base
DEPS_themes  := themes base
DEPS_widgets := widgets themes base
DEPS_tui     := tui widgets themes client proto base
DEPS_cli     := cli $(DEPS_tui)
MODULES      := base proto client sq server themes widgets tui cli

# Sources: every .c in a module folder except its main.c.
PROTO_GEN := $(BUILD)/gen/proto/sls_logs.pb-c.c
mod_srcs = $(filter-out $(1)/main.c,$(wildcard $(1)/*.c))
mod_objs = $(patsubst %.c,$(BUILD)/obj/%.o,$(call mod_srcs,$(1))) \
           $(if $(filter proto,$(1)),$(BUILD)/obj/gen/proto/sls_logs.pb-c.o)
lib_of   = $(BUILD)/lib$(1).a
libs_for = $(foreach m,$(DEPS_$(1)),$(call lib_of,$(m)))
ldlibs_for = $(foreach m,$(DEPS_$(1)),$(LDLIBS_$(m)))

BINS := $(if $(wildcard cli/main.c),$(BUILD)/slsx) $(if $(wildcard server/main.c),$(BUILD)/slsd)

UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
FUZZ_SRCS  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
BENCH_SRCS := $(wildcard bench/bench_*.c)
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
TOOL_SRCS  := $(wildcard tests/tools/*.c)
TOOL_BINS  := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(TOOL_SRCS))

# A source's module is its name's second word: test_proto_sign.c -> proto.
mod_of = $(word 2,$(subst _, ,$(basename $(notdir $(1)))))

.PHONY: all tests tools benches bootstrap check check-unit check-layers check-headers fuzz \
        fuzzers bench demo clean proto install uninstall check-man
.DEFAULT_GOAL := all

all: $(BINS)

tests: $(UNIT_BINS) $(TOOL_BINS) $(BINS)
tools: $(TOOL_BINS)
fuzzers: $(FUZZ_BINS)

# --- flags stamp: a change of flags rebuilds everything -------------------
FLAGS_STAMP := $(BUILD)/.flags
FLAGS_NOW := $(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS)
$(shell mkdir -p $(BUILD); [ -f $(FLAGS_STAMP) ] && [ "`cat $(FLAGS_STAMP)`" = "$(FLAGS_NOW)" ] || echo "$(FLAGS_NOW)" > $(FLAGS_STAMP))

# --- protobuf ------------------------------------------------------------
$(BUILD)/gen/proto/sls_logs.pb-c.c $(BUILD)/gen/proto/sls_logs.pb-c.h: proto/sls_logs.proto
	@mkdir -p $(BUILD)/gen/proto
	$(Q)protoc-c --c_out=$(BUILD)/gen --proto_path=. proto/sls_logs.proto

proto: $(PROTO_GEN)

# Every object may include the generated header.
$(BUILD)/obj/%.o: %.c $(FLAGS_STAMP) | $(BUILD)/gen/proto/sls_logs.pb-c.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(filter-out -Wmissing-prototypes -Wshadow,$(CFLAGS)) -w -c -o $@ $<

define MODULE_RULE
$(call lib_of,$(1)): $(call mod_objs,$(1))
	@mkdir -p $$(dir $$@)
	@rm -f $$@
	$(Q)ar rcs $$@ $$^
endef
$(foreach m,$(MODULES),$(eval $(call MODULE_RULE,$(m))))

$(BUILD)/slsx: $(BUILD)/obj/cli/main.o $(call libs_for,cli)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call ldlibs_for,cli)

$(BUILD)/slsd: $(BUILD)/obj/server/main.o $(call libs_for,server)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call ldlibs_for,server)

# Tests, fuzzers, benches and tools link the modules of their layer.
define LINK_RULE
$(2): $(BUILD)/obj/$(1:.c=.o) $(call libs_for,$(call mod_of,$(1)))
	@mkdir -p $$(dir $$@)
	$(Q)$$(CC) $$(LDFLAGS) $(3) -o $$@ $$^ $(call ldlibs_for,$(call mod_of,$(1)))
endef
$(foreach s,$(UNIT_SRCS),$(eval $(call LINK_RULE,$(s),$(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(s)),)))
$(foreach s,$(FUZZ_SRCS),$(eval $(call LINK_RULE,$(s),$(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(s)),-fsanitize=fuzzer)))
$(foreach s,$(BENCH_SRCS),$(eval $(call LINK_RULE,$(s),$(patsubst bench/%.c,$(BUILD)/bench/%,$(s)),)))
$(foreach s,$(TOOL_SRCS),$(eval $(call LINK_RULE,$(s),$(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(s)),)))

# --- the two commands -------------------------------------------------------
bootstrap:
	@scripts/bootstrap

# make check: install what is missing, build with -Werror, build again with
# ASan+UBSan, check layering, build the fuzzers, run every test.
check: bootstrap
	@$(MAKE) --no-print-directory -j2 BUILD=build WERROR=1 all tests
	@$(MAKE) --no-print-directory -j2 BUILD=build/san SANITIZE=address,undefined all tests
	@$(MAKE) --no-print-directory check-layers check-headers check-man
	@$(MAKE) --no-print-directory fuzz-build
	@tests/run build/san

check-unit: tests
	@tests/run --unit-only $(BUILD)

.PHONY: fuzz-build
fuzz-build:
	@if command -v clang >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory -j2 BUILD=build/fuzz CC=clang FUZZ=1 WERROR=1 fuzzers; \
	fi

fuzz: fuzz-build
	@tests/run --fuzz-only build/fuzz

demo: bootstrap
	@$(MAKE) --no-print-directory -j2 BUILD=build all
	@scripts/demo

benches: $(BENCH_BINS) $(TOOL_BINS) $(BINS)

bench: bootstrap
	@$(MAKE) --no-print-directory -j2 BUILD=build WERROR=1 benches
	@bench/run build

# Lower layers never include higher ones.
check-layers:
	@scripts/check-layers

# Every header compiles on its own (include what you use).
check-headers: $(BUILD)/gen/proto/sls_logs.pb-c.h
	@for h in $(wildcard $(addsuffix /*.h,$(MODULES))); do \
	  echo "#include \"$$h\"" | $(CC) $(CPPFLAGS) $(WARN) -x c -fsyntax-only - || exit 1; \
	done; echo "headers: ok"

# Man pages lint clean (errors and warnings; style notes aside).
MANPAGES := docs/man/slsx.1 docs/man/slsd.1 docs/man/slsx-config.5
check-man:
	@mandoc -T lint -W warning $(MANPAGES) && echo "man pages: ok"

# --- install ------------------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=]: the two binaries, man pages,
# the theme files, shell completions, README (scripts/install). An installed
# slsx finds slsd next to itself (--demo).
PREFIX  ?= /usr/local
DESTDIR ?=

install: all
	@scripts/install $(BUILD) $(DESTDIR)$(PREFIX)

uninstall:
	@scripts/install --uninstall $(DESTDIR)$(PREFIX)

# make deb: the Debian package, built with Debian's own tools (debian/,
# debhelper) in a copy of the tree, checked by lintian; build/slsx_*.deb.
.PHONY: deb
deb:
	@scripts/deb

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
