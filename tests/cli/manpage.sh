# manpage.sh - every option that a command's --help lists is documented in doc/reidrisk.1, and
# `reidrisk help CMD` is `reidrisk CMD --help`.
. "${TOP_SRCDIR}/tests/cli/lib.sh"
man=$(sed 's/\\-/-/g' "$TOP_SRCDIR/doc/reidrisk.1")
commands=$("$REIDRISK" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' | grep -v '^help$')
[ -n "$commands" ] && ok || fail "no commands listed by reidrisk --help"
for cmd in $commands; do
  "$REIDRISK" help "$cmd" > "$TMP/help1"
  "$REIDRISK" "$cmd" --help > "$TMP/help2"
  cmp -s "$TMP/help1" "$TMP/help2" && ok || fail "reidrisk help $cmd differs from $cmd --help"
  echo "$man" | grep -q "^\.B reidrisk $cmd\|^\.B $cmd\$" && ok || fail "command $cmd not in the man page"
  for opt in $(grep -o -- '--[a-z][a-z0-9-]*' "$TMP/help1" | sort -u | grep -v '^--help'); do
    echo "$man" | grep -q -- "$opt" && ok || fail "option $opt of $cmd is not in doc/reidrisk.1"
  done
done
run_status "$REIDRISK" --version
expect_eq "--version" "$(cat "$TMP/out")" "reidrisk $(sed -n 's/^AC_INIT(\[reidrisk\], \[\([^]]*\)\].*/\1/p' "$TOP_SRCDIR/configure.ac")"
run_status "$REIDRISK" frobnicate
expect_eq "unknown command status" "$status" 2
finish
