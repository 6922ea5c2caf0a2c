# Makefile for spawn. Run ./configure first (it writes config.mk).

-include config.mk

CC ?= cc
CFLAGS ?= -O2 -Wall -Wextra
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man/man1

SRCS = src/main.c src/options.c src/plan.c src/exec.c src/wait.c \
	src/build.c src/sbuf.c src/print.c src/env.c src/creds.c src/ns.c \
	src/fdplan.c src/sched.c src/supervise.c src/caps.c src/optable.c \
	src/split.c \
	src/signals.c src/fdspec.c src/rlimit.c src/ids.c src/sys.c \
	src/arena.c src/fmt.c src/num.c src/procstat.c
OBJS = $(SRCS:.c=.o)
HDRS = src/*.h src/optable.def config.h
HELPERS = tests/helpers/show-static tests/fdmodel tests/fmtcheck tests/optnames
BATS ?= bats
SPAWN ?= $(CURDIR)/spawn

all: spawn spawn.1

config.mk config.h:
	@echo "run ./configure first" >&2; exit 1

spawn: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

src/%.o: src/%.c $(HDRS)
	$(CC) $(CFLAGS) -I. -c -o $@ $<

# Written to a temporary file and renamed: a failed scdoc (or none)
# leaves no empty spawn.1 behind for make to take as built.
SCDOC ?= scdoc
spawn.1: man/spawn.1.scd
	$(SCDOC) < man/spawn.1.scd > $@.tmp || { rm -f $@.tmp; exit 1; }
	mv -f $@.tmp $@

FDMODEL_SRCS = tests/fdmodel.c src/fdspec.c src/arena.c src/fmt.c src/num.c
tests/fdmodel: $(FDMODEL_SRCS) $(HDRS)
	$(CC) $(CFLAGS) -I. -o $@ $(FDMODEL_SRCS) $(LIBS)

tests/optnames: tests/optnames.c src/optable.c src/optable.h src/optable.def
	$(CC) $(CFLAGS) -I. -o $@ tests/optnames.c src/optable.c

tests/fmtcheck: tests/fmtcheck.c src/fmt.c $(HDRS)
	$(CC) $(CFLAGS) -I. -o $@ tests/fmtcheck.c src/fmt.c $(LIBS)

tests/helpers/show-static: tests/helpers/show.c
	$(CC) -O2 -Wall -Wextra -static -o $@ tests/helpers/show.c

check: spawn spawn.1 $(HELPERS)
	SPAWN=$(SPAWN) $(BATS) --tap tests

# The same suite against an ASan+UBSan build (errors abort the run).
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
spawn-sanitize: $(SRCS) $(HDRS)
	$(CC) $(CFLAGS) -I. $(SAN_FLAGS) $(LDFLAGS) -o $@ $(SRCS) $(LIBS)

check-sanitize: spawn-sanitize spawn.1 $(HELPERS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98 \
	SPAWN=$(CURDIR)/spawn-sanitize $(BATS) --tap tests

demo: spawn
	@echo '== the plan (spawn --dry-run):'
	./spawn --dry-run --umask 077 -i -e GREETING=hello PATH=/usr/bin:/bin \
	    -C /tmp -- sh -c 'echo "$$GREETING from $$(pwd), umask $$(umask)"'
	@echo '== the launch (spawn --verbose):'
	./spawn --verbose --umask 077 -i -e GREETING=hello PATH=/usr/bin:/bin \
	    -C /tmp -- sh -c 'echo "$$GREETING from $$(pwd), umask $$(umask)"'

bench/pair: bench/pair.c
	$(CC) -O2 -Wall -Wextra -o $@ bench/pair.c

bench/true-static: bench/true.c
	$(CC) -O2 -static -o $@ bench/true.c

bench/noop: bench/noop.c
	$(CC) -O2 -Wall -Wextra -o $@ bench/noop.c

# The static musl binary is measured too when musl-gcc is there.
bench: spawn bench/pair bench/true-static bench/noop
	if command -v $(MUSL_CC) >/dev/null 2>&1; then \
	    $(MAKE) -s spawn-static; fi
	bash bench/run.sh

# A fully static, stripped spawn built with musl (Debian's musl-tools), for
# images FROM scratch. ./configure probes musl in build-static/; what musl
# lacks (strtonum, ...) comes from sys.c.
MUSL_CC ?= musl-gcc
static: spawn-static

spawn-static: $(SRCS) $(HDRS) configure
	rm -rf build-static && mkdir build-static
	cd build-static && CC=$(MUSL_CC) CFLAGS="-Os -Wall -Wextra" \
	    ../configure >/dev/null
	$(MUSL_CC) -static -Os -Wall -Wextra -flto -ffunction-sections \
	    -fdata-sections -fno-asynchronous-unwind-tables -Wl,--gc-sections \
	    -Wl,--build-id=none -Ibuild-static -o build-static/spawn.full \
	    $(SRCS)
	strip -o $@ build-static/spawn.full

check-static: spawn-static spawn.1 $(HELPERS)
	SPAWN=$(CURDIR)/spawn-static $(BATS) --tap tests

SHAREDIR = $(PREFIX)/share

# libFuzzer over the pure front end: options_parse, then plan_resolve in
# dry-run mode, with the plan's invariants and a print/re-parse round trip
# checked (tests/fuzz/fuzz_plan.c); needs clang. The seeds are the suite's
# command lines (tests/fuzz/mkcorpus.sh); new inputs go to tests/fuzz/work,
# failing ones to tests/fuzz/findings.
FUZZ_SECONDS ?= 60
FUZZ_SRCS = tests/fuzz/fuzz_plan.c $(filter-out src/main.c src/exec.c \
	src/wait.c,$(SRCS))
tests/fuzz/fuzz-plan: $(FUZZ_SRCS) $(HDRS)
	clang -g -O1 -I. -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -o $@ $(FUZZ_SRCS) $(LIBS)

fuzz: tests/fuzz/fuzz-plan
	mkdir -p tests/fuzz/work tests/fuzz/findings
	./tests/fuzz/fuzz-plan -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -dict=tests/fuzz/spawn.dict -artifact_prefix=tests/fuzz/findings/ \
	    -print_final_stats=1 \
	    tests/fuzz/work tests/fuzz/corpus

# Line coverage of the C code by the bats suite (gcov); the last line is
# the total. Forked and exec'd processes write their counters explicitly.
# tests/gcov-hooks.c lets a process write them more than once, so that
# lines after a dump (a failed execve, the parent of a vfork) count too.
# Many tests drop to another uid before exec: the counter files are made
# first and opened to every uid, so those processes can add to them (libgcov
# rewrites them in place) instead of failing with "profiling: Cannot open".
coverage: spawn.1 $(HELPERS)
	rm -rf build-cov && mkdir build-cov
	cd build-cov && for f in $(SRCS); do \
	    $(CC) -O0 -g --coverage -DSPAWN_COVERAGE -I.. -c ../$$f || \
	    exit 1; done
	$(CC) -O0 -c -o build-cov/gcov-hooks.o tests/gcov-hooks.c
	$(CC) --coverage -Wl,--wrap=__gcov_dump -Wl,--wrap=_exit \
	    -o spawn-cov build-cov/*.o $(LIBS)
	./spawn-cov --version >/dev/null
	chmod a+w build-cov/*.gcda
	-SPAWN=$(CURDIR)/spawn-cov $(BATS) tests > build-cov/bats.log 2>&1
	gcov -n -o build-cov $(SRCS) 2>/dev/null | awk \
	    '/^File/ { f = $$2 } /^Lines executed/ { print f, $$2, $$3, $$4; f = "total" }' | \
	    sed "s/'//g; s/Lines executed://"

install: spawn spawn.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) \
	    $(DESTDIR)$(SHAREDIR)/bash-completion/completions \
	    $(DESTDIR)$(SHAREDIR)/zsh/site-functions \
	    $(DESTDIR)$(SHAREDIR)/fish/vendor_completions.d
	install -m 755 spawn $(DESTDIR)$(BINDIR)/spawn
	install -m 644 spawn.1 $(DESTDIR)$(MANDIR)/spawn.1
	install -m 644 completions/spawn.bash \
	    $(DESTDIR)$(SHAREDIR)/bash-completion/completions/spawn
	install -m 644 completions/_spawn \
	    $(DESTDIR)$(SHAREDIR)/zsh/site-functions/_spawn
	install -m 644 completions/spawn.fish \
	    $(DESTDIR)$(SHAREDIR)/fish/vendor_completions.d/spawn.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/spawn $(DESTDIR)$(MANDIR)/spawn.1 \
	    $(DESTDIR)$(SHAREDIR)/bash-completion/completions/spawn \
	    $(DESTDIR)$(SHAREDIR)/zsh/site-functions/_spawn \
	    $(DESTDIR)$(SHAREDIR)/fish/vendor_completions.d/spawn.fish

lint:
	clang-format --dry-run --Werror $(SRCS) src/*.h
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    -I. src
	shellcheck -S warning -s bash .ci/run tests/helper.bash bench/run.sh \
	    tests/fuzz/mkcorpus.sh
	shellcheck -S warning tests/*.bats
	shellcheck -S warning -s sh configure

clean:
	rm -rf spawn spawn-sanitize spawn-static spawn-cov build-static build-cov spawn.1 spawn.1.tmp $(OBJS) \
	    $(HELPERS) bench/pair tests/fuzz/fuzz-plan \
	    bench/true-static bench/noop

distclean: clean
	rm -f config.mk config.h

.PHONY: all bench coverage fuzz install uninstall check check-sanitize check-static static demo install lint clean distclean
