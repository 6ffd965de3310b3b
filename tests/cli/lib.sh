# lib.sh - shared set-up for the end-to-end tests: strict shell, C locale, a temporary directory
# removed on exit, and small assertion helpers.  Each test sources this file.
set -eu
export LC_ALL=C
: "${REIDRISK:?REIDRISK must point at the reidrisk binary}"
: "${TEST_DATA_DIR:?}"
: "${TOP_SRCDIR:?}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/reidrisk-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

fail () { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok () { checks=$((checks + 1)); }

# expect_eq WHAT GOT WANT
expect_eq () { if [ "$2" = "$3" ]; then ok; else fail "$1: got '$2', want '$3'"; fi; }

# xpath FILE EXPR: the string value of an XPath expression over an XML file.
xpath () { xmllint --xpath "string($2)" "$1"; }

# expect_xpath FILE EXPR WANT
expect_xpath () { expect_eq "$2" "$(xpath "$1" "$2")" "$3"; }

# run_status CMD...: runs CMD, storing stdout in $TMP/out, stderr in $TMP/err, status in $status.
run_status () { status=0; "$@" >"$TMP/out" 2>"$TMP/err" || status=$?; }

# expect_error WANT_REGEX CMD...: the command exits 2 with one stderr line matching the regex.
expect_error () {
  want=$1; shift
  run_status "$@"
  expect_eq "exit status of $*" "$status" 2
  if grep -Eq -- "$want" "$TMP/err"; then ok; else fail "stderr of $*: '$(cat "$TMP/err")' does not match '$want'"; fi
  lines=$(grep -c '^reidrisk: ' "$TMP/err" || true)
  expect_eq "error lines of $*" "$lines" 1
}

finish () {
  if [ "$failures" -gt 0 ]; then echo "$failures of $((checks + failures)) checks failed" >&2; exit 1; fi
  echo "all $checks checks passed"
}
