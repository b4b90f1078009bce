#!/usr/bin/env bash
# Every libFuzzer target briefly (scripts/fuzz): first every stored input, the seeds of
# tests/fuzz/corpus/ and each crash kept in tests/fuzz/regressions/ (a fixed bug must
# stay fixed), then LDG_FUZZ_SMOKE_SECONDS (default 10) of fuzzing per target. Nothing
# is written into the source tree (--no-save, a temporary work directory).
#
# The targets need clang: from a build configured with clang and -DLDG_FUZZ=ON they are
# in $LDG_BIN/tests/fuzz; otherwise this test builds them standalone in
# $LDG_BIN/fuzz-standalone. Without clang the test is skipped (77), unless
# LEASELEDGER_TEST_REQUIRE_DB=1 (CI), which makes that a failure. No database is used.
set -euo pipefail

TEST_NAME=$(basename "$0" .sh)
fail()
{
    echo "FAIL: $TEST_NAME: $*" >&2
    exit 1
}
[[ -n "${LDG_BIN:-}" ]] || fail "LDG_BIN is not set (CMake sets it to the build directory)"
[[ -n "${LDG_SRC:-}" ]] || fail "LDG_SRC is not set (CMake sets it to the source tree)"

args=(--no-save)
if compgen -G "$LDG_BIN/tests/fuzz/fuzz_*" >/dev/null; then
    args+=(--bin "$LDG_BIN/tests/fuzz")
elif command -v clang >/dev/null 2>&1; then
    args+=(--build "$LDG_BIN/fuzz-standalone")
elif [[ "${LEASELEDGER_TEST_REQUIRE_DB:-}" == 1 ]]; then
    fail "clang is not installed (scripts/install-deps installs it)"
else
    echo "SKIP: $TEST_NAME: clang is not installed"
    exit 77
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ldg-$TEST_NAME.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
start=$SECONDS
rc=0
"$LDG_SRC/scripts/fuzz" "${args[@]}" --work "$TMP/work" "${LDG_FUZZ_SMOKE_SECONDS:-10}" || rc=$?
((rc == 0)) || fail "scripts/fuzz exited $rc (a stored input or a new one crashed a target; see above)"
echo "PASS: $TEST_NAME ($((SECONDS - start)) s)"
