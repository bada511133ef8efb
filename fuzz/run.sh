#!/bin/sh
# fuzz/run.sh: build the libFuzzer harnesses and run them.
#
#   fuzz/run.sh DURATION     run each harness for DURATION seconds (default 60)
#   fuzz/run.sh --replay     only replay the corpora (for `make check`)
#   fuzz/run.sh --build      only build
#
# Builds with clang -fsanitize=fuzzer,address,undefined into build-fuzz/ by
# compiling the library sources directly (not the shared library, whose
# hidden symbols and separate instrumentation would blind the fuzzer).
# New inputs that grow coverage are kept in fuzz/corpus/NAME/; crashes,
# leaks and timeouts are written to build-fuzz/artifacts/NAME/ and make the
# script exit 1. Environment: CC (default clang), FUZZ_JOBS (parallel jobs per
# harness, default 1), FUZZ_PARALLEL (non-empty: run the harnesses at the
# same time), BUILD_FUZZ (default build-fuzz).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-clang}
OUT=${BUILD_FUZZ:-$ROOT/build-fuzz}
HARNESSES="veto json bare"
MODE=run
DURATION=60
case "${1:-}" in
    --replay) MODE=replay ;;
    --build) MODE=build ;;
    "") ;;
    *[!0-9]*) echo "usage: fuzz/run.sh [DURATION | --replay | --build]" >&2; exit 2 ;;
    *) DURATION=$1 ;;
esac

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "fuzz/run.sh: $CC not found (apt-get install clang)" >&2
    exit 2
fi

mkdir -p "$OUT/obj"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE -DVETO_BUILDING \
 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
 -I$ROOT/include -I$ROOT/src -w"
LIBS="$(pkg-config --libs gmp 2>/dev/null || echo -lgmp) $(pkg-config --libs jansson 2>/dev/null || echo -ljansson) -lm -lpthread"

# Compile the library once (only sources newer than their objects).
OBJS=""
for src in "$ROOT"/src/base/*.c "$ROOT"/src/model/*.c "$ROOT"/src/rule/*.c \
           "$ROOT"/src/exact/*.c "$ROOT"/src/sample/*.c "$ROOT"/src/analysis/*.c; do
    rel=${src#"$ROOT"/src/}
    obj="$OUT/obj/$(echo "$rel" | tr / _).o"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || \
       [ -n "$(find "$ROOT/src" "$ROOT/include" -name '*.h' -newer "$obj" 2>/dev/null | head -1)" ]; then
        # shellcheck disable=SC2086
        $CC $CFLAGS -c "$src" -o "$obj"
    fi
    OBJS="$OBJS $obj"
done
for h in $HARNESSES; do
    # shellcheck disable=SC2086
    $CC $CFLAGS -fsanitize=fuzzer -I"$ROOT/fuzz" "$ROOT/fuzz/fuzz_$h.c" $OBJS \
        $LIBS -o "$OUT/fuzz_$h"
done
[ "$MODE" = build ] && exit 0

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Fork mode with -ignore_*: one crash does not end the run; every distinct
# crash, leak, out-of-memory and timeout is kept as an artifact.
run_one() {
    echo "fuzz $1: $DURATION s"
    rc=0
    "$OUT/fuzz_$1" -fork="${FUZZ_JOBS:-1}" -ignore_crashes=1 -ignore_ooms=1 \
        -ignore_timeouts=1 -max_total_time="$DURATION" -max_len=65536 \
        -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
        -artifact_prefix="$OUT/artifacts/$1/" \
        "$ROOT/fuzz/corpus/$1" >"$OUT/fuzz_$1.log" 2>&1 || rc=1
    n=$(ls "$OUT/artifacts/$1" | wc -l)
    echo "fuzz $1: done, $n artifact(s) in $OUT/artifacts/$1 (log $OUT/fuzz_$1.log)"
    [ "$n" -eq 0 ] && [ $rc -eq 0 ]
}

status=0
for h in $HARNESSES; do
    corpus="$ROOT/fuzz/corpus/$h"
    mkdir -p "$corpus" "$OUT/artifacts/$h"
    if [ "$MODE" = replay ]; then
        # -runs=0 executes every corpus file once and exits non-zero on any
        # crash, leak or sanitizer report.
        "$OUT/fuzz_$h" -runs=0 -max_len=65536 -rss_limit_mb=2048 -timeout=30 \
            "$corpus" >"$OUT/replay_$h.log" 2>&1 || {
            echo "fuzz replay $h: FAILED (see $OUT/replay_$h.log)" >&2
            status=1
            continue
        }
        echo "fuzz replay $h: ok ($(ls "$corpus" | wc -l) inputs)"
    else
        run_one "$h" &
        [ -n "${FUZZ_PARALLEL:-}" ] || wait $! || status=1
    fi
done
if [ -n "${FUZZ_PARALLEL:-}" ]; then
    for j in $(jobs -p); do
        wait "$j" || status=1
    done
fi
exit $status
