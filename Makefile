# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
#
# Thin wrapper over GN + ninja. Every target first runs the bootstrap, which
# installs whatever Debian package is missing and prepares libfdt; on a
# machine that has everything it costs a fraction of a second.
#
#   make                 build everything (SPMC image, host tests, fuzzers)
#   make test            build, check module boundaries, run every test
#                        (unit, tools, and the hftest suites under QEMU)
#   make hftest          build and run only the hftest suites under QEMU;
#                        HFTEST_ARGS="--suite RE --test RE --jobs N ..."
#   make run             the demo: boots the SPMC, two partitions and a
#                        normal-world client under QEMU (see README.md)
#   make bench           guest instructions per FF-A direct-message round
#                        trip and memory-sharing cycle under QEMU -icount
#                        (a benchmark, not a test); writes
#                        out/bench/{direct_msg,mem_share}.json and
#                        mem_share.png
#   make check-manifests validate every manifest in the tree with dt-schema
#   make fuzz            run each fuzzer for FUZZ_SECONDS (default 60)
#   make format          clang-format the tree; make check-format checks it
#   make tidy            clang-tidy; make cppcheck
#   make clean

OUT ?= out/build
FUZZ_SECONDS ?= 60
PYTHON := /usr/bin/python3
HFTEST_ARGS ?=
CLANG_FORMAT := clang-format-19

SOURCES = $(shell git ls-files '*.c' '*.h' '*.cc' 2>/dev/null)

.PHONY: all bootstrap gen test unit-test hftest run bench check-gn \
	check-manifests fuzz format check-format tidy cppcheck clean

all: gen
	ninja -C $(OUT)

bootstrap:
	@bash prebuilts/bootstrap.sh

$(OUT)/build.ninja: | bootstrap
	gn gen --check --export-compile-commands $(OUT)
	ln -sf $(OUT)/compile_commands.json compile_commands.json

gen: bootstrap $(OUT)/build.ninja

check-gn: gen
	gn check $(OUT)

test: all check-gn
	$(PYTHON) test/run_tests.py --out $(OUT)

unit-test: all
	$(PYTHON) test/run_tests.py --out $(OUT) --only unit

hftest: all
	$(PYTHON) test/hftest/hftest.py --build $(OUT) --out out/test $(HFTEST_ARGS)

run: all
	$(PYTHON) tools/demo.py --out $(OUT)

bench: all
	$(PYTHON) tools/bench.py --build $(OUT) --out out/bench

check-manifests: bootstrap
	$(PYTHON) tools/check_manifests.py

fuzz: all
	$(PYTHON) test/fuzz/run_fuzzers.py --out $(OUT) --seconds $(FUZZ_SECONDS)

format: bootstrap
	$(CLANG_FORMAT) -i $(SOURCES)

check-format: bootstrap
	$(CLANG_FORMAT) --dry-run -Werror $(SOURCES)

tidy: gen
	$(PYTHON) tools/run_static_checks.py --out $(OUT) --tidy

cppcheck: gen
	$(PYTHON) tools/run_static_checks.py --out $(OUT) --cppcheck

clean:
	rm -rf out/build out/test out/fuzz out/demo out/bench \
		compile_commands.json
