# The README's two commands:
#   make demo    build, then analyse the bundled guarantee arrangements side by side
#   make check   build, then run every test (plain build and ASan+UBSan build)
# Both install the Debian packages they need when missing (as root, or with sudo).

BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_REL  ?= build-release
MESON      ?= meson
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PKGS   := gcc make meson ninja-build pkg-config libgmp-dev libcmocka-dev \
              libjansson-dev python3 scdoc libopenmpi-dev openmpi-bin libxml2-utils \
              clang libclang-rt-dev valgrind python3-jsonschema \
              python3-cffi python3-dev python3-setuptools python3-pip python3-venv \
              python3-pytest libmicrohttpd-dev chromium chromium-driver python3-selenium
DEMO_FILES := examples/istanbul-2022.veto examples/draft-2022-04-15.veto \
              examples/russia-2025.veto examples/un-security-council.veto \
              examples/budapest-1994.veto examples/article-51.veto \
              examples/nato-article-5.veto examples/eu-article-42-7.veto \
              examples/coalition-of-the-willing.veto examples/us-draft-2025.veto \
              examples/bilateral-agreements.veto

.PHONY: all deps demo check check-plain check-san check-full fuzz bench clean format

FUZZ_TIME  ?= 600

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Install what is missing, and nothing when all is there.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/build.ninja: | deps
	$(MESON) setup $(BUILD) -Dbuildtype=debugoptimized

$(BUILD_SAN)/build.ninja: | deps
	$(MESON) setup $(BUILD_SAN) -Dbuildtype=debug -Db_sanitize=address,undefined \
	  -Db_lundef=false -Dc_args=-fno-sanitize-recover=all -Dwerror=true -Dbench=false -Dmpi=disabled \
	  -Dserve=disabled -Dpython=disabled

$(BUILD_REL)/build.ninja: | deps
	$(MESON) setup $(BUILD_REL) -Dbuildtype=release -Db_ndebug=true -Dtests=false

demo: $(BUILD)/build.ninja
	ninja -C $(BUILD)
	./$(BUILD)/veto compare $(DEMO_FILES)
	@mkdir -p $(BUILD)/demo
	./$(BUILD)/veto compare $(DEMO_FILES) --format html -o $(BUILD)/demo/guarantees.html
	./$(BUILD)/veto compare $(DEMO_FILES) --format svg -o $(BUILD)/demo/guarantees.svg
	@echo "wrote $(BUILD)/demo/guarantees.html and $(BUILD)/demo/guarantees.svg"
	@if [ -x $(BUILD)/veto-serve ]; then \
	  echo; \
	  echo "The page in the browser (the examples preloaded, guarantees first):"; \
	  echo "  ./$(BUILD)/veto serve          then open http://127.0.0.1:8080/"; \
	  echo "  ./$(BUILD)/veto serve --port 9000   on another port; Ctrl-C stops it"; \
	  echo "From Python (a venv of Debian's python3 with the package):"; \
	  echo "  ninja -C $(BUILD) tests/pyvenv.stamp && $(BUILD)/pyvenv/bin/python -c \\"; \
	  echo "    'import veto; print(veto.load(\"examples/un-security-council.veto\").analyse(exact=True).indices)'"; \
	else \
	  echo "veto-serve was not built (libmicrohttpd-dev missing): no page"; \
	fi

check-plain: $(BUILD)/build.ninja
	ninja -C $(BUILD)
	$(MESON) test -C $(BUILD) --print-errorlogs $(MESON_TEST_ARGS)

check-san: $(BUILD_SAN)/build.ninja
	ninja -C $(BUILD_SAN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MESON) test -C $(BUILD_SAN) --print-errorlogs $(MESON_TEST_ARGS)

# Old test logs are deleted first, so that the summary never reads a log
# left by an earlier run (a build that fails leaves no log, and a missing
# log is a failure). The summary counts every test each build registered,
# the fuzz corpus replay, and the exit status of each step.
check: deps
	@rm -f $(BUILD)/meson-logs/testlog.json $(BUILD_SAN)/meson-logs/testlog.json; \
	plain=0; san=0; fuzz=0; \
	$(MAKE) check-plain || plain=$$?; \
	$(MAKE) check-san || san=$$?; \
	fuzz/run.sh --replay || fuzz=$$?; \
	python3 tests/summary.py --status $(BUILD)=$$plain --status $(BUILD_SAN)=$$san \
	  --fuzz $$fuzz $(BUILD) $(BUILD_SAN)

# make check with four times the random cases (VETO_TEST_SCALE=4) drawn
# from a fresh seed offset (VETO_TEST_SEED, printed: rerun a failure with
# the same value), then valgrind memcheck over the unit tests and the
# language cases of the plain build (no leaks, no errors).
check-full:
	@seed=$${VETO_TEST_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "check-full: VETO_TEST_SCALE=4 VETO_TEST_SEED=$$seed"; \
	VETO_TEST_SCALE=4 VETO_TEST_SEED=$$seed \
	  $(MAKE) check MESON_TEST_ARGS=--timeout-multiplier=8 && \
	tests/valgrind.sh $(BUILD)

# libFuzzer on the three readers, FUZZ_TIME seconds each (clang).
fuzz: deps
	fuzz/run.sh $(FUZZ_TIME)

bench: $(BUILD_REL)/build.ninja
	ninja -C $(BUILD_REL)
	python3 bench/gen.py $(BUILD_REL)/bench/instances
	python3 bench/run.py --driver $(BUILD_REL)/bench/dp_bench $(BUILD_REL)/bench/instances
	python3 bench/composed.py $(BUILD_REL)/veto
	python3 bench/mc.py $(BUILD_REL)/veto
	python3 bench/blocs.py $(BUILD_REL)/veto $(BUILD_REL)/bench/instances

format:
	clang-format -i include/*.h src/*/*.[ch] tests/unit/*.c

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_REL) build-fuzz
