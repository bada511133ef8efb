#!/bin/sh
# tests/valgrind.sh: valgrind memcheck over the unit tests and the language
# cases (for `make check-full`). Any memcheck error or leak fails the run.
#
#   tests/valgrind.sh [BUILD]      BUILD: a plain (not sanitizer) build
#                                  directory, default build
# Logs go to $VALGRIND_LOG (default BUILD/valgrind).
#
# VETO_TEST_SCALE defaults to 0.1 here: memcheck is some 30 times slower than
# a plain run, and the randomised tests' coverage does not need the full
# iteration counts to find memory errors.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind.sh: valgrind not found (apt-get install valgrind)" >&2
    exit 2
fi
if nm "$BUILD/veto" 2>/dev/null | grep -q __asan_init; then
    echo "valgrind.sh: $BUILD is a sanitizer build; use a plain one" >&2
    exit 2
fi
export VETO_TEST_SCALE="${VETO_TEST_SCALE:-0.1}"
LOG="${VALGRIND_LOG:-$BUILD/valgrind}"
mkdir -p "$LOG"
# --errors-for-leak-kinds=definite,indirect: GMP and OpenMP keep reachable
# blocks to the end on purpose; those are not leaks of ours.
VG="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
 --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
 --track-origins=yes --num-callers=30 --quiet"

status=0
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] && [ -f "$t" ] || continue
    name=$(basename "$t")
    # shellcheck disable=SC2086
    if $VG --log-file="$LOG/$name.log" "$t" >"$LOG/$name.out" 2>&1; then
        echo "valgrind $name: ok"
    else
        echo "valgrind $name: FAILED (see $LOG/$name.log, $LOG/$name.out)"
        status=1
    fi
done

# The language cases, with the veto binary run under memcheck: a wrapper
# script stands in for the binary so run_lang.py needs no change.
wrap="$LOG/veto-under-valgrind"
cat >"$wrap" <<WRAP
#!/bin/sh
exec $VG --log-file="$LOG/lang.%p.log" "$BUILD/veto" "\$@"
WRAP
chmod +x "$wrap"
rm -f "$LOG"/lang.*.log
if python3 "$ROOT/tests/run_lang.py" "$wrap" "$ROOT/tests/lang" >"$LOG/lang.out" 2>&1; then
    echo "valgrind lang: cases ok"
else
    echo "valgrind lang: cases FAILED (see $LOG/lang.out)"
    status=1
fi
# The error exit code is swallowed by the cases' expected exit codes, so
# look for memcheck reports in the logs themselves.
bad=$(grep -l "ERROR SUMMARY: [1-9]\|definitely lost: [1-9]\|indirectly lost: [1-9]\|Invalid \|uninitialised" "$LOG"/lang.*.log 2>/dev/null || true)
if [ -n "$bad" ]; then
    echo "valgrind lang: memcheck errors in:"
    echo "$bad" | sed 's/^/  /'
    status=1
else
    echo "valgrind lang: no memcheck errors ($(ls "$LOG"/lang.*.log 2>/dev/null | wc -l) runs)"
fi
exit $status
